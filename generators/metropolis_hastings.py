"""Metropolis–Hastings: the acceptance probability of one proposed move.

α(x → x') = min(1, π̃(x') q(x | x') / (π̃(x) q(x' | x))) for an unnormalized target π̃,
with symmetric proposals (the q's cancel) and asymmetric ones (the Hastings factor).

Verification does not reuse the formula's symbolic path. Discrete targets: the whole
MH kernel is built in numpy with the answer placed at the asked entry, and the
normalized target must be its left eigenvector (πK = π fails if α is wrong).
Continuous targets: the densities are evaluated in floating point from ``given``
(the proposal density from its own formula) and the flux π(x) q(x'|x) α(x→x') must
equal the reverse flux π(x') q(x|x') α(x'→x) — detailed balance of the move.
"""

from __future__ import annotations

import math

import numpy as np
import sympy as sp

from osmose import numeric
from osmose.family import Checking, Evidence, Family, Mistake, Param, Problem, Reject, Step, VerificationError
from osmose.mathtext import given_str, tex, uni

x = sp.Symbol("x", positive=True)
R = sp.Rational
HALVES = [R(k, 2) for k in range(1, 9)]
GRID = [R(k, 2) for k in range(-6, 7)]
P_RIGHT = [R(1, 4), R(1, 3), R(1, 2), R(2, 3), R(3, 4)]
#: the acceptance probability is exact (a fraction, a power of e): exact, or decimals
CHECKING = Checking(precision="exact-or-decimal", sig_figs=3)


def _operand(e) -> str:
    """Unicode of e in a quotient, bracketed unless it is a whole number or one power of e (no "(6)/(4)")."""
    return uni(e) if (e.is_Integer and e >= 0) or isinstance(e, sp.exp) else f"({uni(e)})"


def _min1(ratio):
    return sp.S.One if float(ratio) >= 1 else ratio


def _keep_ratio(rng, ratio) -> None:
    r = float(ratio)
    if ratio == 1:
        raise Reject("ratio 1")
    if r > 1 and rng.random() < 0.75:
        raise Reject("most variants should need the ratio")
    if r < 0.01:
        raise Reject("acceptance too small to be interesting")


def _discrete(rng, asymmetric: bool):
    K = 5
    w = [rng.randint(1, 9) for _ in range(K)]
    cur = rng.randrange(K)
    step = rng.choice((1, -1))
    new = (cur + step) % K
    if w[new] == w[cur] and not asymmetric:
        raise Reject("equal weights")
    wt = ", ".join(f"\\tilde\\pi({k + 1}) = {w[k]}" for k in range(K))
    wu = ", ".join(f"π̃({k + 1}) = {w[k]}" for k in range(K))
    pi_ratio = R(w[new], w[cur])
    if asymmetric:
        p = [rng.choice(P_RIGHT) for _ in range(K)]
        q_fwd = p[cur] if step == 1 else 1 - p[cur]
        q_back = (1 - p[new]) if step == 1 else p[new]
        if q_fwd == q_back:
            raise Reject("proposal happens to be symmetric for this move")
        prop_tex = ("from state \\(i\\) it proposes \\(i+1\\) with probability \\(r_i\\) and \\(i-1\\) with "
                    "probability \\(1-r_i\\) (states on a cycle, \\(5+1=1\\)), where "
                    + ", ".join(f"\\(r_{k + 1} = {tex(p[k])}\\)" for k in range(K)))
        prop_text = ("from state i it proposes i+1 with probability r_i and i−1 with probability 1−r_i "
                     "(states on a cycle, 5+1 = 1), where " + ", ".join(f"r{k + 1} = {uni(p[k])}" for k in range(K)))
        given_prop = {"type": "cycle-walk", "r": given_str(p)}
    else:
        q_fwd = q_back = R(1, 2)
        prop_tex = "from state \\(i\\) it proposes \\(i+1\\) or \\(i-1\\) with probability \\(\\tfrac12\\) each (states on a cycle, \\(5+1=1\\))"
        prop_text = "from state i it proposes i+1 or i−1 with probability 1/2 each (states on a cycle, 5+1 = 1)"
        given_prop = {"type": "cycle-walk", "r": ["1/2"] * K}
    hastings = q_back / q_fwd
    ratio = pi_ratio * hastings
    problem_tex = (f"A Metropolis–Hastings sampler on states \\(1,\\dots,5\\) targets the unnormalized "
                   f"weights \\({wt}\\); {prop_tex}. The chain is at \\(x = {cur + 1}\\) and proposes "
                   f"\\(x' = {new + 1}\\). What is the acceptance probability \\(\\alpha(x \\to x')\\)? {CHECKING.statement()}")
    problem_text = (f"A Metropolis–Hastings sampler on states 1..5 targets the unnormalized weights {wu}; "
                    f"{prop_text}. The chain is at x = {cur + 1} and proposes x' = {new + 1}. "
                    f"What is the acceptance probability α(x → x')? {CHECKING.statement()}")
    given = {"target": "discrete", "weights": w, "x": cur + 1, "x_new": new + 1, "proposal": given_prop}
    parts = dict(pi_new=sp.Integer(w[new]), pi_cur=sp.Integer(w[cur]), q_fwd=q_fwd, q_back=q_back)
    return problem_tex, problem_text, given, pi_ratio, hastings, ratio, parts


