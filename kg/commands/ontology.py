"""kg subcommands about the ontology (registered on kg.cli.main): validate, docs."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from kg.cli import _open_store, main, store_option
from kg.errors import FormatError, KgError


@main.command()
@click.option(
    "--format", "fmt", default="text", show_default=True,
    help="text (a report for people) or turtle (the SHACL validation report graph).",
)  # fmt: skip
@click.option("--limit", type=int, default=50, show_default=True, help="Findings shown (0: all).")
@store_option
def validate(fmt: str, limit: int, store_path: Path) -> None:
    """Check the store against the SHACL shapes of ontology/shapes.ttl (pySHACL).

    Exit code 0 when the graph conforms (warnings allowed), 1 when a shape is violated.

    \b
    Example:
      kg validate --store kg-store
    """
    from kg.validate import validate_store

    if fmt not in ("text", "turtle"):
        raise FormatError(f"unknown format {fmt!r} for the report (known: text, turtle)")
    with _open_store(store_path) as store:
        report = validate_store(store)
    if fmt == "turtle":
        click.echo(report.results_graph.serialize(format="turtle"), nl=False)
    else:
        click.echo(report.text(limit or None), nl=False)
    if not report.conforms:
        sys.exit(1)


def _write(path: Path, text: str) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    except OSError as error:
        raise KgError(f"{path}: cannot write ({error.strerror or error})") from None
    click.echo(f"wrote {path}", err=True)


@main.command()
@click.option(
    "-o", "--output", type=click.Path(path_type=Path, dir_okay=False), default=None,
    help="Write the Markdown reference here (default: stdout).",
)  # fmt: skip
@click.option(
    "--context", type=click.Path(path_type=Path, dir_okay=False), default=None,
    help="Also write the JSON-LD context of the ontology here.",
)  # fmt: skip
@click.option(
    "--fields", type=click.Path(path_type=Path, dir_okay=False), default=None,
    help="Also write the SKOS scheme of the fields of cooperation (Turtle) here.",
)  # fmt: skip
def docs(output: Path | None, context: Path | None, fields: Path | None) -> None:
    """Generate the ontology reference (Markdown) from ontology/kg.ttl itself.

    Every class and property with its English and Vietnamese label and comment, domain,
    range and characteristics, then the fields of cooperation.

    \b
    Example:
      kg docs -o docs/ontology-reference.md --context ontology/context.jsonld \\
              --fields ontology/fields.ttl
    """
    from kg.ontodoc import fields_turtle, jsonld_context_text, reference_markdown

    text = reference_markdown()
    if output is None:
        click.echo(text, nl=False)
    else:
        _write(output, text)
    if context is not None:
        _write(context, jsonld_context_text())
    if fields is not None:
        _write(fields, fields_turtle())
