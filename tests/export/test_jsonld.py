"""The JSON-LD export speaks the project's context and reads back to the very same triples."""

from __future__ import annotations

import json
import warnings
from typing import Any

import pyoxigraph as ox
import pytest
import rdflib
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.export.jsonld import jsonld_document, load_context
from kg.export.rdf import export
from kg.ns import CONTEXT_PATH
from kg.store.backend import Store

# rdflib's JSON-LD parser calls its own deprecated ConjunctiveGraph.
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

KG = "https://w3id.org/vnpkg/ontology#"
ID = "https://w3id.org/vnpkg/id/"
XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"


def iri(value: str) -> ox.NamedNode:
    return ox.NamedNode(value)


def typed(value: str, datatype: str) -> ox.Literal:
    return ox.Literal(value, datatype=iri(datatype))


def by_oxigraph(data: bytes) -> set[ox.Triple]:
    return {q.triple for q in ox.parse(data, format=ox.RdfFormat.JSON_LD)}


def by_rdflib(data: bytes) -> set[Any]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # ill-typed literals on purpose
        return set(rdflib.Graph().parse(data=data, format="json-ld"))


def as_rdflib(triples: set[ox.Triple]) -> set[Any]:
    """What rdflib makes of ``triples`` from N-Triples: the same literal normalisation."""
    data = ox.serialize(sorted(triples, key=str), format=ox.RdfFormat.N_TRIPLES) or b""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return set(rdflib.Graph().parse(data=data, format="nt"))


def assert_round_trip(triples: set[ox.Triple]) -> bytes:
    data = jsonld_document(triples)
    assert by_oxigraph(data) == triples
    assert by_rdflib(data) == as_rdflib(triples)
    return data


def graph_of(data: bytes) -> list[dict[str, Any]]:
    document = json.loads(data)
    assert document["@context"] == json.loads(CONTEXT_PATH.read_text(encoding="utf-8"))["@context"]
    return list(document["@graph"])


def test_the_export_uses_the_short_terms_of_the_context(filled_store: Store) -> None:
    data = export(filled_store, "jsonld")
    nodes = {node["@id"]: node for node in graph_of(data)}
    lao_cai = nodes["id:place/vn/lao-cai"]
    assert "Province" in lao_cai["@type"]
    assert lao_cai["label"] == {"vi": "Lào Cai"}
    assert lao_cai["altLabel"] == {"vi": "Lao Cai"}
    assert lao_cai["country"] == "id:place/vn"
    assert lao_cai["validUntil"] == "2025-06-30"  # typed by the context, no @type needed
    pakxan = nodes["id:place/la/bolikhamxai/pakxan"]
    assert pakxan["signedMoUWith"] == "id:place/vn/lao-cai"
    assert b"https://w3id.org/vnpkg/ontology#" not in data.split(b"\n", 1)[1]  # only in @context
    assert data == export(filled_store, "jsonld")  # deterministic


def test_the_export_reads_back_to_the_stores_triples(filled_store: Store) -> None:
    data = export(filled_store, "jsonld")
    triples = {q.triple for q in ox.parse(filled_store.dump("nt"), format=ox.RdfFormat.N_TRIPLES)}
    assert by_oxigraph(data) == triples
    assert by_rdflib(data) == as_rdflib(triples)


def test_an_empty_store_gives_an_empty_graph(store: Store) -> None:
    data = export(store, "jsonld")
    assert graph_of(data) == []
    assert by_oxigraph(data) == set()


