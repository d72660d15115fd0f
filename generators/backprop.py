"""Backpropagation by hand: a one-hidden-unit network, then a vectorised softmax classifier.

Levels 1–3 use  z = w·x + b,  a = φ(z),  ŷ = v·a + c,  L = ½ (ŷ − y)²  and ask the
gradient of L with respect to every weight. The activation is called φ everywhere so
that σ is never mistaken for the sigmoid.

Level 1: one input, ReLU; level 2: two inputs, ReLU. The ReLU is drawn inactive
(z < 0) in about a third of the draws and exactly at its kink (z = 0) in about one in
ten, on purpose: then only ∂L/∂c survives, and the prompt states the convention
φ′(0) = 0. Exact (integer) answers.
Level 3: one input, φ = tanh or the logistic sigmoid; the prompt and solution write
t = tanh(z) or s = σ(z) and use φ′ = 1 − t² or s(1 − s); answers are decimals.
Level 4: vectorised. x ∈ R², h = ReLU(W₁x + b₁) (a hidden unit may be off),
z = W₂h + b₂ ∈ R³, p = softmax(z), L = −log p_y (cross-entropy with a one-hot y).
The output error is ∂L/∂z = p − y; the learner gives the matrices ∂L/∂W₂ = (p − y)hᵀ
and ∂L/∂W₁ = ((W₂ᵀ(p − y)) ⊙ 1[W₁x + b₁ > 0]) xᵀ, as decimals.

Verified by central differences of the loss in plain floating point (for a ReLU at
its kink, of the inactive branch, which is what φ′(0) = 0 means).
"""

from __future__ import annotations

import math
import random

import numpy as np
import sympy as sp

from osmose import numeric
from osmose.family import (Checking, Evidence, Family, Mistake, Param, Problem, Reject, Step,
                           VerificationError)
from osmose.mathtext import tex, uni

#: integer gradients of a ReLU network with integer data
EXACT = Checking(precision="exact")
#: tanh, σ and softmax values: decimals to 3 significant figures (answers carry 5)
DECIMAL = Checking(precision="decimal", sig_figs=3)
#: significant figures of the decimal reference answers (finer than what is asked)
SHOWN = 5

RELU_RULE_TEX = r"\varphi'(z) = 1 \text{ for } z > 0 \text{ and } \varphi'(z) = 0 \text{ for } z \le 0"
RELU_RULE_TEXT = "φ′(z) = 1 for z > 0 and φ′(z) = 0 for z ≤ 0 (so φ′(0) = 0 at the kink)"


def dec(value) -> sp.Float:
    """A decimal answer as a lecturer writes it: SHOWN significant figures."""
    v = float(value)
    return sp.Integer(0) if v == 0 else sp.Float(f"{v:.{SHOWN}g}", SHOWN)


def _act(name: str, z):
    """The activation and its derivative (φ′(0) = 0 for the ReLU)."""
    if name == "relu":
        return (z if z > 0 else sp.S.Zero), (sp.S.One if z > 0 else sp.S.Zero)
    if name == "tanh":
        t = math.tanh(z)
        return t, 1 - t * t
    s = 1 / (1 + math.exp(-z))
    return s, s * (1 - s)


def gradients(act: str, xs, w, b, v, c, y):
    """Hand-derived backward pass: (∂L/∂w_i..., ∂L/∂b, ∂L/∂v, ∂L/∂c) and intermediates."""
    z = sum(wi * xi for wi, xi in zip(w, xs)) + b
    a, da = _act(act, z)
    yhat = v * a + c
    delta = yhat - y                # ∂L/∂ŷ
    dz = delta * v * da              # ∂L/∂z
    grads = tuple(dz * xi for xi in xs) + (dz, delta * a, delta)
    return grads, {"z": z, "a": a, "da": da, "yhat": yhat, "delta": delta, "dz": dz}


def _relu_state(rng: random.Random) -> str:
    return rng.choices(("on", "off", "kink"), weights=(55, 35, 10))[0]


