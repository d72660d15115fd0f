"""Kinematics and dynamics: a planar two-link arm, and a projectile with and without forces.

system = arm (kinematics of a mechanism: geometry only, no forces). Level 1: forward kinematics,
the end-effector position from link lengths and joint angles. Level 2: the end-effector velocity
ẋ = J(q)q̇ through the manipulator Jacobian. Level 3: can the joints produce a wanted end-effector
velocity — uniquely, not at all, or in infinitely many ways? Singular configurations (elbow
straight or folded, det J = l₁l₂ sin q₂ = 0) are drawn on purpose for two of the three answers.

system = projectile (kinematics vs dynamics). Level 1: kinematics under constant gravity —
range, peak height or flight time from the constant-acceleration formulas. Level 2: the force
description — a constant wind force and gravity on a mass m; Newton gives a = F/m, and the
position at time t follows. Level 3: linear air drag m v̇ = −mg − kv, which no constant-
acceleration formula describes: the velocity at time t, or the time to the top.

Answers are exact. Verification: the arm by composing rotation matrices numerically (forward
kinematics), central differences of the forward map (velocity, Jacobian) and numpy ranks; the
projectile by integrating Newton's equations with a fixed-step RK4 and locating events by
bisection.
"""

from __future__ import annotations

import math
from functools import lru_cache

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
CHOICES = ("unique", "none", "infinitely many")
CHOICE_CHECK = Checking(choices=CHOICES)
LEVELS = {1: "arm: forward kinematics; projectile: range, peak or flight time under gravity",
          2: "arm: end-effector velocity J(q)q̇; projectile: position under gravity and a constant force (F = ma)",
          3: "arm: solvability of J(q)q̇ = v, singular configurations included; projectile: linear air drag"}
ANGLES = tuple(R(k, 12) for k in range(-11, 13) if k % 12)         # multiples of 15° except 0
NICE = tuple(a for a in ANGLES if (a * 12) % 2 == 0 or (a * 12) % 3 == 0)  # 30° and 45° multiples


def _ang_tex(a) -> str:
    a = sp.Rational(a)
    if a == 0:
        return "0"
    num, den = abs(a.p), a.q
    core = (r"\pi" if num == 1 else rf"{num}\pi") + (rf"/{den}" if den != 1 else "")
    return ("-" if a < 0 else "") + core


def _ang_uni(a) -> str:
    return _ang_tex(a).replace(r"\pi", "π").replace("-", "−")


@lru_cache(maxsize=None)
def _cos(a):
    return sp.cos(sp.pi * a)


@lru_cache(maxsize=None)
def _sin(a):
    return sp.sin(sp.pi * a)


# --- the arm ----------------------------------------------------------------------------------

def _fk(l1, l2, q1, q2):
    return (l1 * _cos(q1) + l2 * _cos(q1 + q2), l1 * _sin(q1) + l2 * _sin(q1 + q2))


def _jac(l1, l2, q1, q2):
    s1, c1, s12, c12 = _sin(q1), _cos(q1), _sin(q1 + q2), _cos(q1 + q2)
    return sp.Matrix([[-l1 * s1 - l2 * s12, -l2 * s12], [l1 * c1 + l2 * c12, l2 * c12]])


ARM_TEX = (r"A planar two-link arm has its base at the origin, link lengths \(l_1 = {l1}\) and \(l_2 = {l2}\), "
           r"and joint angles \(q_1\) (link 1 from the x-axis) and \(q_2\) (link 2 relative to link 1), in radians, "
           r"so the end effector is at \(x = l_1\cos q_1 + l_2\cos(q_1 + q_2)\), \(y = l_1\sin q_1 + l_2\sin(q_1 + q_2)\). ")
ARM_TEXT = ("A planar two-link arm has its base at the origin, link lengths l₁ = {l1} and l₂ = {l2}, and joint angles "
            "q₁ (link 1 from the x-axis) and q₂ (link 2 relative to link 1), in radians, so the end effector is at "
            "x = l₁cos q₁ + l₂cos(q₁ + q₂), y = l₁sin q₁ + l₂sin(q₁ + q₂). ")


