"""article_quads: what one article becomes in RDF."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.compare import isomorphic
from rdflib.namespace import OWL, RDF

from kg.model import Article, Fact, Place
from kg.ns import KG, ONTOLOGY_PATH, XSD
from kg.store.iris import article_graph, place_iri
from kg.store.rdf import article_quads, date_literal


def to_rdflib(quads: list[ox.Quad]) -> rdflib.Graph:
    graph = rdflib.Graph()
    data = ox.serialize([q.triple for q in quads], format=ox.RdfFormat.N_TRIPLES) or b""
    return graph.parse(data=data.decode(), format="nt")


def kg_terms(quads: list[ox.Quad]) -> set[str]:
    terms = set()
    for q in quads:
        for term in (q.subject, q.predicate, q.object):
            if isinstance(term, ox.NamedNode) and term.value.startswith(str(KG)):
                terms.add(term.value)
    return terms


@pytest.fixture
def quads(
    article: Article, places: dict[str, Place], make_mou: Callable[..., Fact],
    make_talks: Callable[..., Fact], now: datetime,
) -> list[ox.Quad]:  # fmt: skip
    return article_quads(article, [make_mou(), make_talks()], places, "1.2.3", now=now)


def test_every_kg_term_written_is_declared_in_the_ontology(quads: list[ox.Quad]) -> None:
    ontology = rdflib.Graph().parse(ONTOLOGY_PATH, format="turtle")
    declared = {
        str(s)
        for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
        for s in ontology.subjects(RDF.type, kind)
    }
    assert kg_terms(quads) - declared == set()


def test_all_in_the_article_graph(quads: list[ox.Quad], article: Article) -> None:
    assert {q.graph_name for q in quads} == {ox.NamedNode(article_graph(article.id))}
    assert len(set(quads)) == len(quads)


def test_event_description(quads: list[ox.Quad]) -> None:
    g = to_rdflib(quads)
    events = list(g.subjects(RDF.type, KG.MemorandumSigning))
    assert len(events) == 1
    event = events[0]
    assert (event, RDF.type, KG.PartnershipEvent) in g
    parties = {str(p) for p in g.objects(event, KG.party)}
    assert parties == {place_iri("vn/lao-cai"), place_iri("la/bolikhamxai/pakxan")}
    date = g.value(event, KG.date)
    assert date.datatype == XSD.date and str(date) == "2024-03-05"
    assert str(g.value(event, KG.year)) == "2024"
    assert (str(g.value(event, KG.periodStart)), str(g.value(event, KG.periodEnd))) == (
        "2023",
        "2025",
    )
    assert g.value(event, KG.confidence).datatype == XSD.decimal
    assert str(g.value(event, KG.relation)) == "signed_mou"
    bodies = set(g.objects(event, KG.actingBody))
    assert {str(g.value(b, KG.actsFor)) for b in bodies} == parties
    assert any((b, RDF.type, KG.PeoplesCommittee) in g for b in bodies)


def test_shortcut_in_both_directions(quads: list[ox.Quad]) -> None:
    g = to_rdflib(quads)
    lao_cai = rdflib.URIRef(place_iri("vn/lao-cai"))
    pakxan = rdflib.URIRef(place_iri("la/bolikhamxai/pakxan"))
    for one, other in ((lao_cai, pakxan), (pakxan, lao_cai)):
        assert (one, KG.signedMoUWith, other) in g
        assert (one, KG.cooperatesWith, other) in g


def test_places_with_parent_chain_and_successor(quads: list[ox.Quad]) -> None:
    g = to_rdflib(quads)
    pakxan = rdflib.URIRef(place_iri("la/bolikhamxai/pakxan"))
    province = g.value(pakxan, KG.partOf)
    assert str(province) == place_iri("la/bolikhamxai")
    assert str(g.value(province, rdflib.RDFS.label)) == "Bolikhamxai"
    country = g.value(province, KG.partOf)
    assert (country, RDF.type, KG.Country) in g
    assert g.value(country, rdflib.RDFS.label) == rdflib.Literal("Lào", lang="vi")
    lao_cai = rdflib.URIRef(place_iri("vn/lao-cai"))
    assert str(g.value(lao_cai, KG.validUntil)) == "2025-06-30"
    successor = g.value(lao_cai, KG.succeededBy)
    assert (successor, RDF.type, KG.Province) in g
    assert rdflib.Literal("Lao Cai", lang="vi") in set(g.objects(lao_cai, rdflib.SKOS.altLabel))


def test_same_input_same_graph(
    article: Article, places: dict[str, Place], make_mou: Callable[..., Fact], now: datetime
) -> None:
    one = article_quads(article, [make_mou()], places, "v", now=now)
    two = article_quads(article, [make_mou()], places, "v", now=now)
    assert one == two
    assert isomorphic(to_rdflib(one), to_rdflib(two))


@pytest.mark.parametrize(
    ("text", "datatype"),
    [("2024-03-05", XSD.date), ("2024-03", XSD.gYearMonth), ("2024-02-30", None),
     ("2024-13", None), ("March 2024", None), ("2024", None)],
)  # fmt: skip
def test_date_literal(text: str, datatype: rdflib.URIRef | None) -> None:
    literal = date_literal(text)
    assert (literal.datatype.value if literal else None) == (str(datatype) if datatype else None)


def test_malformed_date_and_period_are_left_out(
    article: Article, places: dict[str, Place], make_mou: Callable[..., Fact]
) -> None:
    quads = article_quads(article, [make_mou(date="2024-99", period="soon")], places, "v")
    g = to_rdflib(quads)
    assert not list(g.objects(None, KG.date))
    assert not list(g.objects(None, KG.periodStart))


def test_place_missing_from_the_gazetteer_still_gets_its_id(
    article: Article, make_mou: Callable[..., Fact]
) -> None:
    g = to_rdflib(article_quads(article, [make_mou()], {}, "v"))
    node = rdflib.URIRef(place_iri("vn/lao-cai"))
    assert (node, RDF.type, KG.Locality) in g
    assert str(g.value(node, KG.placeId)) == "vn/lao-cai"


def test_fact_of_another_article_is_a_bug(
    article: Article, places: dict[str, Place], make_mou: Callable[..., Fact]
) -> None:
    with pytest.raises(ValueError, match="another|given with"):
        article_quads(article, [make_mou(article_id="other")], places, "v")
    with pytest.raises(ValueError, match="unknown relation"):
        article_quads(article, [make_mou(relation="married")], places, "v")


def test_article_node(quads: list[ox.Quad], article: Article, now: datetime) -> None:
    g = to_rdflib(quads)
    node = g.value(None, KG.articleId, rdflib.Literal(article.id))
    assert (node, RDF.type, KG.Article) in g
    assert str(g.value(node, KG.contentHash)) == article.content_hash
    assert str(g.value(node, rdflib.DCTERMS.issued)) == "2024-03-05"
    assert str(g.value(node, rdflib.DCTERMS.source)) == article.source
    assert str(g.value(node, KG.extractorVersion)) == "1.2.3"
    assert g.value(node, rdflib.PROV.generatedAtTime).toPython() == now
    assert all(g.value(e, rdflib.PROV.wasDerivedFrom) == node
               for e in g.subjects(RDF.type, KG.PartnershipEvent))  # fmt: skip
