"""kernels family: feature maps derived, feature-space distances, validity, kernel ridge."""

import pytest
import sympy as sp

from conftest import family
from family_sweep import module, sweep
from osmose.exercises import make_exercise
from osmose.family import VerificationError

FAM = family("kernels")
MOD = module(FAM)
r2 = sp.sqrt(2)


@pytest.mark.parametrize("params", FAM.variants(), ids=lambda p: ",".join(f"{k}={v}" for k, v in p.items()))
def test_sweep_and_variety(params):
    made = sweep(FAM, params, range(150))
    assert len({ex.prompt_text for ex in made}) >= 90   # the variety floor (60 % of the seeds)
    for ex in made:   # indices count from 1 (issue 10: x₀, x₁ in kernels only)
        assert "x₀" not in ex.prompt_text and "x_0" not in ex.prompt_tex, ex.id
    if params["ask"] == "valid" and params["level"] < 3:
        share = sum(ex.answer == "valid" for ex in made) / len(made)
        assert 0.35 < share < 0.65


def test_golden_feature_coefficients():
    # (x·y)² = x₁²y₁² + 2x₁x₂y₁y₂ + x₂²y₂²: features (x₁², √2 x₁x₂, x₂²)
    assert MOD.feature_coefficients(2, 2, 0) == [1, r2, 1]
    # (x·y + 1)² = (x·y)² + 2x·y + 1: (x₁², √2x₁x₂, x₂², √2x₁, √2x₂, 1)
    assert MOD.feature_coefficients(2, 2, 1) == [1, r2, 1, r2, r2, 1]
    # (x·y)³ in R²: weights 1, 3, 3, 1 (binomial)
    assert MOD.feature_coefficients(2, 3, 0) == [1, sp.sqrt(3), sp.sqrt(3), 1]


def test_golden_features_via_verify():
    # x = (1, 2) for (x·y)²: (1, 2√2, 4), and ‖φ‖² = 1 + 8 + 16 = 25 = (1 + 4)²
    given = {"ask": "features", "c": "0", "degree": 2, "n": 2, "x": [1, 2], "monomials": [[2, 0], [1, 1], [0, 2]]}
    FAM.verify(given, (sp.Integer(1), 2 * r2, sp.Integer(4)))
    with pytest.raises(VerificationError):   # the weight 2 instead of its square root
        FAM.verify(given, (sp.Integer(1), sp.Integer(4), sp.Integer(4)))


def test_golden_distances():
    # (x·y + 1)², x = (1, 0), y = (0, 1): k(x,x) = 4, k(x,y) = 1, k(y,y) = 4 → 4 − 2 + 4 = 6
    FAM.verify({"ask": "distance", "kernel": "poly", "c": "1", "x": [1, 0], "y": [0, 1], "squared": True},
               sp.Integer(6))
    # RBF σ = 1, x = (0, 0), y = (1, 1): ‖x − y‖² = 2, k = e^{−1} → √(2 − 2/e)
    given = {"ask": "distance", "kernel": "rbf", "sigma": "1", "x": [0, 0], "y": [1, 1], "squared": False}
    FAM.verify(given, sp.sqrt(2 - 2 * sp.exp(-1)))
    with pytest.raises(VerificationError):
        FAM.verify(given, 2 - 2 * sp.exp(-1))   # the squared distance
    # (x·y)², points (1, 0), (0, 1), (1, 1), q = (1, 0): k(q,q) = 1, Σ k(q, xᵢ) = 1 + 0 + 1 = 2,
    # Σ K = 1 + 0 + 1 + 0 + 1 + 1 + 1 + 1 + 4 = 10 → 1 − 4/3 + 10/9 = 7/9
    FAM.verify({"ask": "mean_distance", "kernel": "poly", "c": "0", "points": [[1, 0], [0, 1], [1, 1]],
                "q": [1, 0]}, sp.Rational(7, 9))


def test_golden_validity():
    where = "xy = x.y, d2 = |x - y|^2"
    FAM.verify({"ask": "valid", "k": "(xy + 1)**2", "where": where}, "valid")
    with pytest.raises(VerificationError):
        FAM.verify({"ask": "valid", "k": "(xy + 1)**2", "where": where}, "not valid")
    FAM.verify({"ask": "valid", "k": "1*xy - 1", "where": where}, "not valid")   # k(0, 0) = −1
    FAM.verify({"ask": "valid", "k": "1*d2 + 1", "where": where}, "not valid")   # [[1, 1 + d²], …]
    # ‖x − y‖² at (0, 0), (1, 0): K = [[0, 1], [1, 0]], eigenvalues ±1
    FAM.verify({"ask": "gram_eigen", "k": "d2", "points": [[0, 0], [1, 0]], "where": where}, sp.Integer(-1))


def test_golden_kernel_ridge():
    # k = x x′ + 1, x = (0, 1), y = (1, 2), λ = 1: K + I = [[2, 1], [1, 3]], α = (1/5)(3·1 − 2, −1 + 2·2)
    # = (1/5, 3/5); at x* = 2: k* = (1, 3), f = 1/5 + 9/5 = 2
    given = {"ask": "ridge", "k": "x*xp + 1", "x": [0, 1], "y": [1, 2], "lambda": "1", "x_star": 2}
    FAM.verify(given, sp.Integer(2))
    with pytest.raises(VerificationError):   # α = y: 1·1 + 3·2 = 7
        FAM.verify(given, sp.Integer(7))


def test_features_are_derived_not_handed():
    # issue 10: the prompt handed φ(x) = (x₀², …, √(2c)x₀, …); now it names monomials only
    for level in (1, 2, 3):
        ex = make_exercise(FAM, {"ask": "features", "level": level}, 3)
        assert "√" not in ex.prompt_text and "sqrt" not in ex.prompt_tex, ex.id
        assert "Find the coefficients" in ex.prompt_text


def test_every_given_key_is_in_the_prompt():
    # issue 10: kernels' given held a y the prompt never mentioned
    ex = make_exercise(FAM, {"ask": "ridge", "level": 2}, 1)
    for x, y in zip(ex.given["x"], ex.given["y"]):
        assert f"= ({x}, {y})" in ex.prompt_text
    assert f"λ = {ex.given['lambda']}" in ex.prompt_text and f"f({ex.given['x_star']})" in ex.prompt_text


def test_levels_get_harder():
    assert sorted(FAM.levels) == [1, 2, 3]
    # features: 3, 6, then 4 or 6 monomials of higher degree; ridge: 2, 2, 3 training points
    sizes = [len(make_exercise(FAM, {"ask": "features", "level": lv}, 0).answer) for lv in (1, 2)]
    assert sizes == [3, 6]
    assert len(make_exercise(FAM, {"ask": "ridge", "level": 3}, 0).given["x"]) == 3


def test_deterministic():
    for params in FAM.variants():
        assert make_exercise(FAM, params, 5).to_json() == make_exercise(FAM, params, 5).to_json()
