"""Quaternions: the Hamilton product, and rotating a 3-D vector by a unit quaternion.

Level 1: the product q₁q₂ (answer (w, x, y, z)); level 2: rotate v by an angle
about a coordinate axis or the diagonal (the learner builds q = cos(θ/2) +
sin(θ/2) n and computes q v q*); level 3: rotate v by a given unit quaternion
with rational components. Products are checked with numpy's 4×4
left-multiplication matrix, rotations against the rotation matrix R(q).
"""

from __future__ import annotations

import itertools
import random
from functools import lru_cache

import numpy as np
import sympy as sp

from osmose import numeric
from osmose.family import (Checking, Evidence, Family, Mistake, Param, Problem, Reject, Step,
                           VerificationError)
from osmose.mathtext import tex, uni


def hamilton(p: tuple, q: tuple) -> tuple:
    """(w, x, y, z) product via scalar/vector parts: (pw qw − p·q, pw q + qw p + p×q)."""
    pw, pv = p[0], sp.Matrix(p[1:])
    qw, qv = q[0], sp.Matrix(q[1:])
    w = pw * qw - pv.dot(qv)
    v = pw * qv + qw * pv + pv.cross(qv)
    return tuple(sp.expand(c) for c in (w, *v))


def conj(q: tuple) -> tuple:
    return (q[0], -q[1], -q[2], -q[3])


def q_tex(q: tuple) -> str:
    parts = []
    for c, unit in zip(q, ("", "i", "j", "k")):
        if c == 0:
            continue
        s = tex(c)
        if unit and c == 1:
            s = ""
        elif unit and c == -1:
            s = "-"
        elif unit and isinstance(c, sp.Add):
            s = rf"\left({s}\right)"
        parts.append(s + unit)
    out = " + ".join(parts) if parts else "0"
    return out.replace("+ -", "- ")


def q_text(q: tuple) -> str:
    """w + xi + yj + zk in Unicode, unit coefficients left out."""
    out = uni(q[0])
    for c, unit in zip(q[1:], "ijk"):
        if c == 0:
            continue
        sign = "−" if c.could_extract_minus_sign() else "+"
        size = abs(c)
        coef = "" if size == 1 else (uni(size) if size.is_Integer else f"({uni(size)})")
        out += f" {sign} {coef}{unit}"
    return out


@lru_cache(maxsize=None)
def rational_unit_quaternions() -> tuple:
    """(a, b, c, d, N) with a²+b²+c²+d² = N², a ≠ 0, at least two nonzero vector parts."""
    out = []
    for a, b, c, d in itertools.product(range(-4, 5), repeat=4):
        n2 = a * a + b * b + c * c + d * d
        n = int(round(n2 ** 0.5))
        if a > 0 and n * n == n2 and n in (3, 5) and sum(x != 0 for x in (b, c, d)) >= 2:
            out.append((a, b, c, d, n))
    return tuple(out)


#: integer quaternions multiply to integers; rotated vectors may carry √3 or fifths
EXACT = Checking(precision="exact")
ROTATED = Checking(sig_figs=3)

AXES = {"x": (1, 0, 0), "y": (0, 1, 0), "z": (0, 0, 1)}


