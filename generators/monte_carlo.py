"""Monte Carlo: the standard error σ/√N, the sample size for a target error, importance weights.

Answers are exact (closed-form variances, densities). Verification recomputes each
variance by mpmath quadrature or exact enumeration, then confirms it by a seeded numpy
simulation within six standard errors of the sample variance (seeded, so never flaky);
importance weights are recomputed from the two normalized densities in mpmath.
"""

from __future__ import annotations

import functools
import math

import mpmath
import numpy as np
import sympy as sp

from osmose import numeric
from osmose.family import Checking, Evidence, Family, Mistake, Param, Problem, Reject, Step, VerificationError
from osmose.mathtext import tex, uni

R = sp.Rational
xs = sp.Symbol("x")

#: (id, description tex, description text, E[f], Var f)
SETUPS = [
    ("uniform-x", "X \\sim U(0,1)", "X ~ U(0,1)", "f(X) = X", "f(X) = X", R(1, 2), R(1, 12)),
    ("uniform-x2", "X \\sim U(0,1)", "X ~ U(0,1)", "f(X) = X^2", "f(X) = X²", R(1, 3), R(4, 45)),
    ("uniform-x3", "X \\sim U(0,1)", "X ~ U(0,1)", "f(X) = X^3", "f(X) = X³", R(1, 4), R(9, 112)),
    ("die", "X \\text{ a fair die roll}", "X a fair die roll", "f(X) = X", "f(X) = X", R(7, 2), R(35, 12)),
    ("exponential", "X \\sim \\operatorname{Exp}(1)", "X ~ Exp(1)", "f(X) = X", "f(X) = X", R(1), R(1)),
    ("dart-pi", "(U,V) \\sim U([0,1]^2)", "(U,V) ~ U([0,1]²)", "f = \\mathbf 1[U^2+V^2 \\le 1]",
     "f = 1[U²+V² ≤ 1]", sp.pi / 4, sp.pi / 4 * (1 - sp.pi / 4)),
    ("coin-quarter", "B \\sim \\operatorname{Bernoulli}(1/4)", "B ~ Bernoulli(1/4)", "f = B", "f = B",
     R(1, 4), R(3, 16)),
]
NS = (100, 400, 900, 2500, 10000)
EPS = (R(1, 100), R(1, 50), R(1, 200), R(1, 20))


def _se(rng):
    sid, dtex, dtext, ftex, ftext, mean, var = rng.choice(SETUPS)
    N = rng.choice(NS)
    se = sp.sqrt(var / N)
    prompt_tex = (f"A Monte Carlo estimate of \\(\\mathbb E[f]\\) with \\({dtex}\\), \\({ftex}\\), averages "
                  f"\\(N = {N}\\) independent samples. What is its standard error (exact)?")
    prompt_text = (f"A Monte Carlo estimate of E[f] with {dtext}, {ftext}, averages N = {N} independent samples. "
                   f"What is its standard error (exact)?")
    steps = (Step("The average of N i.i.d. samples has variance Var(f)/N; its standard error is the square root.",
                  "\\operatorname{SE} = \\sqrt{\\operatorname{Var}(f)/N}", "SE = √(Var(f)/N)"),
             Step("Variance of one sample: E[f²] − (E[f])².", f"\\operatorname{{Var}}(f) = {tex(var)}",
                  f"Var(f) = {uni(var)}"),
             Step("Divide by N and take the root.",
                  f"\\operatorname{{SE}} = \\sqrt{{{tex(var)}/{N}}} = {tex(se)} \\approx {float(se):.4g}",
                  f"SE = √({uni(var) if var.is_Integer else f'({uni(var)})'}/{N}) = {uni(se)} ≈ {float(se):.4g}"))
    mistakes = [Mistake("forgot the square root", var / N, "Var/N is the variance of the estimate; the standard error is its square root."),
                Mistake("forgot to divide by N", sp.sqrt(var), "That is the spread of one sample; averaging N samples shrinks it by √N."),
                Mistake("divided by N, not √N", sp.sqrt(var) / N, "The error falls like 1/√N, not 1/N.")]
    given = {"task": "se", "setup": sid, "N": N}
    return prompt_tex, prompt_text, se, steps, given, mistakes


