"""Multitask loss weighting by hand: GradNorm, uncertainty weighting, and ARS's grad_norm.

Three methods that are easily confused (the sources confuse them), each at two levels.

* gradnorm (Chen et al., 2018). Level 1: the gradient-norm targets Ḡ·rᵢ^α from the weighted
  norms Gᵢ = wᵢ‖∇_W Lᵢ‖, the loss ratios L̃ᵢ = Lᵢ(t)/Lᵢ(0) and rᵢ = L̃ᵢ/mean(L̃); α = 0 (equal
  norms) is drawn on purpose. Level 2: one GradNorm update of the weights — a gradient step on
  Σ|Gᵢ − targetᵢ| with the targets frozen (∂Gᵢ/∂wᵢ = ‖∇_W Lᵢ‖), then renormalised to sum to T.
* uncertainty (Kendall, Gal and Cipolla, 2018). Level 1: the effective task weights 1/(2σᵢ²) at
  the σ minimising Σ Lᵢ/(2σᵢ²) + log σᵢ (σᵢ² = Lᵢ). Level 2: the minimum value of the objective
  when one task is a classification term Lᵢ/σᵢ² + log σᵢ (optimal σᵢ² = 2Lᵢ).
* ars (Mania et al.; Ray's ARS). Level 1: grad_norm = ‖g‖² of g = Σ(r⁺ₖ − r⁻ₖ)δₖ/(N σ_R) from the
  return differences, with σ_R given (and at least the spread the differences force). Level 2: σ_R is the standard deviation of all 2N returns (np.std, ddof = 0) — its
  square is rational, and so is the answer.

Answers are exact. Verification: GradNorm targets recomputed with numpy and the update taken
with a finite-difference gradient of the GradNorm loss; the uncertainty weights and minima by
golden-section minimisation over each σᵢ; ARS by numpy (np.std, np.square(g).sum()) as Ray does.
"""

from __future__ import annotations

import math

import numpy as np
import sympy as sp

from osmose import numeric
from osmose.exactlog import log_sum
from osmose.family import Checking, Evidence, Family, Mistake, Param, Problem, Reject, Step, \
    VerificationError
from osmose.mathtext import tex, uni

R = sp.Rational
CHECKING = Checking()
SAY = CHECKING.statement()
METHODS = ("gradnorm", "uncertainty", "ars")
LEVELS = {1: "gradnorm: targets Ḡ·rᵢ^α; uncertainty: weights 1/(2σᵢ²) at the optimum; ars: ‖g‖² with σ_R given",
          2: "gradnorm: one weight update with renormalisation; uncertainty: the minimum objective with a "
             "classification task; ars: ‖g‖² with σ_R computed from the returns"}


def _d(r) -> str:
    """A rational given as data, in decimal if it terminates (all data here do)."""
    r = sp.Rational(r)
    return f"{float(r):g}"


def _lst(vals) -> str:
    return "(" + ", ".join(_d(v) for v in vals) + ")"


# --- GradNorm ---------------------------------------------------------------------------------

def _gn_targets(w, g, l0, lt, alpha):
    T = len(w)
    G = [wi * gi for wi, gi in zip(w, g)]
    Gbar = sum(G) / T
    ratio = [a / b for a, b in zip(lt, l0)]
    mean = sum(ratio) / T
    r = [q / mean for q in ratio]
    return G, Gbar, ratio, r, [Gbar * ri ** alpha for ri in r]


