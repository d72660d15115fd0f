"""The many-seed sweep shared by the generator tests.

Every seed: made and verified, printable, free symbols have domains, choices offered,
JSON-safe, acceptance ≥ 30 %; and the independent verifier rejects every listed
mistake, so each mistake really differs from the answer (and from the others) in
value, not only in print. Rendering the full JSON costs as much as generating, so
it runs on every ``json_every``-th seed (the data layout is the same for all seeds).
"""

from __future__ import annotations

import json
import sys

import pytest
import sympy as sp

from osmose.exercises import make_exercise
from osmose.family import VerificationError
from osmose.mathtext import plain


def sweep(fam, params: dict, seeds: range = range(500), json_every: int = 5) -> list:
    """Every seed made, verified and well formed; returns the exercises for further checks."""
    attempts, made = 0, []
    for seed in seeds:
        ex = make_exercise(fam, params, seed)
        attempts += ex.attempts
        made.append(ex)
        answer = plain(ex.answer)
        assert answer and ex.prompt_tex and ex.prompt_text and ex.solution, ex.id
        if isinstance(ex.answer, str):  # a named answer: one of the offered choices
            assert ex.answer in ex.checking.choices, ex.id
            assert all(m.answer in ex.checking.choices for m in ex.mistakes), ex.id
        else:  # every free symbol of the answer has a domain to sample from
            parts = ex.answer if isinstance(ex.answer, tuple) else (ex.answer,)
            free = set().union(*(sp.sympify(p).free_symbols for p in parts))
            assert {s.name for s in free} <= set(ex.checking.variables), ex.id
        if seed % json_every == 0:
            json.dumps(ex.to_json())
        shown = [plain(m.answer) for m in ex.mistakes]
        assert answer not in shown and len(shown) == len(set(shown)), ex.id
        for m in ex.mistakes:
            assert m.feedback, (ex.id, m.name)
            with pytest.raises(VerificationError):
                fam.verify(ex.given, m.answer)
    assert len(made) / attempts >= 0.3, f"acceptance {len(made) / attempts:.0%}"
    return made


def find_seed(fam, params: dict, wanted, limit: int = 2000):
    """The first exercise whose ``given`` satisfies ``wanted`` (to pin a hand-computed case)."""
    for seed in range(limit):
        ex = make_exercise(fam, params, seed)
        if wanted(ex.given):
            return ex
    raise AssertionError(f"no seed below {limit} gives the wanted data")


def module(fam):
    """The generator module itself, for its small pure helpers (sample_cov, softmax, …)."""
    return sys.modules[fam.generate.__module__]


def deterministic(fam, params: dict, seed: int = 3) -> bool:
    return make_exercise(fam, params, seed).to_json() == make_exercise(fam, params, seed).to_json()
