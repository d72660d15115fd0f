"""Wall time and peak memory of ``osmose export`` (not a timed test: it prints figures).

    .venv/bin/python benchmarks/export.py            # all scenarios
    .venv/bin/python benchmarks/export.py default    # one of: default, families, big

Scenarios, each measured cold (empty variant cache, no manifest) then warm:
  default   the default deck (decks/osmose.yaml) of the built-in knowledge base
  families  a temp knowledge base whose one concept links every built-in family at
            every param combination (what generation costs once concepts link them all)
  big       10 000 exercise notes (2 500 concepts x 4 links of a tiny family): writing cost
Each run happens in a fresh process; peak memory is the max RSS of it and its workers.
"""

from __future__ import annotations

import json
import resource
import shutil
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TINY = '''
import sympy as sp
from osmose.family import Checking, Evidence, Family, Param, Problem, Step, VerificationError
from osmose.mathtext import tex

WHOLE = Checking(precision="integer")

def generate(rng, params):
    a, b = rng.randint(2, 9), rng.randint(2, 9) * params["k"]
    say = WHOLE.statement()
    return Problem(r"Compute \\(%d \\cdot %d\\). " % (a, b) + say, f"Compute {a}*{b}. {say}", sp.Integer(a * b),
                   "number", (Step("Multiply", tex(sp.Integer(a * b))),), {"a": a, "b": b}, WHOLE)

def verify(given, answer):
    if given["a"] * given["b"] != answer:
        raise VerificationError("product")
    return Evidence("integer arithmetic", "recomputed")

FAMILY = Family("tiny", 1, "Tiny product", "a*b", {"k": Param(1, (1, 2, 3, 4))}, generate, verify)
'''


def run_once(kb: str, recipe: str, out: str, cache: str, workers: int) -> dict:
    """One export in this process; prints a JSON line of figures."""
    import time
    t0 = time.perf_counter()
    from osmose.anki.export import export_deck
    from osmose.kb import KnowledgeBase
    knowledge = KnowledgeBase.load(kb)
    t_load = time.perf_counter() - t0
    result = export_deck(knowledge, recipe, Path(out), workers=workers, cache_path=Path(cache))
    self_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    kids_rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return {"notes": result.notes, "exercise_notes": result.notes_by_kind.get("exercise", 0),
            "cards": result.cards, "variants": result.variants, "generated": result.generated,
            "failures": len(result.failures), "seconds": {**result.seconds, "kb": round(t_load, 3)},
            "peak_mb": round(max(self_rss, kids_rss) / 1024, 1),
            "apkg_kb": round(Path(out).stat().st_size / 1024)}


def measure(name: str, kb: Path, recipe: str, tmp: Path, workers: int = 2) -> None:
    out, cache = tmp / f"{name}.apkg", tmp / f"{name}.cache.sqlite"
    for label in ("cold", "warm"):
        t0 = __import__("time").perf_counter()
        proc = subprocess.run([sys.executable, __file__, "--run", str(kb), recipe, str(out), str(cache),
                               str(workers)], capture_output=True, text=True, cwd=ROOT)
        wall = __import__("time").perf_counter() - t0
        if proc.returncode:
            print(f"{name} {label}: failed\n{proc.stderr[-3000:]}")
            return
        r = json.loads(proc.stdout.strip().splitlines()[-1])
        s = r["seconds"]
        print(f"{name:9} {label}: {wall:5.2f} s wall (process) | export {s['total']:.2f} s = "
              f"load {s['load']:.2f} + generate {s['generate']:.2f} + notes {s['notes']:.2f} + "
              f"write {s['write']:.2f} | peak {r['peak_mb']} MB | {r['notes']} notes "
              f"({r['exercise_notes']} exercise), {r['cards']} cards, {r['variants']} variants, "
              f"{r['generated']} generated, {r['failures']} failed | {r['apkg_kb']} KB")


def families_kb(tmp: Path) -> Path:
    from osmose.kb import KnowledgeBase
    kb = KnowledgeBase.load(ROOT)
    root = tmp / "families-kb"
    shutil.copytree(ROOT / "generators", root / "generators")
    links = "".join(f"  - generator: {name}\n    params: {json.dumps(p)}\n"
                    for name, f in sorted(kb.families.items()) for p in f.variants())
    write(root / "concepts" / "calculus" / "everything.yaml",
          "id: everything\ntitle: Every family\narea: calculus\ndefinition: All of them.\n"
          f"exercises:\n{links}")
    write(root / "decks" / "all.yaml", "deck: bench\nconcepts: all\nvariants: 5\nseed: 1\n")
    return root


def big_kb(tmp: Path, concepts: int = 2500) -> Path:
    root = tmp / "big-kb"
    write(root / "generators" / "tiny.py", TINY)
    links = "".join(f"  - generator: tiny\n    params: {{k: {k}}}\n" for k in (1, 2, 3, 4))
    for i in range(concepts):
        write(root / "concepts" / "calculus" / f"c{i}.yaml",
              f"id: c{i}\ntitle: Concept {i}\narea: calculus\ndefinition: Number \\({i}\\).\n"
              f"exercises:\n{links}")
    write(root / "decks" / "all.yaml", "deck: bench\nconcepts: all\nvariants: 5\nseed: 1\n")
    return root


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")


def main(argv: list[str]) -> None:
    if argv[:1] == ["--run"]:
        kb, recipe, out, cache, workers = argv[1:]
        print(json.dumps(run_once(kb, recipe, out, cache, int(workers))))
        return
    wanted = argv or ["default", "families", "big"]
    with tempfile.TemporaryDirectory(prefix="osmose-bench-") as tmp_name:
        tmp = Path(tmp_name)
        if "default" in wanted:
            measure("default", ROOT, "osmose", tmp)
        if "families" in wanted:
            measure("families", families_kb(tmp), "all", tmp)
        if "big" in wanted:
            measure("big", big_kb(tmp), "all", tmp)


if __name__ == "__main__":
    main(sys.argv[1:])
