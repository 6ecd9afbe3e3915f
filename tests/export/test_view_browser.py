"""The HTML view in a real headless Chromium, with every network request refused.

The ``browser`` fixture (tests/conftest.py) needs Debian's Chromium at /usr/bin/chromium (no
Playwright browser download). Without it these tests skip, except under CI (``CI`` set),
where they fail.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from kg.analyze.measures import degree, pagerank
from kg.export.view import render_view

pytestmark = pytest.mark.browser

SETTLE_MS = 120_000


@dataclass
class Opened:
    page: Any
    url: str
    blocked: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)


@pytest.fixture
def open_view(browser: Any) -> Iterator[Any]:
    contexts = []

    def open_(path: Path) -> Opened:
        context = browser.new_context(viewport={"width": 1200, "height": 900})
        contexts.append(context)
        url = path.resolve().as_uri()
        opened = Opened(context.new_page(), url)

        def route(route: Any) -> None:
            if route.request.url == url:
                route.continue_()
            else:
                if route.request.url not in opened.blocked:
                    opened.blocked.append(route.request.url)
                route.abort()

        context.route("**/*", route)
        page = opened.page

        def request(r: Any) -> None:
            if r.url != url and r.url not in opened.blocked:
                opened.blocked.append(r.url)

        def console(m: Any) -> None:
            if m.type == "error":
                opened.errors.append(m.text)

        page.on("request", request)
        page.on("websocket", lambda ws: opened.blocked.append(f"websocket {ws.url}"))
        page.on("console", console)
        page.on("pageerror", lambda e: opened.errors.append(str(e)))

        def dialog(d: Any) -> None:
            opened.dialogs.append(d.message)
            d.dismiss()

        page.on("dialog", dialog)
        page.goto(url)
        page.wait_for_function("window.kgStable === true", timeout=SETTLE_MS)
        return opened

    yield open_
    for context in contexts:
        context.close()


@pytest.fixture
def small(graph: nx.Graph, tmp_path: Path, open_view: Any) -> Opened:
    return open_view(render_view(graph, pagerank(graph), tmp_path / "view.html"))


def assert_clean(opened: Opened) -> None:
    assert opened.blocked == [], f"the page asked the network for {opened.blocked}"
    assert opened.errors == [], f"console or page errors: {opened.errors}"
    assert opened.dialogs == [], f"a script from the data ran: {opened.dialogs}"


DRAWN_PIXELS = """() => {
  const canvas = document.querySelector('#mynetwork canvas');
  const ctx = canvas.getContext('2d');
  const data = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
  let drawn = 0;
  for (let i = 0; i < data.length; i += 4) {
    const [r, g, b, a] = [data[i], data[i + 1], data[i + 2], data[i + 3]];
    if (a > 0 && !(r > 250 && g > 250 && b > 250)) drawn++;
  }
  return drawn;
}"""

# The page point of the middle of an edge, on its curve when vis-network can tell.
EDGE_POINT = """(id) => {
  const edge = network.body.edges[id];
  let point;
  try { point = edge.edgeType.getPoint(0.5); } catch (e) { point = null; }
  if (!point || !isFinite(point.x)) {
    const p = network.getPositions([edge.fromId, edge.toId]);
    const a = p[edge.fromId], b = p[edge.toId];
    point = {x: (a.x + b.x) / 2, y: (a.y + b.y) / 2};
  }
  const dom = network.canvasToDOM(point);
  const box = document.querySelector('#mynetwork canvas').getBoundingClientRect();
  return {x: dom.x + box.left, y: dom.y + box.top, hit: network.getEdgeAt(dom)};
}"""


def edge_id(opened: Opened, text: str) -> str:
    found = opened.page.evaluate(
        "(text) => edges.get().filter(e => e.title.textContent.includes(text)).map(e => e.id)",
        text,
    )
    assert len(found) == 1, found
    return str(found[0])


def hover_edge(opened: Opened, text: str) -> str:
    """Move the real mouse onto the edge whose agreements mention ``text``; the tooltip."""
    point = opened.page.evaluate(EDGE_POINT, edge_id(opened, text))
    assert point["hit"] == edge_id(opened, text), "another item lies on the edge's middle"
    opened.page.mouse.move(point["x"] - 3, point["y"] - 3)
    opened.page.mouse.move(point["x"], point["y"], steps=3)
    tooltip = opened.page.locator("div.vis-tooltip")
    tooltip.wait_for(state="visible", timeout=5_000)
    return str(tooltip.inner_text())


def test_loads_nothing_and_logs_no_error(small: Opened) -> None:
    assert small.page.evaluate("typeof vis.Network") == "function"
    assert small.page.evaluate("nodes.length") == 6
    assert_clean(small)


def test_the_canvas_is_drawn(small: Opened) -> None:
    assert small.page.evaluate(DRAWN_PIXELS) > 2_000


def test_hovering_an_edge_shows_its_evidence(small: Opened, mou_evidence: str) -> None:
    text = hover_edge(small, "Pạc Xăn ký biên bản")
    assert mou_evidence in text
    assert "signed_mou" in text and "Tin e1" in text
    link = small.page.locator("div.vis-tooltip a")
    assert link.get_attribute("href") == "https://example.org/lao-cai?a=1&b=2"
    assert_clean(small)


def test_markup_in_the_evidence_stays_text(small: Opened, evil: str) -> None:
    text = hover_edge(small, "alert(1)")
    assert evil in text  # shown literally, tags and all
    tooltip = small.page.locator("div.vis-tooltip")
    assert tooltip.locator("script, img, a").count() == 0
    small.page.wait_for_timeout(300)  # an onerror handler would have fired by now
    assert small.dialogs == []
    assert small.page.evaluate("document.querySelectorAll('script').length") == 4
    assert_clean(small)


def test_hovering_a_node_shows_its_details(small: Opened) -> None:
    box = small.page.evaluate(
        """() => { const dom = network.canvasToDOM(network.getPositions(['vn/lao-cai/lao-cai'])
                     ['vn/lao-cai/lao-cai']);
                   const r = document.querySelector('#mynetwork canvas').getBoundingClientRect();
                   return {x: dom.x + r.left, y: dom.y + r.top}; }"""
    )
    small.page.mouse.move(box["x"] + 2, box["y"] + 2, steps=3)
    tooltip = small.page.locator("div.vis-tooltip")
    tooltip.wait_for(state="visible", timeout=5_000)
    text = tooltip.inner_text()
    assert "TP Lào Cai" in text and "provincial_city" in text and "partners: 1" in text


def test_clicking_an_edge_keeps_its_details_below(small: Opened, mou_evidence: str) -> None:
    point = small.page.evaluate(EDGE_POINT, edge_id(small, "Pạc Xăn ký biên bản"))
    small.page.mouse.click(point["x"], point["y"])
    details = small.page.locator("#kg-details")
    details.get_by_text(mou_evidence).wait_for(timeout=5_000)
    assert_clean(small)


def test_big_graph_draws_without_physics(
    big_graph: nx.Graph, tmp_path: Path, open_view: Any
) -> None:
    opened = open_view(render_view(big_graph, degree(big_graph), tmp_path / "big.html"))
    assert opened.page.evaluate("network.physics.options.enabled") is False
    assert opened.page.evaluate("nodes.length") == big_graph.number_of_nodes()
    assert opened.page.evaluate(DRAWN_PIXELS) > 2_000
    assert_clean(opened)


def test_searching_lao_cai_selects_its_node(small: Opened) -> None:
    small.page.fill("#kg-search-input", "Lào Cai")
    small.page.press("#kg-search-input", "Enter")
    assert small.page.evaluate("network.getSelectedNodes()") == ["vn/lao-cai"]
    assert small.page.inner_text("#kg-status") == "Selected: Lào Cai"
    assert "kind: province" in small.page.inner_text("#kg-details")
    small.page.fill("#kg-search-input", "tp lao cai")  # no diacritics, the city
    small.page.click("#kg-search button[type=submit]")
    assert small.page.evaluate("network.getSelectedNodes()") == ["vn/lao-cai/lao-cai"]
    assert_clean(small)


VISIBLE = "() => nodes.get({filter: n => !n.hidden}).map(n => n.id).sort()"
VISIBLE_EDGES = "() => edges.get({filter: e => !e.hidden}).length"


def test_filters_work_in_the_page(small: Opened) -> None:
    page = small.page
    page.uncheck("input[data-relation=held_talks]")
    assert "cn/yunnan" not in page.evaluate(VISIBLE)
    assert page.evaluate(VISIBLE_EDGES) == 3
    page.click("#kg-reset")
    page.fill("#kg-from", "2019")
    page.dispatch_event("#kg-from", "change")
    assert page.evaluate(VISIBLE) == [
        "cn/yunnan", "la/bolikhamxai/pakxan", "vn/ha-noi", "vn/lao-cai",
    ]  # fmt: skip
    page.click("#kg-reset")
    page.select_option("#kg-country", "CN")
    assert page.evaluate(VISIBLE) == ["cn/hekou", "cn/yunnan", "vn/lao-cai", "vn/lao-cai/lao-cai"]
    assert page.inner_text("#kg-shown") == "4 localities, 2 links shown"
    page.click("#kg-reset")
    assert len(page.evaluate(VISIBLE)) == 6
    page.select_option("#kg-colour", "country")
    assert page.evaluate("nodes.get('cn/yunnan').color") != page.evaluate(
        "nodes.get('vn/lao-cai').color"
    )
    assert page.is_visible("#kg-legend-countries") and not page.is_visible("#kg-legend-groups")
    assert_clean(small)
