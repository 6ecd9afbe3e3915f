"""The notebook API: the library in a few calls, with pandas tables and inline views.

A thin layer over the functions the CLI uses (``kg.pipeline``, ``kg.store``,
``kg.analyze``, ``kg.export``); it adds only the conversions a notebook wants. Tables need
pandas (``pip install 'vn-partnership-kg[notebook]'``); everything else is core.

>>> import tempfile, pathlib
>>> import kg
>>> tmp = pathlib.Path(tempfile.mkdtemp())
>>> _ = (tmp / "yunnan.txt").write_text(
...     "Tin đối ngoại\\n\\nNgày 4/6/2024, UBND tỉnh Lào Cai và Chính phủ nhân dân tỉnh "
...     "Vân Nam (Trung Quốc) đã ký biên bản ghi nhớ hợp tác về thương mại.\\n",
...     encoding="utf-8")
>>> graph = kg.open(tmp / "kg-store")
>>> graph.build(tmp, progress=False).stored
1
>>> graph
KnowledgeGraph('.../kg-store'): 1 article, 1 fact, 2 localities
>>> graph.facts()[["a_label", "b_label", "relation", "year"]]
   a_label  b_label    relation  year
0  Vân Nam  Lào Cai  signed_mou  2024
>>> graph.query("SELECT ?name WHERE { ?p kg:signedMoUWith ?q ; rdfs:label ?name } ORDER BY ?name")
      name
0  Lào Cai
1  Vân Nam
>>> graph.rank("degree")[["label", "degree"]]  # doctest: +NORMALIZE_WHITESPACE
        label  degree
rank
1     Lào Cai     1.0
2     Vân Nam     1.0
>>> graph.close()
"""

from __future__ import annotations

import html
import logging
import os
import tempfile
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import networkx as nx
import pyoxigraph as ox

from kg import _API
from kg.closing import Closing
from kg.errors import InputError, MissingExtraError, StoreError
from kg.store.backend import Store
from kg.store.base import QueryOutput

if TYPE_CHECKING:
    import pandas as pd

    from kg.pipeline import BuildReport
    from kg.progress import BuildProgress

#: What ``import kg`` offers; the one list is ``kg._API``, which ``kg`` reads without
#: importing this module.
__all__ = list(_API)

log = logging.getLogger(__name__)

#: The CLI's default store (``kg.cli.DEFAULT_STORE``), unless ``$KG_STORE`` says otherwise.
DEFAULT_STORE = "kg-store"

#: Columns of ``KnowledgeGraph.facts()``, from the store's partnership records.
FACT_COLUMNS: tuple[str, ...] = (
    "relation", "a_label", "b_label", "a_country", "b_country", "year", "date", "period",
    "a_body", "b_body", "evidence", "title", "article_id", "a", "b", "event",
)  # fmt: skip

_NUMBERS = {
    "http://www.w3.org/2001/XMLSchema#integer": int,
    "http://www.w3.org/2001/XMLSchema#int": int,
    "http://www.w3.org/2001/XMLSchema#long": int,
    "http://www.w3.org/2001/XMLSchema#gYear": int,
    "http://www.w3.org/2001/XMLSchema#decimal": float,
    "http://www.w3.org/2001/XMLSchema#double": float,
    "http://www.w3.org/2001/XMLSchema#float": float,
}


def _pandas() -> Any:
    try:
        import pandas
    except ImportError:
        raise MissingExtraError(
            "tables need pandas: pip install 'vn-partnership-kg[notebook]'"
        ) from None
    return pandas


def _value(term: Any) -> Any:
    """A SPARQL term as a plain Python value: IRIs and text as str, numbers as numbers."""
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        if term.datatype.value == "http://www.w3.org/2001/XMLSchema#boolean":
            return term.value == "true"
        convert = _NUMBERS.get(term.datatype.value)
        if convert is not None:
            try:
                return convert(term.value)
            except ValueError:
                return term.value
        return term.value
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return term.value if isinstance(term, ox.NamedNode) else str(term)


