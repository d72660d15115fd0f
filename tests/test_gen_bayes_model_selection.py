"""bayes_model_selection: evidences, Bayes factors on Jeffreys' scale, MAP vs ML."""

from __future__ import annotations

import sys
from fractions import Fraction as Fr

import pytest
import sympy as sp

from conftest import family
from family_sweep import find_seed, sweep
from osmose.exercises import make_exercise
from osmose.family import VerificationError

FAM = family("bayes_model_selection")
gen = sys.modules[FAM.generate.__module__]
SEEDS = range(100)
TASKS = ("evidence", "bayes_factor", "map_beta", "map_gaussian")


@pytest.mark.parametrize("task", TASKS)
def test_many_seeds_verify(task):
    for ex in sweep(FAM, {"task": task}, SEEDS):
        if task == "evidence":
            assert 0 < ex.answer < 1
        if task.startswith("map"):
            assert ex.answer[0] != ex.answer[1]


def test_every_jeffreys_category_occurs():
    seen = {make_exercise(FAM, {"task": "bayes_factor"}, s).answer for s in range(300)}
    assert seen == set(gen.SCALE)


def test_golden_evidence_uniform_prior():
    # Beta(1,1), sequence HT: ∫₀¹ θ(1−θ) dθ = 1/2 − 1/3 = 1/6
    assert gen.evidence(("beta", 1, 1), 1, 2) == Fr(1, 6)


def test_golden_evidence_beta33():
    # Beta(3,3), 6 heads in 7: B(9,4)/B(3,3) = (8!·3!/12!)/(2!·2!/5!) = (1/1980)/(1/30) = 1/66
    assert gen.beta_fn(9, 4) == Fr(1, 1980) and gen.beta_fn(3, 3) == Fr(1, 30)
    ex = find_seed(FAM, {"task": "evidence"},
                   lambda g: (g["models"], g["heads"], g["tosses"]) == ([["beta", 3, 3]], 6, 7))
    assert ex.answer == sp.Rational(1, 66)
    with pytest.raises(VerificationError):
        FAM.verify(ex.given, sp.Rational(7, 66))       # with the binomial coefficient


def test_golden_jeffreys_thresholds():
    # boundaries at 1, √10 ≈ 3.162, 10, 10^1.5 ≈ 31.62, 100
    cases = {Fr(1, 2): "negative", Fr(3): "barely worth mentioning", Fr(4): "substantial",
             Fr(20): "strong", Fr(40): "very strong", Fr(150): "decisive"}
    for K, name in cases.items():
        assert gen.jeffreys(K) == name


def test_golden_bayes_factor_fair_versus_uniform():
    # 18 heads in 20: P(D|uniform) = 18!·2!/21! = 2/(21·20·19) = 1/3990, P(D|fair) = 2^−20,
    # K = 2^20/3990 = 1048576/3990 ≈ 262.8 > 100 ⇒ decisive for the uniform-prior model
    K = gen.evidence(("beta", 1, 1), 18, 20) / gen.evidence(("point", Fr(1, 2)), 18, 20)
    assert K == Fr(2**20, 3990)
    given = {"task": "bayes_factor", "models": [["beta", 1, 1], ["point", "1/2"]], "heads": 18, "tosses": 20}
    FAM.verify(given, "decisive")
    with pytest.raises(VerificationError):
        FAM.verify(given, "negative")


def test_golden_map_beta():
    # Beta(2,6) prior, 9 heads in 10: posterior Beta(11, 7), mode 10/16 = 5/8; ML 9/10
    ex = find_seed(FAM, {"task": "map_beta"},
                   lambda g: g == {"task": "map_beta", "prior": [2, 6], "heads": 9, "tosses": 10}, 5000)
    assert ex.answer == (sp.Rational(5, 8), sp.Rational(9, 10))
    mean = [m for m in ex.mistakes if m.name == "posterior mean"][0]
    assert mean.answer[0] == sp.Rational(11, 18)       # (9+2)/(10+8)


def test_golden_map_gaussian():
    # x = (0, 5), σ² = 4, prior N(3, 1/2): precisions 2/4 (data) and 2 (prior)
    # MAP = (Σx/σ² + μ0/τ²)/(n/σ² + 1/τ²) = (5/4 + 6)/(1/2 + 2) = (29/4)/(5/2) = 29/10; ML = 5/2
    given = {"task": "map_gaussian", "x": [0, 5], "sigma2": "4", "mu0": 3, "tau2": "1/2"}
    FAM.verify(given, (sp.Rational(29, 10), sp.Rational(5, 2)))
    with pytest.raises(VerificationError):
        FAM.verify(given, (sp.Rational(5, 2), sp.Rational(29, 10)))


def test_same_seed_same_exercise():
    for task in TASKS:
        for seed in range(10):
            assert make_exercise(FAM, {"task": task}, seed).to_json() == \
                make_exercise(FAM, {"task": task}, seed).to_json()


# --- regressions of issue 10 ----------------------------------------------------------------

def test_prompts_state_precision_and_jeffreys_thresholds():
    for task in TASKS:
        ex = make_exercise(FAM, {"task": task}, 2)
        said = ex.checking.statement()
        assert said in ex.prompt_text and said in ex.prompt_tex, ex.id
    ex = make_exercise(FAM, {"task": "bayes_factor"}, 2)
    assert "√10 ≤ K < 10: substantial" in ex.prompt_text and "K ≥ 100: decisive" in ex.prompt_text
    assert r"\sqrt{10} \le K < 10" in ex.prompt_tex


def test_no_power_one_or_zero_is_printed():
    # "θ^1" and "(1−θ)^0" in the worked solution read like a machine wrote them
    for task in ("evidence", "bayes_factor"):
        for seed in range(60):
            ex = make_exercise(FAM, {"task": task}, seed)
            for step in ex.solution:
                for text in (step.text, step.tex):
                    assert "^1·" not in text and "^0" not in text and "^{1}" not in text \
                        and "^{0}" not in text and not text.rstrip().endswith("^1"), (ex.id, text)
