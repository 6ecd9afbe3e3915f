"""Hand-made articles, places and facts shared by the store, export and query tests, and
the headless Chromium of the browser tests.

Built here rather than read from the gazetteer or the extractor so that these tests say
what the RDF layer does whatever the data files hold.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, NoReturn

import pytest

from kg.model import Article, Fact, Place
from kg.store.backend import Store
from kg.store.rdf import article_quads

NOW = datetime(2025, 1, 2, 3, 4, 5, tzinfo=UTC)

PLACES: dict[str, Place] = {
    p.id: p
    for p in (
        Place("vn", "Việt Nam", "country", "VN"),
        Place("la", "Lào", "country", "LA"),
        Place(
            "vn/lao-cai",
            "Lào Cai",
            "province",
            "VN",
            parent="vn",
            aliases=("Lao Cai",),
            valid_until=date(2025, 6, 30),
            successor="vn/lao-cai-moi",
        ),
        Place("vn/lao-cai-moi", "Lào Cai", "province", "VN", parent="vn"),
        Place("vn/ha-noi", "Hà Nội", "municipality", "VN", parent="vn", aliases=("Hanoi",)),
        Place("la/bolikhamxai", "Bolikhamxai", "foreign_province", "LA", parent="la"),
        Place(
            "la/bolikhamxai/pakxan", "Pạc Xăn", "foreign_district", "LA", parent="la/bolikhamxai"
        ),
    )
}

ARTICLE = Article(
    id="001_lao-cai",
    text="Tỉnh Lào Cai và huyện Pạc Xăn ký biên bản ghi nhớ hợp tác giai đoạn 2023-2025.",
    source="seeds/001_lao-cai.txt",
    content_hash="sha256:aaaa",
    title="Lào Cai ký kết hợp tác với Pạc Xăn",
    pub_date=date(2024, 3, 5),
    url="https://example.org/lao-cai",
)


def mou_fact(article_id: str = ARTICLE.id, **changes: object) -> Fact:
    values: dict[str, object] = dict(
        article_id=article_id,
        a="la/bolikhamxai/pakxan",
        b="vn/lao-cai",
        relation="signed_mou",
        evidence=ARTICLE.text,
        start=0,
        end=len(ARTICLE.text),
        extractor="rules",
        confidence=0.9,
        date="2024-03-05",
        period="2023-2025",
        a_body="Chính quyền huyện Pạc Xăn",
        a_body_kind="foreign_authority",
        b_body="UBND tỉnh Lào Cai",
        b_body_kind="peoples_committee",
        fields=("trade",),
    )
    values.update(changes)
    return Fact(**values)  # type: ignore[arg-type]


def talks_fact(article_id: str = ARTICLE.id) -> Fact:
    return Fact(
        article_id=article_id,
        a="la/bolikhamxai",
        b="vn/ha-noi",
        relation="held_talks",
        evidence="Hà Nội hội đàm với Bolikhamxai.",
        start=0,
        end=31,
        extractor="rules",
        confidence=0.75,
        year=2023,
    )


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store.open(tmp_path / "kg") as opened:
        yield opened


@pytest.fixture
def filled_store(store: Store) -> Store:
    """One article with one MoU between Pạc Xăn and Lào Cai, another with talks."""
    store.replace_article(ARTICLE, article_quads(ARTICLE, [mou_fact()], PLACES, "test", now=NOW))
    other = Article("002_ha-noi", "Hà Nội hội đàm với Bolikhamxai.", "seeds/002.txt", "sha256:b")
    quads = article_quads(other, [talks_fact(other.id)], PLACES, "test", now=NOW)
    store.replace_article(other, quads)
    return store


@pytest.fixture
def places() -> dict[str, Place]:
    return PLACES


@pytest.fixture
def article() -> Article:
    return ARTICLE


@pytest.fixture
def now() -> datetime:
    return NOW


@pytest.fixture
def make_mou() -> Callable[..., Fact]:
    """``make_mou(**changes)``: the Lào Cai / Pạc Xăn memorandum, with fields changed."""
    return mou_fact


@pytest.fixture
def make_talks() -> Callable[..., Fact]:
    """``make_talks(article_id)``: Hà Nội held talks with Bolikhamxai."""
    return talks_fact


# ---------------------------------------------------------------------------- Chromium

#: Debian's Chromium (``apt-get install chromium``): no Playwright browser download.
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
)


def _browser_unavailable(reason: str) -> NoReturn:
    message = f"browser tests need {reason}"
    if os.environ.get("CI"):
        pytest.fail(f"{message} (CI is set, so this fails instead of skipping)")
    pytest.skip(message)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Headless Chromium, one per test module; each test opens its own context in it.

    Playwright's ``launch`` starts it with a fresh temporary ``--user-data-dir``, deleted on
    close, so no profile, cache or cookie carries over from one module to the next. Without
    Chromium or playwright the test skips, except under CI (``CI`` set), where it fails.
    """
    if not os.path.exists(CHROMIUM):
        _browser_unavailable(f"Chromium at {CHROMIUM} (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _browser_unavailable("the playwright Python package")
    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=CHROMIUM, args=list(CHROMIUM_ARGS))
        yield launched
        launched.close()
