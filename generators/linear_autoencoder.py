"""A linear autoencoder with a one-dimensional bottleneck, trained on squared error, learns the
top principal direction: its best mean squared reconstruction error is the smallest eigenvalue
of the data covariance (in two dimensions).

Level 1 gives the covariance matrix Σ; level 2 gives centred data points, whose covariance
(dividing by n) the learner forms first. The answer is the smaller eigenvalue λ_min of Σ, exact.
Verification never takes eigenvalues: it minimises the mean squared distance of the data (or of
Σ's quadratic form, tr Σ − uᵀΣu) from a line through the origin over the line's angle, by a grid
and golden-section search.
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
LEVELS = {1: "the covariance matrix is given", 2: "centred data points are given (form the covariance first)"}


def generate(rng, params) -> Problem:
    level = params["level"]
    if level == 1:
        a, c = rng.randint(1, 9), rng.randint(1, 9)
        b = rng.choice([v for v in range(-4, 5) if v])
        cov = sp.Matrix([[a, b], [b, c]])
        if cov.det() <= 0:
            raise Reject("not positive definite")
        data = None
    else:
        n = rng.randint(3, 5)
        pts = [[rng.randint(-4, 4), rng.randint(-4, 4)] for _ in range(n - 1)]
        pts.append([-sum(p[0] for p in pts), -sum(p[1] for p in pts)])  # centred by construction
        if any(abs(v) > 9 for p in pts for v in p):
            raise Reject("large coordinates")
        X = sp.Matrix(pts)
        cov = X.T * X / n
        if cov.det() == 0 or cov[0, 1] == 0:
            raise Reject("degenerate or axis-aligned data")
        data = pts
    tr, det = cov.trace(), cov.det()
    lam_min = (tr - sp.sqrt(tr ** 2 - 4 * det)) / 2
    lam_max = (tr + sp.sqrt(tr ** 2 - 4 * det)) / 2
    answer = sp.radsimp(lam_min)
    if data is None:
        intro_tex = rf"Centred data in \(\mathbb{{R}}^2\) have covariance \(\Sigma = {tex(cov)}\)."
        intro_text = f"Centred data in R² have covariance Σ = {uni(cov)}."
        first = []
    else:
        pts_tex = ", ".join(f"({x}, {y})" for x, y in data)
        intro_tex = rf"The centred data points \({pts_tex}\) are given (covariance: divide by \(n = {len(data)}\))."
        intro_text = f"The centred data points {pts_tex} are given (covariance: divide by n = {len(data)})."
        first = [Step("Covariance of the centred data, dividing by n.", rf"\Sigma = \tfrac1n X^\top X = {tex(cov)}",
                      f"Σ = (1/n)XᵀX = {uni(cov)}")]
    prompt_tex = (intro_tex + r" A linear autoencoder \(x \mapsto W_2 W_1 x\) with a one-dimensional bottleneck "
                  r"(\(W_1\) is \(1 \times 2\), \(W_2\) is \(2 \times 1\)) is trained to minimise the mean squared "
                  rf"reconstruction error \(\mathbb{{E}}\lVert x - W_2 W_1 x\rVert^2\). What is the smallest error it can reach? {SAY}")
    prompt_text = (intro_text + " A linear autoencoder x ↦ W₂W₁x with a one-dimensional bottleneck (W₁ is 1×2, W₂ is "
                   "2×1) is trained to minimise the mean squared reconstruction error E‖x − W₂W₁x‖². What is the "
                   f"smallest error it can reach? {SAY}")
    steps = first + [
        Step("The best rank-1 linear reconstruction is the orthogonal projection onto the top principal direction "
             "(the autoencoder learns the PCA subspace); the error left is the variance in the discarded direction.",
             rf"\lambda = \frac{{\operatorname{{tr}}\Sigma \pm \sqrt{{(\operatorname{{tr}}\Sigma)^2 - 4\det\Sigma}}}}{{2}}:\quad "
             rf"\lambda_{{\max}} = {tex(sp.radsimp(lam_max))},\ \lambda_{{\min}} = {tex(answer)}",
             f"λ = (trΣ ± √((trΣ)² − 4 detΣ))/2: λ_max = {uni(sp.radsimp(lam_max))}, λ_min = {uni(answer)}"),
        Step("Minimal error = λ_min.", rf"\min \mathbb{{E}}\lVert x - W_2W_1x\rVert^2 = {tex(answer)}",
             f"min E‖x − W₂W₁x‖² = {uni(answer)}")]
    cands = [("largest eigenvalue", sp.radsimp(lam_max), "λ_max is the variance the bottleneck keeps; the error is "
              "what it loses, λ_min."),
             ("total variance", tr, "tr Σ is the error of reconstructing nothing; the best 1-D code keeps λ_max of it."),
             ("smaller diagonal entry", min(cov[0, 0], cov[1, 1]), "Keeping the better coordinate axis ignores the "
              "correlation: the best direction is Σ's top eigenvector, not an axis.")]
    given = {"level": level, "cov": given_str(cov)}
    if data is not None:
        given["data"] = data
    return Problem(prompt_tex, prompt_text, answer, "number", tuple(steps), given, CHECKING,
                   tuple(Mistake(*c) for c in cands))


def verify(given, answer) -> Evidence:
    if "data" in given:
        X = np.array(given["data"], float)

        def losses(t):  # mean squared distance of the points from the line at angle t (vectorised)
            u = np.stack([np.cos(t), np.sin(t)])
            return np.mean(np.sum(X ** 2, axis=1)[:, None] - (X @ u) ** 2, axis=0)
        how = "mean squared distance of the points from a line through 0"
    else:
        S = np.array([[float(sp.Rational(v)) for v in row] for row in given["cov"]])

        def losses(t):
            u = np.stack([np.cos(t), np.sin(t)])
            return np.trace(S) - np.sum(u * (S @ u), axis=0)
        how = "tr Σ − uᵀΣu over unit vectors u"
    if "data" in given:
        pts = [tuple(map(float, p)) for p in given["data"]]
        loss = lambda t: sum(x * x + y * y - (x * math.cos(t) + y * math.sin(t)) ** 2 for x, y in pts) / len(pts)
    else:
        (s11, s12), (_, s22) = S.tolist()
        loss = lambda t: s11 + s22 - (s11 * math.cos(t) ** 2 + 2 * s12 * math.cos(t) * math.sin(t) + s22 * math.sin(t) ** 2)
    grid = np.pi * np.arange(720) / 720
    best = float(grid[int(np.argmin(losses(grid)))])
    t = numeric.golden_min(loss, best - math.pi / 720, best + math.pi / 720)
    err = numeric.require_close(loss(t), float(answer), how + " (minimised over the angle)", rel=1e-8)
    return Evidence("search over directions", how + ", minimised over the line's angle", err)


FAMILY = Family(
    name="linear_autoencoder", version=1, title="Linear autoencoders learn PCA",
    summary="The smallest reconstruction error of a linear autoencoder with a 1-D bottleneck is the discarded eigenvalue.",
    params={"level": Param(1, (1, 2), "1: from the covariance; 2: from centred data")},
    levels=LEVELS, generate=generate, verify=verify,
)
