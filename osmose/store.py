"""SQLite storage for the quiz: review items (stable key → card id, FSRS state) and the review log.

One file, WAL journal, ``synchronous=FULL``: each review is one transaction,
committed before the next prompt, so a killed process loses at most the answer
being typed. The schema version is ``PRAGMA user_version``; ``MIGRATIONS`` holds
every schema change, applied in order in one transaction after a backup copy of
the old file is taken. A file that is not an osmose database, is damaged or
cannot be opened is reported as one ``OsmoseError`` line and left untouched.

Times are integer milliseconds since the Unix epoch (UTC) throughout.
"""

from __future__ import annotations

import os
import sqlite3
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

from osmose.errors import OsmoseError

#: ``PRAGMA application_id`` of an osmose database ("osmo").
APP_ID = 0x6F736D6F

#: Every schema change, in order; ``user_version`` counts how many were applied.
MIGRATIONS: tuple[tuple[str, ...], ...] = (
    (
        """CREATE TABLE items (
            id INTEGER PRIMARY KEY AUTOINCREMENT,    -- the stable FSRS card id
            key TEXT NOT NULL UNIQUE,                -- stable item key (fact:… / skill:…)
            concept TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('fact', 'skill')),
            state INTEGER NOT NULL,                  -- fsrs.State: 1 learning, 2 review, 3 relearning
            step INTEGER,
            stability REAL,
            difficulty REAL,
            due INTEGER NOT NULL,
            last_review INTEGER,
            reps INTEGER NOT NULL DEFAULT 0,
            lapses INTEGER NOT NULL DEFAULT 0,
            introduced_at INTEGER NOT NULL
        )""",
        "CREATE INDEX items_due ON items (due)",
        "CREATE INDEX items_concept ON items (concept)",
        """CREATE TABLE reviews (
            id INTEGER PRIMARY KEY,
            item_id INTEGER NOT NULL REFERENCES items (id),
            reviewed_at INTEGER NOT NULL,
            exercise TEXT,                           -- exercise id of a skill review
            seed INTEGER,
            verdict TEXT NOT NULL,                   -- correct | wrong | shown | self
            proposed INTEGER NOT NULL CHECK (proposed BETWEEN 1 AND 4),
            rating INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 4),
            duration_ms INTEGER NOT NULL,
            answer TEXT NOT NULL,
            hints INTEGER NOT NULL DEFAULT 0,
            shown INTEGER NOT NULL DEFAULT 0,
            state_before INTEGER NOT NULL            -- fsrs.State before this review
        )""",
        "CREATE INDEX reviews_item ON reviews (item_id, reviewed_at)",
        "CREATE INDEX reviews_time ON reviews (reviewed_at)",
    ),
    (
        # implicit repetitions (osmose.graph_schedule): rows of their own, marked as such
        "ALTER TABLE reviews ADD COLUMN kind TEXT NOT NULL DEFAULT 'explicit' "
        "CHECK (kind IN ('explicit', 'implicit', 'check'))",
        # explicit | implicit (a fractional repetition credited by a passed dependent skill)
        # | check (due date brought forward after a dependent skill failed)
        "ALTER TABLE reviews ADD COLUMN credit REAL",  # weight of an implicit repetition
        "ALTER TABLE reviews ADD COLUMN cause INTEGER",  # reviews.id of the explicit review
        "ALTER TABLE reviews ADD COLUMN stability_after REAL",  # the item's state after the row
        "ALTER TABLE reviews ADD COLUMN due_after INTEGER",
    ),
)

SCHEMA_VERSION = len(MIGRATIONS)

#: fsrs.State.Learning, the state of an item never reviewed.
LEARNING = 1


def default_path() -> Path:
    import platformdirs

    return Path(platformdirs.user_data_dir("osmose")) / "osmose.db"


def resolve_path(path: str | os.PathLike | None = None) -> Path:
    """``--db`` beats ``OSMOSE_DB`` beats the platform's user data folder."""
    return Path(path or os.environ.get("OSMOSE_DB") or default_path()).expanduser()


