"""gd_quadratic: the stability limit 2/λ_max, iterates and convergence, by hand and over many seeds."""

from __future__ import annotations

import pytest
import sympy as sp

from conftest import family
from family_sweep import deterministic, sweep
from osmose.exercises import make_exercise
from osmose.family import VerificationError

FAM = family("gd_quadratic")
gen = __import__(FAM.generate.__module__)
R = sp.Rational


@pytest.mark.parametrize("ask", ("eta_max", "iterate", "stability"))
@pytest.mark.parametrize("level", (1, 2))
def test_many_seeds_verify_and_stay_well_formed(level, ask):
    made = sweep(FAM, {"level": level, "ask": ask}, range(200))
    assert len({ex.prompt_text for ex in made}) >= 120  # the variety floor
    if ask == "stability":
        share = sum(ex.answer == "converges" for ex in made) / len(made)
        assert 0.3 < share < 0.7


def test_same_seed_same_exercise():
    assert deterministic(FAM, {"level": 2, "ask": "iterate"})


def test_enumerated_hessians_have_the_stated_eigenvalues():
    # trace = λ1 + λ2 and det = λ1 λ2 for a 2×2 matrix
    for diagonal in (True, False):
        table = gen.spd_matrices(diagonal)
        assert len(table) >= 10
        for a, b, c, lo, hi in table:
            assert a + c == lo + hi and a * c - b * b == lo * hi and 0 < lo < hi


def test_golden_eta_max():
    # H = [[3, 1], [1, 3]]: λ = 3 ± 1 = 2, 4 → η_max = 2/4 = 1/2
    given = {"ask": "eta_max", "H": [[3, 1], [1, 3]], "b": [0, 0]}
    FAM.verify(given, R(1, 2))
    with pytest.raises(VerificationError):
        FAM.verify(given, R(1, 4))


def test_golden_iterate():
    # H = diag(2, 4), b = (2, 0), x0 = (1, 1), η = 1/4: ∇f = Hx − b = (0, 4) → x1 = (1, 1 − 1) = (1, 0)
    given = {"ask": "iterate", "H": [[2, 0], [0, 4]], "b": [2, 0], "eta": "1/4", "x0": [1, 1], "k": 1}
    FAM.verify(given, (sp.Integer(1), sp.Integer(0)))
    # second step: ∇f(1, 0) = (0, 0) → stays at the minimum (1, 0)
    FAM.verify({**given, "k": 2}, (sp.Integer(1), sp.Integer(0)))


def test_golden_stability():
    # λ_max = 4 → converges iff η < 1/2; η = 3/5: |1 − 12/5| = 7/5 > 1
    base = {"ask": "stability", "H": [[3, 1], [1, 3]], "b": [1, 0]}
    FAM.verify({**base, "eta": "3/5"}, "diverges")
    FAM.verify({**base, "eta": "2/5"}, "converges")  # |1 − 8/5| = 3/5 < 1: oscillates but converges
    with pytest.raises(VerificationError):
        FAM.verify({**base, "eta": "2/5"}, "diverges")


def test_level_2_hessians_are_not_mostly_a_b_b_a():
    # issue 10: 40/60 gd level-2 Hessians were [[a, b], [b, a]]
    hs = [make_exercise(FAM, {"level": 2, "ask": "eta_max"}, seed).given["H"] for seed in range(120)]
    assert sum(h[0][0] == h[1][1] for h in hs) <= 0.3 * len(hs)


def test_divergent_iterate_runs_say_so():
    # issue 10: GD runs with η ≥ 2/λ_max were silent about diverging
    seen = 0
    for seed in range(60):
        ex = make_exercise(FAM, {"level": 1, "ask": "iterate"}, seed)
        eta, lmax = sp.Rational(ex.given["eta"]), max(ex.given["H"][0][0], ex.given["H"][1][1])
        last = ex.solution[-1].say
        if eta > R(2, lmax):
            seen += 1
            assert "diverges" in last, ex.id
        elif eta < R(2, lmax):
            assert "converges" in last, ex.id
    assert seen >= 5


def test_stability_plain_prompt_says_everything_the_tex_says():
    # issue 10: "…constant). converges or diverges?" (gd_quadratic:v1:ask=stability,level=1:1)
    ex = make_exercise(FAM, {"level": 1, "ask": "stability"}, 1)
    for prompt in (ex.prompt_tex, ex.prompt_text):
        assert "converge from every start" in prompt and "diverge from almost every start" in prompt
        assert "Answer with one of: converges, diverges." in prompt
    assert sorted(FAM.levels) == [1, 2]
