"""Bayesian model selection for a coin, and MAP versus maximum-likelihood estimates.

Tasks:
* ``evidence``: P(D | M) of a toss sequence under a Beta(a, b) prior, B(a+k, b+n−k)/B(a, b);
* ``bayes_factor``: K = P(D | M₁)/P(D | M₂) read on Jeffreys' scale (a choice answer);
* ``map_beta``: (MAP, ML) of a coin's bias under a Beta prior;
* ``map_gaussian``: (MAP, ML) of a Gaussian mean with known variance under a Gaussian prior.

Answers are exact (factorials, fractions). Verification integrates the likelihood
against the prior density with 60-point Gauss–Legendre quadrature (normalizing the prior by
quadrature too), and finds MAP and ML by golden-section search on the log density.
"""

from __future__ import annotations

import math
from fractions import Fraction as Fr

import numpy as np
import sympy as sp

from osmose import numeric
from osmose.family import Checking, Evidence, Family, Mistake, Param, Problem, Reject, Step, VerificationError
from osmose.mathtext import tex, uni
from osmose.exact import rational as _r

R = sp.Rational
SCALE = ("negative", "barely worth mentioning", "substantial", "strong", "very strong", "decisive")
#: exact fractions, or decimals to 3 significant figures
EXACT = Checking(precision="exact-or-decimal", sig_figs=3)
CHOICE = Checking(choices=SCALE)
#: the thresholds of Jeffreys' scale, stated in every bayes_factor prompt
THRESHOLDS_TEXT = ("K < 1: negative; 1 ≤ K < √10: barely worth mentioning; √10 ≤ K < 10: substantial; "
                   "10 ≤ K < 10^1.5: strong; 10^1.5 ≤ K < 100: very strong; K ≥ 100: decisive")
THRESHOLDS_TEX = (r"\(K < 1\): negative; \(1 \le K < \sqrt{10}\): barely worth mentioning; "
                  r"\(\sqrt{10} \le K < 10\): substantial; \(10 \le K < 10^{1.5}\): strong; "
                  r"\(10^{1.5} \le K < 100\): very strong; \(K \ge 100\): decisive")


def jeffreys(K: Fr) -> str:
    """Jeffreys' (1961) scale for K = P(D|M₁)/P(D|M₂); thresholds at powers of √10."""
    if K < 1:
        return SCALE[0]
    if K * K < 10:
        return SCALE[1]
    if K < 10:
        return SCALE[2]
    if K * K < 1000:
        return SCALE[3]
    if K < 100:
        return SCALE[4]
    return SCALE[5]


def _near_boundary(K: Fr) -> bool:
    logk = math.log10(K)
    return any(abs(logk - b) < 0.04 for b in (0, 0.5, 1, 1.5, 2))


def beta_fn(a: int, b: int) -> Fr:
    """B(a, b) for positive integers: (a−1)!(b−1)!/(a+b−1)!."""
    return Fr(math.factorial(a - 1) * math.factorial(b - 1), math.factorial(a + b - 1))


def evidence(model: tuple, k: int, n: int) -> Fr:
    """P(sequence | model): a point mass ('point', θ) or a Beta ('beta', a, b) prior."""
    if model[0] == "point":
        th = model[1]
        return th ** k * (1 - th) ** (n - k)
    _, a, b = model
    return beta_fn(a + k, b + n - k) / beta_fn(a, b)


def _model_tex(m) -> str:
    return f"\\theta = {tex(_r(m[1]))}" if m[0] == "point" else f"\\theta \\sim \\operatorname{{Beta}}({m[1]}, {m[2]})"


def _model_text(m) -> str:
    return f"θ = {uni(_r(m[1]))}" if m[0] == "point" else f"θ ~ Beta({m[1]}, {m[2]})"


def _pow_tex(base: str, e: int) -> str:
    """base^e for a factor of a product: omitted when e = 0, bare when e = 1 (no θ^1, θ^0)."""
    return "" if e == 0 else base if e == 1 else f"{base}^{{{e}}}"


