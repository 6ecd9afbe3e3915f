"""A store built from the five seed articles, shared by the ontology tests (built once)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib

from kg.ns import PREFIXES
from kg.pipeline import build
from kg.query import parse_named_query
from kg.store.backend import Store
from kg.store.sparql import bind_values
from kg.validate import store_graph

SEEDS = Path(__file__).parents[2] / "seeds"
QUERIES = Path(__file__).parents[2] / "kg" / "queries"


@pytest.fixture(scope="session")
def seed_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    with Store.open(tmp_path_factory.mktemp("seeds") / "kg") as store:
        report = build([SEEDS], store)
        assert report.stored == 5 and not report.failed
        yield store


@pytest.fixture(scope="session")
def seed_graph(seed_store: Store) -> rdflib.Graph:
    return store_graph(seed_store)


NamedQuery = Callable[..., list[dict[str, str]]]


@pytest.fixture(scope="session")
def named_query(seed_store: Store) -> NamedQuery:
    """``named_query(NAME, **params)``: rows of kg/queries/NAME.rq over the seed build."""
    return partial(run_named_query, seed_store)


def run_named_query(store: Store, name: str, **params: str) -> list[dict[str, str]]:
    """Run kg/queries/NAME.rq with each parameter bound as its header declares (a plain or
    an @vi literal), by VALUES blocks in every group that uses it, as the runner does
    (Oxigraph's own substitutions do not reach into subqueries)."""
    text = (QUERIES / f"{name}.rq").read_text(encoding="utf-8")
    text = bind_values(text, parse_named_query(text, name).bindings(params))
    results = store._db.query(  # the raw store: the runner's result handling is not tested here
        text, prefixes=PREFIXES, use_default_graph_as_union=True
    )
    assert isinstance(results, ox.QuerySolutions)
    names = [v.value for v in results.variables]
    return [{n: (s[n].value if s[n] is not None else "") for n in names} for s in results]