def _samples(rng):
    sid, dtex, dtext, ftex, ftext, mean, var = rng.choice(SETUPS)
    eps = rng.choice(EPS)
    ratio = var / eps**2
    if ratio.is_Rational and ratio.q == 1:
        raise Reject("exact integer boundary")
    N = int(sp.ceiling(ratio))
    if N < 10:
        raise Reject("too few samples to be interesting")
    answer = sp.Integer(N)
    prompt_tex = (f"How many independent samples \\(N\\) does a Monte Carlo estimate of \\(\\mathbb E[f]\\) with "
                  f"\\({dtex}\\), \\({ftex}\\) need so that its standard error is at most \\({tex(eps)}\\)? "
                  f"Give the smallest such \\(N\\).")
    prompt_text = (f"How many independent samples N does a Monte Carlo estimate of E[f] with {dtext}, {ftext} need so "
                   f"that its standard error is at most {uni(eps)}? Give the smallest such N.")
    steps = (Step("Standard error √(Var/N) ≤ ε  ⇔  N ≥ Var/ε².", "N \\ge \\frac{\\operatorname{Var}(f)}{\\varepsilon^2}",
                  "N ≥ Var(f)/ε²"),
             Step("Variance of one sample.", f"\\operatorname{{Var}}(f) = {tex(var)}", f"Var(f) = {uni(var)}"),
             Step("Divide and round up.", f"\\frac{{{tex(var)}}}{{({tex(eps)})^2}} \\approx {float(ratio):.6g} "
                  f"\\;\\Rightarrow\\; N = {N}",
                  f"({uni(var)})/({uni(eps)})² ≈ {float(ratio):.6g} ⇒ N = {N}"))
    mistakes = [Mistake("forgot to square ε", sp.Integer(math.ceil(float(var / eps))),
                        "SE = √(Var/N), so N scales with 1/ε², not 1/ε."),
                Mistake("used the standard deviation", sp.Integer(math.ceil(float(sp.sqrt(var) / eps**2))),
                        "N ≥ Var/ε² uses the variance, not the standard deviation."),
                Mistake("rounded down", answer - 1, "Round up: N − 1 samples leave the error just above ε.")]
    given = {"task": "samples", "setup": sid, "eps": str(eps)}
    return prompt_tex, prompt_text, answer, steps, given, mistakes


