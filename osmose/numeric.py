"""Independent numerical checks shared by generator ``verify`` functions.

Verification must not share the symbolic path that produced an answer: these
helpers evaluate the *problem data* numerically (finite differences, numpy
linear algebra, mpmath quadrature) and compare with the symbolic answer.
"""

from __future__ import annotations

import math
import random
from typing import Callable, Sequence

from osmose.family import VerificationError


def close(a: float, b: float, rel: float = 1e-6, floor: float = 1e-9) -> bool:
    """Relative closeness with an absolute floor near zero; NaN is never close."""
    if not (math.isfinite(a) and math.isfinite(b)):
        return False
    return abs(a - b) <= max(rel * max(abs(a), abs(b)), floor)


def require_close(actual: float, expected: float, what: str, rel: float = 1e-6,
                  floor: float = 1e-9) -> float:
    """Raise ``VerificationError`` unless close; return the relative error."""
    if not close(actual, expected, rel, floor):
        raise VerificationError(f"{what}: independent value {actual!r} != answer {expected!r}")
    return abs(actual - expected) / max(abs(expected), floor)


def fd_second(f: Callable[..., float], point: Sequence[float], i: int, j: int,
              h: float = 1e-3) -> float:
    """∂²f/∂x_i∂x_j at ``point`` by 4th-order central differences (error O(h⁴))."""
    def at(di: float, dj: float) -> float:
        p = list(point)
        p[i] += di
        p[j] += dj
        return f(*p)

    if i == j:
        return (-at(2 * h, 0) + 16 * at(h, 0) - 30 * at(0, 0) + 16 * at(-h, 0)
                - at(-2 * h, 0)) / (12 * h * h)
    # mixed partial: Richardson-extrapolated 4-point stencil
    def stencil(s: float) -> float:
        return (at(s, s) - at(s, -s) - at(-s, s) + at(-s, -s)) / (4 * s * s)
    return (4 * stencil(h) - stencil(2 * h)) / 3


def fd_hessian(f: Callable[..., float], point: Sequence[float], h: float = 1e-3) -> list[list[float]]:
    n = len(point)
    return [[fd_second(f, point, i, j, h) for j in range(n)] for i in range(n)]


def fd_first(f: Callable[..., float], point: Sequence[float], i: int, h: float = 1e-4) -> float:
    """∂f/∂x_i at ``point`` by 4th-order central differences."""
    def at(d: float) -> float:
        p = list(point)
        p[i] += d
        return f(*p)
    return (-at(2 * h) + 8 * at(h) - 8 * at(-h) + at(-2 * h)) / (12 * h)


def sample_point(rng: random.Random, domains: dict[str, str]) -> dict[str, float]:
    """A random point respecting each variable's domain (``real``, ``positive``,
    ``nonzero`` or ``interval:a:b``)."""
    point = {}
    for name in sorted(domains):
        domain = domains[name]
        if domain.startswith("interval:"):
            _, lo, hi = domain.split(":")
            point[name] = rng.uniform(float(lo), float(hi))
        elif domain == "positive":
            point[name] = rng.uniform(0.2, 2.5)
        elif domain == "nonzero":
            point[name] = rng.choice((-1, 1)) * rng.uniform(0.3, 2.0)
        else:
            point[name] = rng.uniform(-1.5, 1.5)
    return point


#: the functions a ``given`` expression string may call, as floats
FLOAT_FUNCTIONS = {"exp": math.exp, "sin": math.sin, "cos": math.cos, "tan": math.tan,
                   "log": math.log, "sqrt": math.sqrt, "E": math.e, "pi": math.pi}


def float_function(text: str, names: list[str]) -> Callable[..., float]:
    """A float function from SymPy's ``str`` form of *our own* ``given`` data.

    Verification then evaluates the problem's function without SymPy at all.
    Only for generator-made strings: learner input never comes here.
    """
    code = compile(f"lambda {', '.join(names)}: {text}", "<given>", "eval")
    return eval(code, {"__builtins__": {}, **FLOAT_FUNCTIONS})


def evaluate(expr, env: dict[str, float]) -> float:
    """A SymPy expression's float value by walking its tree (cheaper than lambdify)."""
    if expr.is_Symbol:
        return env[expr.name]
    if expr.is_Number or expr.is_NumberSymbol:
        return float(expr)
    if expr.is_Add:
        return math.fsum(evaluate(a, env) for a in expr.args)
    if expr.is_Mul:
        out = 1.0
        for a in expr.args:
            out *= evaluate(a, env)
        return out
    if expr.is_Pow:
        return evaluate(expr.base, env) ** evaluate(expr.exp, env)
    return FLOAT_FUNCTIONS[expr.func.__name__](evaluate(expr.args[0], env))


def golden_max(f: Callable[[float], float], lo: float, hi: float, tol: float = 1e-12,
               max_steps: int = 300) -> float:
    """The argmax of a unimodal ``f`` on [lo, hi] by golden-section search: the numerical
    maximisation several verifiers use instead of a closed form (one evaluation per step)."""
    g = (math.sqrt(5) - 1) / 2
    a, b = lo, hi
    c, d = b - g * (b - a), a + g * (b - a)
    fc, fd = f(c), f(d)
    for _ in range(max_steps):
        if b - a <= tol:
            break
        if fc >= fd:
            b, d, fd = d, c, fc
            c = b - g * (b - a)
            fc = f(c)
        else:
            a, c, fc = c, d, fd
            d = a + g * (b - a)
            fd = f(d)
    return (a + b) / 2


def golden_min(f: Callable[[float], float], lo: float, hi: float, tol: float = 1e-12) -> float:
    """The argmin of a unimodal ``f`` on [lo, hi] (``golden_max`` of −f)."""
    return golden_max(lambda x: -f(x), lo, hi, tol)


def same_value(a, b, rel: float = 1e-12) -> bool:
    """Whether two answers are the same value: words by their text, tuples and matrices entry by
    entry (same length), numbers to ``rel`` relative (absolute below 1). Families use it to leave
    out a candidate slip that coincides with the answer for this variant."""
    def is_seq(v) -> bool:
        return isinstance(v, (tuple, list)) or bool(getattr(v, "is_Matrix", False))

    if isinstance(a, str) or isinstance(b, str):
        return a == b
    if is_seq(a) or is_seq(b):
        return (is_seq(a) and is_seq(b) and len(a) == len(b)
                and all(same_value(x, y, rel) for x, y in zip(a, b)))
    return abs(float(a) - float(b)) <= rel * max(1.0, abs(float(b)))

