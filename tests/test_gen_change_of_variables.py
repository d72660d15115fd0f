"""change_of_variables: Jacobian determinants and coupling-layer log-determinants."""

from __future__ import annotations

import pytest
import sympy as sp

from conftest import family
from family_sweep import deterministic, sweep
from osmose.family import VerificationError

FAM = family("change_of_variables")
u, v, z1, x1 = sp.symbols("u v z1 x1")


@pytest.mark.parametrize("level", (1, 2, 3))
def test_many_seeds_verify_and_stay_well_formed(level):
    sweep(FAM, {"level": level})


def test_same_seed_same_exercise():
    assert deterministic(FAM, {"level": 3})


def test_golden_linear():
    # x = 2u + v, y = u + 3v: det = 2·3 − 1·1 = 5
    given = {"ask": "det", "inputs": ["u", "v"], "map": ["2*u + v", "u + 3*v"], "domains": {"u": "real", "v": "real"}}
    FAM.verify(given, sp.Integer(5))
    with pytest.raises(VerificationError):
        FAM.verify(given, sp.Integer(7))  # ad + bc


def test_golden_polar():
    # x = r cos θ, y = r sin θ: det = r cos²θ + r sin²θ = r
    given = {"ask": "det", "inputs": ["u", "v"], "map": ["u*cos(v)", "u*sin(v)"],
             "domains": {"u": "positive", "v": "real"}}
    FAM.verify(given, u)
    with pytest.raises(VerificationError):
        FAM.verify(given, -u)


def test_golden_coupling_layer():
    # x1 = z1, x2 = z2 e^{2 z1} + z1²: triangular Jacobian, diagonal (1, e^{2 z1}) → log det = 2 z1
    given = {"ask": "logdet", "inputs": ["z1", "z2"], "map": ["z1", "z2*exp(2*z1) + z1**2"],
             "domains": {"z1": "real", "z2": "real"}}
    FAM.verify(given, 2 * z1)
    # its inverse z2 = (x2 − x1²) e^{−2 x1}: log det = −2 x1
    inv = {"ask": "logdet", "inputs": ["x1", "x2"], "map": ["x1", "(x2 - x1**2)*exp(-2*x1)"],
           "domains": {"x1": "real", "x2": "real"}}
    FAM.verify(inv, -2 * x1)
    with pytest.raises(VerificationError):
        FAM.verify(inv, 2 * x1)
