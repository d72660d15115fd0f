"""optimizers: momentum and Adam by hand (bias correction), effective learning rates."""

from __future__ import annotations

import pytest
import sympy as sp

from conftest import family
from family_sweep import deterministic, sweep
from osmose.concepts import prose_problem, tex_problem
from osmose.exercises import make_exercise
from osmose.family import VerificationError

FAM = family("optimizers")
R = sp.Rational
F = sp.Float


@pytest.mark.parametrize("task", ("momentum", "adam", "effective"))
@pytest.mark.parametrize("level", (1, 2))
def test_many_seeds_verify_and_stay_well_formed(level, task):
    made = sweep(FAM, {"level": level, "task": task}, seeds=range(120))
    for ex in made:
        assert prose_problem(ex.prompt_tex) is None, ex.id
        assert all(tex_problem(s.tex) is None for s in ex.solution), ex.id
        assert "update rule" in ex.prompt_text           # the convention is stated


def test_golden_momentum():
    # θ₀ = (1, 0), v₀ = (1, 1), β = 1/2, η = 1/10, g = (2, −2): v₁ = (2.5, −1.5), θ₁ = (0.75, 0.15)
    given = {"task": "momentum", "eta": "1/10", "beta": "1/2", "theta": [1, 0], "v0": [1, 1], "grads": [[2, -2]]}
    FAM.verify(given, (R(3, 4), R(3, 20)))
    with pytest.raises(VerificationError):
        FAM.verify(given, (R(4, 5), R(1, 5)))               # plain SGD: θ − ηg


def test_golden_adam_first_step_is_eta_sign_g():
    # m̂ = g, ŝ = g² on the first step: θ₁ = θ₀ − η·g/(|g| + 1e-8) = (1 − 0.1, 2 + 0.1) up to 1e-9
    given = {"task": "adam", "eta": "1/10", "beta1": "9/10", "beta2": "999/1000", "theta": [1, 2], "grads": [[3, -5]]}
    FAM.verify(given, (F("0.9"), F("2.1")))
    # without bias correction: m = 0.3, s = 0.009, step 0.1·0.3/0.0949 = 0.316 — rejected
    with pytest.raises(VerificationError):
        FAM.verify(given, (F("0.683772"), F("2.316228")))


def test_golden_effective_learning_rates():
    # momentum: η/(1 − β) = 0.1/(1 − 0.9) = 1
    FAM.verify({"task": "effective", "eta": "1/10", "beta": "9/10", "g": 3}, 1)
    # Adam, g = (2, ·) then (2, ·), β₂ = 0.99: s₂ = 0.99·0.04 + 0.04 = 0.0796, ŝ₂ = 0.0796/(1 − 0.9801) = 4 → η/2
    given = {"task": "effective", "eta": "1/100", "beta1": "9/10", "beta2": "99/100", "theta": [0, 0],
             "grads": [[2, 1], [2, 3]], "coordinate": 0}
    FAM.verify(given, F("0.005"))
    with pytest.raises(VerificationError):
        FAM.verify(given, F("0.0025"))


def test_a_zero_gradient_coordinate_is_drawn_and_explained():
    for seed in range(80):
        ex = make_exercise(FAM, {"level": 1, "task": "adam"}, seed)
        if ex.given["grads"][0][0] == 0:
            assert float(ex.answer[0]) == ex.given["theta"][0]
            assert "0/0" in ex.solution[0].say
            return
    raise AssertionError("no zero-gradient draw in 80 seeds")


def test_same_seed_same_exercise():
    for task in ("momentum", "adam", "effective"):
        assert deterministic(FAM, {"level": 2, "task": task})
