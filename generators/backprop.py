"""Backpropagation through a one-hidden-unit network with a squared-error loss.

    z = w·x + b,   a = φ(z),   ŷ = v·a + c,   L = ½ (ŷ − y)²

The activation is called φ everywhere (prompt and solution) so that σ is never
mistaken for the sigmoid when the activation is ReLU or tanh.

The learner gives the gradient of L with respect to every weight. Level 1: one
input, ReLU; level 2: two inputs, ReLU; level 3: one input, tanh or sigmoid
(exact answers in terms of tanh(z) or e^(−z)). The answer is checked by
central differences of the loss, computed in plain floating point.
"""

from __future__ import annotations

import math
import random

import sympy as sp

from osmose import numeric
from osmose.family import Checking, Evidence, Family, Mistake, Param, Problem, Reject, Step
from osmose.mathtext import tex, uni


def _act(name: str, z):
    """The activation and its derivative, as SymPy numbers."""
    if name == "relu":
        return (z if z > 0 else sp.S.Zero), (sp.S.One if z > 0 else sp.S.Zero)
    if name == "tanh":
        t = sp.tanh(z)
        return t, 1 - t**2
    s = 1 / (1 + sp.exp(-z))
    return s, s * (1 - s)


ACT_TEX = {"relu": r"\max(0, z)", "tanh": r"\tanh z", "sigmoid": r"\frac{1}{1+e^{-z}}"}
ACT_TEXT = {"relu": "max(0, z)", "tanh": "tanh z", "sigmoid": "1/(1+e^(−z))"}
DACT_TEX = {"relu": r"\mathbf 1[z>0]", "tanh": r"1-\tanh^2 z", "sigmoid": r"\varphi(z)\,(1-\varphi(z))"}
DACT_TEXT = {"relu": "1[z > 0]", "tanh": "1 − tanh² z", "sigmoid": "φ(z)·(1 − φ(z))"}


def gradients(act: str, xs, w, b, v, c, y):
    """Hand-derived backward pass: (∂L/∂w_i..., ∂L/∂b, ∂L/∂v, ∂L/∂c) and intermediates."""
    z = sum(wi * xi for wi, xi in zip(w, xs)) + b
    a, da = _act(act, z)
    yhat = v * a + c
    delta = yhat - y                # ∂L/∂ŷ
    dz = delta * v * da              # ∂L/∂z
    grads = tuple(dz * xi for xi in xs) + (dz, delta * a, delta)
    return grads, {"z": z, "a": a, "da": da, "yhat": yhat, "delta": delta, "dz": dz}


