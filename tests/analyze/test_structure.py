"""Communities, k-cores, bridges and who links communities, on graphs with known answers."""

from __future__ import annotations

import networkx as nx
import pytest

from kg.analyze.structure import (
    bridges,
    communities,
    community_of,
    core_number,
    cut_points,
    participation,
    partner_countries,
)


def two_triangles() -> nx.Graph:
    """Two triangles joined by the link c - d."""
    return nx.Graph([("a", "b"), ("b", "c"), ("a", "c"), ("d", "e"), ("e", "f"), ("d", "f"),
                     ("c", "d")])  # fmt: skip


def test_two_triangles_are_two_communities() -> None:
    assert communities(two_triangles()) == [["a", "b", "c"], ["d", "e", "f"]]


def test_communities_are_the_same_every_time() -> None:
    G = nx.les_miserables_graph()
    assert communities(G) == communities(G.copy())
    assert sum(len(c) for c in communities(G)) == len(G)


def test_participation_is_high_only_where_communities_meet() -> None:
    G = two_triangles()
    scores = participation(G)
    assert scores["a"] == scores["f"] == 0.0
    assert scores["c"] == pytest.approx(1 - (2 / 3) ** 2 - (1 / 3) ** 2)
    lonely = nx.Graph([("x", "y")])
    lonely.add_node("z")
    assert participation(lonely)["z"] == 0.0


def test_core_numbers() -> None:
    G = nx.complete_graph(4)
    G.add_edge(3, 4)
    G.add_edge(4, 4)  # a self-loop must not lift 4 into a core
    assert core_number(G) == {0: 3.0, 1: 3.0, 2: 3.0, 3: 3.0, 4: 1.0}


def test_bridges_and_cut_points() -> None:
    assert bridges(two_triangles()) == [("c", "d")]
    assert cut_points(two_triangles()) == ["c", "d"]
    assert bridges(nx.cycle_graph(5)) == [] and cut_points(nx.cycle_graph(5)) == []


def test_partner_countries_leave_bodies_out() -> None:
    G = nx.Graph([("vn/a", "la/b"), ("vn/a", "kh/c"), ("vn/a", "vn/a|UBND")])
    nx.set_node_attributes(G, {"vn/a": "VN", "la/b": "LA", "kh/c": "KH", "vn/a|UBND": "VN"},
                           "country")  # fmt: skip
    G.nodes["vn/a|UBND"]["group"] = "body"
    assert partner_countries(G) == {"vn/a": 2.0, "la/b": 1.0, "kh/c": 1.0, "vn/a|UBND": 1.0}


def test_community_of() -> None:
    assert community_of(communities(two_triangles()))["e"] == 1
