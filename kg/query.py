"""Run SPARQL over the store, by text or by name, and format the answer for people or programs.

Named queries are the ``.rq`` files in ``kg/queries/``; each starts with header comments::

    # name: partners-of
    # description: one line
    # param: place@vi — label of a locality, e.g. "Lào Cai"

A parameter is bound as an RDF literal (never pasted into the query text, see
``kg.store.sparql.bind_values``): a plain string, or with ``name@vi`` a string in that
language (so that ``?x rdfs:label ?place`` can use the store's index), or with
``name^^xsd:gYear`` a typed literal. Values are normalised to Unicode NFC, as the store is.

Formats, by kind of query:

========  ======================  ====================  ==================================
format    SELECT                  ASK                   CONSTRUCT / DESCRIBE
========  ======================  ====================  ==================================
table     aligned columns, IRIs   ``true``/``false``    Turtle with the project prefixes
          shortened by prefix
csv, tsv  SPARQL 1.1 CSV / TSV    ``true``/``false``    N-Triples
json      SPARQL 1.1 JSON         ``{"boolean": ..}``   JSON-LD with the project's context
xml       SPARQL 1.1 XML          ``<boolean>``         RDF/XML
turtle,   –                       –                     that RDF format
nt, ...
========  ======================  ====================  ==================================

``table`` is for a terminal: control characters in the data are shown escaped (``\\x1b``)
so that an article cannot move the cursor or recolour the screen, and cells are cut at
``MAX_CELL`` columns. The other formats keep the data as it is.
"""

from __future__ import annotations

import csv
import difflib
import functools
import io
import json
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

from kg.errors import FormatError, QueryError
from kg.export.jsonld import jsonld_document
from kg.ns import PREFIXES, SERIALIZATION_PREFIXES, XSD
from kg.store.base import TRIPLE_FORMATS, BaseStore, QueryOutput, Term
from kg.terminal import neutralise

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "FORMATS",
    "GRAPH_FORMATS",
    "MAX_CELL",
    "NamedQuery",
    "Param",
    "QueryOutput",
    "bindings_for",
    "format_results",
    "named_queries",
    "named_query",
    "neutralise",
    "parse_named_query",
    "run_named",
    "run_query",
    "to_dataframe",
]

#: Formats for SELECT and ASK results (CONSTRUCT and DESCRIBE take them too).
FORMATS: tuple[str, ...] = ("table", "csv", "tsv", "json", "xml")
#: RDF formats, for CONSTRUCT and DESCRIBE only.
GRAPH_FORMATS: tuple[str, ...] = tuple(TRIPLE_FORMATS)
MAX_CELL = 80

_LOCAL_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")
_PARAM = re.compile(
    r"(?P<name>[A-Za-z_][A-Za-z0-9_]*)(?:@(?P<lang>[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*)"
    r"|\^\^(?P<type>[a-z]+:[A-Za-z]+))?\s*(?:[—–:]|\s-\s|$)\s*(?P<text>.*)"
)
_HEADER = re.compile(r"#\s*(name|description|param)\s*:\s*(.*)")
_INTEGER = re.compile(r"[+-]?\d+")


# ---------------------------------------------------------------------------- named queries


@dataclass(frozen=True)
class Param:
    """A parameter of a named query: the variable ``?name`` and how its value is typed."""

    name: str
    description: str = ""
    language: str | None = None
    datatype: str | None = None

    def term(self, value: str) -> ox.Literal:
        """The literal that ``value`` (as typed by a user) stands for.

        >>> Param("place", language="vi").term("Lào Cai")
        <Literal value=Lào Cai language=vi>
        """
        value = unicodedata.normalize("NFC", value)
        if self.language:
            return ox.Literal(value, language=self.language)
        if self.datatype:
            if self.datatype in (str(XSD.integer), str(XSD.gYear)) and not _INTEGER.fullmatch(
                value.strip()
            ):
                raise QueryError(f"parameter {self.name} must be a whole number, not {value!r}")
            return ox.Literal(value.strip(), datatype=ox.NamedNode(self.datatype))
        return ox.Literal(value)

    @property
    def kind(self) -> str:
        if self.language:
            return f"text@{self.language}"
        if self.datatype:
            return next(
                (f"{p}:{self.datatype[len(b) :]}" for p, b in PREFIXES.items()
                 if self.datatype.startswith(b)),
                self.datatype,
            )  # fmt: skip
        return "text"


