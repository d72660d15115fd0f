"""Densities and CDFs: normalise, integrate, invert, transform.

Three tasks, two levels each (level 2 asks more of the same skill):

* ``interval`` — level 1: the constant c that normalises c·xᵏ or c·(L − x)ᵏ on [0, L], and
  P(a < X ≤ b) = F(b) − F(a); level 2: the same for a truncated exponential c·e^(−λx) on
  [0, L], where a or b may lie outside the support on purpose (F is 0 below it and 1 above).
* ``quantile`` — inverse-transform sampling X = F⁻¹(U). Level 1: the sample a given uniform
  draw u produces for a polynomial density; level 2: the formula F⁻¹(u) itself for an
  exponential, a truncated exponential, a Pareto, a Weibull, a Cauchy or a logistic density.
* ``transform`` — the density of Y = g(X) at a point. Level 1: an affine g (including a
  negative slope, and now and then a point outside the range of Y, whose density is 0);
  level 2: a non-linear g (X², √X, eˣ, −ln X), including X² of a symmetric or a normal X, where two
  branches add.

Answers are built from the closed forms with exact rationals, surds, e and ln. Verification
never uses those closed forms: it normalises the density by Gauss–Legendre quadrature,
integrates it over the interval, checks that the numerically integrated CDF at the answer
equals u (at five values of u for a formula), and differentiates the numerically computed CDF
of Y (the preimage of each y found by bisection on g) with a fourth-order central difference.
"""

from __future__ import annotations

import math

import numpy as np
import sympy as sp

from osmose import numeric
from osmose.family import Checking, Evidence, Family, Mistake, Param, Problem, Step, Reject, \
    VerificationError
from osmose.mathtext import tex, uni

R = sp.Rational
E = sp.E
u = sp.Symbol("u")
CHECKING = Checking()
FORMULA = Checking(variables={"u": "interval:0.05:0.95"})
LEVELS = {1: "polynomial densities: normalise and integrate, one inverse-transform sample, "
             "an affine change of variable",
          2: "a truncated exponential (interval partly off the support), the formula F⁻¹(u) for "
             "exponential-type densities, a non-linear change of variable (two branches for X²)"}
SUP = {1: "", 2: "²", 3: "³", 4: "⁴"}


def _num(r) -> tuple[str, str]:
    """A rational as (TeX, text)."""
    return tex(sp.sympify(r)), uni(sp.sympify(r))


def _scaled(lam, inner_t="x", inner_x="x") -> tuple[str, str]:
    """λ·inner as a lecturer writes it in an exponent: x, 2x, x/2, 3x/2, 2(x + 1), (x + 1)/2."""
    p, q = lam.p, lam.q
    num_t, num_x = ("" if p == 1 else str(p)) + inner_t, ("" if p == 1 else str(p)) + inner_x
    return (num_t if q == 1 else rf"{num_t}/{q}"), (num_x if q == 1 else f"{num_x}/{q}")


def _poly_text(k, L, falling, c=None):
    """c·xᵏ or c·(L − x)ᵏ as (TeX, text); ``c`` None writes the letter c."""
    ct, cx = ("c", "c") if c is None else _num(c)
    if c is not None and c.q != 1:
        cx = f"({cx})"
    if falling:
        base_t, base_x = rf"\left({L} - x\right)", f"({L} − x)"
    else:
        base_t, base_x = "x", "x"
    power_t = f"^{{{k}}}" if k > 1 else ""
    return rf"{ct}\,{base_t}{power_t}", f"{cx}·{base_x}{SUP[k]}"


def _poly_cdf(k, L, falling, x):
    """F(x) for the normalised c·xᵏ (or c·(L − x)ᵏ) on [0, L], exactly."""
    x = min(max(x, 0), L)
    return 1 - (1 - R(x, 1) / L) ** (k + 1) if falling else (R(x, 1) / L) ** (k + 1)


# --- interval: normalise and integrate ---------------------------------------------------------

def _interval_poly(rng):
    k, L = rng.randint(1, 3), rng.randint(1, 6)
    falling = rng.random() < 0.5
    step = R(1, 4) if L <= 2 else R(1, 2)
    grid = [i * step for i in range(int(L / step) + 1)]
    a, b = sorted(rng.sample(grid, 2))
    if (a, b) == (0, L):
        raise Reject("the whole support has probability 1")
    c = R(k + 1, L ** (k + 1))
    p = _poly_cdf(k, L, falling, b) - _poly_cdf(k, L, falling, a)
    ft, fx = _poly_text(k, L, falling)
    at, ax = _num(a)
    bt, bx = _num(b)
    shape_t = rf"\left({L} - x\right)^{{{k + 1}}}" if falling else f"x^{{{k + 1}}}"
    shape_x = f"({L} − x){SUP[k + 1]}" if falling else f"x{SUP[k + 1]}"
    cdf_t = rf"1 - \left(1 - \frac{{x}}{{{L}}}\right)^{{{k + 1}}}" if falling else \
        rf"\left(\frac{{x}}{{{L}}}\right)^{{{k + 1}}}"
    cdf_x = f"1 − (1 − x/{L}){SUP[k + 1]}" if falling else f"(x/{L}){SUP[k + 1]}"
    shape_t, shape_x = _poly_text(k, L, falling, sp.Integer(1))
    shape_t, shape_x = shape_t.replace(r"1\,", "", 1), shape_x.replace("1·", "", 1)
    area_t = rf"\int_0^{{{L}}} {shape_t}\,dx = \frac{{{L}^{{{k + 1}}}}}{{{k + 1}}}"
    area_x = f"∫₀^{L} {shape_x} dx = {L}{SUP[k + 1]}/{k + 1}"
    steps = [Step("Normalise: the total area under f must be 1.", rf"{area_t}\ \Rightarrow\ c = {tex(c)}",
                  f"{area_x} ⇒ c = {uni(c)}"),
             Step("Integrate the density from 0 to x for the CDF on the support.",
                  rf"F(x) = {cdf_t},\quad 0 \le x \le {L}", f"F(x) = {cdf_x} for 0 ≤ x ≤ {L}"),
             Step("An interval's probability is a difference of the CDF.",
                  rf"P({at} < X \le {bt}) = F({bt}) - F({at}) = {tex(p)}",
                  f"P({ax} < X ≤ {bx}) = F({bx}) − F({ax}) = {uni(p)}")]
    dens = lambda x: c * ((L - x) if falling else x) ** k
    cands = [("density values, not the CDF", (c, dens(b) - dens(a)),
              "f(b) − f(a) is a difference of heights; a probability is an area: F(b) − F(a)."),
             ("not normalised", (sp.Integer(1), p / c),
              f"The area under {shape_x} alone is {uni(1 / c)}, not 1: c = {uni(c)} makes it a density."),
             ("antiderivative without the 1/(k + 1)", (R(1, L ** (k + 1)), p),
              f"∫ xᵏ dx = x^(k+1)/(k + 1): here the area is {L}{SUP[k + 1]}/{k + 1}, so c = {uni(c)}.")]
    given = {"task": "interval", "level": 1, "density": {"kind": "poly", "k": k, "L": L, "falling": falling},
             "a": str(a), "b": str(b)}
    ask_t, ask_x = rf"P({at} < X \le {bt})", f"P({ax} < X ≤ {bx})"
    lead_t = rf"A random variable \(X\) has density \(f(x) = {ft}\) for \(0 \le x \le {L}\) and \(f(x) = 0\) elsewhere"
    lead_x = f"A random variable X has density f(x) = {fx} for 0 ≤ x ≤ {L} and f(x) = 0 elsewhere"
    return lead_t, lead_x, ask_t, ask_x, (c, p), steps, cands, given


