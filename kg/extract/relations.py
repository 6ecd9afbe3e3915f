"""From the sentences and place mentions of one article to partnership facts.

A sentence gives facts when it names a relation (see ``triggers``) and two or more parties:
localities named as actors, or a reference such as "hai tỉnh", "hai bên", "03 địa phương"
resolved to the localities the article is about.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from itertools import combinations

from kg.extract.dates import When, find_when
from kg.extract.gazetteer import Gazetteer
from kg.extract.mentions import PlaceMention
from kg.extract.triggers import Trigger, find_triggers
from kg.model import Article, Fact, Sentence
from kg.resolve.normalize import match_key, name_key

EXTRACTOR = "rules-v1"

_NUMBER_WORDS = {"hai": 2, "2": 2, "02": 2, "ba": 3, "3": 3, "03": 3, "bốn": 4, "4": 4, "04": 4}
_REFERENCE = re.compile(
    r"(?<!\w)(?P<n>hai|2|02|ba|3|03|bốn|4|04)\s+(?:đảng ủy khối\s+|văn phòng tỉnh ủy\s+)?"
    r"(?:tỉnh|bên|địa phương|thành phố|huyện|quận|đơn vị|văn phòng|đảng ủy khối|đảng bộ)(?!\w)"
    r"|(?<!\w)(?P<friend>tỉnh bạn|nước bạn lào|huyện bạn|thành phố bạn)(?!\w)"
)
_DASH_GAP = re.compile(r"^\s*-\s*(?:(?:tỉnh|thành phố|tp\.?|huyện|quận|thị xã|châu|thủ đô)\s+)?$")
_TITLED = re.compile(r"(?:thủ đô|thành phố|tỉnh|tp)(?!\w)")  # "Thủ đô Hà Nội" is Hà Nội
_VISIT = re.compile(r"(?<!\w)(?:thăm|làm việc|hội đàm|tiếp)(?!\w)")
_DELEGATION = re.compile(
    r"(?<!\w)đoàn (?:công tác|đại biểu|cán bộ)(?!\w)"
    r"(?!\s+(?:của\s+)?(?:bộ|ban|văn phòng|chính phủ|quốc hội|trung ương|tổng cục|cục)\b)"
)
# A sentence that opens by pointing back at the event just told ("Ngay sau Hội nghị, ...")
# shares its time.
_ANAPHORA = re.compile(
    r"^(?:ngay sau|sau khi|sau|trước khi|trước|tại|trong|nhân dịp|cũng tại|kết thúc|theo đó,?)"
    r"\s+(?:buổi\s+|cuộc\s+|phiên\s+)?(?P<noun>hội nghị|hội đàm|làm việc|lễ|ký kết|dịp|đó|này)?"
    r"|(?<!\w)(?:cùng ngày|cùng dịp|dịp này)(?!\w)"
)
# The event nouns an anaphora can point back to, as they appear in the earlier sentence.
_EVENT_NOUNS = {
    "hội nghị": "hội nghị",
    "hội đàm": "hội đàm",
    "làm việc": "làm việc",
    "lễ": "lễ",
    "ký kết": "ký",
}


def _host(
    venues: Sequence[PlaceMention], guest: PlaceMention, gazetteer: Gazetteer
) -> PlaceMention | None:
    """The locality a delegation visits: "thăm và làm việc tại tỉnh Đắk Lắk".

    A city venue stands for its province when the guest is a province.
    """
    for venue in venues:
        place = venue.place
        if guest.place.is_province_level and not place.is_province_level and place.parent:
            parent = gazetteer.places.get(place.parent)
            if parent is None or parent.kind == "country":
                continue
            place = parent
        related = {guest.place.id, *gazetteer.ancestors(guest.place.id)}
        if place.id in related or guest.place.id in gazetteer.ancestors(place.id):
            continue
        return PlaceMention(venue.mention, place, "party", venue.body)
    return None


def _parties_in(
    mentions: Sequence[PlaceMention], text_key: str, gazetteer: Gazetteer, visit: bool
) -> list[PlaceMention]:
    """The acting localities of a sentence, one mention each, in order.

    In a sentence about a visit or talks that names one actor, the place visited is the other.
    """
    seen: dict[str, PlaceMention] = {}
    enumeration_from = _after_country_pair(mentions, text_key)
    for pm in mentions:
        if pm.role != "party":
            continue
        if enumeration_from is not None and pm.mention.start >= enumeration_from:
            continue
        if pm.place.id not in seen or (pm.body and not seen[pm.place.id].body):
            seen[pm.place.id] = pm
    if visit and len(seen) == 1:
        venues = [pm for pm in mentions if pm.role == "venue"]
        host = _host(venues, next(iter(seen.values())), gazetteer)
        if host is not None:
            seen[host.place.id] = host
    return sorted(seen.values(), key=lambda pm: pm.mention.start)


def _main_parties(
    sentence_parties: Sequence[list[PlaceMention]], title_parties: list[PlaceMention]
) -> list[str]:
    """The localities the article is about, most prominent first."""
    counts: Counter[str] = Counter()
    first_seen: dict[str, int] = {}
    for position, parties in enumerate([title_parties, *sentence_parties]):
        if len(parties) < 2:
            continue
        weight = 2 if position == 0 else 1
        for pm in parties:
            counts[pm.place.id] += weight
            first_seen.setdefault(pm.place.id, position)
    return sorted(counts, key=lambda pid: (-counts[pid], first_seen[pid]))


def _reference(key: str, parties: Sequence[PlaceMention], start: int) -> tuple[int, int] | None:
    """A reference like "hai tỉnh": how many localities, and where it stands in the sentence.

    "hai tỉnh Quảng Nam - Thanh Hóa" names its localities right away: that is no reference.
    """
    for match in _REFERENCE.finditer(key):
        after = start + match.end()
        if any(0 <= pm.mention.start - after <= 12 for pm in parties):
            continue
        return _NUMBER_WORDS.get(match["n"] or "", 2), match.start()
    return None


def _distance(position: int, triggers: Sequence[Trigger]) -> int:
    return min(min(abs(position - t.start), abs(position - t.end)) for t in triggers)


def _dash_chains(parties: Sequence[PlaceMention], text_key: str) -> list[list[PlaceMention]]:
    """Parties written as "A - B" (or "A - B - C"), in order; a lone party is its own chain."""
    chains: list[list[PlaceMention]] = []
    for pm in parties:
        if chains:
            gap = text_key[chains[-1][-1].mention.end : pm.mention.start]
            if _DASH_GAP.match(gap):
                chains[-1].append(pm)
                continue
        chains.append([pm])
    return chains


def _pairs(
    parties: Sequence[PlaceMention], text_key: str, gazetteer: Gazetteer
) -> list[tuple[str, str]]:
    """The pairs of localities a sentence sets in relation.

    When a sentence lists pairs ("tỉnh Hà Tĩnh - tỉnh Bolykhămxay, huyện Hương Sơn - huyện
    Khăm Cợt"), each dash pair is one pair; otherwise every two parties are a pair, except a
    province named beside its own city and a third party, which is the city's address.
    """
    chains = _dash_chains(parties, text_key)
    pairs: set[tuple[str, str]] = set()
    if len(parties) > 2 and any(len(c) == 2 for c in chains):
        rest = [c[0] for c in chains if len(c) == 1]
        groups = [c for c in chains if len(c) > 1] + ([rest] if len(rest) > 1 else [])
    else:
        ids = {p.place.id for p in parties}
        kept = parties
        if len(parties) > 2:
            kept = [
                p for p in parties if not any(p.place.id in gazetteer.ancestors(o) for o in ids)
            ]
        groups = [list(kept)]
    for group in groups:
        ids_in_group = sorted({pm.place.id for pm in group})
        pairs.update(combinations(ids_in_group, 2))
    return sorted(pairs)


def _after_country_pair(mentions: Sequence[PlaceMention], text_key: str) -> int | None:
    """Where an enumeration such as "quan hệ Việt Nam - Lào, tỉnh A - tỉnh B" starts."""
    countries = [pm for pm in mentions if pm.role == "country"]
    for first, second in zip(countries, countries[1:], strict=False):
        if _DASH_GAP.match(text_key[first.mention.end : second.mention.start]):
            return second.mention.end
    return None


def _article_spellings(text: str, mentions: Sequence[PlaceMention]) -> dict[str, str]:
    """How the article most often spells a place, where that is another name than ours.

    Foreign places have no single Vietnamese spelling ("Phông-xa-lỳ", "Chăm-pa-xắc"), and
    a Vietnamese one may go by a newer or shorter name ("Huế"): the article's own is the one
    its readers know. Abbreviations ("TP.HCM") and spellings that differ only in tone marks
    or hyphens keep our standard name.
    """
    spellings: dict[str, Counter[str]] = {}
    for pm in mentions:
        if pm.role == "country":
            continue
        written = text[pm.mention.start : pm.mention.end]
        if "." in written or written.isupper() or _TITLED.match(match_key(written)):
            continue
        if pm.place.country == "VN" and name_key(written) == name_key(pm.place.name):
            continue
        spellings.setdefault(pm.place.id, Counter())[written] += 1
    return {pid: counts.most_common(1)[0][0] for pid, counts in spellings.items()}


def _sentence_pairs(
    sentence: Sentence,
    key: str,
    parties: list[PlaceMention],
    main: list[str],
    key_text: str,
    triggers: Sequence[Trigger],
    gazetteer: Gazetteer,
) -> tuple[list[tuple[str, str]], float]:
    """The pairs a sentence relates, and how sure we are of them."""
    explicit = [pm.place.id for pm in parties]
    relations = {t.relation for t in triggers}
    reference = _reference(key, parties, sentence.start)
    if reference is not None and len(main) >= reference[0]:
        size, at = reference
        chosen = main[:size]
        if len(explicit) < 2 and all(pid in chosen for pid in explicit):
            return list(combinations(sorted(chosen), 2)), 0.7
        nearest_party = (
            min(_distance(pm.mention.start - sentence.start, triggers) for pm in parties)
            if parties
            else 10**6
        )
        closer = _distance(at, triggers) < nearest_party
        if len(explicit) >= 2 and not set(explicit) <= set(chosen) and closer:
            # "... liên kết với TP.HCM và Đồng Nai, việc hai Đảng ủy Khối ký kết ...": the
            # reference names the actors, the places are context.
            return list(combinations(sorted(chosen), 2)), 0.6
    if len(explicit) >= 2:
        return _pairs(parties, key_text, gazetteer), 0.9
    if len(explicit) == 1 and "held_talks" in relations and _DELEGATION.search(key):
        # "đoàn công tác đã làm việc với tỉnh Shimane": the delegation is the article's own.
        home = next((pid for pid in main if pid != explicit[0]), None)
        if home:
            first, second = sorted((home, explicit[0]))
            return [(first, second)], 0.5
    return [], 0.0


def extract_facts(
    article: Article,
    sentences: Sequence[Sentence],
    mentions: Sequence[PlaceMention],
    gazetteer: Gazetteer,
) -> list[Fact]:
    """Every partnership fact the article states, once each."""
    by_sentence: list[list[PlaceMention]] = [
        [pm for pm in mentions if s.start <= pm.mention.start < s.end] for s in sentences
    ]
    key_text = match_key(article.text)
    parties_of = [
        _parties_in(ms, key_text, gazetteer, bool(_VISIT.search(match_key(s.text))))
        for s, ms in zip(sentences, by_sentence, strict=True)
    ]
    title_parties: list[PlaceMention] = []
    if article.title and sentences and article.text.startswith(sentences[0].text.strip()[:20]):
        title_parties = parties_of[0]
    main = _main_parties(parties_of, title_parties)
    labels = _article_spellings(article.text, mentions)

    facts: dict[tuple[object, ...], Fact] = {}
    previous_when = When()  # the time of the last event told with one
    noun_when: dict[str, When] = {}  # ... and of the last one named with each event noun
    for sentence, parties in zip(sentences, parties_of, strict=True):
        key = match_key(sentence.text)
        when = find_when(key, article.pub_date)
        anaphora = _ANAPHORA.search(key)
        if when.date is None and when.year is None and anaphora:
            noun = _EVENT_NOUNS.get(anaphora.group("noun") or "")
            earlier = noun_when.get(noun, previous_when) if noun else previous_when
            when = When(earlier.date, earlier.year, when.period)
        triggers = find_triggers(key)
        if triggers and (when.date is not None or when.year is not None):
            previous_when = when
            for noun in _EVENT_NOUNS.values():
                if noun in key:
                    noun_when[noun] = when
        if not triggers:
            continue
        pairs, confidence = _sentence_pairs(
            sentence, key, parties, main, key_text, triggers, gazetteer
        )
        if not pairs:
            continue
        bodies = {pm.place.id: pm.body for pm in parties if pm.body}
        for trigger in triggers:
            if confidence < 0.6 and trigger.relation != "held_talks":
                continue
            for a, b in pairs:
                body_a, body_b = bodies.get(a), bodies.get(b)
                fact = Fact(
                    article_id=article.id,
                    a=a,
                    b=b,
                    relation=trigger.relation,
                    evidence=sentence.text,
                    start=sentence.start,
                    end=sentence.end,
                    extractor=EXTRACTOR,
                    confidence=round(confidence, 2),
                    date=when.date,
                    year=when.year,
                    period=when.period,
                    a_body=body_a.name if body_a else None,
                    b_body=body_b.name if body_b else None,
                    a_body_kind=body_a.kind if body_a else None,
                    b_body_kind=body_b.kind if body_b else None,
                    a_label=labels.get(a),
                    b_label=labels.get(b),
                )
                identity = (a, b, fact.relation, fact.date, fact.year, fact.period)
                kept = facts.get(identity)
                if kept is None or _better(fact, kept):
                    facts[identity] = fact
    return sorted(facts.values(), key=lambda f: (f.start, f.a, f.b, f.relation))


def _better(new: Fact, old: Fact) -> bool:
    """Of two tellings of one fact, keep the more confident, then the one naming bodies."""
    new_score = (new.confidence, bool(new.a_body) + bool(new.b_body))
    old_score = (old.confidence, bool(old.a_body) + bool(old.b_body))
    return new_score > old_score
