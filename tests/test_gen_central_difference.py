"""central_difference: values, exact errors and orders of finite-difference schemes."""

from __future__ import annotations

import pytest
import sympy as sp

from conftest import family
from family_sweep import deterministic, sweep
from osmose.exercises import make_exercise
from osmose.family import VerificationError

FAM = family("central_difference")
gen = __import__(FAM.generate.__module__)
R = sp.Rational
x = gen.X


@pytest.mark.parametrize("level", (1, 2, 3, 4, 5))
def test_many_seeds_verify_and_stay_well_formed(level):
    made = sweep(FAM, {"level": level}, range(200))
    # the variety floor: level 2 had 66 distinct prompts in 200 seeds, level 4 five
    assert len({ex.prompt_text for ex in made}) >= 120
    if level == 4:
        assert {ex.given["ask"] for ex in made} == {"weights", "order"}


def test_same_seed_same_exercise():
    assert deterministic(FAM, {"level": 2})


def test_golden_value_of_a_cubic():
    # x³ at 1 with h = 1/10: (1.331 − 0.729)/0.2 = 0.602/0.2 = 3.01 = 301/100 (f'(1) = 3)
    assert gen.central(x**3, 1, R(1, 10)) == R(301, 100)
    given = {"ask": "value", "f": "x**3", "x0": "1", "h": "1/10"}
    FAM.verify(given, R(301, 100))
    with pytest.raises(VerificationError):
        FAM.verify(given, sp.Integer(3))  # the exact derivative is not the difference quotient


def test_golden_error_of_a_cubic():
    # error = h² f'''/6 = (1/100)·6/6 = 1/100, i.e. 3.01 − 3
    FAM.verify({"ask": "error", "f": "x**3", "x0": "1", "h": "1/10"}, R(1, 100))


def test_golden_value_of_sine():
    # (sin(1/2) − sin(−1/2))/1 = 2 sin(1/2) = 2 × 0.4794255386 = 0.9588510772
    FAM.verify({"ask": "value", "f": "sin(x)", "x0": "0", "h": "1/2"}, sp.Float("0.9588510772", 15))


# hand-known schemes: (offsets, weights, power of h, order of the error)
SCHEMES = {
    "forward": ((1, 0), ("1", "-1"), 1, 1),
    "backward": ((0, -1), ("1", "-1"), 1, 1),
    "central": ((1, -1), ("1/2", "-1/2"), 1, 2),
    "five-point": ((2, 1, -1, -2), ("-1/12", "8/12", "-8/12", "1/12"), 1, 4),
    "second-central": ((1, 0, -1), ("1", "-2", "1"), 2, 2),
}


@pytest.mark.parametrize("scheme", sorted(SCHEMES))
def test_golden_orders(scheme):
    offsets, weights, power, order = SCHEMES[scheme]
    given = {"ask": "order", "offsets": list(offsets), "weights": list(weights), "h_power": power}
    FAM.verify(given, sp.Integer(order))
    with pytest.raises(VerificationError):
        FAM.verify(given, sp.Integer(3))


def test_golden_stencil_weights():
    # f(x−h), f(x), f(x+h) for f′: Taylor gives w = (−1/2, 0, 1/2) (central); for f(x), f(x+h), f(x+2h):
    # m0 = 0, m1 = 1, m2 = 0 → w1 + w2 + w3 = 0, w2 + 2w3 = 1, w2 + 4w3 = 0 → w3 = −1/2, w2 = 2, w1 = −3/2
    assert gen.stencil_weights((0, 1, 2), 1) == (R(-3, 2), 2, R(-1, 2))
    given = {"ask": "weights", "offsets": [0, 1, 2], "derivative": 1, "h_power": 1}
    FAM.verify(given, (R(-3, 2), sp.Integer(2), R(-1, 2)))
    with pytest.raises(VerificationError):   # the forward difference on the same points is only O(h)
        FAM.verify(given, (sp.Integer(-1), sp.Integer(1), sp.Integer(0)))
    # f″ on x−h, x, x+h: (1, −2, 1), order 2 by symmetry (m3 = 0)
    assert gen.stencil_order((-1, 0, 1), (1, -2, 1), 2)[0] == 2


def test_golden_optimal_step():
    # central: E = h²M/6 + ε/h, E′ = hM/3 − ε/h² = 0 → h = (3ε/M)^(1/3); sin at 0: M = |−cos 0| = 1,
    # ε = 10⁻⁶ → h = (3·10⁻⁶)^(1/3) = 0.0144225
    given = {"ask": "best_h", "scheme": "central", "f": "sin(x)", "x0": "0", "eps": "1/1000000"}
    FAM.verify(given, sp.Float("0.0144225", 10))
    with pytest.raises(VerificationError):   # the forward-difference optimum 2√(ε/M) = 0.002
        FAM.verify(given, sp.Float("0.002", 10))


def test_level_4_is_harder_than_level_3_and_not_a_recall_bank():
    # issue 10: level 4 was five fixed schemes (easier than level 3's Taylor error)
    made = [make_exercise(FAM, {"level": 4}, seed) for seed in range(60)]
    assert len({tuple(ex.given["offsets"]) for ex in made}) >= 25
    assert all(any("Taylor" in st.say for st in ex.solution) for ex in made)
    assert sorted(FAM.levels) == [1, 2, 3, 4, 5]


def test_level_2_asks_a_number_and_its_error():
    ex = make_exercise(FAM, {"level": 2}, 0)
    assert ex.kind == "tuple" and len(ex.answer) == 2 and ex.given["ask"] == "value_error"
    assert "error" in ex.prompt_text and "4 significant figures" in ex.prompt_text


def test_level_3_plain_prompt_defines_d_h():
    # issue 10: the plain text of level 3 never defined D_h
    ex = make_exercise(FAM, {"level": 3}, 0)
    assert "D_h f(x₀) = (f(x₀+h) − f(x₀−h))/(2h)" in ex.prompt_text
