"""covariance family: sample covariance C = XᵀX/(N−1) and Pearson's r from small integer data."""

import pytest
import sympy as sp

from conftest import family
from family_sweep import find_seed, module, sweep
from osmose.exercises import make_exercise
from osmose.family import VerificationError

FAM = family("covariance")
MOD = module(FAM)


def test_golden_matrix_by_hand():
    # x = (1, 2, 6), y = (5, 6, 1): means 3 and 4; deviations x: −2, −1, 3 and y: 1, 2, −3.
    # Sxx = 4+1+9 = 14, Syy = 1+4+9 = 14, Sxy = −2−2−9 = −13; divide by N−1 = 2.
    assert MOD.sample_cov([[1, 2, 6], [5, 6, 1]]) == sp.Matrix([[7, sp.Rational(-13, 2)], [sp.Rational(-13, 2), 7]])
    # r = Sxy / √(Sxx·Syy) = −13/14
    assert MOD.correlation([[1, 2, 6], [5, 6, 1]]) == sp.Rational(-13, 14)


def test_golden_correlation_with_surd():
    # x = (0, 6, 3), y = (6, 0, 6): deviations x: −3, 3, 0; y: 2, −4, 2.
    # Sxx = 18, Syy = 24, Sxy = −6 −12 + 0 = −18 → r = −18/√432 = −18/(12√3) = −√3/2.
    assert MOD.correlation([[0, 6, 3], [6, 0, 6]]) == -sp.sqrt(3) / 2


def test_verify_accepts_hand_value_and_rejects_biased_estimate():
    given = {"ask": "matrix", "columns": {"x": [1, 2, 6], "y": [5, 6, 1]}}
    good = sp.Matrix([[7, sp.Rational(-13, 2)], [sp.Rational(-13, 2), 7]])
    assert FAM.verify(given, good).max_error < 1e-12
    with pytest.raises(VerificationError):
        FAM.verify(given, good * sp.Rational(2, 3))  # divided by N = 3


def test_generated_answer_matches_data_in_given():
    ex = find_seed(FAM, {"ask": "correlation", "level": 2}, lambda g: True)
    assert ex.answer == MOD.correlation(list(ex.given["columns"].values()))
    assert r"\[" in ex.prompt_tex and r"\begin{array}" in ex.prompt_tex


def test_level_one_means_are_whole_numbers():
    for seed in range(50):
        ex = make_exercise(FAM, {"ask": "matrix", "level": 1}, seed)
        for col in ex.given["columns"].values():
            assert sum(col) % len(col) == 0


def test_deterministic():
    for params in FAM.variants():
        assert make_exercise(FAM, params, 7).to_json() == make_exercise(FAM, params, 7).to_json()


@pytest.mark.slow
@pytest.mark.parametrize("params", FAM.variants(), ids=lambda p: ",".join(f"{k}={v}" for k, v in p.items()))
def test_sweep_100_seeds(params):
    sweep(FAM, params, range(100))


def test_prompts_state_the_precision():
    for params in FAM.variants():
        ex = make_exercise(FAM, params, 4)
        said = ex.checking.statement()
        assert said in ex.prompt_text and said in ex.prompt_tex, ex.id
    assert set(FAM.levels) == {1, 2, 3}
