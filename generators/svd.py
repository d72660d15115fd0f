"""Singular values and what they measure: the SVD's values, best low-rank approximation
(Eckart–Young), the condition number, and Weyl's perturbation bound.

task=values: the singular values of A, largest first (σᵢ = √λᵢ(AᵀA)). Level 1: A is 2×2;
level 2: A is 3×2 (AᵀA is still 2×2, but A is not square, so eigenvalues of A are not an option).
task=lowrank: from the singular values of A (listed in no particular order): level 1, the error
‖A − A_k‖ of the best rank-k approximation in the spectral or the Frobenius norm; level 2, the
smallest rank k whose relative Frobenius error ‖A − A_k‖_F/‖A‖_F is at most a given τ.
task=condition: κ₂(A) = σ_max/σ_min. Level 1: of a 2×2 A; level 2: the bound
κ₂(A)·‖δb‖/‖b‖ on the relative error of the solution of Ax = b when b is perturbed.
task=weyl: Weyl's inequality |σᵢ(A + E) − σᵢ(A)| ≤ ‖E‖₂. Level 1: E = ε·abᵀ is rank one
(‖E‖₂ = ε‖a‖‖b‖): the guaranteed lower bound on σ_min(A + E); level 2: E is a full 2×2
matrix whose spectral norm must itself be computed.

Matrices are drawn so that AᵀA has integer eigenvalues (singular values are square roots of
integers). Verified with numpy.linalg.svd (and, for Weyl, that the perturbed singular values
really lie in the stated interval).
"""

from __future__ import annotations

import math
import random
from functools import lru_cache

import numpy as np
import sympy as sp

from osmose import numeric
from osmose.family import (Checking, Evidence, Family, Mistake, Param, Problem, Reject, Step,
                           VerificationError)
from osmose.mathtext import tex, uni

R = sp.Rational
lam = sp.Symbol("lambda")


