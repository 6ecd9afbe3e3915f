"""Localities the gazetteer lacks, found from the words around them.

Vietnamese news introduces a foreign place with its address: "huyện Khăm Cợt (tỉnh
Bolykhămxay, CHDCND Lào)", "tỉnh Oddar Meanchey, Vương quốc Campuchia", "huyện Mường Xay
(Lào)". A capitalised name after an administrative word, followed by such an address that
names a foreign country or province, becomes a new locality with that country and parent.
Sentences that name a relation but fewer than two known places also get a second chance
from underthesea's NER (``location_hints``).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence

from kg.extract.gazetteer import Gazetteer
from kg.model import Place
from kg.resolve.normalize import match_key, strip_diacritics

_ADMIN = {
    "tỉnh": "foreign_province",
    "khoueng": "foreign_province",
    "thủ đô": "foreign_province",
    "huyện": "foreign_district",
    "muang": "foreign_district",
    "quận": "foreign_district",
    "thị xã": "foreign_district",
    "thành phố": "foreign_district",
    "châu": "foreign_district",
    "srok": "foreign_district",
}
_INTRO = re.compile(
    r"(?<!\w)(?P<admin>thủ đô|thị xã|thành phố|tỉnh|khoueng|huyện|muang|quận|châu|srok)\s+"
)
_WORD = re.compile(r"[^\W\d_][\w'’]*(?:-[\w'’]+)*")
_ADDRESS = re.compile(r"\s*(?:\((?P<paren>[^()]{2,90})\)|,\s*(?P<tail>[^.;:()]{2,60}))")
MAX_NAME_WORDS = 4


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", strip_diacritics(text).lower()).strip("-") or "x"


def _name_after(text: str, start: int) -> tuple[str, int] | None:
    """The capitalised words starting at ``start`` ("Khăm Cợt"), and where they end."""
    words: list[re.Match[str]] = []
    position = start
    while len(words) < MAX_NAME_WORDS:
        match = _WORD.match(text, position)
        if not match or not match.group(0)[:1].isupper():
            break
        words.append(match)
        position = match.end()
        if not text.startswith(" ", position):
            break
        position += 1
    if not words:
        return None
    return text[start : words[-1].end()], words[-1].end()


def _address_places(key: str, gazetteer: Gazetteer) -> list[Place]:
    """Known countries and foreign provinces named in an address, outermost last."""
    places = []
    for hit in gazetteer.scan(key):
        foreign = [p for p in hit.candidates if p.country != "VN"]
        countries = [p for p in foreign if p.kind == "country"]
        provinces = [p for p in foreign if p.kind == "foreign_province"]
        if countries:
            places.append(countries[0])
        elif len(provinces) == 1:
            places.append(provinces[0])
    return places


def discover_places(text: str, key: str, gazetteer: Gazetteer) -> list[Place]:
    """New foreign localities introduced with an address the article gives.

    >>> from kg.extract.gazetteer import load_gazetteer
    >>> text = "lễ kết nghĩa với huyện Xốp Bâu (tỉnh Hủa Phăn, Lào)"
    >>> [(p.id, p.name, p.kind, p.parent) for p in discover_places(text, match_key(text),
    ...     load_gazetteer())]
    [('la/houaphan/xop-bau', 'Xốp Bâu', 'foreign_district', 'la/houaphan')]
    """
    found: dict[str, Place] = {}
    for intro in _INTRO.finditer(key):
        named = _name_after(text, intro.end())
        if named is None:
            continue
        name, end = named
        if gazetteer.named(name):
            continue
        address = _ADDRESS.match(text, end)
        if not address:
            continue
        where = _address_places(match_key(address.group(0)), gazetteer)
        if not where:
            continue
        parent = where[0]
        kind = _ADMIN[intro["admin"]]
        if kind == "foreign_district" and parent.kind == "country":
            pass  # a district whose province the article does not give
        elif kind == "foreign_province" and parent.kind != "country":
            continue  # "tỉnh X (tỉnh Y)" is not an address
        place_id = f"{parent.id}/{_slug(name)}"
        found.setdefault(
            place_id, Place(place_id, name, kind, parent.country, parent.id, (), None, None)
        )
    return list(found.values())


def dominant_foreign_country(places: Iterable[Place]) -> str | None:
    """The foreign country an article is most about, judged by the places it names."""
    counts = Counter(p.country for p in places if p.country != "VN")
    return counts.most_common(1)[0][0] if counts else None


def location_hints(
    sentence: str, entities: Sequence[str], gazetteer: Gazetteer, country: str
) -> list[Place]:
    """NER location names after an administrative word that the gazetteer lacks.

    They are taken as localities of ``country`` (the article's foreign partner): Vietnamese
    units are all in the gazetteer, so an unknown name is a foreign spelling we lack.
    """
    key = match_key(sentence)
    hints: dict[str, Place] = {}
    for entity in entities:
        at = sentence.find(entity.strip())
        if at < 0:
            continue
        # The CRF tags "huyện Xiêng Ngân" whole, or only "Xiêng Ngân" after the word.
        phrase = key[max(0, at - 12) : at + len(entity.strip())]
        parts = _INTRO.search(phrase)
        if not parts:
            continue
        name = sentence[max(0, at - 12) + parts.end() : at + len(entity.strip())].strip()
        if not name[:1].isupper() or gazetteer.named(name):
            continue
        kind = _ADMIN[parts["admin"]]
        parent = country.lower()
        place_id = f"{parent}/{_slug(name)}"
        hints.setdefault(place_id, Place(place_id, name, kind, country, parent, (), None, None))
    return list(hints.values())
