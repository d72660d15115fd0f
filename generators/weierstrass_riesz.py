"""Two approximation/representation theorems in numbers: Bernstein polynomials (Weierstrass) and
the Riesz representer of a linear functional.

task=bernstein: Bₙf(x) = Σₖ f(k/n)·C(n, k)·xᵏ(1 − x)ⁿ⁻ᵏ on [0, 1]. Level 1: its value for a
polynomial f (for f = x², Bₙf = x² + x(1 − x)/n: the error never vanishes inside (0, 1));
level 2: the error Bₙf(x) − f(x) for a non-polynomial f (|x − ½|, sin πx, eˣ, √x).
task=riesz: the unique r with ⟨r, v⟩ = ℓ(v) for all v. Level 1: on ℝ² with ⟨u, v⟩ = uᵀMv (M
symmetric positive definite) and ℓ(v) = cᵀv: r = M⁻¹c. Level 2: on polynomials of degree ≤ 2 with
⟨p, q⟩ = ∫₀¹ p(t)q(t) dt and ℓ(p) = a·p(t₀) + b·p′(t₁): r(t) = r₀ + r₁t + r₂t², found from the Gram
(Hilbert) matrix.

Verified independently: Bₙf(x) by de Casteljau's algorithm (repeated linear interpolation, no
binomial coefficients); the representer by checking ⟨r, v⟩ = ℓ(v) on a basis — numpy for ℝ², mpmath
quadrature of ∫₀¹ r(t)tᵏ dt for polynomials.
"""

from __future__ import annotations

import math
import random

import mpmath
import numpy as np
import sympy as sp

from osmose import numeric
from osmose.family import (Checking, Evidence, Family, Mistake, Param, Problem, Reject, Step,
                           VerificationError)
from osmose.mathtext import tex, uni

R = sp.Rational
T = sp.Symbol("t")
XS = (R(1, 2), R(1, 3), R(1, 4), R(2, 3), R(3, 4), R(1, 5), R(2, 5), R(3, 5))
FUNCS = {"abs": (lambda x: sp.Abs(x - R(1, 2)), r"\left|x - \tfrac12\right|", "|x − 1/2|", "abs(x - 1/2)"),
         "sin": (lambda x: sp.sin(sp.pi * x), r"\sin(\pi x)", "sin(πx)", "sin(pi*x)"),
         "exp": (lambda x: sp.exp(x), r"e^{x}", "e^x", "exp(x)"),
         "sqrt": (lambda x: sp.sqrt(x), r"\sqrt{x}", "√x", "sqrt(x)")}


def _nz(rng: random.Random, k: int) -> int:
    return rng.choice([i for i in range(-k, k + 1) if i])


