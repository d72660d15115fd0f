"""MCMC diagnostics by hand: sample autocorrelation, effective sample size, mixing rate.

``autocorrelation``: the lag-k sample autocorrelation of a short chain, with the estimator
stated (centre at the chain mean, sum the n − k lagged products, divide by the sum of all n
squared deviations). Level 1: six values, lag 1; level 2: eight values, lag 2 or 3, and chains
that alternate (negative autocorrelation) drawn on purpose.

``ess``: an AR(1) chain x_t = φx_{t−1} + ε_t has ρ_k = φ^k, so the integrated autocorrelation
time τ = 1 + 2Σ_{k≥1} φ^k = (1 + φ)/(1 − φ) and ESS = N/τ = N(1 − φ)/(1 + φ). Level 1: the ESS
of N draws; level 2: the smallest N that reaches a target ESS (a whole number, rounded up).
Both signs of φ are drawn: φ < 0 gives ESS > N (antithetic draws), and the solution says so.

``mixing``: the mixing rate |λ₂| — the second-largest eigenvalue modulus — of a transition
matrix; the distance to stationarity decays like |λ₂|^t. Level 1: two states, λ₂ = 1 − a − b
(a + b > 1, an oscillating chain, is drawn on purpose). Level 2: three states, λ₂, λ₃ from
λ² − (tr P − 1)λ + det P = 0, which may be complex (then |λ| = √det P).

Answers are exact (fractions and surds). Verification: numpy's correlate on the centred chain;
the autocorrelation series Σ φ^k summed term by term in floating point (and, for level 2,
the minimality of N checked at N and N − 1); numpy.linalg.eigvals of the matrix.
"""

from __future__ import annotations

import math
from fractions import Fraction as Fr

import numpy as np
import sympy as sp

from osmose import numeric
from osmose.family import Checking, Evidence, Family, Param, Problem, Reject, Step, VerificationError, \
    distinct_mistakes
from osmose.mathtext import tex, uni
from osmose.exact import rational as _r

CHECKING = Checking()
COUNT = Checking(precision="integer")
LEVELS = {1: "lag-1 autocorrelation of 6 values; ESS of an AR(1) chain; |λ₂| of a 2-state chain",
          2: "lag 2–3 of 8 values; the N needed for a target ESS; |λ₂| of a 3-state chain (possibly complex)"}
ASKS = ("autocorrelation", "ess", "mixing")


def _dec(f) -> str:
    return f"{float(f):g}"


def _over(num, den) -> str:
    """num/den in plain text, parenthesising only parts that are themselves fractions."""
    part = lambda v: uni(_r(v)) if Fr(v).denominator == 1 else f"({uni(_r(v))})"
    return f"{part(num)}/{part(den)}"


def _acf(x, k) -> Fr:
    n = len(x)
    m = Fr(sum(x), n)
    den = sum((v - m) ** 2 for v in x)
    return sum((x[t] - m) * (x[t + k] - m) for t in range(n - k)) / den


