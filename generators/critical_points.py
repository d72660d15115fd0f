"""Critical points of a polynomial in two variables: find them all, and classify each.

f is built as g(x + ky) + h(y) with g a cubic whose derivative has two integer roots and h a
quadratic, a cubic or (level 3) a quartic c(y − q)⁴, so every critical point has integer
coordinates and there are two or four of them.

Level 1: k = 0 and h quadratic — the variables separate, two critical points.
Level 2: k = 0 and h cubic — four critical points (a minimum or maximum, two saddles, …).
Level 3: k ≠ 0 — the variables are coupled (f_y − k f_x = h′(y) untangles them); h quadratic,
cubic, or, in one draw in three, the quartic c(y − q)⁴, where D = 0 and the second-derivative
test is inconclusive (drawn on purpose; the solution says what the higher-order term decides).

task=points asks every critical point, as the rows of a matrix ordered by x then y;
task=classify gives the critical points and asks what the second-derivative test
(D = f_xx f_yy − f_xy², then the sign of f_xx) says about one of them.

Verified with numpy: vectorised Newton iterations on ∇f = 0 from a 7 × 7 grid of starts
find every real critical point in the box (all of them lie in it by construction), each
answer row must have ∇f = 0 in exact integer arithmetic from the monomial coefficients, and
the classification is recomputed from the Hessian's numpy eigenvalues and exact determinant.
"""

from __future__ import annotations

import random

import numpy as np
import sympy as sp

from osmose.family import (Checking, Evidence, Family, Mistake, Param, Problem, Reject, Step,
                           VerificationError)
from osmose.mathtext import tex, uni
from osmose.polytext import poly_tex, poly_uni

X, Y = sp.symbols("x y")
XY = ("x", "y")
LABELS = ("minimum", "maximum", "saddle", "inconclusive")
POINTS = Checking(precision="exact")
CLASSIFY = Checking(choices=LABELS)
#: every critical point lies in this box (|u| ≤ 3, |v| ≤ 3, |k| ≤ 2 ⇒ |x| ≤ 9)
BOX = 10.0


def _nz(rng: random.Random, k: int) -> int:
    return rng.choice([i for i in range(-k, k + 1) if i])


def _cubic(rng: random.Random):
    """g with g′(t) = a(t − r₁)(t − r₂), integer coefficients, r₁ < r₂ in −3..3:
    (coefficients of t³, t², t, roots of g′, a)."""
    while True:
        r1, r2 = sorted(rng.sample(range(-3, 4), 2))
        a = rng.choice((-6, -3, 3, 6))
        if a * (r1 + r2) % 2 == 0:
            break
    return (sp.Rational(a, 3), sp.Rational(-a * (r1 + r2), 2), sp.Integer(a * r1 * r2)), (r1, r2), a


def _quadratic(rng: random.Random):
    """h = b(t − q)² without its constant; one critical point q."""
    b, q = _nz(rng, 3), rng.randint(-3, 3)
    return (sp.Integer(b), sp.Integer(-2 * b * q)), (q,), b


def _quartic(rng: random.Random):
    """h = c(t − q)⁴ without its constant: h″(q) = 0, so D = 0 at every critical point."""
    c, q = rng.choice((-1, 1)), rng.randint(-2, 2)
    return tuple(sp.Integer(c * v) for v in (1, -4 * q, 6 * q * q, -4 * q**3)), (q,), c


def _compose(coeffs: tuple, base: sp.Poly) -> sp.Poly:
    """Σ cₙ·baseⁿ for coefficients listed from the highest power down to the linear one."""
    out = base * 0
    for n, cn in zip(range(len(coeffs), 0, -1), coeffs):
        out += base ** n * cn
    return out


def _factored(kind: str, coef: int, roots: tuple, var) -> sp.Expr:
    """The derivative of a piece as a product, for the solution (no simplification)."""
    if kind == "cubic":
        return sp.Mul(coef, var - roots[0], var - roots[1], evaluate=False)
    if kind == "quadratic":
        return sp.Mul(2 * coef, var - roots[0], evaluate=False)
    return sp.Mul(4 * coef, sp.Pow(var - roots[0], 3, evaluate=False), evaluate=False)


