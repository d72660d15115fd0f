"""Differential entropy of uniform, Gaussian and exponential variables, and how it moves
under an affine map — including why it can be negative.

Level 1: h(X) in nats for one of the three families (a uniform narrower than 1, or a Gaussian
with σ² < 1/(2πe), has negative entropy). Level 2: h(aX + b), which is h(X) + ln|a| (shifts
change nothing, scaling adds ln|a|). Answers are exact. Verification integrates −∫ f ln f
numerically (Simpson's rule on a window holding all but a negligible tail of the mass), with
the density of aX + b built from X's by the change-of-variables formula.
"""

from __future__ import annotations

import math

import numpy as np
import sympy as sp

from osmose import numeric
from osmose.family import Checking, Evidence, Family, Mistake, Param, Problem, Step
from osmose.mathtext import tex, uni

R = sp.Rational
CHECKING = Checking()
SAY = CHECKING.statement()
LEVELS = {1: "h(X) for a uniform, Gaussian or exponential X (possibly negative)",
          2: "h(aX + b) from h(X): shifts change nothing, scaling adds ln|a|"}
DISTS = ("uniform", "gaussian", "exponential")
#: an exponential is named by its rate alone: level 1 has one prompt per rate (finite by nature)
RATES = sorted({R(p, q) for p in range(1, 21) for q in range(1, 7)})


def _draw(rng, dist):
    if dist == "uniform":
        lo = R(rng.randint(-10, 10), 2)
        width = rng.choice((R(1, 4), R(1, 3), R(1, 2), R(2, 3), R(3, 4), R(3, 2), sp.Integer(2), R(5, 2),
                            sp.Integer(3), sp.Integer(4), sp.Integer(5)))
        hi = lo + width
        return {"lo": lo, "hi": hi}, sp.log(width), rf"\(X \sim \mathrm{{Uniform}}({tex(lo)}, {tex(hi)})\)", \
            f"X ~ Uniform({uni(lo)}, {uni(hi)})", r"h = \ln(b - a)", "h = ln(b − a)"
    if dist == "gaussian":
        mu = rng.randint(-5, 5)
        var = R(rng.randint(1, 30), rng.choice((1, 4, 10, 25, 100)))
        return {"mu": mu, "var": var}, sp.log(2 * sp.pi * sp.E * var) / 2, \
            rf"\(X \sim \mathcal{{N}}({mu}, {tex(var)})\) (variance \({tex(var)}\))", f"X ~ N({mu}, {uni(var)}) (variance {uni(var)})", \
            r"h = \tfrac12 \ln(2\pi e \sigma^2)", "h = ½ln(2πeσ²)"
    rate = rng.choice(RATES)
    return {"rate": rate}, 1 - sp.log(rate), rf"\(X \sim \mathrm{{Exponential}}\) with rate \({tex(rate)}\) (density \({tex(rate)}e^{{-{tex(rate)}x}}\), \(x \ge 0\))", \
        f"X ~ Exponential with rate {uni(rate)} (density {uni(rate)}·e^(−{uni(rate)}x), x ≥ 0)", r"h = 1 - \ln\lambda", "h = 1 − ln λ"


