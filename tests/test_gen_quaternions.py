"""quaternions: Hamilton products and rotations, by hand and over many seeds."""

from __future__ import annotations

import pytest
import sympy as sp

from conftest import family
from family_sweep import deterministic, sweep
from osmose.family import VerificationError

FAM = family("quaternions")
gen = __import__(FAM.generate.__module__)
I = sp.Integer  # noqa: E741


@pytest.mark.parametrize("level", (1, 2, 3))
def test_many_seeds_verify_and_stay_well_formed(level):
    made = sweep(FAM, {"level": level}, range(200))
    assert len({ex.prompt_text for ex in made}) >= 120  # the variety floor
    if level > 1:
        for ex in made:  # a rotation keeps the length, exactly
            assert sp.simplify(sum(c**2 for c in ex.answer) - sum(c**2 for c in ex.given["v"])) == 0


def test_same_seed_same_exercise():
    assert deterministic(FAM, {"level": 3})


def test_golden_units():
    i, j, k = (0, 1, 0, 0), (0, 0, 1, 0), (0, 0, 0, 1)
    assert gen.hamilton(i, j) == k                    # ij = k
    assert gen.hamilton(j, i) == (0, 0, 0, -1)        # ji = −k
    assert gen.hamilton(i, i) == (-1, 0, 0, 0)        # i² = −1


def test_golden_product():
    # (1 + 2i + 3j + 4k)(5 + 6i + 7j + 8k): scalar 5 − (12 + 21 + 32) = −60,
    # vector 1·(6,7,8) + 5·(2,3,4) + (2,3,4)×(6,7,8) = (16,22,28) + (−4, 8, −4) = (12, 30, 24)
    assert gen.hamilton((1, 2, 3, 4), (5, 6, 7, 8)) == (-60, 12, 30, 24)
    FAM.verify({"ask": "product", "p": [1, 2, 3, 4], "q": [5, 6, 7, 8]}, (I(-60), I(12), I(30), I(24)))
    with pytest.raises(VerificationError):  # order reversed: the cross term flips
        FAM.verify({"ask": "product", "p": [1, 2, 3, 4], "q": [5, 6, 7, 8]}, (I(-60), I(20), I(14), I(32)))


def test_golden_rotations():
    # 90° about z takes x̂ to ŷ
    given = {"ask": "rotate", "v": [1, 0, 0], "axis": ["0", "0", "1"], "degrees": 90}
    FAM.verify(given, (I(0), I(1), I(0)))
    with pytest.raises(VerificationError):
        FAM.verify(given, (I(0), I(-1), I(0)))
    # q = (1 + i + j + k)/2 is 120° about (1,1,1): x̂ → ŷ (R[1][0] = 2(xy + wz) = 1)
    FAM.verify({"ask": "rotate", "v": [1, 0, 0], "q": ["1/2"] * 4}, (I(0), I(1), I(0)))


def test_rational_unit_quaternions_are_unit():
    for a, b, c, d, n in gen.rational_unit_quaternions():
        assert a * a + b * b + c * c + d * d == n * n


def test_level_1_says_hamilton_product():
    # issue 10: quaternion level 1 never said "Hamilton product"
    from osmose.exercises import make_exercise
    ex = make_exercise(FAM, {"level": 1}, 0)
    assert "Hamilton" in ex.prompt_tex and "Hamilton" in ex.prompt_text
    assert sorted(FAM.levels) == [1, 2, 3]
