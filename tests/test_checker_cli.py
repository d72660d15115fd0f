"""`osmose answer ID TEXT` end to end: the id alone rebuilds the exercise; exit 0/1/2."""

import json

import pytest
from click.testing import CliRunner
from conftest import write_kb

from cli import main

FAMILY = '''
import sympy as sp
from osmose.family import Checking, Evidence, Family, Mistake, Param, Problem, VerificationError

x = sp.Symbol("x")
SAY = Checking(variables={"x": "real"}).statement()


def generate(rng, params):
    k = rng.randint(2, 9)
    answer = k * x ** (params["power"] - 1) * params["power"]
    return Problem(
        prompt_tex=f"Differentiate \\\\({k} x^{params['power']}\\\\). {SAY}",
        prompt_text=f"Differentiate {k}·x^{params['power']}. {SAY}",
        answer=answer, kind="expr", solution=(), given={"k": k, "power": params["power"]},
        checking=Checking(variables={"x": "real"}),
        mistakes=(Mistake("sign", -answer, "Differentiating does not flip the sign."),),
    )


def verify(given, answer):
    k, n = given["k"], given["power"]
    point, h = 0.7, 1e-5
    f = lambda t: k * t ** n
    numeric = (f(point + h) - f(point - h)) / (2 * h)
    if abs(float(answer.subs(x, point)) - numeric) > 1e-6:
        raise VerificationError("derivative mismatch")
    return Evidence("central difference", "h=1e-5 at x=0.7")


FAMILY = Family(name="power_rule", version=2, title="Power rule", summary="d/dx k x^n",
                params={"power": Param(3, (2, 3))}, generate=generate, verify=verify)
'''


@pytest.fixture()
def kb(tmp_path):
    return write_kb(tmp_path / "kb", {"generators/power_rule.py": FAMILY})


def answer(kb, *args):
    return CliRunner().invoke(main, ["answer", *args, "--kb", str(kb)])


def _k(kb, ex_id):
    """The coefficient k of the exercise, from its own JSON (not from the checker)."""
    from osmose.exercises import make_exercise, parse_id
    from osmose.kb import KnowledgeBase

    name, _, raw, seed = parse_id(ex_id)
    return make_exercise(KnowledgeBase.load(kb).family(name), raw, seed).given["k"]


def test_correct_wrong_invalid_exit_codes(kb):
    ex_id = "power_rule:v2:power=3:5"
    k = _k(kb, ex_id)
    right = answer(kb, ex_id, f"{3 * k}x^2")
    assert right.exit_code == 0, right.output
    assert "understood as" in right.output and "correct" in right.output
    latex = answer(kb, ex_id, rf"{3 * k} x^{{2}}")
    assert latex.exit_code == 0, latex.output
    wrong = answer(kb, ex_id, f"{k}x^2")
    assert wrong.exit_code == 1 and "wrong" in wrong.output
    sign = answer(kb, ex_id, f"-{3 * k}x^2")  # a leading minus is an answer, not an option
    assert sign.exit_code == 1 and "Differentiating does not flip the sign." in sign.output
    broken = answer(kb, ex_id, "(3x^2")
    assert broken.exit_code == 2
    assert "unbalanced parenthesis at column 1" in broken.output


def test_json_verdict(kb):
    ex_id = "power_rule:v2:power=2:1"
    k = _k(kb, ex_id)
    result = answer(kb, "--json", ex_id, f"{2 * k}x")
    assert result.exit_code == 0
    verdict = json.loads(result.output)
    assert verdict["status"] == "correct" and verdict["score"] == "1"


def test_stale_or_bad_ids_fail_with_one_line(kb):
    old = answer(kb, "power_rule:v1:power=3:5", "x")
    assert old.exit_code == 2
    assert "v1" in old.output and "v2" in old.output
    assert "Traceback" not in old.output
    assert answer(kb, "not-an-id", "x").exit_code == 2
    assert answer(kb, "nosuch:v1::1", "x").exit_code == 2
    assert answer(kb, "power_rule:v2:power=7:1", "x").exit_code == 2  # power must be 2 or 3
