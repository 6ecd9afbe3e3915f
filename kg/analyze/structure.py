"""The shape of the network: communities, k-cores, bridges, and who links communities.

Plain functions over an ``nx.Graph`` (the ``weight`` edge attribute is the number of
events); everything deterministic for a given graph (Louvain runs with a fixed seed).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable

import networkx as nx

#: Louvain resolution: above 1 favours smaller communities.
RESOLUTION = 1.0
SEED = 0

Community = list[Hashable]


def _key(node: Hashable) -> str:
    return str(node)


def communities(
    G: nx.Graph, *, resolution: float = RESOLUTION, seed: int = SEED
) -> list[Community]:
    """Louvain communities (weighted by events), biggest first; each sorted by node id.

    >>> G = nx.Graph([(0, 1), (1, 2), (0, 2), (3, 4), (4, 5), (3, 5), (2, 3)])
    >>> communities(G)
    [[0, 1, 2], [3, 4, 5]]
    >>> communities(nx.Graph())
    []
    """
    if len(G) == 0:
        return []
    found = nx.community.louvain_communities(G, weight="weight", resolution=resolution, seed=seed)
    groups = [sorted(c, key=_key) for c in found]
    return sorted(groups, key=lambda c: (-len(c), _key(c[0])))


def community_of(groups: list[Community]) -> dict[Hashable, int]:
    """Node -> index of its community in ``groups``.

    >>> community_of([["a", "b"], ["c"]])
    {'a': 0, 'b': 0, 'c': 1}
    """
    return {node: i for i, group in enumerate(groups) for node in group}


def participation(G: nx.Graph, groups: list[Community] | None = None) -> dict[Hashable, float]:
    """Participation coefficient (Guimerà & Amaral 2005): ``1 - sum_c (k_c / k)^2`` over
    the communities ``c`` of a node's partners. 0: all partners in one community; towards
    1: partners spread over many, the node links communities.

    >>> G = nx.Graph([(0, 1), (0, 2), (1, 2), (3, 4), (4, 5), (3, 5), (2, 3)])
    >>> scores = participation(G)
    >>> scores[0], round(scores[2], 4)
    (0.0, 0.4444)
    """
    member = community_of(groups if groups is not None else communities(G))
    scores = {}
    for node in G:
        degree = G.degree(node)
        if degree == 0:
            scores[node] = 0.0
            continue
        counts = Counter(member[n] for n in G.neighbors(node))
        scores[node] = 1.0 - sum((c / degree) ** 2 for c in counts.values())
    return scores


def core_number(G: nx.Graph) -> dict[Hashable, float]:
    """The k-core each node belongs to (the largest k with the node in a subgraph where
    everyone has at least k partners).

    >>> core_number(nx.Graph([(0, 1), (1, 2), (0, 2), (2, 3)]))
    {0: 2.0, 1: 2.0, 2: 2.0, 3: 1.0}
    """
    H = G.copy()
    H.remove_edges_from(nx.selfloop_edges(H))
    return {node: float(k) for node, k in nx.core_number(H).items()}


def partner_countries(G: nx.Graph) -> dict[Hashable, float]:
    """The number of countries among a node's partners (acting bodies left out).

    >>> G = nx.Graph([("vn", "la"), ("vn", "kh"), ("vn", "vn2")])
    >>> nx.set_node_attributes(G, {"vn": "VN", "vn2": "VN", "la": "LA", "kh": "KH"}, "country")
    >>> partner_countries(G)["vn"]
    3.0
    """
    scores = {}
    for node in G:
        found = {
            G.nodes[n].get("country")
            for n in G.neighbors(node)
            if G.nodes[n].get("group") != "body"
        }
        scores[node] = float(len(found - {None}))
    return scores


def bridges(G: nx.Graph) -> list[tuple[Hashable, Hashable]]:
    """Links whose loss would split their component, each as a sorted pair, sorted.

    >>> bridges(nx.Graph([(0, 1), (1, 2), (0, 2), (2, 3)]))
    [(2, 3)]
    """
    found = (tuple(sorted((u, v), key=_key)) for u, v in nx.bridges(G))
    return sorted(found, key=lambda e: (_key(e[0]), _key(e[1])))


def cut_points(G: nx.Graph) -> list[Hashable]:
    """Localities whose loss would split their component (articulation points), sorted.

    >>> cut_points(nx.path_graph(4))
    [1, 2]
    """
    return sorted(nx.articulation_points(G), key=_key)
