"""Every YAML file osmose reads is bounded (issue 16, item 2): an alias bomb, a recursive alias,
a huge or deeply nested file is one ``path:line:`` error, and the rest of the knowledge base loads."""

from __future__ import annotations

import json
import time

import pytest

from conftest import run_osmose, write_kb

GOOD = """
id: good
title: A good concept
area: calculus
definition: 'Fine, with inline math \\(x^2\\).'
"""


def alias_bomb(levels: int = 9) -> str:
    """The classic "billion laughs": 10**levels strings from a dozen lines."""
    lines = ["id: bomb", "title: Bomb", "area: calculus", "definition: boom",
             'l0: &l0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, levels + 1):
        refs = ",".join([f"*l{i - 1}"] * 10)
        lines.append(f"l{i}: &l{i} [{refs}]")
    return "\n".join(lines) + "\n"


BOMB_LINE = 9  # the line whose list first expands past the limit (l4: 111,111 values)


@pytest.fixture
def bomb_kb(tmp_path):
    root = write_kb(tmp_path / "kb", {"concepts/calculus/good.yaml": GOOD})
    (root / "concepts" / "calculus" / "bomb.yaml").write_text(alias_bomb(), encoding="utf-8")
    return root


@pytest.mark.parametrize("args", [("concepts",), ("show", "good"), ("symbol", "x"),
                                  ("check", "--seeds", "0")])
def test_alias_bomb_is_one_error_and_the_rest_loads(bomb_kb, args):
    start = time.monotonic()
    r = run_osmose(*args, "--kb", bomb_kb, timeout=60)
    assert time.monotonic() - start < 30
    assert "Traceback" not in r.stderr
    if args[0] == "check":
        assert r.returncode == 1
        assert f"bomb.yaml:{BOMB_LINE}: expands to more than 100,000 values" in r.stdout
    elif args[0] == "symbol":
        assert r.returncode == 2  # no such symbol, but it answered
    else:
        assert r.returncode == 0, r.stderr
        assert "good" in r.stdout.lower()


def test_recursive_alias_deep_nesting_and_huge_files_are_refused(tmp_path):
    from osmose.kb import KnowledgeBase

    root = write_kb(tmp_path, {"concepts/calculus/good.yaml": GOOD})
    folder = root / "concepts" / "calculus"
    (folder / "loop.yaml").write_text("id: loop\nfacts: &a [x, *a]\n", encoding="utf-8")
    (folder / "deep.yaml").write_text("id: deep\nfacts: " + "[" * 200 + "]" * 200 + "\n",
                                      encoding="utf-8")
    (folder / "huge.yaml").write_text("id: huge\nfacts:\n" + "  - 'padding padding'\n" * 60_000,
                                      encoding="utf-8")
    kb = KnowledgeBase.load(root)
    errors = sorted(str(e) for e in kb.errors)
    assert list(kb.concepts) == ["good"]
    assert any(e.endswith("deep.yaml:2: nested deeper than 64 levels; not read") for e in errors), errors
    assert any(e.endswith("huge.yaml:1: file too large (more than 1,000,000 bytes); not read")
               for e in errors), errors
    assert any(e.endswith("loop.yaml:2: a recursive alias (an anchor used inside itself); not read")
               for e in errors), errors


def test_recipe_alias_bomb_is_one_line(tmp_path):
    root = write_kb(tmp_path / "kb", {"concepts/calculus/good.yaml": GOOD})
    recipe = root / "decks" / "bomb.yaml"
    recipe.parent.mkdir()
    recipe.write_text(alias_bomb().replace("id: bomb\ntitle: Bomb\narea: calculus\ndefinition: boom\n",
                                           "deck: Bomb\n"), encoding="utf-8")
    r = run_osmose("export", "bomb", "--kb", root, "-o", tmp_path / "x.apkg", timeout=60)
    assert r.returncode == 2
    assert "Traceback" not in r.stderr
    lines = [line for line in r.stderr.splitlines() if "bomb.yaml" in line]
    assert lines == [f"osmose: {recipe}:{BOMB_LINE - 3}: expands to more than 100,000 values "
                     "(aliases repeated inside aliases?); not read"], r.stderr


def test_submission_alias_bomb_is_an_issue_not_a_hang(tmp_path):
    from osmose.problemset.submissions import read_submission

    path = tmp_path / "chloe.yaml"
    path.write_text(alias_bomb().replace("id: bomb\ntitle: Bomb\narea: calculus\ndefinition: boom\n",
                                         "1: x\n"), encoding="utf-8")
    start = time.monotonic()
    sub = read_submission(path, "chloe", 3)
    assert time.monotonic() - start < 5
    assert sub.answers == {}
    assert [str(i) for i in sub.issues] == [
        f"{path}:{BOMB_LINE - 3}: expands to more than 100,000 values (aliases repeated inside "
        "aliases?); not read; no answer read"]


def test_a_huge_roster_is_refused_before_it_is_read(tmp_path):
    from osmose.errors import OsmoseError
    from osmose.problemset.roster import load_roster

    path = tmp_path / "r.csv"
    with open(path, "wb") as fh:
        fh.write(b"id\n")
        fh.truncate(25_000_000)  # sparse: no disk used
    with pytest.raises(OsmoseError, match=r"r\.csv: the roster is larger than 20,000,000 bytes; not read"):
        load_roster(path)
