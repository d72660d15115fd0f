"""confidence_credible: the two intervals for the same normal data, and what each licenses."""

from __future__ import annotations

import collections

import pytest
import sympy as sp

from conftest import family
from family_sweep import deterministic, find_seed, sweep
from osmose.exercises import make_exercise
from osmose.family import VerificationError

FAM = family("confidence_credible")
R = sp.Rational


@pytest.mark.parametrize("level", (1, 2, 3))
def test_many_seeds_verify_and_stay_well_formed(level):
    made = sweep(FAM, {"level": level}, range(60))
    assert len({ex.prompt_text for ex in made}) >= 58


# By hand.
#   n = 4, σ = 2, x̄ = 10: standard error 1, CI 10 ± 1.96 = (8.04, 11.96) (with σ instead: 10 ± 3.92).
#   Prior N(0, 1), σ² = 1, data 2, 2, 2: precision 1 + 3 = 4, μₙ = (0 + 6)/4 = 3/2, τₙ = 1/2,
#   credible interval 3/2 ± 0.98 = (0.52, 2.48); the CI 2 ± 1.96/√3 is wrong here.
#   Level 3 with n = 4, σ = 2, x̄ = 10 and prior N(0, 1): posterior precision 1 + 4/4 = 2, μₙ = 5,
#   τₙ = 1/√2, credible [3.61, 6.39]; confidence [8.04, 11.96].
L3 = {"level": 3, "n": 4, "sigma": 2, "xbar": "10", "mu0": 0, "tau2": 1}
CRED, CONF = [3.61, 6.39], [8.04, 11.96]


@pytest.mark.parametrize("given, answer, wrong", [
    ({"level": 1, "n": 4, "sigma": 2, "xbar": "10"}, (R(201, 25), R(299, 25)), (R(152, 25), R(348, 25))),
    ({"level": 2, "observations": [2, 2, 2], "sigma2": 1, "mu0": 0, "tau2": 1}, (R(13, 25), R(62, 25)),
     (2 - R(49, 25) / sp.sqrt(3), 2 + R(49, 25) / sp.sqrt(3))),
    ({**L3, "claim": "posterior", "interval": CRED}, "credible interval", "confidence interval"),
    ({**L3, "claim": "posterior", "interval": CONF}, "neither", "confidence interval"),
    ({**L3, "claim": "coverage", "interval": CONF}, "confidence interval", "neither"),
    ({**L3, "claim": "coverage", "interval": CRED}, "neither", "credible interval"),
    ({**L3, "claim": "new_point", "interval": CONF}, "neither", "confidence interval"),
    ({**L3, "claim": "fixed", "interval": CONF}, "neither", "confidence interval"),
])
def test_golden_cases_and_a_wrong_answer_rejected(given, answer, wrong):
    FAM.verify(given, answer)
    with pytest.raises(VerificationError):
        FAM.verify(given, wrong)


def test_verdicts_are_balanced():
    counts = collections.Counter(make_exercise(FAM, {"level": 3}, s).answer for s in range(90))
    assert set(counts) == {"confidence interval", "credible interval", "neither"}
    assert min(counts.values()) >= 20


def test_the_classic_misreading_is_drawn_and_explained():
    """'95 % probability that μ is in the confidence interval' appears, is 'neither', and says why."""
    found = [ex for ex in (make_exercise(FAM, {"level": 3}, s) for s in range(120))
             if ex.given["claim"] == "posterior" and ex.answer == "neither"]
    assert found
    say = found[0].solution[0].say
    assert "flat prior" in say and "coverage of its rule" in say


def test_credible_interval_names_the_flat_prior_limit():
    ex = find_seed(FAM, {"level": 2}, lambda g: True)
    ci = next(m for m in ex.mistakes if m.name == "the confidence interval")
    assert "flat prior" in ci.feedback


def test_same_seed_same_exercise():
    assert deterministic(FAM, {"level": 3})
