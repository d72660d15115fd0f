"""The decimal and integer policy: one function decides what a typed decimal earns.

Driven by ``Checking.precision`` (the sentence every prompt carries,
``Checking.statement()``), and the README's table says the same:

=================  =========================================================================
precision          a typed decimal is …
=================  =========================================================================
exact              accepted only if it is *exactly* the answer (``0.5`` for 1/2); a rounded
                   value of the answer is *invalid* ("give the exact value"); else wrong
exact-or-decimal   accepted within half a unit of the ``sig_figs``-th significant figure
decimal            (an exact tie counts when rounded half away from zero); trailing zeros may
                   be dropped (``0.22`` is 0.2195 to 3 figures). Otherwise wrong, with
                   "give at least N significant figures" when it is the answer rounded to
                   fewer figures, or "close — round rather than truncate" when it is the
                   answer truncated
integer            accepted only if it is exactly the whole number (``6742.0``); any other
                   decimal is wrong: a count is not rounded (``6741.0`` for 6742)
=================  =========================================================================

Answers without a typed decimal are compared exactly in every mode.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal, InvalidOperation, localcontext

import sympy as sp

from osmose.checker.equivalence import Comparer


@dataclass(frozen=True)
class Ruling:
    """What the policy says about a typed answer that contains decimals."""

    status: str        # "correct" | "wrong" | "invalid"
    message: str = ""


def exact_form(value):
    """``value`` with every typed decimal replaced by the exact number it spells (0.1 → 1/10)."""
    if isinstance(value, tuple):
        return tuple(exact_form(v) for v in value)
    if isinstance(value, sp.MatrixBase):
        return value.applyfunc(exact_form)
    if not isinstance(value, sp.Basic) or not value.has(sp.Float):
        return value
    return value.xreplace({f: _rational(f) for f in value.atoms(sp.Float)})


def _rational(f: sp.Float) -> sp.Rational:
    """The decimal a Float spells at its own precision (``0.1`` → 1/10, ``1e400`` → 10^400)."""
    return sp.Rational(str(f))


def judge_decimals(value, expected, literals: tuple[str, ...], precision: str, sig_figs: int,
                   comparer: Comparer) -> Ruling:
    """The verdict for ``value`` (which holds typed decimals ``literals``) against ``expected``.

    The only place the decimal/integer policy lives: ``check_answer`` and
    ``agrees`` both come here.
    """
    exact = exact_form(value)
    if comparer.same(exact, exact_form(expected), decimal=False):
        note = f"decimal accepted at {sig_figs} significant figures" \
            if precision in ("exact-or-decimal", "decimal") else ""
        return Ruling("correct", note)
    if precision == "integer":
        return Ruling("wrong", "the answer is a whole number, counted exactly: give the whole "
                               "number itself, not a decimal")
    close = comparer.same(value, expected, decimal=True)
    if precision == "exact":
        if close:
            return Ruling("invalid", "an exact answer is asked (decimals are not accepted): "
                                     f"{_shown(literals)} is a rounded value — give the exact "
                                     "value (a fraction, √2, π, ln 2 …)")
        return Ruling("wrong", "an exact answer is asked (decimals are not accepted)")
    tie = _tie_ruling(literals, expected, sig_figs)
    if close and tie != "refused":
        return Ruling("correct", f"decimal accepted at {sig_figs} significant figures")
    return Ruling("wrong", _near_miss(literals, expected, sig_figs))


def _shown(literals) -> str:
    return literals[0] if len(literals) == 1 else "this"


def _constant_decimal(literals, expected):
    """(typed Fraction, reference as a 60-digit Decimal) for a lone number, else None."""
    if len(literals) != 1 or not isinstance(expected, sp.Basic) or expected.free_symbols:
        return None
    literal = literals[0]
    text = literal.replace(".e", "e").replace(".E", "E")
    text = ("0" + text if text.startswith(".") else text).rstrip(".") or "0"
    try:
        reference = Decimal(str(sp.N(expected, 60)))
    except (InvalidOperation, TypeError, ValueError):
        return None
    if not reference.is_finite():
        return None
    return Decimal(text), reference


def _tie_ruling(literals, expected, sig_figs: int) -> str:
    """'refused' for a typed decimal exactly half a unit below the reference's magnitude
    (rounded towards zero), so a truncation is never accepted on a tie."""
    pair = _constant_decimal(literals, expected)
    if pair is None:
        return ""
    typed, reference = pair
    if reference == 0:
        return ""
    unit = _unit(reference, sig_figs)
    with localcontext() as ctx:
        ctx.prec = 80
        if abs(abs(typed) - abs(reference)) == unit / 2 and abs(typed) < abs(reference):
            return "refused"
    return ""


def _unit(reference: Decimal, figures: int) -> Decimal:
    exponent = reference.adjusted()  # floor(log10 |reference|)
    return Decimal(1).scaleb(exponent - figures + 1)


def _near_miss(literals, expected, sig_figs: int) -> str:
    """'give at least N significant figures' or 'round rather than truncate', when true."""
    pair = _constant_decimal(literals, expected)
    if pair is None:
        return ""
    typed, reference = pair
    literal = literals[0]
    figures = significant_figures(literal)
    places = max(0, -typed.as_tuple().exponent)
    quantum = Decimal(1).scaleb(-places)
    with localcontext() as ctx:
        ctx.prec = 80
        rounded = reference.quantize(quantum, rounding=ROUND_HALF_UP)
        truncated = reference.quantize(quantum, rounding=ROUND_DOWN)
    if figures < sig_figs and typed in (rounded, -rounded):
        return (f"{literal} has {figures} significant figure{'s' if figures > 1 else ''}; "
                f"give at least {sig_figs}")
    if typed == truncated and typed != rounded:
        return f"close — round rather than truncate ({literal} is the answer cut off, not rounded)"
    return ""


def significant_figures(literal: str) -> int:
    """Figures written in a decimal literal: ``0.0120`` → 3, ``2.50e-3`` → 3."""
    mantissa = re.split("[eE]", literal)[0]
    return len(mantissa.replace(".", "").lstrip("0")) or 1