def _interval_texp(rng):
    lam = rng.choice((R(1, 2), R(1), R(3, 2), R(2), R(3)))
    L = rng.randint(1, 4)
    where = rng.choice(("inside", "inside", "above", "below"))  # off-support ends drawn on purpose
    grid = [R(i, 2) for i in range(0, 2 * L + 1)]
    a, b = sorted(rng.sample(grid, 2))
    if where == "above":
        a, b = rng.choice(grid[1:-1]), L + rng.randint(1, 3)
    elif where == "below":
        a, b = -rng.randint(1, 3), rng.choice(grid[1:-1])
    if (max(a, 0), min(b, L)) == (0, L):
        raise Reject("the whole support has probability 1")
    lo, hi = max(a, 0), min(b, L)
    z = 1 - E ** (-lam * L)
    c = lam / z
    p = (E ** (-lam * lo) - E ** (-lam * hi)) / z
    lam_t, lam_x = _num(lam)
    expo_t, expo_x = _scaled(lam)
    expo_t, expo_x = "-" + expo_t, "−" + expo_x
    at, ax = _num(a)
    bt, bx = _num(b)
    clip = []
    if where != "inside":
        end = f"X ≤ {L} always, so F({bx}) = F({L}) = 1" if where == "above" else \
            f"X ≥ 0 always, so F({ax}) = F(0) = 0"
        clip = [Step(f"The interval reaches outside the support [0, {L}]: {end}.",
                     rf"P({at} < X \le {bt}) = P({tex(lo)} < X \le {tex(hi)})",
                     f"P({ax} < X ≤ {bx}) = P({uni(lo)} < X ≤ {uni(hi)})")]
    area = f"1 − e^(−{uni(lam * L)})" if lam == 1 else f"(1 − e^(−{uni(lam * L)}))/{lam_x}"
    steps = [Step(f"Normalise: ∫₀^{L} e^({expo_x}) dx = {area}.",
                  rf"c = \frac{{{lam_t}}}{{1 - e^{{-{tex(lam * L)}}}}}", f"c = {uni(c)}"),
             Step("The CDF on the support.",
                  rf"F(x) = \frac{{1 - e^{{{expo_t}}}}}{{1 - e^{{-{tex(lam * L)}}}}},\quad 0 \le x \le {L}",
                  f"F(x) = (1 − e^({expo_x}))/(1 − e^(−{uni(lam * L)})) for 0 ≤ x ≤ {L}")] + clip + \
            [Step("Difference of the CDF.", rf"P = F({tex(hi)}) - F({tex(lo)}) = {tex(p)}",
                  f"P = F({uni(hi)}) − F({uni(lo)}) = {uni(p)}")]
    cands = [("truncation ignored", (lam, E ** (-lam * lo) - E ** (-lam * hi)),
              f"That is the untruncated Exponential({lam_x}); on [0, {L}] the density is divided by the mass "
              f"1 − e^(−{uni(lam * L)}) that the interval keeps.")]
    if lam != 1:
        cands.append(("rate dropped from the area", (1 / z, p),
                      f"∫₀^{L} e^({expo_x}) dx = (1 − e^(−{uni(lam * L)}))/{lam_x}: the rate {lam_x} "
                      "comes down from the exponent."))
    if where != "inside":
        cands.append(("interval not clipped to the support", (c, (E ** (-lam * a) - E ** (-lam * b)) / z),
                      f"The formula for F holds only on [0, {L}]: F = 0 below 0 and F = 1 above {L}."))
    given = {"task": "interval", "level": 2, "density": {"kind": "texp", "lam": str(lam), "L": L},
             "a": str(a), "b": str(b)}
    lead_t = (rf"A random variable \(X\) has density \(f(x) = c\,e^{{{expo_t}}}\) for \(0 \le x \le {L}\) and "
              rf"\(f(x) = 0\) elsewhere (a truncated exponential)")
    lead_x = (f"A random variable X has density f(x) = c·e^({expo_x}) for 0 ≤ x ≤ {L} and f(x) = 0 elsewhere "
              f"(a truncated exponential)")
    return lead_t, lead_x, rf"P({at} < X \le {bt})", f"P({ax} < X ≤ {bx})", (c, p), steps, cands, given


