"""The rules of probability on two events: union, conditioning, total probability, and
independence versus mutual exclusivity.

Level 1 gives the probabilities the rule needs directly; level 2 makes the learner derive one
first (P(A ∩ B) from a conditional, a three-part partition, a table of counts). Answers come
from the rules (inclusion–exclusion, P(A | B) = P(A ∩ B)/P(B), the law of total probability).
Verification rebuilds the sample space from the given data as explicit atoms with Fraction
weights (the cells of a Venn diagram or a table) and adds up the atoms each event contains.
"""

from __future__ import annotations

import math
from fractions import Fraction as Fr

import sympy as sp

from osmose.family import Checking, Evidence, Family, Mistake, Param, Problem, Reject, Step, \
    VerificationError
from osmose.mathtext import tex, uni
from osmose.exact import rational as _r

CHECKING = Checking()
SAY = CHECKING.statement()
CHOICES = ("independent", "mutually exclusive", "neither")
CHOICE = Checking(choices=CHOICES)
LEVELS = {1: "the probabilities a rule needs are given", 2: "derive one ingredient first "
          "(an intersection from a conditional, a three-part partition, a table of counts)"}


def _p(rng, den):
    return Fr(rng.randint(1, den - 1), den)


def _cells(rng):
    """P of the four Venn cells (A∩B, A∩Bᶜ, Aᶜ∩B, Aᶜ∩Bᶜ), all positive, on a common denominator."""
    den = rng.choice((10, 12, 20, 25, 40, 50))
    cuts = sorted(rng.sample(range(1, den), 3))
    parts = [b - a for a, b in zip([0] + cuts, cuts + [den])]
    return [Fr(x, den) for x in parts]


def _union(rng, level):
    ab, a_only, b_only, _ = _cells(rng)
    pa, pb = ab + a_only, ab + b_only
    answer = pa + pb - ab
    if level == 1:
        facts_tex = rf"P(A) = {tex(_r(pa))},\ P(B) = {tex(_r(pb))},\ P(A \cap B) = {tex(_r(ab))}"
        facts_text = f"P(A) = {uni(_r(pa))}, P(B) = {uni(_r(pb))}, P(A ∩ B) = {uni(_r(ab))}"
        steps = []
        given = {"task": "union", "P(A)": str(pa), "P(B)": str(pb), "P(A and B)": str(ab)}
    else:
        cond = ab / pb
        facts_tex = rf"P(A) = {tex(_r(pa))},\ P(B) = {tex(_r(pb))},\ P(A \mid B) = {tex(_r(cond))}"
        facts_text = f"P(A) = {uni(_r(pa))}, P(B) = {uni(_r(pb))}, P(A | B) = {uni(_r(cond))}"
        steps = [Step("First the intersection, from the definition of conditional probability.",
                      rf"P(A \cap B) = P(A \mid B)\,P(B) = {tex(_r(cond))}\cdot {tex(_r(pb))} = {tex(_r(ab))}",
                      f"P(A ∩ B) = P(A | B)·P(B) = {uni(_r(cond))}·{uni(_r(pb))} = {uni(_r(ab))}")]
        given = {"task": "union", "P(A)": str(pa), "P(B)": str(pb), "P(A given B)": str(cond)}
    steps.append(Step("Inclusion–exclusion: the intersection is counted in both P(A) and P(B).",
                      rf"P(A \cup B) = {tex(_r(pa))} + {tex(_r(pb))} - {tex(_r(ab))} = {tex(_r(answer))}",
                      f"P(A ∪ B) = {uni(_r(pa))} + {uni(_r(pb))} − {uni(_r(ab))} = {uni(_r(answer))}"))
    cands = [("intersection not subtracted", pa + pb, "P(A) + P(B) counts the outcomes in both "
              "events twice: subtract P(A ∩ B)."),
             ("assumed independence", pa + pb - pa * pb, "P(A ∩ B) = P(A)P(B) only for independent "
              "events; use the intersection these events actually have.")]
    if level == 2:
        cands.append(("conditional used as intersection", pa + pb - ab / pb,
                      "P(A | B) is not P(A ∩ B): multiply it by P(B) first."))
    prompt_tex = rf"For events \(A\) and \(B\): \({facts_tex}\). Find \(P(A \cup B)\). {SAY}"
    prompt_text = f"For events A and B: {facts_text}. Find P(A ∪ B). {SAY}"
    return prompt_tex, prompt_text, _r(answer), "number", steps, cands, given, CHECKING


