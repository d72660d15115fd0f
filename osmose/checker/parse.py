"""Recursive-descent parser: learner tokens → SymPy objects, through the allow-list only.

Every node is built with a SymPy constructor (``Integer``, ``Rational``, ``Float``
from a validated digit string, ``Symbol`` for a known variable, ``Add``, ``Mul``,
``Pow`` and the functions in ``names.FUNCTIONS``), always with
``evaluate=False``: the learner's structure is kept for the echo, and nothing
expensive happens while reading. Before a node is built its size is bounded
(``limits``), so a short text cannot describe an enormous number.

Grammar (loosest first)::

    answer  := item (',' item)*                     a tuple when there are commas
    item    := matrix | expr
    expr    := term (('+'|'-') term)*
    term    := unary (('*'|'/') unary | power)*      juxtaposition multiplies
    unary   := ('+'|'-') unary | power
    power   := postfix ('^' unary | superscript)?    right-associative
    postfix := primary '!'*
    primary := number | name | call | '(' item (',' item)* ')' | '{' expr '}'
             | '|' expr '|' | '√' postfix | LaTeX (\\frac, \\sqrt, \\binom, \\left( …)
"""

from __future__ import annotations

import difflib
import math
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Mapping

import sympy as sp

from osmose.checker.errors import ParseError
from osmose.checker.limits import (
    MAX_BITS,
    MAX_DEPTH,
    MAX_ENTRIES,
    MAX_NODES,
    factorial_bits,
    int_bits,
    power_bits,
)
from osmose.checker.names import (
    CALCULUS,
    CONSTANTS,
    FUNCTIONS,
    GREEK_NAMES,
    HINTS,
    INVERSES,
    LATEX_CALCULUS,
    LATEX_NAMES,
)
from osmose.checker.tokens import Token, tokenize
from osmose.mathtext import GREEK

_NO = {"evaluate": False}
OPENERS = {"(": ")", "[": "]", "{": "}", "lvert": "rvert"}
CLOSERS = {v: k for k, v in OPENERS.items()}
MATRIX_ENVIRONMENTS = ("bmatrix", "pmatrix", "matrix", "Bmatrix", "smallmatrix")
#: LaTeX commands whose braced argument is a word: \operatorname{sign}, \mathrm{e}, \text{saddle}
WORD_COMMANDS = ("operatorname", "mathrm", "mathit", "text", "textrm", "textit", "mbox")
#: how bracket tokens are named in messages
SHOWN = {"(": "'('", ")": "')'", "[": "'['", "]": "']'", "{": "'{'", "}": "'}'",
         "lvert": "'|'", "rvert": "'|'"}


@dataclass
class Scalar:
    """An expression, with a bound on the bits of any exact number it evaluates to.

    ``value`` is its exact rational value when it is a constant built from
    integers and fractions (so ``(10^6)!`` is known to be a factorial of a
    million before anything is built).
    """

    expr: Any
    bits: float
    col: int
    value: Fraction | None = None


@dataclass
class MatrixLit:
    rows: list
    col: int
    flat: bool  # typed as a plain list [a, b, c]


@dataclass
class TupleLit:
    items: list
    col: int


@dataclass(frozen=True)
class Reading:
    """What was read: the SymPy value and the decimal literals typed (for tolerance)."""

    value: Any
    decimals: tuple[str, ...]


def read(text: str, variables: Mapping[str, sp.Symbol]) -> Reading:
    """Parse learner ``text`` whose free variables are ``variables`` (name → Symbol)."""
    if not isinstance(text, str):
        raise ParseError("the answer must be text")
    if not text.strip():
        raise ParseError("the answer is empty")
    tokens = split_names(tokenize(text), variables)
    check_brackets(tokens)
    refuse_differentials(tokens, variables)
    refuse_ambiguous(tokens, variables)
    parser = Parser(tokens, variables)
    node = parser.answer()
    if parser.unknown:
        raise ParseError(unknown_message(parser.unknown, variables))
    return Reading(to_value(node), tuple(parser.decimals))


def to_value(node) -> Any:
    if isinstance(node, Scalar):
        return node.expr
    if isinstance(node, MatrixLit):
        return sp.ImmutableMatrix([[entry.expr for entry in row] for row in node.rows])
    return tuple(to_value(item) for item in node.items)


def unknown_message(unknown: dict[str, int], variables: Mapping[str, sp.Symbol]) -> str:
    names = ", ".join(f"'{n}'" + (f" ({GREEK[n]})" if n in GREEK else "") for n in unknown)
    plural = "s" if len(unknown) > 1 else ""
    if variables:
        known = ", ".join(sorted(variables))
        return f"unknown variable{plural} {names} (this answer may use {known})"
    return f"unknown name{plural} {names} (the answer is a number: it has no variables)"


# --- token passes ------------------------------------------------------------------


