"""The engine enforces the exercise contract on every family, built-in or a user's own:
prompts state the precision the checker applies, no listed mistake is one the checker
would accept, and `osmose check` fails a combination under the variety floor."""

from __future__ import annotations

import pytest
import sympy as sp

from conftest import run_osmose, write_kb
from osmose.check import variety_floor
from osmose.exercises import ContractError, GenerationError, make_exercise
from osmose.family import Checking, Evidence, Family, Mistake, Param, Problem, Step


def _verify(given, answer):
    return Evidence("recount", "")


def _family(generate, name="fake"):
    return Family(name=name, version=1, title="t", summary="s",
                  params={"level": Param(1, (1,))}, generate=generate, verify=_verify)


def _problem(n, checking=Checking(), say=None, mistakes=(), kind="number", answer=None):
    say = checking.statement() if say is None else say
    return Problem(rf"What is \({n}/7\)? {say}", f"What is {n}/7? {say}",
                   sp.Rational(n, 7) if answer is None else answer, kind,
                   (Step("divide"),), {"n": n}, checking, mistakes)


def test_a_prompt_without_its_precision_statement_is_refused():
    fam = _family(lambda rng, params: _problem(rng.randint(1, 6), say="Give the exact fraction."))
    with pytest.raises(ContractError, match="does not state its precision"):
        make_exercise(fam, {}, 0)


def test_the_statement_must_match_what_the_checker_does():
    # the prompt promises decimals to 3 figures, but the checker was told 'exact'
    promise = Checking().statement()
    fam = _family(lambda rng, params: _problem(2, Checking(precision="exact"), say=promise))
    with pytest.raises(ContractError):
        make_exercise(fam, {}, 0)


def test_a_choice_answer_needs_choice_precision():
    fam = _family(lambda rng, params: _problem(1, Checking(), kind="choice", answer="saddle"))
    with pytest.raises(ContractError, match="'choice' answer"):
        make_exercise(fam, {}, 0)


def test_a_mistake_equal_to_the_answer_makes_the_engine_draw_again():
    # n = 7 gives 7/7 = 1, the very value of the "any fraction n/n is 1" slip listed
    def generate(rng, params):
        n = rng.choice((7, 7, 7, 3))
        return _problem(n, mistakes=(Mistake("n/n", sp.Integer(1), "Only n/n is 1."),))
    fam = _family(generate)
    for seed in range(20):
        ex = make_exercise(fam, {}, seed)
        assert ex.given["n"] == 3, "a draw whose mistake equals its answer was shipped"


def test_a_mistake_within_the_stated_decimal_precision_counts_as_equal():
    # 0.2857 agrees with 2/7 to 3 significant figures: a learner typing it is marked correct
    def generate(rng, params):
        return _problem(2, mistakes=(Mistake("rounded", sp.Float("0.2857"), "Round later."),))
    with pytest.raises(GenerationError):
        make_exercise(_family(generate), {}, 0)


def test_under_exact_precision_a_close_decimal_is_a_real_mistake():
    exact = Checking(precision="exact")
    fam = _family(lambda rng, params: _problem(
        2, exact, mistakes=(Mistake("rounded", sp.Float("0.2857"), "Keep the fraction."),)))
    assert make_exercise(fam, {}, 0).mistakes[0].name == "rounded"


def test_statements_say_what_each_precision_accepts():
    assert Checking(precision="integer").statement() == "Answer with a whole number."
    assert Checking(precision="decimal", sig_figs=4).statement() == \
        "Answer with decimals to 4 significant figures."
    assert Checking(choices=("min", "max")).statement() == "Answer with one of: min, max."
    with pytest.raises(ValueError):
        Checking(precision="roughly")


@pytest.mark.parametrize("seeds, finite, floor", [
    (200, None, 120),   # the floor: 120 distinct prompts in 200 seeds
    (30, None, 18),
    (200, 24, 19),      # a pool of 24: 200 draws see all of them; ask for 80 %
    (200, 5000, 120),   # a large finite pool is held to the general floor
])
def test_variety_floor(seeds, finite, floor):
    assert variety_floor(seeds, finite) == floor


GENERATOR = '''
import sympy as sp
from osmose.family import Checking, Evidence, Family, Param, Problem, Step

SAY = Checking(precision="integer").statement()

def generate(rng, params):
    n = rng.randint(1, params["level"] * {top})
    return Problem(f"What is \\\\({{n}} + 1\\\\)? {{SAY}}", f"{{n}} + 1 = ? {{SAY}}", sp.Integer(n + 1),
                   "number", (Step("add one"),), {{"n": n}}, Checking(precision="integer"))

def verify(given, answer):
    return Evidence("recount", "")

FAMILY = Family(name="few", version=1, title="t", summary="s",
                params={{"level": Param(1, (1,))}}, generate=generate, verify=verify)
'''


@pytest.mark.parametrize("top, ok", [(10, False), (10_000, True)])
def test_check_fails_a_combination_under_the_variety_floor(tmp_path, top, ok):
    kb = write_kb(tmp_path, {
        "generators/few.py": GENERATOR.format(top=top),
        "concepts/arithmetic/adding.yaml": "id: adding\ntitle: Adding\narea: arithmetic\n"
                                           "definition: D\nexercises:\n  - generator: few\n",
    })
    result = run_osmose("check", "--seeds", "50", "--kb", kb)
    assert (result.returncode == 0) is ok, result.stdout + result.stderr
    if not ok:
        assert "few[level=1]: only 10 distinct prompts in 50 seeds (the variety floor is 30)" \
            in result.stdout
