"""Sample covariance matrix C = XᵀX/(N−1) of centred data, and the correlation coefficient.

The data are small integer tables a learner can centre by hand; the answer is
exact (rationals, or a rational times a square root for r). Verification
recomputes both with numpy (np.cov with ddof=1, np.corrcoef) from the raw data.
"""

from __future__ import annotations

import numpy as np
import sympy as sp

from osmose import numeric
from osmose.family import (Checking, Evidence, Family, Param, Problem, Reject, Step,
                           VerificationError, distinct_mistakes)
from osmose.mathtext import tex, uni

NAMES = ("x", "y", "z")
#: level -> (rows N, columns for ask=matrix, value range, integer means?)
LEVELS = {1: (3, 2, (0, 6), True), 2: (4, 2, (-3, 6), False), 3: (5, 3, (-2, 6), False)}
#: exact rationals (r: a rational times a square root), or decimals to 3 significant figures
CHECKING = Checking(precision="exact-or-decimal", sig_figs=3)


def sample_cov(columns: list[list[int]]) -> sp.Matrix:
    """C_jk = Σ_i (a_ij − ā_j)(a_ik − ā_k) / (N − 1), exactly."""
    n = len(columns[0])
    centred = [[sp.Integer(v) - sp.Rational(sum(col), n) for v in col] for col in columns]
    p = len(columns)
    return sp.Matrix(p, p, lambda j, k: sum(a * b for a, b in zip(centred[j], centred[k])) / (n - 1))


def correlation(columns: list[list[int]]) -> sp.Expr:
    """Pearson r = C_xy / √(C_xx C_yy) (the N − 1 cancels)."""
    c = sample_cov(columns)
    return c[0, 1] / sp.sqrt(c[0, 0] * c[1, 1])


def _column(rng, n, lo, hi, integer_mean):
    """n integers in [lo, hi]; with integer_mean, redraw the last one until the mean is whole."""
    values = [rng.randint(lo, hi) for _ in range(n)]
    if integer_mean:
        fits = [v for v in range(lo, hi + 1) if (sum(values[:-1]) + v) % n == 0]
        values[-1] = rng.choice(fits)
    return values


def _table_tex(columns, names):
    n = len(columns[0])
    head = r"i & " + " & ".join(str(i + 1) for i in range(n))
    rows = [f"{name} & " + " & ".join(str(v) for v in col) for name, col in zip(names, columns)]
    return r"\begin{array}{c|" + "c" * n + "}" + head + r" \\ \hline " + r" \\ ".join(rows) + r"\end{array}"


def _table_text(columns, names):
    return "; ".join(f"{name} = ({', '.join(str(v) for v in col)})" for name, col in zip(names, columns))


