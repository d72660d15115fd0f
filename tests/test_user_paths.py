"""No traceback for any path a user can type or any generator a user writes (issue 16, item 7):
one line naming the path or the family, exit 1 or 2."""

from __future__ import annotations

import re

import pytest

from conftest import run_osmose, write_kb
from test_check_command import CONCEPT, GENERATOR


@pytest.fixture(scope="module")
def crashy_kb(tmp_path_factory):
    root = tmp_path_factory.mktemp("crashy")
    return write_kb(root, {
        "generators/crashy.py": GENERATOR.format(
            name="crashy", body="answer = sp.Integer(n + 1)\n    raise ZeroDivisionError('boom')"),
        "concepts/arithmetic/adding.yaml": CONCEPT.format(name="crashy"),
        "decks/d.yaml": "deck: D\nconcepts: {ids: [adding]}\n",
    })


def one_line(result) -> str:
    assert "Traceback" not in result.stdout + result.stderr
    progress = re.compile(r"^osmose: .*: [\d,]+/[\d,]+ \(\d+%\), \d+ s$")  # not errors
    lines = [line for line in result.stderr.splitlines() if line.strip() and not progress.match(line)]
    assert len(lines) == 1, result.stderr
    return lines[0]


@pytest.mark.parametrize("target, message", [
    ("/proc/x.apkg", "osmose: cannot write /proc/x.apkg: No such file or directory"),
    ("a-file/x.apkg", "osmose: cannot write a-file/x.apkg: a-file is a file, not a folder"),
    ("a-file/deeper/x.apkg", "osmose: cannot write a-file/deeper/x.apkg: a-file is a file, not a folder"),
])
def test_export_to_a_path_that_cannot_be_written(tmp_path, target, message):
    (tmp_path / "a-file").write_text("x", encoding="utf-8")
    r = run_osmose("export", "calculus", "-o", target, cwd=tmp_path, timeout=120)
    assert r.returncode in (1, 2)
    assert one_line(r) == message


def test_problemset_out_under_a_file(tmp_path):
    (tmp_path / "a-file").write_text("x", encoding="utf-8")
    r = run_osmose("problemset", "--family", "backprop", "-n", "1", "--out", "a-file/set",
                   "--no-pdf", cwd=tmp_path)
    assert r.returncode in (1, 2)
    assert one_line(r).startswith("osmose: cannot create a-file/set: ")


def test_a_crashing_generator_is_one_line_naming_its_file(crashy_kb, tmp_path):
    where = "generators/crashy.py:8: exercise family 'crashy'"
    r = run_osmose("generate", "crashy", "--seed", "3", "--kb", crashy_kb, cwd=crashy_kb)
    assert r.returncode == 2
    assert one_line(r) == f"osmose: {where} (seed 3) crashed: ZeroDivisionError: boom"
    r = run_osmose("answer", "crashy:v1:level=1:4", "5", "--kb", crashy_kb, cwd=crashy_kb)
    assert r.returncode == 2
    assert one_line(r) == f"osmose: {where} (seed 4) crashed: ZeroDivisionError: boom"
    r = run_osmose("problemset", "--family", "crashy", "-n", "1", "--out", tmp_path / "ps",
                   "--no-pdf", "--kb", crashy_kb, cwd=crashy_kb)
    assert r.returncode == 2
    assert where in one_line(r)
    r = run_osmose("export", "d", "-o", tmp_path / "d.apkg", "--kb", crashy_kb, cwd=crashy_kb)
    assert r.returncode == 1
    line = one_line(r)
    assert line.startswith(f"not shipped: {where} (seed ") and line.endswith(
        "crashed: ZeroDivisionError: boom (and 4 more variants like it)")
