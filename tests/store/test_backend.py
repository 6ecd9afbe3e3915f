"""The persistent store: opening, atomic per-article replacement, queries, records."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.compare import isomorphic

from kg.errors import QueryError, StoreError
from kg.model import Article, Fact, Place
from kg.store import backend
from kg.store.backend import Store
from kg.store.iris import article_graph
from kg.store.rdf import article_quads

MOU_WITH_LAO_CAI = """
SELECT ?partner WHERE {
  ?event a kg:MemorandumSigning ; kg:party ?lao_cai, ?other .
  ?lao_cai rdfs:label "Lào Cai"@vi .
  ?other rdfs:label ?partner .
  FILTER(?other != ?lao_cai)
}"""


def graph_of(store: Store, article_id: str) -> rdflib.Graph:
    rows = store.query(
        f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{article_graph(article_id)}> {{ ?s ?p ?o }} }}"
    )
    data = ox.serialize(list(rows.triples), format=ox.RdfFormat.N_TRIPLES) or b""
    return rdflib.Graph().parse(data=data.decode(), format="nt")


def test_open_creates_and_reopens(tmp_path: Path, article: Article, places: dict[str, Place],
                                  make_mou: Callable[..., Fact]) -> None:  # fmt: skip
    path = tmp_path / "deep" / "kg"
    with Store.open(path) as store:
        store.replace_article(article, article_quads(article, [make_mou()], places, "v"))
    with Store.open(path) as store:
        assert store.article_ids() == [article.id]
        assert store.article_hash(article.id) == article.content_hash
        assert store.article_hash("nope") is None


def test_replace_twice_gives_the_same_graph(
    store: Store, article: Article, places: dict[str, Place], make_mou: Callable[..., Fact],
    now: datetime,
) -> None:  # fmt: skip
    quads = article_quads(article, [make_mou()], places, "v", now=now)
    store.replace_article(article, quads)
    first = graph_of(store, article.id)
    store.replace_article(article, article_quads(article, [make_mou()], places, "v", now=now))
    second = graph_of(store, article.id)
    assert len(first) == len(quads)
    assert isomorphic(first, second)


def test_changed_article_replaces_its_old_facts(
    store: Store, article: Article, places: dict[str, Place], make_mou: Callable[..., Fact],
    make_talks: Callable[..., Fact],
) -> None:  # fmt: skip
    store.replace_article(article, article_quads(article, [make_mou()], places, "v"))
    changed = Article(article.id, "new text", article.source, "sha256:new")
    store.replace_article(changed, article_quads(changed, [make_talks(article.id)], places, "v"))
    assert store.article_hash(article.id) == "sha256:new"
    assert store.query(MOU_WITH_LAO_CAI).rows == ()
    assert store.query("ASK { ?e a kg:Talks }").boolean is True
    assert store.stats()["events"] == 1


def test_other_articles_are_untouched(filled_store: Store, article: Article) -> None:
    before = graph_of(filled_store, "002_ha-noi")
    filled_store.remove_article(article.id)
    assert filled_store.article_ids() == ["002_ha-noi"]
    assert isomorphic(before, graph_of(filled_store, "002_ha-noi"))


def test_failed_replacement_leaves_the_previous_content(
    store: Store, article: Article, places: dict[str, Place], make_mou: Callable[..., Fact],
    make_talks: Callable[..., Fact], monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    store.replace_article(article, article_quads(article, [make_mou()], places, "v"))
    before = graph_of(store, article.id)
    real = backend._replace_update

    def failing_half_way(graph: str, quads: list[ox.Quad]) -> str:
        # DROP and INSERT run, then CREATE fails because the graph exists: all must roll back.
        return real(graph, quads) + f" ;\nCREATE GRAPH <{graph}>"

    monkeypatch.setattr(backend, "_replace_update", failing_half_way)
    with pytest.raises(StoreError, match="update failed"):
        store.replace_article(article, article_quads(article, [make_talks()], places, "v"))
    assert isomorphic(before, graph_of(store, article.id))


def test_quads_of_another_graph_are_refused(
    store: Store, article: Article, places: dict[str, Place], make_mou: Callable[..., Fact]
) -> None:
    other = Article("other", "", "", "h")
    with pytest.raises(ValueError, match="outside the graph"):
        store.replace_article(other, article_quads(article, [make_mou()], places, "v"))


def ntriples(quads: list[ox.Quad]) -> bytes:
    """The article graph as the extraction workers send it."""
    return ox.serialize([q.triple for q in quads], format=ox.RdfFormat.N_TRIPLES) or b""


def test_triples_of_a_new_article_land_in_its_graph(
    store: Store, article: Article, places: dict[str, Place], make_mou: Callable[..., Fact],
    now: datetime,
) -> None:  # fmt: skip
    quads = article_quads(article, [make_mou()], places, "v", now=now)
    store.replace_article_triples(article, ntriples(quads))
    assert store.article_ids() == [article.id]
    assert store.quad_count() == len(quads)
    assert store.query(MOU_WITH_LAO_CAI).rows != ()
    other = Store.open(store.path.parent / "other")
    with other:
        other.replace_article(article, quads)
        assert isomorphic(graph_of(store, article.id), graph_of(other, article.id))


def test_triples_of_a_changed_article_replace_its_graph(
    store: Store, article: Article, places: dict[str, Place], make_mou: Callable[..., Fact],
    make_talks: Callable[..., Fact],
) -> None:  # fmt: skip
    mou = article_quads(article, [make_mou()], places, "v")
    store.replace_article_triples(article, ntriples(mou))
    changed = Article(article.id, "new text", article.source, "sha256:new")
    talks = article_quads(changed, [make_talks(article.id)], places, "v")
    store.replace_article_triples(changed, ntriples(talks))
    assert store.article_hash(article.id) == "sha256:new"
    assert store.query(MOU_WITH_LAO_CAI).rows == ()
    assert store.quad_count() == len(talks)


def test_broken_triples_leave_the_store_as_it_was(
    store: Store, article: Article, places: dict[str, Place], make_mou: Callable[..., Fact]
) -> None:
    good = ntriples(article_quads(article, [make_mou()], places, "v"))
    with pytest.raises(StoreError, match=article.id):
        store.replace_article_triples(article, good + b"<broken")
    assert store.quad_count() == 0 and store.article_ids() == []


def test_which_localities_signed_a_memorandum_with_lao_cai(filled_store: Store) -> None:
    rows = filled_store.query(MOU_WITH_LAO_CAI).rows
    assert [row[0].value for row in rows if row[0] is not None] == ["Pạc Xăn"]


def test_syntax_error_names_line_and_column(store: Store) -> None:
    with pytest.raises(QueryError, match=r"line 2, column \d+") as caught:
        store.query("SELECT ?x\nWHERE { ?x kg:partOf }")
    assert "\n" not in str(caught.value)


def test_unknown_prefix_is_a_query_error(store: Store) -> None:
    with pytest.raises(QueryError):
        store.query("SELECT * WHERE { ?x nope:p ?y }")


def test_timeout_stops_a_long_query(filled_store: Store) -> None:
    # About ten million results: far more than 0.2 s of work, streamed, so it stops.
    endless = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    with pytest.raises(QueryError, match=r"timed out: stopped after 0.2 s"):
        filled_store.query(endless, timeout=0.2)
    assert filled_store.query("ASK { ?e a kg:Talks }", timeout=10).boolean is True


def test_non_store_directory_is_refused_and_left_alone(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine")
    (tmp_path / "sub").mkdir()
    with pytest.raises(StoreError, match="not a kg store") as caught:
        Store.open(tmp_path)
    assert str(tmp_path) in str(caught.value)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt", "sub"]
    assert (tmp_path / "notes.txt").read_text() == "mine"
    assert not any((tmp_path / "sub").iterdir())


def test_a_file_is_not_a_store(tmp_path: Path) -> None:
    (tmp_path / "kg").write_text("x")
    with pytest.raises(StoreError, match="is a file"):
        Store.open(tmp_path / "kg")


def test_store_locked_by_another_process(tmp_path: Path) -> None:
    path = tmp_path / "kg"
    Store.open(path).close()
    holder = textwrap.dedent(f"""
        import sys
        from pathlib import Path
        from kg.store.backend import Store
        store = Store.open(Path({str(path)!r}))
        print("ready", flush=True)
        sys.stdin.read()
        store.close()
    """)
    child = subprocess.Popen(
        [sys.executable, "-c", holder], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
        cwd=Path(__file__).resolve().parents[2],
    )  # fmt: skip
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == "ready"
        with pytest.raises(StoreError, match="locked") as caught:
            Store.open(path)
        assert str(path) in str(caught.value) and "\n" not in str(caught.value)
    finally:
        child.communicate(input="", timeout=30)
    Store.open(path).close()  # free again once the other process is gone


def test_closed_store_says_so(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "kg")
    store.close()
    with pytest.raises(StoreError, match="closed"):
        store.article_ids()
    Store.open(tmp_path / "kg").close()  # and the lock was released


def test_partnership_records(filled_store: Store) -> None:
    records = filled_store.partnership_records()
    assert [(r["relation"], r["a"], r["b"]) for r in records] == sorted(
        [("signed_mou", "la/bolikhamxai/pakxan", "vn/lao-cai"),
         ("held_talks", "la/bolikhamxai", "vn/ha-noi")],
        key=lambda t: next(r["event"] for r in records if r["relation"] == t[0]),
    )  # fmt: skip
    mou = next(r for r in records if r["relation"] == "signed_mou")
    assert mou == mou | {
        "a_label": "Pạc Xăn", "a_kind": "foreign_district", "a_country": "LA",
        "a_parent_label": "Bolikhamxai", "a_body": "Chính quyền huyện Pạc Xăn",
        "b_label": "Lào Cai", "b_kind": "province", "b_country": "VN",
        "b_parent_label": "Việt Nam", "b_body": "UBND tỉnh Lào Cai",
        "date": "2024-03-05", "year": 2024, "period": "2023-2025",
        "article_id": "001_lao-cai", "source": "seeds/001_lao-cai.txt",
        "title": "Lào Cai ký kết hợp tác với Pạc Xăn",
    }  # fmt: skip
    assert list(mou) == list(backend.RECORD_KEYS)
    talks = next(r for r in records if r["relation"] == "held_talks")
    assert talks["year"] == 2023 and talks["date"] is None and talks["a_body"] is None


def test_stats(filled_store: Store) -> None:
    stats = filled_store.stats()
    assert stats["articles"] == 2
    assert stats["events"] == 2
    assert stats["events_by_relation"]["signed_mou"] == 1
    assert stats["events_by_relation"]["twinned"] == 0
    assert stats["localities"] == 4
    assert stats["places"] == 7


def test_id_prefix_is_predeclared(filled_store: Store) -> None:
    rows = filled_store.query(r"SELECT ?l WHERE { id:place\/vn\/lao-cai rdfs:label ?l }").rows
    assert [r[0].value for r in rows if r[0] is not None] == ["Lào Cai"]


# ---------------------------------------------------------------------------- opening safely


def listing(path: Path) -> dict[str, tuple[int, int, bytes]]:
    """Every file under ``path`` with its size, modification time and content."""
    return {
        str(p.relative_to(path)): (p.stat().st_size, p.stat().st_mtime_ns, p.read_bytes())
        for p in sorted(path.rglob("*"))
        if p.is_file()
    }


def test_a_new_store_says_what_wrote_it(tmp_path: Path) -> None:
    Store.open(tmp_path / "kg").close()
    marker = json.loads((tmp_path / "kg" / backend.MARKER).read_text())
    assert marker["format"] == backend.FORMAT and marker["oxigraph"] == ox.__version__


@pytest.mark.parametrize(
    ("marker", "message"),
    [
        ({"format": backend.FORMAT + 1}, "written by a newer kg"),
        ({"format": backend.FORMAT, "oxigraph": "9.9.0"}, "Oxigraph 9.9.0, newer"),
        ({"format": "two"}, "written by a newer kg"),
    ],
)
def test_a_store_of_a_newer_format_is_refused_and_untouched(
    tmp_path: Path, marker: dict[str, object], message: str
) -> None:
    path = tmp_path / "kg"
    Store.open(path).close()
    (path / backend.MARKER).write_text(json.dumps(marker))
    before = listing(path)
    with pytest.raises(StoreError, match=message) as caught:
        Store.open(path)
    assert "\n" not in str(caught.value) and str(path) in str(caught.value)
    assert listing(path) == before


def test_a_locked_store_is_left_untouched(tmp_path: Path) -> None:
    # RocksDB would rotate its info log before finding the lock taken: kg looks first.
    path = tmp_path / "kg"
    Store.open(path).close()
    holder = textwrap.dedent(f"""
        import sys
        from kg.store.backend import Store
        store = Store.open({str(path)!r})
        print("ready", flush=True)
        sys.stdin.read()
    """)
    child = subprocess.Popen(
        [sys.executable, "-c", holder], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == "ready"
        before = listing(path)
        with pytest.raises(StoreError, match=rf"locked by another process \(pid {child.pid}"):
            Store.open(path, wait=0.3)
        assert listing(path) == before
    finally:
        child.communicate(input="", timeout=30)


def test_opening_twice_in_one_process_is_refused(tmp_path: Path) -> None:
    with Store.open(tmp_path / "kg"), pytest.raises(StoreError, match="already open"):
        Store.open(tmp_path / "kg")


def test_a_read_only_snapshot(filled_store: Store, tmp_path: Path) -> None:
    filled_store.backup(tmp_path / "copy")
    with Store.open(tmp_path / "copy", read_only=True) as copy:
        assert copy.article_ids() == filled_store.article_ids()
        with pytest.raises(StoreError, match="update failed"):
            copy.remove_article("002_ha-noi")


# ---------------------------------------------------------------------------- using it


def test_remove_article_says_whether_there_was_one(filled_store: Store) -> None:
    assert filled_store.remove_article("002_ha-noi") is True
    assert filled_store.remove_article("002_ha-noi") is False
    assert filled_store.article_ids() == ["001_lao-cai"]


def test_results_past_max_rows_are_refused(filled_store: Store) -> None:
    with pytest.raises(QueryError, match="more than 3 results"):
        filled_store.query("SELECT * WHERE { ?s ?p ?o }", max_rows=3)
    assert len(filled_store.query("SELECT * WHERE { ?s ?p ?o } LIMIT 3", max_rows=3).rows) == 3


def test_a_failed_query_does_not_keep_the_store_open(tmp_path: Path) -> None:
    path = tmp_path / "kg"
    with Store.open(path) as store, pytest.raises(QueryError):
        store.update("INSERT DATA { GRAPH <http://g> { <http://s> <http://p> 1, 2 } }")
        store.query("SELECT * WHERE { ?s ?p ?o }", max_rows=1)  # fails half-way
    Store.open(path).close()  # the traceback above holds no reference to the open store


@pytest.mark.parametrize(
    "value",
    ['Lào Cai" } ; DROP ALL ; #', 'Lào Cai"@vi } } DELETE WHERE { ?s ?p ?o } #', "Lào Cai\n}"],
)
def test_bound_values_are_terms_not_text(filled_store: Store, value: str) -> None:
    query = "SELECT ?p WHERE { ?p rdfs:label ?name }"
    count = filled_store.quad_count()
    found = filled_store.query(query, bindings={"name": ox.Literal(value, language="vi")})
    assert found.rows == ()
    assert filled_store.quad_count() == count
    real = filled_store.query(query, bindings={"name": ox.Literal("Lào Cai", language="vi")})
    assert len(real.rows) == 2  # the old province and today's, both named Lào Cai


def test_stats_in_detail(filled_store: Store) -> None:
    stats = filled_store.stats(detail=True)
    assert stats["graphs"] == 2
    assert stats["classes"]["kg:Article"] == 2 and stats["classes"]["kg:Province"] == 2
    assert stats["properties"]["kg:party"] == 4
    assert list(stats["classes"].values()) == sorted(stats["classes"].values(), reverse=True)
