"""Convolution arithmetic: output shapes, parameter counts, receptive fields (integer answers).

A conv layer with kernel k, stride s, padding p (zeros on each side) and dilation d maps a side of
length n to ⌊(n + 2p − d(k − 1) − 1)/s⌋ + 1; a max-pool is the same with p = 0, d = 1 and no
parameters. A conv layer has k·k·C_in·C_out weights plus C_out biases. The receptive field of
a stack is r = 1 + Σ_l d_l(k_l − 1)·Π_{j<l} s_j.

task=shape: level 1 one conv layer on a square input (the side length out); level 2 a stack of
three layers (conv, pool, conv with dilation) on an H × W × C input: (H_out, W_out, C_out).
task=params: level 1 one conv layer; level 2 a stack of three convs (one without bias, stated).
task=receptive: level 1 three layers with stride, no dilation; level 2 with dilation and pooling.

Verified by enumeration, not by the formulas: window positions are counted one by one, the
weight tensors are built with numpy and their sizes summed, and the receptive field is the set
of input positions reached by walking back through the layers from one output position.
"""

from __future__ import annotations

import random

import numpy as np
import sympy as sp

from osmose.family import (Checking, Evidence, Family, Mistake, Param, Problem, Reject, Step,
                           VerificationError)

CHECK = Checking(precision="integer")
PAD_NOTE = "Padding p adds p zeros on each side; dilation d spaces the kernel taps d apart."


def out_len(n: int, k: int, s: int, p: int, d: int) -> int:
    return (n + 2 * p - d * (k - 1) - 1) // s + 1


def _layer_text(L: dict) -> tuple[str, str]:
    if L["type"] == "pool":
        t = f"max-pool {L['k']}×{L['k']}, stride {L['s']}"
        return t, t
    extra = f", dilation {L['d']}" if L["d"] != 1 else ""
    bias = "" if L.get("bias", True) else ", no bias"
    t = f"conv {L['k']}×{L['k']}, {L['c']} filters, stride {L['s']}, padding {L['p']}{extra}{bias}"
    return t, t


