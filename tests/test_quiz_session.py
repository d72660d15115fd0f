"""The quiz session engine, driven as the CLI drives it, with the real checker and a real database."""

from __future__ import annotations

import random

import pytest
from quiz_helpers import INTRO, KEYS, drill_files, solve, write_quiz_kb, wrong

from osmose.graph_schedule import Graph
from osmose.items import build_items
from osmose.kb import KnowledgeBase
from osmose.quiz import Quiz, missing_prerequisites
from osmose.schedule import Rating, Scheduler
from osmose.store import Store

T0 = 1_700_000_000_000
MIN, DAY = 60_000, 86_400_000


class Clock:
    """Wall time (ms) and a stopwatch (s) that only move when the test says so."""

    def __init__(self):
        self.ms, self.s = T0, 0.0

    def advance(self, ms: int) -> None:
        self.ms += ms
        self.s += ms / 1000

    def wall(self) -> int:
        return self.ms

    def watch(self) -> float:
        return self.s


@pytest.fixture(scope="module")
def kb(tmp_path_factory):
    return KnowledgeBase.load(write_quiz_kb(tmp_path_factory.mktemp("kb")))


@pytest.fixture
def clock():
    return Clock()


def session(kb, store, clock, ids=(), **kw) -> Quiz:
    """A session as ``osmose quiz`` runs it: the graph and catalog of the whole knowledge base."""
    everything = build_items(kb.select())
    graph = Graph.from_kb(kb.select(), everything)
    if ids:  # as the CLI does: prerequisites not learned yet are offered first
        ids = list(ids) + missing_prerequisites(store, graph, ids)
    concepts = kb.select(ids=ids)
    return Quiz(store, build_items(concepts), titles={c.id: c.title for c in concepts},
                scheduler=Scheduler(fuzz=False), families=lambda: kb.families,
                rng=random.Random(kw.pop("seed", 1)), clock=clock.wall, timer=clock.watch,
                graph=graph,
                catalog={i.key: i for i in everything}, named=tuple(ids), **kw)


def answer_all(quiz: Quiz, clock: Clock, seconds: int = 12, rating=None) -> list[str]:
    """Answer every turn right (skills) or reveal (facts); return the keys in order."""
    keys = []
    while (turn := quiz.next()) is not None:
        clock.advance(seconds * 1000)
        out = quiz.submit(solve(turn.question) if turn.skill else "")
        assert out.status in ("correct", "self")
        quiz.rate(rating)
        keys.append(turn.item.key)
    return keys


FACTS = [k for k in INTRO if k.startswith("fact:")]


def test_new_items_come_from_the_frontier_then_the_learning_steps_and_are_saved(kb, clock, tmp_path):
    path = tmp_path / "q.db"
    with Store.open(path) as store:
        quiz = session(kb, store, clock, new_limit=10)
        assert quiz.plan() == (0, len(KEYS))
        keys = answer_all(quiz, clock)
        # every new item once, in frontier order; then each fact rated Good on first sight
        # comes back once its 10-minute learning step is near (the exercise, Easy, graduated)
        assert keys[:len(INTRO)] == INTRO
        assert keys[len(INTRO):] == FACTS
        s = quiz.summary
        assert (s.reviewed, s.new, s.correct, s.wrong) == (len(keys), len(KEYS), 1, 0)
        assert quiz.next_due() > clock.ms + DAY  # nothing left within the session
    with Store.open(path) as store:
        log = store.reviews()
        assert [k for k, _ in log] == keys
        assert all(r.duration_ms == 12_000 for _, r in log)
        skill = [r for k, r in log if k.startswith("skill:")]
        assert skill[0].verdict == "correct" and skill[0].exercise.startswith("power:v1:level=1:")


def test_new_limit_and_review_limit(kb, clock, tmp_path):
    with Store.open(tmp_path / "q.db") as store:
        quiz = session(kb, store, clock, new_limit=2)
        assert quiz.plan() == (0, 2)
        assert answer_all(quiz, clock) == INTRO[:2] * 2  # met, then their learning step
    with Store.open(tmp_path / "q.db") as store:
        quiz = session(kb, store, clock, new_limit=10, limit=3)
        keys = answer_all(quiz, clock)
        assert len(keys) == 3 and not set(keys) & set(INTRO[:2]) and quiz.summary.new == 3


def test_due_reviews_come_before_new_items(kb, clock, tmp_path):
    with Store.open(tmp_path / "q.db") as store:
        answer_all(session(kb, store, clock, new_limit=3), clock)
        clock.advance(60 * DAY)
        quiz = session(kb, store, clock, new_limit=1)
        assert quiz.plan() == (3, 1)
        keys = answer_all(quiz, clock)
        assert sorted(keys[:3]) == sorted(INTRO[:3])
        assert keys[3] not in INTRO[:3] and quiz.summary.new == 1


def test_selection_limits_due_items_too(kb, clock, tmp_path):
    with Store.open(tmp_path / "q.db") as store:
        answer_all(session(kb, store, clock), clock)
        clock.advance(60 * DAY)
        keys = answer_all(session(kb, store, clock, ids=["power-rule"], new_limit=0), clock)
        assert sorted(keys) == sorted(k for k in KEYS if ":power-rule:" in k)


