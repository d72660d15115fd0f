"""Show the learner what was understood, in Unicode, before judging it.

Built on ``osmose.mathtext.uni``; the answer tree is unevaluated, so the echo keeps
the learner's structure (``2·(x + 1)``, ``x/2`` for ``1/2x``) and an implicit
multiplication misreading is visible.
"""

from __future__ import annotations

from typing import Any

import sympy as sp

from osmose.mathtext import _UnicodePrinter, uni


class _EchoPrinter(_UnicodePrinter):
    """``uni`` plus: |x| for Abs, n! for factorials, decimals as typed (0.167, not 0.1670000)."""

    def _print_Abs(self, expr):
        return f"|{self._print(expr.args[0])}|"

    def _print_factorial(self, expr):
        arg = expr.args[0]
        inner = self._print(arg)
        simple = arg.is_Symbol or (arg.is_Integer and arg >= 0)
        return f"{inner}!" if simple else f"({inner})!"

    def _print_Mul(self, expr):
        base = _log_base(expr)
        if base is not None:  # log(x)/log(b) as typed with log2, log_b or log(x, b)
            b, x = base
            digits = str(b)
            sub = "".join(SUBSCRIPTS[c] for c in digits) if digits.isdigit() else f"_{digits}"
            return f"log{sub}({self._print(x)})"
        return super()._print_Mul(expr)

    def _print_Float(self, expr):
        small = expr._prec <= 53 + 10 and (expr == 0 or 1e-300 < abs(float(expr)) < 1e300)
        text = repr(float(expr)) if small else str(expr)
        mantissa, e, exponent = text.partition("e")
        if "." in mantissa:
            mantissa = mantissa.rstrip("0")
            mantissa = mantissa + "0" if mantissa.endswith(".") and not e else mantissa
            mantissa = mantissa.rstrip(".")
        return mantissa + (f"e{int(exponent)}" if e else "")


SUBSCRIPTS = dict(zip("0123456789", "₀₁₂₃₄₅₆₇₈₉"))


def _log_base(expr):
    """(b, x) when ``expr`` is log(x)·log(b)⁻¹ with b a number or a variable, else None."""
    if len(expr.args) != 2:
        return None
    for first, second in (expr.args, expr.args[::-1]):
        if isinstance(first, sp.log) and isinstance(second, sp.Pow) and second.exp == -1 \
                and isinstance(second.base, sp.log) \
                and (second.base.args[0].is_Number or second.base.args[0].is_Symbol):
            return second.base.args[0], first.args[0]
    return None


def echo(value: Any) -> str:
    """One-line Unicode of a parsed answer (expression, matrix, tuple or choice)."""
    if isinstance(value, str):
        return value
    if isinstance(value, tuple):
        return "(" + ", ".join(echo(v) for v in value) + ")"
    if isinstance(value, sp.MatrixBase):
        rows = ", ".join("[" + ", ".join(echo(v) for v in value.row(i)) + "]"
                         for i in range(value.rows))
        return f"[{rows}]"
    try:
        text = _EchoPrinter({"order": "none"}).doprint(value)
    except Exception:  # a printer corner case must not hide the verdict
        text = uni(value)
    return drop_double_parentheses(text)


def drop_double_parentheses(text: str) -> str:
    """``4/((9·e^(3/4)))`` → ``4/(9·e^(3/4))`` (SymPy doubles them for some denominators)."""
    match = _matching(text)
    out = []
    skip: set[int] = set()
    for i, ch in enumerate(text):
        if ch == "(" and i + 1 < len(text) and text[i + 1] == "(":
            close = match.get(i)
            if close is not None and close - 1 == match.get(i + 1):
                skip.update((i, close))
    for i, ch in enumerate(text):
        if i not in skip:
            out.append(ch)
    return "".join(out)


def _matching(text: str) -> dict[int, int]:
    stack, match = [], {}
    for i, ch in enumerate(text):
        if ch == "(":
            stack.append(i)
        elif ch == ")" and stack:
            match[stack.pop()] = i
    return match