def _arm(rng, level):
    l1, l2 = rng.randint(1, 5), rng.randint(1, 5)
    q1 = rng.choice(NICE)
    intro_tex, intro_text = ARM_TEX.format(l1=l1, l2=l2), ARM_TEXT.format(l1=l1, l2=l2)
    given = {"system": "arm", "level": level, "l1": l1, "l2": l2, "q1": str(q1)}
    if level == 3:
        return _arm_solvable(rng, l1, l2, q1, intro_tex, intro_text, given)
    q2 = rng.choice(NICE)
    given["q2"] = str(q2)
    at_tex = rf"\(q = ({_ang_tex(q1)},\ {_ang_tex(q2)})\)"
    at_text = f"q = ({_ang_uni(q1)}, {_ang_uni(q2)})"
    if level == 1:
        answer = _fk(l1, l2, q1, q2)
        if answer == (0, 0):
            raise Reject("end effector at the base")
        prompt_tex = intro_tex + rf"At {at_tex}, find the end-effector position \((x, y)\). {SAY}"
        prompt_text = intro_text + f"At {at_text}, find the end-effector position (x, y). {SAY}"
        steps = [Step("Add the two link vectors; link 2 points at the absolute angle q₁ + q₂.",
                      rf"q_1 + q_2 = {_ang_tex(q1 + q2)},\quad (x, y) = {tex(answer)}",
                      f"q₁ + q₂ = {_ang_uni(q1 + q2)}, (x, y) = {uni(answer)}")]
        cands = [("q₂ read as an absolute angle", (l1 * _cos(q1) + l2 * _cos(q2),
                                                   l1 * _sin(q1) + l2 * _sin(q2)),
                  "q₂ is measured from link 1, so link 2 points at q₁ + q₂ from the x-axis."),
                 ("sine and cosine swapped", (answer[1], answer[0]), "x uses the cosines, y the sines.")]
        return prompt_tex, prompt_text, answer, "tuple", steps, cands, given, CHECKING
    qd = (rng.randint(-3, 3), rng.randint(-3, 3))
    if qd == (0, 0):
        raise Reject("arm at rest")
    J = _jac(l1, l2, q1, q2)
    v = J * sp.Matrix(qd)
    answer = (v[0], v[1])
    if answer == (0, 0):
        raise Reject("no end-effector motion")
    given["qdot"] = list(qd)
    prompt_tex = intro_tex + (rf"At {at_tex} the joints move at \(\dot q = ({qd[0]}, {qd[1]})\) rad/s. Find the "
                              rf"end-effector velocity \((\dot x, \dot y) = J(q)\dot q\), with \(J = \partial(x, y)/\partial(q_1, q_2)\) "
                              rf"the manipulator Jacobian. {SAY}")
    prompt_text = intro_text + (f"At {at_text} the joints move at q̇ = ({qd[0]}, {qd[1]}) rad/s. Find the end-effector "
                                f"velocity (ẋ, ẏ) = J(q)q̇, with J = ∂(x, y)/∂(q₁, q₂) the manipulator Jacobian. {SAY}")
    steps = [Step("Differentiate the forward kinematics: J = ∂(x, y)/∂(q₁, q₂).",
                  r"J = \begin{pmatrix} -l_1\sin q_1 - l_2\sin(q_1+q_2) & -l_2\sin(q_1+q_2) \\ "
                  r"l_1\cos q_1 + l_2\cos(q_1+q_2) & l_2\cos(q_1+q_2)\end{pmatrix} = " + tex(J),
                  f"J = [[−l₁sin q₁ − l₂sin(q₁+q₂), −l₂sin(q₁+q₂)], [l₁cos q₁ + l₂cos(q₁+q₂), l₂cos(q₁+q₂)]] = {uni(J)}"),
             Step("Multiply by the joint velocities.", rf"J\dot q = {tex(answer)}", f"J·q̇ = {uni(answer)}")]
    Jt = J.T * sp.Matrix(qd)
    one = sp.Matrix([[-l1 * _sin(q1), -l2 * _sin(q1 + q2)],
                     [l1 * _cos(q1), l2 * _cos(q1 + q2)]]) * sp.Matrix(qd)
    cands = [("Jacobian transposed", (Jt[0], Jt[1]), "ẋ = J q̇ with rows of J for x and y; Jᵀ maps forces to torques."),
             ("link 2 not carried by joint 1", (one[0], one[1]), "Turning joint 1 swings the whole arm, link 2 "
              "included: ∂x/∂q₁ = −l₁sin q₁ − l₂sin(q₁ + q₂).")]
    return prompt_tex, prompt_text, answer, "tuple", steps, cands, given, CHECKING


