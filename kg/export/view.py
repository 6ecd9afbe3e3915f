"""The network as one self-contained, offline HTML page (pyvis + vis-network, inlined).

Every text that comes from the records (names, sentences, titles) is HTML-escaped here; the
page's script then turns those titles into DOM elements through an inert ``<template>``
with a tag allow-list. The page loads nothing from the network (see ``kg.export.offline``).
"""

from __future__ import annotations

import html
import json
import logging
import math
import os
import tempfile
from collections.abc import Hashable, Mapping
from pathlib import Path
from typing import Any

import networkx as nx
from pyvis.network import Network

from kg.analyze.network import ACTS_FOR
from kg.export import view_assets
from kg.export.layout import fast_layout
from kg.export.offline import external_references, make_offline

log = logging.getLogger(__name__)

GROUP_COLOURS: dict[str, str] = {
    "vn_province": "#d62728",
    "vn_local": "#ff9f40",
    "foreign": "#1f77b4",
    "body": "#8c8c8c",
}
GROUP_NAMES: dict[str, str] = {
    "vn_province": "Vietnamese province / municipality",
    "vn_local": "Vietnamese city, town or district",
    "foreign": "Foreign locality",
    "body": "Acting body",
}
# Strongest first: an edge with several relations is drawn as the strongest one.
RELATION_STYLES: dict[str, tuple[str, bool]] = {
    "twinned": ("#c49a00", False),
    "signed_agreement": ("#2ca02c", False),
    "signed_mou": ("#9467bd", False),
    "reviewed_cooperation": ("#17becf", True),
    "held_talks": ("#7f7f7f", True),
    "acts_for": ("#c7c7c7", True),
}
MIN_SIZE, MAX_SIZE = 10.0, 40.0
UNIT = 130.0  # pixels per edge length of the precomputed layout
PHYSICS_MAX_NODES = 1_000
MAX_AGREEMENTS_SHOWN = 12


def _esc(value: object) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def display_label(attrs: Mapping[str, Any]) -> str:
    """The node label; a city named like its province reads "TP <name>".

    >>> display_label({"label": "Lào Cai", "kind": "provincial_city", "parent": "Lào Cai"})
    'TP Lào Cai'
    >>> display_label({"label": "Sa Pa", "kind": "town", "parent": "Lào Cai"})
    'Sa Pa'
    """
    label = str(attrs.get("label") or "")
    if attrs.get("kind") == "provincial_city" and label and label == attrs.get("parent"):
        return f"TP {label}"
    return label


def _sizes(G: nx.Graph, scores: Mapping[Hashable, float]) -> dict[Hashable, float]:
    known = [float(scores[n]) for n in G if n in scores]
    low, high = (min(known), max(known)) if known else (0.0, 0.0)
    sizes = {}
    for node in G:
        if node not in scores:
            sizes[node] = MIN_SIZE
        elif high - low < 1e-12:
            sizes[node] = (MIN_SIZE + MAX_SIZE) / 2
        else:
            share = (float(scores[node]) - low) / (high - low)
            sizes[node] = round(MIN_SIZE + share * (MAX_SIZE - MIN_SIZE), 2)
    return sizes


def _node_title(G: nx.Graph, node: Hashable, score: float | None, measure: str) -> str:
    attrs = G.nodes[node]
    partners = sum(1 for n in G.neighbors(node) if G.nodes[n].get("group") != "body")
    rows = [
        f"<b>{_esc(display_label(attrs) or node)}</b>",
        f"kind: {_esc(attrs.get('kind') or '?')}",
        f"parent: {_esc(attrs.get('parent') or '–')}",
        f"country: {_esc(attrs.get('country') or '?')}",
        f"{_esc(measure)}: {'–' if score is None else f'{score:.4g}'}",
        f"partners: {partners}",
    ]
    # pyvis swaps in a popup that uses innerHTML when a node title contains "href".
    return f'<div class="kg-tip">{"<br>".join(rows)}</div>'.replace("href", "&#104;ref")


def _when(agreement: Mapping[str, Any]) -> str:
    when = agreement.get("date") or agreement.get("year") or ""
    if agreement.get("period"):
        when = f"{when} (period {agreement['period']})".strip()
    return str(when)


