"""The quiz end to end, as a learner meets it: a pseudo-terminal, --plain over pipes, a kill -9.

Every test spawns the real ``osmose`` executable on a temporary knowledge base
(``quiz_helpers``) and a temporary database, then reads the database back.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import sys
from pathlib import Path

import pexpect
import pytest
from pexpect.popen_spawn import PopenSpawn
from quiz_helpers import KEYS, solve, write_quiz_kb, wrong

from osmose.store import Store

pytestmark = pytest.mark.slow

OSMOSE = str(Path(sys.executable).with_name("osmose"))
TIMEOUT = 60
ENV = {**os.environ, "COLUMNS": "100", "LINES": "40", "TERM": "xterm-256color",
       "NO_COLOR": "1", "OSMOSE_DB": "", "OSMOSE_KB": ""}


@pytest.fixture(scope="module")
def kb(tmp_path_factory):
    return write_quiz_kb(tmp_path_factory.mktemp("kb"))


def log(db: Path) -> list[tuple[str, int, int, str, str]]:
    """(item key, rating, proposed, verdict, answer) of every saved review, oldest first."""
    with Store.open(db) as store:
        return [(k, r.rating, r.proposed, r.verdict, r.answer) for k, r in store.reviews()]


def question(child) -> str:
    """The text between a turn's header line and the answer prompt."""
    return child.before if isinstance(child.before, str) else child.before.decode()


# --- --plain over pipes ----------------------------------------------------------

def plain(kb, db, *args) -> PopenSpawn:
    return PopenSpawn([OSMOSE, "quiz", "--kb", str(kb), "--db", str(db), "--plain", *args],
                      env=ENV, encoding="utf-8", timeout=TIMEOUT)


def test_plain_session_answers_every_item_and_saves_it(kb, tmp_path):
    db = tmp_path / "q.db"
    child = plain(kb, db, "--new", "10")
    child.expect("0 due, 7 new")
    for key in KEYS:
        child.expect(r"\n\[(\d)/7 · .*\]\n")
        if key.startswith("skill:"):
            child.expect("answer> ")
            prompt = question(child)
            child.sendline("(2*x")  # unbalanced: says why, asks again, costs nothing
            child.expect("can't read that: .+ try again")
            child.expect("answer> ")
            child.sendline(solve(prompt))
            child.expect("✓ correct")
            child.expect("understood: ")
            child.expect("rating: (again|hard|good|easy)")
            child.expect("rate> ")
            child.sendline("")
        else:
            child.expect("reveal> ")
            child.sendline("my attempt")
            child.expect("you wrote: my attempt")
            child.expect("answer: ")
            child.expect("rate> ")
            child.sendline("2")  # override the proposed rating
        child.expect("next review in")
    child.expect(r"done: 7 reviewed \(1 correct, 0 wrong\), 7 new")
    child.expect(pexpect.EOF)
    assert child.wait() == 0
    saved = log(db)
    assert [k for k, *_ in saved] == KEYS
    assert all(r == 2 for k, r, *_ in saved if k.startswith("fact:"))
    assert all(a == "my attempt" for k, *_, a in saved if k.startswith("fact:"))
    assert saved[-1][3] == "correct"


def test_plain_wrong_answer_gets_the_mistakes_feedback(kb, tmp_path):
    db = tmp_path / "q.db"
    child = plain(kb, db, "power-rule", "--new", "10")
    for _ in range(4):
        child.expect("reveal> ")
        child.sendline("")
        child.expect("rate> ")
        child.sendline("")
    child.expect("answer> ")
    prompt = question(child)
    child.sendline(wrong(prompt))
    child.expect("✗ wrong")
    child.expect("Lower the exponent by one.")
    child.expect("answer: ")
    child.expect("solution:")
    child.expect("rating: again")
    child.expect("rate> ")
    child.sendline("")
    child.expect("next review in 1 min")
    child.expect(pexpect.EOF)
    assert log(db)[-1][1:4] == (1, 1, "wrong")


def test_plain_end_of_input_ends_cleanly_and_keeps_the_answers(kb, tmp_path):
    from conftest import run_osmose

    db = tmp_path / "q.db"
    # two facts: reveal + accept, reveal + override to easy; then the input ends mid-session
    result = run_osmose("quiz", "--kb", kb, "--db", db, "--plain",
                        input="\n\nI remember\n4\n", env={"OSMOSE_DB": ""})
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert "end of input: 2 reviewed" in result.stdout
    assert [(k, r, a) for k, r, _, _, a in log(db)] == [
        ("fact:derivative:definition", 3, ""), ("fact:derivative:symbol:f-x", 4, "I remember")]


