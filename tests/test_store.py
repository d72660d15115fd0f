"""The review database: WAL, stable card ids, one transaction per review, refusing foreign or damaged files."""

from __future__ import annotations

import sqlite3

import pytest

from osmose.errors import OsmoseError
from osmose.store import APP_ID, MIGRATIONS, SCHEMA_VERSION, CardState, ReviewRow, Store, resolve_path

T0 = 1_700_000_000_000  # a fixed moment (ms)


def review(at: int, rating: int = 3, **kw) -> ReviewRow:
    base = dict(reviewed_at=at, verdict="correct", proposed=rating, rating=rating,
                duration_ms=4200, answer="2*x")
    return ReviewRow(**{**base, **kw})


def record(store: Store, key: str, at: int, due: int, rating: int = 3, concept: str = "c",
           kind: str = "fact", **kw) -> None:
    with store.transaction():
        row = store.ensure_item(key, concept, kind, at)
        store.save_review(row, CardState(state=2, step=None, stability=3.0, difficulty=5.0,
                                         due=due, last_review=at), review(at, rating, **kw))


def test_new_database_uses_wal_and_is_marked_as_osmose(tmp_path):
    path = tmp_path / "sub" / "osmose.db"
    with Store.open(path):
        pass
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA application_id").fetchone()[0] == APP_ID
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_db_path_precedence(tmp_path, monkeypatch):
    monkeypatch.setenv("OSMOSE_DB", str(tmp_path / "env.db"))
    assert resolve_path(tmp_path / "flag.db") == tmp_path / "flag.db"
    assert resolve_path() == tmp_path / "env.db"
    monkeypatch.delenv("OSMOSE_DB")
    assert resolve_path().name == "osmose.db" and "osmose" in str(resolve_path().parent)


def test_item_keys_keep_their_card_id_across_sessions(tmp_path):
    path = tmp_path / "q.db"
    with Store.open(path) as store, store.transaction():
        a = store.ensure_item("fact:a:definition", "a", "fact", T0)
        b = store.ensure_item("skill:a:fam:", "a", "skill", T0)
        assert store.ensure_item("fact:a:definition", "a", "fact", T0 + 5).id == a.id
    assert a.id != b.id
    assert a.card == CardState(state=1, step=0, stability=None, difficulty=None, due=T0,
                               last_review=None)
    with Store.open(path) as store:
        assert store.get("fact:a:definition").id == a.id
        assert store.get("skill:a:fam:").id == b.id
        assert store.get("fact:a:missing") is None


def test_review_log_keeps_every_field(tmp_path):
    with Store.open(tmp_path / "q.db") as store:
        record(store, "skill:c:fam:", T0, T0 + 86_400_000, rating=1, kind="skill",
               verdict="wrong", proposed=1, answer="x^2  (typed)", exercise="fam:v1::42",
               seed=42, hints=2, shown=True)
        record(store, "skill:c:fam:", T0 + 1000, T0 + 2 * 86_400_000, rating=4, kind="skill")
        log = store.reviews("skill:c:fam:")
        assert [r.rating for _, r in log] == [1, 4]
        first = log[0][1]
        assert first == ReviewRow(T0, "wrong", 1, 1, 4200, "x^2  (typed)", "fam:v1::42", 42, 2, True)
        row = store.get("skill:c:fam:")
        assert row.reps == 2 and row.card.due == T0 + 2 * 86_400_000
        assert store.review_count() == 2


def test_a_failed_transaction_leaves_nothing_behind(tmp_path):
    with Store.open(tmp_path / "q.db") as store:
        with pytest.raises(RuntimeError):
            with store.transaction():
                row = store.ensure_item("fact:c:definition", "c", "fact", T0)
                store.save_review(row, CardState(due=T0 + 1), review(T0))
                raise RuntimeError("killed before commit")
        assert store.get("fact:c:definition") is None
        assert store.review_count() == 0


