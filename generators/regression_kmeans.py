"""Closed forms of classical ML on tiny data: least squares, ridge regression, one k-means step.

Answers are exact fractions from the textbook formulas (slope = S_xy/S_xx, the ridge normal
equations (XᵀX + λI)w = Xᵀy, nearest-centroid assignment and cluster means). Verification
uses numpy's least-squares solver (ridge as least squares on data augmented with √λ·I) and,
for k-means, a brute-force search over every labelling of the points.
"""

from __future__ import annotations

import itertools
from fractions import Fraction as Fr

import numpy as np
import sympy as sp

from osmose import numeric
from osmose.family import Checking, Evidence, Family, Mistake, Param, Problem, Reject, Step, VerificationError
from osmose.mathtext import tex, uni
from osmose.exact import rational as _r


def _nice(*fs, limit=30) -> bool:
    return all(Fr(f).denominator <= limit and abs(f) <= 50 for f in fs)


def _ols(rng):
    n = rng.randint(3, 5)
    xs = sorted(rng.sample(range(0, 7), n))
    ys = [rng.randint(-3, 8) for _ in range(n)]
    xbar, ybar = Fr(sum(xs), n), Fr(sum(ys), n)
    sxx = sum((x - xbar) ** 2 for x in xs)
    sxy = sum((x - xbar) * (y - ybar) for x, y in zip(xs, ys))
    syy = sum((y - ybar) ** 2 for y in ys)
    slope = sxy / sxx
    icpt = ybar - slope * xbar
    if slope == 0 or not _nice(slope, icpt):
        raise Reject("flat or ugly fit")
    answer = (_r(icpt), _r(slope))
    pts = ", ".join(f"({x}, {y})" for x, y in zip(xs, ys))
    prompt_tex = (f"Fit \\(\\hat y = w_0 + w_1 x\\) by least squares to the points \\({pts}\\). "
                  f"Give \\((w_0, w_1)\\).")
    prompt_text = f"Fit ŷ = w₀ + w₁x by least squares to the points {pts}. Give (w₀, w₁)."
    steps = (Step("Means.", f"\\bar x = {tex(_r(xbar))},\\quad \\bar y = {tex(_r(ybar))}",
                  f"x̄ = {uni(_r(xbar))}, ȳ = {uni(_r(ybar))}"),
             Step("Centred sums of squares and cross-products.",
                  f"S_{{xx}} = \\sum (x_i-\\bar x)^2 = {tex(_r(sxx))},\\quad S_{{xy}} = \\sum (x_i-\\bar x)(y_i-\\bar y) = {tex(_r(sxy))}",
                  f"Sxx = Σ(xᵢ−x̄)² = {uni(_r(sxx))}, Sxy = Σ(xᵢ−x̄)(yᵢ−ȳ) = {uni(_r(sxy))}"),
             Step("Slope, then the intercept makes the line pass through (x̄, ȳ).",
                  f"w_1 = \\frac{{S_{{xy}}}}{{S_{{xx}}}} = {tex(_r(slope))},\\quad w_0 = \\bar y - w_1 \\bar x = {tex(_r(icpt))}",
                  f"w₁ = Sxy/Sxx = {uni(_r(slope))}, w₀ = ȳ − w₁x̄ = {uni(_r(icpt))}"))
    sx2 = sum(Fr(x * x) for x in xs)
    mistakes = [Mistake("swapped", (answer[1], answer[0]), "Order: intercept w₀ first, then slope w₁.")]
    if sx2:
        mistakes.append(Mistake("forgot to centre", (sp.S.Zero, _r(sum(Fr(x * y) for x, y in zip(xs, ys)) / sx2)),
                                "Σxy/Σx² is the slope of a line forced through the origin; centre x and y first."))
    if sxy:
        s2 = syy / sxy
        mistakes.append(Mistake("regressed x on y", (_r(ybar - s2 * xbar), _r(s2)),
                                "That inverts the regression of x on y (S_yy/S_xy); regressing y on x uses S_xy/S_xx."))
    given = {"task": "ols", "x": xs, "y": ys}
    return prompt_tex, prompt_text, answer, steps, given, mistakes


