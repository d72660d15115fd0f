"""Hostile input: nothing executes, nothing hangs, everything gets a clear 'invalid'.

Each input must come back within one second as an ``invalid`` verdict with a
one-line message; code-execution attempts aim at a sentinel file that must never
appear. A hypothesis property test throws random text and math-ish token soup at
the checker: it never raises and always answers with a Verdict.
"""

import time

import pytest
import sympy as sp
from checker_support import XY, exercise, x, y
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from osmose.checker import Verdict, check_answer

EXPR = exercise(x**2 * sp.exp(x * y), variables=XY)
MATRIX = exercise(sp.ImmutableMatrix([[2, 1], [1, 4]]), kind="matrix")


def code_attempts(sentinel: str) -> list[str]:
    return [
        f"__import__('os').system('touch {sentinel}')",
        f'__import__("os").system("touch {sentinel}")',
        "().__class__.__bases__[0].__subclasses__()",
        "x.__class__.__mro__",
        "x.__class__",
        f"exec(\"open('{sentinel}', 'w')\")",
        f"eval(\"open('{sentinel}', 'w')\")",
        f"open('{sentinel}', 'w')",
        "getattr(x, '__class__')",
        "lambda: 1",
        "(lambda: 1)()",
        f"Symbol('x').__class__.__init__.__globals__['os'].system('touch {sentinel}')",
        f"S('__import__(\"os\").system(\"touch {sentinel}\")')",
        f"sympify('open(\"{sentinel}\", \"w\")')",
        f"parse_expr('open(\"{sentinel}\", \"w\")')",
        "import os",
        "x; import os",
        f"\\input{{{sentinel}}}",
        f"\\write18{{touch {sentinel}}}",
        "\\def\\x{1}",
        "\\operatorname{__import__}(1)",
        "x_{__class__}",
        "[x for x in ().__class__.__bases__]",
    ]


RESOURCE_BOMBS = [
    "((2^1000)^1000)^1000",
    "9^9^9^9",
    "10^10^10",
    "2**2**2**2**2**2**2",
    "99999!",
    "factorial(10^6)",
    "(10^6)!",
    "binomial(10^6, 5*10^5)",
    "exp(10^9*log(3))",
    "e^(e^(e^(e^10)))",
    "sqrt(2)^(10^6)",
    "(3^2500 + 7)^(1/3)",
    "x^(10^6)",
    "(x + 1)^100000",
    "2^4000 * 2^4000",
    "(" * 10_000 + "x" + ")" * 10_000,
    "(" * 45 + "x" + ")" * 45,
    "-" * 1_500 + "x",
    "x^" * 500 + "2",
    "sin(" * 60 + "x" + ")" * 60,
    "1" * 100_000,
    "1." + "0" * 100,
    "x" * 1_000_000,
    "2*x + " * 200_000,
    "[" * 30 + "]" * 30,
]

MALFORMED_MATRICES = [
    "[[1, 2], [3]]",
    "[]",
    "[[]]",
    "[[[1]]]",
    "[[[1, 2], [3, 4]]]",
    "[[1, 2], 3]",
    "[[1, 2],, [3, 4]]",
    "[[1, 2] [3, 4]]",
    "[[1, 2], [3, 4]",
    "\\begin{bmatrix}1 & 2\\\\ 3\\end{bmatrix}",
    "\\begin{bmatrix}1 & 2\\\\ 3 & 4\\end{pmatrix}",
    "\\begin{bmatrix}\\end{bmatrix}",
    "\\begin{vmatrix}1 & 2\\\\ 3 & 4\\end{vmatrix}",
    "\\begin{bmatrix}1 & & 2\\end{bmatrix}",
]

ODD_UNICODE = [
    "x\u200b^2",          # zero-width space
    "x\u200d2",           # zero-width joiner
    "\u202ex^2",          # right-to-left override
    "x\u200f+1",          # right-to-left mark
    "\uff11\uff12",       # fullwidth digits
    "x\u0301",            # combining acute accent
    "x\x00",              # NUL
    "\ufeffx",            # byte-order mark
    "x\u2028y",           # line separator
    "𝑥^2",                # mathematical italic x
    "x\U0001f600",        # emoji
    "\udcff",             # lone surrogate
]


def _assert_invalid_fast(ex, text):
    start = time.perf_counter()
    verdict = check_answer(ex, text)
    elapsed = time.perf_counter() - start
    assert isinstance(verdict, Verdict)
    assert verdict.status == "invalid", (text[:80], verdict)
    assert verdict.message and "\n" not in verdict.message
    assert "internal error" not in verdict.message
    assert elapsed < 1.0, (text[:80], elapsed)


def test_code_execution_attempts_never_run(tmp_path):
    sentinel = tmp_path / "SENTINEL"
    for text in code_attempts(str(sentinel)):
        _assert_invalid_fast(EXPR, text)
        _assert_invalid_fast(MATRIX, text)
    assert not sentinel.exists()


@pytest.mark.parametrize("text", RESOURCE_BOMBS, ids=lambda t: t[:30])
def test_resource_bombs_are_refused_quickly(text):
    _assert_invalid_fast(EXPR, text)


@pytest.mark.parametrize("text", MALFORMED_MATRICES)
def test_malformed_matrices(text):
    _assert_invalid_fast(MATRIX, text)


@pytest.mark.parametrize("text", ODD_UNICODE, ids=ascii)
def test_odd_unicode_is_named_not_swallowed(text):
    _assert_invalid_fast(EXPR, text)


def test_bomb_messages_say_what_is_wrong():
    assert "too large" in check_answer(EXPR, "10^10^10").message
    assert "too long" in check_answer(EXPR, "x" * 1_000_000).message
    assert "U+200B" in check_answer(EXPR, "x\u200b^2").message
    assert "nested" in check_answer(EXPR, "(" * 45 + "x" + ")" * 45).message


def test_non_text_is_invalid_not_a_crash():
    for junk in (None, 42, b"x", ["x"]):
        verdict = check_answer(EXPR, junk)
        assert verdict.status == "invalid" and verdict.message


TOKENS = ["x", "y", "z", "2", "0", "10", "1.5", ".", "+", "-", "*", "/", "^", "**", "(", ")",
          "[", "]", "{", "}", ",", "!", "|", "_", "&", " ", "e", "pi", "sin", "log", "exp",
          "sqrt", "√", "²", "⁻", "·", "−", "π", "σ", "\\frac", "\\sqrt", "\\left(", "\\right)",
          "\\cdot", "\\begin{bmatrix}", "\\end{bmatrix}", "\\\\", "\\left|", "\\right|", "\\",
          "\\text{", "\\operatorname{", "d/dx", "9^9", "!", "'", "__", ".__class__", "lambda"]


@settings(max_examples=300, deadline=1000, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=200))
def test_random_text_never_raises(text):
    _verdict_is_sane(EXPR, text)


@settings(max_examples=400, deadline=1000, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(TOKENS), max_size=40).map("".join))
def test_token_soup_never_raises(text):
    _verdict_is_sane(EXPR, text)
    _verdict_is_sane(MATRIX, text)


def _verdict_is_sane(ex, text):
    verdict = check_answer(ex, text)
    assert isinstance(verdict, Verdict)
    assert verdict.status in ("correct", "wrong", "invalid")
    if verdict.status == "invalid":
        assert verdict.message and "internal error" not in verdict.message, (text, verdict)
    else:
        assert verdict.echo
    assert 0 <= verdict.score <= 1
