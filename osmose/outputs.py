"""Check an output path before the work that fills it, so a bad ``-o`` fails in one line, early."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from osmose.errors import OsmoseError


def writable_file(path: Path) -> Path:
    """Make ``path``'s folder exist and prove a file can be created there; else one clear line.

    Refuses a path that is a folder, a path under a file (``a-file/x.apkg``) and
    a folder that cannot be written (``/proc``, read-only media, no permission).
    """
    path = Path(path)
    if path.is_dir():
        raise OsmoseError(f"cannot write {path}: it is a folder")
    folder = path.parent
    for parent in (folder, *folder.parents):
        if parent.exists():
            if not parent.is_dir():
                raise OsmoseError(f"cannot write {path}: {parent} is a file, not a folder")
            break
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, probe = tempfile.mkstemp(prefix=".osmose-probe-", dir=folder)
        os.close(fd)
        os.remove(probe)
    except OSError as err:
        raise OsmoseError(f"cannot write {path}: {err.strerror or err}") from None
    return path
