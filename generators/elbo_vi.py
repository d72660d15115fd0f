"""The ELBO and variational inference for a conjugate Gaussian model, and one CAVI update.

Model: z ~ N(0, τ) (prior variance τ), observations x_i | z ~ N(z, σ²) independently, and a
Gaussian variational family q(z) = N(m, v). Four tasks:

``elbo``: ELBO(q) = E_q[ln p(x, z)] + H[q] for a given (m, v), in nats — the Gaussian
expectations E_q[(x − z)²] = (x − m)² + v and the entropy ½ ln(2πe v) are the key step.
``optimal``: the q maximising the ELBO, which is the exact posterior N(m*, v*) (precisions add).
``gap``: ln p(x) − ELBO(q) = KL(q ‖ p(z | x)) for a given q, with the closed form of the
Gaussian KL. ``cavi``: mean-field q₁(z₁)q₂(z₂) for a bivariate Gaussian target N(μ, Λ⁻¹):
the update q₁ = N(μ₁ − (Λ₁₂/Λ₁₁)(m₂ − μ₂), 1/Λ₁₁).

Level 1: one observation (``elbo``, ``optimal``, ``gap``); for ``cavi`` the precision matrix is
given and one factor is updated (answer (m₁, v₁)). Level 2: two to four observations; for
``cavi`` the covariance matrix is given (invert it first) and a full sweep updates m₁ then m₂
(answer (m₁, m₂)); the solution notes that mean-field variances 1/Λᵢᵢ understate the
marginal variances Σᵢᵢ.

Answers are exact (rationals and logs split into primes, with ln π). Verification never uses
these formulas: ELBOs are expectations by Gauss–Hermite quadrature (exact for the quadratic
log-densities), ln p(x) is a fine trapezoid integral of p(x, z) over z, and optimality (of
q*, and of a CAVI factor) is checked by finite-difference gradients of the quadrature ELBO.
"""

from __future__ import annotations

import math
from fractions import Fraction as Fr

import numpy as np
import sympy as sp

from osmose import numeric
from osmose.exactlog import log_sum
from osmose.family import Checking, Evidence, Family, Param, Problem, Reject, Step, VerificationError, \
    distinct_mistakes
from osmose.mathtext import tex, uni
from osmose.exact import rational as _r

CHECKING = Checking()
SAY = CHECKING.statement()
LEVELS = {1: "one observation; a CAVI update of one factor from the precision matrix",
          2: "two to four observations; a full CAVI sweep starting from the covariance matrix"}
ASKS = ("elbo", "optimal", "gap", "cavi")
NODES, WEIGHTS = np.polynomial.hermite_e.hermegauss(12)
WEIGHTS = WEIGHTS / math.sqrt(2 * math.pi)


def _p(f) -> str:
    """A rational in plain text, parenthesised unless whole (so 1/4/2/5 reads (1/4)/(2/5))."""
    f = Fr(f)
    return str(f) if f.denominator == 1 else f"({f})"


def _s(v) -> str:
    """A value inside a difference: (−2) in parentheses, 3 bare."""
    return f"({v})" if v < 0 else f"{v}"


def _dec(f) -> str:
    return f"{float(f):g}"


def _model(rng, level):
    n = 1 if level == 1 else rng.randint(2, 4)
    tau = Fr(rng.choice((1, 2, 3, 4, 9)))
    s2 = Fr(rng.choice((1, 2, 3, 4, 6)))
    xs = [Fr(rng.randint(-8, 8), 2) for _ in range(n)]
    if all(x == 0 for x in xs):
        raise Reject("data at the prior mean")
    prec = 1 / tau + n / s2
    v_star = 1 / prec
    m_star = (sum(xs) / s2) / prec
    return n, tau, s2, xs, m_star, v_star