def _autocorrelation(rng, level):
    n, k = (6, 1) if level == 1 else (8, rng.choice((2, 3)))
    if level == 2 and rng.random() < 0.3:  # an alternating chain: negative lag-odd autocorrelation
        base = rng.randint(-2, 2)
        x = [base + (rng.randint(2, 4) if t % 2 else -rng.randint(0, 2)) for t in range(n)]
        k = rng.choice((1, 3))
    else:
        lo, hi = (0, 9) if level == 1 else (-5, 5)
        x = [rng.randint(lo, hi) for _ in range(n - 1)]
        # choose the last value so the mean is a whole number (hand-friendly)
        options = [v for v in range(lo, hi + 1) if (sum(x) + v) % n == 0]
        if not options:
            raise Reject("no whole mean")
        x.append(rng.choice(options))
    if len(set(x)) < 3:
        raise Reject("too few distinct values")
    mean = Fr(sum(x), n)
    dev = [v - mean for v in x]
    num = sum(dev[t] * dev[t + k] for t in range(n - k))
    den = sum(d * d for d in dev)
    answer = num / den
    if answer == 0:
        raise Reject("zero autocorrelation")
    chain = ", ".join(map(str, x))
    est_tex = (rf"\hat\rho_{{{k}}} = \frac{{\sum_{{t=1}}^{{n-{k}}}(x_t - \bar x)(x_{{t+{k}}} - \bar x)}}"
               rf"{{\sum_{{t=1}}^{{n}}(x_t - \bar x)^2}}")
    est_text = f"ρ̂_{k} = Σ_(t=1..n−{k}) (x_t − x̄)(x_(t+{k}) − x̄) / Σ_(t=1..n) (x_t − x̄)²"
    prompt_tex = (rf"An MCMC chain of \(n = {n}\) values is \(x_1, \dots, x_{{{n}}} = {chain}\). Find its lag-{k} "
                  rf"sample autocorrelation \({est_tex}\) with \(\bar x\) the chain mean.")
    prompt_text = (f"An MCMC chain of n = {n} values is x_1, …, x_{n} = {chain}. Find its lag-{k} sample "
                   f"autocorrelation {est_text}, with x̄ the chain mean.")
    devs = ", ".join(uni(_r(d)) for d in dev)
    steps = [Step("Centre the chain at its mean.", rf"\bar x = {tex(_r(mean))},\quad x_t - \bar x = {', '.join(tex(_r(d)) for d in dev)}",
                  f"x̄ = {uni(_r(mean))}, x_t − x̄ = {devs}"),
             Step(f"Products of deviations {k} apart ({n - k} of them) over the sum of squared deviations.",
                  rf"\hat\rho_{{{k}}} = \frac{{{tex(_r(num))}}}{{{tex(_r(den))}}} = {tex(_r(answer))}",
                  f"ρ̂_{k} = {_over(num, den)} = {uni(_r(answer))}")]
    if answer < 0:
        steps.append(Step("Negative: the chain tends to swing to the other side of its mean after "
                          f"{k} step{'s' if k > 1 else ''}."))
    raw = sum(x[t] * x[t + k] for t in range(n - k)) / Fr(sum(v * v for v in x))
    cands = [("not centred", raw, "Subtract the chain mean first: autocorrelation measures how deviations "
              "from the mean persist."),
             ("rescaled by n/(n − k)", answer * n / (n - k), f"The estimator stated divides the {n - k} lagged "
              f"products by the full sum of {n} squared deviations, with no n/(n − k) correction.")]
    other = k + 1 if k + 1 < n - 1 else k - 1
    cands.append((f"lag {other} instead", _acf(x, other), f"Pair each x_t with x_(t+{k}), {k} step"
                  f"{'s' if k > 1 else ''} later."))
    given = {"ask": "autocorrelation", "level": level, "chain": x, "lag": k}
    return prompt_tex, prompt_text, answer, steps, cands, given, CHECKING


PHIS = tuple(Fr(k, 20) for k in range(-19, 20) if k)


