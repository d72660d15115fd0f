"""Eigenvalues and eigenvectors of small symmetric matrices, with exact answers.

Level 1: eigenvalues of a 2×2 (tuple, ascending); level 2: the eigenvector of a
2×2 for a given eigenvalue, scaled so its first nonzero entry is 1 (not normalised
to length 1, so the answer is exact and unique); levels 3 and 4: the same for a
3×3 (a cubic characteristic polynomial, a 3×3 row reduction). Matrices are drawn from an enumerated list of small
integer symmetric matrices whose eigenvalues are integers, so every answer is
exact. Verified with numpy.linalg.eigh.
"""

from __future__ import annotations

import itertools
import random
from functools import lru_cache

import numpy as np
import sympy as sp

from osmose import numeric
from osmose.family import (Checking, Evidence, Family, Mistake, Param, Problem, Reject, Step,
                           VerificationError)
from osmose.mathtext import tex, uni

LAM = sp.Symbol("lambda")


@lru_cache(maxsize=None)
def integer_spectrum_matrices(n: int) -> tuple:
    """Small integer symmetric n×n matrices (n = 2, 3) with integer eigenvalues, not diagonal."""
    if n == 2:
        cands = [((a, b), (b, c)) for a in range(-6, 10) for c in range(-6, 10)
                 for b in (-6, -5, -4, -3, -2, -1, 1, 2, 3, 4, 5, 6)]
    else:
        cands = [((a, b, c), (b, d, e), (c, e, f))
                 for a, d, f in itertools.product(range(-1, 6), repeat=3)
                 for b, c, e in itertools.product(range(-2, 3), repeat=3)
                 if sum(v != 0 for v in (b, c, e)) >= 2]
    lams = np.linalg.eigvalsh(np.array(cands, dtype=float))
    keep = np.all(np.abs(lams - np.round(lams)) < 1e-9, axis=1)
    return tuple(m for m, k in zip(cands, keep) if k)


def scaled(v) -> tuple:
    """Scale so the first nonzero entry is 1 (unique, exact; not unit length)."""
    first = next(x for x in v if x != 0)
    return tuple(sp.nsimplify(x / first) for x in v)


def shifted(lam) -> tuple[str, str]:
    """A − λI written as a lecturer would: A − 3I, A + I, A + 2I (never "A − -1I")."""
    size = abs(lam)
    name = "I" if size == 1 else f"{size}I"
    sign = "-" if lam > 0 else "+"
    if lam == 0:
        return "A", "A"
    return f"A {sign} {name}", f"A {'−' if lam > 0 else '+'} {name}"


def _eigvec(A: sp.Matrix, lam) -> tuple:
    (basis,) = (A - lam * sp.eye(A.rows)).nullspace()
    return scaled(basis)


