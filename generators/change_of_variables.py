"""Change of variables: the Jacobian determinant of a 2-D transform, and using it.

Level 1: det of a linear map (the area scale factor); level 2: det ∂(x,y)/∂(u,v)
of a nonlinear transform (polar-like, exponential, polynomial, trigonometric);
level 3: the log-determinant of an affine coupling layer x₁ = z₁,
x₂ = z₂·e^{s(z₁)} + t(z₁) (or of its inverse, log|det ∂z/∂x| = −s(x₁)).
Then the determinant at work: level 4: an integral over a disc, annulus or sector
in polar coordinates (dx dy = r dr dθ); level 5: the density of Y = g(X) at a point
(X standard normal in 2-D with Y = AX + b, or a 1-D monotone g), p_Y(y) =
p_X(g⁻¹(y))·|det ∂g⁻¹/∂y|; level 6: a normalizing flow's log-likelihood of a point,
log p_X(x) = log p_Z(f⁻¹(x)) + log|det ∂z/∂x| with a standard normal base.

Verified by a central-difference Jacobian and numpy.linalg.det at random points
(levels 1–3); Gauss–Legendre quadrature in Cartesian coordinates (level 4); the
N(b, AAᵀ) density from numpy, or the derivative of the CDF by central differences
(level 5); the inverse flow with a finite-difference Jacobian and numpy.linalg.det
(level 6).
"""

from __future__ import annotations

import math
import random
from functools import lru_cache

import numpy as np
import sympy as sp

from osmose import numeric
from osmose.family import Checking, Evidence, Family, Mistake, Param, Problem, Reject, Step
from osmose.mathtext import given_str, tex, uni

U, V = sp.symbols("u v", real=True)
Z1, Z2 = sp.symbols("z1 z2", real=True)
SAY = Checking(precision="exact").statement()
#: an integral, a density and a log-likelihood: exact, or decimals
POLAR = DENSITY = FLOW = Checking(sig_figs=3)


def _coef(rng, top=3):
    return rng.choice((-1, 1)) * rng.randint(1, top)


def _transform(rng: random.Random, level: int) -> tuple[tuple, dict, sp.Expr | None]:
    """(x, y), the variables' domains, and the determinant in closed form for the
    trigonometric templates (where ad − bc needs cos² + sin² = 1; None: expand it)."""
    real = {"u": "real", "v": "real"}
    if level == 1:
        a, b, c, d = (rng.randint(-4, 4) for _ in range(4))
        return (a * U + b * V, c * U + d * V), real, None
    kind = rng.choices(range(7), weights=(2, 2, 1, 3, 1, 1, 3))[0]
    k, m = rng.randint(1, 4), rng.randint(1, 4)
    if kind == 0:
        return (k * U * sp.cos(V), m * U * sp.sin(V)), {"u": "positive", "v": "real"}, k * m * U
    if kind == 1:
        return (U * sp.exp(k * V), U * sp.exp(-m * V)), real, None
    if kind == 2:
        return (k * U * V, m * U / V), {"u": "positive", "v": "positive"}, None
    if kind == 3:
        return (k * U + _coef(rng) * V**2, m * V + _coef(rng) * U**2), real, None
    if kind == 4:
        return (m * sp.exp(U) * sp.cos(k * V), m * sp.exp(U) * sp.sin(k * V)), real, k * m**2 * sp.exp(2 * U)
    if kind == 5:
        return (k * (U**2 - V**2), 2 * k * U * V), real, None
    return (U + k * sp.sin(V), V + _coef(rng) * m * sp.sin(U)), real, None


def _det_problem(rng: random.Random, level: int) -> Problem:
    (x, y), domains, closed = _transform(rng, level)
    J = sp.Matrix([[x.diff(U), x.diff(V)], [y.diff(U), y.diff(V)]])
    raw = J[0, 0] * J[1, 1] - J[0, 1] * J[1, 0]
    answer = closed if closed is not None else sp.factor(sp.expand(raw))
    if answer == 0:
        raise Reject("singular map")
    if level == 1 and abs(answer) > 20:
        raise Reject("big determinant")
    plus = sp.factor(sp.expand(J[0, 0] * J[1, 1] + J[0, 1] * J[1, 0]))
    steps = (
        Step("Jacobian matrix of (x, y) with respect to (u, v).", rf"J = {tex(J)}", f"J = {uni(J)}"),
        Step("Determinant ad − bc" + (", then cos² + sin² = 1." if closed is not None else "."),
             rf"\det J = ({tex(J[0, 0])})({tex(J[1, 1])}) - ({tex(J[0, 1])})({tex(J[1, 0])}) = {tex(answer)}",
             f"det J = ({uni(J[0, 0])})({uni(J[1, 1])}) − ({uni(J[0, 1])})({uni(J[1, 0])}) = {uni(answer)}"),
        Step("Areas scale by |det J|: dx dy = |det J| du dv.", r"dx\,dy = \lvert\det J\rvert\,du\,dv", "dx dy = |det J| du dv"),
    )
    mistakes = [
        Mistake("ad + bc", plus, "The 2×2 determinant is ad − bc."),
        Mistake("sign flipped", -answer, "det ∂(x,y)/∂(u,v) puts ∂x/∂u·∂y/∂v first: ad − bc, not bc − ad."),
    ]
    if level == 1:
        mistakes.append(Mistake("trace", J.trace(), "That is the trace; the area scale factor is the determinant."))
    prompt_tex = (rf"For the change of variables \[x = {tex(x)},\qquad y = {tex(y)},\] compute the Jacobian determinant "
                  rf"\(\det\dfrac{{\partial(x,y)}}{{\partial(u,v)}}\). {SAY}")
    prompt_text = f"x = {uni(x)}, y = {uni(y)}: Jacobian determinant det ∂(x,y)/∂(u,v). {SAY}"
    return Problem(
        prompt_tex=prompt_tex, prompt_text=prompt_text, answer=answer, kind="expr" if level > 1 else "number",
        solution=steps,
        given={"ask": "det", "inputs": ["u", "v"], "map": given_str([x, y]), "domains": domains},
        checking=Checking(variables={} if level == 1 else domains, precision="exact"),
        mistakes=tuple(m for m in mistakes if sp.expand(m.answer - answer) != 0),
    )


