"""Hessian matrices: the full matrix, its value at a point, and classifying a critical point.

``full`` asks for H_f as a matrix of expressions; ``at_point`` for its exact
value at a point; ``classify`` gives a critical point (f is built so the
gradient vanishes there) and asks minimum / maximum / saddle / inconclusive by
the eigenvalue test, which the prompt states (a singular but indefinite 3×3
Hessian is a saddle by eigenvalues, "inconclusive" by a bare determinant rule). Answers are checked against a
finite-difference Hessian of f itself, and classifications against numpy
eigenvalues of that matrix (after checking the gradient vanishes numerically).
"""

from __future__ import annotations

import random

import numpy as np
import sympy as sp

from osmose import numeric
from osmose.family import (Checking, Evidence, Family, Mistake, Param, Problem, Reject, Step,
                           VerificationError)
from osmose.mathtext import given_str, tex, uni

SYMS = sp.symbols("x y z")
LABELS = ("minimum", "maximum", "saddle", "inconclusive")
#: largest integer a learner should meet in f or its Hessian
MAX_COEFF = 100
MAX_ENTRY = 1200   # Rosenbrock with b = 100 reaches 1002
#: longest Hessian entry (SymPy operation count) we ask a learner to write
MAX_OPS = 22
#: classify at level 1: minimum, maximum, saddle common, inconclusive about 1 in 10
LEVEL_1_WEIGHTS = (3, 3, 3, 1)
#: a Hessian at a point may hold e² or cos 1: exact, or decimals
AT_POINT = Checking(sig_figs=3)
CLASSIFY = Checking(choices=LABELS)
#: the test the classify prompt names, so a careful student cannot answer by another rule
EIGEN_TEST = ("minimum if all are positive, maximum if all are negative, saddle if there are "
              "positive and negative ones, inconclusive otherwise (a zero eigenvalue and none of "
              "the opposite sign).")


def _nz(rng: random.Random, k: int = 3) -> int:
    """A nonzero integer in [-k, k]."""
    return rng.choice([i for i in range(-k, k + 1) if i])


# --- the pure mathematics (used by generate; tested against hand values) ------------

def hessian_matrix(f: sp.Expr, syms) -> sp.Matrix:
    """H_ij = ∂²f/∂x_i∂x_j, each mixed entry computed once (Schwarz: H is symmetric)."""
    n = len(syms)
    first = [sp.diff(f, s) for s in syms]
    H = sp.zeros(n, n)
    for i in range(n):
        for j in range(i, n):
            H[i, j] = H[j, i] = sp.expand_mul(sp.diff(first[i], syms[j]))
    return H


def _det(rows: list[list[int]]) -> int:
    if len(rows) == 1:
        return rows[0][0]
    if len(rows) == 2:
        return rows[0][0] * rows[1][1] - rows[0][1] * rows[1][0]
    (a, b, c), (d, e, f), (g, h, i) = rows
    return a * (e * i - f * h) - b * (d * i - f * g) + c * (d * h - e * g)


def _int_rows(H) -> list[list[int]]:
    return [[int(H[i, j]) for j in range(H.cols)] for i in range(H.rows)]


def principal_minors(H) -> list[int]:
    """Leading principal minors D1, D2, … of a small integer matrix (Matrix or rows)."""
    rows = H if isinstance(H, list) else _int_rows(H)
    return [_det([r[:k] for r in rows[:k]]) for k in range(1, len(rows) + 1)]


def two_by_two_minor_sum(H) -> int:
    """Sum of the principal 2×2 minors: the product-sum of eigenvalues, e₂(λ)."""
    rows = H if isinstance(H, list) else _int_rows(H)
    n = len(rows)
    return sum(rows[i][i] * rows[j][j] - rows[i][j] ** 2 for i in range(n) for j in range(i + 1, n))


