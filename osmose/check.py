"""``osmose check``: lint the knowledge base, then run every generator (linked or not).

Sweeps run in worker processes started with a different ``PYTHONHASHSEED``
from ours; we regenerate a sample of their seeds here and compare
fingerprints, so hash-order dependence shows up as non-determinism.
"""

from __future__ import annotations

import concurrent.futures as cf
import contextlib
import hashlib
import json
import math
import multiprocessing
import os
import re
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from osmose.errors import KBError
from osmose.kb import KnowledgeBase, load_families
from osmose.unitex import MATH_SPAN

#: seeds per sweep regenerated in this process to compare fingerprints
DETERMINISM_SAMPLE = 5
#: share of seeds that must give distinct prompts (120 of 200): a combination
#: below it drills a handful of memorisable cases
VARIETY_FLOOR = 0.6


def variety_floor(seeds: int, finite: int | None = None) -> int:
    """Distinct prompts a combination must show over ``seeds`` seeds: 60 % of them.

    A task finite by nature (``Family.finite`` says ``n`` prompts exist) must show
    80 % of what ``seeds`` uniform draws from ``n`` are expected to, when that is
    lower: all but a few of a small pool, never more than the general floor.
    """
    floor = math.ceil(VARIETY_FLOOR * seeds)
    if finite is None:
        return floor
    expected = finite * (1 - (1 - 1 / finite) ** seeds)
    return min(floor, math.floor(0.8 * expected))


@dataclass
class Sweep:
    """Outcome of one (family, params) over a range of seeds."""

    family: str
    params: dict
    seeds: int
    ok: int = 0
    attempts: int = 0
    seconds: float = 0.0
    problems: list[KBError] = field(default_factory=list)
    fingerprints: dict[int, str] = field(default_factory=dict)
    #: distinct prompt texts and distinct answers over the seeds (variety)
    prompts: int = 0
    answers: int = 0
    #: how many distinct prompts exist, for a task finite by nature
    finite: int | None = None

    @property
    def acceptance(self) -> float:
        return self.ok / self.attempts if self.attempts else 0.0

    @property
    def rate(self) -> float:
        return self.ok / self.seconds if self.seconds else 0.0