def _weight(rng):
    kind = rng.choice(("gauss", "gauss", "exp", "discrete"))
    if kind == "gauss":
        mu, s = rng.choice((0, 1, 2, -1)), rng.choice((1, 2))
        if (mu, s) == (0, 1):
            raise Reject("p = q")
        x = rng.randint(-2, 3)
        p_tex, q_tex = "\\mathcal N(0, 1)", f"\\mathcal N({mu}, {s * s})"
        p_text, q_text = "N(0, 1)", f"N({mu}, {s * s})"
        p_val = sp.exp(-R(x * x, 2)) / sp.sqrt(2 * sp.pi)
        q_val = sp.exp(-R((x - mu) ** 2, 2 * s * s)) / (s * sp.sqrt(2 * sp.pi))
        w = s * sp.exp(R((x - mu) ** 2, 2 * s * s) - R(x * x, 2))
        if w == 1:
            raise Reject("trivial weight")
        no_norm = sp.exp(R((x - mu) ** 2, 2 * s * s) - R(x * x, 2))
        given = {"task": "weight", "p": ["normal", 0, 1], "q": ["normal", mu, s], "x": x}
    elif kind == "exp":
        lam = rng.choice((R(1, 2), R(2), R(1, 3)))
        x = rng.choice((R(1, 2), R(1), R(2), R(3)))
        p_tex, q_tex = "\\operatorname{Exp}(1)", f"\\operatorname{{Exp}}({tex(lam)})"
        p_text, q_text = "Exp(1)", f"Exp({uni(lam)})"
        p_val, q_val = sp.exp(-x), lam * sp.exp(-lam * x)
        w = sp.exp((lam - 1) * x) / lam
        if w == 1:
            raise Reject("trivial weight")
        no_norm = sp.exp((lam - 1) * x)
        given = {"task": "weight", "p": ["exponential", "1"], "q": ["exponential", str(lam)], "x": str(x)}
    else:
        d = rng.choice((6, 8, 10))
        ps = _pmf(rng, 4, d)
        qs = _pmf(rng, 4, rng.choice((4, 5, 6)))
        x = rng.randint(1, 4)
        if ps == qs or ps[x - 1] == qs[x - 1]:
            raise Reject("trivial weight")
        p_tex = "P = (" + ", ".join(tex(v) for v in ps) + ")"
        q_tex = "Q = (" + ", ".join(tex(v) for v in qs) + ")"
        p_text = "P = (" + ", ".join(uni(v) for v in ps) + ")"
        q_text = "Q = (" + ", ".join(uni(v) for v in qs) + ")"
        p_val, q_val = ps[x - 1], qs[x - 1]
        w = p_val / q_val
        no_norm = w
        given = {"task": "weight", "p": ["pmf"] + [str(v) for v in ps], "q": ["pmf"] + [str(v) for v in qs], "x": x}
    if kind == "discrete":
        where_tex = f"on \\(\\{{1,2,3,4\\}}\\) with target \\({p_tex}\\) and proposal \\({q_tex}\\)"
        where_text = f"on {{1,2,3,4}} with target {p_text} and proposal {q_text}"
    else:
        # State the parametrization: N(μ, σ²) vs N(μ, σ) and rate vs scale change the answer.
        if kind == "gauss":
            conv_tex, conv_text = "\\(\\mathcal N(\\mu, \\sigma^2)\\): mean, variance", "N(μ, σ²): mean, variance"
        else:
            conv_tex = "\\(\\operatorname{Exp}(\\lambda)\\): rate \\(\\lambda\\), density \\(\\lambda e^{-\\lambda x}\\) for \\(x \\ge 0\\)"
            conv_text = "Exp(λ): rate λ, density λe^(−λx) for x ≥ 0"
        where_tex = f"with target \\(p = {p_tex}\\) and proposal \\(q = {q_tex}\\) ({conv_tex})"
        where_text = f"with target p = {p_text} and proposal q = {q_text} ({conv_text})"
    wf = float(w)
    if not 0.02 < wf < 50:
        raise Reject("weight too extreme")
    prompt_tex = (f"Importance sampling {where_tex}: a draw from the proposal lands at \\(x = {tex(x)}\\). "
                  f"What is its importance weight \\(w(x) = p(x)/q(x)\\)?")
    prompt_text = (f"Importance sampling {where_text}: a draw from the proposal lands at x = {uni(x)}. "
                   f"What is its importance weight w(x) = p(x)/q(x)?")
    steps = (Step("The weight corrects for sampling from q instead of p: E_p[h] = E_q[h·p/q].",
                  "w(x) = \\frac{p(x)}{q(x)}", "w(x) = p(x)/q(x)"),
             Step("Evaluate both densities at the draw.",
                  f"p({tex(x)}) = {tex(p_val)},\\quad q({tex(x)}) = {tex(q_val)}",
                  f"p({uni(x)}) = {uni(p_val)}, q({uni(x)}) = {uni(q_val)}"),
             Step("Divide (normalizing constants that differ do not cancel).",
                  f"w = {tex(w)} \\approx {wf:.4g}", f"w = {uni(w)} ≈ {wf:.4g}"))
    mistakes = [Mistake("inverted", 1 / w, "The weight is target over proposal, p/q, not q/p.")]
    if kind != "discrete":
        mistakes.append(Mistake("dropped the normalizing constants", no_norm,
                                "The two densities have different normalizing constants (σ or λ); keep them in the ratio."))
    return prompt_tex, prompt_text, w, steps, given, mistakes


