"""EM for a two-component Gaussian mixture in one dimension: the E-step and the M-step.

``step=e``: the responsibility γ of component 1 for one point — level 1 with equal variances
(the normalising constants cancel), level 2 with unequal ones (they do not). ``step=m``: the
M-step for component 1 from given responsibilities — level 1 the new weight and mean (π₁, μ₁),
level 2 also the new variance σ₁². Answers are exact. Verification takes other routes: each
component density is recovered from its CDF (via math.erf) by a central difference before Bayes'
rule is applied, and the M-step is checked by maximising the expected complete-data
log-likelihood Σᵢ γᵢ log(π N(xᵢ; μ, σ²)) + (1 − γᵢ) log(1 − π) numerically (golden-section
search), not by the weighted-average formulas.
"""

from __future__ import annotations

import math

import sympy as sp

from osmose import numeric
from osmose.family import Checking, Evidence, Family, Mistake, Param, Problem, Reject, Step, \
    VerificationError
from osmose.mathtext import tex, uni

R = sp.Rational
CHECKING = Checking()
SAY = CHECKING.statement()
LEVELS = {1: "E-step with equal variances; M-step for the weight and the mean",
          2: "E-step with unequal variances; M-step for weight, mean and variance"}


def _gamma(pi1, x, mus, variances, weights=True, factors=True):
    """γ₁ = 1/(1 + c·e^E) with c = (π₂/π₁)√(σ₁²/σ₂²) and E the difference of the exponents,
    built directly (no simplify); ``weights``/``factors`` False reproduce two classic slips."""
    (m1, m2), (v1, v2) = mus, variances
    c = ((1 - pi1) / pi1 if weights else 1) * (sp.sqrt(R(v1, v2)) if factors else 1)
    exponent = R((x - m1) ** 2, 2 * v1) - R((x - m2) ** 2, 2 * v2)
    return 1 / (1 + c * sp.exp(exponent)), c, exponent


def _e_step(rng, level):
    pi1 = R(rng.randint(1, 9), 10)
    mu1, mu2 = sorted(rng.sample(range(-4, 5), 2))
    if level == 1:
        var1 = var2 = rng.choice((1, 2, 4))
    else:
        var1, var2 = rng.sample((1, 2, 4, 9), 2)
    x = rng.randint(mu1 - 1, mu2 + 1)
    answer, c, exponent = _gamma(pi1, x, (mu1, mu2), (var1, var2))
    if exponent == 0:
        raise Reject("the exponentials cancel: a trivial responsibility")
    gamma = float(answer)
    if not 0.02 < gamma < 0.98:
        raise Reject("a responsibility too close to 0 or 1 to be interesting")
    comp = (rf"\(\pi_1 = {tex(pi1)},\ \mu_1 = {mu1},\ \sigma_1^2 = {var1}\) and "
            rf"\(\pi_2 = {tex(1 - pi1)},\ \mu_2 = {mu2},\ \sigma_2^2 = {var2}\)")
    comp_text = f"π₁ = {uni(pi1)}, μ₁ = {mu1}, σ₁² = {var1} and π₂ = {uni(1 - pi1)}, μ₂ = {mu2}, σ₂² = {var2}"
    prompt_tex = (rf"A mixture of two Gaussians \(p(x) = \pi_1 \mathcal{{N}}(x; \mu_1, \sigma_1^2) + \pi_2 "
                  rf"\mathcal{{N}}(x; \mu_2, \sigma_2^2)\) (\(\sigma_k^2\) are variances) has {comp}. Find the "
                  rf"responsibility \(\gamma_1(x) = P(z = 1 \mid x)\) of component 1 for the point \(x = {x}\). {SAY}")
    prompt_text = (f"A mixture of two Gaussians p(x) = π₁N(x; μ₁, σ₁²) + π₂N(x; μ₂, σ₂²) (σₖ² are variances) has "
                   f"{comp_text}. Find the responsibility γ₁(x) = P(z = 1 | x) of component 1 for the point x = {x}. {SAY}")
    ratio = c * sp.exp(exponent)
    steps = [Step("Bayes' rule: weight each component's density at x by its mixing weight, then normalise.",
                  r"\gamma_1 = \frac{\pi_1 \mathcal{N}(x;\mu_1,\sigma_1^2)}{\pi_1 \mathcal{N}(x;\mu_1,\sigma_1^2) + \pi_2 \mathcal{N}(x;\mu_2,\sigma_2^2)}"
                  r" = \frac{1}{1 + \frac{\pi_2 \mathcal{N}_2}{\pi_1 \mathcal{N}_1}}",
                  "γ₁ = π₁N₁/(π₁N₁ + π₂N₂) = 1/(1 + π₂N₂/(π₁N₁))"),
             Step("The ratio of weighted densities" + (" (the 1/√(2πσ²) factors cancel: equal variances)."
                                                       if var1 == var2 else " (the 1/√(2πσ²) factors differ)."),
                  rf"\frac{{\pi_2 \mathcal{{N}}_2}}{{\pi_1 \mathcal{{N}}_1}} = {tex(ratio)}", f"π₂N₂/(π₁N₁) = {uni(ratio)}"),
             Step("So", rf"\gamma_1 = {tex(answer)}", f"γ₁ = {uni(answer)}")]
    cands = [("unweighted densities", _gamma(pi1, x, (mu1, mu2), (var1, var2), weights=False)[0],
              "Multiply each density by its mixing weight πₖ before normalising."),
             ("component 2's responsibility", 1 - answer, "That is γ₂ = P(z = 2 | x); γ₁ = 1 − that.")]
    if var1 != var2:
        cands.append(("variance factors dropped", _gamma(pi1, x, (mu1, mu2), (var1, var2), factors=False)[0],
                      f"With unequal variances the normalising factors 1/√(2πσₖ²) do not cancel: keep √({var1}/{var2})."))
    given = {"step": "e", "pi1": str(pi1), "mu": [mu1, mu2], "var": [var1, var2], "x": x}
    return prompt_tex, prompt_text, answer, "number", steps, cands, given


