"""Stable, readable IRIs for our data, minted from ASCII slugs only.

Every segment is made of ``[A-Za-z0-9_.-]``, starting with a letter or digit and not ending
with a dot: rdflib's SPARQL parser mishandles escaped characters in prefixed names, such
segments need no percent-encoding anywhere, and none can be a '.' or '..' path step.
A segment that is not already such a slug is slugified and given a short hash of the
original, so two different inputs never share an IRI by accident.

>>> place_iri("vn/lao-cai")
'https://w3id.org/vnpkg/id/place/vn/lao-cai'
>>> slugify("Ban Thường vụ Tỉnh ủy Đắk Lắk")
'ban-thuong-vu-tinh-uy-dak-lak'
>>> article_graph("000_1f8d.txt")
'https://w3id.org/vnpkg/id/graph/article/000_1f8d.txt'
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata

from kg.model import Fact
from kg.ns import ID

MAX_SLUG = 64
_HASH_LEN = 8
_SAFE_SEGMENT = re.compile(rf"[A-Za-z0-9](?:[A-Za-z0-9_.-]{{0,{MAX_SLUG - 2}}}[A-Za-z0-9_-])?")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
# Letters that NFKD does not decompose into a base letter plus marks.
_FOLD = str.maketrans({"đ": "d", "Đ": "d", "ø": "o", "Ø": "o", "ß": "ss", "æ": "ae", "Æ": "ae"})


def _short_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:_HASH_LEN]


def slugify(text: str, max_len: int = MAX_SLUG) -> str:
    """Lowercase ASCII words joined by '-', never empty, at most ``max_len`` characters.

    Text too long, or with nothing ASCII left, ends with a hash of the original so the slug
    still tells inputs apart.

    >>> slugify("Thành phố Hồ Chí Minh")
    'thanh-pho-ho-chi-minh'
    >>> slugify("🎉")
    'x-6146299c'
    """
    max_len = max(max_len, _HASH_LEN + 2)
    folded = unicodedata.normalize("NFKD", text.translate(_FOLD))
    ascii_text = folded.encode("ascii", "ignore").decode("ascii").lower()
    slug = _NON_ALNUM.sub("-", ascii_text).strip("-")
    if not slug:
        return f"x-{_short_hash(text)}"
    if len(slug) > max_len:
        head = slug[: max_len - _HASH_LEN - 1].rstrip("-")
        return f"{head}-{_short_hash(text)}"
    return slug


def _segment(text: str) -> str:
    """``text`` itself if it is already a safe segment, else its slug plus a hash."""
    if _SAFE_SEGMENT.fullmatch(text):
        return text
    slug = slugify(text, MAX_SLUG - _HASH_LEN - 1)
    return f"{slug}-{_short_hash(text)}"


def _path(place_id: str) -> str:
    return "/".join(_segment(part) for part in place_id.split("/"))


def place_iri(place_id: str) -> str:
    """The locality with gazetteer id ``place_id`` ("vn/lao-cai", "la/bolikhamxai/pakxan")."""
    return f"{ID}place/{_path(place_id)}"


def body_iri(place_id: str, kind: str, name: str) -> str:
    """A body acting for ``place_id``; spelling variants that slugify alike are one body.

    >>> body_iri("vn/lao-cai", "peoples_committee", "UBND tỉnh Lào Cai")
    'https://w3id.org/vnpkg/id/body/vn/lao-cai/peoples-committee/ubnd-tinh-lao-cai'
    """
    return f"{ID}body/{_path(place_id)}/{slugify(kind)}/{slugify(name)}"


def event_key(fact: Fact) -> str:
    """What makes two facts the same event: hashed for the IRI, kept readable for tests."""
    parts = [
        fact.article_id,
        fact.relation,
        sorted((fact.a, fact.b)),
        fact.date,
        fact.year,
        fact.period,
        fact.start,
        fact.end,
    ]
    return json.dumps(parts, ensure_ascii=False, separators=(",", ":"))


def event_iri(fact: Fact) -> str:
    """Deterministic: the same fact read again from the same article gets the same IRI."""
    digest = hashlib.sha256(event_key(fact).encode("utf-8", "surrogatepass")).hexdigest()
    return f"{ID}event/{slugify(fact.relation, 24)}-{digest[:16]}"


def article_iri(article_id: str) -> str:
    return f"{ID}article/{_segment(article_id)}"


def article_graph(article_id: str) -> str:
    """The named graph holding everything read from one article."""
    return f"{ID}graph/article/{_segment(article_id)}"
