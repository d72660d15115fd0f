"""Identities that must never change: note-type ids, deck ids and note GUIDs.

Anki matches an imported note to the one already in a collection by GUID, and a
note type by id. All of them are derived from namespaced constant strings, never
from field text or the clock, so a re-export of changed content lands on the
same notes and cards (keeping their review history).
"""

from __future__ import annotations

import hashlib

import genanki

NAMESPACE = "osmose"


def stable_id(*parts: str) -> int:
    """A positive 31-bit-ish integer id from namespaced text (same text, same id, forever)."""
    digest = hashlib.sha256("\x1f".join((NAMESPACE,) + parts).encode("utf-8")).digest()
    # Anki ids are millisecond-like integers; stay within [2^30, 2^31) like genanki's examples.
    return (1 << 30) + int.from_bytes(digest[:8], "big") % (1 << 30)


def model_id(kind: str) -> int:
    """Note-type id for one of osmose's note kinds (``definition``, ``exercise`` …)."""
    return stable_id("note-type", kind)


def deck_id(name: str) -> int:
    """Deck id from the full deck name (``osmose::calculus``)."""
    return stable_id("deck", name)


def note_key(*parts: str) -> str:
    """The human-readable stable key a note carries in its ``Key`` field."""
    return NAMESPACE + ":" + "/".join(parts)


def guid(key: str) -> str:
    """GUID from the stable key only (never from the note's text)."""
    return genanki.guid_for(NAMESPACE, key)
