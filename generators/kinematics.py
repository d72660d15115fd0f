"""Kinematics of a planar two-link arm: forward and inverse position, the Jacobian, singularities.

Link lengths l₁, l₂; joint angles q₁ (from the x-axis) and q₂ (relative to link 1), radians,
counter-clockwise positive. The end effector is at
x = l₁cos q₁ + l₂cos(q₁ + q₂), y = l₁sin q₁ + l₂sin(q₁ + q₂).

task=position: level 1, (x, y) for given angles; level 2, inverse kinematics: the elbow angle q₂ in
[0, π] (elbow-down) that puts the effector at a given point, cos q₂ = (x² + y² − l₁² − l₂²)/(2l₁l₂).
task=jacobian: level 1, J(q) with ẋ = J(q)q̇; level 2, the effector velocity J(q)q̇ — one draw in four
at a singular configuration (q₂ = 0 or π, det J = l₁l₂ sin q₂ = 0), where every velocity is
perpendicular to the arm and the solution says so.

Angles are multiples of π/6 or π/4, so answers are exact. Verified with numpy: positions by complex
numbers (l₁e^{iq₁} + l₂e^{i(q₁+q₂)}), the Jacobian and velocities by central differences of that map,
the inverse solution by re-running the forward map.
"""

from __future__ import annotations

import cmath
import math
import random

import numpy as np
import sympy as sp

from osmose import numeric
from osmose.family import (Checking, Evidence, Family, Mistake, Param, Problem, Reject, Step,
                           VerificationError)
from osmose.mathtext import tex, uni

PI = sp.pi
ANGLES = tuple(sorted({sp.Rational(k, 6) * PI for k in range(-5, 7)} | {sp.Rational(k, 4) * PI for k in range(-3, 5)},
                      key=float))
CHECK = Checking(sig_figs=3)
CONV_TEX = (r"(effector at \(x = l_1\cos q_1 + l_2\cos(q_1 + q_2)\), \(y = l_1\sin q_1 + l_2\sin(q_1 + q_2)\); "
            r"angles in radians, counter-clockwise)")
CONV_TEXT = "(effector at x = l₁cos q₁ + l₂cos(q₁ + q₂), y = l₁sin q₁ + l₂sin(q₁ + q₂); angles in radians, counter-clockwise)"


def _fk(l1, l2, q1, q2):
    return (l1 * sp.cos(q1) + l2 * sp.cos(q1 + q2), l1 * sp.sin(q1) + l2 * sp.sin(q1 + q2))


def _jac(l1, l2, q1, q2) -> sp.Matrix:
    s1, c1, s12, c12 = sp.sin(q1), sp.cos(q1), sp.sin(q1 + q2), sp.cos(q1 + q2)
    return sp.Matrix([[-l1 * s1 - l2 * s12, -l2 * s12], [l1 * c1 + l2 * c12, l2 * c12]])


