"""Place mentions in an article: find names, read the words around them, pick the place.

For each gazetteer name found, the words just before it tell what it is:
- an administrative word ("tỉnh", "thành phố", "TP.", "huyện", "quận", "thị xã") gives the level;
- a smaller unit or a feature ("xã", "phường", "sông", "đường") means it is not that place;
- a body phrase ("Ban Thường vụ Tỉnh ủy", "UBND") makes the body the actor;
- "tại", "ở" make it a venue; a place right after its own child is a qualifier
  ("huyện Pạc Xăn (tỉnh Bolykhămxay, CHDCND Lào)").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.extract.bodies import BodyPhrase, find_body
from kg.extract.gazetteer import DISTRICT_KINDS, Gazetteer
from kg.model import BodyMention, Mention, Place
from kg.resolve.normalize import match_key

_LOOKBACK = 120

# Administrative word -> the place kinds it may introduce, in order of preference.
_ADMIN_KINDS: dict[str, tuple[str, ...]] = {
    "tỉnh": ("province", "foreign_province", "municipality"),  # Huế was a province
    "thành phố": ("municipality", "provincial_city", "foreign_district", "foreign_province"),
    "tp": ("municipality", "provincial_city", "foreign_district", "foreign_province"),
    "thủ đô": ("municipality", "foreign_province"),
    "huyện": ("rural_district", "foreign_district"),
    "quận": ("urban_district", "foreign_district"),
    "thị xã": ("town", "foreign_district"),
    "khoueng": ("foreign_province",),
    "muang": ("foreign_district",),
    "bang": ("foreign_province",),
    "quận tự trị": ("foreign_district",),
    "châu": ("foreign_district",),
    "châu tự trị": ("foreign_district",),
    "huyện thị": ("foreign_district",),
}
_LEVEL_KINDS: dict[str, tuple[str, ...]] = {
    "province": ("province", "municipality", "foreign_province"),
    "city": ("municipality", "provincial_city", "foreign_district"),
    "rural_district": ("rural_district", "foreign_district"),
    "urban_district": ("urban_district", "foreign_district"),
    "town": ("town",),
}
_ADMIN_WORD = re.compile(
    r"(?:^|(?<=[^\w]))(?P<word>quận tự trị|huyện thị|thành phố|thủ đô|thị xã|tỉnh|tp\.?|"
    r"huyện|quận|khoueng|muang|bang|châu tự trị|châu)\s*$"
)
# Words that make the following name something other than the place: a smaller unit, a
# natural feature, a street, a school ... ("phường Lào Cai", "sông Hồng", "đường Hà Tĩnh").
_BLOCKERS = re.compile(
    r"(?:^|(?<=[^\w]))(?:(?<!thị )xã|phường|thị trấn|thôn|bản|làng|ấp|tổ|khu phố|sông|suối|núi|đèo|"
    r"hồ|biển|vịnh|đảo|đường|(?<!thành )phố|ngõ|cầu|chợ|bến|cảng|ga|sân bay|cửa khẩu|trường|"
    r"bệnh viện|đại học|báo|đài|khách sạn|nhà máy|công ty|tập đoàn|ngân hàng|đồng chí|ông|bà|"
    r"anh|chị|em|cháu|hiệu|thương hiệu|nhãn hiệu|giống|mang tên|tên)\s*$"
)
# A name preceded by a family name is a person: "Nguyễn Thái Bình".
_SURNAMES = frozenset(
    (
        "nguyễn",
        "trần",
        "lê",
        "phạm",
        "hoàng",
        "huỳnh",
        "phan",
        "vũ",
        "võ",
        "đặng",
        "bùi",
        "đỗ",
        "hồ",
        "ngô",
        "dương",
        "lý",
        "đinh",
        "trịnh",
        "lâm",
        "tô",
        "lương",
        "chu",
        "thái",
        "hà",
        "tạ",
        "quách",
        "kiều",
    )
)
# An organisation named after a place is not that place acting.
_ORGANISATION = re.compile(
    r"(?:hiệp hội|doanh nghiệp|công ty|tập đoàn|hợp tác xã|câu lạc bộ|đội tuyển|đội bóng|"
    r"ngân hàng|bệnh viện|trường|học viện|đại học|báo|đài|nhà máy)\b[^,.;:()]{0,30}$"
)
# "16 tỉnh từ Thanh Hóa đến Huế" is a stretch of the map, not two actors.
_RANGE_START = re.compile(r"(?:^|(?<=\W))từ\s+$")
_RANGE_END = re.compile(r"^\s*(?:đến|tới)\s+")
_VENUE = re.compile(
    r"(?:^|(?<=[^\w]))(?:tại|ở|trên địa bàn|về)\s+"
    r"(?:(?:trụ sở|hội trường|trung tâm hội nghị|nhà khách|khách sạn|nhà văn hóa|"
    r"trung tâm|khu di tích)[^,.;:]{0,40}?\s+)?$"
)
_QUALIFIER_GAP = re.compile(r"^[\s,()\-–]*(?:tỉnh|thành phố|tp\.?|khoueng|thủ đô)?[\s,()\-–]*$")
# Names that are also famous people or common nouns: only taken after an administrative word.
_NEEDS_ADMIN_WORD = frozenset({"hồ chí minh", "quang trung", "lê lợi", "hòa bình", "độc lập"})


@dataclass(frozen=True)
class PlaceMention:
    """One resolved place mention, with what the surrounding words say about it."""

    mention: Mention
    place: Place
    role: str  # "party", "venue", "qualifier" or "country"
    body: BodyMention | None = None


def _admin_word(key_before: str) -> tuple[str | None, int]:
    match = _ADMIN_WORD.search(key_before)
    if not match:
        return None, len(key_before)
    return match.group("word").rstrip("."), match.start()


def _cased_as_a_name(written: str) -> bool:
    """'Lào Cai', 'Quận 1', or an alias that starts with its admin word written in lower
    case ('thủ đô Viêng Chăn'); not a common word that happens to spell a name.

    >>> [_cased_as_a_name(w) for w in ("Lào Cai", "thủ đô Viêng Chăn", "bình định", "2")]
    [True, True, False, True]
    """
    if written[:1].isupper() or written[:1].isdigit():
        return True
    words = written.split()
    return len(words) > 1 and words[-1][:1].isupper()


def _is_person(text_before: str) -> bool:
    words = text_before.split()
    if not words:
        return False
    last = words[-1]
    return last[:1].isupper() and last.lower() in _SURNAMES


def _is_capital(place: Place) -> bool:
    return any(match_key(alias).startswith("thủ đô") for alias in place.aliases)


def _pick(
    candidates: tuple[Place, ...],
    kinds: tuple[str, ...] | None,
    admin: str | None,
    remembered: dict[str, Place],
    gazetteer: Gazetteer,
    context_ids: set[str],
) -> Place | None:
    """Choose among the places bearing a name, given the kinds the words around allow."""
    if kinds is not None:
        for kind in kinds:
            of_kind = [p for p in candidates if p.kind == kind]
            if len(of_kind) == 1:
                return of_kind[0]
            if len(of_kind) > 1:
                in_context = [p for p in of_kind if p.parent in context_ids]
                if len(in_context) == 1:
                    return in_context[0]
                # "tỉnh Viêng Chăn" is the province, "thủ đô Viêng Chăn" the capital.
                wants_capital = admin != "tỉnh"
                fitting = [p for p in of_kind if _is_capital(p) == wants_capital]
                return fitting[0] if len(fitting) == 1 else None
        return None
    top = [p for p in candidates if p.is_province_level or p.kind == "country"]
    if len(top) == 1:
        return top[0]
    if len(top) > 1:
        vietnamese = [p for p in top if p.country == "VN"]
        if len(vietnamese) == 1:
            return vietnamese[0]
        capitals = [p for p in top if _is_capital(p)]
        return capitals[0] if len(capitals) == 1 else None
    # A district named bare only after the article has introduced it with its admin word.
    introduced = {remembered[p.id].id: remembered[p.id] for p in candidates if p.id in remembered}
    return next(iter(introduced.values())) if len(introduced) == 1 else None


def find_mentions(text: str, key: str, gazetteer: Gazetteer) -> list[PlaceMention]:
    """Every place mention of an article, resolved, in text order.

    ``key`` is ``match_key(text)``: the same length, so offsets are shared.
    """
    found: list[PlaceMention] = []
    remembered: dict[str, Place] = {}  # district-level places introduced with their admin word
    hits = list(gazetteer.scan(key))
    context_ids = {
        p.id
        for hit in hits
        for p in hit.candidates
        if p.is_province_level and len(hit.candidates) == 1
    }
    for hit in hits:
        written = text[hit.start : hit.end]
        if not _cased_as_a_name(written):
            continue
        # Look back no further than the previous name, so that a body phrase never swallows it.
        offset = max(0, hit.start - _LOOKBACK, found[-1].mention.end if found else 0)
        before_key = key[offset : hit.start]
        if _BLOCKERS.search(before_key[-16:]):
            continue
        admin, admin_at = _admin_word(before_key)
        if _ORGANISATION.search(before_key[:admin_at]) and not find_body(before_key[:admin_at]):
            continue  # "Hiệp hội Doanh nghiệp thành phố Busan" is not the city
        kinds = _ADMIN_KINDS.get(admin) if admin else None
        body: BodyPhrase | None = find_body(before_key[:admin_at])
        if body and body.level and kinds is None:
            kinds = _LEVEL_KINDS[body.level]
        if kinds is None:
            if key[hit.start : hit.end] in _NEEDS_ADMIN_WORD:
                continue
            if _is_person(text[offset : hit.start]):
                continue
        place = _pick(hit.candidates, kinds, admin, remembered, gazetteer, context_ids)
        if place is None:
            continue
        if place.kind in DISTRICT_KINDS and kinds is not None:
            for candidate in hit.candidates:
                remembered[candidate.id] = place
        mention_start = offset + admin_at if admin else hit.start
        mention = Mention(place.id, text[mention_start : hit.end], hit.start, hit.end, admin)
        body_mention = None
        if body:
            body_start = offset + body.start
            body_mention = BodyMention(
                text[body_start : hit.end], body.kind, place.id, body_start, hit.end
            )
        start_of_phrase = body_mention.start if body_mention else mention_start
        role = _role(place, key, start_of_phrase, found, gazetteer, has_body=body is not None)
        found.append(PlaceMention(mention, place, role, body_mention))
    return found


def _role(
    place: Place,
    key: str,
    phrase_start: int,
    earlier: list[PlaceMention],
    gazetteer: Gazetteer,
    *,
    has_body: bool,
) -> str:
    if place.kind == "country":
        return "country"
    if _RANGE_START.search(key[max(0, phrase_start - 6) : phrase_start]):
        return "range"
    if (
        earlier
        and earlier[-1].role == "range"
        and _RANGE_END.match(key[earlier[-1].mention.end : phrase_start])
    ):
        return "range"
    if earlier and not has_body:
        previous = earlier[-1]
        gap = key[previous.mention.end : phrase_start]
        qualifies = len(gap) < 25 and _QUALIFIER_GAP.match(gap)
        if qualifies and place.id in gazetteer.ancestors(previous.place.id):
            return "qualifier" if previous.role != "venue" else "venue"
    if _VENUE.search(key[max(0, phrase_start - 80) : phrase_start]):
        return "venue"
    return "party"
