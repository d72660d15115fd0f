"""Importance sampling by hand: self-normalised estimates, the effective sample size, Z.

The target p is known only up to its constant, p(x) = p̃(x)/Z; draws x₁ … x_n come from a
proposal q and carry weights w_i = p̃(x_i)/q(x_i). Three tasks on the same kind of data:
``estimate`` the self-normalised estimate Σ w_i f(x_i) / Σ w_i of E_p[f(X)]; ``ess`` Kish's
effective sample size (Σ w_i)² / Σ w_i²; ``normalizer`` the unbiased estimate
Ẑ = (1/n) Σ w_i of Z = ∫ p̃ (= E_q[p̃/q]).

Level 1: a target on {1, 2, 3, 4} given by a table of unnormalised masses and a proposal pmf
(weights read off tables). Level 2: continuous densities on (0, 1) — p̃(x) = x^a (1 − x)^b and
a non-uniform proposal density such as q(x) = 2x — so the weights come from evaluating
formulas, and the solution compares Ẑ with the exact Beta integral. Answers are exact
rationals built with ``fractions``; verification recomputes the weights from the densities in
floating point with numpy and forms each estimator from its defining sums.
"""

from __future__ import annotations

from fractions import Fraction as Fr
from math import factorial

import numpy as np

from osmose import numeric
from osmose.family import Checking, Evidence, Family, Param, Problem, Reject, Step, distinct_mistakes
from osmose.mathtext import tex, uni
from osmose.exact import rational as _r

CHECKING = Checking()
SAY = CHECKING.statement()
LEVELS = {1: "a target and a proposal on {1, 2, 3, 4} given as tables",
          2: "densities on (0, 1): p̃(x) = xᵃ(1 − x)ᵇ and a non-uniform proposal, weights from formulas"}
ASKS = ("estimate", "ess", "normalizer")

#: level-2 proposals: name -> (TeX, text, float function, exact function)
PROPOSALS = {
    "uniform": (r"q(x) = 1", "q(x) = 1", lambda x: 1.0, lambda x: Fr(1)),
    "2x": (r"q(x) = 2x", "q(x) = 2x", lambda x: 2 * x, lambda x: 2 * x),
    "2(1-x)": (r"q(x) = 2(1 - x)", "q(x) = 2(1 − x)", lambda x: 2 * (1 - x), lambda x: 2 * (1 - x)),
    "6x(1-x)": (r"q(x) = 6x(1 - x)", "q(x) = 6x(1 − x)", lambda x: 6 * x * (1 - x), lambda x: 6 * x * (1 - x)),
}
F_TEX = {"x": ("X", "x_i", "X", "x_i"), "x^2": ("X^2", "x_i^2", "X²", "x_i²")}


def _dec(f: Fr) -> str:
    return f"{float(f):g}"


def _list(values, fmt) -> str:
    return ", ".join(fmt(v) for v in values)


def _discrete(rng):
    masses = [rng.randint(1, 9) for _ in range(4)]
    den = rng.choice((8, 10, 12, 16, 20))
    cuts = sorted(rng.sample(range(1, den), 3))
    q = [Fr(b - a, den) for a, b in zip([0] + cuts, cuts + [den])]
    n = rng.randint(5, 6)
    samples = rng.choices((1, 2, 3, 4), weights=[float(v) for v in q], k=n)
    ptilde = {x: Fr(m) for x, m in zip((1, 2, 3, 4), masses)}
    qof = dict(zip((1, 2, 3, 4), q))
    setup_tex = (rf"A target distribution \(p\) on \(\{{1, 2, 3, 4\}}\) is known only up to a constant: "
                 rf"\(\tilde p(1), \dots, \tilde p(4) = {_list(masses, str)}\), with \(p = \tilde p / Z\). "
                 rf"The proposal is \(q(1), \dots, q(4) = {_list(q, lambda v: tex(_r(v)))}\). "
                 rf"\(n = {n}\) draws from \(q\) gave the list \([{_list(samples, str)}]\).")
    setup_text = (f"A target distribution p on {{1, 2, 3, 4}} is known only up to a constant: p̃(1), …, p̃(4) = "
                  f"{_list(masses, str)}, with p = p̃/Z. The proposal is q(1), …, q(4) = "
                  f"{_list(q, lambda v: uni(_r(v)))}. n = {n} draws from q gave the list [{_list(samples, str)}].")
    given = {"level": 1, "ptilde": masses, "q": [str(v) for v in q], "samples": samples}
    weights = [ptilde[x] / qof[x] for x in samples]
    return setup_tex, setup_text, given, [Fr(x) for x in samples], weights, None


