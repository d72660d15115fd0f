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
