"""cross_validation: k-fold with unequal folds, LOOCV through the hat matrix."""

from __future__ import annotations

import pytest
import sympy as sp

from conftest import family
from family_sweep import deterministic, sweep
from osmose.family import VerificationError

FAM = family("cross_validation")


@pytest.mark.parametrize("level", (1, 2))
def test_many_seeds_verify_and_stay_well_formed(level):
    made = sweep(FAM, {"level": level}, range(60))
    assert len({ex.prompt_text for ex in made}) >= 55
    if level == 2:  # leaving a point out never helps predict it
        for ex in made:
            training = next(m for m in ex.mistakes if m.name == "training error")
            assert ex.answer > training.answer


# By hand: folds of 10 and 20 points with MSE 1 and 4 give (10 + 80)/30 = 3 (not (1 + 4)/2).
# LOOCV on (0, 0), (1, 2), (2, 0): without the first point the line through (1, 2), (2, 0) predicts 4
# at x = 0 (error 4); without the middle one y = 0 (error 2); without the last y = 2x predicts 4
# (error 4): (16 + 4 + 16)/3 = 12.
@pytest.mark.parametrize("given, answer, wrong", [
    ({"level": 1, "sizes": [10, 20], "mse": ["1", "4"]}, sp.Integer(3), sp.Rational(5, 2)),
    ({"level": 2, "x": [0, 1, 2], "y": [0, 2, 0]}, sp.Integer(12), sp.Rational(8, 9)),
])
def test_golden_cases_and_a_wrong_answer_rejected(given, answer, wrong):
    FAM.verify(given, answer)
    with pytest.raises(VerificationError):
        FAM.verify(given, wrong)


def test_same_seed_same_exercise():
    assert deterministic(FAM, {"level": 2})