def _arm_solvable(rng, l1, l2, q1, intro_tex, intro_text, given):
    verdict = rng.choice(CHOICES)
    if verdict == "unique":
        q2 = rng.choice([a for a in NICE if a != 1])
    else:
        q2 = rng.choice((sp.Integer(0), sp.Integer(1)))        # straight or folded: singular
        if q2 == 1 and l1 == l2:
            raise Reject("folded onto the base")
    s1, c1 = _sin(q1), _cos(q1)
    k, j = rng.choice((-3, -2, -1, 1, 2, 3)), rng.choice((-2, -1, 1, 2))
    if verdict == "infinitely many":
        v = (-k * s1, k * c1)                                # along the arm's normal: reachable
    else:
        v = (-k * s1 + j * c1, k * c1 + j * s1)              # a radial part too
    given.update(q2=str(q2), v=[str(x) for x in v])
    _jac(l1, l2, q1, q2)
    det = l1 * l2 * _sin(q2)
    prompt_tex = intro_tex + (rf"At \(q = ({_ang_tex(q1)},\ {_ang_tex(q2)})\), how many joint velocities \(\dot q\) "
                              rf"satisfy \(J(q)\dot q = v\), with \(J = \partial(x, y)/\partial(q_1, q_2)\) the manipulator "
                              rf"Jacobian, for the wanted end-effector velocity \(v = {tex(v)}\)? "
                              rf"{CHOICE_CHECK.statement()}")
    prompt_text = intro_text + (f"At q = ({_ang_uni(q1)}, {_ang_uni(q2)}), how many joint velocities q̇ satisfy "
                                f"J(q)q̇ = v, with J = ∂(x, y)/∂(q₁, q₂) the manipulator Jacobian, for the wanted "
                                f"end-effector velocity v = {uni(v)}? {CHOICE_CHECK.statement()}")
    steps = [Step("det J = l₁l₂ sin q₂: the arm is singular exactly when the elbow is straight or folded.",
                  rf"\det J = {l1}\cdot {l2}\,\sin({_ang_tex(q2)}) = {tex(det)}",
                  f"det J = {l1}·{l2}·sin({_ang_uni(q2)}) = {uni(det)}")]
    if verdict == "unique":
        steps.append(Step("det J ≠ 0: J is invertible, q̇ = J⁻¹v is the only solution."))
    else:
        steps.append(Step("At a singular configuration both columns of J are multiples of (−sin q₁, cos q₁), the "
                          "direction perpendicular to the arm: the end effector cannot move along the arm.",
                          rf"(-\sin q_1, \cos q_1) = {tex((-s1, c1))}", f"(−sin q₁, cos q₁) = {uni((-s1, c1))}"))
        steps.append(Step("v is a multiple of that direction: a line of solutions q̇ (the null space of J adds "
                          "freely)." if verdict == "infinitely many" else
                          "v has a component along the arm, outside the range of J: no q̇ produces it."))
    why = {"unique": f"det J = {uni(det)} ≠ 0, so J is invertible: exactly one q̇.",
           "none": "At this singular configuration v has a component along the arm, which no joint motion produces.",
           "infinitely many": "At this singular configuration J has a null space, and v lies in its range."}
    cands = [(c, c, why[verdict]) for c in CHOICES if c != verdict]
    return prompt_tex, prompt_text, verdict, "choice", steps, cands, given, CHOICE_CHECK


# --- the projectile ---------------------------------------------------------------------------

G = R(49, 5)   # 9.8 m/s²


