"""Kernels: derive a feature map, work in feature space through k alone, decide validity,
predict with kernel ridge regression.

``ask`` picks the task; ``level`` makes it harder. Indices count from 1 (x₁, x₂), as
everywhere else.

* features: derive the feature map of a polynomial kernel and give φ(x) at a point, the
  features ordered by a stated list of monomials (the coefficients, such as √2, are the
  learner's to find). Level 1: (x·y)² in R²; 2: (x·y + c)² in R²; 3: (x·y)³ in R², or
  (x·y)² in R³.
* distance: feature-space geometry through the kernel alone. Level 1: ‖φ(x) − φ(y)‖² for
  a polynomial kernel; 2: ‖φ(x) − φ(y)‖ for an RBF kernel; 3: the squared distance from
  φ(x) to the feature-space mean of three points (as in kernel k-means and MMD).
* valid: is k a valid (positive semi-definite) kernel? Level 1: one closure rule, or a
  failure visible at one point (k(x, x) < 0); 2: compositions (exp of a kernel, f(x)f(y)k,
  products) and subtler failures (‖x − y‖², a difference of kernels); 3: the Gram matrix
  of a given function at two points and its smallest eigenvalue (negative: not valid).
* ridge: a kernel ridge regression prediction f(x*) = k*ᵀ(K + λI)⁻¹y. Level 1: two 1-D
  points, linear kernel plus a constant; 2: two points, (xy + 1)²; 3: three points.

Verification: the explicit feature map in numpy (features, polynomial distances), numpy
kernel values (RBF), seeded searches for a Gram matrix with a negative eigenvalue over a
grid of points and PSD checks on random point sets (validity), numpy.linalg.eigvalsh (level
3 validity) and numpy.linalg.solve (ridge).
"""

from __future__ import annotations

import itertools
import math
import random

import numpy as np
import sympy as sp

from osmose import numeric
from osmose.family import (Checking, Evidence, Family, Mistake, Param, Problem, Reject, Step,
                           VerificationError, distinct_mistakes)
from osmose.mathtext import tex, uni

EXACT = Checking(precision="exact")
NUMBER = Checking(sig_figs=3)
VALIDITY = Checking(choices=("valid", "not valid"))
#: offsets c with √(2c) a small integer or √2 times one
OFFSETS = (sp.Rational(1, 2), 1, 2, sp.Rational(9, 2), 8)


def _vec_tex(x):
    return r"\begin{pmatrix}" + r" \\ ".join(tex(sp.sympify(v)) for v in x) + r"\end{pmatrix}"


def _vec_text(x):
    return "(" + ", ".join(uni(sp.sympify(v)) for v in x) + ")"


def _dot(x, y):
    return sum(sp.sympify(a) * b for a, b in zip(x, y))


# --- features -----------------------------------------------------------------------

def monomials(n: int, d: int, with_lower: bool) -> list[tuple]:
    """Exponent tuples of the features, highest degree first, then graded lexicographic."""
    degrees = range(d, -1, -1) if with_lower else (d,)
    out = []
    for deg in degrees:
        out += sorted((e for e in itertools.product(range(deg + 1), repeat=n) if sum(e) == deg), reverse=True)
    return out


def feature_coefficients(n: int, d: int, c) -> list:
    """√ of the multinomial weights of (x·y + c)^d: k(x, y) = Σ_m coef_m² x^m y^m."""
    out = []
    for e in monomials(n, d, c != 0):
        rest = d - sum(e)
        weight = sp.factorial(d) / (sp.prod([sp.factorial(k) for k in e]) * sp.factorial(rest))
        out.append(sp.sqrt(weight * sp.sympify(c) ** rest))
    return out


def _mono_text(e) -> str:
    sup = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
    parts = [f"x{str(i + 1).translate(str.maketrans('0123456789', '₀₁₂₃₄₅₆₇₈₉'))}" + (str(k).translate(sup) if k > 1 else "")
             for i, k in enumerate(e) if k]
    return "".join(parts) or "1"


def _mono_tex(e) -> str:
    parts = [f"x_{i + 1}" + (f"^{k}" if k > 1 else "") for i, k in enumerate(e) if k]
    return " ".join(parts) or "1"


def _term_tex(cf, e) -> str:
    mono = _mono_tex(e)
    return (mono if cf == 1 else tex(cf) if mono == "1" else rf"{tex(cf)}\,{mono}")


def _term_text(cf, e) -> str:
    mono = _mono_text(e)
    return (mono if cf == 1 else uni(cf) if mono == "1" else f"{uni(cf)}·{mono}")