def _interval(rng, level):
    lead_t, lead_x, ask_t, ask_x, answer, steps, cands, given = \
        (_interval_poly if level == 1 else _interval_texp)(rng)
    say = CHECKING.statement()
    prompt_tex = (rf"{lead_t}. Find the constant \(c\) that makes \(f\) a density, and \({ask_t}\); "
                  rf"answer as \((c,\ {ask_t})\). {say}")
    prompt_text = f"{lead_x}. Find the constant c that makes f a density, and {ask_x}; answer as (c, {ask_x}). {say}"
    return prompt_tex, prompt_text, answer, "tuple", steps, cands, given, CHECKING


# --- quantile: inverse-transform sampling ------------------------------------------------------

def _quantile_poly(rng):
    k, L = rng.randint(1, 3), rng.randint(1, 6)
    falling = rng.random() < 0.5
    c = R(k + 1, L ** (k + 1))
    # the sample's position x/L, drawn so that u is a short terminating decimal
    t = R(rng.randint(1, 19), 20) if k == 1 else R(rng.randint(1, 9), 10)
    q = 1 - (1 - t) ** (k + 1) if falling else t ** (k + 1)
    root = lambda v: v ** R(1, k + 1)
    answer = L * t
    ft, fx = _poly_text(k, L, falling, c)
    qt = f"{float(q):g}"
    over_t, over_x = ("x", "x") if L == 1 else (rf"\frac{{x}}{{{L}}}", f"x/{L}")
    lead_t, lead_x = ("", "") if L == 1 else (str(L), f"{L}·")
    if falling:
        cdf_t = rf"F(x) = 1 - \left(1 - {over_t}\right)^{{{k + 1}}}"
        cdf_x = f"F(x) = 1 − (1 − {over_x}){SUP[k + 1]}"
        inv_t = rf"x = {lead_t}\left(1 - (1 - {qt})^{{1/{k + 1}}}\right) = {tex(answer)}"
        inv_x = f"x = {lead_x}(1 − (1 − {qt})^(1/{k + 1})) = {uni(answer)}"
        mirrored = L * (1 - root(q))
    else:
        cdf_t = rf"F(x) = \left({over_t}\right)^{{{k + 1}}}" if L > 1 else f"F(x) = x^{{{k + 1}}}"
        cdf_x = f"F(x) = ({over_x}){SUP[k + 1]}" if L > 1 else f"F(x) = x{SUP[k + 1]}"
        inv_t = rf"x = {lead_t}\,{qt}^{{1/{k + 1}}} = {tex(answer)}"
        inv_x = f"x = {lead_x}{qt}^(1/{k + 1}) = {uni(answer)}"
        mirrored = L * root(1 - q)
    steps = [Step("Integrate the density from 0 for the CDF on the support.", cdf_t + rf",\ 0 \le x \le {L}",
                  cdf_x + f" for 0 ≤ x ≤ {L}"),
             Step("Inverse transform: solve F(x) = u for x.", inv_t, inv_x)]
    dens_root = (q / c) ** R(1, k)
    cands = [("mirrored: solved F(x) = 1 − u", mirrored,
              "That solves F(x) = 1 − u. It samples the same distribution (1 − U is uniform too), but it "
              "is not F⁻¹(u): the sample must grow with u."),
             ("CDF evaluated at u", _poly_cdf(k, L, falling, q),
              "F(u) maps a value to a probability; the sampler goes the other way: x = F⁻¹(u).")]
    if dens_root <= L:
        cands.append(("solved f(x) = u", L - dens_root if falling else dens_root,
                      "u is a value of the CDF F, not of the density f: solve F(x) = u."))
    given = {"task": "quantile", "level": 1, "density": {"kind": "poly", "k": k, "L": L, "falling": falling},
             "u": str(q)}
    say = CHECKING.statement()
    prompt_tex = (rf"A random variable \(X\) has density \(f(x) = {ft}\) for \(0 \le x \le {L}\) and \(f(x) = 0\) "
                  rf"elsewhere. Inverse-transform sampling sets \(X = F^{{-1}}(U)\) with \(U \sim \mathrm{{Uniform}}(0, 1)\) "
                  rf"and \(F\) the CDF of \(X\). Which sample \(x\) does the uniform draw \(u = {qt}\) give? {say}")
    prompt_text = (f"A random variable X has density f(x) = {fx} for 0 ≤ x ≤ {L} and f(x) = 0 elsewhere. "
                   f"Inverse-transform sampling sets X = F⁻¹(U) with U ~ Uniform(0, 1) and F the CDF of X. "
                   f"Which sample x does the uniform draw u = {qt} give? {say}")
    return prompt_tex, prompt_text, answer, "number", steps, cands, given, CHECKING


def _rate(lam):
    """(TeX, text) of a positive rational rate for use as a factor."""
    return _num(lam)


