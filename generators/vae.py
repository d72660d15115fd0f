"""The VAE's arithmetic: the reparameterised sample, the KL term, the ELBO's two terms.

The encoder gives q(z | x) = N(μ, diag σ²); the prior is p(z) = N(0, I).

``reparam``: z = μ + σ ⊙ ε for a given ε ~ N(0, I). Level 1: two dimensions with σ given.
Level 2: three dimensions with the encoder's log-variance ℓ = ln σ² given (the usual
parameterisation), so σ = e^(ℓ/2) — not e^ℓ, not ℓ.
``kl``: KL(N(μ, diag σ²) ‖ N(0, I)) = ½ Σ_j (σ_j² + μ_j² − 1 − ln σ_j²), in nats. Level 1: two
dimensions, σ given; level 2: three dimensions, log-variances given.
``elbo``: the single-sample ELBO estimate ln p(x | z) − KL for a Gaussian decoder
p(x | z) = N(x̂(z), s² I) on two-dimensional x. Level 1: one latent dimension and the decoder's
output x̂ at the sample given; answer the pair (reconstruction term, KL term). Level 2: draw z by
reparameterisation, decode with x̂ = wz + b, and give the ELBO estimate itself.

Answers are exact (rationals, logs split into primes, e^(ℓ/2)). Verification: σ recomputed as
√(exp ℓ) with numpy; each KL is E_q[ln q − ln p] by Gauss–Hermite quadrature (exact for the
quadratic log-ratio); the reconstruction term is the sum of Gaussian log-densities in floating
point.
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
LEVELS = {1: "σ given: a 2-D sample, a 2-D KL, the ELBO's two terms from a given decoder output",
          2: "log-variances given (σ = e^(ℓ/2)): a 3-D sample, a 3-D KL, the ELBO estimate through a linear decoder"}
ASKS = ("reparam", "kl", "elbo")
NODES, WEIGHTS = np.polynomial.hermite_e.hermegauss(10)
WEIGHTS = WEIGHTS / math.sqrt(2 * math.pi)


def _dec(f) -> str:
    return f"{float(f):g}"


def _vec(values) -> str:
    return "(" + ", ".join(_dec(v) for v in values) + ")"


def _sigmas(rng, d):
    return [Fr(rng.choice((1, 1, 2, 3, 3, 4, 5, 6)), rng.choice((2, 4))) for _ in range(d)]


def _kl_parts(mu, var):
    """½Σ(σ² + μ² − 1 − ln σ²) for rational variances: (rational part, log pairs)."""
    return sum(v + m * m - 1 for m, v in zip(mu, var)) / 2, [(Fr(-1, 2), v) for v in var]


def _kl_expr(mu, var) -> sp.Expr:
    rational, logs = _kl_parts(mu, var)
    return _r(rational) + log_sum([(_r(c), r) for c, r in logs])


def _kl_exp(mu, ell) -> sp.Expr:
    """The same KL with log-variances ℓ (integers): σ² = e^ℓ."""
    return sp.Add(*[sp.exp(l) for l in ell]) / 2 + _r(sum(m * m - 1 - l for m, l in zip(mu, ell)) / 2)


def _reparam(rng, level):
    d = 2 if level == 1 else 3
    mu = [Fr(rng.randint(-8, 8), 4) for _ in range(d)]
    eps = [Fr(rng.randint(-20, 20), 10) for _ in range(d)]
    if any(e == 0 for e in eps):
        raise Reject("ε = 0 hides σ")
    if level == 1:
        sig = _sigmas(rng, d)
        z = tuple(_r(m + s * e) for m, s, e in zip(mu, sig, eps))
        intro_tex = rf"The encoder gives \(\mu = {_vec(mu)}\) and \(\sigma = {_vec(sig)}\) (standard deviations)."
        intro_text = f"The encoder gives μ = {_vec(mu)} and σ = {_vec(sig)} (standard deviations)."
        steps = [Step("Shift and scale the noise component by component.",
                      rf"z = \mu + \sigma \odot \varepsilon = {tex(z)}", f"z = μ + σ ⊙ ε = {uni(z)}")]
        cands = [("σ² instead of σ", tuple(_r(m + s * s * e) for m, s, e in zip(mu, sig, eps)),
                  "Scale ε by the standard deviation σ, not the variance σ²."),
                 ("(μ + ε)·σ", tuple(_r((m + e) * s) for m, s, e in zip(mu, sig, eps)),
                  "Only the noise is scaled: z = μ + σ ⊙ ε, so the mean is not multiplied by σ.")]
        given = {"ask": "reparam", "level": 1, "mu": [str(v) for v in mu], "sigma": [str(v) for v in sig],
                 "eps": [str(v) for v in eps]}
    else:
        ell = [rng.randint(-2, 2) for _ in range(d)]
        if all(l == 0 for l in ell):
            raise Reject("unit variances hide the log-variance")
        z = tuple(_r(m) + _r(e) * sp.exp(sp.Rational(l, 2)) for m, l, e in zip(mu, ell, eps))
        intro_tex = (rf"The encoder gives \(\mu = {_vec(mu)}\) and log-variances \(\ell = \ln\sigma^2 = {_vec(ell)}\) "
                     rf"(natural log).")
        intro_text = f"The encoder gives μ = {_vec(mu)} and log-variances ℓ = ln σ² = {_vec(ell)} (natural log)."
        sig_t = ", ".join(uni(sp.exp(sp.Rational(l, 2))) for l in ell)
        steps = [Step("Turn log-variances into standard deviations: σ = √(e^ℓ) = e^(ℓ/2).",
                      rf"\sigma = \left({', '.join(tex(sp.exp(sp.Rational(l, 2))) for l in ell)}\right)",
                      f"σ = ({sig_t})"),
                 Step("Shift and scale the noise.", rf"z = \mu + \sigma \odot \varepsilon = {tex(z)}",
                      f"z = μ + σ ⊙ ε = {uni(z)}")]
        cands = [("e^ℓ used as σ", tuple(_r(m) + _r(e) * sp.exp(l) for m, l, e in zip(mu, ell, eps)),
                  "e^ℓ is the variance σ²; the sample needs the standard deviation e^(ℓ/2)."),
                 ("ℓ used as σ", tuple(_r(m + l * e) for m, l, e in zip(mu, ell, eps)),
                  "ℓ is the log of the variance: σ = e^(ℓ/2), which is always positive.")]
        given = {"ask": "reparam", "level": 2, "mu": [str(v) for v in mu], "logvar": ell, "eps": [str(v) for v in eps]}
    prompt_tex = (rf"A VAE encoder outputs \(q(z \mid x) = \mathcal{{N}}(\mu, \mathrm{{diag}}\,\sigma^2)\). {intro_tex} "
                  rf"With the standard-normal draw \(\varepsilon = {_vec(eps)}\), find the reparameterised sample "
                  rf"\(z = \mu + \sigma \odot \varepsilon\).")
    prompt_text = (f"A VAE encoder outputs q(z | x) = N(μ, diag σ²). {intro_text} With the standard-normal draw "
                   f"ε = {_vec(eps)}, find the reparameterised sample z = μ + σ ⊙ ε.")
    return prompt_tex, prompt_text, z, steps, cands, given


def _kl(rng, level):
    d = 2 if level == 1 else 3
    mu = [Fr(rng.randint(-6, 6), 2) for _ in range(d)]
    if level == 1:
        sig = _sigmas(rng, d)
        var = [s * s for s in sig]
        answer = _kl_expr(mu, var)
        intro_tex = rf"\(\mu = {_vec(mu)}\) and \(\sigma = {_vec(sig)}\) (standard deviations)"
        intro_text = f"μ = {_vec(mu)} and σ = {_vec(sig)} (standard deviations)"
        terms = ", ".join(uni(_r(v)) for v in var)
        steps = [Step("Square the standard deviations.", rf"\sigma^2 = \left({', '.join(tex(_r(v)) for v in var)}\right)",
                      f"σ² = ({terms})"),
                 Step("Sum ½(σ² + μ² − 1 − ln σ²) over the dimensions.",
                      rf"\mathrm{{KL}} = {tex(answer)}", f"KL = {uni(answer)}")]
        cands = [("σ instead of σ²", _kl_expr(mu, sig),
                  "The formula uses the variance σ² (and ln σ²): square the standard deviations first."),
                 ("forgot the ½", 2 * answer, "Each dimension contributes ½(σ² + μ² − 1 − ln σ²)."),
                 ("dropped the −1", answer + sp.Rational(d, 2), f"Each dimension has a −1 (−{uni(sp.Rational(d, 2))} in all): it makes "
                  "the KL 0 when q equals the prior.")]
        given = {"ask": "kl", "level": 1, "mu": [str(v) for v in mu], "sigma": [str(v) for v in sig]}
    else:
        ell = [rng.randint(-2, 2) for _ in range(d)]
        if all(l == 0 for l in ell):
            raise Reject("unit variances hide the log-variance")
        answer = _kl_exp(mu, ell)
        intro_tex = rf"\(\mu = {_vec(mu)}\) and log-variances \(\ell = \ln\sigma^2 = {_vec(ell)}\) (natural log)"
        intro_text = f"μ = {_vec(mu)} and log-variances ℓ = ln σ² = {_vec(ell)} (natural log)"
        steps = [Step("With ℓ = ln σ² each dimension contributes ½(e^ℓ + μ² − 1 − ℓ): no logs left to take.",
                      rf"\mathrm{{KL}} = \tfrac12\sum_j \left(e^{{\ell_j}} + \mu_j^2 - 1 - \ell_j\right) = {tex(answer)}",
                      f"KL = ½Σ_j (e^ℓ_j + μ_j² − 1 − ℓ_j) = {uni(answer)}")]
        half = [sp.Rational(l, 2) for l in ell]
        sig_as = sp.Add(*[sp.exp(h) for h in half]) / 2 + _r(sum(m * m - 1 for m in mu) / 2) - sp.Add(*half) / 2
        cands = [("e^(ℓ/2) for the variance", sig_as, "e^(ℓ/2) is σ; the KL needs the variance σ² = e^ℓ."),
                 ("forgot the ½", 2 * answer, "Each dimension contributes ½(e^ℓ + μ² − 1 − ℓ)."),
                 ("sign of ℓ", answer + sp.Add(*[sp.Integer(l) for l in ell]), "The term is −ln σ² = −ℓ: a narrow q "
                  "(ℓ < 0) is penalised.")]
        given = {"ask": "kl", "level": 2, "mu": [str(v) for v in mu], "logvar": ell}
    prompt_tex = (rf"A VAE encoder outputs \(q(z \mid x) = \mathcal{{N}}(\mu, \mathrm{{diag}}\,\sigma^2)\) with {intro_tex}; "
                  rf"the prior is \(p(z) = \mathcal{{N}}(0, I)\). Find the KL term "
                  rf"\(\mathrm{{KL}}(q(z \mid x) \,\|\, p(z)) = \tfrac12\sum_j(\sigma_j^2 + \mu_j^2 - 1 - \ln\sigma_j^2)\) "
                  rf"in nats.")
    prompt_text = (f"A VAE encoder outputs q(z | x) = N(μ, diag σ²) with {intro_text}; the prior is p(z) = N(0, I). "
                   f"Find the KL term KL(q(z | x) ‖ p(z)) = ½Σ_j (σ_j² + μ_j² − 1 − ln σ_j²) in nats.")
    return prompt_tex, prompt_text, answer, steps, [c for c in cands if c[1] is not None], given


def _elbo(rng, level):
    mu = Fr(rng.randint(-6, 6), 4)
    sig = _sigmas(rng, 1)[0]
    s2 = Fr(rng.choice((1, 2, 4)))
    x = [Fr(rng.randint(-8, 8), 2) for _ in range(2)]
    kl = _kl_expr([mu], [sig * sig])
    intro_tex = (rf"A VAE with a one-dimensional latent has encoder output \(q(z \mid x) = \mathcal{{N}}({_dec(mu)}, "
                 rf"{_dec(sig)}^2)\) (standard deviation {_dec(sig)}), prior \(p(z) = \mathcal{{N}}(0, 1)\) and Gaussian "
                 rf"decoder \(p(x \mid z) = \mathcal{{N}}(\hat x(z), {s2} I)\) (variance {s2} per coordinate) on "
                 rf"\(x = {_vec(x)}\).")
    intro_text = (f"A VAE with a one-dimensional latent has encoder output q(z | x) = N({_dec(mu)}, {_dec(sig)}²) "
                  f"(standard deviation {_dec(sig)}), prior p(z) = N(0, 1) and Gaussian decoder p(x | z) = "
                  f"N(x̂(z), {s2}·I) (variance {s2} per coordinate) on x = {_vec(x)}.")
    if level == 1:
        xhat = [v + Fr(rng.randint(-6, 6), 2) for v in x]
        z_tex, z_text = (rf" For a sample \(z\) the decoder outputs \(\hat x(z) = {_vec(xhat)}\).",
                         f" For a sample z the decoder outputs x̂(z) = {_vec(xhat)}.")
    else:
        eps = Fr(rng.randint(-20, 20), 10)
        w = [rng.randint(-3, 3) for _ in range(2)]
        b = [rng.randint(-3, 3) for _ in range(2)]
        if eps == 0 or w == [0, 0]:
            raise Reject("a trivial decoder or draw")
        z = mu + sig * eps
        xhat = [wi * z + bi for wi, bi in zip(w, b)]
        z_tex = (rf" Draw \(z = \mu + \sigma\varepsilon\) with \(\varepsilon = {_dec(eps)}\); the decoder mean is "
                 rf"\(\hat x(z) = w z + b\) with \(w = {_vec(w)}\), \(b = {_vec(b)}\).")
        z_text = (f" Draw z = μ + σε with ε = {_dec(eps)}; the decoder mean is x̂(z) = w·z + b with w = {_vec(w)}, "
                  f"b = {_vec(b)}.")
    sq = sum((a - c) ** 2 for a, c in zip(x, xhat))
    recon = _r(-sq / (2 * s2)) + log_sum([(-1, 2), (-1, s2)]) - sp.log(sp.pi)
    rec_step = Step("Reconstruction term: the Gaussian log-density of x, two coordinates.",
                    rf"\ln p(x \mid z) = -\ln(2\pi\cdot {s2}) - \frac{{{tex(_r(sq))}}}{{2\cdot {s2}}} = {tex(recon)}",
                    f"ln p(x | z) = −ln(2π·{s2}) − ({uni(_r(sq))})/(2·{s2}) = {uni(recon)}")
    kl_step = Step("KL term, one dimension: ½(σ² + μ² − 1 − ln σ²).",
                   rf"\mathrm{{KL}} = \tfrac12\left({tex(_r(sig * sig))} + {tex(_r(mu * mu))} - 1 - \ln {tex(_r(sig * sig))}\right) = {tex(kl)}" if sig.denominator == 1 else
                   rf"\mathrm{{KL}} = \tfrac12\left({tex(_r(sig * sig))} + {tex(_r(mu * mu))} - 1 - \ln\left({tex(_r(sig * sig))}\right)\right) = {tex(kl)}",
                   f"KL = ½({uni(_r(sig * sig))} + {uni(_r(mu * mu))} − 1 − ln({uni(_r(sig * sig))})) = {uni(kl)}")
    mse_only = _r(-sq / (2 * s2))
    if level == 1:
        answer = (recon, kl)
        ask_tex = (r" Find the ELBO's two terms for this sample, \(\left(\ln p(x \mid z),\ \mathrm{KL}(q(z \mid x) "
                   r"\,\|\, p(z))\right)\), in nats.")
        ask_text = " Find the ELBO's two terms for this sample, (ln p(x | z), KL(q(z | x) ‖ p(z))), in nats."
        steps = [rec_step, kl_step, Step("The single-sample ELBO estimate is their difference, ln p(x | z) − KL.")]
        cands = [("normaliser dropped", (mse_only, kl), "ln p(x | z) of a Gaussian includes −(D/2)ln(2πs²), not only "
                  "the squared error: here −ln(2π·" + str(s2) + ")."),
                 ("KL with σ for σ²", (recon, _kl_expr([mu], [sig])) if sig != 1 else None,
                  "The KL uses the variance σ²: square the standard deviation.")]
    else:
        answer = sp.expand(recon - kl)
        ask_tex = r" Find the single-sample ELBO estimate \(\ln p(x \mid z) - \mathrm{KL}(q(z \mid x) \,\|\, p(z))\) in nats."
        ask_text = " Find the single-sample ELBO estimate ln p(x | z) − KL(q(z | x) ‖ p(z)) in nats."
        steps = [Step("Reparameterise and decode.", rf"z = {tex(_r(z))},\quad \hat x = {tex(tuple(_r(v) for v in xhat))}",
                      f"z = {uni(_r(z))}, x̂ = {uni(tuple(_r(v) for v in xhat))}"), rec_step, kl_step,
                 Step("Subtract the KL from the reconstruction term.", rf"\mathrm{{ELBO}} \approx {tex(answer)}",
                      f"ELBO ≈ {uni(answer)}")]
        cands = [("KL added", sp.expand(recon + kl), "The ELBO is reconstruction minus KL: the KL term penalises q "
                  "for moving away from the prior."),
                 ("normaliser dropped", sp.expand(mse_only - kl), "ln p(x | z) of a Gaussian includes −(D/2)ln(2πs²), "
                  "not only the squared error."),
                 ("decoded at μ", sp.expand(_r(-sum((a - (wi * mu + bi)) ** 2 for a, wi, bi in zip(x, w, b)) / (2 * s2))
                                            + log_sum([(-1, 2), (-1, s2)]) - sp.log(sp.pi) - kl),
                  "Decode the sample z = μ + σε, not the mean μ: the estimate uses the reparameterised draw.")]
    given = {"ask": "elbo", "level": level, "mu": str(mu), "sigma": str(sig), "s2": str(s2), "x": [str(v) for v in x]}
    if level == 1:
        given["xhat"] = [str(v) for v in xhat]
    else:
        given.update({"eps": str(eps), "w": w, "b": b})
    return (intro_tex + z_tex + ask_tex, intro_text + z_text + ask_text, answer, steps,
            [c for c in cands if c[1] is not None], given)


def generate(rng, params) -> Problem:
    ask, level = params["ask"], params["level"]
    build = {"reparam": _reparam, "kl": _kl, "elbo": _elbo}[ask]
    prompt_tex, prompt_text, answer, steps, cands, given = build(rng, level)
    floats: dict = {}
    fl = lambda v: floats[v] if v in floats else floats.setdefault(v, float(v))
    if isinstance(answer, tuple):
        differs = lambda a, b: any(abs(fl(p) - fl(q)) > 1e-9 for p, q in zip(a, b))
        kind = "tuple"
    else:
        differs = lambda a, b: abs(fl(a) - fl(b)) > 1e-9
        kind = "number"
    mistakes = distinct_mistakes(cands, answer, differs)
    return Problem(f"{prompt_tex} {SAY}", f"{prompt_text} {SAY}", answer, kind, tuple(steps), given, CHECKING,
                   mistakes)


# --- verification -----------------------------------------------------------------------------

def _sd(given) -> np.ndarray:
    if "logvar" in given:
        return np.sqrt(np.exp(np.array(given["logvar"], dtype=float)))
    return np.array([float(Fr(v)) for v in given["sigma"]]) if isinstance(given["sigma"], list) \
        else np.array([float(Fr(given["sigma"]))])


def _kl_quad(mu, sd) -> float:
    """Σ_j E_q[ln q(z_j) − ln p(z_j)] by Gauss–Hermite quadrature."""
    total = 0.0
    for m, s in zip(mu, sd):
        z = m + s * NODES
        log_q = -0.5 * np.log(2 * np.pi * s * s) - (z - m) ** 2 / (2 * s * s)
        log_p = -0.5 * np.log(2 * np.pi) - z ** 2 / 2
        total += float(np.dot(WEIGHTS, log_q - log_p))
    return total


def _log_gauss(x, mean, var) -> float:
    x, mean = np.asarray(x, dtype=float), np.asarray(mean, dtype=float)
    return float(np.sum(-0.5 * np.log(2 * np.pi * var) - (x - mean) ** 2 / (2 * var)))


def verify(given, answer) -> Evidence:
    ask, sd = given["ask"], _sd(given)
    mu = np.array([float(Fr(v)) for v in given["mu"]]) if isinstance(given["mu"], list) \
        else np.array([float(Fr(given["mu"]))])
    if ask == "reparam":
        eps = np.array([float(Fr(v)) for v in given["eps"]])
        expected, what = list(mu + sd * eps), "μ + √(e^ℓ)·ε with numpy" if "logvar" in given else "μ + σ·ε with numpy"
    elif ask == "kl":
        expected, what = [_kl_quad(mu, sd)], "Gauss–Hermite E_q[ln q − ln p] per dimension"
    else:
        x, s2 = [float(Fr(v)) for v in given["x"]], float(Fr(given["s2"]))
        kl = _kl_quad(mu, sd)
        if given["level"] == 1:
            recon = _log_gauss(x, [float(Fr(v)) for v in given["xhat"]], s2)
            expected, what = [recon, kl], "Gaussian log-density summed; KL by Gauss–Hermite"
        else:
            z = mu[0] + sd[0] * float(Fr(given["eps"]))
            xhat = np.array(given["w"], dtype=float) * z + np.array(given["b"], dtype=float)
            expected, what = [_log_gauss(x, xhat, s2) - kl], "decoded sample's log-density minus the quadrature KL"
    got = [float(v) for v in answer] if isinstance(answer, tuple) else [float(answer)]
    if len(got) != len(expected):
        raise VerificationError(f"expected {len(expected)} components")
    err = max(numeric.require_close(e, g, what, rel=1e-9, floor=1e-10) for e, g in zip(expected, got))
    return Evidence("numpy", what, err)


FAMILY = Family(
    name="vae", version=1, title="VAE: reparameterisation, the KL term, the ELBO",
    summary="The reparameterised sample z = μ + σ ⊙ ε, the closed-form KL to N(0, I), and the ELBO's two terms.",
    params={"ask": Param("reparam", ASKS, "reparam | kl | elbo"),
            "level": Param(1, (1, 2), "1: σ given, the two ELBO terms; 2: log-variances, the ELBO through a decoder")},
    levels=LEVELS, generate=generate, verify=verify,
)
