"""Implicit credit, early checks, review selection and the frontier, on a tiny graph.

    algebra ← calculus ← hessian        (hessian requires calculus requires algebra)
    algebra ← probability

Expected stabilities come from the ``fsrs`` package itself (a Good review of
the same card), never from the module under test.
"""

from __future__ import annotations

import math
from datetime import datetime, timezone

import fsrs
import pytest

from osmose.graph_schedule import CREDIT, Graph, after_review, coverage, implicit_card
from osmose.schedule import Scheduler
from osmose.store import CardState, ItemRow

T0 = 1_700_000_000_000
DAY = 86_400_000

GRAPH = Graph(
    {"algebra": (), "calculus": ("algebra",), "hessian": ("calculus",), "probability": ("algebra",)},
    {"algebra": ("skill:algebra:expand:", "skill:algebra:factor:"),
     "calculus": ("skill:calculus:diff:",), "hessian": ("skill:hessian:hessian:",),
     "probability": ("skill:probability:bayes:",)},
)


def mature(stability=10.0, reviewed_days_ago=10, state=2) -> CardState:
    last = T0 - reviewed_days_ago * DAY
    return CardState(state=state, step=None if state == 2 else 0, stability=stability,
                     difficulty=5.0, due=last + round(stability) * DAY, last_review=last)


def row(key: str, card: CardState, n: int = 1) -> ItemRow:
    concept = key.split(":")[1]
    return ItemRow(n, key, concept, key.split(":")[0], card, 3, 0, T0 - 100 * DAY)


def good_stability(card: CardState, now: int) -> float:
    """Stability after an explicit Good review, straight from the fsrs package."""
    utc = lambda ms: datetime.fromtimestamp(ms / 1000, tz=timezone.utc)  # noqa: E731
    ref = fsrs.Card(card_id=1, state=fsrs.State(card.state), step=card.step,
                    stability=card.stability, difficulty=card.difficulty, due=utc(card.due),
                    last_review=utc(card.last_review))
    after, _ = fsrs.Scheduler(enable_fuzzing=False).review_card(ref, fsrs.Rating.Good, utc(now))
    return after.stability


def all_rows(card_for=lambda key: mature()) -> dict[str, ItemRow]:
    keys = [k for ks in GRAPH.skills.values() for k in ks]
    return {k: row(k, card_for(k), n) for n, k in enumerate(keys, 1)}


def test_a_passed_skill_credits_prerequisite_skills_by_distance():
    rows = all_rows()
    effects = after_review(GRAPH, Scheduler(fuzz=False), "hessian", "skill", 3, T0, rows)
    got = {e.key: (e.kind, e.distance, e.weight) for e in effects}
    assert got == {"skill:calculus:diff:": ("implicit", 1, 0.35),
                   "skill:algebra:expand:": ("implicit", 2, 0.1),
                   "skill:algebra:factor:": ("implicit", 2, 0.1)}
    s0, s_good = 10.0, good_stability(mature(), T0)
    for e in effects:
        # a fraction `weight` of the explicit review's gain, on the log scale
        assert math.log(e.after.stability / s0) == pytest.approx(e.weight * math.log(s_good / s0))
        assert e.after.difficulty == e.before.difficulty and e.after.last_review == e.before.last_review
    near, far = (next(e for e in effects if e.distance == d) for d in (1, 2))
    assert s0 < far.after.stability < near.after.stability < s_good


def test_credit_moves_the_due_date_by_the_new_interval_from_the_last_explicit_review():
    card = mature(stability=10.0, reviewed_days_ago=12)  # overdue by two days
    after = implicit_card(Scheduler(fuzz=False), 1, card, T0, 0.5)
    assert after.due > T0  # knocked out of today's queue
    interval = round(after.stability)  # at 90 % retention the FSRS interval equals the stability
    assert after.due == card.last_review + interval * DAY


def test_early_implicit_repetitions_earn_less():
    sched = Scheduler(fuzz=False)
    gains = []
    for days in (0, 2, 5, 10, 20):
        after = implicit_card(sched, 1, mature(10.0, days), T0, 0.5)
        gains.append(0.0 if after is None else after.stability / 10.0 - 1)
    assert gains[0] == 0.0  # the same day: nothing to strengthen yet
    assert gains == sorted(gains) and gains[-1] > gains[1] > 0


