"""Normalizing flows: the log-likelihood of a point under simple bijections with a N(0, I) base.

Direction convention, stated in every prompt: the *normalising* direction f maps data to latent,
z = f(x), and ln p(x) = ln N(f(x); 0, I) + ln|det ∂f/∂x|. A layer given in the *generative*
direction x = g(z) must be inverted, and then ln p(x) = ln N(z; 0, I) − ln|det ∂g/∂z| at
z = g⁻¹(x): the log-determinant changes sign.

``affine`` (one dimension): level 1 gives z = f(x) = ax + b; level 2 gives x = g(z) = az + b.
``coupling`` (a 2-D affine coupling layer, s(·) and t(·) linear): level 1 gives
z₁ = x₁, z₂ = x₂·e^(s(x₁)) + t(x₁) (log-det s(x₁)); level 2 gives the generative layer
x₁ = z₁, x₂ = z₂·e^(s(z₁)) + t(z₁), to be inverted (log-det −s(x₁)).
``planar`` (generative, the form used in variational flows): a base sample z₀ is pushed through
x = z₀ + u·tanh(wᵀz₀ + b) (with uᵀw > −1, so the map is invertible); the density of x is
ln N(z₀) − ln|1 + (1 − tanh²(wᵀz₀ + b))uᵀw|. Level 1: one planar layer; level 2: the planar
layer followed by an elementwise affine layer y ↦ s ⊙ y + c, which subtracts Σ ln|s_i|.

Answers are exact (logs split into primes, e^k, tanh). Verification evaluates the maps in
floating point, inverts generative layers by bisection (not the closed-form inverse), and takes
ln|det| of a central-difference Jacobian with numpy.linalg.slogdet.
"""

from __future__ import annotations

import math
from fractions import Fraction as Fr

import numpy as np
import sympy as sp

from osmose import numeric
from osmose.exactlog import log_sum
from osmose.family import Checking, Evidence, Family, Param, Problem, Reject, Step, VerificationError, \
    distinct_mistakes
from osmose.mathtext import tex, uni
from osmose.exact import decimal_or_fraction as _dec
from osmose.exact import rational as _r

CHECKING = Checking()
SAY = CHECKING.statement()
LEVELS = {1: "one layer in the data → latent direction (affine, coupling), or one planar layer on a base sample",
          2: "a layer given latent → data (invert it; the log-det flips sign), or planar then elementwise affine"}
ASKS = ("affine", "coupling", "planar")
LN2PI_HALF = -log_sum([(sp.Rational(1, 2), 2)]) - sp.log(sp.pi) / 2  # −½ ln(2π)

CONVENTION_TEX = (r"The base density is \(\mathcal{N}(0, I)\). Convention: the normalising direction \(f\) maps data "
                  r"to latent, \(z = f(x)\), and \(\ln p(x) = \ln\mathcal{N}(f(x); 0, I) + \ln\lvert\det \partial f/\partial x\rvert\).")
CONVENTION_TEXT = ("The base density is N(0, I). Convention: the normalising direction f maps data to latent, z = f(x), "
                   "and ln p(x) = ln N(f(x); 0, I) + ln|det ∂f/∂x|.")


def _lin(a, b, var) -> str:
    """a·var + b as text, e.g. '2x1 − 1', '−x1', '0.5x1 + 1'."""
    a, b = Fr(a), Fr(b)
    coef = lambda c: _dec(c) if "/" not in _dec(c) else f"({_dec(c)})"
    head = "" if a == 0 else (var if a == 1 else f"−{var}" if a == -1 else f"{coef(a)}{var}")
    if not head:
        return _dec(b)
    return head if b == 0 else f"{head} + {_dec(b)}" if b > 0 else f"{head} − {_dec(-b)}"


def _base_1d(z) -> sp.Expr:
    return LN2PI_HALF - _r(z * z / 2)


