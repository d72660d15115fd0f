"""The FSRS wrapper against the real fsrs package, and the proposed ratings."""

from __future__ import annotations

import fsrs
import pytest

from osmose.errors import OsmoseError
from osmose.schedule import (DEFAULT_PACE, Pace, Rating, Scheduler, pace_for, parse_rating,
                             propose_rating)
from osmose.store import CardState

T0 = 1_700_000_000_000
MIN, DAY = 60_000, 86_400_000
#: FSRS-6 default weights: w3 = initial stability after Easy, w20 = decay
W3, W20 = 8.2956, 0.1542


def fsrs_interval_days(stability: float, retention: float) -> float:
    """The FSRS-6 interval for a desired retention (published formula, written out by hand)."""
    decay = -W20
    factor = 0.9 ** (1 / decay) - 1
    return stability / factor * (retention ** (1 / decay) - 1)


def new_card() -> CardState:
    return CardState(due=T0)


@pytest.mark.parametrize("rating, due_after", [
    (Rating.Again, 1 * MIN),     # first learning step
    (Rating.Hard, 5.5 * MIN),    # halfway between the 1 min and 10 min steps
    (Rating.Good, 10 * MIN),     # next learning step
])
def test_a_new_item_walks_the_learning_steps(rating, due_after):
    card = Scheduler(fuzz=False).review(7, new_card(), rating, T0)
    assert card.state == 1 and card.due == T0 + due_after
    assert card.last_review == T0


def test_easy_on_first_sight_graduates_with_the_initial_stability():
    card = Scheduler(fuzz=False).review(7, new_card(), Rating.Easy, T0)
    assert card.state == 2 and card.step is None
    assert card.stability == pytest.approx(W3)
    assert card.due == T0 + round(W3) * DAY  # at 90 % retention the interval equals the stability


@pytest.mark.parametrize("retention", [0.8, 0.9, 0.95])
def test_desired_retention_sets_the_interval(retention):
    mature = CardState(state=2, step=None, stability=20.0, difficulty=5.0, due=T0,
                       last_review=T0 - 20 * DAY)
    card = Scheduler(retention, fuzz=False).review(7, mature, Rating.Good, T0)
    expected = round(fsrs_interval_days(card.stability, retention))
    assert card.due == T0 + expected * DAY


def test_lower_retention_means_longer_intervals():
    mature = CardState(state=2, step=None, stability=20.0, difficulty=5.0, due=T0,
                       last_review=T0 - 20 * DAY)
    dues = [Scheduler(r, fuzz=False).review(1, mature, Rating.Good, T0).due for r in (0.95, 0.9, 0.8)]
    assert dues[0] < dues[1] < dues[2]


def test_a_lapse_sends_a_mature_item_to_relearning():
    mature = CardState(state=2, step=None, stability=20.0, difficulty=5.0, due=T0,
                       last_review=T0 - 20 * DAY)
    card = Scheduler(fuzz=False).review(1, mature, Rating.Again, T0)
    assert card.state == 3 and card.due == T0 + 10 * MIN and card.stability < 20.0


def test_the_wrapper_matches_the_package_step_by_step():
    """A sequence of reviews through the wrapper equals the same sequence on fsrs.Card."""
    ours, theirs = Scheduler(fuzz=False), fsrs.Scheduler(enable_fuzzing=False)
    card = new_card()
    ref = fsrs.Card(card_id=99, due=fsrs_time(T0))
    now = T0
    for rating in (Rating.Good, Rating.Good, Rating.Hard, Rating.Again, Rating.Good, Rating.Easy):
        card = ours.review(99, card, rating, now)
        ref, _ = theirs.review_card(ref, rating, fsrs_time(now))
        assert (card.state, card.step) == (int(ref.state), ref.step)
        assert card.stability == pytest.approx(ref.stability)
        assert card.difficulty == pytest.approx(ref.difficulty)
        assert card.due == int(ref.due.timestamp() * 1000)
        now = card.due


def fsrs_time(ms):
    from datetime import datetime, timezone
    return datetime.fromtimestamp(ms / 1000, tz=timezone.utc)


def test_retrievability_is_ninety_percent_after_one_stability():
    s = Scheduler()
    assert s.retrievability(10.0, T0, T0 + 10 * DAY) == pytest.approx(0.9)
    assert s.retrievability(10.0, T0, T0) == pytest.approx(1.0)
    assert s.retrievability(None, None, T0) == 0.0
    ref = fsrs.Scheduler().get_card_retrievability(
        fsrs.Card(card_id=1, state=fsrs.State.Review, stability=10.0, difficulty=5.0,
                  last_review=fsrs_time(T0)), fsrs_time(T0 + 37 * DAY))
    assert s.retrievability(10.0, T0, T0 + 37 * DAY) == pytest.approx(ref)


@pytest.mark.parametrize("retention", [0.5, 1.0, 0.999])
def test_retention_out_of_range_is_a_user_error(retention):
    with pytest.raises(OsmoseError, match="retention"):
        Scheduler(retention)


PACE = Pace(10_000, 60_000)


@pytest.mark.parametrize("verdict, ms, hints, shown, expected", [
    ("wrong", 5_000, 0, False, Rating.Again),
    ("correct", 5_000, 0, False, Rating.Easy),
    ("correct", 30_000, 0, False, Rating.Good),
    ("correct", 90_000, 0, False, Rating.Hard),
    ("correct", 5_000, 1, False, Rating.Again),   # a hint is a lapse
    ("shown", 5_000, 0, True, Rating.Again),      # so is the shown solution
    ("self", 1_000, 0, False, Rating.Good),       # a quick reveal proves nothing
    ("self", 90_000, 0, False, Rating.Hard),
])
def test_proposed_rating(verdict, ms, hints, shown, expected):
    assert propose_rating(verdict, ms, PACE, hints=hints, shown=shown) == expected


def test_pace_follows_the_learners_own_times_once_known():
    assert pace_for("skill", [20_000, 40_000]) == DEFAULT_PACE["skill"]
    assert pace_for("skill", [20_000, 40_000, 30_000]) == Pace(15_000, 60_000)


@pytest.mark.parametrize("text, rating", [
    ("1", Rating.Again), ("4", Rating.Easy), (" good ", Rating.Good), ("h", Rating.Hard),
    ("", None), ("5", None), ("yes", None),
])
def test_parse_rating(text, rating):
    assert parse_rating(text) == rating