def _pow_text(base: str, e: int) -> str:
    return "" if e == 0 else base if e == 1 else f"{base}^{e}"


def _product(*factors: str, sep: str = "") -> str:
    kept = [f for f in factors if f]
    return sep.join(kept) if kept else "1"


def _sequence(rng, n: int, k: int) -> str:
    tosses = ["H"] * k + ["T"] * (n - k)
    rng.shuffle(tosses)
    return "".join(tosses)


def _evidence_steps(m, k, n):
    if m[0] == "point":
        th = _r(m[1])
        val = _r(evidence(m, k, n))
        ptex = _product(_pow_tex(f"\\left({tex(th)}\\right)", k),
                        _pow_tex(f"\\left(1-{tex(th)}\\right)", n - k), sep=" ")
        ptext = _product(_pow_text(f"({uni(th)})", k), _pow_text(f"(1−{uni(th)})", n - k), sep="·")
        return Step(f"Under {_model_text(m)} the sequence has probability θ^k (1−θ)^(n−k).",
                    f"P(D\\mid {_model_tex(m)}) = {ptex} = {tex(val)}",
                    f"P(D | {_model_text(m)}) = {ptext} = {uni(val)}")
    _, a, b = m
    val = _r(evidence(m, k, n))
    return Step("Average the likelihood over the Beta prior: a ratio of Beta functions, "
                "B(a, b) = (a−1)!(b−1)!/(a+b−1)!.",
                f"P(D\\mid {_model_tex(m)}) = \\frac{{B({a}+{k},\\,{b}+{n - k})}}{{B({a},{b})}} = "
                f"\\frac{{B({a + k},{b + n - k})}}{{B({a},{b})}} = {tex(val)}",
                f"P(D | {_model_text(m)}) = B({a + k}, {b + n - k})/B({a}, {b}) = {uni(val)}")


def _task_evidence(rng):
    a, b = rng.randint(1, 4), rng.randint(1, 4)
    n = rng.randint(3, 7)
    k = rng.randint(0, n)
    seq = _sequence(rng, n, k)
    m = ("beta", a, b)
    ev = evidence(m, k, n)
    if ev.denominator > 50000:
        raise Reject("ugly fraction")
    answer = _r(ev)
    prompt_tex = (f"A coin with unknown bias \\(\\theta = P(\\text{{H}})\\) has the prior "
                  f"\\(\\theta \\sim \\operatorname{{Beta}}({a}, {b})\\). It lands {seq} "
                  f"(in this order). Compute the evidence (marginal likelihood) \\(P(D)\\) of this sequence. "
                  f"{EXACT.statement()}")
    prompt_text = (f"A coin with unknown bias θ = P(H) has the prior θ ~ Beta({a}, {b}). It lands {seq} "
                   f"(in this order). Compute the evidence (marginal likelihood) P(D) of this sequence. "
                   f"{EXACT.statement()}")
    lik_tex = _product(_pow_tex("\\theta", k), _pow_tex("(1-\\theta)", n - k))
    lik_text = _product(_pow_text("θ", k), _pow_text("(1−θ)", n - k), sep="·")
    dens_tex = _product(_pow_tex("\\theta", a - 1), _pow_tex("(1-\\theta)", b - 1))
    dens_text = _product(_pow_text("θ", a - 1), _pow_text("(1−θ)", b - 1), sep="·")
    steps = (Step(f"The sequence has k = {k} heads in n = {n} tosses; its likelihood is θ^k (1−θ)^(n−k).",
                  f"P(D\\mid\\theta) = {lik_tex}", f"P(D|θ) = {lik_text}"),
             Step("Integrate against the prior density θ^(a−1)(1−θ)^(b−1)/B(a, b).",
                  f"P(D) = \\int_0^1 {lik_tex}\\,"
                  f"\\frac{{{dens_tex}}}{{B({a},{b})}}\\,d\\theta",
                  f"P(D) = ∫₀¹ {lik_text} · {dens_text}/B({a},{b}) dθ"),
             _evidence_steps(m, k, n))
    mistakes = [
        Mistake("binomial coefficient", answer * math.comb(n, k),
                "That is the probability of k heads in any order; the question asks for this particular sequence."),
        Mistake("plugged in the prior mean", _r(evidence(("point", Fr(a, a + b)), k, n)),
                "Plugging in the prior mean is not the evidence: average the likelihood over the whole prior."),
    ]
    if 0 < k < n:
        mistakes.append(Mistake("plugged in the ML estimate", _r(evidence(("point", Fr(k, n)), k, n)),
                                "The maximized likelihood overstates the evidence; integrate over θ instead."))
    given = {"task": "evidence", "models": [["beta", a, b]], "heads": k, "tosses": n, "sequence": seq}
    return prompt_tex, prompt_text, answer, "number", steps, given, EXACT, mistakes


