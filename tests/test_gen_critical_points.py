"""critical_points: every critical point of a two-variable polynomial, and the test at each."""

from __future__ import annotations

from collections import Counter

import pytest
import sympy as sp

from conftest import family
from family_sweep import deterministic, sweep
from osmose.concepts import prose_problem, tex_problem
from osmose.family import VerificationError

FAM = family("critical_points")
M = sp.ImmutableMatrix


@pytest.mark.parametrize("task", ("points", "classify"))
@pytest.mark.parametrize("level", (1, 2, 3))
def test_many_seeds_verify_and_stay_well_formed(level, task):
    made = sweep(FAM, {"level": level, "task": task}, seeds=range(120))
    for ex in made:
        assert prose_problem(ex.prompt_tex) is None, ex.id
        assert all(tex_problem(s.tex) is None for s in ex.solution), ex.id
    if task == "points":
        sizes = Counter(ex.answer.rows for ex in made)
        if level < 3:
            assert set(sizes) == {{1: 2, 2: 4}[level]}, sizes
        else:  # quartic h: one y-root; quadratic: one; cubic: two
            assert set(sizes) == {2, 4}, sizes
    else:
        labels = Counter(ex.answer for ex in made)
        assert max(labels.values()) < 0.6 * len(made), labels
        if level == 3:  # the degenerate D = 0 case is drawn on purpose
            assert labels["inconclusive"] > 0.1 * len(made), labels


# f = x³ − 3x + y² (by hand): f_x = 3x² − 3 = 0 ⇒ x = ±1; f_y = 2y ⇒ y = 0.
# H = diag(6x, 2): at (1, 0) D = 12 > 0, f_xx = 6 > 0, a minimum; at (−1, 0) D = −12, a saddle.
HAND = [[1, 0, -3], [0, 2, 1], [3, 0, 1]]


def test_golden_points_and_classification():
    given = {"f": HAND, "task": "points"}
    FAM.verify(given, M([[-1, 0], [1, 0]]))
    with pytest.raises(VerificationError):          # one point missing
        FAM.verify(given, M([[1, 0]]))
    with pytest.raises(VerificationError):          # not ordered by x
        FAM.verify(given, M([[1, 0], [-1, 0]]))
    FAM.verify({**given, "task": "classify", "point": [1, 0]}, "minimum")
    FAM.verify({**given, "task": "classify", "point": [-1, 0]}, "saddle")
    with pytest.raises(VerificationError):
        FAM.verify({**given, "task": "classify", "point": [-1, 0]}, "maximum")


def test_golden_four_points_of_a_separable_cubic():
    # f = x³ + y³ − 3x − 12y (Stewart-style): x = ±1, y = ±2; H = diag(6x, 6y):
    # (1, 2) minimum, (−1, −2) maximum, (1, −2) and (−1, 2) saddles
    f = [[3, 0, 1], [0, 3, 1], [1, 0, -3], [0, 1, -12]]
    FAM.verify({"f": f, "task": "points"}, M([[-1, -2], [-1, 2], [1, -2], [1, 2]]))
    for point, label in (([1, 2], "minimum"), ([-1, -2], "maximum"), ([1, -2], "saddle")):
        FAM.verify({"f": f, "task": "classify", "point": point}, label)


def test_degenerate_point_is_inconclusive_by_the_test():
    # f = x² + y⁴: (0, 0) has H = diag(2, 0), D = 0 — the test says nothing (f has a minimum there)
    f = [[2, 0, 1], [0, 4, 1]]
    FAM.verify({"f": f, "task": "classify", "point": [0, 0]}, "inconclusive")
    with pytest.raises(VerificationError):
        FAM.verify({"f": f, "task": "classify", "point": [0, 0]}, "minimum")
    FAM.verify({"f": f, "task": "points"}, M([[0, 0]]))


def test_a_missed_non_integer_critical_point_is_caught():
    # f = x³ − 2x + y²: critical points x = ±√(2/3), not integers; listing none of them fails
    f = [[3, 0, 1], [1, 0, -2], [0, 2, 1]]
    with pytest.raises(VerificationError):
        FAM.verify({"f": f, "task": "points"}, M([[0, 0]]))


def test_inconclusive_feedback_names_what_the_point_really_is():
    from osmose.exercises import make_exercise
    for seed in range(60):
        ex = make_exercise(FAM, {"level": 3, "task": "classify"}, seed)
        if ex.answer == "inconclusive":
            assert any("inconclusive" in m.feedback for m in ex.mistakes)
            assert "quartic" in ex.solution[-1].say
            return
    raise AssertionError("no degenerate draw in 60 seeds")


def test_same_seed_same_exercise():
    for task in ("points", "classify"):
        assert deterministic(FAM, {"level": 3, "task": task})
