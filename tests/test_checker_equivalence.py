"""Fair judging: equivalent forms are accepted, near misses are not, mistakes get feedback.

Every expected verdict here is decided by hand (the algebra is in the test name
or a comment), never by running the checker's own equivalence on the answer.
"""

from fractions import Fraction

import pytest
import sympy as sp
from checker_support import XY, exercise, x, y

from osmose.checker import check_answer

a, b = sp.symbols("a b")
POSITIVE = {"a": "positive", "b": "positive"}


@pytest.mark.parametrize("answer,variables,text", [
    ((x + 1) ** 2, XY, "x^2 + 2x + 1"),                       # expanded vs factored
    (x**2 + 2 * x + 1, XY, "(x+1)^2"),
    (sp.exp(x), XY, "e^x"),                                 # exp(x) vs e^x
    (sp.exp(x) * sp.exp(y), XY, "e^(x+y)"),
    (sp.log(a / b), POSITIVE, "log(a) - log(b)"),           # valid for positive a, b
    (sp.log(a) - sp.log(b), POSITIVE, "ln(a/b)"),
    (sp.sqrt(a) * sp.sqrt(b), POSITIVE, "sqrt(a b)"),
    (sp.sin(2 * x), XY, "2 sin(x) cos(x)"),
    (sp.cos(x) ** 2 - sp.sin(x) ** 2, XY, "cos(2x)"),
    (1 / (1 + sp.exp(-x)), XY, "e^x/(1 + e^x)"),
    (x / (x**2 - 1), XY, "1/(2(x-1)) + 1/(2(x+1))"),        # partial fractions
    (sp.Rational(1, 2) * x * y, XY, "xy/2"),
    (sp.log(2) - sp.Rational(1, 2), {}, "ln(2) - 0.5"),
    (sp.sqrt(2) / 2, {}, "1/sqrt(2)"),
    (2 * sp.sqrt(7) / 7, {}, r"\frac{2}{\sqrt{7}}"),
    (sp.Rational(1, 6), {}, "2/12"),
])
def test_equivalent_forms_are_accepted(answer, variables, text):
    verdict = check_answer(exercise(answer, variables=variables), text)
    assert verdict.status == "correct", verdict
    assert verdict.score == 1


@pytest.mark.parametrize("answer,variables,text", [
    (sp.log(a / b), POSITIVE, "log(a) + log(b)"),
    (2 * x * y * sp.exp(x * y), XY, "-2xy e^(xy)"),          # sign flipped
    (2 * x * y * sp.exp(x * y), XY, "xy e^(xy)"),            # missing factor 2
    (2 * x * y * sp.exp(x * y), XY, "2xy e^(x)"),            # dropped y in the exponent
    (x**2, XY, "x^3"),
    (sp.Rational(1, 6), {}, "17/100"),                      # exact-looking and wrong
    (sp.Rational(1, 6), {}, "1/6 + 1/10^12"),                # wrong by 10^-12: still wrong
    (x, XY, "x + 1/10^12"),
    (sp.sqrt(2), {}, "1.42"),                                # √2 = 1.41421…, rounds to 1.41
])
def test_near_misses_are_rejected(answer, variables, text):
    verdict = check_answer(exercise(answer, variables=variables), text)
    assert verdict.status == "wrong", verdict
    assert verdict.score == 0


@pytest.mark.parametrize("text,status", [
    ("0.167", "correct"),     # 1/6 = 0.16666…, rounds to 0.167
    ("0.1667", "correct"),
    ("0.16667", "correct"),
    ("0.1666", "correct"),    # within half a unit of the 3rd figure
    ("0.17", "wrong"),        # only 2 significant figures
    ("0.166", "wrong"),       # 0.166 is off by 0.00067 > 0.0005
    ("0.168", "wrong"),
    ("0.2", "wrong"),
    ("1/6", "correct"),
])
def test_decimals_at_three_significant_figures(text, status):
    assert check_answer(exercise(sp.Rational(1, 6), kind="number"), text).status == status


def test_decimal_feedback_names_the_precision():
    verdict = check_answer(exercise(sp.Rational(1, 6), kind="number"), "0.17")
    assert verdict.message == "0.17 has 2 significant figures; give at least 3"
    ok = check_answer(exercise(sp.Rational(1, 6), kind="number"), "0.167")
    assert "3 significant figures" in ok.message


