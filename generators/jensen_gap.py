"""Jensen's inequality where machine learning uses it.

Level 1: E[ln X] ≤ ln E[X] for a given discrete X — compute the gap ln E[X] − E[ln X].
Level 2: KL ≥ 0 — Jensen on the concave ln gives E_p[ln(q/p)] ≤ ln E_p[q/p] = ln Σ_{p>0} q ≤ 0;
compute both sides (the right side is 0 unless q puts mass where p has none).
Level 3: the ELBO — for a latent z with joint p(x, z) and a variational q(z),
E_q[ln(p(x, z)/q(z))] ≤ ln E_q[p(x, z)/q(z)] = ln p(x); compute both (equal exactly when q is the
posterior, a case drawn on purpose).

Answers are exact: logs of rationals split into logs of primes. Verification recomputes every
side from ``given`` at 30 digits with mpmath, checks the inequality, and for level 3 checks that
the gap equals KL(q ‖ p(z | x)) computed separately.
"""

from __future__ import annotations

import mpmath
import sympy as sp

from osmose import numeric
from osmose.family import Checking, Evidence, Family, Param, Problem, Reject, Step, VerificationError, \
    distinct_mistakes
from osmose.mathtext import tex, uni

R = sp.Rational
#: exact answers (rationals and logs of primes), or decimals to 3 significant figures
CHECKING = Checking(precision="exact-or-decimal", sig_figs=3)
LIKELIHOODS = (R(1, 2), R(1, 3), R(2, 3), R(1, 4), R(3, 4), R(1, 5), R(2, 5), R(3, 5), R(1, 6), R(1, 10))
PRIORS = {2: ((R(1, 2), R(1, 2)), (R(1, 3), R(2, 3)), (R(2, 3), R(1, 3)), (R(1, 4), R(3, 4)), (R(3, 4), R(1, 4))),
          3: ((R(1, 3),) * 3, (R(1, 2), R(1, 4), R(1, 4)), (R(1, 4), R(1, 2), R(1, 4)), (R(1, 4), R(1, 4), R(1, 2)),
              (R(1, 6), R(1, 3), R(1, 2)), (R(1, 2), R(1, 3), R(1, 6)))}


def ln(r) -> sp.Expr:
    """ln r as a sum of logs of primes (one canonical form for answers)."""
    r = sp.Rational(r)
    terms = [e * sp.log(p) for p, e in sorted(sp.factorint(r.p).items()) if p > 1]
    terms += [-e * sp.log(p) for p, e in sorted(sp.factorint(r.q).items()) if p > 1]
    return sp.Add(*terms)


def _composition(rng, d: int, k: int, zeros: bool = False) -> list:
    if d < k and not zeros:
        raise Reject("too few mass units for the outcomes")
    if zeros:
        cuts = sorted(rng.randint(0, d) for _ in range(k - 1))
    else:
        cuts = sorted(rng.sample(range(1, d), k - 1))
    return [R(b - a, d) for a, b in zip([0] + cuts, cuts + [d])]


def _vec(xs, f=uni) -> str:
    return "(" + ", ".join(f(x) for x in xs) + ")"


def _tvec(xs) -> str:
    return r"\left(" + ", ".join(tex(x) for x in xs) + r"\right)"


