"""Change of variables: the Jacobian determinant of a 2-D transform, as in normalizing flows.

Level 1: det of a linear map (the area scale factor); level 2: det ∂(x,y)/∂(u,v)
of a nonlinear transform (polar-like, exponential, polynomial); level 3: the
log-determinant of an affine coupling layer x₁ = z₁, x₂ = z₂·e^{s(z₁)} + t(z₁)
(or of its inverse), the quantity a normalizing flow adds to its log-density.
Verified by a central-difference Jacobian and numpy.linalg.det at random points.
"""

from __future__ import annotations

import math
import random

import numpy as np
import sympy as sp

from osmose import numeric
from osmose.family import Checking, Evidence, Family, Mistake, Param, Problem, Reject, Step
from osmose.mathtext import given_str, tex, uni

U, V = sp.symbols("u v", real=True)
Z1, Z2 = sp.symbols("z1 z2", real=True)
SAY = Checking(precision="exact").statement()


def _coef(rng, top=3):
    return rng.choice((-1, 1)) * rng.randint(1, top)


def _transform(rng: random.Random, level: int) -> tuple[tuple, dict, sp.Expr | None]:
    """(x, y), the variables' domains, and the determinant in closed form for the
    trigonometric templates (where ad − bc needs cos² + sin² = 1; None: expand it)."""
    real = {"u": "real", "v": "real"}
    if level == 1:
        a, b, c, d = (rng.randint(-4, 4) for _ in range(4))
        return (a * U + b * V, c * U + d * V), real, None
    kind = rng.randrange(5)
    k, m = rng.randint(1, 3), rng.randint(1, 3)
    if kind == 0:
        return (k * U * sp.cos(V), m * U * sp.sin(V)), {"u": "positive", "v": "real"}, k * m * U
    if kind == 1:
        return (U * sp.exp(k * V), U * sp.exp(-m * V)), real, None
    if kind == 2:
        return (U * V, U / V), {"u": "positive", "v": "positive"}, None
    if kind == 3:
        return (k * U + _coef(rng) * V**2, m * V + _coef(rng) * U**2), real, None
    return (sp.exp(U) * sp.cos(k * V), sp.exp(U) * sp.sin(k * V)), real, k * sp.exp(2 * U)


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
        Step("The inverse map has the reciprocal determinant." if inverse else "Substitute s.",
             (rf"\log\left\lvert\det\frac{{\partial z}}{{\partial x}}\right\rvert = -s(x_1) = {tex(answer)}" if inverse
              else rf"\log\left\lvert\det\frac{{\partial x}}{{\partial z}}\right\rvert = {tex(answer)}"),
             f"= {uni(answer)}"),
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


def generate(rng: random.Random, params: dict) -> Problem:
    level = params["level"]
    return _coupling(rng) if level == 3 else _det_problem(rng, level)


def verify(given: dict, answer) -> Evidence:
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


def baseline(given: dict):
    """Bare SymPy: Jacobian determinant, simplified (benchmarks/generate.py)."""
    syms = sp.symbols(given["inputs"])
    det = sp.simplify(sp.Matrix([sp.sympify(c) for c in given["map"]]).jacobian(syms).det())
    return det if given["ask"] == "det" else sp.simplify(sp.log(det))


FAMILY = Family(
    name="change_of_variables", version=2, title="Change of variables: Jacobian determinant",
    summary="Jacobian determinants of 2-D transforms and the log-determinant of a normalizing-flow coupling layer.",
    params={"level": Param(1, (1, 2, 3), "1: linear map, 2: nonlinear transform, 3: coupling-layer log-determinant")},
    generate=generate, verify=verify, baseline=baseline,
)
