"""The store on a SPARQL 1.1 server that many analysts share (Oxigraph server, Apache Jena
Fuseki, GraphDB, Virtuoso ...), through the SPARQL 1.1 Protocol: queries and updates over
HTTP, nothing else. It offers what the embedded ``Store`` offers, so ``kg build``,
``kg query``, ``kg rank`` and the rest run unchanged with ``--store http://...``.

Each article is replaced by one update request, which the servers above run as one
transaction. Two such transactions on the same article at once can both commit and leave
the union of the two versions (snapshot isolation without write-conflict detection, as in
Oxigraph), so after its update a writer reads back the size and version marks of the graph
(``VersionMarks``) and, while the graph holds more than its own version, waits a short
random time and writes again: analysts building the same article at once leave one of
their versions, whole. Queries read the default graph as the union of the article graphs:
kg asks Oxigraph for it per request (``union-default-graph``); Fuseki needs
``tdb2:unionDefaultGraph true`` in its configuration, and GraphDB and Virtuoso do it
already. ``RemoteStore.open`` warns when it is not so.

>>> Endpoints.from_url("http://localhost:7878")
Endpoints(query='http://localhost:7878/query', update='http://localhost:7878/update')
>>> Endpoints.from_url("http://localhost:7200/repositories/kg").update
'http://localhost:7200/repositories/kg/statements'
"""

from __future__ import annotations

import base64
import json
import logging
import os
import random
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox

from kg import __version__
from kg.errors import KgError, QueryError, StoreError
from kg.model import Article
from kg.ns import KG, PROV, sparql_prologue
from kg.store.base import BaseStore, QueryOutput, Term, graph_of, serialize_quads
from kg.store.iris import article_graph
from kg.store.sparql import bind_values, check, one_line

__all__ = ["Endpoints", "RemoteStore", "VersionMarks", "is_url"]

log = logging.getLogger(__name__)

#: Seconds to wait for a server that says nothing, when the caller gave no timeout.
HTTP_TIMEOUT = 300.0
_CHUNK = 1 << 16
_RESULTS_JSON = "application/sparql-results+json"
_GRAPHDB = re.compile(r"/repositories/[^/]+/?$")
#: Writes of one article, at most, while other writers keep mixing their versions into it.
WRITE_TRIES = 8
#: Seconds: the wait before the n-th rewrite is random, up to ``BACKOFF * 2 ** (n - 1)``.
BACKOFF = 0.05
#: The statements that say which version of an article a graph holds (kg.store.rdf): the
#: article's content hash, the extractor's version, when the graph was made. The first two
#: are plain strings, which every server gives back as written.
_WHO = (str(KG.contentHash), str(KG.extractorVersion))
_MARKS = (*_WHO, str(PROV.generatedAtTime))


def is_url(location: object) -> bool:
    """True for an http(s) URL, which ``--store`` reads as a SPARQL endpoint.

    >>> is_url("https://example.org/sparql"), is_url("kg-store")
    (True, False)
    """
    return isinstance(location, str) and location.lower().startswith(("http://", "https://"))


@dataclass(frozen=True)
class Endpoints:
    """Where a server takes queries and updates."""

    query: str
    update: str

    @classmethod
    def from_url(cls, url: str, update: str | None = None) -> Endpoints:
        """The endpoints of a server, from the URL of its query endpoint.

        ``http://host:7878`` and ``.../query`` are Oxigraph's layout (and Fuseki's
        ``/ds/query``, ``/ds/update``); ``.../repositories/NAME`` is GraphDB's and RDF4J's;
        anything else takes updates at the same URL (Virtuoso's ``/sparql``, Fuseki's
        dataset URL). ``update`` or ``$KG_UPDATE_URL`` overrides the guess.
        """
        base = url.rstrip("/")
        path = urllib.parse.urlsplit(url).path
        if path in ("", "/"):
            query, guess = f"{base}/query", f"{base}/update"
        elif path.endswith("/query"):
            query, guess = url, url[: -len("query")] + "update"
        elif _GRAPHDB.search(path):
            query, guess = base, f"{base}/statements"
        else:
            query, guess = url, url
        return cls(query, update or os.environ.get("KG_UPDATE_URL") or guess)


def _credentials(url: str) -> tuple[str, str | None]:
    """``url`` without ``user:password@``, and the Basic authorisation header for it."""
    parts = urllib.parse.urlsplit(url)
    if parts.username is None:
        return url, None
    host = parts.hostname or ""
    netloc = f"{host}:{parts.port}" if parts.port else host
    token = f"{urllib.parse.unquote(parts.username)}:{urllib.parse.unquote(parts.password or '')}"
    header = "Basic " + base64.b64encode(token.encode("utf-8")).decode("ascii")
    return urllib.parse.urlunsplit(parts._replace(netloc=netloc)), header


def _server_message(error: urllib.error.HTTPError) -> str:
    try:
        body = error.read(2000).decode("utf-8", "replace")
    except OSError:
        body = ""
    return one_line(Exception(body)) or str(error.reason)


