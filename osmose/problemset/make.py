"""One call from choices to files: select, draw, render, write (and typeset when possible).

Layout of the output folder (answer keys kept apart from what students get):

    <out>/<student>/problems.md, problems.tex, problems.pdf
    <out>/keys/<student>.md          answer key with worked solutions
    <out>/manifest.json              what grading needs

Without a roster there is one set: ``<out>/problems.*`` and ``<out>/keys/answers.md``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from osmose.errors import OsmoseError
from osmose.kb import KnowledgeBase
from osmose.problemset import pdf
from osmose.problemset.build import Progress, ProblemSet, build_problemset, plan_questions, select_slots
from osmose.problemset.manifest import NAME, NO_ROSTER, dumps, manifest_json, student_paths
from osmose.problemset.render import key_markdown, problems_latex, problems_markdown
from osmose.problemset.roster import Student, load_roster


@dataclass
class MadeSet:
    problemset: ProblemSet
    out: Path
    files: list[Path] = field(default_factory=list)
    pdf_engine: str | None = None
    pdf_note: str = ""  # why no PDF was made, when none was
    pdf_failures: list[str] = field(default_factory=list)


def make_problemset(kb: KnowledgeBase, out: str | Path, *, recipe: str | None = None,
                    concepts=(), families=(), params: dict | None = None, count: int = 10,
                    seed: int | None = None, roster: str | Path | None = None,
                    title: str | None = None, workers: int = 2, want_pdf: bool = True,
                    progress: Progress | None = None) -> MadeSet:
    """Everything ``osmose problemset`` does, without printing."""
    students = load_roster(roster) if roster else [Student(NO_ROSTER)]
    slots = select_slots(kb, recipe, concepts, families, params)
    if seed is None:
        seed = _recipe_seed(kb, recipe) if recipe else 1
    plan = plan_questions(slots, count, seed)
    if title is None:
        title = f"Problem set: {Path(recipe).stem}" if recipe else "Problem set"
    ps = build_problemset(kb, plan, seed, students, title=title, roster=roster is not None,
                          workers=workers, progress=progress)
    return write_problemset(ps, Path(out), workers=workers, want_pdf=want_pdf, progress=progress)


def _recipe_seed(kb: KnowledgeBase, recipe: str) -> int:
    from osmose.anki.recipe import find_recipe, load_recipe
    return load_recipe(find_recipe(kb.root, recipe)).seed


def write_problemset(ps: ProblemSet, out: Path, *, workers: int = 2, want_pdf: bool = True,
                     progress: Progress | None = None) -> MadeSet:
    if out.exists() and not out.is_dir():
        raise OsmoseError(f"{out}: exists and is not a folder")
    made = MadeSet(ps, out)
    tex_files = []
    total = len(ps.sets)
    for done, sset in enumerate(ps.sets, 1):
        problems_rel, key_rel = student_paths(sset.student.id)
        problems = out / problems_rel
        made.files.append(write_text(problems, problems_markdown(ps, sset)))
        tex = problems.with_suffix(".tex")
        made.files.append(write_text(tex, problems_latex(ps, sset)))
        tex_files.append(tex)
        made.files.append(write_text(out / key_rel, key_markdown(ps, sset)))
        if progress:
            progress("write", done, total)
    made.files.append(write_text(out / NAME, dumps(manifest_json(ps))))
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
