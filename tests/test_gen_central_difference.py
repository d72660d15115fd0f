"""central_difference: values, exact errors and orders of finite-difference schemes."""

from __future__ import annotations

import pytest
import sympy as sp

from conftest import family
from family_sweep import deterministic, sweep
from osmose.family import VerificationError

FAM = family("central_difference")
gen = __import__(FAM.generate.__module__)
R = sp.Rational
x = gen.X


@pytest.mark.parametrize("level", (1, 2, 3, 4))
def test_many_seeds_verify_and_stay_well_formed(level):
    made = sweep(FAM, {"level": level})
    if level == 4:
        assert {ex.given["scheme"] for ex in made} == set(gen.SCHEMES)


def test_same_seed_same_exercise():
    assert deterministic(FAM, {"level": 2})


def test_golden_value_of_a_cubic():
    # x³ at 1 with h = 1/10: (1.331 − 0.729)/0.2 = 0.602/0.2 = 3.01 = 301/100 (f'(1) = 3)
    assert gen.central(x**3, 1, R(1, 10)) == R(301, 100)
    given = {"ask": "value", "f": "x**3", "x0": "1", "h": "1/10"}
    FAM.verify(given, R(301, 100))
    with pytest.raises(VerificationError):
        FAM.verify(given, sp.Integer(3))  # the exact derivative is not the difference quotient


def test_golden_error_of_a_cubic():
    # error = h² f'''/6 = (1/100)·6/6 = 1/100, i.e. 3.01 − 3
    FAM.verify({"ask": "error", "f": "x**3", "x0": "1", "h": "1/10"}, R(1, 100))


def test_golden_value_of_sine():
    # (sin(1/2) − sin(−1/2))/1 = 2 sin(1/2) = 2 × 0.4794255386 = 0.9588510772
    FAM.verify({"ask": "value", "f": "sin(x)", "x0": "0", "h": "1/2"}, sp.Float("0.9588510772", 15))


@pytest.mark.parametrize("scheme, order", [("forward", 1), ("backward", 1), ("central", 2),
                                           ("five-point", 4), ("second-central", 2)])
def test_golden_orders(scheme, order):
    offsets, weights, power, _ = gen.SCHEMES[scheme]
    given = {"ask": "order", "scheme": scheme, "offsets": list(offsets), "weights": [str(w) for w in weights],
             "h_power": power}
    FAM.verify(given, sp.Integer(order))
    with pytest.raises(VerificationError):
        FAM.verify(given, sp.Integer(3))
