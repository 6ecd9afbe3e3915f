"""The development set is well formed: ids match files, known relations, verbatim evidence."""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

from kg.model import RELATIONS

DEV = Path(__file__).parent / "dev"
REQUIRED = {"a", "b", "relation", "year", "date", "period", "a_body", "b_body", "evidence"}
OPTIONAL = {"a_parent", "b_parent", "a_aliases", "b_aliases", "uncertain"}


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def test_dev_gold_is_well_formed() -> None:
    records = [json.loads(line) for line in (DEV / "gold.jsonl").read_text("utf-8").splitlines()]
    files = sorted(p.name for p in (DEV / "articles").glob("*.txt"))
    assert [r["id"] for r in records] == files
    assert len(files) >= 30
    assert sum(1 for r in records if not r["gold"]) >= 6
    for record in records:
        text = nfc((DEV / "articles" / record["id"]).read_text("utf-8"))
        for fact in record["gold"]:
            assert REQUIRED <= set(fact) <= REQUIRED | OPTIONAL, record["id"]
            assert fact["relation"] in RELATIONS
            assert fact["a"] and fact["b"] and fact["a"] != fact["b"]
            if fact["date"] is not None:
                assert re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", fact["date"])
                assert fact["date"].startswith(str(fact["year"]))
            if fact["period"] is not None:
                assert re.fullmatch(r"\d{4}-\d{4}", fact["period"])
            assert nfc(fact["evidence"]) in text, (record["id"], fact["evidence"][:60])
