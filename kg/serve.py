"""``kg serve``: the store as a SPARQL 1.1 Protocol endpoint on localhost, for any SPARQL
client (SPARQLWrapper, YASGUI, rdflib's SPARQLStore, a browser).

Endpoints: ``/query`` (also ``/sparql``) takes queries by GET or POST, URL-encoded or as
``application/sparql-query``; ``/update`` takes SPARQL Update, with ``--writable`` only;
``/`` is a small query page. Results are negotiated from the Accept header or a
``format`` parameter: SPARQL JSON, XML, CSV, TSV or an HTML table; Turtle, N-Triples,
RDF/XML, JSON-LD, N-Quads or TriG for CONSTRUCT and DESCRIBE. The project prefixes (kg:,
rdfs: ...) are predeclared and the default graph is the union of the article graphs.

Read-only by default, ``kg serve`` answers from a snapshot of the store (a RocksDB
checkpoint, hard links beside the store), so ``kg build`` and the other commands keep
working on the store meanwhile; when the store has changed and nobody holds it, a new
snapshot replaces the old one within ``refresh`` seconds. With ``writable`` it holds the
store itself, and other analysts write through it (``kg build --store http://...``).

Limits: a query gets ``timeout`` seconds (then 503); its answer at most ``max_rows``
rows (then 400); at most ``max_running`` queries compute at once, one per worker process
(then 503). Oxigraph cannot stop a query half-way, so one past its time limit is stopped
by killing its worker, which is replaced (see ``kg.store.served``). Requests whose Host
is not this server's, updates from another web origin (DNS rebinding, cross-site
requests) and SERVICE (which would make the server fetch any URL) are refused.
"""

from __future__ import annotations

import contextlib
import html
import logging
import socketserver
import urllib.parse
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from kg.errors import KgError, QueryError, StoreError
from kg.query import format_results
from kg.store.backend import Store
from kg.store.base import QueryOutput, lexical
from kg.store.served import Busy, Pool, Source, remove_stale_snapshots
from kg.store.sparql import form, uses_service

__all__ = ["ServeOptions", "Server", "make_app", "start"]

log = logging.getLogger(__name__)

StartResponse = Callable[..., Any]

MAX_BODY = 8 * 1024 * 1024
_TEXT = "text/plain; charset=utf-8"
_SELECT_TYPES = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
    "text/html": "html",
}
_GRAPH_TYPES = {
    "text/turtle": "turtle",
    "application/x-turtle": "turtle",
    "application/n-triples": "nt",
    "text/plain": "nt",
    "application/ld+json": "jsonld",
    "application/rdf+xml": "rdfxml",
    "application/n-quads": "nquads",
    "application/trig": "trig",
    "text/html": "html",
}
_MEDIA = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv; charset=utf-8",
    "tsv": "text/tab-separated-values; charset=utf-8",
    "html": "text/html; charset=utf-8",
    "turtle": "text/turtle; charset=utf-8",
    "nt": "application/n-triples",
    "jsonld": "application/ld+json",
    "rdfxml": "application/rdf+xml",
    "nquads": "application/n-quads",
    "trig": "application/trig",
}
# Names SPARQLWrapper and others put in format=, output= or results=.
_FORMAT_NAMES = {
    "json": "json", "xml": "xml", "csv": "csv", "tsv": "tsv", "html": "html",
    "turtle": "turtle", "n3": "turtle", "nt": "nt", "ntriples": "nt", "rdf+xml": "rdfxml",
    "rdfxml": "rdfxml", "rdf": "rdfxml", "json-ld": "jsonld", "jsonld": "jsonld",
}  # fmt: skip


@dataclass(frozen=True)
class ServeOptions:
    host: str = "127.0.0.1"
    port: int = 7878
    writable: bool = False
    timeout: float = 30.0
    max_rows: int = 10_000
    max_running: int = 2
    refresh: float = 2.0
    cors: bool = False


# ---------------------------------------------------------------------------- the protocol


def _accepted(header: str) -> list[str]:
    """Media types of an Accept header, best first (by q, then as written)."""
    ranked = []
    for position, item in enumerate(header.split(",")):
        media, *params = (part.strip() for part in item.split(";"))
        quality = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip() == "q":
                with contextlib.suppress(ValueError):
                    quality = float(value)
        if media and quality > 0:
            ranked.append((-quality, position, media.lower()))
    return [media for _, _, media in sorted(ranked)]


