"""The three printers: plain (what a learner types), Unicode (terminals), TeX (MathJax)."""

import sympy as sp

from osmose.mathtext import given_str, plain, tex, uni

x, y = sp.symbols("x y")


def test_plain_is_the_learner_syntax():
    assert plain(sp.Matrix([[2, 1], [1, 4]])) == "[[2, 1], [1, 4]]"
    assert plain(x**2 * sp.exp(x * y)) == "x^2*e^(x*y)"  # one spelling of e, never exp()
    assert plain((sp.Rational(1, 6), sp.Rational(5, 6))) == "(1/6, 5/6)"
    assert plain("saddle") == "saddle"
    assert plain(sp.E) == "e"  # the checker reads e as Euler's number


def test_sums_in_a_lecturers_order():
    assert plain(sp.log(2) - sp.Rational(1, 4)) == "log(2) - 1/4"
    assert uni(1 - x) == "1 - x"
    assert tex(sp.log(2) - sp.Rational(1, 4)) == r"\ln{\left(2 \right)} - \frac{1}{4}"
    assert plain(-(-4 + sp.E) * sp.exp(-1) / 2 + 1) == "(4 - e)*e^(-1)/2 + 1"


def test_decimal_companion_only_where_it_adds_something():
    from osmose.mathtext import approx, display

    assert approx(sp.Rational(7, 22)) == ("0.3182", "0.3182")   # 7/22 = 0.31818…
    assert approx(sp.log(2) - sp.Rational(1, 4))[0] == "0.4431"  # 0.693147… − 0.25
    assert approx((sp.sqrt(2), 1))[0] == "(1.414, 1)"
    assert approx(sp.Integer(3)) is None and approx(x + 1) is None and approx("saddle") is None
    assert approx(sp.Float(0.5)) is None
    assert display(sp.Rational(1, 3)) == "1/3 ≈ 0.3333"
    wide = display(sp.Matrix([[1, sp.Rational(1, 3), 5, 7], [2, 3, 4, sp.Rational(-11, 7)]]))
    assert wide.splitlines()[1].startswith("⎡") and wide.splitlines()[-1].startswith("≈ [[1, 0.3333")


def test_unicode_for_terminals():
    assert uni(x**2 * sp.exp(x * y)) == "x²·e^(x·y)"
    assert uni(sp.sqrt(2) * y) == "√2·y"
    assert uni(sp.Symbol("sigma") ** 2) == "σ²"
    assert uni(sp.log(x)) == "ln(x)"


def test_tex_of_named_answers_typesets():
    from render_tools import typeset

    items = [{"tex": tex(s), "display": True, "where": s}
             for s in ("saddle", "very strong", "O(h^2)", "x_1 first", "d6")]
    items.append({"tex": tex(sp.Matrix([[1, 2], [3, 4]])), "display": True, "where": "matrix"})
    failures, checked = typeset(items)
    assert checked == len(items) and not failures, failures


def test_given_data_reads_back_with_sympys_parser():
    data = given_str({"f": x**2 * sp.sin(y), "p": sp.Rational(1, 6), "H": sp.Matrix([[1, 2], [2, 1]])})
    assert data == {"f": "x**2*sin(y)", "p": "1/6", "H": [["1", "2"], ["2", "1"]]}
    assert sp.sympify(data["f"]) == x**2 * sp.sin(y)
