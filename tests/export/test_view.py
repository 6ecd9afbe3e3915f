"""The HTML view, read as a file: offline, escaped, labelled, deterministic."""

from __future__ import annotations

import html
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from kg.analyze.measures import pagerank
from kg.errors import KgError
from kg.export import view
from kg.export.offline import external_references, make_offline
from kg.export.view import GROUP_COLOURS, display_label, render_view

VisData = Callable[[str], tuple[list[dict[str, Any]], list[dict[str, Any]], dict[str, Any]]]


@pytest.fixture
def page(graph: nx.Graph, tmp_path: Path) -> str:
    path = render_view(graph, pagerank(graph), tmp_path / "view.html", measure="pagerank")
    return path.read_text(encoding="utf-8")


def edge_with(edges: list[dict[str, Any]], text: str) -> dict[str, Any]:
    (edge,) = [e for e in edges if text in e["title"]]
    return edge


def test_returns_the_path_and_writes_one_file(graph: nx.Graph, tmp_path: Path) -> None:
    out = tmp_path / "sub" / "view.html"
    assert render_view(graph, {}, out) == out
    assert [p.name for p in out.parent.iterdir()] == ["view.html"]
    assert out.read_text(encoding="utf-8").lstrip().startswith("<html>")


def test_no_tag_loads_anything_from_the_network(page: str) -> None:
    tags = re.findall(r"<(?:link|script)\b[^>]*>", page, flags=re.IGNORECASE)
    assert tags, "expected inline <script> tags"
    for tag in tags:
        assert not re.search(r"""\b(?:src|href)\s*=\s*["']?(?:https?:)?//""", tag, re.I), tag
    assert not re.search(r"<script\b[^>]*\bsrc\s*=", page, flags=re.IGNORECASE)
    assert "cdn.jsdelivr.net" not in page and "cdnjs.cloudflare.com" not in page
    assert "bootstrap" not in page.lower()
    assert "sourceMappingURL" not in page
    assert external_references(page) == []


def test_vis_network_is_inline(page: str) -> None:
    assert "vis-network" in page and "function drawGraph()" in page
    assert len(page) > 400_000  # the library itself is in the page
    assert "Content-Security-Policy" in page and "default-src 'none'" in page


def test_record_text_is_escaped(page: str, vis_data: VisData, evil: str) -> None:
    assert "<script>alert(1)" not in page
    assert "<img src=x" not in page
    _, edges, _ = vis_data(page)
    title = edge_with(edges, "alert(1)")["title"]
    assert html.escape(evil, quote=True) in title
    assert "<script" not in title and "<img" not in title
    # The article title is text too, and a javascript: source is no link.
    assert "&lt;b&gt;Tiêu đề&lt;/b&gt;" in title
    assert "<a " not in title and "javascript:alert(3)" in title


def test_only_http_sources_are_links(page: str, vis_data: VisData, mou_evidence: str) -> None:
    _, edges, _ = vis_data(page)
    mou = edge_with(edges, "Pạc Xăn ký biên bản")["title"]
    assert '<a href="https://example.org/lao-cai?a=1&amp;b=2">Tin e1</a>' in mou
    assert html.escape(mou_evidence) in mou
    assert "2018-03-05 (period 2023-2025)" in mou
    twinned = edge_with(edges, "kết nghĩa")["title"]
    assert "<a " not in twinned and "seeds/e3.txt" in twinned


