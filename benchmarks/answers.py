"""Answer-check latency: the osmose checker against a naive ``simplify(a - b) == 0``.

Corpus: for every family in generators/, every variant and SEEDS seeds — the
exercise's own answer (plain and LaTeX), each listed mistake, and equivalent
rewrites (expanded form; implicit multiplication with spaces instead of '*');
plus the hostile inputs of the test suite (code-execution attempts, resource
bombs, malformed matrices, odd Unicode).

The naive checker reads the text with the same safe parser, then decides with
``sympy.simplify(given - answer) == 0`` (entry by entry for matrices and tuples);
it runs on a random sample of the same non-hostile pairs, and so does osmose, so
the ratio compares like with like. Targets for osmose: p50 ≤ 10 ms, p99 ≤ 20 ms on
real answers, max ≤ 1 s.

    .venv/bin/python benchmarks/answers.py [--seeds 10] [--naive 300] [--cpu]
"""

from __future__ import annotations

import argparse
import gc
import random
import statistics
import sys
import time
from pathlib import Path

import sympy as sp

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from osmose.checker import ParseError, check_answer, parse_answer  # noqa: E402
from osmose.checker.judge import symbols_for  # noqa: E402
from osmose.exercises import make_exercise  # noqa: E402
from osmose.kb import load_families  # noqa: E402
from osmose.mathtext import plain, tex  # noqa: E402

HOSTILE = [
    "__import__('os').system('touch /tmp/osmose-bench-sentinel')",
    "().__class__.__bases__[0].__subclasses__()", "x.__class__", "exec('1')", "eval('1')",
    "lambda: 1", "getattr(x, 'y')", "open('/tmp/osmose-bench-sentinel', 'w')",
    "((2^1000)^1000)^1000", "9^9^9^9", "10^10^10", "99999!", "factorial(10^6)",
    "binomial(10^6, 5*10^5)", "exp(10^9*log(3))", "e^(e^(e^(e^10)))", "(3^2500 + 7)^(1/3)",
    "(" * 10_000 + "x" + ")" * 10_000, "(" * 45 + "x" + ")" * 45, "-" * 1_500 + "x",
    "x^" * 500 + "2", "1" * 100_000, "x" * 1_000_000, "2*x + " * 300,
    "[[1, 2], [3]]", "[]", "[[]]", "[[[1]]]", "\\begin{bmatrix}1 & 2\\\\ 3\\end{bmatrix}",
    "x\u200b^2", "\u202ex^2", "\uff11\uff12", "x\u0301", "x\x00", "\\input{/etc/passwd}",
    "diff(x^2, x)", "\\int x dx", "d/dx x^2",
]


def rewrites(answer) -> list[str]:
    """Equivalent forms of a reference answer a learner might type."""
    out = []
    if isinstance(answer, str):
        return [answer.upper()]
    text = plain(answer)
    spaced = text.replace("*", " ")
    if spaced != text:
        out.append(spaced)
    expanded = _map(answer, sp.expand)
    if expanded is not None and plain(expanded) != text:
        out.append(plain(expanded))
    return out


def _map(answer, f):
    if isinstance(answer, tuple):
        return tuple(_map(a, f) for a in answer)
    if isinstance(answer, sp.MatrixBase):
        return answer.applyfunc(f)
    return f(answer)


def corpus(seeds: int):
    families, errors = load_families(ROOT / "generators")
    pairs = []
    for name in sorted(families):
        family = families[name]
        for params in family.variants():
            for seed in range(seeds):
                try:
                    ex = make_exercise(family, params, seed)
                except Exception as err:  # a broken family is reported, not benchmarked
                    print(f"  skipped {name} {params} seed {seed}: {err}", file=sys.stderr)
                    continue
                texts = [plain(ex.answer)]
                if ex.kind != "choice":
                    texts.append(tex(ex.answer))
                texts += [plain(m.answer) for m in ex.mistakes]
                texts += rewrites(ex.answer)
                pairs += [(ex, t) for t in texts]
    return families, pairs


#: the clock: wall time, or this process's CPU time (``--cpu``: on a shared, loaded machine
#: wall time mostly measures the other processes)
CLOCK = time.perf_counter


def timed(check, pairs, collect_garbage: bool = True) -> list[float]:
    times = []
    gc.collect()
    if not collect_garbage:
        gc.disable()
    try:
        for ex, text in pairs:
            start = CLOCK()
            check(ex, text)
            times.append(CLOCK() - start)
    finally:
        gc.enable()
    return times