def generate(rng: random.Random, params: dict) -> Problem:
    level = params["level"]
    n = 2 if level == 2 else 1
    act = "relu" if level < 3 else rng.choice(("tanh", "sigmoid"))
    small = lambda lo, hi: sp.Integer(rng.randint(lo, hi))  # noqa: E731
    nonzero = lambda top: sp.Integer(rng.choice((-1, 1)) * rng.randint(1, top))  # noqa: E731
    xs = [nonzero(3) for _ in range(n)]
    w = [nonzero(2) for _ in range(n)]
    b, v, c, y = small(-2, 2), nonzero(3), small(-2, 2), small(-3, 3)
    grads, mid = gradients(act, xs, w, b, v, c, y)
    z = mid["z"]
    if act == "relu" and z <= 0:
        raise Reject("dead ReLU (or the kink at 0)")
    if act != "relu" and (z == 0 or abs(z) > 2):
        raise Reject("saturated or trivially symmetric pre-activation")
    if mid["delta"] == 0 or any(abs(g) > 150 for g in grads if g.is_Integer):
        raise Reject("zero loss gradient or big numbers")
    wnames = [f"w_{i + 1}" for i in range(n)] if n > 1 else ["w"]
    names = wnames + ["b", "v", "c"]
    xnames = [f"x_{i + 1}" for i in range(n)] if n > 1 else ["x"]
    z_tex = " + ".join(f"{wn}\\,{xn}" for wn, xn in zip(wnames, xnames)) + " + b"
    data_tex = ", ".join(f"{xn}={tex(xv)}" for xn, xv in zip(xnames, xs))
    weights_tex = ", ".join(f"{nm}={tex(val)}" for nm, val in zip(names, w + [b, v, c]))
    grads_tex = ", ".join(rf"\partial L/\partial {nm}" for nm in names)
    prompt_tex = (
        rf"A network computes \(z = {z_tex}\), \(a = \varphi(z)\) with \(\varphi(z) = {ACT_TEX[act]}\), "
        rf"\(\hat y = v\,a + c\) and the loss \(L = \tfrac12(\hat y - y)^2\). "
        rf"For \({data_tex}\), target \(y = {tex(y)}\) and weights \({weights_tex}\), give "
        rf"\(\left({grads_tex}\right)\)."
    )
    prompt_text = (
        f"z = {' + '.join(f'{wn}·{xn}' for wn, xn in zip(wnames, xnames))} + b, a = φ(z) with φ(z) = {ACT_TEXT[act]}, "
        f"ŷ = v·a + c, L = ½(ŷ − y)². With {', '.join(f'{xn}={xv}' for xn, xv in zip(xnames, xs))}, "
        f"y={y}, {', '.join(f'{nm}={val}' for nm, val in zip(names, w + [b, v, c]))}: "
        f"give ({', '.join(f'∂L/∂{nm}' for nm in names)})."
    )
    steps = (
        Step("Forward pass: pre-activation, activation, output.",
             rf"z = {tex(z)},\; a = {tex(mid['a'])},\; \hat y = {tex(mid['yhat'])}",
             f"z = {uni(z)}, a = {uni(mid['a'])}, ŷ = {uni(mid['yhat'])}"),
        Step("Backward: the loss gradient at the output.",
             rf"\frac{{\partial L}}{{\partial \hat y}} = \hat y - y = {tex(mid['delta'])}",
             f"∂L/∂ŷ = ŷ − y = {uni(mid['delta'])}"),
        Step("Output weights: ŷ = v·a + c, so ∂ŷ/∂v = a and ∂ŷ/∂c = 1.",
             rf"\frac{{\partial L}}{{\partial v}} = (\hat y - y)\,a = {tex(grads[-2])},\quad "
             rf"\frac{{\partial L}}{{\partial c}} = {tex(grads[-1])}",
             f"∂L/∂v = (ŷ − y)·a = {uni(grads[-2])}, ∂L/∂c = {uni(grads[-1])}"),
        Step("Through the output weight and the activation derivative to z.",
             rf"\frac{{\partial L}}{{\partial z}} = (\hat y - y)\,v\,\varphi'(z),\ \varphi'(z) = {DACT_TEX[act]} = {tex(mid['da'])}"
             rf",\ \frac{{\partial L}}{{\partial z}} = {tex(mid['dz'])}",
             f"∂L/∂z = (ŷ − y)·v·φ′(z), φ′(z) = {DACT_TEXT[act]} = {uni(mid['da'])}, ∂L/∂z = {uni(mid['dz'])}"),
        Step("Hidden weights: ∂z/∂w_i = x_i and ∂z/∂b = 1.",
             ", ".join(rf"\frac{{\partial L}}{{\partial {nm}}} = {tex(g)}" for nm, g in zip(names, grads)),
             ", ".join(f"∂L/∂{nm} = {uni(g)}" for nm, g in zip(names, grads))),
    )
    mistakes = [Mistake("sign of the residual", tuple(-g for g in grads),
                        "∂L/∂ŷ = ŷ − y, not y − ŷ: every gradient flips sign.")]
    delta = mid["delta"]
    mistakes.append(Mistake("output weight skipped", tuple(g / v for g in grads[:n + 1]) + grads[n + 1:],
                            "On the way back to z the signal passes through ŷ = v·a + c: multiply by v."))
    if act != "relu":
        no_da = tuple(delta * v * xi for xi in xs) + (delta * v,) + grads[n + 1:]
        mistakes.append(Mistake("activation derivative forgotten", no_da,
                                f"The chain passes through a = φ(z): multiply by φ′(z) = {uni(mid['da'])}."))
    mistakes = tuple(m for m in mistakes if m.answer != grads)
    checking = Checking(precision="exact") if act == "relu" else Checking(sig_figs=3)
    say = checking.statement()
    return Problem(
        prompt_tex=f"{prompt_tex} {say}", prompt_text=f"{prompt_text} {say}", answer=grads, kind="tuple",
        solution=steps,
        given={"activation": act, "x": [int(x) for x in xs], "w": [int(x) for x in w], "b": int(b),
               "v": int(v), "c": int(c), "y": int(y), "order": names, "loss": "(yhat - y)^2 / 2"},
        checking=checking, mistakes=mistakes,
    )


def _loss(act: str, xs, theta, y) -> float:
    n = len(xs)
    w, (b, v, c) = theta[:n], theta[n:]
    z = sum(wi * xi for wi, xi in zip(w, xs)) + b
    a = max(0.0, z) if act == "relu" else math.tanh(z) if act == "tanh" else 1 / (1 + math.exp(-z))
    return 0.5 * (v * a + c - y) ** 2


def verify(given: dict, answer) -> Evidence:
    xs = [float(x) for x in given["x"]]
    theta = [float(t) for t in given["w"]] + [float(given[k]) for k in ("b", "v", "c")]
    act, y = given["activation"], float(given["y"])
    f = lambda *th: _loss(act, xs, th, y)  # noqa: E731
    worst = 0.0
    for i, (name, g) in enumerate(zip(given["order"], answer)):
        fd = numeric.fd_first(f, theta, i, h=1e-4)
        worst = max(worst, numeric.require_close(fd, float(g), f"dL/d{name}", rel=1e-6, floor=1e-7))
    return Evidence("finite differences", "4th-order central differences of the float loss, h=1e-4", worst)


def baseline(given: dict):
    """Bare SymPy: the loss as an expression, differentiated per weight (benchmarks/generate.py)."""
    n = len(given["x"])
    w = sp.symbols(f"w1:{n + 1}")
    b, v, c = sp.symbols("b v c")
    z = sum(wi * xi for wi, xi in zip(w, given["x"])) + b
    act = {"relu": sp.Max(0, z), "tanh": sp.tanh(z), "sigmoid": 1 / (1 + sp.exp(-z))}[given["activation"]]
    loss = (v * act + c - given["y"]) ** 2 / 2
    values = dict(zip(w + (b, v, c), given["w"] + [given["b"], given["v"], given["c"]]))
    return tuple(loss.diff(p).subs(values) for p in w + (b, v, c))


FAMILY = Family(
    name="backprop", version=2, title="Backpropagation by hand",
    summary="The gradient of a squared-error loss with respect to every weight of a one-hidden-unit network.",
    params={"level": Param(1, (1, 2, 3), "1: one input, ReLU; 2: two inputs, ReLU; 3: tanh or sigmoid")},
    generate=generate, verify=verify, baseline=baseline,
)
