"""kg/query.py: SELECT, ASK and CONSTRUCT answers in table, csv and json."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable

import pytest
import rdflib

from kg.errors import FormatError, QueryError
from kg.model import Article, Fact, Place
from kg.query import FORMATS, format_results, run_query
from kg.store.backend import Store
from kg.store.rdf import article_quads
from kg.terminal import neutralise

PARTNERS = """
SELECT ?partner ?date WHERE {
  ?event a kg:MemorandumSigning ; kg:party ?lao_cai, ?other ; kg:date ?date .
  ?lao_cai kg:placeId "vn/lao-cai" .
  ?other rdfs:label ?partner .
  FILTER(?other != ?lao_cai)
}"""


def test_select_table(filled_store: Store) -> None:
    text = format_results(run_query(filled_store, PARTNERS), "table")
    lines = text.splitlines()
    assert lines[0].split() == ["partner", "date"]
    assert set(lines[1]) <= {"-", " "}
    assert lines[2].split() == ["Pạc", "Xăn", "2024-03-05"]
    assert lines[2].index("2024") == lines[0].index("date")  # aligned
    assert lines[-1] == "(1 row)"


def test_select_table_shortens_iris(filled_store: Store) -> None:
    text = format_results(
        run_query(filled_store, "SELECT ?t WHERE { ?e a kg:Talks ; a ?t }"), "table"
    )
    assert "kg:Talks" in text and "kg:PartnershipEvent" in text


def test_select_csv(filled_store: Store) -> None:
    text = format_results(run_query(filled_store, PARTNERS), "csv")
    assert text.endswith("\r\n")
    assert list(csv.reader(io.StringIO(text))) == [["partner", "date"], ["Pạc Xăn", "2024-03-05"]]


def test_select_json_is_sparql_results(filled_store: Store) -> None:
    document = json.loads(format_results(run_query(filled_store, PARTNERS), "json"))
    assert document["head"]["vars"] == ["partner", "date"]
    (binding,) = document["results"]["bindings"]
    assert binding["partner"] == {"type": "literal", "value": "Pạc Xăn", "xml:lang": "vi"}
    assert binding["date"] == {
        "type": "literal",
        "value": "2024-03-05",
        "datatype": "http://www.w3.org/2001/XMLSchema#date",
    }


def test_unbound_values(filled_store: Store) -> None:
    query = "SELECT ?e ?d WHERE { ?e a kg:Talks OPTIONAL { ?e kg:date ?d } }"
    output = run_query(filled_store, query)
    assert "d" not in json.loads(format_results(output, "json"))["results"]["bindings"][0]
    assert list(csv.reader(io.StringIO(format_results(output, "csv"))))[1][1] == ""


@pytest.mark.parametrize("fmt", FORMATS)
def test_ask(filled_store: Store, fmt: str) -> None:
    no = format_results(run_query(filled_store, "ASK { ?e a kg:Twinning }"), fmt)
    assert "false" in no and "true" not in no
    yes = format_results(run_query(filled_store, "ASK { ?e a kg:Talks }"), fmt)
    assert "true" in yes and "false" not in yes


# rdflib's JSON-LD parser calls its own deprecated API.
@pytest.mark.filterwarnings("ignore:.* is deprecated, use:DeprecationWarning")
@pytest.mark.parametrize(
    ("fmt", "parser"), [("table", "turtle"), ("csv", "nt"), ("json", "json-ld")]
)
def test_construct(filled_store: Store, fmt: str, parser: str) -> None:
    query = "CONSTRUCT { ?a kg:cooperatesWith ?b } WHERE { ?a kg:cooperatesWith ?b }"
    text = format_results(run_query(filled_store, query), fmt)
    assert len(rdflib.Graph().parse(data=text, format=parser)) == 4


def test_table_neutralises_control_characters(
    store: Store, article: Article, places: dict[str, Place], make_mou: Callable[..., Fact]
) -> None:
    evil = "ký kết\x1b[2J\x1b]0;pwned\x07\r\u202eoverride\u0085"
    store.replace_article(article, article_quads(article, [make_mou(evidence=evil)], places, "v"))
    select = run_query(store, "SELECT ?e WHERE { ?x kg:evidence ?e }")
    construct = run_query(store, "CONSTRUCT WHERE { ?x kg:evidence ?e }")
    for text in (format_results(select, "table"), format_results(construct, "table")):
        assert not any(c in text for c in "\x1b\x07\r\u202e\u0085"), repr(text)
        assert "\\x1b[2J" in text or "\\u001B[2J" in text
    # Programs get the data unchanged.
    value = json.loads(format_results(select, "json"))["results"]["bindings"][0]["e"]["value"]
    assert value == evil


def test_neutralise_keeps_vietnamese() -> None:
    assert neutralise("Thừa Thiên Huế\tĐắk Lắk", keep="\t") == "Thừa Thiên Huế\tĐắk Lắk"
    assert neutralise("a\nb") == "a\\nb"


def test_long_cells_are_cut_in_tables(
    store: Store, article: Article, places: dict[str, Place], make_mou: Callable[..., Fact]
) -> None:
    long = "hợp tác " * 50
    store.replace_article(article, article_quads(article, [make_mou(evidence=long)], places, "v"))
    text = format_results(run_query(store, "SELECT ?e WHERE { ?x kg:evidence ?e }"), "table")
    assert max(len(line) for line in text.splitlines()) <= 80
    assert "…" in text


def test_unknown_format(filled_store: Store) -> None:
    with pytest.raises(FormatError, match="table, csv, tsv, json, xml"):
        format_results(run_query(filled_store, PARTNERS), "yaml")


def test_an_rdf_format_is_for_graphs_only(filled_store: Store) -> None:
    with pytest.raises(FormatError, match="CONSTRUCT and DESCRIBE"):
        format_results(run_query(filled_store, PARTNERS), "turtle")


def test_syntax_error(filled_store: Store) -> None:
    with pytest.raises(QueryError, match="line 1, column"):
        run_query(filled_store, "SELEKT * WHERE { ?s ?p ?o }")
