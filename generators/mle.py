"""Maximum-likelihood estimation for Bernoulli, Poisson, exponential and Gaussian samples.

Level 1 asks the maximum-likelihood estimate from a sample (for the Gaussian both μ̂ and σ̂²,
which divides by n, not n − 1); level 2 asks the maximised log-likelihood ℓ(θ̂), which needs the
log-likelihood written out, not just the estimator remembered. Answers come from the closed
forms with exact rationals and logs. Verification maximises the log-likelihood numerically,
summing log-densities of the raw data point by point (golden-section search, coordinate-wise for
the Gaussian), and compares both the maximiser and the maximum.
"""

from __future__ import annotations

import math

import sympy as sp

from osmose import numeric
from osmose.exactlog import log_sum
from osmose.family import Checking, Evidence, Family, Mistake, Param, Problem, Reject, Step, \
    VerificationError
from osmose.mathtext import tex, uni

R = sp.Rational
#: ℓ(θ̂) under a slip (the n − 1 variance) can differ by only 1/(4n): four figures tell them apart
CHECKING = {1: Checking(), 2: Checking(sig_figs=4)}
LEVELS = {1: "the maximum-likelihood estimate from a sample",
          2: "the maximised log-likelihood ℓ(θ̂) (natural log)"}

DISTS = {
    "bernoulli": ("Bernoulli(p)", r"\(\mathrm{Bernoulli}(p)\)", "p", "p"),
    "poisson": ("Poisson(λ)", r"\(\mathrm{Poisson}(\lambda)\)", "λ", r"\lambda"),
    "exponential": ("Exponential(λ) with rate λ (density λe^(−λx), x ≥ 0)",
                    r"\(\mathrm{Exponential}(\lambda)\) with rate \(\lambda\) (density \(\lambda e^{-\lambda x}\), \(x \ge 0\))",
                    "λ", r"\lambda"),
    "gaussian": ("N(μ, σ²) with unknown mean μ and variance σ²",
                 r"\(\mathcal{N}(\mu, \sigma^2)\) with unknown mean \(\mu\) and variance \(\sigma^2\)",
                 "(μ, σ²)", r"(\mu, \sigma^2)"),
}


def _sample(rng, dist):
    n = rng.randint(4, 9)
    if dist == "bernoulli":
        xs = [rng.randint(0, 1) for _ in range(n)]
        if len(set(xs)) == 1:
            raise Reject("all equal: the MLE sits on the boundary")
        return xs
    if dist == "poisson":
        xs = [rng.randint(0, 7) for _ in range(n)]
        if sum(xs) == 0:
            raise Reject("all zero")
        return xs
    if dist == "exponential":
        return [R(rng.randint(1, 40), 10) for _ in range(n)]
    xs = [rng.randint(-6, 9) for _ in range(n)]
    if len(set(xs)) == 1:
        raise Reject("no spread")
    return xs


def _loglik(dist, xs, theta, factorials=True):
    """ℓ(θ) exactly, with logs split into primes (θ a rational or a (μ, σ²) pair)."""
    n = len(xs)
    if dist == "bernoulli":
        k = sum(xs)
        return log_sum([(k, theta), (n - k, 1 - theta)])
    if dist == "poisson":
        ll = log_sum([(sum(xs), theta)]) - n * theta
        return ll - log_sum([(1, sp.factorial(x)) for x in xs]) if factorials else ll
    if dist == "exponential":
        return log_sum([(n, theta)]) - theta * sum(xs)
    mu, var = theta
    return (log_sum([(-R(n, 2), 2 * var)]) - R(n, 2) * sp.log(sp.pi)
            - sum((x - mu) ** 2 for x in xs) / (2 * var))


