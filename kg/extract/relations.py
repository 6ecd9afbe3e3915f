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
from kg.extract.triggers import find_triggers
from kg.model import Article, Fact, Sentence
from kg.resolve.normalize import match_key

EXTRACTOR = "rules-v1"

_NUMBER_WORDS = {"hai": 2, "2": 2, "02": 2, "ba": 3, "3": 3, "03": 3, "bốn": 4, "4": 4, "04": 4}
_REFERENCE = re.compile(
    r"(?<!\w)(?P<n>hai|2|02|ba|3|03|bốn|4|04)\s+(?:đảng ủy khối\s+|văn phòng tỉnh ủy\s+)?"
    r"(?:tỉnh|bên|địa phương|thành phố|huyện|quận|đơn vị|văn phòng|đảng ủy khối|đảng bộ)(?!\w)"
    r"|(?<!\w)(?P<friend>tỉnh bạn|nước bạn lào|huyện bạn|thành phố bạn)(?!\w)"
)
# A sentence that opens by pointing back at the event just told ("Ngay sau Hội nghị, ...")
# shares its time.
_ANAPHORA = re.compile(
    r"^(?:ngay sau|sau|tại|trong|nhân dịp|cũng tại|theo đó,?)\s+"
    r"(?:hội nghị|buổi|lễ|dịp|đó|này|cuộc)"
)


def _parties_in(mentions: Sequence[PlaceMention], gazetteer: Gazetteer) -> list[PlaceMention]:
    """The acting localities of a sentence, one mention each, in order."""
    seen: dict[str, PlaceMention] = {}
    for pm in mentions:
        if pm.role != "party":
            continue
        if pm.place.id not in seen or (pm.body and not seen[pm.place.id].body):
            seen[pm.place.id] = pm
    parties = list(seen.values())
    if len(parties) > 2:
        # A province named beside its own city and a third party is the city's address.
        ids = {p.place.id for p in parties}
        parties = [
            p for p in parties if not any(p.place.id in gazetteer.ancestors(other) for other in ids)
        ]
    return parties


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


def _referenced(key: str, explicit: list[str], main: list[str]) -> list[str]:
    """Parties a reference like "hai tỉnh" points to, or [] if it points nowhere sure."""
    match = _REFERENCE.search(key)
    if not match:
        return []
    wanted = _NUMBER_WORDS.get(match["n"] or "", 2)
    if len(main) < wanted:
        return []
    chosen = main[:wanted]
    if any(pid not in chosen for pid in explicit):
        return []
    return chosen


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
    parties_of = [_parties_in(ms, gazetteer) for ms in by_sentence]
    title_parties: list[PlaceMention] = []
    if article.title and sentences and article.text.startswith(sentences[0].text.strip()[:20]):
        title_parties = parties_of[0]
    main = _main_parties(parties_of, title_parties)

    facts: dict[tuple[object, ...], Fact] = {}
    previous_when = When()
    for sentence, parties in zip(sentences, parties_of, strict=True):
        key = match_key(sentence.text)
        when = find_when(key, article.pub_date)
        if when.is_empty and _ANAPHORA.match(key):
            when = previous_when
        previous_when = when
        triggers = find_triggers(key)
        if not triggers:
            continue
        explicit = [pm.place.id for pm in parties]
        party_ids = explicit if len(explicit) >= 2 else _referenced(key, explicit, main)
        if len(party_ids) < 2:
            continue
        confidence = 0.9 if len(explicit) >= 2 else 0.7
        bodies = {pm.place.id: pm.body for pm in parties if pm.body}
        for trigger in triggers:
            for a, b in combinations(sorted(set(party_ids)), 2):
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
