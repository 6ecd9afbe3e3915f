"""Time every network measure at national scale, and the error of sampled betweenness.

    python benchmarks/network_bench.py [--nodes 10000] [--edges 50000] [--networkx]

Graphs: a uniform random graph (networkx ``gnm_random_graph``) and a scale-free one
(``barabasi_albert_graph``, m = edges / nodes), both with ``weight`` 1-3 on the edges,
plus ``kg.analyze.timeline`` on the synthetic partnership network of
``network_synthetic.py``. Prints seconds per measure, then betweenness estimated from
k sampled sources against the exact values (max absolute error, mean relative error over
the top 100, and how many of the exact top 10 the estimate also ranks top 10), then the
exact kernel against networkx on a smaller graph. ``--networkx`` also times networkx's own
exact betweenness on the big graphs (about 10 minutes each on two cores).
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import networkx as nx
import numpy as np

sys.path.insert(0, str(Path(__file__).parent))

from network_synthetic import synthetic_records  # noqa: E402

from kg.analyze import paths  # noqa: E402
from kg.analyze.measures import MEASURES  # noqa: E402
from kg.analyze.network import build_network  # noqa: E402
from kg.analyze.structure import bridges, communities, cut_points  # noqa: E402
from kg.analyze.timeline import timeline  # noqa: E402


def timed(func: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = func()
    return time.perf_counter() - start, result


def weighted(G: nx.Graph, seed: int = 0) -> nx.Graph:
    rng = random.Random(seed)
    for _, _, data in G.edges(data=True):
        data["weight"] = rng.choice((1, 1, 1, 2, 3))
    return G


def measures_table(graphs: dict[str, nx.Graph], with_networkx: bool) -> None:
    names = list(MEASURES) + ["communities", "bridges+cut points"]
    if with_networkx:
        names.append("networkx betweenness")
    print(f"{'measure':<22}" + "".join(f"{name:>16}" for name in graphs))
    extra: dict[str, Callable[[nx.Graph], Any]] = {
        "communities": communities,
        "bridges+cut points": lambda G: (bridges(G), cut_points(G)),
        "networkx betweenness": nx.betweenness_centrality,
    }
    for name in names:
        func = MEASURES.get(name) or extra[name]
        cells = []
        for G in graphs.values():
            seconds, _ = timed(lambda G=G, func=func: func(G))
            cells.append(f"{seconds:>15.2f}s")
        print(f"{name:<22}" + "".join(cells), flush=True)


def sampling_error(G: nx.Graph, ks: list[int]) -> None:
    exact_s, exact = timed(lambda: paths.betweenness(G))
    nodes = list(G)
    truth = np.array([exact[n] for n in nodes])
    top100 = np.argsort(-truth)[:100]
    top10 = set(np.argsort(-truth)[:10].tolist())
    print(f"exact: {exact_s:.1f}s")
    header = ("k", 6), ("seconds", 8), ("max abs err", 12), ("top-100 mean rel err", 21)
    print(" ".join(f"{name:>{width}}" for name, width in header), f"{'top-10 kept':>12}")
    for k in ks:
        errors = []
        for seed in range(3):
            seconds, estimate = timed(lambda k=k, seed=seed: paths.betweenness(G, k=k, seed=seed))
            guess = np.array([estimate[n] for n in nodes])
            rel = np.abs(guess[top100] - truth[top100]) / truth[top100]
            kept = len(top10 & set(np.argsort(-guess)[:10].tolist()))
            errors.append((seconds, np.abs(guess - truth).max(), rel.mean(), kept))
        s, m, r, kept = (np.mean([e[i] for e in errors]) for i in range(4))
        print(f"{k:>6} {s:>8.2f} {m:>12.5f} {r:>21.3f} {kept:>12.1f}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--nodes", type=int, default=10_000)
    parser.add_argument("--edges", type=int, default=50_000)
    parser.add_argument("--networkx", action="store_true")
    args = parser.parse_args()
    n, m = args.nodes, args.edges
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, load average {load}, "
          f"Python {platform.python_version()}, networkx {nx.__version__}")  # fmt: skip
    graphs = {
        "uniform": weighted(nx.gnm_random_graph(n, m, seed=1)),
        "scale-free": weighted(nx.barabasi_albert_graph(n, max(1, m // n), seed=1)),
    }
    for name, G in graphs.items():
        print(f"{name}: {len(G)} nodes, {G.size()} edges")
    measures_table(graphs, args.networkx)

    records = synthetic_records(n, edges_per_node=m / n)
    seconds, G = timed(lambda: build_network(records))
    print(f"\nbuild_network from {len(records)} records: {seconds:.2f}s "
          f"({len(G)} nodes, {G.size()} edges)")  # fmt: skip
    seconds, result = timed(lambda: timeline(G, measure="degree", top=3))
    print(f"timeline (degree, {len(result.rows)} years): {seconds:.2f}s")

    print("\nbetweenness from k sampled sources vs exact (uniform graph, mean of 3 seeds)")
    sampling_error(graphs["uniform"], [250, 500, 1000, 2000])

    small = nx.gnm_random_graph(1_000, 5_000, seed=2)
    mine_s, mine = timed(lambda: paths.betweenness(small))
    theirs_s, theirs = timed(lambda: nx.betweenness_centrality(small))
    worst = max(abs(mine[v] - theirs[v]) for v in small)
    print(f"\n1,000 nodes / 5,000 edges: kg {mine_s:.2f}s, networkx {theirs_s:.2f}s, "
          f"max difference {worst:.1e}")  # fmt: skip


if __name__ == "__main__":
    main()
