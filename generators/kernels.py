"""Kernels: the polynomial kernel and its explicit feature map, RBF values, a Gram matrix.

The point drilled: k(x, y) = (x·y + c)² is an inner product φ(x)·φ(y) in a
7-dimensional feature space, φ(x) = (x₀², x₀x₁, x₁x₀, x₁², √(2c)x₀, √(2c)x₁, c),
so a kernel method never needs φ. Verification builds φ numerically with numpy
and takes dot products (and checks a Gram matrix is symmetric positive semi-definite);
RBF values are recomputed from numpy distances.
"""

from __future__ import annotations

import math

import numpy as np
import sympy as sp

from osmose import numeric
from osmose.family import (Checking, Evidence, Family, Param, Problem, Reject, Step,
                           VerificationError, distinct_mistakes)
from osmose.mathtext import tex, uni

#: level -> (coordinate range, offsets c for the polynomial kernel, RBF widths σ)
LEVELS = {
    1: (2, (1,), (1,)),
    2: (3, (1, 2), (1, 2)),
    3: (3, (sp.Rational(1, 2), 1, 2, 3), (sp.Rational(1, 2), 1, 2, 3)),
}

#: ask=features at level 2: a wider pool (coordinates in [-4, 4]; c with √(2c) = 1, √2, 2, 3, 4)
#: so a class of 200 gets ≥ 150 different points, while every feature stays a small integer
#: or an integer times √2
FEATURES_LEVEL_2 = (4, (sp.Rational(1, 2), 1, 2, sp.Rational(9, 2), 8))


def feature_map(x, c) -> tuple:
    """φ(x) for k(x, y) = (x·y + c)² in two dimensions, exactly."""
    s = sp.sqrt(2 * c)
    return (x[0] ** 2, x[0] * x[1], x[1] * x[0], x[1] ** 2, s * x[0], s * x[1], sp.sympify(c))


def poly_kernel(x, y, c):
    return (x[0] * y[0] + x[1] * y[1] + c) ** 2


def rbf_kernel(x, y, sigma):
    d2 = (x[0] - y[0]) ** 2 + (x[1] - y[1]) ** 2
    return sp.exp(-sp.Rational(d2) / (2 * sp.sympify(sigma) ** 2))


def _point(rng, r):
    return (rng.randint(-r, r), rng.randint(-r, r))


def _vec_tex(x):
    return r"\begin{pmatrix}" + r" \\ ".join(tex(sp.sympify(v)) for v in x) + r"\end{pmatrix}"


def _vec_text(x):
    return "(" + ", ".join(uni(sp.sympify(v)) for v in x) + ")"


