"""Sentences of an article's body, with offsets into Article.text."""

from __future__ import annotations

from kg.extract.nlp import split_sentences
from kg.ingest.clean import body_spans
from kg.model import Article, Sentence


def locate(pieces: list[str], text: str, base: int) -> list[Sentence]:
    """Place each piece (in order) inside ``text``; pieces the splitter altered are skipped."""
    sentences: list[Sentence] = []
    cursor = 0
    for piece in pieces:
        piece = piece.strip()
        if not piece:
            continue
        found = text.find(piece, cursor)
        if found < 0:
            continue
        sentences.append(Sentence(piece, base + found, base + found + len(piece)))
        cursor = found + len(piece)
    return sentences


def segment(article: Article) -> list[Sentence]:
    """Body sentences of the article, in reading order.

    Each line of the body is split on its own, so a caption never merges with the next line.
    """
    sentences: list[Sentence] = []
    for start, end in body_spans(article.text, article.title):
        line = article.text[start:end]
        located = locate(split_sentences(line), line, start)
        sentences.extend(located or [Sentence(line, start, end)])
    return sentences