def _affine(rng, level):
    a = rng.choice((Fr(1, 2), Fr(3, 2), Fr(2), Fr(5, 2), Fr(3), Fr(4), Fr(2, 3), Fr(4, 3))) * rng.choice((1, -1))
    b = Fr(rng.randint(-6, 6), 2)
    x = Fr(rng.randint(-8, 8), 2)
    lad = log_sum([(1, abs(a))])  # ln|a|
    if level == 1:
        z = a * x + b
        answer = _base_1d(z) + lad
        layer_tex, layer_text = rf"\(z = f(x) = {_lin(a, b, 'x')}\)", f"z = f(x) = {_lin(a, b, 'x')}"
        direction = "data → latent"
        steps = [Step("Map the point to the latent space.", rf"z = {tex(_r(z))}", f"z = {uni(_r(z))}"),
                 Step("Add the log-Jacobian of f: ∂f/∂x = a.",
                      rf"\ln p(x) = -\tfrac12\ln(2\pi) - \tfrac{{z^2}}{{2}} + \ln\lvert {_dec(a)}\rvert = {tex(answer)}",
                      f"ln p(x) = −½ln(2π) − z²/2 + ln|{_dec(a)}| = {uni(answer)}")]
        cands = [("log-det left out", _base_1d(z), "A change of variables rescales density: add ln|∂f/∂x| = ln|a|."),
                 ("log-det subtracted", _base_1d(z) - lad, "In the data → latent direction the log-det is added: "
                  "ln p(x) = ln N(f(x)) + ln|f′(x)|."),
                 ("base density at x", _base_1d(x) + lad, "Evaluate the base density at the latent z = f(x), not at x.")]
    else:
        z = (x - b) / a
        answer = _base_1d(z) - lad
        layer_tex, layer_text = rf"\(x = g(z) = {_lin(a, b, 'z')}\)", f"x = g(z) = {_lin(a, b, 'z')}"
        direction = "latent → data, the generative direction"
        paren = lambda v: f"({_dec(v)})" if v < 0 or "/" in _dec(v) else _dec(v)
        steps = [Step("Invert the generative layer: f = g⁻¹.",
                      rf"z = \frac{{x - b}}{{a}} = \frac{{{_dec(x)} - {paren(b)}}}{{{paren(a)}}} = {tex(_r(z))}",
                      f"z = (x − b)/a = ({_dec(x)} − {paren(b)})/{paren(a)} = {uni(_r(z))}"),
                 Step("ln|det ∂f/∂x| = −ln|det ∂g/∂z| = −ln|a|.",
                      rf"\ln p(x) = -\tfrac12\ln(2\pi) - \tfrac{{z^2}}{{2}} - \ln\lvert {_dec(a)}\rvert = {tex(answer)}",
                      f"ln p(x) = −½ln(2π) − z²/2 − ln|{_dec(a)}| = {uni(answer)}")]
        zf = a * x + b
        cands = [("log-det sign", _base_1d(z) + lad, "g maps latent to data; the density of x divides by |g′| = |a|, "
                  "so its log is subtracted."),
                 ("g applied, not inverted", _base_1d(zf) + lad, "x = g(z): to find the latent, solve for z = (x − b)/a."),
                 ("log-det left out", _base_1d(z), "Add ln|∂f/∂x| = −ln|a| for the change of variables.")]
    prompt_tex = (rf"A one-dimensional flow has the single layer {layer_tex} ({direction}). {CONVENTION_TEX} "
                  rf"Find \(\ln p(x)\) at \(x = {_dec(x)}\).")
    prompt_text = (f"A one-dimensional flow has the single layer {layer_text} ({direction}). {CONVENTION_TEXT} "
                   f"Find ln p(x) at x = {_dec(x)}.")
    given = {"ask": "affine", "level": level, "a": str(a), "b": str(b), "x": str(x)}
    return prompt_tex, prompt_text, answer, steps, cands, given


LN2PI = -log_sum([(1, 2)]) - sp.log(sp.pi)  # −ln(2π)


def _z2(p, q, k) -> sp.Expr:
    """The latent coordinate p·e^k + q (p, q rational, k a whole number)."""
    return _r(p) * sp.exp(k) + _r(q)


def _ll(x1, p, q, k, logdet) -> tuple[sp.Expr, float]:
    """ln N((x1, p·e^k + q); 0, I) + logdet, exact (the square expanded by hand, no sp.expand) and as a float."""
    expr = LN2PI - _r(x1 * x1 + q * q) / 2 - _r(p * p) / 2 * sp.exp(2 * k) - _r(p * q) * sp.exp(k) + logdet
    z2 = float(p) * math.exp(k) + float(q)
    return expr, -math.log(2 * math.pi) - (float(x1) ** 2 + z2 * z2) / 2 + logdet


