"""Approximating the evidence: BIC, Laplace's method, and one big Gaussian against two small ones.

Three tasks, two levels each:

* ``bic`` — level 1: BIC = d ln n − 2 ln L̂ of a Bernoulli or Poisson model fitted to data;
  level 2: which of two nested models BIC prefers (a fair coin against a free p, or a Poisson
  with a fixed rate against a free rate) — a choice, each verdict drawn equally often.
* ``laplace`` — a Beta(a, b) prior on a coin's bias and one observed toss sequence. Level 1: the
  posterior mode θ̂ and the curvature A = −d²/dθ² ln[p(D | θ)p(θ)] at θ̂; level 2: Laplace's
  approximation ln p(D) ≈ ln p(D | θ̂) + ln p(θ̂) + ½ ln 2π − ½ ln A (the exact value is shown
  in the solution for comparison).
* ``gaussians`` — measurements from two labelled sources: one Gaussian for all of them
  (2 parameters) or one per source (4 parameters)? BIC decides; a choice, balanced. Level 1
  gives each source's size, mean and variance; level 2 gives the raw values. (With labels the
  maximum likelihood is closed-form; the unlabelled mixture needs EM — the gmm_em family.)

Answers are exact (logs of rationals split into primes). Verification maximises the
log-likelihood (or log posterior) numerically by golden-section search, summing the log-pmfs or
log-densities of the data; the Laplace curvature comes from fourth-order finite differences.
"""

from __future__ import annotations

import math
from fractions import Fraction as Fr

import sympy as sp

from osmose import numeric
from osmose.exactlog import log_sum
from osmose.family import Checking, Evidence, Family, Mistake, Param, Problem, Reject, Step, \
    VerificationError
from osmose.mathtext import tex, uni
from osmose.exact import rational as _r

R = sp.Rational
FOUR = Checking(sig_figs=4)   # BIC and AIC-type slips can differ by little: four figures
CHECKING = Checking()
MODELS = Checking(choices=("M0", "M1"))
SOURCES = Checking(choices=("one Gaussian", "two Gaussians"))
LEVELS = {1: "compute it: BIC of a fitted model; the Laplace mode and curvature; BIC of one vs two "
             "Gaussians from summary statistics",
          2: "use it: which model BIC prefers; Laplace's log evidence; one vs two Gaussians from raw data"}


# --- exact log-likelihoods ----------------------------------------------------------------------

# Logs of rationals are kept whole (k ln(3/10), ln 288): a few readable terms, cheap to print.

def _ll_bernoulli(n, k, p):
    return k * sp.log(p) + (n - k) * sp.log(1 - p)


def _ll_poisson(xs, lam):
    """Split into primes throughout (λ̂ = 4 and the 4! of a count share ln 2)."""
    return log_sum([(sum(xs), lam), (-1, math.prod(math.factorial(x) for x in xs))]) - lam * len(xs)


# --- bic ----------------------------------------------------------------------------------------

