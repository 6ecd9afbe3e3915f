"""A centrality ranking as a table, CSV or JSON."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Hashable, Sequence

from kg.errors import FormatError
from kg.terminal import json_safe, safe_cell

RANKING_FORMATS = ("table", "csv", "json")


def format_ranking(rows: Sequence[tuple[Hashable, str, float]], measure: str, fmt: str) -> str:
    """``rows`` as (node, label, score), best first.

    >>> print(format_ranking([("x", "Lào Cai", 0.5)], "degree", "csv"), end="")
    rank,locality,id,degree
    1,Lào Cai,x,0.500000
    """
    if fmt == "json":
        items = [
            {"rank": i, "locality": label, "id": str(node), measure: score}
            for i, (node, label, score) in enumerate(rows, 1)
        ]
        return json_safe(json.dumps(items, ensure_ascii=False, indent=2)) + "\n"
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["rank", "locality", "id", measure])
        for i, (node, label, score) in enumerate(rows, 1):
            writer.writerow([i, label, node, f"{score:.6f}"])
        return out.getvalue()
    if fmt == "table":
        width = max([len("locality")] + [len(safe_cell(label, 40)) for _, label, _ in rows])
        lines = [f"{'rank':>4}  {'locality':<{width}}  {measure}"]
        for i, (_, label, score) in enumerate(rows, 1):
            lines.append(f"{i:>4}  {safe_cell(label, 40):<{width}}  {score:.4f}")
        return "\n".join(lines) + "\n"
    raise FormatError(f"unknown format {fmt!r} for a ranking (known: {', '.join(RANKING_FORMATS)})")
