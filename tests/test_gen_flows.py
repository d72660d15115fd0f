"""flows: ln p(x) under affine, coupling and planar layers, in both directions, with a N(0, I) base."""

from __future__ import annotations

import math

import numpy as np
import pytest
import sympy as sp

from conftest import family
from family_sweep import deterministic, sweep
from osmose.family import VerificationError

FAM = family("flows")
R = sp.Rational
ln, pi, E = sp.log, sp.pi, sp.E


@pytest.mark.parametrize("ask", ("affine", "coupling", "planar"))
@pytest.mark.parametrize("level", (1, 2))
def test_many_seeds_verify_and_stay_well_formed(ask, level):
    made = sweep(FAM, {"ask": ask, "level": level}, range(30))
    assert len({ex.prompt_text for ex in made}) >= 27
    for ex in made:  # the direction convention is stated in every prompt
        assert "Convention" in ex.prompt_text and ("latent → data" in ex.prompt_text or "data → latent" in ex.prompt_text)
    if ask != "planar":
        generative = level == 2
        assert all(("generative" in ex.prompt_text) == generative for ex in made)


def test_affine_density_integrates_to_one():
    # the family's ln p(x) for a generative affine layer is a density in x: integrate exp(ln p) over a grid
    ex = sweep(FAM, {"ask": "affine", "level": 2}, range(1))[0]
    a, b = float(R(ex.given["a"])), float(R(ex.given["b"]))
    xs = np.linspace(b - 40 * abs(a), b + 40 * abs(a), 200001)
    dens = np.exp(-0.5 * ((xs - b) / a) ** 2) / (abs(a) * math.sqrt(2 * math.pi))  # N(b, a²) by hand
    assert abs(np.trapezoid(dens, xs) - 1) < 1e-9
    x = float(R(ex.given["x"]))
    assert abs(math.log(np.interp(x, xs, dens)) - float(ex.answer)) < 1e-6


# By hand.
# f(x) = 2x, x = 1: z = 2, ln p = −½ln 2π − 2 + ln 2.   g(z) = 2z, x = 2: z = 1, ln p = −½ln 2π − ½ − ln 2
#   (= ln N(2; 0, 4)).
# Coupling f with s(x1) = x1, t = 0 at x = (1, 0): z = (1, 0), ln p = −ln 2π − ½ + 1.
# Generative coupling with s(z1) = z1 + 1, t = 0 at x = (0, 2): s = 1, z = (0, 2/e), ln p = −ln 2π − 2e⁻² − 1.
# Planar at z0 = 0 with w = (1, 0), u = (1, 0), b = 0: tanh′(0) = 1, det = 1 + 1 = 2, ln p = −ln 2π − ln 2;
#   then scaling by s = (2, 1) subtracts ln 2 more.
PLANAR = {"ask": "planar", "z0": ["0", "0"], "u": ["1", "0"], "w": [1, 0], "b": "0"}


@pytest.mark.parametrize("given, answer, wrong", [
    ({"ask": "affine", "level": 1, "a": "2", "b": "0", "x": "1"}, -ln(2 * pi) / 2 - 2 + ln(2), -ln(2 * pi) / 2 - 2 - ln(2)),
    ({"ask": "affine", "level": 2, "a": "2", "b": "0", "x": "2"}, -ln(2 * pi) / 2 - R(1, 2) - ln(2),
     -ln(2 * pi) / 2 - R(1, 2) + ln(2)),
    ({"ask": "coupling", "level": 1, "s": ["1", "0"], "t": [0, 0], "x": ["1", "0"]}, -ln(2 * pi) + R(1, 2),
     -ln(2 * pi) - R(3, 2)),
    ({"ask": "coupling", "level": 2, "s": ["1", "1"], "t": [0, 0], "x": ["0", "2"]}, -ln(2 * pi) - 2 * E ** -2 - 1,
     -ln(2 * pi) - 2 * E ** 2 + 1),
    ({**PLANAR, "level": 1}, -ln(2 * pi) - ln(2), -ln(2 * pi) + ln(2)),
    ({**PLANAR, "level": 2, "scale": ["2", "1"], "shift": ["0", "0"]}, -ln(2 * pi) - 2 * ln(2), -ln(2 * pi) - ln(2)),
])
def test_golden_cases_and_a_wrong_answer_rejected(given, answer, wrong):
    FAM.verify(given, answer)
    with pytest.raises(VerificationError):
        FAM.verify(given, wrong)


def test_log_det_sign_slip_is_always_listed():
    # the direction convention's point: the sign of the log-det is the slip every variant offers
    for ask in ("affine", "coupling"):
        for ex in sweep(FAM, {"ask": ask, "level": 2}, range(15)):
            assert any(m.name == "log-det sign" for m in ex.mistakes)


def test_same_seed_same_exercise():
    assert deterministic(FAM, {"ask": "planar", "level": 2})
