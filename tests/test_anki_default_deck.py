"""The default deck (``decks/osmose.yaml``) of the built-in knowledge base, imported into Anki.

Works for whatever the knowledge base holds when it runs: counts are checked
against the recipe's own arithmetic (notes per concept part, cards per note type),
not against fixed numbers.
"""

from __future__ import annotations

import html as htmllib
import re

import pytest

from anki_helpers import import_apkg, new_collection
from conftest import ROOT
from render_tools import typeset

pytest.importorskip("anki")

#: fields a card shows as its main content: never empty
REQUIRED = {
    "definition": ("Key", "Term", "Definition", "Area"),
    "symbol": ("Key", "Symbol", "Name", "Concept", "Area"),
    "formula": ("Key", "Name", "Formula", "Concept", "Area"),
    "derivation": ("Key", "Derivation", "Concept", "Position", "Step", "Why", "Area"),
    "exercise": ("Key", "Title", "Concept", "Prompts", "Answers", "Family", "Area"),
    "meaning": ("Key", "Symbol", "Field", "Meaning", "Name", "Concept", "Area"),
    "fact": ("Key", "Cloze", "Statement", "Hidden", "Concept", "Area"),
}


@pytest.fixture(scope="module")
def deck(tmp_path_factory):
    from osmose.anki.export import export_deck
    from osmose.anki.recipe import find_recipe, load_recipe
    from osmose.kb import KnowledgeBase

    kb = KnowledgeBase.load(ROOT)
    if not kb.concepts:
        pytest.skip("the built-in knowledge base has no concepts yet")
    out = tmp_path_factory.mktemp("default") / "osmose.apkg"
    result = export_deck(kb, "osmose", out)
    recipe = load_recipe(find_recipe(ROOT, "osmose"))
    col = new_collection(out.parent / "col")
    counts = import_apkg(col, out)
    yield kb, recipe, result, col, counts
    col.close()


def test_counts_match_the_recipe(deck):
    kb, recipe, result, col, counts = deck
    concepts = kb.select(recipe.ids, recipe.areas, recipe.tags)
    expected = {
        "definition": len(concepts),
        "symbol": sum(len(c.symbols) for c in concepts),
        "meaning": sum(len(s.meanings) for c in concepts for s in c.symbols),
        "fact": sum(len(c.facts) for c in concepts),
        "formula": sum(len(c.formulas) for c in concepts),
        "derivation": sum(len(d.steps) for c in concepts for d in c.derivations),
        "exercise": sum(len(c.exercises) for c in concepts),
    }
    assert not result.failures, result.failures[:5]
    assert {k: v for k, v in expected.items() if v} == dict(result.notes_by_kind)
    assert result.variants == recipe.variants * expected["exercise"]
    cards = expected["definition"] + 2 * expected["symbol"] + expected["formula"] \
        + expected["derivation"] + expected["exercise"] + expected["meaning"] + expected["fact"]
    assert counts["new"] == sum(expected.values()) == col.note_count()
    assert col.card_count() == cards == result.cards
    assert counts["duplicate"] == counts["conflicting"] == counts["first_field_match"] == 0


def test_every_card_renders_its_content(deck):
    kb, recipe, result, col, counts = deck
    for cid in col.find_cards(""):
        card = col.get_card(cid)
        note = card.note()
        kind = note.note_type()["name"].removeprefix("osmose: ").split()[0]
        q, a = card.question(), card.answer()
        assert 'class="osm"' in q and 'id="answer"' in a, note["Key"]
        main = {"definition": "Definition", "symbol": "Symbol" if card.ord == 0 else "Name",
                "formula": "Formula", "derivation": "Step", "exercise": "Answers",
                "meaning": "Meaning", "fact": "Statement"}[kind]
        if kind == "exercise":
            first = re.search(r'<div class="osm-variant" data-variant="1">.*?</div>', note["Answers"])
            assert first and first.group(0)[:200] in a
            assert re.search(r'data-variant="1">', q)
        else:
            assert note[main] in a, (note["Key"], main)


def test_no_empty_fields_and_no_duplicate_keys(deck):
    kb, recipe, result, col, counts = deck
    keys = []
    for nid in col.find_notes(""):
        note = col.get_note(nid)
        kind = note.note_type()["name"].removeprefix("osmose: ").split()[0]
        for name in REQUIRED[kind]:
            assert note[name].strip(), (note["Key"], name)
        keys.append(note.fields[0])
    assert len(keys) == len(set(keys))


def test_reimport_changes_nothing(deck):
    kb, recipe, result, col, counts = deck
    again = import_apkg(col, result.path)
    assert again["new"] == again["updated"] == 0
    assert again["duplicate"] == result.notes


def test_every_tex_string_typesets_under_mathjax_3_2_2(deck):
    from osmose.anki.html import math_in

    kb, recipe, result, col, counts = deck
    items, seen = [], set()
    for nid in col.find_notes(""):
        note = col.get_note(nid)
        for name, value in note.items():
            for tex, display in math_in(value):
                if (tex, display) not in seen:
                    seen.add((tex, display))
                    items.append({"tex": tex, "display": display, "where": f"{note['Key']} {name}"})
    failures, checked = typeset(items)
    assert checked == len(items)
    assert not failures, "\n".join(f"{f['where']}: {f['error']}: {f['tex']}" for f in failures[:20])


def test_html_escaping_survives_the_round_trip(deck):
    # What MathJax reads after the browser decodes the field equals the TeX we meant.
    from osmose.anki.html import math_in

    kb, recipe, result, col, counts = deck
    for nid in col.find_notes(""):
        for value in col.get_note(nid).values():
            bare = re.sub(r"&(amp|lt|gt|quot|#x27);", "", value)
            assert "&" not in bare.replace("&nbsp;", ""), value[:200]
            assert htmllib.unescape(value).count(r"\(") == len([m for m in math_in(value) if not m[1]])
