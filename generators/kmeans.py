"""k-means (Lloyd's algorithm) on a handful of points in the plane.

Level 1: one iteration with k = 2 from given centroids — the assignment step (nearest centroid,
Euclidean distance), then the update step (each centroid to the mean of its points); the answer
is the pair of new centroids. Level 2: k = 3, and the objective J = Σᵢ ‖xᵢ − μ_c(i)‖² before and
after the update step — the update can only lower it. Level 3: run Lloyd's algorithm until an
assignment step changes nothing; the answer is the number of assignment steps (the last,
confirming one included) and the final J. The step counts 2, 3 and 4 are drawn equally often.

Answers are exact fractions. Ties in a distance and empty clusters are never drawn. Verification
uses numpy in floating point and another formulation: assignments by argmin over a broadcast
distance matrix, centroids as the least-squares solution of X ≈ A M for the one-hot assignment
matrix A (numpy.linalg.lstsq), and J from the residual.
"""

from __future__ import annotations

from fractions import Fraction as Fr

import numpy as np
import sympy as sp

from osmose import numeric
from osmose.family import Checking, Evidence, Family, Mistake, Param, Problem, Reject, Step, \
    VerificationError
from osmose.mathtext import tex, uni
from osmose.exact import rational as _r

CHECKING = Checking()
SAY = CHECKING.statement()
LEVELS = {1: "one assignment and update step, k = 2: the new centroids",
          2: "k = 3: the objective J before and after the update step",
          3: "run to convergence: the number of assignment steps and the final objective"}
SUB = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


def _d2(p, q) -> Fr:
    return (p[0] - q[0]) ** 2 + (p[1] - q[1]) ** 2


def _assign(points, centroids) -> list[int]:
    """Nearest centroid of each point; Reject on a tie (the prompt could not say which wins)."""
    labels = []
    for p in points:
        d = [_d2(p, c) for c in centroids]
        best = min(d)
        if d.count(best) > 1:
            raise Reject("a point is equidistant from two centroids")
        labels.append(d.index(best))
    return labels


def _update(points, labels, k) -> list[tuple[Fr, Fr]]:
    out = []
    for j in range(k):
        members = [p for p, l in zip(points, labels) if l == j]
        if not members:
            raise Reject("an empty cluster")
        out.append((Fr(sum(p[0] for p in members), len(members)), Fr(sum(p[1] for p in members), len(members))))
    return out


def _objective(points, labels, centroids) -> Fr:
    return sum((_d2(p, centroids[l]) for p, l in zip(points, labels)), Fr(0))


def _pt(p) -> tuple[str, str]:
    return rf"\left({tex(_r(Fr(p[0])))}, {tex(_r(Fr(p[1])))}\right)", f"({uni(_r(Fr(p[0])))}, {uni(_r(Fr(p[1])))})"


def _data(points, centroids, what="centroids"):
    pts_t = ",\\ ".join(rf"x_{{{i + 1}}} = {_pt(p)[0]}" for i, p in enumerate(points))
    pts_x = ", ".join(f"x{str(i + 1).translate(SUB)} = {_pt(p)[1]}" for i, p in enumerate(points))
    cen_t = ",\\ ".join(rf"\mu_{{{j + 1}}} = {_pt(c)[0]}" for j, c in enumerate(centroids))
    cen_x = ", ".join(f"μ{str(j + 1).translate(SUB)} = {_pt(c)[1]}" for j, c in enumerate(centroids))
    return (rf"the points \({pts_t}\) and the starting {what} \({cen_t}\)",
            f"the points {pts_x} and the starting {what} {cen_x}")


def _clusters_step(labels, k, say):
    groups = [[i + 1 for i, l in enumerate(labels) if l == j] for j in range(k)]
    t = r",\quad ".join(rf"C_{{{j + 1}}} = \{{{', '.join(f'x_{{{i}}}' for i in g)}\}}" for j, g in enumerate(groups))
    x = "; ".join(f"C{str(j + 1).translate(SUB)} = {{{', '.join('x' + str(i).translate(SUB) for i in g)}}}"
                  for j, g in enumerate(groups))
    return Step(say, t, x)


def _centroid_step(cents, say):
    t = r",\quad ".join(rf"\mu_{{{j + 1}}} = {_pt(c)[0]}" for j, c in enumerate(cents))
    x = ", ".join(f"μ{str(j + 1).translate(SUB)} = {_pt(c)[1]}" for j, c in enumerate(cents))
    return Step(say, t, x)


