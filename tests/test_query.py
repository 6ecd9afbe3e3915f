"""kg/query.py: SELECT, ASK and CONSTRUCT answers in table, csv and json."""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from collections.abc import Callable

import pyoxigraph as ox
import pytest
import rdflib

from kg.errors import FormatError, QueryError
from kg.model import Article, Fact, Place
from kg.query import (
    FORMATS,
    QueryOutput,
    format_results,
    named_queries,
    named_query,
    parse_named_query,
    run_named,
    run_query,
    to_dataframe,
)
from kg.store.backend import Store
from kg.store.base import lexical
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


def test_construct_as_json_ld_speaks_the_project_context(filled_store: Store) -> None:
    query = (
        "CONSTRUCT { ?a kg:cooperatesWith ?b ; rdfs:label ?l } "
        "WHERE { ?a kg:cooperatesWith ?b ; rdfs:label ?l }"
    )
    for fmt in ("json", "jsonld"):
        document = json.loads(format_results(run_query(filled_store, query), fmt))
        nodes = {node["@id"]: node for node in document["@graph"]}
        assert nodes["id:place/vn/lao-cai"]["cooperatesWith"] == "id:place/la/bolikhamxai/pakxan"
        assert nodes["id:place/vn/lao-cai"]["label"] == {"vi": "Lào Cai"}


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


# ---------------------------------------------------------------------------- named queries

EXAMPLES = {
    "place": "Lào Cai", "a": "Lào Cai", "b": "Pạc Xăn", "article": "001_lao-cai",
    "locality": "Lào Cai", "province": "Lào Cai",
}  # fmt: skip


def test_the_issue_asks_for_these_named_queries() -> None:
    asked = {"partners-of", "pair-timeline", "active-localities", "foreign-partners",
             "article-facts", "bodies-of", "inherited-partnerships"}  # fmt: skip
    assert asked <= set(named_queries())


@pytest.mark.parametrize("name", sorted(named_queries()))
def test_every_named_query_is_documented_and_runs(filled_store: Store, name: str) -> None:
    query = named_queries()[name]
    assert query.source == f"kg/queries/{name}.rq" and query.description
    body = query.text.split("\n", 1)[1]
    for param in query.params:
        assert param.description and f"?{param.name}" in body
        assert param.name in EXAMPLES, "add an example value to EXAMPLES"
    run_named(filled_store, name, **{p.name: EXAMPLES[p.name] for p in query.params})


def rows(output: QueryOutput) -> list[dict[str, str | None]]:
    return [
        {name: lexical(term) for name, term in zip(output.variables, row, strict=True)}
        for row in output.rows
    ]


def test_partners_of(filled_store: Store) -> None:
    (row,) = rows(run_named(filled_store, "partners-of", place="Lào Cai"))
    assert row == row | {
        "place_id": "vn/lao-cai", "partner": "Pạc Xăn", "partner_id": "la/bolikhamxai/pakxan",
        "country": "LA", "relation": "signed_mou", "date": "2024-03-05", "year": "2024",
        "article": "001_lao-cai", "source": "seeds/001_lao-cai.txt",
    }  # fmt: skip


def test_partners_of_knows_other_spellings_and_nfd_input(filled_store: Store) -> None:
    expected = run_named(filled_store, "partners-of", place="Lào Cai").rows
    assert run_named(filled_store, "partners-of", place="Lao Cai").rows == expected
    nfd = unicodedata.normalize("NFD", "Lào Cai")
    assert run_named(filled_store, "partners-of", place=nfd).rows == expected


def test_pair_timeline_either_way_round(filled_store: Store) -> None:
    one = rows(run_named(filled_store, "pair-timeline", a="Lào Cai", b="Pạc Xăn"))
    other = rows(run_named(filled_store, "pair-timeline", a="Pạc Xăn", b="Lào Cai"))
    assert [r["evidence"] for r in one] == [r["evidence"] for r in other]
    assert one[0]["period"] == "2023-2025" and one[0]["relation"] == "signed_mou"
    assert rows(run_named(filled_store, "pair-timeline", a="Lào Cai", b="Hà Nội")) == []


def test_article_facts_with_their_bodies(filled_store: Store) -> None:
    (row,) = rows(run_named(filled_store, "article-facts", article="001_lao-cai"))
    assert {row["a"], row["b"]} == {"Lào Cai", "Pạc Xăn"}
    assert {row["a_body"], row["b_body"]} == {"UBND tỉnh Lào Cai", "Chính quyền huyện Pạc Xăn"}


def test_active_localities(filled_store: Store) -> None:
    found = rows(run_named(filled_store, "active-localities"))
    assert [(r["year"], r["place_id"], r["events"]) for r in found] == [
        ("2024", "vn/lao-cai", "1"), ("2024", "la/bolikhamxai/pakxan", "1"),  # by name: Lào, Pạc
        ("2023", "la/bolikhamxai", "1"), ("2023", "vn/ha-noi", "1"),
    ]  # fmt: skip


def test_foreign_partners(filled_store: Store) -> None:
    found = rows(run_named(filled_store, "foreign-partners"))
    keys = ("country", "locality", "events", "vietnamese_partners")
    assert [tuple(r[k] for k in keys) for r in found] == [
        ("Lào", "Bolikhamxai", "1", "1"), ("Lào", "Pạc Xăn", "1", "1"),
    ]  # fmt: skip


def test_parameters_are_checked(filled_store: Store) -> None:
    with pytest.raises(QueryError, match="needs --param place=VALUE"):
        run_named(filled_store, "partners-of")
    with pytest.raises(QueryError, match="no parameter town"):
        run_named(filled_store, "partners-of", place="Lào Cai", town="x")
    with pytest.raises(QueryError, match="did you mean partners-of"):
        named_query("partner-of")


def test_the_header_format() -> None:
    query = parse_named_query(
        "# name: x\n# description: d\n# param: place@vi — a place\n"
        "# param: year^^xsd:gYear - a year\n# param: id: an id\n#\n# free text\n"
        "SELECT * WHERE { ?s ?p ?place, ?year, ?id }"
    )
    place, year, ident = query.params
    assert (place.name, place.language, place.description) == ("place", "vi", "a place")
    assert year.datatype == "http://www.w3.org/2001/XMLSchema#gYear" and year.kind == "xsd:gYear"
    assert (ident.name, ident.description, ident.kind) == ("id", "an id", "text")
    assert year.term("2024") == ox.Literal("2024", datatype=ox.NamedNode(year.datatype))
    with pytest.raises(QueryError, match="whole number"):
        year.term("last year")


def test_a_dataframe_for_notebooks(filled_store: Store) -> None:
    pytest.importorskip("pandas")
    frame = to_dataframe(run_named(filled_store, "partners-of", place="Lào Cai"))
    assert list(frame["partner"]) == ["Pạc Xăn"] and frame["year"].iloc[0] == 2024


def test_tsv_and_xml_results(filled_store: Store) -> None:
    output = run_query(filled_store, PARTNERS)
    assert format_results(output, "tsv") == '?partner\t?date\n"Pạc Xăn"@vi\t"2024-03-05"^^<' + (
        "http://www.w3.org/2001/XMLSchema#date>\n"
    )
    parsed = ox.parse_query_results(format_results(output, "xml"), format=ox.QueryResultsFormat.XML)
    assert [list(s) for s in parsed] == [list(r) for r in output.rows]
