"""Text made safe for a terminal: article text may hold control characters and ANSI escapes.

``neutralise`` is for text shown to a person (tables, messages); ``json_safe`` for JSON
written to stdout, where the same characters become ``\\uXXXX`` escapes and the data stays
exactly the same once parsed.
"""

from __future__ import annotations

import re
import unicodedata

# Bidi marks, overrides and isolates can reorder what follows them on the terminal line.
_BIDI = {chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F, 0x061C)}
# What json.dumps(ensure_ascii=False) leaves raw that a terminal may act on: DEL, C1 controls
# (U+009B is a one-character CSI on some terminals), line and paragraph separators, bidi.
_JSON_LIVE = re.compile("[\x7f-\x9f\u2028\u2029" + "".join(sorted(_BIDI)) + "]")


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


def json_safe(text: str) -> str:
    """JSON text with the characters a terminal acts on written as escapes.

    Only valid on the output of ``json.dumps``: such characters can only be inside strings.

    >>> import json
    >>> json_safe(json.dumps({"t": "a\\u202eb\\x9b"}, ensure_ascii=False))
    '{"t": "a\\\\u202eb\\\\u009b"}'
    """
    return _JSON_LIVE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
