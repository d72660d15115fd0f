"""The session as a drill: mix of exercises and facts, round-robin, frontier, implicit credit in the log.

Runs on ``drill_files()``: alpha, beta, gamma (independent, two exercises each) and
delta (requires alpha). Expected orders are stated from the rules, not computed.
"""

from __future__ import annotations

import random

import pytest
from quiz_helpers import drill_files, solve, write_quiz_kb

from osmose.graph_schedule import Graph
from osmose.items import build_items
from osmose.kb import KnowledgeBase
from osmose.quiz import Quiz, missing_prerequisites
from osmose.schedule import Rating, Scheduler
from osmose.store import Store

T0 = 1_700_000_000_000
DAY = 86_400_000


class Clock:
    def __init__(self):
        self.ms = T0

    def wall(self):
        return self.ms

    def watch(self):
        return self.ms / 1000


@pytest.fixture(scope="module")
def kb(tmp_path_factory):
    return KnowledgeBase.load(write_quiz_kb(tmp_path_factory.mktemp("drill"), drill_files()))


def session(kb, store, clock, ids=(), kinds=("fact", "skill"), **kw) -> Quiz:
    everything = build_items(kb.select())
    graph = Graph.from_kb(kb.select(), everything)
    if ids:
        ids = list(ids) + missing_prerequisites(store, graph, ids)
    concepts = kb.select(ids=ids)
    items = [i for i in build_items(concepts) if i.kind in kinds]
    return Quiz(store, items, scheduler=Scheduler(fuzz=False), families=lambda: kb.families,
                rng=random.Random(3), clock=clock.wall, timer=clock.watch, graph=graph,
                catalog={i.key: i for i in everything}, named=tuple(ids), **kw)


def run(quiz, clock, rate=lambda turn: None, seconds=12):
    """Answer every turn right (skills) or reveal (facts); the turns in order."""
    turns = []
    while (turn := quiz.next()) is not None:
        clock.ms += seconds * 1000
        quiz.submit(solve(turn.question) if turn.skill else "")
        quiz.rate(rate(turn))
        turns.append(turn)
    return turns


def test_named_concepts_are_served_round_robin_with_an_exercise_in_every_three(kb, tmp_path):
    clock = Clock()
    with Store.open(tmp_path / "q.db") as store:
        quiz = session(kb, store, clock, ids=["alpha", "beta", "gamma"], new_limit=12)
        new = [t for t in run(quiz, clock) if t.new]
    assert len(new) == 12
    kinds = [t.item.kind for t in new]
    assert all("skill" in kinds[k:k + 3] for k in range(len(kinds) - 2)), kinds
    assert [t.item.concept for t in new[:3]] == ["alpha", "beta", "alpha"]  # exercise after 2 facts
    assert {t.item.concept for t in new[:5]} == {"alpha", "beta", "gamma"}
    counts = []
    for concept in ("alpha", "beta", "gamma"):
        mine = [t.item.key for t in new if t.item.concept == concept]
        assert mine[0] == f"fact:{concept}:definition"  # a concept's first exercise needs it
        counts.append(len(mine))
    assert max(counts) - min(counts) <= 2, counts


def test_exercises_only_and_facts_only(kb, tmp_path):
    clock = Clock()
    with Store.open(tmp_path / "q.db") as store:
        kinds = {t.item.kind for t in run(session(kb, store, clock, ids=["beta"], kinds=("skill",)), clock)}
        assert kinds == {"skill"}
        kinds = {t.item.kind for t in run(session(kb, store, clock, ids=["gamma"], kinds=("fact",)), clock)}
        assert kinds == {"fact"}


