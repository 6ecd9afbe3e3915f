"""The notebook API (kg.api, re-exported from kg): what a notebook user sees."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest
import rdflib

import kg
from kg.api import KnowledgeGraph, NetworkView
from kg.errors import InputError, MissingExtraError, QueryError
from kg.export.facts import COLUMNS

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
DEV = ROOT / "tests" / "data" / "dev"


@pytest.fixture(scope="module")
def graph(tmp_path_factory: pytest.TempPathFactory) -> Iterator[KnowledgeGraph]:
    with kg.open(tmp_path_factory.mktemp("api") / "kg-store") as opened:
        opened.build(SEEDS, progress=False)
        yield opened


def test_import_kg_stays_light() -> None:
    code = "import sys, kg; print('kg.api' in sys.modules, 'pandas' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.stdout.split() == ["False", "False"]


def test_the_api_is_reexported_from_kg() -> None:
    assert kg.open is kg.api.open
    assert kg.KnowledgeGraph is KnowledgeGraph
    assert {"open", "KnowledgeGraph", "rank", "view", "score_extraction"} <= set(dir(kg))
    assert all(getattr(kg, name) is getattr(kg.api, name) for name in kg.api.__all__)
    with pytest.raises(AttributeError, match="no attribute 'nothing'"):
        kg.nothing  # noqa: B018


def test_build_reports_and_skips_unchanged_articles(graph: KnowledgeGraph) -> None:
    again = graph.build(SEEDS, progress=False)
    assert (again.read, again.unchanged, again.stored) == (5, 5, 0)


def test_build_shows_a_progress_bar(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with kg.open(tmp_path / "kg-store") as fresh:
        report = fresh.build(SEEDS / "001_18231fda04807153.txt")
    err = capsys.readouterr().err
    assert report.stored == 1
    assert "100%" in err and f"facts={report.facts}" in err


def test_a_missing_folder_is_an_input_error(graph: KnowledgeGraph, tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file or folder"):
        graph.build(tmp_path / "nowhere", progress=False)


def test_the_store_shows_a_readable_summary(graph: KnowledgeGraph) -> None:
    stats = graph.stats()
    assert repr(graph) == (
        f"KnowledgeGraph({str(graph.path)!r}): 5 articles, {stats['events']} facts, "
        f"{stats['localities']} localities"
    )
    html = graph._repr_html_()
    assert "<caption>KnowledgeGraph</caption>" in html
    assert "<th style='text-align:left'>articles</th><td style='text-align:right'>5</td>" in html
    assert "signed_mou" in html


def test_a_closed_store_says_so(tmp_path: Path) -> None:
    opened = kg.open(tmp_path / "kg-store")
    opened.close()
    assert repr(opened).endswith(": closed")
    assert "(closed)" in opened._repr_html_()


def test_facts_carry_their_evidence(graph: KnowledgeGraph) -> None:
    facts = graph.facts()
    mou = facts[(facts["relation"] == "signed_mou") & (facts["year"] == 2018)]
    assert {frozenset(pair) for pair in zip(mou["a_label"], mou["b_label"], strict=True)} == {
        frozenset({"Lào Cai", "Thái Bình"})
    }
    assert "ký kết Biên bản ghi nhớ" in mou["evidence"].iloc[0]
    assert str(facts["year"].dtype) == "Int64"


def test_select_gives_a_dataframe(graph: KnowledgeGraph) -> None:
    frame = graph.query(
        'SELECT ?name WHERE { ?lc rdfs:label "Lào Cai"@vi ; a kg:Province . '
        "?partner kg:signedMoUWith ?lc ; rdfs:label ?name . }"
    )
    assert isinstance(frame, pd.DataFrame)
    assert frame["name"].tolist() == ["Thái Bình"]


def test_counts_are_numbers_and_ask_is_a_bool(graph: KnowledgeGraph) -> None:
    frame = graph.query(
        "SELECT ?year (COUNT(?e) AS ?n) WHERE { ?e a kg:PartnershipEvent "
        "OPTIONAL { ?e kg:year ?year } } GROUP BY ?year"
    )
    assert str(frame["n"].dtype) == "Int64" and str(frame["year"].dtype) == "Int64"
    assert graph.query('ASK { ?e kg:relation "twinned" }') is True


def test_construct_gives_triples(graph: KnowledgeGraph) -> None:
    frame = graph.query("CONSTRUCT { ?a kg:signedMoUWith ?b } WHERE { ?a kg:signedMoUWith ?b }")
    assert list(frame.columns) == ["subject", "predicate", "object"]
    assert len(frame) > 0


def test_a_bad_query_says_where(graph: KnowledgeGraph) -> None:
    with pytest.raises(QueryError, match="SPARQL syntax error"):
        graph.query("SELECT WHERE {")


def test_named_queries_run_with_their_parameters(graph: KnowledgeGraph) -> None:
    listed = graph.named_queries()
    assert "inherited-partnerships" in listed["name"].tolist()
    params = dict(zip(listed["name"], listed["params"], strict=True))
    assert params["inherited-partnerships"] == "province"
    inherited = graph.named_query("inherited-partnerships", province="Hưng Yên")
    assert "Lào Cai" in set(inherited["partner"])  # Thái Bình's partner passes to Hưng Yên
    with pytest.raises(QueryError, match="needs --param province="):
        graph.named_query("inherited-partnerships")
    with pytest.raises(QueryError, match="no named query 'nope'"):
        graph.named_query("nope")


def test_named_query_parameters_are_values_not_query_text(graph: KnowledgeGraph) -> None:
    before = graph.stats()["quads"]
    hostile = 'Lào Cai"@vi } } ; DROP ALL ; SELECT * WHERE { { ?x ?y "'
    assert graph.named_query("partners-of", place=hostile).empty
    assert graph.stats()["quads"] == before
    assert not graph.named_query("partners-of", place="Lào Cai").empty


def test_network_levels_roll_districts_up(graph: KnowledgeGraph) -> None:
    reported = graph.network()
    labels = {reported.nodes[n]["label"] for n in reported}
    assert "Pạc Xăn" in labels
    province = graph.network("province")
    assert "Pạc Xăn" not in {province.nodes[n]["label"] for n in province}


def test_rank_is_best_first_with_one_column_per_measure(graph: KnowledgeGraph) -> None:
    table = graph.rank(["degree", "pagerank"], top=3)
    assert list(table.columns) == ["id", "label", "country", "degree", "pagerank"]
    assert table.index.tolist() == [1, 2, 3]
    assert table["degree"].is_monotonic_decreasing


def test_the_view_shows_inline_and_saves(graph: KnowledgeGraph, tmp_path: Path) -> None:
    shown = graph.view("pagerank", path=tmp_path / "network.html", height=400)
    assert isinstance(shown, NetworkView)
    assert (tmp_path / "network.html").read_text(encoding="utf-8") == shown.html
    inline = shown._repr_html_()
    assert inline.startswith('<iframe srcdoc="') and "height: 400px" in inline
    assert "<script" not in inline  # the page is escaped into the attribute
    assert "Lào Cai" in inline
    assert shown.save(tmp_path / "copy.html").read_text(encoding="utf-8") == shown.html


def test_exports_for_rdf_tools_and_gephi(graph: KnowledgeGraph, tmp_path: Path) -> None:
    graph.export("turtle", tmp_path / "kg.ttl")
    assert len(rdflib.Graph().parse(tmp_path / "kg.ttl", format="turtle")) > 100
    data = graph.export_network("gexf", tmp_path / "network.gexf", measures=["degree"])
    assert (tmp_path / "network.gexf").read_bytes() == data
    gephi = nx.read_gexf(tmp_path / "network.gexf")
    assert "Pạc Xăn" in {gephi.nodes[n]["label"] for n in gephi}
    assert all("degree" in gephi.nodes[n] for n in gephi)


def test_extract_facts_without_a_store() -> None:
    facts = kg.extract_facts(SEEDS / "001_18231fda04807153.txt")
    assert list(facts.columns) == list(COLUMNS)
    assert set(facts["article"]) == {"001_18231fda04807153.txt"}
    assert "signed_mou" in set(facts["relation"])


def test_score_extraction_on_a_sample_of_the_gold() -> None:
    sample = sorted((DEV / "articles").glob("*.txt"))[:3]
    scores = kg.score_extraction(DEV / "gold.jsonl", *sample)
    assert scores["level"].tolist() == ["pair", "pair+relation", "pair+relation+year"]
    assert scores["gold"].iloc[0] > 0
    assert scores[["precision", "recall", "f1"]].stack().between(0, 1).all()
    per_article = kg.score_extraction(DEV / "gold.jsonl", *sample, by_article=True)
    assert sorted(set(per_article["article"])) == [p.name for p in sample]
    assert len(per_article) == 3 * len(sample)


def test_score_extraction_needs_gold_for_the_articles(tmp_path: Path) -> None:
    gold = tmp_path / "gold.jsonl"
    gold.write_text('{"id": "elsewhere.txt", "gold": []}\n', encoding="utf-8")
    with pytest.raises(InputError, match="none of its articles"):
        kg.score_extraction(gold, SEEDS)


def test_tables_without_pandas_say_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(MissingExtraError, match=r"pip install 'vn-partnership-kg\[notebook\]'"):
        kg.rank(nx.Graph([("a", "b")]))