def _log_of_mean(rng):
    k = rng.choice((2, 3))
    values = sorted(rng.sample(range(1, 13), k))
    probs = _composition(rng, rng.choice((2, 3, 4, 5, 6)), k) if k <= 2 else \
        _composition(rng, rng.choice((3, 4, 5, 6)), k)
    mean = sum(p * v for p, v in zip(probs, values))
    e_log = sp.expand(sum((p * ln(v) for p, v in zip(probs, values)), sp.S.Zero))
    log_mean = ln(mean)
    gap = sp.expand(log_mean - e_log)
    if len(gap.atoms(sp.log)) > 4:
        raise Reject("too many primes to collect by hand")
    table_tex = ",\\ ".join(f"P(X={v}) = {tex(p)}" for v, p in zip(values, probs))
    table_text = ", ".join(f"P(X={v}) = {uni(p)}" for v, p in zip(values, probs))
    prompt_tex = (rf"A random variable has the distribution \({table_tex}\). Since \(\ln\) is concave, Jensen's "
                  r"inequality gives \(\mathbb E[\ln X] \le \ln \mathbb E[X]\). Compute the gap "
                  r"\(\ln \mathbb E[X] - \mathbb E[\ln X]\) (natural logarithm).")
    prompt_text = (f"A random variable has the distribution {table_text}. Since ln is concave, Jensen's inequality "
                   f"gives E[ln X] ≤ ln E[X]. Compute the gap ln E[X] − E[ln X] (natural logarithm).")
    steps = [
        Step("Mean of X.", rf"\mathbb E[X] = {tex(mean)}", f"E[X] = {uni(mean)}"),
        Step("Average of ln X, weighting each value by its probability (logs split into primes).",
             r"\mathbb E[\ln X] = " + " + ".join(rf"{tex(p)}\ln {v}" for v, p in zip(values, probs))
             + f" = {tex(e_log)}",
             "E[ln X] = " + " + ".join(f"{uni(p)}·ln {v}" for v, p in zip(values, probs)) + f" = {uni(e_log)}"),
        Step("Subtract; the gap is positive because X is not constant (it is 0 only for a constant X).",
             rf"\ln \mathbb E[X] - \mathbb E[\ln X] = {tex(log_mean)} - \left({tex(e_log)}\right) = {tex(gap)}",
             f"ln E[X] − E[ln X] = {uni(log_mean)} − ({uni(e_log)}) = {uni(gap)}"),
    ]
    n = len(values)
    unweighted = sp.expand(ln(R(sum(values), n)) - sum((ln(v) for v in values), sp.S.Zero) / n)
    candidates = [
        ("sign swapped", -gap, "For the concave ln the inequality is E[ln X] ≤ ln E[X]: the gap "
                               "ln E[X] − E[ln X] is never negative."),
        ("forgot E[ln X]", log_mean, "That is ln E[X] alone; subtract E[ln X]."),
        ("ignored the probabilities", unweighted,
         "Weight each value by its probability instead of averaging the values uniformly."),
    ]
    given = {"task": "log_mean", "values": values, "probs": [str(p) for p in probs]}
    return prompt_tex, prompt_text, gap, "number", steps, given, candidates


def _kl_bound(rng):
    k = rng.choice((3, 4))
    p = _composition(rng, rng.choice((4, 5, 6, 8)), k, zeros=rng.random() < 0.5)
    q = _composition(rng, rng.choice((4, 5, 6, 8)), k)
    if p == q:
        raise Reject("p = q: both sides are 0")
    if sum(1 for x in p if x == 0) > 1 or all(x == 0 for x in p[1:]):
        raise Reject("at most one outcome left out of p")
    support = [i for i in range(k) if p[i]]
    mass = sum(q[i] for i in support)
    lhs = sp.expand(sum((p[i] * ln(q[i] / p[i]) for i in support), sp.S.Zero))
    rhs = ln(mass)
    if len(lhs.atoms(sp.log)) > 4:
        raise Reject("too many primes to collect by hand")
    answer = (lhs, rhs)
    prompt_tex = (rf"Let \(p = {_tvec(p)}\) and \(q = {_tvec(q)}\) on the outcomes \(1, \dots, {k}\). Jensen's "
                  r"inequality for the concave \(\ln\), applied under \(p\) (over the outcomes with \(p_i > 0\)), gives "
                  r"\(\mathbb E_p\!\left[\ln\frac{q(X)}{p(X)}\right] \le \ln \mathbb E_p\!\left[\frac{q(X)}{p(X)}\right]\), "
                  r"which proves \(D_{\mathrm{KL}}(p\,\|\,q) \ge 0\). Compute the pair (left side, right side) in nats.")
    prompt_text = (f"Let p = {_vec(p)} and q = {_vec(q)} on the outcomes 1, …, {k}. Jensen's inequality for the concave "
                   f"ln, applied under p (over the outcomes with pᵢ > 0), gives E_p[ln(q(X)/p(X))] ≤ ln E_p[q(X)/p(X)], "
                   f"which proves D_KL(p‖q) ≥ 0. Compute the pair (left side, right side) in nats.")
    steps = [
        Step("Left side: the expectation under p of ln(q/p), over the outcomes where p > 0; it is −D_KL(p‖q).",
             r"\sum_{p_i > 0} p_i \ln\frac{q_i}{p_i} = " + f"{tex(lhs)}",
             f"Σ_(pᵢ>0) pᵢ·ln(qᵢ/pᵢ) = {uni(lhs)}"),
        Step("Right side: E_p[q/p] = Σ_(pᵢ>0) pᵢ·qᵢ/pᵢ, the mass q puts where p is positive.",
             rf"\ln \sum_{{p_i > 0}} q_i = \ln {tex(mass)} = {tex(rhs)}", f"ln Σ_(pᵢ>0) qᵢ = ln {uni(mass)} = {uni(rhs)}"),
        Step("So −D_KL(p‖q) ≤ ln Σ_(pᵢ>0) qᵢ ≤ ln 1 = 0: the KL divergence is non-negative"
             + (", and here the bound is strict because q puts mass where p has none." if mass != 1 else
                "; here q lives where p does, so the right side is exactly 0.")),
    ]
    candidates = [
        ("sign of the KL term", (-lhs, rhs), "The left side averages ln(q/p), which is −D_KL(p‖q), not +D_KL."),
        ("swapped the sides", (rhs, lhs), "Order: the expectation of the log first, the log of the expectation second."),
    ]
    if mass != 1:
        candidates.append(("summed q over every outcome", (lhs, sp.S.Zero),
                           "E_p[q/p] only runs over outcomes with p > 0: the outcome p leaves out does not count."))
    given = {"task": "kl_bound", "p": [str(x) for x in p], "q": [str(x) for x in q]}
    return prompt_tex, prompt_text, answer, "tuple", steps, given, candidates


