"""Checked derivation steps: correct steps pass, broken ones are reported at path:line."""

from __future__ import annotations

import pytest

from conftest import ROOT, run_osmose, write_kb
from osmose.derivations import check_derivations, check_step, derivation_report, parse_check
from osmose.kb import KnowledgeBase

GD_STEP = {"lhs": "x - eta*lam*(x - xs) - xs", "rhs": "(1 - eta*lam)*(x - xs)",
           "symbols": {"x": "real", "xs": "real", "eta": "positive", "lam": "positive"}}

FIXTURE = """
id: gd-stability
title: GD stability
area: optimization
definition: 'Gradient descent on a quadratic.'
derivations:
  - title: Error recursion
    steps:
      - tex: 'x_{k+1} - x^\\star = (1 - \\eta\\lambda)(x_k - x^\\star)'
        why: 'Subtract the minimiser.'
        check:
          lhs: 'x - eta*lam*(x - xs) - xs'
          rhs: '(1 - eta*lam)*(x - xs)'
          symbols: {x: real, xs: real, eta: positive, lam: positive}
      - tex: '\\eta < 1/\\lambda'
        why: 'A wrong claim about the stability limit.'
        check:
          lhs: '1 - (1/lam)*lam'
          rhs: '-1'
          symbols: {lam: positive}
"""


def test_a_correct_step_is_proved_symbolically():
    result = check_step(GD_STEP)
    assert result.ok and result.method == "symbolic"


def test_a_broken_step_is_refuted_with_a_point():
    result = check_step({**GD_STEP, "rhs": "(1 + eta*lam)*(x - xs)"})
    assert not result.ok and result.method == "numeric"
    assert "lhs − rhs =" in result.detail and "eta=" in result.detail


def test_domains_matter():
    # √(x²) = x holds for positive x and fails for real x (at any negative point)
    assert check_step({"lhs": "sqrt(x**2)", "rhs": "x", "symbols": {"x": "positive"}}).ok
    assert not check_step({"lhs": "sqrt(x**2)", "rhs": "x", "symbols": {"x": "real"}}).ok
    assert check_step({"lhs": "sqrt(x**2)", "rhs": "-x", "symbols": {"x": "interval:-3:-1"}}).ok


def test_matrices_and_quaternions_compare_entrywise():
    # the rotation by angle t about z, in quaternion form
    rot = {"lhs": "q*Quaternion(0, x, y, z)*conjugate(q)",
           "rhs": "Quaternion(0, x*cos(t) - y*sin(t), x*sin(t) + y*cos(t), z)",
           "symbols": {"x": "real", "y": "real", "z": "real", "t": "real"},
           "where": {"q": "Quaternion(cos(t/2), 0, 0, sin(t/2))"}}
    assert check_step(rot).ok
    assert not check_step({**rot, "where": {"q": "Quaternion(cos(t), 0, 0, sin(t))"}}).ok  # full angle
    assert check_step({"lhs": "Matrix([[a, b], [b, c]])*Matrix([1, 0])", "rhs": "Matrix([a, b])",
                       "symbols": {"a": "real", "b": "real", "c": "real"}}).ok


@pytest.mark.parametrize("check, message", [
    ({"lhs": "x", "rhs": "y", "symbols": {"x": "real"}}, "undeclared symbol 'y'"),
    ({"lhs": "x", "rhs": "x", "symbols": {"x": "reel"}}, "unknown domain 'reel'"),
    ({"lhs": "x", "rhs": "x", "symbols": {"x": "real"}, "assume": 1}, "unknown key 'assume'"),
    ({"rhs": "x", "symbols": {"x": "real"}}, "needs 'lhs'"),
    ({"lhs": "x +* 2", "rhs": "x", "symbols": {"x": "real"}}, "cannot parse lhs"),
    ({"lhs": "Matrix([x, x])", "rhs": "x", "symbols": {"x": "real"}}, "shape"),
])
def test_malformed_checks_say_what_is_wrong(check, message):
    result = check_step(check)
    assert not result.ok and result.method == "malformed" and message in result.detail