TARGETS_REAL = [  # unnormalized densities on the real line, for a Gaussian random walk
    sp.exp(-x**2 / 2), sp.exp(-x**2 / 8), sp.exp(-x**2 / 2) * (1 + x**2), sp.exp(-(x - 1)**2 / 2),
]
TARGETS_POS = [x * sp.exp(-x), x**2 * sp.exp(-x), x**3 * sp.exp(-x), x**2 * sp.exp(-x / 2)]


def _continuous(rng, asymmetric: bool):
    xs = sp.Symbol("x")
    if asymmetric:
        target = rng.choice(TARGETS_POS)
        cur, new = rng.sample(HALVES, 2)
        if rng.random() < 0.5:
            s = rng.choice((R(1, 2), R(1)))
            q_fwd_tex = (f"x' = x\\,e^{{\\varepsilon}},\\ \\varepsilon \\sim \\mathcal N(0, {tex(s**2)})"
                         f"\\) (variance \\({tex(s**2)}\\)), i.e. \\(q(x' \\mid x) = \\frac{{1}}{{x' \\, {tex(s)}\\sqrt{{2\\pi}}}}"
                         f"\\exp\\!\\left(-\\frac{{(\\ln x' - \\ln x)^2}}{{2\\cdot {tex(s**2)}}}\\right)\\)")
            q_fwd_text = (f"x' = x·e^ε with ε ~ N(0, {uni(s**2)}) (variance {uni(s**2)}), i.e. q(x'|x) = exp(−(ln x' − ln x)²/(2·{uni(s**2)}))"
                          f"/(x'·{uni(s)}·√(2π))")
            q_fwd_tex = "the multiplicative random walk \\(" + q_fwd_tex
            given_prop = {"type": "lognormal-walk", "s": str(s)}
            hastings = new / cur          # q(x|x')/q(x'|x) = x'/x
            lam = None
        else:
            lam = rng.choice((R(1, 2), R(1, 3), R(2)))
            q_fwd_tex = (f"the independence proposal \\(x' \\sim \\operatorname{{Exp}}({tex(lam)})\\), "
                         f"\\(q(x' \\mid x) = {tex(lam)}\\,e^{{-{tex(lam)}\\,x'}}\\)")
            q_fwd_text = f"the independence proposal x' ~ Exp({uni(lam)}), q(x'|x) = {uni(lam)}·e^(−{uni(lam)}·x')"
            given_prop = {"type": "exponential-independence", "rate": str(lam)}
            hastings = sp.exp(lam * (new - cur))   # q(x|x')/q(x'|x) = e^{-λx}/e^{-λx'}
        domain_tex, domain_text = "on \\(x > 0\\)", "on x > 0"
    else:
        target = rng.choice(TARGETS_REAL)
        cur, new = rng.sample(GRID, 2)
        tau = rng.choice((R(1, 2), R(1)))
        q_fwd_tex = (f"the Gaussian random walk \\(x' = x + \\varepsilon,\\ \\varepsilon \\sim "
                     f"\\mathcal N(0, {tex(tau**2)})\\) (the second argument is the variance, "
                     f"\\(\\tau^2 = {tex(tau**2)}\\))")
        q_fwd_text = (f"the Gaussian random walk x' = x + ε, ε ~ N(0, {uni(tau**2)}) (the second argument is the "
                      f"variance, τ² = {uni(tau**2)})")
        given_prop = {"type": "gaussian-walk", "tau": str(tau)}
        hastings = sp.S.One
        domain_tex, domain_text = "on the real line", "on the real line"
    pi_new, pi_cur = target.subs(x, new), target.subs(x, cur)
    pi_ratio = sp.powsimp(pi_new / pi_cur)
    ratio = sp.powsimp(pi_ratio * hastings)
    t_xs = target.subs(x, xs)
    problem_tex = (f"A Metropolis–Hastings sampler targets the unnormalized density "
                   f"\\(\\tilde\\pi(x) = {tex(t_xs)}\\) {domain_tex} and proposes moves with {q_fwd_tex}. "
                   f"The chain is at \\(x = {tex(cur)}\\) and proposes \\(x' = {tex(new)}\\). "
                   f"What is the acceptance probability \\(\\alpha(x \\to x')\\)? {CHECKING.statement()}")
    problem_text = (f"A Metropolis–Hastings sampler targets the unnormalized density π̃(x) = {uni(t_xs)} "
                    f"{domain_text} and proposes moves with {q_fwd_text}. The chain is at x = {uni(cur)} and proposes "
                    f"x' = {uni(new)}. What is the acceptance probability α(x → x')? {CHECKING.statement()}")
    given = {"target": str(t_xs), "x": str(cur), "x_new": str(new), "proposal": given_prop}
    parts = dict(pi_new=pi_new, pi_cur=pi_cur, q_fwd=None, q_back=None)
    return problem_tex, problem_text, given, pi_ratio, hastings, ratio, parts


