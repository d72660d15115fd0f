"""Markov chains: stationary distribution of a 2–3 state chain; reversibility by detailed balance.

The answer is solved exactly with fractions (balance equations); verification runs
power iteration on the lazy chain (P + I)/2 in floating point, which converges for
any irreducible chain, periodic or not, and never solves a linear system.
"""

from __future__ import annotations

from fractions import Fraction as Fr

import numpy as np
import sympy as sp

from osmose import numeric
from osmose.family import Checking, Evidence, Family, Mistake, Param, Problem, Reject, Step, VerificationError
from osmose.mathtext import given_str, tex, uni

REVERSIBLE, IRREVERSIBLE = "reversible", "irreversible"


def stationary(P: list[list[Fr]]) -> list[Fr] | None:
    """Exact π with πP = π, Σπ = 1 by Gaussian elimination; None if not unique."""
    n = len(P)
    # rows: (Pᵀ − I) π = 0 for the first n−1 states, then Σ π = 1
    A = [[P[j][i] - (1 if i == j else 0) for j in range(n)] + [Fr(0)] for i in range(n - 1)]
    A.append([Fr(1)] * n + [Fr(1)])
    for col in range(n):
        pivot = next((r for r in range(col, n) if A[r][col] != 0), None)
        if pivot is None:
            return None
        A[col], A[pivot] = A[pivot], A[col]
        for r in range(n):
            if r != col and A[r][col] != 0:
                f = A[r][col] / A[col][col]
                A[r] = [a - f * b for a, b in zip(A[r], A[col])]
    return [A[i][n] / A[i][i] for i in range(n)]


def is_reversible(P: list[list[Fr]], pi: list[Fr]) -> bool:
    """Detailed balance π_i P_ij = π_j P_ji for every pair."""
    n = len(P)
    return all(pi[i] * P[i][j] == pi[j] * P[j][i] for i in range(n) for j in range(i + 1, n))


#: denominators of the transition probabilities: level 1 has only two free numbers, so it
#: draws from a wider pool (up to twelfths) to give a class different chains
DENOMINATORS = {2: (2, 3, 4, 5, 6, 8, 9, 10, 12), 3: (2, 3, 4, 5, 6)}


def _random_row(rng, n: int, i: int) -> list[Fr]:
    d = rng.choice(DENOMINATORS[n])
    cuts = sorted(rng.randint(0, d) for _ in range(n - 1))
    parts = [b - a for a, b in zip([0] + cuts, cuts + [d])]
    rng.shuffle(parts)
    return [Fr(p, d) for p in parts]


def _weighted_graph_chain(rng, n: int, min_edge: int = 0) -> list[list[Fr]]:
    """Random walk on a symmetric weighted graph: always reversible.

    ``min_edge=1`` gives every pair of states an edge (a triangle for 3 states), so
    reversibility is not already forced by a tree shape and must be checked.
    """
    W = [[0] * n for _ in range(n)]
    for i in range(n):
        for j in range(i, n):
            W[i][j] = W[j][i] = rng.randint(min_edge, 3) if i != j else rng.randint(0, 2)
    rows = []
    for i in range(n):
        s = sum(W[i])
        if s == 0:
            raise Reject("isolated state")
        rows.append([Fr(w, s) for w in W[i]])
    return rows


def _draw_chain(rng, n: int, want_reversible: bool | None,
                min_edge: int = 0) -> tuple[list[list[Fr]], list[Fr]]:
    if want_reversible:
        P = _weighted_graph_chain(rng, n, min_edge)
    else:
        P = [_random_row(rng, n, i) for i in range(n)]
    if any(P[i][i] == 1 for i in range(n)):
        raise Reject("absorbing state")
    pi = stationary(P)
    if pi is None or any(p <= 0 for p in pi):
        raise Reject("not irreducible")
    if len(set(pi)) == 1:
        raise Reject("uniform stationary distribution is too easy")
    if max(p.denominator for p in pi) > 40:
        raise Reject("ugly fractions")
    if want_reversible is False and is_reversible(P, pi):
        raise Reject("wanted an irreversible chain")
    return P, pi


