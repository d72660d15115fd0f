"""Gradient of a scalar field and Jacobian of a vector field (2–3 variables).

Level 1 asks for the gradient of f(x, y) as a tuple, level 2 for the 2×2
Jacobian of F: R² → R², level 3 for the 2×3 Jacobian of F: R³ → R². The answer
is checked against 4th-order central differences of the given components.
"""

from __future__ import annotations

import random

import sympy as sp

from osmose import numeric
from osmose.family import (Checking, Evidence, Family, Mistake, Param, Problem, Reject, Step,
                           VerificationError)
from osmose.mathtext import given_str, tex, uni

X, Y, Z = sp.symbols("x y z")
FUNCS = (sp.sin, sp.cos, sp.exp)


def _coef(rng: random.Random, top: int = 4) -> int:
    return rng.choice((-1, 1)) * rng.randint(1, top)


def _term(rng: random.Random, vs: tuple) -> sp.Expr:
    """One term a learner can differentiate by hand: a monomial or g(inner)."""
    kind = rng.random()
    if kind < 0.45:
        a, b = rng.sample(vs, 2)
        p, q = rng.choice(((1, 1), (2, 1), (1, 2), (2, 0), (3, 0), (1, 0), (2, 2), (3, 1)))
        return _coef(rng) * a**p * b**q
    g = rng.choice(FUNCS)
    a, b = rng.sample(vs, 2)
    inner = rng.choice((rng.randint(2, 3) * a, a * b, a + rng.choice((-1, 1)) * b, a**2))
    outer = rng.choice((1, 1, a, b)) if g is sp.exp else 1
    return _coef(rng, 3) * outer * g(inner)


def _component(rng: random.Random, vs: tuple) -> sp.Expr:
    return sp.Add(*(_term(rng, vs) for _ in range(2)))


def naive_diff(e: sp.Expr, v: sp.Symbol) -> sp.Expr:
    """d e/d v with the chain-rule factor of every function application dropped."""
    if e.is_Add:
        return sp.Add(*(naive_diff(a, v) for a in e.args))
    if e.is_Mul:
        args = e.args
        return sp.Add(*(naive_diff(args[i], v) * sp.Mul(*(args[:i] + args[i + 1:]))
                        for i in range(len(args))))
    if e.is_Pow and e.exp.is_number:
        return e.exp * e.base ** (e.exp - 1) * naive_diff(e.base, v)
    if isinstance(e, sp.Function):
        return e.fdiff(1) if e.args[0].has(v) else sp.S.Zero
    return sp.S.One if e == v else sp.S.Zero


def _too_big(entries) -> bool:
    """Entries a learner would not want to write out by hand."""
    return any(sp.count_ops(e) > 16 for e in entries)


