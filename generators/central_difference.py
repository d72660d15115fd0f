"""Central-difference derivatives: the value for a given step, its error, its order.

    D_h f(x₀) = (f(x₀ + h) − f(x₀ − h)) / (2h) = f′(x₀) + f‴(x₀) h²/6 + O(h⁴)

Level 1: D_h for a polynomial (exact fraction); level 2: D_h for a
transcendental f (exact expression, decimals accepted); level 3: the error
D_h − f′(x₀) of a polynomial of degree ≤ 4, which is exactly f‴(x₀)h²/6;
level 4: the order p of a scheme's error O(hᵖ), as a number. Verified in high-precision
mpmath: direct evaluation, mpmath.diff, and an observed order from two steps.
"""

from __future__ import annotations

import random

import mpmath
import sympy as sp

from osmose import numeric
from osmose.family import (Checking, Evidence, Family, Mistake, Param, Problem, Reject, Step,
                           VerificationError)
from osmose.mathtext import given_str, tex, uni

X = sp.Symbol("x", real=True)
#: a finite-difference estimate: decimals to 4 significant figures (or the exact value)
VALUE = Checking(precision="decimal", sig_figs=4)
ERROR = Checking(sig_figs=3)
ORDER = Checking(precision="integer")
STEPS = (sp.Rational(1, 10), sp.Rational(1, 2), sp.Rational(1, 4), sp.Rational(1, 5))

#: scheme name -> (offsets, weights, divisor power of h, order of the error)
SCHEMES = {
    "forward": ((1, 0), (1, -1), 1, 1),
    "backward": ((0, -1), (1, -1), 1, 1),
    "central": ((1, -1), (sp.Rational(1, 2), sp.Rational(-1, 2)), 1, 2),
    "five-point": ((2, 1, -1, -2), (sp.Rational(-1, 12), sp.Rational(8, 12), sp.Rational(-8, 12),
                                     sp.Rational(1, 12)), 1, 4),
    "second-central": ((1, 0, -1), (1, -2, 1), 2, 2),
}
SCHEME_TEX = {
    "forward": r"\frac{f(x+h) - f(x)}{h} \approx f'(x)",
    "backward": r"\frac{f(x) - f(x-h)}{h} \approx f'(x)",
    "central": r"\frac{f(x+h) - f(x-h)}{2h} \approx f'(x)",
    "five-point": r"\frac{-f(x+2h) + 8f(x+h) - 8f(x-h) + f(x-2h)}{12h} \approx f'(x)",
    "second-central": r"\frac{f(x+h) - 2f(x) + f(x-h)}{h^2} \approx f''(x)",
}
SCHEME_TEXT = {
    "forward": "(f(x+h) − f(x))/h ≈ f′(x)",
    "backward": "(f(x) − f(x−h))/h ≈ f′(x)",
    "central": "(f(x+h) − f(x−h))/(2h) ≈ f′(x)",
    "five-point": "(−f(x+2h) + 8f(x+h) − 8f(x−h) + f(x−2h))/(12h) ≈ f′(x)",
    "second-central": "(f(x+h) − 2f(x) + f(x−h))/h² ≈ f″(x)",
}
WHY_ORDER = {
    "forward": "Taylor: f(x+h) = f + hf′ + h²f″/2 + …, so the error is hf″/2 + … = O(h).",
    "backward": "Taylor: f(x−h) = f − hf′ + h²f″/2 − …, so the error is −hf″/2 + … = O(h).",
    "central": "The even Taylor terms cancel in f(x+h) − f(x−h); the error is h²f‴/6 + … = O(h²).",
    "five-point": "The weights cancel the h² term too; the error is −h⁴f⁽⁵⁾/30 + … = O(h⁴).",
    "second-central": "Odd terms cancel in f(x+h) − 2f(x) + f(x−h); the error is h²f⁽⁴⁾/12 + … = O(h²).",
}


def _coef(rng, top=3):
    return rng.choice((-1, 1)) * rng.randint(1, top)