def _quantile_formula(rng):
    kind = rng.choice(("exp", "texp", "pareto", "weibull", "cauchy", "logistic"))
    if kind == "exp":
        lam, m = rng.choice((R(1, 2), R(1, 3), R(1), R(2), R(3), R(4), R(3, 2))), rng.randint(-6, 6)
        lt, lx = _rate(lam)
        answer = m - sp.log(1 - u) / lam
        sh_t, sh_x = (("x", "x") if m == 0 else (f"(x - {m})", f"(x − {m})") if m > 0 else (f"(x + {-m})", f"(x + {-m})"))
        et, ex = _scaled(lam, sh_t, sh_x)
        pre_t, pre_x = ("", "") if lam == 1 else (lt + r"\,", (f"({lx})" if lam.q > 1 else lx) + "·")
        dens_t = rf"f(x) = {pre_t}e^{{-{et}}}\ \text{{for }} x \ge {m},\ 0 \text{{ otherwise}}"
        dens_x = f"f(x) = {pre_x}e^(−{ex}) for x ≥ {m}, 0 otherwise"
        cdf_t, cdf_x = rf"F(x) = 1 - e^{{-{et}}}", f"F(x) = 1 − e^(−{ex})"
        slips = [("rate multiplied, not divided", m - lam * sp.log(1 - u),
                  f"Solving e^(−{lx}(x − m)) = 1 − u divides ln(1 − u) by the rate {lx}.")] if lam != 1 else []
        given_d = {"kind": "exp", "lam": str(lam), "m": m}
    elif kind == "texp":
        lam, L = rng.choice((R(1, 2), R(1), R(3, 2), R(2), R(3))), rng.randint(1, 8)
        lt, lx = _rate(lam)
        z = 1 - E ** (-lam * L)
        answer = -sp.log(1 - z * u) / lam
        et, ex = _scaled(lam)
        pre_t, pre_x = ("", "") if lam == 1 else (lt + r"\,", (f"({lx})" if lam.q > 1 else lx) + "·")
        dens_t = (rf"f(x) = \frac{{{pre_t}e^{{-{et}}}}}{{1 - e^{{-{tex(lam * L)}}}}}\ \text{{for }} 0 \le x \le {L},"
                  rf"\ 0 \text{{ otherwise}}")
        dens_x = f"f(x) = {pre_x}e^(−{ex})/(1 − e^(−{uni(lam * L)})) for 0 ≤ x ≤ {L}, 0 otherwise"
        cdf_t = rf"F(x) = \frac{{1 - e^{{-{et}}}}}{{1 - e^{{-{tex(lam * L)}}}}}"
        cdf_x = f"F(x) = (1 − e^(−{ex}))/(1 − e^(−{uni(lam * L)}))"
        slips = [("truncation ignored", -sp.log(1 - u) / lam,
                  f"That inverts the untruncated exponential; here F(x) is divided by 1 − e^(−{uni(lam * L)}), "
                  f"so solve 1 − e^(−{ex}) = u·(1 − e^(−{uni(lam * L)})).")]
        given_d = {"kind": "texp", "lam": str(lam), "L": L}
    elif kind == "pareto":
        xm, al = rng.randint(1, 10), rng.choice((R(1, 2), R(1), R(3, 2), R(2), R(3), R(5, 2)))
        at, ax = _num(al)
        answer = xm * (1 - u) ** (-1 / al)
        coef = al * sp.Integer(xm) ** al          # α·x_m^α, simplified (12, √3/2, 8)
        ct, cx = tex(coef), uni(coef)
        cx = f"({cx})" if not coef.is_Integer else cx
        pw_t, pw_x = tex(al + 1), uni(al + 1)
        pw_x = pw_x if (al + 1).is_Integer else f"({pw_x})"
        dens_t = (rf"f(x) = \frac{{{ct}}}{{x^{{{pw_t}}}}}\ \text{{for }} x \ge {xm},\ 0 \text{{ otherwise}}\ "
                  rf"\text{{(a Pareto density)}}")
        dens_x = f"f(x) = {cx}/x^{pw_x} for x ≥ {xm}, 0 otherwise (a Pareto density)"
        cdf_t = rf"F(x) = 1 - \frac{{{xm}}}{{x}}" if al == 1 else rf"F(x) = 1 - \left(\frac{{{xm}}}{{x}}\right)^{{{at}}}"
        cdf_x = f"F(x) = 1 − {xm}/x" if al == 1 else f"F(x) = 1 − ({xm}/x)^({ax})"
        slips = [("exponent sign lost", xm * (1 - u) ** (1 / al),
                  f"Solving ({xm}/x)^α = 1 − u gives x = {xm}·(1 − u)^(−1/α): the exponent is negative, so the "
                  "sample grows without bound as u → 1.")]
        given_d = {"kind": "pareto", "xm": xm, "alpha": str(al)}
    elif kind == "weibull":
        kk, s = rng.choice((2, 3, 4)), rng.choice((R(1, 2), R(1), R(3, 2), R(2), R(3), R(4), R(5), R(6)))
        st, sx = _num(s)
        answer = s * (-sp.log(1 - u)) ** R(1, kk)
        ratio_t = "x" if s == 1 else rf"\frac{{x}}{{{st}}}"
        ratio_x = "x" if s == 1 else f"x/{sx}"
        scale_t = "" if s == 1 else rf"\frac{{1}}{{{st}}}"
        scale_x = "" if s == 1 else f"(1/{sx})·"
        dens_t = (rf"f(x) = {kk}{scale_t}\left({ratio_t}\right)^{{{kk - 1}}} e^{{-({ratio_t})^{{{kk}}}}}\ \text{{for }} "
                  rf"x \ge 0,\ 0 \text{{ otherwise}}")
        dens_x = f"f(x) = {kk}·{scale_x}({ratio_x})^{kk - 1}·e^(−({ratio_x})^{kk}) for x ≥ 0, 0 otherwise (a Weibull density)"
        cdf_t, cdf_x = rf"F(x) = 1 - e^{{-({ratio_t})^{{{kk}}}}}", f"F(x) = 1 − e^(−({ratio_x})^{kk})"
        slips = [("root forgotten", -s * sp.log(1 - u),
                  f"(x/{sx})^{kk} = −ln(1 − u): take the {kk}th root as well.")]
        given_d = {"kind": "weibull", "k": kk, "s": str(s)}
    elif kind == "cauchy":
        mu, g = rng.randint(-6, 6), rng.randint(1, 6)
        answer = mu + g * sp.tan(sp.pi * (u - R(1, 2)))
        shift_t = "x" if mu == 0 else f"x - {mu}" if mu > 0 else f"x + {-mu}"
        shift_x = shift_t.replace("-", "−")
        dens_t = rf"f(x) = \frac{{{g}}}{{\pi\left({g * g} + ({shift_t})^2\right)}}\ \text{{for all real }} x"
        dens_x = f"f(x) = {g}/(π·({g * g} + ({shift_x})²)) for all real x (a Cauchy density)"
        cdf_t = rf"F(x) = \frac12 + \frac{{1}}{{\pi}}\arctan\frac{{{shift_t}}}{{{g}}}"
        cdf_x = f"F(x) = 1/2 + (1/π)·arctan(({shift_x})/{g})"
        slips = [("the 1/2 not subtracted", mu + g * sp.tan(sp.pi * u),
                  "F(x) = 1/2 + arctan(·)/π: subtract 1/2 from u before the tangent.")]
        given_d = {"kind": "cauchy", "mu": mu, "gamma": g}
    else:
        mu, s = rng.randint(-6, 6), rng.randint(1, 5)
        answer = mu + s * sp.log(u / (1 - u))
        shift_t = "x" if mu == 0 else f"x - {mu}" if mu > 0 else f"x + {-mu}"
        shift_x = shift_t.replace("-", "−")
        z_t = shift_t if s == 1 else rf"({shift_t})/{s}"
        z_x = f"({shift_x})" if s == 1 else f"({shift_x})/{s}"
        pre_t = "" if s == 1 else rf"\frac{{1}}{{{s}}}"
        pre_x = "" if s == 1 else f"(1/{s})·"
        dens_t = rf"f(x) = {pre_t}\frac{{e^{{-{z_t}}}}}{{\left(1 + e^{{-{z_t}}}\right)^2}}\ \text{{for all real }} x"
        dens_x = f"f(x) = {pre_x}e^(−{z_x})/(1 + e^(−{z_x}))² for all real x (a logistic density)"
        cdf_t, cdf_x = rf"F(x) = \frac{{1}}{{1 + e^{{-{z_t}}}}}", f"F(x) = 1/(1 + e^(−{z_x}))"
        slips = [("the scale dropped", mu + sp.log(u / (1 - u)),
                  f"z = (x − μ)/s = ln(u/(1 − u)): multiply the log-odds by the scale {s}.")] if s != 1 else []
        given_d = {"kind": "logistic", "mu": mu, "s": s}
    mirrored = answer.subs(u, 1 - u)
    cands = [("mirrored: F⁻¹(1 − u)", mirrored,
              "That is F⁻¹(1 − u). It samples the same distribution (1 − U is uniform too), but it is not "
              "F⁻¹(u): it decreases as u grows." + (" For the logistic this is the log-odds upside down: "
              "ln((1 − u)/u) instead of ln(u/(1 − u))." if kind == "logistic" else ""))] + slips
    steps = [Step("Integrate the density for the CDF.", cdf_t, cdf_x),
             Step("Inverse transform: set F(x) = u and solve for x.", rf"F^{{-1}}(u) = {tex(answer)}",
                  f"F⁻¹(u) = {uni(answer)}")]
    given = {"task": "quantile", "level": 2, "density": given_d}
    say = FORMULA.statement()
    prompt_tex = (rf"A random variable \(X\) has density \({dens_t}\). Inverse-transform sampling sets "
                  rf"\(X = F^{{-1}}(U)\) with \(U \sim \mathrm{{Uniform}}(0, 1)\) and \(F\) the CDF of \(X\). Find "
                  rf"\(F^{{-1}}(u)\) as a formula in \(u\), for \(0 < u < 1\). {say}")
    prompt_text = (f"A random variable X has density {dens_x}. Inverse-transform sampling sets X = F⁻¹(U) with "
                   f"U ~ Uniform(0, 1) and F the CDF of X. Find F⁻¹(u) as a formula in u, for 0 < u < 1. {say}")
    return prompt_tex, prompt_text, answer, "expr", steps, cands, given, FORMULA


