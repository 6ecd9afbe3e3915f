"""The one module that imports underthesea (offline parts only: sentences, words, CRF NER)."""

from __future__ import annotations

from functools import lru_cache
from typing import Any


@lru_cache(maxsize=1)
def _underthesea() -> Any:
    # Imported lazily: loading underthesea costs about a second, and most commands never need it.
    import underthesea

    return underthesea


def split_sentences(text: str) -> list[str]:
    """Sentences of one paragraph, as underthesea cuts them (text unchanged inside)."""
    result: list[str] = _underthesea().sent_tokenize(text)
    return result


def location_entities(sentence: str) -> list[str]:
    """Names underthesea's CRF NER tags as locations (a hint: noisy on this domain)."""
    tokens = _underthesea().ner(sentence)
    names: list[str] = []
    current: list[str] = []
    for token in tokens:
        word, tag = token[0], token[-1]
        if tag == "B-LOC":
            if current:
                names.append(" ".join(current))
            current = [word]
        elif tag == "I-LOC" and current:
            current.append(word)
        else:
            if current:
                names.append(" ".join(current))
            current = []
    if current:
        names.append(" ".join(current))
    return names