def test_items_in_learning_steps_or_never_met_get_no_credit():
    rows = all_rows(lambda key: mature(state=1) if "calculus" in key else mature())
    del rows["skill:algebra:factor:"]
    effects = after_review(GRAPH, Scheduler(fuzz=False), "hessian", "skill", 4, T0, rows)
    assert [e.key for e in effects] == ["skill:algebra:expand:"]


def test_facts_and_roots_give_no_credit():
    sched = Scheduler(fuzz=False)
    assert after_review(GRAPH, sched, "hessian", "fact", 3, T0, all_rows()) == []
    assert after_review(GRAPH, sched, "algebra", "skill", 3, T0, all_rows()) == []


def test_a_failed_skill_penalises_nothing_and_brings_its_weakest_direct_prerequisite_forward():
    # probability requires algebra: of algebra's two skills the one less likely recalled is checked
    cards = {"skill:algebra:expand:": mature(30.0, 10), "skill:algebra:factor:": mature(8.0, 6)}
    rows = all_rows(lambda key: cards.get(key, mature()))
    effects = after_review(GRAPH, Scheduler(fuzz=False), "probability", "skill", 1, T0, rows)
    assert [(e.key, e.kind) for e in effects] == [("skill:algebra:factor:", "check")]
    (e,) = effects
    assert e.after.due == T0 and e.after.stability == e.before.stability
    # distance 2 is never checked: hessian's failure checks calculus only
    effects = after_review(GRAPH, Scheduler(fuzz=False), "hessian", "skill", 1, T0,
                           all_rows(lambda key: mature(10.0, 5)))
    assert [e.key for e in effects] == ["skill:calculus:diff:"]


def test_an_item_already_due_is_not_checked_again():
    rows = all_rows(lambda key: mature(10.0, 15))  # all overdue
    assert after_review(GRAPH, Scheduler(fuzz=False), "hessian", "skill", 1, T0, rows) == []


def test_coverage_counts_the_due_items_a_pass_would_credit():
    rows = all_rows()
    due = [rows["skill:hessian:hessian:"], rows["skill:calculus:diff:"], rows["skill:algebra:expand:"],
           rows["skill:probability:bayes:"]]
    assert coverage(GRAPH, due) == {"skill:hessian:hessian:": 2, "skill:calculus:diff:": 1,
                                    "skill:algebra:expand:": 0, "skill:probability:bayes:": 1}


def test_the_frontier_opens_a_concept_once_its_prerequisites_are_learned():
    best: dict[str, int] = {}
    assert GRAPH.is_open("algebra", best) and not GRAPH.is_open("calculus", best)
    best["fact:algebra:definition"] = 1  # reviewed (any rating)
    best["skill:algebra:expand:"] = 3
    assert not GRAPH.learned("algebra", best)  # one skill still never passed
    best["skill:algebra:factor:"] = 1
    assert not GRAPH.is_open("calculus", best)  # failed is not passed
    best["skill:algebra:factor:"] = 2
    assert GRAPH.learned("algebra", best) and GRAPH.is_open("calculus", best)
    assert GRAPH.missing_prerequisites(["hessian"], best) == ["calculus"]
    assert GRAPH.missing_prerequisites(["hessian", "probability"], {}) == ["algebra", "calculus"]


def test_breadth_first_orders_by_depth():
    assert GRAPH.breadth_first(["hessian", "probability", "calculus", "algebra"]) == [
        "algebra", "probability", "calculus", "hessian"]
    assert CREDIT[0] > CREDIT[1] > 0


def test_a_second_credit_on_the_same_day_is_worth_nothing():
    sched = Scheduler(fuzz=False)
    card = mature(10.0, 8)
    once = implicit_card(sched, 1, card, T0, 0.5)
    assert once is not None
    assert implicit_card(sched, 1, once, T0 + 3_600_000, 0.5, credited_at=T0) is None
    later = implicit_card(sched, 1, once, T0 + 5 * DAY, 0.5, credited_at=T0)
    assert later is not None and later.stability > once.stability
