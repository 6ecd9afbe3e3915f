"""Partnership records read from a real store: roll-up targets, bodies, several sources."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime

from pyoxigraph import NamedNode, Quad

from kg.model import Article, Fact, Place
from kg.store.backend import Store
from kg.store.iris import event_iri
from kg.store.rdf import article_quads

NOW = datetime(2025, 1, 2, tzinfo=UTC)


def by_relation(store: Store) -> dict[str, dict]:
    return {r["relation"]: r for r in store.partnership_records()}


def test_each_side_carries_its_province_and_todays_province(filled_store: Store) -> None:
    mou = by_relation(filled_store)["signed_mou"]
    # Pạc Xăn is a district of Bolikhamxai; Lào Cai a province merged into a new Lào Cai.
    assert (mou["a"], mou["a_parent"], mou["a_province"], mou["a_today"]) == (
        "la/bolikhamxai/pakxan", "la/bolikhamxai", "la/bolikhamxai", "la/bolikhamxai",
    )  # fmt: skip
    assert mou["a_province_label"] == "Bolikhamxai"
    assert mou["a_province_kind"] == "foreign_province"
    assert mou["a_country_label"] == "Lào"
    assert (mou["b"], mou["b_province"], mou["b_today"], mou["b_today_kind"]) == (
        "vn/lao-cai", "vn/lao-cai", "vn/lao-cai-moi", "province",
    )  # fmt: skip


def test_bodies_come_with_their_kind(filled_store: Store) -> None:
    mou = by_relation(filled_store)["signed_mou"]
    assert [(b["name"], b["kind"]) for b in mou["b_bodies"]] == [
        ("UBND tỉnh Lào Cai", "peoples_committee")
    ]
    assert mou["a_bodies"][0]["kind"] == "foreign_authority"
    assert mou["a_body"] == "Chính quyền huyện Pạc Xăn"  # the old key still holds the names


def test_one_source_with_its_url(filled_store: Store, article: Article) -> None:
    mou = by_relation(filled_store)["signed_mou"]
    assert mou["url"] == "https://example.org/lao-cai"
    assert [s["article_id"] for s in mou["sources"]] == ["001_lao-cai"]
    assert mou["sources"][0]["evidence"] == article.text


def test_one_event_reported_by_two_articles_is_one_record_with_two_sources(
    store: Store, article: Article, places: dict[str, Place], make_mou: Callable[..., Fact]
) -> None:
    fact = make_mou()
    store.replace_article(article, article_quads(article, [fact], places, "t", now=NOW))
    other = Article("009_later", "Nhắc lại: Lào Cai và Pạc Xăn đã ký biên bản.", "s/009.txt", "h9")
    again = make_mou(other.id, evidence=other.text, end=len(other.text))
    quads = article_quads(other, [again], places, "t", now=NOW)
    # Same event IRI in both articles, as when two articles report one signing.
    same, theirs = NamedNode(event_iri(fact)), NamedNode(event_iri(again))
    quads = [
        Quad(same if q.subject == theirs else q.subject, q.predicate, q.object, q.graph_name)
        for q in quads
    ]
    store.replace_article(other, quads)
    (record,) = store.partnership_records()
    assert [(s["article_id"], s["evidence"]) for s in record["sources"]] == [
        ("001_lao-cai", article.text),
        ("009_later", other.text),
    ]
    assert record["article_id"] == "001_lao-cai" and record["date"] == "2024-03-05"


def test_a_district_without_a_province_level_parent_stays_itself(
    store: Store, places: dict[str, Place], make_mou: Callable[..., Fact]
) -> None:
    known = {**places, "xx/lost": Place("xx/lost", "Lost", "foreign_district", "LA")}
    lost = Article("010", "x", "s", "h", pub_date=date(2024, 1, 1))
    fact = make_mou("010", a="xx/lost")
    store.replace_article(lost, article_quads(lost, [fact], known, "t", now=NOW))
    (record,) = store.partnership_records()
    side = "a" if record["a"] == "xx/lost" else "b"
    assert record[side] == record[f"{side}_province"] == record[f"{side}_today"] == "xx/lost"
