"""evidence_bic: BIC values and choices, Laplace's approximation, one Gaussian or two."""

from __future__ import annotations

import collections

import pytest
import sympy as sp

from conftest import family
from family_sweep import deterministic, find_seed, sweep
from osmose.exercises import make_exercise
from osmose.family import VerificationError

FAM = family("evidence_bic")
R, ln = sp.Rational, sp.log
TASKS = ("bic", "laplace", "gaussians")


@pytest.mark.parametrize("task", TASKS)
@pytest.mark.parametrize("level", (1, 2))
def test_many_seeds_verify_and_stay_well_formed(task, level):
    made = sweep(FAM, {"task": task, "level": level}, range(60))
    assert len({ex.prompt_text for ex in made}) >= 55


# Worked by hand:
#   Bernoulli, 2 successes in 4: p̂ = 1/2, ln L̂ = 4 ln(1/2), BIC = ln 4 + 8 ln 2 = 10 ln 2 (AIC-style: 2 + 8 ln 2).
#   Poisson counts 1, 1: λ̂ = 1, ln L̂ = −2, BIC = ln 2 + 4.
#   Coin, 50 heads in 100: the free p fits no better (p̂ = 1/2), so BIC₁ = BIC₀ + ln 100: M0.
#   Coin, 80 heads in 100: 2(ln L̂₁ − ln L₀) = 2(100 ln 2 + 80 ln 0.8 + 20 ln 0.2) ≈ 38.5 > ln 100: M1.
#   Beta(1, 1) prior, 2 heads in 4: θ̂ = 1/2, A = 2/(1/2)² + 2/(1/2)² = 16;
#   Laplace ln p(D) ≈ 4 ln(1/2) + ½ ln(2π/16) = −4 ln 2 + ½ ln(π/8) ≈ −3.240 (exact ln B(3, 3) = −ln 30 ≈ −3.401).
#   Sources of 50 each, means 0 and 10, variances 1: pooled variance 1 + 25 = 26,
#   BIC₁ − BIC₂ = 100 ln 26 − 2 ln 100 > 0: two Gaussians. Equal means: 100 ln 1 − 2 ln 100 < 0: one.
#   Raw A = 0, 2 and B = 10, 12: variances 1, 1, pooled 26, BIC₁ − BIC₂ = 4 ln 26 − 2 ln 4 > 0: two.
@pytest.mark.parametrize("given, answer, wrong", [
    ({"task": "bic", "level": 1, "model": "bernoulli", "n": 4, "k": 2}, 10 * ln(2), 2 + 8 * ln(2)),
    ({"task": "bic", "level": 1, "model": "poisson", "counts": [1, 1]}, ln(2) + 4, ln(2) + 2),
    ({"task": "bic", "level": 2, "model": "coin", "n": 100, "k": 50}, "M0", "M1"),
    ({"task": "bic", "level": 2, "model": "coin", "n": 100, "k": 80}, "M1", "M0"),
    ({"task": "laplace", "level": 1, "a": 1, "b": 1, "n": 4, "k": 2}, (R(1, 2), sp.Integer(16)),
     (R(1, 2), sp.Integer(8))),
    ({"task": "laplace", "level": 2, "a": 1, "b": 1, "n": 4, "k": 2}, -4 * ln(2) + ln(sp.pi / 8) / 2, -ln(30)),
    ({"task": "gaussians", "level": 1, "groups": [[50, "0", "1"], [50, "10", "1"]]}, "two Gaussians", "one Gaussian"),
    ({"task": "gaussians", "level": 1, "groups": [[50, "0", "1"], [50, "0", "1"]]}, "one Gaussian", "two Gaussians"),
    ({"task": "gaussians", "level": 2, "A": [0, 2], "B": [10, 12]}, "two Gaussians", "one Gaussian"),
])
def test_golden_cases_and_a_wrong_answer_rejected(given, answer, wrong):
    FAM.verify(given, answer)
    with pytest.raises(VerificationError):
        FAM.verify(given, wrong)


@pytest.mark.parametrize("task", ("bic", "gaussians"))
def test_choice_answers_are_balanced(task):
    counts = collections.Counter(make_exercise(FAM, {"task": task, "level": 2}, s).answer for s in range(80))
    assert len(counts) == 2 and min(counts.values()) >= 28


def test_laplace_solution_compares_with_the_exact_evidence():
    ex = find_seed(FAM, {"task": "laplace", "level": 2}, lambda g: True)
    assert any("exact evidence" in s.say for s in ex.solution)
    assert "4 significant figures" in ex.prompt_text


def test_bic_penalty_is_ln_n_not_two():
    ex = find_seed(FAM, {"task": "bic", "level": 1}, lambda g: g["model"] == "bernoulli")
    aic = next(m for m in ex.mistakes if m.name == "AIC's penalty")
    assert f"ln n = ln {ex.given['n']}" in aic.feedback


def test_same_seed_same_exercise():
    assert deterministic(FAM, {"task": "gaussians", "level": 2})
