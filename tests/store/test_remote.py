"""``--store URL``: kg build, query, rank, stats, remove and export against a real SPARQL server.

The server is Oxigraph's (PyPI ``oxigraph``, ``oxigraph serve``), started by the test on a
free localhost port with its own data directory and stopped at the end; every command runs
for real, in its own process, and its answers are compared with the embedded store's.
"""

from __future__ import annotations

import dataclasses
import json
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.errors import QueryError, StoreError
from kg.model import Article, Fact, Place
from kg.store import remote
from kg.store.backend import _replace_update
from kg.store.iris import article_graph, article_iri
from kg.store.rdf import article_quads
from kg.store.remote import Endpoints, RemoteStore

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
ARTICLE = "001_18231fda04807153.txt"
NOW = datetime(2025, 1, 2, 3, 4, 5, tzinfo=UTC)
ROUNDS = 15


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


def _versions(
    article: Article, places: dict[str, Place], make_mou: Callable[..., Fact], name: str
) -> list[list[ox.Quad]]:
    """What analyst ``name``'s successive builds write for the shared article, as
    ``kg build`` writes it: their own edit (content hash), the extractor, the facts, the time."""
    edited = dataclasses.replace(
        article, id="shared.txt", text=f"{article.text} ({name})", content_hash=f"sha256:{name}"
    )
    first = 2000 if name == "a" else 2010
    facts = [make_mou(edited.id, date=f"{first + i}-03-05", period=None) for i in range(5)]
    clock = NOW if name == "a" else NOW + timedelta(hours=1)
    return [
        article_quads(edited, facts, places, "test", now=clock + timedelta(seconds=write))
        for write in range(ROUNDS)
    ]


def _triples(store: RemoteStore, article_id: str) -> set[str]:
    graph = article_graph(article_id)
    rows = store.query(f"SELECT ?s ?p ?o WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}").rows
    return {" ".join(str(term) for term in row) for row in rows}


def _as_triples(quads: list[ox.Quad]) -> set[str]:
    return {f"{q.subject} {q.predicate} {q.object}" for q in quads}


def _rounds(
    server: str, write: dict[str, Callable[[RemoteStore, list[ox.Quad]], None]],
    versions: dict[str, list[list[ox.Quad]]], article_id: str,
) -> list[tuple[set[str], str | None]]:  # fmt: skip
    """Each writer writes its next version at the same moment as the other, ROUNDS times;
    after each round: the triples of the article graph and the hash the store reports."""
    reader = RemoteStore.open(server)
    after: list[tuple[set[str], str | None]] = []
    start = threading.Barrier(2)

    def look() -> None:
        after.append((_triples(reader, article_id), reader.article_hash(article_id)))

    done = threading.Barrier(2, action=look)
    errors: list[BaseException] = []

    def writer(name: str) -> None:
        try:
            store = RemoteStore.open(server)
            for quads in versions[name]:
                start.wait(60)
                write[name](store, quads)
                done.wait(60)
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=writer, args=(name,)) for name in write]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert not errors
    assert len(after) == ROUNDS
    return after


def test_writers_at_once_leave_one_whole_version(
    server: str, article: Article, places: dict[str, Place], make_mou: Callable[..., Fact]
) -> None:
    # Two analysts rebuild the same article, each from their own edit of it, at the same
    # time, again and again; after each round the graph holds one of the two, whole.
    versions = {name: _versions(article, places, make_mou, name) for name in ("a", "b")}
    whole = [_as_triples(quads) for written in versions.values() for quads in written]
    shared = dataclasses.replace(article, id="shared.txt")

    def replace(store: RemoteStore, quads: list[ox.Quad]) -> None:
        store.replace_article(shared, quads)

    after = _rounds(server, {"a": replace, "b": replace}, versions, shared.id)
    mixed = [number for number, (found, _) in enumerate(after, 1) if found not in whole]
    assert not mixed, f"rounds leaving a mix: {mixed}"
    assert all(found_hash in ("sha256:a", "sha256:b") for _, found_hash in after)
    store = RemoteStore.open(server)
    assert store.remove_article(shared.id) and not store.remove_article(shared.id)


