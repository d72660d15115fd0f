"""Cross-validation estimates: k-fold with unequal folds, and leave-one-out for least squares.

Level 1: the k-fold estimate of the test error from per-fold mean squared errors and fold sizes
(the estimate is the size-weighted average — every held-out point counts once). Level 2: the
leave-one-out error of a straight-line least-squares fit, which needs no refitting:
e₍ᵢ₎ = eᵢ/(1 − hᵢᵢ) with the leverages hᵢᵢ of the hat matrix. The answer uses that shortcut
with exact rationals; verification refits the line n times with numpy, leaving each point out,
and averages the squared prediction errors.
"""

from __future__ import annotations

import numpy as np
import sympy as sp

from osmose import numeric
from osmose.family import Checking, Evidence, Family, Mistake, Param, Problem, Reject, Step
from osmose.mathtext import tex, uni

R = sp.Rational
CHECKING = {1: Checking(), 2: Checking(precision="decimal")}  # LOOCV fractions are unwieldy
LEVELS = {1: "the k-fold estimate from per-fold errors and unequal fold sizes",
          2: "leave-one-out error of a least-squares line through the hat-matrix shortcut"}


def _kfold(rng):
    k = rng.randint(3, 6)
    sizes = [rng.randint(8, 30) for _ in range(k)]
    if len(set(sizes)) == 1:
        raise Reject("equal folds: weighting would not matter")
    mses = [R(rng.randint(5, 60), 10) for _ in range(k)]
    n = sum(sizes)
    answer = sum(s * m for s, m in zip(sizes, mses)) / n
    rows_tex = ",\\ ".join(rf"({s},\ {float(m):g})" for s, m in zip(sizes, mses))
    rows_text = ", ".join(f"({s}, {float(m):g})" for s, m in zip(sizes, mses))
    prompt_tex = (rf"A {k}-fold cross-validation of a model on \({n}\) points gives, per fold, (number of held-out "
                  rf"points, mean squared error on them): \[{rows_tex}.\] Find the cross-validation estimate of the "
                  rf"mean squared error over all {n} points. {CHECKING[1].statement()}")
    prompt_text = (f"A {k}-fold cross-validation of a model on {n} points gives, per fold, (number of held-out points, "
                   f"mean squared error on them): {rows_text}. Find the cross-validation estimate of the mean squared "
                   f"error over all {n} points. {CHECKING[1].statement()}")
    steps = [Step("Every point is held out exactly once: add the squared errors of all folds (size × fold MSE) "
                  "and divide by the number of points.",
                  r"\frac{" + " + ".join(rf"{s}\cdot {float(m):g}" for s, m in zip(sizes, mses)) + rf"}}{{{n}}} = {tex(answer)}",
                  "(" + " + ".join(f"{s}·{float(m):g}" for s, m in zip(sizes, mses)) + f")/{n} = {uni(answer)}")]
    cands = [("unweighted mean of the folds", sum(mses) / k, "The folds have different sizes: weight each "
              "fold's MSE by its number of points (or average over points, not folds)."),
             ("total, not mean", sum(s * m for s, m in zip(sizes, mses)), f"Divide the summed squared error by "
              f"the {n} points.")]
    given = {"level": 1, "sizes": sizes, "mse": [str(m) for m in mses]}
    return prompt_tex, prompt_text, answer, steps, cands, given


