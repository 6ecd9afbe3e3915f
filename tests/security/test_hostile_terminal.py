"""Article text cannot drive the terminal: escapes, controls and bidi overrides are shown inert.

The hostile corpus carries ``ESC [2J`` (clear screen), colours, an OSC window-title sequence,
backspaces, the C1 CSI character (U+009B) and a right-to-left override in a title and an
evidence sentence. Reading turns control characters into U+FFFD; bidi overrides stay in the
text, and tables show them escaped (``\\u202e``), as they do anything a file name brings
into an error message.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hostile import ANSI_EVIDENCE, Built, kg

from kg.ingest.formats import plain_text
from kg.terminal import neutralise, safe_cell

# What a terminal acts on: C0 (but newline) and C1 controls, DEL, bidi embeddings and overrides.
LIVE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\u061c]")


def test_fact_table_shows_escapes_inert(built: Built) -> None:
    result = kg("extract", str(built.corpus / "003_ansi.txt"), "--format", "table")
    assert result.code == 0, result.err
    assert LIVE.findall(result.out) == []
    assert "Điện Biên \ufffd[31" in result.out  # then cut to the column


def test_query_table_shows_escapes_inert(built: Built) -> None:
    query = """SELECT DISTINCT ?title ?evidence WHERE {
      ?a kg:articleId "003_ansi.txt" ; dcterms:title ?title .
      ?e prov:wasDerivedFrom ?a ; kg:evidence ?evidence }"""
    result = kg("query", query, "--store", str(built.store))
    assert result.code == 0, result.err
    assert LIVE.findall(result.out) == []
    assert "Sơn La \\u202e\ufffd[2J" in result.out and "\ufffd[31mký" in result.out


@pytest.mark.parametrize("fmt", ["table", "csv"])
def test_neighbors_shows_escapes_inert(built: Built, fmt: str) -> None:
    result = kg("neighbors", "Sơn La", "--store", str(built.store), "--format", fmt)
    assert result.code == 0, result.err
    if fmt == "table":
        assert LIVE.findall(result.out) == []


def test_json_lines_escape_controls_but_keep_the_text(built: Built) -> None:
    result = kg("extract", str(built.corpus / "003_ansi.txt"), "--format", "jsonl")
    assert LIVE.findall(result.out) == []  # JSON escapes them: \u202e
    assert json.loads(result.out.splitlines()[0])["evidence"] == plain_text(ANSI_EVIDENCE)


def _ansi_file(folder: Path) -> Path:
    folder.mkdir(exist_ok=True)
    path = folder / "\x1b[2J\x1b]0;pwned\x07\u202eevil.txt"
    path.write_bytes(b"")  # empty: an error that names the file
    return path


def test_build_skip_lines_name_files_inertly(tmp_path: Path) -> None:
    path = _ansi_file(tmp_path / "in")
    result = kg("build", str(path.parent), "--store", str(tmp_path / "store"), "--no-progress")
    assert result.code == 1
    assert "kg: skipped" in result.err and "empty file" in result.err
    assert LIVE.findall(result.err) == []


def test_everything_a_real_build_prints_is_inert(tmp_path: Path) -> None:
    path = _ansi_file(tmp_path / "in")
    args = ["build", str(path.parent), "--store", str(tmp_path / "store"), "--no-progress"]
    done = subprocess.run([sys.executable, "-m", "kg", *args], capture_output=True, text=True)
    assert done.returncode == 1
    assert "empty file" in done.stderr
    assert LIVE.findall(done.stderr) == []


def test_extract_errors_name_files_inertly(tmp_path: Path) -> None:
    path = _ansi_file(tmp_path / "in")
    result = kg("extract", str(path.parent), "--format", "table")
    assert result.code == 1
    assert "empty file" in result.err
    assert LIVE.findall(result.err) == []


def test_fatal_errors_name_paths_inertly(tmp_path: Path) -> None:
    result = kg("build", str(tmp_path / "\x1b[2Jmissing\u202e"), "--store", str(tmp_path / "s"))
    assert result.code == 1
    assert LIVE.findall(result.err) == []


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("Lào Cai\x1b[31m", "Lào Cai\\x1b[31m"),
        ("a\x9b2Jb", "a\\x9b2Jb"),  # C1 CSI, a one-character escape on some terminals
        ("x\u202eevil", "x\\u202eevil"),
        ("x\u061cy\u2067z", "x\\u061cy\\u2067z"),
        ("tab\there\r", "tab\\there\\r"),
        ("Thành phố Hồ Chí Minh 🇻🇳", "Thành phố Hồ Chí Minh 🇻🇳"),
    ],
)
def test_neutralise_table(text: str, shown: str) -> None:
    assert neutralise(text) == shown
    assert LIVE.findall(safe_cell(text, 80)) == []
