"""Helpers for the Anki tests: a tiny knowledge base, importing into a real collection.

The tiny knowledge base has a fast, honest exercise family (a 2×2 matrix
product verified by integer arithmetic) so export tests do not depend on what
the built-in generators look like today; its TeX has ``&`` and ``<`` so HTML
escaping is exercised.
"""

from __future__ import annotations

from pathlib import Path

from conftest import write_kb

MATMUL = r'''
"""Product of two small integer matrices (a test family)."""
import sympy as sp

from osmose.family import Checking, Evidence, Family, Param, Problem, Reject, Step, VerificationError
from osmose.mathtext import given_str, tex


def generate(rng, params):
    n = params["size"]
    a = sp.Matrix(n, n, lambda i, j: rng.randint(-4, 4))
    b = sp.Matrix(n, n, lambda i, j: rng.randint(-4, 4))
    if a.det() == 0 or b.det() == 0:
        raise Reject("singular")
    ab = a * b
    return Problem(
        prompt_tex=r"Compute \(AB\) for \[A = " + tex(a) + r",\quad B = " + tex(b) + r".\] " + Checking().statement(),
        prompt_text=f"Compute AB for A = {a.tolist()}, B = {b.tolist()}. {Checking().statement()}",
        answer=ab, kind="matrix",
        solution=(Step("Entry \\((i,j)\\) is row \\(i\\) of \\(A\\) times column \\(j\\) of \\(B\\), "
                       "so \\(0 < i \\le n\\):", r"(AB)_{ij} = \sum_k A_{ik} B_{kj}"),
                  Step("Hence", "AB = " + tex(ab))),
        given={"A": given_str(a), "B": given_str(b)},
        checking=Checking(),
    )


def verify(given, answer):
    a = [[int(v) for v in row] for row in given["A"]]
    b = [[int(v) for v in row] for row in given["B"]]
    n = len(a)
    for i in range(n):
        for j in range(n):
            if sum(a[i][k] * b[k][j] for k in range(n)) != answer[i, j]:
                raise VerificationError(f"entry {i},{j}")
    return Evidence("integer arithmetic", f"all {n * n} entries recomputed as row-by-column sums")


FAMILY = Family(name="matmul", version=1, title="Matrix product",
                summary="Multiply two small integer matrices.",
                params={"size": Param(2, (2, 3), "matrix size")},
                generate=generate, verify=verify)
'''

DERIVATIVE = r"""
id: derivative
title: Derivative
area: calculus
tags: [basics]
symbols:
  - tex: 'f^\prime'
    name: derivative of f
  - tex: '\frac{df}{dx}'
    name: Leibniz notation for the derivative
formulas:
  - name: limit definition
    tex: "f'(x) = \\lim_{h \\to 0} \\frac{f(x+h) - f(x)}{h}"
  - name: ReLU derivative
    tex: '\operatorname{ReLU}^\prime(x) = \begin{cases} 1 & x > 0 \\ 0 & x < 0 \end{cases}'
definition: >-
  The rate of change of \(f\) at \(x\): the limit of difference quotients, when
  it exists (so that \(f(x+h) \approx f(x) + f'(x) h\) for small \(h\)).
facts:
  - 'Differentiable implies {{continuous}}; the converse fails (\(|x|\) at 0).'
derivations:
  - title: Derivative of x squared
    steps:
      - tex: '\frac{(x+h)^2 - x^2}{h} = \frac{2xh + h^2}{h}'
        why: 'Expand the square.'
      - tex: '= 2x + h'
        why: 'Cancel \(h \neq 0\).'
      - tex: '\to 2x \quad (h \to 0)'
        why: 'Take the limit.'
exercises:
  - generator: matmul
sources: ['https://en.wikipedia.org/wiki/Derivative']
"""

MATRIX_PRODUCT = r"""
id: matrix-product
title: Matrix product
area: linear-algebra
requires: [derivative]
symbols:
  - tex: 'AB'
    name: product of A and B
    meanings:
      - {field: linear algebra, meaning: 'composition of the maps \(x \mapsto Bx\) then \(A\)'}
definition: >-
  For \(A \in \mathbb{R}^{m \times n}\) and \(B \in \mathbb{R}^{n \times p}\), the
  \(m \times p\) matrix with entries \((AB)_{ij} = \sum_k A_{ik} B_{kj}\).
formulas:
  - name: entries
    tex: '(AB)_{ij} = \sum_{k=1}^{n} A_{ik} B_{kj}'
exercises:
  - generator: matmul
    params: {size: 2}
  - generator: matmul
    params: {size: 3}
sources: ['https://en.wikipedia.org/wiki/Matrix_multiplication']
"""

RECIPES = {
    "decks/all.yaml": """
        deck: osmose
        description: test deck
        concepts: all
        variants: 3
        seed: 1
    """,
    "decks/calc.yaml": """
        deck: osmose
        concepts:
          areas: [calculus]
        variants: 3
        seed: 1
    """,
}


def tiny_kb(root: Path) -> Path:
    return write_kb(root, {
        "generators/matmul.py": MATMUL,
        "concepts/calculus/derivative.yaml": DERIVATIVE,
        "concepts/linear-algebra/matrix-product.yaml": MATRIX_PRODUCT,
        **RECIPES,
    })


# --- Anki ------------------------------------------------------------------------

def new_collection(folder: Path):
    from anki.collection import Collection
    folder.mkdir(parents=True, exist_ok=True)
    return Collection(str(folder / "collection.anki2"))


def import_apkg(col, path: Path) -> dict[str, int]:
    """Import as a user would (update notes if newer); counts per outcome."""
    from anki.collection import ImportAnkiPackageOptions, ImportAnkiPackageRequest
    from anki.import_export_pb2 import ImportAnkiPackageUpdateCondition as When

    out = col.import_anki_package(ImportAnkiPackageRequest(
        package_path=str(path),
        options=ImportAnkiPackageOptions(
            merge_notetypes=True,
            update_notes=When.IMPORT_ANKI_PACKAGE_UPDATE_CONDITION_IF_NEWER,
            update_notetypes=When.IMPORT_ANKI_PACKAGE_UPDATE_CONDITION_IF_NEWER,
            with_scheduling=False, with_deck_configs=False)))
    log = out.log
    return {name: len(getattr(log, name)) for name in (
        "new", "updated", "duplicate", "conflicting", "first_field_match", "missing_notetype",
        "missing_deck", "empty_first_field")}


def review(col, count: int, deck: str = "osmose") -> list[int]:
    """Answer ``count`` queued cards of ``deck`` 'good' through the scheduler; their card ids."""
    from anki.scheduler.v3 import CardAnswer

    col.decks.select(col.decks.id_for_name(deck))
    done = []
    for _ in range(count):
        queued = col.sched.get_queued_cards(fetch_limit=1)
        if not queued.cards:
            break
        top = queued.cards[0]
        card = col.get_card(top.card.id)
        card.start_timer()
        col.sched.answer_card(col.sched.build_answer(card=card, states=top.states,
                                                     rating=CardAnswer.GOOD))
        done.append(card.id)
    return done


def notes_by_key(col) -> dict[str, object]:
    return {col.get_note(nid).fields[0]: col.get_note(nid) for nid in col.find_notes("")}