def _coupling(rng: random.Random) -> Problem:
    a, b = _coef(rng, 2), rng.randint(-2, 2)
    s = rng.choice((a * Z1 + b, a * Z1**2 + b, a * sp.tanh(Z1)))
    t = _coef(rng) * Z1 + rng.randint(-2, 2) if rng.random() < 0.6 else _coef(rng) * Z1**2
    inverse = rng.random() < 0.4
    x1, x2 = Z1, Z2 * sp.exp(s) + t
    X1, X2 = sp.symbols("x1 x2", real=True)
    if inverse:
        s_x, t_x = s.subs(Z1, X1), t.subs(Z1, X1)
        comps, inputs = (X1, (X2 - t_x) * sp.exp(-s_x)), ["x1", "x2"]
        answer = -s_x
        prompt_tex = (rf"A normalizing flow's coupling layer maps \(z\mapsto x\) by \(x_1 = z_1\), "
                      rf"\(x_2 = z_2\,e^{{s(z_1)}} + t(z_1)\) with \(s(z_1) = {tex(s)}\), \(t(z_1) = {tex(t)}\). "
                      r"Its inverse is \(z_1 = x_1,\ z_2 = (x_2 - t(x_1))\,e^{-s(x_1)}\). "
                      r"Give \(\log\left\lvert\det\dfrac{\partial z}{\partial x}\right\rvert\) as a function of \(x_1\). " + SAY)
        prompt_text = (f"Coupling layer x₁ = z₁, x₂ = z₂·e^(s(z₁)) + t(z₁), s(z₁) = {uni(s)}, t(z₁) = {uni(t)}. "
                       "Inverse z₂ = (x₂ − t(x₁))·e^(−s(x₁)). Give log|det ∂z/∂x| in terms of x₁. " + SAY)
        var = "x1"
    else:
        comps, inputs = (x1, x2), ["z1", "z2"]
        answer = s
        prompt_tex = (rf"A normalizing flow's affine coupling layer maps \(z\mapsto x\) by \(x_1 = z_1\), "
                      rf"\(x_2 = z_2\,e^{{s(z_1)}} + t(z_1)\) with \[s(z_1) = {tex(s)},\qquad t(z_1) = {tex(t)}.\] "
                      r"Give \(\log\left\lvert\det\dfrac{\partial x}{\partial z}\right\rvert\). " + SAY)
        prompt_text = (f"Coupling layer x₁ = z₁, x₂ = z₂·e^(s(z₁)) + t(z₁), s(z₁) = {uni(s)}, t(z₁) = {uni(t)}. "
                       "Give log|det ∂x/∂z|. " + SAY)
        var = "z1"
    steps = (
        Step("The Jacobian is triangular: x₁ does not depend on z₂.",
             r"\frac{\partial x}{\partial z} = \begin{pmatrix} 1 & 0 \\ \partial x_2/\partial z_1 & e^{s(z_1)} \end{pmatrix}",
             "∂x/∂z = [[1, 0], [∂x₂/∂z₁, e^(s(z₁))]]"),
        Step("A triangular determinant is the product of the diagonal, so t never enters.",
             r"\log\left\lvert\det\frac{\partial x}{\partial z}\right\rvert = s(z_1)", "log|det ∂x/∂z| = s(z₁)"),
        (Step("The inverse map has the reciprocal determinant, so its log-determinant is −s, "
              "evaluated at z₁ = x₁: replace z₁ by x₁ in s, then negate the whole of s.",
              rf"\log\left\lvert\det\frac{{\partial z}}{{\partial x}}\right\rvert = -s(x_1) "
              rf"= -\left({tex(s.subs(Z1, X1))}\right) = {tex(answer)}",
              f"log|det ∂z/∂x| = −s(x₁) = −({uni(s.subs(Z1, X1))}) = {uni(answer)}") if inverse else
         Step("Substitute s.", rf"\log\left\lvert\det\frac{{\partial x}}{{\partial z}}\right\rvert = {tex(answer)}",
              f"log|det ∂x/∂z| = {uni(answer)}")),
    )
    mistakes = (
        Mistake("determinant, not its log", sp.exp(answer), "The flow adds the log-determinant; e^(s) is the determinant itself."),
        Mistake("direction", -answer, "The inverse map has determinant e^(−s): mind which way the Jacobian goes."),
        Mistake("shift included", answer + (t if not inverse else t.subs(Z1, X1)),
                "t(z₁) sits below the diagonal of a triangular Jacobian: it does not change the determinant."),
    )
    return Problem(
        prompt_tex=prompt_tex, prompt_text=prompt_text, answer=answer, kind="expr", solution=steps,
        given={"ask": "logdet", "inputs": inputs, "map": given_str(list(comps)),
               "domains": {inputs[0]: "real", inputs[1]: "real"}},
        checking=Checking(variables={var: "real"}, precision="exact"),
        mistakes=tuple(m for m in mistakes if m.answer != answer),
    )