def _scalar(rng: random.Random, level: int) -> Problem:
    n = 2 if level == 2 else 1
    act = "relu" if level < 3 else rng.choice(("tanh", "sigmoid"))
    nonzero = lambda top: rng.choice((-1, 1)) * rng.randint(1, top)  # noqa: E731
    xs = [nonzero(3) for _ in range(n)]
    w = [nonzero(2) for _ in range(n)]
    wx = sum(wi * xi for wi, xi in zip(w, xs))
    if act == "relu":
        state = _relu_state(rng)
        z = {"on": rng.randint(1, 3), "off": -rng.randint(1, 3), "kink": 0}[state]
    else:
        z = rng.choice((-2, -1, 1, 2))
    b = z - wx
    if abs(b) > 4:
        raise Reject("bias too large for the wanted pre-activation")
    v, c, y = nonzero(3), rng.randint(-2, 2), rng.randint(-3, 3)
    if act == "relu":
        xs, w, b, v, c, y = ([sp.Integer(t) for t in xs], [sp.Integer(t) for t in w], sp.Integer(b),
                             sp.Integer(v), sp.Integer(c), sp.Integer(y))
    grads, mid = gradients(act, xs, w, b, v, c, y)
    if mid["delta"] == 0 or any(abs(g) > 150 for g in grads):
        raise Reject("zero loss gradient or big numbers")
    wnames = [f"w_{i + 1}" for i in range(n)] if n > 1 else ["w"]
    names = wnames + ["b", "v", "c"]
    xnames = [f"x_{i + 1}" for i in range(n)] if n > 1 else ["x"]
    values = w + [b, v, c]
    z_tex = " + ".join(f"{wn}\\,{xn}" for wn, xn in zip(wnames, xnames)) + " + b"
    z_text = " + ".join(f"{wn}·{xn}" for wn, xn in zip(wnames, xnames)) + " + b"
    data_tex = ", ".join(f"{xn}={xv}" for xn, xv in zip(xnames, xs))
    weights_tex = ", ".join(f"{nm}={val}" for nm, val in zip(names, values))
    grads_tex = ", ".join(rf"\partial L/\partial {nm}" for nm in names)
    checking = EXACT if act == "relu" else DECIMAL
    say = checking.statement()
    if act == "relu":
        act_tex = rf"\(\varphi(z) = \max(0, z)\), with \({RELU_RULE_TEX}\)"
        act_text = f"φ(z) = max(0, z), with {RELU_RULE_TEXT}"
    elif act == "tanh":
        act_tex = r"\(\varphi(z) = \tanh z\); write \(t = \tanh z\), so \(\varphi'(z) = 1 - t^2\)"
        act_text = "φ(z) = tanh z; write t = tanh z, so φ′(z) = 1 − t²"
    else:
        act_tex = (r"the logistic sigmoid \(\varphi(z) = \sigma(z) = 1/(1+e^{-z})\); write \(s = \sigma(z)\), "
                   r"so \(\varphi'(z) = s(1 - s)\)")
        act_text = "the logistic sigmoid φ(z) = σ(z) = 1/(1+e^(−z)); write s = σ(z), so φ′(z) = s(1 − s)"
    prompt_tex = (
        rf"A network computes \(z = {z_tex}\), \(a = \varphi(z)\) with {act_tex}, "
        rf"\(\hat y = v\,a + c\) and the loss \(L = \tfrac12(\hat y - y)^2\). "
        rf"For \({data_tex}\), target \(y = {y}\) and weights \({weights_tex}\), give "
        rf"\(\left({grads_tex}\right)\). {say}"
    )
    prompt_text = (
        f"A network computes z = {z_text}, a = φ(z) with {act_text}, ŷ = v·a + c and the loss "
        f"L = ½(ŷ − y)². For {', '.join(f'{xn} = {xv}' for xn, xv in zip(xnames, xs))}, target y = {y} "
        f"and weights {', '.join(f'{nm} = {val}' for nm, val in zip(names, values))}, "
        f"give ({', '.join(f'∂L/∂{nm}' for nm in names)}). {say}"
    )
    show = (lambda q: q) if act == "relu" else dec  # noqa: E731
    answer = tuple(show(g) for g in grads)
    a_name = {"relu": "a", "tanh": "t", "sigmoid": "s"}[act]
    forward = Step("Forward pass: pre-activation, activation, output.",
                   rf"z = {z},\; {a_name} = {tex(show(mid['a']))},\; \hat y = {tex(show(mid['yhat']))}",
                   f"z = {z}, {a_name} = {uni(show(mid['a']))}, ŷ = {uni(show(mid['yhat']))}")
    if act == "relu":
        rule = ("z > 0: the unit is active, φ′(z) = 1." if z > 0 else
                "z < 0: the unit is inactive, φ′(z) = 0, so no gradient reaches w or b (and a = 0 gives ∂L/∂v = 0)."
                if z < 0 else
                "z = 0 is the kink; by the stated convention φ′(0) = 0, so no gradient reaches w or b.")
        da_tex, da_text = rf"\varphi'({z}) = {mid['da']}", f"φ′({z}) = {mid['da']}"
    elif act == "tanh":
        rule = "φ′(z) = 1 − t²."
        da_tex, da_text = rf"1 - t^2 = {tex(dec(mid['da']))}", f"1 − t² = {uni(dec(mid['da']))}"
    else:
        rule = "φ′(z) = s(1 − s)."
        da_tex, da_text = rf"s(1 - s) = {tex(dec(mid['da']))}", f"s(1 − s) = {uni(dec(mid['da']))}"
    steps = (
        forward,
        Step("Backward: the loss gradient at the output, ∂L/∂ŷ = ŷ − y; then ŷ = v·a + c gives ∂ŷ/∂v = a "
             "and ∂ŷ/∂c = 1.",
             rf"\hat y - y = {tex(show(mid['delta']))},\quad \frac{{\partial L}}{{\partial v}} = (\hat y - y)\,{a_name} "
             rf"= {tex(answer[-2])},\quad \frac{{\partial L}}{{\partial c}} = {tex(answer[-1])}",
             f"ŷ − y = {uni(show(mid['delta']))}, ∂L/∂v = (ŷ − y)·{a_name} = {uni(answer[-2])}, "
             f"∂L/∂c = {uni(answer[-1])}"),
        Step("Through the output weight and the activation to z: ∂L/∂z = (ŷ − y)·v·φ′(z). " + rule,
             rf"{da_tex},\quad \frac{{\partial L}}{{\partial z}} = {tex(show(mid['dz']))}",
             f"{da_text}, ∂L/∂z = {uni(show(mid['dz']))}"),
        Step("Hidden weights: ∂z/∂w_i = x_i and ∂z/∂b = 1.",
             ", ".join(rf"\frac{{\partial L}}{{\partial {nm}}} = {tex(g)}" for nm, g in zip(names[:n + 1], answer)),
             ", ".join(f"∂L/∂{nm} = {uni(g)}" for nm, g in zip(names[:n + 1], answer))),
    )
    delta = mid["delta"]
    candidates = [("sign of the residual", tuple(-g for g in grads),
                   "∂L/∂ŷ = ŷ − y, not y − ŷ: every gradient flips sign.")]
    if mid["dz"] != 0:
        candidates.append(("output weight skipped", tuple(g / v for g in grads[:n + 1]) + grads[n + 1:],
                           f"On the way back to z the signal passes through ŷ = v·a + c: multiply by v = {v}."))
    if act != "relu":
        no_da = tuple(delta * v * xi for xi in xs) + (delta * v,) + grads[n + 1:]
        candidates.append(("activation derivative forgotten", no_da,
                           f"The chain passes through a = φ(z): multiply by φ′(z) = {uni(dec(mid['da']))}."))
        wrong_da = mid["a"] if act == "sigmoid" else 1 - mid["a"]
        slip = tuple(delta * v * wrong_da * xi for xi in xs) + (delta * v * wrong_da,) + grads[n + 1:]
        candidates.append(("φ′ taken as " + ("s" if act == "sigmoid" else "1 − t"), slip,
                           "σ′(z) = s(1 − s), not s." if act == "sigmoid" else "tanh′(z) = 1 − t², not 1 − t."))
    elif z < 0:
        d = v * z + c - y   # the residual if the unit had passed z through
        linear = tuple(d * v * xi for xi in xs) + (d * v, d * z, d)
        candidates.append(("ReLU treated as the identity", linear,
                           f"z = {z} < 0, so the ReLU outputs a = 0 and passes no gradient (φ′ = 0); "
                           "you used a = z and φ′ = 1."))
    else:
        if z == 0:
            kink = tuple(delta * v * xi for xi in xs) + (delta * v,) + grads[n + 1:]
            candidates.append(("took φ′(0) = 1", kink,
                               "The prompt fixes the convention φ′(0) = 0 at the kink: nothing flows back to w, b."))
    mistakes = []
    for name, wrong, feedback in candidates:
        shown = tuple(show(g) for g in wrong)
        if shown != answer and all(shown != m.answer for m in mistakes):
            mistakes.append(Mistake(name, shown, feedback))
    given = {"activation": act, "x": [int(t) for t in xs], "w": [int(t) for t in w], "b": int(b),
             "v": int(v), "c": int(c), "y": int(y), "order": names, "loss": "(yhat - y)^2 / 2",
             "relu_derivative_at_0": 0}
    if act != "relu":
        del given["relu_derivative_at_0"]
    return Problem(prompt_tex=prompt_tex, prompt_text=prompt_text, answer=answer, kind="tuple",
                   solution=steps, given=given, checking=checking, mistakes=tuple(mistakes))