def _elbo(rng):
    k = rng.choice((2, 3))
    prior = list(rng.choice(PRIORS[k]))
    lik = [rng.choice(LIKELIHOODS) for _ in range(k)]
    joint = [a * b for a, b in zip(prior, lik)]
    evidence = sum(joint)
    posterior = [j / evidence for j in joint]
    if rng.random() < 0.2:  # the degenerate case on purpose: q is the exact posterior
        q = posterior
    else:
        q = _composition(rng, rng.choice((2, 3, 4, 5, 6)), k)
    elbo = sp.expand(sum((qk * ln(jk / qk) for qk, jk in zip(q, joint) if qk), sp.S.Zero))
    log_px = ln(evidence)
    if len(elbo.atoms(sp.log)) > 4 or max(x.q for x in q) > 30:
        raise Reject("too many primes to collect by hand")
    answer = (elbo, log_px)
    zs = ", ".join(str(i + 1) for i in range(k))
    prompt_tex = (rf"A latent variable \(z \in \{{{zs}\}}\) has prior \(p(z) = {_tvec(prior)}\), and the observed "
                  rf"\(x\) has likelihoods \(p(x \mid z) = {_tvec(lik)}\) for \(z = {zs}\). A variational "
                  rf"distribution \(q(z) = {_tvec(q)}\) gives, by Jensen's inequality for the concave \(\ln\), "
                  r"\(\mathrm{ELBO} = \mathbb E_q\!\left[\ln\frac{p(x, z)}{q(z)}\right] \le \ln \mathbb E_q\!\left["
                  r"\frac{p(x, z)}{q(z)}\right] = \ln p(x)\). Compute the pair \((\mathrm{ELBO}, \ln p(x))\) in nats.")
    prompt_text = (f"A latent variable z ∈ {{{zs}}} has prior p(z) = {_vec(prior)}, and the observed x has "
                   f"likelihoods p(x | z) = {_vec(lik)} for z = {zs}. A variational distribution q(z) = {_vec(q)} "
                   f"gives, by Jensen's inequality for the concave ln, ELBO = E_q[ln(p(x, z)/q(z))] ≤ "
                   f"ln E_q[p(x, z)/q(z)] = ln p(x). Compute the pair (ELBO, ln p(x)) in nats.")
    gap = sp.expand(log_px - elbo)
    steps = [
        Step("Joint p(x, z) = p(z)·p(x | z), and the evidence p(x) is its sum over z.",
             rf"p(x, z) = {_tvec(joint)},\quad p(x) = {tex(evidence)}", f"p(x, z) = {_vec(joint)}, p(x) = {uni(evidence)}"),
        Step("ELBO: average ln(p(x, z)/q(z)) under q.",
             r"\mathrm{ELBO} = " + " + ".join(rf"{tex(qk)}\ln\frac{{{tex(jk)}}}{{{tex(qk)}}}" for qk, jk in zip(q, joint) if qk)
             + f" = {tex(elbo)}",
             "ELBO = " + " + ".join(f"{uni(qk)}·ln(({uni(jk)})/({uni(qk)}))" for qk, jk in zip(q, joint) if qk)
             + f" = {uni(elbo)}"),
        Step("The log-evidence.", rf"\ln p(x) = \ln {tex(evidence)} = {tex(log_px)}", f"ln p(x) = {uni(log_px)}"),
        Step("The gap is KL(q ‖ p(z | x)) with the posterior p(z | x) = p(x, z)/p(x)"
             + (": here q is the posterior, so the bound is tight (gap 0)." if gap == 0 else
                "; it is 0 only when q is the posterior."),
             rf"\ln p(x) - \mathrm{{ELBO}} = {tex(gap)},\quad p(z \mid x) = {_tvec(posterior)}",
             f"ln p(x) − ELBO = {uni(gap)}, p(z | x) = {_vec(posterior)}"),
    ]
    no_entropy = sp.expand(sum((qk * ln(jk) for qk, jk in zip(q, joint) if qk), sp.S.Zero))
    with_prior = sp.expand(sum((qk * ln(pk / qk) for qk, pk in zip(q, prior) if qk), sp.S.Zero))
    candidates = [
        ("forgot the entropy of q", (no_entropy, log_px),
         "The ELBO is E_q[ln p(x, z)] − E_q[ln q(z)]: keep the −ln q(z) term."),
        ("prior instead of the joint", (with_prior, log_px),
         "Inside the log goes the joint p(x, z) = p(z)·p(x | z), not the prior alone."),
        ("swapped the pair", (log_px, elbo), "Order: the ELBO first, ln p(x) second (ELBO ≤ ln p(x))."),
        ("averaged the likelihoods", (elbo, ln(sum(lik) / k)),
         "p(x) = Σ_z p(z)·p(x | z) weights each likelihood by its prior."),
    ]
    given = {"task": "elbo", "prior": [str(x) for x in prior], "likelihood": [str(x) for x in lik],
             "q": [str(x) for x in q]}
    return prompt_tex, prompt_text, answer, "tuple", steps, given, candidates


