"""The quiz end to end, as a learner meets it: a pseudo-terminal, --plain over pipes, a kill -9.

Every test spawns the real ``osmose`` executable on a temporary knowledge base
(``quiz_helpers``) and a temporary database, then reads the database back.
Prompts are matched, never a family's wording: the ``power`` family is the
tests' own. Every wait is for an explicit prompt, with a generous but bounded
timeout, so a loaded machine slows the tests down without failing them.
"""

from __future__ import annotations

import os
import re
import signal
import sqlite3
import sys
from pathlib import Path

import pexpect
import pytest
from pexpect.popen_spawn import PopenSpawn
from quiz_helpers import INTRO, KEYS, drill_files, solve, write_quiz_kb, wrong

from osmose.store import CardState, ReviewRow, Store

pytestmark = pytest.mark.slow

OSMOSE = str(Path(sys.executable).with_name("osmose"))
TIMEOUT = 90
ENV = {**os.environ, "COLUMNS": "100", "LINES": "40", "TERM": "xterm-256color",
       "NO_COLOR": "1", "OSMOSE_DB": "", "OSMOSE_KB": ""}
HEADER = r"\n\[\d+/\d+ · (.+?) · (.+?)\]\r?\n"
PLAIN_PROMPTS = ["reveal> ", "answer> ", r"(done|quit|interrupted|end of input): .*saved in"]


@pytest.fixture(scope="module")
def kb(tmp_path_factory):
    return write_quiz_kb(tmp_path_factory.mktemp("kb"))


@pytest.fixture(scope="module")
def drill(tmp_path_factory):
    return write_quiz_kb(tmp_path_factory.mktemp("drill"), drill_files())


def log(db: Path) -> list[tuple[str, int, int, str, str]]:
    """(item key, rating, proposed, verdict, answer) of every saved answer, oldest first."""
    with Store.open(db) as store:
        return [(k, r.rating, r.proposed, r.verdict, r.answer) for k, r in store.reviews()]


def before(child) -> str:
    return child.before if isinstance(child.before, str) else child.before.decode()


# --- --plain over pipes ----------------------------------------------------------

def plain(kb, db, *args) -> PopenSpawn:
    return PopenSpawn([OSMOSE, "quiz", "--kb", str(kb), "--db", str(db), "--plain", *args],
                      env=ENV, encoding="utf-8", timeout=TIMEOUT)


def drive(child, rate=lambda n, kind, new: "", answer=None, until=200):
    """Answer every turn (skills right, facts revealed) until the summary; the turns seen.

    Each turn is (concept title, label, kind, new); ``rate`` gives the rating line.
    """
    turns = []
    for n in range(until):
        if child.expect([HEADER, PLAIN_PROMPTS[2]]) == 1:
            return turns
        title, label = child.match.group(1), child.match.group(2)
        new = label.endswith(" · new")
        kind = ["fact", "skill"][child.expect(PLAIN_PROMPTS[:2])]
        question = before(child)
        child.sendline(solve(question) if kind == "skill" else (answer or ""))
        child.expect("rate> ")
        child.sendline(rate(n, kind, new))
        child.expect("next review ")
        turns.append((title, label.removesuffix(" · new"), kind, new))
    raise AssertionError("the session did not end")


def test_plain_session_answers_every_item_and_saves_it(kb, tmp_path):
    db = tmp_path / "q.db"
    child = plain(kb, db, "--new", "10")
    child.expect("0 due, 7 new")
    child.expect(HEADER)
    child.expect("reveal> ")
    child.sendline("my attempt")
    child.expect("you wrote: my attempt")
    child.expect("answer: ")
    child.expect("rate> ")
    child.sendline("2")  # override the proposed rating: Hard
    child.expect("next review in")
    turns = drive(child, rate=lambda n, kind, new: "")
    child.expect(pexpect.EOF)
    assert child.wait() == 0
    saved = log(db)
    assert list(dict.fromkeys(k for k, *_ in saved)) == INTRO
    assert saved[0][1:3] == (2, 3) and saved[0][4] == "my attempt"
    assert len(saved) == len(turns) + 1 and sum(new for *_, new in turns) == len(KEYS) - 1
    assert [v for k, _, _, v, _ in saved if k.startswith("skill:")][0] == "correct"


