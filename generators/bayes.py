"""Bayes' rule on three classics: a diagnostic test, the dice problem, Monty Hall.

Answers are exact rationals computed with Bayes' rule (prior × likelihood,
normalised by the evidence) in Python ``Fraction``s. Verification takes the
other two roads, both from ``given`` only:

* exact enumeration of the joint outcomes (disease status × test results,
  die × faces of every roll, car door × door the host opens), keeping the ones
  consistent with what was observed — in Fractions, so it must agree exactly;
* a seeded simulation (numpy ``Generator`` seeded from a hash of ``given``)
  whose estimate must lie within 5 standard errors of the answer. The number of
  draws grows when the evidence is rare, so about 1 500 draws match it. Dice
  draws are matched on the maximum roll, which carries the same posterior as
  the exact rolls (see ``_simulate_dice``).
"""

from __future__ import annotations

import hashlib
import itertools
import json
import math
from fractions import Fraction as F

import numpy as np
import sympy as sp

from osmose.family import (Checking, Evidence, Family, Mistake, Param, Problem, Reject, Step,
                           VerificationError)

PROBLEMS = ("diagnostic", "dice", "monty")
#: exact posteriors: a fraction, or a decimal to 3 significant figures
CHECKING = Checking(precision="exact-or-decimal", sig_figs=3)
DICE = (4, 6, 8, 12, 20)
SIGMAS = 5
MIN_DRAWS, MAX_DRAWS, TARGET_MATCHES = 20_000, 300_000, 1_500

# --- writing numbers ---------------------------------------------------------------------------


def pct(x: F) -> str:
    """A probability as a percentage for prose: 1%, 0.5%."""
    v = x * 100
    return f"{v.numerator}%" if v.denominator == 1 else f"{float(v):g}%"


def dec(x: F) -> str:
    """A terminating decimal (0.99) when short, else the fraction (TeX)."""
    d = x.denominator
    while d % 2 == 0:
        d //= 2
    while d % 5 == 0:
        d //= 5
    if d == 1:
        s = f"{float(x):.8f}".rstrip("0").rstrip(".")
        if F(s) == x:
            return s
    return rf"\frac{{{x.numerator}}}{{{x.denominator}}}" if x.denominator != 1 else str(x.numerator)


def dtext(x: F) -> str:
    """Unicode counterpart of ``dec``."""
    t = dec(x)
    return str(x) if t.startswith(r"\frac") else t


def approx(x: F) -> str:
    return f"{float(x):.4f}"


def rational(x: F) -> sp.Rational:
    return sp.Rational(x.numerator, x.denominator)


def _mistakes(candidates, answer) -> tuple[Mistake, ...]:
    """Mistakes that differ from the answer and from each other (first one wins)."""
    kept: list[Mistake] = []
    seen = {answer}
    for name, wrong, feedback in candidates:
        if wrong in seen:
            continue
        seen.add(wrong)
        kept.append(Mistake(name, rational(wrong) if isinstance(wrong, F) else wrong, feedback))
    return tuple(kept)


def posterior(prevalence: F, sensitivity: F, false_positive_rate: F) -> F:
    """P(disease | positive) by Bayes' rule (the classic one-test case)."""
    hit = sensitivity * prevalence
    return hit / (hit + false_positive_rate * (1 - prevalence))


# --- diagnostic test ----------------------------------------------------------------------------

PREVALENCE = {1: (1, 2, 3, 4, 5, 10, 15, 20, 25), 2: (1, 2, 5, 10, 20, 30), 3: (1, 2, 3, 5, 10, 20, 25)}
SENSITIVITY = {1: (75, 80, 85, 90, 95, 98, 99), 2: (70, 80, 90, 95, 99), 3: (80, 85, 90, 95, 99)}
FALSE_POS = {1: (1, 2, 3, 4, 5, 8, 10), 2: (1, 2, 5, 10, 20), 3: (2, 4, 5, 10, 15, 20)}


def _likelihoods(results, sens: F, fpr: F) -> tuple[F, F]:
    """P(results | disease), P(results | healthy) for conditionally independent tests."""
    ld, lh = F(1), F(1)
    for r in results:
        ld *= sens if r == "+" else 1 - sens
        lh *= fpr if r == "+" else 1 - fpr
    return ld, lh


def _population(prev: F, ld: F, lh: F) -> int | None:
    """Smallest power of ten ≤ 10⁶ in which every count of the natural-frequency table is whole."""
    for k in range(2, 7):
        n = 10 ** k
        counts = (n * prev, n * prev * ld, n * (1 - prev), n * (1 - prev) * lh)
        if all(c.denominator == 1 for c in counts):
            return n
    return None


def _results_words(results) -> str:
    words = {"+": "positive", "-": "negative"}
    if len(results) == 1:
        return words[results[0]]
    return ", then ".join(words[r] for r in results)


