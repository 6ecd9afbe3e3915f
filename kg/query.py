"""Run SPARQL over the store and format the answer for people or programs.

Formats, by kind of query:

========  =======================  =====================  =================================
format    SELECT                   ASK                    CONSTRUCT / DESCRIBE
========  =======================  =====================  =================================
table     aligned columns, IRIs    ``true`` / ``false``   Turtle with the project prefixes
          shortened with prefixes
csv       SPARQL 1.1 CSV results   ``true`` / ``false``   N-Triples
json      SPARQL 1.1 JSON results  ``{"boolean": ...}``   JSON-LD (expanded)
========  =======================  =====================  =================================

``table`` is for a terminal: control characters in the data are shown escaped (``\\x1b``)
so that an article cannot move the cursor or recolour the screen, and cells are cut at
``MAX_CELL`` columns. ``csv`` and ``json`` keep the data as it is.
"""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from typing import Any

import pyoxigraph as ox

from kg.errors import FormatError
from kg.ns import SERIALIZATION_PREFIXES, XSD
from kg.store.backend import QueryOutput, Store, Term
from kg.terminal import neutralise

__all__ = ["FORMATS", "MAX_CELL", "QueryOutput", "format_results", "neutralise", "run_query"]

FORMATS: tuple[str, ...] = ("table", "csv", "json")
MAX_CELL = 80

_LOCAL_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")


def run_query(store: Store, sparql: str, *, timeout: float | None = None) -> QueryOutput:
    """Run ``sparql`` with the project prefixes over the union of all article graphs."""
    return store.query(sparql, timeout=timeout)


def _width(text: str) -> int:
    return sum(
        0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1
        for c in text
    )


def _cut(text: str, limit: int) -> str:
    if _width(text) <= limit:
        return text
    out, used = [], 0
    for char in text:
        used += _width(char)
        if used > limit - 1:
            break
        out.append(char)
    return "".join(out) + "…"


def _compact(iri: str) -> str:
    for name, base in SERIALIZATION_PREFIXES.items():
        if iri.startswith(base) and _LOCAL_NAME.fullmatch(iri[len(base) :]):
            return f"{name}:{iri[len(base) :]}"
    return f"<{iri}>"


def _cell(term: Term | None) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        return _compact(term.value)
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.Literal):
        return term.value
    return str(term)


def _table(output: QueryOutput) -> str:
    header = list(output.variables)
    rows = [[_cut(neutralise(_cell(t)), MAX_CELL) for t in row] for row in output.rows]
    widths = [max([_width(h)] + [_width(r[i]) for r in rows]) for i, h in enumerate(header)]

    def line(cells: list[str]) -> str:
        padded = (c + " " * (w - _width(c)) for c, w in zip(cells, widths, strict=True))
        return "  ".join(padded).rstrip()

    lines = [line(header), "  ".join("-" * w for w in widths)]
    lines += [line(r) for r in rows]
    count = len(rows)
    lines.append(f"({count} row{'' if count == 1 else 's'})")
    return "\n".join(lines) + "\n"


def _csv_value(term: Term | None) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return str(term) if isinstance(term, ox.Triple) else term.value


def _csv(output: QueryOutput) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")  # RFC 4180, as SPARQL CSV asks
    writer.writerow(output.variables)
    writer.writerows([_csv_value(t) for t in row] for row in output.rows)
    return buffer.getvalue()


def _json_term(term: Term) -> dict[str, Any]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out: dict[str, Any] = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != str(XSD.string):
            out["datatype"] = term.datatype.value
        return out
    parts = ("subject", "predicate", "object")
    return {"type": "triple", "value": {p: _json_term(getattr(term, p)) for p in parts}}


def _json(output: QueryOutput) -> str:
    bindings = [
        {
            name: _json_term(t)
            for name, t in zip(output.variables, row, strict=True)
            if t is not None
        }
        for row in output.rows
    ]
    document = {"head": {"vars": list(output.variables)}, "results": {"bindings": bindings}}
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


_GRAPH_FORMATS = {"table": ox.RdfFormat.TURTLE, "csv": ox.RdfFormat.N_TRIPLES}


def _graph(output: QueryOutput, fmt: str) -> str:
    rdf_format = _GRAPH_FORMATS.get(fmt, ox.RdfFormat.JSON_LD)
    triples = sorted(output.triples, key=str)
    data = ox.serialize(triples, format=rdf_format, prefixes=SERIALIZATION_PREFIXES) or b""
    text = data.decode("utf-8")
    return neutralise(text, keep="\n\t") if fmt == "table" else text


def format_results(output: QueryOutput, fmt: str) -> str:
    """Render ``output`` as ``fmt`` (one of ``FORMATS``); the text ends with a newline."""
    if fmt not in FORMATS:
        raise FormatError(f"unknown result format {fmt!r}; known: {', '.join(FORMATS)}")
    if output.kind == "ask":
        answer = "true" if output.boolean else "false"
        if fmt == "json":
            return json.dumps({"head": {}, "boolean": bool(output.boolean)}) + "\n"
        return answer + "\n"
    if output.kind == "graph":
        return _graph(output, fmt)
    return {"table": _table, "csv": _csv, "json": _json}[fmt](output)
