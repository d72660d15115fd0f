"""w2_gaussian: W₂² between Gaussians (1-D, diagonal covariances) and small discrete transport LPs."""

from __future__ import annotations

from fractions import Fraction as Fr

import pytest
import sympy as sp

from conftest import family
from family_sweep import deterministic, sweep
from osmose.family import VerificationError

FAM = family("w2_gaussian")
R = sp.Rational


@pytest.mark.parametrize("ask", ("gaussian", "transport"))
@pytest.mark.parametrize("level", (1, 2))
def test_many_seeds_verify_and_stay_well_formed(ask, level):
    made = sweep(FAM, {"ask": ask, "level": level}, range(40))
    assert len({ex.prompt_text for ex in made}) >= 38
    assert all(float(ex.answer) > 0 for ex in made)


def test_level_1_transport_is_the_best_end_of_the_one_parameter_family():
    # a 2×2 plan is P = [[t, a1 − t], [b1 − t, a2 − b1 + t]]; its cost is linear in t, so the minimum over
    # t ∈ [max(0, b1 − a2), min(a1, b1)] is at an end: computed here, not by the family
    for ex in sweep(FAM, {"ask": "transport", "level": 1}, range(40)):
        (x1, x2), (y1, y2) = ex.given["x"], ex.given["y"]
        a1, a2 = (Fr(v) for v in ex.given["a"])
        b1, _ = (Fr(v) for v in ex.given["b"])
        c = lambda x, y: (x - y) ** 2
        cost = lambda t: c(x1, y1) * t + c(x1, y2) * (a1 - t) + c(x2, y1) * (b1 - t) + c(x2, y2) * (a2 - b1 + t)
        best = min(cost(max(Fr(0), b1 - a2)), cost(min(a1, b1)))
        assert ex.answer == R(best.numerator, best.denominator), ex.id


# By hand.
# N(0, 1) vs N(3, 4): 9 + (1 − 2)² = 10.  N(1, 2) vs N(1, 8): (√2 − 2√2)² = 2.
# diag: μ = (0, 0), (1, 1); Σ = diag(1, 4), diag(4, 1): 2 + (1 − 2)² + (2 − 1)² = 4.
# Line: x = (0, 2), y = (1, 3), masses ½ each: sorted matching 0→1, 2→3 costs ½·1 + ½·1 = 1.
# Plane: x = (0,0), (2,0) with ½ each; y = (0,0), (2,0), (1,0) with ¼, ¼, ½: ¼ stays put at each end at no cost,
#   and y3 must receive ½ at unit cost from either side: ½.
@pytest.mark.parametrize("given, answer, wrong", [
    ({"ask": "gaussian", "level": 1, "mu1": ["0"], "mu2": ["3"], "var1": ["1"], "var2": ["4"]}, R(10), R(18)),
    ({"ask": "gaussian", "level": 1, "mu1": ["1"], "mu2": ["1"], "var1": ["2"], "var2": ["8"]}, R(2), R(36)),
    ({"ask": "gaussian", "level": 2, "mu1": ["0", "0"], "mu2": ["1", "1"], "var1": ["1", "4"], "var2": ["4", "1"]},
     R(4), R(2)),
    ({"ask": "transport", "level": 1, "x": [0, 2], "y": [1, 3], "a": ["1/2", "1/2"], "b": ["1/2", "1/2"]}, R(1), R(3)),
    ({"ask": "transport", "level": 2, "x": [[0, 0], [2, 0]], "y": [[0, 0], [2, 0], [1, 0]], "a": ["1/2", "1/2"],
      "b": ["1/4", "1/4", "1/2"]}, R(1, 2), R(3, 2)),
])
def test_golden_cases_and_a_wrong_answer_rejected(given, answer, wrong):
    FAM.verify(given, answer)
    with pytest.raises(VerificationError):
        FAM.verify(given, wrong)


def test_variances_print_as_fractions_not_truncated_decimals():
    made = sweep(FAM, {"ask": "gaussian", "level": 2}, range(40))
    assert any("1/9" in ex.prompt_text for ex in made)  # the case that printed as 0.111111
    assert not any("0.111" in ex.prompt_text for ex in made)


def test_same_seed_same_exercise():
    assert deterministic(FAM, {"ask": "transport", "level": 2})