# --- level 4: vectorised, softmax + cross-entropy -------------------------------------

def softmax(z: np.ndarray) -> np.ndarray:
    e = np.exp(z - z.max())
    return e / e.sum()


def _mat(a) -> sp.ImmutableMatrix:
    a = np.atleast_2d(a)
    return sp.ImmutableMatrix([[dec(v) for v in row] for row in a])


def _ints(a) -> sp.ImmutableMatrix:
    return sp.ImmutableMatrix(np.atleast_2d(a).astype(int).tolist())


def _vt(a, exact: bool = True) -> str:
    """A vector in plain text, as a tuple (not a column of one-element rows)."""
    return uni(tuple(sp.Integer(int(v)) if exact else dec(v) for v in a))


def _vectorised(rng: random.Random) -> Problem:
    x = np.array([rng.choice((-2, -1, 1, 2)), rng.choice((-2, -1, 1, 2))])
    W1 = np.array([[rng.choice((-2, -1, 1, 2)) for _ in range(2)] for _ in range(2)])
    if abs(W1[0]).sum() + abs(W1[1]).sum() > 6:
        W1 = np.sign(W1)   # keep W₁x small so a bias |b₁| ≤ 3 can set either sign
    # the hidden pre-activations are chosen first (an inactive unit in about half the draws,
    # never one at the kink), then the bias that gives them
    off = rng.random() < 0.5
    dead = rng.randrange(2) if off else -1
    pre = np.zeros(2, dtype=int)
    for i in range(2):   # a pre-activation of the wanted sign within 3 of W₁x (|b₁| ≤ 3)
        u = int(W1[i] @ x)
        if (u < 0) != (i == dead) and u:
            W1[i], u = -W1[i], -u   # flip the row: a unit of the wanted kind, same magnitudes
        wanted = range(-3, 0) if i == dead else range(1, 4)
        near = [t for t in wanted if abs(t - u) <= 3]
        if not near:
            raise Reject("no small bias gives the wanted sign")
        pre[i] = rng.choice(near)
    b1 = pre - W1 @ x
    W2 = np.array([[rng.choice((-2, -1, -1, 0, 1, 1, 2)) for _ in range(2)] for _ in range(3)])
    b2 = np.array([rng.randint(-1, 1) for _ in range(3)])
    y = rng.randint(1, 3)
    h = np.maximum(pre, 0)
    z = W2 @ h + b2
    p = softmax(z)
    onehot = np.eye(3)[y - 1]
    d2 = p - onehot
    if np.abs(d2).max() < 0.05 or p.min() < 0.005:
        raise Reject("a saturated softmax: gradients vanishingly small, or entries below 3 figures")
    gW2 = np.outer(d2, h)
    back = W2.T @ d2
    d1 = back * (pre > 0)
    gW1 = np.outer(d1, x)
    if np.allclose(gW1, 0) or (np.abs(W2[:, pre > 0]).sum() == 0):
        raise Reject("nothing flows back to W₁")
    answer = (_mat(gW2), _mat(gW1))
    say = DECIMAL.statement()
    data = (rf"\(x = {tex(_ints(x).T)}\), \(W_1 = {tex(_ints(W1))}\), \(b_1 = {tex(_ints(b1).T)}\), "
            rf"\(W_2 = {tex(_ints(W2))}\), \(b_2 = {tex(_ints(b2).T)}\), true class \(y = {y}\) "
            r"(vectors are columns)")
    data_text = (f"x = {_vt(x)}, W₁ = {uni(_ints(W1))}, b₁ = {_vt(b1)}, "
                 f"W₂ = {uni(_ints(W2))}, b₂ = {_vt(b2)}, true class y = {y}")
    prompt_tex = (r"A classifier computes \(h = \mathrm{ReLU}(W_1x + b_1)\) (entrywise, with "
                  r"\(\mathrm{ReLU}'(0) = 0\)), \(z = W_2h + b_2\), \(p = \mathrm{softmax}(z)\) over 3 classes "
                  r"(\(p_k = e^{z_k}/\sum_j e^{z_j}\)) and the cross-entropy loss \(L = -\log p_y\) "
                  r"(natural log; classes numbered 1, 2, 3). "
                  rf"For {data}, give the pair of matrices \(\left(\partial L/\partial W_2,\ \partial L/\partial W_1\right)\) "
                  rf"(each the shape of its weight matrix). {say}")
    prompt_text = ("A classifier computes h = ReLU(W₁x + b₁) (entrywise, with ReLU′(0) = 0), z = W₂h + b₂, "
                   "p = softmax(z) over 3 classes (p_k = e^(z_k)/Σ_j e^(z_j)) and the cross-entropy loss L = −log p_y "
                   "(natural log; classes numbered 1, 2, 3). "
                   f"For {data_text}, give the pair of matrices (∂L/∂W₂, ∂L/∂W₁) (each the shape of its weight "
                   f"matrix). {say}")
    mask = (pre > 0).astype(int)
    steps = (
        Step("Forward pass.",
             rf"W_1x + b_1 = {tex(_ints(pre).T)},\; h = {tex(_ints(h).T)},\; z = {tex(_ints(z).T)},\; "
             rf"p = {tex(_mat(p).T)}",
             f"W₁x + b₁ = {_vt(pre)}, h = {_vt(h)}, z = {_vt(z)}, p = {_vt(p, False)}"),
        Step("Softmax with cross-entropy: the output error is the predicted minus the one-hot target.",
             rf"\frac{{\partial L}}{{\partial z}} = p - e_{y} = {tex(_mat(d2).T)}",
             f"∂L/∂z = p − e_{y} = {_vt(d2, False)}"),
        Step("z = W₂h + b₂: the weight gradient is an outer product, error times input.",
             rf"\frac{{\partial L}}{{\partial W_2}} = (p - e_{y})\,h^\top = {tex(answer[0])}",
             f"∂L/∂W₂ = (p − e_{y})·hᵀ = {uni(answer[0])}"),
        Step("Back through W₂ (its transpose), then the ReLU mask 1[W₁x + b₁ > 0] = "
             f"{tuple(int(m) for m in mask)}" + (": the inactive unit passes nothing." if off else "."),
             rf"W_2^\top(p - e_{y}) = {tex(_mat(back).T)},\quad \delta_1 = {tex(_mat(d1).T)}",
             f"W₂ᵀ(p − e_{y}) = {_vt(back, False)}, δ₁ = {_vt(d1, False)}"),
        Step("Again error times input.",
             rf"\frac{{\partial L}}{{\partial W_1}} = \delta_1 x^\top = {tex(answer[1])}",
             f"∂L/∂W₁ = δ₁·xᵀ = {uni(answer[1])}"),
    )
    candidates = [
        ("sign of the error", (_mat(-gW2), _mat(-gW1)),
         "For softmax with cross-entropy ∂L/∂z = p − y (predicted minus target), not y − p."),
        ("one-hot target forgotten", (_mat(np.outer(p, h)), _mat(np.outer((W2.T @ p) * (pre > 0), x))),
         f"∂L/∂z = p − e_{y}: subtract 1 from the entry of the true class {y}."),
    ]
    if off:
        candidates.append(("ReLU mask forgotten", (_mat(gW2), _mat(np.outer(back, x))),
                           "A unit with W₁x + b₁ < 0 outputs 0 and has ReLU′ = 0: its row of ∂L/∂W₁ is 0."))
    mistakes = []
    for name, wrong, feedback in candidates:
        if wrong != answer and all(wrong != m.answer for m in mistakes):
            mistakes.append(Mistake(name, wrong, feedback))
    given = {"activation": "softmax", "x": x.tolist(), "W1": W1.tolist(), "b1": b1.tolist(),
             "W2": W2.tolist(), "b2": b2.tolist(), "y": y, "order": ["dL/dW2", "dL/dW1"],
             "loss": "-log softmax(W2 relu(W1 x + b1) + b2)[y]", "relu_derivative_at_0": 0}
    return Problem(prompt_tex=prompt_tex, prompt_text=prompt_text, answer=answer, kind="tuple",
                   solution=steps, given=given, checking=DECIMAL, mistakes=tuple(mistakes))


