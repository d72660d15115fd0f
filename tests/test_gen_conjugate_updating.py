"""conjugate_updating: posterior mean, MAP and predictive for three conjugate pairs."""

from __future__ import annotations

import pytest
import sympy as sp

from conftest import family
from family_sweep import deterministic, find_seed, sweep
from osmose.family import VerificationError

FAM = family("conjugate_updating")
R = sp.Rational
MODELS = ("beta_binomial", "gamma_poisson", "normal_normal")


@pytest.mark.parametrize("model", MODELS)
@pytest.mark.parametrize("level", (1, 2, 3))
def test_many_seeds_verify_and_stay_well_formed(model, level):
    made = sweep(FAM, {"model": model, "level": level}, range(60))
    assert len({ex.prompt_text for ex in made}) >= 55


# Hand-computed golden cases (conjugate formulas worked on paper):
#   Beta(2, 3) prior, 7 successes in 10 → Beta(9, 6): mean 9/15 = 3/5, mode 8/13,
#   P(two more successes) = 9·10/(15·16) = 3/8.
#   Gamma(2, rate 1), counts 1, 3, 2 → Gamma(8, 4): mean 2, mode 7/4, P(next = 0) = (4/5)⁸.
#   N(0, 1) prior, σ² = 1, n = 3, x̄ = 2 → precision 4, mean 6/4 = 3/2, predictive variance 1/4 + 1.
BETA = {"model": "beta_binomial", "a": 2, "b": 3, "n": 10, "k": 7}
GAMMA = {"model": "gamma_poisson", "alpha": 2, "beta": 1, "counts": [1, 3, 2]}
NORMAL = {"model": "normal_normal", "mu0": 0, "tau2": 1, "sigma2": 1, "n": 3, "xbar": "2"}


@pytest.mark.parametrize("given, level, answer, wrong", [
    (BETA, 1, R(3, 5), R(7, 10)),
    (BETA, 2, R(8, 13), R(3, 5)),
    (BETA, 3, R(3, 8), R(9, 25)),
    (GAMMA, 1, sp.Integer(2), R(8, 3)),
    (GAMMA, 2, R(7, 4), sp.Integer(2)),
    (GAMMA, 3, R(4, 5) ** 8, sp.exp(-2)),
    (NORMAL, 1, R(3, 2), sp.Integer(2)),
    (NORMAL, 2, R(3, 2), sp.Integer(1)),
    (NORMAL, 3, R(5, 4), R(1, 4)),
])
def test_golden_cases_and_a_wrong_answer_rejected(given, level, answer, wrong):
    FAM.verify({**given, "level": level}, answer)
    with pytest.raises(VerificationError):
        FAM.verify({**given, "level": level}, wrong)


def test_the_predictive_averages_rather_than_plugs_in():
    ex = find_seed(FAM, {"model": "beta_binomial", "level": 3}, lambda g: g["k"] > 0)
    plug = next(m for m in ex.mistakes if m.name == "plug-in")
    assert ex.answer > plug.answer        # E[θ²] > E[θ]²
    assert "averages θ² over the posterior" in plug.feedback


def test_level_2_normal_gives_raw_observations():
    ex = find_seed(FAM, {"model": "normal_normal", "level": 2}, lambda g: True)
    xs = ex.given["observations"]
    assert ", ".join(map(str, xs)) in ex.prompt_text
    assert R(sum(xs), len(xs)) == R(ex.given["xbar"])


def test_gamma_prompt_states_the_rate_parametrisation():
    ex = find_seed(FAM, {"model": "gamma_poisson", "level": 1}, lambda g: True)
    assert "rate β" in ex.prompt_text and "rate" in ex.prompt_tex


def test_same_seed_same_exercise():
    assert deterministic(FAM, {"model": "gamma_poisson", "level": 3})
