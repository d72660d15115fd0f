"""The 2-Wasserstein distance beyond one dimension: Gaussians in closed form, small transport LPs.

``gaussian``: W₂² between Gaussians. Level 1: two 1-D Gaussians, W₂² = (μ₁ − μ₂)² + (σ₁ − σ₂)²
(variances are given, so the standard deviations must be taken). Level 2: two Gaussians with
diagonal covariances in 2 or 3 dimensions, W₂² = ‖μ₁ − μ₂‖² + Σᵢ(√aᵢ − √bᵢ)², the commuting
case of tr(Σ₁ + Σ₂ − 2(Σ₁^½ Σ₂ Σ₁^½)^½).

``transport``: a small discrete optimal-transport problem, min Σᵢⱼ Cᵢⱼ Pᵢⱼ over plans P ≥ 0 with
row sums a and column sums b, with squared-distance cost (so the optimum is W₂²). Level 1: two
points on a line to two points on a line (one free parameter; the sorted, monotone plan is
optimal). Level 2: two points in the plane to three (two free parameters; the optimum sits at
a vertex of the transport polytope).

Answers are exact. The transport optimum is found by enumerating the vertices of the
transport polytope with fractions (every basic feasible plan, a spanning tree of m + n − 1
cells). Verification is independent: for the Gaussians, the quantile coupling
E[(F₁⁻¹(Φ(Z)) − F₂⁻¹(Φ(Z)))²] by Gauss–Hermite quadrature with ``statistics.NormalDist``
inverse CDFs (level 1) and the general Bures formula with numpy matrix square roots (level 2);
for the LP, the dual optimum max Σaᵢuᵢ + Σbⱼvⱼ subject to uᵢ + vⱼ ≤ Cᵢⱼ, found by enumerating
dual vertices in floating point, must equal the answer (strong duality).
"""

from __future__ import annotations

import itertools
import math
from fractions import Fraction as Fr
from statistics import NormalDist

import numpy as np
import sympy as sp

from osmose import numeric
from osmose.family import Checking, Evidence, Family, Param, Problem, Reject, Step, distinct_mistakes
from osmose.mathtext import tex, uni
from osmose.exact import rational as _r

CHECKING = Checking()
SAY = CHECKING.statement()
LEVELS = {1: "two 1-D Gaussians; a 2-point to 2-point transport on a line",
          2: "Gaussians with diagonal covariances in 2–3 dimensions; a 2-point to 3-point transport in the plane"}
ASKS = ("gaussian", "transport")
VARIANCES = (Fr(1, 4), Fr(1), Fr(2), Fr(3), Fr(4), Fr(5), Fr(9), Fr(16), Fr(1, 9), Fr(6))
NODES, WEIGHTS = np.polynomial.hermite_e.hermegauss(20)
WEIGHTS = WEIGHTS / math.sqrt(2 * math.pi)


def _dec(f) -> str:
    return f"{float(f):g}"


def _sqrt(v: Fr) -> sp.Expr:
    return sp.sqrt(_r(v))


# --- Gaussians ---------------------------------------------------------------------------------

