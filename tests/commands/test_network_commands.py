"""The network commands through click's CliRunner, on a small store built from RDF."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, date, datetime
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.model import Article, Fact, Place
from kg.store.backend import Store
from kg.store.rdf import article_quads

NOW = datetime(2025, 1, 2, tzinfo=UTC)

PLACES = {
    p.id: p
    for p in (
        Place("vn", "Việt Nam", "country", "VN"),
        Place("la", "Lào", "country", "LA"),
        Place("cn", "Trung Quốc", "country", "CN"),
        Place("vn/lao-cai", "Lào Cai", "province", "VN"),
        Place("vn/lao-cai/tp-lao-cai", "Lào Cai", "provincial_city", "VN", parent="vn/lao-cai"),
        Place("vn/thai-binh", "Thái Bình", "province", "VN", valid_until=date(2025, 6, 30),
              successor="vn/hung-yen"),
        Place("vn/hung-yen", "Hưng Yên", "province", "VN"),
        Place("vn/ha-tinh", "Hà Tĩnh", "province", "VN"),
        Place("la/bolikhamxai", "Bolikhamxai", "foreign_province", "LA"),
        Place("la/bolikhamxai/pakxan", "Pạc Xăn", "foreign_district", "LA",
              parent="la/bolikhamxai"),
        Place("cn/yunnan", "Vân Nam", "foreign_province", "CN"),
    )
}  # fmt: skip


def fact(article: str, a: str, b: str, relation: str, evidence: str, **kw: object) -> Fact:
    a, b = sorted((a, b))
    return Fact(article_id=article, a=a, b=b, relation=relation, evidence=evidence, start=0,
                end=len(evidence), extractor="rules", confidence=0.9, **kw)  # type: ignore[arg-type]  # fmt: skip


ARTICLES = {
    Article("a1", "Lào Cai ký với Pạc Xăn.", "seeds/a1.txt", "h1", title="Tin Lào Cai",
            url="https://example.org/a1"): [
        fact("a1", "vn/lao-cai", "la/bolikhamxai/pakxan", "signed_mou",
             "Tỉnh Lào Cai và huyện Pạc Xăn ký biên bản ghi nhớ.", date="2024-03-05",
             b_body="UBND tỉnh Lào Cai", b_body_kind="peoples_committee"),
        fact("a1", "vn/lao-cai/tp-lao-cai", "cn/yunnan", "twinned",
             "Thành phố Lào Cai kết nghĩa với Vân Nam.", year=2010),
    ],
    Article("a2", "Thái Bình và Lào Cai.", "seeds/a2.txt", "h2", title="Tin Thái Bình"): [
        fact("a2", "vn/thai-binh", "vn/lao-cai", "signed_mou", "Thái Bình ký với Lào Cai.",
             year=2018),
        fact("a2", "la/bolikhamxai/pakxan", "vn/ha-tinh", "held_talks", "Hà Tĩnh hội đàm.",
             year=2019),
        fact("a2", "vn/hung-yen", "vn/ha-tinh", "reviewed_cooperation", "Sơ kết hợp tác."),
    ],
}  # fmt: skip


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("net") / "store"
    with Store.open(path) as store:
        for article, facts in ARTICLES.items():
            store.replace_article(article, article_quads(article, facts, PLACES, "t", now=NOW))
    return str(path)


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_rank_at_each_level(store_path: str) -> None:
    code, out, _ = run("rank", "--format", "json", "--store", store_path)
    assert code == 0
    ranking = json.loads(out)
    assert len(ranking) == 7  # localities as reported
    assert [(r["locality"], r["degree"]) for r in ranking[:3]] == [
        ("Hà Tĩnh", pytest.approx(2 / 6)), ("Lào Cai", pytest.approx(2 / 6)),
        ("Pạc Xăn", pytest.approx(2 / 6)),
    ]  # fmt: skip
    code, out, _ = run("rank", "--level", "today", "--format", "csv", "--store", store_path)
    rows = list(csv.DictReader(io.StringIO(out)))
    assert {r["id"] for r in rows} == {"vn/lao-cai", "vn/hung-yen", "vn/ha-tinh",
                                      "la/bolikhamxai", "cn/yunnan"}  # fmt: skip
    assert rows[0]["locality"] == "Lào Cai"  # partnered with Yunnan through its city


def test_rank_filters_and_measures(store_path: str) -> None:
    code, out, _ = run("rank", "--measure", "partner_countries", "--top", "2", "--store",
                       store_path)  # fmt: skip
    assert code == 0
    assert [line.split()[1:] for line in out.splitlines()[1:]] == [
        ["Hà", "Tĩnh", "2.0000"], ["Lào", "Cai", "2.0000"],
    ]  # fmt: skip
    code, out, _ = run("rank", "--country", "cn", "--format", "csv", "--store", store_path)
    assert {line.split(",")[1] for line in out.splitlines()[1:]} == {"TP Lào Cai", "Vân Nam"}
    code, out, _ = run("rank", "--from", "2019", "--format", "csv", "--store", store_path)
    assert len(out.splitlines()) == 1 + 3  # Lào Cai-Pạc Xăn 2024, Pạc Xăn-Hà Tĩnh 2019


def test_neighbors(store_path: str) -> None:
    code, out, _ = run("neighbors", "lao cai", "--format", "json", "--store", store_path)
    assert code == 0
    partners = {p["partner"]: p for p in json.loads(out)}
    assert set(partners) == {"Pạc Xăn", "Thái Bình"}
    assert partners["Pạc Xăn"]["sources"] == ["https://example.org/a1"]
    code, out, _ = run("neighbors", "Lào Cai", "--level", "province", "--store", store_path)
    assert "Vân Nam" in out and "Bolikhamxai" in out


def test_path_with_the_agreements_on_the_way(store_path: str) -> None:
    code, out, _ = run("path", "Thái Bình", "Hà Tĩnh", "--format", "json", "--store", store_path)
    assert code == 0
    hops = json.loads(out)
    assert [(h["from"], h["to"]) for h in hops] == [
        ("Thái Bình", "Lào Cai"), ("Lào Cai", "Pạc Xăn"), ("Pạc Xăn", "Hà Tĩnh"),
    ]  # fmt: skip
    assert (
        hops[1]["agreements"][0]["evidence"] == "Tỉnh Lào Cai và huyện Pạc Xăn ký biên bản ghi nhớ."
    )
    code, out, err = run("path", "Vân Nam", "Hà Tĩnh", "--store", store_path)
    assert code == 1 and out == ""
    assert err.startswith("kg: error: Vân Nam (cn/yunnan, foreign_province) and Hà Tĩnh")


def test_communities_bridges_timeline(store_path: str) -> None:
    code, out, _ = run("communities", "--format", "json", "--store", store_path)
    assert code == 0
    members = sorted(name for c in json.loads(out) for name in c["members"])
    assert len(members) == 7
    code, out, _ = run("bridges", "--format", "csv", "--store", store_path)
    assert code == 0 and "link,Vân Nam – TP Lào Cai,cn/yunnan; vn/lao-cai/tp-lao-cai,twinned" in out
    code, out, err = run("timeline", "--format", "json", "--store", store_path)
    years = json.loads(out)
    assert [y["year"] for y in years] == list(range(2010, 2025))
    assert years[-1]["links"] == 4 and years[0]["top"][0].startswith("TP Lào Cai")
    assert "1 undated event(s)" in err


def test_export_network(store_path: str, tmp_path: Path) -> None:
    target = tmp_path / "n.graphml"
    code, _, err = run("export-network", "-o", str(target), "--level", "today", "--store",
                       store_path)  # fmt: skip
    assert code == 0 and "wrote" in err
    G = nx.read_graphml(target)
    assert "vn/hung-yen" in G and "vn/thai-binh" not in G
    assert set(G.nodes["vn/lao-cai"]) >= {"label", "degree", "betweenness", "pagerank", "kcore"}
    code, out, _ = run("export-network", "--format", "csv", "--store", store_path)
    assert out.splitlines()[0].startswith("source,target,source_label")
    code, out, _ = run("export-network", "--format", "gexf", "--measure", "closeness",
                       "--store", store_path)  # fmt: skip
    assert code == 0 and 'title="closeness"' in out


def test_view_and_plot(store_path: str, tmp_path: Path) -> None:
    page = tmp_path / "v.html"
    code, _, err = run("view", "-o", str(page), "--level", "province", "--bodies", "--colour",
                       "country", "--store", store_path)  # fmt: skip
    assert code == 0, err
    html = page.read_text(encoding="utf-8")
    assert json.dumps("UBND tỉnh Lào Cai")[1:-1] in html  # a body, as its own node
    assert "<h1>Partnerships between localities (level province)</h1>" in html
    figure = tmp_path / "n.svg"
    code, _, err = run("plot", "-o", str(figure), "--measure", "pagerank", "--store", store_path)
    assert code == 0, err
    assert "Pạc Xăn" in figure.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("neighbors", "Atlantis"), "kg: error: no locality called 'Atlantis'"),
        (("neighbors", "Lào Cai", "--format", "xml"), "kg: error: unknown format 'xml'"),
        (("timeline", "--measure", "fame"), "kg: error: unknown measure 'fame'"),
        (("rank", "--relation", "hugged"), "kg: error: unknown relation(s) hugged"),
        (("export-network", "--format", "dot"), "kg: error: unknown format 'dot'"),
        (("plot", "-o", "x.jpg"), "kg: error: cannot plot to 'x.jpg'"),
    ],
)
def test_errors_are_one_line(store_path: str, args: tuple[str, ...], message: str) -> None:
    code, out, err = run(*args, "--store", store_path)
    assert code == 1 and out == ""
    assert err.startswith(message) and len(err.strip().splitlines()) == 1
