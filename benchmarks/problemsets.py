"""Time to generate problem sets for a class and to grade the class's submissions.

Generates sets for a 200-student roster with 10 questions each (every variant
verified, Markdown + LaTeX + answer keys + manifest written), then grades 200
submissions built from the answer keys: mostly right answers, some typical
mistakes, some rewritten or decimal answers and a little garbage, so the
checker does the work a real class would give it.

Targets (issue 7): generation ≤ 30 s, grading ≤ 10 s on this machine (2 cores).

    python benchmarks/problemsets.py [--students 200] [-n 10] [--recipe osmose] [--jobs 2]
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


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--students", type=int, default=200)
    ap.add_argument("-n", "--questions", type=int, default=10)
    ap.add_argument("--recipe", default="osmose")
    ap.add_argument("--seed", type=int, default=2024)
    ap.add_argument("--jobs", type=int, default=2)
    args = ap.parse_args()

    kb = KnowledgeBase.load()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        roster = tmp / "roster.csv"
        write_roster(roster, args.students)
        print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} "
              "(other work on the cores inflates wall time; CPU time does not)")
        t0, c0 = time.perf_counter(), cpu_seconds()
        made = make_problemset(kb, tmp / "set", recipe=args.recipe, count=args.questions,
                               seed=args.seed, roster=roster, workers=args.jobs, want_pdf=False)
        generate, generate_cpu = time.perf_counter() - t0, cpu_seconds() - c0
        ps = made.problemset
        families = ", ".join(s.family for s in ps.plan)
        exercises = made.students * len(ps.plan)
        retries = made.redraws
        print(f"questions: {families}")
        print(f"generate: {generate:6.2f} s for {made.students} students × {len(ps.plan)} questions "
              f"({exercises} verified exercises, {retries} redraws to avoid shared variants, "
              f"{exercises / generate:.0f} exercises/s; {generate_cpu:.1f} s CPU)  target ≤ 30 s")
        for note in ps.shared:
            print(f"  note: {note}")

        write_submissions(tmp / "set", tmp / "subs")
        t0, c0 = time.perf_counter(), cpu_seconds()
        book = grade_folder(tmp / "set", tmp / "subs", workers=args.jobs)
        write_gradebook(tmp / "set", book)
        grading, grading_cpu = time.perf_counter() - t0, cpu_seconds() - c0
        answers = sum(1 for s in book.students for r in s.results if r.status != "missing")
        print(f"grade:    {grading:6.2f} s for {len(book.submitted)} submissions "
              f"({answers} answers, {answers / grading:.0f} answers/s; {grading_cpu:.1f} s CPU)  "
              "target ≤ 10 s")


if __name__ == "__main__":
    main()
