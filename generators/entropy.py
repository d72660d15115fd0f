"""Entropy, cross-entropy and binary cross-entropy of small distributions.

Also the identity H(p, q) = H(p) + D_KL(p‖q): cross-entropy is the entropy plus
the extra cost of coding p with a code built for q. Answers are exact: logs of
rationals are split into logs of primes (−¼ln¼ − ¾ln¾ = 2 ln 2 − ¾ ln 3), and in
bits dyadic probabilities give rationals. Verification recomputes the defining
sums in floating point with math.log / math.log2 straight from the given
probabilities, and checks the identity numerically.
"""

from __future__ import annotations

import math

import sympy as sp

from osmose import numeric
from osmose.logbits import in_bits
from osmose.family import (Checking, Evidence, Family, Param, Problem, Reject, Step,
                           VerificationError, distinct_mistakes)
from osmose.mathtext import tex, uni

#: level -> (denominators of the probabilities, number of outcomes, unit)
#: (dyadic in bits: the answers are rationals; thirds to twelfths in nats; up to twentieths)
LEVELS = {1: ((4, 8, 16), (2, 3, 4), "bits"), 2: ((3, 4, 6, 8, 9, 12), (2, 3, 4), "nats"),
          3: ((5, 8, 10, 12, 15, 20), (3, 4, 5), "nats")}
#: level -> predicted probabilities and sample count for binary cross-entropy
_R = sp.Rational
BCE_LEVELS = {
    1: ((_R(1, 2), _R(1, 4), _R(3, 4), _R(1, 8), _R(3, 8), _R(5, 8), _R(7, 8), _R(1, 3), _R(2, 3),
         _R(1, 5), _R(2, 5), _R(3, 5), _R(4, 5), _R(9, 10)), 2),
    2: ((_R(1, 3), _R(2, 3), _R(1, 4), _R(3, 4), _R(1, 2), _R(1, 5), _R(4, 5), _R(1, 6), _R(5, 6)), 3),
    3: ((_R(1, 5), _R(2, 5), _R(3, 5), _R(4, 5), _R(1, 3), _R(2, 3), _R(5, 6), _R(1, 10), _R(9, 10),
         _R(3, 10), _R(7, 10)), 4),
}
#: exact answers (logs of primes), or decimals to 3 significant figures
CHECKING = Checking(precision="exact-or-decimal", sig_figs=3)


def log_rational(r) -> sp.Expr:
    """ln r as a sum of logs of primes, so that answers come out in one canonical form."""
    r = sp.Rational(r)
    terms = [e * sp.log(p) for p, e in sorted(sp.factorint(r.p).items()) if p > 1]
    terms += [-e * sp.log(p) for p, e in sorted(sp.factorint(r.q).items()) if p > 1]
    return sp.Add(*terms)


def in_unit(nats: sp.Expr, unit: str) -> sp.Expr:
    """The value in the unit asked; bits are written with log₂ (log2(3), not log(3)/log(2))."""
    return in_bits(nats) if unit == "bits" else sp.expand(nats)


def entropy(p, unit="nats") -> sp.Expr:
    """H(p) = −Σ pᵢ log pᵢ (terms with pᵢ = 0 contribute 0)."""
    return in_unit(-sp.Add(*[pi * log_rational(pi) for pi in p if pi]), unit)


def cross_entropy(p, q, unit="nats") -> sp.Expr:
    """H(p, q) = −Σ pᵢ log qᵢ."""
    return in_unit(-sp.Add(*[pi * log_rational(qi) for pi, qi in zip(p, q) if pi]), unit)


def kl(p, q, unit="nats") -> sp.Expr:
    """D_KL(p‖q) = Σ pᵢ log(pᵢ/qᵢ)."""
    return in_unit(sp.Add(*[pi * log_rational(pi / qi) for pi, qi in zip(p, q) if pi]), unit)


