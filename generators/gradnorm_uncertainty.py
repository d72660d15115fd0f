"""Multi-task loss weighting: one GradNorm update, and the optimal uncertainty weights of Kendall et al.

task=gradnorm (Chen et al. 2018): task i has weight wᵢ (Σwᵢ = T tasks), the gradient norm of its
unweighted loss gᵢ = ‖∇_W Lᵢ‖ (so Gᵢ = wᵢgᵢ), and its loss ratio L̃ᵢ = Lᵢ(t)/Lᵢ(0). With Ḡ the mean of
the Gᵢ, rᵢ = L̃ᵢ/mean(L̃) and the targets Ḡ·rᵢ^α held constant, L_grad = Σᵢ|Gᵢ − Ḡrᵢ^α|; one gradient
step wᵢ ← wᵢ − η·∂L_grad/∂wᵢ = wᵢ − η·sign(Gᵢ − Ḡrᵢ^α)·gᵢ, then renormalise so Σwᵢ = T.
Level 1: two tasks, α = 1; level 2: three tasks, α ∈ {0.5, 1.5, 2} (decimals).
task=kendall: L(σ) = Σᵢ Lᵢ/(2σᵢ²) + log σᵢ is minimised at σᵢ² = Lᵢ. Level 1: the optimal σᵢ for
regression losses; level 2: one regression and one classification task, where the classification term
is L_c/σ_c² + log σ_c (Kendall et al.'s form), so σ_c² = 2L_c: give (σ_r², σ_c²).

Verified numerically: the GradNorm step by central differences of L_grad in the weights (targets
fixed) and renormalisation in numpy; the uncertainty optimum by a grid-and-refine minimisation of
the objective in σ.
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


def _f(x) -> sp.Float:
    return sp.Float(float(x), 6)


def _gradnorm(w, g, lt, alpha, eta, use_sign=True, renorm=True, use_r=True):
    T = len(w)
    G = [wi * gi for wi, gi in zip(w, g)]
    Gbar = sum(G) / T
    mean_l = sum(lt) / T
    r = [li / mean_l for li in lt] if use_r else list(lt)
    target = [Gbar * ri**alpha for ri in r]
    new = [wi - eta * (1 if Gi > ti else -1 if Gi < ti else 0) * gi for wi, Gi, ti, gi in zip(w, G, target, g)]
    if renorm:
        s = sum(new)
        new = [T * v / s for v in new]
    return new, G, Gbar, r, target


def generate(rng: random.Random, params: dict) -> Problem:
    level, task = params["level"], params["task"]
    mistakes: list = []
    if task == "gradnorm":
        T = 2 if level == 1 else 3
        alpha = R(1) if level == 1 else rng.choice((R(1, 2), R(3, 2), R(2)))
        eta = rng.choice((R(1, 10), R(1, 20), R(1, 100), R(1, 5), R(1, 50)))
        w = [R(rng.randint(2, 8), 4) for _ in range(T)]
        s = sum(w)
        w = [T * v / s for v in w]
        g = [R(rng.randint(1, 20), 2) for _ in range(T)]
        lt = [R(rng.randint(2, 10), 10) for _ in range(T)]
        if len(set(lt)) < T:
            raise Reject("equal loss ratios: the targets tie")
        exact = level == 1
        new, G, Gbar, r, target = _gradnorm(w, g, lt if exact else [float(v) for v in lt], float(alpha) if not exact else alpha,
                                            eta)
        if any(abs(float(Gi) - float(ti)) < 1e-9 for Gi, ti in zip(G, target)):
            raise Reject("a task exactly on target: the |·| has no derivative")
        if any(v <= 0 for v in new):
            raise Reject("a weight would go negative")
        conv = lambda x: x if exact else _f(x)  # noqa: E731
        answer = tuple(conv(v) for v in new)
        checking = Checking(sig_figs=3) if exact else Checking(precision="decimal", sig_figs=3)
        show = (lambda xs: tex(tuple(xs))) if exact else (lambda xs: tex(tuple(_f(x) for x in xs)))  # noqa: E731
        showu = (lambda xs: uni(tuple(xs))) if exact else (lambda xs: uni(tuple(_f(x) for x in xs)))  # noqa: E731
        raw = [wi - eta * (1 if Gi > ti else -1) * gi for wi, Gi, ti, gi in zip(w, G, target, g)]
        steps = (Step("Weighted gradient norms and their mean.", rf"G = {show(G)},\ \bar G = {show([Gbar])[6:-7]}",
                      f"G = {showu(G)}, Ḡ = {showu([Gbar])[1:-1]}"),
                 Step("Relative inverse training rates and the targets Ḡ·rᵢ^α (held constant).",
                      rf"r = {show(r)},\quad \bar G r^{{\alpha}} = {show(target)}", f"r = {showu(r)}, Ḡr^α = {showu(target)}"),
                 Step("∂L_grad/∂wᵢ = sign(Gᵢ − targetᵢ)·gᵢ: weights of tasks above target go down, below go up.",
                      rf"w - \eta\,\mathrm{{sign}}(G - \bar G r^\alpha)\odot g = {show(raw)}",
                      f"w − η·sign(G − Ḡr^α)⊙g = {showu(raw)}"),
                 Step(f"Renormalise to Σwᵢ = {T}.", rf"w' = {show(new)}", f"w′ = {showu(new)}"))
        no_norm, *_ = _gradnorm(w, g, lt if exact else [float(v) for v in lt], alpha if exact else float(alpha), eta,
                                renorm=False)
        wrong_sign = [wi + eta * (1 if Gi > ti else -1) * gi for wi, Gi, ti, gi in zip(w, G, target, g)]
        ws = sum(wrong_sign)
        mistakes = [Mistake("not renormalised", tuple(conv(v) for v in no_norm), f"GradNorm rescales the weights to sum to {T}."),
                    Mistake("moved towards larger imbalance", tuple(conv(T * v / ws) for v in wrong_sign),
                            "Gradient descent on L_grad lowers the weight of a task whose Gᵢ is above its target.")]
        if level == 2:
            noratio, *_ = _gradnorm(w, g, [float(v) for v in lt], float(alpha), eta, use_r=False)
            mistakes.append(Mistake("used L̃ᵢ instead of rᵢ = L̃ᵢ/mean L̃", tuple(conv(v) for v in noratio),
                                    "The targets use the relative rate rᵢ = L̃ᵢ/mean(L̃)."))
        given = {"w": [str(v) for v in w], "g": [str(v) for v in g], "lt": [str(v) for v in lt], "alpha": str(alpha),
                 "eta": str(eta)}
        q_tex = (rf"GradNorm with \(T = {T}\) tasks: weights \(w = {tex(tuple(w))}\), gradient norms of the unweighted "
                 rf"losses \(g = {tex(tuple(g))}\) (so \(G_i = w_i g_i\)), loss ratios \(\tilde L = {tex(tuple(lt))}\), "
                 rf"\(\alpha = {tex(alpha)}\), learning rate \(\eta = {tex(eta)}\). With \(r_i = \tilde L_i/\mathrm{{mean}}"
                 rf"(\tilde L)\) and the targets \(\bar G r_i^\alpha\) held constant, one gradient step on "
                 rf"\(L_{{\mathrm{{grad}}}} = \sum_i|G_i - \bar G r_i^\alpha|\) updates the weights, which are then "
                 rf"renormalised to sum to \({T}\). Give the new weights.")
        q_text = (f"GradNorm with T = {T} tasks: weights w = {uni(tuple(w))}, gradient norms of the unweighted losses "
                  f"g = {uni(tuple(g))} (so Gᵢ = wᵢgᵢ), loss ratios L̃ = {uni(tuple(lt))}, α = {alpha}, learning rate "
                  f"η = {eta}. With rᵢ = L̃ᵢ/mean(L̃) and the targets Ḡ·rᵢ^α held constant, one gradient step on "
                  f"L_grad = Σᵢ|Gᵢ − Ḡrᵢ^α| updates the weights, which are then renormalised to sum to {T}. "
                  "Give the new weights.")
        kind = "tuple"
    else:
        checking = Checking(sig_figs=3)
        if level == 1:
            L = [R(rng.randint(1, 40), rng.choice((1, 4, 10))) for _ in range(rng.choice((2, 3)))]
            answer = tuple(sp.sqrt(v) for v in L)
            steps = (Step("Each σᵢ appears in its own two terms: d/dσ (L/(2σ²) + log σ) = −L/σ³ + 1/σ = 0.",
                          r"\sigma_i^2 = L_i", "σᵢ² = Lᵢ"),
                     Step("Take positive roots.", rf"\sigma = {tex(answer)}", f"σ = {uni(answer)}"))
            mistakes = [Mistake("σᵢ² given instead of σᵢ", tuple(L), "The question asks for σᵢ = √Lᵢ."),
                        Mistake("σᵢ = √(Lᵢ/2)", tuple(sp.sqrt(v / 2) for v in L),
                                "With L/(2σ²) + log σ the stationary point is σ² = L.")]
            given = {"L": [str(v) for v in L]}
            q_tex = (rf"Uncertainty weighting (Kendall et al.) minimises \(\sum_i \frac{{L_i}}{{2\sigma_i^2}} + \log\sigma_i\) "
                     rf"over \(\sigma_i > 0\) (natural log). With the current losses \(L = {tex(tuple(L))}\), give the "
                     rf"optimal \(\sigma\).")
            q_text = (f"Uncertainty weighting (Kendall et al.) minimises Σᵢ Lᵢ/(2σᵢ²) + log σᵢ over σᵢ > 0 (natural log). "
                      f"With the current losses L = {uni(tuple(L))}, give the optimal σ.")
            kind = "tuple"
        else:
            Lr, Lc = R(rng.randint(1, 30), rng.choice((1, 10, 4))), R(rng.randint(1, 30), rng.choice((1, 10, 4)))
            answer = (Lr, 2 * Lc)
            steps = (Step("Regression term L_r/(2σ_r²) + log σ_r: stationary at σ_r² = L_r.", rf"\sigma_r^2 = {tex(Lr)}",
                          f"σ_r² = {Lr}"),
                     Step("Classification term L_c/σ_c² + log σ_c (no ½): −2L_c/σ_c³ + 1/σ_c = 0.",
                          rf"\sigma_c^2 = 2L_c = {tex(2 * Lc)}", f"σ_c² = 2L_c = {2 * Lc}"))
            mistakes = [Mistake("the ½ applied to both terms", (Lr, Lc),
                                "The classification term has no ½: L_c/σ_c² + log σ_c gives σ_c² = 2L_c."),
                        Mistake("σ instead of σ²", (sp.sqrt(Lr), sp.sqrt(2 * Lc)), "The question asks for the variances σ².")]
            given = {"Lr": str(Lr), "Lc": str(Lc)}
            q_tex = (rf"Kendall et al. weight a regression loss \(L_r = {tex(Lr)}\) and a classification loss "
                     rf"\(L_c = {tex(Lc)}\) by minimising \(\frac{{L_r}}{{2\sigma_r^2}} + \frac{{L_c}}{{\sigma_c^2}} + "
                     rf"\log\sigma_r + \log\sigma_c\) over \(\sigma_r, \sigma_c > 0\). Give the optimal "
                     rf"\((\sigma_r^2, \sigma_c^2)\).")
            q_text = (f"Kendall et al. weight a regression loss L_r = {Lr} and a classification loss L_c = {Lc} by minimising "
                      "L_r/(2σ_r²) + L_c/σ_c² + log σ_r + log σ_c over σ_r, σ_c > 0. Give the optimal (σ_r², σ_c²).")
            kind = "tuple"
    say = checking.statement()
    mistakes = [m for m in mistakes if not _same(m.answer, answer)]
    return Problem(prompt_tex=f"{q_tex} {say}", prompt_text=f"{q_text} {say}", answer=answer, kind=kind,
                   solution=tuple(steps), given={**given, "task": task}, checking=checking, mistakes=tuple(mistakes))


def _same(a, b) -> bool:
    if isinstance(a, tuple):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    return abs(float(a) - float(b)) <= 1e-9 * max(1.0, abs(float(b)))


def _minimise(f, lo: float = 1e-3, hi: float = 20.0) -> float:
    """A 1-d minimiser of a unimodal function: a log grid, then golden-section refinement."""
    grid = np.geomspace(lo, hi, 2000)
    k = int(np.argmin([f(s) for s in grid]))
    a, b = grid[max(k - 1, 0)], grid[min(k + 1, len(grid) - 1)]
    phi = (math.sqrt(5) - 1) / 2
    for _ in range(100):
        c, d = b - phi * (b - a), a + phi * (b - a)
        if f(c) < f(d):
            b = d
        else:
            a = c
    return (a + b) / 2


def verify(given: dict, answer) -> Evidence:
    q = lambda v: float(sp.Rational(v))  # noqa: E731
    if given["task"] == "gradnorm":
        w, g, lt = (np.array([q(v) for v in given[k]]) for k in ("w", "g", "lt"))
        alpha, eta = q(given["alpha"]), q(given["eta"])
        T = len(w)
        G = w * g
        target = G.mean() * (lt / lt.mean()) ** alpha            # held constant
        loss = lambda ww: float(np.sum(np.abs(ww * g - target)))  # noqa: E731
        grad = np.zeros(T)
        for i in range(T):
            e = np.zeros(T)
            e[i] = 1e-7
            grad[i] = (loss(w + e) - loss(w - e)) / 2e-7
        new = w - eta * grad
        new = T * new / new.sum()
        got = [float(a) for a in answer]
        if len(got) != T:
            raise VerificationError("wrong number of weights")
        err = max(numeric.require_close(a, float(e), "weight", rel=2e-6, floor=1e-9) for a, e in zip(got, new))
        return Evidence("finite differences", f"∂L_grad/∂w by central differences, renormalised: {new.round(6).tolist()}", err)
    if "L" in given:
        Ls = [q(v) for v in given["L"]]
        opt = [_minimise(lambda s, L=L: L / (2 * s * s) + math.log(s)) for L in Ls]
        got = [float(a) for a in answer]
    else:
        Lr, Lc = q(given["Lr"]), q(given["Lc"])
        opt = [_minimise(lambda s: Lr / (2 * s * s) + math.log(s)) ** 2, _minimise(lambda s: Lc / (s * s) + math.log(s)) ** 2]
        got = [float(a) for a in answer]
    if len(got) != len(opt):
        raise VerificationError("wrong number of values")
    err = max(numeric.require_close(a, e, "σ", rel=1e-6) for a, e in zip(got, opt))
    return Evidence("numerical minimisation", f"grid + golden section in σ: {np.round(opt, 6).tolist()}", err)


FAMILY = Family(
    name="gradnorm_uncertainty", version=1, title="GradNorm and uncertainty weighting",
    summary="One GradNorm weight update from gradient norms and loss ratios; Kendall et al.'s optimal σᵢ.",
    params={
        "level": Param(1, (1, 2), "1: two tasks, α = 1 / regression σᵢ; 2: three tasks, other α / regression + "
                                  "classification"),
        "task": Param("gradnorm", ("gradnorm", "kendall"), "gradnorm: the updated weights; kendall: the optimal σ"),
    },
    levels={1: "GradNorm with two tasks and α = 1 (exact); σᵢ = √Lᵢ",
            2: "GradNorm with three tasks and α ∈ {½, 3/2, 2} (decimals); σ_r² = L_r, σ_c² = 2L_c"},
    generate=generate, verify=verify,
)
