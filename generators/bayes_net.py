"""Bayesian networks on three binary variables: the factorisation, a marginal, and inference.

The structure is a chain A → B → C, a fork A ← B → C, or a collider A → C ← B, with its
conditional probability tables given. Level 1: the probability of one full assignment — the
product of one entry of each table. Level 2: a marginal, P(C = 1), by summing out the others
along the graph. Level 3: a posterior P(A = 1 | C = 1) (in a collider, also given B — explaining
away). Answers are exact, computed by summing the factorised form variable by variable.
Verification builds the whole joint table of eight assignments as floats and reads every
probability off it by brute-force summation.
"""

from __future__ import annotations

import itertools
from fractions import Fraction as Fr


from osmose import numeric
from osmose.family import Checking, Evidence, Family, Mistake, Param, Problem, Reject, Step, \
    VerificationError
from osmose.mathtext import tex, uni
from osmose.exact import rational as _r

CHECKING = Checking()
SAY = CHECKING.statement()
LEVELS = {1: "the probability of one full assignment (the factorisation)",
          2: "a marginal P(C = 1), summing out the other variables",
          3: "a posterior by inference (explaining away in a collider)"}
PARENTS = {"chain": {"A": (), "B": ("A",), "C": ("B",)},
           "fork": {"B": (), "A": ("B",), "C": ("B",)},
           "collider": {"A": (), "B": (), "C": ("A", "B")}}
ARROWS = {"chain": ("A → B → C", r"A \to B \to C"), "fork": ("A ← B → C", r"A \leftarrow B \to C"),
          "collider": ("A → C ← B", r"A \to C \leftarrow B")}


def _p(rng):
    return Fr(rng.randint(1, 9), 10)


def _tables(rng, structure):
    """cpt[var][parent values] = P(var = 1 | parents)."""
    return {var: {vals: _p(rng) for vals in itertools.product((0, 1), repeat=len(parents))}
            for var, parents in PARENTS[structure].items()}


def _factor(structure, cpt, assignment):
    out = Fr(1)
    for var, parents in PARENTS[structure].items():
        p1 = cpt[var][tuple(assignment[p] for p in parents)]
        out *= p1 if assignment[var] else 1 - p1
    return out


def _prob(structure, cpt, event):
    """P(event) summing the factorised joint over the variables the event leaves free."""
    free = [v for v in "ABC" if v not in event]
    return sum((_factor(structure, cpt, {**event, **dict(zip(free, vals))})
                for vals in itertools.product((0, 1), repeat=len(free))), Fr(0))


def _tables_text(structure, cpt):
    parts_tex, parts_text = [], []
    for var, parents in PARENTS[structure].items():
        for vals, p in cpt[var].items():
            cond = ", ".join(f"{q}={v}" for q, v in zip(parents, vals))
            bar = r" \mid " + cond if cond else ""
            parts_tex.append(rf"P({var}=1{bar}) = {tex(_r(p))}")
            parts_text.append(f"P({var}=1{' | ' + cond if cond else ''}) = {uni(_r(p))}")
    return r",\ ".join(parts_tex), ", ".join(parts_text)