def diagnostic(rng, level: int) -> Problem:
    prev = F(rng.choice(PREVALENCE[level]), 100)
    sens = F(rng.choice(SENSITIVITY[level]), 100)
    fpr = F(rng.choice(FALSE_POS[level]), 100)
    if level == 1:
        results = ("+",)
    elif level == 2:
        results = (rng.choice("+-"),)
    else:
        results = rng.choice((("+", "+"), ("+", "-"), ("-", "+")))
    ld, lh = _likelihoods(results, sens, fpr)
    if ld == lh:
        raise Reject("uninformative results: the posterior would equal the prior")
    answer = ld * prev / (ld * prev + lh * (1 - prev))
    if not F(1, 10_000) <= answer <= F(9_999, 10_000):
        raise Reject("posterior too close to 0 or 1 to be interesting")
    spec = 1 - fpr
    stated = "specificity" if level == 2 else "false_positive_rate"
    words = _results_words(results)
    say = CHECKING.statement()

    if stated == "specificity":
        test_desc = (f"The test detects the disease in {pct(sens)} of people who have it (sensitivity) "
                     f"and correctly gives a negative result in {pct(spec)} of people who do not (specificity).")
    else:
        test_desc = (f"The test detects the disease in {pct(sens)} of people who have it (sensitivity) "
                     f"and gives a positive result in {pct(fpr)} of people who do not (false-positive rate).")
    if len(results) == 2:
        test_desc += (" The test is done twice; given the person's disease status, the two results "
                      "are independent.")
    E_tex = ",".join(r for r in results)
    E_text = ",".join(r for r in results)
    ask_tex = rf"\(P(D \mid {E_tex})\)"
    prompt_tex = (f"A disease affects {pct(prev)} of a population. {test_desc} A randomly chosen person "
                  f"tests {words}. What is the probability {ask_tex} that they have the disease? "
                  f"{say}")
    prompt_text = (f"A disease affects {pct(prev)} of a population. {test_desc} A randomly chosen person "
                   f"tests {words}. What is P(D | {E_text}), the probability that they have the disease? "
                   f"{say}")

    def lik_tex(r_d: bool) -> tuple[str, str]:
        parts = []
        for r in results:
            if r_d:
                parts.append(sens if r == "+" else 1 - sens)
            else:
                parts.append(fpr if r == "+" else 1 - fpr)
        return (r" \cdot ".join(dec(x) for x in parts), " · ".join(dtext(x) for x in parts))

    ld_tex, ld_text = lik_tex(True)
    lh_tex, lh_text = lik_tex(False)
    if len(results) == 1:  # no product to show
        ld_tex = ld_text = lh_tex = lh_text = ""
    else:
        ld_tex, lh_tex, ld_text, lh_text = ld_tex + " = ", lh_tex + " = ", ld_text + " = ", lh_text + " = "
    steps = [
        Step("Bayes' rule, with the evidence expanded by the law of total probability.",
             rf"P(D \mid {E_tex}) = \frac{{P({E_tex} \mid D)\,P(D)}}{{P({E_tex} \mid D)\,P(D) + "
             rf"P({E_tex} \mid \neg D)\,P(\neg D)}}",
             f"P(D | {E_text}) = P({E_text} | D)·P(D) / [P({E_text} | D)·P(D) + P({E_text} | ¬D)·P(¬D)]"),
    ]
    lik_say = "Likelihoods of the observed result"
    if stated == "specificity" and results == ("+",):
        lik_say += f": a healthy person tests positive with probability 1 − specificity = {dtext(fpr)}"
    elif stated == "specificity":
        lik_say += (f": an ill person tests negative with probability 1 − sensitivity = {dtext(1 - sens)}, "
                    f"a healthy one with the specificity {dtext(spec)}")
    if len(results) == 2:
        lik_say += "; independent results multiply"
    steps.append(Step(lik_say + ".",
                      rf"P({E_tex} \mid D) = {ld_tex}{dec(ld)}, \quad P({E_tex} \mid \neg D) = {lh_tex}{dec(lh)}",
                      f"P({E_text} | D) = {ld_text}{dtext(ld)},  P({E_text} | ¬D) = {lh_text}{dtext(lh)}"))
    steps.append(Step("Put in the prior P(D) and P(¬D) = 1 − P(D).",
                      rf"P(D \mid {E_tex}) = \frac{{{dec(ld)} \cdot {dec(prev)}}}{{{dec(ld)} \cdot {dec(prev)} + "
                      rf"{dec(lh)} \cdot {dec(1 - prev)}}} = {_ftex(answer)} \approx {approx(answer)}",
                      f"P(D | {E_text}) = {dtext(ld)}·{dtext(prev)} / ({dtext(ld)}·{dtext(prev)} + "
                      f"{dtext(lh)}·{dtext(1 - prev)}) = {answer} ≈ {approx(answer)}"))
    n = _population(prev, ld, lh)
    if n is not None:
        sick, healthy = int(n * prev), int(n * (1 - prev))
        a, b = int(n * prev * ld), int(n * (1 - prev) * lh)
        steps.append(Step(f"Check with natural frequencies: of {n:,} people, {sick:,} are ill and {a:,} of them "
                          f"show this result; of the {healthy:,} healthy ones, {b:,} show it too.",
                          rf"\frac{{{a}}}{{{a} + {b}}} = {_ftex(answer)}", f"{a}/({a} + {b}) = {answer}"))
    if results == ("+",) and prev <= F(1, 10):
        steps.append(Step("The prior is small, so even a good test leaves many false positives among the "
                          "positives: ignoring the base rate would overestimate the posterior."))

    # typical wrong answers
    candidates = [
        ("base-rate neglect", ld,
         f"{dtext(ld)} is P({E_text} | D), the chance of this result given the disease; P(D | {E_text}) must "
         f"also weigh the base rate: only {pct(prev)} of people have the disease."),
        ("assumed a 50/50 prior", ld / (ld + lh),
         f"That treats ill and healthy as equally likely beforehand; weigh each by its prior ({pct(prev)} ill)."),
        ("healthy people not weighted by the prior", ld * prev / (ld * prev + lh),
         "The healthy people who show this result come from the healthy majority: "
         "multiply their rate by P(¬D) = 1 − prevalence."),
        ("forgot the healthy people", F(1),
         "Healthy people can show this result too (false positives); their share belongs in the denominator."),
        ("answered the prior", prev, "The test result is evidence: the posterior moves away from the prevalence."),
    ]
    if results == ("+",):
        candidates.insert(2, ("answered 1 − false-positive rate", 1 - fpr,
                              f"{dtext(1 - fpr)} is the chance that a healthy person tests negative, "
                              "not the chance that a positive person is ill."))
    if stated == "specificity":
        wrong_lh = _likelihoods(results, sens, spec)[1]
        candidates.insert(2, ("used the specificity as false-positive rate",
                              ld * prev / (ld * prev + wrong_lh * (1 - prev)),
                              _specificity_feedback(results, spec, fpr)))
    if len(results) == 2:
        one = _likelihoods(results[:1], sens, fpr)
        candidates.insert(1, ("used only the first test", one[0] * prev / (one[0] * prev + one[1] * (1 - prev)),
                              "Both results are evidence: multiply their likelihoods (or update twice)."))
    given = {"problem": "diagnostic", "prevalence": str(prev), "sensitivity": str(sens),
             stated: str(spec if stated == "specificity" else fpr), "results": list(results)}
    return Problem(prompt_tex, prompt_text, rational(answer), "number", tuple(steps), given,
                   CHECKING, _mistakes(candidates, answer))