def bce(labels, preds) -> sp.Expr:
    """Mean binary cross-entropy −(1/n) Σ [y ln ŷ + (1 − y) ln(1 − ŷ)], in nats."""
    n = len(labels)
    return sp.expand(-sp.Add(*[log_rational(p if y else 1 - p) for y, p in zip(labels, preds)]) / n)


def _distribution(rng, denominators, sizes):
    """A distribution with denominator d over k outcomes; (d, k) weighted by √(number of
    such distributions), so the large pools are drawn often and the small ones still appear."""
    pairs = [(d, k) for d in denominators for k in sizes if d >= k]
    d, k = rng.choices(pairs, weights=[math.comb(d - 1, k - 1) ** 0.5 for d, k in pairs])[0]
    cuts = sorted(rng.sample(range(1, d), k - 1))
    parts = [b - a for a, b in zip([0] + cuts, cuts + [d])]
    return tuple(sp.Rational(x, d) for x in parts)


def _dist_tex(name, p):
    return rf"{name} = \left(" + ", ".join(tex(v) for v in p) + r"\right)"


def _dist_text(name, p):
    return f"{name} = (" + ", ".join(uni(v) for v in p) + ")"


def _arg_tex(r):
    return tex(r) if r.is_Integer else rf"\left({tex(r)}\right)"


def _substituted(coeffs, args, unit):
    """The sum Σ cᵢ log aᵢ with the numbers written in, as (TeX, Unicode): the step learners check."""
    log_tex, log_text = (r"\log_2", "log₂") if unit == "bits" else (r"\ln", "ln")
    terms_tex = " + ".join(rf"{tex(c)}\,{log_tex} {_arg_tex(a)}" for c, a in zip(coeffs, args))
    terms_text = " + ".join(f"{uni(c)}·{log_text}({uni(a)})" for c, a in zip(coeffs, args))
    return rf"-\left({terms_tex}\right)", f"−({terms_text})"


def _term_tex(e):
    """A summand in brackets only when it is itself a sum (no "(2) + (1/4)")."""
    return rf"\left({tex(e)}\right)" if e.is_Add else tex(e)


def _term_text(e):
    return f"({uni(e)})" if e.is_Add else uni(e)


def _collect_say(unit):
    return "Split each log into logs of primes and collect" + (
        " in base 2 (log₂ 2 = 1)." if unit == "bits" else ".")


