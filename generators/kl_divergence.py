"""KL divergence between two members of one family, in both directions.

Discrete (Bernoulli, small categorical, Poisson) and continuous (Gaussian,
exponential) pairs with exact answers: every closed form is built as
``rational + Σ cₚ ln p`` over primes p (ln 4 − ln 3 → 2 ln 2 − ln 3), so answers
come out in one canonical form without ``simplify``. The solution always shows
both directions, D(P‖Q) and D(Q‖P), and says whether they differ.

Verification never touches the closed forms: finite discrete distributions are
summed term by term with mpmath at 40 digits, Poisson pmfs are summed over
their support until the tail is negligible, and the continuous defining
integral ∫ p ln(p/q) is computed by tanh–sinh quadrature (``mpmath.fp.quad``)
of the log-densities written out from their definitions.
"""

from __future__ import annotations

import math
from fractions import Fraction as F

import mpmath
import sympy as sp

from osmose import numeric
from osmose.logbits import in_bits
from osmose.family import (Checking, Evidence, Family, Mistake, Param, Problem, Reject, Step,
                           VerificationError)

DISTS = ("bernoulli", "categorical", "gaussian", "exponential", "poisson")

# --- exact closed forms: (rational part, {prime: coefficient of ln prime}) ------------


def _primes(n: int) -> dict[int, int]:
    """Prime factorisation of a small positive integer by trial division."""
    out, p = {}, 2
    while p * p <= n:
        while n % p == 0:
            out[p] = out.get(p, 0) + 1
            n //= p
        p += 1
    if n > 1:
        out[n] = out.get(n, 0) + 1
    return out


def log_of(r: F) -> dict[int, F]:
    """ln r as {prime: exponent}: ln(4/3) → {2: 2, 3: −1}."""
    out = {p: F(e) for p, e in _primes(r.numerator).items()}
    for p, e in _primes(r.denominator).items():
        out[p] = out.get(p, F(0)) - e
    return out


def _add_logs(*scaled: tuple[F, dict]) -> dict[int, F]:
    out: dict[int, F] = {}
    for c, logs in scaled:
        for p, e in logs.items():
            out[p] = out.get(p, F(0)) + c * e
    return {p: c for p, c in sorted(out.items()) if c}


class Closed:
    """An exact value ``rational + Σ coef·ln(prime)``; hashable, comparable, cheap."""

    __slots__ = ("rational", "logs")

    def __init__(self, rational: F = F(0), logs: dict | None = None):
        self.rational = F(rational)
        self.logs = {p: c for p, c in sorted((logs or {}).items()) if c}

    def key(self):
        return (self.rational, tuple(self.logs.items()))

    def __eq__(self, other):
        return isinstance(other, Closed) and self.key() == other.key()

    def __hash__(self):
        return hash(self.key())

    def flip_log(self) -> "Closed":
        return Closed(self.rational, {p: -c for p, c in self.logs.items()})

    def plus(self, r: F) -> "Closed":
        return Closed(self.rational + r, self.logs)

    def expr(self, base2: bool = False) -> sp.Expr:
        """The SymPy number; with ``base2`` every ln becomes log₂ = ln/ln 2."""
        logs = sp.Add(*[sp.Rational(c.numerator, c.denominator) * sp.log(p) for p, c in self.logs.items()])
        if base2:
            logs = sp.expand(logs / sp.log(2))
        return sp.Rational(self.rational.numerator, self.rational.denominator) + logs

    def __float__(self):
        return float(self.rational) + sum(float(c) * math.log(p) for p, c in self.logs.items())

    def _terms(self, log_tex: str, unicode: bool) -> str:
        """'c ln p' terms by prime, then the rational part, with signs between them."""
        parts = []
        for p, c in self.logs.items():
            a = abs(c)
            coef = "" if a == 1 else (str(a) if a.denominator == 1 else
                                      (f"({a})·" if unicode else rf"\frac{{{a.numerator}}}{{{a.denominator}}}"))
            if unicode and coef and not coef.endswith("·"):
                coef += "·"
            parts.append((c < 0, f"{coef}{log_tex}{p}" if unicode else rf"{coef}{log_tex} {p}"))
        if self.rational or not parts:
            r = abs(self.rational)
            shown = str(r) if unicode or r.denominator == 1 else rf"\frac{{{r.numerator}}}{{{r.denominator}}}"
            parts.append((self.rational < 0, shown))
        minus, plus = (" − ", " + ") if unicode else (" - ", " + ")
        out = (minus.strip() if parts[0][0] else "") + parts[0][1]
        for negative, term in parts[1:]:
            out += (minus if negative else plus) + term
        return out

    def tex(self) -> str:
        return self._terms(r"\ln", unicode=False)

    def text(self) -> str:
        return self._terms("ln ", unicode=True)