def _projectile(rng, level):
    given = {"system": "projectile", "level": level}
    if level == 1:
        v0 = rng.randint(4, 40)
        theta = rng.choice((R(1, 12), R(1, 6), R(1, 4), R(1, 3), R(5, 12)))
        ask = rng.choice(("range", "peak", "time"))
        s, c = _sin(theta), _cos(theta)
        vy, vx = v0 * s, v0 * c
        T = 2 * vy / G
        # through the double angle, so products of surds never need simplifying
        value = {"range": v0 ** 2 * _sin(2 * theta) / G, "peak": v0 ** 2 * (1 - _cos(2 * theta)) / (4 * G),
                 "time": T}[ask]
        what = {"range": "the horizontal range (distance to landing at launch height), in m",
                "peak": "the peak height above the launch point, in m", "time": "the time of flight, in s"}[ask]
        given.update(v0=v0, theta=str(theta), ask=ask)
        deg = int(theta * 180)
        prompt_tex = (rf"A ball is launched from level ground at speed \({v0}\) m/s at angle \({_ang_tex(theta)}\) ({deg}°) above "
                      rf"the horizontal. Ignore air resistance; \(g = 9.8\) m/s². Find {what}. {SAY}")
        prompt_text = (f"A ball is launched from level ground at speed {v0} m/s at angle {_ang_uni(theta)} ({deg}°) above the "
                       f"horizontal. Ignore air resistance; g = 9.8 m/s². Find {what}. {SAY}")
        steps = [Step("Kinematics with constant acceleration (0, −g): split the launch velocity.",
                      rf"v_x = {tex(vx)},\quad v_y = {tex(vy)}", f"vₓ = {uni(vx)}, v_y = {uni(vy)}")]
        if ask == "range":
            steps[0] = Step("Kinematics with constant acceleration (0, −g): split the launch velocity into "
                            "vₓ = v₀cos θ and v_y = v₀sin θ.")
        if ask == "peak":
            steps.append(Step("At the top v_y = 0: v_y² = 2gh.", rf"h = \frac{{v_y^2}}{{2g}} = {tex(value)}",
                              f"h = v_y²/(2g) = {uni(value)}"))
            cands = [("no ½", 2 * value, "v_y² = 2gh: h = v_y²/(2g)."),
                     ("full speed", sp.Integer(v0 ** 2) / (2 * G), "Only the vertical component v₀ sin θ is "
                      "stopped by gravity; the horizontal motion continues.")]
        else:
            steps.append(Step("y(t) = v_y t − ½gt² returns to 0 at T = 2v_y/g.", rf"T = {tex(T)}", f"T = {uni(T)}"))
            if ask == "range":
                steps.append(Step("The horizontal velocity is constant: R = vₓT = 2v₀²sin θ cos θ/g = v₀²sin 2θ/g.",
                                  rf"R = \frac{{{v0}^2 \sin({_ang_tex(2 * theta)})}}{{9.8}} = {tex(value)}",
                                  f"R = {v0}²·sin({_ang_uni(2 * theta)})/9.8 = {uni(value)}"))
                cands = [("time to the top only", value / 2, "The ball flies up for v_y/g and down for as long: "
                          "T = 2v_y/g."),
                         ("sine and cosine swapped", v0 ** 2 * (1 + _cos(2 * theta)) / G if theta != R(1, 4) else None,
                          "vₓ = v₀cos θ, v_y = v₀sin θ for an angle above the horizontal.")]
            else:
                cands = [("time to the top only", T / 2, "That is the time to the top; the fall takes as long."),
                         ("cosine used", 2 * vx / G if theta != R(1, 4) else None,
                          "Gravity acts on the vertical component v₀sin θ.")]
        return _pack(prompt_tex, prompt_text, value, "number", steps, cands, given)
    if level == 2:
        m = rng.choice((R(1, 2), 1, 2, 4, 5))
        F = rng.choice([f for f in range(-8, 9) if f])
        vx, vy = rng.randint(-3, 8), rng.randint(2, 15)
        t = rng.choice((R(1, 2), 1, R(3, 2), 2))
        ax, ay = F / sp.Rational(m), -G
        pos = (vx * t + ax * t * t / 2, vy * t + ay * t * t / 2)
        given.update(m=str(m), F=F, vx=vx, vy=vy, t=str(t))
        md = f"{float(m):g}"
        prompt_tex = (rf"A ball of mass \({md}\) kg starts at the origin with velocity \(({vx}, {vy})\) m/s. Besides gravity "
                      rf"(\(g = 9.8\) m/s², in the \(-y\) direction) a steady wind pushes it with a constant horizontal force "
                      rf"of \({F}\) N (positive means \(+x\)). Find its position \((x, y)\) in metres at \(t = {float(t):g}\) s. {SAY}")
        prompt_text = (f"A ball of mass {md} kg starts at the origin with velocity ({vx}, {vy}) m/s. Besides gravity "
                       f"(g = 9.8 m/s², in the −y direction) a steady wind pushes it with a constant horizontal force of "
                       f"{F} N (positive means +x). Find its position (x, y) in metres at t = {float(t):g} s. {SAY}")
        steps = [Step("Dynamics first: Newton's second law turns the forces into an acceleration, a = F/m "
                      "(gravity gives −g whatever the mass).",
                      rf"a = \left(\frac{{{F}}}{{{md}}},\ -9.8\right) = {tex((ax, ay))}", f"a = ({F}/{md}, −9.8) = {uni((ax, ay))}"),
                 Step("Then kinematics with constant acceleration: r = v₀t + ½at².",
                      rf"(x, y) = {tex(pos)}", f"(x, y) = {uni(pos)}")]
        cands = [("force used as acceleration", (vx * t + F * t * t / 2, pos[1]) if m != 1 else None,
                  f"The wind force gives an acceleration F/m = {uni(ax)} m/s², not {F}."),
                 ("no ½", (vx * t + ax * t * t, vy * t + ay * t * t), "Under constant acceleration the displacement "
                  "is v₀t + ½at²."),
                 ("gravity times mass", (pos[0], vy * t - G * m * t * t / 2) if m != 1 else None,
                  "The gravitational force is mg, so its acceleration is g for every mass.")]
        return _pack(prompt_tex, prompt_text, pos, "tuple", steps, cands, given)
    m = rng.choice((R(1, 2), 1, 2, 4))
    k = rng.choice((R(1, 10), R(1, 5), R(1, 4), R(1, 2), 1))
    v0 = rng.randint(5, 40)
    k, m = sp.Integer(k) if isinstance(k, int) else k, sp.Integer(m) if isinstance(m, int) else m
    vt = m * G / k
    ask = rng.choice(("top", "velocity"))
    given.update(m=str(m), k=str(k), v0=v0, ask=ask)
    md, kd = f"{float(m):g}", f"{float(k):g}"
    intro_tex = (rf"A ball of mass \({md}\) kg is thrown straight up at \({v0}\) m/s. Besides gravity (\(g = 9.8\) m/s²) "
                 rf"air drag acts as a force \(-kv\) with \(k = {kd}\) kg/s, so \(m\dot v = -mg - kv\) (\(v\) upwards). ")
    intro_text = (f"A ball of mass {md} kg is thrown straight up at {v0} m/s. Besides gravity (g = 9.8 m/s²) air drag "
                  f"acts as a force −kv with k = {kd} kg/s, so m·v̇ = −mg − kv (v upwards). ")
    steps = [Step("The drag makes the acceleration depend on v: solve the linear ODE. With v_T = mg/k,",
                  rf"v(t) = (v_0 + v_T)\,e^{{-kt/m}} - v_T,\quad v_T = \frac{{mg}}{{k}} = {tex(vt)}",
                  f"v(t) = (v₀ + v_T)e^(−kt/m) − v_T, v_T = mg/k = {uni(vt)}")]
    if ask == "top":
        value = log_sum([(m / k, 1 + v0 / vt)])
        prompt_tex = intro_tex + rf"Find the time in seconds at which it reaches the top. {SAY}"
        prompt_text = intro_text + f"Find the time in seconds at which it reaches the top. {SAY}"
        steps.append(Step("Set v(t) = 0.", rf"t^\ast = \frac{{m}}{{k}}\ln\left(1 + \frac{{v_0}}{{v_T}}\right) = {tex(value)}",
                          f"t* = (m/k)·ln(1 + v₀/v_T) = {uni(value)}"))
        cands = [("no drag (kinematics alone)", v0 / G, "v₀/g assumes constant acceleration −g; drag adds "
                  "deceleration, so the ball tops out sooner."),
                 ("drag helping", log_sum([(m / k, 1 - v0 / vt)]) if v0 < vt else None,
                  "Drag opposes the motion: on the way up it points down, adding to gravity.")]
    else:
        t = rng.choice((R(1, 2), 1, 2))
        given["t"] = str(t)
        value = (v0 + vt) * sp.exp(-k * t / m) - vt
        prompt_tex = intro_tex + rf"Find its velocity \(v\) in m/s (positive upwards) at \(t = {float(t):g}\) s. {SAY}"
        prompt_text = intro_text + f"Find its velocity v in m/s (positive upwards) at t = {float(t):g} s. {SAY}"
        steps.append(Step("Evaluate at t.", rf"v({float(t):g}) = {tex(value)}", f"v({float(t):g}) = {uni(value)}"))
        cands = [("no drag (kinematics alone)", v0 - G * t, "v₀ − gt assumes constant acceleration; the drag "
                  "force −kv changes the acceleration as v changes."),
                 ("mass not divided", (v0 + vt) * sp.exp(-k * t) - vt if m != 1 else None,
                  "The decay rate is k/m: divide the drag force by the mass."),
                 ("terminal velocity", -vt, "That is the limit as t → ∞, not the value at this t.")]
    return _pack(prompt_tex, prompt_text, value, "number", steps, cands, given)