def generate(rng, params) -> Problem:
    level, structure = params["level"], params["structure"]
    cpt = _tables(rng, structure)
    t_tex, t_text = _tables_text(structure, cpt)
    arrows_text, arrows_tex = ARROWS[structure]
    intro_tex = (rf"Binary variables \(A, B, C\) form the Bayesian network \({arrows_tex}\) with \({t_tex}\).")
    intro_text = f"Binary variables A, B, C form the Bayesian network {arrows_text} with {t_text}."
    factor_text = {"chain": "P(A)P(B | A)P(C | B)", "fork": "P(B)P(A | B)P(C | B)", "collider": "P(A)P(B)P(C | A, B)"}[structure]
    factor_step = Step("The joint factorises along the graph: each variable given its parents.",
                       "P(A, B, C) = " + factor_text.replace("|", r"\mid "), f"P(A, B, C) = {factor_text}")
    if level == 1:
        assignment = {v: rng.randint(0, 1) for v in "ABC"}
        answer = _factor(structure, cpt, assignment)
        shown = ", ".join(f"{v}={assignment[v]}" for v in "ABC")
        ask_tex, ask_text = rf"P({shown})", f"P({shown})"
        steps = [factor_step, Step("Pick one entry from each table (1 − p for a value 0) and multiply.",
                                   rf"P({shown}) = {tex(_r(answer))}", f"P({shown}) = {uni(_r(answer))}")]
        independent = Fr(1)
        for v in "ABC":
            pv = _prob(structure, cpt, {v: 1})
            independent *= pv if assignment[v] else 1 - pv
        cands = [("marginals multiplied", _r(independent), "Multiplying the marginals assumes independence; the "
                  "network says each variable depends on its parents: use the conditional tables.")]
        given_q = {"ask": "joint", "event": assignment}
    elif level == 2:
        answer = _prob(structure, cpt, {"C": 1})
        ask_tex, ask_text = "P(C=1)", "P(C=1)"
        steps = [factor_step, Step("Sum the joint over A and B with C = 1 (law of total probability along the graph).",
                                   rf"P(C=1) = \sum_{{a, b}} P(A=a, B=b, C=1) = {tex(_r(answer))}",
                                   f"P(C=1) = Σ_(a,b) P(A=a, B=b, C=1) = {uni(_r(answer))}")]
        PARENTS[structure]["C"]
        naive = sum(cpt["C"].values(), Fr(0)) / len(cpt["C"])
        cands = [("tables averaged", _r(naive), "Weight each row of C's table by the probability of its parents' "
                  "values; a plain average treats them as equally likely.")] if len(cpt["C"]) > 1 else []
        given_q = {"ask": "marginal"}
    else:
        evidence = {"C": 1}
        if structure == "collider" and rng.random() < 0.5:
            evidence["B"] = 1
        target = "A"
        num = _prob(structure, cpt, {**evidence, target: 1})
        den = _prob(structure, cpt, evidence)
        answer = num / den
        cond = ", ".join(f"{k}={v}" for k, v in evidence.items())
        ask_tex, ask_text = rf"P(A=1 \mid {cond})", f"P(A=1 | {cond})"
        steps = [factor_step,
                 Step("Bayes: the joint with A = 1 and the evidence, over the evidence alone (sum out the rest).",
                      rf"P(A=1 \mid {cond}) = \frac{{{tex(_r(num))}}}{{{tex(_r(den))}}} = {tex(_r(answer))}",
                      f"P(A=1 | {cond}) = {uni(_r(num))}/{uni(_r(den))} = {uni(_r(answer))}")]
        prior = _prob(structure, cpt, {"A": 1})
        cands = [("prior, not posterior", _r(prior), "Condition on the evidence: P(A = 1) ignores what C (and B) say.")]
        if structure == "collider" and "B" in evidence:
            only_c = _prob(structure, cpt, {"A": 1, "C": 1}) / _prob(structure, cpt, {"C": 1})
            cands.append(("ignored B", _r(only_c), "In a collider, learning B = 1 changes what C = 1 says about A "
                          "(explaining away): condition on both."))
        if answer == prior:
            raise Reject("the evidence happens to say nothing about A")
        given_q = {"ask": "posterior", "evidence": evidence}
    if answer in (0, 1):
        raise Reject("a certain event")
    prompt_tex = intro_tex + rf" Find \({ask_tex}\). {SAY}"
    prompt_text = intro_text + f" Find {ask_text}. {SAY}"
    given = {"structure": structure, **given_q,
             "cpt": {var: {"".join(map(str, vals)) or "-": str(p) for vals, p in table.items()}
                     for var, table in cpt.items()}}
    return Problem(prompt_tex, prompt_text, _r(answer), "number", tuple(steps), given, CHECKING,
                   tuple(Mistake(*c) for c in cands))


def verify(given, answer) -> Evidence:
    parents = PARENTS[given["structure"]]
    cpt = {var: {key: float(Fr(p)) for key, p in table.items()} for var, table in given["cpt"].items()}
    joint = {}
    for vals in itertools.product((0, 1), repeat=3):
        a = dict(zip("ABC", vals))
        prob = 1.0
        for var, ps in parents.items():
            p1 = cpt[var]["".join(str(a[p]) for p in ps) or "-"]
            prob *= p1 if a[var] else 1 - p1
        joint[vals] = prob
    if abs(sum(joint.values()) - 1) > 1e-12:
        raise VerificationError("the joint table does not sum to 1")
    total = lambda cond: sum(p for vals, p in joint.items() if all(dict(zip("ABC", vals))[k] == v for k, v in cond.items()))
    ask = given["ask"]
    if ask == "joint":
        value = total(given["event"])
    elif ask == "marginal":
        value = total({"C": 1})
    else:
        value = total({**given["evidence"], "A": 1}) / total(given["evidence"])
    err = numeric.require_close(value, float(answer), "brute-force sum over the joint table", rel=1e-12)
    return Evidence("joint table", "built all eight joint probabilities and summed the matching rows", err)


FAMILY = Family(
    name="bayes_net", version=1, title="Bayesian networks",
    summary="Factorisation, marginals and inference in three-node chains, forks and colliders.",
    params={"structure": Param("chain", tuple(PARENTS), "chain | fork | collider"),
            "level": Param(1, (1, 2, 3), "1: a joint probability; 2: a marginal; 3: a posterior")},
    levels=LEVELS, generate=generate, verify=verify,
)