def split_names(tokens: list[Token], variables: Mapping[str, Any]) -> list[Token]:
    """Split juxtaposed names: ``xy`` → x y, ``sinx`` → sin x, ``2ex`` → 2 e x.

    A word is split only when it is not itself known and splits completely into
    known pieces (variables, functions, constants), longest pieces first; words
    after ``\\begin{``, ``\\operatorname{`` and friends are left alone. ``x1`` becomes
    the variable ``x_1`` when that is a variable.
    """
    pieces = sorted(set(variables) | set(FUNCTIONS) | set(CONSTANTS), key=lambda p: (-len(p), p))
    out: list[Token] = []
    for k, tok in enumerate(tokens):
        if tok.kind == "num" and out and out[-1].kind == "name" and out[-1].text == "log" \
                and tokens[k - 1].col + len(tokens[k - 1].text) == tok.col:
            if not tok.text.isdigit():  # log2.5: ln 2.5, or log₂ 0.5?
                head, rest = tok.text.split(".")[0], "." + tok.text.split(".", 1)[1]
                raise ParseError(f"'log{tok.text}' at column {out[-1].col} is ambiguous: "
                                 f"ln({tok.text}) or log base {head} of {rest} — write "
                                 f"log({tok.text}) or log_{head}({rest})", out[-1].col)
            out[-1] = Token("name", f"log{tok.text}", out[-1].col)  # log2 8 = log₂ 8
            continue
        if tok.kind == "num" and out and out[-1].kind == "name" and tok.text.isdigit() \
                and tokens[k - 1].col + len(tokens[k - 1].text) == tok.col:
            for joined in (f"{out[-1].text}{tok.text}", f"{out[-1].text}_{tok.text}"):
                if joined in variables:  # x1 → the variable x1 (or x_1)
                    out[-1] = Token("name", joined, out[-1].col)
                    break
            else:
                out.append(tok)
            continue
        if tok.kind != "name" or _is_word_argument(tokens, k) or _known(tok.text, variables):
            out.append(tok)
            continue
        split = _split(tok.text, pieces) if len(tok.text) <= 24 else None
        if not split:
            out.append(tok)
            continue
        offset = 0
        for piece in split:
            out.append(Token("name", piece, tok.col + offset))
            offset += len(piece)
    return out


def _known(word: str, variables) -> bool:
    return (word in variables or word in FUNCTIONS or word in CONSTANTS or word in CALCULUS
            or word in HINTS or word in GREEK_NAMES)


def _is_word_argument(tokens: list[Token], k: int) -> bool:
    return (k >= 2 and tokens[k - 1].kind == "op" and tokens[k - 1].text == "{"
            and tokens[k - 2].kind == "cmd"
            and tokens[k - 2].text in WORD_COMMANDS + ("begin", "end"))


def _split(word: str, pieces: list[str]) -> list[str] | None:
    memo: dict[int, list[str] | None] = {}

    def at(i: int) -> list[str] | None:
        if i == len(word):
            return []
        if i in memo:
            return memo[i]
        memo[i] = None
        for piece in pieces:
            if word.startswith(piece, i):
                rest = at(i + len(piece))
                if rest is not None:
                    memo[i] = [piece] + rest
                    break
        return memo[i]

    return at(0)


def refuse_ambiguous(tokens: list[Token], variables: Mapping[str, Any]) -> None:
    """A reading is certain or refused: input with two plausible readings names both.

    * ``2e-1`` when ``e`` is a variable: 2·e − 1, or 2×10⁻¹;
    * ``1/2x``, ``a/b c``: a denominator followed by an implicit product could
      be (1/2)·x or 1/(2x).
    """
    for k, tok in enumerate(tokens):
        if tok.kind == "num" and "e" in tok.text and ("e" in variables or "E" in variables):
            mantissa, _, exponent = tok.text.partition("e")
            raise ParseError(f"'{tok.text}' at column {tok.col} is ambiguous here: "
                             f"{mantissa}·e{'−' if exponent.startswith('-') else '+'}"
                             f"{exponent.lstrip('+-')} with the variable e, or "
                             f"{mantissa}×10^{exponent} — write it with * or ×10^", tok.col)
        if tok.kind == "op" and tok.text == "/":
            end = _operand_end(tokens, k + 1)
            if end is not None and end < len(tokens) and _juxtaposed(tokens, end):
                top = _text(tokens[k - 1:k]) if k and tokens[k - 1].kind in ("num", "name") \
                    else "…"
                bottom = _text(tokens[k + 1:end])
                after = _text(tokens[end - 1:end + 1])[len(_text(tokens[end - 1:end])):]
                raise ParseError(
                    f"'{top}/{bottom}{after}' at column {tok.col} is ambiguous: "
                    f"({top}/{bottom})·{after.strip()} or {top}/({bottom}·{after.strip()}) — "
                    "add brackets",
                    tok.col)


def _text(tokens: list[Token]) -> str:
    """The tokens as typed, with a space where one was typed."""
    out = ""
    for k, t in enumerate(tokens):
        if k and t.col > tokens[k - 1].col + len(tokens[k - 1].text) \
                + (tokens[k - 1].kind == "cmd"):
            out += " "
        out += "\\" + t.text if t.kind == "cmd" else t.text
    return out


def _operand_end(tokens: list[Token], i: int) -> int | None:
    """Index just after the simple denominator starting at ``i`` (a number, a name, a
    bracketed group, a call ``f(…)``, ``\\sqrt{…}``, ``\\frac{…}{…}``, with a power or
    ``!``), or None when it is not that simple (then the grammar's reading stands)."""
    j = _factor_end(tokens, i)
    if j is None:
        return None
    while j < len(tokens) and (tokens[j].kind == "sup" or (tokens[j].kind == "op"
                                                           and tokens[j].text == "!")):
        j += 1
    if j < len(tokens) and tokens[j].kind == "op" and tokens[j].text == "^":
        k = j + 1
        if k < len(tokens) and tokens[k].kind == "op" and tokens[k].text in "+-":
            k += 1
        j = _factor_end(tokens, k, power=True)
    return j


