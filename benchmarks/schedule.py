"""Time ``osmose due`` on a large review database: 100 000 items, 1 000 000 review-log rows.

Prints the engine query (``osmose.progress.forecast``: due now, per-day counts
for the coming week, the first due items) and the full command (a fresh
``osmose due`` process, start-up included), each as the median of several runs,
plus the database size on disk. Target: ≤ 100 ms for the query.

    .venv/bin/python benchmarks/schedule.py [--items 100000] [--reviews 1000000] [--db PATH]
"""

from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from osmose.progress import forecast  # noqa: E402
from osmose.store import Store  # noqa: E402

DAY = 86_400_000


def fill(path: Path, n_items: int, n_reviews: int, now: int, rng: random.Random) -> None:
    """Items due from a month ago to two months ahead; reviews over the past year."""
    with Store.open(path) as store:
        store.conn.execute("PRAGMA synchronous = OFF")  # bulk fill only; reviews use FULL
        _fill(store, n_items, n_reviews, now, rng)
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def _fill(store, n_items, n_reviews, now, rng) -> None:
    with store.transaction():
        store.conn.executemany(
            "INSERT INTO items (key, concept, kind, state, step, stability, difficulty, due, "
            "last_review, reps, lapses, introduced_at) VALUES (?, ?, ?, 2, NULL, ?, ?, ?, ?, ?, 0, ?)",
            ((f"fact:concept-{i // 25}:formula:f{i % 25}", f"concept-{i // 25}",
              "skill" if i % 5 == 0 else "fact", rng.uniform(1, 200), rng.uniform(1, 10),
              now + rng.randint(-30 * DAY, 60 * DAY), now - rng.randint(0, 90 * DAY),
              n_reviews // n_items, now - 365 * DAY) for i in range(n_items)))
        store.conn.executemany(
            "INSERT INTO reviews (item_id, reviewed_at, exercise, seed, verdict, proposed, rating, "
            "duration_ms, answer, hints, shown, state_before) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0, 2)",
            ((rng.randint(1, n_items), now - rng.randint(0, 365 * DAY), None, None, "self", 3,
              rng.choice((1, 3, 3, 3, 4)), rng.randint(1000, 60_000), "2*x*y")
             for _ in range(n_reviews)))


def median_ms(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--items", type=int, default=100_000)
    ap.add_argument("--reviews", type=int, default=1_000_000)
    ap.add_argument("--db", type=Path, help="where to build the database (default: a temp folder)")
    args = ap.parse_args()

    folder = tempfile.TemporaryDirectory()
    path = args.db or Path(folder.name) / "bench.db"
    if path.exists():
        sys.exit(f"{path} exists; give a new path")
    now = time.time_ns() // 1_000_000
    t = time.perf_counter()
    fill(path, args.items, args.reviews, now, random.Random(1))
    build_s = time.perf_counter() - t

    with Store.open(path) as store:
        forecast(store, now)  # warm the page cache once, as a second 'osmose due' would be
        query = median_ms(lambda: forecast(store, now), 21)
        f = forecast(store, now)
        check = median_ms(store.quick_check, 3)
    osmose = Path(sys.executable).with_name("osmose")
    command = median_ms(lambda: subprocess.run([str(osmose), "due", "--db", str(path)], check=True,
                                               capture_output=True), 7)
    startup = median_ms(lambda: subprocess.run([str(osmose), "--help"], check=True,
                                               capture_output=True), 7)
    size = sum(p.stat().st_size for p in path.parent.glob(path.name + "*"))

    print(f"database: {args.items:,} items, {args.reviews:,} review-log rows, built in {build_s:.1f} s")
    print(f"  size on disk: {size / 2**20:.1f} MiB ({path.name} + WAL)")
    print(f"  due now: {f.due_now:,}; next 7 days: {', '.join(str(n) for _, n in f.days)}")
    print(f"osmose due, engine query (median of 21): {query:.1f} ms  (target <= 100 ms)")
    print(f"osmose due, full command (median of 7):  {command:.0f} ms  "
          f"(of which interpreter + CLI start-up, 'osmose --help': {startup:.0f} ms)")
    print(f"quiz start-up integrity check (PRAGMA quick_check, median of 3): {check:.0f} ms")


if __name__ == "__main__":
    main()
