import gzip
import json
from datetime import date
from pathlib import Path

from kg.errors import InputError
from kg.ingest.read import iter_articles, read_article
from kg.pipeline import extract_article

PAGE = Path(__file__).parents[1] / "data" / "pages" / "laocai-thaibinh.html"


def test_html_page_keeps_the_story_and_its_metadata() -> None:
    article = read_article(PAGE)
    assert article.title == "Hai tỉnh Lào Cai – Thái Bình tăng cường hợp tác toàn diện"
    assert article.pub_date == date(2024, 3, 9)
    assert "Biên bản ghi nhớ" in article.text
    # navigation, related-news teasers, the comment form and the counter are gone
    for noise in ("Vân Nam", "Quảng Tây", "Họ tên", "Truy cập", "Trang chủ"):
        assert noise not in article.text


def test_no_fact_comes_from_a_teaser_of_another_story() -> None:
    facts = extract_article(read_article(PAGE))
    assert {(f.a, f.b) for f in facts} == {("vn/lao-cai", "vn/thai-binh")}
    mou = next(f for f in facts if f.relation == "signed_mou")
    assert mou.date == "2018-09-19"


def test_html_without_an_article_is_an_error(tmp_path: Path) -> None:
    page = tmp_path / "empty.html"
    page.write_text("<html><body><nav><a href='/'>Trang chủ</a></nav></body></html>", "utf-8")
    (error,) = list(iter_articles([page]))
    assert isinstance(error, InputError) and "no article text" in str(error)


def _corpus_lines() -> list[bytes]:
    good = {
        "url": "https://baohatinh.vn/a.html",
        "title": "Hà Tĩnh và Bolykhămxay ký kết biên bản",
        "date": "2023-08-28",
        "text": "Sáng 27/8, UBND tỉnh Hà Tĩnh và chính quyền tỉnh Bolykhămxay đã ký kết "
        "biên bản hợp tác giai đoạn 2023-2025.",
    }
    return [
        json.dumps(good, ensure_ascii=False).encode(),
        b"{not json",
        json.dumps({"url": "https://x.vn/b", "title": "no text"}).encode(),
        b"",
    ]


def test_jsonl_corpus_reports_bad_lines_and_reads_the_rest(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus.jsonl.gz"
    with gzip.open(corpus, "wb") as handle:
        handle.write(b"\n".join(_corpus_lines()) + b"\n")
    items = list(iter_articles([corpus]))
    articles = [i for i in items if not isinstance(i, InputError)]
    errors = [str(i) for i in items if isinstance(i, InputError)]
    assert errors == [
        f"{corpus}:2: not a JSON object (JSONDecodeError)",
        f"{corpus}:3: no article text (expected a 'text' field)",
    ]
    (article,) = articles
    assert article.id == "https://baohatinh.vn/a.html"
    assert article.pub_date == date(2023, 8, 28)
    facts = extract_article(article)
    assert {(f.a, f.b, f.relation, f.date) for f in facts} == {
        ("la/bolikhamxai", "vn/ha-tinh", "signed_agreement", "2023-08-27")
    }
