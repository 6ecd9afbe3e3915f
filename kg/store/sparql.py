"""SPARQL text handled without a store: checking it, telling queries from updates, and
binding parameters as RDF terms.

Parameters are bound with ``VALUES`` blocks whose terms are written by Oxigraph's
N-Triples serialiser, so a value is always one RDF term whatever it contains
(``Lào Cai" } ; DROP ALL ; #`` stays a string). A block goes at the start of the
query's WHERE group and of every nested group that uses the variable, so that FILTERs in
OPTIONAL, GRAPH or UNION groups see the value too, as they would with Oxigraph's own
substitutions; the same text works on every SPARQL 1.1 endpoint.

>>> print(bind_values('SELECT ?x WHERE { ?x rdfs:label ?name }',
...                   {"name": ox.Literal('Hà "Nội"', language="vi")}))
SELECT ?x WHERE { VALUES ?name { "Hà \\"Nội\\""@vi } ?x rdfs:label ?name }
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

import pyoxigraph as ox

from kg.errors import QueryError
from kg.ns import PREFIXES

__all__ = ["bind_values", "check", "form", "one_line", "syntax_message", "uses_service"]

Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple

_TOKEN = re.compile(
    r"""
    (?P<space>\s+)
  | (?P<comment>\#[^\n\r]*)
  | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*'''
      |"(?:[^"\\\n\r]|\\.)*"|'(?:[^'\\\n\r]|\\.)*')
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$][\w\u00b7\u0300-\u036f\u203f-\u2040]+)
  | (?P<word>[A-Za-z_][\w-]*)
  | (?P<open>\{)
  | (?P<close>\})
  | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)
_SYNTAX_AT = re.compile(r"error at (\d+):(\d+):\s*(.*)", re.DOTALL)
_FORMS = {"SELECT": "select", "ASK": "ask", "CONSTRUCT": "graph", "DESCRIBE": "graph"}
_UPDATE_WORDS = {
    "INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH",
}  # fmt: skip


def one_line(error: BaseException) -> str:
    return " ".join(str(error).split())


def syntax_message(error: BaseException) -> str:
    """Oxigraph's "error at 2:14: ..." as "SPARQL syntax error at line 2, column 14: ..."."""
    match = _SYNTAX_AT.search(str(error))
    if match:
        line, column, detail = match.groups()
        return f"SPARQL syntax error at line {line}, column {column}: {' '.join(detail.split())}"
    return f"SPARQL syntax error: {one_line(error)}"


@dataclass(frozen=True)
class _Token:
    kind: str
    text: str
    start: int
    end: int


def _tokens(sparql: str) -> Iterator[_Token]:
    for match in _TOKEN.finditer(sparql):
        kind = match.lastgroup or "other"
        if kind not in ("space", "comment"):
            yield _Token(kind, match.group(), match.start(), match.end())


def form(sparql: str) -> str:
    """ "select", "ask", "graph" (CONSTRUCT, DESCRIBE) or "update", from the first keyword.

    >>> form("PREFIX x: <http://x/> # SELECT\\nCONSTRUCT WHERE { ?s ?p ?o }")
    'graph'
    >>> form("DROP ALL")
    'update'
    """
    for token in _tokens(sparql):
        word = token.text.upper()
        if token.kind == "word" and word in _FORMS:
            return _FORMS[word]
        if token.kind == "word" and word in _UPDATE_WORDS:
            return "update"
    return "select"


def uses_service(sparql: str) -> bool:
    """True when the text calls SERVICE (a federated query), outside strings and comments.

    >>> uses_service('SELECT * { SERVICE <http://x/> { ?s ?p "SERVICE" } }')
    True
    >>> uses_service('SELECT * { ?s ?p "SERVICE" } # SERVICE')
    False
    """
    return any(t.kind == "word" and t.text.upper() == "SERVICE" for t in _tokens(sparql))


def check(sparql: str, *, update: bool = False) -> str:
    """Raise ``QueryError`` with the line and column of a syntax error; return the form.

    The text is parsed by Oxigraph against an empty in-memory store, with the project
    prefixes declared, so a remote endpoint gets only text that parses here and the error
    points into the user's own lines. Queries calling SERVICE are not tried (that would
    call the service) and are left to the endpoint.
    """
    kind = form(sparql)
    if update != (kind == "update"):
        if kind == "update":
            raise QueryError("this is a SPARQL Update, which changes the store: add --update")
        raise QueryError("expected a SPARQL Update, got a query")
    if uses_service(sparql):
        return kind
    try:
        if update:
            ox.Store().update(sparql, prefixes=PREFIXES)
        else:
            ox.Store().query(sparql, prefixes=PREFIXES)
    except SyntaxError as error:
        raise QueryError(syntax_message(error)) from None
    except (OSError, RuntimeError, ValueError) as error:
        raise QueryError(f"query failed: {one_line(error)}") from None
    return kind


@dataclass
class _Group:
    start: int  # offset just after the "{"
    pattern: bool  # a group graph pattern (not a VALUES block or a CONSTRUCT template)
    subquery: bool = False  # "{ SELECT ... }": nothing may go before the SELECT
    first: bool = True
    uses: set[str] = field(default_factory=set)


def _groups(sparql: str) -> list[_Group]:
    """The groups of ``sparql``, in order, with the variables each uses directly.

    Variables of a subquery's SELECT clause count as used by its WHERE group.
    """
    groups: list[_Group] = []
    stack: list[_Group] = []
    pending: set[str] = set()
    previous = ""
    in_values = False
    construct = ""  # "", "start" (after CONSTRUCT), "template" (its template seen)
    for token in _tokens(sparql):
        word = token.text.upper() if token.kind == "word" else ""
        top = stack[-1] if stack else None
        if top is not None and top.first:
            top.first = False
            top.subquery = word == "SELECT"
        if word == "VALUES":
            in_values = True
        elif word == "CONSTRUCT":
            construct = "start"
        elif token.kind == "open":
            pattern = top is None or top.pattern
            if in_values:
                pattern, in_values = False, False
            elif construct == "start":
                # CONSTRUCT { template } WHERE { ... }, or CONSTRUCT WHERE { triples only }
                pattern = False
                construct = "template" if previous == "CONSTRUCT" else ""
            elif construct == "template":
                construct = ""
            group = _Group(token.end, pattern)
            if pattern:
                group.uses, pending = pending, set()
            groups.append(group)
            stack.append(group)
        elif token.kind == "close" and stack:
            stack.pop()
        elif token.kind == "var" and top is not None and top.pattern:
            (pending if top.subquery else top.uses).add(token.text[1:])
        previous = word or token.text
    return groups


def bind_values(sparql: str, bindings: Mapping[str, Term]) -> str:
    """``sparql`` with each variable in ``bindings`` bound to its term by VALUES blocks."""
    if not bindings:
        return sparql
    groups = [g for g in _groups(sparql) if g.pattern and not g.subquery]
    if not groups:
        raise QueryError("cannot bind parameters: the query has no WHERE group to bind them in")
    inserts: dict[int, list[str]] = {}
    for group in groups:
        # The outermost group binds every parameter, so results and ORDER BY see them.
        names = sorted(bindings if group is groups[0] else group.uses & set(bindings))
        if names:
            inserts[group.start] = [f" VALUES ?{n} {{ {bindings[n]} }}" for n in names]
    out, last = [], 0
    for offset in sorted(inserts):
        out += [sparql[last:offset], "".join(inserts[offset])]
        last = offset
    out.append(sparql[last:])
    return "".join(out)