def _specificity_feedback(results, spec: F, fpr: F) -> str:
    """What went wrong when the specificity was used as P(+ | ¬D), for the results observed."""
    if results == ("+",):
        return (f"Specificity is P(− | ¬D), the chance that a healthy person tests negative; "
                f"a healthy person tests positive with P(+ | ¬D) = 1 − {dtext(spec)} = {dtext(fpr)}.")
    return (f"Specificity is P(− | ¬D) itself: a healthy person tests negative with probability "
            f"{dtext(spec)}, not 1 − {dtext(spec)} = {dtext(fpr)}.")


def _ftex(x: F) -> str:
    if x.denominator == 1:
        return str(x.numerator)
    return rf"\frac{{{x.numerator}}}{{{x.denominator}}}"


# --- the dice problem -------------------------------------------------------------------------

#: level -> number of rolls
ROLLS = {1: (1, 2), 2: (3,), 3: (2, 3, 4)}


def dice_posterior(prior: dict[int, F], rolls) -> dict[int, F]:
    """P(die | rolls) ∝ prior × (1/n)^k when every roll ≤ n, else 0."""
    top, k = max(rolls), len(rolls)
    joint = {n: (p / F(n) ** k if n >= top else F(0)) for n, p in prior.items()}
    total = sum(joint.values())
    return {n: j / total for n, j in joint.items()}


def _max_probability(prior: dict[int, F], rolls) -> F:
    """P(k rolls have the observed maximum M): sizes the simulation."""
    top, k = max(rolls), len(rolls)
    return sum(p * F(top ** k - (top - 1) ** k, n ** k) for n, p in prior.items() if n >= top)


