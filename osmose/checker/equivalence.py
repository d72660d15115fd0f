"""Are two answers equal? Numeric first, then confirmation when it is cheap.

1. Evaluate both at seeded random points drawn from each variable's domain
   (points where the reference is undefined are skipped and redrawn), with a
   relative tolerance and an absolute floor near zero.
2. Exact answers only: confirm at 50 digits with mpmath (so ``x + 10^-12`` is
   not mistaken for ``x``), then, for small rational functions and while the
   check is young (``SYMBOLIC_BUDGET``), symbolically with ``cancel`` — exact,
   and cheap at that size.
3. Decimal answers (a Float on either side) are judged at ``sig_figs``
   significant figures instead: 1/6 → 0.167 yes, 0.17 no.

Matrices compare shape first, then entry by entry; tuples part by part.
"""

from __future__ import annotations

import math
import random
import time
from dataclasses import dataclass, field

import sympy as sp

from osmose.checker.evaluate import FLOAT, MpBackend, Unsupported, compile_expr, evaluate
from osmose.checker.limits import TIME_BUDGET
from osmose.numeric import sample_point

#: float screening: generous enough for rounding in long expressions
FLOAT_REL, FLOAT_FLOOR = 1e-8, 1e-10
#: 50-digit confirmation
MP_REL, MP_FLOOR = 1e-30, 1e-35
POINTS, MP_POINTS, MAX_DRAWS = 6, 2, 60
#: symbolic confirmation only for rational functions this small
SYMBOLIC_MAX_NODES, SYMBOLIC_MAX_DEGREE = 40, 8
#: seconds into a check after which no further symbolic confirmation starts
SYMBOLIC_BUDGET = 0.05


def has_float(value) -> bool:
    if isinstance(value, (tuple, list)):
        return any(has_float(v) for v in value)
    if isinstance(value, sp.MatrixBase):
        return any(has_float(v) for v in value)
    return isinstance(value, sp.Basic) and value.has(sp.Float)


def decimal_tolerance(reference: float, sig_figs: int) -> float:
    """Half a unit in the last required significant figure of ``reference``."""
    if reference == 0 or not math.isfinite(reference):
        return 10.0 ** -(sig_figs + 6)
    exponent = math.floor(math.log10(abs(reference)))
    return 0.5 * 10.0 ** (exponent - sig_figs + 1) * (1 + 1e-9)