def _quantile(rng, level):
    return (_quantile_poly if level == 1 else _quantile_formula)(rng)


# --- transform: the density of Y = g(X) --------------------------------------------------------

def _base_density(rng, level):
    """A density for X: (given dict, f as an exact function, TeX, text, support (lo, hi))."""
    kind = rng.choice(("poly", "uniform", "exp", "normal") if level == 1 else ("poly", "exp", "normal", "sym"))
    if kind == "poly":
        k = rng.randint(1, 3)
        L = rng.randint(1, 4) if level == 1 else 1
        falling = level == 1 and rng.random() < 0.5
        c = R(k + 1, L ** (k + 1))
        ft, fx = _poly_text(k, L, falling, c)
        f = lambda x: c * ((L - x) if falling else x) ** k if 0 <= x <= L else sp.Integer(0)
        return ({"kind": "poly", "k": k, "L": L, "falling": falling}, f,
                rf"f_X(x) = {ft}\ \text{{for }} 0 \le x \le {L},\ 0 \text{{ otherwise}}",
                f"f_X(x) = {fx} for 0 ≤ x ≤ {L}, 0 otherwise", (0, L))
    if kind == "uniform":
        lo = rng.randint(-4, 3)
        hi = lo + rng.randint(1, 5)
        f = lambda x: R(1, hi - lo) if lo <= x <= hi else sp.Integer(0)
        return ({"kind": "uniform", "lo": lo, "hi": hi}, f, rf"X \sim \mathrm{{Uniform}}({lo}, {hi})",
                f"X ~ Uniform({lo}, {hi})", (lo, hi))
    if kind == "exp":
        lam = rng.choice((R(1, 2), R(1), R(2), R(3)))
        lt, lx = _num(lam)
        f = lambda x: lam * E ** (-lam * x) if x >= 0 else sp.Integer(0)
        et, ex = _scaled(lam)
        pre_t, pre_x = ("", "") if lam == 1 else (lt + r"\,", (f"({lx})" if lam.q > 1 else lx) + "·")
        return ({"kind": "exp", "lam": str(lam), "m": 0}, f,
                rf"X \sim \mathrm{{Exponential}}({lt})\ \text{{(rate }}{lt}\text{{: density }} {pre_t}e^{{-{et}}},\ x \ge 0)",
                f"X ~ Exponential({lx}) (rate {lx}: density {pre_x}e^(−{ex}), x ≥ 0)", (0, math.inf))
    if kind == "normal":
        mu, var = rng.randint(-2, 2), rng.choice((1, 4))
        sd = int(math.isqrt(var))
        f = lambda x: E ** (-(x - mu) ** 2 / (2 * var)) / (sd * sp.sqrt(2 * sp.pi))
        return ({"kind": "normal", "mu": mu, "var": var}, f,
                rf"X \sim \mathcal{{N}}({mu}, {var})\ \text{{(mean {mu}, variance {var})}}",
                f"X ~ N({mu}, {var}) (mean {mu}, variance {var})", (-math.inf, math.inf))
    L = rng.randint(1, 3)
    shape = rng.choice(("uniform", "square", "tent"))
    if shape == "uniform":
        c = R(1, 2 * L)
        f = lambda x: c if -L <= x <= L else sp.Integer(0)
        dt, dx = tex(c), uni(c)
    elif shape == "square":
        c = R(3, 2 * L ** 3)
        f = lambda x: c * x ** 2 if -L <= x <= L else sp.Integer(0)
        dt, dx = rf"{tex(c)}\,x^2", f"{uni(c)}·x²"
    else:
        c = R(1, L * L)
        f = lambda x: c * (L - abs(x)) if -L <= x <= L else sp.Integer(0)
        dt, dx = rf"{tex(c)}\left({L} - |x|\right)", f"{uni(c)}·({L} − |x|)"
    return ({"kind": "sym", "shape": shape, "L": L}, f,
            rf"f_X(x) = {dt}\ \text{{for }} -{L} \le x \le {L},\ 0 \text{{ otherwise}}",
            f"f_X(x) = {dx} for −{L} ≤ x ≤ {L}, 0 otherwise", (-L, L))


