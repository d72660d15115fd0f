"""Multivariate Gaussians: conditioning (Schur complement), Mahalanobis distance, and the
covariance of an affine map.

Level 1 is bivariate (a scalar condition, a 2-vector, a linear combination); level 2 is
trivariate (conditioning on two coordinates, a 3-vector, a 2×3 map). The answers come from
the covariance blocks with exact rationals: μ₁ + Σ₁₂Σ₂₂⁻¹(a − μ₂) and Σ₁₁ − Σ₁₂Σ₂₂⁻¹Σ₂₁;
(x − μ)ᵀΣ⁻¹(x − μ); AΣAᵀ. Verification takes other routes in floating point: conditionals
from the precision matrix Λ = Σ⁻¹ (Var = 1/Λ₁₁, mean = μ₁ − Λ₁₂(a − μ₂)/Λ₁₁), the Mahalanobis
distance through a Cholesky factor (‖L⁻¹(x − μ)‖²), and AΣAᵀ entry by entry as the double
sums Σₖₗ Aᵢₖ Σₖₗ Aⱼₗ.
"""

from __future__ import annotations

import numpy as np
import sympy as sp

from osmose import numeric
from osmose.family import Checking, Evidence, Family, Mistake, Param, Problem, Reject, Step, \
    VerificationError
from osmose.mathtext import given_str, tex, uni

CHECKING = Checking()
SAY = CHECKING.statement()
LEVELS = {1: "bivariate: condition on one coordinate, a 2-vector, a linear combination",
          2: "trivariate: condition on two coordinates, a 3-vector, a 2×3 linear map"}


def _covariance(rng, n):
    """A positive-definite covariance with small integer entries (Σ = BBᵀ + D)."""
    for _ in range(50):
        b = sp.Matrix(n, n, lambda i, j: rng.randint(-2, 2))
        cov = b * b.T + sp.diag(*[rng.randint(1, 3) for _ in range(n)])
        if max(abs(v) for v in cov) <= 12 and any(cov[i, j] for i in range(n) for j in range(n) if i != j):
            return cov
    raise Reject("no small covariance")


def _vec_tex(v):
    return tex(sp.Matrix(v))


def _intro(mu, cov):
    n = len(mu)
    names = ", ".join(f"X_{i + 1}" for i in range(n))
    t = (rf"Let \(X = ({names})^\top \sim \mathcal{{N}}(\mu, \Sigma)\) with "
         rf"\[\mu = {_vec_tex(mu)},\qquad \Sigma = {tex(cov)}\] (\(\Sigma\) is the covariance matrix).")
    u = f"Let X = ({', '.join(f'X{i + 1}' for i in range(n))}) ~ N(μ, Σ) with μ = {uni(tuple(mu))} " \
        f"and covariance matrix Σ = {uni(cov)}."
    return t, u


