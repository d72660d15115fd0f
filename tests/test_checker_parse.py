"""Reading learner text: plain math, Unicode and LaTeX become the intended SymPy objects.

Expected objects are written by hand with SymPy constructors; equality is checked
structurally after SymPy's own simplification of *both* sides' difference to 0,
which is independent of the checker's numeric path.
"""

import pytest
import sympy as sp
from checker_support import XY, exercise, x, y

from osmose.checker import ParseError, check_answer, parse_answer
from osmose.family import Checking

PLAIN = Checking(variables=XY)


def same(a, b) -> bool:
    return sp.simplify(sp.sympify(a) - sp.sympify(b)) == 0


@pytest.mark.parametrize("text,expected", [
    ("2*x*y", 2 * x * y),
    ("2xy", 2 * x * y),
    ("2 x y", 2 * x * y),
    ("x^2 e^(x y)", x**2 * sp.exp(x * y)),
    ("x**2*exp(x*y)", x**2 * sp.exp(x * y)),
    ("ln(2) - 1/2", sp.log(2) - sp.Rational(1, 2)),
    ("log(x)", sp.log(x)),
    ("sqrt(x^2 + 1)", sp.sqrt(x**2 + 1)),
    ("abs(x - 1)", sp.Abs(x - 1)),
    ("|x - 1|", sp.Abs(x - 1)),
    ("sin(x)cos(y)", sp.sin(x) * sp.cos(y)),
    ("sin x cos y", sp.sin(x) * sp.cos(y)),
    ("sinx", sp.sin(x)),
    ("sin^2(x)", sp.sin(x) ** 2),
    ("sin²x", sp.sin(x) ** 2),
    ("asin(x) + arctan(y)", sp.asin(x) + sp.atan(y)),
    ("tanh(x) - sinh(y)", sp.tanh(x) - sp.sinh(y)),
    ("pi x", sp.pi * x),
    ("πx", sp.pi * x),
    ("e^x", sp.exp(x)),
    ("ex", sp.E * x),
    ("2·x×y − 1", 2 * x * y - 1),
    ("x²y³", x**2 * y**3),
    ("x⁻¹", 1 / x),
    ("x/2", x / 2),
    ("-x^2", -(x**2)),
    ("2^3^2", 2**9),
    ("e^-x", sp.exp(-x)),
    ("(x+1)(x-1)", (x + 1) * (x - 1)),
    ("2(x+1)", 2 * x + 2),
    ("0.5x", sp.Rational(1, 2) * x),
    (".25", sp.Rational(1, 4)),
    ("3!", 6),
    ("binomial(5, 2)", 10),
    ("log(8, 2)", 3),
    ("√2 x", sp.sqrt(2) * x),
    ("sigmoid(x)", 1 / (1 + sp.exp(-x))),
    ("max(2, 5) - min(1, 4)", 4),
])
def test_plain_math(text, expected):
    assert same(parse_answer(text, "expr", PLAIN), expected)


@pytest.mark.parametrize("text,expected", [
    (r"\frac{1}{2}\ln 2", sp.log(2) / 2),
    (r"\dfrac{x}{y}", x / y),
    (r"\frac12", sp.Rational(1, 2)),
    (r"\sqrt{x}", sp.sqrt(x)),
    (r"\sqrt[3]{x}", sp.root(x, 3)),
    (r"\left( x + 1 \right)^{2}", (x + 1) ** 2),
    (r"x \cdot y", x * y),
    (r"x \times y", x * y),
    (r"e^{x y}", sp.exp(x * y)),
    (r"\exp\left(-x\right)", sp.exp(-x)),
    (r"\pi", sp.pi),
    (r"\sin^{2}{\left(x \right)}", sp.sin(x) ** 2),
    (r"2 \cos{\left(x y \right)}", 2 * sp.cos(x * y)),
    (r"\operatorname{asin}{\left(x \right)}", sp.asin(x)),
    (r"\frac{4}{9 e^{\frac{3}{4}}}", 4 * sp.exp(-sp.Rational(3, 4)) / 9),
    (r"- \frac{2 \sqrt{7}}{7}", -2 * sp.sqrt(7) / 7),
    (r"\left|x\right|", sp.Abs(x)),
    (r"\log_{2} 8", 3),
    (r"\binom{5}{2}", 10),
    (r"\mathrm{e}^{x}", sp.exp(x)),
    (r"x\,y", x * y),
])
def test_latex(text, expected):
    assert same(parse_answer(text, "expr", PLAIN), expected)