def _pmf(rng, k, d):
    cuts = sorted(rng.sample(range(1, d), k - 1))
    return [R(b - a, d) for a, b in zip([0] + cuts, cuts + [d])]


TASKS = {"se": _se, "samples": _samples, "weight": _weight}


def generate(rng, params) -> Problem:
    ptex, ptext, answer, steps, given, mistakes = TASKS[params["task"]](rng)
    kept, seen = [], [answer]
    for m in mistakes:
        if m.answer not in seen and m.answer > 0:
            seen.append(m.answer)
            kept.append(m)
    kind = "number"
    return Problem(ptex, ptext, answer, kind, tuple(steps), given, Checking(), tuple(kept))


# --- independent verification -------------------------------------------------

@functools.lru_cache(maxsize=None)   # a pure function of the setup id: same value every call
def _variance_by_quadrature(sid: str) -> float:
    """Var f by mpmath quadrature / exact enumeration, never from the table of closed forms."""
    with mpmath.workdps(20):
        if sid.startswith("uniform-x"):
            m = {"uniform-x": 1, "uniform-x2": 2, "uniform-x3": 3}[sid]
            e1 = mpmath.quad(lambda t: t ** m, [0, 1])
            e2 = mpmath.quad(lambda t: t ** (2 * m), [0, 1])
        elif sid == "exponential":
            e1 = mpmath.quad(lambda t: t * mpmath.exp(-t), [0, mpmath.inf])
            e2 = mpmath.quad(lambda t: t * t * mpmath.exp(-t), [0, mpmath.inf])
        elif sid == "dart-pi":   # P(U²+V² ≤ 1) = ∫₀¹ √(1−u²) du; f is an indicator so E[f²] = E[f]
            e1 = e2 = mpmath.quad(lambda u: mpmath.sqrt(1 - u * u), [0, 1])
        elif sid == "die":
            e1 = mpmath.fsum(range(1, 7)) / 6
            e2 = mpmath.fsum(k * k for k in range(1, 7)) / 6
        elif sid == "coin-quarter":
            e1 = e2 = mpmath.mpf(1) / 4
        else:
            raise VerificationError(f"unknown setup {sid!r}")
        return float(e2 - e1 * e1)


def _simulate(sid: str, n: int = 40000) -> np.ndarray:
    gen = np.random.default_rng(20240601)   # fixed seed: the check is reproducible, never flaky
    if sid.startswith("uniform-x"):
        m = {"uniform-x": 1, "uniform-x2": 2, "uniform-x3": 3}[sid]
        return gen.random(n) ** m
    if sid == "exponential":
        return gen.exponential(1.0, n)
    if sid == "dart-pi":
        u, v = gen.random(n), gen.random(n)
        return (u * u + v * v <= 1).astype(float)
    if sid == "die":
        return gen.integers(1, 7, n).astype(float)
    return (gen.random(n) < 0.25).astype(float)


@functools.lru_cache(maxsize=None)
def _simulated_variance_agrees(sid: str, var: float) -> str:
    f = _simulate(sid)
    n = len(f)
    c = f - f.mean()
    s2 = float(np.mean(c * c)) * n / (n - 1)
    se_s2 = math.sqrt(max(float(np.mean(c ** 4)) - s2 * s2, 0.0) / n)
    if abs(s2 - var) > 6 * se_s2:
        raise VerificationError(f"simulated variance {s2:.5g} ± {se_s2:.2g} disagrees with {var:.5g}")
    return f"seeded simulation of {n} draws: sample variance {s2:.4g} ± {se_s2:.1g} (6σ band)"