def _condition(rng, level):
    n = level + 1
    cov = _covariance(rng, n)
    mu = [rng.randint(-4, 4) for _ in range(n)]
    a = [mu[i] + rng.choice([v for v in range(-4, 5) if v]) for i in range(1, n)]
    s12 = cov[0, 1:]
    s22 = cov[1:, 1:]
    gain = s12 * s22.inv()
    if all(g == 0 for g in gain):
        raise Reject("X1 independent of the rest")
    mean = mu[0] + (gain * (sp.Matrix(a) - sp.Matrix(mu[1:])))[0]
    var = cov[0, 0] - (gain * s12.T)[0]
    answer = (sp.nsimplify(mean), sp.nsimplify(var))
    t, u = _intro(mu, cov)
    if n == 2:
        cond_tex, cond_text = rf"X_2 = {a[0]}", f"X2 = {a[0]}"
    else:
        cond_tex, cond_text = rf"X_2 = {a[0]},\ X_3 = {a[1]}", f"X2 = {a[0]}, X3 = {a[1]}"
    prompt_tex = (t + rf" Find the conditional mean and variance of \(X_1\) given \({cond_tex}\), "
                  rf"as the pair \((\mathbb{{E}}[X_1 \mid {cond_tex}],\ \operatorname{{Var}}(X_1 \mid {cond_tex}))\). {SAY}")
    prompt_text = (u + f" Find the conditional mean and variance of X1 given {cond_text}, as the pair "
                   f"(E[X1 | {cond_text}], Var(X1 | {cond_text})). {SAY}")
    steps = [Step("Partition Σ: Σ₁₁ is X₁'s variance, Σ₁₂ its covariances with the conditioning block, "
                  "Σ₂₂ that block's covariance.",
                  rf"\Sigma_{{12}} = {tex(s12)},\quad \Sigma_{{22}} = {tex(s22)}",
                  f"Σ₁₂ = {uni(s12)}, Σ₂₂ = {uni(s22)}"),
             Step("Regression coefficients of X₁ on the conditioning block.",
                  rf"\Sigma_{{12}}\Sigma_{{22}}^{{-1}} = {tex(gain)}", f"Σ₁₂Σ₂₂⁻¹ = {uni(gain)}"),
             Step("Conditional mean: shift μ₁ by the coefficients times the surprise a − μ₂.",
                  rf"\mathbb{{E}}[X_1 \mid \cdot] = {mu[0]} + \Sigma_{{12}}\Sigma_{{22}}^{{-1}}(a - \mu_2) = {tex(answer[0])}",
                  f"E[X₁ | ·] = {mu[0]} + Σ₁₂Σ₂₂⁻¹(a − μ₂) = {uni(answer[0])}"),
             Step("Conditional variance: the Schur complement (it does not depend on a).",
                  rf"\operatorname{{Var}}(X_1 \mid \cdot) = \Sigma_{{11}} - \Sigma_{{12}}\Sigma_{{22}}^{{-1}}\Sigma_{{21}} = {tex(answer[1])}",
                  f"Var(X₁ | ·) = Σ₁₁ − Σ₁₂Σ₂₂⁻¹Σ₂₁ = {uni(answer[1])}")]
    cands = [("marginal, not conditional", (sp.Integer(mu[0]), cov[0, 0]),
              "That is X₁'s marginal: conditioning shifts the mean and shrinks the variance by the Schur complement."),
             ("variance not reduced", (answer[0], cov[0, 0]),
              "The mean is right, but conditioning also reduces the variance: Σ₁₁ − Σ₁₂Σ₂₂⁻¹Σ₂₁.")]
    if n == 2:
        naive = mu[0] + s12[0] * (a[0] - mu[1])
        cands.append(("forgot to divide by Var(X2)", (sp.Integer(naive), answer[1]),
                      f"The coefficient is Cov(X₁, X₂)/Var(X₂) = {s12[0]}/{s22[0, 0]}, not the covariance itself."))
    given = {"task": "condition", "mu": mu, "cov": given_str(cov), "condition_on": a}
    return prompt_tex, prompt_text, answer, "tuple", steps, cands, given


