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
    "vn/thai-binh": ("Thái Bình", "province", "VN", None),
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
    assert set(G) == set(PLACES) - {"la/bolikhamxai", "vn/thai-binh"}
    assert G.nodes["vn/lao-cai/lao-cai"] == {
        "label": "Lào Cai",
        "kind": "provincial_city",
        "country": "VN",
        "country_label": None,
        "parent": "Lào Cai",
        "group": "vn_local",
        "includes": [],
        "bodies": [],
    }
    # Bodies are folded into their locality unless asked for as nodes.
    assert G.nodes["vn/lao-cai"]["bodies"] == ["Tỉnh ủy Lào Cai", "UBND tỉnh Lào Cai"]
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
        "event", "url", "sources", "parties", "bodies",
    }  # fmt: skip
    assert edge["agreements"][0]["evidence"] == MOU["evidence"]
    assert edge["agreements"][0]["bodies"] == [
        "Chính quyền huyện Pạc Xăn", "Tỉnh ủy Lào Cai", "UBND tỉnh Lào Cai",
    ]  # fmt: skip
    assert edge["agreements"][0]["parties"] == [["Pạc Xăn", "Lào Cai"]]
    assert edge["sources"] == ["https://example.org/1"]


def test_weight_counts_distinct_events_not_records() -> None:
    again = dict(MOU, article_id="art2", evidence="Other article, same event.")
    G = build_network([MOU, MOU, again])
    edge = G.edges["vn/lao-cai", "la/bolikhamxai/pakxan"]
    assert edge["weight"] == 1
    (agreement,) = edge["agreements"]  # one event, reported twice
    assert [s["article_id"] for s in agreement["sources"]] == ["art1", "art2"]
    assert [s["evidence"] for s in agreement["sources"]] == [MOU["evidence"], again["evidence"]]


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


# ------------------------------------------------------------------------- levels

ROLLUP = {
    # id: (province, province label, province kind, today, today label, today kind)
    "vn/lao-cai": ("vn/lao-cai", "Lào Cai", "province", "vn/lao-cai", "Lào Cai", "province"),
    "vn/ha-noi": ("vn/ha-noi", "Hà Nội", "municipality", "vn/ha-noi", "Hà Nội", "municipality"),
    "vn/lao-cai/lao-cai": ("vn/lao-cai", "Lào Cai", "province", "vn/lao-cai", "Lào Cai",
                           "province"),
    "vn/lao-cai/sa-pa": ("vn/lao-cai", "Lào Cai", "province", "vn/lao-cai", "Lào Cai",
                         "province"),
    "la/bolikhamxai/pakxan": ("la/bolikhamxai", "Bolikhamxai", "foreign_province",
                              "la/bolikhamxai", "Bolikhamxai", "foreign_province"),
    "cn/yunnan": ("cn/yunnan", "Vân Nam", "foreign_province", "cn/yunnan", "Vân Nam",
                  "foreign_province"),
    "vn/thai-binh": ("vn/thai-binh", "Thái Bình", "province", "vn/hung-yen", "Hưng Yên",
                     "province"),
}  # fmt: skip


def rolled(record_: dict[str, Any]) -> dict[str, Any]:
    """``record_`` with the roll-up keys the store adds."""
    out = dict(record_)
    for side in "ab":
        province, plabel, pkind, today, tlabel, tkind = ROLLUP[out[side]]
        out.update({
            f"{side}_province": province, f"{side}_province_label": plabel,
            f"{side}_province_kind": pkind, f"{side}_today": today,
            f"{side}_today_label": tlabel, f"{side}_today_kind": tkind,
        })  # fmt: skip
    return out


LEVEL_RECORDS = [
    rolled(MOU),
    rolled(TWINNED),
    rolled(LOCAL),
    rolled(record("vn/thai-binh", "vn/lao-cai", "e5", "signed_mou", year=2018)),
    # A province and its own city: one unit once rolled up.
    rolled(record("vn/lao-cai", "vn/lao-cai/lao-cai", "e6", "held_talks", year=2020)),
]


def test_as_reported_each_locality_is_its_own_node() -> None:
    G = build_network(LEVEL_RECORDS)
    assert G.graph["level"] == "reported"
    assert "vn/lao-cai/sa-pa" in G and "la/bolikhamxai/pakxan" in G
    assert G.has_edge("vn/lao-cai", "vn/lao-cai/lao-cai")


