"""A quiz session as an engine object: the CLI (or a test) drives it, nothing here prints.

The loop is ``next()`` → (``hint()`` …) → ``submit(text)`` or ``give_up()`` →
``rate()``, until ``next()`` returns None. What comes next:

1. a due review — with a prerequisite graph, the one whose pass credits the
   most other due items (``osmose.graph_schedule``), else the most overdue;
2. a new item (up to ``new_limit``): concepts are served round-robin, from
   the knowledge frontier when a graph is given, and whenever the last two
   new items were facts and an exercise is available, an exercise comes next;
3. an item in FSRS learning steps due within ``LEARN_AHEAD_MS`` (Anki's learn
   ahead): an item rated Again comes back within the session, and the session
   ends when nothing is due within it.

Each ``rate()`` is one committed transaction — the review, and the implicit
credit or early checks it causes — so stopping at any point keeps every rated
answer. Skill items draw a fresh seed at every review.
"""

from __future__ import annotations

import dataclasses
import random
import time
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Callable

from osmose.errors import OsmoseError
from osmose.graph_schedule import Graph, after_review, coverage, definition_key
from osmose.items import Item
from osmose.schedule import Rating, Scheduler, pace_for, propose_rating
from osmose.store import ReviewRow, Store
from osmose.unitex import prose, to_unicode

#: Seeds are drawn from [0, SEED_SPACE): exercise ids stay short.
SEED_SPACE = 2**31
#: Learning-step items due within this window are shown when nothing else is left.
LEARN_AHEAD_MS = 20 * 60_000
#: Without named concepts, new items come from at most this many concepts at a time.
CONCEPTS_AT_ONCE = 3
#: A new exercise is due after this many new facts in a row (one item in three).
FACTS_PER_EXERCISE = 2
LEARNING_STATES = (1, 3)


def wall_clock_ms() -> int:
    return time.time_ns() // 1_000_000


@dataclass
class Turn:
    """One prompt: what to show, and what happened so far."""

    number: int
    item: Item
    new: bool
    #: the concept's title, the item's label and the question, in Unicode
    title: str
    label: str
    question: str
    #: earlier derivation steps shown above a "next step" question
    context: tuple[str, ...] = ()
    exercise: object | None = None
    started: float = 0.0
    hints: list[str] = field(default_factory=list)
    shown: bool = False
    outcome: "Outcome | None" = None

    @property
    def skill(self) -> bool:
        return self.item.kind == "skill"

    @property
    def seed(self) -> int | None:
        return self.exercise.seed if self.exercise is not None else None


@dataclass(frozen=True)
class Outcome:
    """What the learner sees after answering or revealing.

    ``status`` is the checker's verdict for skills (``correct``, ``wrong``, or
    ``invalid`` — then the turn stays open for another try), ``self`` for a
    fact to grade oneself, ``shown`` when the solution was asked for.
    """

    status: str
    answer_text: str = ""
    echo: str = ""
    message: str = ""
    feedback: str = ""
    #: the right answer, in Unicode
    answer: str = ""
    #: worked solution: (words, math) lines in Unicode
    solution: tuple[tuple[str, str], ...] = ()
    score: Fraction | None = None
    proposed: Rating | None = None
    duration_ms: int = 0


@dataclass(frozen=True)
class Rated:
    rating: Rating
    proposed: Rating
    #: when the item is due next (ms since the epoch)
    due: int
    reviewed_at: int
    #: prerequisite skills credited with an implicit repetition, and those brought forward
    credited: tuple[str, ...] = ()
    checks: tuple[str, ...] = ()


@dataclass
class Summary:
    reviewed: int = 0
    new: int = 0
    correct: int = 0
    wrong: int = 0
    again: int = 0
    #: implicit repetitions credited to prerequisite skills, early checks scheduled
    implicit: int = 0
    checks: int = 0
    #: items left out this session, with why (a generator failing, an unknown family)
    skipped: list[str] = field(default_factory=list)


def missing_prerequisites(store: Store, graph: Graph, concept_ids, facts: bool = True) -> list[str]:
    """Concepts the selection builds on that the learner has not learned yet, roots first.

    ``facts=False`` (exercises only): learned means every skill passed.
    """
    keys = {definition_key(c) for c in graph.requires}
    keys |= {k for ks in graph.skills.values() for k in ks}
    return graph.missing_prerequisites(concept_ids, store.best_ratings(keys), facts)


