"""kinematics: a planar two-link arm (position, J q̇, singular configurations) and a projectile
(constant-acceleration kinematics, F = ma with a constant force, linear drag)."""

from __future__ import annotations

import pytest
import sympy as sp

from conftest import family
from family_sweep import deterministic, find_seed, sweep
from osmose.family import VerificationError

FAM = family("kinematics")
R = sp.Rational


@pytest.mark.parametrize("system", ("arm", "projectile"))
@pytest.mark.parametrize("level", (1, 2, 3))
def test_many_seeds_verify_and_stay_well_formed(system, level):
    made = sweep(FAM, {"system": system, "level": level}, range(60))
    assert len({ex.prompt_text for ex in made}) >= 50


# By hand.
# Arm l₁ = l₂ = 1 at q = (π/2, −π/2): link 1 points up to (0, 1), link 2 at angle 0 adds (1, 0): tip (1, 1).
#   At q = (0, π/2), q̇ = (1, 0): the whole arm turns rigidly about the base at 1 rad/s; the tip
#   (1, 1) moves at ω × r = (−1, 1).
#   l₁ = 2, l₂ = 1 stretched along the x-axis (q = (0, 0)): the tip can only move in y — v = (0, 1) has a
#   line of solutions, v = (1, 0) none; with the elbow at π/2, J is invertible: unique.
# Projectile v₀ = 10 m/s at π/4, g = 9.8: range v₀² sin(π/2)/g = 100/9.8 = 500/49; flight time
#   2·10·(√2/2)/9.8 = 50√2/49; peak 100·(1/2)/19.6 = 125/49.
# Mass 2 kg, wind 4 N, launched at (0, 10) m/s, t = 1 s: a = (2, −9.8), position (1, 10 − 4.9) = (1, 51/10).
# Drag m = k = 1, so v_T = 9.8: from v₀ = 9.8 the top comes at ln(1 + 1) = ln 2 (not v₀/g = 1);
#   from v₀ = 0.2, v(1) = (0.2 + 9.8)e^(−1) − 9.8 = 10/e − 49/5.
ARM = {"system": "arm", "l1": 1, "l2": 1}
DRAG = {"system": "projectile", "level": 3, "m": "1", "k": "1"}
FLIGHT = {"system": "projectile", "level": 1, "v0": 10, "theta": "1/4"}


@pytest.mark.parametrize("given, answer, wrong", [
    ({**ARM, "level": 1, "q1": "1/2", "q2": "-1/2"}, (sp.Integer(1), sp.Integer(1)), (sp.Integer(0), sp.Integer(0))),
    ({**ARM, "level": 2, "q1": "0", "q2": "1/2", "qdot": [1, 0]}, (sp.Integer(-1), sp.Integer(1)),
     (sp.Integer(1), sp.Integer(-1))),
    ({"system": "arm", "level": 3, "l1": 2, "l2": 1, "q1": "0", "q2": "0", "v": ["0", "1"]}, "infinitely many", "unique"),
    ({"system": "arm", "level": 3, "l1": 2, "l2": 1, "q1": "0", "q2": "0", "v": ["1", "0"]}, "none", "infinitely many"),
    ({"system": "arm", "level": 3, "l1": 2, "l2": 1, "q1": "0", "q2": "1/2", "v": ["1", "0"]}, "unique", "none"),
    ({**FLIGHT, "ask": "range"}, R(500, 49), R(250, 49)),
    ({**FLIGHT, "ask": "time"}, 50 * sp.sqrt(2) / 49, 25 * sp.sqrt(2) / 49),
    ({**FLIGHT, "ask": "peak"}, R(125, 49), R(250, 49)),
    ({"system": "projectile", "level": 2, "m": "2", "F": 4, "vx": 0, "vy": 10, "t": "1"},
     (sp.Integer(1), R(51, 10)), (sp.Integer(2), R(51, 10))),
    ({**DRAG, "v0": 9.8, "ask": "top"}, sp.log(2), sp.Integer(1)),
    ({**DRAG, "v0": 0.2, "ask": "velocity", "t": "1"}, 10 * sp.exp(-1) - R(49, 5), R(1, 5) - R(49, 5)),
])
def test_golden_cases_and_a_wrong_answer_rejected(given, answer, wrong):
    FAM.verify(given, answer)
    with pytest.raises(VerificationError):
        FAM.verify(given, wrong)


def test_singular_configurations_are_drawn_and_the_answers_balanced():
    made = sweep(FAM, {"system": "arm", "level": 3}, range(90))
    counts = {c: sum(ex.answer == c for ex in made) for c in ("unique", "none", "infinitely many")}
    assert min(counts.values()) >= 18, counts
    singular = next(ex for ex in made if ex.answer == "none")
    assert singular.given["q2"] in ("0", "1") and "singular" in " ".join(s.say for s in singular.solution)


def test_drag_feedback_names_the_kinematics_only_answer():
    ex = find_seed(FAM, {"system": "projectile", "level": 3}, lambda g: g["ask"] == "top")
    slip = next(m for m in ex.mistakes if m.name == "no drag (kinematics alone)")
    assert slip.answer == ex.given["v0"] / R(49, 5) and ex.answer < slip.answer


def test_same_seed_same_exercise():
    assert deterministic(FAM, {"system": "arm", "level": 2})
    assert deterministic(FAM, {"system": "projectile", "level": 3})
