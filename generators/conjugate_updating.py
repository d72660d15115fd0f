"""Conjugate Bayesian updating: Beta–Binomial, Gamma–Poisson and Normal–Normal.

Level 1 asks the posterior mean, level 2 the posterior mode (the MAP estimate, set against the
maximum-likelihood estimate), level 3 the posterior predictive — what the model says about the
next observation, which averages over the remaining uncertainty. The answer comes from the
conjugate update formulas with exact rationals. Verification never uses those formulas: it
integrates prior × likelihood numerically with Simpson's rule (posterior moments,
predictive probabilities) and finds the mode by maximising the unnormalised log posterior on a fine grid
refined by golden-section search.
"""

from __future__ import annotations

import math

import numpy as np
import sympy as sp

from osmose import numeric
from osmose.family import Checking, Evidence, Family, Mistake, Param, Problem, Reject, Step
from osmose.mathtext import tex, uni

R = sp.Rational
CHECKING = Checking()
SAY = CHECKING.statement()

LEVELS = {
    1: "the posterior mean after the data",
    2: "the posterior mode (MAP), against the maximum-likelihood estimate",
    3: "the posterior predictive: a probability (or variance) for the next observation",
}


def _frac(v) -> str:
    return str(sp.nsimplify(v))


# --- Beta–Binomial ----------------------------------------------------------------------------

def _beta_binomial(rng, level):
    a, b = rng.randint(1, 6), rng.randint(1, 6)
    n = rng.randint(4, 20)
    k = rng.randint(0, n)
    a1, b1 = a + k, b + n - k
    prior = rf"\(\theta \sim \mathrm{{Beta}}({a}, {b})\)"
    prior_text = f"θ ~ Beta({a}, {b})"
    data = f"{k} successes in {n} independent Bernoulli(θ) trials"
    update = Step("Conjugacy: add the successes to a and the failures to b.",
                  rf"\theta \mid \text{{data}} \sim \mathrm{{Beta}}({a} + {k},\ {b} + {n - k}) = "
                  rf"\mathrm{{Beta}}({a1}, {b1})",
                  f"θ | data ~ Beta({a} + {k}, {b} + {n - k}) = Beta({a1}, {b1})")
    if level == 1:
        answer = R(a1, a1 + b1)
        ask, ask_text = r"the posterior mean \(\mathbb{E}[\theta \mid \text{data}]\)", \
            "the posterior mean E[θ | data]"
        steps = [update, Step("The mean of Beta(α, β) is α/(α + β).",
                              rf"\mathbb{{E}}[\theta \mid \text{{data}}] = \frac{{{a1}}}{{{a1 + b1}}}",
                              f"E[θ | data] = {a1}/{a1 + b1}")]
        cands = [("maximum likelihood", R(k, n), "k/n is the maximum-likelihood estimate: it ignores "
                  f"the prior, which adds {a} pseudo-successes and {b} pseudo-failures."),
                 ("prior mean", R(a, a + b), "That is the prior mean: update it with the data."),
                 ("successes and failures swapped", R(b1, a1 + b1),
                  "Successes update the first Beta parameter, failures the second.")]
    elif level == 2:
        if a1 + b1 <= 2 or a1 < 1 or b1 < 1 or (a1 == 1 and b1 == 1):
            raise Reject("no interior mode")
        if a1 == 1 or b1 == 1:
            raise Reject("mode on the boundary")
        answer = R(a1 - 1, a1 + b1 - 2)
        ask, ask_text = r"the MAP estimate of \(\theta\) (the posterior mode)", \
            "the MAP estimate of θ (the posterior mode)"
        steps = [update, Step("For α, β > 1 the mode of Beta(α, β) is (α − 1)/(α + β − 2).",
                              rf"\hat\theta_{{\mathrm{{MAP}}}} = \frac{{{a1} - 1}}{{{a1} + {b1} - 2}} = {tex(answer)}",
                              f"θ̂_MAP = ({a1} − 1)/({a1} + {b1} − 2) = {uni(answer)}")]
        cands = [("posterior mean", R(a1, a1 + b1), "That is the posterior mean; the MAP is the "
                  "posterior's mode, (α − 1)/(α + β − 2)."),
                 ("maximum likelihood", R(k, n), "k/n maximises the likelihood alone; the MAP "
                  "maximises likelihood × prior.")]
    else:
        answer = R(a1 * (a1 + 1), (a1 + b1) * (a1 + b1 + 1))
        ask = r"the posterior predictive probability that the next two trials are both successes"
        ask_text = "the posterior predictive probability that the next two trials are both successes"
        m = R(a1, a1 + b1)
        steps = [update,
                 Step("Average θ² over the posterior: E[θ²] for Beta(α, β) is α(α + 1)/((α + β)(α + β + 1)).",
                      rf"P(\text{{two successes}}) = \mathbb{{E}}[\theta^2 \mid \text{{data}}] = "
                      rf"\frac{{{a1}\cdot {a1 + 1}}}{{{a1 + b1}\cdot {a1 + b1 + 1}}} = {tex(answer)}",
                      f"P(two successes) = E[θ² | data] = {a1}·{a1 + 1}/({a1 + b1}·{a1 + b1 + 1}) = {uni(answer)}")]
        cands = [("plug-in", m**2, "Squaring the posterior mean plugs in one θ; the predictive "
                  "averages θ² over the posterior, and E[θ²] > E[θ]²."),
                 ("maximum likelihood plug-in", R(k, n)**2, "That plugs the MLE into θ²: the "
                  "predictive averages over the posterior instead.")]
    prompt_tex = (rf"A coin has unknown success probability \(\theta\) with prior {prior}. "
                  rf"You observe {data}. Find {ask}. {SAY}")
    prompt_text = f"A coin has unknown success probability θ with prior {prior_text}. " \
                  f"You observe {data}. Find {ask_text}. {SAY}"
    given = {"model": "beta_binomial", "level": level, "a": a, "b": b, "n": n, "k": k}
    return prompt_tex, prompt_text, answer, steps, cands, given