def _pack(prompt_tex, prompt_text, answer, kind, steps, cands, given):
    return prompt_tex, prompt_text, answer, kind, steps, cands, given, CHECKING


def generate(rng, params) -> Problem:
    level = params["level"]
    maker = _arm if params["system"] == "arm" else _projectile
    prompt_tex, prompt_text, answer, kind, steps, cands, given, checking = maker(rng, level)
    mistakes = []
    for name, value, feedback in cands:
        if value is None:
            continue
        if kind != "choice":
            value = tuple(sp.nsimplify(v) if not isinstance(v, sp.Basic) else v for v in value) \
                if isinstance(value, tuple) else sp.sympify(value)
        if value != answer and all(value != m.answer for m in mistakes):
            mistakes.append(Mistake(name, value, feedback))
    return Problem(prompt_tex, prompt_text, answer, kind, tuple(steps), given, checking, tuple(mistakes))


# --- verification -----------------------------------------------------------------------------

def _rot(a):
    return np.array([[math.cos(a), -math.sin(a)], [math.sin(a), math.cos(a)]])


def _fk_num(l1, l2, q1, q2):
    """Forward kinematics by composing rotations: base → joint 1 → joint 2 → tip."""
    R1 = _rot(q1)
    return R1 @ np.array([l1, 0.0]) + R1 @ _rot(q2) @ np.array([l2, 0.0])