@dataclass(frozen=True)
class CardState:
    """The FSRS memory state of one item (mirrors ``fsrs.Card`` without the id)."""

    state: int = LEARNING
    step: int | None = 0
    stability: float | None = None
    difficulty: float | None = None
    due: int = 0
    last_review: int | None = None


@dataclass(frozen=True)
class ItemRow:
    """An item the learner has met: its identity, memory state and counters."""

    id: int
    key: str
    concept: str
    kind: str
    card: CardState
    reps: int
    lapses: int
    introduced_at: int


@dataclass(frozen=True)
class ReviewRow:
    """One answered prompt, as kept in the review log."""

    reviewed_at: int
    verdict: str
    proposed: int
    rating: int
    duration_ms: int
    answer: str
    exercise: str | None = None
    seed: int | None = None
    hints: int = 0
    shown: bool = False
    #: ``explicit`` (the learner answered), ``implicit`` or ``check`` (osmose.graph_schedule)
    kind: str = "explicit"
    #: an implicit repetition's weight (fraction of an explicit Good review)
    credit: float | None = None
    #: the id of the explicit review that caused an implicit or check row
    cause: int | None = None


_ITEM_COLUMNS = ("id, key, concept, kind, state, step, stability, difficulty, due, "
                 "last_review, reps, lapses, introduced_at")


def _item(row) -> ItemRow:
    return ItemRow(row[0], row[1], row[2], row[3], CardState(*row[4:10]), row[10], row[11], row[12])