class InBits(Closed):
    """The same closed form with every ln read as log₂ (the 'wrong base' mistake)."""

    def expr(self, base2: bool = True) -> sp.Expr:
        logs = sp.Add(*[sp.Rational(c.numerator, c.denominator) * sp.log(p) for p, c in self.logs.items()])
        return sp.Rational(self.rational.numerator, self.rational.denominator) + in_bits(logs)

    def __float__(self):
        return float(self.rational) + sum(float(c) * math.log2(p) for p, c in self.logs.items())


def kl_discrete(p, q) -> Closed:
    """Σ pᵢ ln(pᵢ/qᵢ) over the support of p (0·ln 0 = 0); q must cover that support."""
    if any(pi and not qi for pi, qi in zip(p, q)):
        raise ValueError("q is 0 where p is positive: the divergence is infinite")
    return Closed(F(0), _add_logs(*[(pi, log_of(pi / qi)) for pi, qi in zip(p, q) if pi]))


def kl_bernoulli(p: F, q: F) -> Closed:
    return kl_discrete((p, 1 - p), (q, 1 - q))


def kl_gaussian(m1: F, v1: F, m2: F, v2: F) -> Closed:
    """D(N(m1, v1) ‖ N(m2, v2)) = ½ ln(v2/v1) + (v1 + (m1 − m2)²)/(2 v2) − ½ (v = variance)."""
    return Closed((v1 + (m1 - m2) ** 2) / (2 * v2) - F(1, 2), _add_logs((F(1, 2), log_of(v2 / v1))))


def kl_exponential(l1: F, l2: F) -> Closed:
    """D(Exp(l1) ‖ Exp(l2)) = ln(l1/l2) + l2/l1 − 1 (rates)."""
    return Closed(l2 / l1 - 1, log_of(l1 / l2))


def kl_poisson(l1: F, l2: F) -> Closed:
    """D(Pois(l1) ‖ Pois(l2)) = l1 ln(l1/l2) + l2 − l1."""
    return Closed(l2 - l1, _add_logs((l1, log_of(l1 / l2))))


#: exact closed forms (rationals and logs of primes), or decimals to 3 significant figures
CHECKING = Checking(precision="exact-or-decimal", sig_figs=3)

# --- drawing the two distributions ----------------------------------------------------------

def _fracs(*pairs) -> tuple[F, ...]:
    return tuple(F(a, b) for a, b in pairs)


BERNOULLI = {
    1: tuple(F(a, d) for d in (2, 3, 4, 5, 6, 8, 10, 12) for a in range(1, d) if math.gcd(a, d) == 1),
    2: tuple(F(a, d) for d in (2, 3, 4, 5, 6, 8, 10) for a in range(1, d) if math.gcd(a, d) == 1),
    3: tuple(F(a, d) for d in (3, 4, 5, 6, 8, 9, 10) for a in range(1, d) if math.gcd(a, d) == 1),
}
#: level -> (common denominators, number of outcomes)
CATEGORICAL = {1: ((4, 6, 8, 12), (3,)), 2: ((4, 5, 6, 8), (3, 4)), 3: ((6, 8, 9, 10, 12), (4,))}
GAUSS_VAR = {1: (F(1, 4), 1, 4, 9, 16), 2: (1, 4, 9, F(1, 4)), 3: (1, 2, 3, 4, 5, 6, F(1, 2), F(1, 4))}
GAUSS_MEAN = {1: range(-3, 4), 2: range(-3, 4), 3: tuple(F(k, 2) for k in range(-6, 7))}
#: wide pools of simple rates so a class of 200 gets many different pairs; from level 2 on an
#: exponential may be stated by its mean (1/rate) instead of its rate
RATES = {1: (F(1, 4), F(1, 3), F(1, 2), F(2, 3), F(3, 4), 1, F(4, 3), F(3, 2), 2, F(5, 2), 3, 4, 5, 6, 8),
         2: (F(1, 4), F(1, 3), F(1, 2), F(2, 3), F(3, 4), 1, F(4, 3), F(3, 2), 2,
             F(5, 2), 3, 4, 5, 6, 8, 9, 10),
         3: (F(1, 2), F(1, 3), F(2, 3), 1, F(3, 2), 2, F(5, 2), 3, 4, 5, F(1, 4), F(3, 4), 6)}
BY_MEAN_SHARE = {1: 0.0, 2: 0.5, 3: 0.5}
_POISSON = (F(1, 2), 1, F(3, 2), 2, F(5, 2), 3, F(7, 2), 4, F(9, 2), 5, F(11, 2), 6, 7, 8, 9, 10, 12, 14, 15, 16)
POISSON = {1: _POISSON, 2: _POISSON, 3: _POISSON}
#: a learner can handle coefficients like 5/3 ln 2, not 1001/720 ln 7
MAX_DENOMINATOR = 60


