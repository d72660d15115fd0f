"""Confidence against credible intervals for a normal mean with known σ.

Level 1: the 95 % confidence interval x̄ ± 1.96·σ/√n (the noise given as a standard deviation
or as a variance). Level 2: the 95 % equal-tailed credible interval under a N(μ₀, τ²) prior from
raw observations: the posterior is N(μₙ, τₙ²) with 1/τₙ² = 1/τ² + n/σ², and the interval is
μₙ ± 1.96·τₙ. Level 3: both intervals are given; which one licenses a statement — a correct
reading of the confidence interval, of the credible interval, or neither (the classic misreadings:
"95 % probability that μ is in this confidence interval", "95 % of new measurements fall in
it", a credible interval read as a coverage guarantee)? The three verdicts are drawn equally often.

Answers are exact (surds, with 1.96 = 49/25). Verification goes through the meaning of the
intervals, not their formulas: the confidence interval's coverage 2Φ(h√n/σ) − 1 by erf and its
centre from the data; the credible interval's posterior mass and equal tails by Simpson
quadrature of prior × likelihood (from the raw data); and each level-3 statement is evaluated
numerically — the posterior mass of the cited interval, the worst-case coverage of the rule that
produced it over a grid of true means, the probability that a new measurement lands in it.
"""

from __future__ import annotations

import math

import numpy as np
import sympy as sp

from osmose import numeric
from osmose.family import Checking, Evidence, Family, Mistake, Param, Problem, Reject, Step, \
    VerificationError
from osmose.mathtext import tex, uni

R = sp.Rational
Z = R(49, 25)          # 1.96
CHECKING = Checking()
CHOICES = ("confidence interval", "credible interval", "neither")
READING = Checking(choices=CHOICES)
LEVELS = {1: "the 95 % confidence interval x̄ ± 1.96σ/√n",
          2: "the 95 % credible interval under a normal prior, from raw data",
          3: "which interval licenses a statement (confidence, credible, neither)"}


def _dec(r, places=1) -> str:
    return f"{float(r):.{places}f}"


def _phi(x: float) -> float:
    return 0.5 * (1 + math.erf(x / math.sqrt(2)))


def _noise(rng):
    sigma = rng.choice((1, 2, 3, 4, 5, 6, 8, 10))
    as_var = rng.random() < 0.5 and sigma > 1
    if as_var:
        return sigma, rf"known variance \(\sigma^2 = {sigma * sigma}\)", f"known variance σ² = {sigma * sigma}", True
    return sigma, rf"known standard deviation \(\sigma = {sigma}\)", f"known standard deviation σ = {sigma}", False


