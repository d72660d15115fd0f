"""Exercise notes: one per (concept, family, params), carrying K verified variants.

The variants live in two fields (``Prompts``, ``Answers``) as sibling
``<div class="osm-variant">`` blocks, so K can grow without a schema change; the
card script shows one of them (see ``osmose.anki.template``).
"""

from __future__ import annotations

from osmose.anki import html
from osmose.anki.concept_notes import concept_tags
from osmose.anki.ids import note_key
from osmose.anki.notes import NoteSpec, sources_html, tag
from osmose.concepts import Concept, ExerciseLink
from osmose.family import Family
from osmose.mathtext import answer_tex


def link_key(c: Concept, link: ExerciseLink) -> str:
    """Key from the params as *written* in the concept, so a new family default keeps the key."""
    written = ",".join(f"{k}={link.params[k]}" for k in sorted(link.params)) or "-"
    return note_key("exercise", c.id, link.generator, written)


def prompt_html(v: dict, i: int) -> str:
    return html.tag("div", html.text(v["prompt_tex"]), "osm-variant", data_variant=str(i + 1))


def answer_html(v: dict, i: int) -> str:
    steps = []
    for s in v["solution"]:
        line = html.text(s["say"]) if s["say"] else ""
        if s["tex"]:
            line += html.display(s["tex"])
        steps.append(line)
    ev = v["evidence"]
    body = (html.tag("div", html.tag("div", "Answer", "osm-label") + html.display(answer_tex(v)),
                     "osm-answer")
            + (html.tag("div", "Worked solution", "osm-label") + html.tag(
                "ol", "".join(f"<li>{s}</li>" for s in steps), "osm-steps") if steps else "")
            + html.tag("div", html.text(f"✓ verified by {ev['method']}"), "osm-meta"))
    return html.tag("div", body, "osm-variant", data_variant=str(i + 1))


def exercise_note(c: Concept, link: ExerciseLink, family: Family, variants: list[dict],
                  memo: dict | None = None) -> NoteSpec:
    """``memo`` (shared across notes) renders a variant used by several notes once."""
    key = link_key(c, link)
    memo = {} if memo is None else memo

    def once(render, v, i):
        k = (render.__name__, v["id"], i)
        if k not in memo:
            memo[k] = render(v, i)
        return memo[k]

    return NoteSpec(
        key=key, kind="exercise",
        fields=(key, html.text(family.title), html.text(c.title),
                "".join(once(prompt_html, v, i) for i, v in enumerate(variants)),
                "".join(once(answer_html, v, i) for i, v in enumerate(variants)),
                html.text(f"{family.name} v{family.version} · {len(variants)} verified variants"),
                html.text(html.words(c.area)), sources_html(c.sources), "", ""),
        tags=concept_tags(c) + (tag("family", family.name), tag("card", "exercise")),
        area=c.area, sources=(c.path, family.path),
    )
