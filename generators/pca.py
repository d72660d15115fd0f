"""PCA: principal direction, explained variance, projection and reconstruction, choosing k, ZCA whitening.

Covariances are built backwards from their eigen-decomposition: for an integer direction
u = (p, q) with v = (−q, p) and m = p² + q², C = λ₂I + j·uuᵀ has integer entries and the
eigenvalues λ₂ and λ₂ + j·m. Raw data sets are built the same way: xᵢ = c + aᵢu + bᵢv with
Σaᵢ = Σbᵢ = Σaᵢbᵢ = 0, so after centring the scores along u and v are uncorrelated and the
sample covariance (Σa²·uuᵀ + Σb²·vvᵀ)/(N−1) has eigenvectors u, v. For whitening the
eigenvalues are perfect squares, so C^(−1/2) is rational.

Levels (direction, ratio): 1 a covariance matrix, 12 directions; 2 a covariance matrix,
24 directions; 3 raw data (centre, covariance, then eigen-decompose). project: 1 project
centred data onto a given u₁; 2 find u₁ from the data, then project; 3 the rank-1
reconstruction error. choose_k: 1 four sorted eigenvalues; 2 five or six unsorted; 3 six or
seven unsorted, the threshold stated as variance lost. whitening: 1–3 wider direction pools.

Verification: numpy alone (np.cov with ddof=1 on the raw points, np.linalg.eigh, projections
and reconstructions in floating point, the cumulative explained variance of the sorted
spectrum).
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import sympy as sp

from osmose import numeric
from osmose.family import (Checking, Evidence, Family, Param, Problem, Reject, Step,
                           VerificationError, distinct_mistakes)
from osmose.mathtext import tex, uni

_BASE = ((1, 2), (2, 1), (1, 3), (3, 1), (3, 4), (4, 3))
_MORE = ((2, 3), (3, 2), (1, 4), (4, 1), (2, 5), (5, 2))
#: level -> principal directions (p, q), first component positive (both signs of q)
DIRECTIONS = {
    1: tuple((p, s * q) for p, q in _BASE for s in (1, -1)),
    2: tuple((p, s * q) for p, q in _BASE + _MORE for s in (1, -1)),
    3: tuple((p, s * q) for p, q in ((1, 1), (1, 2), (2, 1), (1, 3), (3, 1), (2, 3), (3, 2)) for s in (1, -1)),
}
#: whitening: directions per level (m = p² + q² must divide a difference of two squares ≤ 144)
#: (level 1: integer C; levels 2 and 3: C with denominator m = p² + q²)
WHITEN_DIRECTIONS = {1: ((1, 1), (1, -1), (1, 2), (2, 1), (1, -2), (2, -1)),
                     2: ((1, 2), (2, 1), (1, -2), (2, -1)),
                     3: ((1, 3), (3, 1), (1, -3), (3, -1), (2, 3), (3, 2), (2, -3), (3, -2))}
MAX_ENTRY = 60
#: exact (fractions, surds), or decimals to 3 significant figures; k is a count
CHECKING = Checking(precision="exact-or-decimal", sig_figs=3)
COUNT = Checking(precision="integer")
ASKS = ("direction", "ratio", "whitening", "project", "choose_k")


def _unit(p: int, q: int) -> sp.Matrix:
    return sp.Matrix([p, q]) / sp.sqrt(p * p + q * q)


def _covariance(rng, level: int) -> tuple[sp.Matrix, int, int, tuple[int, int]]:
    """C = λ₂I + j·uuᵀ with eigenvalues λ₁ = λ₂ + j·m > λ₂ > 0."""
    p, q = rng.choice(DIRECTIONS[level])
    m = p * p + q * q
    j, lam2 = rng.randint(1, 3), rng.randint(1, 9)
    u = sp.Matrix([p, q])
    C = lam2 * sp.eye(2) + j * u * u.T
    if max(abs(x) for x in C) > MAX_ENTRY:
        raise Reject("entries too large to handle by hand")
    return C, lam2 + j * m, lam2, (p, q)


def _data(rng, n: int, direction) -> tuple[list[tuple[int, int]], list[int], list[int]]:
    """N integer points c + aᵢu + bᵢv whose centred scores a, b are uncorrelated, Σa² > Σb²."""
    p, q = direction
    s, t = rng.randint(1, 3), rng.randint(0, 3)
    r = rng.randint(0, 2)
    w = rng.randint(0, 2) if n == 5 else r     # four points: balanced minor scores
    a = [s, -s, t, -t] + ([0] if n == 5 else [])
    b = [r, r, -w, -w] + ([2 * (w - r)] if n == 5 else [])
    if sum(x * x for x in b) == 0 and rng.random() < 0.7:
        raise Reject("mostly keep some spread off the principal line")
    if sum(x * x for x in a) <= sum(x * x for x in b):
        raise Reject("the principal direction must carry the most variance")
    order = list(range(n))
    rng.shuffle(order)
    a, b = [a[i] for i in order], [b[i] for i in order]
    c = (rng.randint(-3, 3), rng.randint(-3, 3))
    pts = [(c[0] + ai * p - bi * q, c[1] + ai * q + bi * p) for ai, bi in zip(a, b)]
    return pts, a, b


def _points_text(pts) -> str:
    return ", ".join(f"({x}, {y})" for x, y in pts)


def _data_steps(pts) -> tuple[list[Step], sp.Matrix, sp.Matrix]:
    n = len(pts)
    X = sp.Matrix(pts)
    mean = sp.Matrix([[sp.Rational(sum(X[:, k]), n) for k in range(2)]])
    Xc = X - sp.ones(n, 1) * mean
    C = Xc.T * Xc / (n - 1)
    return [
        Step("Centre: subtract the mean point from every point.",
             rf"\bar x = {tex(mean)},\quad X_c = {tex(Xc)}", f"x̄ = {uni(mean)}, X_c = {uni(Xc)}"),
        Step(f"Sample covariance C = X_cᵀX_c/(N − 1) with N − 1 = {n - 1}.",
             rf"C = {tex(C)}", f"C = {uni(C)}"),
    ], C, Xc


def _eigen_steps(C: sp.Matrix, lam1, lam2, u: sp.Matrix) -> list[Step]:
    tr, det = C.trace(), C.det()
    return [
        Step("The eigenvalues solve λ² − tr(C)·λ + det(C) = 0.",
             rf"\lambda^2 - {tex(tr)}\,\lambda + {tex(det)} = 0 \;\Rightarrow\; \lambda_1 = {tex(lam1)},\ "
             rf"\lambda_2 = {tex(lam2)}",
             f"λ² − {uni(tr)}·λ + {uni(det)} = 0 ⇒ λ₁ = {uni(lam1)}, λ₂ = {uni(lam2)}"),
        Step("Solve (C − λ₁I)u = 0 and normalise, first component positive.",
             rf"u_1 = {tex(u)}", f"u₁ = {uni(u.T)}ᵀ"),
    ]


def _direction_or_ratio(rng, ask: str, level: int):
    if level < 3:
        C, lam1, lam2, (p, q) = _covariance(rng, level)
        steps, source_tex, source_text = [], rf"covariance matrix \[C = {tex(C)}\]", f"covariance C = {uni(C)}"
        given = {"C": [[int(C[i, j]) for j in range(2)] for i in range(2)]}
    else:
        p, q = rng.choice(DIRECTIONS[3])
        pts, a, b = _data(rng, rng.choice((4, 5)), (p, q))
        steps, C, _ = _data_steps(pts)
        m, n = p * p + q * q, len(pts)
        lam1, lam2 = sp.Rational(m * sum(x * x for x in a), n - 1), sp.Rational(m * sum(x * x for x in b), n - 1)
        source_tex = rf"the {n} data points \(({_points_text(pts)})\) (rows are observations)"
        source_text = f"the {n} data points {_points_text(pts)}"
        given = {"points": [list(pt) for pt in pts]}
    u, v = _unit(p, q), _unit(q, -p) if q > 0 else _unit(-q, p)
    steps += _eigen_steps(C, lam1, lam2, u)
    lam1, lam2 = sp.nsimplify(lam1), sp.nsimplify(lam2)
    if ask == "direction":
        answer, kind = u, "matrix"
        q_tex = (r"the first principal direction: the unit eigenvector \(u_1\) of the largest eigenvalue, "
                 r"as a column with positive first component")
        q_text = ("the first principal direction u₁ (unit eigenvector of the largest eigenvalue, a column, "
                  "first component > 0)")
        candidates = [
            ("minor direction", v, "That is the eigenvector of the smallest eigenvalue; PCA's first direction "
                                   "carries the most variance."),
            ("not normalized", sp.Matrix([p, q]), "Divide by the length: principal directions are unit vectors."),
            ("swapped the components", _unit(abs(q), p if q > 0 else -p),
             "Check (C − λ₁I)u = 0: the components of u₁ are in the order of the coordinates."),
        ]
    else:
        answer, kind = lam1 / (lam1 + lam2), "number"
        q_tex = r"the fraction of the total variance explained by the first principal component"
        q_text = "the explained-variance ratio of the first principal component"
        steps.append(Step("The explained-variance ratio is λ₁ over the total variance, the trace.",
                          rf"\frac{{\lambda_1}}{{\lambda_1 + \lambda_2}} = {tex(answer)}",
                          f"λ₁/(λ₁ + λ₂) = {uni(answer)}"))
        candidates = [
            ("second component", lam2 / (lam1 + lam2), "That is the share of the second (smallest) component."),
            ("ratio of eigenvalues", lam1 / lam2 if lam2 else None,
             "Divide by the total variance λ₁ + λ₂ (the trace), not by λ₂."),
            ("used the largest diagonal entry", max(C[0, 0], C[1, 1]) / C.trace(),
             "The diagonal entries are variances along the axes, not along the principal directions: use λ₁."),
        ]
    candidates = [c for c in candidates if c[1] is not None]
    if lam2 == 0:
        steps.append(Step("λ₂ = 0: the points lie on one line through the mean, and the first component "
                          "explains all of the variance."))
    return (f"For {source_tex} compute {q_tex}.", f"For {source_text}, compute {q_text}.",
            answer, kind, steps, given, candidates, CHECKING)


def _project(rng, level: int):
    p, q = rng.choice(DIRECTIONS[3])
    n = 4 if level == 1 else rng.choice((4, 5))
    pts, a, b = _data(rng, n, (p, q))
    m = p * p + q * q
    u = _unit(p, q)
    steps, C, Xc = _data_steps(pts)
    if level == 1:
        steps = steps[:1]
    else:
        lam1, lam2 = sp.Rational(m * sum(x * x for x in a), n - 1), sp.Rational(m * sum(x * x for x in b), n - 1)
        steps += _eigen_steps(C, lam1, lam2, u)
    scores = Xc * u
    z = tuple(sp.nsimplify(scores[i]) for i in range(n))
    if sum(x * x for x in b) == 0:
        steps.append(Step("All centred points are multiples of u₁ (they lie on one line): the second "
                          "eigenvalue is 0 and the scores keep everything."))
    steps.append(Step("Project each centred point onto u₁: zᵢ = u₁ᵀ(xᵢ − x̄).",
                      rf"z = X_c u_1 = {tex(z)}", f"z = X_c·u₁ = {uni(z)}"))
    pts_tex, pts_text = _points_text(pts), _points_text(pts)
    given = {"points": [list(pt) for pt in pts], "want": "error" if level == 3 else "scores"}
    if level == 1:
        given["u1"] = [p, q]
        u_tex, u_text = (rf"onto the first principal direction \(u_1 = {tex(u.T)}^\top\)",
                         f"onto the first principal direction u₁ = {uni(u.T)}ᵀ")
    else:
        u_tex = u_text = ("onto the first principal direction u₁ (the unit eigenvector of the largest eigenvalue "
                          "of the sample covariance, first component positive)")
        u_tex = u_tex.replace("u₁", r"\(u_1\)")
    if level < 3:
        answer, kind, checking = z, "tuple", CHECKING
        q_tex = (rf"Centre the {n} data points \(({pts_tex})\) and project them {u_tex}: give the scores "
                 r"\(z_i = u_1^\top(x_i - \bar x)\) in the order listed.")
        q_text = (f"Centre the {n} data points {pts_text} and project them {u_text}: give the scores "
                  f"zᵢ = u₁ᵀ(xᵢ − x̄) in the order listed.")
        uncentred = tuple(sp.nsimplify((sp.Matrix([pts[i]]) * u)[0]) for i in range(n))
        candidates = [
            ("forgot to centre", uncentred, "Subtract the mean point first: the scores of centred data sum to 0."),
            ("not normalized", tuple(sp.expand(x * sp.sqrt(m)) for x in z),
             "Project onto the unit vector u₁ = (p, q)/√(p² + q²), not onto (p, q)."),
            ("minor direction", tuple(sp.nsimplify((Xc * _unit(-q, p))[i]) for i in range(n)),
             "Those are the scores along the second direction; u₁ belongs to the largest eigenvalue."),
        ]
        if level == 2:
            candidates = candidates[:1] + candidates[2:]
    else:
        err = m * sum(x * x for x in b)
        if err == 0:
            raise Reject("collinear points: nothing to lose")
        answer, kind, checking = sp.Integer(err), "number", CHECKING
        lam2 = sp.Rational(err, n - 1)
        steps.append(Step("Reconstruct from the first component, x̂ᵢ = x̄ + zᵢu₁, and add the squared residuals; "
                          "they are the scores along u₂, so the total is (N − 1)·λ₂.",
                          rf"\sum_i \lVert x_i - \hat x_i\rVert^2 = \sum_i (u_2^\top(x_i - \bar x))^2 = "
                          rf"(N-1)\,\lambda_2 = {n - 1}\cdot {tex(lam2)} = {err}",
                          f"Σ‖xᵢ − x̂ᵢ‖² = Σ (u₂ᵀ(xᵢ − x̄))² = (N − 1)·λ₂ = {n - 1}·{uni(lam2)} = {err}"))
        q_tex = (rf"Reconstruct each of the {n} data points \(({pts_tex})\) from its first principal component, "
                 r"\(\hat x_i = \bar x + z_i u_1\) with \(z_i = u_1^\top(x_i - \bar x)\), and give the total squared "
                 r"reconstruction error \(\sum_i \lVert x_i - \hat x_i\rVert^2\).")
        q_text = (f"Reconstruct each of the {n} data points {pts_text} from its first principal component, "
                  f"x̂ᵢ = x̄ + zᵢu₁ with zᵢ = u₁ᵀ(xᵢ − x̄), and give the total squared reconstruction error "
                  f"Σ‖xᵢ − x̂ᵢ‖².")
        lam1 = sp.Rational(m * sum(x * x for x in a), n - 1)
        candidates = [
            ("divided by N − 1", lam2, "That is λ₂, the variance left out; the total error sums over the points: "
                                       "(N − 1)·λ₂."),
            ("kept the minor direction", sp.Integer(m * sum(x * x for x in a)),
             "Keeping u₂ instead of u₁ loses the larger variance: keep the direction of λ₁."),
            ("variance explained, not lost", lam1, "λ₁ is the variance kept; the error is what is left out."),
        ]
    return q_tex + " " , q_text + " ", answer, kind, steps, given, candidates, checking


def _choose_k(rng, level: int):
    n = {1: 4, 2: rng.choice((5, 6)), 3: rng.choice((6, 7))}[level]
    # a decaying spectrum, as real data have: top·rⁱ with a little noise
    top, r = rng.randint(20, 60), rng.choice((0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8))
    values = sorted((max(1, round(top * r ** i) + rng.randint(-2, 2)) for i in range(n)), reverse=True)
    if values[0] < 2 * values[-1]:
        raise Reject("a flat spectrum")
    target = rng.choice((80, 90, 95)) if level < 3 else rng.choice((5, 10, 20))
    keep = target if level < 3 else 100 - target
    total = sum(values)
    cum = 0
    k = None
    for i, lam in enumerate(values, start=1):
        cum += lam
        if 100 * cum == keep * total:
            raise Reject("exactly on the threshold")
        if 100 * cum > keep * total and k is None:
            k = i
    if k is None or k == n:
        raise Reject("every component is needed")
    shown = list(values)
    if level > 1:
        rng.shuffle(shown)
        if shown == values:
            raise Reject("unsorted on purpose")
    listed = ", ".join(str(x) for x in shown)
    order = "" if level == 1 else " (in no particular order)"
    if level < 3:
        rule_tex = rule_text = f"at least {target}% of the total variance is explained"
    else:
        rule_tex = rule_text = f"at most {target}% of the total variance is lost"
    q_tex = (rf"The sample covariance of a {n}-dimensional data set has the eigenvalues{order} "
             rf"\({listed}\). What is the smallest number \(k\) of principal components such that {rule_tex}?")
    q_text = (f"The sample covariance of a {n}-dimensional data set has the eigenvalues{order} {listed}. What is the "
              f"smallest number k of principal components such that {rule_text}?")
    cums = []
    c = 0
    for lam in values:
        c += lam
        cums.append(sp.Rational(c, total))
    steps = [Step("Sort the eigenvalues in decreasing order and accumulate their share of the trace.",
                  rf"\lambda = ({', '.join(map(str, values))}),\ \sum\lambda = {total},\ "
                  rf"\text{{cumulative}} = ({', '.join(f'{float(x):.3f}' for x in cums)})",
                  f"λ = ({', '.join(map(str, values))}), Σλ = {total}, cumulative = "
                  f"({', '.join(f'{float(x):.3f}' for x in cums)})"),
             Step(f"The first cumulative share above {keep}% is at k = {k}.")]
    in_listed, c = None, 0
    for i, lam in enumerate(shown, start=1):
        c += lam
        if 100 * c > keep * total and in_listed is None:
            in_listed = i
    mean = sp.Rational(total, n)
    kaiser = sum(1 for lam in values if lam >= mean)
    candidates = [
        ("one too few", sp.Integer(k - 1), f"With {k - 1} components the cumulative share is still at most {keep}%."),
        ("accumulated in the listed order", sp.Integer(in_listed),
         "Sort first: the principal components come in decreasing order of eigenvalue."),
        ("counted eigenvalues above the mean", sp.Integer(kaiser),
         "That is Kaiser's rule of thumb; the question asks for the share of variance explained."),
    ]
    if level == 3:
        lost_rule = next(i for i in range(1, n + 1) if 100 * sum(values[:i]) > target * total)
        candidates.append(("read 'lost' as 'explained'", sp.Integer(lost_rule),
                           f"At most {target}% lost means more than {100 - target}% explained."))
    given = {"eigenvalues": shown, "explained_percent": keep}
    return q_tex + " ", q_text + " ", sp.Integer(k), "number", steps, given, candidates, COUNT


def _whitening(rng, level: int):
    p, q = rng.choice(WHITEN_DIRECTIONS[level])
    m = p * p + q * q
    pairs = [(a * a, b * b) for a in range(2, {1: 16, 2: 13, 3: 10}[level]) for b in range(1, a)
             if level > 1 or (a * a - b * b) % m == 0]
    lam1, lam2 = rng.choice(pairs)
    u_int, v_int = sp.Matrix([p, q]), sp.Matrix([-q, p])
    C = (lam1 * u_int * u_int.T + lam2 * v_int * v_int.T) / m
    if max(abs(x) for x in C) > 3 * MAX_ENTRY:
        raise Reject("entries too large to handle by hand")
    u, v = _unit(p, q), (_unit(-q, p) if -q > 0 else _unit(q, -p))
    steps = _eigen_steps(C, lam1, lam2, u)
    r1, r2 = sp.sqrt(lam1), sp.sqrt(lam2)
    answer = (u_int * u_int.T / r1 + v_int * v_int.T / r2) / m
    steps.append(Step("Invert the square roots of the eigenvalues in the same eigenbasis.",
                      rf"C^{{-1/2}} = \tfrac{{1}}{{{r1}}}u_1u_1^\top + \tfrac{{1}}{{{r2}}}u_2u_2^\top = {tex(answer)}",
                      f"C^(−1/2) = u₁u₁ᵀ/{r1} + u₂u₂ᵀ/{r2} = {uni(answer)}"))
    pca_white = sp.Matrix([[u[0] / r1, u[1] / r1], [v[0] / r2, v[1] / r2]])
    candidates = [
        ("inverse, no square root", C.inv(), "C⁻¹ over-corrects: whitening uses C^(−1/2), so that W C Wᵀ = I."),
        ("square root, not inverse", (u_int * u_int.T * r1 + v_int * v_int.T * r2) / m,
         "C^(1/2) colours data; whitening divides by the standard deviations: C^(−1/2)."),
        ("PCA whitening", pca_white, "Λ^(−1/2)Uᵀ whitens too, but rotates; the ZCA (symmetric) one is U Λ^(−1/2) Uᵀ."),
    ]
    q_tex = (rf"For data with covariance matrix \[C = {tex(C)}\] compute the ZCA whitening matrix "
             r"\(W = C^{-1/2}\) (the symmetric positive-definite matrix with \(W C W^\top = I\)).")
    q_text = (f"For data with covariance C = {uni(C)}, compute the ZCA whitening matrix W = C^(−1/2) "
              f"(symmetric positive definite, W C Wᵀ = I).")
    given = {"C": [[str(C[i, j]) for j in range(2)] for i in range(2)]}
    return q_tex, q_text, answer, "matrix", steps, given, candidates, CHECKING


def generate(rng, params) -> Problem:
    ask, level = params["ask"], params["level"]
    if ask in ("direction", "ratio"):
        made = _direction_or_ratio(rng, ask, level)
    elif ask == "project":
        made = _project(rng, level)
    elif ask == "choose_k":
        made = _choose_k(rng, level)
    else:
        made = _whitening(rng, level)
    q_tex, q_text, answer, kind, steps, given, candidates, checking = made
    say = checking.statement()
    return Problem(
        prompt_tex=f"{q_tex.rstrip()} {say}",
        prompt_text=f"{q_text.rstrip()} {say}",
        answer=answer,
        kind=kind,
        solution=tuple(steps),
        given={"ask": ask, **given},
        checking=checking,
        mistakes=distinct_mistakes(candidates, answer, _differs),
    )


def _differs(a, b) -> bool:
    if isinstance(a, tuple) or isinstance(b, tuple):
        return not (isinstance(a, tuple) and isinstance(b, tuple) and len(a) == len(b)) or \
            any(_differs(x, y) for x, y in zip(a, b))
    if isinstance(a, sp.MatrixBase) or isinstance(b, sp.MatrixBase):
        return not (isinstance(a, sp.MatrixBase) and isinstance(b, sp.MatrixBase) and a.shape == b.shape) or \
            any(_differs(x, y) for x, y in zip(a, b))
    return abs(float(a) - float(b)) > 1e-12 * max(1.0, abs(float(b)))


# --- independent verification ------------------------------------------------------------------

def _numpy_pca(given) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
    """(eigenvalues ascending, eigenvectors, centred data or None) with numpy alone."""
    if "points" in given:
        X = np.array(given["points"], dtype=float)
        C = np.cov(X, rowvar=False, ddof=1)
        Xc = X - X.mean(axis=0)
    else:
        C, Xc = np.array([[float(Fraction(str(x))) for x in row] for row in given["C"]]), None
    values, vectors = np.linalg.eigh(C)
    return values, vectors, Xc


def verify(given, answer) -> Evidence:
    ask = given["ask"]
    if ask == "choose_k":
        lam = np.sort(np.array(given["eigenvalues"], dtype=float))[::-1]
        share = np.cumsum(lam) / lam.sum()
        k = int(np.argmax(share * 100 > given["explained_percent"])) + 1
        if int(answer) != k or sp.Integer(answer) != answer:
            raise VerificationError(f"numpy cumulative share gives k = {k}, answer {answer}")
        return Evidence("numpy", "np.sort + np.cumsum of the eigenvalues", 0.0)
    values, vectors, Xc = _numpy_pca(given)
    u1 = vectors[:, 1] * np.sign(vectors[0, 1])
    if ask == "ratio":
        err = numeric.require_close(values[1] / values.sum(), float(answer), "explained-variance ratio")
        return Evidence("numpy", "np.linalg.eigh: λ_max / Σλ", err)
    if ask == "direction":
        got = np.array(sp.Matrix(answer).evalf(), dtype=float)
        if got.shape != (2, 1):
            raise VerificationError(f"direction must be a 2×1 column, got {got.shape}")
        err = max(numeric.require_close(a, b, "u₁") for a, b in zip(u1, got[:, 0]))
        return Evidence("numpy", "np.linalg.eigh: eigenvector of λ_max, sign fixed by first component", err)
    if ask == "project":
        if "u1" in given:
            u = np.array(given["u1"], dtype=float)
            u1 = u / np.linalg.norm(u)
        z = Xc @ u1
        if given["want"] == "scores":
            if not isinstance(answer, tuple) or len(answer) != len(z):
                raise VerificationError("one score per point")
            err = max(numeric.require_close(a, float(b), "score", floor=1e-12) for a, b in zip(z, answer))
            return Evidence("numpy", "np.cov / eigh, then centred points @ u₁", err)
        recon = np.outer(z, u1)
        error = float(((Xc - recon) ** 2).sum())
        err = numeric.require_close(error, float(answer), "reconstruction error", floor=1e-12)
        return Evidence("numpy", "rank-1 reconstruction x̄ + z u₁ in numpy, squared residuals summed", err)
    got = np.array(sp.Matrix(answer).evalf(), dtype=float)
    C = np.array([[float(Fraction(str(x))) for x in row] for row in given["C"]])
    expected = vectors @ np.diag(values ** -0.5) @ vectors.T
    if np.abs(got @ C @ got.T - np.eye(2)).max() > 1e-9:
        raise VerificationError("W C Wᵀ is not the identity")
    err = max(numeric.require_close(a, b, "W") for a, b in zip(expected.ravel(), got.ravel()))
    return Evidence("numpy", "np.linalg.eigh(C): U Λ^(-1/2) Uᵀ, and W C Wᵀ = I checked", err)


def baseline(given: dict):
    """Bare SymPy: eigen-decomposition of the covariance (benchmarks/generate.py)."""
    ask = given["ask"]
    if ask == "choose_k":
        lam = sorted(given["eigenvalues"], reverse=True)
        total, cum = sum(lam), 0
        for k, x in enumerate(lam, start=1):
            cum += x
            if 100 * cum > given["explained_percent"] * total:
                return sp.Integer(k)
    if "points" in given:
        X = sp.Matrix(given["points"])
        n = X.rows
        Xc = X - sp.ones(n, 1) * (sp.ones(1, n) * X) / n
        C = Xc.T * Xc / (n - 1)
    else:
        C = sp.Matrix([[sp.Rational(str(x)) for x in row] for row in given["C"]])
    if ask == "ratio":
        values = C.eigenvals()
        return max(values) / sum(values)
    if ask == "whitening":
        return C ** sp.Rational(-1, 2)
    value, _, (vec,) = max(C.eigenvects(), key=lambda t: t[0])
    u = vec / vec.norm()
    u = u if u[0] > 0 else -u
    if ask == "direction":
        return u
    if "u1" in given:
        u = sp.Matrix(given["u1"]) / sp.Matrix(given["u1"]).norm()
    z = Xc * u
    if given["want"] == "scores":
        return tuple(z)
    return sum(((Xc.row(i) - z[i] * u.T).norm() ** 2 for i in range(Xc.rows)), sp.S.Zero)


FAMILY = Family(
    name="pca",
    version=2,
    title="PCA: directions, explained variance, projection, choosing k, whitening",
    summary="Eigen-decompose a covariance (given, or from raw data): first principal direction, explained "
            "variance, scores and reconstruction error, the number of components to keep, ZCA whitening.",
    params={
        "ask": Param("direction", ASKS,
                     "direction: unit eigenvector of λ_max; ratio: explained-variance ratio; whitening: C^(-1/2); "
                     "project: scores or reconstruction error of raw data; choose_k: components to keep"),
        "level": Param(1, (1, 2, 3),
                       "direction/ratio: 1 C given (12 directions), 2 C given (24 directions), 3 from raw data; "
                       "project: 1 u₁ given, 2 u₁ from the data, 3 reconstruction error; choose_k: 1 sorted, "
                       "2 unsorted, 3 unsorted with the variance lost; whitening: wider direction pools"),
    },
    levels={1: "a covariance matrix with a small pool of directions; project centred data onto a given u₁; "
               "k from four sorted eigenvalues",
            2: "a wider pool of directions; find u₁ from raw data before projecting; k from an unsorted spectrum",
            3: "from raw data (centre, covariance, eigen-decompose); the rank-1 reconstruction error; k with the "
               "threshold stated as variance lost"},
    generate=generate,
    verify=verify,
    baseline=baseline,
)