def generate(rng, params) -> Problem:
    n, p, (lo, hi), integer_mean = LEVELS[params["level"]]
    ask = params["ask"]
    if ask == "correlation":
        p = 2
    names = NAMES[:p]
    columns = [_column(rng, n, lo, hi, integer_mean) for _ in range(p)]
    cov = sample_cov(columns)
    if any(cov[j, j] == 0 for j in range(p)):
        raise Reject("a constant column has no variance")
    if all(cov[j, k] == 0 for j in range(p) for k in range(p) if j != k):
        raise Reject("uncorrelated columns")
    means = [sp.Rational(sum(col), n) for col in columns]
    centred = sp.Matrix(n, p, lambda i, j: columns[j][i] - means[j])
    raw = sp.Matrix(n, p, lambda i, j: columns[j][i])
    scatter = centred.T * centred
    means_tex = ", ".join(rf"\bar {name} = {tex(m)}" for name, m in zip(names, means))
    means_text = ", ".join(f"mean({name}) = {uni(m)}" for name, m in zip(names, means))
    steps = [
        Step("Average each variable.", means_tex, means_text),
        Step("Subtract the means: the rows of the centred data matrix X are the observations.",
             "X = " + tex(centred), "X = " + uni(centred)),
        Step("Sum the products of deviations.", r"X^\top X = " + tex(scatter), "XᵀX = " + uni(scatter)),
        Step(f"Divide by N − 1 = {n - 1} (the unbiased sample covariance).",
             rf"C = \frac{{X^\top X}}{{{n - 1}}} = " + tex(cov), f"C = XᵀX/{n - 1} = " + uni(cov)),
    ]
    table_tex, table_text = _table_tex(columns, names), _table_text(columns, names)
    if ask == "matrix":
        answer, kind = cov, "matrix"
        prompt_tex = (rf"Compute the sample covariance matrix \(C = \frac{{1}}{{N-1}} X^\top X\) "
                      rf"(\(X\) = the centred data, one row per observation) of the {n} observations"
                      rf"\[{table_tex}\]{CHECKING.statement()}")
        prompt_text = (f"Sample covariance matrix C = XᵀX/(N−1) (X centred, rows = observations) "
                       f"of the {n} observations: {table_text}. {CHECKING.statement()}")
        candidates = [
            ("divided by N", cov * sp.Rational(n - 1, n),
             "That is the maximum-likelihood (biased) estimate: the sample covariance divides by N − 1."),
            ("forgot to centre", raw.T * raw / (n - 1),
             "Subtract each variable's mean before multiplying: C uses deviations from the mean."),
            ("forgot to divide", scatter, "XᵀX is the scatter matrix; divide it by N − 1."),
        ]
    else:
        r = correlation(columns)
        if abs(r) == 1:
            raise Reject("perfectly collinear data")
        answer, kind = r, "number"
        prompt_tex = (rf"Compute the (Pearson) correlation coefficient \(r_{{xy}}\) of the {n} observations"
                      rf"\[{table_tex}\]{CHECKING.statement()}")
        prompt_text = (f"Pearson correlation coefficient r_xy of the {n} observations: {table_text}. "
                       f"{CHECKING.statement()}")
        steps.append(Step("Normalize the covariance by both standard deviations; the N − 1 cancels.",
                          rf"r_{{xy}} = \frac{{C_{{xy}}}}{{\sqrt{{C_{{xx}}\,C_{{yy}}}}}} = "
                          rf"\frac{{{tex(cov[0, 1])}}}{{\sqrt{{{tex(cov[0, 0])}\cdot{tex(cov[1, 1])}}}}} = {tex(r)}",
                          f"r = C_xy/√(C_xx·C_yy) = {uni(r)}"))
        rawc = raw.T * raw
        candidates = [
            ("covariance instead of correlation", cov[0, 1],
             "That is the covariance C_xy; divide it by √(C_xx·C_yy) to get r."),
            ("mixed N and N − 1", r * sp.Rational(n - 1, n),
             "Use the same normalization (N − 1 or N) in the covariance and in both variances."),
            ("squared", r ** 2, "r² is the coefficient of determination; r itself keeps the sign."),
            ("forgot to centre", rawc[0, 1] / sp.sqrt(rawc[0, 0] * rawc[1, 1]),
             "Centre the data first: r is built from deviations from the means."),
        ]
    mistakes = distinct_mistakes(candidates, answer, lambda a, b: a != b)
    return Problem(
        prompt_tex=prompt_tex,
        prompt_text=prompt_text,
        answer=answer,
        kind=kind,
        solution=tuple(steps),
        given={"ask": ask, "columns": dict(zip(names, columns))},
        checking=CHECKING,
        mistakes=mistakes,
    )


def verify(given, answer) -> Evidence:
    data = np.array(list(given["columns"].values()), dtype=float)  # one row per variable
    if given["ask"] == "matrix":
        expected = np.cov(data, ddof=1)
        got = np.array(answer.evalf(), dtype=float)
        if got.shape != expected.shape:
            raise VerificationError(f"shape {got.shape} != {expected.shape}")
        err = max(numeric.require_close(float(g), float(e), f"C[{i}]")
                  for i, (g, e) in enumerate(zip(got.ravel(), expected.ravel())))
        return Evidence("numpy", "np.cov(data, ddof=1) on the raw table", err)
    expected = float(np.corrcoef(data)[0, 1])
    err = numeric.require_close(expected, float(answer), "r")
    return Evidence("numpy", "np.corrcoef on the raw table", err)


def baseline(given: dict):
    """Bare SymPy: centre the data matrix, XᵀX/(N−1), and r (benchmarks/generate.py)."""
    X = sp.Matrix(list(given["columns"].values())).T
    n = X.rows
    Xc = X - sp.ones(n, 1) * (sp.ones(1, n) * X) / n
    C = Xc.T * Xc / (n - 1)
    return C if given["ask"] == "matrix" else C[0, 1] / sp.sqrt(C[0, 0] * C[1, 1])


FAMILY = Family(
    name="covariance",
    version=2,
    title="Sample covariance matrix and correlation",
    summary="Centre a small integer data set, form C = XᵀX/(N−1), and read off Pearson's r.",
    params={
        "ask": Param("matrix", ("matrix", "correlation"),
                     "matrix: the sample covariance matrix; correlation: Pearson's r of two variables"),
        "level": Param(1, (1, 2, 3),
                       "1: 3 observations, integer means; 2: 4 observations; 3: 5 observations (3 variables for the matrix)"),
    },
    levels={1: "3 observations with whole-number means", 2: "4 observations, fractional means",
            3: "5 observations; the matrix has 3 variables"},
    generate=generate,
    verify=verify,
    baseline=baseline,
)
