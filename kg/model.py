"""The data that flows through the pipeline, as frozen dataclasses.

ingest -> Article; extract -> Mention, BodyMention, Fact; resolve -> Place.
Everything here is plain data: no I/O, no NLP, no RDF.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

RELATIONS: tuple[str, ...] = (
    "signed_mou",
    "signed_agreement",
    "twinned",
    "held_talks",
    "reviewed_cooperation",
)

# Kinds of place. Vietnamese units as they were before 1 July 2025, then foreign ones.
PLACE_KINDS: tuple[str, ...] = (
    "country",
    "province",  # tỉnh
    "municipality",  # thành phố trực thuộc trung ương (Hà Nội, TP Hồ Chí Minh, ...)
    "provincial_city",  # thành phố thuộc tỉnh / thuộc thành phố trung ương
    "town",  # thị xã
    "urban_district",  # quận
    "rural_district",  # huyện
    "foreign_province",  # Lao khoueng, Cambodian khaet, Chinese sheng, Korean do, Japanese ken ...
    "foreign_district",  # Lao muang, Cambodian srok, Chinese xian/shi ...
)

BODY_KINDS: tuple[str, ...] = (
    "party_committee",  # Tỉnh ủy, Thành ủy, Huyện ủy, Quận ủy, Thị ủy
    "standing_board",  # Ban Thường vụ / Thường trực ... ủy
    "party_office",  # Văn phòng Tỉnh ủy
    "bloc_party_committee",  # Đảng ủy Khối ...
    "peoples_committee",  # UBND / Ủy ban nhân dân
    "peoples_council",  # HĐND / Hội đồng nhân dân
    "fatherland_front",  # Ủy ban MTTQ
    "friendship_union",  # Liên hiệp các tổ chức hữu nghị, Hội hữu nghị
    "foreign_authority",  # chính quyền / Ủy ban chính quyền tỉnh, huyện of a foreign locality
)


@dataclass(frozen=True)
class Article:
    """One news article as read. ``text`` is the NFC text every offset refers to."""

    id: str
    text: str
    source: str
    content_hash: str
    title: str | None = None
    pub_date: date | None = None
    url: str | None = None


@dataclass(frozen=True)
class Sentence:
    text: str
    start: int  # character offsets into Article.text
    end: int


@dataclass(frozen=True)
class Place:
    """A locality from the gazetteer (or discovered from the text)."""

    id: str  # stable ASCII slug path, e.g. "vn/lao-cai", "la/bolikhamxai/pakxan"
    name: str  # Vietnamese name without the administrative word: "Lào Cai", "Pạc Xăn"
    kind: str  # one of PLACE_KINDS
    country: str  # ISO 3166-1 alpha-2
    parent: str | None = None  # id of the enclosing place
    aliases: tuple[str, ...] = ()
    valid_until: date | None = None  # last day the unit existed, if it no longer does
    successor: str | None = None  # id of the unit it was merged into

    @property
    def is_province_level(self) -> bool:
        return self.kind in ("province", "municipality", "foreign_province")


@dataclass(frozen=True)
class Mention:
    """A place named in a sentence."""

    place_id: str
    text: str  # as written, including the administrative word if any
    start: int  # offsets into Article.text
    end: int
    admin_word: str | None = None  # "tỉnh", "thành phố", "huyện", ... as written


@dataclass(frozen=True)
class BodyMention:
    """A body acting for a locality: "Ban Thường vụ Tỉnh ủy Lào Cai"."""

    name: str  # as written
    kind: str  # one of BODY_KINDS
    place_id: str
    start: int
    end: int


@dataclass(frozen=True)
class Fact:
    """One partnership fact between two localities, with its provenance."""

    article_id: str
    a: str  # place ids, in a stable order (a < b)
    b: str
    relation: str  # one of RELATIONS
    evidence: str  # the sentence, as written
    start: int  # span of the evidence sentence in Article.text
    end: int
    extractor: str
    confidence: float
    date: str | None = None  # "YYYY-MM-DD" or "YYYY-MM"
    year: int | None = None
    period: str | None = None  # "2023-2025"
    a_body: str | None = None
    b_body: str | None = None
    a_body_kind: str | None = None
    b_body_kind: str | None = None
    fields: tuple[str, ...] = field(default=())
    a_label: str | None = None  # how the article spells a foreign place, when it differs
    b_label: str | None = None