def _gradnorm(rng, level):
    T = rng.choice((2, 3))
    quarter = R(1, 4)
    if T == 2:
        d = quarter * rng.randint(-3, 3)
        w = [1 + d, 1 - d]
    else:
        a, b = quarter * rng.randint(-2, 2), quarter * rng.randint(-2, 2)
        w = [1 + a, 1 + b, 1 - a - b]
    g = [R(rng.randint(2, 16), 2) for _ in range(T)]
    l0 = [R(rng.randint(10, 40), 10) for _ in range(T)]
    lt = [l * R(rng.randint(2, 9), 10) for l in l0]
    alpha = rng.choice((0, R(1, 2), 1, 1, R(3, 2), 2, 2)) if level == 1 else rng.choice((R(1, 2), 1, R(3, 2), 2))
    G, Gbar, ratio, r, target = _gn_targets(w, g, l0, lt, alpha)
    if len(set(ratio)) == 1:
        raise Reject("all tasks train at the same rate")
    rows = "; ".join(f"task {i + 1}: w = {_d(w[i])}, ‖∇_W L‖ = {_d(g[i])}, L(0) = {_d(l0[i])}, L(t) = {_d(lt[i])}"
                     for i in range(T))
    rows_tex = "; ".join(rf"task {i + 1}: \(w_{i + 1} = {_d(w[i])},\ \lVert\nabla_W L_{i + 1}\rVert = {_d(g[i])},\ "
                         rf"L_{i + 1}(0) = {_d(l0[i])},\ L_{i + 1}(t) = {_d(lt[i])}\)" for i in range(T))
    intro_text = (f"GradNorm balances {T} tasks trained on Σ wᵢLᵢ. Per task (weight, norm of the unweighted task "
                  f"gradient at the last shared layer W, initial loss, current loss): {rows}. The weighted norms "
                  f"are Gᵢ = wᵢ‖∇_W Lᵢ‖ with mean Ḡ; the loss ratios L̃ᵢ = Lᵢ(t)/Lᵢ(0) give the relative inverse "
                  f"training rates rᵢ = L̃ᵢ/mean(L̃); α = {_d(alpha)}.")
    intro_tex = (rf"GradNorm balances {T} tasks trained on \(\sum_i w_i L_i\). Per task (weight, norm of the "
                 rf"unweighted task gradient at the last shared layer \(W\), initial loss, current loss): {rows_tex}. "
                 rf"The weighted norms are \(G_i = w_i\lVert\nabla_W L_i\rVert\) with mean \(\bar G\); the loss ratios "
                 rf"\(\tilde L_i = L_i(t)/L_i(0)\) give the relative inverse training rates "
                 rf"\(r_i = \tilde L_i/\operatorname{{mean}}(\tilde L)\); \(\alpha = {_d(alpha)}\).")
    steps = [Step("Weighted gradient norms and their mean.",
                  rf"G = {tex(tuple(G))},\quad \bar G = {tex(Gbar)}", f"G = {uni(tuple(G))}, Ḡ = {uni(Gbar)}"),
             Step("Loss ratios, then divide by their mean.",
                  rf"\tilde L = {tex(tuple(ratio))},\quad r = {tex(tuple(r))}", f"L̃ = {uni(tuple(ratio))}, r = {uni(tuple(r))}"),
             Step("Targets Ḡ·rᵢ^α" + (" — with α = 0 every target is Ḡ: equal gradient norms." if alpha == 0 else
                                       ": slower tasks (rᵢ > 1) get larger targets."),
                  rf"\bar G\, r_i^{{\alpha}} = {tex(tuple(target))}", f"Ḡ·rᵢ^α = {uni(tuple(target))}")]
    given = {"method": "gradnorm", "level": level, "w": [str(v) for v in w], "gnorm": [str(v) for v in g],
             "L0": [str(v) for v in l0], "Lt": [str(v) for v in lt], "alpha": str(alpha)}
    if level == 1:
        answer = tuple(target)
        ask_tex = r"Find the GradNorm targets \((\bar G\, r_1^{\alpha}, \dots)\) for the weighted gradient norms, one per task."
        ask_text = "Find the GradNorm targets (Ḡ·r₁^α, …) for the weighted gradient norms, one per task."
        gu = sum(g) / T
        cands = [("loss ratios not normalised", tuple(Gbar * q ** alpha for q in ratio),
                  "rᵢ divides each loss ratio by the mean ratio over tasks; the raw L̃ᵢ is not a relative rate."),
                 ("unweighted norms averaged", tuple(gu * ri ** alpha for ri in r),
                  "Ḡ averages the weighted norms Gᵢ = wᵢ‖∇_W Lᵢ‖, not the unweighted ones."),
                 ("inverse rate inverted", tuple(Gbar * ri ** -alpha for ri in r),
                  "A task whose loss has fallen least (large L̃ᵢ) trains slowest and gets the larger target: rᵢ^α, "
                  "not rᵢ^(−α).")]
        if alpha == 0:
            cands = cands[1:2]
    else:
        lr = rng.choice((R(1, 100), R(1, 50), R(1, 20), R(1, 10)))
        sign = [sp.sign(Gi - ti) for Gi, ti in zip(G, target)]
        if 0 in sign:
            raise Reject("a norm already on target: the L1 loss has a kink there")
        stepped = [wi - lr * s * gi for wi, s, gi in zip(w, sign, g)]
        if min(stepped) <= 0:
            raise Reject("a weight would turn non-positive")
        total = sum(stepped)
        answer = tuple(T * v / total for v in stepped)
        given["lr"] = str(lr)
        ask_tex = (rf"Take one GradNorm step on the weights: gradient descent with learning rate \({_d(lr)}\) on "
                   rf"\(L_{{\mathrm{{grad}}}} = \sum_i \lvert G_i - \bar G\, r_i^{{\alpha}}\rvert\), the targets held "
                   rf"constant, then renormalise the weights to sum to {T}. Find the new weights \((w_1, \dots)\).")
        ask_text = (f"Take one GradNorm step on the weights: gradient descent with learning rate {_d(lr)} on "
                    f"L_grad = Σ|Gᵢ − Ḡ·rᵢ^α|, the targets held constant, then renormalise the weights to sum to {T}. "
                    f"Find the new weights (w₁, …).")
        steps.append(Step("With the targets frozen, ∂L_grad/∂wᵢ = sign(Gᵢ − targetᵢ)·‖∇_W Lᵢ‖; step against it.",
                          rf"w_i - {_d(lr)}\,\operatorname{{sign}}(G_i - \bar G r_i^\alpha)\lVert\nabla_W L_i\rVert = {tex(tuple(stepped))}",
                          f"wᵢ − {_d(lr)}·sign(Gᵢ − Ḡrᵢ^α)·‖∇_W Lᵢ‖ = {uni(tuple(stepped))}"))
        steps.append(Step(f"Renormalise so the weights sum to T = {T}.",
                          rf"\sum_i w_i = {tex(total)},\quad w \leftarrow {tex(T / total)}\,w = {tex(answer)}",
                          f"Σwᵢ = {uni(total)}, w ← {uni(T / total)}·w = {uni(answer)}"))
        cands = [("not renormalised", tuple(stepped), f"GradNorm rescales the weights to sum to T = {T} after "
                  "every step.") if total != T else None,
                 ("stepped away from the targets", _renorm([wi + lr * s * gi for wi, s, gi in zip(w, sign, g)], T),
                  "Descend L_grad: a weight whose norm is above its target must shrink."),
                 ("derivative wᵢ‖∇Lᵢ‖", _renorm([wi - lr * s * wi * gi for wi, s, gi in zip(w, sign, g)], T),
                  "Gᵢ = wᵢ‖∇_W Lᵢ‖ is linear in wᵢ: its derivative is ‖∇_W Lᵢ‖, not Gᵢ.")]
        cands = [c for c in cands if c is not None and c[1] is not None]
    return intro_tex + " " + ask_tex, intro_text + " " + ask_text, answer, "tuple", steps, cands, given


