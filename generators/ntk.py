"""The empirical neural tangent kernel of a small two-layer network, and the linearised GD step.

f(x) = Σⱼ vⱼ σ(wⱼ x) for scalar x, parameters θ = (w₁, …, w_m, v₁, …, v_m), no biases.
Θ(x, x′) = ∇_θ f(x)·∇_θ f(x′) = Σⱼ [σ(wⱼx)σ(wⱼx′) + vⱼ² σ′(wⱼx)σ′(wⱼx′)·x x′].

task=kernel: Θ(x, x′). task=linearised: one gradient-descent step with rate η on the loss
½(f(x₁) − y₁)² changes the linearised network to f(x) − η Θ(x, x₁)(f(x₁) − y₁): its prediction at x.
Level 1: m = 2 ReLU units (a unit switched off at an input is drawn on purpose, and σ′ is 0 there;
pre-activations are never exactly 0). Level 2: m = 3 tanh units.

Verified with numpy: ∇_θ f by central finite differences over the parameters, the kernel as
their dot product, and the linearised step from those finite-difference gradients.
"""

from __future__ import annotations

import math
import random

import numpy as np
import sympy as sp

from osmose import numeric
from osmose.family import (Checking, Evidence, Family, Mistake, Param, Problem, Reject, Step)
from osmose.mathtext import tex, uni

R = sp.Rational


def _act(level: int, z):
    if level == 1:
        return (z if z > 0 else sp.Integer(0)), (sp.Integer(1) if z > 0 else sp.Integer(0))
    t = math.tanh(float(z))
    return sp.Float(t, 15), sp.Float(1 - t * t, 15)


def _f6(x):
    return sp.Float(float(x), 6)


