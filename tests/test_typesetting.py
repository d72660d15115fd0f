"""Every TeX string osmose emits typesets under MathJax 3.2.2 (the version Anki ships),
with `noerrors` and `noundefined` left out so an error is an error: every concept's
prose math and formulas, and every family's prompts, steps, answers and mistakes."""

from __future__ import annotations

import pytest

from conftest import ROOT
from osmose.concepts import prose_fields, tex_fields
from osmose.exercises import make_exercise
from osmose.kb import KnowledgeBase, load_families
from osmose.mathtext import tex
from osmose.unitex import math_spans

SEEDS = range(4)


def prose_items(text: str, where: str) -> list[dict]:
    return [{"tex": math, "display": display, "where": where} for math, display in math_spans(text)]


def exercise_items(ex) -> list[dict]:
    items = prose_items(ex.prompt_tex, ex.id)
    items += [{"tex": s.tex, "display": True, "where": f"{ex.id} step"} for s in ex.solution if s.tex]
    items += prose_items(" ".join(s.say for s in ex.solution), f"{ex.id} step words")
    items.append({"tex": tex(ex.answer), "display": True, "where": f"{ex.id} answer"})
    items += [{"tex": tex(m.answer), "display": True, "where": f"{ex.id} mistake {m.name}"}
              for m in ex.mistakes]
    return items


def test_every_concept_typesets():
    from render_tools import typeset

    kb = KnowledgeBase.load(ROOT)
    items = []
    for c in kb.concepts.values():
        for keys, text in prose_fields(c):
            items += prose_items(text, f"{c.path}:{c.line(*keys)}")
        items += [{"tex": t, "display": True, "where": f"{c.path}:{c.line(*keys)}"}
                  for keys, t in tex_fields(c)]
    failures, checked = typeset(items)
    assert checked == len(items) > 1000
    assert not failures, failures[:5]


FAMILIES, _ = load_families(ROOT / "generators")


@pytest.mark.parametrize("name", sorted(FAMILIES))
def test_every_exercise_typesets(name):
    from render_tools import typeset

    family = FAMILIES[name]
    items = [item for params in family.variants() for seed in SEEDS
             for item in exercise_items(make_exercise(family, params, seed))]
    failures, checked = typeset(items)
    assert checked == len(items)
    assert not failures, failures[:5]
