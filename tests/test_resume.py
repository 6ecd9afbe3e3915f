"""A build killed mid-way, run again, ends with the store of a build never interrupted."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.store.backend import Store

ROOT = Path(__file__).parents[1]
DATA = ROOT / "tests" / "data"
DATETIME = "^^<http://www.w3.org/2001/XMLSchema#dateTime>"


def dump(store_path: Path) -> set[str]:
    with Store.open(store_path) as store:
        text = store.dump("nquads").decode()
    return {line for line in text.splitlines() if DATETIME not in line}


def build(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["build", *args], catch_exceptions=False)
    return result.exit_code, result.stderr


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The dev articles, two of them also under a second name (duplicates)."""
    folder = tmp_path_factory.mktemp("corpus")
    for path in sorted((DATA / "dev" / "articles").glob("*.txt")):
        shutil.copy(path, folder / path.name)
    for path in sorted(folder.glob("00[12]_*.txt")):
        shutil.copy(path, folder / f"zz-copy-{path.name}")
    return folder


@pytest.fixture(scope="module")
def reference(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> set[str]:
    store = tmp_path_factory.mktemp("reference") / "store"
    code, err = build(str(corpus), "--store", str(store))
    assert code == 0, err
    return dump(store)


@pytest.mark.slow
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_killed_build_resumes_to_the_same_store(
    corpus: Path, reference: set[str], tmp_path: Path, jobs: str
) -> None:
    total = len(list(corpus.glob("*.txt")))
    store = tmp_path / "store"
    command = [sys.executable, "-m", "kg", "-v", "build", str(corpus), "--store", str(store)]
    process = subprocess.Popen(
        [*command, "--jobs", jobs],
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
        start_new_session=True,  # its own process group: the workers are killed with it
    )
    assert process.stderr is not None
    stored = 0
    deadline = time.monotonic() + 120
    for line in process.stderr:
        stored += "facts stored" in line
        if stored >= 10 or time.monotonic() > deadline:
            break
    os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL
    assert 10 <= stored < total

    code, err = build(str(corpus), "--store", str(store))
    assert code == 0, err
    summary = err.splitlines()[-1]
    unchanged = int(summary.split(" unchanged")[0].rsplit(" ", 1)[-1])
    assert unchanged >= 10, summary  # what the killed build stored is not extracted again
    assert dump(store) == reference