def generate(rng, params) -> Problem:
    ask, (r, offsets, widths) = params["ask"], LEVELS[params["level"]]
    if ask == "features" and params["level"] == 2:
        r, offsets = FEATURES_LEVEL_2
    x, y = _point(rng, r), _point(rng, r)
    if x == (0, 0) or y == (0, 0) or x == y:
        raise Reject("zero or repeated point")
    c = sp.sympify(rng.choice(offsets))
    dot = x[0] * y[0] + x[1] * y[1]
    steps = []
    if ask == "polynomial":
        answer, kind = sp.sympify(poly_kernel(x, y, c)), "number"
        if dot + c == 0:
            raise Reject("kernel value zero")
        phi_x, phi_y = feature_map(x, c), feature_map(y, c)
        expanded = sp.Add(*[a * b for a, b in zip(phi_x, phi_y)], evaluate=False)
        q_tex = (rf"the polynomial kernel \(k(x,y) = (x\cdot y + c)^2\) with \(c = {tex(c)}\) for "
                 rf"\[x = {_vec_tex(x)},\quad y = {_vec_tex(y)}.\]")
        q_text = f"the polynomial kernel k(x, y) = (x·y + c)² with c = {uni(c)} for x = {x}, y = {y}"
        steps = [
            Step("Take the dot product.", rf"x\cdot y = {dot}", f"x·y = {dot}"),
            Step("Add c and square.", rf"k(x,y) = ({dot} + {tex(c)})^2 = {tex(answer)}",
                 f"k = ({dot} + {uni(c)})² = {uni(answer)}"),
            Step("Same value as the inner product of the explicit features φ(x)·φ(y).",
                 rf"\varphi(x)\cdot\varphi(y) = {tex(expanded)} = {tex(answer)}",
                 f"φ(x)·φ(y) = {uni(answer)}"),
        ]
        candidates = [
            ("forgot c", sp.Integer(dot ** 2), "The kernel adds c before squaring: (x·y + c)²."),
            ("forgot the square", dot + c, "The degree-2 polynomial kernel squares x·y + c."),
            ("squared termwise", sp.Integer(dot ** 2) + c ** 2,
             "(a + c)² ≠ a² + c²: the cross term 2c·x·y is what the √(2c) features carry."),
        ]
    elif ask == "features":
        answer, kind = feature_map(x, c), "tuple"
        q_tex = (rf"the explicit feature vector \(\varphi(x) = (x_0^2, x_0x_1, x_1x_0, x_1^2, \sqrt{{2c}}\,x_0, "
                 rf"\sqrt{{2c}}\,x_1, c)\) of the kernel \(k(x,y) = (x\cdot y + c)^2\) with \(c = {tex(c)}\) at "
                 rf"\[x = {_vec_tex(x)}.\]")
        q_text = (f"the feature vector φ(x) = (x₀², x₀x₁, x₁x₀, x₁², √(2c)·x₀, √(2c)·x₁, c) of "
                  f"k(x, y) = (x·y + c)² with c = {uni(c)} at x = {x}")
        steps = [
            Step("Expand the kernel: every product term is one feature pair.",
                 r"(x\cdot y + c)^2 = \sum_{i,j} x_i x_j\, y_i y_j + \sum_i \sqrt{2c}\,x_i\,\sqrt{2c}\,y_i + c\cdot c",
                 "(x·y + c)² = Σᵢⱼ xᵢxⱼ yᵢyⱼ + Σᵢ (√(2c)xᵢ)(√(2c)yᵢ) + c·c"),
            Step(f"Insert x and √(2c) = {uni(sp.sqrt(2 * c))}.", r"\varphi(x) = " + tex(answer),
                 "φ(x) = " + uni(answer)),
        ]
        s = sp.sqrt(2 * c)
        candidates = [
            ("no square root", answer[:4] + (2 * c * x[0], 2 * c * x[1], c),
             "The linear features carry √(2c), so that their product gives the cross term 2c·x·y."),
            ("constant c²", answer[:6] + (c ** 2,), "The constant feature is c: c·c = c² in the kernel."),
            ("forgot the linear factor", answer[:4] + (sp.Integer(x[0]), sp.Integer(x[1]), c),
             "Scale the linear features by √(2c) — here " + uni(s) + "."),
        ]
    elif ask == "rbf":
        sigma = sp.sympify(rng.choice(widths))
        d2 = (x[0] - y[0]) ** 2 + (x[1] - y[1]) ** 2
        answer, kind = rbf_kernel(x, y, sigma), "number"
        if sp.Rational(d2) / (2 * sigma ** 2) > 6:
            raise Reject("kernel value vanishingly small")
        q_tex = (rf"the RBF (Gaussian) kernel \(k(x,y) = \exp\!\left(-\frac{{\lVert x-y\rVert^2}}{{2\sigma^2}}\right)\) "
                 rf"with \(\sigma = {tex(sigma)}\) for \[x = {_vec_tex(x)},\quad y = {_vec_tex(y)}.\]")
        q_text = f"the RBF kernel k(x, y) = exp(−‖x−y‖²/(2σ²)) with σ = {uni(sigma)} for x = {x}, y = {y}"
        steps = [
            Step("Squared distance.", rf"\lVert x - y\rVert^2 = {d2}", f"‖x − y‖² = {d2}"),
            Step("Divide by 2σ² and exponentiate the negative.",
                 rf"k(x,y) = \exp\!\left(-\frac{{{d2}}}{{{tex(2 * sigma ** 2)}}}\right) = {tex(answer)}",
                 f"k = exp(−{d2}/{uni(2 * sigma ** 2)}) = {uni(answer)}"),
        ]
        candidates = [
            ("forgot the 2", sp.exp(-sp.Rational(d2) / sigma ** 2), "The RBF kernel divides by 2σ², not σ²."),
            ("distance not squared", sp.exp(-sp.sqrt(d2) / (2 * sigma ** 2)),
             "Use the squared distance ‖x − y‖² in the exponent."),
            ("dropped the minus", sp.exp(sp.Rational(d2) / (2 * sigma ** 2)),
             "The exponent is negative: an RBF kernel is at most 1, equal to 1 only at x = y."),
        ]
    else:
        z = _point(rng, r)
        points = (x, y, z) if params["level"] > 1 else (x, y)
        if len(set(points)) < len(points) or (0, 0) in points:
            raise Reject("repeated or zero point")
        n = len(points)
        gram = sp.Matrix(n, n, lambda i, j: poly_kernel(points[i], points[j], c))
        if any(v == 0 for v in gram):
            raise Reject("zero kernel value")
        answer, kind = gram, "matrix"
        pts_tex = r",\quad ".join(rf"x_{{{i + 1}}} = {_vec_tex(p)}" for i, p in enumerate(points))
        q_tex = (rf"the Gram matrix \(K_{{ij}} = k(x_i, x_j)\) of the polynomial kernel "
                 rf"\(k(x,y) = (x\cdot y + c)^2\) with \(c = {tex(c)}\) for \[{pts_tex}.\]")
        q_text = (f"the Gram matrix K_ij = k(x_i, x_j) of k(x, y) = (x·y + c)² with c = {uni(c)} for "
                  + ", ".join(f"x{i + 1} = {p}" for i, p in enumerate(points)))
        dots = sp.Matrix(n, n, lambda i, j: points[i][0] * points[j][0] + points[i][1] * points[j][1])
        steps = [
            Step("All pairwise dot products (the linear-kernel Gram matrix).", r"\left[x_i\cdot x_j\right] = " + tex(dots),
                 "[xᵢ·xⱼ] = " + uni(dots)),
            Step("Add c and square entrywise; K is symmetric positive semi-definite.", "K = " + tex(gram),
                 "K = " + uni(gram)),
        ]
        candidates = [
            ("linear kernel", dots, "That is XXᵀ; apply the kernel: add c and square each entry."),
            ("forgot c", dots.applyfunc(lambda v: v ** 2), "Add c before squaring each dot product."),
            ("squared the matrix", (dots + c * sp.ones(n, n)) ** 2,
             "Square each entry, not the matrix: K_ij = (xᵢ·xⱼ + c)²."),
        ]
    mistakes = distinct_mistakes(candidates, answer, lambda a, b: a != b)
    given = {"ask": ask, "x": list(x), "y": list(y), "c": str(c)}
    if ask == "rbf":
        given = {"ask": ask, "x": list(x), "y": list(y), "sigma": str(sigma)}
    if ask == "gram":
        given = {"ask": ask, "points": [list(p) for p in points], "c": str(c)}
    checking = Checking(precision="exact") if ask == "polynomial" else Checking(sig_figs=3)
    return Problem(
        prompt_tex="Compute " + q_tex + " " + checking.statement(),
        prompt_text="Compute " + q_text + ". " + checking.statement(),
        answer=answer,
        kind=kind,
        solution=tuple(steps),
        given=given,
        checking=checking,
        mistakes=mistakes,
    )


