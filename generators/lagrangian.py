"""Equations of motion from a Lagrangian, L = T − V, through the Euler–Lagrange equation
d/dt ∂L/∂q̇ = ∂L/∂q.

Level 1: a particle of mass m in a polynomial potential V(q): q̈ = −V′(q)/m. Level 2: a pendulum
of length l: θ̈ = −(g/l) sin θ. Level 3: the radial equation in polar coordinates for a central
potential, with the angular velocity ω = θ̇ as a variable: r̈ = rω² − V′(r)/m (the centrifugal
term comes from the kinetic energy ½m r²θ̇²). Answers are exact expressions. Verification
differentiates the Lagrangian numerically (central differences of L itself) at random states and
checks the Euler–Lagrange equation m·(answer) = ∂L/∂q there.
"""

from __future__ import annotations

import math
import random

import sympy as sp

from osmose.family import Checking, Evidence, Family, Mistake, Param, Problem, Reject, Step, \
    VerificationError
from osmose.mathtext import tex, uni

q, r, theta, w = sp.symbols("q r theta omega", real=True)
LENGTHS = (sp.Rational(1, 2), sp.Integer(1), sp.Rational(3, 2), sp.Integer(2), sp.Rational(5, 2), sp.Integer(3),
           sp.Integer(4), sp.Integer(5))
GRAVITIES = (sp.Rational(49, 5), sp.Integer(10), sp.Rational(981, 100), sp.Rational(81, 50), sp.Rational(371, 100))
LEVELS = {1: "a particle in a polynomial potential", 2: "a pendulum",
          3: "the radial equation of motion in a central potential (polar coordinates)"}


def generate(rng, params) -> Problem:
    level = params["level"]
    m = rng.randint(1, 4)
    if level == 1:
        coeffs = [rng.randint(-2, 2)] + [rng.randint(-3, 3) for _ in range(3)]   # q, q², q³, q⁴
        V = sum(c * q ** (k + 1) for k, c in enumerate(coeffs))
        if not any(coeffs[1:]):
            raise Reject("a constant force: q̈ would not depend on q")
        answer = sp.expand(-sp.diff(V, q) / m)
        checking = Checking({"q": "real"}, precision="exact")
        prompt_tex = (rf"A particle of mass \(m = {m}\) moves on a line with Lagrangian \(L = \tfrac12 m\dot q^2 - V(q)\), "
                      rf"\(V(q) = {tex(V)}\). Use the Euler–Lagrange equation to find \(\ddot q\) as a function of \(q\). {checking.statement()}")
        prompt_text = (f"A particle of mass m = {m} moves on a line with Lagrangian L = ½m·q̇² − V(q), V(q) = {uni(V)}. "
                       f"Use the Euler–Lagrange equation to find q̈ as a function of q. {checking.statement()}")
        steps = [Step("∂L/∂q̇ = m q̇, so d/dt ∂L/∂q̇ = m q̈; ∂L/∂q = −V′(q).",
                      rf"m\ddot q = -V'(q) = {tex(-sp.diff(V, q))}", f"m·q̈ = −V′(q) = {uni(-sp.diff(V, q))}"),
                 Step("Divide by m.", rf"\ddot q = {tex(answer)}", f"q̈ = {uni(answer)}")]
        cands = [("sign of the force", -answer, "The force is −V′(q): the particle accelerates downhill."),
                 ("forgot the mass", sp.expand(-sp.diff(V, q)), f"Divide the force by m = {m}.")] if m != 1 else \
            [("sign of the force", -answer, "The force is −V′(q): the particle accelerates downhill.")]
        given = {"level": 1, "m": m, "V": str(V), "coefficients": coeffs}
    elif level == 2:
        m = rng.randint(1, 5)   # the mass cancels: a distractor on purpose
        length = rng.choice(LENGTHS)
        g = rng.choice(GRAVITIES)
        answer = -(g / length) * sp.sin(theta)
        checking = Checking({"theta": "real"}, precision="exact")
        prompt_tex = (rf"A pendulum of mass \(m = {m}\) on a rod of length \(l = {tex(length)}\) (massless) swings in gravity "
                      rf"\(g = {float(g):g}\); with \(\theta\) the angle from the downward vertical, \(L = \tfrac12 m l^2 \dot\theta^2 + m g l\cos\theta\). "
                      rf"Find \(\ddot\theta\) as a function of \(\theta\) (type theta). {checking.statement()}")
        prompt_text = (f"A pendulum of mass m = {m} on a rod of length l = {uni(length)} (massless) swings in gravity "
                       f"g = {float(g):g}; with θ the angle from the downward vertical, L = ½ml²θ̇² + mgl·cos θ. Find θ̈ as "
                       f"a function of θ (type theta). {checking.statement()}")
        steps = [Step("∂L/∂θ̇ = ml²θ̇ and ∂L/∂θ = −mgl sin θ.", r"m l^2 \ddot\theta = -m g l \sin\theta",
                      "ml²θ̈ = −mgl·sin θ"),
                 Step("The mass cancels; divide by ml².", rf"\ddot\theta = -\frac{{g}}{{l}}\sin\theta = {tex(answer)}",
                      f"θ̈ = −(g/l)·sin θ = {uni(answer)}")]
        cands = [("small-angle form", -(g / length) * theta, "sin θ ≈ θ only for small swings; the exact equation keeps sin θ."),
                 ("l, not l²", -(g) * sp.sin(theta), "The moment of inertia is ml²: dividing by it leaves g/l.")]
        given = {"level": 2, "m": m, "l": str(length), "g": str(g)}
    else:
        m, k = rng.randint(1, 6), rng.randint(1, 12)
        kind = rng.choice(("spring", "gravity"))
        V = sp.Rational(k, 2) * r ** 2 if kind == "spring" else -sp.Integer(k) / r
        answer = sp.expand(r * w ** 2 - sp.diff(V, r) / m)
        checking = Checking({"r": "positive", "omega": "real"}, precision="exact")
        prompt_tex = (rf"A particle of mass \(m = {m}\) moves in a plane in the central potential \(V(r) = {tex(V)}\); in polar "
                      rf"coordinates \(L = \tfrac12 m(\dot r^2 + r^2\dot\theta^2) - V(r)\). Find \(\ddot r\) in terms of \(r\) and "
                      rf"the angular velocity \(\omega = \dot\theta\) (type omega). {checking.statement()}")
        prompt_text = (f"A particle of mass m = {m} moves in a plane in the central potential V(r) = {uni(V)}; in polar "
                       f"coordinates L = ½m(ṙ² + r²θ̇²) − V(r). Find r̈ in terms of r and the angular velocity ω = θ̇ "
                       f"(type omega). {checking.statement()}")
        steps = [Step("∂L/∂ṙ = mṙ; ∂L/∂r = m r θ̇² − V′(r): the kinetic term r²θ̇² gives the centrifugal force.",
                      rf"m\ddot r = m r\omega^2 - V'(r),\quad V'(r) = {tex(sp.diff(V, r))}",
                      f"m·r̈ = m·r·ω² − V′(r), V′(r) = {uni(sp.diff(V, r))}"),
                 Step("Divide by m.", rf"\ddot r = {tex(answer)}", f"r̈ = {uni(answer)}")]
        cands = [("centrifugal term missing", sp.expand(-sp.diff(V, r) / m), "∂L/∂r also differentiates the kinetic "
                  "energy ½m r²θ̇²: it contributes m r ω²."),
                 ("sign of the force", sp.expand(r * w ** 2 + sp.diff(V, r) / m), "The force is −V′(r).")]
        given = {"level": 3, "m": m, "V": str(V), "k": k, "kind": kind}
    return Problem(prompt_tex, prompt_text, answer, "expr", tuple(steps), given, checking,
                   tuple(Mistake(*c) for c in cands))


