"""Kernel density estimation: the estimate at a point, and what the bandwidth does.

f̂(x) = (1/(n h)) Σᵢ K((x − xᵢ)/h). Level 1 uses the box kernel K(u) = ½ on |u| ≤ 1 (counting
points within h); level 2 the Epanechnikov kernel K(u) = ¾(1 − u²) on |u| ≤ 1; level 3 the
Gaussian kernel K(u) = e^(−u²/2)/√(2π). Answers are exact. Verification does not evaluate the
kernel sum: it builds the estimate's CDF F̂(x) = (1/n) Σᵢ G((x − xᵢ)/h) from each kernel's own
CDF G (piecewise polynomials, or math.erf) and differentiates it numerically at x.
"""

from __future__ import annotations

import math

import sympy as sp

from osmose import numeric
from osmose.family import Checking, Evidence, Family, Mistake, Param, Problem, Reject, Step
from osmose.mathtext import tex, uni

R = sp.Rational
CHECKING = Checking()
SAY = CHECKING.statement()
KERNELS = {1: "box", 2: "epanechnikov", 3: "gaussian"}
LEVELS = {1: "box kernel K(u) = ½ on |u| ≤ 1", 2: "Epanechnikov kernel K(u) = ¾(1 − u²) on |u| ≤ 1",
          3: "Gaussian kernel K(u) = e^(−u²/2)/√(2π)"}
KERNEL_TEX = {"box": r"\(K(u) = \tfrac12\) for \(|u| \le 1\) (0 otherwise)",
              "epanechnikov": r"\(K(u) = \tfrac34(1 - u^2)\) for \(|u| \le 1\) (0 otherwise)",
              "gaussian": r"\(K(u) = \frac{1}{\sqrt{2\pi}} e^{-u^2/2}\)"}
KERNEL_TEXT = {"box": "K(u) = 1/2 for |u| ≤ 1 (0 otherwise)",
               "epanechnikov": "K(u) = (3/4)(1 − u²) for |u| ≤ 1 (0 otherwise)",
               "gaussian": "K(u) = e^(−u²/2)/√(2π)"}


def kernel(name, u):
    if name == "gaussian":
        return sp.exp(-u ** 2 / 2) / sp.sqrt(2 * sp.pi)
    if abs(u) > 1:
        return sp.Integer(0)
    return R(1, 2) if name == "box" else R(3, 4) * (1 - u ** 2)


