"""kg query (named, listed, typed), stats, remove and export through click's CliRunner."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
ARTICLE = "001_18231fda04807153.txt"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    store = tmp_path_factory.mktemp("store-commands") / "store"
    code, _, err = run("build", str(SEEDS), "--store", str(store), "--no-progress")
    assert code == 0, err
    return store


@pytest.fixture
def store_copy(built: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(built, tmp_path / "store"))


def test_list_shows_names_and_parameters() -> None:
    code, out, _ = run("query", "--list")
    assert code == 0
    assert "partners-of\n" in out and "--param place=...  (text@vi)" in out
    assert "pair-timeline\n" in out and "--param b=..." in out


def test_a_named_query_with_a_parameter(built: Path) -> None:
    code, out, err = run("query", "--name", "partners-of", "--param", "place=Lào Cai",
                         "--format", "csv", "--store", str(built))  # fmt: skip
    assert code == 0, err
    rows = list(csv.DictReader(io.StringIO(out)))
    assert {(r["partner"], r["relation"], r["date"]) for r in rows} == {
        ("Thái Bình", "signed_mou", "2018-09-19"), ("Thái Bình", "reviewed_cooperation", ""),
    }  # fmt: skip
    assert {r["article"] for r in rows} == {ARTICLE}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--name", "partners-of"), "needs --param place=VALUE"),
        (("--name", "partners-of", "--param", "place"), "--param takes NAME=VALUE"),
        (("--name", "nope"), "no named query 'nope'"),
        (("DROP ALL",), "add --update"),
        (("ASK {}", "--format", "turtle"), "RDF format, for CONSTRUCT and DESCRIBE"),
    ],
)
def test_mistakes_are_one_line(built: Path, args: tuple[str, ...], message: str) -> None:
    code, out, err = run("query", *args, "--store", str(built))
    assert code == 1 and out == "" and message in err and len(err.strip().splitlines()) == 1


def test_query_and_name_together_is_a_usage_error(built: Path) -> None:
    assert run("query", "ASK {}", "--name", "partners-of", "--store", str(built))[0] == 2


def test_a_free_query_takes_parameters(built: Path) -> None:
    query = "SELECT ?id WHERE { ?p kg:placeId ?id ; rdfs:label ?l FILTER(STR(?l) = ?name) }"
    code, out, _ = run("query", query, "-p", "name=Thái Bình", "--format", "tsv", "--store",
                       str(built))  # fmt: skip
    assert code == 0 and out == '?id\n"vn/thai-binh"\n'


def test_a_query_file_binds_parameters_as_its_header_declares(built: Path, tmp_path: Path) -> None:
    # A user's copy of a shipped query, run by path: `place` is declared `@vi` in its
    # header, so it must find what --name finds (a plain string would find nothing).
    copy = tmp_path / "my-partners.rq"
    shutil.copy(ROOT / "kg" / "queries" / "partners-of.rq", copy)
    by_name = run("query", "--name", "partners-of", "-p", "place=Lào Cai", "--format", "csv",
                  "--store", str(built))  # fmt: skip
    by_path = run("query", str(copy), "-p", "place=Lào Cai", "--format", "csv",
                  "--store", str(built))  # fmt: skip
    assert by_path == by_name and by_path[1].count("\n") == 3
    code, out, err = run("query", str(copy), "-p", "town=Lào Cai", "--store", str(built))
    assert code == 1 and "has no parameter town (its parameters: place)" in err


def test_construct_in_any_rdf_format(built: Path) -> None:
    query = "CONSTRUCT WHERE { ?a kg:signedMoUWith ?b }"
    for fmt in ("turtle", "nt", "rdfxml", "jsonld", "n3", "xml"):
        code, out, err = run("query", query, "--format", fmt, "--store", str(built))
        assert code == 0 and out.strip(), (fmt, err)


def test_update_only_when_asked(store_copy: Path) -> None:
    insert = (
        'INSERT DATA { GRAPH <https://example.org/g> { <https://example.org/x> rdfs:label "x" } }'
    )
    assert run("query", insert, "--store", str(store_copy))[0] == 1
    code, _, err = run("query", insert, "--update", "--store", str(store_copy))
    assert code == 0 and "update done" in err
    assert run("query", 'ASK { ?s rdfs:label "x" }', "--store", str(store_copy))[1] == "true\n"


def test_stats(built: Path) -> None:
    code, out, _ = run("stats", "--format", "json", "--store", str(built))
    stats = json.loads(out)
    assert code == 0 and stats["articles"] == 5 and stats["graphs"] == 5
    assert stats["classes"]["kg:Article"] == 5 and sum(stats["events_by_relation"].values()) > 0
    code, out, _ = run("stats", "--store", str(built))
    assert code == 0 and "instances by class:" in out and "kg:Province" in out


def test_remove_by_id_or_path(store_copy: Path) -> None:
    code, _, err = run("remove", f"seeds/{ARTICLE}", "--store", str(store_copy))
    assert code == 0 and f"removed seeds/{ARTICLE}" in err
    code, out, _ = run("stats", "--format", "json", "--store", str(store_copy))
    assert json.loads(out)["articles"] == 4
    code, _, err = run("remove", ARTICLE, "--store", str(store_copy))
    assert code == 1 and "not in the store" in err


def test_a_rebuild_after_remove_puts_it_back(store_copy: Path) -> None:
    run("remove", ARTICLE, "--store", str(store_copy))
    code, _, err = run("build", str(SEEDS), "--store", str(store_copy), "--no-progress")
    assert code == 0 and "1 stored, 4 unchanged" in err


def test_a_store_url_that_does_not_answer() -> None:
    code, _, err = run("stats", "--store", "http://127.0.0.1:9/query")
    assert code == 1 and "cannot reach the SPARQL endpoint" in err
