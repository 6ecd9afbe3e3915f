"""Property tests: random Unicode, odd whitespace and mixed scripts never break the readers
and cleaners, and every span they give points into the text."""

from __future__ import annotations

from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.errors import InputError
from kg.ingest.clean import body_spans, is_furniture, is_tail_marker
from kg.ingest.formats import text_article
from kg.ingest.metadata import find_pub_date, find_title, parse_date
from kg.ingest.segment import segment
from kg.model import Article
from kg.resolve.normalize import nfc

WHITESPACE = [
    " ", "\t", "\n", "\r", "\r\n", "\n\n", "\u00a0", "\u2028", "\u2029", "\u200b", "\u3000",
    "\ufeff", "\x0b", "\x0c", "\u202f", "\u2009", "\u0085", "\u200e", "\u202e",
]  # fmt: skip
SCRIPTS = [
    "Lào Cai", "Ti\u0309nh u\u0309y", "ສະຫວັນນະເຂດ", "ខេត្តតាកែវ", "广西壮族自治区", "경기도",
    "神奈川県", "กรุงเทพมหานคร", "Ελλάδα", "Москва", "مدينة", "עברית", "🇻🇳🎉", "Ｈà Ｎộｉ",
    "\u0301\u0323", "İstanbul", "Straße", "ǅ", "ﬁ", "Ⅻ", "\x00", "\x1b[31m",
]  # fmt: skip
FRAGMENTS = [
    "Ngày 2/3/2020, ", "tỉnh Lào Cai", " và ", "tỉnh Thái Bình", "đã ký kết Biên bản ghi nhớ",
    " hợp tác", "hội đàm", "kết nghĩa", "giai đoạn 2023-2025", "UBND tỉnh Hà Tĩnh",
    "huyện Pạc Xăn (tỉnh Bolykhămxay, CHDCND Lào)", "Ban Thường vụ Tỉnh ủy Lào Cai",
    "hai tỉnh", "cách đây 54 năm", "tháng 10/2022", "(14:43 19/07/2024)", "Tin cùng chuyên mục",
    "1.JPG", ".", "; ", ", ", "năm 2018", "Chiều 8/3", "Đảng ủy Khối", "Quảng Tây (Trung Quốc)",
    "tỉnh Gyeonggi (Hàn Quốc)", "thành phố Hà Tĩnh", "KIỀU OANH", "Họ tên:(*)", "09 và10/12/2023",
]  # fmt: skip

texts = st.lists(
    st.one_of(
        st.sampled_from(FRAGMENTS),
        st.sampled_from(SCRIPTS),
        st.sampled_from(WHITESPACE),
        st.text(max_size=12),
    ),
    max_size=40,
).map("".join)

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(texts, st.none() | texts)
def test_body_spans_are_ordered_lines_of_the_text(text: str, title: str | None) -> None:
    spans = body_spans(text, title)
    last = 0
    for start, end in spans:
        assert last <= start <= end <= len(text)
        assert "\n" not in text[start:end]
        last = end


@SETTINGS
@given(texts)
def test_line_rules_answer_for_any_line(line: str) -> None:
    assert isinstance(is_furniture(line), bool)
    assert isinstance(is_tail_marker(line), bool)


@SETTINGS
@given(texts, st.none() | texts)
def test_sentences_point_into_the_text(text: str, title: str | None) -> None:
    text = nfc(text)
    article = Article("p.txt", text, "p.txt", "h", title=title)
    for sentence in segment(article):
        assert 0 <= sentence.start <= sentence.end <= len(text)
        assert text[sentence.start : sentence.end] == sentence.text


@SETTINGS
@given(texts)
def test_metadata_never_fails(text: str) -> None:
    found = find_pub_date(text)
    assert found is None or isinstance(found, date)
    title = find_title(text)
    assert title is None or (title.strip() and "\n" not in title)
    assert parse_date(text) is None or isinstance(parse_date(text), date)


@SETTINGS
@given(st.binary(max_size=300) | texts.map(lambda t: t.encode("utf-8")))
def test_any_bytes_give_an_article_or_one_line_error(data: bytes) -> None:
    try:
        article = text_article("p.txt", "p.txt", data)
    except InputError as err:
        assert "\n" not in str(err) and str(err).startswith("p.txt: ")
        return
    assert article.text == nfc(article.text)
    assert len(article.content_hash) == 64
