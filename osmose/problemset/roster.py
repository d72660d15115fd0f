"""The class roster: a CSV with an ``id`` column (and optionally ``name``).

Student ids name folders and submission files, so they are checked to be safe
file names on every system: letters (any script), digits and ``._-``; not one
of the names osmose writes beside the students (``keys``, ``manifest.json`` …);
and no two ids equal up to case (``alice`` and ``Alice`` are one folder on
macOS and Windows). Ids are read in Unicode NFC, as they are typed. Comma,
semicolon and tab separated files are all read. Every problem is one line
naming the file and the row.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from osmose.errors import OsmoseError

#: ids become folder and file names: keep them portable (letters of any script are fine)
SAFE_ID = re.compile(r"^[^\W_][\w.-]{0,63}$")
#: names osmose itself writes in a set folder: a student with one of these ids would
#: be written over them (``keys`` would get their problems in the answer-key folder)
RESERVED = ("keys", "reports", "manifest.json", "manifest.json.tmp", "gradebook.csv",
            "problems.md", "problems.tex", "problems.pdf")
#: a roster of 100,000 students is a few megabytes
MAX_BYTES = 20_000_000
#: Windows device names, refused as folder names there
_DEVICES = re.compile(r"^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$", re.I)


def safe_id(sid: str) -> bool:
    """Whether ``sid`` may name a student's folder and files (see the module docstring)."""
    return bool(SAFE_ID.match(sid)) and sid.casefold() not in RESERVED \
        and not _DEVICES.match(sid) and not sid.endswith(".")


@dataclass(frozen=True)
class Student:
    id: str
    name: str = ""

    @property
    def label(self) -> str:
        return f"{self.name} ({self.id})" if self.name else self.id


def load_roster(path: str | Path) -> list[Student]:
    """Students in file order; raises ``OsmoseError`` with ``path:line`` on any problem."""
    path = Path(path)
    try:
        with open(path, "rb") as fh:
            raw = fh.read(MAX_BYTES + 1)
        if len(raw) > MAX_BYTES:
            raise OsmoseError(f"{path}: the roster is larger than {MAX_BYTES:,} bytes; not read")
        text = raw.decode("utf-8-sig")
    except FileNotFoundError:
        raise OsmoseError(f"{path}: no such roster file") from None
    except IsADirectoryError:
        raise OsmoseError(f"{path}: is a folder, not a roster CSV file") from None
    except (OSError, UnicodeDecodeError) as err:
        raise OsmoseError(f"{path}: cannot read roster: {err}") from None
    lines = text.splitlines()
    rows = csv.reader(lines, delimiter=_delimiter(lines[0] if lines else ""))
    try:
        header = next(rows)
    except StopIteration:
        raise OsmoseError(f"{path}: the roster is empty (expected a header with an 'id' column)") from None
    columns = [h.strip().lower() for h in header]
    if "id" not in columns:
        raise OsmoseError(f"{path}:1: no 'id' column in the header "
                          f"(found: {', '.join(repr(h) for h in header) or 'nothing'})")
    id_col = columns.index("id")
    name_col = columns.index("name") if "name" in columns else None
    students: list[Student] = []
    first_line: dict[str, tuple[int, str]] = {}  # casefolded id -> (line, id)
    for line, row in enumerate(rows, start=2):
        if not any(cell.strip() for cell in row):
            continue
        sid = unicodedata.normalize("NFC", row[id_col].strip()) if id_col < len(row) else ""
        if not sid:
            raise OsmoseError(f"{path}:{line}: empty student id")
        if sid.casefold() in RESERVED:
            raise OsmoseError(f"{path}:{line}: student id {sid!r} is a name osmose uses in the "
                              f"set folder ({', '.join(RESERVED[:5])} …); rename the student")
        if not safe_id(sid):
            raise OsmoseError(f"{path}:{line}: student id {sid!r} must be letters, digits and ._- "
                              "(it names a folder and a submission file)")
        folded = sid.casefold()
        if folded in first_line:
            first, other = first_line[folded]
            if other == sid:
                raise OsmoseError(f"{path}:{line}: duplicate student id {sid!r} (first on line {first})")
            raise OsmoseError(f"{path}:{line}: student id {sid!r} differs from {other!r} (line "
                              f"{first}) only in case: one folder on macOS and Windows")
        first_line[folded] = (line, sid)
        name = row[name_col].strip() if name_col is not None and name_col < len(row) else ""
        students.append(Student(sid, name))
    if not students:
        raise OsmoseError(f"{path}: the roster has a header but no students")
    return students


def _delimiter(header: str) -> str:
    """The separator of the header line: a comma, or a semicolon or tab when those split it."""
    counts = {sep: header.count(sep) for sep in (",", ";", "\t")}
    best = max(counts, key=lambda sep: (counts[sep], sep == ","))
    return best if counts[best] else ","
