"""build_network: partnership records (as the store gives them) -> networkx graph."""

from __future__ import annotations

from typing import Any

import pytest

from kg.analyze.network import ACTS_FOR, UnknownRelationError, build_network, group_of
from kg.errors import KgError
from kg.model import RELATIONS

PLACES: dict[str, tuple[str, str, str, str | None]] = {
    # id: label, kind, country, parent label
    "vn/lao-cai": ("Lào Cai", "province", "VN", None),
    "vn/ha-noi": ("Hà Nội", "municipality", "VN", None),
    "vn/lao-cai/lao-cai": ("Lào Cai", "provincial_city", "VN", "Lào Cai"),
    "vn/lao-cai/sa-pa": ("Sa Pa", "town", "VN", "Lào Cai"),
    "la/bolikhamxai": ("Bolikhamxai", "foreign_province", "LA", None),
    "la/bolikhamxai/pakxan": ("Pạc Xăn", "foreign_district", "LA", "Bolikhamxai"),
    "cn/yunnan": ("Vân Nam", "foreign_province", "CN", None),
}


def record(a: str, b: str, event: str = "e1", relation: str = "signed_mou", **kw: Any) -> dict:
    out: dict[str, Any] = {"event": event, "relation": relation}
    for side, place in (("a", a), ("b", b)):
        label, kind, country, parent = PLACES[place]
        out.update({
            side: place, f"{side}_label": label, f"{side}_kind": kind,
            f"{side}_country": country, f"{side}_parent_label": parent,
        })  # fmt: skip
    out.update(date=None, year=2018, period=None, evidence=f"{a} và {b} ký kết.",
               article_id="art1", source="https://example.org/1", title="Tin 1",
               a_body=None, b_body=None)  # fmt: skip
    out.update(kw)
    return out


MOU = record("la/bolikhamxai/pakxan", "vn/lao-cai", a_body="Chính quyền huyện Pạc Xăn",
             b_body="Tỉnh ủy Lào Cai; UBND tỉnh Lào Cai")  # fmt: skip
TALKS = record("la/bolikhamxai/pakxan", "vn/lao-cai", "e2", "held_talks", year=2019)
TWINNED = record("cn/yunnan", "vn/lao-cai/lao-cai", "e3", "twinned", year=2010)
LOCAL = record("vn/ha-noi", "vn/lao-cai/sa-pa", "e4", "reviewed_cooperation", year=None)


def test_one_node_per_locality_with_its_attributes() -> None:
    G = build_network([MOU, TALKS, TWINNED, LOCAL])
    assert set(G) == set(PLACES) - {"la/bolikhamxai"}
    assert G.nodes["vn/lao-cai/lao-cai"] == {
        "label": "Lào Cai",
        "kind": "provincial_city",
        "country": "VN",
        "parent": "Lào Cai",
        "group": "vn_local",
    }
    groups = {n: g for n, g in G.nodes(data="group")}
    assert groups["vn/lao-cai"] == groups["vn/ha-noi"] == "vn_province"
    assert groups["vn/lao-cai/sa-pa"] == "vn_local"
    assert groups["cn/yunnan"] == groups["la/bolikhamxai/pakxan"] == "foreign"


def test_one_edge_per_pair_with_agreements_relations_weight_years() -> None:
    G = build_network([TALKS, MOU])
    assert G.number_of_edges() == 1
    edge = G.edges["vn/lao-cai", "la/bolikhamxai/pakxan"]
    assert edge["relations"] == ["held_talks", "signed_mou"]
    assert edge["weight"] == 2
    assert edge["years"] == [2018, 2019]
    assert [a["relation"] for a in edge["agreements"]] == ["signed_mou", "held_talks"]
    assert set(edge["agreements"][0]) == {
        "relation", "date", "year", "period", "evidence", "source", "title", "article_id",
        "event",
    }  # fmt: skip
    assert edge["agreements"][0]["evidence"] == MOU["evidence"]


def test_weight_counts_distinct_events_not_records() -> None:
    again = dict(MOU, article_id="art2", evidence="Other article, same event.")
    G = build_network([MOU, MOU, again])
    edge = G.edges["vn/lao-cai", "la/bolikhamxai/pakxan"]
    assert edge["weight"] == 1
    assert len(edge["agreements"]) == 2  # the exact duplicate is dropped