def classify_matrix(H) -> str:
    """Second-derivative test on an exact symmetric integer Hessian at a critical point.

    Positive definite → minimum, negative definite → maximum, indefinite →
    saddle, semidefinite and singular → inconclusive (higher-order terms decide).
    """
    rows = H if isinstance(H, list) else _int_rows(H)
    minors = principal_minors(rows)
    if minors[-1] != 0:
        if all(d > 0 for d in minors):
            return "minimum"
        if all((d < 0) if k % 2 == 0 else (d > 0) for k, d in enumerate(minors)):
            return "maximum"
        return "saddle"
    if len(rows) == 2:
        return "inconclusive"
    # singular 3×3: the other two eigenvalues solve λ² − (tr H)λ + e₂ = 0,
    # so they have opposite signs exactly when e₂ < 0
    return "saddle" if two_by_two_minor_sum(rows) < 0 else "inconclusive"


# --- drawing f -------------------------------------------------------------------

def _monomial(rng: random.Random, syms, lo: int = 2, hi: int = 4) -> sp.Expr:
    while True:
        powers = [rng.randint(0, 3) for _ in syms]
        if lo <= sum(powers) <= hi:
            break
    term = sp.Integer(_nz(rng, 4))
    for s, p in zip(syms, powers):
        term *= s ** p
    return term


def _draw_f(rng: random.Random, level: int, syms) -> tuple[sp.Expr, set]:
    """f for the full / at_point tasks and the names of variables that must be positive."""
    n = len(syms)
    if level == 1:
        f = sum((_monomial(rng, syms) for _ in range(rng.randint(2, 3))), sp.Integer(0))
        return f, set()
    if level == 2:
        linear = sum((_nz(rng, 2) * s for s in rng.sample(list(syms), 2)), sp.Integer(0))
        g = _nz(rng) * rng.choice((sp.exp, sp.sin, sp.cos))(linear)
        return g + sum((_monomial(rng, syms, 2, 3) for _ in range(n - 1)), sp.Integer(0)), set()
    a = _nz(rng, 2)
    u, v = rng.sample(list(syms), 2)
    choice = rng.randrange(6)
    positive: set = set()
    if choice == 0:
        g = sp.exp(a * u * v)
    elif choice == 1:
        g = rng.choice((sp.sin, sp.cos))(u * v)
    elif choice == 2:
        g = u ** rng.randint(1, 2) * sp.log(v)
        positive = {str(v)}
    elif choice == 3:
        g = u ** rng.randint(1, 2) * sp.exp(a * v)
    elif choice == 4:
        g = sp.exp(a * u) * rng.choice((sp.sin, sp.cos))(v)
    else:
        g = sp.log(u ** 2 + v ** 2 + 1)
    f = _nz(rng) * g
    if n == 3 or rng.random() < 0.5:
        rest = [s for s in syms if s not in (u, v)] or [u]
        f += _monomial(rng, (rest[0], rng.choice((u, v))), 2, 3)
    return f, positive


# --- drawing a critical point ------------------------------------------------------

def _target_hessian(rng: random.Random, label: str, n: int, even: bool) -> sp.Matrix:
    """A small integer symmetric matrix whose second-derivative test gives ``label``."""
    if label == "inconclusive":
        # rank-deficient semidefinite: k·w·wᵀ (plus a second same-sign term in 3-D)
        sign = rng.choice((1, -1))
        H = sp.zeros(n, n)
        for _ in range(rng.randint(1, n - 1)):
            w = sp.Matrix([rng.randint(-2, 2) for _ in range(n)])
            H += sign * rng.choice((2,) if even else (1, 2)) * w * w.T
        if principal_minors(H)[-1] != 0 or H == sp.zeros(n, n):
            raise Reject("not singular, or zero")
        return H
    diagonal = [d for d in range(-8, 9) if d and (d % 2 == 0 or not even)]
    for _ in range(500):
        rows = [[0] * n for _ in range(n)]
        for i in range(n):
            rows[i][i] = rng.choice(diagonal)
            for j in range(i + 1, n):
                rows[i][j] = rows[j][i] = rng.randint(-5, 5)
        if (classify_matrix(rows) == label
                and any(rows[i][j] for i in range(n) for j in range(i))):
            return sp.Matrix(rows)
    raise Reject(f"no {label} matrix drawn")


