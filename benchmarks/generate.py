"""Generation throughput per family, and our overhead over bare SymPy.

For each family (at the params concepts link it with), on one core:

* verified exercises per second: generate + reject + verify + render (to_json);
* the ratio of that full cost to the *bare* SymPy cost of computing and
  rendering the same answers (the family's ``baseline(given)`` + ``latex``).

Targets (issue 2): ratio ≤ 1.5 and ≥ 100 verified exercises/s per core
averaged over the families.

    python benchmarks/generate.py [--seeds 100] [--family NAME ...]
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from osmose.check import sweep_targets  # noqa: E402
from osmose.exercises import make_exercise  # noqa: E402
from osmose.kb import KnowledgeBase  # noqa: E402


def measure(family, params, seeds: int) -> dict:
    import sympy as sp

    full, bare, exercises = [], [], []
    for seed in range(seeds):
        t0 = time.perf_counter()
        ex = make_exercise(family, params, seed)
        ex.to_json()
        full.append(time.perf_counter() - t0)
        exercises.append(ex)
    if family.baseline is not None:
        sp.core.cache.clear_cache()
        for ex in exercises:
            t0 = time.perf_counter()
            answer = family.baseline(ex.given)
            sp.latex(answer) if not isinstance(answer, str) else answer
            bare.append(time.perf_counter() - t0)
    return {"full": full, "bare": bare}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seeds", type=int, default=100, help="seeds per (family, params)")
    ap.add_argument("--family", action="append", default=[], help="only these families")
    args = ap.parse_args()

    kb = KnowledgeBase.load(ROOT)
    targets: dict[str, list[dict]] = {}
    for name, params, _, _ in sweep_targets(kb):
        targets.setdefault(name, []).append(params)
    for name, family in kb.families.items():  # unlinked families still get measured
        targets.setdefault(name, [family.resolve({})])
    if args.family:
        targets = {k: v for k, v in targets.items() if k in args.family}

    print(f"{'family':<24}{'variants':>9}{'ex/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'bare ex/s':>11}{'ratio':>8}")
    rates, ratios = [], []
    for name in sorted(targets):
        family = kb.families[name]
        full, bare = [], []
        for params in targets[name]:
            m = measure(family, params, args.seeds)
            full += m["full"]
            bare += m["bare"]
        rate = len(full) / sum(full)
        rates.append(rate)
        q = statistics.quantiles(full, n=100)
        if bare:
            ratio = sum(full) / sum(bare)
            ratios.append(ratio)
            bare_text, ratio_text = f"{len(bare) / sum(bare):>11.0f}", f"{ratio:>8.2f}"
        else:
            bare_text, ratio_text = f"{'n/a':>11}", f"{'n/a':>8}"
        print(f"{name:<24}{len(targets[name]):>9}{rate:>9.0f}{q[49] * 1e3:>9.1f}{q[98] * 1e3:>9.1f}"
              f"{bare_text}{ratio_text}", flush=True)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\nmean verified exercises/s per core over {len(rates)} families: "
          f"{statistics.mean(rates):.0f} (target ≥ 100)")
    if ratios:
        print(f"full/bare cost ratio: median {statistics.median(ratios):.2f}, "
              f"max {max(ratios):.2f} over {len(ratios)} families with a baseline (target ≤ 1.5)")
    print(f"peak memory: {peak:.0f} MiB")


if __name__ == "__main__":
    main()
