"""Locally linear embedding, step 2: the reconstruction weights of a point from its neighbours.

Minimise ‖x − Σⱼ wⱼ nⱼ‖² subject to Σⱼ wⱼ = 1 (the constraint makes the weights invariant to
translations). With the local Gram matrix Cⱼₖ = (x − nⱼ)·(x − nₖ) the solution is
w = C⁻¹1/(1ᵀC⁻¹1), from a Lagrange multiplier. Level 1: two neighbours in the plane. Level 2:
three neighbours in space. Answers are exact. Verification eliminates the constraint instead
(w_last = 1 − Σ the others) and solves the unconstrained least-squares problem with numpy.
"""

from __future__ import annotations

import numpy as np
import sympy as sp

from osmose import numeric
from osmose.family import Checking, Evidence, Family, Mistake, Param, Problem, Reject, Step, \
    VerificationError
from osmose.mathtext import tex, uni

CHECKING = Checking()
SAY = CHECKING.statement()
LEVELS = {1: "two neighbours in the plane", 2: "three neighbours in three dimensions"}


def _pt(rng, dim, centre=None):
    return sp.Matrix([(centre[i] if centre is not None else 0) + rng.randint(-3, 3) for i in range(dim)])


def generate(rng, params) -> Problem:
    level = params["level"]
    dim, k = (2, 2) if level == 1 else (3, 3)
    x = _pt(rng, dim)
    nbrs = [_pt(rng, dim, x) for _ in range(k)]
    diffs = [x - n for n in nbrs]
    if any(d.norm() == 0 for d in diffs):
        raise Reject("a neighbour on top of the point")
    C = sp.Matrix(k, k, lambda i, j: diffs[i].dot(diffs[j]))
    if C.det() == 0:
        raise Reject("degenerate neighbourhood (the local Gram matrix is singular)")
    z = C.inv() * sp.ones(k, 1)
    w = z / sum(z)
    answer = tuple(w)
    if any(v == 0 for v in answer):
        raise Reject("a zero weight")
    names = ", ".join(f"n_{j + 1} = {tex(tuple(n))}" for j, n in enumerate(nbrs))
    names_text = ", ".join(f"n{j + 1} = {uni(tuple(n))}" for j, n in enumerate(nbrs))
    prompt_tex = (rf"Locally linear embedding reconstructs \(x = {tex(tuple(x))}\) from its neighbours \({names}\): "
                  rf"minimise \(\lVert x - \sum_j w_j n_j\rVert^2\) subject to \(\sum_j w_j = 1\). Find the weights "
                  rf"\(({', '.join(f'w_{j + 1}' for j in range(k))})\). {SAY}")
    prompt_text = (f"Locally linear embedding reconstructs x = {uni(tuple(x))} from its neighbours {names_text}: minimise "
                   f"‖x − Σ wⱼnⱼ‖² subject to Σ wⱼ = 1. Find the weights ({', '.join(f'w{j + 1}' for j in range(k))}). {SAY}")
    steps = [Step("With Σ wⱼ = 1, x − Σ wⱼnⱼ = Σ wⱼ(x − nⱼ): the error is wᵀCw with the local Gram matrix "
                  "Cⱼₖ = (x − nⱼ)·(x − nₖ).", rf"C = {tex(C)}", f"C = {uni(C)}"),
             Step("A Lagrange multiplier for Σ wⱼ = 1 gives Cw ∝ 1: solve C z = 1, then normalise.",
                  rf"z = C^{{-1}}\mathbf 1 = {tex(tuple(z))},\quad w = z / \textstyle\sum_j z_j = {tex(answer)}",
                  f"z = C⁻¹1 = {uni(tuple(z))}, w = z/Σzⱼ = {uni(answer)}")]
    cands = [("not normalised", tuple(z), "The weights must sum to 1: divide C⁻¹1 by the sum of its entries."),
             ("equal weights", tuple(sp.Rational(1, k) for _ in range(k)), "Equal weights ignore where the neighbours "
              "lie: solve for the weights that reconstruct x best.")]
    given = {"level": level, "x": [int(v) for v in x], "neighbours": [[int(v) for v in n] for n in nbrs]}
    return Problem(prompt_tex, prompt_text, answer, "tuple", tuple(steps), given, CHECKING,
                   tuple(Mistake(*c) for c in cands))


def verify(given, answer) -> Evidence:
    x = np.array(given["x"], float)
    n = np.array(given["neighbours"], float)
    # w_last = 1 − Σ others: x − n_last = Σ_j<last w_j (n_j − n_last), an unconstrained least squares
    a = (n[:-1] - n[-1]).T
    head, *_ = np.linalg.lstsq(a, x - n[-1], rcond=None)
    expected = np.append(head, 1 - head.sum())
    got = np.array([float(v) for v in answer])
    if got.shape != expected.shape:
        raise VerificationError(f"expected {expected.size} weights")
    err = max(numeric.require_close(e, g, "constrained least squares by elimination", rel=1e-8, floor=1e-10)
              for e, g in zip(expected, got))
    return Evidence("numpy least squares", "eliminated the sum-to-one constraint and solved the unconstrained problem", err)


FAMILY = Family(
    name="lle_weights", version=1, title="Locally linear embedding: reconstruction weights",
    summary="The sum-to-one weights that best reconstruct a point from its neighbours.",
    params={"level": Param(1, (1, 2), "1: two neighbours in the plane; 2: three in space")},
    levels=LEVELS, generate=generate, verify=verify,
)
