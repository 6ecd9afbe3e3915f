"""Duplicate articles: the same text from two outlets or two crawls is extracted once.

Two articles are duplicates when everything extraction reads is the same: the text (its
content hash), the title and the publication date (which anchors dates without a year).
The first copy is extracted; its facts are kept in a ``FactCache`` on disk, keyed by
``dedup_key``; every later copy, in this build or a later one, gets its own article graph
from those facts without any extraction, so both sources stay in the store.

>>> from kg.model import Article
>>> a = Article("a.txt", "Hai tỉnh ký kết.", "a.txt", "h1")
>>> b = Article("https://x.vn/b", "Hai tỉnh ký kết.", "https://x.vn/b", "h1")
>>> dedup_key(a) == dedup_key(b)
True
>>> with FactCache.open(None) as cache:
...     cache.put(dedup_key(a), encode(a.id, [], []))
...     cache.get(dedup_key(b)).first_id
'a.txt'
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import sqlite3
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from kg import __version__
from kg.closing import Closing
from kg.model import Article, Fact, Place

log = logging.getLogger(__name__)

CACHE_FILE = "kg-build-cache.sqlite"
_COMMIT_EVERY = 200


def dedup_key(article: Article) -> str:
    """What makes two articles give the same facts (and the extractor version that read them)."""
    pub_date = article.pub_date.isoformat() if article.pub_date else None
    parts = [__version__, article.content_hash, article.title, pub_date]
    return hashlib.sha256(json.dumps(parts, ensure_ascii=False).encode()).hexdigest()


@dataclass(frozen=True)
class Cached:
    """The facts of the first copy of a text, ready to be given to another copy."""

    first_id: str
    facts: tuple[Fact, ...]
    places: tuple[Place, ...]  # the places this text added to the shipped gazetteer

    def facts_for(self, article_id: str) -> list[Fact]:
        return [dataclasses.replace(f, article_id=article_id) for f in self.facts]


_FACT_FIELDS = tuple(f.name for f in dataclasses.fields(Fact) if f.name != "article_id")


def _place_record(place: Place) -> dict[str, Any]:
    record: dict[str, Any] = {f.name: getattr(place, f.name) for f in dataclasses.fields(Place)}
    record["valid_until"] = place.valid_until.isoformat() if place.valid_until else None
    return record


def _place(record: dict[str, Any]) -> Place:
    until = record.get("valid_until")
    return Place(
        **{
            **record,
            "aliases": tuple(record.get("aliases") or ()),
            "valid_until": date.fromisoformat(until) if until else None,
        }
    )


def _fact(record: dict[str, Any]) -> Fact:
    return Fact(**{**record, "article_id": "", "fields": tuple(record.get("fields") or ())})


def encode(first_id: str, facts: Sequence[Fact], places: Sequence[Place]) -> str:
    """The cache entry of a text first read as ``first_id`` (made where it was extracted)."""
    value = {
        "id": first_id,
        "facts": [{k: getattr(f, k) for k in _FACT_FIELDS} for f in facts],
        "places": [_place_record(p) for p in places],
    }
    return json.dumps(value, ensure_ascii=False)


class FactCache(Closing):
    """Facts per ``dedup_key`` in a SQLite file; open with ``FactCache.open(path)``.

    ``None`` opens a temporary file, deleted on close. Losing the cache only costs work: a
    text missing from it is extracted again.
    """

    def __init__(self, db: sqlite3.Connection, temporary: tempfile.TemporaryDirectory[str] | None):
        self._db = db
        self._temporary = temporary
        self._uncommitted = 0

    @classmethod
    def open(cls, path: Path | None) -> FactCache:
        temporary = None
        if path is None:
            temporary = tempfile.TemporaryDirectory(prefix="kg-cache-")
            path = Path(temporary.name) / CACHE_FILE
        db = sqlite3.connect(str(path))
        db.execute("PRAGMA synchronous = OFF")  # a lost entry is re-extracted, never wrong
        db.execute("CREATE TABLE IF NOT EXISTS facts (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        return cls(db, temporary)

    def get(self, key: str) -> Cached | None:
        row = self._db.execute("SELECT value FROM facts WHERE key = ?", (key,)).fetchone()
        if row is None:
            return None
        try:
            value = json.loads(row[0])
            return Cached(
                value["id"],
                tuple(_fact(f) for f in value["facts"]),
                tuple(_place(p) for p in value["places"]),
            )
        except (ValueError, KeyError, TypeError) as err:  # written by another version
            log.debug("ignoring cache entry %s: %s", key, err)
            return None

    def put(self, key: str, value: str) -> None:
        """Keep ``value`` (from ``encode``) for the text with ``key``."""
        self._db.execute("INSERT OR REPLACE INTO facts VALUES (?, ?)", (key, value))
        self._uncommitted += 1
        if self._uncommitted >= _COMMIT_EVERY:
            self._db.commit()
            self._uncommitted = 0

    def close(self) -> None:
        self._db.commit()
        self._db.close()
        if self._temporary is not None:
            self._temporary.cleanup()


def cache_path(store: object) -> Path | None:
    """Where a store keeps its cache: inside a local store's directory, else nowhere."""
    path = getattr(store, "path", None)
    return path / CACHE_FILE if isinstance(path, Path) and path.is_dir() else None
