"""lr_schedules: warm-up + cosine, min(a t, b/√t), the Transformer schedule — by hand."""

from __future__ import annotations

import pytest
import sympy as sp

from conftest import family
from family_sweep import deterministic, sweep
from osmose.concepts import prose_problem, tex_problem
from osmose.family import VerificationError

FAM = family("lr_schedules")
R = sp.Rational


@pytest.mark.parametrize("task", ("rate", "peak"))
@pytest.mark.parametrize("level", (1, 2))
def test_many_seeds_verify_and_stay_well_formed(level, task):
    made = sweep(FAM, {"level": level, "task": task}, seeds=range(150))
    for ex in made:
        assert prose_problem(ex.prompt_tex) is None, ex.id
        assert all(tex_problem(s.tex) is None for s in ex.solution), ex.id
    if task == "rate":   # both phases are asked
        warm = sum(ex.given["t"] <= ex.given["w"] for ex in made)
        assert 0.1 * len(made) < warm < 0.8 * len(made)


def test_golden_cosine():
    # w = 100, T = 1100, η_max = 1e-3, η_min = 0: t = 600 is half-way, cos(π/2) = 0 → η = 5e-4
    given = {"task": "rate", "w": 100, "T": 1100, "eta_max": "1/1000", "eta_min": "0", "t": 600}
    FAM.verify(given, R(1, 2000))
    # warm-up: t = 50 → η = 1e-3 · 50/100 = 5e-4 as well; t = 25 → 2.5e-4
    FAM.verify({**given, "t": 25}, R(1, 4000))
    with pytest.raises(VerificationError):
        FAM.verify({**given, "t": 25}, R(1, 1000))


def test_golden_min_schedule_peak():
    # a = 1e-6, b = 1e-6·30³ = 0.027: a t = b/√t ⇔ t^(3/2) = 27000 ⇔ t = 900; η = 9e-4
    given = {"task": "peak", "a": "1/1000000", "b": "27/1000"}
    FAM.verify(given, (900, R(9, 10000)))
    with pytest.raises(VerificationError):
        FAM.verify(given, (27000, R(27, 1000)))


def test_golden_transformer_schedule():
    # d = 512, w = 4000, k = 1 (Vaswani et al.): peak at t = 4000, η = 1/√(512·4000) = 1/√2048000 ≈ 6.99e-4
    given = {"task": "peak", "d": 512, "w": 4000, "k": "1", "r": 2}
    FAM.verify(given, (4000, 1 / sp.sqrt(2048000), 16000))
    with pytest.raises(VerificationError):
        FAM.verify(given, (4000, 1 / sp.sqrt(2048000), 8000))     # 1/t decay
    # rate at t = 1000 (warm-up): 1000·4000^(−3/2)/√512
    FAM.verify({"task": "rate", "d": 512, "w": 4000, "k": "1", "t": 1000},
               1000 / (sp.sqrt(512) * sp.Integer(4000) ** R(3, 2)))


def test_same_seed_same_exercise():
    for level in (1, 2):
        for task in ("rate", "peak"):
            assert deterministic(FAM, {"level": level, "task": task})