# --- Gamma–Poisson ----------------------------------------------------------------------------

def _gamma_poisson(rng, level):
    alpha, beta = rng.randint(1, 6), rng.randint(1, 4)
    counts = [rng.randint(0, 8) for _ in range(rng.randint(3, 6))]
    n, s = len(counts), sum(counts)
    a1, b1 = alpha + s, beta + n
    prior = rf"\(\lambda \sim \mathrm{{Gamma}}(\alpha = {alpha}, \beta = {beta})\) (shape \(\alpha\), " \
            rf"rate \(\beta\): density \(\propto \lambda^{{\alpha - 1}} e^{{-\beta\lambda}}\))"
    prior_text = f"λ ~ Gamma(α = {alpha}, β = {beta}) (shape α, rate β: density ∝ λ^(α−1)·e^(−βλ))"
    shown = ", ".join(str(c) for c in counts)
    update = Step("Conjugacy: add the total count to α and the number of observations to β.",
                  rf"\lambda \mid \text{{data}} \sim \mathrm{{Gamma}}({alpha} + {s},\ {beta} + {n}) = "
                  rf"\mathrm{{Gamma}}({a1}, {b1})",
                  f"λ | data ~ Gamma({alpha} + {s}, {beta} + {n}) = Gamma({a1}, {b1})")
    if level == 1:
        answer = R(a1, b1)
        ask, ask_text = r"the posterior mean \(\mathbb{E}[\lambda \mid \text{data}]\)", \
            "the posterior mean E[λ | data]"
        steps = [update, Step("The mean of Gamma(α, β) (rate β) is α/β.",
                              rf"\mathbb{{E}}[\lambda \mid \text{{data}}] = \frac{{{a1}}}{{{b1}}} = {tex(answer)}",
                              f"E[λ | data] = {a1}/{b1} = {uni(answer)}")]
        cands = [("maximum likelihood", R(s, n), "The sample mean is the maximum-likelihood "
                  "estimate: it ignores the prior."),
                 ("rate not updated", R(a1, beta + 1), f"β grows by the number of observations ({n}), "
                  "not by 1."),
                 ("rate read as scale", sp.Integer(a1 * b1),
                  "With rate β the mean is α/β, not α·β.")]
    elif level == 2:
        if a1 <= 1:
            raise Reject("mode at 0")
        answer = R(a1 - 1, b1)
        ask, ask_text = r"the MAP estimate of \(\lambda\) (the posterior mode)", \
            "the MAP estimate of λ (the posterior mode)"
        steps = [update, Step("For α > 1 the mode of Gamma(α, β) is (α − 1)/β.",
                              rf"\hat\lambda_{{\mathrm{{MAP}}}} = \frac{{{a1} - 1}}{{{b1}}} = {tex(answer)}",
                              f"λ̂_MAP = ({a1} − 1)/{b1} = {uni(answer)}")]
        cands = [("posterior mean", R(a1, b1), "That is the posterior mean α/β; the mode is (α − 1)/β."),
                 ("maximum likelihood", R(s, n), "The sample mean maximises the likelihood alone; the "
                  "MAP maximises likelihood × prior.")]
    else:
        answer = R(b1, b1 + 1) ** a1
        ask = r"the posterior predictive probability that the next count is 0"
        ask_text = "the posterior predictive probability that the next count is 0"
        steps = [update,
                 Step("Average the Poisson probability e^(−λ) of a zero over the posterior "
                      "(the Gamma moment generating function).",
                      rf"P(X_{{\mathrm{{new}}}} = 0) = \mathbb{{E}}[e^{{-\lambda}}] = "
                      rf"\left(\frac{{{b1}}}{{{b1} + 1}}\right)^{{{a1}}} = {tex(answer)}",
                      f"P(X_new = 0) = E[e^(−λ)] = ({b1}/({b1} + 1))^{a1} = {uni(answer)}")]
        cands = [("plug-in", sp.exp(-R(a1, b1)), "e^(−E[λ]) plugs in the posterior mean; the "
                  "predictive averages e^(−λ) over the posterior (and is larger, by Jensen)."),
                 ("maximum likelihood plug-in", sp.exp(-R(s, n)), "That plugs the sample mean into "
                  "e^(−λ): the predictive averages over the posterior instead.")]
    prompt_tex = (rf"Counts are Poisson(\(\lambda\)) with prior {prior}. You observe the counts "
                  rf"\({shown}\). Find {ask}. {SAY}")
    prompt_text = f"Counts are Poisson(λ) with prior {prior_text}. You observe the counts " \
                  f"{shown}. Find {ask_text}. {SAY}"
    given = {"model": "gamma_poisson", "level": level, "alpha": alpha, "beta": beta, "counts": counts}
    return prompt_tex, prompt_text, answer, steps, cands, given