def generate(rng, params) -> Problem:
    ask, level = params["ask"], params["level"]
    denominators, sizes, unit = LEVELS[level]
    log_name = r"\log_2" if unit == "bits" else r"\ln"
    log_text = "log₂" if unit == "bits" else "ln"
    if ask == "bce":
        choices, n = BCE_LEVELS[level]
        labels = [0, 1] + [rng.randint(0, 1) for _ in range(n - 2)]  # both classes appear
        rng.shuffle(labels)
        preds = [rng.choice(choices) for _ in range(n)]
        answer = bce(labels, preds)
        terms_tex = " + ".join(rf"\ln {_arg_tex(p if y else 1 - p)}" for y, p in zip(labels, preds))
        steps = [
            Step("Each sample contributes −ln of the probability given to its true label: ŷ when y = 1, 1 − ŷ when y = 0.",
                 rf"\mathrm{{BCE}} = -\tfrac{{1}}{{{n}}}\left({terms_tex}\right)",
                 "BCE = −(1/{n})·(".format(n=n) + " + ".join(f"ln({uni(p if y else 1 - p)})" for y, p in zip(labels, preds)) + ")"),
            Step("Split the logs into primes and collect.", rf"\mathrm{{BCE}} = {tex(answer)}", f"BCE = {uni(answer)}"),
        ]
        prompt_tex = (r"Compute the mean binary cross-entropy \(-\frac{1}{n}\sum_i \left[y_i \ln \hat y_i + (1-y_i)\ln(1-\hat y_i)\right]\) "
                      rf"(in nats) of the predictions \[\hat y = \left({', '.join(tex(p) for p in preds)}\right)\quad"
                      rf"\text{{for the labels}}\quad y = \left({', '.join(str(y) for y in labels)}\right).\]"
                      f"{CHECKING.statement()}")
        prompt_text = (f"Mean binary cross-entropy −(1/n)Σ[y ln ŷ + (1−y) ln(1−ŷ)] (nats) of predictions "
                       f"ŷ = ({', '.join(uni(p) for p in preds)}) for labels y = ({', '.join(str(y) for y in labels)}). "
                       f"{CHECKING.statement()}")
        candidates = [
            ("summed, not averaged", sp.expand(answer * n), f"Average over the {n} samples: divide the sum by {n}."),
            ("labels swapped", bce([1 - y for y in labels], preds),
             "ŷ is the probability of label 1: use ln ŷ when y = 1 and ln(1 − ŷ) when y = 0."),
            ("dropped the negative class", sp.expand(-sp.Add(*[log_rational(p) for y, p in zip(labels, preds) if y]) / n),
             "The (1 − y) ln(1 − ŷ) term counts the samples with label 0 too."),
        ]
        given = {"ask": ask, "labels": labels, "predictions": [str(p) for p in preds]}
        mistakes = distinct_mistakes(candidates, answer, _differs)
        return Problem(prompt_tex, prompt_text, answer, "number", tuple(steps), given,
                       CHECKING, mistakes)

    p = _distribution(rng, denominators, sizes)
    q = _distribution(rng, denominators, (len(p),)) if ask != "entropy" else None
    if q is not None and q == p:
        raise Reject("p and q coincide")
    unit_word = "bits (log base 2)" if unit == "bits" else "nats (natural log)"
    other_unit = in_unit(entropy(p), "nats" if unit == "bits" else "bits") if ask == "entropy" else None
    if ask == "entropy":
        answer = entropy(p, unit)
        sub_tex, sub_text = _substituted(p, p, unit)
        steps = [
            Step("Entropy is the expected surprise −log pᵢ.",
                 rf"H(p) = -\sum_i p_i {log_name} p_i", f"H(p) = −Σ pᵢ {log_text} pᵢ"),
            Step(f"Insert the probabilities (in {unit}).", rf"H(p) = {sub_tex}", f"H(p) = {sub_text}"),
            Step(_collect_say(unit), rf"H(p) = {tex(answer)}", f"H(p) = {uni(answer)}"),
        ]
        q_tex, q_text = rf"the entropy \(H(p)\) in {unit_word} of \[{_dist_tex('p', p)}.\]", \
            f"the entropy H(p) in {unit_word} of {_dist_text('p', p)}"
        candidates = [
            ("forgot the minus", -answer, "log pᵢ ≤ 0, so H = −Σ pᵢ log pᵢ ≥ 0."),
            ("wrong unit", other_unit, f"The question asks for {unit}: " + (
                "use log base 2 (divide nats by ln 2)." if unit == "bits" else "use the natural log (multiply bits by ln 2).")),
            ("unweighted logs", in_unit(-sp.Add(*[log_rational(pi) for pi in p]), unit),
             "Weight each −log pᵢ by its probability pᵢ."),
        ]
        given = {"ask": ask, "unit": unit, "p": [str(v) for v in p]}
    else:
        H, CE, D = entropy(p, unit), cross_entropy(p, q, unit), kl(p, q, unit)
        dist_tex = rf"\[{_dist_tex('p', p)},\quad {_dist_tex('q', q)}.\]"
        dist_text = f"{_dist_text('p', p)}, {_dist_text('q', q)}"
        steps = [
            Step("Cross-entropy averages −log q under p.", rf"H(p,q) = -\sum_i p_i {log_name} q_i = {tex(CE)}",
                 f"H(p, q) = −Σ pᵢ {log_text} qᵢ = {uni(CE)}"),
        ]
        if ask == "cross_entropy":
            answer = CE
            sub_tex, sub_text = _substituted(p, q, unit)
            steps = [
                Step("Cross-entropy averages −log q under p.", rf"H(p,q) = -\sum_i p_i {log_name} q_i",
                     f"H(p, q) = −Σ pᵢ {log_text} qᵢ"),
                Step(f"Insert pᵢ as the weights and qᵢ inside the logs (in {unit}).", rf"H(p,q) = {sub_tex}",
                     f"H(p, q) = {sub_text}"),
                Step(_collect_say(unit), rf"H(p,q) = {tex(CE)}", f"H(p, q) = {uni(CE)}"),
            ]
            q_tex = rf"the cross-entropy \(H(p, q) = -\sum_i p_i \log q_i\) in {unit_word} of \(q\) relative to \(p\), for {dist_tex}"
            q_text = f"the cross-entropy H(p, q) = −Σ pᵢ log qᵢ in {unit_word}, for {dist_text}"
            candidates = [
                ("arguments swapped", cross_entropy(q, p, unit),
                 "H(p, q) averages over the true distribution p the code length −log q: not symmetric."),
                ("entropy only", H, "That is H(p); the cross-entropy uses log q, and exceeds H(p) by D_KL(p‖q)."),
            ]
        else:
            answer = (H, D, CE)
            steps = [
                Step("Entropy of p.", rf"H(p) = -\sum_i p_i {log_name} p_i = {tex(H)}",
                     f"H(p) = −Σ pᵢ {log_text} pᵢ = {uni(H)}"),
                Step("KL divergence of p from q (expectation under p).", rf"D_{{KL}}(p\,\|\,q) = \sum_i p_i {log_name}\frac{{p_i}}{{q_i}} = {tex(D)}",
                     f"D_KL(p‖q) = Σ pᵢ {log_text}(pᵢ/qᵢ) = {uni(D)}"),
                steps[0],
                Step("Check: −log qᵢ = −log pᵢ + log(pᵢ/qᵢ), so averaging under p gives H(p, q) = H(p) + D_KL(p‖q).",
                     rf"{_term_tex(H)} + {_term_tex(D)} = {tex(CE)}",
                     f"{_term_text(H)} + {_term_text(D)} = {uni(CE)}"),
            ]
            q_tex = (rf"the triple \(\bigl(H(p),\ D_{{KL}}(p\,\|\,q),\ H(p,q)\bigr)\) in {unit_word} for {dist_tex}"
                     r" and confirm that \(H(p,q) = H(p) + D_{KL}(p\,\|\,q)\).")
            q_text = f"(H(p), D_KL(p‖q), H(p, q)) in {unit_word} for {dist_text}, and confirm H(p, q) = H(p) + D_KL(p‖q)"
            candidates = [
                ("KL direction swapped", (H, kl(q, p, unit), CE),
                 "D_KL(p‖q) averages log(p/q) under p; D_KL(q‖p) is a different number."),
                ("entropy of q", (entropy(q, unit), D, CE), "The identity uses the entropy of p, the distribution the data come from."),
            ]
        given = {"ask": ask, "unit": unit, "p": [str(v) for v in p], "q": [str(v) for v in q]}
    kind = "tuple" if ask == "identity" else "number"
    mistakes = distinct_mistakes(candidates, answer, _differs)
    say = CHECKING.statement()
    return Problem(f"Compute {q_tex} {say}", f"Compute {q_text}. {say}", answer, kind, tuple(steps), given,
                   CHECKING, mistakes)


