"""The osmose note types: fields designed once, ids fixed forever.

Every type starts with ``Key`` (the stable key, unique, so Anki's first-field
duplicate check is meaningful) and ends with two spare fields, so later
features can fill them without a schema change (which would force a full sync
on users). Templates and CSS may evolve; a changed note type gets a newer
modification time and Anki updates it in place.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

import genanki

from osmose.anki import ids
from osmose.anki.template import ANSWER_RULE, CSS, SOURCES, VARIANT_SCRIPT, card

SPARE = ("Spare1", "Spare2")


@dataclass(frozen=True)
class NoteKind:
    kind: str
    name: str
    fields: tuple[str, ...]
    templates: tuple[tuple[str, str, str], ...]  # (card name, front, back)
    sort_field: str

    @property
    def model_id(self) -> int:
        return ids.model_id(self.kind)

    def content_hash(self) -> str:
        blob = json.dumps([self.name, self.fields, self.templates, self.sort_field, CSS])
        return hashlib.sha256(blob.encode()).hexdigest()


DEFINITION = NoteKind(
    "definition", "osmose: definition",
    ("Key", "Term", "Definition", "Facts", "Area", "Sources") + SPARE,
    (("Term → definition",
      card('<div class="osm-term">{{Term}}</div>\n<div class="osm-ask">Define it.</div>',
           "{{Area}} · definition"),
      card('<div class="osm-term">{{Term}}</div>' + ANSWER_RULE
           + '<div class="osm-box">{{Definition}}</div>\n{{#Facts}}{{Facts}}{{/Facts}}\n' + SOURCES,
           "{{Area}} · definition")),),
    "Term",
)

SYMBOL = NoteKind(
    "symbol", "osmose: symbol",
    ("Key", "Symbol", "Name", "Meanings", "Concept", "Area", "Sources") + SPARE,
    (("Symbol → meaning",
      card('<div class="osm-symbol">{{Symbol}}</div>\n<div class="osm-ask">What does it denote?</div>',
           "{{Area}} · symbol"),
      card('<div class="osm-symbol">{{Symbol}}</div>' + ANSWER_RULE
           + '<div class="osm-term">{{Name}}</div>\n{{#Meanings}}{{Meanings}}{{/Meanings}}\n'
           + '<div class="osm-meta">{{Concept}}</div>\n' + SOURCES,
           "{{Area}} · symbol")),
     ("Meaning → symbol",
      card('<div class="osm-term">{{Name}}</div>\n{{#Meanings}}{{Meanings}}{{/Meanings}}\n'
           '<div class="osm-ask">Which symbol?</div>',
           "{{Area}} · symbol"),
      card('<div class="osm-term">{{Name}}</div>\n{{#Meanings}}{{Meanings}}{{/Meanings}}'
           + ANSWER_RULE + '<div class="osm-symbol">{{Symbol}}</div>\n'
           + '<div class="osm-meta">{{Concept}}</div>\n' + SOURCES,
           "{{Area}} · symbol"))),
    "Name",
)

FORMULA = NoteKind(
    "formula", "osmose: formula",
    ("Key", "Name", "Formula", "Concept", "Area", "Sources") + SPARE,
    (("Name → formula",
      card('<div class="osm-term">{{Name}}</div>\n<div class="osm-ask">Write the formula.</div>',
           "{{Area}} · formula · {{Concept}}"),
      card('<div class="osm-term">{{Name}}</div>' + ANSWER_RULE
           + '<div class="osm-big">{{Formula}}</div>\n' + SOURCES,
           "{{Area}} · formula · {{Concept}}")),),
    "Name",
)

DERIVATION = NoteKind(
    "derivation", "osmose: derivation step",
    ("Key", "Derivation", "Concept", "Position", "StepsSoFar", "Step", "Why", "Area", "Sources")
    + SPARE,
    (("Next step",
      card('<div class="osm-term">{{Derivation}}</div>\n'
           '{{#StepsSoFar}}<div class="osm-sofar">{{StepsSoFar}}</div>{{/StepsSoFar}}\n'
           '<div class="osm-ask">{{Position}}: what comes next, and why?</div>',
           "{{Area}} · derivation · {{Concept}}"),
      card('<div class="osm-term">{{Derivation}}</div>\n'
           '{{#StepsSoFar}}<div class="osm-sofar">{{StepsSoFar}}</div>{{/StepsSoFar}}'
           + ANSWER_RULE + '<div class="osm-answer"><div class="osm-big">{{Step}}</div>\n'
           '<div class="osm-why">{{Why}}</div></div>\n' + SOURCES,
           "{{Area}} · derivation · {{Concept}}")),),
    "Derivation",
)

EXERCISE = NoteKind(
    "exercise", "osmose: exercise",
    ("Key", "Title", "Concept", "Prompts", "Answers", "Family", "Area", "Sources") + SPARE,
    (("Solve",
      card('<div class="osm-variants osm-prompts" data-key="{{text:Key}}" data-side="front">'
           '{{Prompts}}</div>\n<div class="osm-which"></div>', "{{Area}} · {{Title}}")
      + VARIANT_SCRIPT,
      card('<div class="osm-variants osm-prompts" data-key="{{text:Key}}" data-side="back">'
           '{{Prompts}}</div>' + ANSWER_RULE
           + '<div class="osm-variants osm-answers" data-key="{{text:Key}}" data-side="back">'
           '{{Answers}}</div>\n<div class="osm-which"></div>\n'
           '<div class="osm-meta">{{Family}}</div>\n' + SOURCES, "{{Area}} · {{Title}}")
      + VARIANT_SCRIPT),),
    "Title",
)

MEANING = NoteKind(
    "meaning", "osmose: meaning in a field",
    ("Key", "Symbol", "Field", "Meaning", "Name", "Concept", "Area", "Sources") + SPARE,
    (("Symbol in a field → meaning",
      card('<div class="osm-symbol">{{Symbol}}</div>\n'
           '<div class="osm-ask">In {{Field}}, what does it usually denote?</div>',
           "{{Area}} · symbol · {{Field}}"),
      card('<div class="osm-symbol">{{Symbol}}</div>\n'
           '<div class="osm-ask">In {{Field}}, what does it usually denote?</div>' + ANSWER_RULE
           + '<div class="osm-box">{{Meaning}}</div>\n'
           '<div class="osm-meta">{{Name}} · {{Concept}}</div>\n' + SOURCES,
           "{{Area}} · symbol · {{Field}}")),),
    "Symbol",
)

FACT = NoteKind(
    "fact", "osmose: fact",
    ("Key", "Cloze", "Statement", "Hidden", "Concept", "Area", "Sources") + SPARE,
    (("Fill the blank",
      card('<div class="osm-fact">{{Cloze}}</div>\n<div class="osm-ask">Fill the blank.</div>',
           "{{Area}} · fact · {{Concept}}"),
      card('<div class="osm-fact">{{Cloze}}</div>' + ANSWER_RULE
           + '<div class="osm-answer"><div class="osm-fact">{{Statement}}</div></div>\n' + SOURCES,
           "{{Area}} · fact · {{Concept}}")),),
    "Cloze",
)

KINDS: dict[str, NoteKind] = {k.kind: k for k in (DEFINITION, SYMBOL, FORMULA, DERIVATION, EXERCISE,
                                                  MEANING, FACT)}


class FixedModel(genanki.Model):
    """A genanki model whose modification time is given, not taken from the clock."""

    def __init__(self, kind: NoteKind, mod: int):
        super().__init__(
            kind.model_id, kind.name,
            fields=[{"name": f} for f in kind.fields],
            templates=[{"name": n, "qfmt": q, "afmt": a} for n, q, a in kind.templates],
            css=CSS, sort_field_index=kind.fields.index(kind.sort_field),
        )
        self.mod = mod

    def to_json(self, timestamp, deck_id):
        out = super().to_json(timestamp, deck_id)
        out["mod"] = self.mod
        return out