# --- Normal–Normal ----------------------------------------------------------------------------

def _normal_normal(rng, level):
    mu0 = rng.randint(-5, 5)
    tau2 = rng.choice((1, 2, 4, 9))
    sigma2 = rng.choice((1, 2, 4, 9, 16))
    n = rng.randint(2, 8)
    if level == 2:  # the raw observations: the learner forms x̄ too
        xs = [rng.randint(-9, 12) for _ in range(n)]
        xbar = R(sum(xs), n)
    else:
        xs = None
        xbar = R(rng.randint(-40, 40), rng.choice((1, 2, 4)))
    if xbar == mu0:
        raise Reject("data agree with the prior mean")
    prec = R(1, tau2) + R(n, sigma2)
    mean = (R(mu0, tau2) + n * xbar / sigma2) / prec
    var = 1 / prec
    prior = rf"\(\mu \sim \mathcal{{N}}({mu0}, {tau2})\) (mean {mu0}, variance {tau2})"
    prior_text = f"μ ~ N({mu0}, {tau2}) (mean {mu0}, variance {tau2})"
    noise_tex = rf"\(x_i \sim \mathcal{{N}}(\mu, {sigma2})\) (variance \({sigma2}\), known)"
    noise_text = f"xᵢ ~ N(μ, {sigma2}) (variance {sigma2}, known)"
    if xs is None:
        data_tex = rf"\(n = {n}\) observations {noise_tex} with sample mean \(\bar x = {tex(xbar)}\)"
        data_text = f"n = {n} observations {noise_text} with sample mean x̄ = {uni(xbar)}"
    else:
        data_tex = rf"the observations \({', '.join(map(str, xs))}\), each {noise_tex}"
        data_text = f"the observations {', '.join(map(str, xs))}, each {noise_text}"
    mean_step = [Step("Average the observations.", rf"\bar x = {tex(xbar)}", f"x̄ = {uni(xbar)}")] if xs else []
    precision = Step("Precisions add: prior precision 1/τ² plus n/σ² from the data.",
                     rf"\frac{{1}}{{\tau_n^2}} = \frac{{1}}{{{tau2}}} + \frac{{{n}}}{{{sigma2}}} = {tex(prec)}",
                     f"1/τₙ² = 1/{tau2} + {n}/{sigma2} = {uni(prec)}")
    if level in (1, 2):
        answer = mean
        ask = r"the posterior mean of \(\mu\)" if level == 1 else \
            r"the MAP estimate of \(\mu\)"
        ask_text = "the posterior mean of μ" if level == 1 else "the MAP estimate of μ"
        steps = mean_step + [precision,
                 Step("The posterior mean is the precision-weighted average of the prior mean and x̄"
                      + (" (a Gaussian posterior's mode equals its mean)." if level == 2 else "."),
                      rf"\mu_n = \tau_n^2\left(\frac{{{mu0}}}{{{tau2}}} + \frac{{{n}\cdot {tex(xbar)}}}{{{sigma2}}}\right) = {tex(mean)}",
                      f"μₙ = τₙ²·({mu0}/{tau2} + {n}·{uni(xbar)}/{sigma2}) = {uni(mean)}")]
        cands = [("maximum likelihood", xbar, "x̄ is the maximum-likelihood estimate: the prior pulls "
                  "it towards the prior mean."),
                 ("equal weights", (mu0 + xbar) / 2, "Weight the prior mean and x̄ by their precisions "
                  f"(1/{tau2} and {n}/{sigma2}), not equally."),
                 ("one observation", (R(mu0, tau2) + xbar / sigma2) / (R(1, tau2) + R(1, sigma2)),
                  f"x̄ averages {n} observations: its precision is n/σ², not 1/σ².")]
    else:
        answer = var + sigma2
        ask = r"the variance of the posterior predictive distribution of the next observation \(x_{\mathrm{new}}\)"
        ask_text = "the variance of the posterior predictive distribution of the next observation x_new"
        steps = [precision,
                 Step("x_new = μ + noise: the posterior variance of μ plus the noise variance σ².",
                      rf"\operatorname{{Var}}(x_{{\mathrm{{new}}}} \mid \text{{data}}) = \tau_n^2 + \sigma^2 = "
                      rf"{tex(var)} + {sigma2} = {tex(answer)}",
                      f"Var(x_new | data) = τₙ² + σ² = {uni(var)} + {sigma2} = {uni(answer)}")]
        cands = [("parameter uncertainty only", var, "That is the posterior variance of μ; a new "
                  "observation adds the noise variance σ²."),
                 ("noise only", sp.Integer(sigma2), "σ² ignores the remaining uncertainty about μ: "
                  "add the posterior variance τₙ²."),
                 ("variances not combined as precisions", sp.Integer(tau2) + sigma2,
                  "τ² is the prior variance; after the data the variance of μ is τₙ² = 1/(1/τ² + n/σ²).")]
    prompt_tex = rf"The mean \(\mu\) has prior {prior}. You see {data_tex}. Find {ask}. {SAY}"
    prompt_text = f"The mean μ has prior {prior_text}. You see {data_text}. Find {ask_text}. {SAY}"
    given = {"model": "normal_normal", "level": level, "mu0": mu0, "tau2": tau2, "sigma2": sigma2,
             "n": n, "xbar": str(xbar)}
    if xs:
        given["observations"] = xs
    return prompt_tex, prompt_text, answer, steps, cands, given


