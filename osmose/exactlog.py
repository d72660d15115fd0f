"""Exact logarithms of rationals in one canonical, readable form.

ln(r) for a rational r is written as a sum of rational multiples of logs of primes, so sums of
logs collect (3 ln(1/3) + 6 ln(2/3) = 6 ln 2 − 9 ln 3) and two routes to the same value print
the same. Families whose answers are entropies, log-likelihoods or divergences share it.
Coefficients are collected prime by prime in a dict (no ``expand``): cheap enough to call on
every draw.
"""

from __future__ import annotations

import sympy as sp


def _exponents(r) -> dict[int, int]:
    r = sp.Rational(r)
    if r <= 0:
        raise ValueError(f"log of a non-positive number {r}")
    out = {p: e for p, e in sp.factorint(r.p).items() if p > 1}
    for p, e in sp.factorint(r.q).items():
        if p > 1:
            out[p] = out.get(p, 0) - e
    return out


def log_sum(pairs) -> sp.Expr:
    """Σ c·ln(r) over (c, r) pairs with rational c and rational r > 0, collected by prime."""
    coefficients: dict[int, sp.Rational] = {}
    for c, r in pairs:
        if c:
            for p, e in _exponents(r).items():
                coefficients[p] = coefficients.get(p, 0) + sp.Rational(c) * e
    return sp.Add(*[c * sp.log(p) for p, c in sorted(coefficients.items()) if c])


def log_rational(r) -> sp.Expr:
    """ln r (r > 0 rational) as Σ eₚ ln p over the primes of its numerator and denominator."""
    return log_sum([(1, r)])