def _negotiate(kind: str, accept: str, asked: str | None) -> str:
    types = _GRAPH_TYPES if kind == "graph" else _SELECT_TYPES
    if asked:
        asked = asked.lower()
        name = types.get(asked) or _FORMAT_NAMES.get(asked, asked)
        if name in types.values():
            return name
    for media in _accepted(accept):
        if media in types:
            return types[media]
    return "turtle" if kind == "graph" else "json"


def _html_page(body: str = "", query: str = "") -> str:
    example = query or (
        "SELECT ?partner ?date WHERE {\n"
        '  ?lc rdfs:label "Lào Cai"@vi .\n'
        "  ?e kg:party ?lc , ?p ; kg:date ?date .\n"
        "  ?p rdfs:label ?partner FILTER(?p != ?lc)\n} LIMIT 20"
    )
    return (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'><title>kg SPARQL</title>"
        "<style>body{font-family:sans-serif;margin:1em}textarea{width:100%;height:12em}"
        "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 6px}</style>"
        "</head><body><h1>kg SPARQL endpoint</h1><p>Prefixes kg:, rdfs:, skos:, prov:, "
        "dcterms:, org:, xsd: are declared. Endpoint: <code>/query</code>.</p>"
        "<form method='get' action='/query'><input type='hidden' name='format' value='html'>"
        f"<textarea name='query'>{html.escape(example)}</textarea><br>"
        f"<button type='submit'>Run</button></form>{body}</body></html>"
    )


def _html_results(output: QueryOutput, query: str) -> str:
    if output.kind == "ask":
        body = f"<p>{'true' if output.boolean else 'false'}</p>"
    elif output.kind == "graph":
        body = f"<pre>{html.escape(format_results(output, 'turtle'))}</pre>"
    else:
        head = "".join(f"<th>{html.escape(v)}</th>" for v in output.variables)
        rows = "".join(
            "<tr>" + "".join(f"<td>{html.escape(lexical(t) or '')}</td>" for t in row) + "</tr>"
            for row in output.rows
        )
        body = f"<table><tr>{head}</tr>{rows}</table><p>{len(output.rows)} rows</p>"
    return _html_page(body, query)


def answer(store: Store, request: dict[str, Any]) -> tuple[str, str, bytes]:
    """In a worker: run one request on ``store`` and format the reply."""
    if request["op"] == "update":
        store.update(request["text"])
        return "204 No Content", _TEXT, b""
    output = store.query(request["text"], max_rows=request["max_rows"])
    fmt = _negotiate(output.kind, request["accept"], request["asked"])
    if fmt == "html":
        return "200 OK", _MEDIA["html"], _html_results(output, request["text"]).encode()
    return "200 OK", _MEDIA[fmt], format_results(output, fmt).encode()


