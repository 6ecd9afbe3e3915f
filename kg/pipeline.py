"""The one place the steps are composed: article -> sentences -> mentions -> facts."""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from kg.build import Builder
from kg.dedup import FactCache, cache_path
from kg.errors import InputError
from kg.extract.discover import discover_places, dominant_foreign_country, location_hints
from kg.extract.fields import find_fields
from kg.extract.gazetteer import Gazetteer, load_gazetteer
from kg.extract.mentions import PlaceMention, find_mentions
from kg.extract.nlp import location_entities
from kg.extract.relations import extract_facts
from kg.extract.triggers import find_triggers
from kg.ingest.read import find_article_files, input_bytes, iter_articles, iter_file_articles
from kg.ingest.segment import segment
from kg.model import Article, Fact, Place, Sentence
from kg.parallel import Executor, SerialExecutor
from kg.progress import BuildObserver
from kg.resolve.normalize import match_key
from kg.store.backend import Store

log = logging.getLogger(__name__)


def analyse_article(article: Article, gazetteer: Gazetteer) -> tuple[list[Fact], Gazetteer]:
    """The facts of one article, and the gazetteer that names their places.

    The gazetteer returned also holds the localities this article introduced that the
    shipped one lacks (from addresses such as "huyện X (tỉnh Y, Lào)", or from NER).
    """
    sentences = segment(article)
    key = match_key(article.text)
    discovered = discover_places(article.text, key, gazetteer)
    local = gazetteer.extended(discovered) if discovered else gazetteer
    mentions = find_mentions(article.text, key, local)
    hints = _ner_hints(sentences, mentions, local)
    if hints:
        local = local.extended(hints)
        mentions = find_mentions(article.text, key, local)
    facts = extract_facts(article, sentences, mentions, local)
    facts = [replace(f, fields=find_fields(match_key(f.evidence))) for f in facts]
    log.debug("%s: %d sentences, %d facts", article.id, len(sentences), len(facts))
    return facts, local


def _ner_hints(
    sentences: Sequence[Sentence], mentions: Sequence[PlaceMention], gazetteer: Gazetteer
) -> list[Place]:
    """Ask underthesea's NER about relation sentences that name fewer than two parties."""
    country = dominant_foreign_country(pm.place for pm in mentions)
    if country is None:
        return []
    hints: list[Place] = []
    for sentence in sentences:
        parties = {
            pm.place.id
            for pm in mentions
            if pm.role == "party" and sentence.start <= pm.mention.start < sentence.end
        }
        if len(parties) >= 2 or not find_triggers(match_key(sentence.text)):
            continue
        entities = location_entities(sentence.text)
        hints += location_hints(sentence.text, entities, gazetteer, country)
    return hints


def extract_article(article: Article, gazetteer: Gazetteer | None = None) -> list[Fact]:
    """All partnership facts of one article."""
    return analyse_article(article, gazetteer or load_gazetteer())[0]


@dataclass(frozen=True)
class BuildReport:
    """What one build did. ``read`` articles were each ``stored`` (extracted and written),
    ``unchanged`` (already in the store with the same text), written as ``duplicates`` of
    another copy of their text without extraction, or ``failed``; ``failed`` also lists the
    inputs that could not be read at all."""

    read: int = 0
    unchanged: int = 0
    stored: int = 0
    facts: int = 0
    failed: tuple[InputError, ...] = ()
    duplicates: int = 0
    seconds: float = 0.0


def extract_paths(
    paths: Sequence[Path], gazetteer: Gazetteer | None = None
) -> tuple[list[tuple[Article, list[Fact], Gazetteer]], list[InputError]]:
    """Read and extract every article under ``paths``; unreadable ones come back as errors.

    Each article comes with its facts and the gazetteer that names their places.
    """
    gazetteer = gazetteer or load_gazetteer()
    done: list[tuple[Article, list[Fact], Gazetteer]] = []
    failed: list[InputError] = []
    for item in iter_articles(paths):
        if isinstance(item, InputError):
            failed.append(item)
        else:
            facts, local = analyse_article(item, gazetteer)
            done.append((item, facts, local))
    return done, failed


def build(
    paths: Sequence[Path],
    store: Store,
    gazetteer: Gazetteer | None = None,
    *,
    executor: Executor | None = None,
    observer: BuildObserver | None = None,
) -> BuildReport:
    """Add the articles under ``paths`` to ``store``.

    An article already stored with the same text is skipped without extraction; a changed
    one replaces its old facts, in one transaction per article, so an interrupted build
    re-run continues where it stopped. A text seen before (another outlet, another crawl)
    is extracted once: each copy gets its own article graph. ``executor`` runs extraction
    (default: in this process, see ``kg.parallel``); this process alone writes the store.
    Inputs that cannot be read or extracted are reported in ``BuildReport.failed`` and
    skipped; ``observer`` hears of progress and failures as they happen.
    """
    started = time.monotonic()
    files = find_article_files(paths)
    base = gazetteer or load_gazetteer()
    with FactCache.open(cache_path(store)) as cache:
        builder = Builder(store, base, cache, observer, input_bytes(files))
        own = executor is None
        runner: Executor = executor if executor is not None else SerialExecutor(gazetteer)
        try:
            builder.run(iter_file_articles(files, builder.read_bytes), runner)
        finally:
            if own:
                runner.close()
    c = builder.counts
    failed = tuple(builder.failures)
    seconds = time.monotonic() - started
    return BuildReport(c.read, c.unchanged, c.stored, c.facts, failed, c.duplicates, seconds)