def test_plain_unreadable_then_wrong_answer_gets_the_mistakes_feedback(kb, tmp_path):
    db = tmp_path / "q.db"
    child = plain(kb, db, "power-rule", "--new", "10", "--exercises")
    child.expect("answer> ")
    prompt = before(child)
    child.sendline("(2*x")  # unbalanced: says why, asks again, costs nothing
    child.expect("can't read that: .+ try again")
    child.expect("answer> ")
    child.sendline(wrong(prompt))
    child.expect("✗ wrong")
    child.expect("Lower the exponent by one.")
    child.expect("answer: ")
    child.expect("solution:")
    child.expect("rating: again")
    child.expect("rate> ")
    child.sendline("")
    child.expect("next review in 1 min")
    child.expect("answer> ")
    child.sendline("q")
    child.expect(pexpect.EOF)
    assert log(db) == [("skill:power-rule:power:", 1, 1, "wrong", wrong(prompt))]


def test_plain_end_of_input_ends_cleanly_and_keeps_the_answers(kb, tmp_path):
    from conftest import run_osmose

    db = tmp_path / "q.db"
    # two facts: reveal + accept, reveal + override to easy; the exercise answered wrong,
    # and the input ends at its rating prompt: it is kept with the proposed rating (again)
    result = run_osmose("quiz", "--kb", kb, "--db", db, "--plain",
                        input="\n\nI remember\n4\n7\n", env={"OSMOSE_DB": ""})
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert "end of input: 3 reviewed" in result.stdout
    assert [(k, r, a) for k, r, _, _, a in log(db)] == [
        (INTRO[0], 3, ""), (INTRO[1], 4, "I remember"), (INTRO[2], 1, "7")]


def test_hint_and_solution_commands(kb, tmp_path):
    db = tmp_path / "q.db"
    child = plain(kb, db, "derivative", "--new", "10")
    child.expect("reveal> ")
    child.sendline("?")
    child.expect("hint: The derivative")
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


def test_unknown_rating_keys_get_a_hint_and_the_prompt_again(kb, tmp_path):
    db = tmp_path / "q.db"
    child = plain(kb, db, "derivative")
    child.expect("reveal> ")
    child.sendline("")
    child.expect("rate> ")
    child.sendline("x")
    child.expect("type 1, 2, 3 or 4")
    child.expect("rate> ")
    child.sendline("2")
    child.expect("next review")
    child.expect("reveal> ")
    child.sendline("q")
    child.expect(pexpect.EOF)
    assert [r for _, r, *_ in log(db)] == [2]


# --- the session mix ----------------------------------------------------------------

def test_named_concepts_take_turns_and_one_new_item_in_three_is_an_exercise(drill, tmp_path):
    child = plain(drill, tmp_path / "q.db", "alpha", "beta", "gamma", "--new", "9")
    child.expect("0 due, 9 new")
    turns = drive(child)
    child.expect(pexpect.EOF)
    new = [t for t in turns if t[3]]
    assert len(new) == 9
    kinds = [kind for _, _, kind, _ in new]
    assert all("skill" in kinds[k:k + 3] for k in range(len(kinds) - 2)), kinds
    titles = [title for title, *_ in new]
    assert set(titles[:5]) == {"Concept alpha", "Concept beta", "Concept gamma"}
    assert all(titles.count(t) == 3 for t in set(titles)), titles


def test_an_item_rated_again_returns_within_the_session(drill, tmp_path):
    child = plain(drill, tmp_path / "q.db", "beta", "--new", "3")
    turns = drive(child, rate=lambda n, kind, new: "1" if n == 0 else "")
    child.expect(pexpect.EOF)
    first = turns[0]
    again = [n for n, t in enumerate(turns) if t[:2] == first[:2]]
    assert len(again) >= 2 and not turns[again[1]][3]  # back, not new
    assert sum(t[3] for t in turns) == 3


# --- a real pseudo-terminal -----------------------------------------------------------

REVEAL, ANSWER, RATE = "Enter to reveal› ", "answer› ", "rate› "
SEEN = ["fact:derivative:definition", "fact:derivative:symbol:f-x", "fact:power-rule:definition"]


def tty(kb, db, *args) -> pexpect.spawn:
    return pexpect.spawn(OSMOSE, ["quiz", "--kb", str(kb), "--db", str(db), *args], env=ENV,
                         encoding="utf-8", timeout=TIMEOUT, dimensions=(40, 100))


