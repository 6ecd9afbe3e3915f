"""Reading articles from disk: the only module of ingest that does input I/O.

A path is a file or a folder (searched recursively). By suffix: ``.txt`` is one plain-text
article, ``.html``/``.htm`` one news page, ``.jsonl`` (or ``.jsonl.gz``) a corpus of one
article per line, read as a stream.
"""

from __future__ import annotations

import gzip
import logging
from collections.abc import Iterable, Iterator
from pathlib import Path

from kg.errors import InputError
from kg.ingest.formats import html_article, jsonl_articles, text_article
from kg.model import Article

log = logging.getLogger(__name__)

TEXT_SUFFIXES = (".txt",)
HTML_SUFFIXES = (".html", ".htm")
JSONL_SUFFIXES = (".jsonl", ".jsonl.gz", ".ndjson")
ARTICLE_SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES + JSONL_SUFFIXES
MAX_BYTES = 20 * 1024 * 1024  # one article; corpora are streamed and have no limit


def _kind(path: Path) -> str | None:
    name = path.name.lower()
    for kind, suffixes in (
        ("jsonl", JSONL_SUFFIXES),
        ("html", HTML_SUFFIXES),
        ("text", TEXT_SUFFIXES),
    ):
        if name.endswith(suffixes):
            return kind
    return None


def _read_bytes(path: Path) -> bytes:
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise InputError(str(path), f"file too large ({size} bytes, limit {MAX_BYTES})")
        return path.read_bytes()
    except OSError as err:
        raise InputError(str(path), err.strerror or "cannot be read") from None


def read_article(path: Path) -> Article:
    """Read one .txt or .html article; its id is the file name."""
    data = _read_bytes(path)
    if _kind(path) == "html":
        return html_article(path.name, str(path), data)
    return text_article(path.name, str(path), data)


def _jsonl_lines(path: Path) -> Iterator[bytes]:
    opener = gzip.open if path.name.lower().endswith(".gz") else open
    try:
        with opener(path, "rb") as handle:
            yield from handle
    except (OSError, EOFError) as err:
        raise InputError(str(path), f"cannot be read ({err})") from None


def find_article_files(paths: Iterable[Path]) -> list[Path]:
    """The input files named by ``paths`` (files, or folders searched recursively), sorted."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and _kind(p))
            if not files:
                kinds = ", ".join(ARTICLE_SUFFIXES)
                raise InputError(str(path), f"no articles in this folder (looked for {kinds})")
            found.extend(files)
        elif path.is_file():
            found.append(path)
        else:
            raise InputError(str(path), "no such file or folder")
    return found


def iter_articles(paths: Iterable[Path]) -> Iterator[Article | InputError]:
    """Each article in turn, or the error that stopped one input from being read."""
    for path in find_article_files(paths):
        try:
            if _kind(path) == "jsonl":
                yield from jsonl_articles(str(path), _jsonl_lines(path))
            else:
                yield read_article(path)
        except InputError as err:
            log.warning("%s", err)
            yield err
