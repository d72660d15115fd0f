"""What the learner's database says: what is due when, how reviews went, what is mastered.

Read-only summaries behind ``osmose due`` and ``osmose stats``. Days are the
learner's local calendar days; every count uses an indexed range query, so a
database of 100 000 items answers in milliseconds.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time as dtime, timedelta

from osmose.store import ItemRow, Store

DAY_MS = 86_400_000


def local_midnights(now: int, days: int) -> list[int]:
    """Local midnights (ms) starting with the one after ``now``: ``days`` of them."""
    today = datetime.fromtimestamp(now / 1000).date()
    out = []
    for k in range(1, days + 1):
        midnight = datetime.combine(today + timedelta(days=k), dtime()).astimezone()
        out.append(int(midnight.timestamp() * 1000))
    return out


@dataclass
class Forecast:
    """Items due now, and how many fall due on each coming day."""

    now: int
    due_now: int
    #: due since before today's local midnight
    overdue: int
    #: (local date, items due that day); today comes first and counts what is due now too
    days: list[tuple[date, int]]
    #: the first items due now, most overdue first
    first: list[ItemRow]
    items: int
    next_due: int | None


def due_now(store: Store, now: int) -> tuple[int, int | None]:
    """(items due now, when the next one falls due after now): what ``osmose due`` says first."""
    return store.count_due(now), store.next_due(now)


def forecast(store: Store, now: int, days: int = 7, show: int = 10) -> Forecast:
    midnights = local_midnights(now, days)
    today_start = midnights[0] - DAY_MS  # close enough on DST days: only splits "overdue"
    counts, start = [], None
    for end in midnights:
        counts.append(store.count_due(end, since=start))
        start = end
    today = datetime.fromtimestamp(now / 1000).date()
    return Forecast(
        now=now,
        due_now=store.count_due(now),
        overdue=store.count_due(today_start),
        days=[(today + timedelta(days=k), n) for k, n in enumerate(counts)],
        first=store.first_due(now, show),
        items=store.item_count(),
        next_due=store.next_due(now),
    )


#: Weight of an exercise (skill) against a fact in a concept's mastery.
SKILL_WEIGHT = 3.0


@dataclass
class Mastery:
    """How far along a concept is: items started, and its predicted recall now."""

    concept: str
    started: int
    total: int | None
    #: weighted mean predicted probability of recall over the concept's items (skills
    #: count SKILL_WEIGHT times a fact; items never reviewed count 0)
    recall: float


@dataclass
class Stats:
    #: (local date, reviews, of which rated again), oldest first, one row per day
    per_day: list[tuple[date, int, int]]
    recalled: int
    tested: int
    forecast: list[tuple[date, int]]
    mastery: list[Mastery] = field(default_factory=list)
    reviews: int = 0
    items: int = 0

    @property
    def retention(self) -> float | None:
        return self.recalled / self.tested if self.tested else None


def stats(store: Store, scheduler, now: int, days: int = 14, items=None) -> Stats:
    """Reviews per day over ``days``, true retention over 30 days, forecast, mastery.

    ``items`` (the knowledge base's ``Item``s) makes mastery cover every item of
    a concept — one reviewed item of twenty is not mastery — and lists concepts
    not started yet; without it, mastery covers the items started.
    """
    today = datetime.fromtimestamp(now / 1000).date()
    first_day = today - timedelta(days=days - 1)
    since = int(datetime.combine(first_day, dtime()).astimezone().timestamp() * 1000)
    logged = {date.fromisoformat(d): (n, again) for d, n, again in store.reviews_per_day(since)}
    per_day = [(d, *logged.get(d, (0, 0)))
               for d in (first_day + timedelta(days=k) for k in range(days))]
    recalled, tested = store.recall_counts(now - 30 * DAY_MS)

    weight = {i.key: SKILL_WEIGHT if i.kind == "skill" else 1.0 for i in items or ()}
    totals: dict[str, int] = defaultdict(int)
    possible: dict[str, float] = defaultdict(float)
    for item in items or ():
        totals[item.concept] += 1
        possible[item.concept] += weight[item.key]
    started: dict[str, int] = defaultdict(int)
    recall_sum: dict[str, float] = defaultdict(float)
    started_weight: dict[str, float] = defaultdict(float)
    for key, concept, kind, stability, last_review in store.memory():
        if items is not None and key not in weight:
            continue  # an item no longer in the knowledge base
        w = weight.get(key, SKILL_WEIGHT if kind == "skill" else 1.0)
        started[concept] += 1
        started_weight[concept] += w
        recall_sum[concept] += w * scheduler.retrievability(stability, last_review, now, exact=True)
    names = sorted(set(started) | set(totals))
    mastery = [Mastery(c, started.get(c, 0), totals.get(c),
                       recall_sum[c] / (possible.get(c) or started_weight[c])
                       if started.get(c) else 0.0) for c in names]
    return Stats(per_day, recalled, tested, forecast(store, now, days).days, mastery,
                 store.review_count(), store.item_count())

