"""Evaluate SymPy trees numerically without SymPy's evaluation machinery.

An expression is compiled once into nested closures, then called at many points.
Two back ends: Python complex floats (fast; overflow and poles become ``None``,
meaning "undefined here") and mpmath at 50 digits in a private context (a
confirmation for exact answers that floats cannot tell apart). Principal
branches are used throughout, so ``sqrt`` of a negative number or ``log`` of a
negative number is complex on both sides alike.

Learner trees only contain allow-listed nodes; a reference answer (trusted,
written by a generator) may contain other functions, which fall back to
``evalf``.
"""

from __future__ import annotations

import cmath
import math
import threading
from typing import Any, Callable

import mpmath
import sympy as sp

Value = Any
Compiled = Callable[[dict], Value]


class Unsupported(Exception):
    """A node the fast evaluator does not know (only reference answers may have one)."""


def _real(z: complex) -> float:
    if abs(z.imag) > 1e-12 * max(1.0, abs(z.real)):
        raise ValueError("complex argument")
    return z.real


def _float_factorial(z: complex) -> complex:
    x = _real(z)
    if x == int(x) and 0 <= x <= 170:
        return complex(math.factorial(int(x)))
    return complex(math.gamma(x + 1))


def _float_binomial(n: complex, k: complex) -> complex:
    a, b = _real(n), _real(k)
    if a == int(a) and b == int(b) and 0 <= a <= 10_000:
        return complex(math.comb(int(a), int(b)) if 0 <= b <= a else 0)
    return complex(math.gamma(a + 1) / (math.gamma(b + 1) * math.gamma(a - b + 1)))


def _float_sign(z: complex) -> complex:
    return 0j if z == 0 else z / abs(z)


class FloatBackend:
    """Python complex arithmetic: about a microsecond per node."""

    name = "float"

    def constant(self, expr) -> Value:
        if expr.is_Integer:
            return complex(_int_to_float(int(expr)))
        if expr.is_Rational:
            return complex(expr.p / expr.q)
        if expr.is_Float:
            return complex(float(expr))
        if expr is sp.pi:
            return complex(math.pi)
        if expr is sp.E:
            return complex(math.e)
        if expr is sp.S.ImaginaryUnit:
            return 1j
        if expr is sp.S.EulerGamma:
            return complex(0.5772156649015329)
        raise Unsupported(type(expr).__name__)

    def ipow(self, base: Value, n: int) -> Value:
        if base.imag == 0:
            return complex(base.real ** n)
        return base ** n

    def pow(self, base: Value, exponent: Value) -> Value:
        if base.imag == 0 and exponent.imag == 0 and base.real > 0:
            return complex(math.pow(base.real, exponent.real))
        if base == 0:
            if exponent.real > 0:
                return 0j
            raise ZeroDivisionError
        return base ** exponent

    def sqrt(self, z: Value) -> Value:
        return cmath.sqrt(z)

    functions = {
        sp.sin: cmath.sin, sp.cos: cmath.cos, sp.tan: cmath.tan,
        sp.cot: lambda z: 1 / cmath.tan(z), sp.sec: lambda z: 1 / cmath.cos(z),
        sp.csc: lambda z: 1 / cmath.sin(z),
        sp.asin: cmath.asin, sp.acos: cmath.acos, sp.atan: cmath.atan,
        sp.acot: lambda z: cmath.atan(1 / z),
        sp.sinh: cmath.sinh, sp.cosh: cmath.cosh, sp.tanh: cmath.tanh,
        sp.coth: lambda z: 1 / cmath.tanh(z),
        sp.asinh: cmath.asinh, sp.acosh: cmath.acosh, sp.atanh: cmath.atanh,
        sp.exp: cmath.exp, sp.log: cmath.log,
        sp.Abs: lambda z: complex(abs(z)), sp.sign: _float_sign,
        sp.factorial: _float_factorial, sp.binomial: _float_binomial,
        sp.erf: lambda z: complex(math.erf(_real(z))),
        sp.Max: lambda *a: complex(max(_real(z) for z in a)),
        sp.Min: lambda *a: complex(min(_real(z) for z in a)),
    }

    def finite(self, value: Value) -> bool:
        return cmath.isfinite(value)

    def to_complex(self, value: Value) -> complex:
        return value


def _int_to_float(n: int) -> float:
    try:
        return float(n)
    except OverflowError:
        return math.inf if n > 0 else -math.inf


_local = threading.local()


def _mp_context() -> mpmath.MPContext:
    """One private mpmath context per thread: precision is never shared global state."""
    ctx = getattr(_local, "ctx", None)
    if ctx is None:
        ctx = _local.ctx = mpmath.MPContext()
        ctx.dps = 50
    return ctx