def test_labels_sizes_and_colours(page: str, vis_data: VisData, graph: nx.Graph) -> None:
    nodes, _, _ = vis_data(page)
    by_id = {n["id"]: n for n in nodes}
    assert by_id["vn/lao-cai/lao-cai"]["label"] == "TP Lào Cai"
    assert by_id["vn/lao-cai"]["label"] == "Lào Cai"
    assert by_id["la/bolikhamxai/pakxan"]["label"] == "Pạc Xăn"
    assert by_id["vn/lao-cai"]["color"] == GROUP_COLOURS["vn_province"]
    assert by_id["vn/lao-cai/lao-cai"]["color"] == GROUP_COLOURS["vn_local"]
    assert by_id["cn/yunnan"]["color"] == GROUP_COLOURS["foreign"]
    sizes = [n["size"] for n in nodes]
    assert min(sizes) == view.MIN_SIZE and max(sizes) == view.MAX_SIZE
    # Hà Nội - Pạc Xăn - Lào Cai - Vân Nam: the two middle ones have the top PageRank.
    biggest = {n["id"] for n in nodes if n["size"] == view.MAX_SIZE}
    assert biggest == {"vn/lao-cai", "la/bolikhamxai/pakxan"}
    title = by_id["vn/lao-cai/lao-cai"]["title"]
    for part in ("TP Lào Cai", "provincial_city", "parent: Lào Cai", "country: VN",
                 "pagerank: ", "partners: 1"):  # fmt: skip
        assert part in title


def test_node_titles_never_switch_pyvis_to_its_innerhtml_popup(
    graph: nx.Graph, tmp_path: Path, vis_data: VisData
) -> None:
    graph.nodes["cn/yunnan"]["label"] = 'Vân Nam href="x"'
    page = render_view(graph, {}, tmp_path / "v.html").read_text(encoding="utf-8")
    assert "popup.innerHTML" not in page
    nodes, _, _ = vis_data(page)
    (yunnan,) = [n for n in nodes if n["id"] == "cn/yunnan"]
    assert "href" not in yunnan["title"] and "&#104;ref=&quot;x&quot;" in yunnan["title"]


def test_edges_labelled_and_styled_by_relation(page: str, vis_data: VisData) -> None:
    _, edges, _ = vis_data(page)
    by_label = {e["label"]: e for e in edges}
    assert set(by_label) == {
        "signed_mou 2018", "held_talks 2019", "twinned 2010", "signed_agreement 2020",
    }  # fmt: skip
    assert by_label["held_talks 2019"]["dashes"] is True
    assert by_label["signed_mou 2018"]["dashes"] is False
    assert len({e["color"] for e in edges}) == 4


def test_legend_lists_the_four_groups_with_their_colours(page: str) -> None:
    for group, colour in GROUP_COLOURS.items():
        assert re.search(f'data-group="{group}"><span class="kg-swatch" '
                         f'style="background:{colour}">', page)  # fmt: skip
    groups = page.split('id="kg-legend-groups"', 1)[1].split("</ul>", 1)[0]
    assert groups.count('class="kg-swatch"') == 4


def test_controls_search_colour_size_and_filters(graph: nx.Graph, tmp_path: Path) -> None:
    measures = {"degree": {n: 1.0 for n in graph}, "betweenness": {n: 0.0 for n in graph}}
    page = render_view(graph, pagerank(graph), tmp_path / "c.html", measure="pagerank",
                       measures=measures).read_text(encoding="utf-8")  # fmt: skip
    assert 'id="kg-search-input"' in page and 'id="kg-names"' in page
    assert '<option value="pagerank" selected>' in page
    assert '<option value="degree">' in page and '<option value="betweenness">' in page
    assert '<select id="kg-colour"><option value="group" selected>kind</option>' in page
    for relation in ("signed_mou", "signed_agreement", "twinned", "held_talks"):
        assert f'<input type="checkbox" data-relation="{relation}" checked>' in page
    assert 'id="kg-from" value="2010" min="2010" max="2020"' in page
    assert 'id="kg-to" value="2020"' in page
    assert '<option value="CN">CN (CN): 2</option>' in page
    assert '<option value="LA">LA (LA): 1</option>' in page


def test_the_page_carries_what_its_filters_need(page: str, vis_data: VisData) -> None:
    nodes, edges, _ = vis_data(page)
    by_id = {n["id"]: n for n in nodes}
    assert by_id["vn/lao-cai/lao-cai"]["kg"] == {
        "g": "vn_local", "c": "VN", "k": "provincial_city", "n": "Lào Cai",
        "s": {"pagerank": pytest.approx(by_id["vn/lao-cai/lao-cai"]["kg"]["s"]["pagerank"])},
    }  # fmt: skip
    mou = edge_with(edges, "Pạc Xăn ký biên bản")
    assert mou["kg"] == {"a": [["signed_mou", 2018]], "b": 0}


