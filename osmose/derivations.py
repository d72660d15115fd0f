"""Checked derivation steps: verify the machine-checkable form a step may carry.

A derivation step in a concept file may carry ``check:``, an equation in SymPy
syntax with the domain of each symbol (format: ``concepts/README.md``, section
"Checked derivation steps")::

    check:
      lhs: 'x - eta*(lam*x - lam*xs) - xs'
      rhs: '(1 - eta*lam)*(x - xs)'
      symbols: {x: real, xs: real, eta: positive, lam: positive}
      where: {q: 'Quaternion(cos(t/2), 0, 0, sin(t/2))'}   # optional, in order

``check_step`` evaluates ``lhs − rhs`` at seeded random points of the declared
domains (a disagreement is decisive), then tries to prove it zero symbolically
(expand, then ``simplify`` within a time budget); a step that agrees at every
point but resists the proof passes as checked numerically. A step that does not follow, or a check that is
malformed, becomes a ``KBError`` at the step's line. A concept file is data, so
the strings are read by ``osmose.checker.formula`` (a syntax tree walked against an
allow-list), never by ``sympify``: a ``check:`` cannot run code.
"""

from __future__ import annotations

import random
import signal
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field

from osmose.errors import KBError

#: domain name -> SymPy assumptions for the symbol
DOMAINS = {
    "real": {"real": True},
    "positive": {"positive": True},
    "negative": {"negative": True},
    "nonnegative": {"nonnegative": True},
    "nonzero": {"real": True, "nonzero": True},
    "integer": {"integer": True},
    "positive-integer": {"integer": True, "positive": True},
    "complex": {},
}
KEYS = {"lhs", "rhs", "symbols", "where"}
POINTS = 6          # random points that must agree when the symbolic route is inconclusive
BUDGET_S = 2.0      # seconds allowed to simplify() per step


class MalformedCheck(Exception):
    """The check mapping itself is wrong (unknown key, undeclared symbol, bad syntax)."""


@dataclass(frozen=True)
class StepResult:
    ok: bool
    method: str          # "symbolic" | "numeric" | "malformed"
    detail: str = ""


@dataclass
class DerivationReport:
    checked: int = 0
    symbolic: int = 0
    numeric: int = 0
    errors: list[KBError] = field(default_factory=list)


# --- parsing ------------------------------------------------------------------

def _domain(spec: str) -> tuple[dict, tuple[float, float] | None]:
    if isinstance(spec, str) and spec.startswith("interval:"):
        try:
            _, lo, hi = spec.split(":")
            lo_f, hi_f = float(lo), float(hi)
        except ValueError:
            raise MalformedCheck(f"bad interval {spec!r} (use interval:LO:HI)") from None
        if not lo_f < hi_f:
            raise MalformedCheck(f"empty interval {spec!r}")
        assumptions = {"real": True}
        if lo_f >= 0:
            assumptions = {"nonnegative": True} if lo_f == 0 else {"positive": True}
        return assumptions, (lo_f, hi_f)
    if spec not in DOMAINS:
        raise MalformedCheck(f"unknown domain {spec!r} (use {', '.join(DOMAINS)} or interval:LO:HI)")
    return DOMAINS[spec], None


def parse_check(check: dict):
    """(lhs, rhs, {symbol: domain spec}) as SymPy objects; raises MalformedCheck."""
    import sympy as sp

    unknown = sorted(set(check) - KEYS)
    if unknown:
        raise MalformedCheck(f"unknown key '{unknown[0]}' in check (allowed: {', '.join(sorted(KEYS))})")
    for key in ("lhs", "rhs"):
        if not isinstance(check.get(key), (str, int, float)) or isinstance(check.get(key), bool):
            raise MalformedCheck(f"check needs '{key}' as a SymPy expression in quotes")
    symbols = check.get("symbols") or {}
    where = check.get("where") or {}
    if not isinstance(symbols, dict) or not isinstance(where, dict):
        raise MalformedCheck("'symbols' and 'where' must be mappings")
    if len(symbols) + len(where) > 200:
        raise MalformedCheck("too many symbols or where: names (at most 200)")
    names: dict = {}
    domains: dict = {}
    for name, spec in symbols.items():
        if not str(name).isidentifier():
            raise MalformedCheck(f"bad symbol name {name!r}")
        assumptions, _ = _domain(spec)
        names[str(name)] = sp.Symbol(str(name), **assumptions)
        domains[names[str(name)]] = spec
    declared = set(names.values())

    from osmose.checker.formula import FormulaError, read_formula

    def parse(text, what):
        try:
            value = read_formula(str(text), names)
        except FormulaError as err:
            raise MalformedCheck(f"cannot parse {what} {str(text)[:80]!r}: {err}") from None
        free = _free_symbols(value) - declared
        if free:
            raise MalformedCheck(f"{what} uses undeclared symbol '{sorted(map(str, free))[0]}' "
                                 "(declare it under symbols:)")
        return value

    for name, text in where.items():
        names[str(name)] = parse(text, f"where.{name}")
    return parse(check["lhs"], "lhs"), parse(check["rhs"], "rhs"), domains


def _free_symbols(value) -> set:
    return set(getattr(value, "free_symbols", set()))


def _entries(value) -> list:
    """Scalar entries of an expression, matrix, quaternion or tuple, for comparison."""
    import sympy as sp
    from sympy.algebras.quaternion import Quaternion

    if isinstance(value, Quaternion):
        return [value.a, value.b, value.c, value.d]
    if isinstance(value, sp.MatrixBase):
        return list(value)
    if isinstance(value, (tuple, list, sp.Tuple)):
        return [e for v in value for e in _entries(v)]
    return [_basic(value)]


