"""Local models of a function of two variables: the second-order Taylor model, the directional
derivative, the tangent plane.

task=taylor: the value at a + h of T₂(a + h) = f(a) + ∇f(a)·h + ½ hᵀH_f(a)h.
task=directional: D_u f(a) = ∇f(a)·u — along a given unit vector at level 1, along the direction
of a non-unit vector v (normalise first) at level 2.
task=tangent: the tangent plane z = f(a) + f_x(a)(x − a₁) + f_y(a)(y − a₂) to the graph of f.

Level 1: f a polynomial of degree 2–3 with small integer coefficients.
Level 2: f mixes a polynomial with exp, sin, cos or ln of a linear or quadratic argument
(the point makes that argument 0 or 1, so exact values stay readable), and the direction is
not a unit vector.

Verified without SymPy: f is evaluated in floating point from its given formula and its
gradient and Hessian at a are estimated by 4th-order central differences
(``osmose.numeric``); the tangent plane is compared with that linearisation at random points.
"""

from __future__ import annotations

import math
import random

import sympy as sp

from osmose import numeric
from osmose.family import (Checking, Evidence, Family, Mistake, Param, Problem, Reject, Step)
from osmose.mathtext import tex, uni

X, Y = sp.symbols("x y")
R = sp.Rational
STEPS = (R(1, 10), R(-1, 10), R(1, 5), R(-1, 5), R(3, 10), R(-3, 10), R(1, 2), R(-1, 2))
#: unit vectors with rational entries (Pythagorean triples)
UNIT = tuple({(R(p, r) * sx, R(q, r) * sy) for p, q, r in ((3, 4, 5), (4, 3, 5), (5, 12, 13), (12, 5, 13),
                                                         (8, 15, 17), (15, 8, 17), (1, 0, 1), (0, 1, 1))
              for sx in (1, -1) for sy in (1, -1)})
UNIT = tuple(sorted(UNIT))


def _nz(rng: random.Random, k: int) -> int:
    return rng.choice([i for i in range(-k, k + 1) if i])


def _poly(rng: random.Random) -> sp.Poly:
    """Three distinct monomials of degree 1–3, at least one of degree ≥ 2 mixing x and y."""
    pool = [(1, 1), (2, 1), (1, 2), (2, 0), (0, 2), (3, 0), (0, 3), (1, 0), (0, 1)]
    mixed = rng.choice([(1, 1), (2, 1), (1, 2)])
    rest = rng.sample([m for m in pool if m != mixed], 2)
    return sp.Poly.from_dict({m: _nz(rng, 4) for m in (mixed, *rest)}, X, Y)


def _local(P: sp.Poly, a) -> tuple:
    """Value, gradient and Hessian entries of a polynomial at an integer point."""
    Px, Py = P.diff(X), P.diff(Y)
    return (P.eval(a), (Px.eval(a), Py.eval(a)),
            (Px.diff(X).eval(a), Px.diff(Y).eval(a), Py.diff(Y).eval(a)), Px.as_expr(), Py.as_expr())