def generate(rng: random.Random, params: dict) -> Problem:
    level, task = params["level"], params["task"]
    l1, l2 = sp.Integer(rng.randint(1, 5)), sp.Integer(rng.randint(1, 4))
    q1 = rng.choice(ANGLES)
    mistakes: list = []
    if task == "position":
        if level == 1:
            q2 = rng.choice(ANGLES)
            answer = _fk(l1, l2, q1, q2)
            steps = (Step("Link 1 ends at l₁(cos q₁, sin q₁); link 2 adds l₂ in the absolute direction q₁ + q₂.",
                          rf"q_1 + q_2 = {tex(q1 + q2)}", f"q₁ + q₂ = {uni(q1 + q2)}"),
                     Step("Add the two link vectors.", rf"(x, y) = {tex(answer)}", f"(x, y) = {uni(answer)}"))
            wrong = (l1 * sp.cos(q1) + l2 * sp.cos(q2), l1 * sp.sin(q1) + l2 * sp.sin(q2))
            mistakes = [Mistake("q₂ used as an absolute angle", wrong,
                                "q₂ is measured from link 1: link 2 points along q₁ + q₂."),
                        Mistake("sin and cos swapped", (answer[1], answer[0]), "x uses cosines, y uses sines.")]
            given = {"l1": int(l1), "l2": int(l2), "q1": str(q1 / PI), "q2": str(q2 / PI)}
            q_tex = (rf"A planar two-link arm has \(l_1 = {l1}\), \(l_2 = {l2}\) {CONV_TEX}. Give the effector position "
                     rf"\((x, y)\) at \(q_1 = {tex(q1)}\), \(q_2 = {tex(q2)}\).")
            q_text = (f"A planar two-link arm has l₁ = {l1}, l₂ = {l2} {CONV_TEXT}. Give the effector position (x, y) at "
                      f"q₁ = {uni(q1)}, q₂ = {uni(q2)}.")
            kind = "tuple"
        else:
            q2 = rng.choice([a for a in ANGLES if 0 < a < PI])
            x, y = _fk(l1, l2, q1, q2)
            r2 = sp.expand(x**2 + y**2)
            cosq2 = sp.expand((r2 - l1**2 - l2**2) / (2 * l1 * l2))
            answer = q2
            steps = (Step("The distance to the effector depends only on the elbow (law of cosines).",
                          rf"x^2 + y^2 = l_1^2 + l_2^2 + 2l_1l_2\cos q_2 \Rightarrow \cos q_2 = "
                          rf"\frac{{{tex(r2)} - {l1 ** 2} - {l2 ** 2}}}{{{2 * l1 * l2}}} = {tex(cosq2)}",
                          f"x² + y² = l₁² + l₂² + 2l₁l₂cos q₂ ⇒ cos q₂ = ({uni(r2)} − {l1 ** 2} − {l2 ** 2})/{2 * l1 * l2} = {uni(cosq2)}"),
                     Step("Elbow-down: q₂ in [0, π].", rf"q_2 = \arccos({tex(cosq2)}) = {tex(q2)}", f"q₂ = arccos({uni(cosq2)}) = {uni(q2)}"))
            mistakes = [Mistake("elbow-up (negative) solution", -q2, "The question asks for q₂ in [0, π]."),
                        Mistake("π − q₂ (sign of the cosine law)", PI - q2,
                                "x² + y² = l₁² + l₂² + 2l₁l₂cos q₂ (plus sign: q₂ = 0 is the stretched arm).")]
            given = {"l1": int(l1), "l2": int(l2), "x": str(x), "y": str(y)}
            q_tex = (rf"A planar two-link arm has \(l_1 = {l1}\), \(l_2 = {l2}\) {CONV_TEX}. The effector must reach "
                     rf"\((x, y) = {tex((x, y))}\). Give the elbow angle \(q_2 \in [0, \pi]\).")
            q_text = (f"A planar two-link arm has l₁ = {l1}, l₂ = {l2} {CONV_TEXT}. The effector must reach (x, y) = "
                      f"{uni((x, y))}. Give the elbow angle q₂ ∈ [0, π].")
            kind = "number"
    else:
        singular = level == 2 and rng.random() < 0.25
        q2 = rng.choice((0 * PI, PI)) if singular else rng.choice([a for a in ANGLES if a not in (0, PI)])
        J = _jac(l1, l2, q1, q2)
        detJ = l1 * l2 * sp.sin(q2)
        given = {"l1": int(l1), "l2": int(l2), "q1": str(q1 / PI), "q2": str(q2 / PI)}
        dsteps = [Step("Differentiate x and y with respect to q₁ and q₂.",
                       r"J = \begin{bmatrix} -l_1\sin q_1 - l_2\sin(q_1+q_2) & -l_2\sin(q_1+q_2) \\ "
                       r"l_1\cos q_1 + l_2\cos(q_1+q_2) & l_2\cos(q_1+q_2)\end{bmatrix}",
                       "J = [[−l₁sin q₁ − l₂sin(q₁+q₂), −l₂sin(q₁+q₂)], [l₁cos q₁ + l₂cos(q₁+q₂), l₂cos(q₁+q₂)]]"),
                  Step("At the given angles.", rf"J = {tex(J)},\quad \det J = l_1l_2\sin q_2 = {tex(detJ)}",
                       f"J = {uni(J)}, det J = l₁l₂·sin q₂ = {uni(detJ)}")]
        if level == 1:
            answer = sp.ImmutableMatrix(J)
            steps = tuple(dsteps)
            mistakes = [Mistake("rows and columns swapped", sp.ImmutableMatrix(J.T),
                                "Row i is the effector coordinate, column j the joint: J_ij = ∂xᵢ/∂q_j."),
                        Mistake("link 2 term left out of column 1", sp.ImmutableMatrix(sp.Matrix(
                            [[-l1 * sp.sin(q1), J[0, 1]], [l1 * sp.cos(q1), J[1, 1]]])),
                            "Moving q₁ swings both links: column 1 includes the l₂ terms.")]
            q_tex = (rf"A planar two-link arm has \(l_1 = {l1}\), \(l_2 = {l2}\) {CONV_TEX}. Give the Jacobian "
                     rf"\(J(q)\) with \((\dot x, \dot y)^\top = J(q)(\dot q_1, \dot q_2)^\top\) at \(q_1 = {tex(q1)}\), "
                     rf"\(q_2 = {tex(q2)}\).")
            q_text = (f"A planar two-link arm has l₁ = {l1}, l₂ = {l2} {CONV_TEXT}. Give the Jacobian J(q) with "
                      f"(ẋ, ẏ)ᵀ = J(q)(q̇₁, q̇₂)ᵀ at q₁ = {uni(q1)}, q₂ = {uni(q2)}.")
            kind = "matrix"
        else:
            qd = sp.Matrix([rng.choice((-2, -1, 1, 2, 3)), rng.choice((-2, -1, 1, 2, 3))])
            v = (J * qd).applyfunc(sp.expand)
            answer = tuple(v)
            dsteps.append(Step("Multiply by the joint velocities.", rf"J\dot q = {tex(answer)}", f"J·q̇ = {uni(answer)}"))
            if singular:
                dsteps.append(Step(f"q₂ = {uni(q2)}: the arm is {'stretched out' if q2 == 0 else 'folded back'}, det J = 0. "
                                   "Every achievable velocity is perpendicular to the arm: the effector cannot move "
                                   "along it (a singular configuration).", "", ""))
            steps = tuple(dsteps)
            mistakes = [Mistake("Jᵀq̇", tuple((J.T * qd).applyfunc(sp.expand)),
                                "ẋ = J q̇ with J_ij = ∂xᵢ/∂q_j; Jᵀ maps forces, not velocities.")]
            given["qd"] = [int(a) for a in qd]
            q_tex = (rf"A planar two-link arm has \(l_1 = {l1}\), \(l_2 = {l2}\) {CONV_TEX}. At \(q_1 = {tex(q1)}\), "
                     rf"\(q_2 = {tex(q2)}\) the joints turn at \(\dot q = {tex(tuple(qd))}\) rad/s. Give the effector "
                     rf"velocity \((\dot x, \dot y)\).")
            q_text = (f"A planar two-link arm has l₁ = {l1}, l₂ = {l2} {CONV_TEXT}. At q₁ = {uni(q1)}, q₂ = {uni(q2)} the "
                      f"joints turn at q̇ = {uni(tuple(qd))} rad/s. Give the effector velocity (ẋ, ẏ).")
            kind = "tuple"
    say = CHECK.statement()
    mistakes = [m for m in mistakes if not _same(m.answer, answer)]
    return Problem(prompt_tex=f"{q_tex} {say}", prompt_text=f"{q_text} {say}", answer=answer, kind=kind,
                   solution=tuple(steps), given={**given, "task": task}, checking=CHECK, mistakes=tuple(mistakes))


