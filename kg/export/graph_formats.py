"""The network for the tools people already use: GraphML, GEXF (Gephi, Cytoscape) and CSV.

Lists become ``"; "``-joined text and missing values are left out, because both tools
expect one scalar per attribute. Every node has ``label`` (the name Gephi and Cytoscape
show), ``kind``, ``country``, ``group`` and the scores given; every edge ``weight`` (number
of events, Gephi's edge weight), ``relation`` (the strongest, for colouring), ``relations``,
``years``, ``first_year``, ``last_year``, ``sources`` and ``evidence``. GEXF also carries
colours and sizes (``viz``), the positions of ``kg.export.layout`` and, for Gephi's timeline,
the first year of each link and locality as its ``start``.
"""

from __future__ import annotations

import csv
import io
import logging
import re
from collections.abc import Hashable, Mapping
from pathlib import Path
from typing import Any

import networkx as nx

from kg.errors import FormatError
from kg.export.layout import fast_layout
from kg.export.palette import GROUP_COLOURS, UNKNOWN_COLOUR, rgb, strongest_relation

log = logging.getLogger(__name__)

_MODIFIED = re.compile(r' lastmodifieddate="[^"]*"')

GRAPH_FORMATS: tuple[str, ...] = ("graphml", "gexf", "csv")

Scores = Mapping[str, Mapping[Hashable, float]]

_NODE_TEXT = ("label", "kind", "body_kind", "country", "country_label", "parent", "group")
_NODE_LISTS = ("includes", "bodies")
#: Agreement sentences kept on an edge, to keep files for big networks small.
MAX_EVIDENCE = 5
CSV_COLUMNS: tuple[str, ...] = (
    "source", "target", "source_label", "target_label", "relation", "relations", "years",
    "first_year", "last_year", "weight", "sources", "evidence",
)  # fmt: skip


def _joined(values: Any) -> str:
    return "; ".join(str(v) for v in values if v is not None and v != "")


def _edge_attrs(data: Mapping[str, Any]) -> dict[str, Any]:
    relations = list(data.get("relations") or [])
    years = list(data.get("years") or [])
    agreements = data.get("agreements") or []
    evidence = list(dict.fromkeys(str(a["evidence"]) for a in agreements if a.get("evidence")))
    attrs: dict[str, Any] = {
        "weight": int(data.get("weight") or 1),
        "relation": strongest_relation(relations) or "",
        "relations": _joined(relations),
        "years": _joined(years),
        "sources": _joined(data.get("sources") or []),
        "evidence": " | ".join(evidence[:MAX_EVIDENCE]),
    }
    if years:
        attrs["first_year"], attrs["last_year"] = int(years[0]), int(years[-1])
    return attrs


def flat_graph(G: nx.Graph, scores: Scores | None = None) -> nx.Graph:
    """A copy of ``G`` with only scalar attributes (see the module docstring); node ids
    become strings.

    >>> from kg.analyze.network import build_network
    >>> rec = dict(event="e1", relation="signed_mou", a="x", b="y", year=2018, a_label="X")
    >>> F = flat_graph(build_network([rec]), {"degree": {"x": 1.0, "y": 1.0}})
    >>> F.nodes["x"]["label"], F.nodes["x"]["degree"], F.edges["x", "y"]["years"]
    ('X', 1.0, '2018')
    """
    F = nx.Graph()
    for node, data in sorted(G.nodes(data=True), key=lambda item: str(item[0])):
        attrs: dict[str, Any] = {k: str(data[k]) for k in _NODE_TEXT if data.get(k)}
        attrs.update({k: _joined(data[k]) for k in _NODE_LISTS if data.get(k)})
        for name, values in (scores or {}).items():
            if node in values:
                attrs[name] = float(values[node])
        F.add_node(str(node), **attrs)
    for u, v, data in sorted(G.edges(data=True), key=lambda e: (str(e[0]), str(e[1]))):
        F.add_edge(str(u), str(v), **_edge_attrs(data))
    return F


def _gexf_graph(G: nx.Graph, scores: Scores | None, size_by: str | None) -> nx.Graph:
    F = flat_graph(G, scores)
    positions = fast_layout(F)
    sizes = (scores or {}).get(size_by or "", {})
    top = max((float(v) for v in sizes.values()), default=0.0)
    for node, data in F.nodes(data=True):
        r, g, b = rgb(GROUP_COLOURS.get(data.get("group", ""), UNKNOWN_COLOUR))
        x, y = positions[node]
        share = float(sizes.get(node, 0.0)) / top if top > 0 else 0.0
        data["viz"] = {
            "color": {"r": r, "g": g, "b": b, "a": 1.0},
            "size": round(5.0 + 20.0 * share, 2),
            "position": {"x": round(x * 100, 2), "y": round(y * 100, 2), "z": 0.0},
        }
    for *_, data in F.edges(data=True):
        if "first_year" in data:
            data["start"] = data["first_year"]
    for node in F:
        starts = [d["start"] for _, _, d in F.edges(node, data=True) if "start" in d]
        if starts:
            F.nodes[node]["start"] = min(starts)
    return F


def _edge_rows(G: nx.Graph) -> list[dict[str, Any]]:
    rows = []
    for u, v, data in sorted(G.edges(data=True), key=lambda e: (str(e[0]), str(e[1]))):
        row = {"source": str(u), "target": str(v)}
        row["source_label"] = str(G.nodes[u].get("label") or u)
        row["target_label"] = str(G.nodes[v].get("label") or v)
        row.update(_edge_attrs(data))
        rows.append({column: row.get(column, "") for column in CSV_COLUMNS})
    return rows


def edge_list_csv(G: nx.Graph) -> str:
    """One row per link, with the columns of ``CSV_COLUMNS``.

    >>> from kg.analyze.network import build_network
    >>> rec = dict(event="e1", relation="signed_mou", a="x", b="y", year=2018)
    >>> print(edge_list_csv(build_network([rec])).splitlines()[1])
    x,y,x,y,signed_mou,signed_mou,2018,2018,2018,1,,
    """
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(_edge_rows(G))
    return out.getvalue()


def export_network(
    G: nx.Graph,
    fmt: str,
    path: Path | None = None,
    *,
    scores: Scores | None = None,
    size_by: str | None = None,
) -> bytes:
    """``G`` as ``fmt`` (one of ``GRAPH_FORMATS``), written to ``path`` when given.

    ``scores`` (measure name -> node -> score) become node attributes; ``size_by`` names
    the one that sizes GEXF nodes. Returns the bytes written.
    """
    if fmt == "csv":
        data = edge_list_csv(G).encode("utf-8")
    elif fmt == "graphml":
        data = "\n".join(nx.generate_graphml(flat_graph(G, scores))).encode("utf-8") + b"\n"
    elif fmt == "gexf":
        text = "\n".join(nx.generate_gexf(_gexf_graph(G, scores, size_by)))
        # networkx stamps today's date; leave it out so the same network gives the same file.
        data = _MODIFIED.sub("", text, count=1).encode("utf-8") + b"\n"
    else:
        known = ", ".join(GRAPH_FORMATS)
        raise FormatError(f"unknown format {fmt!r} for a network (known: {known})")
    if path is not None:
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        log.info("wrote %s (%d nodes, %d edges)", path, len(G), G.size())
    return data
