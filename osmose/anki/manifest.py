"""What was exported last time: keys, content hashes and modification times.

Anki (importing with "update if newer") replaces a note only when the incoming
note is newer. So a note's modification time is derived from its content: an
unchanged note keeps the time recorded at its last export (re-import: nothing
updated); a changed or new note gets the modification time of the files it
comes from, and always more than its previous time (re-import: updated in
place). The manifest lives next to the ``.apkg`` and also tells which keys
disappeared since the last export, so the user can delete them in Anki.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path

FORMAT = 1


def manifest_path(apkg: Path) -> Path:
    return apkg.with_name(apkg.stem + ".manifest.json")


@dataclass
class Manifest:
    notes: dict[str, dict] = field(default_factory=dict)       # key → {hash, mod, kind}
    note_types: dict[str, dict] = field(default_factory=dict)  # kind → {hash, mod}

    @classmethod
    def read(cls, path: Path) -> "Manifest":
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cls()
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            return cls()
        return cls(dict(data.get("notes", {})), dict(data.get("note_types", {})))

    def write(self, path: Path, recipe: str, deck: str) -> None:
        data = {"format": FORMAT, "recipe": recipe, "deck": deck,
                "note_types": dict(sorted(self.note_types.items())),
                "notes": dict(sorted(self.notes.items()))}
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        os.replace(tmp, path)


class Clock:
    """Modification times of source files, in whole seconds, each read once."""

    def __init__(self):
        self._seen: dict[str, int] = {}

    def of(self, paths) -> int:
        best = 0
        for p in paths:
            if p not in self._seen:
                try:
                    self._seen[p] = int(os.stat(p).st_mtime)
                except OSError:
                    self._seen[p] = 0
            best = max(best, self._seen[p])
        return best


def next_mod(previous: dict | None, content_hash: str, source_time: int) -> tuple[int, bool]:
    """(modification time, changed?) for one note or note type."""
    if previous and previous.get("hash") == content_hash:
        return int(previous["mod"]), False
    floor = int(previous["mod"]) + 1 if previous else 1
    return max(floor, source_time), True