def _conv(rng: random.Random, dil: bool = False, c_choices=(8, 16, 32, 64, 12, 24, 48)) -> dict:
    k = rng.choice((1, 3, 5, 7, 3, 3, 5))
    return {"type": "conv", "k": k, "s": rng.choice((1, 1, 2, 2, 3)), "p": rng.choice((0, 1, 2, k // 2)),
            "d": rng.choice((1, 2, 3)) if dil and k > 1 else 1, "c": rng.choice(c_choices)}


def _pool(rng: random.Random) -> dict:
    k = rng.choice((2, 3))
    return {"type": "pool", "k": k, "s": rng.choice((k, 2)), "p": 0, "d": 1}


def generate(rng: random.Random, params: dict) -> Problem:
    level, task = params["level"], params["task"]
    mistakes: list = []
    if task == "shape":
        if level == 1:
            n = rng.randint(7, 64)
            L = _conv(rng)
            layers = [L]
            H = W = n
            C = rng.choice((1, 3, 16))
        else:
            H, W, C = rng.randint(16, 96), rng.randint(16, 96), rng.choice((1, 3))
            layers = [_conv(rng), _pool(rng), _conv(rng, dil=True)]
            if layers[2]["d"] == 1:
                layers[2]["d"] = rng.choice((2, 3))
                if layers[2]["k"] == 1:
                    layers[2]["k"] = 3
        sizes = [(H, W)]
        steps = []
        for i, L in enumerate(layers):
            h, w = sizes[-1]
            nh, nw = out_len(h, L["k"], L["s"], L["p"], L["d"]), out_len(w, L["k"], L["s"], L["p"], L["d"])
            if nh < 1 or nw < 1:
                raise Reject("the kernel no longer fits")
            span = L["d"] * (L["k"] - 1) + 1
            both = w != h or level == 2
            tx = rf"\left\lfloor\frac{{{h} + 2\cdot {L['p']} - {span}}}{{{L['s']}}}\right\rfloor + 1 = {nh}"
            if both:
                tx += rf",\quad \left\lfloor\frac{{{w} + 2\cdot {L['p']} - {span}}}{{{L['s']}}}\right\rfloor + 1 = {nw}"
            steps.append(Step(f"Layer {i + 1} ({_layer_text(L)[1]}): effective kernel span d(k − 1) + 1 = {span}.", tx,
                              f"⌊({h} + 2·{L['p']} − {span})/{L['s']}⌋ + 1 = {nh}" +
                              (f",  ⌊({w} + 2·{L['p']} − {span})/{L['s']}⌋ + 1 = {nw}" if both else "")))
            sizes.append((nh, nw))
        c_out = next(L["c"] for L in reversed(layers) if L["type"] == "conv")
        if level == 1:
            answer = sp.Integer(sizes[-1][0])
            L = layers[0]
            raw = (n + 2 * L["p"] - L["d"] * (L["k"] - 1) - 1)
            mistakes = [Mistake("forgot the + 1", sp.Integer(raw // L["s"]), "Count the first window too: ⌊…/s⌋ + 1."),
                        Mistake("padding on one side only", sp.Integer((n + L["p"] - L["k"]) // L["s"] + 1),
                                f"Padding {L['p']} adds {L['p']} zeros on each side: n + 2p."),
                        Mistake("rounded up", sp.Integer(-(-raw // L["s"]) + 1),
                                "A window that would run past the edge is not computed: round down.")]
            prompt = (f"A {H}×{W}×{C} input goes through one layer: {_layer_text(L)[1]}. What is the side length of "
                      f"the (square) output feature map? {PAD_NOTE}")
        else:
            answer = (sp.Integer(sizes[-1][0]), sp.Integer(sizes[-1][1]), sp.Integer(c_out))
            no_dil = [(H, W)]
            for L in layers:
                h, w = no_dil[-1]
                no_dil.append((out_len(h, L["k"], L["s"], L["p"], 1), out_len(w, L["k"], L["s"], L["p"], 1)))
            mistakes = [Mistake("ignored the dilation", (sp.Integer(no_dil[-1][0]), sp.Integer(no_dil[-1][1]), sp.Integer(c_out)),
                                "A dilated kernel spans d(k − 1) + 1 input positions, not k."),
                        Mistake("kept the input channels", (sp.Integer(sizes[-1][0]), sp.Integer(sizes[-1][1]), sp.Integer(C)),
                                "The output has one channel per filter of the last conv.")]
            if H != W:
                mistakes.append(Mistake("height and width swapped", (sp.Integer(sizes[-1][1]), sp.Integer(sizes[-1][0]),
                                                                     sp.Integer(c_out)), "Keep the order (height, width, channels)."))
            desc = "; ".join(f"({i + 1}) {_layer_text(L)[1]}" for i, L in enumerate(layers))
            prompt = (f"An input of height {H}, width {W} and {C} channel{'s' if C > 1 else ''} goes through {desc}. "
                      f"Give the output shape as (height, width, channels). {PAD_NOTE}")
        given = {"task": task, "input": [H, W, C], "layers": layers}
    elif task == "params":
        C = rng.choice((1, 3, 4, 16))
        count = 1 if level == 1 else 3
        layers = []
        for i in range(count):
            L = _conv(rng)
            if level == 2 and i == 1 and rng.random() < 0.7:
                L["bias"] = False
            layers.append(L)
        cin, total, lines, tlines, no_bias, no_cin = C, 0, [], [], 0, 0
        for i, L in enumerate(layers):
            wts = L["k"] * L["k"] * cin * L["c"]
            b = L["c"] if L.get("bias", True) else 0
            total += wts + b
            no_bias += wts
            no_cin += L["k"] * L["k"] * L["c"] + b
            lines.append(f"layer {i + 1}: {L['k']}·{L['k']}·{cin}·{L['c']} + {b} = {wts + b}")
            tlines.append(rf"\text{{layer {i + 1}: }} {L['k']}\cdot {L['k']}\cdot {cin}\cdot {L['c']} + {b} = {wts + b}")
            cin = L["c"]
        answer = sp.Integer(total)
        steps = (Step("Each filter has k·k·C_in weights, one filter per output channel, plus one bias per filter "
                      "(stride, padding and dilation do not change the count).", r"\\ ".join(tlines) if count == 1 else
                      r"\begin{gathered}" + r"\\ ".join(tlines) + r"\end{gathered}", "; ".join(lines)),
                 Step("Add.", rf"\text{{total}} = {total}", f"total = {total}"))
        mistakes = [Mistake("no biases", sp.Integer(no_bias), "Each filter also has a bias, unless the layer says otherwise."),
                    Mistake("forgot the input channels", sp.Integer(no_cin),
                            "A filter spans every input channel: k·k·C_in weights each.")]
        desc = "; ".join(f"({i + 1}) {_layer_text(L)[1]}" for i, L in enumerate(layers))
        prompt = (f"An input with {C} channel{'s' if C > 1 else ''} goes through {desc}. How many trainable parameters "
                  f"(weights and biases) do the layer{'s' if count > 1 else ''} have in total? Layers have biases unless "
                  "stated.")
        given = {"task": task, "input": [0, 0, C], "layers": layers}
    else:
        if level == 1:
            layers = [dict(_conv(rng), p=0) for _ in range(3)]
        else:
            layers = [dict(_conv(rng, dil=True), p=0), _pool(rng), dict(_conv(rng, dil=True), p=0)]
        for L in layers:
            if L["k"] == 1 and L["type"] == "conv":
                L["k"] = 3
        r, jump, lines, tlines, no_stride = 1, 1, [], [], 1
        for i, L in enumerate(layers):
            grow = L["d"] * (L["k"] - 1) * jump
            lines.append(f"layer {i + 1}: + {L['d']}·({L['k']} − 1)·{jump} = + {grow}")
            tlines.append(rf"{L['d']}\cdot({L['k']} - 1)\cdot {jump}")
            r += grow
            no_stride += L["d"] * (L["k"] - 1)
            jump *= L["s"]
        if no_stride == r:
            raise Reject("no stride before the last layer: the stride product would not matter")
        answer = sp.Integer(r)
        steps = (Step("Each layer widens the field by d(k − 1) times the product of the strides before it "
                      "(the spacing, in input pixels, of that layer's inputs).",
                      r",\quad ".join(rf"\text{{layer {i + 1}: }} +{t}" for i, t in enumerate(tlines)), "; ".join(lines)),
                 Step("Start from 1 pixel and add.", "r = 1 + " + " + ".join(tlines) + f" = {r}",
                      f"r = 1 + {' + '.join(l.split('= + ')[1] for l in lines)} = {r}"))
        mistakes = [Mistake("ignored the strides", sp.Integer(no_stride),
                            "After a stride-s layer, neighbouring positions are s input pixels apart: multiply by "
                            "the product of earlier strides.")]
        if any(L["d"] > 1 for L in layers):
            rr, jj = 1, 1
            for L in layers:
                rr += (L["k"] - 1) * jj
                jj *= L["s"]
            mistakes.append(Mistake("ignored the dilation", sp.Integer(rr), "A dilated kernel spans d(k − 1) + 1 pixels."))
        desc = "; ".join(f"({i + 1}) {_layer_text(L)[1]}" for i, L in enumerate(layers))
        prompt = (f"A stack of layers: {desc}. What is the receptive field (side length, in input pixels) of one "
                  f"output unit of the last layer? {PAD_NOTE}")
        given = {"task": task, "layers": layers}
    say = CHECK.statement()
    mistakes = [m for m in mistakes if m.answer != answer]
    return Problem(prompt_tex=f"{prompt} {say}", prompt_text=f"{prompt} {say}", answer=answer,
                   kind="tuple" if isinstance(answer, tuple) else "number", solution=tuple(steps),
                   given=given, checking=CHECK, mistakes=tuple(mistakes))


# --- verification by enumeration -------------------------------------------------------------

def _windows(n: int, L: dict) -> int:
    """Count window positions: starts −p, −p + s, … while the last tap stays inside the padded input."""
    count, start = 0, -L["p"]
    while start + L["d"] * (L["k"] - 1) <= n - 1 + L["p"]:
        count += 1
        start += L["s"]
    return count


def _field(layers: list) -> int:
    """Input positions reached from output position 0 by walking back through every layer."""
    reach = {0}
    for L in reversed(layers):
        reach = {o * L["s"] - L["p"] + t * L["d"] for o in reach for t in range(L["k"])}
    return max(reach) - min(reach) + 1


def verify(given: dict, answer) -> Evidence:
    task, layers = given["task"], given["layers"]
    if task == "shape":
        h, w, c = given["input"]
        for L in layers:
            h, w = _windows(h, L), _windows(w, L)
            if L["type"] == "conv":
                c = L["c"]
        expected = (h, w, c) if isinstance(answer, tuple) else (h,)
        got = answer if isinstance(answer, tuple) else (answer,)
        detail = f"window positions counted one by one: {expected}"
    elif task == "params":
        cin, total = given["input"][2], 0
        for L in layers:
            total += np.zeros((L["c"], cin, L["k"], L["k"])).size + (np.zeros(L["c"]).size if L.get("bias", True) else 0)
            cin = L["c"]
        expected, got = (total,), (answer,)
        detail = f"sizes of numpy weight and bias tensors: {total}"
    else:
        expected, got = (_field(layers),), (answer,)
        detail = f"input positions reached from one output: {expected[0]}"
    if len(got) != len(expected) or any(int(a) != e or sp.Integer(a) != a for a, e in zip(got, expected)):
        raise VerificationError(f"enumeration gives {expected}, the family {answer}")
    return Evidence("enumeration", detail)


FAMILY = Family(
    name="cnn_arithmetic", version=1, title="CNN arithmetic: shapes, parameters, receptive fields",
    summary="Output shapes, parameter counts and receptive fields of conv / pool stacks with stride, padding, dilation.",
    params={
        "level": Param(1, (1, 2), "1: one layer / no dilation; 2: a three-layer stack with pooling and dilation"),
        "task": Param("shape", ("shape", "params", "receptive"),
                      "shape: output size; params: trainable parameters; receptive: receptive field"),
    },
    levels={1: "one conv layer (shape, parameters); three strided convs (receptive field)",
            2: "a conv–pool–dilated-conv stack on a non-square input; three convs with a bias-free one; "
               "receptive field with dilation and pooling"},
    generate=generate, verify=verify,
)
