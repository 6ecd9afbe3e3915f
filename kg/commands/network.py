"""kg subcommands about the network (registered on kg.cli.main).

Every command builds the network from the store with the same options (level, bodies,
relations, countries, years; see ``kg.analyze.network.build_network``), then calls one
library function and prints or writes its result.
"""

from __future__ import annotations

import json
import sys
import webbrowser
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import click
import networkx as nx

from kg.cli import _open_store, main, store_option
from kg.errors import FormatError

F = TypeVar("F", bound=Callable[..., Any])

_LEVELS = ("reported", "province", "today")


@dataclass(frozen=True)
class NetworkChoice:
    """What network the user asked for."""

    level: str = "reported"
    bodies: bool = False
    relations: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    start: int | None = None
    end: int | None = None

    def describe(self) -> str:
        parts = [f"level {self.level}"]
        if self.relations:
            parts.append("relations " + ", ".join(self.relations))
        if self.countries:
            parts.append("countries " + ", ".join(self.countries))
        if self.start is not None or self.end is not None:
            parts.append(f"years {self.start or '…'}–{self.end or '…'}")
        return "; ".join(parts)


def network_options(func: F) -> F:
    """The options that choose the network, shared by every network command."""
    options = [
        click.option(
            "--level",
            type=click.Choice(_LEVELS),
            default="reported",
            show_default=True,
            help="Localities as reported, rolled up to provinces, or to today's provinces "
            "(after the 2025 merger).",
        ),
        click.option(
            "--bodies/--no-bodies",
            default=False,
            show_default=True,
            help="Keep acting bodies (Tỉnh ủy, UBND ...) as their own nodes.",
        ),
        click.option(
            "--relation",
            "relations",
            multiple=True,
            help="Only this relation (repeatable): signed_mou, signed_agreement, twinned, "
            "held_talks, reviewed_cooperation.",
        ),
        click.option(
            "--country",
            "countries",
            multiple=True,
            help="Only agreements with a party from this country code, e.g. LA (repeatable).",
        ),
        click.option("--from", "start", type=int, default=None, help="First year (inclusive)."),
        click.option("--to", "end", type=int, default=None, help="Last year (inclusive)."),
    ]
    for option in reversed(options):
        func = option(func)
    return store_option(func)


def _choice(kw: dict[str, Any]) -> NetworkChoice:
    return NetworkChoice(
        level=kw.pop("level"),
        bodies=kw.pop("bodies"),
        relations=tuple(kw.pop("relations")),
        countries=tuple(c.upper() for c in kw.pop("countries")),
        start=kw.pop("start"),
        end=kw.pop("end"),
    )


def load_network(store_path: Path, choice: NetworkChoice) -> nx.Graph:
    """The network of the store at ``store_path`` as ``choice`` asks."""
    from kg.analyze.network import build_network

    years = None if choice.start is None and choice.end is None else (choice.start, choice.end)
    with _open_store(store_path) as store:
        records = store.partnership_records()
    return build_network(
        records,
        level=choice.level,
        include_bodies=choice.bodies,
        relations=choice.relations or None,
        countries=choice.countries or None,
        years=years,
    )


def _format_option(func: F) -> F:
    return click.option(
        "--format", "fmt", default="table", show_default=True, help="table, csv or json."
    )(func)


def _name(graph: nx.Graph, node: Any) -> str:
    from kg.analyze.explore import name_of

    return name_of(graph, node)


def _measure(name: str) -> Callable[[nx.Graph], dict[Any, float]]:
    from kg.analyze.measures import measure_function

    return measure_function(name)


# ---------------------------------------------------------------------------- rank


