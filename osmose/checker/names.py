"""The allow-list: every function, constant and LaTeX command an answer may use.

Each function maps to a builder that calls a SymPy constructor directly, with
``evaluate=False`` (the parser bounds sizes; nothing is simplified while
reading). There is no other way for a name in learner text to become code.
"""

from __future__ import annotations

import sympy as sp

from osmose.mathtext import GREEK


_NO = {"evaluate": False}


def _f(cls):
    """A one-argument SymPy function applied without evaluation."""
    return lambda x: cls(x, evaluate=False)


def _log(x, base=None):
    if base is None:
        return sp.log(x, evaluate=False)
    return sp.Mul(sp.log(x, evaluate=False), sp.Pow(sp.log(base, evaluate=False), -1, **_NO), **_NO)


def _log_base(b):
    return lambda x: _log(x, sp.Integer(b))


def _sigmoid(x):
    denominator = sp.Add(1, sp.exp(sp.Mul(-1, x, **_NO), evaluate=False), **_NO)
    return sp.Pow(denominator, -1, **_NO)


def _root(x, n=2):
    return sp.Pow(x, sp.Rational(1, n), **_NO)


#: name -> (builder, smallest arity, largest arity)
FUNCTIONS: dict[str, tuple] = {
    "sin": (_f(sp.sin), 1, 1), "cos": (_f(sp.cos), 1, 1), "tan": (_f(sp.tan), 1, 1),
    "cot": (_f(sp.cot), 1, 1), "sec": (_f(sp.sec), 1, 1), "csc": (_f(sp.csc), 1, 1),
    "asin": (_f(sp.asin), 1, 1), "acos": (_f(sp.acos), 1, 1), "atan": (_f(sp.atan), 1, 1),
    "acot": (_f(sp.acot), 1, 1),
    "arcsin": (_f(sp.asin), 1, 1), "arccos": (_f(sp.acos), 1, 1), "arctan": (_f(sp.atan), 1, 1),
    "sinh": (_f(sp.sinh), 1, 1), "cosh": (_f(sp.cosh), 1, 1), "tanh": (_f(sp.tanh), 1, 1),
    "coth": (_f(sp.coth), 1, 1),
    "asinh": (_f(sp.asinh), 1, 1), "acosh": (_f(sp.acosh), 1, 1), "atanh": (_f(sp.atanh), 1, 1),
    "arsinh": (_f(sp.asinh), 1, 1), "arcosh": (_f(sp.acosh), 1, 1), "artanh": (_f(sp.atanh), 1, 1),
    "exp": (_f(sp.exp), 1, 1), "ln": (_f(sp.log), 1, 1), "log": (_log, 1, 2),
    "log2": (_log_base(2), 1, 1), "log10": (_log_base(10), 1, 1),
    "sqrt": (_root, 1, 1), "cbrt": (lambda x: _root(x, 3), 1, 1),
    "abs": (_f(sp.Abs), 1, 1), "Abs": (_f(sp.Abs), 1, 1),
    "sign": (_f(sp.sign), 1, 1), "sgn": (_f(sp.sign), 1, 1),
    "factorial": (_f(sp.factorial), 1, 1),
    "binomial": (lambda n, k: sp.binomial(n, k, evaluate=False), 2, 2),
    "binom": (lambda n, k: sp.binomial(n, k, evaluate=False), 2, 2),
    "max": (lambda *a: sp.Max(*a, evaluate=False), 2, 8),
    "min": (lambda *a: sp.Min(*a, evaluate=False), 2, 8),
    "Max": (lambda *a: sp.Max(*a, evaluate=False), 2, 8),
    "Min": (lambda *a: sp.Min(*a, evaluate=False), 2, 8),
    "erf": (_f(sp.erf), 1, 1), "sigmoid": (_sigmoid, 1, 1),
    # reciprocal and inverse functions under every common spelling
    "sech": (_f(sp.sech), 1, 1), "csch": (_f(sp.csch), 1, 1), "cosec": (_f(sp.csc), 1, 1),
    "arccot": (_f(sp.acot), 1, 1), "asec": (_f(sp.asec), 1, 1), "arcsec": (_f(sp.asec), 1, 1),
    "acsc": (_f(sp.acsc), 1, 1), "arccsc": (_f(sp.acsc), 1, 1), "arccosec": (_f(sp.acsc), 1, 1),
    "arcsinh": (_f(sp.asinh), 1, 1), "arccosh": (_f(sp.acosh), 1, 1),
    "arctanh": (_f(sp.atanh), 1, 1),
    "acoth": (_f(sp.acoth), 1, 1), "arcoth": (_f(sp.acoth), 1, 1), "arccoth": (_f(sp.acoth), 1, 1),
    "asech": (_f(sp.asech), 1, 1), "arsech": (_f(sp.asech), 1, 1),
    "arcsech": (_f(sp.asech), 1, 1),
    "acsch": (_f(sp.acsch), 1, 1), "arcsch": (_f(sp.acsch), 1, 1),
    "arccsch": (_f(sp.acsch), 1, 1),
}
#: trig functions whose ``^{-1}`` means the inverse function (sin⁻¹ x = arcsin x)
INVERSES = {"sin": "asin", "cos": "acos", "tan": "atan", "cot": "acot", "sec": "asec",
            "csc": "acsc", "cosec": "acsc", "sinh": "asinh", "cosh": "acosh", "tanh": "atanh",
            "coth": "acoth", "sech": "asech", "csch": "acsch"}

