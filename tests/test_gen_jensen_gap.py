"""jensen_gap: E[g(X)] − g(E[X]) for convex g, by hand and over many seeds."""

from __future__ import annotations

import math
from fractions import Fraction as Fr

import pytest
import sympy as sp

from conftest import family
from family_sweep import sweep
from osmose.exercises import make_exercise
from osmose.family import VerificationError

FAM = family("jensen_gap")
SEEDS = range(500)


@pytest.mark.parametrize("level", (1, 2, 3))
def test_many_seeds_verify_and_the_gap_is_positive(level):
    for ex in sweep(FAM, {"level": level}, SEEDS):
        assert float(ex.answer) > 0
        probs = [Fr(p) for p in ex.given["probs"]]
        assert sum(probs) == 1 and len(probs) >= 2
        if level == 1:
            # the gap for x² is the variance Σ p (x − μ)², computed here with fractions
            xs = [Fr(v) for v in ex.given["values"]]
            mu = sum(p * v for p, v in zip(probs, xs))
            assert ex.answer == sp.Rational(str(sum(p * (v - mu) ** 2 for p, v in zip(probs, xs))))
        if level < 3:
            assert ex.answer.is_Rational


def test_golden_variance_case():
    # P(X=−2) = 1/4, P(X=4) = 3/4: E[X] = −1/2 + 3 = 5/2, E[X²] = 1 + 12 = 13, gap = 13 − 25/4 = 27/4
    ex = make_exercise(FAM, {"level": 1}, 1)
    assert ex.given == {"g": "x**2", "values": ["-2", "4"], "probs": ["1/4", "3/4"]}
    assert ex.answer == sp.Rational(27, 4)


def test_golden_exponential_case():
    # X ∈ {0, 2} with probability 1/2 each, g = eˣ: gap = (1 + e²)/2 − e ≈ 4.1945 − 2.7183 = 1.4762
    given = {"g": "exp(x)", "values": ["0", "2"], "probs": ["1/2", "1/2"]}
    answer = (1 + sp.E**2) / 2 - sp.E
    assert math.isclose(float(answer), 1.4762, abs_tol=1e-4)
    FAM.verify(given, answer)
    with pytest.raises(VerificationError):
        FAM.verify(given, -answer)     # the sign-swapped gap


def test_golden_minus_log_case():
    # X ∈ {1, 4} w.p. 1/2, g = −ln x: gap = ln(5/2) − (ln 1 + ln 4)/2 = ln(5/2) − ln 2 = ln(5/4)
    FAM.verify({"g": "-log(x)", "values": ["1", "4"], "probs": ["1/2", "1/2"]}, sp.log(sp.Rational(5, 4)))


def test_same_seed_same_exercise():
    for level in (1, 2, 3):
        for seed in range(10):
            assert make_exercise(FAM, {"level": level}, seed).to_json() == \
                make_exercise(FAM, {"level": level}, seed).to_json()
