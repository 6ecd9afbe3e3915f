"""Centrality measures on the partnership network, looked up by name.

Each measure is ``f(G) -> dict[node, float]``. The edge attribute ``weight`` (number of
distinct events between two partners, 1 when absent) counts where a stronger tie means
something: weighted degree, PageRank and eigenvector. Degree, betweenness and closeness
count partners and hops: a partnership is one link however many agreements it holds.

Every measure finishes within 30 s on 10,000 nodes and 50,000 edges on two cores
(``benchmarks/network_bench.py``): betweenness and closeness come from
``kg.analyze.paths`` (batched breadth-first search), the rest from networkx and scipy.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Hashable
from typing import Any

import networkx as nx
import numpy as np
import scipy.sparse.linalg

from kg.analyze import paths, structure
from kg.errors import KgError

log = logging.getLogger(__name__)

Measure = Callable[[nx.Graph], dict[Any, float]]

#: Components up to this size get a dense eigen-decomposition, larger ones ARPACK.
DENSE_EIGEN_MAX_NODES = 500


class UnknownMeasureError(KgError):
    """A measure name we do not know."""


def degree(G: nx.Graph) -> dict[Any, float]:
    """Share of the other localities each node is partnered with (unweighted).

    >>> degree(nx.star_graph(3))
    {0: 1.0, 1: 0.3333333333333333, 2: 0.3333333333333333, 3: 0.3333333333333333}
    >>> degree(nx.Graph())
    {}
    """
    return dict(nx.degree_centrality(G))


def weighted_degree(G: nx.Graph) -> dict[Any, float]:
    """The number of events a node took part in, over all its partners.

    >>> G = nx.Graph()
    >>> G.add_edge("a", "b", weight=3); G.add_edge("b", "c")
    >>> weighted_degree(G)
    {'a': 3.0, 'b': 4.0, 'c': 1.0}
    """
    return {node: float(value) for node, value in G.degree(weight="weight")}


def betweenness(G: nx.Graph) -> dict[Any, float]:
    """Normalised betweenness (hops): the share of shortest paths between other localities
    that pass through a node. Exact up to ``paths.EXACT_WORK``, then source-sampled.

    >>> betweenness(nx.star_graph(3))
    {0: 1.0, 1: 0.0, 2: 0.0, 3: 0.0}
    >>> betweenness(nx.path_graph(3))
    {0: 0.0, 1: 1.0, 2: 0.0}
    """
    return paths.betweenness(G)


def closeness(G: nx.Graph) -> dict[Any, float]:
    """Closeness (hops), Wasserman-Faust corrected for disconnected networks.

    >>> closeness(nx.star_graph(2))
    {0: 1.0, 1: 0.6666666666666666, 2: 0.6666666666666666}
    """
    return paths.closeness(G)


def pagerank(G: nx.Graph) -> dict[Any, float]:
    """PageRank (damping 0.85) with edges weighted by their number of events.

    >>> scores = pagerank(nx.star_graph(3))
    >>> max(scores, key=scores.get), round(sum(scores.values()), 6)
    (0, 1.0)
    >>> pagerank(nx.Graph())
    {}
    """
    if len(G) == 0:
        return {}
    return dict(nx.pagerank(G, weight="weight"))


def _leading_vector(component: nx.Graph) -> np.ndarray:
    nodes = list(component)
    matrix = nx.to_scipy_sparse_array(component, nodelist=nodes, weight="weight", dtype=float)
    if len(nodes) <= DENSE_EIGEN_MAX_NODES:
        _, vectors = np.linalg.eigh(matrix.toarray())
        vector = vectors[:, -1]
    else:
        start = np.ones(len(nodes))
        _, vectors = scipy.sparse.linalg.eigsh(matrix, k=1, which="LA", v0=start)
        vector = vectors[:, 0]
    vector = np.abs(vector)  # Perron vector: one sign throughout, fix it positive
    return vector / np.linalg.norm(vector)


def eigenvector(G: nx.Graph) -> dict[Any, float]:
    """Eigenvector centrality, weighted, that also works on disconnected or tiny graphs.

    The leading eigenvector of a disconnected graph lives on one component only and is
    ambiguous when two components tie, so each connected component gets its own leading
    eigenvector (unit length), scaled by ``sqrt(size / n)``: a node in a big component
    outranks the same position in a small one, and on a connected graph this is the usual
    unit-length eigenvector centrality. Isolated nodes score 0.

    >>> {n: round(s, 4) for n, s in eigenvector(nx.star_graph(3)).items()}
    {0: 0.7071, 1: 0.4082, 2: 0.4082, 3: 0.4082}
    >>> two = nx.Graph([(0, 1), (2, 3)])
    >>> {n: round(s, 4) for n, s in eigenvector(two).items()}
    {0: 0.5, 1: 0.5, 2: 0.5, 3: 0.5}
    >>> eigenvector(nx.empty_graph(1)), eigenvector(nx.Graph())
    ({0: 0.0}, {})
    """
    scores = dict.fromkeys(G, 0.0)
    n = len(G)
    for nodes in nx.connected_components(G):
        if len(nodes) < 2:
            continue
        component = G.subgraph(nodes)
        vector = _leading_vector(component) * np.sqrt(len(nodes) / n)
        scores.update(zip(component, (float(x) for x in vector), strict=True))
    return scores


MEASURES: dict[str, Measure] = {
    "degree": degree,
    "weighted_degree": weighted_degree,
    "betweenness": betweenness,
    "closeness": closeness,
    "pagerank": pagerank,
    "eigenvector": eigenvector,
    "kcore": structure.core_number,
    "participation": structure.participation,
    "partner_countries": structure.partner_countries,
}

#: One line per measure, for ``--help`` and the docs.
DESCRIPTIONS: dict[str, str] = {
    "degree": "share of the other localities a locality is partnered with",
    "weighted_degree": "number of events, over all partners",
    "betweenness": "share of shortest paths between others that pass through it",
    "closeness": "how few hops it is from everyone else it can reach",
    "pagerank": "PageRank, ties weighted by their number of events",
    "eigenvector": "partnered with well-partnered localities (weighted)",
    "kcore": "the deepest k-core it belongs to",
    "participation": "how evenly its partners spread over the Louvain communities",
    "partner_countries": "number of countries among its partners",
}


def measure_function(name: str) -> Measure:
    """The measure called ``name``; ``UnknownMeasureError`` lists the known ones.

    >>> measure_function("pagerank").__name__
    'pagerank'
    >>> measure_function("fame")
    Traceback (most recent call last):
    ...
    kg.analyze.measures.UnknownMeasureError: unknown measure 'fame'; known: degree, \
