"""pca family: principal direction, explained-variance ratio and ZCA whitening of a 2×2 covariance."""

import pytest
import sympy as sp

from conftest import family
from family_sweep import find_seed, sweep
from osmose.exercises import make_exercise
from osmose.family import VerificationError

FAM = family("pca")
C54 = [[5, 4], [4, 5]]  # eigenvalues 9 and 1 (trace 10, det 9), directions (1, 1) and (1, −1)
C43 = [[4, 3], [3, 4]]  # eigenvalues 7 and 1 (trace 8, det 7)


def _c54(given):
    return given["C"] == C54


def test_golden_direction():
    ex = find_seed(FAM, {"ask": "direction", "level": 1}, lambda g: g["C"] == [[10, 12], [12, 17]])
    # trace 27, det 170 − 144 = 26 → λ² − 27λ + 26 = 0 → λ = 26, 1
    # (C − 26I)u = 0 → −16u₀ + 12u₁ = 0 → u ∝ (3, 4), length 5 → (3/5, 4/5)
    assert ex.answer == sp.Matrix([sp.Rational(3, 5), sp.Rational(4, 5)])


def test_level_1_direction_needs_the_computation():
    # equal diagonal entries would make u₁ = (1, ±1)/√2 readable from the off-diagonal sign
    made = [make_exercise(FAM, {"ask": "direction", "level": 1}, s) for s in range(200)]
    assert all(ex.given["C"][0][0] != ex.given["C"][1][1] for ex in made)
    assert len({ex.prompt_text for ex in made}) >= 80
    assert len({tuple(ex.answer) for ex in made}) == 4   # (3, ±4)/5 and (4, ±3)/5


def test_golden_direction_level_2():
    ex = find_seed(FAM, {"ask": "direction", "level": 2}, lambda g: g["C"] == [[2, 2], [2, 5]])
    # trace 7, det 6 → λ = 6, 1; (C − 6I)u = 0 → −4u₀ + 2u₁ = 0 → u ∝ (1, 2) → (1/√5, 2/√5)
    assert ex.answer == sp.Matrix([1, 2]) / sp.sqrt(5)


def test_golden_ratio():
    ex = find_seed(FAM, {"ask": "ratio", "level": 1}, lambda g: g["C"] == C43)
    assert ex.answer == sp.Rational(7, 8)  # 7 / (7 + 1)


def test_golden_whitening():
    ex = find_seed(FAM, {"ask": "whitening", "level": 1}, _c54)
    # C^(−1/2) = ⅓·uuᵀ + 1·vvᵀ with uuᵀ = ½[[1,1],[1,1]], vvᵀ = ½[[1,−1],[−1,1]]
    #          = [[(⅓+1)/2, (⅓−1)/2], [(⅓−1)/2, (⅓+1)/2]] = [[2/3, −1/3], [−1/3, 2/3]]
    W = sp.Matrix([[sp.Rational(2, 3), sp.Rational(-1, 3)], [sp.Rational(-1, 3), sp.Rational(2, 3)]])
    assert ex.answer == W
    assert W * sp.Matrix(C54) * W.T == sp.eye(2)


def test_verify_rejects_unnormalized_and_wrong_sign():
    given = {"ask": "direction", "C": C54}
    with pytest.raises(VerificationError):
        FAM.verify(given, sp.Matrix([1, 1]))
    with pytest.raises(VerificationError):
        FAM.verify(given, -sp.Matrix([1, 1]) / sp.sqrt(2))  # convention: first component positive


def test_covariances_are_integer_and_positive_definite():
    for params in FAM.variants():
        for seed in range(20):
            C = sp.Matrix(make_exercise(FAM, params, seed).given["C"])
            assert C.is_symmetric() and C[0, 0] > 0 and C.det() > 0


def test_deterministic():
    for params in FAM.variants():
        assert make_exercise(FAM, params, 3).to_json() == make_exercise(FAM, params, 3).to_json()


@pytest.mark.slow
@pytest.mark.parametrize("params", FAM.variants(), ids=lambda p: ",".join(f"{k}={v}" for k, v in p.items()))
def test_sweep_500_seeds(params):
    sweep(FAM, params, range(500))
