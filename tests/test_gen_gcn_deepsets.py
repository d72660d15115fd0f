"""gcn_deepsets: a GCN layer on a small graph and Deep Sets pooling, against hand values."""

from __future__ import annotations

import pytest
import sympy as sp

from conftest import family
from family_sweep import deterministic, sweep
from osmose.concepts import prose_problem, tex_problem
from osmose.family import VerificationError

FAM = family("gcn_deepsets")


@pytest.mark.parametrize("task", ("gcn", "deepsets"))
@pytest.mark.parametrize("level", (1, 2))
def test_many_seeds_verify_and_stay_well_formed(level, task):
    made = sweep(FAM, {"level": level, "task": task}, seeds=range(150))
    for ex in made:
        assert prose_problem(ex.prompt_tex) is None, ex.id
        assert all(tex_problem(s.tex) is None for s in ex.solution), ex.id
    if task == "gcn" and level == 2:            # dead ReLU coordinates are drawn
        assert any(0 in ex.answer for ex in made)


def test_golden_gcn_path_graph():
    # path 1–2 (plus isolated-free 2–3, 3–4): node 1 has d̃ = 2, node 2 has d̃ = 3.
    # h = (1, 1, 1, 1), W = (1): (ÂH)₁ = 1/2 + 1/√6
    given = {"task": "gcn", "edges": [[1, 2], [2, 3], [3, 4]], "H": [[1], [1], [1], [1]], "W": [[1]], "node": 1}
    FAM.verify(given, sp.Rational(1, 2) + 1 / sp.sqrt(6))
    with pytest.raises(VerificationError):
        FAM.verify(given, 2)                       # plain sum over the closed neighbourhood


def test_golden_deepsets():
    # φ(x) = ReLU(x − 1) on (0, 2, 3) = (0, 1, 2), sum 3, ρ(s) = 2s + 1 = 7
    FAM.verify({"task": "deepsets", "a": 1, "b": -1, "c": "2", "d": 1, "xs": [0, 2, 3]}, 7)
    # repeated twice: f_sum = ρ(6) = 13, f_mean = ρ(1) = 3 → 10
    FAM.verify({"task": "deepsets", "a": 1, "b": -1, "c": "2", "d": 1, "xs": [0, 2, 3], "m": 2}, 10)
    with pytest.raises(VerificationError):
        FAM.verify({"task": "deepsets", "a": 1, "b": -1, "c": "2", "d": 1, "xs": [0, 2, 3]}, 5)


def test_same_seed_same_exercise():
    for task in ("gcn", "deepsets"):
        assert deterministic(FAM, {"level": 2, "task": task})