def _factor_end(tokens: list[Token], i: int, power: bool = False) -> int | None:
    if i >= len(tokens):
        return None
    tok = tokens[i]
    if tok.kind == "num":
        return i + 1
    if tok.kind == "name":
        if tok.text in FUNCTIONS or tok.text.startswith("log"):
            if i + 1 < len(tokens) and tokens[i + 1].kind == "op" and tokens[i + 1].text == "(":
                return _close(tokens, i + 1)
            return None  # a bare argument follows: 1/sin x is 1/sin(x) by the function rule
        return i + 1
    if tok.kind == "op" and tok.text in ("(", "{"):
        return _close(tokens, i)
    if tok.kind == "cmd":
        if tok.text in LATEX_NAMES and LATEX_NAMES[tok.text] not in FUNCTIONS:
            return i + 1
        groups = {"sqrt": 1, "frac": 2, "dfrac": 2, "tfrac": 2}.get(tok.text)
        j = i + 1
        for _ in range(groups or 0):
            if j >= len(tokens) or not (tokens[j].kind == "op" and tokens[j].text == "{"):
                return None
            j = _close(tokens, j)
            if j is None:
                return None
        return j if groups else None
    return None


def _close(tokens: list[Token], i: int) -> int | None:
    depth = 0
    for j in range(i, len(tokens)):
        if tokens[j].kind == "op" and tokens[j].text in OPENERS:
            depth += 1
        elif tokens[j].kind == "op" and tokens[j].text in CLOSERS:
            depth -= 1
            if depth == 0:
                return j + 1
    return None


def _juxtaposed(tokens: list[Token], j: int) -> bool:
    """Does an implicit product continue at ``tokens[j]``?"""
    tok = tokens[j]
    if tok.kind in ("num", "name"):
        return True
    if tok.kind == "op":
        return tok.text in ("(", "√")
    return tok.kind == "cmd" and tok.text not in ("\\", "end")


def check_brackets(tokens: list[Token]) -> None:
    """Balanced (), [], {}, \\left| \\right| — with the column of the first problem."""
    stack: list[Token] = []
    for tok in tokens:
        if tok.kind != "op":
            continue
        if tok.text in OPENERS:
            stack.append(tok)
            if len(stack) > MAX_DEPTH:
                raise ParseError(f"too deeply nested at column {tok.col} "
                                 f"(at most {MAX_DEPTH} levels of brackets)", tok.col)
        elif tok.text in CLOSERS:
            if not stack:
                raise ParseError(f"unbalanced parenthesis at column {tok.col}: "
                                 f"{SHOWN[tok.text]} has no matching opening bracket", tok.col)
            opener = stack.pop()
            if OPENERS[opener.text] != tok.text:
                raise ParseError(f"mismatched brackets: {SHOWN[opener.text]} at column "
                                 f"{opener.col} is closed by {SHOWN[tok.text]} at column {tok.col}",
                                 tok.col)
    if stack:
        tok = stack[-1]
        raise ParseError(f"unbalanced parenthesis at column {tok.col}: "
                         f"{SHOWN[tok.text]} is never closed", tok.col)


def refuse_differentials(tokens: list[Token], variables: Mapping[str, Any]) -> None:
    """``d/dx``, ``\\frac{d}{dx}``, ``\\frac{\\mathrm{d}}{dx}``: the operation, not a result."""
    if "d" in variables:
        return
    for k, tok in enumerate(tokens):
        if tok.kind != "name" or tok.text != "d":
            continue
        j = k + 1
        while j < len(tokens) and tokens[j].kind == "op" and tokens[j].text in "{}":
            j += 1
        nxt = tokens[j] if j < len(tokens) else None
        if nxt is not None and ((nxt.kind == "op" and nxt.text == "/")
                                or (nxt.kind == "name" and nxt.text.startswith("d") and j > k + 1)
                                or (nxt.kind == "cmd" and nxt.text == "partial")):
            raise ParseError(f"calculus operators (d/d… at column {tok.col}) are not accepted: "
                             "type the result, not the operation", tok.col)


# --- the parser --------------------------------------------------------------------


class _Nesting:
    """``with parser.nested():`` counts recursion and refuses beyond ``MAX_DEPTH``."""

    def __init__(self, parser: "Parser"):
        self.parser = parser

    def __enter__(self):
        parser = self.parser
        parser.depth += 1
        if parser.depth > 2 * MAX_DEPTH:  # a bracket level costs about two
            raise ParseError(f"too deeply nested at column {parser.tok.col} "
                             f"(at most {MAX_DEPTH} levels)", parser.tok.col)

    def __exit__(self, *exc):
        self.parser.depth -= 1


def _magnitude(node: "Scalar") -> float | None:
    """|value| of a constant expression whose size is already bounded (≤ 2^60), so that
    e^(−ln(2)²/18) is sized by its value, not by the digits it is written with; None when
    the expression has variables or cannot be evaluated."""
    if node.bits > 60 or node.expr.free_symbols:
        return None
    try:
        value = complex(node.expr.evalf(15))
    except (TypeError, ValueError, ArithmeticError):
        return None
    size = abs(value)
    return size if math.isfinite(size) else None


