"""A knowledge base: the concepts, deck recipes and generator families under one folder.

Concepts load without SymPy (``osmose concepts`` stays light); families load on
first use. Every problem found is a ``KBError`` with ``path:line``; a broken
file is skipped and the rest of the knowledge base stays usable.
"""

from __future__ import annotations

import dataclasses
import difflib
import hashlib
import importlib.util
import os
import sys
import traceback
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from osmose import BUILTIN_KB
from osmose.concepts import Concept, load_concept
from osmose.errors import KBError, OsmoseError
from osmose.family import Family


def resolve_root(path: str | os.PathLike | None = None) -> Path:
    """``--kb`` beats ``OSMOSE_KB`` beats the built-in knowledge base."""
    root = Path(path or os.environ.get("OSMOSE_KB") or BUILTIN_KB).expanduser()
    if not (root / "concepts").is_dir():
        raise OsmoseError(f"{root}: not a knowledge base (no concepts/ folder)")
    return root


@dataclass
class KnowledgeBase:
    root: Path
    concepts: dict[str, Concept] = field(default_factory=dict)
    errors: list[KBError] = field(default_factory=list)

    @classmethod
    def load(cls, path: str | os.PathLike | None = None) -> "KnowledgeBase":
        root = resolve_root(path)
        kb = cls(root)
        for file in sorted((root / "concepts").rglob("*.yaml")):
            concept, errors = load_concept(shown_path(file))
            kb.errors.extend(errors)
            if concept is None:
                continue
            if concept.id in kb.concepts:
                first = kb.concepts[concept.id]
                kb.errors.append(KBError(concept.path, concept.line("id"),
                                         f"duplicate id '{concept.id}' (also in {first.path})"))
                continue
            kb.concepts[concept.id] = concept
        kb.errors.extend(kb._graph_errors())
        return kb

    # --- concepts -----------------------------------------------------------

    def concept(self, cid: str) -> Concept:
        if cid in self.concepts:
            return self.concepts[cid]
        broken = [e for e in self.errors if isinstance(e, KBError) and Path(e.path).stem == cid]
        if broken:  # its file exists but could not be read: say why, not "unknown"
            more = f" (and {len(broken) - 1} more problem(s) in that file)" if len(broken) > 1 else ""
            raise OsmoseError(f"concept '{cid}' could not be loaded: {broken[0]}{more}")
        raise OsmoseError(f"unknown concept '{cid}'{suggest(cid, self.concepts)}")

    def select(self, ids=(), areas=(), tags=()) -> list[Concept]:
        """Concepts matching any given id, and every given area and tag filter."""
        for cid in ids:
            self.concept(cid)
        chosen = [c for c in self.concepts.values()
                  if (not ids or c.id in ids)
                  and (not areas or c.area in areas)
                  and (not tags or set(tags) & set(c.tags))]
        return self.in_prerequisite_order(chosen)

    def in_prerequisite_order(self, concepts: list[Concept]) -> list[Concept]:
        """Stable topological order: prerequisites first, then area and id."""
        order: list[Concept] = []
        seen: set[str] = set()

        def visit(c: Concept, stack: tuple = ()):
            if c.id in seen or c.id in stack:
                return
            for req in sorted(c.requires):
                if req in self.concepts:
                    visit(self.concepts[req], stack + (c.id,))
            seen.add(c.id)
            order.append(c)

        for c in sorted(self.concepts.values(), key=lambda c: (c.area, c.id)):
            visit(c)
        wanted = {c.id for c in concepts}
        return [c for c in order if c.id in wanted]

    def areas(self) -> list[str]:
        return sorted({c.area for c in self.concepts.values()})

    def _graph_errors(self) -> list[KBError]:
        errors = []
        for c in self.concepts.values():
            for i, req in enumerate(c.requires):
                if req not in self.concepts:
                    errors.append(KBError(c.path, c.line("requires", i),
                                          f"unknown prerequisite '{req}'{suggest(req, self.concepts)}"))
        for cycle in find_cycles({c.id: [r for r in c.requires if r in self.concepts]
                                  for c in self.concepts.values()}):
            c = self.concepts[cycle[0]]
            errors.append(KBError(c.path, c.line("requires"),
                                  "prerequisite cycle: " + " -> ".join(cycle + [cycle[0]])))
        return errors

    # --- families -----------------------------------------------------------

    @cached_property
    def _loaded(self) -> tuple[dict[str, Family], list[KBError]]:
        return load_families(self.root / "generators")

    @property
    def families(self) -> dict[str, Family]:
        return self._loaded[0]

    @property
    def family_errors(self) -> list[KBError]:
        return self._loaded[1]

    def family(self, name: str) -> Family:
        if name in self.families:
            return self.families[name]
        raise OsmoseError(f"unknown exercise family '{name}'{suggest(name, self.families)}")

    def link_errors(self) -> list[KBError]:
        """Concept exercise links that name a missing family or bad params."""
        errors = []
        for c in self.concepts.values():
            for link in c.exercises:
                if link.generator not in self.families:
                    errors.append(KBError(c.path, link.line, f"unknown exercise family "
                                          f"'{link.generator}'{suggest(link.generator, self.families)}"))
                    continue
                try:
                    self.families[link.generator].resolve(link.params)
                except OsmoseError as err:
                    errors.append(KBError(c.path, link.line, str(err)))
        return errors

    def linking(self, family: str) -> list[str]:
        """Ids of the concepts that drill a family."""
        return sorted(c.id for c in self.concepts.values()
                      if any(e.generator == family for e in c.exercises))


