"""Checks shared by the issue-6 generator tests (covariance … gaussian_kl_mv).

Builds on ``gen_sweep.sweep`` (made, verified, printable, JSON-safe, acceptance ≥ 30 %)
and adds: the independent verifier rejects every listed mistake, so each mistake
really differs from the answer (and from the others) in value, not only in print.
"""

from __future__ import annotations

import sys

import pytest

from gen_sweep import sweep as base_sweep
from osmose.exercises import make_exercise
from osmose.family import VerificationError
from osmose.mathtext import plain


def sweep(fam, params: dict, seeds: range) -> None:
    for ex in base_sweep(fam, params, seeds):
        shown = [plain(m.answer) for m in ex.mistakes]
        assert len(shown) == len(set(shown)), ex.id
        for m in ex.mistakes:
            with pytest.raises(VerificationError):
                fam.verify(ex.given, m.answer)


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
