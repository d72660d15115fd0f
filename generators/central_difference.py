"""Finite differences: the value for a given step, its error, stencils by Taylor expansion, the best h.

    D_h f(x₀) = (f(x₀ + h) − f(x₀ − h)) / (2h) = f′(x₀) + f‴(x₀) h²/6 + O(h⁴)

Level 1: D_h for a polynomial; level 2: D_h for a transcendental f and its error
D_h − f′(x₀) (a pair of decimals); level 3: the exact error of a polynomial of degree
≤ 4, which is exactly f‴(x₀)h²/6 (Taylor); level 4: a stencil on 3 or 4 points
(offsets drawn, not a recall bank): derive its weights by Taylor expansion (the moment
equations Σ wᵢoᵢᵏ = d!·[k = d]), or the order p of its error for given weights; level 5:
the step h that balances truncation against rounding error for a stated error model.
Verified in high-precision mpmath: direct evaluation, mpmath.diff, an observed order
log₂(e(h)/e(h/2)) on exp(sin x), and a numerical minimisation of the error model.
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
#: a value and its (small) error: each to 4 significant figures of its own size
PAIR = Checking(precision="decimal", sig_figs=4)
WEIGHTS = Checking(precision="exact")
BEST_H = Checking(precision="decimal", sig_figs=3)
STEPS = (sp.Rational(1, 10), sp.Rational(1, 2), sp.Rational(1, 4), sp.Rational(1, 5))

def _coef(rng, top=3):
    return rng.choice((-1, 1)) * rng.randint(1, top)


def _poly(rng: random.Random, degree: int) -> sp.Expr:
    return _coef(rng) * X**degree + sum(rng.randint(-3, 3) * X**k for k in range(degree))


def _transcendental(rng: random.Random) -> tuple[sp.Expr, sp.Integer]:
    kind = rng.randrange(8)
    k = rng.choice((1, 2, 3))
    if kind == 0:
        return sp.sin(k * X), sp.Integer(rng.randint(0, 3))
    if kind == 1:
        return sp.cos(k * X), sp.Integer(rng.randint(1, 3))
    if kind == 2:
        return sp.exp(rng.choice((1, -1, 2, -2)) * X), sp.Integer(rng.randint(-1, 2))
    if kind == 3:
        return sp.log(k * X), sp.Integer(rng.randint(1, 4))
    if kind == 4:
        return X * sp.cos(X), sp.Integer(rng.randint(0, 3))
    if kind == 5:
        return X * sp.exp(X), sp.Integer(rng.randint(-1, 2))
    if kind == 6:
        return sp.sqrt(X), sp.Integer(rng.randint(1, 4))
    return 1 / (k + X**2), sp.Integer(rng.randint(0, 3))


def central(f: sp.Expr, x0, h) -> sp.Expr:
    return (f.subs(X, x0 + h) - f.subs(X, x0 - h)) / (2 * h)


def _value(rng: random.Random, level: int) -> Problem:
    h = rng.choice(STEPS)
    if level == 1:
        f, x0 = _poly(rng, 3), sp.Integer(rng.randint(-2, 2))
    else:
        f, x0 = _transcendental(rng)
        if x0 - h <= 0 and (f.has(sp.log) or f.has(sp.sqrt(X))):
            raise Reject("log and √ need x > 0")
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
    if level == 2:
        return _with_error(f, x0, h, answer, exact, forward, steps)
    return Problem(
        prompt_tex=(rf"Compute the central difference \(D_h f(x_0) = \frac{{f(x_0+h) - f(x_0-h)}}{{2h}}\) for "
                    rf"\[f(x) = {tex(f)},\quad x_0 = {tex(x0)},\quad h = {tex(h)}.\] {VALUE.statement()}"),
        prompt_text=(f"Central difference (f(x₀+h) − f(x₀−h))/(2h) for f(x) = {uni(f)}, x₀ = {x0}, h = {h}. "
                     f"{VALUE.statement()}"),
        answer=answer, kind="number", solution=steps,
        given={"ask": "value", "f": given_str(f), "x0": str(x0), "h": str(h)},
        checking=VALUE, mistakes=tuple(good),
    )


def _with_error(f, x0, h, value, exact, forward, steps) -> Problem:
    """Level 2: the value D_h f(x₀) and its error D_h f(x₀) − f′(x₀), as a pair."""
    error = value - exact
    if value == 0 or error == 0:
        raise Reject("a symmetric f at a symmetric point: nothing to estimate")
    answer = (value, error)
    say = PAIR.statement()
    lead = float(h**2 * f.diff(X, 3).subs(X, x0) / 6)
    steps = steps[:3] + (
        Step("The error is the estimate minus the exact derivative; Taylor predicts about h²f‴(x₀)/6.",
             rf"f'(x_0) = {tex(exact)},\quad D_h f(x_0) - f'(x_0) = {tex(error)} \approx {float(error):.4g},"
             rf"\quad \tfrac{{h^2}}{{6}}f^{{(3)}}(x_0) \approx {lead:.4g}",
             f"f′(x₀) = {uni(exact)}, D_h f(x₀) − f′(x₀) = {uni(error)} ≈ {float(error):.4g}, "
             f"h²f‴(x₀)/6 ≈ {lead:.4g}"),
    )
    candidates = [
        ("error with the wrong sign", (value, -error), "The error is D_h f(x₀) − f′(x₀): the estimate minus the truth."),
        ("divided by h", (2 * value, 2 * value - exact), "The two points are 2h apart: divide by 2h."),
        ("forward difference", (forward, forward - exact), "That is the forward difference (f(x₀+h) − f(x₀))/h."),
    ]
    mistakes = tuple(Mistake(n, w, fb) for n, w, fb in candidates
                     if any(abs(float(a) - float(b)) > 1e-9 * max(1.0, abs(float(b))) for a, b in zip(w, answer)))
    return Problem(
        prompt_tex=(rf"For \[f(x) = {tex(f)},\quad x_0 = {tex(x0)},\quad h = {tex(h)},\] give the central difference "
                    r"\(D_h f(x_0) = \frac{f(x_0+h) - f(x_0-h)}{2h}\) and its error \(D_h f(x_0) - f'(x_0)\), "
                    rf"as a pair \((D_h f(x_0),\ D_h f(x_0) - f'(x_0))\). {say}"),
        prompt_text=(f"For f(x) = {uni(f)}, x₀ = {x0}, h = {h}: give the central difference "
                     f"D_h f(x₀) = (f(x₀+h) − f(x₀−h))/(2h) and its error D_h f(x₀) − f′(x₀), as a pair "
                     f"(D_h f(x₀), D_h f(x₀) − f′(x₀)). {say}"),
        answer=answer, kind="tuple", solution=steps,
        given={"ask": "value_error", "f": given_str(f), "x0": str(x0), "h": str(h)},
        checking=PAIR, mistakes=mistakes,
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


#: offsets a stencil may use (in units of h)
OFFSETS = (-4, -3, -2, -1, 0, 1, 2, 3, 4)


def moments(offsets, weights, upto: int) -> list:
    """m_k = Σ wᵢ oᵢᵏ for k = 0..upto: the Taylor coefficients (times k!) of the stencil."""
    return [sum(w * sp.Integer(o) ** k for o, w in zip(offsets, weights)) for k in range(upto + 1)]


def stencil_weights(offsets, d: int) -> tuple:
    """The weights with Σ wᵢ oᵢᵏ = d!·[k = d] for k < n: exact on polynomials of degree < n."""
    n = len(offsets)
    M = sp.Matrix(n, n, lambda k, i: sp.Integer(offsets[i]) ** k)
    rhs = sp.Matrix([sp.factorial(d) if k == d else 0 for k in range(n)])
    return tuple(M.LUsolve(rhs))


def stencil_order(offsets, weights, d: int) -> tuple[int, int, list]:
    """(p, K, moments): the first k > d with m_k ≠ 0 is K, and the error is O(h^(K−d))."""
    ms = moments(offsets, weights, len(offsets) + 3)
    if ms[d] != sp.factorial(d) or any(ms[k] != 0 for k in range(d)):
        raise ValueError("not a consistent stencil")
    K = next(k for k in range(d + 1, len(ms)) if ms[k] != 0)
    return K - d, K, ms


def _f_of(o: int, minus: str = "−") -> str:
    if o == 0:
        return "f(x)"
    return f"f(x{'+' if o > 0 else minus}{'' if abs(o) == 1 else abs(o)}h)"


def _stencil(rng: random.Random) -> Problem:
    d = rng.choice((1, 1, 2))
    n = rng.choice((3, 3, 4)) if d == 1 else rng.choice((3, 4))
    offsets = tuple(sorted(rng.sample(OFFSETS, n)))
    weights = stencil_weights(offsets, d)
    p, K, ms = stencil_order(offsets, weights, d)
    if max(abs(w) for w in weights) > 12 or max(w.q for w in weights) > 60 or 0 in weights:
        raise Reject("unwieldy weights, or a point the stencil does not use")
    fs_tex = ", ".join(_f_of(o, "-") for o in offsets)
    fs_text = ", ".join(_f_of(o) for o in offsets)
    deriv_tex, deriv_text = ("f'(x)", "f′(x)") if d == 1 else ("f''(x)", "f″(x)")
    hd_tex, hd_text = ("h", "h") if d == 1 else ("h^2", "h²")
    taylor = Step("Taylor-expand every point, f(x + oh) = Σₖ oᵏhᵏf⁽ᵏ⁾(x)/k!; the stencil Σ wᵢ f(x + oᵢh)/hᵈ "
                  "then equals Σₖ (mₖ/k!)·hᵏ⁻ᵈ·f⁽ᵏ⁾(x) with the moments mₖ = Σ wᵢ oᵢᵏ.",
                  r"\frac{1}{h^d}\sum_i w_i f(x+o_ih) = \sum_k \frac{m_k}{k!}\,h^{k-d} f^{(k)}(x),\quad "
                  r"m_k = \sum_i w_i o_i^k",
                  "(1/hᵈ) Σ wᵢ f(x + oᵢh) = Σₖ (mₖ/k!)·h^(k−d)·f⁽ᵏ⁾(x), mₖ = Σ wᵢ oᵢᵏ")
    moment_tex = ",\\ ".join(f"m_{k} = {tex(m)}" for k, m in enumerate(ms[:K + 1]))
    moment_text = ", ".join(f"m{k} = {uni(m)}" for k, m in enumerate(ms[:K + 1]))
    lead = ms[K] / sp.factorial(K)
    error_step = Step(f"The first moment after m{d} that does not vanish is m{K}, so the error is "
                      f"(m{K}/{K}!)·h^{p}·f^({K})(x) + …: order p = {K} − {d} = {p}.",
                      rf"{moment_tex};\quad \text{{error}} = {tex(lead)}\,h^{{{p}}} f^{{({K})}}(x) + \dots",
                      f"{moment_text}; error = {uni(lead)}·h^{p}·f^({K})(x) + …")
    if rng.random() < 0.5:
        answer = weights
        say = WEIGHTS.statement()
        sum_tex = " + ".join(f"w_{i + 1}{_f_of(o, '-')}" for i, o in enumerate(offsets))
        sum_text = " + ".join(f"w{i + 1}·{_f_of(o)}" for i, o in enumerate(offsets))
        prompt_tex = (rf"Find the weights that make \[\frac{{{sum_tex}}}{{{hd_tex}}} \approx {deriv_tex}\] "
                      rf"as accurate as {n} points allow (exact for every polynomial of degree below {n}), "
                      rf"by Taylor expansion. Give \((w_1, \dots, w_{n})\), in the order of the points "
                      rf"\({fs_tex}\). {say}")
        prompt_text = (f"Find the weights that make ({sum_text})/{hd_text} ≈ {deriv_text} as accurate as {n} points "
                       f"allow (exact for every polynomial of degree below {n}), by Taylor expansion. Give "
                       f"(w1, …, w{n}), in the order of the points {fs_text}. {say}")
        rhs = [sp.factorial(d) if k == d else 0 for k in range(n)]
        system = Step(f"Match the Taylor series: m_k = {d}!·[k = {d}] for k = 0, …, {n - 1} ({n} linear equations "
                      f"for {n} weights).",
                      r",\quad ".join(rf"\sum_i w_i o_i^{k} = {r}" for k, r in enumerate(rhs)),
                      "; ".join(f"Σ wᵢ·oᵢ^{k} = {r}" for k, r in enumerate(rhs)))
        solved = Step("Solve the system.", rf"(w_1,\dots,w_{n}) = {tex(answer)}", f"(w1, …, w{n}) = {uni(answer)}")
        steps = (taylor, system, solved, error_step)
        candidates = [("points in reverse order", tuple(reversed(weights)),
                       f"List the weights in the order of the points {fs_text}.")]
        if d == 2:
            candidates.append(("forgot the 2! in m₂", tuple(w / 2 for w in weights),
                               "The h² term of f(x + oh) is o²h²f″/2!, so m₂ must equal 2! = 2 to leave f″ alone."))
        candidates.append(("sign of every weight", tuple(-w for w in weights),
                           f"m{d} = Σ wᵢ oᵢ^{d} must be +{sp.factorial(d)}, not −{sp.factorial(d)}."))
        kept: list[Mistake] = []
        for nm, w, fb in candidates:
            if w != answer and all(w != m.answer for m in kept):
                kept.append(Mistake(nm, w, fb))
        given = {"ask": "weights", "offsets": list(offsets), "derivative": d, "h_power": d}
        checking, kind = WEIGHTS, "tuple"
    else:
        answer = sp.Integer(p)
        say = ORDER.statement()
        combo_tex = " + ".join(f"({tex(w)}){_f_of(o, '-')}" for o, w in zip(offsets, weights))
        combo_text = " + ".join(f"({uni(w)})·{_f_of(o)}" for o, w in zip(offsets, weights))
        prompt_tex = (rf"The stencil \[\frac{{{combo_tex}}}{{{hd_tex}}} \approx {deriv_tex}\] has error \(O(h^p)\) as "
                      rf"\(h \to 0\) for smooth \(f\). Find the order \(p\) by Taylor-expanding each term. {say}")
        prompt_text = (f"The stencil ({combo_text})/{hd_text} ≈ {deriv_text} has error O(h^p) as h → 0 for smooth f. "
                       f"Find the order p by Taylor-expanding each term. {say}")
        steps = (taylor, error_step)
        candidates = [("points minus one", sp.Integer(n - 1),
                       f"{n} points do not always give order {n - 1}: read the order off the first moment that "
                       "does not vanish."),
                      ("power of h before dividing", sp.Integer(K),
                       f"The stencil divides by h^{d}: the term m{K}·h^{K} becomes h^{K - d}."),
                      ("points minus the derivative", sp.Integer(n - d),
                       f"Here m{n} vanishes as well (the points sit symmetrically): the first surviving moment is m{K}.")]
        kept = []
        for nm, w, fb in candidates:
            if w != answer and w > 0 and all(w != m.answer for m in kept):
                kept.append(Mistake(nm, w, fb))
        given = {"ask": "order", "offsets": list(offsets), "weights": [str(w) for w in weights], "h_power": d}
        checking, kind = ORDER, "number"
    return Problem(prompt_tex=prompt_tex, prompt_text=prompt_text, answer=answer, kind=kind, solution=steps,
                   given=given, checking=checking, mistakes=tuple(kept))


#: rounding errors ε of one evaluation of f
EPSILONS = (sp.Rational(1, 10**8), sp.Rational(1, 10**10), sp.Rational(1, 10**12), sp.Rational(1, 10**16),
            sp.Rational(2, 10**16), sp.Rational(5, 10**13), sp.Rational(1, 10**6))


def _power_of_ten(eps) -> tuple[str, str]:
    """ε = m·10⁻ᵉ written as a lecturer would (10^{-8}, 2·10^{-16}), in TeX and text."""
    e = 0
    while (eps * sp.Integer(10) ** e).q != 1 or eps * sp.Integer(10) ** e >= 10:
        e += 1
    m = eps * sp.Integer(10) ** e
    sup = str(-e).translate(str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹"))
    return ((rf"{m}\cdot " if m != 1 else "") + f"10^{{{-e}}}", (f"{m}·" if m != 1 else "") + f"10{sup}")


def _best_h(rng: random.Random) -> Problem:
    f, x0 = _transcendental(rng)
    if (f.has(sp.log) or f.has(sp.sqrt(X))) and x0 <= 0:
        raise Reject("outside the domain")
    eps = rng.choice(EPSILONS)
    central_scheme = rng.random() < 0.6
    order = 3 if central_scheme else 2
    M = sp.nsimplify(sp.Abs(f.diff(X, order).subs(X, x0)))
    if M == 0:
        raise Reject("no truncation term at this point")
    if central_scheme:
        model_tex, model_text = r"E(h) = \frac{h^2}{6}M + \frac{\varepsilon}{h}", "E(h) = h²M/6 + ε/h"
        scheme_tex = r"D_h f(x_0) = \frac{f(x_0+h) - f(x_0-h)}{2h}"
        scheme_text = "D_h f(x₀) = (f(x₀+h) − f(x₀−h))/(2h)"
        m_tex, m_text = r"M = \lvert f^{(3)}(x_0)\rvert", "M = |f‴(x₀)|"
        answer = (3 * eps / M) ** sp.Rational(1, 3)
        deriv = r"E'(h) = \frac{hM}{3} - \frac{\varepsilon}{h^2} = 0 \Rightarrow h^3 = \frac{3\varepsilon}{M}"
        deriv_text = "E′(h) = hM/3 − ε/h² = 0 ⇒ h³ = 3ε/M"
        wrong = [("forward-difference formula", 2 * sp.sqrt(eps / M),
                  "That is the forward-difference optimum 2√(ε/M); the central difference balances h²M/6 with ε/h."),
                 ("dropped the 3", (eps / M) ** sp.Rational(1, 3), "E′(h) = hM/3 − ε/h², so h³ = 3ε/M.")]
    else:
        model_tex, model_text = r"E(h) = \frac{h}{2}M + \frac{2\varepsilon}{h}", "E(h) = hM/2 + 2ε/h"
        scheme_tex = r"D^+_h f(x_0) = \frac{f(x_0+h) - f(x_0)}{h}"
        scheme_text = "D⁺_h f(x₀) = (f(x₀+h) − f(x₀))/h"
        m_tex, m_text = r"M = \lvert f''(x_0)\rvert", "M = |f″(x₀)|"
        answer = 2 * sp.sqrt(eps / M)
        deriv = r"E'(h) = \frac{M}{2} - \frac{2\varepsilon}{h^2} = 0 \Rightarrow h^2 = \frac{4\varepsilon}{M}"
        deriv_text = "E′(h) = M/2 − 2ε/h² = 0 ⇒ h² = 4ε/M"
        wrong = [("central-difference formula", (3 * eps / M) ** sp.Rational(1, 3),
                  "That is the central-difference optimum; the forward difference balances hM/2 with 2ε/h."),
                 ("forgot the 2", sp.sqrt(eps / M), "E′(h) = M/2 − 2ε/h², so h² = 4ε/M and h = 2√(ε/M).")]
    say = BEST_H.statement()
    eps_tex, eps_text = _power_of_ten(eps)
    prompt_tex = (rf"In floating point, the estimate \({scheme_tex}\) of \(f'(x_0)\) for \(f(x) = {tex(f)}\) at "
                  rf"\(x_0 = {x0}\) suffers truncation error and rounding error; model the total as \({model_tex}\) "
                  rf"with \({m_tex}\) and \(\varepsilon = {eps_tex}\) (the rounding error of one evaluation of f). "
                  rf"Give the step \(h > 0\) that minimises \(E(h)\). {say}")
    prompt_text = (f"In floating point, the estimate {scheme_text} of f′(x₀) for f(x) = {uni(f)} at x₀ = {x0} "
                   f"suffers truncation error and rounding error; model the total as {model_text} with {m_text} and "
                   f"ε = {eps_text} (the rounding error of one evaluation of f). Give the step h > 0 that minimises "
                   f"E(h). {say}")
    steps = (
        Step("Truncation shrinks with h; rounding grows, since nearly equal values are subtracted and divided by a "
             "small h. The best h balances them. First the constant M at x₀.",
             rf"{m_tex} = {tex(M)} \approx {float(M):.4g}", f"{m_text} = {uni(M)} ≈ {float(M):.4g}"),
        Step("Set E′(h) = 0.", deriv, deriv_text),
        Step("Substitute.", rf"h^* = {tex(answer)} \approx {float(answer):.3g}",
             f"h* = {uni(answer)} ≈ {float(answer):.3g}"),
    )
    return Problem(prompt_tex=prompt_tex, prompt_text=prompt_text, answer=answer, kind="number", solution=steps,
                   given={"ask": "best_h", "scheme": "central" if central_scheme else "forward",
                          "f": given_str(f), "x0": str(x0), "eps": str(eps),
                          "model": "h**2*M/6 + eps/h, M = |f'''(x0)|" if central_scheme
                          else "h*M/2 + 2*eps/h, M = |f''(x0)|"},
                   checking=BEST_H, mistakes=tuple(Mistake(nm, w, fb) for nm, w, fb in wrong))


def generate(rng: random.Random, params: dict) -> Problem:
    level = params["level"]
    if level <= 2:
        return _value(rng, level)
    return {3: _error, 4: _stencil, 5: _best_h}[level](rng)


def verify(given: dict, answer) -> Evidence:
    with mpmath.workdps(40):
        ask = given["ask"]
        if ask == "order":
            return _verify_order(given, answer)
        if ask == "weights":
            return _verify_weights(given, answer)
        f = sp.lambdify(sp.Symbol("x"), sp.sympify(given["f"]), modules="mpmath")
        x0 = _mp(given["x0"])
        if ask == "best_h":
            return _verify_best_h(given, f, x0, answer)
        h = _mp(given["h"])
        d = (f(x0 + h) - f(x0 - h)) / (2 * h)
        if ask == "value":
            err = numeric.require_close(float(answer), float(d), "central difference", rel=1e-12)
            return Evidence("mpmath", "direct evaluation at 40 digits", err)
        expected = d - mpmath.diff(f, x0)
        if ask == "value_error":
            if not isinstance(answer, tuple) or len(answer) != 2:
                raise VerificationError("expected a pair (value, error)")
            err = max(numeric.require_close(float(answer[0]), float(d), "central difference", rel=1e-12),
                      numeric.require_close(float(answer[1]), float(expected), "error", rel=1e-9))
            return Evidence("mpmath", "direct evaluation and D_h f − mpmath.diff(f, x₀) at 40 digits", err)
        err = numeric.require_close(float(answer), float(expected), "error", rel=1e-12)
        return Evidence("mpmath", "D_h f − mpmath.diff(f, x₀) at 40 digits", err)


def _mp(text: str):
    r = sp.Rational(text)
    return mpmath.mpf(int(r.p)) / int(r.q)


def _observed_order(offsets, weights, d: int) -> float:
    """log₂(e(h)/e(h/2)) of the stencil on f = exp(sin x) at x = 0.3, 40 digits."""
    f = lambda t: mpmath.exp(mpmath.sin(t))  # noqa: E731
    x = mpmath.mpf("0.3")
    exact = mpmath.diff(f, x, d)

    def err(h):
        return abs(sum(w * f(x + o * h) for o, w in zip(offsets, weights)) / h ** d - exact)

    h = mpmath.mpf("1e-3")
    e1, e2 = err(h), err(h / 2)
    if e1 == 0 or e2 == 0:
        return float("inf")
    return float(mpmath.log(e1 / e2, 2))


def _verify_order(given: dict, answer) -> Evidence:
    weights = [_mp(w) for w in given["weights"]]
    observed = _observed_order(given["offsets"], weights, given["h_power"])
    p = round(observed)
    if abs(observed - p) > 0.05 or answer != p:
        raise VerificationError(f"observed order {observed:.3f}, answer {answer}")
    return Evidence("mpmath", f"observed order log2(e(h)/e(h/2)) = {observed:.3f} on exp(sin x), 40 digits",
                    abs(observed - p))


def _verify_weights(given: dict, answer) -> Evidence:
    """The answer's stencil must reach the best order n points allow (n − d, or more by symmetry);
    any other weights fall short of it, or do not approximate the derivative at all."""
    offsets, d = given["offsets"], given["derivative"]
    if not isinstance(answer, tuple) or len(answer) != len(offsets):
        raise VerificationError(f"expected {len(offsets)} weights")
    weights = [mpmath.mpf(int(sp.Rational(w).p)) / int(sp.Rational(w).q) for w in answer]
    observed = _observed_order(offsets, weights, d)
    best = len(offsets) - d
    if not observed > best - 0.05:
        raise VerificationError(f"observed order {observed:.3f}, {len(offsets)} points allow {best}")
    return Evidence("mpmath", f"observed order {observed:.3f} ≥ {best} on exp(sin x) at 40 digits "
                    "(unique weights reach it)", 0.0)


def _verify_best_h(given: dict, f, x0, answer) -> Evidence:
    """Minimise the stated error model numerically (golden section on log h), no calculus."""
    order = 3 if given["scheme"] == "central" else 2
    M = abs(mpmath.diff(f, x0, order))
    eps = _mp(given["eps"])
    if given["scheme"] == "central":
        E = lambda h: h * h * M / 6 + eps / h  # noqa: E731
    else:
        E = lambda h: h * M / 2 + 2 * eps / h  # noqa: E731
    lo, hi = mpmath.mpf(-30), mpmath.mpf(5)          # log10 h
    g = (mpmath.sqrt(5) - 1) / 2
    for _ in range(200):
        a, b = hi - g * (hi - lo), lo + g * (hi - lo)
        if E(mpmath.mpf(10) ** a) < E(mpmath.mpf(10) ** b):
            hi = b
        else:
            lo = a
    best = float(mpmath.mpf(10) ** ((lo + hi) / 2))
    err = numeric.require_close(best, float(sp.N(answer)), "optimal h", rel=1e-6)
    return Evidence("mpmath", "golden-section minimisation of the error model over log h; M by mpmath.diff", err)


def baseline(given: dict):
    """Bare SymPy: the difference quotient, its error, a stencil or an optimal h (benchmarks/generate.py)."""
    x = sp.Symbol("x")
    if given["ask"] == "order":
        h = sp.Symbol("h", positive=True)
        stencil = sum(sp.Rational(w) * sp.exp(x + o * h) for o, w in zip(given["offsets"], given["weights"]))
        err = sp.series(stencil / h ** given["h_power"] - sp.exp(x), h, 0, 8).removeO()
        return sp.Integer(min(sp.Poly(sp.expand(err / sp.exp(x)), h).monoms())[0])
    if given["ask"] == "weights":
        return stencil_weights(given["offsets"], given["derivative"])
    f, x0 = sp.sympify(given["f"]), sp.Rational(given["x0"])
    if given["ask"] == "best_h":
        eps = sp.Rational(given["eps"])
        if given["scheme"] == "central":
            return (3 * eps / abs(f.diff(x, 3).subs(x, x0))) ** sp.Rational(1, 3)
        return 2 * sp.sqrt(eps / abs(f.diff(x, 2).subs(x, x0)))
    h = sp.Rational(given["h"])
    value = (f.subs(x, x0 + h) - f.subs(x, x0 - h)) / (2 * h)
    if given["ask"] == "value":
        return value
    error = value - f.diff(x).subs(x, x0)
    return (value, error) if given["ask"] == "value_error" else error


FAMILY = Family(
    name="central_difference", version=2, title="Finite-difference derivatives",
    summary="The central-difference value for a step h and its error, the exact error by Taylor, stencil weights "
            "and orders derived by Taylor expansion, and the step that balances truncation against rounding.",
    params={"level": Param(1, (1, 2, 3, 4, 5),
                           "1: value for a polynomial, 2: value and error for sin/exp/log/…, 3: the exact error "
                           "by Taylor, 4: stencil weights or order by Taylor expansion, 5: the optimal step h")},
    levels={1: "the central-difference value for a polynomial",
            2: "the value and its error D_h f − f′ for a transcendental f",
            3: "the exact error h²f‴/6 of a polynomial, by Taylor",
            4: "a 3- or 4-point stencil: derive its weights, or its order, by Taylor expansion",
            5: "the step h that balances truncation against rounding error"},
    generate=generate, verify=verify, baseline=baseline,
)