def generate(rng, params) -> Problem:
    asymmetric = params["proposal"] == "asymmetric"
    make = _discrete if params["target"] == "discrete" else _continuous
    ptex, ptext, given, pi_ratio, hastings, ratio, parts = make(rng, asymmetric)
    _keep_ratio(rng, ratio)
    answer = _min1(ratio)
    steps = [Step("Metropolis–Hastings accepts with the ratio of target times reverse proposal over target "
                  "times forward proposal, capped at 1; the target's normalizing constant cancels.",
                  "\\alpha(x\\to x') = \\min\\left(1, \\frac{\\tilde\\pi(x')\\,q(x\\mid x')}{\\tilde\\pi(x)\\,q(x'\\mid x)}\\right)",
                  "α(x→x') = min(1, π̃(x')·q(x|x') / (π̃(x)·q(x'|x)))"),
             Step("Target ratio.", f"\\frac{{\\tilde\\pi(x')}}{{\\tilde\\pi(x)}} = \\frac{{{tex(parts['pi_new'])}}}"
                  f"{{{tex(parts['pi_cur'])}}} = {tex(pi_ratio)}",
                  f"π̃(x')/π̃(x) = {_operand(parts['pi_new'])}/{_operand(parts['pi_cur'])} = {uni(pi_ratio)}")]
    if not asymmetric:
        steps.append(Step("The proposal is symmetric, q(x|x') = q(x'|x), so the Hastings factor is 1 "
                          "(plain Metropolis)."))
    elif parts["q_fwd"] is not None:
        steps.append(Step("Hastings factor: reverse over forward proposal probability.",
                          f"\\frac{{q(x\\mid x')}}{{q(x'\\mid x)}} = \\frac{{{tex(parts['q_back'])}}}{{{tex(parts['q_fwd'])}}} = {tex(hastings)}",
                          f"q(x|x')/q(x'|x) = ({uni(parts['q_back'])})/({uni(parts['q_fwd'])}) = {uni(hastings)}"))
    else:
        steps.append(Step("Hastings factor: reverse over forward proposal density (common factors cancel).",
                          f"\\frac{{q(x\\mid x')}}{{q(x'\\mid x)}} = {tex(hastings)}",
                          f"q(x|x')/q(x'|x) = {uni(hastings)}"))
    steps.append(Step("Multiply and cap at 1." if float(ratio) < 1 else "The ratio exceeds 1, so the move is always accepted.",
                      f"\\alpha = \\min\\left(1, {tex(ratio)}\\right) = {tex(answer)}",
                      f"α = min(1, {uni(ratio)}) = {uni(answer)}"))
    mistakes = [Mistake("inverted ratio", _min1(1 / ratio),
                        "Inverted: the proposed state x' goes in the numerator, π̃(x')/π̃(x).")]
    if float(ratio) > 1:
        mistakes.append(Mistake("forgot the min", ratio,
                                "A probability cannot exceed 1: α = min(1, ratio)."))
    if asymmetric:
        mistakes.append(Mistake("forgot the Hastings factor", _min1(pi_ratio),
                                "The proposal is not symmetric: multiply by q(x|x')/q(x'|x)."))
        mistakes.append(Mistake("Hastings factor upside down", _min1(sp.powsimp(pi_ratio / hastings)),
                                "The Hastings factor is reverse over forward: q(x|x')/q(x'|x)."))
    seen, kept = {answer}, []
    for m in mistakes:
        if m.answer not in seen:
            seen.add(m.answer)
            kept.append(m)
    return Problem(ptex, ptext, answer, "number", tuple(steps), given, CHECKING, tuple(kept))


