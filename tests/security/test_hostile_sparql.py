"""Typed parameters and queries cannot change the store or reach beyond the value asked for.

Named-query parameters are bound as RDF terms, never pasted into the query text, so a
value that tries to close the string and the group finds nothing and changes nothing; and
``kg query`` runs read-only unless ``--update`` is given.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hostile import Built, kg

from kg.query import run_named
from kg.store.backend import Store

INJECTIONS = [
    'Lào Cai" } ; DROP ALL ; #',
    'Lào Cai"@vi } } DELETE WHERE { ?s ?p ?o } #',
    "Lào Cai'''} ; CLEAR ALL ; #",
    'Lào Cai\\" } UNION { ?self ?p ?o } #',
    "Lào Cai\n} ; DROP ALL ; #",
    "Lào Cai> } ; DROP ALL ; #",
    "Lào Cai\\u0022 } ; DROP ALL ; #",
]
UPDATES = [
    "DROP ALL",
    "CLEAR DEFAULT",
    "DELETE WHERE { GRAPH ?g { ?s ?p ?o } }",
    "INSERT DATA { <http://example.org/s> <http://example.org/p> 1 }",
    "PREFIX x: <http://example.org/>\n# SELECT\nDELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
    "LOAD <file:///etc/passwd>",
]


def snapshot(store: Path) -> list[str]:
    result = kg("export", "--format", "nquads", "--store", str(store))
    assert result.code == 0, result.err
    return sorted(result.out.splitlines())


@pytest.fixture(scope="module")
def before(built: Built) -> list[str]:
    return snapshot(built.store)


@pytest.mark.parametrize("value", INJECTIONS)
def test_an_injected_parameter_finds_nothing_and_changes_nothing(
    built: Built, before: list[str], value: str
) -> None:
    with Store.open(built.store) as store:
        assert run_named(store, "partners-of", place=value).rows == ()
        found = run_named(store, "partners-of", place="Lào Cai").rows
    assert len(found) == 1  # the same query with the real name still works
    assert snapshot(built.store) == before


@pytest.mark.parametrize("value", INJECTIONS[:2])
def test_an_injected_parameter_through_kg_query(
    built: Built, before: list[str], value: str
) -> None:
    args = ("query", "--name", "partners-of", "--store", str(built.store), "--format", "csv")
    result = kg(*args, "--param", f"place={value}")
    assert result.code == 0, result.err
    assert len(result.out.strip().splitlines()) == 1  # the header only
    found = kg(*args, "--param", "place=Lào Cai")
    assert "Thái Bình" in found.out
    assert snapshot(built.store) == before


@pytest.mark.parametrize("update", UPDATES)
def test_kg_query_is_read_only(built: Built, before: list[str], update: str) -> None:
    result = kg("query", update, "--store", str(built.store))
    assert result.code == 1
    assert result.err.startswith("kg: error: ") and len(result.err.splitlines()) == 1
    assert snapshot(built.store) == before


def test_kg_query_says_how_to_update(built: Built) -> None:
    result = kg("query", "DROP ALL", "--store", str(built.store))
    assert "--update" in result.err


def test_kg_query_update_changes_the_store_only_when_asked(store_copy: Path) -> None:
    insert = (
        "INSERT DATA { GRAPH <http://example.org/g> { <http://example.org/s> rdfs:label 'x' } }"
    )
    result = kg("query", "--update", insert, "--store", str(store_copy))
    assert result.code == 0, result.err
    asked = kg("query", "ASK { <http://example.org/s> rdfs:label 'x' }", "--store", str(store_copy))
    assert asked.out.strip() == "true"
