"""vectors3d: dot, angle, projection and cross product, by hand and over many seeds."""

from __future__ import annotations

import pytest
import sympy as sp

from conftest import family
from family_sweep import deterministic, sweep
from osmose.family import VerificationError

FAM = family("vectors3d")
R = sp.Rational
A, B = [1, 2, 3], [4, 5, 6]


@pytest.mark.parametrize("ask", ("dot", "angle", "projection", "cross"))
def test_many_seeds_verify_and_stay_well_formed(ask):
    made = sweep(FAM, {"ask": ask})
    if ask == "cross":
        for ex in made:  # orthogonal to both inputs, exactly
            c = sp.Matrix(ex.answer)
            assert c.dot(sp.Matrix(ex.given["a"])) == 0 and c.dot(sp.Matrix(ex.given["b"])) == 0


def test_same_seed_same_exercise():
    assert deterministic(FAM, {"ask": "projection"})


def test_golden_dot_and_cross():
    # 1·4 + 2·5 + 3·6 = 32; (2·6 − 3·5, 3·4 − 1·6, 1·5 − 2·4) = (−3, 6, −3)
    FAM.verify({"ask": "dot", "a": A, "b": B}, sp.Integer(32))
    FAM.verify({"ask": "cross", "a": A, "b": B}, (sp.Integer(-3), sp.Integer(6), sp.Integer(-3)))
    with pytest.raises(VerificationError):
        FAM.verify({"ask": "cross", "a": A, "b": B}, (sp.Integer(3), sp.Integer(-6), sp.Integer(3)))


def test_golden_projection():
    # (a·b/|b|²) b = (32/77)(4, 5, 6) = (128/77, 160/77, 192/77)
    FAM.verify({"ask": "projection", "a": A, "b": B}, (R(128, 77), R(160, 77), R(192, 77)))


def test_golden_angle():
    # (1,0,0) and (1,1,0): cos θ = 1/√2 → θ = π/4
    FAM.verify({"ask": "angle", "a": [1, 0, 0], "b": [1, 1, 0]}, sp.pi / 4)
    with pytest.raises(VerificationError):
        FAM.verify({"ask": "angle", "a": [1, 0, 0], "b": [1, 1, 0]}, sp.Integer(45))