def _transform(rng, level):
    d, f, dens_t, dens_x, (lo, hi) = _base_density(rng, level)
    if level == 1:
        a = R(rng.choice((-3, -2, -1, R(-1, 2), R(1, 2), 2, 3, 4)))
        b = rng.randint(-5, 5)
        outside = rng.random() < 0.15 and math.isfinite(lo) and math.isfinite(hi)
        if outside:  # a point beyond the range of Y, on purpose
            if d["kind"] == "uniform":
                c_uniform = R(1, d["hi"] - d["lo"])
            else:
                d_c = R(d["k"] + 1, d["L"] ** (d["k"] + 1))
            x0 = rng.choice((lo - rng.randint(1, 3), hi + rng.randint(1, 3)))
        else:
            span = (lo if math.isfinite(lo) else -3, hi if math.isfinite(hi) else 3)
            x0 = R(rng.randint(int(4 * span[0]) + 1, int(4 * span[1]) - 1), 4)
        y0 = a * x0 + b
        g_t, g_x = tex(a * sp.Symbol("X") + b), uni(a * sp.Symbol("X") + b)
        answer = f(x0) / abs(a)
        inv_t, inv_x = rf"x = \frac{{y - ({b})}}{{{tex(a)}}}", f"x = (y − ({b}))/({uni(a)})"
        steps = [Step("Invert g: X = (Y − b)/a, and |dx/dy| = 1/|a|.",
                      rf"{inv_t} = {tex(x0)},\quad \left|\frac{{dx}}{{dy}}\right| = {tex(1 / abs(a))}",
                      f"{inv_x} = {uni(x0)}, |dx/dy| = {uni(1 / abs(a))}")]
        if outside:
            steps.append(Step(f"x = {uni(x0)} lies outside the support of X, so no X maps to y = {uni(y0)}: "
                              "the density of Y there is 0.", rf"f_Y({tex(y0)}) = 0", f"f_Y({uni(y0)}) = 0"))
        else:
            steps.append(Step("Change of variables: f_Y(y) = f_X(x)·|dx/dy|.",
                              rf"f_Y({tex(y0)}) = f_X({tex(x0)})\cdot {tex(1 / abs(a))} = {tex(answer)}",
                              f"f_Y({uni(y0)}) = f_X({uni(x0)})·{uni(1 / abs(a))} = {uni(answer)}"))
        if outside:   # every slip through the formula gives 0 here: the real slip is using it off the support
            formula = c_uniform if d["kind"] == "uniform" else \
                d_c * ((d["L"] - x0) if d["falling"] else x0) ** d["k"]
            cands = [("formula used off the support", formula / abs(a),
                      f"The preimage x = {uni(x0)} is outside the support of X, where f_X = 0: the formula "
                      "for f_X holds only on its support.")]
        else:
            cands = [("no Jacobian factor", f(x0), f"Stretching by a = {uni(a)} spreads the probability: divide by |a|."),
                     ("multiplied by |a|", f(x0) * abs(a), "dx/dy = 1/a, not a: divide f_X by |a|."),
                     ("f_X evaluated at y", f(y0) / abs(a), f"Evaluate f_X at the preimage x = (y − b)/a = {uni(x0)}, "
                      f"not at y = {uni(y0)}.")]
        if a < 0 and not outside:
            cands.append(("sign of a kept", f(x0) / a, "A density is never negative: divide by |a|, not a."))
        d_given = {"g": "affine", "a": str(a), "b": b}
    else:
        kind = d["kind"]
        if kind == "sym":
            g_name = "square"
        elif kind == "poly":
            g_name = rng.choice(("square", "neglog"))
        elif kind == "exp":
            g_name = rng.choice(("sqrt", "exp", "square"))
        else:   # normal: X² with two unequal branches
            g_name = "square"
        sp.Symbol("X")
        g_t, g_x = {"square": ("X^2", "X²"), "neglog": (r"-\ln X", "−ln X"), "sqrt": (r"\sqrt{X}", "√X"),
                    "exp": ("e^{X}", "e^X")}[g_name]
        if g_name == "square" and kind == "normal":
            x0 = R(rng.randint(1, 12), 4)    # a rational root keeps the exponents rational
            y0 = x0 ** 2
            jac = 1 / (2 * x0)
            inv_t, inv_x = rf"x = \sqrt{{y}} = {tex(x0)}", f"x = √y = {uni(x0)}"
        elif g_name == "square":
            top = hi ** 2 if math.isfinite(hi) else 9
            y0 = R(rng.randint(1, 8 * top - 1), 8)
            x0 = sp.sqrt(y0)
            jac = 1 / (2 * x0)
            inv_t, inv_x = rf"x = \sqrt{{y}} = {tex(x0)}", f"x = √y = {uni(x0)}"
        elif g_name == "neglog":
            y0 = R(rng.randint(1, 12), 4)
            x0 = E ** (-y0)
            jac = x0
            inv_t, inv_x = rf"x = e^{{-y}} = {tex(x0)}", f"x = e^(−y) = {uni(x0)}"
        elif g_name == "sqrt":
            y0 = R(rng.randint(1, 12), 4)
            x0 = y0 ** 2
            jac = 2 * y0
            inv_t, inv_x = rf"x = y^2 = {tex(x0)}", f"x = y² = {uni(x0)}"
        else:
            y0 = rng.choice([R(i, 2) for i in range(3, 13)])    # e^X > 1 for X ≥ 0
            x0 = sp.log(y0)
            jac = 1 / y0
            inv_t, inv_x = rf"x = \ln y = {tex(x0)}", f"x = ln y = {uni(x0)}"
        two = kind in ("sym", "normal")
        fx0 = f(x0)
        both = fx0 + f(-x0) if two else fx0
        answer = both * jac
        if answer == 0:
            raise Reject("a zero of the density: nothing to transform")
        steps = [Step("Invert g on the support" + (" (two branches: x = ±√y)" if two else "") + ".",
                      inv_t + (r",\ -\sqrt{y}" if two else ""), inv_x + (", and −√y" if two else "")),
                 Step("|dx/dy| at that point.", rf"\left|\frac{{dx}}{{dy}}\right| = {tex(jac)}",
                      f"|dx/dy| = {uni(jac)}")]
        if two:
            steps.append(Step("Both branches map onto y: add their contributions" +
                              (" (f_X is symmetric, so they are equal)." if kind == "sym" else "."),
                              rf"f_Y({tex(y0)}) = \left(f_X({tex(x0)}) + f_X(-{tex(x0)})\right){tex(jac)} = {tex(answer)}",
                              f"f_Y({uni(y0)}) = (f_X({uni(x0)}) + f_X(−{uni(x0)}))·{uni(jac)} = {uni(answer)}"))
        else:
            steps.append(Step("Change of variables: f_Y(y) = f_X(x)·|dx/dy|.",
                              rf"f_Y({tex(y0)}) = f_X({tex(x0)})\cdot {tex(jac)} = {tex(answer)}",
                              f"f_Y({uni(y0)}) = f_X({uni(x0)})·{uni(jac)} = {uni(answer)}"))
        cands = [("no Jacobian factor", both, "Probability is conserved, not density: multiply f_X by |dx/dy|."),
                 ("Jacobian upside down", both / jac,
                  "Multiply by |dx/dy| (the inverse map's derivative), not by |dy/dx| = |g′(x)|.")]
        if two:
            cands.insert(0, ("one branch only", fx0 * jac,
                             "X² = y has two solutions, ±√y, in the support: both contribute."))
        d_given = {"g": g_name}
    given = {"task": "transform", "level": level, "density": d, "y": str(y0), **d_given}
    say = CHECKING.statement()
    prompt_tex = rf"Let \({dens_t}\), and \(Y = {g_t}\). Find the density \(f_Y\) of \(Y\) at \(y = {tex(y0)}\). {say}"
    prompt_text = f"Let {dens_x}, and Y = {g_x}. Find the density f_Y of Y at y = {uni(y0)}. {say}"
    return prompt_tex, prompt_text, answer, "number", steps, cands, given, CHECKING


