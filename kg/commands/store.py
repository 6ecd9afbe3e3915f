"""kg subcommands about the store (registered on kg.cli.main): query, export, stats, remove,
serve."""

from __future__ import annotations

import contextlib
import json
import signal
import sys
from pathlib import Path
from typing import Any

import click

from kg.cli import _open_store, main, store_option
from kg.errors import FormatError, InputError, QueryError, StoreError


def _query_text(query: str) -> str:
    candidate = Path(query)
    if len(query) < 4096 and "\n" not in query and candidate.suffix in (".rq", ".sparql"):
        try:
            return candidate.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as err:
            raise InputError(query, f"cannot read query file ({err})") from None
    return query


def _params(values: tuple[str, ...]) -> dict[str, str]:
    params: dict[str, str] = {}
    for value in values:
        name, sep, text = value.partition("=")
        if not sep or not name.strip():
            raise QueryError(f"--param takes NAME=VALUE, not {value!r}")
        params[name.strip()] = text
    return params


def _list_queries() -> str:
    from kg.query import named_queries
    from kg.terminal import neutralise

    lines = []
    for query in named_queries().values():
        lines.append(f"{query.name}\n    {neutralise(query.description)}")
        for p in query.params:
            lines.append(f"    --param {p.name}=...  ({p.kind}) {neutralise(p.description)}")
    return "\n".join(lines) + "\n"


@main.command()
@click.argument("query", required=False)
@click.option("-n", "--name", help="Run a named query from kg/queries/ (see --list).")
@click.option(
    "-p", "--param", "param_values", multiple=True, metavar="NAME=VALUE",
    help="A parameter of the query, bound as an RDF literal (repeatable).",
)  # fmt: skip
@click.option("--list", "list_queries", is_flag=True, help="List the named queries and exit.")
@click.option(
    "--format", "fmt", default="table", show_default=True,
    help="SELECT/ASK: table, csv, tsv, json, xml. CONSTRUCT/DESCRIBE: those or turtle, trig, "
    "nt, nquads, jsonld, rdfxml, n3.",
)  # fmt: skip
@click.option("--timeout", type=float, default=None, help="Stop the query after this many seconds.")
@click.option("--update", is_flag=True, help="Allow a SPARQL Update (it changes the store).")
@store_option
def query(
    query: str | None,
    name: str | None,
    param_values: tuple[str, ...],
    list_queries: bool,
    fmt: str,
    timeout: float | None,
    update: bool,
    store_path: Path | str,
) -> None:
    """Run a SPARQL query (text or a .rq file) or a named query, read-only unless --update.

    The prefixes kg:, id:, rdfs:, skos:, prov:, xsd:, dcterms:, org:, owl:, rdf: are
    predeclared; the default graph is the union of all article graphs.

    \b
    Example:
      kg query --list
      kg query --name partners-of --param place="Lào Cai"
      kg query 'SELECT ?name WHERE { ?p kg:signedMoUWith ?lc . ?lc rdfs:label "Lào Cai"@vi .
                ?p rdfs:label ?name }' --format csv
    """
    from kg.query import FORMATS, GRAPH_FORMATS, format_results, named_query
    from kg.store.sparql import form

    if list_queries:
        click.echo(_list_queries(), nl=False)
        return
    if fmt not in FORMATS + GRAPH_FORMATS:
        known = ", ".join(FORMATS + GRAPH_FORMATS)
        raise FormatError(f"unknown format {fmt!r} for query results (known: {known})")
    if (query is None) == (name is None):
        raise click.UsageError("give a QUERY or --name NAME (or --list)")
    params = _params(param_values)
    if name is not None:
        named = named_query(name)
        text, bindings = named.text, named.bindings(params)
    else:
        from kg.query import bindings_for

        text = _query_text(query or "")
        bindings = bindings_for(text, params)
    if form(text) == "update":
        if not update:
            raise QueryError("this is a SPARQL Update, which changes the store: add --update")
        if bindings:
            raise QueryError("--param binds queries only, not updates")
        with _open_store(store_path) as store:
            before = store.quad_count()
            store.update(text)
            after = store.quad_count()
        click.echo(f"update done: {before} quads before, {after} after", err=True)
        return
    with _open_store(store_path) as store:
        output = store.query(text, timeout=timeout, bindings=bindings)
    click.echo(format_results(output, fmt), nl=False)


