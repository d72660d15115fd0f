"""The maximal stable learning rate beyond quadratics: sharpness along training, and a two-layer linear net.

Gradient descent with step η is locally stable where the sharpness (the largest Hessian eigenvalue)
is below 2/η. On real networks the sharpness changes along training; at the edge of stability it
rises until it reaches 2/η and then hovers there.

task=spectrum: level 1, from the sharpness measured at checkpoints of a run, the largest constant η
stable at all of them, 2/max λ; level 2, for a given η, the first checkpoint (counted from 1) where
the sharpness has crossed 2/η.
task=two_layer: the loss ℓ(a, b) = ½(abx − y)² of a scalar two-layer linear net on one example. Level 1:
at a global minimum (abx = y) the Hessian is x²[[b², ab], [ab, a²]] with λ_max = x²(a² + b²), so
η_max = 2/(x²(a² + b²)) — balanced minima (|a| = |b|) are the flattest; level 2: at a point that is not
a minimum, where the off-diagonal entry is x(2abx − y).

Verified: the spectrum answers by scanning the list in floating point; the two-layer Hessian by
central finite differences of the loss, its eigenvalues by numpy.linalg.eigvalsh.
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
lam = sp.Symbol("lambda")


def _nz(rng: random.Random, k: int) -> int:
    return rng.choice([i for i in range(-k, k + 1) if i])


def generate(rng: random.Random, params: dict) -> Problem:
    level, task = params["level"], params["task"]
    mistakes: list = []
    if task == "spectrum":
        n = rng.randint(5, 8)
        # a progressive-sharpening run: mostly rising values with a little noise
        start = rng.randint(2, 10)
        vals = [start]
        for _ in range(n - 1):
            vals.append(max(1, vals[-1] + rng.choice((-1, 1, 2, 3, 4, 5))))
        lam_list = [sp.Integer(v) for v in vals]
        if level == 1:
            checking = Checking(sig_figs=3)
            top = max(lam_list)
            answer = 2 / top
            steps = (Step("Stability needs η < 2/λ at every checkpoint, so the largest sharpness binds.",
                          rf"\lambda_{{\max}} = {top} \Rightarrow \eta < \frac{{2}}{{{top}}} = {tex(answer)}",
                          f"λ_max = {top} ⇒ η < 2/{top} = {answer}"),)
            mistakes = [Mistake("used the last checkpoint", 2 / lam_list[-1],
                                f"The sharpness peaked at {top}, not at the end ({lam_list[-1]}): every checkpoint counts.")
                        if lam_list[-1] != top else None,
                        Mistake("1/λ_max", 1 / top, "GD on a quadratic stays stable up to 2/λ, not 1/λ."),
                        Mistake("2/λ_min", 2 / min(lam_list), "The sharpest direction (largest λ) sets the limit.")]
            mistakes = [m for m in mistakes if m is not None]
            given = {"lams": vals}
            q_tex = (rf"During a training run the sharpness (largest Hessian eigenvalue of the loss) is measured at "
                     rf"{n} checkpoints: \({tex(tuple(lam_list))}\). Treating the loss as locally quadratic, what is the "
                     rf"largest constant learning rate \(\eta\) for which gradient descent is stable at all of them "
                     rf"(the supremum, \(2/\lambda\))?")
            q_text = (f"During a training run the sharpness (largest Hessian eigenvalue of the loss) is measured at {n} "
                      f"checkpoints: {uni(tuple(lam_list))}. Treating the loss as locally quadratic, what is the largest "
                      "constant learning rate η for which gradient descent is stable at all of them (the supremum, 2/λ)?")
            kind = "number"
        else:
            checking = Checking(precision="integer")
            # pick η so that 2/η sits strictly between two values, and some checkpoint crosses it
            cut = rng.randint(min(vals), max(vals) - 1) if max(vals) > min(vals) else None
            if cut is None:
                raise Reject("flat run")
            thr = R(2 * cut + 1, 2)                  # 2/η = cut + ½: no ties with integer sharpness
            eta = 2 / thr
            k = next(i for i, v in enumerate(vals) if v > thr) + 1
            if k == 1:
                raise Reject("unstable from the start: the edge-of-stability story needs sharpening first")
            answer = sp.Integer(k)
            steps = (Step("The edge of stability is at 2/η.", rf"\frac{{2}}{{\eta}} = \frac{{2}}{{{tex(eta)}}} = {tex(thr)}",
                          f"2/η = 2/({eta}) = {thr}"),
                     Step(f"Scan the checkpoints for the first sharpness above {thr}.", "",
                          ", ".join(f"{i + 1}: {v}{' > ' + str(thr) if v > thr else ''}" for i, v in enumerate(vals[:k]))),
                     Step("From there on, GD with this η would oscillate along the sharpest direction (in practice the "
                          "sharpness then hovers near 2/η — the edge of stability).", "", ""))
            first_over_eta_inv = next((i + 1 for i, v in enumerate(vals) if v > 1 / eta), None)
            mistakes = [Mistake("threshold 1/η", sp.Integer(first_over_eta_inv), "Stability on a quadratic needs λ < 2/η.")
                        if first_over_eta_inv and first_over_eta_inv != k else None,
                        Mistake("threshold η/2", sp.Integer(1), "The condition is λ < 2/η, i.e. ηλ < 2.")
                        if k != 1 else None]
            mistakes = [m for m in mistakes if m is not None]
            given = {"lams": vals, "eta": str(eta)}
            steps = (steps[0], Step(steps[1].say, r",\ ".join(
                rf"{i + 1}:\ {v}" for i, v in enumerate(vals[:k])), steps[1].text), steps[2])
            q_tex = (rf"Gradient descent with \(\eta = {tex(eta)}\) is run; the sharpness (largest Hessian eigenvalue) "
                     rf"measured at checkpoints 1 to {n} is \({tex(tuple(lam_list))}\). At which checkpoint does the "
                     rf"sharpness first exceed the stability limit of this \(\eta\)?")
            q_text = (f"Gradient descent with η = {eta} is run; the sharpness (largest Hessian eigenvalue) measured at "
                      f"checkpoints 1 to {n} is {uni(tuple(lam_list))}. At which checkpoint does the sharpness first exceed "
                      "the stability limit of this η?")
            kind = "number"
    else:
        checking = Checking(sig_figs=3)
        x = _nz(rng, 3) if level == 1 else _nz(rng, 2)
        a = _nz(rng, 4) if level == 1 else _nz(rng, 3)
        if level == 1:
            b = _nz(rng, 4)
            y = a * b * x
        else:
            b = _nz(rng, 3)
            y = rng.randint(-6, 6)
            if a * b * x == y:
                raise Reject("a minimum: level 1")
        hab = x * (2 * a * b * x - y)
        H = sp.Matrix([[b * b * x * x, hab], [hab, a * a * x * x]])
        tr, det = H.trace(), H.det()
        lmax = sp.radsimp((tr + sp.sqrt(tr * tr - 4 * det)) / 2)
        if lmax <= 0:
            raise Reject("no positive curvature")
        answer = sp.radsimp(2 / lmax)
        steps = [Step("Second derivatives of ℓ = ½(abx − y)².",
                      rf"\ell_{{aa}} = b^2x^2,\ \ell_{{bb}} = a^2x^2,\ \ell_{{ab}} = x(2abx - y)\ \Rightarrow\ H = {tex(H)}",
                      f"ℓ_aa = b²x², ℓ_bb = a²x², ℓ_ab = x(2abx − y) ⇒ H = {uni(H)}"),
                 Step("Largest eigenvalue from the trace and determinant.",
                      rf"\lambda_{{\max}} = \frac{{{tr} + \sqrt{{{tr}^2 - 4\cdot({det})}}}}{{2}} = {tex(lmax)}",
                      f"λ_max = ({tr} + √({tr}² − 4·({det})))/2 = {uni(lmax)}"),
                 Step("Stable steps: η < 2/λ_max.", rf"\eta_{{\max}} = {tex(answer)}", f"η_max = {uni(answer)}")]
        if level == 1:
            steps.insert(2, Step(f"At a minimum abx = y, H = x²(b, a)(b, a)ᵀ is rank one: λ_max = x²(a² + b²) = "
                                 f"{x * x * (a * a + b * b)}; for the same product ab, balanced |a| = |b| is flattest.", "", ""))
        mistakes = [Mistake("1/λ_max", sp.radsimp(1 / lmax), "GD stays stable up to 2/λ_max."),
                    Mistake("diagonal only (largest diagonal entry)", R(2, max(H[0, 0], H[1, 1])),
                            "The off-diagonal ℓ_ab couples a and b: use the eigenvalue, not the diagonal.")]
        if level == 2:
            mistakes.append(Mistake("ℓ_ab = abx² (the minimum's formula)", R(2, x * x * (a * a + b * b)),
                                    f"Away from a minimum ℓ_ab = x(2abx − y) = {hab}, not abx² = {a * b * x * x}."))
        given = {"a": a, "b": b, "x": x, "y": y}
        where = "a global minimum" if level == 1 else "a point that is not a minimum"
        q_tex = (rf"A two-layer linear network with one weight per layer predicts \(abx\); on the example "
                 rf"\((x, y) = ({x}, {y})\) its loss is \(\ell(a, b) = \tfrac12(abx - y)^2\). At \((a, b) = ({a}, {b})\) "
                 rf"({where}), treating \(\ell\) as locally quadratic, give the largest stable gradient-descent step "
                 rf"\(\eta_{{\max}} = 2/\lambda_{{\max}}(\nabla^2\ell)\).")
        q_text = (f"A two-layer linear network with one weight per layer predicts abx; on the example (x, y) = ({x}, {y}) "
                  f"its loss is ℓ(a, b) = ½(abx − y)². At (a, b) = ({a}, {b}) ({where}), treating ℓ as locally quadratic, "
                  "give the largest stable gradient-descent step η_max = 2/λ_max(∇²ℓ).")
        kind = "number"
        steps = tuple(steps)
    say = checking.statement()
    mistakes = [m for m in mistakes if abs(float(m.answer) - float(answer)) > 1e-9 * max(1, abs(float(answer)))]
    return Problem(prompt_tex=f"{q_tex} {say}", prompt_text=f"{q_text} {say}", answer=answer, kind=kind,
                   solution=tuple(steps), given={**given, "task": task}, checking=checking, mistakes=tuple(mistakes))


def verify(given: dict, answer) -> Evidence:
    if given["task"] == "spectrum":
        lams = [float(v) for v in given["lams"]]
        if "eta" not in given:
            expected = 2 / max(lams)
            return Evidence("scan", f"2/max sharpness = {expected:.6g}",
                            numeric.require_close(float(answer), expected, "η", rel=1e-12))
        eta = float(sp.Rational(given["eta"]))
        k = next(i + 1 for i, v in enumerate(lams) if eta * v > 2)
        if int(answer) != k or sp.Integer(answer) != answer:
            raise VerificationError(f"ηλ first exceeds 2 at checkpoint {k}")
        return Evidence("scan", f"ηλ > 2 first at checkpoint {k}")
    a, b, x, y = (float(given[k]) for k in "abxy")
    loss = lambda p: 0.5 * (p[0] * p[1] * x - y) ** 2  # noqa: E731
    H = np.array(numeric.fd_hessian(lambda u, v: loss((u, v)), [a, b]))
    top = float(np.linalg.eigvalsh((H + H.T) / 2)[-1])
    expected = 2 / top
    return Evidence("finite differences", f"λ_max of the finite-difference Hessian = {top:.8g}",
                    numeric.require_close(float(answer), expected, "η_max", rel=1e-7))


FAMILY = Family(
    name="stable_lr", version=1, title="Maximal stable learning rate and the edge of stability",
    summary="Which η is stable for a sharpness trace along training; η_max of a two-layer linear net at a point.",
    params={
        "level": Param(1, (1, 2), "1: 2/max sharpness / at a minimum; 2: the first unstable checkpoint / off the minimum"),
        "task": Param("spectrum", ("spectrum", "two_layer"), "spectrum: a sharpness trace; two_layer: ½(abx − y)²"),
    },
    levels={1: "the largest η stable along a sharpness trace; η_max at a minimum of ½(abx − y)²",
            2: "the first checkpoint beyond 2/η; η_max away from the minimum (off-diagonal x(2abx − y))"},
    generate=generate, verify=verify,
)
