"""Where a transformer's parameters are: counting them layer by layer.

Conventions (stated in every prompt): every linear map has a weight matrix and a bias; multi-head
attention has query, key, value and output projections W_Q, W_K, W_V, W_O; the feed-forward
network maps d → d_ff → d; each LayerNorm has a scale and a shift of size d. Level 1: a
multi-head self-attention layer, 4d² + 4d — independent of the number of heads, which only
splits d. Level 2: a whole encoder block (attention, feed-forward, two LayerNorms). Level 3: a
cross-attention layer whose keys and values come from an encoder of width d_src:
W_Q, W_O are d × d, W_K, W_V are d_src × d. Answers are integers from the closed forms;
verification lists every weight and bias tensor with its shape and adds up their sizes.
"""

from __future__ import annotations

import math

import sympy as sp

from osmose.family import Checking, Evidence, Family, Mistake, Param, Problem, Step, VerificationError

CHECKING = Checking(precision="integer")
SAY = CHECKING.statement()
LEVELS = {1: "a multi-head self-attention layer", 2: "a whole encoder block",
          3: "a cross-attention layer with a source of another width"}
CONVENTION_TEX = (r"(every linear map has a weight matrix and a bias; attention has projections "
                  r"\(W_Q, W_K, W_V, W_O\); each LayerNorm has a scale and a shift)")
CONVENTION_TEXT = ("(every linear map has a weight matrix and a bias; attention has projections W_Q, W_K, W_V, W_O; "
                   "each LayerNorm has a scale and a shift)")


def _shapes(level, d, d_ff, d_src):
    """Every parameter tensor of the layer, as (name, shape)."""
    if level == 3:
        proj = [("W_Q", (d, d)), ("b_Q", (d,)), ("W_K", (d_src, d)), ("b_K", (d,)),
                ("W_V", (d_src, d)), ("b_V", (d,)), ("W_O", (d, d)), ("b_O", (d,))]
        return proj
    attention = [(f"{w}_{x}", (d, d) if w == "W" else (d,)) for x in "QKVO" for w in ("W", "b")]
    if level == 1:
        return attention
    return attention + [("W_1", (d, d_ff)), ("b_1", (d_ff,)), ("W_2", (d_ff, d)), ("b_2", (d,)),
                        ("LN1 scale", (d,)), ("LN1 shift", (d,)), ("LN2 scale", (d,)), ("LN2 shift", (d,))]


