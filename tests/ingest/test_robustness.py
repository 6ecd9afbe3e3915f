"""Bad input never stops a build: each bad file or line is one line on stderr, the rest goes in."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import kg.ingest.read as read
from kg.cli import main
from kg.errors import InputError
from kg.ingest.read import iter_articles
from kg.store.backend import Store

MOU = "Ngày 2/3/2020, tỉnh Lào Cai và tỉnh Thái Bình đã ký kết Biên bản ghi nhớ hợp tác.\n"
TALKS = "Ngày 5/6/2021, tỉnh Hà Tĩnh và tỉnh Khăm Muộn đã hội đàm về hợp tác.\n"
PAGE = "<html><body><nav><a href='/'>Trang chủ</a> <a href='/tin'>Tin tức</a></nav></body></html>"


def bad_corpus(folder: Path) -> dict[str, str]:
    """Good and bad inputs side by side; returns the expected failure reason per input."""
    folder.mkdir()
    (folder / "good.txt").write_text(MOU, encoding="utf-8")
    (folder / "cp1258.txt").write_bytes("Tỉnh ủy Lào Cai".encode("cp1258", "replace") + b"\xff")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "blank.txt").write_bytes(b" \n\t\n")
    (folder / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    with open(folder / "huge.txt", "wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # 50 MB (sparse: costs no disk)
    (folder / "menu.html").write_text(PAGE, encoding="utf-8")
    lines = [
        json.dumps({"id": "j1", "text": TALKS}, ensure_ascii=False),
        "{not json",
        json.dumps({"url": "https://x.vn/no-text", "title": "Không có nội dung"}),
        json.dumps(["a", "list"]),
        json.dumps({"id": "j5", "text": "   "}),
    ]
    (folder / "corpus.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    corpus = folder / "corpus.jsonl"
    return {
        str(folder / "cp1258.txt"): "not UTF-8 text",
        str(folder / "empty.txt"): "empty file",
        str(folder / "blank.txt"): "empty file",
        str(folder / "image.txt"): "binary file",
        str(folder / "huge.txt"): "file too large",
        str(folder / "menu.html"): "HTML page with no article text",
        f"{corpus}:2": "not a JSON object",
        f"{corpus}:3": "no article text",
        f"{corpus}:4": "not a JSON object",
        f"{corpus}:5": "no article text",
    }


def test_a_build_over_bad_inputs_reports_each_and_stores_the_rest(tmp_path: Path) -> None:
    expected = bad_corpus(tmp_path / "in")
    store = tmp_path / "store"
    result = CliRunner().invoke(main, ["build", str(tmp_path / "in"), "--store", str(store)])
    assert result.exit_code == 1
    skipped = [line for line in result.stderr.splitlines() if line.startswith("kg: skipped ")]
    assert len(skipped) == len(expected)
    for where, reason in expected.items():
        assert any(line.startswith(f"kg: skipped {where}: {reason}") for line in skipped), where
    summary = next(line for line in result.stderr.splitlines() if "articles read" in line)
    assert summary.startswith("2 articles read, 2 stored, 0 unchanged")
    assert f"{len(expected)} failed" in summary
    assert result.stderr.splitlines()[-1].startswith("failed: ")
    with Store.open(store) as opened:
        assert opened.article_ids() == ["good.txt", "j1"]


def test_a_truncated_gzip_corpus_keeps_the_lines_before_the_damage(tmp_path: Path) -> None:
    corpus = tmp_path / "crawl.jsonl.gz"
    lines = [json.dumps({"id": f"a{i}", "text": MOU + f"Bài {i}. " * 200}) for i in range(40)]
    data = gzip.compress("\n".join(lines).encode())
    corpus.write_bytes(data[: len(data) * 2 // 3])
    items = list(iter_articles([corpus]))
    *articles, error = items
    assert isinstance(error, InputError) and error.path == str(corpus)
    assert "cannot be read" in error.problem
    assert len(articles) >= 5 and not any(isinstance(a, InputError) for a in articles)


def test_an_overlong_json_line_is_skipped_without_losing_the_line_count(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(read, "MAX_BYTES", 1000)
    monkeypatch.setattr(read, "_CHUNK", 64)
    corpus = tmp_path / "c.jsonl"
    lines = [
        json.dumps({"id": "big", "text": "x " * 5000}),
        json.dumps({"id": "ok", "text": MOU}, ensure_ascii=False),
    ]
    corpus.write_text("\n".join(lines) + "\n", encoding="utf-8")
    first, second = iter_articles([corpus])
    assert isinstance(first, InputError)
    assert str(first).startswith(f"{corpus}:1: line too long (10")
    assert not isinstance(second, InputError) and second.id == "ok"


def test_a_text_too_long_for_an_article_is_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(read, "MAX_TEXT_CHARS", 50)
    (tmp_path / "a.txt").write_text(MOU, encoding="utf-8")
    corpus = tmp_path / "c.jsonl"
    corpus.write_text(json.dumps({"url": "https://x.vn/a", "text": MOU}) + "\n", "utf-8")
    errors = [str(e) for e in iter_articles([tmp_path / "a.txt", corpus])]
    assert errors == [
        f"{tmp_path / 'a.txt'}: text too long for one article ({len(MOU)} characters, limit 50)",
        f"{corpus}:1: text too long for one article ({len(MOU)} characters, limit 50)",
    ]
