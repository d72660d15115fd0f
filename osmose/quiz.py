"""A quiz session as an engine object: the CLI (or a test) drives it, nothing here prints.

The loop is ``next()`` → (``hint()`` …) → ``submit(text)`` or ``give_up()`` →
``rate()``, until ``next()`` returns None. Due reviews come first (most
overdue first), then up to ``new_limit`` new items in prerequisite order;
items that fall due again during the session (FSRS learning steps) come back.
Each ``rate()`` is one committed transaction, so stopping at any point keeps
every rated answer. Skill items draw a fresh seed at every review.
"""

from __future__ import annotations

import dataclasses
import random
import time
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Callable

from osmose.errors import OsmoseError
from osmose.items import Item
from osmose.schedule import Rating, Scheduler, pace_for, propose_rating
from osmose.store import ReviewRow, Store
from osmose.unitex import prose, to_unicode

#: Seeds are drawn from [0, SEED_SPACE): exercise ids stay short.
SEED_SPACE = 2**31


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


@dataclass
class Summary:
    reviewed: int = 0
    new: int = 0
    correct: int = 0
    wrong: int = 0
    again: int = 0
    #: items left out this session, with why (a generator failing, an unknown family)
    skipped: list[str] = field(default_factory=list)


class Quiz:
    """One session over ``items`` (in prerequisite order), backed by ``store``."""

    def __init__(self, store: Store, items: list[Item], *, titles: dict[str, str] | None = None,
                 scheduler: Scheduler | None = None, families: Callable[[], dict] | None = None,
                 new_limit: int = 10, limit: int | None = None,
                 checker: Callable | None = None, rng: random.Random | None = None,
                 clock: Callable[[], int] = wall_clock_ms, timer: Callable[[], float] = time.monotonic):
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
        self.summary = Summary()
        self.turn: Turn | None = None
        self._skipped: set[str] = set()
        self._introduced: set[str] = set()
        store.quick_check()
        self._known = store.known_keys()

    # --- planning -------------------------------------------------------------

    def plan(self) -> tuple[int, int]:
        """(due now, new to introduce) for this selection, as the session starts."""
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
                return turn
        return None

    def _pick(self) -> tuple[Item | None, bool]:
        for row in self.store.due_items(self.clock(), self.concepts):
            if row.key in self.by_key and row.key not in self._skipped:
                return self.by_key[row.key], False
        if self.summary.new < self.new_limit:
            for item in self.items:
                if (item.key not in self._known and item.key not in self._introduced
                        and item.key not in self._skipped):
                    return item, True
        return None, False

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
        from osmose.mathtext import uni

        ex = turn.exercise
        return {"answer": uni(ex.answer),
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
        """Schedule the item (``None`` accepts the proposed rating) and commit the review."""
        turn = self.turn
        if turn is None or turn.outcome is None:
            raise RuntimeError("nothing to rate: answer the current turn first")
        outcome = turn.outcome
        rating = Rating(rating) if rating is not None else outcome.proposed
        now = self.clock()
        item = turn.item
        with self.store.transaction():
            row = self.store.ensure_item(item.key, item.concept, item.kind, now)
            card = self.scheduler.review(row.id, row.card, rating, now, outcome.duration_ms)
            self.store.save_review(row, card, ReviewRow(
                reviewed_at=now, verdict=outcome.status, proposed=int(outcome.proposed),
                rating=int(rating), duration_ms=outcome.duration_ms, answer=outcome.answer_text,
                exercise=turn.exercise.id if turn.exercise is not None else None,
                seed=turn.seed, hints=len(turn.hints), shown=turn.shown))
        self._known.add(item.key)
        s = self.summary
        s.reviewed += 1
        s.new += turn.new
        s.correct += outcome.status == "correct"
        s.wrong += outcome.status == "wrong"
        s.again += rating == Rating.Again
        self.turn = None
        return Rated(rating, outcome.proposed, card.due, now)

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
