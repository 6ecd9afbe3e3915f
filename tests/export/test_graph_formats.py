"""GraphML, GEXF and CSV: read back by networkx, and by a second, plain XML / CSV reader."""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pytest

from kg.analyze.measures import degree, pagerank
from kg.errors import FormatError
from kg.export.graph_formats import CSV_COLUMNS, export_network

GRAPHML = "{http://graphml.graphdrawing.org/xmlns}"
GEXF = "{http://www.gexf.net/1.2draft}"
VIZ = "{http://www.gexf.net/1.2draft/viz}"


@pytest.fixture
def scores(graph: nx.Graph) -> dict[str, dict]:
    return {"degree": degree(graph), "pagerank": pagerank(graph)}


def test_graphml_read_back_by_networkx(graph: nx.Graph, scores: dict, tmp_path: Path) -> None:
    path = tmp_path / "n.graphml"
    export_network(graph, "graphml", path, scores=scores)
    back = nx.read_graphml(path)
    assert set(back) == set(graph) and back.number_of_edges() == graph.number_of_edges()
    city = back.nodes["vn/lao-cai/lao-cai"]
    assert city["label"] == "Lào Cai" and city["kind"] == "provincial_city"
    assert city["degree"] == pytest.approx(scores["degree"]["vn/lao-cai/lao-cai"])
    mou = back.edges["la/bolikhamxai/pakxan", "vn/lao-cai"]
    assert mou["weight"] == 1 and mou["relation"] == "signed_mou"
    assert mou["years"] == "2018" and mou["first_year"] == 2018
    assert mou["sources"] == "https://example.org/lao-cai?a=1&b=2"
    assert "Pạc Xăn ký biên bản" in mou["evidence"]


def test_graphml_read_by_a_plain_xml_reader(graph: nx.Graph, scores: dict) -> None:
    root = ET.fromstring(export_network(graph, "graphml", scores=scores))
    keys = {k.get("id"): (k.get("for"), k.get("attr.name"), k.get("attr.type"))
            for k in root.iter(f"{GRAPHML}key")}  # fmt: skip
    declared = {(kind, name, kind_of) for kind, name, kind_of in keys.values()}
    assert ("node", "label", "string") in declared and ("edge", "weight", "long") in declared
    assert ("node", "pagerank", "double") in declared
    nodes = {n.get("id"): n for n in root.iter(f"{GRAPHML}node")}
    labels = {
        node_id: next(d.text for d in n if keys[d.get("key")][1] == "label")
        for node_id, n in nodes.items()
    }
    assert labels["cn/yunnan"] == "Vân Nam"
    assert len(list(root.iter(f"{GRAPHML}edge"))) == graph.number_of_edges()


def test_gexf_read_back_by_networkx(graph: nx.Graph, scores: dict, tmp_path: Path) -> None:
    path = tmp_path / "n.gexf"
    export_network(graph, "gexf", path, scores=scores, size_by="pagerank")
    back = nx.read_gexf(path)
    assert set(back) == set(graph)
    assert back.nodes["cn/yunnan"]["label"] == "Vân Nam"
    assert back.nodes["cn/yunnan"]["viz"]["color"] == {"r": 31, "g": 119, "b": 180, "a": 1.0}
    assert back.edges["la/bolikhamxai/pakxan", "vn/lao-cai"]["weight"] == 1


def test_gexf_read_by_a_plain_xml_reader(graph: nx.Graph, scores: dict) -> None:
    data = export_network(graph, "gexf", scores=scores, size_by="degree")
    root = ET.fromstring(data)
    assert root.get("version") == "1.2"
    (meta,) = root.iter(f"{GEXF}meta")
    assert meta.get("lastmodifieddate") is None  # no date: same network, same bytes
    gexf_graph = root.find(f"{GEXF}graph")
    assert gexf_graph is not None and gexf_graph.get("mode") == "dynamic"
    nodes = {n.get("id"): n for n in root.iter(f"{GEXF}node")}
    assert nodes["vn/lao-cai/lao-cai"].get("label") == "Lào Cai"
    assert nodes["vn/lao-cai/lao-cai"].get("start") == "2010"  # for Gephi's timeline
    assert nodes["vn/lao-cai"].find(f"{VIZ}position") is not None
    sizes = {i: float(n.find(f"{VIZ}size").get("value")) for i, n in nodes.items()}  # type: ignore[union-attr]
    assert max(sizes, key=sizes.__getitem__) in {"vn/lao-cai", "la/bolikhamxai/pakxan"}
    assert data == export_network(graph, "gexf", scores=scores, size_by="degree")


def test_csv_edge_list(graph: nx.Graph) -> None:
    text = export_network(graph, "csv").decode("utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert len(rows) == graph.number_of_edges()
    twinned = next(r for r in rows if r["relation"] == "twinned")
    assert (twinned["source"], twinned["target"], twinned["years"]) == (
        "cn/hekou", "vn/lao-cai/lao-cai", "2010",
    )  # fmt: skip
    back = nx.read_edgelist(
        io.StringIO("\n".join(f"{r['source']} {r['target']}" for r in rows)), nodetype=str
    )
    assert sorted(map(sorted, back.edges())) == sorted(map(sorted, graph.edges()))


def test_bodies_and_rolled_up_lists_are_flattened(records: list[dict], tmp_path: Path) -> None:
    from kg.analyze.network import build_network

    G = build_network(records, include_bodies=True)
    back = nx.read_graphml(io.BytesIO(export_network(G, "graphml")))
    assert back.nodes["vn/lao-cai"]["bodies"] == "UBND tỉnh Lào Cai"
    assert back.nodes["vn/lao-cai|UBND tỉnh Lào Cai"]["group"] == "body"


def test_unknown_format(graph: nx.Graph) -> None:
    with pytest.raises(FormatError, match="unknown format 'dot' for a network"):
        export_network(graph, "dot")