def _mahalanobis(rng, level):
    n = level + 1
    cov = _covariance(rng, n)
    mu = [rng.randint(-3, 3) for _ in range(n)]
    x = [m + rng.randint(-3, 3) for m in mu]
    d = sp.Matrix(x) - sp.Matrix(mu)
    if d.norm() == 0:
        raise Reject("x = μ")
    answer = (d.T * cov.inv() * d)[0]
    t, u = _intro(mu, cov)
    prompt_tex = t + rf" Find the squared Mahalanobis distance \((x - \mu)^\top \Sigma^{{-1}} (x - \mu)\) of \(x = {_vec_tex(x)}\). {SAY}"
    prompt_text = u + f" Find the squared Mahalanobis distance (x − μ)ᵀ Σ⁻¹ (x − μ) of x = {uni(tuple(x))}. {SAY}"
    inv = cov.inv()
    steps = [Step("The deviation from the mean.", rf"x - \mu = {tex(d)}", f"x − μ = {uni(tuple(d))}"),
             Step("Invert Σ (the precision matrix).", rf"\Sigma^{{-1}} = {tex(inv)}", f"Σ⁻¹ = {uni(inv)}"),
             Step("The quadratic form.", rf"(x - \mu)^\top \Sigma^{{-1}} (x - \mu) = {tex(answer)}",
                  f"(x − μ)ᵀΣ⁻¹(x − μ) = {uni(answer)}")]
    cands = [("Euclidean", d.dot(d), "‖x − μ‖² ignores the covariance: the Mahalanobis distance measures "
              "the deviation in units of the spread, through Σ⁻¹."),
             ("Σ instead of Σ⁻¹", (d.T * cov * d)[0], "Use the inverse covariance Σ⁻¹: directions of large "
              "variance should count less, not more."),
             ("diagonal only", sum(d[i] ** 2 / cov[i, i] for i in range(n)),
              "Dividing each coordinate by its variance ignores the correlations: invert the whole Σ.")]
    given = {"task": "mahalanobis", "mu": mu, "cov": given_str(cov), "x": x}
    return prompt_tex, prompt_text, answer, "number", steps, cands, given


def _affine(rng, level):
    n = level + 1
    cov = _covariance(rng, n)
    mu = [rng.randint(-3, 3) for _ in range(n)]
    rows = 1 if level == 1 else 2
    a = sp.Matrix(rows, n, lambda i, j: rng.randint(-2, 3))
    if any(all(v == 0 for v in a.row(i)) for i in range(rows)) or (rows == 2 and a.rank() < 2):
        raise Reject("degenerate map")
    b = [rng.randint(-5, 5) for _ in range(rows)]
    out = a * cov * a.T
    t, u = _intro(mu, cov)
    if rows == 1:
        xs = sp.symbols(f"X_1:{n + 1}")
        combo = sum((c * x for c, x in zip(a.row(0), xs)), sp.S.Zero)
        combo_tex, combo_text = tex(combo), uni(combo).replace("_", "")
        sign = "+" if b[0] >= 0 else "-"
        answer, kind = out[0], "number"
        prompt_tex = t + rf" Find \(\operatorname{{Var}}(Y)\) for \(Y = {combo_tex} {sign} {abs(b[0])}\). {SAY}"
        prompt_text = u + f" Find Var(Y) for Y = {combo_text} {'+' if b[0] >= 0 else '−'} {abs(b[0])}. {SAY}"
        naive = sum(a[0, i] ** 2 * cov[i, i] for i in range(n))
        cands = [("covariances dropped", naive, "Var(Σ aᵢXᵢ) also has the cross terms 2aᵢaⱼCov(Xᵢ, Xⱼ): "
                  "it is aᵀΣa."),
                 ("coefficients not squared", sum(a[0, i] * cov[i, i] for i in range(n)),
                  "Scaling X by a scales its variance by a², and the covariances enter too: aᵀΣa.")]
    else:
        answer, kind = out, "matrix"
        prompt_tex = t + (rf" Find the covariance matrix of \(Y = AX + b\) with \[A = {tex(a)},\qquad "
                          rf"b = {_vec_tex(b)}.\] {SAY}")
        prompt_text = u + f" Find the covariance matrix of Y = AX + b with A = {uni(a)}, b = {uni(tuple(b))}. {SAY}"
        bv = sp.Matrix(b)
        cands = [("diagonal of Σ only", a * sp.diag(*[cov[i, i] for i in range(n)]) * a.T,
                  "Keep the off-diagonal covariances of X: Cov(AX) = AΣAᵀ with the whole Σ."),
                 ("shift counted", out + bv * bv.T, "Adding the constant b moves the mean only; "
                  "it leaves the covariance unchanged.")]
    steps = [Step("A shift b moves the mean but not the spread; a linear map A transforms the covariance as AΣAᵀ.",
                  r"\operatorname{Cov}(AX + b) = A\Sigma A^\top", "Cov(AX + b) = AΣAᵀ"),
             Step("Multiply out.", rf"A\Sigma A^\top = {tex(out)}", f"AΣAᵀ = {uni(out)}")]
    given = {"task": "affine", "mu": mu, "cov": given_str(cov), "A": given_str(a), "b": b}
    return prompt_tex, prompt_text, answer, kind, steps, cands, given


