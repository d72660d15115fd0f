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


# --- item 4: an output folder holds one set; --force removes only what osmose wrote --------


def tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def make_set(out: Path, roster_path: Path, seed: int, *extra) -> "subprocess.CompletedProcess":
    return run_osmose("problemset", "--family", "backprop", "-n", "1", "--seed", seed,
                      "--roster", roster_path, "--out", out, "--no-pdf", "-j", "1", *extra)


def test_out_folder_is_never_mixed_and_force_removes_only_osmose_files(tmp_path):
    out = tmp_path / "set"
    first = roster(tmp_path / "a.csv", ["ann", "bob", "cid"])
    assert make_set(out, first, 1).returncode == 0
    before = tree(out)
    # the same inputs: regenerated identically, in place
    again = make_set(out, first, 1)
    assert again.returncode == 0, again.stderr
    assert tree(out) == before
    # a different set into the same folder: refused in one line, nothing touched
    second = roster(tmp_path / "b.csv", ["dee", "eli"])
    r = make_set(out, second, 2)
    assert r.returncode == 2
    assert r.stderr.strip().splitlines() == [
        f"osmose: {out}: the folder already holds a different problem set ('Problem set'); choose "
        "an empty or new --out folder, or pass --force to replace it (removes only what osmose "
        "wrote there)"]
    assert tree(out) == before
    # --force: the old set's files go, the instructor's own files stay
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    (out / "ann" / "feedback.txt").write_text("mine too", encoding="utf-8")
    (out / "gradebook.csv").write_text("old grades", encoding="utf-8")
    r = make_set(out, second, 2, "--force")
    assert r.returncode == 0, r.stderr
    files = tree(out)
    assert files["notes.txt"] == b"mine" and files["ann/feedback.txt"] == b"mine too"
    assert not any(name.startswith(("bob", "cid", "keys/ann", "keys/bob")) for name in files)
    assert "ann/problems.md" not in files and "gradebook.csv" not in files
    manifest = json.loads(files["manifest.json"])
    assert [s["id"] for s in manifest["students"]] == ["dee", "eli"]
    assert sorted(n for n in files if n.startswith("keys/")) == ["keys/dee.md", "keys/eli.md"]


def test_a_folder_of_other_files_is_refused(tmp_path):
    out = tmp_path / "docs"
    out.mkdir()
    (out / "thesis.tex").write_text("x", encoding="utf-8")
    r = make_set(out, roster(tmp_path / "r.csv", ["ann"]), 1)
    assert r.returncode == 2
    assert "the folder already holds files osmose did not write (thesis.tex)" in r.stderr
    assert sorted(p.name for p in out.iterdir()) == ["thesis.tex"]


# --- item 5: student ids -------------------------------------------------------------------


@pytest.mark.parametrize("text, message", [
    ("id\nann\nkeys\n", "r.csv:3: student id 'keys' is a name osmose uses in the set folder"),
    ("id\nmanifest.json\n", "r.csv:2: student id 'manifest.json' is a name osmose uses"),
    ("id\nReports\n", "r.csv:2: student id 'Reports' is a name osmose uses"),
    ("id,name\nalice,A\nbob,B\nAlice,C\n",
     "r.csv:4: student id 'Alice' differs from 'alice' (line 2) only in case: one folder on "
     "macOS and Windows"),
])
def test_ids_that_collide_are_refused_before_anything_is_written(tmp_path, text, message):
    path = tmp_path / "r.csv"
    path.write_text(text, encoding="utf-8")
    out = tmp_path / "set"
    r = run_osmose("problemset", "--family", "backprop", "-n", "1", "--roster", "r.csv",
                   "--out", out, "--no-pdf", cwd=tmp_path)
    assert r.returncode == 2
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"osmose: {message}"), r.stderr
    assert not out.exists()


@pytest.mark.parametrize("sep", [";", "\t"])
def test_semicolon_and_tab_rosters_and_unicode_ids(tmp_path, sep):
    from osmose.problemset.roster import load_roster

    path = tmp_path / "r.csv"
    path.write_text(f"name{sep}id\nZoë Martin{sep}zoë\nAl, Jr.{sep}al\n", encoding="utf-8")
    assert [(s.id, s.name) for s in load_roster(path)] == [("zoë", "Zoë Martin"), ("al", "Al, Jr.")]


