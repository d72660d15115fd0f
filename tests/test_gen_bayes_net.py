"""bayes_net: factorisation, marginals and posteriors in three-node networks."""

from __future__ import annotations

import pytest
import sympy as sp

from conftest import family
from family_sweep import deterministic, sweep
from osmose.family import VerificationError

FAM = family("bayes_net")
R = sp.Rational


@pytest.mark.parametrize("structure", ("chain", "fork", "collider"))
@pytest.mark.parametrize("level", (1, 2, 3))
def test_many_seeds_verify_and_stay_well_formed(structure, level):
    made = sweep(FAM, {"structure": structure, "level": level}, range(40))
    assert len({ex.prompt_text for ex in made}) >= 38


# By hand, the chain A → B → C with P(A=1) = 1/2, P(B=1 | A) = 1/5, 4/5 and P(C=1 | B) = 1/10, 9/10:
#   P(A=1, B=1, C=0) = ½·⅘·(1 − 9/10) = 1/25;
#   P(B=1) = ½·⅕ + ½·⅘ = ½, so P(C=1) = ½·1/10 + ½·9/10 = ½;
#   P(A=1, C=1) = ½(⅘·9/10 + ⅕·1/10) = 37/100, so P(A=1 | C=1) = 37/50.
CHAIN = {"structure": "chain", "cpt": {"A": {"-": "1/2"}, "B": {"0": "1/5", "1": "4/5"},
                                       "C": {"0": "1/10", "1": "9/10"}}}


@pytest.mark.parametrize("question, answer, wrong", [
    ({"ask": "joint", "event": {"A": 1, "B": 1, "C": 0}}, R(1, 25), R(9, 25)),
    ({"ask": "marginal"}, R(1, 2), R(1, 4)),
    ({"ask": "posterior", "evidence": {"C": 1}}, R(37, 50), R(1, 2)),
])
def test_golden_chain_and_a_wrong_answer_rejected(question, answer, wrong):
    FAM.verify({**CHAIN, **question}, answer)
    with pytest.raises(VerificationError):
        FAM.verify({**CHAIN, **question}, wrong)


def test_colliders_sometimes_ask_about_explaining_away():
    made = sweep(FAM, {"structure": "collider", "level": 3}, range(40))
    both = [ex for ex in made if ex.given["evidence"] == {"C": 1, "B": 1}]
    assert both and all("ignored B" in {m.name for m in ex.mistakes} for ex in both)


def test_same_seed_same_exercise():
    assert deterministic(FAM, {"structure": "fork", "level": 3})
