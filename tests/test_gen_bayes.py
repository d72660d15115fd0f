"""bayes family: diagnostic tests, the dice problem, Monty Hall — exact posteriors by hand.

Every expected value below is worked out in the comment next to it; the
family's verifier (exact enumeration + seeded simulation) must accept it and
reject the typical wrong answers.
"""

from __future__ import annotations

from fractions import Fraction as F

import pytest
import sympy as sp

from conftest import family
from family_sweep import find_seed, module, sweep
from osmose.exercises import make_exercise
from osmose.family import VerificationError
from osmose.mathtext import plain

FAM = family("bayes")
MOD = module(FAM)
R = sp.Rational

CLASSIC = {"problem": "diagnostic", "prevalence": "1/100", "sensitivity": "99/100",
           "false_positive_rate": "1/20", "results": ["+"]}
DICE_654 = {"problem": "dice", "dice": [4, 6, 8, 12, 20], "prior": ["1/5"] * 5, "rolls": [6, 5, 4], "ask": "6"}


def monty(**kw) -> dict:
    base = {"problem": "monty", "doors": 3, "prior": ["1/3"] * 3, "picked": 1, "host": "knows",
            "bias": None, "opened": 3, "ask": 2}
    return {**base, **kw}


# --- diagnostic ---------------------------------------------------------------------------

def test_diagnostic_golden_from_the_issue():
    # 0.99·0.01 / (0.99·0.01 + 0.05·0.99) = 0.0099 / 0.0594 = 1/6
    assert MOD.posterior(F(1, 100), F(99, 100), F(1, 20)) == F(1, 6)
    ev = FAM.verify(CLASSIC, R(1, 6))
    assert "enumeration" in ev.method and "simulat" in ev.method
    for wrong in (R(99, 100), R(99, 104), R(1, 100)):  # P(+|D); base-rate neglect .99/1.04; the prior
        with pytest.raises(VerificationError):
            FAM.verify(CLASSIC, wrong)


def test_diagnostic_golden_exercise_and_its_mistakes():
    ex = find_seed(FAM, {"problem": "diagnostic", "level": 1},
               lambda g: (g["prevalence"], g["sensitivity"], g["false_positive_rate"]) == ("1/100", "99/100", "1/20"))
    assert ex.answer == R(1, 6) and plain(ex.answer) == "1/6"
    names = {m.name: m.answer for m in ex.mistakes}
    assert names["base-rate neglect"] == R(99, 100)                     # P(+|D) for P(D|+)
    assert names["assumed a 50/50 prior"] == R(99, 104)                 # 0.99/(0.99 + 0.05)
    assert names["answered 1 − false-positive rate"] == R(19, 20)       # 1 − 0.05
    assert names["healthy people not weighted by the prior"] == R(99, 599)  # .0099/(.0099 + .05) = 99/599
    assert names["answered the prior"] == R(1, 100)
    steps = " ".join(s.say + s.text for s in ex.solution)
    assert "99/(99 + 495)" in steps  # natural frequencies: 10 000 people, 99 true and 495 false positives


def test_two_tests_golden():
    # prevalence 1%, sensitivity 95%, false-positive rate 10%, results (+, +):
    # 0.95²·0.01 / (0.95²·0.01 + 0.1²·0.99) = 0.009025 / (0.009025 + 0.0099) = 9025/18925 = 361/757
    given = {**CLASSIC, "sensitivity": "19/20", "false_positive_rate": "1/10", "results": ["+", "+"]}
    FAM.verify(given, R(361, 757))
    # one test only: 0.0095 / (0.0095 + 0.099) = 95/1085 = 19/217
    with pytest.raises(VerificationError):
        FAM.verify(given, R(19, 217))


def test_negative_result_with_specificity_golden():
    # prevalence 10%, sensitivity 90%, specificity 90%, negative test:
    # P(D|−) = 0.1·0.1 / (0.1·0.1 + 0.9·0.9) = 0.01/0.82 = 1/82
    given = {"problem": "diagnostic", "prevalence": "1/10", "sensitivity": "9/10", "specificity": "9/10",
             "results": ["-"]}
    FAM.verify(given, R(1, 82))


# --- dice -----------------------------------------------------------------------------------

