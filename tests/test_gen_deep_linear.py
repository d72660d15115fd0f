"""deep_linear: one mode's learning curve at depth 1 and 2 (Saxe et al.), by hand."""

from __future__ import annotations

import pytest
import sympy as sp

from conftest import family
from family_sweep import deterministic, sweep
from osmose.concepts import prose_problem, tex_problem
from osmose.family import VerificationError

FAM = family("deep_linear")


@pytest.mark.parametrize("task", ("value", "halftime"))
@pytest.mark.parametrize("level", (1, 2))
def test_many_seeds_verify_and_stay_well_formed(level, task):
    made = sweep(FAM, {"level": level, "task": task}, seeds=range(120))
    for ex in made:
        assert prose_problem(ex.prompt_tex) is None, ex.id
        assert all(tex_problem(s.tex) is None for s in ex.solution), ex.id


def test_golden_halftimes():
    # depth 2, s = 1, τ = 1, u₀ = 1/101: t½ = ½ ln(100) = ln 10
    FAM.verify({"task": "halftime", "s": 1, "tau": 1, "u0": "1/101", "depth": 2}, sp.log(10))
    with pytest.raises(VerificationError):
        FAM.verify({"task": "halftime", "s": 1, "tau": 1, "u0": "1/101", "depth": 2}, sp.log(100))
    # depth 1, s = 2, τ = 3, u₀ = 1/1000: t½ = 3 ln(2(2 − 0.001)/2) = 3 ln(1.999)
    FAM.verify({"task": "halftime", "s": 2, "tau": 3, "u0": "1/1000", "depth": 1}, 3 * sp.log(sp.Rational(1999, 1000)))


def test_golden_values():
    # depth 1, s = 1, τ = 1, u₀ = 0 (approximately): u(ln 2) = 1/2; exactly u = 1 − (1 − u₀)/2
    FAM.verify({"task": "value", "s": 1, "tau": 1, "u0": "1/10", "t": "1", "depth": 1}, 1 - sp.Rational(9, 10) / sp.E)
    # depth 2, s = 1, τ = 1, u₀ = 1/2 is already the midpoint: u(t) = e^(2t)/(e^(2t) + 1)
    FAM.verify({"task": "value", "s": 1, "tau": 1, "u0": "1/2", "t": "1", "depth": 2}, sp.E**2 / (sp.E**2 + 1))


def test_same_seed_same_exercise():
    for task in ("value", "halftime"):
        assert deterministic(FAM, {"level": 2, "task": task})