TASKS = {"interval": _interval, "quantile": _quantile, "transform": _transform}


def generate(rng, params) -> Problem:
    prompt_tex, prompt_text, answer, kind, steps, cands, given, checking = \
        TASKS[params["task"]](rng, params["level"])
    return Problem(prompt_tex, prompt_text, answer, kind, tuple(steps), given, checking,
                   tuple(Mistake(*c) for c in cands))


# --- verification: quadrature, bisection, finite differences -----------------------------------

NODES, WEIGHTS = np.polynomial.legendre.leggauss(64)


def _integrate(f, a: float, b: float) -> float:
    """∫ₐᵇ f by 64-point Gauss–Legendre on [a, b], split in eight panels."""
    if b <= a:
        return 0.0
    edges = np.linspace(a, b, 9)
    total = 0.0
    for lo, hi in zip(edges[:-1], edges[1:]):
        mid, half = (lo + hi) / 2, (hi - lo) / 2
        total += half * float(np.dot(WEIGHTS, f(mid + half * NODES)))
    return total


def _density(d) -> tuple:
    """(normalised numpy density, lo, hi, a point with known CDF value, that value).

    Bounded densities are normalised by quadrature, so a wrong constant in the prompt would show.
    """
    kind = d["kind"]
    if kind == "poly":
        k, L = d["k"], d["L"]
        shape = (lambda x: (L - x) ** k) if d["falling"] else (lambda x: x ** k)
        lo, hi = 0.0, float(L)
    elif kind == "texp":
        lam, L = float(sp.Rational(d["lam"])), d["L"]
        shape, lo, hi = (lambda x: np.exp(-lam * x)), 0.0, float(L)
    elif kind == "uniform":
        shape, lo, hi = (lambda x: np.ones_like(x)), float(d["lo"]), float(d["hi"])
    elif kind == "sym":
        L = d["L"]
        shape = {"uniform": lambda x: np.ones_like(x), "square": lambda x: x * x,
                 "tent": lambda x: L - np.abs(x)}[d["shape"]]
        lo, hi = -float(L), float(L)
    else:
        return _unbounded(d)
    z = _integrate(shape, lo, hi)
    return (lambda x: shape(x) / z), lo, hi, lo, 0.0


