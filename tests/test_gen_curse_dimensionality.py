"""curse_dimensionality: ball shells, inscribed balls, grids that outgrow data."""

from __future__ import annotations

import pytest
import sympy as sp

from conftest import family
from family_sweep import deterministic, sweep
from osmose.family import VerificationError

FAM = family("curse_dimensionality")
R = sp.Rational


@pytest.mark.parametrize("task, level, floor", [
    ("shell", 1, 55), ("shell", 2, 45), ("grid", 1, 50), ("grid", 2, 50), ("ball", 1, 3), ("ball", 2, 8)])
def test_many_seeds_verify_and_stay_well_formed(task, level, floor):
    made = sweep(FAM, {"task": task, "level": level}, range(60))
    assert len({ex.prompt_text for ex in made}) >= floor


# By hand: a shell of relative thickness 1/2 in d = 3 holds 1 − 1/8 = 7/8; 90 % needs
# (1/2)^d ≤ 1/10, so d = 4 (1/16) and not 3 (1/8). The unit disc fills π/4 of [−1, 1]²; the
# unit ball π(4/3)/8 = π/6 of [−1, 1]³. 2³⁰ = 1 073 741 824 cells; 1000 points on a grid of 10
# bins per axis overflow at d = 4 (10⁴ > 1000 ≥ 10³).
@pytest.mark.parametrize("given, answer, wrong", [
    ({"task": "shell", "level": 1, "d": 3, "eps": "1/2"}, R(7, 8), R(1, 2)),
    ({"task": "shell", "level": 2, "eps": "1/2", "share": "9/10"}, sp.Integer(4), sp.Integer(3)),
    ({"task": "ball", "d": 2}, sp.pi / 4, sp.pi),
    ({"task": "ball", "d": 3}, sp.pi / 6, 4 * sp.pi / 3),
    ({"task": "grid", "level": 1, "k": 2, "d": 30}, sp.Integer(1073741824), sp.Integer(60)),
    ({"task": "grid", "level": 2, "k": 10, "n": 1000}, sp.Integer(4), sp.Integer(3)),
])
def test_golden_cases_and_a_wrong_answer_rejected(given, answer, wrong):
    FAM.verify(given, answer)
    with pytest.raises(VerificationError):
        FAM.verify(given, wrong)


def test_counts_are_whole_numbers_and_shells_decimals():
    assert sweep(FAM, {"task": "grid", "level": 2}, range(1))[0].checking.precision == "integer"
    assert sweep(FAM, {"task": "shell", "level": 1}, range(1))[0].checking.precision == "decimal"


def test_same_seed_same_exercise():
    assert deterministic(FAM, {"task": "shell", "level": 2})
