"""Hamiltonian Monte Carlo by hand: one leapfrog step, the energy error, the acceptance.

Target N(0, σ²) in one dimension: potential U(q) = q²/(2σ²), kinetic energy K(p) = p²/2 (unit
mass), H = U + K. Level 1: the state (q₁, p₁) after one leapfrog step of size ε — half step in p,
full step in q, half step in p. Level 2: the Metropolis acceptance probability min(1, e^(−ΔH)) of
that proposal. Answers are exact. Verification integrates with the potential's gradient taken
by central finite differences of U (not the analytic q/σ²), and evaluates H numerically.
"""

from __future__ import annotations

import math

import sympy as sp

from osmose import numeric
from osmose.family import Checking, Evidence, Family, Mistake, Param, Problem, Reject, Step, \
    VerificationError
from osmose.mathtext import tex, uni

R = sp.Rational
CHECKING = Checking()
SAY = CHECKING.statement()
LEVELS = {1: "the state (q₁, p₁) after one leapfrog step", 2: "the acceptance probability of that proposal"}


def leapfrog(q, p, eps, var, sign=1):
    """One leapfrog step; ``sign=-1`` climbs the potential instead (a classic slip)."""
    grad = lambda x: sign * x / var
    p_half = p - eps / 2 * grad(q)
    q1 = q + eps * p_half
    return q1, p_half - eps / 2 * grad(q1), p_half


def generate(rng, params) -> Problem:
    level = params["level"]
    var = rng.choice((1, 2, 4))
    q0, p0 = R(rng.randint(-8, 8), 4), R(rng.randint(-8, 8), 4)
    if q0 == 0 and p0 == 0:
        raise Reject("at rest at the mode")
    # level 2 takes bolder steps, so the energy error is large enough to matter
    eps = rng.choice((R(1, 10), R(1, 5), R(1, 4), R(1, 2), sp.Integer(1)) if level == 1 else
                     (R(1, 2), R(3, 4), sp.Integer(1), R(5, 4), R(3, 2)))
    q1, p1, p_half = leapfrog(q0, p0, eps, var)
    H = lambda q, p: q ** 2 / (2 * var) + p ** 2 / 2
    dH = H(q1, p1) - H(q0, p0)
    intro_tex = (rf"HMC targets \(\mathcal{{N}}(0, {var})\) (variance {var}) with potential \(U(q) = q^2/(2\cdot {var})\), "
                 rf"kinetic energy \(K(p) = p^2/2\) and \(H = U + K\). From \(q_0 = {float(q0):g},\ p_0 = {float(p0):g}\), "
                 rf"take one leapfrog step of size \(\epsilon = {float(eps):g}\): \(p_{{1/2}} = p_0 - \tfrac{{\epsilon}}{{2}}U'(q_0)\), "
                 rf"\(q_1 = q_0 + \epsilon\,p_{{1/2}}\), \(p_1 = p_{{1/2}} - \tfrac{{\epsilon}}{{2}}U'(q_1)\).")
    intro_text = (f"HMC targets N(0, {var}) (variance {var}) with potential U(q) = q²/(2·{var}), kinetic energy "
                  f"K(p) = p²/2 and H = U + K. From q0 = {float(q0):g}, p0 = {float(p0):g}, take one leapfrog step of "
                  f"size ε = {float(eps):g}: p_half = p0 − (ε/2)U′(q0), q1 = q0 + ε·p_half, p1 = p_half − (ε/2)U′(q1).")
    steps = [Step("U′(q) = q/σ². Half step in momentum.", rf"p_{{1/2}} = {tex(p_half)}", f"p_half = {uni(p_half)}"),
             Step("Full step in position, then the second half step in momentum.",
                  rf"q_1 = {tex(q1)},\quad p_1 = {tex(p1)}", f"q1 = {uni(q1)}, p1 = {uni(p1)}")]
    if level == 1:
        answer, kind = (q1, p1), "tuple"
        prompt_tex = intro_tex + rf" Find \((q_1, p_1)\). {SAY}"
        prompt_text = intro_text + f" Find (q1, p1). {SAY}"
        euler_q = q0 + eps * p0
        cands = [("Euler step", (euler_q, p0 - eps * q0 / var), "Leapfrog interleaves half steps: update p by "
                  "ε/2 first, then q with the half-step momentum, then p again."),
                 ("gradient sign", leapfrog(q0, p0, eps, var, sign=-1)[:2],
                  "Momentum moves down the potential: p ← p − (ε/2)U′(q).")]
    else:
        if dH == 0:
            raise Reject("energy conserved exactly")
        answer, kind = (sp.Integer(1) if dH < 0 else sp.exp(-dH)), "number"
        prompt_tex = intro_tex + rf" Find the Metropolis acceptance probability \(\min(1, e^{{-\Delta H}})\) of the proposal \((q_1, p_1)\), with \(\Delta H = H(q_1, p_1) - H(q_0, p_0)\). {SAY}"
        prompt_text = intro_text + f" Find the Metropolis acceptance probability min(1, e^(−ΔH)) of the proposal (q1, p1), with ΔH = H(q1, p1) − H(q0, p0). {SAY}"
        steps.append(Step("Leapfrog does not conserve H exactly; the small error ΔH decides acceptance.",
                          rf"\Delta H = {tex(H(q1, p1))} - {tex(H(q0, p0))} = {tex(dH)},\quad \min(1, e^{{-\Delta H}}) = {tex(answer)}",
                          f"ΔH = {uni(H(q1, p1))} − {uni(H(q0, p0))} = {uni(dH)}, min(1, e^(−ΔH)) = {uni(answer)}"))
        cands = [("sign of ΔH", sp.Integer(1) if dH > 0 else sp.exp(dH), "Accept with probability e^(−ΔH): an "
                  "increase in energy lowers the acceptance.")]
        potential_only = sp.Min(1, sp.exp(-(q1 ** 2 - q0 ** 2) / (2 * var)))
        if potential_only != answer:  # a slip only where it changes the verdict
            cands.append(("potential only", potential_only, "Use the whole Hamiltonian H = U + K: the "
                          "momentum's kinetic energy enters the acceptance too."))
    given = {"level": level, "var": var, "q0": str(q0), "p0": str(p0), "eps": str(eps)}
    return Problem(prompt_tex, prompt_text, answer, kind, tuple(steps), given, CHECKING,
                   tuple(Mistake(*c) for c in cands))


