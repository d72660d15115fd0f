"""Issue-5 families and concepts: every prompt, solution step, answer, mistake and concept formula
typesets in MathJax 3.2.2 (the version Anki ships)."""

from __future__ import annotations

import re

from conftest import ROOT, family
from osmose.concepts import load_concept, prose_fields, tex_fields
from osmose.exercises import make_exercise
from osmose.mathtext import tex

FAMILIES = ("gradient_jacobian", "jvp_vjp", "backprop", "newton", "gd_quadratic", "central_difference",
            "eigen_symmetric", "vectors3d", "quaternions", "change_of_variables")
CONCEPTS = ("calculus/gradient", "calculus/jacobian", "calculus/directional-derivative", "calculus/chain-rule",
            "calculus/automatic-differentiation", "calculus/taylor-expansion", "calculus/finite-differences",
            "calculus/jacobian-determinant", "calculus/weierstrass-approximation-theorem",
            "optimization/gradient-descent", "optimization/stochastic-gradient-descent",
            "optimization/momentum-and-adam", "optimization/learning-rate-warmup",
            "optimization/maximal-stable-learning-rate", "optimization/newtons-method",
            "optimization/rosenbrock-function", "optimization/neural-tangent-kernel", "optimization/convexity",
            "optimization/duality", "linear-algebra/dot-product", "linear-algebra/eigendecomposition",
            "linear-algebra/singular-values", "linear-algebra/riesz-representation-theorem",
            "geometry/cross-product", "geometry/quaternions", "physics/kinematics-vs-dynamics")
MATH = re.compile(r"\\\((.*?)\\\)|\\\[(.*?)\\\]", re.S)


def _prose(text: str, where: str) -> list[dict]:
    return [{"tex": inline or display, "display": bool(display), "where": where}
            for inline, display in MATH.findall(text)]


def test_exercises_typeset():
    from render_tools import typeset
    items = []
    for name in FAMILIES:
        fam = family(name)
        for params in fam.variants():
            for seed in range(6):
                ex = make_exercise(fam, params, seed)
                items += _prose(ex.prompt_tex, ex.id)
                items += [{"tex": s.tex, "display": True, "where": ex.id} for s in ex.solution if s.tex]
                items.append({"tex": tex(ex.answer), "display": True, "where": ex.id})
                items += [{"tex": tex(m.answer), "display": True, "where": ex.id + " " + m.name}
                          for m in ex.mistakes]
    failures, checked = typeset(items)
    assert not failures and checked == len(items)


def test_concepts_typeset():
    from render_tools import typeset
    items = []
    for rel in CONCEPTS:
        concept, errors = load_concept(ROOT / "concepts" / f"{rel}.yaml")
        assert not errors, errors
        for keys, text in prose_fields(concept):
            items += _prose(text, f"{rel}:{keys}")
        items += [{"tex": t, "display": True, "where": f"{rel}:{keys}"} for keys, t in tex_fields(concept)]
    failures, checked = typeset(items)
    assert not failures and checked == len(items)