def _m_step(rng, level):
    n = rng.randint(3, 5)
    xs = sorted(rng.sample(range(-6, 10), n))
    gammas = [R(rng.randint(1, 9), 10) for _ in range(n)]
    s = sum(gammas)
    mu = sum(g * x for g, x in zip(gammas, xs)) / s
    pi = s / n
    var = sum(g * (x - mu) ** 2 for g, x in zip(gammas, xs)) / s
    table_tex = ",\\ ".join(rf"(x = {x},\ \gamma = {tex(g)})" for x, g in zip(xs, gammas))
    table_text = ", ".join(f"(x = {x}, γ = {uni(g)})" for x, g in zip(xs, gammas))
    if level == 1:
        answer, ask_tex, ask_text = (pi, mu), r"\((\pi_1^{\mathrm{new}}, \mu_1^{\mathrm{new}})\)", "(π₁_new, μ₁_new)"
    else:
        answer = (pi, mu, var)
        ask_tex = r"\((\pi_1^{\mathrm{new}}, \mu_1^{\mathrm{new}}, \sigma_1^{2,\mathrm{new}})\) (the new variance, using the new mean)"
        ask_text = "(π₁_new, μ₁_new, σ₁²_new) (the new variance, using the new mean)"
    prompt_tex = (rf"In EM for a mixture of Gaussians on the data below, the E-step gave each point its "
                  rf"responsibility \(\gamma_i\) for component 1: \[{table_tex}.\] Carry out the M-step for "
                  rf"component 1: find {ask_tex}. {SAY}")
    prompt_text = (f"In EM for a mixture of Gaussians, the E-step gave each point its responsibility γᵢ for "
                   f"component 1: {table_text}. Carry out the M-step for component 1: find {ask_text}. {SAY}")
    steps = [Step("The effective number of points of component 1 is the sum of its responsibilities.",
                  rf"N_1 = \sum_i \gamma_i = {tex(s)},\quad \pi_1^{{\mathrm{{new}}}} = N_1/{n} = {tex(pi)}",
                  f"N₁ = Σγᵢ = {uni(s)}, π₁_new = N₁/{n} = {uni(pi)}"),
             Step("The new mean is the responsibility-weighted average of the points.",
                  rf"\mu_1^{{\mathrm{{new}}}} = \frac{{1}}{{N_1}}\sum_i \gamma_i x_i = {tex(mu)}",
                  f"μ₁_new = (1/N₁)Σγᵢxᵢ = {uni(mu)}")]
    if level == 2:
        steps.append(Step("The new variance weights the squared deviations from the new mean.",
                          rf"\sigma_1^{{2,\mathrm{{new}}}} = \frac{{1}}{{N_1}}\sum_i \gamma_i (x_i - \mu_1^{{\mathrm{{new}}}})^2 = {tex(var)}",
                          f"σ₁²_new = (1/N₁)Σγᵢ(xᵢ − μ₁_new)² = {uni(var)}"))
    plain_mean = R(sum(xs), n)
    unnormalised = sum(g * x for g, x in zip(gammas, xs)) / n
    extra = (var,) if level == 2 else ()
    cands = [("unweighted mean", (pi, plain_mean) + extra, "Weight each point by its responsibility γᵢ: "
              "a point that belongs mostly to the other component should barely move μ₁."),
             ("divided by n, not N₁", (pi, unnormalised) + extra, f"Normalise by N₁ = Σγᵢ = {uni(s)}, the "
              f"effective number of points of component 1, not by n = {n}."),
             ("weight not averaged", (s, mu) + extra, "π₁ is a probability: divide N₁ by the number of points.")]
    if level == 2:
        cands.append(("variance about the old centre", (pi, mu, sum(g * (x - plain_mean) ** 2 for g, x in zip(gammas, xs)) / s),
                      "Measure the deviations from the new mean μ₁_new."))
    given = {"step": "m", "level": level, "x": xs, "gamma": [str(g) for g in gammas]}
    return prompt_tex, prompt_text, answer, "tuple", steps, cands, given


