"""Convexity, strong convexity and smoothness, Lagrange multipliers, duality and KKT.

task=convex: is f convex, concave or neither on ℝ²? Level 1: a quadratic (its constant Hessian
decides: PSD, NSD or indefinite; a singular PSD Hessian — convex but not strictly — is drawn on
purpose). Level 2: α·e^(px + qy) plus a quadratic: the composition rules (e^(affine) is convex,
a sum of convex functions is convex) and what breaks them.
task=moduli: the strong-convexity modulus μ and smoothness constant L of a quadratic, the extreme
eigenvalues of its Hessian. Level 1: f given as a polynomial; level 2: f = ½‖Ax − b‖², H = AᵀA (a
rank-one A in one draw in six: μ = 0, convex but not strongly).
task=lagrange: minimise a quadratic subject to one linear equality, with L = f − λ(g − c):
(x*, y*, λ*). Level 1: f = x² + y²; level 2: f = px² + qy² + rx + sy.
task=dual: level 1, the Lagrange dual of min ½‖x‖² s.t. aᵀx ≥ c: the dual optimum (λ*, d*)
(c ≤ 0 sometimes: the constraint is slack, λ* = 0). Level 2: KKT at a given pair (x̂, λ̂) for the
projection problem min ½‖x − z‖² s.t. aᵀx ≤ c: which condition fails first.

Verified with numpy: Hessian eigenvalues by finite differences over a grid of points, eigvalsh,
the KKT linear system solved by numpy.linalg.solve, the dual function maximised over a grid and
compared with the primal optimum, and the KKT conditions evaluated in floating point.
"""

from __future__ import annotations

import random

import numpy as np
import sympy as sp

from osmose import numeric
from osmose.family import (Checking, Evidence, Family, Mistake, Param, Problem, Reject, Step,
                           VerificationError)
from osmose.intmat import symmetric_with_eigenvalues
from osmose.mathtext import tex, uni

X, Y = sp.symbols("x y")
R = sp.Rational
CONVEX = ("convex", "concave", "neither")
KKT = ("none", "stationarity", "primal feasibility", "dual feasibility", "complementary slackness")


def _nz(rng: random.Random, k: int) -> int:
    return rng.choice([i for i in range(-k, k + 1) if i])


def _quad(H, lin=(0, 0)) -> sp.Expr:
    return (R(H[0][0], 2) * X**2 + H[0][1] * X * Y + R(H[1][1], 2) * Y**2 + lin[0] * X + lin[1] * Y)


def _hessian_of_class(rng: random.Random, cls: str, singular_ok: bool = True):
    """A symmetric integer H whose eigenvalues have the sign pattern of cls (convex ⇒ PSD, …)."""
    if cls == "convex":
        lo = 0 if (singular_ok and rng.random() < 0.25) else rng.randint(1, 5)
        hi = rng.randint(lo + 1, lo + 9)
    elif cls == "concave":
        hi = -rng.randint(1, 5)
        lo = rng.randint(hi - 9, hi - 1)
    else:
        lo, hi = -rng.randint(1, 6), rng.randint(1, 6)
    H = symmetric_with_eigenvalues(rng, lo, hi) if rng.random() < 0.8 else None
    if H is None:
        H = [[lo, 0], [0, hi]] if rng.random() < 0.5 else [[hi, 0], [0, lo]]
    return H, lo, hi