def _model_text(n, tau, s2, xs):
    data = ", ".join(_dec(x) for x in xs)
    obs_tex = rf"one observation \(x = {data}\)" if n == 1 else rf"{n} observations \(x = [{data}]\)"
    obs_text = f"one observation x = {data}" if n == 1 else f"{n} observations x = [{data}]"
    if n == 1:
        lik_tex, lik_text = rf"with \(x \mid z \sim \mathcal{{N}}(z, {s2})\) (variance {s2})", \
            f"with x | z ~ N(z, {s2}) (variance {s2})"
    else:
        lik_tex, lik_text = rf"each \(x_i \mid z \sim \mathcal{{N}}(z, {s2})\) (variance {s2}) independently", \
            f"each x_i | z ~ N(z, {s2}) (variance {s2}) independently"
    t = rf"A latent \(z \sim \mathcal{{N}}(0, {tau})\) (variance {tau}) generates {obs_tex}, {lik_tex}."
    u = f"A latent z ~ N(0, {tau}) (variance {tau}) generates {obs_text}, {lik_text}."
    return t, u


def _elbo_parts(n, tau, s2, xs, m, v):
    """(rational part, [(c, r)] log pairs, coefficient of ln π) of the ELBO."""
    rational = -(sum((x - m) ** 2 for x in xs) + n * v) / (2 * s2) - (m * m + v) / (2 * tau) + Fr(1, 2)
    logs = [(Fr(-n, 2), 2), (Fr(-n, 2), s2), (Fr(-1, 2), tau), (Fr(1, 2), v)]
    return rational, logs, Fr(-n, 2)


def _expr(rational, logs, pi_coef) -> sp.Expr:
    return _r(rational) + log_sum([(_r(c), r) for c, r in logs]) + _r(pi_coef) * sp.log(sp.pi)


def _q(rng, m_star, v_star):
    m = Fr(rng.randint(-8, 8), 4)
    v = Fr(rng.choice((1, 1, 1, 2, 3)), rng.choice((1, 2, 4)))
    if m == m_star and v == v_star:
        raise Reject("q is the posterior")
    return m, v


def _kl(m, v, m2, v2):
    """KL(N(m, v) ‖ N(m2, v2)) as (rational part, log pairs)."""
    return (v / v2 + (m - m2) ** 2 / v2 - 1) / 2, [(Fr(1, 2), v2 / v)]