MODELS = (("point", Fr(1, 2)), ("point", Fr(3, 4)), ("beta", 1, 1), ("beta", 2, 2), ("beta", 4, 1),
          ("beta", 1, 4), ("beta", 10, 10))


def _task_bayes_factor(rng):
    m1, m2 = rng.sample(MODELS, 2)
    n = rng.randint(8, 24)
    k = rng.randint(0, n)
    seq_k = k
    e1, e2 = evidence(m1, k, n), evidence(m2, k, n)
    K = e1 / e2
    if _near_boundary(K):
        raise Reject("too close to a category boundary")
    answer = jeffreys(K)
    if answer == SCALE[0] and rng.random() < 0.6:
        raise Reject("keep the positive categories frequent")
    Kf = float(K)
    prompt_tex = (f"A coin is tossed \\(n = {n}\\) times and shows \\(k = {seq_k}\\) heads (a particular sequence). "
                  f"Model \\(M_1\\): \\({_model_tex(m1)}\\). Model \\(M_2\\): \\({_model_tex(m2)}\\). "
                  f"Compute the Bayes factor \\(K = P(D\\mid M_1)/P(D\\mid M_2)\\) and read the evidence for "
                  f"\\(M_1\\) on Jeffreys' scale ({THRESHOLDS_TEX}). {CHOICE.statement()}")
    prompt_text = (f"A coin is tossed n = {n} times and shows k = {k} heads (a particular sequence). "
                   f"Model M1: {_model_text(m1)}. Model M2: {_model_text(m2)}. Compute the Bayes factor "
                   f"K = P(D|M1)/P(D|M2) and read the evidence for M1 on Jeffreys' scale ({THRESHOLDS_TEXT}). "
                   f"{CHOICE.statement()}")
    steps = (_evidence_steps(m1, k, n), _evidence_steps(m2, k, n),
             Step("Divide the evidences.", f"K = \\frac{{P(D\\mid M_1)}}{{P(D\\mid M_2)}} = {tex(_r(K))} \\approx {Kf:.4g}",
                  f"K = P(D|M1)/P(D|M2) = {uni(_r(K))} ≈ {Kf:.4g}"),
             Step("Jeffreys' scale: K < 1 negative (supports M₂); 1–√10 barely worth mentioning; √10–10 substantial; "
                  "10–10^1.5 strong; 10^1.5–100 very strong; > 100 decisive.",
                  f"\\log_{{10}} K \\approx {math.log10(Kf):.3f} \\;\\Rightarrow\\; \\text{{{answer}}}",
                  f"log₁₀ K ≈ {math.log10(Kf):.3f} ⇒ {answer}"))
    mistakes = []
    inv = jeffreys(1 / K)
    if inv != answer:
        mistakes.append(Mistake("inverted the Bayes factor", inv,
                                "K puts M₁'s evidence in the numerator: K = P(D|M₁)/P(D|M₂)."))
    def best(m):
        return m if m[0] == "point" else ("point", Fr(k, n))
    plug = jeffreys(evidence(best(m1), k, n) / evidence(best(m2), k, n)) if 0 < k < n else answer
    if plug != answer and plug != inv:
        mistakes.append(Mistake("maximized instead of averaged", plug,
                                "The evidence averages the likelihood over the prior; plugging in the best θ "
                                "drops the Occam penalty of the flexible model."))
    given = {"task": "bayes_factor", "models": [_model_json(m1), _model_json(m2)], "heads": k, "tosses": n}
    return prompt_tex, prompt_text, answer, "choice", steps, given, CHOICE, mistakes