def _product(rng: random.Random) -> Problem:
    p = tuple(sp.Integer(rng.randint(-3, 3)) for _ in range(4))
    q = tuple(sp.Integer(rng.randint(-3, 3)) for _ in range(4))
    if sum(c != 0 for c in p[1:]) < 2 or sum(c != 0 for c in q[1:]) < 2:
        raise Reject("keep the vector parts interesting")
    answer = hamilton(p, q)
    pv, qv = sp.Matrix(p[1:]), sp.Matrix(q[1:])
    if pv.cross(qv).norm() == 0:
        raise Reject("commuting pair")
    steps = (
        Step("Write q = (w, v) and use (w₁, v₁)(w₂, v₂) = (w₁w₂ − v₁·v₂, w₁v₂ + w₂v₁ + v₁×v₂).",
             r"pq = \left(p_w q_w - \mathbf p\cdot\mathbf q,\; p_w\mathbf q + q_w\mathbf p + \mathbf p\times\mathbf q\right)",
             "pq = (p_w q_w − p·q, p_w q + q_w p + p×q)"),
        Step("Scalar part.", rf"{_par(p[0])}\cdot{_par(q[0])} - {_par(pv.dot(qv))} = {answer[0]}",
             f"{_par(p[0])}·{_par(q[0])} − {_par(pv.dot(qv))} = {answer[0]}"),
        Step("Cross product of the vector parts (this is what makes pq ≠ qp).",
             rf"\mathbf p\times\mathbf q = {tex(tuple(pv.cross(qv)))}", f"p×q = {uni(tuple(pv.cross(qv)))}"),
        Step("Vector part.", rf"{tex(tuple(answer[1:]))}", uni(tuple(answer[1:]))),
        Step("Result.", q_tex(answer), q_text(answer)),
    )
    no_cross = (answer[0],) + tuple(sp.Matrix(answer[1:]) - pv.cross(qv))
    mistakes = (
        Mistake("order reversed", hamilton(q, p), "Quaternion multiplication is not commutative: qp flips the sign of p×q."),
        Mistake("cross product forgotten", no_cross, "The vector part includes p×q (from ij = k, jk = i, ki = j)."),
        Mistake("scalar sign", (p[0] * q[0] + pv.dot(qv),) + answer[1:], "i² = j² = k² = −1, so the scalar part is p_w q_w − p·q."),
    )
    return Problem(
        prompt_tex=(rf"Compute the Hamilton (quaternion) product \(pq\) for \(p = {q_tex(p)}\) and \(q = {q_tex(q)}\). "
                    rf"Give it as \((w, x, y, z)\) for \(w + xi + yj + zk\). {EXACT.statement()}"),
        prompt_text=f"Compute the Hamilton (quaternion) product pq for p = {q_text(p)}, q = {q_text(q)}. Give (w, x, y, z). {EXACT.statement()}",
        answer=answer, kind="tuple", solution=steps,
        given={"ask": "product", "p": [int(c) for c in p], "q": [int(c) for c in q]},
        checking=EXACT, mistakes=tuple(m for m in mistakes if m.answer != answer),
    )


def _rotation(rng: random.Random, level: int) -> Problem:
    v = tuple(sp.Integer(rng.randint(-3, 3)) for _ in range(3))
    if sum(c != 0 for c in v) < 2:
        raise Reject("boring vector")
    if level == 2:
        axis_name = rng.choice(("x", "y", "z", "diag"))
        if axis_name == "diag":
            deg = rng.choice((120, 240))
            n = tuple(sp.Integer(1) / sp.sqrt(3) for _ in range(3))
            axis_tex, axis_text = r"\tfrac{1}{\sqrt3}(1,1,1)", "(1,1,1)/√3"
        else:
            deg = rng.choice((90, 180, 270))
            n = tuple(sp.Integer(c) for c in AXES[axis_name])
            axis_tex, axis_text = rf"\text{{the }}{axis_name}\text{{-axis}}", f"the {axis_name}-axis"
        half = sp.pi * deg / 360
        q = (sp.cos(half),) + tuple(sp.sin(half) * c for c in n)
        intro_tex = (rf"Rotate \(v = {tex(v)}\) by \({deg}^\circ\) about \({axis_tex}\) (right-hand rule) using "
                     r"the unit quaternion \(q = \cos\tfrac\theta2 + \sin\tfrac\theta2\,(n_x i + n_y j + n_z k)\) and "
                     r"\(v' = q\,v\,q^*\).")
        intro_text = (f"Rotate v = {uni(v)} by {deg}° about {axis_text} (right-hand rule) with "
                      "q = cos(θ/2) + sin(θ/2)(n·ijk), v' = q v q*.")
        given_q = {"axis": [str(c) for c in n], "degrees": deg}
        build = Step("Build the unit quaternion from the half angle.", rf"q = {q_tex(q)}", f"q = {q_text(q)}")
    else:
        a, b, c, d, N = rng.choice(rational_unit_quaternions())
        q = tuple(sp.Rational(x, N) for x in (a, b, c, d))
        intro_tex = (rf"Rotate \(v = {tex(v)}\) by the unit quaternion \(q = {q_tex(q)}\), i.e. compute the vector "
                     r"part of \(q\,v\,q^*\) (with \(v\) as the pure quaternion \(v_x i + v_y j + v_z k\)).")
        intro_text = f"Rotate v = {uni(v)} by the unit quaternion q = {q_text(q)}: v' = q v q*."
        given_q = {"q": [str(x) for x in q]}
        build = Step("Check q is a unit quaternion.", rf"\lVert q\rVert^2 = {tex(sum(x * x for x in q))}",
                     f"|q|² = {sum(x * x for x in q)}")
    pure = (sp.S.Zero,) + v
    qv = hamilton(q, pure)
    rotated = hamilton(qv, conj(q))
    if rotated[0] != 0:
        raise AssertionError("q v q* must be a pure quaternion")
    answer = tuple(rotated[1:])
    if answer == v:
        raise Reject("v lies on the axis")
    inverse = tuple(hamilton(hamilton(conj(q), pure), q)[1:])
    steps = (
        build,
        Step("Multiply q by v (v as a pure quaternion).", rf"q\,v = {q_tex(qv)}", f"q v = {q_text(qv)}"),
        Step("Multiply by the conjugate q* = w − xi − yj − zk; the scalar part vanishes.",
             rf"q\,v\,q^* = {q_tex(rotated)}", f"q v q* = {q_text(rotated)}"),
        Step("Read off the vector part.", rf"v' = {tex(answer)}", f"v' = {uni(answer)}"),
    )
    mistakes = (
        Mistake("inverse rotation", inverse, "q* v q rotates the other way; the rotation by q is q v q*."),
        Mistake("conjugate forgotten", tuple(qv[1:]), "q v alone is not a rotation: sandwich v as q v q*."),
    )
    return Problem(
        prompt_tex=intro_tex + rf" Give \(v'\) as a tuple. {ROTATED.statement()}",
        prompt_text=intro_text + f" Give v' as a tuple. {ROTATED.statement()}",
        answer=answer, kind="tuple", solution=steps,
        given={"ask": "rotate", "v": [int(c) for c in v], **given_q},
        checking=ROTATED, mistakes=tuple(m for m in mistakes if m.answer != answer),
    )


