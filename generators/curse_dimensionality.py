"""The curse of dimensionality in numbers: where the volume of a ball lives, how little of a
cube an inscribed ball fills, and how fast grids outgrow data.

``task=shell``: level 1 asks the fraction of a d-ball's volume within relative distance ε of its
surface, 1 − (1 − ε)^d; level 2 the smallest dimension in which that shell holds a given share.
``task=ball``: the fraction of the cube [−1, 1]^d filled by the inscribed unit ball,
π^(d/2)/(Γ(d/2 + 1)·2^d) — level 1 in d = 2…4, level 2 in d = 5…12 (finite by nature: one prompt
per dimension). ``task=grid``: level 1 the number of cells of a grid with k bins per axis (the
sources' 2³⁰ ≈ 1.07 × 10⁹), level 2 the first dimension whose grid has more cells than a data set
has points. Verification: the shell by integrating the radial density d·r^(d−1) numerically,
the ball by the slicing recurrence V_d = V_(d−2)·2π/d (no Gamma function), the grids by
counting up dimension by dimension with Python integers.
"""

from __future__ import annotations

import math

import numpy as np
import sympy as sp

from osmose import numeric
from osmose.family import Checking, Evidence, Family, Mistake, Param, Problem, Reject, Step, \
    VerificationError
from osmose.mathtext import tex, uni

R = sp.Rational
EXACT = Checking()
FIGURES = Checking(precision="decimal")
WHOLE = Checking(precision="integer")
LEVELS = {1: "a fraction or count in a given dimension",
          2: "the dimension at which the effect reaches a threshold (or higher dimensions)"}
SHARES = (R(1, 2), R(2, 3), R(3, 4), R(4, 5), R(9, 10), R(19, 20), R(99, 100))


def _shell(rng, level):
    if level == 1:
        d, eps = rng.randint(2, 30), R(rng.randint(1, 25), 100)
        # a decimal question: the exact 1 − (1 − ε)^d runs to dozens of digits, so the reference is
        # its value to 15 figures (the checker compares at the stated 3)
        exact = 1 - (1 - eps) ** d
        answer, checking = sp.Float(exact, 15), FIGURES
        prompt_tex = (rf"What fraction of the volume of a ball in \(\mathbb{{R}}^{{{d}}}\) lies within distance "
                      rf"\({float(eps):g}\,r\) of its surface (the shell \((1 - {float(eps):g})r \le \lVert x\rVert \le r\))? {checking.statement()}")
        prompt_text = (f"What fraction of the volume of a ball in R^{d} lies within distance {float(eps):g}·r of its "
                       f"surface (the shell (1 − {float(eps):g})r ≤ ‖x‖ ≤ r)? {checking.statement()}")
        steps = [Step("Volume scales as r^d, so the inner ball holds (1 − ε)^d of it.",
                      rf"1 - (1 - {float(eps):g})^{{{d}}} \approx {float(exact):.4g}",
                      f"1 − (1 − {float(eps):g})^{d} ≈ {float(exact):.4g}")]
        cands = [("linear in ε", sp.Float(d * eps, 15) if d * eps < 1 else None,
                  "Volume is not linear in the radius: the inner ball holds (1 − ε)^d, not 1 − dε."),
                 ("inner ball instead", sp.Float((1 - eps) ** d, 15), "(1 − ε)^d is the inner ball; the shell is the rest."),
                 ("shell as in one dimension", sp.Float(eps, 15), "In one dimension the shell is ε of the length; in d "
                  "dimensions volume scales as r^d.")]
        given = {"task": "shell", "level": 1, "d": d, "eps": str(eps)}
    else:
        eps, share = R(rng.randint(1, 40), 100), rng.choice(SHARES)
        d = 1
        while 1 - (1 - eps) ** d < share:
            d += 1
        if d < 2:
            raise Reject("already in one dimension")
        answer, checking = sp.Integer(d), WHOLE
        prompt_tex = (rf"In which smallest dimension \(d\) does the shell \((1 - {float(eps):g})r \le \lVert x\rVert \le r\) "
                      rf"hold at least \({float(share):g}\) of the volume of a \(d\)-dimensional ball of radius \(r\)? {checking.statement()}")
        prompt_text = (f"In which smallest dimension d does the shell (1 − {float(eps):g})r ≤ ‖x‖ ≤ r hold at least "
                       f"{float(share):g} of the volume of a d-dimensional ball of radius r? {checking.statement()}")
        steps = [Step("Solve 1 − (1 − ε)^d ≥ p for d: d ≥ ln(1 − p)/ln(1 − ε), then round up.",
                      rf"d \ge \frac{{\ln(1 - {float(share):g})}}{{\ln(1 - {float(eps):g})}} = {math.log(1 - share) / math.log(1 - eps):.3f}"
                      rf"\ \Rightarrow\ d = {d}",
                      f"d ≥ ln(1 − {float(share):g})/ln(1 − {float(eps):g}) = {math.log(1 - share) / math.log(1 - eps):.3f} ⇒ d = {d}")]
        cands = [("rounded down", sp.Integer(d - 1), "At d − 1 the shell still holds less than the share: round up.")]
        given = {"task": "shell", "level": 2, "eps": str(eps), "share": str(share)}
    return prompt_tex, prompt_text, answer, steps, [c for c in cands if c[1] is not None], given, checking


