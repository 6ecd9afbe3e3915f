"""The partnership network: one node per locality, one edge per pair of partners.

Built from the store's partnership records (one dict per event and pair of parties, see
``kg.store.records``) at a chosen level:

- ``reported``: each locality as the article named it (a district stays a district);
- ``province``: every locality rolled up to its province (Pạc Xăn → Bolykhămxay, TP Hà
  Tĩnh → Hà Tĩnh), using ``kg:partOf``;
- ``today``: rolled up to provinces, then to the province that took each one over in the
  2025 merger (Thái Bình → Hưng Yên, Quảng Nam → Đà Nẵng), using ``kg:succeededBy``.

Every edge keeps its agreements (one per distinct event, with all the articles that report
it), so a view can show the evidence and a count is a count of events, not of articles.
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

#: How far localities are rolled up (see the module docstring).
LEVELS: tuple[str, ...] = ("reported", "province", "today")

VN_PROVINCE_KINDS = frozenset({"province", "municipality"})
VN_LOCAL_KINDS = frozenset({"provincial_city", "town", "urban_district", "rural_district"})

#: The keys of a record copied into each agreement on an edge.
AGREEMENT_KEYS: tuple[str, ...] = (
    "relation", "date", "year", "period", "evidence", "source", "title", "article_id", "event",
    "url",
)  # fmt: skip
_SOURCE_KEYS: tuple[str, ...] = ("article_id", "source", "title", "url", "evidence")

#: Relation of the edge between an acting body and its locality.
ACTS_FOR = "acts_for"

Years = tuple[int | None, int | None]


class UnknownRelationError(KgError):
    """A relation filter names a relation we do not know."""


class UnknownLevelError(KgError):
    """A network level we do not know."""


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


def display_label(attrs: Mapping[str, Any]) -> str:
    """The name to show for a node; a city named like its province reads "TP <name>".

    >>> display_label({"label": "Lào Cai", "kind": "provincial_city", "parent": "Lào Cai"})
    'TP Lào Cai'
    >>> display_label({"label": "Sa Pa", "kind": "town", "parent": "Lào Cai"})
    'Sa Pa'
    """
    label = str(attrs.get("label") or "")
    if attrs.get("kind") == "provincial_city" and label and label == attrs.get("parent"):
        return f"TP {label}"
    return label


def check_relations(relations: Collection[str] | None) -> frozenset[str] | None:
    """``relations`` as a set, or ``UnknownRelationError`` naming the known ones."""
    if relations is None:
        return None
    unknown = sorted(set(relations) - set(RELATIONS))
    if unknown:
        raise UnknownRelationError(
            f"unknown relation(s) {', '.join(unknown)}; known: {', '.join(RELATIONS)}"
        )
    return frozenset(relations)


def check_level(level: str) -> str:
    if level not in LEVELS:
        raise UnknownLevelError(f"unknown level {level!r}; known: {', '.join(LEVELS)}")
    return level


def in_years(year: int | None, years: Years | None) -> bool:
    """Whether ``year`` lies in the inclusive range; an unknown year only in no range.

    >>> in_years(2018, (2015, None)), in_years(None, (2015, None)), in_years(None, None)
    (True, False, True)
    """
    if years is None or years == (None, None):
        return True
    start, end = years
    return year is not None and (start is None or year >= start) and (end is None or year <= end)


def _wanted(
    record: Mapping[str, Any],
    relations: frozenset[str] | None,
    countries: frozenset[str] | None,
    years: Years | None,
) -> bool:
    if relations is not None and record.get("relation") not in relations:
        return False
    if countries is not None:
        sides = {str(record.get(f"{s}_country") or "").upper() for s in "ab"}
        if not sides & countries:
            return False
    return in_years(record.get("year"), years)


def _node(record: Mapping[str, Any], side: str, level: str) -> tuple[str, dict[str, Any]]:
    """The node id and attributes of one side of ``record`` at ``level``."""
    reported = str(record[side])
    target = record.get(f"{side}_{level}") if level != "reported" else None
    if target is None or str(target) == reported:
        return reported, {
            "label": record.get(f"{side}_label"),
            "kind": record.get(f"{side}_kind"),
            "country": record.get(f"{side}_country"),
            "country_label": record.get(f"{side}_country_label"),
            "parent": record.get(f"{side}_parent_label"),
        }
    return str(target), {
        "label": record.get(f"{side}_{level}_label"),
        "kind": record.get(f"{side}_{level}_kind"),
        "country": record.get(f"{side}_country"),
        "country_label": record.get(f"{side}_country_label"),
        "parent": None,
    }


def _add_place(G: nx.Graph, node: str, attrs: Mapping[str, Any], reported: str | None) -> None:
    if node in G:
        # Keep what we had, fill in what we lacked.
        for key, value in attrs.items():
            if G.nodes[node].get(key) is None and value is not None:
                G.nodes[node][key] = value
    else:
        G.add_node(node, **attrs, includes=set(), bodies=set())
    if reported is not None:
        G.nodes[node]["includes"].add(reported)


def _sources(record: Mapping[str, Any]) -> list[dict[str, Any]]:
    given = record.get("sources")
    if given:
        return [dict(s) for s in given]
    return [{key: record.get(key) for key in _SOURCE_KEYS}]


def _event_key(record: Mapping[str, Any]) -> tuple[Any, ...]:
    # Without an event IRI, one article's sentence and relation stand for one event.
    if record.get("event"):
        return ("event", record["event"])
    return ("text", record.get("article_id"), record.get("relation"), record.get("evidence"))


def _body_names(record: Mapping[str, Any], side: str) -> list[str]:
    bodies = record.get(f"{side}_bodies")
    if bodies:
        return [str(b["name"]) for b in bodies if b.get("name")]
    names = record.get(f"{side}_body")
    # Older records join several bodies of one party with "; ".
    return [n.strip() for n in str(names).split("; ") if n.strip()] if names else []


def _add_agreement(G: nx.Graph, a: str, b: str, record: Mapping[str, Any]) -> None:
    if not G.has_edge(a, b):
        G.add_edge(a, b, by_event={})
    by_event = G.edges[a, b]["by_event"]
    key = _event_key(record)
    pair = [record.get("a_label") or record["a"], record.get("b_label") or record["b"]]
    bodies = _body_names(record, "a") + _body_names(record, "b")
    if key not in by_event:
        agreement = {k: record.get(k) for k in AGREEMENT_KEYS}
        agreement.update(sources=_sources(record), parties=[pair], bodies=sorted(set(bodies)))
        by_event[key] = agreement
        return
    agreement = by_event[key]
    for source in _sources(record):
        if source not in agreement["sources"]:
            agreement["sources"].append(source)
    if pair not in agreement["parties"]:
        agreement["parties"].append(pair)
    agreement["bodies"] = sorted(set(agreement["bodies"]) | set(bodies))


def _agreement_order(agreement: Mapping[str, Any]) -> tuple[Any, ...]:
    return (
        agreement["year"] if agreement["year"] is not None else 10_000,
        agreement["date"] or "",
        *(str(agreement[k] or "") for k in ("relation", "event", "article_id", "evidence")),
    )


def _source_name(source: Mapping[str, Any]) -> str:
    return str(source.get("url") or source.get("source") or source.get("article_id") or "")


def _finish_agreement(agreement: dict[str, Any]) -> None:
    agreement["sources"].sort(key=lambda s: tuple(str(s.get(k) or "") for k in _SOURCE_KEYS))
    agreement["parties"].sort()
    first = agreement["sources"][0] if agreement["sources"] else {}
    for key in _SOURCE_KEYS:
        agreement[key] = agreement.get(key) or first.get(key)


def summarise_edge(data: dict[str, Any]) -> None:
    """Sort an edge's ``agreements`` and derive ``relations``, ``years``, ``weight``
    (number of distinct events) and ``sources`` (distinct articles) from them."""
    agreements = data["agreements"]
    agreements.sort(key=_agreement_order)
    data["relations"] = sorted({a["relation"] for a in agreements if a["relation"]})
    data["years"] = sorted({a["year"] for a in agreements if a["year"] is not None})
    data["weight"] = len(agreements)
    data["sources"] = sorted({_source_name(s) for a in agreements for s in a["sources"]} - {""})


def _finish(G: nx.Graph) -> None:
    for node, data in G.nodes(data=True):
        data["label"] = data["label"] or node
        data["group"] = group_of(data["kind"], data["country"])
        data["includes"] = sorted(data["includes"] - {node})
        data["bodies"] = sorted(data["bodies"])
    for _, _, data in G.edges(data=True):
        data["agreements"] = list(data.pop("by_event").values())
        for agreement in data["agreements"]:
            _finish_agreement(agreement)
        summarise_edge(data)


def _add_bodies(G: nx.Graph, record: Mapping[str, Any], side: str, place: str) -> None:
    kinds = {b.get("name"): b.get("kind") for b in record.get(f"{side}_bodies") or ()}
    for name in _body_names(record, side):
        body = f"{place}|{name}"
        if body not in G:
            G.add_node(
                body, label=name, kind="body", body_kind=kinds.get(name),
                country=G.nodes[place].get("country"),
                country_label=G.nodes[place].get("country_label"),
                parent=G.nodes[place].get("label"), group="body", includes=[], bodies=[],
            )  # fmt: skip
        if not G.has_edge(body, place):
            G.add_edge(
                body, place, relation=ACTS_FOR, relations=[ACTS_FOR], agreements=[],
                weight=1, years=[], sources=[],
            )  # fmt: skip


def build_network(
    records: Iterable[Mapping[str, Any]],
    *,
    level: str = "reported",
    include_bodies: bool = False,
    relations: Collection[str] | None = None,
    countries: Collection[str] | None = None,
    years: Years | None = None,
) -> nx.Graph:
    """The undirected network of localities that made agreements.

    Nodes are place ids with ``label, kind, country, country_label, parent, group``,
    ``includes`` (the reported localities rolled up into this one) and ``bodies`` (the
    acting bodies folded into it). Each edge holds ``agreements`` (one dict per distinct
    event, with its ``sources``, the ``parties`` as reported and the acting ``bodies``),
    ``relations``, ``years``, ``sources`` (sorted, distinct) and ``weight`` (the number of
    events).

    ``level`` is one of ``LEVELS``. ``relations`` keeps only those relations, ``countries``
    (codes such as ``"LA"``) the agreements with a party from one of them, ``years`` the
    agreements dated within ``(start, end)`` (inclusive, either may be None). With
    ``include_bodies`` the acting bodies become nodes of group ``"body"``, joined to their
    locality by an ``acts_for`` edge (node id ``"<place>|<body name>"``).

    >>> rec = dict(event="e1", relation="signed_mou", a="vn/lao-cai", a_label="Lào Cai",
    ...            a_kind="province", a_country="VN", b="la/pakxan", b_label="Pạc Xăn",
    ...            b_kind="foreign_district", b_country="LA", b_province="la/bolikhamxai",
    ...            b_province_label="Bolykhămxay", b_province_kind="foreign_province",
    ...            year=2018)
    >>> G = build_network([rec, dict(rec, event="e2", relation="held_talks", year=2019)])
    >>> G.nodes["la/pakxan"]["group"], G.nodes["vn/lao-cai"]["group"]
    ('foreign', 'vn_province')
    >>> edge = G.edges["vn/lao-cai", "la/pakxan"]
    >>> edge["weight"], edge["relations"], edge["years"]
    (2, ['held_talks', 'signed_mou'], [2018, 2019])
    >>> sorted(build_network([rec], level="province"))
    ['la/bolikhamxai', 'vn/lao-cai']
    >>> build_network([rec], relations=["twinned"]).number_of_nodes()
    0
    >>> build_network([rec], years=(2019, None)).number_of_nodes()
    0
    """
    check_level(level)
    wanted = check_relations(relations)
    country_set = None if countries is None else frozenset(c.upper() for c in countries)
    G = nx.Graph(level=level)
    skipped = inside = 0
    kept: list[tuple[Mapping[str, Any], str, str]] = []  # bodies go in once places are done
    for record in records:
        if not _wanted(record, wanted, country_set, years):
            continue
        if not record.get("a") or not record.get("b") or record["a"] == record["b"]:
            skipped += 1
            continue
        (a, a_attrs), (b, b_attrs) = _node(record, "a", level), _node(record, "b", level)
        if a == b:
            inside += 1  # e.g. a province and its own district, rolled up
            continue
        _add_place(G, a, a_attrs, str(record["a"]))
        _add_place(G, b, b_attrs, str(record["b"]))
        for side, node in (("a", a), ("b", b)):
            G.nodes[node]["bodies"].update(_body_names(record, side))
        _add_agreement(G, a, b, record)
        kept.append((record, a, b))
    if skipped:
        log.warning("skipped %d record(s) without two distinct parties", skipped)
    if inside:
        log.info("%d record(s) fall inside one locality at level %r", inside, level)
    _finish(G)
    if include_bodies:
        for record, a, b in kept:
            _add_bodies(G, record, "a", a)
            _add_bodies(G, record, "b", b)
    return G