def _g2(kind: str, coef: int, roots: tuple, t: int) -> int:
    """Second derivative at an integer t of the piece described by (kind, coef, roots)."""
    if kind == "cubic":
        return coef * (2 * t - roots[0] - roots[1])
    if kind == "quadratic":
        return 2 * coef
    return 12 * coef * (t - roots[0]) ** 2


def classify(fxx: int, D: int) -> str:
    if D > 0:
        return "minimum" if fxx > 0 else "maximum"
    return "saddle" if D < 0 else "inconclusive"


def generate(rng: random.Random, params: dict) -> Problem:
    level, task = params["level"], params["task"]
    k = 0 if level < 3 else rng.choice((-2, -1, -1, 1, 1, 2))
    u = X + k * Y
    gco, groots, a = _cubic(rng)
    hkind = {1: "quadratic", 2: "cubic"}.get(level) or rng.choice(("quadratic", "cubic", "quartic"))
    hco, hroots, c = {"quadratic": _quadratic, "cubic": _cubic, "quartic": _quartic}[hkind](rng)
    F = _compose(gco, sp.Poly(u, X, Y)) + _compose(hco, sp.Poly(Y, X, Y))
    coeffs = [[int(i), int(j), int(cf)] for (i, j), cf in sorted(F.terms())]
    if max(abs(m[2]) for m in coeffs) > 60:
        raise Reject("coefficients too large to read")
    f = dict(F.terms())
    points = sorted((gr - k * hr, hr) for gr in groots for hr in hroots)
    labels = {}
    for gr in groots:
        for hr in hroots:
            guu, hvv = _g2("cubic", a, groots, gr), _g2(hkind, c, hroots, hr)
            # H = Jᵀ diag(g″, h″) J with J = [[1, k], [0, 1]]: f_xx = g″, D = g″h″
            labels[(gr - k * hr, hr)] = (guu, k * guu, k * k * guu + hvv, classify(guu, guu * hvv))
    Fx, Fy = F.diff(X), F.diff(Y)
    fx, fy = dict(Fx.terms()), dict(Fy.terms())
    given = {"f": coeffs, "task": task}
    head_tex = rf"Let \(f(x, y) = {poly_tex(f, XY)}\)."
    head_text = f"Let f(x, y) = {poly_uni(f, XY)}."
    grad = Step("The gradient.", rf"f_x = {poly_tex(fx, XY)},\qquad f_y = {poly_tex(fy, XY)}",
                f"f_x = {poly_uni(fx, XY)},  f_y = {poly_uni(fy, XY)}")
    gp = sp.Symbol("s")
    gfac = _factored("cubic", a, groots, gp)
    hp = _factored(hkind, c, hroots, Y)
    hset = ", ".join(map(str, hroots))
    if k == 0:
        key = (Step("The variables separate: f_x depends on x only and f_y on y only, so both "
                    "equations are solved one variable at a time and every pair of roots is a "
                    "critical point.",
                    rf"f_x = {tex(gfac.subs(gp, X))} = 0 \Rightarrow x \in \{{{groots[0]}, {groots[1]}\}},"
                    rf"\quad f_y = {tex(hp)} = 0 \Rightarrow y \in \{{{hset}\}}",
                    f"f_x = {uni(gfac.subs(gp, X))} = 0 ⇒ x ∈ {{{groots[0]}, {groots[1]}}},  "
                    f"f_y = {uni(hp)} = 0 ⇒ y ∈ {{{hset}}}"),)
    else:
        comb = dict((Fy - Fx * k).terms())
        shown = gfac.subs(gp, u)
        name = f"f_y {'−' if k > 0 else '+'} {abs(k) if abs(k) != 1 else ''}f_x"
        name_tex = name.replace("−", "-")
        xr = sp.Symbol("r") - k * Y
        key = (Step(f"Eliminate x: in {name} every term containing x cancels.",
                    rf"{name_tex} = {poly_tex(comb, XY)} = {tex(hp)} = 0 \Rightarrow y \in \{{{hset}\}}",
                    f"{name} = {poly_uni(comb, XY)} = {uni(hp)} = 0 ⇒ y ∈ {{{hset}}}"),
               Step(f"Then f_x = 0 is a quadratic in {uni(u)}.",
                    rf"f_x = {tex(shown)} = 0 \Rightarrow x = {tex(xr)},\ r \in \{{{groots[0]}, {groots[1]}\}}",
                    f"f_x = {uni(shown)} = 0 ⇒ x = {uni(xr)}, r ∈ {{{groots[0]}, {groots[1]}}}"))
    M = sp.Matrix(points)
    listing = ", ".join(f"({px}, {py})" for px, py in points)
    if task == "points":
        answer = sp.ImmutableMatrix(points)
        say = POINTS.statement()
        ask = ("Find all critical points of f. Give them as the rows of a matrix "
               "[[x₁, y₁], [x₂, y₂], …], ordered by x, then by y.")
        prompt_tex = (rf"{head_tex} Find all critical points of \(f\). Give them as the rows of a matrix "
                      rf"\([[x_1, y_1], [x_2, y_2], \dots]\), ordered by \(x\), then by \(y\). {say}")
        prompt_text = f"{head_text} {ask} {say}"
        steps = (grad, *key, Step(f"{len(points)} critical points, ordered by x then y.",
                                  rf"{tex(M)}", uni(M)))
        mistakes = []
        neg = sp.ImmutableMatrix(sorted((-gr - k * hr, hr) for gr in groots for hr in hroots))
        if neg != answer:
            mistakes.append(Mistake("roots of f_x with the wrong sign", neg,
                                    f"f_x = {uni(gfac.subs(gp, u))} vanishes where {uni(u)} is {groots[0]} "
                                    f"or {groots[1]}, not at their negatives."))
        if k != 0:
            raw = sp.ImmutableMatrix(sorted((gr, hr) for gr in groots for hr in hroots))
            mistakes.append(Mistake("solved for x + ky, not x", raw,
                                    f"The roots {groots[0]}, {groots[1]} are values of {uni(u)}; "
                                    f"x = {uni(sp.Symbol('r') - k * Y)} at each critical y."))
        if len(points) == 4:
            half = sp.ImmutableMatrix(sorted(set((gr - k * hroots[0], hroots[0]) for gr in groots)))
            mistakes.append(Mistake("kept one root of f_y", half,
                                    f"f_y = 0 has two roots, y = {hroots[0]} and y = {hroots[1]}; each pairs "
                                    "with both x-values, so there are four critical points."))
        return Problem(prompt_tex=prompt_tex, prompt_text=prompt_text, answer=answer, kind="matrix",
                       solution=steps, given=given, checking=POINTS, mistakes=tuple(mistakes))
    # classify
    target = points[rng.randrange(len(points))]
    fxx, fxy, fyy, label = labels[target]
    D = fxx * fyy - fxy**2
    given = {**given, "point": list(target)}
    say = CLASSIFY.statement()
    prompt_tex = (rf"{head_tex} Its critical points are \({listing}\). What does the second-derivative "
                  rf"test (\(D = f_{{xx}}f_{{yy}} - f_{{xy}}^2\), then the sign of \(f_{{xx}}\)) say about "
                  rf"the critical point \({target}\)? {say}")
    prompt_text = (f"{head_text} Its critical points are {listing}. What does the second-derivative test "
                   f"(D = f_xx·f_yy − f_xy², then the sign of f_xx) say about the critical point {target}? {say}")
    H = sp.Matrix([[fxx, fxy], [fxy, fyy]])
    mixed = Fx.diff(Y).as_expr()
    second = sp.Matrix([[Fx.diff(X).as_expr(), mixed], [mixed, Fy.diff(Y).as_expr()]])
    steps = [Step("Second derivatives.", rf"H_f = {tex(second)}", f"H_f = {uni(second)}"),
             Step(f"At {target}.", rf"H_f{target} = {tex(H)},\quad D = ({fxx})({fyy}) - ({fxy})^2 = {D}",
                  f"H_f{target} = {uni(H)}, D = ({fxx})({fyy}) − ({fxy})² = {D}")]
    mistakes = []
    if label == "inconclusive":
        truth = "minimum" if (fxx > 0 and c > 0) else "maximum" if (fxx < 0 and c < 0) else "saddle"
        "positive" if fxx > 0 else "negative"
        steps.append(Step(
            f"D = 0: the test is inconclusive. (Looking further: near the point f changes like "
            f"{'+' if fxx > 0 else '−'}({uni(u - target[0] - k * target[1])})² along one direction and like "
            f"{'+' if c > 0 else '−'}({uni(Y - hroots[0])})⁴ along the other, so it is in fact a {truth} — "
            "the quartic term, not the Hessian, decides.)", "", ""))
        mistakes.append(Mistake("D = 0 read as a definite verdict", truth,
                                f"It is a {truth}, but the test cannot tell: with D = 0 the Hessian is singular "
                                "and the second-derivative test is inconclusive; higher-order terms decide."))
        if truth != "saddle":
            mistakes.append(Mistake("D = 0 read as a saddle", "saddle",
                                    "D = 0 is not D < 0: a singular Hessian makes the test inconclusive."))
    elif label == "saddle":
        steps.append(Step("D < 0: the curvatures along two directions have opposite signs, a saddle.", "", ""))
        by_fxx = "minimum" if fxx > 0 else "maximum"
        mistakes.append(Mistake("read the sign of f_xx only", by_fxx,
                                f"f_xx = {fxx} {'>' if fxx > 0 else '<'} 0 decides only when D > 0; "
                                f"here D = {D} < 0, so it is a saddle."))
    else:
        steps.append(Step(f"D > 0 and f_xx = {fxx} {'>' if fxx > 0 else '<'} 0: a {label}.", "", ""))
        other = "maximum" if label == "minimum" else "minimum"
        mistakes.append(Mistake("sign of f_xx reversed", other,
                                f"D > 0 and f_xx = {fxx} {'>' if fxx > 0 else '<'} 0: f curves "
                                f"{'up' if fxx > 0 else 'down'} in every direction, a {label}."))
        mistakes.append(Mistake("D > 0 read as a saddle", "saddle",
                                f"A saddle needs D < 0; here D = {D} > 0."))
    return Problem(prompt_tex=prompt_tex, prompt_text=prompt_text, answer=label, kind="choice",
                   solution=tuple(steps), given=given, checking=CLASSIFY, mistakes=tuple(mistakes))


