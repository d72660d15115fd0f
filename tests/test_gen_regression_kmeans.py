"""regression_kmeans: least squares, ridge and one k-means step, by hand and over many seeds."""

from __future__ import annotations

from fractions import Fraction as Fr

import pytest
import sympy as sp

from conftest import family
from family_sweep import sweep
from osmose.exercises import make_exercise
from osmose.family import VerificationError

FAM = family("regression_kmeans")
SEEDS = range(100)
R = sp.Rational


@pytest.mark.parametrize("task", ("ols", "ridge", "kmeans"))
def test_many_seeds_verify(task):
    for ex in sweep(FAM, {"task": task}, SEEDS):
        if task == "ols":
            # residuals of the least-squares line are orthogonal to 1 and to x (normal equations)
            w0, w1 = (Fr(str(v)) for v in ex.answer)
            res = [y - w0 - w1 * x for x, y in zip(ex.given["x"], ex.given["y"])]
            assert sum(res) == 0 and sum(r * x for r, x in zip(res, ex.given["x"])) == 0
        if task == "kmeans":
            mu1, mu2, J = ex.answer
            assert mu1 < mu2 and J > 0


def test_golden_line_fit():
    # (0,3), (2,1), (4,−2): x̄ = 2, ȳ = 2/3, Sxx = 8, Sxy = −2·7/3 + 2·(−8/3) = −10
    # w1 = −10/8 = −5/4, w0 = 2/3 + 5/2 = 19/6
    given = {"task": "ols", "x": [0, 2, 4], "y": [3, 1, -2]}
    FAM.verify(given, (R(19, 6), R(-5, 4)))
    with pytest.raises(VerificationError):
        FAM.verify(given, (R(-5, 4), R(19, 6)))


def test_golden_ridge():
    # X = [[0,2],[−2,1],[2,−1]], y = (5,−3,−1), λ = 2: XᵀX = [[8,−4],[−4,6]], Xᵀy = (4, 8)
    # [[10,−4],[−4,8]] w = (4, 8), det 64: w1 = (8·4 + 4·8)/64 = 1, w2 = (10·8 + 4·4)/64 = 3/2
    given = {"task": "ridge", "X": [[0, 2], [-2, 1], [2, -1]], "y": [5, -3, -1], "lambda": 2}
    FAM.verify(given, (R(1), R(3, 2)))
    with pytest.raises(VerificationError):
        FAM.verify(given, (R(7, 4), R(5, 2)))      # ordinary least squares, penalty forgotten


def test_golden_kmeans_step():
    # points 1,3,4,5,9,10; centroids 8, 11: 9 is nearer 8 (1 < 2), 10 nearer 11 (1 < 2)
    # C1 = {1,3,4,5,9} → 22/5, C2 = {10} → 10
    # J = 3.4² + 1.4² + 0.4² + 0.6² + 4.6² = 11.56 + 1.96 + 0.16 + 0.36 + 21.16 = 35.2 = 176/5
    given = {"task": "kmeans", "points": [1, 3, 4, 5, 9, 10], "centroids": [8, 11]}
    FAM.verify(given, (R(22, 5), R(10), R(176, 5)))
    with pytest.raises(VerificationError):
        FAM.verify(given, (R(22, 5), R(10), R(101)))   # objective at the old centroids


def test_same_seed_same_exercise():
    for task in ("ols", "ridge", "kmeans"):
        for seed in range(10):
            assert make_exercise(FAM, {"task": task}, seed).to_json() == \
                make_exercise(FAM, {"task": task}, seed).to_json()


def test_ridge_penalty_with_lambda_one_prints_without_coefficient():
    made = [make_exercise(FAM, {"task": "ridge"}, s) for s in range(40)]
    ones = [ex for ex in made if ex.given["lambda"] == 1]
    assert ones, "λ = 1 is drawn"
    for ex in ones:
        assert "+ ‖w‖²" in ex.prompt_text and r"+ \lVert w\rVert^2" in ex.prompt_tex
    for ex in made:
        assert "1‖w‖²" not in ex.prompt_text and r"1\lVert" not in ex.prompt_tex


def test_prompts_state_the_precision():
    for task in ("ols", "ridge", "kmeans"):
        ex = make_exercise(FAM, {"task": task}, 4)
        said = ex.checking.statement()
        assert said in ex.prompt_text and said in ex.prompt_tex, ex.id