@dataclass
class Report:
    problems: list[KBError]
    sweeps: list[Sweep]
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def fingerprint(exercise) -> str:
    blob = json.dumps(exercise.to_json(), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(blob.encode()).hexdigest()


def lint(kb: KnowledgeBase) -> list[KBError]:
    """Everything short of running generators: schema, graph, links, derivations."""
    problems = list(kb.errors) + list(kb.family_errors) + kb.link_errors()
    try:
        from osmose.derivations import check_derivations
    except ImportError:  # the checked-derivation module is optional
        check_derivations = None
    if check_derivations is not None:
        problems += check_derivations(kb)
    return problems


def unlinked_terms(kb: KnowledgeBase) -> list[str]:
    """Warnings for concepts outside ``notation/`` that require nothing yet define themselves
    with another concept's term (its title or its id's words): a missing prerequisite."""
    terms = {cid: _terms(c) for cid, c in kb.concepts.items()}
    warnings = []
    for c in sorted(kb.concepts.values(), key=lambda c: c.path):
        if c.requires or "notation" in (c.area, Path(c.path).parent.name):
            continue
        words = _words(MATH_SPAN.sub(" ", c.definition))
        used = sorted(other for other, phrases in terms.items()
                      if other != c.id and any(_contains(words, p) for p in phrases))
        if used:
            warnings.append(f"{c.path}:{c.line('definition')}: '{c.id}' has no prerequisites but its "
                            f"definition uses the term of {', '.join(used)} (add them to requires?)")
    return warnings


def _terms(c) -> set[tuple[str, ...]]:
    title = re.sub(r"\(.*?\)", " ", MATH_SPAN.sub(" ", c.title))
    return {t for t in (_words(title), tuple(c.id.split("-"))) if t}


def _words(text: str) -> tuple[str, ...]:
    return tuple(re.findall(r"[a-z0-9]+", text.lower().replace("’", "'").replace("'s", "")))


def _contains(words: tuple[str, ...], phrase: tuple[str, ...]) -> bool:
    """``phrase`` occurs in ``words`` as whole words (a trailing plural 's' allowed)."""
    n = len(phrase)
    for i in range(len(words) - n + 1):
        window = words[i:i + n]
        if window[:-1] == phrase[:-1] and window[-1] in (phrase[-1], phrase[-1] + "s"):
            return True
    return False


def sweep_targets(kb: KnowledgeBase) -> list[tuple[str, dict, str, int]]:
    """Distinct (family, resolved params) to sweep, with the place to report them at.

    Every family in ``generators/`` is swept: at the params concepts link
    (located at the first linking concept), and a family no concept links at
    each of its levels (located at its own file), so a broken generator cannot
    hide by being unlinked.
    """
    seen: dict[tuple, tuple] = {}
    for concept in kb.in_prerequisite_order(list(kb.concepts.values())):
        for link in concept.exercises:
            family = kb.families.get(link.generator)
            if family is None:
                continue
            try:
                params = family.resolve(link.params)
            except Exception:
                continue
            key = (family.name, json.dumps(params, sort_keys=True))
            seen.setdefault(key, (family.name, params, concept.path, link.line))
    linked = {name for name, _ in seen}
    for name, family in sorted(kb.families.items()):
        if name in linked:
            continue
        for raw in family.variants():
            params = family.resolve(raw)
            seen.setdefault((name, json.dumps(params, sort_keys=True)),
                            (name, params, family.path, 1))
    return list(seen.values())


def run_sweep(generators: str, family_name: str, params: dict, seeds: int) -> Sweep:
    """Generate and verify seeds 0..seeds-1 (runs in a worker process)."""
    from osmose.exercises import GenerationError, make_exercise
    from osmose.family import VerificationError

    families, _ = load_families(Path(generators))
    family = families[family_name]
    where = family.path or generators
    code = getattr(family.generate, "__code__", None)
    line = code.co_firstlineno if code else 1
    sweep = Sweep(family_name, params, seeds)
    label = f"{family_name}[{_params_text(params)}]"
    prompts, answers = set(), set()
    start = time.perf_counter()
    for seed in range(seeds):
        try:
            ex = make_exercise(family, params, seed)
        except VerificationError as err:
            sweep.problems.append(KBError(where, line, f"{label} seed {seed}: verification failed: {err}"))
            sweep.attempts += family.max_attempts
            continue
        except GenerationError as err:
            sweep.problems.append(KBError(where, line, f"{label}: {err} (acceptance too low)"))
            sweep.attempts += family.max_attempts
            continue
        except Exception as err:  # a crash anywhere inside a generator is a finding
            frames = [f for f in traceback.extract_tb(err.__traceback__)
                      if Path(f.filename).name == Path(where).name]
            at = frames[-1].lineno if frames else line
            sweep.problems.append(KBError(where, at, f"{label} seed {seed}: crashed: "
                                                     f"{type(err).__name__}: {err}"))
            continue
        sweep.ok += 1
        sweep.attempts += ex.attempts
        prompts.add(ex.prompt_text)
        answers.add(json.dumps(ex.to_json()["answer"]))
        if seed < DETERMINISM_SAMPLE:
            sweep.fingerprints[seed] = fingerprint(ex)
    sweep.seconds = time.perf_counter() - start
    sweep.prompts, sweep.answers = len(prompts), len(answers)
    sweep.finite = family.finite(params) if family.finite else None
    floor = variety_floor(sweep.ok, sweep.finite)
    if sweep.ok and sweep.prompts < floor:
        sweep.problems.append(KBError(where, line, f"{label}: only {sweep.prompts} distinct prompts "
                                      f"in {sweep.ok} seeds (the variety floor is {floor})"))
    return sweep


def check(kb: KnowledgeBase, seeds: int = 200, jobs: int | None = None,
          progress: Callable[[Sweep], None] | None = None,
          targets: list[tuple[str, dict, str, int]] | None = None) -> Report:
    """Lint, then sweep every linked (family, params) over ``seeds`` seeds.

    ``targets`` defaults to ``sweep_targets(kb)``; a caller that already has
    them (to size a progress bar) passes them in.
    """
    problems = lint(kb)
    warnings = [f"{f.path}:1: family '{name}' is not linked from any concept"
                for name, f in sorted(kb.families.items()) if not kb.linking(name)]
    warnings += unlinked_terms(kb)
    targets = sweep_targets(kb) if targets is None else targets
    sweeps: list[Sweep] = []
    if seeds > 0 and targets:
        generators = str(kb.root / "generators")
        jobs = jobs or min(len(targets), os.cpu_count() or 1)
        with _other_hash_seed(), cf.ProcessPoolExecutor(
                jobs, mp_context=multiprocessing.get_context("spawn")) as pool:
            futures = {pool.submit(run_sweep, generators, name, params, seeds): (name, params)
                       for name, params, _, _ in targets}
            for future in cf.as_completed(futures):
                sweep = future.result()
                sweeps.append(sweep)
                problems += sweep.problems
                if progress:
                    progress(sweep)
        problems += _determinism(kb, sweeps)
    sweeps.sort(key=lambda s: (s.family, json.dumps(s.params, sort_keys=True)))
    return Report(problems, sweeps, warnings)


def _determinism(kb: KnowledgeBase, sweeps: list[Sweep]) -> list[KBError]:
    from osmose.exercises import make_exercise

    problems = []
    for sweep in sweeps:
        family = kb.families[sweep.family]
        for seed, theirs in sorted(sweep.fingerprints.items()):
            ours = fingerprint(make_exercise(family, sweep.params, seed))
            if ours != theirs:
                problems.append(KBError(family.path, 1, f"{sweep.family}[{_params_text(sweep.params)}] "
                                        f"seed {seed}: not deterministic (differs between processes)"))
                break
    return problems


@contextlib.contextmanager
def _other_hash_seed():
    """Processes spawned inside this block get a hash seed different from ours."""
    ours = os.environ.get("PYTHONHASHSEED")
    os.environ["PYTHONHASHSEED"] = str((int(ours) + 1) if ours and ours.isdigit() else 1)
    try:
        yield
    finally:
        if ours is None:
            os.environ.pop("PYTHONHASHSEED", None)
        else:
            os.environ["PYTHONHASHSEED"] = ours


def _params_text(params: dict) -> str:
    return ",".join(f"{k}={v}" for k, v in sorted(params.items()))
