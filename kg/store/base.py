"""What every store offers, whether it is embedded (``backend.Store``) or a SPARQL server
(``remote.RemoteStore``): the article operations the build needs, SPARQL, and the
summaries (records, counts) the analysis and the CLI read.

A subclass provides the primitives (``query``, ``update``, ``article_hash``,
``replace_article``, ``remove_article``, ``dump``, ``quad_count``, ``close``); the
summaries here are written once, in SPARQL, over those.
"""

from __future__ import annotations

import logging
from abc import abstractmethod
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox

from kg.closing import Closing
from kg.errors import FormatError
from kg.model import RELATIONS, Article
from kg.ns import SERIALIZATION_PREFIXES
from kg.store.iris import article_graph
from kg.store.records import partnership_records

__all__ = [
    "RDF_FORMATS",
    "TRIPLE_FORMATS",
    "BaseStore",
    "QueryOutput",
    "Term",
    "compact",
    "graph_of",
    "lexical",
    "serialize_quads",
]

log = logging.getLogger(__name__)

Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple

#: name -> (format, keeps named graphs). Triple formats get the union of all graphs.
RDF_FORMATS: dict[str, tuple[ox.RdfFormat, bool]] = {
    "turtle": (ox.RdfFormat.TURTLE, False),
    "trig": (ox.RdfFormat.TRIG, True),
    "nt": (ox.RdfFormat.N_TRIPLES, False),
    "nquads": (ox.RdfFormat.N_QUADS, True),
    "jsonld": (ox.RdfFormat.JSON_LD, False),
}

#: Formats for the triples of a CONSTRUCT or DESCRIBE: those above and two more.
TRIPLE_FORMATS: dict[str, ox.RdfFormat] = {
    **{name: fmt for name, (fmt, _) in RDF_FORMATS.items()},
    "rdfxml": ox.RdfFormat.RDF_XML,
    "n3": ox.RdfFormat.N3,
}


@dataclass(frozen=True)
class QueryOutput:
    """A materialised SPARQL result. ``kind`` is "select", "ask" or "graph" (CONSTRUCT/DESCRIBE)."""

    kind: str
    variables: tuple[str, ...] = ()
    rows: tuple[tuple[Term | None, ...], ...] = ()
    boolean: bool | None = None
    triples: tuple[ox.Triple, ...] = ()


def lexical(term: Term | None) -> str | None:
    """The IRI, literal value or blank node id, as a SPARQL CSV result would show it.

    >>> lexical(ox.Literal("Lào Cai", language="vi")), lexical(None)
    ('Lào Cai', None)
    """
    if term is None:
        return None
    return str(term) if isinstance(term, ox.Triple) else term.value


def compact(iri: str) -> str:
    """``kg:Province`` for an IRI in a project vocabulary, else the IRI itself.

    >>> compact("https://w3id.org/vnpkg/ontology#Province"), compact("https://example.org/x")
    ('kg:Province', 'https://example.org/x')
    """
    for name, base in SERIALIZATION_PREFIXES.items():
        local = iri[len(base) :]
        if iri.startswith(base) and local and local.replace("_", "").isalnum():
            return f"{name}:{local}"
    return iri


def serialize_quads(quads: Iterator[ox.Quad], fmt: str) -> bytes:
    """``quads`` in the RDF format named ``fmt``, sorted so that two dumps of the same
    content are byte-identical; triple formats get the union of the graphs."""
    if fmt not in RDF_FORMATS:
        raise FormatError(f"unknown RDF format {fmt!r}; known: {', '.join(RDF_FORMATS)}")
    rdf_format, keeps_graphs = RDF_FORMATS[fmt]
    items: list[Any]
    if keeps_graphs:
        items = sorted(quads, key=lambda q: (str(q.graph_name), str(q.triple)))
    else:
        items = sorted({q.triple for q in quads}, key=str)
    return ox.serialize(items, format=rdf_format, prefixes=SERIALIZATION_PREFIXES) or b""


def _count_rows(rows: list[dict[str, str | None]], key: str) -> dict[str, int]:
    counted = {compact(row[key] or ""): int(row["n"] or 0) for row in rows}
    return dict(sorted(counted.items(), key=lambda item: (-item[1], item[0])))


def graph_of(article: Article, quads: Sequence[ox.Quad]) -> str:
    """The IRI of the article's graph, where every one of ``quads`` must be (else ValueError)."""
    graph = article_graph(article.id)
    stray = [q for q in quads if q.graph_name != ox.NamedNode(graph)]
    if stray:
        raise ValueError(f"quad outside the graph of article {article.id}: {stray[0]}")
    return graph


