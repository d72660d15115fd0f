"""gradnorm_uncertainty: a GradNorm step and Kendall et al.'s optimal σ, by hand."""

from __future__ import annotations

import pytest
import sympy as sp

from conftest import family
from family_sweep import deterministic, sweep
from osmose.concepts import prose_problem, tex_problem
from osmose.family import VerificationError

FAM = family("gradnorm_uncertainty")
R = sp.Rational


@pytest.mark.parametrize("task", ("gradnorm", "kendall"))
@pytest.mark.parametrize("level", (1, 2))
def test_many_seeds_verify_and_stay_well_formed(level, task):
    made = sweep(FAM, {"level": level, "task": task}, seeds=range(150))
    for ex in made:
        assert prose_problem(ex.prompt_tex) is None, ex.id
        assert all(tex_problem(s.tex) is None for s in ex.solution), ex.id
        if task == "gradnorm":
            assert abs(sum(float(v) for v in ex.answer) - len(ex.answer)) < 1e-4   # renormalised


def test_golden_gradnorm():
    # w = (1, 1), g = (2, 1): G = (2, 1), Ḡ = 3/2; L̃ = (1/2, 1/2) → r = (1, 1), targets (3/2, 3/2), α = 1.
    # Task 1 above target → w₁ − η·2, task 2 below → w₂ + η·1; η = 1/10: (0.8, 1.1), sum 1.9 → ×2/1.9
    given = {"task": "gradnorm", "w": ["1", "1"], "g": ["2", "1"], "lt": ["1/2", "1/2"], "alpha": "1", "eta": "1/10"}
    FAM.verify(given, (R(16, 19), R(22, 19)))
    with pytest.raises(VerificationError):
        FAM.verify(given, (R(4, 5), R(11, 10)))          # not renormalised


def test_golden_kendall():
    FAM.verify({"task": "kendall", "L": ["4", "9"]}, (2, 3))
    with pytest.raises(VerificationError):
        FAM.verify({"task": "kendall", "L": ["4", "9"]}, (4, 9))
    FAM.verify({"task": "kendall", "Lr": "3", "Lc": "5"}, (3, 10))


def test_same_seed_same_exercise():
    for task in ("gradnorm", "kendall"):
        assert deterministic(FAM, {"level": 2, "task": task})
