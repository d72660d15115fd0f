"""Judge one typed answer against an exercise: the verdict, the echo, the feedback.

``check_answer`` never raises for any learner text: everything it cannot accept
becomes an ``invalid`` verdict with a one-line message, and the work it does is
bounded (``limits``) so it returns well within a second.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import sympy as sp

from osmose.checker.echo import echo
from osmose.checker.equivalence import Comparer, has_float
from osmose.checker.errors import ParseError
from osmose.checker.limits import MAX_LENGTH
from osmose.checker.parse import read
from osmose.checker.policy import Ruling, judge_decimals
from osmose.family import Checking, Mistake


class ShapeError(ParseError):
    """The answer has the wrong shape (matrix size, number of parts, scalar vs matrix)."""


@dataclass(frozen=True)
class Verdict:
    status: str  # "correct" | "wrong" | "invalid"
    echo: str = ""
    message: str = ""
    mistake: Mistake | None = None
    feedback: str = ""
    score: Fraction = Fraction(0)
    parts: tuple[bool, ...] = ()

    @property
    def correct(self) -> bool:
        return self.status == "correct"

    def to_json(self) -> dict:
        return {"status": self.status, "echo": self.echo, "message": self.message,
                "mistake": self.mistake.name if self.mistake else None,
                "feedback": self.feedback, "score": str(self.score), "parts": list(self.parts)}


def invalid(message: str) -> Verdict:
    return Verdict("invalid", message=message or "this answer cannot be read")


# --- parsing -------------------------------------------------------------------------


def parse_answer(text: str, kind: str, checking: Checking, symbols: dict | None = None) -> Any:
    """The SymPy object (or choice name) for ``text``; raises ``ParseError``.

    ``symbols`` optionally maps variable names to the Symbols the reference
    answer uses (so assumptions match); by default plain Symbols are made.
    """
    if kind == "choice":
        return parse_choice(text, checking.choices)
    if symbols is None:
        symbols = {name: sp.Symbol(name) for name in checking.variables}
    value = read(text, symbols).value
    return fit_kind(value, kind)


def fit_kind(value, kind: str):
    """Coerce by kind alone: a flat list is a tuple where a tuple is asked, and vice versa."""
    if kind == "tuple":
        if isinstance(value, sp.MatrixBase) and 1 in value.shape and not _is_scalar(value):
            return tuple(value)
        if not isinstance(value, tuple):
            raise ShapeError("several values were expected, like (a, b)")
    elif kind == "matrix":
        if isinstance(value, tuple) and all(_is_scalar(v) for v in value):
            return sp.ImmutableMatrix(list(value))
        if not isinstance(value, sp.MatrixBase):
            raise ShapeError("a matrix was expected, like [[a, b], [c, d]]")
    elif kind in ("expr", "number") and not _is_scalar(value):
        what = "a matrix" if isinstance(value, sp.MatrixBase) else f"{len(value)} values"
        raise ShapeError(f"a single expression was expected, you gave {what}")
    return value


def _is_scalar(value) -> bool:
    return not isinstance(value, (tuple, sp.MatrixBase))


def _normal_word(text: str) -> str:
    return re.sub(r"[\s_\-]+", " ", text.strip().lower()).strip()


def parse_choice(text: str, choices) -> str:
    if not isinstance(text, str):
        raise ParseError("the answer must be text")
    if len(text) > MAX_LENGTH:
        raise ParseError(f"the answer is too long ({len(text)} characters; at most {MAX_LENGTH})")
    word = text.strip()
    match = re.fullmatch(r"\\(?:text|mathrm|textrm|operatorname)\s*\{(.*)\}", word, re.S)
    if match:
        word = match.group(1)
    word = word.strip().strip("'\"")
    if not word:
        raise ParseError("the answer is empty" + (f": choose one of {', '.join(choices)}"
                                                  if choices else ""))
    if not choices:
        return _normal_word(word)
    wanted = _normal_word(word)
    for choice in choices:
        if _normal_word(choice) == wanted:
            return choice
    close = difflib.get_close_matches(wanted, [_normal_word(c) for c in choices], n=1, cutoff=0.6)
    hint = f" — did you mean {close[0]}?" if close and len(word) <= 40 else ""
    shown = word if len(word) <= 40 else word[:37] + "…"
    raise ParseError(f"'{shown}' is not one of the choices: {', '.join(choices)}{hint}")


def fit_shape(value, expected):
    """``value`` in the shape of ``expected``, or ``ShapeError`` naming both shapes.

    A flat list may stand for a row or a column vector, and a tuple of numbers
    for a vector (and the reverse), since learners type vectors both ways.
    """
    if isinstance(expected, sp.MatrixBase):
        if isinstance(value, tuple) and all(_is_scalar(v) for v in value) \
                and 1 in expected.shape and len(value) == len(expected):
            return sp.ImmutableMatrix(expected.rows, expected.cols, list(value))
        if isinstance(value, sp.MatrixBase):
            if value.shape == expected.shape:
                return value
            if 1 in value.shape and 1 in expected.shape and len(value) == len(expected):
                return sp.ImmutableMatrix(expected.rows, expected.cols, list(value))
            raise ShapeError(f"a {_shape(expected)} matrix was expected, you gave {_shape(value)}")
        raise ShapeError(f"a {_shape(expected)} matrix was expected, like "
                         f"{_example_matrix(expected)}")
    if isinstance(expected, tuple):
        if isinstance(value, sp.MatrixBase) and 1 in value.shape:
            value = tuple(value)
        if not isinstance(value, tuple):
            raise ShapeError(f"{len(expected)} values were expected, like "
                             f"({', '.join('…' for _ in expected)})")
        if len(value) != len(expected):
            raise ShapeError(f"{len(expected)} values were expected, you gave {len(value)}")
        return tuple(fit_shape(v, e) for v, e in zip(value, expected))
    if not _is_scalar(value):
        what = (f"a {_shape(value)} matrix" if isinstance(value, sp.MatrixBase)
                else f"{len(value)} values")
        raise ShapeError(f"a single expression was expected, you gave {what}")
    return value


def _shape(matrix) -> str:
    return f"{matrix.rows}×{matrix.cols}"


def _example_matrix(matrix) -> str:
    row = "[" + ", ".join("…" for _ in range(matrix.cols)) + "]"
    return "[" + ", ".join(row for _ in range(matrix.rows)) + "]"


def reference(answer):
    """The exercise's answer as SymPy (generators may hand back ints, lists or Fractions)."""
    if isinstance(answer, str):
        return answer
    if isinstance(answer, (tuple, list)):
        return tuple(reference(a) for a in answer)
    if isinstance(answer, sp.MatrixBase):
        return sp.ImmutableMatrix(answer)
    return answer if isinstance(answer, sp.Basic) else sp.sympify(answer)