def generate(rng, params) -> Problem:
    dist, level = params["dist"], params["level"]
    xs = _sample(rng, dist)
    n, total = len(xs), sum(xs)
    mean = R(total, n)
    shown = shown_tex = ", ".join(f"{float(x):g}" if dist == "exponential" else str(x) for x in xs)
    checking = CHECKING[level]
    say = checking.statement()
    name_text, name_tex, par_text, par_tex = DISTS[dist]
    if dist == "gaussian":
        var = sum((x - mean) ** 2 for x in xs) / n
        theta = (mean, var)
        est_steps = [Step("Setting ∂ℓ/∂μ = 0 gives the sample mean.", rf"\hat\mu = \bar x = {tex(mean)}",
                          f"μ̂ = x̄ = {uni(mean)}"),
                     Step("Setting ∂ℓ/∂σ² = 0 gives the mean squared deviation — divided by n, not n − 1.",
                          rf"\hat\sigma^2 = \frac{{1}}{{{n}}}\sum_i (x_i - \bar x)^2 = {tex(var)}",
                          f"σ̂² = (1/{n}) Σ (xᵢ − x̄)² = {uni(var)}")]
    else:
        theta = {"bernoulli": mean, "poisson": mean, "exponential": 1 / mean}[dist]
        why = {"bernoulli": "ℓ(p) = k ln p + (n − k) ln(1 − p); ℓ′(p) = 0 gives the fraction of ones.",
               "poisson": "ℓ(λ) = Σxᵢ ln λ − nλ − Σ ln xᵢ!; ℓ′(λ) = 0 gives the sample mean.",
               "exponential": "ℓ(λ) = n ln λ − λΣxᵢ; ℓ′(λ) = 0 gives n/Σxᵢ, one over the sample mean."}[dist]
        est_steps = [Step(why, rf"\hat{{{par_tex}}} = {tex(theta)}", f"{par_text}̂ = {uni(theta)}")]
    if level == 1:
        answer = theta if dist != "gaussian" else tuple(theta)
        kind = "tuple" if dist == "gaussian" else "number"
        ask_tex, ask_text = rf"the maximum-likelihood estimate of \({par_tex}\)", \
            f"the maximum-likelihood estimate of {par_text}"
        steps = est_steps
        if dist == "gaussian":
            cands = [("divided by n − 1", (mean, var * n / (n - 1)),
                      f"The MLE of σ² divides by n = {n}; dividing by n − 1 gives the unbiased estimator, "
                      "which is not the maximiser of the likelihood."),
                     ("standard deviation", (mean, sp.sqrt(var)),
                      "σ² is the variance: give the mean squared deviation, not its square root.")]
        elif dist == "exponential":
            cands = [("sample mean", mean, "The sample mean estimates 1/λ (the mean of an exponential "
                      "with rate λ); the MLE of the rate is its reciprocal.")]
        elif dist == "bernoulli":
            cands = [("fraction of zeros", 1 - mean, "p is the probability of a 1: count the ones.")]
        else:
            cands = [("sample variance", sum((x - mean) ** 2 for x in xs) / (n - 1),
                      "For a Poisson both mean and variance are λ, but the MLE is the sample mean.")]
    else:
        answer, kind = _loglik(dist, xs, theta), "number"
        ask_tex, ask_text = r"the maximised log-likelihood \(\ell(\hat\theta)\) (natural logarithm)", \
            "the maximised log-likelihood ℓ(θ̂) (natural logarithm)"
        steps = est_steps + [Step("Substitute the estimate into the log-likelihood.",
                                  rf"\ell(\hat\theta) = {tex(answer)}", f"ℓ(θ̂) = {uni(answer)}")]
        cands = []
        if dist == "poisson" and any(x > 1 for x in xs):
            cands.append(("dropped the log-factorials", _loglik(dist, xs, theta, factorials=False),
                          "The Poisson log-likelihood keeps −Σ ln xᵢ! — a constant in λ, but part of ℓ(λ̂)."))
        if dist == "gaussian":
            cands.append(("n − 1 variance plugged in", _loglik(dist, xs, (mean, var * n / (n - 1))),
                          "ℓ is maximised at σ̂² = (1/n)Σ(xᵢ − x̄)²; with the n − 1 estimate it is smaller."))
        if dist == "exponential":
            cands.append(("mean used as rate", _loglik(dist, xs, mean),
                          "The rate's MLE is 1/x̄, not x̄."))
        if dist == "bernoulli":
            k = sum(xs)
            cands.append(("likelihood, not log", theta ** k * (1 - theta) ** (n - k),
                          "That is the likelihood L(p̂); the question asks for its logarithm ℓ = ln L."))
    prompt_tex = (rf"The values \({shown_tex}\) are an i.i.d. sample from {name_tex}. Find {ask_tex}. {say}")
    prompt_text = f"The values {shown} are an i.i.d. sample from {name_text}. Find {ask_text}. {say}"
    given = {"dist": dist, "level": level, "sample": [str(x) for x in xs]}
    mistakes = tuple(Mistake(*c) for c in cands)
    return Problem(prompt_tex, prompt_text, answer, kind, tuple(steps), given, checking, mistakes)


# --- verification: maximise the log-likelihood numerically ----------------------------------



def _logpdf(dist, x, theta):
    if dist == "bernoulli":
        return math.log(theta if x == 1 else 1 - theta)
    if dist == "poisson":
        return x * math.log(theta) - theta - math.lgamma(x + 1)
    if dist == "exponential":
        return math.log(theta) - theta * x
    mu, var = theta
    return -0.5 * math.log(2 * math.pi * var) - (x - mu) ** 2 / (2 * var)


def verify(given, answer) -> Evidence:
    dist = given["dist"]
    xs = [float(sp.Rational(v)) for v in given["sample"]]
    ll = lambda th: sum(_logpdf(dist, x, th) for x in xs)
    if dist == "gaussian":
        mu = numeric.golden_max(lambda m: ll((m, 1.0)), min(xs) - 1, max(xs) + 1)
        var = numeric.golden_max(lambda v: ll((mu, v)), 1e-6, 1e3)
        theta = (mu, var)
    else:
        hi = {"bernoulli": 1 - 1e-12, "poisson": 100.0, "exponential": 100.0}[dist]
        theta = numeric.golden_max(ll, 1e-12, hi)
    if given["level"] == 1:
        got = [float(v) for v in answer] if isinstance(answer, tuple) else [float(answer)]
        want = list(theta) if isinstance(theta, tuple) else [theta]
        if len(got) != len(want):
            raise VerificationError("wrong number of estimates")
        err = max(numeric.require_close(w, g, "numerical maximiser of ℓ", rel=1e-6, floor=1e-6)
                  for w, g in zip(want, got))
        return Evidence("golden-section search", "maximised the summed log-densities of the sample", err)
    err = numeric.require_close(ll(theta), float(answer), "maximum of ℓ", rel=1e-9)
    return Evidence("golden-section search", "the maximum of the summed log-densities of the sample", err)


FAMILY = Family(
    name="mle", version=1, title="Maximum-likelihood estimation",
    summary="MLEs and maximised log-likelihoods for Bernoulli, Poisson, exponential and Gaussian samples.",
    params={"dist": Param("bernoulli", tuple(DISTS), "the model of the sample"),
            "level": Param(1, (1, 2), "1: the MLE; 2: the maximised log-likelihood")},
    levels=LEVELS, generate=generate, verify=verify,
)
