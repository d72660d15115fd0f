"""Learning-rate schedules: linear warm-up, then cosine or inverse-square-root decay.

task=rate, level 1: warm-up η(t) = η_max·t/w for t ≤ w, then cosine decay
η(t) = η_min + ½(η_max − η_min)(1 + cos(π(t − w)/(T − w))) for w < t ≤ T: the rate at a step
(either phase; the cosine's angle is a multiple of π/12, so its value is exact).
task=rate, level 2: the Transformer ("Noam") schedule η(t) = k·d^(−1/2)·min(t^(−1/2), t·w^(−3/2)):
which branch of the min applies at t, and the rate there.
task=peak, level 1: η(t) = min(a·t, b/√t): the step of the peak (where the branches cross,
t* = (b/a)^(2/3)) and the peak rate.
task=peak, level 2: the Noam schedule: the step of the peak (w), the peak rate k/√(d·w), and the
step where the decay has brought the rate down to 1/r of the peak (r²·w).

Steps count from 1. Verified by evaluating the schedule in floating point at every integer
step (numpy) and taking the arg-max and the first step below the threshold by brute force.
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

R = sp.Rational
CHECK = Checking(sig_figs=3)
STEPS_NOTE = "Steps are counted from t = 1."


_SUP = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")


def _sci(x) -> tuple[str, str]:
    """A small rate like 3/10000 or 3/4000000 as 3·10⁻⁴, 7.5·10⁻⁷ (TeX, text) when its mantissa
    has at most three digits; otherwise the exact fraction."""
    x = sp.Rational(x)
    if x == 0:
        return "0", "0"
    for e in range(0, 12):
        m = x * 10**e
        if 1 <= abs(m) < 10:
            for places in range(0, 4):
                if (m * 10**places).q == 1:
                    digits = f"{float(m):.{places}f}"
                    if e == 0:
                        return digits, digits
                    if digits == "1":
                        return rf"10^{{-{e}}}", f"10{('-' + str(e)).translate(_SUP)}"
                    return rf"{digits}\cdot 10^{{-{e}}}", f"{digits}·10{('-' + str(e)).translate(_SUP)}"
            break
    return tex(x), str(x)


def generate(rng: random.Random, params: dict) -> Problem:
    level, task = params["level"], params["task"]
    mistakes: list = []
    say = CHECK.statement()
    if task == "rate" and level == 1:
        w = rng.choice((100, 200, 500, 1000, 2000, 400))
        T = w + rng.choice((12, 24, 36, 60, 120)) * rng.choice((10, 50, 100))
        eta_max = R(rng.choice((1, 2, 3, 5, 6)), 10 ** rng.choice((3, 4)))
        eta_min = rng.choice((0, eta_max / 10, eta_max / 100))
        if rng.random() < 0.25:
            t = rng.randint(1, w - 1)
            answer = eta_max * t / w
            steps = (Step(f"t = {t} ≤ w = {w}: still warming up, linearly.",
                          rf"\eta({t}) = \eta_{{\max}}\cdot\frac{{{t}}}{{{w}}} = {tex(answer)}",
                          f"η({t}) = η_max·{t}/{w} = {answer}"),)
            mistakes = [Mistake("used the cosine branch", eta_min + (eta_max - eta_min) / 2 *
                                (1 + sp.cos(sp.pi * R(t - w, T - w))),
                                f"The cosine branch starts after the warm-up; t = {t} ≤ w = {w}."),
                        Mistake("η_max already", eta_max, "During warm-up the rate grows linearly from 0 to η_max.")]
        else:
            frac = R(rng.randint(1, 11), 12)
            t = w + frac * (T - w)
            if t.q != 1:
                raise Reject("the angle must land on an integer step")
            t = int(t)
            cosv = sp.cos(sp.pi * frac)
            answer = sp.nsimplify(eta_min + (eta_max - eta_min) / 2 * (1 + cosv))
            answer = sp.radsimp(answer)
            steps = (Step(f"t = {t} > w = {w}: cosine phase, {t - w} of {T - w} decay steps done.",
                          rf"\frac{{t - w}}{{T - w}} = \frac{{{t - w}}}{{{T - w}}} = {tex(frac)}",
                          f"(t − w)/(T − w) = {t - w}/{T - w} = {frac}"),
                     Step("Evaluate the cosine.",
                          rf"\eta({t}) = {tex(eta_min)} + \tfrac12({tex(eta_max - eta_min)})"
                          rf"\left(1 + \cos\tfrac{{{tex(frac)}\pi}}{{1}}\right) = {tex(answer)}",
                          f"η({t}) = {eta_min} + ½·{eta_max - eta_min}·(1 + cos({frac}π)) = {uni(answer)}"))
            mistakes = [Mistake("forgot the warm-up offset", sp.radsimp(eta_min + (eta_max - eta_min) / 2 *
                                                                       (1 + sp.cos(sp.pi * R(t, T))))
                                , "The cosine runs over the T − w steps after the warm-up: use (t − w)/(T − w)."),
                        Mistake("dropped the ½", sp.radsimp(eta_min + (eta_max - eta_min) * (1 + cosv)),
                                "½(1 + cos) runs from 1 to 0; without the ½ the rate would start at 2η_max.")]
        mx_tex, mx_text = _sci(eta_max)
        mn_tex, mn_text = _sci(eta_min) if eta_min else ("0", "0")
        given = {"w": w, "T": T, "eta_max": str(eta_max), "eta_min": str(eta_min), "t": t}
        q_tex = (rf"A schedule warms up linearly, \(\eta(t) = \eta_{{\max}}\,t/w\) for \(t \le w\), then decays by a "
                 rf"cosine, \(\eta(t) = \eta_{{\min}} + \tfrac12(\eta_{{\max}} - \eta_{{\min}})\left(1 + "
                 rf"\cos\frac{{\pi(t - w)}}{{T - w}}\right)\) for \(w < t \le T\), with \(w = {w}\), \(T = {T}\), "
                 rf"\(\eta_{{\max}} = {mx_tex}\), \(\eta_{{\min}} = {mn_tex}\). Give \(\eta({t})\). {STEPS_NOTE} {say}")
        q_text = (f"A schedule warms up linearly, η(t) = η_max·t/w for t ≤ w, then decays by a cosine, η(t) = η_min + "
                  f"½(η_max − η_min)(1 + cos(π(t − w)/(T − w))) for w < t ≤ T, with w = {w}, T = {T}, "
                  f"η_max = {mx_text}, η_min = {mn_text}. Give η({t}). {STEPS_NOTE} {say}")
        kind = "number"
    elif task == "peak" and level == 1:
        n = rng.choice((10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 15, 25))
        w = n * n
        a = R(rng.choice((1, 2, 3, 4, 5, 6, 8, 12, 15, 25)), 10 ** rng.choice((6, 7, 8)))
        b = a * n**3                      # a·t = b/√t exactly at t = n² = w
        peak = a * w
        answer = (sp.Integer(w), peak)
        a_tex, a_text = _sci(a)
        b_tex, b_text = _sci(b)
        steps = (Step("The rate rises with a·t and falls with b/√t; the peak is where the two branches meet.",
                      r"a t^* = \frac{b}{\sqrt{t^*}} \iff (t^*)^{3/2} = \frac{b}{a}"
                      rf" \Rightarrow t^* = \left(\frac{{b}}{{a}}\right)^{{2/3}} = ({tex(b / a)})^{{2/3}} = {w}",
                      f"a·t* = b/√t* ⇔ t*^(3/2) = b/a ⇒ t* = ({uni(b / a)})^(2/3) = {w}"),
                 Step("Peak rate.", rf"\eta(t^*) = a t^* = {a_tex}\cdot {w} = {_sci(peak)[0]}",
                      f"η(t*) = a·t* = {a_text}·{w} = {_sci(peak)[1]}"))
        tb = sp.Integer(math.isqrt(w))
        mistakes = [Mistake("t* = b/a", (tb ** 3, a * tb ** 3), "a t = b/√t gives t^(3/2) = b/a, so t* = (b/a)^(2/3)."),
                    Mistake("peak as b/t*", (sp.Integer(w), b / w), "On the decay branch η = b/√t: divide by √t*, not t*.")]
        given = {"a": str(a), "b": str(b)}
        q_tex = (rf"A schedule with linear warm-up and inverse-square-root decay is \(\eta(t) = \min(a t,\ b/\sqrt t)\) "
                 rf"with \(a = {a_tex}\), \(b = {b_tex}\). Give the step \(t^*\) where the rate peaks and the peak rate, "
                 rf"as \((t^*, \eta(t^*))\). {STEPS_NOTE} {say}")
        q_text = (f"A schedule with linear warm-up and inverse-square-root decay is η(t) = min(a·t, b/√t) with a = {a_text}, "
                  f"b = {b_text}. Give the step t* where the rate peaks and the peak rate, as (t*, η(t*)). {STEPS_NOTE} {say}")
        kind = "tuple"
    else:
        d = rng.choice((128, 256, 512, 768, 1024, 64, 2048))
        w = rng.choice((1000, 2000, 4000, 8000, 500, 16000, 3000))
        k = rng.choice((1, 2, R(1, 2), 5))
        noam_tex = (rf"\(\eta(t) = k\,d^{{-1/2}}\min\!\left(t^{{-1/2}},\ t\,w^{{-3/2}}\right)\) with \(k = {tex(k)}\), "
                    rf"model width \(d = {d}\), warm-up \(w = {w}\)")
        noam_text = f"η(t) = k·d^(−1/2)·min(t^(−1/2), t·w^(−3/2)) with k = {k}, model width d = {d}, warm-up w = {w}"
        given = {"d": d, "w": w, "k": str(k)}
        peak = sp.radsimp(k / sp.sqrt(d * w))
        if task == "rate":
            t = rng.choice((rng.randint(1, w - 1), rng.randint(w + 1, 20 * w), rng.randint(w + 1, 5 * w)))
            if t < w:
                answer = sp.radsimp(k * t / (sp.sqrt(d) * sp.Integer(w) ** R(3, 2)))
                branch, other = "t·w^(−3/2)", sp.radsimp(k / sp.sqrt(d * t))
                why = f"t = {t} < w = {w}: t·w^(−3/2) < t^(−1/2) (warm-up)"
            else:
                answer = sp.radsimp(k / sp.sqrt(d * t))
                branch, other = "t^(−1/2)", sp.radsimp(k * t / (sp.sqrt(d) * sp.Integer(w) ** R(3, 2)))
                why = f"t = {t} > w = {w}: t^(−1/2) < t·w^(−3/2) (decay)"
            steps = (Step(f"Which branch is smaller? {why}.", "", ""),
                     Step(f"Use {branch}.", rf"\eta({t}) = {tex(answer)}", f"η({t}) = {uni(answer)}"))
            mistakes = [Mistake("the larger branch (max instead of min)", other,
                                "The schedule takes the smaller of the two: warm-up before w, decay after."),
                        Mistake("forgot d^(−1/2)", sp.radsimp(answer * sp.sqrt(d)), f"Multiply by d^(−1/2) = 1/√{d}.")]
            given["t"] = t
            q_tex = rf"The Transformer schedule is {noam_tex}. Give \(\eta({t})\). {STEPS_NOTE} {say}"
            q_text = f"The Transformer schedule is {noam_text}. Give η({t}). {STEPS_NOTE} {say}"
            kind = "number"
        else:
            r = rng.choice((2, 3, 4))
            answer = (sp.Integer(w), peak, sp.Integer(r * r * w))
            steps = (Step("The branches meet where t^(−1/2) = t·w^(−3/2), i.e. t = w: the peak.",
                          rf"t^* = w = {w},\quad \eta(w) = \frac{{k}}{{\sqrt{{d\,w}}}} = {tex(peak)}",
                          f"t* = w = {w}, η(w) = k/√(d·w) = {uni(peak)}"),
                     Step(f"After the peak η ∝ t^(−1/2): it falls to 1/{r} of the peak when √(t/w) = {r}.",
                          rf"t = {r}^2 w = {r * r * w}", f"t = {r}²·w = {r * r * w}"))
            mistakes = [Mistake("η ∝ 1/t after the peak", (sp.Integer(w), peak, sp.Integer(r * w)),
                                f"The decay is t^(−1/2): 1/{r} of the peak needs t = {r}²·w, not {r}·w."),
                        Mistake("peak rate without k", (sp.Integer(w), sp.radsimp(1 / sp.sqrt(d * w)), sp.Integer(r * r * w)),
                                f"The factor k = {k} multiplies the whole schedule.")]
            given["r"] = r
            q_tex = (rf"The Transformer schedule is {noam_tex}. Give the step \(t^*\) of the peak, the peak rate "
                     rf"\(\eta(t^*)\), and the first step \(t_r\) at which the rate has fallen to \(1/{r}\) of the peak, as "
                     rf"\((t^*, \eta(t^*), t_r)\). {STEPS_NOTE} {say}")
            q_text = (f"The Transformer schedule is {noam_text}. Give the step t* of the peak, the peak rate η(t*), and the "
                      f"first step t_r at which the rate has fallen to 1/{r} of the peak, as (t*, η(t*), t_r). "
                      f"{STEPS_NOTE} {say}")
            kind = "tuple"
    mistakes = [m for m in mistakes if not numeric.same_value(m.answer, answer)]
    return Problem(prompt_tex=q_tex, prompt_text=q_text, answer=answer, kind=kind, solution=tuple(steps),
                   given={**given, "task": task}, checking=CHECK, mistakes=tuple(mistakes))


def _schedule(given: dict):
    """η(t) for t = 1..N as a numpy array, and N."""
    if "a" in given:
        a, b = float(sp.Rational(given["a"])), float(sp.sympify(given["b"]))
        t = np.arange(1, 200_000, dtype=float)
        return np.minimum(a * t, b / np.sqrt(t))
    if "d" in given:
        d, w, k = given["d"], given["w"], float(sp.Rational(given["k"]))
        t = np.arange(1, 20 * w + 1, dtype=float)
        return k * d**-0.5 * np.minimum(t**-0.5, t * w**-1.5)
    w, T = given["w"], given["T"]
    hi, lo = float(sp.Rational(given["eta_max"])), float(sp.Rational(given["eta_min"]))
    t = np.arange(1, T + 1, dtype=float)
    return np.where(t <= w, hi * t / w, lo + 0.5 * (hi - lo) * (1 + np.cos(np.pi * (t - w) / (T - w))))


def verify(given: dict, answer) -> Evidence:
    eta = _schedule(given)
    if given["task"] == "rate":
        expected = eta[given["t"] - 1]
        return Evidence("numpy", f"the schedule evaluated at t = {given['t']}: {expected:.6g}",
                        numeric.require_close(float(answer), float(expected), "η(t)", rel=1e-9, floor=1e-15))
    top = int(np.argmax(eta))
    parts = [sp.Integer(top + 1), eta[top]]
    if "r" in given:
        after = eta[top:] <= eta[top] / given["r"] * (1 + 1e-12)
        parts.append(sp.Integer(top + int(np.argmax(after)) + 1))
    if not isinstance(answer, tuple) or len(answer) != len(parts):
        raise VerificationError(f"expected {len(parts)} values")
    if int(answer[0]) != parts[0] or (len(parts) == 3 and int(answer[2]) != parts[2]):
        raise VerificationError(f"brute force over every step finds {parts}, the family {answer}")
    err = numeric.require_close(float(answer[1]), float(parts[1]), "peak rate", rel=1e-9, floor=1e-15)
    return Evidence("numpy brute force", f"arg-max over every integer step: t* = {parts[0]}, η* = {parts[1]:.6g}", err)


FAMILY = Family(
    name="lr_schedules", version=1, title="Learning-rate schedules with warm-up",
    summary="Linear warm-up then cosine or inverse-square-root decay: the rate at a step, the peak and its step.",
    params={
        "level": Param(1, (1, 2), "1: explicit warm-up + cosine / min(a t, b/√t); 2: the Transformer (Noam) schedule"),
        "task": Param("rate", ("rate", "peak"), "rate: η at a step; peak: where and how high the rate peaks"),
    },
    levels={1: "warm-up + cosine written out piecewise; min(a·t, b/√t) whose branches must be intersected",
            2: "the Transformer schedule k·d^(−1/2)·min(t^(−1/2), t·w^(−3/2)): pick the branch, the peak, and the "
               "step where decay reaches 1/r of the peak"},
    generate=generate, verify=verify,
)