#: level 3: share of reversible chains that may be path-shaped (a tree: reversible for free)
PATH_SHARE = 0.15
#: level 3: probability of asking about a reversible chain. Reversible chains (random walks
#: on weighted graphs) are accepted about 93 % of the time, chains with random rows only about
#: 39 % (absorbing, reducible, ugly or reversible by chance): 0.3 keeps the two verdicts about
#: even among accepted draws.
REVERSIBLE_SHARE = 0.3
#: exact fractions, or decimals to 3 significant figures
CHECKING = Checking(precision="exact-or-decimal", sig_figs=3)
VERDICT = Checking(choices=(REVERSIBLE, IRREVERSIBLE))


def _draw_for_verdict(rng, n: int) -> tuple[list[list[Fr]], list[Fr]]:
    """Reversibility question: pick the verdict, then draw one chain built to have it.

    One draw per attempt: a rejected draw goes back to the engine, so the acceptance
    ``osmose check`` reports is the real one.
    """
    want = rng.random() < REVERSIBLE_SHARE
    min_edge = 0 if rng.random() < PATH_SHARE else 1
    return _draw_chain(rng, n, want, min_edge)


def _eliminate_first_column(aug: sp.Matrix) -> sp.Matrix:
    """The augmented matrix after the first Gauss–Jordan column (pivot on the first nonzero entry)."""
    m = aug.copy()
    pivot = next(r for r in range(m.rows) if m[r, 0] != 0)
    if pivot:
        m.row_swap(0, pivot)
    m[0, :] = m[0, :] / m[0, 0]
    for r in range(1, m.rows):
        m[r, :] = m[r, :] - m[r, 0] * m[0, :]
    return m


def _matrix(P):
    return sp.Matrix([[sp.Rational(x.numerator, x.denominator) for x in row] for row in P])


def _rats(xs):
    return tuple(sp.Rational(x.numerator, x.denominator) for x in xs)


