"""Read a knowledge-base formula (a derivation step's ``check:``) without executing it.

A concept file is data: its ``check:`` strings never reach ``eval``, ``sympify``
or ``parse_expr``. The text is parsed into a Python syntax tree (parsing runs no
code), and the tree is walked against an allow-list, building SymPy objects with
constructors only:

* numbers (integers up to ``MAX_INT``, decimals), names (declared symbols,
  ``where:`` names, the allow-listed functions below; any other bare name is a
  plain Symbol, refused later if it is free and undeclared);
* ``+ - * / ** @`` (``^`` is ``**``, as in SymPy syntax), unary ``-`` and ``+``;
* calls of allow-listed functions (``FUNCTIONS``) and of ``Lambda`` values;
  ``*matrix`` unpacking; the keywords ``simultaneous`` and ``evaluate``;
* the methods and attributes in ``METHODS`` on SymPy objects (``.T``, ``.inv()``,
  ``.subs(…)``, ``.dot(…)``, ``.doit()`` …), never a dunder;
* ``[i]`` and ``[i, j]`` with integer indices; lists, tuples and ``{a: b}`` (for subs).

Everything else (attributes not listed, strings, comprehensions, lambdas, imports)
is refused with a one-line ``FormulaError``.
"""

from __future__ import annotations

import ast
from typing import Any, Mapping

import sympy as sp
from sympy.algebras.quaternion import Quaternion

#: characters in one formula, nesting depth of its syntax tree, and number sizes
MAX_LENGTH, MAX_DEPTH, MAX_INT, MAX_EXPONENT = 2000, 60, 10**12, 1000


class FormulaError(ValueError):
    """A formula that is not in the allowed language (one line, no traceback)."""


def _sympy_S(value):
    if isinstance(value, (int, sp.Integer, sp.Rational)):
        return sp.Integer(value) if isinstance(value, int) else value
    raise FormulaError("S(…) takes a number")


#: callable names a formula may use
FUNCTIONS: dict[str, Any] = {
    "Matrix": sp.Matrix, "eye": sp.eye, "zeros": sp.zeros, "ones": sp.ones, "diag": sp.diag,
    "det": lambda m: m.det(), "Quaternion": Quaternion, "Lambda": sp.Lambda,
    "diff": sp.diff, "integrate": sp.integrate, "series": sp.series, "Sum": sp.Sum, "hessian": sp.hessian,
    "expand": sp.expand, "conjugate": sp.conjugate, "S": _sympy_S, "Rational": sp.Rational,
    "sqrt": sp.sqrt, "exp": sp.exp, "log": sp.log, "ln": sp.log,
    "sin": sp.sin, "cos": sp.cos, "tan": sp.tan, "cot": sp.cot, "sec": sp.sec, "csc": sp.csc,
    "asin": sp.asin, "acos": sp.acos, "atan": sp.atan, "atan2": sp.atan2,
    "sinh": sp.sinh, "cosh": sp.cosh, "tanh": sp.tanh, "coth": sp.coth, "sech": sp.sech,
    "csch": sp.csch, "asinh": sp.asinh, "acosh": sp.acosh, "atanh": sp.atanh,
    "Abs": sp.Abs, "sign": sp.sign, "Min": sp.Min, "Max": sp.Max, "floor": sp.floor,
    "ceiling": sp.ceiling, "factorial": sp.factorial, "binomial": sp.binomial,
    "gamma": sp.gamma, "erf": sp.erf, "Piecewise": sp.Piecewise, "Eq": sp.Eq,
    "re": sp.re, "im": sp.im, "trace": sp.trace, "transpose": sp.transpose,
}
#: constants by name
CONSTANTS = {"pi": sp.pi, "E": sp.E, "I": sp.I, "oo": sp.oo, "True": True, "False": False}
#: attributes and methods allowed on SymPy values
METHODS = {"T", "inv", "det", "dot", "cross", "subs", "series", "removeO", "doit", "jacobian",
           "conjugate", "expand", "diff", "transpose", "trace", "norm", "a", "b", "c", "d",
           "rows", "cols", "shape", "factor", "simplify", "adjugate", "inverse"}
KEYWORDS = {"simultaneous", "evaluate"}


def read_formula(text: str, names: Mapping[str, Any]):
    """The SymPy value of ``text``; ``names`` maps declared names to their values."""
    if not isinstance(text, str):
        text = str(text)
    if len(text) > MAX_LENGTH:
        raise FormulaError(f"formula too long ({len(text)} characters; at most {MAX_LENGTH})")
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except (SyntaxError, ValueError, RecursionError, MemoryError) as err:
        raise FormulaError(f"not a formula: {type(err).__name__}") from None
    try:
        return _Walker(names).walk(tree.body, 0)
    except FormulaError:
        raise
    except RecursionError:
        raise FormulaError("formula too deeply nested") from None
    except Exception as err:  # SymPy refusing an operation (shapes, types) is a bad formula
        raise FormulaError(f"cannot evaluate: {type(err).__name__}: {err}".splitlines()[0]) \
            from None