def generate(rng, params) -> Problem:
    dist, level = params["dist"], params["level"]
    data, h, what_tex, what_text, rule_tex, rule_text = _draw(rng, dist)
    steps = [Step("The closed form for this family.", rf"{rule_tex} = {tex(h)}", f"{rule_text} = {uni(h)}")]
    given = {"dist": dist, **{k: str(v) for k, v in data.items()}}
    if level == 1:
        answer = h
        prompt_tex = rf"Let {what_tex}. Find its differential entropy \(h(X) = -\int f \ln f\) in nats. {SAY}"
        prompt_text = f"Let {what_text}. Find its differential entropy h(X) = −∫ f ln f in nats. {SAY}"
        if float(h) < 0:
            steps.append(Step("Negative: a density can exceed 1, so −ln f can be negative. Differential entropy is "
                              "not a count of bits; only differences of it are invariant."))
        cands = []
        if dist == "gaussian":
            cands.append(("forgot the e", sp.log(2 * sp.pi * data["var"]) / 2, "The Gaussian's entropy is "
                          "½ln(2πeσ²): the e comes from E[(X − μ)²]/(2σ²) = ½."))
            cands.append(("standard deviation for variance", sp.log(2 * sp.pi * sp.E * sp.sqrt(data["var"])) / 2,
                          "The formula takes the variance σ², not σ."))
        elif dist == "exponential":
            cands.append(("mean for rate", 1 + sp.log(data["rate"]), "With rate λ the mean is 1/λ; h = 1 − ln λ = 1 + ln(mean)."))
        else:
            cands.append(("log of the density", -sp.log(data["hi"] - data["lo"]), "The density is 1/(b − a); "
                          "h = −ln(density) = ln(b − a)."))
    else:
        a = rng.choice([v for v in range(-4, 5) if v not in (0, 1)] + [R(1, 2), R(-1, 3), R(3, 2)])
        b = rng.randint(-5, 5)
        # Y is again in the family, with its scale multiplied by |a|: one log, not a sum of logs
        answer = {"uniform": lambda: sp.log((data["hi"] - data["lo"]) * abs(a)) if dist == "uniform" else None,
                  "gaussian": lambda: sp.log(2 * sp.pi * sp.E * data["var"] * a ** 2) / 2,
                  "exponential": lambda: 1 - sp.log(data["rate"] / abs(a))}[dist]()
        given.update({"a": str(a), "b": b})
        prompt_tex = (rf"Let {what_tex}, so \(h(X) = {tex(h)}\). Find the differential entropy of \(Y = {tex(a)}X "
                      rf"{'+' if b >= 0 else '-'} {abs(b)}\) in nats. {SAY}")
        prompt_text = (f"Let {what_text}, so h(X) = {uni(h)}. Find the differential entropy of Y = {uni(a)}X "
                       f"{'+' if b >= 0 else '−'} {abs(b)} in nats. {SAY}")
        steps = [Step("The density of Y = aX + b is f_X((y − b)/a)/|a|, so h(Y) = h(X) + ln|a|; the shift b changes nothing.",
                      rf"h(Y) = {tex(h)} + \ln {tex(abs(a))} = {tex(answer)}", f"h(Y) = {uni(h)} + ln {uni(abs(a))} = {uni(answer)}")]
        cands = [("unchanged", h, "Scaling stretches the density: h(aX + b) = h(X) + ln|a|."),
                 ("shift counted", answer + sp.log(abs(b)) if b not in (0, 1, -1) else None,
                  "A shift moves the density without changing its shape: b does not enter."),
                 ("factor a, not ln|a|", h * abs(a), "Entropy changes additively under scaling: add ln|a|.")]
        cands = [c for c in cands if c[1] is not None]
    return Problem(prompt_tex, prompt_text, answer, "number", tuple(steps), given, CHECKING,
                   tuple(Mistake(*c) for c in cands))


def _density(given):
    """X's density as a numpy function and a window holding all but ~1e-12 of its mass."""
    dist = given["dist"]
    if dist == "uniform":
        lo, hi = float(sp.Rational(given["lo"])), float(sp.Rational(given["hi"]))
        inset = 1e-9 * (hi - lo)  # stay strictly inside: the density jumps at both ends
        return (lambda x: np.where((x >= lo) & (x <= hi), 1 / (hi - lo), 0.0)), (lo + inset, hi - inset)
    if dist == "gaussian":
        mu, var = float(given["mu"]), float(sp.Rational(given["var"]))
        s = math.sqrt(var)
        return (lambda x: np.exp(-(x - mu) ** 2 / (2 * var)) / math.sqrt(2 * math.pi * var)), (mu - 12 * s, mu + 12 * s)
    lam = float(sp.Rational(given["rate"]))
    return (lambda x: lam * np.exp(-lam * x)), (0.0, 40 / lam)


def verify(given, answer) -> Evidence:
    f, (lo, hi) = _density(given)
    if "a" in given:  # Y = aX + b: f_Y(y) = f_X((y − b)/a)/|a|, window mapped accordingly
        a, b = float(sp.Rational(given["a"])), float(given["b"])
        fx = f
        f = lambda y: fx((y - b) / a) / abs(a)
        lo, hi = sorted((a * lo + b, a * hi + b))
    x = np.linspace(lo, hi, 40001)
    fx_vals = f(x)
    with np.errstate(divide="ignore", invalid="ignore"):
        integrand = np.where(fx_vals > 0, -fx_vals * np.log(fx_vals), 0.0)
    w = np.ones_like(x)
    w[1:-1:2], w[2:-1:2] = 4, 2
    value = float(np.sum(w * integrand) * (x[1] - x[0]) / 3)
    err = numeric.require_close(value, float(answer), "−∫ f ln f (Simpson)", rel=1e-6, floor=1e-6)
    return Evidence("Simpson's rule", "integrated −f ln f of the density over its support", err)


FAMILY = Family(
    name="differential_entropy", version=1, title="Differential entropy",
    summary="h(X) of uniform, Gaussian and exponential variables, and h(aX + b) = h(X) + ln|a|.",
    params={"dist": Param("gaussian", DISTS, "uniform | gaussian | exponential"),
            "level": Param(1, (1, 2), "1: h(X); 2: h(aX + b)")},
    levels=LEVELS, generate=generate, verify=verify,
    finite=lambda params: len(RATES) if params == {"dist": "exponential", "level": 1} else None,
)