def _features(rng: random.Random, level: int) -> Problem:
    if level == 1:
        n, d, c, top = 2, 2, sp.Integer(0), 9
    elif level == 2:
        n, d, c, top = 2, 2, sp.sympify(rng.choice(OFFSETS)), 4
    else:
        n, d, c, top = (2, 3, sp.Integer(0), 6) if rng.random() < 0.5 else (3, 2, sp.Integer(0), 3)
    x = tuple(rng.randint(-top, top) for _ in range(n))
    if sum(v != 0 for v in x) < n:
        raise Reject("keep every coordinate in play")
    monos = monomials(n, d, c != 0)
    coefs = feature_coefficients(n, d, c)
    answer = tuple(sp.nsimplify(cf * sp.prod([sp.Integer(v) ** k for v, k in zip(x, e)])) for cf, e in zip(coefs, monos))
    kern_tex = rf"(x\cdot y{' + ' + tex(c) if c else ''})^{d}"
    kern_text = f"(x·y{' + ' + uni(c) if c else ''}){'²' if d == 2 else '³'}"
    basis_tex = ", ".join(_mono_tex(e) for e in monos)
    basis_text = ", ".join(_mono_text(e) for e in monos)
    say = NUMBER.statement()
    where = "R²" if n == 2 else "R³"
    prompt_tex = (rf"The kernel \(k(x, y) = {kern_tex}\) on \(\mathbb R^{n}\) is an inner product "
                  rf"\(k(x, y) = \varphi(x)\cdot\varphi(y)\) of features, one per monomial, ordered "
                  rf"\(({basis_tex})\), each with a positive coefficient. Find the coefficients by expanding "
                  rf"\(k\), then give \(\varphi(x)\) at \(x = {_vec_tex(x)}\). {say}")
    prompt_text = (f"The kernel k(x, y) = {kern_text} on {where} is an inner product k(x, y) = φ(x)·φ(y) of features, "
                   f"one per monomial, ordered ({basis_text}), each with a positive coefficient. Find the coefficients "
                   f"by expanding k, then give φ(x) at x = {_vec_text(x)}. {say}")
    steps = (
        Step("Expand k as a sum over monomials: each term x^m·y^m with weight w_m becomes the feature √(w_m)·x^m "
             "(the multinomial theorem gives w_m).",
             rf"(x\cdot y{' + ' + tex(c) if c else ''})^{d} = \sum_m w_m\, x^m y^m,\quad \varphi_m(x) = \sqrt{{w_m}}\,x^m",
             f"{kern_text} = Σ_m w_m·x^m·y^m, φ_m(x) = √(w_m)·x^m"),
        Step("The coefficients √w_m in the stated order.",
             r"\varphi(x) = \left(" + ", ".join(_term_tex(cf, e) for cf, e in zip(coefs, monos)) + r"\right)",
             "φ(x) = (" + ", ".join(_term_text(cf, e) for cf, e in zip(coefs, monos)) + ")"),
        Step("At the point; check: φ(x)·φ(x) = k(x, x).",
             rf"\varphi(x) = {tex(answer)},\quad \lVert\varphi(x)\rVert^2 = {tex(sp.expand(sum(a * a for a in answer)))} "
             rf"= k(x, x)",
             f"φ(x) = {uni(answer)}, ‖φ(x)‖² = {uni(sp.expand(sum(a * a for a in answer)))} = k(x, x)"),
    )
    weights_no_root = tuple(sp.nsimplify(cf**2 * sp.prod([sp.Integer(v) ** k for v, k in zip(x, e)]))
                            for cf, e in zip(coefs, monos))
    ones = tuple(sp.prod([sp.Integer(v) ** k for v, k in zip(x, e)]) * (sp.sympify(c) ** (d - sum(e)) if c else 1)
                 for e in monos)
    candidates = [
        ("weights without the square root", weights_no_root,
         f"The kernel multiplies two features, so each carries the square root of its weight "
         f"({uni(coefs[1])}, not {uni(coefs[1] ** 2)})."),
        ("coefficients forgotten", ones,
         "Mixed monomials appear several times in the expansion of k (x₁x₂ twice in (x·y)²): their features "
         "carry the square root of that count."),
    ]
    return Problem(prompt_tex=prompt_tex, prompt_text=prompt_text, answer=answer, kind="tuple", solution=steps,
                   given={"ask": "features", "kernel": f"(x.y + {c})**{d}", "c": str(c), "degree": d, "n": n,
                          "x": list(x), "monomials": [list(e) for e in monos]},
                   checking=NUMBER, mistakes=distinct_mistakes(candidates, answer, lambda a, b: a != b))


# --- distances in feature space ------------------------------------------------------

def _poly(x, y, c, d=2):
    return (_dot(x, y) + c) ** d


def _poly_names(c) -> tuple[str, str]:
    """(x·y + c)² in TeX and text, without a "+ 0"."""
    if c == 0:
        return r"(x\cdot y)^2", "(x·y)²"
    return rf"(x\cdot y + {tex(c)})^2", f"(x·y + {uni(c)})²"


def _rbf(x, y, sigma):
    d2 = sum((sp.Integer(a) - b) ** 2 for a, b in zip(x, y))
    return sp.exp(-d2 / (2 * sp.sympify(sigma) ** 2))


