"""The persistent knowledge graph: an Oxigraph store in a directory, one named graph per article.

The directory is a RocksDB database plus ``kg-store.json``, which records the store format
and the Oxigraph version that last wrote it. Opening refuses, before touching anything, a
directory that is not a store, a store another process has open, and a store written by a
newer kg or Oxigraph. Each article is written in one transaction (a SPARQL Update that
drops and inserts its graph, or a load when the graph is new): a build that fails or is
killed leaves every article graph as it was before or as it is after, never half-written.

>>> import tempfile, pathlib
>>> with tempfile.TemporaryDirectory() as tmp, Store.open(pathlib.Path(tmp) / "kg") as store:
...     store.query("ASK { ?s ?p ?o }").boolean
False
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import threading
import time
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg import __version__
from kg.errors import KgError, QueryError, StoreError
from kg.model import Article
from kg.ns import KG, PREFIXES
from kg.store.base import (
    RDF_FORMATS,
    BaseStore,
    QueryOutput,
    Term,
    graph_of,
    lexical,
    serialize_quads,
)
from kg.store.iris import article_graph, article_iri
from kg.store.records import RECORD_KEYS
from kg.store.sparql import bind_values, one_line, syntax_message

__all__ = ["FORMAT", "MARKER", "RDF_FORMATS", "RECORD_KEYS", "QueryOutput", "Store", "Term"]

log = logging.getLogger(__name__)

#: The file in the store directory that says what wrote it.
MARKER = "kg-store.json"
#: The layout of the data this kg writes; a store with a higher number is refused.
FORMAT = 1


def _looks_like_store(path: Path) -> bool:
    # Oxigraph keeps its data in RocksDB, which always writes CURRENT and OPTIONS-* files.
    return (path / "CURRENT").is_file() and any(path.glob("OPTIONS-*"))


def _version(text: str) -> tuple[int, ...]:
    parts = []
    for part in text.split(".")[:2]:
        digits = "".join(c for c in part if c.isdigit())
        parts.append(int(digits or 0))
    return tuple(parts)


def _oxigraph_version() -> str:
    return str(getattr(ox, "__version__", "0"))


def _read_marker(path: Path) -> dict[str, Any]:
    marker = path / MARKER
    if not marker.exists():
        return {}
    try:
        data = json.loads(marker.read_text(encoding="utf-8"))
        if not isinstance(data, dict):
            raise ValueError("not a JSON object")
        return data
    except (OSError, ValueError) as error:
        raise StoreError(f"{path}: {MARKER} is unreadable ({one_line(error)})") from None


def _refuse_newer(path: Path, marker: dict[str, Any]) -> None:
    found = marker.get("format", FORMAT)
    if not isinstance(found, int) or found > FORMAT:
        raise StoreError(
            f"{path}: store format {found} was written by a newer kg (this kg {__version__} "
            f"reads format {FORMAT}); upgrade kg to open it. The store was not changed."
        )
    written_by = str(marker.get("oxigraph", "0"))
    if _version(written_by) > _version(_oxigraph_version()):
        raise StoreError(
            f"{path}: store written by Oxigraph {written_by}, newer than the installed "
            f"{_oxigraph_version()}; upgrade pyoxigraph to open it. The store was not changed."
        )


def _write_marker(path: Path) -> None:
    content = {"format": FORMAT, "oxigraph": _oxigraph_version(), "kg": __version__}
    if _read_marker(path) == content:
        return
    tmp = path / f".{MARKER}.tmp"
    tmp.write_text(json.dumps(content, indent=2) + "\n", encoding="utf-8")
    os.replace(tmp, path / MARKER)


def lock_holder(path: Path) -> int | None:
    """The id of the process holding the store's lock, or None (also where unknown).

    Read from ``/proc/locks`` so that asking opens no file: closing a file descriptor on
    the lock file would drop a lock this process holds on it.
    """
    try:
        info = (path / "LOCK").stat()
        with open("/proc/locks", encoding="ascii") as handle:
            lines = handle.read().splitlines()
    except OSError:
        return None
    device = f"{os.major(info.st_dev):02x}:{os.minor(info.st_dev):02x}:{info.st_ino}"
    for line in lines:
        fields = line.split()
        if device in fields and "->" not in fields:
            with contextlib.suppress(ValueError, IndexError):
                return int(fields[fields.index(device) - 1])
    return None


def _wait_for_lock(path: Path, wait: float) -> None:
    deadline = time.monotonic() + wait
    while (holder := lock_holder(path)) is not None:
        if holder == os.getpid():
            raise StoreError(f"{path}: store is already open in this process")
        if time.monotonic() >= deadline:
            raise StoreError(
                f"{path}: store is locked by another process (pid {holder}; is another kg "
                "command or kg serve --writable running?)"
            )
        time.sleep(0.1)


def _open_error(path: Path, error: BaseException) -> StoreError:
    message = str(error)
    if "lock" in message.lower():
        return StoreError(
            f"{path}: store is locked by another process (is another kg command running?)"
        )
    if "too recent version" in message:
        return StoreError(
            f"{path}: store written by a newer Oxigraph than the installed "
            f"{_oxigraph_version()}; upgrade pyoxigraph to open it"
        )
    return StoreError(f"{path}: cannot open the store: {one_line(error)}")


def _replace_update(graph: str, quads: Sequence[ox.Quad]) -> str:
    """One SPARQL UPDATE, hence one Oxigraph transaction: all of it applies or none."""
    body = "\n".join(f"{q.subject} {q.predicate} {q.object} ." for q in quads)
    return f"DROP SILENT GRAPH <{graph}> ;\nINSERT DATA {{ GRAPH <{graph}> {{\n{body}\n}} }}"


def _limited(items: Any, stop: threading.Event, max_rows: int | None) -> Iterator[Any]:
    for count, item in enumerate(items, 1):
        if stop.is_set():
            return
        if max_rows is not None and count > max_rows:
            raise QueryError(
                f"the query gives more than {max_rows} results; add a LIMIT or narrow it down"
            )
        yield item


def _materialise(result: Any, stop: threading.Event, max_rows: int | None) -> QueryOutput:
    if isinstance(result, ox.QueryBoolean):
        return QueryOutput("ask", boolean=bool(result))
    if isinstance(result, ox.QuerySolutions):
        names = tuple(v.value for v in result.variables)
        rows = tuple(
            tuple(solution[i] for i in range(len(names)))
            for solution in _limited(result, stop, max_rows)
        )
        return QueryOutput("select", variables=names, rows=rows)
    return QueryOutput("graph", triples=tuple(_limited(result, stop, max_rows)))


class Store(BaseStore):
    """Open with ``Store.open(path)``; use as a context manager or call ``close()``."""

    def __init__(self, inner: ox.Store, path: Path) -> None:
        self._inner: ox.Store | None = inner
        self.path = path
        self.location = str(path)

    @classmethod
    def open(cls, path: Path | str, *, wait: float = 0.0, read_only: bool = False) -> Store:
        """Open the store in ``path``, creating the directory on first use.

        ``wait``: seconds to wait for another process to release the store.
        ``read_only``: open without the lock and refuse writes; only for a store no
        process writes to (such as the snapshot ``kg serve`` takes).
        """
        path = Path(path)
        if path.exists() and not path.is_dir():
            raise StoreError(f"{path}: is a file, not a store directory")
        existing = path.is_dir() and any(path.iterdir())
        if existing:
            if not _looks_like_store(path):
                raise StoreError(f"{path}: directory is not empty and is not a kg store")
            _refuse_newer(path, _read_marker(path))
            if not read_only:
                _wait_for_lock(path, wait)
        elif read_only:
            raise StoreError(f"{path}: no store here to open read-only")
        try:
            path.mkdir(parents=True, exist_ok=True)
            inner = ox.Store.read_only(str(path)) if read_only else ox.Store(str(path))
            if not read_only:
                _write_marker(path)
        except OSError as error:
            raise _open_error(path, error) from None
        log.debug("opened store %s%s", path, " read-only" if read_only else "")
        return cls(inner, path)

    def close(self) -> None:
        # pyoxigraph has no close(): dropping the last reference releases the RocksDB lock.
        self._inner = None

    @property
    def _db(self) -> ox.Store:
        if self._inner is None:
            raise StoreError(f"{self.path}: store is closed")
        return self._inner

    def flush(self) -> None:
        with contextlib.suppress(OSError):
            self._db.flush()

    def backup(self, target: Path) -> None:
        """A consistent copy of the store in the new directory ``target`` (hard links
        where the file system allows), usable as a store of its own."""
        try:
            self._db.backup(str(target))
        except OSError as error:
            raise StoreError(f"{target}: cannot snapshot the store: {one_line(error)}") from None
        (target / MARKER).write_bytes((self.path / MARKER).read_bytes())

    def bulk_load(self, source: Path, fmt: str = "nquads") -> None:
        """Load an RDF file through Oxigraph's own parser and bulk loader: fast, but not one
        transaction (for building a store from an export, not for updating one)."""
        if fmt not in RDF_FORMATS:
            raise StoreError(f"unknown RDF format {fmt!r}; known: {', '.join(RDF_FORMATS)}")
        try:
            self._db.bulk_load(path=str(source), format=RDF_FORMATS[fmt][0])
        except (OSError, SyntaxError, ValueError) as error:
            raise StoreError(f"{source}: cannot load: {one_line(error)}") from None

    # ------------------------------------------------------------------ articles

    def article_hash(self, article_id: str) -> str | None:
        found = self._db.quads_for_pattern(
            ox.NamedNode(article_iri(article_id)),
            ox.NamedNode(str(KG.contentHash)),
            None,
            ox.NamedNode(article_graph(article_id)),
        )
        return min((str(lexical(q.object)) for q in found), default=None)

    def replace_article(self, article: Article, quads: Sequence[ox.Quad]) -> None:
        graph = graph_of(article, quads)
        self._update(_replace_update(graph, quads))

    def replace_article_triples(self, article: Article, ntriples: bytes) -> None:
        graph = ox.NamedNode(article_graph(article.id))
        if self._db.contains_named_graph(graph):
            super().replace_article_triples(article, ntriples)
            return
        # A new article (most of a build): Oxigraph's loader writes it in one transaction
        # too, at half the cost of parsing the same triples as a SPARQL UPDATE. Lenient:
        # the triples were serialised by Oxigraph from terms it had already checked.
        try:
            self._db.load(ntriples, format=ox.RdfFormat.N_TRIPLES, to_graph=graph, lenient=True)
        except (OSError, SyntaxError, ValueError) as error:
            raise StoreError(f"{self.path}: cannot store {article.id}: {one_line(error)}") from None

    def remove_article(self, article_id: str) -> bool:
        graph = ox.NamedNode(article_graph(article_id))
        if not self._db.contains_named_graph(graph):
            return False
        self._update(f"DROP SILENT GRAPH {graph}")
        return True

    def _update(self, update: str) -> None:
        problem: KgError
        try:
            self._db.update(update, prefixes=PREFIXES)
            return
        except SyntaxError as error:
            problem = QueryError(syntax_message(error))
        except (OSError, RuntimeError, ValueError) as error:
            problem = StoreError(f"{self.path}: update failed: {one_line(error)}")
        raise problem

    def update(self, sparql: str) -> None:
        self._update(sparql)

    def quad_count(self) -> int:
        return len(self._db)

    # ------------------------------------------------------------------ queries

    def query(
        self,
        sparql: str,
        *,
        timeout: float | None = None,
        bindings: Mapping[str, Term] | None = None,
        max_rows: int | None = None,
    ) -> QueryOutput:
        """Run SPARQL over the union of all graphs, with ``PREFIXES`` predeclared.

        The query runs in a worker thread (Oxigraph releases the GIL); past ``timeout``
        seconds the caller gets ``QueryError`` at once and the worker stops at its next
        result. A query that computes everything before its first result (GROUP BY,
        ORDER BY) cannot be interrupted inside Oxigraph and finishes in the background.
        """
        text = bind_values(sparql, bindings) if bindings else sparql
        self._db  # noqa: B018 - fails now if the store is closed
        if timeout is None:
            return self._run(text, threading.Event(), max_rows)
        outcome: dict[str, Any] = {}
        stop = threading.Event()

        def work() -> None:
            try:
                outcome["output"] = self._run(text, stop, max_rows)
            except BaseException as error:  # handed to the caller below
                outcome["error"] = error

        worker = threading.Thread(target=work, name="kg-query", daemon=True)
        worker.start()
        worker.join(max(timeout, 0.0))
        if worker.is_alive():
            stop.set()
            raise QueryError(f"query timed out: stopped after {timeout:g} s (--timeout)")
        if "error" in outcome:
            raise outcome.pop("error")
        output: QueryOutput = outcome["output"]
        return output

    def _run(self, sparql: str, stop: threading.Event, max_rows: int | None) -> QueryOutput:
        # The prefixes go in as parser defaults rather than a prepended prologue so that
        # line numbers in syntax errors are the user's own. The error is raised outside the
        # except clauses so that no traceback keeps a frame holding the open store (which
        # would keep it locked after close()).
        problem: QueryError
        result: Any = None
        try:
            result = self._db.query(sparql, prefixes=PREFIXES, use_default_graph_as_union=True)
            return _materialise(result, stop, max_rows)
        except QueryError as error:
            problem = QueryError(str(error))
        except SyntaxError as error:
            problem = QueryError(syntax_message(error))
        except (OSError, RuntimeError, ValueError) as error:
            problem = QueryError(f"query failed: {one_line(error)}")
        finally:
            result = None
        raise problem

    # ------------------------------------------------------------------ export

    def dump(self, fmt: str) -> bytes:
        return serialize_quads(iter(self._db), fmt)
