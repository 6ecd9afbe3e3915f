"""SHACL: the seed build conforms to ontology/shapes.ttl, and broken graphs are caught."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import rdflib
from click.testing import CliRunner
from rdflib import RDF, Literal, URIRef
from rdflib.namespace import PROV, XSD

from kg.cli import main
from kg.model import Article, Fact, Place
from kg.ns import KG
from kg.store.backend import Store
from kg.store.rdf import article_quads
from kg.validate import validate_graph


def test_the_seed_build_conforms(seed_graph: rdflib.Graph) -> None:
    report = validate_graph(seed_graph)
    assert report.conforms, report.text()
    assert report.findings == ()


@pytest.fixture
def good(
    article: Article, places: dict[str, Place], make_mou: Callable[..., Fact],
    make_talks: Callable[..., Fact],
) -> rdflib.Graph:  # fmt: skip
    import pyoxigraph as ox

    quads = article_quads(article, [make_mou(), make_talks()], places, "v")
    data = ox.serialize([q.triple for q in quads], format=ox.RdfFormat.N_TRIPLES) or b""
    return rdflib.Graph().parse(data=data.decode(), format="nt")


def test_a_hand_made_article_conforms(good: rdflib.Graph) -> None:
    assert validate_graph(good).conforms


def _event(g: rdflib.Graph) -> URIRef:
    return next(iter(g.subjects(RDF.type, KG.MemorandumSigning)))  # type: ignore[arg-type]


def _attestation(g: rdflib.Graph) -> URIRef:
    return g.value(_event(g), PROV.qualifiedDerivation)  # type: ignore[return-value]


def one_party(g: rdflib.Graph) -> None:
    event = _event(g)
    g.remove((event, KG.party, next(iter(g.objects(event, KG.party)))))


def impossible_date(g: rdflib.Graph) -> None:
    event = _event(g)
    g.set((event, KG.date, Literal("2024-02-30", datatype=XSD.date)))


def year_as_text(g: rdflib.Graph) -> None:
    g.set((_event(g), KG.year, Literal("năm 2024")))


def body_without_locality(g: rdflib.Graph) -> None:
    body = next(iter(g.subjects(RDF.type, KG.Body)))
    g.remove((body, KG.actsFor, None))


def body_for_two_localities(g: rdflib.Graph) -> None:
    body = next(iter(g.subjects(RDF.type, KG.PeoplesCommittee)))
    g.add((body, KG.actsFor, next(iter(g.subjects(RDF.type, KG.Country)))))


def one_way_shortcut(g: rdflib.Graph) -> None:
    a, b = next(iter(g.subject_objects(KG.signedMoUWith)))
    g.remove((b, KG.signedMoUWith, a))


def confidence_above_one(g: rdflib.Graph) -> None:
    g.set((_attestation(g), KG.confidence, Literal("1.5", datatype=XSD.decimal)))


def span_backwards(g: rdflib.Graph) -> None:
    g.set((_attestation(g), KG.charStart, Literal(500)))


def period_backwards(g: rdflib.Graph) -> None:
    g.set((_event(g), KG.periodEnd, Literal("2020", datatype=XSD.gYear)))


def no_source(g: rdflib.Graph) -> None:
    g.remove((_event(g), PROV.wasDerivedFrom, None))


def unknown_relation(g: rdflib.Graph) -> None:
    g.set((_event(g), KG.relation, Literal("married")))


def succession_loop(g: rdflib.Graph) -> None:
    lao_cai = next(iter(g.subjects(KG.succeededBy, None)))
    g.add((g.value(lao_cai, KG.succeededBy), KG.succeededBy, lao_cai))


@pytest.mark.parametrize(
    ("breakage", "message"),
    [
        (one_party, "at least two parties"),
        (impossible_date, "valid xsd:date"),
        (year_as_text, "xsd:gYear"),
        (body_without_locality, "exactly one locality"),
        (body_for_two_localities, "exactly one locality"),
        (one_way_shortcut, "symmetric"),
        (confidence_above_one, "from 0 to 1"),
        (span_backwards, "before kg:charEnd"),
        (period_backwards, "does not end before it starts"),
        (no_source, "derived from at least one kg:Article"),
        (unknown_relation, "five relation codes"),
        (succession_loop, "loop back"),
    ],
)
def test_a_broken_graph_is_caught(
    good: rdflib.Graph, breakage: Callable[[rdflib.Graph], None], message: str
) -> None:
    breakage(good)
    report = validate_graph(good)
    assert not report.conforms
    assert any(message in f.message for f in report.violations), report.text()
    assert message in report.text()


def test_kg_validate_command(store: Store, tmp_path: Path, good: rdflib.Graph) -> None:
    runner = CliRunner()
    empty = runner.invoke(main, ["validate", "--store", str(tmp_path / "empty")])
    assert empty.exit_code == 0 and "conforms" in empty.output
    store_dir = str(store.path)
    store.close()
    ok = runner.invoke(main, ["validate", "--store", store_dir, "--format", "turtle"])
    assert ok.exit_code == 0 and "sh:conforms true" in ok.output


def test_kg_validate_reports_violations(tmp_path: Path, good: rdflib.Graph) -> None:
    one_party(good)
    path = tmp_path / "kg"
    with Store.open(path) as store:
        store._db.load(  # write a broken graph past article_quads, as another tool might
            good.serialize(format="nt", encoding="utf-8"),
            format=__import__("pyoxigraph").RdfFormat.N_TRIPLES,
        )
    result = CliRunner().invoke(main, ["validate", "--store", str(path)])
    assert result.exit_code == 1
    assert "does NOT conform" in result.output
    assert "VIOLATION: An agreement or meeting has at least two parties" in result.output