def test_greek_names_and_letters_are_variables_when_declared():
    checking = Checking(variables={"sigma": "positive", "theta": "real", "mu": "real"})
    s, t, m = sp.symbols("sigma theta mu")
    assert same(parse_answer("sigma^2 theta", "expr", checking), s**2 * t)
    assert same(parse_answer("σ²θ", "expr", checking), s**2 * t)
    assert same(parse_answer(r"\sigma^{2} \theta - \mu", "expr", checking), s**2 * t - m)


def test_subscripted_variables():
    checking = Checking(variables={"x_1": "real", "x_2": "real"})
    a, b = sp.symbols("x_1 x_2")
    for text in ("x_1 x_2", "x_{1} x_{2}", "x1 x2"):
        assert same(parse_answer(text, "expr", checking), a * b)
    digits = Checking(variables={"z1": "real"})
    assert same(parse_answer(r"2\tanh{\left(z_{1} \right)}", "expr", digits),
                2 * sp.tanh(sp.Symbol("z1")))


def test_matrices_tuples_and_choices():
    assert parse_answer("[[2, 1], [1, 4]]", "matrix", Checking()) == sp.Matrix([[2, 1], [1, 4]])
    latex = r"\begin{bmatrix}1 & 2\\ 3 & 4\end{bmatrix}"
    assert parse_answer(latex, "matrix", Checking()) == sp.Matrix([[1, 2], [3, 4]])
    assert parse_answer(latex.replace("bmatrix", "pmatrix"), "matrix", Checking()) == \
        sp.Matrix([[1, 2], [3, 4]])
    assert parse_answer("(1/6, 5/6)", "tuple", Checking()) == (sp.Rational(1, 6), sp.Rational(5, 6))
    assert parse_answer(r"\left(\frac{1}{6}, \frac{5}{6}\right)", "tuple", Checking()) == \
        (sp.Rational(1, 6), sp.Rational(5, 6))
    assert parse_answer("[1, 2]", "tuple", Checking()) == (1, 2)
    choices = Checking(choices=("minimum", "maximum", "saddle"))
    assert parse_answer("  Saddle ", "choice", choices) == "saddle"
    assert parse_answer(r"\text{saddle}", "choice", choices) == "saddle"


@pytest.mark.parametrize("text,message", [
    ("(x + 1", "unbalanced parenthesis at column 1"),
    ("x + 1)", "unbalanced parenthesis at column 6"),
    ("2*(x+y))", "unbalanced parenthesis at column 8"),
    ("(x]", "mismatched brackets"),
    ("sn(x)", "unknown function 'sn' — did you mean sin?"),
    ("z + x", "unknown variable 'z'"),
    ("z + w", "unknown variables 'z', 'w'"),
    ("x + ", "ends too early"),
    ("2 3", "two numbers in a row"),
    ("1/0", "division by zero"),
    ("", "empty"),
    ("x +* y", "unexpected '*' at column 4"),
    (r"\foo{x}", "unknown LaTeX command '\\foo'"),
    ("diff(x^2, x)", "calculus operators"),
    ("integrate(x, x)", "calculus operators"),
    ("Derivative(x, x)", "calculus operators"),
    ("Integral(x, x)", "calculus operators"),
    ("limit(x, x, 0)", "calculus operators"),
    (r"\int x \, dx", "calculus operators"),
    (r"\partial x", "calculus operators"),
    ("d/dx x^2", "calculus operators"),
    (r"\frac{d}{dx} x^2", "calculus operators"),
    ("∂x", "calculus operators"),
])
def test_clear_messages(text, message):
    with pytest.raises(ParseError) as err:
        parse_answer(text, "expr", PLAIN)
    assert message in str(err.value)
    assert "\n" not in str(err.value)


def test_shape_messages():
    ex = exercise(sp.ImmutableMatrix([[1, 2], [3, 4]]), kind="matrix")
    verdict = check_answer(ex, "[[1, 2, 3], [4, 5, 6]]")
    assert verdict.status == "invalid"
    assert verdict.message == "a 2×2 matrix was expected, you gave 2×3"
    assert check_answer(ex, "[[1, 2], [3]]").message.startswith("row 2 of the matrix")
    assert "2 values were expected, you gave 3" in check_answer(
        exercise((1, 2), kind="tuple"), "(1, 2, 3)").message
    assert "a single expression was expected" in check_answer(exercise(x, variables=XY),
                                                              "[[x]]").message


def test_echo_shows_how_implicit_multiplication_was_read():
    ex = exercise(2 * x * y, variables=XY)
    assert check_answer(ex, "2xy").echo == "2·x·y"
    assert check_answer(ex, "1/(2x)").echo == "1/(2·x)"
    assert check_answer(ex, "x^2 e^(x y)").echo == "x²·e^(x·y)"
    assert check_answer(ex, "|x - 1|").echo == "|x - 1|"
    assert check_answer(exercise(sp.Rational(1, 6), kind="number"), "0.167").echo == "0.167"
