"""Node/MathJax and headless Chromium runners for the deck rendering tests.

Both tools are optional on a developer machine (the test skips with a reason)
but required in CI (``CI`` set): there a missing tool fails the test.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

MATHJAX_DIR = Path(__file__).resolve().parent / "mathjax"
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def require(available: bool, reason: str) -> None:
    if available:
        return
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI must run this test)")
    pytest.skip(reason)


def typeset(items: list[dict]) -> tuple[list[dict], int]:
    """Run tests/mathjax/typeset.js over {tex, display, where} items: (failures, checked)."""
    require(shutil.which("node") is not None and (MATHJAX_DIR / "node_modules" / "mathjax-full").is_dir(),
            "MathJax not installed: run `npm ci --prefix tests/mathjax`")
    stdin = "".join(json.dumps(i, ensure_ascii=False) + "\n" for i in items)
    proc = subprocess.run(["node", str(MATHJAX_DIR / "typeset.js")], input=stdin, capture_output=True,
                          text=True, timeout=600)
    lines = [json.loads(line) for line in proc.stdout.splitlines() if line.strip()]
    assert lines and "checked" in lines[-1], proc.stderr
    return lines[:-1], lines[-1]["checked"]


def chromium() -> str:
    exe = shutil.which("chromium") or shutil.which("chromium-browser")
    require(exe is not None, "chromium not installed: apt-get install -y chromium")
    return exe


def dump_dom(url: str, profile: Path) -> str:
    """The DOM of ``url`` after its scripts (and iframes) ran, from headless Chromium."""
    args = [chromium(), *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--virtual-time-budget=10000"]
    proc = subprocess.run(args + ["--dump-dom", url], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc.stdout


#: Pages that must run no script carry this policy. (Chromium 156's headless mode writes
#: neither --dump-dom nor --screenshot output under --blink-settings=scriptEnabled=false.)
NO_SCRIPTS = """<meta http-equiv="Content-Security-Policy" content="script-src 'none'">"""


def screenshot(url: str, profile: Path, out: Path) -> bytes:
    """PNG of ``url`` as headless Chromium paints it."""
    args = [chromium(), *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--window-size=900,700",
            "--hide-scrollbars", f"--screenshot={out}"]
    proc = subprocess.run(args + [url], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0 and out.is_file(), proc.stderr[-2000:]
    return out.read_bytes()
