"""Monte Carlo: the standard error σ/√N, the sample size for a target error, importance weights.

Answers are exact (closed-form variances, densities). Verification recomputes each
variance by mpmath quadrature or exact enumeration, then confirms it by a seeded numpy
simulation within six standard errors of the sample variance (seeded, so never flaky);
importance weights are recomputed from the two normalized densities in mpmath.
"""

from __future__ import annotations

import functools
import math
from fractions import Fraction

import mpmath
import numpy as np
import sympy as sp

from osmose import numeric
from osmose.family import Checking, Evidence, Family, Mistake, Param, Problem, Reject, Step, VerificationError
from osmose.mathtext import tex, uni

R = sp.Rational
xs = sp.Symbol("x")

#: the setups, by id: X ~ U(0,1) with f = X^m; a fair dN roll; Bernoulli(p); Exp(λ) (rate λ);
#: the quarter-disc dart. Each id alone says what to integrate or enumerate in ``verify``.
POWERS = (1, 2, 3, 4)
DICE = (4, 6, 8, 10, 12, 20)
COINS = (R(1, 2), R(1, 3), R(1, 4), R(1, 5), R(2, 5), R(3, 10), R(1, 10))
RATES = (R(1), R(2), R(1, 2), R(1, 3))
SETUP_IDS = ([f"uniform-x{m}" for m in POWERS] + [f"die{n}" for n in DICE]
             + [f"bernoulli-{p}" for p in COINS] + [f"exponential-{lam}" for lam in RATES] + ["dart-pi"])


def setup(sid: str):
    """(description TeX, text, f TeX, text, E[f], Var f) of a setup id, in closed form."""
    if sid.startswith("uniform-x"):
        m = int(sid[len("uniform-x"):])
        power_tex, power_text = ("X", "X") if m == 1 else (f"X^{m}", "X" + str(m).translate(SUP))
        return ("X \\sim U(0,1)", "X ~ U(0,1)", f"f(X) = {power_tex}", f"f(X) = {power_text}",
                R(1, m + 1), R(1, 2 * m + 1) - R(1, (m + 1) ** 2))
    if sid.startswith("die"):
        n = int(sid[3:])
        return (f"X \\text{{ a fair {n}-sided die roll (faces 1 to {n})}}",
                f"X a fair {n}-sided die roll (faces 1 to {n})", "f(X) = X", "f(X) = X",
                R(n + 1, 2), R(n * n - 1, 12))
    if sid.startswith("bernoulli-"):
        p = R(sid[len("bernoulli-"):])
        return (f"B \\sim \\operatorname{{Bernoulli}}({tex(p)})", f"B ~ Bernoulli({uni(p)})", "f = B", "f = B",
                p, p * (1 - p))
    if sid.startswith("exponential-"):
        lam = R(sid[len("exponential-"):])
        return (f"X \\sim \\operatorname{{Exp}}({tex(lam)})\\ (\\text{{rate }}{tex(lam)})",
                f"X ~ Exp({uni(lam)}) (rate {uni(lam)})", "f(X) = X", "f(X) = X", 1 / lam, 1 / lam ** 2)
    if sid == "dart-pi":
        return ("(U,V) \\sim U([0,1]^2)", "(U,V) ~ U([0,1]²)", "f = \\mathbf 1[U^2+V^2 \\le 1]",
                "f = 1[U²+V² ≤ 1]", sp.pi / 4, sp.pi / 4 * (1 - sp.pi / 4))
    raise VerificationError(f"unknown setup {sid!r}")


SUP = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
NS = (100, 200, 300, 400, 500, 600, 900, 1000, 1600, 2500, 3600, 4900, 10000, 40000)
EPS = tuple(R(1, d) for d in (20, 25, 30, 40, 50, 60, 75, 80, 100, 120, 150, 200, 250, 300, 500)) + \
    (R(3, 100), R(3, 200))
#: se and weight: exact (surds, π, e), or decimals; samples: a count
CHECKING = Checking(precision="exact-or-decimal", sig_figs=3)
COUNT = Checking(precision="integer")


