from datetime import date
from pathlib import Path

import pytest

from kg.errors import InputError
from kg.ingest.read import find_article_files, read_article

SEEDS = Path(__file__).parents[2] / "seeds"


def test_reads_title_and_dateline_of_a_seed() -> None:
    article = read_article(SEEDS / "003_8c275dda050f8600.txt")
    assert article.id == "003_8c275dda050f8600.txt"
    assert article.title == (
        "Liên hiệp các tổ chức hữu nghị thành phố Hà Nội mở rộng hợp tác với quận Ba Đình"
    )
    assert article.pub_date == date(2024, 7, 19)
    assert len(article.content_hash) == 64


def test_text_is_nfc(tmp_path: Path) -> None:
    path = tmp_path / "nfd.txt"
    path.write_bytes("Tỉnh ủy".encode().replace("ỉ".encode(), "i\u0309".encode()))
    assert read_article(path).text == "Tỉnh ủy"


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"", "empty file"),
        (b"  \n\n ", "empty file"),
        ("Tỉnh ủy Lào Cai".encode("cp1258", errors="replace") + b"\xff\xfe", "not UTF-8"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
    ],
)
def test_bad_files_give_one_line_errors_naming_the_file(
    tmp_path: Path, content: bytes, problem: str
) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(InputError) as caught:
        read_article(path)
    message = str(caught.value)
    assert message.startswith(str(path)) and problem in message and "\n" not in message


def test_a_folder_without_articles_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "notes.md").write_text("x")
    with pytest.raises(InputError, match="no articles in this folder"):
        find_article_files([tmp_path])