def generate(rng: random.Random, params: dict) -> Problem:
    level = params["level"]
    n = 2 if level <= 2 else 3
    A = sp.Matrix(rng.choice(integer_spectrum_matrices(n)))
    if n == 2 and A[0, 0] == A[1, 1] and rng.random() < 0.8:
        raise Reject("[[a, b], [b, a]] always has eigenvalues a ± b and eigenvectors (1, ±1): keep it rare")
    charpoly = sp.expand((A - LAM * sp.eye(n)).det())
    lams = sorted(r for r, m in sp.roots(charpoly, LAM).items() for _ in range(m))
    if max(abs(v) for v in lams) > 12:
        raise Reject("big eigenvalues")
    factored = sp.factor(charpoly)
    char_step = Step("Eigenvalues are the roots of the characteristic polynomial.",
                     rf"\det(A - \lambda I) = {tex(charpoly)} = {tex(factored)}",
                     f"det(A − λI) = {uni(charpoly)} = {uni(factored)}")
    if level in (1, 3):
        answer = tuple(sp.Integer(v) for v in lams)
        steps = (char_step,
                 Step("Check: they add up to the trace and multiply to the determinant.",
                      rf"\sum\lambda_i = {A.trace()} = \operatorname{{tr}}A,\quad \prod\lambda_i = {A.det()} = \det A",
                      f"Σλ = {A.trace()} = tr A, Πλ = {A.det()} = det A"),
                 Step("Sorted ascending.", tex(answer), uni(answer)))
        mistakes = [
            Mistake("sign slip", tuple(sorted(-v for v in answer)),
                    "The characteristic polynomial is det(A − λI); its roots are λ, not −λ."),
            Mistake("diagonal entries", tuple(sorted(A[i, i] for i in range(n))),
                    "The diagonal entries are the eigenvalues only for a diagonal (or triangular) matrix."),
        ]
        if n == 2:
            mistakes.append(Mistake("not sorted", tuple(reversed(answer)), "Give the eigenvalues in ascending order."))
        prompt_tex = (rf"Find the eigenvalues of the symmetric matrix \[A = {tex(A)}\] "
                      "as a tuple sorted ascending (repeat a repeated eigenvalue).")
        prompt_text = f"Eigenvalues of A = {uni(A)}, as a tuple sorted ascending (repeat repeated ones)."
        given = {"ask": "eigenvalues", "A": [[int(x) for x in A.row(i)] for i in range(n)]}
    else:
        simple = [v for v in lams if lams.count(v) == 1]
        if not simple:
            raise Reject("no simple eigenvalue")
        lam = rng.choice(simple)
        answer = _eigvec(A, lam)
        M = A - lam * sp.eye(n)
        m_tex, m_text = shifted(lam)
        steps = (char_step,
                 Step(f"Solve (A − λI)v = 0 with λ = {lam}.", rf"{m_tex} = {tex(M)}", f"{m_text} = {uni(M)}"),
                 Step("Row-reduce; the null space is one-dimensional because the eigenvalue is simple.",
                      rf"\operatorname{{rref}}({m_tex}) = {tex(M.rref()[0])}", f"rref({m_text}) = {uni(M.rref()[0])}"),
                 Step("Scale so the first nonzero entry is 1.", rf"v = {tex(answer)}", f"v = {uni(answer)}"))
        others = [v for v in simple if v != lam]
        mistakes = []
        if others:
            mistakes.append(Mistake("other eigenvalue", _eigvec(A, others[0]),
                                    f"That vector belongs to λ = {others[0]}; solve ({m_text})v = 0."))
        wrong = (A + lam * sp.eye(n)).nullspace()
        if len(wrong) == 1:
            mistakes.append(Mistake("sign slip", scaled(wrong[0]),
                                    f"Subtract λ = {lam} on the diagonal: {m_text}, not {shifted(-lam)[1]}."))
        prompt_tex = (rf"\(\lambda = {lam}\) is an eigenvalue of \[A = {tex(A)}.\] Give its eigenvector, "
                      r"scaled so that its first nonzero entry is 1, as a tuple.")
        prompt_text = f"λ = {lam} is an eigenvalue of A = {uni(A)}. Its eigenvector, first nonzero entry 1, as a tuple."
        given = {"ask": "eigenvector", "A": [[int(x) for x in A.row(i)] for i in range(n)], "lambda": int(lam)}
    mistakes = tuple(m for m in mistakes if m.answer != answer)
    checking = Checking(precision="exact") if level in (1, 3) else Checking(sig_figs=3)
    say = checking.statement()
    return Problem(prompt_tex=f"{prompt_tex} {say}", prompt_text=f"{prompt_text} {say}", answer=answer,
                   kind="tuple", solution=steps, given=given, checking=checking, mistakes=mistakes)


def verify(given: dict, answer) -> Evidence:
    A = np.array(given["A"], dtype=float)
    w, V = np.linalg.eigh(A)
    if given["ask"] == "eigenvalues":
        if len(answer) != len(w):
            raise VerificationError("wrong number of eigenvalues")
        worst = max(numeric.require_close(float(a), float(e), f"eigenvalue {i}", rel=1e-9, floor=1e-9)
                    for i, (a, e) in enumerate(zip(answer, w)))
        return Evidence("numpy", "numpy.linalg.eigh, ascending", worst)
    i = int(np.argmin(np.abs(w - given["lambda"])))
    vec = V[:, i]
    first = next(k for k in range(len(vec)) if abs(vec[k]) > 1e-9)
    vec = vec / vec[first]
    got = np.array([float(a) for a in answer])
    worst = max(numeric.require_close(float(g), float(e), f"component {k}", rel=1e-9, floor=1e-9)
                for k, (g, e) in enumerate(zip(got, vec)))
    residual = float(np.max(np.abs(A @ got - given["lambda"] * got)))
    if residual > 1e-9:
        raise VerificationError(f"A v − λ v = {residual}")
    return Evidence("numpy", "eigenvector from numpy.linalg.eigh scaled to first nonzero entry 1; Av = λv", worst)


def baseline(given: dict):
    """Bare SymPy: eigenvalues, or the scaled null vector (benchmarks/generate.py)."""
    A = sp.Matrix(given["A"])
    if given["ask"] == "eigenvalues":
        return tuple(sorted(v for v, m in A.eigenvals().items() for _ in range(m)))
    (v,) = (A - given["lambda"] * sp.eye(A.rows)).nullspace()
    return scaled(v)


FAMILY = Family(
    name="eigen_symmetric", version=2, title="Eigenvalues and eigenvectors of a symmetric matrix",
    summary="Exact eigenvalues (ascending) and eigenvectors (first nonzero entry 1) of symmetric 2×2 and 3×3 matrices.",
    params={"level": Param(1, (1, 2, 3, 4),
                           "1: eigenvalues 2×2, 2: eigenvector 2×2, 3: eigenvalues 3×3, 4: eigenvector 3×3")},
    levels={1: "eigenvalues of a 2×2 (a quadratic characteristic polynomial)",
            2: "an eigenvector of a 2×2 for a given eigenvalue",
            3: "eigenvalues of a 3×3 (a cubic characteristic polynomial)",
            4: "an eigenvector of a 3×3 for a given eigenvalue (3×3 row reduction)"},
    generate=generate, verify=verify, baseline=baseline,
)
