"""mutual_information: I(X; Y), H(Y | X) and the JSD from small tables, in nats."""

from __future__ import annotations

import math

import pytest
import sympy as sp

from conftest import family
from family_sweep import deterministic, sweep
from osmose.family import VerificationError

FAM = family("mutual_information")
ln = sp.log


@pytest.mark.parametrize("ask", ("mutual_information", "conditional_entropy", "jsd"))
@pytest.mark.parametrize("level", (1, 2))
def test_many_seeds_verify_and_stay_well_formed(ask, level):
    made = sweep(FAM, {"ask": ask, "level": level}, range(60))
    assert len({ex.prompt_text for ex in made}) >= 50
    for ex in made:  # information is never negative, and a JSD is at most ln 2
        assert float(ex.answer) > 0
        if ask == "jsd":
            assert float(ex.answer) <= math.log(2) + 1e-12


# By hand. X = Y a fair bit (table [[1/2, 0], [0, 1/2]]): I = H(X) = ln 2, H(Y | X) = 0 is excluded
# by the family but the verifier must still get I right. Table [[1/4, 1/4], [1/2, 0]]:
# p_X = (1/2, 1/2), H(Y | X = x1) = ln 2, H(Y | X = x2) = 0, so H(Y | X) = ½ ln 2.
# P = (1, 0), Q = (0, 1): M = (½, ½), JSD = ½ ln 2 + ½ ln 2 = ln 2 (disjoint supports).
@pytest.mark.parametrize("given, answer, wrong", [
    ({"ask": "mutual_information", "joint": [["1/2", "0"], ["0", "1/2"]]}, ln(2), 2 * ln(2)),
    ({"ask": "conditional_entropy", "joint": [["1/4", "1/4"], ["1/2", "0"]]}, ln(2) / 2, ln(2)),
    ({"ask": "jsd", "P": ["1", "0"], "Q": ["0", "1"]}, ln(2), 2 * ln(2)),
])
def test_golden_cases_and_a_wrong_answer_rejected(given, answer, wrong):
    FAM.verify(given, answer)
    with pytest.raises(VerificationError):
        FAM.verify(given, wrong)


def test_level_2_tables_have_impossible_cells_and_say_so():
    made = sweep(FAM, {"ask": "conditional_entropy", "level": 2}, range(20))
    assert all(any(v == "0" for row in ex.given["joint"] for v in row) for ex in made)
    assert any("0·ln 0 = 0" in step.say for step in made[0].solution)


def test_same_seed_same_exercise():
    assert deterministic(FAM, {"ask": "jsd", "level": 2})