def _distance(rng: random.Random, level: int) -> Problem:
    r = 2 if level == 1 else 3
    pt = lambda: (rng.randint(-r, r), rng.randint(-r, r))  # noqa: E731
    x, y = pt(), pt()
    if x == y:
        raise Reject("the same point")
    if level == 1:
        c = sp.sympify(rng.choice((0, 1, 2, 3)))
        kxx, kxy, kyy = _poly(x, x, c), _poly(x, y, c), _poly(y, y, c)
        answer = sp.expand(kxx - 2 * kxy + kyy)
        kern_tex, kern_text = _poly_names(c)
        ask_tex, ask_text = r"\lVert\varphi(x) - \varphi(y)\rVert^2", "‖φ(x) − φ(y)‖²"
        given = {"ask": "distance", "kernel": "poly", "c": str(c), "x": list(x), "y": list(y), "squared": True}
        candidates = [("input-space distance", sp.Integer(sum((a - b) ** 2 for a, b in zip(x, y))),
                       "That is ‖x − y‖² in the input space; in feature space use k(x,x) − 2k(x,y) + k(y,y)."),
                      ("forgot the 2", sp.expand(kxx - kxy + kyy),
                       "‖a − b‖² = a·a − 2a·b + b·b: the cross term appears twice."),
                      ("sign of the cross term", sp.expand(kxx + 2 * kxy + kyy), "‖a − b‖² has −2a·b.")]
        final_tex, final_text = tex(answer), uni(answer)
    elif level == 2:
        sigma = sp.sympify(rng.choice((1, 2, 3, sp.Rational(1, 2), sp.Rational(3, 2))))
        kxy = _rbf(x, y, sigma)
        if float(kxy) < 1e-4:
            raise Reject("points too far apart for this width")
        answer = sp.sqrt(2 - 2 * kxy)
        kern_tex = rf"\exp\!\left(-\frac{{\lVert x-y\rVert^2}}{{2\sigma^2}}\right)\), \(\sigma = {tex(sigma)}"
        kern_text = f"exp(−‖x − y‖²/(2σ²)), σ = {uni(sigma)},"
        ask_tex, ask_text = r"\lVert\varphi(x) - \varphi(y)\rVert", "‖φ(x) − φ(y)‖"
        given = {"ask": "distance", "kernel": "rbf", "sigma": str(sigma), "x": list(x), "y": list(y), "squared": False}
        candidates = [("squared distance", 2 - 2 * kxy, "That is ‖φ(x) − φ(y)‖²; take the square root."),
                      ("forgot the 2 on k(x, y)", sp.sqrt(2 - kxy),
                       "‖a − b‖² = a·a − 2a·b + b·b; with k(x, x) = k(y, y) = 1 that is 2 − 2k(x, y)."),
                      ("input-space distance", sp.sqrt(sum((a - b) ** 2 for a, b in zip(x, y))),
                       "That is ‖x − y‖ in the input space; the feature-space distance goes through k.")]
        final_tex, final_text = tex(answer), uni(answer)
    else:
        c = sp.sympify(rng.choice((0, 1, 2)))
        z = pt()
        pts = (x, y, z)
        if len(set(pts)) < 3:
            raise Reject("repeated point")
        q = pt()
        kqq = _poly(q, q, c)
        kq = [_poly(q, p, c) for p in pts]
        K = [[_poly(a, b, c) for b in pts] for a in pts]
        total = sum(sum(row) for row in K)
        answer = sp.nsimplify(kqq - sp.Rational(2, 3) * sum(kq) + total / 9)
        kern_tex, kern_text = _poly_names(c)
        ask_tex = (r"\left\lVert\varphi(q) - \tfrac13\sum_{i=1}^3\varphi(x_i)\right\rVert^2 \text{ for } "
                   rf"q = {_vec_tex(q)}")
        ask_text = f"‖φ(q) − (1/3)Σᵢ φ(xᵢ)‖² for q = {_vec_text(q)}"
        given = {"ask": "mean_distance", "kernel": "poly", "c": str(c), "points": [list(p) for p in pts], "q": list(q)}
        candidates = [("forgot the mean's own norm", sp.nsimplify(kqq - sp.Rational(2, 3) * sum(kq)),
                       "‖a − m‖² = a·a − 2a·m + m·m: add m·m = (1/9)ΣΣ k(xᵢ, xⱼ)."),
                      ("mean norm over 3, not 9", sp.nsimplify(kqq - sp.Rational(2, 3) * sum(kq) + total / 3),
                       "m·m = (1/3)²·ΣᵢΣⱼ k(xᵢ, xⱼ): the mean carries 1/3 on both sides."),
                      ("diagonal only", sp.nsimplify(kqq - sp.Rational(2, 3) * sum(kq) + sum(K[i][i] for i in range(3)) / 9),
                       "m·m sums k(xᵢ, xⱼ) over all pairs i, j, not only i = j.")]
        final_tex, final_text = tex(answer), uni(answer)
    say = NUMBER.statement()
    if level < 3:
        prompt_tex = (rf"For the kernel \(k(x, y) = {kern_tex}\) with feature map \(\varphi\) "
                      rf"(\(k(x, y) = \varphi(x)\cdot\varphi(y)\)), compute the feature-space distance \({ask_tex}\) for "
                      rf"\(x = {_vec_tex(x)}\), \(y = {_vec_tex(y)}\) using only \(k\). {say}")
        prompt_text = (f"For the kernel k(x, y) = {kern_text} with feature map φ (k(x, y) = φ(x)·φ(y)), compute the "
                       f"feature-space distance {ask_text} for x = {_vec_text(x)}, y = {_vec_text(y)} using only k. {say}")
        steps = (Step("Expand the squared norm with inner products, then replace each by the kernel.",
                      r"\lVert\varphi(x)-\varphi(y)\rVert^2 = k(x,x) - 2k(x,y) + k(y,y)",
                      "‖φ(x) − φ(y)‖² = k(x,x) − 2k(x,y) + k(y,y)"),
                 Step("Kernel values.",
                      rf"k(x,x) = {tex(_poly(x, x, c)) if level == 1 else 1},\ k(x,y) = "
                      rf"{tex(_poly(x, y, c)) if level == 1 else tex(_rbf(x, y, given.get('sigma', 1)))},\ "
                      rf"k(y,y) = {tex(_poly(y, y, c)) if level == 1 else 1}",
                      f"k(x,x) = {uni(_poly(x, x, c)) if level == 1 else 1}, k(x,y) = "
                      f"{uni(_poly(x, y, c)) if level == 1 else uni(_rbf(x, y, given.get('sigma', 1)))}, "
                      f"k(y,y) = {uni(_poly(y, y, c)) if level == 1 else 1}"),
                 Step("Combine" + ("." if level == 1 else " and take the square root."),
                      rf"{ask_tex} = {final_tex}", f"{ask_text} = {final_text}"))
    else:
        pts_tex = r",\ ".join(rf"x_{i + 1} = {_vec_tex(p)}" for i, p in enumerate(pts))
        pts_text = ", ".join(f"x{i + 1} = {_vec_text(p)}" for i, p in enumerate(pts))
        prompt_tex = (rf"For the kernel \(k(x, y) = {kern_tex}\) with feature map \(\varphi\), the points \({pts_tex}\) "
                      rf"have feature-space mean \(m = \tfrac13\sum_i\varphi(x_i)\). Compute \({ask_tex}\) using only "
                      rf"\(k\). {say}")
        prompt_text = (f"For the kernel k(x, y) = {kern_text} with feature map φ, the points {pts_text} have "
                       f"feature-space mean m = (1/3)Σᵢ φ(xᵢ). Compute {ask_text} using only k. {say}")
        steps = (Step("Expand the squared norm; every inner product is a kernel value.",
                      r"\lVert\varphi(q) - m\rVert^2 = k(q,q) - \tfrac23\sum_i k(q, x_i) + \tfrac19\sum_{i,j} k(x_i, x_j)",
                      "‖φ(q) − m‖² = k(q,q) − (2/3)Σᵢ k(q,xᵢ) + (1/9)Σᵢⱼ k(xᵢ,xⱼ)"),
                 Step("Kernel values: k(q, q), the row k(q, xᵢ), and the Gram matrix of the points.",
                      rf"k(q,q) = {tex(kqq)},\ (k(q,x_i))_i = {tex(tuple(kq))},\ K = {tex(sp.Matrix(K))}",
                      f"k(q,q) = {uni(kqq)}, (k(q,xᵢ))ᵢ = {uni(tuple(kq))}, K = {uni(sp.Matrix(K))}"),
                 Step("Combine (the Gram matrix sums to " + str(total) + ").",
                      rf"{tex(kqq)} - \tfrac23\cdot {sum(kq)} + \tfrac19\cdot {total} = {final_tex}",
                      f"{uni(kqq)} − (2/3)·{sum(kq)} + (1/9)·{total} = {final_text}"))
    if answer == 0:
        raise Reject("zero distance")
    return Problem(prompt_tex=prompt_tex, prompt_text=prompt_text, answer=answer, kind="number", solution=steps,
                   given=given, checking=NUMBER,
                   mistakes=distinct_mistakes(candidates, answer, lambda a, b: abs(complex(sp.N(a - b, 30))) > 1e-12))