def _bic_value(rng):
    model = rng.choice(("bernoulli", "poisson"))
    if model == "bernoulli":
        n = rng.randint(8, 60)
        k = rng.randint(1, n - 1)
        p = R(k, n)
        ll = _ll_bernoulli(n, k, p)
        data_t = data_x = f"{k} successes in {n} independent Bernoulli(p) trials"
        fit = Step("The MLE is the fraction of successes; ln L̂ = k ln p̂ + (n − k) ln(1 − p̂).",
                   rf"\hat p = {tex(p)},\quad \ln\hat L = {k}\ln {tex(p)} + {n - k}\ln {tex(1 - p)} \approx {float(ll):.6g}",
                   f"p̂ = {uni(p)}, ln L̂ = {k} ln({uni(p)}) + {n - k} ln({uni(1 - p)}) ≈ {float(ll):.6g}")
        given = {"model": "bernoulli", "n": n, "k": k}
        ask = "the Bernoulli model with p fitted by maximum likelihood"
    else:
        xs = [rng.randint(0, 7) for _ in range(rng.randint(5, 9))]
        if sum(xs) == 0:
            raise Reject("all zero")
        n = len(xs)
        lam = R(sum(xs), n)
        ll = _ll_poisson(xs, lam)
        data_t = rf"the counts \({', '.join(map(str, xs))}\), modelled as i.i.d. Poisson(\(\lambda\))"
        data_x = f"the counts {', '.join(map(str, xs))}, modelled as i.i.d. Poisson(λ)"
        fit = Step("The MLE is the sample mean; ln L̂ = Σxᵢ ln λ̂ − nλ̂ − Σ ln xᵢ!.",
                   rf"\hat\lambda = {tex(lam)},\quad \ln\hat L \approx {float(ll):.6g}", f"λ̂ = {uni(lam)}, ln L̂ ≈ {float(ll):.6g}")
        given = {"model": "poisson", "counts": xs}
        ask = "the Poisson model with λ fitted by maximum likelihood"
    ln_n = log_sum([(1, n)]) if model == "poisson" else sp.log(n)   # one form of log per answer
    answer = ln_n - 2 * ll
    steps = [fit, Step(f"One free parameter, n = {n}: BIC = d ln n − 2 ln L̂.",
                       rf"\mathrm{{BIC}} = \ln {n} - 2\ln\hat L = {tex(answer)}", f"BIC = ln {n} − 2 ln L̂ = {uni(answer)}")]
    cands = [("AIC's penalty", 2 - 2 * ll, f"That is AIC (penalty 2 per parameter); BIC charges ln n = ln {n}."),
             ("ln L̂ with the wrong sign", ln_n + 2 * ll,
              "BIC = d ln n − 2 ln L̂: a better fit (larger ln L̂) must lower BIC."),
             ("factor 2 dropped", ln_n - ll, "BIC doubles the log-likelihood: −2 ln L̂.")]
    say = FOUR.statement()
    prompt_tex = (rf"For {data_t}, compute the Bayesian information criterion "
                  rf"\(\mathrm{{BIC}} = d\ln n - 2\ln\hat L\) of {ask} (\(d\) free parameters, \(n\) observations, "
                  rf"\(\hat L\) the maximised likelihood, natural logarithms). {say}")
    prompt_text = (f"For {data_x}, compute the Bayesian information criterion BIC = d ln n − 2 ln L̂ of {ask} "
                   f"(d free parameters, n observations, L̂ the maximised likelihood, natural logarithms). {say}")
    given = {"task": "bic", "level": 1, **given}
    return prompt_tex, prompt_text, answer, "number", steps, cands, given, FOUR


