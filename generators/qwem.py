"""The quadratic word embedding model (QWEM): word2vec's contrastive loss, expanded to second
order, is a matrix factorisation.

One word pair contributes −P⁺ log σ(x) − P⁻ log σ(−x) with x = wᵢᵀwⱼ. Level 1: the target
M*ᵢⱼ = 2(P⁺ − P⁻)/(P⁺ + P⁻) — the minimiser of the second-order expansion around x = 0.
Level 2: with constant pair weights the loss is ‖M* − WWᵀ‖²_F; for a symmetric 2×2 M* with a
positive top eigenvalue and a one-dimensional embedding (W is 2 × 1) find the optimal WWᵀ,
λ₁u₁u₁ᵀ (Eckart–Young). Answers are exact. Verification: level 1 takes the first and second
derivatives of the exact logistic loss at x = 0 by finite differences and the Newton point
−f′(0)/f″(0); level 2 minimises ‖M* − wwᵀ‖²_F over w directly (the best length for each direction, then a
search over directions).
"""

from __future__ import annotations

import math

import numpy as np
import sympy as sp

from osmose import numeric
from osmose.family import Checking, Evidence, Family, Mistake, Param, Problem, Reject, Step
from osmose.mathtext import given_str, tex, uni

R = sp.Rational
CHECKING = Checking()
SAY = CHECKING.statement()
LEVELS = {1: "the target M*ᵢⱼ of one word pair from its co-occurrence weights",
          2: "the optimal rank-1 factorisation WWᵀ of a 2×2 target (Eckart–Young)"}


def generate(rng, params) -> Problem:
    level = params["level"]
    if level == 1:
        pp, pm = R(rng.randint(1, 60), 10), R(rng.randint(1, 60), 10)
        if pp == pm:
            raise Reject("equal weights: target 0")
        answer = 2 * (pp - pm) / (pp + pm)
        prompt_tex = (rf"In QWEM, a word pair with co-occurrence weight \(P^+ = {float(pp):g}\) and negative-sampling "
                      rf"weight \(P^- = {float(pm):g}\) contributes \(-P^+\log\sigma(x) - P^-\log\sigma(-x)\), "
                      rf"\(x = w_i^\top w_j\). Expanding \(\log\sigma(x) = -\ln 2 + x/2 - x^2/8 + O(x^4)\) to second order "
                      rf"makes it a quadratic \(\frac{{P^+ + P^-}}{{8}}(x - M^\star_{{ij}})^2 + \text{{const}}\). Find the "
                      rf"target \(M^\star_{{ij}}\). {SAY}")
        prompt_text = (f"In QWEM, a word pair with co-occurrence weight P⁺ = {float(pp):g} and negative-sampling weight "
                       f"P⁻ = {float(pm):g} contributes −P⁺ log σ(x) − P⁻ log σ(−x), x = wᵢᵀwⱼ. Expanding log σ(x) = "
                       f"−ln 2 + x/2 − x²/8 + O(x⁴) to second order makes it a quadratic ((P⁺ + P⁻)/8)(x − M*ᵢⱼ)² + const. "
                       f"Find the target M*ᵢⱼ. {SAY}")
        steps = [Step("log σ(−x) = −ln 2 − x/2 − x²/8: the linear terms are (P⁻ − P⁺)x/2, the quadratic ones "
                      "(P⁺ + P⁻)x²/8.", r"f(x) \approx \frac{P^+ + P^-}{8}x^2 - \frac{P^+ - P^-}{2}x + \text{const}",
                      "f(x) ≈ ((P⁺ + P⁻)/8)x² − ((P⁺ − P⁻)/2)x + const"),
                 Step("Complete the square: the minimum sits at x = 2(P⁺ − P⁻)/(P⁺ + P⁻).",
                      rf"M^\star = \frac{{2({float(pp):g} - {float(pm):g})}}{{{float(pp):g} + {float(pm):g}}} = {tex(answer)}",
                      f"M* = 2({float(pp):g} − {float(pm):g})/({float(pp):g} + {float(pm):g}) = {uni(answer)}")]
        cands = [("factor 2 dropped", answer / 2, "The minimiser of (P⁺ + P⁻)x²/8 − (P⁺ − P⁻)x/2 is "
                  "x = 2(P⁺ − P⁻)/(P⁺ + P⁻): keep the 2."),
                 ("log-ratio", sp.log(pp / pm), "ln(P⁺/P⁻) is the minimiser of the exact logistic loss (word2vec's "
                  "PMI result); the quadratic approximation replaces it by 2(P⁺ − P⁻)/(P⁺ + P⁻).")]
        given = {"level": 1, "P+": str(pp), "P-": str(pm)}
    else:
        # built from its eigenstructure so the eigenvectors are rational: M = λ₁u₁u₁ᵀ + λ₂u₂u₂ᵀ
        p, r = rng.choice([(1, 0), (0, 1), (1, 1), (1, -1), (1, 2), (2, 1), (1, -2), (2, -1), (1, 3), (3, -1)])
        lam1 = sp.Integer(rng.randint(1, 9))
        lam2 = sp.Integer(rng.randint(-6, int(lam1) - 1))
        v, v_perp = sp.Matrix([p, r]), sp.Matrix([-r, p])
        u_outer = v * v.T / v.dot(v)
        M = lam1 * u_outer + lam2 * v_perp * v_perp.T / v_perp.dot(v_perp)
        answer = lam1 * u_outer
        prompt_tex = (rf"With constant pair weights the QWEM loss is \(\lVert M^\star - WW^\top\rVert_F^2\) + const. For "
                      rf"\(M^\star = {tex(M)}\) and one-dimensional embeddings (\(W\) is \(2 \times 1\)), find the optimal "
                      rf"\(WW^\top\). {SAY}")
        prompt_text = (f"With constant pair weights the QWEM loss is ‖M* − WWᵀ‖²_F + const. For M* = {uni(M)} and "
                       f"one-dimensional embeddings (W is 2 × 1), find the optimal WWᵀ. {SAY}")
        steps = [Step("WWᵀ is symmetric positive semidefinite of rank ≤ 1: by Eckart–Young the best one keeps the top "
                      "eigenpair of M*.", rf"\lambda_1 = {tex(lam1)},\ \lambda_2 = {tex(lam2)},\quad u_1 \propto {tex(tuple(v))}",
                      f"λ₁ = {uni(lam1)}, λ₂ = {uni(lam2)}, u₁ ∝ {uni(tuple(v))}"),
                 Step("So", rf"WW^\top = \lambda_1 u_1u_1^\top = {tex(answer)}", f"WWᵀ = λ₁u₁u₁ᵀ = {uni(answer)}")]
        cands = [("unit eigenvector only", u_outer, "Scale the projector u₁u₁ᵀ by the eigenvalue λ₁."),
                 ("M* itself", M, "WWᵀ has rank 1 (and is positive semidefinite): keep only the top eigenpair.")]
        if lam2 > 0:
            cands.append(("smaller eigenpair", lam2 * v_perp * v_perp.T / v_perp.dot(v_perp), "Keep the largest "
                          "eigenvalue: it removes the most of ‖M*‖²_F."))
        given = {"level": 2, "M": given_str(M)}
    kind = "number" if level == 1 else "matrix"
    return Problem(prompt_tex, prompt_text, answer, kind, tuple(steps), given, CHECKING,
                   tuple(Mistake(*c) for c in cands))


