"""Concept notes: definition, symbols, meanings per field, formulas, facts, derivation steps.

Keys name what a note is about (concept id, formula name, symbol TeX,
derivation title, step number, a fact's hidden text), never its wording, so
rewording a definition updates the note in place instead of creating a new one.
A symbol with meanings per field gets one note per field (ask one meaning at a
time, never a list to recite); its symbol note then asks only its name.
"""

from __future__ import annotations

import re
from html import escape as html_escape

from osmose.anki import html
from osmose.anki.ids import note_key
from osmose.anki.notes import NoteSpec, sources_html, tag
from osmose.cloze import BLANK
from osmose.concepts import Concept

_SLUG = re.compile(r"[^a-z0-9]+")


def slug(text: str) -> str:
    return _SLUG.sub("-", text.lower()).strip("-") or "x"


def concept_tags(c: Concept) -> tuple[str, ...]:
    return (tag("area", c.area), tag("concept", c.id)) + tuple(tag("tag", t) for t in c.tags)


def concept_notes(c: Concept) -> list[NoteSpec]:
    """Every note a concept yields, in a stable order."""
    area = html.text(html.words(c.area))
    sources = sources_html(c.sources)
    tags = concept_tags(c)
    files = (c.path,)
    notes = [NoteSpec(
        key=note_key("concept", c.id, "definition"), kind="definition",
        fields=(f"osmose:concept/{c.id}/definition", html.text(c.title), html.text(c.definition),
                html.bullets([html.text(f) for f in c.facts], "osm-facts"), area, sources, "", ""),
        tags=tags, area=c.area, sources=files,
    )]
    for s in c.symbols:
        key = note_key("concept", c.id, "symbol", s.tex.strip())
        notes.append(NoteSpec(
            key=key, kind="symbol",
            fields=(key, html.inline(s.tex), html.text(s.name), "", html.text(c.title),
                    area, sources, "", ""),
            tags=tags + (tag("card", "symbol"),), area=c.area, sources=files,
        ))
        for m in s.meanings:
            key = note_key("concept", c.id, "meaning", s.tex.strip(), slug(m.field))
            notes.append(NoteSpec(
                key=key, kind="meaning",
                fields=(key, html.inline(s.tex), html.text(m.field), html.text(m.meaning),
                        html.text(s.name), html.text(c.title), area, sources, "", ""),
                tags=tags + (tag("card", "meaning"),), area=c.area, sources=files,
            ))
    for f in c.formulas:
        key = note_key("concept", c.id, "formula", slug(f.name))
        notes.append(NoteSpec(
            key=key, kind="formula",
            fields=(key, html.text(f.name), html.display(f.tex), html.text(c.title), area,
                    sources, "", ""),
            tags=tags + (tag("card", "formula"),), area=c.area, sources=files,
        ))
    for f in c.facts:
        key = note_key("concept", c.id, "fact", f.cloze.slug)
        blank = html.tag("span", html.text(BLANK), "osm-blank")
        notes.append(NoteSpec(
            key=key, kind="fact",
            fields=(key, f.cloze.render(_piece, lambda _: blank),
                    f.cloze.render(_piece, lambda p: html.tag("span", _piece(p), "osm-cloze")),
                    html.text("; ".join(f.cloze.hidden)), html.text(c.title), area, sources, "", ""),
            tags=tags + (tag("card", "fact"),), area=c.area, sources=files,
        ))
    for d in c.derivations:
        steps = d.steps
        for j, step in enumerate(steps):
            key = note_key("concept", c.id, "derivation", slug(d.title), str(j + 1))
            so_far = "".join(
                html.tag("div", html.display(s.tex), "osm-stepline") for s in steps[:j])
            position = "First step" if j == 0 else f"Step {j + 1} of {len(steps)}"
            notes.append(NoteSpec(
                key=key, kind="derivation",
                fields=(key, html.text(d.title), html.text(c.title), position, so_far,
                        html.display(step.tex), html.text(step.why), area, sources, "", ""),
                tags=tags + (tag("card", "derivation"),), area=c.area, sources=files,
            ))
    return unique_keys(notes)


def _piece(text: str) -> str:
    """A piece of a cloze fact as HTML; unlike ``html.text`` it keeps edge spaces."""
    return html_escape(text, quote=False)


def unique_keys(notes: list[NoteSpec]) -> list[NoteSpec]:
    """Two formulas (or derivations) whose names slug alike get ``~2``, ``~3`` … in order."""
    seen: dict[str, int] = {}
    out = []
    for n in notes:
        count = seen[n.key] = seen.get(n.key, 0) + 1
        if count > 1:
            key = f"{n.key}~{count}"
            n = NoteSpec(key, n.kind, (key,) + n.fields[1:], n.tags, n.area, n.sources)
        out.append(n)
    return out