def _coupling(rng, level):
    sa = Fr(rng.choice((-1, 1, 2, Fr(1, 2), Fr(-1, 2))))
    ta, tb = rng.randint(-2, 2), rng.randint(-3, 3)
    x1, x2 = Fr(rng.randint(-6, 6), 2), Fr(rng.randint(-6, 6), 2)
    s = rng.choice((-2, -1, 1, 2))  # the log-scale at this point: a whole number, so e^s stays readable
    sb = s - sa * x1
    t = ta * x1 + tb
    z2_f = float(x2) * math.exp(s) + float(t) if level == 1 else (float(x2) - float(t)) * math.exp(-s)
    if abs(z2_f) > 4:
        raise Reject("a latent far in the tail")
    X1, T = _r(x1), _r(t)
    s_txt, t_txt = _lin(sa, sb, "x1" if level == 1 else "z1"), _lin(ta, tb, "x1" if level == 1 else "z1")
    if level == 1:
        z2 = _z2(x2, t, s)
        answer, answer_f = _ll(x1, x2, t, s, s)
        layer_text = f"z1 = x1, z2 = x2·e^(s(x1)) + t(x1) with s(x1) = {s_txt}, t(x1) = {t_txt}"
        layer_tex = (rf"\(z_1 = x_1,\ z_2 = x_2 e^{{s(x_1)}} + t(x_1)\) with \(s(x_1) = {s_txt.replace('x1', 'x_1')}\), "
                     rf"\(t(x_1) = {t_txt.replace('x1', 'x_1')}\)")
        direction = "data → latent"
        steps = [Step("The first half passes through and sets the scale and shift of the second.",
                      rf"s(x_1) = {s},\ t(x_1) = {tex(T)},\quad z = \left({tex(X1)},\ {tex(z2)}\right)",
                      f"s(x1) = {s}, t(x1) = {uni(T)}, z = ({uni(X1)}, {uni(z2)})"),
                 Step("The Jacobian is triangular with diagonal (1, e^(s(x1))), so ln|det| = s(x1).",
                      rf"\ln p(x) = -\ln(2\pi) - \tfrac12\lVert z\rVert^2 + s(x_1) = {tex(answer)}",
                      f"ln p(x) = −ln(2π) − ½‖z‖² + s(x1) = {uni(answer)}")]
        cands = [("log-det left out", *_ll(x1, x2, t, s, 0), "The coupling layer rescales x₂ by e^(s(x₁)): add "
                  "ln|det| = s(x₁)."),
                 ("log-det subtracted", *_ll(x1, x2, t, s, -s), "In the data → latent direction ln|det ∂f/∂x| = "
                  "+s(x₁) is added.")]
        s_wrong = sa * x2 + sb
        if s_wrong.denominator == 1 and s_wrong != s and abs(s_wrong) <= 3:
            k = int(s_wrong)
            cands.append(("scale and shift from x₂", *_ll(x1, x2, ta * x2 + tb, k, k),
                          "s and t read the half that passes through unchanged, x₁; that keeps the layer invertible."))
    else:
        z2 = _z2(x2 - t, 0, -s)
        answer, answer_f = _ll(x1, x2 - t, 0, -s, -s)
        layer_text = (f"x1 = z1, x2 = z2·e^(s(z1)) + t(z1) with s(z1) = {s_txt}, t(z1) = {t_txt}")
        layer_tex = (rf"\(x_1 = z_1,\ x_2 = z_2 e^{{s(z_1)}} + t(z_1)\) with \(s(z_1) = {s_txt.replace('z1', 'z_1')}\), "
                     rf"\(t(z_1) = {t_txt.replace('z1', 'z_1')}\)")
        direction = "latent → data, the generative direction"
        steps = [Step("Invert: z₁ = x₁ is known, so s and t can be evaluated, then z₂ = (x₂ − t)e^(−s).",
                      rf"s = {s},\ t = {tex(T)},\quad z = \left({tex(X1)},\ {tex(z2)}\right)",
                      f"s = {s}, t = {uni(T)}, z = ({uni(X1)}, {uni(z2)})"),
                 Step("g's Jacobian has determinant e^s, so ln|det ∂f/∂x| = −s.",
                      rf"\ln p(x) = -\ln(2\pi) - \tfrac12\lVert z\rVert^2 - s = {tex(answer)}",
                      f"ln p(x) = −ln(2π) − ½‖z‖² − s = {uni(answer)}")]
        cands = [("log-det sign", *_ll(x1, x2 - t, 0, -s, s), "The layer is generative: the density of x divides by "
                  "|det ∂g/∂z| = e^s, so subtract s."),
                 ("g applied, not inverted", *_ll(x1, x2, t, s, s), "x = g(z): recover the latent by inverting, "
                  "z₂ = (x₂ − t)e^(−s)."),
                 ("shift not removed", *_ll(x1, x2, 0, -s, -s), "Undo the shift before the scale: "
                  "z₂ = (x₂ − t(x₁))·e^(−s(x₁)).")]
    prompt_tex = (rf"A 2-D affine coupling layer is {layer_tex} ({direction}). {CONVENTION_TEX} "
                  rf"Find \(\ln p(x)\) at \(x = ({_dec(x1)}, {_dec(x2)})\).")
    prompt_text = (f"A 2-D affine coupling layer is {layer_text} ({direction}). {CONVENTION_TEXT} "
                   f"Find ln p(x) at x = ({_dec(x1)}, {_dec(x2)}).")
    given = {"ask": "coupling", "level": level, "s": [str(sa), str(sb)], "t": [ta, tb], "x": [str(x1), str(x2)]}
    known = {answer: answer_f, **{v: f for _, v, f, _ in cands}}
    return prompt_tex, prompt_text, answer, steps, [(n, v, fb) for n, v, _, fb in cands], given, known


