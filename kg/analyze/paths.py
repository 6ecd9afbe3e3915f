"""Betweenness and closeness by breadth-first search from many sources at once.

networkx's exact betweenness takes about 600 s on 10,000 nodes and 50,000 edges here. This
module runs Brandes' algorithm on a whole batch of sources together, in the algebraic form
(sparse adjacency matrix times a dense block with one column per source): each BFS level is
one matrix product, and the backward accumulation of dependencies another. Same answer as
networkx (hop counts; the number of agreements on an edge does not make it shorter), in
about 10-20 s at that size on two cores (``benchmarks/network_bench.py``).

Path counts are kept in float32, which is exact up to 2**24 paths and accurate to about
1e-7 beyond; a batch whose counts overflow float32 is redone in float64.

Above a budget of work (nodes x edges of a connected component) the sources of that
component are a uniform sample, and the result is scaled up; the error of that estimate is
measured in the benchmark and stated in ``docs/network.md``.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Hashable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import networkx as nx
import numpy as np
import scipy.sparse

log = logging.getLogger(__name__)

#: Work (component nodes x component edges) up to which every node is a source.
EXACT_WORK = 600_000_000
#: Cells of one dense block (nodes x sources in a batch): 4 MB each in float32.
BLOCK_CELLS = 1 << 20
MAX_BATCH = 512
#: Batches run side by side, one per core (two on the machine the benchmarks ran on).
WORKERS = os.cpu_count() or 1


@dataclass(frozen=True)
class Sources:
    """The BFS sources (matrix indices), the weight that scales each one's share, and the
    size of each one's component (where its search can stop)."""

    index: np.ndarray
    weight: np.ndarray
    size: np.ndarray
    sampled: bool


def _adjacency(G: nx.Graph, nodes: list[Hashable]) -> scipy.sparse.csr_array:
    matrix = nx.to_scipy_sparse_array(G, nodelist=nodes, weight=None, dtype=np.float32)
    matrix.setdiag(0)
    matrix.eliminate_zeros()
    matrix.data[:] = 1.0
    return scipy.sparse.csr_array(matrix)