def test_due_queries_use_due_time_order_and_concept_filter(tmp_path):
    with Store.open(tmp_path / "q.db") as store:
        record(store, "fact:a:1", T0, due=T0 + 30, concept="a")
        record(store, "fact:b:1", T0, due=T0 + 10, concept="b")
        record(store, "fact:a:2", T0, due=T0 + 20, concept="a")
        record(store, "fact:a:3", T0, due=T0 + 10_000, concept="a")
        assert [r.key for r in store.due_items(T0 + 100)] == ["fact:b:1", "fact:a:2", "fact:a:1"]
        assert [r.key for r in store.due_items(T0 + 100, ["a"])] == ["fact:a:2", "fact:a:1"]
        assert [r.key for r in store.due_items(T0 + 10**6, after=T0 + 25)] == ["fact:a:1", "fact:a:3"]
        assert store.count_due(T0 + 100) == 3
        assert store.count_due(T0 + 10_000, since=T0 + 15) == 3
        assert store.next_due(T0 + 100) == T0 + 10_000
        assert [r.key for r in store.first_due(T0 + 100, 2)] == ["fact:b:1", "fact:a:2"]


def test_missing_file_is_not_created_by_read_only_commands(tmp_path):
    with pytest.raises(FileNotFoundError):
        Store.open(tmp_path / "none.db", create=False)
    assert not (tmp_path / "none.db").exists()


def _refused(path, needle: str) -> None:
    before = path.read_bytes()
    with pytest.raises(OsmoseError) as err:
        Store.open(path)
    message = str(err.value)
    assert "\n" not in message and str(path) in message and needle in message
    assert path.read_bytes() == before, "a refused file must be left untouched"


def test_a_text_file_is_refused_untouched(tmp_path):
    path = tmp_path / "notes.db"
    path.write_text("my thesis notes, do not lose\n" * 200)
    _refused(path, "not an osmose database")


def test_another_programs_database_is_refused_untouched(tmp_path):
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE recipes (name TEXT)")
    conn.execute("INSERT INTO recipes VALUES ('bread')")
    conn.commit()
    conn.close()
    _refused(path, "another program")


def test_a_newer_schema_is_refused(tmp_path):
    path = tmp_path / "q.db"
    with Store.open(path):
        pass
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    _refused(path, "newer osmose")


def test_a_damaged_database_is_reported_in_one_line(tmp_path):
    path = tmp_path / "q.db"
    with Store.open(path) as store:
        for k in range(300):
            record(store, f"fact:c:{k}", T0 + k, due=T0 + k, answer="x" * 200)
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # everything into the main file
    conn.close()
    data = bytearray(path.read_bytes())
    page = 4096
    for offset in range(2 * page, len(data), page):  # scribble over every page but the first two
        data[offset:offset + 64] = b"\xa5" * 64
    path.write_bytes(bytes(data))
    before = path.read_bytes()
    with pytest.raises(OsmoseError) as err:
        with Store.open(path) as store:
            store.quick_check()
            list(store.due_items(T0 + 10**9))
    assert "\n" not in str(err.value)
    assert "damaged" in str(err.value) or "not an osmose database" in str(err.value)
    assert path.read_bytes() == before


def test_a_folder_is_refused(tmp_path):
    with pytest.raises(OsmoseError, match="is a folder"):
        Store.open(tmp_path)


def test_migrations_run_in_order_keep_data_and_back_up_first(tmp_path):
    path = tmp_path / "q.db"
    with Store.open(path) as store:
        record(store, "fact:c:definition", T0, due=T0 + 99)
    extra = (("ALTER TABLE items ADD COLUMN note TEXT", "UPDATE items SET note = 'migrated'"),)
    with Store.open(path, migrations=MIGRATIONS + extra) as store:
        assert store.get("fact:c:definition").card.due == T0 + 99
        assert store.conn.execute("SELECT note FROM items").fetchone()[0] == "migrated"
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION + 1
    backup = tmp_path / f"q.db.schema{SCHEMA_VERSION}.bak"
    conn = sqlite3.connect(backup)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert conn.execute("SELECT key FROM items").fetchall() == [("fact:c:definition",)]