def _model_json(m):
    return ["point", str(m[1])] if m[0] == "point" else ["beta", m[1], m[2]]


def _task_map_beta(rng):
    a, b = rng.randint(2, 6), rng.randint(2, 6)
    n = rng.randint(3, 12)
    k = rng.randint(0, n)
    map_ = R(k + a - 1, n + a + b - 2)
    ml = R(k, n)
    if map_ == ml:
        raise Reject("MAP equals ML")
    mean = R(k + a, n + a + b)
    answer = (map_, ml)
    prompt_tex = (f"A coin with bias \\(\\theta\\) has the prior \\(\\operatorname{{Beta}}({a}, {b})\\) and shows "
                  f"\\({k}\\) heads in \\({n}\\) tosses. Give \\((\\hat\\theta_{{\\text{{MAP}}}}, "
                  f"\\hat\\theta_{{\\text{{ML}}}})\\). {EXACT.statement()}")
    prompt_text = (f"A coin with bias θ has the prior Beta({a}, {b}) and shows {k} heads in {n} tosses. "
                   f"Give (θ̂_MAP, θ̂_ML). {EXACT.statement()}")
    steps = (Step("The likelihood θ^k(1−θ)^(n−k) peaks at the sample frequency.",
                  f"\\hat\\theta_{{\\text{{ML}}}} = \\frac{{k}}{{n}} = {tex(ml)}", f"θ̂_ML = k/n = {uni(ml)}"),
             Step("The posterior is Beta(a+k, b+n−k); the mode of Beta(α, β) is (α−1)/(α+β−2).",
                  f"\\theta\\mid D \\sim \\operatorname{{Beta}}({a + k}, {b + n - k}),\\quad "
                  f"\\hat\\theta_{{\\text{{MAP}}}} = \\frac{{k+a-1}}{{n+a+b-2}} = \\frac{{{k + a - 1}}}{{{n + a + b - 2}}} = {tex(map_)}",
                  f"θ|D ~ Beta({a + k}, {b + n - k}), θ̂_MAP = (k+a−1)/(n+a+b−2) = {uni(map_)}"),
             Step("The prior acts like a−1 extra heads and b−1 extra tails, pulling the MAP toward the prior mode."))
    mistakes = [Mistake("posterior mean", (mean, ml),
                        "(k+a)/(n+a+b) is the posterior mean; the MAP is the posterior mode (k+a−1)/(n+a+b−2)."),
                Mistake("swapped", (ml, map_), "Order: MAP first, then ML.")]
    given = {"task": "map_beta", "prior": [a, b], "heads": k, "tosses": n}
    return prompt_tex, prompt_text, answer, "tuple", steps, given, EXACT, mistakes


