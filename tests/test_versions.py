"""Versions are promises: an id of another version of a family gets one clear line (exit 2),
never a different exercise under the old id."""

from __future__ import annotations

from conftest import family, run_osmose
from osmose.exercises import exercise_from_id

FAM = family("vectors3d")


def test_an_old_id_names_the_current_version_and_exits_2():
    old = f"vectors3d:v{FAM.version - 1}:ask=dot:3" if FAM.version > 1 else "vectors3d:v0:ask=dot:3"
    result = run_osmose("answer", old, "1")
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr
    assert f"the family is now v{FAM.version}" in lines[0]
    assert f"vectors3d:v{FAM.version}:" in lines[0]


def test_the_current_id_reproduces_the_exercise():
    ex = exercise_from_id(FAM, f"vectors3d:v{FAM.version}:ask=dot:3")
    again = exercise_from_id(FAM, ex.id)
    assert ex.id == again.id and ex.to_json() == again.to_json()