def _planar(rng, level):
    z = [Fr(rng.randint(-4, 4), 2) for _ in range(2)]
    w = list(rng.choice([(i, j) for i in range(-2, 3) for j in range(-2, 3) if (i, j) != (0, 0)]))
    u = [Fr(rng.randint(-4, 4), 2) for _ in range(2)]
    if sum(ui * wi for ui, wi in zip(u, w)) <= -1:
        u = [-v for v in u]  # keep uᵀw > −1 (invertible) with the same magnitudes
    b = Fr(rng.randint(-2, 2), 2)
    uw = sum(ui * wi for ui, wi in zip(u, w))
    a = sum(wi * zi for wi, zi in zip(w, z)) + b
    if uw == 0 or a == 0:
        raise Reject("no change of volume, not invertible, or tanh′ = 1")
    A, UW = _r(a), _r(uw)
    th = sp.tanh(A)
    det = 1 + (1 - th ** 2) * UW
    base = -log_sum([(1, 2)]) - sp.log(sp.pi) - _r((z[0] ** 2 + z[1] ** 2) / 2)
    log_det = sp.log(det, evaluate=False)
    answer = base - log_det
    # floats alongside (evaluating tanh expressions through SymPy on every draw is slow)
    base_f = -math.log(2 * math.pi) - float(z[0] ** 2 + z[1] ** 2) / 2
    ld_f = math.log(1 + (1 - math.tanh(a) ** 2) * float(uw))
    F = {answer: base_f - ld_f}
    zt = ", ".join(_dec(v) for v in z)
    layer_tex = (rf"a base sample \(z_0 = ({zt})\) is pushed through the planar layer \(x = z_0 + u\tanh(w^\top z_0 + b)\) "
                 rf"with \(u = ({_dec(u[0])}, {_dec(u[1])})\), \(w = ({w[0]}, {w[1]})\), \(b = {_dec(b)}\)")
    layer_text = (f"a base sample z0 = ({zt}) is pushed through the planar layer x = z0 + u·tanh(wᵀz0 + b) with "
                  f"u = ({_dec(u[0])}, {_dec(u[1])}), w = ({w[0]}, {w[1]}), b = {_dec(b)}")
    det_tex, det_uni = tex(det), uni(det)  # printed twice below: print once
    steps = [Step("Matrix determinant lemma: det(I + h′(a)·u wᵀ) = 1 + h′(a)·uᵀw with h = tanh, h′ = 1 − tanh².",
                  rf"a = w^\top z_0 + b = {tex(A)},\quad u^\top w = {tex(UW)},\quad \det\frac{{\partial x}}{{\partial z_0}} = {det_tex}",
                  f"a = wᵀz0 + b = {uni(A)}, uᵀw = {uni(UW)}, det ∂x/∂z0 = {det_uni}"),
             Step("The layer is generative (latent → data): its log-det is subtracted from the base log-density.",
                  rf"\ln p(x) = \ln\mathcal{{N}}(z_0; 0, I) - \ln\left({det_tex}\right) = {tex(answer)}",
                  f"ln p(x) = ln N(z0; 0, I) − ln({det_uni}) = {uni(answer)}")]
    cands = [("log-det sign", base + log_det, "x = g(z₀) is the generative direction: the density of x is the "
              "base density divided by |det ∂x/∂z₀|.", base_f + ld_f),
             ("tanh′ left out", base - log_sum([(1, 1 + UW)]), "The lemma's factor is h′(wᵀz₀ + b) = "
              "1 − tanh²(wᵀz₀ + b), not 1.", base_f - math.log(1 + float(uw))),
             ("log-det left out", base, "The planar layer changes volume by 1 + h′(a)uᵀw: subtract its log.", base_f)]
    given = {"ask": "planar", "level": level, "z0": [str(v) for v in z], "u": [str(v) for v in u], "w": w, "b": str(b)}
    if level == 1:
        ask_tex, ask_text = r"Find \(\ln p(x)\) at this \(x\).", "Find ln p(x) at this x."
        tail_tex, tail_text = "", ""
    else:
        sc = [Fr(rng.choice((1, 2, 3, 4)), rng.choice((1, 2))) * rng.choice((1, -1)) for _ in range(2)]
        c = [Fr(rng.randint(-4, 4), 2) for _ in range(2)]
        if any(abs(v) == 1 for v in sc) and abs(sc[0] * sc[1]) == 1:
            raise Reject("a volume-preserving affine layer")
        extra = log_sum([(1, abs(sc[0])), (1, abs(sc[1]))])
        extra_f = math.log(abs(float(sc[0] * sc[1])))
        answer_f = F[answer] - extra_f
        answer = answer - extra
        F = {answer: answer_f}
        cands = [(n, v - extra, fb, f - extra_f) for n, v, fb, f in cands]
        cands.append(("affine log-det left out", answer + extra, "The elementwise layer scales volume by |s₁s₂|: "
                      "subtract ln|s₁| + ln|s₂| as well.", answer_f + extra_f))
        cands.append(("affine log-det sign", answer + 2 * extra, "Both layers are generative: both log-dets are "
                      "subtracted.", answer_f + 2 * extra_f))
        tail_tex = (rf", and then through the elementwise affine layer \(y = s \odot x + c\) with "
                    rf"\(s = ({_dec(sc[0])}, {_dec(sc[1])})\), \(c = ({_dec(c[0])}, {_dec(c[1])})\)")
        tail_text = (f", and then through the elementwise affine layer y = s ⊙ x + c with s = ({_dec(sc[0])}, "
                     f"{_dec(sc[1])}), c = ({_dec(c[0])}, {_dec(c[1])})")
        ask_tex, ask_text = r"Find \(\ln p(y)\) at the resulting \(y\).", "Find ln p(y) at the resulting y."
        steps.append(Step("That is the density of the intermediate x. The elementwise affine layer's Jacobian is "
                          "diag(s): subtract ln|s₁| + ln|s₂| for the density of y.",
                          rf"\ln p(y) = {tex(answer)}", f"ln p(y) = {uni(answer)}"))
        given.update({"scale": [str(v) for v in sc], "shift": [str(v) for v in c]})
    prompt_tex = (rf"In a 2-D flow with base density \(\mathcal{{N}}(0, I)\), {layer_tex}{tail_tex} (latent → data, the "
                  rf"generative direction; \(u^\top w > -1\), so the layer is invertible). Convention: for a generative "
                  rf"layer \(x = g(z)\), \(\ln p(x) = \ln\mathcal{{N}}(z; 0, I) - \ln\lvert\det \partial g/\partial z\rvert\). "
                  rf"{ask_tex}")
    prompt_text = (f"In a 2-D flow with base density N(0, I), {layer_text}{tail_text} (latent → data, the generative "
                   f"direction; uᵀw > −1, so the layer is invertible). Convention: for a generative layer x = g(z), "
                   f"ln p(x) = ln N(z; 0, I) − ln|det ∂g/∂z|. {ask_text}")
    F.update({v: f for _, v, _, f in cands})
    return prompt_tex, prompt_text, answer, steps, [c[:3] for c in cands], given, F


