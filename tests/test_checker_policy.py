"""The decimal and integer policy, one rule per ``Checking.precision`` (README table).

Expected verdicts are decided by hand: 0.2195 rounds to 0.220 (3 figures) and
truncates to 0.219; 1/6 = 0.1666…; 6742 is a count.
"""

from __future__ import annotations

import pytest
import sympy as sp
from checker_support import XY, exercise, x

from osmose.checker import agrees, check_answer
from osmose.family import Checking


def judge(answer, text, precision="exact-or-decimal", kind="number", sig_figs=3, variables=None):
    return check_answer(exercise(answer, kind=kind, precision=precision, sig_figs=sig_figs,
                                 variables=variables), text)


REF = sp.Rational(2195, 10000)  # 0.2195


@pytest.mark.parametrize("text,status,message", [
    ("0.2195", "correct", "3 significant figures"),   # exactly the value
    ("0.220", "correct", "3 significant figures"),
    ("0.22", "correct", "3 significant figures"),   # 0.220 with its trailing zero dropped
    ("0.219", "wrong", "round rather than truncate"),
    ("0.2", "wrong", "give at least 3"),
    ("0.21", "wrong", "round rather than truncate"),
    ("0.23", "wrong", ""),
    ("2.195e-1", "correct", ""),
    ("2.20e-1", "correct", "3 significant figures"),
    ("439/2000", "correct", ""),
])
def test_decimals_at_the_stated_precision(text, status, message):
    verdict = judge(REF, text)
    assert verdict.status == status, verdict
    assert message in verdict.message, verdict


def test_coarse_and_truncated_have_their_own_messages():
    # 0.678 to 3 figures: 0.68 is the answer to 2 figures only
    assert judge(sp.Rational(678, 1000), "0.68").message == \
        "0.68 has 2 significant figures; give at least 3"
    assert judge(sp.Rational(678, 1000), "0.678").status == "correct"
    truncated = judge(sp.Rational(1, 3) * 2, "0.666")  # 2/3 = 0.6667 rounds to 0.667
    assert truncated.status == "wrong"
    assert truncated.message.startswith("close — round rather than truncate")
    assert judge(sp.Rational(2, 3), "0.667").status == "correct"


@pytest.mark.parametrize("text,status", [
    ("1/2", "correct"), ("2/4", "correct"), ("0.5", "correct"),   # 0.5 is exactly 1/2
    ("5e-1", "correct"), ("0.50", "correct"),
    ("0.4999", "invalid"),                                         # a rounded value
    ("0.6", "wrong"),
])
def test_exact_answers_refuse_rounded_decimals(text, status):
    verdict = judge(sp.Rational(1, 2), text, precision="exact")
    assert verdict.status == status, verdict
    if status == "invalid":
        assert "exact" in verdict.message


def test_exact_refuses_a_rounded_third_and_says_why():
    verdict = judge(sp.Rational(1, 3), "0.333", precision="exact")
    assert verdict.status == "invalid"
    assert verdict.message.startswith("an exact answer is asked")
    assert judge(sp.Rational(1, 3), "1/3", precision="exact").status == "correct"
    # the same decimal is fine where decimals are allowed
    assert judge(sp.Rational(1, 3), "0.333", precision="exact-or-decimal").status == "correct"
    assert judge(sp.Rational(1, 3), "0.333", precision="decimal").status == "correct"


def test_integer_answers_accept_only_the_integer():
    assert judge(sp.Integer(6742), "6742", precision="integer").status == "correct"
    assert judge(sp.Integer(6742), "6742.0", precision="integer").status == "correct"
    wrong = judge(sp.Integer(6742), "6741.0", precision="integer")
    assert wrong.status == "wrong" and "whole number" in wrong.message
    assert judge(sp.Integer(6742), "6740", precision="integer").status == "wrong"
    assert judge(sp.Integer(6742), "6.742e3", precision="integer").status == "correct"
    # where decimals are allowed, 6741.0 is within half a unit of the 3rd figure
    assert judge(sp.Integer(6742), "6741.0").status == "correct"


def test_decimal_expressions_follow_the_same_policy():
    assert judge(x / 3, "0.3333x", kind="expr", variables=XY).status == "correct"
    assert judge(x / 3, "0.3333x", kind="expr", variables=XY, precision="exact").status \
        == "invalid"
    assert judge(x / 2, "0.5x", kind="expr", variables=XY, precision="exact").status \
        == "correct"


def test_matrices_follow_the_same_policy():
    m = sp.ImmutableMatrix([[sp.Rational(1, 3), 1], [0, 2]])
    ok = check_answer(exercise(m, kind="matrix"), "[[0.333, 1], [0, 2]]")
    assert ok.status == "correct"
    exact = check_answer(exercise(m, kind="matrix", precision="exact"), "[[0.333, 1], [0, 2]]")
    assert exact.status == "invalid" and "exact" in exact.message
    counts = sp.ImmutableMatrix([[3, 4]])
    assert check_answer(exercise(counts, kind="matrix", precision="integer"),
                        "[[3.0, 4]]").status == "correct"
    assert check_answer(exercise(counts, kind="matrix", precision="integer"),
                        "[[3.1, 4]]").status == "wrong"


@pytest.mark.parametrize("precision,candidate,expected", [
    ("exact", sp.Float("0.333"), False),          # refused as a rounded value
    ("exact-or-decimal", sp.Float("0.333"), True),
    ("exact-or-decimal", sp.Rational(333, 1000), True),      # typed as 0.333: accepted
    ("exact", sp.Rational(333, 1000), False),
    ("decimal", sp.Float("0.33"), False),                    # 2 figures: too coarse
])
def test_agrees_uses_the_same_policy(precision, candidate, expected):
    checking = Checking(precision=precision)
    assert agrees(sp.Rational(1, 3), candidate, "number", checking) is expected
    # and says what check_answer says of the same text where the text is a decimal
    if isinstance(candidate, sp.Float):
        text = str(candidate).rstrip("0")
        verdict = judge(sp.Rational(1, 3), text, precision=precision)
        assert (verdict.status == "correct") is expected


def test_integer_agrees():
    checking = Checking(precision="integer")
    assert agrees(sp.Integer(6742), sp.Float("6741.0"), "number", checking) is False
    assert agrees(sp.Integer(6742), sp.Integer(6741), "number", checking) is False
    assert agrees(sp.Integer(6742), sp.Integer(6742), "number", checking) is True