class BaseStore(Closing):
    """The store interface. Use as a context manager or call ``close()``."""

    #: Where the store is, for messages: a directory or an endpoint URL.
    location: str

    # ------------------------------------------------------------------ primitives

    @abstractmethod
    def query(
        self,
        sparql: str,
        *,
        timeout: float | None = None,
        bindings: Mapping[str, Term] | None = None,
        max_rows: int | None = None,
    ) -> QueryOutput:
        """Run a SPARQL query over the union of all graphs, with ``kg.ns.PREFIXES`` declared.

        ``bindings`` give variables a value (an RDF term, never text pasted into the query);
        past ``timeout`` seconds, or past ``max_rows`` results, it raises ``QueryError``.
        """

    @abstractmethod
    def update(self, sparql: str) -> None:
        """Run a SPARQL 1.1 Update, as one transaction."""

    @abstractmethod
    def article_hash(self, article_id: str) -> str | None:
        """The content hash stored for the article, or None if it is not in the store."""

    @abstractmethod
    def replace_article(self, article: Article, quads: Sequence[ox.Quad]) -> None:
        """Replace everything the store says about ``article`` by ``quads``, atomically."""

    def replace_article_triples(self, article: Article, ntriples: bytes) -> None:
        """``replace_article`` from the triples of the article graph, as N-Triples."""
        graph = ox.NamedNode(article_graph(article.id))
        triples = ox.parse(ntriples, format=ox.RdfFormat.N_TRIPLES)
        quads = [ox.Quad(t.subject, t.predicate, t.object, graph) for t in triples]
        self.replace_article(article, quads)

    @abstractmethod
    def remove_article(self, article_id: str) -> bool:
        """Delete the article's graph; False if there was none."""

    @abstractmethod
    def dump(self, fmt: str) -> bytes:
        """Serialise the store; named graphs are kept in trig and nquads only."""

    @abstractmethod
    def quad_count(self) -> int:
        """Quads in the store, counting each article's copy of a shared statement."""

    @abstractmethod
    def close(self) -> None:
        """Release the store (the lock of an embedded one); idempotent."""

    def flush(self) -> None:  # noqa: B027 - a no-op unless the store buffers writes
        """Write buffered changes to disk, where the store has such buffers."""

    # ------------------------------------------------------------------ summaries

    def _select(self, sparql: str) -> list[dict[str, str | None]]:
        output = self.query(sparql)
        return [
            {name: lexical(term) for name, term in zip(output.variables, row, strict=True)}
            for row in output.rows
        ]

    def article_ids(self) -> list[str]:
        rows = self._select(
            "SELECT DISTINCT ?id WHERE { GRAPH ?g { ?a a kg:Article ; kg:articleId ?id } }"
        )
        return sorted(row["id"] or "" for row in rows)

    def partnership_records(self) -> list[dict[str, Any]]:
        """One flat dict per (event, pair of parties); keys in ``records.RECORD_KEYS``."""
        return partnership_records(self._select)

    def stats(self, *, detail: bool = False) -> dict[str, Any]:
        """Counts: articles, events (and per relation), localities in events, places, quads.

        With ``detail``, also ``classes`` (distinct instances per rdf:type) and
        ``properties`` (quads per predicate), both keyed by compact names such as
        ``kg:Province`` and sorted from the largest.
        """

        def count(where: str) -> int:
            rows = self._select(f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ {where} }}")
            return int(rows[0]["n"] or 0)

        per_relation = {relation: 0 for relation in RELATIONS}
        for row in self._select(
            "SELECT ?r (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e a kg:PartnershipEvent ; "
            "kg:relation ?r } GROUP BY ?r"
        ):
            per_relation[row["r"] or ""] = int(row["n"] or 0)
        stats: dict[str, Any] = {
            "articles": count("?x a kg:Article"),
            "events": sum(per_relation.values()),
            "events_by_relation": per_relation,
            "localities": count("?e a kg:PartnershipEvent ; kg:party ?x"),
            "places": count("?x a kg:Locality"),
            "quads": self.quad_count(),
        }
        if detail:
            stats["graphs"] = count("GRAPH ?x { ?s ?p ?o }")
            stats["classes"] = _count_rows(
                self._select("SELECT ?c (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a ?c } GROUP BY ?c"),
                "c",
            )
            stats["properties"] = _count_rows(
                self._select("SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p"), "p"
            )
        return stats