def test_a_rating_line_does_not_spill_into_the_next_card(kb, tmp_path):
    db = tmp_path / "q.db"
    child = tty(kb, db, "derivative")
    child.expect(REVEAL)
    child.sendline("")
    child.expect("Enter accepts")
    child.expect(RATE)
    child.sendline("2")  # '2' and Enter: hard, and the Enter stays on this line
    child.expect("→ hard")
    child.expect(REVEAL)
    assert "grade yourself" not in before(child)  # the next card is not revealed
    child.sendline("q")
    child.expect(r"quit: 1 reviewed")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert [(k, r) for k, r, *_ in log(db)] == [(INTRO[0], 2)]


def test_terminal_session_answers_an_exercise(kb, tmp_path):
    db = tmp_path / "q.db"
    child = tty(kb, db, "power-rule", "--exercises", "--new", "1")
    child.expect(ANSWER)
    prompt = before(child)
    child.sendline(solve(prompt[prompt.index("Differentiate"):]))
    child.expect("✓ correct")
    child.expect(RATE)
    child.sendline("")  # accept the proposal
    child.expect(r"done: \d+ reviewed \(\d+ correct, 0 wrong\), 1 new")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert log(db)[0][0] == "skill:power-rule:power:" and log(db)[0][3] == "correct"


def _to_prompt(child, where: str, kb_dir) -> list[tuple[str, int]]:
    """Rate one fact Good, then stop at the reveal or rating prompt; what must be saved."""
    child.expect(REVEAL)
    child.sendline("")
    child.expect(RATE)
    child.sendline("3")
    child.expect("next review")
    kept = [(INTRO[0], 3)]
    if where == "reveal":
        child.expect(REVEAL)
    elif where == "rate":
        child.expect(REVEAL)
        child.sendline("")
        child.expect(RATE)  # answered, not rated: kept with the proposed rating (good)
        kept.append((INTRO[1], 3))
    return kept


def _skill_first(kb_dir, db) -> None:
    """A database where the learner already met derivative and power-rule's definition:
    the next new item is power-rule's exercise."""
    with Store.open(db) as store, store.transaction():
        for key in SEEN:
            row = store.ensure_item(key, key.split(":")[1], "fact", 1_000)
            store.save_review(row, CardState(state=2, step=None, stability=100.0, difficulty=5.0,
                                             due=4_000_000_000_000, last_review=1_000),
                              ReviewRow(1_000, "self", 3, 3, 1000, ""))


@pytest.mark.parametrize("where", ["reveal", "rate", "answer", "retry"])
def test_ctrl_c_at_any_prompt_ends_the_session_and_keeps_every_answered_item(kb, tmp_path, where):
    db = tmp_path / "q.db"
    if where in ("answer", "retry"):
        _skill_first(kb, db)
        child = tty(kb, db, "--new", "10")
        child.expect(ANSWER)
        if where == "retry":
            child.sendline("(2*x")
            child.expect("try again")
            child.expect(ANSWER)
        kept = [(k, 3) for k in SEEN]
    else:
        child = tty(kb, db, "--new", "10")
        kept = _to_prompt(child, where, kb)
    child.sendintr()
    child.expect(r"interrupted: \d+ reviewed")
    child.expect(r"\d+ due now")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert [(k, r) for k, r, *_ in log(db)] == kept


@pytest.mark.parametrize("where", ["reveal", "rate", "answer"])
def test_q_quits_with_the_summary_at_any_prompt(kb, tmp_path, where):
    db = tmp_path / "q.db"
    if where == "answer":
        _skill_first(kb, db)
        child = tty(kb, db, "--new", "10")
        child.expect(ANSWER)
        kept = [(k, 3) for k in SEEN]
    else:
        child = tty(kb, db, "--new", "10")
        kept = _to_prompt(child, where, kb)
    child.sendline("q")
    child.expect(r"quit: \d+ reviewed")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert [(k, r) for k, r, *_ in log(db)] == kept