def _ess(rng, level):
    phi = rng.choice(PHIS)
    tau = (1 + phi) / (1 - phi)
    model_tex = (rf"An MCMC chain behaves like a stationary AR(1) process \(x_t = \phi x_{{t-1}} + \varepsilon_t\) "
                 rf"with \(\phi = {_dec(phi)}\), so its autocorrelation at lag \(k\) is \(\rho_k = \phi^k\). "
                 rf"Its effective sample size is \(\mathrm{{ESS}} = N/\tau\) with integrated autocorrelation time "
                 rf"\(\tau = 1 + 2\sum_{{k \ge 1}} \rho_k\).")
    model_text = (f"An MCMC chain behaves like a stationary AR(1) process x_t = φ·x_(t−1) + ε_t with φ = "
                  f"{_dec(phi)}, so its autocorrelation at lag k is ρ_k = φ^k. Its effective sample size is "
                  f"ESS = N/τ with integrated autocorrelation time τ = 1 + 2·Σ_(k≥1) ρ_k.")
    tau_step = Step("Sum the geometric series: Σ_(k≥1) φ^k = φ/(1 − φ).",
                    rf"\tau = 1 + \frac{{2\phi}}{{1 - \phi}} = \frac{{1 + \phi}}{{1 - \phi}} = {tex(_r(tau))}",
                    f"τ = 1 + 2φ/(1 − φ) = (1 + φ)/(1 − φ) = {uni(_r(tau))}")
    sign_note = ("φ < 0: successive draws are anticorrelated, so τ < 1 and the chain is worth more than N "
                 "independent draws." if phi < 0 else
                 "φ > 0: successive draws are positively correlated, so τ > 1 and the chain is worth fewer than "
                 "N independent draws.")
    if level == 1:
        N = rng.choice((500, 600, 800, 1000, 1200, 1500, 2000, 2500, 3000, 4000, 5000, 6000, 8000, 10000))
        answer = N / tau
        prompt_tex = model_tex + rf" Find the ESS of \(N = {N}\) draws."
        prompt_text = model_text + f" Find the ESS of N = {N} draws."
        steps = [tau_step, Step(sign_note, rf"\mathrm{{ESS}} = \frac{{N(1 - \phi)}}{{1 + \phi}} = "
                                rf"\frac{{{N}\cdot {_dec(1 - phi)}}}{{{_dec(1 + phi)}}} = {tex(_r(answer))}",
                                f"ESS = N(1 − φ)/(1 + φ) = {N}·{_dec(1 - phi)}/{_dec(1 + phi)} = {uni(_r(answer))}")]
        cands = [("τ inverted", N * tau, "ESS divides N by τ = (1 + φ)/(1 − φ); multiplying gives N(1 + φ)/(1 − φ)."),
                 ("dropped the 2", N * (1 - phi), "τ counts lags on both sides of 0: τ = 1 + 2Σ_(k≥1) ρ_k, so "
                  "τ = (1 + φ)/(1 − φ), not 1/(1 − φ).")]
        if phi < 0:
            a = -phi
            cands.append(("used |φ|", N * (1 - a) / (1 + a), "Keep the sign of φ: a negative φ makes the "
                          "ESS larger than N."))
        given = {"ask": "ess", "level": 1, "phi": str(phi), "N": N}
        return prompt_tex, prompt_text, answer, steps, cands, given, CHECKING
    target = rng.choice((100, 150, 200, 250, 300, 400, 500, 600, 750, 800, 1000, 1200, 1500, 2000))
    need = target * tau
    answer = Fr(math.ceil(need))
    prompt_tex = model_tex + rf" What is the smallest number of draws \(N\) with \(\mathrm{{ESS}} \ge {target}\)?"
    prompt_text = model_text + f" What is the smallest number of draws N with ESS ≥ {target}?"
    rounding = "an exact whole number" if need.denominator == 1 else "round up"
    steps = [tau_step, Step(f"{sign_note} Solve N/τ ≥ {target}: N ≥ {target}·τ, {rounding}.",
                            rf"N \ge {target}\cdot {tex(_r(tau))} = {tex(_r(need))}\ \Rightarrow\ N = {int(answer)}",
                            f"N ≥ {target}·{uni(_r(tau))} = {uni(_r(need))} ⇒ N = {int(answer)}")]
    cands = [("τ inverted", Fr(math.ceil(target / tau)), "ESS = N/τ, so N = ESS·τ with τ = (1 + φ)/(1 − φ); "
              "dividing by τ inverts it."),
             ("rounded down", Fr(math.floor(need)), f"{int(math.floor(need))} draws give an ESS just under "
              f"{target}: round up."),
             ("N = target", Fr(target), "Correlated draws are not independent: N must be scaled by τ.")]
    given = {"ask": "ess", "level": 2, "phi": str(phi), "target": target}
    return prompt_tex, prompt_text, answer, steps, cands, given, COUNT


def _row(rng, den, k):
    cuts = sorted(rng.randint(0, den) for _ in range(k - 1))  # zeros allowed: sparse rows
    return [Fr(b - a, den) for a, b in zip([0] + cuts, cuts + [den])]


def _matrix_text(P):
    return "[" + "; ".join(", ".join(uni(_r(v)) for v in row) for row in P) + "]"


