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


def clauses(sentence: Sentence) -> list[Sentence]:
    """A sentence cut at semicolons: each clause tells its own event with its own parties.

    >>> [c.text for c in clauses(Sentence("A đã ký; B kế thừa.", 10, 29))]
    ['A đã ký', 'B kế thừa.']
    """
    parts: list[Sentence] = []
    offset = 0
    for piece in sentence.text.split(";"):
        stripped = piece.strip()
        if stripped:
            lead = piece.index(stripped[0])
            begin = sentence.start + offset + lead
            parts.append(Sentence(stripped, begin, begin + len(stripped)))
        offset += len(piece) + 1
    return parts or [sentence]


def segment(article: Article) -> list[Sentence]:
    """Body sentences (clauses, where a sentence has semicolons) of the article, in order.

    Each line of the body is split on its own, so a caption never merges with the next line.
    """
    sentences: list[Sentence] = []
    for start, end in body_spans(article.text, article.title):
        line = article.text[start:end]
        located = locate(split_sentences(line), line, start)
        for sentence in located or [Sentence(line, start, end)]:
            sentences.extend(clauses(sentence))
    return sentences
