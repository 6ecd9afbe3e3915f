"""The shipped gazetteer: units abolished before 2025 are found, and lead to today's units."""

from __future__ import annotations

import hashlib
from datetime import date

import pytest

from kg.export.facts import fact_record
from kg.extract.gazetteer import Gazetteer, load_gazetteer
from kg.model import Article
from kg.pipeline import extract_article


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return load_gazetteer()


def ids_of(text: str, gazetteer: Gazetteer) -> set[tuple[str, str, str]]:
    article = Article("t.txt", text, "t.txt", hashlib.sha256(text.encode()).hexdigest(), None,
                      date(2019, 5, 2))  # fmt: skip
    records = [fact_record(f, gazetteer) for f in extract_article(article, gazetteer)]
    return {(*sorted((r["a_id"], r["b_id"])), r["relation"]) for r in records}  # type: ignore[misc]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # merged into TP Vinh on 1 January 2025
            "Ngày 2/5/2019, thị xã Cửa Lò (Nghệ An) và huyện Khăm Cợt (tỉnh Bolykhămxay) "
            "đã ký kết biên bản ghi nhớ hợp tác.",
            {("la/bolikhamxai/khamkeut", "vn/nghe-an/tx-cua-lo", "signed_mou")},
        ),
        (  # the city, not the province of the same name; merged into TP Hoa Lư
            "Ngày 2/5/2019, thành phố Ninh Bình và tỉnh Luông Pha Băng đã ký kết "
            "biên bản ghi nhớ hợp tác.",
            {("la/louangphabang", "vn/ninh-binh/tp-ninh-binh", "signed_mou")},
        ),
        (  # the district, not the city that took its name on 1 January 2021
            "Ngày 2/5/2019, UBND quận Thủ Đức (TP.HCM) và thủ đô Viêng Chăn ký kết biên bản "
            "ghi nhớ hợp tác.",
            {("la/viangchan-prefecture", "vn/ho-chi-minh/q-thu-duc", "signed_mou")},
        ),
        (  # today's Đạ Huoai (the former Đạ Tẻh's code) is still the one found
            "Ngày 2/5/2019, huyện Đạ Huoai (Lâm Đồng) và huyện Khăm Cợt ký kết biên bản ghi nhớ "
            "hợp tác.",
            {("la/bolikhamxai/khamkeut", "vn/lam-dong/h-da-huoai", "signed_mou")},
        ),
    ],
)
def test_a_unit_abolished_before_2025_is_found(
    gazetteer: Gazetteer, text: str, expected: set[tuple[str, str, str]]
) -> None:
    assert ids_of(text, gazetteer) == expected


def test_every_abolished_unit_leads_to_a_unit_of_its_province(gazetteer: Gazetteer) -> None:
    early = [
        p for p in gazetteer.places.values()
        if p.valid_until and p.valid_until < date(2025, 6, 30) and p.successor
    ]  # fmt: skip
    assert len(early) >= 22
    for place in early:
        assert place.successor
        successor = gazetteer.get(place.successor)
        assert successor.parent == place.parent and successor.successor is None, place.id
        assert successor.valid_until is None or successor.valid_until > place.valid_until