class App:
    """The WSGI application: checks requests, hands queries and updates to the workers."""

    def __init__(self, source: Source, options: ServeOptions) -> None:
        self.source = source
        self.options = options
        self.pool = Pool(1 if options.writable else options.max_running, answer)
        self._hosts: set[str] = set()
        self.listen_on(options.port)

    def listen_on(self, port: int) -> None:
        """The port requests must name in their Host header."""
        names = ("127.0.0.1", "localhost", "[::1]", self.options.host)
        self._hosts = {f"{name}:{port}" for name in names}

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        try:
            status, media, body = self._handle(environ)
        except QueryError as error:
            status, media, body = "400 Bad Request", "text/plain; charset=utf-8", str(error)
        except Busy as error:
            status, media, body = "503 Service Unavailable", "text/plain; charset=utf-8", str(error)
        except KgError as error:
            status, media, body = (
                "500 Internal Server Error",
                "text/plain; charset=utf-8",
                str(error),
            )
        data = body.encode("utf-8") if isinstance(body, str) else body
        headers = [("Content-Type", media), ("Content-Length", str(len(data)))]
        if self.options.cors:
            headers.append(("Access-Control-Allow-Origin", "*"))
        start_response(status, headers)
        return [data]

    def _handle(self, environ: dict[str, Any]) -> tuple[str, str, str | bytes]:
        host = environ.get("HTTP_HOST", "")
        if self.options.host in ("127.0.0.1", "localhost", "::1") and host not in self._hosts:
            return "403 Forbidden", "text/plain", f"unexpected Host {host!r}"
        path, method = environ.get("PATH_INFO", "/"), environ.get("REQUEST_METHOD", "GET")
        if method == "OPTIONS":
            return "204 No Content", "text/plain", ""
        params = urllib.parse.parse_qs(environ.get("QUERY_STRING", ""))
        if path == "/" and method == "GET" and "query" not in params:
            return "200 OK", _MEDIA["html"], _html_page()
        if path not in ("/", "/query", "/sparql", "/update"):
            return "404 Not Found", "text/plain", f"no such endpoint {path}; try /query"
        if method == "POST":
            params |= self._body(environ)
        if path == "/update" or "update" in params:
            return self._update(environ, params)
        text = (params.get("query") or [""])[0]
        if not text:
            return "400 Bad Request", "text/plain", "no query: send query=... (SPARQL 1.1 Protocol)"
        if form(text) == "update":
            return "400 Bad Request", "text/plain", "SPARQL Update goes to /update"
        if uses_service(text):
            # Federation would let anyone who can query make this machine fetch any URL.
            return "400 Bad Request", "text/plain", "SERVICE (federated query) is disabled here"
        asked = next((params[k][0] for k in ("format", "output", "results") if k in params), None)
        request = {"op": "query", "text": text, "accept": environ.get("HTTP_ACCEPT", ""),
                   "asked": asked, "max_rows": self.options.max_rows}  # fmt: skip
        return self._ask(request, self.options.timeout)

    def _ask(self, request: dict[str, Any], timeout: float | None) -> tuple[str, str, bytes]:
        with self.source.use() as (location, read_only):
            request |= {"location": str(location), "read_only": read_only}
            return self.pool.ask(request, timeout, wait=1.0 if timeout else 3600.0)

    def _body(self, environ: dict[str, Any]) -> dict[str, list[str]]:
        length = int(environ.get("CONTENT_LENGTH") or 0)
        if length > MAX_BODY:
            raise QueryError(f"request body larger than {MAX_BODY} bytes")
        data = environ["wsgi.input"].read(length).decode("utf-8", "replace") if length else ""
        media = environ.get("CONTENT_TYPE", "").split(";")[0].strip().lower()
        if media == "application/sparql-query":
            return {"query": [data]}
        if media == "application/sparql-update":
            return {"update": [data]}
        return urllib.parse.parse_qs(data)

    def _update(
        self, environ: dict[str, Any], params: dict[str, list[str]]
    ) -> tuple[str, str, str | bytes]:
        if not self.options.writable:
            return (
                "403 Forbidden",
                "text/plain",
                "this endpoint is read-only; start it with kg serve --writable to accept updates",
            )
        origin = environ.get("HTTP_ORIGIN")
        if origin and urllib.parse.urlsplit(origin).netloc not in self._hosts:
            return "403 Forbidden", "text/plain", "updates from another web origin are refused"
        if environ.get("REQUEST_METHOD") != "POST" or not params.get("update"):
            return "400 Bad Request", "text/plain", "send update=... by POST"
        return self._ask({"op": "update", "text": params["update"][0]}, None)


def make_app(source: Source, options: ServeOptions) -> App:
    return App(source, options)


class _Handler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base's name
        log.info("%s %s", self.address_string(), format % args)


class _ThreadingServer(socketserver.ThreadingMixIn, WSGIServer):
    daemon_threads = True
    allow_reuse_address = True


@dataclass
class Server:
    """A running server: ``url`` to query it, ``serve_forever()`` or ``shutdown()``."""

    httpd: WSGIServer
    source: Source
    options: ServeOptions

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        name = host.decode() if isinstance(host, bytes) else str(host)
        return f"http://{name}:{port}/query"

    def serve_forever(self) -> None:
        try:
            self.httpd.serve_forever(poll_interval=0.2)
        finally:
            self.close()

    def shutdown(self) -> None:
        self.httpd.shutdown()

    def close(self) -> None:
        self.httpd.server_close()
        app = self.httpd.get_app()
        if isinstance(app, App):
            app.pool.close()
        self.source.close()


def start(path: Path, options: ServeOptions) -> Server:
    """Open the store (or take its snapshot) and bind the port; nothing is served yet."""
    if not (path.is_dir() and (path / "CURRENT").is_file()):
        raise StoreError(f"{path}: no store here to serve (build one with kg build first)")
    remove_stale_snapshots(path)
    source = Source(path, options.writable, options.refresh)
    try:
        app = make_app(source, options)
    except BaseException:
        source.close()
        raise
    try:
        httpd = make_server(
            options.host,
            options.port,
            app,
            server_class=_ThreadingServer,
            handler_class=_Handler,
        )
    except OSError as error:
        app.pool.close()
        source.close()
        raise StoreError(
            f"cannot listen on {options.host}:{options.port}: {error.strerror}"
        ) from None
    app.listen_on(httpd.server_address[1])  # the real port, when 0 asked for any free one
    return Server(httpd, source, options)