def test_a_skill_is_drawn_with_a_fresh_seed_at_every_review(kb, clock, tmp_path):
    with Store.open(tmp_path / "q.db") as store:
        seen = []
        quiz = session(kb, store, clock, ids=["power-rule"], limit=24)
        for turn in iter(quiz.next, None):
            if turn.skill:
                seen.append(turn.exercise.id)
                quiz.submit(solve(turn.question))
            else:
                quiz.submit("")
            quiz.rate(Rating.Again)  # due again within minutes: back within the session
            clock.advance(1_000)
        assert len(seen) >= 3 and len(set(seen)) == len(seen)
        assert [r.exercise for k, r in store.reviews() if k.startswith("skill:")] == seen


def _skill_turn(kb, store, clock, **kw):
    quiz = session(kb, store, clock, ids=["power-rule"], **kw)
    while (turn := quiz.next()) is not None and not turn.skill:
        quiz.submit("")
        quiz.rate()
    assert turn is not None and turn.skill
    return quiz, turn


def test_right_wrong_and_unreadable_answers(kb, clock, tmp_path):
    with Store.open(tmp_path / "q.db") as store:
        quiz, turn = _skill_turn(kb, store, clock)
        clock.advance(5_000)
        bad = quiz.submit("(2*x")
        assert bad.status == "invalid" and bad.message
        assert quiz.turn is turn and turn.outcome is None  # still open: try again
        out = quiz.submit(wrong(turn.question))
        assert out.status == "wrong" and out.proposed == Rating.Again
        assert out.feedback == "Lower the exponent by one."
        assert out.answer and out.solution and out.echo
        rated = quiz.rate()
        assert rated.rating == Rating.Again and rated.due == clock.ms + MIN
        row = store.reviews("skill:power-rule:power:")[-1][1]
        assert (row.verdict, row.answer, row.rating) == ("wrong", wrong(turn.question), 1)


def test_fast_right_answer_proposes_easy_and_the_learner_can_override(kb, clock, tmp_path):
    with Store.open(tmp_path / "q.db") as store:
        quiz, turn = _skill_turn(kb, store, clock)
        clock.advance(3_000)
        out = quiz.submit(solve(turn.question))
        assert out.status == "correct" and out.proposed == Rating.Easy
        rated = quiz.rate(Rating.Good)
        row = store.reviews("skill:power-rule:power:")[-1][1]
        assert (row.proposed, row.rating, rated.rating) == (4, 3, Rating.Good)


def test_hints_and_the_shown_solution_count_as_a_lapse(kb, clock, tmp_path):
    with Store.open(tmp_path / "q.db") as store:
        quiz, turn = _skill_turn(kb, store, clock)
        assert quiz.hint() == "Bring the exponent down and lower it by one."
        assert quiz.hint() == ""  # no more hints
        out = quiz.submit(solve(turn.question))
        assert out.status == "correct" and out.proposed == Rating.Again
        quiz.rate()
        clock.advance(400 * DAY)
        quiz, turn = _skill_turn(kb, store, clock)
        out = quiz.give_up()
        assert out.status == "shown" and out.proposed == Rating.Again and out.solution
        quiz.rate()
        rows = [r for _, r in store.reviews("skill:power-rule:power:")]
        assert [(r.hints, r.shown, r.rating) for r in rows] == [(1, False, 1), (0, True, 1)]


def test_a_failed_item_comes_back_in_the_same_session_once_due(kb, clock, tmp_path):
    with Store.open(tmp_path / "q.db") as store:
        quiz = session(kb, store, clock, new_limit=10)
        turn = quiz.next()
        quiz.submit("")
        quiz.rate(Rating.Again)  # due again in one minute
        clock.advance(20_000)
        second = quiz.next()  # not yet due: a new item first
        assert second.new and second.item.key != turn.item.key
        quiz.submit("")
        quiz.rate(Rating.Easy)
        clock.advance(2 * MIN)
        again = quiz.next()  # its step has passed: before any other new item
        assert again.item.key == turn.item.key and not again.new
        quiz.submit("")
        quiz.rate(Rating.Again)
        keys = answer_all(quiz, clock)
        # the other five new items first, then the failed item (Good, Good: relearned)
        assert sorted(keys[:5]) == sorted(set(INTRO) - {turn.item.key, second.item.key})
        assert keys.count(turn.item.key) == 2 and keys.index(turn.item.key) == 5


def test_learning_steps_end_the_session_when_nothing_is_due_within_it(kb, clock, tmp_path):
    with Store.open(tmp_path / "q.db") as store:
        quiz = session(kb, store, clock, new_limit=1)
        turn = quiz.next()
        quiz.submit("")
        quiz.rate(Rating.Again)
        shown = [turn.item.key]
        while (t := quiz.next()) is not None:  # Again, Good, Good: graduated
            quiz.submit("")
            quiz.rate(Rating.Good)
            shown.append(t.item.key)
        assert shown == [turn.item.key] * 3
        assert quiz.next_due() >= clock.ms + DAY


def test_an_unknown_family_is_skipped_with_a_note(kb, clock, tmp_path):
    with Store.open(tmp_path / "q.db") as store:
        concepts = kb.select(ids=["power-rule"])
        quiz = Quiz(store, build_items(concepts), families=lambda: {}, clock=clock.wall,
                    timer=clock.watch)
        keys = answer_all(quiz, clock)
        assert list(dict.fromkeys(keys)) == [k for k in INTRO if ":power-rule:" in k and "skill" not in k]
        assert quiz.summary.skipped == ["skill:power-rule:power:: unknown exercise family 'power'"]


def test_next_due_reports_the_next_review(kb, clock, tmp_path):
    with Store.open(tmp_path / "q.db") as store:
        quiz = session(kb, store, clock, new_limit=1)
        quiz.next()
        quiz.submit("")
        quiz.rate(Rating.Good)
        assert quiz.next_due() == clock.ms + 10 * MIN
