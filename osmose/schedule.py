"""FSRS scheduling: a thin wrapper over the ``fsrs`` package (Anki's own algorithm).

The wrapper converts between the store's ``CardState`` (integer milliseconds)
and ``fsrs.Card`` (UTC datetimes), always passing the item's stable integer
id as the card id (the package's default id sleeps and reads the clock). It
also proposes a rating from what happened: a wrong answer, a hint or a shown
solution is a lapse (Again); otherwise the response time decides between Hard,
Good and Easy, relative to the learner's own pace on that item when known.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import datetime, timezone

import fsrs
from fsrs import Rating

from osmose.errors import OsmoseError
from osmose.store import CardState

__all__ = ["Rating", "Scheduler", "Pace", "propose_rating", "pace_for", "to_ms", "from_ms",
           "RATING_NAMES", "parse_rating"]

RATING_NAMES = {Rating.Again: "again", Rating.Hard: "hard", Rating.Good: "good", Rating.Easy: "easy"}

MIN_RETENTION, MAX_RETENTION = 0.7, 0.99


def to_ms(moment: datetime) -> int:
    return round(moment.timestamp() * 1000)


def from_ms(ms: int) -> datetime:
    return datetime.fromtimestamp(ms / 1000, tz=timezone.utc)


class Scheduler:
    """FSRS with a desired retention; ``fuzz=False`` makes intervals reproducible."""

    def __init__(self, desired_retention: float = 0.9, fuzz: bool = True):
        if not MIN_RETENTION <= desired_retention <= MAX_RETENTION:
            raise OsmoseError(f"desired retention must be between {MIN_RETENTION} and "
                              f"{MAX_RETENTION}, got {desired_retention}")
        self.fsrs = fsrs.Scheduler(desired_retention=desired_retention, enable_fuzzing=fuzz)
        self.desired_retention = desired_retention
        decay = -self.fsrs.parameters[20]
        self._decay, self._factor = decay, 0.9 ** (1 / decay) - 1

    def review(self, card_id: int, card: CardState, rating: Rating, now: int,
               duration_ms: int | None = None) -> CardState:
        """The card's state after being rated ``rating`` at ``now`` (ms)."""
        before = fsrs.Card(
            card_id=card_id, state=fsrs.State(card.state), step=card.step,
            stability=card.stability, difficulty=card.difficulty,
            due=from_ms(card.due),
            last_review=from_ms(card.last_review) if card.last_review is not None else None,
        )
        after, _log = self.fsrs.review_card(before, Rating(rating), from_ms(now), duration_ms)
        return CardState(
            state=int(after.state), step=after.step, stability=after.stability,
            difficulty=after.difficulty, due=to_ms(after.due),
            last_review=to_ms(after.last_review),
        )

    def interval_days(self, stability: float) -> int:
        """FSRS's next interval for a stability at the desired retention (whole days, no fuzz)."""
        days = stability / self._factor * (self.desired_retention ** (1 / self._decay) - 1)
        return min(max(round(days), 1), self.fsrs.maximum_interval)

    def retrievability(self, stability: float | None, last_review: int | None, now: int,
                       exact: bool = False) -> float:
        """Predicted probability of recall at ``now``; 0 for an item never reviewed.

        The same forgetting curve as ``fsrs.Scheduler.get_card_retrievability``
        (whole elapsed days), without building a Card per item; ``exact`` counts
        the elapsed time to the millisecond (progress displays: not 100 % all day).
        """
        if stability is None or last_review is None:
            return 0.0
        elapsed_days = max(0, (now - last_review) / 86_400_000 if exact
                           else (now - last_review) // 86_400_000)
        return (1 + self._factor * elapsed_days / stability) ** self._decay


@dataclass(frozen=True)
class Pace:
    """Answers faster than ``fast_ms`` are Easy, slower than ``slow_ms`` Hard."""

    fast_ms: int
    slow_ms: int


#: Defaults before the learner has a history with an item.
DEFAULT_PACE = {"fact": Pace(8_000, 40_000), "skill": Pace(30_000, 180_000)}


def pace_for(kind: str, recent_ms: list[int]) -> Pace:
    """The learner's own pace on an item once three good answers exist, else the default."""
    if len(recent_ms) < 3:
        return DEFAULT_PACE[kind]
    typical = statistics.median(recent_ms)
    return Pace(int(typical * 0.5), int(typical * 2))


def propose_rating(verdict: str, duration_ms: int, pace: Pace, hints: int = 0,
                   shown: bool = False) -> Rating:
    """The rating to suggest; the learner can always override it.

    ``verdict`` is the checker's status (``correct``/``wrong``) for skills,
    ``self`` for a self-graded fact (Good, or Hard when slow), ``shown`` when the
    solution was revealed.
    """
    if shown or hints or verdict in ("wrong", "shown", "invalid"):
        return Rating.Again
    if verdict == "self":
        # a quick reveal is no evidence of recall: Easy is the learner's call
        return Rating.Hard if duration_ms >= pace.slow_ms else Rating.Good
    if duration_ms <= pace.fast_ms:
        return Rating.Easy
    if duration_ms >= pace.slow_ms:
        return Rating.Hard
    return Rating.Good


def parse_rating(text: str) -> Rating | None:
    """``1``–``4`` or a rating's name (``again``, ``g`` …) → Rating; None if not one."""
    word = text.strip().lower()
    if word in ("1", "2", "3", "4"):
        return Rating(int(word))
    for rating, name in RATING_NAMES.items():
        if word and name.startswith(word):
            return rating
    return None