def _basic(value):
    """A SymPy value of an entry (never text: formulas are read by ``read_formula``)."""
    import sympy as sp

    if isinstance(value, sp.Basic):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return sp.Number(value)
    raise MalformedCheck(f"an entry is not a mathematical value: {type(value).__name__}")


def _shape(value) -> tuple:
    import sympy as sp
    from sympy.algebras.quaternion import Quaternion

    if isinstance(value, Quaternion):
        return ("quaternion",)
    if isinstance(value, sp.MatrixBase):
        return value.shape
    if isinstance(value, (tuple, list, sp.Tuple)):
        return ("tuple", len(value))
    return ()


# --- checking -------------------------------------------------------------------

@contextmanager
def _time_limit(seconds: float):
    """Raise TimeoutError after ``seconds`` (main thread on Unix); otherwise no limit."""
    usable = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not usable:
        yield False
        return

    def on_alarm(signum, frame):
        raise TimeoutError

    old = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield True
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def _symbolically_zero(diffs, budget: float) -> bool:
    import sympy as sp

    pending = [d for d in diffs if sp.expand(d) != 0]
    if not pending:
        return True
    with _time_limit(budget) as limited:
        if not limited:
            return False
        try:
            return all(sp.simplify(d) == 0 for d in pending)
        except TimeoutError:
            return False
        except Exception:  # noqa: BLE001 - SymPy may fail in many ways; numeric route decides
            return False


def _sample(rng: random.Random, domains: dict) -> dict:
    point = {}
    for sym in sorted(domains, key=str):
        spec = domains[sym]
        _, interval = _domain(spec)
        if interval:
            value = rng.uniform(*interval)
        elif spec in ("positive", "nonnegative"):
            value = rng.uniform(0.2, 2.5)
        elif spec == "negative":
            value = -rng.uniform(0.2, 2.5)
        elif spec == "nonzero":
            value = rng.choice((-1, 1)) * rng.uniform(0.3, 2.0)
        elif spec == "positive-integer":
            value = rng.randint(1, 6)
        elif spec == "integer":
            value = rng.randint(-5, 5)
        else:
            value = rng.uniform(-1.5, 1.5)
        point[sym] = value
    return point


def _numerically_zero(diffs, lhs_entries, domains: dict) -> tuple[bool, str, int]:
    """(all close, detail of the first disagreement, points used)."""
    import sympy as sp

    rng = random.Random(20240601)
    good = 0
    for _ in range(POINTS * 5):
        point = _sample(rng, domains)
        values, scales = [], []
        try:
            for d, l in zip(diffs, lhs_entries):
                dv = complex(sp.N(d.subs(point), 20))
                lv = complex(sp.N(_basic(l).subs(point), 20))
                values.append(dv)
                scales.append(abs(lv))
        except (TypeError, ValueError, ZeroDivisionError):
            continue
        if any(v != v or abs(v) == float("inf") for v in values):
            continue
        for v, s in zip(values, scales):
            if abs(v) > 1e-9 * max(1.0, s):
                at = ", ".join(f"{k}={point[k]:.4g}" for k in sorted(point, key=str))
                return False, f"lhs − rhs = {_num(v)} at {at or 'any point'}", good
        good += 1
        if good >= POINTS or not domains:
            return True, "", good
    return False, "could not evaluate at enough points of the declared domains", good


def _num(v: complex) -> str:
    return f"{v.real:.4g}" if abs(v.imag) < 1e-12 else f"{v:.4g}"


def check_step(check: dict, budget: float = BUDGET_S) -> StepResult:
    """Does lhs = rhs follow under the declared domains?"""
    try:
        lhs, rhs, domains = parse_check(check)
    except MalformedCheck as err:
        return StepResult(False, "malformed", str(err))
    if _shape(lhs) != _shape(rhs):
        return StepResult(False, "malformed", f"lhs has shape {_shape(lhs) or 'scalar'}, "
                                              f"rhs {_shape(rhs) or 'scalar'}")
    left, right = _entries(lhs), _entries(rhs)
    diffs = [a - b for a, b in zip(left, right)]
    import sympy as sp

    if all(sp.expand(d) == 0 for d in diffs):
        return StepResult(True, "symbolic")
    # numbers first: a disagreement at a point is decisive and cheap; only then try a proof
    ok, detail, _ = _numerically_zero(diffs, left, domains)
    if not ok:
        return StepResult(False, "numeric", detail)
    return StepResult(True, "symbolic" if _symbolically_zero(diffs, budget) else "numeric")


def derivation_report(kb, budget: float = BUDGET_S) -> DerivationReport:
    """Check every step with ``check:`` in the knowledge base."""
    report = DerivationReport()
    for concept in sorted(kb.concepts.values(), key=lambda c: c.path):
        for derivation in concept.derivations:
            for n, step in enumerate(derivation.steps, start=1):
                if step.check is None:
                    continue
                report.checked += 1
                result = check_step(step.check, budget)
                if result.ok:
                    if result.method == "symbolic":
                        report.symbolic += 1
                    else:
                        report.numeric += 1
                    continue
                what = ("has a malformed check" if result.method == "malformed" else "does not follow")
                report.errors.append(KBError(concept.path, step.line,
                                             f"derivation '{derivation.title}' step {n} {what}: {result.detail}"))
    return report


def check_derivations(kb) -> list[KBError]:
    """Every checked derivation step that does not follow, as ``path:line:`` errors."""
    return derivation_report(kb).errors
