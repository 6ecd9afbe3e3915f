"""The hostile corpus (``hostile.py``) built once through the real pipeline, and its view."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from hostile import Built, kg, write_corpus


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    root = tmp_path_factory.mktemp("hostile")
    corpus = write_corpus(root / "corpus")
    store = root / "store"
    result = kg("build", str(corpus), "--store", str(store), "--no-progress")
    assert result.code == 0, result.err
    return Built(root, corpus, store, result)


@pytest.fixture(scope="session")
def view_page(built: Built, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The HTML view of the hostile store, written by ``kg view`` (with a hostile title)."""
    out = tmp_path_factory.mktemp("view") / "network.html"
    title = "Mạng <script>pwned=12</script> lưới"
    result = kg("view", "--store", str(built.store), "-o", str(out), "--title", title)
    assert result.code == 0, result.err
    return out


@pytest.fixture
def store_copy(built: Built, tmp_path: Path) -> Iterator[Path]:
    yield built.copy(tmp_path / "store")
