"""monte_carlo: standard errors, sample sizes and importance weights."""

from __future__ import annotations

import math

import pytest
import sympy as sp

from conftest import family
from family_sweep import sweep
from osmose.exercises import make_exercise
from osmose.family import VerificationError

FAM = family("monte_carlo")
SEEDS = range(100)
R = sp.Rational


@pytest.mark.parametrize("task", ("se", "samples", "weight"))
def test_many_seeds_verify(task):
    for ex in sweep(FAM, {"task": task}, SEEDS):
        assert float(ex.answer) > 0
        if task == "samples":
            assert ex.answer.is_Integer


def test_golden_standard_error():
    # X ~ U(0,1), f = X³: Var = 1/7 − 1/16 = 9/112; N = 100 ⇒ SE = √(9/11200) = 3/(40√7) = 3√7/280
    given = {"task": "se", "setup": "uniform-x3", "N": 100}
    FAM.verify(given, 3 * sp.sqrt(7) / 280)
    with pytest.raises(VerificationError):
        FAM.verify(given, R(9, 11200))            # the variance, not the standard error


def test_golden_dart_estimate_of_pi():
    # indicator of the quarter disc: p = π/4, Var = p(1−p); N = 2500 ⇒ SE = √(π/4·(1−π/4))/50 ≈ 0.008211
    answer = sp.sqrt(sp.pi / 4 * (1 - sp.pi / 4)) / 50
    assert math.isclose(float(answer), 0.008211, rel_tol=1e-3)
    FAM.verify({"task": "se", "setup": "dart-pi", "N": 2500}, answer)


def test_golden_sample_size():
    # U(0,1), f = X²: Var = 1/5 − 1/9 = 4/45; ε = 1/100 ⇒ N ≥ (4/45)·10⁴ = 888.9 ⇒ 889
    given = {"task": "samples", "setup": "uniform-x2", "eps": "1/100"}
    FAM.verify(given, sp.Integer(889))
    with pytest.raises(VerificationError):
        FAM.verify(given, sp.Integer(888))


def test_golden_importance_weight():
    # p = N(0,1), q = N(−1, 4) at x = 2: p = e^(−2)/√(2π), q = e^(−9/8)/(2√(2π)) ⇒ w = 2e^(−7/8)
    given = {"task": "weight", "p": ["normal", 0, 1], "q": ["normal", -1, 2], "x": 2}
    FAM.verify(given, 2 * sp.exp(R(-7, 8)))
    with pytest.raises(VerificationError):
        FAM.verify(given, sp.exp(R(-7, 8)))       # dropped the σ of the proposal


def test_golden_exponential_weight():
    # p = Exp(1), q = Exp(1/2) at x = 2: e^(−2)/((1/2)e^(−1)) = 2/e
    FAM.verify({"task": "weight", "p": ["exponential", "1"], "q": ["exponential", "1/2"], "x": "2"},
               2 * sp.exp(-1))


def test_same_seed_same_exercise():
    for task in ("se", "samples", "weight"):
        for seed in range(10):
            assert make_exercise(FAM, {"task": task}, seed).to_json() == \
                make_exercise(FAM, {"task": task}, seed).to_json()


# --- regressions of issue 10 ----------------------------------------------------------------

def test_sample_sizes_are_integer_answers():
    # monte_carlo:v1:task=samples accepted 6741.0 for 6742 "to 3 significant figures"
    from osmose.checker import check_answer
    ex = make_exercise(FAM, {"task": "samples"}, 1)
    assert ex.checking.precision == "integer" and "Answer with a whole number." in ex.prompt_text
    N = int(ex.answer)
    assert check_answer(ex, str(N)).correct
    assert not check_answer(ex, f"{N - 1}.0").correct
    # (that a near decimal like 396.4 is refused for 396 is the checker's integer policy, tested there)


def test_se_and_weight_state_their_precision():
    for task in ("se", "weight"):
        ex = make_exercise(FAM, {"task": task}, 2)
        said = ex.checking.statement()
        assert ex.checking.precision == "exact-or-decimal" and said in ex.prompt_text and said in ex.prompt_tex


def test_golden_die_and_bernoulli_setups():
    # a fair 20-sided die: Var = (20² − 1)/12 = 399/12 = 133/4; N = 400 ⇒ SE = √(133/1600) = √133/40
    FAM.verify({"task": "se", "setup": "die20", "N": 400}, sp.sqrt(133) / 40)
    # Bernoulli(1/2): Var = 1/4; ε = 1/50 ⇒ N ≥ (1/4)·2500 = 625 exactly: N = 625 (SE = ε)
    FAM.verify({"task": "samples", "setup": "bernoulli-1/2", "eps": "1/50"}, sp.Integer(625))
    with pytest.raises(VerificationError):
        FAM.verify({"task": "samples", "setup": "bernoulli-1/2", "eps": "1/50"}, sp.Integer(626))
