"""Documents generated from the ontology files themselves, so they never drift from them.

- ``reference_markdown()``: the human reference of ``ontology/kg.ttl`` (every class and
  property with its English and Vietnamese label and comment, domain, range, characteristics)
  and of the fields scheme; written to ``docs/ontology-reference.md`` by ``kg docs``.
- ``fields_graph()``: the SKOS concept scheme of ``kg/data/fields.tsv`` (``ontology/fields.ttl``).
- ``jsonld_context()``: a JSON-LD context for our terms (``ontology/context.jsonld``).

Tests regenerate each one and compare it with the file in the repository.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

import rdflib
from rdflib import BNode, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS, XSD

from kg.extract.fields import load_fields
from kg.ns import FIELD_SCHEME, ID, KG, ONTOLOGY_IRI, ONTOLOGY_PATH, PREFIXES
from kg.store.iris import field_iri

__all__ = ["fields_graph", "jsonld_context", "load_ontology", "reference_markdown"]

_CHARACTERISTICS = {
    OWL.FunctionalProperty: "functional",
    OWL.TransitiveProperty: "transitive",
    OWL.SymmetricProperty: "symmetric",
    OWL.IrreflexiveProperty: "irreflexive",
}


def load_ontology() -> rdflib.Graph:
    return rdflib.Graph().parse(ONTOLOGY_PATH, format="turtle")


def _curie(term: rdflib.term.Node) -> str:
    text = str(term)
    for name, base in PREFIXES.items():
        if text.startswith(base) and text != base:
            return f"{name}:{text[len(base) :]}"
    return f"<{text}>"


def _text(graph: rdflib.Graph, term: rdflib.term.Node, prop: URIRef, lang: str) -> str:
    for value in graph.objects(term, prop):
        if isinstance(value, Literal) and value.language == lang:
            return " ".join(str(value).split())
    return ""


def _describe_range(graph: rdflib.Graph, node: rdflib.term.Node) -> str:
    if isinstance(node, BNode):
        union = graph.value(node, OWL.unionOf)
        if union is not None:
            return " or ".join(_curie(m) for m in Collection(graph, union))
        base = graph.value(node, OWL.onDatatype)
        facets = graph.value(node, OWL.withRestrictions)
        if base is not None and facets is not None:
            parts = [
                f"{_curie(p).split(':')[1]} {v}"
                for item in Collection(graph, facets)
                for p, v in graph.predicate_objects(item)
            ]
            return f"{_curie(base)} ({', '.join(sorted(parts))})"
        return "(anonymous)"
    return f"`{_curie(node)}`" if str(node).startswith(str(KG)) else _curie(node)


def _anchor(term: rdflib.term.Node) -> str:
    # Explicit, case-sensitive ids: kg:Country (class) and kg:country (property) differ.
    return "kg-" + str(term).rsplit("#", 1)[-1]


def _link(term: rdflib.term.Node) -> str:
    if str(term).startswith(str(KG)):
        return f"[{_curie(term)}](#{_anchor(term)})"
    return _curie(term)


def _ours(graph: rdflib.Graph, kind: URIRef) -> list[URIRef]:
    terms = {
        s for s in graph.subjects(RDF.type, kind) if isinstance(s, URIRef) and s.startswith(str(KG))
    }
    return sorted(terms, key=lambda t: str(t).lower())


def _restrictions(graph: rdflib.Graph, cls: URIRef) -> list[str]:
    out = []
    for sup in graph.objects(cls, RDFS.subClassOf):
        on = graph.value(sup, OWL.onProperty) if isinstance(sup, BNode) else None
        if on is not None:
            prop = _link(on)
            target = graph.value(sup, OWL.onClass)
            for word, pred in (
                ("exactly", OWL.qualifiedCardinality),
                ("at least", OWL.minQualifiedCardinality),
            ):
                count = graph.value(sup, pred)
                if count is not None:
                    out.append(f"{prop} {word} {count} {_link(target) if target else ''}".strip())
    return out


def _term_block(graph: rdflib.Graph, term: URIRef, rows: Iterable[tuple[str, str]]) -> list[str]:
    lines = [
        f'<a id="{_anchor(term)}"></a>',
        "",
        f"### {_curie(term)}",
        "",
        f"**{_text(graph, term, RDFS.label, 'en')}** · *{_text(graph, term, RDFS.label, 'vi')}*",
        "",
        f"{_text(graph, term, RDFS.comment, 'en')}",
        "",
        f"> {_text(graph, term, RDFS.comment, 'vi')}",
        "",
    ]
    table = [(name, value) for name, value in rows if value]
    if table:
        lines += ["| | |", "|---|---|"]
        lines += [f"| {name} | {value} |" for name, value in table]
        lines.append("")
    return lines


def _class_rows(graph: rdflib.Graph, cls: URIRef) -> list[tuple[str, str]]:
    supers = [s for s in graph.objects(cls, RDFS.subClassOf) if isinstance(s, URIRef)]
    subs = [s for s in graph.subjects(RDFS.subClassOf, cls) if isinstance(s, URIRef)]
    props = [p for p in graph.subjects(RDFS.domain, cls) if isinstance(p, URIRef)]
    keys = [
        ", ".join(_link(k) for k in Collection(graph, key))
        for key in graph.objects(cls, OWL.hasKey)
    ]
    return [
        ("IRI", f"`{cls}`"),
        ("subclass of", ", ".join(sorted(map(_link, supers)))),
        ("subclasses", ", ".join(sorted(map(_link, subs)))),
        ("restrictions", "; ".join(_restrictions(graph, cls))),
        ("properties", ", ".join(sorted(map(_link, props)))),
        ("key", "; ".join(keys)),
    ]


def _property_rows(graph: rdflib.Graph, prop: URIRef) -> list[tuple[str, str]]:
    kinds = sorted(word for cls, word in _CHARACTERISTICS.items() if (prop, RDF.type, cls) in graph)
    supers = [s for s in graph.objects(prop, RDFS.subPropertyOf) if isinstance(s, URIRef)]
    return [
        ("IRI", f"`{prop}`"),
        ("domain", ", ".join(_describe_range(graph, d) for d in graph.objects(prop, RDFS.domain))),
        ("range", ", ".join(_describe_range(graph, r) for r in graph.objects(prop, RDFS.range))),
        ("characteristics", ", ".join(kinds)),
        ("subproperty of", ", ".join(sorted(map(_link, supers)))),
    ]


def reference_markdown(ontology: rdflib.Graph | None = None) -> str:
    """The reference of every class and property, and of the fields scheme, in Markdown."""
    g = ontology if ontology is not None else load_ontology()
    head = URIRef(ONTOLOGY_IRI)
    lines = [
        "<!-- Generated by `kg docs` from ontology/kg.ttl and kg/data/fields.tsv: do not edit. -->",
        "",
        f"# {_text(g, head, RDFS.label, 'en')}",
        "",
        f"*{_text(g, head, RDFS.label, 'vi')}* — version {g.value(head, OWL.versionInfo)}, "
        f"IRI `{ONTOLOGY_IRI}`, terms `{KG}`, data `{ID}`.",
        "",
        _text(g, head, RDFS.comment, "en"),
        "",
        f"> {_text(g, head, RDFS.comment, 'vi')}",
        "",
        "How to use it, with example queries: [ontology.md](ontology.md).",
        "",
        "## Prefixes",
        "",
        "| prefix | namespace |",
        "|---|---|",
    ]
    lines += [f"| `{name}:` | `{iri}` |" for name, iri in PREFIXES.items()]
    sections = (
        ("Classes", OWL.Class, _class_rows),
        ("Object properties", OWL.ObjectProperty, _property_rows),
        ("Datatype properties", OWL.DatatypeProperty, _property_rows),
    )
    lines += ["", "## Contents", ""]
    for title, kind, _ in sections:
        terms = ", ".join(_link(t) for t in _ours(g, kind))
        lines.append(f"- **{title}**: {terms}")
    lines.append("- **Fields of cooperation**: [the SKOS scheme](#fields-of-cooperation)")
    for title, kind, rows in sections:
        lines += ["", f"## {title}", ""]
        for term in _ours(g, kind):
            lines += _term_block(g, term, rows(g, term))
    lines += ["## Disjoint classes", ""]
    for group in g.subjects(RDF.type, OWL.AllDisjointClasses):
        members_head = g.value(group, OWL.members)
        if members_head is None:
            continue
        members = Collection(g, members_head)
        lines.append("- " + ", ".join(_link(m) for m in members))
    lines += [
        "",
        "## Fields of cooperation",
        "",
        f"SKOS concept scheme `{FIELD_SCHEME}` (`ontology/fields.ttl`); concept IRIs are "
        f"`{ID}field/CODE`. The words that name each field in a sentence are in "
        "`kg/data/fields.tsv`.",
        "",
        "| code | English | Vietnamese | words |",
        "|---|---|---|---|",
    ]
    lines += [
        f"| `{f.code}` | {f.label_en} | {f.label_vi} | {', '.join(f.words)} |"
        for f in load_fields()
    ]
    reused = sorted(
        {s for s in g.subjects(RDFS.isDefinedBy, None) if isinstance(s, URIRef)}, key=_curie
    )
    lines += ["", "## Terms reused from other vocabularies", ""]
    lines.append(", ".join(_curie(t) for t in reused))
    return "\n".join(lines).rstrip() + "\n"


def fields_graph() -> rdflib.Graph:
    """The fields of cooperation as a SKOS concept scheme."""
    g = rdflib.Graph()
    g.bind("skos", SKOS)
    g.bind("dcterms", DCTERMS)
    scheme = URIRef(FIELD_SCHEME)
    g.add((scheme, RDF.type, SKOS.ConceptScheme))
    g.add((scheme, SKOS.prefLabel, Literal("Fields of cooperation", lang="en")))
    g.add((scheme, SKOS.prefLabel, Literal("Lĩnh vực hợp tác", lang="vi")))
    g.add((scheme, DCTERMS.source, Literal("kg/data/fields.tsv")))
    for field in load_fields():
        concept = URIRef(field_iri(field.code))
        g.add((concept, RDF.type, SKOS.Concept))
        g.add((concept, SKOS.inScheme, scheme))
        g.add((concept, SKOS.topConceptOf, scheme))
        g.add((scheme, SKOS.hasTopConcept, concept))
        g.add((concept, SKOS.notation, Literal(field.code)))
        g.add((concept, SKOS.prefLabel, Literal(field.label_en, lang="en")))
        g.add((concept, SKOS.prefLabel, Literal(field.label_vi, lang="vi")))
        for word in field.words:
            if word != field.label_vi:
                g.add((concept, SKOS.altLabel, Literal(word, lang="vi")))
    return g


def fields_turtle() -> str:
    header = (
        "# The fields of cooperation, a SKOS concept scheme. Generated by `kg docs` from\n"
        "# kg/data/fields.tsv (edit that file, then run `kg docs`).\n"
    )
    return header + fields_graph().serialize(format="turtle")


def jsonld_context(ontology: rdflib.Graph | None = None) -> dict[str, Any]:
    """A JSON-LD 1.1 context: our prefixes, and one short name per kg: term.

    Object properties are typed ``@id``; datatype properties with a plain XSD range get it
    as ``@type``; labels are language maps.
    """
    g = ontology if ontology is not None else load_ontology()
    context: dict[str, Any] = {"@version": 1.1}
    context.update({name: iri for name, iri in PREFIXES.items()})
    for cls in _ours(g, OWL.Class):
        context[cls.removeprefix(str(KG))] = {"@id": _curie(cls)}
    for prop in _ours(g, OWL.ObjectProperty):
        context[prop.removeprefix(str(KG))] = {"@id": _curie(prop), "@type": "@id"}
    for prop in _ours(g, OWL.DatatypeProperty):
        entry: dict[str, Any] = {"@id": _curie(prop)}
        ranges = [r for r in g.objects(prop, RDFS.range) if isinstance(r, URIRef)]
        if len(ranges) == 1 and ranges[0] != XSD.string and ranges[0].startswith(str(XSD)):
            entry["@type"] = _curie(ranges[0])
        context[prop.removeprefix(str(KG))] = entry
    context["label"] = {"@id": "rdfs:label", "@container": "@language"}
    context["altLabel"] = {"@id": "skos:altLabel", "@container": "@language"}
    return {"@context": context}


def jsonld_context_text(ontology: rdflib.Graph | None = None) -> str:
    return json.dumps(jsonld_context(ontology), ensure_ascii=False, indent=2) + "\n"