# --- level 4: an integral in polar coordinates ------------------------------------------

R = sp.Symbol("r", positive=True)
#: integrands f(x² + y²) (as functions of ρ² = x² + y²), with their TeX and text forms
RADIAL = (
    (lambda q: sp.exp(-q), r"e^{-(x^2+y^2)}", "e^(−(x²+y²))"),
    (lambda q: sp.exp(-2 * q), r"e^{-2(x^2+y^2)}", "e^(−2(x²+y²))"),
    (lambda q: sp.exp(-q / 2), r"e^{-(x^2+y^2)/2}", "e^(−(x²+y²)/2)"),
    (lambda q: sp.sqrt(q), r"\sqrt{x^2+y^2}", "√(x²+y²)"),
    (lambda q: q, r"x^2+y^2", "x² + y²"),
    (lambda q: q**2, r"(x^2+y^2)^2", "(x² + y²)²"),
    (lambda q: 1 / (1 + q), r"\frac{1}{1+x^2+y^2}", "1/(1 + x² + y²)"),
    (lambda q: 1 / (1 + q) ** 2, r"\frac{1}{(1+x^2+y^2)^2}", "1/(1 + x² + y²)²"),
    (lambda q: q * sp.exp(-q), r"(x^2+y^2)\,e^{-(x^2+y^2)}", "(x² + y²)·e^(−(x²+y²))"),
    (lambda q: q / (1 + q), r"\frac{x^2+y^2}{1+x^2+y^2}", "(x² + y²)/(1 + x² + y²)"),
)
#: (inner radius, outer radius)
RINGS = ((0, 1), (0, 2), (0, 3), (0, 4), (1, 2), (1, 3), (1, 4), (2, 3), (2, 4), (3, 4))
#: (angle span, its TeX condition, its text condition)
SECTORS = ((2 * sp.pi, "", ""), (sp.pi, r",\ y \ge 0", ", y ≥ 0"),
           (sp.pi / 2, r",\ x \ge 0,\ y \ge 0", ", x ≥ 0, y ≥ 0"))


@lru_cache(maxsize=None)
def _radial_integrals(index: int, a, b) -> tuple:
    """∫ f(r²) r dr and the slip ∫ f(r²) dr over one ring: SymPy integrates each (integrand, ring)
    of the finite pools once per process (a pure function, so the cache changes no output)."""
    f = RADIAL[index][0]
    return sp.simplify(sp.integrate(f(R**2) * R, (R, a, b))), sp.integrate(f(R**2), (R, a, b))


@lru_cache(maxsize=None)
def _polar_values(index: int, a, b, span) -> tuple:
    """The radial integral, the answer and two slips for one (integrand, ring, sector)."""
    radial, without_r = _radial_integrals(index, a, b)
    answer = sp.nsimplify(sp.simplify(span * radial))
    return radial, answer, sp.simplify(span * without_r), sp.simplify(2 * sp.pi * radial)


