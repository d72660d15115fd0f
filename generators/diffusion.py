"""Denoising diffusion (DDPM) in one dimension: the forward marginal, the forward posterior,
and one reverse step.

Level 1: the mean and variance of q(x_t | x₀) = N(√ᾱ_t x₀, 1 − ᾱ_t) for a given β schedule
(ᾱ_t = Π(1 − β_s)). Level 2: the mean of the forward posterior q(x_{t−1} | x_t, x₀). Level 3:
the mean of the reverse step p_θ(x_{t−1} | x_t) from a predicted noise ε̂,
(1/√α_t)(x_t − β_t ε̂/√(1 − ᾱ_t)). Answers use the closed forms with exact surds. Verification
takes other routes in floating point: level 1 iterates the one-step recursion of mean and
variance (m ← √(1 − β)m, v ← (1 − β)v + β); level 2 multiplies the Gaussian prior q(x_{t−1} | x₀)
by the likelihood q(x_t | x_{t−1}) and reads off the posterior by adding precisions; level 3
predicts x̂₀ = (x_t − √(1 − ᾱ_t) ε̂)/√ᾱ_t and takes the level-2 posterior mean at x̂₀.
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
BETAS = (R(1, 10), R(1, 5), R(3, 10), R(2, 5), R(1, 2), R(3, 5))
LEVELS = {1: "the forward marginal q(x_t | x₀): its mean and variance",
          2: "the forward posterior mean of q(x_{t−1} | x_t, x₀)",
          3: "one reverse step: the mean of p_θ(x_{t−1} | x_t) from a predicted noise ε̂"}


def _decimal(r):
    return f"{float(r):g}"


def _schedule_text(betas):
    return ", ".join(f"β{i + 1} = {_decimal(b)}" for i, b in enumerate(betas)), \
        r",\ ".join(rf"\beta_{i + 1} = {_decimal(b)}" for i, b in enumerate(betas))


def generate(rng, params) -> Problem:
    level = params["level"]
    t = rng.choice((2, 3)) if level == 1 else 2
    betas = [rng.choice(BETAS) for _ in range(t)]
    alphas = [1 - b for b in betas]
    abar = sp.prod(alphas)
    abar_prev = sp.prod(alphas[:-1])
    sched_text, sched_tex = _schedule_text(betas)
    intro_tex = (rf"A DDPM forward process adds noise as \(q(x_s \mid x_{{s-1}}) = \mathcal{{N}}(\sqrt{{1-\beta_s}}\,x_{{s-1}},\ \beta_s)\) "
                 rf"(second argument: the variance) with \({sched_tex}\); write \(\alpha_s = 1 - \beta_s\) and "
                 rf"\(\bar\alpha_t = \prod_{{s \le t}} \alpha_s\).")
    intro_text = (f"A DDPM forward process adds noise as q(x_s | x_(s−1)) = N(√(1−β_s)·x_(s−1), β_s) (second "
                  f"argument: the variance) with {sched_text}; write α_s = 1 − β_s and ᾱ_t = Π_(s≤t) α_s.")
    abar_step = Step("Multiply the α's.", rf"\bar\alpha_{t} = " + r" \cdot ".join(tex(a) for a in alphas) + f" = {tex(abar)}",
                     f"ᾱ_{t} = " + "·".join(uni(a) for a in alphas) + f" = {uni(abar)}")
    x0 = rng.choice([v for v in range(-4, 5) if v])
    if level == 1:
        mean, var = sp.sqrt(abar) * x0, 1 - abar
        answer = (mean, var)
        prompt_tex = (intro_tex + rf" Starting from \(x_0 = {x0}\), find the mean and variance of \(x_{t}\), as the pair "
                      rf"\((\mathbb{{E}}[x_{t} \mid x_0],\ \operatorname{{Var}}(x_{t} \mid x_0))\). {SAY}")
        prompt_text = (intro_text + f" Starting from x0 = {x0}, find the mean and variance of x{t}, as the pair "
                       f"(E[x{t} | x0], Var(x{t} | x0)). {SAY}")
        steps = [abar_step, Step("The steps compose into one Gaussian: q(x_t | x₀) = N(√ᾱ_t x₀, 1 − ᾱ_t).",
                                 rf"\left(\sqrt{{\bar\alpha_{t}}}\,x_0,\ 1 - \bar\alpha_{t}\right) = \left({tex(mean)},\ {tex(var)}\right)",
                                 f"(√ᾱ_{t}·x0, 1 − ᾱ_{t}) = ({uni(mean)}, {uni(var)})")]
        cands = [("variances added", (mean, sum(betas)), "The noise added early is shrunk by later steps: "
                  "the variance is 1 − ᾱ_t, not Σβ_s."),
                 ("mean without the square root", (abar * x0, var), "The mean scales by √ᾱ_t, the product "
                  "of the √α_s, not by ᾱ_t."),
                 ("standard deviation for variance", (mean, sp.sqrt(var)), "The second entry is the variance "
                  "1 − ᾱ_t, not its square root.")]
        given = {"level": 1, "betas": [str(b) for b in betas], "x0": x0}
    else:
        coef_x0 = sp.sqrt(abar_prev) * betas[-1] / (1 - abar)
        coef_xt = sp.sqrt(alphas[-1]) * (1 - abar_prev) / (1 - abar)
        xt = R(rng.randint(-30, 30), 10)
        if level == 2:
            answer = sp.radsimp(coef_x0 * x0 + coef_xt * xt)
            prompt_tex = (intro_tex + rf" Given \(x_0 = {x0}\) and \(x_2 = {_decimal(xt)}\), find the mean "
                          rf"\(\tilde\mu_2\) of the forward posterior \(q(x_1 \mid x_2, x_0)\). {SAY}")
            prompt_text = (intro_text + f" Given x0 = {x0} and x2 = {_decimal(xt)}, find the mean μ̃₂ of the forward "
                           f"posterior q(x1 | x2, x0). {SAY}")
            steps = [abar_step,
                     Step("The posterior mean mixes x₀ and x_t with fixed coefficients.",
                          r"\tilde\mu_t = \frac{\sqrt{\bar\alpha_{t-1}}\,\beta_t}{1-\bar\alpha_t}\,x_0 + "
                          r"\frac{\sqrt{\alpha_t}\,(1-\bar\alpha_{t-1})}{1-\bar\alpha_t}\,x_t",
                          "μ̃_t = √ᾱ_(t−1)·β_t/(1 − ᾱ_t)·x0 + √α_t·(1 − ᾱ_(t−1))/(1 − ᾱ_t)·x_t"),
                     Step("Substitute.", rf"\tilde\mu_2 = {tex(coef_x0)}\cdot {x0} + {tex(coef_xt)}\cdot {_decimal(xt)} = {tex(answer)}",
                          f"μ̃₂ = {uni(coef_x0)}·{x0} + {uni(coef_xt)}·{_decimal(xt)} = {uni(answer)}")]
            cands = [("coefficients swapped", sp.radsimp(coef_xt * x0 + coef_x0 * xt),
                      "x₀'s coefficient carries β_t; x_t's carries 1 − ᾱ_(t−1)."),
                     ("forward mean", sp.sqrt(abar_prev) * x0, "√ᾱ_(t−1)·x₀ is the mean of q(x_(t−1) | x₀); "
                      "conditioning on x_t as well pulls it towards x_t.")]
            given = {"level": 2, "betas": [str(b) for b in betas], "x0": x0, "xt": str(xt)}
        else:
            eps = R(rng.randint(-20, 20), 10)
            if eps == 0:
                raise Reject("zero noise prediction")
            answer = sp.radsimp((xt - betas[-1] / sp.sqrt(1 - abar) * eps) / sp.sqrt(alphas[-1]))
            prompt_tex = (intro_tex + rf" A trained network predicts the noise \(\hat\epsilon = {_decimal(eps)}\) at "
                          rf"\(x_2 = {_decimal(xt)}\). Find the mean of the reverse step \(p_\theta(x_1 \mid x_2)\), "
                          rf"\(\mu_\theta = \frac{{1}}{{\sqrt{{\alpha_2}}}}\left(x_2 - \frac{{\beta_2}}{{\sqrt{{1-\bar\alpha_2}}}}\,\hat\epsilon\right)\). {SAY}")
            prompt_text = (intro_text + f" A trained network predicts the noise ε̂ = {_decimal(eps)} at x2 = {_decimal(xt)}. "
                           f"Find the mean of the reverse step p_θ(x1 | x2), μ_θ = (1/√α₂)(x2 − β₂/√(1 − ᾱ₂)·ε̂). {SAY}")
            steps = [abar_step,
                     Step("Remove the predicted noise, scaled by β_t/√(1 − ᾱ_t), then undo the shrink √α_t.",
                          rf"\mu_\theta = \frac{{1}}{{\sqrt{{{tex(alphas[-1])}}}}}\left({_decimal(xt)} - \frac{{{tex(betas[-1])}}}{{\sqrt{{{tex(1 - abar)}}}}}\cdot {_decimal(eps)}\right) = {tex(answer)}",
                          f"μ_θ = (1/√{uni(alphas[-1])})·({_decimal(xt)} − {uni(betas[-1])}/√{uni(1 - abar)}·{_decimal(eps)}) = {uni(answer)}")]
            cands = [("forgot 1/√α_t", sp.radsimp(xt - betas[-1] / sp.sqrt(1 - abar) * eps),
                      "After removing the noise, divide by √α_t to undo the forward step's shrink."),
                     ("full noise removed", sp.radsimp((xt - sp.sqrt(1 - abar) * eps) / sp.sqrt(alphas[-1])),
                      "The reverse step removes β_t/√(1 − ᾱ_t)·ε̂, not √(1 − ᾱ_t)·ε̂ (that would jump towards x̂₀).")]
            given = {"level": 3, "betas": [str(b) for b in betas], "xt": str(xt), "eps": str(eps)}
    return Problem(prompt_tex, prompt_text, answer, "tuple" if level == 1 else "number", tuple(steps),
                   given, CHECKING, tuple(Mistake(*c) for c in cands))


def _posterior_mean(betas, x0, xt):
    """q(x₁ | x₂, x₀) ∝ N(x₁; √ᾱ₁x₀, 1 − ᾱ₁) · N(x₂; √α₂x₁, β₂): add precisions."""
    a1, b2 = 1 - betas[0], betas[1]
    prior_mean, prior_var = math.sqrt(a1) * x0, 1 - a1
    like_prec = (1 - b2) / b2          # as a function of x₁: precision α₂/β₂ ...
    like_mean = xt / math.sqrt(1 - b2)  # ... centred at x₂/√α₂
    prec = 1 / prior_var + like_prec
    return (prior_mean / prior_var + like_mean * like_prec) / prec


def verify(given, answer) -> Evidence:
    betas = [float(sp.Rational(b)) for b in given["betas"]]
    level = given["level"]
    if level == 1:
        m, v = float(given["x0"]), 0.0
        for b in betas:
            m, v = math.sqrt(1 - b) * m, (1 - b) * v + b
        got = [float(a) for a in answer]
        if len(got) != 2:
            raise VerificationError("expected (mean, variance)")
        err = max(numeric.require_close(m, got[0], "mean by the one-step recursion", floor=1e-12),
                  numeric.require_close(v, got[1], "variance by the one-step recursion"))
        return Evidence("one-step recursion", "iterated m ← √(1 − β)m, v ← (1 − β)v + β", err)
    xt = float(sp.Rational(given["xt"]))
    if level == 2:
        value = _posterior_mean(betas, given["x0"], xt)
        how = "Gaussian prior × likelihood, precisions added"
    else:
        abar = (1 - betas[0]) * (1 - betas[1])
        eps = float(sp.Rational(given["eps"]))
        x0_hat = (xt - math.sqrt(1 - abar) * eps) / math.sqrt(abar)
        value = _posterior_mean(betas, x0_hat, xt)
        how = "predicted x̂₀ from ε̂, then the forward-posterior mean at x̂₀"
    err = numeric.require_close(value, float(answer), how, floor=1e-12)
    return Evidence("Gaussian algebra in floating point", how, err)


FAMILY = Family(
    name="diffusion", version=1, title="Diffusion models (DDPM) by hand",
    summary="Forward marginals from a β schedule, the forward posterior mean, and one reverse step from a noise prediction.",
    params={"level": Param(1, (1, 2, 3), "1: q(x_t | x₀); 2: q(x_{t−1} | x_t, x₀); 3: a reverse step")},
    levels=LEVELS, generate=generate, verify=verify,
)
