"""Jacobian-vector and vector-Jacobian products of a composed map F = g ∘ h.

This is what autograd computes: forward mode pushes a tangent v through h and
then g (J_g · (J_h · v)); reverse mode pulls a cotangent u back through g and
then h ((uᵀ J_g) · J_h). The worked solution never forms J_F. The answer is
checked against finite differences of the composed map.
"""

from __future__ import annotations

import math
import random

import numpy as np
import sympy as sp

from osmose.family import (Checking, Evidence, Family, Mistake, Param, Problem, Reject, Step,
                           VerificationError)
from osmose.mathtext import given_str, tex, uni

U = sp.symbols("u1 u2")
XS = sp.symbols("x1 x2 x3")
#: products of integer Jacobians and integer vectors: integer tuples
CHECKING = Checking(precision="exact")


def _coef(rng: random.Random, top: int = 3) -> int:
    return rng.choice((-1, 1)) * rng.randint(1, top)


# Polynomials are {exponent tuple: integer coefficient}; exact integer arithmetic keeps the
# rejection loop cheap, and SymPy is only used to print the accepted variant.

def _poly(rng: random.Random, n: int, linear: bool) -> dict:
    """Two small terms in n variables; linear ones only when asked."""
    unit = [tuple(int(k == i) for k in range(n)) for i in range(n)]
    pool = unit if linear else unit + [tuple(int(k == i) + int(k == j) for k in range(n))
                                       for i in range(n) for j in range(i, n)]
    return {m: _coef(rng) for m in rng.sample(pool, 2)}


def _value(poly: dict, point) -> int:
    total = 0
    for mono, c in poly.items():
        term = c
        for x, e in zip(point, mono):
            term *= x**e
        total += term
    return total


def _partial(poly: dict, i: int) -> dict:
    out: dict = {}
    for mono, c in poly.items():
        if mono[i]:
            lowered = mono[:i] + (mono[i] - 1,) + mono[i + 1:]
            out[lowered] = out.get(lowered, 0) + c * mono[i]
    return out


def _jacobian(polys: list, point) -> sp.Matrix:
    n = len(point)
    return sp.Matrix([[_value(_partial(p, j), point) for j in range(n)] for p in polys])


def _expr(poly: dict, syms) -> sp.Expr:
    return sp.Add(*(c * sp.Mul(*(v**e for v, e in zip(syms, mono))) for mono, c in sorted(poly.items())))


def _vec(rng: random.Random, n: int) -> sp.Matrix:
    return sp.Matrix([rng.randint(-2, 2) for _ in range(n)])


def _tup(m: sp.Matrix) -> tuple:
    return tuple(sp.Integer(v) for v in m)


def _col_tex(m) -> str:
    return r"\begin{pmatrix}" + r" \\ ".join(tex(v) for v in m) + r"\end{pmatrix}"