def generate(rng, params) -> Problem:
    level = params["level"]
    d = 32 * rng.randint(2, 64)
    heads = rng.choice([h for h in (2, 4, 8, 12, 16, 32) if d % h == 0])
    d_ff = d * rng.choice((2, 4)) + rng.choice((0, 0, 32, 64))
    d_src = 64 * rng.randint(1, 24)
    if d_src == d:
        d_src += 64
    if level == 1:
        answer = 4 * d * d + 4 * d
        what_tex = rf"a multi-head self-attention layer with model width \(d = {d}\) and \({heads}\) heads"
        what_text = f"a multi-head self-attention layer with model width d = {d} and {heads} heads"
        steps = [Step("Four d × d projections with biases; the heads split d into chunks of d/h and add no parameters.",
                      rf"4d^2 + 4d = 4\cdot {d}^2 + 4\cdot {d} = {answer}", f"4d² + 4d = 4·{d}² + 4·{d} = {answer}")]
        cands = [("per-head projections of size d × d", sp.Integer(heads * 3 * (d * d + d) + d * d + d),
                  f"Each head projects to d/h = {d // heads} dimensions, not d: the {heads} heads together use one d × d "
                  "matrix per projection."),
                 ("biases forgotten", sp.Integer(4 * d * d), "Each of the four projections also has a bias of size d.")]
    elif level == 2:
        answer = 4 * d * d + 4 * d + 2 * d * d_ff + d_ff + d + 4 * d
        what_tex = (rf"an encoder block (self-attention, feed-forward network \({d} \to {d_ff} \to {d}\), two LayerNorms) "
                    rf"with \(d = {d}\) and \({heads}\) heads")
        what_text = (f"an encoder block (self-attention, feed-forward network {d} → {d_ff} → {d}, two LayerNorms) with "
                     f"d = {d} and {heads} heads")
        steps = [Step("Attention: 4d² + 4d.", rf"{4 * d * d + 4 * d}", f"{4 * d * d + 4 * d}"),
                 Step("Feed-forward: two weight matrices d × d_ff and d_ff × d, biases of sizes d_ff and d.",
                      rf"2\cdot {d}\cdot {d_ff} + {d_ff} + {d} = {2 * d * d_ff + d_ff + d}", f"2·{d}·{d_ff} + {d_ff} + {d} = {2 * d * d_ff + d_ff + d}"),
                 Step("Two LayerNorms, 2d each; add up.", rf"4\cdot {d} = {4 * d};\ \text{{total}}\ {answer}",
                      f"4·{d} = {4 * d}; total {answer}")]
        cands = [("LayerNorm forgotten", sp.Integer(answer - 4 * d), "Each LayerNorm has a learned scale and shift of "
                  "size d: 4d in all."),
                 ("feed-forward counted once", sp.Integer(answer - d * d_ff - d), "The feed-forward network has two "
                  "linear maps, d → d_ff and d_ff → d.")]
    else:
        answer = 2 * d * d + 2 * d_src * d + 4 * d
        what_tex = (rf"a cross-attention layer of a decoder with width \(d = {d}\) whose keys and values come from an "
                    rf"encoder of width \(d_{{\mathrm{{src}}}} = {d_src}\) (outputs of every projection have size \(d\))")
        what_text = (f"a cross-attention layer of a decoder with width d = {d} whose keys and values come from an encoder of "
                     f"width d_src = {d_src} (outputs of every projection have size d)")
        steps = [Step("Queries and the output live in the decoder: W_Q, W_O are d × d. Keys and values read the encoder: "
                      "W_K, W_V are d_src × d. Four biases of size d.",
                      rf"2\cdot {d}^2 + 2\cdot {d_src}\cdot {d} + 4\cdot {d} = {answer}",
                      f"2·{d}² + 2·{d_src}·{d} + 4·{d} = {answer}")]
        cands = [("self-attention count", sp.Integer(4 * d * d + 4 * d), "Keys and values project from the encoder's "
                  f"width d_src = {d_src}, not d."),
                 ("queries from the source", sp.Integer(d * d + 3 * d_src * d + 4 * d), "Queries come from the decoder "
                  "(width d); only keys and values read the encoder.")]
    prompt_tex = rf"How many parameters does {what_tex} have {CONVENTION_TEX}? {SAY}"
    prompt_text = f"How many parameters does {what_text} have {CONVENTION_TEXT}? {SAY}"
    given = {"level": level, "d": d, "heads": heads, "d_ff": d_ff, "d_src": d_src}
    return Problem(prompt_tex, prompt_text, sp.Integer(answer), "number", tuple(steps), given, CHECKING,
                   tuple(Mistake(*c) for c in cands))


def verify(given, answer) -> Evidence:
    shapes = _shapes(given["level"], given["d"], given["d_ff"], given["d_src"])
    total = sum(math.prod(shape) for _, shape in shapes)
    if sp.Integer(total) != answer:
        raise VerificationError(f"the tensors add up to {total}, not {answer}")
    return Evidence("tensor inventory", f"{len(shapes)} weight and bias tensors, sizes added")


FAMILY = Family(
    name="transformer_params", version=1, title="Parameters of a transformer layer",
    summary="Count the parameters of multi-head attention, an encoder block and a cross-attention layer.",
    params={"level": Param(1, (1, 2, 3), "1: self-attention; 2: encoder block; 3: cross-attention")},
    levels=LEVELS, generate=generate, verify=verify,
)