def _conditional(rng, level):
    rows = ("smoker", "non-smoker")
    cols = ("asthma", "no asthma") if level == 1 else ("mild asthma", "severe asthma", "no asthma")
    table = [[rng.randint(3, 60) for _ in cols] for _ in rows]
    total = sum(map(sum, table))
    if level == 1:
        ask_tex, ask_text = r"P(\text{asthma} \mid \text{smoker})", "P(asthma | smoker)"
        answer = Fr(table[0][0], sum(table[0]))
        wrong_joint = Fr(table[0][0], total)
        wrong_reverse = Fr(table[0][0], table[0][0] + table[1][0])
        event = "asthma"
        num, den = table[0][0], sum(table[0])
        den_say = "Restrict to the smokers: divide by the number of smokers."
    else:
        ask_tex = r"P(\text{smoker} \mid \text{mild or severe asthma})"
        ask_text = "P(smoker | mild or severe asthma)"
        num = table[0][0] + table[0][1]
        den = num + table[1][0] + table[1][1]
        answer = Fr(num, den)
        wrong_joint = Fr(num, total)
        wrong_reverse = Fr(num, sum(table[0]))
        event = "mild or severe asthma"
        den_say = "Restrict to the people with asthma (mild or severe): they are the new sample space."
    head = " & ".join(rf"\text{{{c}}}" for c in cols)
    body = r" \\ ".join(rf"\text{{{r}}} & " + " & ".join(map(str, row)) for r, row in zip(rows, table))
    table_tex = rf"\[\begin{{array}}{{l{'r' * len(cols)}}} & {head} \\ \hline {body} \end{{array}}\]"
    table_text = "; ".join(f"{r}: " + ", ".join(f"{c} {v}" for c, v in zip(cols, row)) for r, row in zip(rows, table))
    prompt_tex = (rf"A survey of {total} people gives these counts: {table_tex} For a person drawn "
                  rf"uniformly at random, find \({ask_tex}\). {SAY}")
    prompt_text = (f"A survey of {total} people gives these counts — {table_text}. For a person drawn "
                   f"uniformly at random, find {ask_text}. {SAY}")
    steps = [Step(den_say, rf"{ask_tex} = \frac{{{num}}}{{{den}}} = {tex(_r(answer))}",
                  f"{ask_text} = {num}/{den} = {uni(_r(answer))}")]
    cands = [("joint, not conditional", wrong_joint, f"{num}/{total} is a joint probability; the "
              "condition shrinks the sample space to the people it describes."),
             ("conditioned the wrong way", wrong_reverse, "That conditions on the other event: "
              "P(A | B) divides by the count of B, the event after the bar.")]
    given = {"task": "conditional", "rows": list(rows), "columns": list(cols), "counts": table,
             "event": event}
    return prompt_tex, prompt_text, _r(answer), "number", steps, cands, given, CHECKING


def _total(rng, level):
    k = 2 if level == 1 else 3
    den = rng.choice((10, 20))
    cuts = sorted(rng.sample(range(1, den), k - 1))
    shares = [Fr(b - a, den) for a, b in zip([0] + cuts, cuts + [den])]
    rates = [Fr(rng.randint(1, 19), 100) for _ in range(k)]
    if len(set(rates)) < k:
        raise Reject("equal rates")
    answer = sum(s * r for s, r in zip(shares, rates))
    names = ["A", "B", "C"][:k]
    if level == 1:
        lead_tex = (rf"A test is run on a population in which a fraction \(P(D) = {tex(_r(shares[0]))}\) has "
                    rf"a condition \(D\). It comes out positive with probability \(P(+ \mid D) = {tex(_r(rates[0]))}\) "
                    rf"and \(P(+ \mid D^c) = {tex(_r(rates[1]))}\). Find \(P(+)\).")
        lead_text = (f"A test is run on a population in which a fraction P(D) = {uni(_r(shares[0]))} has a "
                     f"condition D. It comes out positive with probability P(+ | D) = {uni(_r(rates[0]))} and "
                     f"P(+ | Dᶜ) = {uni(_r(rates[1]))}. Find P(+).")
        step_tex = rf"P(+) = {tex(_r(rates[0]))}\cdot {tex(_r(shares[0]))} + {tex(_r(rates[1]))}\cdot {tex(_r(shares[1]))}"
        step_text = f"P(+) = {uni(_r(rates[0]))}·{uni(_r(shares[0]))} + {uni(_r(rates[1]))}·{uni(_r(shares[1]))}"
    else:
        parts_tex = ", ".join(rf"{n}\ {tex(_r(s))}" for n, s in zip(names, shares))
        rates_tex = ", ".join(rf"{n}\ {tex(_r(r))}" for n, r in zip(names, rates))
        lead_tex = (rf"Three machines make all of a factory's parts, in the shares \({parts_tex}\). Their "
                    rf"defect rates are \({rates_tex}\). Find the probability that a part drawn at random "
                    rf"is defective.")
        lead_text = ("Three machines make all of a factory's parts, in the shares "
                     + ", ".join(f"{n} {uni(_r(s))}" for n, s in zip(names, shares)) + ". Their defect rates are "
                     + ", ".join(f"{n} {uni(_r(r))}" for n, r in zip(names, rates))
                     + ". Find the probability that a part drawn at random is defective.")
        step_tex = "P(\\text{def}) = " + " + ".join(rf"{tex(_r(r))}\cdot {tex(_r(s))}" for r, s in zip(rates, shares))
        step_text = "P(def) = " + " + ".join(f"{uni(_r(r))}·{uni(_r(s))}" for r, s in zip(rates, shares))
    steps = [Step("Law of total probability: condition on which part of the partition you are in.",
                  step_tex + f" = {tex(_r(answer))}", step_text + f" = {uni(_r(answer))}")]
    cands = [("unweighted average", sum(rates) / k, "Weight each conditional probability by the "
              "probability of its case; a plain average treats the cases as equally likely."),
             ("summed the rates", sum(rates), "Each conditional probability must be multiplied by the "
              "probability of its case before adding.")]
    given = {"task": "total", "shares": [str(s) for s in shares], "rates": [str(r) for r in rates]}
    return lead_tex + " " + SAY, lead_text + " " + SAY, _r(answer), "number", steps, cands, given, CHECKING