def test_a_unicode_id_gets_its_folder_and_is_graded(tmp_path):
    out = tmp_path / "set"
    assert make_set(out, roster(tmp_path / "r.csv", ["zoë"]), 3).returncode == 0
    assert (out / "zoë" / "problems.md").is_file() and (out / "keys" / "zoë.md").is_file()
    subs = tmp_path / "subs"
    subs.mkdir()
    (subs / "zoë.yaml").write_text("1: 1\n", encoding="utf-8")
    r = run_osmose("grade", out, subs, "-j", "1")
    assert r.returncode == 0, r.stderr
    assert "zoë" in (out / "gradebook.csv").read_text(encoding="utf-8")


# --- item 9: streamed, resumable, linear ------------------------------------------------------


def test_students_are_written_as_drawn_and_an_interrupted_run_resumes(builtin_kb, tmp_path,
                                                                      monkeypatch):
    from osmose.problemset import build
    from osmose.problemset.make import JOURNAL, make_problemset

    monkeypatch.setattr(build, "CHUNK", 4)  # 10 students: chunks of 4, 4, 2
    path = roster(tmp_path / "r.csv", [f"s{i:02d}" for i in range(10)])
    kwargs = dict(families=["backprop", "second_partials"], count=2, seed=4, roster=path,
                  workers=1, want_pdf=False)
    whole = make_problemset(builtin_kb, tmp_path / "whole", **kwargs)
    assert whole.students == 10 and not (tmp_path / "whole" / JOURNAL).exists()

    out = tmp_path / "cut"
    seen = []

    def stop_after_first_chunk(stage, done, total):
        if stage == "write":
            # the first chunk is on disk before the second is drawn; no manifest yet
            seen.append(sorted(p.name for p in out.iterdir() if p.is_dir()))
            assert not (out / "manifest.json").exists()
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        make_problemset(builtin_kb, out, progress=stop_after_first_chunk, **kwargs)
    assert seen == [["keys", "s00", "s01", "s02", "s03"]]
    assert (out / JOURNAL).is_file()
    resumed = make_problemset(builtin_kb, out, **kwargs)
    assert resumed.resumed == 4
    assert tree(out) == tree(tmp_path / "whole")


def test_interrupted_cli_run_resumes_after_a_real_sigint(tmp_path):
    """A real Ctrl-C mid-run keeps what was written; the same command finishes the set."""
    import signal
    import subprocess
    import time

    from conftest import OSMOSE, ROOT

    path = roster(tmp_path / "r.csv", [f"s{i:04d}" for i in range(750)])  # 3 chunks
    args = ["problemset", "--family", "backprop", "-n", "1", "--seed", "8", "--roster", str(path),
            "--out", str(tmp_path / "set"), "--no-pdf", "-j", "1"]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(OSMOSE + args, cwd=tmp_path, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    journal = tmp_path / "set" / ".osmose-partial.jsonl"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        if journal.is_file() and journal.read_text(encoding="utf-8").count("\n") > 10:
            break
        time.sleep(0.05)
    assert proc.poll() is None, proc.communicate()
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 130 and "Traceback" not in err, err
    assert "osmose: interrupted" in err
    written = journal.read_text(encoding="utf-8").count('"entry"')
    assert 0 < written < 750
    done = run_osmose(*args, cwd=tmp_path, timeout=300)
    assert done.returncode == 0, done.stderr
    assert f"750 students ({written} already written by an interrupted run)" in done.stdout
    manifest = json.loads((tmp_path / "set" / "manifest.json").read_text(encoding="utf-8"))
    assert len(manifest["students"]) == 750 and not journal.exists()


def test_the_shared_variant_note_says_what_it_means_and_names_each_student_once():
    from osmose.problemset import build
    from osmose.problemset.build import Slot
    from osmose.problemset.roster import Student

    plan = [Slot("f", (("level", 1),)), Slot("f", (("level", 1),))]  # one type, asked twice
    students = [Student(s) for s in ("ann", "bob", "cid", "dee", "eve")]
    tried = {(s.id, n, a): {"prompt_tex": "P", "answer": "x", "kind": "expr"}
             for s in students for n in (1, 2) for a in range(build.MAX_ATTEMPTS)}
    _, shared = build._assign(plan, students, tried, tried.__getitem__, (set(), set()))
    (key, who), = shared.items()
    assert who == ["ann", "bob", "cid", "dee", "eve"]
    assert build._shared_note(plan, key, who) == (
        "question 1/2 (f level=1) has fewer distinct variants than the class needs: 5 students "
        "(ann, bob, cid and 2 more) were given a variant already handed out to another student or "
        "question (the same numbers, so answers can be shared)")