def generate(rng: random.Random, params: dict) -> Problem:
    level, task = params["level"], params["task"]
    mistakes: list = []
    lam = sp.Symbol("lambda")
    if task == "convex":
        checking = Checking(choices=CONVEX)
        answer = rng.choice(CONVEX)
        if level == 1:
            H, lo, hi = _hessian_of_class(rng, answer)
            f = _quad(H, (_nz(rng, 4), rng.randint(-4, 4)))
            poly = sp.expand((sp.Matrix(H) - lam * sp.eye(2)).det())
            steps = [Step("A quadratic has a constant Hessian; read it off f.", rf"H = {tex(sp.Matrix(H))}",
                          f"H = {uni(sp.Matrix(H))}"),
                     Step("Its eigenvalues decide: all ≥ 0 convex, all ≤ 0 concave, both signs neither.",
                          rf"\det(H - \lambda I) = {tex(poly)} = 0 \Rightarrow \lambda \in \{{{lo}, {hi}\}}",
                          f"det(H − λI) = {uni(poly)} = 0 ⇒ λ ∈ {{{lo}, {hi}}}")]
            if lo == 0:
                steps.append(Step("λ = 0 is allowed: f is convex (flat along one direction), just not strictly.", "", ""))
                mistakes.append(Mistake("singular Hessian read as not convex", "neither",
                                        "Convexity needs H ⪰ 0, and 0 ≥ 0: a zero eigenvalue only means f is not "
                                        "strictly convex."))
            if answer == "neither" and H[0][0] * H[1][1] != 0 and (H[0][0] > 0) == (H[1][1] > 0):
                mistakes.append(Mistake("judged by the diagonal", "convex" if H[0][0] > 0 else "concave",
                                        f"The diagonal is {'positive' if H[0][0] > 0 else 'negative'}, but det H = "
                                        f"{H[0][0] * H[1][1] - H[0][1] ** 2} < 0: the eigenvalues have opposite signs."))
            elif answer != "neither":
                mistakes.append(Mistake("sign of H reversed", "concave" if answer == "convex" else "convex",
                                        "H ⪰ 0 (curving up) is convex; H ⪯ 0 is concave."))
            given = {"f": str(f)}
            what_tex, what_text = rf"\(f(x, y) = {tex(f)}\)", f"f(x, y) = {uni(f)}"
        else:
            p, q = _nz(rng, 2), _nz(rng, 2)
            if answer == "convex":
                alpha, (H, lo, hi) = rng.randint(1, 3), _hessian_of_class(rng, "convex")
            elif answer == "concave":
                alpha, (H, lo, hi) = -rng.randint(1, 3), _hessian_of_class(rng, "concave")
            else:
                alpha = _nz(rng, 3)
                H, lo, hi = _hessian_of_class(rng, rng.choice(("neither", "concave" if alpha > 0 else "convex")))
            f = alpha * sp.exp(p * X + q * Y) + _quad(H)
            steps = [Step("Split f into α·e^(px + qy) and a quadratic with constant Hessian H.",
                          rf"H = {tex(sp.Matrix(H))},\ \lambda(H) \in \{{{lo}, {hi}\}},\quad \alpha = {alpha}",
                          f"H = {uni(sp.Matrix(H))}, λ(H) ∈ {{{lo}, {hi}}}, α = {alpha}"),
                     Step("e^(affine) is convex (its Hessian e^(px+qy)·(p, q)(p, q)ᵀ is PSD and grows without bound "
                          "along (p, q), and shrinks to 0 along −(p, q)).", "", "")]
            if answer == "convex":
                steps.append(Step("α > 0 and H ⪰ 0: a sum of convex functions is convex.", "", ""))
                mistakes.append(Mistake("exponential thought non-convex", "neither",
                                        "e^(px + qy) is convex: exp is convex and increasing, composed with an affine map."))
            elif answer == "concave":
                steps.append(Step("α < 0 and H ⪯ 0: −f is a sum of convex functions, so f is concave.", "", ""))
                mistakes.append(Mistake("negative coefficient read as 'neither'", "neither",
                                        "Both parts are concave (α < 0 times a convex function; H ⪯ 0)."))
            else:
                steps.append(Step("The two parts disagree: where e^(px+qy) is tiny the Hessian is ≈ H, where it is huge "
                                  "it is ≈ α e^(px+qy)(p, q)(p, q)ᵀ (plus H across (p, q)); curvature of both signs "
                                  "appears, so f is neither.", "", ""))
                mistakes.append(Mistake("looked only at the exponential", "convex" if alpha > 0 else "concave",
                                        f"H has eigenvalue {lo if alpha > 0 else hi}: where the exponential is negligible "
                                        "the quadratic's curvature shows."))
            given = {"f": str(f)}
            what_tex, what_text = rf"\(f(x, y) = {tex(f)}\)", f"f(x, y) = {uni(f)}"
        mistakes = [m for m in mistakes if m.answer != answer]
        q_tex = rf"Is {what_tex} convex, concave, or neither on all of \(\mathbb{{R}}^2\)?"
        q_text = f"Is {what_text} convex, concave, or neither on all of ℝ²?"
        kind = "choice"
    elif task == "moduli":
        checking = Checking(sig_figs=3)
        if level == 1:
            for _ in range(20):
                lo = rng.randint(1, 6)
                hi = rng.randint(lo + 2, 16)
                H = symmetric_with_eigenvalues(rng, lo, hi)
                if H is not None:
                    break
            else:
                raise Reject("no integer matrix")
            f = _quad(H, (_nz(rng, 5), rng.randint(-5, 5)))
            answer = (sp.Integer(lo), sp.Integer(hi))
            poly = sp.expand((sp.Matrix(H) - lam * sp.eye(2)).det())
            steps = (Step("For a quadratic, μ and L are the smallest and largest eigenvalues of its (constant) Hessian.",
                          rf"H = {tex(sp.Matrix(H))}", f"H = {uni(sp.Matrix(H))}"),
                     Step("Eigenvalues.", rf"\det(H - \lambda I) = {tex(poly)} = 0 \Rightarrow (\mu, L) = ({lo}, {hi})",
                          f"det(H − λI) = {uni(poly)} = 0 ⇒ (μ, L) = ({lo}, {hi})"))
            mistakes = [Mistake("diagonal entries", tuple(sp.Integer(v) for v in sorted((H[0][0], H[1][1]))),
                                "The diagonal entries are not the eigenvalues when H has off-diagonal terms.")]
            mistakes.append(Mistake("coefficients of x² and y²", (R(min(H[0][0], H[1][1]), 2), R(max(H[0][0], H[1][1]), 2)),
                                    "The Hessian of a·x² is 2a: differentiate twice."))
            given = {"H": H, "f": str(f)}
            what_tex, what_text = rf"\(f(x, y) = {tex(f)}\)", f"f(x, y) = {uni(f)}"
        else:
            if rng.random() < 1 / 6:
                u, v = (_nz(rng, 3), rng.randint(-3, 3)), rng.choice((1, 2, -1, 3))
                A = sp.Matrix([[u[0], u[1]], [v * u[0], v * u[1]]])
            else:
                A = sp.Matrix(2, 2, [rng.randint(-3, 3) for _ in range(4)])
                if A.det() == 0 or A == A.T:
                    raise Reject("the rank-one case is drawn separately; a symmetric A is too easy")
            b = sp.Matrix([rng.randint(-3, 3), rng.randint(-3, 3)])
            G = A.T * A
            t, d = int(G.trace()), int(G.det())
            disc = t * t - 4 * d
            mu, L = sp.radsimp((t - sp.sqrt(disc)) / 2), sp.radsimp((t + sp.sqrt(disc)) / 2)
            answer = (mu, L)
            steps = [Step("∇²(½‖Ax − b‖²) = AᵀA, the same at every point.", rf"A^\top A = {tex(G)}", f"AᵀA = {uni(G)}"),
                     Step("Its eigenvalues from the trace and determinant.",
                          rf"\lambda = \frac{{{t} \pm \sqrt{{{t}^2 - 4\cdot {d}}}}}{{2}} \Rightarrow (\mu, L) = ({tex(mu)}, {tex(L)})",
                          f"λ = ({t} ± √({t}² − 4·{d}))/2 ⇒ (μ, L) = ({uni(mu)}, {uni(L)})")]
            if d == 0:
                steps.append(Step("μ = 0: A is rank one, so f is flat along the null space of A — convex, but not strongly "
                                  "convex.", "", ""))
            mistakes = [Mistake("singular values of A (not squared)", (sp.radsimp(sp.sqrt(mu)), sp.radsimp(sp.sqrt(L))),
                                "The Hessian is AᵀA, whose eigenvalues are the squared singular values of A.")]
            given = {"A": [[int(v) for v in A.row(i)] for i in range(2)], "b": [int(v) for v in b]}
            what_tex = rf"\(f(x) = \tfrac12\lVert Ax - b\rVert^2\) with \(A = {tex(A)}\), \(b = {tex(tuple(b))}\)"
            what_text = f"f(x) = ½‖Ax − b‖² with A = {uni(A)}, b = {uni(tuple(b))}"
        q_tex = (rf"Give the strong-convexity modulus \(\mu\) and the smoothness constant \(L\) "
                 rf"(\(\mu I \preceq \nabla^2 f \preceq L I\), the tightest such constants) of {what_tex}, as \((\mu, L)\).")
        q_text = (f"Give the strong-convexity modulus μ and the smoothness constant L (μI ⪯ ∇²f ⪯ LI, the tightest such "
                  f"constants) of {what_text}, as (μ, L).")
        kind = "tuple"
    elif task == "lagrange":
        checking = Checking(sig_figs=3)
        a, b = _nz(rng, 3), _nz(rng, 3)
        c = _nz(rng, 6)
        if level == 1:
            p, q, r, s = 1, 1, 0, 0
        else:
            p, q = rng.randint(1, 4), rng.randint(1, 4)
            r, s = rng.randint(-4, 4), rng.randint(-4, 4)
            if p == q and r == s == 0:
                raise Reject("level 1's problem")
        f = p * X**2 + q * Y**2 + r * X + s * Y
        # stationarity 2p x + r = λa, 2q y + s = λb; feasibility a x + b y = c
        lam_star = (c + R(a * r, 2 * p) + R(b * s, 2 * q)) / (R(a * a, 2 * p) + R(b * b, 2 * q))
        xs, ys = (lam_star * a - r) / (2 * p), (lam_star * b - s) / (2 * q)
        answer = (xs, ys, lam_star)
        L1 = sp.Eq(2 * p * X + r, lam * a)
        L2 = sp.Eq(2 * q * Y + s, lam * b)
        cons = a * X + b * Y
        steps = (Step("Stationarity of L = f − λ(ax + by − c): ∇f = λ∇g.",
                      rf"{tex(L1)},\quad {tex(L2)}", f"{uni(L1.lhs)} = {uni(L1.rhs)}, {uni(L2.lhs)} = {uni(L2.rhs)}"),
                 Step("Solve each for x(λ), y(λ), substitute into the constraint and solve for λ.",
                      rf"{tex(cons)} = {c} \Rightarrow \lambda^* = {tex(lam_star)}",
                      f"{uni(cons)} = {c} ⇒ λ* = {uni(lam_star)}"),
                 Step("Back-substitute.", rf"(x^*, y^*) = ({tex(xs)}, {tex(ys)})", f"(x*, y*) = ({uni(xs)}, {uni(ys)})"))
        mistakes = [Mistake("sign convention of λ flipped", (xs, ys, -lam_star),
                            "With L = f − λ(g − c), stationarity reads ∇f = λ∇g, so λ* has the sign of this solution.")]
        if level == 2:
            lam_nolin = c / (R(a * a, 2 * p) + R(b * b, 2 * q))
            mistakes.append(Mistake("dropped the linear terms of f", (lam_nolin * a / (2 * p), lam_nolin * b / (2 * q), lam_nolin),
                                    f"∂f/∂x = {2 * p}x + {r}: the linear terms shift the stationarity equations."))
        if level == 1:   # stationarity written x = λa instead of 2x = λa: λ is halved, the point doubled
            mistakes.append(Mistake("forgot the 2 of d(x²)/dx", (xs, ys, lam_star / 2),
                                    "d(x²)/dx = 2x, so stationarity reads 2x = λa: λ* is twice what x = λa gives."))
        given = {"p": p, "q": q, "r": r, "s": s, "a": a, "b": b, "c": c}
        q_tex = (rf"Minimise \(f(x, y) = {tex(f)}\) subject to \({tex(a * X + b * Y)} = {c}\). With the Lagrangian "
                 rf"\(L = f - \lambda({tex(a * X + b * Y)} - {c})\), give \((x^*, y^*, \lambda^*)\).")
        q_text = (f"Minimise f(x, y) = {uni(f)} subject to {uni(a * X + b * Y)} = {c}. With the Lagrangian "
                  f"L = f − λ({uni(a * X + b * Y)} − {c}), give (x*, y*, λ*).")
        kind = "tuple"
    else:
        a = (_nz(rng, 4), rng.randint(-4, 4))
        na = a[0] ** 2 + a[1] ** 2
        if level == 1:
            checking = Checking(sig_figs=3)
            c = _nz(rng, 8) if rng.random() < 0.8 else -rng.randint(1, 6)
            if c > 0:
                lam_s, d_s = R(c, na), R(c * c, 2 * na)
            else:
                lam_s, d_s = sp.Integer(0), sp.Integer(0)
            answer = (lam_s, d_s)
            steps = [Step("L(x, λ) = ½‖x‖² − λ(aᵀx − c), λ ≥ 0. Minimising over x: x = λa.",
                          r"g(\lambda) = \min_x L = -\tfrac12\lambda^2\lVert a\rVert^2 + \lambda c"
                          rf" = -\tfrac{{{na}}}{{2}}\lambda^2 + {c}\lambda",
                          f"g(λ) = min_x L = −½λ²‖a‖² + λc = −({na}/2)λ² + {c}λ")]
            if c > 0:
                steps.append(Step("Maximise the concave g over λ ≥ 0: g′(λ) = 0.",
                                  rf"\lambda^* = \frac{{c}}{{\lVert a\rVert^2}} = {tex(lam_s)},\quad d^* = g(\lambda^*) = "
                                  rf"\frac{{c^2}}{{2\lVert a\rVert^2}} = {tex(d_s)}",
                                  f"λ* = c/‖a‖² = {lam_s}, d* = g(λ*) = c²/(2‖a‖²) = {d_s}"))
                steps.append(Step(f"Strong duality (Slater): the primal optimum, the squared distance from 0 to the "
                                  f"half-plane halved, is also {d_s}; the duality gap is 0.", "", ""))
                mistakes = [Mistake("dropped the ½", (lam_s, 2 * d_s), "g(λ*) = c²/(2‖a‖²)."),
                            Mistake("‖a‖ for ‖a‖²", (R(c, 1) / sp.sqrt(na), R(c * c, 2) / sp.sqrt(na)),
                                    "x = λa gives ‖x‖² = λ²‖a‖²: squared norm.")]
            else:
                steps.append(Step("c ≤ 0: g is decreasing on λ ≥ 0 (g′(0) = c ≤ 0), so λ* = 0 and d* = 0. The constraint "
                                  "is slack at x* = 0 (aᵀ0 = 0 ≥ c): complementary slackness forces λ* = 0.", "", ""))
                mistakes = [Mistake("ignored λ ≥ 0", (R(c, na), R(c * c, 2 * na)),
                                    "Dual variables of inequality constraints are ≥ 0: the unconstrained maximiser "
                                    f"λ = {R(c, na)} is not allowed.")]
            given = {"a": list(a), "c": c}
            q_tex = (rf"Primal: minimise \(\tfrac12\lVert x\rVert^2\) over \(x \in \mathbb{{R}}^2\) subject to "
                     rf"\(a^\top x \ge {c}\), \(a = {tex(a)}\). With \(L(x, \lambda) = \tfrac12\lVert x\rVert^2 - "
                     rf"\lambda(a^\top x - {c})\), \(\lambda \ge 0\), give the maximiser of the dual function and the "
                     rf"dual optimum, \((\lambda^*, d^*)\).")
            q_text = (f"Primal: minimise ½‖x‖² over x ∈ ℝ² subject to aᵀx ≥ {c}, a = {uni(a)}. With L(x, λ) = ½‖x‖² − "
                      f"λ(aᵀx − {c}), λ ≥ 0, give the maximiser of the dual function and the dual optimum, (λ*, d*).")
            kind = "tuple"
        else:
            checking = Checking(choices=KKT)
            z = (rng.randint(-4, 4), rng.randint(-4, 4))
            # true solution: projection of z onto aᵀx ≤ c
            c = _nz(rng, 6)
            viol = a[0] * z[0] + a[1] * z[1] - c
            lam_t = R(max(viol, 0), na)
            xt = (z[0] - lam_t * a[0], z[1] - lam_t * a[1])
            answer = rng.choice(KKT)
            xh, lh = xt, lam_t
            if answer == "stationarity":
                xh = (xt[0] + _nz(rng, 2), xt[1])
                lh = lam_t
                if a[0] * xh[0] + a[1] * xh[1] > c:
                    xh = (xt[0] - (1 if a[0] > 0 else -1), xt[1])
            elif answer == "primal feasibility":
                lh = R(rng.randint(1, 4), 2)
                xh = (z[0] - lh * a[0], z[1] - lh * a[1])
                if a[0] * xh[0] + a[1] * xh[1] <= c:
                    raise Reject("wanted an infeasible point")
            elif answer == "dual feasibility":
                lh = -R(rng.randint(1, 4), 2)
                xh = (z[0] - lh * a[0], z[1] - lh * a[1])
                if a[0] * xh[0] + a[1] * xh[1] > c:
                    raise Reject("wanted a feasible point")
            elif answer == "complementary slackness":
                lh = R(rng.randint(1, 4), 2)
                xh = (z[0] - lh * a[0], z[1] - lh * a[1])
                if a[0] * xh[0] + a[1] * xh[1] >= c:
                    raise Reject("wanted a strictly feasible point")
            gx = (xh[0] - z[0] + lh * a[0], xh[1] - z[1] + lh * a[1])
            slack = a[0] * xh[0] + a[1] * xh[1] - c
            steps = (Step("KKT for min ½‖x − z‖² s.t. aᵀx ≤ c with L = ½‖x − z‖² + λ(aᵀx − c): stationarity "
                          "x − z + λa = 0; primal feasibility aᵀx ≤ c; dual feasibility λ ≥ 0; complementary "
                          "slackness λ(aᵀx − c) = 0.", "", ""),
                     Step("Evaluate at the given pair.",
                          rf"x - z + \lambda a = {tex(gx)},\quad a^\top x - c = {tex(slack)},\quad \lambda = {tex(lh)},\quad "
                          rf"\lambda(a^\top x - c) = {tex(lh * slack)}",
                          f"x − z + λa = {uni(gx)}, aᵀx − c = {uni(slack)}, λ = {uni(lh)}, λ(aᵀx − c) = {uni(lh * slack)}"),
                     Step("All four hold: the pair is optimal." if answer == "none" else
                          f"The first condition (in the stated order) that fails: {answer}.", "", ""))
            if answer == "none":
                mistakes.append(Mistake("λ = 0 taken as a failure", "dual feasibility",
                                        "λ = 0 satisfies λ ≥ 0: an inactive constraint has a zero multiplier.")
                                if lh == 0 else Mistake("active constraint taken as infeasible", "primal feasibility",
                                                        "aᵀx = c is feasible (≤ c): the constraint is active, not violated."))
            elif answer == "complementary slackness":
                mistakes.append(Mistake("positive λ thought enough", "none",
                                        f"λ > 0 forces aᵀx = c, but here aᵀx − c = {slack} < 0."))
            elif answer == "dual feasibility":
                mistakes.append(Mistake("sign of λ not checked", "none", "Multipliers of inequality constraints must be ≥ 0."))
            given = {"a": list(a), "c": c, "z": list(z), "x": [str(v) for v in xh], "lam": str(lh)}
            q_tex = (rf"Problem: minimise \(\tfrac12\lVert x - z\rVert^2\) subject to \(a^\top x \le {c}\), with "
                     rf"\(z = {tex(z)}\), \(a = {tex(a)}\) and Lagrangian \(L = \tfrac12\lVert x - z\rVert^2 + "
                     rf"\lambda(a^\top x - {c})\). At the candidate \(\hat x = {tex(xh)}\), \(\hat\lambda = {tex(lh)}\), "
                     rf"which KKT condition fails first, checking in the order stationarity, primal feasibility, dual "
                     rf"feasibility, complementary slackness (none if all hold)?")
            q_text = (f"Problem: minimise ½‖x − z‖² subject to aᵀx ≤ {c}, with z = {uni(z)}, a = {uni(a)} and Lagrangian "
                      f"L = ½‖x − z‖² + λ(aᵀx − {c}). At the candidate x̂ = {uni(xh)}, λ̂ = {uni(lh)}, which KKT condition "
                      "fails first, checking in the order stationarity, primal feasibility, dual feasibility, complementary "
                      "slackness (none if all hold)?")
            kind = "choice"
    say = checking.statement()
    mistakes = [m for m in mistakes if not numeric.same_value(m.answer, answer)]
    return Problem(prompt_tex=f"{q_tex} {say}", prompt_text=f"{q_text} {say}", answer=answer, kind=kind,
                   solution=tuple(steps), given={**given, "task": task}, checking=checking, mistakes=tuple(mistakes))