@main.command()
@click.option(
    "--format", "fmt", default="turtle", show_default=True,
    help="turtle, trig, nt, nquads, jsonld.",
)  # fmt: skip
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), default=None)
@store_option
def export(fmt: str, output: Path | None, store_path: Path | str) -> None:
    """Write the whole graph as RDF, to a file or stdout (TriG and N-Quads keep the graphs).

    \b
    Example:
      kg export --format trig -o out/partnerships.trig
    """
    from kg.export.rdf import export as run_export

    with _open_store(store_path) as store:
        data = run_export(store, fmt, output)
    if output is None:
        sys.stdout.buffer.write(data)
    else:
        click.echo(f"wrote {output}", err=True)


def _stats_table(stats: dict[str, Any]) -> str:
    lines = [f"{'store':<28} {stats['location']}"]
    for key in ("articles", "graphs", "events", "localities", "places", "quads"):
        if key in stats:
            lines.append(f"{key:<28} {stats[key]:>10,}")
    for title, key in (
        ("events by relation", "events_by_relation"),
        ("instances by class", "classes"),
        ("quads by property", "properties"),
    ):
        lines.append(f"\n{title}:")
        lines += [f"  {name:<26} {count:>10,}" for name, count in stats.get(key, {}).items()]
    return "\n".join(lines) + "\n"


@main.command()
@click.option("--format", "fmt", default="table", show_default=True, help="table or json.")
@store_option
def stats(fmt: str, store_path: Path | str) -> None:
    """Counts in the store: articles, events per relation, instances per class, quads per
    property.

    \b
    Example:
      kg stats --format json
    """
    if fmt not in ("table", "json"):
        raise FormatError(f"unknown format {fmt!r} for stats (known: table, json)")
    with _open_store(store_path) as store:
        counts = {"location": store.location, **store.stats(detail=True)}
    if fmt == "json":
        click.echo(json.dumps(counts, ensure_ascii=False, indent=2))
    else:
        click.echo(_stats_table(counts), nl=False)


@main.command()
@click.argument("articles", nargs=-1, required=True)
@store_option
def remove(articles: tuple[str, ...], store_path: Path | str) -> None:
    """Delete articles (by id, i.e. file name, or by path) and every fact read from them.

    \b
    Example:
      kg remove 001_18231fda04807153.txt
    """
    missing = []
    with _open_store(store_path) as store:
        for article in articles:
            candidates = dict.fromkeys([article, Path(article).name])
            if any(store.remove_article(candidate) for candidate in candidates):
                click.echo(f"removed {article}", err=True)
            else:
                missing.append(article)
    if missing:
        raise StoreError(f"not in the store: {', '.join(missing)} (kg query --name ... lists ids)")


def _interrupt(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt  # stops serve_forever in the main thread, which then cleans up


@main.command()
@click.option("--port", type=int, default=7878, show_default=True)
@click.option(
    "--host", default="127.0.0.1", show_default=True,
    help="Interface to listen on; anything but localhost exposes the store to the network.",
)  # fmt: skip
@click.option("--writable", is_flag=True, help="Accept SPARQL Update at /update.")
@click.option(
    "--timeout", type=float, default=30.0, show_default=True, help="Seconds a query may take."
)
@click.option(
    "--max-rows", type=int, default=10_000, show_default=True, help="Results a query may give."
)
@click.option("--cors", is_flag=True, help="Let web pages from other origins query it.")
@store_option
def serve(
    port: int,
    host: str,
    writable: bool,
    timeout: float,
    max_rows: int,
    cors: bool,
    store_path: Path | str,
) -> None:
    """Serve the store as a SPARQL 1.1 endpoint over HTTP until Ctrl-C.

    Read-only by default, from a snapshot refreshed when the store changes, so kg build
    keeps working meanwhile; --writable serves the store itself and takes updates.

    \b
    Example:
      kg serve --port 7878      # then: http://127.0.0.1:7878/query
    """
    from kg.serve import ServeOptions, start
    from kg.store.remote import is_url

    if is_url(store_path):
        raise StoreError(f"{store_path} is already a SPARQL endpoint; kg serve serves a directory")
    options = ServeOptions(
        host=host, port=port, writable=writable, timeout=timeout, max_rows=max_rows, cors=cors
    )
    server = start(Path(store_path), options)
    mode = "read-write: updates at /update" if writable else "read-only, from a snapshot"
    click.echo(
        f"kg: serving {store_path} at {server.url} ({mode}); queries stop after {timeout:g} s "
        f"and {max_rows:,} results; Ctrl-C to stop",
        err=True,
    )
    signal.signal(signal.SIGTERM, _interrupt)
    with contextlib.suppress(KeyboardInterrupt):
        server.serve_forever()
    click.echo("kg: stopped", err=True)
