"""densities_cdfs: normalise and integrate a density, inverse-transform sampling, Y = g(X)."""

from __future__ import annotations

import pytest
import sympy as sp

from conftest import family
from family_sweep import deterministic, find_seed, sweep
from osmose.family import VerificationError

FAM = family("densities_cdfs")
R, E, u = sp.Rational, sp.E, sp.Symbol("u")
TASKS = ("interval", "quantile", "transform")


@pytest.mark.parametrize("task", TASKS)
@pytest.mark.parametrize("level", (1, 2))
def test_many_seeds_verify_and_stay_well_formed(task, level):
    made = sweep(FAM, {"task": task, "level": level}, range(60))
    assert len({ex.prompt_text for ex in made}) >= 50


POLY = {"kind": "poly", "k": 1, "L": 2, "falling": False}
TEXP = {"kind": "texp", "lam": "1", "L": 1}


# Worked by hand:
#   c·x on [0, 2]: area 2, c = 1/2; F(x) = x²/4, P(1/2 < X ≤ 1) = 1/4 − 1/16 = 3/16.
#   c·e^(−x) on [0, 1]: c = 1/(1 − e^(−1)); P(−1 < X ≤ 1/2) = F(1/2) − F(0) = (1 − e^(−1/2))/(1 − e^(−1)).
#   2x on [0, 1] (c·x with L = 1): F(x) = x², u = 0.49 gives x = 0.7.
#   Exponential(2): F(x) = 1 − e^(−2x), F⁻¹(u) = −ln(1 − u)/2.
#   Pareto x_m = 1, α = 1: F(x) = 1 − 1/x, F⁻¹(u) = 1/(1 − u).
#   Standard Cauchy: F(x) = 1/2 + arctan(x)/π, F⁻¹(u) = tan(π(u − 1/2)).
#   Uniform(0, 2), Y = 3X + 1: f_Y(4) = f_X(1)/3 = 1/6; f_Y(10) = 0 (x = 3 is off the support).
#   Uniform(−1, 1), Y = X²: f_Y(y) = (1/2 + 1/2)/(2√y), so f_Y(1/4) = 1 (one branch alone: 1/2).
#   Exponential(1), Y = e^X: f_Y(y) = e^(−ln y)/y = 1/y², so f_Y(2) = 1/4.
@pytest.mark.parametrize("given, answer, wrong", [
    ({"task": "interval", "level": 1, "density": POLY, "a": "1/2", "b": "1"}, (R(1, 2), R(3, 16)),
     (R(1, 2), R(1, 4))),
    ({"task": "interval", "level": 2, "density": TEXP, "a": "-1", "b": "1/2"},
     (1 / (1 - E ** -1), (1 - E ** R(-1, 2)) / (1 - E ** -1)),
     (1 / (1 - E ** -1), (E - E ** R(-1, 2)) / (1 - E ** -1))),
    ({"task": "quantile", "level": 1, "density": {"kind": "poly", "k": 1, "L": 1, "falling": False},
      "u": "49/100"}, R(7, 10), R(49, 100)),
    ({"task": "quantile", "level": 2, "density": {"kind": "exp", "lam": "2", "m": 0}},
     -sp.log(1 - u) / 2, -sp.log(u) / 2),
    ({"task": "quantile", "level": 2, "density": {"kind": "pareto", "xm": 1, "alpha": "1"}},
     1 / (1 - u), 1 - u),
    ({"task": "quantile", "level": 2, "density": {"kind": "cauchy", "mu": 0, "gamma": 1}},
     sp.tan(sp.pi * (u - R(1, 2))), sp.tan(sp.pi * u)),
    ({"task": "transform", "level": 1, "density": {"kind": "uniform", "lo": 0, "hi": 2}, "g": "affine",
      "a": "3", "b": 1, "y": "4"}, R(1, 6), R(1, 2)),
    ({"task": "transform", "level": 1, "density": {"kind": "uniform", "lo": 0, "hi": 2}, "g": "affine",
      "a": "3", "b": 1, "y": "10"}, sp.Integer(0), R(1, 6)),
    ({"task": "transform", "level": 2, "density": {"kind": "sym", "shape": "uniform", "L": 1}, "g": "square",
      "y": "1/4"}, sp.Integer(1), R(1, 2)),
    ({"task": "transform", "level": 2, "density": {"kind": "exp", "lam": "1", "m": 0}, "g": "exp", "y": "2"},
     R(1, 4), R(1, 2)),
])
def test_golden_cases_and_a_wrong_answer_rejected(given, answer, wrong):
    FAM.verify(given, answer)
    with pytest.raises(VerificationError):
        FAM.verify(given, wrong)


def test_off_support_intervals_are_drawn_and_explained():
    ex = find_seed(FAM, {"task": "interval", "level": 2}, lambda g: R(g["b"]) > g["density"]["L"])
    assert any("outside the support" in s.say for s in ex.solution)
    assert any(m.name == "interval not clipped to the support" for m in ex.mistakes)


def test_a_point_outside_the_range_of_y_has_density_zero_and_says_why():
    ex = find_seed(FAM, {"task": "transform", "level": 1}, _off_support)
    assert ex.answer == 0
    assert any("outside the support" in s.say for s in ex.solution)
    assert [m.name for m in ex.mistakes] == ["formula used off the support"]


def _off_support(given) -> bool:
    d = given["density"]
    if d["kind"] not in ("poly", "uniform"):
        return False
    lo, hi = (0, d["L"]) if d["kind"] == "poly" else (d["lo"], d["hi"])
    x = (R(given["y"]) - given["b"]) / R(given["a"])
    return not lo <= x <= hi


def test_x_squared_of_a_symmetric_x_adds_two_branches():
    ex = find_seed(FAM, {"task": "transform", "level": 2}, lambda g: g["density"]["kind"] == "sym")
    one = next(m for m in ex.mistakes if m.name == "one branch only")
    assert ex.answer == 2 * one.answer


def test_the_mirrored_sampler_is_named_and_rejected():
    ex = find_seed(FAM, {"task": "quantile", "level": 2}, lambda g: True)
    mirrored = next(m for m in ex.mistakes if m.name.startswith("mirrored"))
    assert "1 − U is uniform too" in mirrored.feedback
    with pytest.raises(VerificationError):
        FAM.verify(ex.given, mirrored.answer)


def test_same_seed_same_exercise():
    assert deterministic(FAM, {"task": "transform", "level": 2})