def _poly(rng: random.Random, degree: int) -> sp.Expr:
    return _coef(rng) * X**degree + sum(rng.randint(-3, 3) * X**k for k in range(degree))


def _transcendental(rng: random.Random) -> tuple[sp.Expr, sp.Integer]:
    kind = rng.randrange(4)
    if kind == 0:
        return sp.sin(rng.choice((1, 2)) * X), sp.Integer(rng.randint(0, 2))
    if kind == 1:
        return sp.exp(rng.choice((1, -1, 2)) * X), sp.Integer(rng.randint(-1, 1))
    if kind == 2:
        return sp.log(X), sp.Integer(rng.randint(1, 3))
    return X * sp.cos(X), sp.Integer(rng.randint(0, 2))


def central(f: sp.Expr, x0, h) -> sp.Expr:
    return (f.subs(X, x0 + h) - f.subs(X, x0 - h)) / (2 * h)


def _value(rng: random.Random, level: int) -> Problem:
    h = rng.choice(STEPS)
    if level == 1:
        f, x0 = _poly(rng, 3), sp.Integer(rng.randint(-2, 2))
    else:
        f, x0 = _transcendental(rng)
        if x0 - h <= 0 and f.has(sp.log):
            raise Reject("log needs x > 0")
    fp, fm = f.subs(X, x0 + h), f.subs(X, x0 - h)
    answer = (fp - fm) / (2 * h)
    if level == 1:
        exact = f.diff(X).subs(X, x0)
        if answer == exact or answer.q > 400:
            raise Reject("no truncation error to see, or ugly")
    else:
        exact = f.diff(X).subs(X, x0)
    forward = (fp - f.subs(X, x0)) / h
    steps = (
        Step("The central difference uses one point on each side.",
             r"D_h f(x_0) = \frac{f(x_0+h) - f(x_0-h)}{2h}", "D_h f(x₀) = (f(x₀+h) − f(x₀−h))/(2h)"),
        Step("Evaluate f on both sides.",
             rf"f({tex(x0 + h)}) = {tex(fp)},\quad f({tex(x0 - h)}) = {tex(fm)}",
             f"f({x0 + h}) = {uni(fp)}, f({x0 - h}) = {uni(fm)}"),
        Step("Divide the difference by 2h.", rf"D_h f(x_0) = {tex(answer)}", f"D_h f(x₀) = {uni(answer)}"),
        Step("For comparison, the exact derivative.", rf"f'(x_0) = {tex(exact)}", f"f′(x₀) = {uni(exact)}"),
    )
    mistakes = [
        Mistake("divided by h", 2 * answer, "The two points are 2h apart: divide by 2h."),
        Mistake("forward difference", forward, "That is the forward difference (f(x₀+h) − f(x₀))/h."),
        Mistake("exact derivative", exact, "That is f′(x₀); the question asks for the finite-difference value."),
    ]
    good = [m for m in mistakes if abs(float(m.answer) - float(answer)) > 1e-9]
    return Problem(
        prompt_tex=(rf"Compute the central difference \(D_h f(x_0) = \frac{{f(x_0+h) - f(x_0-h)}}{{2h}}\) for "
                    rf"\[f(x) = {tex(f)},\quad x_0 = {tex(x0)},\quad h = {tex(h)}.\] {VALUE.statement()}"),
        prompt_text=(f"Central difference (f(x₀+h) − f(x₀−h))/(2h) for f(x) = {uni(f)}, x₀ = {x0}, h = {h}. "
                     f"{VALUE.statement()}"),
        answer=answer, kind="number", solution=steps,
        given={"ask": "value", "f": given_str(f), "x0": str(x0), "h": str(h)},
        checking=VALUE, mistakes=tuple(good),
    )


