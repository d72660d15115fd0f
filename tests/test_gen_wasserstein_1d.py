"""wasserstein_1d: earth mover's distance on the line, by hand and over many seeds."""

from __future__ import annotations

import sys
from fractions import Fraction as Fr

import pytest
import sympy as sp

from conftest import family
from family_sweep import sweep
from osmose.exercises import make_exercise
from osmose.family import VerificationError

FAM = family("wasserstein_1d")
gen = sys.modules[FAM.generate.__module__]
SEEDS = range(100)


def sorted_pairing_cost(given) -> Fr:
    """The test's own route for equal-weight samples: match sorted samples."""
    xs = sorted(Fr(v) for v in given["mu"]["atoms"])
    ys = sorted(Fr(v) for v in given["nu"]["atoms"])
    return sum(abs(a - b) for a, b in zip(xs, ys)) / len(xs)


@pytest.mark.parametrize("level", (1, 2, 3))
def test_many_seeds_verify(level):
    for ex in sweep(FAM, {"level": level}, SEEDS):
        assert ex.answer > 0
        mean_gap = [m for m in ex.mistakes if m.name == "difference of means"]
        assert all(m.answer < ex.answer for m in mean_gap)     # |ΔE| is a lower bound
        if level == 1:
            assert ex.answer == sp.Rational(str(sorted_pairing_cost(ex.given)))


def test_golden_point_masses():
    # δ₀ versus δ₃: all mass moves 3
    assert gen.w1_cdf([Fr(0)], [Fr(1)], [Fr(3)], [Fr(1)]) == 3


def test_golden_split_mass():
    # ½δ₀ + ½δ₂ versus δ₁: each half moves 1 ⇒ W₁ = 1, while the means coincide
    assert gen.w1_cdf([Fr(0), Fr(2)], [Fr(1, 2)] * 2, [Fr(1)], [Fr(1)]) == 1


def test_golden_empirical_samples():
    # (7, 1, 9) vs (2, 7, 2): sorted 1,7,9 ↔ 2,2,7: (1 + 5 + 2)/3 = 8/3
    given = {"mu": {"atoms": ["7", "1", "9"], "probs": ["1/3"] * 3},
             "nu": {"atoms": ["2", "7", "2"], "probs": ["1/3"] * 3}}
    FAM.verify(given, sp.Rational(8, 3))
    with pytest.raises(VerificationError):
        FAM.verify(given, sp.Integer(6))   # paired in the listed order: (|7−2| + |1−7| + |9−2|)/3 = 18/3


def test_listed_order_mistake_pairs_as_listed():
    for seed in range(20):
        ex = make_exercise(FAM, {"level": 1}, seed)
        xs = [Fr(v) for v in ex.given["mu"]["atoms"]]
        ys = [Fr(v) for v in ex.given["nu"]["atoms"]]
        listed = [m for m in ex.mistakes if m.name == "paired in the listed order"]
        if listed:
            in_order = sum(abs(a - b) for a, b in zip(xs, ys)) / len(xs)
            assert listed[0].answer == sp.Rational(in_order.numerator, in_order.denominator)


def test_samples_are_written_as_lists_not_sets():
    # "{2, 7, 2}" is a set with a repeated element; a sample is a list
    for seed in range(30):
        ex = make_exercise(FAM, {"level": 1}, seed)
        assert "{" not in ex.prompt_text and r"\{" not in ex.prompt_tex, ex.id
        xs = ", ".join(ex.given["mu"]["atoms"])
        assert f"μ on the sample ({xs})" in ex.prompt_text


def test_prompts_state_the_precision():
    for level in (1, 2, 3):
        ex = make_exercise(FAM, {"level": level}, 4)
        said = ex.checking.statement()
        assert said in ex.prompt_text and said in ex.prompt_tex, ex.id


def test_golden_cdf_area():
    # μ = ¼δ₁ + ½δ₂ + ¼δ₄, ν = ⅓δ₀ + ⅓δ₁ + ⅙δ₂ + ⅙δ₃; |F−G| on [0,1),[1,2),[2,3),[3,4):
    # 1/3, 5/12, 1/12, 1/4 ⇒ W₁ = 13/12
    given = {"mu": {"atoms": ["1", "2", "4"], "probs": ["1/4", "1/2", "1/4"]},
             "nu": {"atoms": ["0", "1", "2", "3"], "probs": ["1/3", "1/3", "1/6", "1/6"]}}
    FAM.verify(given, sp.Rational(13, 12))
    with pytest.raises(VerificationError):
        FAM.verify(given, sp.Rational(7, 6))


def test_same_seed_same_exercise():
    for level in (1, 2, 3):
        for seed in range(10):
            assert make_exercise(FAM, {"level": level}, seed).to_json() == \
                make_exercise(FAM, {"level": level}, seed).to_json()
