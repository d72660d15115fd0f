"""metropolis_hastings: acceptance probabilities, by hand and over many seeds."""

from __future__ import annotations

import math

import pytest
import sympy as sp

from conftest import family
from osmose.exercises import make_exercise
from osmose.family import VerificationError
from osmose.mathtext import plain, uni

FAM = family("metropolis_hastings")
SEEDS = range(100)
COMBOS = [{"target": t, "proposal": p} for t in ("discrete", "continuous") for p in ("symmetric", "asymmetric")]


def alpha_from_given(g) -> float:
    """The test's own reading of the problem data (plain floats, no SymPy algebra)."""
    if g["target"] == "discrete":
        w, r = g["weights"], [float(sp.Rational(v)) for v in g["proposal"]["r"]]
        i, j = g["x"] - 1, g["x_new"] - 1
        def q(a, b):
            return r[a] if (a + 1) % 5 == b else 1 - r[a]
        return min(1.0, w[j] * q(j, i) / (w[i] * q(i, j)))
    f = sp.lambdify(sp.Symbol("x"), sp.sympify(g["target"]), "math")
    a, b = float(sp.Rational(g["x"])), float(sp.Rational(g["x_new"]))
    prop = g["proposal"]
    if prop["type"] == "gaussian-walk":
        hastings = 1.0
    elif prop["type"] == "lognormal-walk":
        hastings = b / a
    else:
        lam = float(sp.Rational(prop["rate"]))
        hastings = math.exp(-lam * a) / math.exp(-lam * b)
    return min(1.0, f(b) / f(a) * hastings)


@pytest.mark.parametrize("params", COMBOS, ids=lambda p: f"{p['target']}-{p['proposal']}")
def test_many_seeds_verify_and_match_the_plain_formula(params):
    attempts, ones = 0, 0
    for seed in SEEDS:
        ex = make_exercise(FAM, params, seed)
        attempts += ex.attempts
        assert plain(ex.answer)
        assert all(plain(m.answer) != plain(ex.answer) for m in ex.mistakes)
        a = float(ex.answer)
        assert 0 < a <= 1
        assert math.isclose(a, alpha_from_given(ex.given), rel_tol=1e-12)
        ones += a == 1
    assert len(SEEDS) / attempts >= 0.3
    assert 0 < ones < len(SEEDS) / 2   # both "always accept" and genuine ratios occur


def test_golden_discrete_symmetric():
    # weights (1, 8, 2, 5, 5), symmetric ±1 walk, move 5 → 1: α = min(1, 1/5) = 1/5
    given = {"target": "discrete", "weights": [1, 8, 2, 5, 5], "x": 5, "x_new": 1,
             "proposal": {"type": "cycle-walk", "r": ["1/2"] * 5}}
    FAM.verify(given, sp.Rational(1, 5))
    with pytest.raises(VerificationError):
        FAM.verify(given, sp.Rational(1, 4))


def test_golden_discrete_asymmetric():
    # weights (5, 9, 6, 4, 9), r = (1/3, 3/4, 1/2, 1/2, 1/3), move 3 → 2 (a left step):
    # q(3→2) = 1 − r3 = 1/2, q(2→3) = r2 = 3/4; ratio = (9/6)·(3/4)/(1/2) = 9/4 ⇒ α = 1
    given = {"target": "discrete", "weights": [5, 9, 6, 4, 9], "x": 3, "x_new": 2,
             "proposal": {"type": "cycle-walk", "r": ["1/3", "3/4", "1/2", "1/2", "1/3"]}}
    FAM.verify(given, sp.Integer(1))
    with pytest.raises(VerificationError):
        FAM.verify(given, sp.Rational(3, 2) * 1)   # forgot the Hastings factor and the cap


def test_golden_continuous_independence_sampler():
    # π̃ = x² e^(−x), x = 3/2 → x' = 2, q = Exp(1/2) independent of x:
    # π̃ ratio = 4e^(−2) / ((9/4)e^(−3/2)) = (16/9)e^(−1/2); q(x)/q(x') = e^(−3/4)/e^(−1) = e^(1/4)
    # ratio = (16/9)e^(−1/4) ≈ 1.3845 > 1 ⇒ α = 1; the reverse move has α = (9/16)e^(1/4) ≈ 0.7222
    given = {"target": "x**2*exp(-x)", "x": "3/2", "x_new": "2",
             "proposal": {"type": "exponential-independence", "rate": "1/2"}}
    FAM.verify(given, sp.Integer(1))
    reverse = dict(given, x="2", x_new="3/2")
    FAM.verify(reverse, sp.Rational(9, 16) * sp.exp(sp.Rational(1, 4)))
    with pytest.raises(VerificationError):
        FAM.verify(reverse, sp.Rational(9, 16))


def test_golden_gaussian_walk():
    # π̃ = (x²+1)e^(−x²/2), −1 → −3: (10 e^(−9/2)) / (2 e^(−1/2)) = 5e^(−4) ≈ 0.0916
    given = {"target": "(x**2 + 1)*exp(-x**2/2)", "x": "-1", "x_new": "-3",
             "proposal": {"type": "gaussian-walk", "tau": "1"}}
    FAM.verify(given, 5 * sp.exp(-4))


def test_same_seed_same_exercise():
    for params in COMBOS:
        for seed in range(10):
            assert make_exercise(FAM, params, seed).to_json() == make_exercise(FAM, params, seed).to_json()


# --- regressions of issue 10 ----------------------------------------------------------------

def test_prompts_state_the_precision():
    for params in FAM.variants():
        ex = make_exercise(FAM, params, 4)
        said = ex.checking.statement()
        assert said in ex.prompt_text and said in ex.prompt_tex, ex.id


def test_random_walk_proposal_states_its_variance():
    # "ε ~ N(0, 1/4)" left open whether 1/4 is the variance or the standard deviation
    for seed in range(10):
        ex = make_exercise(FAM, {"target": "continuous", "proposal": "symmetric"}, seed)
        tau2 = sp.Rational(ex.given["proposal"]["tau"]) ** 2
        assert f"the second argument is the variance, τ² = {uni(tau2)}" in ex.prompt_text, ex.id
        assert r"\tau^2 = " in ex.prompt_tex
