"""Print a polynomial given by its terms, fast, in the house style of ``mathtext``.

SymPy's printers order an Add's terms anew on every call, which dominates the cost of
families that show several polynomials per exercise. A family that already holds its
polynomial as ``{(i, j, …): coefficient}`` prints it here: graded order (highest total
degree first, then lexicographic), ``2·x³ - 12·x²·y`` in Unicode and ``2 x^{3} - 12 x^{2} y``
in TeX, as ``uni`` and ``tex`` would.
"""

from __future__ import annotations

from fractions import Fraction

_SUP = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def _ordered(terms: dict) -> list:
    return sorted(((e, c) for e, c in terms.items() if c != 0),
                  key=lambda ec: (-sum(ec[0]), [-k for k in ec[0]]))


def _coef(c) -> Fraction:
    return c if isinstance(c, Fraction) else Fraction(str(c))


def poly_uni(terms: dict, names: tuple[str, ...]) -> str:
    """``{(3, 0): 2, (2, 1): -12}`` with names (x, y) → ``2·x³ - 12·x²·y``; zero → ``0``."""
    out = []
    for exps, c in _ordered(terms):
        c = _coef(c)
        mono = "·".join(n + (str(e).translate(_SUP) if e > 1 else "") for n, e in zip(names, exps) if e)
        mag = abs(c)
        num = str(mag) if mag.denominator == 1 else f"{mag.numerator}/{mag.denominator}"
        if not mono:
            body = num
        elif mag == 1:
            body = mono
        else:
            body = f"{num}·{mono}" if mag.denominator == 1 else f"{mag.numerator}·{mono}/{mag.denominator}"
        out.append((c < 0, body))
    return _join(out, "0")


def poly_tex(terms: dict, names: tuple[str, ...]) -> str:
    """The same polynomial in TeX: ``2 x^{3} - 12 x^{2} y``, fractions as ``\\frac``."""
    out = []
    for exps, c in _ordered(terms):
        c = _coef(c)
        mono = " ".join(n + (f"^{{{e}}}" if e > 1 else "") for n, e in zip(names, exps) if e)
        mag = abs(c)
        if not mono:
            body = str(mag) if mag.denominator == 1 else rf"\frac{{{mag.numerator}}}{{{mag.denominator}}}"
        elif mag == 1:
            body = mono
        elif mag.denominator == 1:
            body = f"{mag} {mono}"
        else:
            body = rf"\frac{{{mag.numerator} {mono}}}{{{mag.denominator}}}"
        out.append((c < 0, body))
    return _join(out, "0")


def _join(parts: list[tuple[bool, str]], zero: str) -> str:
    if not parts:
        return zero
    neg, body = parts[0]
    text = ("- " if neg else "") + body
    for neg, body in parts[1:]:
        text += (" - " if neg else " + ") + body
    return text.replace("- ", "-", 1) if parts[0][0] else text
