"""Synthetic partnership records shaped like the real network, for the benchmarks.

Vietnamese provinces with districts, foreign provinces and districts in a handful of
countries; a few hub provinces partner with many foreign localities, most localities have
one or two partners (a heavy-tailed degree, as in the news), and events spread over 20 years.
"""

from __future__ import annotations

import random
from typing import Any

COUNTRIES = ("LA", "KH", "CN", "KR", "JP", "TH", "FR", "RU", "CU", "US")
RELATIONS = ("signed_mou", "signed_agreement", "twinned", "held_talks", "reviewed_cooperation")


def _place(pid: str, label: str, kind: str, country: str, parent: str | None) -> dict[str, Any]:
    return {"id": pid, "label": label, "kind": kind, "country": country, "parent": parent}


def synthetic_records(
    nodes: int, edges_per_node: float = 1.6, seed: int = 1
) -> list[dict[str, Any]]:
    """About ``nodes`` localities and ``nodes * edges_per_node`` events (record dicts)."""
    rng = random.Random(seed)
    provinces = max(3, min(63, nodes // 20))
    places = [_place(f"vn/p{i}", f"Tỉnh {i}", "province", "VN", None) for i in range(provinces)]
    rest = nodes - provinces
    for i in range(rest):
        if i % 3 == 0:
            p = rng.randrange(provinces)
            places.append(
                _place(f"vn/p{p}/d{i}", f"Huyện {i}", "rural_district", "VN", f"Tỉnh {p}")
            )
        else:
            country = COUNTRIES[min(int(rng.expovariate(0.6)), len(COUNTRIES) - 1)]
            kind = "foreign_province" if i % 2 else "foreign_district"
            places.append(_place(f"{country.lower()}/f{i}", f"Nơi {i}", kind, country, None))
    weights = [1.0 / (k + 1) ** 0.8 for k in range(len(places))]  # heavy-tailed partner choice
    records = []
    target = int(nodes * edges_per_node)
    for e in range(target):
        a = places[e % len(places)] if e < len(places) else rng.choices(places, weights)[0]
        b = rng.choices(places, weights)[0]
        if a["id"] == b["id"]:
            continue
        year = 2005 + int(rng.random() * 20) if rng.random() > 0.1 else None
        record = {"event": f"e{e}", "relation": rng.choice(RELATIONS), "year": year,
                  "date": f"{year}-0{1 + e % 9}-1{e % 10}" if year and e % 2 else None,
                  "period": None, "evidence": f"Hai bên ký kết văn bản hợp tác số {e}.",
                  "article_id": f"a{e // 3}", "source": f"https://example.org/tin/{e // 3}",
                  "title": f"Tin số {e // 3}", "url": None}  # fmt: skip
        for side, place in (("a", a), ("b", b)):
            record.update({side: place["id"], f"{side}_label": place["label"],
                           f"{side}_kind": place["kind"], f"{side}_country": place["country"],
                           f"{side}_parent_label": place["parent"]})  # fmt: skip
        records.append(record)
    return records