def _solve2(A, b):
    det = A[0][0] * A[1][1] - A[0][1] * A[1][0]
    if det == 0:
        return None
    return ((A[1][1] * b[0] - A[0][1] * b[1]) / det, (A[0][0] * b[1] - A[1][0] * b[0]) / det)


def _ridge(rng):
    n = 3
    X = [[rng.randint(-2, 3), rng.randint(-2, 3)] for _ in range(n)]
    y = [rng.randint(-3, 5) for _ in range(n)]
    lam = rng.choice((1, 2, 3))
    G = [[Fr(sum(X[k][i] * X[k][j] for k in range(n))) for j in range(2)] for i in range(2)]
    Xty = [Fr(sum(X[k][i] * y[k] for k in range(n))) for i in range(2)]
    Greg = [[G[i][j] + (lam if i == j else 0) for j in range(2)] for i in range(2)]
    w = _solve2(Greg, Xty)
    if w is None or 0 in w or not _nice(*w, limit=60):
        raise Reject("degenerate or ugly")
    answer = tuple(_r(v) for v in w)
    Xm, ym = sp.Matrix(X), sp.Matrix(y)
    Gm = sp.Matrix(2, 2, [_r(v) for row in G for v in row])
    coeff = "" if lam == 1 else str(lam)   # "+ ‖w‖²", not "+ 1‖w‖²"
    prompt_tex = (f"Ridge regression without intercept: minimize \\(\\lVert y - Xw\\rVert^2 + {coeff}\\lVert w\\rVert^2\\) for "
                  f"\\[X = {tex(Xm)},\\quad y = {tex(ym)}.\\] Give \\(w = (w_1, w_2)\\).")
    prompt_text = (f"Ridge regression without intercept: minimize ‖y − Xw‖² + {coeff}‖w‖² for X = {uni(Xm)}, "
                   f"y = {uni(list(y))}. Give w = (w₁, w₂).")
    Gr = Gm + lam * sp.eye(2)
    steps = (Step("Setting the gradient to zero gives the ridge normal equations.",
                  "(X^\\top X + \\lambda I)\\,w = X^\\top y", "(XᵀX + λI) w = Xᵀy"),
             Step("Gram matrix and right-hand side.",
                  f"X^\\top X = {tex(Gm)},\\quad X^\\top y = {tex(sp.Matrix([_r(v) for v in Xty]))}",
                  f"XᵀX = {uni(Gm)}, Xᵀy = {uni(tuple(_r(v) for v in Xty))}"),
             Step(f"Add λ = {lam} on the diagonal and solve the 2×2 system (Cramer's rule).",
                  f"{tex(Gr)}\\,w = {tex(sp.Matrix([_r(v) for v in Xty]))} \\;\\Rightarrow\\; w = {tex(answer)}",
                  f"{uni(Gr)}·w = {uni(tuple(_r(v) for v in Xty))} ⇒ w = {uni(answer)}"))
    mistakes = []
    ols = _solve2(G, Xty)
    if ols is not None:
        mistakes.append(Mistake("forgot the penalty", tuple(_r(v) for v in ols),
                                "That is ordinary least squares; ridge adds λ to the diagonal of XᵀX."))
    minus = _solve2([[G[i][j] - (lam if i == j else 0) for j in range(2)] for i in range(2)], Xty)
    if minus is not None:
        mistakes.append(Mistake("subtracted λ", tuple(_r(v) for v in minus),
                                "The penalty adds λI to XᵀX (it shrinks w), it does not subtract it."))
    given = {"task": "ridge", "X": X, "y": y, "lambda": lam}
    return prompt_tex, prompt_text, answer, steps, given, mistakes