def _centred_higher(rng: random.Random, us) -> sp.Expr:
    """Cubic/quartic terms in u = x − p: they vanish with their gradient and Hessian at p."""
    out = sp.Integer(0)
    for _ in range(rng.randint(1, 2)):
        i, j = rng.randrange(len(us)), rng.randrange(len(us))
        out += _nz(rng, 2) * rng.choice((us[i] ** 3, us[i] ** 2 * us[j], us[i] ** 4))
    return out


def rosenbrock(a: int, b: int, syms) -> sp.Expr:
    """Σ (a − x_i)² + b (x_{i+1} − x_i²)²; its minimum is (a, a²) in 2-D, (1, 1, 1) in 3-D."""
    return sum(((a - syms[i]) ** 2 + b * (syms[i + 1] - syms[i] ** 2) ** 2
                for i in range(len(syms) - 1)), sp.Integer(0))


def _draw_critical(rng: random.Random, level: int, syms) -> tuple[sp.Expr, tuple]:
    """(f, p) with ∇f(p) = 0; the label is spread evenly over the four outcomes."""
    n = len(syms)
    if level == 2 and rng.random() < 0.2:
        a = 1 if n == 3 else rng.choice((1, -1, 2))
        b = rng.choice((1, 2, 3, 5, 10, 100))
        point = (1, 1, 1) if n == 3 else (a, a * a)
        return rosenbrock(a, b, syms), point
    # entry level: the three decisive outcomes are the lesson, inconclusive the exception
    label = rng.choices(LABELS, weights=LEVEL_1_WEIGHTS if level == 1 else None)[0]
    H = _target_hessian(rng, label, n, even=level < 3)
    point = tuple(rng.randint(-2, 2) for _ in range(n))
    us = [s - p for s, p in zip(syms, point)]
    poly = sp.Integer(0)
    trans = sp.Integer(0)
    for i in range(n):
        for j in range(i, n):
            k = H[i, j]
            if not k:
                continue
            if level == 3 and rng.random() < 0.5:
                if i == j:   # k(e^u − 1 − u) and k(1 − cos u) have second derivative k at u=0
                    if rng.random() < 0.5:
                        trans += k * sp.exp(us[i])
                        poly -= k * us[i]
                    else:
                        trans -= k * sp.cos(us[i])
                else:        # k·u_i·sin(u_j) has mixed derivative k at 0
                    trans += (k * sp.sin(us[j])) * us[i]   # keeps (x − a) as a factor
                continue
            poly += (k / 2 if i == j else k) * us[i] * us[j]
    if level < 3 or rng.random() < 0.5:
        poly += _centred_higher(rng, us)
    poly = sp.expand(poly)
    poly -= poly.subs({s: 0 for s in syms})      # constants do not matter
    return poly + trans, point


# --- building the problem ------------------------------------------------------------

def _check_size(f: sp.Expr, entries) -> None:
    for n in f.atoms(sp.Rational):
        if abs(n.p) > MAX_COEFF or n.q > 2:
            raise Reject("coefficients too large for hand work")
    for e in entries:
        if sp.count_ops(e) > MAX_OPS:
            raise Reject("Hessian entry too long to write by hand")
        for n in e.atoms(sp.Rational):
            if abs(n.p) > MAX_ENTRY or n.q > 4:
                raise Reject("huge Hessian entry")


def _point_tex(point) -> str:
    return r"\left(" + ", ".join(str(p) for p in point) + r"\right)"


def _grad_uni(grad) -> str:
    return "(" + ", ".join(uni(g) for g in grad) + ")"


