"""The optimal GAN discriminator and the value of the game it defines.

For a fixed generator the discriminator maximising V(D, G) = E_data[ln D] + E_g[ln(1 − D)] is
D*(x) = p_data(x)/(p_data(x) + p_g(x)), and V(D*, G) = −ln 4 + 2·JSD(p_data ‖ p_g). Level 1 asks
D* at one outcome of two distributions on a few outcomes; level 2 asks the value V(D*, G) for two
such distributions (some outcome impossible under one of them, where D* is 0 or 1); level 3 asks
D*(x) at a point for two Gaussian densities. Answers are exact. Verification maximises
p_data ln D + p_g ln(1 − D) over D ∈ (0, 1) numerically at every outcome (golden-section search)
and sums the maximised terms — the definition of the game, not the JSD identity.
"""

from __future__ import annotations

import math
from fractions import Fraction as Fr

import sympy as sp

from osmose import numeric
from osmose.exactlog import log_sum
from osmose.family import Checking, Evidence, Family, Mistake, Param, Problem, Reject, Step
from osmose.mathtext import tex, uni
from osmose.exact import rational as _r

R = sp.Rational
CHECKING = Checking()
SAY = CHECKING.statement()
LEVELS = {1: "D*(x) at one outcome of two discrete distributions",
          2: "the value of the game V(D*, G) (−ln 4 + 2·JSD), with impossible outcomes",
          3: "D*(x) at a point for two Gaussian densities"}


def _dist(rng, k, den, zeros=0):
    positive = k - zeros
    cuts = sorted(rng.sample(range(1, den), positive - 1))
    parts = [Fr(b - a, den) for a, b in zip([0] + cuts, cuts + [den])]
    slots = sorted(rng.sample(range(k), positive))
    out = [Fr(0)] * k
    for s, p in zip(slots, parts):
        out[s] = p
    return out


def _vec(v, f):
    return "(" + ", ".join(f(_r(x)) for x in v) + ")"