def _loocv(rng):
    n = rng.randint(4, 6)
    xs = sorted(rng.sample(range(-4, 8), n))
    ys = [rng.randint(-6, 9) for _ in range(n)]
    X = sp.Matrix([[1, x] for x in xs])
    y = sp.Matrix(ys)
    H = X * (X.T * X).inv() * X.T
    e = y - H * y
    if all(v == 0 for v in e):
        raise Reject("points on a line")
    lev = [H[i, i] for i in range(n)]
    loo = [e[i] / (1 - lev[i]) for i in range(n)]
    answer = sum(v ** 2 for v in loo) / n
    pts_tex = ",\\ ".join(f"({x}, {y_})" for x, y_ in zip(xs, ys))
    prompt_tex = (rf"Fit a straight line \(y = a + bx\) by least squares to the points \({pts_tex}\). Find the "
                  rf"leave-one-out cross-validation error \(\frac{{1}}{{n}}\sum_i (y_i - \hat y_{{(i)}})^2\), where "
                  rf"\(\hat y_{{(i)}}\) is the prediction at \(x_i\) of the line fitted without point \(i\). {CHECKING[2].statement()}")
    prompt_text = (f"Fit a straight line y = a + bx by least squares to the points {', '.join(f'({x}, {y_})' for x, y_ in zip(xs, ys))}. "
                   f"Find the leave-one-out cross-validation error (1/n)Σ(yᵢ − ŷ₍ᵢ₎)², where ŷ₍ᵢ₎ is the prediction at "
                   f"xᵢ of the line fitted without point i. {CHECKING[2].statement()}")
    steps = [Step("Fit once on all points; the residuals are e = (I − H)y with the hat matrix H = X(XᵀX)⁻¹Xᵀ.",
                  r"e = (" + ", ".join(tex(v) for v in e) + ")", "e = (" + ", ".join(uni(v) for v in e) + ")"),
             Step("Leverages: the diagonal of H (for a line, hᵢᵢ = 1/n + (xᵢ − x̄)²/Σ(xⱼ − x̄)²).",
                  r"h_{ii} = (" + ", ".join(tex(v) for v in lev) + ")", "hᵢᵢ = (" + ", ".join(uni(v) for v in lev) + ")"),
             Step("Leaving point i out inflates its residual: e₍ᵢ₎ = eᵢ/(1 − hᵢᵢ). Average the squares.",
                  rf"\frac{{1}}{{{n}}}\sum_i \left(\frac{{e_i}}{{1 - h_{{ii}}}}\right)^2 = {tex(answer)}",
                  f"(1/{n})Σ(eᵢ/(1 − hᵢᵢ))² = {uni(answer)}")]
    cands = [("training error", sum(v ** 2 for v in e) / n, "That is the training MSE: each point helped fit "
              "the line that predicts it. Leave it out: divide each residual by 1 − hᵢᵢ."),
             ("leverage applied once", sum(v ** 2 / (1 - h) for v, h in zip(e, lev)) / n,
              "The leave-one-out residual is eᵢ/(1 − hᵢᵢ); square all of it, so (1 − hᵢᵢ)² divides eᵢ².")]
    given = {"level": 2, "x": xs, "y": ys}
    return prompt_tex, prompt_text, answer, steps, cands, given


def generate(rng, params) -> Problem:
    prompt_tex, prompt_text, answer, steps, cands, given = (_kfold if params["level"] == 1 else _loocv)(rng)
    return Problem(prompt_tex, prompt_text, answer, "number", tuple(steps), given, CHECKING[params["level"]],
                   tuple(Mistake(*c) for c in cands))


def verify(given, answer) -> Evidence:
    if given["level"] == 1:
        squared = [s * float(sp.Rational(m)) for s, m in zip(given["sizes"], given["mse"])]
        value = sum(squared) / sum(given["sizes"])
        err = numeric.require_close(value, float(answer), "summed squared error per point")
        return Evidence("recount", "added every held-out point's squared error once", err)
    x, y = np.array(given["x"], float), np.array(given["y"], float)
    errors = []
    for i in range(len(x)):
        keep = np.arange(len(x)) != i
        coef, *_ = np.linalg.lstsq(np.column_stack([np.ones(keep.sum()), x[keep]]), y[keep], rcond=None)
        errors.append(y[i] - (coef[0] + coef[1] * x[i]))
    value = float(np.mean(np.square(errors)))
    err = numeric.require_close(value, float(answer), "refitted leave-one-out error", rel=1e-9)
    return Evidence("numpy refits", f"fitted the line {len(x)} times, each time without one point", err)


FAMILY = Family(
    name="cross_validation", version=1, title="Cross-validation estimates",
    summary="k-fold estimates with unequal folds, and leave-one-out error of least squares via the hat matrix.",
    params={"level": Param(1, (1, 2), "1: k-fold with unequal folds; 2: LOOCV via leverages")},
    levels=LEVELS, generate=generate, verify=verify,
)