class MpBackend:
    """mpmath at 50 significant digits."""

    name = "mp"

    def __init__(self):
        self.ctx = ctx = _mp_context()
        self.functions = {
            sp.sin: ctx.sin, sp.cos: ctx.cos, sp.tan: ctx.tan, sp.cot: ctx.cot,
            sp.sec: ctx.sec, sp.csc: ctx.csc,
            sp.asin: ctx.asin, sp.acos: ctx.acos, sp.atan: ctx.atan, sp.acot: ctx.acot,
            sp.sinh: ctx.sinh, sp.cosh: ctx.cosh, sp.tanh: ctx.tanh, sp.coth: ctx.coth,
            sp.asinh: ctx.asinh, sp.acosh: ctx.acosh, sp.atanh: ctx.atanh,
            sp.exp: ctx.exp, sp.log: ctx.log,
            sp.Abs: ctx.fabs, sp.sign: ctx.sign,
            sp.factorial: ctx.factorial, sp.binomial: ctx.binomial, sp.erf: ctx.erf,
            sp.Max: lambda *a: max(a, key=lambda z: ctx.re(z)),
            sp.Min: lambda *a: min(a, key=lambda z: ctx.re(z)),
        }

    def constant(self, expr) -> Value:
        ctx = self.ctx
        if expr.is_Rational:
            return ctx.mpf(expr.p) / expr.q if expr.q != 1 else ctx.mpf(expr.p)
        if expr.is_Float:
            return ctx.make_mpf(expr._mpf_)
        if expr is sp.pi:
            return +ctx.pi
        if expr is sp.E:
            return +ctx.e
        if expr is sp.S.ImaginaryUnit:
            return ctx.mpc(0, 1)
        if expr is sp.S.EulerGamma:
            return +ctx.euler
        raise Unsupported(type(expr).__name__)

    def ipow(self, base: Value, n: int) -> Value:
        return self.ctx.power(base, n)

    def pow(self, base: Value, exponent: Value) -> Value:
        if base == 0:
            if self.ctx.re(exponent) > 0:
                return self.ctx.mpf(0)
            raise ZeroDivisionError
        return self.ctx.power(base, exponent)

    def sqrt(self, z: Value) -> Value:
        return self.ctx.sqrt(z)

    def finite(self, value: Value) -> bool:
        return bool(self.ctx.isfinite(value))

    def to_complex(self, value: Value) -> complex:
        return complex(value)


FLOAT = FloatBackend()


def compile_expr(expr, backend, fallback: bool = False) -> Compiled:
    """Closures computing ``expr`` from ``{name: value}``; raises ``Unsupported``
    for unknown nodes unless ``fallback`` allows SymPy's ``evalf`` for them."""
    if isinstance(expr, sp.Symbol):
        name = expr.name
        return lambda env: env[name]
    if isinstance(expr, sp.Number) or expr.is_NumberSymbol or expr is sp.S.ImaginaryUnit:
        try:
            value = backend.constant(expr)
        except Unsupported:
            if not fallback:
                raise
            value = backend.constant(sp.Float(expr.evalf(60), 60))
        return lambda env: value
    if isinstance(expr, sp.Add):
        parts = [compile_expr(a, backend, fallback) for a in expr.args]

        def add(env):
            total = parts[0](env)
            for part in parts[1:]:
                total = total + part(env)
            return total
        return add
    if isinstance(expr, sp.Mul):
        parts = [compile_expr(a, backend, fallback) for a in expr.args]

        def mul(env):
            total = parts[0](env)
            for part in parts[1:]:
                total = total * part(env)
            return total
        return mul
    if isinstance(expr, sp.Pow):
        base = compile_expr(expr.base, backend, fallback)
        exponent = expr.exp
        if isinstance(exponent, sp.Integer) and abs(int(exponent)) <= 10_000:
            n = int(exponent)
            if n < 0:
                return lambda env: 1 / backend.ipow(base(env), -n)
            return lambda env: backend.ipow(base(env), n)
        if exponent == sp.S.Half:
            return lambda env: backend.sqrt(base(env))
        power = compile_expr(exponent, backend, fallback)
        if expr.base is sp.E:
            exp = backend.functions[sp.exp]
            return lambda env: exp(power(env))
        return lambda env: backend.pow(base(env), power(env))
    function = backend.functions.get(type(expr))
    if function is not None:
        args = [compile_expr(a, backend, fallback) for a in expr.args]
        if len(args) == 1:
            only = args[0]
            return lambda env: function(only(env))
        return lambda env: function(*[a(env) for a in args])
    if not fallback:
        raise Unsupported(type(expr).__name__)
    return _evalf_closure(expr, backend)


def _evalf_closure(expr, backend) -> Compiled:
    symbols = sorted(expr.free_symbols, key=lambda s: s.name)

    def slow(env):
        subs = {s: sp.Float(complex(env[s.name]).real, 30) if complex(env[s.name]).imag == 0
                else sp.sympify(complex(env[s.name])) for s in symbols}
        value = complex(expr.evalf(30, subs=subs))
        return value if backend.name == "float" else backend.ctx.mpc(value)
    return slow


def evaluate(compiled: Compiled, env: dict, backend) -> complex | None:
    """The value at ``env``, or ``None`` where undefined (pole, overflow, outside a domain)."""
    try:
        value = compiled(env)
        return value if backend.finite(value) else None
    except Exception:  # pole, overflow, domain error, a variable the reference lacks: undefined
        return None
