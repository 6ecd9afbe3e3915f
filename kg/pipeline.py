"""The one place the steps are composed: article -> sentences -> mentions -> facts."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from kg import __version__
from kg.errors import InputError
from kg.extract.gazetteer import Gazetteer, load_gazetteer
from kg.extract.mentions import find_mentions
from kg.extract.relations import extract_facts
from kg.ingest.read import iter_articles
from kg.ingest.segment import segment
from kg.model import Article, Fact
from kg.resolve.normalize import match_key
from kg.store.backend import Store
from kg.store.rdf import article_quads

log = logging.getLogger(__name__)


def extract_article(article: Article, gazetteer: Gazetteer | None = None) -> list[Fact]:
    """All partnership facts of one article."""
    gazetteer = gazetteer or load_gazetteer()
    sentences = segment(article)
    mentions = find_mentions(article.text, match_key(article.text), gazetteer)
    facts = extract_facts(article, sentences, mentions, gazetteer)
    log.debug("%s: %d sentences, %d facts", article.id, len(sentences), len(facts))
    return facts


@dataclass(frozen=True)
class BuildReport:
    """What one build did."""

    read: int = 0
    unchanged: int = 0
    stored: int = 0
    facts: int = 0
    failed: tuple[InputError, ...] = ()


def extract_paths(
    paths: Sequence[Path], gazetteer: Gazetteer | None = None
) -> tuple[list[tuple[Article, list[Fact]]], list[InputError]]:
    """Read and extract every article under ``paths``; unreadable ones come back as errors."""
    gazetteer = gazetteer or load_gazetteer()
    done: list[tuple[Article, list[Fact]]] = []
    failed: list[InputError] = []
    for item in iter_articles(paths):
        if isinstance(item, InputError):
            failed.append(item)
        else:
            done.append((item, extract_article(item, gazetteer)))
    return done, failed


def build(paths: Sequence[Path], store: Store, gazetteer: Gazetteer | None = None) -> BuildReport:
    """Add the articles under ``paths`` to ``store``.

    An article already stored with the same text is skipped without extraction; a changed
    one replaces its old facts, in one transaction per article.
    """
    gazetteer = gazetteer or load_gazetteer()
    read = unchanged = stored = n_facts = 0
    failed: list[InputError] = []
    for item in iter_articles(paths):
        if isinstance(item, InputError):
            failed.append(item)
            continue
        read += 1
        if store.article_hash(item.id) == item.content_hash:
            unchanged += 1
            continue
        facts = extract_article(item, gazetteer)
        store.replace_article(item, article_quads(item, facts, gazetteer.places, __version__))
        stored += 1
        n_facts += len(facts)
        log.info("%s: %d facts stored", item.id, len(facts))
    return BuildReport(read, unchanged, stored, n_facts, tuple(failed))
