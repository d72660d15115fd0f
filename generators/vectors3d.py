"""Dot product, angle, projection and cross product of 3-D vectors.

``ask`` picks the question; the vectors have small integer entries so every
answer is exact (the angle as arccos of an exact cosine). Verified with numpy:
np.dot, np.arccos of normalised vectors, np.cross, and the projection as the
least-squares multiple of b closest to a.
"""

from __future__ import annotations

import random

import numpy as np
import sympy as sp

from osmose import numeric
from osmose.family import (Checking, Evidence, Family, Mistake, Param, Problem, Reject, Step,
                           VerificationError)
from osmose.mathtext import tex, uni


def _root_tex(n) -> str:
    """√n, followed by its simplified value only when that differs (√16 = 4, √8 = 2√2, but just √21)."""
    r = sp.sqrt(n)
    return rf"\sqrt{{{n}}}" + ("" if r == sp.sqrt(n, evaluate=False) else f" = {tex(r)}")


def _root_text(n) -> str:
    r = sp.sqrt(n)
    return f"√{n}" + ("" if r == sp.sqrt(n, evaluate=False) else f" = {uni(r)}")


def _vec(rng: random.Random) -> sp.Matrix:
    return sp.Matrix([rng.randint(-4, 4) for _ in range(3)])


def _t(m) -> tuple:
    return tuple(sp.S(v) for v in m)


def generate(rng: random.Random, params: dict) -> Problem:
    ask = params["ask"]
    a, b = _vec(rng), _vec(rng)
    if a.norm() == 0 or b.norm() == 0 or a.cross(b).norm() == 0:
        raise Reject("zero or parallel vectors")
    dot = a.dot(b)
    at, bt = _t(a), _t(b)
    intro_tex = rf"\(a = {tex(at)}\) and \(b = {tex(bt)}\)"
    intro_text = f"a = {uni(at)}, b = {uni(bt)}"
    dot_step = Step("Multiply componentwise and add.",
                    rf"a\cdot b = {' + '.join(f'({x})({y})' for x, y in zip(at, bt))} = {dot}",
                    f"a·b = {' + '.join(f'({x})({y})' for x, y in zip(at, bt))} = {dot}")
    if ask == "dot":
        if dot == 0:
            raise Reject("orthogonal: keep those for the angle question")
        answer, kind = sp.Integer(dot), "number"
        steps = (dot_step,)
        mistakes = (Mistake("summed instead of multiplied", sum(at) + sum(bt),
                            "The dot product multiplies matching components, then adds the products."),
                    Mistake("componentwise product", tuple(x * y for x, y in zip(at, bt)),
                            "a·b is a number: add the componentwise products."))
        prompt_tex, prompt_text = rf"Compute \(a\cdot b\) for {intro_tex}.", f"Compute a·b for {intro_text}."
    elif ask == "angle":
        na2, nb2 = a.dot(a), b.dot(b)
        cos = sp.Integer(dot) / sp.sqrt(na2 * nb2)
        answer, kind = sp.acos(cos), "number"
        steps = (dot_step,
                 Step("Lengths.", rf"\lVert a\rVert = {_root_tex(na2)},\quad \lVert b\rVert = {_root_tex(nb2)}",
                      f"|a| = {_root_text(na2)}, |b| = {_root_text(nb2)}"),
                 Step("cos θ = a·b / (|a||b|), θ in [0, π].",
                      rf"\theta = \arccos\frac{{a\cdot b}}{{\lVert a\rVert\,\lVert b\rVert}} = {tex(answer)}",
                      f"θ = arccos(a·b/(|a||b|)) = {uni(answer)}"))
        mistakes = (Mistake("cosine, not angle", cos, "That is cos θ; the angle is its arccos (in radians)."),
                    Mistake("degrees", sp.acos(cos) * 180 / sp.pi, "Give the angle in radians."))
        prompt_tex = rf"Find the angle \(\theta\in[0,\pi]\) between {intro_tex}, in radians."
        prompt_text = f"Angle θ ∈ [0, π] between {intro_text}, in radians."
    elif ask == "projection":
        if dot == 0:
            raise Reject("zero projection")
        nb2 = b.dot(b)
        coef = sp.Rational(dot, nb2)
        answer, kind = _t(coef * b), "tuple"
        steps = (dot_step,
                 Step("Squared length of the vector projected onto.", rf"\lVert b\rVert^2 = {nb2}", f"|b|² = {nb2}"),
                 Step("The projection is the multiple of b closest to a.",
                      rf"\operatorname{{proj}}_b a = \frac{{a\cdot b}}{{\lVert b\rVert^2}}\,b = {tex(coef)}\,{tex(bt)} "
                      rf"= {tex(answer)}",
                      f"proj_b a = (a·b/|b|²)·b = {coef}·{uni(bt)} = {uni(answer)}"))
        mistakes = (Mistake("projected b onto a", _t(sp.Rational(dot, a.dot(a)) * a),
                            "proj_b a lies along b: (a·b/|b|²) b."),
                    Mistake("divided by |b|", _t(dot / sp.sqrt(nb2) * b),
                            "Divide by |b|² (one |b| for the length, one to normalise b)."),
                    Mistake("scalar projection", sp.Integer(dot) / sp.sqrt(nb2),
                            "That is the scalar projection (a·b/|b|); the vector projection is (a·b/|b|²) b."))
        prompt_tex = rf"Compute the vector projection \(\operatorname{{proj}}_b a\) of \(a\) onto \(b\) for {intro_tex}."
        prompt_text = f"Vector projection proj_b a of a onto b for {intro_text}."
    else:
        c = a.cross(b)
        answer, kind = _t(c), "tuple"
        steps = (Step("Expand the determinant with unit vectors in the first row.",
                      r"a\times b = (a_2b_3 - a_3b_2,\; a_3b_1 - a_1b_3,\; a_1b_2 - a_2b_1)",
                      "a×b = (a₂b₃ − a₃b₂, a₃b₁ − a₁b₃, a₁b₂ − a₂b₁)"),
                 Step("Substitute.", rf"a\times b = {tex(answer)}", f"a×b = {uni(answer)}"),
                 Step("Check: the result is orthogonal to both.", rf"(a\times b)\cdot a = {c.dot(a)},\ "
                      rf"(a\times b)\cdot b = {c.dot(b)}", f"(a×b)·a = {c.dot(a)}, (a×b)·b = {c.dot(b)}"))
        mistakes = (Mistake("order reversed", _t(-c), "b×a = −(a×b): the cross product is anti-commutative."),
                    Mistake("middle sign", (c[0], -c[1], c[2]),
                            "The middle component is a₃b₁ − a₁b₃ (the cofactor sign flips)."),
                    Mistake("componentwise product", tuple(x * y for x, y in zip(at, bt)),
                            "The cross product mixes components: (a₂b₃ − a₃b₂, …)."))
        prompt_tex, prompt_text = rf"Compute \(a\times b\) for {intro_tex}.", f"Compute a×b for {intro_text}."
    mistakes = tuple(m for m in mistakes if m.answer != answer)
    checking = Checking(precision="exact") if ask in ("dot", "cross") else Checking(sig_figs=3)
    prompt_tex, prompt_text = f"{prompt_tex} {checking.statement()}", f"{prompt_text} {checking.statement()}"
    return Problem(prompt_tex=prompt_tex, prompt_text=prompt_text, answer=answer, kind=kind,
                   solution=tuple(steps),
                   given={"ask": ask, "a": [int(v) for v in a], "b": [int(v) for v in b]},
                   checking=checking, mistakes=mistakes)


