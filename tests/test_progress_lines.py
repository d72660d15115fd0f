"""Progress when stderr is not a terminal (CI logs, pipes): plain lines, not silence
(issue 16, items 9 and 10). Subprocess stderr here is a pipe, as in CI."""

from __future__ import annotations

import re

from conftest import run_osmose, write_kb
from test_check_command import CONCEPT, GENERATOR

LINE = re.compile(r"^osmose: (.+): ([\d,]+)/([\d,]+) \((\d+)%\), (\d+) s$")


def progress(stderr: str) -> list[tuple[str, int, int]]:
    out = []
    for line in stderr.splitlines():
        m = LINE.match(line)
        if m:
            out.append((m[1], int(m[2].replace(",", "")), int(m[3].replace(",", ""))))
    return out


def small_kb(tmp_path):
    return write_kb(tmp_path, {
        "generators/plus_one.py": GENERATOR.format(name="plus_one", body="answer = sp.Integer(n + 1)"),
        "concepts/arithmetic/adding.yaml": CONCEPT.format(name="plus_one"),
        "decks/d.yaml": "deck: D\nvariants: 4\nconcepts: {ids: [adding]}\n",
    })


def test_check_prints_progress_lines_when_not_on_a_terminal(tmp_path):
    r = run_osmose("check", "--seeds", "5", "--kb", small_kb(tmp_path))
    assert r.returncode == 0, r.stdout + r.stderr
    lines = progress(r.stderr)
    assert lines[0] == ("1 generator sweeps × 5 seeds", 0, 1)
    assert lines[-1] == ("1 generator sweeps × 5 seeds", 1, 1)


def test_export_prints_progress_lines_when_not_on_a_terminal(tmp_path):
    kb = small_kb(tmp_path / "kb")
    r = run_osmose("export", "d", "-o", tmp_path / "d.apkg", "--kb", kb)
    assert r.returncode == 0, r.stderr
    lines = progress(r.stderr)
    assert ("generating variants", 4, 4) in lines and lines[0][1] == 0


def test_problemset_and_grade_print_progress_lines_when_not_on_a_terminal(tmp_path):
    (tmp_path / "r.csv").write_text("id\n" + "".join(f"s{i}\n" for i in range(30)), encoding="utf-8")
    r = run_osmose("problemset", "--family", "backprop", "-n", "2", "--roster", "r.csv",
                   "--out", "set", "--no-pdf", "-j", "1", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    lines = progress(r.stderr)
    assert lines[0] == ("drawing verified variants", 0, 60)
    assert ("drawing verified variants", 60, 60) in lines and ("writing sets", 30, 30) in lines
    (tmp_path / "subs").mkdir()
    (tmp_path / "subs" / "s1.yaml").write_text("1: 1\n2: 2\n", encoding="utf-8")
    r = run_osmose("grade", "set", "subs", "-j", "1", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert progress(r.stderr)[-1] == ("checking answers", 2, 2)