@main.command()
@click.option(
    "--measure",
    default="degree",
    show_default=True,
    help="degree, weighted_degree, betweenness, closeness, pagerank, eigenvector, kcore, "
    "participation, partner_countries.",
)
@click.option("--top", type=int, default=10, show_default=True)
@_format_option
@network_options
def rank(measure: str, top: int, fmt: str, store_path: Path, **kw: Any) -> None:
    """Rank localities by a centrality measure: who are the hubs, who bridges.

    betweenness finds the bridges between parts of the network, participation the
    localities whose partners spread over several communities, partner_countries those
    that reach into many countries.

    \b
    Example:
      kg rank --measure betweenness --top 5
      kg rank --measure degree --level today --country LA --format csv
    """
    from kg.analyze.measures import rank as run_rank
    from kg.export.ranking import RANKING_FORMATS, format_ranking

    if fmt not in RANKING_FORMATS:
        known = ", ".join(RANKING_FORMATS)
        raise FormatError(f"unknown format {fmt!r} for a ranking (known: {known})")
    _measure(measure)
    graph = load_network(store_path, _choice(kw))
    rows = [(n, _name(graph, n), score) for n, _, score in run_rank(graph, measure, top)]
    click.echo(format_ranking(rows, measure, fmt), nl=False)


# ---------------------------------------------------------------------------- view


@main.command()
@click.option("--measure", default="degree", show_default=True, help="Centrality for node size.")
@click.option(
    "--colour",
    "colour_by",
    type=click.Choice(("group", "country")),
    default="group",
    show_default=True,
    help="Colour nodes by kind of locality or by country (the page can switch).",
)
@click.option("--title", default=None, help="Page title.")
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    default=Path("out/network.html"),
    show_default=True,
)
@click.option("--open", "open_browser", is_flag=True, help="Open the page in a browser.")
@network_options
def view(
    measure: str,
    colour_by: str,
    title: str | None,
    output: Path,
    open_browser: bool,
    store_path: Path,
    **kw: Any,
) -> None:
    """Draw the partnership network as an interactive HTML page (works offline).

    One file, no network access: legend, search box, colour by kind or country, size by
    degree, PageRank or betweenness, filters by relation, years and country; hover a link
    for each agreement with its evidence sentence and source.

    \b
    Example:
      kg view -o out/network.html --open
      kg view --level province --measure betweenness -o out/provinces.html
    """
    from kg.analyze.measures import MEASURES
    from kg.export.view import render_view

    size = _measure(measure)
    choice = _choice(kw)
    graph = load_network(store_path, choice)
    shown = {name: MEASURES[name](graph) for name in ("degree", "pagerank", "betweenness")}
    scores = shown[measure] if measure in shown else size(graph)
    heading = title or f"Partnerships between localities ({choice.describe()})"
    render_view(
        graph, scores, output, title=heading, measure=measure, measures=shown, colour_by=colour_by
    )
    click.echo(f"wrote {output} ({graph.number_of_nodes()} nodes)", err=True)
    if open_browser:
        webbrowser.open(output.resolve().as_uri())


# ---------------------------------------------------------------------------- neighbors


@main.command()
@click.argument("place")
@_format_option
@network_options
def neighbors(place: str, fmt: str, store_path: Path, **kw: Any) -> None:
    """List the partners of PLACE (a name or an id) with what links them.

    A name typed without diacritics works ("lao cai"); a name shared by a province and its
    city means the province ("TP Lào Cai" is the city).

    \b
    Example:
      kg neighbors "Lào Cai"
      kg neighbors "Hà Tĩnh" --level province --format json
    """
    from kg.analyze.explore import find_place
    from kg.analyze.explore import neighbors as partners_of
    from kg.export.network_tables import check_format, format_rows

    check_format(fmt)
    graph = load_network(store_path, _choice(kw))
    node = find_place(graph, place)
    rows = [vars(p) for p in partners_of(graph, node)]
    for row in rows:
        row["partner"] = row.pop("label")
    columns = ["partner", "id", "kind", "country", "relations", "years", "events", "sources"]
    click.echo(format_rows(rows, fmt, columns), nl=False)


# ---------------------------------------------------------------------------- path