def _independence(rng, level):
    kind = rng.choice(CHOICES)  # drawn once, so the three verdicts are equally likely
    for _ in range(100):
        den = rng.choice((10, 12, 20, 30, 36, 40))
        pa, pb = _p(rng, den), _p(rng, den)
        ab = {"independent": pa * pb, "mutually exclusive": Fr(0),
              "neither": Fr(rng.randint(1, int(min(pa, pb) * den)), den)}[kind]
        if pa + pb - ab <= 1 and not (kind == "neither" and ab == pa * pb):
            break
    else:
        raise Reject("no consistent probabilities")
    union = pa + pb - ab
    if level == 1:
        facts_tex = rf"P(A) = {tex(_r(pa))},\ P(B) = {tex(_r(pb))},\ P(A \cap B) = {tex(_r(ab))}"
        facts_text = f"P(A) = {uni(_r(pa))}, P(B) = {uni(_r(pb))}, P(A ∩ B) = {uni(_r(ab))}"
        first = []
        given = {"task": "independence", "P(A)": str(pa), "P(B)": str(pb), "P(A and B)": str(ab)}
    else:
        facts_tex = rf"P(A) = {tex(_r(pa))},\ P(B) = {tex(_r(pb))},\ P(A \cup B) = {tex(_r(union))}"
        facts_text = f"P(A) = {uni(_r(pa))}, P(B) = {uni(_r(pb))}, P(A ∪ B) = {uni(_r(union))}"
        first = [Step("Inclusion–exclusion gives the intersection.",
                      rf"P(A \cap B) = P(A) + P(B) - P(A \cup B) = {tex(_r(ab))}",
                      f"P(A ∩ B) = P(A) + P(B) − P(A ∪ B) = {uni(_r(ab))}")]
        given = {"task": "independence", "P(A)": str(pa), "P(B)": str(pb), "P(A or B)": str(union)}
    verdict = {"independent": rf"P(A)P(B) = {tex(_r(pa * pb))} = P(A \cap B)",
               "mutually exclusive": r"P(A \cap B) = 0 \ne P(A)P(B)",
               "neither": rf"P(A \cap B) = {tex(_r(ab))} \ne 0 \text{{ and }} \ne P(A)P(B) = {tex(_r(pa * pb))}"}[kind]
    verdict_text = {"independent": f"P(A)P(B) = {uni(_r(pa * pb))} = P(A ∩ B)",
                    "mutually exclusive": "P(A ∩ B) = 0 ≠ P(A)P(B)",
                    "neither": f"P(A ∩ B) = {uni(_r(ab))} ≠ 0 and ≠ P(A)P(B) = {uni(_r(pa * pb))}"}[kind]
    steps = first + [Step("Independent means P(A ∩ B) = P(A)P(B); mutually exclusive means P(A ∩ B) = 0. "
                          "Events of positive probability cannot be both.", verdict, verdict_text)]
    feedback = {"independent": "Independence is P(A ∩ B) = P(A)P(B): compare the two numbers.",
                "mutually exclusive": "Mutually exclusive events have P(A ∩ B) = 0, which is not the case here.",
                "neither": "Check both conditions: P(A ∩ B) = 0 (exclusive) and P(A ∩ B) = P(A)P(B) (independent)."}
    cands = [(c, c, feedback[c]) for c in CHOICES if c != kind]
    prompt_tex = (rf"For events \(A\) and \(B\): \({facts_tex}\). Are \(A\) and \(B\) independent, mutually "
                  rf"exclusive, or neither? {CHOICE.statement()}")
    prompt_text = (f"For events A and B: {facts_text}. Are A and B independent, mutually exclusive, or "
                   f"neither? {CHOICE.statement()}")
    return prompt_tex, prompt_text, kind, "choice", steps, cands, given, CHOICE


