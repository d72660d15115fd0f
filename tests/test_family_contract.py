"""Every built-in family honours the exercise contract (DESIGN.md), whoever wrote it."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from conftest import ROOT
from osmose.concepts import prose_problem, tex_problem
from osmose.exercises import make_exercise, parse_id
from osmose.kb import load_families

FAMILIES, LOAD_ERRORS = load_families(ROOT / "generators")
SEEDS = range(20)


def test_every_generator_module_loads():
    assert LOAD_ERRORS == []


@pytest.mark.parametrize("name", sorted(FAMILIES))
def test_exercises_follow_the_contract(name):
    family = FAMILIES[name]
    for params in family.variants():
        for seed in SEEDS:
            ex = make_exercise(family, params, seed)
            data = json.loads(json.dumps(ex.to_json()))  # JSON-safe all the way down
            assert parse_id(ex.id) == (name, family.version, {k: str(v) for k, v in ex.params.items()}, seed)
            for key in ("prompt_tex", "prompt_text", "answer", "answer_tex"):
                assert data[key].strip(), f"{ex.id}: empty {key}"
            assert prose_problem(ex.prompt_tex) is None, f"{ex.id}: {prose_problem(ex.prompt_tex)}"
            assert tex_problem(data["answer_tex"]) is None
            for step in ex.solution:
                assert step.say.strip()
                assert not step.tex or tex_problem(step.tex) is None, f"{ex.id}: {step.tex}"
            assert data["given"], f"{ex.id}: no given data"
            assert data["evidence"]["method"] and data["evidence"]["detail"]
            for mistake in data["mistakes"]:
                assert mistake["answer"] != data["answer"], f"{ex.id}: mistake {mistake['name']} is the answer"
                assert mistake["feedback"].strip()
            if ex.kind == "choice":
                assert ex.answer in ex.checking.choices


FINGERPRINT = """
import hashlib, json, sys
from pathlib import Path
from osmose.kb import load_families
from osmose.exercises import make_exercise
families, _ = load_families(Path(sys.argv[1]))
out = {}
for name, family in sorted(families.items()):
    for params in family.variants():
        for seed in range(3):
            ex = make_exercise(family, params, seed)
            out[ex.id] = hashlib.sha256(json.dumps(ex.to_json(), sort_keys=True).encode()).hexdigest()
print(json.dumps(out))
"""


def fingerprints(hash_seed: str) -> dict:
    env = {**os.environ, "PYTHONHASHSEED": hash_seed, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", FINGERPRINT, str(ROOT / "generators")],
                          capture_output=True, text=True, env=env, check=True, timeout=600)
    return json.loads(done.stdout)


def test_same_seed_same_exercise_across_processes_and_hash_seeds():
    first, second = fingerprints("1"), fingerprints("4242")
    assert first.keys() == second.keys() and first
    differing = [k for k in first if first[k] != second[k]]
    assert differing == []


@pytest.mark.parametrize("name", sorted(n for n, f in FAMILIES.items() if f.baseline))
def test_benchmark_baseline_computes_the_same_answer(name):
    """The bare-SymPy yardstick of benchmarks/generate.py must solve the same problem."""
    from osmose.checker import check_answer
    from osmose.mathtext import plain

    family = FAMILIES[name]
    for params in family.variants():
        for seed in range(3):
            ex = make_exercise(family, params, seed)
            answer = family.baseline(ex.given)
            if answer is None:  # a decision the family documents as no SymPy computation
                continue
            verdict = check_answer(ex, plain(answer))
            assert verdict.status == "correct", (ex.id, verdict)
