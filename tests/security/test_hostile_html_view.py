"""Article text in the HTML view is text: no tag, handler or link from an article comes alive.

The page is the one ``kg view`` writes for the hostile corpus (``hostile.py``). The static
tests read its HTML; the browser tests open it in headless Chromium, where every attack
would set ``window.pwned`` or open a dialog.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hostile import (
    EVIL_FILE,
    GOOD_URL,
    JS_URL,
    PWNED,
    XSS_EVIDENCE,
    XSS_TITLE,
    Built,
    kg,
    live_markup,
)

SETTLE_MS = 120_000


def test_view_holds_no_live_markup_from_the_articles(view_page: Path) -> None:
    page = view_page.read_text(encoding="utf-8")
    assert live_markup(page) == []
    assert "&lt;script&gt;pwned=12&lt;/script&gt;" in page  # the --title, escaped


def test_run_writes_the_same_safe_page(built: Built, tmp_path: Path) -> None:
    store = built.copy(tmp_path / "store")
    result = kg("run", str(built.corpus), "--store", str(store), "--out", str(tmp_path / "out"))
    assert result.code == 0, result.err
    page = (tmp_path / "out" / "network.html").read_text(encoding="utf-8")
    assert live_markup(page) == []


class Opened:
    """The page in a fresh context; dialogs and requests beyond the file are recorded."""

    def __init__(self, browser: Any, path: Path) -> None:
        self.context = browser.new_context(viewport={"width": 1200, "height": 900})
        self.url = path.resolve().as_uri()
        self.dialogs: list[str] = []
        self.requests: list[str] = []
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("dialog", self._dialog)
        self.page.goto(self.url)
        self.page.wait_for_function("window.kgStable === true", timeout=SETTLE_MS)

    def _route(self, route: Any) -> None:
        if route.request.url == self.url:
            route.continue_()
        else:
            self.requests.append(route.request.url)  # an <img src=x> would ask for x
            route.abort()

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def pwned(self) -> Any:
        return self.page.evaluate(f"typeof window.{PWNED}")


@pytest.fixture(scope="module")
def opened(browser: Any, view_page: Path) -> Iterator[Opened]:
    page = Opened(browser, view_page)
    yield page
    page.context.close()


def _tooltip_of(opened: Opened, text: str) -> Any:
    """Hover the link whose agreements mention ``text``; return the tooltip element."""
    point = opened.page.evaluate(
        """(text) => {
          const id = edges.get().find(e => e.title.textContent.includes(text)).id;
          const edge = network.body.edges[id];
          const p = network.getPositions([edge.fromId, edge.toId]);
          const a = p[edge.fromId], b = p[edge.toId];
          let point = {x: (a.x + b.x) / 2, y: (a.y + b.y) / 2};
          try { const c = edge.edgeType.getPoint(0.5); if (isFinite(c.x)) point = c; } catch (e) {}
          const dom = network.canvasToDOM(point);
          const box = document.querySelector('#mynetwork canvas').getBoundingClientRect();
          return {x: dom.x + box.left, y: dom.y + box.top};
        }""",
        text,
    )
    opened.page.mouse.move(point["x"] - 4, point["y"] - 4)
    opened.page.mouse.move(point["x"], point["y"], steps=4)
    tooltip = opened.page.locator("div.vis-tooltip")
    tooltip.wait_for(state="visible", timeout=5_000)
    return tooltip


@pytest.mark.browser
def test_no_script_from_the_articles_runs(opened: Opened) -> None:
    opened.page.wait_for_timeout(300)  # an onerror handler would have fired by now
    assert opened.pwned() == "undefined"
    assert opened.dialogs == []
    assert opened.requests == []
    assert opened.page.title() == "Mạng <script>pwned=12</script> lưới"  # shown as text


@pytest.mark.browser
def test_hostile_evidence_and_title_show_as_text_on_hover(opened: Opened) -> None:
    tooltip = _tooltip_of(opened, "Thái Bình ký biên bản")
    shown = tooltip.inner_text()
    assert XSS_EVIDENCE in shown  # every tag, quote and handler visible as written
    assert XSS_TITLE in shown
    assert tooltip.locator("script, img, svg, iframe").count() == 0
    hrefs = [a.get_attribute("href") for a in tooltip.locator("a").all()]
    assert all(h.startswith(("http://", "https://")) for h in hrefs), hrefs
    opened.page.wait_for_timeout(300)
    assert opened.pwned() == "undefined" and opened.dialogs == []


@pytest.mark.browser
def test_hostile_file_name_shows_as_text_on_hover(opened: Opened) -> None:
    tooltip = _tooltip_of(opened, "Hà Giang và UBND tỉnh Cao Bằng")
    assert EVIL_FILE in tooltip.inner_text()
    assert tooltip.locator("img").count() == 0
    assert opened.pwned() == "undefined"


@pytest.mark.browser
def test_sources_link_only_to_http_urls(opened: Opened) -> None:
    anchors = opened.page.evaluate(
        """() => edges.get().concat(nodes.get()).flatMap(item => item.title instanceof Element
             ? Array.from(item.title.querySelectorAll('a')).map(a => a.getAttribute('href'))
             : [])"""
    )
    assert GOOD_URL in anchors
    assert all(re.match(r"https?://", href) for href in anchors), anchors
    tooltip = _tooltip_of(opened, "Nghệ An và UBND tỉnh Hà Tĩnh")
    assert tooltip.locator("a").count() == 0  # the javascript: URL is not a link
    assert "Nghệ An <script>pwned=10</script> ký với Hà Tĩnh" in tooltip.inner_text()
    assert JS_URL not in [a.get_attribute("href") for a in tooltip.locator("a").all()]


@pytest.mark.browser
def test_clicked_details_and_search_keep_text_as_text(opened: Opened) -> None:
    page = opened.page
    page.evaluate(
        """() => { const id = edges.get().find(
             e => e.title.textContent.includes('Thái Bình ký biên bản')).id;
           network.selectEdges([id]);
           network.body.emitter.emit('click',
             {nodes: [], edges: [id], event: {}, pointer: {}}); }"""
    )
    details = page.locator("#kg-details")
    details.get_by_text("pwned=5", exact=False).first.wait_for(timeout=5_000)
    assert details.locator("script, img, svg").count() == 0
    page.fill("#kg-search-input", "<img src=x onerror=pwned=13>")
    page.press("#kg-search-input", "Enter")
    page.wait_for_timeout(300)
    assert opened.pwned() == "undefined" and opened.dialogs == [] and opened.requests == []


@pytest.mark.browser
def test_control_characters_do_not_break_the_page(opened: Opened) -> None:
    tooltip = _tooltip_of(opened, "UBND tỉnh Sơn La")
    shown = tooltip.inner_text()
    assert "UBND tỉnh Sơn La" in shown and "Điện Biên" in shown
    assert opened.pwned() == "undefined" and opened.dialogs == []
