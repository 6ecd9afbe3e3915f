"""Article text in a CSV of facts is never run as a formula when the file is opened.

An evidence sentence that starts with ``@SUM(...)``, ``=cmd|...`` or ``+`` would be
evaluated by Excel or LibreOffice; ``kg extract --format csv`` writes it as text.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from hostile import kg

ARTICLE = (
    "Tin hợp tác\n\n"
    "@SUM(1+1) UBND tỉnh Sơn La và UBND tỉnh Điện Biên ký biên bản ghi nhớ hợp tác năm 2021.\n\n"
    "+SUM(1+1) UBND tỉnh Lào Cai và UBND tỉnh Thái Bình ký biên bản ghi nhớ hợp tác năm 2020.\n\n"
    "- Ngày 5/9/2020, UBND tỉnh Quảng Ninh và UBND thành phố Hải Phòng ký biên bản ghi nhớ "
    "hợp tác.\n"
)


def test_fact_csv_cells_are_text_not_formulas(tmp_path: Path) -> None:
    path = tmp_path / "=HYPERLINK(1).txt"
    path.write_text(ARTICLE, encoding="utf-8")
    result = kg("extract", str(path), "--format", "csv")
    assert result.code == 0, result.err
    rows = list(csv.DictReader(io.StringIO(result.out)))
    assert len(rows) == 3
    for row in rows:
        for column, value in row.items():
            assert not value.startswith(("=", "+", "@")), (column, value)
    starts = sorted(row["evidence"][:6] for row in rows)
    assert starts == ["'+SUM(", "'@SUM(", "- Ngày"]  # a list item stays as written
    assert {row["article"] for row in rows} == {"'=HYPERLINK(1).txt"}