def test_sig_figs_follow_the_exercise():
    four = exercise(sp.pi, kind="number", sig_figs=4)
    assert check_answer(four, "3.142").status == "correct"
    assert check_answer(four, "3.14").status == "wrong"
    assert check_answer(exercise(sp.pi, kind="number"), "3.14").status == "correct"


def test_decimals_inside_expressions():
    ex = exercise(x / 3, variables=XY)
    assert check_answer(ex, "0.3333x").status == "correct"
    assert check_answer(ex, "0.33x").status == "wrong"


def test_domains_are_respected_for_logs_and_roots():
    # sqrt(x^2) = |x| only; with x real, 'x' is wrong, with x positive it is right
    real = exercise(sp.Abs(x), variables={"x": "real"})
    assert check_answer(real, "sqrt(x^2)").status == "correct"
    assert check_answer(real, "x").status == "wrong"
    positive = exercise(x, variables={"x": "positive"})
    assert check_answer(positive, "sqrt(x^2)").status == "correct"
    interval = exercise(sp.log(x), variables={"x": "interval:2:3"})
    assert check_answer(interval, "log(x)").status == "correct"


def test_answers_undefined_at_some_points_are_still_judged():
    # 1/x is undefined at 0; points where the reference is undefined are redrawn
    ex = exercise(1 / (x - 1), variables={"x": "interval:0:2"})
    assert check_answer(ex, "1/(x-1)").status == "correct"
    assert check_answer(ex, "1/(1-x)").status == "wrong"


def test_matrices_shape_then_entries():
    ex = exercise(sp.ImmutableMatrix([[1, 2], [3, 4]]), kind="matrix")
    transposed = check_answer(ex, "[[1, 3], [2, 4]]")
    assert transposed.status == "wrong"
    assert "transpose" in transposed.feedback
    assert transposed.parts == (True, False, False, True)
    assert transposed.score == Fraction(2, 4)
    one_off = check_answer(ex, "[[1, 2], [3, 5]]")
    assert one_off.score == Fraction(3, 4) and "(2, 2)" in one_off.feedback
    right = check_answer(ex, r"\begin{pmatrix}1 & 2\\ 3 & 4\end{pmatrix}")
    assert right.status == "correct" and right.parts == (True,) * 4
    assert check_answer(ex, "[[1, 2], [3, 4], [5, 6]]").status == "invalid"


def test_symbolic_matrix_entries():
    hessian = sp.ImmutableMatrix([[2 * y, 2 * x], [2 * x, 0]])  # of f = x^2 y
    ex = exercise(hessian, kind="matrix", variables=XY)
    assert check_answer(ex, "[[2y, 2x], [2x, 0]]").status == "correct"
    assert check_answer(ex, r"\begin{bmatrix}2 y & 2 x\\ 2 x & 0\end{bmatrix}").status == "correct"
    assert check_answer(ex, "[[2y, 2x], [2x, 1]]").score == Fraction(3, 4)


def test_vectors_may_be_typed_as_rows_columns_or_tuples():
    column = exercise(sp.ImmutableMatrix([[1], [2]]), kind="matrix")
    for text in ("[[1], [2]]", "[1, 2]", "(1, 2)"):
        assert check_answer(column, text).status == "correct", text
    assert check_answer(column, "[[1, 2]]").status == "correct"  # a row for a column vector


def test_tuples_part_by_part():
    ex = exercise((sp.Rational(1, 6), sp.Rational(5, 6)), kind="tuple")
    assert check_answer(ex, "(1/6, 5/6)").status == "correct"
    assert check_answer(ex, "1/6, 5/6").status == "correct"
    assert check_answer(ex, "(0.167, 0.833)").status == "correct"
    half = check_answer(ex, "(1/6, 1/6)")
    assert half.status == "wrong" and half.parts == (True, False) and half.score == Fraction(1, 2)
    assert check_answer(ex, "(5/6, 1/6)").score == 0
    assert check_answer(ex, "(1/6, 5/6, 0)").status == "invalid"


