"""One article and the facts read from it, as RDF quads in the article's own named graph.

Pure: no store, no I/O. Each article's graph is self-contained (it repeats the description
of every place it mentions) so that replacing or removing one article never touches what
the others say. Classes are written with their superclass too (``kg:Province`` and
``kg:Locality``), and shortcuts with ``kg:cooperatesWith``, because Oxigraph does no
reasoning and queries should not need property paths over the ontology.
"""

from __future__ import annotations

import logging
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, date, datetime

from pyoxigraph import Literal, NamedNode, Quad
from rdflib import URIRef

from kg.model import Article, Fact, Place
from kg.ns import (
    BODY_CLASS,
    DCTERMS,
    EVENT_CLASS,
    KG,
    PLACE_CLASS,
    PROV,
    RDF,
    RDFS,
    SHORTCUT,
    SKOS,
    XSD,
)
from kg.store.iris import article_graph, article_iri, body_iri, event_iri, place_iri

log = logging.getLogger(__name__)

_FULL_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_YEAR_MONTH = re.compile(r"(\d{4})-(\d{2})")
_PERIOD = re.compile(r"\s*(\d{4})\s*[-\u2013\u2014/]\s*(\d{4})\s*")

Object = NamedNode | Literal


def _iri(term: URIRef | str) -> NamedNode:
    return NamedNode(str(term))


def _typed(value: str, datatype: URIRef) -> Literal:
    return Literal(value, datatype=_iri(datatype))


def _vi(text: str) -> Literal:
    return Literal(text, language="vi")


class _Graph:
    """Collects the quads of one named graph, once each, in the order first added."""

    def __init__(self, name: str) -> None:
        self.name = NamedNode(name)
        self.quads: dict[Quad, None] = {}

    def add(self, subject: NamedNode, predicate: URIRef, obj: Object) -> None:
        self.quads[Quad(subject, _iri(predicate), obj, self.name)] = None

    def types(self, subject: NamedNode, classes: Iterable[URIRef]) -> None:
        for cls in classes:
            self.add(subject, RDF.type, _iri(cls))


def date_literal(text: str) -> Literal | None:
    """'YYYY-MM-DD' as xsd:date, 'YYYY-MM' as xsd:gYearMonth, anything else None.

    >>> date_literal("2024-03").datatype.value
    'http://www.w3.org/2001/XMLSchema#gYearMonth'
    >>> date_literal("2024-02-30") is None
    True
    """
    if _FULL_DATE.fullmatch(text):
        try:
            return _typed(date.fromisoformat(text).isoformat(), XSD.date)
        except ValueError:
            return None
    match = _YEAR_MONTH.fullmatch(text)
    if match and 1 <= int(match.group(2)) <= 12:
        return _typed(text, XSD.gYearMonth)
    return None


def _year(value: int) -> Literal | None:
    return _typed(f"{value:04d}", XSD.gYear) if 0 < value < 10000 else None


def _decimal(value: float) -> Literal | None:
    if not math.isfinite(value):
        return None
    return _typed(f"{value:.6f}".rstrip("0").rstrip("."), XSD.decimal)


def _describe_article(g: _Graph, article: Article, version: str, now: datetime) -> NamedNode:
    node = NamedNode(article_iri(article.id))
    g.types(node, [KG.Article])
    g.add(node, KG.articleId, Literal(article.id))
    g.add(node, KG.contentHash, Literal(article.content_hash))
    g.add(node, DCTERMS.source, Literal(article.source))
    if article.title:
        g.add(node, DCTERMS.title, Literal(article.title))
    if article.pub_date:
        g.add(node, DCTERMS.issued, _typed(article.pub_date.isoformat(), XSD.date))
    if article.url:
        g.add(node, KG.url, _typed(article.url, XSD.anyURI))
    stamp = now.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    g.add(node, PROV.generatedAtTime, _typed(stamp, XSD.dateTime))
    g.add(node, KG.extractorVersion, Literal(version))
    return node


def _describe_body(g: _Graph, event: NamedNode, place_id: str, name: str, kind: str | None) -> None:
    node = NamedNode(body_iri(place_id, kind or "body", name))
    classes = [KG.Body]
    if kind in BODY_CLASS:
        classes.append(BODY_CLASS[kind])
    elif kind is not None:
        log.warning("unknown body kind %r for %r: typed kg:Body only", kind, name)
    g.types(node, classes)
    g.add(node, RDFS.label, _vi(name))
    g.add(node, KG.actsFor, NamedNode(place_iri(place_id)))
    g.add(event, KG.actingBody, node)


