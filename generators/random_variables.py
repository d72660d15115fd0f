"""Expectation and variance of random variables: transformed, mixed, and continuous.

Level 1: E[g(X)] and Var(g(X)) for a discrete X and a simple g (a square, an absolute value, an
affine map). Level 2: the laws of total expectation and total variance for a two-stage
experiment — N from a small pmf, then X | N ~ Binomial(N, p): E[X] = E[E[X | N]] and
Var(X) = E[Var(X | N)] + Var(E[X | N]). Level 3: E[X] and Var(X) for a continuous X with a
polynomial density on an interval. Answers come from the formulas with exact rationals;
verification takes other routes: level 1 enumerates the outcomes and computes E[(Y − EY)²]
directly, level 2 builds the whole joint pmf of (N, X) and reads the moments off it, level 3
integrates numerically.
"""

from __future__ import annotations

from fractions import Fraction as Fr
from math import comb

import numpy as np
import sympy as sp

from osmose import numeric
from osmose.family import Checking, Evidence, Family, Mistake, Param, Problem, Reject, Step, \
    VerificationError
from osmose.mathtext import tex, uni
from osmose.exact import rational as _r

R = sp.Rational
CHECKING = Checking()
SAY = CHECKING.statement()
LEVELS = {1: "E and Var of g(X) for a discrete X", 2: "laws of total expectation and variance (a two-stage experiment)",
          3: "E and Var of a continuous X with a polynomial density"}
x, X = sp.symbols("x X")
TRANSFORMS = {"square": (lambda v: v ** 2, "X^2", "X²"), "abs": (lambda v: abs(v), "|X|", "|X|"),
              "affine": None}


def _pmf(rng, values):
    den = rng.choice((6, 8, 10, 12))
    cuts = sorted(rng.sample(range(1, den), len(values) - 1))
    return [Fr(b - a, den) for a, b in zip([0] + cuts, cuts + [den])]


def _moments(values, probs):
    mean = sum(p * v for v, p in zip(values, probs))
    return mean, sum(p * v * v for v, p in zip(values, probs)) - mean * mean


def _discrete(rng):
    k = rng.randint(3, 4)
    values = sorted(rng.sample(range(-3, 5), k))
    probs = _pmf(rng, values)
    kind = rng.choice(("square", "abs", "affine"))
    if kind == "affine":
        a, b = rng.choice([v for v in range(-3, 4) if v not in (0, 1)]), rng.randint(-4, 4)
        g = lambda v: a * v + b
        name_tex, name_text = tex(a * X + b), uni(a * X + b)
    else:
        g, name_tex, name_text = TRANSFORMS[kind]
    ys = [g(v) for v in values]
    mean, var = _moments(ys, probs)
    if var == 0:
        raise Reject("constant Y")
    answer = (_r(mean), _r(var))
    pmf_tex = ",\\ ".join(rf"P(X = {v}) = {tex(_r(p))}" for v, p in zip(values, probs))
    pmf_text = ", ".join(f"P(X = {v}) = {uni(_r(p))}" for v, p in zip(values, probs))
    prompt_tex = (rf"\(X\) takes the values with \({pmf_tex}\). Let \(Y = {name_tex}\). Find "
                  rf"\((\mathbb{{E}}[Y],\ \operatorname{{Var}}(Y))\). {SAY}")
    prompt_text = f"X takes the values with {pmf_text}. Let Y = {name_text}. Find (E[Y], Var(Y)). {SAY}"
    ey2 = sum(p * y * y for y, p in zip(ys, probs))
    steps = [Step("Y takes the value g(x) with the probability of x (values of X that map to the same y add up).",
                  r"\mathbb{E}[Y] = \sum_x g(x)\,P(X = x) = " + tex(_r(mean)), f"E[Y] = Σ g(x)P(X = x) = {uni(_r(mean))}"),
             Step("Var(Y) = E[Y²] − E[Y]².", rf"\mathbb{{E}}[Y^2] = {tex(_r(ey2))},\quad \operatorname{{Var}}(Y) = {tex(_r(ey2))} - \left({tex(_r(mean))}\right)^2 = {tex(_r(var))}",
                  f"E[Y²] = {uni(_r(ey2))}, Var(Y) = {uni(_r(ey2))} − ({uni(_r(mean))})² = {uni(_r(var))}")]
    mx, vx = _moments(values, probs)
    cands = [("E[Y²] for the variance", (_r(mean), _r(ey2)), "Subtract E[Y]²: Var(Y) = E[Y²] − E[Y]².")]
    if kind == "affine":
        cands.append(("shift kept in the variance", (_r(mean), _r(a * a * vx + b)), "A shift does not change the "
                      "spread: Var(aX + b) = a²Var(X)."))
        cands.append(("a, not a²", (_r(mean), _r(a * vx)), "Scaling by a scales the variance by a²."))
    else:
        cands.append(("g(E[X])", (_r(g(mx)), _r(var)), "E[g(X)] ≠ g(E[X]) for a non-linear g: average g over "
                      "the distribution."))
    given = {"level": 1, "values": values, "probs": [str(p) for p in probs], "g": kind}
    if kind == "affine":
        given.update({"a": a, "b": b})
    return prompt_tex, prompt_text, answer, steps, cands, given


