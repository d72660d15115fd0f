"""probability_rules: inclusion–exclusion, conditioning, total probability, independence."""

from __future__ import annotations

from collections import Counter

import pytest
import sympy as sp

from conftest import family
from family_sweep import deterministic, sweep
from osmose.family import VerificationError

FAM = family("probability_rules")
R = sp.Rational


@pytest.mark.parametrize("task", ("union", "conditional", "total", "independence"))
@pytest.mark.parametrize("level", (1, 2))
def test_many_seeds_verify_and_stay_well_formed(task, level):
    made = sweep(FAM, {"task": task, "level": level}, range(60))
    assert len({ex.prompt_text for ex in made}) >= 55


def test_the_three_verdicts_are_balanced():
    made = sweep(FAM, {"task": "independence", "level": 2}, range(300), json_every=50)
    counts = Counter(ex.answer for ex in made)
    assert set(counts) == {"independent", "mutually exclusive", "neither"}
    assert min(counts.values()) >= 70          # none is a rare, guessable outlier


# By hand: 1/2 + 1/3 − 1/6 = 2/3; P(A ∩ B) = (1/2)(1/2) = 1/4 so 1/2 + 1/2 − 1/4 = 3/4;
# 10 of 40 smokers; 10 smokers among 20 with asthma; (1/10 + 3/10)/2 = 1/5.
@pytest.mark.parametrize("given, answer, wrong", [
    ({"task": "union", "P(A)": "1/2", "P(B)": "1/3", "P(A and B)": "1/6"}, R(2, 3), R(5, 6)),
    ({"task": "union", "P(A)": "1/2", "P(B)": "1/2", "P(A given B)": "1/2"}, R(3, 4), R(1, 2)),
    ({"task": "conditional", "rows": ["smoker", "non-smoker"], "columns": ["asthma", "no asthma"],
      "counts": [[10, 30], [20, 40]], "event": "asthma"}, R(1, 4), R(1, 10)),
    ({"task": "conditional", "rows": ["smoker", "non-smoker"],
      "columns": ["mild asthma", "severe asthma", "no asthma"],
      "counts": [[5, 5, 10], [10, 0, 20]], "event": "mild or severe asthma"}, R(1, 2), R(1, 5)),
    ({"task": "total", "shares": ["1/2", "1/2"], "rates": ["1/10", "3/10"]}, R(1, 5), R(2, 5)),
    ({"task": "independence", "P(A)": "1/2", "P(B)": "1/2", "P(A and B)": "1/4"}, "independent", "neither"),
    ({"task": "independence", "P(A)": "1/2", "P(B)": "1/4", "P(A or B)": "3/4"}, "mutually exclusive",
     "independent"),
    ({"task": "independence", "P(A)": "1/2", "P(B)": "1/2", "P(A and B)": "1/8"}, "neither", "independent"),
])
def test_golden_cases_and_a_wrong_answer_rejected(given, answer, wrong):
    FAM.verify(given, answer)
    with pytest.raises(VerificationError):
        FAM.verify(given, wrong)


def test_inconsistent_data_is_caught():
    with pytest.raises(VerificationError, match="inconsistent"):
        FAM.verify({"task": "union", "P(A)": "1/2", "P(B)": "1/2", "P(A and B)": "3/4"}, R(1, 4))


def test_same_seed_same_exercise():
    assert deterministic(FAM, {"task": "conditional", "level": 2})
