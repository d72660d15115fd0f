"""What a learner reads on Anki cards and printed sets (issue 16, item 14): no lone "." after
display math, area names as words, the verification note small and muted."""

from __future__ import annotations

import re

from osmose.anki.concept_notes import concept_notes
from osmose.anki.exercise_notes import answer_html, prompt_html
from osmose.anki.template import CSS
from osmose.anki.variants import variant_payload
from osmose.exercises import make_exercise
from osmose.problemset.render import md_math, tex_math

PUNCT_AFTER_DISPLAY = re.compile(r"\\\]\s*[.,;:]")


def hessian_variant(builtin_kb):
    """A hessian variant whose prompt ends its display math with a full stop."""
    fam = builtin_kb.family("hessian")
    for seed in range(50):
        ex = make_exercise(fam, {}, seed)
        if PUNCT_AFTER_DISPLAY.search(ex.prompt_tex):
            return variant_payload(ex)
    raise AssertionError("no hessian prompt with display math before a full stop")


def test_no_lone_full_stop_after_display_math_on_cards(builtin_kb):
    v = hessian_variant(builtin_kb)
    front = prompt_html(v, 0)
    assert not PUNCT_AFTER_DISPLAY.search(front)
    assert re.search(r"\.\\\]", front)  # the full stop went inside the display


def test_no_lone_full_stop_after_display_math_in_printed_sets():
    prose = r"Find the Hessian of \[f(x, y) = x^2 y\] . Then classify it."
    md = md_math(prose)
    assert "\n.\n" not in md and not re.search(r"^\s*\.", md, re.M)
    assert "x^2 y." in md
    tex = tex_math(prose)
    assert not PUNCT_AFTER_DISPLAY.search(tex) and "x^2 y.\\]" in tex


def test_area_names_are_words(builtin_kb):
    concept = next(c for c in builtin_kb.concepts.values() if c.area == "information-theory")
    for note in concept_notes(concept):
        assert "Information theory" in note.fields
        assert "information-theory" not in note.fields
    kicker = re.search(r"\.osm-kicker \{[^}]*\}", CSS)[0]
    assert "uppercase" not in kicker


def test_verification_is_a_small_muted_line(builtin_kb):
    v = hessian_variant(builtin_kb)
    back = answer_html(v, 0)
    meta = re.findall(r'<div class="osm-meta">(.*?)</div>', back)
    assert meta == [f"✓ verified by {v['evidence']['method']}"]
    assert v["evidence"]["detail"] not in back
    rules = " ".join(re.findall(r"[^}]*\.osm-meta[^{]*\{[^}]*\}", CSS))
    size = min(float(x) for x in re.findall(r"font-size: ([\d.]+)em", rules))
    assert size <= 0.7 and "var(--osm-muted)" in rules