def _polar(rng: random.Random) -> Problem:
    index = rng.randrange(len(RADIAL))
    f, f_tex, f_text = RADIAL[index]
    a, b = rng.choice(RINGS)
    span, cond_tex, cond_text = rng.choice(SECTORS)
    radial, answer, forgot_r, full_angle = _polar_values(index, a, b, span)
    if answer.has(sp.Integral):
        raise Reject("no closed form")
    region_tex = (rf"{a} \le \sqrt{{x^2+y^2}} \le {b}" if a else rf"x^2 + y^2 \le {b * b}") + cond_tex
    region_text = (f"{a} ≤ √(x²+y²) ≤ {b}" if a else f"x² + y² ≤ {b * b}") + cond_text
    say = POLAR.statement()
    prompt_tex = (rf"Compute \(\displaystyle\iint_D {f_tex}\,dx\,dy\) over "
                  rf"\(D = \{{(x, y) : {region_tex}\}}\) by changing to polar coordinates "
                  rf"\(x = r\cos\theta,\ y = r\sin\theta\). {say}")
    prompt_text = (f"Compute the double integral of {f_text} dx dy over D = {{(x, y) : {region_text}}} by "
                   f"changing to polar coordinates x = r cos θ, y = r sin θ. {say}")
    steps = (
        Step("The Jacobian determinant of (r, θ) ↦ (r cos θ, r sin θ) is r, so areas scale by r.",
             r"\det\frac{\partial(x,y)}{\partial(r,\theta)} = \begin{vmatrix}\cos\theta & -r\sin\theta\\ "
             r"\sin\theta & r\cos\theta\end{vmatrix} = r,\qquad dx\,dy = r\,dr\,d\theta",
             "det ∂(x,y)/∂(r,θ) = r cos²θ + r sin²θ = r, so dx dy = r dr dθ"),
        Step(f"D is {a} ≤ r ≤ {b} with θ over an angle of {uni(span)}; the integrand depends on r only, "
             "so the θ-integral gives that angle.",
             rf"\iint_D = \int_0^{{{tex(span)}}}\!d\theta\int_{{{a}}}^{{{b}}} {tex(f(R**2))}\; r\,dr",
             f"∬_D = ∫₀^{uni(span)} dθ · ∫_{a}^{b} {uni(f(R**2))}·r dr"),
        Step("The radial integral (substitute u = r² where it helps).",
             rf"\int_{{{a}}}^{{{b}}} {tex(f(R**2))}\, r\,dr = {tex(radial)}",
             f"∫_{a}^{b} {uni(f(R**2))}·r dr = {uni(radial)}"),
        Step("Multiply by the angle.", rf"{tex(span)}\cdot {tex(radial)} = {tex(answer)}",
             f"{uni(span)}·{uni(radial)} = {uni(answer)}"),
    )
    candidates = [("forgot the Jacobian r", forgot_r,
                   "dx dy = r dr dθ: the factor r is the Jacobian determinant of the polar map.")]
    if span != 2 * sp.pi:
        candidates.append(("full angle for a sector", full_angle,
                           f"D covers only an angle of {uni(span)}, not 2π."))
    candidates.append(("angle forgotten", radial, "Integrate over θ too: the integrand does not depend on θ, "
                                                  f"so that multiplies by the angle {uni(span)}."))
    mistakes = _keep(candidates, answer)
    return Problem(
        prompt_tex=prompt_tex, prompt_text=prompt_text, answer=answer, kind="number", solution=steps,
        given={"ask": "polar", "f": str(f(sp.Symbol("q"))), "of": "q = x**2 + y**2", "r_inner": a, "r_outer": b,
               "angle": str(span)},
        checking=POLAR, mistakes=mistakes,
    )


def _keep(candidates, answer) -> tuple[Mistake, ...]:
    """Mistakes whose value differs from the answer and from each other (numerically)."""
    out, seen = [], [complex(sp.N(answer))]
    for name, wrong, feedback in candidates:
        value = complex(sp.N(wrong))
        if all(abs(value - v) > 1e-6 * max(1.0, abs(v)) for v in seen):
            seen.append(value)
            out.append(Mistake(name, wrong, feedback))
    return tuple(out)


# --- level 5: the density of Y = g(X) ----------------------------------------------------

def _density(rng: random.Random) -> Problem:
    if rng.random() < 0.6:
        return _density_linear(rng)
    return _density_1d(rng)


def _density_linear(rng: random.Random) -> Problem:
    A = sp.Matrix(2, 2, [rng.randint(-3, 3) for _ in range(4)])
    det = A.det()
    if det == 0 or abs(det) > 8 or sum(1 for e in A if e == 0) > 1:
        raise Reject("singular, or a big or diagonal-only map")
    bvec = sp.Matrix([rng.randint(-2, 2), rng.randint(-2, 2)])
    x0 = sp.Matrix([rng.randint(-1, 1), rng.randint(-1, 1)])
    y0 = A * x0 + bvec
    sq = x0.dot(x0)
    answer = sp.exp(-sp.Rational(sq, 2)) / (2 * sp.pi * abs(det))
    say = DENSITY.statement()
    prompt_tex = (rf"\(X = (X_1, X_2)\) has independent standard normal components, density "
                  r"\(p_X(x) = \frac{1}{2\pi}e^{-\lVert x\rVert^2/2}\). Let \(Y = AX + b\) with "
                  rf"\(A = {tex(A)}\), \(b = {tex(tuple(bvec))}\). Give the density \(p_Y(y)\) at "
                  rf"\(y = {tex(tuple(y0))}\). {say}")
    prompt_text = (f"X = (X₁, X₂) has independent standard normal components, density p_X(x) = "
                   f"e^(−‖x‖²/2)/(2π). Let Y = AX + b with A = {uni(A)}, b = {uni(tuple(bvec))}. Give the density "
                   f"p_Y(y) at y = {uni(tuple(y0))}. {say}")
    steps = (
        Step("Invert the map: x = A⁻¹(y − b).", rf"x = A^{{-1}}(y - b) = {tex(tuple(x0))}",
             f"x = A⁻¹(y − b) = {uni(tuple(x0))}"),
        Step("The inverse map scales volumes by 1/|det A|.",
             rf"\det A = {det},\qquad \left\lvert\det\frac{{\partial x}}{{\partial y}}\right\rvert = "
             rf"\frac{{1}}{{\lvert\det A\rvert}} = {tex(sp.Rational(1, abs(det)))}",
             f"det A = {det}, |det ∂x/∂y| = 1/|det A| = {sp.Rational(1, abs(det))}"),
        Step("Change of variables for densities.",
             rf"p_Y(y) = p_X(x)\,\frac{{1}}{{\lvert\det A\rvert}} = \frac{{e^{{-{sq}/2}}}}{{2\pi}}\cdot"
             rf"\frac{{1}}{{{abs(det)}}} = {tex(answer)}",
             f"p_Y(y) = p_X(x)/|det A| = e^(−{sq}/2)/(2π)·1/{abs(det)} = {uni(answer)}"),
    )
    ysq = y0.dot(y0)
    candidates = [
        ("multiplied by |det A|", sp.exp(-sp.Rational(sq, 2)) * abs(det) / (2 * sp.pi),
         "Y = AX stretches areas by |det A|, so its density is divided by |det A|, not multiplied."),
        ("forgot the determinant", sp.exp(-sp.Rational(sq, 2)) / (2 * sp.pi),
         f"Densities are per unit area: divide by |det A| = {abs(det)}."),
        ("did not invert the map", sp.exp(-sp.Rational(ysq, 2)) / (2 * sp.pi * abs(det)),
         "Evaluate p_X at the preimage x = A⁻¹(y − b), not at y."),
    ]
    return Problem(
        prompt_tex=prompt_tex, prompt_text=prompt_text, answer=answer, kind="number", solution=steps,
        given={"ask": "density", "base": "standard normal in 2-D", "A": [[int(v) for v in A.row(i)] for i in range(2)],
               "b": [int(v) for v in bvec], "y": [int(v) for v in y0]},
        checking=DENSITY, mistakes=_keep(candidates, answer),
    )


