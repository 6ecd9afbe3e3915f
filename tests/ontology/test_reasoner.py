"""The ontology, alone and with the seed build, is consistent for the HermiT OWL reasoner.

HermiT comes with owlready2 (a test-only dependency) and runs on Java. It supports only the
datatypes of the OWL 2 datatype map, so xsd:date, xsd:gYear and xsd:gYearMonth ranges are
ignored (``--ignoreUnsupportedDatatypes``); SHACL checks those values instead.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import rdflib
from rdflib import RDF, URIRef

from kg.ns import FIELDS_PATH, ID, KG, ONTOLOGY_PATH

owlready2 = pytest.importorskip("owlready2", reason="owlready2 (test extra) ships HermiT")
pytestmark = pytest.mark.skipif(
    shutil.which("java") is None, reason="HermiT needs Java (apt-get install default-jre-headless)"
)


def consistent(graph: rdflib.Graph, tmp_path: Path) -> bool:
    """Load ``graph`` into a fresh owlready2 world and ask HermiT whether it is consistent."""
    path = tmp_path / f"graph-{len(list(tmp_path.iterdir()))}.nt"
    graph.serialize(path, format="nt", encoding="utf-8")
    world = owlready2.World()
    onto = world.get_ontology(path.as_uri()).load(format="ntriples")
    try:
        with onto:
            owlready2.sync_reasoner_hermit(
                world, infer_property_values=False, debug=0, ignore_unsupported_datatypes=True
            )
    except owlready2.OwlReadyInconsistentOntologyError:
        return False
    finally:
        world.close()
    return True


@pytest.fixture(scope="module")
def ontology() -> rdflib.Graph:
    graph = rdflib.Graph().parse(ONTOLOGY_PATH, format="turtle")
    return graph.parse(FIELDS_PATH, format="turtle")


def test_the_ontology_is_consistent(ontology: rdflib.Graph, tmp_path: Path) -> None:
    assert consistent(ontology, tmp_path)


def test_the_ontology_with_the_seed_build_is_consistent(
    ontology: rdflib.Graph, seed_graph: rdflib.Graph, tmp_path: Path
) -> None:
    assert len(seed_graph) > 300
    assert consistent(ontology + seed_graph, tmp_path)


def test_an_inconsistent_graph_is_caught(
    ontology: rdflib.Graph, seed_graph: rdflib.Graph, tmp_path: Path
) -> None:
    # Thái Bình cannot be both a province and a people's committee (disjoint classes) ...
    thai_binh = URIRef(ID + "place/vn/thai-binh")
    assert (thai_binh, RDF.type, KG.Province) in seed_graph
    broken = ontology + seed_graph
    broken.add((thai_binh, RDF.type, KG.PeoplesCommittee))
    assert not consistent(broken, tmp_path)
    # ... nor can it be a province and a rural district at once.
    broken = ontology + seed_graph
    broken.add((thai_binh, RDF.type, KG.RuralDistrict))
    assert not consistent(broken, tmp_path)