def _source(agreement: Mapping[str, Any]) -> str:
    source, title, article = (agreement.get(k) for k in ("source", "title", "article_id"))
    name = _esc(title or article or source or "unknown source")
    if isinstance(source, str) and source.lower().startswith(("http://", "https://")):
        name = f'<a href="{_esc(source)}">{name}</a>'
    elif source and source != title:
        name = f"{name} — {_esc(source)}"
    if article and title:
        name = f"{name} [{_esc(article)}]"
    return f"<small>source: {name}</small>"


def _edge_title(G: nx.Graph, u: Hashable, v: Hashable, data: Mapping[str, Any]) -> str:
    ends = f"<b>{_esc(display_label(G.nodes[u]))} – {_esc(display_label(G.nodes[v]))}</b>"
    agreements = data.get("agreements") or []
    if not agreements:
        return f'<div class="kg-tip">{ends}<br>{_esc(", ".join(data.get("relations", [])))}</div>'
    items = [
        f"<li><b>{_esc(a.get('relation'))}</b> {_esc(_when(a))}<br>"
        f'<span class="kg-evidence">“{_esc(a.get("evidence") or "")}”</span><br>{_source(a)}</li>'
        for a in agreements[:MAX_AGREEMENTS_SHOWN]
    ]
    if len(agreements) > MAX_AGREEMENTS_SHOWN:
        items.append(f"<li>… and {len(agreements) - MAX_AGREEMENTS_SHOWN} more</li>")
    count = f"{len(agreements)} agreement{'s' if len(agreements) > 1 else ''}"
    return f'<div class="kg-tip">{ends} ({count})<ul>{"".join(items)}</ul></div>'


def edge_label(data: Mapping[str, Any]) -> str:
    """Relations and years, as drawn on an edge.

    >>> edge_label({"relations": ["signed_mou"], "years": [2018]})
    'signed_mou 2018'
    >>> edge_label({"relations": ["held_talks", "twinned"], "years": [2001, 2005, 2010, 2019]})
    'held_talks, twinned 2001–2019'
    """
    years = [str(y) for y in data.get("years") or []]
    when = f"{years[0]}–{years[-1]}" if len(years) > 3 else ", ".join(years)
    return " ".join(p for p in (", ".join(data.get("relations") or []), when) if p)


def _edge_style(data: Mapping[str, Any]) -> tuple[str, bool]:
    relations = set(data.get("relations") or [])
    for relation, style in RELATION_STYLES.items():
        if relation in relations:
            return style
    return ("#999999", False)