def _conjugate(rng, level, ask):
    n, tau, s2, xs, m_star, v_star = _model(rng, level)
    intro_tex, intro_text = _model_text(n, tau, s2, xs)
    given = {"ask": ask, "level": level, "tau": str(tau), "s2": str(s2), "x": [str(x) for x in xs]}
    post = Step("Precisions add: 1/v* = 1/τ + n/σ², and m* = v*·Σx_i/σ².",
                rf"\frac{{1}}{{v^*}} = \frac{{1}}{{{tau}}} + \frac{{{n}}}{{{s2}}} = {tex(_r(1 / v_star))},\quad "
                rf"m^* = {tex(_r(v_star))}\cdot\frac{{{_dec(sum(xs))}}}{{{s2}}} = {tex(_r(m_star))}",
                f"1/v* = 1/{tau} + {n}/{s2} = {uni(_r(1 / v_star))}, m* = {uni(_r(v_star))}·{_dec(sum(xs))}/{s2} = "
                f"{uni(_r(m_star))}")
    if ask == "optimal":
        answer = (m_star, v_star)
        ask_tex = (r" Over all Gaussians \(q(z) = \mathcal{N}(m, v)\), which one maximises the ELBO "
                   r"\(\mathbb{E}_q[\ln p(x, z)] + H[q]\)? Give \((m, v)\) (mean, variance).")
        ask_text = (" Over all Gaussians q(z) = N(m, v), which one maximises the ELBO E_q[ln p(x, z)] + H[q]? "
                    "Give (m, v) (mean, variance).")
        steps = [Step("ELBO = ln p(x) − KL(q ‖ p(z | x)), so it is largest when q is the posterior itself, and the "
                      "posterior of this conjugate model is Gaussian."), post]
        xbar = sum(xs) / n
        p_wrong = 1 / tau + 1 / s2
        cands = [("prior ignored", (xbar, s2 / n), "x̄ and σ²/n describe the likelihood alone; the prior "
                  "N(0, τ) adds its precision 1/τ and pulls the mean towards 0."),
                 ("variances added", (m_star, tau + s2 / n), "Precisions (inverse variances) add, not variances: "
                  "the posterior is narrower than both prior and likelihood."),
                 ("n forgotten in the precision", ((sum(xs) / s2) / p_wrong, 1 / p_wrong),
                  f"Each of the {n} observations adds precision 1/σ²: 1/v* = 1/τ + n/σ².")]
        return intro_tex + ask_tex, intro_text + ask_text, answer, steps, cands, given
    m, v = _q(rng, m_star, v_star)
    given.update({"m": str(m), "v": str(v)})
    q_tex = rf" Take \(q(z) = \mathcal{{N}}({_dec(m)}, {_dec(v)})\) (mean {_dec(m)}, variance {_dec(v)})."
    q_text = f" Take q(z) = N({_dec(m)}, {_dec(v)}) (mean {_dec(m)}, variance {_dec(v)})."
    if ask == "elbo":
        rational, logs, pi_coef = _elbo_parts(n, tau, s2, xs, m, v)
        answer = _expr(rational, logs, pi_coef)
        ask_tex = (r" Find \(\mathrm{ELBO}(q) = \mathbb{E}_q[\ln p(x \mid z) + \ln p(z)] + H[q]\), in nats "
                   r"(natural logarithm).")
        ask_text = " Find ELBO(q) = E_q[ln p(x | z) + ln p(z)] + H[q], in nats (natural logarithm)."
        sq = sum((x - m) ** 2 for x in xs)
        steps = [Step("Gaussian expectations under q: E_q[(x_i − z)²] = (x_i − m)² + v and E_q[z²] = m² + v.",
                      rf"\mathbb{{E}}_q\textstyle\sum_i (x_i - z)^2 = {tex(_r(sq))} + {n}\cdot {tex(_r(v))},\quad "
                      rf"\mathbb{{E}}_q[z^2] = {tex(_r(m * m + v))}",
                      f"E_q Σ(x_i − z)² = {uni(_r(sq))} + {n}·{uni(_r(v))}, E_q[z²] = {uni(_r(m * m + v))}"),
                 Step("Add the log-normalisers −½ ln(2πσ²) per observation and −½ ln(2πτ), and the entropy "
                      "H[q] = ½ ln(2πe v).",
                      rf"\mathrm{{ELBO}} = -{tex(_r(Fr(n, 2)))}\ln(2\pi\cdot {s2}) - \tfrac{{{tex(_r(sq + n * v))}}}{{2\cdot {s2}}}"
                      rf" - \tfrac12\ln(2\pi\cdot {tau}) - \tfrac{{{tex(_r(m * m + v))}}}{{2\cdot {tau}}} + \tfrac12\ln(2\pi e\cdot {tex(_r(v))}) = {tex(answer)}",
                      f"ELBO = −{_p(Fr(n, 2))}·ln(2π·{s2}) − ({uni(_r(sq + n * v))})/(2·{s2}) − ½ln(2π·{tau}) − "
                      f"({uni(_r(m * m + v))})/(2·{tau}) + ½ln(2πe·{uni(_r(v))}) = {uni(answer)}")]
        half = Fr(1, 2)
        plug = _expr(rational + n * v / (2 * s2) + v / (2 * tau), logs, pi_coef)
        cands = [("entropy left out", _expr(rational - half, logs + [(-half, 2), (-half, v)], pi_coef - half), "The ELBO adds the entropy H[q] = ½ ln(2πe v) to "
                  "the expected log joint; without it q would collapse to a point."),
                 ("entropy subtracted", _expr(rational - 1, logs + [(-1, 2), (-1, v)], pi_coef - 1), "ELBO = E_q[ln p(x, z)] − E_q[ln q(z)] = "
                  "E_q[ln p(x, z)] + H[q]: the entropy enters with a plus sign."),
                 ("variance terms dropped", plug, "E_q[(x − z)²] = (x − m)² + v: evaluating at z = m drops the "
                  "variance v of q.")]
    else:
        kr, kl_logs = _kl(m, v, m_star, v_star)
        answer = _r(kr) + log_sum([(_r(c), r) for c, r in kl_logs])
        ask_tex = (r" Find the gap \(\ln p(x) - \mathrm{ELBO}(q)\), which equals \(\mathrm{KL}(q \,\|\, p(z \mid x))\), "
                   r"in nats (natural logarithm).")
        ask_text = " Find the gap ln p(x) − ELBO(q), which equals KL(q ‖ p(z | x)), in nats (natural logarithm)."
        steps = [post, Step("KL between Gaussians: KL(N(m, v) ‖ N(m*, v*)) = ½[v/v* + (m − m*)²/v* − 1 + ln(v*/v)].",
                            rf"\mathrm{{KL}} = \tfrac12\left[\tfrac{{{tex(_r(v))}}}{{{tex(_r(v_star))}}} + "
                            rf"\tfrac{{({tex(_r(m - m_star))})^2}}{{{tex(_r(v_star))}}} - 1 + \ln\tfrac{{{tex(_r(v_star))}}}{{{tex(_r(v))}}}\right] = {tex(answer)}",
                            f"KL = ½[{_p(v)}/{_p(v_star)} + ({uni(_r(m - m_star))})²/{_p(v_star)} − 1 + "
                            f"ln({_p(v_star)}/{_p(v)})] = {uni(answer)}")]
        rr, rlogs = _kl(m_star, v_star, m, v)
        cands = [("KL the other way", _r(rr) + log_sum([(_r(c), r) for c, r in rlogs]), "The ELBO's gap is "
                  "KL(q ‖ p(z | x)), with q first: divide by the posterior's variance v*."),
                 ("log term dropped", _r(kr), "The Gaussian KL has a ½ ln(v*/v) term as well.")]
        if v == v_star:
            cands.pop()
    return intro_tex + q_tex + ask_tex, intro_text + q_text + ask_text, answer, steps, cands, given