def generate(rng, params) -> Problem:
    level = params["level"]
    if level == 3:
        return _gaussian(rng)
    k = rng.choice((3, 4))
    den = rng.choice((8, 10, 12, 16, 20))
    pd = _dist(rng, k, den)
    pg = _dist(rng, k, den, zeros=1 if level == 2 else 0)
    if pd == pg:
        raise Reject("generator already perfect")
    intro_tex = (rf"A GAN's data distribution and generator distribution on outcomes \(1, \dots, {k}\) are "
                 rf"\(p_{{\mathrm{{data}}}} = {_vec(pd, tex)}\) and \(p_g = {_vec(pg, tex)}\). The discriminator "
                 rf"maximises \(V(D, G) = \mathbb{{E}}_{{p_{{\mathrm{{data}}}}}}[\ln D(x)] + \mathbb{{E}}_{{p_g}}[\ln(1 - D(x))]\).")
    intro_text = (f"A GAN's data distribution and generator distribution on outcomes 1, …, {k} are p_data = "
                  f"{_vec(pd, uni)} and p_g = {_vec(pg, uni)}. The discriminator maximises V(D, G) = "
                  f"E_data[ln D(x)] + E_g[ln(1 − D(x))].")
    dstar = [a / (a + b) if a + b else Fr(1, 2) for a, b in zip(pd, pg)]
    d_step = Step("Pointwise, a ln D + b ln(1 − D) is maximised at D = a/(a + b).",
                  r"D^*(x) = \frac{p_{\mathrm{data}}(x)}{p_{\mathrm{data}}(x) + p_g(x)}",
                  "D*(x) = p_data(x)/(p_data(x) + p_g(x))")
    if level == 1:
        x = rng.randrange(k)
        answer = _r(dstar[x])
        if answer in (0, 1, R(1, 2)):
            raise Reject("an uninformative outcome")
        prompt_tex = intro_tex + rf" Find the optimal discriminator's output \(D^*({x + 1})\). {SAY}"
        prompt_text = intro_text + f" Find the optimal discriminator's output D*({x + 1}). {SAY}"
        steps = [d_step, Step("At this outcome.", rf"D^*({x + 1}) = \frac{{{tex(_r(pd[x]))}}}{{{tex(_r(pd[x]))} + {tex(_r(pg[x]))}}} = {tex(answer)}",
                              f"D*({x + 1}) = {uni(_r(pd[x]))}/({uni(_r(pd[x]))} + {uni(_r(pg[x]))}) = {uni(answer)}")]
        cands = [("swapped", _r(pg[x] / (pd[x] + pg[x])), "D outputs the probability that x is real: the data "
                  "density goes in the numerator."),
                 ("density ratio", _r(pd[x] / pg[x]), "The odds p_data/p_g can exceed 1; D* = p_data/(p_data + p_g) "
                  "is a probability."),
                 ("data probability only", _r(pd[x]), "Normalise by p_data(x) + p_g(x): D* compares the two densities.")]
        given = {"level": 1, "p_data": [str(v) for v in pd], "p_g": [str(v) for v in pg], "x": x + 1}
    else:
        m = [(a + b) / 2 for a, b in zip(pd, pg)]
        jsd = (log_sum([(_r(a), a / c) for a, c in zip(pd, m) if a])
               + log_sum([(_r(b), b / c) for b, c in zip(pg, m) if b])) / 2
        answer = sp.expand(-2 * sp.log(2) + 2 * jsd)
        prompt_tex = intro_tex + rf" Find the value \(V(D^*, G)\) of the game at the optimal discriminator, in nats. {SAY}"
        prompt_text = intro_text + f" Find the value V(D*, G) of the game at the optimal discriminator, in nats. {SAY}"
        steps = [d_step,
                 Step("Where p_g = 0 the discriminator is certain (D* = 1) and the term ln D* vanishes.",
                      r"D^* = " + _vec(dstar, tex), "D* = " + _vec(dstar, uni)),
                 Step("Substitute D* into V: the result is −ln 4 + 2·JSD(p_data ‖ p_g).",
                      rf"V(D^*, G) = \sum_x p_{{\mathrm{{data}}}} \ln D^* + \sum_x p_g \ln(1 - D^*) = {tex(answer)}",
                      f"V(D*, G) = Σ p_data ln D* + Σ p_g ln(1 − D*) = {uni(answer)}")]
        cands = [("JSD term only", sp.expand(2 * jsd), "V(D*, G) = −ln 4 + 2·JSD: the −ln 4 is the value "
                  "when the generator is perfect."),
                 ("perfect generator assumed", -2 * sp.log(2), "−ln 4 is the minimum, reached only when p_g = "
                  "p_data; here the distributions differ, so add 2·JSD."),
                 ("one JSD, not two", sp.expand(-2 * sp.log(2) + jsd), "The identity is V(D*, G) = −ln 4 + 2·JSD.")]
        given = {"level": 2, "p_data": [str(v) for v in pd], "p_g": [str(v) for v in pg]}
    return Problem(prompt_tex, prompt_text, answer, "number", tuple(steps), given, CHECKING,
                   tuple(Mistake(*c) for c in cands))