class _Walker:
    def __init__(self, names: Mapping[str, Any]):
        self.names = names

    def walk(self, node, depth: int):
        if depth > MAX_DEPTH:
            raise FormulaError("formula too deeply nested")
        method = getattr(self, f"_{type(node).__name__}", None)
        if method is None:
            raise FormulaError(f"'{type(node).__name__}' is not allowed in a formula")
        return method(node, depth + 1)

    def _Constant(self, node, depth):
        value = node.value
        if isinstance(value, bool):
            return value  # only meaningful as a keyword's value (simultaneous=True)
        if not isinstance(value, (int, float)):
            raise FormulaError(f"the literal {value!r} is not allowed in a formula")
        if isinstance(value, int):
            if abs(value) > MAX_INT:
                raise FormulaError(f"the number {value} is too large")
            return sp.Integer(value)
        return sp.Float(repr(value))

    def _Name(self, node, depth):
        name = node.id
        if name.startswith("_"):
            raise FormulaError(f"the name '{name}' is not allowed in a formula")
        if name in self.names:
            return self.names[name]
        if name in CONSTANTS:
            return CONSTANTS[name]
        if name in FUNCTIONS:
            return _Function(name)
        return sp.Symbol(name)

    def _BinOp(self, node, depth):
        left, right = self.walk(node.left, depth), self.walk(node.right, depth)
        op = type(node.op)
        if op is ast.Add:
            return left + right
        if op is ast.Sub:
            return left - right
        if op is ast.Mult:
            return left * right
        if op is ast.Div:
            return left / right
        if op is ast.MatMult:
            return left @ right
        if op in (ast.Pow, ast.BitXor):
            if isinstance(right, sp.Number) and abs(right) > MAX_EXPONENT:
                raise FormulaError(f"the exponent {right} is too large")
            return left ** right
        raise FormulaError(f"the operator {type(node.op).__name__} is not allowed")

    def _UnaryOp(self, node, depth):
        value = self.walk(node.operand, depth)
        if isinstance(node.op, ast.USub):
            return -value
        if isinstance(node.op, ast.UAdd):
            return value
        raise FormulaError(f"the operator {type(node.op).__name__} is not allowed")

    def _List(self, node, depth):
        return [self.walk(e, depth) for e in node.elts]

    def _Tuple(self, node, depth):
        return tuple(self.walk(e, depth) for e in node.elts)

    def _Dict(self, node, depth):
        if any(k is None for k in node.keys):
            raise FormulaError("'**' unpacking is not allowed in a formula")
        return {self.walk(k, depth): self.walk(v, depth) for k, v in zip(node.keys, node.values)}

    def _Subscript(self, node, depth):
        value = self.walk(node.value, depth)
        index = self.walk(node.slice, depth)
        parts = index if isinstance(index, tuple) else (index,)
        if not all(isinstance(p, sp.Integer) for p in parts):
            raise FormulaError("an index must be a whole number, like M[0, 1]")
        if not isinstance(value, (sp.MatrixBase, tuple, list)):
            raise FormulaError("only matrices, lists and tuples can be indexed")
        key = tuple(int(p) for p in parts)
        return value[key if len(key) > 1 else key[0]]

    def _Attribute(self, node, depth):
        if node.attr not in METHODS:
            raise FormulaError(f"the attribute '.{node.attr}' is not allowed in a formula")
        value = self.walk(node.value, depth)
        if not isinstance(value, (sp.Basic, sp.MatrixBase)):
            raise FormulaError(f"'.{node.attr}' applies to a SymPy value only")
        return getattr(value, node.attr)

    def _Call(self, node, depth):
        func = self.walk(node.func, depth)
        args: list = []
        for arg in node.args:
            if isinstance(arg, ast.Starred):
                value = self.walk(arg.value, depth)
                if not isinstance(value, (sp.MatrixBase, tuple, list)):
                    raise FormulaError("only a matrix, list or tuple can be unpacked with *")
                args.extend(value)
            else:
                args.append(self.walk(arg, depth))
        kwargs = {}
        for keyword in node.keywords:
            if keyword.arg not in KEYWORDS:
                raise FormulaError(f"the keyword '{keyword.arg}' is not allowed in a formula")
            value = self.walk(keyword.value, depth)
            if not isinstance(value, bool):
                raise FormulaError(f"'{keyword.arg}' takes True or False")
            kwargs[keyword.arg] = value
        if isinstance(func, _Function):
            return FUNCTIONS[func.name](*args, **kwargs)
        if isinstance(func, sp.Lambda) and not kwargs:
            return func(*args)
        if callable(func) and getattr(func, "__self__", None) is not None \
                and getattr(func, "__name__", "") in METHODS:
            return func(*args, **kwargs)
        raise FormulaError("only the allowed functions can be called in a formula")


class _Function:
    """An allow-listed function name, called only through ``FUNCTIONS``."""

    def __init__(self, name: str):
        self.name = name
