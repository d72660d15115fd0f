"""Choose the questions of a problem set and draw each student's own verified variants.

Every student answers the same sequence of questions (question k is the same
family and level for everyone, so a class mean per question means something);
only the variant differs. A student's seed for question k is a SHA-256 of
(set seed, student id, k, attempt), so regenerating is byte-identical and does
not depend on the roster's other students except through collision avoidance.

Collision avoidance: walking the roster in order, a variant whose prompt was
already handed out for the same question type (or, for expressions, matrices
and tuples, whose answer already was) moves that student to the next attempt's
seed. When a family has too little variety for that, the set shares variants
and says so (``ProblemSet.shared``) instead of looping.
"""

from __future__ import annotations

import hashlib
import random
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from osmose.errors import KBError, OsmoseError
from osmose.kb import KnowledgeBase
from osmose.problemset.roster import Student

#: seeds a student may move through to avoid a variant another student already has
MAX_ATTEMPTS = 8
#: below this many exercises a worker pool costs more than it saves
POOL_THRESHOLD = 24
MAX_QUESTIONS = 200
#: answers of these kinds rarely coincide by chance, so an equal answer means a shared variant
STRUCTURED = ("expr", "matrix", "tuple")

Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class Slot:
    """One question type: a family at fixed params, and the concept it drills."""

    family: str
    params: tuple[tuple[str, Any], ...]  # resolved, sorted by name
    concept: str = ""
    title: str = ""

    @property
    def key(self) -> tuple:
        return (self.family, self.params)

    def to_json(self) -> dict:
        return {"family": self.family, "params": dict(self.params), "concept": self.concept,
                "title": self.title}


@dataclass(frozen=True)
class Question:
    number: int
    slot: Slot
    exercise: dict  # the payload of ``exercise_payload``: JSON-able, no SymPy
    attempt: int
    points: int = 1


@dataclass(frozen=True)
class StudentSet:
    student: Student
    questions: tuple[Question, ...]


@dataclass(frozen=True)
class ProblemSet:
    title: str
    seed: int
    plan: tuple[Slot, ...]
    sets: tuple[StudentSet, ...]
    roster: bool
    #: one line per question type whose variety ran out: which students share a variant
    shared: tuple[str, ...] = field(default=())

    @property
    def points(self) -> int:
        return sum(q.points for q in self.sets[0].questions) if self.sets else 0


# --- which questions ---------------------------------------------------------------


def select_slots(kb: KnowledgeBase, recipe: str | None = None, concepts=(), families=(),
                 params: dict | None = None) -> list[Slot]:
    """Question types from a deck recipe, concept ids and family names, in that order.

    ``params`` (from ``--param k=v``) override the linked params of every
    selected family that has such a parameter; a name no selected family knows
    is an error rather than silently ignored.
    """
    params = dict(params or {})
    raw: list[tuple[str, dict, str, str]] = []  # family, params, concept id, title
    if recipe:
        from osmose.anki.recipe import check_recipe, find_recipe, load_recipe

        rec = load_recipe(find_recipe(kb.root, recipe))
        chosen = check_recipe(rec, kb)
        for c in chosen:
            for link in c.exercises:
                if rec.families is None or link.generator in rec.families:
                    raw.append((link.generator, dict(link.params), c.id, c.title))
        if not raw:
            raise OsmoseError(f"{rec.path}: the recipe selects no exercises")
    if concepts:
        for c in kb.select(ids=tuple(concepts)):
            if not c.exercises:
                raise OsmoseError(f"concept '{c.id}' has no exercises to draw questions from")
            for link in c.exercises:
                if link.generator not in kb.families:
                    from osmose.kb import suggest
                    raise KBError(c.path, link.line, f"unknown exercise family '{link.generator}'"
                                  f"{suggest(link.generator, kb.families)}")
                raw.append((link.generator, dict(link.params), c.id, c.title))
    for name in families:
        fam = kb.family(name)
        raw.append((fam.name, {}, "", fam.title))
    if not raw:
        raise OsmoseError("nothing to draw questions from: give a RECIPE, --concept or --family")
    for name in sorted(params):
        if not any(name in kb.families[f].params for f, *_ in raw):
            chosen_families = ", ".join(sorted({f for f, *_ in raw}))
            raise OsmoseError(f"--param {name}: no selected family has this parameter "
                              f"({chosen_families})")
    slots: list[Slot] = []
    seen: set[tuple] = set()
    for fam_name, linked, concept, title in raw:
        fam = kb.families[fam_name]
        merged = {**linked, **{k: v for k, v in params.items() if k in fam.params}}
        resolved = tuple(sorted(fam.resolve(merged).items()))
        slot = Slot(fam_name, resolved, concept, title or fam.title)
        if slot.key not in seen:
            seen.add(slot.key)
            slots.append(slot)
    return slots


