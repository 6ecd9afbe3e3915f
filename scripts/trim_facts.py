"""Keep the compared keys of `kg extract` JSON Lines (stdin -> stdout)."""

import json
import sys

KEYS = [
    "article",
    "a",
    "b",
    "relation",
    "year",
    "date",
    "period",
    "a_body",
    "b_body",
    "a_parent",
    "b_parent",
    "evidence",
]

for line in sys.stdin:
    record = json.loads(line)
    print(json.dumps({k: record[k] for k in KEYS}, ensure_ascii=False))