def _q_density(prop: dict, frm: float, to: float) -> float:
    kind = prop["type"]
    if kind == "gaussian-walk":
        tau = float(sp.Rational(prop["tau"]))
        return math.exp(-((to - frm) ** 2) / (2 * tau * tau)) / (tau * math.sqrt(2 * math.pi))
    if kind == "lognormal-walk":
        s = float(sp.Rational(prop["s"]))
        z = (math.log(to) - math.log(frm)) / s
        return math.exp(-z * z / 2) / (to * s * math.sqrt(2 * math.pi))
    if kind == "exponential-independence":
        lam = float(sp.Rational(prop["rate"]))
        return lam * math.exp(-lam * to)
    raise VerificationError(f"unknown proposal {kind!r}")


def _verify_discrete(given, alpha: float) -> Evidence:
    w = np.array(given["weights"], dtype=float)
    K = len(w)
    r = [float(sp.Rational(v)) for v in given["proposal"]["r"]]
    Q = np.zeros((K, K))
    for i in range(K):
        Q[i, (i + 1) % K] += r[i]
        Q[i, (i - 1) % K] += 1 - r[i]
    with np.errstate(divide="ignore", invalid="ignore"):   # non-edges are 0/0, masked by Q = 0
        A = np.nan_to_num(np.minimum(1.0, (w[None, :] * Q.T) / (w[:, None] * Q)))
    i, j = given["x"] - 1, given["x_new"] - 1
    A[i, j] = alpha                                               # the answer under test
    K_ = Q * A
    K_[np.diag_indices(K)] += 1 - K_.sum(axis=1)
    pi = w / w.sum()
    err = float(np.max(np.abs(pi @ K_ - pi)))
    if not (0 <= alpha <= 1) or err > 1e-12:
        raise VerificationError(f"the kernel built with α = {alpha} does not leave the target invariant "
                                f"(max |πK − π| = {err:.3g})")
    return Evidence("stationarity of the full MH kernel",
                    "numpy kernel on 5 states with the answer at the asked move; max |πK − π| for π = normalized weights",
                    err)


def verify(given, answer) -> Evidence:
    alpha = float(answer)
    if given["target"] == "discrete":
        return _verify_discrete(given, alpha)
    xs = sp.Symbol("x")
    f = sp.lambdify(xs, sp.sympify(given["target"]), modules="math")
    a, b = float(sp.Rational(given["x"])), float(sp.Rational(given["x_new"]))
    prop = given["proposal"]
    fwd = f(a) * _q_density(prop, a, b)
    back = f(b) * _q_density(prop, b, a)
    alpha_back = min(1.0, fwd / back)
    # detailed balance of this move: flux x→x' equals flux x'→x
    err = numeric.require_close(fwd * alpha, back * alpha_back, "MH flux balance", rel=1e-9)
    if not (0 <= alpha <= 1 and (alpha == 1.0 or alpha_back == 1.0)):
        raise VerificationError("one of the two directions must be accepted with probability 1")
    return Evidence("detailed balance in floating point",
                    "π̃(x)q(x'|x)α(x→x') = π̃(x')q(x|x')α(x'→x) with the proposal density from its own formula",
                    err)


def baseline(given):
    """Bare SymPy: the acceptance ratio evaluated from the problem data, capped at 1."""
    if given["target"] == "discrete":
        w, r = given["weights"], [sp.Rational(v) for v in given["proposal"]["r"]]
        i, j = given["x"] - 1, given["x_new"] - 1
        q = lambda a, b: r[a] if (a + 1) % len(w) == b else 1 - r[a]
        return sp.Min(1, sp.Rational(w[j], w[i]) * q(j, i) / q(i, j))
    xs = sp.Symbol("x")
    f = sp.sympify(given["target"])
    a, b = sp.Rational(given["x"]), sp.Rational(given["x_new"])
    prop = given["proposal"]
    h = {"gaussian-walk": lambda: 1, "lognormal-walk": lambda: b / a,
         "exponential-independence": lambda: sp.exp(sp.Rational(prop.get("rate", 1)) * (b - a))}[prop["type"]]()
    return sp.Min(1, f.subs(xs, b) / f.subs(xs, a) * h)


FAMILY = Family(
    name="metropolis_hastings", version=2, title="Metropolis–Hastings acceptance probability",
    summary="Acceptance probability min(1, π̃(x')q(x|x')/(π̃(x)q(x'|x))) for discrete and continuous targets, "
            "symmetric and asymmetric proposals.",
    params={"target": Param("discrete", ("discrete", "continuous"), "unnormalized target on 5 states or a density"),
            "proposal": Param("symmetric", ("symmetric", "asymmetric"),
                              "symmetric (Metropolis) or asymmetric (needs the Hastings factor)")},
    generate=generate, verify=verify, baseline=baseline,
)
