"""random_variables: E and Var of g(X), total expectation/variance, continuous moments."""

from __future__ import annotations

import pytest
import sympy as sp

from conftest import family
from family_sweep import deterministic, sweep
from osmose.family import VerificationError

FAM = family("random_variables")
R = sp.Rational


@pytest.mark.parametrize("level", (1, 2, 3))
def test_many_seeds_verify_and_stay_well_formed(level):
    made = sweep(FAM, {"level": level}, range(60))
    assert len({ex.prompt_text for ex in made}) >= 50
    assert all(ex.answer[1] > 0 for ex in made)


# By hand. X ∈ {0, 1, 2} w.p. (1/4, 1/2, 1/4), Y = X²: E[Y] = 1/2 + 1 = 3/2, E[Y²] = 1/2 + 4 = 9/2,
#   Var(Y) = 9/2 − 9/4 = 9/4.
# N ∈ {1, 3} w.p. ½ each, p = ½: E[N] = 2, Var(N) = 1, E[X] = 1, Var(X) = 2·¼ + ¼·1 = 3/4.
# Density 2x on [0, 1]: E[X] = 2/3, E[X²] = 1/2, Var(X) = 1/2 − 4/9 = 1/18.
@pytest.mark.parametrize("given, answer, wrong", [
    ({"level": 1, "values": [0, 1, 2], "probs": ["1/4", "1/2", "1/4"], "g": "square"}, (R(3, 2), R(9, 4)),
     (R(3, 2), R(9, 2))),
    ({"level": 2, "n_values": [1, 3], "n_probs": ["1/2", "1/2"], "p": "1/2"}, (sp.Integer(1), R(3, 4)),
     (sp.Integer(1), R(1, 2))),
    ({"level": 3, "start": 0, "width": "1", "k": 1, "rising": True}, (R(2, 3), R(1, 18)), (R(1, 2), R(1, 18))),
])
def test_golden_cases_and_a_wrong_answer_rejected(given, answer, wrong):
    FAM.verify(given, answer)
    with pytest.raises(VerificationError):
        FAM.verify(given, wrong)


def test_same_seed_same_exercise():
    assert deterministic(FAM, {"level": 3})