def _renorm(vals, T):
    if min(vals) <= 0:
        return None
    s = sum(vals)
    return tuple(T * v / s for v in vals)


# --- uncertainty weighting --------------------------------------------------------------------

def _uncertainty(rng, level):
    T = rng.choice((2, 3)) if level == 1 else 2
    losses = [R(rng.randint(1, 40), rng.choice((4, 5, 10))) for _ in range(T)]
    if len(set(losses)) == 1:
        raise Reject("equal losses")
    shown = _lst(losses)
    if level == 1:
        answer = tuple(1 / (2 * L) for L in losses)
        prompt_tex = (rf"Uncertainty weighting (Kendall, Gal and Cipolla) trains {T} regression tasks on "
                      rf"\(\sum_i \frac{{L_i}}{{2\sigma_i^2}} + \log\sigma_i\) with learned noise scales \(\sigma_i > 0\) "
                      rf"(natural log). At the current parameters the task losses are \(L = {shown}\). Find the "
                      rf"effective task weights \(1/(2\sigma_i^2)\) at the \(\sigma_i\) that minimise the objective "
                      rf"for these losses, one per task. {SAY}")
        prompt_text = (f"Uncertainty weighting (Kendall, Gal and Cipolla) trains {T} regression tasks on "
                       f"Σ Lᵢ/(2σᵢ²) + log σᵢ with learned noise scales σᵢ > 0 (natural log). At the current "
                       f"parameters the task losses are L = {shown}. Find the effective task weights 1/(2σᵢ²) at the σᵢ "
                       f"that minimise the objective for these losses, one per task. {SAY}")
        steps = [Step("Set the derivative in σᵢ to zero: the optimal noise variance equals the task loss.",
                      r"\frac{\partial}{\partial\sigma_i}: -\frac{L_i}{\sigma_i^3} + \frac{1}{\sigma_i} = 0 "
                      r"\;\Rightarrow\; \sigma_i^2 = L_i",
                      "∂/∂σᵢ: −Lᵢ/σᵢ³ + 1/σᵢ = 0 ⇒ σᵢ² = Lᵢ"),
                 Step("So each task is weighted by the inverse of twice its loss: noisy (high-loss) tasks count less.",
                      rf"\frac{{1}}{{2\sigma_i^2}} = \frac{{1}}{{2L_i}} = {tex(answer)}", f"1/(2σᵢ²) = 1/(2Lᵢ) = {uni(answer)}")]
        cands = [("forgot the 2", tuple(1 / L for L in losses), "The weight is 1/(2σᵢ²); with σᵢ² = Lᵢ that is 1/(2Lᵢ)."),
                 ("σ taken as the loss", tuple(1 / (2 * L * L) for L in losses),
                  "The optimum sets the variance σᵢ² = Lᵢ, not the scale σᵢ."),
                 ("weight proportional to the loss", tuple(L / 2 for L in losses),
                  "Minimising over σᵢ down-weights noisy tasks: the weight falls as the loss grows.")]
        given = {"method": "uncertainty", "level": 1, "losses": [str(v) for v in losses]}
    else:
        L1, L2 = losses
        answer = 1 + log_sum([(R(1, 2), L1), (R(1, 2), 2 * L2)])
        prompt_tex = (rf"Uncertainty weighting (Kendall, Gal and Cipolla) combines a regression task with loss "
                      rf"\(L_1\) and a classification task with loss \(L_2\) as \(\frac{{L_1}}{{2\sigma_1^2}} + "
                      rf"\frac{{L_2}}{{\sigma_2^2}} + \log\sigma_1 + \log\sigma_2\) (natural log, \(\sigma_i > 0\)). "
                      rf"With \(L_1 = {_d(L1)}\) and \(L_2 = {_d(L2)}\) held fixed, find the minimum of this objective "
                      rf"over \(\sigma_1, \sigma_2\). {SAY}")
        prompt_text = (f"Uncertainty weighting (Kendall, Gal and Cipolla) combines a regression task with loss L₁ and a "
                       f"classification task with loss L₂ as L₁/(2σ₁²) + L₂/σ₂² + log σ₁ + log σ₂ (natural log, σᵢ > 0). "
                       f"With L₁ = {_d(L1)} and L₂ = {_d(L2)} held fixed, find the minimum of this objective over "
                       f"σ₁, σ₂. {SAY}")
        steps = [Step("Regression term: −L₁/σ₁³ + 1/σ₁ = 0 gives σ₁² = L₁, and the term is ½ + ½ log L₁.",
                      rf"\sigma_1^2 = {_d(L1)}", f"σ₁² = {_d(L1)}"),
                 Step("Classification term: −2L₂/σ₂³ + 1/σ₂ = 0 gives σ₂² = 2L₂, and the term is ½ + ½ log(2L₂).",
                      rf"\sigma_2^2 = {tex(2 * L2)}", f"σ₂² = {uni(2 * L2)}"),
                 Step("Add the two minima (log σ = ½ log σ²).",
                      rf"1 + \tfrac12\log\left({tex(L1)}\right) + \tfrac12\log\left({tex(2 * L2)}\right) = {tex(answer)}",
                      f"1 + ½ log({uni(L1)}) + ½ log({uni(2 * L2)}) = {uni(answer)}")]
        cands = [("classification weighted like regression", 1 + log_sum([(R(1, 2), L1), (R(1, 2), L2)]),
                  "The classification term is L₂/σ₂², without the ½: its optimum is σ₂² = 2L₂."),
                 ("log σ read as log σ²", 1 + log_sum([(1, L1), (1, 2 * L2)]),
                  "log σᵢ = ½ log σᵢ²: at the optimum each log term is half the log of the variance."),
                 ("constant terms dropped", log_sum([(R(1, 2), L1), (R(1, 2), 2 * L2)]),
                  "At the optimum each weighted loss term is ½ (L₁/(2L₁) and L₂/(2L₂)): they add 1.")]
        given = {"method": "uncertainty", "level": 2, "losses": [str(v) for v in losses]}
    return prompt_tex, prompt_text, answer, "tuple" if level == 1 else "number", steps, cands, given