def generate(rng: random.Random, params: dict) -> Problem:
    level, task = params["level"], params["task"]
    mistakes: list = []
    if task == "bernstein":
        n = rng.randint(2, 4) if level == 1 else rng.randint(3, 8)
        x = rng.choice(XS) if level == 1 else rng.choice(XS + (R(1, 6), R(5, 6), R(1, 8), R(3, 8)))
        if level == 1:
            coeffs = {2: _nz(rng, 3), 3: rng.randint(-2, 2), 1: rng.randint(-3, 3), 0: rng.randint(-2, 2)}
            xx = sp.Symbol("x")
            fexpr = sum(c * xx**k for k, c in coeffs.items())
            f = lambda v: sum(c * v**k for k, c in coeffs.items())  # noqa: E731
            f_tex, f_text, f_given = tex(fexpr), uni(fexpr), str(fexpr)
        else:
            key = rng.choice(sorted(FUNCS))
            f, f_tex, f_text, f_given = FUNCS[key][0], FUNCS[key][1], FUNCS[key][2], FUNCS[key][3]
        vals = [f(R(k, n)) for k in range(n + 1)]
        terms = [vals[k] * math.comb(n, k) * x**k * (1 - x) ** (n - k) for k in range(n + 1)]
        B = sp.nsimplify(sum(terms)) if level == 1 else sum(terms)
        fx = f(x)
        answer = sp.nsimplify(B) if level == 1 else sp.Float(float(B - fx), 6)
        steps = [Step("Sample f at the nodes k/n.", rf"f(k/{n}) = {tex(tuple(vals))}", f"f(k/{n}) = {uni(tuple(vals))}"),
                 Step("Weight by the binomial probabilities C(n, k)xᵏ(1 − x)ⁿ⁻ᵏ and add.",
                      rf"B_{n}f({tex(x)}) = {tex(sp.nsimplify(B)) if level == 1 else sp.Float(float(B), 6)}",
                      f"B_{n}f({x}) = {uni(sp.nsimplify(B)) if level == 1 else sp.Float(float(B), 6)}")]
        if level == 2:
            steps.append(Step("Subtract f(x).", rf"B_{n}f({tex(x)}) - f({tex(x)}) = {sp.Float(float(B), 6)} - "
                                                rf"{sp.Float(float(fx), 6)} = {answer}",
                              f"B_{n}f({x}) − f({x}) = {sp.Float(float(B), 6)} − {sp.Float(float(fx), 6)} = {answer}"))
        else:
            steps.append(Step("(Bₙ reproduces constants and linear functions exactly; for x², Bₙx² = x² + x(1 − x)/n, "
                              "so polynomials are approximated, not reproduced.)", "", ""))
        nobinom = sum(vals[k] * x**k * (1 - x) ** (n - k) for k in range(n + 1))
        at_k = sum(f(sp.Integer(k)) * math.comb(n, k) * x**k * (1 - x) ** (n - k) for k in range(n + 1)) \
            if level == 1 else None
        if level == 1:
            mistakes = [Mistake("no binomial coefficients", sp.nsimplify(nobinom),
                                "The weights are the Binomial(n, x) probabilities C(n, k)xᵏ(1 − x)ⁿ⁻ᵏ."),
                        Mistake("sampled f(k), not f(k/n)", sp.nsimplify(at_k), "The nodes are k/n in [0, 1]."),
                        Mistake("answered f(x)", sp.nsimplify(fx), "Bₙf(x) ≠ f(x) in general: that gap is the point.")]
        else:
            mistakes = [Mistake("f(x) − Bₙf(x)", -answer, "The error asked is Bₙf(x) − f(x)."),
                        Mistake("no binomial coefficients", sp.Float(float(nobinom - fx), 6),
                                "The weights are C(n, k)xᵏ(1 − x)ⁿ⁻ᵏ.")]
        given = {"f": f_given, "n": n, "x": str(x)}
        ask_tex = rf"the value \(B_{n}f({tex(x)})\)" if level == 1 else rf"the error \(B_{n}f({tex(x)}) - f({tex(x)})\)"
        ask_text = f"the value B_{n}f({x})" if level == 1 else f"the error B_{n}f({x}) − f({x})"
        q_tex = (rf"The Bernstein polynomial of \(f\) on \([0, 1]\) is \(B_nf(x) = \sum_{{k=0}}^{{n}} f(k/n)\binom{{n}}{{k}}"
                 rf"x^k(1-x)^{{n-k}}\). For \(f(x) = {f_tex}\) and \(n = {n}\), give {ask_tex}.")
        q_text = (f"The Bernstein polynomial of f on [0, 1] is Bₙf(x) = Σₖ₌₀ⁿ f(k/n)·C(n, k)·xᵏ(1 − x)ⁿ⁻ᵏ. For "
                  f"f(x) = {f_text} and n = {n}, give {ask_text}.")
        kind = "number"
        checking = Checking(sig_figs=3) if level == 1 else Checking(precision="decimal", sig_figs=3)
    else:
        checking = Checking(sig_figs=3)
        if level == 1:
            for _ in range(20):
                a, c_ = rng.randint(1, 5), rng.randint(1, 5)
                b = rng.randint(-2, 2)
                if a * c_ - b * b > 0 and b != 0:
                    break
            else:
                raise Reject("no SPD matrix")
            M = sp.Matrix([[a, b], [b, c_]])
            cvec = sp.Matrix([_nz(rng, 4), rng.randint(-4, 4)])
            r = M.inv() * cvec
            answer = tuple(r)
            steps = (Step("⟨r, v⟩ = rᵀMv must equal cᵀv for every v, so Mr = c (M is symmetric).",
                          rf"{tex(M)}\,r = {tex(cvec)}", f"{uni(M)}·r = {uni(tuple(cvec))}"),
                     Step("Solve.", rf"r = M^{{-1}}c = {tex(answer)}", f"r = M⁻¹c = {uni(answer)}"))
            mistakes = [Mistake("r = c (standard inner product)", tuple(cvec),
                                "Under ⟨u, v⟩ = uᵀMv the representer solves Mr = c; c represents ℓ only when M = I."),
                        Mistake("r = Mc", tuple(M * cvec), "Solve Mr = c: r = M⁻¹c.")]
            given = {"M": [[a, b], [b, c_]], "c": [int(v) for v in cvec]}
            q_tex = (rf"On \(\mathbb{{R}}^2\) with the inner product \(\langle u, v\rangle = u^\top M v\), "
                     rf"\(M = {tex(M)}\), let \(\ell(v) = {tex(cvec[0] * sp.Symbol('v_1') + cvec[1] * sp.Symbol('v_2'))}\). "
                     rf"Give the Riesz representer \(r\) (the vector with \(\langle r, v\rangle = \ell(v)\) for every \(v\)).")
            q_text = (f"On ℝ² with the inner product ⟨u, v⟩ = uᵀMv, M = {uni(M)}, let ℓ(v) = "
                      f"{uni(cvec[0] * sp.Symbol('v_1') + cvec[1] * sp.Symbol('v_2'))}. Give the Riesz representer r (the "
                      "vector with ⟨r, v⟩ = ℓ(v) for every v).")
            kind = "tuple"
        else:
            pts = (0, 1, R(1, 2), R(1, 3), R(2, 3), R(1, 4), R(3, 4), R(1, 5), R(2, 5))
            t0, t1 = rng.choice(pts), rng.choice(pts)
            a_, b_ = rng.choice((1, 1, 2, -1, 3)), rng.choice((0, 0, 1, -1, 2))
            H = sp.Matrix(3, 3, lambda i, j: R(1, i + j + 1))
            rhs = a_ * sp.Matrix([1, t0, t0**2]) + b_ * sp.Matrix([0, 1, 2 * t1])
            coef = H.inv() * rhs
            answer = tuple(coef)
            ell = a_ * sp.Symbol(f"p({t0})") + b_ * sp.Symbol(f"p′({t1})")
            what = uni(ell).replace("·", "")
            what_tex = what.replace("′", "'")
            steps = (Step("Write r = r₀ + r₁t + r₂t² and test against the basis 1, t, t²: ⟨r, tⁱ⟩ = ℓ(tⁱ). "
                          "The Gram matrix of the monomials under ∫₀¹ is the Hilbert matrix.",
                          rf"{tex(H)}\,(r_0, r_1, r_2)^\top = {tex(tuple(rhs))}",
                          f"{uni(H)}·(r₀, r₁, r₂)ᵀ = {uni(tuple(rhs))}"),
                     Step("Solve.", rf"(r_0, r_1, r_2) = {tex(answer)}", f"(r₀, r₁, r₂) = {uni(answer)}"))
            mistakes = [Mistake("the functional's values as coefficients", tuple(rhs),
                                "ℓ(tⁱ) are the right-hand side; the coefficients solve the Hilbert system."),
                        Mistake("multiplied by the Gram matrix", tuple(H * rhs),
                                "Solve H r = ℓ(basis), r = H⁻¹ℓ — not multiply by H.")]
            given = {"t0": str(t0), "t1": str(t1), "a": a_, "b": b_}
            q_tex = (rf"On polynomials of degree at most 2 with \(\langle p, q\rangle = \int_0^1 p(t)q(t)\,dt\), let "
                     rf"\(\ell(p) = {what_tex}\). Give the coefficients "
                     rf"\((r_0, r_1, r_2)\) of the Riesz representer \(r(t) = r_0 + r_1 t + r_2 t^2\) "
                     rf"(\(\langle r, p\rangle = \ell(p)\) for every such \(p\)).")
            q_text = (f"On polynomials of degree at most 2 with ⟨p, q⟩ = ∫₀¹ p(t)q(t) dt, let ℓ(p) = {what}. Give the "
                      "coefficients (r₀, r₁, r₂) of the Riesz representer r(t) = r₀ + r₁t + r₂t² (⟨r, p⟩ = ℓ(p) for every "
                      "such p).")
            kind = "tuple"
    say = checking.statement()
    mistakes = [m for m in mistakes if not numeric.same_value(m.answer, answer)]
    return Problem(prompt_tex=f"{q_tex} {say}", prompt_text=f"{q_text} {say}", answer=answer, kind=kind,
                   solution=tuple(steps), given={**given, "task": task}, checking=checking, mistakes=tuple(mistakes))


