"""Problem sets and grading at the data boundary (issue 16): submissions are regular files
inside the folder, output folders are never mixed, ids never collide with osmose's own names."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from conftest import run_osmose


def roster(path: Path, ids) -> Path:
    path.write_text("id,name\n" + "".join(f"{i},\n" for i in ids), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def small_set(tmp_path_factory):
    """A real two-question set for chloe, dan and eve, written by the CLI."""
    tmp = tmp_path_factory.mktemp("safeset")
    out = tmp / "set"
    r = run_osmose("problemset", "--family", "second_partials", "-n", "2", "--seed", "5",
                   "--roster", roster(tmp / "roster.csv", ["chloe", "dan", "eve"]),
                   "--out", out, "--no-pdf", "-j", "1")
    assert r.returncode == 0, r.stderr
    return out


# --- item 1: grade reads only regular files inside the submissions folder ---------------------


def test_grade_refuses_links_out_of_the_folder_and_to_classmates(small_set, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("1: root-password-hunter2\n2: x\n", encoding="utf-8")
    subs = tmp_path / "subs"
    subs.mkdir()
    (subs / "dan.yaml").write_text("1: 2\n2: 3\n", encoding="utf-8")
    os.symlink(secret, subs / "chloe.yaml")  # a file outside the folder
    os.symlink(subs / "dan.yaml", subs / "eve.yaml")  # a classmate's file
    os.mkfifo(subs / "fifo.yaml")  # would block a plain read forever
    r = run_osmose("grade", small_set, subs, "-j", "1", timeout=120)
    assert r.returncode == 0, r.stderr
    chloe = (small_set / "reports" / "chloe.md").read_text(encoding="utf-8")
    eve = (small_set / "reports" / "eve.md").read_text(encoding="utf-8")
    assert "hunter2" not in chloe and "No submission" in chloe
    assert "No submission" in eve
    assert f"{subs / 'chloe.yaml'}: a symbolic link; not read" in r.stderr
    assert f"{subs / 'eve.yaml'}: a symbolic link; not read" in r.stderr
    assert f"{subs / 'fifo.yaml'}: not a regular file; not read" in r.stderr
    book = (small_set / "gradebook.csv").read_text(encoding="utf-8")
    assert "hunter2" not in book
    rows = {line.split(",")[0]: line for line in book.splitlines()[1:]}
    assert rows["chloe"].endswith("no submission") and rows["eve"].endswith("no submission")
    assert rows["dan"].endswith("graded")