def _vis_data(
    G: nx.Graph, scores: Mapping[Hashable, float], measure: str, physics: bool
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    sizes, pos = _sizes(G, scores), fast_layout(G)
    nodes = []
    for node in sorted(G, key=str):
        attrs, score = G.nodes[node], scores.get(node)
        x, y = pos[node]
        group = attrs.get("group") or "foreign"
        nodes.append({
            "id": str(node), "label": display_label(attrs) or str(node), "shape": "dot",
            "color": GROUP_COLOURS.get(group, "#999999"), "size": sizes[node],
            "title": _node_title(G, node, None if score is None else float(score), measure),
            "x": round(x * UNIT, 1), "y": round(y * UNIT, 1), "physics": physics,
        })  # fmt: skip
    ends = sorted((sorted((u, v), key=str) for u, v in G.edges()), key=lambda e: tuple(map(str, e)))
    edges = []
    for i, (u, v) in enumerate(ends):
        data = G.edges[u, v]
        colour, dashed = _edge_style(data)
        weight = float(data.get("weight") or 1)
        edges.append({
            "id": f"e{i}", "from": str(u), "to": str(v), "label": edge_label(data),
            "title": _edge_title(G, u, v, data), "color": colour, "dashes": dashed,
            "width": round(min(1.0 + 2.0 * math.log2(weight), 8.0), 2),
        })  # fmt: skip
    return nodes, edges


def _options(n: int, physics: bool) -> dict[str, Any]:
    options: dict[str, Any] = {
        "nodes": {"font": {"size": 14, "face": "sans-serif"}, "borderWidth": 1},
        "edges": {
            "font": {"size": 10, "align": "middle", "strokeWidth": 3},
            "smooth": {"type": "continuous"} if physics else False,
        },
        "interaction": {"hover": True, "tooltipDelay": 120, "hideEdgesOnDrag": n > 300},
        "layout": {"randomSeed": 7, "improvedLayout": False},
        "physics": {"enabled": False},
    }
    if physics:
        options["physics"] = {
            "enabled": True,
            "solver": "barnesHut",
            "barnesHut": {"gravitationalConstant": -4000, "springLength": 120,
                          "springConstant": 0.04, "damping": 0.35, "avoidOverlap": 0.2},
            "stabilization": {"enabled": True, "iterations": 600 if n <= 200 else 250,
                              "updateInterval": 25, "fit": True},
            "minVelocity": 1.0,
            "maxVelocity": 40,
        }  # fmt: skip
    return options


def _header(G: nx.Graph, title: str, measure: str) -> str:
    places = sum(1 for _, group in G.nodes(data="group") if group != "body")
    has_bodies = places < len(G)
    links = sum(1 for *_, rel in G.edges(data="relation") if rel != ACTS_FOR)
    dots = "".join(
        f'<li data-group="{g}"><span class="kg-swatch" style="background:{GROUP_COLOURS[g]}">'
        f"</span>{GROUP_NAMES[g]} ({g})</li>"
        for g in GROUP_COLOURS
    )
    lines = "".join(
        f'<li data-relation="{r}"><span class="kg-line{" kg-dashed" if dashed else ""}" '
        f'style="border-top-color:{colour}"></span>{r}</li>'
        for r, (colour, dashed) in RELATION_STYLES.items()
        if r != "acts_for" or has_bodies
    )
    return (
        f'<header class="kg-header"><h1>{_esc(title)}</h1>'
        f'<ul class="kg-legend" id="kg-legend-groups">{dots}</ul>'
        f'<ul class="kg-legend" id="kg-legend-relations">{lines}</ul>'
        f'<p class="kg-hint">{places} localities, {links} links. '
        f"Node size: {_esc(measure)}. Hover a node or a link for details; click to keep them "
        "below the graph.</p></header>"
    )


def _page(G: nx.Graph, scores: Mapping[Hashable, float], title: str, measure: str) -> str:
    n = G.number_of_nodes()
    physics = 0 < n <= PHYSICS_MAX_NODES
    net = Network(height="78vh", width="100%", cdn_resources="in_line", heading="")
    net.nodes, net.edges = _vis_data(G, scores, measure, physics)
    net.node_ids = [node["id"] for node in net.nodes]
    net.node_map = {node["id"]: node for node in net.nodes}
    net.options = _options(n, physics)
    page = make_offline(net.generate_html())
    page = page.replace("<center>\n<h1></h1>\n</center>", "")
    page = page.replace("<center>\n          <h1></h1>\n        </center>", "")
    head = f"{view_assets.HEAD}<title>{_esc(title)}</title>\n"
    script = view_assets.SCRIPT.replace("__PHYSICS__", json.dumps(physics))
    details = '<div id="kg-details" class="kg-details"></div>\n'
    for marker, new in (
        ("<head>", f"<head>\n{head}"),
        ("</head>", f"{view_assets.CSS}</head>"),  # after vis-network's CSS, to override it
        ("<body>", f"<body>\n{_header(G, title, measure)}"),
        ("</body>", f"{details}{script}</body>"),
    ):
        if page.count(marker) != 1:
            raise RuntimeError(f"pyvis page has {page.count(marker)} {marker!r}; expected 1")
        page = page.replace(marker, new)
    leftover = external_references(page)
    if leftover:
        raise RuntimeError(f"the page would still load {leftover[:3]}")
    return page


def _write_atomic(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def render_view(
    G: nx.Graph,
    scores: Mapping[Hashable, float],
    path: Path,
    *,
    title: str = "Partnerships between Vietnamese and foreign localities",
    measure: str = "score",
) -> Path:
    """Write the interactive view of ``G`` to ``path`` and return ``path``.

    Nodes are coloured by ``group`` and sized by ``scores`` (named ``measure`` in the page);
    edges are styled by relation and list their agreements with the evidence on hover.
    Physics settles within a bounded stabilisation up to ``PHYSICS_MAX_NODES`` nodes;
    bigger graphs are drawn still, at precomputed positions. Same graph, same bytes.
    """
    path = Path(path)
    page = _page(G, scores, title, measure)
    _write_atomic(path, page)
    log.info("wrote %s (%d nodes, %d edges, %d bytes)", path, len(G), G.size(), len(page))
    return path