def dice(rng, level: int) -> Problem:
    if level == 3:
        counts = {n: rng.randint(0, 3) for n in DICE}
        if sum(1 for c in counts.values() if c) < 3:
            raise Reject("the box should hold at least three kinds of dice")
    else:
        counts = {n: 1 for n in DICE}
    total = sum(counts.values())
    prior = {n: F(c, total) for n, c in counts.items() if c}
    k = rng.choice(ROLLS[level])
    true_die = rng.choices(sorted(prior), weights=[counts[n] for n in sorted(prior)])[0]
    rolls = tuple(rng.randint(1, true_die) for _ in range(k))
    post = dice_posterior(prior, rolls)
    feasible = [n for n in sorted(prior) if post[n] > 0]
    if len(feasible) < 2:
        raise Reject("only one die can produce these rolls")
    ask_choice = level == 3 and rng.random() < 0.5
    top = max(post.values())
    if ask_choice and sum(1 for v in post.values() if v == top) > 1:
        raise Reject("tie for the most probable die")
    target = rng.choice(feasible)

    if level == 3:
        box = ", ".join(f"{counts[n]} × d{n}" for n in DICE if counts[n])
        box_desc = f"A box holds {box} ({total} fair dice; a dN has faces 1 … N)."
    else:
        box_desc = "A box holds one each of a d4, d6, d8, d12 and d20 (fair dice; a dN has faces 1 … N)."
    roll_words = ", ".join(str(r) for r in rolls)
    times = "once" if k == 1 else ("twice" if k == 2 else f"{k} times")
    setup = f"{box_desc} You draw one die at random without looking and roll it {times}: {roll_words}."
    if ask_choice:
        checking = Checking(choices=tuple(f"d{n}" for n in sorted(prior)))
        question = f"Which type of die did you most probably draw? {checking.statement()}"
        prompt_tex = prompt_text = f"{setup} {question}"
    else:
        checking = CHECKING
        # at level 3 the box may hold several dice of a type: ask about the type, "a d4"
        article = f"a d{target}" if level == 3 else f"the d{target}"
        prompt_tex = (f"{setup} What is the probability \\(P(\\text{{d{target}}} \\mid \\text{{rolls}})\\) "
                      f"that the die you drew is {article}? {checking.statement()}")
        prompt_text = f"{setup} What is the probability that the die you drew is {article}? {checking.statement()}"

    like = {n: (F(1, n) ** k if n >= max(rolls) else F(0)) for n in sorted(prior)}
    joint = {n: prior[n] * like[n] for n in sorted(prior)}
    evidence = sum(joint.values())
    steps = [
        Step("Prior: the share of each die in the box.",
             r",\ ".join(rf"P(\text{{d{n}}}) = {_ftex(prior[n])}" for n in sorted(prior)),
             ", ".join(f"P(d{n}) = {prior[n]}" for n in sorted(prior))),
        Step(f"Likelihood of the rolls: (1/N)^{k} for a dN with N ≥ {max(rolls)} (the largest roll), "
             "0 for smaller dice, which cannot show it.",
             r",\ ".join(rf"P(\text{{rolls}} \mid \text{{d{n}}}) = {_ftex(like[n])}" for n in sorted(prior)),
             ", ".join(f"P(rolls | d{n}) = {like[n]}" for n in sorted(prior))),
        Step("Posterior ∝ prior × likelihood; divide by the evidence, their sum.",
             rf"P(\text{{rolls}}) = \sum_N P(\text{{dN}})\,P(\text{{rolls}} \mid \text{{dN}}) = {_ftex(evidence)}",
             f"P(rolls) = Σ P(dN)·P(rolls | dN) = {evidence}"),
        Step("Posteriors.",
             r",\ ".join(rf"P(\text{{d{n}}} \mid \text{{rolls}}) = {_ftex(post[n])}" for n in feasible),
             ", ".join(f"P(d{n} | rolls) = {post[n]} ≈ {approx(post[n])}" for n in feasible)),
    ]
    uniform = dice_posterior({n: F(1, len(prior)) for n in prior}, rolls)
    if ask_choice:
        best = max(sorted(post), key=lambda n: post[n])
        answer = f"d{best}"
        steps.append(Step(f"The most probable die is the d{best}, with posterior {post[best]} ≈ {approx(post[best])}."))
        alt_prior = max(sorted(prior), key=lambda n: prior[n])
        alt_uniform = max(sorted(uniform), key=lambda n: uniform[n])
        alt_all = max(sorted(prior), key=lambda n: prior[n] / F(n) ** k)
        candidates = [
            ("forgot the prior", f"d{alt_uniform}",
             "The dice are not equally common in the box: multiply each likelihood by its die's share."),
            ("ignored the rolls", f"d{alt_prior}", "The most common die is the prior's favourite; the rolls are evidence too."),
            ("ignored impossible dice", f"d{alt_all}",
             f"A die with fewer than {max(rolls)} faces cannot show {max(rolls)}: its likelihood is 0."),
        ]
        mistakes = _mistakes(candidates, answer)
        if not mistakes:
            raise Reject("the prior's favourite is also the answer: nothing to think about")
        return Problem(prompt_tex, prompt_text, answer, "choice", tuple(steps),
                       _dice_given(prior, rolls, "most probable"),
                       checking, mistakes)

    answer = post[target]
    steps.append(Step(f"So P(d{target} | rolls) = {answer} ≈ {approx(answer)}."))
    all_dice = sum(prior[n] / F(n) ** k for n in prior)
    candidates = [
        ("ignored impossible dice", prior[target] / F(target) ** k / all_dice,
         f"Dice with fewer than {max(rolls)} faces cannot show {max(rolls)}: their likelihood is 0."),
        ("likelihood, not posterior", like[target],
         f"(1/{target})^{k} is P(rolls | d{target}); Bayes' rule turns it into P(d{target} | rolls)."),
    ]
    if k > 1:
        once = {n: prior[n] / n for n in prior if n >= max(rolls)}
        candidates.append(("counted one roll", once[target] / sum(once.values()),
                           f"The {k} rolls are independent: the likelihood is (1/N)^{k}, not 1/N."))
    if level == 3:
        candidates.append(("forgot the prior", uniform[target],
                           "The dice are not equally common in the box: use their shares as the prior."))
    return Problem(prompt_tex, prompt_text, rational(answer), "number", tuple(steps),
                   _dice_given(prior, rolls, str(target)), checking,
                   _mistakes(candidates, answer))


