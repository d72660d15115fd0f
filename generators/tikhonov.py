"""Ill-posed linear inversion and Tikhonov regularisation: filter factors and regularised solutions.

Inverting y = Ax divides each data component by a singular value σᵢ, so noise in the directions
of small σᵢ is amplified by 1/σᵢ. Tikhonov regularisation, min ‖Ax − y‖² + λ‖x‖², damps them by
the filter factors φᵢ = σᵢ²/(σᵢ² + λ). Level 1: the filter factors for given σᵢ and λ. Level 2:
the regularised solution of a diagonal (deconvolution-like) system, xᵢ = σᵢyᵢ/(σᵢ² + λ).
Level 3: the regularised solution of a 2×2 system, (AᵀA + λI)⁻¹Aᵀy. Answers use the normal
equations with exact rationals; verification minimises the penalised objective through numpy's
SVD (filter factors applied to the naive solution's components), a different route.
"""

from __future__ import annotations

import numpy as np
import sympy as sp

from osmose import numeric
from osmose.family import Checking, Evidence, Family, Mistake, Param, Problem, Reject, Step, \
    VerificationError
from osmose.mathtext import given_str, tex, uni

R = sp.Rational
CHECKING = Checking()
SAY = CHECKING.statement()
LEVELS = {1: "the filter factors σᵢ²/(σᵢ² + λ)", 2: "the regularised solution of a diagonal system",
          3: "the regularised solution (AᵀA + λI)⁻¹Aᵀy of a 2×2 system"}
SIGMAS = (R(1, 10), R(1, 5), R(1, 4), R(1, 2), sp.Integer(1), sp.Integer(2), sp.Integer(3), sp.Integer(5))
LAMBDAS = (R(1, 100), R(1, 25), R(1, 10), R(1, 4), R(1, 2), sp.Integer(1))


def _vec(v, f):
    return "(" + ", ".join(f(x) for x in v) + ")"