@lru_cache(maxsize=None)
def square_pool() -> tuple:
    """2×2 integer matrices (entries −5..5, at least three nonzero, invertible) whose AᵀA has
    integer eigenvalues: (a, b, c, d, λ₁, λ₂), λ₁ ≥ λ₂ > 0."""
    out, r = [], range(-5, 6)
    for a in r:
        for b in r:
            for c in r:
                for d in r:
                    det = a * d - b * c
                    if det == 0 or sum(v != 0 for v in (a, b, c, d)) < 3:
                        continue
                    t = a * a + b * b + c * c + d * d
                    s = math.isqrt(t * t - 4 * det * det)
                    if s * s == t * t - 4 * det * det and (t + s) % 2 == 0:
                        out.append((a, b, c, d, (t + s) // 2, (t - s) // 2))
    return tuple(out)


def _tall(rng: random.Random):
    """A 3×2 integer matrix with rank 2, a non-diagonal AᵀA and integer eigenvalues of AᵀA."""
    for _ in range(400):
        A = [[rng.randint(-3, 3) for _ in range(2)] for _ in range(3)]
        p = sum(r[0] ** 2 for r in A)
        q = sum(r[0] * r[1] for r in A)
        s_ = sum(r[1] ** 2 for r in A)
        det, t = p * s_ - q * q, p + s_
        root = math.isqrt(max(t * t - 4 * det, 0))
        if det > 0 and q != 0 and root * root == t * t - 4 * det and (t + root) % 2 == 0:
            return A, (t + root) // 2, (t - root) // 2
    raise Reject("no tall matrix with integer eigenvalues of AᵀA")


def _gram_steps(A: sp.Matrix, l1: int, l2: int) -> tuple[Step, ...]:
    G = A.T * A
    poly = sp.expand((G - lam * sp.eye(2)).det())
    return (Step("The singular values are the square roots of the eigenvalues of AᵀA.",
                 rf"A^\top A = {tex(G)}", f"AᵀA = {uni(G)}"),
            Step("Its characteristic polynomial.",
                 rf"\det(A^\top A - \lambda I) = {tex(poly)} = 0 \Rightarrow \lambda \in \{{{l1}, {l2}\}}",
                 f"det(AᵀA − λI) = {uni(poly)} = 0 ⇒ λ ∈ {{{l1}, {l2}}}"))


def _sq(n) -> sp.Expr:
    return sp.sqrt(sp.Integer(n))


def generate(rng: random.Random, params: dict) -> Problem:
    level, task = params["level"], params["task"]
    mistakes: list = []
    checking = Checking(sig_figs=3)
    if task == "condition":
        A = sp.Matrix(2, 2, [rng.randint(-5, 5) for _ in range(4)])
        det = int(A.det())
        t = int(sum(v * v for v in A))
        if det == 0 or sum(v != 0 for v in A) < 3 or A == A.T:
            raise Reject("singular, too sparse or symmetric (then κ is a ratio of |eigenvalues|)")
        disc = t * t - 4 * det * det
        l1, l2 = (t + sp.sqrt(disc)) / 2, (t - sp.sqrt(disc)) / 2
    if task == "values" or (task == "weyl" and level == 2):
        if task == "values" and level == 2:
            rows, l1, l2 = _tall(rng)
            A = sp.Matrix(rows)
        else:
            a, b, c, d, l1, l2 = rng.choice(square_pool())
            A = sp.Matrix([[a, b], [c, d]])
    if task == "values":
        s1, s2 = _sq(l1), _sq(l2)
        answer = (s1, s2)
        steps = (*_gram_steps(A, l1, l2),
                 Step("Square roots, largest first.", rf"\sigma_1 = {tex(s1)},\ \sigma_2 = {tex(s2)}",
                      f"σ₁ = {uni(s1)}, σ₂ = {uni(s2)}"))
        mistakes = [Mistake("eigenvalues of AᵀA, not their roots", (sp.Integer(l1), sp.Integer(l2)),
                            "σᵢ = √λᵢ(AᵀA): take square roots.")]
        if level == 1:
            ev = sorted(sp.Matrix(A).eigenvals(multiple=True), key=lambda e: -abs(complex(e)))
            if all(e.is_real for e in ev):
                mistakes.append(Mistake("|eigenvalues of A|", tuple(abs(e) for e in ev),
                                        "For a non-symmetric A the singular values are not |eigenvalues|: "
                                        "use AᵀA."))
        mistakes.append(Mistake("smallest first", (s2, s1), "List σ₁ ≥ σ₂: largest first."))
        shape = "3×2" if level == 2 else "2×2"
        q_tex = rf"Give the singular values \((\sigma_1, \sigma_2)\) of the {shape} matrix \(A = {tex(A)}\), largest first."
        q_text = f"Give the singular values (σ₁, σ₂) of the {shape} matrix A = {uni(A)}, largest first."
        kind, given = "tuple", {"A": [list(map(int, A.row(i))) for i in range(A.rows)]}
    elif task == "condition":
        kappa = sp.radsimp((t + sp.sqrt(disc)) / (2 * abs(det)))
        if disc == 0:
            raise Reject("an orthogonal multiple: κ = 1")
        G = A.T * A
        steps = [Step("The singular values are the square roots of the eigenvalues of AᵀA; only their ratio is "
                      "needed.", rf"A^\top A = {tex(G)},\quad \operatorname{{tr}} = {t},\ \det = (\det A)^2 = {det * det}",
                      f"AᵀA = {uni(G)}, tr = {t}, det = (det A)² = {det * det}"),
                 Step("σ₁² = (tr + √(tr² − 4 det))/2 and σ₁σ₂ = |det A|, so κ₂ = σ₁/σ₂ = σ₁²/|det A|.",
                      rf"\kappa_2(A) = \frac{{{t} + \sqrt{{{disc}}}}}{{2\cdot {abs(det)}}} = {tex(kappa)}",
                      f"κ₂(A) = ({t} + √{disc})/(2·{abs(det)}) = {uni(kappa)}")]
        sq_ratio = sp.radsimp(l1 / l2)
        mistakes = [Mistake("ratio of eigenvalues of AᵀA", sq_ratio,
                            "That is σ₁²/σ₂² = κ²: the singular values are the square roots.")]
        given = {"A": [[int(v) for v in A.row(i)] for i in range(2)]}
        if level == 1:
            answer = kappa
            q_tex = rf"Give the condition number \(\kappa_2(A) = \sigma_{{\max}}/\sigma_{{\min}}\) of \(A = {tex(A)}\)."
            q_text = f"Give the condition number κ₂(A) = σ_max/σ_min of A = {uni(A)}."
            tr_a = int(A.trace())
            ev_disc = tr_a * tr_a - 4 * det
            if ev_disc > 0:  # real eigenvalues (tr ± √Δ)/2: the slip |λ|max/|λ|min
                e1, e2 = (tr_a + sp.sqrt(ev_disc)) / 2, (tr_a - sp.sqrt(ev_disc)) / 2
                big, small = (e1, e2) if abs(float(e1)) >= abs(float(e2)) else (e2, e1)
                mistakes.append(Mistake("ratio of |eigenvalues| of A", sp.radsimp(abs(big / small)),
                                        "For a non-symmetric A, |λ_max/λ_min| is not κ₂: use singular values."))
        else:
            rho = rng.choice((R(1, 100), R(1, 50), R(1, 20), R(1, 10), R(1, 1000), R(3, 100)))
            answer = kappa * rho
            given["rho"] = str(rho)
            steps.append(Step("Perturbation bound for Ax = b: ‖δx‖/‖x‖ ≤ κ₂(A)·‖δb‖/‖b‖.",
                              rf"\frac{{\lVert\delta x\rVert}}{{\lVert x\rVert}} \le {tex(kappa)}\cdot {tex(rho)} = {tex(answer)}",
                              f"‖δx‖/‖x‖ ≤ {uni(kappa)}·{rho} = {uni(answer)}"))
            mistakes = [Mistake("ratio of eigenvalues of AᵀA", sp.radsimp(sq_ratio * rho),
                                "σ₁²/σ₂² = κ²: the singular values are the square roots of AᵀA's eigenvalues."),
                        Mistake("divided by κ", rho / kappa, "Ill-conditioning amplifies: multiply by κ₂.")]
            q_tex = (rf"\(A = {tex(A)}\) and \(Ax = b\) with \(b \ne 0\). The right-hand side is perturbed by "
                     rf"\(\delta b\) with \(\lVert\delta b\rVert_2/\lVert b\rVert_2 = {tex(rho)}\). Give the standard "
                     rf"upper bound \(\kappa_2(A)\,\lVert\delta b\rVert/\lVert b\rVert\) on the relative error "
                     rf"\(\lVert\delta x\rVert_2/\lVert x\rVert_2\).")
            q_text = (f"A = {uni(A)} and Ax = b with b ≠ 0. The right-hand side is perturbed by δb with "
                      f"‖δb‖₂/‖b‖₂ = {rho}. Give the standard upper bound κ₂(A)·‖δb‖/‖b‖ on the relative error "
                      "‖δx‖₂/‖x‖₂.")
        kind, steps = "number", tuple(steps)
    elif task == "lowrank":
        n = rng.randint(4, 6)
        sig = sorted(rng.sample(range(1, 13), n), reverse=True)
        shown = sig[:]
        rng.shuffle(shown)
        given = {"sigma": shown}
        total = sum(s * s for s in sig)
        list_tex = ", ".join(map(str, shown))
        if level == 1:
            k = rng.randint(1, n - 2)
            norm = rng.choice(("2", "F"))
            tail = sig[k:]
            if norm == "2":
                answer = sp.Integer(tail[0])
                steps = (Step("Sort: σ = " + ", ".join(map(str, sig)) + ".", "", ""),
                         Step("Eckart–Young: truncating the SVD is optimal, and the spectral error is the first "
                              "singular value dropped.", rf"\lVert A - A_{k}\rVert_2 = \sigma_{k + 1} = {answer}",
                              f"‖A − A_{k}‖₂ = σ_{k + 1} = {answer}"))
                mistakes = [Mistake("Frobenius error instead", sp.sqrt(sum(s * s for s in tail)),
                                    "The spectral norm of A − A_k is its largest singular value σ_{k+1} alone."),
                            Mistake("σ_k instead of σ_(k+1)", sp.Integer(sig[k - 1]),
                                    f"A_{k} keeps σ₁..σ_{k}; the error starts at σ_{k + 1}.")]
                if shown[k] != tail[0]:
                    mistakes.append(Mistake("did not sort", sp.Integer(shown[k]),
                                            "Sort the singular values first: A_k keeps the k largest."))
            else:
                answer = sp.sqrt(sum(s * s for s in tail))
                steps = (Step("Sort: σ = " + ", ".join(map(str, sig)) + ".", "", ""),
                         Step("Eckart–Young: truncating the SVD is optimal; the Frobenius error is the root of the "
                              "sum of squares of the dropped singular values.",
                              rf"\lVert A - A_{k}\rVert_F = \sqrt{{{' + '.join(f'{s}^2' for s in tail)}}} = {tex(answer)}",
                              f"‖A − A_{k}‖_F = √({' + '.join(f'{s}²' for s in tail)}) = {uni(answer)}"))
                mistakes = [Mistake("sum, not root of sum of squares", sp.Integer(sum(tail)),
                                    "‖·‖_F² is the sum of squared singular values: square, add, then take the root."),
                            Mistake("spectral error instead", sp.Integer(tail[0]),
                                    "σ_{k+1} alone is the spectral-norm error; Frobenius adds every dropped σ²."),
                            Mistake("sum of squares without the root", sp.Integer(sum(s * s for s in tail)),
                                    "That is ‖A − A_k‖_F²; take the square root.")]
            nm_tex, nm_text = (r"\lVert\cdot\rVert_2", "the spectral norm ‖·‖₂") if norm == "2" else \
                (r"\lVert\cdot\rVert_F", "the Frobenius norm ‖·‖_F")
            given.update(k=k, norm=norm)
            q_tex = (rf"The singular values of a matrix \(A\) are {list_tex} (in no particular order). "
                     rf"Let \(A_{k}\) be the best rank-{k} approximation of \(A\). Give "
                     rf"\(\lVert A - A_{k}\rVert\) in the {'spectral' if norm == '2' else 'Frobenius'} norm \({nm_tex}\).")
            q_text = (f"The singular values of a matrix A are {list_tex} (in no particular order). Let A_{k} be the best "
                      f"rank-{k} approximation of A. Give ‖A − A_{k}‖ in {nm_text}.")
            kind = "number"
        else:
            # smallest k with tail/total ≤ τ², τ chosen between two consecutive achievable ratios
            ratios = [math.sqrt(sum(s * s for s in sig[k:]) / total) for k in range(n + 1)]
            k = rng.randint(1, n - 1)
            lo, hi = ratios[k], ratios[k - 1]
            cands = [R(p, 100) for p in range(1, 100) if lo < p / 100 < hi]
            if not cands:
                raise Reject("no two-digit threshold between the ratios")
            tau = rng.choice(cands)
            answer = sp.Integer(k)
            checking = Checking(precision="integer")
            table = ", ".join(f"k = {j}: {ratios[j]:.3f}" for j in range(max(0, k - 1), min(n, k + 2)))
            steps = (Step("Sort: σ = " + ", ".join(map(str, sig)) + f"; ‖A‖²_F = Σσᵢ² = {total}.", "", ""),
                     Step("Eckart–Young: ‖A − A_k‖_F/‖A‖_F = √(Σ_{i>k} σᵢ²/Σσᵢ²); compute it for increasing k.",
                          r",\quad ".join(rf"k = {j}:\ {ratios[j]:.3f}" for j in range(max(0, k - 1), min(n, k + 2))),
                          table),
                     Step(f"The first k with ratio ≤ {tau} is {k}.", "", ""))
            spectral_k = next((j for j in range(1, n) if sig[j] / sig[0] <= tau), n)
            mistakes = [Mistake("used the spectral ratio σ_(k+1)/σ₁", sp.Integer(spectral_k),
                                "The question is about the Frobenius norm: every dropped σ counts, squared."),
                        Mistake("one too many", sp.Integer(k + 1), f"k = {k} already reaches {ratios[k]:.3f} ≤ {tau}."),
                        Mistake("one too few", sp.Integer(k - 1), f"k = {k - 1} leaves {ratios[k - 1]:.3f} > {tau}.")]
            mistakes = [m for m in mistakes if m.answer != 0]
            given["tau"] = str(tau)
            q_tex = (rf"The singular values of a matrix \(A\) are {list_tex} (in no particular order). What is the "
                     rf"smallest rank \(k\) such that the best rank-\(k\) approximation has relative error "
                     rf"\(\lVert A - A_k\rVert_F/\lVert A\rVert_F \le {tex(tau)}\)?")
            q_text = (f"The singular values of a matrix A are {list_tex} (in no particular order). What is the smallest rank "
                      f"k such that the best rank-k approximation has relative error ‖A − A_k‖_F/‖A‖_F ≤ {tau}?")
            kind = "number"
    else:
        n = 3
        sig = sorted(rng.sample(range(2, 13), n), reverse=True)
        D = sp.diag(*sig)
        if level == 1:
            u, v = [rng.randint(-2, 2) for _ in range(n)], [rng.randint(-2, 2) for _ in range(n)]
            if not any(u) or not any(v):
                raise Reject("zero perturbation")
            nu, nv = sum(x * x for x in u), sum(x * x for x in v)
            eps = rng.choice((R(1, 10), R(1, 5), R(1, 4), R(1, 2), R(1, 20)))
            enorm = eps * sp.sqrt(nu * nv)
            E = eps * sp.Matrix(u) * sp.Matrix(v).T
            given = {"sigma": sig, "eps": str(eps), "a": u, "b": v}
            norm_step = Step("A rank-one matrix εabᵀ has spectral norm ε‖a‖‖b‖.",
                             rf"\lVert E\rVert_2 = {tex(eps)}\sqrt{{{nu}}}\sqrt{{{nv}}} = {tex(enorm)}",
                             f"‖E‖₂ = {eps}·√{nu}·√{nv} = {uni(enorm)}")
            e_tex = rf"\(E = {tex(eps)}\,ab^\top\) with \(a = {tex(tuple(u))}\), \(b = {tex(tuple(v))}\)"
            e_text = f"E = {eps}·abᵀ with a = {uni(tuple(u))}, b = {uni(tuple(v))}"
            wrong_norm = []  # rank one: ‖E‖_F = ‖E‖₂, so that slip is harmless here
            mistakes += [Mistake("largest entry as the norm", sig[-1] - max(abs(x) for x in E),
                                 "‖E‖₂ is not the largest entry: for εabᵀ it is ε‖a‖‖b‖.")]
        else:
            a, b, c, d, l1, l2 = rng.choice(square_pool())
            eps = rng.choice((R(1, 10), R(1, 20), R(1, 5)))
            n = 2
            sig = sorted(rng.sample(range(3, 13), n), reverse=True)
            D = sp.diag(*sig)
            E = eps * sp.Matrix([[a, b], [c, d]])
            enorm = eps * _sq(l1)
            given = {"sigma": sig, "eps": str(eps), "E": [[a, b], [c, d]]}
            G = sp.Matrix([[a, b], [c, d]])
            norm_step = Step("‖E‖₂ = ε·σ_max of the integer matrix: the root of the largest eigenvalue of its Gram matrix.",
                             rf"{tex(G.T * G)}:\ \lambda_{{\max}} = {l1},\quad \lVert E\rVert_2 = {tex(eps)}\sqrt{{{l1}}} = {tex(enorm)}",
                             f"{uni(G.T * G)}: λ_max = {l1}, ‖E‖₂ = {eps}·√{l1} = {uni(enorm)}")
            e_tex = rf"\(E = {tex(eps)}{tex(G)}\)"
            e_text = f"E = {eps}·{uni(G)}"
            wrong_norm = [Mistake("Frobenius norm of E", sig[-1] - eps * sp.sqrt(a * a + b * b + c * c + d * d),
                                  "Weyl's bound uses the spectral norm ‖E‖₂ = σ_max(E), not ‖E‖_F.")]
            if l2 != l1:
                wrong_norm.append(Mistake("σ_min(E) instead of σ_max(E)", sig[-1] - eps * _sq(l2),
                                          "‖E‖₂ is the largest singular value of E."))
        answer = sig[-1] - enorm
        if answer <= 0:
            raise Reject("the bound says nothing (σ_min ≤ ‖E‖₂)")
        steps = (norm_step,
                 Step("Weyl: every singular value moves by at most ‖E‖₂, so σ_min(A + E) ≥ σ_min(A) − ‖E‖₂.",
                      rf"\sigma_{{\min}}(A + E) \ge {sig[-1]} - {tex(enorm)}",
                      f"σ_min(A + E) ≥ {sig[-1]} − {uni(enorm)}"),
                 Step("It is positive, so A + E is still invertible; the bound is attained when E = −‖E‖₂·u_n v_nᵀ "
                      "points against the last singular pair.", "", ""))
        mistakes = wrong_norm + mistakes + [
            Mistake("σ_max − ‖E‖₂", sig[0] - enorm, "The smallest singular value is the one at risk: σ_min(A) − ‖E‖₂."),
            Mistake("added ‖E‖₂", sig[-1] + enorm, "σ_min(A) + ‖E‖₂ is the upper end; the guarantee is the lower end.")]
        dims = "×".join([str(len(sig))] * 2)
        q_tex = (rf"\(A = {tex(D)}\) ({dims}) is perturbed by {e_tex}. By Weyl's inequality "
                 rf"\(|\sigma_i(A + E) - \sigma_i(A)| \le \lVert E\rVert_2\) (spectral norm), what lower bound does it "
                 rf"guarantee for \(\sigma_{{\min}}(A + E)\)?")
        q_text = (f"A = {uni(D)} ({dims}) is perturbed by {e_text}. By Weyl's inequality |σᵢ(A + E) − σᵢ(A)| ≤ ‖E‖₂ "
                  "(spectral norm), what lower bound does it guarantee for σ_min(A + E)?")
        kind = "number"
    say = checking.statement()
    mistakes = [m for m in mistakes if not _same(m.answer, answer)]
    return Problem(prompt_tex=f"{q_tex} {say}", prompt_text=f"{q_text} {say}", answer=answer, kind=kind,
                   solution=tuple(steps), given={**given, "task": task}, checking=checking,
                   mistakes=tuple(mistakes))


def _same(a, b) -> bool:
    if isinstance(a, tuple) or isinstance(b, tuple):
        return isinstance(a, tuple) and isinstance(b, tuple) and len(a) == len(b) and \
            all(_same(x, y) for x, y in zip(a, b))
    return abs(float(a) - float(b)) < 1e-12


def verify(given: dict, answer) -> Evidence:
    task = given["task"]
    if task in ("values", "condition"):
        s = np.linalg.svd(np.array(given["A"], dtype=float), compute_uv=False)
        if task == "values":
            if not isinstance(answer, tuple) or len(answer) != len(s):
                raise VerificationError("wrong number of singular values")
            err = max(numeric.require_close(float(a), float(e), "σ", rel=1e-9) for a, e in zip(answer, s))
            return Evidence("numpy.linalg.svd", f"σ = {', '.join(f'{v:.6g}' for v in s)}", err)
        expected = s[0] / s[-1] * (float(sp.Rational(given["rho"])) if "rho" in given else 1.0)
        return Evidence("numpy.linalg.svd", f"σ_max/σ_min = {s[0] / s[-1]:.6g}",
                        numeric.require_close(float(answer), expected, "κ", rel=1e-9))
    if task == "lowrank":
        sig = np.sort(np.array(given["sigma"], dtype=float))[::-1]
        # a matrix with these singular values (random orthogonal factors), truncated by numpy's own SVD
        rng = np.random.default_rng(len(sig))
        U, _ = np.linalg.qr(rng.normal(size=(len(sig), len(sig))))
        V, _ = np.linalg.qr(rng.normal(size=(len(sig), len(sig))))
        A = U @ np.diag(sig) @ V.T
        u, s, vt = np.linalg.svd(A)

        def err(k: int, ord_) -> float:
            Ak = (u[:, :k] * s[:k]) @ vt[:k]
            return float(np.linalg.norm(A - Ak, ord_))
        if "tau" in given:
            tau = float(sp.Rational(given["tau"]))
            fro = np.linalg.norm(A, "fro")
            k = next(k for k in range(len(sig) + 1) if err(k, "fro") / fro <= tau + 1e-12)
            if int(answer) != k:
                raise VerificationError(f"truncated SVD reaches τ at k = {k}, the family says {answer}")
            return Evidence("numpy.linalg.svd", f"relative Frobenius error of truncations: first ≤ τ at k = {k}")
        expected = err(given["k"], 2 if given["norm"] == "2" else "fro")
        return Evidence("numpy.linalg.svd", f"‖A − A_k‖ of a random matrix with these σ = {expected:.6g}",
                        numeric.require_close(float(answer), expected, "‖A − A_k‖", rel=1e-8))
    sig = np.array(given["sigma"], dtype=float)
    eps = float(sp.Rational(given["eps"]))
    E = eps * (np.array(given["E"], float) if "E" in given else np.outer(given["a"], given["b"]))
    enorm = float(np.linalg.norm(E, 2))
    expected = sig.min() - enorm
    A = np.diag(sig)
    actual = np.linalg.svd(A + E, compute_uv=False).min()
    if actual < expected - 1e-9:
        raise VerificationError("Weyl's bound fails?!")
    return Evidence("numpy.linalg.norm(E, 2)", f"σ_min − ‖E‖₂ = {expected:.6g}; actual σ_min(A + E) = {actual:.6g}",
                    numeric.require_close(float(answer), expected, "bound", rel=1e-9))


FAMILY = Family(
    name="svd", version=1, title="Singular values and the SVD",
    summary="Singular values of small matrices, Eckart–Young truncation error, condition numbers, Weyl's bound.",
    params={
        "level": Param(1, (1, 2), "1: 2×2 / error of a given truncation / κ / rank-one E; "
                                  "2: 3×2 / smallest k for a tolerance / error bound / full E"),
        "task": Param("values", ("values", "lowrank", "condition", "weyl"),
                      "values: σ₁, σ₂; lowrank: Eckart–Young; condition: κ₂; weyl: perturbation bound"),
    },
    levels={1: "2×2 singular values; the error of a given rank-k truncation; κ₂ of 2×2; Weyl with a rank-one E",
            2: "3×2 singular values; the smallest k meeting a tolerance; κ₂ in the perturbation bound of Ax = b; "
               "Weyl with a full E whose spectral norm must be computed"},
    generate=generate, verify=verify,
)