def _describe_event(g: _Graph, fact: Fact, article: NamedNode) -> None:
    if fact.relation not in EVENT_CLASS:
        raise ValueError(f"fact with unknown relation {fact.relation!r}: {fact}")
    node = NamedNode(event_iri(fact))
    g.types(node, [KG.PartnershipEvent, EVENT_CLASS[fact.relation]])
    g.add(node, KG.relation, Literal(fact.relation))
    a, b = NamedNode(place_iri(fact.a)), NamedNode(place_iri(fact.b))
    g.add(node, KG.party, a)
    g.add(node, KG.party, b)
    for one, other in ((a, b), (b, a)):
        g.add(one, SHORTCUT[fact.relation], other)
        g.add(one, KG.cooperatesWith, other)
    for place_id, name, kind in (
        (fact.a, fact.a_body, fact.a_body_kind),
        (fact.b, fact.b_body, fact.b_body_kind),
    ):
        if name:
            _describe_body(g, node, place_id, name, kind)

    year = fact.year
    if fact.date:
        when = date_literal(fact.date)
        if when is None:
            log.warning("%s: ignoring malformed date %r", fact.article_id, fact.date)
        else:
            g.add(node, KG.date, when)
            year = year or int(fact.date[:4])
    if year is not None and (year_literal := _year(year)) is not None:
        g.add(node, KG.year, year_literal)
    if fact.period:
        match = _PERIOD.fullmatch(fact.period)
        start = _year(int(match.group(1))) if match else None
        end = _year(int(match.group(2))) if match else None
        if start is None or end is None:
            log.warning("%s: ignoring malformed period %r", fact.article_id, fact.period)
        else:
            g.add(node, KG.periodStart, start)
            g.add(node, KG.periodEnd, end)

    g.add(node, KG.evidence, Literal(fact.evidence))
    g.add(node, KG.charStart, _typed(str(fact.start), XSD.integer))
    g.add(node, KG.charEnd, _typed(str(fact.end), XSD.integer))
    g.add(node, KG.extractor, Literal(fact.extractor))
    if (confidence := _decimal(fact.confidence)) is not None:
        g.add(node, KG.confidence, confidence)
    for name in fact.fields:
        g.add(node, KG.field, Literal(name))
    g.add(node, PROV.wasDerivedFrom, article)


def _describe_place(g: _Graph, place: Place) -> list[str]:
    """Write one place; return the ids it points to (parent, successor, country)."""
    node = NamedNode(place_iri(place.id))
    classes = [KG.Locality]
    if place.kind in PLACE_CLASS:
        classes.append(PLACE_CLASS[place.kind])
    else:
        log.warning("unknown kind %r of place %s: typed kg:Locality only", place.kind, place.id)
    g.types(node, classes)
    g.add(node, KG.placeId, Literal(place.id))
    g.add(node, RDFS.label, _vi(place.name))
    for alias in place.aliases:
        g.add(node, SKOS.altLabel, _vi(alias))
    g.add(node, KG.countryCode, Literal(place.country.upper()))
    linked = []
    if place.kind != "country":
        country_id = place.country.lower()
        g.add(node, KG.country, NamedNode(place_iri(country_id)))
        linked.append(country_id)
    if place.parent:
        g.add(node, KG.partOf, NamedNode(place_iri(place.parent)))
        linked.append(place.parent)
    if place.valid_until:
        g.add(node, KG.validUntil, _typed(place.valid_until.isoformat(), XSD.date))
    if place.successor:
        g.add(node, KG.succeededBy, NamedNode(place_iri(place.successor)))
        linked.append(place.successor)
    return linked


def _describe_places(g: _Graph, roots: Iterable[str], places: Mapping[str, Place]) -> None:
    todo, seen = list(roots), set()
    while todo:
        place_id = todo.pop(0)
        if place_id in seen:
            continue
        seen.add(place_id)
        place = places.get(place_id)
        if place is not None:
            todo.extend(_describe_place(g, place))
            continue
        node = NamedNode(place_iri(place_id))
        g.add(node, KG.placeId, Literal(place_id))
        if "/" in place_id:
            log.warning("place %s is not in the gazetteer: written without a label", place_id)
            g.types(node, [KG.Locality])
        else:
            # A bare two-letter id is the country node every place points to.
            g.types(node, [KG.Locality, KG.Country])
            g.add(node, KG.countryCode, Literal(place_id.upper()))


def article_quads(
    article: Article,
    facts: Sequence[Fact],
    places: Mapping[str, Place],
    extractor_version: str,
    *,
    now: datetime | None = None,
) -> list[Quad]:
    """Everything about ``article`` in its named graph (see ``iris.article_graph``).

    ``now`` (default: the current time) is the article's ``prov:generatedAtTime``; pass it
    to get byte-identical output in tests.
    """
    g = _Graph(article_graph(article.id))
    node = _describe_article(g, article, extractor_version, now or datetime.now(UTC))
    referenced: list[str] = []
    for fact in facts:
        if fact.article_id != article.id:
            raise ValueError(f"fact of article {fact.article_id!r} given with {article.id!r}")
        _describe_event(g, fact, node)
        referenced += [fact.a, fact.b]
    _describe_places(g, referenced, places)
    return list(g.quads)
