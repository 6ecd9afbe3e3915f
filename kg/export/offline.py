"""Make a generated HTML page self-contained: no tag may load anything from elsewhere.

pyvis 0.3.2 inlines vis-network with ``cdn_resources="in_line"`` but still links Bootstrap
from a CDN and leaves a commented-out ``<script src=...>``. We split the page into markup and
the raw text of ``<script>``/``<style>`` elements (which the browser does not parse as tags),
and edit only the markup, so code inside inline scripts is never touched.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

# Comments first: a <script> inside a comment is no script (the browser reads them this way).
_PIECE = re.compile(
    r"<!--.*?(?:-->|\Z)|<(script|style)\b[^>]*>.*?(?:</\1\s*>|\Z)", re.IGNORECASE | re.DOTALL
)
_SOURCE_MAP = re.compile(r"//[#@] sourceMappingURL=[^\s<]*")
_LINK = re.compile(r"<link\b[^>]*>", re.IGNORECASE)
_SRC = re.compile(r"\bsrc\s*=", re.IGNORECASE)
_DATA_HREF = re.compile(r"""\bhref\s*=\s*["']?data:""", re.IGNORECASE)
_URL_ATTRIBUTES = frozenset({"src", "href", "action", "poster", "data", "srcset", "formaction"})
_CSS_URL = re.compile(r"""(?:url\(\s*["']?|@import\s+["'])([^"')\s]+)""", re.IGNORECASE)
_LOCAL = ("data:", "#", "javascript:void(0)")


def _pieces(html: str) -> list[tuple[str, str]]:
    """``(kind, text)`` in order; kind is "markup", "comment", "script" or "style"."""
    pieces, end = [], 0
    for match in _PIECE.finditer(html):
        pieces.append(("markup", html[end : match.start()]))
        kind = match.group(1).lower() if match.group(1) else "comment"
        pieces.append((kind, match.group(0)))
        end = match.end()
    pieces.append(("markup", html[end:]))
    return pieces


def _clean_markup(markup: str) -> str:
    return _LINK.sub(lambda m: m.group(0) if _DATA_HREF.search(m.group(0)) else "", markup)


def make_offline(html: str) -> str:
    """``html`` without comments, ``<link>``s (but ``data:`` ones), ``<script src>`` or
    source-map comments.

    >>> page = ('<head><link href="https://cdn/b.css" rel="stylesheet"/><!-- <script src="x">'
    ...         '</script> --><script src="https://cdn/b.js"></script>'
    ...         '<script>var s = "<link href=https://k>";</script></head>')
    >>> make_offline(page)
    '<head><script>var s = "<link href=https://k>";</script></head>'
    >>> make_offline("<script>f(); //# sourceMappingURL=f.js.map</script>")
    '<script>f(); </script>'
    """
    out = []
    for kind, text in _pieces(html):
        if kind == "markup":
            out.append(_clean_markup(text))
        elif kind == "script" and not _SRC.search(text[: text.index(">") + 1]):
            out.append(_SOURCE_MAP.sub("", text))  # devtools would fetch the map
        elif kind == "style":
            out.append(text)
    return "".join(out)


class _Attributes(HTMLParser):
    """Collects the URL-valued attributes of every tag, as a browser would read them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found += [v.strip() for k, v in attrs if k in _URL_ATTRIBUTES and v]

    handle_startendtag = handle_starttag


def _urls(markup: str) -> list[str]:
    parser = _Attributes()
    parser.feed(markup)
    parser.close()
    return parser.found


def external_references(html: str) -> list[str]:
    """Every URL a tag or a stylesheet of ``html`` would load or link to, but ``data:``.

    Attribute values and text are read as the browser reads them, so a name such as
    ``Vân Nam href="x"`` inside a value or a text is no reference.

    >>> external_references('<img src="http://x/a.png"><style>a{b:url(data:x)}</style>')
    ['http://x/a.png']
    >>> external_references('<option value="a href=x">b src=y</option>')
    []
    """
    found = []
    for kind, text in _pieces(html):
        if kind == "markup":
            found += _urls(text)
        elif kind == "style":
            found += _CSS_URL.findall(text)
        elif kind == "script":
            found += _urls(text[: text.index(">") + 1])
    return [url for url in found if not url.lower().startswith(_LOCAL)]
