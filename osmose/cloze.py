"""Cloze facts: ``'The Hessian is symmetric when f has {{continuous second partials}}.'``

A fact hides one or more spans wrapped in ``{{`` and ``}}`` so the quiz and Anki
can ask it. Markers count only outside inline math: TeX such as ``x^{{2}}``
inside ``\\( … \\)`` is never a marker, and a span may hold whole math
(``{{\\(\\sigma_1\\)}}``), whose ``}}`` does not close the span. Spans do not nest.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from osmose.unitex import MATH_SPAN

OPEN, CLOSE = "{{", "}}"
BLANK = "[…]"


class ClozeError(ValueError):
    """A fact whose cloze markers are malformed; the message names the problem."""


@dataclass(frozen=True)
class Cloze:
    """A fact cut into alternating shown and hidden pieces: ``(shown, hidden, shown, …)``."""

    pieces: tuple[str, ...]

    @property
    def hidden(self) -> tuple[str, ...]:
        return self.pieces[1::2]

    @property
    def display(self) -> str:
        """The whole fact as a statement (no braces)."""
        return "".join(self.pieces)

    def question(self, blank: str = BLANK) -> str:
        """The fact with every hidden span replaced by ``blank``."""
        return "".join(blank if i % 2 else p for i, p in enumerate(self.pieces))

    def render(self, shown, hidden) -> str:
        """Join the pieces after mapping shown ones through ``shown`` and hidden ones through ``hidden``."""
        return "".join(hidden(p) if i % 2 else shown(p) for i, p in enumerate(self.pieces))

    @property
    def slug(self) -> str:
        """A stable key fragment naming what is asked (the hidden text), not the wording around it."""
        raw = " ".join(self.hidden)
        text = re.sub(r"[^a-z0-9]+", "-", raw.replace("\\", " ").lower()).strip("-") or "x"
        if len(text) > 40:
            text = text[:40].rstrip("-") + "-" + hashlib.sha1(raw.encode("utf-8")).hexdigest()[:6]
        return text


def parse(text: str) -> Cloze:
    """Split a fact into shown and hidden pieces, or raise ``ClozeError``."""
    math_end = {m.start(): m.end() for m in MATH_SPAN.finditer(text)}
    pieces, start, inside, i = [], 0, False, 0
    while i < len(text):
        if i in math_end:
            i = math_end[i]
            continue
        pair = text[i:i + 2]
        if pair == OPEN:
            if inside:
                raise ClozeError("'{{' opened inside another cloze (clozes do not nest)")
            pieces.append(text[start:i])
            start, inside, i = i + 2, True, i + 2
            continue
        if pair == CLOSE:
            if not inside:
                raise ClozeError("'}}' closes no cloze")
            hidden = text[start:i]
            if not hidden.strip():
                raise ClozeError("empty cloze '{{}}'")
            pieces.append(hidden)
            start, inside, i = i + 2, False, i + 2
            continue
        i += 1
    if inside:
        raise ClozeError("'{{' is never closed")
    pieces.append(text[start:])
    if len(pieces) == 1:
        raise ClozeError("has no {{…}} cloze")
    return Cloze(tuple(pieces))