def verify(given: dict, answer) -> Evidence:
    task = given["task"]
    if task == "convex":
        f = numeric.float_function(given["f"], ["x", "y"])
        g = np.linspace(-3, 3, 7)
        lams = []
        for x in g:
            for y in g:
                H = np.array(numeric.fd_hessian(f, [x, y]))
                ev = np.linalg.eigvalsh((H + H.T) / 2)
                scale = 1 + np.max(np.abs(ev))
                lams.append((ev[0] / scale, ev[1] / scale))
        lo, hi = min(l[0] for l in lams), max(l[1] for l in lams)
        expected = "convex" if lo > -1e-6 else "concave" if hi < 1e-6 else "neither"
        if answer != expected:
            raise VerificationError(f"finite-difference Hessians on a grid say {expected}")
        return Evidence("finite differences", f"Hessian eigenvalues over a 7×7 grid: min {lo:.3g}, max {hi:.3g} (scaled)")
    if task == "moduli":
        H = np.array(given["H"], float) if "H" in given else np.array(given["A"], float).T @ np.array(given["A"], float)
        ev = np.linalg.eigvalsh(H)
        err = max(numeric.require_close(float(a), e, "μ, L", rel=1e-9, floor=1e-9) for a, e in zip(answer, ev))
        return Evidence("numpy.linalg.eigvalsh", f"eigenvalues of the Hessian {ev.round(6).tolist()}", err)
    if task == "lagrange":
        p, q, r, s, a, b, c = (given[k] for k in "pqrsabc")
        K = np.array([[2 * p, 0, -a], [0, 2 * q, -b], [a, b, 0]], float)
        sol = np.linalg.solve(K, np.array([-r, -s, c], float))
        err = max(numeric.require_close(float(x), e, "KKT", rel=1e-9, floor=1e-12) for x, e in zip(answer, sol))
        return Evidence("numpy.linalg.solve", f"the KKT system gives {sol.round(6).tolist()}", err)
    a = np.array(given["a"], float)
    c = float(given["c"])
    if "z" not in given:
        grid = np.linspace(0, 10, 200001)
        gvals = -0.5 * grid**2 * (a @ a) + grid * c
        k = int(np.argmax(gvals))
        primal = 0.5 * max(c, 0.0) ** 2 / (a @ a)          # ½ dist(0, {aᵀx ≥ c})²
        if abs(gvals[k] - primal) > 1e-6:
            raise VerificationError("duality gap?")
        err = max(numeric.require_close(float(answer[0]), grid[k], "λ*", rel=1e-3, floor=1e-4),
                  numeric.require_close(float(answer[1]), gvals[k], "d*", rel=1e-6, floor=1e-9))
        return Evidence("numpy grid", f"max of g over λ ∈ [0, 10]: λ* ≈ {grid[k]:.5f}, d* = {gvals[k]:.6f} = p*", err)
    z = np.array(given["z"], float)
    x = np.array([float(sp.Rational(v)) for v in given["x"]])
    lam = float(sp.Rational(given["lam"]))
    checks = [("stationarity", np.allclose(x - z + lam * a, 0, atol=1e-12)),
              ("primal feasibility", a @ x - c <= 1e-12), ("dual feasibility", lam >= -1e-12),
              ("complementary slackness", abs(lam * (a @ x - c)) <= 1e-12)]
    expected = next((name for name, ok in checks if not ok), "none")
    if answer != expected:
        raise VerificationError(f"numpy evaluation says {expected}")
    return Evidence("numpy", f"KKT conditions evaluated in floating point: {expected}")


FAMILY = Family(
    name="convexity_duality", version=1, title="Convexity, Lagrange multipliers and duality",
    summary="Convexity tests, μ and L of a quadratic, Lagrange multipliers, the dual of a small QP, KKT at a point.",
    params={
        "level": Param(1, (1, 2), "1: quadratics, f = x² + y², the dual of a projection; "
                                  "2: composition rules, ½‖Ax − b‖², general quadratics, KKT at a candidate"),
        "task": Param("convex", ("convex", "moduli", "lagrange", "dual"),
                      "convex: convex/concave/neither; moduli: (μ, L); lagrange: (x*, y*, λ*); dual: dual optimum or KKT"),
    },
    levels={1: "a quadratic's Hessian test; μ, L from f's Hessian; min x² + y² on a line; the dual of min ½‖x‖² "
               "s.t. aᵀx ≥ c",
            2: "e^(affine) plus a quadratic; μ, L of ½‖Ax − b‖²; a general quadratic on a line; which KKT condition "
               "fails at a candidate"},
    generate=generate, verify=verify,
)
