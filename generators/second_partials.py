"""Second partial derivatives of f(x, y) and f(x, y, z), checked by finite differences.

Functions are sums of polynomials, exp, sin/cos and log terms (log only where
its argument is positive: the variable is then marked ``positive``), products
and compositions. A mixed-partial question is worked in both orders, so the
learner sees Schwarz's theorem (f_xy = f_yx for C² functions) at work.
"""

from __future__ import annotations

import random

import sympy as sp

from osmose import numeric
from osmose.family import (Checking, Evidence, Family, Mistake, Param, Problem, Reject, Step,
                           VerificationError)
from osmose.mathtext import given_str, tex, uni

X, Y, Z = sp.symbols("x y z")
PAIRS_2 = (("x", "x"), ("y", "y"), ("x", "y"))
PAIRS_3 = PAIRS_2 + (("z", "z"), ("x", "z"), ("y", "z"))
#: largest integer a learner should meet in the answer
MAX_COEFF = 400
#: longest answer (SymPy operation count) we ask a learner to write
MAX_OPS = 30


# --- drawing f ----------------------------------------------------------------

def _nz(rng: random.Random, k: int = 3) -> int:
    """A nonzero integer in [-k, k]."""
    return rng.choice([i for i in range(-k, k + 1) if i])


def _monomial(rng: random.Random, names: tuple, lo: int = 2, hi: int = 4) -> sp.Expr:
    """c·x^i·y^j(·z^k) of total degree in [lo, hi] using at least two variables."""
    while True:
        powers = [rng.randint(0, 3) for _ in names]
        if lo <= sum(powers) <= hi and sum(1 for p in powers if p) >= 2:
            break
    term = sp.Integer(_nz(rng, 4))
    for sym, p in zip((X, Y, Z), powers):
        term *= sym ** p
    return term


def _level1(rng: random.Random) -> tuple[sp.Expr, set]:
    """A monomial plus exp/sin/cos of a linear form: derivatives by the chain rule once."""
    outer = rng.choice((sp.exp, sp.sin, sp.cos))
    arg = _nz(rng) * X + _nz(rng) * Y
    return _monomial(rng, ("x", "y")) + _nz(rng, 3) * outer(arg), set()


def _level2(rng: random.Random) -> tuple[sp.Expr, set]:
    """Products and compositions in x, y (log only of a positive variable)."""
    a, m = _nz(rng), rng.randint(1, 3)
    u, v = (X, Y) if rng.random() < 0.5 else (Y, X)
    choice = rng.randrange(8)
    positive: set = set()
    if choice == 0:
        f = u ** m * sp.exp(a * v)
    elif choice == 1:
        f = u ** m * rng.choice((sp.sin, sp.cos))(a * v)
    elif choice == 2:
        f = sp.exp(a * X) * rng.choice((sp.sin, sp.cos))(_nz(rng) * Y)
    elif choice == 3:
        f = u ** m * sp.log(v)
        positive = {str(v)}
    elif choice == 4:
        f = sp.exp(a * X * Y)
    elif choice == 5:
        f = rng.choice((sp.sin, sp.cos))(a * X * Y)
    elif choice == 6:
        f = rng.choice((sp.sin, sp.cos, sp.exp))(u ** 2 + a * v)
    else:
        f = sp.log(u ** 2 + a ** 2 * v ** 2 + 1)
    f = _nz(rng, 3) * f
    if rng.random() < 0.5:
        f += _monomial(rng, ("x", "y"), 2, 3)
    return f, positive


def _level3(rng: random.Random) -> tuple[sp.Expr, set]:
    """Products and compositions in x, y, z."""
    a = _nz(rng)
    choice = rng.randrange(7)
    positive: set = set()
    if choice == 0:
        f = X * Y * sp.exp(a * Z)
    elif choice == 1:
        f = rng.choice((sp.sin, sp.cos))(X * Y + a * Z)
    elif choice == 2:
        f = X ** 2 * Z * sp.log(Y)
        positive = {"y"}
    elif choice == 3:
        f = sp.exp(a * X) * rng.choice((sp.sin, sp.cos))(Y * Z)
    elif choice == 4:
        f = sp.log(X + Y + Z)
        positive = {"x", "y", "z"}
    elif choice == 5:
        f = sp.exp(X * Y * Z)
    else:
        f = Z * rng.choice((sp.sin, sp.cos))(a * X) * Y ** 2
    f = _nz(rng, 3) * f
    if rng.random() < 0.5:
        f += _monomial(rng, ("x", "y", "z"), 2, 3)
    return f, positive