def _ball(rng, level):
    d = rng.randint(2, 4) if level == 1 else rng.randint(5, 12)
    answer = sp.pi ** R(d, 2) / (sp.gamma(R(d, 2) + 1) * 2 ** d)
    prompt_tex = (rf"What fraction of the cube \([-1, 1]^{{{d}}}\) is filled by the inscribed unit ball "
                  rf"\(\{{x \in \mathbb{{R}}^{{{d}}} : \lVert x\rVert \le 1\}}\)? {EXACT.statement()}")
    prompt_text = (f"What fraction of the cube [−1, 1]^{d} is filled by the inscribed unit ball "
                   f"{{x ∈ R^{d} : ‖x‖ ≤ 1}}? {EXACT.statement()}")
    steps = [Step("The unit ball in d dimensions has volume π^(d/2)/Γ(d/2 + 1); the cube has volume 2^d.",
                  rf"\frac{{\pi^{{{d}/2}}}}{{\Gamma({tex(R(d, 2) + 1)})\cdot 2^{{{d}}}}} = {tex(answer)} \approx {float(answer):.4g}",
                  f"π^({d}/2)/(Γ({uni(R(d, 2) + 1)})·2^{d}) = {uni(answer)} ≈ {float(answer):.4g}")]
    cands = [("ball volume only", sp.pi ** R(d, 2) / sp.gamma(R(d, 2) + 1), "Divide by the cube's volume 2^d.")]
    given = {"task": "ball", "d": d}
    return prompt_tex, prompt_text, answer, steps, [c for c in cands if c[1] is not None], given, EXACT