@dataclass(frozen=True)
class VersionMarks:
    """What tells versions of an article graph apart: its size (distinct statements) and
    the values of its version statements, as (predicate IRI, lexical value) pairs.

    A mix of two versions left by two writers at once holds the last writer's version and
    more (its own statements were inserted last), so that writer sees it by the size, or
    by a second value of a mark. A writer that finds a mark of its own missing knows that
    a later writer replaced the graph, and leaves that writer to check it.

    >>> mine = VersionMarks(3, frozenset({(_WHO[0], "sha256:a")}))
    >>> mine.mixed_in(VersionMarks(3, mine.marks))
    False
    >>> mine.mixed_in(VersionMarks(5, mine.marks | {(_WHO[0], "sha256:b")}))
    True
    >>> mine.mixed_in(VersionMarks(4, frozenset({(_WHO[0], "sha256:b")})))  # another's, whole
    False
    """

    size: int
    marks: frozenset[tuple[str, str]]

    @classmethod
    def of(cls, quads: Sequence[ox.Quad]) -> VersionMarks:
        """The marks of the version about to be written."""
        marks = {
            (q.predicate.value, q.object.value)
            for q in quads
            if q.predicate.value in _MARKS and isinstance(q.object, ox.Literal)
        }
        return cls(len(set(quads)), frozenset(marks))

    def mixed_in(self, found: VersionMarks) -> bool:
        """True if ``found`` (read after writing ``self``) may be ``self`` mixed with another."""
        if not {m for m in self.marks if m[0] in _WHO} <= found.marks:
            return False
        mine = Counter(predicate for predicate, _ in self.marks)
        extra = Counter(predicate for predicate, _ in found.marks) - mine
        return found.size > self.size or bool(extra)


