"""Export workers end with their parent, and Ctrl-C stops an export at once (issue 16, item 8).

Real processes and real signals: the export runs in its own session, as from a terminal;
SIGINT goes to the whole process group, as Ctrl-C does."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

from conftest import OSMOSE, ROOT, write_kb
from test_check_command import CONCEPT, GENERATOR

pytestmark = pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs Linux /proc")


def slow_kb(root: Path) -> Path:
    body = "import time; time.sleep(1.0)\n    answer = sp.Integer(n + 1)"
    return write_kb(root, {
        "generators/slow.py": GENERATOR.format(name="slow", body=body),
        "concepts/arithmetic/adding.yaml": CONCEPT.format(name="slow"),
        "decks/d.yaml": "deck: D\nvariants: 40\nconcepts: {ids: [adding]}\n",
    })


def children(pid: int) -> set[int]:
    found = set()
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found |= {int(c) for c in (task / "children").read_text().split()}
        except OSError:
            pass
    return found


def alive(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    return "\nState:\tZ" not in status and "\nState:\tX" not in status


def start_export(tmp_path: Path) -> tuple[subprocess.Popen, set[int]]:
    kb = slow_kb(tmp_path / "kb")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(OSMOSE + ["export", "d", "-o", str(tmp_path / "d.apkg"), "--kb", str(kb),
                                      "-j", "2"], cwd=tmp_path, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, start_new_session=True)
    deadline = time.monotonic() + 60
    workers: set[int] = set()
    while time.monotonic() < deadline and len(workers) < 2 and proc.poll() is None:
        workers = children(proc.pid)
        time.sleep(0.05)
    assert len(workers) == 2, proc.communicate()
    time.sleep(0.5)  # the workers are inside generate() now
    return proc, workers


def wait_gone(pids: set[int], seconds: float) -> set[int]:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and any(alive(p) for p in pids):
        time.sleep(0.05)
    return {p for p in pids if alive(p)}


def test_workers_end_when_the_export_is_killed(tmp_path):
    proc, workers = start_export(tmp_path)
    try:
        proc.kill()
        proc.wait(timeout=10)
        assert wait_gone(workers, 5) == set()
    finally:
        for pid in workers:
            if alive(pid):
                os.kill(pid, signal.SIGKILL)


def test_ctrl_c_stops_an_export_at_once(tmp_path):
    proc, workers = start_export(tmp_path)
    try:
        start = time.monotonic()
        os.killpg(proc.pid, signal.SIGINT)
        out, err = proc.communicate(timeout=30)
        elapsed = time.monotonic() - start
        assert proc.returncode == 130
        assert "Traceback" not in err and "osmose: interrupted" in err
        assert elapsed < 2.5, f"took {elapsed:.1f} s to stop"
        assert wait_gone(workers, 2) == set()
        assert not (tmp_path / "d.apkg").exists()
    finally:
        for pid in workers:
            if alive(pid):
                os.kill(pid, signal.SIGKILL)
