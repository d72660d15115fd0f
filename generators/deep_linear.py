"""Learning dynamics of one mode of a deep linear network (Saxe, McClelland & Ganguli).

Each singular mode of the input–output correlation, strength s, is learned independently under
gradient flow with time constant τ. The mode's current strength u(t) starts at u₀ (0 < u₀ < s):

* depth 1 (a single weight layer): τ u̇ = s − u, so u(t) = s − (s − u₀)e^(−t/τ) — no plateau;
* depth 2 (two layers, balanced, u = a·b with a = b): τ u̇ = 2u(s − u), a logistic curve
  u(t) = s·e^(2st/τ) / (e^(2st/τ) − 1 + s/u₀) — a plateau while u is small, then a sudden rise.

task=value: u(t) at a given time. task=halftime: the time to reach s/2 —
depth 1: t½ = τ ln(2(s − u₀)/s); depth 2: t½ = (τ/2s) ln((s − u₀)/u₀), which grows like ln(1/u₀)
as the initialisation shrinks (level 2 draws u₀ down to 10⁻⁴·s; the solution compares the depths).
Level 1: depth 1; level 2: depth 2.

Verified by integrating the ODE with classical Runge–Kutta (numpy, 4000 steps) — the closed forms
are not used.
"""

from __future__ import annotations

import random

import sympy as sp

from osmose import numeric
from osmose.family import (Checking, Evidence, Family, Mistake, Param, Problem, Reject, Step,
                           VerificationError)
from osmose.mathtext import tex, uni

R = sp.Rational
CHECK = Checking(sig_figs=3)


def generate(rng: random.Random, params: dict) -> Problem:
    level, task = params["level"], params["task"]
    s = sp.Integer(rng.randint(1, 12))
    tau = sp.Integer(rng.choice((1, 2, 4, 5, 10, 20, 50, 100)))
    frac = rng.choice((R(1, 10), R(1, 20), R(1, 100), R(1, 1000), R(1, 4), R(1, 5))) if level == 1 else \
        rng.choice((R(1, 100), R(1, 1000), R(1, 10000), R(1, 50), R(1, 10), R(1, 200)))
    u0 = s * frac
    mistakes: list = []
    if level == 1:
        law_tex, law_text = r"\tau\dot u = s - u", "τ·du/dt = s − u"
        setting = "a single weight layer (depth 1)"
    else:
        law_tex, law_text = r"\tau\dot u = 2u(s - u)", "τ·du/dt = 2u(s − u)"
        setting = "two balanced layers (depth 2, u = a·b with a = b)"
    if task == "value":
        if level == 1:
            t = tau * rng.choice((R(1, 2), 1, 2, 3, R(1, 10), 5))
            answer = s - (s - u0) * sp.exp(-t / tau)
            steps = (Step("Linear ODE: the gap s − u decays exponentially.",
                          rf"u(t) = s - (s - u_0)e^{{-t/\tau}} = {tex(s)} - {tex(s - u0)}\,e^{{-{tex(t / tau)}}}",
                          f"u(t) = s − (s − u₀)e^(−t/τ) = {s} − {s - u0}·e^(−{t / tau})"),)
            mistakes = [Mistake("decayed u instead of the gap", u0 * sp.exp(-t / tau),
                                "u approaches s; it is the gap s − u that decays."),
                        Mistake("forgot τ", s - (s - u0) * sp.exp(-t), "The rate is 1/τ: e^(−t/τ).")]
        else:
            # choose t around the transition so the answer is not just u₀ or s
            th = tau / (2 * s) * sp.log((s - u0) / u0)
            t = sp.nsimplify(round(float(th) * rng.choice((0.5, 0.8, 1.0, 1.2, 1.5)), 2))
            if t <= 0:
                raise Reject("t must be positive")
            E = sp.exp(2 * s * t / tau)
            answer = s * E / (E - 1 + s / u0)
            steps = (Step("Separate variables: the logistic equation's solution.",
                          r"u(t) = \frac{s\,e^{2st/\tau}}{e^{2st/\tau} - 1 + s/u_0}",
                          "u(t) = s·e^(2st/τ)/(e^(2st/τ) − 1 + s/u₀)"),
                     Step("Substitute.", rf"2st/\tau = {tex(2 * s * t / tau)},\quad s/u_0 = {tex(s / u0)}\ \Rightarrow\ "
                                         rf"u = {float(answer):.6g}",
                          f"2st/τ = {2 * s * t / tau}, s/u₀ = {s / u0} ⇒ u = {float(answer):.6g}"))
            wrong = s - (s - u0) * sp.exp(-t / tau)
            mistakes = [Mistake("depth-1 dynamics", wrong, "Two layers give τu̇ = 2u(s − u): a logistic curve, "
                                                          "slow while u is small."),
                        Mistake("rate s/τ instead of 2s/τ", s * sp.exp(s * t / tau) / (sp.exp(s * t / tau) - 1 + s / u0),
                                "The exponent is 2st/τ (the factor 2 of τu̇ = 2u(s − u)).")]
        given = {"s": int(s), "tau": int(tau), "u0": str(u0), "t": str(t), "depth": level}
        q_tex = (rf"One mode of a linear network with {setting} has target strength \(s = {s}\) and learns by "
                 rf"gradient flow \({law_tex}\), \(\tau = {tau}\), from \(u(0) = {tex(u0)}\). Give \(u({tex(t)})\).")
        q_text = (f"One mode of a linear network with {setting} has target strength s = {s} and learns by gradient flow "
                  f"{law_text}, τ = {tau}, from u(0) = {u0}. Give u({t}).")
    else:
        if level == 1:
            answer = tau * sp.log(2 * (s - u0) / s)
            steps = (Step("Set u(t) = s/2 in u = s − (s − u₀)e^(−t/τ).",
                          rf"e^{{-t/\tau}} = \frac{{s/2}}{{s - u_0}} \Rightarrow t_{{1/2}} = \tau\ln\frac{{2(s - u_0)}}{{s}} "
                          rf"= {tex(answer)}",
                          f"e^(−t/τ) = (s/2)/(s − u₀) ⇒ t½ = τ·ln(2(s − u₀)/s) = {uni(answer)}"),
                     Step("No plateau: even from a tiny u₀ this is at most τ ln 2.", "", ""))
            mistakes = [Mistake("depth-2 formula", tau / (2 * s) * sp.log((s - u0) / u0),
                                "That is the two-layer (logistic) half-time; one layer relaxes exponentially.")]
        else:
            answer = tau / (2 * s) * sp.log((s - u0) / u0)
            t1 = tau * sp.log(2 * (s - u0) / s)
            steps = (Step("Set u(t) = s/2 in the logistic solution: e^(2st/τ) − 1 + s/u₀ = 2e^(2st/τ).",
                          rf"e^{{2st/\tau}} = \frac{{s - u_0}}{{u_0}} \Rightarrow t_{{1/2}} = \frac{{\tau}}{{2s}}"
                          rf"\ln\frac{{s - u_0}}{{u_0}} = {tex(answer)}",
                          f"e^(2st/τ) = (s − u₀)/u₀ ⇒ t½ = (τ/2s)·ln((s − u₀)/u₀) = {uni(answer)}"),
                     Step(f"Compare one layer: τ ln(2(s − u₀)/s) = {float(t1):.4g}. The two-layer time grows like "
                          f"ln(1/u₀): the plateau of a small initialisation.", "", ""))
            mistakes = [Mistake("depth-1 formula", t1, "One layer relaxes exponentially; two layers follow a "
                                                       "logistic curve with a plateau."),
                        Mistake("forgot the 1/(2s)", tau * sp.log((s - u0) / u0), "e^(2st/τ): divide the log by 2s/τ."),
                        ]
            if frac >= R(1, 50):   # for smaller u₀ the approximation is within the checker's tolerance
                mistakes.append(Mistake("ln(s/u₀)", tau / (2 * s) * sp.log(s / u0),
                                        "Solve exactly: e^(2st/τ) = (s − u₀)/u₀."))
        given = {"s": int(s), "tau": int(tau), "u0": str(u0), "depth": level}
        q_tex = (rf"One mode of a linear network with {setting} has target strength \(s = {s}\) and learns by "
                 rf"gradient flow \({law_tex}\), \(\tau = {tau}\), from \(u(0) = {tex(u0)}\). How long until "
                 rf"\(u = s/2\)?")
        q_text = (f"One mode of a linear network with {setting} has target strength s = {s} and learns by gradient flow "
                  f"{law_text}, τ = {tau}, from u(0) = {u0}. How long until u = s/2?")
    say = CHECK.statement()
    mistakes = [m for m in mistakes if not numeric.same_value(m.answer, answer, rel=1e-9)]
    return Problem(prompt_tex=f"{q_tex} {say}", prompt_text=f"{q_text} {say}", answer=answer, kind="number",
                   solution=tuple(steps), given={**given, "task": task}, checking=CHECK, mistakes=tuple(mistakes))