def _two_stage(rng):
    ns = sorted(rng.sample(range(1, 7), rng.randint(2, 3)))
    pn = _pmf(rng, ns)
    p = Fr(rng.randint(1, 9), 10)
    en = sum(q * n for n, q in zip(ns, pn))
    vn = sum(q * n * n for n, q in zip(ns, pn)) - en * en
    mean = p * en
    var = en * p * (1 - p) + p * p * vn
    answer = (_r(mean), _r(var))
    pmf_tex = ",\\ ".join(rf"P(N = {n}) = {tex(_r(q))}" for n, q in zip(ns, pn))
    pmf_text = ", ".join(f"P(N = {n}) = {uni(_r(q))}" for n, q in zip(ns, pn))
    prompt_tex = (rf"First \(N\) is drawn with \({pmf_tex}\); then \(N\) coins, each landing heads with probability "
                  rf"\({tex(_r(p))}\), are tossed and \(X\) counts the heads. Find \((\mathbb{{E}}[X],\ \operatorname{{Var}}(X))\). {SAY}")
    prompt_text = (f"First N is drawn with {pmf_text}; then N coins, each landing heads with probability {uni(_r(p))}, are "
                   f"tossed and X counts the heads. Find (E[X], Var(X)). {SAY}")
    steps = [Step("Given N, X ~ Binomial(N, p): E[X | N] = Np and Var(X | N) = Np(1 − p).",
                  rf"\mathbb{{E}}[N] = {tex(_r(en))},\quad \operatorname{{Var}}(N) = {tex(_r(vn))}",
                  f"E[N] = {uni(_r(en))}, Var(N) = {uni(_r(vn))}"),
             Step("Law of total expectation.", rf"\mathbb{{E}}[X] = \mathbb{{E}}[Np] = {tex(_r(mean))}", f"E[X] = E[Np] = {uni(_r(mean))}"),
             Step("Law of total variance: the average within-N variance plus the variance of the conditional mean.",
                  rf"\operatorname{{Var}}(X) = \mathbb{{E}}[N]p(1-p) + p^2\operatorname{{Var}}(N) = {tex(_r(var))}",
                  f"Var(X) = E[N]p(1 − p) + p²Var(N) = {uni(_r(var))}")]
    cands = [("within-group variance only", (_r(mean), _r(en * p * (1 - p))), "Add the variance of E[X | N] = Np: "
              "N itself is random."),
             ("between-group variance only", (_r(mean), _r(p * p * vn)), "Add E[Var(X | N)] = E[N]p(1 − p): the coins "
              "are random too.")]
    given = {"level": 2, "n_values": ns, "n_probs": [str(q) for q in pn], "p": str(p)}
    return prompt_tex, prompt_text, answer, steps, cands, given


