"""Scoring extracted facts against hand-checked gold (the format of ``shared/eval``).

Three levels, each micro-averaged over all articles: the unordered pair of localities; the
pair with its relation; the pair with its relation and year (judged only where the gold has a
year). Gold facts marked ``uncertain`` are neither required nor penalised.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kg.errors import InputError
from kg.resolve.normalize import name_key

LEVELS = ("pair", "pair+relation", "pair+relation+year")

_ADMIN_PREFIX = re.compile(
    r"^(?:tinh|thanh pho|tp|huyen|quan|thi xa|thu do|khoueng|muang|xa|phuong)\s+"
)


@dataclass(frozen=True)
class Score:
    level: str
    true_positives: int
    predicted: int
    gold: int

    @property
    def precision(self) -> float:
        return self.true_positives / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.true_positives / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def comparable_name(name: str) -> str:
    """Name key without the administrative word; a namesake city keeps its "tp" mark.

    >>> comparable_name("tỉnh Thanh Hoá") == comparable_name("Thanh Hóa")
    True
    >>> comparable_name("TP Hà Tĩnh") == comparable_name("Hà Tĩnh")
    False
    """
    key = name_key(name)
    if key.startswith(("tp ", "thanh pho ")):
        return "tp " + _ADMIN_PREFIX.sub("", key)
    return _ADMIN_PREFIX.sub("", key)


def read_gold(path: Path) -> dict[str, list[dict[str, Any]]]:
    """Gold facts per article id."""
    gold: dict[str, list[dict[str, Any]]] = {}
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as err:
        raise InputError(str(path), f"cannot read gold file ({err})") from None
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            gold[record["id"]] = list(record["gold"])
        except (json.JSONDecodeError, KeyError, TypeError) as err:
            raise InputError(f"{path}:{number}", f"not a gold record ({err})") from None
    return gold


def _alias_map(facts: Iterable[Mapping[str, Any]]) -> dict[str, str]:
    aliases: dict[str, str] = {}
    for fact in facts:
        for side in ("a", "b"):
            canonical = comparable_name(fact[side])
            aliases[canonical] = canonical
            for alias in fact.get(f"{side}_aliases") or ():
                aliases[comparable_name(alias)] = canonical
    return aliases


def _keys(
    fact: Mapping[str, Any], level: str, aliases: Mapping[str, str]
) -> tuple[object, ...] | None:
    a = aliases.get(comparable_name(fact["a"]), comparable_name(fact["a"]))
    b = aliases.get(comparable_name(fact["b"]), comparable_name(fact["b"]))
    pair = tuple(sorted((a, b)))
    if level == "pair":
        return pair
    if level == "pair+relation":
        return (*pair, fact["relation"])
    year = fact.get("year")
    return None if year is None else (*pair, fact["relation"], int(year))


def score(
    predicted: Mapping[str, Sequence[Mapping[str, Any]]],
    gold: Mapping[str, Sequence[Mapping[str, Any]]],
) -> list[Score]:
    """P/R/F1 at each level over the articles of the gold set."""
    results = []
    for level in LEVELS:
        tp = n_pred = n_gold = 0
        for article_id, gold_facts in gold.items():
            aliases = _alias_map(gold_facts)
            required = {
                k
                for f in gold_facts
                if not f.get("uncertain") and (k := _keys(f, level, aliases)) is not None
            }
            tolerated = {
                k
                for f in gold_facts
                if f.get("uncertain") and (k := _keys(f, level, aliases)) is not None
            }
            found = {
                k
                for f in predicted.get(article_id, ())
                if (k := _keys(f, level, aliases)) is not None
            }
            found -= tolerated - required
            tp += len(found & required)
            n_pred += len(found)
            n_gold += len(required)
        results.append(Score(level, tp, n_pred, n_gold))
    return results


def format_scores(scores: Sequence[Score]) -> str:
    lines = [f"{'level':<20} {'P':>6} {'R':>6} {'F1':>6} {'tp':>5} {'pred':>5} {'gold':>5}"]
    for s in scores:
        lines.append(
            f"{s.level:<20} {s.precision:6.3f} {s.recall:6.3f} {s.f1:6.3f} "
            f"{s.true_positives:5d} {s.predicted:5d} {s.gold:5d}"
        )
    return "\n".join(lines)


def evaluate_paths(
    gold_path: Path, paths: Sequence[Path], *, baseline: bool = False
) -> dict[str, list[Score]]:
    """Scores of the extractor (and optionally of the baseline) on the articles of a gold set."""
    from kg.export.facts import fact_record
    from kg.extract.baseline import baseline_records
    from kg.pipeline import extract_paths

    gold = read_gold(gold_path)
    done, _ = extract_paths(paths)
    predicted = {a.id: [fact_record(f, local) for f in facts] for a, facts, local in done}
    missing = sorted(set(gold) - set(predicted))
    if missing:
        raise InputError(str(gold_path), f"no article found for {', '.join(missing[:3])}")
    results = {"kg": score(predicted, gold)}
    if baseline:
        results["underthesea baseline"] = score(
            {a.id: baseline_records(a) for a, _, _ in done if a.id in gold}, gold
        )
    return results
