"""qwem: the quadratic word embedding model's targets and rank-1 factorisation."""

from __future__ import annotations

import pytest
import sympy as sp

from conftest import family
from family_sweep import deterministic, sweep
from osmose.family import VerificationError

FAM = family("qwem")
R = sp.Rational


@pytest.mark.parametrize("level", (1, 2))
def test_many_seeds_verify_and_stay_well_formed(level):
    made = sweep(FAM, {"level": level}, range(60))
    assert len({ex.prompt_text for ex in made}) >= 50
    if level == 1:  # the target lies strictly between −2 and 2
        assert all(-2 < ex.answer < 2 for ex in made)


# By hand: P⁺ = 3, P⁻ = 1: M* = 2·2/4 = 1. M* = [[2, 1], [1, 2]] has eigenpairs 3, (1, 1)/√2 and
# 1, (1, −1)/√2: the best rank-1 WWᵀ is 3·½[[1, 1], [1, 1]].
@pytest.mark.parametrize("given, answer, wrong", [
    ({"level": 1, "P+": "3", "P-": "1"}, sp.Integer(1), R(1, 2)),
    ({"level": 2, "M": [["2", "1"], ["1", "2"]]}, sp.Matrix([[R(3, 2), R(3, 2)], [R(3, 2), R(3, 2)]]),
     sp.Matrix([[R(1, 2), R(1, 2)], [R(1, 2), R(1, 2)]])),
])
def test_golden_cases_and_a_wrong_answer_rejected(given, answer, wrong):
    FAM.verify(given, answer)
    with pytest.raises(VerificationError):
        FAM.verify(given, wrong)


def test_same_seed_same_exercise():
    assert deterministic(FAM, {"level": 2})
