"""Are two answers equal? A verdict that depends on nothing but the two answers.

The verdict is a function of (reference, typed answer, declared variable
domains, tolerance) only: the sample points are a fixed low-discrepancy set
computed from the domains (no seed, no exercise id, no process state).

1. **Points.** Each variable's domain is covered by the first ``POINTS``
   points of the R_d (generalised golden-ratio) sequence on the unit cube,
   mapped per domain: ``real`` and ``nonzero`` get both signs and magnitudes
   from 0.02 to 5 (half below 1, half above); ``positive`` gets the positive
   half; ``interval:a:b`` the whole open interval. Every coordinate is then
   stratified (each 1/64 of every axis holds exactly one point), so a
   difference on any slab of 5 % of the box is always sampled; integers and
   half-integers (``SPECIAL``) are tried too. A constant answer needs one point.
2. **Float screen, real semantics** (``evaluate``): at each point both sides
   are evaluated as real functions. Both undefined: the point is outside the
   common domain. One defined and the other not: evidence of a difference.
   Values not close, or a value a double cannot hold: the point is re-decided
   in high precision (so overflow and cancellation never decide a verdict).
3. **High-precision confirmation** of an accept: mpmath at ``50 + D`` digits,
   where ``D`` is the size of the largest number written in either answer, on
   ``MP_POINTS`` of the defined points spread through the sequence, the first
   two at twice those digits: a true zero difference shrinks with precision
   (below 10^(20 − digits) of the values' size), a tiny real one
   (``x + e^-100``, ``10^-40·10^-40``) does not.
4. **Decimal answers** are judged at ``sig_figs`` significant figures instead
   (``policy`` decides which decimals are allowed at all).

Matrices compare shape first, then entry by entry; tuples part by part.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field
from functools import lru_cache

import sympy as sp

from osmose.checker.evaluate import (
    FLOAT,
    UNDEFINED,
    UNKNOWN,
    MpBackend,
    Unsupported,
    compile_expr,
    evaluate,
)
from osmose.checker.limits import TIME_BUDGET

#: float screening: generous enough for rounding in long expressions
FLOAT_REL, FLOAT_FLOOR = 1e-8, 1e-10
#: points of the float screen for an answer with variables; points confirmed in mpmath
POINTS, MP_POINTS, DOUBLED = 64, 12, 2
#: base digits of the high-precision confirmation, digits of cancellation allowed
MP_DIGITS, SLACK = 50, 20
#: cap on the extra digits asked for by large or tiny written numbers
MAX_EXTRA_DIGITS = 1300


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


# --- the point set ----------------------------------------------------------------


def _magnitude(t: float) -> float:
    """(0, 1) → (0.02, 5), log-uniform, with 1 at t = 1/2."""
    return 0.02 ** (1 - 2 * t) if t < 0.5 else 5.0 ** (2 * t - 1)


def _coordinate(u: float, domain: str) -> float:
    if domain.startswith("interval:"):
        _, lo, hi = domain.split(":")
        a, b = float(lo), float(hi)
        return a + (b - a) * u
    if domain in ("positive", "nonnegative"):
        return _magnitude(u)
    if domain == "negative":
        return -_magnitude(u)
    # real, nonzero: both signs, the magnitudes above
    return -_magnitude(1 - 2 * u) if u < 0.5 else _magnitude(2 * u - 1)


def _golden(d: int) -> float:
    """The unique positive root of x^(d+1) = x + 1 (the R_d sequence's generator)."""
    x = 2.0
    for _ in range(60):
        x = (1 + x) ** (1 / (d + 1))
    return x


#: values tried exactly, for domains that contain them: integers and half-integers of both
#: signs expose identities that fail off the positive reals, like (a^b)^c = a^(bc) (at
#: a = -1, b = 2, c = 1/2) or ((n+1)^(1/(n+1)))^(n+2) = (n+1)^((n+2)/(n+1)) (at n = -3/2)
SPECIAL = {"real": (-3.0, -2.0, -1.5, -1.0, -0.5, 0.5, 1.0, 1.5, 2.0, 3.0),
           "positive": (0.5, 1.0, 1.5, 2.0, 3.0), "negative": (-3.0, -2.0, -1.5, -1.0, -0.5)}
SPECIAL["nonzero"] = SPECIAL["real"]
SPECIAL["nonnegative"] = SPECIAL["positive"]
#: with three or more variables, the fewer values of ``SPECIAL_FEW``, every combination up to
#: ``MAX_SPECIAL`` of them, else that many picked by the R_d sequence
SPECIAL_FEW = {"real": (-2.0, -1.0, -0.5, 0.5, 1.0, 2.0), "positive": (0.5, 1.0, 2.0, 3.0),
               "negative": (-2.0, -1.0, -0.5)}
SPECIAL_FEW["nonzero"] = SPECIAL_FEW["real"]
SPECIAL_FEW["nonnegative"] = SPECIAL_FEW["positive"]
MAX_SPECIAL = 216


@lru_cache(maxsize=256)
def special_points(domains: tuple[tuple[str, str], ...]) -> tuple[dict, ...]:
    """Points whose coordinates are the ``SPECIAL`` values (every combination when few)."""
    table = SPECIAL if len(domains) <= 2 else SPECIAL_FEW
    values = [table.get(domain, ()) for _, domain in domains]
    if not domains or not all(values):
        return ()
    total = math.prod(len(v) for v in values)
    if total <= MAX_SPECIAL:
        combos = [()]
        for v in values:
            combos = [c + (x,) for c in combos for x in v]
    else:
        g = _golden(len(domains))
        alphas = [(1 / g) ** (k + 1) for k in range(len(domains))]
        combos = [tuple(v[int(((0.5 + n * a) % 1.0) * len(v))] for v, a in zip(values, alphas))
                  for n in range(1, MAX_SPECIAL + 1)]
    names = [name for name, _ in domains]
    return tuple(dict(zip(names, combo)) for combo in combos)


@lru_cache(maxsize=256)
def point_set(domains: tuple[tuple[str, str], ...]) -> tuple[dict, ...]:
    """The fixed sample points for these (name, domain) pairs, in sequence order."""
    if not domains:
        return ({},)
    d = len(domains)
    g = _golden(d)
    alphas = [(1 / g) ** (k + 1) for k in range(d)]
    raw = [[(0.5 + n * alpha) % 1.0 for alpha in alphas] for n in range(1, POINTS + 1)]
    # stratify every coordinate: the k-th smallest value becomes (k + 1/2)/POINTS, so each
    # 1/POINTS of every axis holds exactly one point, in the R_d sequence's arrangement
    for k in range(d):
        order = sorted(range(POINTS), key=lambda n: raw[n][k])
        for rank, n in enumerate(order):
            raw[n][k] = (rank + 0.5) / POINTS
    return tuple({name: _coordinate(u[k], domain) for k, (name, domain) in enumerate(domains)}
                 for u in raw)


# --- digits -------------------------------------------------------------------------


def extra_digits(*exprs) -> int:
    """Decimal digits beyond the base precision that the written numbers may need.

    The largest size in digits of a number in either answer (an integer, a fraction, a
    power or factorial of numbers, the exponent of ``exp`` of a number), so ``x + 10^-40``
    is never confused with ``x``. Smaller effects of several numbers together
    (``10^-40·10^-40``) are caught by the precision-doubling test in ``precise``.
    """
    largest = 0.0
    for expr in exprs:
        if not isinstance(expr, sp.Basic):
            continue
        for node in sp.preorder_traversal(expr):
            size = 0.0
            if isinstance(node, sp.Rational):
                size = len(str(abs(node.p))) + len(str(node.q)) - 1
            elif isinstance(node, sp.Float):
                size = max(1, node._prec // 3)
            elif isinstance(node, sp.Pow) and node.base.is_number and node.exp.is_number:
                size = _digits_of_power(node)
            elif isinstance(node, sp.factorial) and node.args[0].is_Integer:
                n = int(node.args[0])
                size = n * math.log10(max(n, 2))
            elif isinstance(node, sp.exp) and node.args[0].is_number:
                size = _abs_float(node.args[0]) / math.log(10)
            largest = max(largest, size)
            if largest >= MAX_EXTRA_DIGITS:
                return MAX_EXTRA_DIGITS
    return int(math.ceil(largest))


def _digits_of_power(node) -> float:
    base, exponent = _abs_float(node.base), _abs_float(node.exp)
    if base in (0.0, 1.0) or not math.isfinite(base):
        return 0.0
    return exponent * abs(math.log10(base)) if math.isfinite(exponent) else MAX_EXTRA_DIGITS


def _abs_float(expr) -> float:
    try:
        return abs(float(sp.Float(expr, 15))) if not expr.free_symbols else 0.0
    except (TypeError, ValueError, OverflowError):
        return math.inf


# --- the comparer -----------------------------------------------------------------


@dataclass
class Comparer:
    """Judges equality of answers under fixed domains and tolerance (and nothing else)."""

    domains: dict
    sig_figs: int = 3
    budget: float = TIME_BUDGET
    _compiled: dict = field(init=False, repr=False)
    _mp: object = field(init=False, repr=False, default=None)
    deadline: float = field(init=False)

    def __post_init__(self):
        self._compiled = {}
        self.deadline = time.perf_counter() + self.budget

    # --- public -------------------------------------------------------------------

    def same(self, given, expected, decimal: bool | None = None) -> bool:
        """Equal values of the same shape (scalars, matrices, tuples); stops at the first
        entry that differs."""
        if not self.shape_matches(given, expected):
            return False
        if decimal is None:
            decimal = has_float(given) or has_float(expected)
        if isinstance(expected, (sp.MatrixBase, tuple)):
            return all(self.same(g, e, decimal) for g, e in zip(given, expected))
        return self.scalar(given, expected, decimal)

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

    def domains_of(self, given, expected) -> tuple[tuple[str, str], ...]:
        names = set()
        for side in (given, expected):
            if isinstance(side, sp.Basic):
                names |= {s.name for s in side.free_symbols}
        return tuple(sorted((n, self.domains.get(n, "real")) for n in names))

    def points_for(self, given, expected) -> tuple[dict, ...]:
        return point_set(self.domains_of(given, expected))

    def scalar(self, given, expected, decimal: bool = False) -> bool:
        """Two scalar expressions: equal wherever either is defined (see the module doc)."""
        try:
            f_given = self._compile(given, FLOAT, fallback=False)
            f_expected = self._compile(expected, FLOAT, fallback=True)
        except Unsupported:
            return given == expected
        agreeing: list[dict] = []   # points where floats agree: still to confirm
        decided = 0                 # points already decided (equal) in high precision
        for env in self.points_for(given, expected):
            e = evaluate(f_expected, env, FLOAT)
            g = evaluate(f_given, env, FLOAT)
            if e is UNDEFINED and g is UNDEFINED:
                continue
            if UNKNOWN in (e, g) or UNDEFINED in (e, g) or not self.close(g, e, decimal):
                verdict = self.precise(given, expected, env, decimal)
                if verdict is False:
                    return False
                decided += verdict is True
                continue
            agreeing.append(env)
            if time.perf_counter() > self.deadline:
                break
        if not agreeing and not decided:
            return given == expected  # defined nowhere in the domain: compare as written
        if not self.special(given, expected, f_given, f_expected, decimal):
            return False
        if decimal:
            return True
        return self.confirm(given, expected, agreeing)

    def special(self, given, expected, f_given, f_expected, decimal: bool) -> bool:
        """No difference at the special points where *both* sides are defined (there a
        removable singularity, defined on one side only, is not evidence)."""
        for env in special_points(self.domains_of(given, expected)):
            if time.perf_counter() > self.deadline:
                break
            e = evaluate(f_expected, env, FLOAT)
            if e is UNDEFINED:
                continue
            g = evaluate(f_given, env, FLOAT)
            if g is UNDEFINED:
                continue
            if UNKNOWN in (e, g) or not self.close(g, e, decimal):
                if self.precise(given, expected, env, decimal, one_sided=False) is False:
                    return False
        return True

    def ratio(self, given, expected) -> float | None:
        """The constant ``given / expected`` when there is one (for "off by a factor" hints)."""
        try:
            f_given = self._compile(given, FLOAT, False)
            f_expected = self._compile(expected, FLOAT, True)
        except Unsupported:
            return None
        ratios = []
        for env in self.points_for(given, expected)[:12]:
            g, e = evaluate(f_given, env, FLOAT), evaluate(f_expected, env, FLOAT)
            if isinstance(g, float) and isinstance(e, float) and abs(e) > 1e-9:
                ratios.append(g / e)
        if len(ratios) < 1:
            return None
        first = ratios[0]
        if all(abs(r - first) <= 1e-8 * max(1.0, abs(first)) for r in ratios):
            return first
        return None

    def close(self, g: float, e: float, decimal: bool) -> bool:
        diff = abs(g - e)
        if decimal:
            return diff <= decimal_tolerance(e, self.sig_figs)
        return diff <= max(FLOAT_REL * max(abs(g), abs(e)), FLOAT_FLOOR)

    # --- high precision -------------------------------------------------------------

    @property
    def mp(self) -> MpBackend:
        if self._mp is None:
            self._mp = MpBackend()
        return self._mp

    def _compile(self, expr, backend, fallback: bool):
        key = (id(expr), backend.name, fallback)
        hit = self._compiled.get(key)
        if hit is None:
            tree = expr if isinstance(expr, sp.Basic) else sp.sympify(expr)  # reference data only
            # keep ``expr`` alive with its closure so that its id is never reused meanwhile
            hit = self._compiled[key] = (compile_expr(tree, backend, fallback), expr)
        return hit[0]

    def _digits(self, given, expected) -> int:
        key = ("digits", id(given), id(expected))
        hit = self._compiled.get(key)
        if hit is None:
            hit = self._compiled[key] = (MP_DIGITS + extra_digits(given, expected), given,
                                         expected)
        return hit[0]

    def _mp_values(self, given, expected, env: dict, digits: int):
        mp = self.mp
        try:
            f_given = self._compile(given, mp, fallback=False)
            f_expected = self._compile(expected, mp, fallback=True)
        except Unsupported:
            return None
        with mp.digits(digits):
            point = {name: mp.point(v) for name, v in env.items()}
            return evaluate(f_given, point, mp), evaluate(f_expected, point, mp)

    def precise(self, given, expected, env: dict, decimal: bool, doubled: bool = False,
                one_sided: bool = True):
        """Equal at ``env`` in high precision? True, False, or None (undefined on both sides,
        or on one side when ``one_sided`` is false)."""
        digits = self._digits(given, expected)
        if doubled:  # agreement at twice the digits implies it at the base precision
            digits *= 2
        values = self._mp_values(given, expected, env, digits)
        if values is None:
            return None  # cannot be evaluated in mpmath: the float screen's word stands
        g, e = values
        if g is UNKNOWN or e is UNKNOWN:
            return None
        if g is UNDEFINED and e is UNDEFINED:
            return None
        if g is UNDEFINED or e is UNDEFINED:
            return False if one_sided else None
        if decimal:
            return abs(float(g - e)) <= decimal_tolerance(float(e), self.sig_figs)
        return self._mp_close(g, e, digits)

    def _mp_close(self, g, e, digits: int) -> bool:
        noise = self.mp.ctx.mpf(10) ** (SLACK - digits)
        scale = max(abs(g), abs(e), 1)
        return abs(g - e) <= noise * scale

    def confirm(self, given, expected, agreeing: list[dict]) -> bool:
        """High-precision agreement on points spread through the float-agreeing ones."""
        if not agreeing:
            return True
        step = max(1, len(agreeing) // MP_POINTS)
        chosen = agreeing[::step][:MP_POINTS]
        for k, env in enumerate(chosen):
            if k >= DOUBLED and time.perf_counter() > self.deadline:
                break
            if self.precise(given, expected, env, False, doubled=k < DOUBLED) is False:
                return False
        return True
