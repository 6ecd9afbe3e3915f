"""kg.pipeline.build: what is extracted, skipped, shared between copies, and reported."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from kg.dedup import CACHE_FILE
from kg.errors import InputError
from kg.model import Article
from kg.parallel import Extraction, SerialExecutor
from kg.pipeline import build
from kg.progress import BuildProgress
from kg.store.backend import Store

MOU = "Ngày 2/3/2020, tỉnh Lào Cai và tỉnh Thái Bình đã ký kết Biên bản ghi nhớ hợp tác.\n"
TALKS = "Ngày 5/6/2021, tỉnh Hà Tĩnh và tỉnh Khăm Muộn đã hội đàm về hợp tác.\n"
DATETIME = "^^<http://www.w3.org/2001/XMLSchema#dateTime>"


def dump(store: Store) -> set[str]:
    """The store as a set of N-Quads lines, without the times that vary from run to run."""
    return {line for line in store.dump("nquads").decode().splitlines() if DATETIME not in line}


class Recording(SerialExecutor):
    """Extracts in this process and remembers which articles it was given."""

    def __init__(self) -> None:
        super().__init__()
        self.seen: list[str] = []

    def run(self, articles: Iterator[Article]) -> Iterator[tuple[Article, Extraction]]:
        for article, extraction in super().run(articles):
            self.seen.append(article.id)
            yield article, extraction


class Reversing(SerialExecutor):
    """Takes every article before answering, then answers last-in first-out: the order in
    which a pool of workers may well finish."""

    def run(self, articles: Iterator[Article]) -> Iterator[tuple[Article, Extraction]]:
        yield from reversed(list(super().run(articles)))


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store.open(tmp_path / "store") as opened:
        yield opened


def test_the_same_text_twice_is_extracted_once_and_both_sources_are_stored(
    tmp_path: Path, store: Store
) -> None:
    corpus = tmp_path / "corpus"
    write(corpus, "a.txt", MOU)
    write(corpus, "b.txt", MOU)  # the same story from another outlet
    write(corpus, "c.txt", TALKS)
    executor = Recording()
    report = build([corpus], store, executor=executor)
    assert executor.seen == ["a.txt", "c.txt"]
    assert (report.read, report.stored, report.duplicates, report.unchanged) == (3, 2, 1, 0)
    assert store.article_ids() == ["a.txt", "b.txt", "c.txt"]

    # b's graph is what extracting b itself gives; its facts are not counted twice
    with Store.open(tmp_path / "alone") as alone:
        assert build([corpus / "a.txt", corpus / "c.txt"], alone).facts == report.facts
        (tmp_path / "alone" / CACHE_FILE).unlink()
        again = Recording()
        build([corpus / "b.txt"], alone, executor=again)
        assert again.seen == ["b.txt"]
        assert dump(alone) == dump(store)


def test_a_copy_in_a_later_build_is_not_extracted_again(tmp_path: Path, store: Store) -> None:
    build([write(tmp_path / "crawl1", "a.txt", MOU)], store)
    second = tmp_path / "crawl2.jsonl"
    second.write_text(json.dumps({"url": "https://x.vn/a", "text": MOU}) + "\n", "utf-8")
    executor = Recording()
    report = build([second], store, executor=executor)
    assert executor.seen == []
    assert (report.stored, report.duplicates) == (0, 1)
    assert store.article_ids() == ["a.txt", "https://x.vn/a"]


def test_a_rebuild_does_no_extraction(tmp_path: Path, store: Store) -> None:
    corpus = tmp_path / "corpus"
    write(corpus, "a.txt", MOU)
    write(corpus, "b.txt", MOU)
    build([corpus], store)
    executor = Recording()
    report = build([corpus], store, executor=executor)
    assert executor.seen == []
    assert (report.read, report.unchanged, report.stored, report.duplicates) == (2, 2, 0, 0)


def test_same_id_twice_the_later_wins_whatever_order_extraction_finishes(
    tmp_path: Path, store: Store
) -> None:
    corpus = tmp_path / "corpus.jsonl"
    lines = [{"id": "x", "text": MOU}, {"id": "y", "text": TALKS}, {"id": "x", "text": TALKS}]
    corpus.write_text("\n".join(json.dumps(line) for line in lines) + "\n", "utf-8")
    report = build([corpus], store, executor=Reversing())
    assert report.read == 3 and not report.failed
    with Store.open(tmp_path / "serial") as serial:
        build([corpus], serial)
        assert dump(store) == dump(serial)
    assert "Khăm Muộn" in store.dump("nquads").decode()
    (hash_x,) = {store.article_hash("x")}
    assert hash_x == store.article_hash("y")  # x now holds the TALKS text


def test_an_extraction_that_raises_fails_that_article_and_its_copies_only(
    tmp_path: Path, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    import kg.pipeline

    real = kg.pipeline.analyse_article

    def flaky(article: Article, gazetteer: object) -> object:
        if "Khăm Muộn" in article.text:
            raise RuntimeError("boom\nsecond line")
        return real(article, gazetteer)  # type: ignore[arg-type]

    monkeypatch.setattr(kg.pipeline, "analyse_article", flaky)
    corpus = tmp_path / "corpus"
    write(corpus, "a.txt", MOU)
    write(corpus, "b.txt", TALKS)
    write(corpus, "c.txt", TALKS)
    report = build([corpus], store)
    assert store.article_ids() == ["a.txt"]
    messages = [str(e) for e in report.failed]
    assert messages == [
        f"{corpus / 'b.txt'}: extraction failed (RuntimeError: boom second line)",
        f"{corpus / 'c.txt'}: same text as b.txt, whose extraction failed "
        "(RuntimeError: boom second line)",
    ]
    assert (report.read, report.stored) == (3, 1)


class Watcher:
    def __init__(self) -> None:
        self.updates: list[BuildProgress] = []
        self.failures: list[InputError] = []

    def update(self, progress: BuildProgress) -> None:
        self.updates.append(progress)

    def failed(self, error: InputError) -> None:
        self.failures.append(error)


def test_the_observer_hears_counts_bytes_and_failures(tmp_path: Path, store: Store) -> None:
    corpus = tmp_path / "corpus"
    write(corpus, "a.txt", MOU)
    (corpus / "b.txt").write_bytes(b"")
    write(corpus, "c.txt", TALKS)
    watcher = Watcher()
    build([corpus], store, observer=watcher)
    last = watcher.updates[-1]
    assert (last.read, last.stored, last.failed, last.handled) == (2, 2, 1, 2)
    assert last.bytes_total == last.bytes_done == len(MOU.encode()) + len(TALKS.encode())
    assert [e.path for e in watcher.failures] == [str(corpus / "b.txt")]
