"""Small hand-made exercises for the answer-checker tests (answers known by construction)."""

from __future__ import annotations

import sympy as sp

from osmose.exercises import Exercise
from osmose.family import Checking, Evidence, Mistake

x, y, z = sp.symbols("x y z")


def exercise(answer, kind: str = "expr", variables: dict | None = None, mistakes=(),
             choices=(), sig_figs: int = 3, ex_id: str = "test:v1::1",
             precision: str = "") -> Exercise:
    """An Exercise built directly, as a generator would hand it to the checker."""
    return Exercise(
        id=ex_id, family="test", version=1, params={}, seed=1, prompt_tex="", prompt_text="",
        answer=answer, kind=kind, solution=(), given={},
        checking=Checking(variables=dict(variables or {}), sig_figs=sig_figs, choices=tuple(choices),
                          precision=precision),
        mistakes=tuple(Mistake(name, ans, feedback) for name, ans, feedback in mistakes),
        evidence=Evidence("by construction", "hand-written test exercise"), attempts=1,
    )


XY = {"x": "real", "y": "real"}
