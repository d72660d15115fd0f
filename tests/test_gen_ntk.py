"""ntk: the empirical NTK of a two-layer net and the linearised step, against hand values."""

from __future__ import annotations

import math

import pytest
import sympy as sp

from conftest import family
from family_sweep import deterministic, sweep
from osmose.concepts import prose_problem, tex_problem
from osmose.family import VerificationError

FAM = family("ntk")
R = sp.Rational


@pytest.mark.parametrize("task", ("kernel", "linearised"))
@pytest.mark.parametrize("level", (1, 2))
def test_many_seeds_verify_and_stay_well_formed(level, task):
    made = sweep(FAM, {"level": level, "task": task}, seeds=range(150))
    for ex in made:
        assert prose_problem(ex.prompt_tex) is None, ex.id
        assert all(tex_problem(s.tex) is None for s in ex.solution), ex.id
    if task == "kernel" and level == 1:   # the disjoint-units case is drawn, but rarely
        zeros = sum(ex.answer == 0 for ex in made)
        assert 0 < zeros < 0.3 * len(made)


def test_golden_kernel_relu():
    # w = (1, −1), v = (2, 1), x = x′ = ... take x = 1, x′ = 2: unit 1 on at both, unit 2 off at both.
    # features: σ(1)σ(2) = 2; weights: v₁²·1·1·x x′ = 4·2 = 8 → Θ = 10
    given = {"task": "kernel", "w": ["1", "-1"], "v": ["2", "1"], "level": 1, "x": "1", "xp": "2"}
    FAM.verify(given, 10)
    with pytest.raises(VerificationError):
        FAM.verify(given, 2)                     # features only


def test_golden_kernel_tanh_and_step():
    # one tanh unit would do, but the family's nets have three; put the others at w = v = 0:
    # w = (1, 0, 0), v = (1, 0, 0): Θ(x, x′) = tanh(x)tanh(x′) + (1 − tanh²x)(1 − tanh²x′)x x′
    x, xp = 0.5, 1.0
    t, tp = math.tanh(x), math.tanh(xp)
    theta = t * tp + (1 - t * t) * (1 - tp * tp) * x * xp
    given = {"task": "kernel", "w": ["1", "0", "0"], "v": ["1", "0", "0"], "level": 2, "x": "1/2", "xp": "1"}
    FAM.verify(given, sp.Float(theta))
    # linearised step with η = 1/10, y₁ = 0 at x₁ = 1: f(1/2) − η Θ (f(1) − 0)
    step = {**given, "task": "linearised", "eta": "1/10", "y1": "0"}
    FAM.verify(step, sp.Float(t - 0.1 * theta * tp))
    with pytest.raises(VerificationError):
        FAM.verify(step, sp.Float(t + 0.1 * theta * tp))


def test_same_seed_same_exercise():
    for task in ("kernel", "linearised"):
        assert deterministic(FAM, {"level": 2, "task": task})