def _gaussian(rng):
    m1, m2 = rng.sample(range(-4, 5), 2)
    v = rng.choice((1, 2, 4, 9))
    x = rng.randint(-5, 5)
    exponent = R((x - m2) ** 2 - (x - m1) ** 2, 2 * v)   # ln(p_data/p_g)
    if exponent == 0 or abs(exponent) > 4:
        raise Reject("equidistant point, or a verdict too certain to be interesting")
    answer = 1 / (1 + sp.exp(-exponent))
    prompt_tex = (rf"The data density is \(p_{{\mathrm{{data}}}} = \mathcal{{N}}({m1}, {v})\) and the generator's is "
                  rf"\(p_g = \mathcal{{N}}({m2}, {v})\) (second argument: the variance). Find the optimal discriminator's "
                  rf"output \(D^*(x) = \frac{{p_{{\mathrm{{data}}}}(x)}}{{p_{{\mathrm{{data}}}}(x) + p_g(x)}}\) at \(x = {x}\). {SAY}")
    prompt_text = (f"The data density is p_data = N({m1}, {v}) and the generator's is p_g = N({m2}, {v}) (second "
                   f"argument: the variance). Find the optimal discriminator's output D*(x) = p_data(x)/(p_data(x) + "
                   f"p_g(x)) at x = {x}. {SAY}")
    steps = [Step("Divide through by p_data: D* = 1/(1 + p_g/p_data) = σ(ln p_data − ln p_g), a logistic function "
                  "of the log-density ratio (equal variances: the normalising constants cancel).",
                  rf"\ln\frac{{p_{{\mathrm{{data}}}}(x)}}{{p_g(x)}} = \frac{{(x - {m2})^2 - (x - {m1})^2}}{{2\cdot {v}}} = {tex(exponent)}",
                  f"ln(p_data/p_g) = ((x − {m2})² − (x − {m1})²)/(2·{v}) = {uni(exponent)}"),
             Step("So", rf"D^*({x}) = \frac{{1}}{{1 + e^{{{tex(-exponent)}}}}} = {tex(answer)}", f"D*({x}) = {uni(answer)}")]
    cands = [("swapped", 1 / (1 + sp.exp(exponent)), "The data density belongs in the numerator: D is the "
              "probability that x is real."),
             ("log-ratio, not probability", exponent, "ln(p_data/p_g) is the discriminator's logit; "
              "D* passes it through the logistic function σ.")]
    given = {"level": 3, "means": [m1, m2], "var": v, "x": x}
    return Problem(prompt_tex, prompt_text, answer, "number", tuple(steps), given, CHECKING,
                   tuple(Mistake(*c) for c in cands))


def _best_d(a, b):
    """argmax over D ∈ (0, 1) of a ln D + b ln(1 − D), by golden-section search."""
    if b == 0:
        return 1.0
    if a == 0:
        return 0.0
    return numeric.golden_max(lambda d: a * math.log(d) + b * math.log(1 - d), 1e-12, 1 - 1e-12)


def verify(given, answer) -> Evidence:
    level = given["level"]
    if level == 3:
        (m1, m2), v, x = given["means"], given["var"], given["x"]
        pdf = lambda m: math.exp(-(x - m) ** 2 / (2 * v)) / math.sqrt(2 * math.pi * v)
        value, how = _best_d(pdf(m1), pdf(m2)), "maximised p_data ln D + p_g ln(1 − D) at x numerically"
    else:
        pd = [float(Fr(v)) for v in given["p_data"]]
        pg = [float(Fr(v)) for v in given["p_g"]]
        ds = [_best_d(a, b) for a, b in zip(pd, pg)]
        if level == 1:
            value = ds[given["x"] - 1]
            how = "maximised p_data ln D + p_g ln(1 − D) at the outcome numerically"
        else:
            value = sum(a * math.log(d) for a, d in zip(pd, ds) if a) + \
                sum(b * math.log(1 - d) for b, d in zip(pg, ds) if b)
            how = "V(D, G) summed with D maximised numerically at every outcome"
    err = numeric.require_close(value, float(answer), how, rel=1e-7, floor=1e-9)
    return Evidence("golden-section search", how, err)


FAMILY = Family(
    name="gan_optimal", version=1, title="The optimal GAN discriminator",
    summary="D*(x) = p_data/(p_data + p_g) and the value of the game −ln 4 + 2·JSD.",
    params={"level": Param(1, (1, 2, 3), "1: D* at an outcome; 2: V(D*, G); 3: D* for two Gaussians")},
    levels=LEVELS, generate=generate, verify=verify,
)
