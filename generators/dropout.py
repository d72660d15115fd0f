"""Dropout: inverted scaling, its mean and variance, and dropout on inputs as ridge regression.

Inverted dropout with drop probability p keeps a unit with probability 1 − p and divides what it
keeps by 1 − p, so the expected activation at training time equals the activation, and the test
time network is used as is.

task=scaling: level 1, the training-time output of a layer for a given mask; level 2, the mean and
variance of the sum s of a layer's outputs, (E[s], Var[s]) = (Σaᵢ, p/(1 − p)·Σaᵢ²).
task=ridge: linear regression ŷ = Xw with inverted dropout on every input entry independently; the
expected squared loss is E‖y − (M ⊙ X)w/(1 − p)‖² = ‖y − Xw‖² + p/(1 − p)·Σⱼ wⱼ²‖X₍:,ⱼ₎‖² — a ridge
penalty weighted by each feature's energy. Level 1: one feature; level 2: two features.

Verified by exact enumeration over every mask (at most 2⁶ of them) with its probability, in plain
Python fractions — no formula from the generator is reused.
"""

from __future__ import annotations

import itertools
import random
from fractions import Fraction

import sympy as sp

from osmose import numeric
from osmose.family import (Checking, Evidence, Family, Mistake, Param, Problem, Reject, Step,
                           VerificationError)
from osmose.mathtext import tex, uni

R = sp.Rational
PS = (R(1, 2), R(1, 5), R(1, 4), R(1, 10), R(3, 10), R(2, 5), R(1, 3))
CHECK = Checking(sig_figs=3)
RULE_TEX = (r"(each unit is kept with probability \(1 - p\) and what is kept is divided by "
            r"\(1 - p\))")
RULE_TEXT = "(each unit is kept with probability 1 − p and what is kept is divided by 1 − p)"


