"""A build killed half-way leaves every article graph whole or absent, and the store opens.

The real ``kg build`` runs in its own process on a corpus of small articles and is killed
with SIGKILL (no chance to clean up) once it has stored a few; the store is then reopened
and each article graph compared with the one an uninterrupted build writes.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from kg.store.backend import Store
from kg.store.iris import article_graph

ROOT = Path(__file__).resolve().parents[2]
PROVINCES = [
    "Lào Cai", "Thái Bình", "Hà Tĩnh", "Nghệ An", "Thanh Hóa", "Điện Biên", "Sơn La",
    "Lai Châu", "Quảng Trị", "Kon Tum", "Gia Lai", "An Giang", "Cao Bằng", "Lạng Sơn",
]  # fmt: skip
ARTICLES = 400
# Everything an article graph says except the times it was written, which differ per build.
GRAPH = """
SELECT ?s ?p ?o WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }}
  FILTER (!isLiteral(?o) || DATATYPE(?o) != xsd:dateTime) }}"""


def write_corpus(folder: Path) -> list[str]:
    folder.mkdir()
    ids = []
    for i in range(ARTICLES):
        a = PROVINCES[i % len(PROVINCES)]
        b = PROVINCES[(i // len(PROVINCES) + i + 1) % len(PROVINCES)]
        if a == b:
            b = PROVINCES[(i + 2) % len(PROVINCES)]
        name = f"{i:04d}.txt"
        (folder / name).write_text(
            f"Hợp tác {a} và {b}, số {i}\n\n"
            f"Ngày {i % 27 + 1}/3/2020, tỉnh {a} và tỉnh {b} đã ký kết Biên bản ghi nhớ hợp tác "
            f"lần thứ {i}. Hai tỉnh cũng hội đàm về thương mại.\n",
            encoding="utf-8",
        )
        ids.append(name)
    return ids


def build_command(corpus: Path, store: Path) -> list[str]:
    return [sys.executable, "-m", "kg", "-v", "build", str(corpus), "--store", str(store),
            "--no-progress"]  # fmt: skip


def graph_content(store: Store, article_id: str) -> set[tuple[str, ...]]:
    rows = store.query(GRAPH.format(graph=article_graph(article_id))).rows
    return {tuple(str(term) for term in row) for row in rows}


def kill_after(corpus: Path, store: Path, stored: int) -> int:
    """Run kg build, SIGKILL it once it has stored ``stored`` articles; lines it logged."""
    process = subprocess.Popen(
        build_command(corpus, store), cwd=ROOT, stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    seen = 0
    watchdog = threading.Timer(120, process.kill)  # never hang the suite
    watchdog.start()
    try:
        assert process.stderr is not None
        for line in process.stderr:
            if "facts stored" in line:
                seen += 1
                if seen >= stored:
                    os.kill(process.pid, signal.SIGKILL)
                    break
    finally:
        process.wait(60)
        watchdog.cancel()
    assert process.returncode == -signal.SIGKILL, "the build ended before it could be killed"
    return seen


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, list[str]]:
    """The corpus and the store an uninterrupted build makes of it."""
    root = tmp_path_factory.mktemp("killed")
    corpus = root / "corpus"
    ids = write_corpus(corpus)
    store = root / "reference"
    done = subprocess.run(build_command(corpus, store), cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return corpus, store, ids


@pytest.mark.slow
@pytest.mark.parametrize("stored", [1, 25])
def test_a_killed_build_leaves_whole_article_graphs(
    reference: tuple[Path, Path, list[str]], tmp_path: Path, stored: int
) -> None:
    corpus, reference_store, ids = reference
    store = tmp_path / "store"
    kill_after(corpus, store, stored)
    time.sleep(0.1)  # the kernel releases the dead process's lock
    with Store.open(store) as killed, Store.open(reference_store) as whole:
        present = killed.article_ids()
        assert stored <= len(present) < len(ids), "kill the build half-way"
        for article_id in present:
            assert killed.article_hash(article_id) == whole.article_hash(article_id)
            assert graph_content(killed, article_id) == graph_content(whole, article_id)
        # Nothing outside the article graphs, and no graph without its article.
        graphs = killed.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }").rows
        assert sorted(str(row[0]) for row in graphs) == sorted(
            f"<{article_graph(i)}>" for i in present
        )
    # A new build finishes the job: the same store as if nothing had happened.
    done = subprocess.run(build_command(corpus, store), cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    with Store.open(store) as finished, Store.open(reference_store) as whole:
        assert finished.article_ids() == whole.article_ids()
        for article_id in ids[::37]:
            assert graph_content(finished, article_id) == graph_content(whole, article_id)
