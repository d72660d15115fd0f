"""Grading problem sets: answer keys score 100 %, equivalent answers pass, perturbed ones get
the matching feedback, malformed submissions are reported by line and the rest still graded."""

from __future__ import annotations

import csv
import io
import json
import re
from fractions import Fraction
from pathlib import Path

import pytest
import sympy as sp

from osmose.problemset.build import Slot, build_problemset
from osmose.problemset.grade import grade_folder, gradebook_csv, write_gradebook
from osmose.problemset.make import write_problemset
from osmose.problemset.roster import load_roster
from osmose.problemset.submissions import read_submission
from conftest import run_osmose

#: question number -> (family, params); chosen for the checks below
QUESTIONS = {
    1: ("gradient_jacobian", {"level": 2}),  # a non-symmetric matrix: transposition
    2: ("gaussian_kl_mv", {"ask": "vae", "level": 1}),  # KL direction
    3: ("second_partials", {"level": 1}),  # an expression: expanded / factored
    4: ("markov_chain", {"level": 1}),  # a tuple: partial credit
    5: ("hessian", {"level": 1}),  # a symmetric matrix: partial credit, factored entries
    6: ("entropy", {"ask": "entropy", "level": 1}),  # logs: decimals
}


@pytest.fixture(scope="module")
def problem_set(builtin_kb, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("grading")
    roster = tmp / "roster.csv"
    roster.write_text("id,name\n" + "".join(f"st{i:02d},Student {i}\n" for i in range(1, 31)))
    plan = []
    for family, params in QUESTIONS.values():
        fam = builtin_kb.family(family)
        plan.append(Slot(family, tuple(sorted(fam.resolve(params).items())), "", fam.title))
    ps = build_problemset(builtin_kb, plan, 42, load_roster(roster), title="Midterm", workers=2)
    out = tmp / "set"
    write_problemset(ps, out, want_pdf=False)
    manifest = json.loads((out / "manifest.json").read_text())
    return out, manifest


def key_answers(set_dir: Path, student: str) -> list[str]:
    """The typed answers of a student's answer key, as a teaching assistant would copy them."""
    text = (set_dir / "keys" / f"{student}.md").read_text()
    return re.findall(r"^Type it as: `(.*)`$", text, re.M)


def yaml_line(number: int, answer: str) -> str:
    return f"{number}: '" + answer.replace("'", "''") + "'"


def write(folder: Path, name: str, lines: list[str] | str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(lines if isinstance(lines, str) else "\n".join(lines) + "\n", encoding="utf-8")
    return path


def question(manifest: dict, student: str, number: int) -> dict:
    entry = next(s for s in manifest["students"] if s["id"] == student)
    return entry["questions"][number - 1]


def rounded(value, figures: int) -> str:
    """``value`` to ``figures`` significant figures, ties away from zero as taught in school
    (the checker refuses 3.62 for exactly 3.625: that is a truncation)."""
    from decimal import ROUND_HALF_UP, Decimal

    d = Decimal(str(sp.N(value, 40)))
    step = Decimal(1).scaleb(d.adjusted() - figures + 1)
    return str(d.quantize(step, rounding=ROUND_HALF_UP))


def parse_plain(text: str):
    """The answer as SymPy, via SymPy's own parser (the test's independent reading)."""
    from sympy.parsing.sympy_parser import parse_expr
    # the learner syntax writes Euler's number as e and base-2 logs as log_2(x)
    value = parse_expr(text.replace("^", "**"), local_dict={"e": sp.E, "log_2": lambda x: sp.log(x, 2)})
    return sp.Matrix(value) if isinstance(value, list) else value


# --- the answer key ------------------------------------------------------------------------


def test_answer_keys_score_full_marks_for_a_30_student_class(problem_set, tmp_path):
    set_dir, manifest = problem_set
    subs = tmp_path / "subs"
    for student in manifest["students"]:
        answers = key_answers(set_dir, student["id"])
        assert len(answers) == len(QUESTIONS)
        write(subs, f"{student['id']}.yaml", [yaml_line(n, a) for n, a in enumerate(answers, 1)])
    book = grade_folder(set_dir, subs, workers=2)
    assert len(book.students) == 30
    assert book.issues == []
    for s in book.students:
        assert [r.status for r in s.results] == ["correct"] * 6, (s.id, [r.message for r in s.results])
        assert s.total == 6 and s.max_points == 6
    rows = list(csv.DictReader(io.StringIO(gradebook_csv(book))))
    assert {r["total"] for r in rows} == {"6"} and {r["percent"] for r in rows} == {"100.0"}


# --- equivalent answers ------------------------------------------------------------------


def test_equivalent_rewritten_answers_are_accepted(problem_set, tmp_path):
    set_dir, manifest = problem_set
    subs = tmp_path / "subs"
    students = [s["id"] for s in manifest["students"][:8]]
    for sid in students:
        q = {n: question(manifest, sid, n) for n in QUESTIONS}
        expr = parse_plain(q[3]["answer"])
        hess = parse_plain(q[5]["answer"])
        entropy = parse_plain(q[6]["answer"])
        figures = q[6]["checking"]["sig_figs"]
        lines = [
            yaml_line(1, q[1]["answer_tex"]),  # LaTeX bmatrix instead of plain
            yaml_line(2, rounded(parse_plain(q[2]['answer']), q[2]['checking']['sig_figs'])),
            yaml_line(3, str(sp.expand(expr, power_exp=True, trig=True)).replace("**", "^")),
            yaml_line(4, "[" + ", ".join(str(v) for v in parse_plain(q[4]["answer"])) + "]"),
            yaml_line(5, str(hess.applyfunc(sp.factor).tolist()).replace("**", "^")),
            yaml_line(6, rounded(entropy, figures)),  # a decimal to the asked figures
        ]
        write(subs, f"{sid}.yaml", lines)
        # and the same in LaTeX where it reads naturally
        write(tmp_path / "latex", f"{sid}.yaml", [yaml_line(2, q[2]["answer_tex"]),
                                                  yaml_line(3, sp.latex(sp.factor(expr))),
                                                  yaml_line(6, q[6]["answer_tex"])])
    book = grade_folder(set_dir, subs, workers=1)
    graded = [s for s in book.students if s.submission]
    assert len(graded) == 8
    for s in graded:
        assert [r.status for r in s.results] == ["correct"] * 6, \
            (s.id, [(r.answer, r.message) for r in s.results if r.status != "correct"])
        assert "significant figures" in s.results[5].message
    latex = grade_folder(set_dir, tmp_path / "latex", workers=1)
    for s in (s for s in latex.students if s.submission):
        assert [s.results[i].status for i in (1, 2, 5)] == ["correct"] * 3, s.id


# --- perturbed answers -------------------------------------------------------------------


def reversed_vae_kl(given_mu: list[str], given_var: list[str]) -> str:
    """KL(N(0, I) || N(mu, diag var)) = 1/2 sum(1/var + mu^2/var - 1 + ln var), by hand."""
    terms = [f"(1/({v}) + ({m})^2/({v}) - 1 + log({v}))" for m, v in zip(given_mu, given_var)]
    return "(" + " + ".join(terms) + ")/2"


def test_perturbed_answers_are_rejected_with_the_matching_feedback(problem_set, tmp_path, builtin_kb):
    from osmose.exercises import make_exercise, parse_id

    set_dir, manifest = problem_set
    subs = tmp_path / "subs"
    sid = manifest["students"][4]["id"]
    q = {n: question(manifest, sid, n) for n in QUESTIONS}
    jac = parse_plain(q[1]["answer"])
    assert jac != jac.T
    name, _, raw, seed = parse_id(q[2]["exercise_id"])
    given = make_exercise(builtin_kb.family(name), raw, seed).given
    hess = parse_plain(q[5]["answer"])
    half_wrong = hess.copy()
    half_wrong[0, 0] = half_wrong[0, 0] + 1
    half_wrong[1, 1] = -half_wrong[1, 1] + 7
    pi = parse_plain(q[4]["answer"])
    write(subs, f"{sid}.yaml", [
        yaml_line(1, str(jac.T.tolist()).replace("**", "^")),  # transposed
        yaml_line(2, reversed_vae_kl(given["mu"], given["var"])),  # KL direction swapped
        yaml_line(3, f"-({q[3]['answer']})"),  # sign flipped
        yaml_line(4, f"({pi[0]}, {pi[0]})"),  # one of two parts right
        yaml_line(5, str(half_wrong.tolist()).replace("**", "^")),  # two of four entries right
        yaml_line(6, f"-({q[6]['answer']})"),
    ])
    book = grade_folder(set_dir, subs, workers=1)
    r = next(s for s in book.students if s.id == sid).results
    assert [x.status for x in r] == ["wrong"] * 6
    assert r[0].mistake == "transposed" and "transpose" in r[0].feedback
    assert r[0].points == Fraction(1, 2)  # the diagonal survives a transposition
    assert r[1].mistake == "KL direction swapped"
    assert r[1].feedback == next(m["feedback"] for m in q[2]["mistakes"]
                                 if m["name"] == "KL direction swapped")
    assert "sign" in r[2].feedback.lower()
    assert r[3].points == Fraction(1, 2) and r[3].parts == (True, False)
    assert r[4].points == Fraction(1, 2) and r[4].parts == (False, True, True, False)
    assert r[5].mistake == "forgot the minus"  # the entropy's sign slip is a listed mistake
    assert r[5].feedback == next(m["feedback"] for m in q[6]["mistakes"] if m["name"] == r[5].mistake)
    total = next(s for s in book.students if s.id == sid).total
    assert total == Fraction(3, 2) and isinstance(total, Fraction)
    summary = book.summary[1]
    assert summary.top_mistake[:1] == ("KL direction swapped",) and summary.top_mistake[2] == 1


# --- malformed submissions ---------------------------------------------------------------------


def test_malformed_submissions_are_reported_by_line_and_the_rest_graded(problem_set, tmp_path):
    set_dir, manifest = problem_set
    subs = tmp_path / "subs"
    ids = [s["id"] for s in manifest["students"]]
    keys = {sid: key_answers(set_dir, sid) for sid in ids[:6]}
    # bad YAML on line 3 (an unclosed bracket), everything else right
    lines = [yaml_line(n, a) for n, a in enumerate(keys[ids[0]], 1)]
    lines[2] = "3: [[1, 2], [3, 4]"
    write(subs, f"{ids[0]}.yaml", lines)
    # question 4 missing, an extra question 9, a duplicate of 1, a garbage answer for 2
    lines = [yaml_line(n, a) for n, a in enumerate(keys[ids[1]], 1) if n != 4]
    lines[1] = "2: x^^2 +"
    lines += ["9: 42", yaml_line(1, "0"), "hello: 3"]
    write(subs, f"{ids[1]}.yaml", lines)
    # CSV with a header, an unquoted matrix (commas) and a blank row
    rows = ["question,answer"] + [f"{n},{a}" for n, a in enumerate(keys[ids[2]], 1)] + [""]
    write(subs, f"{ids[2]}.csv", rows)
    # not UTF-8, an empty file, a file for nobody, a stray file
    (subs / f"{ids[3]}.yaml").write_bytes(b"1: caf\xe9\n")
    write(subs, f"{ids[4]}.yml", "")
    write(subs, "nobody.yaml", ["1: 3"])
    write(subs, "README.txt", "hi")
    book = grade_folder(set_dir, subs, workers=1)
    by_id = {s.id: s for s in book.students}
    folder_issues = [str(i) for i in book.issues]
    assert any("nobody.yaml: no student 'nobody' in this problem set" in i for i in folder_issues)
    assert any("README.txt: not a submission" in i for i in folder_issues)

    first = by_id[ids[0]]
    assert [r.status for r in first.results] == ["correct", "correct", "invalid", "correct",
                                                 "correct", "correct"]
    assert first.total == 5
    messages = [str(i) for i in first.issues]
    assert any(m.startswith(f"{subs / ids[0]}.yaml:3: not valid YAML") for m in messages)
    assert any(":3: question 3: cannot read the answer:" in m and "never closed" in m for m in messages)

    second = by_id[ids[1]]
    assert [r.status for r in second.results] == ["correct", "invalid", "correct", "missing",
                                                  "correct", "correct"]
    assert second.total == 4
    text = "\n".join(str(i) for i in second.issues)
    assert f"{ids[1]}.yaml:2: question 2: cannot read the answer" in text
    assert f"{ids[1]}.yaml:6: there is no question 9 in this set (questions 1–6)" in text
    assert f"{ids[1]}.yaml:7: question 1 answered twice; the first answer (line 1) is graded" in text
    assert f"{ids[1]}.yaml:8: 'hello' is not a question number" in text
    assert "question 4: no answer" in text

    assert by_id[ids[2]].total == 6 and by_id[ids[2]].issues == []
    assert by_id[ids[3]].total == 0
    assert "not UTF-8 text" in str(by_id[ids[3]].issues[0]) and str(by_id[ids[3]].issues[0]).startswith(
        f"{subs / ids[3]}.yaml:1:")
    assert by_id[ids[4]].total == 0 and "the file is empty" in str(by_id[ids[4]].issues[0])
    assert by_id[ids[10]].submission == "" and by_id[ids[10]].results[0].status == "missing"


def test_yaml_answers_are_taken_as_typed(tmp_path):
    path = write(tmp_path, "s.yaml", [
        "1: [[1, 2], [3, 4]]",
        "2: 0.50",
        '3: "\\frac{1}{2}"',
        "4: -x^2",
        "5:",
        "q6: (1/2, 1/3)",
        "7:",
        "  - 1",
        "  - 2",
    ])
    sub = read_submission(path, "s", 7)
    assert sub.issues == []
    # "5:" with nothing after it is a blank answer: not read, so graded as missing
    assert {n: a.text for n, a in sub.answers.items()} == {
        1: "[[1, 2], [3, 4]]", 2: "0.50", 3: "\\frac{1}{2}", 4: "-x^2", 6: "(1/2, 1/3)",
        7: "[1, 2]"}
    assert sub.answers[6].line == 6


# --- outputs and the command line ---------------------------------------------------------------


def test_grade_command_prints_totals_and_summary_and_writes_the_gradebook(problem_set, tmp_path):
    set_dir, manifest = problem_set
    subs = tmp_path / "subs"
    ids = [s["id"] for s in manifest["students"]]
    write(subs, f"{ids[0]}.yaml", [yaml_line(n, a) for n, a in enumerate(key_answers(set_dir, ids[0]), 1)])
    q2 = question(manifest, ids[1], 2)
    swapped = next(m["answer"] for m in q2["mistakes"] if m["name"] == "KL direction swapped")
    write(subs, f"{ids[1]}.yaml", [yaml_line(2, swapped), "3: ((", "8: 1"])
    copy = tmp_path / "set"
    import shutil
    shutil.copytree(set_dir, copy)
    done = run_osmose("grade", copy, subs)
    assert done.returncode == 0, done.stderr
    assert re.search(rf"{ids[0]}\s+Student 1\s+6\s+6\s+100.0 %", done.stdout)
    assert re.search(rf"{ids[1]}\s+Student 2\s+0\s+6\s+0.0 %\s+1 wrong, 1 unreadable, 4 missing",
                     done.stdout)
    assert "2 submissions graded, 28 missing" in done.stdout
    assert "question 2: mean 0.50/1" in done.stdout
    assert "most common mistake: KL direction swapped (1×)" in done.stdout
    assert f"{ids[1]}.yaml:2: question 3: cannot read the answer" in done.stderr
    assert f"{ids[1]}.yaml:3: there is no question 8 in this set" in done.stderr
    assert f"{ids[1]}.yaml: question 1: no answer" in done.stderr
    rows = list(csv.DictReader((copy / "gradebook.csv").open()))
    assert len(rows) == 30 and rows[0]["total"] == "6" and rows[2]["status"] == "no submission"
    report = (copy / "reports" / f"{ids[1]}.md").read_text()
    assert f"- feedback: {next(m['feedback'] for m in q2['mistakes'] if m['name'] == 'KL direction swapped')}" \
        in report
    assert "## Question 2: wrong — 0 of 1 point" in report
    assert (copy / "reports" / "_summary.md").is_file()
    bad = run_osmose("grade", tmp_path / "nowhere", subs)
    assert bad.returncode == 2 and "osmose: " in bad.stderr and "Traceback" not in bad.stderr


def test_grading_is_deterministic(problem_set, tmp_path):
    set_dir, manifest = problem_set
    subs = tmp_path / "subs"
    for student in manifest["students"][:5]:
        answers = key_answers(set_dir, student["id"])
        write(subs, f"{student['id']}.yaml", [yaml_line(1, "[[1, 2], [3, 4]]"), yaml_line(2, answers[1])])
    outputs = []
    for n in range(2):
        out = tmp_path / f"copy{n}"
        out.mkdir()
        (out / "manifest.json").write_bytes((set_dir / "manifest.json").read_bytes())
        write_gradebook(out, grade_folder(out, subs, workers=1 + n))
        outputs.append({p.name: p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()})
    assert outputs[0] == outputs[1]


def test_a_set_without_roster_grades_every_file_against_the_one_set(builtin_kb, tmp_path):
    from osmose.problemset.make import make_problemset

    made = make_problemset(builtin_kb, tmp_path / "self", families=["markov_chain", "kernels"],
                           count=2, seed=9, workers=1)
    answers = key_answers(tmp_path / "self", "answers")
    write(tmp_path / "subs", "me.yaml", [yaml_line(1, answers[0]), yaml_line(2, answers[1])])
    write(tmp_path / "subs", "friend.csv", ["1,(0, 1)", f"2,{answers[1]}"])
    book = grade_folder(made.out, tmp_path / "subs", workers=1)
    assert book.issues == []
    assert {s.id: s.total for s in book.students} == {"friend": 1, "me": 2}


def test_a_question_that_does_not_replay_is_rebuilt_from_its_exercise_id(problem_set, tmp_path):
    set_dir, manifest = problem_set
    data = json.loads(json.dumps(manifest))
    student = data["students"][0]
    for q in student["questions"]:
        q["replay"] = False
        q["answer"] = "this text is never read"  # only the exercise id is used
    copy = tmp_path / "set"
    copy.mkdir()
    (copy / "manifest.json").write_text(json.dumps(data))
    answers = key_answers(set_dir, student["id"])
    write(tmp_path / "subs", f"{student['id']}.yaml", [yaml_line(n, a) for n, a in enumerate(answers, 1)])
    book = grade_folder(copy, tmp_path / "subs", workers=1)
    graded = next(s for s in book.students if s.id == student["id"])
    assert [r.status for r in graded.results] == ["correct"] * 6


def test_gradebook_csv_has_decimals_json_has_exact_points_and_blank_is_blank(problem_set, tmp_path):
    """Spreadsheets read 1/2 as a date: the CSV holds decimals, gradebook.json the fractions."""
    import shutil

    set_dir, manifest = problem_set
    copy = tmp_path / "set"
    shutil.copytree(set_dir, copy)
    sid = manifest["students"][0]["id"]
    answers = key_answers(set_dir, sid)
    markov = question(manifest, sid, 4)  # a tuple: one wrong part of n earns (n-1)/n
    parts = [p.strip() for p in answers[3].strip("()").split(",")]
    parts[0] = "7"
    lines = [yaml_line(n, a) for n, a in enumerate(answers, 1) if n not in (4, 5)]
    lines += [yaml_line(4, "(" + ", ".join(parts) + ")"), "5: "]
    write(tmp_path / "subs", f"{sid}.yaml", lines)
    r = run_osmose("grade", copy, tmp_path / "subs")
    assert r.returncode == 0, r.stderr
    n = markov["parts"]
    q4 = Fraction(n - 1, n)
    row = next(csv.DictReader((copy / "gradebook.csv").open()))
    assert row["q4"] == f"{float(q4):.4f}".rstrip("0") and "/" not in ",".join(row.values())
    assert row["q5"] == "0" and row["total"] == f"{float(4 + q4):.4f}".rstrip("0")
    exact = json.loads((copy / "gradebook.json").read_text())["students"][0]
    assert exact["points"][3] == f"{q4.numerator}/{q4.denominator}"
    assert exact["total"] == f"{(4 + q4).numerator}/{(4 + q4).denominator}"
    assert exact["status"][4] == "missing"
    assert "question 5: mean 0.00/1 — 0 correct, 0 wrong, 0 unreadable, 1 blank" in r.stdout
