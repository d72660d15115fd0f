"""The prerequisite graph of the built-in knowledge base: the facts the quiz's frontier relies on.

New items are introduced in prerequisite order, so a machine-learning concept that reaches no
foundation (partial derivatives or random variables) would be offered before anything it builds
on, and a missing edge lets a learner meet a term before its definition (issue 12).
"""

from __future__ import annotations

import pytest

from osmose.kb import find_cycles

FOUNDATIONS = {"partial-derivatives", "random-variable"}

# (concept, prerequisite): each edge the review asked for, and the architectures built on the MLP.
EDGES = [
    ("hessian", "gradient"),
    ("hessian", "jacobian"),
    ("kl-divergence", "jensens-inequality"),
    ("hamiltonian-monte-carlo", "hamiltonian-mechanics"),
    ("pca", "eigendecomposition"),
    ("normalizing-flows", "jacobian-determinant"),
    ("normalizing-flows", "cdf-and-pdf"),
    ("deep-linear-networks", "singular-values"),
    ("deep-linear-networks", "gradient-descent"),
    ("jensens-inequality", "convexity"),
    ("variational-inference", "kl-divergence"),
    ("neural-tangent-kernel", "kernel-trick"),
    ("recurrent-networks", "chain-rule"),
    ("recurrent-networks", "singular-values"),
    ("gradnorm", "stochastic-gradient-descent"),
    ("gradnorm", "loss-functions"),
    ("wasserstein-distance", "cdf-and-pdf"),
    ("wasserstein-distance", "duality"),
    ("diffusion-models", "markov-chain"),
    ("diffusion-models", "elbo"),
    ("covariance-matrix", "random-variable"),
    ("homoscedasticity", "linear-regression"),
    ("attention", "dot-product"),
    ("loss-functions", "likelihood"),
    ("hamiltonian-monte-carlo", "gradient"),
    ("cross-validation", "overfitting-and-regularization"),
    ("convolutional-networks", "feed-forward-network"),
    ("recurrent-networks", "feed-forward-network"),
    ("graph-neural-networks", "feed-forward-network"),
    ("attention", "feed-forward-network"),
    ("transformer-block", "attention"),
    ("autoencoder", "pca"),
    ("expectation-maximization", "k-means"),
    ("expectation-maximization", "gaussian-mixture-model"),
]

# Edges the review found spurious: k-means is not built on the mixture model, and
# cross-validation is about held-out error, not about linear regression.
NOT_EDGES = [
    ("k-means", "gaussian-mixture-model"),
    ("cross-validation", "linear-regression"),
]


def reaches(kb, start: str, targets: set[str]) -> bool:
    seen, todo = set(), [start]
    while todo:
        cid = todo.pop()
        if cid in targets:
            return True
        if cid not in seen:
            seen.add(cid)
            todo.extend(kb.concepts[cid].requires)
    return False


def test_the_knowledge_base_loads_without_graph_errors(builtin_kb):
    assert not builtin_kb.errors, [str(e) for e in builtin_kb.errors[:5]]


def test_no_prerequisite_cycle(builtin_kb):
    graph = {c.id: list(c.requires) for c in builtin_kb.concepts.values()}
    assert find_cycles(graph) == []


def test_every_machine_learning_concept_reaches_a_foundation(builtin_kb):
    ml = [c.id for c in builtin_kb.concepts.values() if c.area == "machine-learning"]
    assert len(ml) > 30
    stranded = [cid for cid in ml if not reaches(builtin_kb, cid, FOUNDATIONS)]
    assert stranded == []


@pytest.mark.parametrize("concept, prerequisite", EDGES)
def test_prerequisite_edge(builtin_kb, concept, prerequisite):
    assert prerequisite in builtin_kb.concept(concept).requires


@pytest.mark.parametrize("concept, prerequisite", NOT_EDGES)
def test_spurious_edge_is_gone(builtin_kb, concept, prerequisite):
    assert prerequisite not in builtin_kb.concept(concept).requires


def test_k_means_and_em_are_separate_concepts(builtin_kb):
    assert "k-means-and-em" not in builtin_kb.concepts
    links = {e.generator: e.params for e in builtin_kb.concept("k-means").exercises}
    assert links["regression_kmeans"] == {"task": "kmeans"}          # the old concept's link moved here
    assert "gmm_em" not in links                                       # soft assignments live with EM
    assert "gmm_em" in {e.generator for e in builtin_kb.concept("expectation-maximization").exercises}


# Topics of the sources that the review found missing, each now a concept of its own.
NEW_CONCEPTS = [
    "feed-forward-network", "autoencoder", "transformer-block", "cross-attention", "flash-attention",
    "deep-sets", "conditional-gan", "discriminative-vs-generative", "qwem", "locally-linear-embedding",
    "linear-deconvolution", "train-validation-test", "k-means", "expectation-maximization",
    "augmented-random-search", "kernel-density-estimation", "mcmc-practice", "evidence-approximations",
]


@pytest.mark.parametrize("cid", NEW_CONCEPTS)
def test_missing_topic_has_a_connected_concept(builtin_kb, cid):
    concept = builtin_kb.concept(cid)
    assert concept.requires and concept.facts and concept.sources
