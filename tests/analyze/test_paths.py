"""Batched BFS betweenness and closeness: the same answers as networkx, and estimates."""

from __future__ import annotations

import networkx as nx
import pytest

from kg.analyze import paths


def approx(scores: dict) -> dict:
    return {node: pytest.approx(value, abs=1e-6) for node, value in scores.items()}


@pytest.mark.parametrize(
    "G",
    [
        nx.barabasi_albert_graph(300, 2, seed=1),
        nx.grid_2d_graph(12, 12),
        nx.disjoint_union(nx.star_graph(5), nx.cycle_graph(7)),
        nx.empty_graph(4),
        nx.path_graph(2),
    ],
    ids=["scale-free", "grid", "two-parts", "no-links", "one-link"],
)
def test_exact_equals_networkx(G: nx.Graph) -> None:
    assert paths.betweenness(G) == approx(nx.betweenness_centrality(G))
    assert paths.closeness(G) == approx(nx.closeness_centrality(G))


def test_small_batches_give_the_same_answer(monkeypatch: pytest.MonkeyPatch) -> None:
    G = nx.les_miserables_graph()
    monkeypatch.setattr(paths, "BLOCK_CELLS", 7 * len(G))  # batches of 7 sources
    assert paths.betweenness(G) == approx(nx.betweenness_centrality(G))


def test_path_counts_beyond_float32_are_redone_in_float64() -> None:
    # A chain of 130 diamonds has 2**130 shortest paths end to end, past float32's 3.4e38.
    G = nx.Graph()
    for i in range(130):
        G.add_edges_from([(3 * i, 3 * i + 1), (3 * i, 3 * i + 2),
                          (3 * i + 1, 3 * i + 3), (3 * i + 2, 3 * i + 3)])  # fmt: skip
    expected = nx.betweenness_centrality(G)
    assert paths.betweenness(G) == {n: pytest.approx(v, rel=1e-6) for n, v in expected.items()}


def test_sampled_sources_estimate_close_to_exact() -> None:
    G = nx.barabasi_albert_graph(600, 3, seed=2)
    exact = paths.betweenness(G)  # equal to networkx, as the tests above show
    estimate = paths.betweenness(G, k=150)
    assert max(abs(estimate[n] - exact[n]) for n in G) < 0.02
    top = sorted(exact, key=exact.__getitem__)[-10:]
    assert len(set(top) & set(sorted(estimate, key=estimate.__getitem__)[-10:])) >= 8
    truth, near = paths.closeness(G), paths.closeness(G, k=150)
    assert max(abs(near[n] - truth[n]) / truth[n] for n in G) < 0.1


def test_big_components_are_sampled_within_the_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    G = nx.disjoint_union(nx.barabasi_albert_graph(200, 2, seed=3), nx.path_graph(5))
    monkeypatch.setattr(paths, "EXACT_WORK", 200 * 100)  # the big part gets ~50 sources
    chosen = paths.choose_sources(G, list(G))
    assert chosen.sampled
    assert len(chosen.index) == 200 * 100 // G.subgraph(range(200)).number_of_edges() + 5
    assert set(range(200, 205)) <= set(chosen.index.tolist())  # the small part: every node
    assert paths.betweenness(G)[202] == pytest.approx(nx.betweenness_centrality(G)[202])
