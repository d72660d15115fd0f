"""mcmc_diagnostics: lag-k autocorrelation, ESS of an AR(1) chain, mixing rate |λ₂|."""

from __future__ import annotations

import pytest
import sympy as sp

from conftest import family
from family_sweep import deterministic, sweep
from osmose.family import VerificationError

FAM = family("mcmc_diagnostics")
R = sp.Rational


@pytest.mark.parametrize("ask", ("autocorrelation", "ess", "mixing"))
@pytest.mark.parametrize("level", (1, 2))
def test_many_seeds_verify_and_stay_well_formed(ask, level):
    made = sweep(FAM, {"ask": ask, "level": level}, range(60))
    assert len({ex.prompt_text for ex in made}) >= 45
    if ask == "mixing":
        assert all(0 < float(ex.answer) < 1 for ex in made)
    if ask == "ess":  # both signs of φ, so the ESS > N case is drawn on purpose
        phis = [R(ex.given["phi"]) for ex in made]
        assert min(phis) < 0 < max(phis)
    if ask == "ess" and level == 2:
        assert all(ex.checking.precision == "integer" and ex.answer.is_Integer for ex in made)


def test_degenerate_and_signed_cases_are_drawn_and_explained():
    made = sweep(FAM, {"ask": "mixing", "level": 1}, range(60))
    negative = [ex for ex in made if "λ₂ < 0" in " ".join(s.say for s in ex.solution)]
    assert negative and len(negative) < len(made)
    made = sweep(FAM, {"ask": "mixing", "level": 2}, range(60))
    assert any("complex" in ex.solution[-1].say for ex in made)
    assert any("Real roots" in ex.solution[-1].say for ex in made)
    made = sweep(FAM, {"ask": "autocorrelation", "level": 2}, range(60))
    assert any(ex.answer < 0 for ex in made) and any(ex.answer > 0 for ex in made)


# By hand.
# Chain 1..6: mean 7/2, squared deviations sum to 35/2, lag-1 products 15/4 + 3/4 − 1/4 + 3/4 + 15/4
#   = 35/4, so ρ̂₁ = 1/2. Chain 1, −1, 1, −1: mean 0, ρ̂₁ = (−3)/4.
# AR(1) with φ = 1/2: τ = 3, so 1000 draws are worth 1000/3; an ESS of 100 needs N = 300 exactly.
#   φ = −1/2: τ = 1/3, an ESS of 100 needs N ≥ 33.3…, so 34.
# P = [[0.9, 0.1], [0.2, 0.8]]: λ₂ = 1 − 0.1 − 0.2 = 0.7. The circulant [[½, ½, 0], [0, ½, ½], [½, 0, ½]]
#   has eigenvalues ½(1 + ω^k), ω = e^(2πi/3): |1 + ω| = 1, so |λ₂| = ½ (complex pair).
@pytest.mark.parametrize("given, answer, wrong", [
    ({"ask": "autocorrelation", "level": 1, "chain": [1, 2, 3, 4, 5, 6], "lag": 1}, R(1, 2), R(3, 5)),
    ({"ask": "autocorrelation", "level": 2, "chain": [1, -1, 1, -1], "lag": 1}, R(-3, 4), R(-1)),
    ({"ask": "ess", "level": 1, "phi": "1/2", "N": 1000}, R(1000, 3), R(500)),
    ({"ask": "ess", "level": 2, "phi": "1/2", "target": 100}, R(300), R(301)),
    ({"ask": "ess", "level": 2, "phi": "-1/2", "target": 100}, R(34), R(33)),
    ({"ask": "mixing", "level": 1, "P": [["9/10", "1/10"], ["1/5", "4/5"]]}, R(7, 10), R(3, 10)),
    ({"ask": "mixing", "level": 2, "P": [["1/2", "1/2", "0"], ["0", "1/2", "1/2"], ["1/2", "0", "1/2"]]},
     R(1, 2), R(1, 4)),
])
def test_golden_cases_and_a_wrong_answer_rejected(given, answer, wrong):
    FAM.verify(given, answer)
    with pytest.raises(VerificationError):
        FAM.verify(given, wrong)


def test_quadratic_is_printed_without_double_signs():
    # issue 10: no "λ² − (-1/2)λ"
    for ex in sweep(FAM, {"ask": "mixing", "level": 2}, range(30)):
        assert "(-" not in ex.solution[0].text and "− -" not in ex.solution[0].text


def test_same_seed_same_exercise():
    assert deterministic(FAM, {"ask": "mixing", "level": 2})