def _task_map_gaussian(rng):
    n = rng.randint(2, 4)
    xs = [rng.randint(-2, 8) for _ in range(n)]
    sigma2 = rng.choice((R(1), R(4), R(2)))
    tau2 = rng.choice((R(1), R(1, 2), R(2), R(4)))
    mu0 = rng.randint(-2, 3)
    total = sum(xs)
    ml = R(total, n)
    map_ = (tau2 * total + sigma2 * mu0) / (n * tau2 + sigma2)
    if map_ == ml or map_.q > 30:
        raise Reject("MAP equals ML or ugly")
    answer = (map_, ml)
    data = ", ".join(str(v) for v in xs)
    prompt_tex = (f"Observations \\(x = ({data})\\) are i.i.d. \\(\\mathcal N(\\mu, \\sigma^2)\\) with known "
                  f"\\(\\sigma^2 = {tex(sigma2)}\\), and the prior is \\(\\mu \\sim \\mathcal N({mu0}, {tex(tau2)})\\) "
                  f"(second argument: the variance \\(\\tau^2\\)). "
                  f"Give \\((\\hat\\mu_{{\\text{{MAP}}}}, \\hat\\mu_{{\\text{{ML}}}})\\). {EXACT.statement()}")
    prompt_text = (f"Observations x = ({data}) are i.i.d. N(μ, σ²) with known σ² = {uni(sigma2)}, and the prior is "
                   f"μ ~ N({mu0}, {uni(tau2)}) (second argument: the variance τ²). Give (μ̂_MAP, μ̂_ML). "
                   f"{EXACT.statement()}")
    steps = (Step("The ML estimate of a Gaussian mean is the sample mean.",
                  f"\\hat\\mu_{{\\text{{ML}}}} = \\bar x = \\frac{{{total}}}{{{n}}}" + ("" if ml.q == n else f" = {tex(ml)}"),
                  f"μ̂_ML = x̄ = {total}/{n}" + ("" if ml.q == n else f" = {uni(ml)}")),
             Step("The posterior is Gaussian; its mean (= mode) weights data and prior by their precisions n/σ² and 1/τ².",
                  f"\\hat\\mu_{{\\text{{MAP}}}} = \\frac{{\\tau^2 \\sum_i x_i + \\sigma^2 \\mu_0}}{{n\\tau^2 + \\sigma^2}} = "
                  f"\\frac{{{tex(tau2)}\\cdot {total} + {tex(sigma2)}\\cdot ({mu0})}}{{{n}\\cdot {tex(tau2)} + {tex(sigma2)}}} = {tex(map_)}",
                  f"μ̂_MAP = (τ²·Σx + σ²·μ₀)/(n·τ² + σ²) = ({uni(tau2)}·{total} + {uni(sigma2)}·({mu0}))/({n}·{uni(tau2)} + {uni(sigma2)}) = {uni(map_)}"))
    swapped_w = (sigma2 * total + tau2 * mu0) / (n * sigma2 + tau2)
    mistakes = [Mistake("swapped", (ml, map_), "Order: MAP first, then ML."),
                Mistake("prior as one observation", ((total + mu0) / sp.Integer(n + 1), ml),
                        "The prior mean is not one more data point: weight it by its precision 1/τ² against n/σ².")]
    if swapped_w != map_:
        mistakes.append(Mistake("variances swapped", (swapped_w, ml),
                                "Weights are precisions: the data get n/σ², the prior 1/τ² (σ² and τ² swapped)."))
    given = {"task": "map_gaussian", "x": xs, "sigma2": str(sigma2), "mu0": mu0, "tau2": str(tau2)}
    return prompt_tex, prompt_text, answer, "tuple", steps, given, EXACT, mistakes


TASKS = {"evidence": _task_evidence, "bayes_factor": _task_bayes_factor,
         "map_beta": _task_map_beta, "map_gaussian": _task_map_gaussian}


def generate(rng, params) -> Problem:
    ptex, ptext, answer, kind, steps, given, checking, mistakes = TASKS[params["task"]](rng)
    kept, seen = [], [answer]
    for m in mistakes:
        if m.answer not in seen:
            seen.append(m.answer)
            kept.append(m)
    return Problem(ptex, ptext, answer, kind, tuple(steps), given, checking, tuple(kept))


# --- independent verification -------------------------------------------------

#: 60-point Gauss–Legendre rule on [0, 1]: exact for polynomials of degree ≤ 119
_NODES, _WEIGHTS = np.polynomial.legendre.leggauss(60)
_NODES, _WEIGHTS = (_NODES + 1) / 2, _WEIGHTS / 2


def _quad_evidence(model, k: int, n: int) -> float:
    """∫ θ^k (1−θ)^(n−k) prior(θ) dθ by Gauss–Legendre quadrature, the prior normalized the same way."""
    if model[0] == "point":
        th = float(sp.Rational(model[1]))
        return th ** k * (1 - th) ** (n - k)
    _, a, b = model
    t = _NODES
    prior = t ** (a - 1) * (1 - t) ** (b - 1)
    norm = float(np.dot(_WEIGHTS, prior))
    return float(np.dot(_WEIGHTS, prior * t ** k * (1 - t) ** (n - k))) / norm