# --- validity ------------------------------------------------------------------------

def _valid_templates(rng: random.Random, level: int):
    """(expression in the words of the prompt (tex, text), python source for verify, valid?, why)."""
    a, b = rng.randint(1, 9), rng.randint(1, 9)
    c = rng.randint(1, 5)
    s = rng.randint(1, 5)
    g = rng.choice((sp.Rational(1, 4), sp.Rational(1, 3), sp.Rational(1, 2), 1, 2, 3))
    d = rng.choice((2, 3, 4))
    rbf_tex = rf"e^{{-\lVert x-y\rVert^2/{2 * s * s}}}"
    rbf_text = f"e^(−‖x−y‖²/{2 * s * s})"
    rbf_src = f"exp(-d2/{2 * s * s})"
    if level == 1:
        options = [
            (rf"{a}\,x\cdot y + {b}", f"{a}·x·y + {b}", f"{a}*xy + {b}", True,
             "A positive multiple of the linear kernel plus a positive constant (itself a kernel) is a kernel: "
             "sums and positive multiples of kernels are kernels."),
            (rf"(x\cdot y + {c})^{d}", f"(x·y + {c})^{d}", f"(xy + {c})**{d}", True,
             "(x·y + c)^d with c ≥ 0 is a polynomial in x·y with nonnegative coefficients: sums and products of "
             "kernels are kernels."),
            (rf"{a}\,{rbf_tex}", f"{a}·{rbf_text}", f"{a}*{rbf_src}", True,
             "A positive multiple of the RBF kernel is a kernel."),
            (rf"(x\cdot y + {c - 1})\,{rbf_tex}", f"(x·y + {c - 1})·{rbf_text}", f"(xy + {c - 1})*{rbf_src}", True,
             "The product of two kernels (a linear kernel plus a constant, and the RBF) is a kernel (Schur product "
             "theorem)."),
            (rf"{a}\,x\cdot y - {c}", f"{a}·x·y − {c}", f"{a}*xy - {c}", False,
             f"At x = y = 0, k(0, 0) = −{c} < 0, but k(x, x) = ‖φ(x)‖² can never be negative."),
            (rf"-{a}\,(x\cdot y + {c})^2", f"−{a}·(x·y + {c})²", f"-{a}*(xy + {c})**2", False,
             f"k(x, x) = −{a}(‖x‖² + {c})² < 0 everywhere: a negative multiple of a kernel is not a kernel."),
            (rf"{rbf_tex} - {a + 1}", f"{rbf_text} − {a + 1}", f"{rbf_src} - {a + 1}", False,
             f"k(x, x) = 1 − {a + 1} < 0: subtracting a constant larger than the kernel's diagonal breaks it."),
        ]
    else:
        options = [
            (rf"{a}\,e^{{{tex(g)}\,x\cdot y}}", f"{a}·e^({uni(g)}·x·y)", f"{a}*exp({float(g)}*xy)", True,
             "e^(γ x·y) = Σₙ γⁿ(x·y)ⁿ/n! is a limit of polynomials in a kernel with positive coefficients."),
            (rf"{a}\lVert x\rVert^2\lVert y\rVert^2 + {c}\,x\cdot y", f"{a}‖x‖²‖y‖² + {c}·x·y",
             f"{a}*nx*ny + {c}*xy", True,
             "f(x)f(y) with f(x) = ‖x‖² is a kernel (a 1-D feature), and sums of kernels are kernels."),
            (rf"e^{{-{a}\lVert x\rVert^2}}\,e^{{-{a}\lVert y\rVert^2}}\,(x\cdot y + {c})^2",
             f"e^(−{a}‖x‖²)·e^(−{a}‖y‖²)·(x·y + {c})²", f"exp(-{a}*nx)*exp(-{a}*ny)*(xy + {c})**2", True,
             "f(x) k(x, y) f(y) is a kernel for any real f: rescale each feature vector by f."),
            (rf"(x\cdot y + {c})^2 + {a}\,{rbf_tex}", f"(x·y + {c})² + {a}·{rbf_text}", f"(xy + {c})**2 + {a}*{rbf_src}", True,
             "A sum of kernels with positive weights is a kernel."),
            (rf"{a}\lVert x - y\rVert^2 + {c}", f"{a}‖x − y‖² + {c}", f"{a}*d2 + {c}", False,
             f"k(x, x) = {c} but k(x, y) = {a}d² + {c} > {c} for x ≠ y at distance d: the Gram matrix "
             f"[[{c}, {a}d² + {c}], [{a}d² + {c}, {c}]] has a negative determinant."),
            (rf"{a}\,e^{{\lVert x-y\rVert^2/{2 * s * s}}}", f"{a}·e^(‖x−y‖²/{2 * s * s})", f"{a}*exp(d2/{2 * s * s})", False,
             f"For two points the Gram matrix {a}·[[1, t], [t, 1]] has t > 1, so its determinant is negative."),
            (rf"{a}\,(x\cdot y)^2 - {c}\,x\cdot y", f"{a}·(x·y)² − {c}·x·y", f"{a}*xy**2 - {c}*xy", False,
             f"A difference of kernels need not be one: k(x, x) = {a}‖x‖⁴ − {c}‖x‖² < 0 for 0 < ‖x‖² < {c}/{a}."),
            (rf"{rbf_tex} - {tex(g)}\,x\cdot y", f"{rbf_text} − {uni(g)}·x·y", f"{rbf_src} - {float(g)}*xy", False,
             f"A difference of kernels need not be one: k(x, x) = 1 − {uni(g)}‖x‖² < 0 once ‖x‖² > {uni(1 / g)}."),
        ]
    valid = rng.random() < 0.5
    pool = [o for o in options if o[3] == valid]
    return rng.choice(pool)


