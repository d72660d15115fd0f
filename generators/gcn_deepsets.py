"""Graph convolution and Deep Sets by hand.

task=gcn: one GCN layer H′ = ReLU(Â H W) with Â = D̃^(−1/2)(A + I)D̃^(−1/2) (self-loops added, D̃ the
degrees of A + I) on a 4-node graph given by its edges. Level 1: scalar features, W = (w): the new
feature of one node. Level 2: 2-dimensional features and a 2×2 W: the new feature row of one node
(a ReLU that switches a coordinate off is drawn on purpose in about a third of the draws).
task=deepsets: f(X) = ρ(Σᵢ φ(xᵢ)) over a multiset of scalars, φ(x) = ReLU(a·x + b), ρ(s) = c·s + d.
Level 1: f of one list. Level 2: sum pooling against mean pooling: f_sum(X) − f_mean(X′) where X′ is
X with every element repeated — sum pooling sees the multiplicity, mean pooling does not.

Verified with numpy: the normalised adjacency built from the edge list and the layer evaluated in
float64; Deep Sets evaluated on a shuffled copy of the list (permutation invariance) in plain Python.
"""

from __future__ import annotations

import random

import numpy as np
import sympy as sp

from osmose import numeric
from osmose.family import (Checking, Evidence, Family, Mistake, Param, Problem, Reject, Step,
                           VerificationError)
from osmose.mathtext import tex, uni

CHECK = Checking(sig_figs=3)
R = sp.Rational


def _graph(rng: random.Random):
    """A connected 4-node graph: a spanning tree plus 0–2 extra edges, nodes 1..4."""
    while True:
        edges = set()
        for v in range(2, 5):
            u = rng.randint(1, v - 1)
            edges.add((u, v))
        for _ in range(rng.randint(0, 2)):
            u, v = sorted(rng.sample(range(1, 5), 2))
            edges.add((u, v))
        edges = sorted(edges)
        degs = [sum(v in e for e in edges) for v in range(1, 5)]
        if len(set(degs)) > 1:          # a regular graph makes the normalisation trivial
            return edges


def _ahat(edges) -> sp.Matrix:
    A = sp.eye(4)
    for u, v in edges:
        A[u - 1, v - 1] = A[v - 1, u - 1] = 1
    d = [sum(A.row(i)) for i in range(4)]
    return sp.Matrix(4, 4, lambda i, j: A[i, j] / sp.sqrt(d[i] * d[j])), d


