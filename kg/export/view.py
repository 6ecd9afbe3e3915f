"""The network as one self-contained, offline HTML page (pyvis + vis-network, inlined).

The page has a legend, a search box, colouring by kind or by country, sizing by any of the
measures given, and filters (relations, years, country) that work in the page. Hovering a
node shows its name, kind, parent, country, measures and number of partners; hovering or
clicking a link shows each agreement with its date, type, evidence sentence and source.

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
from collections import Counter
from collections.abc import Hashable, Mapping
from pathlib import Path
from typing import Any

import networkx as nx
from pyvis.network import Network

from kg.analyze.network import ACTS_FOR
from kg.errors import FormatError
from kg.export import view_assets
from kg.export.layout import fast_layout
from kg.export.offline import external_references, make_offline
from kg.export.palette import (
    GROUP_COLOURS,
    GROUP_NAMES,
    RELATION_STYLES,
    UNKNOWN_COLOUR,
    country_colours,
    display_label,
    edge_style,
)

__all__ = ["GROUP_COLOURS", "GROUP_NAMES", "RELATION_STYLES", "display_label", "render_view"]

log = logging.getLogger(__name__)

MIN_SIZE, MAX_SIZE = 10.0, 40.0
UNIT = 130.0  # pixels per edge length of the precomputed layout
#: Up to this many nodes a bounded force simulation tidies the precomputed layout.
PHYSICS_MAX_NODES = 400
MAX_AGREEMENTS_SHOWN = 12
MAX_SOURCES_SHOWN = 4
#: Above this many links their text labels are left off: unreadable, and slow to draw.
EDGE_LABELS_MAX_EDGES = 1_500
COLOUR_BY = ("group", "country")
#: The line of pyvis's page that creates the network; our first listener goes right after.
_NEW_NETWORK = "network = new vis.Network(container, data, options);"

Scores = Mapping[Hashable, float]


def _esc(value: object) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def _sizes(G: nx.Graph, scores: Scores) -> dict[Hashable, float]:
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


def _country(attrs: Mapping[str, Any]) -> str:
    code, name = attrs.get("country"), attrs.get("country_label")
    if code and name:
        return f"{name} ({code})"
    return str(code or name or "?")


def _partners(G: nx.Graph, node: Hashable) -> int:
    return sum(1 for n in G.neighbors(node) if G.nodes[n].get("group") != "body")


def _node_title(G: nx.Graph, node: Hashable, measures: Mapping[str, float]) -> str:
    attrs = G.nodes[node]
    rows = [
        f"<b>{_esc(display_label(attrs) or node)}</b>",
        f"kind: {_esc(attrs.get('kind') or '?')}",
        f"parent: {_esc(attrs.get('parent') or '–')}",
        f"country: {_esc(_country(attrs))}",
    ]
    rows += [f"{_esc(name)}: {value:.4g}" for name, value in measures.items()]
    rows.append(f"partners: {_partners(G, node)}")
    if attrs.get("includes"):
        rows.append(f"includes: {_esc(', '.join(map(str, attrs['includes'])))}")
    if attrs.get("bodies"):
        rows.append(f"acting bodies: {_esc('; '.join(map(str, attrs['bodies'])))}")
    # pyvis swaps in a popup that uses innerHTML when a node title contains "href".
    return f'<div class="kg-tip">{"<br>".join(rows)}</div>'.replace("href", "&#104;ref")


def _when(agreement: Mapping[str, Any]) -> str:
    when = agreement.get("date") or agreement.get("year") or "undated"
    if agreement.get("period"):
        when = f"{when} (period {agreement['period']})"
    return str(when)


def _link(source: Mapping[str, Any]) -> str:
    """The name of an article, linked when it has an http(s) address."""
    title, article = source.get("title"), source.get("article_id")
    target = next(
        (
            str(source[k])
            for k in ("url", "source")
            if isinstance(source.get(k), str)
            and str(source[k]).lower().startswith(("http://", "https://"))
        ),
        None,
    )
    name = _esc(title or article or source.get("source") or "unknown source")
    if target:
        name = f'<a href="{_esc(target)}">{name}</a>'
    elif source.get("source") and source.get("source") != title:
        name = f"{name} — {_esc(source['source'])}"
    if article and title:
        name = f"{name} [{_esc(article)}]"
    return name


def _sources_html(agreement: Mapping[str, Any]) -> str:
    sources = list(agreement.get("sources") or []) or [agreement]
    parts = []
    # One evidence sentence per distinct sentence; the articles that report it under it.
    by_sentence: dict[str, list[Mapping[str, Any]]] = {}
    for source in sources:
        by_sentence.setdefault(str(source.get("evidence") or ""), []).append(source)
    for sentence, group in list(by_sentence.items())[:MAX_SOURCES_SHOWN]:
        links = ", ".join(_link(s) for s in group)
        parts.append(
            f'<span class="kg-evidence">“{_esc(sentence)}”</span><br><small>source: {links}</small>'
        )
    return "<br>".join(parts)


def _agreement_html(G: nx.Graph, u: Hashable, v: Hashable, agreement: Mapping[str, Any]) -> str:
    head = f"<b>{_esc(agreement.get('relation'))}</b> {_esc(_when(agreement))}"
    ends = {str(G.nodes[u].get("label")), str(G.nodes[v].get("label"))}
    reported = [
        " – ".join(map(str, pair))
        for pair in agreement.get("parties") or []
        if set(map(str, pair)) != ends
    ]
    if reported:
        head += f"<br><small>as reported: {_esc('; '.join(reported))}</small>"
    if agreement.get("bodies"):
        head += f"<br><small>acting: {_esc('; '.join(map(str, agreement['bodies'])))}</small>"
    return f"<li>{head}<br>{_sources_html(agreement)}</li>"


def _edge_title(G: nx.Graph, u: Hashable, v: Hashable, data: Mapping[str, Any]) -> str:
    ends = f"<b>{_esc(display_label(G.nodes[u]))} – {_esc(display_label(G.nodes[v]))}</b>"
    agreements = data.get("agreements") or []
    if not agreements:
        return f'<div class="kg-tip">{ends}<br>{_esc(", ".join(data.get("relations", [])))}</div>'
    items = [_agreement_html(G, u, v, a) for a in agreements[:MAX_AGREEMENTS_SHOWN]]
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


def _vis_nodes(
    G: nx.Graph, scores: Scores, measures: Mapping[str, Scores], physics: bool
) -> list[dict[str, Any]]:
    sizes, pos = _sizes(G, scores), fast_layout(G)
    nodes = []
    for node in sorted(G, key=str):
        attrs = G.nodes[node]
        x, y = pos[node]
        group = attrs.get("group") or "foreign"
        mine = {name: float(values[node]) for name, values in measures.items() if node in values}
        nodes.append({
            "id": str(node), "label": display_label(attrs) or str(node), "shape": "dot",
            "color": GROUP_COLOURS.get(group, UNKNOWN_COLOUR), "size": sizes[node],
            "title": _node_title(G, node, mine),
            "x": round(x * UNIT, 1), "y": round(y * UNIT, 1), "physics": physics,
            "kg": {"g": group, "c": attrs.get("country") or "", "k": attrs.get("kind") or "",
                   "n": str(attrs.get("label") or node), "s": mine},
        })  # fmt: skip
    return nodes


def _vis_edges(G: nx.Graph) -> list[dict[str, Any]]:
    ends = sorted((sorted((u, v), key=str) for u, v in G.edges()), key=lambda e: tuple(map(str, e)))
    labelled = G.number_of_edges() <= EDGE_LABELS_MAX_EDGES
    edges = []
    for i, (u, v) in enumerate(ends):
        data = G.edges[u, v]
        colour, dashed = edge_style(data.get("relations") or [])
        weight = float(data.get("weight") or 1)
        acts_for = data.get("relation") == ACTS_FOR
        agreements = [[a.get("relation"), a.get("year")] for a in data.get("agreements") or []]
        edge = {
            "id": f"e{i}", "from": str(u), "to": str(v),
            "title": _edge_title(G, u, v, data), "color": colour, "dashes": dashed,
            "width": round(min(1.0 + 2.0 * math.log2(weight), 8.0), 2),
            "kg": {"a": agreements, "b": 1 if acts_for else 0},
        }  # fmt: skip
        if labelled:
            edge["label"] = edge_label(data)
        edges.append(edge)
    return edges


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
            "stabilization": {"enabled": True, "iterations": 600 if n <= 200 else 200,
                              "updateInterval": 25, "fit": True},
            "minVelocity": 1.0,
            "maxVelocity": 40,
        }  # fmt: skip
    return options


def _years(G: nx.Graph) -> list[int | None]:
    years = [y for *_, ys in G.edges(data="years") for y in ys or []]
    return [min(years), max(years)] if years else [None, None]


def _countries(G: nx.Graph) -> list[tuple[str, str, int]]:
    """(code, name, localities) of every country in the network, by name."""
    places = [n for n in G if G.nodes[n].get("group") != "body"]
    counts = Counter(G.nodes[n].get("country") or "" for n in places)
    names = {G.nodes[n].get("country") or "": G.nodes[n].get("country_label") for n in G}
    rows = [(code, str(names.get(code) or code or "?"), k) for code, k in counts.items() if code]
    return sorted(rows, key=lambda r: (r[1], r[0]))


def _legend(G: nx.Graph, countries: list[tuple[str, str, int]], colour_by: str) -> str:
    has_bodies = any(g == "body" for _, g in G.nodes(data="group"))
    dots = "".join(
        f'<li data-group="{g}"><span class="kg-swatch" style="background:{GROUP_COLOURS[g]}">'
        f"</span>{GROUP_NAMES[g]} ({g})</li>"
        for g in GROUP_COLOURS
    )
    palette = country_colours(code for code, _, _ in countries)
    flags = "".join(
        f'<li data-country="{_esc(code)}"><span class="kg-swatch" '
        f'style="background:{palette[code]}"></span>{_esc(name)} ({_esc(code)})</li>'
        for code, name, _ in countries
    )
    lines = "".join(
        f'<li data-relation="{r}"><label><input type="checkbox" data-relation="{r}" checked> '
        f'<span class="kg-line{" kg-dashed" if dashed else ""}" '
        f'style="border-top-color:{colour}"></span>{r}</label></li>'
        for r, (colour, dashed) in RELATION_STYLES.items()
        if r != ACTS_FOR or has_bodies
    )
    country_mode = colour_by == "country"
    return (
        f'<ul class="kg-legend" id="kg-legend-groups"{" hidden" if country_mode else ""}>'
        f"{dots}</ul>"
        f'<ul class="kg-legend" id="kg-legend-countries"{"" if country_mode else " hidden"}>'
        f"{flags}</ul>"
        f'<ul class="kg-legend" id="kg-legend-relations">{lines}</ul>'
    )


def _controls(
    G: nx.Graph,
    measure: str,
    measures: Mapping[str, Scores],
    countries: list[tuple[str, str, int]],
    colour_by: str,
) -> str:
    first, last = _years(G)
    sizes = "".join(
        f'<option value="{_esc(m)}"{" selected" if m == measure else ""}>{_esc(m)}</option>'
        for m in measures
    )
    colours = "".join(
        f'<option value="{c}"{" selected" if c == colour_by else ""}>'
        f"{'kind' if c == 'group' else c}</option>"
        for c in COLOUR_BY
    )
    lands = "".join(
        f'<option value="{_esc(code)}">{_esc(name)} ({_esc(code)}): {k}</option>'
        for code, name, k in countries
    )
    year = "" if first is None else str(first)
    until = "" if last is None else str(last)
    bounds = "" if first is None else f' min="{first}" max="{last}"'
    return (
        '<form id="kg-search" class="kg-controls" role="search">'
        '<label>Find a locality: <input type="search" id="kg-search-input" list="kg-names" '
        'placeholder="e.g. Lào Cai" autocomplete="off"></label>'
        '<datalist id="kg-names"></datalist><button type="submit">Find</button>'
        f'<label>Colour by <select id="kg-colour">{colours}</select></label>'
        f'<label>Size by <select id="kg-size">{sizes}</select></label>'
        '<span id="kg-status" class="kg-status" aria-live="polite"></span></form>'
        '<div id="kg-filters" class="kg-controls">'
        f'<label>Years from <input type="number" id="kg-from" value="{year}"{bounds}></label>'
        f'<label>to <input type="number" id="kg-to" value="{until}"{bounds}></label>'
        '<label><input type="checkbox" id="kg-undated" checked> undated</label>'
        '<label>Country <select id="kg-country"><option value="">all countries</option>'
        f"{lands}</select></label>"
        '<button type="button" id="kg-reset">Show all</button>'
        '<span id="kg-shown" class="kg-status"></span></div>'
    )


def _header(
    G: nx.Graph, title: str, measure: str, measures: Mapping[str, Scores], colour_by: str
) -> str:
    places = sum(1 for _, group in G.nodes(data="group") if group != "body")
    links = sum(1 for *_, rel in G.edges(data="relation") if rel != ACTS_FOR)
    countries = _countries(G)
    return (
        f'<header class="kg-header"><h1>{_esc(title)}</h1>'
        f"{_legend(G, countries, colour_by)}{_controls(G, measure, measures, countries, colour_by)}"
        f'<p class="kg-hint">{places} localities, {links} links. '
        f"Node size: {_esc(measure)}. Tick relations, set years or a country to filter; hover a "
        "node or a link for details; click to keep them below the graph.</p></header>"
    )


def _config(G: nx.Graph, physics: bool) -> str:
    config = {
        "physics": physics,
        "years": _years(G),
        "groupColours": GROUP_COLOURS,
        "countryColours": country_colours(G.nodes[n].get("country") for n in G),
        "minSize": MIN_SIZE,
        "maxSize": MAX_SIZE,
    }
    text = json.dumps(config, ensure_ascii=False, sort_keys=True)
    # Inside <script>: no "</script>" or "<!--" can come from the data.
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _page(
    G: nx.Graph,
    scores: Scores,
    title: str,
    measure: str,
    measures: Mapping[str, Scores],
    colour_by: str,
) -> str:
    n = G.number_of_nodes()
    physics = 0 < n <= PHYSICS_MAX_NODES
    net = Network(height="72vh", width="100%", cdn_resources="in_line", heading="")
    net.nodes = _vis_nodes(G, scores, measures, physics)
    net.edges = _vis_edges(G)
    if colour_by == "country":
        palette = country_colours(G.nodes[n].get("country") for n in G)
        for node in net.nodes:
            node["color"] = palette[node["kg"]["c"] or "?"]
    net.node_ids = [node["id"] for node in net.nodes]
    net.node_map = {node["id"]: node for node in net.nodes}
    net.options = _options(n, physics)
    page = make_offline(net.generate_html())
    page = page.replace("<center>\n<h1></h1>\n</center>", "")
    page = page.replace("<center>\n          <h1></h1>\n        </center>", "")
    head = f"{view_assets.HEAD}<title>{_esc(title)}</title>\n"
    script = view_assets.SCRIPT.replace("__CONFIG__", _config(G, physics))
    details = '<div id="kg-details" class="kg-details"></div>\n'
    for marker, new in (
        ("<head>", f"<head>\n{head}"),
        ("</head>", f"{view_assets.CSS}</head>"),  # after vis-network's CSS, to override it
        ("<body>", f"<body>\n{_header(G, title, measure, measures, colour_by)}"),
        ("</body>", f"{details}{script}</body>"),
        (_NEW_NETWORK, f"{_NEW_NETWORK}\n{view_assets.EARLY_LISTENER}"),
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
    scores: Scores,
    path: Path,
    *,
    title: str = "Partnerships between Vietnamese and foreign localities",
    measure: str = "score",
    measures: Mapping[str, Scores] | None = None,
    colour_by: str = "group",
) -> Path:
    """Write the interactive view of ``G`` to ``path`` and return ``path``.

    Nodes are coloured by ``group`` (or by country with ``colour_by="country"``; the page
    can switch) and sized by ``scores`` (named ``measure`` in the page). ``measures`` (name
    -> scores) are shown on hover and offered in the page's "Size by" menu. Edges are
    styled by relation and list their agreements with the evidence on hover.
    Up to ``PHYSICS_MAX_NODES`` nodes a bounded force simulation tidies the precomputed
    layout; bigger graphs are drawn still, at the precomputed positions. Same graph, same
    bytes.
    """
    if colour_by not in COLOUR_BY:
        raise FormatError(f"unknown colouring {colour_by!r} (known: {', '.join(COLOUR_BY)})")
    path = Path(path)
    shown = {measure: scores, **{k: v for k, v in (measures or {}).items() if k != measure}}
    page = _page(G, scores, title, measure, shown, colour_by)
    _write_atomic(path, page)
    log.info("wrote %s (%d nodes, %d edges, %d bytes)", path, len(G), G.size(), len(page))
    return path