def _jac_num(l1, l2, q1, q2, h=1e-6):
    cols = [(_fk_num(l1, l2, q1 + h * e[0], q2 + h * e[1]) - _fk_num(l1, l2, q1 - h * e[0], q2 - h * e[1])) / (2 * h)
            for e in ((1, 0), (0, 1))]
    return np.column_stack(cols)


def _rk4_step(f, y, dt):
    k1 = f(y)
    k2 = f([a + dt / 2 * b for a, b in zip(y, k1)])
    k3 = f([a + dt / 2 * b for a, b in zip(y, k2)])
    k4 = f([a + dt * b for a, b in zip(y, k3)])
    return [a + dt / 6 * (p + 2 * q + 2 * r + s) for a, p, q, r, s in zip(y, k1, k2, k3, k4)]


def _rk4(f, y, t_end, n):
    dt = t_end / n
    for _ in range(n):
        y = _rk4_step(f, y, dt)
    return y


def _first_zero(f, y, comp, dt, limit=100000):
    """March with RK4 steps of size dt until component ``comp`` changes sign, then bisect on the
    length of the last partial step; returns (time, state) at the zero."""
    t = 0.0
    for _ in range(limit):
        nxt = _rk4_step(f, y, dt)
        if (nxt[comp] > 0) != (y[comp] > 0):
            lo, hi = 0.0, dt
            for _ in range(60):
                mid = (lo + hi) / 2
                if (_rk4_step(f, y, mid)[comp] > 0) == (y[comp] > 0):
                    lo = mid
                else:
                    hi = mid
            h = (lo + hi) / 2
            return t + h, _rk4_step(f, y, h)
        y, t = nxt, t + dt
    raise VerificationError("no sign change found")