def generate(rng, params) -> Problem:
    level = params["level"]
    name = KERNELS[level]
    n = rng.randint(3, 6)
    h = rng.choice((R(1, 2), sp.Integer(1), R(3, 2), sp.Integer(2)))
    x = R(rng.randint(-16, 16), 2)
    # data within a few bandwidths of x, at quarter-bandwidth offsets
    offsets = [k for k in range(-7, 8) if name != "box" or abs(k) != 4]  # box: never on its edge
    xs = sorted(x + h * R(rng.choice(offsets), 4) for _ in range(n))
    us = [(x - xi) / h for xi in xs]
    ks = [kernel(name, u) for u in us]
    inside = sum(1 for k in ks if k != 0)
    if name == "box" and any(abs(u) == 1 for u in us):
        raise Reject("a point exactly one bandwidth away: the box estimate jumps there")
    if name != "gaussian" and not (1 <= inside < n):
        raise Reject("no point, or every point, within one bandwidth")
    if name == "gaussian" and min(abs(u) for u in us) > 3:
        raise Reject("x far from every point")
    if name == "gaussian":  # one factor in front of the sum of exponentials, as written by hand
        answer = sp.Mul(1 / (n * h * sp.sqrt(2 * sp.pi)), sp.Add(*[sp.exp(-u ** 2 / 2) for u in us]),
                        evaluate=False)
    else:
        answer = sp.Add(*ks) / (n * h)
    shown = ", ".join(f"{float(v):g}" for v in xs)
    prompt_tex = (rf"A kernel density estimate \(\hat f(x) = \frac{{1}}{{n h}}\sum_{{i=1}}^n K\!\left(\frac{{x - x_i}}{{h}}\right)\) "
                  rf"uses the kernel {KERNEL_TEX[name]}, bandwidth \(h = {float(h):g}\) and the data \({shown}\). "
                  rf"Find \(\hat f({float(x):g})\). {SAY}")
    prompt_text = (f"A kernel density estimate f̂(x) = (1/(n h)) Σ K((x − xᵢ)/h) uses the kernel {KERNEL_TEXT[name]}, "
                   f"bandwidth h = {float(h):g} and the data {shown}. Find f̂({float(x):g}). {SAY}")
    terms_tex = " + ".join(tex(k) for k in ks)
    steps = [Step("Scale each distance by the bandwidth: uᵢ = (x − xᵢ)/h.",
                  r"u = (" + ", ".join(tex(u) for u in us) + ")", "u = (" + ", ".join(uni(u) for u in us) + ")"),
             Step("Evaluate the kernel at each uᵢ" + (" (zero outside |u| ≤ 1)." if name != "gaussian" else "."),
                  r"K(u_i) = " + terms_tex.replace(" + ", ",\\ "), "K(uᵢ) = " + ", ".join(uni(k) for k in ks)),
             Step(f"Add and divide by n·h = {n}·{float(h):g}.", rf"\hat f({float(x):g}) = {tex(answer)}",
                  f"f̂({float(x):g}) = {uni(answer)}")]
    cands = [("forgot 1/h", answer * h, "The kernel is a density in u = (x − xᵢ)/h; as a density in x it is "
              "K(u)/h, so divide by h as well as by n."),
             ("forgot 1/n", answer * n, f"Average over the {n} data points: divide the sum by n.")]
    if h != 1:
        cands.append(("unscaled distances", sp.Add(*[kernel(name, x - xi) for xi in xs]) / (n * h),
                      f"Divide each distance by the bandwidth before applying K: K((x − xᵢ)/h), h = {float(h):g}."))
    given = {"kernel": name, "data": [str(v) for v in xs], "h": str(h), "x": str(x)}
    return Problem(prompt_tex, prompt_text, answer, "number", tuple(steps), given, CHECKING,
                   tuple(Mistake(*c) for c in cands))


def _kernel_cdf(name, u):
    if name == "gaussian":
        return 0.5 * (1 + math.erf(u / math.sqrt(2)))
    u = max(-1.0, min(1.0, u))
    if name == "box":
        return (u + 1) / 2
    return 0.5 + 0.75 * (u - u ** 3 / 3)


def verify(given, answer) -> Evidence:
    name = given["kernel"]
    xs = [float(sp.Rational(v)) for v in given["data"]]
    h, x = float(sp.Rational(given["h"])), float(sp.Rational(given["x"]))
    cdf = lambda t: sum(_kernel_cdf(name, (t - xi) / h) for xi in xs) / len(xs)
    step = 1e-6  # the estimate is continuous at x: no data point sits where the box kernel jumps
    value = (cdf(x + step) - cdf(x - step)) / (2 * step)
    err = numeric.require_close(value, float(answer), "derivative of the estimate's CDF", rel=1e-5, floor=1e-7)
    return Evidence("CDF derivative", "F̂(x) = (1/n) Σ G((x − xᵢ)/h) from the kernel's CDF G, "
                    "differentiated numerically at x", err)


FAMILY = Family(
    name="kde", version=1, title="Kernel density estimation",
    summary="The value of a kernel density estimate at a point (box, Epanechnikov, Gaussian kernels).",
    params={"level": Param(1, (1, 2, 3), "1: box; 2: Epanechnikov; 3: Gaussian kernel")},
    levels=LEVELS, generate=generate, verify=verify,
)
