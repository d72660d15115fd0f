"""Jensen's inequality: the gap E[g(X)] − g(E[X]) ≥ 0 for a convex g and a discrete X.

The exact gap is built symbolically from the distribution. Verification evaluates g
from its ``given`` string at 30 significant digits with mpmath (and, for g(x) = x²,
also as numpy's weighted variance, the identity the learner should notice), and
checks that the gap is positive as Jensen's inequality demands.
"""

from __future__ import annotations

import mpmath
import numpy as np
import sympy as sp

from osmose import numeric
from osmose.family import Checking, Evidence, Family, Mistake, Param, Problem, Reject, Step, VerificationError
from osmose.mathtext import tex, uni

x = sp.Symbol("x")
R = sp.Rational
DENOMS = (2, 3, 4, 5, 6)

#: level → list of (g, support range, where g is convex as (tex, text); None for all of ℝ)
FUNCTIONS = {
    1: [(x**2, range(-3, 6), None)],
    2: [(x**3, range(0, 5), ("x \\ge 0", "x ≥ 0")), (1 / x, range(1, 7), ("x > 0", "x > 0")),
        (2**x, range(0, 6), None), ((x - 1)**4, range(-1, 4), None)],
    3: [(sp.exp(x), range(0, 4), None), (-sp.log(x), range(1, 7), ("x > 0", "x > 0")),
        (x * sp.log(x), range(1, 6), ("x > 0", "x > 0")), (sp.exp(-x), range(-2, 3), None)],
}


def _distribution(rng, support_range):
    k = rng.choice((2, 2, 3))
    values = sorted(rng.sample(list(support_range), k))
    d = rng.choice(DENOMS)
    if d < k:
        raise Reject("too few mass units")
    cuts = sorted(rng.sample(range(1, d), k - 1))
    probs = [R(b - a, d) for a, b in zip([0] + cuts, cuts + [d])]
    return [sp.Integer(v) for v in values], probs


def _tex_paren(v) -> str:
    """A factor in a product: parenthesized unless it is a non-negative atom."""
    return tex(v) if (v.is_Atom and v >= 0) else f"\\left({tex(v)}\\right)"


def _uni_paren(v) -> str:
    """A factor after "p·": bracketed when it is a sum, negative or a fraction (no "2/3·1/3")."""
    bare = not v.is_Add and not (v.is_Rational and not v.is_Integer) and not (v.is_number and v.is_negative)
    return uni(v) if bare else f"({uni(v)})"