def _gaussian(rng, level):
    d = 1 if level == 1 else rng.choice((2, 3))
    m1 = [Fr(rng.randint(-8, 8), 2) for _ in range(d)]
    m2 = [Fr(rng.randint(-8, 8), 2) for _ in range(d)]
    v1 = [rng.choice(VARIANCES) for _ in range(d)]
    v2 = [rng.choice(VARIANCES) for _ in range(d)]
    if v1 == v2 or m1 == m2:
        raise Reject("one of the two terms vanishes")
    mean_part = sum((a - b) ** 2 for a, b in zip(m1, m2))
    cov_part = sp.Add(*[(_sqrt(a) - _sqrt(b)) ** 2 for a, b in zip(v1, v2)])
    cov_part = sp.expand(cov_part)
    answer = _r(mean_part) + cov_part
    if d == 1:
        pre_tex = (rf"Let \(P = \mathcal{{N}}({_dec(m1[0])}, {tex(_r(v1[0]))})\) and \(Q = \mathcal{{N}}({_dec(m2[0])}, {tex(_r(v2[0]))})\) "
                   rf"(second argument: the variance).")
        pre_text = (f"Let P = N({_dec(m1[0])}, {v1[0]}) and Q = N({_dec(m2[0])}, {v2[0]}) (second argument: "
                    f"the variance).")
        key = Step("In 1-D the optimal coupling matches quantiles, X₂ = μ₂ + (σ₂/σ₁)(X₁ − μ₁), giving "
                   "W₂² = (μ₁ − μ₂)² + (σ₁ − σ₂)² with standard deviations σ = √variance.",
                   rf"W_2^2 = ({_dec(m1[0])} - {_paren(m2[0])})^2 + \left({tex(_sqrt(v1[0]))} - {tex(_sqrt(v2[0]))}\right)^2 = {tex(answer)}",
                   f"W₂² = ({_dec(m1[0])} − {_paren(m2[0])})² + ({uni(_sqrt(v1[0]))} − {uni(_sqrt(v2[0]))})² = {uni(answer)}")
        steps = [key]
    else:
        vec = lambda v: "(" + ", ".join(_dec(x) for x in v) + ")"
        vtex = lambda v: "(" + ", ".join(tex(_r(x)) for x in v) + ")"
        vtext = lambda v: "(" + ", ".join(str(x) for x in v) + ")"
        pre_tex = (rf"Let \(P = \mathcal{{N}}(\mu_1, \Sigma_1)\) and \(Q = \mathcal{{N}}(\mu_2, \Sigma_2)\) in {d} dimensions with "
                   rf"\(\mu_1 = {vec(m1)}\), \(\Sigma_1 = \mathrm{{diag}}{vtex(v1)}\), \(\mu_2 = {vec(m2)}\), "
                   rf"\(\Sigma_2 = \mathrm{{diag}}{vtex(v2)}\) (diagonal covariance matrices: the entries are variances).")
        pre_text = (f"Let P = N(μ1, Σ1) and Q = N(μ2, Σ2) in {d} dimensions with μ1 = {vec(m1)}, Σ1 = diag{vtext(v1)}, "
                    f"μ2 = {vec(m2)}, Σ2 = diag{vtext(v2)} (diagonal covariance matrices: the entries are variances).")
        steps = [Step("W₂² = ‖μ₁ − μ₂‖² + tr(Σ₁ + Σ₂ − 2(Σ₁^½Σ₂Σ₁^½)^½). Diagonal covariances commute, so the trace "
                      "term is Σᵢ(√aᵢ − √bᵢ)²: the problem splits into independent 1-D problems.",
                      rf"\lVert\mu_1 - \mu_2\rVert^2 = {tex(_r(mean_part))},\quad \textstyle\sum_i(\sqrt{{a_i}} - \sqrt{{b_i}})^2 = {tex(cov_part)}",
                      f"‖μ1 − μ2‖² = {uni(_r(mean_part))}, Σ_i (√a_i − √b_i)² = {uni(cov_part)}"),
                 Step("Add.", rf"W_2^2 = {tex(answer)}", f"W₂² = {uni(answer)}")]
    var_diff = _r(sum((a - b) ** 2 for a, b in zip(v1, v2)))
    cands = [("variances for standard deviations", _r(mean_part) + var_diff, "The covariance term compares standard "
              "deviations: (σ₁ − σ₂)² with σ = √variance, not (σ₁² − σ₂²)²."),
             ("covariance term left out", _r(mean_part), "W₂ also pays for reshaping the spread: add "
              "Σ(σ₁ − σ₂)² (the Bures term)."),
             ("W₂ instead of W₂²", sp.sqrt(answer), "The question asks for the squared distance W₂²; do not take "
              "the square root.")]
    if d > 1:
        tr_slip = _r(mean_part) + sp.expand((_sqrt(sum(v1)) - _sqrt(sum(v2))) ** 2)
        cands.append(("traces instead of entries", tr_slip, "Compare standard deviations coordinate by coordinate, "
                      "Σᵢ(√aᵢ − √bᵢ)², not the square roots of the traces."))
    ask_tex = r" Find the squared 2-Wasserstein distance \(W_2^2(P, Q)\)."
    ask_text = " Find the squared 2-Wasserstein distance W₂²(P, Q)."
    given = {"ask": "gaussian", "level": level, "mu1": [str(v) for v in m1], "mu2": [str(v) for v in m2],
             "var1": [str(v) for v in v1], "var2": [str(v) for v in v2]}
    return pre_tex + ask_tex, pre_text + ask_text, answer, steps, cands, given