@main.command()
@click.argument("source")
@click.argument("target")
@_format_option
@network_options
def path(source: str, target: str, fmt: str, store_path: Path, **kw: Any) -> None:
    """How two localities are connected: a shortest chain of partnerships, with the
    agreements on each link.

    \b
    Example:
      kg path "Lào Cai" "Hà Tĩnh"
      kg path "Pạc Xăn" "Nghệ An" --level province --format json
    """
    from kg.analyze.explore import connection, find_place
    from kg.export.network_tables import check_format, format_rows

    check_format(fmt)
    graph = load_network(store_path, _choice(kw))
    hops = connection(graph, find_place(graph, source), find_place(graph, target))
    if fmt == "json":
        items = [
            {"step": i, "from": h.source_label, "from_id": h.source, "to": h.target_label,
             "to_id": h.target, "agreements": [
                 {k: a.get(k) for k in ("relation", "date", "year", "period", "evidence",
                                        "title", "url", "source", "article_id")}
                 for a in h.agreements]}
            for i, h in enumerate(hops, 1)
        ]  # fmt: skip
        click.echo(json.dumps(items, ensure_ascii=False, indent=2))
        return
    rows = [
        {"step": i, "from": h.source_label, "to": h.target_label, "relation": a.get("relation"),
         "when": a.get("date") or a.get("year"), "evidence": a.get("evidence"),
         "source": a.get("url") or a.get("source") or a.get("article_id")}
        for i, h in enumerate(hops, 1)
        for a in h.agreements
    ]  # fmt: skip
    columns = ["step", "from", "to", "relation", "when", "evidence", "source"]
    click.echo(format_rows(rows, fmt, columns), nl=False)


# ---------------------------------------------------------------------------- communities


@main.command()
@click.option("--members", type=int, default=8, show_default=True,
              help="Members listed per community in a table (CSV and JSON list all).")  # fmt: skip
@_format_option
@network_options
def communities(members: int, fmt: str, store_path: Path, **kw: Any) -> None:
    """Louvain communities: groups of localities more tied to each other than to the rest.

    Members are listed by degree, hubs first; "bridges" are the members whose partners
    spread over several communities (participation above 0.3).

    \b
    Example:
      kg communities --level province
    """
    from kg.analyze.measures import order
    from kg.analyze.structure import communities as find
    from kg.analyze.structure import participation
    from kg.export.network_tables import check_format, format_rows

    check_format(fmt)
    graph = load_network(store_path, _choice(kw))
    groups = find(graph)
    spread = participation(graph, groups)
    degree = {n: float(d) for n, d in graph.degree()}

    def label(node: Any) -> str:
        return _name(graph, node)

    rows = []
    for i, group in enumerate(groups, 1):
        ranked = order(graph, {n: degree[n] for n in group})
        countries = sorted({str(graph.nodes[n].get("country") or "?") for n in group})
        listed = ranked if fmt != "table" else ranked[: max(members, 0)]
        names = [label(n) for n in listed]
        if fmt == "table" and len(ranked) > len(listed):
            names.append(f"… {len(ranked) - len(listed)} more")
        rows.append({
            "community": i, "size": len(group), "countries": countries, "members": names,
            "bridges": [label(n) for n in ranked if spread[n] > 0.3],
        })  # fmt: skip
    columns = ["community", "size", "countries", "members", "bridges"]
    click.echo(format_rows(rows, fmt, columns), nl=False)


# ---------------------------------------------------------------------------- bridges


@main.command()
@_format_option
@network_options
def bridges(fmt: str, store_path: Path, **kw: Any) -> None:
    """Links and localities whose loss would split the network into more parts.

    \b
    Example:
      kg bridges --level province
    """
    from kg.analyze.structure import bridges as find_bridges
    from kg.analyze.structure import cut_points
    from kg.export.network_tables import check_format, format_rows

    check_format(fmt)
    graph = load_network(store_path, _choice(kw))

    def label(node: Any) -> str:
        return _name(graph, node)

    rows = [
        {"kind": "link", "between": f"{label(u)} – {label(v)}", "ids": [u, v],
         "relations": graph.edges[u, v].get("relations", [])}
        for u, v in find_bridges(graph)
    ] + [
        {"kind": "locality", "between": label(n), "ids": [n], "relations": []}
        for n in cut_points(graph)
    ]  # fmt: skip
    click.echo(format_rows(rows, fmt, ["kind", "between", "ids", "relations"]), nl=False)


# ---------------------------------------------------------------------------- timeline