def test_rolled_up_to_provinces() -> None:
    G = build_network(LEVEL_RECORDS, level="province")
    assert sorted(G) == ["cn/yunnan", "la/bolikhamxai", "vn/ha-noi", "vn/lao-cai", "vn/thai-binh"]
    lao_cai = G.nodes["vn/lao-cai"]
    assert lao_cai["label"] == "Lào Cai" and lao_cai["kind"] == "province"
    assert lao_cai["includes"] == ["vn/lao-cai/lao-cai", "vn/lao-cai/sa-pa"]
    assert G.nodes["la/bolikhamxai"]["group"] == "foreign"
    # Yunnan twinned with the city of Lào Cai: now with the province.
    edge = G.edges["cn/yunnan", "vn/lao-cai"]
    assert edge["relations"] == ["twinned"]
    assert edge["agreements"][0]["parties"] == [["Vân Nam", "Lào Cai"]]
    assert G.number_of_edges() == 4  # the province-city talks fall inside Lào Cai
    assert not any(u == v for u, v in G.edges())


def test_rolled_up_to_todays_provinces() -> None:
    G = build_network(LEVEL_RECORDS, level="today")
    assert "vn/thai-binh" not in G
    assert G.nodes["vn/hung-yen"]["label"] == "Hưng Yên"
    assert G.nodes["vn/hung-yen"]["includes"] == ["vn/thai-binh"]
    assert G.edges["vn/hung-yen", "vn/lao-cai"]["years"] == [2018]


def test_one_event_between_a_province_and_two_of_its_districts_counts_once() -> None:
    first = rolled(record("vn/ha-noi", "vn/lao-cai/sa-pa", "e7", "signed_mou", year=2021))
    second = rolled(record("vn/ha-noi", "vn/lao-cai/lao-cai", "e7", "signed_mou", year=2021))
    edge = build_network([first, second], level="province").edges["vn/ha-noi", "vn/lao-cai"]
    assert edge["weight"] == 1
    assert edge["agreements"][0]["parties"] == [["Hà Nội", "Lào Cai"], ["Hà Nội", "Sa Pa"]]


def test_bodies_as_nodes_follow_the_level() -> None:
    G = build_network([rolled(MOU)], level="province", include_bodies=True)
    assert "la/bolikhamxai|Chính quyền huyện Pạc Xăn" in G
    assert G.nodes["la/bolikhamxai|Chính quyền huyện Pạc Xăn"]["parent"] == "Bolikhamxai"


def test_unknown_level() -> None:
    with pytest.raises(KgError, match="unknown level 'district'; known: reported, province"):
        build_network([MOU], level="district")


def test_records_without_roll_up_keys_stay_as_reported() -> None:
    assert sorted(build_network([MOU], level="today")) == ["la/bolikhamxai/pakxan", "vn/lao-cai"]


# ------------------------------------------------------------------------- filters


def test_country_filter_keeps_agreements_with_a_party_from_there() -> None:
    G = build_network([MOU, TWINNED, LOCAL], countries=["la"])
    assert sorted(G) == ["la/bolikhamxai/pakxan", "vn/lao-cai"]
    assert build_network([MOU, TWINNED, LOCAL], countries=["VN"]).number_of_edges() == 3


def test_year_filter_is_inclusive_and_drops_undated() -> None:
    G = build_network([MOU, TALKS, TWINNED, LOCAL], years=(2010, 2018))
    assert sorted(G.edges(data="years")) == [
        ("cn/yunnan", "vn/lao-cai/lao-cai", [2010]),
        ("la/bolikhamxai/pakxan", "vn/lao-cai", [2018]),
    ]
    assert build_network([MOU, TALKS], years=(2019, None)).edges[
        "la/bolikhamxai/pakxan", "vn/lao-cai"
    ]["relations"] == ["held_talks"]


def test_sources_from_the_store_are_kept_per_event() -> None:
    two = dict(MOU, sources=(
        {"article_id": "b", "source": "s2", "title": "T2", "url": "https://x/2", "evidence": "B"},
        {"article_id": "a", "source": "s1", "title": "T1", "url": None, "evidence": "A"},
    ))  # fmt: skip
    edge = build_network([two]).edges["la/bolikhamxai/pakxan", "vn/lao-cai"]
    (agreement,) = edge["agreements"]
    assert [s["article_id"] for s in agreement["sources"]] == ["a", "b"]
    assert edge["sources"] == ["https://x/2", "s1"]
