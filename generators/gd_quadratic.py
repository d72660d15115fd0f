"""Gradient descent on a quadratic f(x) = ½ xᵀHx − bᵀx with a constant Hessian H.

The error obeys e_{k+1} = (I − ηH) e_k, so GD is stable iff |1 − ηλ| < 1 for
every eigenvalue λ of H, i.e. 0 < η < 2/λ_max. Asks: the maximal stable
learning rate, the iterate after k steps, or whether a given η converges.
Level 1 uses a diagonal H, level 2 a full symmetric one (integer eigenvalues, mostly with
different diagonal entries: [[a, b], [b, a]] is a special case, not the rule). Iterate runs
whose η reaches 2/λ_max are kept on purpose and the solution says they diverge.
Verified with numpy: eigvalsh, a float iteration, the spectral radius of I − ηH.
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

CHOICES = ("converges", "diverges")


@lru_cache(maxsize=None)
def spd_matrices(diagonal: bool) -> tuple:
    """Symmetric positive-definite 2×2 integer matrices with distinct integer eigenvalues ≤ 16."""
    out = []
    for a in range(1, 15):
        for c in range(1, 15):
            for b in ((0,) if diagonal else (-6, -5, -4, -3, -2, -1, 1, 2, 3, 4, 5, 6)):
                disc = (a - c) ** 2 + 4 * b * b
                s = int(round(disc ** 0.5))
                if s * s != disc or s == 0 or (a + c + s) % 2:
                    continue
                lo, hi = (a + c - s) // 2, (a + c + s) // 2
                if lo > 0 and hi <= 16:
                    out.append((a, b, c, lo, hi))
    return tuple(out)


def generate(rng: random.Random, params: dict) -> Problem:
    ask, level = params["ask"], params["level"]
    a, bb, c, lmin, lmax = rng.choice(spd_matrices(level == 1))
    if bb and a == c and rng.random() < 0.8:
        raise Reject("[[a, b], [b, a]] always has integer eigenvalues a ± b: keep it a special case")
    H = sp.Matrix([[a, bb], [bb, c]])
    b = sp.Matrix([rng.randint(-3, 3), rng.randint(-3, 3)])
    lam = sp.Symbol("lambda")
    fx = (sp.Rational(1, 2) * sp.Matrix(sp.symbols("x y")).T * H * sp.Matrix(sp.symbols("x y")))[0]
    x_, y_ = sp.symbols("x y")
    f = sp.expand(fx - b[0] * x_ - b[1] * y_)
    base_given = {"H": [[a, bb], [bb, c]], "b": [int(v) for v in b]}
    intro_tex = rf"\[f(x,y) = {tex(f)}\] (Hessian \(H = {tex(H)}\), constant)"
    intro_text = f"f(x,y) = {uni(f)} (Hessian H = {uni(H)}, constant)"
    eig_step = Step(
        "Eigenvalues of H from its characteristic polynomial.",
        rf"\det(H - \lambda I) = {tex(sp.expand((H - lam * sp.eye(2)).det()))} = 0"
        rf"\;\Rightarrow\; \lambda \in \{{{lmin}, {lmax}\}}",
        f"det(H − λI) = {uni(sp.expand((H - lam * sp.eye(2)).det()))} = 0 ⇒ λ ∈ {{{lmin}, {lmax}}}")
    contraction = Step(
        "GD on a quadratic: the error e = x − x* obeys e_{k+1} = (I − ηH)e_k; along each eigenvector it "
        "is multiplied by 1 − ηλ, so it shrinks iff |1 − ηλ| < 1 for every λ.",
        r"|1 - \eta\lambda| < 1 \iff 0 < \eta < \frac{2}{\lambda}",
        "|1 − ηλ| < 1 ⇔ 0 < η < 2/λ")
    mistakes = []
    if ask == "eta_max":
        answer = sp.Rational(2, lmax)
        steps = (eig_step, contraction,
                 Step("The largest eigenvalue binds.", rf"\eta_{{\max}} = \frac{{2}}{{\lambda_{{\max}}}} = {tex(answer)}",
                      f"η_max = 2/λ_max = {answer}"))
        mistakes = [
            Mistake("1/λ_max", sp.Rational(1, lmax),
                    "1/λ_max is the step that zeroes the stiffest direction in one step; "
                    "GD stays stable up to 2/λ_max."),
            Mistake("2/λ_min", sp.Rational(2, lmin),
                    "Every eigen-direction must be stable, so the largest eigenvalue sets the limit."),
            Mistake("2/max diagonal", sp.Rational(2, max(a, c)),
                    "The diagonal entries are not the eigenvalues when H has off-diagonal terms."),
        ]
        prompt_tex = (rf"Gradient descent \(x_{{k+1}} = x_k - \eta\nabla f(x_k)\) runs on {intro_tex}. "
                      r"What is the largest learning rate \(\eta_{\max}\) below which it converges from every start?")
        prompt_text = (f"GD x_(k+1) = x_k − η∇f(x_k) on {intro_text}. "
                       "Largest η_max below which it converges from every start?")
        kind, checking, given = "number", Checking(), {**base_given, "ask": ask}
    elif ask == "iterate":
        eta = rng.choice((sp.Rational(1, 10), sp.Rational(1, 5), sp.Rational(1, 4), sp.Rational(1, 2),
                          sp.Rational(1, 3), sp.Rational(1, 8)))
        k = rng.choice((1, 2)) if level == 2 else rng.choice((1, 2, 3))
        x0 = sp.Matrix([rng.randint(-3, 3), rng.randint(-3, 3)])
        xs, wrong_sign, no_b = [x0], [x0], [x0]
        for _ in range(k):
            xs.append(xs[-1] - eta * (H * xs[-1] - b))
            wrong_sign.append(wrong_sign[-1] + eta * (H * wrong_sign[-1] - b))
            no_b.append(no_b[-1] - eta * (H * no_b[-1]))
        answer = tuple(xs[-1])
        if xs[1] == x0 or any(v.q > 200 or abs(v) > 50 for v in answer):
            raise Reject("start at the minimum, or ugly numbers")
        bound = sp.Rational(2, lmax)
        verdict = ("converges: η < 2/λ_max, so every eigen-direction contracts (|1 − ηλ| < 1)" if eta < bound
                   else "never converges: η = 2/λ_max, so the stiff direction flips sign without shrinking"
                   if eta == bound else
                   "diverges: η > 2/λ_max, so |1 − ηλ_max| > 1 and the error grows along the stiff eigenvector")
        steps = [Step("Gradient of the quadratic.", rf"\nabla f(x) = Hx - b,\quad b = {tex(tuple(b))}",
                      f"∇f(x) = Hx − b, b = {uni(tuple(b))}")]
        for i in range(k):
            g = H * xs[i] - b
            steps.append(Step(f"Step {i + 1}.",
                              rf"x_{i + 1} = x_{i} - \eta\,\nabla f(x_{i}) = {tex(tuple(xs[i]))} - {tex(eta)}\,{tex(tuple(g))} "
                              rf"= {tex(tuple(xs[i + 1]))}",
                              f"x{i + 1} = {uni(tuple(xs[i]))} − {eta}·{uni(tuple(g))} = {uni(tuple(xs[i + 1]))}"))
        mistakes = [
            Mistake("sign slip", tuple(wrong_sign[-1]), "Descent moves against the gradient: x − η∇f."),
            Mistake("linear term dropped", tuple(no_b[-1]), "∇f = Hx − b: the linear term −bᵀx contributes −b."),
        ]
        if k > 1:
            mistakes.append(Mistake("one step short", tuple(xs[-2]), f"Count the steps: x_{k} needs {k} updates."))
        prompt_tex = (rf"Gradient descent with \(\eta = {tex(eta)}\) starts at \(x_0 = {tex(tuple(x0))}\) on {intro_tex}. "
                      rf"Give \(x_{k}\).")
        prompt_text = f"GD with η = {eta} from x₀ = {uni(tuple(x0))} on {intro_text}. Give x_{k}."
        steps.append(Step(f"Where this run goes: λ(H) = {lmin}, {lmax} and 2/λ_max = {bound}; this run {verdict}.",
                          rf"\eta = {tex(eta)},\quad \frac{{2}}{{\lambda_{{\max}}}} = {tex(bound)}",
                          f"η = {eta}, 2/λ_max = {bound}"))
        kind, checking = "tuple", Checking()
        given = {**base_given, "ask": ask, "eta": str(eta), "x0": [int(v) for v in x0], "k": k}
        steps = tuple(steps)
    else:
        ratio = rng.choice((sp.Rational(1, 2), sp.Rational(3, 4), sp.Rational(5, 4), sp.Rational(3, 2),
                            sp.Rational(2, 3), sp.Rational(4, 3), sp.Rational(9, 10), sp.Rational(11, 10)))
        eta = ratio * sp.Rational(2, lmax)
        answer = "converges" if eta < sp.Rational(2, lmax) else "diverges"
        factors = [1 - eta * lmin, 1 - eta * lmax]
        steps = (eig_step, contraction,
                 Step("Contraction factors along the eigenvectors.",
                      rf"1 - \eta\lambda \in \{{{tex(factors[0])}, {tex(factors[1])}\}},\quad "
                      rf"\eta_{{\max}} = \frac{{2}}{{{lmax}}} = {tex(sp.Rational(2, lmax))}",
                      f"1 − ηλ ∈ {{{factors[0]}, {factors[1]}}}, η_max = 2/{lmax}"),
                 Step(f"η {'<' if answer == 'converges' else '>'} 2/λ_max, so GD {answer}.", "", ""))
        if answer == "converges" and eta > sp.Rational(1, lmax):
            mistakes.append(Mistake("η > 1/λ_max is not divergence", "diverges",
                                    "Past 1/λ_max the iterates oscillate along the stiff direction but still shrink "
                                    "while |1 − ηλ| < 1, i.e. up to 2/λ_max."))
        if answer == "diverges" and eta < sp.Rational(2, lmin):
            mistakes.append(Mistake("checked λ_min only", "converges",
                                    "Every eigen-direction must contract: the largest eigenvalue sets η < 2/λ_max."))
        prompt_tex = (rf"Gradient descent with \(\eta = {tex(eta)}\) runs on {intro_tex}. "
                      r"Does it converge from every start, or diverge from almost every start?")
        prompt_text = (f"Gradient descent x_(k+1) = x_k − η∇f(x_k) with η = {eta} runs on {intro_text}. "
                       "Does it converge from every start, or diverge from almost every start?")
        kind, checking = "choice", Checking(choices=CHOICES)
        given = {**base_given, "ask": ask, "eta": str(eta)}
    mistakes = tuple(m for m in mistakes if m.answer != answer)
    prompt_tex, prompt_text = f"{prompt_tex} {checking.statement()}", f"{prompt_text} {checking.statement()}"
    return Problem(prompt_tex=prompt_tex, prompt_text=prompt_text, answer=answer, kind=kind,
                   solution=steps, given=given, checking=checking, mistakes=mistakes)


def verify(given: dict, answer) -> Evidence:
    H = np.array(given["H"], dtype=float)
    b = np.array(given["b"], dtype=float)
    lams = np.linalg.eigvalsh(H)
    if given["ask"] == "eta_max":
        err = numeric.require_close(float(answer), 2 / lams[-1], "eta_max", rel=1e-9)
        return Evidence("numpy", "numpy.linalg.eigvalsh, 2/λ_max", err)
    eta = float(sp.Rational(given["eta"]))
    if given["ask"] == "iterate":
        x = np.array(given["x0"], dtype=float)
        for _ in range(given["k"]):
            x = x - eta * (H @ x - b)
        worst = 0.0
        for i, v in enumerate(answer):
            worst = max(worst, numeric.require_close(float(v), float(x[i]), f"x_k[{i}]", rel=1e-9, floor=1e-12))
        return Evidence("numpy", f"{given['k']} gradient step{'s' if given['k'] != 1 else ''} in floating point with numpy", worst)
    radius = float(np.max(np.abs(np.linalg.eigvals(np.eye(2) - eta * H))))
    x = np.array([1.0, -0.7])
    for _ in range(400):
        x = x - eta * (H @ x)
    simulated = "converges" if np.linalg.norm(x) < 1e-6 else "diverges"
    expected = "converges" if radius < 1 else "diverges"
    if not (answer == expected == simulated):
        raise VerificationError(f"spectral radius {radius:.4f} / simulation say {expected}/{simulated}, answer {answer}")
    return Evidence("numpy", f"spectral radius of I − ηH = {radius:.4f}; 400 simulated steps agree", 0.0)


def baseline(given: dict):
    """Bare SymPy: eigenvalues or iterates of the given quadratic (benchmarks/generate.py)."""
    H, b = sp.Matrix(given["H"]), sp.Matrix(given["b"])
    if given["ask"] == "eta_max":
        return 2 / max(H.eigenvals())
    eta = sp.Rational(given["eta"])
    if given["ask"] == "iterate":
        x = sp.Matrix(given["x0"])
        for _ in range(given["k"]):
            x = x - eta * (H * x - b)
        return tuple(x)
    return "converges" if eta < 2 / max(H.eigenvals()) else "diverges"


FAMILY = Family(
    name="gd_quadratic", version=2, title="Gradient descent on a quadratic",
    summary="The maximal stable learning rate 2/λ_max, GD iterates, and convergence for a given η on a quadratic.",
    params={
        "ask": Param("eta_max", ("eta_max", "iterate", "stability"),
                     "eta_max: largest stable η; iterate: x_k after k steps; stability: converges or diverges"),
        "level": Param(1, (1, 2), "1: diagonal Hessian, 2: full symmetric Hessian"),
    },
    levels={1: "a diagonal Hessian: the eigenvalues are on the diagonal",
            2: "a full symmetric Hessian: the eigenvalues come from the characteristic polynomial"},
    generate=generate, verify=verify, baseline=baseline,
)
