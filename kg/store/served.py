"""The store behind ``kg serve``: what it answers from, and the processes that answer.

Read-only, the server answers from a snapshot of the store (a RocksDB checkpoint: hard
links in a hidden directory beside it), so the store itself stays free for ``kg build``;
when the store changes and nobody holds it, a fresh snapshot replaces the old one.
Writable, it answers from the store itself, which one worker holds.

Queries run in worker processes, each with the store open: Oxigraph cannot interrupt a
query, but a process can be killed, so a query past its time limit really stops and its
worker is replaced.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing as mp
import os
import queue
import shutil
import signal
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from kg.errors import KgError, QueryError, StoreError
from kg.store.backend import Store, lock_holder

__all__ = ["Busy", "Pool", "Source", "remove_stale_snapshots"]

log = logging.getLogger(__name__)

#: (status, media type, body) of an HTTP answer.
Reply = tuple[str, str, bytes]
Answer = Callable[[Store, dict[str, Any]], Reply]


class Busy(KgError):
    """No worker free in time, or a query past its time limit (HTTP 503)."""


def _signature(path: Path) -> tuple[tuple[str, int, int], ...]:
    """What changes when a process writes the store (its info LOG files aside)."""
    found = []
    for item in sorted(path.iterdir()):
        if item.name.startswith(("LOG", "LOCK", ".")):
            continue
        with contextlib.suppress(OSError):
            info = item.stat()
            found.append((item.name, info.st_size, info.st_mtime_ns))
    return tuple(found)


@dataclass
class _Snapshot:
    path: Path
    users: int = 0
    retired: bool = False

    def drop(self) -> None:
        shutil.rmtree(self.path.parent, ignore_errors=True)


class Source:
    """Where the workers open the store: the store itself, or a snapshot kept fresh."""

    def __init__(self, path: Path, writable: bool, refresh: float) -> None:
        self.path = path
        self.writable = writable
        self.refresh = refresh
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._seen: tuple[tuple[str, int, int], ...] = ()
        self._current: _Snapshot | None = None
        if writable:
            Store.open(path, wait=2.0).close()  # fail now, with a clear message, if locked
        else:
            self._current = self._snapshot(wait=2.0)
            watcher = threading.Thread(target=self._watch, name="kg-serve-refresh", daemon=True)
            watcher.start()

    def _snapshot(self, wait: float) -> _Snapshot:
        prefix = f".{self.path.name}-serve-{os.getpid()}-"
        holder = Path(tempfile.mkdtemp(prefix=prefix, dir=self.path.parent))
        target = holder / "store"
        try:
            with Store.open(self.path, wait=wait) as store:
                store.backup(target)
            self._seen = _signature(self.path)
            log.info("serving a snapshot of %s taken at %s", self.path, time.strftime("%X"))
            return _Snapshot(target)
        except BaseException:
            shutil.rmtree(holder, ignore_errors=True)
            raise

    def _watch(self) -> None:
        while not self._stop.wait(self.refresh):
            try:
                if _signature(self.path) == self._seen or lock_holder(self.path) is not None:
                    continue
                fresh = self._snapshot(wait=0.0)
            except (KgError, OSError) as error:
                log.debug("no new snapshot this time: %s", error)
                continue
            with self._lock:
                old, self._current = self._current, fresh
                assert old is not None
                old.retired = True
                idle = old.users == 0
            if idle:
                old.drop()

    @contextlib.contextmanager
    def use(self) -> Iterator[tuple[Path, bool]]:
        """The directory to answer from, and whether to open it read-only."""
        if self._current is None:
            yield self.path, False
            return
        with self._lock:
            snapshot = self._current
            snapshot.users += 1
        try:
            yield snapshot.path, True
        finally:
            with self._lock:
                snapshot.users -= 1
                done = snapshot.retired and snapshot.users == 0
            if done:
                snapshot.drop()

    def close(self) -> None:
        """Stop refreshing and delete the snapshot (the workers are gone by now)."""
        self._stop.set()
        with self._lock:
            if self._current is not None:
                self._current.drop()
                self._current = None


def remove_stale_snapshots(path: Path) -> None:
    """Delete snapshots left beside ``path`` by servers that were killed."""
    for item in path.parent.glob(f".{path.name}-serve-*-*"):
        pid = item.name[len(f".{path.name}-serve-") :].split("-", 1)[0]
        if not pid.isdigit() or int(pid) == os.getpid():
            continue
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            log.info("removing %s, left by a server that is gone", item)
            shutil.rmtree(item, ignore_errors=True)
        except PermissionError:
            continue


# ---------------------------------------------------------------------------- workers


def _worker(conn: Connection, answer: Answer) -> None:
    """A worker's life: open the store a request names (once), answer, repeat."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for the server, which stops us
    store: Store | None = None
    opened: tuple[str, bool] | None = None
    while True:
        try:
            request = conn.recv()
        except (EOFError, OSError):
            return
        reply: Reply
        try:
            where = (str(request["location"]), bool(request["read_only"]))
            if where != opened:
                if store is not None:
                    store.close()
                store, opened = None, None
                store = Store.open(Path(where[0]), read_only=where[1], wait=5.0)
                opened = where
            assert store is not None
            reply = answer(store, request)
        except QueryError as error:
            reply = ("400 Bad Request", "text/plain; charset=utf-8", str(error).encode())
        except KgError as error:
            reply = ("500 Internal Server Error", "text/plain; charset=utf-8", str(error).encode())
        conn.send(reply)


class _Process:
    def __init__(self, answer: Answer) -> None:
        context = mp.get_context("spawn")
        self.conn, child = context.Pipe()
        self.process = context.Process(
            target=_worker, args=(child, answer), name="kg-serve-worker", daemon=True
        )
        self.process.start()
        child.close()

    def kill(self) -> None:
        with contextlib.suppress(OSError, ValueError):
            self.process.kill()
            self.process.join(5)
        self.conn.close()


class Pool:
    """``size`` worker processes; ``ask`` gives one a request and waits for its reply."""

    def __init__(self, size: int, answer: Answer) -> None:
        self._answer = answer
        self._idle: queue.Queue[_Process] = queue.Queue()
        self._all: set[_Process] = set()
        self._lock = threading.Lock()
        self._closed = False
        for _ in range(size):
            self._add()

    def _add(self) -> None:
        worker = _Process(self._answer)
        with self._lock:
            if self._closed:
                worker.kill()
                return
            self._all.add(worker)
        self._idle.put(worker)

    def _replace(self, worker: _Process) -> None:
        worker.kill()
        with self._lock:
            self._all.discard(worker)
        threading.Thread(target=self._add, name="kg-serve-spawn", daemon=True).start()

    def ask(self, request: dict[str, Any], timeout: float | None, wait: float = 1.0) -> Reply:
        try:
            worker = self._idle.get(timeout=wait)
        except queue.Empty:
            raise Busy("every worker is busy; try again shortly") from None
        try:
            worker.conn.send(request)
            if worker.conn.poll(timeout):
                reply: Reply = worker.conn.recv()
                self._idle.put(worker)
                return reply
        except (EOFError, OSError):
            self._replace(worker)
            raise StoreError("the worker answering the query died") from None
        self._replace(worker)  # the only way to stop a query Oxigraph is running
        raise Busy(f"query timed out: stopped after {timeout:g} s")

    def close(self) -> None:
        with self._lock:
            self._closed = True
            workers, self._all = self._all, set()
        for worker in workers:
            worker.kill()
