"""mle: maximum-likelihood estimates and maximised log-likelihoods for four models."""

from __future__ import annotations

import pytest
import sympy as sp

from conftest import family
from family_sweep import deterministic, find_seed, sweep
from osmose.family import VerificationError

FAM = family("mle")
R, ln = sp.Rational, sp.log


@pytest.mark.parametrize("dist", ("bernoulli", "poisson", "exponential", "gaussian"))
@pytest.mark.parametrize("level", (1, 2))
def test_many_seeds_verify_and_stay_well_formed(dist, level):
    made = sweep(FAM, {"dist": dist, "level": level}, range(60))
    assert len({ex.prompt_text for ex in made}) >= 45


# Worked by hand:
#   Bernoulli 1, 0, 0, 1, 1: p̂ = 3/5, ℓ = 3 ln(3/5) + 2 ln(2/5) = 3 ln 3 + 2 ln 2 − 5 ln 5.
#   Poisson 2, 0, 4: λ̂ = 2, ℓ = 6 ln 2 − 6 − ln 2! − ln 0! − ln 4! = 2 ln 2 − ln 3 − 6.
#   Exponential 1, 3: λ̂ = 2/4 = 1/2, ℓ = 2 ln(1/2) − (1/2)·4 = −2 ln 2 − 2.
#   Gaussian 1, 3: μ̂ = 2, σ̂² = ((1 − 2)² + (3 − 2)²)/2 = 1, ℓ = −ln(2π) − 1.
@pytest.mark.parametrize("dist, sample, mle, wrong_mle, ll", [
    ("bernoulli", ["1", "0", "0", "1", "1"], R(3, 5), R(2, 5), 3 * ln(3) + 2 * ln(2) - 5 * ln(5)),
    ("poisson", ["2", "0", "4"], sp.Integer(2), sp.Integer(4), 2 * ln(2) - ln(3) - 6),
    ("exponential", ["1", "3"], R(1, 2), sp.Integer(2), -2 * ln(2) - 2),
    ("gaussian", ["1", "3"], (sp.Integer(2), sp.Integer(1)), (sp.Integer(2), sp.Integer(2)), -ln(2 * sp.pi) - 1),
])
def test_golden_cases(dist, sample, mle, wrong_mle, ll):
    FAM.verify({"dist": dist, "level": 1, "sample": sample}, mle)
    FAM.verify({"dist": dist, "level": 2, "sample": sample}, ll)
    with pytest.raises(VerificationError):
        FAM.verify({"dist": dist, "level": 1, "sample": sample}, wrong_mle)
    with pytest.raises(VerificationError):
        FAM.verify({"dist": dist, "level": 2, "sample": sample}, ll + R(1, 100))


def test_gaussian_variance_divides_by_n_and_says_so():
    ex = find_seed(FAM, {"dist": "gaussian", "level": 1}, lambda g: True)
    xs = [sp.Integer(v) for v in ex.given["sample"]]
    mean = sum(xs) / len(xs)
    assert ex.answer == (mean, sum((x - mean) ** 2 for x in xs) / len(xs))
    slip = next(m for m in ex.mistakes if m.name == "divided by n − 1")
    assert f"divides by n = {len(xs)}" in slip.feedback


def test_log_likelihood_answers_need_four_figures():
    ex = find_seed(FAM, {"dist": "gaussian", "level": 2}, lambda g: True)
    assert ex.checking.sig_figs == 4 and "4 significant figures" in ex.prompt_text


def test_same_seed_same_exercise():
    assert deterministic(FAM, {"dist": "poisson", "level": 2})