def generate(rng: random.Random, params: dict) -> Problem:
    level, task = params["level"], params["task"]
    mistakes: list = []
    if task == "gcn":
        edges = _graph(rng)
        Ah, d = _ahat(edges)
        v = rng.randint(1, 4)
        nbrs = [j for j in range(4) if Ah[v - 1, j] != 0]
        if level == 1:
            H = sp.Matrix(4, 1, [rng.randint(-3, 4) for _ in range(4)])
            W = sp.Matrix([[rng.choice((1, 2, 3, -1, -2))]])
        else:
            H = sp.Matrix(4, 2, [rng.randint(-2, 3) for _ in range(8)])
            W = sp.Matrix(2, 2, [rng.randint(-2, 2) for _ in range(4)])
        if level == 1 and (Ah[v - 1, :] * H * W)[0] < 0:
            W = -W                          # level 1 keeps the node alive; level 2 draws dead coordinates
        agg = (Ah[v - 1, :] * H)
        pre = sp.expand(agg * W)
        pre = sp.Matrix(1, pre.cols, [sp.radsimp(x) for x in pre])
        out = [x if x > 0 else sp.Integer(0) for x in pre]
        if all(x == 0 for x in out):
            raise Reject("a dead node teaches nothing")
        answer = out[0] if level == 1 else tuple(out)
        terms = " + ".join(f"h{j + 1}/√({d[v - 1]}·{d[j]})" for j in nbrs)
        terms_tex = " + ".join(rf"\frac{{h_{j + 1}}}{{\sqrt{{{d[v - 1]}\cdot {d[j]}}}}}" for j in nbrs)
        steps = [Step("Add self-loops; the degrees of A + I are the row sums.", rf"\tilde d = {tex(tuple(d))}",
                      f"d̃ = {uni(tuple(d))}"),
                 Step(f"Row {v} of Â H sums over node {v} and its neighbours, each weighted 1/√(d̃ᵢd̃ⱼ).",
                      rf"(\hat A H)_{v} = {terms_tex} = {tex(tuple(sp.radsimp(x) for x in agg))}",
                      f"(ÂH)_{v} = {terms} = {uni(tuple(sp.radsimp(x) for x in agg))}"),
                 Step("Multiply by W, then ReLU.", rf"(\hat A H W)_{v} = {tex(tuple(pre))} \mapsto {tex(tuple(out))}",
                      f"(ÂHW)_{v} = {uni(tuple(pre))} ↦ ReLU: {uni(tuple(out))}")]
        if any(x < 0 for x in pre):
            steps.append(Step("ReLU switches the negative coordinate off (to 0).", "", ""))
            keep = [x for x in pre]
            mistakes.append(Mistake("ReLU forgotten", keep[0] if level == 1 else tuple(keep),
                                    "H′ = ReLU(ÂHW): negative entries become 0."))
        # plain adjacency sum (no normalisation)
        raw = sp.Matrix(1, 4, lambda i, j: 1 if Ah[v - 1, j] != 0 else 0) * H * W
        raw = [x if x > 0 else sp.Integer(0) for x in raw]
        mistakes.append(Mistake("no normalisation", raw[0] if level == 1 else tuple(raw),
                                "Each neighbour's message is scaled by 1/√(d̃ᵢ d̃ⱼ)."))
        noself, dd = sp.zeros(4, 4), [x - 1 for x in d]
        for a_, b_ in edges:
            noself[a_ - 1, b_ - 1] = noself[b_ - 1, a_ - 1] = 1
        if all(dd):
            ns = sp.Matrix(1, 4, lambda i, j: noself[v - 1, j] / sp.sqrt(dd[v - 1] * dd[j])) * H * W
            ns = [sp.radsimp(x) if x > 0 else sp.Integer(0) for x in ns]
            mistakes.append(Mistake("no self-loop", ns[0] if level == 1 else tuple(ns),
                                    "Â uses A + I: a node keeps its own features, and the degrees count the loop."))
        Hr = [[int(x) for x in H.row(i)] for i in range(4)]
        given = {"edges": [list(e) for e in edges], "H": Hr, "W": [[int(x) for x in W.row(i)] for i in range(W.rows)],
                 "node": v}
        e_txt = ", ".join(f"{a_}–{b_}" for a_, b_ in edges)
        h_txt = "; ".join(f"h{i + 1} = {uni(tuple(H.row(i))) if level == 2 else H[i, 0]}" for i in range(4))
        h_tex = ", ".join(rf"h_{i + 1} = {tex(tuple(H.row(i))) if level == 2 else H[i, 0]}" for i in range(4))
        w_tex, w_txt = (rf"W = ({W[0, 0]})", f"W = ({W[0, 0]})") if level == 1 else (rf"W = {tex(W)}", f"W = {uni(W)}")
        q_tex = (rf"An undirected graph on nodes 1–4 has edges {e_txt}. One GCN layer computes "
                 rf"\(H' = \mathrm{{ReLU}}(\hat A H W)\) with \(\hat A = \tilde D^{{-1/2}}(A + I)\tilde D^{{-1/2}}\), "
                 rf"\(\tilde D\) the degree matrix of \(A + I\). Node features (rows of \(H\)): \({h_tex}\); \({w_tex}\). "
                 rf"Give the new feature {'row ' if level == 2 else ''}of node {v}.")
        q_text = (f"An undirected graph on nodes 1–4 has edges {e_txt}. One GCN layer computes H′ = ReLU(ÂHW) with "
                  f"Â = D̃^(−1/2)(A + I)D̃^(−1/2), D̃ the degree matrix of A + I. Node features (rows of H): {h_txt}; "
                  f"{w_txt}. Give the new feature {'row ' if level == 2 else ''}of node {v}.")
        kind = "number" if level == 1 else "tuple"
    else:
        a, b = rng.choice((1, 2, -1, 3)), rng.randint(-3, 2)
        c, dd = rng.choice((1, 2, -1, 3, R(1, 2))), rng.randint(-3, 3)
        xs = [rng.randint(-3, 4) for _ in range(rng.randint(3, 5))]
        phi = [max(a * x + b, 0) for x in xs]
        s = sum(phi)
        if level == 1:
            answer = sp.nsimplify(c * s + dd)
            if all(p > 0 for p in phi):
                raise Reject("let the ReLU cut at least one element")
            steps = (Step("φ on every element (ReLU cuts the negatives).",
                          rf"\varphi(x_i) = {tex(tuple(phi))}", f"φ(xᵢ) = {uni(tuple(phi))}"),
                     Step("Sum, then ρ.", rf"\rho({s}) = {tex(c)}\cdot {s} + {dd} = {tex(answer)}",
                          f"ρ({s}) = {c}·{s} + {dd} = {answer}"))
            nrelu = sum(a * x + b for x in xs)
            mistakes = [Mistake("ReLU forgotten", c * nrelu + dd, "φ(x) = ReLU(ax + b): negative values become 0."),
                        Mistake("ρ applied before summing", sum(c * p + dd for p in phi),
                                "Deep Sets pools first: ρ(Σφ(xᵢ)), not Σρ(φ(xᵢ)).")]
            given = {"a": a, "b": b, "c": str(c), "d": dd, "xs": xs}
            q_tex = (rf"A Deep Sets model computes \(f(X) = \rho\left(\sum_i \varphi(x_i)\right)\) with "
                     rf"\(\varphi(x) = \mathrm{{ReLU}}({a}x + {b})\) and \(\rho(s) = {tex(c)}s + {dd}\). Give \(f\) of the "
                     rf"multiset (list) \(X = {tex(tuple(xs))}\).")
            q_text = (f"A Deep Sets model computes f(X) = ρ(Σᵢ φ(xᵢ)) with φ(x) = ReLU({a}x + {b}) and ρ(s) = {c}s + {dd}. "
                      f"Give f of the multiset (list) X = {uni(tuple(xs))}.")
        else:
            m = rng.choice((2, 3))
            if s == 0:
                raise Reject("all cut off")
            f_sum = c * m * s + dd
            f_mean = c * sp.Rational(s, len(xs)) + dd
            answer = f_sum - f_mean
            steps = (Step("φ on every element.", rf"\varphi(x_i) = {tex(tuple(phi))},\ \sum = {s}", f"φ(xᵢ) = {uni(tuple(phi))}, Σ = {s}"),
                     Step(f"Repeating each element {m} times multiplies the sum by {m} but leaves the mean unchanged.",
                          rf"f_{{\mathrm{{sum}}}}(X') = \rho({m * s}) = {tex(f_sum)},\quad f_{{\mathrm{{mean}}}}(X') = "
                          rf"\rho({tex(sp.Rational(s, len(xs)))}) = {tex(f_mean)}",
                          f"f_sum(X′) = ρ({m * s}) = {f_sum}, f_mean(X′) = ρ({sp.Rational(s, len(xs))}) = {f_mean}"),
                     Step("Difference.", rf"{tex(answer)}", uni(answer)))
            mistakes = [Mistake("mean pooling also scaled by m", c * m * s + dd - (c * m * sp.Rational(s, len(xs)) + dd),
                                "The mean of a multiset does not change when every element is repeated."),
                        Mistake("sum pooling not scaled", c * s + dd - f_mean,
                                f"X′ has {m} copies of each element: the sum is {m}·{s}.")]
            given = {"a": a, "b": b, "c": str(c), "d": dd, "xs": xs, "m": m}
            q_tex = (rf"Deep Sets: \(\varphi(x) = \mathrm{{ReLU}}({a}x + {b})\), \(\rho(s) = {tex(c)}s + {dd}\); "
                     rf"\(f_{{\mathrm{{sum}}}}(X) = \rho(\sum_i\varphi(x_i))\) and \(f_{{\mathrm{{mean}}}}(X) = "
                     rf"\rho(\tfrac1{{|X|}}\sum_i\varphi(x_i))\). Let \(X = {tex(tuple(xs))}\) and \(X'\) the multiset with "
                     rf"every element of \(X\) repeated {m} times. Give \(f_{{\mathrm{{sum}}}}(X') - f_{{\mathrm{{mean}}}}(X')\).")
            q_text = (f"Deep Sets: φ(x) = ReLU({a}x + {b}), ρ(s) = {c}s + {dd}; f_sum(X) = ρ(Σᵢ φ(xᵢ)) and f_mean(X) = "
                      f"ρ((1/|X|)Σᵢ φ(xᵢ)). Let X = {uni(tuple(xs))} and X′ the multiset with every element of X repeated "
                      f"{m} times. Give f_sum(X′) − f_mean(X′).")
        kind = "number"
    say = CHECK.statement()
    mistakes = [mm for mm in mistakes if not numeric.same_value(mm.answer, answer)]
    return Problem(prompt_tex=f"{q_tex} {say}", prompt_text=f"{q_text} {say}", answer=answer, kind=kind,
                   solution=tuple(steps), given={**given, "task": task}, checking=CHECK, mistakes=tuple(mistakes))