def _valid(rng: random.Random, level: int) -> Problem:
    if level == 3:
        return _gram_eigen(rng)
    k_tex, k_text, src, valid, why = _valid_templates(rng, level)
    answer = "valid" if valid else "not valid"
    say = VALIDITY.statement()
    prompt_tex = (rf"Is \(k(x, y) = {k_tex}\), for \(x, y \in \mathbb R^2\), a valid kernel (every Gram matrix "
                  r"\(K_{ij} = k(x_i, x_j)\) symmetric positive semi-definite)? Decide with the closure rules for "
                  rf"kernels or a counterexample. {say}")
    prompt_text = (f"Is k(x, y) = {k_text}, for x, y in R², a valid kernel (every Gram matrix K_ij = k(x_i, x_j) "
                   f"symmetric positive semi-definite)? Decide with the closure rules for kernels or a counterexample. "
                   f"{say}")
    steps = (Step(why), Step(f"So k is {answer}."))
    other = "not valid" if valid else "valid"
    feedback = ("Check k(x, x) ≥ 0 and a 2-point Gram matrix first: " + why) if valid is False else \
        ("The closure rules settle it: " + why)
    return Problem(prompt_tex=prompt_tex, prompt_text=prompt_text, answer=answer, kind="choice", solution=steps,
                   given={"ask": "valid", "k": src, "where": "x, y in R^2; xy = x.y, d2 = |x - y|^2, nx = |x|^2"},
                   checking=VALIDITY, mistakes=(Mistake("the other verdict", other, feedback),))


def _gram_eigen(rng: random.Random) -> Problem:
    a, c = rng.randint(1, 3), rng.randint(1, 3)
    kind = rng.randrange(4)
    if kind == 0:
        f = lambda p, q: _dot(p, q) - c  # noqa: E731
        k_tex, k_text, src = rf"x\cdot y - {c}", f"x·y − {c}", f"xy - {c}"
    elif kind == 1:
        f = lambda p, q: sum((sp.Integer(u) - v) ** 2 for u, v in zip(p, q))  # noqa: E731
        k_tex, k_text, src = r"\lVert x - y\rVert^2", "‖x − y‖²", "d2"
    elif kind == 2:
        f = lambda p, q: (_dot(p, q) + c) ** 2  # noqa: E731
        k_tex, k_text, src = rf"(x\cdot y + {c})^2", f"(x·y + {c})²", f"(xy + {c})**2"
    else:
        f = lambda p, q: _dot(p, q) ** 2 - a * _dot(p, q)  # noqa: E731
        k_tex, k_text, src = rf"(x\cdot y)^2 - {a}\,x\cdot y", f"(x·y)² − {a}·x·y", f"xy**2 - {a}*xy"
    p1 = (rng.randint(-2, 2), rng.randint(-2, 2))
    p2 = (rng.randint(-2, 2), rng.randint(-2, 2))
    if p1 == p2:
        raise Reject("the same point")
    K = sp.Matrix([[f(p1, p1), f(p1, p2)], [f(p2, p1), f(p2, p2)]])
    tr, det = K.trace(), K.det()
    lam_min = sp.nsimplify(tr / 2 - sp.sqrt((K[0, 0] - K[1, 1]) ** 2 / 4 + K[0, 1] ** 2))
    lam_max = sp.nsimplify(tr / 2 + sp.sqrt((K[0, 0] - K[1, 1]) ** 2 / 4 + K[0, 1] ** 2))
    if lam_min == 0:
        raise Reject("a singular Gram matrix: keep the sign of the answer visible")
    answer = sp.simplify(lam_min)
    say = NUMBER.statement()
    prompt_tex = (rf"For \(k(x, y) = {k_tex}\) and the points \(x_1 = {_vec_tex(p1)}\), \(x_2 = {_vec_tex(p2)}\), "
                  r"form the Gram matrix \(K_{ij} = k(x_i, x_j)\) and give its smallest eigenvalue (a negative one "
                  rf"proves that \(k\) is not a valid kernel). {say}")
    prompt_text = (f"For k(x, y) = {k_text} and the points x1 = {_vec_text(p1)}, x2 = {_vec_text(p2)}, form the Gram "
                   "matrix K_ij = k(x_i, x_j) and give its smallest eigenvalue (a negative one proves that k is not "
                   f"a valid kernel). {say}")
    steps = (Step("The Gram matrix.", rf"K = {tex(K)}", f"K = {uni(K)}"),
             Step("Eigenvalues of a symmetric 2×2: λ = tr/2 ± √((a − d)²/4 + b²).",
                  rf"\operatorname{{tr}}K = {tr},\ \det K = {det},\ \lambda_{{\min}} = {tex(answer)}",
                  f"tr K = {tr}, det K = {det}, λ_min = {uni(answer)}"),
             Step("A negative eigenvalue: k is not a valid kernel." if float(answer) < 0 else
                  "Both eigenvalues are positive here; this Gram matrix alone does not rule k out."))
    candidates = [("largest eigenvalue", sp.simplify(lam_max), "Give the smaller of the two eigenvalues."),
                  ("determinant", det, "The determinant is the product of the eigenvalues, not the smallest one."),
                  ("smallest diagonal entry", min(K[0, 0], K[1, 1]),
                   "Diagonal entries are not eigenvalues unless K is diagonal.")]
    return Problem(prompt_tex=prompt_tex, prompt_text=prompt_text, answer=answer, kind="number", solution=steps,
                   given={"ask": "gram_eigen", "k": src, "points": [list(p1), list(p2)],
                          "where": "xy = x.y, d2 = |x - y|^2"},
                   checking=NUMBER, mistakes=distinct_mistakes(candidates, answer,
                                                               lambda u, v: abs(float(u) - float(v)) > 1e-9))


