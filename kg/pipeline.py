"""The one place the steps are composed: article -> sentences -> mentions -> facts."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from kg import __version__
from kg.errors import InputError
from kg.extract.discover import discover_places, dominant_foreign_country, location_hints
from kg.extract.gazetteer import Gazetteer, load_gazetteer
from kg.extract.mentions import PlaceMention, find_mentions
from kg.extract.nlp import location_entities
from kg.extract.relations import extract_facts
from kg.extract.triggers import find_triggers
from kg.ingest.read import iter_articles
from kg.ingest.segment import segment
from kg.model import Article, Fact, Place, Sentence
from kg.resolve.normalize import match_key
from kg.store.backend import Store
from kg.store.rdf import article_quads

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
    """What one build did."""

    read: int = 0
    unchanged: int = 0
    stored: int = 0
    facts: int = 0
    failed: tuple[InputError, ...] = ()


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
        facts, local = analyse_article(item, gazetteer)
        store.replace_article(item, article_quads(item, facts, local.places, __version__))
        stored += 1
        n_facts += len(facts)
        log.info("%s: %d facts stored", item.id, len(facts))
    return BuildReport(read, unchanged, stored, n_facts, tuple(failed))