def generate(rng: random.Random, params: dict) -> Problem:
    level, task = params["level"], params["task"]
    m = 2 if level == 1 else 3
    w = [R(rng.choice([v for v in range(-6, 7) if v]), 2 if level == 1 else 4) for _ in range(m)]
    v = [R(rng.choice([v for v in range(-4, 5) if v]), 2) for _ in range(m)]
    x = R(rng.choice([k for k in range(-6, 7) if k]), 2)
    xp = R(rng.choice([k for k in range(-6, 7) if k]), 2)
    if x == xp and task == "kernel":
        raise Reject("Θ(x, x) is a special case; ask two inputs")
    if level == 1 and x * xp < 0 and rng.random() < 0.85:
        xp = -xp      # opposite signs make every ReLU term vanish: kept for a few draws only
    act = {pt: [_act(level, wj * pt) for wj in w] for pt in (x, xp)}
    if level == 1 and all(d == 1 for pt in (x, xp) for _, d in act[pt]):
        raise Reject("let a ReLU be off somewhere")
    feat = sum(act[x][j][0] * act[xp][j][0] for j in range(m))
    grad = sum(v[j] ** 2 * act[x][j][1] * act[xp][j][1] for j in range(m)) * x * xp
    theta = feat + grad
    if level == 1 and theta == 0 and x * xp > 0:
        raise Reject("every unit off: only the opposite-sign draws show Θ = 0")
    checking = Checking(sig_figs=3) if level == 1 else Checking(precision="decimal", sig_figs=4)
    sig = "ReLU" if level == 1 else "tanh"
    net_tex = (rf"\(f(x) = \sum_{{j=1}}^{{{m}}} v_j\,\sigma(w_j x)\) with \(\sigma = \mathrm{{{sig}}}\), "
               rf"\(w = {tex(tuple(w))}\), \(v = {tex(tuple(v))}\) (parameters \(\theta = (w, v)\), no biases)")
    net_text = (f"f(x) = Σⱼ vⱼ·σ(wⱼx), j = 1..{m}, with σ = {sig}, w = {uni(tuple(w))}, v = {uni(tuple(v))} "
                "(parameters θ = (w, v), no biases)")
    conv = " (ReLU′(z) = 1 for z > 0 and 0 for z < 0)" if level == 1 else ""
    shown = lambda e: tex(e) if level == 1 else str(_f6(e))  # noqa: E731
    shown_u = lambda e: uni(e) if level == 1 else str(_f6(e))  # noqa: E731
    steps = [Step("∂f/∂vⱼ = σ(wⱼx) and ∂f/∂wⱼ = vⱼσ′(wⱼx)·x; Θ adds the products of these at x and x′.",
                  r"\Theta(x, x') = \sum_j \sigma(w_jx)\sigma(w_jx') + v_j^2\sigma'(w_jx)\sigma'(w_jx')\,x x'",
                  "Θ(x, x′) = Σⱼ σ(wⱼx)σ(wⱼx′) + vⱼ²σ′(wⱼx)σ′(wⱼx′)·x·x′")]
    if level == 1:
        off = [j + 1 for j in range(m) if act[x][j][1] == 0 or act[xp][j][1] == 0]
        if off:
            steps.append(Step(f"Unit{'s' if len(off) > 1 else ''} {', '.join(map(str, off))} "
                              f"{'are' if len(off) > 1 else 'is'} off at one of the inputs: "
                              "that term's products vanish.", "", ""))
    if level == 1 and theta == 0:
        steps.append(Step("Without biases a ReLU unit is on for one sign of x only, so inputs of opposite signs share no "
                          "active unit: Θ = 0 — a step on one does not move the other.", "", ""))
    steps.append(Step("The v-part (features) and the w-part (weight gradients).",
                      rf"{shown(feat)} + {shown(grad)} = {shown(theta)}", f"{shown_u(feat)} + {shown_u(grad)} = {shown_u(theta)}"))
    mistakes: list = []
    given = {"w": [str(a) for a in w], "v": [str(a) for a in v], "level": level, "x": str(x), "xp": str(xp)}
    if task == "kernel":
        answer = theta if level == 1 else _f6(theta)
        mistakes = [Mistake("output weights only (features)", feat if level == 1 else _f6(feat),
                            "θ includes the first-layer weights too: add Σ vⱼ²σ′σ′·x x′."),
                    Mistake("first-layer weights only", grad if level == 1 else _f6(grad),
                            "θ includes the output weights v: add Σ σ(wⱼx)σ(wⱼx′).")]
        q_tex = rf"Let {net_tex}. Give the empirical NTK \(\Theta({tex(x)}, {tex(xp)}) = \nabla_\theta f({tex(x)})\cdot\nabla_\theta f({tex(xp)})\){conv}."
        q_text = f"Let {net_text}. Give the empirical NTK Θ({x}, {xp}) = ∇_θ f({x})·∇_θ f({xp}){conv}."
    else:
        eta = rng.choice((R(1, 10), R(1, 20), R(1, 5), R(1, 100)))
        y1 = R(rng.randint(-6, 6), 2)
        f_at = lambda pt: sum(v[j] * act[pt][j][0] for j in range(m))  # noqa: E731
        f1, f0 = f_at(xp), f_at(x)
        resid = f1 - y1
        if resid == 0:
            raise Reject("already fits the training point")
        pred = f0 - eta * theta * resid
        answer = pred if level == 1 else _f6(pred)
        steps.insert(0, Step("Linearise: after one step, f(x) changes by ∇_θf(x)·Δθ with Δθ = −η(f(x₁) − y₁)∇_θf(x₁).",
                             r"f(x) - \eta\,\Theta(x, x_1)\,(f(x_1) - y_1)", "f(x) − η·Θ(x, x₁)·(f(x₁) − y₁)"))
        steps.append(Step("Outputs before the step, and the update.",
                          rf"f({tex(x)}) = {shown(f0)},\ f(x_1) = {shown(f1)}:\ {shown(f0)} - {tex(eta)}\cdot {shown(theta)}"
                          rf"\cdot ({shown(resid)}) = {shown(pred)}",
                          f"f({x}) = {shown_u(f0)}, f(x₁) = {shown_u(f1)}: {shown_u(f0)} − {eta}·{shown_u(theta)}·({shown_u(resid)}) = {shown_u(pred)}"))
        wrong_sign = f0 + eta * theta * resid
        mistakes = [Mistake("moved up the gradient", wrong_sign if level == 1 else _f6(wrong_sign),
                            "Gradient descent subtracts: f − ηΘ(f(x₁) − y₁)."),
                    Mistake("features-only kernel", (f0 - eta * feat * resid) if level == 1 else _f6(f0 - eta * feat * resid),
                            "Both layers move: Θ includes the first-layer gradient term.")]
        given.update(eta=str(eta), y1=str(y1))
        q_tex = (rf"Let {net_tex}. One gradient-descent step with rate \(\eta = {tex(eta)}\) on the loss "
                 rf"\(\tfrac12(f(x_1) - y_1)^2\), \(x_1 = {tex(xp)}\), \(y_1 = {tex(y1)}\), is taken on the network "
                 rf"linearised in \(\theta\). Give its new prediction at \(x = {tex(x)}\){conv}.")
        q_text = (f"Let {net_text}. One gradient-descent step with rate η = {eta} on the loss ½(f(x₁) − y₁)², x₁ = {xp}, "
                  f"y₁ = {y1}, is taken on the network linearised in θ. Give its new prediction at x = {x}{conv}.")
    say = checking.statement()
    mistakes = [mm for mm in mistakes if not numeric.same_value(mm.answer, answer, rel=1e-9)]
    return Problem(prompt_tex=f"{q_tex} {say}", prompt_text=f"{q_text} {say}", answer=answer, kind="number",
                   solution=tuple(steps), given={**given, "task": task}, checking=checking, mistakes=tuple(mistakes))