def test_colour_by_country(graph: nx.Graph, tmp_path: Path, vis_data: VisData) -> None:
    page = render_view(graph, {}, tmp_path / "c.html", colour_by="country").read_text("utf-8")
    nodes, _, _ = vis_data(page)
    colours = {n["id"]: n["color"] for n in nodes}
    assert colours["cn/yunnan"] == colours["cn/hekou"] != colours["la/bolikhamxai/pakxan"]
    assert colours["vn/lao-cai"] == colours["vn/ha-noi"]
    assert 'id="kg-legend-groups" hidden' in page
    with pytest.raises(KgError, match="unknown colouring"):
        render_view(graph, {}, tmp_path / "x.html", colour_by="size")


def test_config_json_cannot_close_the_script(graph: nx.Graph, tmp_path: Path) -> None:
    graph.nodes["cn/yunnan"]["country"] = "</script><script>alert(9)</script>"
    page = render_view(graph, {}, tmp_path / "x.html").read_text(encoding="utf-8")
    assert "<script>alert(9)" not in page
    assert "\\u003c/script\\u003e\\u003cscript\\u003ealert(9)" in page  # in the JSON config
    assert "&lt;/script&gt;&lt;script&gt;alert(9)" in page  # in the country menu


def test_hover_lists_every_source_of_an_event(records: list[dict[str, Any]], tmp_path: Path,
                                              vis_data: VisData) -> None:  # fmt: skip
    from kg.analyze.network import build_network

    first = dict(records[0], sources=(
        {"article_id": "a1", "source": "seeds/a1.txt", "title": "Tin một", "url": None,
         "evidence": "Câu thứ nhất."},
        {"article_id": "a2", "source": "seeds/a2.txt", "title": "Tin hai",
         "url": "https://example.org/hai", "evidence": "Câu thứ hai."},
    ))  # fmt: skip
    page = render_view(build_network([first]), {}, tmp_path / "s.html").read_text("utf-8")
    _, edges, _ = vis_data(page)
    (edge,) = edges
    assert "“Câu thứ nhất.”" in edge["title"] and "“Câu thứ hai.”" in edge["title"]
    assert '<a href="https://example.org/hai">Tin hai</a>' in edge["title"]
    assert "Tin một — seeds/a1.txt [a1]" in edge["title"]


def test_rolled_up_links_say_what_was_reported(records: list[dict[str, Any]], tmp_path: Path,
                                               vis_data: VisData) -> None:  # fmt: skip
    from kg.analyze.network import build_network

    twinned = dict(records[2], b_province="vn/lao-cai", b_province_label="Lào Cai",
                   b_province_kind="province")  # fmt: skip
    G = build_network([twinned], level="province")
    page = render_view(G, {}, tmp_path / "r.html").read_text("utf-8")
    nodes, edges, _ = vis_data(page)
    assert "as reported: Hà Khẩu – Lào Cai" not in edges[0]["title"]  # same names
    lao_cai = next(n for n in nodes if n["id"] == "vn/lao-cai")
    assert "includes: vn/lao-cai/lao-cai" in lao_cai["title"]


