"""The 1-Wasserstein (earth mover's) distance between two discrete distributions on the line.

The answer follows the textbook path W₁ = ∫ |F(t) − G(t)| dt (sorted pairing for equal-weight
samples). Verification is a linear-programming optimality certificate in floating point:
a feasible transport plan (north-west corner rule on sorted atoms, marginals checked)
gives an upper bound, a 1-Lipschitz potential f gives the lower bound E_μ f − E_ν f
(Kantorovich–Rubinstein duality); both must equal the answer.
"""

from __future__ import annotations

from fractions import Fraction as Fr

import numpy as np
import sympy as sp

from osmose import numeric
from osmose.family import Checking, Evidence, Family, Mistake, Param, Problem, Reject, Step, VerificationError

#: exact fractions, or decimals to 3 significant figures
CHECKING = Checking(precision="exact-or-decimal", sig_figs=3)
from osmose.mathtext import tex, uni
from osmose.exact import rational as _r


def _factor_text(r) -> str:
    """An interval length after "·", bracketed when it is a fraction (no "7/30·1/2")."""
    return uni(r) if r.is_Integer else f"({uni(r)})"


def w1_cdf(xs, ps, ys, qs) -> Fr:
    """∫|F − G| over the merged support: exact, with Fractions."""
    grid = sorted(set(xs) | set(ys))
    total, F, G = Fr(0), Fr(0), Fr(0)
    for left, right in zip(grid, grid[1:]):
        F += sum((p for x, p in zip(xs, ps) if x == left), Fr(0))
        G += sum((q for y, q in zip(ys, qs) if y == left), Fr(0))
        total += abs(F - G) * (right - left)
    return total


def _probs(rng, k: int, allow_zero: bool = False) -> list[Fr]:
    d = rng.choice((4, 5, 6, 8, 10))
    if allow_zero:
        cuts = sorted(rng.randint(0, d) for _ in range(k - 1))
    else:
        cuts = sorted(rng.sample(range(1, d), k - 1))
    return [Fr(b - a, d) for a, b in zip([0] + cuts, cuts + [d])]


def _dist_tex(xs, ps):
    return ", ".join(f"{tex(_r(p))}\\ \\text{{at}}\\ {tex(_r(x))}" for x, p in zip(xs, ps))


def _dist_text(xs, ps):
    return ", ".join(f"{uni(_r(p))} at {uni(_r(x))}" for x, p in zip(xs, ps))