def test_dice_golden_from_the_issue():
    # rolls 6, 5, 4: likelihoods d4: 0, d6: 1/216, d8: 1/512, d12: 1/1728, d20: 1/8000.
    # Over 1 728 000 = 2⁹·3³·5³: 8000 + 3375 + 1000 + 216 = 12591, so
    # P(d6 | rolls) = 8000/12591, P(d8) = 3375/12591, P(d12) = 1000/12591, P(d20) = 216/12591.
    FAM.verify(DICE_654, R(8000, 12591))
    FAM.verify({**DICE_654, "ask": "8"}, R(3375, 12591))
    FAM.verify({**DICE_654, "ask": "20"}, R(216, 12591))
    FAM.verify({**DICE_654, "ask": "most probable"}, "d6")
    # ignoring that a d4 cannot show 6 adds 1/64 = 27000/1728000: 8000/39591
    with pytest.raises(VerificationError):
        FAM.verify(DICE_654, R(8000, 39591))
    with pytest.raises(VerificationError):
        FAM.verify({**DICE_654, "ask": "most probable"}, "d4")
    post = MOD.dice_posterior({n: F(1, 5) for n in (4, 6, 8, 12, 20)}, (6, 5, 4))
    assert post == {4: 0, 6: F(8000, 12591), 8: F(3375, 12591), 12: F(1000, 12591), 20: F(216, 12591)}


def test_dice_with_a_box_prior():
    # box: 3 × d6, 1 × d8; one roll of 5: 3/4·1/6 = 1/8 and 1/4·1/8 = 1/32 → d6: (1/8)/(5/32) = 4/5
    given = {"problem": "dice", "dice": [6, 8], "prior": ["3/4", "1/4"], "rolls": [5], "ask": "6"}
    FAM.verify(given, R(4, 5))
    with pytest.raises(VerificationError):  # forgot the prior: (1/6)/(1/6 + 1/8) = 4/7
        FAM.verify(given, R(4, 7))


# --- Monty Hall -----------------------------------------------------------------------------

def test_monty_classic():
    # knowing host opens 3: P(opens 3 | car 1) = 1/2, | car 2) = 1 → car 2: (1/3)/(1/6 + 1/3) = 2/3
    FAM.verify(monty(), R(2, 3))
    FAM.verify(monty(ask=1), R(1, 3))
    with pytest.raises(VerificationError):
        FAM.verify(monty(), R(1, 2))


def test_monty_ignorant_host():
    # random host opens 3 with prob 1/2 whatever the car; goat seen rules out car 3 → 1/2 each
    FAM.verify(monty(host="random"), R(1, 2))
    with pytest.raises(VerificationError):
        FAM.verify(monty(host="random"), R(2, 3))


def test_monty_biased_host():
    # prefers door 2 with q = 1/3 when free; he opens 2: car 1: 1/3·1/3 = 1/9, car 3: 1/3·1 = 1/3
    # → P(car 1 | opens 2) = (1/9)/(4/9) = 1/4 = q/(1+q); switching to 3 wins 3/4
    given = monty(bias={"door": 2, "q": "1/3"}, opened=2, ask=1)
    FAM.verify(given, R(1, 4))
    FAM.verify({**given, "ask": 3}, R(3, 4))


def test_monty_five_doors():
    # knowing host, 5 doors, opens 5: P(opens 5 | car 1) = 1/4, | car 2, 3, 4) = 1/3 each
    # evidence = 1/5·(1/4 + 1) = 1/4; P(car 4 | opens 5) = (1/15)/(1/4) = 4/15 = (n−1)/(n(n−2))
    given = monty(doors=5, prior=["1/5"] * 5, opened=5, ask=4)
    FAM.verify(given, R(4, 15))
    FAM.verify({**given, "ask": 1}, R(1, 5))


# --- the simulation on its own ----------------------------------------------------------------

def test_simulation_alone_tells_the_right_answer_from_typical_mistakes():
    draws = MOD._draws(F(594, 10000))  # P(+) = 0.0594
    hits, matches = MOD._simulate_diagnostic(CLASSIC, draws)
    MOD._within(hits, matches, F(1, 6), "right")
    for wrong in (F(99, 100), F(99, 104), F(1, 100)):
        with pytest.raises(VerificationError):
            MOD._within(hits, matches, wrong, "wrong")
    # 99/599 ≈ 0.1653 is too close to 1/6 for any affordable simulation: the exact
    # enumeration is what rejects it (see test_diagnostic_golden_exercise_and_its_mistakes)
    matched = MOD._simulate_dice(DICE_654, 20_000)
    d6 = int((matched == 1).sum())
    MOD._within(d6, matched.size, F(8000, 12591), "right")
    with pytest.raises(VerificationError):
        MOD._within(d6, matched.size, F(8000, 39591), "ignored impossible dice")


def test_simulation_is_seeded_by_the_data():
    assert FAM.verify(CLASSIC, R(1, 6)) == FAM.verify(CLASSIC, R(1, 6))
    assert MOD._simulate_diagnostic(CLASSIC, 20_000) == MOD._simulate_diagnostic(CLASSIC, 20_000)


# --- contract ---------------------------------------------------------------------------------