def _bic_choice(rng):
    verdict = rng.choice(("M0", "M1"))
    model = rng.choice(("coin", "poisson"))
    for _ in range(60):
        if model == "coin":
            n = rng.randint(10, 200)
            k = rng.randint(1, n - 1)
            ll0, ll1 = _ll_bernoulli(n, k, R(1, 2)), _ll_bernoulli(n, k, R(k, n))
            gain = n * math.log(2) + k * math.log(k / n) + (n - k) * math.log(1 - k / n)
        else:
            lam0 = rng.randint(2, 6)
            xs = [rng.randint(0, 2 * lam0 + 2) for _ in range(rng.randint(6, 12))]
            n, s = len(xs), sum(xs)
            if s == 0:
                continue
            gain = s * math.log(s / (n * lam0)) - (s - n * lam0)
        if (2 * gain > math.log(n)) == (verdict == "M1") and abs(2 * gain - math.log(n)) > 0.05:
            break
    else:
        raise Reject("no data with the wanted verdict")
    if model == "coin":
        ll0, ll1 = _ll_bernoulli(n, k, R(1, 2)), _ll_bernoulli(n, k, R(k, n))
        m0_t, m0_x = r"the coin is fair, \(p = \tfrac12\) (no free parameter)", "the coin is fair, p = 1/2 (no free parameter)"
        m1_t, m1_x = r"\(p\) is free, fitted by maximum likelihood (one parameter)", \
            "p is free, fitted by maximum likelihood (one parameter)"
        data_t = data_x = f"A coin lands heads {k} times in {n} tosses"
        given = {"model": "coin", "n": n, "k": k}
        fit_x = f"p̂ = {k}/{n}"
    else:
        ll0, ll1 = _ll_poisson(xs, lam0), _ll_poisson(xs, R(s, n))
        m0_t, m0_x = rf"Poisson with \(\lambda = {lam0}\) (no free parameter)", f"Poisson with λ = {lam0} (no free parameter)"
        m1_t, m1_x = r"Poisson with \(\lambda\) free, fitted by maximum likelihood (one parameter)", \
            "Poisson with λ free, fitted by maximum likelihood (one parameter)"
        data_t = rf"The counts \({', '.join(map(str, xs))}\) are i.i.d. Poisson"
        data_x = f"The counts {', '.join(map(str, xs))} are i.i.d. Poisson"
        given = {"model": "poisson", "counts": xs, "lam0": lam0}
        fit_x = f"λ̂ = x̄ = {uni(R(s, n))}"
    bic0, bic1 = -2 * ll0, sp.log(n) - 2 * ll1
    b0, b1 = float(bic0), float(bic1)
    steps = [Step(f"Fit M1 ({fit_x}); M0 has nothing to fit.", rf"\mathrm{{BIC}}_0 = -2\ln L_0 \approx {b0:.4g}",
                  f"BIC₀ = −2 ln L₀ ≈ {b0:.4g}"),
             Step(f"M1 pays ln n = ln {n} ≈ {math.log(n):.4g} for its parameter.",
                  rf"\mathrm{{BIC}}_1 = \ln {n} - 2\ln\hat L_1 \approx {b1:.4g}", f"BIC₁ = ln {n} − 2 ln L̂₁ ≈ {b1:.4g}"),
             Step("The lower BIC wins: " + ("the fit gained by freeing the parameter, 2(ln L̂₁ − ln L₀) ≈ "
                                             f"{b0 - b1 + math.log(n):.4g}, " + ("exceeds" if verdict == "M1" else "falls short of")
                                             + f" the penalty ln {n} ≈ {math.log(n):.4g}."),
                  rf"\mathrm{{BIC}}_{verdict[1]} < \mathrm{{BIC}}_{1 - int(verdict[1])}", f"BIC of {verdict} is lower")]
    other = "M1" if verdict == "M0" else "M0"
    feedback = (f"BIC₁ ≈ {b1:.4g} and BIC₀ ≈ {b0:.4g}: the lower BIC is preferred, and here that is {verdict}. "
                + ("The better fit of M1 does not pay for its extra parameter." if verdict == "M0" else
                   "The fit M1 gains is worth more than the ln n penalty."))
    cands = [(other, other, feedback)]
    say = MODELS.statement()
    prompt_tex = (rf"{data_t}. Compare M0: {m0_t}, with M1: {m1_t}, by the Bayesian information criterion "
                  rf"\(\mathrm{{BIC}} = d\ln n - 2\ln\hat L\) (\(d\) free parameters, \(n\) observations, natural logs). "
                  rf"Which model does BIC prefer? {say}")
    prompt_text = (f"{data_x}. Compare M0: {m0_x}, with M1: {m1_x}, by the Bayesian information criterion "
                   f"BIC = d ln n − 2 ln L̂ (d free parameters, n observations, natural logs). Which model does BIC "
                   f"prefer? {say}")
    given = {"task": "bic", "level": 2, **given}
    return prompt_tex, prompt_text, verdict, "choice", steps, cands, given, MODELS


# --- laplace ------------------------------------------------------------------------------------

def _beta_fn(a, b) -> Fr:
    return Fr(math.factorial(a - 1) * math.factorial(b - 1), math.factorial(a + b - 1))


def _powers(i, j) -> tuple[str, str]:
    """θ^i (1 − θ)^j without exponents 0 and 1, as (TeX, text)."""
    parts_t, parts_x = [], []
    for e, bt, bx in ((i, r"\theta", "θ"), (j, r"(1-\theta)", "(1 − θ)")):
        if e:
            parts_t.append(bt + (f"^{{{e}}}" if e > 1 else ""))
            parts_x.append(bx + (f"^{e}" if e > 1 else ""))
    return (r"\,".join(parts_t) or "1"), ("·".join(parts_x) or "1")


