"""convexity_duality: convexity tests, μ and L, Lagrange multipliers, the dual and KKT — by hand."""

from __future__ import annotations

from collections import Counter

import pytest
import sympy as sp

from conftest import family
from family_sweep import deterministic, sweep
from osmose.concepts import prose_problem, tex_problem
from osmose.family import VerificationError

FAM = family("convexity_duality")
R = sp.Rational


@pytest.mark.parametrize("task", ("convex", "moduli", "lagrange", "dual"))
@pytest.mark.parametrize("level", (1, 2))
def test_many_seeds_verify_and_stay_well_formed(level, task):
    made = sweep(FAM, {"level": level, "task": task}, seeds=range(120))
    for ex in made:
        assert prose_problem(ex.prompt_tex) is None, ex.id
        assert all(tex_problem(s.tex) is None for s in ex.solution), ex.id
    if ex.kind == "choice":                     # every verdict turns up, none dominates
        counts = Counter(e.answer for e in made)
        assert set(counts) == set(ex.checking.choices), counts
        assert max(counts.values()) < 0.5 * len(made), counts
    if task == "convex" and level == 1:         # the singular PSD case is drawn on purpose
        assert any("not strictly" in s.say for e in made for s in e.solution)
    if task == "dual" and level == 1:           # and the slack constraint
        assert any(e.answer[0] == 0 for e in made)


def test_golden_convexity():
    FAM.verify({"task": "convex", "f": "x**2 + x*y + y**2"}, "convex")            # H = [[2, 1], [1, 2]] ≻ 0
    FAM.verify({"task": "convex", "f": "x**2 + 4*x*y + y**2"}, "neither")         # det = 4 − 16 < 0
    FAM.verify({"task": "convex", "f": "(x - y)**2"}, "convex")                   # PSD, singular
    FAM.verify({"task": "convex", "f": "-exp(x + y) - x**2 - y**2"}, "concave")
    FAM.verify({"task": "convex", "f": "exp(x) - y**2"}, "neither")
    with pytest.raises(VerificationError):
        FAM.verify({"task": "convex", "f": "x**2 + 4*x*y + y**2"}, "convex")


def test_golden_moduli():
    # ½‖Ax − b‖² with A = diag(1, 3): H = diag(1, 9) → (μ, L) = (1, 9)
    FAM.verify({"task": "moduli", "A": [[1, 0], [0, 3]], "b": [0, 0]}, (1, 9))
    with pytest.raises(VerificationError):
        FAM.verify({"task": "moduli", "A": [[1, 0], [0, 3]], "b": [0, 0]}, (1, 3))
    FAM.verify({"task": "moduli", "H": [[2, 1], [1, 2]]}, (1, 3))


def test_golden_lagrange():
    # min x² + y² s.t. x + y = 2: x = y = 1, 2x = λ ⇒ λ = 2
    given = {"task": "lagrange", "p": 1, "q": 1, "r": 0, "s": 0, "a": 1, "b": 1, "c": 2}
    FAM.verify(given, (1, 1, 2))
    with pytest.raises(VerificationError):
        FAM.verify(given, (1, 1, 1))


def test_golden_dual_and_kkt():
    # min ½‖x‖² s.t. (3, 4)ᵀx ≥ 5: λ* = 5/25 = 1/5, d* = 25/50 = 1/2 (distance 1 to the line, halved squared)
    FAM.verify({"task": "dual", "a": [3, 4], "c": 5}, (R(1, 5), R(1, 2)))
    FAM.verify({"task": "dual", "a": [3, 4], "c": -5}, (0, 0))                    # slack constraint
    # projection of z = (2, 0) on x₁ ≤ 1: x* = (1, 0), λ* = 1; KKT all hold
    kkt = {"task": "dual", "a": [1, 0], "c": 1, "z": [2, 0]}
    FAM.verify({**kkt, "x": ["1", "0"], "lam": "1"}, "none")
    FAM.verify({**kkt, "x": ["1", "0"], "lam": "-1"}, "stationarity")
    FAM.verify({**kkt, "x": ["3", "0"], "lam": "-1"}, "primal feasibility")
    with pytest.raises(VerificationError):
        FAM.verify({**kkt, "x": ["1", "0"], "lam": "1"}, "complementary slackness")


def test_same_seed_same_exercise():
    for task in ("convex", "moduli", "lagrange", "dual"):
        assert deterministic(FAM, {"level": 2, "task": task})