DRAW = {1: _level1, 2: _level2, 3: _level3}


# --- typical mistakes -------------------------------------------------------------

def diff_without_chain(expr: sp.Expr, var: sp.Symbol) -> sp.Expr:
    """d/dvar with every inner derivative forgotten: (g∘u)' taken as g'(u).

    The product and power rules are applied correctly, so the result differs
    from the true derivative exactly where a chain-rule factor was needed.
    """
    if not expr.has(var):
        return sp.Integer(0)
    if expr == var:
        return sp.Integer(1)
    if expr.is_Add:
        return sp.Add(*(diff_without_chain(a, var) for a in expr.args))
    if expr.is_Mul:
        args = expr.args
        return sp.Add(*(
            sp.Mul(*args[:i], diff_without_chain(a, var), *args[i + 1:])
            for i, a in enumerate(args) if a.has(var)
        ))
    if expr.is_Pow and not expr.exp.has(var):
        return expr.exp * expr.base ** (expr.exp - 1)
    if isinstance(expr, sp.exp):
        return expr
    if isinstance(expr, sp.sin):
        return sp.cos(expr.args[0])
    if isinstance(expr, sp.cos):
        return -sp.sin(expr.args[0])
    if isinstance(expr, sp.log):
        return 1 / expr.args[0]
    return sp.diff(expr, var)


def sign_slip(answer: sp.Expr) -> sp.Expr:
    """The answer with one term's sign flipped (a negative one if there is one)."""
    terms = sp.Add.make_args(answer)
    if len(terms) == 1:
        return -answer
    pick = next((i for i, t in enumerate(terms) if t.could_extract_minus_sign()), 0)
    return sp.Add(*(-t if i == pick else t for i, t in enumerate(terms)))


def sign_feedback(answer: sp.Expr) -> str:
    """What the sign slip of ``sign_slip`` got wrong, for this answer: the term whose sign
    flipped, and the rule behind it only when that term has a sine or cosine."""
    terms = sp.Add.make_args(answer)
    if len(terms) == 1:
        term = answer
        what = "The sign of the whole answer is flipped"
    else:
        term = next((t for t in terms if t.could_extract_minus_sign()), terms[0])
        what = f"One term has the wrong sign: it is {uni(term)}, not {uni(-term)}"
    if term.has(sp.sin, sp.cos):
        return what + " (d/dt sin t = cos t but d/dt cos t = −sin t)."
    return what + " (carry every minus sign through both differentiations)."


# --- numerics shared by generate (distinct mistakes) and verify -------------------



def _probe_points(names: list[str], domains: dict) -> list[dict]:
    rng = random.Random("second_partials:probe")
    return [numeric.sample_point(rng, {n: domains.get(n, "real") for n in names}) for _ in range(2)]


def _values(expr: sp.Expr, points: list[dict]) -> tuple[float, ...] | None:
    try:
        return tuple(numeric.evaluate(expr, p) for p in points)
    except (ValueError, ZeroDivisionError, OverflowError):
        return None


def _same(a: tuple | None, b: tuple | None) -> bool:
    if a is None or b is None:
        return a is b
    return all(numeric.close(u, v, rel=1e-9, floor=1e-9) for u, v in zip(a, b))


# --- the family -------------------------------------------------------------------

def _d_tex(pair: tuple[str, str]) -> str:
    a, b = pair
    if a == b:
        return rf"\frac{{\partial^2 f}}{{\partial {a}^2}}"
    return rf"\frac{{\partial^2 f}}{{\partial {b}\,\partial {a}}}"


def _d_uni(pair: tuple[str, str]) -> str:
    return "f_" + "".join(pair)


