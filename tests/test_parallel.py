"""Extraction in worker processes and on a Dask cluster gives the store a serial build gives."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.errors import ExecutorError
from kg.model import Article
from kg.parallel import Extraction, ProcessExecutor, extract_one, make_executor
from kg.pipeline import build
from kg.store.backend import Store

ROOT = Path(__file__).parents[1]
DEV = ROOT / "tests" / "data" / "dev" / "articles"
DATETIME = "^^<http://www.w3.org/2001/XMLSchema#dateTime>"
CORPUS = sorted(DEV.glob("*.txt"))[:12]


def dump(store_path: Path) -> set[str]:
    with Store.open(store_path) as store:
        text = store.dump("nquads").decode()
    return {line for line in text.splitlines() if DATETIME not in line}


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stderr


@pytest.fixture(scope="module")
def serial_dump(tmp_path_factory: pytest.TempPathFactory) -> set[str]:
    store = tmp_path_factory.mktemp("serial") / "store"
    code, err = run("build", *map(str, CORPUS), "--store", str(store))
    assert code == 0, err
    return dump(store)


def test_two_processes_build_the_same_store(tmp_path: Path, serial_dump: set[str]) -> None:
    store = tmp_path / "store"
    code, err = run("build", *map(str, CORPUS), "--jobs", "2", "--store", str(store))
    assert code == 0, err
    assert f"{len(CORPUS)} articles read, {len(CORPUS)} stored" in err
    assert dump(store) == serial_dump


def crash_on_marker(article: Article) -> Extraction:
    """A worker that dies (as on a segfault or an out-of-memory kill) on one article."""
    if "CRASH" in article.text:
        os._exit(3)
    return extract_one(article)


def articles(*texts: str) -> Iterator[Article]:
    for number, text in enumerate(texts):
        yield Article(f"{number}.txt", text, f"{number}.txt", str(number))


def test_a_worker_that_dies_fails_its_article_only() -> None:
    texts = [
        "Ngày 2/3/2020, tỉnh Lào Cai và tỉnh Thái Bình đã ký kết Biên bản ghi nhớ hợp tác.",
        "CRASH",
        "Ngày 5/6/2021, tỉnh Hà Tĩnh và tỉnh Khăm Muộn đã hội đàm về hợp tác.",
        "Tỉnh Sơn La và tỉnh Hủa Phăn tổng kết hợp tác năm 2022.",
    ]
    with ProcessExecutor(2, work=crash_on_marker) as executor:
        results = {a.id: e for a, e in executor.run(articles(*texts))}
    assert set(results) == {"0.txt", "1.txt", "2.txt", "3.txt"}
    assert results["1.txt"].error == "extraction failed (worker process died)"
    assert all(results[i].error is None for i in ("0.txt", "2.txt", "3.txt"))
    assert results["0.txt"].facts and results["2.txt"].facts


def test_jobs_zero_means_one_per_core_and_dask_needs_a_scheduler() -> None:
    executor = make_executor("local", 0)
    executor.close()
    with pytest.raises(ExecutorError, match="--scheduler"):
        make_executor("dask", 1, None)


def test_build_on_a_dask_cluster(tmp_path: Path, serial_dump: set[str]) -> None:
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0"
    ) as cluster:
        store = tmp_path / "store"
        args = ["build", *map(str, CORPUS), "--store", str(store), "--executor", "dask"]
        code, err = run(*args, "--scheduler", cluster.scheduler_address)
        assert code == 0, err
    assert dump(store) == serial_dump


def test_an_unreachable_scheduler_is_one_clear_error() -> None:
    pytest.importorskip("distributed")
    from kg.dask_executor import DaskExecutor

    with pytest.raises(ExecutorError, match="cannot reach the Dask scheduler at tcp://127.0.0.1:9"):
        DaskExecutor("tcp://127.0.0.1:9", timeout="1s")


def test_a_store_built_in_parallel_is_usable_as_a_library(tmp_path: Path) -> None:
    with Store.open(tmp_path / "s") as store, ProcessExecutor(2) as executor:
        report = build(CORPUS[:3], store, executor=executor)
        assert report.stored == 3 and store.article_ids() == sorted(p.name for p in CORPUS[:3])


def _explode() -> None:
    raise RuntimeError("this worker cannot start")


class Poison:
    """Unpickles, in a worker, into an exception: a worker that dies as it starts."""

    def __reduce__(self) -> tuple[object, tuple[()]]:
        return (_explode, ())


def test_workers_that_cannot_start_stop_the_build_with_one_error() -> None:
    executor = ProcessExecutor(2, gazetteer=Poison())  # type: ignore[arg-type]
    with pytest.raises(ExecutorError, match="worker processes cannot start"):
        list(executor.run(articles("Tỉnh Lào Cai và tỉnh Thái Bình ký kết.")))
    executor.close()
