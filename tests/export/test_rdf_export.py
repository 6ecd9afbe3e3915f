"""Every RDF export is read back by another engine than the one that wrote it."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib

from kg.errors import FormatError
from kg.export.rdf import EXPORTERS, export
from kg.store.backend import Store

# rdflib's own JSON-LD and dataset plugins call its deprecated API; not our concern here.
pytestmark = pytest.mark.filterwarnings("ignore:.* is deprecated, use:DeprecationWarning")

# format name -> (rdflib parser name, pyoxigraph format, keeps named graphs)
FORMATS = {
    "turtle": ("turtle", ox.RdfFormat.TURTLE, False),
    "trig": ("trig", ox.RdfFormat.TRIG, True),
    "nt": ("nt", ox.RdfFormat.N_TRIPLES, False),
    "nquads": ("nquads", ox.RdfFormat.N_QUADS, True),
    "jsonld": ("json-ld", ox.RdfFormat.JSON_LD, False),
}


def expected_size(store: Store, keeps_graphs: bool) -> int:
    pattern = "GRAPH ?g { ?s ?p ?o }" if keeps_graphs else "SELECT DISTINCT * { ?s ?p ?o }"
    query = f"SELECT (COUNT(*) AS ?n) WHERE {{ {pattern} }}"
    value = store.query(query).rows[0][0]
    assert isinstance(value, ox.Literal)
    return int(value.value)


def test_exporters_cover_the_formats() -> None:
    assert set(EXPORTERS) == set(FORMATS)


def read_with_rdflib(data: bytes, fmt: str) -> rdflib.Graph | rdflib.Dataset:
    rdflib_name, _, keeps_graphs = FORMATS[fmt]
    holder = rdflib.Dataset() if keeps_graphs else rdflib.Graph()
    holder.parse(data=data, format=rdflib_name)
    return holder


def rdflib_size(holder: rdflib.Graph | rdflib.Dataset) -> int:
    if isinstance(holder, rdflib.Dataset):
        return sum(1 for *_, g in holder.quads() if g is not None)
    return len(holder)


@pytest.mark.parametrize("fmt", FORMATS)
def test_written_by_oxigraph_read_by_rdflib(filled_store: Store, fmt: str) -> None:
    holder = read_with_rdflib(export(filled_store, fmt), fmt)
    assert rdflib_size(holder) == expected_size(filled_store, FORMATS[fmt][2])
    if isinstance(holder, rdflib.Dataset):
        assert len({g for *_, g in holder.quads() if g is not None}) == 2


@pytest.mark.parametrize("fmt", FORMATS)
def test_written_by_rdflib_read_by_oxigraph(filled_store: Store, fmt: str) -> None:
    rdflib_name, ox_format, keeps_graphs = FORMATS[fmt]
    holder = read_with_rdflib(export(filled_store, fmt), fmt)
    rewritten = holder.serialize(format=rdflib_name, encoding="utf-8")
    items = list(ox.parse(rewritten, format=ox_format))
    size = len(items) if keeps_graphs else len({q.triple for q in items})
    assert size == expected_size(filled_store, keeps_graphs)


def test_turtle_uses_prefixes_and_is_deterministic(filled_store: Store) -> None:
    data = export(filled_store, "turtle")
    assert b"@prefix kg: <https://w3id.org/vnpkg/ontology#>" in data
    assert b"kg:MemorandumSigning" in data
    assert b"@prefix id:" not in data  # data IRIs in full: see ns.SERIALIZATION_PREFIXES
    assert data == export(filled_store, "turtle")


def test_export_to_a_file_is_atomic(filled_store: Store, tmp_path: Path) -> None:
    target = tmp_path / "out" / "kg.trig"
    data = export(filled_store, "trig", target)
    assert target.read_bytes() == data
    export(filled_store, "trig", target)  # overwrite
    assert [p.name for p in target.parent.iterdir()] == ["kg.trig"]  # no temp file left


def test_unknown_format_lists_the_known_ones(filled_store: Store, tmp_path: Path) -> None:
    with pytest.raises(FormatError, match="turtle, trig, nt, nquads, jsonld"):
        export(filled_store, "rdfxml", tmp_path / "x")
    assert not (tmp_path / "x").exists()
