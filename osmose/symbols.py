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
    shown = to_unicode(tex).translate(_FOLD)
    keys = {tex, shown, symbol.name, _compact(tex)}
    if "(" in shown:  # 'D_KL(P ‖ Q)' also answers to 'D_KL', 'H(p)' to 'H'
        keys.add(shown.split("(", 1)[0])
    if tex.startswith("\\") and tex[1:].isalpha():
        keys.add(tex[1:])
    keys.update(symbol.aliases)
    return {k.strip() for k in keys if k.strip()}


def _compact(text: str) -> str:
    """TeX without font commands, braces and spaces: ``D_{\\mathrm{KL}}`` → ``D_KL``."""
    for font in ("\\mathrm", "\\operatorname", "\\mathbb", "\\mathcal", "\\text", "\\,"):
        text = text.replace(font, "")
    return "".join(ch for ch in text if ch not in "{} ")


def lookup(concepts, query: str) -> list[Match]:
    """Exact matches first (case-sensitive: σ is not Σ, Θ is not θ); else case-insensitive ones.

    The case-insensitive fallback never applies to a single character, whose case
    is its identity: asking for an unknown capital must not show the lowercase letter.
    """
    q = query.strip().translate(_FOLD)
    q_tex = q[1:] if q.startswith("\\") else q
    wanted = {q, q_tex, _compact(q)}
    pairs = [(c, s) for c in concepts for s in c.symbols]
    exact = [Match(c, s) for c, s in pairs if wanted & _keys(s)]
    if exact or len(q_tex) < 2:
        return exact
    low = q_tex.lower()
    return [Match(c, s) for c, s in pairs if low in {k.lower() for k in _keys(s) if len(k) > 1}]


def all_names(concepts) -> list[str]:
    """Every key a symbol answers to, for 'did you mean' suggestions."""
    return sorted({k for c in concepts for s in c.symbols for k in _keys(s)})