def _laplace(rng, level):
    a, b = rng.randint(1, 5), rng.randint(1, 5)
    n = rng.randint(5, 30)
    k = rng.randint(0, n)
    al, be = a + k - 1, b + n - k - 1      # exponents of θ and 1 − θ in prior × likelihood
    if al < 1 or be < 1:
        raise Reject("the mode sits on the boundary")
    mode = R(al, al + be)
    A = R((al + be) ** 3, al * be)
    prior_t = rf"\mathrm{{Beta}}({a}, {b})"
    seq_t = f"{k} heads and {n - k} tails"
    steps = [Step("Write the log of prior × likelihood (the prior density is θ^(a−1)(1−θ)^(b−1)/B(a, b)) and set "
                  "its derivative to zero.",
                  rf"\frac{{d}}{{d\theta}}\left[{al}\ln\theta + {be}\ln(1-\theta)\right] = 0\ \Rightarrow\ "
                  rf"\hat\theta = \frac{{{al}}}{{{al + be}}}" + ("" if mode.q == al + be else f" = {tex(mode)}"),
                  f"d/dθ [{al} ln θ + {be} ln(1 − θ)] = 0 ⇒ θ̂ = {al}/{al + be}" +
                  ("" if mode.q == al + be else f" = {uni(mode)}")),
             Step("Curvature: minus the second derivative at the mode.",
                  rf"A = \frac{{{al}}}{{\hat\theta^2}} + \frac{{{be}}}{{(1-\hat\theta)^2}} = {tex(A)}",
                  f"A = {al}/θ̂² + {be}/(1 − θ̂)² = {uni(A)}")]
    given = {"task": "laplace", "level": level, "a": a, "b": b, "n": n, "k": k}
    dens_t, dens_x = _powers(a - 1, b - 1)
    lik_t, lik_x = _powers(k, n - k)
    lead_t = (rf"A coin's bias \(\theta = P(\text{{heads}})\) has the prior \(\theta \sim {prior_t}\) (density "
              rf"\({dens_t}/B({a}, {b})\) on \([0, 1]\)). One particular sequence of {n} tosses shows "
              rf"{seq_t}, so \(p(D \mid \theta) = {lik_t}\).")
    lead_x = (f"A coin's bias θ = P(heads) has the prior θ ~ Beta({a}, {b}) (density {dens_x}/B({a}, {b}) on [0, 1]). "
              f"One particular sequence of {n} tosses shows {seq_t}, so p(D | θ) = {lik_x}.")
    if level == 1:
        answer = (mode, A)
        lik_only = R(k, 1) / mode ** 2 + R(n - k, 1) / (1 - mode) ** 2
        cands = [("maximum-likelihood estimate for the mode", (R(k, n), A),
                  "k/n maximises the likelihood alone; the posterior mode includes the prior's a − 1 and b − 1."),
                 ("posterior mean for the mode", (R(a + k, a + b + n), A),
                  "(a + k)/(a + b + n) is the posterior mean; Laplace's method expands around the mode.")]
        if (a, b) != (1, 1):
            cands.append(("likelihood curvature only", (mode, lik_only),
                          "A is the curvature of ln[likelihood × prior]: the prior's exponents a − 1 and b − 1 add to "
                          "the counts."))
        checking = CHECKING
        ask_t = (r"Find the posterior mode \(\hat\theta\) and the curvature \(A = -\frac{d^2}{d\theta^2}\ln\left[p(D \mid "
                 r"\theta)\,p(\theta)\right]\) at \(\hat\theta\), as \((\hat\theta, A)\).")
        ask_x = "Find the posterior mode θ̂ and the curvature A = −d²/dθ² ln[p(D | θ)·p(θ)] at θ̂, as (θ̂, A)."
    else:
        bab = _beta_fn(a, b)
        log_joint = al * sp.log(mode) + be * sp.log(1 - mode) + sp.log(_r(1 / bab))
        answer = log_joint + sp.log(2 * sp.pi / A) / 2
        exact = math.log(_beta_fn(a + k, b + n - k) / bab)
        steps.append(Step("Laplace: approximate prior × likelihood by a Gaussian around θ̂ and integrate it.",
                          rf"\ln p(D) \approx \ln\left[p(D \mid \hat\theta)\,p(\hat\theta)\right] + \tfrac12\ln 2\pi - "
                          rf"\tfrac12\ln A = {tex(answer)}",
                          f"ln p(D) ≈ ln[p(D | θ̂)·p(θ̂)] + ½ ln 2π − ½ ln A = {uni(answer)} ≈ {float(answer):.5g}"))
        steps.append(Step(f"For comparison, the exact evidence is B({a + k}, {b + n - k})/B({a}, {b}).",
                          rf"\ln p(D) = \ln\frac{{B({a + k}, {b + n - k})}}{{B({a}, {b})}} \approx {exact:.5g}",
                          f"ln p(D) = ln(B({a + k}, {b + n - k})/B({a}, {b})) ≈ {exact:.5g}"))
        no_prior = k * sp.log(mode) + (n - k) * sp.log(1 - mode) + sp.log(2 * sp.pi / A) / 2
        cands = [("+½ ln A", log_joint + sp.log(2 * sp.pi * A) / 2,
                  "The Gaussian integral is √(2π/A): a sharper peak (larger A) means less evidence, −½ ln A."),
                 ("peak only", log_joint, "The peak height ln[p(D | θ̂)p(θ̂)] is only part of it: multiply by the "
                  "width √(2π/A) (the Occam factor).")]
        if (a, b) != (1, 1):
            cands.append(("prior density left out", no_prior,
                          f"Laplace integrates likelihood × prior: add ln p(θ̂), the Beta({a}, {b}) density at θ̂."))
        checking = FOUR
        ask_t = (r"Find Laplace's approximation of the log evidence \(\ln p(D) = \ln\int_0^1 p(D \mid \theta)p(\theta)\,"
                 r"d\theta\) (natural logarithm), expanding around the posterior mode.")
        ask_x = ("Find Laplace's approximation of the log evidence ln p(D) = ln ∫₀¹ p(D | θ) p(θ) dθ (natural "
                 "logarithm), expanding around the posterior mode.")
    say = checking.statement()
    return (f"{lead_t} {ask_t} {say}", f"{lead_x} {ask_x} {say}", answer, "tuple" if level == 1 else "number",
            steps, cands, given, checking)


