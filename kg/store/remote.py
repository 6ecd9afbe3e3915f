"""The store on a SPARQL 1.1 server that many analysts share (Oxigraph server, Apache Jena
Fuseki, GraphDB, Virtuoso ...), through the SPARQL 1.1 Protocol: queries and updates over
HTTP, nothing else. It offers what the embedded ``Store`` offers, so ``kg build``,
``kg query``, ``kg rank`` and the rest run unchanged with ``--store http://...``.

Each article is replaced by one update request, which the servers above run as one
transaction; two analysts building the same article at once leave one of the two
versions, whole. Queries read the default graph as the union of the article graphs: kg
asks Oxigraph for it per request (``union-default-graph``); Fuseki needs
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
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox

from kg import __version__
from kg.errors import KgError, QueryError, StoreError
from kg.model import Article
from kg.ns import PREFIXES
from kg.store.base import BaseStore, QueryOutput, Term, content_hash_query, serialize_quads
from kg.store.iris import article_graph, article_iri
from kg.store.sparql import bind_values, check, one_line

__all__ = ["Endpoints", "RemoteStore", "is_url"]

log = logging.getLogger(__name__)

#: Seconds to wait for a server that says nothing, when the caller gave no timeout.
HTTP_TIMEOUT = 300.0
_CHUNK = 1 << 16
_RESULTS_JSON = "application/sparql-results+json"
_GRAPHDB = re.compile(r"/repositories/[^/]+/?$")


def is_url(location: object) -> bool:
    """True for an http(s) URL, which ``--store`` reads as a SPARQL endpoint.

    >>> is_url("https://example.org/sparql"), is_url("kg-store")
    (True, False)
    """
    return isinstance(location, str) and location.lower().startswith(("http://", "https://"))


def _prologue() -> str:
    return "".join(f"PREFIX {name}: <{iri}>\n" for name, iri in PREFIXES.items())


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
        data = self._post(url, {"query": _prologue() + text}, accept, timeout)
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
        self._post(self.endpoints.update, {"update": _prologue() + sparql}, "*/*", None)

    # ------------------------------------------------------------------ articles

    def article_hash(self, article_id: str) -> str | None:
        rows = self._select(content_hash_query(article_graph(article_id), article_iri(article_id)))
        return min((row["h"] or "" for row in rows), default=None)

    def replace_article(self, article: Article, quads: Sequence[ox.Quad]) -> None:
        from kg.store.backend import _replace_update

        graph = article_graph(article.id)
        stray = [q for q in quads if q.graph_name != ox.NamedNode(graph)]
        if stray:
            raise ValueError(f"quad outside the graph of article {article.id}: {stray[0]}")
        self.update(_replace_update(graph, quads))

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
