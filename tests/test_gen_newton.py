"""newton: one Newton step in 1-D and 2-D, checked by hand and over many seeds."""

from __future__ import annotations

import pytest
import sympy as sp

from conftest import family
from family_sweep import deterministic, sweep
from osmose.family import VerificationError

FAM = family("newton")
R = sp.Rational


@pytest.mark.parametrize("level", (1, 2, 3, 4))
def test_many_seeds_verify_and_stay_well_formed(level):
    made = sweep(FAM, {"level": level}, range(200))
    assert len({ex.prompt_text for ex in made}) >= 120  # the variety floor (level 2 had 36)
    if level >= 3:
        assert all("gradient step" in ex.solution[-1].say for ex in made)


def test_same_seed_same_exercise():
    assert deterministic(FAM, {"level": 4})


def test_golden_newtons_own_example():
    # Newton (1669): f = x³ − 2x − 5 from 2: f(2) = −1, f'(2) = 10 → x1 = 2 + 1/10 = 21/10
    given = {"task": "root", "f": "x**3 - 2*x - 5", "x0": 2}
    FAM.verify(given, R(21, 10))
    with pytest.raises(VerificationError):
        FAM.verify(given, R(19, 10))  # sign slip


def test_golden_quadratic_lands_on_the_minimum():
    # f = x² + xy + 2y² − x at (1, 1): ∇f = (2x + y − 1, x + 4y) = (2, 5), H = [[2, 1], [1, 4]], det 7
    # H⁻¹∇f = ([4, −1; −1, 2]/7)(2, 5) = (3/7, 8/7) → x1 = (4/7, −1/7), where ∇f = 0
    given = {"task": "stationary", "f": "x**2 + x*y + 2*y**2 - x", "x0": [1, 1]}
    FAM.verify(given, (R(4, 7), R(-1, 7)))
    with pytest.raises(VerificationError):
        FAM.verify(given, (R(-1), R(-4)))  # the gradient step x0 − ∇f


def test_golden_rosenbrock_from_origin():
    # f = (1−x)² + 100(y−x²)² at (0,0): ∇f = (−2, 0), H = diag(2, 200) → step (−1, 0) → x1 = (1, 0)
    given = {"task": "stationary", "f": "(1 - x)**2 + 100*(y - x**2)**2", "x0": [0, 0]}
    FAM.verify(given, (sp.Integer(1), sp.Integer(0)))


def test_two_d_task_is_named_for_what_it_asks():
    # issue 10: given["task"] said "minimize" for a step towards any stationary point
    from osmose.exercises import make_exercise
    ex = make_exercise(FAM, {"level": 3}, 0)
    assert ex.given["task"] == "stationary"
    assert "4 significant figures" in ex.prompt_text and "4 significant figures" in ex.prompt_tex


def test_rosenbrock_steps_rarely_land_on_the_minimum():
    # issue 10: newton level 4 answered (1, 1) in 10/60 draws
    from osmose.exercises import make_exercise
    answers = [make_exercise(FAM, {"level": 4}, seed).answer for seed in range(100)]
    assert max(answers.count(a) for a in answers) <= 8
