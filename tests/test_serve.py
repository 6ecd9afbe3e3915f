"""``kg serve`` with SPARQLWrapper as the client, as an analyst's script would use it.

Each server is the real command in its own process on a free port (``--port 0``), over a
store built from the seeds, and is stopped with SIGTERM at the end.
"""

from __future__ import annotations

import re
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import rdflib

SPARQLWrapper = pytest.importorskip("SPARQLWrapper")

# SPARQLWrapper and rdflib's JSON-LD parser call rdflib's deprecated ConjunctiveGraph.
pytestmark = pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
PARTNERS = """
SELECT ?name WHERE {
  ?lc rdfs:label "Lào Cai"@vi ; a kg:Province .
  ?partner kg:signedMoUWith ?lc ; rdfs:label ?name .
}"""


def kg(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kg", *args], cwd=ROOT, capture_output=True, text=True, timeout=300
    )


@dataclass
class Served:
    url: str
    store: Path
    process: subprocess.Popen[str]
    banner: str


def serve(store: Path, *options: str) -> Served:
    process = subprocess.Popen(
        [sys.executable, "-m", "kg", "serve", "--port", "0", "--store", str(store), *options],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    lines: list[str] = []

    def read() -> None:
        assert process.stderr is not None
        for line in process.stderr:
            lines.append(line)
            if "serving" in line:
                return

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    reader.join(60)
    found = re.search(r"http://\S+/query", "".join(lines))
    if found is None:
        process.kill()
        pytest.fail(f"kg serve did not start: {''.join(lines)!r}")
    return Served(found.group(0), store, process, "".join(lines))


def stop(served: Served) -> None:
    served.process.send_signal(signal.SIGTERM)
    try:
        served.process.wait(30)
    except subprocess.TimeoutExpired:
        served.process.kill()
        served.process.wait()


def built_store(root: Path) -> Path:
    store = root / "store"
    done = kg("build", str(SEEDS), "--store", str(store), "--no-progress")
    assert done.returncode == 0, done.stderr
    return store


@pytest.fixture(scope="module")
def read_only(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    served = serve(built_store(tmp_path_factory.mktemp("serve")))
    yield served
    stop(served)


def client(url: str, query: str, fmt: str | None = None) -> object:
    sparql = SPARQLWrapper.SPARQLWrapper(url)
    sparql.setQuery(query)
    if fmt is not None:
        sparql.setReturnFormat(fmt)
    return sparql.queryAndConvert()


def test_says_where_and_what(read_only: Served) -> None:
    assert read_only.url.startswith("http://127.0.0.1:")
    assert "read-only" in read_only.banner and "30 s" in read_only.banner


def test_select_as_json(read_only: Served) -> None:
    result = client(read_only.url, PARTNERS, SPARQLWrapper.JSON)
    assert isinstance(result, dict)
    assert [b["name"] for b in result["results"]["bindings"]] == [
        {"type": "literal", "value": "Thái Bình", "xml:lang": "vi"}
    ]


def test_select_as_xml_the_default(read_only: Served) -> None:
    document = client(read_only.url, PARTNERS)  # SPARQLWrapper asks for XML by default
    values = [node.firstChild.data for node in document.getElementsByTagName("literal")]  # type: ignore[attr-defined]
    assert values == ["Thái Bình"]


@pytest.mark.parametrize("fmt", ["TURTLE", "XML", "JSONLD", "N3"])
def test_construct_as_rdf(read_only: Served, fmt: str) -> None:
    query = "CONSTRUCT { ?a kg:signedMoUWith ?b } WHERE { ?a kg:signedMoUWith ?b }"
    graph = client(read_only.url, query, getattr(SPARQLWrapper, fmt))
    if not isinstance(graph, rdflib.Graph):
        graph = rdflib.Graph().parse(data=graph, format="turtle")
    assert len(graph) == 8


def test_ask_and_csv(read_only: Served) -> None:
    assert client(read_only.url, "ASK { ?e a kg:Twinning }", SPARQLWrapper.JSON)["boolean"]  # type: ignore[index]
    text = client(read_only.url, PARTNERS, SPARQLWrapper.CSV)
    assert text == b"name\r\nTh\xc3\xa1i B\xc3\xacnh\r\n"


def test_updates_are_refused(read_only: Served) -> None:
    sparql = SPARQLWrapper.SPARQLWrapper(read_only.url, updateEndpoint=read_only.url.replace(
        "/query", "/update"))  # fmt: skip
    sparql.setMethod(SPARQLWrapper.POST)
    sparql.setQuery("CLEAR ALL")
    with pytest.raises(urllib.error.HTTPError) as caught:
        sparql.query()
    assert caught.value.code == 403
    assert client(read_only.url, "ASK { ?s ?p ?o }", SPARQLWrapper.JSON)["boolean"]  # type: ignore[index]


def test_a_syntax_error_says_where(read_only: Served) -> None:
    with pytest.raises(SPARQLWrapper.SPARQLExceptions.QueryBadFormed, match="line 2, column"):
        client(read_only.url, "SELECT ?x WHERE {\n ?x ?y }", SPARQLWrapper.JSON)


def test_a_page_for_browsers(read_only: Served) -> None:
    base = read_only.url.rsplit("/", 1)[0]
    with urllib.request.urlopen(f"{base}/", timeout=30) as page:
        assert "<form" in page.read().decode()


def test_a_build_meanwhile_shows_up(tmp_path: Path) -> None:
    store = built_store(tmp_path)
    served = serve(store)
    try:
        article = tmp_path / "new.txt"
        article.write_text(
            "Ngày 2/3/2021, tỉnh Lào Cai và tỉnh Hủa Phăn đã ký kết Biên bản ghi nhớ hợp tác.\n",
            encoding="utf-8",
        )
        done = kg("build", str(article), "--store", str(store), "--no-progress")
        assert done.returncode == 0, done.stderr  # the server does not hold the store
        ask = 'ASK { ?p rdfs:label "Hủa Phăn"@vi ; kg:signedMoUWith ?q }'
        deadline = time.monotonic() + 60
        while not client(served.url, ask, SPARQLWrapper.JSON)["boolean"]:  # type: ignore[index]
            assert time.monotonic() < deadline, "the new article never showed up"
            time.sleep(0.5)
    finally:
        stop(served)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["new.txt", "store"]  # no snapshot left


def test_writable_takes_updates_and_builds(tmp_path: Path) -> None:
    store = built_store(tmp_path)
    served = serve(store, "--writable")
    try:
        assert "updates at /update" in served.banner
        sparql = SPARQLWrapper.SPARQLWrapper(served.url, updateEndpoint=served.url.replace(
            "/query", "/update"))  # fmt: skip
        sparql.setMethod(SPARQLWrapper.POST)
        sparql.setQuery('INSERT DATA { GRAPH <https://example.org/g> { <https://example.org/x> '
                        'rdfs:label "thử"@vi } }')  # fmt: skip
        sparql.query()
        assert client(served.url, 'ASK { ?x rdfs:label "thử"@vi }', SPARQLWrapper.JSON)["boolean"]  # type: ignore[index]
        # Another analyst builds through the server.
        article = tmp_path / "new.txt"
        article.write_text(
            "Ngày 2/3/2021, tỉnh Lào Cai và tỉnh Hủa Phăn đã ký kết Biên bản ghi nhớ hợp tác.\n",
            encoding="utf-8",
        )
        done = kg("build", str(article), "--store", served.url, "--no-progress")
        assert done.returncode == 0 and "1 stored" in done.stderr, done.stderr
        ask = 'ASK { ?p rdfs:label "Hủa Phăn"@vi ; kg:signedMoUWith ?q }'
        assert client(served.url, ask, SPARQLWrapper.JSON)["boolean"]  # type: ignore[index]
    finally:
        stop(served)