def generate(rng, params) -> Problem:
    level = params["level"]
    n = 2 if level == 1 else 3
    if level == 3:
        P, pi = _draw_for_verdict(rng, n)
    else:
        # every 2-state chain is reversible: level 1 draws plain random rows
        P, pi = _draw_chain(rng, n, (rng.random() < 0.3 or None) if n == 3 else None)
    M = _matrix(P)
    pis = _rats(pi)
    names = ", ".join(f"\\pi_{i + 1}" for i in range(n))
    given = {"ask": "reversibility" if level == 3 else "stationary", "P": given_str(M)}
    states = "1 and 2" if n == 2 else "1, 2 and 3"
    intro_tex = f"A Markov chain on states {states} has transition matrix \\[P = {tex(M)}\\]"
    intro_text = f"A Markov chain on states {states} has transition matrix P = {uni(M)} (rows sum to 1)."
    steps = []
    if level == 3:
        rev = is_reversible(P, pi)
        answer = REVERSIBLE if rev else IRREVERSIBLE
        other = IRREVERSIBLE if rev else REVERSIBLE
        prompt_tex = intro_tex + f" Is the chain reversible? {VERDICT.statement()}"
        prompt_text = intro_text + f" Is the chain reversible? {VERDICT.statement()}"
        fwd = M[0, 1] * M[1, 2] * M[2, 0]
        bwd = M[0, 2] * M[2, 1] * M[1, 0]
        rel_tex, rel_text = ("=", "=") if fwd == bwd else ("\\neq", "≠")
        steps.append(Step("Kolmogorov's criterion: an irreducible chain is reversible exactly when every cycle has "
                          "the same probability forwards and backwards; with three states the one cycle to check "
                          "is 1→2→3→1 against 1→3→2→1.",
                          f"P_{{12}}P_{{23}}P_{{31}} = {tex(M[0, 1])}\\cdot{tex(M[1, 2])}\\cdot{tex(M[2, 0])} = {tex(fwd)} "
                          f"{rel_tex} {tex(bwd)} = {tex(M[0, 2])}\\cdot{tex(M[2, 1])}\\cdot{tex(M[1, 0])} = "
                          f"P_{{13}}P_{{32}}P_{{21}}",
                          f"P₁₂P₂₃P₃₁ = {uni(M[0, 1])}·{uni(M[1, 2])}·{uni(M[2, 0])} = {uni(fwd)} {rel_text} "
                          f"{uni(bwd)} = {uni(M[0, 2])}·{uni(M[2, 1])}·{uni(M[1, 0])} = P₁₃P₃₂P₂₁"))
        steps.append(Step("Confirm with detailed balance: solve πP = π with π₁+π₂+π₃ = 1.",
                          f"\\pi = {tex(pis)}", f"π = {uni(pis)}"))
        pairs = []
        for i in range(n):
            for j in range(i + 1, n):
                lhs = pis[i] * M[i, j]
                rhs = pis[j] * M[j, i]
                rel = "=" if lhs == rhs else "\\neq"
                pairs.append((i, j, lhs, rhs, rel))
        steps.append(Step("Check detailed balance π_i P_ij = π_j P_ji for every pair of states.",
                          ",\\quad ".join(f"\\pi_{i + 1}P_{{{i + 1}{j + 1}}} = {tex(a)} {r} {tex(b)} = \\pi_{j + 1}P_{{{j + 1}{i + 1}}}"
                                          for i, j, a, b, r in pairs),
                          ", ".join(f"π{i + 1}P{i + 1}{j + 1} = {uni(a)} {'=' if r == '=' else '≠'} {uni(b)} = π{j + 1}P{j + 1}{i + 1}"
                                    for i, j, a, b, r in pairs)))
        steps.append(Step("Detailed balance holds for every pair, so the chain is reversible." if rev else
                          "Detailed balance fails for at least one pair, so the chain is not reversible: "
                          "the probability flow around the cycle 1→2→3→1 differs from the reverse cycle."))
        mistakes = (Mistake("wrong verdict", other,
                            "Compare the cycle 1→2→3→1 with 1→3→2→1 (Kolmogorov), or compute π and compare "
                            "π_i P_ij with π_j P_ji for each pair; a non-symmetric P can still be reversible, "
                            "and every chain has a stationary π."),)
        return Problem(prompt_tex, prompt_text, answer, "choice", tuple(steps), given, VERDICT, mistakes)

    prompt_tex = (intro_tex + f"Find its stationary distribution \\(\\pi = ({names})\\), with \\(\\pi P = \\pi\\). "
                  f"{CHECKING.statement()}")
    prompt_text = (intro_text + f" Find its stationary distribution π = ({', '.join(f'π{i + 1}' for i in range(n))}) "
                   f"with πP = π. {CHECKING.statement()}")
    if n == 2:
        a, b = M[0, 1], M[1, 0]
        steps.append(Step("At stationarity the flow 1→2 equals the flow 2→1.",
                          f"\\pi_1 \\cdot {tex(a)} = \\pi_2 \\cdot {tex(b)}",
                          f"π₁·{uni(a)} = π₂·{uni(b)}"))
        steps.append(Step("Normalize with π₁ + π₂ = 1: π₁ = P₂₁/(P₁₂+P₂₁).",
                          f"\\pi_1 = \\frac{{{tex(b)}}}{{{tex(a)} + {tex(b)}}} = {tex(pis[0])},\\quad \\pi_2 = {tex(pis[1])}",
                          f"π₁ = ({uni(b)})/({uni(a)} + {uni(b)}) = {uni(pis[0])}, π₂ = {uni(pis[1])}"))
    else:
        eqs_tex = ",\\quad ".join(
            f"\\pi_{j + 1} = " + " + ".join(f"{tex(M[i, j])}\\,\\pi_{i + 1}" for i in range(n) if M[i, j] != 0)
            for j in range(n))
        eqs_text = "; ".join(
            f"π{j + 1} = " + " + ".join(f"{uni(M[i, j])}·π{i + 1}" for i in range(n) if M[i, j] != 0)
            for j in range(n))
        steps.append(Step("Write πP = π column by column (one equation is redundant).", eqs_tex, eqs_text))
        A = sp.Matrix([[M[j, i] - (1 if i == j else 0) for j in range(n)] for i in range(n - 1)] + [[1] * n])
        b = sp.Matrix([0] * (n - 1) + [1])
        aug = A.row_join(b)
        half = _eliminate_first_column(aug)
        steps.append(Step("Keep the first two equations, written as (Pᵀ − I)π = 0, and replace the third by "
                          "π₁ + π₂ + π₃ = 1: the augmented matrix of the linear system.",
                          f"\\left[A \\mid b\\right] = {tex(aug)}", f"[A | b] = {uni(aug)}"))
        steps.append(Step("Eliminate π₁ from the other rows (Gauss–Jordan).", tex(half), uni(half)))
        steps.append(Step("Continue to reduced row-echelon form; the last column is π.",
                          f"{tex(aug.rref()[0])} \\;\\Rightarrow\\; \\pi = {tex(pis)}",
                          f"{uni(aug.rref()[0])} ⇒ π = {uni(pis)}"))
    steps.append(Step("Check: πP reproduces π.", f"{tex(pis)}\\,P = {tex(pis)}", f"{uni(pis)}·P = {uni(pis)}"))
    mistakes = []
    one_step = tuple(sum((M[i, j] for i in range(n)), sp.S.Zero) / n for j in range(n))
    mistakes.append(Mistake("one step from uniform", one_step,
                            "That is the distribution after one step from the uniform start (column means of P); "
                            "the stationary π must satisfy πP = π."))
    if n == 2:
        mistakes.append(Mistake("swapped", (pis[1], pis[0]),
                                "Swapped: π₁ is proportional to the rate of entering state 1, P₂₁, not P₁₂."))
    else:
        mistakes.append(Mistake("row of P", tuple(M.row(0)),
                                "A row of P is where one step from that state leads, not the long-run distribution."))
    mistakes = tuple(m for m in mistakes if m.answer != pis)
    return Problem(prompt_tex, prompt_text, pis, "tuple", tuple(steps), given, CHECKING, mistakes)