# --- kernel ridge regression ------------------------------------------------------------

def _ridge(rng: random.Random, level: int) -> Problem:
    m = 3 if level == 3 else 2
    xs = sorted(rng.sample(range(-3, 4), m))
    ys = [rng.randint(-3, 3) for _ in range(m)]
    if all(v == 0 for v in ys):
        raise Reject("all targets zero")
    lam = sp.sympify(rng.choice((1, 2, sp.Rational(1, 2)) if level > 1 else (1, 2)))
    xstar = rng.choice([v for v in range(-3, 4) if v not in xs])
    if level == 1:
        c = rng.randint(0, 2)
        k = lambda u, v: sp.Integer(u * v + c)  # noqa: E731
        k_tex, k_text, src = rf"k(x, x') = x x' + {c}", f"k(x, x′) = x·x′ + {c}", f"x*xp + {c}"
    else:
        k = lambda u, v: sp.Integer(u * v + 1) ** 2  # noqa: E731
        k_tex, k_text, src = r"k(x, x') = (x x' + 1)^2", "k(x, x′) = (x·x′ + 1)²", "(x*xp + 1)**2"
    K = sp.Matrix(m, m, lambda i, j: k(xs[i], xs[j]))
    A = K + lam * sp.eye(m)
    alpha = A.LUsolve(sp.Matrix(ys))
    kstar = sp.Matrix([k(v, xstar) for v in xs])
    answer = sp.nsimplify((kstar.T * alpha)[0])
    if answer == 0:
        raise Reject("zero prediction")
    say = NUMBER.statement()
    data_tex = r",\ ".join(rf"(x_{i + 1}, y_{i + 1}) = ({xv}, {yv})" for i, (xv, yv) in enumerate(zip(xs, ys)))
    data_text = ", ".join(f"(x{i + 1}, y{i + 1}) = ({xv}, {yv})" for i, (xv, yv) in enumerate(zip(xs, ys)))
    prompt_tex = (rf"Kernel ridge regression with \({k_tex}\) and regularisation \(\lambda = {tex(lam)}\) is fitted to "
                  rf"the training pairs \({data_tex}\): \(\alpha = (K + \lambda I)^{{-1}} y\) with "
                  r"\(K_{ij} = k(x_i, x_j)\), and \(f(x) = \sum_i \alpha_i k(x_i, x)\). "
                  rf"Give the prediction \(f({xstar})\). {say}")
    prompt_text = (f"Kernel ridge regression with {k_text} and regularisation λ = {uni(lam)} is fitted to the training "
                   f"pairs {data_text}: α = (K + λI)⁻¹y with K_ij = k(x_i, x_j), and f(x) = Σᵢ αᵢ k(xᵢ, x). Give the "
                   f"prediction f({xstar}). {say}")
    steps = (
        Step("Gram matrix of the training inputs, plus λ on the diagonal.",
             rf"K = {tex(K)},\quad K + \lambda I = {tex(A)}", f"K = {uni(K)}, K + λI = {uni(A)}"),
        Step("Solve (K + λI)α = y.", rf"\alpha = {tex(tuple(alpha))}", f"α = {uni(tuple(alpha))}"),
        Step(f"Kernel values between the training inputs and x = {xstar}, then the weighted sum.",
             rf"k_* = {tex(tuple(kstar))},\quad f({xstar}) = k_*^\top\alpha = {tex(answer)}",
             f"k* = {uni(tuple(kstar))}, f({xstar}) = k*ᵀα = {uni(answer)}"),
    )
    candidates = [("α = y", sp.nsimplify((kstar.T * sp.Matrix(ys))[0]),
                   "The weights α solve (K + λI)α = y; they are not the targets themselves."),
                  ("λ added to every entry", None, "λ goes on the diagonal only: K + λI."),
                  ("regularisation forgotten", None, "Solve with K + λI, not K: λ shrinks the fit.")]
    wrong_all = K + lam * sp.ones(m, m)
    if wrong_all.det() != 0:
        candidates[1] = (candidates[1][0], sp.nsimplify((kstar.T * wrong_all.LUsolve(sp.Matrix(ys)))[0]), candidates[1][2])
    if K.det() != 0:
        candidates[2] = (candidates[2][0], sp.nsimplify((kstar.T * K.LUsolve(sp.Matrix(ys)))[0]), candidates[2][2])
    candidates = [cand for cand in candidates if cand[1] is not None]
    return Problem(prompt_tex=prompt_tex, prompt_text=prompt_text, answer=answer, kind="number", solution=steps,
                   given={"ask": "ridge", "k": src, "x": xs, "y": ys, "lambda": str(lam), "x_star": xstar},
                   checking=NUMBER, mistakes=distinct_mistakes(candidates, answer, lambda u, v: u != v))