# --- independent verification -------------------------------------------------------

def _grad_exact(coeffs, x: int, y: int) -> tuple[int, int]:
    gx = sum(c * i * x ** (i - 1) * y**j for i, j, c in coeffs if i)
    gy = sum(c * j * x**i * y ** (j - 1) for i, j, c in coeffs if j)
    return gx, gy


def _hess_exact(coeffs, x: int, y: int) -> list[list[int]]:
    xx = sum(c * i * (i - 1) * x ** (i - 2) * y**j for i, j, c in coeffs if i > 1)
    yy = sum(c * j * (j - 1) * x**i * y ** (j - 2) for i, j, c in coeffs if j > 1)
    xy = sum(c * i * j * x ** (i - 1) * y ** (j - 1) for i, j, c in coeffs if i and j)
    return [[xx, xy], [xy, yy]]


def newton_limits(coeffs, starts: int = 7, steps: int = 45) -> list[tuple[float, float]]:
    """Where Newton's method on ∇f = 0 ends from a grid of starts over the box (numpy, vectorised);
    only the runs that reached a point with ∇f ≈ 0 inside the box are returned."""
    arr = np.array(coeffs, dtype=float)
    i, j, c = arr[:, 0].astype(int), arr[:, 1].astype(int), arr[:, 2]
    im1, jm1, im2, jm2 = np.maximum(i - 1, 0), np.maximum(j - 1, 0), np.maximum(i - 2, 0), np.maximum(j - 2, 0)
    ci, cj = c * i, c * j
    cii, cjj, cij = c * i * (i - 1), c * j * (j - 1), c * i * j
    g = np.linspace(-BOX, BOX, starts)
    px, py = (m.ravel() for m in np.meshgrid(g, g))
    powers = np.arange(5)
    for _ in range(steps):
        P, Q = px[:, None] ** powers, py[:, None] ** powers
        gx, gy = (P[:, im1] * Q[:, j]) @ ci, (P[:, i] * Q[:, jm1]) @ cj
        hxx, hyy, hxy = (P[:, im2] * Q[:, j]) @ cii, (P[:, i] * Q[:, jm2]) @ cjj, (P[:, im1] * Q[:, jm1]) @ cij
        det = hxx * hyy - hxy**2
        det = np.where(np.abs(det) < 1e-12, 1e-12, det)
        px = np.clip(px - (hyy * gx - hxy * gy) / det, -1e3, 1e3)
        py = np.clip(py - (hxx * gy - hxy * gx) / det, -1e3, 1e3)
    P, Q = px[:, None] ** powers, py[:, None] ** powers
    gx, gy = (P[:, im1] * Q[:, j]) @ ci, (P[:, i] * Q[:, jm1]) @ cj
    ok = (np.abs(px) <= BOX) & (np.abs(py) <= BOX) & (np.abs(gx) + np.abs(gy) < 1e-6)
    return list(zip(px[ok].tolist(), py[ok].tolist()))