@dataclass(frozen=True)
class NamedQuery:
    name: str
    description: str
    params: tuple[Param, ...]
    text: str
    source: str = ""

    def bindings(self, values: Mapping[str, str]) -> dict[str, Term]:
        """The terms for ``values``; every parameter is required, no other is accepted."""
        known = {p.name: p for p in self.params}
        unknown = sorted(set(values) - set(known))
        if unknown:
            expected = ", ".join(known) or "none"
            raise QueryError(
                f"query {self.name} has no parameter {unknown[0]} (its parameters: {expected})"
            )
        missing = [p for p in self.params if p.name not in values]
        if missing:
            p = missing[0]
            raise QueryError(
                f"query {self.name} needs --param {p.name}=VALUE ({p.description or p.kind})"
            )
        return {name: known[name].term(value) for name, value in values.items()}


def _param(line: str, source: str) -> Param:
    match = _PARAM.fullmatch(line.strip())
    if match is None:
        raise QueryError(f"{source}: cannot read the parameter line {line!r}")
    datatype = None
    if match["type"]:
        prefix, _, local = match["type"].partition(":")
        if prefix not in PREFIXES:
            raise QueryError(f"{source}: unknown prefix in parameter type {match['type']!r}")
        datatype = PREFIXES[prefix] + local
    return Param(match["name"], match["text"].strip(), match["lang"], datatype)


def parse_named_query(text: str, source: str = "<query>") -> NamedQuery:
    """Read the header comments of a ``.rq`` file; the rest of the file is the query.

    >>> q = parse_named_query('# name: n\\n# param: a — one\\nSELECT ?a WHERE { ?a ?b ?c }')
    >>> q.name, [(p.name, p.description) for p in q.params]
    ('n', [('a', 'one')])
    """
    fields: dict[str, str] = {}
    params: list[Param] = []
    for line in text.splitlines():
        stripped = line.strip()
        if stripped and not stripped.startswith("#"):
            break
        match = _HEADER.match(stripped)
        if match is None:
            continue
        key, value = match.groups()
        if key == "param":
            params.append(_param(value, source))
        else:
            fields.setdefault(key, value.strip())
    name = fields.get("name") or source.rsplit("/", 1)[-1].removesuffix(".rq")
    return NamedQuery(name, fields.get("description", ""), tuple(params), text, source)


@functools.cache
def named_queries() -> dict[str, NamedQuery]:
    """The queries shipped in ``kg/queries/``, by name, sorted."""
    found: dict[str, NamedQuery] = {}
    for item in (resources.files("kg") / "queries").iterdir():
        if item.name.endswith(".rq"):
            query = parse_named_query(item.read_text(encoding="utf-8"), f"kg/queries/{item.name}")
            found[query.name] = query
    return dict(sorted(found.items()))


def named_query(name: str) -> NamedQuery:
    queries = named_queries()
    if name in queries:
        return queries[name]
    close = difflib.get_close_matches(name, list(queries), n=1)
    hint = f"; did you mean {close[0]}?" if close else "; kg query --list shows them"
    raise QueryError(f"no named query {name!r}{hint}")


def run_query(
    store: BaseStore,
    sparql: str,
    *,
    timeout: float | None = None,
    params: Mapping[str, str] | None = None,
) -> QueryOutput:
    """Run ``sparql`` with the project prefixes over the union of all article graphs.

    ``params`` bind variables as the query's header declares them (see ``bindings_for``).
    """
    return store.query(sparql, timeout=timeout, bindings=bindings_for(sparql, params or {}))


def bindings_for(sparql: str, values: Mapping[str, str]) -> dict[str, Term]:
    """The terms binding ``values`` in a query text of one's own (a ``.rq`` file, say).

    A text whose header declares parameters (``# param: place@vi — ...``, as in the
    shipped queries) is held to them: a copy of ``partners-of.rq`` run from a file binds
    ``place`` as a ``@vi`` literal, as ``--name`` does. A text without such a header binds
    every value as a plain string literal.

    >>> bindings_for("# param: place@vi\\nSELECT * WHERE {}", {"place": "Huế"})
    {'place': <Literal value=Huế language=vi>}
    >>> bindings_for("SELECT * WHERE {}", {"place": "Huế"})
    {'place': <Literal value=Huế datatype=<NamedNode value=http://www.w3.org/2001/XMLSchema#string>>}
    """
    declared = parse_named_query(sparql)
    if declared.params:
        return declared.bindings(values)
    return {name: Param(name).term(value) for name, value in values.items()}