def generate(rng: random.Random, params: dict) -> Problem:
    level, task = params["level"], params["task"]
    p = rng.choice(PS)
    keep = 1 - p
    mistakes: list = []
    if task == "scaling":
        if level == 1:
            a = [rng.randint(-4, 6) for _ in range(5)]
            m = [rng.randint(0, 1) for _ in range(5)]
            if all(m) or not any(m) or not any(x for x, k in zip(a, m) if k):
                raise Reject("a mask that keeps something and drops something")
            answer = tuple(sp.Integer(x) * k / keep for x, k in zip(a, m))
            steps = (Step("Zero the dropped units; divide the kept ones by 1 − p.",
                          rf"y_i = \frac{{m_i a_i}}{{1 - p}} = \frac{{m_i a_i}}{{{tex(keep)}}}",
                          f"yᵢ = mᵢaᵢ/(1 − p) = mᵢaᵢ/{keep}"),
                     Step("Result (at test time the layer would pass a unchanged).", rf"y = {tex(answer)}",
                          f"y = {uni(answer)}"))
            mistakes = [Mistake("no rescaling", tuple(sp.Integer(x * k) for x, k in zip(a, m)),
                                "Inverted dropout divides the kept units by 1 − p so that E[y] = a."),
                        Mistake("multiplied by 1 − p", tuple(sp.Integer(x) * k * keep for x, k in zip(a, m)),
                                "That is the test-time scaling of the original (non-inverted) dropout."),
                        Mistake("divided by p", tuple(sp.Integer(x) * k / p for x, k in zip(a, m)),
                                f"Divide by the keep probability 1 − p = {keep}, not by p = {p}.")]
            given = {"p": str(p), "a": a, "m": m}
            q_tex = (rf"A layer's activations are \(a = {tex(tuple(a))}\). During training, inverted dropout "
                     rf"{RULE_TEX} with \(p = {tex(p)}\) draws the mask \(m = {tex(tuple(m))}\) (1 = kept). Give the "
                     rf"layer's output \(y\).")
            q_text = (f"A layer's activations are a = {uni(tuple(a))}. During training, inverted dropout {RULE_TEXT} with "
                      f"p = {p} draws the mask m = {uni(tuple(m))} (1 = kept). Give the layer's output y.")
            kind = "tuple"
        else:
            a = [sp.Integer(rng.choice([v for v in range(-5, 6) if v])) for _ in range(rng.randint(2, 4))]
            energy = sum(v * v for v in a)
            answer = (sum(a), energy * p / keep)
            steps = (Step("Each yᵢ = aᵢmᵢ/(1 − p) with mᵢ ~ Bernoulli(1 − p) independent; E[yᵢ] = aᵢ.",
                          rf"E[s] = \sum_i a_i = {sum(a)}", f"E[s] = Σaᵢ = {sum(a)}"),
                     Step("Var[yᵢ] = E[yᵢ²] − aᵢ² = aᵢ²/(1 − p) − aᵢ² = aᵢ²·p/(1 − p); independent units add variances.",
                          rf"\mathrm{{Var}}[s] = \frac{{p}}{{1 - p}}\sum_i a_i^2 = \frac{{{tex(p)}}}{{{tex(keep)}}}\cdot {energy} "
                          rf"= {tex(answer[1])}",
                          f"Var[s] = p/(1 − p)·Σaᵢ² = ({p})/({keep})·{energy} = {answer[1]}"))
            mistakes = [Mistake("Bernoulli variance without the rescaling", (sum(a), energy * p * keep),
                                "yᵢ = aᵢmᵢ/(1 − p): the 1/(1 − p) factor enters the variance squared."),
                        Mistake("mean scaled by 1 − p", (sum(a) * keep, energy * p / keep),
                                "Inverted dropout is unbiased: E[yᵢ] = aᵢ."),
                        Mistake("variance of the sum as (Σa)²·p/(1 − p)", (sum(a), sum(a) ** 2 * p / keep),
                                "The masks are independent: variances add, Σaᵢ², not (Σaᵢ)².")]
            given = {"p": str(p), "a": [int(v) for v in a]}
            q_tex = (rf"Activations \(a = {tex(tuple(a))}\) go through inverted dropout {RULE_TEX} with "
                     rf"\(p = {tex(p)}\), independently per unit, giving \(y\); the next layer reads "
                     rf"\(s = \sum_i y_i\). Give \((E[s], \mathrm{{Var}}[s])\).")
            q_text = (f"Activations a = {uni(tuple(a))} go through inverted dropout {RULE_TEXT} with p = {p}, independently "
                      f"per unit, giving y; the next layer reads s = Σᵢ yᵢ. Give (E[s], Var[s]).")
            kind = "tuple"
    else:
        d = 1 if level == 1 else 2
        n = 3
        X = [[rng.randint(-3, 3) for _ in range(d)] for _ in range(n)]
        if any(all(X[i][j] == 0 for i in range(n)) for j in range(d)):
            raise Reject("a zero feature column")
        w = [sp.Integer(rng.choice([v for v in range(-3, 4) if v])) for _ in range(d)]
        y = [rng.randint(-4, 4) for _ in range(n)]
        fit = sum((y[i] - sum(X[i][j] * w[j] for j in range(d))) ** 2 for i in range(n))
        energy = [sum(X[i][j] ** 2 for i in range(n)) for j in range(d)]
        pen = p / keep * sum(w[j] ** 2 * energy[j] for j in range(d))
        answer = fit + pen
        terms_tex = " + ".join(rf"{w[j] ** 2}\cdot {energy[j]}" for j in range(d))
        terms_text = " + ".join(f"{w[j] ** 2}·{energy[j]}" for j in range(d))
        steps = (Step("The mask is unbiased, so the expected prediction is Xw; the loss splits into the squared error "
                      "of the mean plus the variance of the dropped-out prediction.",
                      rf"E\lVert y - \tilde X w\rVert^2 = \lVert y - Xw\rVert^2 + \frac{{p}}{{1-p}}\sum_j w_j^2 "
                      rf"\lVert X_{{:,j}}\rVert^2", "E‖y − X̃w‖² = ‖y − Xw‖² + p/(1 − p)·Σⱼ wⱼ²‖X₍:,ⱼ₎‖²"),
                 Step("Evaluate both parts.",
                      rf"\lVert y - Xw\rVert^2 = {fit},\quad \frac{{{tex(p)}}}{{{tex(keep)}}}\cdot "
                      rf"({terms_tex}) = {tex(pen)}",
                      f"‖y − Xw‖² = {fit}, ({p})/({keep})·({terms_text}) = {pen}"),
                 Step("Add: dropout on the inputs acts as a ridge penalty, heavier on high-energy features.",
                      rf"{tex(answer)}", uni(answer)))
        mistakes = [Mistake("penalty forgotten", sp.Integer(fit), "The random mask adds variance: the ridge-like term."),
                    Mistake("penalty with p(1 − p)", fit + p * keep * sum(w[j] ** 2 * energy[j] for j in range(d)),
                            "With inverted scaling the variance of mᵢ/(1 − p) is p/(1 − p).")]
        if d == 2 and energy[0] != energy[1]:
            mistakes.append(Mistake("plain ridge λ‖w‖²", fit + p / keep * sum(w[j] ** 2 for j in range(d)),
                                    "Each wⱼ² is weighted by its feature's energy ‖X₍:,ⱼ₎‖²."))
        given = {"p": str(p), "X": X, "w": [int(v) for v in w], "y": y}
        Xm = sp.Matrix(X)
        q_tex = (rf"Linear regression \(\hat y = Xw\) is trained with inverted dropout {RULE_TEX} applied to every entry "
                 rf"of \(X\) independently, \(p = {tex(p)}\); call the dropped-out matrix \(\tilde X\). For "
                 rf"\(X = {tex(Xm)}\), \(w = {tex(tuple(w))}\), \(y = {tex(tuple(y))}\), give the expected loss "
                 rf"\(E\lVert y - \tilde X w\rVert^2\) over the masks.")
        q_text = (f"Linear regression ŷ = Xw is trained with inverted dropout {RULE_TEXT} applied to every entry of X "
                  f"independently, p = {p}; call the dropped-out matrix X̃. For X = {uni(Xm)}, w = {uni(tuple(w))}, "
                  f"y = {uni(tuple(y))}, give the expected loss E‖y − X̃w‖² over the masks.")
        kind = "number"
    say = CHECK.statement()
    mistakes = [m for m in mistakes if not _same(m.answer, answer)]
    return Problem(prompt_tex=f"{q_tex} {say}", prompt_text=f"{q_text} {say}", answer=answer, kind=kind,
                   solution=tuple(steps), given={**given, "task": task}, checking=CHECK, mistakes=tuple(mistakes))


