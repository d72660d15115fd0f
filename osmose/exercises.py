"""Make verified exercises from a family, params and a seed; name them by id.

An exercise id is ``family:vVERSION:k=v,k=v:SEED`` (params sorted by name), so
the id alone reproduces the exercise: same id, identical exercise, in any
process. The rejection loop draws from one ``random.Random`` seeded with the id
string (str seeds are hashed with SHA-512, not ``hash()``, so PYTHONHASHSEED
does not matter).
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from osmose.errors import OsmoseError
from osmose.family import (
    KINDS,
    Checking,
    Evidence,
    Family,
    Mistake,
    Problem,
    Reject,
    Step,
    VerificationError,
)

_VALUE = re.compile(r"^[A-Za-z0-9_.+-]+$")
_ID = re.compile(r"^(?P<family>[a-z0-9_-]+):v(?P<version>\d+):(?P<params>[^:]*):(?P<seed>\d+)$")


class GenerationError(OsmoseError):
    """A family could not produce an acceptable variant within its attempt budget."""


class ContractError(OsmoseError):
    """A family broke the exercise contract (see generators/README.md): a bug, never shown."""


@dataclass(frozen=True)
class Exercise:
    """A verified exercise, ready for the quiz, a deck or a problem set."""

    id: str
    family: str
    version: int
    params: dict
    seed: int
    prompt_tex: str
    prompt_text: str
    answer: Any
    kind: str
    solution: tuple[Step, ...]
    given: dict
    checking: Checking
    mistakes: tuple[Mistake, ...]
    evidence: Evidence
    attempts: int

    def to_json(self) -> dict:
        """The ``osmose generate --json`` object."""
        from osmose.mathtext import approx, plain, tex

        companion = approx(self.answer)
        return {
            "id": self.id,
            "family": self.family,
            "version": self.version,
            "params": dict(self.params),
            "seed": self.seed,
            "prompt_tex": self.prompt_tex,
            "prompt_text": self.prompt_text,
            "kind": self.kind,
            "answer": plain(self.answer),
            "answer_tex": tex(self.answer),
            # the decimal companion of an exact non-integer answer (Unicode, TeX), or null
            "answer_approx": companion[0] if companion else None,
            "answer_approx_tex": companion[1] if companion else None,
            "solution": [{"say": s.say, "tex": s.tex, "text": s.text} for s in self.solution],
            "given": self.given,
            "checking": self.checking.to_json(),
            "mistakes": [
                {"name": m.name, "answer": plain(m.answer), "feedback": m.feedback}
                for m in self.mistakes
            ],
            "evidence": self.evidence.to_json(),
        }


def params_key(params: dict) -> str:
    """Canonical ``k=v,k=v`` text of resolved params, sorted by name."""
    parts = []
    for name in sorted(params):
        value = str(params[name])
        if not _VALUE.match(value):
            raise OsmoseError(f"param {name}={value!r}: only letters, digits and _.+- allowed")
        parts.append(f"{name}={value}")
    return ",".join(parts)


def exercise_id(family: Family, params: dict, seed: int) -> str:
    return f"{family.name}:v{family.version}:{params_key(params)}:{seed}"


def parse_id(text: str) -> tuple[str, int, dict, int]:
    """Split an exercise id into (family, version, raw params, seed)."""
    m = _ID.match(text.strip())
    if not m:
        raise OsmoseError(
            f"not an exercise id: {text!r} (expected FAMILY:vN:k=v,...:SEED, "
            "as printed by 'osmose generate')"
        )
    raw = {}
    for part in filter(None, m["params"].split(",")):
        name, sep, value = part.partition("=")
        if not sep:
            raise OsmoseError(f"bad param {part!r} in exercise id {text!r}")
        raw[name] = value
    return m["family"], int(m["version"]), raw, int(m["seed"])


def exercise_from_id(family: Family, text: str) -> Exercise:
    """The exercise an id names, or one clear error when the id is of another version
    of ``family``: versions are promises, so an old id never yields a different exercise."""
    name, version, raw, seed = parse_id(text)
    if name != family.name:
        raise OsmoseError(f"exercise {text} is not from family '{family.name}'")
    if version != family.version:
        raise OsmoseError(f"exercise {text} comes from {name} v{version}, but the family is now "
                          f"v{family.version} and may ask something else; generate a new one "
                          f"(ids start '{name}:v{family.version}:')")
    return make_exercise_reported(family, raw, seed)


def make_exercise(family: Family, params: dict | None, seed: int) -> Exercise:
    """Draw, reject degenerate variants, verify independently, and wrap.

    Raises ``VerificationError`` when the independent recomputation disagrees:
    such an exercise is a bug and is never shown.
    """
    if not isinstance(seed, int) or seed < 0:
        raise OsmoseError(f"seed must be a non-negative integer, got {seed!r}")
    resolved = family.resolve(params)
    ex_id = exercise_id(family, resolved, seed)
    rng = random.Random(ex_id)
    for attempt in range(1, family.max_attempts + 1):
        try:
            problem = family.generate(rng, dict(resolved))
        except Reject:
            continue
        _check_shape(family, problem)
        _check_contract(family, problem)
        if _agreeing_mistake(problem) is not None:
            continue  # the checker could not tell that slip from the answer: draw again
        try:
            evidence = family.verify(problem.given, problem.answer)
        except VerificationError as err:
            raise VerificationError(f"{ex_id}: {err}") from None
        return Exercise(
            id=ex_id,
            family=family.name,
            version=family.version,
            params=resolved,
            seed=seed,
            prompt_tex=problem.prompt_tex,
            prompt_text=problem.prompt_text,
            answer=problem.answer,
            kind=problem.kind,
            solution=tuple(problem.solution),
            given=problem.given,
            checking=problem.checking,
            mistakes=_distinct(problem.mistakes, problem.answer),
            evidence=evidence,
            attempts=attempt,
        )
    raise GenerationError(
        f"{ex_id}: no acceptable variant in {family.max_attempts} draws"
    )


def make_exercise_reported(family: Family, params: dict | None, seed: int) -> Exercise:
    """``make_exercise`` for commands: a crash inside a family's code becomes one
    ``OsmoseError`` naming the family, its file and line (a user's knowledge base
    may hold any generator; the user gets a line to act on, not a traceback)."""
    try:
        return make_exercise(family, params, seed)
    except OsmoseError:
        raise
    except Exception as err:
        raise OsmoseError(crash_message(family, seed, err)) from None


def crash_message(family: Family, seed: int, err: BaseException) -> str:
    """``path:line: family 'x' (seed N) crashed: Type: message``, at the family's own frame."""
    import traceback

    where = family.path or family.name
    frames = [f for f in traceback.extract_tb(err.__traceback__)
              if family.path and Path(f.filename).name == Path(family.path).name]
    line = f":{frames[-1].lineno}" if frames else ""
    return (f"{where}{line}: exercise family '{family.name}' (seed {seed}) crashed: "
            f"{type(err).__name__}: {err}")