def build_problem(task: str, f: sp.Expr, syms, point=None, positive=frozenset(),
                  H: sp.Matrix | None = None) -> Problem:
    """The exercise for ``task`` on a chosen f (and point): answer, solution, mistakes.

    Raises ``Reject`` before any printing when the variant is not worth asking.
    """
    names = [s.name for s in syms]
    n = len(syms)
    H = hessian_matrix(f, syms) if H is None else H
    if all(e == 0 for e in H):
        raise Reject("zero Hessian")
    grad = [sp.diff(f, s) for s in syms]
    Hp = None
    if task == "full":
        _check_size(f, H)
        if all(H[i, j] == 0 for i in range(n) for j in range(i)):
            raise Reject("no mixed partial: Schwarz would not show")
    else:
        at = dict(zip(syms, point))
        Hp = H.xreplace(at)
        _check_size(f, Hp)
        if task == "at_point" and not _tidy(Hp):
            raise Reject("Hessian at the point is not a tidy exact matrix")
        if task == "classify":
            if any(g.xreplace(at) != 0 for g in grad):
                raise AssertionError(f"{point} is not a critical point of {f}: a generator bug")
            if not all(e.is_Integer for e in Hp):
                raise Reject("Hessian at the point is not an integer matrix")

    vars_tex = ", ".join(names)
    domains = {name: ("positive" if name in positive else "real") for name in names}
    given = {"task": task, "f": given_str(f), "variables": names, "domains": domains}
    f_tex, f_uni = rf"f({vars_tex}) = {tex(f)}", f"f({vars_tex}) = {uni(f)}"
    steps = [Step("First partial derivatives (the gradient).",
                  rf"\nabla f = {tex(sp.Matrix(grad))}", f"∇f = {_grad_uni(grad)}")]
    mixed = ", ".join(f"f_{names[i]}{names[j]} = f_{names[j]}{names[i]}"
                      for i in range(n) for j in range(i + 1, n))
    schwarz = (f"Differentiate each first partial again; mixed partials agree "
               f"({mixed}, Schwarz), so H is symmetric")

    if task == "full":
        steps.append(Step(schwarz + ".", rf"H_f({vars_tex}) = {tex(H)}", f"H_f = {uni(H)}"))
        prompt_tex = rf"Compute the Hessian matrix \(H_f\) of \[{f_tex}\]"
        prompt_text = f"Compute the Hessian matrix H_f of {f_uni}"
        if positive:
            note = ", ".join(p + " > 0" for p in sorted(positive))
            prompt_tex += rf" on the domain \({note}\)"
            prompt_text += f"  ({note})"
        checking = Checking(variables=domains, precision="exact")
        return Problem(prompt_tex=f"{prompt_tex}. {checking.statement()}",
                       prompt_text=f"{prompt_text}. {checking.statement()}", answer=H,
                       kind="matrix", solution=tuple(steps), given=given,
                       checking=checking,
                       mistakes=_matrix_mistakes(H, f, syms))

    given["point"] = given_str(list(point))
    where, where_uni = _point_tex(point), "(" + ", ".join(str(c) for c in point) + ")"
    if task == "at_point":
        steps += [Step(schwarz + ".", rf"H_f({vars_tex}) = {tex(H)}", f"H_f = {uni(H)}"),
                  Step("Substitute the point.", rf"H_f{where} = {tex(Hp)}",
                       f"H_f{where_uni} = {uni(Hp)}")]
        say = AT_POINT.statement()
        return Problem(
            prompt_tex=rf"Compute the Hessian matrix \(H_f{where}\) of \[{f_tex}\] {say}",
            prompt_text=f"Compute the Hessian matrix H_f{where_uni} of {f_uni}. {say}",
            answer=Hp, kind="matrix", solution=tuple(steps), given=given,
            checking=AT_POINT, mistakes=_matrix_mistakes(Hp, f, syms))

    label = classify_matrix(Hp)
    steps += [
        Step("The gradient vanishes at the point, so it is a critical point.",
             rf"\nabla f{where} = {tex(sp.zeros(1, n))}", f"∇f{where_uni} = {tuple([0] * n)}"),
        Step(schwarz + "; evaluate the second partials at the critical point.",
             rf"H = H_f{where} = {tex(Hp)}", f"H = {uni(Hp)}"),
    ]
    steps += _test_steps(Hp, label)
    say = CLASSIFY.statement()
    return Problem(
        prompt_tex=rf"The point \({where}\) is a critical point of \[{f_tex}\] "
                   rf"Classify it by the eigenvalues of the Hessian there: {EIGEN_TEST} {say}",
        prompt_text=f"{where_uni} is a critical point of {f_uni}. Classify it by the "
                    f"eigenvalues of the Hessian there: {EIGEN_TEST} {say}",
        answer=label, kind="choice", solution=tuple(steps), given=given,
        checking=CLASSIFY, mistakes=_classify_mistakes(Hp, label))