class Parser:
    def __init__(self, tokens: list[Token], variables: Mapping[str, sp.Symbol]):
        self.tokens = tokens
        self.i = 0
        self.variables = variables
        self.unknown: dict[str, int] = {}
        self.decimals: list[str] = []
        self.nodes = 0
        self.depth = 0
        self.abs_depth = 0
        self._nesting = _Nesting(self)

    # token helpers
    @property
    def tok(self) -> Token:
        return self.tokens[self.i]

    def ahead(self, k: int = 1) -> Token:
        return self.tokens[min(self.i + k, len(self.tokens) - 1)]

    def at_op(self, *ops: str) -> bool:
        return self.tok.kind == "op" and self.tok.text in ops

    def at_cmd(self, *names: str) -> bool:
        return self.tok.kind == "cmd" and self.tok.text in names

    def advance(self) -> Token:
        tok = self.tok
        if tok.kind != "end":
            self.i += 1
        return tok

    def expect_op(self, op: str, context: str = "") -> Token:
        if not self.at_op(op):
            shown = SHOWN.get(op, f"'{op}'")
            raise self.unexpected(f"expected {shown}{context}")
        return self.advance()

    def unexpected(self, expected: str = "") -> ParseError:
        tok = self.tok
        if tok.kind == "end":
            what = "the answer ends too early"
            return ParseError(what + (f": {expected}" if expected else ""), tok.col)
        shown = "\\\\" if tok.text == "\\" else tok.text
        shown = SHOWN.get(shown, f"'{shown}'") if tok.kind == "op" else (
            f"'\\{shown}'" if tok.kind == "cmd" else f"'{shown}'")
        message = f"unexpected {shown} at column {tok.col}"
        return ParseError(message + (f" ({expected})" if expected else ""), tok.col)

    # node helpers
    def node(self, expr, bits: float, col: int, value: Fraction | None = None) -> Scalar:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise ParseError(f"the answer is too long (more than {MAX_NODES} terms)", col)
        if bits > MAX_BITS:
            raise ParseError(f"the number built at column {col} is too large to check "
                             f"(more than about {int(MAX_BITS * 0.30103)} digits)", col)
        return Scalar(expr, bits, col, value)

    def scalar(self, node) -> Scalar:
        if isinstance(node, Scalar):
            return node
        what = "a matrix" if isinstance(node, MatrixLit) else "a tuple"
        raise ParseError(f"{what} cannot be part of an expression (column {node.col}); "
                         "give it as the whole answer", node.col)

    def nested(self) -> "_Nesting":
        return self._nesting

    # grammar
    def answer(self):
        first = self.item()
        if not self.at_op(","):
            if self.tok.kind != "end":
                raise self.unexpected(self._hint_after())
            return first
        items = [first]
        while self.at_op(","):
            self.advance()
            items.append(self.item())
        if self.tok.kind != "end":
            raise self.unexpected(self._hint_after())
        return self.tuple_of(items, first.col)

    def _hint_after(self) -> str:
        if self.at_cmd("\\") or self.at_op("&"):
            return "row and column breaks belong inside \\begin{bmatrix} … \\end{bmatrix}"
        return ""

    def tuple_of(self, items: list, col: int) -> TupleLit:
        for item in items:
            if isinstance(item, TupleLit):
                raise ParseError(f"tuples cannot be nested (column {item.col})", item.col)
        if len(items) > MAX_ENTRIES:
            raise ParseError(f"too many parts (at most {MAX_ENTRIES})", col)
        return TupleLit(items, col)

    def item(self):
        if self.at_op("["):
            return self.bracket_matrix()
        if self.at_cmd("begin"):
            return self.environment_matrix()
        return self.expr()

    def expr(self):
        col = self.tok.col
        terms: list = [self.term()]
        while self.at_op("+", "-"):
            negative = self.advance().text == "-"
            term = self.scalar(self.term())
            terms.append(self.negate(term) if negative else term)
        if len(terms) == 1:
            return terms[0]
        parts = [self.scalar(t) for t in terms]
        bits = max(p.bits for p in parts) + len(parts).bit_length()
        value = sum(p.value for p in parts) if all(p.value is not None for p in parts) else None
        return self.node(sp.Add(*[p.expr for p in parts], **_NO), bits, col, value)

    def negate(self, term: Scalar) -> Scalar:
        if isinstance(term.expr, (sp.Integer, sp.Rational, sp.Float)):
            return self.node(-term.expr, term.bits, term.col, _neg(term.value))
        return self.node(sp.Mul(sp.S.NegativeOne, term.expr, **_NO), term.bits, term.col,
                         _neg(term.value))

    def term(self):
        col = self.tok.col
        first = self.unary()
        factors: list = [first]
        while True:
            if self.at_op("*"):
                self.advance()
                factors.append(self.scalar(self.unary()))
            elif self.at_op("/"):
                slash = self.advance()
                denominator = self.scalar(self.unary())
                self.divide(factors, denominator, slash.col)
            elif self.starts_factor():
                if self.tok.kind == "num" and self.tokens[self.i - 1].kind == "num":
                    raise ParseError(f"two numbers in a row at column {self.tok.col}: "
                                     "use * to multiply", self.tok.col)
                factors.append(self.scalar(self.power()))
            else:
                break
        if len(factors) == 1:
            return factors[0]
        parts = [self.scalar(f) for f in factors]
        return self.node(sp.Mul(*[p.expr for p in parts], **_NO), sum(p.bits for p in parts), col,
                         _product(parts))

    def divide(self, factors: list, denominator: Scalar, col: int) -> None:
        """Append 1/denominator; an exact fraction of two numbers becomes a Rational."""
        if denominator.value == 0 or (isinstance(denominator.expr, sp.Number)
                                      and denominator.expr == 0):
            raise ParseError(f"division by zero at column {col}", col)
        last = factors[-1]
        if (len(factors) == 1 and isinstance(last, Scalar) and isinstance(last.expr, sp.Rational)
                and isinstance(denominator.expr, sp.Integer)):
            value = last.expr / denominator.expr
            factors[-1] = self.node(value, last.bits + denominator.bits, last.col,
                                    Fraction(value.p, value.q))
            return
        inverse = 1 / denominator.value if denominator.value is not None else None
        factors.append(self.node(sp.Pow(denominator.expr, sp.S.NegativeOne, **_NO),
                                 denominator.bits, denominator.col, inverse))

    def unary(self):
        with self.nested():
            if self.at_op("-"):
                self.advance()
                return self.negate(self.scalar(self.unary()))
            if self.at_op("+"):
                self.advance()
                return self.scalar(self.unary())
            return self.power()

    def power(self):
        base = self.postfix()
        if self.at_op("^"):
            caret = self.advance()
            exponent = self.scalar(self.unary())
            return self.make_power(self.scalar(base), exponent, caret.col)
        if self.tok.kind == "sup":
            return self.make_power(self.scalar(base), self.superscript(), self.tok.col)
        return base

    def superscript(self) -> Scalar:
        tok = self.advance()
        text = tok.text
        if not (text.lstrip("-+").isdigit() and text.count("-") + text.count("+") <= 1
                and text[-1].isdigit()):
            raise ParseError(f"cannot read the superscript at column {tok.col}", tok.col)
        value = sp.Integer(int(text))
        return self.node(value, int_bits(int(value)), tok.col, Fraction(int(value)))

    def make_power(self, base: Scalar, exponent: Scalar, col: int) -> Scalar:
        e, k = exponent.expr, exponent.value
        if k is not None:  # |b^(p/q)| has about |p/q|·bits(b) bits, whatever p's and q's digits
            size = k.numerator.bit_length() - k.denominator.bit_length()
            bits = math.inf if size > 60 else max(base.bits, 1.0) * max(abs(float(k)), 1.0)
        else:
            magnitude = _magnitude(exponent)
            bits = power_bits(base.bits, exponent.bits) if magnitude is None else \
                max(base.bits, 1.0) * max(magnitude, 1.0)
        if base.value == 0 and k is not None and k < 0:
            raise ParseError(f"division by zero at column {col} (0 to a negative power)", col)
        value = None
        if base.value is not None and k is not None and k.denominator == 1 and bits <= MAX_BITS:
            value = base.value ** int(k)
        return self.node(sp.Pow(base.expr, e, **_NO), bits, col, value)

    def postfix(self):
        node = self.primary()
        while self.at_op("!"):
            bang = self.advance()
            node = self.factorial(self.scalar(node), bang.col)
        return node

    def factorial(self, arg: Scalar, col: int) -> Scalar:
        bits = self.call_bits("factorial", [arg])
        return self.node(sp.factorial(arg.expr, evaluate=False), bits, col,
                         _exact("factorial", [arg], bits))

    def starts_factor(self) -> bool:
        tok = self.tok
        if tok.kind in ("num", "name"):
            return True
        if tok.kind == "op":
            opens_abs = tok.text == "|" and self.abs_depth == 0
            return tok.text in ("(", "{", "√", "lvert") or opens_abs
        if tok.kind == "cmd":
            return tok.text not in ("\\", "end")
        return False

    def primary(self):
        tok = self.tok
        if tok.kind == "num":
            return self.number(self.advance())
        if tok.kind == "name":
            self.advance()
            return self.name(tok.text, tok.col)
        if tok.kind == "cmd":
            return self.command()
        if tok.kind == "op":
            if tok.text == "(":
                return self.parenthesized()
            if tok.text == "{":
                return self.braced()
            if tok.text in ("|", "lvert"):
                return self.absolute()
            if tok.text == "√":
                self.advance()
                with self.nested():
                    arg = self.scalar(self.postfix())
                return self.node(sp.Pow(arg.expr, sp.S.Half, **_NO), power_bits(arg.bits, 1),
                                 tok.col)
            if tok.text == "[":
                raise ParseError(f"a matrix cannot be part of an expression (column {tok.col}); "
                                 "give it as the whole answer", tok.col)
        if tok.kind == "sup":
            raise ParseError(f"a superscript at column {tok.col} needs something before it",
                             tok.col)
        raise self.unexpected("expected a number, a variable or '('")

    def number(self, tok: Token) -> Scalar:
        text = tok.text
        if text.isdigit():
            n = int(text)
            return self.node(sp.Integer(n), int_bits(n), tok.col, Fraction(n))
        self.decimals.append(text)
        mantissa, _, exponent = text.partition("e")
        digits = sum(c.isdigit() for c in mantissa)
        literal = ("0" + mantissa if mantissa.startswith(".") else mantissa).rstrip(".") or "0"
        value = sp.Float(literal + (f"e{exponent}" if exponent else ""), max(15, digits + 2))
        return self.node(value, (digits + abs(int(exponent or 0))) * 3.33 + 1, tok.col)

    def parenthesized(self):
        open_tok = self.advance()
        with self.nested():
            first = self.item()
            if self.at_op(","):
                items = [first]
                while self.at_op(","):
                    self.advance()
                    items.append(self.item())
                self.expect_op(")", f" to close the '(' at column {open_tok.col}")
                return self.tuple_of(items, open_tok.col)
            self.expect_op(")", f" to close the '(' at column {open_tok.col}")
            return first

    def braced(self) -> Scalar:
        open_tok = self.advance()
        with self.nested():
            inner = self.scalar(self.expr())
            self.expect_op("}", f" to close the '{{' at column {open_tok.col}")
        return inner

    def absolute(self) -> Scalar:
        open_tok = self.advance()
        closing = ("|", "rvert") if open_tok.text == "|" else ("rvert", "|")
        with self.nested():
            self.abs_depth += 1
            try:
                inner = self.scalar(self.expr())
            finally:
                self.abs_depth -= 1
            if not self.at_op(*closing):
                raise self.unexpected(f"expected '|' to close the one at column {open_tok.col}")
            self.advance()
        return self.node(sp.Abs(inner.expr, evaluate=False), inner.bits, open_tok.col,
                         abs(inner.value) if inner.value is not None else None)

    # names ----------------------------------------------------------------------

    def name(self, word: str, col: int):
        if self.at_op("_") and word != "log":
            sub = self.subscript()
            word = f"{word}{sub}" if f"{word}{sub}" in self.variables and \
                f"{word}_{sub}" not in self.variables else f"{word}_{sub}"
        if word in self.variables:
            return self.node(self.variables[word], 0, col)
        if word.startswith("log") and word[3:].isdigit():  # log2, log10, logN: the base
            base = int(word[3:])
            return self.call("log", col, self.node(sp.Integer(base), int_bits(base), col,
                                                   Fraction(base)))
        if word in FUNCTIONS:
            return self.call(word, col)
        if word in CONSTANTS:
            return self.node(CONSTANTS[word], 2, col)
        if word in CALCULUS:
            raise ParseError(f"calculus operators ('{word}' at column {col}) are not accepted: "
                             "type the result, not the operation", col)
        if word in HINTS:
            raise ParseError(f"{HINTS[word]} (column {col})", col)
        if self.at_op("(") and len(word) > 1:
            close = difflib.get_close_matches(word, sorted(FUNCTIONS), n=1, cutoff=0.6)
            hint = f" — did you mean {close[0]}?" if close else ""
            raise ParseError(f"unknown function '{word}'{hint}", col)
        self.unknown.setdefault(word, col)
        return self.node(sp.Symbol(word), 0, col)

    def subscript(self) -> str:
        underscore = self.advance()
        if self.at_op("{"):
            self.advance()
            parts = []
            while self.tok.kind in ("name", "num") or (self.tok.kind == "cmd"
                                                        and self.tok.text in LATEX_NAMES):
                tok = self.advance()
                parts.append(LATEX_NAMES.get(tok.text, tok.text) if tok.kind == "cmd" else tok.text)
            self.expect_op("}", " (a subscript is letters or digits)")
            if parts:
                return "".join(parts)
        elif self.tok.kind in ("name", "num") and "." not in self.tok.text:
            return self.advance().text
        elif self.tok.kind == "cmd" and self.tok.text in LATEX_NAMES:
            return LATEX_NAMES[self.advance().text]
        raise ParseError(f"cannot read the subscript at column {underscore.col}", underscore.col)

    def call(self, name: str, col: int, base: Scalar | None = None) -> Scalar:
        with self.nested():
            glued = None  # an unbraced many-digit base: log_10(100) yes, log_28 refused
            if name == "log" and base is None and self.at_op("_"):
                self.advance()
                if self.tok.kind == "num":
                    glued = self.tok if len(self.tok.text) > 1 else None
                    base = self.scalar(self.number(self.advance()))
                else:
                    base = self.scalar(self.latex_argument())
            if base is not None and base.value is not None and (base.value <= 0
                                                                 or base.value == 1):
                raise ParseError(f"the base of the log at column {col} must be positive and "
                                 "not 1", col)
            if glued is not None and not self.starts_factor() and not self.at_op("^"):
                raise ParseError(f"'log_{glued.text}' at column {col} is ambiguous: log base "
                                 f"{glued.text} of what follows, or log base {glued.text[0]} of "
                                 f"{glued.text[1:]} — write log_{{{glued.text}}}(…) or "
                                 f"log_{glued.text[0]}({glued.text[1:]})", col)
            power = None
            if self.at_op("^"):
                self.advance()
                power = self.scalar(self.unary())
            elif self.tok.kind == "sup":
                power = self.superscript()
            if self.at_op("("):
                args = self.call_arguments(name)
            elif self.at_op("{"):
                args = [self.braced()]
            else:
                args = [self.bare_argument(name, col)]
            if base is not None:
                args.append(base)
            if name == "log" and len(args) == 2 and args[1].value is not None \
                    and (args[1].value <= 0 or args[1].value == 1):
                raise ParseError(f"the base of the log at column {col} must be positive and "
                                 "not 1", col)
            builder_name = name
            if power is not None and power.expr == -1 and name in INVERSES:
                builder_name, power = INVERSES[name], None
            builder, low, high = FUNCTIONS[builder_name]
            if not low <= len(args) <= high:
                wanted = str(low) if low == high else f"{low} to {high}"
                raise ParseError(f"{name} takes {wanted} argument{'s' if high > 1 else ''}, "
                                 f"got {len(args)} (column {col})", col)
            bits = self.call_bits(builder_name, args)
            result = self.node(builder(*[a.expr for a in args]), bits, col,
                               _exact(builder_name, args, bits))
            if power is not None:
                result = self.make_power(result, power, col)
            return result

    def call_bits(self, name: str, args: list[Scalar]) -> float:
        n = args[0].value
        if name == "exp" or name == "sigmoid":
            if n is None and isinstance(args[0].expr, sp.Float):  # a typed decimal
                n = Fraction(str(args[0].expr))
            if n is not None:  # e^v has about |v|·log2(e) bits, whatever v's digits
                size = n.numerator.bit_length() - n.denominator.bit_length()
                return math.inf if size > 60 else abs(float(n)) * math.log2(math.e) + 1
            magnitude = _magnitude(args[0])
            return power_bits(2, args[0].bits) if magnitude is None else \
                magnitude * math.log2(math.e) + 1
        if name == "factorial" and n is not None and n.denominator == 1:
            if n < 0:
                raise ParseError(f"factorial of a negative integer at column {args[0].col}",
                                 args[0].col)
            return factorial_bits(int(n))
        if name in ("binomial", "binom") and n is not None:
            return max(float(abs(n)), args[1].bits) + 1
        return max(a.bits for a in args) + 1

    def call_arguments(self, name: str) -> list[Scalar]:
        open_tok = self.advance()
        if self.at_op(")"):
            raise ParseError(f"{name}() at column {open_tok.col} needs an argument", open_tok.col)
        args = [self.scalar(self.expr())]
        while self.at_op(","):
            self.advance()
            args.append(self.scalar(self.expr()))
        self.expect_op(")", f" to close the '(' at column {open_tok.col}")
        return args

    def bare_argument(self, name: str, col: int) -> Scalar:
        """``\\ln 2``, ``sin 2x``: juxtaposed numbers and variables, stopping at a function."""
        if not self.starts_factor() or self.at_op("|"):
            raise ParseError(f"{name} at column {col} needs an argument, e.g. {name}(x)", col)
        factors = [self.scalar(self.power())]
        while self.continues_bare_argument():
            factors.append(self.scalar(self.power()))
        if len(factors) == 1:
            return factors[0]
        return self.node(sp.Mul(*[f.expr for f in factors], **_NO), sum(f.bits for f in factors),
                         factors[0].col, _product(factors))

    def continues_bare_argument(self) -> bool:
        tok = self.tok
        if tok.kind == "num":
            return True
        word = tok.text if tok.kind == "name" else LATEX_NAMES.get(tok.text) if tok.kind == "cmd" \
            else None
        return word is not None and (word in self.variables or word not in FUNCTIONS)

    # LaTeX ----------------------------------------------------------------------

    def command(self):
        tok = self.tok
        name = tok.text
        if name in ("frac", "dfrac", "tfrac", "cfrac"):
            self.advance()
            with self.nested():
                numerator = self.scalar(self.latex_argument())
                denominator = self.scalar(self.latex_argument())
            factors = [numerator]
            self.divide(factors, denominator, tok.col)
            if len(factors) == 1:
                return factors[0]
            return self.node(sp.Mul(*[f.expr for f in factors], **_NO),
                             numerator.bits + denominator.bits, tok.col, _product(factors))
        if name == "sqrt":
            self.advance()
            with self.nested():
                index = 2
                if self.at_op("["):
                    self.advance()
                    root = self.scalar(self.expr())
                    self.expect_op("]", " to close the root index")
                    if not isinstance(root.expr, sp.Integer) or not 2 <= int(root.expr) <= 100:
                        raise ParseError(f"the root index at column {root.col} must be a whole "
                                         "number from 2 to 100", root.col)
                    index = int(root.expr)
                arg = self.scalar(self.latex_argument())
            return self.node(sp.Pow(arg.expr, sp.Rational(1, index), **_NO), arg.bits + 1, tok.col)
        if name in ("binom", "dbinom", "tbinom"):
            self.advance()
            with self.nested():
                n = self.scalar(self.latex_argument())
                k = self.scalar(self.latex_argument())
            bits = self.call_bits("binomial", [n, k])
            return self.node(FUNCTIONS["binomial"][0](n.expr, k.expr), bits, tok.col,
                             _exact("binomial", [n, k], bits))
        if name in WORD_COMMANDS:
            self.advance()
            word = self.braced_word(name)
            if word == "d" and "d" not in self.variables:
                raise ParseError(f"calculus operators (d at column {tok.col}) are not accepted: "
                                 "type the result, not the operation", tok.col)
            return self.name(word, tok.col)
        if name in LATEX_NAMES:
            self.advance()
            return self.name(LATEX_NAMES[name], tok.col)
        if name in LATEX_CALCULUS:
            raise ParseError(f"calculus operators ('\\{name}' at column {tok.col}) are not "
                             "accepted: type the result, not the operation", tok.col)
        if name in ("infty",):
            raise ParseError(f"infinity is not accepted as an answer (column {tok.col})", tok.col)
        if name == "begin":
            raise ParseError(f"a matrix cannot be part of an expression (column {tok.col}); "
                             "give it as the whole answer", tok.col)
        if name in ("\\", "end"):
            raise self.unexpected()
        raise ParseError(f"unknown LaTeX command '\\{name}' at column {tok.col}", tok.col)

    def latex_argument(self):
        """Argument of \\frac, \\sqrt, \\binom: ``{…}``, one digit of ``12``, or a primary."""
        if self.at_op("{"):
            return self.braced()
        tok = self.tok
        if tok.kind == "num" and tok.text.isdigit() and len(tok.text) > 1:
            self.tokens[self.i] = Token("num", tok.text[1:], tok.col + 1)
            return self.node(sp.Integer(int(tok.text[0])), 4, tok.col, Fraction(int(tok.text[0])))
        if tok.kind in ("num", "name", "cmd"):
            return self.primary()
        raise self.unexpected("expected '{'")

    def braced_word(self, command: str) -> str:
        open_tok = self.expect_op("{", f" after \\{command}")
        parts = []
        while self.tok.kind in ("name", "num"):
            parts.append(self.advance().text)
        if not self.at_op("}") or not parts:
            raise ParseError(f"\\{command}{{…}} at column {open_tok.col} must hold a single word",
                             open_tok.col)
        self.advance()
        return "".join(parts)

    # matrices -------------------------------------------------------------------

    def bracket_matrix(self) -> MatrixLit:
        open_tok = self.advance()
        with self.nested():
            if self.at_op("]"):
                raise ParseError(f"empty matrix at column {open_tok.col}", open_tok.col)
            if not self.at_op("["):
                entries = self.bracket_entries(open_tok)
                return self.matrix([[e] for e in entries], open_tok.col, flat=True)
            rows = []
            while True:
                if not self.at_op("["):
                    raise self.unexpected("a matrix is a list of rows, like [[1, 2], [3, 4]]")
                row_open = self.advance()
                if self.at_op("]"):
                    raise ParseError(f"empty row at column {row_open.col}", row_open.col)
                rows.append(self.bracket_entries(row_open))
                if not self.at_op(","):
                    break
                self.advance()
            self.expect_op("]", f" to close the '[' at column {open_tok.col}")
            return self.matrix(rows, open_tok.col, flat=False)

    def bracket_entries(self, open_tok: Token) -> list[Scalar]:
        entries = []
        while True:
            if self.at_op("["):
                raise ParseError(f"too deeply nested list at column {self.tok.col}: a matrix is a "
                                 "list of rows, like [[1, 2], [3, 4]]", self.tok.col)
            entries.append(self.scalar(self.expr()))
            if not self.at_op(","):
                break
            self.advance()
        self.expect_op("]", f" to close the '[' at column {open_tok.col}")
        return entries

    def environment_matrix(self) -> MatrixLit:
        begin = self.advance()
        env = self.environment_name("begin")
        if env not in MATRIX_ENVIRONMENTS:
            raise ParseError(f"\\begin{{{env}}} at column {begin.col}: use bmatrix or pmatrix "
                             "for a matrix", begin.col)
        rows: list[list[Scalar]] = [[]]
        with self.nested():
            while not self.at_cmd("end"):
                rows[-1].append(self.scalar(self.expr()))
                if self.at_op("&"):
                    self.advance()
                elif self.at_cmd("\\"):
                    self.advance()
                    if not self.at_cmd("end"):
                        rows.append([])
                elif not self.at_cmd("end"):
                    raise self.unexpected(f"expected '&', '\\\\' or \\end{{{env}}}")
        end = self.advance()
        closing = self.environment_name("end")
        if closing != env:
            raise ParseError(f"\\begin{{{env}}} at column {begin.col} is closed by "
                             f"\\end{{{closing}}} at column {end.col}", end.col)
        if rows == [[]]:
            raise ParseError(f"empty matrix at column {begin.col}", begin.col)
        return self.matrix(rows, begin.col, flat=False)

    def environment_name(self, which: str) -> str:
        self.expect_op("{", f" after \\{which}")
        if self.tok.kind != "name":
            raise self.unexpected("expected an environment name such as bmatrix")
        name = self.advance().text
        self.expect_op("}", f" after \\{which}{{{name}")
        return name

    def matrix(self, rows: list[list[Scalar]], col: int, flat: bool) -> MatrixLit:
        for number, row in enumerate(rows[1:], start=2):
            if len(row) != len(rows[0]):
                raise ParseError(f"row {number} of the matrix at column {col} has "
                                 f"{_entries(len(row))} but row 1 has {_entries(len(rows[0]))}",
                                 col)
        if len(rows) * len(rows[0]) > MAX_ENTRIES:
            raise ParseError(f"the matrix at column {col} is too large (at most {MAX_ENTRIES} "
                             "entries)", col)
        return MatrixLit(rows, col, flat)


def _entries(n: int) -> str:
    return f"{n} entr{'y' if n == 1 else 'ies'}"


def _neg(value: Fraction | None) -> Fraction | None:
    return -value if value is not None else None


def _product(parts: list[Scalar]) -> Fraction | None:
    if any(p.value is None for p in parts):
        return None
    total = Fraction(1)
    for p in parts:
        total *= p.value
    return total


def _exact(name: str, args: list[Scalar], bits: float) -> Fraction | None:
    """Exact value of factorial/binomial/abs of exact integers, once ``bits`` is known small."""
    values = [a.value for a in args]
    if bits > MAX_BITS or any(v is None or v.denominator != 1 for v in values):
        return None
    if name == "factorial" and values[0] >= 0:
        return Fraction(math.factorial(int(values[0])))
    if name in ("binomial", "binom") and values[0] >= 0 and values[1] >= 0:
        return Fraction(math.comb(int(values[0]), int(values[1])))
    if name in ("abs", "Abs"):
        return abs(values[0])
    return None
