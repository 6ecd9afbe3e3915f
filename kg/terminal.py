"""Text made safe for a terminal: article text may hold control characters and ANSI escapes."""

from __future__ import annotations

import unicodedata

# Bidi overrides and isolates can reorder what follows them on the terminal line.
_BIDI = {chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F)}


def neutralise(text: str, keep: str = "") -> str:
    """Escape control and bidi characters, except those in ``keep``.

    >>> neutralise("red\\x1b[31m\\nline")
    'red\\\\x1b[31m\\\\nline'
    """
    out = []
    for char in text:
        if char in keep or not (unicodedata.category(char) in ("Cc", "Zl", "Zp") or char in _BIDI):
            out.append(char)
        elif char in "\n\r\t":
            out.append({"\n": "\\n", "\r": "\\r", "\t": "\\t"}[char])
        elif ord(char) < 0x100:
            out.append(f"\\x{ord(char):02x}")
        else:
            out.append(f"\\u{ord(char):04x}")
    return "".join(out)


def safe_cell(value: object, width: int) -> str:
    """A one-line table cell: neutralised, and cut to ``width`` characters with an ellipsis.

    >>> safe_cell("Lào Cai\\x1b[31m", 12)
    'Lào Cai\\\\x1b…'
    """
    text = neutralise("" if value is None else str(value))
    return text if len(text) <= width else text[: width - 1] + "…"