_F = {"abs(x - 1/2)": lambda x: abs(x - 0.5), "sin(pi*x)": lambda x: math.sin(math.pi * x),
      "exp(x)": math.exp, "sqrt(x)": math.sqrt}


def verify(given: dict, answer) -> Evidence:
    if given["task"] == "bernstein":
        n, x = given["n"], float(sp.Rational(given["x"]))
        f = _F.get(given["f"]) or numeric.float_function(given["f"], ["x"])
        pts = [f(k / n) for k in range(n + 1)]
        for level in range(n):                      # de Casteljau: repeated linear interpolation
            pts = [(1 - x) * pts[i] + x * pts[i + 1] for i in range(n - level)]
        expected = pts[0] - (f(x) if given["f"] in _F else 0.0)
        # level 2 answers are decimals to 6 figures
        err = numeric.require_close(float(answer), expected, "Bₙf", rel=2e-6, floor=1e-9)
        return Evidence("de Casteljau", f"repeated interpolation of f(k/n): {expected:.8g}", err)
    if "M" in given:
        M = np.array(given["M"], float)
        r = np.array([float(v) for v in answer])
        worst = 0.0
        for e in np.eye(2):                           # ⟨r, e_i⟩ = ℓ(e_i) on a basis
            worst = max(worst, numeric.require_close(float(r @ M @ e), float(np.array(given["c"]) @ e), "⟨r, e⟩",
                                                     rel=1e-9, floor=1e-12))
        return Evidence("numpy", "⟨r, eᵢ⟩_M = ℓ(eᵢ) for both basis vectors", worst)
    t0 = float(sp.Rational(given["t0"]))
    coef = [float(v) for v in answer]
    if len(coef) != 3:
        raise VerificationError("three coefficients expected")
    worst = 0.0
    for k in range(3):
        lhs = float(mpmath.quad(lambda t: (coef[0] + coef[1] * t + coef[2] * t * t) * t**k, [0, 1]))
        t1 = float(sp.Rational(given["t1"]))
        rhs = given["a"] * t0**k + given["b"] * (k * t1 ** (k - 1) if k else 0.0)
        worst = max(worst, numeric.require_close(lhs, rhs, f"⟨r, t^{k}⟩", rel=1e-9, floor=1e-12))
    return Evidence("mpmath quadrature", "∫₀¹ r(t)tᵏ dt = ℓ(tᵏ) for k = 0, 1, 2", worst)


FAMILY = Family(
    name="weierstrass_riesz", version=1, title="Bernstein polynomials and Riesz representers",
    summary="Bernstein approximation Bₙf(x) and its error; the Riesz representer on ℝ² and on quadratics with ∫₀¹.",
    params={
        "level": Param(1, (1, 2), "1: Bₙ of a polynomial / ℝ² with uᵀMv; 2: the error for |x − ½|, sin πx, eˣ, √x / "
                                  "quadratics with ∫₀¹ pq"),
        "task": Param("bernstein", ("bernstein", "riesz"), "bernstein: Bₙf; riesz: the representer"),
    },
    levels={1: "Bₙf(x) for a polynomial; r = M⁻¹c on ℝ²",
            2: "the error Bₙf(x) − f(x) for a non-polynomial f; the representer of a·p(t₀) + b·p′(t₁) on quadratics"},
    generate=generate, verify=verify,
)
