"""Localities the gazetteer lacks: from an address in the text, and from underthesea's NER."""

from __future__ import annotations

import hashlib

from kg.export.facts import fact_record
from kg.extract.discover import discover_places
from kg.extract.gazetteer import load_gazetteer
from kg.model import Article
from kg.pipeline import analyse_article
from kg.resolve.normalize import match_key


def article(text: str) -> Article:
    return Article("t.txt", text, "t.txt", hashlib.sha256(text.encode()).hexdigest())


def test_an_address_introduces_a_foreign_district_with_country_and_parent() -> None:
    text = "UBND huyện Mường Ảng và chính quyền huyện Nạ Mổ (tỉnh U-đôm-xay, CHDCND Lào) ký kết"
    (place,) = discover_places(text, match_key(text), load_gazetteer())
    assert (place.name, place.kind, place.country, place.parent) == (
        "Nạ Mổ",
        "foreign_district",
        "LA",
        "la/oudomxai",
    )


def test_a_cambodian_province_after_its_country() -> None:
    text = "tỉnh Sihanoukville Mới, Vương quốc Campuchia đã cử đoàn"
    (place,) = discover_places(text, match_key(text), load_gazetteer())
    assert (place.kind, place.country, place.parent) == ("foreign_province", "KH", "kh")


def test_known_places_and_vietnamese_addresses_add_nothing() -> None:
    for text in (
        "huyện Pạc Xăn (tỉnh Bolykhămxay, CHDCND Lào)",
        "huyện Mường Ảng (tỉnh Điện Biên)",
        "Công ty Minh Phát (Hà Nội)",
    ):
        assert discover_places(text, match_key(text), load_gazetteer()) == []


def test_discovered_places_become_parties_and_reach_the_store_records() -> None:
    text = (
        "Sáng 12/4/2024, UBND huyện Mường Ảng (tỉnh Điện Biên) và chính quyền huyện Nạ Mổ "
        "(tỉnh U-đôm-xay, CHDCND Lào) đã ký kết biên bản hợp tác giai đoạn 2024-2026.\n"
    )
    facts, local = analyse_article(article(text), load_gazetteer())
    (record,) = [fact_record(f, local) for f in facts]
    assert {record["a"], record["b"]} == {"Mường Ảng", "Nạ Mổ"}
    parents = {record["a_parent"], record["b_parent"]}
    assert local.get("la/oudomxai").name in parents and "Điện Biên" in parents
    assert "la/oudomxai/na-mo" in local


def test_ner_finds_a_foreign_district_named_without_an_address() -> None:
    text = (
        "Ngày 3/5/2024, UBND tỉnh Sơn La đã hội đàm với chính quyền tỉnh Luông Pha Băng (Lào).\n"
        "Cùng ngày, huyện Mộc Châu đã ký kết biên bản ghi nhớ hợp tác với huyện Xiêng Ngân.\n"
    )
    facts, local = analyse_article(article(text), load_gazetteer())
    names = {tuple(sorted((r["a"], r["b"]))) for r in (fact_record(f, local) for f in facts)}
    assert ("Mộc Châu", "Xiêng Ngân") in names
    assert local.get("la/xieng-ngan").country == "LA"
