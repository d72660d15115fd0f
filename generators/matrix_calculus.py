"""Matrix calculus: gradients of the scalar functions ML differentiates every day.

Convention (stated in every prompt): the gradient of a scalar f with respect to a matrix X is
the matrix of partial derivatives ∂f/∂X_ij, the same shape as X; a gradient with respect to a
vector is a column of the same length.

task=quadratic: ∇ₓ(xᵀAx) = (A + Aᵀ)x. Level 1: 2×2 non-symmetric A at a numeric x; level 2:
3×3 A, the gradient as a vector of expressions in x₁, x₂, x₃.
task=least_squares: ∇_W ‖Wx − y‖² = 2(Wx − y)xᵀ. Level 1: W 2×2; level 2: W 2×3 with a ridge
term λ‖W‖²_F (gradient + 2λW).
task=logdet: ∂ log det X / ∂X = X⁻ᵀ. Level 1: 2×2 X; level 2: the Gaussian-likelihood shape
log det X − tr(SX), gradient X⁻ᵀ − Sᵀ.
task=trace: ∂ tr(AX)/∂X = Aᵀ for a non-square A (level 1); ∂ tr(AXB)/∂X = AᵀBᵀ (level 2).

Verified on the given instance by central finite differences of f itself, entry by entry, in
numpy (for the symbolic level, at three random points x): a transposed or halved gradient fails.
"""

from __future__ import annotations

import random
from functools import lru_cache

import numpy as np
import sympy as sp

from osmose import numeric
from osmose.family import (Checking, Evidence, Family, Mistake, Param, Problem, Reject, Step,
                           VerificationError)
from osmose.mathtext import tex, uni

CONVENTION_TEX = (r"(Convention: the gradient with respect to a matrix \(X\) is the matrix of "
                  r"\(\partial f/\partial X_{ij}\), shaped like \(X\); with respect to a vector, a column.)")
CONVENTION_TEXT = ("(Convention: the gradient with respect to a matrix X is the matrix of ∂f/∂X_ij, shaped "
                   "like X; with respect to a vector, a column.)")
XS = sp.symbols("x1 x2 x3")


@lru_cache(maxsize=None)
def _positive_det() -> tuple:
    """Non-symmetric 2×2 integer matrices, entries in −4..4, with 0 < det ≤ 8 (log det defined)."""
    r = range(-4, 5)
    return tuple((a, b, c, d) for a in r for b in r for c in r for d in r if 0 < a * d - b * c <= 8 and b != c)


def _linear(M: sp.Matrix) -> sp.ImmutableMatrix:
    """M·(x₁, x₂, x₃) as a column of linear expressions (no expand needed)."""
    return sp.ImmutableMatrix([sp.Add(*[M[i, j] * XS[j] for j in range(M.cols)]) for i in range(M.rows)])


def _mat(rng: random.Random, rows: int, cols: int, k: int = 3) -> sp.Matrix:
    return sp.Matrix(rows, cols, lambda i, j: rng.randint(-k, k))


def _ints(M: sp.Matrix) -> list:
    return [[int(v) if v.is_Integer else str(v) for v in M.row(i)] for i in range(M.rows)]


def _t(M) -> tuple[str, str]:
    return tex(M), uni(M)