def _transcendental(rng: random.Random, a: tuple[int, int]):
    """f = T + E: T = c·φ(ℓ) with ℓ(a) = 0 (exp, sin, cos, ln(1 + (x − a₁)² + ℓ)) or 1 (exp), or
    (x + my)e^ℓ; E a monomial. Returns f, its first partials (built by the chain rule, for
    display) and f(a), ∇f(a), (f_xx, f_xy, f_yy)(a), from the chain rule at ℓ(a)."""
    p, q = _nz(rng, 2), _nz(rng, 2)
    lin = p * (X - a[0]) + q * (Y - a[1])
    kind = rng.choice(("exp", "sin", "cos", "log", "expprod"))
    c = _nz(rng, 3)
    E = sp.Poly.from_dict({(rng.randint(1, 2), rng.randint(0, 1)): _nz(rng, 3)}, X, Y)
    e0, eg, eh, ex, ey = _local(E, a)
    (p, q)
    outer = (p * p, p * q, q * q)
    if kind == "exp":
        s = rng.choice((0, 1))
        arg = lin + s
        w = c * sp.exp(s)
        T, Tx, Ty = c * sp.exp(arg), c * p * sp.exp(arg), c * q * sp.exp(arg)
        t0, tg, th = w, (w * p, w * q), tuple(w * o for o in outer)
    elif kind == "sin":
        T, Tx, Ty = c * sp.sin(lin), c * p * sp.cos(lin), c * q * sp.cos(lin)
        t0, tg, th = 0, (c * p, c * q), (0, 0, 0)
    elif kind == "cos":
        T, Tx, Ty = c * sp.cos(lin), -c * p * sp.sin(lin), -c * q * sp.sin(lin)
        t0, tg, th = c, (0, 0), tuple(-c * o for o in outer)
    elif kind == "log":
        arg = 1 + (X - a[0]) ** 2 + lin
        T, Tx, Ty = c * sp.log(arg), c * (2 * (X - a[0]) + p) / arg, c * q / arg
        # ∂²ln(u) = ∂²u/u − ∂u ∂uᵀ/u² with u(a) = 1, ∇u(a) = (p, q), ∂²u = diag(2, 0)
        t0, tg, th = 0, (c * p, c * q), (c * (2 - p * p), -c * p * q, -c * q * q)
    else:
        m = _nz(rng, 2)
        P = X + m * Y
        P0 = a[0] + m * a[1]
        T, Tx, Ty = P * sp.exp(lin), (1 + p * P) * sp.exp(lin), (m + q * P) * sp.exp(lin)
        # ∂²(P e^ℓ) at ℓ = 0: ∇P ∇ℓᵀ + ∇ℓ ∇Pᵀ + P ∇ℓ ∇ℓᵀ with ∇P = (1, m)
        t0, tg = P0, (1 + P0 * p, m + P0 * q)
        th = (2 * p + P0 * p * p, q + m * p + P0 * p * q, 2 * m * q + P0 * q * q)
    f = T + E.as_expr()
    value = sp.sympify(t0) + e0
    grad = tuple(sp.sympify(t) + e for t, e in zip(tg, eg))
    hess = tuple(sp.sympify(t) + e for t, e in zip(th, eh))
    return f, Tx + ex, Ty + ey, value, grad, hess


