"""Colours and line styles shared by the HTML view, the static plot and the GEXF export."""

from __future__ import annotations

from collections.abc import Iterable

from kg.analyze.network import display_label

__all__ = [
    "GROUP_COLOURS", "GROUP_NAMES", "RELATION_STYLES", "UNKNOWN_COLOUR", "country_colours",
    "display_label", "edge_style", "rgb", "strongest_relation",
]  # fmt: skip

GROUP_COLOURS: dict[str, str] = {
    "vn_province": "#d62728",
    "vn_local": "#ff9f40",
    "foreign": "#1f77b4",
    "body": "#8c8c8c",
}
GROUP_NAMES: dict[str, str] = {
    "vn_province": "Vietnamese province / municipality",
    "vn_local": "Vietnamese city, town or district",
    "foreign": "Foreign locality",
    "body": "Acting body",
}
# Strongest first: an edge with several relations is drawn as the strongest one.
RELATION_STYLES: dict[str, tuple[str, bool]] = {
    "twinned": ("#c49a00", False),
    "signed_agreement": ("#2ca02c", False),
    "signed_mou": ("#9467bd", False),
    "reviewed_cooperation": ("#17becf", True),
    "held_talks": ("#7f7f7f", True),
    "acts_for": ("#c7c7c7", True),
}
UNKNOWN_COLOUR = "#999999"

#: The countries partnerships are mostly with keep the same colour in every picture.
_FIXED_COUNTRY_COLOURS = {
    "VN": "#d62728",
    "LA": "#1f77b4",
    "KH": "#2ca02c",
    "CN": "#ff7f0e",
    "KR": "#9467bd",
    "JP": "#e377c2",
    "TH": "#17becf",
}
_OTHER_COUNTRY_COLOURS = (
    "#8c564b", "#bcbd22", "#393b79", "#637939", "#8c6d31", "#843c39", "#7b4173",
    "#3182bd", "#e6550d", "#31a354", "#756bb1", "#636363",
)  # fmt: skip


def strongest_relation(relations: Iterable[str]) -> str | None:
    """The relation an edge is drawn as.

    >>> strongest_relation(["held_talks", "twinned"])
    'twinned'
    >>> strongest_relation([]) is None
    True
    """
    present = set(relations)
    return next((r for r in RELATION_STYLES if r in present), None)


def edge_style(relations: Iterable[str]) -> tuple[str, bool]:
    """(colour, dashed) of an edge with these relations."""
    strongest = strongest_relation(relations)
    return RELATION_STYLES[strongest] if strongest else (UNKNOWN_COLOUR, False)


def country_colours(codes: Iterable[str | None]) -> dict[str, str]:
    """A colour per country code: fixed for the usual partners, then by sorted code.

    >>> country_colours(["LA", "FR", None, "VN"])
    {'FR': '#8c564b', 'LA': '#1f77b4', 'VN': '#d62728', '?': '#999999'}
    """
    codes = list(codes)
    known = sorted({c for c in codes if c})
    others = [c for c in known if c not in _FIXED_COUNTRY_COLOURS]
    colours = {}
    for code in known:
        if code in _FIXED_COUNTRY_COLOURS:
            colours[code] = _FIXED_COUNTRY_COLOURS[code]
        else:
            i = others.index(code)
            colours[code] = _OTHER_COUNTRY_COLOURS[i % len(_OTHER_COUNTRY_COLOURS)]
    if any(not c for c in codes):
        colours["?"] = UNKNOWN_COLOUR
    return colours


def rgb(colour: str) -> tuple[int, int, int]:
    """``#rrggbb`` as integers.

    >>> rgb("#d62728")
    (214, 39, 40)
    """
    value = colour.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)