def _composition(rng, d: int, k: int, allow_zero: bool) -> tuple[F, ...]:
    if allow_zero:
        cuts = sorted(rng.randint(0, d) for _ in range(k - 1))
    else:
        cuts = sorted(rng.sample(range(1, d), k - 1))
    return tuple(F(b - a, d) for a, b in zip([0] + cuts, cuts + [d]))


def _draw(rng, dist: str, level: int) -> tuple[dict, dict]:
    """(P, Q) parameters as dicts of Fractions; P ≠ Q."""
    if dist == "bernoulli":
        p, q = rng.sample(BERNOULLI[level], 2)
        return {"p": p}, {"p": q}
    if dist == "categorical":
        denominators, sizes = CATEGORICAL[level]
        k = rng.choice(sizes)
        # level 3: P leaves out an outcome in 40 % of draws, so that one direction is infinite
        zero = level == 3 and rng.random() < 0.4
        p = _composition(rng, rng.choice(denominators), k, allow_zero=zero)
        if zero and 0 not in p:
            raise Reject("the draw meant to leave an outcome out did not")
        q = _composition(rng, rng.choice(denominators), k, allow_zero=False)
        if p == q:
            raise Reject("P = Q")
        if sum(1 for x in p if x == 0) > 1:
            raise Reject("at most one impossible outcome")
        return {"probs": p}, {"probs": q}
    if dist == "gaussian":
        means, variances = GAUSS_MEAN[level], GAUSS_VAR[level]
        m1, m2 = F(rng.choice(means)), F(rng.choice(means))
        v1, v2 = F(rng.choice(variances)), F(rng.choice(variances))
        if level == 1:  # one parameter differs
            if rng.random() < 0.5:
                v2 = v1
            else:
                m2 = m1
        elif m1 == m2 or v1 == v2:
            raise Reject("both parameters should differ")
        if (m1, v1) == (m2, v2):
            raise Reject("P = Q")
        return {"mean": m1, "variance": v1}, {"mean": m2, "variance": v2}
    pool = RATES[level] if dist == "exponential" else POISSON[level]
    l1, l2 = (F(x) for x in rng.sample(pool, 2))
    if max(l1 / l2, l2 / l1) > 8:
        raise Reject("rates too far apart")
    if dist == "exponential":  # each stated by its rate or by its mean
        return tuple({"rate": r, "stated": "mean" if rng.random() < BY_MEAN_SHARE[level] else "rate"}
                     for r in (l1, l2))
    return {"rate": l1}, {"rate": l2}


def kl_of(dist: str, a: dict, b: dict) -> Closed:
    """The closed form of D(A‖B) for parameter dicts ``a``, ``b``."""
    if dist == "bernoulli":
        return kl_bernoulli(a["p"], b["p"])
    if dist == "categorical":
        return kl_discrete(a["probs"], b["probs"])
    if dist == "gaussian":
        return kl_gaussian(a["mean"], a["variance"], b["mean"], b["variance"])
    if dist == "exponential":
        return kl_exponential(a["rate"], b["rate"])
    return kl_poisson(a["rate"], b["rate"])


# --- how things are written ------------------------------------------------------------------

def ftex(x: F) -> str:
    """TeX of a Fraction without a SymPy round trip: -\\frac{1}{2}, 3."""
    x = F(x)
    if x.denominator == 1:
        return str(x.numerator)
    sign = "-" if x < 0 else ""
    return rf"{sign}\frac{{{abs(x.numerator)}}}{{{x.denominator}}}"


def ftext(x: F) -> str:
    """Plain text of a Fraction: -1/2, 3."""
    return str(F(x))


def describe(dist: str, name: str, a: dict) -> tuple[str, str]:
    """'\\(P = …\\)' and 'P = …'; an exponential stated by its mean reads 'P the exponential
    distribution with mean m'."""
    if dist == "exponential" and a.get("stated") == "mean":
        m = 1 / a["rate"]
        return (rf"\({name}\) the exponential distribution with mean \({ftex(m)}\)",
                f"{name} the exponential distribution with mean {ftext(m)}")
    return rf"\({name} = {dist_tex(dist, a)}\)", f"{name} = {dist_text(dist, a)}"


def dist_tex(dist: str, a: dict) -> str:
    if dist == "bernoulli":
        return rf"\mathrm{{Bernoulli}}\left({ftex((a['p']))}\right)"
    if dist == "categorical":
        return r"\left(" + ", ".join(ftex((x)) for x in a["probs"]) + r"\right)"
    if dist == "gaussian":
        return rf"\mathcal{{N}}\left({ftex((a['mean']))}, {ftex((a['variance']))}\right)"
    name = r"\mathrm{Exp}" if dist == "exponential" else r"\mathrm{Poisson}"
    return rf"{name}\left({ftex((a['rate']))}\right)"


