"""kg/store/sparql.py: telling queries from updates, syntax errors, binding parameters."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from kg.errors import QueryError
from kg.store.sparql import bind_values, check, form, uses_service

PLACE = {"place": ox.Literal("Lào Cai", language="vi")}


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("SELECT * WHERE { ?s ?p ?o }", "select"),
        ("ask { ?s ?p ?o }", "ask"),
        ("PREFIX ex: <http://ex/>\nCONSTRUCT WHERE { ?s ex:p ?o }", "graph"),
        ("DESCRIBE <http://x>", "graph"),
        ("# SELECT in a comment\nDROP ALL", "update"),
        ("PREFIX x: <http://x/>\nDELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", "update"),
        ("LOAD <file:///etc/passwd>", "update"),
        ('INSERT DATA { <http://s> <http://p> "SELECT" }', "update"),
    ],
)
def test_form(text: str, kind: str) -> None:
    assert form(text) == kind


def test_an_update_is_not_a_query() -> None:
    with pytest.raises(QueryError, match="add --update"):
        check("CLEAR ALL")
    assert check("CLEAR ALL", update=True) == "update"


def test_syntax_errors_point_into_the_users_lines() -> None:
    with pytest.raises(QueryError, match=r"^SPARQL syntax error at line 3, column \d+: "):
        check("SELECT ?x\nWHERE {\n  ?x kg:partOf }")


def test_service_is_seen_outside_strings_and_comments() -> None:
    assert uses_service("select * { service <http://x/> { ?s ?p ?o } }")
    assert not uses_service('SELECT * { ?s ?p "SERVICE" } # SERVICE <http://x/>')
    assert not uses_service("SELECT * { ?s <http://x/SERVICE> ?o }")


@pytest.mark.parametrize(
    ("query", "bound"),
    [
        # The outermost group always binds, so the value is in the results.
        (
            "SELECT ?place ?x WHERE { ?x ?p ?o }",
            'SELECT ?place ?x WHERE { VALUES ?place { "Lào Cai"@vi } ?x ?p ?o }',
        ),
        # Nested groups that use the variable bind it too: FILTERs there see it.
        (
            "SELECT ?x WHERE { ?x ?p ?o OPTIONAL { ?x ?q ?l FILTER(STR(?l) = STR(?place)) } }",
            'SELECT ?x WHERE { VALUES ?place { "Lào Cai"@vi } ?x ?p ?o OPTIONAL { VALUES ?place '
            '{ "Lào Cai"@vi } ?x ?q ?l FILTER(STR(?l) = STR(?place)) } }',
        ),
        # A subquery's own WHERE group, never before its SELECT.
        (
            "SELECT * WHERE { { SELECT ?x WHERE { ?x ?p ?place } } }",
            'SELECT * WHERE { VALUES ?place { "Lào Cai"@vi } { SELECT ?x WHERE { VALUES ?place '
            '{ "Lào Cai"@vi } ?x ?p ?place } } }',
        ),
        # Not in VALUES blocks, CONSTRUCT templates, strings, IRIs or comments.
        (
            'CONSTRUCT { ?x ?p ?place } WHERE { VALUES ?z { 1 } ?x ?p "{ ?place }" } # { ?place',
            'CONSTRUCT { ?x ?p ?place } WHERE { VALUES ?place { "Lào Cai"@vi } VALUES ?z { 1 } '
            '?x ?p "{ ?place }" } # { ?place',
        ),
    ],
)
def test_bind_values(query: str, bound: str) -> None:
    assert bind_values(query, PLACE) == bound
    check(bound)


def test_binding_escapes_the_value() -> None:
    value = 'x" } ; DROP ALL ; #\n\\'
    bound = bind_values("SELECT * WHERE { ?s ?p ?v }", {"v": ox.Literal(value)})
    assert bound == 'SELECT * WHERE { VALUES ?v { "x\\" } ; DROP ALL ; #\\n\\\\" } ?s ?p ?v }'
    check(bound)


def test_binding_needs_a_where_group() -> None:
    with pytest.raises(QueryError, match="no WHERE group"):
        bind_values("CONSTRUCT WHERE { ?s ?p ?place }", PLACE)