def _draw(rng, n, k, span=8):
    points = []
    while len(points) < n:
        p = (rng.randint(0, span), rng.randint(0, span))
        if p not in points:
            points.append(p)
    return points


def _matrix(cents) -> sp.Matrix:
    return sp.Matrix([[_r(c[0]), _r(c[1])] for c in cents])


def _one_step(rng):
    points = _draw(rng, rng.randint(5, 7), 2)
    cents = [(rng.randint(0, 8), rng.randint(0, 8)) for _ in range(2)]
    if cents[0] == cents[1]:
        raise Reject("identical centroids")
    labels = _assign(points, cents)
    new = _update(points, labels, 2)
    answer = _matrix(new)
    data_t, data_x = _data(points, cents)
    prompt_tex = (rf"Run one iteration of k-means (\(k = 2\)) on {data_t}: assign each point to its nearest "
                  rf"centroid (Euclidean distance), then move each centroid to the mean of its points. Give the new "
                  rf"centroids as a \(2 \times 2\) matrix whose first row is \(\mu_1\) and second row \(\mu_2\). {SAY}")
    prompt_text = (f"Run one iteration of k-means (k = 2) on {data_x}: assign each point to its nearest centroid "
                   f"(Euclidean distance), then move each centroid to the mean of its points. Give the new centroids "
                   f"as a 2×2 matrix whose first row is μ₁ and second row μ₂. {SAY}")
    compare = ", ".join(f"x{str(i + 1).translate(SUB)}: {_d2(p, cents[0])} vs {_d2(p, cents[1])}"
                        for i, p in enumerate(points))
    steps = [_clusters_step(labels, 2, f"Assignment: squared distances to μ₁ and μ₂ ({compare}); "
                                       "each point joins the nearer centroid."),
             _centroid_step(new, "Update: each centroid becomes the mean (coordinate by coordinate) of its cluster.")]
    sizes = [labels.count(j) for j in range(2)]
    sums = [(c[0] * s, c[1] * s) for c, s in zip(new, sizes)]
    cands = [("sum, not mean", _matrix(sums),
              f"A centroid is the mean of its points: divide the sums by the cluster sizes ({sizes[0]} and {sizes[1]}).")]
    try:
        manhattan = [min(range(2), key=lambda j: abs(p[0] - cents[j][0]) + abs(p[1] - cents[j][1])) for p in points]
        if manhattan != labels:
            cands.append(("assigned by |Δx| + |Δy|", _matrix(_update(points, manhattan, 2)),
                          "k-means assigns by Euclidean distance: compare (Δx)² + (Δy)², not |Δx| + |Δy|."))
    except Reject:
        pass
    halfway = [((c[0] + m[0]) / 2, (c[1] + m[1]) / 2) for c, m in zip(cents, new)]
    cands.append(("averaged with the old centroid", _matrix(halfway),
                  "The update replaces each centroid by the mean of its points; the old centroid does not count."))
    given = {"level": 1, "points": [list(p) for p in points], "centroids": [list(c) for c in cents]}
    return prompt_tex, prompt_text, answer, "matrix", steps, cands, given