def test_a_failing_migration_changes_nothing(tmp_path):
    path = tmp_path / "q.db"
    with Store.open(path) as store:
        record(store, "fact:c:definition", T0, due=T0 + 99)
    broken = (("ALTER TABLE items ADD COLUMN note TEXT", "THIS IS NOT SQL"),)
    with pytest.raises(OsmoseError):
        Store.open(path, migrations=MIGRATIONS + broken)
    with Store.open(path) as store:
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        columns = [r[1] for r in store.conn.execute("PRAGMA table_info(items)")]
        assert "note" not in columns
        assert store.get("fact:c:definition").card.due == T0 + 99


def test_statistics_queries(tmp_path):
    with Store.open(tmp_path / "q.db") as store:
        record(store, "fact:c:1", T0, due=T0 + 5, rating=3)
        record(store, "fact:c:1", T0 + 10, due=T0 + 50, rating=1)  # state before: review (2)
        record(store, "fact:c:2", T0 + 20, due=T0 + 50, rating=3)
        # first reviews are from the learning state (1) and are not memory tests
        assert store.recall_counts(T0) == (0, 1)
        days = store.reviews_per_day(T0 - 86_400_000)
        assert sum(n for _, n, _ in days) == 3 and sum(a for _, _, a in days) == 1
        assert sorted(store.memory()) == [("fact:c:1", "c", "fact", 3.0, T0 + 10),
                                          ("fact:c:2", "c", "fact", 3.0, T0 + 20)]
        assert store.integrity() == "ok"


def test_a_schema_1_database_gains_the_implicit_review_columns(tmp_path):
    """A database written before implicit credit existed: its history is kept and read as explicit."""
    path = tmp_path / "q.db"
    with Store.open(path, migrations=MIGRATIONS[:1]) as store:
        with store.transaction():
            row = store.ensure_item("skill:c:fam:", "c", "skill", T0)
            store.conn.execute(
                "INSERT INTO reviews (item_id, reviewed_at, verdict, proposed, rating, duration_ms, "
                "answer, state_before) VALUES (?, ?, 'correct', 3, 3, 900, '2*x', 1)", (row.id, T0))
    with Store.open(path) as store:
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        (key, old), = store.reviews(implicit=True)
        assert key == "skill:c:fam:" and old.kind == "explicit" and old.rating == 3
        assert store.review_count() == 1
    assert (tmp_path / "q.db.schema1.bak").exists()


def test_implicit_rows_are_logged_apart_and_never_count_as_answers(tmp_path):
    with Store.open(tmp_path / "q.db") as store:
        record(store, "skill:c:fam:", T0, due=T0 + 5, rating=3, kind="skill")
        with store.transaction():
            row = store.get("skill:c:fam:")
            cause = store.save_review(row, CardState(state=2, step=None, stability=3.0, difficulty=5.0,
                                                     due=T0 + 9, last_review=T0),
                                      review(T0 + 1, 3, verdict="correct"))
            prereq = store.ensure_item("skill:b:fam:", "b", "skill", T0)
            store.save_review(prereq, CardState(state=2, step=None, stability=7.5, difficulty=5.0,
                                                due=T0 + 99, last_review=T0),
                              review(T0 + 1, 3, verdict="implicit", kind="implicit", credit=0.5,
                                     cause=cause, duration_ms=0, answer=""))
        assert store.review_count() == 2
        assert [k for k, _ in store.reviews()] == ["skill:c:fam:", "skill:c:fam:"]
        (key, imp), = [(k, r) for k, r in store.reviews(implicit=True) if r.kind != "explicit"]
        assert (key, imp.credit, imp.cause) == ("skill:b:fam:", 0.5, cause)
        assert store.get("skill:b:fam:").reps == 0  # an implicit repetition is not an answer
        assert store.get("skill:b:fam:").card.stability == 7.5
        assert sum(n for _, n, _ in store.reviews_per_day(T0 - 86_400_000)) == 2
        assert store.best_ratings(["skill:b:fam:", "skill:c:fam:", "x"]) == {"skill:c:fam:": 3}
        assert store.conn.execute("SELECT stability_after, due_after FROM reviews WHERE kind = "
                                  "'implicit'").fetchone() == (7.5, T0 + 99)
