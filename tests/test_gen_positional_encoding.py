"""positional_encoding: sinusoidal values and the shift rotation, against hand values."""

from __future__ import annotations

import math

import pytest
import sympy as sp

from conftest import family
from family_sweep import deterministic, sweep
from osmose.concepts import prose_problem, tex_problem
from osmose.family import VerificationError

FAM = family("positional_encoding")


@pytest.mark.parametrize("task", ("value", "rotation"))
@pytest.mark.parametrize("level", (1, 2))
def test_many_seeds_verify_and_stay_well_formed(level, task):
    made = sweep(FAM, {"level": level, "task": task}, seeds=range(150))
    for ex in made:
        assert prose_problem(ex.prompt_tex) is None, ex.id
        assert all(tex_problem(s.tex) is None for s in ex.solution), ex.id
        assert "counted from 0" in ex.prompt_text


def test_golden_values():
    # d = 8, dimension 5 = 2·2 + 1: ω₂ = 10000^(−4/8) = 1/100 → PE(50, 5) = cos(0.5)
    FAM.verify({"task": "value", "d": 8, "p": 50, "j": 5}, sp.cos(sp.Rational(1, 2)))
    with pytest.raises(VerificationError):
        FAM.verify({"task": "value", "d": 8, "p": 50, "j": 5}, sp.sin(sp.Rational(1, 2)))
    # dimension 0: ω = 1 → PE(3, 0) = sin 3
    FAM.verify({"task": "value", "d": 8, "p": 3, "j": 0}, sp.sin(3))


def test_golden_rotation():
    # ω = 1 (i = 0), k = 1: R = [[cos 1, sin 1], [−sin 1, cos 1]]
    c, s = sp.cos(1), sp.sin(1)
    FAM.verify({"task": "rotation", "d": 8, "i": 0, "k": 1}, sp.ImmutableMatrix([[c, s], [-s, c]]))
    with pytest.raises(VerificationError):
        FAM.verify({"task": "rotation", "d": 8, "i": 0, "k": 1}, sp.ImmutableMatrix([[c, -s], [s, c]]))
    # from (sin 2, cos 2) at ω = 1, shift 1: (sin 3, cos 3)
    given = {"task": "rotation", "d": 8, "i": 0, "k": 1, "a": f"{math.sin(2):.6f}", "b": f"{math.cos(2):.6f}"}
    FAM.verify(given, (sp.Float(math.sin(3)), sp.Float(math.cos(3))))


def test_same_seed_same_exercise():
    for task in ("value", "rotation"):
        assert deterministic(FAM, {"level": 2, "task": task})
