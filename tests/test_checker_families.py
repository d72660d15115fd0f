"""Every family's own answers round-trip through the checker, over many seeds.

For each family in generators/, each variant and 30 seeds: the exercise's own
``plain(answer)`` and ``tex(answer)`` are accepted; each listed mistake is judged
wrong and gets feedback; another seed's answer is rejected unless the two answers
really are equal (confirmed independently with SymPy's ``simplify``).
"""

from pathlib import Path

import pytest
import sympy as sp

from osmose.checker import check_answer
from osmose.exercises import make_exercise
from osmose.kb import load_families
from osmose.mathtext import plain, tex

ROOT = Path(__file__).resolve().parent.parent
FAMILIES, _ERRORS = load_families(ROOT / "generators")
SEEDS = 30

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(len(FAMILIES) < 4, reason="fewer than 4 families in generators/ yet"),
]


def _really_equal(a, b) -> bool:
    if isinstance(a, str) or isinstance(b, str):
        return str(a).lower() == str(b).lower()
    if isinstance(a, tuple) or isinstance(b, tuple):
        return (isinstance(a, tuple) and isinstance(b, tuple) and len(a) == len(b)
                and all(_really_equal(p, q) for p, q in zip(a, b)))
    if isinstance(a, sp.MatrixBase) or isinstance(b, sp.MatrixBase):
        return (isinstance(a, sp.MatrixBase) and isinstance(b, sp.MatrixBase)
                and a.shape == b.shape and all(_really_equal(p, q) for p, q in zip(a, b)))
    return sp.simplify(sp.sympify(a) - sp.sympify(b)) == 0


@pytest.mark.parametrize("name", sorted(FAMILIES))
def test_own_answers_accepted_others_rejected(name):
    family = FAMILIES[name]
    problems = []
    for params in family.variants():
        exercises = [make_exercise(family, params, seed) for seed in range(SEEDS)]
        for i, ex in enumerate(exercises):
            for label, text in (("plain", plain(ex.answer)), ("tex", tex(ex.answer))):
                verdict = check_answer(ex, text)
                if verdict.status != "correct":
                    problems.append(f"{ex.id}: own {label} answer {text!r} -> {verdict}")
            for mistake in ex.mistakes:
                verdict = check_answer(ex, plain(mistake.answer))
                if verdict.status != "wrong" or not verdict.feedback:
                    problems.append(f"{ex.id}: mistake {mistake.name!r} -> {verdict}")
            other = exercises[(i + 1) % len(exercises)]
            verdict = check_answer(ex, plain(other.answer))
            if verdict.status == "correct" and not _really_equal(ex.answer, other.answer):
                problems.append(f"{ex.id}: accepted seed {other.seed}'s answer "
                                f"{plain(other.answer)!r} for {plain(ex.answer)!r}")
    assert not problems, "\n".join(problems[:20])