def _differs(a, b) -> bool:
    if isinstance(a, tuple):
        return any(_differs(x, y) for x, y in zip(a, b))
    return sp.expand(a - b) != 0


def verify(given, answer) -> Evidence:
    if given["ask"] == "bce":
        preds = [float(sp.Rational(v)) for v in given["predictions"]]
        labels = given["labels"]
        expected = -sum(y * math.log(p) + (1 - y) * math.log(1 - p) for y, p in zip(labels, preds)) / len(labels)
        err = numeric.require_close(expected, float(answer), "BCE")
        return Evidence("floating point", "mean of −[y ln ŷ + (1−y) ln(1−ŷ)] with math.log", err)
    log = math.log2 if given["unit"] == "bits" else math.log
    p = [float(sp.Rational(v)) for v in given["p"]]
    H = -sum(pi * log(pi) for pi in p if pi > 0)
    if given["ask"] == "entropy":
        err = numeric.require_close(H, float(answer), "H(p)")
        return Evidence("floating point", f"−Σ p log p with math.{log.__name__}", err)
    q = [float(sp.Rational(v)) for v in given["q"]]
    CE = -sum(pi * log(qi) for pi, qi in zip(p, q) if pi > 0)
    if given["ask"] == "cross_entropy":
        err = numeric.require_close(CE, float(answer), "H(p, q)")
        return Evidence("floating point", f"−Σ p log q with math.{log.__name__}", err)
    D = sum(pi * log(pi / qi) for pi, qi in zip(p, q) if pi > 0)
    if len(answer) != 3:
        raise VerificationError("expected the triple (H, KL, CE)")
    err = max(numeric.require_close(H, float(answer[0]), "H(p)"),
              numeric.require_close(D, float(answer[1]), "D_KL(p‖q)"),
              numeric.require_close(CE, float(answer[2]), "H(p, q)"),
              numeric.require_close(H + D, CE, "identity H + KL = CE"))
    return Evidence("floating point", f"the three sums with math.{log.__name__}; H + KL = CE checked", err)