def generate(rng: random.Random, params: dict) -> Problem:
    level, task = params["level"], params["task"]
    exact = Checking(precision="exact")
    mistakes: list = []
    if task == "quadratic":
        n = 2 if level == 1 else 3
        A = _mat(rng, n, n)
        if A == A.T:
            raise Reject("symmetric A: the transpose slip would be invisible")
        S = A + A.T
        if level == 1:
            x = _mat(rng, n, 1)
            if not any(x):
                raise Reject("x = 0")
            answer = sp.ImmutableMatrix(S * x)
            checking = exact
            at_tex, at_text = rf" at \(x = {tex(x)}\)", f" at x = {uni(tuple(x))}"
            given = {"A": _ints(A), "x": [int(v) for v in x]}
            ax, atx = A * x, A.T * x
        else:
            x = sp.Matrix(XS)
            answer = _linear(S)
            checking = Checking(variables={s.name: "real" for s in XS}, precision="exact")
            at_tex, at_text = r", with \(x = (x_1, x_2, x_3)\), as a column of expressions in \(x_1, x_2, x_3\)", \
                ", with x = (x₁, x₂, x₃), as a column of expressions in x₁, x₂, x₃"
            given = {"A": _ints(A)}
            ax, atx = _linear(A), _linear(A.T)
        mistakes = [Mistake("2Ax (treated A as symmetric)", sp.ImmutableMatrix(2 * ax),
                            "∇(xᵀAx) = (A + Aᵀ)x; it is 2Ax only when A is symmetric, and this A is not."),
                    Mistake("Ax", sp.ImmutableMatrix(ax), "x appears twice in xᵀAx: both factors contribute, "
                                                          "giving Ax + Aᵀx."),
                    Mistake("2Aᵀx", sp.ImmutableMatrix(2 * atx), "Both Ax and Aᵀx appear: (A + Aᵀ)x.")]
        steps = (Step("Differentiate both occurrences of x (product rule): "
                      "∂(xᵀAx) = (∂x)ᵀAx + xᵀA(∂x), so ∇ = Ax + Aᵀx.",
                      rf"\nabla_x (x^\top A x) = (A + A^\top)x,\quad A + A^\top = {tex(S)}",
                      f"∇ₓ(xᵀAx) = (A + Aᵀ)x, A + Aᵀ = {uni(S)}"),
                 Step("Multiply.", rf"(A + A^\top)x = {tex(answer)}", f"(A + Aᵀ)x = {uni(answer)}"))
        q_tex = rf"\(f(x) = x^\top A x\) with \(A = {tex(A)}\). Give \(\nabla_x f\){at_tex}."
        q_text = f"f(x) = xᵀAx with A = {uni(A)}. Give ∇ₓf{at_text}."
    elif task == "least_squares":
        cols = 2 if level == 1 else 3
        W, x, y = _mat(rng, 2, cols, 2), _mat(rng, cols, 1, 2), _mat(rng, 2, 1, 3)
        r = W * x - y
        if not any(r) or not any(x):
            raise Reject("zero residual or zero input: the gradient vanishes")
        lam = 0 if level == 1 else rng.choice((1, 2, 3))
        answer = sp.ImmutableMatrix(2 * r * x.T + 2 * lam * W)
        checking = exact
        given = {"W": _ints(W), "x": [int(v) for v in x], "y": [int(v) for v in y], "lam": lam}
        steps = [Step("The residual.", rf"r = Wx - y = {tex(r)}", f"r = Wx − y = {uni(tuple(r))}"),
                 Step("‖r‖² = Σᵢ rᵢ² and ∂rᵢ/∂W_ij = x_j, so ∂‖Wx − y‖²/∂W_ij = 2 rᵢ x_j: an outer product.",
                      rf"\nabla_W \lVert Wx - y\rVert^2 = 2\,r\,x^\top = {tex(2 * r * x.T)}",
                      f"∇_W‖Wx − y‖² = 2 r xᵀ = {uni(2 * r * x.T)}")]
        mistakes = [Mistake("dropped the factor 2", sp.ImmutableMatrix(r * x.T + 2 * lam * W),
                            "d(r²)/dr = 2r: the square contributes a factor 2.")]
        if lam:
            steps.append(Step("The ridge term: ∂(λ‖W‖²_F)/∂W = 2λW.",
                              rf"\nabla_W = 2\,r\,x^\top + {2 * lam}W = {tex(answer)}",
                              f"∇_W = 2 r xᵀ + {2 * lam}W = {uni(answer)}"))
            mistakes.append(Mistake("ridge gradient λW", sp.ImmutableMatrix(2 * r * x.T + lam * W),
                                    f"∂(λ‖W‖²_F)/∂W = 2λW = {2 * lam}W."))
            mistakes.append(Mistake("forgot the ridge term", sp.ImmutableMatrix(2 * r * x.T),
                                    "The penalty λ‖W‖²_F has its own gradient 2λW."))
        if cols == 2:
            mistakes.append(Mistake("x rᵀ instead of r xᵀ", sp.ImmutableMatrix(2 * x * r.T + 2 * lam * W),
                                    "Entry (i, j) is 2 rᵢ x_j: residual index down the rows, input across."))
        ridge_tex = rf" + {lam}\lVert W\rVert_F^2" if lam else ""
        ridge_text = f" + {lam}‖W‖²_F" if lam else ""
        q_tex = (rf"\(f(W) = \lVert Wx - y\rVert^2{ridge_tex}\) (squared Euclidean norm"
                 rf"{', Frobenius norm for W' if lam else ''}) with \(W = {tex(W)}\), \(x = {tex(x)}\), "
                 rf"\(y = {tex(y)}\). Give \(\nabla_W f\) at this \(W\).")
        q_text = (f"f(W) = ‖Wx − y‖²{ridge_text} (squared Euclidean norm{', Frobenius norm for W' if lam else ''}) "
                  f"with W = {uni(W)}, x = {uni(tuple(x))}, y = {uni(tuple(y))}. Give ∇_W f at this W.")
    elif task == "logdet":
        X = sp.Matrix(2, 2, rng.choice(_positive_det()))
        d = X.det()
        inv = X.inv()
        checking = Checking(sig_figs=3)
        given = {"X": _ints(X)}
        steps = [Step("Jacobi's formula: d log det X = tr(X⁻¹ dX), so ∂ log det X/∂X_ij = (X⁻¹)_ji.",
                      rf"\nabla_X \log\det X = X^{{-\top}},\quad \det X = {d},\ "
                      rf"X^{{-1}} = \frac{{1}}{{{d}}}{tex(X.adjugate())}",
                      f"∇_X log det X = X⁻ᵀ, det X = {d}, X⁻¹ = (1/{d})·{uni(X.adjugate())}")]
        if level == 1:
            answer = sp.ImmutableMatrix(inv.T)
            mistakes = [Mistake("X⁻¹ without the transpose", sp.ImmutableMatrix(inv),
                                "∂ log det X/∂X_ij = (X⁻¹)_ji: the gradient is X⁻ᵀ."),
                        Mistake("adjugate, not divided by det", sp.ImmutableMatrix(X.adjugate().T),
                                f"X⁻¹ = adj(X)/det X: divide by det X = {d}.")]
            q_tex = rf"\(f(X) = \log\det X\) (natural log) with \(X = {tex(X)}\). Give \(\nabla_X f\) at this \(X\)."
            q_text = f"f(X) = log det X (natural log) with X = {uni(X)}. Give ∇_X f at this X."
        else:
            S = _mat(rng, 2, 2, 2)
            if S == S.T:
                raise Reject("a non-symmetric S makes the transpose visible")
            answer = sp.ImmutableMatrix(inv.T - S.T)
            given["S"] = _ints(S)
            steps.append(Step("∂ tr(SX)/∂X_ij = S_ji, so the linear term contributes −Sᵀ.",
                              rf"\nabla_X f = X^{{-\top}} - S^\top = {tex(answer)}", f"∇_X f = X⁻ᵀ − Sᵀ = {uni(answer)}"))
            mistakes = [Mistake("X⁻¹ − S (no transposes)", sp.ImmutableMatrix(inv - S),
                                "Both terms carry a transpose: ∂ log det X/∂X = X⁻ᵀ and ∂ tr(SX)/∂X = Sᵀ."),
                        Mistake("X⁻ᵀ − S", sp.ImmutableMatrix(inv.T - S),
                                "∂ tr(SX)/∂X_ij = S_ji: the gradient of tr(SX) is Sᵀ."),
                        Mistake("X⁻¹ − Sᵀ", sp.ImmutableMatrix(inv - S.T),
                                "∂ log det X/∂X_ij = (X⁻¹)_ji: the gradient is X⁻ᵀ.")]
            q_tex = (rf"\(f(X) = \log\det X - \operatorname{{tr}}(SX)\) (natural log) with \(X = {tex(X)}\) and "
                     rf"\(S = {tex(S)}\). Give \(\nabla_X f\) at this \(X\).")
            q_text = (f"f(X) = log det X − tr(SX) (natural log) with X = {uni(X)} and S = {uni(S)}. "
                      "Give ∇_X f at this X.")
    else:
        checking = exact
        if level == 1:
            A = _mat(rng, 2, 3, 4)
            answer = sp.ImmutableMatrix(A.T)
            given = {"A": _ints(A)}
            steps = (Step("tr(AX) = Σᵢⱼ A_ij X_ji, so ∂ tr(AX)/∂X_ji = A_ij: the gradient is Aᵀ (shaped like X, 3×2).",
                          rf"\nabla_X \operatorname{{tr}}(AX) = A^\top = {tex(answer)}", f"∇_X tr(AX) = Aᵀ = {uni(answer)}"),)
            mistakes = [Mistake("A itself", sp.ImmutableMatrix(A), "A is 2×3 but X is 3×2: the gradient is Aᵀ.")]
            q_tex = (rf"\(f(X) = \operatorname{{tr}}(AX)\) for \(X \in \mathbb{{R}}^{{3\times 2}}\) with "
                     rf"\(A = {tex(A)}\). Give \(\nabla_X f\).")
            q_text = f"f(X) = tr(AX) for X a 3×2 matrix, with A = {uni(A)}. Give ∇_X f."
        else:
            A, B = _mat(rng, 2, 2, 3), _mat(rng, 2, 2, 3)
            if A * B == B * A or A.det() == 0 or B.det() == 0:
                raise Reject("commuting or singular factors hide the order")
            answer = sp.ImmutableMatrix(A.T * B.T)
            given = {"A": _ints(A), "B": _ints(B)}
            steps = (Step("Cyclic trace: tr(AXB) = tr(BAX), so the gradient is (BA)ᵀ = AᵀBᵀ.",
                          rf"\nabla_X \operatorname{{tr}}(AXB) = (BA)^\top = A^\top B^\top = {tex(answer)}",
                          f"∇_X tr(AXB) = (BA)ᵀ = AᵀBᵀ = {uni(answer)}"),)
            mistakes = [Mistake("BA (no transpose)", sp.ImmutableMatrix(B * A),
                                "tr(MX) has gradient Mᵀ: here M = BA, so (BA)ᵀ."),
                        Mistake("AB", sp.ImmutableMatrix(A * B), "Cycle the trace to tr(BAX): the gradient is (BA)ᵀ."),
                        Mistake("BᵀAᵀ", sp.ImmutableMatrix(B.T * A.T), "(BA)ᵀ = AᵀBᵀ: transposing reverses the order.")]
            q_tex = (rf"\(f(X) = \operatorname{{tr}}(AXB)\) for \(X \in \mathbb{{R}}^{{2\times 2}}\) with "
                     rf"\(A = {tex(A)}\), \(B = {tex(B)}\). Give \(\nabla_X f\).")
            q_text = f"f(X) = tr(AXB) for X a 2×2 matrix, with A = {uni(A)}, B = {uni(B)}. Give ∇_X f."
    given["task"] = task
    say = checking.statement()
    mistakes = [m for m in mistakes if m.answer.shape != answer.shape or m.answer != answer]
    return Problem(prompt_tex=f"{q_tex} {CONVENTION_TEX} {say}", prompt_text=f"{q_text} {CONVENTION_TEXT} {say}",
                   answer=answer, kind="matrix", solution=tuple(steps), given=given, checking=checking,
                   mistakes=tuple(mistakes))


