"""The store at a million triples: load time, size on disk, and each named query, for the
default store (Oxigraph on disk) and rdflib's in-memory store side by side. Prints; no asserts.
A third column runs each query on Oxigraph's in-memory store: what the engine itself costs,
without the disk; "per row" is the default store's time divided by the rows it returned.

    python benchmarks/store_bench.py                 # 1,000,000 quads, about 10 minutes
    python benchmarks/store_bench.py --quads 100000  # a quick look
    python benchmarks/store_bench.py --keep /tmp/kg-bench-1m --no-rdflib --only partners
        # keep the data and the store in a directory and reuse them on the next run

The data is synthetic but in the project's own shape (``store_data.py``: real gazetteer,
``kg.store.rdf.article_quads``). Both stores load it through Oxigraph's parsers (the
default store's bulk loader; rdflib through oxrdflib's ``ox-nquads`` parser, since
rdflib's own takes ten times longer). Each query runs in a forked process, once to warm
up and then ``--runs`` times; the median is printed. A query still running after
``--cap`` seconds is stopped and shown as "> cap"; its ratio is then a lower bound.
Parameters: the busiest locality ("hub"), one of median activity ("typical"), the pair
with most events among the hub's, and one article; for ``province``, today's province
that inherits the most events ("hub") and one of median rank ("typical").
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import multiprocessing as mp
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import pyoxigraph  # noqa: E402
from store_data import write_nquads  # noqa: E402

from kg.ns import PREFIXES, sparql_prologue  # noqa: E402
from kg.query import named_queries  # noqa: E402
from kg.store.backend import Store  # noqa: E402
from kg.store.sparql import bind_values  # noqa: E402

Runner = Callable[[str], int]


def _du(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def _timed(run: Runner, text: str, runs: int, cap: float, out: Any) -> None:
    """In the child: a warm-up run, reported; then ``runs`` timed runs if they fit in
    ``2 * cap`` seconds, else the warm-up stands as the single measurement."""
    start = time.perf_counter()
    rows = run(text)
    first = time.perf_counter() - start
    out.send(("warm", first, rows))
    times = [first]
    if first * runs <= 2 * cap:
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            rows = run(text)
            times.append(time.perf_counter() - start)
    out.send(("done", statistics.median(times), rows))


def measure(run: Runner, text: str, runs: int, cap: float) -> tuple[float | None, int]:
    """Median seconds of ``run(text)`` in a forked child, or None if one run passed ``cap``."""
    context = mp.get_context("fork")
    parent, child = context.Pipe()
    process = context.Process(target=_timed, args=(run, text, runs, cap, child))
    process.start()
    try:
        if not parent.poll(cap):
            return None, 0
        _, first, rows = parent.recv()
        if first > cap:
            return None, rows
        if not parent.poll(3 * cap):
            return first, rows
        _, seconds, rows = parent.recv()
        return seconds, rows
    finally:
        if process.is_alive():
            process.kill()
        process.join()


_OX: Store | None = None


def _ox_run(path: Path) -> Runner:
    def run(text: str) -> int:
        global _OX
        if _OX is None:
            _OX = Store.open(path, read_only=True)
        output = _OX.query(text)
        return len(output.rows) if output.kind == "select" else len(output.triples)

    return run


def _memory_run(memory: pyoxigraph.Store) -> Runner:
    """The same engine in memory: what a query costs without RocksDB."""
    prefixes = sparql_prologue()

    def run(text: str) -> int:
        output = memory.query(prefixes + text, use_default_graph_as_union=True)
        return len(list(output))  # type: ignore[arg-type]

    return run


def _rdflib_run(dataset: Any) -> Runner:
    def run(text: str) -> int:
        return len(list(dataset.query(text, initNs=PREFIXES)))

    return run


def _parameters(path: Path) -> dict[str, dict[str, str]]:
    with Store.open(path, read_only=True) as store:
        counts = store.query(
            "SELECT ?p (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e kg:party ?p } GROUP BY ?p "
            "ORDER BY DESC(?n) ?p"
        ).rows
        places = [str(row[0].value) for row in counts if row[0] is not None]  # type: ignore[union-attr]

        def label(iri: str) -> str:
            rows = store.query(f"SELECT ?l WHERE {{ <{iri}> rdfs:label ?l }} LIMIT 1").rows
            return str(rows[0][0].value)  # type: ignore[union-attr]

        hub, typical = places[0], places[len(places) // 2]
        partner = store.query(
            f"SELECT ?q (COUNT(DISTINCT ?e) AS ?n) WHERE {{ ?e kg:party <{hub}>, ?q "
            f"FILTER(?q != <{hub}>) }} GROUP BY ?q ORDER BY DESC(?n) LIMIT 1"
        ).rows[0][0]
        article = store.query("SELECT ?id WHERE { ?a kg:articleId ?id } LIMIT 1").rows[0][0]
        # Provinces of today (no kg:validUntil), by the events of the units merged into
        # them or inside them: what inherited-partnerships answers.
        provinces = [str(row[0].value) for row in store.query(  # type: ignore[union-attr]
            "SELECT ?p (COUNT(DISTINCT ?e) AS ?n) WHERE {"
            " { SELECT DISTINCT ?p WHERE { ?p a kg:ProvinceLevelUnit ; kg:countryCode 'VN' } }"
            " FILTER NOT EXISTS { ?p kg:validUntil ?gone }"
            " ?q (kg:partOf|kg:succeededBy)* ?p . ?e kg:party ?q }"
            " GROUP BY ?p ORDER BY DESC(?n) ?p"
        ).rows]  # fmt: skip
        names = {"hub": label(hub), "typical": label(typical)}
        pair = {"a": names["hub"], "b": label(str(partner.value))}  # type: ignore[union-attr]
        today = {"hub": label(provinces[0]), "typical": label(provinces[len(provinces) // 2])}
    return {
        "hub": {"place": names["hub"], "locality": names["hub"], "province": today["hub"],
                **pair},
        "typical": {"place": names["typical"], "locality": names["typical"],
                    "province": today["typical"], **pair},
        "article": {"article": str(article.value)},  # type: ignore[union-attr]
    }  # fmt: skip


def _cases(params: dict[str, dict[str, str]]) -> list[tuple[str, str]]:
    """(label, query text with its parameters bound) for every named query."""
    cases = []
    for name, query in named_queries().items():
        names = {p.name for p in query.params}
        if not names:
            choices: list[tuple[str, dict[str, str]]] = [("", {})]
        elif "article" in names:
            choices = [("", params["article"])]
        elif names == {"a", "b"}:
            choices = [(f" ({params['hub']['a']} / {params['hub']['b']})", params["hub"])]
        else:
            hub, typical = params["hub"], params["typical"]
            (key,) = names
            choices = [
                (f" (hub: {hub[key]})", hub),
                (f" (typical: {typical[key]})", typical),
            ]
        for suffix, values in choices:
            bindings = query.bindings({p.name: values[p.name] for p in query.params})
            cases.append((name + suffix, bind_values(query.text, bindings)))
    return cases


def _prepare(tmp: Path, target: int) -> Path:
    """Write the data and load the default store in ``tmp``, unless a previous run with
    the same ``target`` left them there (``done`` records it); return the store's path."""
    data, path, done = tmp / "data.nq", tmp / "store", tmp / "done"
    if done.exists() and done.read_text() == str(target) and path.exists():
        print(f"data and store reused from {tmp} ({_du(path) / 1e6:,.0f} MB on disk)")
        return path
    done.unlink(missing_ok=True)
    shutil.rmtree(path, ignore_errors=True)
    started = time.perf_counter()
    with data.open("wb") as out:
        articles, quads = write_nquads(target, out)
    print(f"data: {quads:,} quads in {articles:,} article graphs "
          f"({data.stat().st_size / 1e6:,.0f} MB of N-Quads, made in "
          f"{time.perf_counter() - started:.1f} s)")  # fmt: skip
    started = time.perf_counter()
    with Store.open(path) as store:
        store.bulk_load(data)
        store.flush()
    load = time.perf_counter() - started
    print(f"default store (Oxigraph on disk): load {load:.1f} s, "
          f"{_du(path) / 1e6:,.0f} MB on disk")  # fmt: skip
    done.write_text(str(target))
    return path