def _phi(x: np.ndarray, c: float) -> np.ndarray:
    """The explicit 7-D feature map, numerically: outer product, then linear terms, then c."""
    return np.concatenate([np.outer(x, x).ravel(), math.sqrt(2 * c) * x, [c]])


def verify(given, answer) -> Evidence:
    ask = given["ask"]
    if ask == "rbf":
        x, y = np.array(given["x"], float), np.array(given["y"], float)
        sigma = float(sp.Rational(given["sigma"]))
        expected = math.exp(-np.sum((x - y) ** 2) / (2 * sigma * sigma))
        err = numeric.require_close(expected, float(answer), "k(x, y)")
        return Evidence("numpy", "exp(-‖x−y‖²/(2σ²)) from numpy distances", err)
    c = float(sp.Rational(given["c"]))
    if ask == "gram":
        pts = np.array(given["points"], float)
        feats = np.array([_phi(p, c) for p in pts])
        expected = feats @ feats.T
        got = np.array(answer.evalf(), dtype=float)
        if got.shape != expected.shape:
            raise VerificationError(f"Gram matrix shape {got.shape} != {expected.shape}")
        if np.linalg.eigvalsh(expected).min() < -1e-9:
            raise VerificationError("Gram matrix is not positive semi-definite")
        err = max(numeric.require_close(a, b, "K") for a, b in zip(expected.ravel(), got.ravel()))
        return Evidence("explicit feature map", "Φ Φᵀ with numpy features φ(x) ∈ R⁷; PSD checked", err)
    x, y = np.array(given["x"], float), np.array(given["y"], float)
    if ask == "features":
        got = np.array([float(v) for v in answer])
        expected = _phi(x, c)
        err = max(numeric.require_close(a, b, "φ(x)") for a, b in zip(expected, got))
        err = max(err, numeric.require_close(float((x @ y + c) ** 2), float(got @ _phi(y, c)),
                                             "kernel identity φ(x)·φ(y)"))
        return Evidence("explicit feature map", "numpy φ(x) entrywise, and φ(x)·φ(y) = (x·y + c)²", err)
    expected = float(_phi(x, c) @ _phi(y, c))
    err = numeric.require_close(expected, float(answer), "k(x, y)")
    return Evidence("explicit feature map", "φ(x)·φ(y) with numpy features φ ∈ R⁷", err)


