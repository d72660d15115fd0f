"""backprop: hand-derived gradients of a one-hidden-unit network, checked by hand and over many seeds."""

from __future__ import annotations

import pytest
import sympy as sp

from conftest import family
from family_sweep import deterministic, sweep
from osmose.family import VerificationError

FAM = family("backprop")
gen = __import__(FAM.generate.__module__)
I = sp.Integer  # noqa: E741


@pytest.mark.parametrize("level", (1, 2, 3))
def test_many_seeds_verify_and_stay_well_formed(level):
    made = sweep(FAM, {"level": level})
    assert all(len(ex.answer) == (5 if level == 2 else 4) for ex in made)


def test_same_seed_same_exercise():
    assert deterministic(FAM, {"level": 3})


def test_golden_relu():
    # x=2, w=1, b=-1 → z=1 > 0, a=1; v=3, c=0 → ŷ=3; y=1 → ŷ−y=2
    # ∂L/∂v = 2·1 = 2, ∂L/∂c = 2, ∂L/∂z = 2·3·1 = 6 → ∂L/∂w = 6·2 = 12, ∂L/∂b = 6
    grads, _ = gen.gradients("relu", [I(2)], [I(1)], I(-1), I(3), I(0), I(1))
    assert grads == (12, 6, 2, 2)
    given = {"activation": "relu", "x": [2], "w": [1], "b": -1, "v": 3, "c": 0, "y": 1,
             "order": ["w", "b", "v", "c"]}
    FAM.verify(given, grads)
    with pytest.raises(VerificationError):  # forgot the output weight v on the way back
        FAM.verify(given, (I(4), I(2), I(2), I(2)))


def test_golden_sigmoid_at_zero():
    # x=1, w=1, b=-1 → z=0, σ=1/2, σ'=1/4; v=2, c=0 → ŷ=1; y=0 → ŷ−y=1
    # ∂L/∂v = 1·1/2, ∂L/∂c = 1, ∂L/∂z = 1·2·1/4 = 1/2 → ∂L/∂w = 1/2, ∂L/∂b = 1/2
    grads, _ = gen.gradients("sigmoid", [I(1)], [I(1)], I(-1), I(2), I(0), I(0))
    half = sp.Rational(1, 2)
    assert tuple(sp.nsimplify(g) for g in grads) == (half, half, half, 1)
    given = {"activation": "sigmoid", "x": [1], "w": [1], "b": -1, "v": 2, "c": 0, "y": 0,
             "order": ["w", "b", "v", "c"]}
    FAM.verify(given, (half, half, half, I(1)))


def test_two_inputs_share_the_hidden_error():
    # x=(1, -2), w=(1, 1), b=2 → z=1; v=1, c=0 → ŷ=1; y=-1 → ŷ−y=2, ∂L/∂z = 2
    grads, _ = gen.gradients("relu", [I(1), I(-2)], [I(1), I(1)], I(2), I(1), I(0), I(-1))
    assert grads == (2, -4, 2, 2, 2)
