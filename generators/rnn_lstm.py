"""Recurrent networks by hand: one RNN step, one LSTM cell step, and the BPTT gradient factor.

task=rnn: h₁ = tanh(W_h h₀ + W_x x₁ + b). Level 1 scalar; level 2 a 2-dimensional hidden state.
task=lstm: one step of an LSTM cell with scalar state, σ the logistic sigmoid:
f = σ(z_f), i = σ(z_i), o = σ(z_o), g = tanh(z_g), c₁ = f·c₀ + i·g, h₁ = o·tanh(c₁).
Level 1 gives the four pre-activations; level 2 gives weights, so each z = w·x₁ + u·h₀ + b first.
task=bptt: back-propagation through time multiplies one Jacobian per step. Level 1: a scalar RNN
held in a regime where every pre-activation equals a, so ∂h_T/∂h₀ = (w·tanh′(a))^T — give it.
Level 2: h_t = φ(W h_{t−1} + …) where φ′ = γ along the trajectory, so the factor is (γW)^T: does it
vanish or explode as T grows? (by the spectral radius ρ(γW) — drawn on both sides of 1, with
rotation-like W whose norm and spectral radius disagree sometimes).

Verified by running the network forward in numpy float64 and, for BPTT, by finite differences
through the unrolled recurrence (level 1) and by multiplying the Jacobians for T = 200 steps (level 2).
"""

from __future__ import annotations

import cmath
import math
import random

import numpy as np
import sympy as sp

from osmose import numeric
from osmose.family import (Checking, Evidence, Family, Mistake, Param, Problem, Reject, Step,
                           VerificationError)
from osmose.mathtext import tex, uni

R = sp.Rational
DEC = Checking(precision="decimal", sig_figs=4)
CHOICES = ("vanishes", "explodes")


def _r(rng: random.Random, lo: int = -10, hi: int = 10) -> sp.Rational:
    """A one-decimal number in [lo/10, hi/10], nonzero."""
    while True:
        v = rng.randint(lo, hi)
        if v:
            return R(v, 10)


def _f(x) -> sp.Float:
    return sp.Float(float(x), 6)


def _sig(x: float) -> float:
    return 1 / (1 + math.exp(-x))


