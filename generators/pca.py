"""PCA of a 2-D covariance matrix: principal direction, explained-variance ratio, ZCA whitening.

Matrices are built backwards from their eigen-decomposition C = λ₁uuᵀ + λ₂vvᵀ with
u ∝ (p, q) a small integer direction and λ₁ ≡ λ₂ (mod p² + q²), so C has integer
entries while eigenvalues are integers and directions are nice surds. For the
whitening question the eigenvalues are perfect squares, so C^(-1/2) is rational.
Verification diagonalizes C with numpy (np.linalg.eigh) from the given entries.
"""

from __future__ import annotations

import numpy as np
import sympy as sp

from osmose import numeric
from osmose.family import (Checking, Evidence, Family, Param, Problem, Reject, Step,
                           VerificationError, distinct_mistakes)
from osmose.mathtext import tex, uni

#: level -> principal directions (p, q) to draw from
DIRECTIONS = {
    1: ((1, 1), (1, -1)),
    2: ((1, 2), (2, 1), (1, -2), (2, -1)),
    3: ((1, 3), (3, 1), (1, -3), (3, -1)),
}
#: level-1 directions for ask=direction: (1, ±1) would give equal diagonal entries, so
#: u₁ could be read off the sign of the off-diagonal entry; 3-4-5 directions need the
#: computation and still normalize to rationals (u₁ = (3/5, 4/5), …)
DIRECTIONS_LEVEL_1_DIRECTION = ((3, 4), (4, 3), (3, -4), (4, -3))
MAX_ENTRY = 60


def _eigenvalues(rng, m: int, ask: str, lam2_max: int = 6) -> tuple[int, int]:
    """λ₁ > λ₂ > 0 with λ₁ ≡ λ₂ (mod m); perfect squares (roots ≤ 8) when whitening."""
    if ask == "whitening":
        pairs = [(a * a, b * b) for a in range(2, 9) for b in range(1, a) if (a * a - b * b) % m == 0]
        return rng.choice(pairs)
    lam2 = rng.randint(1, lam2_max)
    return lam2 + m * rng.randint(1, 3), lam2


def generate(rng, params) -> Problem:
    ask = params["ask"]
    level_1_direction = params["level"] == 1 and ask == "direction"
    p, q = rng.choice(DIRECTIONS_LEVEL_1_DIRECTION if level_1_direction
                      else DIRECTIONS[params["level"]])
    m = p * p + q * q
    lam1, lam2 = _eigenvalues(rng, m, ask, lam2_max=9 if level_1_direction else 6)
    u_int, v_int = sp.Matrix([p, q]), sp.Matrix([-q, p])
    C = (lam1 * u_int * u_int.T + lam2 * v_int * v_int.T) / m
    if max(abs(x) for x in C) > MAX_ENTRY:
        raise Reject("entries too large to handle by hand")
    sign = 1 if p > 0 else -1
    u = sign * u_int / sp.sqrt(m)                 # first component positive
    v = (1 if -q > 0 else -1) * v_int / sp.sqrt(m)
    tr, det = C.trace(), C.det()
    steps = [
        Step("The eigenvalues solve λ² − tr(C) λ + det(C) = 0.",
             rf"\lambda^2 - {tex(tr)}\lambda + {tex(det)} = 0 \;\Rightarrow\; \lambda_1 = {lam1},\ \lambda_2 = {lam2}",
             f"λ² − {tr}λ + {det} = 0 ⇒ λ₁ = {lam1}, λ₂ = {lam2}"),
        Step("Solve (C − λ₁I)u = 0 and normalize; the second direction is orthogonal to it.",
             rf"u_1 = {tex(u)},\quad u_2 = {tex(v)}", f"u₁ = {uni(u.T)}ᵀ, u₂ = {uni(v.T)}ᵀ"),
    ]
    C_tex, C_text = tex(C), uni(C)
    if ask == "direction":
        answer, kind = u, "matrix"
        question_tex = (r"the first principal direction: the unit eigenvector \(u_1\) of the largest "
                        r"eigenvalue, as a column with positive first component")
        question_text = "the first principal direction u₁ (unit eigenvector of the largest eigenvalue, column, first component > 0)"
        candidates = [
            ("minor direction", v, "That is the eigenvector of the smallest eigenvalue; PCA's first direction carries the most variance."),
            ("not normalized", sign * u_int, "Divide by the length: principal directions are unit vectors."),
        ]
    elif ask == "ratio":
        answer, kind = sp.Rational(lam1, lam1 + lam2), "number"
        question_tex = r"the fraction of the total variance explained by the first principal component"
        question_text = "the explained-variance ratio of the first principal component"
        steps.append(Step("The explained-variance ratio is λ₁ over the trace.",
                          rf"\frac{{\lambda_1}}{{\lambda_1 + \lambda_2}} = \frac{{{lam1}}}{{{lam1 + lam2}}} = {tex(answer)}",
                          f"λ₁/(λ₁ + λ₂) = {lam1}/{lam1 + lam2} = {uni(answer)}"))
        candidates = [
            ("second component", sp.Rational(lam2, lam1 + lam2), "That is the share of the second (smallest) component."),
            ("ratio of eigenvalues", sp.Rational(lam1, lam2), "Divide by the total variance λ₁ + λ₂ (the trace), not by λ₂."),
            ("used the largest entry", sp.Rational(max(C[0, 0], C[1, 1]), tr),
             "The diagonal entries are variances along the axes, not along the principal directions: use λ₁."),
        ]
    else:
        r1, r2 = sp.sqrt(lam1), sp.sqrt(lam2)   # integers: the eigenvalues are squares
        answer = (u_int * u_int.T / r1 + v_int * v_int.T / r2) / m
        kind = "matrix"
        question_tex = (r"the ZCA whitening matrix \(W = C^{-1/2}\) (the symmetric positive-definite "
                        r"matrix with \(W C W^\top = I\))")
        question_text = "the ZCA whitening matrix W = C^(−1/2) (symmetric positive definite, W C Wᵀ = I)"
        steps.append(Step("Invert the square roots of the eigenvalues in the same eigenbasis.",
                          rf"C^{{-1/2}} = \tfrac{{1}}{{\sqrt{{{lam1}}}}}u_1u_1^\top + \tfrac{{1}}{{\sqrt{{{lam2}}}}}u_2u_2^\top = {tex(answer)}",
                          f"C^(−1/2) = u₁u₁ᵀ/√{lam1} + u₂u₂ᵀ/√{lam2} = {uni(answer)}"))
        pca_white = sp.Matrix([[u[0] / sp.sqrt(lam1), u[1] / sp.sqrt(lam1)],
                               [v[0] / sp.sqrt(lam2), v[1] / sp.sqrt(lam2)]])
        candidates = [
            ("inverse, no square root", C.inv(), "C⁻¹ over-corrects: whitening uses C^(−1/2), so that W C Wᵀ = I."),
            ("square root, not inverse", (u_int * u_int.T * r1 + v_int * v_int.T * r2) / m,
             "C^(1/2) colours data; whitening divides by the standard deviations: C^(−1/2)."),
            ("PCA whitening", pca_white,
             "Λ^(−1/2)Uᵀ whitens too, but rotates; the ZCA (symmetric) one is U Λ^(−1/2) Uᵀ."),
        ]
    mistakes = distinct_mistakes(candidates, answer, lambda a, b: a != b)
    return Problem(
        prompt_tex=rf"For data with covariance matrix \[C = {C_tex}\] compute {question_tex}.",
        prompt_text=f"For data with covariance C = {C_text}, compute {question_text}.",
        answer=answer,
        kind=kind,
        solution=tuple(steps),
        given={"ask": ask, "C": [[int(C[i, j]) for j in range(2)] for i in range(2)]},
        checking=Checking(sig_figs=3),
        mistakes=mistakes,
    )


