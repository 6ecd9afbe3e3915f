"""Writing articles to a shared SPARQL server: ``kg build --store http://...`` against
``oxigraph serve``, and the article writes alone.

    python benchmarks/corpus_gen.py -n 200 --out /tmp/c.jsonl.gz --gold /tmp/g.jsonl
    python benchmarks/remote_write_bench.py /tmp/c.jsonl.gz --runs 3

Starts ``oxigraph serve`` on a free localhost port with a fresh data directory for each
run, times ``kg build CORPUS --store URL`` (extraction included: a remote store has no fact
cache between runs), then reads every article graph back and times writing them all into
a fresh server, twice: by the bare update kg sent before it checked its writes, and
through ``RemoteStore.replace_article`` (the update, then reading back the graph's size and
version marks). Median of ``--runs``. Prints; no asserts.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections import defaultdict
from pathlib import Path

import pyoxigraph as ox

from kg.model import Article
from kg.store.backend import _replace_update
from kg.store.iris import article_graph
from kg.store.remote import RemoteStore

ROOT = Path(__file__).resolve().parents[1]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _serve(data: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    oxigraph = Path(sys.executable).parent / "oxigraph"
    process = subprocess.Popen(
        [str(oxigraph), "serve", "--location", str(data), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/query?query=ASK%7B%7D", timeout=2):
                return process, url
        except (urllib.error.URLError, OSError):
            time.sleep(0.2)
    process.kill()
    raise SystemExit("oxigraph serve did not start")


def _graphs(store: RemoteStore) -> list[tuple[Article, list[ox.Quad]]]:
    rows = store.query("SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }").rows
    quads: dict[str, list[ox.Quad]] = defaultdict(list)
    ids: dict[str, str] = {}
    for g, s, p, o in rows:
        quad = ox.Quad(s, p, o, g)  # type: ignore[arg-type]
        quads[str(g)].append(quad)
        if isinstance(p, ox.NamedNode) and p.value.endswith("#articleId"):
            ids[str(g)] = str(getattr(o, "value", o))
    return [(Article(ids[g], "", ids[g], ""), found) for g, found in quads.items() if g in ids]


def _build(corpus: Path) -> tuple[float, list[tuple[Article, list[ox.Quad]]]]:
    """Seconds ``kg build`` takes on a fresh server, and the article graphs it wrote."""
    with tempfile.TemporaryDirectory(prefix="kg-remote-bench-") as tmp:
        process, url = _serve(Path(tmp) / "data")
        try:
            start = time.perf_counter()
            done = subprocess.run(
                [sys.executable, "-m", "kg", "build", str(corpus), "--store", url,
                 "--no-progress"],
                cwd=ROOT, capture_output=True, text=True, check=False,
            )  # fmt: skip
            build = time.perf_counter() - start
            if done.returncode != 0:
                raise SystemExit(done.stderr)
            return build, _graphs(RemoteStore.open(url))
        finally:
            process.terminate()
            process.wait(10)


def _write(graphs: list[tuple[Article, list[ox.Quad]]], checked: bool) -> float:
    """Seconds to write every graph into a fresh server: by bare updates (kg before it
    checked its writes) or through ``replace_article``."""
    with tempfile.TemporaryDirectory(prefix="kg-remote-bench-") as tmp:
        process, url = _serve(Path(tmp) / "data")
        try:
            store = RemoteStore.open(url)
            start = time.perf_counter()
            for article, quads in graphs:
                if checked:
                    store.replace_article(article, quads)
                else:
                    store.update(_replace_update(article_graph(article.id), quads))
            return time.perf_counter() - start
        finally:
            process.terminate()
            process.wait(10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print(f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}")
    builds, bare, checked = [], [], []
    for run in range(args.runs):
        build, graphs = _build(args.corpus)
        builds.append(build)
        for check in (run % 2 == 0, run % 2 == 1):  # alternate which goes first
            (checked if check else bare).append(_write(graphs, check))
        print(f"  build {build:.2f} s; {len(graphs)} article graphs "
              f"({sum(len(q) for _, q in graphs)} quads) written to a fresh server: "
              f"bare updates {bare[-1]:.2f} s, replace_article {checked[-1]:.2f} s")  # fmt: skip

    def each(times: list[float]) -> str:
        return f"{1000 * statistics.median(times) / max(len(graphs), 1):.1f} ms an article"

    print(f"kg build, {len(graphs)} articles: {statistics.median(builds):.2f} s "
          f"(median of {args.runs})")  # fmt: skip
    print(f"bare update: {each(bare)}; replace_article: {each(checked)}")
    print(f"load average after: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
