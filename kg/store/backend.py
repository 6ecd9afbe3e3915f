"""The persistent knowledge graph: an Oxigraph store in a directory, one named graph per article.

>>> import tempfile, pathlib
>>> with tempfile.TemporaryDirectory() as tmp, Store.open(pathlib.Path(tmp) / "kg") as store:
...     store.query("ASK { ?s ?p ?o }").boolean
False
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any

import pyoxigraph as ox

from kg.errors import FormatError, QueryError, StoreError
from kg.model import RELATIONS, Article
from kg.ns import KG, PREFIXES, SERIALIZATION_PREFIXES
from kg.store.iris import article_graph, article_iri
from kg.store.records import RECORD_KEYS, partnership_records

__all__ = ["RDF_FORMATS", "RECORD_KEYS", "QueryOutput", "Store", "Term"]

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

_SYNTAX_AT = re.compile(r"error at (\d+):(\d+):\s*(.*)", re.DOTALL)


@dataclass(frozen=True)
class QueryOutput:
    """A materialised SPARQL result. ``kind`` is "select", "ask" or "graph" (CONSTRUCT/DESCRIBE)."""

    kind: str
    variables: tuple[str, ...] = ()
    rows: tuple[tuple[Term | None, ...], ...] = ()
    boolean: bool | None = None
    triples: tuple[ox.Triple, ...] = ()


def _one_line(error: BaseException) -> str:
    return " ".join(str(error).split())


def _looks_like_store(path: Path) -> bool:
    # Oxigraph keeps its data in RocksDB, which always writes CURRENT and OPTIONS-* files.
    return (path / "CURRENT").is_file() and any(path.glob("OPTIONS-*"))


def _replace_update(graph: str, quads: Sequence[ox.Quad]) -> str:
    """One SPARQL UPDATE, hence one Oxigraph transaction: all of it applies or none."""
    body = "\n".join(f"{q.subject} {q.predicate} {q.object} ." for q in quads)
    return f"DROP SILENT GRAPH <{graph}> ;\nINSERT DATA {{ GRAPH <{graph}> {{\n{body}\n}} }}"


def _lexical(term: Term | None) -> str | None:
    """The IRI, literal value or blank node id, as a SPARQL CSV result would show it."""
    if term is None:
        return None
    return str(term) if isinstance(term, ox.Triple) else term.value


class Store:
    """Open with ``Store.open(path)``; use as a context manager or call ``close()``."""

    def __init__(self, inner: ox.Store, path: Path) -> None:
        self._inner: ox.Store | None = inner
        self.path = path

    @classmethod
    def open(cls, path: Path) -> Store:
        """Open the store in ``path``, creating the directory on first use."""
        path = Path(path)
        try:
            if path.exists() and not path.is_dir():
                raise StoreError(f"{path}: is a file, not a store directory")
            if path.is_dir() and any(path.iterdir()) and not _looks_like_store(path):
                raise StoreError(f"{path}: directory is not empty and is not a kg store")
            path.mkdir(parents=True, exist_ok=True)
            inner = ox.Store(str(path))
        except OSError as error:
            message = str(error)
            if "lock" in message.lower():
                raise StoreError(
                    f"{path}: store is locked by another process (is another kg command running?)"
                ) from None
            raise StoreError(f"{path}: cannot open the store: {_one_line(error)}") from None
        log.debug("opened store %s", path)
        return cls(inner, path)

    def close(self) -> None:
        # pyoxigraph has no close(): dropping the last reference releases the RocksDB lock.
        self._inner = None

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    @property
    def _db(self) -> ox.Store:
        if self._inner is None:
            raise StoreError(f"{self.path}: store is closed")
        return self._inner

    # ------------------------------------------------------------------ articles

    def article_hash(self, article_id: str) -> str | None:
        """The content hash stored for the article, or None if it is not in the store."""
        found = self._db.quads_for_pattern(
            ox.NamedNode(article_iri(article_id)),
            ox.NamedNode(str(KG.contentHash)),
            None,
            ox.NamedNode(article_graph(article_id)),
        )
        return min((str(_lexical(q.object)) for q in found), default=None)

    def replace_article(self, article: Article, quads: Sequence[ox.Quad]) -> None:
        """Replace everything the store says about ``article`` by ``quads``, atomically."""
        graph = article_graph(article.id)
        stray = [q for q in quads if q.graph_name != ox.NamedNode(graph)]
        if stray:
            raise ValueError(f"quad outside the graph of article {article.id}: {stray[0]}")
        self._update(_replace_update(graph, quads))

    def remove_article(self, article_id: str) -> None:
        self._update(f"DROP SILENT GRAPH <{article_graph(article_id)}>")

    def article_ids(self) -> list[str]:
        rows = self.query(
            "SELECT DISTINCT ?id WHERE { GRAPH ?g { ?a a kg:Article ; kg:articleId ?id } }"
        ).rows
        return sorted(str(_lexical(row[0])) for row in rows if row[0] is not None)

    def _update(self, update: str) -> None:
        try:
            self._db.update(update)
        except (OSError, RuntimeError, SyntaxError, ValueError) as error:
            raise StoreError(f"{self.path}: update failed: {_one_line(error)}") from None

    # ------------------------------------------------------------------ queries

    def query(self, sparql: str, *, timeout: float | None = None) -> QueryOutput:
        """Run SPARQL over the union of all graphs, with ``PREFIXES`` predeclared.

        ``timeout`` (seconds) is checked between results, so it bounds long result streams;
        a query that computes everything before its first result (ORDER BY, GROUP BY) is
        only stopped once that first result arrives.
        """
        # The prefixes go in as parser defaults rather than a prepended prologue so that
        # line numbers in syntax errors are the user's own.
        deadline = None if timeout is None else time.monotonic() + timeout
        try:
            result = self._db.query(sparql, prefixes=PREFIXES, use_default_graph_as_union=True)
            if isinstance(result, ox.QueryBoolean):
                return QueryOutput("ask", boolean=bool(result))
            if isinstance(result, ox.QuerySolutions):
                names = tuple(v.value for v in result.variables)
                rows = tuple(
                    tuple(solution[i] for i in range(len(names)))
                    for solution in _until(result, deadline)
                )
                return QueryOutput("select", variables=names, rows=rows)
            return QueryOutput("graph", triples=tuple(_until(result, deadline)))
        except SyntaxError as error:
            raise QueryError(_syntax_message(error)) from None
        except (OSError, RuntimeError, ValueError) as error:
            raise QueryError(f"query failed: {_one_line(error)}") from None

    def _select(self, sparql: str) -> list[dict[str, str | None]]:
        output = self.query(sparql)
        return [
            {name: _lexical(term) for name, term in zip(output.variables, row, strict=True)}
            for row in output.rows
        ]

    # ------------------------------------------------------------------ export

    def dump(self, fmt: str) -> bytes:
        """Serialise the store; named graphs are kept in trig and nquads only."""
        if fmt not in RDF_FORMATS:
            raise FormatError(f"unknown RDF format {fmt!r}; known: {', '.join(RDF_FORMATS)}")
        rdf_format, keeps_graphs = RDF_FORMATS[fmt]
        # Sorted so that two dumps of the same content are byte-identical and diffable.
        items: list[Any]
        if keeps_graphs:
            items = sorted(self._db, key=lambda q: (str(q.graph_name), str(q.triple)))
        else:
            items = sorted({q.triple for q in self._db}, key=str)
        return ox.serialize(items, format=rdf_format, prefixes=SERIALIZATION_PREFIXES) or b""

    # ------------------------------------------------------------------ analysis

    def partnership_records(self) -> list[dict[str, Any]]:
        """One flat dict per (event, pair of parties); keys in ``records.RECORD_KEYS``."""
        return partnership_records(self._select)

    def stats(self) -> dict[str, Any]:
        """Counts: articles, events (and per relation), localities in events, places, quads."""

        def count(where: str) -> int:
            rows = self._select(f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ {where} }}")
            return int(rows[0]["n"] or 0)

        per_relation = {relation: 0 for relation in RELATIONS}
        for row in self._select(
            "SELECT ?r (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e a kg:PartnershipEvent ; "
            "kg:relation ?r } GROUP BY ?r"
        ):
            per_relation[row["r"] or ""] = int(row["n"] or 0)
        return {
            "articles": count("?x a kg:Article"),
            "events": sum(per_relation.values()),
            "events_by_relation": per_relation,
            "localities": count("?e a kg:PartnershipEvent ; kg:party ?x"),
            "places": count("?x a kg:Locality"),
            "quads": len(self._db),
        }


def _until(results: Any, deadline: float | None) -> Iterator[Any]:
    for item in results:
        if deadline is not None and time.monotonic() > deadline:
            raise QueryError("query timed out")
        yield item


def _syntax_message(error: SyntaxError) -> str:
    text = _one_line(error)
    match = _SYNTAX_AT.search(str(error))
    if match:
        line, column, detail = match.groups()
        return f"SPARQL syntax error at line {line}, column {column}: {' '.join(detail.split())}"
    return f"SPARQL syntax error: {text}"
