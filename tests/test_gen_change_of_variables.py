"""change_of_variables: Jacobian determinants and coupling-layer log-determinants."""

from __future__ import annotations

import pytest
import sympy as sp

from conftest import family
from family_sweep import deterministic, sweep
from osmose.exercises import make_exercise
from osmose.family import VerificationError

FAM = family("change_of_variables")
u, v, z1, x1 = sp.symbols("u v z1 x1")


@pytest.mark.parametrize("level", (1, 2, 3, 4, 5, 6))
def test_many_seeds_verify_and_stay_well_formed(level):
    made = sweep(FAM, {"level": level}, range(200))
    assert len({ex.prompt_text for ex in made}) >= 120  # the variety floor (level 2 had 64)


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


# --- the determinant at work (issue 10) ---------------------------------------------------

def test_coupling_inverse_shows_minus_s_of_x1():
    # issue 10: the step log|det ∂z/∂x| = −s(x₁) was skipped, so s read as 2x₁² + 1
    for seed in range(40):
        ex = make_exercise(FAM, {"level": 3}, seed)
        if ex.given["inputs"][0] == "x1":
            text = " ".join(st.text for st in ex.solution)
            assert "log|det ∂z/∂x| = −s(x₁) = −(" in text, ex.id
            return
    raise AssertionError("no inverse coupling layer in 40 seeds")


def test_golden_polar_gaussian_integral():
    # ∬_{x²+y² ≤ 4} e^{−(x²+y²)} dx dy = 2π ∫₀² e^{−r²} r dr = π(1 − e^{−4})
    given = {"ask": "polar", "f": "exp(-q)", "r_inner": 0, "r_outer": 2, "angle": "2*pi"}
    FAM.verify(given, sp.pi * (1 - sp.exp(-4)))
    with pytest.raises(VerificationError):   # forgot r: 2π ∫₀² e^{−r²} dr = π^{3/2} erf(2)
        FAM.verify(given, sp.pi ** sp.Rational(3, 2) * sp.erf(2))
    # quarter ring 1 ≤ r ≤ 2 of x² + y²: (π/2)·(2⁴ − 1⁴)/4 = 15π/8
    FAM.verify({"ask": "polar", "f": "q", "r_inner": 1, "r_outer": 2, "angle": "pi/2"}, 15 * sp.pi / 8)


def test_golden_density_of_a_linear_map():
    # Y = AX + b, A = [[2, 1], [0, 1]] (det 2), b = (1, 0), y = (3, 1): x = A⁻¹(y − b) = (1/2)·[[1, −1], [0, 2]](2, 1)
    # = (1/2, 1), ‖x‖² = 5/4 → p_Y = e^{−5/8}/(2π·2)
    given = {"ask": "density", "base": "standard normal in 2-D", "A": [[2, 1], [0, 1]], "b": [1, 0], "y": [3, 1]}
    FAM.verify(given, sp.exp(-sp.Rational(5, 8)) / (4 * sp.pi))
    with pytest.raises(VerificationError):   # multiplied by |det A|
        FAM.verify(given, sp.exp(-sp.Rational(5, 8)) / sp.pi)


def test_golden_density_of_a_power():
    # X ~ U(0, 1), Y = X²: P(Y ≤ y) = √y, so p_Y(1/4) = 1/(2·√(1/4)) = 1
    FAM.verify({"ask": "density", "base": "Uniform(0, 1)", "g": "1*x**2", "y": "1/4"}, sp.Integer(1))
    # X ~ N(0, 1), Y = e^X (log-normal): p_Y(y) = φ(ln y)/y; at y = 1: 1/√(2π)
    FAM.verify({"ask": "density", "base": "N(0, 1)", "g": "exp(1*x)", "y": "1"}, 1 / sp.sqrt(2 * sp.pi))


def test_golden_flow_log_likelihood():
    # s(z₁) = z₁, t(z₁) = 0 at x = (1, 0): z = (1, 0·e^{−1}) = (1, 0), log|det ∂z/∂x| = −s(1) = −1
    # log p = −log 2π − (1² + 0²)/2 − 1 = −log(2π) − 3/2
    given = {"ask": "flow", "s": "z1", "t": "0", "x": [1, 0], "base": "N(0, I2)"}
    FAM.verify(given, -sp.log(2 * sp.pi) - sp.Rational(3, 2))
    with pytest.raises(VerificationError):   # +s instead of −s
        FAM.verify(given, -sp.log(2 * sp.pi) + sp.Rational(1, 2))
    assert sorted(FAM.levels) == [1, 2, 3, 4, 5, 6]
