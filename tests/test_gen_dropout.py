"""dropout: inverted scaling, moments, and the ridge identity, against hand values."""

from __future__ import annotations

import pytest
import sympy as sp

from conftest import family
from family_sweep import deterministic, sweep
from osmose.concepts import prose_problem, tex_problem
from osmose.family import VerificationError

FAM = family("dropout")
R = sp.Rational


@pytest.mark.parametrize("task", ("scaling", "ridge"))
@pytest.mark.parametrize("level", (1, 2))
def test_many_seeds_verify_and_stay_well_formed(level, task):
    made = sweep(FAM, {"level": level, "task": task}, seeds=range(150))
    for ex in made:
        assert prose_problem(ex.prompt_tex) is None, ex.id
        assert all(tex_problem(s.tex) is None for s in ex.solution), ex.id


def test_golden_scaling():
    # p = 1/2: kept units doubled
    given = {"task": "scaling", "p": "1/2", "a": [1, -2, 3, 0, 4], "m": [1, 0, 1, 1, 0]}
    FAM.verify(given, (2, 0, 6, 0, 0))
    with pytest.raises(VerificationError):
        FAM.verify(given, (1, 0, 3, 0, 0))
    # s = y₁ + y₂ with a = (1, 2), p = 1/2: E = 3, Var = (1/2)/(1/2)·(1 + 4) = 5
    FAM.verify({"task": "scaling", "p": "1/2", "a": [1, 2]}, (3, 5))
    with pytest.raises(VerificationError):
        FAM.verify({"task": "scaling", "p": "1/2", "a": [1, 2]}, (3, 9))


def test_golden_ridge_identity():
    # one feature X = (1, 1, 1)ᵀ, w = 1, y = (1, 1, 1), p = 1/2: fit 0, penalty (1/2)/(1/2)·1·3 = 3
    FAM.verify({"task": "ridge", "p": "1/2", "X": [[1], [1], [1]], "w": [1], "y": [1, 1, 1]}, 3)
    with pytest.raises(VerificationError):
        FAM.verify({"task": "ridge", "p": "1/2", "X": [[1], [1], [1]], "w": [1], "y": [1, 1, 1]}, 0)


def test_same_seed_same_exercise():
    for task in ("scaling", "ridge"):
        assert deterministic(FAM, {"level": 2, "task": task})
