"""Newton's method: one step, for a 1-D root and for a 2-D stationary point (∇f = 0).

Level 1: x₁ = x₀ − f(x₀)/f′(x₀) for a cubic; level 2: the same for a
transcendental f (exact answer with e, sin, ln); level 3: the Newton step
x₁ = x₀ − H⁻¹∇f for a polynomial f(x, y); level 4: the same on a Rosenbrock
function. Level-3 cubics are often taken where H is indefinite, so the 2-D
prompt asks for a step towards a stationary point, not "to minimise f".
The worked solution compares the Newton step with a gradient step.
Verification recomputes derivatives by central differences and solves the
linear system with numpy.
"""

from __future__ import annotations

import math
import random
from functools import lru_cache

import numpy as np
import sympy as sp

from osmose import numeric
from osmose.family import (Checking, Evidence, Family, Mistake, Param, Problem, Reject, Step,
                           VerificationError)
from osmose.mathtext import given_str, tex, uni

X, Y = sp.symbols("x y", real=True)
#: exact forms, or decimals to 4 significant figures (what the checker has always done)
CHECKING = Checking(sig_figs=4)
SAY = CHECKING.statement()


def _coef(rng, top=3):
    return rng.choice((-1, 1)) * rng.randint(1, top)


def _f_1d(rng: random.Random, level: int) -> tuple[sp.Expr, int]:
    if level == 1:
        f = X**3 + sum(rng.randint(-4, 4) * X**k for k in (2, 1, 0))
        return f, rng.randint(-3, 3)
    return rng.choice(transcendental_pool())


@lru_cache(maxsize=None)
def transcendental_pool() -> tuple:
    """(f, x₀) for level 2: every f increasing or decreasing (f′ ≠ 0) with one root near x₀;
    drawn uniformly from the whole list so 200 seeds show well over 120 different tasks."""
    pool = []
    for a in (1, 2, 3):
        for k in range(2, 10):
            pool += [(sp.exp(a * X) - k, x0) for x0 in (0, 1, 2)]
    for c in (1, 2, 3):
        for d in (0, 1, 2):
            pool += [(X - c * sp.cos(X) - d, x0) for x0 in (0, 1, 2)]
    for a in (1, 2, 3):
        for k in range(2, 7):
            pool += [(sp.log(X) + a * X - k, x0) for x0 in (1, 2, 3)]
    for k in range(1, 7):
        pool += [(X * sp.exp(X) - k, x0) for x0 in (0, 1, 2)]
    for a in (2, 3):
        for k in range(1, 6):
            pool += [(sp.sin(X) + a * X - k, x0) for x0 in (0, 1, 2)]
    for k in range(1, 6):
        pool += [(sp.exp(-X) - X / k, x0) for x0 in (0, 1, 2, 3)]
    for a in (2, 3):
        for k in (-1, 1, 2, 3):
            pool += [(sp.atan(X) + a * X - k, x0) for x0 in (0, 1)]
    return tuple(pool)


def _operand(e) -> str:
    """Unicode of e, bracketed unless it is a non-negative integer (no "(5)/(11)")."""
    return uni(e) if e.is_Integer and e >= 0 else f"({uni(e)})"


