"""Malformed knowledge-base files: each gives its own path:line message, the rest still loads."""

from __future__ import annotations

import pickle

from conftest import run_osmose, write_kb
from osmose.kb import KnowledgeBase

GOOD = """
id: {id}
title: A good concept
area: calculus
requires: {requires}
definition: 'Fine, with inline math \\(x^2\\).'
"""


def load(tmp_path, files):
    return KnowledgeBase.load(write_kb(tmp_path, files))


def messages(kb):
    return [str(e) for e in kb.errors]


def test_valid_concept_loads_with_all_fields(tmp_path):
    kb = load(tmp_path, {"concepts/calculus/full.yaml": """
        id: full
        title: Full concept
        area: calculus
        tags: [a, b]
        requires: []
        symbols:
          - tex: '\\theta'
            name: parameters
            meanings: [{field: ML, meaning: weights}]
        definition: >-
          Text with \\(\\nabla f\\).
        formulas:
          - {name: entries, tex: 'H_{ij} = \\frac{\\partial^2 f}{\\partial x_i \\partial x_j}'}
        facts: ['A {{fact}}.']
        derivations:
          - title: D
            steps:
              - {tex: 'a = b', why: 'because'}
        sources: ['https://example.org']
        """})
    assert kb.errors == []
    c = kb.concept("full")
    assert c.symbols[0].meanings[0].meaning == "weights"
    assert c.formulas[0].tex.startswith("H_{ij}")
    assert c.derivations[0].steps[0].why == "because"


def test_bad_yaml_reports_its_line_and_others_load(tmp_path):
    kb = load(tmp_path, {
        "concepts/a/broken.yaml": "id: broken\ntitle: [unclosed\narea: x\n",
        "concepts/a/fine.yaml": GOOD.format(id="fine", requires="[]"),
    })
    assert list(kb.concepts) == ["fine"]
    [msg] = messages(kb)
    assert msg.startswith(str(tmp_path / "concepts/a/broken.yaml") + ":") or "broken.yaml:" in msg
    assert "invalid YAML" in msg
    line = int(msg.split("broken.yaml:")[1].split(":")[0])
    assert line in (2, 3, 4)  # the flow sequence opened on line 2 never closes


def test_missing_field_and_wrong_type_are_located(tmp_path):
    kb = load(tmp_path, {
        "concepts/a/nodef.yaml": "id: nodef\ntitle: T\narea: a\n",
        "concepts/a/badtags.yaml": "id: badtags\ntitle: T\narea: a\ndefinition: D\ntags: notalist\n",
        "concepts/a/badformula.yaml": ("id: badformula\ntitle: T\narea: a\ndefinition: D\n"
                                       "formulas:\n  - name: f\n    tex: [1, 2]\n"),
        "concepts/a/fine.yaml": GOOD.format(id="fine", requires="[]"),
    })
    msgs = "\n".join(messages(kb))
    assert "nodef.yaml:1: missing required field 'definition'" in msgs
    assert "badtags.yaml:5: 'tags' must be a list" in msgs
    assert "badformula.yaml:7: 'formulas[0].tex' must be non-empty text" in msgs
    assert list(kb.concepts) == ["fine"]


def test_unknown_field_is_a_typo_not_silently_ignored(tmp_path):
    kb = load(tmp_path, {"concepts/a/typo.yaml": GOOD.format(id="typo", requires="[]") + "formulae: []\n"})
    [msg] = messages(kb)
    assert "typo.yaml:6: unknown field 'formulae'" in msg


def test_unknown_prerequisite_suggests_close_ids(tmp_path):
    kb = load(tmp_path, {
        "concepts/a/hessian.yaml": GOOD.format(id="hessian", requires="[second-partial]"),
        "concepts/a/second-partials.yaml": GOOD.format(id="second-partials", requires="[]"),
    })
    [msg] = messages(kb)
    assert "hessian.yaml:4: unknown prerequisite 'second-partial'" in msg
    assert "did you mean second-partials" in msg


def test_prerequisite_cycle_is_reported(tmp_path):
    kb = load(tmp_path, {
        "concepts/a/one.yaml": GOOD.format(id="one", requires="[two]"),
        "concepts/a/two.yaml": GOOD.format(id="two", requires="[three]"),
        "concepts/a/three.yaml": GOOD.format(id="three", requires="[one]"),
    })
    [msg] = messages(kb)
    assert ":4: prerequisite cycle: " in msg
    assert all(x in msg for x in ("one", "two", "three"))


def test_duplicate_id_keeps_the_first_and_reports_the_second(tmp_path):
    kb = load(tmp_path, {
        "concepts/a/dup.yaml": GOOD.format(id="dup", requires="[]"),
        "concepts/b/dup.yaml": GOOD.format(id="dup", requires="[]"),
    })
    [msg] = messages(kb)
    assert "b/dup.yaml:1: duplicate id 'dup'" in msg and "a/dup.yaml" in msg
    assert kb.concept("dup").path.endswith("a/dup.yaml")


