"""lagrangian: Euler–Lagrange equations of motion."""

from __future__ import annotations

import pytest
import sympy as sp

from conftest import family
from family_sweep import deterministic, sweep
from osmose.family import VerificationError

FAM = family("lagrangian")
q, theta, r, w = sp.symbols("q theta r omega", real=True)


@pytest.mark.parametrize("level", (1, 2, 3))
def test_many_seeds_verify_and_stay_well_formed(level):
    made = sweep(FAM, {"level": level}, range(60))
    assert len({ex.prompt_text for ex in made}) >= 45


# By hand: m = 2, V = q²: 2q̈ = −2q, q̈ = −q. Pendulum l = 2, g = 10: θ̈ = −5 sin θ (any m).
# Central spring V = r²/2 (k = 1), m = 1: r̈ = rω² − r; gravity V = −2/r, m = 1: r̈ = rω² − 2/r².
@pytest.mark.parametrize("given, answer, wrong", [
    ({"level": 1, "m": 2, "V": "q**2", "coefficients": [0, 1, 0, 0]}, -q, -2 * q),
    ({"level": 2, "m": 3, "l": "2", "g": "10"}, -5 * sp.sin(theta), -5 * theta),
    ({"level": 3, "m": 1, "V": "r**2/2", "k": 1, "kind": "spring"}, r * w ** 2 - r, -r),
    ({"level": 3, "m": 1, "V": "-2/r", "k": 2, "kind": "gravity"}, r * w ** 2 - 2 / r ** 2, r * w ** 2 + 2 / r ** 2),
])
def test_golden_cases_and_a_wrong_answer_rejected(given, answer, wrong):
    FAM.verify(given, answer)
    with pytest.raises(VerificationError):
        FAM.verify(given, wrong)


def test_same_seed_same_exercise():
    assert deterministic(FAM, {"level": 3})