def _se(rng):
    sid = rng.choice(SETUP_IDS)
    dtex, dtext, ftex, ftext, mean, var = setup(sid)
    N = rng.choice(NS)
    se = sp.sqrt(var / N)
    prompt_tex = (f"A Monte Carlo estimate of \\(\\mathbb E[f]\\) with \\({dtex}\\), \\({ftex}\\), averages "
                  f"\\(N = {N}\\) independent samples. What is its standard error? {CHECKING.statement()}")
    prompt_text = (f"A Monte Carlo estimate of E[f] with {dtext}, {ftext}, averages N = {N} independent samples. "
                   f"What is its standard error? {CHECKING.statement()}")
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
    sid = rng.choice(SETUP_IDS)
    dtex, dtext, ftex, ftext, mean, var = setup(sid)
    eps = rng.choice(EPS)
    ratio = var / eps**2
    N = int(sp.ceiling(ratio))
    if N < 10:
        raise Reject("too few samples to be interesting")
    answer = sp.Integer(N)
    prompt_tex = (f"How many independent samples \\(N\\) does a Monte Carlo estimate of \\(\\mathbb E[f]\\) with "
                  f"\\({dtex}\\), \\({ftex}\\) need so that its standard error is at most \\({tex(eps)}\\)? "
                  f"Give the smallest such \\(N\\). {COUNT.statement()}")
    prompt_text = (f"How many independent samples N does a Monte Carlo estimate of E[f] with {dtext}, {ftext} need so "
                   f"that its standard error is at most {uni(eps)}? Give the smallest such N. {COUNT.statement()}")
    steps = (Step("Standard error √(Var/N) ≤ ε  ⇔  N ≥ Var/ε².", "N \\ge \\frac{\\operatorname{Var}(f)}{\\varepsilon^2}",
                  "N ≥ Var(f)/ε²"),
             Step("Variance of one sample.", f"\\operatorname{{Var}}(f) = {tex(var)}", f"Var(f) = {uni(var)}"),
             _divide_step(var, eps, ratio, N))
    mistakes = [Mistake("forgot to square ε", sp.Integer(math.ceil(float(var / eps))),
                        "SE = √(Var/N), so N scales with 1/ε², not 1/ε."),
                Mistake("used the standard deviation", sp.Integer(math.ceil(float(sp.sqrt(var) / eps**2))),
                        "N ≥ Var/ε² uses the variance, not the standard deviation."),
                Mistake("rounded down", answer - 1, "Round up: N − 1 samples leave the error just above ε.")]
    given = {"task": "samples", "setup": sid, "eps": str(eps)}
    return prompt_tex, prompt_text, answer, steps, given, mistakes


def _divide_step(var, eps, ratio, N) -> Step:
    if ratio.is_Integer:  # the bound is met with equality
        return Step("Divide: the bound is a whole number, and N equal to it gives SE = ε exactly.",
                    f"\\frac{{{tex(var)}}}{{({tex(eps)})^2}} = {N}", f"({uni(var)})/({uni(eps)})² = {N}")
    return Step("Divide and round up.",
                f"\\frac{{{tex(var)}}}{{({tex(eps)})^2}} \\approx {float(ratio):.6g} \\;\\Rightarrow\\; N = {N}",
                f"({uni(var)})/({uni(eps)})² ≈ {float(ratio):.6g} ⇒ N = {N}")


def _weight(rng):
    kind = rng.choice(("gauss", "gauss", "exp", "discrete"))
    if kind == "gauss":
        mu, s = rng.choice((0, 1, 2, -1, -2)), rng.choice((1, 2, 3))
        if (mu, s) == (0, 1):
            raise Reject("p = q")
        x = rng.randint(-3, 3)
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
        lam = rng.choice((R(1, 2), R(2), R(1, 3), R(3), R(3, 2), R(2, 3)))
        x = rng.choice((R(1, 2), R(1), R(3, 2), R(2), R(3), R(4)))
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
                  f"What is its importance weight \\(w(x) = p(x)/q(x)\\)? {CHECKING.statement()}")
    prompt_text = (f"Importance sampling {where_text}: a draw from the proposal lands at x = {uni(x)}. "
                   f"What is its importance weight w(x) = p(x)/q(x)? {CHECKING.statement()}")
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
    checking = COUNT if params["task"] == "samples" else CHECKING
    return Problem(ptex, ptext, answer, "number", tuple(steps), given, checking, tuple(kept))


