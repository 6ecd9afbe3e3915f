"""A synthetic corpus in the project's own RDF shape, for the store benchmark.

Articles and facts are made up, but every quad comes from ``kg.store.rdf.article_quads``
over the real gazetteer, so the graph has the shape (and the label, date and provenance
patterns) that ``kg build`` writes. Deterministic for a given seed.

    python benchmarks/store_data.py 1000000 > /tmp/kg-1m.nq   # about 1M quads as N-Quads
"""

from __future__ import annotations

import random
import sys
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

import pyoxigraph as ox

from kg.extract.gazetteer import load_gazetteer
from kg.model import RELATIONS, Article, Fact, Place
from kg.store.rdf import article_quads

NOW = datetime(2025, 1, 1, tzinfo=UTC)
BODY_KINDS = {
    "party_committee": "Tỉnh ủy",
    "standing_board": "Ban Thường vụ Tỉnh ủy",
    "peoples_committee": "UBND tỉnh",
    "peoples_council": "HĐND tỉnh",
}


def _weights(n: int) -> list[float]:
    # Zipf-like: a few hubs (Lào Cai, Hà Nội ...) and a long tail, as in the news.
    return [1.0 / (rank + 1) ** 0.8 for rank in range(n)]


def synthetic_articles(seed: int = 7) -> Iterator[tuple[Article, list[Fact]]]:
    """An endless stream of (article, facts), one to four facts each."""
    rng = random.Random(seed)
    places = load_gazetteer().places
    localities = [p for p in places.values() if p.kind != "country"]
    vietnamese = [p for p in localities if p.country == "VN"]
    foreign = [p for p in localities if p.country != "VN"]
    rng.shuffle(vietnamese)
    rng.shuffle(foreign)
    vn_weights, foreign_weights = _weights(len(vietnamese)), _weights(len(foreign))
    number = 0
    while True:
        number += 1
        article_id = f"{number:07d}_synthetic.txt"
        published = date(2010, 1, 1) + timedelta(days=rng.randrange(16 * 365))
        text = f"Bài báo tổng hợp số {number}."
        article = Article(
            id=article_id,
            text=text,
            source=f"synthetic/{article_id}",
            content_hash=f"sha256:{number:064x}",
            title=f"Hợp tác địa phương, bài {number}",
            pub_date=published,
            url=f"https://example.org/tin/{number}",
        )
        facts = []
        for _ in range(rng.randint(1, 4)):
            one: Place = rng.choices(vietnamese, vn_weights)[0]
            if rng.random() < 0.6:
                other: Place = rng.choices(foreign, foreign_weights)[0]
            else:
                other = rng.choices(vietnamese, vn_weights)[0]
            if other.id == one.id:
                continue
            a, b = sorted((one, other), key=lambda p: p.id)
            kind = rng.choice(list(BODY_KINDS))
            when = rng.random()
            facts.append(
                Fact(
                    article_id=article_id,
                    a=a.id,
                    b=b.id,
                    relation=rng.choice(RELATIONS),
                    evidence=f"{a.name} và {b.name} ký kết hợp tác (câu {rng.randrange(10**6)}).",
                    start=0,
                    end=len(text),
                    extractor="synthetic",
                    confidence=round(rng.uniform(0.5, 1.0), 2),
                    date=published.isoformat() if when < 0.6 else None,
                    year=published.year if when >= 0.6 else None,
                    period=f"{published.year}-{published.year + 2}" if rng.random() < 0.2 else None,
                    a_body=f"{BODY_KINDS[kind]} {a.name}" if rng.random() < 0.5 else None,
                    a_body_kind=kind,
                    b_body=f"{BODY_KINDS[kind]} {b.name}" if rng.random() < 0.3 else None,
                    b_body_kind=kind,
                )
            )
        yield article, facts


def synthetic_quads(target: int, seed: int = 7) -> Iterator[list[ox.Quad]]:
    """The quads of one article at a time, until at least ``target`` quads were given."""
    places = load_gazetteer().places
    total = 0
    for article, facts in synthetic_articles(seed):
        quads = article_quads(article, facts, places, "synthetic", now=NOW)
        total += len(quads)
        yield quads
        if total >= target:
            return


def write_nquads(target: int, out: object, seed: int = 7) -> tuple[int, int]:
    """Write about ``target`` quads as N-Quads to the binary file ``out``.

    Returns (articles, quads).
    """
    articles = quads = 0
    for batch in synthetic_quads(target, seed):
        data = ox.serialize(batch, format=ox.RdfFormat.N_QUADS) or b""
        out.write(data)  # type: ignore[attr-defined]
        articles += 1
        quads += len(batch)
    return articles, quads


if __name__ == "__main__":
    n_articles, n_quads = write_nquads(int(sys.argv[1]), sys.stdout.buffer)
    print(f"{n_articles} articles, {n_quads} quads", file=sys.stderr)