TASKS = {"union": _union, "conditional": _conditional, "total": _total, "independence": _independence}


def generate(rng, params) -> Problem:
    prompt_tex, prompt_text, answer, kind, steps, cands, given, checking = \
        TASKS[params["task"]](rng, params["level"])
    mistakes = tuple(Mistake(name, value if isinstance(value, str) else _r(value), fb)
                     for name, value, fb in cands)
    return Problem(prompt_tex, prompt_text, answer, kind, tuple(steps), given, checking, mistakes)


# --- verification: explicit atoms of the sample space ----------------------------------------

def _atoms(given) -> dict:
    """Weights of the Venn cells (inA, inB) rebuilt from whatever the problem gave."""
    pa, pb = Fr(given["P(A)"]), Fr(given["P(B)"])
    if "P(A and B)" in given:
        ab = Fr(given["P(A and B)"])
    elif "P(A given B)" in given:
        ab = Fr(given["P(A given B)"]) * pb
    else:
        ab = pa + pb - Fr(given["P(A or B)"])
    atoms = {(True, True): ab, (True, False): pa - ab, (False, True): pb - ab,
             (False, False): 1 - pa - pb + ab}
    if any(w < 0 for w in atoms.values()):
        raise VerificationError(f"the given probabilities are inconsistent: {atoms}")
    return atoms


def verify(given, answer) -> Evidence:
    task = given["task"]
    if task == "conditional":
        rows, cols, counts = given["rows"], given["columns"], given["counts"]
        people = [(r, c) for r, row in zip(rows, counts) for c, n in zip(cols, row) for _ in range(n)]
        if given["event"] == "asthma":
            cond = [p for p in people if p[0] == "smoker"]
            hit = [p for p in cond if p[1] == "asthma"]
        else:
            cond = [p for p in people if p[1] != "no asthma"]
            hit = [p for p in cond if p[0] == "smoker"]
        value = Fr(len(hit), len(cond))
        how = f"counted {len(hit)} of the {len(cond)} people meeting the condition, one by one"
    elif task == "total":
        shares = [Fr(s) for s in given["shares"]]
        rates = [Fr(r) for r in given["rates"]]
        # a population of N items split exactly into the cases, counting defectives
        n = 1
        for f in shares + rates:
            n = n * f.denominator // math.gcd(n, f.denominator)
        bad = sum(int(n * s) * r for s, r in zip(shares, rates))
        value = Fr(bad) / n
        how = f"an exact population of {n} items split by the shares, counting the positives"
    else:
        atoms = _atoms(given)
        if task == "union":
            value = sum(w for (a, b), w in atoms.items() if a or b)
            how = "summed the Venn cells inside A or B"
        else:
            pa = atoms[(True, True)] + atoms[(True, False)]
            pb = atoms[(True, True)] + atoms[(False, True)]
            ab = atoms[(True, True)]
            expected = "mutually exclusive" if ab == 0 else "independent" if ab == pa * pb else "neither"
            if answer != expected:
                raise VerificationError(f"the cells say {expected!r}, not {answer!r}")
            return Evidence("Venn cells", f"P(A ∩ B) = {ab}, P(A)P(B) = {pa * pb}")
    if sp.Rational(value.numerator, value.denominator) != sp.Rational(answer):
        raise VerificationError(f"{how}: got {value}, the answer is {answer}")
    return Evidence("exact enumeration", how)


FAMILY = Family(
    name="probability_rules", version=1, title="Rules of probability",
    summary="Union by inclusion–exclusion, conditioning on a table of counts, total probability, "
            "and independence versus mutual exclusivity.",
    params={"task": Param("union", tuple(TASKS), "union | conditional | total | independence"),
            "level": Param(1, (1, 2), "1: ingredients given; 2: derive one first")},
    levels=LEVELS, generate=generate, verify=verify,
)
