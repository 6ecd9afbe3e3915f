"""The writer side of a build: decides what to extract, and alone writes the store.

``kg.pipeline.build`` sets it up. Each article read is, in order of the checks:

- held back while another article with the same id is being extracted (so that the later
  one wins, as in a serial build);
- skipped as unchanged when the store holds its id with the same content hash;
- held back while another copy of its text is being extracted, then written from that
  copy's facts (a duplicate);
- written from the fact cache when its text was extracted before (a duplicate);
- else sent to the executor, and written when its facts come back.
"""

from __future__ import annotations

import logging
import time
from collections import ChainMap, deque
from collections.abc import Iterator, Mapping, Sequence

import pyoxigraph as ox

from kg import __version__
from kg.dedup import Cached, FactCache, dedup_key
from kg.errors import InputError
from kg.extract.gazetteer import Gazetteer
from kg.model import Article, Fact, Place
from kg.parallel import Executor, Extraction
from kg.progress import BuildObserver, BuildProgress
from kg.store.backend import Store
from kg.store.rdf import article_quads

log = logging.getLogger(__name__)

#: Articles written between two flushes of the store: an embedded store keeps its recent
#: writes in memory buffers, which would otherwise grow with the corpus.
FLUSH_EVERY = 500
_TELL_EVERY = 0.05  # seconds
_COUNTS = ("read", "stored", "unchanged", "duplicates", "failed", "facts", "extract_failed")


class Builder:
    def __init__(
        self,
        store: Store,
        gazetteer: Gazetteer,
        cache: FactCache,
        observer: BuildObserver | None,
        bytes_total: int,
    ) -> None:
        self.store = store
        self.gazetteer = gazetteer
        self.cache = cache
        self.observer = observer
        self._started = time.monotonic()
        self._told = 0.0  # when the observer last heard of progress
        self._counts = dict.fromkeys(_COUNTS, 0)
        self._bytes = (0, bytes_total)
        self.failures: list[InputError] = []
        # dedup key -> copies of that text waiting for the one being extracted
        self.copies: dict[str, list[Article]] = {}
        # article id -> later articles with the same id, to read again when it is written
        self.same_id: dict[str, list[Article]] = {}
        self.again: deque[Article] = deque()
        # dedup key -> (id, reason) of a text whose extraction failed: not tried twice
        self.failed_keys: dict[str, tuple[str, str]] = {}
        self._unflushed = 0

    # ------------------------------------------------------------------ counting

    @property
    def counts(self) -> BuildProgress:
        """The counts so far."""
        elapsed = time.monotonic() - self._started
        done, total = self._bytes
        return BuildProgress(**self._counts, elapsed=elapsed, bytes_done=done, bytes_total=total)

    def _count(self, **changes: int) -> None:
        for name, change in changes.items():
            self._counts[name] += change
        self._tell()

    def _tell(self, *, now: bool = False) -> None:
        """Tell the observer, at most every ``_TELL_EVERY`` seconds unless ``now``."""
        if self.observer is None:
            return
        clock = time.monotonic()
        if now or clock - self._told >= _TELL_EVERY:
            self._told = clock
            self.observer.update(self.counts)

    def read_bytes(self, done: int) -> None:
        """Told by the reader how far into the input it is."""
        self._bytes = (done, self._bytes[1])

    def _fail(self, error: InputError, *, extraction: bool = False) -> None:
        self.failures.append(error)
        log.debug("skipped %s", error)
        if self.observer is not None:
            self.observer.failed(error)
        self._count(failed=1, extract_failed=int(extraction))
        self._tell(now=True)

    # ------------------------------------------------------------------ running

    def run(self, items: Iterator[Article | InputError], executor: Executor) -> None:
        for article, extraction in executor.run(self._to_extract(items)):
            self._extracted(article, extraction)
        while self.again:  # articles held back behind one with their id, read after the end
            for article, extraction in executor.run(self._to_extract(iter(()))):
                self._extracted(article, extraction)
        self._flush()
        self._tell(now=True)  # the last word to the observer, with every byte read

    def _flush(self) -> None:
        """Ask the store to flush its write buffers, if it has any (``Store.flush``)."""
        flush = getattr(self.store, "flush", None)
        if callable(flush):
            flush()
        self._unflushed = 0

    def _replace(self, article: Article, graph: Sequence[ox.Quad] | bytes) -> None:
        """Replace the article's graph by ``graph``: its quads, or its triples as N-Triples."""
        if isinstance(graph, bytes):
            self.store.replace_article_triples(article, graph)
        else:
            self.store.replace_article(article, graph)
        self._unflushed += 1
        if self._unflushed >= FLUSH_EVERY:
            self._flush()

    def _to_extract(self, items: Iterator[Article | InputError]) -> Iterator[Article]:
        while True:
            if self.again:
                item = self.again.popleft()
            else:
                found = next(items, None)
                if found is None:
                    return
                if isinstance(found, InputError):
                    self._fail(found)
                    continue
                item = found
                self._count(read=1)
            if item.id in self.same_id:
                self.same_id[item.id].append(item)
                continue
            if self.store.article_hash(item.id) == item.content_hash:
                self._count(unchanged=1)
                continue
            key = dedup_key(item)
            if key in self.copies:
                self.copies[key].append(item)
                continue
            if key in self.failed_keys:
                self._fail_copy(item, *self.failed_keys[key])
                continue
            cached = self.cache.get(key)
            if cached is not None:
                self._write_copy(item, cached)
                continue
            self.copies[key] = []
            self.same_id[item.id] = []
            yield item

    def _extracted(self, article: Article, extraction: Extraction) -> None:
        key = dedup_key(article)
        copies = self.copies.pop(key, [])
        self.again.extend(self.same_id.pop(article.id, []))
        if extraction.error is not None:
            self._fail(InputError(_where(article), extraction.error), extraction=True)
            self.failed_keys[key] = (article.id, extraction.error)
            for copy in copies:
                self._fail_copy(copy, article.id, extraction.error)
            return
        self._replace(article, extraction.ntriples)
        log.info("%s: %d facts stored", article.id, len(extraction.facts))
        self._count(stored=1, facts=len(extraction.facts))
        self.cache.put(key, extraction.cache_entry)
        cached = Cached(article.id, extraction.facts, extraction.places)
        for copy in copies:
            self._write_copy(copy, cached)

    def _fail_copy(self, article: Article, first_id: str, error: str) -> None:
        problem = f"same text as {first_id}, whose {error}"
        self._fail(InputError(_where(article), problem), extraction=True)

    def _write_copy(self, article: Article, cached: Cached) -> None:
        facts = cached.facts_for(article.id)
        self._write(article, facts, cached.places)
        if cached.first_id == article.id:  # its own facts, cached before a crash
            self._count(stored=1, facts=len(facts))
        else:
            log.info("%s: same text as %s", article.id, cached.first_id)
            self._count(duplicates=1)

    def _write(self, article: Article, facts: Sequence[Fact], added: Sequence[Place]) -> None:
        places: Mapping[str, Place] = self.gazetteer.places
        if added:
            places = ChainMap({p.id: p for p in added}, self.gazetteer.places)
        self._replace(article, article_quads(article, facts, places, __version__))
        log.info("%s: %d facts stored", article.id, len(facts))


def _where(article: Article) -> str:
    """The input an article came from, and its id when the source does not show it."""
    if article.source.endswith(article.id) or article.source == article.id:
        return article.source
    return f"{article.source} (article {article.id})"
