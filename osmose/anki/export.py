"""Export a deck recipe to an ``.apkg``: collect notes, generate variants, write.

``export_deck`` is all the CLI calls. Everything a user can get wrong (unknown
recipe, concept, area or family) is raised as one line *before* any generation
starts. ``progress(stage, done, total)`` reports "generate" and "write" stages.
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from osmose.anki import ids, models, template
from osmose.anki.concept_notes import concept_notes
from osmose.anki.exercise_notes import exercise_note
from osmose.anki.manifest import Clock, Manifest, manifest_path, next_mod
from osmose.anki.notes import NoteSpec
from osmose.anki.package import FixedDeck, TimedNote, write_package
from osmose.anki.recipe import Recipe, check_recipe, find_recipe, load_recipe
from osmose.anki.variants import Job, VariantCache, resolve_variants
from osmose.errors import OsmoseError
from osmose.kb import KnowledgeBase
from osmose.outputs import writable_file

Progress = Callable[[str, int, int], None]
CARDS_PER_NOTE = {k.kind: len(k.templates) for k in models.KINDS.values()}


@dataclass
class ExportResult:
    path: Path
    manifest: Path
    deck: str
    notes_by_kind: Counter = field(default_factory=Counter)
    notes_by_area: Counter = field(default_factory=Counter)
    cards: int = 0
    variants: int = 0            # variants shipped, over all exercise notes
    distinct: int = 0            # distinct (family, params, seed) variants behind them
    generated: int = 0           # of those, computed now (the rest came from the cache)
    failures: list[str] = field(default_factory=list)
    new: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    kb_errors: int = 0
    seconds: dict = field(default_factory=dict)

    @property
    def notes(self) -> int:
        return sum(self.notes_by_kind.values())


def default_output(kb_root: Path, recipe: Recipe) -> Path:
    return kb_root / "decks" / "build" / f"{recipe.name}.apkg"


def export_deck(kb: KnowledgeBase, recipe_name: str = "osmose", output: Path | None = None,
                progress: Progress | None = None, workers: int = 2,
                cache_path: Path | None | bool = True) -> ExportResult:
    """Build the deck described by a recipe (a name in ``decks/`` or a path)."""
    t0 = time.perf_counter()
    recipe = load_recipe(find_recipe(kb.root, recipe_name))
    concepts = check_recipe(recipe, kb)
    if not concepts:
        raise OsmoseError(f"{recipe.path}: the recipe selects no concepts")
    out = Path(output) if output else default_output(kb.root, recipe)
    if out.suffix != ".apkg":
        raise OsmoseError(f"{out}: the output file must end in .apkg")
    writable_file(out)  # before minutes of generating, not after
    if cache_path is True:
        cache_path = kb.root / "decks" / "build" / ".cache" / "variants.sqlite"

    # 1. which variants are needed
    links = []
    for c in concepts:
        for link in c.exercises:
            if recipe.families is None or link.generator in recipe.families:
                family = kb.family(link.generator)
                params = tuple(sorted(family.resolve(link.params).items()))
                jobs = [Job(family.name, params, recipe.seed + i) for i in range(recipe.variants)]
                links.append((c, link, family, jobs))
    t1 = time.perf_counter()

    # 2. generate what the cache lacks
    all_jobs = sorted({j for *_, jobs in links for j in jobs}, key=lambda j: (j.family, j.params, j.seed))
    payloads: dict[Job, dict] = {}
    generated = 0
    if all_jobs:  # a deck without exercises never imports the generators (SymPy)
        cache = VariantCache(cache_path or None)
        try:
            payloads, generated = resolve_variants(
                all_jobs, kb.families, kb.root / "generators", cache, workers,
                (lambda d, t: progress("generate", d, t)) if progress else None)
        finally:
            cache.close()
    t2 = time.perf_counter()

    # 3. notes
    result = ExportResult(out, manifest_path(out), recipe.deck, distinct=len(all_jobs), generated=generated,
                          kb_errors=len(kb.errors))
    specs: list[NoteSpec] = []
    for c in concepts:
        specs.extend(concept_notes(c))
    memo: dict = {}
    for c, link, family, jobs in links:
        good = []
        for job in jobs:
            payload = payloads[job]
            if "error" in payload:
                result.failures.append(payload["error"])
            else:
                good.append(payload)
        if good:
            specs.append(exercise_note(c, link, family, good, memo))
            result.variants += len(good)
    duplicates = [k for k, n in Counter(s.key for s in specs).items() if n > 1]
    if duplicates:
        raise OsmoseError(f"two notes share the key {duplicates[0]} (two links to the same "
                          "family with the same params?)")

    # 4. modification times from content, against the last export's manifest
    previous = Manifest.read(result.manifest)
    current = Manifest()
    clock = Clock()
    type_sources = (models.__file__, template.__file__)
    model_objs = {}
    for kind in models.KINDS.values():
        mod, _ = next_mod(previous.note_types.get(kind.kind), kind.content_hash(),
                          clock.of(type_sources))
        current.note_types[kind.kind] = {"hash": kind.content_hash(), "mod": mod}
        model_objs[kind.kind] = models.FixedModel(kind, mod)

    decks: dict[str, FixedDeck] = {}
    top = FixedDeck(ids.deck_id(recipe.deck), recipe.deck, recipe.description)
    for spec in specs:
        h = spec.content_hash()
        old = previous.notes.get(spec.key)
        mod, changed = next_mod(old, h, clock.of(spec.sources))
        current.notes[spec.key] = {"hash": h, "mod": mod, "kind": spec.kind}
        if changed:
            (result.changed if old else result.new).append(spec.key)
        name = f"{recipe.deck}::{spec.area}"
        if name not in decks:
            decks[name] = FixedDeck(ids.deck_id(name), name)
        decks[name].add_note(TimedNote(model=model_objs[spec.kind], fields=list(spec.fields),
                                       tags=list(spec.tags), guid=spec.guid, mod=mod))
        result.notes_by_kind[spec.kind] += 1
        result.notes_by_area[spec.area] += 1
        result.cards += CARDS_PER_NOTE[spec.kind]
    result.removed = sorted(set(previous.notes) - set(current.notes))
    t3 = time.perf_counter()

    # 5. write
    if progress:
        progress("write", 0, 1)
    timestamp = max([n["mod"] for n in current.notes.values()]
                    + [t["mod"] for t in current.note_types.values()])
    for kind in models.KINDS.values():  # every note type ships, even unused, so ids stay put
        top.add_model(model_objs[kind.kind])
    write_package([top] + [decks[n] for n in sorted(decks)], out, timestamp)
    current.write(result.manifest, recipe.name, recipe.deck)
    if progress:
        progress("write", 1, 1)
    t4 = time.perf_counter()
    result.seconds = {"load": round(t1 - t0, 3), "generate": round(t2 - t1, 3),
                      "notes": round(t3 - t2, 3), "write": round(t4 - t3, 3),
                      "total": round(t4 - t0, 3)}
    return result