def to_frame(output: QueryOutput) -> pd.DataFrame | bool:
    """A SPARQL result as a DataFrame (SELECT; CONSTRUCT as subject/predicate/object), or a
    bool (ASK). IRIs and text become str, numeric literals numbers, unbound values None.

    >>> import pyoxigraph as ox
    >>> out = QueryOutput("select", ("place", "n"),
    ...                   ((ox.NamedNode("https://example.org/x"), ox.Literal("3", datatype=
    ...                     ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))),))
    >>> to_frame(out)
                       place  n
    0  https://example.org/x  3
    >>> to_frame(QueryOutput("ask", boolean=True))
    True
    """
    pd = _pandas()
    if output.kind == "ask":
        return bool(output.boolean)
    if output.kind == "graph":
        spo = [(_value(t.subject), _value(t.predicate), _value(t.object)) for t in output.triples]
        return pd.DataFrame(spo, columns=["subject", "predicate", "object"])
    rows = [[_value(term) for term in row] for row in output.rows]
    frame = pd.DataFrame(rows, columns=list(output.variables))
    for i, column in enumerate(output.variables):
        values = [row[i] for row in rows if row[i] is not None]
        if values and all(isinstance(v, int) and not isinstance(v, bool) for v in values):
            frame[column] = frame[column].astype("Int64")  # years stay years beside gaps
    return frame


# ---------------------------------------------------------------------------- views


@dataclass(frozen=True)
class NetworkView:
    """The interactive network page; shown inline when it is the last line of a cell.

    The page is self-contained (``kg.export.view.render_view``), so it goes into the
    notebook as an ``<iframe srcdoc=...>`` and needs no server or network.
    """

    html: str
    path: Path | None = None
    height: int = 650

    def _repr_html_(self) -> str:
        return (
            f'<iframe srcdoc="{html.escape(self.html, quote=True)}" '
            f'style="width: 100%; height: {self.height}px; border: 1px solid #ddd"></iframe>'
        )

    def __repr__(self) -> str:
        where = f" at {self.path}" if self.path else ""
        return f"<NetworkView: {len(self.html):,} characters of HTML{where}>"

    def save(self, path: str | Path) -> Path:
        """Write the page to ``path`` (open it in any browser, offline)."""
        target = Path(path)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(self.html, encoding="utf-8")
        return target


def view(
    G: nx.Graph,
    measure: str = "degree",
    *,
    path: str | Path | None = None,
    height: int = 650,
    title: str = "Partnerships between Vietnamese and foreign localities",
) -> NetworkView:
    """The interactive view of ``G``, nodes sized by ``measure``; also written to ``path``.

    >>> shown = view(nx.Graph([("a", "b")]))
    >>> shown._repr_html_().startswith("<iframe srcdoc=")
    True
    """
    from kg.analyze.measures import measure_function
    from kg.export.view import render_view

    scores = measure_function(measure)(G)
    if path is not None:
        written = render_view(G, scores, Path(path), title=title, measure=measure)
        return NetworkView(written.read_text(encoding="utf-8"), written, height)
    with tempfile.TemporaryDirectory() as tmp:
        page = render_view(G, scores, Path(tmp) / "network.html", title=title, measure=measure)
        return NetworkView(page.read_text(encoding="utf-8"), None, height)