def verify(given, answer) -> Evidence:
    task = given["task"]
    k, n = given.get("heads"), given.get("tosses")
    if task == "evidence":
        ev = _quad_evidence(given["models"][0], k, n)
        err = numeric.require_close(ev, float(answer), "evidence", rel=1e-9)
        return Evidence("Gauss–Legendre quadrature",
                        "60-point rule for ∫ likelihood × prior density dθ, prior normalized by quadrature", err)
    if task == "bayes_factor":
        K = _quad_evidence(given["models"][0], k, n) / _quad_evidence(given["models"][1], k, n)
        category = SCALE[sum(1 for e in (0, 0.5, 1, 1.5, 2) if math.log10(K) >= e)]
        if category != answer:
            raise VerificationError(f"quadrature K = {K:.6g} reads {category!r}, answer {answer!r}")
        return Evidence("Gauss–Legendre quadrature", f"both evidences by a 60-point rule; K ≈ {K:.6g}", 0.0)
    if task == "map_beta":
        a, b = given["prior"]
        post = lambda t: t ** (k + a - 1) * (1 - t) ** (n - k + b - 1)
        lik = lambda t: t ** k * (1 - t) ** (n - k)
        found = (numeric.golden_max(post, 0.0, 1.0), numeric.golden_max(lik, 0.0, 1.0))
        what = "θ"
    else:
        xs = [float(v) for v in given["x"]]
        s2, t2, mu0 = float(sp.Rational(given["sigma2"])), float(sp.Rational(given["tau2"])), float(given["mu0"])
        loglik = lambda m: -sum((v - m) ** 2 for v in xs) / (2 * s2)
        logpost = lambda m: loglik(m) - (m - mu0) ** 2 / (2 * t2)
        lo, hi = min(xs + [mu0]) - 5, max(xs + [mu0]) + 5
        found = (numeric.golden_max(logpost, lo, hi), numeric.golden_max(loglik, lo, hi))
        what = "μ"
    err = 0.0
    for name, num, ans in zip(("MAP", "ML"), found, answer):
        err = max(err, numeric.require_close(num, float(ans), f"{what} {name}", rel=1e-6, floor=1e-6))
    return Evidence("golden-section search", "maximized the posterior and the likelihood numerically", err)


def baseline(given):
    """Bare SymPy: Beta-function evidences, their ratio, or the MAP/ML formulas."""
    task, k, n = given["task"], given.get("heads"), given.get("tosses")
    def ev(m):
        if m[0] == "point":
            t = sp.Rational(m[1])
            return t**k * (1 - t)**(n - k)
        return sp.gammasimp(sp.beta(m[1] + k, m[2] + n - k) / sp.beta(m[1], m[2]))
    if task == "evidence":
        return ev(given["models"][0])
    if task == "bayes_factor":
        K = ev(given["models"][0]) / ev(given["models"][1])
        return jeffreys(Fr(int(K.p), int(K.q)))
    if task == "map_beta":
        a, b = given["prior"]
        return (sp.Rational(k + a - 1, n + a + b - 2), sp.Rational(k, n))
    xs = given["x"]
    s2, t2 = sp.Rational(given["sigma2"]), sp.Rational(given["tau2"])
    return ((t2 * sum(xs) + s2 * given["mu0"]) / (len(xs) * t2 + s2), sp.Rational(sum(xs), len(xs)))


FAMILY = Family(
    name="bayes_model_selection", version=2, title="Bayesian model selection and MAP vs ML",
    summary="Evidence of coin data under Beta priors, Bayes factors on Jeffreys' scale, MAP versus ML "
            "for Beta-Bernoulli and Gaussian-Gaussian models.",
    params={"task": Param("evidence", tuple(TASKS),
                          "evidence: P(D) under a Beta prior; bayes_factor: Jeffreys' category of K; "
                          "map_beta / map_gaussian: (MAP, ML) estimates")},
    generate=generate, verify=verify, baseline=baseline,
)
