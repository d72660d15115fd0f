"""gradient_jacobian: gradients and Jacobians checked by hand and over many seeds."""

from __future__ import annotations

import pytest
import sympy as sp

from conftest import family
from family_sweep import deterministic, sweep
from osmose.exercises import make_exercise
from osmose.family import VerificationError

FAM = family("gradient_jacobian")
gen = __import__(FAM.generate.__module__)
x, y, z = sp.symbols("x y z")


@pytest.mark.parametrize("level", (1, 2, 3))
def test_many_seeds_verify_and_stay_well_formed(level):
    made = sweep(FAM, {"level": level})
    shapes = {(1, 2): 1, (2, 2): 2, (2, 3): 3}
    for ex in made:
        shape = (1, len(ex.answer)) if level == 1 else ex.answer.shape
        assert shapes[shape] == level


def test_same_seed_same_exercise():
    assert deterministic(FAM, {"level": 2})


def test_golden_gradient():
    # f = x²y + sin(3x): ∂f/∂x = 2xy + 3cos(3x), ∂f/∂y = x²
    given = {"variables": ["x", "y"], "components": ["x**2*y + sin(3*x)"]}
    FAM.verify(given, (2 * x * y + 3 * sp.cos(3 * x), x**2))
    with pytest.raises(VerificationError):  # chain-rule factor 3 forgotten
        FAM.verify(given, (2 * x * y + sp.cos(3 * x), x**2))


def test_golden_jacobian_and_its_transpose():
    # F = (xy, x + y²): rows (y, x) and (1, 2y)
    given = {"variables": ["x", "y"], "components": ["x*y", "x + y**2"]}
    J = sp.ImmutableMatrix([[y, x], [1, 2 * y]])
    FAM.verify(given, J)
    with pytest.raises(VerificationError):
        FAM.verify(given, J.T)


def test_golden_jacobian_3_inputs():
    # F = (x y z, x + e^z): rows (yz, xz, xy) and (1, 0, e^z)
    given = {"variables": ["x", "y", "z"], "components": ["x*y*z", "x + exp(z)"]}
    FAM.verify(given, sp.ImmutableMatrix([[y * z, x * z, x * y], [1, 0, sp.exp(z)]]))


def test_chain_rule_mistake_drops_only_the_inner_factor():
    # d/dx [y sin(3x)] = 3y cos(3x); dropping the inner 3 gives y cos(3x)
    assert gen.naive_diff(y * sp.sin(3 * x), x) == y * sp.cos(3 * x)
    # no inner function: nothing to forget, 2xy either way
    assert gen.naive_diff(x**2 * y, x) == 2 * x * y
    assert gen.naive_diff(sp.exp(x * y), y) == sp.exp(x * y)


def test_transposed_mistake_is_offered_for_jacobians():
    ex = make_exercise(FAM, {"level": 3}, 5)
    transposed = [m for m in ex.mistakes if m.name == "transposed"]
    assert transposed and transposed[0].answer == ex.answer.T


def test_levels_are_declared_easiest_first():
    assert sorted(FAM.levels) == [1, 2, 3]
