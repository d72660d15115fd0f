"""gibbs: full conditionals of a bivariate Gaussian, one Gibbs sweep (Gaussian or discrete table)."""

from __future__ import annotations

import re

import pytest
import sympy as sp

from conftest import family
from family_sweep import deterministic, sweep
from osmose.family import VerificationError

FAM = family("gibbs")
R = sp.Rational


@pytest.mark.parametrize("ask", ("gaussian", "discrete"))
@pytest.mark.parametrize("level", (1, 2))
def test_many_seeds_verify_and_stay_well_formed(ask, level):
    made = sweep(FAM, {"ask": ask, "level": level}, range(60))
    assert len({ex.prompt_text for ex in made}) >= 50
    if ask == "discrete":
        assert all(0 < ex.answer[2] <= 1 for ex in made)
        landed = {(ex.answer[0], ex.answer[1]) for ex in made}
        assert len(landed) >= 5  # the sweep does not always land in the same cell
        for ex in made:  # never on an impossible cell
            x1, y1 = ex.answer[0], ex.answer[1]
            assert ex.given["weights"][x1 - 1][y1 - 1] > 0
    if ask == "gaussian" and level == 1:
        assert all(0 < ex.answer[1] < 1 for ex in made)


def test_level_2_tables_have_zeros_and_a_point_mass_is_explained():
    made = sweep(FAM, {"ask": "discrete", "level": 2}, range(80))
    assert all(any(0 in row for row in ex.given["weights"]) for ex in made)
    assert any("point mass" in step.say for ex in made for step in ex.solution)


def test_correlations_print_exactly():
    # regression: ρ = 5/13 printed as 0.384615 (and √(1 − ρ²) = 12/13 as 0.923077)
    made = sweep(FAM, {"ask": "gaussian", "level": 2}, range(40))
    assert any("/13" in ex.prompt_text or "/17" in ex.prompt_text or "/29" in ex.prompt_text for ex in made)
    assert not any(re.search(r"\d\.\d{5,}", ex.prompt_text + ex.solution[0].say) for ex in made)


def test_y_is_updated_from_the_new_x():
    # regression: the classic slip (y drawn given x₀) is listed, with its feedback, and rejected
    made = sweep(FAM, {"ask": "gaussian", "level": 2}, range(20))
    assert all(any(m.name == "y from the old x" for m in ex.mistakes) for ex in made)


# By hand.
# Standardised, ρ = 1/2, y = 2: X | Y ~ N(1, 3/4).
# μ = (0, 0), variances (1, 1), ρ = 3/5 (√(1 − ρ²) = 4/5), start (0, 1), z = (1/2, −1):
#   x₁ = 3/5 + 4/5·1/2 = 1, y₁ = 3/5·1 − 4/5 = −1/5. With variances (4, 1): x₁ = 3/5·2·1 + 2·4/5·1/2 = 2,
#   y₁ = 3/5·(1/2)·2 − 4/5 = −1/5.
# Weights [[1, 3, 0], [1, 1, 2]], start (1, 1): p(x | y = 1) = (1/2, 1/2), u₁ = 0.7 ⇒ x₁ = 2;
#   p(y | x = 2) = (1/4, 1/4, 1/2), u₂ = 0.3 ⇒ y₁ = 2; K = 1/2·1/4 = 1/8.
G2 = {"ask": "gaussian", "level": 2, "mu": [0, 0], "rho": "3/5", "start": [0, 1], "z": ["1/2", "-1"]}


@pytest.mark.parametrize("given, answer, wrong", [
    ({"ask": "gaussian", "level": 1, "rho": "1/2", "y": "2"}, (R(1), R(3, 4)), (R(1), R(1, 2))),
    ({**G2, "var": [1, 1]}, (R(1), R(-1, 5)), (R(1), R(-1, 5) - R(3, 5))),
    ({**G2, "var": [4, 1]}, (R(2), R(-1, 5)), (R(7, 5), R(-1, 5))),
    ({"ask": "discrete", "level": 1, "weights": [[1, 3, 0], [1, 1, 2]], "start": [1, 1], "u": ["7/10", "3/10"]},
     (2, 2, R(1, 8)), (2, 1, R(1, 8))),
])
def test_golden_cases_and_a_wrong_answer_rejected(given, answer, wrong):
    FAM.verify(given, answer)
    with pytest.raises(VerificationError):
        FAM.verify(given, wrong)


def test_same_seed_same_exercise():
    assert deterministic(FAM, {"ask": "discrete", "level": 2})
