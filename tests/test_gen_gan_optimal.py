"""gan_optimal: the optimal discriminator and the value of the game."""

from __future__ import annotations

import pytest
import sympy as sp

from conftest import family
from family_sweep import deterministic, sweep
from osmose.family import VerificationError

FAM = family("gan_optimal")
R, ln = sp.Rational, sp.log


@pytest.mark.parametrize("level", (1, 2, 3))
def test_many_seeds_verify_and_stay_well_formed(level):
    made = sweep(FAM, {"level": level}, range(80))
    assert len({ex.prompt_text for ex in made}) >= 70
    if level == 2:  # V(D*, G) ≥ −ln 4, with equality only for a perfect generator
        assert all(float(ex.answer) > -2 * 0.6931471805599453 for ex in made)


# By hand: D*(1) = (1/2)/(1/2 + 1/4) = 2/3.
# p_data = (1/2, 1/2), p_g = (1, 0): D* = (1/3, 1), V = ½ ln(1/3) + ½ ln 1 + 1·ln(2/3) = ln 2 − (3/2) ln 3,
#   which equals −ln 4 + 2·JSD with JSD = (3/2) ln 2 − (3/4) ln 3 (M = (3/4, 1/4)).
# N(0, 1) vs N(2, 1) at x = 0: ln(p_data/p_g) = (4 − 0)/2 = 2, D* = 1/(1 + e^(−2)).
@pytest.mark.parametrize("given, answer, wrong", [
    ({"level": 1, "p_data": ["1/2", "1/4", "1/4"], "p_g": ["1/4", "1/4", "1/2"], "x": 1}, R(2, 3), R(1, 3)),
    ({"level": 2, "p_data": ["1/2", "1/2"], "p_g": ["1", "0"]}, ln(2) - R(3, 2) * ln(3), -2 * ln(2)),
    ({"level": 3, "means": [0, 2], "var": 1, "x": 0}, 1 / (1 + sp.exp(-2)), 1 / (1 + sp.exp(2))),
])
def test_golden_cases_and_a_wrong_answer_rejected(given, answer, wrong):
    FAM.verify(given, answer)
    with pytest.raises(VerificationError):
        FAM.verify(given, wrong)


def test_same_seed_same_exercise():
    assert deterministic(FAM, {"level": 2})