def rank(
    G: nx.Graph, measure: str | Sequence[str] = "degree", *, top: int | None = None
) -> pd.DataFrame:
    """Localities best first by ``measure`` (or several, ordered by the first), as a table
    with the locality's ``id``, ``label``, ``country`` and one column per measure.

    >>> G = nx.Graph([("hub", "a"), ("hub", "b"), ("a", "b"), ("hub", "c")])
    >>> rank(G, ["degree", "betweenness"], top=2)  # doctest: +NORMALIZE_WHITESPACE
           id label country    degree  betweenness
    rank
    1     hub   hub    None  1.000000     0.666667
    2       a     a    None  0.666667     0.000000
    """
    from kg.analyze.measures import measure_function, order

    pd = _pandas()
    names = [measure] if isinstance(measure, str) else list(measure)
    scores = {name: measure_function(name)(G) for name in names}
    nodes = order(G, scores[names[0]]) if names else sorted(G, key=str)
    if top is not None:
        nodes = nodes[: max(top, 0)]
    rows = [
        {
            "id": node,
            "label": str(G.nodes[node].get("label") or node),
            "country": G.nodes[node].get("country"),
            **{name: scores[name][node] for name in names},
        }
        for node in nodes
    ]
    frame = pd.DataFrame(rows, columns=["id", "label", "country", *names])
    frame.index = pd.RangeIndex(1, len(frame) + 1, name="rank")
    return frame


# ---------------------------------------------------------------------------- building


def _tqdm() -> Any:
    """tqdm's bar: a widget in Jupyter when ipywidgets is installed, else text; or None."""
    try:
        import ipywidgets  # noqa: F401
        from tqdm.auto import tqdm
    except ImportError:
        try:
            from tqdm import tqdm
        except ImportError:
            return None
    return tqdm


class ProgressBar:
    """A ``kg.progress.BuildObserver`` drawing a tqdm bar over the bytes of input read,
    with the articles and facts so far; skipped inputs are logged as they come."""

    def __init__(self) -> None:
        self._bar: Any = None

    def update(self, progress: BuildProgress) -> None:
        if self._bar is None:
            tqdm = _tqdm()
            if tqdm is None:
                return
            self._bar = tqdm(total=progress.bytes_total or None, unit="B", unit_scale=True)
        self._bar.n = progress.bytes_done
        self._bar.set_postfix(articles=progress.handled, facts=progress.facts)

    def failed(self, error: InputError) -> None:
        log.warning("skipped %s", error)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()


def _count(n: int, word: str, plural: str | None = None) -> str:
    return f"{n} {word if n == 1 else plural or word + 's'}"


