"""Split learner text (plain math or LaTeX) into tokens that remember their column.

Only an allow-list of characters is accepted: ASCII printable text, a few Unicode
operators (· × − ÷ √ and superscript digits) and Greek letters. Anything else —
zero-width or direction marks, fullwidth digits, combining accents, control
characters — is refused with its code point and column, because an invisible
character silently changing the meaning of an answer is worse than an error.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from osmose.checker.errors import ParseError
from osmose.checker.limits import MAX_DIGITS, MAX_LENGTH
from osmose.mathtext import GREEK

GREEK_NAMES = {char: name for name, char in GREEK.items()}
GREEK_NAMES.update({"ϕ": "phi", "ϵ": "epsilon", "ϑ": "theta", "µ": "mu", "ς": "sigma",
                    "ο": "omicron", "π": "pi", "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z",
                    "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M", "Ν": "N", "Ο": "O", "Ρ": "P",
                    "Τ": "T", "Υ": "Upsilon", "υ": "upsilon", "Χ": "X"})

OPERATORS = {
    "+": "+", "-": "-", "*": "*", "/": "/", "^": "^", "(": "(", ")": ")", "[": "[",
    "]": "]", "{": "{", "}": "}", ",": ",", "!": "!", "|": "|", "&": "&", "_": "_",
    "·": "*", "⋅": "*", "×": "*", "∗": "*", "−": "-", "–": "-", "÷": "/", "√": "√",
}
SUPERSCRIPTS = {"⁰": "0", "¹": "1", "²": "2", "³": "3", "⁴": "4", "⁵": "5", "⁶": "6",
                "⁷": "7", "⁸": "8", "⁹": "9", "⁻": "-", "⁺": "+"}
SPACES = " \t\r\n\u00a0"
DIGITS = "0123456789"
#: 12, 1.5, .5, and "2." (the number 2) unless a second dot follows
NUMBER = re.compile(r"[0-9]+\.[0-9]+|\.[0-9]+|[0-9]+\.(?!\.)|[0-9]+")
#: the exponent of scientific notation right after a number: 2.5e-3, 1E+4, 6e23
EXPONENT = re.compile(r"[eE]([+\-−]?)([0-9]+)")
MAX_EXPONENT_DIGITS = 3
#: characters that name an operation we refuse, with the word used in the message
CALCULUS_CHARS = {"∂": "∂", "∫": "∫", "∑": "∑", "∏": "∏", "∇": "∇",
                  "'": "′ (prime)", "′": "′ (prime)"}
#: LaTeX commands that only adjust spacing or style
SILENT_COMMANDS = {",", ";", ":", "!", " ", "quad", "qquad", "displaystyle", "textstyle",
                   "limits", "nolimits", "big", "Big", "bigg", "Bigg", "bigl", "bigr",
                   "Bigl", "Bigr", "biggl", "biggr", "middle"}


@dataclass(frozen=True)
class Token:
    """kind: num, name, op, cmd (LaTeX \\name), sup (superscript digits), end."""

    kind: str
    text: str
    col: int


def describe_char(ch: str) -> str:
    name = unicodedata.name(ch, "")
    code = f"U+{ord(ch):04X}"
    quote = '"' if ch == "'" else "'"
    shown = f"{quote}{ch}{quote} " if ch.isprintable() and not unicodedata.combining(ch) else ""
    return f"{shown}({code}{' ' + name if name else ''})"


def tokenize(text: str) -> list[Token]:
    """Tokens of ``text``, ending with an ``end`` token; raises ``ParseError``."""
    if len(text) > MAX_LENGTH:
        raise ParseError(f"the answer is too long ({len(text)} characters; at most {MAX_LENGTH})")
    tokens: list[Token] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        col = i + 1
        if ch in SPACES:
            i += 1
        elif ch in DIGITS or (ch == "." and text[i + 1:i + 2] in DIGITS and text[i + 1:i + 2]):
            literal = NUMBER.match(text, i).group()
            j = i + len(literal)
            if sum(c in DIGITS for c in literal) > MAX_DIGITS:
                raise ParseError(f"number too long at column {col} "
                                 f"(at most {MAX_DIGITS} digits)", col)
            if text[j:j + 1] == ".":
                raise ParseError(f"unexpected '.' at column {j + 1}", j + 1)
            exponent = EXPONENT.match(text, j)
            if exponent:  # scientific notation: e right after a number and before a digit
                digits = exponent.group(2)
                if len(digits.lstrip("0")) > MAX_EXPONENT_DIGITS:
                    raise ParseError(f"the exponent at column {j + 1} is too large", j + 1)
                sign = "-" if exponent.group(1) in ("-", "−") else ""
                literal = f"{literal}e{sign}{digits}"
                j = exponent.end()
            tokens.append(Token("num", literal, col))
            i = j
        elif ch.isascii() and ch.isalpha():
            j = i
            while j < n and text[j].isascii() and text[j].isalpha():
                j += 1
            tokens.append(Token("name", text[i:j], col))
            i = j
        elif ch in GREEK_NAMES:
            tokens.append(Token("name", GREEK_NAMES[ch], col))
            i += 1
        elif ch in SUPERSCRIPTS:
            j = i
            while j < n and text[j] in SUPERSCRIPTS:
                j += 1
            tokens.append(Token("sup", "".join(SUPERSCRIPTS[c] for c in text[i:j]), col))
            i = j
        elif ch == "*" and i + 1 < n and text[i + 1] == "*":
            tokens.append(Token("op", "^", col))
            i += 2
        elif ch in OPERATORS:
            tokens.append(Token("op", OPERATORS[ch], col))
            i += 1
        elif ch == "\\":
            i = _command(text, i, tokens)
        elif ch in CALCULUS_CHARS and (ch not in "'′" or _after_operand(text, i)):
            raise ParseError(f"calculus operators ({CALCULUS_CHARS[ch]} at column {col}) are not "
                             "accepted: type the result, not the operation", col)
        elif ch == ".":
            raise ParseError(f"unexpected '.' at column {col}", col)
        else:
            raise ParseError(f"unsupported character {describe_char(ch)} at column {col}", col)
    tokens.append(Token("end", "", n + 1))
    return tokens


def _after_operand(text: str, i: int) -> bool:
    """A prime right after a name or ')' is a derivative (f', y'); elsewhere it is a quote."""
    return i > 0 and (text[i - 1].isalnum() or text[i - 1] == ")")


def _command(text: str, i: int, tokens: list[Token]) -> int:
    """A LaTeX command starting at the backslash ``text[i]``; returns the next index."""
    n, col = len(text), i + 1
    if i + 1 >= n:
        raise ParseError(f"a lone backslash at column {col}", col)
    nxt = text[i + 1]
    if nxt.isascii() and nxt.isalpha():
        j = i + 1
        while j < n and text[j].isascii() and text[j].isalpha():
            j += 1
        name = text[i + 1:j]
        if name in ("left", "right"):
            return _delimiter(text, j, name, col, tokens)
        if name in COMMAND_OPERATORS:
            tokens.append(Token("op", COMMAND_OPERATORS[name], col))
        elif name not in SILENT_COMMANDS:
            tokens.append(Token("cmd", name, col))
        return j
    if nxt == "\\":
        tokens.append(Token("cmd", "\\", col))
    elif nxt in "{}":
        tokens.append(Token("op", "(" if nxt == "{" else ")", col))
    elif nxt == "|":
        tokens.append(Token("op", "|", col))
    elif nxt not in SILENT_COMMANDS:
        raise ParseError(f"unknown LaTeX command '\\{nxt}' at column {col}", col)
    return i + 2


def _delimiter(text: str, i: int, side: str, col: int, tokens: list[Token]) -> int:
    """``\\left(`` and friends: the delimiter after ``\\left``/``\\right`` starting at ``i``."""
    n = len(text)
    while i < n and text[i] in SPACES:
        i += 1
    for spelling, (opening, closing) in DELIMITERS.items():
        if text.startswith(spelling, i):
            end = i + len(spelling)
            if spelling[0] == "\\" and spelling[-1].isalpha() and end < n and text[end].isalpha():
                continue  # \vertical is not \vert
            kind = opening if side == "left" else closing
            if kind:
                tokens.append(Token("op", kind, col))
            return end
    raise ParseError(f"\\{side} at column {col} needs a delimiter such as ( or [", col)


#: LaTeX commands that are operators
COMMAND_OPERATORS = {"cdot": "*", "times": "*", "ast": "*", "div": "/",
                     "lvert": "lvert", "rvert": "rvert", "vert": "|"}
#: what ``\\left X`` / ``\\right X`` become: (opening token, closing token)
DELIMITERS = {
    "(": ("(", ")"), ")": ("(", ")"), "[": ("(", ")"), "]": ("(", ")"),
    "\\{": ("(", ")"), "\\}": ("(", ")"), "\\lbrace": ("(", ")"), "\\rbrace": ("(", ")"),
    "|": ("lvert", "rvert"), "\\vert": ("lvert", "rvert"), "\\lvert": ("lvert", "rvert"),
    "\\rvert": ("lvert", "rvert"), ".": ("", ""),
}