def generate(rng: random.Random, params: dict) -> Problem:
    level, ask = params["level"], params["partial"]
    f, positive = DRAW[level](rng)
    names = ["x", "y", "z"] if level == 3 else ["x", "y"]
    syms = {n: sp.Symbol(n) for n in names}
    if any(not f.has(s) for s in syms.values()):
        raise Reject("f must depend on every variable")
    pairs = PAIRS_3 if level == 3 else PAIRS_2
    if ask == "pure":
        pairs = tuple(p for p in pairs if p[0] == p[1])
    elif ask == "mixed":
        pairs = tuple(p for p in pairs if p[0] != p[1])
    return build_problem(f, names, rng.choice(pairs), positive)


def build_problem(f: sp.Expr, names: list[str], pair: tuple[str, str],
                  positive=frozenset()) -> Problem:
    """The exercise asking for ∂²f/∂pair[1]∂pair[0] (f_{pair[0] pair[1]}) of a chosen f."""
    syms = {n: sp.Symbol(n) for n in names}
    u, v = syms[pair[0]], syms[pair[1]]

    first = sp.diff(f, u)
    answer = sp.expand_mul(sp.diff(first, v))
    if answer == 0:
        raise Reject("zero second partial")
    if sp.count_ops(answer) > MAX_OPS:
        raise Reject("answer too long to write by hand")
    if any(abs(n.p) > MAX_COEFF or n.q > MAX_COEFF for n in answer.atoms(sp.Rational)):
        raise Reject("huge coefficient")

    domains = {n: ("positive" if n in positive else "real") for n in names}
    answer_tex, answer_uni = tex(answer), uni(answer)
    fu = f"f_{pair[0]}"
    steps = [Step(f"Differentiate f with respect to {pair[0]}.",
                  rf"\frac{{\partial f}}{{\partial {pair[0]}}} = {tex(first)}",
                  f"{fu} = {uni(first)}")]
    if u == v:
        steps.append(Step(f"Differentiate {fu} again with respect to {pair[0]}.",
                          rf"{_d_tex(pair)} = {answer_tex}", f"{_d_uni(pair)} = {answer_uni}"))
    else:
        other_first = sp.diff(f, v)
        other = sp.expand_mul(sp.diff(other_first, u))
        points = _probe_points(names, domains)
        if not _same(_values(other, points), _values(answer, points)):
            raise AssertionError(f"Schwarz fails for {f}: a bug in the generator")
        fv, rev = f"f_{pair[1]}", (pair[1], pair[0])
        # the same expression in the same form most of the time: print it once
        other_tex, other_uni = ((answer_tex, answer_uni) if other == answer
                                else (tex(other), uni(other)))
        steps += [
            Step(f"Differentiate {fu} with respect to {pair[1]}.",
                 rf"{_d_tex(pair)} = {answer_tex}", f"{_d_uni(pair)} = {answer_uni}"),
            Step(f"Check the other order: differentiate f with respect to {pair[1]} first.",
                 rf"\frac{{\partial f}}{{\partial {pair[1]}}} = {tex(other_first)}",
                 f"{fv} = {uni(other_first)}"),
            Step(f"Then differentiate {fv} with respect to {pair[0]}: the same result, "
                 "as Schwarz's theorem guarantees when the second partials are continuous.",
                 rf"{_d_tex(rev)} = {other_tex} = {_d_tex(pair)}",
                 f"{_d_uni(rev)} = {other_uni} = {_d_uni(pair)}"),
        ]

    mistakes = _mistakes(f, pair, syms, first, answer, names, domains)
    vars_tex = ", ".join(names)
    domain_note = ""
    if positive:
        domain_note = rf" on the domain \({', '.join(p + ' > 0' for p in sorted(positive))}\)"
    prompt_tex = (rf"Compute \({_d_tex(pair)}\) for \[f({vars_tex}) = {tex(f)}\]" + domain_note
                  + ".")
    prompt_text = (f"Compute {_d_uni(pair)} = ∂²f/{_uni_denominator(pair)} for "
                   f"f({vars_tex}) = {uni(f)}"
                   + (f"  ({', '.join(p + ' > 0' for p in sorted(positive))})" if positive else ""))
    checking = Checking(variables=domains, precision="exact")
    return Problem(
        prompt_tex=f"{prompt_tex} {checking.statement()}",
        prompt_text=f"{prompt_text}. {checking.statement()}",
        answer=answer,
        kind="expr",
        solution=tuple(steps),
        given={"f": given_str(f), "variables": names, "wrt": list(pair),
               "domains": domains},
        checking=checking,
        mistakes=mistakes,
    )