def _paren(v) -> str:
    return f"({_dec(v)})" if v < 0 else _dec(v)


# --- discrete transport ------------------------------------------------------------------------

def _masses(rng, k, den):
    cuts = sorted(rng.sample(range(1, den), k - 1))
    return [Fr(b - a, den) for a, b in zip([0] + cuts, cuts + [den])]


def _tree_plan(cells, a, b):
    """The basic plan on ``cells`` (m + n − 1 of them), or None if they contain a cycle or the plan is negative."""
    rows, cols, left = list(a), list(b), set(cells)
    plan = {}
    while left:
        for i, j in sorted(left):
            if sum(1 for c in left if c[0] == i) == 1:
                value = rows[i]
                break
            if sum(1 for c in left if c[1] == j) == 1:
                value = cols[j]
                break
        else:
            return None  # a cycle: not a basis
        if value < 0:
            return None
        plan[(i, j)] = value
        rows[i] -= value
        cols[j] -= value
        left.discard((i, j))
    if any(rows) or any(cols):
        return None
    return plan


def _optimum(cost, a, b):
    """Exact minimum over the vertices of the transport polytope, and a plan attaining it."""
    m, n = len(a), len(b)
    cells = [(i, j) for i in range(m) for j in range(n)]
    best = None
    for basis in itertools.combinations(cells, m + n - 1):
        plan = _tree_plan(basis, a, b)
        if plan is None:
            continue
        value = sum(cost[i][j] * p for (i, j), p in plan.items())
        if best is None or value < best[0]:
            best = (value, plan)
    return best


def _nw_corner(a, b):
    rows, cols, plan, i, j = list(a), list(b), {}, 0, 0
    while i < len(a) and j < len(b):
        q = min(rows[i], cols[j])
        plan[(i, j)] = q
        rows[i] -= q
        cols[j] -= q
        if rows[i] == 0:
            i += 1
        else:
            j += 1
    return plan


def _plan_text(plan, m, n, fmt):
    return "; ".join(", ".join(fmt(_r(plan.get((i, j), 0))) for j in range(n)) for i in range(m))