def run_named(
    store: BaseStore, name: str, *, timeout: float | None = None, **params: str
) -> QueryOutput:
    """Run the named query ``name`` with its parameters.

    >>> import tempfile, pathlib
    >>> from kg.store.backend import Store
    >>> with tempfile.TemporaryDirectory() as tmp, Store.open(pathlib.Path(tmp)) as store:
    ...     run_named(store, "partners-of", place="Lào Cai").rows
    ()
    """
    query = named_query(name)
    return store.query(query.text, timeout=timeout, bindings=query.bindings(params))


def to_dataframe(output: QueryOutput) -> pd.DataFrame | bool:
    """The result as a pandas DataFrame (see ``kg.api.to_frame``); pandas is optional."""
    from kg.api import to_frame

    return to_frame(output)


# ---------------------------------------------------------------------------- formats


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


def _tsv(output: QueryOutput) -> str:
    # SPARQL 1.1 TSV: terms in their N-Triples form, which escapes tabs and newlines.
    lines = ["\t".join(f"?{v}" for v in output.variables)]
    lines += ["\t".join("" if t is None else str(t) for t in row) for row in output.rows]
    return "\n".join(lines) + "\n"


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


_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_text(text: str) -> str:
    # XML 1.0 cannot carry most control characters at all, even escaped.
    return escape(_XML_BAD.sub("\ufffd", text))


def _xml_term(term: Term) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{_xml_text(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{_xml_text(term.value)}</bnode>"
    if isinstance(term, ox.Literal):
        if term.language:
            attribute = f" xml:lang={quoteattr(term.language)}"
        elif term.datatype.value != str(XSD.string):
            attribute = f" datatype={quoteattr(term.datatype.value)}"
        else:
            attribute = ""
        return f"<literal{attribute}>{_xml_text(term.value)}</literal>"
    parts = "".join(
        f"<{p}>{_xml_term(getattr(term, p))}</{p}>" for p in ("subject", "predicate", "object")
    )
    return f"<triple>{parts}</triple>"


_XML_HEAD = '<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n'


def _xml(output: QueryOutput) -> str:
    head = "".join(f"<variable name={quoteattr(v)}/>" for v in output.variables)
    results = []
    for row in output.rows:
        bindings = "".join(
            f"<binding name={quoteattr(v)}>{_xml_term(t)}</binding>"
            for v, t in zip(output.variables, row, strict=True)
            if t is not None
        )
        results.append(f"  <result>{bindings}</result>\n")
    return f"{_XML_HEAD}<head>{head}</head>\n<results>\n{''.join(results)}</results>\n</sparql>\n"


_GRAPH_ALIASES = {"table": "turtle", "csv": "nt", "tsv": "nt", "json": "jsonld", "xml": "rdfxml"}


def _graph(output: QueryOutput, fmt: str) -> str:
    rdf_format = TRIPLE_FORMATS[_GRAPH_ALIASES.get(fmt, fmt)]
    triples = sorted(output.triples, key=str)
    if rdf_format == ox.RdfFormat.JSON_LD:
        # Compacted with the project's context, as `kg export` writes it.
        return jsonld_document(triples).decode("utf-8")
    data = ox.serialize(triples, format=rdf_format, prefixes=SERIALIZATION_PREFIXES) or b""
    text = data.decode("utf-8")
    return neutralise(text, keep="\n\t") if fmt == "table" else text


def format_results(output: QueryOutput, fmt: str) -> str:
    """Render ``output`` as ``fmt`` (see the module docstring); the text ends with a newline."""
    if fmt not in FORMATS and fmt not in GRAPH_FORMATS:
        known = ", ".join(FORMATS + GRAPH_FORMATS)
        raise FormatError(f"unknown result format {fmt!r}; known: {known}")
    if output.kind == "graph":
        return _graph(output, fmt)
    if fmt not in FORMATS:
        raise FormatError(
            f"{fmt} is an RDF format, for CONSTRUCT and DESCRIBE; results of SELECT and ASK "
            f"come as {', '.join(FORMATS)}"
        )
    if output.kind == "ask":
        if fmt == "json":
            return json.dumps({"head": {}, "boolean": bool(output.boolean)}) + "\n"
        if fmt == "xml":
            answer = "true" if output.boolean else "false"
            return f"{_XML_HEAD}<head/>\n<boolean>{answer}</boolean>\n</sparql>\n"
        return ("true" if output.boolean else "false") + "\n"
    return {"table": _table, "csv": _csv, "tsv": _tsv, "json": _json, "xml": _xml}[fmt](output)
