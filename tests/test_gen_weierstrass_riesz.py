"""weierstrass_riesz: Bernstein polynomials and Riesz representers, against hand values."""

from __future__ import annotations

import pytest
import sympy as sp

from conftest import family
from family_sweep import deterministic, sweep
from osmose.concepts import prose_problem, tex_problem
from osmose.family import VerificationError

FAM = family("weierstrass_riesz")
R = sp.Rational


@pytest.mark.parametrize("task", ("bernstein", "riesz"))
@pytest.mark.parametrize("level", (1, 2))
def test_many_seeds_verify_and_stay_well_formed(level, task):
    made = sweep(FAM, {"level": level, "task": task}, seeds=range(120))
    for ex in made:
        assert prose_problem(ex.prompt_tex) is None, ex.id
        assert all(tex_problem(s.tex) is None for s in ex.solution), ex.id


def test_golden_bernstein():
    # B₂(x²)(1/2) = x² + x(1 − x)/2 = 1/4 + 1/8 = 3/8
    FAM.verify({"task": "bernstein", "f": "x**2", "n": 2, "x": "1/2"}, R(3, 8))
    with pytest.raises(VerificationError):
        FAM.verify({"task": "bernstein", "f": "x**2", "n": 2, "x": "1/2"}, R(1, 4))
    # |x − 1/2| with n = 2 at 1/2: f(0)/4 + 2·f(1/2)/4 + f(1)/4 = 1/8 + 0 + 1/8 = 1/4; error 1/4 − 0
    FAM.verify({"task": "bernstein", "f": "abs(x - 1/2)", "n": 2, "x": "1/2"}, sp.Float(0.25))


def test_golden_riesz():
    # M = diag(2, 1), ℓ(v) = 4v₁ + v₂: r = (2, 1)
    FAM.verify({"task": "riesz", "M": [[2, 0], [0, 1]], "c": [4, 1]}, (2, 1))
    with pytest.raises(VerificationError):
        FAM.verify({"task": "riesz", "M": [[2, 0], [0, 1]], "c": [4, 1]}, (4, 1))
    # evaluation on quadratics: the reproducing kernel of P₂ on [0, 1] is K(0, t) = 9 − 36t + 30t²
    # (∫₀¹ K = 9 − 18 + 10 = 1, ∫₀¹ tK = 9/2 − 12 + 15/2 = 0, ∫₀¹ t²K = 3 − 9 + 6 = 0) and K(1, t) = 3 − 24t + 30t²
    FAM.verify({"task": "riesz", "t0": "1", "t1": "0", "a": 1, "b": 0}, (3, -24, 30))
    FAM.verify({"task": "riesz", "t0": "0", "t1": "0", "a": 1, "b": 0}, (9, -36, 30))


def test_same_seed_same_exercise():
    for task in ("bernstein", "riesz"):
        assert deterministic(FAM, {"level": 2, "task": task})
