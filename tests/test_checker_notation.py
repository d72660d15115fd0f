"""What can be typed: every supported notation reads as intended, ambiguity is refused.

The expected values are written by hand (6.02×10²³, log₂ 8 = 3 …), never computed
by the checker. "Reads as intended" is checked by value: the parsed expression,
evaluated by SymPy itself, equals the intended number.
"""

from __future__ import annotations

import math

import pytest
import sympy as sp
from checker_support import XY, exercise, x
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from osmose.checker import ParseError, check_answer, parse_answer
from osmose.family import Checking

NUMBER = Checking()
X = Checking(variables={"x": "real"})


def value(text: str, checking: Checking = NUMBER) -> float:
    return float(sp.N(parse_answer(text, "number" if not checking.variables else "expr",
                                   checking), 30))


# --- section 1 of issue 11: notation that was silently misread -------------------------


@pytest.mark.parametrize("text,intended", [
    ("2.22e-1", 0.222), ("1e-3", 0.001), ("2.5E+4", 25000.0), ("5.1e-2", 0.051),
    ("1E3", 1000.0), (".5e1", 5.0), ("3.e2", 300.0), ("2.5e−3", 0.0025),
    ("6.02×10^23", 6.02e23), ("6.02·10²³", 6.02e23), ("1.5*10^-3", 0.0015),
    ("1.5 × 10⁻³", 0.0015), (r"6.02 \times 10^{23}", 6.02e23), ("-4e-2", -0.04),
])
def test_scientific_notation_is_the_number(text, intended):
    assert value(text) == pytest.approx(intended, rel=1e-12)


@pytest.mark.parametrize("text,intended", [
    ("log2(8)", 3), ("log2 8", 3), ("log10(1000)", 3), ("log10 100", 2), ("log_10(100)", 2),
    ("log_2(8)", 3), ("log_{2}(8)", 3), ("log_{10}(1000)", 3), (r"\log_2 8", 3),
    (r"\log_{2} 8", 3), (r"\log_{10}(100)", 2), ("log(8, 2)", 3), ("log(1000, 10)", 3),
    ("log3(81)", 4), ("log_3 81", 4), ("log(e)", 1), ("ln(e^2)", 2), (r"\ln e", 1),
    ("log_e(e^3)", 3),
])
def test_logs_in_every_base(text, intended):
    assert value(text) == pytest.approx(intended, rel=1e-12)


def test_log_base_with_a_variable_argument():
    for text in ("log2(2^x)", "log_2(2^x)", "log_{2}(2^x)", r"\log_2 2^x", "log(2^x, 2)",
                 "log2 2^x"):
        assert check_answer(exercise(x, variables=XY), text).status == "correct", text
    assert check_answer(exercise(x, variables=XY), "log10(10^x)").status == "correct"


@pytest.mark.parametrize("text,intended", [
    ("sech(1)", 1 / math.cosh(1)), ("csch(1)", 1 / math.sinh(1)), ("coth(2)", 1 / math.tanh(2)),
    ("asinh(1)", math.asinh(1)), ("arsinh(1)", math.asinh(1)), ("arcsinh(1)", math.asinh(1)),
    ("acosh(2)", math.acosh(2)), ("arcosh(2)", math.acosh(2)), ("atanh(0.5)", math.atanh(0.5)),
    ("artanh(0.5)", math.atanh(0.5)), ("sgn(-3)", -1), ("sign(-3)", -1), ("sgn(2)", 1),
    ("cosec(1)", 1 / math.sin(1)), ("csc(1)", 1 / math.sin(1)), ("arccot(2)", math.atan(0.5)),
    ("acot(2)", math.atan(0.5)), ("arcsec(2)", math.acos(0.5)), ("arccsc(2)", math.asin(0.5)),
    ("arcoth(2)", math.atanh(0.5)), ("sec(1)", 1 / math.cos(1)), ("sech^2(1)", math.cosh(1) ** -2),
    ("coth^{-1}(2)", math.atanh(0.5)), (r"\operatorname{sech}(1)", 1 / math.cosh(1)),
    (r"\coth 2", 1 / math.tanh(2)),
])
def test_more_functions(text, intended):
    assert value(text) == pytest.approx(intended, rel=1e-12)


# --- documented rules -------------------------------------------------------------------


@pytest.mark.parametrize("text,expected", [
    ("2e", 2 * sp.E),              # e not before a digit: Euler's number
    ("2e^x", 2 * sp.exp(x)),
    ("2 e-1", 2 * sp.E - 1),       # e not right after the number
    ("xe-1", x * sp.E - 1),
    ("e-1", sp.E - 1),
    ("sin x cos x", sp.sin(x) * sp.cos(x)),   # a bare argument stops at a function name
    ("sin 2x", sp.sin(2 * x)),                # … and takes the juxtaposed product before it
    ("2 sin x", 2 * sp.sin(x)),
    ("ln x/2", sp.log(x) / 2),                # … and stops at an operator
    ("x/2", x / 2), ("(1/2)x", x / 2), ("1/(2x)", 1 / (2 * x)),
    ("log x", sp.log(x)),                     # log without a base is the natural log
    ("1/sin x", 1 / sp.sin(x)),               # a bare function after '/' takes its argument
    (r"\frac{1}{2}x", x / 2),                 # LaTeX fractions are not ambiguous
])
def test_documented_reading_rules(text, expected):
    got = parse_answer(text, "expr", X)
    assert sp.simplify(got - expected) == 0, (text, got)


