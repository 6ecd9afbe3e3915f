"""Cut a built network down to some relations or years, keeping its attributes.

``build_network`` filters records before they become edges; ``restrict`` does the same on a
network already built, which is what the timeline needs (one network per year).
"""

from __future__ import annotations

from collections.abc import Collection

import networkx as nx

from kg.analyze.network import ACTS_FOR, Years, check_relations, in_years, summarise_edge


def restrict(
    G: nx.Graph,
    *,
    relations: Collection[str] | None = None,
    years: Years | None = None,
) -> nx.Graph:
    """A copy of ``G`` with only the agreements of ``relations`` made in ``years``.

    Links left without agreements go, then localities left without partners; an acting
    body stays while its locality does.

    >>> from kg.analyze.network import build_network
    >>> rec = dict(event="e1", relation="signed_mou", a="x", b="y", year=2018)
    >>> G = build_network([rec, dict(rec, event="e2", b="z", year=2021)])
    >>> sorted(restrict(G, years=(None, 2019)).edges())
    [('x', 'y')]
    """
    wanted = check_relations(relations)
    H = nx.Graph(**G.graph)
    for u, v, data in G.edges(data=True):
        if data.get("relation") == ACTS_FOR:
            continue
        kept = [
            a
            for a in data.get("agreements", [])
            if (wanted is None or a.get("relation") in wanted) and in_years(a.get("year"), years)
        ]
        if not kept:
            continue
        new = {k: v for k, v in data.items() if k != "agreements"}
        new["agreements"] = kept  # the agreement dicts are shared, read-only
        summarise_edge(new)
        H.add_edge(u, v, **new)
    for node in list(H):
        H.nodes[node].update(G.nodes[node])
    for u, v, data in G.edges(data=True):
        if data.get("relation") == ACTS_FOR:
            body, place = (u, v) if G.nodes[u].get("group") == "body" else (v, u)
            if place in H:
                H.add_node(body, **G.nodes[body])
                H.add_edge(u, v, **data)
    return H