weighted_degree, betweenness, closeness, pagerank, eigenvector, kcore, participation, \
partner_countries
    """
    try:
        return MEASURES[name]
    except KeyError:
        known = ", ".join(MEASURES)
        raise UnknownMeasureError(f"unknown measure {name!r}; known: {known}") from None


def order(G: nx.Graph, scores: dict[Any, float]) -> list[Hashable]:
    """Nodes best first; ties by label, then node id (rounded, so float noise ties)."""

    def label(node: Hashable) -> str:
        return str(G.nodes[node].get("label") or node)

    return sorted(scores, key=lambda n: (-round(scores[n], 12), label(n), str(n)))


def rank(G: nx.Graph, measure: str, top: int | None = None) -> list[tuple[Hashable, str, float]]:
    """``(node, label, score)`` best first; ties by label, then node id.

    >>> G = nx.star_graph(3)
    >>> nx.set_node_attributes(G, {0: "Hub", 1: "C", 2: "A", 3: "B"}, "label")
    >>> rank(G, "betweenness")
    [(0, 'Hub', 1.0), (2, 'A', 0.0), (3, 'B', 0.0), (1, 'C', 0.0)]
    >>> rank(G, "degree", top=1)
    [(0, 'Hub', 1.0)]
    """
    scores = measure_function(measure)(G)
    rows = order(G, scores)
    if top is not None:
        rows = rows[: max(top, 0)]
    return [(node, str(G.nodes[node].get("label") or node), scores[node]) for node in rows]