# --- one big Gaussian or two small ones ----------------------------------------------------------

def _groups_raw(rng, verdict):
    for _ in range(80):
        na, nb = rng.randint(4, 7), rng.randint(4, 7)
        ca = rng.randint(-5, 5)
        gap = rng.randint(0, 4) if verdict == "one Gaussian" else rng.randint(3, 12)
        spread_a, spread_b = rng.randint(1, 4), rng.randint(1, 4)
        xa = [ca + rng.randint(-spread_a, spread_a) for _ in range(na)]
        xb = [ca + gap + rng.randint(-spread_b, spread_b) for _ in range(nb)]
        if len(set(xa)) == 1 or len(set(xb)) == 1:
            continue
        stats = [(len(x), Fr(sum(x), len(x)), Fr(sum(v * v for v in x), len(x)) - Fr(sum(x), len(x)) ** 2) for x in (xa, xb)]
        if _verdict(stats, margin=0.1) == verdict:
            return stats, (xa, xb)
    raise Reject("no data with the wanted verdict")


def _groups_summary(rng, verdict):
    for _ in range(80):
        na, nb = rng.randint(10, 60), rng.randint(10, 60)
        ma = Fr(rng.randint(-10, 10), 2)
        mb = ma + Fr(rng.randint(0, 6) if verdict == "one Gaussian" else rng.randint(2, 16), 2) * rng.choice((-1, 1))
        va, vb = Fr(rng.randint(2, 36), 4), Fr(rng.randint(2, 36), 4)
        stats = [(na, ma, va), (nb, mb, vb)]
        if _verdict(stats, margin=0.1) == verdict:
            return stats, None
    raise Reject("no data with the wanted verdict")


def _pooled(stats) -> tuple[Fr, Fr]:
    n = sum(s[0] for s in stats)
    m = sum(s[0] * s[1] for s in stats) / n
    return m, sum(s[0] * (s[2] + (s[1] - m) ** 2) for s in stats) / n