def _mixing(rng, level):
    if level == 1:
        da, db = rng.choice((4, 5, 6, 8, 10, 12, 15, 20)), rng.choice((4, 5, 6, 8, 10, 12, 15, 20))
        a, b = Fr(rng.randint(1, da - 1), da), Fr(rng.randint(1, db - 1), db)
        if a + b == 1:
            raise Reject("λ₂ = 0")
        P = [[1 - a, a], [b, 1 - b]]
        lam = 1 - a - b
        answer = _r(abs(lam))
        steps = [Step("A 2-state chain has eigenvalues 1 and tr P − 1 = 1 − a − b (a, b the off-diagonal "
                      "entries).", rf"\lambda_2 = 1 - {tex(_r(a))} - {tex(_r(b))} = {tex(_r(lam))}",
                      f"λ₂ = 1 − {uni(_r(a))} − {uni(_r(b))} = {uni(_r(lam))}")]
        if lam < 0:
            steps.append(Step("λ₂ < 0 (a + b > 1): the chain tends to switch state every step, so the deviation "
                              "from stationarity alternates in sign while shrinking by |λ₂| per step.",
                              rf"|\lambda_2| = {tex(answer)}", f"|λ₂| = {uni(answer)}"))
        cands = [("spectral gap", 1 - answer, "1 − |λ₂| is the spectral gap; the rate the deviation shrinks "
                  "by each step is |λ₂| itself."),
                 ("a + b", _r(a + b), "The second eigenvalue is 1 − a − b, the trace minus 1.")]
        if lam < 0:
            cands.append(("kept the sign", _r(lam), "The mixing rate is a modulus: |λ₂|."))
        given = {"ask": "mixing", "level": 1, "P": [[str(v) for v in row] for row in P]}
    else:
        den = rng.choice((6, 8, 10, 12))
        P = [_row(rng, den, 3) for _ in range(3)]
        s = P[0][0] + P[1][1] + P[2][2] - 1
        d = _det3(P)
        disc = s * s - 4 * d
        S, D = _r(s), _r(d)
        if disc < 0:
            answer = sp.sqrt(D)
            others = None
            kind = "complex"
        else:
            root, root_f = sp.sqrt(_r(disc)), math.sqrt(disc)
            # the root of larger modulus has the sign of s
            big, small = ((S + root) / 2, (S - root) / 2) if s >= 0 else ((S - root) / 2, (S + root) / 2)
            big_f = (abs(s) + root_f) / 2
            small_f = (float(s) - root_f) / 2 if s >= 0 else (float(s) + root_f) / 2
            answer = big if s >= 0 else -big
            others = (big, small if small_f >= 0 else -small, s < 0)
            kind = "real"
        answer_f = math.sqrt(d) if disc < 0 else big_f
        if answer_f >= 1 - 1e-12 or answer_f < 1e-12:
            raise Reject("not mixing, or mixing in one step")
        steps = [Step("One eigenvalue of a stochastic matrix is 1; the other two have sum tr P − 1 and product "
                      "det P, so they solve a quadratic.",
                      rf"\lambda^2 {_signed(-S, tex)}\,\lambda {_signed(D, tex)} = 0",
                      f"λ² {_signed(-S, uni)}λ {_signed(D, uni)} = 0")]
        if kind == "complex":
            steps.append(Step("The discriminant is negative: λ₂,₃ are complex conjugates, both of modulus "
                              "√(λ₂λ₃) = √det P (the chain spirals towards stationarity).",
                              rf"|\lambda_2| = \sqrt{{{tex(D)}}} = {tex(answer)}", f"|λ₂| = √({uni(D)}) = {uni(answer)}"))
            cands = [("spectral gap", 1 - answer, "1 − |λ₂| is the spectral gap; the mixing rate is |λ₂|."),
                     ("det P", D, "Complex eigenvalues λ, λ̄ have |λ|² = λλ̄ = det P: take the square root."),
                     ("half the trace", abs(S) / 2, "That is only the real part of λ₂; its modulus also counts "
                      "the imaginary part: |λ₂| = √det P.")]
        else:
            big, small_modulus, negative = others
            small = S - big
            steps.append(Step("Real roots: the mixing rate is the larger modulus.",
                              rf"\lambda = \frac{{{tex(S)} \pm {tex(root)}}}{{2}} = {tex(big)},\ {tex(small)},\quad |\lambda_2| = {tex(answer)}",
                              f"λ = ({uni(S)} ± {uni(root)})/2 = {uni(big)}, {uni(small)}; |λ₂| = {uni(answer)}"))
            cands = [("spectral gap", 1 - answer, "1 − |λ₂| is the spectral gap; the mixing rate is |λ₂|."),
                     ("smaller eigenvalue", small_modulus, "The slowest-decaying mode sets the rate: take the "
                      "eigenvalue of largest modulus below 1."),
                     ("tr P − 1", S, "tr P − 1 is λ₂ + λ₃, the sum of the two eigenvalues, not the larger one.")]
            if negative:
                cands.append(("kept the sign", big, "The mixing rate is a modulus: |λ₂|."))
        given = {"ask": "mixing", "level": 2, "P": [[str(v) for v in row] for row in P]}
    Pm = sp.Matrix([[_r(v) for v in row] for row in P])
    k = len(P)
    prompt_tex = (rf"A Markov chain on {k} states has transition matrix \(P = {tex(Pm)}\) (row \(i\) holds the "
                  rf"probabilities of moving from state \(i\)). Its mixing rate is \(|\lambda_2|\), the largest "
                  rf"modulus among the eigenvalues of \(P\) other than the eigenvalue 1. Find \(|\lambda_2|\).")
    prompt_text = (f"A Markov chain on {k} states has transition matrix P = {_matrix_text(P)} (rows separated by "
                   f"semicolons; row i holds the probabilities of moving from state i). Its mixing rate is |λ₂|, "
                   f"the largest modulus among the eigenvalues of P other than the eigenvalue 1. Find |λ₂|.")
    return prompt_tex, prompt_text, answer, steps, cands, given, CHECKING


