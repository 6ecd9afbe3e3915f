"""Keep the compared keys of `kg extract` JSON Lines (stdin -> stdout): the columns of the
shared evaluation format, without the ids, span, confidence and extractor that vary with
the gazetteer and the extractor's version."""

import json
import sys

from kg.export.facts import COLUMNS

VARYING = {"a_id", "b_id", "start", "end", "confidence", "extractor"}
KEYS = [key for key in COLUMNS if key not in VARYING]

for line in sys.stdin:
    record = json.loads(line)
    print(json.dumps({k: record[k] for k in KEYS}, ensure_ascii=False))
