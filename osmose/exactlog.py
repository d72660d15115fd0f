"""Exact logarithms of rationals in one canonical, readable form.

ln(r) for a rational r is written as a sum of integer multiples of logs of primes, so sums of
logs collect (3 ln(1/3) + 6 ln(2/3) = 6 ln 2 − 9 ln 3) and two routes to the same value print
the same. Families whose answers are entropies, log-likelihoods or KL divergences share it.
"""

from __future__ import annotations

import sympy as sp


def log_rational(r) -> sp.Expr:
    """ln r (r > 0 rational) as Σ eₚ ln p over the primes p of its numerator and denominator."""
    r = sp.Rational(r)
    if r <= 0:
        raise ValueError(f"log of a non-positive number {r}")
    terms = [e * sp.log(p) for p, e in sorted(sp.factorint(r.p).items()) if p > 1]
    terms += [-e * sp.log(p) for p, e in sorted(sp.factorint(r.q).items()) if p > 1]
    return sp.Add(*terms)


def log_sum(pairs) -> sp.Expr:
    """Σ c·ln(r) over (c, r) pairs with rational r > 0, collected prime by prime."""
    return sp.expand(sp.Add(*[sp.S(c) * log_rational(r) for c, r in pairs if c]))