# --- independent verification -------------------------------------------------

def _mpf(text: str) -> mpmath.mpf:
    f = Fraction(text)
    return mpmath.mpf(f.numerator) / f.denominator


@functools.lru_cache(maxsize=None)   # a pure function of the setup id: same value every call
def _variance_by_quadrature(sid: str) -> float:
    """Var f by mpmath quadrature / exact enumeration, never from the table of closed forms."""
    with mpmath.workdps(20):
        if sid.startswith("uniform-x"):
            m = int(sid[len("uniform-x"):])
            e1 = mpmath.quad(lambda t: t ** m, [0, 1])
            e2 = mpmath.quad(lambda t: t ** (2 * m), [0, 1])
        elif sid.startswith("exponential-"):
            lam = _mpf(sid[len("exponential-"):])
            e1 = mpmath.quad(lambda t: t * lam * mpmath.exp(-lam * t), [0, mpmath.inf])
            e2 = mpmath.quad(lambda t: t * t * lam * mpmath.exp(-lam * t), [0, mpmath.inf])
        elif sid == "dart-pi":   # P(U²+V² ≤ 1) = ∫₀¹ √(1−u²) du; f is an indicator so E[f²] = E[f]
            e1 = e2 = mpmath.quad(lambda u: mpmath.sqrt(1 - u * u), [0, 1])
        elif sid.startswith("die"):
            n = int(sid[3:])
            e1 = mpmath.fsum(range(1, n + 1)) / n
            e2 = mpmath.fsum(k * k for k in range(1, n + 1)) / n
        elif sid.startswith("bernoulli-"):   # enumerate the two outcomes
            p = _mpf(sid[len("bernoulli-"):])
            e1 = e2 = p * 1 + (1 - p) * 0
        else:
            raise VerificationError(f"unknown setup {sid!r}")
        return float(e2 - e1 * e1)


def _simulate(sid: str, n: int = 40000) -> np.ndarray:
    gen = np.random.default_rng(20240601)   # fixed seed: the check is reproducible, never flaky
    if sid.startswith("uniform-x"):
        return gen.random(n) ** int(sid[len("uniform-x"):])
    if sid.startswith("exponential-"):
        return gen.exponential(1.0 / float(Fraction(sid[len("exponential-"):])), n)
    if sid == "dart-pi":
        u, v = gen.random(n), gen.random(n)
        return (u * u + v * v <= 1).astype(float)
    if sid.startswith("die"):
        return gen.integers(1, int(sid[3:]) + 1, n).astype(float)
    return (gen.random(n) < float(Fraction(sid[len("bernoulli-"):]))).astype(float)


@functools.lru_cache(maxsize=None)
def _simulated_variance_agrees(sid: str, var: float) -> str:
    f = _simulate(sid)
    n = len(f)
    c = f - f.mean()
    s2 = float(np.mean(c * c)) * n / (n - 1)
    se_s2 = math.sqrt(max(float(np.mean(c ** 4)) - s2 * s2, 0.0) / n)
    # + 4·var/n: the O(1/n) bias of estimating the mean too (the whole error for Bernoulli(1/2))
    if abs(s2 - var) > 6 * se_s2 + 4 * var / n:
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
    # 1e-9 slack: when Var/ε² is a whole number, N = Var/ε² meets SE = ε exactly
    if not (math.sqrt(var / N) <= eps * (1 + 1e-9) and eps < math.sqrt(var / (N - 1))):
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
    var = setup(given["setup"])[5]
    if given["task"] == "se":
        return sp.sqrt(var / given["N"])
    return sp.ceiling(var / sp.Rational(given["eps"])**2)


FAMILY = Family(
    name="monte_carlo", version=2, title="Monte Carlo error and importance weights",
    summary="Standard error σ/√N of a Monte Carlo average, samples needed for a target error, "
            "and importance-sampling weights p(x)/q(x).",
    params={"task": Param("se", tuple(TASKS), "se: standard error; samples: smallest N for a target error; "
                          "weight: importance weight p/q at a draw")},
    generate=generate, verify=verify, baseline=baseline,
)
