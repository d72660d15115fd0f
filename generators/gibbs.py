"""Gibbs sampling by hand: full conditionals of a bivariate Gaussian, sweeps with given randomness.

``gaussian``: (X, Y) bivariate normal with correlation ρ. Level 1: standardised (means 0,
variances 1) — the full conditional X | Y = y is N(ρy, 1 − ρ²); the answer is its (mean,
variance). Level 2: general means and variances; one Gibbs sweep from (x₀, y₀) with given
standard-normal draws z₁, z₂: x₁ = E[X | y₀] + sd(X | y₀)·z₁, then y₁ from Y | X = x₁ (the
*new* x). ρ is drawn with √(1 − ρ²) rational so the sweep stays exact.

``discrete``: a joint table p(x, y) ∝ given weights. One sweep from (x₀, y₀) with uniforms u₁,
u₂: x₁ from p(x | y₀), then y₁ from p(y | x₁), each by the inverse CDF (the first value whose
cumulative conditional probability exceeds u). The answer is (x₁, y₁, K) with
K = p(x₁ | y₀)·p(y₁ | x₁), the probability that a sweep from (x₀, y₀) lands there. Level 1:
a 2×3 table; level 2: a 3×3 table with impossible cells.

Verification: the Gaussian conditionals come from the precision matrix Λ = Σ⁻¹ (numpy):
X | Y = y ~ N(μx − (Λxy/Λxx)(y − μy), 1/Λxx), not from the ρσ formulas; the discrete sweep is
redone with numpy row/column normalisation and searchsorted.
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
from osmose.exact import decimal_or_fraction as _dec
from osmose.exact import rational as _r

CHECKING = Checking()
SAY = CHECKING.statement()
LEVELS = {1: "the full conditional X | Y = y of a standardised Gaussian; one sweep on a 2×3 table",
          2: "one Gibbs sweep for a general bivariate Gaussian with given normal draws; a 3×3 table with zeros"}
ASKS = ("gaussian", "discrete")
#: correlations with a rational √(1 − ρ²)
PYTHAGOREAN = (Fr(3, 5), Fr(4, 5), Fr(5, 13), Fr(12, 13), Fr(8, 17), Fr(15, 17), Fr(7, 25), Fr(24, 25),
               Fr(20, 29), Fr(21, 29))


def _tup(values):
    return tuple(_r(v) if not isinstance(v, sp.Basic) else v for v in values)


def _gaussian_l1(rng):
    rho = Fr(rng.choice([k for k in range(-19, 20) if k]), 20)
    y = Fr(rng.randint(-12, 12), 4)
    if y == 0:
        raise Reject("y = 0 hides the slope")
    mean, var = rho * y, 1 - rho * rho
    prompt_tex = (rf"\((X, Y)\) is bivariate normal with means 0, variances 1 and correlation \(\rho = {_dec(rho)}\). "
                  rf"A Gibbs sampler updates \(X\) from its full conditional given \(Y = {_dec(y)}\). "
                  rf"Find the mean and the variance of \(X \mid Y = {_dec(y)}\), as (mean, variance).")
    prompt_text = (f"(X, Y) is bivariate normal with means 0, variances 1 and correlation ρ = {_dec(rho)}. A Gibbs "
                   f"sampler updates X from its full conditional given Y = {_dec(y)}. Find the mean and the variance "
                   f"of X | Y = {_dec(y)}, as (mean, variance).")
    steps = [Step("For standardised variables the regression of X on Y has slope ρ, and conditioning removes the "
                  "fraction ρ² of the variance.",
                  rf"X \mid Y = y \sim \mathcal{{N}}(\rho y,\ 1 - \rho^2) = \mathcal{{N}}({tex(_r(mean))},\ {tex(_r(var))})",
                  f"X | Y = y ~ N(ρy, 1 − ρ²) = N({uni(_r(mean))}, {uni(_r(var))})")]
    cands = [("1 − ρ for the variance", (mean, 1 - rho), "The conditional variance is 1 − ρ², the share of "
              "Var X that Y does not explain."),
             ("unconditional variance", (mean, Fr(1)), "Knowing Y shrinks the variance of X to 1 − ρ²."),
             ("divided by ρ", (y / rho, var), "The conditional mean is ρy: regression towards the mean, not away.")]
    given = {"ask": "gaussian", "level": 1, "rho": str(rho), "y": str(y)}
    return prompt_tex, prompt_text, _tup((mean, var)), steps, cands, given


def _sweep_gauss(mx, my, sx, sy, rho, s, x0, y0, z1, z2, fresh=True, sd_as_var=False, scale=True):
    """One Gibbs sweep; the flags reproduce classic slips."""
    fx = sx * sx if sd_as_var else sx
    fy = sy * sy if sd_as_var else sy
    kx, ky = (rho * sx / sy, rho * sy / sx) if scale else (rho, rho)
    x1 = mx + kx * (y0 - my) + fx * s * z1
    y1 = my + ky * ((x1 if fresh else x0) - mx) + fy * s * z2
    return x1, y1


def _gaussian_l2(rng):
    rho = rng.choice(PYTHAGOREAN) * rng.choice((1, -1))
    s = Fr(math.isqrt((1 - rho * rho).numerator), math.isqrt((1 - rho * rho).denominator))
    mx, my = rng.randint(-3, 3), rng.randint(-3, 3)
    sx, sy = rng.choice(((1, 2), (2, 1), (2, 3), (3, 2), (1, 3), (3, 1), (2, 2), (1, 1)))
    if sx == sy == 1 and rng.random() < 0.7:
        raise Reject("mostly unequal scales")
    x0, y0 = mx + rng.randint(-3, 3), my + rng.randint(-3, 3)
    z1, z2 = Fr(rng.randint(-20, 20), 10), Fr(rng.randint(-20, 20), 10)
    if z1 == 0 or z2 == 0 or y0 == my:
        raise Reject("a draw or a deviation of 0 hides a step")
    x1, y1 = _sweep_gauss(mx, my, sx, sy, rho, s, x0, y0, z1, z2)
    prompt_tex = (rf"\((X, Y)\) is bivariate normal with \(\mu_X = {mx}\), \(\mu_Y = {my}\), variances "
                  rf"\(\sigma_X^2 = {sx * sx}\), \(\sigma_Y^2 = {sy * sy}\) and correlation \(\rho = {_dec(rho)}\). "
                  rf"A Gibbs sampler at \((x_0, y_0) = ({x0}, {y0})\) does one sweep: it draws \(x_1\) from "
                  rf"\(X \mid Y = y_0\), then \(y_1\) from \(Y \mid X = x_1\), each as conditional mean + conditional "
                  rf"standard deviation × a standard-normal draw, with draws \(z_1 = {_dec(z1)}\) and "
                  rf"\(z_2 = {_dec(z2)}\). Find \((x_1, y_1)\).")
    prompt_text = (f"(X, Y) is bivariate normal with μ_X = {mx}, μ_Y = {my}, variances σ_X² = {sx * sx}, "
                   f"σ_Y² = {sy * sy} and correlation ρ = {_dec(rho)}. A Gibbs sampler at (x0, y0) = ({x0}, {y0}) "
                   f"does one sweep: it draws x1 from X | Y = y0, then y1 from Y | X = x1, each as conditional mean + "
                   f"conditional standard deviation × a standard-normal draw, with draws z1 = {_dec(z1)} and "
                   f"z2 = {_dec(z2)}. Find (x1, y1).")
    mean1, mean2 = mx + rho * sx / sy * (y0 - my), my + rho * sy / sx * (x1 - mx)
    steps = [Step("Full conditionals: X | Y = y ~ N(μ_X + ρ(σ_X/σ_Y)(y − μ_Y), σ_X²(1 − ρ²)), and symmetrically for "
                  f"Y | X. Here √(1 − ρ²) = {_dec(s)}.",
                  rf"\mathrm{{sd}}(X \mid Y) = {sx}\cdot {_dec(s)} = {tex(_r(sx * s))},\quad "
                  rf"\mathrm{{sd}}(Y \mid X) = {sy}\cdot {_dec(s)} = {tex(_r(sy * s))}",
                  f"sd(X | Y) = {sx}·{_dec(s)} = {uni(_r(sx * s))}, sd(Y | X) = {sy}·{_dec(s)} = {uni(_r(sy * s))}"),
             Step("Update x from the current y₀.",
                  rf"x_1 = \mathbb{{E}}[X \mid y_0] + \mathrm{{sd}}\cdot z_1 = {tex(_r(mean1))} + {tex(_r(sx * s))}\cdot({_dec(z1)}) = {tex(_r(x1))}",
                  f"x1 = E[X | y0] + sd·z1 = {uni(_r(mean1))} + {uni(_r(sx * s))}·({_dec(z1)}) = {uni(_r(x1))}"),
             Step("Update y from the new x₁ (not x₀).",
                  rf"y_1 = \mathbb{{E}}[Y \mid x_1] + \mathrm{{sd}}\cdot z_2 = {tex(_r(mean2))} + {tex(_r(sy * s))}\cdot({_dec(z2)}) = {tex(_r(y1))}",
                  f"y1 = E[Y | x1] + sd·z2 = {uni(_r(mean2))} + {uni(_r(sy * s))}·({_dec(z2)}) = {uni(_r(y1))}")]
    args = (mx, my, sx, sy, rho, s, x0, y0, z1, z2)
    cands = [("y from the old x", _sweep_gauss(*args, fresh=False), "A Gibbs sweep conditions each update on the "
              "latest values: y₁ is drawn given x₁, not x₀."),
             ("variance used as standard deviation", _sweep_gauss(*args, sd_as_var=True),
              "Scale the normal draw by the conditional standard deviation σ√(1 − ρ²), not by σ²√(1 − ρ²)."),
             ("slope ρ without σ_X/σ_Y", _sweep_gauss(*args, scale=False), "The regression slope of X on Y is "
              "ρσ_X/σ_Y: correlation alone is the slope only for standardised variables.")]
    given = {"ask": "gaussian", "level": 2, "mu": [mx, my], "var": [sx * sx, sy * sy], "rho": str(rho),
             "start": [x0, y0], "z": [str(z1), str(z2)]}
    return prompt_tex, prompt_text, _tup((x1, y1)), steps, cands, given


def _inverse_cdf(probs, u):
    """1-based index of the first value whose cumulative probability exceeds u."""
    total = Fr(0)
    for i, p in enumerate(probs):
        total += p
        if total > u:
            return i + 1
    raise AssertionError("u ≥ 1")


def _discrete(rng, level):
    rows, cols = (2, 3) if level == 1 else (3, 3)
    w = [[rng.randint(1, 6) for _ in range(cols)] for _ in range(rows)]
    if level == 2:
        for _ in range(rng.randint(1, 2)):
            w[rng.randrange(rows)][rng.randrange(cols)] = 0
    if any(sum(r) == 0 for r in w) or any(sum(w[i][j] for i in range(rows)) == 0 for j in range(cols)):
        raise Reject("an impossible value")
    cells = [(i, j) for i in range(rows) for j in range(cols) if w[i][j]]
    x0, y0 = (v + 1 for v in rng.choice(cells))
    u1, u2 = Fr(rng.randint(1, 99), 100), Fr(rng.randint(1, 99), 100)
    col = [Fr(w[i][y0 - 1], sum(w[k][y0 - 1] for k in range(rows))) for i in range(rows)]
    cum = [sum(col[:i + 1]) for i in range(rows)]
    if u1 in cum:
        raise Reject("u on a boundary")
    x1 = _inverse_cdf(col, u1)
    row = [Fr(w[x1 - 1][j], sum(w[x1 - 1])) for j in range(cols)]
    if u2 in [sum(row[:j + 1]) for j in range(cols)]:
        raise Reject("u on a boundary")
    y1 = _inverse_cdf(row, u2)
    K = col[x1 - 1] * row[y1 - 1]
    if len({x for x, _ in cells}) < 2:
        raise Reject("x never moves")
    total = sum(map(sum, w))
    # slips
    marg_x = [Fr(sum(w[i]), total) for i in range(rows)]
    xm = _inverse_cdf(marg_x, u1)
    rm = [Fr(w[xm - 1][j], sum(w[xm - 1])) for j in range(cols)]
    ym = _inverse_cdf(rm, u2)
    old_row = [Fr(w[x0 - 1][j], sum(w[x0 - 1])) for j in range(cols)]
    yo = _inverse_cdf(old_row, u2)
    cands = [("x from the marginal", (xm, ym, marg_x[xm - 1] * rm[ym - 1]), f"x₁ is drawn from the full conditional "
              f"p(x | y = {y0}): normalise column y = {y0}, not the row sums."),
             ("y from the old x", (x1, yo, col[x1 - 1] * old_row[yo - 1]), f"After x moves to x₁ = {x1}, y is drawn "
              f"from p(y | x = {x1}): Gibbs uses the newest value of every other variable."),
             ("joint instead of conditionals", (x1, y1, Fr(w[x1 - 1][y1 - 1], total)),
              "The sweep's probability multiplies the two conditionals used, p(x₁ | y₀)·p(y₁ | x₁), not the joint "
              "p(x₁, y₁).")]
    head = " & ".join(f"y = {j + 1}" for j in range(cols))
    body = r" \\ ".join(f"x = {i + 1} & " + " & ".join(map(str, r)) for i, r in enumerate(w))
    table_tex = rf"\[\begin{{array}}{{c|{'c' * cols}}} & {head} \\ \hline {body} \end{{array}}\]"
    table_text = "; ".join(f"row x = {i + 1}: " + ", ".join(map(str, r)) for i, r in enumerate(w)) + \
        " (columns y = " + ", ".join(str(j + 1) for j in range(cols)) + ")"
    rule = ("each variable is drawn by the inverse CDF: it takes the first value (in increasing order) whose "
            "cumulative conditional probability exceeds the uniform")
    prompt_tex = (rf"A joint distribution \(p(x, y)\) is proportional to the weights {table_tex} A Gibbs sampler at "
                  rf"\((x_0, y_0) = ({x0}, {y0})\) does one sweep: \(x_1 \sim p(x \mid y_0)\) using the uniform "
                  rf"\(u_1 = {_dec(u1)}\), then \(y_1 \sim p(y \mid x_1)\) using \(u_2 = {_dec(u2)}\); {rule}. "
                  rf"Find \((x_1, y_1, K)\), where \(K = p(x_1 \mid y_0)\,p(y_1 \mid x_1)\) is the probability that "
                  rf"a sweep from \((x_0, y_0)\) lands on \((x_1, y_1)\).")
    prompt_text = (f"A joint distribution p(x, y) is proportional to the weights: {table_text}. A Gibbs sampler at "
                   f"(x0, y0) = ({x0}, {y0}) does one sweep: x1 ~ p(x | y0) using the uniform u1 = {_dec(u1)}, then "
                   f"y1 ~ p(y | x1) using u2 = {_dec(u2)}; {rule}. Find (x1, y1, K), where K = p(x1 | y0)·p(y1 | x1) "
                   f"is the probability that a sweep from (x0, y0) lands on (x1, y1).")
    cumt = lambda ps: ", ".join(uni(_r(sum(ps[:i + 1]))) for i in range(len(ps)))
    cumx = lambda ps: ", ".join(tex(_r(sum(ps[:i + 1]))) for i in range(len(ps)))
    steps = [Step(f"Normalise column y = {y0} for p(x | y₀); its cumulative sums place u₁.",
                  rf"p(x \mid y = {y0}) = \left({', '.join(tex(_r(v)) for v in col)}\right),\ \text{{cumulative }}"
                  rf"{cumx(col)}\ \Rightarrow\ x_1 = {x1}",
                  f"p(x | y = {y0}) = ({', '.join(uni(_r(v)) for v in col)}), cumulative {cumt(col)} ⇒ x1 = {x1}"),
             Step(f"Normalise row x = {x1} (the new x) for p(y | x₁).",
                  rf"p(y \mid x = {x1}) = \left({', '.join(tex(_r(v)) for v in row)}\right),\ \text{{cumulative }}"
                  rf"{cumx(row)}\ \Rightarrow\ y_1 = {y1}",
                  f"p(y | x = {x1}) = ({', '.join(uni(_r(v)) for v in row)}), cumulative {cumt(row)} ⇒ y1 = {y1}"),
             Step("Multiply the two conditional probabilities used.",
                  rf"K = {tex(_r(col[x1 - 1]))}\cdot {tex(_r(row[y1 - 1]))} = {tex(_r(K))}",
                  f"K = {uni(_r(col[x1 - 1]))}·{uni(_r(row[y1 - 1]))} = {uni(_r(K))}")]
    if max(col) == 1:
        steps.insert(1, Step(f"Column y = {y0} has a single possible x: the conditional is a point mass and x cannot "
                             "move this sweep, whatever u₁ is."))
    if level == 2:
        steps.append(Step("Impossible cells (weight 0) get conditional probability 0, so the sampler never lands "
                          "on them."))
    given = {"ask": "discrete", "level": level, "weights": w, "start": [x0, y0], "u": [str(u1), str(u2)]}
    return prompt_tex, prompt_text, _tup((x1, y1, K)), steps, cands, given


def generate(rng, params) -> Problem:
    ask, level = params["ask"], params["level"]
    if ask == "gaussian":
        built = (_gaussian_l1 if level == 1 else _gaussian_l2)(rng)
    else:
        built = _discrete(rng, level)
    prompt_tex, prompt_text, answer, steps, cands, given = built
    mistakes = distinct_mistakes([(n, _tup(v), fb) for n, v, fb in cands], answer, lambda a, b: a != b)
    return Problem(f"{prompt_tex} {SAY}", f"{prompt_text} {SAY}", answer, "tuple", tuple(steps), given,
                   CHECKING, mistakes)


def _conditional(mu, cov, i, value):
    """Mean and variance of coordinate i given the other, from the precision matrix."""
    lam = np.linalg.inv(cov)
    j = 1 - i
    return mu[i] - lam[i, j] / lam[i, i] * (value - mu[j]), 1 / lam[i, i]


def verify(given, answer) -> Evidence:
    got = [float(v) for v in answer]
    if given["ask"] == "gaussian":
        rho = float(Fr(given["rho"]))
        if given["level"] == 1:
            cov = np.array([[1, rho], [rho, 1]])
            expected = _conditional([0.0, 0.0], cov, 0, float(Fr(given["y"])))
        else:
            vx, vy = given["var"]
            c = rho * math.sqrt(vx * vy)
            cov = np.array([[vx, c], [c, vy]], dtype=float)
            mu = [float(v) for v in given["mu"]]
            z1, z2 = (float(Fr(v)) for v in given["z"])
            m1, v1 = _conditional(mu, cov, 0, given["start"][1])
            x1 = m1 + math.sqrt(v1) * z1
            m2, v2 = _conditional(mu, cov, 1, x1)
            expected = (x1, m2 + math.sqrt(v2) * z2)
        what = "precision-matrix conditionals"
    else:
        w = np.array(given["weights"], dtype=float)
        x0, y0 = given["start"]
        u1, u2 = (float(Fr(v)) for v in given["u"])
        col = w[:, y0 - 1] / w[:, y0 - 1].sum()
        x1 = int(np.searchsorted(np.cumsum(col), u1, side="right")) + 1
        row = w[x1 - 1] / w[x1 - 1].sum()
        y1 = int(np.searchsorted(np.cumsum(row), u2, side="right")) + 1
        expected = (x1, y1, col[x1 - 1] * row[y1 - 1])
        what = "numpy normalisation and searchsorted"
    if len(got) != len(expected):
        raise VerificationError(f"expected {len(expected)} components")
    err = max(numeric.require_close(e, g, what, rel=1e-9, floor=1e-12) for e, g in zip(expected, got))
    return Evidence("numpy", what, err)


FAMILY = Family(
    name="gibbs", version=1, title="Gibbs sampling: full conditionals and one sweep",
    summary="Full conditionals of a bivariate Gaussian, and one Gibbs sweep (Gaussian or discrete) with given randomness.",
    params={"ask": Param("gaussian", ASKS, "gaussian | discrete"),
            "level": Param(1, (1, 2), "1: a conditional / a 2×3 table; 2: a full sweep / a 3×3 table with zeros")},
    levels=LEVELS, generate=generate, verify=verify,
)