def _cavi(rng, level):
    if level == 1:
        a, c = rng.randint(1, 5), rng.randint(1, 5)
        couplings = [k for k in range(-4, 5) if k and k * k < a * c]
        if not couplings:
            raise Reject("no coupling keeps Λ positive definite")
        b = rng.choice(couplings)
        lam = [[Fr(a), Fr(b)], [Fr(b), Fr(c)]]
        mu = [rng.randint(-3, 3), rng.randint(-3, 3)]
        m2 = Fr(rng.randint(-8, 8), 2)
        if m2 == mu[1]:
            raise Reject("q₂ at the mean hides the coupling")
        m1 = mu[0] - lam[0][1] / lam[0][0] * (m2 - mu[1])
        v1 = 1 / lam[0][0]
        answer = (m1, v1)
        sig11 = lam[1][1] / (lam[0][0] * lam[1][1] - lam[0][1] ** 2)
        L = sp.Matrix([[_r(e) for e in row] for row in lam])
        prompt_tex = (rf"Mean-field variational inference approximates \(p(z_1, z_2) = \mathcal{{N}}(\mu, \Lambda^{{-1}})\) "
                      rf"with \(\mu = ({mu[0]}, {mu[1]})\) and precision matrix \(\Lambda = {tex(L)}\) by "
                      rf"\(q_1(z_1)\,q_2(z_2)\). The current \(q_2\) has mean \(m_2 = {_dec(m2)}\). One CAVI update sets "
                      rf"\(\ln q_1(z_1) = \mathbb{{E}}_{{q_2}}[\ln p(z_1, z_2)] + \text{{const}}\). Find the mean and variance "
                      rf"of the updated \(q_1\), as \((m_1, v_1)\).")
        prompt_text = (f"Mean-field variational inference approximates p(z1, z2) = N(μ, Λ⁻¹) with μ = ({mu[0]}, {mu[1]}) "
                       f"and precision matrix Λ = [{a}, {b}; {b}, {c}] (rows separated by semicolons) by q1(z1)·q2(z2). "
                       f"The current q2 has mean m2 = {_dec(m2)}. One CAVI update sets ln q1(z1) = E_q2[ln p(z1, z2)] "
                       f"+ const. Find the mean and variance of the updated q1, as (m1, v1).")
        steps = [Step("ln p = −½(z − μ)ᵀΛ(z − μ) + const; keep the terms in z₁ and replace z₂ by its mean m₂: a "
                      "Gaussian in z₁ with precision Λ₁₁.",
                      rf"m_1 = \mu_1 - \frac{{\Lambda_{{12}}}}{{\Lambda_{{11}}}}(m_2 - \mu_2) = {mu[0]} - "
                      rf"\frac{{{b}}}{{{a}}}\left({_dec(m2)} - {_s(mu[1])}\right) = {tex(_r(m1))},\quad v_1 = \frac{{1}}{{\Lambda_{{11}}}} = {tex(_r(v1))}",
                      f"m1 = μ1 − (Λ12/Λ11)(m2 − μ2) = {mu[0]} − ({b}/{a})({_dec(m2)} − {_s(mu[1])}) = {uni(_r(m1))}, "
                      f"v1 = 1/Λ11 = {uni(_r(v1))}"),
                 Step(f"The mean-field variance 1/Λ₁₁ = {uni(_r(v1))} is smaller than the true marginal variance "
                      f"Σ₁₁ = {uni(_r(sig11))}: mean-field q understates uncertainty when z₁, z₂ are correlated.")]
        cands = [("marginal variance", (m1, sig11), "The factor's variance is 1/Λ₁₁ (the conditional variance), "
                  "not the marginal Σ₁₁: mean-field q is narrower than the marginal."),
                 ("sign of the coupling", (mu[0] + lam[0][1] / lam[0][0] * (m2 - mu[1]), v1),
                  "Completing the square gives m₁ = μ₁ − (Λ₁₂/Λ₁₁)(m₂ − μ₂): the minus sign comes from the "
                  "cross term −Λ₁₂(z₁ − μ₁)(z₂ − μ₂)."),
                 ("variance Λ₁₁", (m1, lam[0][0]), "Λ₁₁ is the precision; the variance is its inverse.")]
        given = {"ask": "cavi", "level": 1, "mu": mu, "precision": [[str(e) for e in r] for r in lam], "m2": str(m2)}
        return prompt_tex, prompt_text, answer, steps, cands, given
    s11, s22 = rng.randint(1, 5), rng.randint(1, 5)
    couplings = [k for k in range(-4, 5) if k and k * k < s11 * s22]
    if not couplings:
        raise Reject("no coupling keeps Σ positive definite")
    s12 = rng.choice(couplings)
    det = s11 * s22 - s12 * s12
    lam = [[Fr(s22, det), Fr(-s12, det)], [Fr(-s12, det), Fr(s11, det)]]
    mu = [rng.randint(-3, 3), rng.randint(-3, 3)]
    m1_0, m2_0 = Fr(rng.randint(-6, 6)), Fr(rng.randint(-6, 6))
    if m2_0 == mu[1]:
        raise Reject("start at the mean hides the coupling")
    k1, k2 = lam[0][1] / lam[0][0], lam[1][0] / lam[1][1]  # = s12/s22 and s12/s11 with a minus sign
    m1 = mu[0] - k1 * (m2_0 - mu[1])
    m2 = mu[1] - k2 * (m1 - mu[0])
    answer = (m1, m2)
    S = sp.Matrix([[s11, s12], [s12, s22]])
    prompt_tex = (rf"Mean-field variational inference approximates \(p(z_1, z_2) = \mathcal{{N}}(\mu, \Sigma)\) with "
                  rf"\(\mu = ({mu[0]}, {mu[1]})\) and covariance matrix \(\Sigma = {tex(S)}\) by \(q_1(z_1)\,q_2(z_2)\), "
                  rf"both Gaussian. Starting from means \((m_1, m_2) = ({int(m1_0)}, {int(m2_0)})\), do one CAVI sweep: "
                  rf"update \(q_1\) by \(\ln q_1 = \mathbb{{E}}_{{q_2}}[\ln p] + \text{{const}}\), then \(q_2\) by "
                  rf"\(\ln q_2 = \mathbb{{E}}_{{q_1}}[\ln p] + \text{{const}}\) using the new \(q_1\). Find the new means \((m_1, m_2)\).")
    prompt_text = (f"Mean-field variational inference approximates p(z1, z2) = N(μ, Σ) with μ = ({mu[0]}, {mu[1]}) and "
                   f"covariance matrix Σ = [{s11}, {s12}; {s12}, {s22}] (rows separated by semicolons) by q1(z1)·q2(z2), "
                   f"both Gaussian. Starting from means (m1, m2) = ({int(m1_0)}, {int(m2_0)}), do one CAVI sweep: update "
                   f"q1 by ln q1 = E_q2[ln p] + const, then q2 by ln q2 = E_q1[ln p] + const using the new q1. Find the "
                   f"new means (m1, m2).")
    Lm = sp.Matrix([[_r(e) for e in row] for row in lam])
    steps = [Step("The updates need the precision matrix Λ = Σ⁻¹.", rf"\Lambda = {tex(Lm)}",
                  f"Λ = [{'; '.join(', '.join(uni(_r(e)) for e in row) for row in lam)}]"),
             Step("Update q₁ from the current m₂: m₁ = μ₁ − (Λ₁₂/Λ₁₁)(m₂ − μ₂).",
                  rf"m_1 = {mu[0]} - ({tex(_r(k1))})\left({int(m2_0)} - {_s(mu[1])}\right) = {tex(_r(m1))}",
                  f"m1 = {mu[0]} − ({uni(_r(k1))})({int(m2_0)} − {_s(mu[1])}) = {uni(_r(m1))}"),
             Step("Then q₂ from the new m₁: m₂ = μ₂ − (Λ₂₁/Λ₂₂)(m₁ − μ₁). Repeated sweeps converge to the fixed point m = μ; "
                  f"the factors' variances 1/Λᵢᵢ ({uni(_r(1 / lam[0][0]))}, {uni(_r(1 / lam[1][1]))}) understate the "
                  f"marginal variances ({s11}, {s22}).",
                  rf"m_2 = {mu[1]} - ({tex(_r(k2))})\left({tex(_r(m1))} - {_s(mu[0])}\right) = {tex(_r(m2))}",
                  f"m2 = {mu[1]} − ({uni(_r(k2))})({uni(_r(m1))} − {_s(mu[0])}) = {uni(_r(m2))}")]
    stale = mu[1] - k2 * (m1_0 - mu[0])
    cands = [("m₂ from the old m₁", (m1, stale), "CAVI updates one factor at a time: q₂'s update uses the new "
              "m₁, not the starting value."),
             ("Σ used as if it were Λ", (mu[0] - Fr(s12, s11) * (m2_0 - mu[1]), mu[1] - Fr(s12, s22) *
                                         (mu[0] - Fr(s12, s11) * (m2_0 - mu[1]) - mu[0])),
              "The update's coefficients come from the precision matrix Λ = Σ⁻¹, not from Σ."),
             ("sign of the coupling", (mu[0] + k1 * (m2_0 - mu[1]), mu[1] + k2 * (mu[0] + k1 * (m2_0 - mu[1]) - mu[0])),
              "m₁ = μ₁ − (Λ₁₂/Λ₁₁)(m₂ − μ₂): the minus sign comes from completing the square.")]
    given = {"ask": "cavi", "level": 2, "mu": mu, "cov": [[s11, s12], [s12, s22]], "start": [int(m1_0), int(m2_0)]}
    return prompt_tex, prompt_text, answer, steps, cands, given


