"""Normalising Vietnamese text for matching, without moving any character offset.

News text mixes Unicode forms (NFC/NFD) and two conventions for placing the tone mark in
"oa", "oe", "uy" (Hoà/Hòa, uỷ/ủy). Matching needs one form; provenance needs the original
offsets. So the article text is NFC once at reading time, and every function here that feeds
matching maps one character to one character: ``len(match_key(s)) == len(s)`` always.
"""

from __future__ import annotations

import re
import unicodedata

_TONES = frozenset("\u0300\u0301\u0303\u0309\u0323")  # grave, acute, tilde, hook, dot below

# Characters that look alike in news text, mapped one-to-one.
_ONE_TO_ONE = str.maketrans(
    {
        "\u00d0": "Đ",  # Latin eth typed for Đ
        "\u00a0": " ",
        "\u2007": " ",
        "\u202f": " ",
        "\u2009": " ",
        "\u2013": "-",
        "\u2014": "-",
        "\u2012": "-",
        "\u2212": "-",
        "\u2010": "-",
        "\u2011": "-",
        "\u201c": '"',
        "\u201d": '"',
        "\u2018": "'",
        "\u2019": "'",
    }
)

# An open syllable ending in oa/oe/uy with the tone on the second vowel ("hoà", "uỷ"), not
# preceded by q (in "quý" the u belongs to the consonant and the tone stays on y).
_OLD_STYLE = re.compile(
    r"(?<![qQ\w])(?P<pre>[^\W\d_]*?)(?<![qQ])(?P<v1>[oOuU])(?P<v2>[àáảãạèéẻẽẹỳýỷỹỵÀÁẢÃẠÈÉẺẼẸỲÝỶỸỴ])(?![^\W\d_])"
)


def _move_tone(match: re.Match[str]) -> str:
    v1, v2 = match.group("v1"), match.group("v2")
    base1, base2 = v1.lower(), unicodedata.normalize("NFD", v2.lower())[0]
    if (base1, base2) not in {("o", "a"), ("o", "e"), ("u", "y")}:
        return match.group(0)
    decomposed = unicodedata.normalize("NFD", v2)
    tone = "".join(c for c in decomposed if c in _TONES)
    bare2 = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONES))
    toned1 = unicodedata.normalize("NFC", v1 + tone)
    return match.group("pre") + toned1 + bare2


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def unify_tone_marks(text: str) -> str:
    """Put the tone on the first vowel of open oa/oe/uy, as underthesea's text_normalize does.

    >>> unify_tone_marks("Tỉnh uỷ Thanh Hoá, Hoà Bình, quý, khoẻ")
    'Tỉnh ủy Thanh Hóa, Hòa Bình, quý, khỏe'
    """
    return _OLD_STYLE.sub(_move_tone, text)


def match_key(text: str) -> str:
    """Lower-cased, tone-unified, look-alike-folded form of NFC ``text``, same length.

    >>> match_key("Tỉnh Uỷ  THANH HOÁ")
    'tỉnh ủy  thanh hóa'
    """
    folded = unify_tone_marks(text.translate(_ONE_TO_ONE))
    lowered = "".join(c.lower() if len(c.lower()) == 1 else c for c in folded)
    return lowered


def strip_diacritics(text: str) -> str:
    """ASCII-ish form for comparing names across spellings.

    >>> strip_diacritics("Đà Nẵng")
    'Da Nang'
    """
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def name_key(text: str) -> str:
    """Key for comparing place names: NFC, tone-unified, lower-case, no diacritics, no hyphens.

    >>> name_key("Bô-ly-khăm-xay") == name_key("Bô Ly Khăm Xay")
    True
    """
    key = strip_diacritics(match_key(nfc(text)))
    key = re.sub(r"[\s\-–.]+", " ", key)
    return key.strip()
