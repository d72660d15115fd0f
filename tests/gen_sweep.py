"""Many-seed sweep shared by the knowledge-base-I generator tests (issue 5)."""

from __future__ import annotations

import json

import sympy as sp

from osmose.exercises import make_exercise
from osmose.mathtext import plain

SEEDS = range(500)


def sweep(fam, params: dict, seeds=SEEDS) -> list:
    """Every seed: made and verified, answer printable, mistakes distinct with feedback,
    JSON-safe, every free symbol of the answer has a domain; acceptance ≥ 30 %."""
    attempts, made = 0, []
    for seed in seeds:
        ex = make_exercise(fam, params, seed)
        attempts += ex.attempts
        shown = plain(ex.answer)
        assert shown and ex.prompt_tex and ex.prompt_text and ex.solution, ex.id
        assert all(m.feedback and plain(m.answer) != shown for m in ex.mistakes), ex.id
        json.dumps(ex.to_json())
        if not isinstance(ex.answer, str):
            parts = ex.answer if isinstance(ex.answer, tuple) else (ex.answer,)
            free = set().union(*(sp.sympify(p).free_symbols for p in parts))
            assert {s.name for s in free} <= set(ex.checking.variables), ex.id
        else:
            assert ex.answer in ex.checking.choices, ex.id
            assert all(m.answer in ex.checking.choices for m in ex.mistakes), ex.id
        made.append(ex)
    assert len(made) / attempts >= 0.3
    return made


def deterministic(fam, params: dict, seed: int = 3) -> bool:
    return make_exercise(fam, params, seed).to_json() == make_exercise(fam, params, seed).to_json()
