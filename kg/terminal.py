"""Text made safe for a terminal: article text may hold control characters and ANSI escapes."""

from __future__ import annotations

import re
import unicodedata

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")


def safe_text(value: object) -> str:
    """``value`` as one printable line: control characters shown as U+XXXX, newlines as spaces.

    >>> safe_text("Lào Cai\\x1b[31m\\nđỏ")
    'Lào Cai<U+001B>[31m đỏ'
    """
    text = "" if value is None else str(value)
    text = text.replace("\n", " ").replace("\t", " ").replace("\r", " ")
    return _CONTROL.sub(lambda m: f"<U+{ord(m.group(0)):04X}>", unicodedata.normalize("NFC", text))


def safe_cell(value: object, width: int) -> str:
    """A table cell: safe, and cut to ``width`` characters with an ellipsis."""
    text = safe_text(value)
    return text if len(text) <= width else text[: width - 1] + "…"
