"""SGD with momentum and Adam, stepped by hand; the effective learning rate.

Conventions stated in every prompt (PyTorch's): momentum keeps v ← βv + g, θ ← θ − ηv;
Adam keeps m ← β₁m + (1 − β₁)g, s ← β₂s + (1 − β₂)g² (element-wise), corrects the bias
m̂ = m/(1 − β₁ᵗ), ŝ = s/(1 − β₂ᵗ) at step t, and steps θ ← θ − η m̂/(√ŝ + ε) with ε = 10⁻⁸.

task=momentum: level 1 one step from a given velocity; level 2 two steps with two given gradients.
task=adam: level 1 the first step from m = s = 0 (≈ η·sign(g): bias correction undoes the
small (1 − β) factors; one draw in four has a coordinate whose gradient is 0, where the step is 0
and ε keeps the ratio from being 0/0); level 2 two steps.
task=effective: level 1 momentum under a constant gradient settles at steps of η/(1 − β)·g —
the effective learning rate η/(1 − β); level 2 Adam's per-coordinate effective learning rate
η/(√ŝ₂ + ε) after two steps.

Verified by running the optimiser in numpy float64, written out separately from the exact
arithmetic that builds the answer.
"""

from __future__ import annotations

import random

import numpy as np
import sympy as sp

from osmose import numeric
from osmose.family import (Checking, Evidence, Family, Mistake, Param, Problem, Reject, Step,
                           VerificationError)
from osmose.mathtext import tex, uni

R = sp.Rational
EPS = R(1, 10**8)
MOM_TEX = r"(update rule: \(v \leftarrow \beta v + g\), \(\theta \leftarrow \theta - \eta v\))"
MOM_TEXT = "(update rule: v ← βv + g, θ ← θ − ηv)"
ADAM_TEX = (r"(update rule: \(m \leftarrow \beta_1 m + (1-\beta_1)g\), \(s \leftarrow \beta_2 s + (1-\beta_2)g^2\) "
            r"element-wise, \(\hat m = m/(1-\beta_1^t)\), \(\hat s = s/(1-\beta_2^t)\) at step \(t\), "
            r"\(\theta \leftarrow \theta - \eta\,\hat m/(\sqrt{\hat s} + \epsilon)\), \(\epsilon = 10^{-8}\))")
ADAM_TEXT = ("(update rule: m ← β₁m + (1 − β₁)g, s ← β₂s + (1 − β₂)g² element-wise, m̂ = m/(1 − β₁ᵗ), "
             "ŝ = s/(1 − β₂ᵗ) at step t, θ ← θ − η·m̂/(√ŝ + ε), ε = 10⁻⁸)")


def _vec(rng: random.Random, k: int = 4, zero_ok: bool = False) -> tuple:
    while True:
        v = tuple(sp.Integer(rng.randint(-k, k)) for _ in range(2))
        if zero_ok or all(v):
            return v


def _t(v) -> tuple[str, str]:
    return tex(tuple(v)), uni(tuple(v))


def _adam(theta, grads, eta, b1, b2, bias: bool = True):
    """Exact Adam (sympy) over the given gradients: θ, m̂, ŝ after the last step."""
    m = [sp.Integer(0)] * 2
    s = [sp.Integer(0)] * 2
    th = list(theta)
    for t, g in enumerate(grads, start=1):
        m = [b1 * mi + (1 - b1) * gi for mi, gi in zip(m, g)]
        s = [b2 * si + (1 - b2) * gi**2 for si, gi in zip(s, g)]
        mh = [mi / (1 - b1**t) for mi in m] if bias else m
        sh = [si / (1 - b2**t) for si in s] if bias else s
        th = [x - eta * a / (sp.sqrt(b) + EPS) for x, a, b in zip(th, mh, sh)]
    return th, mh, sh


def _dec(x) -> sp.Float:
    """A decimal to 6 significant figures (the prompt asks for 4)."""
    return sp.Float(sp.N(x, 20), 6)


