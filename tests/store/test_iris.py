"""IRIs are readable, stable, and valid whatever text they are minted from."""

from __future__ import annotations

import re

import pyoxigraph as ox
import pytest
import rdflib
from hypothesis import given
from hypothesis import strategies as st

from kg.model import Fact
from kg.ns import ID
from kg.store.iris import (
    MAX_SLUG,
    article_graph,
    article_iri,
    body_iri,
    event_iri,
    place_iri,
    slugify,
)

SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
# What every data IRI must look like: our base, then '/'-separated ASCII segments that need
# no escaping in a SPARQL prefixed name (other than '/').
DATA_IRI = re.compile(re.escape(ID) + r"[a-z]+(/[A-Za-z0-9]([A-Za-z0-9_.-]*[A-Za-z0-9_-])?)+")

texts = st.text(min_size=0, max_size=200)


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Lào Cai", "lao-cai"),
        ("Đắk Lắk", "dak-lak"),
        ("đường Điện Biên Phủ", "duong-dien-bien-phu"),
        ("Thừa Thiên Huế", "thua-thien-hue"),
        ("  UBND   tỉnh  ", "ubnd-tinh"),
        ("Bô-ly-khăm-xay", "bo-ly-kham-xay"),
        ("Xiêng Khoảng / Xieng Khouang", "xieng-khoang-xieng-khouang"),
        ("peoples_committee", "peoples-committee"),
    ],
)
def test_slugify_table(text: str, slug: str) -> None:
    assert slugify(text) == slug


@pytest.mark.parametrize("text", ["", "   ", "🎉🎉", "../", "..", ".", "\"'<>", "\x00\x1b", "한국"])
def test_slugify_of_nothing_ascii_is_a_hash(text: str) -> None:
    slug = slugify(text)
    assert slug.startswith("x-") and SLUG.fullmatch(slug)


def test_long_text_is_cut_and_keeps_apart() -> None:
    one, two = "Ủy ban " * 40 + "A", "Ủy ban " * 40 + "B"
    assert len(slugify(one)) <= MAX_SLUG
    assert slugify(one) != slugify(two)


def test_readable_iris() -> None:
    assert place_iri("la/bolikhamxai/pakxan") == ID + "place/la/bolikhamxai/pakxan"
    assert body_iri("vn/lao-cai", "standing_board", "Ban Thường vụ Tỉnh ủy Lào Cai") == (
        ID + "body/vn/lao-cai/standing-board/ban-thuong-vu-tinh-uy-lao-cai"
    )
    assert article_iri("000_1f8d1944cd2ea797") == ID + "article/000_1f8d1944cd2ea797"
    assert article_iri("000_1f8d.txt") == ID + "article/000_1f8d.txt"
    assert article_iri("a.") != ID + "article/a."  # PN_LOCAL cannot end with '.'
    assert article_graph("000_1f8d1944cd2ea797") == ID + "graph/article/000_1f8d1944cd2ea797"


def test_dot_segments_cannot_escape() -> None:
    iri = place_iri("../../etc/passwd")
    assert "/../" not in iri and DATA_IRI.fullmatch(iri)


def fact(**changes: object) -> Fact:
    values: dict[str, object] = dict(
        article_id="a1", a="la/x", b="vn/y", relation="signed_mou", evidence="e",
        start=10, end=20, extractor="rules", confidence=0.5, date="2024-01",
    )  # fmt: skip
    values.update(changes)
    return Fact(**values)  # type: ignore[arg-type]


def test_event_iri_is_stable_and_depends_on_what_makes_the_event() -> None:
    base = event_iri(fact())
    assert base == event_iri(fact())
    assert base == event_iri(fact(a="vn/y", b="la/x"))  # party order does not matter
    assert base == event_iri(fact(confidence=0.9, extractor="model"))  # not part of identity
    assert base.startswith(ID + "event/signed-mou-")
    for change in (
        {"article_id": "a2"},
        {"relation": "twinned"},
        {"b": "vn/z"},
        {"date": "2024-02"},
        {"year": 2024},
        {"period": "2021-2025"},
        {"start": 11},
        {"end": 21},
    ):
        assert event_iri(fact(**change)) != base, change


def assert_valid_iri(iri: str) -> None:
    assert DATA_IRI.fullmatch(iri), iri
    ox.NamedNode(iri)  # raises ValueError on an invalid IRI
    # ... and both engines read it back from N-Triples and from a SPARQL query.
    line = f"<{iri}> <{ID}p> <{iri}> .\n"
    assert len(rdflib.Graph().parse(data=line, format="nt")) == 1
    store = ox.Store()
    store.load(line.encode(), format=ox.RdfFormat.N_TRIPLES)
    assert bool(store.query(f"ASK {{ <{iri}> ?p ?o }}"))


@given(texts)
def test_slugify_always_gives_a_slug(text: str) -> None:
    slug = slugify(text)
    assert SLUG.fullmatch(slug)
    assert len(slug) <= MAX_SLUG


@given(texts, st.sampled_from(["peoples_committee", "weird kind!", ""]), texts)
def test_any_text_gives_valid_iris(text: str, kind: str, name: str) -> None:
    for iri in (
        place_iri(text),
        body_iri(text, kind, name),
        article_iri(text),
        article_graph(text),
        event_iri(fact(article_id=text, a=text, evidence=name)),
    ):
        assert_valid_iri(iri)


@given(texts, texts)
def test_different_ids_give_different_iris(one: str, two: str) -> None:
    if one != two:
        assert place_iri(one) != place_iri(two)
        assert article_iri(one) != article_iri(two)