def _confidence(rng):
    sigma, noise_t, noise_x, as_var = _noise(rng)
    n = rng.choice((4, 5, 6, 8, 9, 10, 12, 16, 20, 25, 30, 36, 40, 49, 50, 64, 100))
    xbar = R(rng.randint(-300, 300), 10)
    half = Z * sigma / sp.sqrt(n)
    answer = (xbar - half, xbar + half)
    prompt_tex = (rf"\(n = {n}\) independent measurements \(x_i \sim \mathcal{{N}}(\mu, \sigma^2)\) with {noise_t} have "
                  rf"sample mean \(\bar x = {_dec(xbar)}\). Find the 95 % confidence interval for \(\mu\) "
                  rf"(use \(z = 1.96\)), as (lower end, upper end). {CHECKING.statement()}")
    prompt_text = (f"n = {n} independent measurements xᵢ ~ N(μ, σ²) with {noise_x} have sample mean x̄ = {_dec(xbar)}. "
                   f"Find the 95 % confidence interval for μ (use z = 1.96), as (lower end, upper end). "
                   f"{CHECKING.statement()}")
    steps = [Step("The standard error of x̄ is σ/√n" + (f" (σ = √{sigma * sigma} = {sigma})." if as_var else "."),
                  rf"\frac{{\sigma}}{{\sqrt n}} = \frac{{{sigma}}}{{\sqrt{{{n}}}}} = {tex(sigma / sp.sqrt(n))}",
                  f"σ/√n = {sigma}/√{n} = {uni(sigma / sp.sqrt(n))}"),
             Step("Go 1.96 standard errors either side of x̄: over repeated samples this rule covers μ 95 % of the time.",
                  rf"{_dec(xbar)} \pm 1.96\cdot {tex(sigma / sp.sqrt(n))} = \left({tex(answer[0])},\ {tex(answer[1])}\right)",
                  f"{_dec(xbar)} ± 1.96·{uni(sigma / sp.sqrt(n))} = ({uni(answer[0])}, {uni(answer[1])})")]
    cands = [("σ, not σ/√n", (xbar - Z * sigma, xbar + Z * sigma),
              f"The interval is for the mean of {n} measurements: use the standard error σ/√n, not σ."),
             ("σ/n", (xbar - Z * sigma / n, xbar + Z * sigma / n), "The standard error is σ/√n, not σ/n."),
             ("90 % quantile", (xbar - R(329, 200) * sigma / sp.sqrt(n), xbar + R(329, 200) * sigma / sp.sqrt(n)),
              "1.645 leaves 5 % in each tail (a 90 % interval); 95 % needs 1.96.")]
    if as_var:
        cands.insert(0, ("variance used as σ", (xbar - Z * sigma ** 2 / sp.sqrt(n), xbar + Z * sigma ** 2 / sp.sqrt(n)),
                         f"σ² = {sigma * sigma} is the variance; the standard deviation is σ = {sigma}."))
    given = {"level": 1, "n": n, "sigma": sigma, "xbar": str(xbar)}
    return prompt_tex, prompt_text, answer, "tuple", steps, cands, given, CHECKING


def _conjugate(mu0, tau2, sigma2, n, xbar):
    prec = R(1, tau2) + R(n, sigma2)
    return (R(mu0, tau2) + n * xbar / sigma2) / prec, 1 / prec


