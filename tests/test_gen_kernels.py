"""kernels family: polynomial kernel = φ(x)·φ(y), RBF values, Gram matrices."""

import pytest
import sympy as sp

from conftest import family
from family_sweep import module, sweep
from osmose.exercises import make_exercise
from osmose.family import VerificationError

FAM = family("kernels")
MOD = module(FAM)
r2 = sp.sqrt(2)


def test_golden_feature_map_reproduces_kernel():
    # x = (1, 2), y = (3, −1), c = 1: x·y = 3 − 2 = 1, k = (1 + 1)² = 4.
    x, y = (1, 2), (3, -1)
    assert MOD.feature_map(x, 1) == (1, 2, 2, 4, r2, 2 * r2, 1)
    assert MOD.feature_map(y, 1) == (9, -3, -3, 1, 3 * r2, -r2, 1)
    # φ(x)·φ(y) = 9 − 6 − 6 + 4 + 6 − 4 + 1 = 4
    assert sp.expand(sum(a * b for a, b in zip(MOD.feature_map(x, 1), MOD.feature_map(y, 1)))) == 4
    assert MOD.poly_kernel(x, y, 1) == 4


def test_golden_rbf():
    # ‖(1, 2) − (3, −1)‖² = 4 + 9 = 13; σ = 1 → exp(−13/2); σ = 2 → exp(−13/8)
    assert MOD.rbf_kernel((1, 2), (3, -1), 1) == sp.exp(sp.Rational(-13, 2))
    assert MOD.rbf_kernel((1, 2), (3, -1), 2) == sp.exp(sp.Rational(-13, 8))


def test_golden_gram_via_verify():
    # points (1, 0), (0, 1), c = 1: diagonal (1 + 1)² = 4, off-diagonal (0 + 1)² = 1
    given = {"ask": "gram", "points": [[1, 0], [0, 1]], "c": "1"}
    assert FAM.verify(given, sp.Matrix([[4, 1], [1, 4]])).max_error < 1e-12
    with pytest.raises(VerificationError):
        FAM.verify(given, sp.Matrix([[1, 0], [0, 1]]))  # the linear kernel


def test_features_with_half_offset():
    # c = 1/2: √(2c) = 1, so the linear features are x itself and the constant is 1/2
    assert MOD.feature_map((2, -1), sp.Rational(1, 2)) == (4, -2, -2, 1, 2, -1, sp.Rational(1, 2))


def test_deterministic():
    for params in FAM.variants():
        assert make_exercise(FAM, params, 5).to_json() == make_exercise(FAM, params, 5).to_json()


@pytest.mark.slow
@pytest.mark.parametrize("params", FAM.variants(), ids=lambda p: ",".join(f"{k}={v}" for k, v in p.items()))
def test_sweep_500_seeds(params):
    sweep(FAM, params, range(500))


def test_features_level_2_gives_a_class_of_200_distinct_points():
    made = [make_exercise(FAM, {"ask": "features", "level": 2}, s) for s in range(200)]
    assert len({ex.prompt_text for ex in made}) >= 150
    # √(2c) stays 1, √2, 2, 3 or 4: features are integers or integers times √2
    for ex in made:
        assert all((sp.sympify(v) / r2).is_integer or sp.sympify(v).is_Rational for v in ex.answer), ex.id