@dataclass
class Comparer:
    """Judges equality of answers for one exercise, sharing sample points and compiled code."""

    domains: dict
    sig_figs: int = 3
    seed: str = "osmose-checker"
    budget: float = TIME_BUDGET
    _rng: random.Random = field(init=False, repr=False)
    _points: list = field(init=False, repr=False)
    _compiled: dict = field(init=False, repr=False)
    _mp: object = field(init=False, repr=False, default=None)
    deadline: float = field(init=False)
    symbolic_deadline: float = field(init=False)

    def __post_init__(self):
        self._rng = random.Random(self.seed)
        self._points = []
        self._compiled = {}
        now = time.perf_counter()
        self.deadline = now + self.budget
        self.symbolic_deadline = now + SYMBOLIC_BUDGET

    # --- public -------------------------------------------------------------------

    def same(self, given, expected, decimal: bool | None = None) -> bool:
        """Equal values of the same shape (scalars, matrices, tuples)."""
        return all(self.parts(given, expected, decimal)) if self.shape_matches(given, expected) \
            else False

    def parts(self, given, expected, decimal: bool | None = None) -> list[bool]:
        """Per entry (matrix, row-major) or per part (tuple); one flag for a scalar."""
        if decimal is None:
            decimal = has_float(given) or has_float(expected)
        if isinstance(expected, sp.MatrixBase):
            return [self.scalar(g, e, decimal) for g, e in zip(given, expected)]
        if isinstance(expected, tuple):
            return [self.same(g, e, decimal) for g, e in zip(given, expected)]
        return [self.scalar(given, expected, decimal)]

    @staticmethod
    def shape_matches(given, expected) -> bool:
        if isinstance(expected, sp.MatrixBase):
            return isinstance(given, sp.MatrixBase) and given.shape == expected.shape
        if isinstance(expected, tuple):
            return (isinstance(given, tuple) and len(given) == len(expected)
                    and all(Comparer.shape_matches(g, e) for g, e in zip(given, expected)))
        return not isinstance(given, (tuple, sp.MatrixBase))

    def scalar(self, given, expected, decimal: bool = False) -> bool:
        """Two scalar expressions: equal at every sampled point (and confirmed if exact)."""
        try:
            f_given = self._compile(given, fallback=False)
            f_expected = self._compile(expected, fallback=True)
        except Unsupported:
            return given == expected
        values = self.values(f_given, f_expected)
        if not values:
            return given == expected
        for g, e in values:
            if g is None or not self.close(g, e, decimal):
                return False
        if decimal:
            return True
        if not self.confirm(given, expected):
            return False
        if time.perf_counter() < self.symbolic_deadline:
            symbolic = symbolically_equal(given, expected)
            if symbolic is not None:
                return symbolic
        return True

    def values(self, f_given, f_expected) -> list[tuple]:
        """(given, expected) float values at points where the expected one is defined."""
        out = []
        for env in self.points():
            e = evaluate(f_expected, env, FLOAT)
            if e is None:
                continue
            out.append((evaluate(f_given, env, FLOAT), e))
            if len(out) >= POINTS:
                break
        return out

    def ratio(self, given, expected) -> complex | None:
        """The constant ``given / expected`` when there is one (for "off by a factor" hints)."""
        try:
            values = self.values(self._compile(given, False), self._compile(expected, True))
        except Unsupported:
            return None
        ratios = [g / e for g, e in values if g is not None and abs(e) > 1e-9]
        if len(ratios) < min(len(values), 2) or not ratios:
            return None
        first = ratios[0]
        if all(abs(r - first) <= 1e-8 * max(1.0, abs(first)) for r in ratios):
            return first
        return None

    def close(self, g: complex, e: complex, decimal: bool) -> bool:
        diff = abs(g - e)
        if decimal:
            if e.imag != 0 or g.imag != 0:
                return diff <= 0.5 * 10.0 ** (1 - self.sig_figs) * abs(e)
            return diff <= decimal_tolerance(e.real, self.sig_figs)
        return diff <= max(FLOAT_REL * max(abs(g), abs(e)), FLOAT_FLOOR)

    # --- internals ----------------------------------------------------------------

    def points(self):
        """Sample points, drawn lazily, identical for every comparison in this check."""
        draws = 0
        while True:
            if draws < len(self._points):
                yield self._points[draws]
            elif draws >= MAX_DRAWS or time.perf_counter() > self.deadline:
                return
            else:
                point = {name: complex(v) for name, v in
                         sample_point(self._rng, self.domains).items()}
                self._points.append(point)
                yield point
            draws += 1

    def _compile(self, expr, fallback: bool):
        key = (id(expr), fallback)
        hit = self._compiled.get(key)
        if hit is None:
            tree = expr if isinstance(expr, sp.Basic) else sp.sympify(expr)  # reference data only
            # keep ``expr`` alive with its closure so that its id is never reused meanwhile
            hit = self._compiled[key] = (compile_expr(tree, FLOAT, fallback), expr)
        return hit[0]

    def confirm(self, given, expected) -> bool:
        """50-digit agreement at a couple of the points (skipped if it cannot be done exactly)."""
        if self._mp is None:
            self._mp = MpBackend()
        mp = self._mp
        try:
            f_given = compile_expr(given, mp)
            f_expected = compile_expr(sp.sympify(expected), mp)
        except Unsupported:
            return True
        checked = 0
        for env in self.points():
            if checked >= MP_POINTS or time.perf_counter() > self.deadline:
                break
            mp_env = {name: mp.ctx.mpf(v.real) if v.imag == 0 else mp.ctx.mpc(v)
                      for name, v in env.items()}
            e = evaluate(f_expected, mp_env, mp)
            if e is None:
                continue
            g = evaluate(f_given, mp_env, mp)
            if g is None:
                return False
            if abs(g - e) > max(MP_REL * max(abs(g), abs(e)), MP_FLOOR):
                return False
            checked += 1
        return True


def symbolically_equal(given, expected) -> bool | None:
    """``cancel(given - expected) == 0`` for small rational functions; None when not cheap."""
    if not (_small_rational(given) and _small_rational(expected)):
        return None
    try:
        return sp.cancel(sp.Add(given, sp.Mul(-1, expected))) == 0
    except (sp.PolynomialError, RecursionError, ValueError, TypeError):
        return None


def _small_rational(expr) -> bool:
    if not isinstance(expr, sp.Basic) or not expr.free_symbols:
        return False
    count = 0
    for node in sp.preorder_traversal(expr):
        count += 1
        if count > SYMBOLIC_MAX_NODES:
            return False
        if isinstance(node, (sp.Symbol, sp.Add, sp.Mul)):
            continue
        if isinstance(node, sp.Rational):
            if max(abs(node.p), node.q).bit_length() > 64:
                return False
            continue
        if isinstance(node, sp.Pow) and isinstance(node.exp, sp.Integer) \
                and abs(int(node.exp)) <= SYMBOLIC_MAX_DEGREE:
            continue
        return False
    return True
