"""Field HTML: text and TeX escaped for Anki, math wrapped in Anki's MathJax delimiters.

Anki reads ``\\( … \\)`` and ``\\[ … \\]`` from the *rendered* HTML, so the TeX
inside must be HTML-escaped like any text (``&`` in a ``bmatrix`` becomes
``&amp;``); MathJax sees the unescaped characters again.
"""

from __future__ import annotations

import html
import re

from osmose.unitex import math_spans

_BLANK_LINES = re.compile(r"\n\s*\n")


#: punctuation right after display math: it belongs inside it, not on a line of its own
_AFTER_DISPLAY = re.compile(r"\\\]\s*([.,;:])")


def text(value: str) -> str:
    """Prose (which may contain inline ``\\( … \\)`` math) as escaped HTML."""
    value = _AFTER_DISPLAY.sub(lambda m: m[1] + r"\]", value.strip())
    escaped = html.escape(value, quote=False)
    return _BLANK_LINES.sub("<br><br>", escaped)


def words(name: str) -> str:
    """An id-like name as words: ``information-theory`` → ``Information theory``."""
    spaced = name.replace("-", " ").replace("_", " ").strip()
    return spaced[:1].upper() + spaced[1:]


def inline(tex: str) -> str:
    """Bare TeX as inline math."""
    return r"\(" + html.escape(tex.strip(), quote=False) + r"\)"


def display(tex: str) -> str:
    """Bare TeX as display math."""
    return r"\[" + html.escape(tex.strip(), quote=False) + r"\]"


def tag(name: str, body: str, cls: str = "", **attrs: str) -> str:
    """``<name class=…>body</name>``; attribute values are escaped."""
    parts = [name]
    if cls:
        parts.append(f'class="{html.escape(cls)}"')
    parts += [f'{k.replace("_", "-")}="{html.escape(str(v))}"' for k, v in attrs.items()]
    return f"<{' '.join(parts)}>{body}</{name}>"


def bullets(items: list[str], cls: str = "") -> str:
    """An HTML list of already-escaped items, or '' when there are none."""
    if not items:
        return ""
    return tag("ul", "".join(f"<li>{i}</li>" for i in items), cls)


def math_in(field_html: str) -> list[tuple[str, bool]]:
    """Every (TeX, display?) a field shows, unescaped as MathJax will read it."""
    return math_spans(html.unescape(field_html))
