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


#: How a typed answer is judged, and so what the prompt must promise:
#:
#: ``exact``             equivalent exact forms only; a decimal is refused
#: ``exact-or-decimal``  exact forms, or decimals to ``sig_figs`` significant figures
#: ``decimal``           decimals to ``sig_figs`` significant figures (exact forms too)
#: ``integer``           the integer itself: ``6741.0`` is not a count
#: ``choice``            one of ``choices`` (the only precision of a ``choice`` answer)
PRECISIONS = ("exact", "exact-or-decimal", "decimal", "integer", "choice")


@dataclass(frozen=True)
class Checking:
    """What the answer checker needs to judge a typed answer.

    ``variables`` maps each free symbol's name to its domain (``real``,
    ``positive``, ``nonzero``, or ``interval:a:b``). ``precision`` (one of
    ``PRECISIONS``) and ``sig_figs`` say what the checker accepts; ``choices``
    lists the names a ``choice`` answer may take. ``statement()`` is the
    sentence every prompt carries so the learner is told exactly that.
    """

    variables: dict[str, str] = field(default_factory=dict)
    sig_figs: int = 3
    choices: tuple[str, ...] = ()
    precision: str = ""

    def __post_init__(self):
        if not self.precision:  # a choice list implies a choice answer
            object.__setattr__(self, "precision", "choice" if self.choices else "exact-or-decimal")
        if self.precision not in PRECISIONS:
            raise ValueError(f"unknown precision {self.precision!r} (one of {', '.join(PRECISIONS)})")
        if (self.precision == "choice") != bool(self.choices):
            raise ValueError("precision 'choice' goes with a non-empty choices list, and only with it")

    @property
    def accepts_decimals(self) -> bool:
        return self.precision in ("exact-or-decimal", "decimal")

    def statement(self) -> str:
        """The precision sentence, in words a learner reads (plain text, valid in TeX prose)."""
        figures = f"{self.sig_figs} significant figure{'s' if self.sig_figs != 1 else ''}"
        return {
            "exact": "Answer exactly (decimals are not accepted).",
            "exact-or-decimal": f"Answer exactly, or with decimals to {figures}.",
            "decimal": f"Answer with decimals to {figures}.",
            "integer": "Answer with a whole number.",
            "choice": "Answer with one of: " + ", ".join(self.choices) + ".",
        }[self.precision]

    def to_json(self) -> dict:
        out: dict[str, Any] = {"variables": dict(self.variables), "sig_figs": self.sig_figs,
                               "precision": self.precision}
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
    #: what each value of the ``level`` param asks, easiest first (``osmose families``
    #: prints it; levels must mean difficulty)
    levels: dict = field(default_factory=dict)
    #: for tasks finite by nature: ``finite(params)`` is how many distinct prompts
    #: exist for that combination (None where the variety floor applies)
    finite: Callable[[dict], int | None] | None = None
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
