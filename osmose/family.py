"""The exercise-family contract: what a generator module declares and returns.

A family module in ``generators/`` defines ``FAMILY = Family(...)`` with two
pure functions:

* ``generate(rng, params) -> Problem`` builds one variant from a seeded
  ``random.Random``; it raises ``Reject("why")`` for degenerate draws.
* ``verify(given, answer) -> Evidence`` recomputes the answer from the
  machine-readable ``given`` data by an independent numerical method and raises
  ``VerificationError`` on a mismatch.

``osmose.exercises.make_exercise`` runs the rejection loop and verification and
wraps the result into an ``Exercise``. This module imports no SymPy, so light
commands can list families' metadata cheaply once they are loaded.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

from osmose.errors import OsmoseError

#: Answer kinds the checker understands.
KINDS = ("expr", "number", "matrix", "tuple", "choice")


class Reject(Exception):
    """A generator drew a degenerate variant; the engine draws again."""


class VerificationError(OsmoseError):
    """The independent recomputation disagrees with the symbolic answer."""


@dataclass(frozen=True)
class Param:
    """One parameter of a family: its default, allowed values and meaning."""

    default: Any
    choices: tuple = ()
    help: str = ""

    def coerce(self, name: str, raw: Any) -> Any:
        """Turn a ``--param`` string (or YAML value) into this param's type."""
        value = raw
        if isinstance(raw, str) and not isinstance(self.default, str):
            try:
                value = type(self.default)(raw)
            except ValueError:
                raise OsmoseError(
                    f"param {name}={raw!r}: expected {type(self.default).__name__}"
                ) from None
        if self.choices and value not in self.choices:
            allowed = ", ".join(str(c) for c in self.choices)
            raise OsmoseError(f"param {name}={raw!r}: choose one of {allowed}")
        return value


@dataclass(frozen=True)
class Step:
    """One line of a worked solution: words, and the math in TeX and Unicode."""

    say: str
    tex: str = ""
    text: str = ""


@dataclass(frozen=True)
class Mistake:
    """A typical wrong answer and the feedback a learner gets for it."""

    name: str
    answer: Any
    feedback: str


@dataclass(frozen=True)
class Checking:
    """What the answer checker needs to judge a typed answer.

    ``variables`` maps each free symbol's name to its domain (``real``,
    ``positive``, ``nonzero``, or ``interval:a:b``). ``sig_figs`` is the
    precision a decimal answer must reach; ``choices`` lists the names a
    ``choice`` answer may take.
    """

    variables: dict[str, str] = field(default_factory=dict)
    sig_figs: int = 3
    choices: tuple[str, ...] = ()

    def to_json(self) -> dict:
        out: dict[str, Any] = {"variables": dict(self.variables), "sig_figs": self.sig_figs}
        if self.choices:
            out["choices"] = list(self.choices)
        return out


@dataclass(frozen=True)
class Evidence:
    """How an answer was verified, in words a sceptical reader can redo."""

    method: str
    detail: str
    max_error: float = 0.0

    def to_json(self) -> dict:
        return {"method": self.method, "detail": self.detail, "max_error": self.max_error}


@dataclass(frozen=True)
class Problem:
    """What ``generate`` returns: one variant before verification."""

    prompt_tex: str
    prompt_text: str
    answer: Any
    kind: str
    solution: tuple[Step, ...]
    given: dict
    checking: Checking = field(default_factory=Checking)
    mistakes: tuple[Mistake, ...] = ()


@dataclass(frozen=True)
class Family:
    """A generator module's declaration."""

    name: str
    version: int
    title: str
    summary: str
    params: dict[str, Param]
    generate: Callable[..., Problem]
    verify: Callable[[dict, Any], Evidence]
    #: how many draws the rejection loop may take before giving up
    max_attempts: int = 200
    #: optional: the bare SymPy computation of the answer from ``given`` (no
    #: verification, no rendering) -- the yardstick of benchmarks/generate.py
    baseline: Callable[[dict], Any] | None = None
    path: str = ""

    def resolve(self, raw: dict | None = None) -> dict:
        """Complete ``raw`` params with defaults and validate every value."""
        raw = dict(raw or {})
        unknown = sorted(set(raw) - set(self.params))
        if unknown:
            known = ", ".join(sorted(self.params)) or "none"
            raise OsmoseError(f"{self.name}: unknown param {unknown[0]!r} (known: {known})")
        return {
            name: spec.coerce(name, raw[name]) if name in raw else spec.default
            for name, spec in sorted(self.params.items())
        }

    def variants(self) -> list[dict]:
        """Every combination of params with choices (the family's 'levels')."""
        combos: list[dict] = [{}]
        for name, spec in sorted(self.params.items()):
            values = spec.choices or (spec.default,)
            combos = [{**c, name: v} for c in combos for v in values]
        return combos


def distinct_mistakes(candidates, answer, differs: Callable[[Any, Any], bool]) -> tuple[Mistake, ...]:
    """Mistakes from ``(name, wrong answer, feedback)`` candidates that differ from the
    answer and from each other, so every listed mistake is a real, distinct slip
    (the first feedback wins when two slips give the same value)."""
    kept: list[Mistake] = []
    for name, wrong, feedback in candidates:
        if differs(wrong, answer) and all(differs(wrong, m.answer) for m in kept):
            kept.append(Mistake(name, wrong, feedback))
    return tuple(kept)