def generate(rng: random.Random, params: dict) -> Problem:
    level, task = params["level"], params["task"]
    a = (rng.randint(-2, 2), rng.randint(-2, 2))
    if level == 1:
        P = _poly(rng)
        f0, g, (fxx, fxy, fyy), sx, sy = _local(P, a)
        f = P.as_expr()
    else:
        f, sx, sy, f0, g, (fxx, fxy, fyy) = _transcendental(rng, a)
    if g == (0, 0):
        raise Reject("a critical point: every local model is flat")
    checking = Checking(precision="exact") if (level == 1 and task == "tangent") else Checking(sig_figs=4)
    say = checking.statement()
    ftex, ftext = tex(f), uni(f)
    pt = f"({a[0]}, {a[1]})"
    grad_step = Step("Gradient at the point.",
                     rf"\nabla f = \left({tex(sx)},\ {tex(sy)}\right),\quad \nabla f{pt} = {tex(g)}",
                     f"∇f = ({uni(sx)}, {uni(sy)}), ∇f{pt} = {uni(g)}")
    given = {"f": str(f), "a": list(a), "task": task}
    mistakes = []
    if task == "taylor":
        h = (rng.choice(STEPS), rng.choice(STEPS))
        if fxy == 0 and level == 1:
            raise Reject("no mixed curvature at the point: the cross term teaches nothing")
        lin = g[0] * h[0] + g[1] * h[1]
        quad = fxx * h[0] ** 2 + 2 * fxy * h[0] * h[1] + fyy * h[1] ** 2
        answer = sp.expand(f0 + lin + quad / 2)
        b = (a[0] + h[0], a[1] + h[1])
        H = sp.Matrix([[fxx, fxy], [fxy, fyy]])
        steps = (grad_step,
                 Step("Hessian at the point.", rf"H_f{pt} = {tex(H)}", f"H_f{pt} = {uni(H)}"),
                 Step("The model at h = x − a.",
                      rf"T_2 = f(a) + \nabla f(a)\cdot h + \tfrac12 h^\top H h = {tex(f0)} + ({tex(lin)}) "
                      rf"+ \tfrac12 ({tex(sp.expand(quad))})",
                      f"T₂ = f(a) + ∇f(a)·h + ½hᵀHh = {uni(f0)} + ({uni(lin)}) + ½({uni(sp.expand(quad))})"),
                 Step("Add up.", rf"T_2{tex(tuple(b))} = {tex(answer)}", f"T₂{uni(tuple(b))} = {uni(answer)}"))
        mistakes = [
            Mistake("dropped the ½", sp.expand(f0 + lin + quad),
                    "The quadratic term of Taylor's formula is ½ hᵀHh."),
            Mistake("first-order model only", sp.expand(f0 + lin),
                    "A second-order model keeps the curvature term ½ hᵀHh."),
            Mistake("cross term counted once", sp.expand(f0 + lin + (quad - fxy * h[0] * h[1]) / 2),
                    f"hᵀHh = f_xx h₁² + 2 f_xy h₁h₂ + f_yy h₂²: the off-diagonal entry appears twice."),
        ]
        given["h"] = [str(v) for v in h]
        prompt_tex = (rf"Let \(f(x, y) = {ftex}\). Give the value at \(({tex(b[0])}, {tex(b[1])})\) of the "
                      rf"second-order Taylor model of \(f\) about \(a = {pt}\), "
                      rf"\(T_2(a + h) = f(a) + \nabla f(a)\cdot h + \tfrac12 h^\top H_f(a)\,h\). {say}")
        prompt_text = (f"Let f(x, y) = {ftext}. Give the value at ({uni(b[0])}, {uni(b[1])}) of the second-order "
                       f"Taylor model of f about a = {pt}, T₂(a + h) = f(a) + ∇f(a)·h + ½ hᵀH_f(a)h. {say}")
        kind = "number"
    elif task == "directional":
        if level == 1:
            u = rng.choice(UNIT)
            answer = sp.expand(g[0] * u[0] + g[1] * u[1])
            if answer == 0:
                raise Reject("u along the level curve: the derivative is 0")
            dir_tex, dir_text = rf"the unit vector \(u = {tex(u)}\)", f"the unit vector u = {uni(u)}"
            steps = (grad_step, Step("Dot with the unit vector.",
                                     rf"D_u f{pt} = \nabla f\cdot u = {tex(answer)}", f"D_u f{pt} = ∇f·u = {uni(answer)}"))
            mistakes = [Mistake("components of u swapped", sp.expand(g[0] * u[1] + g[1] * u[0]),
                                "Pair f_x with the x-component of u and f_y with the y-component."),
                        Mistake("the gradient's length", sp.sqrt(g[0] ** 2 + g[1] ** 2),
                                "|∇f| is the largest directional derivative; along u take ∇f·u.")]
            given["u"] = [str(v) for v in u]
        else:
            v = (_nz(rng, 3), _nz(rng, 3))
            norm = sp.sqrt(v[0] ** 2 + v[1] ** 2)
            dot = g[0] * v[0] + g[1] * v[1]
            if sp.expand(dot) == 0:
                raise Reject("perpendicular to the gradient")
            answer = sp.radsimp(dot / norm)
            dir_tex = rf"the direction of \(v = {tex(v)}\) (normalise it first)"
            dir_text = f"the direction of v = {uni(v)} (normalise it first)"
            steps = (grad_step,
                     Step("Normalise the direction.", rf"u = \frac{{v}}{{\lVert v\rVert}} = \frac{{{tex(v)}}}{{{tex(norm)}}}",
                          f"u = v/‖v‖ = {uni(v)}/{uni(norm)}"),
                     Step("Dot with the unit vector.", rf"D_u f{pt} = \frac{{\nabla f\cdot v}}{{\lVert v\rVert}} "
                                                       rf"= \frac{{{tex(dot)}}}{{{tex(norm)}}} = {tex(answer)}",
                          f"D_u f{pt} = ∇f·v/‖v‖ = {uni(dot)}/{uni(norm)} = {uni(answer)}"))
            mistakes = [Mistake("did not normalise v", dot,
                                f"∇f·v is ‖v‖ = {uni(norm)} times the rate along the unit direction: divide by ‖v‖."),
                        Mistake("divided by ‖v‖²", dot / norm**2, "u = v/‖v‖, not v/‖v‖².")]
            given["v"] = list(v)
        prompt_tex = (rf"Let \(f(x, y) = {ftex}\). Give the directional derivative of \(f\) at \({pt}\) along "
                      rf"{dir_tex}. {say}")
        prompt_text = f"Let f(x, y) = {ftext}. Give the directional derivative of f at {pt} along {dir_text}. {say}"
        kind = "number"
    else:
        plane = f0 + g[0] * (X - a[0]) + g[1] * (Y - a[1])
        answer = sp.expand(plane)
        steps = (grad_step,
                 Step("Linearise about the point.",
                      rf"z = f{pt} + f_x{pt}\,(x - {a[0]}) + f_y{pt}\,(y - {a[1]}) = {tex(answer)}",
                      f"z = f{pt} + f_x{pt}(x − {a[0]}) + f_y{pt}(y − {a[1]}) = {uni(answer)}"))
        mistakes = [Mistake("left out f(a)", sp.expand(plane - f0),
                            f"The plane passes through (a, f(a)): add f{pt} = {uni(f0)}."),
                    Mistake("(x + a) for (x − a)", sp.expand(f0 + g[0] * (X + a[0]) + g[1] * (Y + a[1])),
                            "The increments are x − a₁ and y − a₂."),
                    Mistake("partials swapped", sp.expand(f0 + g[1] * (X - a[0]) + g[0] * (Y - a[1])),
                            "f_x multiplies (x − a₁) and f_y multiplies (y − a₂).")]
        checking = Checking(variables={"x": "real", "y": "real"}, precision=checking.precision,
                            sig_figs=checking.sig_figs)
        prompt_tex = (rf"Let \(f(x, y) = {ftex}\). Give the tangent plane to the graph \(z = f(x, y)\) above the "
                      rf"point \({pt}\), as \(z = \) an expression in \(x\) and \(y\). {say}")
        prompt_text = (f"Let f(x, y) = {ftext}. Give the tangent plane to the graph z = f(x, y) above the point "
                       f"{pt}, as z = an expression in x and y. {say}")
        kind = "expr"
    mistakes = tuple(m for m in mistakes if sp.expand(m.answer - answer) != 0)
    return Problem(prompt_tex=prompt_tex, prompt_text=prompt_text, answer=answer, kind=kind,
                   solution=steps, given=given, checking=checking, mistakes=mistakes)