def _dice_given(prior, rolls, ask) -> dict:
    return {"problem": "dice", "dice": sorted(prior), "prior": [str(prior[n]) for n in sorted(prior)],
            "rolls": list(rolls), "ask": ask}


# --- Monty Hall ---------------------------------------------------------------------------------

MONTY_LEVEL_1_DOORS = (3, 4, 5, 6, 7, 8)
BIAS = tuple(F(a, b) for a, b in ((1, 4), (1, 3), (1, 2), (2, 3), (3, 4), (1, 5), (2, 5), (3, 5), (4, 5), (1, 1)))


def host_probability(n: int, car: int, picked: int, host: str, bias: dict | None, door: int) -> F:
    """P(host opens ``door`` | car position) for the host's rule."""
    others = [d for d in range(1, n + 1) if d != picked]
    if door not in others:
        return F(0)
    if host == "random":
        return F(1, len(others))
    allowed = [d for d in others if d != car]
    if door not in allowed:
        return F(0)
    if bias is not None and len(allowed) == 2:
        q = bias["q"]
        return q if door == bias["door"] else 1 - q
    return F(1, len(allowed))


def monty_posterior(n, prior, picked, host, bias, opened) -> dict[int, F]:
    """P(car = c | host opened ``opened`` and it showed a goat) by Bayes' rule."""
    joint = {c: prior[c - 1] * host_probability(n, c, picked, host, bias, opened)
             for c in range(1, n + 1) if c != opened}
    total = sum(joint.values())
    return {c: j / total for c, j in joint.items()}