def generate(rng: random.Random, params: dict) -> Problem:
    level, task = params["level"], params["task"]
    mistakes: list = []
    checking = DEC
    if task == "rnn":
        if level == 1:
            wh, wx, b, h0, x = (_r(rng) for _ in range(5))
            z = wh * h0 + wx * x + b
            if z == 0:
                raise Reject("z = 0")
            answer = _f(math.tanh(float(z)))
            steps = (Step("Pre-activation.", rf"z = w_h h_0 + w_x x_1 + b = {tex(z)}", f"z = w_h·h₀ + w_x·x₁ + b = {z}"),
                     Step("Squash.", rf"h_1 = \tanh({tex(z)}) = {answer}", f"h₁ = tanh({z}) = {answer}"))
            mistakes = [Mistake("no tanh", _f(z), "The new state is squashed: h₁ = tanh(z)."),
                        Mistake("σ instead of tanh", _f(_sig(float(z))), "This RNN uses tanh, not the logistic sigmoid."),
                        Mistake("forgot the recurrent term", _f(math.tanh(float(wx * x + b))),
                                "The previous state enters through w_h·h₀.")]
            given = {"wh": str(wh), "wx": str(wx), "b": str(b), "h0": str(h0), "x": str(x)}
            q_tex = (rf"A scalar RNN updates \(h_t = \tanh(w_h h_{{t-1}} + w_x x_t + b)\) with \(w_h = {tex(wh)}\), "
                     rf"\(w_x = {tex(wx)}\), \(b = {tex(b)}\). From \(h_0 = {tex(h0)}\) it reads \(x_1 = {tex(x)}\). "
                     rf"Give \(h_1\).")
            q_text = (f"A scalar RNN updates h_t = tanh(w_h·h_(t−1) + w_x·x_t + b) with w_h = {wh}, w_x = {wx}, b = {b}. "
                      f"From h₀ = {h0} it reads x₁ = {x}. Give h₁.")
            kind = "number"
        else:
            Wh = sp.Matrix(2, 2, [_r(rng) for _ in range(4)])
            Wx = sp.Matrix(2, 1, [_r(rng) for _ in range(2)])
            b = sp.Matrix(2, 1, [_r(rng, -5, 5) for _ in range(2)])
            h0 = sp.Matrix(2, 1, [_r(rng) for _ in range(2)])
            x = _r(rng, -20, 20)
            z = Wh * h0 + Wx * x + b
            if any(v == 0 for v in z):
                raise Reject("a zero pre-activation")
            answer = tuple(_f(math.tanh(float(v))) for v in z)
            zt = tuple(z)
            swapped = Wh.T * h0 + Wx * x + b
            steps = (Step("Pre-activation.", rf"z = W_h h_0 + W_x x_1 + b = {tex(zt)}", f"z = W_h h₀ + W_x x₁ + b = {uni(zt)}"),
                     Step("tanh element-wise.", rf"h_1 = \tanh(z) = {tex(answer)}", f"h₁ = tanh(z) = {uni(answer)}"))
            mistakes = [Mistake("no tanh", tuple(_f(v) for v in z), "The new state is squashed element-wise."),
                        Mistake("used W_hᵀ", tuple(_f(math.tanh(float(v))) for v in swapped),
                                "Row i of W_h feeds unit i: compute W_h h₀, not W_hᵀ h₀.")]
            given = {"Wh": [[str(v) for v in Wh.row(i)] for i in range(2)], "Wx": [str(v) for v in Wx],
                     "b": [str(v) for v in b], "h0": [str(v) for v in h0], "x": str(x)}
            q_tex = (rf"An RNN updates \(h_t = \tanh(W_h h_{{t-1}} + W_x x_t + b)\) (tanh element-wise) with "
                     rf"\(W_h = {tex(Wh)}\), \(W_x = {tex(Wx)}\), \(b = {tex(b)}\). From \(h_0 = {tex(h0)}\) it reads the "
                     rf"scalar \(x_1 = {tex(x)}\). Give \(h_1\).")
            q_text = (f"An RNN updates h_t = tanh(W_h h_(t−1) + W_x x_t + b) (tanh element-wise) with W_h = {uni(Wh)}, "
                      f"W_x = {uni(tuple(Wx))} (a column), b = {uni(tuple(b))}. From h₀ = {uni(tuple(h0))} it reads the "
                      f"scalar x₁ = {x}. Give h₁.")
            kind = "tuple"
    elif task == "lstm":
        c0, h0, x = _r(rng), _r(rng), _r(rng, -20, 20)
        names = ("f", "i", "o", "g")
        if level == 1:
            zs = {n: _r(rng, -20, 20) for n in names}
            given = {"z": {n: str(v) for n, v in zs.items()}, "c0": str(c0)}
        else:
            w = {n: (_r(rng), _r(rng), _r(rng, -5, 5)) for n in names}
            zs = {n: w[n][0] * x + w[n][1] * h0 + w[n][2] for n in names}
            given = {"w": {n: [str(v) for v in w[n]] for n in names}, "c0": str(c0), "h0": str(h0), "x": str(x)}
        f, i, o = (_sig(float(zs[n])) for n in ("f", "i", "o"))
        g = math.tanh(float(zs["g"]))
        c1 = f * float(c0) + i * g
        h1 = o * math.tanh(c1)
        answer = (_f(c1), _f(h1))
        steps = [Step("Gates: f, i, o through σ; the candidate g through tanh.",
                      rf"f = \sigma({tex(zs['f'])}) = {_f(f)},\ i = \sigma({tex(zs['i'])}) = {_f(i)},\ "
                      rf"o = \sigma({tex(zs['o'])}) = {_f(o)},\ g = \tanh({tex(zs['g'])}) = {_f(g)}",
                      f"f = σ({zs['f']}) = {_f(f)}, i = σ({zs['i']}) = {_f(i)}, o = σ({zs['o']}) = {_f(o)}, "
                      f"g = tanh({zs['g']}) = {_f(g)}"),
                 Step("Cell: keep f of the old cell, write i of the candidate; then the output gate.",
                      rf"c_1 = f c_0 + i g = {_f(c1)},\quad h_1 = o\tanh(c_1) = {_f(h1)}",
                      f"c₁ = f·c₀ + i·g = {_f(c1)}, h₁ = o·tanh(c₁) = {_f(h1)}")]
        if level == 2:
            steps.insert(0, Step("Pre-activations z = w·x₁ + u·h₀ + b for each gate.",
                                 r",\ ".join(rf"z_{n} = {tex(zs[n])}" for n in names),
                                 ", ".join(f"z_{n} = {zs[n]}" for n in names)))
        no_tanh = o * c1
        swapped = i * float(c0) + f * g
        mistakes = [Mistake("h₁ = o·c₁ (no tanh on the cell)", (_f(c1), _f(no_tanh)), "h₁ = o·tanh(c₁)."),
                    Mistake("forget and input gates swapped", (_f(swapped), _f(o * math.tanh(swapped))),
                            "f multiplies the old cell c₀; i multiplies the candidate g."),
                    Mistake("σ for the candidate", (_f(f * float(c0) + i * _sig(float(zs['g']))),
                                                    _f(o * math.tanh(f * float(c0) + i * _sig(float(zs['g']))))),
                            "The candidate g uses tanh (values in (−1, 1)); only the gates use σ.")]
        rule_tex = (r"\(f = \sigma(z_f)\), \(i = \sigma(z_i)\), \(o = \sigma(z_o)\), \(g = \tanh(z_g)\), "
                    r"\(c_1 = f c_0 + i g\), \(h_1 = o\tanh(c_1)\), with \(\sigma(z) = 1/(1 + e^{-z})\)")
        rule_text = ("f = σ(z_f), i = σ(z_i), o = σ(z_o), g = tanh(z_g), c₁ = f·c₀ + i·g, h₁ = o·tanh(c₁), with "
                     "σ(z) = 1/(1 + e^(−z))")
        if level == 1:
            zs_tex = ", ".join(rf"\(z_{n} = {tex(zs[n])}\)" for n in names)
            zs_text = ", ".join(f"z_{n} = {zs[n]}" for n in names)
            q_tex = (rf"One step of an LSTM cell with scalar state: {rule_tex}. The pre-activations are {zs_tex}, and "
                     rf"\(c_0 = {tex(c0)}\). Give \((c_1, h_1)\).")
            q_text = (f"One step of an LSTM cell with scalar state: {rule_text}. The pre-activations are {zs_text}, and "
                      f"c₀ = {c0}. Give (c₁, h₁).")
        else:
            ws_tex = "; ".join(rf"\({n}\): \((w, u, b) = {tex(w[n])}\)" for n in names)
            ws_text = "; ".join(f"{n}: (w, u, b) = {uni(w[n])}" for n in names)
            q_tex = (rf"One step of an LSTM cell with scalar state: \(z_\ast = w_\ast x_1 + u_\ast h_0 + b_\ast\) for each "
                     rf"gate \(\ast \in \{{f, i, o, g\}}\), then {rule_tex}. Weights: {ws_tex}. With \(x_1 = {tex(x)}\), "
                     rf"\(h_0 = {tex(h0)}\), \(c_0 = {tex(c0)}\), give \((c_1, h_1)\).")
            q_text = (f"One step of an LSTM cell with scalar state: z_* = w_*·x₁ + u_*·h₀ + b_* for each gate * ∈ {{f, i, o, g}}, "
                      f"then {rule_text}. Weights: {ws_text}. With x₁ = {x}, h₀ = {h0}, c₀ = {c0}, give (c₁, h₁).")
        kind, steps = "tuple", tuple(steps)
    else:
        T = rng.choice((5, 10, 20, 30, 50))
        if level == 1:
            w = rng.choice([v for v in range(-30, 31) if abs(v) >= 5]) / sp.Integer(10)
            a = _r(rng, -15, 15)
            slope = 1 - math.tanh(float(a)) ** 2
            factor = (float(w) * slope) ** T
            answer = sp.Float(factor, 6)
            if abs(factor) < 1e-12 or abs(factor) > 1e12:
                raise Reject("out of a readable range")
            steps = (Step("Each step contributes ∂h_t/∂h_(t−1) = w·tanh′(a) = w(1 − tanh²a).",
                          rf"w\,(1 - \tanh^2({tex(a)})) = {tex(w)}\cdot {sp.Float(slope, 6)} = {sp.Float(float(w) * slope, 6)}",
                          f"w·(1 − tanh²({a})) = {w}·{sp.Float(slope, 6)} = {sp.Float(float(w) * slope, 6)}"),
                     Step(f"The chain rule multiplies {T} such factors.",
                          rf"\frac{{\partial h_{{{T}}}}}{{\partial h_0}} = ({sp.Float(float(w) * slope, 6)})^{{{T}}} = {answer}",
                          f"∂h_{T}/∂h₀ = ({sp.Float(float(w) * slope, 6)})^{T} = {answer}"),
                     Step("It " + ("vanishes" if abs(float(w) * slope) < 1 else "explodes") + " geometrically: |w·tanh′(a)| "
                          + ("< 1." if abs(float(w) * slope) < 1 else "> 1."), "", ""))
            mistakes = [Mistake("w^T (slope forgotten)", sp.Float(float(w) ** T, 6),
                                "Each step also multiplies by the activation's slope tanh′(a) = 1 − tanh²(a)."),
                        Mistake("T·w·tanh′(a) (added, not multiplied)", sp.Float(T * float(w) * slope, 6),
                                "The chain rule multiplies the per-step factors.")]
            given = {"w": str(w), "a": str(a), "T": T}
            q_tex = (rf"A scalar RNN \(h_t = \tanh(w h_{{t-1}} + u x_t + b)\) with \(w = {tex(w)}\) runs in a regime where "
                     rf"every pre-activation equals \(a = {tex(a)}\). Give the gradient factor "
                     rf"\(\partial h_{{{T}}}/\partial h_0\) that back-propagation through time multiplies in.")
            q_text = (f"A scalar RNN h_t = tanh(w·h_(t−1) + u·x_t + b) with w = {w} runs in a regime where every pre-activation "
                      f"equals a = {a}. Give the gradient factor ∂h_{T}/∂h₀ that back-propagation through time multiplies in.")
            kind = "number"
        else:
            checking = Checking(choices=CHOICES)
            explode = rng.random() < 0.5
            gamma = rng.choice((R(1, 2), R(1, 4), R(3, 4), R(1, 1), R(9, 10)))
            for _ in range(50):
                kind_w = rng.choice(("sym", "rot", "tri"))
                if kind_w == "rot":       # r·rotation: |eigenvalues| = r·√(a² + b²)/…
                    p, q = rng.randint(-4, 4), rng.randint(1, 4)
                    W = sp.Matrix([[p, -q], [q, p]]) * R(rng.randint(1, 6), 10)
                elif kind_w == "tri":     # triangular: eigenvalues on the diagonal, norm much larger
                    W = sp.Matrix([[_r(rng, -15, 15), rng.choice((2, 3, 4, -3))], [0, _r(rng, -15, 15)]])
                else:
                    a_, b_, c_ = _r(rng, -15, 15), _r(rng, -10, 10), _r(rng, -15, 15)
                    W = sp.Matrix([[a_, b_], [b_, c_]])
                rho = max(abs(complex(v)) for v in np.linalg.eigvals(np.array(W, dtype=float)))
                eff = float(gamma) * rho
                if (eff > 1.1) == explode and (eff < 0.9 or eff > 1.1):
                    break
            else:
                raise Reject("no matrix on the wanted side")
            answer = "explodes" if eff > 1 else "vanishes"
            norm = float(np.linalg.norm(np.array(W, dtype=float), 2))
            steps = (Step("Through time the Jacobians multiply: ∂h_T/∂h₀ = (γW)^T, whose size behaves like ρ(γW)^T, "
                          "ρ the spectral radius (largest |eigenvalue|).",
                          rf"\rho(W) = {rho:.4f},\quad \gamma\rho(W) = {tex(gamma)}\cdot {rho:.4f} = {eff:.4f}",
                          f"ρ(W) = {rho:.4f}, γ·ρ(W) = {gamma}·{rho:.4f} = {eff:.4f}"),
                     Step(f"γρ(W) {'>' if eff > 1 else '<'} 1: the gradient {answer} geometrically"
                          + (f" (even though ‖γW‖₂ = {float(gamma) * norm:.3f} > 1: the norm only bounds it, the spectral "
                             "radius decides the long run)." if eff < 1 and float(gamma) * norm > 1 else "."), "", ""))
            other = "vanishes" if answer == "explodes" else "explodes"
            if eff < 1 and float(gamma) * norm > 1:
                mistakes.append(Mistake("judged by the norm", other,
                                        f"‖γW‖₂ = {float(gamma) * norm:.3f} > 1 only allows growth for a few steps; "
                                        f"the spectral radius γρ(W) = {eff:.3f} < 1 decides as T grows."))
            elif eff > 1 and max(abs(float(v)) for v in W) * float(gamma) < 1:
                mistakes.append(Mistake("judged by the entries", other,
                                        f"Small entries do not make a small matrix: γρ(W) = {eff:.3f} > 1."))
            else:
                mistakes.append(Mistake("γ forgotten" if (rho > 1) != (eff > 1) else "wrong side of 1", other,
                                        f"The factor per step is γW: compare γ·ρ(W) = {eff:.3f} with 1."))
            given = {"W": [[str(v) for v in W.row(i)] for i in range(2)], "gamma": str(gamma)}
            q_tex = (rf"An RNN \(h_t = \phi(W h_{{t-1}} + U x_t + b)\) with \(W = {tex(W)}\) runs where "
                     rf"\(\phi' = {tex(gamma)}\) at every unit and step, so back-propagation through time multiplies "
                     rf"\(\partial h_T/\partial h_0 = (\gamma W)^T\) with \(\gamma = {tex(gamma)}\). As \(T\) grows, does this factor vanish or "
                     rf"explode?")
            q_text = (f"An RNN h_t = φ(W h_(t−1) + U x_t + b) with W = {uni(W)} runs where φ′ = {gamma} at every unit and "
                      f"step, so back-propagation through time multiplies ∂h_T/∂h₀ = (γW)^T with γ = {gamma}. As T grows, does this "
                      "factor vanish or explode?")
            kind = "choice"
    say = checking.statement()
    mistakes = [m for m in mistakes if not numeric.same_value(m.answer, answer, rel=1e-9)]
    return Problem(prompt_tex=f"{q_tex} {say}", prompt_text=f"{q_text} {say}", answer=answer, kind=kind,
                   solution=tuple(steps), given={**given, "task": task}, checking=checking, mistakes=tuple(mistakes))