def _grid(rng, level):
    k = rng.randint(2, 20)
    if level == 1:
        d = rng.randint(2, 40 if k == 2 else 14)
        answer = sp.Integer(k) ** d
        prompt_tex = (rf"A histogram splits each of \({d}\) features into \({k}\) bins. How many cells does "
                      rf"the grid have? {WHOLE.statement()}")
        prompt_text = f"A histogram splits each of {d} features into {k} bins. How many cells does the grid have? {WHOLE.statement()}"
        steps = [Step("One bin choice per feature, independently: multiply.", rf"{k}^{{{d}}} = {answer}", f"{k}^{d} = {answer}")]
        cands = [("added instead of multiplied", sp.Integer(k * d), f"The bins combine: {k} choices for each of "
                  f"{d} features gives {k}^{d} cells, not {k}·{d}."),
                 ("exponent and base swapped", sp.Integer(d) ** k, f"{k} bins in each of {d} dimensions: {k}^{d}.")]
        given = {"task": "grid", "level": 1, "k": k, "d": d}
    else:
        n = rng.choice((10, 100, 1000)) * rng.randint(1, 9) * rng.choice((1, 10, 100))
        d = 1
        while k ** d <= n:
            d += 1
        answer = sp.Integer(d)
        prompt_tex = (rf"A data set has \({n}\) points. Splitting each feature into \({k}\) bins, in which smallest "
                      rf"dimension \(d\) does the grid have more cells than there are points (so most cells must be empty)? {WHOLE.statement()}")
        prompt_text = (f"A data set has {n} points. Splitting each feature into {k} bins, in which smallest dimension d "
                       f"does the grid have more cells than there are points (so most cells must be empty)? {WHOLE.statement()}")
        steps = [Step("Find the first d with k^d > n.",
                      rf"{k}^{{{d - 1}}} = {k ** (d - 1)} \le {n} < {k}^{{{d}}} = {k ** d}",
                      f"{k}^{d - 1} = {k ** (d - 1)} ≤ {n} < {k}^{d} = {k ** d}")]
        cands = [("last dimension that fits", sp.Integer(d - 1), f"At d = {d - 1} the grid has {k ** (d - 1)} ≤ {n} cells: one more dimension is needed.")]
        given = {"task": "grid", "level": 2, "k": k, "n": n}
    return prompt_tex, prompt_text, answer, steps, cands, given, WHOLE


TASKS = {"shell": _shell, "ball": _ball, "grid": _grid}


def generate(rng, params) -> Problem:
    prompt_tex, prompt_text, answer, steps, cands, given, checking = TASKS[params["task"]](rng, params["level"])
    return Problem(prompt_tex, prompt_text, answer, "number", tuple(steps), given, checking,
                   tuple(Mistake(*c) for c in cands))


def verify(given, answer) -> Evidence:
    task = given["task"]
    if task == "shell" and given["level"] == 1:
        d, eps = given["d"], float(sp.Rational(given["eps"]))
        r = np.linspace(1 - eps, 1, 4001)
        w = np.ones_like(r)
        w[1:-1:2], w[2:-1:2] = 4, 2
        value = float(np.sum(w * d * r ** (d - 1)) * (r[1] - r[0]) / 3)
        err = numeric.require_close(value, float(answer), "∫ d r^(d−1) dr over the shell", rel=1e-8)
        return Evidence("Simpson's rule", "integrated the radial density d·r^(d−1) over the shell", err)
    if task == "ball":
        d = given["d"]
        volumes = [1.0, 2.0]                     # V₀, V₁; slicing gives V_d = V_(d−2)·2π/d
        for k in range(2, d + 1):
            volumes.append(volumes[k - 2] * 2 * math.pi / k)
        err = numeric.require_close(volumes[d] / 2 ** d, float(answer), "V_d/2^d by the recurrence", rel=1e-12)
        return Evidence("volume recurrence", "V_d = V_(d−2)·2π/d from V₀ = 1, V₁ = 2 (slicing the ball), "
                        "not the Gamma function", err)
    # counting up, with Python's exact integers
    if task == "grid" and given["level"] == 1:
        cells = 1
        for _ in range(given["d"]):
            cells *= given["k"]
        value = cells
    else:
        value = 1
        if task == "grid":
            while given["k"] ** value <= given["n"]:
                value += 1
        else:
            eps, share = sp.Rational(given["eps"]), sp.Rational(given["share"])
            inner = 1 - eps
            while 1 - inner < share:
                value += 1
                inner *= 1 - eps
    if sp.Integer(value) != answer:
        raise VerificationError(f"counting gives {value}, the answer is {answer}")
    return Evidence("counting", "multiplied dimension by dimension with exact integers")


FAMILY = Family(
    name="curse_dimensionality", version=1, title="The curse of dimensionality",
    summary="Ball shells, inscribed balls in cubes, and grids that outgrow data sets.",
    params={"task": Param("shell", tuple(TASKS), "shell | ball | grid"),
            "level": Param(1, (1, 2), "1: in a given dimension; 2: the threshold dimension / higher dimensions")},
    levels=LEVELS, generate=generate, verify=verify,
    finite=lambda params: {1: 3, 2: 8}[params["level"]] if params["task"] == "ball" else None,
)