TASKS = {1: _log_of_mean, 2: _kl_bound, 3: _elbo}


def generate(rng, params) -> Problem:
    prompt_tex, prompt_text, answer, kind, steps, given, candidates = TASKS[params["level"]](rng)
    say = CHECKING.statement()
    mistakes = distinct_mistakes(candidates, answer, _differs)
    return Problem(f"{prompt_tex} {say}", f"{prompt_text} {say}", answer, kind, tuple(steps), given, CHECKING,
                   mistakes)


def _differs(a, b) -> bool:
    if isinstance(a, tuple):
        return any(_differs(x, y) for x, y in zip(a, b))
    return abs(float(a) - float(b)) > 1e-12 * max(1.0, abs(float(b)))


# --- independent verification -------------------------------------------------------------------

def _mp(text) -> mpmath.mpf:
    r = sp.Rational(text)
    return mpmath.mpf(int(r.p)) / int(r.q)


def verify(given, answer) -> Evidence:
    task = given["task"]
    with mpmath.workdps(30):
        if task == "log_mean":
            xs, ps = [_mp(v) for v in given["values"]], [_mp(p) for p in given["probs"]]
            if abs(sum(ps) - 1) > mpmath.mpf(10) ** -25:
                raise VerificationError("probabilities do not sum to 1")
            gap = mpmath.log(mpmath.fsum(p * x for p, x in zip(ps, xs))) - mpmath.fsum(
                p * mpmath.log(x) for p, x in zip(ps, xs))
            if gap <= 0:
                raise VerificationError("Jensen's gap for ln is not positive")
            err = numeric.require_close(float(gap), float(answer), "ln E[X] − E[ln X]", rel=1e-9)
            return Evidence("high-precision evaluation", "ln E[X] − E[ln X] at 30 digits with mpmath; gap > 0", err)
        if not isinstance(answer, tuple) or len(answer) != 2:
            raise VerificationError("expected a pair")
        if task == "kl_bound":
            p, q = [_mp(v) for v in given["p"]], [_mp(v) for v in given["q"]]
            lhs = mpmath.fsum(pi * mpmath.log(qi / pi) for pi, qi in zip(p, q) if pi > 0)
            rhs = mpmath.log(mpmath.fsum(pi * (qi / pi) for pi, qi in zip(p, q) if pi > 0))
            detail = "E_p[ln(q/p)] and ln E_p[q/p] at 30 digits; lhs ≤ rhs ≤ 0 checked"
        else:
            prior, lik, q = ([_mp(v) for v in given[key]] for key in ("prior", "likelihood", "q"))
            joint = [a * b for a, b in zip(prior, lik)]
            lhs = mpmath.fsum(qk * mpmath.log(jk / qk) for qk, jk in zip(q, joint) if qk > 0)
            evidence = mpmath.fsum(joint)
            rhs = mpmath.log(evidence)
            kl = mpmath.fsum(qk * mpmath.log(qk / (jk / evidence)) for qk, jk in zip(q, joint) if qk > 0)
            if abs((rhs - lhs) - kl) > mpmath.mpf(10) ** -20:
                raise VerificationError("ln p(x) − ELBO differs from KL(q ‖ posterior)")
            detail = "ELBO and ln p(x) at 30 digits; the gap equals KL(q ‖ p(z|x)) computed separately"
        if lhs > rhs + mpmath.mpf(10) ** -25 or rhs > mpmath.mpf(10) ** -25:
            raise VerificationError("Jensen's inequality fails: the data are wrong")
        err = max(numeric.require_close(float(lhs), float(answer[0]), "left side", rel=1e-9, floor=1e-12),
                  numeric.require_close(float(rhs), float(answer[1]), "right side", rel=1e-9, floor=1e-12))
    return Evidence("high-precision evaluation", detail, err)


