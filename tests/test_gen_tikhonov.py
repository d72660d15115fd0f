"""tikhonov: filter factors and regularised solutions of ill-posed linear problems."""

from __future__ import annotations

import pytest
import sympy as sp

from conftest import family
from family_sweep import deterministic, sweep
from osmose.family import VerificationError

FAM = family("tikhonov")
R = sp.Rational


@pytest.mark.parametrize("level", (1, 2, 3))
def test_many_seeds_verify_and_stay_well_formed(level):
    made = sweep(FAM, {"level": level}, range(60))
    assert len({ex.prompt_text for ex in made}) >= 50
    if level == 1:  # damping is strongest for the smallest singular value
        for ex in made:
            assert list(ex.answer) == sorted(ex.answer, reverse=True) and all(0 < p < 1 for p in ex.answer)


# By hand: σ = (2, 1), λ = 1 gives φ = (4/5, 1/2). A = diag(1, 1/2), y = (1, 1), λ = 1/4:
# x₁ = 1/(1 + 1/4) = 4/5, x₂ = (1/2)/(1/4 + 1/4) = 1. A = I, y = (1, 2), λ = 1: 2x = y.
@pytest.mark.parametrize("given, answer, wrong", [
    ({"level": 1, "sigma": ["2", "1"], "lambda": "1"}, (R(4, 5), R(1, 2)), (R(2, 3), R(1, 2))),
    ({"level": 2, "sigma": ["1", "1/2"], "y": ["1", "1"], "lambda": "1/4"}, (R(4, 5), sp.Integer(1)),
     (sp.Integer(1), sp.Integer(2))),
    ({"level": 3, "A": [["1", "0"], ["0", "1"]], "y": ["1", "2"], "lambda": "1"}, (R(1, 2), sp.Integer(1)),
     (sp.Integer(1), sp.Integer(2))),
])
def test_golden_cases_and_a_wrong_answer_rejected(given, answer, wrong):
    FAM.verify(given, answer)
    with pytest.raises(VerificationError):
        FAM.verify(given, wrong)


def test_same_seed_same_exercise():
    assert deterministic(FAM, {"level": 3})
