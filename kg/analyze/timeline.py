"""How the network grew: one row per year, on the agreements made up to that year.

An agreement counts from its year on (``kg:year``, or the year of its date); agreements
without a year are left out of every row and counted apart. Acting bodies are left out.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Hashable
from dataclasses import dataclass

import networkx as nx

from kg.analyze.measures import measure_function, order
from kg.analyze.network import ACTS_FOR, display_label


@dataclass(frozen=True)
class YearRow:
    """The network as it stood at the end of ``year``."""

    year: int
    events: int  # events dated that year
    localities: int  # localities with at least one partner so far
    links: int  # pairs of partners so far
    new_links: int  # pairs whose first dated event is this year
    components: int
    largest: int  # localities in the largest connected part
    top: tuple[tuple[str, str, float], ...]  # (id, label, score) best first


@dataclass(frozen=True)
class Timeline:
    measure: str
    rows: tuple[YearRow, ...]
    undated: int  # events without a year, in no row


def _dated(
    G: nx.Graph,
) -> tuple[dict[int, Counter[tuple[Hashable, Hashable]]], set[tuple[int, object]], set[object]]:
    """Events per year and link, the (year, event) pairs, and the undated events."""
    by_year: dict[int, Counter[tuple[Hashable, Hashable]]] = defaultdict(Counter)
    dated: set[tuple[int, object]] = set()
    undated: set[object] = set()
    for u, v, data in G.edges(data=True):
        if data.get("relation") == ACTS_FOR:
            continue
        for agreement in data.get("agreements", ()):
            key = agreement.get("event") or id(agreement)
            if agreement.get("year") is None:
                undated.add(key)
            else:
                by_year[int(agreement["year"])][(u, v)] += 1
                dated.add((int(agreement["year"]), key))
    return by_year, dated, undated - {key for _, key in dated}


def timeline(
    G: nx.Graph,
    *,
    measure: str = "degree",
    top: int = 3,
    start: int | None = None,
    end: int | None = None,
) -> Timeline:
    """One ``YearRow`` per year from the first dated agreement (or ``start``) to the last
    (or ``end``), each computed on the network of the agreements dated up to that year
    (edge ``weight``: the events so far). The network grows year by year, so a timeline
    costs one run of the measure per year plus one pass over the agreements.

    >>> from kg.analyze.network import build_network
    >>> recs = [dict(event="e1", relation="twinned", a="x", b="y", year=2001),
    ...         dict(event="e2", relation="held_talks", a="y", b="z", year=2003),
    ...         dict(event="e3", relation="held_talks", a="x", b="z", year=None)]
    >>> t = timeline(build_network(recs), top=1)
    >>> [(r.year, r.events, r.localities, r.links, r.top[0][0]) for r in t.rows]
    [(2001, 1, 2, 1, 'x'), (2002, 0, 2, 1, 'x'), (2003, 1, 3, 2, 'y')]
    >>> t.undated
    1
    """
    score = measure_function(measure)
    by_year, dated, undated = _dated(G)
    if not by_year:
        return Timeline(measure, (), len(undated))
    events = Counter(year for year, _ in dated)
    first = min(by_year) if start is None else start
    last = max(by_year) if end is None else end
    H = nx.Graph()
    for year in sorted(y for y in by_year if y < first):  # what was there before the range
        _grow(G, H, by_year[year])
    rows = []
    for year in range(first, last + 1):
        before = H.number_of_edges()
        _grow(G, H, by_year.get(year, Counter()))
        parts = [len(c) for c in nx.connected_components(H)]
        scores = score(H) if len(H) else {}
        best = order(H, scores)[: max(top, 0)]
        rows.append(
            YearRow(
                year=year,
                events=events.get(year, 0),
                localities=H.number_of_nodes(),
                links=H.number_of_edges(),
                new_links=H.number_of_edges() - before,
                components=len(parts),
                largest=max(parts, default=0),
                top=tuple(
                    (str(n), display_label(H.nodes[n]) or str(n), float(scores[n])) for n in best
                ),
            )
        )
    return Timeline(measure, tuple(rows), len(undated))


def _grow(G: nx.Graph, H: nx.Graph, added: Counter[tuple[Hashable, Hashable]]) -> None:
    for (u, v), count in added.items():
        for node in (u, v):
            if node not in H:
                H.add_node(node, **G.nodes[node])
        if H.has_edge(u, v):
            H.edges[u, v]["weight"] += count
        else:
            H.add_edge(u, v, weight=count)