def monty(rng, level: int) -> Problem:
    picked, bias = 1, None
    if level == 1:
        # any door may be picked, 3–8 doors: a class of 200 gets ≥ 150 different games
        n, host = rng.choice(MONTY_LEVEL_1_DOORS), "knows"
        prior = (F(1, n),) * n
        picked = rng.randint(1, n)
    elif level == 2:
        n, host = 3, "knows"
        prior = (F(1, 3),) * 3
        picked = rng.randint(1, 3)
        bias = {"door": rng.choice([d for d in (1, 2, 3) if d != picked]), "q": rng.choice(BIAS)}
    else:
        n, host = rng.choice((3, 4)), rng.choice(("knows", "random"))
        d = rng.choice((4, 5, 6, 8, 10))
        cuts = sorted(rng.sample(range(1, d), n - 1))
        prior = tuple(F(b - a, d) for a, b in zip([0] + cuts, cuts + [d]))
        if len(set(prior)) == 1:
            raise Reject("use the uniform prior at level 1")
    opened = rng.choice([d for d in range(1, n + 1) if d != picked])
    closed = [c for c in range(1, n + 1) if c != opened]
    ask = rng.choice(closed)
    post = monty_posterior(n, prior, picked, host, bias, opened)
    answer = post[ask]
    if answer in (0, 1):
        raise Reject("certain outcome")

    uniform = len(set(prior)) == 1
    place = ("uniformly at random" if uniform else
             "with probabilities " + ", ".join(f"{prior[d - 1]} (door {d})" for d in range(1, n + 1)))
    setup = f"A car is hidden behind one of {n} doors, {place}; goats are behind the others. You pick door {picked}."
    if host == "knows":
        rule = ("The host, who knows where the car is, then opens one of the other doors that hides a goat, "
                "choosing at random among those he may open")
        if bias is not None:
            other = 6 - picked - bias["door"]
            rule = (f"The host, who knows where the car is, then opens door {other} or door {bias['door']}, "
                    f"whichever hides a goat; when both do (the car is behind door {picked}), he opens door "
                    f"{bias['door']} with probability {bias['q']}")
        happened = f"He opens door {opened}."
    else:
        rule = ("The host does not know where the car is: he opens one of the other doors uniformly at random")
        happened = f"He opens door {opened}, and it happens to reveal a goat."
    question = (f"What is the probability that the car is behind door {ask}"
                + (" (the door you picked)?" if ask == picked else "?"))
    prompt = f"{setup} {rule}. {happened} {question} {CHECKING.statement()}"

    joint = {c: prior[c - 1] * host_probability(n, c, picked, host, bias, opened) for c in closed}
    evidence = sum(joint.values())
    steps = [
        Step(f"Hypotheses: the car is behind one of the closed doors {', '.join(map(str, closed))}; "
             f"the prior is {', '.join(str(prior[c - 1]) for c in closed)}."),
        Step(f"Likelihood of the observation (host opens door {opened}"
             + (" and shows a goat" if host == "random" else "") + ") under each hypothesis.",
             r",\ ".join(rf"P(\text{{opens {opened}}} \mid C={c}) = {_ftex(host_probability(n, c, picked, host, bias, opened))}"
                         for c in closed),
             ", ".join(f"P(opens {opened} | car {c}) = {host_probability(n, c, picked, host, bias, opened)}"
                       for c in closed)),
        Step("Posterior ∝ prior × likelihood, divided by the evidence (their sum).",
             rf"P(\text{{opens {opened}}}) = {_ftex(evidence)},\quad P(C={ask} \mid \text{{opens {opened}}}) = "
             rf"\frac{{{_ftex(joint[ask])}}}{{{_ftex(evidence)}}} = {_ftex(answer)}",
             f"P(opens {opened}) = {evidence},  P(car {ask} | opens {opened}) = ({joint[ask]})/({evidence}) = {answer}"),
        Step("All posteriors: " + ", ".join(f"door {c}: {post[c]}" for c in closed) + "."),
    ]
    if host == "random":
        steps.append(Step("An ignorant host's goat carries no hint about the other doors: the posteriors "
                          "are the priors renormalised over the closed doors."))
    elif ask != picked:
        steps.append(Step("The knowing host never opens the car's door, so a door he avoided gains probability."))

    closed_prior = sum(prior[c - 1] for c in closed)
    knows = monty_posterior(n, prior, picked, "knows", None, opened)
    candidates = []
    if host == "knows":
        candidates.append(("closed doors equally likely", F(1, len(closed)),
                           f"With {len(closed)} doors still closed it is tempting to give each 1/{len(closed)}; "
                           "but the knowing host's choice is evidence: he could not open the car's door."))
        if not uniform:
            candidates.append(("prior renormalised over the closed doors", prior[ask - 1] / closed_prior,
                               "Renormalising the prior over the closed doors ignores the host's rule: "
                               "he could not open the car's door, so weigh each door by how likely "
                               f"he was to open door {opened} if the car were there."))
    else:
        candidates.append(("treated the host as knowing", knows[ask],
                           "This host opened a door at random; a goat behind it is luck, not a hint."))
    if bias is not None:
        candidates.append(("ignored the host's bias", knows[ask],
                           f"When he has a choice the host opens door {bias['door']} with probability {bias['q']}, not 1/2."))
    candidates.append(("answered the prior", prior[ask - 1],
                       "Opening a door is evidence; update the prior with the likelihood of what the host did."))
    if ask != picked and n > 3:
        candidates.append(("switch door takes all the rest", 1 - post[picked],
                           f"The remaining probability is shared by the {n - 2} other closed doors."))
    given = {"problem": "monty", "doors": n, "prior": [str(p) for p in prior], "picked": picked,
             "host": host, "bias": None if bias is None else {"door": bias["door"], "q": str(bias["q"])},
             "opened": opened, "ask": ask}
    return Problem(prompt, prompt, rational(answer), "number", tuple(steps), given,
                   CHECKING, _mistakes(candidates, answer))


# --- the family ---------------------------------------------------------------------------------

def generate(rng, params) -> Problem:
    return {"diagnostic": diagnostic, "dice": dice, "monty": monty}[params["problem"]](rng, params["level"])


def _rng_for(given: dict) -> np.random.Generator:
    digest = hashlib.sha256(json.dumps(given, sort_keys=True).encode()).digest()
    return np.random.default_rng(int.from_bytes(digest[:8], "little"))


def _draws(p_evidence: F) -> int:
    return int(min(MAX_DRAWS, max(MIN_DRAWS, math.ceil(TARGET_MATCHES / float(p_evidence)))))


def _as_fraction(answer) -> F:
    if isinstance(answer, sp.Rational):
        return F(int(answer.p), int(answer.q))
    if isinstance(answer, (F, int)):
        return F(answer)
    raise VerificationError(f"expected an exact rational, got {answer!r}")


def _within(hits: int, matches: int, exact: F, what: str) -> float:
    """The simulated frequency lies within SIGMAS standard errors (+1/m) of the exact value."""
    if matches == 0:
        raise VerificationError(f"{what}: the simulation never produced the evidence")
    p = float(exact)
    estimate = hits / matches
    se = math.sqrt(p * (1 - p) / matches)
    if abs(estimate - p) > SIGMAS * se + 1 / matches:
        raise VerificationError(f"{what}: simulated {estimate:.4f} from {matches} matches is more than "
                                f"{SIGMAS} standard errors from {p:.4f}")
    return abs(estimate - p) / se if se else 0.0


# enumeration ----------------------------------------------------------------------------------