def generate(rng, params) -> Problem:
    level = params["level"]
    if level == 1:
        n = rng.choice((3, 4))
        xs = [Fr(rng.randint(0, 9)) for _ in range(n)]
        ys = [Fr(rng.randint(0, 9)) for _ in range(n)]
        ps = qs = [Fr(1, n)] * n
        if sorted(xs) == sorted(ys):
            raise Reject("identical samples")
        pairs = list(zip(sorted(xs), sorted(ys)))
        answer_f = sum((abs(a - b) for a, b in pairs), Fr(0)) / n
        in_order = sum((abs(a - b) for a, b in zip(xs, ys)), Fr(0)) / n
        # samples may repeat a value: written as lists (a sample of n values), never as sets
        xs_list, ys_list = ", ".join(str(int(v)) for v in xs), ", ".join(str(int(v)) for v in ys)
        prompt_tex = (f"Two empirical distributions put mass \\(\\tfrac1{{{n}}}\\) on each of {n} samples "
                      f"(a value listed twice gets mass \\(\\tfrac2{{{n}}}\\)): "
                      f"\\(\\mu\\) on the sample \\(({xs_list})\\) and \\(\\nu\\) on the sample "
                      f"\\(({ys_list})\\). Compute the 1-Wasserstein distance \\(W_1(\\mu, \\nu)\\).")
        prompt_text = (f"Two empirical distributions put mass 1/{n} on each of {n} samples (a value listed twice "
                       f"gets mass 2/{n}): μ on the sample ({xs_list}) and ν on the sample ({ys_list}). "
                       f"Compute the 1-Wasserstein distance W₁(μ, ν).")
        steps = [Step("In one dimension the optimal plan matches the samples in sorted order.",
                      ",\\ ".join(f"{int(a)}\\to {int(b)}" for a, b in pairs),
                      ", ".join(f"{int(a)}→{int(b)}" for a, b in pairs)),
                 Step("Average the distances moved.",
                      f"W_1 = \\tfrac1{{{n}}}\\left(" + " + ".join(str(int(abs(a - b))) for a, b in pairs)
                      + f"\\right) = {tex(_r(answer_f))}",
                      "W₁ = (" + " + ".join(str(int(abs(a - b))) for a, b in pairs) + f")/{n} = {uni(_r(answer_f))}")]
        extra = [Mistake("paired in the listed order", _r(in_order),
                         "Pairing samples in the order listed is a transport plan, but not the cheapest: sort both first.")]
    else:
        if level == 2:
            grid = list(range(0, 5))
            xs = [Fr(v) for v in grid]
            ys = list(xs)
            ps, qs = _probs(rng, 5, True), _probs(rng, 5, True)
            keep = [i for i in range(5) if ps[i] or qs[i]]
            if len(keep) < 3:
                raise Reject("too few atoms")
            xs = ys = [xs[i] for i in keep]
            ps, qs = [ps[i] for i in keep], [qs[i] for i in keep]
        else:
            kx, ky = rng.choice((2, 3)), rng.choice((2, 3))
            xs = sorted(Fr(v, 2) for v in rng.sample(range(-4, 9), kx))
            ys = sorted(Fr(v, 2) for v in rng.sample(range(-4, 9), ky))
            ps, qs = _probs(rng, kx), _probs(rng, ky)
        if xs == ys and ps == qs:
            raise Reject("identical distributions")
        answer_f = w1_cdf(xs, ps, ys, qs)
        grid = sorted(set(xs) | set(ys))
        F = G = Fr(0)
        rows_tex, rows_text, terms = [], [], []
        for left, right in zip(grid, grid[1:]):
            F += sum((p for x, p in zip(xs, ps) if x == left), Fr(0))
            G += sum((q for y, q in zip(ys, qs) if y == left), Fr(0))
            rows_tex.append(f"[{tex(_r(left))}, {tex(_r(right))}):\\ F = {tex(_r(F))},\\ G = {tex(_r(G))}")
            rows_text.append(f"[{uni(_r(left))}, {uni(_r(right))}): F = {uni(_r(F))}, G = {uni(_r(G))}")
            terms.append((abs(F - G), right - left))
        if level == 2:
            mu_tex = ", ".join(f"P(X={int(x)}) = {tex(_r(p))}" for x, p in zip(xs, ps))
            nu_tex = ", ".join(f"P(Y={int(y)}) = {tex(_r(q))}" for y, q in zip(ys, qs))
            mu_text = ", ".join(f"P(X={int(x)}) = {uni(_r(p))}" for x, p in zip(xs, ps))
            nu_text = ", ".join(f"P(Y={int(y)}) = {uni(_r(q))}" for y, q in zip(ys, qs))
            prompt_tex = (f"\\(X \\sim \\mu\\) with \\({mu_tex}\\), and \\(Y \\sim \\nu\\) with \\({nu_tex}\\). "
                          f"Compute the earth mover's distance \\(W_1(\\mu, \\nu)\\).")
            prompt_text = f"X ~ μ with {mu_text}, and Y ~ ν with {nu_text}. Compute the earth mover's distance W₁(μ, ν)."
        else:
            mu_atoms, nu_atoms = _dist_tex(xs, ps), _dist_tex(ys, qs)
            prompt_tex = (f"\\(\\mu\\) puts mass \\({mu_atoms}\\); \\(\\nu\\) puts mass \\({nu_atoms}\\). "
                          f"Compute the 1-Wasserstein distance \\(W_1(\\mu, \\nu)\\).")
            prompt_text = (f"μ puts mass {_dist_text(xs, ps)}; ν puts mass {_dist_text(ys, qs)}. "
                           f"Compute the 1-Wasserstein distance W₁(μ, ν).")
        steps = [Step("In one dimension W₁ is the area between the two CDFs.", "W_1 = \\int |F(t) - G(t)|\\,dt",
                      "W₁ = ∫ |F(t) − G(t)| dt"),
                 Step("Both CDFs are constant between consecutive support points.",
                      ";\\quad ".join(rows_tex), "; ".join(rows_text)),
                 Step("Sum |F − G| times the length of each interval.",
                      "W_1 = " + " + ".join(f"{tex(_r(d))}\\cdot {tex(_r(w))}" for d, w in terms)
                      + f" = {tex(_r(answer_f))}",
                      "W₁ = " + " + ".join(f"{uni(_r(d))}·{_factor_text(_r(w))}" for d, w in terms) + f" = {uni(_r(answer_f))}")]
        extra = []
        if level == 2:
            extra.append(Mistake("ignored the distances", _r(sum((abs(p - q) for p, q in zip(ps, qs)), Fr(0))),
                                 "Σ|p_i − q_i| compares masses point by point (twice the total variation); "
                                 "W₁ also charges how far mass moves."))
    if answer_f == 0:
        raise Reject("zero distance")
    if answer_f.denominator > 60:
        raise Reject("ugly fraction")
    answer = _r(answer_f)
    mean_gap = abs(sum((x * p for x, p in zip(xs, ps)), Fr(0)) - sum((y * q for y, q in zip(ys, qs)), Fr(0)))
    if level > 1 and mean_gap == answer_f and rng.random() < 0.7:
        raise Reject("stochastically ordered: mean difference coincides too often")
    mistakes = [Mistake("difference of means", _r(mean_gap),
                        "|E[X] − E[Y]| is only a lower bound on W₁; it equals W₁ only when one CDF lies "
                        "entirely above the other.")] + extra
    kept, seen = [], {answer}
    for m in mistakes:
        if m.answer not in seen:
            seen.add(m.answer)
            kept.append(m)
    given = {"mu": {"atoms": [str(_r(v)) for v in xs], "probs": [str(_r(p)) for p in ps]},
             "nu": {"atoms": [str(_r(v)) for v in ys], "probs": [str(_r(q)) for q in qs]}}
    say = CHECKING.statement()
    return Problem(f"{prompt_tex} {say}", f"{prompt_text} {say}", answer, "number", tuple(steps), given,
                   CHECKING, tuple(kept))