# --- ARS grad_norm ----------------------------------------------------------------------------

def _ars(rng, level):
    N = rng.choice((2, 3))
    dim = rng.choice((2, 3))
    deltas = [[rng.randint(-2, 2) for _ in range(dim)] for _ in range(N)]
    if any(all(v == 0 for v in d) for d in deltas):
        raise Reject("a zero direction")
    plus = [rng.randint(-5, 20) for _ in range(N)]
    minus = [rng.randint(-5, 20) for _ in range(N)]
    diff = [a - b for a, b in zip(plus, minus)]
    s = [sum(dk * d[j] for dk, d in zip(diff, deltas)) for j in range(dim)]
    if all(v == 0 for v in s):
        raise Reject("the step is zero")
    s2 = sum(v * v for v in s)
    rets = plus + minus
    if level == 1:
        # only the differences are shown; σ_R must be one that 2N returns with these differences can
        # have: the within-pair spread alone gives σ_R² ≥ mean((Δₖ/2)²)
        floor = sum(R(d * d, 4) for d in diff) / N
        half = max(2, math.ceil(2 * math.sqrt(floor)))          # σ_R in steps of 1/2, at least the floor
        sigma = R(half + rng.randint(0, 16), 2)
        var = sigma ** 2
        sig_text = f"The standard deviation of all 2N returns is σ_R = {_d(sigma)}."
        sig_tex = rf"The standard deviation of all \(2N\) returns is \(\sigma_R = {_d(sigma)}\)."
    else:
        mean = R(sum(rets), 2 * N)
        var = sum((R(r) - mean) ** 2 for r in rets) / (2 * N)
        sig_text = ("σ_R is the standard deviation of all 2N returns (r⁺ and r⁻ together), as np.std computes it: "
                    "divide by 2N, not 2N − 1.")
        sig_tex = (r"\(\sigma_R\) is the standard deviation of all \(2N\) returns (\(r^+\) and \(r^-\) together), "
                   r"as np.std computes it: divide by \(2N\), not \(2N - 1\).")
    answer = R(s2) / (N * N * var)
    sub = "₁₂₃"
    dl = "; ".join(f"δ{sub[k]} = {tuple(d)}, r⁺ = {plus[k]}, r⁻ = {minus[k]}" for k, d in enumerate(deltas))
    dl = dl.replace(",)", ")")
    dl_tex = "; ".join(rf"\(\delta_{k + 1} = {tex(tuple(d))},\ r^+_{k + 1} = {plus[k]},\ r^-_{k + 1} = {minus[k]}\)"
                       for k, d in enumerate(deltas))
    returns_text, returns_tex = "the returns of the policies θ + νδₖ (r⁺) and θ − νδₖ (r⁻)", \
        r"the returns of the policies \(\theta + \nu\delta_k\) (\(r^+\)) and \(\theta - \nu\delta_k\) (\(r^-\))"
    if level == 1:             # the return differences only
        dl = "; ".join(f"δ{sub[k]} = {tuple(d)}, r⁺ − r⁻ = {diff[k]}" for k, d in enumerate(deltas)).replace(",)", ")")
        dl_tex = "; ".join(rf"\(\delta_{k + 1} = {tex(tuple(d))},\ r^+_{k + 1} - r^-_{k + 1} = {diff[k]}\)"
                           for k, d in enumerate(deltas))
        returns_text += ", given here by their differences"
        returns_tex += ", given here by their differences"
    prompt_text = (f"One iteration of augmented random search (Ray's ARS) uses N = {N} directions with "
                   f"{returns_text}: {dl}. The step is g = Σₖ (r⁺ₖ − r⁻ₖ)δₖ/(N·σ_R). "
                   f"{sig_text} Find the logged statistic grad_norm = np.square(g).sum(). {SAY}")
    prompt_tex = (rf"One iteration of augmented random search (Ray's ARS) uses \(N = {N}\) directions with "
                  rf"{returns_tex}: {dl_tex}. "
                  rf"The step is \(g = \sum_k (r^+_k - r^-_k)\,\delta_k/(N\sigma_R)\). {sig_tex} Find the logged "
                  rf"statistic grad_norm = np.square(g).sum(). {SAY}")
    steps = [Step("Weight each direction by its return difference and add.",
                  rf"r^+ - r^- = {tex(tuple(diff))},\quad \sum_k (r^+_k - r^-_k)\delta_k = {tex(tuple(s))}",
                  f"r⁺ − r⁻ = {uni(tuple(diff))}, Σₖ (r⁺ₖ − r⁻ₖ)δₖ = {uni(tuple(s))}")]
    if level == 2:
        steps.append(Step("The variance of the 2N returns about their mean (np.std squared).",
                          rf"\sigma_R^2 = {tex(var)}", f"σ_R² = {uni(var)}"))
    steps.append(Step("grad_norm squares and sums the entries of g: ‖g‖², no square root.",
                      rf"\lVert g\rVert^2 = \frac{{{s2}}}{{{N}^2\cdot {tex(var)}}} = {tex(answer)}",
                      f"‖g‖² = {s2}/({N}²·{uni(var)}) = {uni(answer)}"))
    cands = [("square root taken", sp.sqrt(answer), "grad_norm = np.square(g).sum() is the squared norm ‖g‖²: no "
              "square root."),
             ("σ_R not divided", R(s2, N * N), "Ray divides the step by the standard deviation of the returns."),
             ("no 1/N", R(s2) / var, f"The weighted sum of directions is averaged over the N = {N} directions.")]
    if level == 2:
        var1 = var * 2 * N / (2 * N - 1)
        cands.append(("sample standard deviation", R(s2) / (N * N * var1), "np.std divides by 2N (ddof = 0), not 2N − 1."))
    cands = [c for c in cands if c[1] is not None]
    given = {"method": "ars", "level": level, "deltas": deltas}
    if level == 1:
        given.update(diff=diff, sigma_R=str(sigma))
    else:
        given.update(plus=plus, minus=minus)
    return prompt_tex, prompt_text, answer, "number", steps, cands, given


