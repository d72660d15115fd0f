"""linear_autoencoder: a linear autoencoder's best error is the discarded PCA variance."""

from __future__ import annotations

import pytest
import sympy as sp

from conftest import family
from family_sweep import deterministic, sweep
from osmose.family import VerificationError

FAM = family("linear_autoencoder")


@pytest.mark.parametrize("level", (1, 2))
def test_many_seeds_verify_and_stay_well_formed(level):
    made = sweep(FAM, {"level": level}, range(60))
    assert len({ex.prompt_text for ex in made}) >= 50
    for ex in made:  # never more than the smaller variance along an axis
        cov = sp.Matrix(ex.given["cov"]).applyfunc(sp.Rational)
        assert 0 < ex.answer <= min(cov[0, 0], cov[1, 1])


# By hand: Σ = [[2, 1], [1, 2]] has eigenvalues 3 and 1 (directions (1, 1) and (1, −1)): error 1.
# Points (2, 2), (−2, −2), (1, −1), (−1, 1): XᵀX/4 gives Σ = [[5/2, 3/2], [3/2, 5/2]], eigenvalues 4 and 1: error 1 (the spread along (1, −1)).
@pytest.mark.parametrize("given, answer, wrong", [
    ({"level": 1, "cov": [["2", "1"], ["1", "2"]]}, sp.Integer(1), sp.Integer(2)),
    ({"level": 2, "cov": [["5/2", "3/2"], ["3/2", "5/2"]], "data": [[2, 2], [-2, -2], [1, -1], [-1, 1]]},
     sp.Integer(1), sp.Rational(5, 2)),
])
def test_golden_cases_and_a_wrong_answer_rejected(given, answer, wrong):
    FAM.verify(given, answer)
    with pytest.raises(VerificationError):
        FAM.verify(given, wrong)


def test_same_seed_same_exercise():
    assert deterministic(FAM, {"level": 2})