# --- independent verification: f itself, differentiated by central differences -------------

def _f_and_point(given: dict):
    """f as a numpy function of the flattened variable, the point, and the variable's shape."""
    task = given["task"]
    arr = lambda k: np.array([[float(sp.Rational(v)) for v in row] for row in given[k]])  # noqa: E731
    if task == "quadratic":
        A = arr("A")
        return (lambda v: v @ A @ v), (np.array(given["x"], float) if "x" in given else None), (A.shape[0], 1)
    if task == "least_squares":
        x, y, lam = np.array(given["x"], float), np.array(given["y"], float), given["lam"]
        W = arr("W")
        return (lambda v: float(np.sum((v.reshape(W.shape) @ x - y) ** 2) + lam * np.sum(v**2))), W.ravel(), W.shape
    if task == "logdet":
        X = arr("X")
        S = arr("S") if "S" in given else np.zeros_like(X)
        return (lambda v: float(np.log(np.linalg.det(v.reshape(2, 2))) - np.trace(S @ v.reshape(2, 2)))), X.ravel(), (2, 2)
    A = arr("A")
    if "B" in given:
        B = arr("B")
        return (lambda v: float(np.trace(A @ v.reshape(2, 2) @ B))), np.arange(1.0, 5.0) / 3, (2, 2)
    shape = (A.shape[1], A.shape[0])
    return (lambda v: float(np.trace(A @ v.reshape(shape)))), np.linspace(-1, 1, A.size), shape