def _fmt(seconds: float | None, cap: float) -> str:
    return f"> {cap:g} s" if seconds is None else f"{seconds * 1000:,.1f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quads", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--cap", type=float, default=60.0, help="seconds per query and store")
    parser.add_argument("--no-rdflib", action="store_true")
    parser.add_argument(
        "--no-memory",
        action="store_true",
        help="skip the column for Oxigraph's in-memory store (the engine without the disk)",
    )
    parser.add_argument(
        "--keep",
        type=Path,
        metavar="DIR",
        help="keep the data and the store in DIR; reuse them if already there",
    )
    parser.add_argument(
        "--only", default="", metavar="TEXT", help="run only the queries whose label contains TEXT"
    )
    args = parser.parse_args()

    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
          f"load average {os.getloadavg()[0]:.1f}; Python {platform.python_version()}")  # fmt: skip
    with contextlib.ExitStack() as stack:
        if args.keep is None:
            tmp = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="kg-bench-")))
        else:
            tmp = args.keep
            tmp.mkdir(parents=True, exist_ok=True)
        path = _prepare(tmp, args.quads)
        cases = [c for c in _cases(_parameters(path)) if args.only in c[0]]
        data = tmp / "data.nq"

        rdflib_run = None
        if not args.no_rdflib:
            import rdflib

            dataset = rdflib.Dataset(default_union=True)
            started = time.perf_counter()
            dataset.parse(str(data), format="ox-nquads")
            print(f"rdflib in-memory store: load {time.perf_counter() - started:.1f} s "
                  "(through oxrdflib's ox-nquads parser)")  # fmt: skip
            rdflib_run = _rdflib_run(dataset)
            # Each query runs in a forked child; left to the garbage collector, rdflib's
            # millions of objects would be walked (and their pages copied) in every child,
            # which slowed the default store's figures up to 2.4 times.
            gc.freeze()

        memory_run = None
        if not args.no_memory:
            started = time.perf_counter()
            memory = pyoxigraph.Store()
            memory.bulk_load(path=str(data), format=pyoxigraph.RdfFormat.N_QUADS)
            print(f"Oxigraph in-memory store: load {time.perf_counter() - started:.1f} s")
            memory_run = _memory_run(memory)

        print(f"\nmedian of {args.runs} warm runs; cap {args.cap:g} s per query and store\n")
        header = f"{'query':<52} {'rows':>7} {'default store':>14} {'per row':>9}"
        if memory_run is not None:
            header += f" {'ox memory':>10}"
        if rdflib_run is not None:
            header += f" {'rdflib memory':>14} {'ratio':>8}"
        print(header)
        print("-" * len(header))
        ox_run = _ox_run(path)
        for label, text in cases:
            ox_seconds, rows = measure(ox_run, text, args.runs, args.cap)
            line = f"{label[:52]:<52} {rows:>7,} {_fmt(ox_seconds, args.cap):>14}"
            per_row = f"{ox_seconds / rows * 1e6:,.0f} µs" if ox_seconds and rows else "–"
            line += f" {per_row:>9}"
            if memory_run is not None:
                memory_seconds, _ = measure(memory_run, text, args.runs, args.cap)
                line += f" {_fmt(memory_seconds, args.cap):>10}"
            if rdflib_run is not None:
                rdf_seconds, _ = measure(rdflib_run, text, args.runs, args.cap)
                if ox_seconds is None:
                    ratio = "?"
                elif rdf_seconds is None:
                    ratio = f"> {args.cap / ox_seconds:,.0f}x"
                else:
                    ratio = f"{rdf_seconds / ox_seconds:,.0f}x"
                line += f" {_fmt(rdf_seconds, args.cap):>14} {ratio:>8}"
            print(line, flush=True)
        load_after = os.getloadavg()[0]
        print(f"\nload average at the end: {load_after:.1f} (other work on the machine slows "
              "every figure)")  # fmt: skip


if __name__ == "__main__":
    main()
