"""Scheduling on the prerequisite graph: implicit credit, early checks, the knowledge frontier.

An open counterpart, built on FSRS, of Math Academy's "Fractional Implicit
Repetition" (J. Skycak, 2023): practising an advanced skill is also practice
of the skills it builds on. Everything here is a pure function of the graph,
the items' FSRS states and the clock; ``osmose.quiz`` applies the results and
stores every one as a review-log row of its own, so history can be replayed.

**Implicit credit.** When an explicit review of a skill of concept C passes
(Hard, Good or Easy), each skill of a concept C requires — directly (distance
1) or through one concept in between (distance 2) — receives an implicit
repetition of weight ``CREDIT[d]``: 0.35 at distance 1, 0.1 at distance 2,
nothing further. The weights are deliberately modest: credit above the real
transfer costs recall, credit below it only costs reviews
(``benchmarks/learning_sim.py`` measures both). Its FSRS stability moves that fraction of the way, on a log
scale, towards what an explicit Good review at this moment would give::

    S' = S · (S_good / S) ** w

``S_good`` is FSRS's own stability after Good at the retrievability R since
the item's last repetition (explicit or implicit), so the discount for an
early repetition is FSRS's: the gain ``S_good/S − 1`` is proportional to
``exp(w10·(1 − R)) − 1``, which vanishes as R → 1 — credit on the day of a
repetition is worth nothing, credit near the due date is worth most. Difficulty and the time of the last explicit review are
kept, so retrievability rises from the same elapsed time to ``R(S')`` and the
due date becomes ``last review + interval(S')``. Only items in FSRS review
state are credited: an item in learning or relearning steps needs the
learner's own answer. A skill is credited once per explicit review, at its
shortest distance.

**Early check.** A failed explicit review (Again) of a skill of C penalises no
prerequisite. Instead, for each concept C requires directly, its skill with the
lowest retrievability (in review state, not yet due) is made due now, so it is
checked explicitly next: if it was the weak link, its own review will say so.

**Review selection.** Among due items, the one whose pass would credit the
most other due items goes first (ties: most overdue first); the credit may
push those items past today, which shortens the session at the same retention.

**Knowledge frontier.** A concept is *learned* once its definition has been
reviewed and each of its skills passed (rated above Again) at least once. New
items of a concept are introduced only when every concept it requires is
learned; ``breadth_first`` orders concepts by their depth in the graph.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, replace
from typing import Iterable, Mapping

from osmose.store import CardState, ItemRow

#: Implicit-credit weight by graph distance (index 0 is distance 1).
CREDIT: tuple[float, ...] = (0.35, 0.1)
#: fsrs.State.Review: the only state that receives implicit credit.
REVIEW_STATE = 2
#: Credit that moves the stability by less than this (relative) is not logged.
MIN_GAIN = 1e-3
DAY_MS = 86_400_000
#: ratings (fsrs.Rating values)
AGAIN, GOOD = 1, 3


def definition_key(concept: str) -> str:
    return f"fact:{concept}:definition"


class Graph:
    """The prerequisite graph of concepts, and the skill items of each concept."""

    def __init__(self, requires: Mapping[str, Iterable[str]], skills: Mapping[str, Iterable[str]]):
        self.requires = {c: tuple(r for r in reqs if r in requires) for c, reqs in requires.items()}
        self.skills = {c: tuple(keys) for c, keys in skills.items()}
        self._concept_of = {k: c for c, keys in self.skills.items() for k in keys}
        self._depth: dict[str, int] = {}

    @classmethod
    def from_kb(cls, concepts, items) -> "Graph":
        """From ``Concept``s (their ``requires``) and ``Item``s (their skills)."""
        skills: dict[str, list[str]] = {c.id: [] for c in concepts}
        for item in items:
            if item.kind == "skill" and item.concept in skills:
                skills[item.concept].append(item.key)
        return cls({c.id: c.requires for c in concepts}, skills)

    def ancestors(self, concept: str, depth: int | None = None) -> dict[str, int]:
        """Concepts ``concept`` builds on → shortest distance (1 = required directly)."""
        out: dict[str, int] = {}
        queue = deque([(concept, 0)])
        while queue:
            c, d = queue.popleft()
            if depth is not None and d == depth:
                continue
            for r in self.requires.get(c, ()):
                if r not in out:
                    out[r] = d + 1
                    queue.append((r, d + 1))
        return out

    def depth(self, concept: str) -> int:
        """Length of the longest prerequisite chain below ``concept`` (0 for a root)."""
        if concept not in self._depth:
            self._depth[concept] = 0  # a cycle (reported by 'osmose check') ends here
            self._depth[concept] = max((self.depth(r) + 1 for r in self.requires.get(concept, ())),
                                       default=0)
        return self._depth[concept]

    def credit_targets(self, concept: str) -> list[tuple[str, int, float]]:
        """(skill key, distance, weight) of every skill a passed skill of ``concept`` credits."""
        out = []
        for c, d in sorted(self.ancestors(concept, len(CREDIT)).items(), key=lambda x: (x[1], x[0])):
            out += [(k, d, CREDIT[d - 1]) for k in self.skills.get(c, ())]
        return out

    # --- the knowledge frontier ------------------------------------------------

    def learned(self, concept: str, best: Mapping[str, int], facts: bool = True) -> bool:
        """Definition reviewed and every skill passed, by ``best`` (key → best explicit rating).

        ``facts=False`` (an exercises-only session) asks for the skills alone.
        """
        return ((not facts or definition_key(concept) in best)
                and all(best.get(k, 0) > AGAIN for k in self.skills.get(concept, ())))

    def is_open(self, concept: str, best: Mapping[str, int], facts: bool = True) -> bool:
        """New items of ``concept`` may be introduced: every prerequisite is learned."""
        return all(self.learned(r, best, facts) for r in self.requires.get(concept, ()))

    def missing_prerequisites(self, concepts: Iterable[str], best: Mapping[str, int],
                              facts: bool = True) -> list[str]:
        """Concepts not learned that ``concepts`` build on, and are not among them (any depth)."""
        chosen, out = set(concepts), {}
        for c in chosen:
            for a in self.ancestors(c):
                if a not in chosen and not self.learned(a, best, facts):
                    out[a] = True
        return self.breadth_first(out)

    def breadth_first(self, concepts: Iterable[str]) -> list[str]:
        """Concepts ordered by depth in the graph (roots first), stably."""
        concepts = list(dict.fromkeys(concepts))
        index = {c: n for n, c in enumerate(concepts)}
        return sorted(concepts, key=lambda c: (self.depth(c), index[c]))


@dataclass(frozen=True)
class Effect:
    """What an explicit review does to another item: an implicit repetition or an early check."""

    key: str
    kind: str  # "implicit" | "check"
    distance: int
    weight: float
    before: CardState
    after: CardState


def implicit_card(scheduler, item_id: int, card: CardState, now: int, weight: float,
                  credited_at: int | None = None) -> CardState | None:
    """The card after an implicit repetition of ``weight`` at ``now``, or None if it earns none.

    ``credited_at`` is the time of the item's last implicit repetition, if later than
    its last explicit review: earliness counts from whichever came last.
    """
    if card.state != REVIEW_STATE or not card.stability or card.last_review is None or weight <= 0:
        return None
    since = max(card.last_review, credited_at or 0)
    good = scheduler.review(item_id, replace(card, last_review=since), GOOD, now).stability
    if good <= card.stability:
        return None
    stability = card.stability * (good / card.stability) ** weight
    if stability < card.stability * (1 + MIN_GAIN):
        return None
    due = card.last_review + scheduler.interval_days(stability) * DAY_MS
    return replace(card, stability=stability, due=due)


def after_review(graph: Graph, scheduler, concept: str, kind: str, rating: int, now: int,
                 rows: Mapping[str, ItemRow], credited_at: Mapping[str, int] | None = None) -> list[Effect]:
    """The implicit repetitions (a pass) or early checks (Again) an explicit review causes.

    ``rows`` holds the learner's rows of the prerequisite skills (others were never met
    and are left alone); ``credited_at`` their last implicit repetitions.
    """
    credited_at = credited_at or {}
    if kind != "skill":
        return []
    if rating == AGAIN:
        return _checks(graph, scheduler, concept, now, rows)
    out = []
    for key, distance, weight in graph.credit_targets(concept):
        row = rows.get(key)
        if row is None:
            continue
        after = implicit_card(scheduler, row.id, row.card, now, weight, credited_at.get(key))
        if after is not None:
            out.append(Effect(key, "implicit", distance, weight, row.card, after))
    return out


def _checks(graph: Graph, scheduler, concept: str, now: int, rows: Mapping[str, ItemRow]) -> list[Effect]:
    out = []
    for prereq in graph.requires.get(concept, ()):
        candidates = [rows[k] for k in graph.skills.get(prereq, ())
                      if k in rows and rows[k].card.state == REVIEW_STATE and rows[k].card.due > now]
        if not candidates:
            continue
        weakest = min(candidates, key=lambda r: (
            scheduler.retrievability(r.card.stability, r.card.last_review, now), r.key))
        out.append(Effect(weakest.key, "check", 1, 0.0, weakest.card, replace(weakest.card, due=now)))
    return out


def coverage(graph: Graph, due: Iterable[ItemRow]) -> dict[str, int]:
    """For each due skill: how many other due items its pass would credit."""
    due = list(due)
    keys = {r.key for r in due if r.card.state == REVIEW_STATE}
    return {r.key: sum(1 for k, _, _ in graph.credit_targets(r.concept) if k in keys and k != r.key)
            for r in due if r.kind == "skill"}

