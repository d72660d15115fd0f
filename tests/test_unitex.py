"""TeX → Unicode for terminals, against renderings written by hand."""

import pytest

from osmose.unitex import prose, to_unicode

CASES = [
    (r"\frac{\partial^2 f}{\partial x^2}", "∂²f/∂x²"),
    (r"H_{ij} = \frac{\partial^2 f}{\partial x_i \, \partial x_j}", "Hᵢⱼ = ∂²f/(∂xᵢ ∂xⱼ)"),
    (r"\theta_{t+1} = \theta_t - \eta \nabla_\theta L", "θₜ₊₁ = θₜ - η∇_θL"),
    (r"\mathcal{N}(\mu, \sigma^2)", "𝒩(μ, σ²)"),
    (r"\sqrt{2\pi\sigma^2}", "√(2πσ²)"),
    (r"\frac{1}{\sqrt{2\pi}}", "1/√(2π)"),
    (r"\frac{a+b}{2}", "(a + b)/2"),
    (r"\begin{bmatrix} 802 & -400 \\ -400 & 200 \end{bmatrix}", "[802, -400; -400, 200]"),
    (r"\mathbb{E}_{q}[\log p(x,z)]", "𝔼_q[log p(x, z)]"),
    (r"a \le b \to c", "a ≤ b → c"),
    (r"x^\top A x", "xᵀAx"),
    (r"e^{-x^2/2}", "e^(-x²/2)"),
    (r"\lVert h \rVert^2", "‖h‖²"),
    (r"\hat{\theta}", "θ̂"),
    (r"\log(x)", "log(x)"),
    (r"\unknownmacro{x}", "unknownmacrox"),
]


@pytest.mark.parametrize("tex,expected", CASES)
def test_to_unicode(tex, expected):
    assert to_unicode(tex) == expected


def test_prose_converts_only_math_spans():
    assert prose(r"Let \(f: \mathbb{R}^n \to \mathbb{R}\) be smooth.") == "Let f: ℝⁿ → ℝ be smooth."
    assert prose(r"Display \[x^2\] too.") == "Display x² too."
    assert prose("No math, 50% off & more.") == "No math, 50% off & more."


def test_never_raises_on_garbage():
    for junk in ["\\", "{", "}", "^", "_", "\\frac{", "\\begin{bmatrix}", "\\sqrt[", "x^{", "&&\\\\"]:
        assert isinstance(to_unicode(junk), str)


def test_functions_are_spaced_and_wrap_a_following_fraction():
    assert to_unicode(r"\ln \frac{\sigma_2}{\sigma_1}") == "ln(σ₂/σ₁)"
    assert to_unicode(r"t \ln \tfrac{1+t}{2}") == "t ln((1 + t)/2)"
    assert to_unicode(r"x\sin x") == "x sin x"


def test_text_keeps_its_spaces():
    assert to_unicode(r"a \text{ for } N") == "a for N"
    assert to_unicode(r"\text{true positives} = 9") == "true positives = 9"


# --- issue 16, item 12: plain-text math is never ambiguous ---------------------------------

UNAMBIGUOUS = [
    (r"\frac{f(x+h) - f(x-h)}{2h}", "(f(x + h) - f(x - h))/(2h)"),
    (r"\frac{\sigma_1^2 + (\mu_1-\mu_2)^2}{2\sigma_2^2}", "(σ₁² + (μ₁ - μ₂)²)/(2σ₂²)"),
    (r"\frac{(x-\mu)^2}{2\sigma^2}", "(x - μ)²/(2σ²)"),
    (r"\frac{\Delta(h, k)}{hk}", "Δ(h, k)/(hk)"),
    (r"\frac{1}{2\eta}", "1/(2η)"),
    (r"\frac{du}{u(s - u)}", "du/(u(s - u))"),
    (r"\frac{dx}{dt}", "dx/dt"),
    (r"\frac{d^2x}{dt^2}", "d²x/dt²"),
    (r"\frac{\partial f}{\partial x_i}", "∂f/∂xᵢ"),
    (r"\frac{p(x)}{q(x)}", "p(x)/q(x)"),
    (r"\frac{\sigma^2}{N}", "σ²/N"),
    (r"\lim_{h \to 0} \frac{f(a+h) - f(a)}{h}", "lim_(h → 0) (f(a + h) - f(a))/h"),
    (r"\left.\frac{d}{dt} f(x + tu)\right|_{t=0}", "d/dt f(x + tu)|ₜ₌₀"),
]


@pytest.mark.parametrize("tex,expected", UNAMBIGUOUS)
def test_denominators_that_are_products_are_bracketed(tex, expected):
    assert to_unicode(tex) == expected


def test_no_formula_of_the_knowledge_base_reads_ambiguously(builtin_kb):
    import re

    texts = []
    for c in builtin_kb.concepts.values():
        texts += [to_unicode(f.tex) for f in c.formulas]
        texts += [to_unicode(s.tex) for d in c.derivations for s in d.steps]
        texts += [prose(t) for t in (c.definition, *c.facts)]
    bad = [t for t in texts if re.search(r"/\d+[^\W\d_]|lim_[^(]|= \.|\(\([^()]*\)\)/", t)]
    assert bad == []