def _error(rng: random.Random) -> Problem:
    f, x0, h = _poly(rng, rng.choice((3, 4))), sp.Integer(rng.randint(-2, 2)), rng.choice(STEPS)
    d3 = f.diff(X, 3).subs(X, x0)
    if d3 == 0:
        raise Reject("no h² error term")
    answer = d3 * h**2 / 6
    d2 = f.diff(X, 2).subs(X, x0)
    steps = (
        Step("Taylor-expand f(x₀ ± h); the even powers cancel in the difference.",
             r"\frac{f(x_0+h)-f(x_0-h)}{2h} = f'(x_0) + \frac{h^2}{6}f'''(x_0) + \frac{h^4}{120}f^{(5)}(x_0) + \dots",
             "D_h f = f′ + h²f‴/6 + h⁴f⁽⁵⁾/120 + …"),
        Step("For a polynomial of degree ≤ 4, f⁽⁵⁾ = 0, so the error is exactly the h² term.",
             rf"f'''(x) = {tex(f.diff(X, 3))},\quad f'''({x0}) = {tex(d3)}", f"f‴(x) = {uni(f.diff(X, 3))}, f‴({x0}) = {d3}"),
        Step("Error.", rf"D_h f(x_0) - f'(x_0) = \frac{{h^2}}{{6}}f'''(x_0) = {tex(answer)}",
             f"D_h f(x₀) − f′(x₀) = h²f‴(x₀)/6 = {answer}"),
    )
    mistakes = [
        Mistake("sign of the error", -answer, "Error here means D_h f(x₀) − f′(x₀)."),
        Mistake("forward-difference error", d2 * h / 2, "hf″/2 is the leading error of the forward difference."),
        Mistake("missing 1/6", d3 * h**2, "Taylor's cubic term is h³f‴/3! = h³f‴/6; after dividing by 2h: h²f‴/6."),
    ]
    return Problem(
        prompt_tex=(rf"For \[f(x) = {tex(f)},\quad x_0 = {x0},\quad h = {tex(h)},\] give the error "
                    r"\(D_h f(x_0) - f'(x_0)\) of the central difference "
                    r"\(D_h f(x_0) = \frac{f(x_0+h) - f(x_0-h)}{2h}\). " + ERROR.statement()),
        prompt_text=(f"f(x) = {uni(f)}, x₀ = {x0}, h = {h}: the error D_h f(x₀) − f′(x₀) of the central difference "
                     f"D_h f(x₀) = (f(x₀+h) − f(x₀−h))/(2h). {ERROR.statement()}"),
        answer=answer, kind="number", solution=steps,
        given={"ask": "error", "f": given_str(f), "x0": str(x0), "h": str(h)},
        checking=ERROR, mistakes=tuple(m for m in mistakes if m.answer != answer),
    )


def _order(rng: random.Random) -> Problem:
    name = rng.choice(sorted(SCHEMES))
    p = SCHEMES[name][3]
    answer = sp.Integer(p)
    steps = (Step(WHY_ORDER[name], SCHEME_TEX[name], SCHEME_TEXT[name]),
             Step(f"Halving h divides the error by about 2^{p} = {2 ** p}.", rf"\text{{error}} = O(h^{{{p}}})",
                  f"error = O(h^{p}), p = {p}"))
    mistakes = []
    if name in ("central", "second-central"):
        mistakes.append(Mistake("one-sided thinking", sp.Integer(1),
                                "Symmetric stencils cancel the odd (or even) Taylor terms: the error is O(h²)."))
    if name in ("forward", "backward"):
        mistakes.append(Mistake("confused with central", sp.Integer(2),
                                "Only the symmetric central difference cancels the h term; one-sided ones are O(h)."))
    if name == "five-point":
        mistakes.append(Mistake("confused with central", sp.Integer(2),
                                "The 5-point weights (−1, 8, −8, 1)/12 cancel the h² term as well: O(h⁴)."))
    return Problem(
        prompt_tex=(rf"The scheme \[{SCHEME_TEX[name]}\] has error \(O(h^p)\) as \(h \to 0\) for smooth \(f\). "
                    r"Give the order \(p\). " + ORDER.statement()),
        prompt_text=f"Scheme {SCHEME_TEXT[name]}: its error is O(h^p) as h → 0. Give the order p. {ORDER.statement()}",
        answer=answer, kind="number", solution=steps,
        given={"ask": "order", "scheme": name,
               "offsets": [int(o) for o in SCHEMES[name][0]],
               "weights": [str(w) for w in SCHEMES[name][1]], "h_power": SCHEMES[name][2]},
        checking=ORDER, mistakes=tuple(mistakes),
    )


