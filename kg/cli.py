"""The ``kg`` command: a thin shell over the library.

Results go to stdout, messages to stderr. Exit codes: 0 ok, 1 a problem with the input, the
store or a query (one line on stderr says which), 2 a usage error.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import click

from kg import __version__
from kg.errors import FormatError, InputError, KgError
from kg.terminal import neutralise

F = TypeVar("F", bound=Callable[..., Any])

DEFAULT_STORE = "kg-store"


class KgGroup(click.Group):
    """Turns every KgError into one line on stderr and exit code 1."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except KgError as err:
            click.echo(f"kg: error: {neutralise(str(err))}", err=True)
            sys.exit(1)


class StoreLocation(click.ParamType):
    """A store directory, or the http(s) URL of a SPARQL endpoint (kept as a string)."""

    name = "DIR|URL"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        from kg.store.remote import is_url

        if isinstance(value, Path) or is_url(value):
            return value
        path = Path(value)
        if path.exists() and not path.is_dir():
            self.fail(f"{value}: is a file, not a store directory", param, ctx)
        return path


def store_option(func: F) -> F:
    return click.option(
        "--store",
        "store_path",
        type=StoreLocation(),
        default=lambda: os.environ.get("KG_STORE", DEFAULT_STORE),
        show_default=f"$KG_STORE or ./{DEFAULT_STORE}",
        help="Directory of the persistent RDF store (created on first use), or the URL of a "
        "SPARQL 1.1 endpoint with update (see docs/store.md).",
    )(func)


#: Seconds a command waits for another process to release a store directory.
LOCK_WAIT = 2.0


def _open_store(location: Path | str) -> Any:
    from kg.store.remote import RemoteStore, is_url

    if is_url(location):
        return RemoteStore.open(str(location))
    from kg.store.backend import Store

    return Store.open(Path(location), wait=LOCK_WAIT)


def _paths(values: Sequence[str]) -> list[Path]:
    return [Path(v) for v in values]


def _report_failures(failed: Sequence[InputError]) -> None:
    for error in failed:
        click.echo(f"kg: skipped {neutralise(str(error))}", err=True)


@click.group(cls=KgGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kg")
@click.option("-v", "--verbose", count=True, help="More log messages on stderr (-vv: debug).")
def main(verbose: int) -> None:
    """Partnerships between localities, from Vietnamese news to a knowledge graph.

    \b
    Example:
      kg run seeds/            # build, then write out/partnerships.ttl and out/network.html
    """
    level = logging.WARNING - 10 * verbose
    handler = logging.StreamHandler()
    handler.setFormatter(_InertFormatter("%(levelname)s %(name)s: %(message)s"))
    logging.basicConfig(level=max(level, logging.DEBUG), handlers=[handler])


class _InertFormatter(logging.Formatter):
    """Log lines carry article text and file names: escape what a terminal would obey."""

    def format(self, record: logging.LogRecord) -> str:
        return neutralise(super().format(record))


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "fmt", default="jsonl", show_default=True, help="jsonl, csv or table.")
def extract(paths: tuple[str, ...], fmt: str) -> None:
    """Print the facts extracted from articles, without touching the store.

    \b
    Example:
      kg extract seeds/001_18231fda04807153.txt --format table
    """
    from kg.export.facts import FACT_FORMATS, fact_record, format_facts
    from kg.extract.gazetteer import load_gazetteer
    from kg.pipeline import extract_paths

    if fmt not in FACT_FORMATS:
        raise FormatError(f"unknown format {fmt!r} for facts (known: {', '.join(FACT_FORMATS)})")
    gazetteer = load_gazetteer()
    done, failed = extract_paths(_paths(paths), gazetteer)
    records = [fact_record(f, local) for _, facts, local in done for f in facts]
    click.echo(format_facts(records, fmt), nl=False)
    _report_failures(failed)
    if failed:
        sys.exit(1)


@main.command()
@click.option(
    "--gold",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    required=True,
    help="Gold facts, one JSON object per article (see shared/eval/README.md).",
)
@click.option(
    "--baseline",
    is_flag=True,
    help="Also score the underthesea-only baseline (NER locations + a partnership word).",
)
@click.argument("paths", nargs=-1)
def evaluate(gold: Path, baseline: bool, paths: tuple[str, ...]) -> None:
    """Precision, recall and F1 of the extractor against gold facts.

    PATHS are the articles (default: seeds/). Scored at three levels: the pair of
    localities, the pair with its relation, and the pair with relation and year.

    \b
    Example:
      kg evaluate --gold ../shared/eval/seeds-gold.jsonl seeds/ --baseline
    """
    from kg.evaluate import evaluate_paths, format_scores

    results = evaluate_paths(gold, _paths(paths or ("seeds",)), baseline=baseline)
    for name, scores in results.items():
        if len(results) > 1:
            click.echo(f"# {name}")
        click.echo(format_scores(scores))


@main.command(name="run")
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("out"),
    show_default=True,
)
@click.option("--top", type=int, default=5, show_default=True, help="Localities in the summary.")
@store_option
def run_all(paths: tuple[str, ...], out_dir: Path, top: int, store_path: Path) -> None:
    """The main job: build the store from articles, export Turtle, draw the network.

    Writes OUT/partnerships.ttl and OUT/network.html and prints a summary.

    \b
    Example:
      kg run seeds/
    """
    from kg.analyze.measures import MEASURES
    from kg.analyze.measures import rank as run_rank
    from kg.analyze.network import build_network
    from kg.export.rdf import export as run_export
    from kg.export.view import render_view
    from kg.pipeline import build as run_build

    out_dir.mkdir(parents=True, exist_ok=True)
    with _open_store(store_path) as store:
        report = run_build(_paths(paths), store)
        run_export(store, "turtle", out_dir / "partnerships.ttl")
        graph = build_network(store.partnership_records())
        stats = store.stats()
    render_view(graph, MEASURES["degree"](graph), out_dir / "network.html")
    _report_failures(report.failed)
    click.echo(f"articles read:      {report.read} ({report.unchanged} unchanged)")
    click.echo(f"facts extracted:    {report.facts} new; {stats.get('events', 0)} in the store")
    click.echo(f"localities:         {graph.number_of_nodes()}")
    click.echo(f"partnership links:  {graph.number_of_edges()}")
    click.echo("top localities by degree centrality:")
    for position, (_, label, value) in enumerate(run_rank(graph, "degree", top), 1):
        click.echo(f"  {position}. {label}  {value:.3f}")
    click.echo(f"wrote {out_dir / 'partnerships.ttl'} and {out_dir / 'network.html'}")
    if report.failed:
        sys.exit(1)


def _register_topics() -> None:
    from importlib import import_module

    from kg.commands import TOPICS

    for topic in TOPICS:
        import_module(f"kg.commands.{topic}")


_register_topics()