def verify(given, answer) -> Evidence:
    C = np.array(given["C"], dtype=float)
    values, vectors = np.linalg.eigh(C)           # ascending eigenvalues
    if given["ask"] == "ratio":
        err = numeric.require_close(values[1] / values.sum(), float(answer), "explained-variance ratio")
        return Evidence("numpy", "np.linalg.eigh(C): λ_max / Σλ", err)
    got = np.array(answer.evalf(), dtype=float)
    if given["ask"] == "direction":
        u = vectors[:, 1] * np.sign(vectors[0, 1])
        if got.shape != (2, 1):
            raise VerificationError(f"direction must be a 2×1 column, got {got.shape}")
        err = max(numeric.require_close(a, b, "u₁") for a, b in zip(u, got[:, 0]))
        return Evidence("numpy", "np.linalg.eigh(C): eigenvector of λ_max, sign fixed by first component", err)
    expected = vectors @ np.diag(values ** -0.5) @ vectors.T
    if np.abs(got @ C @ got.T - np.eye(2)).max() > 1e-9:
        raise VerificationError("W C Wᵀ is not the identity")
    err = max(numeric.require_close(a, b, "W") for a, b in zip(expected.ravel(), got.ravel()))
    return Evidence("numpy", "np.linalg.eigh(C): U Λ^(-1/2) Uᵀ, and W C Wᵀ = I checked", err)


def baseline(given: dict):
    """Bare SymPy: eigen-decomposition of C (benchmarks/generate.py)."""
    C = sp.Matrix(given["C"])
    if given["ask"] == "ratio":
        values = C.eigenvals()
        return max(values) / sum(values)
    if given["ask"] == "whitening":
        return C ** sp.Rational(-1, 2)
    value, _, (vec,) = max(C.eigenvects(), key=lambda t: t[0])
    u = vec / vec.norm()
    return u if u[0] > 0 else -u


FAMILY = Family(
    name="pca",
    version=1,
    title="PCA of a 2-D covariance matrix",
    summary="Eigen-decompose a 2×2 covariance: first principal direction, explained variance, whitening.",
    params={
        "ask": Param("direction", ("direction", "ratio", "whitening"),
                     "direction: unit eigenvector of λ_max; ratio: explained-variance ratio; whitening: C^(-1/2)"),
        "level": Param(1, (1, 2, 3),
                       "1: directions (1, ±1), for ask=direction (3, ±4), (4, ±3); 2: directions (1, ±2), (2, ±1); 3: directions (1, ±3), (3, ±1)"),
    },
    generate=generate,
    verify=verify,
    baseline=baseline,
)
