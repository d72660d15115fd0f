"""Verified exercise variants, generated on both cores and cached on disk.

A variant is identified by its exercise id (family, version, params, seed)
plus a hash of the generator's source file, so editing a generator without a
version bump still regenerates its variants while an unchanged re-export
recomputes nothing. Failures (a variant that does not verify) are cached as
such and reported; they are never shipped.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from concurrent.futures import as_completed
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from osmose.exercises import exercise_id, make_exercise_reported
from osmose.errors import OsmoseError
from osmose.family import Family
from osmose.workers import worker_pool

#: fewer missing variants than this are generated in-process (a pool costs ~0.1 s to start)
POOL_THRESHOLD = 6
BATCH = 4


@dataclass(frozen=True)
class Job:
    family: str
    params: tuple[tuple[str, object], ...]  # resolved, sorted
    seed: int


def variant_payload(exercise) -> dict:
    """The part of an exercise a deck shows (JSON-able, no SymPy objects)."""
    data = exercise.to_json()
    return {k: data[k] for k in ("id", "kind", "prompt_tex", "answer_tex", "answer_approx_tex",
                                 "solution", "evidence")}


def source_hash(family: Family) -> str:
    try:
        return hashlib.sha256(Path(family.path).read_bytes()).hexdigest()[:16]
    except OSError:
        return f"v{family.version}"


class VariantCache:
    """A small SQLite table: cache key → variant JSON (or the error it raised)."""

    def __init__(self, path: Path | None):
        self.path = path
        self.db = None
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(path)
            self.db.execute("CREATE TABLE IF NOT EXISTS variants (key TEXT PRIMARY KEY, json TEXT NOT NULL)")

    def get_many(self, keys: list[str]) -> dict[str, dict]:
        if self.db is None:
            return {}
        found = {}
        for i in range(0, len(keys), 500):
            chunk = keys[i:i + 500]
            rows = self.db.execute(
                f"SELECT key, json FROM variants WHERE key IN ({','.join('?' * len(chunk))})", chunk)
            found.update((k, json.loads(v)) for k, v in rows)
        return found

    def put_many(self, items: dict[str, dict]) -> None:
        if self.db is None or not items:
            return
        with self.db:
            self.db.executemany("INSERT OR REPLACE INTO variants VALUES (?, ?)",
                                [(k, json.dumps(v, ensure_ascii=False)) for k, v in items.items()])

    def close(self) -> None:
        if self.db is not None:
            self.db.close()


def cache_key(family: Family, job: Job, src: str) -> str:
    return f"{exercise_id(family, dict(job.params), job.seed)}@{src}"


def generate_one(family: Family, job: Job) -> dict:
    """One variant's payload, or ``{"error": …}`` when it cannot be made or verified."""
    try:  # a generator bug must not take the export down: it becomes one line
        return variant_payload(make_exercise_reported(family, dict(job.params), job.seed))
    except OsmoseError as err:
        return {"error": str(err)}


# --- worker processes -------------------------------------------------------

_WORKER_FAMILIES: dict[str, Family] = {}


def _init_worker(folder: str) -> None:
    from osmose.kb import load_families
    _WORKER_FAMILIES.update(load_families(Path(folder))[0])


def _run_batch(jobs: list[Job]) -> list[dict]:
    return [generate_one(_WORKER_FAMILIES[j.family], j) for j in jobs]


def resolve_variants(jobs: list[Job], families: dict[str, Family], generators_dir: Path,
                     cache: VariantCache, workers: int = 2,
                     progress: Callable[[int, int], None] | None = None) -> tuple[dict[Job, dict], int]:
    """Payload for every job; returns (results, how many were generated now)."""
    src = {name: source_hash(f) for name, f in families.items()}
    keys = {job: cache_key(families[job.family], job, src[job.family]) for job in jobs}
    cached = cache.get_many(sorted(set(keys.values())))
    results = {job: cached[k] for job, k in keys.items() if k in cached}
    missing = sorted({job for job in jobs if job not in results},
                     key=lambda j: (j.seed, j.family, j.params))
    total = len(missing)
    if progress:
        progress(0, total)
    fresh: dict[str, dict] = {}
    if total < POOL_THRESHOLD or workers <= 1:
        for done, job in enumerate(missing, 1):
            results[job] = fresh[keys[job]] = generate_one(families[job.family], job)
            if progress:
                progress(done, total)
    else:
        batches = [missing[i:i + BATCH] for i in range(0, total, BATCH)]
        done = 0
        with worker_pool(workers, _init_worker, (str(generators_dir),)) as pool:
            futures = {pool.submit(_run_batch, b): b for b in batches}
            for fut in as_completed(futures):
                for job, payload in zip(futures[fut], fut.result()):
                    results[job] = fresh[keys[job]] = payload
                done += len(futures[fut])
                if progress:
                    progress(done, total)
    cache.put_many(fresh)
    return results, total
