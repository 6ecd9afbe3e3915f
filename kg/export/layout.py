"""A fast, deterministic 2-D layout for networks too big for a force simulation.

``spring_layout`` takes more than a minute on 5,000 nodes here, so each connected component
is placed by pivot MDS (Brandes & Pich 2006: breadth-first distances from a few pivots,
double-centred, projected on their two main axes), its one-partner nodes are spread on a
ring around their partner (MDS would stack them), and the components are packed in rows,
biggest first. Units: one edge is about one unit long.
"""

from __future__ import annotations

import math
from collections.abc import Hashable

import networkx as nx
import numpy as np
from scipy.sparse.csgraph import shortest_path

Positions = dict[Hashable, tuple[float, float]]

PIVOTS = 50
GAP = 2.0  # space between packed components, in edge lengths


def _pivots(matrix: object, n: int, first: int, count: int) -> np.ndarray:
    """Farthest-first pivots; returns their distance rows (count x n)."""
    rows: list[np.ndarray] = []
    nearest = np.full(n, np.inf)
    pivot = first
    for _ in range(min(count, n)):
        row = shortest_path(matrix, unweighted=True, indices=pivot, directed=False)
        rows.append(row)
        nearest = np.minimum(nearest, row)
        pivot = int(np.argmax(nearest))
        if nearest[pivot] == 0:
            break
    return np.array(rows)


def _pivot_mds(G: nx.Graph, nodes: list[Hashable]) -> np.ndarray:
    n = len(nodes)
    if n == 1:
        return np.zeros((1, 2))
    if n == 2:
        return np.array([[-0.5, 0.0], [0.5, 0.0]])
    matrix = nx.to_scipy_sparse_array(G, nodelist=nodes, weight=None)
    degrees = np.asarray(matrix.sum(axis=1)).ravel()
    squared = _pivots(matrix, n, int(np.argmax(degrees)), PIVOTS).T ** 2  # n x k
    centred = (
        squared
        - squared.mean(axis=0, keepdims=True)
        - squared.mean(axis=1, keepdims=True)
        + squared.mean()
    ) * -0.5
    left, singular, _ = np.linalg.svd(centred, full_matrices=False)
    coords = left[:, :2] * singular[:2]
    if coords.shape[1] < 2:
        coords = np.column_stack([coords, np.zeros(n)])
    # SVD signs are arbitrary: make the farthest point of each axis positive.
    for axis in range(2):
        if coords[np.argmax(np.abs(coords[:, axis])), axis] < 0:
            coords[:, axis] *= -1
    lengths = [np.linalg.norm(coords[i] - coords[j]) for i, j in _edge_index(G, nodes)]
    median = float(np.median(lengths)) if lengths else 0.0
    return coords / median if median > 1e-9 else coords


def _edge_index(G: nx.Graph, nodes: list[Hashable]) -> list[tuple[int, int]]:
    index = {node: i for i, node in enumerate(nodes)}
    return [(index[u], index[v]) for u, v in G.edges() if u != v]


def _component_layout(G: nx.Graph) -> Positions:
    """Core by pivot MDS, leaves (one partner) on a ring around that partner."""
    nodes = sorted(G, key=str)
    leaves = [n for n in nodes if G.degree(n) == 1 and len(G) > 2]
    leaf_set = set(leaves)
    core = [n for n in nodes if n not in leaf_set] or nodes[:1]
    by_partner: dict[Hashable, list[Hashable]] = {}
    for leaf in leaves:
        (partner,) = G.neighbors(leaf)
        by_partner.setdefault(partner, []).append(leaf)
    # Spread the core apart so that partners with many leaves have room for their rings.
    radii = [_radius(len(ring)) for ring in by_partner.values()]
    spread = max(1.0, 2.0 * math.sqrt(sum(r * r for r in radii) / len(radii))) if radii else 1.0
    coords = _pivot_mds(G.subgraph(core), core) * spread
    pos: Positions = {n: (float(x), float(y)) for n, (x, y) in zip(core, coords, strict=True)}
    for partner, ring in by_partner.items():
        _fan(pos, partner, ring, [n for n in G.neighbors(partner) if n not in leaf_set])
    return pos


def _radius(leaves: int) -> float:
    return max(0.8, leaves * 0.35 / (2 * math.pi))


def _fan(pos: Positions, partner: Hashable, ring: list[Hashable], others: list[Hashable]) -> None:
    """Spread ``ring`` around ``partner``, facing away from its other partners."""
    cx, cy = pos[partner]
    away = 0.0
    if others:
        mx = sum(pos[n][0] for n in others) / len(others)
        my = sum(pos[n][1] for n in others) / len(others)
        if (cx, cy) != (mx, my):
            away = math.atan2(cy - my, cx - mx)
    k = len(ring)
    radius = _radius(k)
    step = min(2 * math.pi / k, math.pi / 3)
    for i, leaf in enumerate(ring):
        angle = away + (i - (k - 1) / 2) * step
        pos[leaf] = (cx + radius * math.cos(angle), cy + radius * math.sin(angle))


def fast_layout(G: nx.Graph) -> Positions:
    """Positions for every node; same graph, same positions.

    >>> pos = fast_layout(nx.Graph([(0, 1), (1, 2), (5, 6)]))
    >>> sorted(pos) == [0, 1, 2, 5, 6] and len(set(pos.values())) == 5
    True
    >>> fast_layout(nx.Graph())
    {}
    """
    components = sorted(
        (G.subgraph(c) for c in nx.connected_components(G)),
        key=lambda c: (-len(c), min(str(n) for n in c)),
    )
    total_area = sum(len(c) for c in components) * 4.0
    row_width = max(math.sqrt(total_area), 1.0)
    placed: Positions = {}
    x = y = row_height = 0.0
    for component in components:
        local = _component_layout(component)
        xs = [p[0] for p in local.values()]
        ys = [p[1] for p in local.values()]
        width, height = max(xs) - min(xs), max(ys) - min(ys)
        if x > 0 and x + width > row_width:
            x, y, row_height = 0.0, y + row_height + GAP, 0.0
        for node, (px, py) in local.items():
            placed[node] = (x + px - min(xs), y + py - min(ys))
        x += width + GAP
        row_height = max(row_height, height)
    return placed
