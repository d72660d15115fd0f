"""vae: reparameterised samples, the closed-form KL to N(0, I), the ELBO's two terms."""

from __future__ import annotations

import re

import numpy as np
import pytest
import sympy as sp

from conftest import family
from family_sweep import deterministic, sweep
from osmose.family import VerificationError

FAM = family("vae")
R = sp.Rational
E = sp.E


@pytest.mark.parametrize("ask", ("reparam", "kl", "elbo"))
@pytest.mark.parametrize("level", (1, 2))
def test_many_seeds_verify_and_stay_well_formed(ask, level):
    made = sweep(FAM, {"ask": ask, "level": level}, range(40))
    assert len({ex.prompt_text for ex in made}) >= 38
    if ask == "kl":  # a KL divergence is never negative
        assert all(float(ex.answer) >= 0 for ex in made)
    if ask == "reparam" and level == 2:  # the log-variance parameterisation is what is given
        assert all("logvar" in ex.given and "sigma" not in ex.given for ex in made)


def test_kl_matches_a_seeded_monte_carlo_estimate():
    # E_q[ln q(z) − ln p(z)] over 200000 seeded draws, within 5 standard errors
    rng = np.random.default_rng(7)
    for ex in sweep(FAM, {"ask": "kl", "level": 1}, range(5)):
        mu = np.array([float(R(v)) for v in ex.given["mu"]])
        sd = np.array([float(R(v)) for v in ex.given["sigma"]])
        z = mu + sd * rng.standard_normal((200000, len(mu)))
        ratio = (-np.log(sd) - (z - mu) ** 2 / (2 * sd ** 2) + z ** 2 / 2).sum(axis=1)
        assert abs(ratio.mean() - float(ex.answer)) < 5 * ratio.std() / np.sqrt(len(ratio)) + 1e-12


def test_solution_writes_logs_of_fractions_with_parentheses():
    for ex in sweep(FAM, {"ask": "elbo", "level": 1}, range(30)):
        assert not re.search(r"ln \d+/\d", ex.solution[1].text), ex.solution[1].text


# By hand.
# μ = (0, 1), σ = (2, 1/2), ε = (1, −2): z = (2, 0). Log-variances (0, 2, −2), μ = 0, ε = (1, 1, 1):
#   σ = (1, e, 1/e), z = (1, e, e⁻¹).
# KL: μ = (1, 0), σ = (1, 1): ½(1 + 1 − 1) = 1/2; μ = 0, σ = (2, 1): ½(4 − 1 − ln 4) = 3/2 − ln 2;
#   log-variances (1, 0, 0), μ = 0: ½(e − 1 − 1) = e/2 − 1.
# ELBO terms, x = (0, 0), x̂ = (1, 1), s² = 1, q = N(0, 1): ln p(x | z) = −ln(2π) − 1, KL = 0.
# Estimate, q = N(0, 1), ε = 1 ⇒ z = 1, x̂ = (1, 0)·1 + (0, 0) = x = (1, 0): ln p(x | z) = −ln(2π), KL = 0.
@pytest.mark.parametrize("given, answer, wrong", [
    ({"ask": "reparam", "level": 1, "mu": ["0", "1"], "sigma": ["2", "1/2"], "eps": ["1", "-2"]}, (R(2), R(0)), (R(4), R(-1))),
    ({"ask": "reparam", "level": 2, "mu": ["0"] * 3, "logvar": [0, 2, -2], "eps": ["1"] * 3}, (R(1), E, 1 / E),
     (R(1), E ** 2, E ** -2)),
    ({"ask": "kl", "level": 1, "mu": ["1", "0"], "sigma": ["1", "1"]}, R(1, 2), R(1)),
    ({"ask": "kl", "level": 1, "mu": ["0", "0"], "sigma": ["2", "1"]}, R(3, 2) - sp.log(2), R(3, 2)),
    ({"ask": "kl", "level": 2, "mu": ["0"] * 3, "logvar": [1, 0, 0]}, E / 2 - 1, E - 2),
    ({"ask": "elbo", "level": 1, "mu": "0", "sigma": "1", "s2": "1", "x": ["0", "0"], "xhat": ["1", "1"]},
     (-sp.log(2 * sp.pi) - 1, R(0)), (R(-1), R(0))),
    ({"ask": "elbo", "level": 2, "mu": "0", "sigma": "1", "s2": "1", "x": ["1", "0"], "eps": "1", "w": [1, 0],
      "b": [0, 0]}, -sp.log(2 * sp.pi), -sp.log(2 * sp.pi) - R(1, 2)),
])
def test_golden_cases_and_a_wrong_answer_rejected(given, answer, wrong):
    FAM.verify(given, answer)
    with pytest.raises(VerificationError):
        FAM.verify(given, wrong)


def test_same_seed_same_exercise():
    assert deterministic(FAM, {"ask": "elbo", "level": 2})
