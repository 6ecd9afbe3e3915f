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
_DATELINE_LINES = 6  # the headline and the next few lines
_DATELINE_MAX_CHARS = 90  # longer lines are sentences of the story, with event dates
_DATE_IN_LINE: tuple[tuple[re.Pattern[str], tuple[int, int, int]], ...] = (
    (re.compile(r"(?<!\d)(\d{1,2})[/.-](\d{1,2})[/.-]((?:19|20)\d{2})(?!\d)"), (1, 2, 3)),
    (re.compile(r"(?<!\d)(\d{1,2}) tháng (\d{1,2}),? năm ((?:19|20)\d{2})", re.I), (1, 2, 3)),
    (re.compile(r"(?<!\d)((?:19|20)\d{2})-(\d{2})-(\d{2})(?!\d)"), (3, 2, 1)),
)
_DATELINE_IN_TITLE = re.compile(r"\s*\(\s*\d{1,2}[:h]\d{2}[^)]*\)\s*$")


def _valid_date(day: str, month: str, year: str) -> date | None:
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return None


def find_pub_date(text: str) -> date | None:
    """The publication date from a dateline near the top of the article, if there is one.

    A dateline is the time in parentheses after the headline, or a short line among the
    first few that carries a full date ("Cập nhật: Thứ Năm, 21/03/2024 | 15:42", "ĐẮK LẮK –
    15/7/2024", "Ngày đăng: 12 tháng 6 năm 2024", "2025-11-21 09:03:45").

    >>> find_pub_date("Liên hiệp ... với quận Ba Đình (14:43 19/07/2024)\\n\\nHNP - Chiều 18/7")
    datetime.date(2024, 7, 19)
    >>> find_pub_date("Tiêu đề\\n\\nCập nhật lúc 17:35 ngày 14/11/2025\\n\\nChiều 14/11, ...")
    datetime.date(2025, 11, 14)
    >>> find_pub_date("Chiều 8/3, tại thành phố Lào Cai") is None
    True
    """
    head = text[:_HEAD_CHARS]
    match = _DATELINES[0].search(head)
    if match and (found := _valid_date(*match.groups())):
        return found
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    for line in lines[1:_DATELINE_LINES]:
        if len(line) > _DATELINE_MAX_CHARS:
            continue
        for pattern, order in _DATE_IN_LINE:
            found_in_line = pattern.search(line)
            if found_in_line:
                day, month, year = (found_in_line.group(i) for i in order)
                if (found := _valid_date(day, month, year)) is not None:
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