def generate(rng, params) -> Problem:
    build = _e_step if params["step"] == "e" else _m_step
    prompt_tex, prompt_text, answer, kind, steps, cands, given = build(rng, params["level"])
    return Problem(prompt_tex, prompt_text, answer, kind, tuple(steps), given, CHECKING,
                   tuple(Mistake(*c) for c in cands))


# --- verification -------------------------------------------------------------------------

def _density_from_cdf(x, mu, var, h=1e-5):
    cdf = lambda t: 0.5 * (1 + math.erf((t - mu) / math.sqrt(2 * var)))
    return (cdf(x + h) - cdf(x - h)) / (2 * h)




def verify(given, answer) -> Evidence:
    if given["step"] == "e":
        pi1 = float(sp.Rational(given["pi1"]))
        (m1, m2), (v1, v2), x = given["mu"], given["var"], given["x"]
        w1 = pi1 * _density_from_cdf(x, m1, v1)
        w2 = (1 - pi1) * _density_from_cdf(x, m2, v2)
        err = numeric.require_close(w1 / (w1 + w2), float(answer), "posterior of component 1", rel=1e-6)
        return Evidence("CDF differences", "component densities from erf-based CDFs by central differences, "
                        "then Bayes' rule", err)
    xs = given["x"]
    gs = [float(sp.Rational(g)) for g in given["gamma"]]
    q_pi = lambda p: sum(g * math.log(p) + (1 - g) * math.log(1 - p) for g in gs)
    pi = numeric.golden_max(q_pi, 1e-9, 1 - 1e-9)
    mu = numeric.golden_max(lambda m: -sum(g * (x - m) ** 2 for g, x in zip(gs, xs)), min(xs) - 1, max(xs) + 1)
    want = [pi, mu]
    if given["level"] == 2:
        want.append(numeric.golden_max(lambda v: sum(g * (-0.5 * math.log(v) - (x - mu) ** 2 / (2 * v))
                                          for g, x in zip(gs, xs)), 1e-6, 1e3))
    got = [float(v) for v in answer]
    if len(got) != len(want):
        raise VerificationError(f"expected {len(want)} values")
    err = max(numeric.require_close(w, g, "maximiser of the expected complete-data log-likelihood",
                                    rel=1e-6, floor=1e-6) for w, g in zip(want, got))
    return Evidence("golden-section search", "maximised the expected complete-data log-likelihood "
                    "in each parameter", err)


FAMILY = Family(
    name="gmm_em", version=1, title="EM for Gaussian mixtures",
    summary="Responsibilities (E-step) and the M-step updates of a two-component 1-D Gaussian mixture.",
    params={"step": Param("e", ("e", "m"), "e: a responsibility; m: the M-step for component 1"),
            "level": Param(1, (1, 2), "1: equal variances / weight and mean; 2: unequal variances / with variance")},
    levels=LEVELS, generate=generate, verify=verify,
)
