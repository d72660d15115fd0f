"""svd: singular values, Eckart–Young, condition number, Weyl — against hand computations."""

from __future__ import annotations

import pytest
import sympy as sp

from conftest import family
from family_sweep import deterministic, sweep
from osmose.concepts import prose_problem, tex_problem
from osmose.family import VerificationError

FAM = family("svd")
R = sp.Rational
s5 = sp.sqrt(5)


@pytest.mark.parametrize("task", ("values", "lowrank", "condition", "weyl"))
@pytest.mark.parametrize("level", (1, 2))
def test_many_seeds_verify_and_stay_well_formed(level, task):
    made = sweep(FAM, {"level": level, "task": task}, seeds=range(120))
    for ex in made:
        assert prose_problem(ex.prompt_tex) is None, ex.id
        assert all(tex_problem(s.tex) is None for s in ex.solution), ex.id
    if task == "lowrank" and level == 2:      # the answer k is not always the same
        assert len({ex.answer for ex in made}) >= 4


def test_pool_matrices_have_the_stated_gram_eigenvalues():
    import sys
    gen = sys.modules[FAM.generate.__module__]
    for a, b, c, d, l1, l2 in gen.square_pool():
        # trace and determinant of AᵀA: λ₁ + λ₂ = ‖A‖²_F, λ₁λ₂ = det(A)²
        assert l1 + l2 == a * a + b * b + c * c + d * d and l1 * l2 == (a * d - b * c) ** 2


def test_golden_singular_values_and_condition():
    # A = [[3, 0], [4, 5]]: AᵀA = [[25, 20], [20, 25]], eigenvalues 45 and 5 → σ = 3√5, √5; κ = 3
    A = [[3, 0], [4, 5]]
    FAM.verify({"task": "values", "A": A}, (3 * s5, s5))
    with pytest.raises(VerificationError):
        FAM.verify({"task": "values", "A": A}, (sp.Integer(5), sp.Integer(3)))   # |eigenvalues of A|
    FAM.verify({"task": "condition", "A": A}, 3)
    FAM.verify({"task": "condition", "A": A, "rho": "1/100"}, R(3, 100))
    with pytest.raises(VerificationError):
        FAM.verify({"task": "condition", "A": A}, 9)                               # κ²


def test_golden_eckart_young():
    # σ = 5, 4, 3, 2, 1 (shuffled), k = 2: spectral error σ₃ = 3, Frobenius √(9 + 4 + 1) = √14
    base = {"task": "lowrank", "sigma": [3, 1, 5, 2, 4], "k": 2}
    FAM.verify({**base, "norm": "2"}, 3)
    FAM.verify({**base, "norm": "F"}, sp.sqrt(14))
    with pytest.raises(VerificationError):
        FAM.verify({**base, "norm": "F"}, 6)
    # σ = 4, 3: rank 1 leaves 3/5 = 0.6 of ‖A‖_F = 5 → τ = 0.7 needs k = 1, τ = 0.5 needs k = 2
    FAM.verify({"task": "lowrank", "sigma": [3, 4], "tau": "7/10"}, 1)
    FAM.verify({"task": "lowrank", "sigma": [3, 4], "tau": "1/2"}, 2)
    with pytest.raises(VerificationError):
        FAM.verify({"task": "lowrank", "sigma": [3, 4], "tau": "1/2"}, 1)


def test_golden_weyl():
    # A = diag(5, 3, 2), E = (1/10)·a bᵀ, a = (1, 2, 2), b = (0, 0, 1): ‖E‖₂ = 0.1·3·1 = 0.3 → σ_min ≥ 1.7
    given = {"task": "weyl", "sigma": [5, 3, 2], "eps": "1/10", "a": [1, 2, 2], "b": [0, 0, 1]}
    FAM.verify(given, R(17, 10))
    with pytest.raises(VerificationError):
        FAM.verify(given, R(23, 10))
    # full E = (1/10)[[3, 0], [4, 5]]: ‖E‖₂ = 0.3√5 → σ_min(diag(6, 4) + E) ≥ 4 − 3√5/10
    FAM.verify({"task": "weyl", "sigma": [6, 4], "eps": "1/10", "E": [[3, 0], [4, 5]]}, 4 - 3 * s5 / 10)


def test_same_seed_same_exercise():
    for task in ("values", "lowrank", "condition", "weyl"):
        assert deterministic(FAM, {"level": 2, "task": task})
