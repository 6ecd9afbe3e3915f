"""``kg serve`` over the hostile store: local only, read-only, bounded, and it says so.

The server is the real command in its own process (``kg serve --port 0``), stopped with
SIGTERM as a user's Ctrl-C would; the store is compared before and after.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from hostile import Built, kg, live_markup

KG = [sys.executable, "-m", "kg"]
MAX_ROWS = 3
TIMEOUT = 2
# Every triple three times over: far more work than TIMEOUT seconds allow.
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


@dataclass
class Served:
    process: subprocess.Popen[str]
    url: str  # http://127.0.0.1:PORT/query
    banner: str
    store: Path
    before: list[str]

    @property
    def base(self) -> str:
        return self.url.rsplit("/", 1)[0]


def snapshot(store: Path) -> list[str]:
    result = kg("export", "--format", "nquads", "--store", str(store))
    assert result.code == 0, result.err
    return sorted(result.out.splitlines())


def _read_banner(process: subprocess.Popen[str]) -> str:
    assert process.stderr is not None
    lines: list[str] = []

    def read() -> None:
        for line in process.stderr:  # type: ignore[union-attr]
            lines.append(line)
            if "serving" in line:
                return

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    reader.join(60)
    return "".join(lines)


@pytest.fixture(scope="module")
def served(built: Built, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    store = built.copy(tmp_path_factory.mktemp("serve") / "store")
    before = snapshot(store)
    args = ["serve", "--port", "0", "--store", str(store)]
    args += ["--max-rows", str(MAX_ROWS), "--timeout", str(TIMEOUT)]
    process = subprocess.Popen(
        [*KG, *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    try:
        banner = _read_banner(process)
        found = re.search(r"http://[^\s]+/query", banner)
        if found is None:
            pytest.fail(f"kg serve did not start: {banner!r}")
        yield Served(process, found.group(0), banner, store, before)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def stop(served: Served) -> int:
    """Stop the server as Ctrl-C would; its exit code."""
    if served.process.poll() is None:
        served.process.send_signal(signal.SIGTERM)
        try:
            served.process.wait(30)
        except subprocess.TimeoutExpired:
            served.process.kill()
            served.process.wait()
    return served.process.returncode


def request(
    url: str, data: bytes | None = None, headers: dict[str, str] | None = None
) -> tuple[int, str]:
    req = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=60) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


def ask(served: Served, query: str, **params: str) -> tuple[int, str]:
    return request(f"{served.url}?{urllib.parse.urlencode({'query': query, **params})}")


def test_binds_to_localhost_and_says_what_it_allows(served: Served) -> None:
    assert served.url.startswith("http://127.0.0.1:")
    banner = served.banner.lower()
    assert "read-only" in banner
    assert f"{TIMEOUT} s" in banner and f"{MAX_ROWS} results" in banner


def _outside_address() -> str | None:
    """This machine's address on its network, if it has one besides loopback."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("10.255.255.255", 1))  # no packet is sent
            address = str(probe.getsockname()[0])
        except OSError:
            return None
    return None if address.startswith("127.") else address


def test_cannot_be_reached_from_the_network(served: Served) -> None:
    address = _outside_address()
    if address is None:
        pytest.skip("this machine has no network address besides loopback")
    port = int(served.url.rsplit(":", 1)[1].split("/")[0])
    with pytest.raises(OSError), socket.create_connection((address, port), timeout=5):
        pass


def test_answers_queries(served: Served) -> None:
    status, body = ask(served, 'ASK { ?p rdfs:label "Thái Bình"@vi }', format="json")
    assert status == 200 and '"boolean": true' in body


@pytest.mark.parametrize(
    ("path", "data", "kind"),
    [
        ("/update", "update=DROP ALL", "application/x-www-form-urlencoded"),
        ("/update", "CLEAR ALL", "application/sparql-update"),
        ("/query", "update=DROP ALL", "application/x-www-form-urlencoded"),
        ("/query", "DELETE WHERE { GRAPH ?g { ?s ?p ?o } }", "application/sparql-query"),
        ("/sparql", "query=DROP ALL", "application/x-www-form-urlencoded"),
    ],
)
def test_an_update_is_refused_and_the_store_is_unchanged(
    served: Served, path: str, data: str, kind: str
) -> None:
    status, _ = request(served.base + path, data.encode(), {"Content-Type": kind})
    assert 400 <= status < 500
    status, body = ask(served, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", format="csv")
    assert status == 200
    assert int(body.splitlines()[1]) > 0


def test_results_are_capped(served: Served) -> None:
    status, body = ask(served, "SELECT ?s WHERE { ?s ?p ?o }", format="csv")
    assert status == 400 and str(MAX_ROWS) in body
    status, body = ask(served, f"SELECT ?s WHERE {{ ?s ?p ?o }} LIMIT {MAX_ROWS}", format="csv")
    assert status == 200 and len(body.splitlines()) == MAX_ROWS + 1


def test_another_host_name_is_refused(served: Served) -> None:
    # A page on evil.example whose name now points to 127.0.0.1 (DNS rebinding).
    query = urllib.parse.urlencode({"query": "ASK { ?s ?p ?o }"})
    status, _ = request(f"{served.url}?{query}", headers={"Host": "evil.example:80"})
    assert status == 403


def test_the_html_results_page_shows_article_text_as_text(served: Served) -> None:
    query = "SELECT ?t WHERE { ?a dcterms:title ?t } ORDER BY ?t LIMIT 3"
    status, page = ask(served, query, format="html")
    assert status == 200, page
    assert "&lt;script&gt;pwned=1&lt;/script&gt;" in page
    assert live_markup(page) == []


def test_a_query_cannot_make_the_server_call_another_host(served: Served) -> None:
    """SERVICE would let anyone who can query make the server fetch any URL it can reach."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        listener.settimeout(3)
        target = f"http://127.0.0.1:{listener.getsockname()[1]}/sparql"
        status, _ = ask(served, f"SELECT * WHERE {{ SERVICE <{target}> {{ ?s ?p ?o }} }}")
        called = False
        with contextlib.suppress(TimeoutError, socket.timeout):
            connection, _ = listener.accept()
            connection.close()
            called = True
    assert not called
    assert 400 <= status < 500


def test_a_query_is_stopped_after_its_time(served: Served) -> None:
    # Last but one: Oxigraph cannot stop the query, which keeps one worker busy until exit.
    status, body = ask(served, SLOW, format="csv")
    assert status == 503 and "timed out" in body


def test_the_store_is_unchanged_after_the_server_stops(served: Served) -> None:
    for path in ("/update", "/query"):
        request(served.base + path, b"update=DROP ALL")
    assert stop(served) == 0
    assert snapshot(served.store) == served.before


def test_the_server_leaves_no_snapshot_behind(served: Served) -> None:
    if served.process.poll() is None:  # run alone: a query past its time, then stop
        assert ask(served, SLOW, format="csv")[0] == 503
        stop(served)
    assert sorted(os.listdir(served.store.parent)) == ["store"]
