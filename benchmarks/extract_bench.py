"""Extraction speed: the whole pipeline against underthesea's NER alone, on the same text.

    python benchmarks/extract_bench.py [--articles 2000] [--ner-sample 300]

The seed articles are repeated (with a changing id) to --articles articles. The whole
pipeline (cleaning, sentences, gazetteer scan, bodies, relations, dates, NER only where a
relation sentence lacks a known place) runs over all of them; underthesea's CRF NER runs over
a sample of the same body sentences (at ~70 sentences/s it would take many minutes over all
of them) and its rate is per sentence, so the two rates compare directly. Prints figures,
asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import platform
import time
from dataclasses import replace
from pathlib import Path

from kg.extract.gazetteer import load_gazetteer
from kg.extract.nlp import location_entities
from kg.ingest.read import iter_articles
from kg.ingest.segment import segment
from kg.model import Article
from kg.pipeline import analyse_article

SEEDS = Path(__file__).parents[1] / "seeds"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--ner-sample", type=int, default=300)
    args = parser.parse_args()

    seeds = [a for a in iter_articles([SEEDS]) if isinstance(a, Article)]
    corpus = [replace(seeds[i % len(seeds)], id=f"{i}") for i in range(args.articles)]
    gazetteer = load_gazetteer()
    analyse_article(corpus[0], gazetteer)  # warm up: model loads, automaton build

    started = time.perf_counter()
    sentences = facts = 0
    for article in corpus:
        sentences += len(segment(article))
        facts += len(analyse_article(article, gazetteer)[0])
    pipeline_s = time.perf_counter() - started
    # segment() ran twice per article above (once for counting): time it alone and take it off.
    started = time.perf_counter()
    for article in corpus:
        segment(article)
    pipeline_s -= time.perf_counter() - started

    body = [s.text for a in seeds for s in segment(a)]
    sample = (body * (args.ner_sample // len(body) + 1))[: args.ner_sample]
    started = time.perf_counter()
    for sentence in sample:
        location_entities(sentence)
    ner_s = time.perf_counter() - started

    pipe_rate = sentences / pipeline_s
    ner_rate = len(sample) / ner_s
    per_article = sentences / args.articles
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    print(f"machine: {machine}")
    print(f"corpus: {args.articles} articles ({len(seeds)} seeds repeated), {sentences} sentences")
    print(
        f"whole pipeline : {args.articles / pipeline_s:8.1f} articles/s "
        f"{pipe_rate:8.1f} sentences/s  ({facts} facts)"
    )
    print(
        f"underthesea NER: {ner_rate / per_article:8.1f} articles/s "
        f"{ner_rate:8.1f} sentences/s  (sample of {len(sample)} sentences)"
    )
    print(f"pipeline / NER : {pipe_rate / ner_rate:8.1f}x")


if __name__ == "__main__":
    main()