class KnowledgeGraph(Closing):
    """A store opened for exploring: build it, query it into tables, analyse and draw it.

    Open with ``kg.open(path)``; close with ``close()`` or use it in a ``with`` block
    (the store is locked while it is open: a ``kg`` command on the same store says so
    and stops until the notebook closes it). The library objects stay reachable:
    ``store`` is the ``kg.store.backend.Store``, ``network()`` a networkx graph.
    """

    def __init__(self, store: Store) -> None:
        self.store = store

    @classmethod
    def open(cls, path: str | Path | None = None) -> KnowledgeGraph:
        """Open (or create) the store in ``path``, by default ``$KG_STORE`` or ./kg-store."""
        return cls(Store.open(Path(path or os.environ.get("KG_STORE", DEFAULT_STORE))))

    @property
    def path(self) -> Path:
        return self.store.path

    def close(self) -> None:
        self.store.close()

    # ------------------------------------------------------------------ display

    def stats(self) -> dict[str, Any]:
        """Counts of articles, events (facts) per relation, localities, places and quads."""
        return self.store.stats()

    def _open_stats(self) -> dict[str, Any] | None:
        try:
            return self.stats()
        except StoreError:  # closed
            return None

    def __repr__(self) -> str:
        name = f"KnowledgeGraph({str(self.path)!r})"
        s = self._open_stats()
        if s is None:
            return f"{name}: closed"
        return (
            f"{name}: {_count(s.get('articles', 0), 'article')}, "
            f"{_count(s.get('events', 0), 'fact')}, "
            f"{_count(s.get('localities', 0), 'locality', 'localities')}"
        )

    def _repr_html_(self) -> str:
        where = f"<code>{html.escape(str(self.path))}</code>"
        s = self._open_stats()
        if s is None:
            return f"<p>KnowledgeGraph {where} (closed)</p>"
        by_relation = s.get("events_by_relation", {})
        rows = [
            ("store", where),
            ("articles", s.get("articles", 0)),
            ("facts (events)", s.get("events", 0)),
            *((f"&nbsp;&nbsp;{html.escape(r)}", n) for r, n in by_relation.items() if n),
            ("localities in facts", s.get("localities", 0)),
            ("places known", s.get("places", 0)),
            ("RDF quads", s.get("quads", 0)),
        ]
        body = "".join(
            f"<tr><th style='text-align:left'>{k}</th><td style='text-align:right'>{v}</td></tr>"
            for k, v in rows
        )
        return f"<table><caption>KnowledgeGraph</caption>{body}</table>"

    # ------------------------------------------------------------------ building

    def build(self, *paths: str | Path, progress: bool = True) -> BuildReport:
        """Add the articles under ``paths`` (``.txt``, ``.html``, ``.jsonl`` files or
        folders) to the store, with a progress bar (``kg.pipeline.build``). Unchanged
        articles are skipped; unreadable ones are listed in the report's ``failed``."""
        from kg.pipeline import build

        bar = ProgressBar() if progress else None
        try:
            return build([Path(p) for p in paths], self.store, observer=bar)
        finally:
            if bar is not None:
                bar.close()

    # ------------------------------------------------------------------ tables

    def query(self, sparql: str, *, timeout: float | None = None) -> pd.DataFrame | bool:
        """Run SPARQL (the project prefixes ``kg:``, ``rdfs:`` … are predeclared) into a
        DataFrame, or a bool for ASK (see ``to_frame``)."""
        from kg.query import run_query

        return to_frame(run_query(self.store, sparql, timeout=timeout))

    @staticmethod
    def named_queries() -> pd.DataFrame:
        """The queries shipped in ``kg/queries/*.rq``: name, description and parameters."""
        from kg.query import named_queries

        pd = _pandas()
        rows = [
            (q.name, q.description, ", ".join(p.name for p in q.params))
            for q in named_queries().values()
        ]
        return pd.DataFrame(rows, columns=["name", "description", "params"])

    def named_query(
        self, name: str, *, timeout: float | None = None, **params: object
    ) -> pd.DataFrame | bool:
        """Run the shipped query ``name`` with its parameters, e.g.
        ``named_query("partners-of", place="Lào Cai")`` (see ``named_queries()``)."""
        from kg.query import run_named

        values = {key: str(value) for key, value in params.items()}
        return to_frame(run_named(self.store, name, timeout=timeout, **values))

    def facts(self) -> pd.DataFrame:
        """One row per fact and pair of parties: relation, the two localities, date,
        period, acting bodies, the evidence sentence and its article (``FACT_COLUMNS``)."""
        pd = _pandas()
        records = self.store.partnership_records()
        columns = [c for c in FACT_COLUMNS if not records or c in records[0]]
        frame = pd.DataFrame([{c: r.get(c) for c in columns} for r in records], columns=columns)
        if "year" in frame:
            frame["year"] = frame["year"].astype("Int64")
        order = [c for c in ("year", "date", "a_label", "b_label", "relation") if c in frame]
        return frame.sort_values(order, na_position="last", kind="stable").reset_index(drop=True)

    # ------------------------------------------------------------------ network

    def network(
        self,
        level: str = "reported",
        *,
        include_bodies: bool = False,
        relations: Collection[str] | None = None,
        countries: Collection[str] | None = None,
        years: tuple[int | None, int | None] | None = None,
    ) -> nx.Graph:
        """The networkx graph of partners at ``level`` ("reported", "province" or
        "today"), filtered as ``kg.analyze.network.build_network`` describes."""
        from kg.analyze.network import build_network

        return build_network(
            self.store.partnership_records(),
            level=level,
            include_bodies=include_bodies,
            relations=relations,
            countries=countries,
            years=years,
        )

    def rank(
        self,
        measure: str | Sequence[str] = "degree",
        *,
        level: str = "reported",
        top: int | None = 10,
    ) -> pd.DataFrame:
        """The ``top`` localities by ``measure`` at ``level`` (see the function ``rank``)."""
        return rank(self.network(level), measure, top=top)

    def view(
        self,
        measure: str = "degree",
        *,
        level: str = "reported",
        path: str | Path | None = None,
        height: int = 650,
    ) -> NetworkView:
        """The interactive network at ``level``, inline in the notebook (see ``view``)."""
        return view(self.network(level), measure, path=path, height=height)

    # ------------------------------------------------------------------ export

    def export(self, fmt: str = "turtle", path: str | Path | None = None) -> bytes:
        """The whole graph as RDF (turtle, trig, nt, nquads, jsonld), written to ``path``."""
        from kg.export.rdf import export

        return export(self.store, fmt, None if path is None else Path(path))

    def export_network(
        self,
        fmt: str = "gexf",
        path: str | Path | None = None,
        *,
        level: str = "reported",
        measures: Sequence[str] = ("degree",),
    ) -> bytes:
        """The network for Gephi or Cytoscape (gexf, graphml, csv), with ``measures`` as
        node attributes (GEXF sizes nodes by the first), written to ``path``."""
        from kg.analyze.measures import measure_function
        from kg.export.graph_formats import export_network

        G = self.network(level)
        scores = {name: measure_function(name)(G) for name in measures}
        return export_network(
            G,
            fmt,
            None if path is None else Path(path),
            scores=scores,
            size_by=measures[0] if measures else None,
        )