def _tidy(Hp: sp.Matrix) -> bool:
    """Exact entries a learner can write: no sin/cos/log values, not all zero."""
    return not Hp.has(sp.sin, sp.cos, sp.log) and any(e != 0 for e in Hp)


def _test_steps(H: sp.Matrix, label: str) -> list[Step]:
    n = H.rows
    minors = principal_minors(H)
    why = {
        "minimum": "H is positive definite (all eigenvalues > 0): a local minimum.",
        "maximum": "H is negative definite (all eigenvalues < 0): a local maximum.",
        "saddle": "H is indefinite (eigenvalues of both signs): a saddle point.",
        "inconclusive": "H is singular and semidefinite (a zero eigenvalue, no two of opposite "
                        "sign): the test is inconclusive; higher-order terms decide.",
    }[label]
    if n == 2:
        D, fxx = minors[1], minors[0]
        return [Step("In 2-D the eigenvalue test reads off D = f_xx·f_yy − f_xy² = λ₁λ₂ (their product) "
                     "and f_xx (positive when both are): D < 0 means opposite signs, D = 0 a zero eigenvalue.",
                     rf"D = ({H[0, 0]})({H[1, 1]}) - ({H[0, 1]})^2 = {D}, \quad f_{{xx}} = {fxx}",
                     f"D = ({H[0, 0]})·({H[1, 1]}) − ({H[0, 1]})² = {D},  f_xx = {fxx}"),
                Step(why)]
    steps = [Step("Leading principal minors (Sylvester's criterion): all positive ⇒ positive "
                  "definite; signs −, +, − ⇒ negative definite; det ≠ 0 otherwise ⇒ indefinite.",
                  rf"D_1 = {minors[0]}, \quad D_2 = {minors[1]}, \quad D_3 = \det H = {minors[2]}",
                  f"D₁ = {minors[0]}, D₂ = {minors[1]}, D₃ = det H = {minors[2]}")]
    if minors[2] == 0:
        t = H.trace()
        m = two_by_two_minor_sum(H)
        steps.append(Step("det H = 0, so 0 is an eigenvalue; the other two solve "
                          "λ² − (tr H)λ + (sum of principal 2×2 minors) = 0, and their product "
                          "decides whether H is indefinite.",
                          rf"{tex(_char(t, m))} = 0", f"{uni(_char(t, m))} = 0"))
    steps.append(Step(why))
    return steps


def _squared_variable(f: sp.Expr, syms) -> sp.Symbol | None:
    """A variable that appears squared (power exactly 2) in some term of f, if any."""
    for term in sp.Add.make_args(sp.expand(f)):
        powers = term.as_powers_dict()
        for s in syms:
            if powers.get(s, 0) == 2:
                return s
    return None


def _char(trace, minors) -> sp.Expr:
    """λ² − (tr H)λ + e₂ with its signs simplified (no "λ² − (-30)λ + (200)")."""
    lam = sp.Symbol("lambda")
    return lam**2 - trace * lam + minors


def _matrix_mistakes(H: sp.Matrix, f: sp.Expr, syms) -> tuple[Mistake, ...]:
    n = H.rows
    sign = H.copy()
    half = H.copy()
    for i in range(n):
        half[i, i] = H[i, i] / 2
        for j in range(n):
            if i != j:
                sign[i, j] = -H[i, j]
    out = []
    if sign != H:
        out.append(Mistake("sign slip in a mixed entry", sign,
                           "Recheck the mixed partials f_xy …: a sign was lost in one of them."))
    v = _squared_variable(f, syms)
    if v is not None and half != H and half != sign:
        out.append(Mistake("forgot a factor 2", half,
                           f"d²/d{v}²({v}²) = 2, not 1: the diagonal entries are missing a factor 2."))
    return tuple(out)