def generate(rng: random.Random, params: dict) -> Problem:
    level = params["level"]
    if level <= 2:
        return _value(rng, level)
    return _error(rng) if level == 3 else _order(rng)


def verify(given: dict, answer) -> Evidence:
    with mpmath.workdps(40):
        if given["ask"] == "order":
            return _verify_order(given, answer)
        f = sp.lambdify(sp.Symbol("x"), sp.sympify(given["f"]), modules="mpmath")
        x0, h = _mp(given["x0"]), _mp(given["h"])
        d = (f(x0 + h) - f(x0 - h)) / (2 * h)
        if given["ask"] == "value":
            err = numeric.require_close(float(answer), float(d), "central difference", rel=1e-12)
            return Evidence("mpmath", "direct evaluation at 40 digits", err)
        expected = d - mpmath.diff(f, x0)
        err = numeric.require_close(float(answer), float(expected), "error", rel=1e-12)
        return Evidence("mpmath", "D_h f − mpmath.diff(f, x₀) at 40 digits", err)


def _mp(text: str):
    r = sp.Rational(text)
    return mpmath.mpf(int(r.p)) / int(r.q)


def _verify_order(given: dict, answer) -> Evidence:
    """Observed order log₂(e(h)/e(h/2)) on f = exp(sin x) at x = 0.3."""
    f = lambda t: mpmath.exp(mpmath.sin(t))  # noqa: E731
    x = mpmath.mpf("0.3")
    deriv = 2 if given["h_power"] == 2 else 1
    exact = mpmath.diff(f, x, deriv)
    weights = [_mp(w) for w in given["weights"]]

    def err(h):
        approx = sum(w * f(x + o * h) for o, w in zip(given["offsets"], weights)) / h ** given["h_power"]
        return abs(approx - exact)

    h = mpmath.mpf("1e-3")
    observed = float(mpmath.log(err(h) / err(h / 2), 2))
    p = round(observed)
    if abs(observed - p) > 0.05 or answer != p:
        raise VerificationError(f"observed order {observed:.3f}, answer {answer}")
    return Evidence("mpmath", f"observed order log2(e(h)/e(h/2)) = {observed:.3f} on exp(sin x), 40 digits",
                    abs(observed - p))


def baseline(given: dict):
    """Bare SymPy: the difference quotient, its error, or the order from a series (benchmarks/generate.py)."""
    x = sp.Symbol("x")
    if given["ask"] == "order":
        h = sp.Symbol("h", positive=True)
        stencil = sum(sp.Rational(w) * sp.exp(x + o * h) for o, w in zip(given["offsets"], given["weights"]))
        err = sp.series(stencil / h ** given["h_power"] - sp.exp(x), h, 0, 6).removeO()
        return sp.Integer(min(sp.Poly(sp.expand(err / sp.exp(x)), h).monoms())[0])
    f, x0, h = sp.sympify(given["f"]), sp.Rational(given["x0"]), sp.Rational(given["h"])
    value = (f.subs(x, x0 + h) - f.subs(x, x0 - h)) / (2 * h)
    return value if given["ask"] == "value" else value - f.diff(x).subs(x, x0)


FAMILY = Family(
    name="central_difference", version=2, title="Central-difference derivative",
    summary="The central-difference value for a given step h, its exact error, and the error order of common schemes.",
    params={"level": Param(1, (1, 2, 3, 4),
                           "1: value for a polynomial, 2: value for sin/exp/log, 3: the exact error, 4: order of a scheme")},
    generate=generate, verify=verify, baseline=baseline,
)