def _credible(rng):
    sigma2 = rng.choice((1, 4, 9, 16, 25))
    tau2 = rng.choice((1, 2, 4, 9))
    mu0 = rng.randint(-5, 5)
    n = rng.randint(3, 7)
    xs = [rng.randint(-10, 15) for _ in range(n)]
    xbar = R(sum(xs), n)
    if xbar == mu0:
        raise Reject("the data agree with the prior mean")
    mean, var = _conjugate(mu0, tau2, sigma2, n, xbar)
    sd = sp.sqrt(var)
    answer = (mean - Z * sd, mean + Z * sd)
    prompt_tex = (rf"Measurements \(x_i \sim \mathcal{{N}}(\mu, \sigma^2)\) with known variance \(\sigma^2 = {sigma2}\) "
                  rf"came out \({', '.join(map(str, xs))}\). The prior is \(\mu \sim \mathcal{{N}}({mu0}, {tau2})\) "
                  rf"(mean {mu0}, variance {tau2}). Find the 95 % equal-tailed credible interval for \(\mu\) "
                  rf"(use \(z = 1.96\)), as (lower end, upper end). {CHECKING.statement()}")
    prompt_text = (f"Measurements xᵢ ~ N(μ, σ²) with known variance σ² = {sigma2} came out {', '.join(map(str, xs))}. "
                   f"The prior is μ ~ N({mu0}, {tau2}) (mean {mu0}, variance {tau2}). Find the 95 % equal-tailed "
                   f"credible interval for μ (use z = 1.96), as (lower end, upper end). {CHECKING.statement()}")
    steps = [Step("Average the data.", rf"\bar x = {tex(xbar)}", f"x̄ = {uni(xbar)}"),
             Step("Precisions add; the posterior mean weighs μ₀ and x̄ by their precisions.",
                  rf"\frac{{1}}{{\tau_n^2}} = \frac{{1}}{{{tau2}}} + \frac{{{n}}}{{{sigma2}}} = {tex(1 / var)},\quad "
                  rf"\mu_n = \tau_n^2\left(\frac{{{mu0}}}{{{tau2}}} + \frac{{{n}\bar x}}{{{sigma2}}}\right) = {tex(mean)}",
                  f"1/τₙ² = 1/{tau2} + {n}/{sigma2} = {uni(1 / var)}, μₙ = τₙ²·({mu0}/{tau2} + {n}x̄/{sigma2}) = {uni(mean)}"),
             Step("The posterior is N(μₙ, τₙ²): cut 2.5 % from each tail, 1.96 posterior standard deviations from μₙ.",
                  rf"{tex(mean)} \pm 1.96\cdot {tex(sd)} = \left({tex(answer[0])},\ {tex(answer[1])}\right)",
                  f"{uni(mean)} ± 1.96·{uni(sd)} = ({uni(answer[0])}, {uni(answer[1])})")]
    se = sp.sqrt(R(sigma2, n))
    cands = [("the confidence interval", (xbar - Z * se, xbar + Z * se),
              "x̄ ± 1.96σ/√n is the confidence interval — the credible interval under a flat prior. This prior "
              f"pulls the centre towards {mu0} and narrows the interval."),
             ("prior width kept", (mean - Z * sp.sqrt(tau2), mean + Z * sp.sqrt(tau2)),
              "After the data the spread of μ is the posterior τₙ, not the prior τ."),
             ("centred on x̄", (xbar - Z * sd, xbar + Z * sd),
              f"The posterior mean is μₙ = {uni(mean)}, between the prior mean and x̄, not x̄ itself.")]
    if var != 1:
        cands.append(("variance for standard deviation", (mean - Z * var, mean + Z * var),
                      "1.96 multiplies the posterior standard deviation τₙ = √(τₙ²)."))
    given = {"level": 2, "observations": xs, "sigma2": sigma2, "mu0": mu0, "tau2": tau2}
    return prompt_tex, prompt_text, answer, "tuple", steps, cands, given, CHECKING


# --- level 3: which interval licenses the statement ----------------------------------------------

STATEMENTS = {
    "posterior": ("Given these data and the prior, there is a 95 % probability that μ lies in {I}.",
                  r"Given these data and the prior, there is a 95 % probability that \(\mu\) lies in \({I}\)."),
    "coverage": ("The rule that produced {I}, applied to many repeated samples of {n} measurements, gives intervals "
                 "that contain the true μ 95 % of the time, whatever the value of μ.",
                 r"The rule that produced \({I}\), applied to many repeated samples of {n} measurements, gives "
                 r"intervals that contain the true \(\mu\) 95 % of the time, whatever the value of \(\mu\)."),
    "new_point": ("A new measurement will fall in {I} with probability 0.95.",
                  r"A new measurement will fall in \({I}\) with probability 0.95."),
    "fixed": ("μ is a fixed constant, and the probability that this particular interval {I} contains it is 0.95.",
              r"\(\mu\) is a fixed constant, and the probability that this particular interval \({I}\) contains it "
              r"is 0.95."),
}


def _interval_text(lo, hi) -> tuple[str, str]:
    return rf"[{lo:.2f}, {hi:.2f}]".replace("-", "−"), f"[{lo:.2f}, {hi:.2f}]".replace("-", "−")


