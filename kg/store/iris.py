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
from collections.abc import Iterable

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


_PERIOD = re.compile(r"\s*(\d{4})\s*[-\u2013\u2014/]\s*(\d{4})\s*")
_EVENT_HASH_LEN = 10


def period_years(period: str | None) -> tuple[int, int] | None:
    """'2023-2025' (any dash, spaces allowed) as (2023, 2025); anything else None.

    >>> period_years("2018 - 2023"), period_years("soon")
    ((2018, 2023), None)
    """
    match = _PERIOD.fullmatch(period or "")
    return (int(match.group(1)), int(match.group(2))) if match else None


def fact_year(fact: Fact) -> int | None:
    """The year of the fact, taken from its date when only the date is given."""
    if fact.year is not None:
        return fact.year
    head = (fact.date or "")[:4]
    return int(head) if head.isdigit() else None


def event_key(fact: Fact, parties: Iterable[str] | None = None) -> str:
    """What makes two facts the same event, as canonical JSON (hashed into the IRI).

    An event with a time (date, year or period) is identified by its relation, its parties
    and that time, whatever article reports it, so two articles about one signing describe
    one node. Without any time the article and the sentence span stay in the key.
    ``parties`` (default: the fact's two) names all parties of a multi-party event.
    """
    members = sorted(set(parties) if parties is not None else {fact.a, fact.b})
    period = period_years(fact.period)
    time = [fact.date, fact_year(fact), list(period) if period else fact.period]
    parts: list[object] = [fact.relation, members, time]
    if not any(value is not None for value in time):
        parts += [fact.article_id, fact.start, fact.end]
    return json.dumps(parts, ensure_ascii=False, separators=(",", ":"))


def _when(fact: Fact) -> str:
    """The readable time segment of an event IRI: '2018-09-19', '2022-for-2023-2025', ..."""
    words = []
    year = fact_year(fact)
    if fact.date and _SAFE_SEGMENT.fullmatch(fact.date):
        words.append(fact.date)
    elif year is not None:
        words.append(str(year))
    period = period_years(fact.period)
    if period:
        words.append(f"for-{period[0]}-{period[1]}")
    elif fact.period:
        words.append("for-" + slugify(fact.period, 24))
    return "-".join(words) or "undated"


def event_iri(fact: Fact, parties: Iterable[str] | None = None) -> str:
    """Readable and deterministic: relation, time, parties' names, and a hash of the key.

    >>> from kg.model import Fact
    >>> f = Fact("a1", "vn/lao-cai", "vn/thai-binh", "signed_mou", "...", 0, 9, "rules", 0.9,
    ...          date="2018-09-19")
    >>> event_iri(f).removeprefix(ID).rsplit("-", 1)[0]
    'event/signed-mou/2018-09-19/lao-cai-thai-binh'
    """
    members = sorted(set(parties) if parties is not None else {fact.a, fact.b})
    names = slugify(" ".join(m.rsplit("/", 1)[-1] for m in members), 48)
    digest = hashlib.sha256(event_key(fact, members).encode("utf-8", "surrogatepass"))
    relation = slugify(fact.relation, 24)
    return f"{ID}event/{relation}/{_when(fact)}/{names}-{digest.hexdigest()[:_EVENT_HASH_LEN]}"


def attestation_iri(event: str, article_id: str, start: int, end: int) -> str:
    """One article's statement of ``event``, from the sentence at ``start``..``end``."""
    return f"{event}/attestation/{_segment(article_id)}/{start}-{end}"


def extraction_iri(article_id: str) -> str:
    """The (latest) run of the extractor over one article."""
    return f"{ID}extraction/{_segment(article_id)}"


def agent_iri(version: str) -> str:
    """The kg software, in one version, as a prov:SoftwareAgent."""
    return f"{ID}agent/kg/{_segment(version or 'unknown')}"


def outlet_iri(host: str) -> str:
    """A news outlet, by the web host it publishes on ('baolaocai.vn')."""
    return f"{ID}outlet/{_segment(host.lower())}"


def field_iri(code: str) -> str:
    """A concept of the fields-of-cooperation scheme (``ontology/fields.ttl``)."""
    return f"{ID}field/{_segment(code)}"


def legal_act_iri(act_id: str) -> str:
    """A law or resolution, by its id in ``kg/data/legal_acts.tsv`` ('vn/nq-202-2025-qh15')."""
    return f"{ID}act/{_path(act_id)}"


# Names Windows reserves for devices, whatever the extension ("nul.txt" is NUL too).
_RESERVED = frozenset(
    ["con", "prn", "aux", "nul"] + [f"{d}{i}" for d in ("com", "lpt") for i in range(1, 10)]
)
_SAFE_FILE = re.compile(r"[a-z0-9](?:[a-z0-9_.-]{0,62}[a-z0-9_-])?")


def file_name(text: str, suffix: str = "") -> str:
    """A file name made from article data (an id, a name) that stays in the folder it is put in.

    Lowercase ASCII, at most 64 characters before ``suffix``; never '.', '..', a path, a
    hidden file or a Windows device name. A ``text`` that is not already such a name becomes
    its slug plus a hash of it, so names differ when texts differ (also on case-insensitive
    file systems).

    >>> file_name("001_lao-cai.txt", ".ttl")
    '001_lao-cai.txt.ttl'
    >>> file_name("../../etc/passwd")
    'etc-passwd-3754d6cb'
    >>> file_name("NUL.txt")
    'nul-txt-0241e4ee'
    """
    if _SAFE_FILE.fullmatch(text) and text.split(".")[0] not in _RESERVED:
        return text + suffix
    digest = _short_hash(text)
    slug = slugify(text)  # ends with the hash already when cut or made of no ASCII
    if not slug.endswith(f"-{digest}"):
        slug = f"{slug[: MAX_SLUG - _HASH_LEN - 1].rstrip('-')}-{digest}"
    return slug + suffix


def article_iri(article_id: str) -> str:
    return f"{ID}article/{_segment(article_id)}"


def article_graph(article_id: str) -> str:
    """The named graph holding everything read from one article."""
    return f"{ID}graph/article/{_segment(article_id)}"
