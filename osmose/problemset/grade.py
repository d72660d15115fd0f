"""Grade a folder of answer files against a problem set's manifest, with the quiz's checker.

Each answer goes through ``osmose.checker.check_answer`` against the
student's own variant, rebuilt from the manifest (no generators needed; a
question marked ``replay: false`` is rebuilt from its exercise id instead).
Scores are exact ``Fraction``s: a matrix or tuple with some parts right earns
that share of the points. Nothing a student writes stops the run: bad files,
unknown questions and missing answers are reported with file and line, and
everything else is graded.
"""

from __future__ import annotations

import csv
import difflib
import io
import json
from collections import Counter
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Callable

from osmose.errors import OsmoseError
from osmose.problemset.make import write_text
from osmose.problemset.manifest import Manifest, grading_exercise, read_manifest
from osmose.problemset.submissions import Issue, Submission, collect, read_submission
from osmose.workers import worker_pool

#: below this many answers a worker pool costs more than it saves
POOL_THRESHOLD = 60


@dataclass(frozen=True)
class Result:
    """One question of one student."""

    number: int
    status: str  # correct | wrong | invalid | missing
    points: Fraction
    max_points: int
    answer: str = ""
    line: int = 0
    echo: str = ""
    message: str = ""
    mistake: str = ""
    feedback: str = ""
    parts: tuple[bool, ...] = ()


@dataclass
class StudentGrade:
    id: str
    name: str
    submission: str  # the graded file, "" when none came in
    results: list[Result]
    issues: list[Issue] = field(default_factory=list)

    @property
    def total(self) -> Fraction:
        return sum((r.points for r in self.results), Fraction(0))

    @property
    def max_points(self) -> int:
        return sum(r.max_points for r in self.results)

    @property
    def label(self) -> str:
        return f"{self.name} ({self.id})" if self.name else self.id


@dataclass(frozen=True)
class QuestionSummary:
    number: int
    title: str
    max_points: int
    mean: Fraction  # mean points over the submissions
    counts: dict  # status -> how many
    top_mistake: tuple[str, str, int] | None  # (name, feedback, how many), most common


@dataclass
class Gradebook:
    title: str
    questions: int
    students: list[StudentGrade]
    issues: list[Issue]  # about the folder: unknown students, skipped files
    summary: list[QuestionSummary]

    @property
    def submitted(self) -> list[StudentGrade]:
        return [s for s in self.students if s.submission]


Progress = Callable[[str, int, int], None]


def grade_folder(set_dir: str | Path, submissions_dir: str | Path, *, kb_path=None,
                 workers: int = 2, progress: Progress | None = None) -> Gradebook:
    """Grade every answer file in ``submissions_dir`` against ``set_dir/manifest.json``."""
    manifest = read_manifest(set_dir)
    files, issues = collect(submissions_dir)
    graded: list[tuple[str, str, dict, Submission]] = []  # (id, name, manifest entry, submission)
    if manifest.roster:
        for sid, path in files:
            if sid not in manifest.students:
                close = difflib.get_close_matches(sid, list(manifest.students), n=1, cutoff=0.6)
                hint = f" (did you mean {close[0]}?)" if close else ""
                issues.append(Issue(str(path), 0, f"no student {sid!r} in this problem set{hint}; "
                                                  "not graded"))
        by_id = dict(files)
        for sid, entry in manifest.students.items():
            path = by_id.get(sid)
            sub = read_submission(path, sid, manifest.questions) if path else None
            graded.append((sid, entry.get("name", ""), entry, sub))
    else:
        (entry,) = manifest.students.values()
        for sid, path in files:
            graded.append((sid, "", entry, read_submission(path, sid, manifest.questions)))
    tasks = []
    for sid, _, entry, sub in graded:
        if sub is not None:
            tasks.append([(q, sub.answers[q["number"]].text) for q in entry["questions"]
                          if q["number"] in sub.answers])
    verdicts = iter(_check_all(tasks, kb_path, workers, progress))
    students = []
    for sid, name, entry, sub in graded:
        if sub is None:
            results = [Result(q["number"], "missing", Fraction(0), q["points"])
                       for q in entry["questions"]]
            students.append(StudentGrade(sid, name, "", results,
                                         [Issue(sid, 0, "no submission")]))
            continue
        checked = dict(zip([q["number"] for q in entry["questions"] if q["number"] in sub.answers],
                           next(verdicts)))
        results = []
        unread = not sub.answers and sub.issues  # the file itself failed: said once already
        blank = []
        for q in entry["questions"]:
            n = q["number"]
            if n not in sub.answers:
                results.append(Result(n, "missing", Fraction(0), q["points"],
                                      message="no answer in the submission"))
                if not unread:
                    blank.append(Issue(sub.path, 0, f"question {n}: no answer"))
                continue
            answer, v = sub.answers[n], checked[n]
            score = Fraction(v["score"])
            results.append(Result(n, v["status"], score * q["points"], q["points"], answer.text,
                                  answer.line, v["echo"], v["message"], v["mistake"],
                                  v["feedback"], tuple(v["parts"])))
            if v["status"] == "invalid":
                sub.issues.append(Issue(sub.path, answer.line,
                                        f"question {n}: cannot read the answer: {v['message']}"))
        sub.issues.sort(key=lambda i: i.line)
        sub.issues.extend(blank)
        students.append(StudentGrade(sid, name, sub.path, results, sub.issues))
    return Gradebook(manifest.title, manifest.questions, students, issues,
                     summarize(manifest, students))