Yv = sp.Symbol("y", positive=True)


def _density_1d(rng: random.Random) -> Problem:
    say = DENSITY.statement()
    if rng.random() < 0.5:
        a = rng.choice((1, 2, 3, sp.Rational(1, 2)))
        y0 = rng.choice((sp.Rational(1, 2), 2, 3, sp.Rational(1, 3), 4))
        y0 = sp.sympify(y0)
        g_tex, g_text = (rf"e^{{{tex(a)}X}}" if a != 1 else "e^{X}"), (f"e^({uni(a)}X)" if a != 1 else "e^X")
        base_tex, base_text = r"X \sim \mathcal N(0, 1)", "X ~ N(0, 1) (standard normal)"
        x0 = sp.log(y0) / a
        px = sp.exp(-x0**2 / 2) / sp.sqrt(2 * sp.pi)
        dxdy = 1 / (a * y0)
        inv_tex, inv_text = rf"x = \frac{{\ln y}}{{{tex(a)}}}", f"x = ln(y)/{uni(a)}"
        given = {"ask": "density", "base": "N(0, 1)", "g": f"exp({a}*x)", "y": str(y0)}
        wrong_pt = sp.exp(-y0**2 / 2) / sp.sqrt(2 * sp.pi) * dxdy
    else:
        k = rng.choice((2, 3, 4))
        c = rng.choice((1, 2, 3))
        y0 = sp.Rational(rng.choice((1, 1, 2, 3)), rng.choice((2, 4, 8, 9, 27))) * c
        if not 0 < y0 < c:
            raise Reject("outside the range of Y")
        g_tex, g_text = rf"{c if c != 1 else ''}X^{k}", f"{c if c != 1 else ''}X^{k}"
        base_tex, base_text = r"X \sim \mathrm{Uniform}(0, 1)", "X ~ Uniform(0, 1)"
        x0 = (y0 / c) ** sp.Rational(1, k)
        px = sp.Integer(1)
        dxdy = sp.Rational(1, k * c) * (y0 / c) ** (sp.Rational(1, k) - 1)
        inv_tex, inv_text = rf"x = (y/{c})^{{1/{k}}}", f"x = (y/{c})^(1/{k})"
        given = {"ask": "density", "base": "Uniform(0, 1)", "g": f"{c}*x**{k}", "y": str(y0)}
        wrong_pt = None
    answer = sp.nsimplify(sp.simplify(px * dxdy)) if px == 1 else sp.simplify(px * dxdy)
    prompt_tex = (rf"Let \({base_tex}\) and \(Y = {g_tex}\). Give the density \(p_Y(y)\) of \(Y\) at "
                  rf"\(y = {tex(y0)}\). {say}")
    prompt_text = f"Let {base_text} and Y = {g_text}. Give the density p_Y(y) of Y at y = {uni(y0)}. {say}"
    steps = (
        Step("g is increasing, so invert it.", rf"{inv_tex},\quad x({tex(y0)}) = {tex(x0)}",
             f"{inv_text}, x({uni(y0)}) = {uni(x0)}"),
        Step("The 1-D Jacobian: |dx/dy| at y.", rf"\left\lvert\frac{{dx}}{{dy}}\right\rvert = {tex(dxdy)}",
             f"|dx/dy| = {uni(dxdy)}"),
        Step("p_Y(y) = p_X(x(y))·|dx/dy|.", rf"p_Y({tex(y0)}) = {tex(px)}\cdot {tex(dxdy)} = {tex(answer)}",
             f"p_Y({uni(y0)}) = {uni(px)}·{uni(dxdy)} = {uni(answer)}"),
    )
    candidates = [("forgot |dx/dy|", px, "Densities transform with the Jacobian: multiply p_X(x(y)) by |dx/dy|."),
                  ("divided by |dx/dy|", sp.simplify(px / dxdy),
                   "Multiply by |dx/dy| = 1/|g′(x)|; dividing by it multiplies by g′(x).")]
    if wrong_pt is not None:
        candidates.append(("did not invert g", wrong_pt, "Evaluate p_X at x = g⁻¹(y), not at y."))
    return Problem(prompt_tex=prompt_tex, prompt_text=prompt_text, answer=answer, kind="number",
                   solution=steps, given=given, checking=DENSITY, mistakes=_keep(candidates, answer))