def _objectives(rng):
    points = _draw(rng, rng.randint(7, 8), 3)
    cents = [(rng.randint(0, 8), rng.randint(0, 8)) for _ in range(3)]
    if len(set(cents)) < 3:
        raise Reject("identical centroids")
    labels = _assign(points, cents)
    new = _update(points, labels, 3)
    before, after = _objective(points, labels, cents), _objective(points, labels, new)
    if before == after:
        raise Reject("the centroids do not move")
    answer = (_r(before), _r(after))
    data_t, data_x = _data(points, cents)
    prompt_tex = (rf"k-means with \(k = 3\) starts from {data_t}. The assignment step gives each point its nearest "
                  rf"centroid (Euclidean distance); the update step moves each centroid to the mean of its points. "
                  rf"With \(J = \sum_i \lVert x_i - \mu_{{c(i)}} \rVert^2\) (squared distances summed over the points, "
                  rf"\(c(i)\) the cluster of \(x_i\)), find \(J\) after the first assignment step (starting centroids) and "
                  rf"\(J\) after the first update step (same assignments, new centroids), as \((J_{{\text{{before}}}},\ "
                  rf"J_{{\text{{after}}}})\). {SAY}")
    prompt_text = (f"k-means with k = 3 starts from {data_x}. The assignment step gives each point its nearest "
                   f"centroid (Euclidean distance); the update step moves each centroid to the mean of its points. "
                   f"With J = Σᵢ ‖xᵢ − μ_c(i)‖² (squared distances summed over the points, c(i) the cluster of xᵢ), "
                   f"find J after the first assignment step (starting centroids) and J after the first update step "
                   f"(same assignments, new centroids), as (J_before, J_after). {SAY}")
    terms_b = " + ".join(str(_d2(p, cents[l])) for p, l in zip(points, labels))
    terms_a = " + ".join(uni(_r(_d2(p, new[l]))) for p, l in zip(points, labels))
    steps = [_clusters_step(labels, 3, "Assignment: each point to the centroid at the smallest squared distance."),
             Step("J before: each point's squared distance to its starting centroid.",
                  rf"J_{{\text{{before}}}} = {terms_b} = {tex(answer[0])}", f"J_before = {terms_b} = {uni(answer[0])}"),
             _centroid_step(new, "Update: each centroid moves to the mean of its cluster."),
             Step("J after: the same points, now measured from the new centroids. The mean minimises the summed "
                  "squared distance, so J cannot go up.",
                  rf"J_{{\text{{after}}}} = {tex(answer[1])}", f"J_after = {terms_a} = {uni(answer[1])}")]
    n = len(points)
    cands = [("averaged, not summed", (_r(before / n), _r(after / n)),
              f"J sums the squared distances over all {n} points; it does not average them."),
             ("before and after swapped", (answer[1], answer[0]),
              "The update step cannot increase J: the smaller value comes after it.")]
    relabel = _assign(points, new)
    again = _objective(points, relabel, new)
    if again != after:
        cands.append(("re-assigned before measuring", (answer[0], _r(again)),
                      "That is J after the next assignment step; the question asks J right after the update, "
                      "with the first assignments kept."))
    given = {"level": 2, "points": [list(p) for p in points], "centroids": [list(c) for c in cents]}
    return prompt_tex, prompt_text, answer, "tuple", steps, cands, given


def _lloyd(points, cents, k):
    """Assignment steps until one changes nothing: (steps, history of (labels, centroids))."""
    history, labels = [], None
    while True:
        new_labels = _assign(points, cents)
        history.append((new_labels, cents))
        if new_labels == labels:
            return len(history), history
        labels = new_labels
        cents = _update(points, labels, k)
        if len(history) > 8:
            raise Reject("too long")


def _converge(rng):
    target = rng.choice((2, 3, 4))   # the step count, balanced
    for _ in range(80):
        n = rng.randint(6, 8)
        points = _draw(rng, n, 2)
        first, second = rng.sample(range(n), 2)
        cents = [points[first], points[second]]
        try:
            count, history = _lloyd(points, cents, 2)
        except Reject:
            continue
        if count == target:
            break
    else:
        raise Reject("no run of the wanted length")
    final_labels, final_cents = history[-1]
    final = _objective(points, final_labels, final_cents)
    start = _objective(points, history[0][0], history[0][1])
    answer = (sp.Integer(count), _r(final))
    pts_t = ",\\ ".join(rf"x_{{{i + 1}}} = {_pt(p)[0]}" for i, p in enumerate(points))
    pts_x = ", ".join(f"x{str(i + 1).translate(SUB)} = {_pt(p)[1]}" for i, p in enumerate(points))
    rule_t = (rf"Run k-means (\(k = 2\)) on the points \({pts_t}\), starting from \(\mu_1 = x_{{{first + 1}}}\) and "
              rf"\(\mu_2 = x_{{{second + 1}}}\). Alternate an assignment step (each point to its nearest centroid, "
              rf"Euclidean distance) and an update step (each centroid to the mean of its points), and stop after the "
              rf"first assignment step that changes no point's cluster (the very first assignment step counts as a "
              rf"change). Give the number of assignment steps performed "
              rf"(that last one included) and the final objective \(J = \sum_i \lVert x_i - \mu_{{c(i)}} \rVert^2\), as "
              rf"\((\text{{steps}},\ J)\). {SAY}")
    rule_x = (f"Run k-means (k = 2) on the points {pts_x}, starting from μ₁ = x{str(first + 1).translate(SUB)} and "
              f"μ₂ = x{str(second + 1).translate(SUB)}. Alternate an assignment step (each point to its nearest "
              f"centroid, Euclidean distance) and an update step (each centroid to the mean of its points), and stop "
              f"after the first assignment step that changes no point's cluster (the very first assignment step counts "
              f"as a change). Give the number of assignment steps "
              f"performed (that last one included) and the final objective J = Σᵢ ‖xᵢ − μ_c(i)‖², as (steps, J). {SAY}")
    steps = []
    for s, (labels, cs) in enumerate(history, start=1):
        where = ", ".join(f"({uni(_r(c[0]))}, {uni(_r(c[1]))})" for c in cs)
        changed = "nothing changes: stop" if s == len(history) else ("first assignment" if s == 1 else "clusters change")
        steps.append(_clusters_step(labels, 2, f"Assignment step {s} with centroids {where} — {changed}."))
    steps.append(Step("The final clusters' squared distances to their means add up to J.",
                      rf"J = {tex(answer[1])}", f"J = {uni(answer[1])}"))
    cands = [("confirming step not counted", (sp.Integer(count - 1), _r(final)),
              "Count the last assignment step too: only it shows that nothing changes any more."),
             ("starting objective", (sp.Integer(count), _r(start)),
              "That is J with the starting centroids; give it after convergence (it can only have gone down).")]
    given = {"level": 3, "points": [list(p) for p in points], "start": [first + 1, second + 1]}
    return rule_t, rule_x, answer, "tuple", steps, cands, given