def _continuous(rng):
    a, b = rng.randint(1, 3), rng.randint(1, 3)
    name = rng.choice(tuple(PROPOSALS))
    n = rng.randint(4, 5)
    samples = [Fr(rng.randint(1, 9), 10) for _ in range(n)]
    q_tex, q_text, _, q_exact = PROPOSALS[name]
    p_tex = rf"\tilde p(x) = x^{{{a}}}(1 - x)^{{{b}}}" if a > 1 or b > 1 else r"\tilde p(x) = x(1 - x)"
    p_text = f"p̃(x) = x{'^' + str(a) if a > 1 else ''}(1 − x){'^' + str(b) if b > 1 else ''}"
    setup_tex = (rf"A target density \(p\) on \((0, 1)\) is known only up to a constant: \({p_tex}\), with "
                 rf"\(p = \tilde p / Z\). The proposal density is \({q_tex}\) on \((0, 1)\). "
                 rf"\(n = {n}\) draws from \(q\) gave the list \([{_list(samples, _dec)}]\).")
    setup_text = (f"A target density p on (0, 1) is known only up to a constant: {p_text}, with p = p̃/Z. "
                  f"The proposal density is {q_text} on (0, 1). n = {n} draws from q gave the list "
                  f"[{_list(samples, _dec)}].")
    given = {"level": 2, "a": a, "b": b, "proposal": name, "samples": [str(x) for x in samples]}
    weights = [x ** a * (1 - x) ** b / q_exact(x) for x in samples]
    exact_z = Fr(factorial(a) * factorial(b), factorial(a + b + 1))
    return setup_tex, setup_text, given, samples, weights, exact_z


def _weights_step(level, weights):
    say = ("Weights w_i = p̃(x_i)/q(x_i), read off the tables." if level == 1 else
           "Weights w_i = p̃(x_i)/q(x_i), evaluated at each draw.")
    return Step(say, rf"w = \left({_list(weights, lambda v: tex(_r(v)))}\right)",
                f"w = ({_list(weights, lambda v: uni(_r(v)))})")


def generate(rng, params) -> Problem:
    ask, level = params["ask"], params["level"]
    setup_tex, setup_text, given, xs, w, exact_z = (_discrete if level == 1 else _continuous)(rng)
    given["ask"] = ask
    n = len(w)
    sw, sw2 = sum(w), sum(v * v for v in w)
    steps = [_weights_step(level, w)]
    if ask == "estimate":
        f = rng.choice(("x", "x^2"))
        given["f"] = f
        fx = [x if f == "x" else x * x for x in xs]
        swf = sum(a * b for a, b in zip(w, fx))
        answer = swf / sw
        ftex, fitex, ftext, fitext = F_TEX[f]
        ask_tex = (rf"Find the self-normalised importance-sampling estimate "
                   rf"\(\hat\mu = \sum_i w_i {fitex} / \sum_i w_i\) of \(\mathbb{{E}}_p[{ftex}]\), "
                   rf"with weights \(w_i = \tilde p(x_i)/q(x_i)\).")
        ask_text = (f"Find the self-normalised importance-sampling estimate μ̂ = Σ w_i {fitext} / Σ w_i of "
                    f"E_p[{ftext}], with weights w_i = p̃(x_i)/q(x_i).")
        steps.append(Step("Weighted sum over the sum of the weights (the unknown Z cancels).",
                          rf"\hat\mu = \frac{{{tex(_r(swf))}}}{{{tex(_r(sw))}}} = {tex(_r(answer))}",
                          f"μ̂ = ({uni(_r(swf))})/({uni(_r(sw))}) = {uni(_r(answer))}"))
        inv = [1 / v for v in w]
        cands = [("unweighted mean", sum(fx) / n, "The draws come from q, not p: their plain average "
                  "estimates E_q. Weight each draw by w_i = p̃(x_i)/q(x_i)."),
                 ("weights q/p̃", sum(a * b for a, b in zip(inv, fx)) / sum(inv),
                  "The weight is target over proposal, p̃(x_i)/q(x_i), not its reciprocal."),
                 ("divided by n", swf / n, "p̃ is unnormalised, so (1/n) Σ w_i f(x_i) estimates Z·E_p[f]; "
                  "divide by Σ w_i instead of n so Z cancels.")]
    elif ask == "ess":
        answer = sw * sw / sw2
        ask_tex = (rf"With weights \(w_i = \tilde p(x_i)/q(x_i)\), find Kish's effective sample size "
                   rf"\(n_{{\mathrm{{eff}}}} = \left(\sum_i w_i\right)^2 / \sum_i w_i^2\).")
        ask_text = ("With weights w_i = p̃(x_i)/q(x_i), find Kish's effective sample size "
                    "n_eff = (Σ w_i)² / Σ w_i².")
        steps.append(Step(f"Square of the sum over the sum of squares; it lies between 1 and n = {n}, and it "
                          "does not depend on the unknown constant Z.",
                          rf"n_{{\mathrm{{eff}}}} = \frac{{\left({tex(_r(sw))}\right)^2}}{{{tex(_r(sw2))}}} = {tex(_r(answer))}",
                          f"n_eff = ({uni(_r(sw))})²/({uni(_r(sw2))}) = {uni(_r(answer))}"))
        cands = [("inverted ratio", sw2 / (sw * sw), "That is 1/n_eff: the square of the sum goes on top, "
                  "so n_eff is between 1 and n."),
                 ("the number of draws", Fr(n), f"n = {n} is the effective size only when all weights are "
                  "equal; unequal weights lose information."),
                 ("fraction n_eff/n", sw * sw / (n * sw2), "That is the efficiency n_eff/n; the effective "
                  "sample size itself is (Σ w_i)²/Σ w_i².")]
    else:
        answer = sw / n
        z_tex, z_text = (r"\sum_x \tilde p(x)", "Σ_x p̃(x)") if level == 1 else (r"\int_0^1 \tilde p(x)\,dx", "∫₀¹ p̃(x) dx")
        ask_tex = (rf"Find the importance-sampling estimate \(\hat Z = \frac{{1}}{{n}}\sum_i \tilde p(x_i)/q(x_i)\) "
                   rf"of the normalising constant \(Z = {z_tex} = \mathbb{{E}}_q[\tilde p(X)/q(X)]\).")
        ask_text = ("Find the importance-sampling estimate Ẑ = (1/n) Σ p̃(x_i)/q(x_i) of the normalising "
                    f"constant Z = {z_text} = E_q[p̃(X)/q(X)].")
        last = Step(f"Average the weights over the n = {n} draws.",
                    rf"\hat Z = \frac{{{tex(_r(sw))}}}{{{n}}} = {tex(_r(answer))}",
                    f"Ẑ = ({uni(_r(sw))})/{n} = {uni(_r(answer))}")
        steps.append(last)
        if exact_z is None:
            total = sum(given["ptilde"])
            steps.append(Step("For comparison, the exact constant sums the table (the estimate is unbiased but "
                              "noisy with so few draws).", rf"Z = {' + '.join(map(str, given['ptilde']))} = {total}",
                              f"Z = {' + '.join(map(str, given['ptilde']))} = {total}"))
        else:
            a, b = given["a"], given["b"]
            steps.append(Step("For comparison, the exact constant is a Beta integral (the estimate is unbiased "
                              "but noisy with so few draws).",
                              rf"Z = \int_0^1 x^{{{a}}}(1-x)^{{{b}}}\,dx = \frac{{{a}!\,{b}!}}{{{a + b + 1}!}} = {tex(_r(exact_z))}",
                              f"Z = ∫₀¹ x^{a}(1−x)^{b} dx = {a}!·{b}!/{a + b + 1}! = {uni(_r(exact_z))}"))
        p_at = _ptilde_values(given, xs)
        cands = [("forgot to divide by q", sum(p_at) / n, "Each draw's p̃ must be divided by the density "
                  "q(x_i) it was drawn from: Ẑ averages w_i = p̃(x_i)/q(x_i)."),
                 ("summed, not averaged", sw, f"Average the weights: divide their sum by n = {n}."),
                 ("weights q/p̃", sum(1 / v for v in w) / n, "The weight is p̃(x_i)/q(x_i), target over "
                  "proposal.")]
    if all(v == w[0] for v in w):
        raise Reject("equal weights: importance sampling changes nothing")
    mistakes = distinct_mistakes([(name, _r(v), fb) for name, v, fb in cands], _r(answer),
                                 lambda x, y: x != y)
    return Problem(f"{setup_tex} {ask_tex} {SAY}", f"{setup_text} {ask_text} {SAY}", _r(answer), "number",
                   tuple(steps), given, CHECKING, mistakes)