@pytest.mark.parametrize("text,readings", [
    ("lg(8)", ("base 10", "base 2")),
    (r"\lg 8", ("base 10", "base 2")),
    ("log_28", ("log base 28", "log base 2 of 8")),
    ("log2.5", ("ln(2.5)", "log base 2 of .5")),
    ("1/2x", ("(1/2)·x", "1/(2·x)")),
    ("x/2x", ("(x/2)·x", "x/(2·x)")),
    ("1/2 x", ("(1/2)·x", "1/(2·x)")),
    ("1/x sin(x)", ("(1/x)·sin", "1/(x·sin")),
    ("a/(b)c", ("(a/(b))·c", "a/((b)·c)")),
    ("1/x^2 y", ("(1/x^2)·y", "1/(x^2·y)")),
    (r"1/\sqrt{2} x", (r"(1/\sqrt{2})·x", r"1/(\sqrt{2}·x)")),
    ("1/2!x", ("(1/2!)·x", "1/(2!·x)")),
])
def test_ambiguous_input_is_refused_naming_both_readings(text, readings):
    variables = {"x": "real", "a": "real", "b": "real", "c": "real"}
    verdict = check_answer(exercise(x, variables=variables), text)
    assert verdict.status == "invalid"
    assert "ambiguous" in verdict.message
    for reading in readings:
        assert reading in verdict.message, (reading, verdict.message)


def test_e_before_a_digit_is_ambiguous_when_e_is_a_variable():
    e = sp.Symbol("e")
    verdict = check_answer(exercise(2 * e - 1, variables={"e": "real"}), "2e-1")
    assert verdict.status == "invalid"
    assert "2·e−1" in verdict.message and "2×10^-1" in verdict.message
    assert check_answer(exercise(2 * e - 1, variables={"e": "real"}), "2*e-1").status == "correct"


def test_log_base_must_be_a_real_base():
    for text in ("log_1(8)", "log(8, 1)", "log_0(8)", "log1(8)"):
        with pytest.raises(ParseError, match="base"):
            parse_answer(text, "number", NUMBER)


# --- properties ------------------------------------------------------------------------

MANTISSA = st.decimals(min_value=-999, max_value=999, places=3, allow_nan=False,
                       allow_infinity=False)


@settings(max_examples=150, deadline=None)
@given(mantissa=MANTISSA, exponent=st.integers(-30, 30), marker=st.sampled_from(["e", "E"]),
       plus=st.booleans())
def test_every_scientific_literal_reads_as_its_value(mantissa, exponent, marker, plus):
    sign = "+" if plus and exponent >= 0 else ""
    text = f"{mantissa}{marker}{sign}{exponent}"
    intended = float(mantissa) * 10.0 ** exponent
    assert value(text) == pytest.approx(intended, rel=1e-12, abs=1e-300)


@settings(max_examples=100, deadline=None)
@given(base=st.integers(2, 12), power=st.integers(-4, 6),
       spelling=st.sampled_from(["log{b}({v})", "log_{b}({v})", "log_{{{b}}}({v})",
                                 r"\log_{{{b}}}({v})", "log({v}, {b})", "log{b} ({v})"]))
def test_every_log_spelling_reads_as_its_value(base, power, spelling):
    text = spelling.format(b=base, v=f"{base}^({power})")
    assert value(text) == pytest.approx(power, abs=1e-12)


@settings(max_examples=60, deadline=None)
@given(numerator=st.sampled_from(["1", "x", "3", "(x+1)"]),
       denominator=st.sampled_from(["2", "x", "(x-3)", "sin(x)"]),
       factor=st.sampled_from(["x", "y", "2x", "sin(x)", "(x+1)"]),
       space=st.sampled_from(["", " "]))
def test_a_slash_then_an_implicit_product_is_always_refused(numerator, denominator, factor,
                                                            space):
    if denominator[-1].isdigit() and factor[0].isdigit() and not space:
        return  # "22x" is one number times x, not two factors
    text = f"{numerator}/{denominator}{space}{factor}"
    verdict = check_answer(exercise(x, variables=XY), text)
    assert verdict.status == "invalid" and "ambiguous" in verdict.message, (text, verdict)


ALPHABET = "0123456789xyeEg.+-*/^()[]{},|!_ \\lognsictarhqpf√·×−²³⁻"


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.text(alphabet=ALPHABET, max_size=40))
def test_random_strings_never_raise(text):
    # whatever is typed: a verdict, never an exception, and within the latency budget
    for ex in (exercise(x * sp.Symbol("y"), variables=XY), exercise(sp.Rational(1, 3),
                                                                    kind="number")):
        verdict = check_answer(ex, text)
        assert verdict.status in ("correct", "wrong", "invalid")
        if verdict.status == "invalid":
            assert verdict.message and "internal error" not in verdict.message, (text, verdict)


@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=30))
def test_random_unicode_never_raises(text):
    verdict = check_answer(exercise(x, variables=XY), text)
    assert verdict.status in ("correct", "wrong", "invalid")
    assert "internal error" not in verdict.message, (text, verdict)


@pytest.mark.parametrize("text,shown", [
    ("log2(8)", "log₂(8)"), ("log_10(100)", "log₁₀(100)"), ("log(x, 2)", "log₂(x)"),
    (r"\log_{16} x", "log₁₆(x)"), ("log_a(x)", "log_a(x)"), ("ln(x)/ln(2)", "log₂(x)"),
    ("2.5e-3", "0.0025"), ("sech(x)", "sech(x)"), ("cosec(x)", "csc(x)"),
])
def test_the_echo_shows_how_logs_and_numbers_were_read(text, shown):
    a = sp.Symbol("a")
    verdict = check_answer(exercise(x * a, variables={"x": "positive", "a": "positive"}), text)
    assert verdict.echo == shown, verdict