def test_listed_mistakes_get_their_feedback():
    ex = exercise(2 * x * sp.exp(x * y) + x**2 * y * sp.exp(x * y), variables=XY, mistakes=[
        ("product rule", x**2 * y * sp.exp(x * y), "Use the product rule: differentiate x² too."),
        ("sign", -2 * x * sp.exp(x * y) - x**2 * y * sp.exp(x * y), "Check the sign."),
    ])
    verdict = check_answer(ex, "x^2 y e^(xy)")
    assert verdict.status == "wrong"
    assert verdict.mistake.name == "product rule"
    assert verdict.feedback == "Use the product rule: differentiate x² too."
    # an equivalent form of the mistake is recognised as that mistake
    assert check_answer(ex, "-e^(xy) x (2 + xy)").mistake.name == "sign"
    assert check_answer(ex, "x e^(xy)").mistake is None


def test_mistake_of_another_shape_is_recognised():
    jacobian = sp.ImmutableMatrix([[1, 2, 3], [4, 5, 6]])
    ex = exercise(jacobian, kind="matrix",
                  mistakes=[("transposed", jacobian.T, "Rows are outputs, columns are inputs.")])
    verdict = check_answer(ex, "[[1, 4], [2, 5], [3, 6]]")
    assert verdict.status == "wrong" and verdict.feedback == "Rows are outputs, columns are inputs."


def test_generic_hints_without_a_listed_mistake():
    ex = exercise(3 * x**2, variables=XY)
    assert check_answer(ex, "-3x^2").feedback == "Check the sign."
    assert "factor" in check_answer(ex, "6x^2").feedback
    assert check_answer(ex, "x^3").feedback == ""


def test_choices():
    ex = exercise("saddle", kind="choice", choices=("minimum", "maximum", "saddle"),
                  mistakes=[("sign of det", "minimum", "A negative determinant means a saddle.")])
    assert check_answer(ex, "saddle").status == "correct"
    assert check_answer(ex, "SADDLE").status == "correct"
    wrong = check_answer(ex, "minimum")
    assert wrong.status == "wrong" and wrong.feedback == "A negative determinant means a saddle."
    invalid = check_answer(ex, "sadle")
    assert invalid.status == "invalid" and "did you mean saddle" in invalid.message


def test_unknown_variables_are_named():
    verdict = check_answer(exercise(x * y, variables=XY), "x z")
    assert verdict.status == "invalid"
    assert "'z'" in verdict.message and "x, y" in verdict.message
    number = check_answer(exercise(sp.Rational(1, 2), kind="number"), "x/2")
    assert number.status == "invalid" and "'x'" in number.message


def test_same_text_same_verdict():
    ex = exercise(sp.sin(x) * sp.exp(y), variables=XY)
    first = [check_answer(ex, t) for t in ("sin(x) e^y", "sin(y) e^x", "cos(x) e^y")]
    again = [check_answer(ex, t) for t in ("sin(x) e^y", "sin(y) e^x", "cos(x) e^y")]
    assert first == again


@pytest.mark.parametrize("text", ["exp(-35/32)", "e^(-35/32)", "exp(-1.09375)"])
def test_exp_of_a_small_fraction_is_not_a_huge_number(text):
    # e^(-35/32) ≈ 0.335: a fraction with many digits in the exponent is not a big number
    verdict = check_answer(exercise(sp.exp(sp.Rational(-35, 32)), variables={}), text)
    assert verdict.status == "correct", verdict


def test_exp_that_would_rewrite_to_a_huge_power_is_still_refused():
    # exp(5000·ln 2) is 2^5000 exactly, which SymPy would build: refuse it
    verdict = check_answer(exercise(sp.Integer(2), variables={}), "exp(5000*log(2))")
    assert verdict.status == "invalid"


def test_powers_are_sized_by_value_not_by_the_digits_they_are_written_with():
    # e^(31757/5000) ≈ 573 and e^(−ln(2)²/18)/12 ≈ 0.08: small numbers, once refused as "too large"
    for text, value in (("e^(31757/5000)", sp.exp(sp.Rational(31757, 5000))),
                        ("e^(-log(2)^2/18)/12", sp.exp(-sp.log(2) ** 2 / 18) / 12),
                        ("2^(7/3)", 2 ** sp.Rational(7, 3))):
        assert check_answer(exercise(value, variables={}), text).status == "correct", text
