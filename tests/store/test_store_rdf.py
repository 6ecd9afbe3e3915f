"""article_quads: what one article becomes in RDF."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.compare import isomorphic
from rdflib.namespace import ORG, OWL, RDF, SKOS

from kg.model import Article, Fact, Place
from kg.ns import FIELD_SCHEME, KG, ONTOLOGY_PATH, XSD
from kg.store.backend import Store
from kg.store.iris import (
    article_graph,
    article_iri,
    extraction_iri,
    field_iri,
    legal_act_iri,
    place_iri,
)
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
    assert {KG.PartnershipEvent, KG.Agreement, rdflib.PROV.Entity} <= set(
        g.objects(event, RDF.type)
    )
    parties = {str(p) for p in g.objects(event, KG.party)}
    assert parties == {place_iri("vn/lao-cai"), place_iri("la/bolikhamxai/pakxan")}
    date = g.value(event, KG.date)
    assert date.datatype == XSD.date and str(date) == "2024-03-05"
    assert str(g.value(event, KG.year)) == "2024"
    assert (str(g.value(event, KG.periodStart)), str(g.value(event, KG.periodEnd))) == (
        "2023",
        "2025",
    )
    assert str(g.value(event, KG.relation)) == "signed_mou"
    assert str(g.value(event, KG.evidence)).startswith("Tỉnh Lào Cai và huyện Pạc Xăn")
    bodies = set(g.objects(event, KG.actingBody))
    assert {str(g.value(b, KG.actsFor)) for b in bodies} == parties
    assert any((b, RDF.type, KG.PeoplesCommittee) in g for b in bodies)
    assert all((b, RDF.type, ORG.Organization) in g for b in bodies)


def test_fields_are_skos_concepts_with_labels(quads: list[ox.Quad]) -> None:
    g = to_rdflib(quads)
    event = next(g.subjects(RDF.type, KG.MemorandumSigning))
    (field,) = g.objects(event, KG.field)
    assert str(field) == field_iri("trade")
    assert (field, RDF.type, SKOS.Concept) in g
    assert str(g.value(field, SKOS.inScheme)) == FIELD_SCHEME
    labels = {(str(x), x.language) for x in g.objects(field, SKOS.prefLabel)}
    assert labels == {("thương mại", "vi"), ("trade", "en")}


def test_attestation_holds_the_evidence_span_and_confidence(
    quads: list[ox.Quad], article: Article
) -> None:
    g = to_rdflib(quads)
    event = next(g.subjects(RDF.type, KG.MemorandumSigning))
    article_node = rdflib.URIRef(article_iri(article.id))
    assert (event, rdflib.PROV.wasDerivedFrom, article_node) in g
    attestation = g.value(event, rdflib.PROV.qualifiedDerivation)
    assert (attestation, RDF.type, KG.Attestation) in g
    assert (attestation, RDF.type, rdflib.PROV.Derivation) in g
    assert g.value(attestation, rdflib.PROV.entity) == article_node
    assert str(g.value(attestation, rdflib.PROV.hadActivity)) == extraction_iri(article.id)
    assert str(g.value(attestation, KG.evidence)) == article.text
    assert g.value(attestation, KG.charStart).toPython() == 0
    assert g.value(attestation, KG.charEnd).toPython() == len(article.text)
    assert g.value(attestation, KG.charEnd).datatype == XSD.integer
    assert str(g.value(attestation, KG.extractor)) == "rules"
    confidence = g.value(attestation, KG.confidence)
    assert confidence.datatype == XSD.decimal and str(confidence) == "0.9"


def test_three_localities_in_one_sentence_are_one_event(
    article: Article, places: dict[str, Place], make_mou: Callable[..., Fact]
) -> None:
    trio = ["vn/lao-cai", "vn/ha-noi", "la/bolikhamxai/pakxan"]
    pairs = [trio[:2], trio[1:], trio[::2]]
    facts = [make_mou(a=a, b=b, confidence=c)
             for (a, b), c in zip(pairs, [0.9, 0.8, 0.7], strict=True)]  # fmt: skip
    g = to_rdflib(article_quads(article, facts, places, "v"))
    (event,) = g.subjects(RDF.type, KG.MemorandumSigning)
    assert {str(p) for p in g.objects(event, KG.party)} == {place_iri(p) for p in trio}
    assert len(list(g.subject_objects(KG.signedMoUWith))) == 6  # 3 pairs, both directions
    attestation = g.value(event, rdflib.PROV.qualifiedDerivation)
    assert str(g.value(attestation, KG.confidence)) == "0.7"
    # Two pairs only (A-B, B-C) may be two separate agreements: kept apart.
    g = to_rdflib(article_quads(article, facts[:2], places, "v"))
    assert len(list(g.subjects(RDF.type, KG.MemorandumSigning))) == 2


def test_one_event_told_twice_in_one_article_has_two_attestations(
    article: Article, places: dict[str, Place], make_mou: Callable[..., Fact]
) -> None:
    facts = [make_mou(), make_mou(start=100, end=150, evidence="Nhắc lại lễ ký.")]
    g = to_rdflib(article_quads(article, facts, places, "v"))
    (event,) = g.subjects(RDF.type, KG.MemorandumSigning)
    spans = {(g.value(a, KG.charStart).toPython(), str(g.value(a, KG.evidence)))
             for a in g.objects(event, rdflib.PROV.qualifiedDerivation)}  # fmt: skip
    assert spans == {(0, article.text), (100, "Nhắc lại lễ ký.")}


def test_the_article_spelling_of_a_place_is_an_alternative_label(
    article: Article, places: dict[str, Place], make_mou: Callable[..., Fact]
) -> None:
    g = to_rdflib(article_quads(article, [make_mou(a_label="Pặc Xăn")], places, "v"))
    pakxan = rdflib.URIRef(place_iri("la/bolikhamxai/pakxan"))
    assert g.value(pakxan, rdflib.RDFS.label) == rdflib.Literal("Pạc Xăn", lang="vi")
    assert rdflib.Literal("Pặc Xăn", lang="vi") in set(g.objects(pakxan, SKOS.altLabel))


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
    assert {KG.Locality, KG.ProvinceLevelUnit, KG.Province} <= set(g.objects(lao_cai, RDF.type))
    assert (pakxan, RDF.type, KG.DistrictLevelUnit) in g


def test_a_merged_province_names_the_resolution_that_merged_it(quads: list[ox.Quad]) -> None:
    g = to_rdflib(quads)
    act = g.value(rdflib.URIRef(place_iri("vn/lao-cai")), KG.reorganisedBy)
    assert str(act) == legal_act_iri("vn/nq-202-2025-qh15")
    assert (act, RDF.type, KG.LegalAct) in g
    assert str(g.value(act, rdflib.DCTERMS.identifier)) == "202/2025/QH15"
    assert "sắp xếp đơn vị hành chính cấp tỉnh" in str(g.value(act, rdflib.DCTERMS.title))
    assert str(g.value(act, KG.effectiveDate)) == "2025-07-01"
    assert g.value(rdflib.URIRef(place_iri("vn/ha-noi")), KG.reorganisedBy) is None


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


def test_malformed_date_period_and_confidence_are_left_out(
    article: Article, places: dict[str, Place], make_mou: Callable[..., Fact]
) -> None:
    fact = make_mou(date="2024-99", period="soon", confidence=float("nan"))
    g = to_rdflib(article_quads(article, [fact], places, "v"))
    assert not list(g.objects(None, KG.date))
    assert not list(g.objects(None, KG.periodStart))
    assert not list(g.objects(None, KG.confidence))
    g = to_rdflib(article_quads(article, [make_mou(confidence=1.5)], places, "v"))
    assert not list(g.objects(None, KG.confidence))


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
    assert str(g.value(node, rdflib.DCTERMS.title)) == article.title
    outlet = g.value(node, rdflib.DCTERMS.publisher)
    assert (outlet, RDF.type, KG.Outlet) in g
    assert str(g.value(outlet, rdflib.RDFS.label)) == "example.org"


def test_graph_provenance(quads: list[ox.Quad], article: Article, now: datetime) -> None:
    g = to_rdflib(quads)
    graph = rdflib.URIRef(article_graph(article.id))
    assert (graph, RDF.type, KG.ArticleGraph) in g
    assert (graph, RDF.type, rdflib.PROV.Bundle) in g
    assert g.value(graph, rdflib.PROV.generatedAtTime).toPython() == now
    activity = g.value(graph, rdflib.PROV.wasGeneratedBy)
    assert (activity, RDF.type, KG.Extraction) in g
    assert str(g.value(activity, rdflib.PROV.used)) == article_iri(article.id)
    assert g.value(activity, rdflib.PROV.endedAtTime).toPython() == now
    agent = g.value(activity, rdflib.PROV.wasAssociatedWith)
    assert (agent, RDF.type, rdflib.PROV.SoftwareAgent) in g
    assert str(g.value(agent, KG.extractorVersion)) == "1.2.3"
    node = rdflib.URIRef(article_iri(article.id))
    assert all(g.value(e, rdflib.PROV.wasDerivedFrom) == node
               for e in g.subjects(RDF.type, KG.PartnershipEvent))  # fmt: skip


def test_two_articles_about_one_signing_give_one_event_with_two_sources(
    store: Store, article: Article, places: dict[str, Place], make_mou: Callable[..., Fact]
) -> None:
    other = Article("009_other", "Lào Cai ký với Pạc Xăn ngày 5/3/2024.", "b.txt", "sha256:c")
    store.replace_article(article, article_quads(article, [make_mou()], places, "v"))
    store.replace_article(
        other, article_quads(other, [make_mou(other.id, evidence=other.text)], places, "v")
    )
    rows = store.query(
        "SELECT ?e ?g ?evidence WHERE { GRAPH ?g { ?e a kg:MemorandumSigning ; kg:evidence "
        "?evidence } }"
    ).rows
    assert len({row[0] for row in rows}) == 1
    assert {(row[1].value, row[2].value) for row in rows} == {
        (article_graph(article.id), article.text),
        (article_graph(other.id), other.text),
    }
    (record,) = store.partnership_records()
    assert record["relation"] == "signed_mou" and record["date"] == "2024-03-05"
    store.remove_article(other.id)
    sources = store.query("SELECT ?a WHERE { ?e a kg:PartnershipEvent ; prov:wasDerivedFrom ?a }")
    assert [row[0].value for row in sources.rows] == [article_iri(article.id)]