def generate(rng: random.Random, params: dict) -> Problem:
    level = params["level"]
    vs = (X, Y) if level < 3 else (X, Y, Z)
    names = ", ".join(v.name for v in vs)
    comps = [_component(rng, vs)] if level == 1 else [_component(rng, vs) for _ in range(2)]
    J = sp.Matrix([[c.diff(v) for v in vs] for c in comps])
    zeros = sum(1 for e in J if e == 0)
    if zeros > (2 if level == 3 else 0) or _too_big(J):
        raise Reject("zero or unwieldy partial derivative")
    naive = sp.Matrix([[naive_diff(c, v) for v in vs] for c in comps])
    steps = []
    for i, c in enumerate(comps):
        fname = "f" if level == 1 else f"F_{i + 1}"
        for j, v in enumerate(vs):
            steps.append(Step(
                f"Differentiate {fname} with respect to {v.name}, holding the other variables fixed.",
                rf"\frac{{\partial {fname}}}{{\partial {v.name}}} = {tex(J[i, j])}",
                f"∂{fname}/∂{v.name} = {uni(J[i, j])}"))
    if level == 1:
        f = comps[0]
        answer = tuple(J)
        steps.append(Step("Collect the partials into the gradient (a column of partials).",
                          rf"\nabla f = {tex(answer)}", f"∇f = {uni(answer)}"))
        prompt_tex = (rf"Compute the gradient \(\nabla f = (\partial f/\partial x, \partial f/\partial y)\) of "
                      rf"\[f(x,y) = {tex(f)}\]")
        prompt_text = f"Gradient ∇f = (∂f/∂x, ∂f/∂y) of f(x,y) = {uni(f)}"
        mistakes = [Mistake("swapped", (answer[1], answer[0]),
                            "The first component is ∂f/∂x and the second ∂f/∂y: you swapped them.")]
        naive_ans = tuple(naive)
        kind = "tuple"
    else:
        answer = sp.ImmutableMatrix(J)
        rows = r" \\ ".join(tex(c) for c in comps)
        prompt_tex = (rf"Compute the Jacobian matrix \(J_F\) (row \(i\) holds the partials of \(F_i\)) of "
                      rf"\[F({names}) = \begin{{pmatrix}} {rows} \end{{pmatrix}}\]")
        prompt_text = (f"Jacobian J_F (row i = partials of F_i) of F({names}) = "
                       f"({uni(comps[0])}, {uni(comps[1])})")
        steps.append(Step("Row i of the Jacobian is the gradient of F_i (transposed).",
                          rf"J_F = {tex(answer)}", f"J_F = {uni(answer)}"))
        mistakes = [Mistake("transposed", sp.ImmutableMatrix(J.T),
                            "That is the transpose: rows of J_F belong to the components F_i, "
                            "columns to the variables.")]
        naive_ans = sp.ImmutableMatrix(naive)
        kind = "matrix"
    mistakes.append(Mistake("chain-rule factor dropped", naive_ans,
                            "Differentiating g(u) gives g'(u)·∂u/∂x: you forgot the inner derivative."))
    mistakes = tuple(m for m in mistakes if m.answer != answer)
    checking = Checking(variables={v.name: "real" for v in vs}, precision="exact")
    say = checking.statement()
    return Problem(
        prompt_tex=f"{prompt_tex} {say}",
        prompt_text=f"{prompt_text}. {say}",
        answer=answer,
        kind=kind,
        solution=tuple(steps),
        given={"variables": [v.name for v in vs], "components": given_str(comps)},
        checking=checking,
        mistakes=mistakes,
    )


def verify(given: dict, answer) -> Evidence:
    names = given["variables"]
    syms = sp.symbols(names)
    all_comps = sp.lambdify(syms, [sp.sympify(c) for c in given["components"]], modules="math")
    comps = [lambda *p, i=i: all_comps(*p)[i] for i in range(len(given["components"]))]
    rows = [list(answer)] if isinstance(answer, tuple) else answer.tolist()
    shape = (len(given["components"]), len(names))
    if (len(rows), len(rows[0])) != shape:
        raise VerificationError(f"answer is {len(rows)}×{len(rows[0])}, the Jacobian is "
                                f"{shape[0]}×{shape[1]}")
    cells = sp.lambdify(syms, rows, modules="math")
    rng = random.Random(7)
    worst = 0.0
    for _ in range(3):
        pt = [rng.uniform(-1.2, 1.2) for _ in names]
        values = cells(*pt)
        for i, f in enumerate(comps):
            for j in range(len(names)):
                fd = numeric.fd_first(f, pt, j, h=1e-3)
                worst = max(worst, numeric.require_close(
                    fd, float(values[i][j]), f"d F{i + 1}/d {names[j]} at {pt}", rel=1e-6, floor=1e-6))
    return Evidence("finite differences", "4th-order central, h=1e-3, 3 random points", worst)


def baseline(given: dict):
    """Bare SymPy: parse the components and differentiate (benchmarks/generate.py)."""
    syms = sp.symbols(given["variables"])
    comps = [sp.sympify(c) for c in given["components"]]
    J = sp.Matrix([[c.diff(v) for v in syms] for c in comps])
    return tuple(J) if len(comps) == 1 else J


FAMILY = Family(
    name="gradient_jacobian", version=2, title="Gradient and Jacobian",
    summary="Partial derivatives collected into the gradient of a scalar field or the Jacobian of a vector field.",
    params={"level": Param(1, (1, 2, 3), "1: gradient of f(x,y), 2: Jacobian of F: R²→R², 3: Jacobian of F: R³→R²")},
    levels={1: "the gradient of f(x, y): two partial derivatives",
            2: "the 2×2 Jacobian of F: R² → R²",
            3: "the 2×3 Jacobian of F: R³ → R² (six partials, three variables)"},
    generate=generate, verify=verify, baseline=baseline,
)
