"""Evaluate SymPy trees numerically as *real* functions, without SymPy's evaluation.

An expression is compiled once into nested closures, then called at many points.
Two back ends:

* ``FLOAT``: Python floats and the ``math`` module — fast, and real by
  construction: ``sqrt`` or ``log`` of a negative number, ``asin(2)``, a pole,
  or a fractional power of a negative number is *undefined* (there is no
  complex principal value and no signed-zero branch cut to land on).
  A value a double cannot hold (overflow, ``175!``) is *unrepresentable*: the
  float screen then leaves that point to mpmath instead of deciding it.
* ``MpBackend``: mpmath in a private per-thread context, at a precision chosen
  per evaluation (``with backend.digits(n)``). A node whose value is complex
  (mpmath returns an ``mpc``) is undefined, so both back ends agree on where
  an expression is defined.

Learner trees only contain allow-listed nodes; a reference answer (trusted,
written by a generator) may contain other functions, which fall back to
``evalf`` at the back end's precision.
"""

from __future__ import annotations

import math
import threading
from contextlib import contextmanager
from typing import Any, Callable

import mpmath
import sympy as sp

Value = Any
Compiled = Callable[[dict], Value]


class Unsupported(Exception):
    """A node the fast evaluator does not know (only reference answers may have one)."""


class Undefined(Exception):
    """The expression has no real value here (pole, outside a function's real domain)."""


class Unrepresentable(Exception):
    """The back end cannot hold the value (a double overflows): decide elsewhere."""


#: results of ``evaluate`` besides a number
UNDEFINED = "undefined"
UNKNOWN = "unknown"


# --- doubles ------------------------------------------------------------------------


def _int_float(n: int) -> float:
    try:
        return float(n)
    except OverflowError:
        raise Unrepresentable from None


def _factorial(x: float) -> float:
    if x == int(x):
        if x < 0:
            raise Undefined
        if x <= 170:
            return float(math.factorial(int(x)))
        raise Unrepresentable
    return math.gamma(x + 1)


def _binomial(n: float, k: float) -> float:
    if n == int(n) and k == int(k) and 0 <= n <= 10_000:
        if not 0 <= k <= n:
            return 0.0
        return _int_float(math.comb(int(n), int(k)))
    return math.gamma(n + 1) / (math.gamma(k + 1) * math.gamma(n - k + 1))


def _sign(x: float) -> float:
    return 0.0 if x == 0 else math.copysign(1.0, x)


def _acot(x: float) -> float:
    return math.pi / 2 if x == 0 else math.atan(1 / x)


def _asec(x: float) -> float:
    return math.acos(1 / x)


def _acsc(x: float) -> float:
    return math.asin(1 / x)


def _acoth(x: float) -> float:
    return math.atanh(1 / x)


def _asech(x: float) -> float:
    return math.acosh(1 / x)


def _acsch(x: float) -> float:
    return math.asinh(1 / x)


def _float_pow(base: float, exponent: float) -> float:
    if base == 0 and exponent <= 0:
        raise Undefined
    return math.pow(base, exponent)  # ValueError (negative base, fractional power) = undefined


