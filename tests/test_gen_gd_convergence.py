"""gd_convergence: optimal step and rate, iterations to ε, heavy-ball momentum — by hand."""

from __future__ import annotations

import pytest
import sympy as sp

from conftest import family
from family_sweep import deterministic, sweep
from osmose.concepts import prose_problem, tex_problem
from osmose.exercises import make_exercise
from osmose.family import VerificationError

FAM = family("gd_convergence")
R = sp.Rational


@pytest.mark.parametrize("task", ("rate", "iterations", "heavy_ball"))
@pytest.mark.parametrize("level", (1, 2))
def test_many_seeds_verify_and_stay_well_formed(level, task):
    made = sweep(FAM, {"level": level, "task": task}, seeds=range(120))
    for ex in made:
        assert prose_problem(ex.prompt_tex) is None, ex.id
        assert all(tex_problem(s.tex) is None for s in ex.solution), ex.id
        if level == 2:
            assert ex.given["H"][0][1] != 0, ex.id        # a full matrix: eigenvalues must be computed


def test_golden_rate():
    # H = diag(1, 9): η* = 2/10 = 1/5, ρ* = (9 − 1)/(9 + 1) = 4/5
    given = {"task": "rate", "H": [[1, 0], [0, 9]]}
    FAM.verify(given, (R(1, 5), R(4, 5)))
    with pytest.raises(VerificationError):
        FAM.verify(given, (R(1, 9), R(8, 9)))              # η = 1/λ_max is not optimal


def test_golden_iterations():
    # ρ* = 4/5: (4/5)^k ≤ 10⁻² ⇔ k ≥ 2 ln 10/ln 1.25 = 20.6 → 21
    FAM.verify({"task": "iterations", "H": [[1, 0], [0, 9]], "e": 2}, 21)
    with pytest.raises(VerificationError):
        FAM.verify({"task": "iterations", "H": [[1, 0], [0, 9]], "e": 2}, 20)


def test_golden_heavy_ball():
    # κ = 9: ρ_hb = (3 − 1)/(3 + 1) = 1/2; α = 4/(3 + 1)² = 1/4, β = 1/4
    FAM.verify({"task": "heavy_ball", "H": [[1, 0], [0, 9]]}, R(1, 2))
    FAM.verify({"task": "heavy_ball", "H": [[1, 0], [0, 9]], "pair": True}, (R(1, 4), R(1, 4)))
    with pytest.raises(VerificationError):
        FAM.verify({"task": "heavy_ball", "H": [[1, 0], [0, 9]]}, R(4, 5))   # plain GD's rate


def test_isotropic_case_is_drawn_and_explained():
    for seed in range(150):
        ex = make_exercise(FAM, {"level": 1, "task": "rate"}, seed)
        if ex.answer[1] == 0:
            assert "one step" in ex.solution[-1].say
            return
    raise AssertionError("no isotropic draw")


def test_same_seed_same_exercise():
    for task in ("rate", "iterations", "heavy_ball"):
        assert deterministic(FAM, {"level": 2, "task": task})
