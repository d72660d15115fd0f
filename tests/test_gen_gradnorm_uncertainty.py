"""gradnorm_uncertainty: GradNorm targets and update, uncertainty weighting, ARS's grad_norm."""

from __future__ import annotations

import pytest
import sympy as sp

from conftest import family
from family_sweep import deterministic, find_seed, sweep
from osmose.family import VerificationError

FAM = family("gradnorm_uncertainty")
R = sp.Rational
METHODS = ("gradnorm", "uncertainty", "ars")


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("level", (1, 2))
def test_many_seeds_verify_and_stay_well_formed(method, level):
    made = sweep(FAM, {"method": method, "level": level}, range(60))
    assert len({ex.prompt_text for ex in made}) >= 55


# By hand.
# GradNorm: w = (1, 1), ‖∇L‖ = (2, 4), L(0) = (1, 1), L(t) = (1/2, 1/4), α = 1: G = (2, 4), Ḡ = 3,
#   L̃ = (1/2, 1/4), mean 3/8, r = (4/3, 2/3), targets (4, 2). One step with rate 1/10: G₁ < 4 and
#   G₂ > 2, so w − (1/10)(−2, +4) = (6/5, 3/5), sum 9/5, renormalised ×10/9 to (4/3, 2/3).
# Uncertainty: L = (1/2, 2) → σ² = L, weights 1/(2L) = (1, 1/4). Regression L₁ = 1 with
#   classification L₂ = 1/2: σ₁² = 1, σ₂² = 1, each term ½ + 0: minimum 1.
# ARS: δ = (1, 0), (0, 1), r⁺ − r⁻ = (2, −1): Σ(r⁺ − r⁻)δ = (2, −1); with σ_R = 1 and N = 2,
#   g = (1, −1/2), ‖g‖² = 5/4. With r⁺ = (3, 1), r⁻ = (1, 3): sum (2, −2); the returns 3, 1, 1, 3 have mean 2 and
#   np.std 1, so ‖g‖² = 8/4 = 2 (ddof = 1 would give variance 4/3 and 3/2).
GN = {"method": "gradnorm", "w": ["1", "1"], "gnorm": ["2", "4"], "L0": ["1", "1"], "Lt": ["1/2", "1/4"],
      "alpha": "1"}
ARS = {"method": "ars", "deltas": [[1, 0], [0, 1]]}


@pytest.mark.parametrize("given, answer, wrong", [
    ({**GN, "level": 1}, (sp.Integer(4), sp.Integer(2)), (sp.Integer(3), sp.Integer(3))),
    ({**GN, "level": 2, "lr": "1/10"}, (R(4, 3), R(2, 3)), (R(6, 5), R(3, 5))),
    ({"method": "uncertainty", "level": 1, "losses": ["1/2", "2"]}, (sp.Integer(1), R(1, 4)), (sp.Integer(2), R(1, 2))),
    ({"method": "uncertainty", "level": 2, "losses": ["1", "1/2"]}, sp.Integer(1), 1 - sp.log(2) / 2),
    ({**ARS, "level": 1, "diff": [2, -1], "sigma_R": "1"}, R(5, 4), sp.sqrt(5) / 2),
    ({**ARS, "level": 2, "plus": [3, 1], "minus": [1, 3]}, sp.Integer(2), R(3, 2)),
])
def test_golden_cases_and_a_wrong_answer_rejected(given, answer, wrong):
    FAM.verify(given, answer)
    with pytest.raises(VerificationError):
        FAM.verify(given, wrong)


def test_alpha_zero_is_drawn_and_asks_for_equal_norms():
    ex = find_seed(FAM, {"method": "gradnorm", "level": 1}, lambda g: g["alpha"] == "0")
    assert len(set(ex.answer)) == 1
    assert "equal gradient norms" in " ".join(s.say for s in ex.solution)


def test_grad_norm_is_squared_and_np_std_is_the_population_one():
    ex = find_seed(FAM, {"method": "ars", "level": 2}, lambda g: True)
    names = {m.name for m in ex.mistakes}
    assert {"square root taken", "sample standard deviation"} <= names
    assert "np.std" in ex.prompt_text and "not 2N − 1" in ex.prompt_text


def test_a_given_sigma_r_is_one_the_listed_differences_allow():
    # 2N returns with differences Δₖ have σ_R² ≥ mean((Δₖ/2)²): the data must be consistent
    for ex in sweep(FAM, {"method": "ars", "level": 1}, range(40)):
        d, s = ex.given["diff"], R(ex.given["sigma_R"])
        assert s ** 2 >= sum(R(v * v, 4) for v in d) / len(d)
        assert "r⁺ =" not in ex.prompt_text


def test_same_seed_same_exercise():
    assert deterministic(FAM, {"method": "gradnorm", "level": 2})
    assert deterministic(FAM, {"method": "uncertainty", "level": 2})