def choose_sources(
    G: nx.Graph, nodes: list[Hashable], k: int | None = None, seed: int = 0
) -> Sources:
    """Every node of a small component; a uniform sample of a big one.

    With ``k`` each component of more than ``k`` nodes gets ``k * size / n`` sources (at
    least one); without it, a component is sampled only when its size times its number of
    edges exceeds ``EXACT_WORK``, down to that budget.
    """
    rng = np.random.default_rng(seed)
    index = {node: i for i, node in enumerate(nodes)}
    chosen: list[np.ndarray] = []
    weights: list[np.ndarray] = []
    sizes: list[np.ndarray] = []
    sampled = False
    n = len(nodes)
    for component in sorted(nx.connected_components(G), key=lambda c: min(index[v] for v in c)):
        members = np.sort(np.fromiter((index[v] for v in component), dtype=np.int64))
        size = len(members)
        if k is not None:
            take = min(size, max(1, round(k * size / n)))
        else:
            edges = G.subgraph(component).number_of_edges()
            take = size if size * edges <= EXACT_WORK else max(1, EXACT_WORK // max(edges, 1))
        if take < size:
            sampled = True
            members = np.sort(rng.choice(members, size=take, replace=False))
            log.info("component of %d nodes: %d sampled sources", size, take)
        chosen.append(members)
        weights.append(np.full(take, size / take))
        sizes.append(np.full(take, size))
    if not chosen:
        return Sources(np.zeros(0, np.int64), np.zeros(0), np.zeros(0, np.int64), False)
    return Sources(np.concatenate(chosen), np.concatenate(weights), np.concatenate(sizes), sampled)


def _sweep(
    A: scipy.sparse.csr_array,
    sources: np.ndarray,
    weight: np.ndarray,
    sizes: np.ndarray,
    backward: bool,
    dtype: type[np.floating],
) -> tuple[np.ndarray, np.ndarray] | None:
    """One batch: per node, the weighted sum of distances from the sources, and the
    weighted dependency (betweenness before scaling). None when path counts overflow."""
    n, b = A.shape[0], len(sources)
    cols = np.arange(b)
    matrix = A if A.dtype == dtype else A.astype(dtype)
    sigma = np.zeros((n, b), dtype)
    sigma[sources, cols] = 1
    unvisited = np.ones((n, b), dtype)
    unvisited[sources, cols] = 0
    frontier = sigma.copy()
    levels = [sigma > 0]
    distances = np.zeros(n)
    same_weight = bool(np.all(weight == weight[0])) if b else True
    seen = np.ones(b, np.int64)
    with np.errstate(over="ignore", invalid="ignore"):
        while not np.all(seen >= sizes):  # every search has reached its whole component
            reached = matrix @ frontier
            reached *= unvisited
            new = reached > 0
            if not new.any():
                break
            unvisited *= ~new
            seen += np.count_nonzero(new, axis=0)
            levels.append(new)
            depth = len(levels) - 1
            if same_weight:  # the usual case: counting beats a float product
                distances += depth * weight[0] * np.count_nonzero(new, axis=1)
            else:
                distances += depth * (new @ weight)
            if backward:
                sigma += reached
                frontier = reached
            else:  # distances only: which nodes are reached, not by how many paths
                frontier = new.astype(dtype)
    if not backward:
        return distances, np.zeros(n)
    if not np.isfinite(sigma).all():
        return None
    inverse = np.divide(1.0, sigma, out=np.zeros_like(sigma), where=sigma > 0)
    delta = np.zeros((n, b), dtype)
    scratch = np.empty((n, b), dtype)
    # Down to depth 2: what depth 1 would carry goes to the sources, which count nothing.
    for depth in range(len(levels) - 1, 1, -1):
        np.add(delta, 1, out=scratch)
        scratch *= inverse
        scratch *= levels[depth]
        carried = matrix @ scratch
        carried *= sigma
        carried *= levels[depth - 1]
        delta += carried
    delta[sources, cols] = 0
    if not np.isfinite(delta).all():
        return None
    return distances, delta.astype(np.float64) @ weight


def sweep(
    G: nx.Graph, *, k: int | None = None, seed: int = 0, backward: bool = True
) -> tuple[list[Hashable], np.ndarray, np.ndarray, Sources]:
    """BFS from the chosen sources of ``G``: ``(nodes, distance sums, dependencies, sources)``.

    Both sums are over sources, each weighted by ``Sources.weight``.
    """
    nodes = list(G)
    n = len(nodes)
    chosen = choose_sources(G, nodes, k, seed)
    distances, dependency = np.zeros(n), np.zeros(n)
    if n == 0:
        return nodes, distances, dependency, chosen
    A = _adjacency(G, nodes)
    batch = int(max(1, min(MAX_BATCH, BLOCK_CELLS // n)))

    def run(start: int) -> tuple[np.ndarray, np.ndarray]:
        part = slice(start, start + batch)
        sources, weight, sizes = chosen.index[part], chosen.weight[part], chosen.size[part]
        result = _sweep(A, sources, weight, sizes, backward, np.float32)
        if result is None:
            log.info("path counts overflow float32; batch redone in float64")
            result = _sweep(A, sources, weight, sizes, backward, np.float64)
        if result is None:
            raise OverflowError("more shortest paths than float64 can count")
        return result

    starts = range(0, len(chosen.index), batch)
    # scipy's sparse product and numpy's array arithmetic release the GIL: threads use
    # every core without copying the matrix into other processes.
    with ThreadPoolExecutor(max_workers=max(1, min(WORKERS, len(starts)))) as pool:
        for found_distances, found_dependency in pool.map(run, starts):
            distances += found_distances
            dependency += found_dependency
    return nodes, distances, dependency, chosen


def betweenness(G: nx.Graph, *, k: int | None = None, seed: int = 0) -> dict[Hashable, float]:
    """Normalised shortest-path betweenness, as ``nx.betweenness_centrality(G)``.

    ``k`` samples about that many sources (see ``choose_sources``); by default sampling
    starts only above ``EXACT_WORK``.

    >>> betweenness(nx.path_graph(3))
    {0: 0.0, 1: 1.0, 2: 0.0}
    >>> betweenness(nx.Graph())
    {}
    """
    nodes, _, dependency, _ = sweep(G, k=k, seed=seed)
    n = len(nodes)
    scale = 1.0 / ((n - 1) * (n - 2)) if n > 2 else 1.0
    return {node: float(value) * scale for node, value in zip(nodes, dependency, strict=True)}


def closeness(G: nx.Graph, *, k: int | None = None, seed: int = 0) -> dict[Hashable, float]:
    """Closeness with the Wasserman-Faust correction, as ``nx.closeness_centrality(G)``.

    In a sampled component the mean distance of a node to the others is estimated from
    its distances to the sampled sources.

    >>> closeness(nx.path_graph(3))
    {0: 0.6666666666666666, 1: 1.0, 2: 0.6666666666666666}
    """
    nodes, distances, _, chosen = sweep(G, k=k, seed=seed, backward=False)
    n = len(nodes)
    index = {node: i for i, node in enumerate(nodes)}
    is_source = np.zeros(n, bool)
    is_source[chosen.index] = True
    source_weight = np.zeros(n)
    source_weight[chosen.index] = chosen.weight
    scores = dict.fromkeys(nodes, 0.0)
    for component in nx.connected_components(G):
        members = np.fromiter((index[v] for v in component), dtype=np.int64)
        size = len(members)
        if size < 2:
            continue
        # Weighted count of the sources that reach each member, itself excluded.
        reached = source_weight[members].sum() - source_weight[members] * is_source[members]
        for i, total, seen in zip(members, distances[members], reached, strict=True):
            if total > 0 and seen > 0:
                mean = total / seen
                scores[nodes[i]] = float((1.0 / mean) * (size - 1) / (n - 1))
    return scores