def plan_questions(slots: list[Slot], count: int, seed: int) -> list[Slot]:
    """The question types of questions 1..count (shared by every student).

    More types than questions: a seeded sample, kept in the types' order
    (prerequisites first). Fewer: the types repeat in turn.
    """
    if not 1 <= count <= MAX_QUESTIONS:
        raise OsmoseError(f"-n must be between 1 and {MAX_QUESTIONS}, got {count}")
    if count >= len(slots):
        return [slots[i % len(slots)] for i in range(count)]
    rng = random.Random(f"osmose-problemset:{seed}:plan")
    return [slots[i] for i in sorted(rng.sample(range(len(slots)), count))]


def derive_seed(set_seed: int, student_id: str, number: int, attempt: int) -> int:
    """A student's exercise seed: stable across processes and Python versions."""
    key = f"osmose-problemset\x00{set_seed}\x00{student_id}\x00{number}\x00{attempt}"
    return int.from_bytes(hashlib.sha256(key.encode()).digest()[:8], "big") % 1_000_000_000


# --- drawing variants --------------------------------------------------------------


def build_problemset(kb: KnowledgeBase, plan: list[Slot], seed: int, students: list[Student],
                     *, title: str = "Problem set", roster: bool = True, workers: int = 2,
                     progress: Progress | None = None) -> ProblemSet:
    """Draw and verify every student's variants; raises ``OsmoseError`` on a broken family."""
    jobs = [(s.id, number, 0) for s in students for number in range(1, len(plan) + 1)]
    pool = None
    if workers > 1 and len(jobs) >= POOL_THRESHOLD:
        pool = ProcessPoolExecutor(max_workers=workers, initializer=_init_worker,
                                   initargs=(str(kb.root / "generators"),))
    try:
        tried = dict(zip(jobs, _generate(kb, plan, seed, jobs, pool, progress)))
        few = _low_variety(plan, tried)
        # Redraws depend on earlier students' choices, so the final walk is sequential;
        # a few simulated walks first find most redraws and make them on every core.
        for _ in range(3 if pool else 0):
            missing: list = []
            _assign(plan, students, tried, missing.append, few)
            if len(missing) < POOL_THRESHOLD:
                break
            tried.update(zip(missing, _generate(kb, plan, seed, missing, pool, None)))
    finally:
        if pool is not None:
            pool.shutdown()

    def fetch(job):
        tried[job] = _generate(kb, plan, seed, [job], None, None)[0]
        return tried[job]

    sets, shared = _assign(plan, students, tried, fetch, few)
    notes = tuple(_shared_note(plan, key, who) for key, who in shared.items())
    return ProblemSet(title, seed, tuple(plan), tuple(sets), roster, notes)


def _low_variety(plan: list[Slot], tried: dict) -> tuple[set, set]:
    """Slots whose first draws already repeat a lot: (few prompts, few answers).

    When fewer than half of a slot's first draws are distinct, the family has
    fewer variants than the class has students; redrawing cannot prevent
    sharing, so it is not attempted (the set says who shares instead).
    """
    by_slot: dict[tuple, list[dict]] = {}
    for (_, number, _), ex in tried.items():
        by_slot.setdefault(plan[number - 1].key, []).append(ex)
    few_prompts, few_answers = set(), set()
    for key, draws in by_slot.items():
        if len(draws) < 4:
            continue
        if len({ex["prompt_tex"] for ex in draws}) * 2 < len(draws):
            few_prompts.add(key)
        if len({ex["answer"] for ex in draws}) * 2 < len(draws):
            few_answers.add(key)
    return few_prompts, few_answers