def dist_text(dist: str, a: dict) -> str:
    if dist == "bernoulli":
        return f"Bernoulli({ftext((a['p']))})"
    if dist == "categorical":
        return "(" + ", ".join(ftext((x)) for x in a["probs"]) + ")"
    if dist == "gaussian":
        return f"N({ftext((a['mean']))}, {ftext((a['variance']))})"
    name = "Exp" if dist == "exponential" else "Poisson"
    return f"{name}({ftext((a['rate']))})"


CONVENTION = {
    "bernoulli": ("Bernoulli(p) puts probability p on 1 and 1 − p on 0.",) * 2,
    "categorical": ("The distributions are on the outcomes 1, 2, … in the order listed.",) * 2,
    "gaussian": (r"In \(\mathcal{N}(\mu, \sigma^2)\) the second parameter is the variance \(\sigma^2\), not "
                 r"the standard deviation.",
                 "In N(μ, σ²) the second parameter is the variance σ², not the standard deviation."),
    "exponential": (r"\(\mathrm{Exp}(\lambda)\) has density \(\lambda e^{-\lambda x}\) on \(x \ge 0\) (rate "
                    r"\(\lambda\), mean \(1/\lambda\)).",
                    "Exp(λ) has density λe^(−λx) on x ≥ 0 (rate λ, mean 1/λ)."),
    "poisson": (r"\(\mathrm{Poisson}(\lambda)\) has pmf \(e^{-\lambda}\lambda^k/k!\) on \(k = 0, 1, 2, \ldots\)",
                "Poisson(λ) has pmf e^(−λ)·λᵏ/k! on k = 0, 1, 2, …"),
}

DEFINITION = {
    "bernoulli": (r"D_{\mathrm{KL}}(A\,\|\,B) = a\ln\frac{a}{b} + (1-a)\ln\frac{1-a}{1-b}",
                  "D_KL(A‖B) = a·ln(a/b) + (1−a)·ln((1−a)/(1−b))"),
    "categorical": (r"D_{\mathrm{KL}}(A\,\|\,B) = \sum_i a_i \ln\frac{a_i}{b_i}",
                    "D_KL(A‖B) = Σᵢ aᵢ·ln(aᵢ/bᵢ)"),
    "gaussian": (r"D_{\mathrm{KL}}\left(\mathcal{N}(\mu_1,\sigma_1^2)\,\|\,\mathcal{N}(\mu_2,\sigma_2^2)\right)"
                 r" = \ln\frac{\sigma_2}{\sigma_1} + \frac{\sigma_1^2 + (\mu_1-\mu_2)^2}{2\sigma_2^2} - \frac{1}{2}",
                 "D_KL(N(μ₁,σ₁²)‖N(μ₂,σ₂²)) = ln(σ₂/σ₁) + (σ₁² + (μ₁−μ₂)²)/(2σ₂²) − 1/2"),
    "exponential": (r"D_{\mathrm{KL}}\left(\mathrm{Exp}(\lambda_1)\,\|\,\mathrm{Exp}(\lambda_2)\right)"
                    r" = \ln\frac{\lambda_1}{\lambda_2} + \frac{\lambda_2}{\lambda_1} - 1",
                    "D_KL(Exp(λ₁)‖Exp(λ₂)) = ln(λ₁/λ₂) + λ₂/λ₁ − 1"),
    "poisson": (r"D_{\mathrm{KL}}\left(\mathrm{Poisson}(\lambda_1)\,\|\,\mathrm{Poisson}(\lambda_2)\right)"
                r" = \lambda_1\ln\frac{\lambda_1}{\lambda_2} + \lambda_2 - \lambda_1",
                "D_KL(Poisson(λ₁)‖Poisson(λ₂)) = λ₁·ln(λ₁/λ₂) + λ₂ − λ₁"),
}

WHY = {
    "bernoulli": "Definition: the expected log-ratio under the first argument, summed over the outcomes 1 and 0.",
    "categorical": "Definition: the expected log-ratio under the first argument, summed over the outcomes "
                   "where the first distribution is positive (0·ln 0 = 0).",
    "gaussian": "Closed form of ∫ p ln(p/q) dx for two Gaussians: ln(p/q) is a quadratic in x, "
                "averaged under p (σ = √variance).",
    "exponential": "Closed form of ∫ p ln(p/q) dx: ln(p/q) = ln(λ₁/λ₂) − (λ₁ − λ₂)x, averaged under "
                   "Exp(λ₁), whose mean is 1/λ₁.",
    "poisson": "Closed form of Σ p ln(p/q): ln(p/q) = k·ln(λ₁/λ₂) − λ₁ + λ₂, averaged under "
               "Poisson(λ₁), whose mean is λ₁.",
}


