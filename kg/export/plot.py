"""A static picture of the network for papers and reports (PNG, SVG or PDF, by matplotlib).

Same colours as the HTML view (``kg.export.palette``): nodes by group or by country, sized
by a measure, edges by their strongest relation (dashed for talks and reviews), width by
the number of events, and a legend. The figure is built on a ``matplotlib.figure.Figure``
(no pyplot, no global state), so it works without a display.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Hashable, Mapping
from pathlib import Path

import matplotlib
import networkx as nx
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from kg.errors import FormatError
from kg.export.layout import fast_layout
from kg.export.palette import (
    GROUP_COLOURS,
    GROUP_NAMES,
    RELATION_STYLES,
    UNKNOWN_COLOUR,
    country_colours,
    display_label,
    edge_style,
)

log = logging.getLogger(__name__)

PLOT_FORMATS: tuple[str, ...] = ("png", "svg", "pdf")
COLOUR_BY: tuple[str, ...] = ("group", "country")
#: Up to this many nodes the precomputed layout is relaxed by a short spring simulation.
SPRING_MAX_NODES = 300
MIN_AREA, MAX_AREA = 30.0, 600.0
_METADATA: dict[str, dict[str, str | None]] = {
    "png": {"Software": "kg"},
    "svg": {"Creator": "kg", "Date": None},
    "pdf": {"Creator": "kg", "Producer": "kg", "CreationDate": None},
}


def _positions(G: nx.Graph) -> dict[Hashable, tuple[float, float]]:
    """The view's packed layout; each small component relaxed in place by a short spring
    simulation, so a figure of a few provinces reads well."""
    pos = fast_layout(G)
    if len(G) > SPRING_MAX_NODES:
        return pos
    for component in nx.connected_components(G):
        if len(component) < 4:
            continue
        start = {n: pos[n] for n in component}
        xs, ys = zip(*start.values(), strict=True)
        cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
        span = max(max(xs) - min(xs), max(ys) - min(ys), 1.0)
        moved = nx.spring_layout(G.subgraph(component), pos=start, seed=7, iterations=50,
                                 center=(cx, cy), scale=span / 2)  # fmt: skip
        pos.update({n: (float(p[0]), float(p[1])) for n, p in moved.items()})
    return pos


def _areas(G: nx.Graph, scores: Mapping[Hashable, float]) -> list[float]:
    values = [float(scores.get(n, 0.0)) for n in G]
    low, high = min(values, default=0.0), max(values, default=0.0)
    if high - low < 1e-12:
        return [(MIN_AREA + MAX_AREA) / 4] * len(values)
    return [MIN_AREA + (v - low) / (high - low) * (MAX_AREA - MIN_AREA) for v in values]


def _node_colours(G: nx.Graph, colour_by: str) -> tuple[list[str], list[tuple[str, str]]]:
    """The colour of each node and the legend entries (colour, text)."""
    if colour_by == "country":
        palette = country_colours(G.nodes[n].get("country") for n in G)
        colours = [palette[G.nodes[n].get("country") or "?"] for n in G]
        names: dict[str, str] = {}
        for node in G:
            label = G.nodes[node].get("country_label")
            if label:
                names.setdefault(G.nodes[node].get("country") or "?", str(label))
        legend = [(c, f"{names.get(code) or code} ({code})") for code, c in palette.items()]
        return colours, legend
    groups = [G.nodes[n].get("group") or "foreign" for n in G]
    colours = [GROUP_COLOURS.get(g, UNKNOWN_COLOUR) for g in groups]
    legend = [(GROUP_COLOURS[g], GROUP_NAMES[g]) for g in GROUP_COLOURS if g in set(groups)]
    return colours, legend


def _draw_edges(ax: object, G: nx.Graph, pos: Mapping[Hashable, tuple[float, float]]) -> set[str]:
    by_style: dict[tuple[str, bool], tuple[list[object], list[float]]] = {}
    drawn: set[str] = set()
    for u, v, data in G.edges(data=True):
        relations = data.get("relations") or []
        style = edge_style(relations)
        drawn |= {r for r in RELATION_STYLES if r in relations}
        segments, widths = by_style.setdefault(style, ([], []))
        segments.append([pos[u], pos[v]])
        widths.append(min(0.6 + 0.8 * math.log2(float(data.get("weight") or 1) + 1), 4.0))
    for (colour, dashed), (segments, widths) in sorted(by_style.items()):
        ax.add_collection(  # type: ignore[attr-defined]
            LineCollection(
                segments,  # type: ignore[arg-type]
                colors=colour,
                linewidths=widths,
                linestyles="--" if dashed else "-",
                alpha=0.75,
                zorder=1,
            )
        )
    return drawn


def plot_network(
    G: nx.Graph,
    scores: Mapping[Hashable, float],
    path: Path,
    *,
    measure: str = "score",
    title: str | None = None,
    colour_by: str = "group",
    labels: int = 30,
    width: float = 10.0,
    height: float = 8.0,
    dpi: int = 200,
) -> Path:
    """Draw ``G`` to ``path``; the format follows the suffix (.png, .svg or .pdf).

    Nodes are sized by ``scores`` (named ``measure`` in the caption) and the ``labels``
    best-scoring ones are named. Same graph, same picture.
    """
    path = Path(path)
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in PLOT_FORMATS:
        raise FormatError(f"cannot plot to {path.name!r}: use a .png, .svg or .pdf file name")
    if colour_by not in COLOUR_BY:
        raise FormatError(f"unknown colouring {colour_by!r} (known: {', '.join(COLOUR_BY)})")
    fig = Figure(figsize=(width, height), layout="constrained")
    ax = fig.add_subplot()
    ax.set_axis_off()
    ax.set_title(title or f"Partnership network: {len(G)} localities, node size by {measure}")
    pos = _positions(G)
    relations = _draw_edges(ax, G, pos)
    nodes = list(G)
    colours, legend = _node_colours(G, colour_by)
    if nodes:
        xs, ys = zip(*(pos[n] for n in nodes), strict=True)
        ax.scatter(xs, ys, s=_areas(G, scores), c=colours, edgecolors="white", linewidths=0.6,
                   zorder=2)  # fmt: skip
        best = sorted(nodes, key=lambda n: (-float(scores.get(n, 0.0)), str(n)))[: max(labels, 0)]
        for node in best:
            x, y = pos[node]
            ax.annotate(display_label(G.nodes[node]) or str(node), (x, y), fontsize=7, zorder=3,
                        xytext=(4, 4), textcoords="offset points")  # fmt: skip
        ax.set_aspect("equal", adjustable="datalim")
        ax.autoscale_view()
        ax.margins(0.05)
    handles = [
        Line2D([], [], marker="o", linestyle="", markerfacecolor=c, markeredgecolor="white",
               markersize=8, label=text)
        for c, text in legend
    ] + [
        Line2D([], [], color=RELATION_STYLES[r][0], linestyle="--" if RELATION_STYLES[r][1]
               else "-", linewidth=2, label=r)
        for r in RELATION_STYLES if r in relations
    ]  # fmt: skip
    if handles:
        fig.legend(handles=handles, loc="outside lower center", fontsize=8, frameon=False,
                   ncol=3)  # fmt: skip
    path.parent.mkdir(parents=True, exist_ok=True)
    # Fixed metadata and SVG ids: the same network gives the same file.
    metadata: dict[str, str | None] = dict(_METADATA[fmt])
    with matplotlib.rc_context({"svg.hashsalt": "kg", "svg.fonttype": "none"}):
        fig.savefig(path, format=fmt, dpi=dpi, metadata=metadata)
    log.info("wrote %s (%d nodes, %d edges)", path, len(G), G.size())
    return path