def generate(rng: random.Random, params: dict) -> Problem:
    level, mode = params["level"], params["mode"]
    n = 3 if level == 3 else 2
    xs = XS[:n]
    hp = [_poly(rng, n, linear=(level == 1)) for _ in range(2)]
    gp = [_poly(rng, 2, linear=False) for _ in range(2)]
    x0 = _vec(rng, n)
    if all(v == 0 for v in x0):
        raise Reject("origin")
    u0 = sp.Matrix([_value(p, list(x0)) for p in hp])
    Jh = _jacobian(hp, list(x0))
    Jg = _jacobian(gp, list(u0))
    if (Jh * Jh.T).det() == 0 or Jg.det() == 0:
        raise Reject("singular local Jacobian")
    mistakes = []
    if mode == "jvp":
        v = _vec(rng, n)
        if all(c == 0 for c in v):
            raise Reject("zero tangent")
        hdot = Jh * v
        answer = Jg * hdot
        vec_name, vec_val = "v", v
        steps = [
            Step("Evaluate the inner map at the point.", rf"u_0 = h(x_0) = {_col_tex(u0)}", f"u₀ = h(x₀) = {_tup(u0)}"),
            Step("Local Jacobian of h at x₀.", rf"J_h(x_0) = {tex(Jh)}", f"J_h(x₀) = {Jh.tolist()}"),
            Step("Push the tangent through h (forward mode).", rf"\dot u = J_h(x_0)\,v = {_col_tex(hdot)}",
                 f"u̇ = J_h(x₀)·v = {_tup(hdot)}"),
            Step("Local Jacobian of g at u₀ = h(x₀), not at x₀.", rf"J_g(u_0) = {tex(Jg)}", f"J_g(u₀) = {Jg.tolist()}"),
            Step("Push it through g: the JVP, without ever forming J_F.",
                 rf"J_F(x_0)\,v = J_g(u_0)\,\dot u = {_col_tex(answer)}", f"J_F(x₀)·v = J_g(u₀)·u̇ = {_tup(answer)}"),
        ]
        Jg_wrong = _jacobian(gp, list(x0)) if n == 2 else None
        if Jg_wrong is not None:
            mistakes.append(Mistake("outer Jacobian at the wrong point", _tup(Jg_wrong * hdot),
                                    "Evaluate J_g at u₀ = h(x₀), the value flowing into g, not at x₀."))
        if n == 2:
            mistakes.append(Mistake("inner Jacobian skipped", _tup(Jg * v),
                                    "The tangent must first pass through h: J_g(u₀)·(J_h(x₀)·v)."))
            mistakes.append(Mistake("transposed (a VJP)", _tup((v.T * Jg * Jh).T),
                                    "vᵀJ_F is a vector-Jacobian product; the JVP is J_F·v."))
        mistakes.append(Mistake("outer map skipped", _tup(hdot),
                                "J_h·v is only the tangent of u = h(x); push it through g as well."))
        ask_tex = r"the Jacobian-vector product \(J_F(x_0)\,v\) (forward mode)"
        ask_text = "the JVP J_F(x₀)·v (forward mode)"
    else:
        v = _vec(rng, 2)
        if all(c == 0 for c in v):
            raise Reject("zero cotangent")
        ubar = (v.T * Jg).T
        answer = (ubar.T * Jh).T
        vec_name, vec_val = "w", v
        steps = [
            Step("Forward pass: evaluate the inner map.", rf"u_0 = h(x_0) = {_col_tex(u0)}", f"u₀ = h(x₀) = {_tup(u0)}"),
            Step("Local Jacobian of g at u₀.", rf"J_g(u_0) = {tex(Jg)}", f"J_g(u₀) = {Jg.tolist()}"),
            Step("Pull the cotangent back through g (reverse mode).",
                 rf"\bar u^\top = w^\top J_g(u_0) = {tex(ubar.T)}", f"ūᵀ = wᵀ·J_g(u₀) = {_tup(ubar)}"),
            Step("Local Jacobian of h at x₀.", rf"J_h(x_0) = {tex(Jh)}", f"J_h(x₀) = {Jh.tolist()}"),
            Step("Pull it back through h: the VJP, without ever forming J_F.",
                 rf"w^\top J_F(x_0) = \bar u^\top J_h(x_0) = {tex(answer.T)}",
                 f"wᵀ·J_F(x₀) = ūᵀ·J_h(x₀) = {_tup(answer)}"),
        ]
        if n == 2:
            mistakes.append(Mistake("inner Jacobian skipped", _tup(ubar),
                                    "The cotangent must also pass back through h: (wᵀJ_g)·J_h."))
            mistakes.append(Mistake("not transposed (a JVP)", _tup(Jg * Jh * v),
                                    "J_F·w is a Jacobian-vector product; the VJP is wᵀJ_F (i.e. J_Fᵀw)."))
            Jg_wrong = _jacobian(gp, list(x0))
            mistakes.append(Mistake("outer Jacobian at the wrong point", _tup(((v.T * Jg_wrong) * Jh).T),
                                    "Evaluate J_g at u₀ = h(x₀), the value flowing into g, not at x₀."))
        mistakes.append(Mistake("outer map skipped", _tup((v.T * Jh).T),
                                "Start the backward pass at the output: pull w back through g first, then h."))
        ask_tex = r"the vector-Jacobian product \(w^\top J_F(x_0)\) (reverse mode)"
        ask_text = "the VJP wᵀ·J_F(x₀) (reverse mode)"
    if all(c == 0 for c in answer) or any(abs(c) > 99 for c in answer):
        raise Reject("zero or large answer")
    answer = _tup(answer)
    h = [_expr(p, xs) for p in hp]
    g = [_expr(p, U) for p in gp]
    xs_tex = ",".join(f"x_{i + 1}" for i in range(n))
    h_tex = r"\begin{pmatrix}" + r" \\ ".join(tex(e) for e in h) + r"\end{pmatrix}"
    g_tex = r"\begin{pmatrix}" + r" \\ ".join(tex(e) for e in g) + r"\end{pmatrix}"
    prompt_tex = (
        rf"Let \(F = g\circ h\) with \[h({xs_tex}) = {h_tex},\qquad g(u_1,u_2) = {g_tex}.\] "
        rf"At \(x_0 = {tex(_tup(x0))}\) with \({vec_name} = {tex(_tup(vec_val))}\), compute {ask_tex} "
        r"by propagating through \(h\) and \(g\) one at a time."
    )
    prompt_text = (f"F = g∘h, h(x) = ({uni(h[0])}, {uni(h[1])}), g(u) = ({uni(g[0])}, {uni(g[1])}). "
                   f"At x₀ = {_tup(x0)}, {vec_name} = {_tup(vec_val)}: compute {ask_text}.")
    mistakes = tuple(m for m in mistakes if m.answer != answer)
    say = CHECKING.statement()
    prompt_tex, prompt_text = f"{prompt_tex} {say}", f"{prompt_text} {say}"
    return Problem(
        prompt_tex=prompt_tex, prompt_text=prompt_text, answer=answer, kind="tuple",
        solution=tuple(steps),
        given={"mode": mode, "x": [str(v) for v in xs], "u": [str(v) for v in U],
               "h": given_str(h), "g": given_str(g), "point": [int(c) for c in x0],
               "vector": [int(c) for c in vec_val]},
        checking=CHECKING, mistakes=mistakes,
    )


