"""Extraction on a Dask distributed cluster (``kg build --executor dask --scheduler ADDRESS``).

The articles go to the cluster's workers as tasks; the facts come back to this process,
which alone writes the store (local, or a remote SPARQL endpoint). Needs the optional extra
``dask`` here and ``vn-partnership-kg`` installed on every worker (see docs/scale.md).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

from kg import __version__
from kg.closing import Closing
from kg.errors import ExecutorError, MissingExtraError
from kg.model import Article
from kg.parallel import Extraction, extract_one

log = logging.getLogger(__name__)

CONNECT_TIMEOUT = "20s"
#: Articles in flight per worker thread: enough to hide the round trip to the cluster.
ARTICLES_PER_THREAD = 4


def _worker_version() -> str:
    import kg

    return kg.__version__


class DaskExecutor(Closing):
    """Runs ``extract_one`` on the workers of the scheduler at ``address``."""

    def __init__(self, address: str, *, timeout: str = CONNECT_TIMEOUT) -> None:
        try:
            from distributed import Client
        except ImportError:
            raise MissingExtraError(
                "the dask executor needs dask.distributed: pip install 'vn-partnership-kg[dask]'"
            ) from None
        try:
            self._client: Any = Client(address, timeout=timeout, set_as_default=False)
        except (OSError, TimeoutError, ValueError) as err:
            raise ExecutorError(
                f"cannot reach the Dask scheduler at {address} ({' '.join(str(err).split())})"
            ) from None
        self.address = address
        self._check_workers()

    def _check_workers(self) -> None:
        threads = sum(self._client.nthreads().values())
        if threads == 0:
            self._client.wait_for_workers(1, timeout=CONNECT_TIMEOUT)
            threads = sum(self._client.nthreads().values())
        self.window = max(threads, 1) * ARTICLES_PER_THREAD
        try:
            versions = set(self._client.run(_worker_version).values())
        except Exception as err:  # noqa: BLE001 - any failure here means kg is unusable there
            raise ExecutorError(
                f"the Dask workers at {self.address} cannot run kg ({type(err).__name__}: "
                f"{err}); install vn-partnership-kg on every worker"
            ) from None
        if versions != {__version__}:
            log.warning("Dask workers run kg %s, this is kg %s", sorted(versions), __version__)
        log.info("dask: %d worker threads at %s", threads, self.address)

    def run(self, articles: Iterator[Article]) -> Iterator[tuple[Article, Extraction]]:
        from distributed import as_completed

        flight: dict[str, Article] = {}

        def submit() -> list[Any]:
            """Futures for the next articles, up to the window."""
            futures = []
            while len(flight) < self.window and (article := next(articles, None)) is not None:
                future = self._client.submit(extract_one, article, pure=False)
                flight[future.key] = article
                futures.append(future)
            return futures

        first = submit()
        if not first:
            return
        pending = as_completed(first, loop=self._client.loop)
        for future in pending:
            article = flight.pop(future.key)
            if future.status == "finished":
                result: Extraction = future.result()
            else:  # a task that killed its workers, or was lost with them
                error = future.exception()
                reason = " ".join(f"{type(error).__name__}: {error}".split())[:200]
                result = Extraction(error=f"extraction failed on the cluster ({reason})")
            future.release()
            yield article, result
            for more in submit():
                pending.add(more)

    def close(self) -> None:
        self._client.close()