def load_families(folder: Path) -> tuple[dict[str, Family], list[KBError]]:
    """Import every ``generators/*.py`` module and collect its ``FAMILY``."""
    families: dict[str, Family] = {}
    errors: list[KBError] = []
    if not folder.is_dir():
        return families, errors
    tag = hashlib.sha1(str(folder.resolve()).encode()).hexdigest()[:10]
    for file in sorted(folder.glob("*.py")):
        if file.name.startswith("_"):
            continue
        try:
            family = _import_family(shown_path(file), f"osmose_kb_{tag}_{file.stem}")
        except KBError as err:
            errors.append(err)
            continue
        if family.name in families:
            errors.append(KBError(str(shown_path(file)), 1, f"duplicate family name '{family.name}'"))
            continue
        families[family.name] = family
    return families, errors


def _import_family(file: Path, module_name: str) -> Family:
    if module_name in sys.modules:
        module = sys.modules[module_name]
    else:
        spec = importlib.util.spec_from_file_location(module_name, file)
        module = importlib.util.module_from_spec(spec)
        sys.modules[module_name] = module
        try:
            spec.loader.exec_module(module)
        except SyntaxError as err:
            del sys.modules[module_name]
            raise KBError(str(file), err.lineno or 1, f"syntax error: {err.msg}") from None
        except Exception as err:  # a user's generator may fail in any way
            del sys.modules[module_name]
            frames = [f for f in traceback.extract_tb(err.__traceback__) if f.filename == str(file)]
            line = frames[-1].lineno if frames else 1
            raise KBError(str(file), line, f"cannot import: {type(err).__name__}: {err}") from None
    family = getattr(module, "FAMILY", None)
    if not isinstance(family, Family):
        raise KBError(str(file), 1, "a generator module must define FAMILY = Family(...)")
    if family.name != file.stem:
        raise KBError(str(file), 1, f"FAMILY.name '{family.name}' must equal the file name '{file.stem}'")
    return dataclasses.replace(family, path=str(file))


def find_cycles(graph: dict[str, list[str]]) -> list[list[str]]:
    """Each prerequisite cycle once, as the list of ids along it."""
    cycles, state = [], {}

    def visit(node, stack):
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                cycles.append(stack[stack.index(nxt):])
            elif nxt not in state:
                visit(nxt, stack)
        stack.pop()
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node, [])
    return cycles


def shown_path(file: Path) -> Path:
    """A path as a user would type it: relative to the working directory when inside it."""
    rel = os.path.relpath(file)
    return Path(rel) if not rel.startswith("..") else file


def suggest(word: str, choices) -> str:
    close = difflib.get_close_matches(word, list(choices), n=3, cutoff=0.5)
    return f" (did you mean {', '.join(close)}?)" if close else ""
