"""How fast gradient descent converges on a quadratic f(x) = ½xᵀHx − bᵀx, and what momentum buys.

With a fixed step η the error obeys e_{k+1} = (I − ηH)e_k, so its worst-case contraction per step is
ρ(η) = max(|1 − ηλ_min|, |1 − ηλ_max|), smallest at η* = 2/(λ_min + λ_max), where
ρ* = (κ − 1)/(κ + 1), κ = λ_max/λ_min. Heavy-ball momentum x_{k+1} = x_k − α∇f(x_k) + β(x_k − x_{k−1})
with α = 4/(√λ_max + √λ_min)², β = ρ_hb² reaches ρ_hb = (√κ − 1)/(√κ + 1).

task=rate: (η*, ρ*). task=iterations: the smallest k with ρ*ᵏ ≤ ε (worst case over starts).
task=heavy_ball: level 1 the heavy-ball rate; level 2 its tuned (α, β).
Level 1: H diagonal (eigenvalues on the diagonal; one draw in ten is isotropic, κ = 1, where η* solves
the problem in one step and the solution says so). Level 2: H a full symmetric matrix whose eigenvalues
must be computed (and for iterations: the heavy-ball count too, to compare).

Verified with numpy: eigvalsh, a scan of ρ(η) over a grid of step sizes (η* is its minimiser), the worst-case
error counted step by step, and the spectral radius of the heavy-ball iteration's 4×4 companion matrix.
"""

from __future__ import annotations

import math
import random

import numpy as np
import sympy as sp

from osmose import numeric
from osmose.family import (Checking, Evidence, Family, Mistake, Param, Problem, Reject, Step,
                           VerificationError)
from osmose.intmat import symmetric_with_eigenvalues
from osmose.mathtext import tex, uni

R = sp.Rational
lam = sp.Symbol("lambda")