def _ptex(x: F) -> str:
    """A number as a factor or subtrahend in TeX: negatives in parentheses."""
    return rf"\left({ftex(x)}\right)" if x < 0 else ftex(x)


def _ptext(x: F) -> str:
    """A number inside a Unicode formula: fractions and negatives in parentheses."""
    return str(x) if F(x).denominator == 1 and x >= 0 else f"({x})"


def _substitution(dist: str, a: dict, b: dict) -> tuple[str, str]:
    """The formula with the numbers of (A, B) put in, in TeX and Unicode."""
    t, u = ftex, _ptext
    if dist in ("bernoulli", "categorical"):
        pa = (a["p"], 1 - a["p"]) if dist == "bernoulli" else a["probs"]
        pb = (b["p"], 1 - b["p"]) if dist == "bernoulli" else b["probs"]
        pairs = [(x, y) for x, y in zip(pa, pb) if x]
        return (" + ".join(rf"{t(x)}\ln\frac{{{t(x)}}}{{{t(y)}}}" for x, y in pairs),
                " + ".join(f"{ftext(x)}·ln({u(x)}/{u(y)})" for x, y in pairs))
    if dist == "gaussian":
        m1, v1, m2, v2 = a["mean"], a["variance"], b["mean"], b["variance"]
        return (rf"\frac{{1}}{{2}}\ln\frac{{{t(v2)}}}{{{t(v1)}}} + \frac{{{t(v1)} + \left({t(m1)} - {_ptex(m2)}\right)^2}}"
                rf"{{2\cdot {t(v2)}}} - \frac{{1}}{{2}}",
                f"½·ln({u(v2)}/{u(v1)}) + ({ftext(v1)} + ({ftext(m1)} − {u(m2)})²)/(2·{u(v2)}) − 1/2")
    l1, l2 = a["rate"], b["rate"]
    if dist == "exponential":
        return (rf"\ln\frac{{{t(l1)}}}{{{t(l2)}}} + \frac{{{t(l2)}}}{{{t(l1)}}} - 1",
                f"ln({u(l1)}/{u(l2)}) + {u(l2)}/{u(l1)} − 1")
    return (rf"{t(l1)}\ln\frac{{{t(l1)}}}{{{t(l2)}}} + {t(l2)} - {t(l1)}",
            f"{ftext(l1)}·ln({u(l1)}/{u(l2)}) + {ftext(l2)} − {u(l1)}")


def _direction_steps(dist, a, b, name_a, name_b, value: Closed) -> list[Step]:
    d_tex = rf"D_{{\mathrm{{KL}}}}({name_a}\,\|\,{name_b})"
    d_txt = f"D_KL({name_a}‖{name_b})"
    sub_tex, sub_txt = _substitution(dist, a, b)
    return [Step(f"Direction {name_a}‖{name_b}: expectation under {name_a}.",
                 rf"{d_tex} = {sub_tex} = {value.tex()} \approx {float(value):.4f}",
                 f"{d_txt} = {sub_txt} = {value.text()} ≈ {float(value):.4f}")]


# --- mistakes ---------------------------------------------------------------------------------

def _mistake_values(dist: str, a: dict, b: dict, value: Closed, reverse: Closed) -> list[tuple[str, Closed, str]]:
    """(name, wrong value of D(A‖B), feedback) for the typical slips on this pair."""
    out = [
        ("direction swapped", reverse,
         "That is the other direction: D_KL(A‖B) averages ln(a/b) under A, the first argument."),
        ("log base 2", InBits(value.rational, value.logs),
         "The question asks for nats: use the natural log (bits = nats / ln 2)."),
        ("sign slip in the log", value.flip_log(),
         "The log ratio is ln(first/second), e.g. ln(a/b), not ln(b/a)."),
    ]
    if dist == "gaussian":
        m1, v1, m2, v2 = a["mean"], a["variance"], b["mean"], b["variance"]
        out.append(("forgot the -1/2", value.plus(F(1, 2)),
                    "The closed form ends with −1/2, so that D_KL(P‖P) = 0."))
        out.append(("variance used as standard deviation", kl_gaussian(m1, v1 * v1, m2, v2 * v2),
                    "The second parameter of N(μ, σ²) is the variance σ², not σ."))
    elif dist == "exponential":
        out.append(("forgot the -1", value.plus(F(1)),
                    "The closed form ends with −1, so that D_KL(P‖P) = 0."))
        by_mean = [x.get("stated") == "mean" for x in (a, b)]
        if not any(by_mean):
            out.append(("rate read as mean", kl_exponential(1 / a["rate"], 1 / b["rate"]),
                        "Exp(λ) is parametrised by its rate λ; its mean is 1/λ."))
        else:  # a distribution given by its mean m has rate 1/m
            slip = [1 / x["rate"] if m else x["rate"] for x, m in zip((a, b), by_mean)]
            out.append(("mean used as the rate", kl_exponential(*slip),
                        "An exponential with mean m has rate λ = 1/m; the formula needs the rates."))
    elif dist == "poisson":
        out.append(("forgot lambda2 - lambda1", Closed(F(0), value.logs),
                    "The terms λ₂ − λ₁ come from the normalising factors e^(−λ) of the two pmfs."))
    return out


