"""Centrality measures: known answers on small graphs, and the ranking."""

from __future__ import annotations

import math

import networkx as nx
import pytest

from kg.analyze.measures import MEASURES, UnknownMeasureError, rank
from kg.errors import KgError

NAMES = (
    "degree", "weighted_degree", "betweenness", "closeness", "pagerank", "eigenvector", "kcore",
    "participation", "partner_countries",
)  # fmt: skip
#: The measures where the centre of a star must score above its leaves.
CENTRAL = ("degree", "weighted_degree", "betweenness", "closeness", "pagerank", "eigenvector")


def approx(scores: dict) -> dict:
    return {node: pytest.approx(value, abs=1e-6) for node, value in scores.items()}


def labelled(G: nx.Graph) -> nx.Graph:
    nx.set_node_attributes(G, {n: f"N{n}" for n in G}, "label")
    return G


def test_the_measures_are_registered() -> None:
    assert tuple(MEASURES) == NAMES


@pytest.mark.parametrize("name", NAMES)
def test_every_measure_scores_every_node(name: str) -> None:
    G = nx.Graph([(0, 1), (1, 2), (3, 4)])
    G.add_node(5)
    scores = MEASURES[name](G)
    assert set(scores) == set(G)
    assert all(isinstance(v, float) and math.isfinite(v) for v in scores.values())


@pytest.mark.parametrize("name", NAMES)
def test_empty_graph(name: str) -> None:
    assert MEASURES[name](nx.Graph()) == {}


@pytest.mark.parametrize("name", CENTRAL)
def test_star_centre_ranks_first(name: str) -> None:
    G = labelled(nx.star_graph(4))
    scores = MEASURES[name](G)
    assert all(scores[0] > scores[leaf] for leaf in range(1, 5))
    assert len({round(scores[leaf], 9) for leaf in range(1, 5)}) == 1  # leaves tie
    assert rank(G, name)[0][:2] == (0, "N0")


def test_star_known_values() -> None:
    G = nx.star_graph(4)
    assert MEASURES["degree"](G) == approx({0: 1.0, 1: 0.25, 2: 0.25, 3: 0.25, 4: 0.25})
    assert MEASURES["betweenness"](G) == approx({0: 1.0, 1: 0.0, 2: 0.0, 3: 0.0, 4: 0.0})
    eig = MEASURES["eigenvector"](G)  # centre sqrt(1/2), leaves sqrt(1/8)
    assert eig == approx({0: math.sqrt(0.5), **{i: math.sqrt(1 / 8) for i in range(1, 5)}})
    assert sum(MEASURES["pagerank"](G).values()) == pytest.approx(1.0)


def test_path_known_values() -> None:
    G = nx.path_graph(4)  # 0 - 1 - 2 - 3
    assert MEASURES["degree"](G) == approx({0: 1 / 3, 1: 2 / 3, 2: 2 / 3, 3: 1 / 3})
    assert MEASURES["betweenness"](G) == approx({0: 0.0, 1: 2 / 3, 2: 2 / 3, 3: 0.0})
    pr = MEASURES["pagerank"](G)
    assert pr[1] == pytest.approx(pr[2]) and pr[0] == pytest.approx(pr[3]) and pr[1] > pr[0]
    eig = MEASURES["eigenvector"](G)
    golden = (1 + math.sqrt(5)) / 2  # the path's Perron vector is (1, phi, phi, 1), normalised
    assert eig[1] / eig[0] == pytest.approx(golden)
    assert math.hypot(*eig.values()) == pytest.approx(1.0)


def test_two_components() -> None:
    G = nx.Graph([("a", "b"), ("b", "c"), ("x", "y")])
    # b is on the one a-c path; normalised by the (5-1)(5-2)/2 = 6 pairs not involving b.
    assert MEASURES["betweenness"](G)["b"] == pytest.approx(1 / 6)
    assert MEASURES["degree"](G)["b"] == pytest.approx(2 / 4)
    eig = MEASURES["eigenvector"](G)
    # Each component has its own unit vector, scaled by sqrt(its share of the nodes).
    assert math.hypot(eig["a"], eig["b"], eig["c"]) == pytest.approx(math.sqrt(3 / 5))
    assert math.hypot(eig["x"], eig["y"]) == pytest.approx(math.sqrt(2 / 5))
    assert eig["x"] == pytest.approx(eig["y"])
    assert max(eig, key=eig.__getitem__) == "b"
    assert sum(MEASURES["pagerank"](G).values()) == pytest.approx(1.0)