def summarize(manifest: Manifest, students: list[StudentGrade]) -> list[QuestionSummary]:
    submitted = [s for s in students if s.submission]
    out = []
    for i in range(manifest.questions):
        plan = manifest.plan[i] if i < len(manifest.plan) else {}
        results = [s.results[i] for s in submitted]
        max_points = students[0].results[i].max_points if students else 1
        mean = (sum((r.points for r in results), Fraction(0)) / len(results)) if results else Fraction(0)
        counts = Counter(r.status for r in results)
        mistakes = Counter(r.mistake for r in results if r.mistake)
        top = None
        if mistakes:
            name, count = min(mistakes.items(), key=lambda kv: (-kv[1], kv[0]))
            feedback = next(r.feedback for r in results if r.mistake == name)
            top = (name, feedback, count)
        out.append(QuestionSummary(i + 1, plan.get("title", ""), max_points, mean,
                                   {k: counts.get(k, 0) for k in ("correct", "wrong", "invalid",
                                                                  "missing")}, top))
    return out


# --- checking, on both cores when it pays ---------------------------------------------------


def _check_all(tasks: list[list[tuple[dict, str]]], kb_path, workers: int,
               progress: Progress | None) -> list[list[dict]]:
    total = sum(len(t) for t in tasks)
    if progress:
        progress("grade", 0, total)
    out: list[list[dict]] = []
    done = 0
    if workers <= 1 or total < POOL_THRESHOLD:
        _init_worker(kb_path)
        for task in tasks:
            out.append(_check_task(task))
            done += len(task)
            if progress:
                progress("grade", done, total)
        return out
    with worker_pool(workers, _init_worker, (kb_path,)) as pool:
        for task, result in zip(tasks, pool.map(_check_task, tasks, chunksize=4)):
            out.append(result)
            done += len(task)
            if progress:
                progress("grade", done, total)
    return out


_STATE: dict = {"kb_path": None, "families": None, "exercises": {}}


def _init_worker(kb_path) -> None:
    _STATE["kb_path"] = kb_path


def _check_task(task: list[tuple[dict, str]]) -> list[dict]:
    return [_check_one(entry, text) for entry, text in task]


def _check_one(entry: dict, text: str) -> dict:
    from osmose.checker import check_answer

    try:
        exercise = _exercise(entry)
    except OsmoseError as err:
        return {"status": "invalid", "echo": "", "message": f"could not grade this question: {err}",
                "mistake": "", "feedback": "", "score": "0", "parts": []}
    v = check_answer(exercise, text)
    return {"status": v.status, "echo": v.echo, "message": v.message,
            "mistake": v.mistake.name if v.mistake else "", "feedback": v.feedback,
            "score": str(v.score), "parts": list(v.parts)}


def _exercise(entry: dict):
    """The checker's view of a question: from the manifest, or rebuilt from the exercise id."""
    cache = _STATE["exercises"]
    key = entry["exercise_id"]
    if key not in cache:
        if entry.get("replay", True):
            cache[key] = grading_exercise(entry)
        else:
            cache[key] = _rebuild(entry)
    return cache[key]


def _rebuild(entry: dict):
    from osmose.exercises import exercise_from_id, parse_id
    from osmose.kb import KnowledgeBase

    if _STATE["families"] is None:
        _STATE["families"] = KnowledgeBase.load(_STATE["kb_path"]).families
    name = parse_id(entry["exercise_id"])[0]
    family = _STATE["families"].get(name)
    if family is None:
        raise OsmoseError(f"{entry['exercise_id']}: exercise family '{name}' is not in the "
                          "knowledge base (pass --kb)")
    return exercise_from_id(family, entry["exercise_id"])


# --- outputs ---------------------------------------------------------------------------


def points_text(value: Fraction) -> str:
    """Exact points: ``1``, ``3/4``, ``5/2``."""
    return str(value.numerator) if value.denominator == 1 else f"{value.numerator}/{value.denominator}"


