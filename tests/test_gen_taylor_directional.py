"""taylor_directional: second-order Taylor value, directional derivative, tangent plane."""

from __future__ import annotations

import pytest
import sympy as sp

from conftest import family
from family_sweep import deterministic, sweep
from osmose.concepts import prose_problem, tex_problem
from osmose.family import VerificationError

FAM = family("taylor_directional")
R = sp.Rational
x, y = sp.symbols("x y")


@pytest.mark.parametrize("task", ("taylor", "directional", "tangent"))
@pytest.mark.parametrize("level", (1, 2))
def test_many_seeds_verify_and_stay_well_formed(level, task):
    made = sweep(FAM, {"level": level, "task": task}, seeds=range(120))
    for ex in made:
        assert prose_problem(ex.prompt_tex) is None, ex.id
        assert all(tex_problem(s.tex) is None for s in ex.solution), ex.id
        assert ex.checking.statement() in ex.prompt_text
    if level == 2:  # every transcendental piece turns up
        for fn in ("exp", "sin", "cos", "log"):
            assert any(fn in ex.given["f"] for ex in made), fn


def test_golden_taylor_value():
    # f = x²y + 3x about (1, 2): f = 5, ∇f = (2xy + 3, x²) = (7, 1), H = [[2y, 2x], [2x, 0]] = [[4, 2], [2, 0]]
    # h = (1/10, 1/5): ∇f·h = 0.9, hᵀHh = 0.04 + 0.08 = 0.12 → T₂ = 5 + 0.9 + 0.06 = 149/25
    given = {"task": "taylor", "f": "x**2*y + 3*x", "a": [1, 2], "h": ["1/10", "1/5"]}
    FAM.verify(given, R(149, 25))
    with pytest.raises(VerificationError):
        FAM.verify(given, R(5, 1) + R(9, 10))          # first-order only


def test_golden_directional():
    # same f, u = (3/5, 4/5): 7·3/5 + 1·4/5 = 5
    FAM.verify({"task": "directional", "f": "x**2*y + 3*x", "a": [1, 2], "u": ["3/5", "4/5"]}, 5)
    # f = e^(x + y) at (0, 0) along v = (1, 2): ∇f = (1, 1), ∇f·v/|v| = 3/√5
    given = {"task": "directional", "f": "exp(x + y)", "a": [0, 0], "v": [1, 2]}
    FAM.verify(given, 3 / sp.sqrt(5))
    with pytest.raises(VerificationError):
        FAM.verify(given, 3)                            # v not normalised


def test_golden_tangent_plane():
    # f = x² + y² at (1, 2): z = 5 + 2(x − 1) + 4(y − 2) = 2x + 4y − 5
    given = {"task": "tangent", "f": "x**2 + y**2", "a": [1, 2]}
    FAM.verify(given, 2 * x + 4 * y - 5)
    with pytest.raises(VerificationError):
        FAM.verify(given, 2 * x + 4 * y)


def test_level_2_directions_are_not_unit_and_the_slip_is_listed():
    from osmose.exercises import make_exercise
    ex = make_exercise(FAM, {"level": 2, "task": "directional"}, 4)
    v = ex.given["v"]
    assert v[0] ** 2 + v[1] ** 2 != 1
    assert any(m.name == "did not normalise v" for m in ex.mistakes)


def test_same_seed_same_exercise():
    for task in ("taylor", "directional", "tangent"):
        assert deterministic(FAM, {"level": 2, "task": task})
