"""``NoteSpec``: one note as osmose means it, before it becomes a genanki note."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass

from osmose.anki import html, ids

_TAG_UNSAFE = re.compile(r"[^A-Za-z0-9_.:+-]+")


@dataclass(frozen=True)
class NoteSpec:
    key: str                    # stable key (first field); the GUID derives from it alone
    kind: str                   # a key of osmose.anki.models.KINDS
    fields: tuple[str, ...]     # HTML, in the note type's field order
    tags: tuple[str, ...]
    area: str
    sources: tuple[str, ...] = ()  # files the content comes from (for modification times)

    @property
    def guid(self) -> str:
        return ids.guid(self.key)

    def content_hash(self) -> str:
        """What Anki would see change: fields, tags and note type (not the deck)."""
        blob = json.dumps([self.kind, self.fields, sorted(self.tags)], ensure_ascii=False)
        return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def tag(*parts: str) -> str:
    """A hierarchical Anki tag ``osmose::area::calculus`` (no spaces allowed)."""
    return "::".join(["osmose", *(_TAG_UNSAFE.sub("-", p.strip()) for p in parts)])


def sources_html(urls) -> str:
    links = [html.tag("a", html.text(u), href=u) for u in urls]
    return " · ".join(links)