def verify(given: dict, answer) -> Evidence:
    a, b = np.array(given["a"], dtype=float), np.array(given["b"], dtype=float)
    ask = given["ask"]
    if ask == "dot":
        expected = [float(np.dot(a, b))]
    elif ask == "angle":
        expected = [float(np.arccos(np.dot(a / np.linalg.norm(a), b / np.linalg.norm(b))))]
    elif ask == "projection":
        t = np.linalg.lstsq(b.reshape(3, 1), a, rcond=None)[0][0]  # the multiple of b nearest to a
        expected = list(t * b)
    else:
        expected = list(np.cross(a, b))
    got = [float(v) for v in (answer if isinstance(answer, tuple) else (answer,))]
    if len(got) != len(expected):
        raise VerificationError(f"{ask}: expected {len(expected)} numbers")
    worst = max(numeric.require_close(g, e, f"{ask}[{i}]", rel=1e-9, floor=1e-9)
                for i, (g, e) in enumerate(zip(got, expected)))
    return Evidence("numpy", {"dot": "np.dot", "angle": "np.arccos of normalised dot", "cross": "np.cross",
                              "projection": "least-squares multiple of b nearest a"}[ask], worst)


def baseline(given: dict):
    """Bare SymPy: the asked product or projection (benchmarks/generate.py)."""
    a, b = sp.Matrix(given["a"]), sp.Matrix(given["b"])
    ask = given["ask"]
    if ask == "dot":
        return a.dot(b)
    if ask == "angle":
        return sp.acos(a.dot(b) / (a.norm() * b.norm()))
    if ask == "projection":
        return tuple(a.dot(b) / b.dot(b) * b)
    return tuple(a.cross(b))


FAMILY = Family(
    name="vectors3d", version=2, title="Vectors in 3-D",
    summary="Dot product, angle, vector projection and cross product of 3-D vectors.",
    params={"ask": Param("dot", ("dot", "angle", "projection", "cross"), "which quantity to compute")},
    generate=generate, verify=verify, baseline=baseline,
)
