"""gaussian_conditioning: Schur-complement conditionals, Mahalanobis distance, Cov(AX + b)."""

from __future__ import annotations

import pytest
import sympy as sp

from conftest import family
from family_sweep import deterministic, find_seed, sweep
from osmose.family import VerificationError

FAM = family("gaussian_conditioning")
R = sp.Rational


@pytest.mark.parametrize("task", ("condition", "mahalanobis", "affine"))
@pytest.mark.parametrize("level", (1, 2))
def test_many_seeds_verify_and_stay_well_formed(task, level):
    made = sweep(FAM, {"task": task, "level": level}, range(60))
    assert len({ex.prompt_text for ex in made}) >= 55
    if task == "condition":  # conditioning never increases the variance
        for ex in made:
            cov = sp.Matrix(ex.given["cov"]).applyfunc(sp.Rational)
            assert 0 < ex.answer[1] <= cov[0, 0]


# Worked by hand:
# μ = (1, 2), Σ = [[4, 2], [2, 2]], X₂ = 4: mean 1 + (2/2)(4 − 2) = 3, variance 4 − 2·2/2 = 2.
# μ = 0, Σ = [[4, 1, 1], [1, 2, 0], [1, 0, 1]], (X₂, X₃) = (2, 1): coefficients (1/2, 1),
#   mean 1/2·2 + 1·1 = 2, variance 4 − (1/2 + 1) = 5/2.
# Σ = [[2, 1], [1, 2]], x − μ = (1, 1): Σ⁻¹ = [[2, −1], [−1, 2]]/3, distance (2 − 1 − 1 + 2)/3 = 2/3.
# Var(X₁ + X₂) with that Σ: 2 + 2 + 2·1 = 6;  A = [[1, 0], [1, 1]]: AΣAᵀ = [[2, 3], [3, 6]].
S2 = [["2", "1"], ["1", "2"]]


@pytest.mark.parametrize("given, answer, wrong", [
    ({"task": "condition", "mu": [1, 2], "cov": [["4", "2"], ["2", "2"]], "condition_on": [4]},
     (sp.Integer(3), sp.Integer(2)), (sp.Integer(3), sp.Integer(4))),
    ({"task": "condition", "mu": [0, 0, 0], "cov": [["4", "1", "1"], ["1", "2", "0"], ["1", "0", "1"]],
      "condition_on": [2, 1]}, (sp.Integer(2), R(5, 2)), (sp.Integer(2), sp.Integer(4))),
    ({"task": "mahalanobis", "mu": [0, 0], "cov": S2, "x": [1, 1]}, R(2, 3), sp.Integer(2)),
    ({"task": "affine", "mu": [0, 0], "cov": S2, "A": [["1", "1"]], "b": [3]}, sp.Integer(6), sp.Integer(4)),
    ({"task": "affine", "mu": [0, 0], "cov": S2, "A": [["1", "0"], ["1", "1"]], "b": [0, 1]},
     sp.Matrix([[2, 3], [3, 6]]), sp.Matrix([[2, 2], [2, 4]])),
])
def test_golden_cases_and_a_wrong_answer_rejected(given, answer, wrong):
    FAM.verify(given, answer)
    with pytest.raises(VerificationError):
        FAM.verify(given, wrong)


def test_the_conditioning_values_are_stated_in_both_prompts():
    ex = find_seed(FAM, {"task": "condition", "level": 2}, lambda g: True)
    a2, a3 = ex.given["condition_on"]
    assert f"X2 = {a2}, X3 = {a3}" in ex.prompt_text
    assert rf"X_2 = {a2},\ X_3 = {a3}" in ex.prompt_tex


def test_same_seed_same_exercise():
    assert deterministic(FAM, {"task": "affine", "level": 2})
