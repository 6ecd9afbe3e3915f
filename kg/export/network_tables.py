"""Rows of network results (partners, paths, communities, years) as a table, CSV or JSON.

A row is a dict; every row of one result has the same keys, in column order. Lists are
joined with "; " in tables and CSV and stay lists in JSON.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping, Sequence
from typing import Any

from kg.errors import FormatError
from kg.terminal import safe_cell

TABLE_FORMATS: tuple[str, ...] = ("table", "csv", "json")
#: Widest a table cell gets; longer text ends with an ellipsis (CSV and JSON keep it all).
MAX_CELL = 60


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.4f}"
    if isinstance(value, list | tuple):
        return "; ".join(_text(v) for v in value)
    return str(value)


def check_format(fmt: str) -> str:
    if fmt not in TABLE_FORMATS:
        known = ", ".join(TABLE_FORMATS)
        raise FormatError(f"unknown format {fmt!r} (known: {known})")
    return fmt


def format_rows(rows: Sequence[Mapping[str, Any]], fmt: str, columns: Sequence[str]) -> str:
    """``rows`` as ``fmt`` (table, csv or json), with ``columns`` in that order.

    >>> rows = [{"partner": "Lào Cai", "years": [2018, 2019], "score": 0.5}]
    >>> print(format_rows(rows, "table", ["partner", "years", "score"]), end="")
    partner  years       score
    -------  ----------  ------
    Lào Cai  2018; 2019  0.5000
    >>> print(format_rows(rows, "csv", ["partner", "years"]), end="")
    partner,years
    Lào Cai,2018; 2019
    """
    check_format(fmt)
    if fmt == "json":
        items = [{c: row.get(c) for c in columns} for row in rows]
        return json.dumps(items, ensure_ascii=False, indent=2) + "\n"
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows([_text(row.get(c)) for c in columns] for row in rows)
        return out.getvalue()
    cells = [[safe_cell(_text(row.get(c)), MAX_CELL) for c in columns] for row in rows]
    widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(columns)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(v.ljust(w) for v, w in zip(r, widths, strict=True)).rstrip() for r in cells]
    return "\n".join(lines) + "\n"