def verify(given: dict, answer) -> Evidence:
    f = numeric.float_function(given["f"], ["x", "y"])
    a = [float(v) for v in given["a"]]
    g = [numeric.fd_first(f, a, i) for i in (0, 1)]
    task = given["task"]
    if task == "taylor":
        h = [float(sp.Rational(v)) for v in given["h"]]
        H = numeric.fd_hessian(f, a)
        quad = sum(H[i][j] * h[i] * h[j] for i in (0, 1) for j in (0, 1))
        expected = f(*a) + g[0] * h[0] + g[1] * h[1] + quad / 2
        err = numeric.require_close(float(answer), expected, "T₂(a + h)", rel=1e-6, floor=1e-7)
        return Evidence("finite differences", f"gradient and Hessian by central differences: T₂ = {expected:.8g}", err)
    if task == "directional":
        if "u" in given:
            u = [float(sp.Rational(v)) for v in given["u"]]
        else:
            n = math.hypot(*given["v"])
            u = [given["v"][0] / n, given["v"][1] / n]
        # the derivative of t ↦ f(a + t u) at 0, by a central difference along u itself
        expected = numeric.fd_first(lambda t: f(a[0] + t * u[0], a[1] + t * u[1]), [0.0], 0)
        err = numeric.require_close(float(answer), expected, "D_u f", rel=1e-6, floor=1e-7)
        return Evidence("finite differences", f"d/dt f(a + t u) at t = 0 = {expected:.8g}", err)
    expr = sp.sympify(answer)
    rng = random.Random(given["f"])
    worst = 0.0
    for _ in range(4):
        p = (a[0] + rng.uniform(-2, 2), a[1] + rng.uniform(-2, 2))
        expected = f(*a) + g[0] * (p[0] - a[0]) + g[1] * (p[1] - a[1])
        got = numeric.evaluate(expr, {"x": p[0], "y": p[1]}) if expr.free_symbols else float(expr)
        worst = max(worst, numeric.require_close(got, expected, f"plane at {p}", rel=1e-6, floor=1e-7))
    return Evidence("finite differences", "plane = f(a) + ∇f(a)·(p − a) with a central-difference gradient, "
                                          "at 4 random points", worst)


FAMILY = Family(
    name="taylor_directional", version=1, title="Taylor model, directional derivative, tangent plane",
    summary="The second-order Taylor model's value near a point, D_u f along a direction, and the tangent plane.",
    params={
        "level": Param(1, (1, 2), "1: polynomial f, unit direction; 2: exp/sin/cos/ln in f, direction to normalise"),
        "task": Param("taylor", ("taylor", "directional", "tangent"),
                      "taylor: T₂ at a nearby point; directional: D_u f(a); tangent: the tangent plane"),
    },
    levels={1: "polynomial f of degree ≤ 3; a unit direction is given",
            2: "f with exp, sin, cos or ln (chain rule needed); the direction must be normalised"},
    generate=generate, verify=verify,
)