def test_eigenvector_on_tiny_and_edgeless_graphs() -> None:
    assert MEASURES["eigenvector"](nx.empty_graph(1)) == {0: 0.0}
    assert MEASURES["eigenvector"](nx.empty_graph(3)) == {0: 0.0, 1: 0.0, 2: 0.0}
    two = MEASURES["eigenvector"](nx.path_graph(2))
    assert two == approx({0: math.sqrt(0.5), 1: math.sqrt(0.5)})
    isolated = nx.path_graph(3)
    isolated.add_node(9)
    assert MEASURES["eigenvector"](isolated)[9] == 0.0


def test_eigenvector_of_a_large_component_uses_the_sparse_solver() -> None:
    G = nx.cycle_graph(600)  # above the dense limit; every node alike
    scores = MEASURES["eigenvector"](G)
    assert max(scores.values()) == pytest.approx(min(scores.values()), rel=1e-6)
    assert math.hypot(*scores.values()) == pytest.approx(1.0)


def test_weights_count_where_a_stronger_tie_means_something() -> None:
    # a - b - c with many events on a-b and b-c: b then leads PageRank and weighted degree;
    # betweenness and closeness count hops, so the direct a-c link keeps b off the path.
    G = nx.Graph()
    G.add_edge("a", "b", weight=10)
    G.add_edge("b", "c", weight=10)
    G.add_edge("a", "c", weight=1)
    pr = MEASURES["pagerank"](G)
    assert pr["b"] > pr["a"]
    assert MEASURES["weighted_degree"](G) == approx({"a": 11.0, "b": 20.0, "c": 11.0})
    assert MEASURES["betweenness"](G) == approx({"a": 0.0, "b": 0.0, "c": 0.0})
    assert MEASURES["closeness"](G) == approx({"a": 1.0, "b": 1.0, "c": 1.0})


@pytest.mark.parametrize(
    "G",
    [nx.karate_club_graph(), nx.les_miserables_graph(), nx.gnm_random_graph(120, 200, seed=4)],
    ids=["karate", "les-miserables", "random"],
)
def test_betweenness_and_closeness_equal_networkx(G: nx.Graph) -> None:
    assert MEASURES["betweenness"](G) == approx(nx.betweenness_centrality(G))
    assert MEASURES["closeness"](G) == approx(nx.closeness_centrality(G))


def test_closeness_of_a_path_and_of_two_parts() -> None:
    assert MEASURES["closeness"](nx.path_graph(3)) == approx({0: 2 / 3, 1: 1.0, 2: 2 / 3})
    G = nx.Graph([("a", "b"), ("b", "c"), ("x", "y")])
    # Wasserman-Faust: (reachable - 1) / (n - 1) times the closeness within the part.
    assert MEASURES["closeness"](G) == approx(
        {"a": 2 / 3 * 2 / 4, "b": 1.0 * 2 / 4, "c": 2 / 3 * 2 / 4, "x": 1 / 4, "y": 1 / 4}
    )


def test_kcore_participation_and_partner_countries() -> None:
    G = nx.Graph([(0, 1), (1, 2), (0, 2), (2, 3)])
    assert MEASURES["kcore"](G) == {0: 2.0, 1: 2.0, 2: 2.0, 3: 1.0}
    nx.set_node_attributes(G, {0: "VN", 1: "VN", 2: "VN", 3: "LA"}, "country")
    assert MEASURES["partner_countries"](G) == {0: 1.0, 1: 1.0, 2: 2.0, 3: 1.0}
    assert all(0.0 <= v < 1.0 for v in MEASURES["participation"](G).values())


def test_rank_orders_by_score_then_label_and_cuts_at_top() -> None:
    G = nx.star_graph(3)
    nx.set_node_attributes(G, {0: "Hub", 1: "Cà Mau", 2: "An Giang", 3: "Bạc Liêu"}, "label")
    assert rank(G, "degree") == [
        (0, "Hub", 1.0),
        (2, "An Giang", pytest.approx(1 / 3)),
        (3, "Bạc Liêu", pytest.approx(1 / 3)),
        (1, "Cà Mau", pytest.approx(1 / 3)),
    ]
    assert [row[0] for row in rank(G, "degree", top=2)] == [0, 2]
    assert rank(G, "degree", top=0) == []
    assert rank(nx.Graph(), "pagerank") == []


def test_rank_falls_back_to_the_node_id_as_label() -> None:
    assert rank(nx.Graph([("vn/x", "la/y")]), "degree") == [
        ("la/y", "la/y", 1.0),
        ("vn/x", "vn/x", 1.0),
    ]


def test_unknown_measure_lists_the_known_ones() -> None:
    with pytest.raises(UnknownMeasureError) as caught:
        rank(nx.path_graph(2), "fame")
    assert isinstance(caught.value, KgError)
    message = str(caught.value)
    assert "'fame'" in message and all(name in message for name in NAMES)