def baseline(given: dict):
    """Bare SymPy: kernel values, features or Gram matrix from the data (benchmarks/generate.py)."""
    ask = given["ask"]
    if ask == "rbf":
        d = sp.Matrix(given["x"]) - sp.Matrix(given["y"])
        return sp.exp(-d.dot(d) / (2 * sp.Rational(given["sigma"]) ** 2))
    c = sp.Rational(given["c"])
    if ask == "gram":
        X = sp.Matrix(given["points"])
        return (X * X.T + c * sp.ones(X.rows, X.rows)).applyfunc(lambda v: v ** 2)
    x = sp.Matrix(given["x"])
    if ask == "features":
        return tuple(x * x.T) + tuple(sp.sqrt(2 * c) * x) + (c,)
    return (x.dot(sp.Matrix(given["y"])) + c) ** 2


FAMILY = Family(
    name="kernels",
    version=2,
    title="Kernels and feature maps",
    summary="Polynomial kernel = inner product of explicit features; RBF kernel values; Gram matrices.",
    params={
        "ask": Param("polynomial", ("polynomial", "features", "rbf", "gram"),
                     "polynomial: (x·y + c)²; features: φ(x); rbf: Gaussian kernel value; gram: Gram matrix"),
        "level": Param(1, (1, 2, 3),
                       "1: coordinates in [-2, 2], c = σ = 1, 2×2 Gram; 2: coordinates in [-3, 3], c, σ ∈ {1, 2}, 3×3 Gram; "
                       "3: c, σ ∈ {1/2, 1, 2, 3}; features at level 2: coordinates in [-4, 4], "
                       "c ∈ {1/2, 1, 2, 9/2, 8}"),
    },
    generate=generate,
    verify=verify,
    baseline=baseline,
)
