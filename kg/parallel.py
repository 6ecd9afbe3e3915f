"""Running extraction on many articles: in this process, in N local processes, or on Dask.

Extraction is pure per article (``kg.pipeline.analyse_article``), so the articles can go to
any number of workers; only their results come back to the one process that writes the
store. Every executor takes a lazy iterator of articles and yields ``(article, Extraction)``
pairs as they complete, pulling new articles only when fewer than its ``window`` are in
flight: memory stays flat whatever the size of the corpus.

>>> from kg.model import Article
>>> text = "Ngày 2/3/2020, tỉnh Lào Cai và tỉnh Thái Bình ký kết Biên bản ghi nhớ hợp tác."
>>> article = Article("a.txt", text, "a.txt", "h")
>>> with SerialExecutor() as executor:
...     [(a.id, [f.relation for f in e.facts]) for a, e in executor.run(iter([article]))]
[('a.txt', ['signed_mou'])]
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import traceback
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from itertools import islice
from typing import Protocol

import pyoxigraph as ox

from kg import __version__
from kg.closing import Closing
from kg.dedup import encode
from kg.errors import ExecutorError
from kg.extract.gazetteer import Gazetteer, load_gazetteer
from kg.model import Article, Fact, Place
from kg.store.rdf import article_quads

log = logging.getLogger(__name__)

#: Articles sent to a worker process at once: each batch costs the writing process a
#: round trip through the pool's queues and threads (16 rather than 4: a quarter less CPU
#: in the writer, which is what caps a parallel build).
BATCH = 16
#: Batches in flight per worker: one running and one waiting, so no worker idles.
WINDOW_PER_WORKER = 2


@dataclass(frozen=True)
class Extraction:
    """What one article gave: its facts, the places it added to the shipped gazetteer, and
    the triples of its article graph as N-Triples (made where the facts were, so that the
    one process that writes the store hands them to Oxigraph's parser: an order of
    magnitude cheaper than building them, and no quad can land outside the article graph).

    ``error`` says why extraction failed (a bug in the extractor, or a worker that died);
    a failure of one article never stops the others.
    """

    facts: tuple[Fact, ...] = ()
    places: tuple[Place, ...] = ()
    ntriples: bytes = b""
    cache_entry: str = ""  # for kg.dedup.FactCache
    error: str | None = None


_worker_gazetteer: Gazetteer | None = None


def extract_one(article: Article, gazetteer: Gazetteer | None = None) -> Extraction:
    """Extract one article; any exception becomes ``Extraction.error`` (one line)."""
    from kg.pipeline import analyse_article

    base = gazetteer or _worker_gazetteer or load_gazetteer()
    try:
        facts, local = analyse_article(article, base)
        quads = article_quads(article, facts, local.places, __version__)
    except Exception as err:  # noqa: BLE001 - one bad article must not stop a build
        log.debug("extraction of %s failed:\n%s", article.id, traceback.format_exc())
        message = " ".join(str(err).split())[:200]
        return Extraction(error=f"extraction failed ({type(err).__name__}: {message})")
    added: tuple[Place, ...] = ()
    if local is not base:
        added = tuple(p for pid, p in local.places.items() if base.places.get(pid) is not p)
    ntriples = ox.serialize((q.triple for q in quads), format=ox.RdfFormat.N_TRIPLES) or b""
    return Extraction(tuple(facts), added, ntriples, encode(article.id, facts, added))


class Executor(Protocol):
    """Runs ``extract_one`` over a stream of articles; ``close`` releases its workers."""

    def run(self, articles: Iterator[Article]) -> Iterator[tuple[Article, Extraction]]: ...

    def close(self) -> None: ...


class _Closing(Closing):
    def close(self) -> None:
        """Release workers; pending work is cancelled."""


class SerialExecutor(_Closing):
    """Extraction in this process, one article after the other (``--jobs 1``)."""

    def __init__(self, gazetteer: Gazetteer | None = None) -> None:
        self.gazetteer = gazetteer

    def run(self, articles: Iterator[Article]) -> Iterator[tuple[Article, Extraction]]:
        for article in articles:
            yield article, extract_one(article, self.gazetteer)


def _init_worker(gazetteer: Gazetteer | None) -> None:
    global _worker_gazetteer
    _worker_gazetteer = gazetteer or load_gazetteer()


def _context() -> multiprocessing.context.BaseContext:
    # Not fork: the parent holds the store open, with RocksDB threads that a fork would copy
    # mid-flight. A fork server starts clean and forks each worker from a warm interpreter.
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["kg.pipeline", "underthesea"])
        return context
    return multiprocessing.get_context("spawn")


Work = Callable[[Article], Extraction]


class ProcessExecutor(_Closing):
    """Extraction in ``jobs`` worker processes on this machine (``--jobs N``).

    A worker that dies (killed, out of memory, a crash in native code) breaks the pool: the
    articles that were in flight are retried one at a time in a new pool, and the one that
    breaks it again is reported as failed.
    """

    def __init__(self, jobs: int, gazetteer: Gazetteer | None = None, work: Work = extract_one):
        if jobs < 1:
            raise ValueError(f"jobs must be at least 1, not {jobs}")
        self.jobs = jobs
        self.window = jobs * WINDOW_PER_WORKER  # batches in flight
        self._gazetteer = gazetteer
        self._work = work
        self._pool: ProcessPoolExecutor | None = None

    def _new_pool(self) -> ProcessPoolExecutor:
        self.close()
        self._pool = ProcessPoolExecutor(
            self.jobs, mp_context=_context(), initializer=_init_worker, initargs=(self._gazetteer,)
        )
        return self._pool

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def _started_pool(self) -> ProcessPoolExecutor:
        """A new pool whose workers are known to start (else ExecutorError)."""
        pool = self._new_pool()
        try:
            pool.submit(_ready).result()
        except BrokenProcessPool:
            self.close()
            raise ExecutorError(
                "the worker processes cannot start (a script read from stdin, or a broken "
                "install?); run with --jobs 1 to extract in this process"
            ) from None
        return pool

    def run(self, articles: Iterator[Article]) -> Iterator[tuple[Article, Extraction]]:
        pool = self._started_pool()
        flight: dict[Future[list[Extraction]], list[Article]] = {}
        suspects: deque[Article] = deque()  # in flight when a worker died
        alone = False  # the one article in flight is a suspect, retried on its own
        exhausted = False
        while True:
            broken: list[Article] = []
            if not flight:
                alone = bool(suspects)
                if alone:
                    broken += self._submit(pool, flight, [suspects.popleft()])
            while not alone and not exhausted and not broken and len(flight) < self.window:
                batch = list(islice(articles, BATCH))
                exhausted = len(batch) < BATCH
                if batch:
                    broken += self._submit(pool, flight, batch)
            if not flight and not broken:
                return
            if not broken:
                done, _ = wait(flight, return_when=FIRST_COMPLETED)
                for future in done:
                    batch = flight.pop(future)
                    try:
                        results = future.result()
                    except BrokenProcessPool:
                        broken += batch
                        continue
                    yield from zip(batch, results, strict=True)
            if broken:
                if alone:
                    yield broken[0], Extraction(error="extraction failed (worker process died)")
                else:
                    suspects.extend([*broken, *(a for b in flight.values() for a in b)])
                    log.warning("a worker process died; retrying %d articles", len(suspects))
                flight.clear()
                pool = self._new_pool()

    def _submit(
        self,
        pool: ProcessPoolExecutor,
        flight: dict[Future[list[Extraction]], list[Article]],
        batch: list[Article],
    ) -> list[Article]:
        """Submit ``batch``; if the pool is already broken, return it as suspects."""
        try:
            flight[pool.submit(_run_batch, self._work, batch)] = batch
        except BrokenProcessPool:
            return batch
        return []


def _run_batch(work: Work, batch: list[Article]) -> list[Extraction]:
    return [work(article) for article in batch]


def _ready() -> int:
    return os.getpid()


def default_jobs() -> int:
    """The number of cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def make_executor(kind: str = "local", jobs: int = 1, scheduler: str | None = None) -> Executor:
    """The executor ``kg build`` asks for: ``local`` with ``jobs`` processes (1: in this
    process, 0: one per core), or ``dask`` on the cluster whose scheduler is at ``scheduler``."""
    if kind == "dask":
        if not scheduler:
            raise ExecutorError(
                "--executor dask needs the scheduler's address: --scheduler tcp://HOST:8786"
            )
        from kg.dask_executor import DaskExecutor

        return DaskExecutor(scheduler)
    if kind != "local":
        raise ExecutorError(f"unknown executor {kind!r} (known: local, dask)")
    jobs = jobs or default_jobs()
    return SerialExecutor() if jobs == 1 else ProcessExecutor(jobs)