def generate(rng, params) -> Problem:
    ask, level = params["ask"], params["level"]
    built = _cavi(rng, level) if ask == "cavi" else _conjugate(rng, level, ask)
    prompt_tex, prompt_text, answer, steps, cands, given = built
    conv = lambda v: tuple(_r(e) for e in v) if isinstance(v, tuple) else v
    answer = conv(answer)
    if isinstance(answer, tuple):
        mistakes = distinct_mistakes([(n, conv(v), fb) for n, v, fb in cands], answer, lambda a, b: a != b)
        kind = "tuple"
    else:
        floats: dict = {}
        fl = lambda v: floats[v] if v in floats else floats.setdefault(v, float(v))
        mistakes = distinct_mistakes(cands, answer, lambda a, b: abs(fl(a) - fl(b)) > 1e-9)
        kind = "number"
    return Problem(f"{prompt_tex} {SAY}", f"{prompt_text} {SAY}", answer, kind, tuple(steps), given, CHECKING,
                   mistakes)


# --- verification: quadrature, not the closed forms ------------------------------------------

def _log_normal(x, mean, var):
    return -0.5 * math.log(2 * math.pi * var) - (x - mean) ** 2 / (2 * var)  # x may be a numpy array


def _log_joint(given):
    tau, s2 = float(Fr(given["tau"])), float(Fr(given["s2"]))
    xs = [float(Fr(x)) for x in given["x"]]
    return lambda z: _log_normal(z, 0.0, tau) + sum(_log_normal(x, z, s2) for x in xs)


