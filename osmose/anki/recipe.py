"""Deck recipes (``decks/<name>.yaml``): which concepts go into a deck, and how.

A recipe is checked completely against the knowledge base before any work is
done: an unknown concept, area, family or a broken exercise link is one
``path:line: problem`` error.

    deck: osmose                 # top deck; each area becomes osmose::<area>
    description: Everything in the built-in knowledge base.
    concepts: all                # or {ids: [...], areas: [...], tags: [...]}
    families: all                # or a list: only these exercise families
    variants: 5                  # verified variants per exercise note
    seed: 1                      # variants use seeds seed, seed+1, ...
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from osmose import yamlsrc
from osmose.concepts import Concept
from osmose.errors import KBError, OsmoseError
from osmose.kb import KnowledgeBase, suggest

MAX_VARIANTS = 50
KEYS = ("deck", "description", "concepts", "families", "variants", "seed")


@dataclass(frozen=True)
class Recipe:
    name: str
    path: str
    deck: str
    description: str = ""
    ids: tuple[str, ...] = ()
    areas: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    families: tuple[str, ...] | None = None  # None: every linked family
    variants: int = 5
    seed: int = 1
    lines: dict = field(default_factory=dict, compare=False, repr=False)

    def line(self, *keys) -> int:
        return self.lines.of(*keys) if hasattr(self.lines, "of") else 1


def find_recipe(kb_root: Path, name_or_path: str) -> Path:
    """A recipe name in ``decks/`` (``calculus``) or a path to a YAML file."""
    candidate = Path(name_or_path).expanduser()
    if candidate.suffix in (".yaml", ".yml") or os.sep in name_or_path:
        if not candidate.is_file():
            raise OsmoseError(f"{name_or_path}: no such recipe file")
        return candidate
    path = kb_root / "decks" / f"{name_or_path}.yaml"
    if not path.is_file():
        known = sorted(p.stem for p in (kb_root / "decks").glob("*.yaml"))
        raise OsmoseError(f"unknown deck recipe '{name_or_path}'{suggest(name_or_path, known)}"
                          f" (recipes: {', '.join(known) or 'none'})")
    return path


def load_recipe(path: Path) -> Recipe:
    """Parse a recipe file; every problem is a ``KBError`` (``path:line: …``)."""
    shown = str(_shown(path))
    try:
        data, lines = yamlsrc.load(yamlsrc.read_text(path))
    except yamlsrc.YAMLSyntaxError as err:
        raise KBError(shown, err.line, err.message) from None
    except (OSError, UnicodeDecodeError) as err:
        raise KBError(shown, 1, f"cannot read recipe: {err}") from None
    if not isinstance(data, dict):
        raise KBError(shown, 1, "a deck recipe must be a YAML mapping (deck:, concepts:, ...)")

    def fail(keys: tuple, message: str):
        raise KBError(shown, lines.of(*keys), message)

    for key in data:
        if key not in KEYS:
            fail((key,), f"unknown field '{key}' in recipe (allowed: {', '.join(KEYS)})")
    deck = data.get("deck")
    if not isinstance(deck, str) or not deck.strip() or "::" in deck or '"' in deck:
        fail(("deck",), "'deck' must be a deck name (subdecks per area are added)")
    description = data.get("description", "")
    if not isinstance(description, str):
        fail(("description",), "'description' must be text")

    ids = areas = tags = ()
    concepts = data.get("concepts", "all")
    if isinstance(concepts, dict):
        for key, value in concepts.items():
            if key not in ("ids", "areas", "tags"):
                fail(("concepts", key), f"unknown field '{key}' in concepts (allowed: ids, areas, tags)")
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                fail(("concepts", key), f"'concepts.{key}' must be a list of names")
        ids = tuple(concepts.get("ids", ()))
        areas = tuple(concepts.get("areas", ()))
        tags = tuple(concepts.get("tags", ()))
    elif concepts != "all":
        fail(("concepts",), "'concepts' must be 'all' or a mapping with ids, areas, tags")

    families = data.get("families", "all")
    if families == "all":
        families = None
    elif isinstance(families, list) and all(isinstance(f, str) for f in families):
        families = tuple(families)
    else:
        fail(("families",), "'families' must be 'all' or a list of family names")

    variants = data.get("variants", 5)
    if not isinstance(variants, int) or isinstance(variants, bool) or not 1 <= variants <= MAX_VARIANTS:
        fail(("variants",), f"'variants' must be a whole number from 1 to {MAX_VARIANTS}")
    seed = data.get("seed", 1)
    if not isinstance(seed, int) or isinstance(seed, bool) or seed < 0:
        fail(("seed",), "'seed' must be a non-negative whole number")
    return Recipe(Path(path).stem, shown, deck.strip(), description.strip(), ids, areas, tags,
                  families, variants, seed, lines)


def check_recipe(recipe: Recipe, kb: KnowledgeBase) -> list[Concept]:
    """The recipe's concepts, after checking every name it uses exists (one-line errors)."""
    for i, cid in enumerate(recipe.ids):
        if cid not in kb.concepts:
            raise KBError(recipe.path, recipe.line("concepts", "ids", i),
                          f"unknown concept '{cid}'{suggest(cid, kb.concepts)}")
    known_areas = kb.areas()
    for i, area in enumerate(recipe.areas):
        if area not in known_areas:
            raise KBError(recipe.path, recipe.line("concepts", "areas", i),
                          f"no concepts in area '{area}'{suggest(area, known_areas)}")
    if recipe.families is not None:
        for i, name in enumerate(recipe.families):
            if name not in kb.families:
                raise KBError(recipe.path, recipe.line("families", i),
                              f"unknown exercise family '{name}'{suggest(name, kb.families)}")
    concepts = kb.select(recipe.ids, recipe.areas, recipe.tags)
    chosen = {c.id for c in concepts}
    for err in kb.link_errors():
        if any(c.path == err.path for c in kb.concepts.values() if c.id in chosen):
            raise err
    return concepts


def _shown(path: Path) -> Path:
    rel = os.path.relpath(path)
    return Path(rel) if not rel.startswith("..") else Path(path)