def test_a_writer_killed_before_its_check_leaves_a_mix_the_next_build_replaces(
    server: str, article: Article, places: dict[str, Place], make_mou: Callable[..., Fact]
) -> None:
    # Writer b is killed after each update, before it reads the graph back (it only
    # updates, as kg did before the check). Whatever it leaves is one whole version or a
    # mix the store reports as not stored (no hash), so that the next build replaces it.
    versions = {name: _versions(article, places, make_mou, name) for name in ("a", "b")}
    whole = [_as_triples(quads) for written in versions.values() for quads in written]
    shared = dataclasses.replace(article, id="shared.txt")
    graph = article_graph(shared.id)

    def replace(store: RemoteStore, quads: list[ox.Quad]) -> None:
        store.replace_article(shared, quads)

    def killed(store: RemoteStore, quads: list[ox.Quad]) -> None:
        store.update(_replace_update(graph, quads))

    after = _rounds(server, {"a": replace, "b": killed}, versions, shared.id)
    for number, (found, found_hash) in enumerate(after, 1):
        assert found in whole or found_hash is None, f"round {number}: an unnoticed mix"
    store = RemoteStore.open(server)
    store.replace_article(shared, versions["a"][0])
    assert _triples(store, shared.id) == _as_triples(versions["a"][0])
    assert store.remove_article(shared.id)


class _Interleaved(RemoteStore):
    """A writer between whose updates and checks another writer runs ``other``: always, or
    only after the first update (``once``). ``updates`` counts this writer's own."""

    def __init__(self, url: str, other: Callable[[RemoteStore], None], *, once: bool) -> None:
        super().__init__(Endpoints.from_url(url))
        self.other, self.once, self.updates = other, once, 0

    def update(self, sparql: str) -> None:
        super().update(sparql)
        self.updates += 1
        if self.updates == 1 or not self.once:
            self.other(RemoteStore.open(self.endpoints.query))


def _insert(quads: list[ox.Quad]) -> Callable[[RemoteStore], None]:
    """Another writer whose version lands beside ours: what two updates at once leave."""
    body = " ".join(f"{q.subject} {q.predicate} {q.object} ." for q in quads)
    graph = quads[0].graph_name
    return lambda store: store.update(f"INSERT DATA {{ GRAPH {graph} {{ {body} }} }}")


def test_a_writer_that_sees_its_version_mixed_writes_it_again(
    server: str, article: Article, places: dict[str, Place], make_mou: Callable[..., Fact]
) -> None:
    mine, theirs = (_versions(article, places, make_mou, name)[0] for name in ("a", "b"))
    shared = dataclasses.replace(article, id="shared.txt")
    store = _Interleaved(server, _insert(theirs), once=True)
    store.replace_article(shared, mine)
    assert store.updates == 2
    assert _triples(store, shared.id) == _as_triples(mine)
    assert store.remove_article(shared.id)


def test_a_writer_leaves_a_later_writers_whole_version(
    server: str, article: Article, places: dict[str, Place], make_mou: Callable[..., Fact]
) -> None:
    mine, theirs = (_versions(article, places, make_mou, name)[0] for name in ("a", "b"))
    shared = dataclasses.replace(article, id="shared.txt")
    replace = _replace_update(article_graph(shared.id), theirs)
    store = _Interleaved(server, lambda other: other.update(replace), once=True)
    store.replace_article(shared, mine)
    assert store.updates == 1  # no livelock between writers one after the other
    assert _triples(store, shared.id) == _as_triples(theirs)
    assert store.remove_article(shared.id)


def test_a_writer_mixed_every_time_gives_up_naming_the_article(
    server: str, article: Article, places: dict[str, Place], make_mou: Callable[..., Fact],
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    monkeypatch.setattr(remote, "BACKOFF", 0.0)
    mine, theirs = (_versions(article, places, make_mou, name)[0] for name in ("a", "b"))
    shared = dataclasses.replace(article, id="shared.txt")
    store = _Interleaved(server, _insert(theirs), once=False)
    with pytest.raises(StoreError, match="shared.txt: other writers replaced this article"):
        store.replace_article(shared, mine)
    assert store.updates == remote.WRITE_TRIES
    assert store.article_hash(shared.id) is None  # a mix: the next build writes it again
    assert store.remove_article(shared.id)


def test_the_next_build_replaces_a_mixed_article(built: tuple[str, str]) -> None:
    seed = "002_53d8a17f67a380ee.txt"
    store = RemoteStore.open(built[0])
    graph, iri = article_graph(seed), article_iri(seed)
    # What a writer killed before its check can leave: its version beside another's.
    store.update(f'INSERT DATA {{ GRAPH <{graph}> {{ <{iri}> kg:contentHash "sha256:other" }} }}')
    assert store.article_hash(seed) is None
    done = kg("build", str(SEEDS / seed), "--store", built[0], "--no-progress")
    assert done.returncode == 0 and "1 stored" in done.stderr, done.stderr
    assert store.article_hash(seed) not in (None, "sha256:other")


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