def _uni_denominator(pair: tuple[str, str]) -> str:
    a, b = pair
    return f"∂{a}²" if a == b else f"∂{b}∂{a}"


def _mistakes(f, pair, syms, first, answer, names, domains) -> tuple[Mistake, ...]:
    u, v = syms[pair[0]], syms[pair[1]]
    if u == v:
        w = syms[names[1] if pair[0] == names[0] else names[0]]
        wrong_var = sp.expand_mul(sp.diff(f, w, 2))
        wrong_feedback = (f"You differentiated with respect to {w}; the question asks for "
                          f"∂/∂{pair[0]} twice.")
    else:
        wrong_var = sp.expand_mul(sp.diff(first, u))
        wrong_feedback = (f"You differentiated twice with respect to {pair[0]}; the mixed "
                          f"partial needs one derivative in {pair[0]} and one in {pair[1]}.")
    candidates = [
        ("sign slip", sign_slip(answer), sign_feedback(answer)),
        ("forgot the chain-rule factor",
         sp.expand_mul(diff_without_chain(diff_without_chain(f, u), v)),
         "Differentiating g(u(x, y)) needs the inner derivative: ∂g/∂x = g′(u)·∂u/∂x."),
        ("wrong variable", wrong_var, wrong_feedback),
        ("first derivative only", first,
         f"That is the first partial f_{pair[0]}; differentiate once more, "
         f"with respect to {pair[1]}."),
    ]
    points = _probe_points(names, domains)
    seen = [_values(answer, points)]
    out: list[Mistake] = []
    for name, wrong, feedback in candidates:
        values = _values(wrong, points)
        if wrong == 0 or values is None or any(_same(values, v) for v in seen):
            continue
        seen.append(values)
        out.append(Mistake(name, wrong, feedback))
    return tuple(out)


def verify(given: dict, answer) -> Evidence:
    """Fourth-order central differences of f itself at two random points of the domain."""
    names = list(given["variables"])
    f = numeric.float_function(given["f"], names)
    if not isinstance(answer, sp.Expr):
        raise VerificationError(f"expected an expression, got {type(answer).__name__}")
    i, j = (names.index(n) for n in given["wrt"])
    rng = random.Random("verify:" + given["f"] + ":" + "".join(given["wrt"]))
    worst = 0.0
    for _ in range(2):
        p = numeric.sample_point(rng, given["domains"])
        point = [p[n] for n in names]
        fd = numeric.fd_second(f, point, i, j)
        scale = max(1.0, abs(f(*point)))
        what = f"f_{''.join(given['wrt'])} at {tuple(round(c, 4) for c in point)}"
        worst = max(worst, numeric.require_close(fd, numeric.evaluate(answer, p), what, rel=1e-6,
                                                 floor=1e-7 * scale))
    return Evidence(method="finite differences",
                    detail="4th-order central differences of f (h=1e-3) at 2 random points "
                           "of the domain",
                    max_error=worst)


def baseline(given: dict) -> sp.Expr:
    """Bare SymPy: parse f and differentiate twice (the yardstick of benchmarks/generate.py)."""
    f = sp.sympify(given["f"])
    u, v = (sp.Symbol(n) for n in given["wrt"])
    return sp.diff(f, u, v)


FAMILY = Family(
    name="second_partials",
    version=2,
    title="Second partial derivatives",
    summary="Compute f_xx, f_yy or a mixed partial of f(x, y) or f(x, y, z); mixed partials "
            "are worked in both orders (Schwarz).",
    params={
        "level": Param(1, (1, 2, 3), "1: monomial + exp/sin/cos of a linear form, "
                                     "2: products and compositions in x, y (with log), "
                                     "3: three variables x, y, z"),
        "partial": Param("any", ("any", "pure", "mixed"),
                         "which second partial is asked: any, pure (f_xx…) or mixed (f_xy…)"),
    },
    levels={1: "a monomial plus exp/sin/cos of a linear form: the chain rule once",
            2: "products and compositions in x, y (log on its domain)",
            3: "products and compositions in three variables x, y, z"},
    generate=generate,
    verify=verify,
    baseline=baseline,
)
