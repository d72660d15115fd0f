"""kl_divergence family: exact closed forms in both directions, checked against hand values.

Golden values are worked out by hand in the comments; the family's verifier
(quadrature / direct summation) must accept them and reject the other direction.
"""

from __future__ import annotations


import pytest
import sympy as sp

from conftest import family
from family_sweep import find_seed, module, sweep
from osmose.exercises import make_exercise
from osmose.family import VerificationError
from osmose.mathtext import plain

FAM = family("kl_divergence")
MOD = module(FAM)
ln, R = sp.log, sp.Rational


def same(a, b) -> bool:
    return sp.expand(sp.sympify(a) - sp.sympify(b)) == 0


# --- golden cases, by hand ------------------------------------------------------------

def test_gaussian_golden_from_the_issue():
    # KL(N(0,1) ‖ N(1,4)) = ln(σ2/σ1) + (σ1² + (μ1−μ2)²)/(2σ2²) − 1/2
    #                     = ln 2 + (1 + 1)/8 − 1/2 = ln 2 − 1/4
    given = {"dist": "gaussian", "ask": "PQ", "P": {"mean": "0", "variance": "1"},
             "Q": {"mean": "1", "variance": "4"}}
    ev = FAM.verify(given, ln(2) - R(1, 4))
    assert ev.max_error < 1e-9 and "quadrature" in ev.method
    # the other direction: ln(1/2) + (4 + 1)/2 − 1/2 = 2 − ln 2 — a different number
    with pytest.raises(VerificationError):
        FAM.verify(given, 2 - ln(2))
    FAM.verify({**given, "ask": "QP"}, 2 - ln(2))
    assert same(MOD.kl_gaussian(MOD.F(0), MOD.F(1), MOD.F(1), MOD.F(4)).expr(), ln(2) - R(1, 4))


def test_gaussian_golden_exercise_prints_the_learner_syntax():
    ex = find_seed(FAM, {"dist": "gaussian", "level": 2},
               lambda g: g["ask"] == "PQ" and g["P"] == {"mean": "0", "variance": "1"}
               and g["Q"] == {"mean": "1", "variance": "4"})
    assert same(ex.answer, ln(2) - R(1, 4))
    assert plain(ex.answer) in ("log(2) - 1/4", "-1/4 + log(2)")
    names = {m.name: m.answer for m in ex.mistakes}
    assert same(names["direction swapped"], 2 - ln(2))
    assert same(names["forgot the -1/2"], ln(2) + R(1, 4))                 # ln 2 + 2/8
    # σ read as the variance: ½ln(16/1) + (1 + 1)/(2·16) − ½ = 2 ln 2 + 1/16 − 1/2
    assert same(names["variance used as standard deviation"], 2 * ln(2) - R(7, 16))
    assert same(names["log base 2"], 1 - R(1, 4))                           # log₂ 2 − 1/4
    assert same(names["sign slip in the log"], -ln(2) - R(1, 4))


def test_bernoulli_golden():
    # KL(Bern(1/2) ‖ Bern(1/4)) = ½ ln((1/2)/(1/4)) + ½ ln((1/2)/(3/4)) = ½ ln 2 + ½ ln(2/3)
    #                           = ln 2 − ½ ln 3
    given = {"dist": "bernoulli", "ask": "PQ", "P": {"p": "1/2"}, "Q": {"p": "1/4"}}
    FAM.verify(given, ln(2) - ln(3) / 2)
    # reverse: ¼ ln((1/4)/(1/2)) + ¾ ln((3/4)/(1/2)) = −¼ ln 2 + ¾(ln 3 − ln 2) = ¾ ln 3 − ln 2
    FAM.verify({**given, "ask": "QP"}, R(3, 4) * ln(3) - ln(2))
    FAM.verify({**given, "ask": "both"}, (ln(2) - ln(3) / 2, R(3, 4) * ln(3) - ln(2)))
    with pytest.raises(VerificationError):
        FAM.verify({**given, "ask": "both"}, (R(3, 4) * ln(3) - ln(2), ln(2) - ln(3) / 2))
    assert same(MOD.kl_bernoulli(MOD.F(1, 2), MOD.F(1, 4)).expr(), ln(2) - ln(3) / 2)