def generate(rng: random.Random, params: dict) -> Problem:
    level = params["level"]
    return _vectorised(rng) if level == 4 else _scalar(rng, level)


# --- verification: central differences of the float loss ---------------------------

def _loss(act: str, xs, theta, y, z0: float) -> float:
    n = len(xs)
    w, (b, v, c) = theta[:n], theta[n:]
    z = sum(wi * xi for wi, xi in zip(w, xs)) + b
    if act == "relu":   # at the kink, φ′(0) = 0 means the inactive branch
        a = 0.0 if z0 <= 0 else max(0.0, z)
    else:
        a = math.tanh(z) if act == "tanh" else 1 / (1 + math.exp(-z))
    return 0.5 * (v * a + c - y) ** 2


def _softmax_loss(given: dict, W1, W2, b1, b2) -> float:
    x = np.array(given["x"], float)
    pre = W1 @ x + b1
    base = np.array(given["W1"], float) @ x + np.array(given["b1"], float)
    h = np.where(base > 0, np.maximum(pre, 0), 0.0)   # ReLU′(0) = 0: a unit at ≤ 0 stays off
    z = W2 @ h + b2
    m = z.max()
    return float(-(z[given["y"] - 1] - m - math.log(np.exp(z - m).sum())))


def verify(given: dict, answer) -> Evidence:
    if given["activation"] == "softmax":
        W1, W2 = np.array(given["W1"], float), np.array(given["W2"], float)
        b1, b2 = np.array(given["b1"], float), np.array(given["b2"], float)
        worst = 0.0
        for which, (M, got) in enumerate(((W2, answer[0]), (W1, answer[1]))):
            got = np.array(got.tolist(), dtype=float)
            if got.shape != M.shape:
                raise VerificationError(f"dL/dW{2 - which} has shape {got.shape}, not {M.shape}")
            for i in range(M.shape[0]):
                for j in range(M.shape[1]):
                    def f(t, i=i, j=j, which=which):
                        A = (W2 if which == 0 else W1).copy()
                        A[i, j] = t
                        return _softmax_loss(given, W1 if which == 0 else A, A if which == 0 else W2, b1, b2)
                    fd = numeric.fd_first(f, [M[i, j]], 0, h=1e-4)
                    worst = max(worst, numeric.require_close(fd, float(got[i, j]), f"dL/dW{2 - which}[{i}][{j}]",
                                                             rel=1e-4, floor=1e-6))
        return Evidence("finite differences", "4th-order central differences of the float cross-entropy loss "
                        "per weight, h=1e-4; answers rounded to 5 significant figures", worst)
    xs = [float(x) for x in given["x"]]
    theta = [float(t) for t in given["w"]] + [float(given[k]) for k in ("b", "v", "c")]
    act, y = given["activation"], float(given["y"])
    z0 = sum(a * b for a, b in zip(given["w"], given["x"])) + given["b"]
    f = lambda *th: _loss(act, xs, th, y, z0)  # noqa: E731
    worst = 0.0
    rel = 1e-6 if act == "relu" else 1e-4
    for i, (name, g) in enumerate(zip(given["order"], answer)):
        fd = numeric.fd_first(f, theta, i, h=1e-4)
        worst = max(worst, numeric.require_close(fd, float(g), f"dL/d{name}", rel=rel, floor=1e-6))
    return Evidence("finite differences", "4th-order central differences of the float loss, h=1e-4"
                    + ("" if act == "relu" else "; answers rounded to 5 significant figures"), worst)


