"""Turning the bytes of one input into Article records: plain text, HTML pages, JSON Lines.

Each function is pure (bytes in, articles out); ``kg.ingest.read`` does the file I/O.
Every input is untrusted: text may hold terminal escapes or NUL, a JSON line lone
surrogates (``"\\ud800"``) or nesting deep enough to exhaust the parser, a page a
``javascript:`` URL. Control characters become U+FFFD, one for one (``plain_text``), so
that no article text can drive a terminal or make an XML export invalid; such URLs are
dropped (``web_url``); a line that cannot be parsed is reported for that line only.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

from kg.errors import InputError
from kg.ingest.metadata import find_pub_date, find_title, parse_date
from kg.model import Article
from kg.resolve.normalize import nfc

TEXT_FIELDS = ("text", "content", "body")
MIN_WORDS = 12
MAX_URL = 2048
_SURROGATE = re.compile("[\ud800-\udfff]")
# Control characters (but tab and newline), lone surrogates and the two non-characters
# XML 1.0 cannot hold, even escaped.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_URL_FORBIDDEN = re.compile(r"[\x00-\x20\x7f-\x9f<>\"{}|\\^`]")
#: libxml2, under trafilatura, drops whatever lies deeper than this many elements.
MAX_HTML_DEPTH = 255
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)[^>]*?(/?)>")
_VOID = frozenset((
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
    "source", "track", "wbr",
))  # fmt: skip


def plain_text(text: str) -> str:
    """``text`` in NFC, lines ending in "\\n", and every other control character as U+FFFD.

    Lone surrogates (possible in JSON, never in UTF-8) are replaced too, each by one
    U+FFFD.

    >>> plain_text("Lào Cai\\x1b[31m\\r\\nđỏ\\x00 \\ud800")
    'Lào Cai\\ufffd[31m\\nđỏ\\ufffd \\ufffd'
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return nfc(_CONTROL.sub("\ufffd", text))


def inert(name: str) -> str:
    """An id or a path with its control characters as U+FFFD, and nothing else changed.

    >>> inert("001\\x1b[2J.txt")
    '001\\ufffd[2J.txt'
    """
    return _CONTROL.sub("\ufffd", name)


def web_url(value: object) -> str | None:
    """``value`` if it is an absolute http(s) URL with a host, else None.

    Pages and corpora name their own URL; ``javascript:``, ``data:``, relative, malformed
    or over-long addresses are not kept, so nothing downstream links to them.

    >>> web_url("https://baolaocai.vn/a-1.html"), web_url("javascript:alert(1)")
    ('https://baolaocai.vn/a-1.html', None)
    >>> web_url("http://[::1"), web_url("https://x.vn/a b")
    (None, None)
    """
    if not isinstance(value, str) or len(value) > MAX_URL or _URL_FORBIDDEN.search(value):
        return None
    if _SURROGATE.search(value):
        return None
    try:
        parts = urlsplit(value)
        host = parts.hostname
        parts.port  # noqa: B018 - raises ValueError on a malformed port
    except ValueError:
        return None
    return value if parts.scheme.lower() in ("http", "https") and host else None


def too_deep(html: str, limit: int = MAX_HTML_DEPTH) -> bool:
    """Whether elements of ``html`` nest deeper than ``limit`` (void and self-closed aside).

    >>> too_deep("<div>" * 300), too_deep("<p><br><img src=x></p>" * 300)
    (True, False)
    """
    depth = 0
    for match in _TAG.finditer(html):
        closing, name, self_closed = match.groups()
        if name.lower() in _VOID or self_closed:
            continue
        depth = max(depth - 1, 0) if closing else depth + 1
        if depth > limit:
            return True
    return False


def _content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def decode_text(source: str, data: bytes) -> str:
    """Bytes of a text article to NFC text, or an InputError that says what is wrong."""
    if not data.strip():
        raise InputError(source, "empty file, no article text")
    if b"\x00" in data[:8192]:
        raise InputError(source, "binary file, not a text article")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise InputError(
            source, f"not UTF-8 text (undecodable byte at offset {err.start})"
        ) from None
    return nfc(text.replace("\r\n", "\n").replace("\r", "\n"))


def text_article(article_id: str, source: str, data: bytes) -> Article:
    """A plain-text article: the title is its first line, the date its dateline."""
    text = plain_text(decode_text(source, data))
    return Article(
        id=inert(article_id),
        text=text,
        source=inert(source),
        content_hash=_content_hash(text),
        title=find_title(text),
        pub_date=find_pub_date(text),
    )


def html_article(article_id: str, source: str, data: bytes) -> Article:
    """A news page: trafilatura keeps the story and drops navigation, teasers and comments."""
    import trafilatura  # a second or so to import: only when a page is read

    # Its warnings ("discarding data: None") say nothing a user can act on: ours do.
    logging.getLogger("trafilatura").setLevel(logging.ERROR)
    html = decode_text(source, data)
    extracted: Any = trafilatura.bare_extraction(
        html, with_metadata=True, include_comments=False, include_tables=False
    )
    if extracted is None:
        if too_deep(html):
            raise InputError(
                source, f"HTML nested too deeply to read (over {MAX_HTML_DEPTH} levels)"
            )
        raise InputError(source, "HTML page with no article text")
    record = extracted if isinstance(extracted, dict) else extracted.as_dict()
    body = plain_text((record.get("text") or "").strip())
    if len(body.split()) < MIN_WORDS:  # a menu or a link list, not a story
        raise InputError(source, "HTML page with no article text")
    title = plain_text(record["title"]) if record.get("title") else None
    text = f"{title}\n\n{body}" if title and not body.startswith(title) else body
    return Article(
        id=inert(article_id),
        text=text,
        source=inert(source),
        content_hash=_content_hash(text),
        title=title or find_title(text),
        pub_date=parse_date(record.get("date")) or find_pub_date(text),
        url=web_url(record.get("url")),
    )


def jsonl_articles(source: str, lines: Iterator[bytes]) -> Iterator[Article | InputError]:
    """One article per JSON line with ``text`` (or content/body) and optional url, title, date.

    A line that is not JSON or has no text is reported as an error for that line only.
    The id is ``id``, else the URL, else ``FILE:LINE``; only an http(s) ``url`` is kept.
    """
    for number, raw in enumerate(lines, 1):
        where = f"{source}:{number}"
        if not raw.strip():
            continue
        try:
            record = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as err:
            yield InputError(where, f"not a JSON object ({err.__class__.__name__})")
            continue
        except ValueError:  # an integer of thousands of digits
            yield InputError(where, "JSON number too long")
            continue
        except RecursionError:
            yield InputError(where, "JSON nested too deeply")
            continue
        if not isinstance(record, dict):
            yield InputError(where, "not a JSON object")
            continue
        text = next((record[f] for f in TEXT_FIELDS if isinstance(record.get(f), str)), None)
        if not text or not text.strip():
            yield InputError(where, "no article text (expected a 'text' field)")
            continue
        text = plain_text(text)
        title = plain_text(record["title"]) if isinstance(record.get("title"), str) else None
        if title and not text.lstrip().startswith(title):
            text = f"{title}\n\n{text}"
        identifier = record.get("id") or record.get("url") or where
        yield Article(
            id=inert(str(identifier)),
            text=text,
            source=inert(str(record.get("url") or where)),
            content_hash=_content_hash(text),
            title=title or find_title(text),
            pub_date=parse_date(record.get("date")) or find_pub_date(text),
            url=web_url(record.get("url")),
        )