def test_many_links_leave_edge_labels_off(
    graph: nx.Graph, tmp_path: Path, vis_data: VisData, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(view, "EDGE_LABELS_MAX_EDGES", graph.number_of_edges() - 1)
    page = render_view(graph, {}, tmp_path / "b.html").read_text("utf-8")
    _, edges, _ = vis_data(page)
    assert all("label" not in e for e in edges) and all(e["title"] for e in edges)


def test_small_graphs_settle_with_bounded_physics(page: str, vis_data: VisData) -> None:
    nodes, _, options = vis_data(page)
    physics = options["physics"]
    assert physics["enabled"] is True
    assert physics["stabilization"]["enabled"] is True
    assert 0 < physics["stabilization"]["iterations"] <= 1000
    assert all("x" in n and "y" in n for n in nodes)  # seeded start: same picture each time


def test_big_graphs_are_drawn_still_at_precomputed_positions(
    big_graph: nx.Graph, tmp_path: Path, vis_data: VisData
) -> None:
    assert big_graph.number_of_nodes() > view.PHYSICS_MAX_NODES
    page = render_view(big_graph, {}, tmp_path / "big.html").read_text(encoding="utf-8")
    nodes, edges, options = vis_data(page)
    assert options["physics"] == {"enabled": False}
    assert len(nodes) == big_graph.number_of_nodes() and len(edges) == big_graph.size()
    positions = {(n["x"], n["y"]) for n in nodes}
    assert len(positions) == len(nodes)  # no two nodes stacked
    assert "loadingBar" not in page.split("<body>", 1)[1].split("<script")[0]


def test_same_graph_same_bytes(records: list[dict[str, Any]], tmp_path: Path) -> None:
    from kg.analyze.network import build_network

    first = build_network(records)
    second = build_network(list(reversed(records)))
    one = render_view(first, pagerank(first), tmp_path / "1.html").read_bytes()
    two = render_view(second, pagerank(second), tmp_path / "2.html").read_bytes()
    assert one == two


def test_write_is_atomic(graph: nx.Graph, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "view.html"
    out.write_text("old page")

    def fail(src: object, dst: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OSError, match="disk full"):
        render_view(graph, {}, out)
    assert out.read_text() == "old page"
    assert [p.name for p in tmp_path.iterdir()] == ["view.html"]  # no temp file left


def test_empty_graph_still_renders(tmp_path: Path, vis_data: VisData) -> None:
    page = render_view(nx.Graph(), {}, tmp_path / "e.html").read_text(encoding="utf-8")
    nodes, edges, options = vis_data(page)
    assert nodes == [] and edges == [] and options["physics"]["enabled"] is False


def test_title_is_escaped(graph: nx.Graph, tmp_path: Path) -> None:
    page = render_view(graph, {}, tmp_path / "t.html", title="<i>Bản đồ</i> & co").read_text(
        encoding="utf-8"
    )
    assert "<title>&lt;i&gt;Bản đồ&lt;/i&gt; &amp; co</title>" in page
    assert "<h1>&lt;i&gt;Bản đồ&lt;/i&gt; &amp; co</h1>" in page


@pytest.mark.parametrize(
    ("attrs", "label"),
    [
        ({"label": "Lào Cai", "kind": "provincial_city", "parent": "Lào Cai"}, "TP Lào Cai"),
        ({"label": "Cam Ranh", "kind": "provincial_city", "parent": "Khánh Hòa"}, "Cam Ranh"),
        ({"label": "Lào Cai", "kind": "province", "parent": "Lào Cai"}, "Lào Cai"),
        ({"label": "Hưng Yên", "kind": "provincial_city", "parent": None}, "Hưng Yên"),
    ],
)
def test_display_label(attrs: dict[str, Any], label: str) -> None:
    assert display_label(attrs) == label


def test_make_offline_reads_comments_and_scripts_like_a_browser() -> None:
    page = (
        '<head><link rel="icon" href="data:,"><link rel="stylesheet" href="//cdn/x.css">'
        '<!-- <script src="../vis.js"> </script> -->'
        '<script src="lib/utils.js"></script>'
        "<script>var a = '<script src=\"https://x\">';</script>"
        "<style>a { color: red }</style></head>"
    )
    assert make_offline(page) == (
        '<head><link rel="icon" href="data:,">'
        "<script>var a = '<script src=\"https://x\">';</script>"
        "<style>a { color: red }</style></head>"
    )


def test_external_references_finds_what_would_load() -> None:
    page = (
        '<img src="https://x/a.png"><a href="#top">t</a><script src="//cdn/x.js"></script>'
        '<style>@import "https://x/b.css"; a { background: url(http://x/c.png) }</style>'
        "<script>var u = 'https://not-a-tag';</script>"
    )
    assert external_references(page) == [
        "https://x/a.png",
        "//cdn/x.js",
        "https://x/b.css",
        "http://x/c.png",
    ]