class FloatBackend:
    """Python doubles with real semantics: about a microsecond per node."""

    name = "float"

    def constant(self, expr) -> Callable[[], Value]:
        if expr.is_Integer:
            value = _int_float(int(expr))
        elif expr.is_Rational:
            value = expr.p / expr.q if max(abs(expr.p), expr.q).bit_length() < 1000 \
                else float(sp.Float(expr, 20))
        elif expr.is_Float:
            value = float(expr)
        elif expr is sp.pi:
            value = math.pi
        elif expr is sp.E:
            value = math.e
        elif expr is sp.S.EulerGamma:
            value = 0.5772156649015329
        else:
            raise Unsupported(type(expr).__name__)
        if not math.isfinite(value):
            raise Unrepresentable
        return lambda: value

    @staticmethod
    def ipow(base: Value, n: int) -> Value:
        if n < 0:
            if base == 0:
                raise Undefined
            return 1.0 / base ** -n
        return base ** n

    pow = staticmethod(_float_pow)

    @staticmethod
    def sqrt(x: Value) -> Value:
        return math.sqrt(x)

    functions = {
        sp.sin: math.sin, sp.cos: math.cos, sp.tan: math.tan,
        sp.cot: lambda x: 1 / math.tan(x), sp.sec: lambda x: 1 / math.cos(x),
        sp.csc: lambda x: 1 / math.sin(x),
        sp.asin: math.asin, sp.acos: math.acos, sp.atan: math.atan, sp.acot: _acot,
        sp.asec: _asec, sp.acsc: _acsc,
        sp.sinh: math.sinh, sp.cosh: math.cosh, sp.tanh: math.tanh,
        sp.coth: lambda x: 1 / math.tanh(x), sp.sech: lambda x: 1 / math.cosh(x),
        sp.csch: lambda x: 1 / math.sinh(x),
        sp.asinh: math.asinh, sp.acosh: math.acosh, sp.atanh: math.atanh, sp.acoth: _acoth,
        sp.asech: _asech, sp.acsch: _acsch,
        sp.exp: math.exp, sp.log: math.log,
        sp.Abs: abs, sp.sign: _sign,
        sp.factorial: _factorial, sp.binomial: _binomial, sp.erf: math.erf,
        sp.Max: max, sp.Min: min,
    }

    @staticmethod
    def check(value: Value) -> Value:
        if not math.isfinite(value):
            raise Unrepresentable
        return value

    @staticmethod
    def point(value: float) -> Value:
        return value

    @staticmethod
    def to_float(value: Value) -> float:
        return value


# --- mpmath -------------------------------------------------------------------------

_local = threading.local()


def _mp_context() -> mpmath.MPContext:
    """One private mpmath context per thread: precision is never shared global state."""
    ctx = getattr(_local, "ctx", None)
    if ctx is None:
        ctx = _local.ctx = mpmath.MPContext()
        ctx.dps = 50
    return ctx


class MpBackend:
    """mpmath, real-valued: a complex intermediate value is ``Undefined``."""

    name = "mp"

    def __init__(self):
        self.ctx = ctx = _mp_context()
        real = self.real

        def wrap(f):
            return lambda *a: real(f(*a))
        self.functions = {
            sp.sin: ctx.sin, sp.cos: ctx.cos, sp.tan: ctx.tan, sp.cot: ctx.cot,
            sp.sec: ctx.sec, sp.csc: ctx.csc,
            sp.asin: wrap(ctx.asin), sp.acos: wrap(ctx.acos), sp.atan: ctx.atan,
            sp.acot: ctx.acot, sp.asec: wrap(ctx.asec), sp.acsc: wrap(ctx.acsc),
            sp.sinh: ctx.sinh, sp.cosh: ctx.cosh, sp.tanh: ctx.tanh, sp.coth: ctx.coth,
            sp.sech: ctx.sech, sp.csch: ctx.csch,
            sp.asinh: ctx.asinh, sp.acosh: wrap(ctx.acosh), sp.atanh: wrap(ctx.atanh),
            sp.acoth: wrap(ctx.acoth), sp.asech: wrap(ctx.asech), sp.acsch: wrap(ctx.acsch),
            sp.exp: ctx.exp, sp.log: self.log,
            sp.Abs: ctx.fabs, sp.sign: ctx.sign,
            sp.factorial: self.factorial, sp.binomial: wrap(ctx.binomial), sp.erf: ctx.erf,
            sp.Max: max, sp.Min: min,
        }

    @contextmanager
    def digits(self, dps: int):
        """Work at ``dps`` digits (the context is private to this thread; setting it is slow,
        so it is set only when it changes)."""
        prec = int(dps * 3.3219280948873626) + 4
        if self.ctx.prec != prec:
            self.ctx.prec = prec
        yield self

    def real(self, value):
        if isinstance(value, mpmath.ctx_mp_python.mpc) or type(value).__name__ == "mpc":
            raise Undefined
        return value

    def log(self, x):
        if x <= 0:
            raise Undefined
        return self.ctx.log(x)

    def factorial(self, x):
        if x < 0 and x == self.ctx.floor(x):
            raise Undefined
        return self.ctx.factorial(x)

    def constant(self, expr) -> Callable[[], Value]:
        ctx = self.ctx
        if expr.is_Integer:
            p = int(expr)
            return lambda: ctx.mpf(p)
        if expr.is_Rational:
            p, q = expr.p, expr.q
            return lambda: ctx.mpf(p) / q
        if expr.is_Float:
            value = ctx.make_mpf(expr._mpf_)
            return lambda: value
        if expr is sp.pi:
            return lambda: +ctx.pi
        if expr is sp.E:
            return lambda: +ctx.e
        if expr is sp.S.EulerGamma:
            return lambda: +ctx.euler
        raise Unsupported(type(expr).__name__)

    def ipow(self, base: Value, n: int) -> Value:
        if n < 0 and base == 0:
            raise Undefined
        return self.ctx.power(base, n)

    def pow(self, base: Value, exponent: Value) -> Value:
        if base == 0:
            if exponent > 0:
                return self.ctx.mpf(0)
            raise Undefined
        if base < 0 and exponent != self.ctx.floor(exponent):
            raise Undefined
        return self.real(self.ctx.power(base, exponent))

    def sqrt(self, x: Value) -> Value:
        if x < 0:
            raise Undefined
        return self.ctx.sqrt(x)

    def check(self, value: Value) -> Value:
        value = self.real(value)
        if not self.ctx.isfinite(value):
            raise Undefined
        return value

    def point(self, value: float) -> Value:
        return self.ctx.mpf(value)

    @staticmethod
    def to_float(value: Value) -> float:
        return float(value)


