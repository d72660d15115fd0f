"""KL divergence between multivariate Gaussians, and the VAE's KL term to N(0, I).

  KL(N(μ₁, Σ₁) ‖ N(μ₂, Σ₂)) = ½[tr(Σ₂⁻¹Σ₁) + (μ₂ − μ₁)ᵀΣ₂⁻¹(μ₂ − μ₁) − k + ln(det Σ₂ / det Σ₁)]
  KL(N(μ, diag σ²) ‖ N(0, I)) = ½ Σⱼ (σⱼ² + μⱼ² − 1 − ln σⱼ²)

Answers are exact (a rational plus rational multiples of logs of primes, or of e
when the encoder outputs log-variances). Verification never uses the closed form:
it integrates E_p[ln p(x) − ln q(x)] by Gauss–Hermite quadrature under p with
numpy log-densities; the integrand is a quadratic in x, so 4 nodes per dimension
make the quadrature exact up to rounding.
"""

from __future__ import annotations

import itertools
import math
from fractions import Fraction

import numpy as np
import sympy as sp

from osmose import numeric
from osmose.family import (Checking, Evidence, Family, Param, Problem, Reject, Step,
                           VerificationError, distinct_mistakes)
from osmose.mathtext import tex, uni

HALF = sp.Rational(1, 2)
VARIANCES = (sp.Rational(1, 4), sp.Rational(1, 2), sp.Integer(1), sp.Integer(2), sp.Integer(4))
STDS = (sp.Rational(1, 2), sp.Integer(1), sp.Integer(2), sp.Integer(3))
#: exact answers (rationals, logs of primes, powers of e), or decimals to 3 significant figures
CHECKING = Checking(precision="exact-or-decimal", sig_figs=3)


def log_rational(r) -> sp.Expr:
    """ln r as a sum of logs of primes (one canonical form for answers)."""
    r = sp.Rational(r)
    terms = [e * sp.log(p) for p, e in sorted(sp.factorint(r.p).items()) if p > 1]
    terms += [-e * sp.log(p) for p, e in sorted(sp.factorint(r.q).items()) if p > 1]
    return sp.Add(*terms)


def kl_gauss(mu1, S1, mu2, S2) -> sp.Expr:
    """Closed form of KL(N(mu1, S1) ‖ N(mu2, S2)) for exact rational data."""
    k = S1.rows
    S2inv = S2.inv()
    d = mu2 - mu1
    quad = (d.T * S2inv * d)[0, 0]
    return sp.expand(HALF * ((S2inv * S1).trace() + quad - k) + HALF * log_rational(S2.det() / S1.det()))


def kl_vae(mu, var, logvar=None) -> sp.Expr:
    """½ Σ (σ² + μ² − 1 − ln σ²); with log-variances ℓ, σ² = e^ℓ."""
    if logvar is not None:
        return sp.expand(HALF * sp.Add(*[sp.exp(l) + m ** 2 - 1 - l for m, l in zip(mu, logvar)]))
    return sp.expand(HALF * sp.Add(*[v + m ** 2 - 1 - log_rational(v) for m, v in zip(mu, var)]))


#: symmetric positive-definite [[a, b], [b, d]] with entries ≤ 4 and det ≤ 8, diagonal or full
SPD = {
    diagonal: [(a, b, d) for a in range(1, 5) for d in range(1, 5)
               for b in ((0,) if diagonal else (-2, -1, 1, 2)) if 0 < a * d - b * b <= 8]
    for diagonal in (True, False)
}


def _spd(rng, diagonal: bool) -> sp.Matrix:
    a, b, d = rng.choice(SPD[diagonal])
    return sp.Matrix([[a, b], [b, d]])


def _vec_tex(v):
    return r"\left(" + ", ".join(tex(x) for x in v) + r"\right)"


def _vec_text(v):
    return "(" + ", ".join(uni(x) for x in v) + ")"