class RemoteStore(BaseStore):
    """Open with ``RemoteStore.open(url)``; ``close()`` is a no-op kept for symmetry."""

    def __init__(self, endpoints: Endpoints, authorization: str | None = None) -> None:
        self.endpoints = endpoints
        self.location = endpoints.query
        self._authorization = authorization

    @classmethod
    def open(cls, url: str, *, update_url: str | None = None) -> RemoteStore:
        """Connect to the server whose query endpoint is ``url`` and check that it answers."""
        plain, authorization = _credentials(url)
        store = cls(Endpoints.from_url(plain, update_url), authorization)
        if (
            store.query("ASK { GRAPH ?g { ?s ?p ?o } }").boolean
            and not store.query("ASK { ?s ?p ?o }").boolean
        ):
            log.warning(
                "%s: the default graph is not the union of the named graphs, so kg queries "
                "will find nothing; configure the server so (Fuseki: tdb2:unionDefaultGraph)",
                store.location,
            )
        return store

    def close(self) -> None:
        """Nothing to release: every request is its own connection."""

    # ------------------------------------------------------------------ HTTP

    def _post(
        self,
        url: str,
        fields: dict[str, str],
        accept: str,
        timeout: float | None,
        *,
        max_bytes: int | None = None,
    ) -> bytes:
        deadline = None if timeout is None else time.monotonic() + max(timeout, 0.0)
        request = urllib.request.Request(
            url,
            data=urllib.parse.urlencode(fields).encode("utf-8"),
            headers={
                "Accept": accept,
                "Content-Type": "application/x-www-form-urlencoded; charset=utf-8",
                "User-Agent": f"kg/{__version__}",
            },
            method="POST",
        )
        if self._authorization:
            request.add_header("Authorization", self._authorization)

        def remaining() -> float:
            if deadline is None:
                return HTTP_TIMEOUT
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError
            return left

        try:
            with urllib.request.urlopen(request, timeout=remaining()) as response:
                chunks, size = [], 0
                while chunk := response.read(_CHUNK):
                    chunks.append(chunk)
                    size += len(chunk)
                    if max_bytes is not None and size > max_bytes:
                        raise QueryError(f"the answer is larger than {max_bytes} bytes")
                    remaining()  # a slow stream stops at the deadline too
                return b"".join(chunks)
        except TimeoutError:
            raise _timed_out(timeout) from None
        except urllib.error.HTTPError as error:
            message = f"{url}: HTTP {error.code}: {_server_message(error)}"
            if error.code in (400, 422):
                raise QueryError(message) from None
            raise StoreError(message) from None
        except (urllib.error.URLError, OSError) as error:
            reason = getattr(error, "reason", error)
            if isinstance(reason, TimeoutError):
                raise _timed_out(timeout) from None
            raise StoreError(f"{url}: cannot reach the SPARQL endpoint ({reason})") from None

    # ------------------------------------------------------------------ queries

    def query(
        self,
        sparql: str,
        *,
        timeout: float | None = None,
        bindings: Mapping[str, Term] | None = None,
        max_rows: int | None = None,
    ) -> QueryOutput:
        text = bind_values(sparql, bindings) if bindings else sparql
        kind = check(text)  # syntax errors with the user's own line numbers
        accept = "application/n-triples" if kind == "graph" else _RESULTS_JSON
        joiner = "&" if "?" in self.endpoints.query else "?"
        url = f"{self.endpoints.query}{joiner}union-default-graph"
        data = self._post(url, {"query": sparql_prologue() + text}, accept, timeout)
        try:
            if kind == "graph":
                parsed = ox.parse(data, format=ox.RdfFormat.N_TRIPLES)
                triples = tuple(q.triple for q in parsed)
                _check_size(len(triples), max_rows)
                return QueryOutput("graph", triples=triples)
            result = ox.parse_query_results(data, format=ox.QueryResultsFormat.JSON)
        except (SyntaxError, ValueError) as error:
            raise StoreError(f"{self.location}: unreadable answer: {one_line(error)}") from None
        if isinstance(result, ox.QueryBoolean):
            return QueryOutput("ask", boolean=bool(result))
        names = tuple(v.value for v in result.variables)
        rows = tuple(tuple(solution[i] for i in range(len(names))) for solution in result)
        _check_size(len(rows), max_rows)
        return QueryOutput("select", variables=names, rows=rows)

    def update(self, sparql: str) -> None:
        check(sparql, update=True)
        self._post(self.endpoints.update, {"update": sparql_prologue() + sparql}, "*/*", None)

    # ------------------------------------------------------------------ articles

    def article_hash(self, article_id: str) -> str | None:
        """The stored content hash; None also for a graph that mixes two versions (left by
        a writer killed before it could check its write), so that a build replaces it."""
        found = self._marks(article_graph(article_id), size=False).marks
        predicates = [predicate for predicate, _ in found]
        if len(predicates) > len(set(predicates)):
            log.warning("%s: the graph of %s mixes two versions; it will be replaced",
                        self.location, article_id)  # fmt: skip
            return None
        return min((value for predicate, value in found if predicate == _WHO[0]), default=None)

    def replace_article(self, article: Article, quads: Sequence[ox.Quad]) -> None:
        """One update; then, while the graph read back shows this version mixed with
        another writer's, a short random wait and the update again (``WRITE_TRIES``)."""
        from kg.store.backend import _replace_update

        graph = graph_of(article, quads)
        update, mine = _replace_update(graph, quads), VersionMarks.of(quads)
        for attempt in range(WRITE_TRIES):
            if attempt:
                time.sleep(random.uniform(0, BACKOFF * 2 ** (attempt - 1)))
            self.update(update)
            if not mine.mixed_in(self._marks(graph)):
                return
            log.info("%s: %s: another writer replaced it at the same time; writing it again",
                     self.location, article.id)  # fmt: skip
        raise StoreError(
            f"{self.location}: {article.id}: other writers replaced this article at the same "
            f"time {WRITE_TRIES} times in a row; its graph may mix their versions: build it "
            "again when they are done"
        )

    def _marks(self, graph: str, *, size: bool = True) -> VersionMarks:
        """The version marks of ``graph``, in one query."""
        values = " ".join(f"<{iri}>" for iri in _MARKS)
        marks = f"{{ GRAPH <{graph}> {{ ?s ?p ?v VALUES ?p {{ {values} }} }} }}"
        count = f"{{ SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?q ?o }} }} }}"
        where = f"{marks} UNION {count}" if size else marks
        rows = self._select(f"SELECT DISTINCT ?p ?v ?n WHERE {{ {where} }}")
        found = {(p, v) for p, v in ((row["p"], row["v"]) for row in rows) if p and v is not None}
        total = sum(int(row["n"] or 0) for row in rows)
        return VersionMarks(total, frozenset(found))

    def remove_article(self, article_id: str) -> bool:
        graph = article_graph(article_id)
        if not self.query(f"ASK {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}").boolean:
            return False
        self.update(f"DROP SILENT GRAPH <{graph}>")
        return True

    def quad_count(self) -> int:
        rows = self._select("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
        return int(rows[0]["n"] or 0) if rows else 0

    def dump(self, fmt: str) -> bytes:
        output = self.query("SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }")
        quads: list[Any] = [ox.Quad(s, p, o, g) for g, s, p, o in output.rows]  # type: ignore[arg-type]
        return serialize_quads(iter(quads), fmt)

    def __repr__(self) -> str:
        return f"RemoteStore({json.dumps(self.location)})"


def _timed_out(timeout: float | None) -> KgError:
    if timeout is None:
        return StoreError(f"the SPARQL endpoint did not answer within {HTTP_TIMEOUT:g} s")
    return QueryError(f"query timed out: stopped after {timeout:g} s (--timeout)")


def _check_size(count: int, max_rows: int | None) -> None:
    if max_rows is not None and count > max_rows:
        raise QueryError(
            f"the query gives more than {max_rows} results; add a LIMIT or narrow it down"
        )