def _classify_mistakes(H: sp.Matrix, label: str) -> tuple[Mistake, ...]:
    n = H.rows
    t, det = H.trace(), principal_minors(H)[-1]
    diag = [H[i, i] for i in range(n)]
    candidates = [
        ("trace alone",
         "minimum" if t > 0 else "maximum" if t < 0 else "inconclusive",
         f"The trace ({t}) is the sum of the eigenvalues: "
         + ("a positive sum does not make every eigenvalue positive." if t > 0 else
            "a negative sum does not make every eigenvalue negative." if t < 0 else
            "a zero sum does not make the eigenvalues zero; they can cancel.")
         + " Look at the eigenvalues themselves."),
        ("det > 0 means minimum", "minimum" if det > 0 else None,
         "det H > 0 alone is not enough: in 2-D it also holds at a maximum (read the sign of "
         "f_xx), and in 3-D two negative eigenvalues give det > 0 too."),
        ("diagonal only",
         "minimum" if all(d > 0 for d in diag) else "maximum" if all(d < 0 for d in diag)
         else "saddle",
         "The mixed partials matter: positive diagonal entries do not make H positive "
         "definite (look at the determinant or the eigenvalues)."),
        ("minimum and maximum swapped",
         {"minimum": "maximum", "maximum": "minimum"}.get(label),
         "A positive definite Hessian curves upward in every direction (like f'' > 0 in "
         "one variable): that is a minimum; negative definite is a maximum."),
        ("zero determinant means saddle", "saddle" if det == 0 else None,
         "det H = 0 makes the test inconclusive, not a saddle: a zero eigenvalue leaves the "
         "decision to higher-order terms."),
    ]
    out, seen = [], {label}
    for name, wrong, feedback in candidates:
        if wrong is None or wrong in seen:
            continue
        seen.add(wrong)
        out.append(Mistake(name, wrong, feedback))
    return tuple(out)


# --- the family ---------------------------------------------------------------------

def generate(rng: random.Random, params: dict) -> Problem:
    task, level, n = params["task"], params["level"], params["variables"]
    syms = SYMS[:n]
    if task == "classify":
        f, point = _draw_critical(rng, level, syms)
        if any(not f.has(s) for s in syms):
            raise Reject("f must depend on every variable")
        return build_problem(task, f, syms, point)
    f, positive = _draw_f(rng, level, syms)
    if any(not f.has(s) for s in syms):
        raise Reject("f must depend on every variable")
    point, H = None, None
    if task == "at_point":
        H = hessian_matrix(f, syms)
        for _ in range(6):     # a few points for the same f before drawing a new f
            point = tuple(rng.choice((1, 2)) if s.name in positive
                          else rng.choice((-1, 0, 1, 2) if level == 1 else (-1, 0, 0, 1))
                          for s in syms)
            if _tidy(H.xreplace(dict(zip(syms, point)))):
                break
    return build_problem(task, f, syms, point, frozenset(positive), H)




def _eigen_label(eigs, tol: float) -> str:
    if all(e > tol for e in eigs):
        return "minimum"
    if all(e < -tol for e in eigs):
        return "maximum"
    if any(e > tol for e in eigs) and any(e < -tol for e in eigs):
        return "saddle"
    return "inconclusive"