def _assign(plan: list[Slot], students: list[Student], tried: dict, fetch: Callable,
            few: tuple[set, set]):
    """Walk the roster in order, giving each student variants nobody before them has.

    ``fetch(job)`` supplies a payload not in ``tried``; when it returns ``None``
    (a simulated walk collecting what to draw) the question is left out.
    """
    prompts: dict[tuple, set[str]] = {}  # slot key -> prompts handed out
    answers: dict[tuple, set[str]] = {}  # slot key -> answers handed out
    few_prompts = set(few[0])  # slots whose variants ran out: stop redrawing
    few_answers = set(few[1])  # slots whose answers ran out: only prompts must differ
    shared: dict[tuple, list[str]] = {}  # slot key -> students who got a variant already out
    sets = []
    for student in students:
        questions = []
        for number, slot in enumerate(plan, start=1):
            seen_p = prompts.setdefault(slot.key, set())
            seen_a = answers.setdefault(slot.key, set())
            limit = 1 if slot.key in few_prompts else MAX_ATTEMPTS
            fresh_prompt = None  # first attempt with a new prompt (its answer may be out)
            chosen = None
            for attempt in range(limit):
                job = (student.id, number, attempt)
                ex = tried[job] if job in tried else fetch(job)
                if ex is None:
                    break
                if ex["prompt_tex"] in seen_p:
                    continue
                if fresh_prompt is None:
                    fresh_prompt = (attempt, ex)
                if ex["kind"] not in STRUCTURED or slot.key in few_answers \
                        or ex["answer"] not in seen_a:
                    chosen = (attempt, ex)
                    break
            else:
                if fresh_prompt is not None:
                    chosen = fresh_prompt
                    few_answers.add(slot.key)
                else:
                    chosen = (0, tried[(student.id, number, 0)])
                    shared.setdefault(slot.key, []).append(student.id or "(set)")
                    if limit > 1:
                        few_prompts.add(slot.key)
            if chosen is None:
                continue  # simulated walk: this question waits for a draw
            attempt, ex = chosen
            seen_p.add(ex["prompt_tex"])
            seen_a.add(ex["answer"])
            questions.append(Question(number, slot, ex, attempt))
        sets.append(StudentSet(student, tuple(questions)))
    return sets, shared


def _shared_note(plan: list[Slot], key: tuple, who: list[str]) -> str:
    numbers = [str(n) for n, s in enumerate(plan, 1) if s.key == key]
    family, params = key
    level = ",".join(f"{k}={v}" for k, v in params)
    names = ", ".join(who[:5]) + (f" and {len(who) - 5} more" if len(who) > 5 else "")
    return (f"question {'/'.join(numbers)} ({family}{' ' + level if level else ''}): too few "
            f"distinct variants for the class; {len(who)} got a variant another student also has "
            f"({names})")