def _verdict(stats, margin=0.0):
    n = sum(s[0] for s in stats)
    _, v = _pooled(stats)
    delta = n * math.log(v) - sum(s[0] * math.log(s[2]) for s in stats) - 2 * math.log(n)
    if abs(delta) < margin:
        return None
    return "two Gaussians" if delta > 0 else "one Gaussian"


def _gaussians(rng, level):
    verdict = rng.choice(SOURCES.choices)
    stats, raw = (_groups_summary if level == 1 else _groups_raw)(rng, verdict)
    (na, ma, va), (nb, mb, vb) = stats
    n = na + nb
    m, v = _pooled(stats)
    delta = n * math.log(v) - na * math.log(va) - nb * math.log(vb) - 2 * math.log(n)
    if level == 1:
        data_t = (rf"Source A gave \(n_A = {na}\) measurements with mean \({tex(_r(ma))}\) and variance "
                  rf"\({tex(_r(va))}\); source B gave \(n_B = {nb}\) with mean \({tex(_r(mb))}\) and variance \({tex(_r(vb))}\) "
                  r"(variances are mean squared deviations from the source's own mean, dividing by its count).")
        data_x = (f"Source A gave n_A = {na} measurements with mean {uni(_r(ma))} and variance {uni(_r(va))}; source B "
                  f"gave n_B = {nb} with mean {uni(_r(mb))} and variance {uni(_r(vb))} (variances are mean squared "
                  f"deviations from the source's own mean, dividing by its count).")
        given = {"task": "gaussians", "level": 1, "groups": [[na, str(ma), str(va)], [nb, str(mb), str(vb)]]}
    else:
        xa, xb = raw
        data_t = (rf"Source A gave the measurements \({', '.join(map(str, xa))}\); source B gave "
                  rf"\({', '.join(map(str, xb))}\).")
        data_x = f"Source A gave the measurements {', '.join(map(str, xa))}; source B gave {', '.join(map(str, xb))}."
        given = {"task": "gaussians", "level": 2, "A": xa, "B": xb}
    say = SOURCES.statement()
    models_t = (r"Model 1: all measurements are i.i.d. \(\mathcal{N}(\mu, \sigma^2)\) (one Gaussian, 2 parameters). "
                r"Model 2: source A's are \(\mathcal{N}(\mu_A, \sigma_A^2)\) and source B's \(\mathcal{N}(\mu_B, \sigma_B^2)\) "
                r"(two Gaussians, 4 parameters). Fit each by maximum likelihood and compare "
                r"\(\mathrm{BIC} = d\ln n - 2\ln\hat L\) (\(d\) parameters, \(n\) measurements in all, natural logs).")
    models_x = ("Model 1: all measurements are i.i.d. N(μ, σ²) (one Gaussian, 2 parameters). Model 2: source A's are "
                "N(μ_A, σ_A²) and source B's N(μ_B, σ_B²) (two Gaussians, 4 parameters). Fit each by maximum "
                "likelihood and compare BIC = d ln n − 2 ln L̂ (d parameters, n measurements in all, natural logs).")
    prompt_tex = f"{data_t} {models_t} Which model does BIC prefer? {say}"
    prompt_text = f"{data_x} {models_x} Which model does BIC prefer? {say}"
    fd = delta
    steps = []
    if level == 2:
        steps.append(Step("Each source's mean and variance (dividing by its count: maximum likelihood).",
                          rf"\bar x_A = {tex(_r(ma))},\ \hat\sigma_A^2 = {tex(_r(va))},\quad \bar x_B = {tex(_r(mb))},\ "
                          rf"\hat\sigma_B^2 = {tex(_r(vb))}",
                          f"x̄_A = {uni(_r(ma))}, σ̂_A² = {uni(_r(va))}; x̄_B = {uni(_r(mb))}, σ̂_B² = {uni(_r(vb))}"))
    steps += [Step("One Gaussian: the pooled mean, and the pooled variance = within-source variance + "
                   "the spread of the source means.",
                   rf"\bar x = {tex(_r(m))},\quad \hat\sigma^2 = {tex(_r(v))}", f"x̄ = {uni(_r(m))}, σ̂² = {uni(_r(v))}"),
              Step("With σ̂² at its MLE, −2 ln L̂ = n ln(2πσ̂²) + n; the 2π and n terms cancel in the difference.",
                   rf"\mathrm{{BIC}}_1 - \mathrm{{BIC}}_2 = {n}\ln\hat\sigma^2 - {na}\ln\hat\sigma_A^2 - {nb}\ln\hat\sigma_B^2"
                   rf" - 2\ln {n} \approx {fd:.4g}",
                   f"BIC₁ − BIC₂ = {n} ln σ̂² − {na} ln σ̂_A² − {nb} ln σ̂_B² − 2 ln {n} ≈ {fd:.4g}"),
              Step(("Positive: the two-Gaussian fit gains more than the 2 ln n penalty for its two extra parameters."
                    if verdict == "two Gaussians" else
                    "Negative: the two-Gaussian fit does not gain enough to pay 2 ln n for its two extra parameters."),
                   rf"\text{{BIC prefers: {verdict}}}", f"BIC prefers: {verdict}")]
    other = "one Gaussian" if verdict == "two Gaussians" else "two Gaussians"
    feedback = (f"BIC₁ − BIC₂ ≈ {fd:.4g}: " + ("the separate fits reduce −2 ln L̂ by more than the penalty 2 ln n "
                f"≈ {2 * math.log(n):.4g}, so two Gaussians win." if verdict == "two Gaussians" else
                f"the separate fits reduce −2 ln L̂ by less than the penalty 2 ln n ≈ {2 * math.log(n):.4g} for two "
                "more parameters, so one Gaussian wins (Occam's razor)."))
    return prompt_tex, prompt_text, verdict, "choice", steps, [(other, other, feedback)], given, SOURCES