TASKS = {"condition": _condition, "mahalanobis": _mahalanobis, "affine": _affine}


def generate(rng, params) -> Problem:
    prompt_tex, prompt_text, answer, kind, steps, cands, given = TASKS[params["task"]](rng, params["level"])
    mistakes = tuple(Mistake(*c) for c in cands)
    return Problem(prompt_tex, prompt_text, answer, kind, tuple(steps), given, CHECKING, mistakes)


def _floats(m):
    return np.array([[float(sp.Rational(v)) for v in row] for row in m])


def verify(given, answer) -> Evidence:
    cov = _floats(given["cov"])
    mu = np.array(given["mu"], dtype=float)
    task = given["task"]
    if task == "condition":
        lam = np.linalg.inv(cov)                       # precision route, not the Schur formula
        a = np.array(given["condition_on"], dtype=float)
        var = 1 / lam[0, 0]
        mean = mu[0] - (lam[0, 1:] @ (a - mu[1:])) / lam[0, 0]
        got = [float(v) for v in answer]
        if len(got) != 2:
            raise VerificationError("expected (mean, variance)")
        err = max(numeric.require_close(mean, got[0], "conditional mean (precision matrix)"),
                  numeric.require_close(var, got[1], "conditional variance 1/Λ₁₁"))
        return Evidence("numpy precision matrix", "Var = 1/Λ₁₁ and mean = μ₁ − Λ₁₂(a − μ₂)/Λ₁₁ with Λ = Σ⁻¹", err)
    if task == "mahalanobis":
        d = np.array(given["x"], dtype=float) - mu
        z = np.linalg.solve(np.linalg.cholesky(cov), d)
        err = numeric.require_close(float(z @ z), float(answer), "‖L⁻¹(x − μ)‖²")
        return Evidence("numpy Cholesky", "‖L⁻¹(x − μ)‖² with Σ = LLᵀ", err)
    a = _floats(given["A"])
    expected = np.array([[sum(a[i, k] * cov[k, l] * a[j, l] for k in range(len(mu)) for l in range(len(mu)))
                          for j in range(a.shape[0])] for i in range(a.shape[0])])
    got = np.array(sp.Matrix([answer]) if not isinstance(answer, sp.MatrixBase) else answer, dtype=float)
    if got.shape != expected.shape:
        raise VerificationError(f"shape {got.shape}, expected {expected.shape}")
    err = max(numeric.require_close(e, g, "Σₖₗ AᵢₖΣₖₗAⱼₗ") for e, g in zip(expected.ravel(), got.ravel()))
    return Evidence("explicit double sums", "each entry Σₖₗ AᵢₖΣₖₗAⱼₗ summed in floating point", err)


FAMILY = Family(
    name="gaussian_conditioning", version=1, title="Multivariate Gaussians: conditioning, Mahalanobis, affine maps",
    summary="Conditional mean and variance by the Schur complement, squared Mahalanobis distance, "
            "and the covariance AΣAᵀ of an affine map.",
    params={"task": Param("condition", tuple(TASKS), "condition: E and Var of X₁ given the rest; "
                          "mahalanobis: (x − μ)ᵀΣ⁻¹(x − μ); affine: Cov(AX + b)"),
            "level": Param(1, (1, 2), "1: bivariate; 2: trivariate")},
    levels=LEVELS, generate=generate, verify=verify,
)