def _same(a, b) -> bool:
    if isinstance(a, (tuple, sp.MatrixBase)):
        return all(_same(x, y) for x, y in zip(a, b))
    return abs(float(a) - float(b)) <= 1e-12 * max(1.0, abs(float(b)))


def _pos(l1: float, l2: float, q1: float, q2: float) -> np.ndarray:
    z = l1 * cmath.exp(1j * q1) + l2 * cmath.exp(1j * (q1 + q2))
    return np.array([z.real, z.imag])


def verify(given: dict, answer) -> Evidence:
    l1, l2 = given["l1"], given["l2"]
    if "x" in given:
        target = np.array([float(sp.sympify(given["x"])), float(sp.sympify(given["y"]))])
        q2 = float(answer)
        if not 0 <= q2 <= math.pi + 1e-12:
            raise VerificationError("q₂ must be in [0, π]")
        # some q₁ must put the effector on the target: the reachable radius for this q₂ must match
        reach = np.linalg.norm(_pos(l1, l2, 0.0, q2))
        err = numeric.require_close(float(reach), float(np.linalg.norm(target)), "radius", rel=1e-9)
        return Evidence("complex numbers", f"|l₁ + l₂e^(iq₂)| = {reach:.8g} = |target|", err)
    q1, q2 = float(sp.Rational(given["q1"])) * math.pi, float(sp.Rational(given["q2"])) * math.pi
    if given["task"] == "position":
        exp = _pos(l1, l2, q1, q2)
        got = [float(a) for a in answer]
        how = "l₁e^(iq₁) + l₂e^(i(q₁+q₂))"
    else:
        h = 1e-6
        J = np.column_stack([(_pos(l1, l2, q1 + h, q2) - _pos(l1, l2, q1 - h, q2)) / (2 * h),
                             (_pos(l1, l2, q1, q2 + h) - _pos(l1, l2, q1, q2 - h)) / (2 * h)])
        if "qd" in given:
            exp, got = J @ np.array(given["qd"], float), [float(a) for a in answer]
        else:
            if not isinstance(answer, sp.MatrixBase) or answer.shape != (2, 2):
                raise VerificationError("a 2×2 matrix expected")
            exp, got = J.ravel(), [float(a) for a in answer]
        how = "central differences of the complex-number forward map"
    if len(got) != len(exp):
        raise VerificationError("wrong size")
    err = max(numeric.require_close(a, float(e), "value", rel=1e-7, floor=1e-7) for a, e in zip(got, exp))
    return Evidence("numpy", how, err)


FAMILY = Family(
    name="kinematics", version=1, title="Two-link arm kinematics",
    summary="Forward and inverse position of a planar two-link arm, its Jacobian, velocities and singular configurations.",
    params={
        "level": Param(1, (1, 2), "1: forward position / the Jacobian; 2: the elbow angle by inverse kinematics / "
                                  "the effector velocity (singular configurations sometimes)"),
        "task": Param("position", ("position", "jacobian"), "position: forward or inverse; jacobian: J or J q̇"),
    },
    levels={1: "forward position; the Jacobian matrix at given angles",
            2: "inverse kinematics for the elbow; the effector velocity J q̇, at a singular configuration in a quarter "
               "of the draws"},
    generate=generate, verify=verify,
)
