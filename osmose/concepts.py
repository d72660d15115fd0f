"""Concept files: parse one YAML file into a ``Concept`` or a list of located errors.

Validation is strict (unknown keys are errors, so typos surface) and local:
a broken file yields ``KBError``s and no concept, and never stops the others
from loading. Checks that span files (duplicate ids, prerequisites, cycles,
generator links) live in ``osmose.kb``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from osmose import cloze, yamlsrc
from osmose.errors import KBError
from osmose.unitex import math_spans

ID_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


@dataclass(frozen=True)
class Meaning:
    field: str
    meaning: str


@dataclass(frozen=True)
class Symbol:
    tex: str
    name: str
    meanings: tuple[Meaning, ...] = ()
    #: extra names a learner may look it up by (``theta``, ``nabla``)
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Formula:
    name: str
    tex: str


class Fact(str):
    """A fact: as a string it is the statement a reader sees (cloze braces removed).

    ``source`` is the text as written, with ``{{…}}`` around the hidden parts;
    ``cloze`` cuts it into shown and hidden pieces for the quiz and Anki. Being a
    ``str`` keeps every place that only shows facts unchanged.
    """

    source: str
    cloze: cloze.Cloze

    def __new__(cls, source: str, parsed: cloze.Cloze | None = None):
        parsed = parsed or cloze.parse(source)
        self = super().__new__(cls, parsed.display)
        self.source, self.cloze = source, parsed
        return self

    def __getnewargs__(self):  # copy and pickle rebuild from the source, not the display text
        return (self.source,)


@dataclass(frozen=True)
class DerivationStep:
    tex: str
    why: str
    #: optional machine-checkable form, checked by ``osmose check``
    check: dict | None = None
    line: int = 0


@dataclass(frozen=True)
class Derivation:
    title: str
    steps: tuple[DerivationStep, ...]


@dataclass(frozen=True)
class ExerciseLink:
    generator: str
    params: dict
    line: int = 0


@dataclass(frozen=True)
class Concept:
    id: str
    title: str
    area: str
    definition: str
    tags: tuple[str, ...] = ()
    requires: tuple[str, ...] = ()
    symbols: tuple[Symbol, ...] = ()
    formulas: tuple[Formula, ...] = ()
    facts: tuple[Fact, ...] = ()
    derivations: tuple[Derivation, ...] = ()
    exercises: tuple[ExerciseLink, ...] = ()
    sources: tuple[str, ...] = ()
    path: str = ""
    lines: yamlsrc.Lines = field(default_factory=yamlsrc.Lines, compare=False, repr=False)

    def line(self, *keys) -> int:
        """The 1-based line of a field, for ``path:line:`` messages."""
        return self.lines.of(*keys)


# --- schema -----------------------------------------------------------------

TOP_KEYS = {
    "id": True, "title": True, "area": True, "definition": True,
    "tags": False, "requires": False, "symbols": False, "formulas": False,
    "facts": False, "derivations": False, "exercises": False, "sources": False,
}


class _Reader:
    """Typed accessors that collect errors with their lines instead of raising."""

    def __init__(self, path: str, lines: yamlsrc.Lines):
        self.path, self.lines, self.errors = path, lines, []

    def error(self, keys: tuple, message: str) -> None:
        self.errors.append(KBError(self.path, self.lines.of(*keys), message))

    def text(self, data: dict, keys: tuple, required=True) -> str:
        key = keys[-1]
        if key not in data:
            if required:
                self.error(keys[:-1], f"missing required field '{_dotted(keys)}'")
            return ""
        value = data[key]
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str) or not value.strip():
            self.error(keys, f"'{_dotted(keys)}' must be non-empty text")
            return ""
        return value.strip()

    def items(self, data: dict, keys: tuple, kind=dict) -> list:
        value = data.get(keys[-1], [])
        if value is None:
            return []
        if not isinstance(value, list):
            self.error(keys, f"'{_dotted(keys)}' must be a list")
            return []
        good = []
        for i, item in enumerate(value):
            if kind is str and isinstance(item, (int, float)) and not isinstance(item, bool):
                item = str(item)
            if not isinstance(item, kind):
                what = "text" if kind is str else "a mapping"
                self.error(keys + (i,), f"'{_dotted(keys)}' item {i + 1} must be {what}")
                continue
            good.append((i, item))
        return good

    def keys(self, data: dict, keys: tuple, allowed: set, required: set = frozenset()) -> bool:
        ok = True
        for key in data:
            if key not in allowed:
                where = _dotted(keys) or "concept"
                self.error(keys + (key,), f"unknown field '{key}' in {where} (allowed: {', '.join(sorted(allowed))})")
                ok = False
        for key in sorted(required - set(data)):
            self.error(keys, f"missing required field '{_dotted(keys + (key,))}'")
            ok = False
        return ok


def _dotted(keys: tuple) -> str:
    out = ""
    for k in keys:
        out += f"[{k}]" if isinstance(k, int) else (f".{k}" if out else str(k))
    return out


def load_concept(path: Path, text: str | None = None) -> tuple[Concept | None, list[KBError]]:
    """Parse one concept file. Returns (concept, []) or (None, errors)."""
    path = Path(path)
    shown = str(path)
    try:
        text = yamlsrc.read_text(path) if text is None else text
        data, lines = yamlsrc.load(text)
    except (OSError, UnicodeDecodeError) as err:
        return None, [KBError(shown, 1, f"cannot read file: {err}")]
    except yamlsrc.YAMLSyntaxError as err:
        return None, [KBError(shown, err.line, err.message)]
    if not isinstance(data, dict):
        return None, [KBError(shown, 1, "a concept file must be a YAML mapping (id:, title:, ...)")]
    r = _Reader(shown, lines)
    r.keys(data, (), set(TOP_KEYS), {k for k, req in TOP_KEYS.items() if req})

    cid = r.text(data, ("id",))
    if cid and not ID_RE.match(cid):
        r.error(("id",), f"id '{cid}' must be lowercase words joined by '-'")
    if cid and cid != path.stem:
        r.error(("id",), f"id '{cid}' must equal the file name '{path.stem}'")

    symbols = []
    for i, s in r.items(data, ("symbols",)):
        if r.keys(s, ("symbols", i), {"tex", "name", "meanings", "aliases"}, {"tex", "name"}):
            meanings = tuple(
                Meaning(r.text(m, ("symbols", i, "meanings", j, "field")),
                        r.text(m, ("symbols", i, "meanings", j, "meaning")))
                for j, m in r.items(s, ("symbols", i, "meanings"))
                if r.keys(m, ("symbols", i, "meanings", j), {"field", "meaning"}, {"field", "meaning"})
            )
            aliases = tuple(a for _, a in r.items(s, ("symbols", i, "aliases"), str))
            symbols.append(Symbol(r.text(s, ("symbols", i, "tex")), r.text(s, ("symbols", i, "name")),
                                  meanings, aliases))

    formulas = [
        Formula(r.text(f, ("formulas", i, "name")), r.text(f, ("formulas", i, "tex")))
        for i, f in r.items(data, ("formulas",))
        if r.keys(f, ("formulas", i), {"name", "tex"}, {"name", "tex"})
    ]

    derivations = []
    for i, d in r.items(data, ("derivations",)):
        if not r.keys(d, ("derivations", i), {"title", "steps"}, {"title", "steps"}):
            continue
        steps = []
        for j, s in r.items(d, ("derivations", i, "steps")):
            keys = ("derivations", i, "steps", j)
            if not r.keys(s, keys, {"tex", "why", "check"}, {"tex", "why"}):
                continue
            check = s.get("check")
            if check is not None and not isinstance(check, dict):
                r.error(keys + ("check",), "'check' must be a mapping")
                check = None
            steps.append(DerivationStep(r.text(s, keys + ("tex",)), r.text(s, keys + ("why",)),
                                        check, lines.of(*keys)))
        if not steps:
            r.error(("derivations", i), "a derivation needs at least one step")
        derivations.append(Derivation(r.text(d, ("derivations", i, "title")), tuple(steps)))

    exercises = []
    for i, e in r.items(data, ("exercises",)):
        if not r.keys(e, ("exercises", i), {"generator", "params"}, {"generator"}):
            continue
        params = e.get("params") or {}
        if not isinstance(params, dict):
            r.error(("exercises", i, "params"), "'params' must be a mapping")
            params = {}
        exercises.append(ExerciseLink(r.text(e, ("exercises", i, "generator")), params,
                                      lines.of("exercises", i)))

    facts = []
    for i, text in r.items(data, ("facts",), str):
        try:
            facts.append(Fact(text.strip(), cloze.parse(text.strip())))
        except cloze.ClozeError as err:
            r.error(("facts", i), f"fact {i + 1} {err}" if str(err).startswith("has ")
                    else f"fact {i + 1}: {err}")

    concept = Concept(
        id=cid,
        title=r.text(data, ("title",)),
        area=r.text(data, ("area",)),
        definition=r.text(data, ("definition",)),
        tags=tuple(t for _, t in r.items(data, ("tags",), str)),
        requires=tuple(t for _, t in r.items(data, ("requires",), str)),
        symbols=tuple(symbols),
        formulas=tuple(formulas),
        facts=tuple(facts),
        derivations=tuple(derivations),
        exercises=tuple(exercises),
        sources=tuple(t for _, t in r.items(data, ("sources",), str)),
        path=shown,
        lines=lines,
    )
    r.errors.extend(lint_tex(concept))
    if r.errors:
        once = {str(e): e for e in r.errors}  # a missing field is found by two checks: say it once
        return None, sorted(once.values(), key=lambda e: e.line)
    return concept, []


# --- TeX delimiters -----------------------------------------------------------

def prose_fields(c: Concept):
    """(keys, text) of every field that is prose with optional inline math."""
    yield ("title",), c.title
    yield ("definition",), c.definition
    for i, s in enumerate(c.symbols):
        yield ("symbols", i, "name"), s.name
        for j, m in enumerate(s.meanings):
            yield ("symbols", i, "meanings", j, "meaning"), m.meaning
    for i, f in enumerate(c.formulas):
        yield ("formulas", i, "name"), f.name
    for i, fact in enumerate(c.facts):
        yield ("facts", i), fact
    for i, d in enumerate(c.derivations):
        yield ("derivations", i, "title"), d.title
        for j, s in enumerate(d.steps):
            yield ("derivations", i, "steps", j, "why"), s.why


def tex_fields(c: Concept):
    """(keys, tex) of every field that is bare TeX (no delimiters)."""
    for i, s in enumerate(c.symbols):
        yield ("symbols", i, "tex"), s.tex
    for i, f in enumerate(c.formulas):
        yield ("formulas", i, "tex"), f.tex
    for i, d in enumerate(c.derivations):
        for j, s in enumerate(d.steps):
            yield ("derivations", i, "steps", j, "tex"), s.tex


_DELIM = re.compile(r"\\[()\[\]]|\$")


def prose_problem(text: str) -> str | None:
    """Why inline math in prose is badly delimited, or None. Math is ``\\( … \\)``."""
    open_ = None
    for m in _DELIM.finditer(text):
        tok = m.group()
        if tok == "$":
            return "use \\( … \\) for inline math, not $"
        if tok in ("\\(", "\\["):
            if open_:
                return f"'{tok}' opened inside '{open_}'"
            open_ = tok
        else:
            want = {"\\)": "\\(", "\\]": "\\["}[tok]
            if open_ != want:
                return f"'{tok}' closes nothing"
            open_ = None
    if open_:
        return f"'{open_}' is never closed"
    for math, _ in math_spans(text):
        problem = tex_problem(math)
        if problem:
            return problem
    return None


def tex_problem(tex: str) -> str | None:
    """Why a bare TeX string is malformed (delimiters inside, unbalanced braces), or None."""
    if _DELIM.search(tex):
        return "bare TeX must not contain math delimiters (\\( \\[ $)"
    depth = 0
    i = 0
    while i < len(tex):
        ch = tex[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth < 0:
                return "unbalanced braces: '}' closes nothing"
        i += 1
    if depth:
        return "unbalanced braces: '{' is never closed"
    return None


def lint_tex(c: Concept) -> list[KBError]:
    errors = []
    for keys, text in prose_fields(c):
        problem = text and prose_problem(text)
        if problem:
            errors.append(KBError(c.path, c.line(*keys), f"{_dotted(keys)}: {problem}"))
    for keys, text in tex_fields(c):
        problem = text and tex_problem(text)
        if problem:
            errors.append(KBError(c.path, c.line(*keys), f"{_dotted(keys)}: {problem}"))
    return errors


def as_dict(c: Concept) -> dict[str, Any]:
    """JSON-ready summary used by ``osmose concepts --json``."""
    return {
        "id": c.id, "title": c.title, "area": c.area, "tags": list(c.tags),
        "requires": list(c.requires),
        "families": sorted({e.generator for e in c.exercises}),
        "path": c.path,
    }
