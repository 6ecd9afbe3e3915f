"""The partnership network: one node per locality, one edge per pair of partners.

Built from the store's partnership records (one dict per event and pair of parties, see
``kg.store.records``). Every edge keeps its agreements, so a view can show the evidence.
"""

from __future__ import annotations

import logging
from collections.abc import Collection, Iterable, Mapping
from typing import Any

import networkx as nx

from kg.errors import KgError
from kg.model import RELATIONS

log = logging.getLogger(__name__)

#: Node groups, in legend order.
GROUPS: tuple[str, ...] = ("vn_province", "vn_local", "foreign", "body")

VN_PROVINCE_KINDS = frozenset({"province", "municipality"})
VN_LOCAL_KINDS = frozenset({"provincial_city", "town", "urban_district", "rural_district"})

#: The keys of a record copied into each agreement on an edge.
AGREEMENT_KEYS: tuple[str, ...] = (
    "relation", "date", "year", "period", "evidence", "source", "title", "article_id", "event",
)  # fmt: skip

#: Relation of the edge between an acting body and its locality.
ACTS_FOR = "acts_for"


class UnknownRelationError(KgError):
    """A relation filter names a relation we do not know."""


def group_of(kind: str | None, country: str | None) -> str:
    """The legend group of a locality.

    >>> group_of("province", "VN"), group_of("town", "VN"), group_of("foreign_province", "LA")
    ('vn_province', 'vn_local', 'foreign')
    """
    if country and country.upper() != "VN":
        return "foreign"
    if kind in VN_PROVINCE_KINDS:
        return "vn_province"
    if kind in VN_LOCAL_KINDS:
        return "vn_local"
    if country is None and kind is not None and kind.startswith("foreign_"):
        return "foreign"
    # A Vietnamese place of another kind (the country itself): closest to a province.
    return "vn_province"


def _check_relations(relations: Collection[str] | None) -> frozenset[str] | None:
    if relations is None:
        return None
    unknown = sorted(set(relations) - set(RELATIONS))
    if unknown:
        raise UnknownRelationError(
            f"unknown relation(s) {', '.join(unknown)}; known: {', '.join(RELATIONS)}"
        )
    return frozenset(relations)


def _add_place(G: nx.Graph, record: Mapping[str, Any], side: str) -> str:
    node = str(record[side])
    kind, country = record.get(f"{side}_kind"), record.get(f"{side}_country")
    attrs = {
        "label": record.get(f"{side}_label"),
        "kind": kind,
        "country": country,
        "parent": record.get(f"{side}_parent_label"),
    }
    if node in G:
        # Keep what we had, fill in what we lacked.
        for key, value in attrs.items():
            if G.nodes[node].get(key) is None and value is not None:
                G.nodes[node][key] = value
    else:
        G.add_node(node, **attrs)
    return node


def _finish_places(G: nx.Graph) -> None:
    for node, data in G.nodes(data=True):
        data["label"] = data["label"] or node
        data["group"] = group_of(data["kind"], data["country"])


def _agreement(record: Mapping[str, Any]) -> dict[str, Any]:
    return {key: record.get(key) for key in AGREEMENT_KEYS}


def _agreement_key(agreement: Mapping[str, Any]) -> tuple[Any, ...]:
    return (
        agreement["year"] if agreement["year"] is not None else 10_000,
        agreement["date"] or "",
        *(str(agreement[k] or "") for k in ("relation", "event", "article_id", "evidence")),
    )


def _event_key(agreement: Mapping[str, Any]) -> tuple[Any, ...]:
    # Without an event IRI, one article's sentence and relation stand for one event.
    if agreement["event"]:
        return ("event", agreement["event"])
    return ("text", agreement["article_id"], agreement["relation"], agreement["evidence"])


def _finish_edges(G: nx.Graph) -> None:
    for _, _, data in G.edges(data=True):
        if data.get("relation") == ACTS_FOR:
            continue
        unique = {tuple(sorted(a.items(), key=lambda kv: kv[0])): a for a in data["agreements"]}
        agreements = sorted(unique.values(), key=_agreement_key)
        data["agreements"] = agreements
        data["relations"] = sorted({a["relation"] for a in agreements if a["relation"]})
        data["weight"] = len({_event_key(a) for a in agreements})
        data["years"] = sorted({a["year"] for a in agreements if a["year"] is not None})


def _add_bodies(G: nx.Graph, record: Mapping[str, Any], side: str, place: str) -> None:
    names = record.get(f"{side}_body")
    if not names:
        return
    # The store joins several bodies of one party with "; ".
    for name in (n.strip() for n in str(names).split("; ")):
        if not name:
            continue
        body = f"{place}|{name}"
        if body not in G:
            G.add_node(
                body,
                label=name,
                kind="body",
                country=G.nodes[place].get("country"),
                parent=G.nodes[place].get("label"),
                group="body",
            )
        if not G.has_edge(body, place):
            G.add_edge(
                body, place, relation=ACTS_FOR, relations=[ACTS_FOR], agreements=[],
                weight=1, years=[],
            )  # fmt: skip


def build_network(
    records: Iterable[Mapping[str, Any]],
    *,
    relations: Collection[str] | None = None,
    include_bodies: bool = False,
) -> nx.Graph:
    """The undirected network of localities that made agreements.

    Nodes are place ids with ``label, kind, country, parent, group``; each edge holds
    ``agreements`` (one dict per record), ``relations``, ``years`` (sorted, distinct) and
    ``weight`` (number of distinct events). ``relations`` keeps only those relations.
    With ``include_bodies`` the acting bodies become nodes of group ``"body"``, joined to
    their locality by an ``acts_for`` edge (node id ``"<place>|<body name>"``).

    >>> rec = dict(event="e1", relation="signed_mou", a="vn/lao-cai", a_label="Lào Cai",
    ...            a_kind="province", a_country="VN", b="la/pakxan", b_label="Pạc Xăn",
    ...            b_kind="foreign_district", b_country="LA", year=2018)
    >>> G = build_network([rec, dict(rec, event="e2", relation="held_talks", year=2019)])
    >>> G.nodes["la/pakxan"]["group"], G.nodes["vn/lao-cai"]["group"]
    ('foreign', 'vn_province')
    >>> edge = G.edges["vn/lao-cai", "la/pakxan"]
    >>> edge["weight"], edge["relations"], edge["years"]
    (2, ['held_talks', 'signed_mou'], [2018, 2019])
    >>> build_network([rec], relations=["twinned"]).number_of_nodes()
    0
    """
    wanted = _check_relations(relations)
    G = nx.Graph()
    skipped = 0
    kept: list[Mapping[str, Any]] = []  # bodies are added once places are complete
    for record in records:
        if wanted is not None and record.get("relation") not in wanted:
            continue
        if not record.get("a") or not record.get("b") or record["a"] == record["b"]:
            skipped += 1
            continue
        a, b = _add_place(G, record, "a"), _add_place(G, record, "b")
        if not G.has_edge(a, b):
            G.add_edge(a, b, agreements=[])
        G.edges[a, b]["agreements"].append(_agreement(record))
        if include_bodies:
            kept.append(record)
    if skipped:
        log.warning("skipped %d record(s) without two distinct parties", skipped)
    _finish_places(G)
    _finish_edges(G)
    if include_bodies:
        for record in kept:
            _add_bodies(G, record, "a", str(record["a"]))
            _add_bodies(G, record, "b", str(record["b"]))
    return G
