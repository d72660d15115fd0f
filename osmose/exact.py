"""Exact numbers between Python's fractions and SymPy, and how problem data is written.

Generators draw their data as ``fractions.Fraction`` (fast, exact) and hand SymPy ``Rational``
to the printers; many prompts show a terminating decimal as a decimal and any other value as
a fraction. One definition of each, shared by the families.
"""

from __future__ import annotations

from fractions import Fraction

import sympy as sp


def rational(value) -> sp.Rational:
    """A Fraction, int, SymPy Rational or 'p/q' string as a SymPy Rational (exact throughout)."""
    if isinstance(value, sp.Rational):
        return value
    f = Fraction(value)
    return sp.Rational(f.numerator, f.denominator)


def decimal_or_fraction(value) -> str:
    """A terminating decimal as a decimal (0.5, 0.125), anything else as a fraction (2/3)."""
    f = Fraction(value)
    d = f.denominator
    while d % 2 == 0:
        d //= 2
    while d % 5 == 0:
        d //= 5
    return f"{float(f):g}" if d == 1 else str(f)