def _vae(rng, level):
    k = 2 if level == 1 else 3
    mu = [sp.Integer(rng.randint(-2, 2)) for _ in range(k)]
    logvar = None
    if level == 1:
        var = [rng.choice(VARIANCES) for _ in range(k)]
        shown_tex, shown_text = rf"\sigma^2 = {_vec_tex(var)}", f"σ² = {_vec_text(var)}"
    elif level == 2:
        std = [rng.choice(STDS) for _ in range(k)]
        var = [s ** 2 for s in std]
        shown_tex, shown_text = rf"\sigma = {_vec_tex(std)}", f"σ = {_vec_text(std)}"
    else:
        logvar = [sp.Integer(rng.randint(-1, 1)) for _ in range(k)]
        var = [sp.exp(l) for l in logvar]
        # the encoder's log-variance is a natural log: σ² = e^ℓ
        shown_tex = rf"\ln\sigma^2 = {_vec_tex(logvar)}\ \text{{(natural log, so }}\sigma^2 = e^{{\ln\sigma^2}}\text{{)}}"
        shown_text = f"ln σ² = {_vec_text(logvar)} (natural log, so σ² = e^(ln σ²))"
    if all(m == 0 for m in mu) and all(v == 1 for v in var):
        raise Reject("KL is zero")
    if sum(1 for m, v in zip(mu, var) if m == 0 and v == 1) > 1:
        raise Reject("too many trivial coordinates")
    answer = kl_vae(mu, var, logvar)
    prompt_tex = (r"A VAE encoder outputs \(q(z\mid x) = \mathcal N\!\left(\mu, \operatorname{diag}\sigma^2\right)\) with "
                  rf"\[\mu = {_vec_tex(mu)},\quad {shown_tex}.\] Compute the KL term "
                  r"\(D_{KL}\!\left(q(z\mid x)\,\|\,\mathcal N(0, I)\right)\) (natural log). " + CHECKING.statement())
    prompt_text = (f"A VAE encoder outputs q(z|x) = N(μ, diag σ²) with μ = {_vec_text(mu)}, {shown_text}. "
                   "Compute KL(q(z|x) ‖ N(0, I)) (natural log). " + CHECKING.statement())
    per_dim = [HALF * (v + m ** 2 - 1 - (l if logvar is not None else log_rational(v)))
               for m, v, l in zip(mu, var, logvar or var)]
    steps = [
        Step("For diagonal Gaussians the KL splits over coordinates.",
             r"D_{KL} = \tfrac12 \sum_j \left(\sigma_j^2 + \mu_j^2 - 1 - \ln\sigma_j^2\right)",
             "KL = ½ Σⱼ (σⱼ² + μⱼ² − 1 − ln σⱼ²)"),
        Step("Per coordinate, ½(σⱼ² + μⱼ² − 1 − ln σⱼ²) for j = 1, 2, … in order.", r",\ ".join(tex(sp.expand(t)) for t in per_dim),
             ", ".join(uni(sp.expand(t)) for t in per_dim)),
        Step("Add them.", rf"D_{{KL}} = {tex(answer)}", f"KL = {uni(answer)}"),
    ]
    reverse = sp.expand(HALF * sp.Add(*[1 / v + m ** 2 / v - 1 + (l if logvar is not None else log_rational(v))
                                        for m, v, l in zip(mu, var, logvar or var)]))
    candidates = [
        ("KL direction swapped", reverse, "That is KL(N(0, I) ‖ q); the VAE term is KL(q ‖ prior), averaged under q."),
        ("forgot the ½", sp.expand(2 * answer), "Each coordinate contributes ½(σ² + μ² − 1 − ln σ²)."),
        ("dropped the −1", sp.expand(answer + HALF * k), "Keep the −1 per coordinate (it is −k/2 overall): KL(N(0,1)‖N(0,1)) = 0."),
    ]
    if level == 2:
        std = [sp.sqrt(v) for v in var]
        candidates.append(("used σ for σ²", kl_vae(mu, std),
                           "The formula needs variances: square the standard deviations first."))
    given = {"ask": "vae", "mu": [str(m) for m in mu], "var": [str(v) for v in var]}
    return prompt_tex, prompt_text, answer, steps, given, candidates


