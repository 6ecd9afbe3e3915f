"""The baseline a user would build from underthesea alone, to measure the extractor against.

Every sentence that holds a partnership word gives a fact for each two LOC entities of
underthesea's NER in it; the relation comes from the first relation word, the year from the
first four-digit year. No gazetteer, no cleaning, no references, no venues.
"""

from __future__ import annotations

import re
from itertools import combinations
from typing import Any

from kg.extract.nlp import location_entities, split_sentences
from kg.model import Article
from kg.resolve.normalize import match_key

_WORDS: tuple[tuple[str, str], ...] = (
    ("ghi nhớ", "signed_mou"),
    ("kết nghĩa", "twinned"),
    ("đánh giá", "reviewed_cooperation"),
    ("sơ kết", "reviewed_cooperation"),
    ("tổng kết", "reviewed_cooperation"),
    ("hội đàm", "held_talks"),
    ("làm việc", "held_talks"),
    ("ký", "signed_agreement"),
    ("thỏa thuận", "signed_agreement"),
    ("hợp tác", "held_talks"),
)
_ADMIN = re.compile(r"^(?:tỉnh|thành phố|tp\.?|huyện|quận|thị xã|thủ đô)\s+", re.IGNORECASE)
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")


def baseline_records(article: Article) -> list[dict[str, Any]]:
    """Facts in the shared record format (a, b, relation, year, evidence)."""
    records: list[dict[str, Any]] = []
    for paragraph in article.text.split("\n"):
        for sentence in split_sentences(paragraph):
            key = match_key(sentence)
            relation = next((rel for word, rel in _WORDS if word in key), None)
            if relation is None:
                continue
            names = sorted({_ADMIN.sub("", e).strip() for e in location_entities(sentence)})
            year = _YEAR.search(sentence)
            for a, b in combinations([n for n in names if n], 2):
                records.append(
                    {
                        "article": article.id,
                        "a": a,
                        "b": b,
                        "relation": relation,
                        "year": int(year.group(0)) if year else None,
                        "evidence": sentence,
                    }
                )
    return records
