"""matrix_calculus: the four identities on concrete matrices, against hand-computed gradients."""

from __future__ import annotations

import pytest
import sympy as sp

from conftest import family
from family_sweep import deterministic, sweep
from osmose.concepts import prose_problem, tex_problem
from osmose.family import VerificationError

FAM = family("matrix_calculus")
M = sp.ImmutableMatrix
R = sp.Rational
x1, x2, x3 = sp.symbols("x1 x2 x3")


@pytest.mark.parametrize("task", ("quadratic", "least_squares", "logdet", "trace"))
@pytest.mark.parametrize("level", (1, 2))
def test_many_seeds_verify_and_stay_well_formed(level, task):
    made = sweep(FAM, {"level": level, "task": task}, seeds=range(120))
    for ex in made:
        assert prose_problem(ex.prompt_tex) is None, ex.id
        assert all(tex_problem(s.tex) is None for s in ex.solution), ex.id
        assert "Convention" in ex.prompt_text and "Convention" in ex.prompt_tex
        # the transpose slip is always detectable: it is listed, or the answer is not square
        if ex.answer.rows == ex.answer.cols and task != "least_squares":
            assert ex.mistakes, ex.id


def test_golden_quadratic_form():
    # A = [[1, 2], [0, 3]], x = (1, 1): (A + Aᵀ)x = [[2, 2], [2, 6]](1, 1) = (4, 8); 2Ax = (6, 6) is wrong
    given = {"task": "quadratic", "A": [[1, 2], [0, 3]], "x": [1, 1]}
    FAM.verify(given, M([4, 8]))
    with pytest.raises(VerificationError):
        FAM.verify(given, M([6, 6]))


def test_golden_quadratic_form_in_symbols():
    # xᵀAx = x₁x₂ for A = E₁₂: ∇ = (x₂, x₁, 0)
    given = {"task": "quadratic", "A": [[0, 1, 0], [0, 0, 0], [0, 0, 0]]}
    FAM.verify(given, M([x2, x1, 0]))
    with pytest.raises(VerificationError):
        FAM.verify(given, M([2 * x2, 0, 0]))           # 2Ax


def test_golden_least_squares_and_ridge():
    # W = I, x = (1, 2), y = 0: r = (1, 2), 2 r xᵀ = [[2, 4], [4, 8]]
    given = {"task": "least_squares", "W": [[1, 0], [0, 1]], "x": [1, 2], "y": [0, 0], "lam": 0}
    FAM.verify(given, M([[2, 4], [4, 8]]))
    with pytest.raises(VerificationError):
        FAM.verify(given, M([[1, 2], [2, 4]]))
    # with λ = 1: + 2W = [[4, 4], [4, 10]]
    FAM.verify({**given, "lam": 1}, M([[4, 4], [4, 10]]))


def test_golden_logdet():
    # X = [[2, 1], [0, 1]], det 2, X⁻¹ = [[1/2, −1/2], [0, 1]], X⁻ᵀ = [[1/2, 0], [−1/2, 1]]
    given = {"task": "logdet", "X": [[2, 1], [0, 1]]}
    FAM.verify(given, M([[R(1, 2), 0], [R(-1, 2), 1]]))
    with pytest.raises(VerificationError):
        FAM.verify(given, M([[R(1, 2), R(-1, 2)], [0, 1]]))   # X⁻¹ itself
    # minus tr(SX) with S = [[0, 1], [0, 0]]: − Sᵀ = −[[0, 0], [1, 0]]
    FAM.verify({**given, "S": [[0, 1], [0, 0]]}, M([[R(1, 2), 0], [R(-3, 2), 1]]))


def test_golden_trace():
    A = [[1, 2, 3], [4, 5, 6]]
    FAM.verify({"task": "trace", "A": A}, M([[1, 4], [2, 5], [3, 6]]))
    with pytest.raises(VerificationError):
        FAM.verify({"task": "trace", "A": A}, M(A))
    # tr(AXB) with A = [[1, 2], [0, 1]], B = [[1, 0], [1, 1]]: BA = [[1, 2], [1, 3]], gradient (BA)ᵀ = [[1, 1], [2, 3]]
    given = {"task": "trace", "A": [[1, 2], [0, 1]], "B": [[1, 0], [1, 1]]}
    FAM.verify(given, M([[1, 1], [2, 3]]))
    with pytest.raises(VerificationError):
        FAM.verify(given, M([[1, 2], [1, 3]]))        # BA without the transpose


def test_same_seed_same_exercise():
    for task in ("quadratic", "least_squares", "logdet", "trace"):
        assert deterministic(FAM, {"level": 2, "task": task})
