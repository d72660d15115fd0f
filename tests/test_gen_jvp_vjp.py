"""jvp_vjp: forward- and reverse-mode products checked by hand and over many seeds."""

from __future__ import annotations

import pytest
import sympy as sp

from conftest import family
from family_sweep import deterministic, sweep
from osmose.family import VerificationError

FAM = family("jvp_vjp")

# h(x) = (x1 x2, x1 + x2), g(u) = (u1², u1 u2), x0 = (1, 2):
#   u0 = (2, 3); J_h(x0) = [[2, 1], [1, 1]]; J_g(u0) = [[2u1, 0], [u2, u1]] = [[4, 0], [3, 2]]
#   JVP, v = (1, 0): J_h v = (2, 1); J_g (2, 1) = (8, 6 + 2) = (8, 8)
#   VJP, w = (1, 0): wᵀJ_g = (4, 0); (4, 0) J_h = (8, 4)
# Cross-check on F = (x1² x2², x1² x2 + x1 x2²): ∂F/∂x1 = (2x1x2², 2x1x2 + x2²) = (8, 8); ∇F_1 = (8, 4).
GOLDEN = {"x": ["x1", "x2"], "u": ["u1", "u2"], "h": ["x1*x2", "x1 + x2"], "g": ["u1**2", "u1*u2"],
          "point": [1, 2], "vector": [1, 0]}


@pytest.mark.parametrize("mode", ("jvp", "vjp"))
@pytest.mark.parametrize("level", (1, 2, 3))
def test_many_seeds_verify_and_stay_well_formed(level, mode):
    made = sweep(FAM, {"level": level, "mode": mode})
    n_out = 3 if (level == 3 and mode == "vjp") else 2
    assert all(len(ex.answer) == n_out for ex in made)
    # the worked solution never forms J_F: no step equates J_F(x₀) to a matrix,
    # and the last step multiplies a local Jacobian (J_g or J_h) with a propagated vector
    assert all(r"J_F(x_0) = \begin" not in s.tex for ex in made for s in ex.solution)
    assert all(("J_g(u_0)" if mode == "jvp" else "J_h(x_0)") in ex.solution[-1].tex for ex in made)


def test_same_seed_same_exercise():
    assert deterministic(FAM, {"level": 2, "mode": "vjp"})


def test_golden_jvp():
    FAM.verify({**GOLDEN, "mode": "jvp"}, (sp.Integer(8), sp.Integer(8)))
    with pytest.raises(VerificationError):
        FAM.verify({**GOLDEN, "mode": "jvp"}, (sp.Integer(8), sp.Integer(4)))


def test_golden_vjp():
    FAM.verify({**GOLDEN, "mode": "vjp"}, (sp.Integer(8), sp.Integer(4)))
    with pytest.raises(VerificationError):
        FAM.verify({**GOLDEN, "mode": "vjp"}, (sp.Integer(8), sp.Integer(8)))


def test_levels_are_declared_easiest_first():
    assert sorted(FAM.levels) == [1, 2, 3]
