"""``--store URL``: kg build, query, rank, stats, remove and export against a real SPARQL server.

The server is Oxigraph's (PyPI ``oxigraph``, ``oxigraph serve``), started by the test on a
free localhost port with its own data directory and stopped at the end; every command runs
for real, in its own process, and its answers are compared with the embedded store's.
"""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.errors import QueryError, StoreError
from kg.model import Article
from kg.store.iris import article_graph
from kg.store.remote import Endpoints, RemoteStore

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
ARTICLE = "001_18231fda04807153.txt"


def oxigraph() -> str:
    found = shutil.which("oxigraph") or shutil.which(
        "oxigraph", path=str(Path(sys.executable).parent)
    )
    if found is None:
        pytest.skip("the oxigraph server is not installed (pip install '.[test]')")
    return found


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def kg(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kg", *args], cwd=ROOT, capture_output=True, text=True, timeout=300
    )


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The URL of a fresh Oxigraph server; stopped (and its data deleted) afterwards."""
    data = tmp_path_factory.mktemp("oxigraph")
    port = free_port()
    process = subprocess.Popen(
        [oxigraph(), "serve", "--location", str(data), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"{url}/query?query=ASK%7B%7D", timeout=2):
                    break
            except (urllib.error.URLError, OSError):
                if time.monotonic() > deadline or process.poll() is not None:
                    pytest.fail("oxigraph serve did not start")
                time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="module")
def built(server: str, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str]:
    """The seeds built both on the server and in an embedded store: (url, directory)."""
    local = str(tmp_path_factory.mktemp("local") / "store")
    for store in (server, local):
        done = kg("build", str(SEEDS), "--store", store, "--no-progress")
        assert done.returncode == 0, done.stderr
    return server, local


def test_a_rebuild_does_nothing(built: tuple[str, str]) -> None:
    done = kg("build", str(SEEDS), "--store", built[0], "--no-progress")
    assert done.returncode == 0 and "0 stored, 5 unchanged" in done.stderr


@pytest.mark.parametrize(
    "args",
    [
        ("query", "--name", "partners-of", "--param", "place=Lào Cai", "--format", "csv"),
        ("query", "--name", "active-localities", "--format", "json"),
        ("query", "SELECT ?n WHERE { ?p kg:signedMoUWith ?q ; rdfs:label ?n } ORDER BY ?n"),
        ("rank", "--measure", "degree", "--format", "csv"),
        ("rank", "--measure", "betweenness", "--top", "3"),
    ],
)
def test_the_server_answers_as_the_embedded_store(
    built: tuple[str, str], args: tuple[str, ...]
) -> None:
    remote, local = (kg(*args, "--store", store) for store in built)
    assert remote.returncode == 0, remote.stderr
    assert remote.stdout == local.stdout and remote.stdout.strip()


def test_stats(built: tuple[str, str]) -> None:
    remote, local = (
        json.loads(kg("stats", "--format", "json", "--store", s).stdout) for s in built
    )
    assert remote.pop("location") == f"{built[0]}/query"
    local.pop("location")
    assert remote == local


def test_export_keeps_the_article_graphs(built: tuple[str, str]) -> None:
    done = kg("export", "--format", "nquads", "--store", built[0])
    graphs = {
        quad.graph_name for quad in ox.parse(done.stdout.encode(), format=ox.RdfFormat.N_QUADS)
    }
    assert len(graphs) == 5


def test_errors_are_one_line(built: tuple[str, str], tmp_path: Path) -> None:
    done = kg("query", "SELECT ?x WHERE {\n ?x ?y }", "--store", built[0])
    assert done.returncode == 1 and "line 2, column" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    done = kg("query", "DROP ALL", "--store", built[0])
    assert done.returncode == 1 and "--update" in done.stderr
    gone = f"http://127.0.0.1:{free_port()}/query"
    done = kg("query", "ASK {}", "--store", gone)
    assert done.returncode == 1 and "cannot reach the SPARQL endpoint" in done.stderr


def test_timeout(built: tuple[str, str]) -> None:
    store = RemoteStore.open(built[0])
    with pytest.raises(QueryError, match="timed out"):
        store.query("SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }", timeout=0.5)


@pytest.mark.xfail(
    strict=False,
    reason="known issue: two concurrent DROP+INSERT updates on an Oxigraph server can both "
    "commit under snapshot isolation and leave the union of both versions (fails ~1 run in 3)",
)
def test_writers_at_once_leave_one_whole_version(server: str) -> None:
    # Two analysts rebuild the same article at the same time, over and over.
    article = Article("shared.txt", "x", "shared.txt", "h0")
    graph, p = ox.NamedNode(article_graph(article.id)), ox.NamedNode("https://example.org/p")
    versions = {
        name: [
            ox.Quad(ox.NamedNode(f"https://example.org/{name}/{i}"), p, ox.Literal(str(i)), graph)
            for i in range(200)
        ]
        for name in ("a", "b")
    }
    errors: list[BaseException] = []

    def write(name: str) -> None:
        try:
            store = RemoteStore.open(server)
            for _ in range(15):
                store.replace_article(article, versions[name])
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=write, args=(name,)) for name in versions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert not errors
    store = RemoteStore.open(server)
    graph = article_graph(article.id)
    found = {
        str(r[0]) for r in store.query(f"SELECT ?s WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}").rows
    }
    assert found in ({str(q.subject) for q in v} for v in versions.values())
    assert store.remove_article(article.id) and not store.remove_article(article.id)


def test_remove(built: tuple[str, str]) -> None:
    done = kg("remove", ARTICLE, "--store", built[0])
    assert done.returncode == 0, done.stderr
    done = kg("query", "--name", "article-facts", "--param", f"article={ARTICLE}", "--format",
              "csv", "--store", built[0])  # fmt: skip
    assert done.stdout.count("\n") == 1  # the header only
    done = kg("remove", ARTICLE, "--store", built[0])
    assert done.returncode == 1 and "not in the store" in done.stderr


def test_endpoints_of_known_servers() -> None:
    assert Endpoints.from_url("http://h:3030/ds/query").update == "http://h:3030/ds/update"
    assert Endpoints.from_url("http://h:8890/sparql").update == "http://h:8890/sparql"
    assert Endpoints.from_url("http://h:3030/ds", "http://h/u").update == "http://h/u"


def test_credentials_stay_out_of_messages() -> None:
    url = f"http://analyst:s3cret@127.0.0.1:{free_port()}/query"
    with pytest.raises(StoreError) as caught:
        RemoteStore.open(url)
    assert "s3cret" not in str(caught.value)