def generate(rng, params) -> Problem:
    ask, level = params["ask"], params["level"]
    build = {"affine": _affine, "coupling": _coupling, "planar": _planar}[ask]
    prompt_tex, prompt_text, answer, steps, cands, given, *known = build(rng, level)
    floats: dict = dict(known[0]) if known else {}
    fl = lambda v: floats[v] if v in floats else floats.setdefault(v, float(v))
    mistakes = distinct_mistakes(cands, answer, lambda a, b: abs(fl(a) - fl(b)) > 1e-9)
    return Problem(f"{prompt_tex} {SAY}", f"{prompt_text} {SAY}", answer, "number", tuple(steps), given, CHECKING,
                   mistakes)


# --- verification: maps in floating point, bisection inverses, finite-difference Jacobians --------

def _bisect(g, target, lo=-1e6, hi=1e6):
    """Solve g(z) = target for an increasing or decreasing continuous g."""
    increasing = g(hi) > g(lo)
    for _ in range(200):
        mid = (lo + hi) / 2
        if (g(mid) < target) == increasing:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2


def _jacobian(f, x, h=1e-5):
    x = np.asarray(x, dtype=float)
    cols = []
    for i in range(len(x)):
        e = np.zeros_like(x)
        e[i] = h
        cols.append((np.asarray(f(x + e)) - np.asarray(f(x - e))) / (2 * h))
    return np.array(cols).T