def _enumerate_diagnostic(given) -> tuple[F, F]:
    """(P(D and E), P(E)) by listing every (status, result sequence) outcome."""
    prev, sens = F(given["prevalence"]), F(given["sensitivity"])
    fpr = 1 - F(given["specificity"]) if "specificity" in given else F(given["false_positive_rate"])
    observed = tuple(given["results"])
    both = evidence = F(0)
    for ill in (True, False):
        p_status = prev if ill else 1 - prev
        p_pos = sens if ill else fpr
        for seq in itertools.product("+-", repeat=len(observed)):
            p = p_status
            for r in seq:
                p *= p_pos if r == "+" else 1 - p_pos
            if seq == observed:
                evidence += p
                if ill:
                    both += p
    return both, evidence


def _enumerate_dice(given) -> dict[int, F]:
    """P(die and rolls) for every die, roll by roll over every face."""
    rolls = given["rolls"]
    out = {}
    for n, p in zip(given["dice"], given["prior"]):
        joint = F(p)
        for r in rolls:
            joint *= F(sum(1 for face in range(1, n + 1) if face == r), n)
        out[n] = joint
    return out


def _enumerate_monty(given) -> dict[int, F]:
    """P(car = c and the host opens the given door showing a goat), listing the host's options."""
    n, picked, opened = given["doors"], given["picked"], given["opened"]
    bias = given["bias"]
    out = {}
    for car, p_car in zip(range(1, n + 1), given["prior"]):
        options = [d for d in range(1, n + 1) if d != picked and (given["host"] == "random" or d != car)]
        weights = {d: F(1, len(options)) for d in options}
        if bias is not None and given["host"] == "knows" and len(options) == 2:
            q = F(bias["q"])
            weights = {d: (q if d == bias["door"] else 1 - q) for d in options}
        total = F(0)
        for d in options:
            if d == opened and d != car:  # what was seen: this door, and a goat behind it
                total += weights[d]
        out[car] = F(p_car) * total
    return out


# simulation -----------------------------------------------------------------------------------

def _simulate_diagnostic(given, draws: int) -> tuple[int, int]:
    g = _rng_for(given)
    prev, sens = float(F(given["prevalence"])), float(F(given["sensitivity"]))
    fpr = 1 - float(F(given["specificity"])) if "specificity" in given else float(F(given["false_positive_rate"]))
    ill = g.random(draws) < prev
    match = np.ones(draws, dtype=bool)
    for r in given["results"]:
        positive = g.random(draws) < np.where(ill, sens, fpr)
        match &= positive == (r == "+")
    return int((ill & match).sum()), int(match.sum())


def _simulate_dice(given, draws: int) -> np.ndarray:
    """Die index of every simulated draw whose k rolls have the observed maximum M.

    Any one sequence of k rolls with maximum M has probability N^−k under a dN with
    N ≥ M and 0 otherwise, and there are M^k − (M−1)^k such sequences whatever the die:
    so conditioning on "the maximum is M" gives the same posterior as conditioning on
    the exact rolls, and matches far more often. Draws are rejected roll by roll as soon
    as a roll exceeds M.
    """
    g = _rng_for(given)
    sides = np.array(given["dice"])
    top = max(given["rolls"])
    cumulative = np.cumsum([float(F(p)) for p in given["prior"]])
    idx = np.minimum(np.searchsorted(cumulative, g.random(draws) * cumulative[-1], side="right"),
                     len(sides) - 1)
    alive = np.flatnonzero(sides[idx] >= top)  # smaller dice can never show the maximum
    seen_top = np.zeros(alive.size, dtype=bool)
    for _ in given["rolls"]:
        roll = (g.random(alive.size) * sides[idx[alive]]).astype(np.int64) + 1
        ok = roll <= top
        alive, seen_top = alive[ok], seen_top[ok] | (roll[ok] == top)
    return idx[alive[seen_top]]


def _simulate_monty(given, draws: int) -> tuple[np.ndarray, np.ndarray]:
    g = _rng_for(given)
    n, picked, opened, bias = given["doors"], given["picked"], given["opened"], given["bias"]
    prior = np.array([float(F(p)) for p in given["prior"]])
    car = g.choice(n, size=draws, p=prior / prior.sum()) + 1
    others = np.array([d for d in range(1, n + 1) if d != picked])
    u = g.random(draws)
    if given["host"] == "random":
        opens = others[np.floor(u * (n - 1)).astype(int)]
    else:
        free = car == picked
        if bias is not None and n == 3:
            pref = bias["door"]
            other = int(others[others != pref][0])
            choice_free = np.where(u < float(F(bias["q"])), pref, other)
        else:
            choice_free = others[np.floor(u * (n - 1)).astype(int)]
        # car behind another door: uniform among the others except the car's door
        pos_car = np.searchsorted(others, car)
        j = np.floor(u * (n - 2)).astype(int)
        choice_forced = others[np.minimum(j + (j >= pos_car), n - 2)]
        opens = np.where(free, choice_free, choice_forced)
    match = (opens == opened) & (car != opened)
    return car, match