def _continuous(rng):
    a = R(rng.randint(1, 8), 2)
    s = rng.randint(-3, 3)
    k = rng.randint(1, 4)
    rising = rng.random() < 0.5
    c = R(k + 1) / a ** (k + 1)
    # X = s + aU with U ~ Beta(k + 1, 1) (rising) or Beta(1, k + 1) (falling)
    eu = R(k + 1, k + 2) if rising else R(1, k + 2)
    mean = s + a * eu
    var = a ** 2 * R(k + 1, (k + 2) ** 2 * (k + 3))
    ex2 = var + mean ** 2
    answer = (mean, var)
    # written by hand: SymPy would turn (−3/2 − x)² into (x + 3/2)² and hide the support's end
    power = {1: "", 2: "²", 3: "³", 4: "⁴"}[k]
    end = s + a
    if rising:
        inner = [("x", "x")] if s == 0 else [(f"x {'-' if s > 0 else '+'} {abs(s)}", f"x {'−' if s > 0 else '+'} {abs(s)}")]
    else:
        inner = [("-x", "−x")] if end == 0 else [(f"{tex(end)} - x", f"{uni(end)} − x")]
    (inner_tex, inner_text), = inner
    bare = inner_tex == "x"
    density_tex = tex(c) + (r"\,x" if bare else rf"\left({inner_tex}\right)") + (f"^{k}" if k > 1 else "")
    density_text = f"{uni(c)}·" + ("x" if bare else f"({inner_text})") + power
    lo, hi = tex(sp.Integer(s)), tex(s + a)
    prompt_tex = (rf"\(X\) has density \(f(x) = {density_tex}\) on \([{lo}, {hi}]\) (zero elsewhere). Find "
                  rf"\((\mathbb{{E}}[X],\ \operatorname{{Var}}(X))\). {SAY}")
    prompt_text = f"X has density f(x) = {density_text} on [{s}, {uni(s + a)}] (zero elsewhere). Find (E[X], Var(X)). {SAY}"
    steps = [Step("Integrate x·f(x) over the support (substituting u = x − " + (f"{s}" if rising else f"({uni(s + a)} − x)") + " helps).",
                  rf"\mathbb{{E}}[X] = \int x f(x)\,dx = {tex(mean)}", f"E[X] = ∫ x f(x) dx = {uni(mean)}"),
             Step("Then E[X²] and Var(X) = E[X²] − E[X]².", rf"\mathbb{{E}}[X^2] = {tex(ex2)},\quad \operatorname{{Var}}(X) = {tex(var)}",
                  f"E[X²] = {uni(ex2)}, Var(X) = {uni(var)}")]
    cands = [("E[X²] for the variance", (mean, ex2), "Subtract E[X]²: Var(X) = E[X²] − E[X]²."),
             ("midpoint", (s + a / 2, var), "The mean is the centre of mass of the density, not the middle of the interval.")]
    given = {"level": 3, "start": s, "width": str(a), "k": k, "rising": rising}
    return prompt_tex, prompt_text, answer, steps, cands, given


def generate(rng, params) -> Problem:
    prompt_tex, prompt_text, answer, steps, cands, given = (_discrete, _two_stage, _continuous)[params["level"] - 1](rng)
    return Problem(prompt_tex, prompt_text, answer, "tuple", tuple(steps), given, CHECKING,
                   tuple(Mistake(*c) for c in cands))


def verify(given, answer) -> Evidence:
    level = given["level"]
    if level == 1:
        g = {"square": lambda v: v * v, "abs": abs, "affine": lambda v: given["a"] * v + given["b"]}[given["g"]]
        outcomes = [(g(v), Fr(p)) for v, p in zip(given["values"], given["probs"])]
        mean = sum(p * y for y, p in outcomes)
        var = sum(p * (y - mean) ** 2 for y, p in outcomes)
        how = "enumerated the outcomes; Var as E[(Y − EY)²]"
    elif level == 2:
        p = Fr(given["p"])
        joint = {}
        for n, q in zip(given["n_values"], given["n_probs"]):
            for k in range(n + 1):
                joint[k] = joint.get(k, 0) + Fr(q) * comb(n, k) * p ** k * (1 - p) ** (n - k)
        mean = sum(w * k for k, w in joint.items())
        var = sum(w * (k - mean) ** 2 for k, w in joint.items())
        how = "built the pmf of X by summing over N, then E and E[(X − EX)²]"
    else:
        s, a, k = given["start"], float(sp.Rational(given["width"])), given["k"]
        t = np.linspace(s, s + a, 4001)
        base = (t - s) ** k if given["rising"] else (s + a - t) ** k
        w = np.ones_like(t)
        w[1:-1:2], w[2:-1:2] = 4, 2
        integral = lambda v: float(np.sum(w * v) * (t[1] - t[0]) / 3)
        z = integral(base)
        m = integral(t * base) / z
        value = (m, integral((t - m) ** 2 * base) / z)
        got = [float(v) for v in answer]
        err = max(numeric.require_close(value[0], got[0], "E[X] (Simpson)"),
                  numeric.require_close(value[1], got[1], "Var(X) (Simpson)"))
        return Evidence("Simpson's rule", "normalised the density and integrated x f and (x − E X)² f numerically", err)
    got = tuple(sp.Rational(v) for v in answer) if all(getattr(v, "is_Rational", False) for v in answer) else None
    if got != (_r(Fr(mean)), _r(Fr(var))):
        raise VerificationError(f"{how}: ({mean}, {var}), the answer is {answer}")
    return Evidence("exact enumeration", how)


FAMILY = Family(
    name="random_variables", version=1, title="Expectation and variance",
    summary="E and Var of transformed discrete variables, the laws of total expectation and variance, "
            "and moments of a continuous density.",
    params={"level": Param(1, (1, 2, 3), "1: g(X) discrete; 2: total expectation/variance; 3: continuous")},
    levels=LEVELS, generate=generate, verify=verify,
)