def verify(given, answer) -> Evidence:
    if given["level"] == 1:
        pp, pm = float(sp.Rational(given["P+"])), float(sp.Rational(given["P-"]))
        log_sigmoid = lambda x: -math.log1p(math.exp(-x))
        f = lambda x: -pp * log_sigmoid(x) - pm * log_sigmoid(-x)
        h = 1e-4
        d1 = (f(h) - f(-h)) / (2 * h)
        d2 = (f(h) - 2 * f(0) + f(-h)) / (h * h)
        err = numeric.require_close(-d1 / d2, float(answer), "Newton point of the exact loss at 0", rel=1e-6)
        return Evidence("finite differences", "f′(0) and f″(0) of the exact logistic loss; M* = −f′(0)/f″(0)", err)
    (m11, m12), (_, m22) = [[float(sp.Rational(v)) for v in row] for row in given["M"]]
    # w = ρ(cos t, sin t): for a fixed direction the best ρ² is max(0, uᵀMu), leaving a search over t
    gain = lambda t: max(0.0, m11 * math.cos(t) ** 2 + 2 * m12 * math.cos(t) * math.sin(t) + m22 * math.sin(t) ** 2)
    grid = [math.pi * i / 720 for i in range(720)]
    t0 = max(grid, key=gain)
    t = numeric.golden_max(gain, t0 - math.pi / 720, t0 + math.pi / 720)
    w = math.sqrt(gain(t)) * np.array([math.cos(t), math.sin(t)])
    got = np.array(answer, dtype=float)
    err = max(numeric.require_close(e, g, "minimiser of ‖M − wwᵀ‖² (search over directions)", rel=1e-6, floor=1e-6)
              for e, g in zip(np.outer(w, w).ravel(), got.ravel()))
    return Evidence("search over directions", "for each direction u the best scale is uᵀMu; the direction is "
                    "found by a grid and golden-section search", err)


FAMILY = Family(
    name="qwem", version=1, title="Quadratic word embedding model",
    summary="QWEM's targets M*ᵢⱼ from co-occurrence weights, and the rank-1 factorisation of a target matrix.",
    params={"level": Param(1, (1, 2), "1: one pair's target; 2: the optimal rank-1 WWᵀ")},
    levels=LEVELS, generate=generate, verify=verify,
)