def verify(given: dict, answer) -> Evidence:
    q = lambda v: float(sp.Rational(v))  # noqa: E731
    task = given["task"]
    if task == "rnn":
        if "Wh" in given:
            Wh = np.array([[q(v) for v in row] for row in given["Wh"]])
            h = np.tanh(Wh @ np.array([q(v) for v in given["h0"]]) + np.array([q(v) for v in given["Wx"]]) * q(given["x"])
                        + np.array([q(v) for v in given["b"]]))
        else:
            h = np.array([np.tanh(q(given["wh"]) * q(given["h0"]) + q(given["wx"]) * q(given["x"]) + q(given["b"]))])
        expected, detail = h, "numpy forward pass"
    elif task == "lstm":
        if "z" in given:
            z = {n: q(v) for n, v in given["z"].items()}
        else:
            z = {n: q(w) * q(given["x"]) + q(u) * q(given["h0"]) + q(b) for n, (w, u, b) in given["w"].items()}
        sig = lambda v: 1 / (1 + np.exp(-v))  # noqa: E731
        c = sig(z["f"]) * q(given["c0"]) + sig(z["i"]) * np.tanh(z["g"])
        expected, detail = np.array([c, sig(z["o"]) * np.tanh(c)]), "numpy LSTM cell"
    elif "W" in given:
        W = np.array([[q(v) for v in row] for row in given["W"]]) * q(given["gamma"])
        M = np.eye(2)
        for _ in range(200):
            M = W @ M
        size = np.linalg.norm(M, 2)
        expected_word = "explodes" if size > 1 else "vanishes"
        if answer != expected_word or not (size > 1e3 or size < 1e-3):
            raise VerificationError(f"‖(γW)^200‖ = {size:.3g}: {expected_word}")
        return Evidence("numpy", f"‖(γW)^200‖₂ = {size:.3g}")
    else:
        w, a, T = q(given["w"]), q(given["a"]), given["T"]
        # keep every pre-activation at a (the input term supplies a − w·h_{t−1} on the nominal run), then
        # differentiate h_T with respect to h₀ by the complex step: exact to rounding, no cancellation
        drive, h = [], 0.3
        for _ in range(T):
            drive.append(a - w * h)
            h = math.tanh(w * h + drive[-1])
        step = 1e-30
        hc = complex(0.3, step)
        for d in drive:
            hc = cmath.tanh(w * hc + d)
        expected = np.array([hc.imag / step])
        detail = "complex-step derivative through the unrolled recurrence"
        got = (answer,)
        err = numeric.require_close(float(answer), float(expected[0]), "∂h_T/∂h₀", rel=2e-6, floor=1e-14)
        return Evidence("finite differences", detail, err)
    got = answer if isinstance(answer, tuple) else (answer,)
    if len(got) != len(expected):
        raise VerificationError("wrong number of values")
    err = max(numeric.require_close(float(a), float(e), "value", rel=2e-6, floor=1e-9) for a, e in zip(got, expected))
    return Evidence("numpy", detail, err)


FAMILY = Family(
    name="rnn_lstm", version=1, title="RNN and LSTM steps; vanishing and exploding gradients",
    summary="One RNN step, one LSTM cell step, and the BPTT factor (w·tanh′)^T or (γW)^T.",
    params={
        "level": Param(1, (1, 2), "1: scalar RNN / given pre-activations / scalar BPTT factor; "
                                  "2: vector RNN / LSTM from weights / vanish-or-explode from a matrix"),
        "task": Param("rnn", ("rnn", "lstm", "bptt"), "rnn: h₁; lstm: (c₁, h₁); bptt: the gradient through time"),
    },
    levels={1: "scalar RNN step; LSTM from given pre-activations; the scalar BPTT factor (w·tanh′(a))^T",
            2: "2-d RNN step; LSTM from weights (pre-activations first); vanish or explode by ρ(γW), where "
               "the norm can mislead"},
    generate=generate, verify=verify,
)
