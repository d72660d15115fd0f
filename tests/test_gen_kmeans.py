"""kmeans: assignment and update steps, the objective before and after, convergence."""

from __future__ import annotations

import collections

import pytest
import sympy as sp

from conftest import family
from family_sweep import deterministic, find_seed, sweep
from osmose.exercises import make_exercise
from osmose.family import VerificationError

FAM = family("kmeans")
R = sp.Rational


@pytest.mark.parametrize("level", (1, 2, 3))
def test_many_seeds_verify_and_stay_well_formed(level):
    made = sweep(FAM, {"level": level}, range(60))
    assert len({ex.prompt_text for ex in made}) >= 58
    if level == 2:   # the update step never raises J
        assert all(ex.answer[1] < ex.answer[0] for ex in made)


# By hand.
#   Points (0,0), (0,2), (6,0), (8,0); centroids (1,1), (7,1): squared distances 2 vs 50, 2 vs 50,
#   26 vs 2, 50 vs 2, so C₁ = {x₁, x₂}, C₂ = {x₃, x₄}; new centroids (0, 1) and (7, 0).
#   Add (4, 10) and a third centroid (4, 8): it goes to μ₃ (4 vs 90 vs 90); J before = 2+2+2+2+4 = 12,
#   after the update (μ₃ = (4, 10)) J = 1+1+1+1+0 = 4.
#   Points (0,0), (1,0), (10,0), (11,0) from μ₁ = x₁, μ₂ = x₂: step 1 gives {x₁} | {x₂, x₃, x₄}, μ₂ = 22/3;
#   step 2 moves x₂ (1 vs (19/3)²): {x₁, x₂} | {x₃, x₄}, centroids 1/2 and 21/2; step 3 changes nothing.
#   3 steps, J = 4·(1/2)² = 1.
PTS = [[0, 0], [0, 2], [6, 0], [8, 0]]


@pytest.mark.parametrize("given, answer, wrong", [
    ({"level": 1, "points": PTS, "centroids": [[1, 1], [7, 1]]}, sp.Matrix([[0, 1], [7, 0]]),
     sp.Matrix([[0, 2], [14, 0]])),
    ({"level": 2, "points": PTS + [[4, 10]], "centroids": [[1, 1], [7, 1], [4, 8]]}, (sp.Integer(12), sp.Integer(4)),
     (sp.Integer(4), sp.Integer(12))),
    ({"level": 3, "points": [[0, 0], [1, 0], [10, 0], [11, 0]], "start": [1, 2]}, (sp.Integer(3), sp.Integer(1)),
     (sp.Integer(2), sp.Integer(1))),
])
def test_golden_cases_and_a_wrong_answer_rejected(given, answer, wrong):
    FAM.verify(given, answer)
    with pytest.raises(VerificationError):
        FAM.verify(given, wrong)


def test_step_counts_are_balanced():
    counts = collections.Counter(int(make_exercise(FAM, {"level": 3}, seed).answer[0]) for seed in range(90))
    assert set(counts) == {2, 3, 4} and min(counts.values()) >= 20


def test_the_centroid_is_a_mean_not_the_sum():
    ex = find_seed(FAM, {"level": 1}, lambda g: True)
    slip = next(m for m in ex.mistakes if m.name == "sum, not mean")
    assert "divide the sums by the cluster sizes" in slip.feedback


def test_same_seed_same_exercise():
    assert deterministic(FAM, {"level": 3})