def test_values_the_terms_cannot_say_keep_their_type_and_language() -> None:
    place, other = iri(ID + "place/vn/ha-noi"), iri(ID + "place/la/vientiane")
    triples = {
        ox.Triple(place, iri(KG + "year"), typed("2024", XSD + "gYear")),
        ox.Triple(place, iri(KG + "year"), typed("2024", XSD + "integer")),  # not a gYear
        ox.Triple(place, iri(RDFS_LABEL), ox.Literal("Hà Nội", language="vi")),
        ox.Triple(place, iri(RDFS_LABEL), ox.Literal("Hanoi", language="en")),
        ox.Triple(place, iri(RDFS_LABEL), ox.Literal("Hanoi")),  # no language: no map key
        ox.Triple(place, iri(RDFS_LABEL), ox.Literal("Thủ đô", language="vi")),
        ox.Triple(place, iri(KG + "partOf"), ox.Literal("vn")),  # a literal, not an IRI
        ox.Triple(place, iri(KG + "partOf"), other),
        ox.Triple(place, iri(KG + "evidence"), ox.Literal("câu", language="vi")),
        ox.Triple(place, iri(KG + "evidence"), typed("3", XSD + "integer")),
        ox.Triple(place, iri(KG + "confidence"), typed("0.90", XSD + "decimal")),
        ox.Triple(place, iri(RDF_TYPE), iri(KG + "Municipality")),
        ox.Triple(place, iri(RDF_TYPE), ox.Literal("a literal type")),
        ox.Triple(place, iri("http://example.org/unknown#p"), iri("urn:isbn:123")),
    }
    [node] = graph_of(assert_round_trip(triples))
    assert node["@type"] == "Municipality"
    assert node["year"] == "2024"
    assert node["kg:year"] == {"@type": "xsd:integer", "@value": "2024"}
    assert node["label"] == {"en": "Hanoi", "vi": ["Hà Nội", "Thủ đô"]}
    assert node["rdfs:label"] == "Hanoi"
    assert node["partOf"] == "id:place/la/vientiane"
    assert node["kg:partOf"] == "vn"
    assert node["confidence"] == {"@type": "xsd:decimal", "@value": "0.90"}  # as written


def test_blank_nodes_keep_their_links() -> None:
    place, blank = iri(ID + "place/vn"), ox.BlankNode("b1")
    triples = {
        ox.Triple(place, iri(KG + "field"), blank),
        ox.Triple(blank, iri(RDFS_LABEL), ox.Literal("thương mại", language="vi")),
        ox.Triple(blank, iri(RDF_TYPE), iri(KG + "Meeting")),
    }
    data = jsonld_document(triples)
    back = by_oxigraph(data)
    [link] = [t for t in back if t.predicate == iri(KG + "field")]
    assert isinstance(link.object, ox.BlankNode)
    assert {(t.predicate, t.object) for t in back if t.subject == link.object} == {
        (iri(RDFS_LABEL), ox.Literal("thương mại", language="vi")),
        (iri(RDF_TYPE), iri(KG + "Meeting")),
    }
    assert len(by_rdflib(data)) == 3


@pytest.mark.parametrize(
    "odd", ["kg:Province", "id:place/x", "label:x", "xsd:int", "https://w3id.org/vnpkg/id///x"]
)
def test_iris_that_would_read_as_prefixed_names_still_read_back(odd: str) -> None:
    """``kg:Province`` as an IRI (scheme ``kg``) cannot be written with this context: the
    export is then expanded, without a context, but the triples are the same."""
    place = iri(ID + "place/vn")
    triples = {
        ox.Triple(iri(odd), iri(KG + "partOf"), place),
        ox.Triple(place, iri(KG + "partOf"), iri(odd)),
        ox.Triple(place, iri(RDF_TYPE), iri(odd)),
    }
    assert_round_trip(triples)


# ---------------------------------------------------------------------------- properties

_context = load_context()
_TERMS = sorted(_context.terms)
_IRIS = [
    *(ID + s for s in ("place/vn/lao-cai", "place/la/a%20b", "x", "act/1?q=2#f")),
    *_TERMS[:6], XSD + "date", "http://example.org/a", "urn:x:y", "kg://host/x",
    "https://w3id.org/vnpkg/ontology#", "https://w3id.org/vnpkg/id///x",
]  # fmt: skip
_DATATYPES = [
    XSD + "string", XSD + "gYear", XSD + "integer", XSD + "date", XSD + "anyURI",
    XSD + "dateTime", XSD + "decimal", KG + "Province", "http://example.org/dt",
]  # fmt: skip
_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=12)
_objects = st.one_of(
    st.sampled_from(_IRIS).map(iri),
    st.builds(ox.Literal, _text),
    st.builds(
        lambda v, lang: ox.Literal(v, language=lang),
        _text,
        st.sampled_from(["vi", "en", "en-US", "lo", "zh-Hans"]),
    ),
    st.builds(typed, st.one_of(_text, st.sampled_from(["2024", "2024-03-05", "1.50"])),
              st.sampled_from(_DATATYPES)),
)  # fmt: skip
_triples = st.sets(
    st.builds(
        ox.Triple,
        st.sampled_from(_IRIS[:5]).map(iri),
        st.sampled_from([*_TERMS, RDF_TYPE, RDFS_LABEL, "http://example.org/p"]).map(iri),
        _objects,
    ),
    max_size=12,
)


@settings(max_examples=120, deadline=None)
@given(triples=_triples)
def test_any_triples_read_back_the_same_in_oxigraph_and_rdflib(triples: set[ox.Triple]) -> None:
    assert_round_trip(triples)