def _same(a, b) -> bool:
    if isinstance(a, tuple):
        return all(_same(x, y) for x, y in zip(a, b))
    return sp.nsimplify(a) == sp.nsimplify(b)


def verify(given: dict, answer) -> Evidence:
    p = Fraction(given["p"])
    keep = 1 - p
    got = answer if isinstance(answer, tuple) else (answer,)
    if given["task"] == "scaling":
        if "m" in given:
            exp = [Fraction(a) * m / keep for a, m in zip(given["a"], given["m"])]
            how = "the mask applied and divided by 1 − p"
        else:
            a = [Fraction(v) for v in given["a"]]
            dist = {}
            for mask in itertools.product((0, 1), repeat=len(a)):     # every mask, its probability
                prob = Fraction(1)
                for bit in mask:
                    prob *= keep if bit else p
                total = sum(v * bit / keep for v, bit in zip(a, mask))
                dist[total] = dist.get(total, 0) + prob
            mean = sum(pr * v for v, pr in dist.items())
            exp = [mean, sum(pr * (v - mean) ** 2 for v, pr in dist.items())]
            how = f"all {2 ** len(a)} masks enumerated with their probabilities"
    else:
        X, w, y = given["X"], given["w"], given["y"]
        n, d = len(X), len(X[0])
        pf, kf = float(p), float(keep)
        total = 0.0
        for mask in itertools.product((0, 1), repeat=n * d):
            kept = sum(mask)
            prob = kf**kept * pf ** (n * d - kept)
            loss = sum((y[i] - sum(X[i][j] * mask[i * d + j] / kf * w[j] for j in range(d))) ** 2 for i in range(n))
            total += prob * loss
        exp, how = [total], f"all {2 ** (n * d)} masks enumerated with their probabilities"
    if len(got) != len(exp):
        raise VerificationError("wrong number of values")
    err = max(numeric.require_close(float(a), float(e), "value", rel=1e-9, floor=1e-12) for a, e in zip(got, exp))
    return Evidence("exact enumeration", how, err)


FAMILY = Family(
    name="dropout", version=1, title="Dropout: scaling, moments, and the ridge identity",
    summary="Inverted dropout's output for a mask, its mean and variance, and input dropout as a ridge penalty.",
    params={
        "level": Param(1, (1, 2), "1: a layer's output for a mask / one-feature regression; "
                                  "2: mean and variance of a sum / two-feature regression"),
        "task": Param("scaling", ("scaling", "ridge"), "scaling: inverted dropout; ridge: expected regression loss"),
    },
    levels={1: "apply a mask with the 1/(1 − p) scaling; the ridge identity with one feature",
            2: "the mean and variance of a sum of dropped-out units; the identity with two features (energy-weighted penalty)"},
    generate=generate, verify=verify,
)