def generate(rng: random.Random, params: dict) -> Problem:
    level, task = params["level"], params["task"]
    iso = level == 1 and task == "rate" and rng.random() < 0.1
    if iso:
        l1 = l2 = rng.randint(1, 12)
    else:
        l1 = rng.randint(1, 10)
        l2 = rng.randint(l1 + 1, 40)
        if task == "heavy_ball" and rng.random() < 0.25:     # sometimes √κ is rational
            l1 = rng.randint(1, 6)
            l2 = l1 * rng.choice((4, 9, 16, 25))
    if level == 1:
        H = sp.diag(l1, l2) if rng.random() < 0.5 else sp.diag(l2, l1)
        eig_step = Step("H is diagonal: its eigenvalues are the diagonal entries.", "", "")
    else:
        made = symmetric_with_eigenvalues(rng, l1, l2)
        if made is None:
            raise Reject("no integer symmetric matrix with these eigenvalues")
        H = sp.Matrix(made)
        poly = sp.expand((H - lam * sp.eye(2)).det())
        eig_step = Step("Eigenvalues of H from its characteristic polynomial.",
                        rf"\det(H - \lambda I) = {tex(poly)} = 0 \Rightarrow \lambda \in \{{{l1}, {l2}\}}",
                        f"det(H − λI) = {uni(poly)} = 0 ⇒ λ ∈ {{{l1}, {l2}}}")
    kappa = R(l2, l1)
    eta = R(2, l1 + l2)
    rho = R(l2 - l1, l2 + l1)
    given = {"H": [[int(v) for v in H.row(i)] for i in range(2)], "task": task}
    intro_tex = (rf"Gradient descent runs on \(f(x) = \tfrac12 x^\top H x - b^\top x\) with "
                 rf"\(H = {tex(H)}\) (any \(b\)).")
    intro_text = f"Gradient descent runs on f(x) = ½xᵀHx − bᵀx with H = {uni(H)} (any b)."
    rate_step = Step("Along eigenvector i the error is multiplied by 1 − ηλᵢ. The worst factor is smallest when the "
                     "two extremes balance, 1 − ηλ_min = −(1 − ηλ_max).",
                     rf"\eta^* = \frac{{2}}{{\lambda_{{\min}} + \lambda_{{\max}}}} = {tex(eta)},\quad "
                     rf"\rho^* = \frac{{\kappa - 1}}{{\kappa + 1}} = \frac{{{l2} - {l1}}}{{{l2} + {l1}}} = {tex(rho)}",
                     f"η* = 2/(λ_min + λ_max) = {eta}, ρ* = (κ − 1)/(κ + 1) = ({l2} − {l1})/({l2} + {l1}) = {rho}")
    mistakes: list = []
    if task == "rate":
        checking = Checking(sig_figs=3)
        answer = (eta, rho)
        steps = [eig_step, rate_step]
        if iso:
            steps.append(Step("κ = 1: every direction has the same curvature, so η* = 1/λ zeroes the error in one "
                              "step (ρ* = 0).", "", ""))
        else:
            mistakes = [Mistake("η = 1/λ_max", (R(1, l2), 1 - R(l1, l2)),
                                f"1/λ_max is safe but not optimal: it leaves 1 − λ_min/λ_max = {1 - R(l1, l2)} along "
                                "the flattest direction."),
                        Mistake("rate 1/κ", (eta, 1 / kappa), "The optimal rate is (κ − 1)/(κ + 1), not 1/κ."),
                        Mistake("η = 2/λ_max", (R(2, l2), max(abs(1 - R(2 * l1, l2)), 1)),
                                "2/λ_max is the edge of stability: the stiffest direction stops contracting.")]
        q_tex = (rf"{intro_tex} Give the fixed step \(\eta^*\) that minimises the worst-case contraction factor "
                 rf"\(\rho(\eta) = \max_i |1 - \eta\lambda_i|\), and \(\rho^* = \rho(\eta^*)\), as \((\eta^*, \rho^*)\).")
        q_text = (f"{intro_text} Give the fixed step η* that minimises the worst-case contraction factor "
                  f"ρ(η) = maxᵢ |1 − ηλᵢ|, and ρ* = ρ(η*), as (η*, ρ*).")
        kind = "tuple"
    elif task == "iterations":
        checking = Checking(precision="integer")
        e = rng.choice((2, 3, 4, 6))
        k = math.ceil(e * math.log(10) / math.log(1 / float(rho)))
        if abs(k - e * math.log(10) / math.log(1 / float(rho))) < 1e-9:
            raise Reject("an exact integer: the ceiling would be fragile")
        answer = sp.Integer(k)
        steps = [eig_step, rate_step,
                 Step("Worst case: ‖e_k‖ ≤ ρ*ᵏ‖e_0‖ with equality along the extreme eigenvectors; "
                      f"solve ρ*ᵏ ≤ 10^(−{e}).",
                      rf"k \ge \frac{{{e}\ln 10}}{{\ln(1/\rho^*)}} = {e * math.log(10) / math.log(1 / float(rho)):.3f}"
                      rf"\Rightarrow k = {k}",
                      f"k ≥ {e}·ln 10/ln(1/ρ*) = {e * math.log(10) / math.log(1 / float(rho)):.3f} ⇒ k = {k}")]
        mistakes = [Mistake("rounded down", sp.Integer(k - 1), f"k must reach the bound: round up to {k}."),
                    Mistake("used κ as the rate's inverse", sp.Integer(math.ceil(e * math.log(10) / math.log(float(kappa))))
                            if kappa > 1 else sp.Integer(0),
                            "The contraction per step is (κ − 1)/(κ + 1), not 1/κ.")]
        if level == 2:
            rho_hb = (math.sqrt(float(kappa)) - 1) / (math.sqrt(float(kappa)) + 1)
            k_hb = math.ceil(e * math.log(10) / math.log(1 / rho_hb))
            steps.append(Step(f"(For comparison, tuned heavy-ball momentum contracts by (√κ − 1)/(√κ + 1) = {rho_hb:.4f} "
                              f"and needs about {k_hb} steps.)", "", ""))
        given["e"] = e
        q_tex = (rf"{intro_tex} It uses the optimal fixed step \(\eta^* = 2/(\lambda_{{\min}} + \lambda_{{\max}})\). "
                 rf"What is the smallest number of steps \(k\) that guarantees \(\lVert x_k - x^*\rVert \le 10^{{-{e}}}"
                 rf"\lVert x_0 - x^*\rVert\) from every start?")
        q_text = (f"{intro_text} It uses the optimal fixed step η* = 2/(λ_min + λ_max). What is the smallest number of "
                  f"steps k that guarantees ‖x_k − x*‖ ≤ 10^(−{e})·‖x_0 − x*‖ from every start?")
        kind = "number"
    else:
        checking = Checking(sig_figs=3)
        sk = sp.sqrt(kappa)
        rho_hb = sp.radsimp((sk - 1) / (sk + 1))
        hb_step = Step("Heavy ball, tuned: the rate depends on √κ instead of κ.",
                       rf"\rho_{{hb}} = \frac{{\sqrt\kappa - 1}}{{\sqrt\kappa + 1}},\quad \sqrt\kappa = {tex(sk)}",
                       f"ρ_hb = (√κ − 1)/(√κ + 1), √κ = {uni(sk)}")
        if level == 1:
            answer = rho_hb
            steps = (eig_step, hb_step, Step("Evaluate.", rf"\rho_{{hb}} = {tex(answer)}", f"ρ_hb = {uni(answer)}"))
            mistakes = [Mistake("plain GD rate", rho, "(κ − 1)/(κ + 1) is gradient descent without momentum."),
                        Mistake("1 − 1/√κ", sp.radsimp(1 - 1 / sk), "The tuned rate is (√κ − 1)/(√κ + 1).")]
            q_tex = (rf"{intro_tex} With heavy-ball momentum \(x_{{k+1}} = x_k - \alpha\nabla f(x_k) + \beta(x_k - x_{{k-1}})\) "
                     rf"and the optimal \(\alpha, \beta\), the error contracts asymptotically by "
                     rf"\(\rho_{{hb}} = (\sqrt\kappa - 1)/(\sqrt\kappa + 1)\) per step, \(\kappa = \lambda_{{\max}}/\lambda_{{\min}}\). "
                     rf"Give \(\rho_{{hb}}\).")
            q_text = (f"{intro_text} With heavy-ball momentum x_(k+1) = x_k − α∇f(x_k) + β(x_k − x_(k−1)) and the optimal α, β, "
                      "the error contracts asymptotically by ρ_hb = (√κ − 1)/(√κ + 1) per step, κ = λ_max/λ_min. Give ρ_hb.")
            kind = "number"
        else:
            alpha = sp.expand(sp.radsimp(4 / (sp.sqrt(l2) + sp.sqrt(l1)) ** 2))
            beta = sp.expand(rho_hb**2)
            answer = (alpha, beta)
            steps = (eig_step, hb_step,
                     Step("Polyak's tuning: α = 4/(√λ_max + √λ_min)², β = ρ_hb².",
                          rf"\alpha = \frac{{4}}{{(\sqrt{{{l2}}} + \sqrt{{{l1}}})^2}} = {tex(alpha)},\quad "
                          rf"\beta = \rho_{{hb}}^2 = {tex(beta)}",
                          f"α = 4/(√{l2} + √{l1})² = {uni(alpha)}, β = ρ_hb² = {uni(beta)}"))
            mistakes = [Mistake("β = ρ_hb (not squared)", (alpha, rho_hb), "β = ((√κ − 1)/(√κ + 1))²."),
                        Mistake("α = 2/(λ_min + λ_max)", (eta, beta), "That is the best plain-GD step; with momentum "
                                                                      "α = 4/(√λ_max + √λ_min)².")]
            q_tex = (rf"{intro_tex} Heavy-ball momentum \(x_{{k+1}} = x_k - \alpha\nabla f(x_k) + \beta(x_k - x_{{k-1}})\) "
                     rf"is tuned optimally (Polyak): \(\alpha = 4/(\sqrt{{\lambda_{{\max}}}} + \sqrt{{\lambda_{{\min}}}})^2\), "
                     rf"\(\beta = \left((\sqrt\kappa - 1)/(\sqrt\kappa + 1)\right)^2\). Give \((\alpha, \beta)\).")
            q_text = (f"{intro_text} Heavy-ball momentum x_(k+1) = x_k − α∇f(x_k) + β(x_k − x_(k−1)) is tuned optimally "
                      "(Polyak): α = 4/(√λ_max + √λ_min)², β = ((√κ − 1)/(√κ + 1))². Give (α, β).")
            kind = "tuple"
        steps = tuple(steps)
    say = checking.statement()
    mistakes = [m for m in mistakes if not numeric.same_value(m.answer, answer) and not _zero_int(m.answer, checking)]
    return Problem(prompt_tex=f"{q_tex} {say}", prompt_text=f"{q_text} {say}", answer=answer, kind=kind,
                   solution=tuple(steps), given=given, checking=checking, mistakes=tuple(mistakes))