def _transport(rng, level):
    if level == 1:
        m, n = 2, 2
        xs = sorted(rng.sample(range(-6, 7), 2))
        ys = sorted(rng.sample(range(-6, 7), 2))
        if rng.random() < 0.5:
            ys.reverse()  # list the targets right to left sometimes: the listed order is not the optimal one
        den = rng.choice((4, 5, 6, 8, 10))
        a, b = _masses(rng, 2, den), _masses(rng, 2, den)
        cost = [[Fr((x - y) ** 2) for y in ys] for x in xs]
        pts_tex = (rf"points \(x = ({xs[0]}, {xs[1]})\) on a line with masses \(a = ({tex(_r(a[0]))}, {tex(_r(a[1]))})\) to "
                   rf"points \(y = ({ys[0]}, {ys[1]})\) with masses \(b = ({tex(_r(b[0]))}, {tex(_r(b[1]))})\), at cost "
                   rf"\(C_{{ij}} = (x_i - y_j)^2\)")
        pts_text = (f"points x = ({xs[0]}, {xs[1]}) on a line with masses a = ({uni(_r(a[0]))}, {uni(_r(a[1]))}) to points "
                    f"y = ({ys[0]}, {ys[1]}) with masses b = ({uni(_r(b[0]))}, {uni(_r(b[1]))}), at cost C_ij = (x_i − y_j)²")
        given_pts = {"x": xs, "y": ys}
    else:
        m, n = 2, 3
        xs = [(rng.randint(-3, 3), rng.randint(-3, 3)) for _ in range(m)]
        ys = [(rng.randint(-3, 3), rng.randint(-3, 3)) for _ in range(n)]
        if len(set(xs)) < m or len(set(ys)) < n:
            raise Reject("repeated points")
        den = rng.choice((6, 8, 10, 12))
        a, b = _masses(rng, m, den), _masses(rng, n, den)
        cost = [[Fr((p[0] - q[0]) ** 2 + (p[1] - q[1]) ** 2) for q in ys] for p in xs]
        show = lambda pts: ", ".join(f"({p[0]}, {p[1]})" for p in pts)
        pts_tex = (rf"points \(x_1, x_2 = {show(xs)}\) in the plane with masses \(a = ({', '.join(tex(_r(v)) for v in a)})\) to "
                   rf"points \(y_1, y_2, y_3 = {show(ys)}\) with masses \(b = ({', '.join(tex(_r(v)) for v in b)})\), at cost "
                   rf"\(C_{{ij}} = \lVert x_i - y_j\rVert^2\) (squared Euclidean distance)")
        pts_text = (f"points x1, x2 = {show(xs)} in the plane with masses a = ({', '.join(uni(_r(v)) for v in a)}) to "
                    f"points y1, y2, y3 = {show(ys)} with masses b = ({', '.join(uni(_r(v)) for v in b)}), at cost "
                    f"C_ij = ‖x_i − y_j‖² (squared Euclidean distance)")
        given_pts = {"x": [list(p) for p in xs], "y": [list(q) for q in ys]}
    value, plan = _optimum(cost, a, b)
    independent = sum(a[i] * b[j] * cost[i][j] for i in range(m) for j in range(n))
    if value == independent:
        raise Reject("every plan costs the same")
    answer = _r(value)
    C = sp.Matrix([[_r(c) for c in row] for row in cost])
    P = sp.Matrix([[_r(plan.get((i, j), 0)) for j in range(n)] for i in range(m)])
    steps = [Step("Cost matrix (rows: sources, columns: targets).", rf"C = {tex(C)}",
                  "C = [" + "; ".join(", ".join(str(c) for c in row) for row in cost) + "]")]
    if level == 1:
        steps.append(Step("A 2×2 plan has one free entry t = P₁₁ (the others follow from the marginals); the cost is "
                          "linear in t, so the optimum sits at an end of t's range — for squared distance on a line it is "
                          "the monotone plan that matches the points in sorted order.",
                          rf"P^* = {tex(P)},\quad \sum_{{ij}} C_{{ij}}P^*_{{ij}} = {tex(answer)}",
                          f"P* = [{_plan_text(plan, m, n, uni)}], Σ C_ij·P*_ij = {uni(answer)}"))
    else:
        steps.append(Step("An optimal plan is a vertex of the transport polytope: a plan supported on at most "
                          "m + n − 1 = 4 cells with no cycle. Comparing the vertices' costs gives",
                          rf"P^* = {tex(P)},\quad \sum_{{ij}} C_{{ij}}P^*_{{ij}} = {tex(answer)}",
                          f"P* = [{_plan_text(plan, m, n, uni)}], Σ C_ij·P*_ij = {uni(answer)}"))
    nw = _nw_corner(a, b)
    nw_cost = sum(cost[i][j] * p for (i, j), p in nw.items())
    cands = [("independent coupling", _r(independent), "P = a bᵀ (every source spreads over every target in "
              "proportion) is feasible but not optimal: minimise the cost over all plans."),
             ("north-west corner in the listed order", _r(nw_cost), "Filling the plan from the top-left in the order "
              "the points are listed gives a feasible plan, not the cheapest one; compare the vertices."),
             ("W₂ instead of W₂²", sp.sqrt(answer), "The minimal cost with squared-distance cost is already W₂²; do not "
              "take the square root.")]
    if level == 1:
        abs_cost = [[Fr(abs(x - y)) for y in ys] for x in xs]
        w1 = _optimum(abs_cost, a, b)[0]
        cands.append(("distances not squared", _r(w1), "The cost is the squared distance (x − y)²; with |x − y| the "
                      "optimum is W₁."))
    prompt_tex = (rf"Transport {pts_tex}. Find the minimal total cost \(\min_P \sum_{{ij}} C_{{ij}}P_{{ij}}\) over plans "
                  rf"\(P \ge 0\) with row sums \(a\) and column sums \(b\) (this minimum is \(W_2^2\) between the two "
                  rf"discrete distributions).")
    prompt_text = (f"Transport {pts_text}. Find the minimal total cost min_P Σ_ij C_ij·P_ij over plans P ≥ 0 with row sums "
                   f"a and column sums b (this minimum is W₂² between the two discrete distributions).")
    given = {"ask": "transport", "level": level, "a": [str(v) for v in a], "b": [str(v) for v in b], **given_pts}
    return prompt_tex, prompt_text, answer, steps, cands, given