def _power_iteration(P: np.ndarray, iters: int = 4000) -> np.ndarray:
    lazy = (P + np.eye(len(P))) / 2
    v = np.full(len(P), 1.0 / len(P))
    for _ in range(iters // 50):
        for _ in range(50):
            v = v @ lazy
        nxt = v @ lazy
        if np.max(np.abs(nxt - v)) < 1e-15:
            return nxt
    return v


def verify(given, answer) -> Evidence:
    P = np.array([[float(sp.Rational(x)) for x in row] for row in given["P"]])
    if not np.allclose(P.sum(axis=1), 1.0, atol=1e-12) or (P < 0).any():
        raise VerificationError("P is not a stochastic matrix")
    pi = _power_iteration(P)
    if given["ask"] == "reversibility":
        flows = pi[:, None] * P
        gap = float(np.max(np.abs(flows - flows.T)))
        numeric_says = REVERSIBLE if gap < 1e-10 else IRREVERSIBLE
        if numeric_says != answer:
            raise VerificationError(f"detailed-balance gap {gap:.3g} says {numeric_says}, answer {answer}")
        return Evidence("power iteration", "lazy chain (P+I)/2 from uniform start; "
                        f"max |π_i P_ij − π_j P_ji| = {gap:.2g}", gap if answer == REVERSIBLE else 0.0)
    err = 0.0
    for k, (num, ans) in enumerate(zip(pi, answer)):
        err = max(err, numeric.require_close(float(num), float(ans), f"π_{k + 1}", rel=1e-9))
    if len(answer) != len(pi):
        raise VerificationError("wrong number of states")
    return Evidence("power iteration", "lazy chain (P+I)/2 iterated from the uniform start to 1e-15", err)


def baseline(given):
    """Bare SymPy: the null space of (P − I)ᵀ, normalized; detailed balance for level 3."""
    P = sp.Matrix([[sp.Rational(v) for v in row] for row in given["P"]])
    v = (P.T - sp.eye(P.rows)).nullspace()[0]
    pi = v / sum(v)
    if given["ask"] == "reversibility":  # detailed balance: π_i P_ij = π_j P_ji for all i, j
        flows = sp.diag(*pi) * P
        return REVERSIBLE if flows == flows.T else IRREVERSIBLE
    return tuple(pi)


FAMILY = Family(
    name="markov_chain", version=2, title="Markov chain: stationary distribution and reversibility",
    summary="Solve πP = π for a 2–3 state chain with rational transitions; decide reversibility by detailed balance.",
    params={"level": Param(1, (1, 2, 3), "1: two states, 2: three states, 3: is the chain reversible?")},
    levels={1: "two states: one balance equation and normalisation",
            2: "three states: a 3×3 linear system solved by elimination",
            3: "three states: decide reversibility (Kolmogorov's cycle criterion, or detailed balance)"},
    generate=generate, verify=verify, baseline=baseline,
)
