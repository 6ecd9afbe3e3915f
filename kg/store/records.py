"""Partnership events flattened to one dict per pair of parties, for the network analysis.

A few simple SELECTs joined in Python rather than one big query: every OPTIONAL in one
query multiplies rows when a place has two labels or an event two bodies.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from itertools import combinations
from typing import Any

from kg.ns import PLACE_CLASS

Select = Callable[[str], list[dict[str, str | None]]]

#: The keys of every record, in order. Values are strings or None, except year (int or None).
RECORD_KEYS: tuple[str, ...] = (
    "event", "relation",
    "a", "a_label", "a_kind", "a_country", "a_parent_label",
    "b", "b_label", "b_kind", "b_country", "b_parent_label",
    "date", "year", "period", "evidence", "article_id", "source", "title",
    "a_body", "b_body",
)  # fmt: skip

_KIND_OF_CLASS = {str(iri): kind for kind, iri in PLACE_CLASS.items()}

_EVENTS = """
SELECT DISTINCT ?event ?relation ?date ?year ?start ?end ?evidence ?article_id ?source ?title
WHERE {
  ?event a kg:PartnershipEvent ; kg:relation ?relation .
  OPTIONAL { ?event kg:date ?date }
  OPTIONAL { ?event kg:year ?year }
  OPTIONAL { ?event kg:periodStart ?start ; kg:periodEnd ?end }
  OPTIONAL { ?event kg:evidence ?evidence }
  OPTIONAL {
    ?event prov:wasDerivedFrom ?article .
    OPTIONAL { ?article kg:articleId ?article_id }
    OPTIONAL { ?article dcterms:source ?source }
    OPTIONAL { ?article dcterms:title ?title }
  }
}"""

_PARTIES = "SELECT DISTINCT ?event ?place WHERE { ?event a kg:PartnershipEvent ; kg:party ?place }"

_BODIES = """
SELECT DISTINCT ?event ?place ?name WHERE {
  ?event a kg:PartnershipEvent ; kg:actingBody ?body .
  ?body kg:actsFor ?place ; rdfs:label ?name .
}"""

_PLACES = """
SELECT DISTINCT ?place ?id ?type ?label ?country ?parent_label WHERE {
  ?place a kg:Locality .
  OPTIONAL { ?place kg:placeId ?id }
  OPTIONAL { ?place a ?type FILTER(?type != kg:Locality) }
  OPTIONAL { ?place rdfs:label ?label }
  OPTIONAL { ?place kg:countryCode ?country }
  OPTIONAL { ?place kg:partOf ?parent . ?parent rdfs:label ?parent_label }
}"""


def _first(values: set[str]) -> str | None:
    # Graphs written from different gazetteer versions may disagree; pick one, always the same.
    return min(values) if values else None


def _places(select: Select) -> dict[str, dict[str, str | None]]:
    seen: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for row in select(_PLACES):
        values = seen[row["place"] or ""]
        for key, value in row.items():
            if value is not None:
                values[key].add(value)
    out = {}
    for iri, values in seen.items():
        kinds = {_KIND_OF_CLASS[t] for t in values["type"] if t in _KIND_OF_CLASS}
        out[iri] = {
            "id": _first(values["id"]) or iri,
            "label": _first(values["label"]),
            "kind": _first(kinds),
            "country": _first(values["country"]),
            "parent_label": _first(values["parent_label"]),
        }
    return out


def _year(value: str | None) -> int | None:
    return int(value[:4]) if value and value[:4].isdigit() else None


def partnership_records(select: Select) -> list[dict[str, Any]]:
    """Records sorted by event IRI, then by the parties' place ids (a < b)."""
    places = _places(select)
    parties: dict[str, set[str]] = defaultdict(set)
    for row in select(_PARTIES):
        parties[row["event"] or ""].add(row["place"] or "")
    bodies: dict[tuple[str, str], set[str]] = defaultdict(set)
    for row in select(_BODIES):
        bodies[(row["event"] or "", row["place"] or "")].add(row["name"] or "")
    events: dict[str, dict[str, str | None]] = {}
    for row in sorted(select(_EVENTS), key=lambda r: [v or "" for v in r.values()]):
        events.setdefault(row["event"] or "", row)

    def place(iri: str) -> dict[str, str | None]:
        return places.get(iri, {"id": iri})

    records = []
    for event, row in sorted(events.items()):
        members = sorted(parties[event], key=lambda iri: place(iri)["id"] or iri)
        for a, b in combinations(members, 2):
            record: dict[str, Any] = {"event": event, "relation": row["relation"]}
            for side, iri in (("a", a), ("b", b)):
                info = place(iri)
                record[side] = info["id"]
                for key in ("label", "kind", "country", "parent_label"):
                    record[f"{side}_{key}"] = info.get(key)
            start, end = row["start"], row["end"]
            record.update(
                date=row["date"],
                year=_year(row["year"]) or _year(row["date"]),
                period=f"{start}-{end}" if start and end else None,
                evidence=row["evidence"],
                article_id=row["article_id"],
                source=row["source"],
                title=row["title"],
                a_body="; ".join(sorted(bodies[(event, a)])) or None,
                b_body="; ".join(sorted(bodies[(event, b)])) or None,
            )
            records.append({key: record[key] for key in RECORD_KEYS})
    return records
