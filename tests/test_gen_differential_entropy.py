"""differential_entropy: h(X) for three families and h(aX + b)."""

from __future__ import annotations

import pytest
import sympy as sp

from conftest import family
from family_sweep import deterministic, sweep
from osmose.family import VerificationError

FAM = family("differential_entropy")
R, ln = sp.Rational, sp.log


@pytest.mark.parametrize("dist", ("uniform", "gaussian", "exponential"))
@pytest.mark.parametrize("level", (1, 2))
def test_many_seeds_verify_and_stay_well_formed(dist, level):
    made = sweep(FAM, {"dist": dist, "level": level}, range(60))
    assert len({ex.prompt_text for ex in made}) >= 40


def test_negative_entropies_are_drawn_and_explained():
    made = sweep(FAM, {"dist": "uniform", "level": 1}, range(80))
    negative = [ex for ex in made if float(ex.answer) < 0]
    assert negative and all("can be negative" in " ".join(s.say for s in ex.solution) for ex in negative)


# By hand: Uniform(0, 1/2) has h = ln(1/2); N(0, 1) has ½ln(2πe); Exponential(rate 1) has 1;
# Y = 2X + 3 with X ~ Uniform(0, 1/2) is Uniform(3, 4): h = ln 1 = 0; Y = −X with X exponential: 1.
@pytest.mark.parametrize("given, answer, wrong", [
    ({"dist": "uniform", "lo": "0", "hi": "1/2"}, ln(R(1, 2)), ln(2)),
    ({"dist": "gaussian", "mu": 0, "var": "1"}, ln(2 * sp.pi * sp.E) / 2, ln(2 * sp.pi) / 2),
    ({"dist": "exponential", "rate": "1"}, sp.Integer(1), sp.Integer(0)),
    ({"dist": "uniform", "lo": "0", "hi": "1/2", "a": "2", "b": 3}, sp.Integer(0), ln(R(1, 2))),
    ({"dist": "exponential", "rate": "1", "a": "-1", "b": 0}, sp.Integer(1), sp.Integer(-1)),
])
def test_golden_cases_and_a_wrong_answer_rejected(given, answer, wrong):
    FAM.verify(given, answer)
    with pytest.raises(VerificationError):
        FAM.verify(given, wrong)


def test_same_seed_same_exercise():
    assert deterministic(FAM, {"dist": "gaussian", "level": 2})