def test_hint_and_solution_commands(kb, tmp_path):
    db = tmp_path / "q.db"
    child = plain(kb, db, "power-rule", "--new", "10")
    child.expect("reveal> ")
    child.sendline("?")
    child.expect("hint: Differentiating")
    child.expect("reveal> ")
    child.sendline("")
    child.expect("rating: again")  # a hint is a lapse
    child.expect("rate> ")
    child.sendline("")
    child.expect("reveal> ")
    child.sendline("!")
    child.expect("solution shown")
    child.expect("rate> ")
    child.sendline("")
    child.expect("reveal> ")
    child.sendline("q")
    child.expect(r"quit: 2 reviewed")
    child.expect(pexpect.EOF)
    assert [(r, v) for _, r, _, v, _ in log(db)] == [(1, "self"), (1, "shown")]


# --- a real pseudo-terminal -----------------------------------------------------------

def tty(kb, db, *args) -> pexpect.spawn:
    return pexpect.spawn(OSMOSE, ["quiz", "--kb", str(kb), "--db", str(db), *args], env=ENV,
                         encoding="utf-8", timeout=TIMEOUT, dimensions=(40, 100))


def test_terminal_session_with_one_key_ratings_and_ctrl_c(kb, tmp_path):
    db = tmp_path / "q.db"
    child = tty(kb, db, "power-rule", "--new", "10")
    child.expect("0 due, 5 new")
    for n in range(4):
        child.expect("Enter to reveal›")
        child.sendline("")
        child.expect("Enter accepts")
        child.send("3" if n % 2 else "4")  # one key, no Enter
        child.expect("next review")
    child.expect("answer›")
    prompt = child.before
    child.sendline(solve(prompt[prompt.index("Differentiate"):]))
    child.expect("✓ correct")
    child.expect("Enter accepts")
    child.send("\r")  # accept the proposal
    child.expect("next review")
    child.expect(r"done: 5 reviewed \(1 correct, 0 wrong\), 5 new")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert [r for _, r, *_ in log(db)][:4] == [4, 3, 4, 3]


def test_ctrl_c_ends_the_session_and_keeps_what_was_rated(kb, tmp_path):
    db = tmp_path / "q.db"
    child = tty(kb, db, "--new", "10")
    for _ in range(2):
        child.expect("Enter to reveal›")
        child.sendline("")
        child.expect("Enter accepts")
        child.send("3")
    child.expect("Enter to reveal›")
    child.sendintr()
    child.expect(r"interrupted: 2 reviewed")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert [k for k, *_ in log(db)] == KEYS[:2]


def test_sigkill_mid_quiz_leaves_a_sound_database_with_every_rated_answer(kb, tmp_path):
    db = tmp_path / "q.db"
    child = tty(kb, db, "--new", "10")
    for _ in range(3):
        child.expect("Enter to reveal›")
        child.sendline("")
        child.expect("Enter accepts")
        child.send("3")
        child.expect("next review")
    child.expect("Enter to reveal›")
    child.send("half an answ")  # typing when the process dies
    os.kill(child.pid, signal.SIGKILL)
    child.expect(pexpect.EOF)
    child.close()
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
    assert [(k, r) for k, r, *_ in log(db)] == [(k, 3) for k in KEYS[:3]]


# --- due and stats -------------------------------------------------------------------

def test_due_and_stats_after_a_session(kb, tmp_path):
    from conftest import run_osmose

    db = tmp_path / "q.db"
    run_osmose("quiz", "derivative", "--kb", kb, "--db", db, "--plain", input="\n1\n\n4\n")
    due = run_osmose("due", "--db", db)
    assert due.returncode == 0, due.stderr
    assert "0 due now — 2 items" in due.stdout
    assert "today" in due.stdout and "next review in 1 min" in due.stdout
    stats = run_osmose("stats", "--db", db, "--kb", kb)
    assert stats.returncode == 0, stats.stderr
    assert "2 reviews, 2 items" in stats.stdout
    assert "derivative" in stats.stdout and "2/2 items started" in stats.stdout
    assert "1 concept not started yet" in stats.stdout


def test_due_without_a_database_says_so(tmp_path):
    from conftest import run_osmose

    result = run_osmose("due", "--db", tmp_path / "none.db")
    assert result.returncode == 0 and "no reviews yet" in result.stdout
    assert not (tmp_path / "none.db").exists()


@pytest.mark.parametrize("command", ["quiz", "due", "stats"])
def test_a_foreign_file_is_one_line_and_exit_2(kb, tmp_path, command):
    from conftest import run_osmose

    db = tmp_path / "notes.db"
    db.write_text("not a database\n" * 100)
    extra = {"quiz": ["--kb", kb, "--plain"], "due": [], "stats": ["--kb", kb]}[command]
    args = [command, "--db", db, *extra]
    result = run_osmose(*args, input="")
    assert result.returncode == 2
    assert result.stderr.startswith(f"osmose: {db}: not an osmose database")
    assert result.stderr.count("\n") == 1
    assert db.read_text() == "not a database\n" * 100
