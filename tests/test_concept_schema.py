"""concepts/concept.schema.json agrees with the loader: the same files accepted and rejected.

Editors with a YAML language server validate concept files against the schema while
an author types; the loader (osmose/concepts.py) is what osmose runs. Each example
below is judged by both, and every built-in concept file must pass both.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from conftest import ROOT
from osmose.concepts import load_concept

jsonschema = pytest.importorskip("jsonschema")

SCHEMA_PATH = ROOT / "concepts" / "concept.schema.json"
MODELINE = "# yaml-language-server: $schema=../concept.schema.json"

BASE = """id: example
title: Example
area: calculus
definition: 'A definition with \\(x^2\\).'
"""

VALID = {
    "minimal": "",
    "everything": """tags: [a, b]
requires: [gradient]
symbols:
  - tex: '\\theta'
    name: theta
    aliases: [theta]
    meanings: [{field: ML, meaning: 'the parameters'}]
formulas:
  - {name: entries, tex: 'H_{ij} = \\partial_i \\partial_j f'}
facts:
  - 'The Hessian is symmetric when f has {{continuous second partials}}.'
  - 'A cloze may hold math: {{\\(\\sigma_1\\)}}.'
derivations:
  - title: D
    steps:
      - tex: 'a = b'
        why: because
        check: {lhs: 'a', rhs: 'a', symbols: {a: real}}
exercises:
  - generator: hessian
    params: {variables: 2}
  - generator: entropy
sources: ['https://example.org']
""",
    "numbers as text": "tags: [1, 2]\nsymbols:\n  - {tex: 2, name: two}\n",
    "empty lists and nulls": "tags:\nrequires: []\nsymbols: []\nfacts:\nsources: []\n",
}

INVALID = {
    "unknown field": "formulae: []\n",
    "bad id": "",  # id replaced below
    "fact without cloze": "facts: ['No cloze here.']\n",
    "empty cloze": "facts: ['An {{ }} gap.']\n",
    "fact not text": "facts: [{q: a}]\n",
    "symbol without name": "symbols: [{tex: 'x'}]\n",
    "symbol extra field": "symbols: [{tex: 'x', name: x, colour: red}]\n",
    "meaning without field": "symbols: [{tex: 'x', name: x, meanings: [{meaning: m}]}]\n",
    "empty formula tex": "formulas: [{name: f, tex: ''}]\n",
    "derivation without steps": "derivations: [{title: D, steps: []}]\n",
    "step without why": "derivations: [{title: D, steps: [{tex: 'a'}]}]\n",
    "check not a mapping": "derivations: [{title: D, steps: [{tex: 'a', why: w, check: 'a = a'}]}]\n",
    "exercise without generator": "exercises: [{params: {}}]\n",
    "tags not a list": "tags: calculus\n",
    "boolean title": "",  # title replaced below
}


def text_of(name: str, extra: str) -> str:
    text = BASE + extra
    if name == "bad id":
        text = text.replace("id: example", "id: Bad_Id")
    if name == "boolean title":
        text = text.replace("title: Example", "title: true")
    return text


@pytest.fixture(scope="module")
def validator():
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def verdicts(validator, text: str, stem: str = "example") -> tuple[bool, bool]:
    by_schema = validator.is_valid(yaml.safe_load(text))
    concept, errors = load_concept(Path(f"{stem}.yaml"), text)
    return by_schema, concept is not None and not errors


@pytest.mark.parametrize("name", sorted(VALID))
def test_valid_examples_pass_both(validator, name):
    assert verdicts(validator, text_of(name, VALID[name])) == (True, True)


@pytest.mark.parametrize("name", sorted(INVALID))
def test_invalid_examples_fail_both(validator, name):
    stem = "Bad_Id" if name == "bad id" else "example"
    assert verdicts(validator, text_of(name, INVALID[name]), stem) == (False, False)


def test_every_built_in_concept_validates_and_names_the_schema(validator):
    files = sorted((ROOT / "concepts").rglob("*.yaml"))
    assert len(files) > 80
    problems = []
    for file in files:
        text = file.read_text(encoding="utf-8")
        errors = sorted(validator.iter_errors(yaml.safe_load(text)), key=lambda e: list(e.path))
        problems += [f"{file.relative_to(ROOT)}: {list(e.path)}: {e.message[:120]}" for e in errors]
        if not text.startswith(MODELINE + "\n"):
            problems.append(f"{file.relative_to(ROOT)}: first line is not '{MODELINE}'")
    assert not problems, "\n".join(problems[:20])