def _differs(x, y) -> bool:
    """Numerically different values (tuples: in some entry); x, y are Closed or tuples of them."""
    if isinstance(x, tuple):
        return any(_differs(i, j) for i, j in zip(x, y))
    return abs(float(x) - float(y)) > 1e-9 * max(1.0, abs(float(y)))


# --- the family -------------------------------------------------------------------------------

ASK_TEX = {"PQ": r"D_{\mathrm{KL}}(P\,\|\,Q)", "QP": r"D_{\mathrm{KL}}(Q\,\|\,P)"}
ASK_TEXT = {"PQ": "D_KL(P‖Q)", "QP": "D_KL(Q‖P)"}


def generate(rng, params) -> Problem:
    dist, level = params["dist"], params["level"]
    P, Q = _draw(rng, dist, level)
    finite_pq = not (dist == "categorical" and any(x and not y for x, y in zip(P["probs"], Q["probs"])))
    finite_qp = not (dist == "categorical" and any(y and not x for x, y in zip(P["probs"], Q["probs"])))
    pq = kl_of(dist, P, Q) if finite_pq else None
    qp = kl_of(dist, Q, P) if finite_qp else None
    for v in (pq, qp):
        if v is not None and (any(c.denominator > MAX_DENOMINATOR for c in v.logs.values())
                              or v.rational.denominator > MAX_DENOMINATOR or len(v.logs) > 3):
            raise Reject("coefficients too ugly to work by hand")

    infinite = not (finite_pq and finite_qp)
    if level == 1:
        ask = "PQ"
    elif infinite:  # level 3, a zero in P: the learner must find which direction is finite
        ask = "PQ" if finite_pq else "QP"
    elif level == 2:
        ask = "PQ" if rng.random() < 0.5 else "QP"
    else:
        ask = "both"

    steps = [Step(WHY[dist], DEFINITION[dist][0], DEFINITION[dist][1])]
    if finite_pq:
        steps += _direction_steps(dist, P, Q, "P", "Q", pq)
    if finite_qp:
        steps += _direction_steps(dist, Q, P, "Q", "P", qp)
    if finite_pq and finite_qp:
        if pq == qp:
            steps.append(Step("Here both directions agree (this pair is special), but in general "
                              "D_KL is not symmetric."))
        else:
            steps.append(Step("The two directions differ: KL divergence is not symmetric, so it is not a metric.",
                              rf"{float(pq):.4f} \ne {float(qp):.4f}", f"{float(pq):.4f} ≠ {float(qp):.4f}"))
    else:
        zero = "P" if not finite_qp else "Q"
        other = "Q" if zero == "P" else "P"
        steps.append(Step(f"{zero} gives probability 0 to an outcome that {other} can produce, so "
                          f"D_KL({other}‖{zero}) = ∞ while D_KL({zero}‖{other}) is finite: KL is not symmetric.",
                          rf"D_{{\mathrm{{KL}}}}({other}\,\|\,{zero}) = \infty", f"D_KL({other}‖{zero}) = ∞"))

    def mistakes_for(a, b, value, reverse):
        return _mistake_values(dist, a, b, value, reverse if reverse is not None else value)

    if ask == "both":
        exact = (pq, qp)
        m_pq, m_qp = mistakes_for(P, Q, pq, qp), mistakes_for(Q, P, qp, pq)
        candidates = [(n, (x, y), fb) for (n, x, fb), (_, y, _) in zip(m_pq, m_qp)]
        candidates[0] = ("directions swapped", (qp, pq),
                         "The first entry is D_KL(P‖Q), the average of ln(p/q) under P.")
        kind = "tuple"
        ask_tex = r"the pair \(\bigl(D_{\mathrm{KL}}(P\,\|\,Q),\ D_{\mathrm{KL}}(Q\,\|\,P)\bigr)\)"
        ask_text = "the pair (D_KL(P‖Q), D_KL(Q‖P))"
    else:
        a, b, value, reverse = (P, Q, pq, qp) if ask == "PQ" else (Q, P, qp, pq)
        exact = value
        candidates = mistakes_for(a, b, value, reverse)
        kind = "number"
        ask_tex = rf"\({ASK_TEX[ask]}\)"
        ask_text = ASK_TEXT[ask]
        if reverse is None:  # the other direction is infinite: the slip is to drop its infinite term
            dropped = Closed(F(0), _add_logs(*[(x, log_of(x / y)) for x, y in zip(b["probs"], a["probs"]) if x and y]))
            candidates = [("dropped the infinite term", dropped,
                           "That is the other direction with its infinite term left out: where the second "
                           "argument is 0 but the first is not, x·ln(x/0) = ∞, so that direction is infinite; "
                           "the finite one is the other.")] + candidates[1:]
            ask_tex = (r"the one of \(D_{\mathrm{KL}}(P\,\|\,Q)\) and \(D_{\mathrm{KL}}(Q\,\|\,P)\) that is "
                       r"finite (decide which; the other is infinite)")
            ask_text = "the one of D_KL(P‖Q) and D_KL(Q‖P) that is finite (decide which; the other is infinite)"
    answer = _expr(exact)
    kept = tuple(Mistake(n, _expr(w), fb) for n, w, fb in _distinct(candidates, exact))

    conv_tex, conv_text = CONVENTION[dist]
    (p_tex, p_text), (q_tex, q_text) = describe(dist, "P", P), describe(dist, "Q", Q)
    say = CHECKING.statement()
    prompt_tex = (rf"Let {p_tex} and {q_tex}. {conv_tex} "
                  rf"Compute {ask_tex} in nats (natural logarithm). {say}")
    prompt_text = (f"Let {p_text} and {q_text}. {conv_text} "
                   f"Compute {ask_text} in nats (natural log). {say}")
    given = {"dist": dist, "ask": ask, "P": _given(P), "Q": _given(Q)}
    return Problem(prompt_tex, prompt_text, answer, kind, tuple(steps), given, CHECKING, kept)