def _rk4(f, u: float, t_end: float, n: int = 4000) -> float:
    h = t_end / n
    for _ in range(n):
        k1 = f(u)
        k2 = f(u + h * k1 / 2)
        k3 = f(u + h * k2 / 2)
        k4 = f(u + h * k3)
        u += h * (k1 + 2 * k2 + 2 * k3 + k4) / 6
    return u


def verify(given: dict, answer) -> Evidence:
    s, tau, u0 = given["s"], given["tau"], float(sp.Rational(given["u0"]))
    f = (lambda u: (s - u) / tau) if given["depth"] == 1 else (lambda u: 2 * u * (s - u) / tau)
    if given["task"] == "value":
        t = float(sp.Rational(given["t"]))
        expected = _rk4(f, u0, t)
        err = numeric.require_close(float(answer), expected, "u(t)", rel=1e-7, floor=1e-10)
        return Evidence("Runge–Kutta", f"RK4 integration of the ODE to t = {t:g}: u = {expected:.8g}", err)
    t = float(answer)
    if not t > 0:
        raise VerificationError("a time must be positive")
    reached = _rk4(f, u0, t)
    err = numeric.require_close(reached, s / 2, "u(t½)", rel=1e-6)
    return Evidence("Runge–Kutta", f"RK4 integration to the stated time reaches u = {reached:.8g} = s/2", err)


FAMILY = Family(
    name="deep_linear", version=1, title="Deep linear network dynamics",
    summary="One mode's learning curve u(t) and the time to reach s/2, one layer (no plateau) vs two (plateau).",
    params={
        "level": Param(1, (1, 2), "1: depth 1, τu̇ = s − u; 2: depth 2, τu̇ = 2u(s − u)"),
        "task": Param("value", ("value", "halftime"), "value: u(t); halftime: the time to reach s/2"),
    },
    levels={1: "one layer: exponential relaxation", 2: "two layers: the logistic curve with a plateau, t½ ∝ ln(1/u₀)"},
    generate=generate, verify=verify,
)
