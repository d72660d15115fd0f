"""jensen_gap: Jensen's inequality where ML uses it — ln E[X] ≥ E[ln X], KL ≥ 0, ELBO ≤ ln p(x)."""

from __future__ import annotations

import math
from fractions import Fraction as Fr

import pytest
import sympy as sp

from conftest import family
from family_sweep import module, sweep
from osmose.exercises import make_exercise
from osmose.family import VerificationError

FAM = family("jensen_gap")
MOD = module(FAM)
R, ln = sp.Rational, sp.log


@pytest.mark.parametrize("level", (1, 2, 3))
def test_sweep_100_seeds(level):
    for ex in sweep(FAM, {"level": level}, range(100)):
        if level == 1:
            assert float(ex.answer) > 0
        else:
            left, right = (float(v) for v in ex.answer)
            assert left <= right + 1e-12 and right <= 1e-12        # Jensen, and ln of a probability


def test_golden_log_of_mean():
    # X ∈ {1, 4} w.p. 1/2: ln E[X] − E[ln X] = ln(5/2) − (ln 1 + ln 4)/2 = ln(5/2) − ln 2 = ln(5/4) ≈ 0.2231
    given = {"task": "log_mean", "values": [1, 4], "probs": ["1/2", "1/2"]}
    FAM.verify(given, ln(5) - 2 * ln(2))
    assert math.isclose(math.log(5 / 4), 0.2231, abs_tol=1e-4)
    with pytest.raises(VerificationError):
        FAM.verify(given, 2 * ln(2) - ln(5))       # sign swapped


def test_golden_kl_bound_with_a_zero():
    # p = (1/2, 1/2, 0), q = (1/4, 1/4, 1/2): left = ½ln(½) + ½ln(½) = −ln 2; right = ln(¼ + ¼) = −ln 2
    # (equal here: q/p is constant on p's support), and both ≤ 0
    given = {"task": "kl_bound", "p": ["1/2", "1/2", "0"], "q": ["1/4", "1/4", "1/2"]}
    FAM.verify(given, (-ln(2), -ln(2)))
    with pytest.raises(VerificationError):
        FAM.verify(given, (-ln(2), sp.Integer(0)))  # summed q over every outcome


def test_golden_elbo():
    # prior (1/2, 1/2), p(x|z) = (1/2, 1/4): joint (1/4, 1/8), p(x) = 3/8.
    # q = (1/2, 1/2): ELBO = ½ln(½) + ½ln(¼) = −(3/2)ln 2; ln p(x) = ln 3 − 3 ln 2
    # gap = ln 3 − (3/2) ln 2 = KL(q ‖ (2/3, 1/3)) = ½ln(3/4) + ½ln(3/2) ✓
    given = {"task": "elbo", "prior": ["1/2", "1/2"], "likelihood": ["1/2", "1/4"], "q": ["1/2", "1/2"]}
    FAM.verify(given, (-R(3, 2) * ln(2), ln(3) - 3 * ln(2)))
    with pytest.raises(VerificationError):
        FAM.verify(given, (ln(3) - 3 * ln(2), -R(3, 2) * ln(2)))   # swapped


def test_elbo_is_tight_when_q_is_the_posterior():
    # the degenerate case is drawn on purpose and explained
    tight = [ex for ex in (make_exercise(FAM, {"level": 3}, s) for s in range(60))
             if sp.expand(ex.answer[0] - ex.answer[1]) == 0]
    assert tight
    assert "bound is tight (gap 0)" in tight[0].solution[-1].say


def test_kl_bound_draws_both_cases():
    made = [make_exercise(FAM, {"level": 2}, s) for s in range(60)]
    assert any(ex.answer[1] == 0 for ex in made) and any(ex.answer[1] != 0 for ex in made)


def test_seeds_1_and_41_differ_and_prompts_state_the_precision():
    # v1: jensen_gap seeds 1 and 41 were identical
    for level in (1, 2, 3):
        a, b = make_exercise(FAM, {"level": level}, 1), make_exercise(FAM, {"level": level}, 41)
        assert a.prompt_text != b.prompt_text
        said = a.checking.statement()
        assert said in a.prompt_text and said in a.prompt_tex
    assert set(FAM.levels) == {1, 2, 3}


def test_same_seed_same_exercise():
    for level in (1, 2, 3):
        for seed in range(5):
            assert make_exercise(FAM, {"level": level}, seed).to_json() == \
                make_exercise(FAM, {"level": level}, seed).to_json()
