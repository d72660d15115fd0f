"""`osmose check` finds broken generators: verification failures, crashes, non-determinism."""

from __future__ import annotations

from conftest import run_osmose, write_kb

GENERATOR = '''
import sympy as sp
from osmose.family import Checking, Evidence, Family, Param, Problem, Reject, Step, VerificationError
SAY = Checking().statement()

def generate(rng, params):
    n = rng.randint(1, 9)
    {body}
    return Problem(prompt_tex=r"What is \\\\(" + str(n) + r" + 1\\\\)? " + SAY, prompt_text=f"{{n}} + 1 = ? {{SAY}}",
                   answer=answer, kind="number", solution=(Step("add one"),), given={{"n": n}})

def verify(given, answer):
    if int(answer) != given["n"] + 1:
        raise VerificationError(f"{{given['n']}} + 1 is not {{answer}}")
    return Evidence("recount", "integer addition")

FAMILY = Family(name="{name}", version=1, title="t", summary="s",
                params={{"level": Param(1, (1, 2))}}, generate=generate, verify=verify,
                finite=lambda params: 8)
'''

CONCEPT = """
id: adding
title: Adding one
area: arithmetic
definition: D
exercises:
  - generator: {name}
"""


def kb_with(tmp_path, name, body):
    return write_kb(tmp_path, {
        f"generators/{name}.py": GENERATOR.format(name=name, body=body),
        "concepts/arithmetic/adding.yaml": CONCEPT.format(name=name),
    })


def test_a_correct_family_passes_with_its_acceptance_rate(tmp_path):
    kb = kb_with(tmp_path, "plus_one", "if n == 5: raise Reject('five')\n    answer = sp.Integer(n + 1)")
    result = run_osmose("check", "--seeds", "30", "--kb", kb)
    assert result.returncode == 0, result.stdout + result.stderr
    row = next(line for line in result.stdout.splitlines() if line.startswith("plus_one"))
    assert "30/30" in row
    assert "ok: 1 concepts, 1 families, 30 exercises verified" in result.stdout


def test_verification_failure_is_reported_and_exits_1(tmp_path):
    kb = kb_with(tmp_path, "off_by_one", "answer = sp.Integer(n + (2 if n == 7 else 1))")
    result = run_osmose("check", "--seeds", "40", "--kb", kb)
    assert result.returncode == 1
    assert "off_by_one.py:5: off_by_one[level=1] seed" in result.stdout
    assert "verification failed: " in result.stdout and "7 + 1 is not 9" in result.stdout


def test_crash_is_located_in_the_generator(tmp_path):
    kb = kb_with(tmp_path, "crashy", "answer = sp.Integer(n + 1)\n    assert n != 3, 'three'")
    result = run_osmose("check", "--seeds", "40", "--kb", kb)
    assert result.returncode == 1
    assert "crashy.py:8: crashy[level=1] seed" in result.stdout
    assert "crashed: AssertionError: three" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_hash_order_dependence_is_caught_as_non_determinism(tmp_path):
    # str hashes change with PYTHONHASHSEED: two processes disagree (1 in a million chance not)
    kb = kb_with(tmp_path, "hashy", "n = hash('osmose') % 1000003 + 1\n    answer = sp.Integer(n + 1)")
    result = run_osmose("check", "--seeds", "5", "--kb", kb)
    assert result.returncode == 1
    assert "not deterministic (differs between processes)" in result.stdout


def test_a_family_that_always_rejects_reports_low_acceptance(tmp_path):
    kb = kb_with(tmp_path, "picky", "raise Reject('never')\n    answer = 0")
    result = run_osmose("check", "--seeds", "3", "--kb", kb)
    assert result.returncode == 1
    assert "no acceptable variant in 200 draws (acceptance too low)" in result.stdout


def test_link_to_missing_family_and_bad_params(tmp_path):
    kb = write_kb(tmp_path, {
        "generators/plus_one.py": GENERATOR.format(name="plus_one", body="answer = sp.Integer(n + 1)"),
        "concepts/arithmetic/adding.yaml": CONCEPT.format(name="plus_onee")
        + "  - generator: plus_one\n    params: {level: 7}\n",
    })
    result = run_osmose("check", "--seeds", "0", "--kb", kb)
    assert result.returncode == 1
    assert "adding.yaml:6: unknown exercise family 'plus_onee' (did you mean plus_one?)" in result.stdout
    assert "adding.yaml:7: plus_one: " not in result.stdout  # located at the link's line
    assert "adding.yaml:7: param level=7: choose one of 1, 2" in result.stdout


def _concept(cid, title, area, definition, requires="[]"):
    return (f"id: {cid}\ntitle: {title}\narea: {area}\nrequires: {requires}\n"
            f"definition: '{definition}'\n")


def test_a_definition_using_another_concepts_term_without_prerequisites_is_a_warning(tmp_path):
    root = write_kb(tmp_path, {
        "concepts/calculus/gradient.yaml": _concept("gradient", "Gradient", "calculus",
                                                    "The vector of partial derivatives."),
        "concepts/calculus/partial-derivatives.yaml": _concept(
            "partial-derivatives", "Partial derivatives", "calculus", "A rate of change along an axis."),
        # uses 'gradient' (a title) and 'partial derivatives' (id words, plural) but requires nothing
        "concepts/optimization/descent.yaml": _concept(
            "descent", "Descent", "optimization", "Step against the gradients \\\\(\\\\nabla f\\\\)."),
        # the same words are fine once a prerequisite is declared, and notation is exempt
        "concepts/optimization/linked.yaml": _concept(
            "linked", "Linked", "optimization", "Step against the gradient.", "[gradient]"),
        "concepts/notation/symbols.yaml": _concept("symbols", "Symbols", "notation",
                                                   "The gradient is written with nabla."),
        # only whole words count: 'gradients' matches, 'gradientless' does not
        "concepts/optimization/zeroth.yaml": _concept("zeroth", "Zeroth order", "optimization",
                                                      "A gradientless search."),
        # a cycle is still an error
        "concepts/a/one.yaml": _concept("one", "One", "a", "First.", "[two]"),
        "concepts/a/two.yaml": _concept("two", "Two", "a", "Second.", "[one]"),
    })
    result = run_osmose("check", "--seeds", "0", "--kb", root)
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning:")]
    assert len(warnings) == 2, result.stderr
    assert "gradient.yaml:5: 'gradient' has no prerequisites but its definition uses the term of " \
           "partial-derivatives" in warnings[0]
    assert "descent.yaml:5: 'descent' has no prerequisites but its definition uses the term of gradient" \
        in warnings[1]
    assert result.returncode == 1 and "prerequisite cycle: one -> two -> one" in result.stdout
