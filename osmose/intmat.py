"""Small integer matrices with known spectra, for families that need eigenvalues a learner can find by hand."""

from __future__ import annotations

import math
import random


def symmetric_with_eigenvalues(rng: random.Random, lo: int, hi: int) -> list[list[int]] | None:
    """A full symmetric integer 2×2 matrix [[a, b], [b, c]] with eigenvalues lo < hi, or None.

    a + c = lo + hi and ac − b² = lo·hi force b² = (a − lo)(hi − a), so a runs strictly between the
    eigenvalues and keeps the values where that product is a perfect square (b ≠ 0); the sign of b
    is drawn too.
    """
    options = []
    for a in range(lo + 1, hi):
        prod = (a - lo) * (hi - a)
        r = math.isqrt(prod)
        if r * r == prod:
            options.append((a, r))
    if not options:
        return None
    a, b = rng.choice(options)
    b = rng.choice((b, -b))
    return [[a, b], [b, lo + hi - a]]