def _bic(rng, level):
    return (_bic_value if level == 1 else _bic_choice)(rng)


TASKS = {"bic": _bic, "laplace": _laplace, "gaussians": _gaussians}


def generate(rng, params) -> Problem:
    prompt_tex, prompt_text, answer, kind, steps, cands, given, checking = \
        TASKS[params["task"]](rng, params["level"])
    return Problem(prompt_tex, prompt_text, answer, kind, tuple(steps), given, checking,
                   tuple(Mistake(*c) for c in cands))


# --- verification: numerical maximisation, finite-difference curvature ---------------------------

def _max_loglik_bernoulli(n, k):
    ll = lambda p: k * math.log(p) + (n - k) * math.log(1 - p)
    return ll(numeric.golden_max(ll, 1e-12, 1 - 1e-12))


def _loglik_poisson(xs, lam):
    return sum(x * math.log(lam) - lam - math.lgamma(x + 1) for x in xs)


def _max_loglik_gauss(blocks):
    """max over (μ, σ²) of the summed log N(x | μ, σ²), by coordinate-wise golden-section search
    (μ, then ln σ²).

    ``blocks`` are (count, mean, variance) triples; a raw value x is the block (1, x, 0), so raw
    data are summed point by point.
    """
    def ll(mu, var):
        return sum(-c / 2 * math.log(2 * math.pi * var) - c * (s2 + (m - mu) ** 2) / (2 * var)
                   for c, m, s2 in blocks)
    means = [m for _, m, _ in blocks]
    mu = numeric.golden_max(lambda t: ll(t, 1.0), min(means) - 1, max(means) + 1)
    var = math.exp(numeric.golden_max(lambda t: ll(mu, math.exp(t)), -14.0, 10.0))
    return ll(mu, var)


def _gauss_blocks(given):
    if given["level"] == 1:
        return [[(c, float(Fr(m)), float(Fr(v)))] for c, m, v in given["groups"]]
    return [[(1, float(x), 0.0) for x in given[name]] for name in ("A", "B")]