# --- level 6: a flow's log-likelihood ------------------------------------------------------

def _flow(rng: random.Random) -> Problem:
    X1, X2 = sp.symbols("x1 x2", real=True)
    s = rng.choice((_coef(rng, 2) * Z1 + rng.randint(-1, 1), _coef(rng, 1) * Z1**2 + rng.randint(-1, 1),
                    sp.Integer(_coef(rng, 1)) + 0 * Z1))
    t = _coef(rng) * Z1 + rng.randint(-2, 2) if rng.random() < 0.6 else _coef(rng) * Z1**2
    x1, x2 = rng.randint(-2, 2), rng.randint(-3, 3)
    s1, t1 = s.subs(Z1, x1), t.subs(Z1, x1)
    if s1 == 0 or abs(s1) > 2:
        raise Reject("no volume change at the point, or a huge one")
    z2 = (x2 - t1) * sp.exp(-s1)
    logpz = -sp.log(2 * sp.pi) - sp.Rational(x1 * x1, 2) - z2**2 / 2
    answer = sp.expand(logpz - s1)
    say = FLOW.statement()
    prompt_tex = (r"A normalizing flow maps a standard normal \(z \sim \mathcal N(0, I_2)\) to \(x\) by the coupling "
                  rf"layer \(x_1 = z_1\), \(x_2 = z_2\,e^{{s(z_1)}} + t(z_1)\) with \(s(z_1) = {tex(s)}\), "
                  rf"\(t(z_1) = {tex(t)}\). Give the log-likelihood \(\log p_X(x)\) (natural log) of the point "
                  rf"\(x = ({x1}, {x2})\). {say}")
    prompt_text = (f"A normalizing flow maps a standard normal z ~ N(0, I₂) to x by the coupling layer x₁ = z₁, "
                   f"x₂ = z₂·e^(s(z₁)) + t(z₁) with s(z₁) = {uni(s)}, t(z₁) = {uni(t)}. Give the log-likelihood "
                   f"log p_X(x) (natural log) of the point x = ({x1}, {x2}). {say}")
    steps = (
        Step("Invert the layer at the point: z₁ = x₁, z₂ = (x₂ − t(x₁))·e^(−s(x₁)).",
             rf"s({x1}) = {s1},\ t({x1}) = {t1},\quad z = \left({x1},\ {tex(z2)}\right)",
             f"s({x1}) = {s1}, t({x1}) = {t1}, z = ({x1}, {uni(z2)})"),
        Step("The inverse Jacobian is triangular with diagonal (1, e^(−s(x₁))): its log-determinant is −s(x₁).",
             rf"\log\left\lvert\det\frac{{\partial z}}{{\partial x}}\right\rvert = -s(x_1) = {-s1}",
             f"log|det ∂z/∂x| = −s(x₁) = {-s1}"),
        Step("Base log-density of z (two standard normals).",
             rf"\log p_Z(z) = -\log(2\pi) - \tfrac12\lVert z\rVert^2 = {tex(logpz)}",
             f"log p_Z(z) = −log(2π) − ‖z‖²/2 = {uni(logpz)}"),
        Step("Change of variables: add the log-determinant.",
             rf"\log p_X(x) = \log p_Z(z) + \log\left\lvert\det\frac{{\partial z}}{{\partial x}}\right\rvert "
             rf"= {tex(answer)}",
             f"log p_X(x) = log p_Z(z) + log|det ∂z/∂x| = {uni(answer)}"),
    )
    candidates = [
        ("log-determinant with the wrong sign", sp.expand(logpz + s1),
         f"Going from x back to z divides volumes by e^(s(x₁)): add −s(x₁) = {-s1}, not +s(x₁)."),
        ("log-determinant forgotten", logpz,
         "A flow's density is the base density times |det ∂z/∂x|: add log|det ∂z/∂x| = −s(x₁)."),
        ("z₂ not rescaled", sp.expand(-sp.log(2 * sp.pi) - sp.Rational(x1 * x1, 2) - (x2 - t1)**2 / 2 - s1),
         "z₂ = (x₂ − t(x₁))·e^(−s(x₁)): undo the scaling as well as the shift."),
        ("base density at x", sp.expand(-sp.log(2 * sp.pi) - sp.Rational(x1 * x1 + x2 * x2, 2) - s1),
         "Evaluate the base density at z = f⁻¹(x), not at x."),
    ]
    return Problem(
        prompt_tex=prompt_tex, prompt_text=prompt_text, answer=answer, kind="number", solution=steps,
        given={"ask": "flow", "s": str(s), "t": str(t), "x": [x1, x2], "base": "N(0, I2)"},
        checking=FLOW, mistakes=_keep(candidates, answer),
    )


