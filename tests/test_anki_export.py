"""Anki export on a tiny knowledge base, checked with Anki's real backend.

What a user relies on: a fresh import has every note and card, re-importing
the same export changes nothing, and re-importing after an edit updates the
edited notes in place (same card ids, review history kept) and nothing else.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

from anki_helpers import import_apkg, new_collection, notes_by_key, review, tiny_kb
from conftest import run_osmose

pytest.importorskip("anki")


@pytest.fixture()
def kb_root(tmp_path):
    return tiny_kb(tmp_path / "kb")


def export(root: Path, recipe="all", **kw):
    from osmose.anki.export import export_deck
    from osmose.kb import KnowledgeBase
    return export_deck(KnowledgeBase.load(root), recipe, **kw)


# --- identities --------------------------------------------------------------------

def test_note_type_and_deck_ids_are_fixed_forever():
    # Literal values: if these change, every user's notes would be orphaned on re-import.
    from osmose.anki import ids, models

    def by_hand(kind):
        digest = hashlib.sha256(f"osmose\x1fnote-type\x1f{kind}".encode()).digest()
        return (1 << 30) + int.from_bytes(digest[:8], "big") % (1 << 30)

    kinds = ("definition", "symbol", "formula", "derivation", "exercise", "meaning", "fact")
    assert {k: v.model_id for k, v in models.KINDS.items()} == {k: by_hand(k) for k in kinds}
    assert models.FACT.model_id == 1804206367 and models.MEANING.model_id == 1903351722
    assert len({k.model_id for k in models.KINDS.values()}) == 7
    assert ids.deck_id("osmose::calculus") != ids.deck_id("osmose::physics")


def test_every_note_type_starts_with_key_and_keeps_spare_fields():
    from osmose.anki import models
    for kind in models.KINDS.values():
        assert kind.fields[0] == "Key"
        assert kind.fields[-2:] == ("Spare1", "Spare2")


def test_guid_depends_on_the_key_only():
    import genanki

    from osmose.anki import ids
    assert ids.guid("osmose:concept/x/definition") == genanki.guid_for("osmose", "osmose:concept/x/definition")
    assert ids.guid("osmose:concept/x/definition") != ids.guid("osmose:concept/y/definition")


def test_tex_is_html_escaped_inside_anki_delimiters():
    from osmose.anki import html
    assert html.display(r"\begin{bmatrix}1 & 2\end{bmatrix}") == r"\[\begin{bmatrix}1 &amp; 2\end{bmatrix}\]"
    assert html.inline("a < b > c") == r"\(a &lt; b &gt; c\)"
    assert html.text(r"if \(x < 0\) & more") == r"if \(x &lt; 0\) &amp; more"
    assert html.math_in(html.display("a & b") + html.inline("c<d")) == [("a & b", True), ("c<d", False)]


# --- recipes -------------------------------------------------------------------------

@pytest.mark.parametrize("body, line, message", [
    ("deck: osmose\nconcepts:\n  ids: [derivative, derivatve]\n", 3, "unknown concept 'derivatve' (did you mean derivative?)"),
    ("deck: osmose\nfamilies: [matmul, matmull]\n", 2, "unknown exercise family 'matmull'"),
    ("deck: osmose\nconcepts:\n  areas: [calculs]\n", 3, "no concepts in area 'calculs'"),
    ("deck: osmose\nvariants: 0\n", 2, "'variants' must be a whole number from 1 to 50"),
    ("deck: osmose\ncolour: blue\n", 2, "unknown field 'colour'"),
])
def test_a_bad_recipe_fails_with_one_line_before_any_work(kb_root, body, line, message):
    (kb_root / "decks" / "bad.yaml").write_text(body)
    proc = run_osmose("export", "bad", "--kb", kb_root)
    assert proc.returncode == 2
    err = proc.stderr.strip()
    assert len(err.splitlines()) == 1 and "Traceback" not in err
    assert re.search(rf"bad\.yaml:{line}: ", err) and message in err, err
    assert not (kb_root / "decks" / "build").exists()  # nothing generated, nothing cached


def test_a_concept_linking_an_unknown_family_fails_before_any_work(kb_root):
    path = kb_root / "concepts" / "calculus" / "derivative.yaml"
    path.write_text(path.read_text().replace("generator: matmul", "generator: matmull"))
    proc = run_osmose("export", "calc", "--kb", kb_root)
    assert proc.returncode == 2
    assert "derivative.yaml:" in proc.stderr and "unknown exercise family 'matmull'" in proc.stderr
    assert not (kb_root / "decks" / "build").exists()


def test_unknown_recipe_name_lists_the_recipes(kb_root):
    proc = run_osmose("export", "nope", "--kb", kb_root)
    assert proc.returncode == 2
    assert "unknown deck recipe 'nope'" in proc.stderr and "all, calc" in proc.stderr


def test_cli_export_prints_a_summary(kb_root, tmp_path):
    out = tmp_path / "x.apkg"
    proc = run_osmose("export", "all", "-o", out, "--kb", kb_root)
    assert proc.returncode == 0, proc.stderr
    assert out.is_file() and (tmp_path / "x.manifest.json").is_file()
    for text in ("exercise", "derivation", "osmose::area", "calculus", "linear-algebra",
                 "9 verified variants", "16 new, 0 changed, 0 removed"):
        assert text in proc.stdout, proc.stdout


# --- import into a real collection ---------------------------------------------------------

def test_fresh_import_has_every_note_and_card(kb_root, tmp_path):
    result = export(kb_root)
    # by hand: 2 definitions, 3 symbols (x2 cards), 1 meaning (AB in linear algebra),
    # 3 formulas, 1 cloze fact, 3 derivation steps,
    # 3 exercise notes (derivative: matmul; matrix-product: size 2 and size 3)
    assert dict(result.notes_by_kind) == {"definition": 2, "symbol": 3, "meaning": 1, "formula": 3,
                                          "fact": 1, "derivation": 3, "exercise": 3}
    assert result.cards == 2 + 6 + 1 + 3 + 1 + 3 + 3
    assert result.variants == 9 and not result.failures
    col = new_collection(tmp_path / "col")
    try:
        assert import_apkg(col, result.path)["new"] == 16
        assert col.note_count() == 16 and col.card_count() == 19
        names = {d.name for d in col.decks.all_names_and_ids()}
        assert {"osmose", "osmose::calculus", "osmose::linear-algebra"} <= names
        notes = notes_by_key(col)
        assert len(notes) == 16  # first fields (keys) are unique
        ex = notes["osmose:exercise/matrix-product/matmul/size=3"]
        assert ex["Prompts"].count('class="osm-variant"') == 3
        assert "&amp;" in ex["Prompts"] and "&" not in ex["Prompts"].replace("&amp;", "")
        assert set(ex.tags) >= {"osmose::area::linear-algebra", "osmose::concept::matrix-product",
                                "osmose::family::matmul"}
        d = notes["osmose:concept/derivative/definition"]
        assert d["Term"] == "Derivative" and r"\(f(x+h) \approx" in d["Definition"]
        step2 = notes["osmose:concept/derivative/derivation/derivative-of-x-squared/2"]
        assert r"\frac{2xh + h^2}{h}" in step2["StepsSoFar"] and step2["Step"] == r"\[= 2x + h\]"
        for cid in col.find_cards(""):
            card = col.get_card(cid)
            q, a = card.question(), card.answer()
            assert 'class="osm"' in q and 'id="answer"' in a
        relu = notes["osmose:concept/derivative/formula/relu-derivative"]
        assert r"1 &amp; x &gt; 0 \\ 0 &amp; x &lt; 0" in relu["Formula"]
    finally:
        col.close()


def test_reimport_of_the_same_or_an_unchanged_export_changes_nothing(kb_root, tmp_path):
    first = export(kb_root)
    bytes1 = first.path.read_bytes()
    col = new_collection(tmp_path / "col")
    try:
        import_apkg(col, first.path)
        assert import_apkg(col, first.path) == {**dict.fromkeys(
            ("new", "updated", "conflicting", "first_field_match", "missing_notetype",
             "missing_deck", "empty_first_field"), 0), "duplicate": 16}
        again = export(kb_root)
        assert again.generated == 0  # every variant came from the cache
        assert again.path.read_bytes() == bytes1  # byte-identical package
        counts = import_apkg(col, again.path)
        assert counts["new"] == 0 and counts["updated"] == 0
        assert col.note_count() == 16 and col.card_count() == 19
    finally:
        col.close()


def test_an_edit_updates_those_notes_in_place_and_keeps_reviews(kb_root, tmp_path):
    result = export(kb_root)
    col = new_collection(tmp_path / "col")
    try:
        import_apkg(col, result.path)
        card_ids = sorted(col.find_cards(""))
        reviewed = review(col, 6)
        assert len(reviewed) == 6
        history = {cid: col.db.list("select id from revlog where cid = ?", cid) for cid in reviewed}
        intervals = {cid: (col.get_card(cid).due, col.get_card(cid).queue) for cid in reviewed}
        before = {k: (n.id, n.mod, list(n.fields)) for k, n in notes_by_key(col).items()}

        path = kb_root / "concepts" / "calculus" / "derivative.yaml"
        path.write_text(path.read_text()
                        .replace("The rate of change of", "The instantaneous rate of change of")
                        .replace("why: 'Expand the square.'", "why: 'Expand \\((x+h)^2\\).'"))
        second = export(kb_root)
        assert second.changed == ["osmose:concept/derivative/definition",
                                  "osmose:concept/derivative/derivation/derivative-of-x-squared/1"]
        assert second.new == [] and second.removed == []
        counts = import_apkg(col, second.path)
        assert counts["updated"] == 2 and counts["new"] == 0 and counts["duplicate"] == 14

        after = {k: (n.id, n.mod, list(n.fields)) for k, n in notes_by_key(col).items()}
        assert after.keys() == before.keys()
        for key in before:
            assert after[key][0] == before[key][0]  # same note ids
            if key in second.changed:
                assert after[key][2] != before[key][2]
            else:
                assert after[key] == before[key]  # untouched
        assert "instantaneous" in notes_by_key(col)["osmose:concept/derivative/definition"]["Definition"]
        assert sorted(col.find_cards("")) == card_ids  # same cards
        for cid in reviewed:
            assert col.db.list("select id from revlog where cid = ?", cid) == history[cid]
            assert (col.get_card(cid).due, col.get_card(cid).queue) == intervals[cid]
    finally:
        col.close()


def card_of(col, key):
    [cid] = col.find_cards(f'"Key:{key}"')
    return col.get_card(cid)


def test_a_cloze_fact_is_a_card_with_a_blank_and_symbol_meanings_one_card_per_field(kb_root, tmp_path):
    result = export(kb_root)
    col = new_collection(tmp_path / "col")
    try:
        import_apkg(col, result.path)
        fact = card_of(col, "osmose:concept/derivative/fact/continuous")
        q, a = fact.question(), fact.answer()
        assert "Differentiable implies" in q and "[…]" in q and "continuous" not in q
        assert r"(\(|x|\) at 0)" in q  # math outside the blank is kept (and typeset)
        assert '<span class="osm-cloze">continuous</span>' in a.split('id="answer"')[1]
        assert "{{" not in q + a
        meaning = card_of(col, "osmose:concept/matrix-product/meaning/AB/linear-algebra")
        q, a = meaning.question(), meaning.answer()
        assert r"\(AB\)" in q and "In linear algebra, what does it usually denote?" in q
        assert "composition of the maps" not in q and "composition of the maps" in a
        # the symbol's own note no longer recites the meanings: it asks the name only
        symbol = notes_by_key(col)["osmose:concept/matrix-product/symbol/AB"]
        assert symbol["Name"] == "product of A and B" and symbol["Meanings"] == ""
    finally:
        col.close()


def test_rewording_a_fact_around_its_cloze_updates_the_same_card(kb_root, tmp_path):
    result = export(kb_root)
    col = new_collection(tmp_path / "col")
    try:
        import_apkg(col, result.path)
        key = "osmose:concept/derivative/fact/continuous"
        before = card_of(col, key).id
        path = kb_root / "concepts" / "calculus" / "derivative.yaml"
        path.write_text(path.read_text().replace("the converse fails", "the converse is false"))
        second = export(kb_root)
        assert key in second.changed and second.new == [] and second.removed == []
        assert import_apkg(col, second.path)["new"] == 0
        assert card_of(col, key).id == before
        assert "the converse is false" in card_of(col, key).question()
    finally:
        col.close()


def test_removed_content_is_reported_on_the_next_export(kb_root):
    export(kb_root)
    path = kb_root / "concepts" / "linear-algebra" / "matrix-product.yaml"
    text = path.read_text()
    path.write_text(text.replace("  - generator: matmul\n    params: {size: 3}\n", ""))
    result = export(kb_root)
    assert result.removed == ["osmose:exercise/matrix-product/matmul/size=3"]
    again = export(kb_root)
    assert again.removed == [] and again.new == [] and again.changed == []


def test_a_generator_change_regenerates_its_variants_and_updates_exercise_notes(kb_root, tmp_path):
    # through the CLI: a fresh process imports the edited generator module
    out = tmp_path / "d.apkg"
    assert run_osmose("export", "all", "-o", out, "--kb", kb_root).returncode == 0
    gen = kb_root / "generators" / "matmul.py"
    gen.write_text(gen.read_text().replace('"Hence"', '"Therefore"'))
    proc = run_osmose("export", "all", "-o", out, "--kb", kb_root)
    assert proc.returncode == 0, proc.stderr
    # 6 distinct variants: (size 2, size 3) x seeds 1..3; size 2 is shared by two notes
    assert "6 generated now" in proc.stdout
    assert "0 new, 3 changed, 0 removed" in proc.stdout
    proc = run_osmose("export", "all", "-o", out, "--kb", kb_root)
    assert ": 0 generated now" in proc.stdout and "0 new, 0 changed, 0 removed" in proc.stdout


def test_two_workers_make_the_same_variants_as_one(kb_root, tmp_path):
    one = export(kb_root, output=tmp_path / "one.apkg", workers=1, cache_path=None)
    two = export(kb_root, output=tmp_path / "two.apkg", workers=2, cache_path=None)
    assert one.generated == two.generated == 6
    assert (tmp_path / "one.apkg").read_bytes() == (tmp_path / "two.apkg").read_bytes()


def test_area_recipe_uses_the_same_keys_as_the_full_deck(kb_root, tmp_path):
    calc = export(kb_root, "calc")
    full = export(kb_root, "all")
    col = new_collection(tmp_path / "col")
    try:
        assert import_apkg(col, calc.path)["new"] == calc.notes
        counts = import_apkg(col, full.path)
        assert counts["new"] == full.notes - calc.notes and counts["updated"] == 0
    finally:
        col.close()


def test_progress_reports_generation_and_writing(kb_root):
    seen = []
    export(kb_root, progress=lambda stage, done, total: seen.append((stage, done, total)))
    gen = [s for s in seen if s[0] == "generate"]
    assert gen[0] == ("generate", 0, 6) and gen[-1] == ("generate", 6, 6)
    assert seen[-1] == ("write", 1, 1)


def test_shipped_recipes_cover_the_whole_base_and_every_area():
    from conftest import ROOT
    from osmose.anki.recipe import load_recipe
    areas = ["calculus", "optimization", "linear-algebra", "geometry", "probability", "statistics",
             "information-theory", "machine-learning", "notation", "physics"]
    whole = load_recipe(ROOT / "decks" / "osmose.yaml")
    assert (whole.ids, whole.areas, whole.tags, whole.families, whole.variants) == ((), (), (), None, 5)
    for area in areas:
        r = load_recipe(ROOT / "decks" / f"{area}.yaml")
        assert r.areas == (area,) and r.deck == whole.deck and r.seed == whole.seed
        assert r.variants == whole.variants
