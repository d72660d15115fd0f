"""gmm_em: E-step responsibilities and M-step updates of a two-component Gaussian mixture."""

from __future__ import annotations

import pytest
import sympy as sp

from conftest import family
from family_sweep import deterministic, sweep
from osmose.family import VerificationError

FAM = family("gmm_em")
R = sp.Rational


@pytest.mark.parametrize("step", ("e", "m"))
@pytest.mark.parametrize("level", (1, 2))
def test_many_seeds_verify_and_stay_well_formed(step, level):
    made = sweep(FAM, {"step": step, "level": level}, range(60))
    assert len({ex.prompt_text for ex in made}) >= 55
    if step == "e":
        assert all(0 < float(ex.answer) < 1 for ex in made)


# By hand: equal weights and variances, means 0 and 2, x = 0: the ratio π₂N₂/(π₁N₁) = e^(0 − 4/2),
# so γ₁ = 1/(1 + e^(−2)); at x = 1 (the midpoint) γ₁ = 1/2.
# M-step with x = (0, 2), γ = (1/2, 1/2): N₁ = 1, π = 1/2, μ = (0 + 1)/1 = 1, σ² = (½·1 + ½·1)/1 = 1.
@pytest.mark.parametrize("given, answer, wrong", [
    ({"step": "e", "pi1": "1/2", "mu": [0, 2], "var": [1, 1], "x": 0}, 1 / (1 + sp.exp(-2)), sp.exp(-2)),
    ({"step": "e", "pi1": "1/2", "mu": [0, 2], "var": [1, 1], "x": 1}, R(1, 2), R(1, 3)),
    ({"step": "m", "level": 1, "x": [0, 2], "gamma": ["1/2", "1/2"]}, (R(1, 2), sp.Integer(1)),
     (sp.Integer(1), sp.Integer(1))),
    ({"step": "m", "level": 2, "x": [0, 2], "gamma": ["1/2", "1/2"]}, (R(1, 2), sp.Integer(1), sp.Integer(1)),
     (R(1, 2), sp.Integer(1), sp.Integer(2))),
])
def test_golden_cases_and_a_wrong_answer_rejected(given, answer, wrong):
    FAM.verify(given, answer)
    with pytest.raises(VerificationError):
        FAM.verify(given, wrong)


def test_unequal_variances_offer_the_dropped_factor_slip_only_then():
    for ex in sweep(FAM, {"step": "e", "level": 2}, range(30)):
        names = {m.name for m in ex.mistakes}
        assert ("variance factors dropped" in names) == (ex.given["var"][0] != ex.given["var"][1])


def test_same_seed_same_exercise():
    assert deterministic(FAM, {"step": "m", "level": 2})