def generate(rng: random.Random, params: dict) -> Problem:
    level = params["level"]
    if level == 3:
        return _coupling(rng)
    if level == 4:
        return _polar(rng)
    if level == 5:
        return _density(rng)
    if level == 6:
        return _flow(rng)
    return _det_problem(rng, level)


def verify(given: dict, answer) -> Evidence:
    ask = given["ask"]
    if ask == "polar":
        return _verify_polar(given, answer)
    if ask == "density":
        return _verify_density(given, answer)
    if ask == "flow":
        return _verify_flow(given, answer)
    syms = sp.symbols(given["inputs"])
    comps = sp.lambdify(syms, [sp.sympify(c) for c in given["map"]], modules="math")
    ans = sp.lambdify(syms, sp.sympify(answer), modules="math")
    rng = random.Random(11)
    worst = 0.0
    for _ in range(3):
        pt = numeric.sample_point(rng, given["domains"])
        p = [pt[name] for name in given["inputs"]]
        J = np.array([[numeric.fd_first(lambda *q, i=i: comps(*q)[i], p, j, h=1e-3) for j in range(2)]
                      for i in range(2)])
        det = float(np.linalg.det(J))
        expected = det if given["ask"] == "det" else math.log(abs(det))
        worst = max(worst, numeric.require_close(expected, float(ans(*p)), f"{given['ask']} at {p}",
                                                 rel=1e-6, floor=1e-7))
    return Evidence("finite differences + numpy", "Jacobian by 4th-order central differences (h=1e-3) at "
                    "3 random points, numpy.linalg.det", worst)


_NODES, _WEIGHTS = np.polynomial.legendre.leggauss(80)


def _gl(f, lo: float, hi: float) -> float:
    """Gauss–Legendre quadrature of a vectorised f on [lo, hi]."""
    mid, half = (hi + lo) / 2, (hi - lo) / 2
    return float(half * np.sum(_WEIGHTS * f(mid + half * _NODES)))


def _disc_integral(f, radius: float, angle: float) -> float:
    """∬ f(x² + y²) dx dy over the disc sector of the given radius, in Cartesian coordinates:
    x = radius·sin α (to smooth the boundary), y from 0 or −√(radius² − x²) to √(radius² − x²)."""
    if radius == 0:
        return 0.0
    lo_alpha = 0.0 if angle < 3 else -math.pi / 2   # a quarter disc keeps x ≥ 0

    def outer(alpha):
        out = []
        for al in np.atleast_1d(alpha):
            x = radius * math.sin(al)
            top = math.sqrt(max(radius * radius - x * x, 0.0))
            inner = _gl(lambda y: f(x * x + y * y), 0.0, top)
            if angle > 6:                                # the full disc: y < 0 too (sectors keep y ≥ 0)
                inner += _gl(lambda y: f(x * x + y * y), -top, 0.0)
            out.append(inner * radius * math.cos(al))
        return np.array(out)

    # split at x = 0 and y = 0 so a kink of f at the origin (√(x²+y²)) sits on a boundary
    return _gl(outer, 0.0, math.pi / 2) + (_gl(outer, lo_alpha, 0.0) if lo_alpha < 0 else 0.0)


def _verify_polar(given: dict, answer) -> Evidence:
    q = sp.Symbol("q")
    f = sp.lambdify(q, sp.sympify(given["f"]), modules="numpy")
    angle = float(sp.sympify(given["angle"]))
    g = lambda v: np.asarray(f(np.asarray(v, dtype=float)), dtype=float) * np.ones_like(v, dtype=float)  # noqa: E731
    expected = _disc_integral(g, float(given["r_outer"]), angle) - _disc_integral(g, float(given["r_inner"]), angle)
    err = numeric.require_close(expected, float(sp.N(answer)), "integral", rel=1e-6, floor=1e-9)
    return Evidence("Gauss–Legendre in Cartesian coordinates", "80×80-point Gauss–Legendre over the region in x "
                    "and y (outer disc minus inner disc), no polar Jacobian", err)