def baseline(given: dict):
    """Bare SymPy: the defining sums with sp.log, logs expanded (benchmarks/generate.py)."""
    def tidy(e):
        return sp.expand(sp.expand_log(e, force=True))

    if given["ask"] == "bce":
        ys, ps = given["labels"], [sp.Rational(v) for v in given["predictions"]]
        return tidy(-sum(y * sp.log(p) + (1 - y) * sp.log(1 - p) for y, p in zip(ys, ps)) / len(ys))
    base = sp.log(2) if given["unit"] == "bits" else 1
    p = [sp.Rational(v) for v in given["p"]]
    H = tidy(-sum(pi * sp.log(pi) for pi in p) / base)
    if given["ask"] == "entropy":
        return H
    q = [sp.Rational(v) for v in given["q"]]
    CE = tidy(-sum(pi * sp.log(qi) for pi, qi in zip(p, q)) / base)
    if given["ask"] == "cross_entropy":
        return CE
    return (H, tidy(sum(pi * sp.log(pi / qi) for pi, qi in zip(p, q)) / base), CE)


FAMILY = Family(
    name="entropy",
    version=2,
    title="Entropy and cross-entropy",
    summary="Entropy, cross-entropy and binary cross-entropy of small distributions; H(p,q) = H(p) + KL(p‖q).",
    params={
        "ask": Param("entropy", ("entropy", "cross_entropy", "bce", "identity"),
                     "entropy: H(p); cross_entropy: H(p, q); bce: mean binary cross-entropy; identity: (H, KL, CE)"),
        "level": Param(1, (1, 2, 3),
                       "1: dyadic probabilities in bits (2 BCE samples); 2: thirds to twelfths in nats (3 samples); "
                       "3: 3–5 outcomes, fifths to twentieths (4 samples)"),
    },
    levels={1: "dyadic probabilities (quarters to sixteenths) in bits, so the logs are whole; BCE of 2 samples",
            2: "thirds to twelfths in nats: logs of 2 and 3 to collect; BCE of 3 samples",
            3: "3–5 outcomes, fifths to twentieths in nats: logs of 2, 3, 5 to collect; BCE of 4 samples"},
    generate=generate,
    verify=verify,
    baseline=baseline,
)
