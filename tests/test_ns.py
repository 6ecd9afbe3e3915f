"""kg/ns.py against ontology/kg.ttl: every term we can write is declared, and labelled."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
import rdflib
from rdflib import Literal, URIRef
from rdflib.namespace import ORG, OWL, RDF, RDFS

from kg.model import BODY_KINDS, PLACE_KINDS, RELATIONS
from kg.ns import (
    BODY_CLASS,
    EVENT_CLASS,
    EVENT_KIND,
    KG,
    ONTOLOGY_IRI,
    ONTOLOGY_PATH,
    PLACE_CLASS,
    PLACE_LEVEL,
    PREFIXES,
    SHORTCUT,
    sparql_prologue,
)

DECLARATIONS = (
    OWL.Class,
    OWL.ObjectProperty,
    OWL.DatatypeProperty,
    OWL.AnnotationProperty,
)


@pytest.fixture(scope="module")
def ontology() -> rdflib.Graph:
    return rdflib.Graph().parse(ONTOLOGY_PATH, format="turtle")


def declared(ontology: rdflib.Graph) -> set[URIRef]:
    return {
        s
        for kind in DECLARATIONS
        for s in ontology.subjects(RDF.type, kind)
        if isinstance(s, URIRef) and str(s).startswith(str(KG))
    }


def namespace_terms() -> set[URIRef]:
    return {KG[name] for name in KG.__annotations__}


def test_unknown_term_raises() -> None:
    with pytest.raises(AttributeError):
        KG.signedMouWith  # noqa: B018 - the typo is the point


def test_namespace_and_ontology_declare_the_same_terms(ontology: rdflib.Graph) -> None:
    assert namespace_terms() - declared(ontology) == set(), "in kg/ns.py, not in the ontology"
    assert declared(ontology) - namespace_terms() == set(), "in the ontology, not in kg/ns.py"


def test_ontology_header(ontology: rdflib.Graph) -> None:
    assert (URIRef(ONTOLOGY_IRI), RDF.type, OWL.Ontology) in ontology


def test_every_term_has_english_and_vietnamese_labels_and_a_comment(
    ontology: rdflib.Graph,
) -> None:
    for term in declared(ontology) | {URIRef(ONTOLOGY_IRI)}:
        languages = {
            label.language
            for label in ontology.objects(term, RDFS.label)
            if isinstance(label, Literal)
        }
        assert {"en", "vi"} <= languages, term
        comments = {c.language for c in ontology.objects(term, RDFS.comment)}
        assert {"en", "vi"} <= comments, term


def test_code_tables_cover_the_model() -> None:
    assert tuple(PLACE_CLASS) == PLACE_KINDS
    assert set(PLACE_LEVEL) == set(PLACE_KINDS) - {"country"}
    assert tuple(EVENT_KIND) == RELATIONS
    assert tuple(BODY_CLASS) == BODY_KINDS
    assert tuple(EVENT_CLASS) == RELATIONS
    assert tuple(SHORTCUT) == RELATIONS


def superclasses(ontology: rdflib.Graph, cls: URIRef) -> set[rdflib.term.Node]:
    return set(ontology.transitive_objects(cls, RDFS.subClassOf))


def test_class_hierarchy(ontology: rdflib.Graph) -> None:
    for kind, cls in PLACE_CLASS.items():
        assert KG.Locality in superclasses(ontology, cls)
        if kind in PLACE_LEVEL:
            assert PLACE_LEVEL[kind] in superclasses(ontology, cls)
    for cls in BODY_CLASS.values():
        assert KG.Body in superclasses(ontology, cls)
        assert ORG.Organization in superclasses(ontology, cls)
    for relation, cls in EVENT_CLASS.items():
        assert {KG.PartnershipEvent, EVENT_KIND[relation]} <= superclasses(ontology, cls)


def test_shortcuts_are_symmetric_subproperties_of_cooperates_with(ontology: rdflib.Graph) -> None:
    assert (KG.cooperatesWith, RDF.type, OWL.SymmetricProperty) in ontology
    assert (KG.partOf, RDF.type, OWL.TransitiveProperty) in ontology
    for prop in SHORTCUT.values():
        assert (prop, RDF.type, OWL.SymmetricProperty) in ontology
        assert (prop, RDFS.subPropertyOf, KG.cooperatesWith) in ontology


def test_prologue_declares_every_prefix_and_parses_in_both_engines() -> None:
    prologue = sparql_prologue()
    assert prologue.count("PREFIX ") == len(PREFIXES)
    query = prologue + "ASK { ?s kg:partOf ?o }"
    assert bool(ox.Store().query(query)) is False
    assert rdflib.Graph().query(query).askAnswer is False
