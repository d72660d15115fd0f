"""Mutual information, conditional entropy and the Jensen–Shannon divergence from tables.

Level 1 uses a 2×2 joint table (two distributions on two outcomes for the JSD); level 2 a
2×3 or 3×3 table with some impossible cells, where 0·ln 0 = 0 must be used (three outcomes for
the JSD). All answers are in nats, exact, with logs split into primes. They are computed through
entropies — H(Y | X) = H(X, Y) − H(X) and I(X; Y) = H(X) + H(Y) − H(X, Y) — while verification
sums the defining expectations cell by cell in floating point: −Σ p(x, y) ln p(y | x) and
Σ p(x, y) ln(p(x, y)/(p(x)p(y))), and the JSD as ½KL(P‖M) + ½KL(Q‖M) term by term.
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

CHECKING = Checking()
SAY = CHECKING.statement()
LEVELS = {1: "a 2×2 joint table (two outcomes for the JSD)",
          2: "a 2×3 or 3×3 table with impossible cells, 0·ln 0 = 0 (three outcomes for the JSD)"}


def _entropy(ps) -> sp.Expr:
    return -log_sum([(_r(p), p) for p in ps if p])


def _table(rng, level):
    rows, cols = (2, 2) if level == 1 else rng.choice(((2, 3), (3, 3)))
    den = rng.choice((8, 12, 16, 20) if level == 1 else (12, 16, 20, 24))
    cells = rows * cols
    zeros = 0 if level == 1 else rng.randint(1, 2)
    positive = cells - zeros
    cuts = sorted(rng.sample(range(1, den), positive - 1))
    parts = [b - a for a, b in zip([0] + cuts, cuts + [den])]
    slots = rng.sample(range(cells), positive)
    flat = [Fr(0)] * cells
    for slot, part in zip(slots, parts):
        flat[slot] = Fr(part, den)
    table = [flat[i * cols:(i + 1) * cols] for i in range(rows)]
    px = [sum(row) for row in table]
    py = [sum(table[i][j] for i in range(rows)) for j in range(cols)]
    if 0 in px or 0 in py:
        raise Reject("an impossible value of X or Y")
    if all(table[i][j] == px[i] * py[j] for i in range(rows) for j in range(cols)):
        raise Reject("independent: I = 0")
    return table, px, py


def _table_tex(table):
    cols = len(table[0])
    head = " & ".join(f"Y = y_{j + 1}" for j in range(cols))
    body = r" \\ ".join(f"X = x_{i + 1} & " + " & ".join(tex(_r(p)) for p in row) for i, row in enumerate(table))
    return rf"\[\begin{{array}}{{c|{'c' * cols}}} & {head} \\ \hline {body} \end{{array}}\]"


def _table_text(table):
    return "; ".join(f"row X = x{i + 1}: " + ", ".join(uni(_r(p)) for p in row) for i, row in enumerate(table)) \
        + " (columns Y = " + ", ".join(f"y{j + 1}" for j in range(len(table[0]))) + ")"


def _joint(rng, level, ask):
    table, px, py = _table(rng, level)
    flat = [p for row in table for p in row]
    hx, hy, hxy = _entropy(px), _entropy(py), _entropy(flat)
    marg = Step("Marginals: add along rows and columns.",
                rf"p_X = ({', '.join(tex(_r(p)) for p in px)}),\quad p_Y = ({', '.join(tex(_r(p)) for p in py)})",
                f"p_X = ({', '.join(uni(_r(p)) for p in px)}), p_Y = ({', '.join(uni(_r(p)) for p in py)})")
    joint = Step("Joint entropy over the cells" + (" (impossible cells contribute 0·ln 0 = 0)." if level == 2 else "."),
                 rf"H(X, Y) = {tex(hxy)}", f"H(X, Y) = {uni(hxy)}")
    if ask == "conditional_entropy":
        answer = sp.expand(hxy - hx)
        ask_tex, ask_text = r"the conditional entropy \(H(Y \mid X)\)", "the conditional entropy H(Y | X)"
        steps = [marg, joint, Step("Chain rule: H(Y | X) = H(X, Y) − H(X).",
                                   rf"H(Y \mid X) = {tex(hxy)} - \left({tex(hx)}\right) = {tex(answer)}",
                                   f"H(Y | X) = {uni(hxy)} − ({uni(hx)}) = {uni(answer)}")]
        cands = [("H(X | Y) instead", sp.expand(hxy - hy), "That is H(X | Y) = H(X, Y) − H(Y): the variable "
                  "after the bar is the one you condition on, here X."),
                 ("H(Y) instead", hy, "H(Y) ignores X; conditioning on X subtracts what X already tells: "
                  "H(Y | X) = H(X, Y) − H(X)."),
                 ("joint entropy", hxy, "H(X, Y) is the entropy of the pair; subtract H(X).")]
    else:
        answer = sp.expand(hx + hy - hxy)
        ask_tex, ask_text = r"the mutual information \(I(X; Y)\)", "the mutual information I(X; Y)"
        steps = [marg, Step("Marginal entropies.", rf"H(X) = {tex(hx)},\quad H(Y) = {tex(hy)}",
                            f"H(X) = {uni(hx)}, H(Y) = {uni(hy)}"), joint,
                 Step("I(X; Y) = H(X) + H(Y) − H(X, Y): what the pair shares.",
                      rf"I(X; Y) = {tex(answer)}", f"I(X; Y) = {uni(answer)}")]
        cands = [("H(X) + H(Y)", sp.expand(hx + hy), "Subtract the joint entropy: I = H(X) + H(Y) − H(X, Y)."),
                 ("H(X, Y) − H(X) − H(Y)", sp.expand(hxy - hx - hy), "Sign: mutual information is never "
                  "negative; it is H(X) + H(Y) − H(X, Y).")]
    prompt_tex = rf"The joint distribution of \(X\) and \(Y\) is {_table_tex(table)} Find {ask_tex} in nats (natural logarithm). {SAY}"
    prompt_text = f"The joint distribution of X and Y is: {_table_text(table)}. Find {ask_text} in nats (natural logarithm). {SAY}"
    given = {"ask": ask, "joint": [[str(p) for p in row] for row in table]}
    return prompt_tex, prompt_text, answer, steps, cands, given


def _dist(rng, k, den):
    cuts = sorted(rng.sample(range(1, den), k - 1))
    return [Fr(b - a, den) for a, b in zip([0] + cuts, cuts + [den])]


def _kl(p, q) -> sp.Expr:
    return log_sum([(_r(a), a / b) for a, b in zip(p, q) if a])


def _jsd(rng, level):
    k = 2 if level == 1 else 3
    den = rng.choice((6, 8, 10, 12, 16, 20) if level == 1 else (6, 8, 10, 12))
    p, q = _dist(rng, k, den), _dist(rng, k, den)
    if level == 2 and rng.random() < 0.5:  # disjoint-ish supports: JSD stays finite where KL does not
        i = rng.randrange(k)
        moved = q[i]
        q = [Fr(0) if j == i else v for j, v in enumerate(q)]
        q[(i + 1) % k] += moved
    if p == q:
        raise Reject("identical")
    m = [(a + b) / 2 for a, b in zip(p, q)]
    kp, kq = _kl(p, m), _kl(q, m)
    answer = sp.expand((kp + kq) / 2)
    vec = lambda v: "(" + ", ".join(tex(_r(x)) for x in v) + ")"
    vec_t = lambda v: "(" + ", ".join(uni(_r(x)) for x in v) + ")"
    steps = [Step("The mixture M is the average of P and Q.", rf"M = {vec(m)}", f"M = {vec_t(m)}"),
             Step("Each divergence to the mixture (finite, since M > 0 wherever P or Q is).",
                  rf"D_{{\mathrm{{KL}}}}(P \,\|\, M) = {tex(kp)},\quad D_{{\mathrm{{KL}}}}(Q \,\|\, M) = {tex(kq)}",
                  f"D_KL(P‖M) = {uni(kp)}, D_KL(Q‖M) = {uni(kq)}"),
             Step("Average them.", rf"\mathrm{{JSD}}(P \,\|\, Q) = \tfrac12\left(D_{{\mathrm{{KL}}}}(P \,\|\, M) + D_{{\mathrm{{KL}}}}(Q \,\|\, M)\right) = {tex(answer)}",
                  f"JSD(P‖Q) = ½(D_KL(P‖M) + D_KL(Q‖M)) = {uni(answer)}")]
    cands = [("forgot the ½", sp.expand(kp + kq), "JSD averages the two divergences: multiply their sum by ½."),
             ("only one side", kp, "JSD is symmetric: average D_KL(P‖M) and D_KL(Q‖M).")]
    if all(q):
        cands.append(("KL between P and Q", _kl(p, q), "That is D_KL(P‖Q); the JSD compares each with the "
                      "mixture M = (P + Q)/2."))
    prompt_tex = (rf"Let \(P = {vec(p)}\) and \(Q = {vec(q)}\) on {k} outcomes. Find the Jensen–Shannon divergence "
                  rf"\(\mathrm{{JSD}}(P \,\|\, Q) = \tfrac12 D_{{\mathrm{{KL}}}}(P \,\|\, M) + \tfrac12 D_{{\mathrm{{KL}}}}(Q \,\|\, M)\) "
                  rf"with \(M = \tfrac12(P + Q)\), in nats. {SAY}")
    prompt_text = (f"Let P = {vec_t(p)} and Q = {vec_t(q)} on {k} outcomes. Find the Jensen–Shannon divergence "
                   f"JSD(P‖Q) = ½D_KL(P‖M) + ½D_KL(Q‖M) with M = ½(P + Q), in nats (natural logarithm). {SAY}")
    given = {"ask": "jsd", "P": [str(v) for v in p], "Q": [str(v) for v in q]}
    return prompt_tex, prompt_text, answer, steps, cands, given


ASKS = ("mutual_information", "conditional_entropy", "jsd")


def generate(rng, params) -> Problem:
    ask, level = params["ask"], params["level"]
    built = _jsd(rng, level) if ask == "jsd" else _joint(rng, level, ask)
    prompt_tex, prompt_text, answer, steps, cands, given = built
    mistakes = tuple(Mistake(*c) for c in cands)
    return Problem(prompt_tex, prompt_text, answer, "number", tuple(steps), given, CHECKING, mistakes)


def _xlog(p, ratio):
    return 0.0 if p == 0 else p * math.log(ratio)


def verify(given, answer) -> Evidence:
    if given["ask"] == "jsd":
        p = [float(Fr(v)) for v in given["P"]]
        q = [float(Fr(v)) for v in given["Q"]]
        m = [(a + b) / 2 for a, b in zip(p, q)]
        value = 0.5 * sum(_xlog(a, a / c) for a, c in zip(p, m) if a) \
            + 0.5 * sum(_xlog(b, b / c) for b, c in zip(q, m) if b)
        what = "½KL(P‖M) + ½KL(Q‖M) term by term"
    else:
        t = [[float(Fr(v)) for v in row] for row in given["joint"]]
        px = [sum(row) for row in t]
        py = [sum(col) for col in zip(*t)]
        if given["ask"] == "conditional_entropy":
            value = -sum(_xlog(t[i][j], t[i][j] / px[i]) for i in range(len(t)) for j in range(len(t[0])))
            what = "−Σ p(x, y) ln p(y | x) cell by cell"
        else:
            value = sum(_xlog(t[i][j], t[i][j] / (px[i] * py[j])) for i in range(len(t)) for j in range(len(t[0])))
            what = "Σ p(x, y) ln(p(x, y)/(p(x)p(y))) cell by cell"
    err = numeric.require_close(value, float(answer), what, rel=1e-9, floor=1e-12)
    return Evidence("defining sums in floating point", what, err)


FAMILY = Family(
    name="mutual_information", version=1, title="Mutual information, conditional entropy, JSD",
    summary="I(X; Y) and H(Y | X) from a joint table, and the Jensen–Shannon divergence, in nats.",
    params={"ask": Param("mutual_information", ASKS, "mutual_information | conditional_entropy | jsd"),
            "level": Param(1, (1, 2), "1: 2×2 tables, two outcomes; 2: larger tables with zeros, three outcomes")},
    levels=LEVELS, generate=generate, verify=verify,
)