def verify(given: dict, answer) -> Evidence:
    coeffs = [tuple(m) for m in given["f"]]
    if given["task"] == "points":
        rows = [tuple(answer.row(r)) for r in range(answer.rows)] if isinstance(answer, sp.MatrixBase) else []
        if not rows or any(len(r) != 2 for r in rows):
            raise VerificationError("the answer is not a list of points")
        for x, y in rows:
            if not (sp.sympify(x).is_Integer and sp.sympify(y).is_Integer) \
                    or _grad_exact(coeffs, int(x), int(y)) != (0, 0):
                raise VerificationError(f"∇f ≠ 0 at ({x}, {y})")
        if rows != sorted(rows, key=lambda r: (float(r[0]), float(r[1]))) or len(set(rows)) != len(rows):
            raise VerificationError("the points are not listed once each, ordered by x then y")
        ours = [(float(x), float(y)) for x, y in rows]
        hit = set()
        for a, b in newton_limits(coeffs):
            near = [n for n, (p, q) in enumerate(ours) if abs(a - p) + abs(b - q) < 0.05]
            if not near:
                raise VerificationError(f"Newton finds a critical point near ({a:.4f}, {b:.4f}) the answer misses")
            hit.update(near)
        if len(hit) != len(ours):
            raise VerificationError("Newton from the grid never reaches some listed point")
        return Evidence("numpy Newton from a 7×7 grid of starts",
                        f"{len(ours)} critical points, each reached and none other; ∇f = 0 exactly at each")
    x, y = given["point"]
    if _grad_exact(coeffs, x, y) != (0, 0):
        raise VerificationError(f"({x}, {y}) is not a critical point")
    H = _hess_exact(coeffs, x, y)
    D = H[0][0] * H[1][1] - H[0][1] ** 2
    lam = np.linalg.eigvalsh(np.array(H, dtype=float))
    if D == 0:
        expected = "inconclusive"
    elif lam[0] > 0:
        expected = "minimum"
    elif lam[1] < 0:
        expected = "maximum"
    else:
        expected = "saddle"
    if answer != expected:
        raise VerificationError(f"Hessian eigenvalues {lam} (det {D}) say {expected}, the family {answer}")
    return Evidence("numpy eigvalsh", f"Hessian at ({x}, {y}) has eigenvalues {lam[0]:.3g}, {lam[1]:.3g}")


FAMILY = Family(
    name="critical_points", version=1, title="Critical points of a two-variable polynomial",
    summary="Every critical point of a cubic/quartic polynomial in x, y, and what the second-derivative test says at each.",
    params={
        "level": Param(1, (1, 2, 3), "1: separable, two points; 2: separable, four points; "
                                     "3: coupled variables, a degenerate point sometimes"),
        "task": Param("points", ("points", "classify"), "points: all critical points; classify: the test at one"),
    },
    levels={1: "separable cubic + quadratic: two critical points",
            2: "separable cubic + cubic: four critical points",
            3: "coupled f = g(x + ky) + h(y): eliminate a variable first; one draw in three has D = 0"},
    generate=generate, verify=verify,
)
