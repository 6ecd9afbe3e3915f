"""JSON-LD compacted with the project's context (``ontology/context.jsonld``).

``kg export --format jsonld`` writes one document: the context, inline (so that the file
reads offline), and a ``@graph`` with one node object per subject, one a line, sorted::

    {"@id": "id:place/vn/lao-cai", "@type": ["Locality", "Province", "ProvinceLevelUnit"],
     "label": {"vi": "Lào Cai"}, "signedMoUWith": "id:place/vn/thai-binh", ...}

A value is written under its short term only where the term's definition reads it back
exactly (the term's ``@type``, or a language in a ``@language`` map); any other value of the
same property goes under the prefixed name with an explicit ``@value``/``@type``, so every
literal keeps its lexical form. Where an IRI cannot be written unambiguously with this
context (its scheme is one of the context's names, e.g. ``kg:x`` as an IRI), the whole
graph is written expanded instead, without a context: still the same triples.

>>> import pyoxigraph as ox
>>> kg, xsd = "https://w3id.org/vnpkg/ontology#", "http://www.w3.org/2001/XMLSchema#"
>>> place = ox.NamedNode("https://w3id.org/vnpkg/id/place/vn/lao-cai")
>>> def year(datatype):
...     return ox.Literal("2024", datatype=ox.NamedNode(xsd + datatype))
>>> label = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
>>> triples = [ox.Triple(place, ox.NamedNode(kg + "year"), year("gYear")),
...            ox.Triple(place, ox.NamedNode(kg + "year"), year("integer")),
...            ox.Triple(place, label, ox.Literal("Lào Cai", language="vi"))]
>>> for key, value in json.loads(node_objects(triples)[0]).items():
...     print(f"{key}: {value}")
@id: id:place/vn/lao-cai
kg:year: {'@type': 'xsd:integer', '@value': '2024'}
label: {'vi': 'Lào Cai'}
year: 2024
"""

from __future__ import annotations

import functools
import json
import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg.ns import CONTEXT_PATH

__all__ = [
    "Context",
    "TermDefinition",
    "Unrepresentable",
    "jsonld_document",
    "load_context",
    "node_objects",
]

log = logging.getLogger(__name__)

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_GEN_DELIMS = tuple(":/?#[]@")


class Unrepresentable(ValueError):
    """The graph holds something this context cannot write compactly and exactly."""


@dataclass(frozen=True)
class TermDefinition:
    """A short term of the context: its IRI, its ``@type`` (``@id`` or a datatype IRI) and
    its ``@container`` (``@language`` or None)."""

    name: str
    iri: str
    type: str | None = None
    container: str | None = None


@dataclass(frozen=True)
class Context:
    """A JSON-LD context reduced to what compaction needs.

    ``prefixes`` are (name, IRI) pairs, longest IRI first; ``terms`` the term definitions by
    the IRI they stand for; ``names`` every key of the context (an IRI whose scheme is one
    of them would be misread as a prefixed name).
    """

    document: Mapping[str, Any]
    prefixes: tuple[tuple[str, str], ...]
    terms: Mapping[str, TermDefinition]
    names: frozenset[str]
    _prefixed: dict[str, str] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def from_document(cls, document: Mapping[str, Any]) -> Context:
        """Read a ``{"@context": {...}}`` document (string prefixes, and term definitions
        with ``@id``, ``@type`` and ``@container``)."""
        entries = document["@context"]
        prefixes = {
            name: iri
            for name, iri in entries.items()
            if not name.startswith("@") and isinstance(iri, str) and iri.endswith(_GEN_DELIMS)
        }

        def expand(value: str) -> str:
            prefix, _, suffix = value.partition(":")
            return prefixes[prefix] + suffix if prefix in prefixes and suffix else value

        terms: dict[str, TermDefinition] = {}
        for name, definition in sorted(entries.items()):
            if isinstance(definition, Mapping) and "@id" in definition:
                kind = definition.get("@type")
                term = TermDefinition(
                    name,
                    expand(definition["@id"]),
                    kind if kind in (None, "@id") else expand(kind),
                    definition.get("@container"),
                )
                terms.setdefault(term.iri, term)
        ordered = tuple(sorted(prefixes.items(), key=lambda item: (-len(item[1]), item[0])))
        names = frozenset(name for name in entries if not name.startswith("@"))
        return cls(document, ordered, terms, names)

    # ------------------------------------------------------------------ IRIs

    def _safe(self, iri: str) -> str:
        scheme, colon, rest = iri.partition(":")
        if not colon or scheme == "_" or (scheme in self.names and not rest.startswith("//")):
            raise Unrepresentable(f"the IRI {iri!r} reads as a name of the context")
        return iri

    def prefixed(self, iri: str) -> str:
        """``iri`` as ``prefix:rest`` with the longest prefix that fits, else in full.

        >>> load_context().prefixed("https://w3id.org/vnpkg/id/place/vn/ha-noi")
        'id:place/vn/ha-noi'
        """
        known = self._prefixed.get(iri)
        if known is None:
            known = self._prefixed[iri] = self._prefix(iri)
        return known

    def _prefix(self, iri: str) -> str:
        for name, base in self.prefixes:
            rest = iri[len(base) :]
            if iri.startswith(base) and rest and not rest.startswith("//"):
                return f"{name}:{rest}"
        return self._safe(iri)

    def vocab(self, iri: str) -> str:
        """``iri`` where JSON-LD reads it against the vocabulary (keys, ``@type``): the
        short term if there is one, else as ``prefixed``.

        >>> load_context().vocab("https://w3id.org/vnpkg/ontology#Province")
        'Province'
        """
        term = self.terms.get(iri)
        return term.name if term is not None else self.prefixed(iri)

    def node_id(self, term: ox.NamedNode | ox.BlankNode) -> str:
        return f"_:{term.value}" if isinstance(term, ox.BlankNode) else self.prefixed(term.value)

    # ------------------------------------------------------------------ values

    def full_value(self, term: Any) -> Any:
        """``term`` as a JSON-LD value that needs no coercion from a term definition."""
        if isinstance(term, ox.NamedNode | ox.BlankNode):
            return {"@id": self.node_id(term)}
        if not isinstance(term, ox.Literal):
            raise Unrepresentable(f"JSON-LD has no place for the quoted triple {term}")
        if term.language:
            return {"@value": term.value, "@language": term.language}
        if term.datatype.value == XSD_STRING:
            return term.value
        return {"@value": term.value, "@type": self.vocab(term.datatype.value)}

    def short_value(self, term: Any, definition: TermDefinition) -> Any:
        """``term`` as the bare string ``definition`` reads back exactly, or None."""
        if definition.type == "@id":
            if isinstance(term, ox.NamedNode | ox.BlankNode):
                return self.node_id(term)
            return None
        if not isinstance(term, ox.Literal) or term.language:
            return None
        wanted = definition.type or XSD_STRING
        return term.value if term.datatype.value == wanted else None