def _reading(rng):
    verdict = rng.choice(CHOICES)
    sigma = rng.choice((2, 3, 4, 5, 6, 8, 10))
    n = rng.choice((4, 9, 16, 25, 36))
    mu0 = rng.randint(-5, 5)
    tau2 = rng.choice((1, 2, 4, 9))
    xbar = R(rng.randint(-100, 100), 10)
    mean, var = _conjugate(mu0, tau2, sigma * sigma, n, xbar)
    se = sigma / math.sqrt(n)
    conf = (float(xbar) - 1.96 * se, float(xbar) + 1.96 * se)
    cred = (float(mean) - 1.96 * math.sqrt(var), float(mean) + 1.96 * math.sqrt(var))
    # the misreading of the confidence interval must be visibly false under this prior
    m, s = float(mean), math.sqrt(float(var))
    mass_conf = _phi((conf[1] - m) / s) - _phi((conf[0] - m) / s)
    if abs(mass_conf - 0.95) < 0.05 or abs(conf[0] - cred[0]) < 0.1:
        raise Reject("the prior barely matters: the two intervals nearly coincide")
    if verdict == "confidence interval":
        claim, cited = "coverage", "conf"
    elif verdict == "credible interval":
        claim, cited = "posterior", "cred"
    else:
        claim, cited = rng.choice((("posterior", "conf"), ("coverage", "cred"), ("new_point", "conf"),
                                   ("new_point", "cred"), ("fixed", "conf")))
    lo, hi = conf if cited == "conf" else cred
    i_t, i_x = _interval_text(lo, hi)
    text_x, text_t = STATEMENTS[claim]
    c_t, c_x = _interval_text(*conf)
    r_t, r_x = _interval_text(*cred)
    say = READING.statement()
    setup_t = (rf"\(n = {n}\) measurements \(x_i \sim \mathcal{{N}}(\mu, \sigma^2)\) with known \(\sigma = {sigma}\) have "
               rf"mean \(\bar x = {_dec(xbar)}\). The 95 % confidence interval \(\bar x \pm 1.96\sigma/\sqrt n\) is "
               rf"\({c_t}\); with the prior \(\mu \sim \mathcal{{N}}({mu0}, {tau2})\) (variance {tau2}) the 95 % "
               rf"equal-tailed credible interval is \({r_t}\).")
    setup_x = (f"n = {n} measurements xᵢ ~ N(μ, σ²) with known σ = {sigma} have mean x̄ = {_dec(xbar)}. The 95 % "
               f"confidence interval x̄ ± 1.96σ/√n is {c_x}; with the prior μ ~ N({mu0}, {tau2}) (variance {tau2}) "
               f"the 95 % equal-tailed credible interval is {r_x}.")
    ask = ("Is it a correct reading of the confidence interval, a correct reading of the credible interval, or "
           "neither?")
    prompt_tex = f"{setup_t} Statement: “{text_t.format(I=i_t, n=n)}” {ask} {say}"
    prompt_text = f"{setup_x} Statement: “{text_x.format(I=i_x, n=n)}” {ask} {say}"
    mass = _phi((hi - m) / s) - _phi((lo - m) / s)
    why = {
        ("coverage", "conf"): "The 95 % of a confidence interval is a property of the rule x̄ ± 1.96σ/√n: over repeated "
                              "samples it covers μ 95 % of the time, for every μ.",
        ("posterior", "cred"): "A credible interval is read in the posterior: given the data and the prior, μ lies in "
                               "it with probability 0.95.",
        ("posterior", "conf"): f"Under this prior the posterior probability of the confidence interval is {mass:.3f}, "
                               "not 0.95 (it would be 0.95 only under a flat prior); and the confidence interval's 95 % "
                               "is the coverage of its rule, not a probability about this interval.",
        ("coverage", "cred"): "The credible rule shrinks x̄ towards the prior mean: when the true μ is far from "
                              f"{mu0} its intervals miss μ much more than 5 % of the time, so it has no 95 % coverage "
                              "guarantee for every μ.",
        ("new_point", "conf"): "Both intervals are about μ, the mean. A single new measurement has spread σ (plus the "
                               "uncertainty about μ), so it lands in an interval this narrow far less than 95 % of the time.",
        ("new_point", "cred"): "Both intervals are about μ, the mean. A single new measurement has spread σ (plus the "
                               "uncertainty about μ), so it lands in an interval this narrow far less than 95 % of the time.",
        ("fixed", "conf"): "If μ is a fixed constant, this particular interval either contains it or not: the "
                           "probability is 0 or 1. The 95 % belongs to the rule over repeated samples.",
    }[(claim, cited)]
    steps = [Step(why, rf"\text{{Answer: {verdict}}}", f"Answer: {verdict}")]
    wrong = {
        "confidence interval": "A confidence interval licenses only a statement about its rule's coverage over "
                               "repeated samples, for every μ. " + why,
        "credible interval": "A credible interval licenses a probability for μ given the data and the prior, for "
                             "the credible interval itself. " + why,
        "neither": "This statement is a correct reading: " + why,
    }
    cands = [(c, c, wrong[c]) for c in CHOICES if c != verdict]
    given = {"level": 3, "n": n, "sigma": sigma, "xbar": str(xbar), "mu0": mu0, "tau2": tau2, "claim": claim,
             "interval": [round(lo, 2), round(hi, 2)]}
    return prompt_tex, prompt_text, verdict, "choice", steps, cands, given, READING


