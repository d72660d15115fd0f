"""The problem set's manifest (``manifest.json``): what each student was asked, and how to grade it.

Per question it stores the exercise id (which alone reproduces the exercise),
its family, params, seed and points, and the grading data: the answer kind,
shape and parts, the checking settings, the answer and the typical mistakes as
plain text. Grading reads those back with the answer checker's own parser, so
it needs neither the generators nor their time; a question whose plain text
does not grade exactly like the original (``replay: false``) is rebuilt from
its id instead.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from osmose.errors import OsmoseError
from osmose.family import Checking, Mistake

FORMAT = 1
NAME = "manifest.json"
#: the id under which a set made without a roster is stored
NO_ROSTER = ""


def student_paths(student_id: str) -> tuple[str, str]:
    """Where a student's problems and answer key live, relative to the set folder."""
    if student_id == NO_ROSTER:
        return "problems.md", "keys/answers.md"
    return f"{student_id}/problems.md", f"keys/{student_id}.md"


def student_entry(sset) -> dict:
    """One student's manifest entry: their files and, per question, what grading needs."""
    problems, key = student_paths(sset.student.id)
    questions = []
    for q in sset.questions:
        ex = q.exercise
        questions.append({
            "number": q.number, "exercise_id": ex["id"], "family": ex["family"],
            "version": ex["version"], "params": ex["params"], "seed": ex["seed"],
            "attempt": q.attempt, "points": q.points, "kind": ex["kind"],
            "parts": ex["parts"], "shape": ex["shape"], "answer": ex["answer"],
            "answer_tex": ex["answer_tex"], "checking": ex["checking"],
            "mistakes": ex["mistakes"], "replay": ex["replay"],
        })
    return {"id": sset.student.id, "name": sset.student.name, "problems": problems, "key": key,
            "questions": questions}


def manifest_head(ps, inputs: str) -> dict:
    """Everything in the manifest but the students (no timestamps: regenerating is byte-identical).

    ``inputs`` is the digest of what determines the set (see ``make.set_inputs``):
    a folder whose manifest has the same digest holds this very set.
    """
    return {
        "format": FORMAT, "title": ps.title, "seed": ps.seed, "roster": ps.roster,
        "inputs": inputs, "questions": len(ps.plan), "points": ps.points,
        "plan": [dict(number=n, **slot.to_json()) for n, slot in enumerate(ps.plan, 1)],
        "shared_variants": list(ps.shared),
    }


def write_manifest(fh, head: dict, entries) -> None:
    """Write the manifest to ``fh``: the head, then one student per line (streamed)."""
    text = json.dumps(head, ensure_ascii=False, indent=1)
    fh.write(text[:-2] + ',\n "students": [')
    for i, entry in enumerate(entries):
        fh.write(("\n  " if i == 0 else ",\n  ") + json.dumps(entry, ensure_ascii=False))
    fh.write("\n ]\n}\n")


@dataclass(frozen=True)
class Manifest:
    path: Path
    title: str
    seed: int
    roster: bool
    questions: int
    points: int
    plan: list[dict]
    students: dict[str, dict]  # id -> entry (in roster order)


def read_manifest(folder: str | Path) -> Manifest:
    """Load ``folder/manifest.json``; one clear line on any problem."""
    folder = Path(folder)
    path = folder / NAME
    if not folder.is_dir():
        raise OsmoseError(f"{folder}: no such problem set folder")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise OsmoseError(f"{folder}: no {NAME} here (is this a folder written by "
                          "'osmose problemset'?)") from None
    except (OSError, UnicodeDecodeError) as err:
        raise OsmoseError(f"{path}: cannot read: {err}") from None
    except json.JSONDecodeError as err:
        raise OsmoseError(f"{path}:{err.lineno}: not valid JSON: {err.msg}") from None
    try:
        if data.get("format") != FORMAT:
            raise OsmoseError(f"{path}: unsupported manifest format {data.get('format')!r} "
                              f"(this osmose reads format {FORMAT})")
        students = {s["id"]: s for s in data["students"]}
        for s in students.values():
            for i, q in enumerate(s["questions"], 1):
                if q["number"] != i:
                    raise OsmoseError(f"{path}: student {s['id']!r}: questions out of order")
        return Manifest(path, data["title"], data["seed"], bool(data["roster"]),
                        int(data["questions"]), int(data["points"]), data["plan"], students)
    except (KeyError, TypeError, AttributeError) as err:
        raise OsmoseError(f"{path}: not an osmose problem set manifest (missing {err})") from None


@dataclass(frozen=True)
class GradingExercise:
    """The part of an ``Exercise`` that ``check_answer`` reads, rebuilt from a manifest entry."""

    id: str
    kind: str
    answer: Any
    checking: Checking
    mistakes: tuple[Mistake, ...]


def grading_exercise(entry: dict) -> GradingExercise:
    """Rebuild the checker's view of a question from its manifest (or payload) entry.

    The plain text is read by the checker's allow-list parser, never ``eval``:
    a manifest is data, whoever wrote it.
    """
    from osmose.checker import ParseError, parse_answer

    checking_data = entry["checking"]
    checking = Checking(dict(checking_data.get("variables", {})),
                        int(checking_data.get("sig_figs", 3)),
                        tuple(checking_data.get("choices", ())),
                        # the stated policy; sets written before precisions existed were
                        # judged as exact-or-decimal, the default an empty precision gives
                        str(checking_data.get("precision", "")))
    kind = entry["kind"]
    ex_id = entry.get("exercise_id") or entry.get("id")

    def read(text: str, kinds: tuple[str, ...]):
        if kind == "choice":
            return text
        last = None
        for k in kinds:
            try:
                return parse_answer(text, k, checking)
            except ParseError as err:
                last = err
        raise OsmoseError(f"{ex_id}: stored answer {text!r} cannot be read back: {last}")

    answer = read(entry["answer"], (kind,))
    mistakes = tuple(Mistake(m["name"], read(m["answer"], (kind, "expr", "tuple", "matrix")),
                             m["feedback"]) for m in entry["mistakes"])
    return GradingExercise(ex_id, kind, answer, checking, mistakes)