def _ptilde_values(given, xs):
    if given["level"] == 1:
        return [Fr(given["ptilde"][int(x) - 1]) for x in xs]
    return [x ** given["a"] * (1 - x) ** given["b"] for x in xs]


def _float_weights(given):
    """Samples, p̃ and q at the samples, in floating point from the problem's own description."""
    if given["level"] == 1:
        xs = np.array(given["samples"], dtype=float)
        idx = np.array(given["samples"]) - 1
        p = np.array(given["ptilde"], dtype=float)[idx]
        q = np.array([float(Fr(v)) for v in given["q"]])[idx]
    else:
        xs = np.array([float(Fr(v)) for v in given["samples"]])
        p = xs ** given["a"] * (1 - xs) ** given["b"]
        q = np.array([PROPOSALS[given["proposal"]][2](x) for x in xs])
    return xs, p, q


def verify(given, answer) -> Evidence:
    xs, p, q = _float_weights(given)
    w = p / q
    if given["ask"] == "estimate":
        f = xs if given["f"] == "x" else xs ** 2
        value, what = float(np.dot(w, f) / w.sum()), "Σ w f / Σ w"
    elif given["ask"] == "ess":
        value, what = float(w.sum() ** 2 / np.dot(w, w)), "(Σ w)² / Σ w²"
    else:
        value, what = float(w.mean()), "mean of p̃/q"
    err = numeric.require_close(value, float(answer), what, rel=1e-9)
    return Evidence("numpy in floating point", f"weights p̃(x)/q(x) recomputed from the densities; {what}", err)


FAMILY = Family(
    name="importance_sampling", version=1, title="Importance sampling: estimates, ESS and Z",
    summary="Self-normalised estimates with weights p̃/q, Kish's effective sample size, and the estimate of Z.",
    params={"ask": Param("estimate", ASKS, "estimate | ess | normalizer"),
            "level": Param(1, (1, 2), "1: pmf tables on {1, 2, 3, 4}; 2: densities on (0, 1)")},
    levels=LEVELS, generate=generate, verify=verify,
)
