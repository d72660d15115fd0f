"""stable_lr: stability along a sharpness trace and for a two-layer linear net, by hand."""

from __future__ import annotations

import pytest
import sympy as sp

from conftest import family
from family_sweep import deterministic, sweep
from osmose.concepts import prose_problem, tex_problem
from osmose.family import VerificationError

FAM = family("stable_lr")
R = sp.Rational


@pytest.mark.parametrize("task", ("spectrum", "two_layer"))
@pytest.mark.parametrize("level", (1, 2))
def test_many_seeds_verify_and_stay_well_formed(level, task):
    made = sweep(FAM, {"level": level, "task": task}, seeds=range(150))
    for ex in made:
        assert prose_problem(ex.prompt_tex) is None, ex.id
        assert all(tex_problem(s.tex) is None for s in ex.solution), ex.id


def test_golden_spectrum():
    FAM.verify({"task": "spectrum", "lams": [3, 5, 8, 7]}, R(1, 4))          # 2/8
    with pytest.raises(VerificationError):
        FAM.verify({"task": "spectrum", "lams": [3, 5, 8, 7]}, R(2, 7))      # the last checkpoint
    # η = 1/4 → 2/η = 8: the first sharpness above 8 is 9 at checkpoint 3
    FAM.verify({"task": "spectrum", "lams": [4, 8, 9, 12], "eta": "1/4"}, 3)


def test_golden_two_layer():
    # minimum a = b = 1, x = 1, y = 1: H = [[1, 1], [1, 1]], λ_max = 2 → η_max = 1
    FAM.verify({"task": "two_layer", "a": 1, "b": 1, "x": 1, "y": 1}, 1)
    # a minimum with a = 2, b = 1, x = 1, y = 2: λ_max = a² + b² = 5 → 2/5
    FAM.verify({"task": "two_layer", "a": 2, "b": 1, "x": 1, "y": 2}, R(2, 5))
    # off the minimum: a = b = 1, x = 1, y = 0: H = [[1, 2], [2, 1]], λ_max = 3 → 2/3
    FAM.verify({"task": "two_layer", "a": 1, "b": 1, "x": 1, "y": 0}, R(2, 3))
    with pytest.raises(VerificationError):
        FAM.verify({"task": "two_layer", "a": 1, "b": 1, "x": 1, "y": 0}, 1)


def test_same_seed_same_exercise():
    for task in ("spectrum", "two_layer"):
        assert deterministic(FAM, {"level": 2, "task": task})