MODELS = {"beta_binomial": _beta_binomial, "gamma_poisson": _gamma_poisson,
          "normal_normal": _normal_normal}


def generate(rng, params) -> Problem:
    prompt_tex, prompt_text, answer, steps, cands, given = MODELS[params["model"]](rng, params["level"])
    mistakes = tuple(Mistake(name, sp.nsimplify(value) if not isinstance(value, sp.Basic) else value,
                             feedback) for name, value, feedback in cands)
    return Problem(prompt_tex, prompt_text, answer, "number", tuple(steps), given, CHECKING, mistakes)


# --- verification: numerical integration of prior × likelihood --------------------------------

def _log_post(given):
    """The unnormalised log posterior (prior × likelihood, term by term from the raw data) as a
    numpy function, and its support."""
    model = given["model"]

    def log(x, c=1):  # c·log x, with 0·log 0 = 0 and log 0 = −∞ otherwise
        with np.errstate(divide="ignore"):
            return 0 if c == 0 else c * np.log(x)

    if model == "beta_binomial":
        a, b, n, k = given["a"], given["b"], given["n"], given["k"]
        return (lambda t: log(t, a - 1) + log(1 - t, b - 1) + log(t, k) + log(1 - t, n - k)), (0.0, 1.0)
    if model == "gamma_poisson":
        al, be, xs = given["alpha"], given["beta"], given["counts"]
        return (lambda l: log(l, al - 1) - be * l + sum(log(l, x) - l for x in xs)), (0.0, math.inf)
    mu0, tau2, s2, n = given["mu0"], given["tau2"], given["sigma2"], given["n"]
    xs = given.get("observations")
    if xs is None:  # only x̄ is given: the likelihood through the sufficient statistic
        xbar = float(sp.Rational(given["xbar"]))
        return (lambda m: -(m - mu0) ** 2 / (2 * tau2) - n * (xbar - m) ** 2 / (2 * s2)), (-math.inf, math.inf)
    return (lambda m: -(m - mu0) ** 2 / (2 * tau2)
            - sum((x - m) ** 2 for x in xs) / (2 * s2)), (-math.inf, math.inf)


