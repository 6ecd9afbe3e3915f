"""The gazetteer: every place we know, its spellings, and a fast scanner over them.

Loaded once from ``kg/data/places.tsv`` (see ``kg/data/SOURCES.md`` for where each row comes
from). Matching runs an Aho-Corasick automaton over the match key of the whole article, so its
cost does not grow with the number of names.
"""

from __future__ import annotations

import csv
import logging
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from importlib import resources

import ahocorasick

from kg.model import Place
from kg.resolve.normalize import match_key, nfc

log = logging.getLogger(__name__)

DISTRICT_KINDS = frozenset(
    {"provincial_city", "town", "urban_district", "rural_district", "foreign_district"}
)


@dataclass(frozen=True)
class NameHit:
    """A gazetteer name found in a text: its span and every place that bears the name."""

    start: int
    end: int
    candidates: tuple[Place, ...]


class Gazetteer:
    def __init__(self, places: Iterable[Place]) -> None:
        self.places: dict[str, Place] = {}
        self._by_key: dict[str, list[Place]] = defaultdict(list)
        self._children: dict[str, list[Place]] = defaultdict(list)
        for place in places:
            self.add(place)

    def add(self, place: Place) -> None:
        if place.id in self.places:
            return
        self.places[place.id] = place
        for name in (place.name, *place.aliases):
            key = match_key(nfc(name)).strip()
            if key and place not in self._by_key[key]:
                self._by_key[key].append(place)
        if place.parent:
            self._children[place.parent].append(place)
        self.__dict__.pop("_automaton", None)

    def extended(self, places: Iterable[Place]) -> Gazetteer:
        """A copy that also knows ``places`` (localities one article introduces)."""
        return Gazetteer([*self.places.values(), *places])

    def __contains__(self, place_id: object) -> bool:
        return place_id in self.places

    def __len__(self) -> int:
        return len(self.places)

    def get(self, place_id: str) -> Place:
        return self.places[place_id]

    def named(self, name: str) -> list[Place]:
        """Every place whose name or alias is ``name`` (any spelling, any case)."""
        return list(self._by_key.get(match_key(nfc(name)).strip(), ()))

    def ancestors(self, place_id: str) -> list[str]:
        chain: list[str] = []
        current = self.places.get(place_id)
        while current is not None and current.parent and current.parent not in chain:
            chain.append(current.parent)
            current = self.places.get(current.parent)
        return chain

    def display_name(self, place: Place) -> str:
        """The name a reader expects: a city that shares its province's name is "TP Hà Tĩnh"."""
        parent = self.places.get(place.parent) if place.parent else None
        if place.kind == "provincial_city" and parent is not None and parent.name == place.name:
            return f"TP {place.name}"
        return place.name

    @property
    def _automaton(self) -> ahocorasick.Automaton:
        cached = self.__dict__.get("_automaton")
        if cached is None:
            cached = ahocorasick.Automaton()
            for key in self._by_key:
                cached.add_word(key, key)
            cached.make_automaton()
            self.__dict__["_automaton"] = cached
        return cached

    def scan(self, key_text: str) -> Iterator[NameHit]:
        """Longest whole-word name matches in ``key_text`` (a match key), left to right."""
        hits: list[tuple[int, int, str]] = []
        for last, key in self._automaton.iter(key_text):
            start = last - len(key) + 1
            end = last + 1
            if start > 0 and key_text[start - 1].isalnum():
                continue
            if end < len(key_text) and key_text[end].isalnum():
                continue
            hits.append((start, end, key))
        hits.sort(key=lambda h: (h[0], -(h[1] - h[0])))
        taken_until = -1
        for start, end, key in hits:
            if start < taken_until:
                continue
            taken_until = end
            yield NameHit(start, end, tuple(self._by_key[key]))


def _parse_date(value: str) -> date | None:
    return date.fromisoformat(value) if value else None


def read_places(rows: Iterable[dict[str, str]]) -> Iterator[Place]:
    for row in rows:
        yield Place(
            id=row["id"],
            name=nfc(row["name"]),
            kind=row["kind"],
            country=row["country"],
            parent=row["parent"] or None,
            aliases=tuple(nfc(a) for a in row["aliases"].split("|") if a),
            valid_until=_parse_date(row.get("valid_until", "")),
            successor=row.get("successor") or None,
        )


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """The gazetteer shipped with the package (read once per process)."""
    data = resources.files("kg") / "data"
    places: list[Place] = []
    for name in ("places.tsv", "foreign_places.tsv"):
        resource = data / name
        if not resource.is_file():
            continue
        lines = resource.read_text(encoding="utf-8").splitlines()
        places.extend(read_places(csv.DictReader(lines, delimiter="\t")))
    log.debug("gazetteer: %d places", len(places))
    return Gazetteer(places)