def _close_tuple(expected, answer, what, rel=1e-7, floor=1e-8):
    got = [float(v) for v in answer] if isinstance(answer, (tuple, list)) else None
    if got is None or len(got) != len(expected):
        raise VerificationError(f"expected a pair for {what}")
    return max(numeric.require_close(e, a, what, rel=rel, floor=floor) for e, a in zip(expected, got))


def verify(given, answer) -> Evidence:
    g = 9.8
    if given["system"] == "arm":
        l1, l2 = given["l1"], given["l2"]
        q1, q2 = (math.pi * float(sp.Rational(given[k])) for k in ("q1", "q2"))
        if given["level"] == 1:
            err = _close_tuple(_fk_num(l1, l2, q1, q2), answer, "tip position (rotation matrices)")
            return Evidence("rotation matrices", "tip = R(q₁)[l₁, 0] + R(q₁)R(q₂)[l₂, 0] in floating point", err)
        J = _jac_num(l1, l2, q1, q2)
        if given["level"] == 2:
            err = _close_tuple(J @ np.array(given["qdot"], float), answer, "tip velocity (central differences)",
                               rel=1e-6, floor=1e-6)
            return Evidence("central differences", "J from central differences of the rotation-matrix forward map", err)
        v = np.array([numeric.float_function(x, [])() for x in given["v"]])
        rank_j = np.linalg.matrix_rank(J, tol=1e-6)
        rank_aug = np.linalg.matrix_rank(np.column_stack([J, v]), tol=1e-6)
        verdict = "unique" if rank_j == 2 else ("none" if rank_aug > rank_j else "infinitely many")
        if answer != verdict:
            raise VerificationError(f"numpy ranks say {verdict}, the answer {answer}")
        return Evidence("numpy.linalg.matrix_rank", f"rank J = {rank_j}, rank [J | v] = {rank_aug}")
    level = given["level"]
    if level == 1:
        v0, th = given["v0"], math.pi * float(sp.Rational(given["theta"]))
        acc = lambda s: [s[2], s[3], 0.0, -g]                     # RK4 is exact for constant a
        s0 = [0.0, 1e-12, v0 * math.cos(th), v0 * math.sin(th)]  # a hair above ground to start
        if given["ask"] == "peak":
            value = _first_zero(acc, s0, 3, 0.05)[1][1]
        else:
            T, end = _first_zero(acc, s0, 1, 0.05)
            value = T if given["ask"] == "time" else end[0]
        err = numeric.require_close(value, float(answer), given["ask"] + " (RK4 + bisection)", rel=1e-7)
        return Evidence("RK4 integration + bisection", "Newton's equations integrated, landing / apex located "
                        "by bisection", err)
    m = float(sp.Rational(given["m"]))
    if level == 2:
        F = given["F"]
        f = lambda s: [s[2], s[3], F / m, -m * g / m]
        end = _rk4(f, [0.0, 0.0, float(given["vx"]), float(given["vy"])], float(sp.Rational(given["t"])), 8)
        err = _close_tuple(end[:2], answer, "position (RK4 on m r̈ = F)")
        return Evidence("RK4 integration", "m·r̈ = (F, −mg) integrated numerically", err)
    k, v0 = float(sp.Rational(given["k"])), given["v0"]
    f = lambda s: [(-m * g - k * s[0]) / m]
    if given["ask"] == "velocity":
        value = _rk4(f, [float(v0)], float(sp.Rational(given["t"])), 400)[0]
        err = numeric.require_close(value, float(answer), "velocity (RK4)", rel=1e-8, floor=1e-8)
    else:
        t_top = _first_zero(f, [float(v0)], 0, 0.01)[0]
        err = numeric.require_close(t_top, float(answer), "time to the top (RK4 + bisection)", rel=1e-7)
    return Evidence("RK4 integration", "m·v̇ = −mg − kv integrated numerically", err)


FAMILY = Family(
    name="kinematics", version=1, title="Kinematics and dynamics: two-link arm and projectile",
    summary="Forward kinematics, the Jacobian and singular configurations of a planar two-link arm; a projectile "
            "under gravity, under a constant extra force (F = ma), and under linear drag.",
    params={"system": Param("arm", ("arm", "projectile"), "a two-link arm or a projectile"),
            "level": Param(1, (1, 2, 3), "1: positions; 2: velocities / F = ma; 3: singularities / drag")},
    levels=LEVELS, generate=generate, verify=verify,
)