def _root(rng: random.Random, level: int) -> Problem:
    f, x0 = _f_1d(rng, level)
    x0 = sp.Integer(x0)
    df = f.diff(X)
    fx, dfx = f.subs(X, x0), df.subs(X, x0)
    if fx == 0 or dfx == 0:
        raise Reject("already a root, or a flat tangent")
    answer = x0 - fx / dfx
    if level == 1:
        if answer.q > 40 or abs(answer) > 20:
            raise Reject("ugly fraction")
    answer = sp.together(answer) if level == 1 else answer
    steps = (
        Step("Linearise f at x₀ and solve the tangent line for its zero.",
             r"x_1 = x_0 - \frac{f(x_0)}{f'(x_0)}", "x₁ = x₀ − f(x₀)/f′(x₀)"),
        Step("Derivative.", rf"f'(x) = {tex(df)}", f"f′(x) = {uni(df)}"),
        Step("Evaluate at x₀.", rf"f({x0}) = {tex(fx)},\quad f'({x0}) = {tex(dfx)}",
             f"f({x0}) = {uni(fx)}, f′({x0}) = {uni(dfx)}"),
        Step("One Newton step.", rf"x_1 = {x0} - \frac{{{tex(fx)}}}{{{tex(dfx)}}} = {tex(answer)}",
             f"x₁ = {x0} − {_operand(fx)}/{_operand(dfx)} = {uni(answer)}"),
    )
    mistakes = (
        Mistake("sign slip", x0 + fx / dfx, "Newton moves against f/f′: x₁ = x₀ − f(x₀)/f′(x₀)."),
        Mistake("ratio upside down", x0 - dfx / fx, "The step is f(x₀)/f′(x₀), not f′(x₀)/f(x₀)."),
        Mistake("step only", -fx / dfx, "That is the step Δx; the new iterate is x₀ + Δx."),
    )
    return Problem(
        prompt_tex=(rf"Take one Newton step for the root of \[f(x) = {tex(f)}\] starting from "
                    rf"\(x_0 = {x0}\). Give \(x_1\). {SAY}"),
        prompt_text=f"One Newton step for the root of f(x) = {uni(f)} from x₀ = {x0}. Give x₁. {SAY}",
        answer=answer, kind="number", solution=steps,
        given={"task": "root", "f": given_str(f), "x0": int(x0)},
        checking=CHECKING,
        mistakes=tuple(m for m in mistakes if abs(float(m.answer) - float(answer)) > 1e-9),
    )


def _f_2d(rng: random.Random, level: int) -> sp.Expr:
    if level == 4:
        a, b = rng.choice((-1, 1, 1, 2)), rng.choice((1, 2, 4, 5, 10, 20, 100))
        return (a - X) ** 2 + b * (Y - X**2) ** 2
    pool = [X**3, Y**3, X**2 * Y, X * Y**2, X**2, Y**2, X * Y, X, Y, X**4, Y**4]
    terms = rng.sample(pool[:4], 1) + rng.sample(pool[4:7], 2) + rng.sample(pool[7:9], 1)
    return sp.Add(*(_coef(rng) * t for t in terms))


def _newton_2d(rng: random.Random, level: int) -> Problem:
    f = _f_2d(rng, level)
    x0 = sp.Matrix([rng.randint(-2, 2), rng.randint(-2, 2)])
    at = {X: x0[0], Y: x0[1]}
    grad_e = sp.Matrix([f.diff(X), f.diff(Y)])
    H_e = sp.hessian(f, (X, Y))
    g, H = grad_e.subs(at), H_e.subs(at)
    if all(c == 0 for c in g) or H.det() == 0:
        raise Reject("stationary point or singular Hessian")
    step = H.LUsolve(g)
    answer_v = x0 - step
    if any(v.q > 30 or abs(v) > 20 for v in answer_v):
        raise Reject("ugly fractions")
    answer = tuple(answer_v)
    if level == 4 and grad_e.subs({X: answer[0], Y: answer[1]}) == sp.zeros(2, 1) and rng.random() < 0.8:
        raise Reject("one step straight onto the minimum: keep that a rare case")
    gd = tuple(x0 - g)
    steps = (
        Step("Jump to the stationary point of the second-order Taylor model m(x₀+d) = f + ∇fᵀd + ½dᵀHd "
             "(its minimum only when H(x₀) is positive definite): set ∇m = 0.",
             r"\nabla f(x_0) + H(x_0)\,d = 0 \;\Rightarrow\; d = -H(x_0)^{-1}\nabla f(x_0)",
             "∇f(x₀) + H(x₀)d = 0 ⇒ d = −H(x₀)⁻¹∇f(x₀)"),
        Step("Gradient and Hessian.",
             rf"\nabla f = {tex(grad_e)},\quad H = {tex(H_e)}", f"∇f = {uni(tuple(grad_e))}, H = {uni(H_e)}"),
        Step("At x₀.", rf"\nabla f(x_0) = {tex(g)},\quad H(x_0) = {tex(H)}",
             f"∇f(x₀) = {uni(tuple(g))}, H(x₀) = {uni(H)}"),
        Step("Solve H d = −∇f (no need to invert H).", rf"d = {tex(-step)}", f"d = {uni(tuple(-step))}"),
        Step("Newton iterate.", rf"x_1 = x_0 + d = {tex(answer)}", f"x₁ = x₀ + d = {uni(answer)}"),
        Step("Compare: a gradient step with η = 1 ignores curvature and lands elsewhere.",
             rf"x_0 - \nabla f(x_0) = {tex(gd)}", f"x₀ − ∇f(x₀) = {uni(gd)}"),
    )
    mistakes = (
        Mistake("gradient step", gd, "That is a gradient step x₀ − ∇f; Newton rescales by H⁻¹."),
        Mistake("sign slip", tuple(x0 + step),
                "Newton moves to x₀ − H⁻¹∇f, the stationary point of the quadratic model."),
        Mistake("multiplied by H", tuple(x0 - H * g), "The step is H⁻¹∇f (solve H d = −∇f), not H∇f."),
    )
    return Problem(
        prompt_tex=(rf"Take one Newton step \(x_1 = x_0 - H(x_0)^{{-1}}\nabla f(x_0)\) for finding a stationary "
                    rf"point (\(\nabla f = 0\)) of \[f(x,y) = {tex(f)}\] from \(x_0 = {tex(tuple(x0))}\). "
                    rf"Give \(x_1\). {SAY}"),
        prompt_text=(f"One Newton step x₁ = x₀ − H⁻¹∇f for a stationary point (∇f = 0) of f(x,y) = {uni(f)} "
                     f"from x₀ = {uni(tuple(x0))}. Give x₁. {SAY}"),
        answer=answer, kind="tuple", solution=steps,
        given={"task": "stationary", "f": given_str(f), "x0": [int(v) for v in x0]},
        checking=CHECKING,
        mistakes=tuple(m for m in mistakes if m.answer != answer),
    )