def _unbounded(d):
    kind = d["kind"]
    if kind == "exp":
        lam, m = float(sp.Rational(d["lam"])), d.get("m", 0)
        return (lambda x: lam * np.exp(-lam * (x - m))), float(m), math.inf, float(m), 0.0
    if kind == "normal":
        mu, var = d["mu"], d["var"]
        return (lambda x: np.exp(-(x - mu) ** 2 / (2 * var)) / math.sqrt(2 * math.pi * var)), \
            -math.inf, math.inf, float(mu), 0.5
    if kind == "pareto":
        xm, al = d["xm"], float(sp.Rational(d["alpha"]))
        return (lambda x: al * xm ** al / x ** (al + 1)), float(xm), math.inf, float(xm), 0.0
    if kind == "weibull":
        k, s = d["k"], float(sp.Rational(d["s"]))
        return (lambda x: k / s * (x / s) ** (k - 1) * np.exp(-(x / s) ** k)), 0.0, math.inf, 0.0, 0.0
    if kind == "cauchy":
        mu, g = d["mu"], d["gamma"]
        return (lambda x: g / (math.pi * (g * g + (x - mu) ** 2))), -math.inf, math.inf, float(mu), 0.5
    mu, s = d["mu"], d["s"]   # logistic, symmetric about μ
    return (lambda x: np.exp(-(x - mu) / s) / (s * (1 + np.exp(-(x - mu) / s)) ** 2)), \
        -math.inf, math.inf, float(mu), 0.5


def _cdf(d, x: float) -> float:
    """F(x) by quadrature from a point of known CDF value (the lower end, or a centre of symmetry)."""
    f, lo, hi, ref, at_ref = _density(d)
    x = min(max(x, lo), hi)
    return at_ref + (_integrate(f, ref, x) if x >= ref else -_integrate(f, x, ref))


def _g(name, given):
    if name == "affine":
        a, b = float(sp.Rational(given["a"])), given["b"]
        return lambda x: a * x + b
    return {"square": lambda x: x * x, "sqrt": math.sqrt, "exp": math.exp,
            "neglog": lambda x: -math.log(x)}[name]


def _bisect(g, y, p, q):
    """The x in [p, q] with g(x) = y for a monotone g (clamped to the ends)."""
    gp, gq = g(p), g(q)
    rising = gq > gp
    if (y <= gp) == rising:
        return p
    if (y >= gq) == rising:
        return q
    for _ in range(200):
        mid = (p + q) / 2
        if (g(mid) < y) == rising:
            p = mid
        else:
            q = mid
    return (p + q) / 2


def _mass(given, y1, y2) -> float:
    """P(y1 < g(X) ≤ y2): on each monotone piece of g, the integral of f_X between the preimages."""
    d = given["density"]
    f, lo, hi, _, _ = _density(d)
    lo, hi = max(lo, -60.0), min(hi, 60.0)   # far beyond every preimage drawn here
    g = _g(given["g"], given)
    pieces = [(lo, 0.0), (0.0, hi)] if given["g"] == "square" and lo < 0 < hi else [(max(lo, 1e-300) if given["g"] == "neglog" else lo, hi)]
    total = 0.0
    for p, q in pieces:
        r1, r2 = sorted((_bisect(g, y1, p, q), _bisect(g, y2, p, q)))
        total += _integrate(f, r1, r2)
    return total


def verify(given, answer) -> Evidence:
    task = given["task"]
    if task == "interval":
        d = given["density"]
        lam = float(sp.Rational(d.get("lam", "1")))
        raw = (lambda x: np.exp(-lam * x)) if d["kind"] == "texp" else \
            (lambda x: ((d["L"] - x) if d["falling"] else x) ** d["k"])
        lo, hi = 0.0, float(d["L"])
        c = 1 / _integrate(raw, lo, hi)    # c must be the reciprocal of the shape's area
        a, b = float(sp.Rational(given["a"])), float(sp.Rational(given["b"]))
        p = c * _integrate(raw, max(a, lo), min(b, hi))
        if not isinstance(answer, tuple) or len(answer) != 2:
            raise VerificationError("expected (c, P)")
        err = max(numeric.require_close(c, float(answer[0]), "1/∫ shape (Gauss–Legendre)", rel=1e-9),
                  numeric.require_close(p, float(answer[1]), "∫ f over the interval ∩ support", rel=1e-9))
        return Evidence("Gauss–Legendre quadrature", "normalised the shape numerically and integrated the "
                        "density over the part of (a, b] inside the support", err)
    if task == "quantile":
        d = given["density"]
        if given["level"] == 1:
            target = float(sp.Rational(given["u"]))
            err = numeric.require_close(_cdf(d, float(answer)), target, "F(answer) by quadrature", rel=1e-9)
            return Evidence("quadrature", "the numerically integrated CDF at the answer equals u", err)
        err = 0.0
        for q in (0.1, 0.27, 0.5, 0.73, 0.9):
            x = numeric.evaluate(sp.sympify(answer), {"u": q})
            err = max(err, numeric.require_close(_cdf(d, x), q, f"F(answer at u = {q}) by quadrature",
                                                 rel=1e-9))
        return Evidence("quadrature", "at u = 0.1, 0.27, 0.5, 0.73, 0.9 the numerically integrated CDF "
                        "at the formula's value equals u", err)
    y = float(sp.Rational(given["y"]))
    h = 1e-3 * max(1.0, abs(y)) if given["g"] != "affine" else 1e-3
    if given["g"] != "affine":
        h = min(h, y / 4)   # stay inside y > 0
    deriv = (8 * _mass(given, y - h, y + h) - _mass(given, y - 2 * h, y + 2 * h)) / (12 * h)
    err = numeric.require_close(deriv, float(answer), "dF_Y/dy by central differences", rel=1e-6, floor=1e-9)
    return Evidence("finite differences of a numerical CDF",
                    "F_Y(y) = P(g(X) ≤ y) by bisection for the preimages and Gauss–Legendre quadrature; "
                    "its derivative by a fourth-order central difference", err)


FAMILY = Family(
    name="densities_cdfs", version=1, title="Densities and CDFs",
    summary="Normalise a density and integrate it; inverse-transform sampling X = F⁻¹(U); the density "
            "of Y = g(X) at a point.",
    params={"task": Param("interval", tuple(TASKS), "interval: c and P(a < X ≤ b); quantile: F⁻¹; "
                          "transform: density of g(X)"),
            "level": Param(1, (1, 2), "1: polynomial / affine; 2: exponential-type / non-linear")},
    levels=LEVELS, generate=generate, verify=verify,
)