def test_records_without_event_count_by_sentence() -> None:
    one, two = dict(MOU, event=None), dict(TALKS, event=None)
    G = build_network([one, dict(one), two])
    assert G.edges["vn/lao-cai", "la/bolikhamxai/pakxan"]["weight"] == 2


def test_years_skip_unknown_years() -> None:
    G = build_network([LOCAL])
    assert G.edges["vn/ha-noi", "vn/lao-cai/sa-pa"]["years"] == []


def test_relation_filter() -> None:
    G = build_network([MOU, TALKS, TWINNED], relations={"held_talks"})
    assert list(G.edges(data="relations")) == [
        ("la/bolikhamxai/pakxan", "vn/lao-cai", ["held_talks"])
    ]
    assert build_network([MOU], relations=[]).number_of_nodes() == 0


def test_unknown_relation_names_the_known_ones() -> None:
    with pytest.raises(UnknownRelationError) as caught:
        build_network([MOU], relations=["signed_mou", "hugged"])
    assert isinstance(caught.value, KgError)
    assert "hugged" in str(caught.value)
    assert all(r in str(caught.value) for r in RELATIONS)


def test_records_without_two_parties_are_skipped(caplog: pytest.LogCaptureFixture) -> None:
    broken = [dict(MOU, b=None), dict(MOU, b=MOU["a"])]
    G = build_network([*broken, TWINNED])
    assert G.number_of_edges() == 1
    assert "skipped 2 record" in caplog.text


def test_missing_attributes_are_filled_from_later_records() -> None:
    bare = dict(MOU, a_label=None, a_kind=None, a_country=None, a_parent_label=None)
    G = build_network([bare, TALKS])
    assert G.nodes["la/bolikhamxai/pakxan"]["label"] == "Pạc Xăn"
    assert G.nodes["la/bolikhamxai/pakxan"]["kind"] == "foreign_district"
    assert build_network([bare]).nodes["la/bolikhamxai/pakxan"]["label"] == (
        "la/bolikhamxai/pakxan"
    )


def test_bodies_are_left_out_by_default() -> None:
    G = build_network([MOU])
    assert all(group != "body" for _, group in G.nodes(data="group"))


def test_bodies_as_nodes_acting_for_their_locality() -> None:
    G = build_network([MOU, TALKS], include_bodies=True)
    bodies = sorted(n for n, group in G.nodes(data="group") if group == "body")
    assert bodies == [
        "la/bolikhamxai/pakxan|Chính quyền huyện Pạc Xăn",
        "vn/lao-cai|Tỉnh ủy Lào Cai",
        "vn/lao-cai|UBND tỉnh Lào Cai",
    ]
    body = G.nodes["vn/lao-cai|UBND tỉnh Lào Cai"]
    assert body["label"] == "UBND tỉnh Lào Cai"
    assert body["parent"] == "Lào Cai"
    assert list(G.neighbors("vn/lao-cai|UBND tỉnh Lào Cai")) == ["vn/lao-cai"]
    edge = G.edges["vn/lao-cai|UBND tỉnh Lào Cai", "vn/lao-cai"]
    assert edge["relation"] == ACTS_FOR and edge["relations"] == [ACTS_FOR]
    # The partnership edge is unchanged.
    assert G.edges["vn/lao-cai", "la/bolikhamxai/pakxan"]["weight"] == 2


@pytest.mark.parametrize(
    ("kind", "country", "group"),
    [
        ("province", "VN", "vn_province"),
        ("municipality", "VN", "vn_province"),
        ("provincial_city", "VN", "vn_local"),
        ("town", "VN", "vn_local"),
        ("urban_district", "VN", "vn_local"),
        ("rural_district", "VN", "vn_local"),
        ("foreign_province", "LA", "foreign"),
        ("province", "KR", "foreign"),
        ("country", "LA", "foreign"),
        ("foreign_district", None, "foreign"),
    ],
)
def test_groups(kind: str, country: str | None, group: str) -> None:
    assert group_of(kind, country) == group


def test_empty_records_give_an_empty_graph() -> None:
    G = build_network([])
    assert G.number_of_nodes() == 0 and not G.is_directed()