def _log_base(z) -> float:
    z = np.atleast_1d(np.asarray(z, dtype=float))
    return float(-0.5 * len(z) * math.log(2 * math.pi) - 0.5 * np.dot(z, z))


def verify(given, answer) -> Evidence:
    ask, level = given["ask"], given["level"]
    if ask == "affine":
        a, b, x = (float(Fr(given[k])) for k in ("a", "b", "x"))
        g = (lambda v: a * v + b)
        if level == 1:
            f = lambda v: np.array([g(v[0])])
        else:
            f = lambda v: np.array([_bisect(g, v[0])])
        point = np.array([x])
    elif ask == "coupling":
        sa, sb = (float(Fr(v)) for v in given["s"])
        ta, tb = given["t"]
        x = np.array([float(Fr(v)) for v in given["x"]])
        if level == 1:
            f = lambda v: np.array([v[0], v[1] * math.exp(sa * v[0] + sb) + ta * v[0] + tb])
        else:
            f = lambda v: np.array([v[0], _bisect(lambda q: q * math.exp(sa * v[0] + sb) + ta * v[0] + tb, v[1])])
        point = x
    else:  # the density of g(z0) by the forward map's Jacobian; no inverse needed
        z0 = np.array([float(Fr(v)) for v in given["z0"]])
        u = np.array([float(Fr(v)) for v in given["u"]])
        w = np.array(given["w"], dtype=float)
        b = float(Fr(given["b"]))
        g = lambda v: v + u * math.tanh(float(np.dot(w, v)) + b)
        if level == 2:
            sc = np.array([float(Fr(v)) for v in given["scale"]])
            c = np.array([float(Fr(v)) for v in given["shift"]])
            g2 = lambda v: sc * g(v) + c
        else:
            g2 = g
        sign, logdet = np.linalg.slogdet(_jacobian(g2, z0))
        if sign <= 0 and level == 1:
            raise VerificationError("the planar layer is not orientation-preserving here")
        value = _log_base(z0) - logdet
        err = numeric.require_close(value, float(answer), "ln p", rel=1e-7, floor=1e-8)
        return Evidence("finite-difference Jacobian", "ln N(z0) − ln|det| of the central-difference Jacobian of the "
                        "whole generative map (numpy slogdet)", err)
    _, logdet = np.linalg.slogdet(_jacobian(f, point, h=1e-3))  # these maps are linear in each inverted coordinate
    value = _log_base(f(point)) + logdet
    err = numeric.require_close(value, float(answer), "ln p(x)", rel=1e-6, floor=1e-8)
    how = "f evaluated directly" if level == 1 else "g inverted by bisection"
    return Evidence("finite-difference Jacobian", f"{how}; ln|det ∂f/∂x| from a central-difference Jacobian", err)


FAMILY = Family(
    name="flows", version=1, title="Normalizing flows: the log-likelihood of a point",
    summary="ln p(x) under affine, affine-coupling and planar layers with a N(0, I) base, in both directions.",
    params={"ask": Param("affine", ASKS, "affine | coupling | planar"),
            "level": Param(1, (1, 2), "1: one layer data → latent (or one planar layer); 2: a generative layer to "
                                      "invert (or planar then affine)")},
    levels=LEVELS, generate=generate, verify=verify,
)
