"""Title and publication date found in the text of an article."""

from __future__ import annotations

import re
from datetime import date

# "(14:43 19/07/2024)", "Cập nhật: 22/03/2024", "Thứ Sáu, 22/03/2024 10:15", "22/03/2024 10:15"
_DATELINES = (
    re.compile(r"\(\s*\d{1,2}[:h]\d{2}\s*,?\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*\)"),
    re.compile(
        r"(?im)^\s*(?:cập nhật|đăng|ngày đăng|xuất bản|thời gian)\s*(?:lúc|ngày)?\s*:?\s*"
        r"(?:\d{1,2}[:h]\d{2}\s*,?\s*)?(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})"
    ),
    re.compile(
        r"(?im)^\s*(?:thứ\s+\w+|chủ nhật)\s*,\s*(?:ngày\s*)?(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})"
    ),
    re.compile(r"(?m)^\s*(\d{1,2})/(\d{1,2})/(\d{4})\s+\d{1,2}:\d{2}\s*(?:\(GMT[^)]*\))?\s*$"),
)
_HEAD_CHARS = 600
_DATELINE_IN_TITLE = re.compile(r"\s*\(\s*\d{1,2}[:h]\d{2}[^)]*\)\s*$")


def _valid_date(day: str, month: str, year: str) -> date | None:
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return None


def find_pub_date(text: str) -> date | None:
    """The publication date from a dateline near the top of the article, if there is one.

    >>> find_pub_date("Liên hiệp ... với quận Ba Đình (14:43 19/07/2024)\\n\\nHNP - Chiều 18/7")
    datetime.date(2024, 7, 19)
    >>> find_pub_date("Chiều 8/3, tại thành phố Lào Cai") is None
    True
    """
    head = text[:_HEAD_CHARS]
    for pattern in _DATELINES:
        match = pattern.search(head)
        if match:
            found = _valid_date(*match.groups())
            if found:
                return found
    return None


def parse_date(value: object) -> date | None:
    """A date from a metadata field: ISO ("2024-07-19", "2024-07-19T14:43:00+07:00") or d/m/y.

    >>> parse_date("2024-07-19T14:43:00+07:00"), parse_date("19/07/2024"), parse_date("soon")
    (datetime.date(2024, 7, 19), datetime.date(2024, 7, 19), None)
    """
    if not isinstance(value, str):
        return None
    iso = re.match(r"\s*(\d{4})-(\d{1,2})-(\d{1,2})", value)
    if iso:
        return _valid_date(iso[3], iso[2], iso[1])
    dmy = re.match(r"\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", value)
    return _valid_date(dmy[1], dmy[2], dmy[3]) if dmy else None


def find_title(text: str) -> str | None:
    """The first non-empty line when it reads as a headline (short, not a full paragraph).

    >>> find_title("\\nHai tỉnh Lào Cai – Thái Bình tăng cường hợp tác\\n\\nChiều 8/3, ...")
    'Hai tỉnh Lào Cai – Thái Bình tăng cường hợp tác'
    """
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        if len(line) > 250:
            return None
        return _DATELINE_IN_TITLE.sub("", line) or None
    return None