def symbols_for(exercise) -> dict[str, sp.Symbol]:
    """Variable name → Symbol, reusing the reference answer's Symbols (same assumptions)."""
    found: dict[str, sp.Symbol] = {}

    def collect(obj):
        if isinstance(obj, (tuple, list)):
            for o in obj:
                collect(o)
        elif isinstance(obj, sp.Basic):
            for s in obj.free_symbols:
                if isinstance(s, sp.Symbol):
                    found.setdefault(s.name, s)

    collect(exercise.answer)
    return {name: found.get(name, sp.Symbol(name)) for name in sorted(exercise.checking.variables)}


# --- judging -------------------------------------------------------------------------


def agrees(answer, candidate, kind: str, checking: Checking) -> bool:
    """Would a learner who typed ``candidate`` be marked correct for ``answer``?

    The engine asks this of every listed mistake: a mistake the checker cannot
    tell from the answer teaches nothing, so such a draw is rejected. The same
    policy as ``check_answer``: a candidate holding decimals goes through
    ``policy.judge_decimals``; in the decimal modes an exact candidate also
    agrees when a learner typing it to ``sig_figs`` figures would be accepted.
    """
    if kind == "choice" or isinstance(candidate, str) or isinstance(answer, str):
        return isinstance(candidate, str) and _normal_word(candidate) == _normal_word(str(answer))
    expected = reference(answer)
    try:
        value = fit_shape(fit_kind(reference(candidate), kind), expected)
    except ShapeError:
        return False
    comparer = Comparer(dict(checking.variables), checking.sig_figs)
    if has_float(value):
        literals = tuple(str(f) for f in _floats(value))
        return judge_decimals(value, expected, literals, checking.precision, checking.sig_figs,
                              comparer).status == "correct"
    decimal = checking.precision in ("exact-or-decimal", "decimal") or has_float(expected)
    return comparer.same(value, expected, decimal=decimal)


def _floats(value) -> list:
    if isinstance(value, (tuple, list)):
        return [f for v in value for f in _floats(v)]
    if isinstance(value, sp.MatrixBase):
        return [f for v in value for f in _floats(v)]
    return sorted(value.atoms(sp.Float), key=str) if isinstance(value, sp.Basic) else []


def check_answer(exercise, text: str) -> Verdict:
    """Judge ``text`` as an answer to ``exercise``; never raises."""
    try:
        return _check(exercise, text)
    except ParseError as err:
        return invalid(str(err))
    except RecursionError:
        return invalid("the answer is too deeply nested to read")
    except MemoryError:
        return invalid("the answer is too large to check")
    except Exception as err:  # a checker bug must not crash a quiz; say so plainly
        return invalid(f"could not check this answer (internal error: {type(err).__name__})")


