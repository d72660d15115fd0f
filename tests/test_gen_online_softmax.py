"""online_softmax: FlashAttention's running maximum and rescaled sums."""

from __future__ import annotations

import pytest
import sympy as sp

from conftest import family
from family_sweep import deterministic, sweep
from osmose.family import VerificationError

FAM = family("online_softmax")
e = sp.E


@pytest.mark.parametrize("level", (1, 2))
def test_many_seeds_verify_and_stay_well_formed(level):
    made = sweep(FAM, {"level": level}, range(60))
    assert len({ex.prompt_text for ex in made}) >= 55
    for ex in made:  # the second block always raises the maximum: there is something to rescale
        assert max(ex.given["blocks"][1]) > max(ex.given["blocks"][0])


# By hand: blocks (0, 1) then (2): m₁ = 1, ℓ₁ = e^(−1) + 1; m = 2, ℓ = (e^(−1) + 1)e^(−1) + 1
# = e^(−2) + e^(−1) + 1. With values (1, 0, 3): o = (1·e^(−2) + 0·e^(−1) + 3·1)/ℓ.
@pytest.mark.parametrize("given, answer, wrong", [
    ({"level": 1, "blocks": [[0, 1], [2]]}, (sp.Integer(2), e ** -2 + e ** -1 + 1), (sp.Integer(2), e ** -1 + 2)),
    ({"level": 2, "blocks": [[0, 1], [2]], "values": [1, 0, 3]}, (e ** -2 + 3) / (e ** -2 + e ** -1 + 1),
     sp.Integer(3)),
])
def test_golden_cases_and_a_wrong_answer_rejected(given, answer, wrong):
    FAM.verify(given, answer)
    with pytest.raises(VerificationError):
        FAM.verify(given, wrong)


def test_same_seed_same_exercise():
    assert deterministic(FAM, {"level": 2})