def test_categorical_golden_both_directions():
    # P = (1/2, 1/4, 1/4), Q uniform on 3:
    # KL(P‖Q) = ½ ln(3/2) + 2·¼ ln(3/4) = ½ln3 − ½ln2 + ½ln3 − ln2 = ln 3 − (3/2) ln 2
    # KL(Q‖P) = ⅓ ln(2/3) + 2·⅓ ln(4/3) = ⅓ln2 − ⅓ln3 + (4/3)ln2 − ⅔ln3 = (5/3) ln 2 − ln 3
    given = {"dist": "categorical", "ask": "both", "P": {"probs": ["1/2", "1/4", "1/4"]},
             "Q": {"probs": ["1/3", "1/3", "1/3"]}}
    ev = FAM.verify(given, (ln(3) - R(3, 2) * ln(2), R(5, 3) * ln(2) - ln(3)))
    assert ev.method == "direct summation"
    F = MOD.F
    p, q = (F(1, 2), F(1, 4), F(1, 4)), (F(1, 3),) * 3
    assert same(MOD.kl_discrete(p, q).expr(), ln(3) - R(3, 2) * ln(2))
    assert same(MOD.kl_discrete(q, p).expr(), R(5, 3) * ln(2) - ln(3))


def test_categorical_with_a_zero_is_finite_one_way_only():
    # P = (1/2, 1/2, 0), Q = (1/4, 1/4, 1/2): KL(P‖Q) = 2·½ ln 2 = ln 2; KL(Q‖P) = ∞
    F = MOD.F
    p, q = (F(1, 2), F(1, 2), F(0)), (F(1, 4), F(1, 4), F(1, 2))
    assert same(MOD.kl_discrete(p, q).expr(), ln(2))
    with pytest.raises(ValueError):
        MOD.kl_discrete(q, p)
    given = {"dist": "categorical", "ask": "QP", "P": {"probs": ["1/2", "1/2", "0"]},
             "Q": {"probs": ["1/4", "1/4", "1/2"]}}
    with pytest.raises(VerificationError):
        FAM.verify(given, ln(2))


def test_exponential_golden():
    # KL(Exp(1) ‖ Exp(2)) = ln(1/2) + 2/1 − 1 = 1 − ln 2; reverse: ln 2 + 1/2 − 1 = ln 2 − 1/2
    given = {"dist": "exponential", "ask": "both", "P": {"rate": "1"}, "Q": {"rate": "2"}}
    ev = FAM.verify(given, (1 - ln(2), ln(2) - R(1, 2)))
    assert ev.max_error < 1e-9


def test_poisson_golden():
    # KL(Poisson(2) ‖ Poisson(1)) = 2 ln 2 + 1 − 2 = 2 ln 2 − 1; reverse: ln(1/2) + 2 − 1 = 1 − ln 2
    given = {"dist": "poisson", "ask": "both", "P": {"rate": "2"}, "Q": {"rate": "1"}}
    FAM.verify(given, (2 * ln(2) - 1, 1 - ln(2)))
    with pytest.raises(VerificationError):  # forgot λ2 − λ1
        FAM.verify({**given, "ask": "PQ"}, 2 * ln(2))


def test_log_of_splits_into_primes():
    F = MOD.F
    # ln(12/5) = 2 ln 2 + ln 3 − ln 5
    assert MOD.log_of(F(12, 5)) == {2: 2, 3: 1, 5: -1}


# --- behaviour a learner relies on ------------------------------------------------------