def verify(given, answer) -> Evidence:
    task, level = given["task"], given["level"]
    if task == "bic":
        if level == 1:
            if given["model"] == "bernoulli":
                n, ll = given["n"], _max_loglik_bernoulli(given["n"], given["k"])
            else:
                xs = given["counts"]
                n = len(xs)
                ll = _loglik_poisson(xs, numeric.golden_max(lambda t: _loglik_poisson(xs, t), 1e-9, 50.0))
            err = numeric.require_close(math.log(n) - 2 * ll, float(answer), "BIC from a numerically maximised "
                                        "log-likelihood", rel=1e-8)
            return Evidence("golden-section search", "maximised the summed log-pmf, then ln n − 2 ln L̂", err)
        if given["model"] == "coin":
            n, k = given["n"], given["k"]
            bic0 = -2 * n * math.log(0.5)
            bic1 = math.log(n) - 2 * _max_loglik_bernoulli(n, k)
        else:
            xs = given["counts"]
            n = len(xs)
            bic0 = -2 * _loglik_poisson(xs, given["lam0"])
            bic1 = math.log(n) - 2 * _loglik_poisson(xs, numeric.golden_max(lambda t: _loglik_poisson(xs, t), 1e-9, 50.0))
        want = "M1" if bic1 < bic0 else "M0"
        if answer != want:
            raise VerificationError(f"numerical BICs {bic0:.6g} (M0), {bic1:.6g} (M1) prefer {want}")
        return Evidence("golden-section search", f"BIC₀ = {bic0:.6g}, BIC₁ = {bic1:.6g} from numerically "
                        "maximised log-likelihoods")
    if task == "laplace":
        a, b, n, k = given["a"], given["b"], given["n"], given["k"]
        log_beta = math.lgamma(a) + math.lgamma(b) - math.lgamma(a + b)
        logpost = lambda t: (k * math.log(t) + (n - k) * math.log(1 - t) + (a - 1) * math.log(t)
                             + (b - 1) * math.log(1 - t) - log_beta)
        mode = numeric.golden_max(logpost, 1e-9, 1 - 1e-9)
        h = 1e-3 * min(mode, 1 - mode)
        curv = -numeric.fd_second(lambda t: logpost(t), [mode], 0, 0, h=h)
        if level == 1:
            got = [float(v) for v in answer]
            err = max(numeric.require_close(mode, got[0], "numerical mode", rel=1e-7),
                      numeric.require_close(curv, got[1], "finite-difference curvature", rel=1e-6))
            return Evidence("golden-section search and finite differences", "the mode of the log posterior and "
                            "minus its second derivative there", err)
        value = logpost(mode) + 0.5 * math.log(2 * math.pi) - 0.5 * math.log(curv)
        err = numeric.require_close(value, float(answer), "Laplace from the numerical mode and curvature", rel=1e-7)
        return Evidence("golden-section search and finite differences", "ln[p(D|θ̂)p(θ̂)] + ½ ln 2π − ½ ln A with θ̂ "
                        "found numerically and A by a fourth-order central difference", err)
    groups = _gauss_blocks(given)
    one = _max_loglik_gauss([blk for g in groups for blk in g])
    two = sum(_max_loglik_gauss(g) for g in groups)
    n = sum(c for g in groups for c, _, _ in g)
    bic1, bic2 = 2 * math.log(n) - 2 * one, 4 * math.log(n) - 2 * two
    want = "two Gaussians" if bic2 < bic1 else "one Gaussian"
    if answer != want:
        raise VerificationError(f"numerical BICs {bic1:.6g} (one), {bic2:.6g} (two) prefer {want}")
    return Evidence("golden-section search", f"BIC one = {bic1:.6g}, two = {bic2:.6g}, from log-likelihoods "
                    "maximised numerically over (μ, σ²)")


FAMILY = Family(
    name="evidence_bic", version=1, title="Evidence approximations: BIC and Laplace",
    summary="BIC of fitted models and which model it prefers, Laplace's approximation of a Beta–Bernoulli "
            "evidence, and one Gaussian against two.",
    params={"task": Param("bic", tuple(TASKS), "bic: BIC and model choice; laplace: Laplace's method; "
                          "gaussians: one vs two Gaussians"),
            "level": Param(1, (1, 2), "1: compute it; 2: use it (choices, the log evidence, raw data)")},
    levels=LEVELS, generate=generate, verify=verify,
)