def generate(rng, params) -> Problem:
    ask, level = params["ask"], params["level"]
    prompt_tex, prompt_text, answer, steps, cands, given = (_gaussian if ask == "gaussian" else _transport)(rng, level)
    floats: dict = {}
    fl = lambda v: floats[v] if v in floats else floats.setdefault(v, float(v))
    mistakes = distinct_mistakes(cands, answer, lambda x, y: abs(fl(x) - fl(y)) > 1e-9)
    return Problem(f"{prompt_tex} {SAY}", f"{prompt_text} {SAY}", answer, "number", tuple(steps), given, CHECKING,
                   mistakes)


# --- verification ------------------------------------------------------------------------------

def _sqrtm_psd(S):
    w, V = np.linalg.eigh(S)
    return (V * np.sqrt(np.clip(w, 0, None))) @ V.T


def _dual_optimum(C, a, b) -> float:
    """max Σ a_i u_i + Σ b_j v_j s.t. u_i + v_j ≤ C_ij, over the dual vertices (u_1 = 0 fixes the gauge)."""
    m, n = C.shape
    best = -math.inf
    for tight in itertools.combinations(range(m * n), m + n - 1):
        A = np.zeros((m + n, m + n))
        rhs = np.zeros(m + n)
        for row, k in enumerate(tight):
            i, j = divmod(k, n)
            A[row, i] = A[row, m + j] = 1
            rhs[row] = C[i, j]
        A[-1, 0] = 1  # u_1 = 0
        if abs(np.linalg.det(A)) < 1e-9:
            continue
        sol = np.linalg.solve(A, rhs)
        u, v = sol[:m], sol[m:]
        if np.all(u[:, None] + v[None, :] <= C + 1e-9):
            best = max(best, float(a @ u + b @ v))
    return best


def verify(given, answer) -> Evidence:
    if given["ask"] == "gaussian":
        m1, m2, v1, v2 = (np.array([float(Fr(x)) for x in given[k]]) for k in ("mu1", "mu2", "var1", "var2"))
        if len(m1) == 1:
            P, Q = NormalDist(m1[0], math.sqrt(v1[0])), NormalDist(m2[0], math.sqrt(v2[0]))
            std = NormalDist()
            value = sum(w * (P.inv_cdf(std.cdf(z)) - Q.inv_cdf(std.cdf(z))) ** 2 for z, w in zip(NODES, WEIGHTS))
            err = numeric.require_close(value, float(answer), "quantile coupling", rel=1e-8, floor=1e-10)
            return Evidence("quantile coupling", "E[(F₁⁻¹(Φ(Z)) − F₂⁻¹(Φ(Z)))²] by 20-node Gauss–Hermite with "
                            "statistics.NormalDist inverse CDFs", err)
        S1, S2 = np.diag(v1), np.diag(v2)
        r1 = _sqrtm_psd(S1)
        value = float(np.sum((m1 - m2) ** 2) + np.trace(S1 + S2 - 2 * _sqrtm_psd(r1 @ S2 @ r1)))
        err = numeric.require_close(value, float(answer), "Bures formula", rel=1e-9, floor=1e-10)
        return Evidence("numpy matrix square roots", "‖μ₁ − μ₂‖² + tr(Σ₁ + Σ₂ − 2(Σ₁^½Σ₂Σ₁^½)^½) via eigh", err)
    xs, ys = np.array(given["x"], dtype=float), np.array(given["y"], dtype=float)
    if xs.ndim == 1:
        xs, ys = xs[:, None], ys[:, None]
    C = ((xs[:, None, :] - ys[None, :, :]) ** 2).sum(axis=2)
    a = np.array([float(Fr(v)) for v in given["a"]])
    b = np.array([float(Fr(v)) for v in given["b"]])
    value = _dual_optimum(C, a, b)
    err = numeric.require_close(value, float(answer), "dual optimum", rel=1e-9, floor=1e-10)
    return Evidence("LP duality", "the dual maximum over u_i + v_j ≤ C_ij (dual vertices enumerated in floating point) "
                    "equals the primal minimum", err)


FAMILY = Family(
    name="w2_gaussian", version=1, title="Wasserstein-2: Gaussians and small transport problems",
    summary="W₂² between Gaussians (1-D, diagonal covariances) and a small discrete optimal-transport LP.",
    params={"ask": Param("gaussian", ASKS, "gaussian | transport"),
            "level": Param(1, (1, 2), "1: 1-D Gaussians, 2×2 on a line; 2: diagonal covariances, 2×3 in the plane")},
    levels=LEVELS, generate=generate, verify=verify,
)