def generate(rng: random.Random, params: dict) -> Problem:
    return _product(rng) if params["level"] == 1 else _rotation(rng, params["level"])


def _left_matrix(p) -> np.ndarray:
    """L(p) with L(p) @ q = p q for quaternions as (w, x, y, z) arrays."""
    w, x, y, z = p
    return np.array([[w, -x, -y, -z], [x, w, -z, y], [y, z, w, -x], [z, -y, x, w]], dtype=float)


def rotation_matrix(q) -> np.ndarray:
    w, x, y, z = q
    return np.array([
        [1 - 2 * (y * y + z * z), 2 * (x * y - w * z), 2 * (x * z + w * y)],
        [2 * (x * y + w * z), 1 - 2 * (x * x + z * z), 2 * (y * z - w * x)],
        [2 * (x * z - w * y), 2 * (y * z + w * x), 1 - 2 * (x * x + y * y)],
    ])


def verify(given: dict, answer) -> Evidence:
    got = np.array([float(a) for a in answer])
    if given["ask"] == "product":
        expected = _left_matrix(given["p"]) @ np.array(given["q"], dtype=float)
        method = "numpy 4×4 left-multiplication matrix L(p)·q"
    else:
        if "q" in given:
            q = np.array([float(sp.Rational(x)) for x in given["q"]])
        else:
            theta = np.radians(given["degrees"])
            n = np.array([float(sp.sympify(c)) for c in given["axis"]])
            q = np.concatenate(([np.cos(theta / 2)], np.sin(theta / 2) * n))
        R = rotation_matrix(q)
        if not np.allclose(R @ R.T, np.eye(3), atol=1e-12):
            raise VerificationError("R(q) is not orthogonal")
        expected = R @ np.array(given["v"], dtype=float)
        method = "rotation matrix R(q) applied with numpy"
    if got.shape != expected.shape:
        raise VerificationError("wrong number of components")
    worst = max(numeric.require_close(float(g), float(e), f"component {i}", rel=1e-9, floor=1e-9)
                for i, (g, e) in enumerate(zip(got, expected)))
    return Evidence("numpy", method, worst)


def baseline(given: dict):
    """Bare SymPy: sympy.Quaternion product or rotation (benchmarks/generate.py)."""
    from sympy.algebras.quaternion import Quaternion
    if given["ask"] == "product":
        r = Quaternion(*given["p"]) * Quaternion(*given["q"])
        return (r.a, r.b, r.c, r.d)
    if "q" in given:
        q = Quaternion(*(sp.Rational(c) for c in given["q"]))
    else:
        q = Quaternion.from_axis_angle([sp.sympify(c) for c in given["axis"]], sp.pi * given["degrees"] / 180)
    r = q * Quaternion(0, *given["v"]) * q.conjugate()
    return tuple(sp.simplify(c) for c in (r.b, r.c, r.d))


def _par(v) -> str:
    """A factor as printed in a product: negatives in parentheses."""
    return f"({v})" if v < 0 else str(v)


FAMILY = Family(
    name="quaternions", version=2, title="Quaternions",
    summary="Hamilton products and rotating 3-D vectors by unit quaternions (v' = q v q*).",
    params={"level": Param(1, (1, 2, 3),
                           "1: product of two quaternions, 2: rotation about an axis by an angle, "
                           "3: rotation by a given rational unit quaternion")},
    levels={1: "the Hamilton product of two integer quaternions",
            2: "rotate a vector about an axis by an angle: build q from the half angle, then q v q*",
            3: "rotate a vector by a given unit quaternion with rational components (fractions throughout)"},
    generate=generate, verify=verify, baseline=baseline,
)
