"""Review items: what the quiz asks about a concept, each under a stable key.

Two kinds:

* **facts**, self-graded after the reveal: the definition, what each symbol
  denotes (and, for a symbol with meanings per field, what it means in each
  field: one item per field), each named formula, each cloze fact and each
  step of each derivation;
* **skills**, checked automatically: one per exercise link of the concept,
  drawn with a fresh seed at every review so answers cannot be memorised.

Keys name the thing asked about, never the wording: ``fact:hessian:definition``,
``fact:hessian:symbol:H_f``, ``fact:hessian:formula:entries``,
``fact:hessian:derivation:second-order-taylor-expansion:2``,
``fact:greek-letters:symbol:theta:RL``, ``fact:hessian:fact:continuous-second-partials``
(a cloze fact is named by its hidden text, so rewording around it keeps its history),
``skill:hessian:hessian:variables=2``. Rewording a definition keeps its history.
A skill's key holds the link's own params (not the family's defaults), so a
family gaining a defaulted param keeps the learner's history too.

Question and answer texts are prose with inline math as ``\\( … \\)`` (TeX is
wrapped), so one renderer turns every item into terminal Unicode.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from osmose.concepts import Concept
from osmose.errors import OsmoseError
from osmose.exercises import params_key


@dataclass(frozen=True)
class Item:
    """One thing to remember or to be able to do."""

    key: str
    concept: str
    kind: str  # "fact" | "skill"
    #: what the prompt is about, e.g. "formula: entries"
    label: str
    question: str = ""
    answer: str = ""
    #: a nudge that gives part of the answer away (counts as a lapse)
    hint: str = ""
    #: earlier steps shown with a derivation step's question (TeX)
    context: tuple[str, ...] = ()
    family: str = ""
    params: dict = field(default_factory=dict)


def concept_items(concept: Concept) -> list[Item]:
    """Every item of one concept, in teaching order: words, symbols, formulas, facts, steps, skills."""
    cid, title = concept.id, concept.title
    items: list[Item] = []
    used: set[str] = set()

    def key(*parts: str) -> str:
        base = ":".join(("fact", cid) + parts)
        k, n = base, 2
        while k in used:
            k, n = f"{base}-{n}", n + 1
        used.add(k)
        return k

    items.append(Item(
        key=key("definition"), concept=cid, kind="fact", label="definition",
        question=f"{title}: state the definition.",
        answer=concept.definition, hint=_first_words(concept.definition),
    ))
    for symbol in concept.symbols:
        sslug = slug(symbol.tex, keep_case=True)
        shown = f"\\({symbol.tex}\\)"
        items.append(Item(
            key=key("symbol", sslug), concept=cid, kind="fact", label=f"symbol {shown}",
            question=(f"{title}: what is the symbol {shown} called?" if symbol.meanings else
                      f"{title}: what does {shown} denote?"),
            answer=symbol.name, hint=_first_words(symbol.name),
        ))
        for m in symbol.meanings:  # one item per field, never a list of meanings to recite
            items.append(Item(
                key=key("symbol", sslug, slug(m.field, keep_case=True)), concept=cid, kind="fact",
                label=f"symbol {shown} in {m.field}",
                question=f"In {m.field}, what does {shown} usually denote?",
                answer=m.meaning, hint=_first_words(m.meaning),
            ))
    for formula in concept.formulas:
        items.append(Item(
            key=key("formula", slug(formula.name)), concept=cid, kind="fact",
            label=f"formula: {formula.name}",
            question=f"{title}: write the formula for {formula.name}.",
            answer=f"\\({formula.tex}\\)", hint=concept.definition,
        ))
    for fact in concept.facts:
        hidden = fact.cloze.hidden
        items.append(Item(
            key=key("fact", fact.cloze.slug), concept=cid, kind="fact", label="fact",
            question=f"{title}: {fact.cloze.question()}",
            answer="; ".join(hidden), hint=_first_words("; ".join(hidden)),
        ))
    for derivation in concept.derivations:
        dslug = slug(derivation.title)
        for n, step in enumerate(derivation.steps, start=1):
            first = n == 1
            items.append(Item(
                key=key("derivation", dslug, str(n)), concept=cid, kind="fact",
                label=f"{derivation.title}, step {n}",
                question=(f"{derivation.title}: what is the first step?" if first else
                          f"{derivation.title}: what is the next step?"),
                answer=f"\\({step.tex}\\) — {step.why}", hint=step.why,
                context=tuple(s.tex for s in derivation.steps[:n - 1]),
            ))
    seen_skills: set[str] = set()
    for link in concept.exercises:
        try:
            pkey = params_key({k: link.params[k] for k in sorted(link.params)})
        except OsmoseError:
            continue  # reported by 'osmose check'; nothing sensible to drill
        skey = f"skill:{cid}:{link.generator}:{pkey}"
        if skey in seen_skills:
            continue
        seen_skills.add(skey)
        items.append(Item(
            key=skey, concept=cid, kind="skill",
            label=f"exercise: {link.generator}" + (f" ({pkey})" if pkey else ""),
            family=link.generator, params=dict(link.params),
        ))
    return items


def build_items(concepts: list[Concept], families=None) -> list[Item]:
    """Items of the concepts in the order given (callers pass prerequisite order).

    With ``families`` (name → Family), skills whose family is missing are left
    out: a broken link is reported by ``osmose check``, not by the quiz.
    """
    out: list[Item] = []
    for concept in concepts:
        out += teaching_order([i for i in concept_items(concept) if i.kind != "skill"
                               or families is None or i.family in families])
    return out


def teaching_order(items: list[Item]) -> list[Item]:
    """One concept's items as they are introduced: its definition, then its first skill, then the rest.

    An exercise needs the definition, not every formula and derivation step, so
    the first one comes second; later skills keep their place and the quiz's
    session mix interleaves them with the facts.
    """
    first = [i for i in items if i.key.endswith(":definition") and i.kind == "fact"][:1]
    first += [i for i in items if i.kind == "skill"][:1]
    return first + [i for i in items if all(i is not f for f in first)]


_NON_KEY = re.compile(r"[^A-Za-z0-9_]+")


def slug(text: str, keep_case: bool = False) -> str:
    """A key fragment: ``Second-order Taylor`` → ``second-order-taylor``; ``\\Theta`` → ``Theta``."""
    text = text.replace("\\", " ")
    out = _NON_KEY.sub("-", text if keep_case else text.lower()).strip("-")
    return out or "x"


def _first_words(text: str, share: float = 0.3) -> str:
    """The opening of a text (about a third, at least two words) followed by an ellipsis."""
    words = re.sub(r"\\\(.*?\\\)", "…", text).split()
    n = max(2, int(len(words) * share))
    return " ".join(words[:n]) + " …" if len(words) > n else ""
