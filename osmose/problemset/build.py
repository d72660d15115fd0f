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

import contextlib
import hashlib
import random
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from osmose.errors import KBError, OsmoseError
from osmose.kb import KnowledgeBase
from osmose.problemset.roster import Student
from osmose.workers import worker_pool

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
    #: how the walk chose it: "ok", "fresh" (answer already out), "shared" (variant already out)
    outcome: str = "ok"


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
        return len(self.plan)  # one point per question


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

#: students drawn, checked for collisions and written together; memory stays bounded
#: by one chunk, and the low-variety test looks at the first chunk's draws
CHUNK = 250


def build_problemset(kb: KnowledgeBase, plan: list[Slot], seed: int, students: list[Student],
                     *, title: str = "Problem set", roster: bool = True, workers: int = 2,
                     progress: Progress | None = None) -> ProblemSet:
    """Draw and verify every student's variants in memory; raises ``OsmoseError`` on a broken family."""
    sets: list[StudentSet] = []
    with Drawing(kb, plan, seed, workers) as drawing:
        for chunk in drawing.chunks(students, progress):
            sets.extend(chunk)
        notes = drawing.notes()
    return ProblemSet(title, seed, tuple(plan), tuple(sets), roster, notes)


class Drawing:
    """The roster walk, chunk by chunk, on a worker pool that outlives the chunks.

    ``chunks(students)`` yields each chunk's ``StudentSet``s as soon as they are
    final, so a caller can write them and drop them: time and memory stay linear
    in the roster. A walk interrupted after some students resumes with
    ``replay(...)`` of what was written, then ``chunks`` of the rest.
    """

    def __init__(self, kb: KnowledgeBase, plan: list[Slot], seed: int, workers: int = 2):
        self.kb, self.plan, self.seed, self.workers = kb, plan, seed, workers
        self.state: Walk | None = None
        self.pool: ProcessPoolExecutor | None = None
        self._stack = contextlib.ExitStack()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.pool = None
        return self._stack.__exit__(*exc)

    def _pool(self, jobs: int):
        if self.pool is None and self.workers > 1 and jobs >= POOL_THRESHOLD:
            self.pool = self._stack.enter_context(
                worker_pool(self.workers, _init_worker, (str(self.kb.root / "generators"),)))
        return self.pool

    def replay(self, few: tuple[set, set], students: list[tuple[str, list[dict]]]) -> None:
        """Restore the walk's state from students already written: ``(id, [record per question])``."""
        self.state = Walk(self.plan, few)
        for sid, records in students:
            self.state.replay(sid, records)

    def chunks(self, students: list[Student], progress: Progress | None = None):
        total = len(students) * len(self.plan)
        done = 0
        if progress:
            progress("generate", 0, total)
        chunks = [students[i:i + CHUNK] for i in range(0, len(students), CHUNK)]
        pending = self._submit(chunks[0]) if chunks else None
        for k, chunk in enumerate(chunks):
            jobs, futures = pending
            # the next chunk's first draws do not depend on this chunk: start them now
            pending = self._submit(chunks[k + 1]) if k + 1 < len(chunks) else None
            step = (lambda n, base=done: progress("generate", base + n, total)) if progress else None
            tried = dict(zip(jobs, self._collect(jobs, futures, step)))
            if self.state is None:
                self.state = Walk(self.plan, _low_variety(self.plan, tried))
            self._prefetch(chunk, tried)

            def fetch(job):
                tried[job] = _generate(self.kb, self.plan, self.seed, [job], None, None)[0]
                return tried[job]

            sets = self.state.walk(chunk, tried, fetch)
            done += len(chunk) * len(self.plan)
            if progress:
                progress("generate", done, total)
            yield sets

    @property
    def few(self) -> tuple[set, set]:
        return self.state.first_few if self.state else (set(), set())

    def notes(self) -> tuple[str, ...]:
        if self.state is None:
            return ()
        return tuple(_shared_note(self.plan, key, who) for key, who in self.state.shared.items())

    def _submit(self, chunk: list[Student]):
        jobs = [(s.id, number, 0) for s in chunk for number in range(1, len(self.plan) + 1)]
        pool = self._pool(len(jobs))
        if pool is None:
            return jobs, None
        specs = _specs(self.plan, self.seed, jobs)
        size = max(1, min(16, len(specs) // 32))
        return jobs, [pool.submit(_run_batch, specs[i:i + size]) for i in range(0, len(specs), size)]

    def _collect(self, jobs, futures, step: Callable[[int], None] | None) -> list[dict]:
        """The chunk's first draws, in order; ``step(n)`` after each batch (for progress)."""
        if futures is None:
            return _generate(self.kb, self.plan, self.seed, jobs, None, None)
        results: list[dict] = []
        for f in futures:
            results += f.result()
            if step:
                step(len(results))
        _raise_errors(jobs, results)
        return results

    def _prefetch(self, chunk: list[Student], tried: dict) -> None:
        """Redraws depend on earlier students' choices, so the final walk is sequential;
        a few simulated walks first find most redraws and make them on every core."""
        if self.pool is None:
            return
        for _ in range(3):
            missing: list = []
            self.state.copy().walk(chunk, tried, lambda job: missing.append(job))
            if len(missing) < POOL_THRESHOLD:
                return
            tried.update(zip(missing, _generate(self.kb, self.plan, self.seed, missing,
                                                self.pool, None)))


def prompt_key(ex: dict) -> str:
    """What identifies a handed-out prompt (a digest: 10,000 students' prompts stay small)."""
    return hashlib.sha256(ex["prompt_tex"].encode()).hexdigest()[:20]


class Walk:
    """Who got which variant so far: the state of the roster walk, resumable from records."""

    def __init__(self, plan: list[Slot], few: tuple[set, set]):
        self.plan = plan
        self.first_few = (set(few[0]), set(few[1]))
        self.prompts: dict[tuple, set[str]] = {}  # slot key -> prompts handed out
        self.answers: dict[tuple, set[str]] = {}  # slot key -> answers handed out
        self.few_prompts = set(few[0])  # slots whose variants ran out: stop redrawing
        self.few_answers = set(few[1])  # slots whose answers ran out: only prompts must differ
        self.shared: dict[tuple, list[str]] = {}  # slot key -> students with a variant already out

    def copy(self) -> "Walk":
        other = Walk(self.plan, (self.few_prompts, self.few_answers))
        other.prompts = {k: set(v) for k, v in self.prompts.items()}
        other.answers = {k: set(v) for k, v in self.answers.items()}
        other.shared = {k: list(v) for k, v in self.shared.items()}
        return other

    def replay(self, sid: str, records: list[dict]) -> None:
        """Apply one written student's outcomes: ``{"prompt", "answer", "outcome"}`` per question."""
        for slot, rec in zip(self.plan, records):
            self._record(slot.key, sid, rec["prompt"], rec["answer"], rec["outcome"])

    def _record(self, key: tuple, sid: str, prompt: str, answer: str, outcome: str) -> None:
        self.prompts.setdefault(key, set()).add(prompt)
        self.answers.setdefault(key, set()).add(answer)
        if outcome == "fresh":
            self.few_answers.add(key)
        elif outcome == "shared":
            who = self.shared.setdefault(key, [])
            if sid not in who:
                who.append(sid)
            self.few_prompts.add(key)

    def walk(self, students: list[Student], tried: dict, fetch: Callable) -> list[StudentSet]:
        """Give each student, in roster order, variants nobody before them has.

        ``fetch(job)`` supplies a payload not in ``tried``; when it returns ``None``
        (a simulated walk collecting what to draw) the question is left out.
        """
        sets = []
        for student in students:
            questions = []
            for number, slot in enumerate(self.plan, start=1):
                seen_p = self.prompts.setdefault(slot.key, set())
                seen_a = self.answers.setdefault(slot.key, set())
                limit = 1 if slot.key in self.few_prompts else MAX_ATTEMPTS
                fresh_prompt = None  # first attempt with a new prompt (its answer may be out)
                chosen, outcome = None, "ok"
                for attempt in range(limit):
                    job = (student.id, number, attempt)
                    ex = tried[job] if job in tried else fetch(job)
                    if ex is None:
                        break
                    if prompt_key(ex) in seen_p:
                        continue
                    if fresh_prompt is None:
                        fresh_prompt = (attempt, ex)
                    if ex["kind"] not in STRUCTURED or slot.key in self.few_answers \
                            or ex["answer"] not in seen_a:
                        chosen = (attempt, ex)
                        break
                else:
                    if fresh_prompt is not None:
                        chosen, outcome = fresh_prompt, "fresh"
                    else:
                        chosen, outcome = (0, tried[(student.id, number, 0)]), "shared"
                if chosen is None:
                    continue  # simulated walk: this question waits for a draw
                attempt, ex = chosen
                self._record(slot.key, student.id or "(set)", prompt_key(ex), ex["answer"], outcome)
                questions.append(Question(number, slot, ex, attempt, outcome=outcome))
            sets.append(StudentSet(student, tuple(questions)))
        return sets


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
    """One walk over ``students`` from a fresh state: (sets, shared)."""
    walk = Walk(plan, few)
    return walk.walk(students, tried, fetch), walk.shared


def _shared_note(plan: list[Slot], key: tuple, who: list[str]) -> str:
    numbers = [str(n) for n, s in enumerate(plan, 1) if s.key == key]
    family, params = key
    level = ",".join(f"{k}={v}" for k, v in params)
    names = ", ".join(who[:3]) + (f" and {len(who) - 3} more" if len(who) > 3 else "")
    many = len(who) != 1
    where = "another student or question" if len(numbers) > 1 else "an earlier student"
    return (f"question {'/'.join(numbers)} ({family}{' ' + level if level else ''}) has fewer "
            f"distinct variants than the class needs: {len(who)} student{'s' if many else ''} "
            f"({names}) {'were' if many else 'was'} given a variant already handed out to {where} "
            "(the same numbers, so answers can be shared)")


def _specs(plan: list[Slot], seed: int, jobs) -> list[tuple]:
    return [(plan[n - 1].family, plan[n - 1].params, derive_seed(seed, sid, n, a))
            for sid, n, a in jobs]


def _raise_errors(jobs, results) -> None:
    for (sid, number, attempt), ex in zip(jobs, results):
        if "error" in ex:
            who = f" for student {sid}" if sid else ""
            raise OsmoseError(f"question {number}{who}: {ex['error']}")


def _generate(kb: KnowledgeBase, plan: list[Slot], seed: int, jobs: list[tuple[str, int, int]],
              pool: ProcessPoolExecutor | None, progress: Progress | None) -> list[dict]:
    """Payloads for (student, question, attempt) jobs, in order; raise on any failure."""
    specs = _specs(plan, seed, jobs)
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
    _raise_errors(jobs, results)
    return results


_WORKER_FAMILIES: dict = {}


def _init_worker(folder: str) -> None:
    from osmose.kb import load_families
    _WORKER_FAMILIES.update(load_families(Path(folder))[0])


def _run_batch(specs: list[tuple]) -> list[dict]:
    return [exercise_payload_for(_WORKER_FAMILIES, spec) for spec in specs]


def exercise_payload_for(families: dict, spec: tuple) -> dict:
    """Make, verify and describe one exercise; ``{"error": …}`` instead of raising."""
    from osmose.exercises import make_exercise_reported

    name, params, seed = spec
    family = families[name]
    try:
        return exercise_payload(make_exercise_reported(family, dict(params), seed))
    except OsmoseError as err:  # a generator bug must not print a traceback at the user
        return {"error": str(err)}


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