def test_a_concept_opens_once_its_prerequisites_are_learned(kb, tmp_path):
    clock = Clock()
    with Store.open(tmp_path / "q.db") as store:
        graph = Graph.from_kb(kb.select(), build_items(kb.select()))
        assert missing_prerequisites(store, graph, ["delta"]) == ["alpha"]
        quiz = session(kb, store, clock, ids=["delta"], new_limit=30)
        turns = run(quiz, clock, rate=lambda t: Rating.Again if t.new and t.skill else None)
        # every exercise of alpha failed on first sight: delta stays closed until both pass
        concepts = [t.item.concept for t in turns if t.new]
        assert set(concepts) == {"alpha", "delta"}
        first_delta = concepts.index("delta")
        alpha_skills = [t for t in turns if t.item.key.startswith("skill:alpha:")]
        passed = [n for n, t in enumerate(turns) if t in alpha_skills and not t.new]
        assert len(passed) >= 2
        assert turns.index(next(t for t in turns if t.new and t.item.concept == "delta")) > max(passed[:2])
        assert first_delta > 0
        assert missing_prerequisites(store, graph, ["delta"]) == []


def test_a_passed_skill_logs_implicit_credit_and_a_failed_one_an_early_check(kb, tmp_path):
    clock = Clock()
    with Store.open(tmp_path / "q.db") as store:
        run(session(kb, store, clock, ids=["alpha"], new_limit=20), clock)
        alpha = {k: store.get(k) for k in ("skill:alpha:power:", "skill:alpha:power:level=1")}
        assert all(r.card.state == 2 for r in alpha.values())  # graduated
        clock.ms += 3 * DAY
        quiz = session(kb, store, clock, ids=["delta"], kinds=("skill",), new_limit=1)
        (turn,) = run(quiz, clock, rate=lambda t: Rating.Good)[:1]
        assert turn.item.concept == "delta"
        log = store.reviews(implicit=True)
        cause = [r for k, r in log if k == turn.item.key][0]
        credit = {k: r for k, r in log if r.kind == "implicit"}
        assert set(credit) == set(alpha) and all(r.credit == 0.35 for r in credit.values())
        assert [k for k, _ in store.reviews()].count("skill:alpha:power:") == alpha["skill:alpha:power:"].reps
        for key, before in alpha.items():
            after = store.get(key)
            assert after.card.stability > before.card.stability and after.reps == before.reps
            assert after.card.last_review == before.card.last_review
        assert quiz.summary.implicit == 2
        # a failure: alpha's weaker skill is due now, and asked next in this session
        clock.ms += 2 * DAY
        quiz = session(kb, store, clock, ids=["delta"], kinds=("skill",), new_limit=0)
        failed = quiz.next()
        assert failed is not None and failed.item.concept == "delta"
        quiz.submit("0")
        rated = quiz.rate()
        assert rated.rating == Rating.Again and len(rated.checks) == 1
        assert rated.checks[0].startswith("skill:alpha:")
        checked = quiz.next()
        assert checked.item.key == rated.checks[0] and cause.verdict == "correct"
        (check_row,) = [r for k, r in store.reviews(implicit=True) if r.kind == "check"]
        assert check_row.cause is not None and check_row.rating == 1



def test_the_due_review_that_credits_most_other_due_reviews_goes_first(kb, tmp_path):
    from osmose.store import CardState, ReviewRow

    clock = Clock()
    with Store.open(tmp_path / "q.db") as store, store.transaction():
        # alpha's skills are more overdue than delta's skill, which fell due last
        for key, overdue in (("fact:alpha:definition", 3 * DAY), ("skill:alpha:power:", 2 * DAY),
                             ("skill:alpha:power:level=1", DAY), ("skill:delta:power:", DAY // 2)):
            due = T0 - overdue
            row = store.ensure_item(key, key.split(":")[1], key.split(":")[0], T0 - 30 * DAY)
            store.save_review(row, CardState(state=2, step=None, stability=10.0, difficulty=5.0,
                                             due=due, last_review=due - 10 * DAY),
                              ReviewRow(due - 10 * DAY, "correct", 3, 3, 1000, ""))
    with Store.open(tmp_path / "q.db") as store:
        quiz = session(kb, store, clock, ids=["alpha", "delta"], new_limit=0)
        first = quiz.next()
        assert first.item.key == "skill:delta:power:"  # its pass credits both due alpha skills
        quiz.submit(solve(first.question))
        rated = quiz.rate(Rating.Good)
        assert sorted(rated.credited) == ["skill:alpha:power:", "skill:alpha:power:level=1"]
        assert all(store.get(k).card.due > clock.ms for k in rated.credited)  # knocked out
        assert quiz.next().item.key == "fact:alpha:definition"
