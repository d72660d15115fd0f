"""Generators are code, concept files are data (issue 16, item 3, the part outside derivation
checks): commands that do not need generators never import them, and the README says so."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import ROOT, run_osmose, write_kb

CONCEPT = """
id: theta
title: Theta
area: notation
symbols:
  - tex: '\\theta'
    name: parameters
definition: 'The parameters \\(\\theta\\).'
exercises:
  - generator: marker
"""


@pytest.mark.parametrize("args", [("concepts",), ("concepts", "--json"), ("show", "theta"),
                                  ("symbol", "theta")])
def test_light_commands_never_import_generators(tmp_path, args):
    marker = tmp_path / "imported"
    kb = write_kb(tmp_path / "kb", {
        "concepts/notation/theta.yaml": CONCEPT,
        "generators/marker.py": f"open({str(marker)!r}, 'w').write('ran')\n",
    })
    r = run_osmose(*args, "--kb", kb)
    assert r.returncode == 0, r.stderr
    assert "heta" in r.stdout
    assert not marker.exists(), f"'osmose {' '.join(args)}' imported a generator"
    # the same folder's generators do run for a command that needs them
    run_osmose("families", "--kb", kb)
    assert marker.read_text() == "ran"


def test_readme_says_generators_are_code_run_with_your_rights():
    readme = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    assert "`--kb PATH/generators/` are Python modules that osmose imports and runs with your rights" \
        in readme
    assert "(`concepts`, `show`, `symbol`) never import them" in readme