class Quiz:
    """One session over ``items`` (in prerequisite and teaching order), backed by ``store``.

    With a ``graph`` (``osmose.graph_schedule.Graph`` of the whole knowledge
    base), new items come from the knowledge frontier and every rated skill
    gives implicit credit or early checks; ``catalog`` (key → Item of the whole
    knowledge base) lets a prerequisite brought forward by a check be asked in
    this session. ``named`` concepts are served round-robin, all of them.
    """

    def __init__(self, store: Store, items: list[Item], *, titles: dict[str, str] | None = None,
                 scheduler: Scheduler | None = None, families: Callable[[], dict] | None = None,
                 new_limit: int = 10, limit: int | None = None,
                 checker: Callable | None = None, rng: random.Random | None = None,
                 clock: Callable[[], int] = wall_clock_ms, timer: Callable[[], float] = time.monotonic,
                 graph: Graph | None = None, catalog: dict[str, Item] | None = None,
                 named: tuple[str, ...] = ()):
        self.store, self.items = store, list(items)
        self.by_key = {i.key: i for i in self.items}
        self.concepts = sorted({i.concept for i in self.items})
        self.titles = titles or {}
        self.scheduler = scheduler or Scheduler()
        self._families = families
        self.new_limit, self.limit = new_limit, limit
        self._checker = checker
        self.rng = rng or random.Random()
        self.clock, self.timer = clock, timer
        self.graph, self.catalog = graph, dict(catalog or {})
        self.summary = Summary()
        self.turn: Turn | None = None
        self._skipped: set[str] = set()
        self._introduced: set[str] = set()
        self._checked: dict[str, Item] = {}
        self._last: str | None = None
        self._recent_new: list[str] = []  # kinds of the new items so far
        store.quick_check()
        self._known = store.known_keys()
        self._best: dict[str, int] = {}
        if graph is not None:
            watch = {i.key for i in self.items} | set(self.catalog)
            watch |= {definition_key(c) for c in self.concepts}
            self._best = store.best_ratings(watch)
        order = list(dict.fromkeys(i.concept for i in self.items))
        if graph is not None:
            order = graph.breadth_first(order)
        self._order = order
        self._named = bool(named)
        self._queues: dict[str, list[Item]] = {c: [] for c in order}
        for item in self.items:
            if item.key not in self._known:
                self._queues[item.concept].append(item)
        self._pointer = -1
        self._served: dict[str, int] = {}

    # --- planning -------------------------------------------------------------

    def plan(self) -> tuple[int, int]:
        """(due now, new to introduce at most) for this selection, as the session starts."""
        due = sum(1 for row in self.store.due_items(self.clock(), self.concepts)
                  if row.key in self.by_key)
        fresh = sum(1 for i in self.items if i.key not in self._known)
        if self.limit is not None:
            due = min(due, self.limit)
            fresh = min(fresh, self.limit - due)
        return due, min(fresh, self.new_limit)

    def next(self) -> Turn | None:
        """The next prompt, or None when the session is over."""
        if self.turn is not None and self.turn.outcome is None:
            raise RuntimeError("answer or give up on the current turn before asking for the next")
        self.turn = None
        while self.limit is None or self.summary.reviewed < self.limit:
            item, new = self._pick()
            if item is None:
                return None
            turn = self._start(item, new)
            if turn is not None:
                self.turn = turn
                self._last = item.key
                return turn
        return None

    def _pick(self) -> tuple[Item | None, bool]:
        now = self.clock()
        due = self._due_rows(now)
        if due:
            return self._choose_due(due), False
        if self.summary.new < self.new_limit:
            item = self._pick_new()
            if item is not None:
                return item, True
        ahead = [r for r in self._due_rows(now + LEARN_AHEAD_MS, after=now)
                 if r.card.state in LEARNING_STATES]
        if ahead:
            return self._item(ahead[0].key), False
        return None, False

    def _item(self, key: str) -> Item:
        return self.by_key.get(key) or self._checked[key]

    def _due_rows(self, until: int, after: int | None = None) -> list:
        concepts = set(self.concepts) | {i.concept for i in self._checked.values()}
        return [r for r in self.store.due_items(until, sorted(concepts), after=after)
                if (r.key in self.by_key or r.key in self._checked) and r.key not in self._skipped]

    def _choose_due(self, rows: list):
        """The due item whose pass credits the most other due items; else the most overdue."""
        if len(rows) > 1 and rows[0].key == self._last:
            rows = rows[1:] + rows[:1]  # never the same item twice in a row when others wait
        best = rows[0]
        if self.graph is not None:
            cover = coverage(self.graph, rows)
            top = max(cover.values(), default=0)
            if top > cover.get(best.key, 0):
                best = next((r for r in rows if cover.get(r.key, 0) == top and r.key != self._last),
                            best)
        return self._item(best.key)

    def _pick_new(self) -> Item | None:
        """Round-robin over open concepts; an exercise after two new facts when one is available."""
        for concept in self._order:
            queue = self._queues[concept]
            while queue and (queue[0].key in self._known or queue[0].key in self._introduced
                             or queue[0].key in self._skipped):
                queue.pop(0)
        facts = any(i.kind == "fact" for i in self.items)
        open_ = [c for c in self._order if self._queues[c]
                 and (self.graph is None or self.graph.is_open(c, self._best, facts))]
        if not self._named:
            open_ = open_[:CONCEPTS_AT_ONCE]
        if not open_:
            return None
        rotation = self._rotation(open_)
        recent = self._recent_new[-FACTS_PER_EXERCISE:]
        if len(recent) == FACTS_PER_EXERCISE and "skill" not in recent:
            for concept in rotation:
                skill = next((i for i in self._queues[concept] if i.kind == "skill"), None)
                if skill is not None and self._definition_met(concept):
                    return self._take(concept, skill)
        concept = rotation[0]
        return self._take(concept, self._queues[concept][0])

    def _rotation(self, open_: list[str]) -> list[str]:
        """Open concepts, least served first, then starting after the concept served last."""
        after = [c for c in open_ if self._order.index(c) > self._pointer]
        turn = after + [c for c in open_ if c not in after]
        return sorted(turn, key=lambda c: self._served.get(c, 0))

    def _definition_met(self, concept: str) -> bool:
        key = definition_key(concept)
        return key not in self.by_key or key in self._known or key in self._introduced

    def _take(self, concept: str, item: Item) -> Item:
        self._pointer = self._order.index(concept)
        self._served[concept] = self._served.get(concept, 0) + 1
        self._queues[concept].remove(item)
        return item

    def _start(self, item: Item, new: bool) -> Turn | None:
        title = prose(self.titles.get(item.concept, item.concept))
        number = self.summary.reviewed + 1
        if item.kind == "fact":
            turn = Turn(number, item, new, title, prose(item.label), prose(item.question),
                        tuple(to_unicode(t) for t in item.context))
        else:
            exercise = self._draw(item)
            if exercise is None:
                return None
            turn = Turn(number, item, new, title, prose(item.label), exercise.prompt_text,
                        exercise=exercise)
        if new:
            self._introduced.add(item.key)
            self._recent_new.append(item.kind)
        turn.started = self.timer()
        return turn

    def _draw(self, item: Item):
        """A fresh exercise for a skill item, or None (and a note) if it cannot be made."""
        from osmose.exercises import make_exercise_reported as make_exercise

        families = self._families() if self._families else {}
        family = families.get(item.family)
        if family is None:
            return self._skip(item, f"unknown exercise family '{item.family}'")
        try:
            return make_exercise(family, item.params, self.rng.randrange(SEED_SPACE))
        except OsmoseError as err:
            return self._skip(item, str(err))

    def _skip(self, item: Item, why: str) -> None:
        self._skipped.add(item.key)
        self.summary.skipped.append(f"{item.key}: {why}")
        return None

    # --- answering ------------------------------------------------------------

    def hint(self) -> str:
        """The next hint ("" when there is none left); any hint makes the answer a lapse."""
        turn = self._open_turn()
        hints = self._hints(turn)
        if len(turn.hints) >= len(hints):
            return ""
        turn.hints.append(hints[len(turn.hints)])
        return turn.hints[-1]

    def _hints(self, turn: Turn) -> list[str]:
        if not turn.skill:
            return [prose(turn.item.hint)] if turn.item.hint else []
        steps = turn.exercise.solution
        out = [_line(s.say, s.text) for s in steps[:-1]]
        if steps and steps[-1].say:
            out.append(steps[-1].say)  # the last step's words, not its result
        return [h for h in out if h]

    def submit(self, text: str) -> Outcome:
        """Judge a typed answer (skills) or reveal the answer to self-grade (facts)."""
        turn = self._open_turn()
        duration = self._elapsed(turn)
        if not turn.skill:
            return self._finish(turn, Outcome("self", text, answer=prose(turn.item.answer),
                                              duration_ms=duration))
        verdict = self._check(turn.exercise, text)
        if verdict.status == "invalid":
            return Outcome("invalid", text, message=verdict.message)  # the turn stays open
        return self._finish(turn, Outcome(
            verdict.status, text, echo=verdict.echo, message=verdict.message,
            feedback=verdict.feedback, score=verdict.score, duration_ms=duration,
            **self._solution(turn)))

    def give_up(self) -> Outcome:
        """Show the answer (a fact) or the worked solution (a skill); it counts as a lapse."""
        turn = self._open_turn()
        turn.shown = True
        duration = self._elapsed(turn)
        if not turn.skill:
            return self._finish(turn, Outcome("shown", answer=prose(turn.item.answer),
                                              duration_ms=duration))
        return self._finish(turn, Outcome("shown", duration_ms=duration, **self._solution(turn)))

    def _solution(self, turn: Turn) -> dict:
        from osmose.mathtext import display

        ex = turn.exercise
        return {"answer": display(ex.answer),  # laid-out matrices, decimal companion
                "solution": tuple((prose(s.say), s.text or to_unicode(s.tex)) for s in ex.solution)}

    def _check(self, exercise, text: str):
        if self._checker is None:
            from osmose.checker import check_answer
            self._checker = check_answer
        return self._checker(exercise, text)

    def _finish(self, turn: Turn, outcome: Outcome) -> Outcome:
        recent = []
        row = self.store.get(turn.item.key)
        if row is not None:
            recent = self.store.recent_durations(row.id)
        proposed = propose_rating(outcome.status, outcome.duration_ms,
                                  pace_for(turn.item.kind, recent),
                                  hints=len(turn.hints), shown=turn.shown)
        outcome = dataclasses.replace(outcome, proposed=proposed)
        turn.outcome = outcome
        return outcome

    # --- rating -----------------------------------------------------------------

    def rate(self, rating: Rating | int | None = None) -> Rated:
        """Schedule the item (``None`` accepts the proposed rating) and commit the review.

        With a graph, the implicit credit or early checks the review causes are
        stored in the same transaction, each as a review-log row of its own.
        """
        turn = self.turn
        if turn is None or turn.outcome is None:
            raise RuntimeError("nothing to rate: answer the current turn first")
        outcome = turn.outcome
        rating = Rating(rating) if rating is not None else outcome.proposed
        now = self.clock()
        item = turn.item
        credited, checks = [], []
        with self.store.transaction():
            row = self.store.ensure_item(item.key, item.concept, item.kind, now)
            card = self.scheduler.review(row.id, row.card, rating, now, outcome.duration_ms)
            cause = self.store.save_review(row, card, ReviewRow(
                reviewed_at=now, verdict=outcome.status, proposed=int(outcome.proposed),
                rating=int(rating), duration_ms=outcome.duration_ms, answer=outcome.answer_text,
                exercise=turn.exercise.id if turn.exercise is not None else None,
                seed=turn.seed, hints=len(turn.hints), shown=turn.shown))
            if self.graph is not None and item.kind == "skill":
                credited, checks = self._propagate(item, int(rating), now, cause)
        self._known.add(item.key)
        self._best[item.key] = max(self._best.get(item.key, 0), int(rating))
        s = self.summary
        s.reviewed += 1
        s.new += turn.new
        s.correct += outcome.status == "correct"
        s.wrong += outcome.status == "wrong"
        s.again += rating == Rating.Again
        s.implicit += len(credited)
        s.checks += len(checks)
        self.turn = None
        return Rated(rating, outcome.proposed, card.due, now, tuple(credited), tuple(checks))

    def _propagate(self, item: Item, rating: int, now: int, cause: int) -> tuple[list, list]:
        """Store the implicit repetitions or early checks of a rated skill (inside its transaction)."""
        keys = [k for k, _, _ in self.graph.credit_targets(item.concept)]
        rows = self.store.rows(keys)
        credited, checks = [], []
        for effect in after_review(self.graph, self.scheduler, item.concept, item.kind, rating,
                                   now, rows, self.store.last_credit(rows)):
            row = rows[effect.key]
            check = effect.kind == "check"
            self.store.save_review(row, effect.after, ReviewRow(
                reviewed_at=now, verdict=effect.kind, proposed=1 if check else 3,
                rating=1 if check else 3, duration_ms=0, answer="", kind=effect.kind,
                credit=effect.weight, cause=cause))
            (checks if check else credited).append(effect.key)
            if check and effect.key not in self.by_key and effect.key in self.catalog:
                self._checked[effect.key] = self.catalog[effect.key]
        return credited, checks

    def next_due(self) -> int | None:
        """When the next review of this selection falls due after now (ms), if any."""
        rows = self.store.due_items(2**62, self.concepts, after=self.clock())
        return next((row.card.due for row in rows if row.key in self.by_key), None)

    def _open_turn(self) -> Turn:
        if self.turn is None or self.turn.outcome is not None:
            raise RuntimeError("no open turn: call next() first")
        return self.turn

    def _elapsed(self, turn: Turn) -> int:
        return max(0, round((self.timer() - turn.started) * 1000))


def _line(say: str, text: str) -> str:
    say, text = prose(say), text
    return f"{say}  {text}".strip() if text else say