def _general(rng, level):
    mu1 = sp.Matrix([rng.randint(-2, 2) for _ in range(2)])
    mu2 = sp.Matrix([rng.randint(-2, 2) for _ in range(2)])
    S1 = _spd(rng, diagonal=level == 1)
    S2 = _spd(rng, diagonal=level < 3)
    if mu1 == mu2 and S1 == S2:
        raise Reject("identical distributions")
    answer = kl_gauss(mu1, S1, mu2, S2)
    S2inv = S2.inv()
    d = mu2 - mu1
    tr_term, quad = (S2inv * S1).trace(), (d.T * S2inv * d)[0, 0]
    prompt_tex = (r"Compute \(D_{KL}\!\left(\mathcal N(\mu_1, \Sigma_1)\,\|\,\mathcal N(\mu_2, \Sigma_2)\right)\) (natural log) for "
                  rf"\[\mu_1 = {tex(mu1)},\ \Sigma_1 = {tex(S1)},\qquad \mu_2 = {tex(mu2)},\ \Sigma_2 = {tex(S2)}.\]"
                  + CHECKING.statement())
    prompt_text = (f"Compute KL(N(μ₁, Σ₁) ‖ N(μ₂, Σ₂)) (natural log) for μ₁ = {_vec_text(mu1)}, Σ₁ = {uni(S1)}, "
                   f"μ₂ = {_vec_text(mu2)}, Σ₂ = {uni(S2)}. {CHECKING.statement()}")
    steps = [
        Step("Closed form for k-dimensional Gaussians (k = 2).",
             r"D_{KL} = \tfrac12\left[\operatorname{tr}(\Sigma_2^{-1}\Sigma_1) + (\mu_2-\mu_1)^\top\Sigma_2^{-1}(\mu_2-\mu_1) - k + \ln\frac{\det\Sigma_2}{\det\Sigma_1}\right]",
             "KL = ½[tr(Σ₂⁻¹Σ₁) + (μ₂−μ₁)ᵀΣ₂⁻¹(μ₂−μ₁) − k + ln(det Σ₂/det Σ₁)]"),
        Step("Invert Σ₂.", rf"\Sigma_2^{{-1}} = {tex(S2inv)}", f"Σ₂⁻¹ = {uni(S2inv)}"),
        Step("The three pieces.",
             rf"\operatorname{{tr}}(\Sigma_2^{{-1}}\Sigma_1) = {tex(tr_term)},\quad (\mu_2-\mu_1)^\top\Sigma_2^{{-1}}(\mu_2-\mu_1) = {tex(quad)},\quad "
             rf"\frac{{\det\Sigma_2}}{{\det\Sigma_1}} = {tex(S2.det() / S1.det())}",
             f"tr = {uni(tr_term)}, Mahalanobis = {uni(quad)}, det Σ₂/det Σ₁ = {uni(S2.det() / S1.det())}"),
        Step("Assemble.", rf"D_{{KL}} = {tex(answer)}", f"KL = {uni(answer)}"),
    ]
    candidates = [
        ("KL direction swapped", kl_gauss(mu2, S2, mu1, S1),
         "That is KL(N₂ ‖ N₁): KL is not symmetric; the expectation is under the first argument."),
        ("forgot the ½", sp.expand(2 * answer), "The whole bracket is multiplied by ½."),
        ("log ratio upside down", sp.expand(answer - log_rational(S2.det() / S1.det())),
         "The log term is ln(det Σ₂ / det Σ₁): the reference distribution's determinant on top."),
        ("used Σ₁⁻¹ in the Mahalanobis term", sp.expand(answer + HALF * ((d.T * S1.inv() * d)[0, 0] - quad)),
         "The mean difference is measured in the metric of the second Gaussian, Σ₂⁻¹."),
    ]
    given = {"ask": "general", "mu1": [str(v) for v in mu1], "S1": [[str(v) for v in S1.row(i)] for i in range(2)],
             "mu2": [str(v) for v in mu2], "S2": [[str(v) for v in S2.row(i)] for i in range(2)]}
    return prompt_tex, prompt_text, answer, steps, given, candidates


def generate(rng, params) -> Problem:
    make = _vae if params["ask"] == "vae" else _general
    prompt_tex, prompt_text, answer, steps, given, candidates = make(rng, params["level"])
    if answer == 0:
        raise Reject("KL is zero")
    mistakes = distinct_mistakes(candidates, answer, lambda a, b: sp.expand(a - b) != 0)
    return Problem(prompt_tex, prompt_text, answer, "number", tuple(steps), given, CHECKING, mistakes)