def generate(rng: random.Random, params: dict) -> Problem:
    level, task = params["level"], params["task"]
    theta = _vec(rng, 3, zero_ok=True)
    mistakes: list = []
    if task == "momentum" or (task == "effective" and level == 1):
        eta = rng.choice((R(1, 10), R(1, 20), R(1, 5), R(1, 100), R(1, 2), R(1, 50), R(3, 10)))
        beta = rng.choice((R(9, 10), R(1, 2), R(4, 5), R(3, 4), R(19, 20), R(2, 3)))
        checking = Checking(sig_figs=4)
        say = checking.statement()
        if task == "effective":
            g = sp.Integer(rng.choice([i for i in range(-6, 7) if i]))
            answer = eta / (1 - beta)
            steps = (Step("With a constant gradient the velocity obeys v_t = βv_{t−1} + g, a geometric series.",
                          r"v_t = g(1 + \beta + \dots + \beta^{t-1}) \to \frac{g}{1-\beta}",
                          "v_t = g(1 + β + … + β^(t−1)) → g/(1 − β)"),
                     Step("So the step settles at η g/(1 − β): plain SGD with learning rate η/(1 − β).",
                          rf"\eta_{{\text{{eff}}}} = \frac{{\eta}}{{1-\beta}} = \frac{{{tex(eta)}}}{{1 - {tex(beta)}}} = {tex(answer)}",
                          f"η_eff = η/(1 − β) = {eta}/(1 − {beta}) = {answer}"))
            mistakes = [Mistake("η(1 − β)", eta * (1 - beta), "The velocity sums 1 + β + β² + … = 1/(1 − β): divide."),
                        Mistake("η/β", eta / beta, "The geometric series gives 1/(1 − β), not 1/β."),
                        Mistake("the settled step size", eta * abs(g) / (1 - beta),
                                "That is the size of the step, η|g|/(1 − β); the effective learning rate is the "
                                "factor multiplying g.")]
            given = {"eta": str(eta), "beta": str(beta), "g": int(g)}
            q_tex = (rf"SGD with momentum {MOM_TEX}, \(\eta = {tex(eta)}\), \(\beta = {tex(beta)}\), starts from "
                     rf"\(v = 0\) and sees the same gradient \(g = {g}\) at every step. In the long run it moves like "
                     rf"plain SGD \(\theta \leftarrow \theta - \eta_{{\text{{eff}}}}\,g\). Give \(\eta_{{\text{{eff}}}}\).")
            q_text = (f"SGD with momentum {MOM_TEXT}, η = {eta}, β = {beta}, starts from v = 0 and sees the same "
                      f"gradient g = {g} at every step. In the long run it moves like plain SGD θ ← θ − η_eff·g. "
                      "Give η_eff.")
            kind = "number"
        else:
            v0 = _vec(rng, 3, zero_ok=True) if level == 1 else (sp.Integer(0), sp.Integer(0))
            grads = [_vec(rng)] if level == 1 else [_vec(rng), _vec(rng)]
            th, v = list(theta), list(v0)
            lines_tex, lines_text = [], []
            plain, no_beta = list(theta), list(theta)
            for k, g in enumerate(grads, start=1):
                v = [beta * vi + gi for vi, gi in zip(v, g)]
                th = [x - eta * vi for x, vi in zip(th, v)]
                plain = [x - eta * gi for x, gi in zip(plain, g)]
                lines_tex.append(rf"v_{k} = {tex(beta)}\,v_{k - 1} + g_{k} = {tex(tuple(v))},\quad "
                                 rf"\theta_{k} = \theta_{k - 1} - {tex(eta)}\,v_{k} = {tex(tuple(th))}")
                lines_text.append(f"v{k} = {beta}·v{k - 1} + g{k} = {uni(tuple(v))}, θ{k} = θ{k - 1} − {eta}·v{k} = {uni(tuple(th))}")
            answer = tuple(th)
            # the slip: EMA form v ← βv + (1 − β)g
            ema, thm = list(v0), list(theta)
            for g in grads:
                ema = [beta * vi + (1 - beta) * gi for vi, gi in zip(ema, g)]
                thm = [x - eta * vi for x, vi in zip(thm, ema)]
            steps = tuple(Step(f"Step {k + 1}.", lt, lx) for k, (lt, lx) in enumerate(zip(lines_tex, lines_text)))
            mistakes = [Mistake("plain SGD (velocity ignored)", tuple(plain),
                                "The step uses the velocity v, which remembers past gradients, not g alone."),
                        Mistake("EMA form (1 − β)g", tuple(thm),
                                "This convention adds g itself to βv, not (1 − β)g."),
                        Mistake("sign slip", tuple(2 * t0 - t for t0, t in zip(theta, th)),
                                "θ moves against the velocity: θ − ηv.")]
            gs_tex = ", ".join(rf"g_{k + 1} = {tex(g)}" for k, g in enumerate(grads))
            gs_text = ", ".join(f"g{k + 1} = {uni(g)}" for k, g in enumerate(grads))
            last = len(grads)
            q_tex = (rf"SGD with momentum {MOM_TEX}, \(\eta = {tex(eta)}\), \(\beta = {tex(beta)}\), starts at "
                     rf"\(\theta_0 = {tex(theta)}\) with velocity \(v_0 = {tex(v0)}\). The gradient{'s are' if last == 2 else ' is'} \({gs_tex}\)"
                     rf"{' (at θ₀ and θ₁)' if last == 2 else ''}. Give \(\theta_{last}\).")
            q_text = (f"SGD with momentum {MOM_TEXT}, η = {eta}, β = {beta}, starts at θ₀ = {uni(theta)} with velocity "
                      f"v₀ = {uni(v0)}. The gradient{'s are' if last == 2 else ' is'} {gs_text}{' (at θ₀ and θ₁)' if last == 2 else ''}. Give θ_{last}.")
            given = {"eta": str(eta), "beta": str(beta), "theta": [int(x) for x in theta],
                     "v0": [int(x) for x in v0], "grads": [[int(x) for x in g] for g in grads]}
            kind = "tuple"
    else:
        eta = rng.choice((R(1, 10), R(1, 100), R(1, 1000), R(1, 20), R(1, 2)))
        b1 = rng.choice((R(9, 10), R(4, 5)))
        b2 = rng.choice((R(999, 1000), R(99, 100)))
        checking = Checking(precision="decimal", sig_figs=4)
        say = checking.statement()
        if level == 1 and task == "adam":
            g = _vec(rng, 6)
            if rng.random() < 0.25:
                g = (sp.Integer(0), g[1])
            grads = [g]
        else:
            grads = [_vec(rng, 6), _vec(rng, 6)]
            if grads[0][0] * grads[1][0] > 0 and grads[0][0] == grads[1][0]:
                raise Reject("equal gradients in a coordinate: the second step is the first again")
        th, mh, sh = _adam(theta, grads, eta, b1, b2)
        given = {"eta": str(eta), "beta1": str(b1), "beta2": str(b2), "theta": [int(x) for x in theta],
                 "grads": [[int(x) for x in g] for g in grads]}
        t = len(grads)
        gs_tex = ", ".join(rf"g_{k + 1} = {tex(g)}" for k, g in enumerate(grads))
        gs_text = ", ".join(f"g{k + 1} = {uni(g)}" for k, g in enumerate(grads))
        setup_tex = (rf"Adam {ADAM_TEX} with \(\eta = {tex(eta)}\), \(\beta_1 = {tex(b1)}\), \(\beta_2 = {tex(b2)}\) "
                     rf"starts at \(\theta_0 = {tex(theta)}\) with \(m = s = 0\). The gradient{'s are' if t == 2 else ' is'} \({gs_tex}\)"
                     rf"{' (at θ₀ and θ₁)' if t == 2 else ''}.")
        setup_text = (f"Adam {ADAM_TEXT} with η = {eta}, β₁ = {b1}, β₂ = {b2} starts at θ₀ = {uni(theta)} with "
                      f"m = s = 0. The gradient{'s are' if t == 2 else ' is'} {gs_text}{' (at θ₀ and θ₁)' if t == 2 else ''}.")
        moments = Step(f"Moments after step {t}, bias-corrected by 1 − β₁^{t} and 1 − β₂^{t}.",
                       rf"\hat m = {tex(tuple(_dec(x) for x in mh))},\quad \hat s = {tex(tuple(_dec(x) for x in sh))}",
                       f"m̂ = {uni(tuple(_dec(x) for x in mh))}, ŝ = {uni(tuple(_dec(x) for x in sh))}")
        if task == "adam":
            answer = tuple(_dec(x) for x in th)
            no_bias, _, _ = _adam(theta, grads, eta, b1, b2, bias=False)
            sgd = [x - eta * sum(g[i] for g in grads) for i, x in enumerate(theta)]
            steps = [moments]
            if t == 2:
                th1, _, _ = _adam(theta, grads[:1], eta, b1, b2)
                steps.insert(0, Step("Step 1 (bias correction makes it η·g/(|g| + ε) ≈ η·sign g per coordinate).",
                                     rf"\theta_1 = {tex(tuple(_dec(x) for x in th1))}",
                                     f"θ1 = {uni(tuple(_dec(x) for x in th1))}"))
            if t == 1:
                steps.insert(0, Step("First step: m = (1 − β₁)g and s = (1 − β₂)g², and the bias correction divides "
                                     "exactly these factors out: m̂ = g, ŝ = g², so the step is η·g/(|g| + ε) ≈ η·sign(g)."
                                     + (" The coordinate with g = 0 does not move: m̂ = 0 and ε keeps 0/0 away."
                                        if grads[0][0] == 0 else ""), "", ""))
            steps.append(Step("Update each coordinate: θ ← θ − η·m̂/(√ŝ + ε).",
                              rf"\theta_{t} = {tex(answer)}", f"θ{t} = {uni(answer)}"))
            mistakes = [Mistake("no bias correction", tuple(_dec(x) for x in no_bias),
                                "Early on m and s are biased towards 0; divide by 1 − β₁ᵗ and 1 − β₂ᵗ."),
                        Mistake("plain SGD steps", tuple(_dec(x) for x in sgd),
                                "Adam divides each coordinate by √ŝ: its step does not scale with |g|.")]
            kind = "tuple"
            q_tex, q_text = rf"{setup_tex} Give \(\theta_{t}\).", f"{setup_text} Give θ{t}."
        else:
            i = rng.randrange(2)
            answer = _dec(eta / (sp.sqrt(sh[i]) + EPS))
            steps = (moments, Step(f"Coordinate {i + 1} moves by η_eff·m̂ with η_eff = η/(√ŝ + ε).",
                                   rf"\eta_{{\text{{eff}}}} = \frac{{{tex(eta)}}}{{\sqrt{{{tex(_dec(sh[i]))}}} + 10^{{-8}}}} = {tex(answer)}",
                                   f"η_eff = ({eta})/(√{uni(_dec(sh[i]))} + 10⁻⁸) = {uni(answer)}"))
            s_raw = sum((1 - b2) * b2 ** (t - 1 - k) * g[i] ** 2 for k, g in enumerate(grads))
            mistakes = [Mistake("ŝ without bias correction", _dec(eta / (sp.sqrt(s_raw) + EPS)),
                                f"ŝ = s/(1 − β₂^{t}); the raw s is far too small this early."),
                        Mistake("η/ŝ (no square root)", _dec(eta / (sh[i] + EPS)), "Adam divides by √ŝ, the RMS gradient.")]
            kind = "number"
            q_tex = (rf"{setup_tex} After step {t}, coordinate {i + 1} is updated as plain SGD on \(\hat m\) with a "
                     rf"per-coordinate learning rate \(\eta_{{\text{{eff}}}} = \eta/(\sqrt{{\hat s}} + \epsilon)\). "
                     rf"Give that \(\eta_{{\text{{eff}}}}\) for coordinate {i + 1}.")
            q_text = (f"{setup_text} After step {t}, coordinate {i + 1} is updated as plain SGD on m̂ with a per-coordinate "
                      f"learning rate η_eff = η/(√ŝ + ε). Give that η_eff for coordinate {i + 1}.")
            given["coordinate"] = i
        steps = tuple(steps)
    mistakes = [m for m in mistakes if not numeric.same_value(m.answer, answer, rel=1e-9)]
    return Problem(prompt_tex=f"{q_tex} {say}", prompt_text=f"{q_text} {say}", answer=answer, kind=kind,
                   solution=steps, given={**given, "task": task}, checking=checking, mistakes=tuple(mistakes))


