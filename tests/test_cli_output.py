"""Output people read (issue 16, item 13): tables fit the terminal, a broken concept is named
with its file and error, hints keep --kb PATH, and each problem is one line."""

from __future__ import annotations

import json

from conftest import run_osmose, write_kb

TYPO = "id: typo\narea: a\ndefinition: d\n"  # no title
GOOD = "id: good\ntitle: Good\narea: a\ndefinition: d\n"


def test_concepts_table_fits_an_80_column_terminal(builtin_kb):
    narrow = run_osmose("concepts", env={"COLUMNS": "80"})
    assert narrow.returncode == 0, narrow.stderr
    lines = narrow.stdout.splitlines()
    assert max(len(line) for line in lines) <= 80
    assert lines[0].split() == ["id", "title", "area", "requires", "exercises"]
    # wrapped, not cut: every id is there, read down its column
    column = "".join(line[:lines[1].index(" ")].strip() for line in lines[2:])
    for cid in builtin_kb.concepts:
        assert cid in column
    wide = run_osmose("concepts", env={"COLUMNS": "400"})
    assert len(wide.stdout.splitlines()) == len(builtin_kb.concepts) + 2


def test_check_table_fits_too(tmp_path):
    from test_check_command import CONCEPT, GENERATOR

    kb = write_kb(tmp_path, {
        "generators/plus_one_with_a_rather_long_family_name.py": GENERATOR.format(
            name="plus_one_with_a_rather_long_family_name", body="answer = sp.Integer(n + 1)"),
        "concepts/arithmetic/adding.yaml": CONCEPT.format(name="plus_one_with_a_rather_long_family_name"),
    })
    r = run_osmose("check", "--seeds", "3", "--kb", kb, env={"COLUMNS": "64"})
    assert r.returncode == 0, r.stdout + r.stderr
    assert max(len(line) for line in r.stdout.splitlines()) <= 64
    assert "plus_one_with_a_rather_long_family_name" not in r.stdout  # wrapped in its cell


def test_show_a_broken_concept_names_its_file_and_error(tmp_path):
    kb = write_kb(tmp_path, {"concepts/a/typo.yaml": TYPO, "concepts/a/good.yaml": GOOD})
    r = run_osmose("show", "typo", "--kb", kb, cwd=kb)
    assert r.returncode == 2
    assert r.stderr.strip().splitlines() == [
        "osmose: concept 'typo' could not be loaded: concepts/a/typo.yaml:1: missing required "
        "field 'title'"]


def test_the_hint_after_a_kb_problem_keeps_the_kb_path(tmp_path):
    kb = write_kb(tmp_path / "my kb", {"concepts/a/typo.yaml": TYPO, "concepts/a/good.yaml": GOOD})
    r = run_osmose("concepts", "--kb", kb)
    assert r.returncode == 0
    assert f"run 'osmose check --kb '{kb}'' to see them" in r.stderr
    shown = run_osmose("show", "good", "--kb", kb)
    assert shown.returncode == 0 and "Good" in shown.stdout


def test_each_problem_is_one_line(tmp_path):
    kb = write_kb(tmp_path, {"concepts/a/typo.yaml": TYPO, "concepts/a/good.yaml": GOOD})
    r = run_osmose("check", "--seeds", "0", "--kb", kb, cwd=kb)
    assert r.returncode == 1
    assert r.stdout.splitlines().count("concepts/a/typo.yaml:1: missing required field 'title'") == 1
    assert "1 problem(s)" in r.stderr
    data = run_osmose("concepts", "--json", "--kb", kb)
    assert [json.loads(line)["id"] for line in data.stdout.splitlines()] == ["good"]
    assert "1 problem(s) in the knowledge base were skipped" in data.stderr
