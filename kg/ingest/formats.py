"""Turning the bytes of one input into Article records: plain text, HTML pages, JSON Lines.

Each function is pure (bytes in, articles out); ``kg.ingest.read`` does the file I/O.
Every input is untrusted: a JSON line may hold lone surrogates (``"\\ud800"``), nesting
deep enough to exhaust the parser, or a ``javascript:`` URL. Such text is repaired
(``plain_text``), such URLs are dropped (``web_url``), and a line that cannot be parsed is
reported for that line only.
"""

from __future__ import annotations

import hashlib
import json
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
_URL_FORBIDDEN = re.compile(r"[\x00-\x20\x7f-\x9f<>\"{}|\\^`]")


def plain_text(text: str) -> str:
    """``text`` in NFC with lone surrogates (possible in JSON, never valid UTF-8) as U+FFFD.

    >>> plain_text("Lào Cai \\ud800")
    'Lào Cai \\ufffd'
    """
    return nfc(_SURROGATE.sub("\ufffd", text))


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
    text = decode_text(source, data)
    return Article(
        id=article_id,
        text=text,
        source=source,
        content_hash=_content_hash(text),
        title=find_title(text),
        pub_date=find_pub_date(text),
    )


def html_article(article_id: str, source: str, data: bytes) -> Article:
    """A news page: trafilatura keeps the story and drops navigation, teasers and comments."""
    import trafilatura  # a second or so to import: only when a page is read

    html = decode_text(source, data)
    extracted: Any = trafilatura.bare_extraction(
        html, with_metadata=True, include_comments=False, include_tables=False
    )
    if extracted is None:
        raise InputError(source, "HTML page with no article text")
    record = extracted if isinstance(extracted, dict) else extracted.as_dict()
    body = plain_text((record.get("text") or "").strip())
    if len(body.split()) < MIN_WORDS:  # a menu or a link list, not a story
        raise InputError(source, "HTML page with no article text")
    title = plain_text(record["title"]) if record.get("title") else None
    text = f"{title}\n\n{body}" if title and not body.startswith(title) else body
    return Article(
        id=article_id,
        text=text,
        source=source,
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
        text = plain_text(text.replace("\r\n", "\n"))
        title = plain_text(record["title"]) if isinstance(record.get("title"), str) else None
        if title and not text.lstrip().startswith(title):
            text = f"{title}\n\n{text}"
        identifier = record.get("id") or record.get("url") or where
        yield Article(
            id=_SURROGATE.sub("\ufffd", str(identifier)),
            text=text,
            source=_SURROGATE.sub("\ufffd", str(record.get("url") or where)),
            content_hash=_content_hash(text),
            title=title or find_title(text),
            pub_date=parse_date(record.get("date")) or find_pub_date(text),
            url=web_url(record.get("url")),
        )