def _elbo_quad(log_joint, m, v):
    """E_q[ln p(x, z) − ln q(z)] by Gauss–Hermite quadrature (exact for quadratic log-densities)."""
    sd = math.sqrt(v)
    return math.fsum(w * (log_joint(m + sd * t) - _log_normal(m + sd * t, m, v)) for t, w in zip(NODES, WEIGHTS))


def _log_evidence(log_joint, given):
    tau, s2 = float(Fr(given["tau"])), float(Fr(given["s2"]))
    xs = [float(Fr(x)) for x in given["x"]]
    v = 1 / (1 / tau + len(xs) / s2)
    centre, half = sum(xs) / s2 * v, 14 * math.sqrt(v)  # where the integrand lives (its own mass, ± 14 sd)
    z = np.linspace(centre - half, centre + half, 6001)
    vals = log_joint(z)  # numpy arrays pass through the same float formula
    top = vals.max()
    return top + math.log(np.trapezoid(np.exp(vals - top), z))


def _grad(f, point, h=1e-4):
    out = []
    for i in range(len(point)):
        up, down = list(point), list(point)
        up[i] += h
        down[i] -= h
        out.append((f(*up) - f(*down)) / (2 * h))
    return out


def verify(given, answer) -> Evidence:
    ask = given["ask"]
    if ask in ("elbo", "gap"):
        lj = _log_joint(given)
        elbo = _elbo_quad(lj, float(Fr(given["m"])), float(Fr(given["v"])))
        if ask == "elbo":
            err = numeric.require_close(elbo, float(answer), "ELBO", rel=1e-9, floor=1e-10)
            return Evidence("Gauss–Hermite quadrature", "E_q[ln p(x, z) − ln q(z)] with 12 nodes", err)
        gap = _log_evidence(lj, given) - elbo
        err = numeric.require_close(gap, float(answer), "ln p(x) − ELBO", rel=1e-7, floor=1e-9)
        return Evidence("quadrature", "ln p(x) by a 6001-point trapezoid rule, ELBO by Gauss–Hermite", err)
    got = [float(v) for v in answer]
    if len(got) != 2:
        raise VerificationError("expected two components")
    if ask == "optimal":
        lj = _log_joint(given)
        if got[1] <= 0:
            raise VerificationError("a variance must be positive")
        g = _grad(lambda m, lv: _elbo_quad(lj, m, math.exp(lv)), [got[0], math.log(got[1])])
        if max(abs(x) for x in g) > 1e-6:
            raise VerificationError(f"the ELBO's gradient at ({got[0]}, {got[1]}) is {g}, not 0")
        return Evidence("finite-difference gradient", "∂ELBO/∂m and ∂ELBO/∂ln v vanish (quadrature ELBO)",
                        max(abs(x) for x in g))
    mu = np.array(given["mu"], dtype=float)
    if ask == "cavi" and given["level"] == 1:
        lam = np.array([[float(Fr(e)) for e in row] for row in given["precision"]])
        m2, v2 = float(Fr(given["m2"])), 1.0  # q2's variance does not affect q1's optimum
        if got[1] <= 0:
            raise VerificationError("a variance must be positive")
        g = _grad(lambda m1, lv1: _mf_elbo(lam, mu, [m1, m2], [math.exp(lv1), v2]), [got[0], math.log(got[1])])
        if max(abs(x) for x in g) > 1e-6:
            raise VerificationError(f"the mean-field ELBO's gradient in q1 is {g}, not 0")
        return Evidence("finite-difference gradient", "∂ELBO/∂m₁ and ∂ELBO/∂ln v₁ vanish (quadrature ELBO)",
                        max(abs(x) for x in g))
    lam = np.linalg.inv(np.array(given["cov"], dtype=float))
    m1_0, m2_0 = given["start"]
    v = [1.0, 1.0]
    g1 = _grad(lambda m1: _mf_elbo(lam, mu, [m1, m2_0], v), [got[0]])
    g2 = _grad(lambda m2: _mf_elbo(lam, mu, [got[0], m2], v), [got[1]])
    worst = max(abs(g1[0]), abs(g2[0]))
    if worst > 1e-6:
        raise VerificationError(f"coordinate gradients {g1[0]}, {g2[0]} are not 0")
    return Evidence("finite-difference gradient", "each CAVI mean maximises the quadrature ELBO in its own "
                    "coordinate (m₁ given the starting m₂, then m₂ given the new m₁), Λ = numpy inv(Σ)", worst)


def _mf_elbo(lam, mu, m, v):
    """Mean-field ELBO (up to a constant) by a tensor Gauss–Hermite rule over q1 × q2."""
    z1 = m[0] + math.sqrt(v[0]) * NODES[:, None] - mu[0]
    z2 = m[1] + math.sqrt(v[1]) * NODES[None, :] - mu[1]
    quad = lam[0, 0] * z1 ** 2 + 2 * lam[0, 1] * z1 * z2 + lam[1, 1] * z2 ** 2
    w = WEIGHTS[:, None] * WEIGHTS[None, :]
    return float(-0.5 * np.sum(w * quad)) + 0.5 * math.log(v[0]) + 0.5 * math.log(v[1])


FAMILY = Family(
    name="elbo_vi", version=1, title="ELBO and variational inference",
    summary="The ELBO of a conjugate Gaussian model for a given q, the optimal q, the gap KL(q‖p(z|x)), one CAVI update.",
    params={"ask": Param("elbo", ASKS, "elbo | optimal | gap | cavi"),
            "level": Param(1, (1, 2), "1: one observation, one CAVI factor; 2: several observations, a CAVI sweep from Σ")},
    levels=LEVELS, generate=generate, verify=verify,
)