def generate(rng, params) -> Problem:
    level = params["level"]
    lam = rng.choice(LAMBDAS)
    intro_tex = (rf"Tikhonov regularisation solves \(\min_x \lVert Ax - y\rVert^2 + \lambda \lVert x\rVert^2\) "
                 rf"with \(\lambda = {tex(lam)}\).")
    intro_text = f"Tikhonov regularisation solves min_x ‖Ax − y‖² + λ‖x‖² with λ = {uni(lam)}."
    if level in (1, 2):
        k = rng.randint(2, 4)
        sigmas = sorted(rng.sample(SIGMAS, k), reverse=True)
        phis = tuple(s ** 2 / (s ** 2 + lam) for s in sigmas)
        if level == 1:
            answer = phis
            prompt_tex = intro_tex + (rf" The singular values of \(A\) are \(\sigma = {_vec(sigmas, tex)}\). Find the filter "
                                      rf"factors \(\varphi_i = \sigma_i^2/(\sigma_i^2 + \lambda)\) by which the regularised "
                                      rf"solution damps each component of the naive inverse, as a tuple in the same order. {SAY}")
            prompt_text = intro_text + (f" The singular values of A are σ = {_vec(sigmas, uni)}. Find the filter factors "
                                        f"φᵢ = σᵢ²/(σᵢ² + λ) by which the regularised solution damps each component of the "
                                        f"naive inverse, as a tuple in the same order. {SAY}")
            steps = [Step("Each factor compares σᵢ² with λ: near 1 where σᵢ² ≫ λ (kept), near 0 where σᵢ² ≪ λ (damped).",
                          r"\varphi = " + _vec(phis, tex), "φ = " + _vec(phis, uni))]
            cands = [("σ, not σ²", tuple(s / (s + lam) for s in sigmas), "The factor is σᵢ²/(σᵢ² + λ): it comes from "
                      "(σᵢ² + λ)xᵢ = σᵢyᵢ in the normal equations."),
                     ("inverted", tuple(lam / (s ** 2 + lam) for s in sigmas), "λ/(σᵢ² + λ) is what is removed; the "
                      "filter factor σᵢ²/(σᵢ² + λ) is what is kept.")]
            given = {"level": 1, "sigma": [str(s) for s in sigmas], "lambda": str(lam)}
        else:
            ys = [R(rng.randint(-20, 20), 10) for _ in sigmas]
            if any(y == 0 for y in ys):
                raise Reject("zero datum")
            answer = tuple(s * y / (s ** 2 + lam) for s, y in zip(sigmas, ys))
            prompt_tex = intro_tex + (rf" Here \(A = \operatorname{{diag}}{_vec(sigmas, tex)}\) (a deconvolution in the "
                                      rf"Fourier basis) and \(y = {_vec(ys, tex)}\). Find the regularised solution \(x_\lambda\). {SAY}")
            prompt_text = intro_text + (f" Here A = diag{_vec(sigmas, uni)} (a deconvolution in the Fourier basis) and "
                                        f"y = {_vec(ys, uni)}. Find the regularised solution x_λ. {SAY}")
            naive = tuple(y / s for s, y in zip(sigmas, ys))
            steps = [Step("For a diagonal A the normal equations decouple: (σᵢ² + λ)xᵢ = σᵢyᵢ.",
                          r"x_i = \frac{\sigma_i y_i}{\sigma_i^2 + \lambda}", "xᵢ = σᵢyᵢ/(σᵢ² + λ)"),
                     Step("Equivalently the naive inverse yᵢ/σᵢ times the filter factor.",
                          r"x_\lambda = " + _vec(answer, tex), "x_λ = " + _vec(answer, uni))]
            cands = [("unregularised", naive, "yᵢ/σᵢ is the naive inverse: it amplifies noise in components with small "
                      "σᵢ. Multiply by the filter factors σᵢ²/(σᵢ² + λ)."),
                     ("λ added to σ", tuple(y / (s + lam) for s, y in zip(sigmas, ys)), "λ adds to σᵢ², not σᵢ: "
                      "xᵢ = σᵢyᵢ/(σᵢ² + λ).")]
            given = {"level": 2, "sigma": [str(s) for s in sigmas], "y": [str(y) for y in ys], "lambda": str(lam)}
    else:
        a = sp.Matrix(2, 2, lambda i, j: rng.randint(-3, 3))
        if a.det() == 0:
            raise Reject("singular")
        y = sp.Matrix([rng.randint(-5, 5) for _ in range(2)])
        if y.norm() == 0:
            raise Reject("zero data")
        normal = a.T * a + lam * sp.eye(2)
        answer = tuple(normal.inv() * a.T * y)
        prompt_tex = intro_tex + rf" Here \(A = {tex(a)}\) and \(y = {tex(y)}\). Find \(x_\lambda\). {SAY}"
        prompt_text = intro_text + f" Here A = {uni(a)} and y = {uni(tuple(y))}. Find x_λ. {SAY}"
        steps = [Step("Set the gradient to zero: the regularised normal equations.",
                      rf"(A^\top A + \lambda I)\,x = A^\top y,\quad A^\top A + \lambda I = {tex(normal)},\quad A^\top y = {tex(a.T * y)}",
                      f"(AᵀA + λI)x = Aᵀy, AᵀA + λI = {uni(normal)}, Aᵀy = {uni(tuple(a.T * y))}"),
                 Step("Solve the 2×2 system.", r"x_\lambda = " + tex(answer), "x_λ = " + uni(answer))]
        cands = [("unregularised", tuple(a.inv() * y), "A⁻¹y ignores the penalty: add λI to AᵀA.")]
        shifted = a + lam * sp.eye(2)
        if shifted.det() != 0:
            cands.append(("λ added to A", tuple(shifted.inv() * y), "The penalty enters the normal equations: "
                          "(AᵀA + λI)x = Aᵀy, not (A + λI)x = y."))
        given = {"level": 3, "A": given_str(a), "y": [str(v) for v in y], "lambda": str(lam)}
    return Problem(prompt_tex, prompt_text, tuple(answer), "tuple", tuple(steps), given, CHECKING,
                   tuple(Mistake(*c) for c in cands))


def verify(given, answer) -> Evidence:
    lam = float(sp.Rational(given["lambda"]))
    got = np.array([float(v) for v in answer])
    if given["level"] in (1, 2):
        s = np.array([float(sp.Rational(v)) for v in given["sigma"]])
        a, y = np.diag(s), (np.array([float(sp.Rational(v)) for v in given["y"]]) if "y" in given else np.ones_like(s))
    else:
        a = np.array([[float(sp.Rational(v)) for v in row] for row in given["A"]])
        y = np.array([float(sp.Rational(v)) for v in given["y"]])
    u, s, vt = np.linalg.svd(a)
    phi = s ** 2 / (s ** 2 + lam)
    if given["level"] == 1:
        # the factors, read off as regularised / naive solution in the SVD basis (y = 1 in each component)
        x = vt.T @ (phi * (u.T @ y) / s)
        naive = vt.T @ ((u.T @ y) / s)
        expected = x / naive
    else:
        expected = vt.T @ (phi * (u.T @ y) / s)
    if got.shape != expected.shape:
        raise VerificationError(f"expected {expected.size} values")
    err = max(numeric.require_close(e, g, "SVD filter-factor solution", rel=1e-9, floor=1e-12)
              for e, g in zip(expected, got))
    return Evidence("numpy SVD", "filter factors applied to the naive inverse in the singular basis", err)


FAMILY = Family(
    name="tikhonov", version=1, title="Ill-posed inversion and Tikhonov regularisation",
    summary="Filter factors σ²/(σ² + λ) and regularised solutions of diagonal and 2×2 systems.",
    params={"level": Param(1, (1, 2, 3), "1: filter factors; 2: a diagonal system; 3: a 2×2 system")},
    levels=LEVELS, generate=generate, verify=verify,
)