def verify(given: dict, answer) -> Evidence:
    if given["task"] == "gcn":
        A = np.eye(4)
        for u, v in given["edges"]:
            A[u - 1, v - 1] = A[v - 1, u - 1] = 1
        dinv = np.diag(1 / np.sqrt(A.sum(axis=1)))
        out = np.maximum(dinv @ A @ dinv @ np.array(given["H"], float) @ np.array(given["W"], float), 0)
        row = out[given["node"] - 1]
        got = answer if isinstance(answer, tuple) else (answer,)
        if len(got) != len(row):
            raise VerificationError("wrong length")
        err = max(numeric.require_close(float(a), float(e), "feature", rel=1e-9, floor=1e-12) for a, e in zip(got, row))
        return Evidence("numpy", f"D̃^(−1/2)(A + I)D̃^(−1/2) H W, ReLU, row {given['node']}: {row.round(6).tolist()}", err)
    a, b, c, d = given["a"], given["b"], float(sp.Rational(given["c"])), given["d"]
    xs = list(given["xs"])
    random.Random(len(xs)).shuffle(xs)                      # a set function must not care about order
    phi = lambda x: max(a * x + b, 0)  # noqa: E731
    if "m" in given:
        big = xs * given["m"]
        expected = (c * sum(map(phi, big)) + d) - (c * sum(map(phi, big)) / len(big) + d)
    else:
        expected = c * sum(map(phi, xs)) + d
    err = numeric.require_close(float(answer), expected, "f(X)", rel=1e-9, floor=1e-12)
    return Evidence("python", f"the model evaluated on a shuffled copy of the list: {expected:.6g}", err)


FAMILY = Family(
    name="gcn_deepsets", version=1, title="Graph convolution and Deep Sets",
    summary="One GCN layer with the symmetric normalisation on a small graph; Deep Sets sum vs mean pooling.",
    params={
        "level": Param(1, (1, 2), "1: scalar features / one list; 2: 2-d features and W / sum vs mean pooling"),
        "task": Param("gcn", ("gcn", "deepsets"), "gcn: a node's new feature; deepsets: the set function's value"),
    },
    levels={1: "a GCN layer with scalar features; Deep Sets on one list (ReLU cuts an element)",
            2: "a GCN layer with 2-d features and a 2×2 W (ReLU sometimes switches a coordinate off); sum vs mean "
               "pooling under repetition"},
    generate=generate, verify=verify,
)
