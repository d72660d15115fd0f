"""elbo_vi: the ELBO of a conjugate Gaussian model, the optimal q, the gap KL(q‖p(z|x)), CAVI."""

from __future__ import annotations

import math
import re

import pytest
import sympy as sp

from conftest import family
from family_sweep import deterministic, sweep
from osmose.family import VerificationError

FAM = family("elbo_vi")
R = sp.Rational
ln = sp.log


@pytest.mark.parametrize("ask", ("elbo", "optimal", "gap", "cavi"))
@pytest.mark.parametrize("level", (1, 2))
def test_many_seeds_verify_and_stay_well_formed(ask, level):
    made = sweep(FAM, {"ask": ask, "level": level}, range(40))
    assert len({ex.prompt_text for ex in made}) >= 35
    if ask == "gap":  # a KL divergence: positive, since q is never the posterior
        assert all(float(ex.answer) > 0 for ex in made)
    if ask in ("elbo", "optimal", "gap"):
        assert all((len(ex.given["x"]) == 1) == (level == 1) for ex in made)


def test_elbo_is_below_the_log_evidence():
    # Jensen: ELBO(q) ≤ ln p(x), strictly since q is never the posterior. With one observation the
    # evidence is x ~ N(0, τ + σ²), computed here by hand.
    for ex in sweep(FAM, {"ask": "elbo", "level": 1}, range(30)):
        x, tau, s2 = (float(R(ex.given[k] if k != "x" else ex.given["x"][0])) for k in ("x", "tau", "s2"))
        var = tau + s2
        log_evidence = -0.5 * math.log(2 * math.pi * var) - x * x / (2 * var)
        assert float(ex.answer) < log_evidence


# By hand. τ = σ² = 1, x = 1, q = N(0, 1): E_q ln p(x | z) = −½ln 2π − 1, E_q ln p(z) = −½ln 2π − ½,
#   H[q] = ½ln 2π + ½, so ELBO = −1 − ½ln(2π). The posterior is N(1/2, 1/2), so
#   KL(q‖post) = ½[2 + (1/4)/(1/2) − 1 + ln(1/2)] = 3/4 − ½ln 2 (= ln N(1; 0, 2) − ELBO).
# τ = 4, σ² = 1, x = [1, 3]: 1/v* = 1/4 + 2 = 9/4, m* = (4/9)·4 = 16/9.
# Λ = [[2, 1], [1, 2]], μ = 0, m₂ = 2: m₁ = −(1/2)·2 = −1, v₁ = 1/2.
# Σ = [[2, 1], [1, 1]] ⇒ Λ = [[1, −1], [−1, 2]]; μ = 0, start (0, 2): m₁ = 2, then m₂ = (1/2)·2 = 1.
BASE = {"level": 1, "tau": "1", "s2": "1", "x": ["1"], "m": "0", "v": "1"}


@pytest.mark.parametrize("given, answer, wrong", [
    ({**BASE, "ask": "elbo"}, -1 - ln(2 * sp.pi) / 2, -R(3, 2) - ln(2 * sp.pi) / 2),
    ({**BASE, "ask": "gap"}, R(3, 4) - ln(2) / 2, R(3, 4)),
    ({"ask": "optimal", "level": 2, "tau": "4", "s2": "1", "x": ["1", "3"]}, (R(16, 9), R(4, 9)), (R(2), R(1, 2))),
    ({"ask": "cavi", "level": 1, "mu": [0, 0], "precision": [["2", "1"], ["1", "2"]], "m2": "2"},
     (R(-1), R(1, 2)), (R(-1), R(2, 3))),
    ({"ask": "cavi", "level": 2, "mu": [0, 0], "cov": [[2, 1], [1, 1]], "start": [0, 2]}, (R(2), R(1)), (R(2), R(2))),
])
def test_golden_cases_and_a_wrong_answer_rejected(given, answer, wrong):
    FAM.verify(given, answer)
    with pytest.raises(VerificationError):
        FAM.verify(given, wrong)


def test_plain_text_fractions_are_parenthesised():
    # a quotient of fractions must not print as 1/4/2/5
    for ex in sweep(FAM, {"ask": "gap", "level": 2}, range(20)):
        assert not re.search(r"\d/\d+/\d", ex.solution[-1].text), ex.solution[-1].text


def test_same_seed_same_exercise():
    assert deterministic(FAM, {"ask": "cavi", "level": 2})