def verify(given, answer) -> Evidence:
    var = given["var"]
    q, p, eps = (float(sp.Rational(given[k])) for k in ("q0", "p0", "eps"))
    U = lambda x: x * x / (2 * var)
    dU = lambda x, h=1e-5: (U(x + h) - U(x - h)) / (2 * h)
    H0 = U(q) + p * p / 2
    p_half = p - eps / 2 * dU(q)
    q1 = q + eps * p_half
    p1 = p_half - eps / 2 * dU(q1)
    if given["level"] == 1:
        got = [float(v) for v in answer]
        if len(got) != 2:
            raise VerificationError("expected (q1, p1)")
        err = max(numeric.require_close(q1, got[0], "q1", rel=1e-8, floor=1e-9),
                  numeric.require_close(p1, got[1], "p1", rel=1e-8, floor=1e-9))
    else:
        value = min(1.0, math.exp(-(U(q1) + p1 * p1 / 2 - H0)))
        err = numeric.require_close(value, float(answer), "min(1, e^(−ΔH))", rel=1e-7)
    return Evidence("numerical leapfrog", "integrated with U′ by central differences of U", err)


FAMILY = Family(
    name="hmc_leapfrog", version=1, title="Hamiltonian Monte Carlo: a leapfrog step",
    summary="One leapfrog step for a Gaussian target, and the Metropolis acceptance of the proposal.",
    params={"level": Param(1, (1, 2), "1: (q₁, p₁); 2: the acceptance probability")},
    levels=LEVELS, generate=generate, verify=verify,
)
