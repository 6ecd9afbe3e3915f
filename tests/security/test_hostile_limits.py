"""Inputs built to exhaust memory or the parser are skipped with one clear line; the rest goes in.

Each test puts one monster beside a normal article and runs ``kg build`` over both: the
normal article is stored, the monster is reported on one line naming it and why. The
100 MB JSON line runs in its own process so that its peak memory can be measured.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from hostile import kg

from kg.ingest.read import MAX_BYTES

GOOD = (
    "Ngày 4/6/2022, UBND tỉnh Sơn La và UBND tỉnh Điện Biên ký biên bản ghi nhớ hợp tác về du "
    "lịch và thương mại giai đoạn 2022-2025."
)
HUGE_LINE = 100 * 1024 * 1024
# Peak memory of `kg build` over the 100 MB line beyond a build over the normal article
# alone: well under the line itself, so it was never held whole.
MAX_EXTRA_MEMORY = 60 * 1024 * 1024


def build(folder: Path, store: Path) -> tuple[int, list[str]]:
    result = kg("build", str(folder), "--store", str(store), "--no-progress")
    return result.code, result.err.splitlines()


def skipped(lines: list[str], name: str) -> list[str]:
    return [line for line in lines if line.startswith("kg: skipped") and name in line]


def stored_articles(store: Path) -> int:
    result = kg("query", "SELECT (COUNT(?a) AS ?n) WHERE { ?a a kg:Article }", "--store",
                str(store), "--format", "csv")  # fmt: skip
    return int(result.out.splitlines()[1])


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "good.txt").write_text(f"Sơn La ký kết với Điện Biên\n\n{GOOD}\n", encoding="utf-8")
    return corpus


def test_a_line_of_a_million_characters(folder: Path, tmp_path: Path) -> None:
    line = ("hợp tác phát triển kinh tế " * 40_000)[:1_000_000]
    (folder / "long-line.txt").write_text(f"Tin dài\n\n{line}\n", encoding="utf-8")
    code, err = build(folder, tmp_path / "store")
    assert code == 1
    [message] = skipped(err, "long-line.txt")
    assert "text too long for one article" in message
    assert stored_articles(tmp_path / "store") == 1


def test_a_single_huge_article(folder: Path, tmp_path: Path) -> None:
    with open(folder / "huge.txt", "wb") as handle:
        handle.truncate(MAX_BYTES * 3)  # sparse: no disk used
    code, err = build(folder, tmp_path / "store")
    assert code == 1
    [message] = skipped(err, "huge.txt")
    assert "file too large" in message
    assert stored_articles(tmp_path / "store") == 1


def test_a_deeply_nested_html_page(folder: Path, tmp_path: Path) -> None:
    depth = 100_000
    page = "<html><head><title>Tin</title></head><body>" + "<div>" * depth
    page += f"<p>{GOOD} {GOOD}</p>" + "</div>" * depth + "</body></html>"
    (folder / "nested.html").write_text(page, encoding="utf-8")
    code, err = build(folder, tmp_path / "store")
    assert code == 1
    [message] = skipped(err, "nested.html")
    assert "HTML nested too deeply to read" in message
    assert stored_articles(tmp_path / "store") == 1


def test_a_skipped_input_is_one_line_on_stderr(folder: Path, tmp_path: Path) -> None:
    (folder / "nested.html").write_text("<div>" * 1000 + "x" + "</div>" * 1000, "utf-8")
    _, code, err = peak_build(folder, tmp_path / "store")
    assert code == 1
    assert len([line for line in err if "nested.html" in line]) == 1


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("[" * 100_000 + "]" * 100_000, "JSON nested too deeply"),
        ('{"text": ' + "1" * 100_000 + "}", "JSON number too long"),
        ('{"id": "\\udc00", "text": "' + "\\ud800" * 10 + " " + GOOD + '"}', None),
    ],
)
def test_hostile_json_lines(folder: Path, tmp_path: Path, line: str, reason: str | None) -> None:
    good = json.dumps({"id": "good-line", "text": GOOD}, ensure_ascii=False)
    (folder / "corpus.jsonl").write_text(f"{line}\n{good}\n", encoding="utf-8")
    code, err = build(folder, tmp_path / "store")
    if reason is None:  # lone surrogates: repaired as U+FFFD, and the article stored
        assert code == 0, err
        assert stored_articles(tmp_path / "store") == 3
        return
    assert code == 1
    [message] = skipped(err, "corpus.jsonl:1")
    assert reason in message
    assert stored_articles(tmp_path / "store") == 2


PEAK = """
import resource, sys
from kg.cli import main
try:
    main(sys.argv[1:], prog_name="kg")
except SystemExit as done:
    code = done.code
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024, code, file=sys.stderr)
"""


def peak_build(corpus: Path, store: Path) -> tuple[int, int, list[str]]:
    """Peak memory (bytes), exit code and stderr lines of `kg build` in a fresh process."""
    args = ["build", str(corpus), "--store", str(store), "--no-progress"]
    done = subprocess.run(
        [sys.executable, "-c", PEAK, *args], capture_output=True, text=True, timeout=300
    )
    lines = done.stderr.splitlines()
    peak, code = lines[-1].split()
    return int(peak), int(code), lines[:-1]


def test_a_json_line_of_100_mb(folder: Path, tmp_path: Path) -> None:
    baseline, code, _ = peak_build(folder, tmp_path / "baseline")
    assert code == 0
    with open(folder / "crawl.jsonl", "wb") as handle:
        handle.write(b'{"id": "monster", "text": "')
        chunk = b"hop tac " * (1024 * 128)
        for _ in range(HUGE_LINE // len(chunk)):
            handle.write(chunk)
        handle.write(b'"}\n')
        good = json.dumps({"id": "after-monster", "text": GOOD}, ensure_ascii=False)
        handle.write(good.encode("utf-8") + b"\n")
    peak, code, err = peak_build(folder, tmp_path / "store")
    assert code == 1
    [message] = skipped(err, "crawl.jsonl:1")
    assert "line too long" in message
    assert stored_articles(tmp_path / "store") == 2  # good.txt and the line after the monster
    assert peak - baseline < MAX_EXTRA_MEMORY, f"{(peak - baseline) / 2**20:.0f} MB more"