def generate(rng, params) -> Problem:
    ask, level = params["ask"], params["level"]
    if ask == "features":
        return _features(rng, level)
    if ask == "distance":
        return _distance(rng, level)
    if ask == "valid":
        return _valid(rng, level)
    return _ridge(rng, level)


# --- verification ------------------------------------------------------------------------

def _phi(x: np.ndarray, given: dict) -> np.ndarray:
    """The explicit feature map, numerically: all ordered monomial products, so
    φ(x)·φ(y) = (x·y + c)^d term by term (a different basis from the family's)."""
    c, d = float(sp.Rational(given["c"])), given["degree"]
    ext = np.concatenate([x, [math.sqrt(c)]]) if c else x
    out = np.array([1.0])
    for _ in range(d):
        out = np.outer(out, ext).ravel()
    return out


def _kernel_fn(src: str):
    """k from the given source over numpy points (xy, d2, nx, ny named in given['where'])."""
    code = compile(src, "<kernel>", "eval")

    def k(p, q):
        env = {"xy": float(p @ q), "d2": float((p - q) @ (p - q)), "nx": float(p @ p), "ny": float(q @ q),
               "exp": math.exp}
        return eval(code, {"__builtins__": {}}, env)
    return k


def _gram(k, pts) -> np.ndarray:
    return np.array([[k(p, q) for q in pts] for p in pts])


def _kernel_matrix(src: str, P: np.ndarray, Q: np.ndarray) -> np.ndarray:
    """k(pᵢ, qⱼ) for all pairs at once: the same source evaluated on numpy arrays."""
    xy = P @ Q.T
    nx, ny = np.sum(P * P, axis=1)[:, None], np.sum(Q * Q, axis=1)[None, :]
    env = {"xy": xy, "d2": nx + ny - 2 * xy, "nx": nx, "ny": ny, "exp": np.exp}
    value = eval(compile(src, "<kernel>", "eval"), {"__builtins__": {}}, env)
    return np.broadcast_to(np.asarray(value, float), xy.shape)


def _verify_valid(given: dict, answer) -> Evidence:
    grid = np.array(list(itertools.product(np.linspace(-2, 2, 9), repeat=2)), float)
    fine = np.array(list(itertools.product(np.linspace(-0.5, 0.5, 11), repeat=2)), float)
    both = np.vstack([grid, fine])
    worst = min(0.0, float(np.diagonal(_kernel_matrix(given["k"], both, both)).min()))  # k(x, x) ≥ 0
    K = _kernel_matrix(given["k"], grid, grid)      # every 2-point Gram matrix: the smaller eigenvalue
    i, j = np.triu_indices(len(grid), 1)
    a, d, b = K[i, i], K[j, j], K[i, j]
    if np.any(np.abs(b - K[j, i]) > 1e-9 * np.maximum(1.0, np.abs(b))):
        worst = min(worst, -1.0)                     # not even symmetric
    worst = min(worst, float(np.min((a + d) / 2 - np.sqrt(((a - d) / 2) ** 2 + b * b))))
    k = _kernel_fn(given["k"])
    rng = np.random.default_rng(7)
    for _ in range(40):
        pts = list(rng.uniform(-2, 2, size=(5, 2)))
        G = _gram(k, pts)
        worst = min(worst, float(np.linalg.eigvalsh(G)[0]) / max(1.0, float(np.abs(G).max())))
    expected = "valid" if worst > -1e-9 else "not valid"
    if answer != expected:
        raise VerificationError(f"smallest Gram eigenvalue found {worst:.3g}: {expected}, answer {answer}")
    return Evidence("numpy", "k(x, x) on a 9×9 grid of [−2, 2]² and an 11×11 grid of [−0.5, 0.5]², every 2-point "
                    "Gram matrix of the coarse grid, and 40 random 5-point Gram matrices (numpy.linalg.eigvalsh); "
                    f"smallest eigenvalue found {worst:.3g}", 0.0)