def _log_density(x: np.ndarray, mu: np.ndarray, cov: np.ndarray) -> np.ndarray:
    """ln N(x; mu, cov) for the rows of x, straight from the density formula."""
    k = len(mu)
    diff = x - mu
    sol = np.linalg.solve(cov, diff.T).T
    return -0.5 * (np.sum(diff * sol, axis=1) + k * math.log(2 * math.pi) + math.log(np.linalg.det(cov)))


def _gauss_hermite_kl(mu1, cov1, mu2, cov2, nodes: int = 4) -> float:
    """E_p[ln p − ln q] on a tensor Gauss–Hermite grid under p = N(mu1, cov1)."""
    z, w = np.polynomial.hermite_e.hermegauss(nodes)     # weight e^(−z²/2)
    w = w / math.sqrt(2 * math.pi)
    k = len(mu1)
    L = np.linalg.cholesky(cov1)
    grid = np.array(list(itertools.product(z, repeat=k)))
    weights = np.array([math.prod(c) for c in itertools.product(w, repeat=k)])
    x = mu1 + grid @ L.T
    return float(weights @ (_log_density(x, mu1, cov1) - _log_density(x, mu2, cov2)))


def verify(given, answer) -> Evidence:
    def num(v):
        try:
            return float(Fraction(v))
        except ValueError:                      # e.g. exp(-1) for log-variance inputs
            return float(sp.sympify(v))

    if given["ask"] == "vae":
        mu1 = np.array([num(v) for v in given["mu"]])
        cov1 = np.diag([num(v) for v in given["var"]])
        mu2, cov2 = np.zeros(len(mu1)), np.eye(len(mu1))
    else:
        mu1, mu2 = np.array([num(v) for v in given["mu1"]]), np.array([num(v) for v in given["mu2"]])
        cov1 = np.array([[num(v) for v in row] for row in given["S1"]])
        cov2 = np.array([[num(v) for v in row] for row in given["S2"]])
    expected = _gauss_hermite_kl(mu1, cov1, mu2, cov2)
    if expected < -1e-12:
        raise VerificationError(f"negative KL {expected}")
    err = numeric.require_close(expected, float(answer), "KL", rel=1e-9, floor=1e-12)
    k = len(mu1)
    return Evidence("Gauss–Hermite quadrature",
                    f"E_p[ln p − ln q] with numpy log-densities on a 4^{k}-node grid (exact for quadratics)", err)


def baseline(given: dict):
    """Bare SymPy: the closed form with Matrix inverse, trace and determinants (benchmarks/generate.py)."""
    if given["ask"] == "vae":
        mu = sp.Matrix([sp.sympify(v) for v in given["mu"]])
        S1 = sp.diag(*[sp.sympify(v) for v in given["var"]])
        mu2, S2 = sp.zeros(mu.rows, 1), sp.eye(mu.rows)
    else:
        mu, S1 = sp.Matrix([sp.sympify(v) for v in given["mu1"]]), sp.Matrix(given["S1"]).applyfunc(sp.sympify)
        mu2, S2 = sp.Matrix([sp.sympify(v) for v in given["mu2"]]), sp.Matrix(given["S2"]).applyfunc(sp.sympify)
    S2inv, d = S2.inv(), mu2 - mu
    kl = ((S2inv * S1).trace() + (d.T * S2inv * d)[0, 0] - mu.rows + sp.log(S2.det() / S1.det())) / 2
    return sp.expand(sp.expand_log(kl, force=True))


FAMILY = Family(
    name="gaussian_kl_mv",
    version=2,
    title="KL divergence between multivariate Gaussians",
    summary="KL between 2-D Gaussians in closed form, and the VAE term KL(N(μ, diag σ²) ‖ N(0, I)).",
    params={
        "ask": Param("vae", ("vae", "general"),
                     "vae: KL(N(μ, diag σ²) ‖ N(0, I)); general: KL between two 2-D Gaussians"),
        "level": Param(1, (1, 2, 3),
                       "vae: 1 two dims with σ², 2 three dims with σ, 3 three dims with log σ²; "
                       "general: 1 diagonal covariances, 2 full Σ₁, 3 both full"),
    },
    levels={1: "vae: two coordinates with variances given; general: diagonal covariances",
            2: "vae: three coordinates with standard deviations (square them); general: a full Σ₁",
            3: "vae: three coordinates with natural-log variances (σ² = e^ℓ); general: both covariances full"},
    generate=generate,
    verify=verify,
    baseline=baseline,
)
