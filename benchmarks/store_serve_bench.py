"""Named queries over HTTP: ``kg serve`` beside ``oxigraph serve-read-only`` on the same store.

    python benchmarks/store_serve_bench.py --quads 1000000

Builds a synthetic store (``store_data.py``), starts both servers on free localhost ports
and times each named query through the SPARQL 1.1 Protocol (JSON results), median of
``--runs`` warm runs. Prints; no asserts. What it shows is the cost of the HTTP layer and
of serialising results, which is what decides how ``kg serve`` is built.
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from store_bench import _cases, _parameters  # noqa: E402
from store_data import write_nquads  # noqa: E402

from kg.ns import sparql_prologue  # noqa: E402
from kg.store.backend import Store  # noqa: E402


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait(url: str) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}?query=ASK%7B%7D", timeout=2):
                return
        except (urllib.error.URLError, OSError):
            time.sleep(0.2)
    raise SystemExit(f"{url} did not start")


def _ask(url: str, text: str, timeout: float) -> float | None:
    data = urllib.parse.urlencode({"query": text}).encode()
    request = urllib.request.Request(
        url, data=data, headers={"Accept": "application/sparql-results+json"}
    )
    start = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            response.read()
    except (urllib.error.URLError, OSError):
        return None
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quads", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--cap", type=float, default=30.0)
    args = parser.parse_args()
    oxigraph = Path(sys.executable).parent / "oxigraph"
    print(f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}")
    with tempfile.TemporaryDirectory(prefix="kg-serve-bench-") as tmp:
        data, path = Path(tmp) / "data.nq", Path(tmp) / "store"
        with data.open("wb") as out:
            write_nquads(args.quads, out)
        with Store.open(path) as store:
            store.bulk_load(data)
            store.flush()
        cases = _cases(_parameters(path))
        kg_port, ox_port, cap = _free_port(), _free_port(), int(args.cap)
        servers = {
            "kg serve": (
                [sys.executable, "-m", "kg", "serve", "--store", str(path), "--port", str(kg_port),
                 "--timeout", str(args.cap), "--max-rows", "1000000"],
                f"http://127.0.0.1:{kg_port}/query", "",
            ),
            "oxigraph serve-read-only": (
                [str(oxigraph), "serve-read-only", "--location", str(path), "--bind",
                 f"127.0.0.1:{ox_port}", "--union-default-graph", "--timeout-s", str(cap)],
                f"http://127.0.0.1:{ox_port}/query", sparql_prologue(),
            ),
        }  # fmt: skip
        processes = []
        try:
            for command, url, _ in servers.values():
                processes.append(
                    subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                )
                _wait(url)
            print(f"{'query':<52} " + " ".join(f"{name:>26}" for name in servers))
            for label, text in cases:
                cells = []
                for _, url, prologue in servers.values():
                    first = _ask(url, prologue + text, args.cap + 5)
                    if first is None or first > args.cap:
                        cells.append(f"{'> cap':>26}")
                        continue
                    times = [_ask(url, prologue + text, args.cap + 5) for _ in range(args.runs)]
                    done = [t for t in times if t is not None]
                    cells.append(f"{statistics.median(done) * 1000:>23,.1f} ms")
                print(f"{label[:52]:<52} " + " ".join(cells), flush=True)
        finally:
            for process in processes:
                process.send_signal(signal.SIGTERM)
                try:
                    process.wait(10)
                except subprocess.TimeoutExpired:
                    process.kill()


if __name__ == "__main__":
    main()