def generate(rng: random.Random, params: dict) -> Problem:
    level = params["level"]
    return _root(rng, level) if level <= 2 else _newton_2d(rng, level)


def verify(given: dict, answer) -> Evidence:
    if given["task"] == "root":
        f = sp.lambdify(sp.Symbol("x"), sp.sympify(given["f"]), modules="math")
        x0 = float(given["x0"])
        d = numeric.fd_first(f, [x0], 0, h=1e-4)
        expected = x0 - f(x0) / d
        err = numeric.require_close(float(answer), expected, "x1", rel=1e-7, floor=1e-9)
        return Evidence("finite differences", "f′(x₀) by 4th-order central difference, h=1e-4", err)
    x, y = sp.symbols("x y")
    f = sp.lambdify((x, y), sp.sympify(given["f"]), modules="math")
    p = [float(v) for v in given["x0"]]
    grad = np.array([numeric.fd_first(f, p, i, h=1e-3) for i in range(2)])
    H = np.array(numeric.fd_hessian(f, p, h=1e-2))
    expected = np.array(p) - np.linalg.solve(H, grad)
    worst = 0.0
    for i, a in enumerate(answer):
        worst = max(worst, numeric.require_close(float(a), float(expected[i]), f"x1[{i}]", rel=1e-7, floor=1e-8))
    if not math.isfinite(worst):
        raise VerificationError("non-finite Newton step")
    return Evidence("finite differences + numpy", "gradient and Hessian by 4th-order central differences, "
                    "step by numpy.linalg.solve", worst)


def baseline(given: dict):
    """Bare SymPy: one Newton step from the parsed f (benchmarks/generate.py)."""
    f = sp.sympify(given["f"])
    if given["task"] == "root":
        x = sp.Symbol("x")
        return (x - f / f.diff(x)).subs(x, given["x0"])
    x, y = sp.symbols("x y")
    at = {x: given["x0"][0], y: given["x0"][1]}
    step = sp.hessian(f, (x, y)).subs(at).inv() * sp.Matrix([f.diff(x), f.diff(y)]).subs(at)
    return tuple(sp.Matrix(given["x0"]) - step)


FAMILY = Family(
    name="newton", version=2, title="Newton's method",
    summary="One Newton step: x − f/f′ for a root in 1-D, x − H⁻¹∇f towards a stationary point in 2-D, compared with a gradient step.",
    params={"level": Param(1, (1, 2, 3, 4),
                           "1: root of a cubic, 2: root of a transcendental f, 3: 2-D polynomial, 4: Rosenbrock")},
    levels={1: "one step for the root of a cubic (fractions)",
            2: "one step for the root of a transcendental f (exp, log, cos, sin, arctan)",
            3: "one 2-D step x₀ − H⁻¹∇f towards a stationary point of a cubic polynomial f(x, y)",
            4: "one 2-D step on a Rosenbrock function (a quartic valley, large curvature ratios)"},
    generate=generate, verify=verify, baseline=baseline,
)