def verify(given: dict, answer) -> Evidence:
    q = lambda a: float(sp.Rational(a))  # noqa: E731
    w = np.array([q(a) for a in given["w"]])
    v = np.array([q(a) for a in given["v"]])
    sigma = (lambda z: np.maximum(z, 0.0)) if given["level"] == 1 else np.tanh
    theta0 = np.concatenate([w, v])
    m = len(w)

    def f(th, x):
        return float(th[m:] @ sigma(th[:m] * x))

    def grad(x, h=1e-6):
        out = np.zeros_like(theta0)
        for k in range(len(theta0)):
            e = np.zeros_like(theta0)
            e[k] = h
            out[k] = (f(theta0 + e, x) - f(theta0 - e, x)) / (2 * h)
        return out

    x, xp = q(given["x"]), q(given["xp"])
    K = float(grad(x) @ grad(xp))
    if given["task"] == "kernel":
        expected, what = K, f"∇_θf by central differences; Θ = {K:.8g}"
    else:
        expected = f(theta0, x) - q(given["eta"]) * K * (f(theta0, xp) - q(given["y1"]))
        what = f"finite-difference gradients; linearised prediction {expected:.8g}"
    err = numeric.require_close(float(answer), expected, "value", rel=2e-6, floor=1e-8)
    return Evidence("finite differences", what, err)


FAMILY = Family(
    name="ntk", version=1, title="Neural tangent kernel of a two-layer network",
    summary="The empirical NTK Θ(x, x′) of a small two-layer net, and its linearised prediction after one GD step.",
    params={
        "level": Param(1, (1, 2), "1: two ReLU units (one off somewhere); 2: three tanh units"),
        "task": Param("kernel", ("kernel", "linearised"), "kernel: Θ(x, x′); linearised: prediction after one step"),
    },
    levels={1: "two ReLU units, exact arithmetic, a unit switched off at an input",
            2: "three tanh units, decimals (σ′ = 1 − tanh²)"},
    generate=generate, verify=verify,
)