def _signed(v, fmt) -> str:
    """``+ v`` or ``− |v|`` for a term after the first (no "− (−1/2)")."""
    a = abs(v)
    shown = fmt(a) if fmt is tex or a.q == 1 else f"({fmt(a)})"
    return (f"+ {shown}" if v >= 0 else f"- {shown}") if fmt is tex else (f"+ {shown}" if v >= 0 else f"− {shown}")


def _det3(P) -> Fr:
    (a, b, c), (d, e, f), (g, h, i) = P
    return a * (e * i - f * h) - b * (d * i - f * g) + c * (d * h - e * g)


def generate(rng, params) -> Problem:
    ask, level = params["ask"], params["level"]
    build = {"autocorrelation": _autocorrelation, "ess": _ess, "mixing": _mixing}[ask]
    prompt_tex, prompt_text, answer, steps, cands, given, checking = build(rng, level)
    answer = answer if isinstance(answer, sp.Basic) else _r(answer)
    conv = lambda v: v if isinstance(v, sp.Basic) else _r(v)
    floats: dict = {}
    fl = lambda v: floats[v] if v in floats else floats.setdefault(v, float(v))
    mistakes = distinct_mistakes([(n, conv(v), fb) for n, v, fb in cands], answer,
                                 lambda x, y: abs(fl(x) - fl(y)) > 1e-12)
    say = checking.statement()
    return Problem(f"{prompt_tex} {say}", f"{prompt_text} {say}", answer, "number", tuple(steps), given,
                   checking, mistakes)


def verify(given, answer) -> Evidence:
    ask = given["ask"]
    if ask == "autocorrelation":
        x = np.array(given["chain"], dtype=float)
        k = given["lag"]
        xc = x - x.mean()
        value = float(np.correlate(xc, xc, "full")[len(x) - 1 + k] / np.dot(xc, xc))
        err = numeric.require_close(value, float(answer), f"lag-{k} autocorrelation", rel=1e-9, floor=1e-12)
        return Evidence("numpy.correlate", "full cross-correlation of the centred chain at lag k", err)
    if ask == "ess":
        phi = float(Fr(given["phi"]))
        tau = 1 + 2 * math.fsum(phi ** k for k in range(1, 5000))
        if given["level"] == 1:
            err = numeric.require_close(given["N"] / tau, float(answer), "N/τ", rel=1e-9)
            return Evidence("series summed term by term", "τ = 1 + 2Σ φ^k over 5000 lags in floating point", err)
        N, target = float(answer), given["target"]
        if N != int(N) or N / tau < target * (1 - 1e-9) or (N - 1) / tau >= target * (1 - 1e-9):
            raise VerificationError(f"N = {answer} is not the smallest N with N/τ ≥ {target} (τ = {tau})")
        return Evidence("series summed term by term", "τ from 5000 lags; N reaches the target and N − 1 does not")
    P = np.array([[float(Fr(v)) for v in row] for row in given["P"]])
    moduli = sorted(abs(np.linalg.eigvals(P)), reverse=True)
    if abs(moduli[0] - 1) > 1e-9:
        raise VerificationError(f"largest eigenvalue modulus {moduli[0]} is not 1")
    err = numeric.require_close(float(moduli[1]), float(answer), "|λ₂|", rel=1e-7, floor=1e-9)
    return Evidence("numpy.linalg.eigvals", "second-largest eigenvalue modulus of P", err)


FAMILY = Family(
    name="mcmc_diagnostics", version=1, title="MCMC diagnostics: autocorrelation, ESS, mixing rate",
    summary="Lag-k sample autocorrelation of a chain, the ESS of an AR(1) chain, and |λ₂| of a transition matrix.",
    params={"ask": Param("autocorrelation", ASKS, "autocorrelation | ess | mixing"),
            "level": Param(1, (1, 2), "1: lag 1, the ESS, 2 states; 2: lag 2–3, the N needed, 3 states")},
    levels=LEVELS, generate=generate, verify=verify,
)