def _zero_int(a, checking) -> bool:
    return checking.precision == "integer" and int(a) <= 0


def verify(given: dict, answer) -> Evidence:
    H = np.array(given["H"], dtype=float)
    lams = np.linalg.eigvalsh(H)
    lo, hi = lams[0], lams[-1]
    task = given["task"]

    def rho(eta: float) -> float:
        return float(np.max(np.abs(np.linalg.eigvals(np.eye(2) - eta * H))))

    if task == "rate":
        grid = np.linspace(1e-4, 2 / hi, 4001)
        scan = np.max(np.abs(1 - np.outer(grid, lams)), axis=1)
        best = grid[int(np.argmin(scan))]
        eta, r = float(answer[0]), float(answer[1])
        if abs(eta - best) > 2 / hi / 4000 * 1.5 or abs(rho(eta) - r) > 1e-9:
            raise VerificationError(f"a grid scan puts the best step at {best:.5f} (ρ = {rho(best):.5f})")
        return Evidence("numpy grid scan", f"ρ(η) minimised at η ≈ {best:.5f}, ρ = {rho(eta):.6f}")
    if task == "iterations":
        r = rho(2 / (lo + hi))
        k, err = 0, 1.0
        while err > 10.0 ** -given["e"]:
            err *= r
            k += 1
        if int(answer) != k:
            raise VerificationError(f"counting worst-case steps gives {k}")
        return Evidence("numpy", f"worst-case error ρ^k counted step by step: {k} steps")
    # heavy ball: the spectral radius of the companion matrix with Polyak's α, β
    sk = math.sqrt(hi / lo)
    alpha, beta = 4 / (math.sqrt(hi) + math.sqrt(lo)) ** 2, ((sk - 1) / (sk + 1)) ** 2
    if isinstance(answer, tuple):
        worst = max(numeric.require_close(float(a), e, "α, β", rel=1e-9, floor=1e-12)
                    for a, e in zip(answer, (alpha, beta)))
        a, b = float(answer[0]), float(answer[1])
    else:
        a, b, worst = alpha, beta, 0.0
    T = np.block([[(1 + b) * np.eye(2) - a * H, -b * np.eye(2)], [np.eye(2), np.zeros((2, 2))]])
    radius = float(np.max(np.abs(np.linalg.eigvals(T))))
    if not isinstance(answer, tuple):
        # a double eigenvalue of the companion matrix: eigvals loses half the digits
        worst = numeric.require_close(float(answer), radius, "heavy-ball rate", rel=1e-6, floor=1e-7)
    return Evidence("numpy companion matrix", f"spectral radius of the heavy-ball iteration = {radius:.6f}", worst)


FAMILY = Family(
    name="gd_convergence", version=1, title="Convergence rate of gradient descent on a quadratic",
    summary="The optimal fixed step and its rate (κ − 1)/(κ + 1), iterations to ε, heavy-ball momentum's rate.",
    params={
        "level": Param(1, (1, 2), "1: diagonal H; 2: full symmetric H (eigenvalues to compute)"),
        "task": Param("rate", ("rate", "iterations", "heavy_ball"),
                      "rate: (η*, ρ*); iterations: steps to 10^(−e); heavy_ball: momentum's rate or its (α, β)"),
    },
    levels={1: "diagonal H (an isotropic one sometimes); the heavy-ball rate",
            2: "full symmetric H whose eigenvalues must be found; the heavy-ball (α, β)"},
    generate=generate, verify=verify,
)