def _density(spec, x) -> mpmath.mpf:
    kind = spec[0]
    if kind == "normal":
        return mpmath.npdf(x, spec[1], spec[2])
    if kind == "exponential":
        lam = mpmath.mpf(sp.Rational(spec[1]).p) / sp.Rational(spec[1]).q
        return lam * mpmath.exp(-lam * x)
    probs = [mpmath.mpf(sp.Rational(v).p) / sp.Rational(v).q for v in spec[1:]]
    return probs[int(x) - 1]


def verify(given, answer) -> Evidence:
    task = given["task"]
    if task == "weight":
        with mpmath.workdps(20):
            xv = mpmath.mpf(sp.Rational(given["x"]).p) / sp.Rational(given["x"]).q
            w = float(_density(given["p"], xv) / _density(given["q"], xv))
        err = numeric.require_close(w, float(answer), "importance weight", rel=1e-9)
        return Evidence("mpmath densities", "normalized target and proposal densities evaluated at x", err)
    var = _variance_by_quadrature(given["setup"])
    sim = _simulated_variance_agrees(given["setup"], var)
    if task == "se":
        err = numeric.require_close(math.sqrt(var / given["N"]), float(answer), "standard error", rel=1e-9)
        return Evidence("quadrature and simulation", "Var f by mpmath quadrature/enumeration; " + sim, err)
    eps = float(sp.Rational(given["eps"]))
    N = int(answer)
    if not (math.sqrt(var / N) <= eps < math.sqrt(var / (N - 1))):
        raise VerificationError(f"N = {N} is not the smallest sample size with SE ≤ {eps}")
    return Evidence("quadrature and simulation", "N is the smallest with √(Var/N) ≤ ε; " + sim, 0.0)


def baseline(given):
    """Bare SymPy: the variance by symbolic integration or summation, or the density ratio."""
    t = sp.Symbol("t", positive=True)
    if given["task"] == "weight":
        x = sp.Rational(given["x"])
        def dens(spec):
            if spec[0] == "normal":
                return sp.exp(-(x - spec[1])**2 / (2 * spec[2]**2)) / (spec[2] * sp.sqrt(2 * sp.pi))
            if spec[0] == "exponential":
                lam = sp.Rational(spec[1])
                return lam * sp.exp(-lam * x)
            return sp.Rational(spec[int(x)])
        return dens(given["p"]) / dens(given["q"])
    sid = given["setup"]
    if sid.startswith("uniform-x"):
        m = {"uniform-x": 1, "uniform-x2": 2, "uniform-x3": 3}[sid]
        var = sp.integrate(t**(2 * m), (t, 0, 1)) - sp.integrate(t**m, (t, 0, 1))**2
    elif sid == "exponential":
        var = sp.integrate(t**2 * sp.exp(-t), (t, 0, sp.oo)) - sp.integrate(t * sp.exp(-t), (t, 0, sp.oo))**2
    elif sid == "die":
        var = sum(sp.Rational(k * k, 6) for k in range(1, 7)) - sp.Rational(7, 2)**2
    elif sid == "dart-pi":
        var = sp.pi / 4 * (1 - sp.pi / 4)
    else:
        var = sp.Rational(3, 16)
    if given["task"] == "se":
        return sp.sqrt(var / given["N"])
    return sp.ceiling(var / sp.Rational(given["eps"])**2)


FAMILY = Family(
    name="monte_carlo", version=1, title="Monte Carlo error and importance weights",
    summary="Standard error σ/√N of a Monte Carlo average, samples needed for a target error, "
            "and importance-sampling weights p(x)/q(x).",
    params={"task": Param("se", tuple(TASKS), "se: standard error; samples: smallest N for a target error; "
                          "weight: importance weight p/q at a draw")},
    generate=generate, verify=verify, baseline=baseline,
)