def verify(given: dict, answer) -> Evidence:
    xs, us = sp.symbols(given["x"]), sp.symbols(given["u"])
    # coefficient tables read back from the given strings; evaluated in floats
    h = [_table(sp.sympify(e), xs) for e in given["h"]]
    g = [_table(sp.sympify(e), us) for e in given["g"]]

    def F(p):
        u = [_value_f(q, p) for q in h]
        return np.array([_value_f(q, u) for q in g], dtype=float)

    x0 = np.array(given["point"], dtype=float)
    vec = np.array(given["vector"], dtype=float)
    step = 1e-2

    def directional(d):
        # 5-point central stencil: exact (up to rounding) for the degree-4 composite
        return (-F(x0 + 2 * step * d) + 8 * F(x0 + step * d) - 8 * F(x0 - step * d)
                + F(x0 - 2 * step * d)) / (12 * step)

    if given["mode"] == "jvp":
        expected = directional(vec)
        detail = "directional derivative of g(h(x)) along v, 5-point central stencil, h=1e-2"
    else:
        J = np.column_stack([directional(e) for e in np.eye(len(x0))])
        expected = vec @ J
        detail = "full Jacobian of g(h(x)) by 5-point central differences, then wᵀJ with numpy"
    got = np.array([float(a) for a in answer])
    err = float(np.max(np.abs(got - expected))) if got.shape == expected.shape else float("inf")
    if not err <= 1e-8 * max(1.0, float(np.max(np.abs(expected)))):
        raise VerificationError(f"independent {expected.tolist()} != answer {got.tolist()}")
    return Evidence("finite differences", detail, err)


def _table(expr: sp.Expr, syms) -> dict:
    """{exponent tuple: coefficient} of a polynomial expression, read term by term."""
    out: dict = {}
    for term in sp.Add.make_args(sp.expand(expr)):
        coef, rest = term.as_coeff_Mul()
        powers = rest.as_powers_dict() if rest != 1 else {}
        mono = tuple(int(powers.get(v, 0)) for v in syms)
        out[mono] = out.get(mono, 0) + coef
    return out


def _value_f(poly: dict, point) -> float:
    return sum(float(c) * math.prod(float(x) ** e for x, e in zip(point, mono)) for mono, c in poly.items())


def baseline(given: dict):
    """Bare SymPy: compose, form J_F, evaluate, multiply (benchmarks/generate.py)."""
    xs, us = sp.symbols(given["x"]), sp.symbols(given["u"])
    h = [sp.sympify(e) for e in given["h"]]
    F = sp.Matrix([sp.sympify(e).subs(dict(zip(us, h)), simultaneous=True) for e in given["g"]])
    J = F.jacobian(xs).subs(dict(zip(xs, given["point"])))
    v = sp.Matrix(given["vector"])
    return tuple(J * v) if given["mode"] == "jvp" else tuple(v.T * J)


FAMILY = Family(
    name="jvp_vjp", version=2, title="Jacobian-vector and vector-Jacobian products",
    summary="Forward-mode (JVP) and reverse-mode (VJP) products through a composed map, as autograd computes them.",
    params={
        "level": Param(1, (1, 2, 3), "1: linear inner map, 2: quadratic maps R²→R²→R², 3: inner map from R³"),
        "mode": Param("jvp", ("jvp", "vjp"), "jvp: forward mode J·v, vjp: reverse mode wᵀ·J"),
    },
    levels={1: "a linear inner map h (constant J_h)",
            2: "quadratic maps R² → R² → R²: both Jacobians depend on the point",
            3: "an inner map from R³: 2×3 Jacobian J_h"},
    generate=generate, verify=verify, baseline=baseline,
)