def test_solution_shows_both_directions_and_the_asymmetry():
    for dist in MOD.DISTS:
        ex = make_exercise(FAM, {"dist": dist, "level": 2}, 1)
        text = " ".join(s.say + " " + s.text for s in ex.solution)
        assert "D_KL(P‖Q)" in text and "D_KL(Q‖P)" in text, ex.id
        assert "not symmetric" in text, ex.id


def test_level_3_asks_for_both_directions():
    ex = make_exercise(FAM, {"dist": "exponential", "level": 3}, 0)
    assert ex.kind == "tuple" and len(ex.answer) == 2
    swapped = [m for m in ex.mistakes if m.name == "directions swapped"]
    assert swapped and swapped[0].answer == (ex.answer[1], ex.answer[0])


@pytest.mark.parametrize("params", FAM.variants(), ids=lambda p: f"{p['dist']}-{p['level']}")
def test_sweep_100_seeds(params):
    for ex in sweep(FAM, params, range(100)):
        assert ex.kind != "number" or ex.answer > 0, ex.id  # Gibbs: KL > 0 for P ≠ Q

# --- helpers ------------------------------------------------------------------------------



def test_exponential_level_2_gives_a_class_of_200_distinct_pairs():
    made = [make_exercise(FAM, {"dist": "exponential", "level": 2}, s) for s in range(200)]
    assert len({ex.prompt_text for ex in made}) >= 150


# --- regressions of issue 10 ----------------------------------------------------------------

def test_prompts_state_the_precision():
    for params in FAM.variants():
        ex = make_exercise(FAM, params, 4)
        said = ex.checking.statement()
        assert said in ex.prompt_text and said in ex.prompt_tex, ex.id
        assert "exactly." not in ex.prompt_text


def test_exponential_level_1_has_variety_and_later_levels_state_some_by_mean():
    # v1 exponential level 1: twelve prompts in 60 draws
    made = [make_exercise(FAM, {"dist": "exponential", "level": 1}, s) for s in range(200)]
    assert len({ex.prompt_text for ex in made}) >= 120
    later = [make_exercise(FAM, {"dist": "exponential", "level": 2}, s) for s in range(40)]
    by_mean = [ex for ex in later if "the exponential distribution with mean" in ex.prompt_text]
    assert by_mean and len(by_mean) < len(later)
    for ex in by_mean:
        names = {m.name for m in ex.mistakes}
        assert "mean used as the rate" in names or "rate read as mean" not in names, ex.id


def test_golden_exponential_stated_by_mean():
    # P with mean 1/2 (rate 2), Q = Exp(1): ln(2/1) + 1/2 − 1 = ln 2 − 1/2
    given = {"dist": "exponential", "ask": "PQ", "P": {"rate": "2", "stated": "mean"},
             "Q": {"rate": "1", "stated": "rate"}}
    FAM.verify(given, ln(2) - R(1, 2))
    with pytest.raises(VerificationError):
        FAM.verify(given, ln(R(1, 2)) + 2 - 1)     # mean 1/2 used as the rate


def test_level_3_with_a_zero_asks_for_the_finite_direction():
    # v1 promised an infinite direction at level 3 but asked only the finite one, saying which
    seen = 0
    for seed in range(60):
        ex = make_exercise(FAM, {"dist": "categorical", "level": 3}, seed)
        p = [MOD.F(v) for v in ex.given["P"]["probs"]]
        if 0 in p:
            seen += 1
            assert "that is finite (decide which; the other is infinite)" in ex.prompt_text, ex.id
            assert "D_KL(P‖Q) in nats" not in ex.prompt_text and ex.given["ask"] == "PQ"
            assert any(m.name == "dropped the infinite term" for m in ex.mistakes), ex.id
    assert 10 <= seen <= 40


def test_gaussian_convention_names_the_variance():
    ex = make_exercise(FAM, {"dist": "gaussian", "level": 1}, 0)
    assert "In N(μ, σ²) the second parameter is the variance σ², not the standard deviation." in ex.prompt_text