#: named constants (a variable of the same name takes precedence)
CONSTANTS = {"pi": sp.pi, "e": sp.E, "E": sp.E}

#: operations that restate a question instead of answering it
CALCULUS = {
    "diff", "Derivative", "derivative", "integrate", "Integral", "integral", "int",
    "limit", "Limit", "lim", "Sum", "sum", "summation", "Product", "product", "grad",
    "nabla", "partial", "iint", "iiint", "oint", "prod", "D", "dx", "dy", "dz", "dt",
}
#: names a learner may try that we answer with a pointer rather than "unknown"
HINTS = {
    "Matrix": "type a matrix as [[a, b], [c, d]] (no 'Matrix')",
    "matrix": "type a matrix as [[a, b], [c, d]]",
    "inf": "infinity is not accepted as an answer",
    "oo": "infinity is not accepted as an answer",
    "infty": "infinity is not accepted as an answer",
    "I": "complex numbers are not accepted as answers",
    "lg": "'lg' is ambiguous: log base 10 (ISO 80000) or log base 2 (computer science) — "
          "write log10(x) or log2(x)",
}

GREEK_NAMES = tuple(GREEK) + ("omicron", "upsilon", "Upsilon")
#: LaTeX commands that are just a name (Greek letters, functions)
LATEX_NAMES = {name: name for name in GREEK_NAMES}
LATEX_NAMES.update({"varepsilon": "epsilon", "varphi": "phi", "vartheta": "theta",
                    "varsigma": "sigma", "varrho": "rho", "varpi": "pi", "pi": "pi"})
LATEX_NAMES.update({name: name for name in FUNCTIONS if name.isalpha() and name.islower()
                    and name not in ("abs", "sgn", "binomial", "sign", "sigmoid", "erf",
                                     "factorial", "cbrt", "asin", "acos", "atan", "acot",
                                     "asinh", "acosh", "atanh", "arsinh", "arcosh", "artanh")})
LATEX_NAMES["lg"] = "lg"  # refused as ambiguous (HINTS)
LATEX_OPERATORS = {"cdot": "*", "times": "*", "div": "/", "ast": "*"}
LATEX_CALCULUS = {"int", "iint", "iiint", "oint", "partial", "nabla", "sum", "prod", "lim",
                  "differential"}
