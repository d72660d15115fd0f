"""importance_sampling: self-normalised estimates, Kish's ESS and the estimate of Z."""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp

from conftest import family
from family_sweep import deterministic, module, sweep
from osmose.family import VerificationError

FAM = family("importance_sampling")
R = sp.Rational


@pytest.mark.parametrize("ask", ("estimate", "ess", "normalizer"))
@pytest.mark.parametrize("level", (1, 2))
def test_many_seeds_verify_and_stay_well_formed(ask, level):
    made = sweep(FAM, {"ask": ask, "level": level}, range(60))
    assert len({ex.prompt_text for ex in made}) >= 55
    for ex in made:
        n = len(ex.given["samples"])
        if ask == "ess":  # Kish's ESS lies in [1, n]
            assert 1 <= ex.answer <= n
        assert {m.name for m in ex.mistakes}  # every draw teaches at least one slip


# By hand. Level 1: p̃ = (1, 2, 3, 4), q uniform (1/4 each), draws [1, 4]: weights 4 and 16.
#   estimate of E_p[X] = (4·1 + 16·4)/20 = 17/5; ESS = 20²/(16 + 256) = 25/17; Ẑ = 20/2 = 10.
# Level 2: p̃(x) = x(1 − x), q uniform, draws [1/2, 1/4]: weights 1/4, 3/16.
#   E_p[X] ≈ (1/8 + 3/64)/(7/16) = 11/28; Ẑ = (7/16)/2 = 7/32. With q(x) = 2x and the draw [1/2]
#   the weight is (1/4)/1, so Ẑ = 1/4 (the exact Z is 1/6).
L1 = {"level": 1, "ptilde": [1, 2, 3, 4], "q": ["1/4"] * 4, "samples": [1, 4]}
L2 = {"level": 2, "a": 1, "b": 1, "proposal": "uniform", "samples": ["1/2", "1/4"]}


@pytest.mark.parametrize("given, answer, wrong", [
    ({**L1, "ask": "estimate", "f": "x"}, R(17, 5), R(5, 2)),
    ({**L1, "ask": "estimate", "f": "x^2"}, R(4 + 16 * 16, 20), R(17, 2)),
    ({**L1, "ask": "ess"}, R(25, 17), R(2)),
    ({**L1, "ask": "normalizer"}, R(10), R(20)),
    ({**L2, "ask": "estimate", "f": "x"}, R(11, 28), R(3, 8)),
    ({**L2, "ask": "normalizer"}, R(7, 32), R(1, 6)),
    ({"level": 2, "a": 1, "b": 1, "proposal": "2x", "samples": ["1/2"], "ask": "normalizer"}, R(1, 4), R(1, 8)),
])
def test_golden_cases_and_a_wrong_answer_rejected(given, answer, wrong):
    FAM.verify(given, answer)
    with pytest.raises(VerificationError):
        FAM.verify(given, wrong)


def test_level_2_proposals_are_densities_and_the_estimate_of_z_is_unbiased():
    # each proposal integrates to 1 on (0, 1) (midpoint rule, error < 1e-6)
    grid = (np.arange(10000) + 0.5) / 10000
    for name, (_, _, q, _) in module(FAM).PROPOSALS.items():
        assert abs(np.mean([q(x) for x in grid]) - 1) < 1e-6, name
    # seeded simulation: with q(x) = 2x, (1/n) Σ x(1 − x)/(2x) over 200000 draws x = √U is
    # within 4 standard errors (≈ 4·0.0006) of the exact Z = 1/6
    rng = np.random.default_rng(14)
    x = np.sqrt(rng.random(200000))
    assert abs(np.mean(x * (1 - x) / (2 * x)) - 1 / 6) < 0.003


def test_normalizer_solution_compares_with_the_exact_constant():
    ex = sweep(FAM, {"ask": "normalizer", "level": 2}, range(3))[0]
    assert "exact constant" in ex.solution[-1].say


def test_same_seed_same_exercise():
    assert deterministic(FAM, {"ask": "estimate", "level": 2})
