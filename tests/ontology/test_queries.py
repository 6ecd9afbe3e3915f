"""The three "done when" questions of the ontology issue, asked of the seed build."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

QUERIES = Path(__file__).parents[2] / "kg" / "queries"
NamedQuery = Callable[..., list[dict[str, str]]]

NAMED = ("inherited-partnerships", "foreign-district-partners", "bodies-of")


@pytest.mark.parametrize("name", NAMED)
def test_named_query_header(name: str) -> None:
    lines = (QUERIES / f"{name}.rq").read_text(encoding="utf-8").splitlines()
    assert lines[0] == f"# name: {name}"
    assert lines[1].startswith("# description: ") and len(lines[1]) > 30
    param_lines = [line for line in lines if "# param:" in line]
    params = [re.match(r"# param: (\w+)(?:@vi)? — .+", line) for line in param_lines]
    assert all(params)
    body = "\n".join(line for line in lines if not line.startswith("#"))
    for match in params:
        assert match is not None and f"?{match.group(1)}" in body


def test_today_hung_yen_inherits_thai_binh_partnerships(named_query: NamedQuery) -> None:
    rows = named_query("inherited-partnerships", province="Hưng Yên")
    got = {(r["reported_as"], r["relation"], r["partner"], r["when"]) for r in rows}
    assert got == {
        ("Thái Bình", "signed_mou", "Lào Cai", "2018-09-19"),
        ("Thái Bình", "reviewed_cooperation", "Lào Cai", "2018-2023"),
    }
    assert all(r["merged_on"] == "2025-06-30" for r in rows)
    assert all(r["source"].endswith("001_18231fda04807153.txt") and r["evidence"] for r in rows)


def test_today_da_nang_inherits_quang_nam_partnerships(named_query: NamedQuery) -> None:
    rows = named_query("inherited-partnerships", province="Đà Nẵng")
    got = {(r["reported_as"], r["relation"], r["partner"]) for r in rows}
    assert got == {
        ("Quảng Nam", "signed_agreement", "Thanh Hóa"),
        ("Quảng Nam", "twinned", "Thanh Hóa"),
    }


def test_a_province_merged_away_inherits_nothing(named_query: NamedQuery) -> None:
    assert named_query("inherited-partnerships", province="Thái Bình") == []


def test_foreign_districts_partnering_with_vietnamese_cities(named_query: NamedQuery) -> None:
    rows = named_query("foreign-district-partners")
    assert [(r["district"], r["country"], r["city"], r["city_province"]) for r in rows] == [
        ("Pạc Xăn", "Lào", "Hà Tĩnh", "Hà Tĩnh")
    ]
    assert set(rows[0]["relations"].split(", ")) == {
        "signed_agreement", "reviewed_cooperation", "held_talks", "twinned",
    }  # fmt: skip
    assert rows[0]["sources"].endswith("004_1145ddf83cedcec5.txt")


def test_bodies_of_thanh_hoa_that_signed(named_query: NamedQuery) -> None:
    rows = named_query("bodies-of", locality="Thanh Hóa")
    got = {
        (r["body"], r["body_kind"], r["relation"], r["partner"], r["partner_body"]) for r in rows
    }
    assert got == {
        ("Văn phòng Tỉnh ủy Thanh Hóa", "PartyOffice", "signed_agreement", "Quảng Nam",
         "Văn phòng Tỉnh ủy Quảng Nam"),
    }  # fmt: skip
    assert rows[0]["source"].endswith("000_1f8d1944cd2ea797.txt")
