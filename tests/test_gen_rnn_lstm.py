"""rnn_lstm: RNN and LSTM steps and the BPTT factor, against values computed by hand."""

from __future__ import annotations

import math
from collections import Counter

import pytest
import sympy as sp

from conftest import family
from family_sweep import deterministic, sweep
from osmose.concepts import prose_problem, tex_problem
from osmose.family import VerificationError

FAM = family("rnn_lstm")
F = sp.Float


@pytest.mark.parametrize("task", ("rnn", "lstm", "bptt"))
@pytest.mark.parametrize("level", (1, 2))
def test_many_seeds_verify_and_stay_well_formed(level, task):
    made = sweep(FAM, {"level": level, "task": task}, seeds=range(150))
    for ex in made:
        assert prose_problem(ex.prompt_tex) is None, ex.id
        assert all(tex_problem(s.tex) is None for s in ex.solution), ex.id
    if task == "bptt" and level == 2:           # balanced, and the misleading-norm case is drawn
        counts = Counter(ex.answer for ex in made)
        assert min(counts.values()) > 0.35 * len(made), counts
        assert any(m.name == "judged by the norm" for ex in made for m in ex.mistakes)
    if task == "bptt" and level == 1:
        assert {abs(float(ex.answer)) < 1 for ex in made} == {True, False}


def test_golden_rnn_step():
    # h₁ = tanh(0.5·0.2 + 1·0.4 + 0) = tanh(0.5) = 0.462117
    given = {"task": "rnn", "wh": "1/2", "wx": "1", "b": "0", "h0": "1/5", "x": "2/5"}
    FAM.verify(given, F(math.tanh(0.5)))
    with pytest.raises(VerificationError):
        FAM.verify(given, F(0.5))                      # no tanh


def test_golden_lstm_step():
    # z = 0 for every gate: f = i = o = 1/2, g = 0 → c₁ = c₀/2 = 0.4, h₁ = ½·tanh(0.4) = 0.190001
    given = {"task": "lstm", "z": {"f": "0", "i": "0", "o": "0", "g": "0"}, "c0": "4/5"}
    FAM.verify(given, (F(0.4), F(0.5 * math.tanh(0.4))))
    with pytest.raises(VerificationError):
        FAM.verify(given, (F(0.4), F(0.2)))            # h₁ = o·c₁


def test_golden_bptt():
    # a = 0: tanh′(0) = 1, so the factor is w^T = 0.5^10 = 1/1024
    FAM.verify({"task": "bptt", "w": "1/2", "a": "0", "T": 10}, F(1 / 1024))
    # γW = 0.5·[[2, 10], [0, 1.5]]: eigenvalues 1 and 0.75 → ρ = 1 (excluded); with γ = 0.45: ρ = 0.9 < 1 — vanishes,
    # although ‖γW‖₂ ≈ 4.6 > 1
    FAM.verify({"task": "bptt", "W": [["2", "10"], ["0", "3/2"]], "gamma": "9/20"}, "vanishes")
    with pytest.raises(VerificationError):
        FAM.verify({"task": "bptt", "W": [["2", "10"], ["0", "3/2"]], "gamma": "9/20"}, "explodes")


def test_same_seed_same_exercise():
    for task in ("rnn", "lstm", "bptt"):
        assert deterministic(FAM, {"level": 2, "task": task})