def baseline(given: dict):
    """Bare SymPy: the loss as an expression, differentiated per weight (benchmarks/generate.py)."""
    if given["activation"] == "softmax":
        W1, W2 = sp.Matrix(2, 2, sp.symbols("p0:4")), sp.Matrix(3, 2, sp.symbols("q0:6"))
        x, b1, b2 = sp.Matrix(given["x"]), sp.Matrix(given["b1"]), sp.Matrix(given["b2"])
        values = dict(zip(list(W1) + list(W2), sum(given["W1"], []) + sum(given["W2"], [])))
        pre = W1 * x + b1
        mask = [1 if v > 0 else 0 for v in pre.subs(values)]
        h = sp.Matrix([m * v for m, v in zip(mask, pre)])
        z = W2 * h + b2
        loss = -z[given["y"] - 1] + sp.log(sum(sp.exp(v) for v in z))
        return (W2.applyfunc(lambda q: loss.diff(q).subs(values)), W1.applyfunc(lambda q: loss.diff(q).subs(values)))
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
    summary="Gradients of a loss with respect to every weight: a one-hidden-unit network (ReLU active or "
            "not, tanh, sigmoid), then a vectorised softmax classifier with weight matrices.",
    params={"level": Param(1, (1, 2, 3, 4),
                           "1: one input, ReLU; 2: two inputs, ReLU; 3: tanh or sigmoid, decimals; "
                           "4: vectorised softmax + cross-entropy, matrix gradients")},
    levels={1: "one input, ReLU (sometimes inactive or at its kink, φ′(0) = 0): exact integers",
            2: "two inputs, ReLU (sometimes inactive or at its kink): exact integers",
            3: "one input, tanh or sigmoid written with t = tanh z or s = σ(z): decimals",
            4: "vectorised: ReLU hidden layer, softmax + cross-entropy (∂L/∂z = p − y), "
               "∂L/∂W₂ and ∂L/∂W₁ as matrices: decimals"},
    generate=generate, verify=verify, baseline=baseline,
)