def _expr(v):
    return tuple(x.expr() for x in v) if isinstance(v, tuple) else v.expr()


def _distinct(candidates, exact) -> list:
    """Candidates that differ from the answer and from each other (first one wins)."""
    kept: list = []
    for name, wrong, feedback in candidates:
        if _differs(wrong, exact) and all(_differs(wrong, k[1]) for k in kept):
            kept.append((name, wrong, feedback))
    return kept


def _given(a: dict) -> dict:
    return {k: ([str(x) for x in v] if isinstance(v, tuple) else str(v)) for k, v in a.items()}


# --- independent verification -----------------------------------------------------------------

def _params(d: dict) -> dict:
    return {k: ([F(x) for x in v] if isinstance(v, list) else F(v)) for k, v in d.items() if k != "stated"}


def _sum_finite(p, q) -> mpmath.mpf:
    """Σ pᵢ ln(pᵢ/qᵢ) term by term at 40 significant digits."""
    with mpmath.workdps(40):
        total = mpmath.mpf(0)
        for pi, qi in zip(p, q):
            if pi == 0:
                continue
            if qi == 0:
                return mpmath.inf
            a = mpmath.mpf(pi.numerator) / pi.denominator
            b = mpmath.mpf(qi.numerator) / qi.denominator
            total += a * mpmath.log(a / b)
        return +total


def _poisson_logpmf(k: int, lam: float) -> float:
    return k * math.log(lam) - lam - math.lgamma(k + 1)


def _sum_poisson(l1: float, l2: float) -> tuple[float, int]:
    """Σₖ p(k) ln(p(k)/q(k)) from the pmfs, until the remaining mass of Poisson(l1) is < 1e-17."""
    terms, k, mass = [], 0, 0.0
    while True:
        lp = _poisson_logpmf(k, l1)
        p = math.exp(lp)
        terms.append(p * (lp - _poisson_logpmf(k, l2)))
        mass += p
        if k > l1 and 1.0 - mass < 1e-17:
            break
        if k > l1 + 60 * math.sqrt(l1) + 60:
            break
        k += 1
    return math.fsum(terms), k + 1


def _quad_gaussian(m1, v1, m2, v2) -> float:
    def logpdf(x, m, v):
        return -(x - m) ** 2 / (2 * v) - 0.5 * math.log(2 * math.pi * v)

    def integrand(x):
        lp = logpdf(x, m1, v1)
        return math.exp(lp) * (lp - logpdf(x, m2, v2))
    return mpmath.fp.quad(integrand, [-mpmath.inf, m1, mpmath.inf])


