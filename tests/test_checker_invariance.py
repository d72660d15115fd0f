"""Verdicts depend on (reference, typed text, domains, tolerance) only — never on luck.

Every expected verdict is decided by hand; the comment says why.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import sympy as sp
from checker_support import exercise
from hypothesis import given, settings
from hypothesis import strategies as st

from osmose.checker import check_answer
from osmose.checker.equivalence import POINTS, point_set

a, b, c, x, y = sp.symbols("a b c x y")
ROOT = Path(__file__).resolve().parent.parent
REAL = {"x": "real"}
ABC = {"a": "real", "b": "real", "c": "real"}
POS = {"a": "positive", "b": "positive", "x": "real"}

#: (reference, typed, domains, verdict) — the examples of issue 11, section 2
CASES = [
    # for real x, sqrt(x²) = |x|, which differs from x for every x < 0
    (sp.sqrt(x**2), "x", REAL, "wrong"),
    (sp.sqrt(x**2), "abs(x)", REAL, "correct"),
    (sp.Abs(x), "sqrt(x^2)", REAL, "correct"),
    # (a^b)^c ≠ a^(bc) for real a: a = -1, b = 2, c = 1/2 gives 1 and -1
    (a ** (b * c), "(a^b)^c", ABC, "wrong"),
    (sp.Pow(sp.Pow(a, b, evaluate=False), c, evaluate=False), "a^(b c)", ABC, "wrong"),
    # true identities on the declared domain
    (1 / sp.sqrt(x), "sqrt(1/x)", {"x": "positive"}, "correct"),
    (sp.log(a**x) / sp.log(a), "x", POS, "correct"),
    (x, "log(a^x, a)", POS, "correct"),
    (sp.log(a**2 * b), "2*log(a) + log(b)", POS, "correct"),
    # real means real: both sides undefined for x < 0, equal for x > 0
    (sp.sqrt(1 / x), "1/sqrt(x)", REAL, "correct"),
    # defined on one side only (x < 0): evidence of a difference
    (x, "sqrt(x)^2", REAL, "wrong"),
    (sp.log(x**2), "2 log(x)", REAL, "wrong"),
    (sp.log(x**2), "2 log(|x|)", REAL, "correct"),
    # a removable singularity at one point is not a difference
    (x + 2, "(x^2 - 4)/(x - 2)", REAL, "correct"),
]


def _ids():
    return [f"fam:v1:level=1:{seed}" for seed in range(0, 1000, 37)]


@pytest.mark.parametrize("answer,text,domains,expected", CASES)
def test_issue_examples_get_one_verdict_at_every_id(answer, text, domains, expected):
    verdicts = {check_answer(exercise(answer, variables=domains, ex_id=i), text).status
                for i in _ids()}
    assert verdicts == {expected}


@settings(max_examples=40, deadline=None)
@given(ex_id=st.text(min_size=1, max_size=40), case=st.sampled_from(CASES))
def test_verdict_does_not_depend_on_the_exercise_id(ex_id, case):
    answer, text, domains, expected = case
    assert check_answer(exercise(answer, variables=domains, ex_id=ex_id), text).status \
        == expected


def test_verdict_does_not_depend_on_the_process():
    # another interpreter, another hash seed, another order of work: the same verdicts
    script = (
        "import json, sys; sys.path.insert(0, 'tests')\n"
        "import sympy as sp\n"
        "from checker_support import exercise\n"
        "from test_checker_invariance import CASES\n"
        "from osmose.checker import check_answer\n"
        "print(json.dumps([check_answer(exercise(a, variables=d, ex_id='other'), t).to_json()"
        " for a, t, d, _ in reversed(CASES)]))\n"
    )
    env = dict(os.environ, PYTHONHASHSEED="12345")
    out = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, check=True,
                         capture_output=True, text=True, timeout=300).stdout
    there = list(reversed(json.loads(out)))
    here = [check_answer(exercise(a_, variables=d, ex_id="here"), t).to_json()
            for a_, t, d, _ in CASES]
    assert there == here


# --- the float screen never decides what it cannot represent -----------------------------


def test_overflowing_doubles_are_decided_exactly():
    # 175!·56!/(55!·176!) = 56/176 = 7/22; 175! overflows a double
    ex = exercise(sp.Rational(7, 22), kind="number")
    assert check_answer(ex, "175!*56!/(55!*176!)").status == "correct"
    assert check_answer(ex, "175!*56!/(55!*177!)").status == "wrong"
    assert check_answer(exercise(sp.factorial(200) / sp.factorial(198), kind="number"),
                        "200*199").status == "correct"


def test_cancellation_is_decided_in_high_precision():
    # φ^30 = 930249 + 416020√5 and ψ^30 = 930249 − 416020√5, ψ = (1 − √5)/2, |ψ| < 1
    phi = (1 + sp.sqrt(5)) / 2
    assert check_answer(exercise(phi, kind="number"),
                        "(930249+416020*sqrt(5))^(1/30)").status == "correct"
    # the conjugate loses 12 digits to cancellation in doubles; |ψ| = (√5 − 1)/2
    assert check_answer(exercise((sp.sqrt(5) - 1) / 2, kind="number"),
                        "(930249-416020*sqrt(5))^(1/30)").status == "correct"
    assert check_answer(exercise((sp.sqrt(5) - 1) / 2 + sp.Rational(1, 10**9), kind="number"),
                        "(930249-416020*sqrt(5))^(1/30)").status == "wrong"


@pytest.mark.parametrize("answer,text", [
    (x, "x + 10^-40"), (x, "x + 1/10^200"), (x, "x + exp(-100)"), (x, "x*(1 + 10^-60)"),
    (sp.Integer(0), "exp(-100)"), (sp.Rational(1, 6), "1/6 + 1/10^45"),
])
def test_tiny_differences_are_differences(answer, text):
    assert check_answer(exercise(answer, variables=REAL), text).status == "wrong"


@pytest.mark.parametrize("answer,text", [
    (sp.Integer(0), "sin(pi)"), (sp.Integer(1), "cos(x)^2 + sin(x)^2"),
    (sp.exp(-100), "exp(-50)^2"), (sp.Integer(10)**50 + 1, "10^50 + 1"),
])
def test_true_identities_with_extreme_values(answer, text):
    assert check_answer(exercise(answer, variables=REAL), text).status == "correct"


# --- sampling covers the domain ---------------------------------------------------------


@pytest.mark.parametrize("domain", ["real", "positive", "nonzero", "interval:-3:7"])
def test_every_five_percent_slab_holds_a_point(domain):
    # the points' images under the domain map leave no gap of 5 % of the box in any
    # coordinate, for one to four variables
    for d in range(1, 5):
        names = tuple((f"v{k}", domain) for k in range(d))
        points = point_set(names)
        assert len(points) == POINTS
        for name, _ in names:
            us = sorted(_unit(p[name], domain) for p in points)
            gaps = [hi - lo for lo, hi in zip([0.0] + us, us + [1.0])]
            assert max(gaps) < 0.05, (domain, d, max(gaps))


def _unit(v: float, domain: str) -> float:
    """Invert the domain map to the unit interval (by bisection: it is monotone)."""
    from osmose.checker.equivalence import _coordinate
    lo, hi = 1e-9, 1 - 1e-9
    for _ in range(80):
        mid = (lo + hi) / 2
        if _coordinate(mid, domain) < v:
            lo = mid
        else:
            hi = mid
    return lo


def test_real_variables_are_sampled_negative_small_and_large():
    values = [p["x"] for p in point_set((("x", "real"),))]
    assert any(v < -1 for v in values) and any(-1 < v < 0 for v in values)
    assert any(0 < v < 0.1 for v in values) and any(v > 1 for v in values)
    assert any(-0.1 < v < 0 for v in values)


@pytest.mark.parametrize("lo,hi", [(0.0, 0.05), (0.5, 0.55), (0.95, 1.0), (0.31, 0.36)])
def test_a_difference_on_five_percent_of_an_interval_is_found(lo, hi):
    # the answer differs from the reference only on [lo, hi] ⊂ [0, 1]: a bump there
    bump = f"max(0, min(x - {lo}, {hi} - x))"
    ex = exercise(x, variables={"x": "interval:0:1"})
    assert check_answer(ex, f"x + {bump}").status == "wrong"
    assert check_answer(ex, f"x + 0*{bump}").status == "correct"


def test_a_difference_on_the_negative_reals_only_is_found():
    # |x| + x = 0 only for x ≤ 0: differs from 0 on half the box
    ex = exercise(sp.Integer(0) * x, variables=REAL)
    assert check_answer(exercise(2 * sp.Max(x, 0), variables=REAL), "abs(x) + x").status \
        == "correct"
    assert check_answer(exercise(x, variables=REAL), "max(x, 0)").status == "wrong"
    assert check_answer(ex, "min(x, -1/100) + 1/100").status == "wrong"
