"""hmc_leapfrog: one leapfrog step for a Gaussian target and its acceptance probability."""

from __future__ import annotations

import pytest
import sympy as sp

from conftest import family
from family_sweep import deterministic, sweep
from osmose.family import VerificationError

FAM = family("hmc_leapfrog")
R = sp.Rational


@pytest.mark.parametrize("level", (1, 2))
def test_many_seeds_verify_and_stay_well_formed(level):
    made = sweep(FAM, {"level": level}, range(60))
    assert len({ex.prompt_text for ex in made}) >= 55
    if level == 2:
        assert any(ex.answer == 1 for ex in made) and any(ex.answer != 1 for ex in made)


# By hand, σ² = 1, ε = 1. From (q, p) = (1, 0): p½ = −1/2, q₁ = 1/2, p₁ = −1/2 − 1/4 = −3/4.
# H goes from 1/2 to 1/8 + 9/32 = 13/32: ΔH < 0, accepted with probability 1.
# From (0, 1): p½ = 1, q₁ = 1, p₁ = 1/2; H goes from 1/2 to 5/8: acceptance e^(−1/8).
@pytest.mark.parametrize("given, answer, wrong", [
    ({"level": 1, "var": 1, "q0": "1", "p0": "0", "eps": "1"}, (R(1, 2), R(-3, 4)), (R(1, 2), R(-1, 2))),
    ({"level": 2, "var": 1, "q0": "1", "p0": "0", "eps": "1"}, sp.Integer(1), sp.exp(R(-3, 32))),
    ({"level": 2, "var": 1, "q0": "0", "p0": "1", "eps": "1"}, sp.exp(R(-1, 8)), sp.Integer(1)),
])
def test_golden_cases_and_a_wrong_answer_rejected(given, answer, wrong):
    FAM.verify(given, answer)
    with pytest.raises(VerificationError):
        FAM.verify(given, wrong)


def test_same_seed_same_exercise():
    assert deterministic(FAM, {"level": 1})
