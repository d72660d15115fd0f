"""diffusion: DDPM forward marginals, the forward posterior mean, one reverse step."""

from __future__ import annotations

import pytest
import sympy as sp

from conftest import family
from family_sweep import deterministic, sweep
from osmose.family import VerificationError

FAM = family("diffusion")
R, sqrt = sp.Rational, sp.sqrt


@pytest.mark.parametrize("level", (1, 2, 3))
def test_many_seeds_verify_and_stay_well_formed(level):
    made = sweep(FAM, {"level": level}, range(80))
    assert len({ex.prompt_text for ex in made}) >= 70
    if level == 1:  # the variance of x_t given x₀ is below 1 and grows with t
        assert all(0 < ex.answer[1] < 1 for ex in made)


# By hand with β = (1/2, 1/2): ᾱ₁ = 1/2, ᾱ₂ = 1/4.
#  q(x₂ | x₀ = 2) = N(√(1/4)·2, 3/4) = N(1, 3/4).
#  q(x₁ | x₂ = 1, x₀ = 2): prior N(√2, 1/2) (precision 2), likelihood in x₁ centred at x₂/√α₂ = √2
#  with precision α₂/β₂ = 1, so the mean is (2√2 + √2)/3 = √2.
#  Reverse step with ε̂ = 1 at x₂ = 1: (1/√(1/2))(1 − (1/2)/√(3/4)) = √2(1 − 1/√3).
B = ["1/2", "1/2"]


@pytest.mark.parametrize("given, answer, wrong", [
    ({"level": 1, "betas": B, "x0": 2}, (sp.Integer(1), R(3, 4)), (sp.Integer(1), sp.Integer(1))),
    ({"level": 2, "betas": B, "x0": 2, "xt": "1"}, sqrt(2), sp.Integer(1)),
    ({"level": 3, "betas": B, "xt": "1", "eps": "1"}, sqrt(2) * (1 - 1 / sqrt(3)), 1 - 1 / sqrt(3)),
])
def test_golden_cases_and_a_wrong_answer_rejected(given, answer, wrong):
    FAM.verify(given, answer)
    with pytest.raises(VerificationError):
        FAM.verify(given, wrong)


def test_prompts_say_the_second_argument_is_a_variance():
    ex = sweep(FAM, {"level": 2}, range(1))[0]
    assert "second argument: the variance" in ex.prompt_text and "the variance" in ex.prompt_tex


def test_same_seed_same_exercise():
    assert deterministic(FAM, {"level": 3})
