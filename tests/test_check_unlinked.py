"""`osmose check` sweeps every family in generators/, linked from a concept or not (issue 16, item 6)."""

from __future__ import annotations

from conftest import run_osmose, write_kb
from test_check_command import CONCEPT, GENERATOR


def test_an_unlinked_crashing_family_fails_the_check(tmp_path):
    kb = write_kb(tmp_path, {
        "generators/plus_one.py": GENERATOR.format(name="plus_one", body="answer = sp.Integer(n + 1)"),
        "generators/crashy.py": GENERATOR.format(
            name="crashy", body="answer = sp.Integer(n + 1)\n    assert n != 3, 'three'"),
        "concepts/arithmetic/adding.yaml": CONCEPT.format(name="plus_one"),
    })
    result = run_osmose("check", "--seeds", "30", "--kb", kb)
    assert result.returncode == 1, result.stdout
    out = result.stdout
    # both levels of the unlinked family are swept, and the crash is located in its file
    assert "crashy.py:8: crashy[level=1] seed" in out and "crashy.py:8: crashy[level=2] seed" in out
    assert "crashed: AssertionError: three" in out
    rows = [line.split()[:2] for line in out.splitlines() if line.startswith(("crashy", "plus_one"))]
    assert rows == [["crashy", "level=1"], ["crashy", "level=2"], ["plus_one", "level=1"]]
    assert "family 'crashy' is not linked from any concept" in result.stderr