def _kmeans(rng):
    n = 6
    xs = sorted(rng.sample(range(0, 13), n))
    c = sorted(rng.sample(range(0, 13), 2))
    c = [Fr(v) for v in c]
    labels = []
    for x in xs:
        d0, d1 = abs(x - c[0]), abs(x - c[1])
        if d0 == d1:
            raise Reject("tie in the assignment")
        labels.append(0 if d0 < d1 else 1)
    clusters = [[x for x, l in zip(xs, labels) if l == k] for k in range(2)]
    if not all(clusters):
        raise Reject("empty cluster")
    new = [Fr(sum(cl), len(cl)) for cl in clusters]
    if new == c:
        raise Reject("already converged")
    J = sum((x - new[l]) ** 2 for x, l in zip(xs, labels))
    J_old = sum((x - c[l]) ** 2 for x, l in zip(xs, labels))
    if not _nice(*new, J, limit=12):
        raise Reject("ugly")
    answer = (_r(new[0]), _r(new[1]), _r(J))
    pts = ", ".join(str(x) for x in xs)
    prompt_tex = (f"Run one step of k-means (\\(k = 2\\)) on the points \\({pts}\\) of the real line, starting from "
                  f"the centroids \\(\\mu_1 = {int(c[0])}\\), \\(\\mu_2 = {int(c[1])}\\): assign each point to its nearest "
                  f"centroid, then move each centroid to the mean of its points. Give the new centroids and the "
                  f"objective \\(J = \\sum_i (x_i - \\mu_{{c(i)}})^2\\) for this assignment and the new centroids, "
                  f"as \\((\\mu_1, \\mu_2, J)\\).")
    prompt_text = (f"Run one step of k-means (k = 2) on the points {pts} of the real line, starting from the centroids "
                   f"μ₁ = {int(c[0])}, μ₂ = {int(c[1])}: assign each point to its nearest centroid, then move each "
                   f"centroid to the mean of its points. Give the new centroids and the objective "
                   f"J = Σᵢ (xᵢ − μ_c(i))² for this assignment and the new centroids, as (μ₁, μ₂, J).")
    steps = (Step("Assignment: each point goes to the nearer centroid.",
                  f"C_1 = \\{{{', '.join(map(str, clusters[0]))}\\}},\\quad C_2 = \\{{{', '.join(map(str, clusters[1]))}\\}}",
                  f"C₁ = {{{', '.join(map(str, clusters[0]))}}}, C₂ = {{{', '.join(map(str, clusters[1]))}}}"),
             Step("Update: each centroid moves to the mean of its cluster.",
                  f"\\mu_1 = {tex(answer[0])},\\quad \\mu_2 = {tex(answer[1])}",
                  f"μ₁ = {uni(answer[0])}, μ₂ = {uni(answer[1])}"),
             Step("Objective: sum of squared distances to the assigned (new) centroid; it cannot exceed the "
                  f"value before the update, {uni(_r(J_old))}.",
                  "J = " + " + ".join(f"({x} - {tex(_r(new[l]))})^2" for x, l in zip(xs, labels)) + f" = {tex(answer[2])}",
                  "J = " + " + ".join(f"({x} − {uni(_r(new[l]))})²" for x, l in zip(xs, labels)) + f" = {uni(answer[2])}"))
    mistakes = [Mistake("objective before the update", (answer[0], answer[1], _r(J_old)),
                        "J must be measured from the updated centroids, not the starting ones."),
                Mistake("mean instead of sum", (answer[0], answer[1], _r(J / n)),
                        "The k-means objective sums the squared distances; it does not average them.")]
    given = {"task": "kmeans", "points": xs, "centroids": [int(v) for v in c]}
    return prompt_tex, prompt_text, answer, steps, given, mistakes


TASKS = {"ols": _ols, "ridge": _ridge, "kmeans": _kmeans}
#: exact fractions, or decimals to 3 significant figures
CHECKING = Checking(precision="exact-or-decimal", sig_figs=3)


