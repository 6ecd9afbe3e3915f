"""Whatever the text, IRIs are valid and every export parses back to the same graph.

Names, ids, titles, URLs and sentences are drawn at random with spaces, quotes, angle
brackets, emoji, mixed scripts, NUL, controls and bidi marks; the graph of an article made
from them goes through the real store and exporter, and is read back by both Oxigraph and
rdflib. The hostile corpus's own export gets the same round trip.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import networkx as nx
import pyoxigraph as ox
import pytest
import rdflib
from hostile import ARTICLES, PAIRS, Built, kg
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib.term import _is_valid_uri

from kg.export.rdf import export
from kg.model import RELATIONS, Article, Fact, Place
from kg.ns import ID
from kg.store.backend import Store
from kg.store.rdf import article_quads

# rdflib's own TriG, N-Quads and JSON-LD parsers use its deprecated ConjunctiveGraph.
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

FORMATS = {  # ours -> (Oxigraph, rdflib)
    "turtle": (ox.RdfFormat.TURTLE, "turtle"),
    "trig": (ox.RdfFormat.TRIG, "trig"),
    "nt": (ox.RdfFormat.N_TRIPLES, "nt"),
    "nquads": (ox.RdfFormat.N_QUADS, "nquads"),
    "jsonld": (ox.RdfFormat.JSON_LD, "json-ld"),
}
HOSTILE_BITS = [
    " ", '"', "'", "<", ">", "{", "}", "\\", "`", "|", "^", "%", "#", "?", "&", "/", "../",
    ":", "\x00", "\x1b[31m", "\t", "\n", "\r", "\u200f", "\u202e", "\u2028", "\ufeff", "🎉",
    "👩‍👩‍👧", "Lào Cai", "Đắk Lắk", "ສະຫວັນນະເຂດ", "กรุงเทพ", "東京", "서울", "مرحبا", "עברית",
    "<script>alert(1)</script>", '"}] ; DROP ALL ; #', "\\u0022", "@vi", "^^xsd:int",
]  # fmt: skip

texts = st.lists(
    st.one_of(st.sampled_from(HOSTILE_BITS), st.text(min_size=1, max_size=8)), max_size=6
).map("".join)
names = texts.filter(lambda text: text != "")


def _term(term: Any, rdflib_lexical: bool = False) -> tuple[str, ...]:
    """A term as comparable plain values, from Oxigraph or from rdflib.

    rdflib rewrites some typed values in its own canonical form ("...Z" as "+00:00");
    ``rdflib_lexical`` gives an Oxigraph literal in that form too.
    """
    xsd_string = "http://www.w3.org/2001/XMLSchema#string"
    if isinstance(term, ox.NamedNode | rdflib.URIRef):
        return ("iri", str(term.value if isinstance(term, ox.NamedNode) else term))
    if isinstance(term, ox.BlankNode | rdflib.BNode):
        return ("blank",)
    if isinstance(term, ox.Literal):
        datatype = "" if term.language else term.datatype.value
        value = term.value
        if rdflib_lexical and datatype not in ("", xsd_string):
            value = str(rdflib.Literal(value, datatype=rdflib.URIRef(datatype)))
        return ("literal", value, term.language or "", datatype)
    language = term.language or ""
    datatype = "" if language else str(term.datatype or xsd_string)
    return ("literal", str(term), language, datatype)


def _triples(items: Any, rdflib_lexical: bool = False) -> set[tuple[tuple[str, ...], ...]]:
    out = set()
    for item in items:
        if isinstance(item, ox.Quad | ox.Triple):
            terms = (item.subject, item.predicate, item.object)
        else:
            terms = tuple(item[:3])
        out.add(tuple(_term(t, rdflib_lexical) for t in terms))
    return out


def parse_back(data: bytes, fmt: str) -> tuple[set[Any], set[Any]]:
    """The triples of ``data`` as Oxigraph and as rdflib read them."""
    ox_format, rdflib_format = FORMATS[fmt]
    by_oxigraph = _triples(ox.parse(data, format=ox_format))
    graph = rdflib.Dataset() if fmt in ("trig", "nquads") else rdflib.Graph()
    graph.parse(data=data, format=rdflib_format)
    return by_oxigraph, _triples(graph.quads() if fmt in ("trig", "nquads") else graph)


def assert_valid_iris(quads: list[ox.Quad]) -> None:
    for quad in quads:
        for term in (quad.subject, quad.predicate, quad.object, quad.graph_name):
            if isinstance(term, ox.NamedNode):
                assert ox.NamedNode(term.value) == term
                assert _is_valid_uri(term.value), term.value
                assert rdflib.URIRef(term.value).n3() == f"<{term.value}>"


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    with Store.open(tmp_path_factory.mktemp("property") / "store") as store:
        yield store


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    article_id=names,
    title=texts,
    url=texts,
    place_a=names,
    place_b=names,
    name_a=names,
    name_b=names,
    body=texts,
    evidence=names,
    relation=st.sampled_from(RELATIONS),
)
def test_random_text_gives_valid_iris_and_exports_that_parse_back(
    scratch: Store,
    article_id: str,
    title: str,
    url: str,
    place_a: str,
    place_b: str,
    name_a: str,
    name_b: str,
    body: str,
    evidence: str,
    relation: str,
) -> None:
    ids = {"a": f"la/{place_a}", "b": f"vn/{place_b}"}
    places = {
        ids["a"]: Place(ids["a"], name_a, "foreign_district", "LA", parent="la", aliases=(body,)),
        ids["b"]: Place(ids["b"], name_b, "province", "VN", parent="vn"),
        "la": Place("la", "Lào", "country", "LA"),
        "vn": Place("vn", "Việt Nam", "country", "VN"),
    }
    a, b = sorted(ids.values())
    article = Article(article_id, evidence, f"corpus/{title}", "sha256:x", title or None,
                      date(2024, 3, 5), url or None)  # fmt: skip
    fact = Fact(article_id, a, b, relation, evidence, 0, len(evidence), "rules", 0.9,
                date="2024-03-05", period="2023-2025", a_body=body or None,
                a_body_kind="peoples_committee", b_body=f"UBND {name_b}",
                b_body_kind="peoples_committee", a_label=name_a + body)  # fmt: skip
    quads = article_quads(article, [fact], places, "test")
    assert_valid_iris(quads)
    scratch.replace_article(article, quads)
    try:
        expected, as_rdflib = _triples(quads), _triples(quads, rdflib_lexical=True)
        for fmt in FORMATS:
            by_oxigraph, by_rdflib = parse_back(export(scratch, fmt), fmt)
            assert by_oxigraph == expected, fmt
            assert by_rdflib == as_rdflib, fmt
    finally:
        scratch.remove_article(article_id)


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_the_hostile_corpus_exports_parse_back(built: Built, fmt: str) -> None:
    result = kg("export", "--format", fmt, "--store", str(built.store))
    assert result.code == 0, result.err
    data = result.out.encode("utf-8")
    by_oxigraph, by_rdflib = parse_back(data, fmt)
    reference = kg("export", "--format", "nquads", "--store", str(built.store)).out
    expected = ox.parse(reference.encode("utf-8"), format=ox.RdfFormat.N_QUADS)
    assert by_oxigraph == _triples(expected)
    assert by_rdflib == _triples(
        ox.parse(reference.encode("utf-8"), format=ox.RdfFormat.N_QUADS), rdflib_lexical=True
    )
    titles = {
        o[1]
        for s, p, o in by_oxigraph
        if s[1].startswith(f"{ID}article/") and p[1] == "http://purl.org/dc/terms/title"
    }
    assert len(titles) == ARTICLES
    assert "Lào Cai <script>pwned=1</script>" in " ".join(titles)
    assert "Bắc Giang \ufffd ký với Lạng Sơn" in titles  # a lone surrogate, repaired
    ids = {t[2][1] for t in by_oxigraph if t[1][1].endswith("#articleId")}
    assert "/etc/CON\ufffd.txt" in ids and "../../../kg-escape-probe" in ids  # NUL made inert


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_network_exports_are_well_formed_xml(built: Built, tmp_path: Path, fmt: str) -> None:
    """XML 1.0 cannot hold most control characters even escaped: none reach the file."""
    out = tmp_path / f"network.{fmt}"
    result = kg("export-network", "--format", fmt, "--store", str(built.store), "-o", str(out))
    assert result.code == 0, result.err
    graph = (nx.read_graphml if fmt == "graphml" else nx.read_gexf)(out)
    assert graph.number_of_edges() == len(PAIRS)
    evidence = " ".join(str(e) for *_, e in graph.edges(data="evidence", default=""))
    assert "<script>pwned=7</script>" in evidence


def test_rdf_xml_query_results_are_well_formed(built: Built) -> None:
    pattern = "?a dcterms:title ?t ; kg:articleId ?id"
    query = f"CONSTRUCT {{ {pattern} }} WHERE {{ {pattern} }}"
    result = kg("query", query, "--format", "rdfxml", "--store", str(built.store))
    assert result.code == 0, result.err
    graph = rdflib.Graph().parse(data=result.out, format="xml")
    assert len(graph) == 2 * ARTICLES
