"""Extracted facts as records, and those records as JSON Lines, CSV or a table."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from kg.errors import FormatError
from kg.extract.gazetteer import Gazetteer
from kg.model import Fact
from kg.terminal import json_safe, safe_cell

COLUMNS = (
    "article",
    "a",
    "b",
    "relation",
    "year",
    "date",
    "period",
    "a_body",
    "b_body",
    "a_parent",
    "b_parent",
    "a_id",
    "b_id",
    "evidence",
    "start",
    "end",
    "confidence",
    "extractor",
)


def fact_record(fact: Fact, gazetteer: Gazetteer) -> dict[str, Any]:
    """One fact in the shared evaluation format (plus ids, span, confidence, extractor)."""
    record: dict[str, Any] = {"article": fact.article_id}
    sides = (("a", fact.a, fact.a_body, fact.a_label), ("b", fact.b, fact.b_body, fact.b_label))
    for side, place_id, body, label in sides:
        place = gazetteer.get(place_id)
        parent = gazetteer.places.get(place.parent) if place.parent else None
        record[side] = label or gazetteer.display_name(place)
        record[f"{side}_id"] = place.id
        record[f"{side}_body"] = body
        shows_parent = parent is not None and parent.kind != "country"
        record[f"{side}_parent"] = parent.name if shows_parent and parent else None
    record.update(
        relation=fact.relation,
        year=fact.year,
        date=fact.date,
        period=fact.period,
        evidence=fact.evidence,
        start=fact.start,
        end=fact.end,
        confidence=fact.confidence,
        extractor=fact.extractor,
    )
    return {column: record[column] for column in COLUMNS}


def to_jsonl(records: Iterable[Mapping[str, Any]]) -> str:
    """One JSON object a line; characters a terminal would act on are written as escapes.

    >>> to_jsonl([{"evidence": "Lào Cai\\u202e\\x1b[2J"}])
    '{"evidence": "Lào Cai\\\\u202e\\\\u001b[2J"}\\n'
    """
    return "".join(json_safe(json.dumps(r, ensure_ascii=False)) + "\n" for r in records)


_FORMULA = re.compile(r"[=+@\t\r]|-(?! )")


def spreadsheet_safe(value: object) -> object:
    """A text cell that a spreadsheet would run as a formula, made text with a leading "'".

    Article text lands in these cells: "@SUM(1+1) UBND tỉnh ..." or "=cmd|' /C calc'!A0"
    would be evaluated by Excel or LibreOffice on opening the file. Numbers, and a dash
    that starts a list item ("- Ngày 8/3 ..."), are left alone.

    >>> spreadsheet_safe("@SUM(1+1) UBND"), spreadsheet_safe("- Ngày 8/3"), spreadsheet_safe(-1)
    ("'@SUM(1+1) UBND", '- Ngày 8/3', -1)
    """
    if isinstance(value, str) and _FORMULA.match(value):
        return "'" + value
    return value


def to_csv(records: Iterable[Mapping[str, Any]]) -> str:
    """RFC 4180 CSV for a spreadsheet; text cells are never read as formulas (see above)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for record in records:
        writer.writerow({k: "" if v is None else spreadsheet_safe(v) for k, v in record.items()})
    return out.getvalue()


def to_table(records: Sequence[Mapping[str, Any]]) -> str:
    shown = ("article", "a", "b", "relation", "year", "period", "evidence")
    rows = [[safe_cell(r[c], 60 if c == "evidence" else 28) for c in shown] for r in records]
    widths = [max([len(c)] + [len(row[i]) for row in rows]) for i, c in enumerate(shown)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(shown, widths, strict=True))]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)) for row in rows]
    return "\n".join(lines) + "\n"


FACT_FORMATS: dict[str, Callable[[Sequence[Mapping[str, Any]]], str]] = {
    "jsonl": to_jsonl,
    "csv": to_csv,
    "table": to_table,
}


def format_facts(records: Sequence[Mapping[str, Any]], fmt: str) -> str:
    try:
        return FACT_FORMATS[fmt](records)
    except KeyError:
        known = ", ".join(FACT_FORMATS)
        raise FormatError(f"unknown format {fmt!r} for facts (known: {known})") from None