def _quad_exponential(l1, l2) -> float:
    def integrand(x):
        lp = math.log(l1) - l1 * x
        return math.exp(lp) * (lp - (math.log(l2) - l2 * x))
    return mpmath.fp.quad(integrand, [0, 1 / l1, 5 / l1, mpmath.inf])


def divergence(dist: str, a: dict, b: dict) -> tuple[float, str]:
    """D(A‖B) recomputed from the definition; returns (value, method)."""
    if dist == "bernoulli":
        return float(_sum_finite((a["p"], 1 - a["p"]), (b["p"], 1 - b["p"]))), "direct summation"
    if dist == "categorical":
        return float(_sum_finite(a["probs"], b["probs"])), "direct summation"
    if dist == "poisson":
        value, n = _sum_poisson(float(a["rate"]), float(b["rate"]))
        return value, f"summation of the pmfs over k < {n}"
    if dist == "gaussian":
        return _quad_gaussian(float(a["mean"]), float(a["variance"]),
                              float(b["mean"]), float(b["variance"])), "quadrature"
    return _quad_exponential(float(a["rate"]), float(b["rate"])), "quadrature"


def verify(given, answer) -> Evidence:
    dist, ask = given["dist"], given["ask"]
    P, Q = _params(given["P"]), _params(given["Q"])
    wanted = {"PQ": [(P, Q, "D(P‖Q)")], "QP": [(Q, P, "D(Q‖P)")],
              "both": [(P, Q, "D(P‖Q)"), (Q, P, "D(Q‖P)")]}[ask]
    values = answer if ask == "both" else (answer,)
    if not isinstance(values, tuple) or len(values) != len(wanted):
        raise VerificationError(f"expected {len(wanted)} value(s), got {answer!r}")
    err, method = 0.0, ""
    for (a, b, what), value in zip(wanted, values):
        independent, method = divergence(dist, a, b)
        err = max(err, numeric.require_close(independent, float(value), what, rel=1e-9, floor=1e-12))
    if dist in ("gaussian", "exponential"):
        detail = "tanh-sinh quadrature (mpmath.fp.quad) of ∫ p ln(p/q) from the log-densities"
        method = "mpmath quadrature"
    elif dist == "poisson":
        detail = f"fsum of p(k)·(ln p(k) − ln q(k)), {method}, tail mass < 1e-17"
        method = "direct summation"
    else:
        detail = "Σ pᵢ ln(pᵢ/qᵢ) term by term with mpmath at 40 digits"
    return Evidence(method, detail + f"; {len(wanted)} direction(s), rel. tol 1e-9", err)


def baseline(given):
    """The closed form in plain SymPy, no verification (benchmarks/generate.py)."""
    R, ln = sp.Rational, sp.log

    def kl(a: dict, b: dict):
        dist = given["dist"]
        if dist in ("bernoulli", "categorical"):
            ps = [R(a["p"]), 1 - R(a["p"])] if dist == "bernoulli" else [R(x) for x in a["probs"]]
            qs = [R(b["p"]), 1 - R(b["p"])] if dist == "bernoulli" else [R(x) for x in b["probs"]]
            return sp.Add(*[p * ln(p / q) if q else sp.oo for p, q in zip(ps, qs) if p])
        if dist == "gaussian":
            m1, v1, m2, v2 = (R(a["mean"]), R(a["variance"]), R(b["mean"]), R(b["variance"]))
            return ln(v2 / v1) / 2 + (v1 + (m1 - m2) ** 2) / (2 * v2) - R(1, 2)
        l1, l2 = R(a["rate"]), R(b["rate"])
        return ln(l1 / l2) + l2 / l1 - 1 if dist == "exponential" else l1 * ln(l1 / l2) + l2 - l1

    P, Q = given["P"], given["Q"]
    if given["ask"] == "both":
        return (kl(P, Q), kl(Q, P))
    return kl(P, Q) if given["ask"] == "PQ" else kl(Q, P)


FAMILY = Family(
    name="kl_divergence",
    version=2,
    title="KL divergence, both directions",
    summary="Exact D_KL(P‖Q) and D_KL(Q‖P) for Bernoulli, categorical, Gaussian, exponential and Poisson pairs.",
    params={
        "dist": Param("gaussian", DISTS, "which family P and Q belong to"),
        "level": Param(1, (1, 2, 3),
                       "1: small numbers, D(P‖Q); 2: more values, either direction; "
                       "3: both directions as a pair (categorical: a zero makes one direction infinite)"),
    },
    levels={1: "small numbers, D(P‖Q) only (exponentials by their rates)",
            2: "wider values, either direction (an exponential may be stated by its mean)",
            3: "both directions as a pair; categorical: 40 % of draws leave an outcome out of P, and the "
               "learner must find the one finite direction"},
    generate=generate,
    verify=verify,
    baseline=baseline,
)
