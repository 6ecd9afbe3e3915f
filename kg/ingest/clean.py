"""Which lines of an article are its body.

Cleaning never rewrites text: it returns the (start, end) spans of the lines to keep, so that
every later offset still points into ``Article.text``. Each rule is a small predicate over one
line, tested with tables of real snippets.
"""

from __future__ import annotations

import re

from kg.resolve.normalize import match_key

# A line that starts the page furniture after the story: related news, comments, counters.
# Everything from the first such line on is dropped.
_TAIL_MARKERS = re.compile(
    r"^(?:có thể bạn quan tâm|tin cùng chuyên mục|tin liên quan|các tin khác|tin khác|"
    r"tin mới(?: nhất)?|đọc thêm|xem thêm|bài viết khác|các bài đã đăng|bài liên quan|"
    r"viết bình luận|bình luận|ý kiến bạn đọc|gửi bình luận|truy cập|thống kê truy cập|"
    r"lượt truy cập|tin nổi bật|tin xem nhiều|chia sẻ|từ khóa|tags?|chủ đề\b.*)\s*:?$"
)
_IMAGE_FILE = re.compile(r"^\S+\.(?:jpe?g|png|gif|webp|bmp|tiff?)$", re.IGNORECASE)
_SLUG = re.compile(r"^[\w]+(?:-[\w]+)+$")  # "Anh-tin-bai"
_NO_LETTERS = re.compile(r"^[\W\d_]*$")
_FORM_FIELD = re.compile(r"^[^.!?]{1,40}:\s*(?:\(\*\))?\s*$")  # "Họ tên:(*)", "Hôm nay:"
_BYLINE = re.compile(r"^[A-ZÀ-Ỹ][A-ZÀ-ỸĐ\s.]{2,40}$")  # "KIỀU OANH"


def is_tail_marker(line: str) -> bool:
    return bool(_TAIL_MARKERS.match(match_key(line.strip())))


def is_furniture(line: str) -> bool:
    """A line that is never part of the story: a file name, slug, counter, form field, byline."""
    stripped = line.strip()
    if not stripped:
        return True
    if _IMAGE_FILE.match(stripped) or _SLUG.match(stripped) or _NO_LETTERS.match(stripped):
        return True
    if " " not in stripped and len(stripped) < 30:
        return True  # a lone token: "fbytzltw", "Anh"
    if _FORM_FIELD.match(stripped):
        return True
    return bool(_BYLINE.match(stripped)) and len(stripped.split()) <= 4


def body_spans(text: str, title: str | None = None) -> list[tuple[int, int]]:
    """Spans of the lines that make up the story, in order.

    >>> text = "Tiêu đề bài\\n1.JPG\\nHai tỉnh ký kết.\\nTin cùng chuyên mục\\nTỉnh khác ký."
    >>> [text[s:e] for s, e in body_spans(text, "Tiêu đề bài")]
    ['Tiêu đề bài', 'Hai tỉnh ký kết.']
    """
    spans: list[tuple[int, int]] = []
    title_key = match_key(title.strip()) if title else None
    seen_title = False
    offset = 0
    for raw in text.split("\n"):
        start, end = offset, offset + len(raw)
        offset = end + 1
        if spans and is_tail_marker(raw):
            break
        if is_furniture(raw):
            continue
        stripped = raw.strip()
        if title_key and match_key(stripped) == title_key:
            if seen_title:
                continue  # the headline repeated as a photo caption
            seen_title = True
        lead = len(raw) - len(raw.lstrip())
        spans.append((start + lead, start + lead + len(stripped)))
    return spans
