"""Online softmax, the trick inside FlashAttention: softmax over scores that arrive in blocks.

Keep a running maximum m and a running sum ℓ = Σ e^(sⱼ − m); when a new block raises the maximum
to m′, rescale the old sum by e^(m − m′). Level 1: (m, ℓ) after two blocks of scores. Level 2:
the attention output over values vⱼ, accumulated block by block as o = Σ e^(sⱼ − m) vⱼ / ℓ with
the same rescaling — which must equal ordinary softmax attention. Answers are exact (powers of
e). Verification computes the ordinary, one-pass softmax of all the scores with numpy (largest
score subtracted once) and compares.
"""

from __future__ import annotations

import numpy as np
import sympy as sp

from osmose import numeric
from osmose.family import Checking, Evidence, Family, Mistake, Param, Problem, Reject, Step, \
    VerificationError
from osmose.mathtext import tex, uni

CHECKING = Checking()
SAY = CHECKING.statement()
LEVELS = {1: "the running maximum and rescaled running sum (m, ℓ) after two blocks",
          2: "the attention output accumulated block by block"}


def _running(scores):
    m = max(scores)
    return m, sp.Add(*[sp.exp(s - m) for s in scores])


def generate(rng, params) -> Problem:
    level = params["level"]
    n1, n2 = rng.randint(2, 3), rng.randint(1, 3)
    scores = [rng.randint(-3, 4) for _ in range(n1 + n2)]
    b1, b2 = scores[:n1], scores[n1:]
    if max(b2) <= max(b1):  # the second block must raise the maximum, or nothing is rescaled
        b2[rng.randrange(n2)] = max(b1) + rng.randint(1, 3)
        scores = b1 + b2
    m1, l1 = _running(b1)
    m = max(scores)
    l = sp.expand(l1 * sp.exp(m1 - m) + sp.Add(*[sp.exp(s - m) for s in b2]))
    blocks_tex = rf"\(s^{{(1)}} = ({', '.join(map(str, b1))})\) then \(s^{{(2)}} = ({', '.join(map(str, b2))})\)"
    blocks_text = f"s(1) = ({', '.join(map(str, b1))}) then s(2) = ({', '.join(map(str, b2))})"
    first = Step("After block 1: the maximum and the sum of exponentials shifted by it.",
                 rf"m_1 = {m1},\quad \ell_1 = {tex(l1)}", f"m₁ = {m1}, ℓ₁ = {uni(l1)}")
    second = Step("Block 2 raises the maximum: rescale the old sum by e^(m₁ − m) and add the new terms.",
                  rf"m = {m},\quad \ell = \ell_1 e^{{{m1 - m}}} + \sum_{{j \in 2}} e^{{s_j - {m}}} = {tex(l)}",
                  f"m = {m}, ℓ = ℓ₁·e^({m1 - m}) + Σ e^(sⱼ − {m}) = {uni(l)}")
    if level == 1:
        answer = (sp.Integer(m), l)
        prompt_tex = (rf"Online softmax reads the attention scores in two blocks, {blocks_tex}, keeping a running "
                      rf"maximum \(m\) and a running sum \(\ell = \sum_j e^{{s_j - m}}\) over the scores seen so far. "
                      rf"Find \((m, \ell)\) after both blocks. {SAY}")
        prompt_text = (f"Online softmax reads the attention scores in two blocks, {blocks_text}, keeping a running "
                       f"maximum m and a running sum ℓ = Σ e^(sⱼ − m) over the scores seen so far. Find (m, ℓ) after "
                       f"both blocks. {SAY}")
        steps = [first, second]
        stale = sp.expand(l1 + sp.Add(*[sp.exp(s - m) for s in b2]))
        cands = [("old sum not rescaled", (sp.Integer(m), stale), f"ℓ₁ was computed relative to m₁ = {m1}; multiply "
                  f"it by e^(m₁ − m) = e^({m1 - m}) before adding the new block."),
                 ("unshifted sum", (sp.Integer(m), sp.Add(*[sp.exp(s) for s in scores])),
                  "The running sum is shifted by the running maximum: Σ e^(sⱼ − m), which keeps it from overflowing.")]
        given = {"level": 1, "blocks": [b1, b2]}
    else:
        values = [rng.randint(-5, 5) for _ in scores]
        if len(set(values)) == 1:
            raise Reject("constant values")
        weights = [sp.exp(s - m) for s in scores]
        num = sp.Add(*[w * v for w, v in zip(weights, values)])
        answer = num / l
        prompt_tex = (rf"Attention scores arrive in two blocks, {blocks_tex}, with scalar values "
                      rf"\(v = ({', '.join(map(str, values))})\) in the same order. Accumulate the output block by block "
                      rf"as online softmax does (running maximum \(m\), running sum \(\ell\), running weighted sum of values, "
                      rf"all rescaled when \(m\) grows) and give the final output \(o = \sum_j \operatorname{{softmax}}(s)_j v_j\). {SAY}")
        prompt_text = (f"Attention scores arrive in two blocks, {blocks_text}, with scalar values v = "
                       f"({', '.join(map(str, values))}) in the same order. Accumulate the output block by block as "
                       f"online softmax does (running maximum m, running sum ℓ, running weighted sum of values, all "
                       f"rescaled when m grows) and give the final output o = Σ softmax(s)ⱼ vⱼ. {SAY}")
        steps = [first, second,
                 Step("The weighted sum of values is rescaled the same way; divide by ℓ once at the end.",
                      rf"o = \frac{{{tex(num)}}}{{{tex(l)}}}", f"o = ({uni(num)})/({uni(l)})")]
        block2_only = sp.Add(*[sp.exp(s - m) * v for s, v in zip(b2, values[n1:])]) / \
            sp.Add(*[sp.exp(s - m) for s in b2])
        cands = [("last block only", block2_only, "The output averages over every score seen, not only the latest "
                  "block: carry the first block's rescaled sums forward."),
                 ("plain average", sp.Rational(sum(values), len(values)), "Weight each value by its softmax "
                  "probability, not equally.")]
        given = {"level": 2, "blocks": [b1, b2], "values": values}
    return Problem(prompt_tex, prompt_text, answer, "tuple" if level == 1 else "number", tuple(steps), given,
                   CHECKING, tuple(Mistake(*c) for c in cands))


def verify(given, answer) -> Evidence:
    s = np.array(given["blocks"][0] + given["blocks"][1], dtype=float)
    m = s.max()
    w = np.exp(s - m)
    if given["level"] == 1:
        got = [float(v) for v in answer]
        if len(got) != 2:
            raise VerificationError("expected (m, ℓ)")
        err = max(numeric.require_close(m, got[0], "maximum"), numeric.require_close(w.sum(), got[1], "Σ e^(s − m)"))
        return Evidence("one-pass softmax", "numpy over all the scores at once", err)
    value = float(w @ np.array(given["values"], dtype=float) / w.sum())
    err = numeric.require_close(value, float(answer), "ordinary softmax attention", floor=1e-12)
    return Evidence("one-pass softmax", "numpy softmax over all the scores at once, then the weighted values", err)


FAMILY = Family(
    name="online_softmax", version=1, title="Online softmax (FlashAttention)",
    summary="Running maximum and rescaled running sum over blocks of scores, and the attention output accumulated block by block.",
    params={"level": Param(1, (1, 2), "1: (m, ℓ) after two blocks; 2: the accumulated output")},
    levels=LEVELS, generate=generate, verify=verify,
)