def verify(given, answer) -> Evidence:
    problem = given["problem"]
    if problem == "diagnostic":
        both, evidence = _enumerate_diagnostic(given)
        exact = both / evidence
        _require_exact(exact, answer)
        draws = _draws(evidence)
        hits, matches = _simulate_diagnostic(given, draws)
        z = _within(hits, matches, exact, "P(D | results)")
        detail = (f"enumerated 2 × 2^{len(given['results'])} outcomes in Fractions; "
                  f"simulated {draws} people, {matches} matched, |z| = {z:.2f} ≤ {SIGMAS}")
        return Evidence("exact enumeration + seeded simulation", detail, 0.0)
    if problem == "dice":
        joint = _enumerate_dice(given)
        evidence = sum(joint.values())
        post = {n: j / evidence for n, j in joint.items()}
        if given["ask"] == "most probable":
            best = max(sorted(post), key=lambda n: post[n])
            if answer != f"d{best}":
                raise VerificationError(f"most probable die: enumeration gives d{best}, answer {answer!r}")
            asked = list(post)
        else:
            _require_exact(post[int(given["ask"])], answer)
            asked = [int(given["ask"])]
        draws = _draws(_max_probability({n: F(p) for n, p in zip(given["dice"], given["prior"])},
                                        given["rolls"]))
        matched = _simulate_dice(given, draws)
        matches = int(matched.size)
        z = max(_within(int((matched == given["dice"].index(n)).sum()), matches, post[n], f"P(d{n} | rolls)")
                for n in asked)
        detail = (f"enumerated every face of every roll for {len(joint)} dice in Fractions; simulated {draws} "
                  f"draws of a die and {len(given['rolls'])} rolls, {matches} had the observed maximum "
                  f"(same posterior), max |z| = {z:.2f} ≤ {SIGMAS}")
        return Evidence("exact enumeration + seeded simulation", detail, 0.0)
    joint = _enumerate_monty(given)
    evidence = sum(joint.values())
    exact = joint[given["ask"]] / evidence
    _require_exact(exact, answer)
    draws = _draws(evidence)
    car, match = _simulate_monty(given, draws)
    matches = int(match.sum())
    z = _within(int((car[match] == given["ask"]).sum()), matches, exact, f"P(car {given['ask']} | opened)")
    detail = (f"enumerated car positions × host's doors in Fractions; simulated {draws} games, "
              f"{matches} matched, |z| = {z:.2f} ≤ {SIGMAS}")
    return Evidence("exact enumeration + seeded simulation", detail, 0.0)


def baseline(given):
    """The bare computation of the answer with SymPy rationals (benchmarks/generate.py)."""
    R = sp.Rational
    if given["problem"] == "diagnostic":
        prev, sens = R(given["prevalence"]), R(given["sensitivity"])
        fpr = 1 - R(given["specificity"]) if "specificity" in given else R(given["false_positive_rate"])
        ill, well = prev, 1 - prev
        for r in given["results"]:
            ill *= sens if r == "+" else 1 - sens
            well *= fpr if r == "+" else 1 - fpr
        return ill / (ill + well)
    if given["problem"] == "dice":
        top, k = max(given["rolls"]), len(given["rolls"])
        joint = {n: (R(p) / n**k if n >= top else 0) for n, p in zip(given["dice"], given["prior"])}
        if given["ask"] == "most probable":
            return f"d{max(sorted(joint), key=lambda n: joint[n])}"
        return joint[int(given["ask"])] / sum(joint.values())
    bias = given["bias"] and {"door": given["bias"]["door"], "q": F(given["bias"]["q"])}
    post = monty_posterior(given["doors"], [F(p) for p in given["prior"]], given["picked"],
                           given["host"], bias, given["opened"])
    return R(post[given["ask"]].numerator, post[given["ask"]].denominator)


def _require_exact(exact: F, answer) -> None:
    if _as_fraction(answer) != exact:
        raise VerificationError(f"exact enumeration gives {exact}, answer is {answer}")


FAMILY = Family(
    name="bayes",
    version=2,
    title="Bayes' rule: tests, dice, Monty Hall",
    summary="Exact posteriors for diagnostic tests, the dice problem and Monty Hall variants.",
    params={
        "problem": Param("diagnostic", PROBLEMS,
                         "diagnostic: P(disease | test results); dice: which die was rolled; "
                         "monty: Monty Hall with knowing, biased or ignorant hosts"),
        "level": Param(1, (1, 2, 3),
                       "diagnostic 1: one positive test, 2: specificity given, positive or negative, "
                       "3: two tests; dice 1: 1–2 rolls, 2: 3 rolls, 3: unequal box, which die; "
                       "monty 1: n doors, 2: biased host, 3: unequal prior, ignorant host"),
    },
    levels={1: "one piece of evidence, uniform or stated prior (one positive test; 1–2 rolls of one of "
               "five dice; a knowing host with 3–8 doors)",
            2: "the likelihood must be derived (specificity given, positive or negative test; 3 rolls; "
               "a host biased towards one door)",
            3: "several pieces of evidence or a non-uniform prior (two tests; a box with unequal counts "
               "and a which-type question; unequal car prior, knowing or ignorant host)"},
    generate=generate,
    verify=verify,
    baseline=baseline,
)