def generate(rng, params) -> Problem:
    prompt_tex, prompt_text, answer, kind, steps, cands, given, checking = \
        (_confidence, _credible, _reading)[params["level"] - 1](rng)
    return Problem(prompt_tex, prompt_text, answer, kind, tuple(steps), given, checking,
                   tuple(Mistake(*c) for c in cands))


# --- verification: through what the intervals mean --------------------------------------------------

def _numeric_posterior(mu0, tau2, sigma2, xs=None, n=None, xbar=None):
    """The posterior of μ as prior × likelihood, term by term: (mass(lo, hi), quantile(p), range)."""
    centre = float(np.mean(xs)) if xs is not None else xbar
    spread = 12 * math.sqrt(tau2) + 12 * math.sqrt(sigma2) + abs(centre - mu0)
    a, b = min(mu0, centre) - spread, max(mu0, centre) + spread
    peak = _log_post(mu0, tau2, sigma2, xs, n, xbar, np.linspace(a, b, 2001)).max()
    dens = lambda t: np.exp(_log_post(mu0, tau2, sigma2, xs, n, xbar, t) - peak)
    total = _simpson(dens, a, b)
    mass = lambda lo, hi: _simpson(dens, max(lo, a), min(hi, b)) / total
    return mass, (a, b)


def _log_post(mu0, tau2, sigma2, xs, n, xbar, t):
    loglik = -sum((x - t) ** 2 for x in xs) / (2 * sigma2) if xs is not None else -n * (xbar - t) ** 2 / (2 * sigma2)
    return -(t - mu0) ** 2 / (2 * tau2) + loglik


def _simpson(f, a, b, panels=4000) -> float:
    if b <= a:
        return 0.0
    t = np.linspace(a, b, panels + 1)
    w = np.ones_like(t)
    w[1:-1:2], w[2:-1:2] = 4, 2
    return float(np.sum(w * f(t)) * (b - a) / panels / 3)


def _coverage(rule, n, sigma, mu0, tau2, mu) -> float:
    """P(μ ∈ interval) over repeated samples at the true μ, for x̄ ~ N(μ, σ²/n), by erf."""
    se = sigma / math.sqrt(n)
    if rule == "conf":
        return _phi(1.96) - _phi(-1.96)
    prec = 1 / tau2 + n / sigma ** 2
    w = (n / sigma ** 2) / prec          # weight of x̄ in the posterior mean
    half = 1.96 / math.sqrt(prec)
    # μ ∈ [w x̄ + (1 − w)μ₀ ± half]  ⇔  x̄ ∈ [(μ − (1 − w)μ₀ ∓ half)/w]
    lo, hi = (mu - (1 - w) * mu0 - half) / w, (mu - (1 - w) * mu0 + half) / w
    return _phi((hi - mu) / se) - _phi((lo - mu) / se)