def test_sigkill_mid_quiz_leaves_a_sound_database_with_every_rated_answer(kb, tmp_path):
    db = tmp_path / "q.db"
    child = tty(kb, db, "--new", "10")
    for _ in range(2):
        child.expect(REVEAL)
        child.sendline("")
        child.expect(RATE)
        child.sendline("3")
        child.expect("next review")
    child.expect(ANSWER)
    child.send("half an answ")  # typing when the process dies
    os.kill(child.pid, signal.SIGKILL)
    child.expect(pexpect.EOF)
    child.close()
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
    assert [(k, r) for k, r, *_ in log(db)] == [(k, 3) for k in INTRO[:2]]


# --- due and stats -------------------------------------------------------------------

def test_due_and_stats_after_a_session(kb, tmp_path):
    from conftest import run_osmose

    db = tmp_path / "q.db"
    run_osmose("quiz", "derivative", "--kb", kb, "--db", db, "--plain", input="\n1\n\n4\nq\n")
    due = run_osmose("due", "--db", db, "--kb", kb)
    assert due.returncode == 0, due.stderr
    assert "0 due now — 2 items" in due.stdout
    assert "today" in due.stdout and "next review in 1 min" in due.stdout
    stats = run_osmose("stats", "--db", db, "--kb", kb)
    assert stats.returncode == 0, stats.stderr
    assert "2 reviews, 2 items" in stats.stdout
    assert "derivative" in stats.stdout and "2/2 items started" in stats.stdout
    assert "1 concept not started yet" in stats.stdout
    assert re.search(r"^  today +2 ", stats.stdout, re.M)  # the same date words as 'due'


def test_due_names_items_by_title_and_today_counts_what_is_due_now(kb, tmp_path):
    from conftest import run_osmose

    db = tmp_path / "q.db"
    with Store.open(db) as store, store.transaction():
        for key in ("fact:power-rule:formula:rule", "skill:power-rule:power:"):
            row = store.ensure_item(key, "power-rule", key.split(":")[0], 1_000)
            store.save_review(row, CardState(state=2, step=None, stability=1.0, difficulty=5.0,
                                             due=2_000, last_review=1_000),
                              ReviewRow(1_000, "self", 3, 3, 1000, ""))
    due = run_osmose("due", "--db", db, "--kb", kb)
    assert due.returncode == 0, due.stderr
    assert "2 due now (2 from before today)" in due.stdout
    assert "Power rule · formula: rule" in due.stdout and "Power rule · exercise: power" in due.stdout
    assert "fact:power-rule" not in due.stdout
    assert re.search(r"^  today +2 ", due.stdout, re.M)
    quiz = run_osmose("quiz", "power-rule", "--kb", kb, "--db", db, "--plain", "--new", "0", input="q\n")
    assert "quit: 0 reviewed" in quiz.stdout and "2 due now" in quiz.stdout  # agrees with 'due'


def test_mastery_counts_every_item_of_a_concept_and_weights_exercises(kb, tmp_path):
    from conftest import run_osmose

    db = tmp_path / "q.db"
    with Store.open(db) as store, store.transaction():
        row = store.ensure_item("fact:power-rule:definition", "power-rule", "fact", 1_000)
        now = int(__import__("time").time() * 1000)
        store.save_review(row, CardState(state=2, step=None, stability=1000.0, difficulty=5.0,
                                         due=now + 10**10, last_review=now),
                          ReviewRow(now, "self", 3, 3, 1000, ""))
    stats = run_osmose("stats", "--db", db, "--kb", kb)
    # one fact of five items recalled for sure; the exercise weighs three facts: 1/(4 + 3)
    assert re.search(r"power-rule .* 14%  1/5 items started", stats.stdout), stats.stdout


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


def test_ctrl_c_at_the_rating_prompt_keeps_the_answered_exercise_with_its_proposed_rating(kb, tmp_path):
    db = tmp_path / "q.db"
    _skill_first(kb, db)
    child = tty(kb, db, "--new", "10")
    child.expect(ANSWER)
    prompt = before(child)
    child.sendline(solve(prompt[prompt.index("Differentiate"):]))
    child.expect("✓ correct")
    child.expect(RATE)
    child.sendintr()
    child.expect(r"interrupted: 1 reviewed \(1 correct, 0 wrong\)")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    (key, rating, proposed, verdict, _), = [r for r in log(db) if r[0] not in SEEN]
    assert (key, verdict) == ("skill:power-rule:power:", "correct") and rating == proposed > 1
