"""Reading articles from disk: the only module of ingest that does input I/O."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable, Iterator
from pathlib import Path

from kg.errors import InputError
from kg.ingest.metadata import find_pub_date, find_title
from kg.model import Article
from kg.resolve.normalize import nfc

log = logging.getLogger(__name__)

ARTICLE_SUFFIXES = (".txt",)
MAX_BYTES = 20 * 1024 * 1024


def decode_article(path: Path, data: bytes) -> str:
    """Bytes of a text article to NFC text, or an InputError that says what is wrong."""
    if not data.strip():
        raise InputError(str(path), "empty file, no article text")
    if b"\x00" in data[:8192]:
        raise InputError(str(path), "binary file, not a text article")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise InputError(
            str(path), f"not UTF-8 text (undecodable byte at offset {err.start})"
        ) from None
    return nfc(text.replace("\r\n", "\n").replace("\r", "\n"))


def read_article(path: Path) -> Article:
    """Read one .txt article; its id is the file name.

    The title is the first line when it looks like one; the publication date comes from a
    dateline such as "(14:43 19/07/2024)" when the article has one.
    """
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise InputError(str(path), f"file too large ({size} bytes, limit {MAX_BYTES})")
        data = path.read_bytes()
    except OSError as err:
        raise InputError(str(path), err.strerror or "cannot be read") from None
    text = decode_article(path, data)
    return Article(
        id=path.name,
        text=text,
        source=str(path),
        content_hash=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        title=find_title(text),
        pub_date=find_pub_date(text),
    )


def find_article_files(paths: Iterable[Path]) -> list[Path]:
    """The article files named by ``paths`` (files, or folders searched recursively), sorted."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            files = sorted(
                p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in ARTICLE_SUFFIXES
            )
            if not files:
                raise InputError(str(path), "no .txt articles in this folder")
            found.extend(files)
        elif path.is_file():
            found.append(path)
        else:
            raise InputError(str(path), "no such file or folder")
    return found


def iter_articles(paths: Iterable[Path]) -> Iterator[Article | InputError]:
    """Each article in turn, or the error that stopped it from being read."""
    for path in find_article_files(paths):
        try:
            yield read_article(path)
        except InputError as err:
            log.warning("%s", err)
            yield err