def verify(given: dict, answer) -> Evidence:
    """Finite-difference Hessian of f; numpy eigenvalues for classifications."""
    names = list(given["variables"])
    n = len(names)
    f = numeric.float_function(given["f"], names)
    if "point" not in given:
        if not isinstance(answer, sp.MatrixBase) or answer.shape != (n, n):
            raise VerificationError(f"expected a {n}×{n} matrix")
        rng = random.Random("verify:" + given["f"])
        worst = 0.0
        for _ in range(2):
            p = numeric.sample_point(rng, given["domains"])
            point = [p[k] for k in names]
            fd = numeric.fd_hessian(f, point)
            scale = max(1.0, abs(f(*point)))
            for i in range(n):
                for j in range(n):
                    worst = max(worst, numeric.require_close(
                        fd[i][j], numeric.evaluate(answer[i, j], p), f"H[{i}][{j}] at {point}",
                        rel=1e-6, floor=1e-7 * scale))
        return Evidence("finite differences", "4th-order central-difference Hessian of f "
                        "(h=1e-3) at 2 random points of the domain", worst)

    point = [float(sp.Rational(c)) for c in given["point"]]
    fd = np.array(numeric.fd_hessian(f, point))
    scale = max(1.0, abs(f(*point)), float(np.abs(fd).max()))
    if isinstance(answer, sp.MatrixBase):
        if answer.shape != (n, n):
            raise VerificationError(f"expected a {n}×{n} matrix")
        worst = max(numeric.require_close(fd[i, j], float(answer[i, j]), f"H[{i}][{j}]",
                                          rel=1e-6, floor=1e-7 * scale)
                    for i in range(n) for j in range(n))
        return Evidence("finite differences", "4th-order central-difference Hessian of f "
                        f"(h=1e-3) at {tuple(given['point'])}", worst)
    grad = [numeric.fd_first(f, point, i) for i in range(n)]
    if max(abs(g) for g in grad) > 1e-6 * scale:
        raise VerificationError(f"gradient {grad} does not vanish at {given['point']}")
    eigs = np.linalg.eigvalsh(fd)
    tol = 1e-5 * scale
    label = _eigen_label(eigs, tol)
    if label != answer:
        raise VerificationError(f"eigenvalues {eigs.round(6).tolist()} say {label}, "
                                f"answer says {answer}")
    return Evidence("finite differences + numpy eigenvalues",
                    f"|∇f| ≤ {max(abs(g) for g in grad):.1e} by central differences; "
                    f"eigenvalues of the finite-difference Hessian "
                    f"{[round(float(e), 4) for e in eigs]} (numpy.linalg.eigvalsh, |λ| ≤ "
                    f"{tol:.0e} counted as 0)",
                    float(max(abs(g) for g in grad)))


def baseline(given: dict):
    """Bare SymPy: parse f, its Hessian, at the point, definiteness (benchmarks/generate.py)."""
    syms = [sp.Symbol(n) for n in given["variables"]]
    H = sp.hessian(sp.sympify(given["f"]), syms)
    if "point" not in given:
        return H
    Hp = H.subs(dict(zip(syms, (sp.Rational(c) for c in given["point"]))))
    if given.get("task") != "classify":
        return Hp
    # the eigenvalue test the prompt names (cubic roots come as radicals: decide their signs numerically)
    signs = {0 if abs(x) < 1e-12 else (1 if x > 0 else -1)
             for x in (complex(sp.N(v, 30)).real for v in Hp.eigenvals())}
    return ("minimum" if signs == {1} else "maximum" if signs == {-1}
            else "saddle" if {1, -1} <= signs else "inconclusive")


FAMILY = Family(
    name="hessian",
    version=2,
    title="Hessian matrix",
    summary="The Hessian of f in 2 or 3 variables: as a matrix of expressions, at a point, "
            "or to classify a critical point (minimum, maximum, saddle, inconclusive).",
    params={
        "task": Param("full", ("full", "at_point", "classify"),
                      "full: H_f as expressions, at_point: H_f at a point, "
                      "classify: a critical point by the second-derivative test"),
        "variables": Param(2, (2, 3), "number of variables (x, y or x, y, z)"),
        "level": Param(1, (1, 2, 3), "1: polynomials, 2: with exp/sin/cos of linear forms "
                                     "(classify: quartics, Rosenbrock), 3: products and "
                                     "compositions (classify: exp/cos/sin terms)"),
    },
    levels={1: "polynomials (classify: a quadratic part plus cubic or quartic terms)",
            2: "with exp/sin/cos of linear forms (classify: quartics and Rosenbrock functions)",
            3: "products and compositions, log on its domain (classify: exp/cos/sin terms)"},
    generate=generate,
    verify=verify,
    baseline=baseline,
)
