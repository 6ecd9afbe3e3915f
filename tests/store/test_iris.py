"""IRIs are readable, stable, and valid whatever text they are minted from."""

from __future__ import annotations

import re

import pyoxigraph as ox
import pytest
import rdflib
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.model import Fact
from kg.ns import ID
from kg.store.iris import (
    MAX_SLUG,
    agent_iri,
    article_graph,
    article_iri,
    attestation_iri,
    body_iri,
    event_iri,
    extraction_iri,
    field_iri,
    legal_act_iri,
    outlet_iri,
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
    assert base.startswith(ID + "event/signed-mou/2024-01/x-y-")
    for change in (
        {"relation": "twinned"},
        {"b": "vn/z"},
        {"date": "2024-02"},
        {"year": 2023},
        {"period": "2021-2025"},
    ):
        assert event_iri(fact(**change)) != base, change


def test_a_dated_event_is_the_same_whatever_article_reports_it() -> None:
    one = fact(article_id="a1", start=10, end=20, evidence="Ngày 19/9/2018, hai tỉnh ký...")
    two = fact(article_id="a2", start=500, end=640, evidence="Biên bản ký ngày 19/9/2018...")
    assert event_iri(one) == event_iri(two)
    assert event_iri(fact(date=None, year=2024)) == event_iri(fact(date=None, year=2024, start=1))
    assert event_iri(fact(date="2024-01")) == event_iri(fact(date="2024-01", year=2024))
    assert event_iri(fact(date=None, period="2023 - 2025")) == event_iri(
        fact(date=None, period="2023-2025")
    )


def test_an_undated_event_stays_in_its_article_and_sentence() -> None:
    undated = fact(date=None)
    assert "/undated/" in event_iri(undated)
    for change in ({"article_id": "a2"}, {"start": 11}, {"end": 21}):
        assert event_iri(fact(date=None, **change)) != event_iri(undated), change


def test_readable_event_iris() -> None:
    assert event_iri(fact(date=None, year=2022, period="2023-2025")).startswith(
        ID + "event/signed-mou/2022-for-2023-2025/x-y-"
    )
    trio = event_iri(fact(), ["vn/ha-tinh", "vn/nghe-an", "vn/thanh-hoa"])
    assert trio.startswith(ID + "event/signed-mou/2024-01/ha-tinh-nghe-an-thanh-hoa-")
    assert trio == event_iri(fact(), ["vn/thanh-hoa", "vn/ha-tinh", "vn/nghe-an"])


def test_other_provenance_iris() -> None:
    event = event_iri(fact())
    assert attestation_iri(event, "000_1f8d", 5, 90) == event + "/attestation/000_1f8d/5-90"
    assert extraction_iri("000_1f8d") == ID + "extraction/000_1f8d"
    assert agent_iri("0.1.0") == ID + "agent/kg/0.1.0"
    assert outlet_iri("BaoLaoCai.vn") == ID + "outlet/baolaocai.vn"
    assert field_iri("party_building") == ID + "field/party_building"
    assert legal_act_iri("vn/nq-202-2025-qh15") == ID + "act/vn/nq-202-2025-qh15"


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


@settings(deadline=None)  # ten IRIs, each parsed by two engines: slow on a busy machine
@given(texts, st.sampled_from(["peoples_committee", "weird kind!", ""]), texts)
def test_any_text_gives_valid_iris(text: str, kind: str, name: str) -> None:
    for iri in (
        place_iri(text),
        body_iri(text, kind, name),
        article_iri(text),
        article_graph(text),
        event_iri(fact(article_id=text, a=text, evidence=name)),
        event_iri(fact(article_id=text, a=text, date=None, period=name)),
        attestation_iri(event_iri(fact(a=text)), text, 0, 1),
        extraction_iri(text),
        agent_iri(text),
        outlet_iri(text),
        legal_act_iri(text),
    ):
        assert_valid_iri(iri)


@given(texts, texts)
def test_different_ids_give_different_iris(one: str, two: str) -> None:
    if one != two:
        assert place_iri(one) != place_iri(two)
        assert article_iri(one) != article_iri(two)
