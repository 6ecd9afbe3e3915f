"""Partnership events flattened to one dict per pair of parties, for the network analysis.

A few simple SELECTs joined in Python rather than one big query: every OPTIONAL in one
query multiplies rows when a place has two labels or an event two bodies.

Besides the place as reported, each side carries what the network needs to roll it up:
its parent, the province-level unit it belongs to (``*_province``: itself for a province,
a municipality, a foreign province or a country; otherwise the nearest such ancestor over
``kg:partOf``) and that unit today (``*_today``: its ``kg:succeededBy`` successor after the
2025 merger, else itself). One event reported by several articles is one record per pair,
with every article in ``sources``; ``evidence``, ``article_id``, ``source``, ``title`` and
``url`` repeat the first source.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from itertools import combinations
from typing import Any

from kg.ns import BODY_CLASS, PLACE_CLASS

Select = Callable[[str], list[dict[str, str | None]]]

#: The keys of every record, in order. Values are strings or None, except year (int or
#: None) and the tuples of dicts ``a_bodies``, ``b_bodies`` (id, name, kind) and ``sources``
#: (article_id, source, title, url, evidence).
RECORD_KEYS: tuple[str, ...] = (
    "event", "relation",
    "a", "a_label", "a_kind", "a_country", "a_parent_label",
    "b", "b_label", "b_kind", "b_country", "b_parent_label",
    "date", "year", "period", "evidence", "article_id", "source", "title",
    "a_body", "b_body",
    "url", "sources",
    "a_parent", "a_country_label", "a_province", "a_province_label", "a_province_kind",
    "a_today", "a_today_label", "a_today_kind", "a_bodies",
    "b_parent", "b_country_label", "b_province", "b_province_label", "b_province_kind",
    "b_today", "b_today_label", "b_today_kind", "b_bodies",
)  # fmt: skip

#: Kinds that are their own province-level unit.
PROVINCE_LEVEL_KINDS = frozenset({"province", "municipality", "foreign_province", "country"})

_KIND_OF_CLASS = {str(iri): kind for kind, iri in PLACE_CLASS.items()}
_KIND_OF_BODY = {str(iri): kind for kind, iri in BODY_CLASS.items()}

_EVENTS = """
SELECT DISTINCT ?event ?relation ?date ?year ?start ?end WHERE {
  ?event a kg:PartnershipEvent ; kg:relation ?relation .
  OPTIONAL { ?event kg:date ?date }
  OPTIONAL { ?event kg:year ?year }
  OPTIONAL { ?event kg:periodStart ?start ; kg:periodEnd ?end }
}"""

# Each article's graph holds its own evidence sentence for the event.
_SOURCES = """
SELECT DISTINCT ?event ?article ?evidence ?article_id ?source ?title ?url WHERE {
  GRAPH ?g {
    ?event a kg:PartnershipEvent ; prov:wasDerivedFrom ?article .
    OPTIONAL { ?event kg:evidence ?evidence }
  }
  OPTIONAL { ?article kg:articleId ?article_id }
  OPTIONAL { ?article dcterms:source ?source }
  OPTIONAL { ?article dcterms:title ?title }
  OPTIONAL { ?article kg:url ?url }
}"""

_PARTIES = "SELECT DISTINCT ?event ?place WHERE { ?event a kg:PartnershipEvent ; kg:party ?place }"

_BODIES = """
SELECT DISTINCT ?event ?place ?body ?name ?type WHERE {
  ?event a kg:PartnershipEvent ; kg:actingBody ?body .
  ?body kg:actsFor ?place ; rdfs:label ?name .
  OPTIONAL { ?body a ?type FILTER(?type != kg:Body) }
}"""

# One small query per property of a place, joined in Python: every article's graph repeats
# the places it mentions, and over the union of graphs one query with all the OPTIONALs would
# multiply those copies (a place in 20 articles, 8 patterns: 20**8 rows before DISTINCT).
_PLACE_VALUES = {
    "id": "?place kg:placeId ?value",
    "type": "?place a kg:Locality , ?value FILTER(?value != kg:Locality)",
    "label": "?place a kg:Locality ; rdfs:label ?value",
    "country": "?place kg:countryCode ?value",
    "country_label": "?place kg:country ?c . ?c rdfs:label ?value",
    "parent": "?place kg:partOf ?value",
    "parent_label": "?place kg:partOf ?p . ?p rdfs:label ?value",
    "successor": "?place kg:succeededBy ?value",
}

Place = dict[str, str | None]


def _first(values: set[str]) -> str | None:
    # Graphs written from different gazetteer versions may disagree; pick one, always the same.
    return min(values) if values else None


def _places(select: Select) -> dict[str, Place]:
    seen: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for key, pattern in _PLACE_VALUES.items():
        for row in select(f"SELECT DISTINCT ?place ?value WHERE {{ {pattern} }}"):
            if row["place"] is not None and row["value"] is not None:
                seen[row["place"]][key].add(row["value"])
    out = {}
    for iri, values in seen.items():
        if not values["id"] and not values["type"]:
            continue  # not a place: a body also has a label
        kinds = {_KIND_OF_CLASS[t] for t in values["type"] if t in _KIND_OF_CLASS}
        out[iri] = {
            "iri": iri,
            "id": _first(values["id"]) or iri,
            "label": _first(values["label"]),
            "kind": _first(kinds),
            "country": _first(values["country"]),
            "country_label": _first(values["country_label"]),
            "parent_label": _first(values["parent_label"]),
            "parent_iri": _first(values["parent"]),
            "successor_iri": _first(values["successor"]),
        }
    return out


def _follow(places: dict[str, Place], iri: str, step: Callable[[Place], str | None]) -> str:
    """Follow ``step`` from ``iri`` while it leads to a known place; stops on a cycle."""
    seen = {iri}
    while (nxt := step(places[iri])) is not None and nxt in places and nxt not in seen:
        seen.add(nxt)
        iri = nxt
    return iri


def _province_of(places: dict[str, Place], iri: str) -> str:
    def up(place: Place) -> str | None:
        return None if place["kind"] in PROVINCE_LEVEL_KINDS else place["parent_iri"]

    top = _follow(places, iri, up)
    # A place without a province-level ancestor (unknown kind, broken chain) stays itself.
    return top if places[top]["kind"] in PROVINCE_LEVEL_KINDS else iri


def _today_of(places: dict[str, Place], iri: str) -> str:
    return _follow(places, iri, lambda place: place["successor_iri"])


def _year(value: str | None) -> int | None:
    return int(value[:4]) if value and value[:4].isdigit() else None


def _precise_first(values: set[str]) -> str | None:
    # Articles may disagree on the date of one event: keep the most precise, then earliest.
    return min(values, key=lambda v: (-len(v), v)) if values else None


def _events(select: Select) -> dict[str, dict[str, Any]]:
    merged: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for row in select(_EVENTS):
        values = merged[row["event"] or ""]
        for key, value in row.items():
            if value is not None:
                values[key].add(value)
    events = {}
    for event, values in merged.items():
        date = _precise_first(values["date"])
        periods = sorted(zip(sorted(values["start"]), sorted(values["end"]), strict=False))
        events[event] = {
            "relation": _first(values["relation"]),
            "date": date,
            "year": _year(_first(values["year"])) or _year(date),
            "period": f"{periods[0][0]}-{periods[0][1]}" if periods else None,
        }
    return events


def _sources(select: Select) -> dict[str, tuple[dict[str, str | None], ...]]:
    found: dict[str, dict[tuple[str, str], dict[str, str | None]]] = defaultdict(dict)
    for row in select(_SOURCES):
        key = (row["article"] or "", row["evidence"] or "")
        found[row["event"] or ""].setdefault(key, {
            "article_id": row["article_id"], "source": row["source"], "title": row["title"],
            "url": row["url"], "evidence": row["evidence"],
        })  # fmt: skip
    return {
        event: tuple(
            by_key[k] for k in sorted(by_key, key=lambda k: (by_key[k]["article_id"] or k[0], k[1]))
        )
        for event, by_key in found.items()
    }


def _bodies(select: Select) -> dict[tuple[str, str], tuple[dict[str, str | None], ...]]:
    found: dict[tuple[str, str], dict[str, dict[str, str | None]]] = defaultdict(dict)
    for row in select(_BODIES):
        body, kind = row["body"] or "", _KIND_OF_BODY.get(row["type"] or "")
        entry = found[(row["event"] or "", row["place"] or "")].setdefault(
            body, {"id": body, "name": row["name"], "kind": kind}
        )
        # Two labels or two classes for one body: keep the smallest, always the same.
        if (row["name"] or "") < (entry["name"] or ""):
            entry["name"] = row["name"]
        if kind is not None and (entry["kind"] is None or kind < entry["kind"]):
            entry["kind"] = kind
    return {
        key: tuple(sorted(by_body.values(), key=lambda b: (b["name"] or "", b["id"] or "")))
        for key, by_body in found.items()
    }


def _side(places: dict[str, Place], iri: str) -> dict[str, Any]:
    if iri not in places:
        return {"": iri, "province": iri, "today": iri}
    place = places[iri]
    province = _province_of(places, iri)
    today = _today_of(places, province)
    parent = places.get(place["parent_iri"] or "")
    out: dict[str, Any] = {
        "": place["id"],
        "label": place["label"],
        "kind": place["kind"],
        "country": place["country"],
        "parent_label": place["parent_label"],
        "parent": parent["id"] if parent else None,
        "country_label": place["country_label"],
    }
    for level, target in (("province", province), ("today", today)):
        out[level] = places[target]["id"]
        out[f"{level}_label"] = places[target]["label"]
        out[f"{level}_kind"] = places[target]["kind"]
    return out


def partnership_records(select: Select) -> list[dict[str, Any]]:
    """Records sorted by event IRI, then by the parties' place ids (a < b)."""
    places = _places(select)
    parties: dict[str, set[str]] = defaultdict(set)
    for row in select(_PARTIES):
        parties[row["event"] or ""].add(row["place"] or "")
    bodies = _bodies(select)
    sources = _sources(select)
    events = _events(select)

    def place_id(iri: str) -> str:
        return str(places[iri]["id"]) if iri in places else iri

    records = []
    for event, row in sorted(events.items()):
        members = sorted(parties[event], key=lambda iri: place_id(iri) or iri)
        found = sources.get(event, ())
        first = found[0] if found else dict.fromkeys(("evidence", "article_id", "source",
                                                      "title", "url"))  # fmt: skip
        for a, b in combinations(members, 2):
            record: dict[str, Any] = dict(event=event, **row)
            for side, iri in (("a", a), ("b", b)):
                for key, value in _side(places, iri).items():
                    record[f"{side}_{key}" if key else side] = value
                acting = bodies.get((event, iri), ())
                record[f"{side}_bodies"] = acting
                record[f"{side}_body"] = "; ".join(str(b["name"]) for b in acting) or None
            record.update({k: first[k] for k in ("evidence", "article_id", "source", "title",
                                                 "url")}, sources=found)  # fmt: skip
            records.append({key: record.get(key) for key in RECORD_KEYS})
    return records