def naive_check(ex, text):
    """Same safe parser, then simplify(a - b) == 0 (the usual CAS approach)."""
    try:
        given = parse_answer(text, ex.kind, ex.checking, symbols_for(ex))
    except ParseError:
        return "invalid"
    if ex.kind == "choice":
        return "correct" if given == ex.answer else "wrong"
    answer = ex.answer
    if isinstance(answer, sp.MatrixBase):
        if not isinstance(given, sp.MatrixBase) or given.shape != answer.shape:
            return "invalid"
        pairs = list(zip(given, answer))
    elif isinstance(answer, tuple):
        if not isinstance(given, tuple) or len(given) != len(answer):
            return "invalid"
        pairs = list(zip(given, answer))
    else:
        pairs = [(given, answer)]
    ok = all(sp.simplify(g - a) == 0 for g, a in pairs)
    return "correct" if ok else "wrong"


def summary(times: list[float]) -> str:
    ordered = sorted(times)
    p50 = statistics.median(ordered)
    p99 = ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))]
    return (f"p50 {p50 * 1e3:7.2f} ms   p99 {p99 * 1e3:7.2f} ms   max {ordered[-1] * 1e3:8.2f} ms"
            f"   (n={len(ordered)})")


def quantiles(times):
    ordered = sorted(times)
    return (statistics.median(ordered), ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))],
            ordered[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=10, help="seeds per family variant")
    parser.add_argument("--naive", type=int, default=300,
                        help="pairs sampled for the naive comparison")
    parser.add_argument("--cpu", action="store_true",
                        help="time with this process's CPU time instead of the wall clock")
    args = parser.parse_args()
    global CLOCK
    if args.cpu:
        CLOCK = time.process_time
        print("clock: CPU time of this process")

    start = time.perf_counter()
    families, pairs = corpus(args.seeds)
    print(f"corpus: {len(families)} families, {len(pairs)} answer texts "
          f"({time.perf_counter() - start:.1f} s to generate), {len(HOSTILE)} hostile inputs")
    if not pairs:
        print("no families in generators/: nothing to measure")
        return

    real = timed(check_answer, pairs)
    one_per_kind = list({ex.kind: ex for ex, _ in pairs}.values())
    hostile_pairs = [(ex, h) for h in HOSTILE for ex in one_per_kind]
    hostile = timed(check_answer, hostile_pairs)
    hostile_verdicts = {check_answer(ex, h).status for ex, h in hostile_pairs}
    everything = real + hostile
    print(f"osmose, real answers    {summary(real)}")
    print(f"osmose, hostile inputs  {summary(hostile)}   verdicts: {sorted(hostile_verdicts)}")
    print(f"osmose, all             {summary(everything)}")
    quiet = timed(check_answer, pairs, collect_garbage=False)
    print(f"osmose, real, GC paused {summary(quiet)}   (the slowest checks above are full "
          "collections of this corpus's own large heap)")
    p50, p99, worst = quantiles(everything)
    real_p99 = quantiles(real)[1]
    print(f"targets: p50 ≤ 10 ms {'ok' if p50 <= 0.010 else 'MISSED'}, "
          f"p99 ≤ 20 ms on real answers {'ok' if real_p99 <= 0.020 else 'MISSED'}, "
          f"max ≤ 1 s {'ok' if worst <= 1.0 else 'MISSED'}")

    sample = random.Random(0).sample(pairs, min(args.naive, len(pairs)))
    ours = timed(check_answer, sample)
    naive = timed(naive_check, sample)
    disagree = [(ex.id, t) for ex, t in sample if check_answer(ex, t).status != naive_check(ex, t)]
    print(f"\nsame {len(sample)} sampled pairs:")
    print(f"osmose                  {summary(ours)}")
    print(f"naive simplify(a-b)==0  {summary(naive)}")
    o, n = quantiles(ours), quantiles(naive)
    print(f"naive / osmose          p50 ×{n[0] / o[0]:.1f}   p99 ×{n[1] / o[1]:.1f}   "
          f"max ×{n[2] / o[2]:.1f}   total ×{sum(naive) / sum(ours):.1f}")
    print(f"verdicts differ on {len(disagree)} of {len(sample)} pairs")
    for ex_id, text in disagree[:5]:
        print(f"  {ex_id}  {text[:70]!r}")


if __name__ == "__main__":
    main()
