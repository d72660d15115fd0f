"""Write an ``.apkg`` whose bytes depend only on its content.

genanki stamps notes, cards, note types and the zip with the clock; here every
note carries its own content-derived modification time, the package timestamp
(which seeds note and card ids inside the file) is the newest of them, and the
zip entries get a fixed date. Same content → byte-identical file.
"""

from __future__ import annotations

import itertools
import json
import os
import sqlite3
import tempfile
import zipfile
from pathlib import Path

import genanki

ZIP_DATE = (2020, 1, 1, 0, 0, 0)


class TimedNote(genanki.Note):
    """A genanki note whose ``mod`` is given instead of taken from the package clock."""

    def __init__(self, *args, mod: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.mod = mod

    def write_to_db(self, cursor, timestamp, deck_id, id_gen):
        super().write_to_db(cursor, self.mod, deck_id, id_gen)


class FixedDeck(genanki.Deck):
    def to_json(self):
        out = super().to_json()
        out["mod"] = 0
        return out


def write_package(decks: list[genanki.Deck], path: Path, timestamp: int) -> None:
    """Write ``decks`` to ``path`` atomically and deterministically."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, dbname = tempfile.mkstemp(suffix=".anki2", dir=path.parent)
    os.close(fd)
    tmp = path.with_name(path.name + ".tmp")
    try:
        conn = sqlite3.connect(dbname)
        cursor = conn.cursor()
        cursor.execute("PRAGMA journal_mode = MEMORY")
        genanki.Package(decks).write_to_db(cursor, timestamp, itertools.count(int(timestamp) * 1000))
        conn.commit()
        conn.close()
        with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as z:
            info = zipfile.ZipInfo("collection.anki2", date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            with open(dbname, "rb") as db, z.open(info, "w") as out:
                while chunk := db.read(1 << 20):
                    out.write(chunk)
            media = zipfile.ZipInfo("media", date_time=ZIP_DATE)
            z.writestr(media, json.dumps({}))
        os.replace(tmp, path)
    finally:
        for leftover in (dbname, tmp):
            if os.path.exists(leftover):
                os.remove(leftover)