def test_choice_answers_list_their_choices():
    ex = find_seed(FAM, {"problem": "dice", "level": 3}, lambda g: g["ask"] == "most probable")
    in_box = tuple(f"d{n}" for n in ex.given["dice"])
    assert ex.kind == "choice" and ex.checking.choices == in_box and ex.answer in in_box
    assert ex.mistakes and all(m.answer in in_box for m in ex.mistakes)


@pytest.mark.parametrize("params", FAM.variants(), ids=lambda p: f"{p['problem']}-{p['level']}")
def test_sweep_100_seeds(params):
    for ex in sweep(FAM, params, range(100)):
        assert ex.mistakes, ex.id
        if ex.kind == "number":
            assert 0 < ex.answer < 1, ex.id

# --- helpers ------------------------------------------------------------------------------



def test_monty_level_1_gives_a_class_of_200_distinct_games():
    # problem sets give each student their own variant: any picked door, 3–8 doors
    # (922 games exist; 200 draws give ~150 distinct, well above the variety floor of 120)
    made = [make_exercise(FAM, {"problem": "monty", "level": 1}, s) for s in range(200)]
    assert len({ex.prompt_text for ex in made}) >= 140
    assert len({ex.given["picked"] for ex in made}) > 1


# --- regressions of issue 10 ----------------------------------------------------------------

def test_prompts_state_the_precision_and_the_levels_are_declared():
    for params in FAM.variants():
        ex = make_exercise(FAM, params, 5)
        said = ex.checking.statement()
        assert said in ex.prompt_text and said in ex.prompt_tex, ex.id
    assert set(FAM.levels) == {1, 2, 3}


def test_specificity_feedback_on_a_negative_test_is_true():
    # bayes:v1:level=2,problem=diagnostic:21 told a student with a negative result to compute
    # 1 − specificity, which is their error: for "−" the likelihood under ¬D IS the specificity
    ex = find_seed(FAM, {"problem": "diagnostic", "level": 2}, lambda g: g["results"] == ["-"])
    wrong = [m for m in ex.mistakes if m.name == "used the specificity as false-positive rate"]
    assert wrong, ex.id
    spec = F(ex.given["specificity"])
    assert f"negative with probability {MOD.dtext(spec)}, not 1 − {MOD.dtext(spec)}" in wrong[0].feedback
    # the slip it describes: P(−|¬D) taken as 1 − spec
    prev, sens = F(ex.given["prevalence"]), F(ex.given["sensitivity"])
    slip = prev * (1 - sens) / (prev * (1 - sens) + (1 - spec) * (1 - prev))
    assert wrong[0].answer == R(slip.numerator, slip.denominator)


def test_monty_closed_doors_equally_likely_is_one_over_the_closed_doors():
    # bayes:v1:level=3,problem=monty:41 offered "closed doors equally likely" with a value
    # that was the renormalised prior, not 1/(number of closed doors)
    for seed in range(60):
        ex = make_exercise(FAM, {"problem": "monty", "level": 3}, seed)
        closed = ex.given["doors"] - 1
        for m in ex.mistakes:
            if m.name == "closed doors equally likely":
                assert m.answer == R(1, closed), ex.id


def test_dice_level_3_asks_about_a_type_of_die():
    # "the d4" read as one particular die when the box holds several d4s
    for seed in range(40):
        ex = make_exercise(FAM, {"problem": "dice", "level": 3}, seed)
        if ex.kind == "choice":
            assert "Which type of die" in ex.prompt_text, ex.id
        else:
            assert f"the die you drew is a d{ex.given['ask']}?" in ex.prompt_text, ex.id
        assert "drew the d" not in ex.prompt_text


def test_base_rate_neglect_is_never_indistinguishable_from_the_answer():
    # bayes:v1:level=3,problem=diagnostic:1 and :28 had base-rate neglect equal to the posterior,
    # level 1 seeds 26, 44, 56 the sensitivity: such draws are redrawn
    from osmose.checker import agrees
    for level in (1, 3):
        for seed in (1, 26, 28, 44, 56):
            ex = make_exercise(FAM, {"problem": "diagnostic", "level": level}, seed)
            assert not any(agrees(ex.answer, m.answer, ex.kind, ex.checking) for m in ex.mistakes), ex.id


def test_biased_monty_picks_any_door_and_states_the_rule_for_it():
    made = [make_exercise(FAM, {"problem": "monty", "level": 2}, s) for s in range(40)]
    assert {ex.given["picked"] for ex in made} == {1, 2, 3}
    for ex in made:
        picked, bias = ex.given["picked"], ex.given["bias"]["door"]
        assert bias != picked and f"(the car is behind door {picked})" in ex.prompt_text, ex.id
