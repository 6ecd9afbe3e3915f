"""Fields of cooperation named in a sentence: agriculture, tourism, health, education, ...

The words are data (``kg/data/fields.tsv``); each code is a concept of the SKOS scheme in
``ontology/fields.ttl``. Matching is on whole words of the match key
(``kg.resolve.normalize.match_key``) and the longest word wins where two overlap, so
"xuất khẩu lao động" (labour export) is labour, not trade.

>>> from kg.resolve.normalize import match_key
>>> find_fields(match_key("Hợp tác trên các lĩnh vực nông nghiệp, du lịch, y tế và giáo dục"))
('agriculture', 'tourism', 'health', 'education')
>>> find_fields(match_key("Công tác xây dựng Đảng, quốc phòng, an ninh"))
('defence_security', 'party_building')
>>> find_fields("hai bên ký biên bản ghi nhớ")
()
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from kg.resolve.normalize import match_key, nfc

__all__ = ["Field", "find_fields", "load_fields"]


@dataclass(frozen=True)
class Field:
    """One field of cooperation: its code, labels, and the words that name it."""

    code: str  # ASCII snake_case, the local name of the SKOS concept
    label_en: str
    label_vi: str
    words: tuple[str, ...]


def read_fields(text: str) -> tuple[Field, ...]:
    """Parse the TSV (lines starting with '#' are comments)."""
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return tuple(
        Field(
            code=row["code"],
            label_en=row["label_en"],
            label_vi=nfc(row["label_vi"]),
            words=tuple(nfc(w) for w in row["words"].split("|") if w.strip()),
        )
        for row in csv.DictReader(lines, delimiter="\t")
    )


@lru_cache(maxsize=1)
def load_fields() -> tuple[Field, ...]:
    """The fields shipped in ``kg/data/fields.tsv``, in file order (read once)."""
    text = (resources.files("kg") / "data" / "fields.tsv").read_text(encoding="utf-8")
    return read_fields(text)


@lru_cache(maxsize=1)
def _matcher() -> tuple[re.Pattern[str], dict[str, str], dict[str, int]]:
    fields = load_fields()
    code_of: dict[str, str] = {}
    for field in fields:
        for word in field.words:
            code_of.setdefault(match_key(word), field.code)
    words = sorted(code_of, key=lambda w: (-len(w), w))
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, words)) + r")(?!\w)")
    order = {field.code: i for i, field in enumerate(fields)}
    return pattern, code_of, order


def find_fields(key: str) -> tuple[str, ...]:
    """Codes of the fields named in ``key`` (a match key), each once, in the file's order."""
    pattern, code_of, order = _matcher()
    found = {code_of[m.group(0)] for m in pattern.finditer(key)}
    return tuple(sorted(found, key=order.__getitem__))
