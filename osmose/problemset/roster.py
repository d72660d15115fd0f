"""The class roster: a CSV with an ``id`` column (and optionally ``name``).

Student ids name folders and submission files, so they are checked to be safe
file names; every problem is one line naming the file and the row.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

from osmose.errors import OsmoseError

#: ids become folder and file names: keep them portable
SAFE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")


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
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise OsmoseError(f"{path}: no such roster file") from None
    except IsADirectoryError:
        raise OsmoseError(f"{path}: is a folder, not a roster CSV file") from None
    except (OSError, UnicodeDecodeError) as err:
        raise OsmoseError(f"{path}: cannot read roster: {err}") from None
    rows = csv.reader(text.splitlines())
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
    first_line: dict[str, int] = {}
    for line, row in enumerate(rows, start=2):
        if not any(cell.strip() for cell in row):
            continue
        sid = row[id_col].strip() if id_col < len(row) else ""
        if not sid:
            raise OsmoseError(f"{path}:{line}: empty student id")
        if not SAFE_ID.match(sid):
            raise OsmoseError(f"{path}:{line}: student id {sid!r} must be letters, digits and ._- "
                              "(it names a folder and a submission file)")
        if sid in first_line:
            raise OsmoseError(f"{path}:{line}: duplicate student id {sid!r} "
                              f"(first on line {first_line[sid]})")
        first_line[sid] = line
        name = row[name_col].strip() if name_col is not None and name_col < len(row) else ""
        students.append(Student(sid, name))
    if not students:
        raise OsmoseError(f"{path}: the roster has a header but no students")
    return students