@functools.cache
def _default_context() -> Context:
    return Context.from_document(json.loads(CONTEXT_PATH.read_text(encoding="utf-8")))


def load_context(path: Path | None = None) -> Context:
    """The context in ``path``, by default the shipped ``ontology/context.jsonld``."""
    if path is None:
        return _default_context()
    return Context.from_document(json.loads(Path(path).read_text(encoding="utf-8")))


def _add(node: dict[str, Any], key: str, value: Any) -> None:
    node.setdefault(key, []).append(value)


def _sort_key(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _collapse(values: list[Any]) -> Any:
    return values[0] if len(values) == 1 else sorted(values, key=_sort_key)


def _node(subject: Any, pairs: list[tuple[Any, Any]], context: Context) -> dict[str, Any]:
    if not isinstance(subject, ox.NamedNode | ox.BlankNode):
        raise Unrepresentable(f"JSON-LD has no place for the quoted triple {subject}")
    node: dict[str, Any] = {"@id": context.node_id(subject)}
    languages: dict[str, dict[str, list[str]]] = {}
    for predicate, obj in pairs:
        iri = predicate.value
        if iri == RDF_TYPE and isinstance(obj, ox.NamedNode):
            _add(node, "@type", context.vocab(obj.value))
            continue
        definition = context.terms.get(iri)
        if definition is not None and definition.container == "@language":
            if isinstance(obj, ox.Literal) and obj.language:
                languages.setdefault(definition.name, {}).setdefault(obj.language, []).append(
                    obj.value
                )
                continue
        elif definition is not None:
            short = context.short_value(obj, definition)
            if short is not None:
                _add(node, definition.name, short)
                continue
            if definition.type is None:  # an untyped term reads any explicit value
                _add(node, definition.name, context.full_value(obj))
                continue
        _add(node, context.prefixed(iri), context.full_value(obj))
    out = {key: value if key == "@id" else _collapse(value) for key, value in node.items()}
    for name, by_language in languages.items():
        out[name] = {lang: _collapse(texts) for lang, texts in sorted(by_language.items())}
    return out


def node_objects(triples: Iterable[ox.Triple], context: Context | None = None) -> list[str]:
    """One compact node object per subject, as a line of JSON, sorted by subject.

    Raises ``Unrepresentable`` where the context cannot say a triple exactly.
    """
    context = replace(context or load_context(), _prefixed={})  # a memo for this call only
    by_subject: dict[Any, list[tuple[Any, Any]]] = {}
    for triple in triples:
        by_subject.setdefault(triple.subject, []).append((triple.predicate, triple.object))
    lines = []
    for subject in sorted(by_subject, key=str):
        node = _node(subject, by_subject[subject], context)
        lines.append(json.dumps(node, ensure_ascii=False, sort_keys=True))
    return lines


def jsonld_document(triples: Iterable[ox.Triple], context: Context | None = None) -> bytes:
    """``triples`` as one JSON-LD document compacted with ``context`` (the shipped one by
    default), the context written inline; expanded, without a context, where the context
    cannot say them exactly (see the module's docstring).

    >>> import pyoxigraph as ox
    >>> kg = "https://w3id.org/vnpkg/ontology#"
    >>> data = jsonld_document([ox.Triple(ox.NamedNode("https://w3id.org/vnpkg/id/place/vn"),
    ...     ox.NamedNode(kg + "countryCode"), ox.Literal("VN"))])
    >>> data.splitlines()[-2].decode()
    '{"@id": "id:place/vn", "countryCode": "VN"}'
    >>> len(list(ox.parse(data, format=ox.RdfFormat.JSON_LD)))
    1
    """
    context = context or load_context()
    triples = list(triples)
    try:
        lines = node_objects(triples, context)
    except Unrepresentable as why:
        log.warning("writing JSON-LD without the context: %s", why)
        return ox.serialize(triples, format=ox.RdfFormat.JSON_LD) or b"[]"
    head = json.dumps(context.document["@context"], ensure_ascii=False)
    body = "".join(f"\n{line}," for line in lines).rstrip(",")
    return f'{{"@context": {head},\n"@graph": [{body}\n]}}\n'.encode()
