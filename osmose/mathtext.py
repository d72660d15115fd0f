"""Print SymPy objects three ways: as a learner would type them, as TeX, as Unicode.

The plain form is the contract with the answer checker: whatever ``plain``
prints, the checker parses back to an equal object.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

import sympy as sp
from sympy.printing.latex import LatexPrinter
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


def natural_order(terms: list) -> list:
    """Terms as a lecturer writes them: constants last, a positive term first when
    there is one (``log(2) - 1/4`` and ``1 - x``, not ``-1/4 + log(2)`` and ``-x + 1``)."""
    ordered = [t for t in terms if not t.is_Number] + [t for t in terms if t.is_Number]
    if ordered and ordered[0].could_extract_minus_sign():
        for i, term in enumerate(ordered):
            if not term.could_extract_minus_sign():
                ordered.insert(0, ordered.pop(i))
                break
    return ordered


@lru_cache(maxsize=8192)
def _ordered_terms(expr) -> tuple:
    """SymPy's display order of a sum's terms (costly to compute: cached), then ``natural_order``."""
    return tuple(natural_order(list(expr.as_ordered_terms())))


class _NaturalOrder:
    """Printer mix-in: sums in ``natural_order``."""

    def _as_ordered_terms(self, expr, order=None):
        if order is None and isinstance(expr, sp.Add):
            return list(_ordered_terms(expr))
        return natural_order(list(super()._as_ordered_terms(expr, order=order)))


class _PlainPrinter(_NaturalOrder, StrPrinter):
    """``sstr`` with ``^`` for powers, bare nested lists for matrices, ``e^(x)`` for exp."""

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

    def _print_exp(self, expr):  # one spelling of Euler's number: e and e^(x), never exp(x)
        return f"e^({self._print(expr.args[0])})"


class _TexPrinter(_NaturalOrder, LatexPrinter):
    """SymPy's LaTeX printer with sums in ``natural_order``."""


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


def display(obj: Any) -> str:
    """Unicode for a terminal answer: a matrix laid out in rows (not one wrapped line),
    and exact non-integers followed by their decimal companion."""
    text = uni(obj)
    if isinstance(obj, sp.MatrixBase) and obj.rows > 1 and obj.cols > 1:
        rows = sp.pretty(obj, use_unicode=True).splitlines()
        text = "\n" + "\n".join(r for r in rows if r.strip("⎢⎥ "))
    companion = approx(obj)
    if companion and companion[0] != text:
        text += ("\n≈ " if "\n" in text else " ≈ ") + companion[0]
    return text


def tex(obj: Any) -> str:
    """TeX without delimiters; matrices as ``bmatrix``, log as ``\\ln``."""
    if isinstance(obj, str):  # a named answer; \text{} refuses ^ and _ in MathJax
        if "^" in obj or "_" in obj:
            return r"\mathrm{" + obj.replace(" ", r"\ ") + "}"
        return r"\text{" + obj + "}"
    if isinstance(obj, (tuple, list)) and not isinstance(obj, sp.MatrixBase):
        return r"\left(" + ", ".join(tex(o) for o in obj) + r"\right)"
    return _TexPrinter({"mat_delim": "", "mat_str": "bmatrix", "ln_notation": True}).doprint(obj)


#: significant figures of the decimal companion printed beside exact answers
COMPANION_FIGURES = 4


def approx(obj: Any) -> tuple[str, str] | None:
    """The decimal companion of an exact answer as (Unicode, TeX), e.g. ("0.3182", "0.3182"):
    None when it would add nothing (integers, decimals, symbols, named answers)."""
    values = _entries(obj)
    if values is None or all(v.is_Integer for v in values):
        return None
    shown = [f"{float(v):.{COMPANION_FIGURES}g}" for v in values]
    shown = [x.replace("e-0", "e-").replace("e+0", "e+") for x in shown]
    if isinstance(obj, sp.MatrixBase):
        rows = [shown[i * obj.cols:(i + 1) * obj.cols] for i in range(obj.rows)]
        text = "[" + ", ".join("[" + ", ".join(r) + "]" for r in rows) + "]"
        return text, r"\begin{bmatrix}" + r" \\ ".join(" & ".join(r) for r in rows) + r"\end{bmatrix}"
    if isinstance(obj, (tuple, list)):
        return "(" + ", ".join(shown) + ")", r"\left(" + ", ".join(shown) + r"\right)"
    return shown[0], shown[0]


def answer_tex(data: dict) -> str:
    """An exercise's JSON answer as TeX for keys and cards, with its decimal companion."""
    companion = data.get("answer_approx_tex")
    return data["answer_tex"] + (rf" \approx {companion}" if companion else "")


def _entries(obj: Any) -> list | None:
    """The exact real numbers in ``obj``, or None if any entry is not one."""
    if isinstance(obj, str):
        return None
    items = list(obj) if isinstance(obj, (tuple, list, sp.MatrixBase)) else [obj]
    out = []
    for item in items:
        if isinstance(item, (tuple, list, sp.MatrixBase)):
            return None
        value = sp.sympify(item)
        if value.free_symbols or value.has(sp.Float) or not value.is_real or not value.is_finite:
            return None
        out.append(value)
    return out


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