@main.command()
@click.option("--measure", default="degree", show_default=True, help="Measure for the top.")
@click.option("--top", type=int, default=3, show_default=True, help="Localities per year.")
@_format_option
@network_options
def timeline(measure: str, top: int, fmt: str, store_path: Path, **kw: Any) -> None:
    """How the network grew, year by year, on the agreements dated up to each year.

    Each row: events that year, localities and links so far, links new that year,
    connected parts and the largest, and the top localities by the measure.

    \b
    Example:
      kg timeline --level province --measure degree --top 3
    """
    from kg.analyze.timeline import timeline as grow
    from kg.export.network_tables import check_format, format_rows

    check_format(fmt)
    _measure(measure)
    choice = _choice(kw)
    graph = load_network(store_path, choice)
    result = grow(graph, measure=measure, top=top, start=choice.start, end=choice.end)
    rows = []
    for row in result.rows:
        item = dict(vars(row))
        item["top"] = [f"{label} {score:.3f}" for _, label, score in row.top]
        rows.append(item)
    columns = ["year", "events", "localities", "links", "new_links", "components", "largest",
               "top"]  # fmt: skip
    click.echo(format_rows(rows, fmt, columns), nl=False)
    if result.undated:
        click.echo(f"{result.undated} undated event(s) are in no year", err=True)


# ---------------------------------------------------------------------------- export


@main.command(name="export-network")
@click.option("--format", "fmt", default="graphml", show_default=True,
              help="graphml, gexf (Gephi, Cytoscape) or csv (edge list).")  # fmt: skip
@click.option("--measure", "measures", multiple=True,
              help="Measure stored on each node (repeatable; default: degree, "
              "weighted_degree, betweenness, pagerank, kcore).")  # fmt: skip
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="File to write (default: stdout).")  # fmt: skip
@network_options
def export_network(
    fmt: str, measures: tuple[str, ...], output: Path | None, store_path: Path, **kw: Any
) -> None:
    """Write the network for Gephi, Cytoscape or a spreadsheet.

    GraphML and GEXF carry each locality's label, kind, country and measures, and each
    link's weight (number of events), relations, years, sources and evidence; GEXF adds
    colours, sizes, positions and the first year of each link for Gephi's timeline.

    \b
    Example:
      kg export-network --format gexf --level province -o out/provinces.gexf
    """
    from kg.export.graph_formats import GRAPH_FORMATS
    from kg.export.graph_formats import export_network as write

    if fmt not in GRAPH_FORMATS:
        known = ", ".join(GRAPH_FORMATS)
        raise FormatError(f"unknown format {fmt!r} for a network (known: {known})")
    names = measures or ("degree", "weighted_degree", "betweenness", "pagerank", "kcore")
    functions = {name: _measure(name) for name in names}
    graph = load_network(store_path, _choice(kw))
    scores = {name: f(graph) for name, f in functions.items()} if fmt != "csv" else {}
    data = write(graph, fmt, output, scores=scores, size_by=names[0])
    if output is None:
        sys.stdout.buffer.write(data)
    else:
        click.echo(f"wrote {output} ({len(graph)} nodes, {graph.size()} links)", err=True)


# ---------------------------------------------------------------------------- plot


@main.command()
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False),
              default=Path("out/network.png"), show_default=True,
              help="A .png, .svg or .pdf file.")  # fmt: skip
@click.option("--measure", default="degree", show_default=True, help="Centrality for node size.")
@click.option("--colour", "colour_by", type=click.Choice(("group", "country")), default="group",
              show_default=True, help="Colour by kind of locality or by country.")  # fmt: skip
@click.option("--labels", type=int, default=30, show_default=True,
              help="Name this many localities, the best by the measure first.")  # fmt: skip
@click.option("--title", default=None, help="Figure title.")
@network_options
def plot(
    output: Path,
    measure: str,
    colour_by: str,
    labels: int,
    title: str | None,
    store_path: Path,
    **kw: Any,
) -> None:
    """Draw a static figure of the network for papers and reports (PNG, SVG or PDF).

    Same colours as the HTML view, nodes sized by the measure, links styled by relation,
    with a legend.

    \b
    Example:
      kg plot -o out/network.svg --level province --measure pagerank
    """
    from kg.export.plot import plot_network

    size = _measure(measure)
    graph = load_network(store_path, _choice(kw))
    plot_network(graph, size(graph), output, measure=measure, title=title, colour_by=colour_by,
                 labels=labels)  # fmt: skip
    click.echo(f"wrote {output} ({len(graph)} nodes)", err=True)