def verify(given, answer) -> Evidence:
    ask = given["ask"]
    if ask == "valid":
        return _verify_valid(given, answer)
    if ask == "gram_eigen":
        k = _kernel_fn(given["k"])
        G = _gram(k, [np.array(p, float) for p in given["points"]])
        expected = float(np.linalg.eigvalsh(G)[0])
        err = numeric.require_close(expected, float(sp.N(answer)), "smallest eigenvalue", rel=1e-9, floor=1e-9)
        return Evidence("numpy", "numpy.linalg.eigvalsh of the Gram matrix", err)
    if ask == "ridge":
        k = _kernel_fn(given["k"].replace("x*xp", "xy"))
        xs = [np.array([float(v)]) for v in given["x"]]
        lam = float(sp.Rational(given["lambda"]))
        K = _gram(k, xs)
        alpha = np.linalg.solve(K + lam * np.eye(len(xs)), np.array(given["y"], float))
        star = np.array([float(given["x_star"])])
        expected = float(sum(a * k(p, star) for a, p in zip(alpha, xs)))
        err = numeric.require_close(expected, float(sp.N(answer)), "f(x*)", rel=1e-9, floor=1e-9)
        return Evidence("numpy", "numpy.linalg.solve of (K + λI)α = y, then Σ αᵢ k(xᵢ, x*)", err)
    if ask == "features":
        x = np.array(given["x"], float)
        got = np.array([float(sp.N(v)) for v in answer])
        if got.shape != (len(given["monomials"]),):
            raise VerificationError(f"expected {len(given['monomials'])} features")
        # each feature is ± the stated monomial: sign and monomial fixed, the square must match the
        # weight of that monomial in the explicit (ordered-product) feature map
        full = _phi(x, given)
        c = float(sp.Rational(given["c"]))
        ext_len = len(x) + (1 if c else 0)
        weights = {}
        for idx, value in zip(itertools.product(range(ext_len), repeat=given["degree"]), full):
            e = tuple(sum(1 for i in idx if i == j) for j in range(len(x)))
            weights[e] = weights.get(e, 0.0) + value * value
        worst = 0.0
        for e, g in zip(given["monomials"], got):
            mono = float(np.prod([x[j] ** k for j, k in enumerate(e)]))
            expected = math.copysign(math.sqrt(weights[tuple(e)]), mono)
            worst = max(worst, numeric.require_close(expected, g, f"feature {e}", rel=1e-9, floor=1e-9))
        total = float(got @ got)
        worst = max(worst, numeric.require_close((x @ x + c) ** given["degree"], total, "‖φ(x)‖² = k(x, x)",
                                                 rel=1e-9))
        return Evidence("explicit feature map", "numpy ordered-product features grouped by monomial; ‖φ(x)‖² = k(x, x)",
                        worst)
    if given["kernel"] == "rbf":
        x, y = np.array(given["x"], float), np.array(given["y"], float)
        sigma = float(sp.Rational(given["sigma"]))
        kxy = math.exp(-float((x - y) @ (x - y)) / (2 * sigma * sigma))
        expected = math.sqrt(2 - 2 * kxy)
        err = numeric.require_close(expected, float(sp.N(answer)), "‖φ(x) − φ(y)‖")
        return Evidence("numpy", "√(k(x,x) − 2k(x,y) + k(y,y)) with numpy kernel values", err)
    feat = lambda p: _phi(np.array(p, float), {"c": given["c"], "degree": 2})  # noqa: E731
    if ask == "mean_distance":
        mean = np.mean([feat(p) for p in given["points"]], axis=0)
        diff = feat(given["q"]) - mean
    else:
        diff = feat(given["x"]) - feat(given["y"])
    expected = float(diff @ diff)
    err = numeric.require_close(expected, float(sp.N(answer)), "squared feature-space distance", rel=1e-9)
    return Evidence("explicit feature map", "numpy features φ (ordered products), then the squared norm", err)


def baseline(given: dict):
    """Bare SymPy: recompute the asked quantity (benchmarks/generate.py)."""
    ask = given["ask"]
    if ask == "ridge":
        xs, ys = given["x"], given["y"]
        k = (lambda u, v: u * v + int(given["k"].split("+")[-1])) if "**2" not in given["k"] else \
            (lambda u, v: (u * v + 1) ** 2)
        K = sp.Matrix(len(xs), len(xs), lambda i, j: k(xs[i], xs[j]))
        alpha = (K + sp.Rational(given["lambda"]) * sp.eye(len(xs))).LUsolve(sp.Matrix(ys))
        return sum(a * k(v, given["x_star"]) for a, v in zip(alpha, xs))
    if ask == "features":
        coefs = feature_coefficients(given["n"], given["degree"], sp.Rational(given["c"]))
        return tuple(cf * sp.prod([sp.Integer(v) ** k for v, k in zip(given["x"], e)])
                     for cf, e in zip(coefs, given["monomials"]))
    if ask == "distance":
        x, y = given["x"], given["y"]
        if given["kernel"] == "rbf":
            return sp.sqrt(2 - 2 * _rbf(x, y, sp.Rational(given["sigma"])))
        c = sp.Rational(given["c"])
        return _poly(x, x, c) - 2 * _poly(x, y, c) + _poly(y, y, c)
    if ask == "mean_distance":
        c, q, pts = sp.Rational(given["c"]), given["q"], given["points"]
        return (_poly(q, q, c) - sp.Rational(2, 3) * sum(_poly(q, p, c) for p in pts)
                + sum(_poly(a, b, c) for a in pts for b in pts) / 9)
    return None   # valid / gram_eigen: a decision, not a SymPy computation


FAMILY = Family(
    name="kernels",
    version=2,
    title="Kernels: feature maps, feature-space geometry, validity, kernel ridge",
    summary="Derive a polynomial kernel's feature map; distances in feature space through k alone; decide whether "
            "a function is a valid kernel; predict with kernel ridge regression.",
    params={
        "ask": Param("features", ("features", "distance", "valid", "ridge"),
                     "features: derive φ and evaluate it; distance: feature-space distances via k; valid: is k a "
                     "kernel?; ridge: a kernel ridge prediction"),
        "level": Param(1, (1, 2, 3),
                       "features 1: (x·y)², 2: (x·y + c)², 3: cubic or 3-D; distance 1: polynomial, 2: RBF, 3: to "
                       "a feature-space mean; valid 1: one closure rule, 2: compositions, 3: a Gram eigenvalue; "
                       "ridge 1: linear, 2: quadratic kernel, 3: three points"),
    },
    levels={1: "one step: (x·y)² features, a polynomial-kernel distance, one closure rule, a 2-point linear ridge",
            2: "more terms: (x·y + c)² features, RBF distances, composed kernels, a quadratic-kernel ridge",
            3: "the most work: cubic or 3-D features, distance to a feature-space mean, a Gram eigenvalue, a "
               "3-point ridge"},
    generate=generate,
    verify=verify,
    baseline=baseline,
)