def generate(rng, params) -> Problem:
    level = params["level"]
    g, support, convex_on = rng.choice(FUNCTIONS[level])
    values, probs = _distribution(rng, support)
    mean = sum((p * v for p, v in zip(probs, values)), sp.S.Zero)
    g_vals = [g.subs(x, v) for v in values]
    e_g = sp.expand(sum((p * gv for p, gv in zip(probs, g_vals)), sp.S.Zero))
    g_mean = g.subs(x, mean)
    gap = sp.expand(e_g - g_mean)
    gap_f = float(gap)
    if gap_f < 0.01:
        raise Reject("no visible gap")
    if gap_f > 200 or (level < 3 and (not gap.is_Rational or gap.q > 400)):
        raise Reject("numbers too large for hand work")
    table_tex = ",\\ ".join(f"P(X={tex(v)}) = {tex(p)}" for v, p in zip(values, probs))
    table_text = ", ".join(f"P(X={v}) = {uni(p)}" for v, p in zip(values, probs))
    g_tex, g_text = tex(g), uni(g)
    # Say where g is convex when it is not convex on all of ℝ (x³, 1/x, −ln x, x ln x).
    lead = "the function" if convex_on else "the convex function"
    where_tex = f", convex for \\({convex_on[0]}\\)," if convex_on else ","
    where_text = f", convex for {convex_on[1]}," if convex_on else ","
    prompt_tex = (f"A random variable has the distribution \\({table_tex}\\). For {lead} "
                  f"\\(g(x) = {g_tex}\\){where_tex} compute the Jensen gap \\(\\mathbb E[g(X)] - g(\\mathbb E[X])\\).")
    prompt_text = (f"A random variable has the distribution {table_text}. For {lead} g(x) = {g_text}"
                   f"{where_text} compute the Jensen gap E[g(X)] − g(E[X]).")
    steps = [
        Step("Mean of X.", "\\mathbb E[X] = " + " + ".join(f"{tex(p)}\\cdot {_tex_paren(v)}" for v, p in zip(values, probs))
             + f" = {tex(mean)}",
             "E[X] = " + " + ".join(f"{uni(p)}·{_uni_paren(v)}" for v, p in zip(values, probs)) + f" = {uni(mean)}"),
        Step("Average of g(X), weighting each value by its probability.",
             "\\mathbb E[g(X)] = " + " + ".join(f"{tex(p)}\\cdot {_tex_paren(gv)}" for gv, p in zip(g_vals, probs))
             + f" = {tex(e_g)}",
             "E[g(X)] = " + " + ".join(f"{uni(p)}·{_uni_paren(gv)}" for gv, p in zip(g_vals, probs)) + f" = {uni(e_g)}"),
        Step("g at the mean.", f"g(\\mathbb E[X]) = g\\left({tex(mean)}\\right) = {tex(g_mean)}",
             f"g(E[X]) = g({uni(mean)}) = {uni(g_mean)}"),
        Step("Subtract; convexity guarantees a non-negative result (zero only if X is constant or g is "
             "linear on its support).",
             f"\\mathbb E[g(X)] - g(\\mathbb E[X]) = {tex(gap)} \\approx {gap_f:.4g}",
             f"E[g(X)] − g(E[X]) = {uni(gap)} ≈ {gap_f:.4g}"),
    ]
    if g == x**2:
        steps.append(Step("For g(x) = x² the Jensen gap is exactly the variance of X.",
                          "\\mathbb E[X^2] - (\\mathbb E[X])^2 = \\operatorname{Var}(X)", "E[X²] − (E[X])² = Var(X)"))
    n = len(values)
    unweighted = sp.expand(sum(g_vals, sp.S.Zero) / n - g.subs(x, sum(values, sp.S.Zero) / n))
    candidates = [
        Mistake("sign swapped", -gap, "Jensen's gap for convex g is E[g(X)] − g(E[X]), which is never negative."),
        Mistake("forgot g(E[X])", e_g, "That is E[g(X)] alone; subtract g(E[X])."),
        Mistake("ignored the probabilities", unweighted,
                "Weight each value by its probability instead of averaging the values uniformly."),
    ]
    mistakes, seen = [], {gap}
    for m in candidates:
        if m.answer not in seen:
            seen.add(m.answer)
            mistakes.append(m)
    given = {"g": str(g), "values": [str(v) for v in values], "probs": [str(p) for p in probs]}
    return Problem(prompt_tex, prompt_text, gap, "number", tuple(steps), given, Checking(), tuple(mistakes))


def verify(given, answer) -> Evidence:
    g = sp.lambdify(x, sp.sympify(given["g"]), modules="mpmath")
    with mpmath.workdps(30):
        values = [mpmath.mpf(sp.Rational(v).p) / sp.Rational(v).q for v in given["values"]]
        probs = [mpmath.mpf(sp.Rational(p).p) / sp.Rational(p).q for p in given["probs"]]
        if abs(sum(probs) - 1) > mpmath.mpf(10) ** -25:
            raise VerificationError("probabilities do not sum to 1")
        mean = mpmath.fsum(p * v for p, v in zip(probs, values))
        gap = float(mpmath.fsum(p * g(v) for p, v in zip(probs, values)) - g(mean))
    ans = float(answer)
    err = numeric.require_close(gap, ans, "Jensen gap", rel=1e-9)
    if gap <= 0:
        raise VerificationError(f"Jensen gap {gap} is not positive for a convex g")
    detail = "E[g(X)] − g(E[X]) at 30 digits with mpmath"
    if given["g"] == "x**2":
        v = np.array([float(sp.Rational(s)) for s in given["values"]])
        w = np.array([float(sp.Rational(s)) for s in given["probs"]])
        var = float(np.cov(v, aweights=w, bias=True))
        err = max(err, numeric.require_close(var, ans, "variance", rel=1e-9))
        detail += "; equals numpy's weighted variance"
    return Evidence("high-precision evaluation", detail, err)


def baseline(given):
    """Bare SymPy: E[g(X)] − g(E[X]) from the given distribution."""
    g = sp.sympify(given["g"])
    vals = [sp.Rational(v) for v in given["values"]]
    probs = [sp.Rational(p) for p in given["probs"]]
    mean = sum(p * v for p, v in zip(probs, vals))
    return sp.expand(sum(p * g.subs(x, v) for p, v in zip(probs, vals)) - g.subs(x, mean))


FAMILY = Family(
    name="jensen_gap", version=1, title="Jensen's gap E[g(X)] − g(E[X])",
    summary="Compute E[g(X)] − g(E[X]) ≥ 0 for a convex g and a small discrete distribution.",
    params={"level": Param(1, (1, 2, 3), "1: g(x) = x² (the variance), 2: powers, 1/x, 2^x, "
                           "3: exp, −ln, x ln x (exact transcendental answers)")},
    generate=generate, verify=verify, baseline=baseline,
)