def _distinct(mistakes, answer) -> tuple[Mistake, ...]:
    """Drop listed mistakes that print like the answer or like an earlier mistake:
    a learner's answer can match only one of them, so the first feedback wins."""
    from osmose.mathtext import plain

    seen, kept = {plain(answer)}, []
    for mistake in mistakes:
        shown = plain(mistake.answer)
        if shown not in seen:
            seen.add(shown)
            kept.append(mistake)
    return tuple(kept)


def _agreeing_mistake(problem: Problem) -> Mistake | None:
    """The first listed mistake a learner could type and be marked correct for."""
    from osmose.checker import agrees

    for mistake in problem.mistakes:
        if agrees(problem.answer, mistake.answer, problem.kind, problem.checking):
            return mistake
    return None


def _check_contract(family: Family, problem: Problem) -> None:
    """What every exercise promises its learner, checked on every draw."""
    checking = problem.checking
    if (problem.kind == "choice") != (checking.precision == "choice"):
        raise ContractError(f"{family.name}: a {problem.kind!r} answer with precision "
                            f"{checking.precision!r}")
    sentence = checking.statement()
    for form, prompt in (("TeX", problem.prompt_tex), ("plain", problem.prompt_text)):
        if sentence not in prompt:
            raise ContractError(f"{family.name}: the {form} prompt does not state its precision "
                                f"(it must contain {sentence!r})")


def _check_shape(family: Family, problem: Problem) -> None:
    if not isinstance(problem, Problem):
        raise TypeError(f"{family.name}.generate must return a Problem, got {type(problem)}")
    if problem.kind not in KINDS:
        raise ValueError(f"{family.name}: unknown answer kind {problem.kind!r}")