def _generate(kb: KnowledgeBase, plan: list[Slot], seed: int, jobs: list[tuple[str, int, int]],
              pool: ProcessPoolExecutor | None, progress: Progress | None) -> list[dict]:
    """Payloads for (student, question, attempt) jobs, in order; raise on any failure."""
    specs = [(plan[n - 1].family, plan[n - 1].params, derive_seed(seed, sid, n, a))
             for sid, n, a in jobs]
    total = len(specs)
    if progress:
        progress("generate", 0, total)
    results: list[dict] = []
    if pool is None:
        for done, spec in enumerate(specs, 1):
            results.append(exercise_payload_for(kb.families, spec))
            if progress:
                progress("generate", done, total)
    else:
        chunk = max(1, min(16, total // 32))
        batches = [specs[i:i + chunk] for i in range(0, total, chunk)]
        for batch in pool.map(_run_batch, batches):
            results.extend(batch)
            if progress:
                progress("generate", len(results), total)
    for (sid, number, attempt), ex in zip(jobs, results):
        if "error" in ex:
            who = f" for student {sid}" if sid else ""
            raise OsmoseError(f"question {number}{who}: {ex['error']}")
    return results


_WORKER_FAMILIES: dict = {}


def _init_worker(folder: str) -> None:
    from osmose.kb import load_families
    _WORKER_FAMILIES.update(load_families(Path(folder))[0])


def _run_batch(specs: list[tuple]) -> list[dict]:
    return [exercise_payload_for(_WORKER_FAMILIES, spec) for spec in specs]


def exercise_payload_for(families: dict, spec: tuple) -> dict:
    """Make, verify and describe one exercise; ``{"error": …}`` instead of raising."""
    from osmose.exercises import exercise_id, make_exercise

    name, params, seed = spec
    family = families[name]
    try:
        return exercise_payload(make_exercise(family, dict(params), seed))
    except OsmoseError as err:
        return {"error": str(err)}
    except Exception as err:  # a generator bug must not print a traceback at the user
        return {"error": f"{exercise_id(family, dict(params), seed)}: {type(err).__name__}: {err}"}


def exercise_payload(exercise) -> dict:
    """What rendering, the manifest and grading need, as JSON-able data.

    ``replay`` says whether the stored answer and mistakes (plain text, read
    back by the answer checker's own parser) grade exactly like the exercise
    itself; when not, grading rebuilds the exercise from its id.
    """
    import sympy as sp

    from osmose.checker import check_answer
    from osmose.problemset.manifest import grading_exercise

    data = exercise.to_json()
    answer = exercise.answer
    if isinstance(answer, sp.MatrixBase):
        shape, parts = [answer.rows, answer.cols], answer.rows * answer.cols
    elif isinstance(answer, (tuple, list)):
        shape, parts = [len(answer)], len(answer)
    else:
        shape, parts = [], 1
    payload = {
        "id": data["id"], "family": data["family"], "version": data["version"],
        "params": data["params"], "seed": data["seed"],
        "prompt_tex": data["prompt_tex"], "prompt_text": data["prompt_text"],
        "kind": data["kind"], "answer": data["answer"], "answer_tex": data["answer_tex"],
        "shape": shape, "parts": parts, "checking": data["checking"],
        "mistakes": data["mistakes"], "solution": data["solution"], "evidence": data["evidence"],
    }
    payload["replay"] = _replays(exercise, payload, check_answer, grading_exercise)
    return payload


def _replays(exercise, payload: dict, check_answer, grading_exercise) -> bool:
    """Whether the plain texts read back as the exercise's own answer and mistakes.

    Usually the text reads back as the very same SymPy tree (checked in
    microseconds); otherwise the checker must accept it as equivalent.
    """
    try:
        stored = grading_exercise(payload)
    except OsmoseError:
        return False
    if not _same_tree(stored.answer, exercise.answer) \
            and check_answer(exercise, payload["answer"]).status != "correct":
        return False
    for original, again, text in zip(exercise.mistakes, stored.mistakes, payload["mistakes"]):
        if isinstance(original.answer, str) or _same_tree(again.answer, original.answer):
            continue
        verdict = check_answer(exercise, text["answer"])
        if verdict.status == "wrong" and verdict.mistake is None:
            return False
    return True


def _same_tree(parsed, original) -> bool:
    """Structural equality, with symbols compared by name (assumptions dropped)."""
    import sympy as sp

    def norm(obj):
        if isinstance(obj, str):
            return obj
        if isinstance(obj, (tuple, list)):
            return tuple(norm(o) for o in obj)
        if isinstance(obj, sp.MatrixBase):
            return sp.ImmutableMatrix(obj).applyfunc(norm)
        obj = obj if isinstance(obj, sp.Basic) else sp.sympify(obj)
        names = {s: sp.Symbol(s.name) for s in obj.free_symbols if isinstance(s, sp.Symbol)}
        return obj.xreplace(names) if names else obj

    try:
        return norm(parsed) == norm(original)
    except Exception:  # an exotic object: let the checker decide
        return False