def baseline(given):
    """Bare SymPy: the two sides with sp.log, logs expanded."""
    def tidy(e):
        return sp.expand(sp.expand_log(e, force=True))

    task = given["task"]
    if task == "log_mean":
        xs, ps = [sp.Integer(v) for v in given["values"]], [sp.Rational(p) for p in given["probs"]]
        return tidy(sp.log(sum(p * x for p, x in zip(ps, xs))) - sum(p * sp.log(x) for p, x in zip(ps, xs)))
    if task == "kl_bound":
        p, q = [sp.Rational(v) for v in given["p"]], [sp.Rational(v) for v in given["q"]]
        return (tidy(sum(pi * sp.log(qi / pi) for pi, qi in zip(p, q) if pi)),
                tidy(sp.log(sum(qi for pi, qi in zip(p, q) if pi))))
    prior, lik, q = ([sp.Rational(v) for v in given[key]] for key in ("prior", "likelihood", "q"))
    joint = [a * b for a, b in zip(prior, lik)]
    return (tidy(sum(qk * sp.log(jk / qk) for qk, jk in zip(q, joint) if qk)), tidy(sp.log(sum(joint))))


FAMILY = Family(
    name="jensen_gap", version=2, title="Jensen's inequality in ML: ln E ≥ E ln, KL ≥ 0, the ELBO",
    summary="Jensen's inequality for the concave ln where machine learning uses it: the gap ln E[X] − E[ln X], "
            "the bound that proves KL ≥ 0, and ELBO ≤ ln p(x).",
    params={"level": Param(1, (1, 2, 3), "1: ln E[X] − E[ln X] for a discrete X; 2: the Jensen bound behind "
                                         "KL ≥ 0; 3: ELBO ≤ ln p(x) for a discrete latent")},
    levels={1: "the gap ln E[X] − E[ln X] of a discrete distribution",
            2: "both sides of E_p[ln(q/p)] ≤ ln E_p[q/p] (so KL ≥ 0), with q sometimes outside p's support",
            3: "both sides of ELBO ≤ ln p(x) for a latent with 2–3 values (sometimes q is the posterior: equality)"},
    generate=generate, verify=verify, baseline=baseline,
)