def _verify_density(given: dict, answer) -> Evidence:
    got = float(sp.N(answer))
    if "A" in given:
        A, b, y = (np.array(given[k], dtype=float) for k in ("A", "b", "y"))
        cov = A @ A.T
        d = y - b
        expected = math.exp(-0.5 * d @ np.linalg.solve(cov, d)) / (2 * math.pi * math.sqrt(np.linalg.det(cov)))
        err = numeric.require_close(expected, got, "p_Y(y)", rel=1e-9, floor=1e-12)
        return Evidence("numpy", "Y ~ N(b, AAᵀ): the Gaussian density formula with numpy.linalg", err)
    xs = sp.Symbol("x")
    g = sp.lambdify(xs, sp.sympify(given["g"]), modules="math")
    y0 = float(sp.Rational(given["y"]))
    if given["base"] == "N(0, 1)":
        cdf_x = lambda x: 0.5 * (1 + math.erf(x / math.sqrt(2)))  # noqa: E731
        lo, hi = -40.0, 40.0
    else:
        cdf_x = lambda x: min(max(x, 0.0), 1.0)  # noqa: E731
        lo, hi = 0.0, 1.0

    def cdf_y(y):   # P(g(X) ≤ y) for increasing g: bisection for g⁻¹(y), no formula for it
        a, b = lo, hi
        for _ in range(200):
            m = (a + b) / 2
            a, b = (m, b) if g(m) < y else (a, m)
        return cdf_x((a + b) / 2)

    expected = numeric.fd_first(cdf_y, [y0], 0, h=1e-4)
    err = numeric.require_close(expected, got, "p_Y(y)", rel=1e-6, floor=1e-9)
    return Evidence("finite differences", "d/dy P(g(X) ≤ y) by central differences, g⁻¹ by bisection", err)


def _verify_flow(given: dict, answer) -> Evidence:
    z1 = sp.Symbol("z1")
    s = sp.lambdify(z1, sp.sympify(given["s"]), modules="math")
    t = sp.lambdify(z1, sp.sympify(given["t"]), modules="math")
    inverse = lambda a, b: (a, (b - t(a)) * math.exp(-s(a)))  # noqa: E731
    x = [float(v) for v in given["x"]]
    J = np.array([[numeric.fd_first(lambda *p, i=i: inverse(*p)[i], x, j, h=1e-4) for j in range(2)]
                  for i in range(2)])
    z = np.array(inverse(*x))
    expected = -math.log(2 * math.pi) - 0.5 * float(z @ z) + math.log(abs(np.linalg.det(J)))
    err = numeric.require_close(expected, float(sp.N(answer)), "log p_X(x)", rel=1e-7, floor=1e-9)
    return Evidence("finite differences + numpy", "inverse flow at x, its Jacobian by central differences, "
                    "numpy.linalg.det, standard normal log-density", err)


def baseline(given: dict):
    """Bare SymPy: Jacobian determinant, simplified, or the quantity built on it (benchmarks/generate.py)."""
    ask = given["ask"]
    if ask == "polar":
        r, q = sp.Symbol("r", positive=True), sp.Symbol("q")
        f = sp.sympify(given["f"]).subs(q, r**2)
        return sp.simplify(sp.sympify(given["angle"]) * sp.integrate(f * r, (r, given["r_inner"], given["r_outer"])))
    if ask == "flow":
        z1 = sp.Symbol("z1")
        s, t = sp.sympify(given["s"]), sp.sympify(given["t"])
        x1, x2 = given["x"]
        z2 = (x2 - t.subs(z1, x1)) * sp.exp(-s.subs(z1, x1))
        return sp.expand(-sp.log(2 * sp.pi) - sp.Rational(x1 * x1, 2) - z2**2 / 2 - s.subs(z1, x1))
    if ask == "density":
        if "A" in given:
            A, b, y = sp.Matrix(given["A"]), sp.Matrix(given["b"]), sp.Matrix(given["y"])
            x = A.inv() * (y - b)
            return sp.exp(-x.dot(x) / 2) / (2 * sp.pi * abs(A.det()))
        xs, y = sp.Symbol("x"), sp.Symbol("y", positive=True)
        inverse = sp.solve(sp.Eq(sp.sympify(given["g"]), y), xs)[-1]
        base = (sp.exp(-xs**2 / 2) / sp.sqrt(2 * sp.pi)) if given["base"] == "N(0, 1)" else sp.Integer(1)
        return sp.simplify((base.subs(xs, inverse) * sp.diff(inverse, y)).subs(y, sp.Rational(given["y"])))
    syms = sp.symbols(given["inputs"])
    det = sp.simplify(sp.Matrix([sp.sympify(c) for c in given["map"]]).jacobian(syms).det())
    return det if given["ask"] == "det" else sp.simplify(sp.log(det))  # levels 1-3 only


FAMILY = Family(
    name="change_of_variables", version=2, title="Change of variables: Jacobian determinant",
    summary="Jacobian determinants of 2-D transforms, and using them: polar integrals, densities of Y = g(X), "
            "a normalizing flow's log-likelihood.",
    params={"level": Param(1, (1, 2, 3, 4, 5, 6),
                           "1: linear map, 2: nonlinear transform, 3: coupling-layer log-determinant, "
                           "4: integral in polar coordinates, 5: density of Y = g(X), 6: a flow's log-likelihood")},
    levels={1: "det of a linear map (the area scale factor)",
            2: "det ∂(x,y)/∂(u,v) of a nonlinear transform",
            3: "the log-determinant of a coupling layer or its inverse",
            4: "an integral over a disc, ring or sector by polar coordinates (dx dy = r dr dθ)",
            5: "the density of Y = g(X) at a point (invert, divide by the volume change)",
            6: "a normalizing flow's log-likelihood of a point (invert, base density, log-determinant)"},
    generate=generate, verify=verify, baseline=baseline,
)
