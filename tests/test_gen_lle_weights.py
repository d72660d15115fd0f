"""lle_weights: LLE's constrained reconstruction weights."""

from __future__ import annotations

import pytest
import sympy as sp

from conftest import family
from family_sweep import deterministic, sweep
from osmose.family import VerificationError

FAM = family("lle_weights")
R = sp.Rational


@pytest.mark.parametrize("level", (1, 2))
def test_many_seeds_verify_and_stay_well_formed(level):
    made = sweep(FAM, {"level": level}, range(60))
    assert len({ex.prompt_text for ex in made}) >= 55
    assert all(sum(ex.answer) == 1 for ex in made)


# By hand: x = (1, 1) from n₁ = (0, 0), n₂ = (4, 0): the best affine combination is x's projection
# (1, 0) = ¾n₁ + ¼n₂. x = (1, 1, 0) from the unit vectors: its projection onto the plane
# x + y + z = 1 is (1, 1, 0) − ⅓(1, 1, 1) = (2/3, 2/3, −1/3).
@pytest.mark.parametrize("given, answer, wrong", [
    ({"level": 1, "x": [1, 1], "neighbours": [[0, 0], [4, 0]]}, (R(3, 4), R(1, 4)), (R(1, 2), R(1, 2))),
    ({"level": 2, "x": [1, 1, 0], "neighbours": [[1, 0, 0], [0, 1, 0], [0, 0, 1]]},
     (R(2, 3), R(2, 3), R(-1, 3)), (R(1, 2), R(1, 2), sp.Integer(0))),
])
def test_golden_cases_and_a_wrong_answer_rejected(given, answer, wrong):
    FAM.verify(given, answer)
    with pytest.raises(VerificationError):
        FAM.verify(given, wrong)


def test_same_seed_same_exercise():
    assert deterministic(FAM, {"level": 2})
