"""Finding a locality by name, its partners, and how two localities are connected."""

from __future__ import annotations

import pytest

from kg.analyze.explore import (
    AmbiguousPlaceError,
    NoPathError,
    PlaceNotFoundError,
    connection,
    find_place,
    fold,
    neighbors,
)
from kg.analyze.network import build_network
from kg.errors import KgError


def rec(a: tuple[str, str, str], b: tuple[str, str, str], event: str, relation: str,
        year: int | None = None, parent_b: str | None = None) -> dict:  # fmt: skip
    return {
        "event": event, "relation": relation, "year": year, "evidence": f"Câu {event}.",
        "source": f"https://example.org/{event}", "article_id": f"art-{event}",
        "a": a[0], "a_label": a[1], "a_kind": a[2], "a_country": a[0][:2].upper(),
        "b": b[0], "b_label": b[1], "b_kind": b[2], "b_country": b[0][:2].upper(),
        "b_parent_label": parent_b,
    }  # fmt: skip


LAO_CAI = ("vn/lao-cai", "Lào Cai", "province")
TP_LAO_CAI = ("vn/lao-cai/tp", "Lào Cai", "provincial_city")
HA_TINH = ("vn/ha-tinh", "Hà Tĩnh", "province")
PAKXAN = ("la/pakxan", "Pạc Xăn", "foreign_district")
HEKOU = ("cn/hekou", "Hà Khẩu", "foreign_district")
ISLAND = ("vn/con-dao", "Côn Đảo", "rural_district")

G = build_network([
    rec(PAKXAN, LAO_CAI, "e1", "signed_mou", 2018),
    rec(PAKXAN, LAO_CAI, "e2", "held_talks", 2019),
    rec(PAKXAN, HA_TINH, "e3", "twinned", 2001),
    rec(HEKOU, TP_LAO_CAI, "e4", "twinned", 2010, parent_b="Lào Cai"),
    rec(ISLAND, ("vn/x", "Đảo X", "rural_district"), "e5", "held_talks"),
])  # fmt: skip


@pytest.mark.parametrize(
    ("name", "node"),
    [
        ("vn/lao-cai/tp", "vn/lao-cai/tp"),  # an id
        ("Lào Cai", "vn/lao-cai"),  # the province wins over its city
        ("TP Lào Cai", "vn/lao-cai/tp"),
        ("lao cai", "vn/lao-cai"),  # typed without diacritics
        ("  PẠC XĂN ", "la/pakxan"),
        ("pac xan", "la/pakxan"),
    ],
)
def test_find_place(name: str, node: str) -> None:
    assert find_place(G, name) == node


def test_unknown_name_suggests_close_ones() -> None:
    with pytest.raises(PlaceNotFoundError, match="no locality called 'Lào'.*did you mean Lào Cai"):
        find_place(G, "Lào")
    with pytest.raises(KgError):
        find_place(G, "Atlantis")


def test_ambiguous_name_lists_the_candidates() -> None:
    twins = build_network([
        rec(("vn/a/x", "Tân Yên", "rural_district"), PAKXAN, "e1", "twinned"),
        rec(("vn/b/x", "Tân Yên", "rural_district"), HEKOU, "e2", "twinned"),
    ])  # fmt: skip
    with pytest.raises(AmbiguousPlaceError, match=r"vn/a/x.*vn/b/x.*give the id"):
        find_place(twins, "Tân Yên")


def test_fold() -> None:
    assert fold("Đắk Lắk") == fold("dak lak") == "dak lak"


def test_neighbors_most_events_first() -> None:
    partners = neighbors(G, "la/pakxan")
    assert [(p.label, p.events, p.relations, p.years) for p in partners] == [
        ("Lào Cai", 2, ("held_talks", "signed_mou"), (2018, 2019)),
        ("Hà Tĩnh", 1, ("twinned",), (2001,)),
    ]
    assert partners[0].sources == ("https://example.org/e1", "https://example.org/e2")
    assert [p.label for p in neighbors(G, "cn/hekou")] == ["TP Lào Cai"]


def test_connection_lists_the_agreements_on_each_link() -> None:
    hops = connection(G, "vn/ha-tinh", "vn/lao-cai")
    assert [(h.source_label, h.target_label) for h in hops] == [
        ("Hà Tĩnh", "Pạc Xăn"),
        ("Pạc Xăn", "Lào Cai"),
    ]
    assert [a["relation"] for a in hops[1].agreements] == ["signed_mou", "held_talks"]
    assert hops[0].agreements[0]["evidence"] == "Câu e3."


def test_no_path() -> None:
    with pytest.raises(NoPathError, match="Côn Đảo .* and Hà Tĩnh .* are not connected"):
        connection(G, "vn/con-dao", "vn/ha-tinh")