FLOAT = FloatBackend()


def compile_expr(expr, backend, fallback: bool = False) -> Compiled:
    """Closures computing ``expr`` from ``{name: value}``; raises ``Unsupported``
    for unknown nodes unless ``fallback`` allows SymPy's ``evalf`` for them."""
    if isinstance(expr, sp.Symbol):
        name = expr.name
        return lambda env: env[name]
    if isinstance(expr, sp.Number) or expr.is_NumberSymbol:
        try:
            value = backend.constant(expr)
        except Unrepresentable:  # a double cannot hold it: every evaluation says so
            def unrepresentable(env):
                raise Unrepresentable
            return unrepresentable
        except Unsupported:
            if not fallback:
                raise
            return _evalf_closure(expr, backend)
        if backend.name == "float":
            fixed = value()
            return lambda env: fixed
        return lambda env: value()
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
            ipow = backend.ipow
            return lambda env: ipow(base(env), n)
        if exponent == sp.S.Half:
            sqrt = backend.sqrt
            return lambda env: sqrt(base(env))
        power = compile_expr(exponent, backend, fallback)
        if expr.base is sp.E:
            exp = backend.functions[sp.exp]
            return lambda env: exp(power(env))
        pow_ = backend.pow
        return lambda env: pow_(base(env), power(env))
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
    """SymPy's ``evalf`` for a node only a reference answer may hold (slow, but trusted)."""
    symbols = sorted(expr.free_symbols, key=lambda s: s.name)

    def slow(env):
        digits = 30 if backend.name == "float" else backend.ctx.dps + 5
        subs = {s: sp.Float(str(env[s.name]), digits) for s in symbols}
        value = complex(expr.evalf(digits, subs=subs))
        if value.imag != 0:
            raise Undefined
        if backend.name == "float":
            return value.real
        return backend.ctx.mpf(str(sp.re(expr.evalf(digits, subs=subs))))
    return slow


def evaluate(compiled: Compiled, env: dict, backend) -> Value:
    """The value at ``env``, or ``UNDEFINED`` (no real value there), or ``UNKNOWN``
    (the back end cannot represent it, or the evaluation failed unexpectedly)."""
    try:
        return backend.check(compiled(env))
    except (Undefined, ZeroDivisionError, ValueError):
        return UNDEFINED
    except (Unrepresentable, OverflowError):
        return UNKNOWN
    except (TypeError, KeyError, ArithmeticError, RecursionError, Unsupported):
        return UNKNOWN
