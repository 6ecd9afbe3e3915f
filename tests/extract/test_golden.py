"""Golden files: the seed articles and the facts the extractor must give for them.

The expected facts were checked by hand against shared/eval/seeds-gold.jsonl. When a change
alters them on purpose, regenerate with
``kg extract seeds/ | python scripts/trim_facts.py > tests/extract/golden/seeds.jsonl``
and review the diff.
"""

from __future__ import annotations

import json
from pathlib import Path

from kg.export.facts import fact_record
from kg.extract.gazetteer import load_gazetteer
from kg.pipeline import extract_paths

HERE = Path(__file__).parent
SEEDS = Path(__file__).parents[2] / "seeds"


def test_seed_articles_give_the_golden_facts() -> None:
    expected = [
        json.loads(line)
        for line in (HERE / "golden" / "seeds.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    gazetteer = load_gazetteer()
    done, failed = extract_paths([SEEDS], gazetteer)
    assert not failed
    keys = list(expected[0])
    actual = [
        {k: record[k] for k in keys}
        for _, facts, local in done
        for record in (fact_record(f, local) for f in facts)
    ]
    assert actual == expected


def test_every_fact_points_at_its_evidence() -> None:
    done, _ = extract_paths([SEEDS])
    for article, facts, _ in done:
        for fact in facts:
            assert article.text[fact.start : fact.end] == fact.evidence
