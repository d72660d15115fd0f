"""Softmax with temperature and its Jacobian; scaled dot-product attention, with and without a causal mask.

Softmax questions use logits zᵢ = ln aᵢ where a learner should see that
softmax(z)ᵢ = aᵢ / Σ aⱼ (and aᵢ^(1/T) with temperature T), so answers are
rational; integer logits give exact e-expressions. Attention uses d = 4, so the
1/√d scale is 1/2 and scores are half-integers. Verification is numeric and
independent: numpy softmax (max-subtracted), the Jacobian by 4th-order central
finite differences of that numeric softmax, attention by numpy with −∞ masking.
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import sympy as sp

from osmose import numeric
from osmose.family import (Checking, Evidence, Family, Param, Problem, Reject, Step,
                           VerificationError, distinct_mistakes)
from osmose.mathtext import tex, uni

D_KEY = 4  # key dimension: √d = 2 keeps the scores half-integers
#: exact entries (fractions, powers of e), or decimals to 3 significant figures
CHECKING = Checking(precision="exact-or-decimal", sig_figs=3)


def softmax(z, T=1) -> tuple:
    """softmax(z/T)ᵢ = 1 / Σⱼ exp((zⱼ − zᵢ)/T), exactly: one readable fraction per entry,
    1/(1 + e^(−1/2) + e²) rather than e^(1/2)/(e^(1/2) + e^(−1) + e^(5/2))."""
    out = []
    for zi in z:
        others = [sp.exp((zj - zi) / T) for zj in z]
        out.append(1 / sp.Add(*others))
    return tuple(out)


def weighted_rows(Q, K, V, causal: bool, scale=True) -> sp.Matrix:
    """AV as one fraction per entry: (Σⱼ e^(Sᵢⱼ) Vⱼₖ) / Σⱼ e^(Sᵢⱼ) over the visible keys j."""
    S = Q * K.T / (2 if scale else 1)
    n = S.rows
    rows = []
    for i in range(n):
        keys = [j for j in range(n) if not causal or j <= i]
        weights = softmax([S[i, j] for j in keys])
        rows.append([sp.Add(*[w * V[j, k] for w, j in zip(weights, keys)]) for k in range(V.cols)])
    return sp.Matrix(rows)


def softmax_rational(a, T=1) -> tuple:
    """softmax(ln a / T) = a^(1/T) / Σ a^(1/T) when 1/T is a whole number."""
    w = [sp.Integer(x) ** int(1 / T) for x in a]
    total = sum(w)
    return tuple(x / total for x in w)


def jacobian(s, T=1) -> sp.Matrix:
    """∂sᵢ/∂zⱼ = sᵢ(δᵢⱼ − sⱼ)/T for s = softmax(z/T)."""
    n = len(s)
    return sp.Matrix(n, n, lambda i, j: s[i] * ((1 if i == j else 0) - s[j]) / T)


def attention_weights(Q, K, causal: bool, scale=True, wrong_triangle=False) -> sp.Matrix:
    """Row-wise softmax of QKᵀ/√d; the causal mask keeps keys j ≤ i (variants build typical mistakes)."""
    S = Q * K.T / (2 if scale else 1)
    n = S.rows
    rows = []
    for i in range(n):
        allowed = [j for j in range(n) if not causal or (j >= i if wrong_triangle else j <= i)]
        probs = softmax([S[i, j] for j in allowed])
        row = [sp.Integer(0)] * n
        for j, p in zip(allowed, probs):
            row[j] = p
        rows.append(row)
    return sp.Matrix(rows)


def _column_softmax(S: sp.Matrix) -> sp.Matrix:
    cols = [softmax([S[i, j] for i in range(S.rows)]) for j in range(S.cols)]
    return sp.Matrix(S.rows, S.cols, lambda i, j: cols[j][i])


def _vec_tex(v):
    return r"\left(" + ", ".join(tex(x) for x in v) + r"\right)"


def _vec_text(v):
    return "(" + ", ".join(uni(x) for x in v) + ")"


def _softmax_problem(rng, params):
    level, ask = params["level"], params["ask"]
    n = 2 if (ask == "jacobian" and level == 1) else 3
    if ask == "softmax" and level == 2:
        n = rng.choice((3, 4))
    if ask == "jacobian" or level == 1:
        T = sp.Integer(1) if level < 3 else sp.Rational(1, rng.choice((2, 3)))
        top = {1: 15 if n == 2 else 9, 2: 8, 3: 6}[level]
        a = [rng.randint(1, top) for _ in range(n)]
        if len(set(a)) == 1:
            raise Reject("equal logits")
        z = [sp.log(x) for x in a]
        s = softmax_rational(a, T)
        if max(x.q for x in s) > (60 if level < 3 else 150):
            raise Reject("denominators too large")
    else:
        T = sp.Integer(1) if level == 2 else sp.sympify(rng.choice((2, 3, sp.Rational(1, 2), sp.Rational(1, 3))))
        z = [sp.Integer(rng.randint(-2, 3)) for _ in range(n)]
        if len(set(z)) < 2:
            raise Reject("equal logits")
        s = softmax(z, T)
    # State T even when it is 1: the prompt writes softmax(z/T), so T must be given.
    temp_tex = rf" with temperature \(T = {tex(T)}\)"
    temp_text = f" with temperature T = {uni(T)}"
    given = {"ask": ask, "z": [str(v) for v in z], "T": str(T)}
    z_tex, z_text = _vec_tex(z), _vec_text(z)
    s_step = Step("Exponentiate the scaled logits and normalize by their sum.",
                  rf"s = \operatorname{{softmax}}(z/T) = {_vec_tex(s)}", f"s = softmax(z/T) = {_vec_text(s)}")
    if ask == "softmax":
        answer, kind = s, "tuple"
        prompt_tex = (rf"Compute \(\operatorname{{softmax}}(z/T)_i = \frac{{e^{{z_i/T}}}}{{\sum_j e^{{z_j/T}}}}\) for "
                      rf"\[z = {z_tex}\]{temp_tex}. {CHECKING.statement()}")
        prompt_text = f"Compute softmax(z/T)ᵢ = e^(zᵢ/T)/Σⱼ e^(zⱼ/T) for z = {z_text}{temp_text}. {CHECKING.statement()}"
        steps = [s_step]
        candidates = []
        if T != 1:
            candidates += [
                ("ignored the temperature", softmax(z),
                 f"Divide the logits by T = {uni(T)} before exponentiating."),
                ("multiplied by T", softmax([v * T * T for v in z], T),
                 "Temperature divides the logits: z/T (T > 1 flattens, T < 1 sharpens)."),
            ]
        top = max(range(n), key=lambda i: float(z[i]))
        if sum(1 for v in z if v == z[top]) == 1:
            candidates.append(("argmax instead of softmax", tuple(sp.Integer(int(i == top)) for i in range(n)),
                               "Softmax is a smooth weighting: every entry is positive and they sum to 1."))
        if level == 1:
            candidates.append(("normalized the logits", tuple(v / sp.Add(*z) for v in z),
                               "Exponentiate first: softmax(ln a)ᵢ = aᵢ / Σ aⱼ."))
    else:
        J = jacobian(s, T)
        answer, kind = J, "matrix"
        prompt_tex = (rf"Compute the Jacobian \(J_{{ij}} = \partial s_i / \partial z_j\) of \(s = \operatorname{{softmax}}(z/T)\) "
                      rf"at \[z = {z_tex}\]{temp_tex}. {CHECKING.statement()}")
        prompt_text = (f"Compute the Jacobian J_ij = ∂s_i/∂z_j of s = softmax(z/T) at z = {z_text}{temp_text}. "
                       f"{CHECKING.statement()}")
        steps = [s_step, Step("Differentiate sᵢ = e^(zᵢ/T)/Σ e^(zₖ/T): the quotient rule gives sᵢ(δᵢⱼ − sⱼ)/T.",
                              rf"J = \tfrac{{1}}{{T}}\left(\operatorname{{diag}}(s) - s s^\top\right) = {tex(J)}",
                              f"J = (diag(s) − s sᵀ)/T = {uni(J)}")]
        ss = sp.Matrix(s) * sp.Matrix(s).T
        candidates = [
            ("missing the diagonal", -ss / T, "∂sᵢ/∂zᵢ also gets sᵢ from differentiating the numerator: diag(s) − s sᵀ."),
            ("sign flipped", (ss - sp.diag(*s)) / T, "Raising zᵢ raises sᵢ: the diagonal sᵢ(1 − sᵢ) is positive."),
            ("diagonal only", sp.diag(*[x * (1 - x) for x in s]) / T,
             "Raising zⱼ lowers every other sᵢ: off-diagonal entries −sᵢsⱼ/T."),
        ]
        if T != 1:
            candidates.append(("forgot 1/T", J * T, f"The chain rule through z/T brings a factor 1/T = {uni(1 / T)}."))
    return prompt_tex, prompt_text, answer, kind, steps, given, candidates


def _matrix(rng, rows, cols, lo, hi):
    return sp.Matrix(rows, cols, lambda i, j: rng.randint(lo, hi))


def _attention_problem(rng, params):
    level, causal = params["level"], params["ask"] == "causal"
    # causal: 3 tokens from level 1 (with 2 the masked rows are (1, 0) and one softmax), 4 at level 2
    n = {(False, 1): 2, (False, 2): 3, (False, 3): 2, (True, 1): 3, (True, 2): 4, (True, 3): 3}[(causal, level)]
    Q, K = _matrix(rng, n, D_KEY, -1, 1), _matrix(rng, n, D_KEY, -1, 1)
    V = _matrix(rng, n, 2, -2, 3)
    if len({tuple(V.row(i)) for i in range(n)}) < n:
        raise Reject("two equal rows of V: the output would not depend on their weights")
    S = Q * K.T / 2
    uniform = sum(1 for i in range(n) if len(set(S.row(i)[: (i + 1 if causal else n)])) == 1)
    if uniform > (1 if causal else 0) or (n == 3 and uniform > 1):
        raise Reject("uniform attention rows")
    A = attention_weights(Q, K, causal)
    out = level == 3
    answer = weighted_rows(Q, K, V, causal) if out else A
    what_tex = r"the output \(A V\)" if out else r"the attention weights \(A\)"
    what_text = "the output A·V" if out else "the attention weights A"
    mask_tex = (r" with a causal mask (query \(i\) may attend only to keys \(j \le i\): "
                r"\(M_{ij} = 0\) for \(j \le i\) and \(M_{ij} = -\infty\) for \(j > i\))" if causal else "")
    mask_text = (" with a causal mask (query i attends only to keys j ≤ i: M_ij = 0 for j ≤ i and "
                 "M_ij = −∞ for j > i)" if causal else "")
    formula = (r"A = \operatorname{softmax}\!\left(\frac{QK^\top}{\sqrt{d}} + M\right)" if causal
               else r"A = \operatorname{softmax}\!\left(\frac{QK^\top}{\sqrt{d}}\right)")
    formula_text = "A = softmax(QKᵀ/√d + M)" if causal else "A = softmax(QKᵀ/√d)"
    say = CHECKING.statement()
    prompt_tex = (rf"Scaled dot-product attention{mask_tex}: \({formula}\), row-wise, with \(d = {D_KEY}\). "
                  rf"Compute {what_tex} for \[Q = {tex(Q)},\quad K = {tex(K)}"
                  + (rf",\quad V = {tex(V)}" if out else "") + r".\]" + say)
    prompt_text = (f"Scaled dot-product attention{mask_text}: {formula_text} row-wise, d = {D_KEY}. "
                   f"Compute {what_text} for Q = {uni(Q)}, K = {uni(K)}" + (f", V = {uni(V)}" if out else "")
                   + f". {say}")
    steps = [Step("Scores: dot every query with every key and divide by √d = 2.",
                  rf"\frac{{QK^\top}}{{\sqrt{{d}}}} = {tex(S)}", f"QKᵀ/√d = {uni(S)}")]
    if causal:
        steps.append(Step("Mask: scores with j > i become −∞, so they get weight 0.",
                          r"S_{ij} \to -\infty \ (j > i)", "S_ij → −∞ for j > i"))
    steps.append(Step("Softmax along each row: e^(Sᵢⱼ) over the row's sum of e^(Sᵢₖ).", "A = " + tex(A), "A = " + uni(A)))
    if out:
        steps.append(Step("Each output row is the A-weighted average of the rows of V.", "AV = " + tex(answer),
                          "AV = " + uni(answer)))

    def finish(M):
        return M * V if out else M

    candidates = [
        ("forgot 1/√d", weighted_rows(Q, K, V, causal, scale=False) if out else attention_weights(Q, K, causal, scale=False),
         "Scale the scores by 1/√d = 1/2 before the softmax (it keeps the softmax from saturating)."),
        ("softmax over columns", finish(_masked_column_softmax(S) if causal else _column_softmax(S)),
         "Normalize each row: query i's weights over the keys sum to 1."),
    ]
    if causal:
        candidates += [
            ("mask on the wrong triangle", finish(attention_weights(Q, K, True, wrong_triangle=True)),
             "A causal mask hides the future: query i sees keys j ≤ i (lower triangle), not j ≥ i."),
            ("no mask", weighted_rows(Q, K, V, False) if out else attention_weights(Q, K, False),
             "Apply the causal mask: entries with j > i must be 0."),
        ]
    given = {"ask": params["ask"], "Q": [[int(v) for v in Q.row(i)] for i in range(n)],
             "K": [[int(v) for v in K.row(i)] for i in range(n)], "causal": causal, "output": out}
    if out:
        given["V"] = [[int(v) for v in V.row(i)] for i in range(n)]
    return prompt_tex, prompt_text, answer, "matrix", steps, given, candidates


def _masked_column_softmax(S: sp.Matrix) -> sp.Matrix:
    """The column-normalized mistake under a causal mask: column j normalized over queries i ≥ j."""
    n = S.rows
    out = sp.zeros(n, n)
    for j in range(n):
        rows = list(range(j, n))
        for i, p in zip(rows, softmax([S[i, j] for i in rows])):
            out[i, j] = p
    return out


def generate(rng, params) -> Problem:
    make = _softmax_problem if params["ask"] in ("softmax", "jacobian") else _attention_problem
    prompt_tex, prompt_text, answer, kind, steps, given, candidates = make(rng, params)
    mistakes = distinct_mistakes(candidates, answer, _differs)
    return Problem(prompt_tex, prompt_text, answer, kind, tuple(steps), given, CHECKING, mistakes)


def _differs(a, b) -> bool:
    """Numerically different (a mistake must not coincide with the answer in value)."""
    if isinstance(a, sp.MatrixBase) and a.shape != b.shape:
        return True
    fa = np.array([_num(v) for v in (a if isinstance(a, tuple) else list(a))])
    fb = np.array([_num(v) for v in (b if isinstance(b, tuple) else list(b))])
    return fa.shape != fb.shape or not np.allclose(fa, fb, rtol=1e-9, atol=1e-12)


def _num(e) -> float:
    """Fast float of the expressions built here (rationals, e, exp, log, +, ×, powers); evalf is 20× slower."""
    if e.is_Rational:
        return e.p / e.q
    if e is sp.E:
        return math.e
    if isinstance(e, sp.exp):
        return math.exp(_num(e.args[0]))
    if isinstance(e, sp.log):
        return math.log(_num(e.args[0]))
    if e.is_Add:
        return math.fsum(_num(a) for a in e.args)
    if e.is_Mul:
        return math.prod(_num(a) for a in e.args)
    if e.is_Pow:
        return _num(e.base) ** _num(e.exp)
    return float(e)


def _logit(text: str) -> float:
    """A given logit: an integer or log(integer) (parsed without sympify, which is slow)."""
    if text.startswith("log(") and text.endswith(")"):
        return math.log(int(text[4:-1]))
    return float(Fraction(text))


def _np_softmax(x: np.ndarray) -> np.ndarray:
    e = np.exp(x - x.max())
    return e / e.sum()


def verify(given, answer) -> Evidence:
    ask = given["ask"]
    if ask in ("softmax", "jacobian"):
        z = np.array([_logit(v) for v in given["z"]])
        T = float(Fraction(given["T"]))
        if ask == "softmax":
            expected = _np_softmax(z / T)
            got = [float(v) for v in answer]
            err = max(numeric.require_close(e, g, f"s[{i}]") for i, (e, g) in enumerate(zip(expected, got)))
            return Evidence("numpy", "max-subtracted numpy softmax of z/T", err)
        n = len(z)
        got = np.array(answer.evalf(), dtype=float)
        err = 0.0
        for i in range(n):
            for j in range(n):
                fd = numeric.fd_first(lambda *zz: _np_softmax(np.array(zz) / T)[i], list(z), j, h=1e-3)
                err = max(err, numeric.require_close(fd, float(got[i, j]), f"J[{i},{j}]", rel=1e-7, floor=1e-9))
        return Evidence("finite differences", "4th-order central differences of numpy softmax, h=1e-3", err)
    Q, K = np.array(given["Q"], float), np.array(given["K"], float)
    S = Q @ K.T / math.sqrt(Q.shape[1])
    if given["causal"]:
        S = np.where(np.tril(np.ones_like(S)) > 0, S, -np.inf)
    A = np.array([_np_softmax(row) for row in S])
    if np.abs(A.sum(axis=1) - 1).max() > 1e-12:
        raise VerificationError("attention rows do not sum to 1")
    expected = A @ np.array(given["V"], float) if given["output"] else A
    got = np.array([[_num(v) for v in answer.row(i)] for i in range(answer.rows)])
    if got.shape != expected.shape:
        raise VerificationError(f"shape {got.shape} != {expected.shape}")
    err = max(numeric.require_close(e, g, "attention", floor=1e-12) for e, g in zip(expected.ravel(), got.ravel()))
    return Evidence("numpy", "softmax(QKᵀ/√d) in numpy" + (" with −∞ causal mask" if given["causal"] else ""), err)


def baseline(given: dict):
    """Bare SymPy: softmax, its Jacobian by differentiation, attention by matrix algebra
    (benchmarks/generate.py)."""
    if given["ask"] in ("softmax", "jacobian"):
        values = [sp.sympify(v) for v in given["z"]]
        T = sp.Rational(given["T"])
        z = sp.symbols(f"z0:{len(values)}")
        total = sum(sp.exp(zi / T) for zi in z)
        s = sp.Matrix([sp.exp(zi / T) / total for zi in z])
        point = dict(zip(z, values))
        if given["ask"] == "softmax":
            return tuple(s.subs(point))
        return s.jacobian(z).subs(point)
    Q, K = sp.Matrix(given["Q"]), sp.Matrix(given["K"])
    S = Q * K.T / sp.sqrt(Q.cols)
    n = S.rows
    E = sp.Matrix(n, n, lambda i, j: 0 if given["causal"] and j > i else sp.exp(S[i, j]))
    A = sp.Matrix(n, n, lambda i, j: E[i, j] / sum(E.row(i)))
    return A * sp.Matrix(given["V"]) if given["output"] else A


FAMILY = Family(
    name="softmax_attention",
    version=2,
    title="Softmax, its Jacobian, and scaled dot-product attention",
    summary="Softmax with temperature and its Jacobian; attention weights and outputs with and without a causal mask.",
    params={
        "ask": Param("softmax", ("softmax", "jacobian", "attention", "causal"),
                     "softmax: softmax(z/T); jacobian: ∂s/∂z; attention / causal: scaled dot-product attention"),
        "level": Param(1, (1, 2, 3),
                       "softmax: 1 logits ln a, 2 integer logits, 3 with temperature; jacobian: 1 two logits, 2 three, "
                       "3 with temperature; attention: 1 weights for 2 tokens, 2 weights for 3 tokens, "
                       "3 the output AV (2 tokens; 3 with the causal mask); causal: 1 weights for 3 tokens, "
                       "2 weights for 4 tokens, 3 the output AV for 3 tokens"),
    },
    levels={1: "softmax of logits ln a (rational answers); Jacobian of 2 logits; attention weights for "
               "2 tokens (causal: 3 tokens)",
            2: "softmax of 3–4 integer logits; Jacobian of 3; attention weights for 3 tokens (causal: 4)",
            3: "softmax and Jacobian with a temperature; the attention output AV (causal: 3 tokens)"},
    generate=generate,
    verify=verify,
    baseline=baseline,
)