def generate(rng, params) -> Problem:
    prompt_tex, prompt_text, answer, kind, steps, cands, given = \
        (_one_step, _objectives, _converge)[params["level"] - 1](rng)
    return Problem(prompt_tex, prompt_text, answer, kind, tuple(steps), given, CHECKING,
                   tuple(Mistake(*c) for c in cands))


# --- verification: numpy, with centroids as a least-squares solve --------------------------------

def _np_assign(X, M):
    d = ((X[:, None, :] - M[None, :, :]) ** 2).sum(axis=2)
    return d.argmin(axis=1)


def _np_update(X, labels, k):
    """Centroids minimising ‖X − A M‖² for the one-hot assignment matrix A (numpy.linalg.lstsq)."""
    A = np.eye(k)[labels]
    M, *_ = np.linalg.lstsq(A, X, rcond=None)
    return M


def _np_objective(X, labels, M) -> float:
    return float(((X - M[labels]) ** 2).sum())


def verify(given, answer) -> Evidence:
    X = np.array(given["points"], float)
    level = given["level"]
    if level in (1, 2):
        M0 = np.array(given["centroids"], float)
        k = len(M0)
        labels = _np_assign(X, M0)
        M1 = _np_update(X, labels, k)
        if level == 1:
            got = np.array(sp.Matrix(answer).tolist(), float) if isinstance(answer, sp.MatrixBase) else None
            if got is None or got.shape != M1.shape:
                raise VerificationError("expected a 2×2 matrix of centroids")
            err = max(numeric.require_close(float(w), float(g), "least-squares centroid", rel=1e-9)
                      for w, g in zip(M1.ravel(), got.ravel()))
            return Evidence("numpy", "assignments by argmin of a distance matrix; centroids by least squares on "
                            "the one-hot assignment matrix", err)
        want = (_np_objective(X, labels, M0), _np_objective(X, labels, M1))
    else:
        a, b = given["start"]
        M = X[[a - 1, b - 1]]
        labels, count = None, 0
        while True:
            new = _np_assign(X, M)
            count += 1
            if labels is not None and np.array_equal(new, labels):
                break
            labels = new
            M = _np_update(X, labels, 2)
        want = (float(count), _np_objective(X, labels, M))
    got = [float(v) for v in answer]
    if len(got) != 2:
        raise VerificationError("expected two numbers")
    err = max(numeric.require_close(w, g, what, rel=1e-9)
              for w, g, what in zip(want, got, ("first entry", "objective J")))
    return Evidence("numpy", "Lloyd's iterations in floating point: argmin assignments, least-squares "
                    "centroids, J from the residual", err)


FAMILY = Family(
    name="kmeans", version=1, title="k-means (Lloyd's algorithm)",
    summary="Assignment and update steps on points in the plane, the objective before and after, and "
            "convergence of Lloyd's algorithm.",
    params={"level": Param(1, (1, 2, 3), "1: one step, k = 2; 2: J before/after, k = 3; 3: run to convergence")},
    levels=LEVELS, generate=generate, verify=verify,
)