def verify(given, answer) -> Evidence:
    level, m = given["level"], given["m"]
    rng = random.Random(f"lagrangian:{given}")
    h = 1e-5
    worst = 0.0
    f = lambda *point: float(answer.evalf(subs=dict(zip(sorted(answer.free_symbols, key=str), point))))
    if level == 1:
        coeffs = given["coefficients"]
        V = lambda x: sum(c * x ** (k + 1) for k, c in enumerate(coeffs))
        L = lambda x, v: 0.5 * m * v * v - V(x)
        states = [(rng.uniform(-2, 2), rng.uniform(-2, 2)) for _ in range(5)]
        for x, v in states:
            dLdq = (L(x + h, v) - L(x - h, v)) / (2 * h)
            dLdv_slope = (L(x, v + 1e-3) - 2 * L(x, v) + L(x, v - 1e-3)) / 1e-6  # ∂²L/∂v² = m
            worst = max(worst, abs(dLdv_slope * f(x) - dLdq) / max(1.0, abs(dLdq)))
    elif level == 2:
        length, g = float(sp.Rational(given["l"])), float(sp.Rational(given["g"]))
        L = lambda t, v: 0.5 * m * length ** 2 * v * v + m * g * length * math.cos(t)
        for _ in range(5):
            t, v = rng.uniform(-3, 3), rng.uniform(-2, 2)
            dLdq = (L(t + h, v) - L(t - h, v)) / (2 * h)
            inertia = (L(t, v + 1e-3) - 2 * L(t, v) + L(t, v - 1e-3)) / 1e-6
            worst = max(worst, abs(inertia * f(t) - dLdq) / max(1.0, abs(dLdq)))
    else:
        k = given["k"]
        V = (lambda x: k * x * x / 2) if given["kind"] == "spring" else (lambda x: -k / x)
        for _ in range(5):
            x, om, v = rng.uniform(0.5, 3), rng.uniform(-2, 2), rng.uniform(-1, 1)
            L = lambda rr, vv: 0.5 * m * (vv * vv + rr * rr * om * om) - V(rr)
            dLdq = (L(x + h, v) - L(x - h, v)) / (2 * h)
            inertia = (L(x, v + 1e-3) - 2 * L(x, v) + L(x, v - 1e-3)) / 1e-6
            value = float(answer.evalf(subs={r: x, w: om}))
            worst = max(worst, abs(inertia * value - dLdq) / max(1.0, abs(dLdq)))
    if worst > 1e-5:
        raise VerificationError(f"the Euler–Lagrange equation fails by {worst:.2e} (relative) at a random state")
    return Evidence("numerical Euler–Lagrange", "∂L/∂q and ∂²L/∂q̇² by central differences of L at five random states",
                    worst)


FAMILY = Family(
    name="lagrangian", version=1, title="Equations of motion from a Lagrangian",
    summary="Euler–Lagrange equations for a particle in a potential, a pendulum, and radial motion in a central potential.",
    params={"level": Param(1, (1, 2, 3), "1: a potential on a line; 2: a pendulum; 3: polar coordinates")},
    levels=LEVELS, generate=generate, verify=verify,
    # a pendulum is named by m, l, g and a central potential by m, k and its kind: finite pools
    finite=lambda params: {2: 5 * len(LENGTHS) * len(GRAVITIES), 3: 6 * 12 * 2}.get(params["level"]),
)