def _mode(given) -> float:
    """Grid search, then golden-section refinement of the log posterior."""
    logp, (lo, hi) = _log_post(given)
    lo_f, hi_f = max(lo, -1e3), min(hi, 1e3)
    grid = np.linspace(lo_f, hi_f, 4001)
    best = int(np.argmax(logp(grid)))
    return numeric.golden_max(logp, grid[max(best - 1, 0)], grid[min(best + 1, len(grid) - 1)])


def _expect(given, g) -> float:
    """E[g] under the posterior: Simpson's rule on the region where prior × likelihood is
    within e⁻⁶⁰ of its peak (found by stepping out from the mode)."""
    logp, (lo, hi) = _log_post(given)
    mode = _mode(given)
    top = logp(mode)
    ends = []
    for sign, bound in ((-1, lo), (1, hi)):
        step = 1e-3
        while True:
            x = mode + sign * step
            if (sign < 0 and x <= bound) or (sign > 0 and x >= bound):
                ends.append(bound)
                break
            if logp(x) < top - 60:
                ends.append(x)
                break
            step *= 2
    t = np.linspace(ends[0], ends[1], 20001)
    w = np.exp(logp(t) - top)
    simpson = np.ones_like(t)
    simpson[1:-1:2], simpson[2:-1:2] = 4, 2
    return float(np.sum(simpson * g(t) * w) / np.sum(simpson * w))


def verify(given, answer) -> Evidence:
    model, level = given["model"], given["level"]
    if level == 2:
        err = numeric.require_close(_mode(given), float(answer), "posterior mode (golden-section search)",
                                    rel=1e-6, floor=1e-7)
        return Evidence("numerical maximisation", "golden-section search on the unnormalised log "
                        "posterior (prior × likelihood)", err)
    if level == 1:
        value, what = _expect(given, lambda t: t), "posterior mean"
    elif model == "beta_binomial":
        value, what = _expect(given, lambda t: t * t), "E[θ²]"
    elif model == "gamma_poisson":
        value, what = _expect(given, lambda t: np.exp(-t)), "E[e^(−λ)]"
    else:
        m = _expect(given, lambda t: t)
        value, what = _expect(given, lambda t: (t - m) ** 2) + given["sigma2"], "posterior variance + σ²"
    err = numeric.require_close(value, float(answer), what, rel=1e-7)
    return Evidence("Simpson quadrature", f"{what} by integrating prior × likelihood numerically", err)


FAMILY = Family(
    name="conjugate_updating", version=1, title="Conjugate Bayesian updating",
    summary="Posterior mean, MAP and posterior predictive for Beta–Binomial, Gamma–Poisson and "
            "Normal–Normal models.",
    params={"model": Param("beta_binomial", tuple(MODELS), "the conjugate pair"),
            "level": Param(1, (1, 2, 3), "1: posterior mean; 2: MAP vs ML; 3: posterior predictive")},
    levels=LEVELS, generate=generate, verify=verify,
)
