"""`osmose symbol`: every symbol the knowledge base uses answers with the meanings it uses,
and a letter's case is its identity (Θ is never answered with θ)."""

from __future__ import annotations

import pytest

from conftest import ROOT, run_osmose, write_kb
from osmose.kb import KnowledgeBase
from osmose.symbols import lookup


@pytest.fixture(scope="module")
def concepts():
    return list(KnowledgeBase.load(ROOT).concepts.values())


def meanings(concepts, query) -> str:
    matches = lookup(concepts, query)
    assert matches, f"no symbol answers {query!r}"
    return "\n".join(f"{m.symbol.name} | " + " | ".join(f"{x.field}: {x.meaning}" for x in m.symbol.meanings)
                     for m in matches)


@pytest.mark.parametrize("query, expected", [
    ("Θ", ["neural tangent kernel", "parameter space", "tight asymptotic bound"]),
    ("Ψ", ["factor analysis"]),
    ("Ξ", ["grand canonical partition function"]),
    ("∇", ["gradient", "divergence"]),
    ("∂", ["partial derivative", "boundary"]),
    ("D_KL", ["relative to", "expectation is under the first argument"]),
    ("∇²", ["Hessian", "Laplacian"]),
    ("α", ["Metropolis–Hastings acceptance probability", r"\bar\alpha_t"]),
    ("β", [r"noise schedule \(\beta_t\)"]),
    ("γ", [r"responsibility \(\gamma_{ik}\)"]),
    ("ε", ["machine epsilon", "dual unit", "leapfrog step size", "Levi-Civita"]),
    ("μ", ["strong-convexity modulus", "a measure"]),
    ("ν", ["equality constraints", "second measure"]),
    ("ξ", ["Lagrange remainder"]),
    ("ψ", [r"clique potential \(\psi_C"]),
    ("ω", [r"an outcome \(\omega \in \Omega\)"]),
    ("Ω", [r"regularizer \(\Omega(\theta)\)", "sample space"]),
    ("σ", ["-algebra", "standard deviation"]),
    ("∼", ["distributed as"]),
    ("∝", ["proportional"]),
    ("≡", ["defined as"]),
    ("⟨·⟩", ["expectation", "inner product"]),
    ("𝔼", ["expected value"]),
    ("𝟙", ["indicator"]),
])
def test_every_listed_symbol_answers_with_its_meanings(concepts, query, expected):
    text = meanings(concepts, query)
    for words in expected:
        assert words in text, (query, words, text)


def test_a_capital_is_never_answered_with_its_lowercase(concepts):
    assert "policy parameters" not in meanings(concepts, "Θ")
    assert "neural tangent kernel" not in meanings(concepts, "θ")
    assert {m.symbol.tex for m in lookup(concepts, "Theta")} == {r"\Theta"}


def test_lookup_rules_on_a_tiny_knowledge_base(tmp_path):
    root = write_kb(tmp_path, {"concepts/notation/letters.yaml": r"""
        id: letters
        title: Letters
        area: notation
        definition: D
        symbols:
          - {tex: '\theta', name: theta, aliases: [theta]}
          - {tex: 'D_{\mathrm{KL}}(P \,\|\, Q)', name: KL divergence}
          - {tex: 'H_f', name: Hessian of f}
        """})
    concepts = list(KnowledgeBase.load(root).concepts.values())
    assert lookup(concepts, "Θ") == []          # no capital theta here: nothing, not θ
    assert [m.symbol.name for m in lookup(concepts, "THETA")] == ["theta"]  # names ignore case
    for query in ("D_KL", "D_{KL}", r"D_{\mathrm{KL}}", "D_KL(P ‖ Q)"):
        assert [m.symbol.name for m in lookup(concepts, query)] == ["KL divergence"], query
    assert lookup(concepts, "h_f") and lookup(concepts, "h") == []  # one letter: case is identity


def test_cli_answers_capital_theta_and_refuses_an_unknown_capital(tmp_path):
    result = run_osmose("symbol", "Θ")
    assert result.returncode == 0 and "neural tangent kernel" in result.stdout
    assert "policy parameters" not in result.stdout
    root = write_kb(tmp_path, {"concepts/notation/letters.yaml": r"""
        id: letters
        title: Letters
        area: notation
        definition: D
        symbols:
          - {tex: '\psi', name: psi, aliases: [psi]}
        """})
    refused = run_osmose("symbol", "Ψ", "--kb", root)
    assert refused.returncode == 2 and "no symbol 'Ψ'" in refused.stderr
    assert len(refused.stderr.strip().splitlines()) == 1


GREEK = ("alpha beta gamma Gamma delta Delta epsilon varepsilon zeta eta theta Theta vartheta iota "
         "kappa lambda Lambda mu nu xi Xi pi Pi rho sigma Sigma tau upsilon Upsilon phi varphi Phi "
         "chi psi Psi omega Omega").split()


def test_every_greek_letter_the_knowledge_base_uses_is_in_greek_letters(concepts):
    import re

    from osmose.concepts import prose_fields, tex_fields

    used = set()
    for c in concepts:
        for _, text in list(prose_fields(c)) + list(tex_fields(c)):
            used.update(re.findall(r"\\([A-Za-z]+)(?![A-Za-z])", text))
    letters = sorted(set(GREEK) & used)
    assert len(letters) > 20
    missing = [g for g in letters
               if not any(m.concept.id == "greek-letters" for m in lookup(concepts, "\\" + g))]
    assert not missing, missing
