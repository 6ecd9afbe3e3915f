"""The bodies that act for a locality, recognised in the words just before its name.

"Ban Thường vụ Tỉnh ủy | Lào Cai", "UBND | thành phố Hà Tĩnh", "Đảng ủy Khối các cơ quan |
tỉnh Nghệ An", "Liên hiệp các tổ chức hữu nghị | thành phố Hà Nội": the body phrase ends where
the place (with its administrative word) begins.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_PARTY = r"(?:tỉnh|thành|huyện|quận|thị) ủy"

# Order matters: the first pattern that ends right before the place wins.
_BODY_PATTERNS: tuple[tuple[str, str], ...] = (
    ("standing_board", rf"(?:ban thường vụ|thường trực|btv|ban thường trực) {_PARTY}"),
    ("party_office", rf"văn phòng {_PARTY}"),
    ("bloc_party_committee", r"đảng ủy khối\b[^.;:!?()]{0,70}?"),
    ("party_committee", _PARTY),
    ("peoples_committee", r"(?:ủy ban nhân dân|ubnd)"),
    ("peoples_council", r"(?:thường trực )?(?:hội đồng nhân dân|hđnd)"),
    (
        "fatherland_front",
        r"(?:ủy ban )?(?:mặt trận tổ quốc|mttq)(?: việt nam)?",
    ),
    (
        "friendship_union",
        r"(?:liên hiệp các tổ chức hữu nghị|hội hữu nghị\b[^.;:!?()]{0,40}?)",
    ),
    (
        "foreign_authority",
        r"(?:ủy ban chính quyền|chính quyền|ban chấp hành đảng bộ|tỉnh trưởng|huyện trưởng|"
        r"tỉnh ủy - chính quyền|văn phòng tỉnh|sở ngoại vụ)",
    ),
)

_COMPILED = tuple(
    (kind, re.compile(rf"(?:^|(?<=[\s(\"'“-]))(?P<body>{pattern})\s*$"))
    for kind, pattern in _BODY_PATTERNS
)

# The level of government a party-committee word names, used to pick between a province and
# its namesake city ("Thành ủy Hà Tĩnh" is the city's committee).
LEVEL_OF_PARTY_WORD = {
    "tỉnh ủy": "province",
    "thành ủy": "city",
    "huyện ủy": "rural_district",
    "quận ủy": "urban_district",
    "thị ủy": "town",
}


@dataclass(frozen=True)
class BodyPhrase:
    kind: str
    start: int  # offset of the body phrase in the key text given to find_body
    level: str | None  # level hint from a party-committee word, if any


def find_body(key_before: str) -> BodyPhrase | None:
    """The body phrase that ends at the end of ``key_before`` (a match key), if any.

    >>> find_body("chiều 8/3, ban thường vụ tỉnh ủy ")
    BodyPhrase(kind='standing_board', start=11, level='province')
    >>> find_body("tổ chức hội nghị với ") is None
    True
    """
    for kind, pattern in _COMPILED:
        match = pattern.search(key_before)
        if match:
            body = match.group("body")
            level = next((lv for word, lv in LEVEL_OF_PARTY_WORD.items() if word in body), None)
            if kind == "foreign_authority":
                level = None
            return BodyPhrase(kind, match.start("body"), level)
    return None