def generate(rng, params) -> Problem:
    ptex, ptext, answer, steps, given, mistakes = TASKS[params["task"]](rng)
    kept, seen = [], [answer]
    for m in mistakes:
        if m.answer not in seen:
            seen.append(m.answer)
            kept.append(m)
    say = CHECKING.statement()
    return Problem(f"{ptex} {say}", f"{ptext} {say}", answer, "tuple", tuple(steps), given, CHECKING, tuple(kept))


def verify(given, answer) -> Evidence:
    task = given["task"]
    ans = [float(a) for a in answer]
    if task in ("ols", "ridge"):
        if task == "ols":
            x = np.array(given["x"], dtype=float)
            A = np.column_stack([np.ones_like(x), x])
            b = np.array(given["y"], dtype=float)
            how = "numpy.linalg.lstsq on the design matrix [1, x]"
        else:
            X = np.array(given["X"], dtype=float)
            lam = float(given["lambda"])
            A = np.vstack([X, np.sqrt(lam) * np.eye(2)])
            b = np.concatenate([np.array(given["y"], dtype=float), np.zeros(2)])
            how = "numpy.linalg.lstsq on X stacked over √λ·I (y padded with zeros)"
        w = np.linalg.lstsq(A, b, rcond=None)[0]
        err = max(numeric.require_close(float(w[i]), ans[i], f"w[{i}]", rel=1e-9) for i in range(2))
        return Evidence("numpy least squares", how, err)
    pts = np.array(given["points"], dtype=float)
    c = np.array(given["centroids"], dtype=float)
    best, best_cost = None, np.inf
    for labels in itertools.product((0, 1), repeat=len(pts)):   # brute force: every labelling
        lab = np.array(labels)
        cost = float(np.sum((pts - c[lab]) ** 2))
        if cost < best_cost - 1e-12:
            best, best_cost = lab, cost
    new = np.array([pts[best == k].mean() for k in (0, 1)])
    J = float(np.sum((pts - new[best]) ** 2))
    if J > best_cost + 1e-12:
        raise VerificationError("the update increased the objective")
    err = 0.0
    for name, num, a in zip(("μ1", "μ2", "J"), (*new, J), ans):
        err = max(err, numeric.require_close(float(num), a, name, rel=1e-9))
    return Evidence("brute force", "all 2^6 labellings searched for the cheapest assignment; "
                    "numpy means and objective", err)


def baseline(given):
    """Bare SymPy: normal equations solved exactly; one k-means step with rationals."""
    task = given["task"]
    if task == "ols":
        X = sp.Matrix([[1, v] for v in given["x"]])
        return tuple((X.T * X).solve(X.T * sp.Matrix(given["y"])))
    if task == "ridge":
        X = sp.Matrix(given["X"])
        return tuple((X.T * X + given["lambda"] * sp.eye(2)).solve(X.T * sp.Matrix(given["y"])))
    pts, c = given["points"], given["centroids"]
    lab = [min((0, 1), key=lambda k: abs(p - c[k])) for p in pts]
    new = [sp.Rational(sum(p for p, l in zip(pts, lab) if l == k), lab.count(k)) for k in (0, 1)]
    return (new[0], new[1], sum((p - new[l])**2 for p, l in zip(pts, lab)))


FAMILY = Family(
    name="regression_kmeans", version=2, title="Linear and ridge regression; one k-means step",
    summary="Least-squares line, ridge closed form (XᵀX + λI)⁻¹Xᵀy, and one k-means assignment/update with its objective.",
    params={"task": Param("ols", tuple(TASKS), "ols: line fit (w₀, w₁); ridge: 2-feature ridge weights; "
                          "kmeans: one step in 1-D, (μ₁, μ₂, J)")},
    generate=generate, verify=verify, baseline=baseline,
)
