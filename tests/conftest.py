"""Shared fixtures: the built-in knowledge base, its families, temp knowledge bases, the CLI."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
OSMOSE = [sys.executable, "-m", "cli"]


@pytest.fixture(scope="session")
def builtin_kb():
    from osmose.kb import KnowledgeBase
    return KnowledgeBase.load(ROOT)


@pytest.fixture(scope="session")
def families(builtin_kb):
    return builtin_kb.families


def family(name: str):
    """The built-in family ``name`` (for generator tests)."""
    from osmose.kb import load_families
    found, errors = load_families(ROOT / "generators")
    assert not [e for e in errors if Path(e.path).stem == name], errors
    return found[name]


def write_kb(root: Path, files: dict[str, str]) -> Path:
    """A knowledge base in ``root`` from {relative path: text}; always has concepts/."""
    (root / "concepts").mkdir(parents=True, exist_ok=True)
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return root


def run_osmose(*args, env=None, cwd=None, input=None, timeout=300) -> subprocess.CompletedProcess:
    """Run the real CLI in a subprocess, as a user would."""
    full_env = {**os.environ, **(env or {})}
    full_env.setdefault("PYTHONPATH", str(ROOT))
    return subprocess.run(OSMOSE + [str(a) for a in args], capture_output=True, text=True,
                          env=full_env, cwd=cwd or ROOT, input=input, timeout=timeout)
