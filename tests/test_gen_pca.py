"""pca family: principal direction, explained variance, projection, choosing k, ZCA whitening."""

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
    # C = [[10, 12], [12, 17]]: trace 27, det 170 − 144 = 26 → λ² − 27λ + 26 = 0 → λ = 26, 1
    # (C − 26I)u = 0 → −16u₀ + 12u₁ = 0 → u ∝ (3, 4), length 5 → (3/5, 4/5)
    FAM.verify({"ask": "direction", "C": [[10, 12], [12, 17]]}, sp.Matrix([sp.Rational(3, 5), sp.Rational(4, 5)]))
    with pytest.raises(VerificationError):
        FAM.verify({"ask": "direction", "C": [[10, 12], [12, 17]]}, sp.Matrix([sp.Rational(4, 5), sp.Rational(-3, 5)]))


def test_directions_are_not_guessable_from_four_options():
    # v1: four possible answers per level
    for level, at_least in ((1, 10), (2, 18), (3, 10)):
        made = [make_exercise(FAM, {"ask": "direction", "level": level}, s) for s in range(200)]
        assert len({tuple(ex.answer) for ex in made}) >= at_least, level


def test_golden_direction_level_2():
    # C = [[2, 2], [2, 5]]: trace 7, det 6 → λ = 6, 1; (C − 6I)u = 0 → −4u₀ + 2u₁ = 0 → u ∝ (1, 2) → (1/√5, 2/√5)
    FAM.verify({"ask": "direction", "C": [[2, 2], [2, 5]]}, sp.Matrix([1, 2]) / sp.sqrt(5))


def test_golden_ratio():
    FAM.verify({"ask": "ratio", "C": C43}, sp.Rational(7, 8))  # eigenvalues 7, 1: 7 / (7 + 1)
    with pytest.raises(VerificationError):
        FAM.verify({"ask": "ratio", "C": C43}, sp.Rational(1, 2))  # the diagonal 4/(4 + 4)


def test_golden_whitening():
    ex = find_seed(FAM, {"ask": "whitening", "level": 1}, lambda g: g["C"] == [["5", "4"], ["4", "5"]])
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


def test_covariances_are_positive_definite_and_integer_at_level_1():
    for params in FAM.variants():
        for seed in range(10):
            given = make_exercise(FAM, params, seed).given
            if "C" not in given:
                continue
            C = sp.Matrix([[sp.Rational(str(x)) for x in row] for row in given["C"]])
            assert C.is_symmetric() and C[0, 0] > 0 and C.det() > 0
            if params["level"] == 1:
                assert all(x.is_Integer for x in C)


def test_deterministic():
    for params in FAM.variants():
        assert make_exercise(FAM, params, 3).to_json() == make_exercise(FAM, params, 3).to_json()


@pytest.mark.parametrize("params", FAM.variants(), ids=lambda p: ",".join(f"{k}={v}" for k, v in p.items()))
def test_sweep_100_seeds(params):
    sweep(FAM, params, range(100))


# --- from raw data (issue 10) ----------------------------------------------------------------

POINTS = [[0, 2], [-6, 0], [0, -6], [2, 0]]
# mean (−1, −1); centred (1, 3), (−5, 1), (1, −5), (3, 1); XᵀX = [[36, −4], [−4, 36]], C = XᵀX/3
# eigenvalues (36 ± 4)/3 = 40/3 (u ∝ (1, −1)) and 32/3 (u ∝ (1, 1))


def test_golden_direction_and_ratio_from_raw_data():
    FAM.verify({"ask": "direction", "points": POINTS}, sp.Matrix([1, -1]) / sp.sqrt(2))
    FAM.verify({"ask": "ratio", "points": POINTS}, sp.Rational(40, 72))      # (40/3)/(72/3) = 5/9
    with pytest.raises(VerificationError):
        FAM.verify({"ask": "direction", "points": POINTS}, sp.Matrix([1, 1]) / sp.sqrt(2))


def test_golden_scores_and_reconstruction_error():
    # scores along u₁ = (1, −1)/√2: (1 − 3, −5 − 1, 1 + 5, 3 − 1)/√2 = (−√2, −3√2, 3√2, √2)
    s2 = sp.sqrt(2)
    FAM.verify({"ask": "project", "points": POINTS, "want": "scores"}, (-s2, -3 * s2, 3 * s2, s2))
    # residuals along u₂ = (1, 1)/√2: (4, −4, −4, 4)/√2 → squares 8 each → 32 = 3·(32/3)
    FAM.verify({"ask": "project", "points": POINTS, "want": "error"}, sp.Integer(32))
    with pytest.raises(VerificationError):
        FAM.verify({"ask": "project", "points": POINTS, "want": "error"}, sp.Rational(32, 3))  # λ₂ alone


def test_golden_choose_k():
    # sorted 26, 10, 6, 4, 2, 1, 1 (sum 50): cumulative .52, .72, .84 → 3 components for ≥ 80 %
    given = {"ask": "choose_k", "eigenvalues": [4, 1, 1, 2, 26, 6, 10], "explained_percent": 80}
    FAM.verify(given, sp.Integer(3))
    for wrong in (2, 4, 7):
        with pytest.raises(VerificationError):
            FAM.verify(given, sp.Integer(wrong))


def test_choose_k_is_an_integer_answer_and_not_always_the_same():
    made = [make_exercise(FAM, {"ask": "choose_k", "level": 2}, s) for s in range(100)]
    assert all(ex.checking.precision == "integer" for ex in made)
    assert len({int(ex.answer) for ex in made}) >= 3


def test_whitening_level_3_has_variety():
    # v1: twelve covariances in 60 draws
    made = [make_exercise(FAM, {"ask": "whitening", "level": 3}, s) for s in range(200)]
    assert len({ex.prompt_text for ex in made}) >= 120


def test_prompts_state_the_precision():
    for params in FAM.variants():
        ex = make_exercise(FAM, params, 4)
        said = ex.checking.statement()
        assert said in ex.prompt_text and said in ex.prompt_tex, ex.id
