"""Reading articles from disk: the only module of ingest that does input I/O.

A path is a file or a folder (searched recursively). By suffix: ``.txt`` is one plain-text
article, ``.html``/``.htm`` one news page, ``.jsonl`` (or ``.jsonl.gz``, ``.ndjson``) a corpus
of one article per line, read as a stream: memory does not grow with the size of a corpus.

Every input that cannot be read becomes an ``InputError`` naming the file (and the line, for
JSON Lines) and the reason; reading goes on with the next one.
"""

from __future__ import annotations

import gzip
import logging
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO

from kg.errors import InputError
from kg.ingest.formats import html_article, jsonl_articles, text_article
from kg.model import Article

log = logging.getLogger(__name__)

TEXT_SUFFIXES = (".txt",)
HTML_SUFFIXES = (".html", ".htm")
JSONL_SUFFIXES = (".jsonl", ".jsonl.gz", ".ndjson")
ARTICLE_SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES + JSONL_SUFFIXES
MAX_BYTES = 20 * 1024 * 1024  # one article file, or one JSON line; a corpus file has no limit
# A news story is a few thousand characters; extraction time grows with the text (about 5 s
# per million characters), so a text this long is a dump, not an article.
MAX_TEXT_CHARS = 1_000_000
_CHUNK = 1024 * 1024

#: Called with the number of input bytes consumed so far (compressed bytes for .gz).
BytesCallback = Callable[[int], None]


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


def _too_long(article: Article) -> str:
    return f"text too long for one article ({len(article.text)} characters, limit {MAX_TEXT_CHARS})"


def _checked(article: Article) -> Article:
    if len(article.text) > MAX_TEXT_CHARS:
        raise InputError(article.source, _too_long(article))
    return article


def read_article(path: Path) -> Article:
    """Read one .txt or .html article; its id is the file name."""
    data = _read_bytes(path)
    if _kind(path) == "html":
        return _checked(html_article(path.name, str(path), data))
    return _checked(text_article(path.name, str(path), data))


class _Lines:
    """The lines of a binary file; a line over MAX_BYTES is skipped (read in chunks, never held).

    Each skipped line is kept in ``oversized`` and stands as an empty line, so the line
    numbers that ``jsonl_articles`` counts stay right; ``number`` is the last line read.
    """

    def __init__(self, handle: IO[bytes] | gzip.GzipFile, path: Path) -> None:
        self.handle = handle
        self.path = path
        self.number = 0
        self.oversized: list[InputError] = []

    def __iter__(self) -> Iterator[bytes]:
        while line := self.handle.readline(MAX_BYTES + 1):
            self.number += 1
            if len(line) > MAX_BYTES and not line.endswith(b"\n"):
                size = len(line)
                while (rest := self.handle.readline(_CHUNK)) and not rest.endswith(b"\n"):
                    size += len(rest)
                size += len(rest)
                where = f"{self.path}:{self.number}"
                self.oversized.append(
                    InputError(where, f"line too long ({size} bytes, limit {MAX_BYTES})")
                )
                line = b"\n"
            yield line

    def pending(self) -> list[InputError]:
        errors, self.oversized = self.oversized, []
        return errors


def _jsonl_items(path: Path, on_bytes: BytesCallback | None) -> Iterator[Article | InputError]:
    try:
        with open(path, "rb") as raw:
            handle: IO[bytes] | gzip.GzipFile = raw
            if path.name.lower().endswith(".gz"):
                handle = gzip.GzipFile(fileobj=raw, mode="rb")
            lines = _Lines(handle, path)
            for item in jsonl_articles(str(path), iter(lines)):
                yield from lines.pending()
                if on_bytes is not None:
                    on_bytes(raw.tell())
                if isinstance(item, Article) and len(item.text) > MAX_TEXT_CHARS:
                    item = InputError(f"{path}:{lines.number}", _too_long(item))
                yield item
            yield from lines.pending()
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


def input_bytes(files: Iterable[Path]) -> int:
    """The total size of ``files`` on disk: the measure of a build's progress."""
    total = 0
    for path in files:
        try:
            total += path.stat().st_size
        except OSError:
            continue
    return total


def _offset(on_bytes: BytesCallback | None, base: int) -> BytesCallback | None:
    if on_bytes is None:
        return None
    return lambda n: on_bytes(base + n)


def iter_file_articles(
    files: Iterable[Path], on_bytes: BytesCallback | None = None
) -> Iterator[Article | InputError]:
    """Each article of ``files`` in turn, or the error that stopped one input from being read.

    ``on_bytes``, if given, is told how many input bytes have been consumed, as reading goes.
    """
    done = 0
    for path in files:
        try:
            if _kind(path) == "jsonl":
                yield from _jsonl_items(path, _offset(on_bytes, done))
            else:
                yield read_article(path)
        except InputError as err:
            log.debug("%s", err)  # the caller reports it; at WARNING it would show twice
            yield err
        finally:
            done += input_bytes([path])
            if on_bytes is not None:
                on_bytes(done)


def iter_articles(paths: Iterable[Path]) -> Iterator[Article | InputError]:
    """Each article under ``paths`` in turn, or the error that stopped one input being read."""
    yield from iter_file_articles(find_article_files(paths))