def open(path: str | Path | None = None) -> KnowledgeGraph:  # noqa: A001 - like gzip.open
    """Open (or create) a store: ``kg.open("kg-store")``; see ``KnowledgeGraph``."""
    return KnowledgeGraph.open(path)


# ---------------------------------------------------------------------------- corpora


def extract_facts(*paths: str | Path) -> pd.DataFrame:
    """The facts in the articles under ``paths``, without a store: one row per fact in the
    format of ``kg extract`` (``kg.export.facts.COLUMNS``)."""
    from kg.export.facts import COLUMNS, fact_record
    from kg.pipeline import extract_paths

    pd = _pandas()
    done, failed = extract_paths([Path(p) for p in paths])
    for error in failed:
        log.warning("skipped %s", error)
    records = [fact_record(f, local) for _, facts, local in done for f in facts]
    frame = pd.DataFrame(records, columns=list(COLUMNS))
    frame["year"] = frame["year"].astype("Int64")
    return frame


def score_extraction(
    gold: str | Path, *paths: str | Path, by_article: bool = False
) -> pd.DataFrame:
    """Precision, recall and F1 of the extractor on the articles under ``paths`` against
    the hand-written ``gold`` facts (JSON Lines, see ``kg.evaluate``), at each level.

    Only the gold articles found under ``paths`` are scored, so a sample of a corpus can
    be checked against a gold file for the whole of it. ``by_article`` gives one row per
    article and level, to find where the extractor goes wrong.
    """
    from kg.evaluate import read_gold, score
    from kg.export.facts import fact_record
    from kg.pipeline import extract_paths

    pd = _pandas()
    expected = read_gold(Path(gold))
    done, _ = extract_paths([Path(p) for p in paths])
    predicted = {a.id: [fact_record(f, local) for f in facts] for a, facts, local in done}
    sample = {article: facts for article, facts in expected.items() if article in predicted}
    if not sample:
        raise InputError(str(gold), "none of its articles is among the articles given")
    groups = [(a, {a: sample[a]}) for a in sorted(sample)] if by_article else [(None, sample)]
    rows = []
    for article, wanted in groups:
        for s in score(predicted, wanted):
            row: dict[str, Any] = {"article": article} if by_article else {}
            row.update(
                level=s.level, precision=s.precision, recall=s.recall, f1=s.f1,
                true_positives=s.true_positives, predicted=s.predicted, gold=s.gold,
            )  # fmt: skip
            rows.append(row)
    return pd.DataFrame(rows)