def decimal_text(value: Fraction) -> str:
    """Points as a decimal a spreadsheet reads as a number (``1/2`` would become a date):
    ``1``, ``0.5``, ``2.5``, ``0.3333``. The exact fractions are in ``gradebook.json``."""
    if value.denominator == 1:
        return str(value.numerator)
    return f"{float(value):.4f}".rstrip("0").rstrip(".")


def percent(value: Fraction, of: int) -> str:
    return f"{float(value / of * 100):.1f}" if of else "0.0"


def gradebook_csv(book: Gradebook) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(["student", "name", *[f"q{n}" for n in range(1, book.questions + 1)],
                     "total", "max", "percent", "status"])
    for s in book.students:
        writer.writerow([s.id, s.name, *[decimal_text(r.points) for r in s.results],
                         decimal_text(s.total), s.max_points, percent(s.total, s.max_points),
                         "graded" if s.submission else "no submission"])
    return buf.getvalue()


def gradebook_json(book: Gradebook) -> str:
    """The gradebook with exact points (``"5/2"``), for scripts that must not round."""
    students = [{"id": s.id, "name": s.name,
                 "points": [points_text(r.points) for r in s.results],
                 "status": [r.status for r in s.results],
                 "total": points_text(s.total), "max": s.max_points,
                 "submitted": bool(s.submission)} for s in book.students]
    return json.dumps({"title": book.title, "questions": book.questions, "students": students},
                      ensure_ascii=False, indent=1) + "\n"


def summary_lines(book: Gradebook) -> list[str]:
    """The class summary as plain lines (the CLI prints them; summary.md holds them too)."""
    n = len(book.submitted)
    lines = [f"{n} submission{'s' if n != 1 else ''} graded"
             + (f", {len(book.students) - n} missing" if len(book.students) > n else "")]
    if not n:
        return lines
    mean = sum((s.total for s in book.submitted), Fraction(0)) / n
    top = book.students[0].max_points
    lines.append(f"class mean: {float(mean):.2f} of {top} points ({percent(mean, top)} %)")
    for q in book.summary:
        c = q.counts
        line = (f"question {q.number}: mean {float(q.mean):.2f}/{q.max_points} — "
                f"{c['correct']} correct, {c['wrong']} wrong, {c['invalid']} unreadable, "
                f"{c['missing']} blank")
        if q.title:
            line += f" ({q.title})"
        lines.append(line)
        if q.top_mistake:
            name, feedback, count = q.top_mistake
            lines.append(f"    most common mistake: {name} ({count}×) — {feedback}")
    return lines


def student_report(book: Gradebook, s: StudentGrade) -> str:
    lines = [f"# {book.title}: {s.label}", ""]
    if not s.submission:
        lines += ["No submission was received.", ""]
    lines += [f"**Total:** {points_text(s.total)} of {s.max_points} points "
              f"({percent(s.total, s.max_points)} %)", ""]
    if s.submission:
        lines += [f"Graded file: `{Path(s.submission).name}`", ""]
    problems = [i for i in s.issues if i.message != "no submission"]
    if problems:
        lines += ["**Problems in the file**", ""]
        lines += [f"- line {i.line}: {i.message}" if i.line else f"- {i.message}" for i in problems]
        lines.append("")
    for r in s.results:
        mark = {"correct": "correct", "wrong": "wrong", "invalid": "could not be read",
                "missing": "no answer"}[r.status]
        unit = "point" if r.max_points == 1 else "points"
        lines += [f"## Question {r.number}: {mark} — {points_text(r.points)} of {r.max_points} {unit}",
                  ""]
        if r.status == "missing":
            continue
        where = f" (line {r.line})" if r.line else ""
        lines.append(f"- your answer{where}: `{r.answer}`")
        if r.echo:
            lines.append(f"- understood as: `{r.echo}`")
        if r.parts and r.status != "correct":
            lines.append(f"- parts right: {sum(r.parts)} of {len(r.parts)}")
        if r.message:
            lines.append(f"- note: {r.message}")
        if r.feedback:
            lines.append(f"- feedback: {r.feedback}")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def write_gradebook(set_dir: str | Path, book: Gradebook) -> list[Path]:
    """``gradebook.csv`` (decimals), ``gradebook.json`` (exact), ``reports/<student>.md`` and
    ``reports/_summary.md`` in the set folder."""
    set_dir = Path(set_dir)
    targets = [(set_dir / "gradebook.csv", gradebook_csv(book)),
               (set_dir / "gradebook.json", gradebook_json(book)),
               (set_dir / "reports" / "_summary.md",
                f"# {book.title}: class summary\n\n" + "\n".join(
                    f"- {line.strip()}" for line in summary_lines(book)) + "\n")]
    targets += [(set_dir / "reports" / f"{s.id}.md", student_report(book, s)) for s in book.students]
    return [write_text(path, text) for path, text in targets]
