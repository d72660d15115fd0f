"""Typeset ``problems.tex`` to PDF with whichever LaTeX engine is installed.

Engines are tried in order: latexmk, pdflatex, tectonic. With none installed
the PDF is skipped and the caller says why; a document that fails to typeset
is reported with the first error line of its log, never a traceback.
``SOURCE_DATE_EPOCH`` is fixed so the same document gives the same PDF.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ENGINES = ("latexmk", "pdflatex", "tectonic")
TIMEOUT = 180
AUX = (".aux", ".log", ".fls", ".fdb_latexmk", ".out")


def find_engine() -> str | None:
    for name in ENGINES:
        if shutil.which(name):
            return name
    return None


def skipped_note() -> str:
    return ("PDF skipped: no LaTeX engine found (install latexmk, pdflatex or tectonic, "
            "e.g. 'apt-get install texlive-latex-recommended'); problems.tex is ready to typeset")


def _command(engine: str, tex: Path) -> list[str]:
    if engine == "latexmk":
        return ["latexmk", "-pdf", "-interaction=nonstopmode", "-halt-on-error", "-quiet", tex.name]
    if engine == "pdflatex":
        return ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", tex.name]
    return ["tectonic", "--keep-logs", tex.name]


def typeset(tex: Path, engine: str) -> str | None:
    """Make ``tex``'s PDF beside it; ``None`` on success, else a one-line reason."""
    env = dict(os.environ, SOURCE_DATE_EPOCH="0", FORCE_SOURCE_DATE="1")
    runs = 2 if engine == "pdflatex" else 1
    try:
        for _ in range(runs):
            proc = subprocess.run(_command(engine, tex), cwd=tex.parent, env=env,
                                  stdin=subprocess.DEVNULL, capture_output=True, text=True,
                                  errors="replace", timeout=TIMEOUT)
            if proc.returncode != 0:
                return f"{tex}: {engine} failed: {_first_error(tex, proc.stdout + proc.stderr)}"
    except subprocess.TimeoutExpired:
        return f"{tex}: {engine} took longer than {TIMEOUT} s"
    except OSError as err:
        return f"{tex}: cannot run {engine}: {err}"
    for ext in AUX:
        tex.with_suffix(ext).unlink(missing_ok=True)
    return None


def _first_error(tex: Path, output: str) -> str:
    log = tex.with_suffix(".log")
    text = log.read_text(errors="replace") if log.is_file() else output
    for line in text.splitlines():
        if line.startswith("!") or line.startswith("error:"):
            return line.lstrip("! ").strip() + f" (see {log.name})"
    tail = [line for line in output.splitlines() if line.strip()]
    return tail[-1].strip() if tail else "no output"


def typeset_all(files: list[Path], engine: str, workers: int = 2, progress=None) -> list[str]:
    """Typeset every file (``workers`` at a time); the failures' reasons."""
    failures: list[str] = []
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        for done, reason in enumerate(pool.map(lambda f: typeset(f, engine), files), 1):
            if reason:
                failures.append(reason)
            if progress:
                progress("pdf", done, len(files))
    return failures