def verify(given, answer) -> Evidence:
    level = given["level"]
    if level == 1:
        lo, hi = (float(v) for v in answer)
        n, sigma, xbar = given["n"], given["sigma"], float(sp.Rational(given["xbar"]))
        coverage = 2 * _phi((hi - lo) / 2 * math.sqrt(n) / sigma) - 1
        err = max(numeric.require_close((lo + hi) / 2, xbar, "centre of the interval", rel=1e-9),
                  numeric.require_close(coverage, 2 * _phi(1.96) - 1, "coverage 2Φ(h√n/σ) − 1", rel=1e-9))
        return Evidence("coverage by erf", "the interval is centred on x̄ and its half-width h covers μ with "
                        "probability 2Φ(h√n/σ) − 1 = 2Φ(1.96) − 1 over repeated samples", err)
    if level == 2:
        lo, hi = (float(v) for v in answer)
        mass, (a, _) = _numeric_posterior(given["mu0"], given["tau2"], given["sigma2"], xs=given["observations"])
        below, inside = mass(a, lo), mass(lo, hi)
        err = max(numeric.require_close(inside, 2 * _phi(1.96) - 1, "posterior mass (Simpson)", rel=1e-6),
                  numeric.require_close(below, 1 - _phi(1.96), "posterior mass below the interval", rel=1e-5))
        return Evidence("Simpson quadrature", "prior × likelihood of the raw data integrated on a grid: the interval "
                        "holds 95 % of the posterior, 2.5 % in each tail", err)
    n, sigma, mu0, tau2 = given["n"], given["sigma"], given["mu0"], given["tau2"]
    xbar = float(sp.Rational(given["xbar"]))
    lo, hi = given["interval"]
    claim = given["claim"]
    # which rule produced the cited interval: recompute both by their meaning
    mass, (a, b) = _numeric_posterior(mu0, tau2, sigma * sigma, n=n, xbar=xbar)
    # the cited interval came from the credible rule if it holds 95 % of the posterior with equal tails
    in_mass = mass(lo, hi)
    rule = "cred" if abs(in_mass - 0.95) < 0.01 and abs(mass(a, lo) - mass(hi, b)) < 0.01 else "conf"
    if claim == "posterior":
        true = abs(in_mass - 0.95) < 0.01
        how = f"posterior mass of the interval {in_mass:.4f}"
    elif claim == "coverage":
        grid = [mu0 + k * math.sqrt(tau2) for k in range(-10, 11)]
        worst = min(_coverage(rule, n, sigma, mu0, tau2, mu) for mu in grid)
        true = worst > 0.949
        how = f"worst coverage over true μ in μ₀ ± 10τ: {worst:.4f}"
    elif claim == "new_point":
        # the widest honest answer: the predictive spread is at least σ, whatever the centre
        p_new = max(_phi((hi - c) / sigma) - _phi((lo - c) / sigma) for c in np.linspace(lo, hi, 41))
        true = abs(p_new - 0.95) < 0.01
        how = f"predictive probability of a new measurement in the interval {p_new:.4f}"
    else:
        true, how = False, "a fixed μ and a fixed interval: the event has probability 0 or 1"
    want = ({"posterior": "credible interval", "coverage": "confidence interval"}.get(claim, "neither")
            if true else "neither")
    if answer != want:
        raise VerificationError(f"{how}: the statement is {'true' if true else 'false'}, so {want}")
    return Evidence("numerical reading of the statement", how)


FAMILY = Family(
    name="confidence_credible", version=1, title="Confidence versus credible intervals",
    summary="The 95 % confidence interval and the credible interval under a normal prior for the same data, "
            "and which statement each licenses.",
    params={"level": Param(1, (1, 2, 3), "1: confidence interval; 2: credible interval; 3: which one licenses "
                           "a statement")},
    levels=LEVELS, generate=generate, verify=verify,
)