def _atoms(d):
    pts = np.array([float(sp.Rational(v)) for v in d["atoms"]])
    w = np.array([float(sp.Rational(p)) for p in d["probs"]])
    order = np.argsort(pts, kind="stable")
    return pts[order], w[order]


def verify(given, answer) -> Evidence:
    x, p = _atoms(given["mu"])
    y, q = _atoms(given["nu"])
    # primal: north-west corner plan on sorted atoms
    plan = np.zeros((len(x), len(y)))
    i = j = 0
    rp, rq = p.copy(), q.copy()
    while i < len(x) and j < len(y):
        m = min(rp[i], rq[j])
        plan[i, j] += m
        rp[i] -= m
        rq[j] -= m
        if rp[i] <= 1e-15:
            i += 1
        if j < len(y) and rq[j] <= 1e-15:
            j += 1
    if not (np.allclose(plan.sum(axis=1), p) and np.allclose(plan.sum(axis=0), q)):
        raise VerificationError("transport plan marginals do not match")
    primal = float(np.sum(plan * np.abs(x[:, None] - y[None, :])))
    # dual: a 1-Lipschitz potential with slope sign(G − F) between support points
    grid = np.unique(np.concatenate([x, y]))
    F = np.array([p[x <= t].sum() for t in grid])
    G = np.array([q[y <= t].sum() for t in grid])
    slope = np.sign(np.round(G - F, 12))[:-1]
    f = np.concatenate([[0.0], np.cumsum(slope * np.diff(grid))])
    pot = dict(zip(grid.tolist(), f.tolist()))
    dual = float(sum(pi * pot[xi] for xi, pi in zip(x.tolist(), p)) - sum(qj * pot[yj] for yj, qj in zip(y.tolist(), q)))
    if not numeric.close(primal, dual, rel=1e-9):
        raise VerificationError(f"no optimality certificate: plan cost {primal} vs dual value {dual}")
    err = numeric.require_close(primal, float(answer), "W1 (transport plan cost)", rel=1e-9)
    return Evidence("LP optimality certificate",
                    "north-west-corner plan cost equals a 1-Lipschitz dual potential's value (Kantorovich–Rubinstein)",
                    err)


def baseline(given):
    """Bare SymPy: the area between the two CDFs with exact rationals."""
    mu = [(sp.Rational(a), sp.Rational(p)) for a, p in zip(given["mu"]["atoms"], given["mu"]["probs"])]
    nu = [(sp.Rational(a), sp.Rational(p)) for a, p in zip(given["nu"]["atoms"], given["nu"]["probs"])]
    grid = sorted({a for a, _ in mu} | {a for a, _ in nu})
    total = sp.S.Zero
    for left, right in zip(grid, grid[1:]):
        F = sum((p for a, p in mu if a <= left), sp.S.Zero)
        G = sum((p for a, p in nu if a <= left), sp.S.Zero)
        total += abs(F - G) * (right - left)
    return total


FAMILY = Family(
    name="wasserstein_1d", version=2, title="1-Wasserstein distance on the line",
    summary="Earth mover's distance between two discrete distributions on the real line (sorted pairing, CDF area).",
    params={"level": Param(1, (1, 2, 3), "1: equal-weight samples, 2: pmfs on 0..4, "
                           "3: different supports at half-integers")},
    levels={1: "equal-weight samples of 3–4 values: sort and pair",
            2: "two pmfs on 0..4: the area between the CDFs",
            3: "different supports at half-integers: the CDF area over unequal gaps"},
    generate=generate, verify=verify, baseline=baseline,
)