def verify(given: dict, answer) -> Evidence:
    q = lambda k: float(sp.Rational(given[k]))  # noqa: E731
    task = given["task"]
    if task == "effective" and "beta" in given:
        beta, eta = q("beta"), q("eta")
        v, theta = 0.0, 0.0
        for _ in range(2000):                       # simulate; the step per unit gradient settles
            v = beta * v + given["g"]
            theta -= eta * v
        expected = eta * v / given["g"]
        err = numeric.require_close(float(answer), expected, "η_eff", rel=1e-6)
        return Evidence("simulation", f"2000 momentum steps: step/g → {expected:.6g}", err)
    theta = np.array(given["theta"], dtype=float)
    grads = [np.array(g, dtype=float) for g in given["grads"]]
    if task == "momentum":
        v = np.array(given["v0"], dtype=float)
        for g in grads:
            v = q("beta") * v + g
            theta = theta - q("eta") * v
        expected = theta
    else:
        b1, b2, eta = q("beta1"), q("beta2"), q("eta")
        m, s = np.zeros(2), np.zeros(2)
        for t, g in enumerate(grads, start=1):
            m = b1 * m + (1 - b1) * g
            s = b2 * s + (1 - b2) * g * g
            mh, sh = m / (1 - b1**t), s / (1 - b2**t)
            theta = theta - eta * mh / (np.sqrt(sh) + 1e-8)
        expected = theta if task == "adam" else np.array([eta / (np.sqrt(sh[given["coordinate"]]) + 1e-8)])
    got = answer if isinstance(answer, tuple) else (answer,)
    if len(got) != len(expected):
        raise VerificationError("wrong number of components")
    # answers are given to 6 significant figures
    err = max(numeric.require_close(float(a), float(e), "component", rel=2e-6, floor=1e-9) for a, e in zip(got, expected))
    return Evidence("numpy float64 simulation", f"the optimiser run step by step: {np.round(expected, 8).tolist()}", err)


FAMILY = Family(
    name="optimizers", version=1, title="SGD with momentum and Adam by hand",
    summary="Momentum and Adam steps with bias correction, and the effective learning rate each implies.",
    params={
        "level": Param(1, (1, 2), "1: one step / momentum's η/(1 − β); 2: two steps / Adam's per-coordinate rate"),
        "task": Param("momentum", ("momentum", "adam", "effective"),
                      "momentum: heavy-ball steps; adam: Adam steps; effective: the effective learning rate"),
    },
    levels={1: "one step (Adam's first step ≈ η·sign g, a zero-gradient coordinate sometimes); momentum's "
               "effective rate η/(1 − β)",
            2: "two steps with two gradients, bias correction at t = 2; Adam's per-coordinate rate η/(√ŝ + ε)"},
    generate=generate, verify=verify,
)
