"""osmose.numeric.same_value: when a candidate slip coincides with the answer."""

import sympy as sp

from osmose.numeric import same_value


def test_same_value_compares_words_numbers_tuples_and_matrices():
    assert same_value("saddle", "saddle") and not same_value("saddle", "minimum")
    assert same_value(sp.Rational(1, 3), 0.3333333333333333)
    assert not same_value(sp.Rational(1, 3), 0.3334)
    assert same_value(1.0 + 1e-10, 1.0, rel=1e-9) and not same_value(1.0 + 1e-10, 1.0)
    assert same_value((1, sp.Rational(1, 2)), (1, 0.5))
    assert not same_value((1, 2), (1, 2, 3))          # a shorter tuple is not the same answer
    assert not same_value((1, 2), 1)
    assert same_value(sp.Matrix([[1, 2], [3, 4]]), sp.Matrix([[1, 2], [3, 4.0]]))
    assert not same_value(sp.Matrix([[1, 2], [3, 4]]), sp.Matrix([[1, 2], [3, 5]]))