def _check(exercise, text: str) -> Verdict:
    if exercise.kind == "choice":
        return _check_choice(exercise, text)
    expected = reference(exercise.answer)
    reading = read(text, symbols_for(exercise))
    checking = exercise.checking
    # the verdict depends on the answers, the domains and the tolerance only
    comparer = Comparer(dict(checking.variables), checking.sig_figs)
    try:
        value = fit_shape(fit_kind(reading.value, exercise.kind), expected)
    except ShapeError as err:
        # a listed mistake may have another shape (a transposed Jacobian, a scalar projection)
        mistake = _matching_mistake(comparer, reading.value, exercise.mistakes)
        if mistake is None:
            raise
        return Verdict("wrong", echo(reading.value), str(err), mistake, mistake.feedback)
    shown = echo(value)
    structured = not _is_scalar(expected)
    if has_float(value):
        if structured:
            parts = [_decimal_part(v, e, checking, comparer) for v, e in zip(value, expected)]
            ruling = Ruling("correct" if all(p == "correct" for p in parts) else
                            "invalid" if "invalid" in parts else "wrong",
                            _structured_note(parts, checking))
            parts = [p == "correct" for p in parts]
        else:
            ruling = judge_decimals(value, expected, reading.decimals, checking.precision,
                                    checking.sig_figs, comparer)
            parts = [ruling.status == "correct"]
        if ruling.status == "invalid":
            return Verdict("invalid", shown, ruling.message)
        message = ruling.message
    else:
        parts = comparer.parts(value, expected)
        message = ""
    score = Fraction(sum(parts), len(parts))
    flags = tuple(parts) if structured else ()
    if all(parts):
        return Verdict("correct", shown, message, None, "", Fraction(1), flags)
    mistake = _matching_mistake(comparer, value, exercise.mistakes)
    if mistake is not None:
        feedback = mistake.feedback
    else:
        feedback = _hint(comparer, value, expected, parts)
    return Verdict("wrong", shown, message, mistake, feedback,
                   score if structured else Fraction(0), flags)


def _decimal_part(value, expected, checking: Checking, comparer: Comparer) -> str:
    """One entry or part of a structured answer, under the same decimal policy."""
    if isinstance(expected, tuple):
        statuses = [_decimal_part(v, e, checking, comparer) for v, e in zip(value, expected)]
        return "correct" if all(s == "correct" for s in statuses) else \
            "invalid" if "invalid" in statuses else "wrong"
    if not has_float(value):
        return "correct" if comparer.same(value, expected, decimal=has_float(expected)) \
            else "wrong"
    literals = tuple(str(f) for f in _floats(value))
    return judge_decimals(value, expected, literals, checking.precision, checking.sig_figs,
                          comparer).status


def _structured_note(statuses: list[str], checking: Checking) -> str:
    if "invalid" in statuses:
        return "an exact answer is asked (decimals are not accepted): give exact values"
    if checking.precision == "integer" and "wrong" in statuses:
        return "the entries are whole numbers, counted exactly: decimals are not accepted"
    if all(s == "correct" for s in statuses) and checking.precision != "integer":
        return f"decimals accepted at {checking.sig_figs} significant figures"
    return ""


def _check_choice(exercise, text: str) -> Verdict:
    value = parse_choice(text, tuple(exercise.checking.choices))
    answer = str(exercise.answer)
    if _normal_word(value) == _normal_word(answer):
        return Verdict("correct", value, "", None, "", Fraction(1))
    for mistake in exercise.mistakes:
        if isinstance(mistake.answer, str) and _normal_word(mistake.answer) == _normal_word(value):
            return Verdict("wrong", value, "", mistake, mistake.feedback)
    return Verdict("wrong", value)


def _matching_mistake(comparer: Comparer, value, mistakes) -> Mistake | None:
    for mistake in mistakes:
        if isinstance(mistake.answer, str):
            continue
        target = reference(mistake.answer)
        try:
            candidate = fit_shape(value, target)
        except ShapeError:
            continue
        if comparer.same(candidate, target):
            return mistake
    return None


def _hint(comparer: Comparer, value, expected, parts: list[bool]) -> str:
    """A generic hint when no listed mistake matches: sign, transpose, factor, which entries."""
    if isinstance(expected, sp.MatrixBase):
        if expected.rows == expected.cols and expected != expected.T \
                and comparer.same(value, expected.T):
            return "That is the transpose of the answer: check which index is the row."
        if comparer.same(value, -expected):
            return "Every entry has the wrong sign."
        wrong = [f"({i // expected.cols + 1}, {i % expected.cols + 1})"
                 for i, ok in enumerate(parts) if not ok]
        right = len(parts) - len(wrong)
        if not right:
            return ""
        return (f"{right} of {len(parts)} entries are right; check "
                f"entr{'y' if len(wrong) == 1 else 'ies'} {', '.join(wrong)}.")
    if isinstance(expected, tuple):
        wrong = [str(i + 1) for i, ok in enumerate(parts) if not ok]
        if len(wrong) == len(parts):
            return ""
        return f"{len(parts) - len(wrong)} of {len(parts)} parts are right; check " \
               f"part{'s' if len(wrong) > 1 else ''} {', '.join(wrong)}."
    if comparer.same(value, sp.Mul(-1, expected, evaluate=False)):
        return "Check the sign."
    if has_float(value):
        return ""
    ratio = comparer.ratio(value, expected)
    if ratio is not None and abs(ratio.imag) < 1e-9 and abs(ratio.real) > 1e-9:
        factor = Fraction(ratio.real).limit_denominator(12)
        if abs(float(factor) - ratio.real) < 1e-9 * max(1, abs(ratio.real)) and factor != 1:
            return f"Off by a constant factor: your answer is {factor} times the right one."
    return ""
