"""kinematics: a planar two-link arm's positions, Jacobian and velocities, by hand."""

from __future__ import annotations

import pytest
import sympy as sp

from conftest import family
from family_sweep import deterministic, sweep
from osmose.concepts import prose_problem, tex_problem
from osmose.family import VerificationError

FAM = family("kinematics")
PI = sp.pi


@pytest.mark.parametrize("task", ("position", "jacobian"))
@pytest.mark.parametrize("level", (1, 2))
def test_many_seeds_verify_and_stay_well_formed(level, task):
    made = sweep(FAM, {"level": level, "task": task}, seeds=range(150))
    for ex in made:
        assert prose_problem(ex.prompt_tex) is None, ex.id
        assert all(tex_problem(s.tex) is None for s in ex.solution), ex.id
    if task == "jacobian" and level == 2:     # singular configurations are drawn and explained
        assert any("singular configuration" in s.say for ex in made for s in ex.solution)


def test_golden_position():
    # l₁ = 2, l₂ = 1, q₁ = π/2, q₂ = −π/2: link 1 straight up, link 2 along +x → (1, 2)
    FAM.verify({"task": "position", "l1": 2, "l2": 1, "q1": "1/2", "q2": "-1/2"}, (1, 2))
    with pytest.raises(VerificationError):
        FAM.verify({"task": "position", "l1": 2, "l2": 1, "q1": "1/2", "q2": "-1/2"}, (0, 1))
    # inverse: reach (2, 1) with l₁ = 2, l₂ = 1: |target|² = 5 = 4 + 1 + 4cos q₂ → q₂ = π/2
    FAM.verify({"task": "position", "l1": 2, "l2": 1, "x": "2", "y": "1"}, PI / 2)


def test_golden_jacobian_and_singularity():
    # q = (0, π/2), l₁ = l₂ = 1: J = [[−1, −1], [1, 0]]
    FAM.verify({"task": "jacobian", "l1": 1, "l2": 1, "q1": "0", "q2": "1/2"}, sp.ImmutableMatrix([[-1, -1], [1, 0]]))
    with pytest.raises(VerificationError):
        FAM.verify({"task": "jacobian", "l1": 1, "l2": 1, "q1": "0", "q2": "1/2"}, sp.ImmutableMatrix([[-1, 1], [-1, 0]]))
    # stretched arm along x (q = (0, 0)): J = [[0, 0], [2, 1]], so q̇ = (1, 1) gives (0, 3) — vertical only
    FAM.verify({"task": "jacobian", "l1": 1, "l2": 1, "q1": "0", "q2": "0", "qd": [1, 1]}, (0, 3))


def test_same_seed_same_exercise():
    for task in ("position", "jacobian"):
        assert deterministic(FAM, {"level": 2, "task": task})
