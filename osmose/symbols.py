"""Look notation up: ``θ``, ``theta``, ``\\theta`` or a symbol's name → where it is defined."""

from __future__ import annotations

from dataclasses import dataclass

from osmose.concepts import Concept, Symbol
from osmose.unitex import to_unicode

#: Unicode variants a learner may type for the same letter
_FOLD = str.maketrans({"ϵ": "ε", "ϕ": "φ", "ϑ": "θ", "ϱ": "ρ", "ς": "σ", "ϖ": "π", "µ": "μ"})


@dataclass(frozen=True)
class Match:
    concept: Concept
    symbol: Symbol

    @property
    def shown(self) -> str:
        return to_unicode(self.symbol.tex)


def _keys(symbol: Symbol) -> set[str]:
    tex = symbol.tex.strip()
    keys = {tex, to_unicode(tex).translate(_FOLD), symbol.name}
    if tex.startswith("\\") and tex[1:].isalpha():
        keys.add(tex[1:])
    keys.update(symbol.aliases)
    return {k.strip() for k in keys if k.strip()}


def lookup(concepts, query: str) -> list[Match]:
    """Exact matches first (case-sensitive: σ is not Σ); else case-insensitive ones."""
    q = query.strip().translate(_FOLD)
    q_tex = q[1:] if q.startswith("\\") else q
    pairs = [(c, s) for c in concepts for s in c.symbols]
    exact = [Match(c, s) for c, s in pairs if q in _keys(s) or q_tex in _keys(s)]
    if exact:
        return exact
    low = q_tex.lower()
    return [Match(c, s) for c, s in pairs if low in {k.lower() for k in _keys(s)}]


def all_names(concepts) -> list[str]:
    """Every key a symbol answers to, for 'did you mean' suggestions."""
    return sorted({k for c in concepts for s in c.symbols for k in _keys(s)})
