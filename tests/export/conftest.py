"""A small hand-made partnership network for the HTML view tests (static and browser)."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

import networkx as nx
import pytest

from kg.analyze.network import build_network

EVIL = "Ký kết <script>alert(1)</script> & <img src=x onerror=alert(2)> “hợp tác”"
MOU_EVIDENCE = "Tỉnh Lào Cai và huyện Pạc Xăn ký biên bản ghi nhớ hợp tác giai đoạn 2023-2025."

_PLACES = {
    "vn/lao-cai": ("Lào Cai", "province", "VN", None),
    "vn/lao-cai/lao-cai": ("Lào Cai", "provincial_city", "VN", "Lào Cai"),
    "vn/ha-noi": ("Hà Nội", "municipality", "VN", None),
    "la/bolikhamxai/pakxan": ("Pạc Xăn", "foreign_district", "LA", "Bolikhamxai"),
    "cn/yunnan": ("Vân Nam", "foreign_province", "CN", None),
    "cn/hekou": ("Hà Khẩu", "foreign_district", "CN", "Vân Nam"),
}


def record(a: str, b: str, event: str, relation: str, **kw: Any) -> dict[str, Any]:
    out: dict[str, Any] = {"event": event, "relation": relation}
    for side, place in (("a", a), ("b", b)):
        label, kind, country, parent = _PLACES[place]
        out.update({
            side: place, f"{side}_label": label, f"{side}_kind": kind,
            f"{side}_country": country, f"{side}_parent_label": parent,
        })  # fmt: skip
    out.update(date=None, year=None, period=None, evidence="", article_id=f"art-{event}",
               source=f"seeds/{event}.txt", title=f"Tin {event}",
               a_body=None, b_body=None)  # fmt: skip
    out.update(kw)
    return out


RECORDS = [
    record("la/bolikhamxai/pakxan", "vn/lao-cai", "e1", "signed_mou", date="2018-03-05",
           year=2018, period="2023-2025", evidence=MOU_EVIDENCE,
           source="https://example.org/lao-cai?a=1&b=2", b_body="UBND tỉnh Lào Cai"),
    record("cn/yunnan", "vn/lao-cai", "e2", "held_talks", year=2019, evidence=EVIL,
           title="<b>Tiêu đề</b>", source="javascript:alert(3)"),
    record("cn/hekou", "vn/lao-cai/lao-cai", "e3", "twinned", year=2010,
           evidence="Thành phố Lào Cai kết nghĩa với Hà Khẩu."),
    record("la/bolikhamxai/pakxan", "vn/ha-noi", "e4", "signed_agreement", year=2020,
           evidence="Hà Nội và Pạc Xăn ký thỏa thuận."),
]  # fmt: skip


@pytest.fixture
def records() -> list[dict[str, Any]]:
    return [dict(r) for r in RECORDS]


@pytest.fixture
def graph(records: list[dict[str, Any]]) -> nx.Graph:
    return build_network(records)


def _big_graph(n_foreign: int = 450, n_provinces: int = 30) -> nx.Graph:
    """Over the physics limit: provinces, each with a fan of foreign partners."""
    recs = []
    for i in range(n_foreign):
        prov, foreign = f"vn/p{i % n_provinces}", f"xx/f{i}"
        recs.append({
            "event": f"e{i}", "relation": "signed_mou", "a": prov, "a_label": f"P{i % n_provinces}",
            "a_kind": "province", "a_country": "VN", "b": foreign, "b_label": f"F{i}",
            "b_kind": "foreign_district", "b_country": "LA", "year": 2000 + i % 20,
            "evidence": f"Câu {i}.", "article_id": f"a{i}", "source": None, "title": None,
        })  # fmt: skip
    for i in range(n_provinces - 1):
        recs.append({
            "event": f"p{i}", "relation": "held_talks", "a": f"vn/p{i}", "b": f"vn/p{i + 1}",
            "a_kind": "province", "a_country": "VN", "b_kind": "province", "b_country": "VN",
            "evidence": "Hai tỉnh hội đàm.",
        })  # fmt: skip
    return build_network(recs)


def _vis_data(page: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]], dict[str, Any]]:
    """The nodes, edges and options that the page hands to vis-network."""
    nodes = re.search(r"nodes = new vis\.DataSet\((.*?)\);\n", page)
    edges = re.search(r"edges = new vis\.DataSet\((.*?)\);\n", page)
    options = re.search(r"var options = (\{.*?\});\n", page)
    assert nodes and edges and options, "pyvis page layout changed"
    return json.loads(nodes.group(1)), json.loads(edges.group(1)), json.loads(options.group(1))


VisData = Callable[[str], tuple[list[dict[str, Any]], list[dict[str, Any]], dict[str, Any]]]


@pytest.fixture
def vis_data() -> VisData:
    """``vis_data(page) -> (nodes, edges, options)`` as handed to vis-network."""
    return _vis_data


@pytest.fixture(scope="session")
def big_graph() -> nx.Graph:
    return _big_graph()


@pytest.fixture
def evil() -> str:
    """An evidence sentence with markup in it, as a hostile web page could hold."""
    return EVIL


@pytest.fixture
def mou_evidence() -> str:
    return MOU_EVIDENCE
