"""Hard bounds on learner input, so every check ends quickly whatever is typed.

The size bound is on numbers, not on text: ``((2^1000)^1000)^1000`` is short but
would be a billion-bit integer. The parser estimates, for every node, an upper
bound on the bits of any exact number SymPy could produce when it evaluates that
node, and refuses before building anything larger.
"""

from __future__ import annotations

import math

#: characters of learner text (a 4×4 matrix of expressions in LaTeX fits easily)
MAX_LENGTH = 3000
#: nested parentheses, brackets, braces, function calls and unary signs
MAX_DEPTH = 40
#: parsed nodes (numbers, names, operations)
MAX_NODES = 1000
#: digits in one numeric literal
MAX_DIGITS = 60
#: bits of any exact number the answer may evaluate to (about 1230 decimal digits)
MAX_BITS = 4096
#: matrix entries, tuple parts
MAX_ENTRIES = 64
#: wall-clock budget for numeric sampling in one check (seconds)
TIME_BUDGET = 0.4


def int_bits(n: int) -> float:
    """Bits of an integer (at least 1, so that 0 and 1 still count as numbers)."""
    return float(max(abs(n).bit_length(), 1))


def power_bits(base_bits: float, exponent_bits: float) -> float:
    """Bound for ``base ** exponent``: |exponent| × bits(base), with |exponent| ≤ 2^bits."""
    if exponent_bits > 60:
        return math.inf
    return max(base_bits, 1.0) * 2.0 ** exponent_bits


def factorial_bits(n: int) -> float:
    """Bits of n! (≤ n·log2 n + 1)."""
    if n <= 2:
        return 1.0
    return n * math.log2(n) + 1.0
