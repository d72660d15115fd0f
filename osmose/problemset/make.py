"""One call from choices to files: select, draw, render, write (and typeset when possible).

Layout of the output folder (answer keys kept apart from what students get):

    <out>/<student>/problems.md, problems.tex, problems.pdf
    <out>/keys/<student>.md          answer key with worked solutions
    <out>/manifest.json              what grading needs

Without a roster there is one set: ``<out>/problems.*`` and ``<out>/keys/answers.md``.

Students are written as soon as their variants are final, chunk by chunk, and
each one is logged in ``<out>/.osmose-partial.jsonl``; an interrupted run of
the same set resumes from that log, and the manifest is written (atomically)
only when every student is done. A folder is written into only when it is empty,
holds this same set (same inputs: regenerating is byte-identical), or ``force``
is given, which first removes what osmose wrote there and nothing else.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from osmose.errors import OsmoseError
from osmose.kb import KnowledgeBase
from osmose.problemset import pdf
from osmose.problemset.build import (Drawing, Progress, ProblemSet, StudentSet, plan_questions,
                                     prompt_key, select_slots)
from osmose.problemset.manifest import (FORMAT, NAME, NO_ROSTER, manifest_head, student_entry,
                                        student_paths, write_manifest)
from osmose.problemset.render import key_markdown, problems_latex, problems_markdown
from osmose.problemset.roster import Student, load_roster, safe_id

#: the log of students written so far; removed once the manifest is written
JOURNAL = ".osmose-partial.jsonl"
#: files osmose writes at the top of a set folder (besides students' folders)
TOP_FILES = (NAME, JOURNAL, "gradebook.csv", "gradebook.json", "problems.md", "problems.tex", "problems.pdf")
#: folders osmose writes at the top of a set folder
TOP_FOLDERS = ("keys", "reports")


@dataclass
class MadeSet:
    problemset: ProblemSet  # ``sets`` is empty: students were written as they were drawn
    out: Path
    students: int = 0
    first_student: str = ""
    redraws: int = 0  # variants drawn again so that no two students share one
    resumed: int = 0  # students found already written by an interrupted run
    files: list[Path] = field(default_factory=list)
    pdf_engine: str | None = None
    pdf_note: str = ""  # why no PDF was made, when none was
    pdf_failures: list[str] = field(default_factory=list)


def make_problemset(kb: KnowledgeBase, out: str | Path, *, recipe: str | None = None,
                    concepts=(), families=(), params: dict | None = None, count: int = 10,
                    seed: int | None = None, roster: str | Path | None = None,
                    title: str | None = None, workers: int = 2, want_pdf: bool = True,
                    force: bool = False, progress: Progress | None = None) -> MadeSet:
    """Everything ``osmose problemset`` does, without printing."""
    students = load_roster(roster) if roster else [Student(NO_ROSTER)]
    slots = select_slots(kb, recipe, concepts, families, params)
    if seed is None:
        seed = _recipe_seed(kb, recipe) if recipe else 1
    plan = plan_questions(slots, count, seed)
    if title is None:
        title = f"Problem set: {Path(recipe).stem}" if recipe else "Problem set"
    out = Path(out)
    inputs = set_inputs(kb, title, seed, plan, students, roster is not None)
    done = prepare_folder(out, inputs, force)
    ps = ProblemSet(title, seed, tuple(plan), (), roster is not None)
    made = MadeSet(ps, out, len(students), students[0].id)
    journal = out / JOURNAL
    tex_files: list[Path] = []
    with Drawing(kb, plan, seed, workers) as drawing, \
            _open(journal, "a" if done else "w") as log:
        if done:
            drawing.replay(done["few"], done["draws"])
            made.resumed = len(done["draws"])
            tex_files += [out / Path(student_paths(sid)[0]).with_suffix(".tex")
                          for sid, _ in done["draws"]]
        else:
            _log(log, {"inputs": inputs, "students": [s.id for s in students]})
        rest = students[made.resumed:]
        written = made.resumed
        for sets in drawing.chunks(rest, progress):
            if written == 0:
                _log(log, {"few": [sorted(map(_key_json, part)) for part in drawing.few]})
            for sset in sets:
                made.files += write_student(ps, out, sset)
                tex_files.append(made.files[-2])
                made.redraws += sum(q.attempt for q in sset.questions)
                _log(log, {"entry": student_entry(sset),
                           "draws": [{"prompt": prompt_key(q.exercise), "answer": q.exercise["answer"],
                                      "outcome": q.outcome} for q in sset.questions]})
                written += 1
            if progress:
                progress("write", written, len(students))
        ps = made.problemset = ProblemSet(title, seed, tuple(plan), (), roster is not None,
                                          drawing.notes())
    made.files.append(_write_manifest(out, manifest_head(ps, inputs), journal))
    journal.unlink()
    if want_pdf:
        made.pdf_engine = pdf.find_engine()
        if made.pdf_engine is None:
            made.pdf_note = pdf.skipped_note()
        else:
            made.pdf_failures = pdf.typeset_all(tex_files, made.pdf_engine, workers, progress)
            made.files += [t.with_suffix(".pdf") for t in tex_files if t.with_suffix(".pdf").is_file()]
    else:
        made.pdf_note = "PDF not requested (--no-pdf)"
    return made


def _recipe_seed(kb: KnowledgeBase, recipe: str) -> int:
    from osmose.anki.recipe import find_recipe, load_recipe
    return load_recipe(find_recipe(kb.root, recipe)).seed


def set_inputs(kb: KnowledgeBase, title: str, seed: int, plan, students, roster: bool) -> str:
    """A digest of everything that determines the set's files: same digest, same files."""
    blob = json.dumps({
        "format": FORMAT, "title": title, "seed": seed, "roster": roster,
        "plan": [[s.family, kb.families[s.family].version, [list(p) for p in s.params],
                  s.concept, s.title] for s in plan],
        "students": [[s.id, s.name] for s in students],
    }, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(blob.encode()).hexdigest()


# --- the output folder -----------------------------------------------------------------


def prepare_folder(out: Path, inputs: str, force: bool) -> dict | None:
    """Make ``out`` ready for the set ``inputs``; what an interrupted run already wrote.

    Returns ``{"few": …, "draws": [(id, records)]}`` to resume from, or ``None``
    to start afresh. Raises ``OsmoseError`` for a folder holding anything else,
    unless ``force``.
    """
    if out.exists() and not out.is_dir():
        raise OsmoseError(f"{out}: exists and is not a folder")
    if not out.exists():
        try:
            out.mkdir(parents=True)
        except OSError as err:
            raise OsmoseError(f"cannot create {out}: {err.strerror or err}") from None
        return None
    manifest = _read_json(out / NAME)
    journal = _read_journal(out / JOURNAL)
    if journal is not None and journal["inputs"] == inputs and not force:
        return journal if journal["few"] is not None else None
    if journal is None and manifest is not None and manifest.get("inputs") == inputs and not force:
        return None  # this same set: regenerate it, byte for byte
    try:
        entries = sorted(p.name for p in out.iterdir())
    except OSError as err:
        raise OsmoseError(f"cannot read {out}: {err.strerror or err}") from None
    if not entries:
        return None
    if not force:
        if journal is not None:
            what = "an unfinished run of a different problem set"
        elif manifest is not None:
            what = f"a different problem set ({manifest.get('title', 'untitled')!r})"
        else:
            shown = ", ".join(entries[:3]) + (" …" if len(entries) > 3 else "")
            what = f"files osmose did not write ({shown})"
        raise OsmoseError(f"{out}: the folder already holds {what}; choose an empty or new --out "
                          "folder, or pass --force to replace it (removes only what osmose wrote "
                          "there)")
    remove_written(out, manifest, journal)
    return None


def remove_written(out: Path, manifest: dict | None, journal: dict | None) -> None:
    """Delete the files a set osmose wrote in ``out`` names, and folders left empty; nothing else."""
    ids = set()
    for source in (manifest or {}).get("students", []), (journal or {}).get("students", []):
        for entry in source if isinstance(source, list) else ():
            sid = entry.get("id") if isinstance(entry, dict) else entry
            if isinstance(sid, str) and sid and safe_id(sid):
                ids.add(sid)
    folders = [out / name for name in TOP_FOLDERS]
    files = [out / name for name in TOP_FILES] + [out / "keys" / "answers.md",
                                                  out / "reports" / "_summary.md"]
    for sid in sorted(ids):
        folders.append(out / sid)
        files += [out / sid / f"problems{ext}" for ext in (".md", ".tex", ".pdf", *pdf.AUX)]
        files += [out / "keys" / f"{sid}.md", out / "reports" / f"{sid}.md"]
    files += [out / f"problems{ext}" for ext in pdf.AUX]
    for path in files:
        try:
            if path.is_symlink() or path.is_file():
                path.unlink()
        except OSError as err:
            raise OsmoseError(f"cannot remove {path}: {err.strerror or err}") from None
    for folder in folders:
        try:
            if folder.is_dir() and not folder.is_symlink() and not any(folder.iterdir()):
                folder.rmdir()
        except OSError:
            pass  # something else lives there: it stays


def _read_json(path: Path) -> dict | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _read_journal(path: Path) -> dict | None:
    """The log of an interrupted run: its inputs, low-variety slots and students done, in order."""
    try:
        fh = open(path, encoding="utf-8")
    except OSError:
        return None
    out = {"inputs": None, "students": [], "few": None, "draws": []}
    with fh:
        for n, line in enumerate(fh):
            try:
                record = json.loads(line)
            except ValueError:
                break  # a line cut short by the interruption: the student is drawn again
            if n == 0:
                out["inputs"], out["students"] = record.get("inputs"), record.get("students", [])
            elif "few" in record:
                out["few"] = tuple({_key_tuple(k) for k in part} for part in record["few"])
            elif "entry" in record:
                out["draws"].append((record["entry"]["id"], record["draws"]))
    return out if out["inputs"] else None


def _key_json(key: tuple) -> list:
    family, params = key
    return [family, [list(p) for p in params]]


def _key_tuple(key: list) -> tuple:
    family, params = key
    return (family, tuple((k, v) for k, v in params))


def _open(path: Path, mode: str):
    try:
        return open(path, mode, encoding="utf-8", newline="\n")
    except OSError as err:
        raise OsmoseError(f"cannot write {path}: {err.strerror or err}") from None


def _log(fh, record: dict) -> None:
    try:
        fh.write(json.dumps(record, ensure_ascii=False) + "\n")
        fh.flush()
    except OSError as err:
        raise OsmoseError(f"cannot write {fh.name}: {err.strerror or err}") from None


def _write_manifest(out: Path, head: dict, journal: Path) -> Path:
    """The manifest from the log, students in roster order, replacing any old one atomically."""
    path, tmp = out / NAME, out / (NAME + ".tmp")

    def entries():
        with open(journal, encoding="utf-8") as fh:
            for line in fh:
                record = json.loads(line)
                if "entry" in record:
                    yield record["entry"]

    try:
        with open(tmp, "w", encoding="utf-8", newline="\n") as fh:
            write_manifest(fh, head, entries())
        os.replace(tmp, path)
    except OSError as err:
        raise OsmoseError(f"cannot write {path}: {err.strerror or err}") from None
    return path


# --- files ---------------------------------------------------------------------------


def write_student(ps: ProblemSet, out: Path, sset: StudentSet) -> list[Path]:
    """A student's problems (.md, .tex) and answer key."""
    problems_rel, key_rel = student_paths(sset.student.id)
    problems = out / problems_rel
    return [write_text(problems, problems_markdown(ps, sset)),
            write_text(problems.with_suffix(".tex"), problems_latex(ps, sset)),
            write_text(out / key_rel, key_markdown(ps, sset))]


def write_problemset(ps: ProblemSet, out: Path, *, workers: int = 2, want_pdf: bool = True,
                     progress: Progress | None = None) -> MadeSet:
    """Write a set drawn in memory (``build_problemset``) into ``out``."""
    if out.exists() and not out.is_dir():
        raise OsmoseError(f"{out}: exists and is not a folder")
    made = MadeSet(ps, out, len(ps.sets), ps.sets[0].student.id if ps.sets else "")
    tex_files = []
    for done, sset in enumerate(ps.sets, 1):
        made.files += write_student(ps, out, sset)
        tex_files.append(made.files[-2])
        if progress:
            progress("write", done, len(ps.sets))
    path = out / NAME
    try:
        with open(path, "w", encoding="utf-8", newline="\n") as fh:
            write_manifest(fh, manifest_head(ps, ""), (student_entry(s) for s in ps.sets))
    except OSError as err:
        raise OsmoseError(f"cannot write {path}: {err.strerror or err}") from None
    made.files.append(path)
    if want_pdf:
        made.pdf_engine = pdf.find_engine()
        if made.pdf_engine is None:
            made.pdf_note = pdf.skipped_note()
        else:
            made.pdf_failures = pdf.typeset_all(tex_files, made.pdf_engine, workers, progress)
            made.files += [t.with_suffix(".pdf") for t in tex_files if t.with_suffix(".pdf").is_file()]
    else:
        made.pdf_note = "PDF not requested (--no-pdf)"
    return made


def write_text(path: Path, text: str) -> Path:
    """Write UTF-8 with LF endings (byte-identical sets on every OS); a failure is one line."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
    except OSError as err:
        raise OsmoseError(f"cannot write {path}: {err.strerror or err}") from None
    return path
