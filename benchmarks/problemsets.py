"""Time to generate problem sets for a class and to grade the class's submissions.

Generates sets for a 200-student and a 10,000-student roster with 10 questions each
(every variant verified, Markdown + LaTeX + answer keys + manifest written, students
streamed to disk as they are drawn), then grades a submission per student built from
the answer keys: mostly right answers, some typical mistakes, some rewritten or decimal
answers and a little garbage, so the checker does the work a real class would give it.

Targets on this machine (2 cores): 200 students generated ≤ 30 s and graded ≤ 10 s
(issue 7); 10,000 students × 10 questions generated ≤ 60 s (issue 16). CPU time per
exercise shows whether generation stays linear in the roster.

    python benchmarks/problemsets.py [--students 200 10000] [-n 10] [--recipe osmose] [--jobs 2]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from osmose.kb import KnowledgeBase  # noqa: E402
from osmose.problemset.grade import grade_folder, write_gradebook  # noqa: E402
from osmose.problemset.make import make_problemset  # noqa: E402


def write_roster(path: Path, students: int) -> None:
    path.write_text("id,name\n" + "".join(f"s{i:03d},Student {i}\n" for i in range(1, students + 1)))


def write_submissions(set_dir: Path, folder: Path, seed: int = 0) -> None:
    """One YAML file per student: 70 % right, 15 % a listed mistake, 10 % decimal, 5 % garbage."""
    rng = random.Random(seed)
    manifest = json.loads((set_dir / "manifest.json").read_text())
    folder.mkdir(parents=True, exist_ok=True)
    for student in manifest["students"]:
        lines = []
        for q in student["questions"]:
            roll = rng.random()
            if roll < 0.15 and q["mistakes"]:
                text = rng.choice(q["mistakes"])["answer"]
            elif roll < 0.20:
                text = rng.choice(["x^^2", "[[1, 2], [3", "banana", "1/0", "(("])
            else:
                text = q["answer"]
            lines.append(f"{q['number']}: {json.dumps(text)}")
        (folder / f"{student['id']}.yaml").write_text("\n".join(lines) + "\n")


def cpu_seconds() -> float:
    """User + system CPU of this process and its finished workers (the load on the cores)."""
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


TARGETS = {200: (30, 10), 10_000: (60, None)}


def run(kb, tmp: Path, students: int, args) -> None:
    roster = tmp / f"roster{students}.csv"
    write_roster(roster, students)
    out = tmp / f"set{students}"
    t0, c0 = time.perf_counter(), cpu_seconds()
    made = make_problemset(kb, out, recipe=args.recipe, count=args.questions, seed=args.seed,
                           roster=roster, workers=args.jobs, want_pdf=False)
    generate, generate_cpu = time.perf_counter() - t0, cpu_seconds() - c0
    ps = made.problemset
    exercises = made.students * len(ps.plan)
    drawn = exercises + made.redraws
    target_gen, target_grade = TARGETS.get(students, (None, None))
    print(f"questions: {', '.join(s.family for s in ps.plan)}")
    print(f"generate: {generate:7.2f} s for {made.students} students × {len(ps.plan)} questions "
          f"({exercises} verified exercises, {made.redraws} redraws to avoid shared variants, "
          f"{exercises / generate:.0f} exercises/s; {generate_cpu:.1f} s CPU, "
          f"{generate_cpu / drawn * 1000:.1f} ms CPU per exercise drawn)"
          + (f"  target ≤ {target_gen} s" if target_gen else ""))
    for note in ps.shared:
        print(f"  note: {note}")

    write_submissions(out, tmp / f"subs{students}")
    t0, c0 = time.perf_counter(), cpu_seconds()
    book = grade_folder(out, tmp / f"subs{students}", workers=args.jobs)
    write_gradebook(out, book)
    grading, grading_cpu = time.perf_counter() - t0, cpu_seconds() - c0
    answers = sum(1 for s in book.students for r in s.results if r.status != "missing")
    print(f"grade:    {grading:7.2f} s for {len(book.submitted)} submissions "
          f"({answers} answers, {answers / grading:.0f} answers/s; {grading_cpu:.1f} s CPU)"
          + (f"  target ≤ {target_grade} s" if target_grade else ""))
    print(f"peak memory: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB "
          "(this process)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--students", type=int, nargs="+", default=[200, 10_000])
    ap.add_argument("-n", "--questions", type=int, default=10)
    ap.add_argument("--recipe", default="osmose")
    ap.add_argument("--seed", type=int, default=2024)
    ap.add_argument("--jobs", type=int, default=2)
    args = ap.parse_args()

    kb = KnowledgeBase.load()
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} "
          "(other work on the cores inflates wall time; CPU time does not)")
    with tempfile.TemporaryDirectory() as tmp:
        for students in args.students:
            run(kb, Path(tmp), students, args)


if __name__ == "__main__":
    main()