def test_fixture_kb_reports_the_broken_step_at_its_line(tmp_path):
    root = write_kb(tmp_path, {"concepts/optimization/gd-stability.yaml": FIXTURE})
    kb = KnowledgeBase.load(root)
    assert not kb.errors
    errors = check_derivations(kb)
    assert len(errors) == 1
    err = errors[0]
    assert err.path.endswith("concepts/optimization/gd-stability.yaml")
    text = (root / "concepts/optimization/gd-stability.yaml").read_text().splitlines()
    assert text[err.line - 1].strip().startswith("- tex: '\\eta < 1/\\lambda'")
    assert "derivation 'Error recursion' step 2 does not follow: lhs − rhs = 1 " in err.message  # 1 − 1 − (−1)
    assert str(err).startswith(f"{err.path}:{err.line}: ")


def test_osmose_check_reports_the_broken_step(tmp_path):
    root = write_kb(tmp_path, {"concepts/optimization/gd-stability.yaml": FIXTURE})
    proc = run_osmose("check", "--seeds", "0", "--kb", root)
    assert proc.returncode == 1
    assert "gd-stability.yaml:" in proc.stdout + proc.stderr
    assert "step 2 does not follow" in proc.stdout + proc.stderr


def _perturbed(check: dict) -> dict:
    """The same check with 1/7 added to every entry of the right-hand side."""
    lhs, _, _ = parse_check(check)
    shape = getattr(lhs, "shape", None)
    if type(lhs).__name__ == "Quaternion":
        bump = "Quaternion(1/7, 1/7, 1/7, 1/7)"
    elif shape:
        bump = f"ones({shape[0]}, {shape[1]})/7"
    else:
        bump = "1/7"
    return {**check, "rhs": f"({check['rhs']}) + {bump}"}


def test_builtin_derivations_hold_and_are_not_vacuous():
    kb = KnowledgeBase.load(ROOT)
    areas = ("calculus", "optimization", "linear-algebra", "geometry", "physics")
    report = derivation_report(kb)
    assert not report.errors, [str(e) for e in report.errors]
    mine = [(c, d, s) for c in kb.concepts.values() if c.area in areas
            for d in c.derivations for s in d.steps if s.check]
    assert len({(c.id, d.title) for c, d, _ in mine}) >= 8
    for concept, derivation, step in mine:  # each check fails once its rhs is off by 1/7
        assert not check_step(_perturbed(step.check)).ok, (concept.id, derivation.title, step.line)


@pytest.mark.parametrize("text", [
    "__import__('pathlib').Path('{sentinel}').touch() or x",
    "open('{sentinel}', 'w') or x",
    "x.__class__.__base__",
    "(lambda: x)()",
    "[c for c in (x,)][0]",
    "getattr(x, 'func')",
    "Matrix([x]).__init__",
    "exec('1')",
    "'text'",
    "x.evalf.__globals__",
])
def test_check_strings_are_data_and_never_run(tmp_path, text):
    # a concept file is data: a check: string that tries to run code is malformed, and
    # nothing it names happens (issue 16, item 3)
    sentinel = tmp_path / "touched"
    check = {"lhs": text.format(sentinel=sentinel), "rhs": "x", "symbols": {"x": "real"}}
    result = check_step(check)
    assert not result.ok and result.method == "malformed", result
    assert not sentinel.exists()


def test_check_strings_support_what_derivations_use():
    # matrices, methods, subs with a mapping, lambdas, unpacking, indexing, series, Sum
    assert check_step({"lhs": "(Matrix([[a, b]])*Matrix([a, b]))[0, 0]", "rhs": "a**2 + b**2",
                       "symbols": {"a": "real", "b": "real"}}).ok
    assert check_step({"lhs": "f(x + 1) - f(x)", "rhs": "2*x + 1", "symbols": {"x": "real"},
                       "where": {"f": "Lambda(s, s**2)"}}).ok
    assert check_step({"lhs": "Sum(k, (k, 1, n)).doit().subs({n: 4})", "rhs": "10",
                       "symbols": {"n": "positive-integer"}}).ok
    assert check_step({"lhs": "x^2", "rhs": "x**2", "symbols": {"x": "real"}}).ok
    assert check_step({"lhs": "Quaternion(0, *Matrix([a, b, c])).b", "rhs": "a",
                       "symbols": {"a": "real", "b": "real", "c": "real"}}).ok