class Store:
    """An open osmose database. Use ``Store.open(path)``; close it (or use ``with``)."""

    def __init__(self, path: Path, conn: sqlite3.Connection):
        self.path, self.conn = path, conn

    # --- opening ------------------------------------------------------------

    @classmethod
    def open(cls, path: str | os.PathLike | None = None, *, create: bool = True,
             migrations: tuple = MIGRATIONS) -> "Store":
        """Open (and create or migrate) the database; refuse anything not ours.

        With ``create=False`` a missing file raises ``FileNotFoundError`` instead
        of being created (read-only commands do not litter the disk).
        """
        path = resolve_path(path)
        if path.is_dir():
            raise OsmoseError(f"{path}: is a folder, not a database file")
        if not path.exists():
            if not create:
                raise FileNotFoundError(path)
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as err:
                raise OsmoseError(f"{path}: cannot create the folder ({err.strerror})") from None
        try:
            conn = sqlite3.connect(path, isolation_level=None, timeout=5.0)
        except sqlite3.Error as err:
            raise OsmoseError(_explain(path, err)) from None
        store = cls(path, conn)
        try:
            store._prepare(migrations)
        except sqlite3.DatabaseError as err:
            conn.close()
            raise OsmoseError(_explain(path, err)) from None
        except BaseException:
            conn.close()
            raise
        return store

    def _prepare(self, migrations: tuple) -> None:
        c = self.conn
        app_id = c.execute("PRAGMA application_id").fetchone()[0]
        version = c.execute("PRAGMA user_version").fetchone()[0]
        tables = [r[0] for r in c.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "ORDER BY name")]
        if app_id != APP_ID and (tables or version):
            shown = ", ".join(tables[:5]) or "none"
            raise OsmoseError(f"{self.path}: not an osmose database (an SQLite file of another "
                              f"program, tables: {shown}); it was left untouched")
        if version > len(migrations):
            raise OsmoseError(f"{self.path}: written by a newer osmose (schema {version}, this "
                              f"one knows {len(migrations)}); upgrade osmose to open it")
        c.execute("PRAGMA busy_timeout = 5000")
        c.execute("PRAGMA foreign_keys = ON")
        if version < len(migrations):
            if version > 0:
                self._backup(version)
            self._migrate(version, migrations)
        mode = c.execute("PRAGMA journal_mode").fetchone()[0]
        if mode.lower() != "wal":  # switching writes the header: only when needed
            mode = c.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if mode.lower() != "wal":  # e.g. a file system without shared memory
            raise OsmoseError(f"{self.path}: cannot use write-ahead logging here (journal mode {mode})")
        c.execute("PRAGMA synchronous = FULL")

    def _migrate(self, version: int, migrations: tuple) -> None:
        c = self.conn
        c.execute("BEGIN IMMEDIATE")
        try:
            for n in range(version, len(migrations)):
                for statement in migrations[n]:
                    c.execute(statement)
            c.execute(f"PRAGMA application_id = {APP_ID}")
            c.execute(f"PRAGMA user_version = {len(migrations)}")
            c.execute("COMMIT")
        except BaseException:
            c.execute("ROLLBACK")
            raise

    def _backup(self, version: int) -> None:
        """Copy the whole database aside before changing its schema."""
        target = self.path.with_name(f"{self.path.name}.schema{version}.bak")
        dest = sqlite3.connect(target)
        try:
            self.conn.backup(dest)
        finally:
            dest.close()

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # --- writing ------------------------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator["Store"]:
        """One atomic unit of work, committed (durably) when the block ends."""
        with self._guard():
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield self
            except BaseException:
                self.conn.execute("ROLLBACK")
                raise
            self.conn.execute("COMMIT")

    def ensure_item(self, key: str, concept: str, kind: str, now: int) -> ItemRow:
        """The item's row, inserted as a new (learning, due now) card when first met."""
        with self._guard():
            self.conn.execute(
                "INSERT INTO items (key, concept, kind, state, step, due, introduced_at) "
                "VALUES (?, ?, ?, ?, 0, ?, ?) ON CONFLICT (key) DO NOTHING",
                (key, concept, kind, LEARNING, now, now))
            return self.get(key)

    def save_review(self, item: ItemRow, card: CardState, review: ReviewRow) -> int:
        """Store the item's new memory state and append the review to the log; its row id.

        Explicit reviews count in ``reps``/``lapses``; implicit and check rows
        (``review.kind``) change the memory state only.
        """
        explicit = review.kind == "explicit"
        lapse = int(explicit and review.rating == 1 and item.card.state == 2)
        with self._guard():
            self.conn.execute(
                "UPDATE items SET state = ?, step = ?, stability = ?, difficulty = ?, due = ?, "
                "last_review = ?, reps = reps + ?, lapses = lapses + ? WHERE id = ?",
                (card.state, card.step, card.stability, card.difficulty, card.due,
                 card.last_review, int(explicit), lapse, item.id))
            cursor = self.conn.execute(
                "INSERT INTO reviews (item_id, reviewed_at, exercise, seed, verdict, proposed, "
                "rating, duration_ms, answer, hints, shown, state_before, kind, credit, cause, "
                "stability_after, due_after) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (item.id, review.reviewed_at, review.exercise, review.seed, review.verdict,
                 review.proposed, review.rating, review.duration_ms, review.answer,
                 review.hints, int(review.shown), item.card.state, review.kind, review.credit,
                 review.cause, card.stability, card.due))
            return cursor.lastrowid

    # --- reading ------------------------------------------------------------

    def get(self, key: str) -> ItemRow | None:
        with self._guard():
            row = self.conn.execute(f"SELECT {_ITEM_COLUMNS} FROM items WHERE key = ?",
                                    (key,)).fetchone()
        return _item(row) if row else None

    def known_keys(self) -> set[str]:
        with self._guard():
            return {r[0] for r in self.conn.execute("SELECT key FROM items")}

    def rows(self, keys: Iterable[str]) -> dict[str, ItemRow]:
        """The rows of those of ``keys`` the learner has met."""
        keys, out = list(keys), {}
        with self._guard():
            for start in range(0, len(keys), 500):
                chunk = keys[start:start + 500]
                for r in self.conn.execute(f"SELECT {_ITEM_COLUMNS} FROM items WHERE key IN "
                                           f"({', '.join('?' * len(chunk))})", chunk):
                    out[r[1]] = _item(r)
        return out

    def last_credit(self, keys: Iterable[str]) -> dict[str, int]:
        """Item key → time of its latest implicit repetition, for those of ``keys`` that had one."""
        return self._max_per_key(keys, "reviewed_at", "implicit")

    def best_ratings(self, keys: Iterable[str]) -> dict[str, int]:
        """Item key → its best explicit rating so far, for those of ``keys`` ever answered."""
        return self._max_per_key(keys, "rating", "explicit")

    def _max_per_key(self, keys: Iterable[str], column: str, kind: str) -> dict[str, int]:
        """Item key → max(``column``) over its review rows of ``kind``, for keys that have one
        (queried 500 keys at a time: SQLite's limit on bound parameters)."""
        keys, out = list(keys), {}
        with self._guard():
            for start in range(0, len(keys), 500):
                chunk = keys[start:start + 500]
                out.update(self.conn.execute(
                    f"SELECT i.key, (SELECT max(r.{column}) FROM reviews r WHERE r.item_id = i.id "
                    "AND r.kind = ?) AS top FROM items i WHERE top IS NOT NULL AND "
                    f"i.key IN ({', '.join('?' * len(chunk))})", [kind, *chunk]))
        return out

    def due_items(self, until: int, concepts: Iterable[str] | None = None,
                  after: int | None = None) -> Iterator[ItemRow]:
        """Items due by ``until`` (and after ``after``), earliest first, read lazily."""
        sql = f"SELECT {_ITEM_COLUMNS} FROM items WHERE due <= ?"
        args: list = [until]
        if after is not None:
            sql += " AND due > ?"
            args.append(after)
        if concepts is not None:
            concepts = list(concepts)
            sql += f" AND concept IN ({', '.join('?' * len(concepts))})"
            args += concepts
        with self._guard():
            cursor = self.conn.execute(sql + " ORDER BY due, id", args)
            while True:
                rows = cursor.fetchmany(64)
                if not rows:
                    return
                yield from map(_item, rows)

    def count_due(self, until: int, since: int | None = None) -> int:
        """How many items fall due in ``(since, until]`` (all up to ``until`` without ``since``)."""
        with self._guard():
            if since is None:
                sql, args = "SELECT count(*) FROM items WHERE due <= ?", (until,)
            else:
                sql, args = "SELECT count(*) FROM items WHERE due > ? AND due <= ?", (since, until)
            return self.conn.execute(sql, args).fetchone()[0]

    def next_due(self, after: int) -> int | None:
        """The first due time strictly after ``after``, if any."""
        with self._guard():
            return self.conn.execute("SELECT min(due) FROM items WHERE due > ?",
                                     (after,)).fetchone()[0]

    def first_due(self, now: int, limit: int) -> list[ItemRow]:
        with self._guard():
            rows = self.conn.execute(f"SELECT {_ITEM_COLUMNS} FROM items WHERE due <= ? "
                                     "ORDER BY due, id LIMIT ?", (now, limit)).fetchall()
        return [_item(r) for r in rows]

    def item_count(self) -> int:
        with self._guard():
            return self.conn.execute("SELECT count(*) FROM items").fetchone()[0]

    def recent_durations(self, item_id: int, limit: int = 10) -> list[int]:
        """Durations of the item's latest successful reviews (for a personal pace)."""
        with self._guard():
            return [r[0] for r in self.conn.execute(
                "SELECT duration_ms FROM reviews WHERE item_id = ? AND rating > 1 "
                "AND kind = 'explicit' "
                "AND hints = 0 AND shown = 0 ORDER BY reviewed_at DESC LIMIT ?",
                (item_id, limit))]

    def reviews(self, key: str | None = None, *, implicit: bool = False) -> list[tuple[str, ReviewRow]]:
        """The review log, oldest first, as (item key, review) pairs.

        Only the learner's own answers, unless ``implicit`` adds the implicit
        and check rows of the graph-aware scheduler.
        """
        sql = ("SELECT i.key, r.reviewed_at, r.verdict, r.proposed, r.rating, r.duration_ms, "
               "r.answer, r.exercise, r.seed, r.hints, r.shown, r.kind, r.credit, r.cause "
               "FROM reviews r JOIN items i ON i.id = r.item_id WHERE 1")
        args: tuple = ()
        if key is not None:
            sql, args = sql + " AND i.key = ?", (key,)
        if not implicit:
            sql += " AND r.kind = 'explicit'"
        with self._guard():
            rows = self.conn.execute(sql + " ORDER BY r.reviewed_at, r.id", args).fetchall()
        return [(r[0], ReviewRow(r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9], bool(r[10]),
                                 r[11], r[12], r[13]))
                for r in rows]

    def review_count(self) -> int:
        """How many times the learner answered (implicit rows are not counted)."""
        with self._guard():
            return self.conn.execute(
                "SELECT count(*) FROM reviews WHERE kind = 'explicit'").fetchone()[0]

    def reviews_per_day(self, since: int) -> list[tuple[str, int, int]]:
        """(local date YYYY-MM-DD, reviews, of which rated again) per day since ``since``."""
        with self._guard():
            return self.conn.execute(
                "SELECT date(reviewed_at / 1000, 'unixepoch', 'localtime') AS day, count(*), "
                "sum(rating = 1) FROM reviews WHERE reviewed_at >= ? AND kind = 'explicit' "
                "GROUP BY day ORDER BY day",
                (since,)).fetchall()

    def recall_counts(self, since: int) -> tuple[int, int]:
        """(recalled, total) over reviews of items already in review state since ``since``.

        This is FSRS's "true retention": first sightings and learning steps are
        not memory tests, so they are left out.
        """
        with self._guard():
            total, recalled = self.conn.execute(
                "SELECT count(*), coalesce(sum(rating > 1), 0) FROM reviews "
                "WHERE reviewed_at >= ? AND state_before = 2 AND kind = 'explicit'",
                (since,)).fetchone()
        return recalled, total

    def memory(self) -> Iterator[tuple[str, str, str, float | None, int | None]]:
        """(key, concept, kind, stability, last_review) of every item, for mastery estimates."""
        with self._guard():
            yield from self.conn.execute(
                "SELECT key, concept, kind, stability, last_review FROM items ORDER BY concept, key")

    def integrity(self) -> str:
        """``PRAGMA integrity_check``: "ok" or SQLite's description of the damage."""
        with self._guard():
            rows = self.conn.execute("PRAGMA integrity_check").fetchall()
        return "\n".join(r[0] for r in rows)

    def quick_check(self) -> None:
        """Refuse to write into a damaged file (cheap: no index cross-checks)."""
        with self._guard():
            rows = self.conn.execute("PRAGMA quick_check(1)").fetchall()
        if rows[0][0] != "ok":
            raise OsmoseError(f"{self.path}: the database is damaged ({_one_line(rows[0][0])}); it was left "
                              "untouched — restore a backup or try 'sqlite3 FILE .recover'")

    @contextmanager
    def _guard(self) -> Iterator[None]:
        """Turn SQLite's environmental failures into one clear line."""
        try:
            yield
        except (sqlite3.IntegrityError, sqlite3.ProgrammingError, sqlite3.InterfaceError):
            raise  # a bug in osmose, not something the user did
        except sqlite3.DatabaseError as err:
            raise OsmoseError(_explain(self.path, err)) from None


def _one_line(text: str, width: int = 120) -> str:
    text = "; ".join(p.strip() for p in text.splitlines() if p.strip() and not p.startswith("***"))
    return text if len(text) <= width else text[:width - 1] + "…"


def _explain(path: Path, err: sqlite3.Error) -> str:
    text = _one_line(str(err))
    low = text.lower()
    if "file is not a database" in low:
        return f"{path}: not an osmose database (not an SQLite file at all); it was left untouched"
    if "malformed" in low or "corrupt" in low:
        return (f"{path}: the database is damaged ({text}); it was left untouched — restore "
                "a backup or try 'sqlite3 FILE .recover'")
    if "locked" in low or "busy" in low:
        return f"{path}: in use by another osmose session (database is locked); try again"
    if "readonly" in low or "read-only" in low:
        return f"{path}: cannot write to the database (read-only file or folder)"
    if "unable to open" in low:
        return f"{path}: cannot open the database file (check the path and permissions)"
    return f"{path}: database error: {text}"