MAKERS = {"gradnorm": _gradnorm, "uncertainty": _uncertainty, "ars": _ars}


def generate(rng, params) -> Problem:
    level = params["level"]
    prompt_tex, prompt_text, answer, kind, steps, cands, given = MAKERS[params["method"]](rng, level)
    if params["method"] == "gradnorm":
        prompt_tex += f" {SAY}"
        prompt_text += f" {SAY}"
    mistakes = []
    for name, value, feedback in cands:
        if value != answer and all(value != m.answer for m in mistakes):
            mistakes.append(Mistake(name, value, feedback))
    return Problem(prompt_tex, prompt_text, answer, kind, tuple(steps), given, CHECKING, tuple(mistakes))


# --- verification -----------------------------------------------------------------------------

def _floats(xs):
    return np.array([float(sp.Rational(v)) for v in xs])




def _tuple(answer, n):
    got = [float(v) for v in (answer if isinstance(answer, (tuple, list)) else (answer,))]
    if len(got) != n:
        raise VerificationError(f"expected {n} values")
    return got


def verify(given, answer) -> Evidence:
    method, level = given["method"], given["level"]
    if method == "gradnorm":
        w, g, l0, lt = (_floats(given[k]) for k in ("w", "gnorm", "L0", "Lt"))
        alpha = float(sp.Rational(given["alpha"]))
        ratio = lt / l0
        target = np.mean(w * g) * (ratio / ratio.mean()) ** alpha
        got = _tuple(answer, len(w))
        if level == 1:
            err = max(numeric.require_close(t, a, "GradNorm target (numpy)", rel=1e-9) for t, a in zip(target, got))
            return Evidence("numpy", "Gᵢ, Ḡ, rᵢ and Ḡ·rᵢ^α recomputed in floating point", err)
        lgrad = lambda ws: float(np.sum(np.abs(ws * g - target)))   # targets frozen
        h = 1e-6
        grad = np.array([(lgrad(w + h * e) - lgrad(w - h * e)) / (2 * h) for e in np.eye(len(w))])
        new = w - float(sp.Rational(given["lr"])) * grad
        new = len(w) * new / new.sum()
        err = max(numeric.require_close(v, a, "updated weight (finite differences)", rel=1e-7) for v, a in zip(new, got))
        return Evidence("finite differences", "central-difference gradient of Σ|wᵢ‖∇Lᵢ‖ − targetᵢ| with frozen "
                        "targets, one step, renormalised", err)
    if method == "uncertainty":
        losses = _floats(given["losses"])
        if level == 1:
            got = _tuple(answer, len(losses))
            err = 0.0
            for L, a in zip(losses, got):
                s = numeric.golden_min(lambda sg: L / (2 * sg * sg) + math.log(sg), 1e-3, 100.0)
                err = max(err, numeric.require_close(1 / (2 * s * s), a, "weight at the numerical optimum", rel=1e-7))
            return Evidence("golden-section search", "each σᵢ minimising Lᵢ/(2σᵢ²) + log σᵢ numerically", err)
        L1, L2 = losses
        m1 = numeric.golden_min(lambda sg: L1 / (2 * sg * sg) + math.log(sg), 1e-3, 100.0)
        m2 = numeric.golden_min(lambda sg: L2 / (sg * sg) + math.log(sg), 1e-3, 100.0)
        value = L1 / (2 * m1 * m1) + math.log(m1) + L2 / (m2 * m2) + math.log(m2)
        err = numeric.require_close(value, float(answer), "minimum objective (golden section)", rel=1e-8, floor=1e-9)
        return Evidence("golden-section search", "σ₁ and σ₂ minimised numerically, objective evaluated there", err)
    deltas = np.array(given["deltas"], dtype=float)
    if level == 1:
        diff, sigma = np.array(given["diff"], float), float(sp.Rational(given["sigma_R"]))
    else:
        plus, minus = np.array(given["plus"], float), np.array(given["minus"], float)
        diff, sigma = plus - minus, float(np.std(np.concatenate([plus, minus])))
    g = (diff @ deltas) / len(diff) / sigma
    err = numeric.require_close(float(np.square(g).sum()), float(answer), "np.square(g).sum()", rel=1e-9)
    return Evidence("numpy, as Ray's ARS", "g from the returns, σ_R = np.std(returns), grad_norm = np.square(g).sum()", err)


FAMILY = Family(
    name="gradnorm_uncertainty", version=1, title="GradNorm, uncertainty weighting and ARS's grad_norm",
    summary="GradNorm targets and one weight update; Kendall et al.'s optimal σᵢ and minimum objective; the "
            "grad_norm statistic of an ARS step.",
    params={"method": Param("gradnorm", METHODS, "gradnorm, uncertainty (Kendall et al.) or ars"),
            "level": Param(1, (1, 2), "1: targets / weights / ‖g‖² with σ_R given; 2: the update / the minimum "
                                      "with a classification task / σ_R from the returns")},
    levels=LEVELS, generate=generate, verify=verify,
)