def test_id_must_match_file_name(tmp_path):
    kb = load(tmp_path, {"concepts/a/name.yaml": GOOD.format(id="other", requires="[]")})
    assert "name.yaml:1: id 'other' must equal the file name 'name'" in messages(kb)[0]


def test_bad_tex_delimiters_are_reported(tmp_path):
    kb = load(tmp_path, {
        "concepts/a/dollar.yaml": "id: dollar\ntitle: T\narea: a\ndefinition: 'Uses $x$ here.'\n",
        "concepts/a/unclosed.yaml": "id: unclosed\ntitle: T\narea: a\ndefinition: 'Opens \\(x but never closes.'\n",
        "concepts/a/braces.yaml": ("id: braces\ntitle: T\narea: a\ndefinition: D\n"
                                   "formulas:\n  - {name: f, tex: '\\frac{1}{2'}\n"),
        "concepts/a/delim.yaml": ("id: delim\ntitle: T\narea: a\ndefinition: D\n"
                                  "formulas:\n  - {name: f, tex: '\\(x\\)'}\n"),
    })
    msgs = "\n".join(messages(kb))
    assert "dollar.yaml:4: definition: use \\( … \\) for inline math, not $" in msgs
    assert "unclosed.yaml:4: definition: '\\(' is never closed" in msgs
    assert "braces.yaml:6: formulas[0].tex: unbalanced braces" in msgs
    assert "delim.yaml:6: formulas[0].tex: bare TeX must not contain math delimiters" in msgs
    assert kb.concepts == {}


def test_cli_reports_broken_files_with_path_line_and_exit_1(tmp_path):
    write_kb(tmp_path, {
        "concepts/a/broken.yaml": "id: broken\ntitle: [unclosed\n",
        "concepts/a/fine.yaml": GOOD.format(id="fine", requires="[ghost]"),
    })
    result = run_osmose("check", "--seeds", "0", "--kb", tmp_path)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert any(line.endswith("unknown prerequisite 'ghost'") and "fine.yaml:4:" in line for line in lines)
    assert any("broken.yaml:" in line and "invalid YAML" in line for line in lines)
    assert "Traceback" not in result.stderr + result.stdout
    # the rest of the knowledge base still works
    listed = run_osmose("concepts", "--kb", tmp_path)
    assert listed.returncode == 0 and "fine" in listed.stdout


FACTS = """id: facts
title: T
area: a
definition: D
facts:
  - 'Symmetric when f has {{continuous second partials}} (Schwarz).'
  - {fact}
"""


def test_a_fact_hides_its_cloze_and_shows_as_a_statement(tmp_path):
    fact = r"'Here {{\(\frac{1}{x^{2}}\)}} is hidden and \(x^{{2}}\) is not; {{two}} spans.'"
    kb = load(tmp_path, {"concepts/a/facts.yaml": FACTS.replace("{fact}", fact)})
    assert kb.errors == []
    first, second = kb.concept("facts").facts
    assert first == "Symmetric when f has continuous second partials (Schwarz)."
    assert first.cloze.hidden == ("continuous second partials",)
    assert second.cloze.hidden == (r"\(\frac{1}{x^{2}}\)", "two")
    assert second.cloze.question() == r"Here […] is hidden and \(x^{{2}}\) is not; […] spans."
    copied = pickle.loads(pickle.dumps(second))  # worker processes receive concepts this way
    assert copied == second and copied.cloze == second.cloze and copied.source == second.source


def test_broken_clozes_are_located(tmp_path):
    cases = {
        "plain": ("'No cloze at all.'", "fact 2 has no {{…}} cloze"),
        "unclosed": ("'Opens {{here and never closes.'", "fact 2: '{{' is never closed"),
        "stray": ("'Closes }} nothing.'", "fact 2: '}}' closes no cloze"),
        "nested": ("'{{a {{b}} c}}'", "fact 2: '{{' opened inside another cloze"),
        "empty": ("'An {{ }} gap.'", "fact 2: empty cloze"),
        "inmath": (r"'Math \(x^{{2}}\) hides nothing.'", "fact 2 has no {{…}} cloze"),
    }
    kb = load(tmp_path, {f"concepts/a/{name}.yaml": FACTS.replace("id: facts", f"id: {name}")
                         .replace("{fact}", fact) for name, (fact, _) in cases.items()})
    assert kb.concepts == {}
    msgs = messages(kb)
    for name, (_, message) in cases.items():
        assert any(f"{name}.yaml:7: {message}" in m for m in msgs), (name, msgs)