def _fd_grad(f, v: np.ndarray, h: float = 1e-4) -> np.ndarray:
    out = np.zeros_like(v)
    for k in range(v.size):
        e = np.zeros_like(v)
        e[k] = h
        out[k] = (-f(v + 2 * e) + 8 * f(v + e) - 8 * f(v - e) + f(v - 2 * e)) / (12 * h)
    return out


def verify(given: dict, answer) -> Evidence:
    f, point, shape = _f_and_point(given)
    if not isinstance(answer, sp.MatrixBase) or answer.shape != shape:
        raise VerificationError(f"the gradient must be {shape[0]}×{shape[1]}")
    rng = random.Random(7)
    points = [point] if point is not None else [np.array([rng.uniform(-2, 2) for _ in range(shape[0])])
                                                for _ in range(3)]
    worst = 0.0
    for p in points:
        fd = _fd_grad(f, p).reshape(shape)
        env = {f"x{i + 1}": float(p[i]) for i in range(len(p))} if point is None else {}
        for i in range(shape[0]):
            for j in range(shape[1]):
                entry = answer[i, j]
                got = numeric.evaluate(sp.sympify(entry), env) if env else float(entry)
                worst = max(worst, numeric.require_close(got, float(fd[i, j]), f"entry ({i + 1}, {j + 1})",
                                                         rel=1e-6, floor=1e-6))
    where = "at the given point" if point is not None else "at 3 random points"
    return Evidence("finite differences", f"central differences of f itself, entry by entry, {where}", worst)


FAMILY = Family(
    name="matrix_calculus", version=1, title="Matrix calculus",
    summary="∇ₓ(xᵀAx), ∇_W‖Wx − y‖², ∂ log det X, ∂ tr(AX) on concrete matrices, checked by finite differences.",
    params={
        "level": Param(1, (1, 2), "1: the basic identity; 2: a harder variant (symbols, ridge, Gaussian log-likelihood, tr(AXB))"),
        "task": Param("quadratic", ("quadratic", "least_squares", "logdet", "trace"),
                      "quadratic: xᵀAx; least_squares: ‖Wx − y‖²; logdet: log det X; trace: tr(AX)"),
    },
    levels={1: "one identity on a small instance: (A + Aᵀ)x, 2(Wx − y)xᵀ, X⁻ᵀ, Aᵀ",
            2: "a step further: the gradient in symbols (3×3), a ridge term, log det X − tr(SX), tr(AXB)"},
    generate=generate, verify=verify,
)
