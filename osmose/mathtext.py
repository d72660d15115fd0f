"""Print SymPy objects three ways: as a learner would type them, as TeX, as Unicode.

The plain form is the contract with the answer checker: whatever ``plain``
prints, the checker parses back to an equal object.
"""

from __future__ import annotations

import re
from typing import Any

import sympy as sp
from sympy.printing.str import StrPrinter

GREEK = {
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ε",
    "zeta": "ζ", "eta": "η", "theta": "θ", "iota": "ι", "kappa": "κ",
    "lambda": "λ", "mu": "μ", "nu": "ν", "xi": "ξ", "rho": "ρ", "sigma": "σ",
    "tau": "τ", "phi": "φ", "chi": "χ", "psi": "ψ", "omega": "ω",
    "Gamma": "Γ", "Delta": "Δ", "Theta": "Θ", "Lambda": "Λ", "Xi": "Ξ",
    "Pi": "Π", "Sigma": "Σ", "Phi": "Φ", "Psi": "Ψ", "Omega": "Ω",
}
SUPERSCRIPT = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")
SUBSCRIPT = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


class _PlainPrinter(StrPrinter):
    """``sstr`` with ``^`` for powers and bare nested lists for matrices."""

    def _print_Pow(self, expr, rational=False):
        return super()._print_Pow(expr, rational).replace("**", "^")

    def _print_MatrixBase(self, expr):
        rows = ", ".join(
            "[" + ", ".join(self._print(v) for v in expr.row(i)) + "]" for i in range(expr.rows)
        )
        return f"[{rows}]"

    _print_ImmutableDenseMatrix = _print_MutableDenseMatrix = _print_MatrixBase

    def _print_Exp1(self, expr):
        return "e"


class _UnicodePrinter(_PlainPrinter):
    """One-line Unicode for terminals: x², 2·x·y, √2, π, θ."""

    def _print_Symbol(self, expr):
        name = expr.name
        base, _, sub = name.partition("_")
        if not sub and (m := re.fullmatch(r"([A-Za-z]+?)(\d+)", name)):
            base, sub = m.groups()  # z1 reads as z₁
        if sub.isdigit():
            return GREEK.get(base, base) + sub.translate(SUBSCRIPT)
        return GREEK.get(base, base) + (f"_{sub}" if sub else "")

    def _print_Pi(self, expr):
        return "π"

    def _print_Infinity(self, expr):
        return "∞"

    def _print_Pow(self, expr, rational=False):
        base, exp = expr.as_base_exp()
        if exp == sp.S.Half:
            return f"√({self._print(base)})" if not base.is_Atom else f"√{self._print(base)}"
        if exp.is_Integer and exp > 1:
            b = self._print(base)
            if not (base.is_Atom and not (base.is_Rational and not base.is_Integer)) or (
                base.is_Integer and base < 0
            ):
                b = f"({b})"
            return b + str(exp).translate(SUPERSCRIPT)
        return super()._print_Pow(expr, rational)

    def _print_Mul(self, expr):
        return super()._print_Mul(expr).replace("*", "·")

    def _print_exp(self, expr):
        return f"e^({self._print(expr.args[0])})"

    def _print_log(self, expr):
        return f"ln({self._print(expr.args[0])})"


def plain(obj: Any) -> str:
    """Plain math text in the syntax a learner types (``x^2*exp(x*y)``)."""
    if isinstance(obj, str):
        return obj
    if isinstance(obj, (tuple, list)) and not isinstance(obj, sp.MatrixBase):
        return "(" + ", ".join(plain(o) for o in obj) + ")"
    return _PlainPrinter({"order": None}).doprint(sp.sympify(obj))


def uni(obj: Any) -> str:
    """One-line Unicode for terminals."""
    if isinstance(obj, str):
        return obj
    if isinstance(obj, (tuple, list)) and not isinstance(obj, sp.MatrixBase):
        return "(" + ", ".join(uni(o) for o in obj) + ")"
    return _UnicodePrinter({"order": None}).doprint(sp.sympify(obj))


def tex(obj: Any) -> str:
    """TeX without delimiters; matrices as ``bmatrix``, log as ``\\ln``."""
    if isinstance(obj, str):  # a named answer; \text{} refuses ^ and _ in MathJax
        if "^" in obj or "_" in obj:
            return r"\mathrm{" + obj.replace(" ", r"\ ") + "}"
        return r"\text{" + obj + "}"
    if isinstance(obj, (tuple, list)) and not isinstance(obj, sp.MatrixBase):
        return r"\left(" + ", ".join(tex(o) for o in obj) + r"\right)"
    return sp.latex(obj, mat_delim="", mat_str="bmatrix", ln_notation=True)


def given_str(obj: Any) -> Any:
    """Data for ``given``: strings SymPy's own parser reads back, exact numbers as text."""
    if isinstance(obj, dict):
        return {str(k): given_str(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [given_str(v) for v in obj]
    if isinstance(obj, (bool, int, float, str)) or obj is None:
        return obj
    if isinstance(obj, sp.MatrixBase):
        return [[str(v) for v in obj.row(i)] for i in range(obj.rows)]
    return str(obj)
