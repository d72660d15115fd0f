"""Sinusoidal positional encoding (Vaswani et al.): values, and the rotation that shifts positions.

PE(p, 2i) = sin(p·ωᵢ), PE(p, 2i + 1) = cos(p·ωᵢ), ωᵢ = 10000^(−2i/d), positions p and dimension
indices counted from 0 (stated in every prompt).

task=value: level 1, one entry where ωᵢ is a power of ten (2i/d ∈ {0, ¼, ½, ¾}); level 2, the pair
(PE(p, 2i), PE(p, 2i + 1)) where ωᵢ = 10000^(−2i/d) is not a power of ten.
task=rotation: level 1, the 2×2 matrix R_k with (PE(p + k, 2i), PE(p + k, 2i + 1))ᵀ = R_k(PE(p, 2i),
PE(p, 2i + 1))ᵀ for every p; level 2, the pair at p + k from the pair at p, given only as decimals
(p itself is not given: the rotation is the only way).

Verified with numpy's vectorised encoding table (the div_term = exp(−ln(10000)·2i/d) form used in
implementations), indexed at the position and dimension.
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
CONV_TEX = (r"\(PE(p, 2i) = \sin(p\,\omega_i)\), \(PE(p, 2i+1) = \cos(p\,\omega_i)\), "
            r"\(\omega_i = 10000^{-2i/d}\), positions and dimensions counted from 0")
CONV_TEXT = "PE(p, 2i) = sin(p·ωᵢ), PE(p, 2i+1) = cos(p·ωᵢ), ωᵢ = 10000^(−2i/d), positions and dimensions counted from 0"


def _nice(rng: random.Random):
    """(d, i, ω) with 2i/d ∈ {0, 1/4, 1/2, 3/4}: ω = 1, 1/10, 1/100, 1/1000."""
    d = rng.choice((8, 16, 32, 64, 128, 256, 512))
    q = rng.choice((0, 1, 2, 3))
    i = q * d // 8
    return d, i, R(1, 10**q)


def generate(rng: random.Random, params: dict) -> Problem:
    level, task = params["level"], params["task"]
    mistakes: list = []
    checking = Checking(sig_figs=4)
    if task == "value":
        if level == 1:
            d, i, w = _nice(rng)
            p = rng.randint(1, 200)
            j = 2 * i + rng.randint(0, 1)
            arg = p * w
            fn = sp.sin if j % 2 == 0 else sp.cos
            answer = fn(arg)
            other = (sp.cos if j % 2 == 0 else sp.sin)(arg)
            steps = (Step(f"Dimension {j} is {'even' if j % 2 == 0 else 'odd'}: i = {i}, so "
                          f"ω = 10000^(−{2 * i}/{d}) = {w}.",
                          rf"\omega_{{{i}}} = 10000^{{-{2 * i}/{d}}} = {tex(w)}", f"ω_{i} = 10000^(−{2 * i}/{d}) = {w}"),
                     Step("Evaluate (radians).", rf"PE({p}, {j}) = {tex(answer)}", f"PE({p}, {j}) = {uni(answer)}"))
            mistakes = [Mistake("sin and cos swapped", other, "Even dimensions use sin, odd dimensions cos."),
                        Mistake("used i = j", fn(p * sp.Integer(10000) ** R(-2 * j, d)) if j else fn(p),
                                f"Dimensions 2i and 2i + 1 share ωᵢ: here i = {i}, not {j}.")]
            if j % 2 == 1:
                mistakes.append(Mistake("i = (j + 1)/2", fn(p * sp.Integer(10000) ** R(-2 * (i + 1), d)),
                                        f"j = {j} = 2·{i} + 1, so i = {i}."))
            given = {"d": d, "p": p, "j": j}
            q_tex = rf"With {CONV_TEX}, and \(d = {d}\), give \(PE({p}, {j})\) (arguments in radians)."
            q_text = f"With {CONV_TEXT}, and d = {d}, give PE({p}, {j}) (arguments in radians)."
            kind = "number"
        else:
            d = rng.choice((6, 10, 12, 20, 24, 40, 48, 100))
            i = rng.randint(1, d // 2 - 1)
            if R(2 * i, d) in (R(1, 4), R(1, 2), R(3, 4)):
                raise Reject("a power of ten: level 1")
            p = rng.randint(1, 60)
            w = sp.Integer(10000) ** R(-2 * i, d)
            answer = (sp.sin(p * w), sp.cos(p * w))
            wf = float(w)
            steps = (Step("Both entries share ωᵢ.", rf"\omega_{{{i}}} = 10000^{{-{2 * i}/{d}}} = {wf:.6g}",
                          f"ω_{i} = 10000^(−{2 * i}/{d}) = {wf:.6g}"),
                     Step("Evaluate sin and cos of p·ω (radians).",
                          rf"p\,\omega = {p * wf:.6g}:\ ({math.sin(p * wf):.6g},\ {math.cos(p * wf):.6g})",
                          f"p·ω = {p * wf:.6g}: ({math.sin(p * wf):.6g}, {math.cos(p * wf):.6g})"))
            mistakes = [Mistake("exponent −i/d", (sp.sin(p * sp.Integer(10000) ** R(-i, d)), sp.cos(p * sp.Integer(10000) ** R(-i, d))),
                                "ωᵢ = 10000^(−2i/d): the exponent uses the even dimension 2i."),
                        Mistake("sin and cos swapped", (answer[1], answer[0]), "Even dimensions use sin, odd cos.")]
            given = {"d": d, "p": p, "i": i}
            q_tex = (rf"With {CONV_TEX}, and \(d = {d}\), give \((PE({p}, {2 * i}), PE({p}, {2 * i + 1}))\) (arguments in "
                     rf"radians).")
            q_text = f"With {CONV_TEXT}, and d = {d}, give (PE({p}, {2 * i}), PE({p}, {2 * i + 1})) (arguments in radians)."
            kind = "tuple"
    else:
        d, i, w = _nice(rng)
        k = rng.randint(1, 50)
        c, s = sp.cos(k * w), sp.sin(k * w)
        if level == 1:
            answer = sp.ImmutableMatrix([[c, s], [-s, c]])
            steps = (Step("Angle addition: sin((p + k)ω) = sin(pω)cos(kω) + cos(pω)sin(kω), "
                          "cos((p + k)ω) = cos(pω)cos(kω) − sin(pω)sin(kω).", "", ""),
                     Step("Read off the matrix: it depends on k (and ω) but not on p.",
                          rf"R_{{{k}}} = {tex(answer)}", f"R_{k} = {uni(answer)}"))
            mistakes = [Mistake("transposed (rotation the other way)", sp.ImmutableMatrix([[c, -s], [s, c]]),
                                "Row 1 gives sin((p + k)ω) = sin(pω)cos(kω) + cos(pω)sin(kω): +sin in the top right.")]
            given = {"d": d, "i": i, "k": k}
            q_tex = (rf"With {CONV_TEX}, and \(d = {d}\), shifting the position by \(k = {k}\) acts on the pair of "
                     rf"dimensions \(({2 * i}, {2 * i + 1})\) as a fixed linear map: \((PE(p + {k}, {2 * i}), "
                     rf"PE(p + {k}, {2 * i + 1}))^\top = R_{{{k}}}\,(PE(p, {2 * i}), PE(p, {2 * i + 1}))^\top\) for every "
                     rf"\(p\). Give the 2×2 matrix \(R_{{{k}}}\).")
            q_text = (f"With {CONV_TEXT}, and d = {d}, shifting the position by k = {k} acts on the pair of dimensions "
                      f"({2 * i}, {2 * i + 1}) as a fixed linear map: (PE(p + {k}, {2 * i}), PE(p + {k}, {2 * i + 1}))ᵀ = "
                      f"R_{k}·(PE(p, {2 * i}), PE(p, {2 * i + 1}))ᵀ for every p. Give the 2×2 matrix R_{k}.")
            kind = "matrix"
            checking = Checking(sig_figs=4)
        else:
            p = rng.randint(1, 300)
            a0, b0 = math.sin(p * float(w)), math.cos(p * float(w))
            sa, sb = sp.Float(a0, 6), sp.Float(b0, 6)
            cf, sf = math.cos(k * float(w)), math.sin(k * float(w))
            answer = (sp.Float(float(sa) * cf + float(sb) * sf, 6), sp.Float(float(sb) * cf - float(sa) * sf, 6))  # 6 figures
            steps = (Step("R_k rotates the pair by the angle kω, whatever p is.",
                          rf"k\omega = {tex(k * w)},\ \cos = {cf:.6f},\ \sin = {sf:.6f}",
                          f"kω = {k * w}, cos = {cf:.6f}, sin = {sf:.6f}"),
                     Step("Apply it.", rf"(a\cos + b\sin,\ b\cos - a\sin) = {tex(answer)}",
                          f"(a·cos + b·sin, b·cos − a·sin) = {uni(answer)}"))
            wrong = (sp.Float(float(sa) * cf - float(sb) * sf, 6), sp.Float(float(sb) * cf + float(sa) * sf, 6))
            mistakes = [Mistake("rotated the wrong way", wrong, "sin((p + k)ω) = sin(pω)cos(kω) + cos(pω)sin(kω).")]
            given = {"d": d, "i": i, "k": k, "a": str(sa), "b": str(sb)}
            q_tex = (rf"With {CONV_TEX}, and \(d = {d}\), some position \(p\) has \(PE(p, {2 * i}) = {sa}\) and "
                     rf"\(PE(p, {2 * i + 1}) = {sb}\) (to 6 figures). Without finding \(p\), give "
                     rf"\((PE(p + {k}, {2 * i}), PE(p + {k}, {2 * i + 1}))\).")
            q_text = (f"With {CONV_TEXT}, and d = {d}, some position p has PE(p, {2 * i}) = {sa} and PE(p, {2 * i + 1}) = {sb} "
                      f"(to 6 figures). Without finding p, give (PE(p + {k}, {2 * i}), PE(p + {k}, {2 * i + 1})).")
            kind = "tuple"
            checking = Checking(precision="decimal", sig_figs=3)
    say = checking.statement()
    mistakes = [m for m in mistakes if not numeric.same_value(m.answer, answer, rel=1e-9)]
    return Problem(prompt_tex=f"{q_tex} {say}", prompt_text=f"{q_text} {say}", answer=answer, kind=kind,
                   solution=tuple(steps), given={**given, "task": task}, checking=checking, mistakes=tuple(mistakes))


def table(n_pos: int, d: int) -> np.ndarray:
    """The encoding as implementations build it: div_term = exp(2i·(−ln 10000/d))."""
    pos = np.arange(n_pos)[:, None]
    div = np.exp(np.arange(0, d, 2) * (-math.log(10000.0) / d))
    pe = np.zeros((n_pos, d))
    pe[:, 0::2] = np.sin(pos * div)
    pe[:, 1::2] = np.cos(pos * div)
    return pe


def verify(given: dict, answer) -> Evidence:
    d = given["d"]
    if given["task"] == "value":
        pe = table(given["p"] + 1, d)
        if "j" in given:
            exp = [pe[given["p"], given["j"]]]
        else:
            exp = list(pe[given["p"], 2 * given["i"]: 2 * given["i"] + 2])
        got = answer if isinstance(answer, tuple) else (answer,)
        err = max(numeric.require_close(float(a), float(e), "PE", rel=1e-9, floor=1e-12) for a, e in zip(got, exp))
        if len(got) != len(exp):
            raise VerificationError("wrong length")
        return Evidence("numpy encoding table", f"PE table entries {np.round(exp, 8).tolist()}", err)
    i, k = given["i"], given["k"]
    if "a" not in given:
        pe = table(400, d)
        M = np.array(answer, dtype=float).reshape(2, 2)
        worst = 0.0
        for p in (3, 57, 211):
            pred = M @ pe[p, 2 * i: 2 * i + 2]
            for a, e in zip(pred, pe[p + k, 2 * i: 2 * i + 2]):
                worst = max(worst, numeric.require_close(float(a), float(e), "R_k PE(p)", rel=1e-8, floor=1e-9))
        return Evidence("numpy encoding table", "R_k·PE(p) = PE(p + k) at p = 3, 57, 211", worst)
    # recover the angle from the given (decimal) pair and advance it by kω, computed from the table's div_term
    a, b = float(sp.Float(given["a"])), float(sp.Float(given["b"]))
    theta = math.atan2(a, b) + k * math.exp(2 * i * (-math.log(10000.0) / d))
    r = math.hypot(a, b)
    exp = (r * math.sin(theta), r * math.cos(theta))
    # the answer is rounded to 6 decimals of a unit-scale pair: an absolute tolerance
    err = max(numeric.require_close(float(x), e, "PE(p + k)", rel=2e-6, floor=1e-5) for x, e in zip(answer, exp))
    return Evidence("polar form", "the given pair's angle advanced by kω (atan2)", err)


FAMILY = Family(
    name="positional_encoding", version=1, title="Sinusoidal positional encoding",
    summary="Entries of the Transformer's sinusoidal encoding and the rotation R_k with PE(p + k) = R_k PE(p).",
    params={
        "level": Param(1, (1, 2), "1: a power-of-ten frequency / the matrix R_k; 2: a general frequency / shift "
                                  "a pair given as decimals"),
        "task": Param("value", ("value", "rotation"), "value: PE entries; rotation: the shift by k positions"),
    },
    levels={1: "one entry with ω a power of ten; the rotation matrix R_k",
            2: "a sin/cos pair with ω = 10000^(−2i/d) general; PE(p + k) from a decimal PE(p) without p"},
    generate=generate, verify=verify,
)
