"""Dates, years and periods in a sentence.

Vietnamese news writes "ngày 19/9/2018", "sáng 5-6-2024", "ngày 20 tháng 10 năm 2022",
"(09 và10/12/2023)", "Chiều 8/3" (no year), "tháng 10/2022", "năm 2018", "giai đoạn
2023-2025", "cách đây 54 năm". A date without a year takes its year from the publication date,
and only from it: a year is never guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

_DAY_WORDS = r"(?:ngày|sáng|chiều|tối|trưa|đêm|hôm|rạng sáng)"
_FULL = re.compile(
    r"(?<!\d)(?P<d>\d{1,2})(?:\s*(?:và|,|-|–)\s*\d{1,2})*\s*[/.-]\s*(?P<m>\d{1,2})\s*[/.-]\s*"
    r"(?P<y>(?:19|20)\d{2})(?!\d)"
)
_WORDY = re.compile(
    r"(?<!\d)(?P<d>\d{1,2})\s+tháng\s+(?P<m>\d{1,2})\s+năm\s+(?P<y>(?:19|20)\d{2})(?!\d)"
)
_NO_YEAR = re.compile(
    rf"{_DAY_WORDS}\s+(?:ngày\s+)?(?:\d{{1,2}}\s*(?:và|,|-)\s*)*(?P<d>\d{{1,2}})\s*[/.-]\s*"
    r"(?P<m>\d{1,2})(?![\d/.-]*\d)"
)
_MONTH = re.compile(r"tháng\s+(?P<m>\d{1,2})\s*(?:/|năm\s+)(?P<y>(?:19|20)\d{2})(?!\d)")
_PERIOD = re.compile(
    r"(?:giai đoạn|nhiệm kỳ|thời kỳ|kế hoạch|chương trình)?\s*(?:từ\s+(?:năm\s+)?)?"
    r"(?P<a>(?:19|20)\d{2})\s*(?:-|–|—|đến(?:\s+năm)?)\s*(?P<b>(?:19|20)\d{2})(?!\d)"
)
_YEAR = re.compile(r"năm\s+(?P<y>(?:19|20)\d{2})(?!\d)")
# "cách đây tròn 20 năm" is exact; "cách đây hơn 10 năm" is not, and gives no year.
_AGO = re.compile(r"cách đây\s+(?:tròn\s+|đúng\s+)?(?P<n>\d{1,3})\s+năm")


@dataclass(frozen=True)
class When:
    """What a sentence says about time."""

    date: str | None = None  # "YYYY-MM-DD" or "YYYY-MM"
    year: int | None = None
    period: str | None = None

    @property
    def is_empty(self) -> bool:
        return self.date is None and self.year is None and self.period is None


def _iso(year: int, month: int, day: int) -> str | None:
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def find_when(key: str, pub_date: date | None = None) -> When:
    """Time expressions in one sentence (given as its match key).

    >>> find_when("ngày 19/9/2018 tại thành phố thái bình")
    When(date='2018-09-19', year=2018, period=None)
    >>> find_when("chiều 18/7, hai bên ký chương trình giai đoạn 2024-2025", date(2024, 7, 19))
    When(date='2024-07-18', year=2024, period='2024-2025')
    >>> find_when("chiều 8/3, tại thành phố lào cai")
    When(date=None, year=None, period=None)
    >>> find_when("trong 02 ngày (09 và10/12/2023)tại thị xã cửa lò")
    When(date='2023-12-09', year=2023, period=None)
    """
    period = None
    period_match = _PERIOD.search(key)
    masked = key
    if period_match and int(period_match["a"]) < int(period_match["b"]):
        period = f"{period_match['a']}-{period_match['b']}"
        blank = " " * len(period_match[0])
        masked = key[: period_match.start()] + blank + key[period_match.end() :]

    for pattern in (_WORDY, _FULL):
        found = pattern.search(masked)
        if found:
            first_day = re.match(r"\d{1,2}", masked[found.start() : found.end()])
            day = int(first_day.group(0)) if first_day else int(found["d"])
            iso = _iso(int(found["y"]), int(found["m"]), day)
            if iso:
                return When(iso, int(found["y"]), period)

    found = _NO_YEAR.search(masked)
    if found and pub_date is not None:
        day_match = re.search(r"\d{1,2}", masked[found.start() : found.end()])
        day = int(day_match.group(0)) if day_match else int(found["d"])
        month = int(found["m"])
        year = pub_date.year
        # An event told after New Year about late December belongs to the year before.
        if (month, day) > (pub_date.month, pub_date.day + 7):
            year -= 1
        iso = _iso(year, month, day)
        if iso:
            return When(iso, year, period)

    found = _MONTH.search(masked)
    if found and 1 <= int(found["m"]) <= 12:
        return When(f"{int(found['y']):04d}-{int(found['m']):02d}", int(found["y"]), period)

    found = _YEAR.search(masked)
    if found:
        return When(None, int(found["y"]), period)

    found = _AGO.search(masked)
    if found and pub_date is not None:
        return When(None, pub_date.year - int(found["n"]), period)

    return When(None, None, period)
