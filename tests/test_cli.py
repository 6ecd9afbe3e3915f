"""The kg command through click's CliRunner: exit codes, stdout/stderr, and the store."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main

ROOT = Path(__file__).parents[1]
SEEDS = ROOT / "seeds"
GOLD = ROOT.parent / "shared" / "eval" / "seeds-gold.jsonl"

MOU_WITH_LAO_CAI = """
SELECT ?name WHERE {
  ?lc rdfs:label "Lào Cai"@vi ; a kg:Province .
  ?partner kg:signedMoUWith ?lc ; rdfs:label ?name .
}"""


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def built_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    store = tmp_path_factory.mktemp("cli") / "store"
    code, _, err = run("build", str(SEEDS), "--store", str(store))
    assert code == 0, err
    return store


def copy_store(store: Path, tmp_path: Path) -> Path:
    target = tmp_path / "store"
    shutil.copytree(store, target)
    return target


def test_every_command_has_help_with_an_example() -> None:
    for name in main.commands:
        code, out, _ = run(name, "--help")
        assert code == 0
        assert "Example" in out, name


def test_build_reports_and_rebuild_adds_nothing(built_store: Path, tmp_path: Path) -> None:
    store = copy_store(built_store, tmp_path)
    before = run("export", "--format", "nquads", "--store", str(store))[1]
    code, _, err = run("build", str(SEEDS), "--store", str(store))
    assert code == 0
    assert "5 articles read, 0 stored, 5 unchanged, 0 facts added" in err
    after = run("export", "--format", "nquads", "--store", str(store))[1]
    assert sorted(after.splitlines()) == sorted(before.splitlines())


def test_a_changed_article_replaces_its_old_facts(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text(
        "Ngày 2/3/2020, tỉnh Lào Cai và tỉnh Thái Bình đã ký kết Biên bản ghi nhớ hợp tác.\n",
        encoding="utf-8",
    )
    store = str(tmp_path / "store")
    assert run("build", str(article), "--store", store)[0] == 0
    article.write_text(
        "Ngày 2/3/2021, tỉnh Lào Cai và tỉnh Hủa Phăn đã ký kết Biên bản ghi nhớ hợp tác.\n",
        encoding="utf-8",
    )
    code, _, err = run("build", str(article), "--store", store)
    assert code == 0 and "1 stored" in err
    out = run("query", MOU_WITH_LAO_CAI, "--format", "csv", "--store", store)[1]
    assert out.splitlines()[1:] == ["Hủa Phăn"]


def test_query_finds_who_signed_a_memorandum_with_lao_cai(built_store: Path) -> None:
    code, out, _ = run("query", MOU_WITH_LAO_CAI, "--format", "json", "--store", str(built_store))
    assert code == 0
    names = {b["name"]["value"] for b in json.loads(out)["results"]["bindings"]}
    assert names == {"Thái Bình"}


def test_query_from_a_file_as_table(built_store: Path, tmp_path: Path) -> None:
    query = tmp_path / "q.rq"
    query.write_text(MOU_WITH_LAO_CAI, encoding="utf-8")
    code, out, _ = run("query", str(query), "--store", str(built_store))
    assert code == 0 and "Thái Bình" in out


def test_extract_prints_the_shared_fact_format(tmp_path: Path) -> None:
    code, out, _ = run("extract", str(SEEDS / "003_8c275dda050f8600.txt"))
    assert code == 0
    facts = [json.loads(line) for line in out.splitlines()]
    assert facts[0]["article"] == "003_8c275dda050f8600.txt"
    assert {facts[0]["a"], facts[0]["b"]} == {"Hà Nội", "Ba Đình"}
    assert facts[0]["relation"] == "signed_agreement"
    assert facts[0]["date"] == "2024-07-18" and facts[0]["period"] == "2024-2025"
    assert "Quận ủy Ba Đình" in (facts[0]["a_body"], facts[0]["b_body"])
    assert not (tmp_path / "kg-store").exists()


def test_extract_csv_and_table() -> None:
    path = str(SEEDS / "001_18231fda04807153.txt")
    rows = list(csv.DictReader(io.StringIO(run("extract", path, "--format", "csv")[1])))
    assert {r["relation"] for r in rows} >= {"signed_mou", "reviewed_cooperation"}
    table = run("extract", path, "--format", "table")[1]
    assert "Lào Cai" in table and "signed_mou" in table


@pytest.mark.parametrize("fmt", ["turtle", "trig", "nt", "nquads", "jsonld"])
def test_export_to_stdout_and_file(built_store: Path, tmp_path: Path, fmt: str) -> None:
    code, out, _ = run("export", "--format", fmt, "--store", str(built_store))
    assert code == 0 and out.strip()
    target = tmp_path / f"graph.{fmt}"
    code, _, err = run("export", "--format", fmt, "-o", str(target), "--store", str(built_store))
    assert code == 0 and target.read_text(encoding="utf-8") == out


def test_rank_lists_localities(built_store: Path) -> None:
    code, out, _ = run(
        "rank",
        "--measure",
        "betweenness",
        "--top",
        "3",
        "--format",
        "json",
        "--store",
        str(built_store),
    )
    assert code == 0
    ranking = json.loads(out)
    assert len(ranking) == 3 and ranking[0]["rank"] == 1


def test_view_writes_an_offline_page(built_store: Path, tmp_path: Path) -> None:
    page = tmp_path / "net.html"
    code, _, err = run("view", "-o", str(page), "--store", str(built_store))
    assert code == 0, err
    html = page.read_text(encoding="utf-8")
    assert json.dumps("Thái Bình")[1:-1] in html  # node labels sit in the page's JSON data
    assert "cdn.jsdelivr" not in html


@pytest.mark.skipif(not GOLD.exists(), reason="shared/eval is beside the clone")
def test_evaluate_on_the_seeds() -> None:
    code, out, _ = run("evaluate", "--gold", str(GOLD), str(SEEDS))
    assert code == 0
    pair = next(line for line in out.splitlines() if line.startswith("pair "))
    assert pair.split()[1:4] == ["1.000", "1.000", "1.000"]


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"", "empty file"),
        (b"\xff\xfe\xfa not utf-8 \xc3\x28", "not UTF-8"),
        (b"\x7fELF\x02\x01\x01\x00\x00\x00\x00", "binary file"),
    ],
)
def test_bad_articles_fail_with_one_line_and_keep_the_store(
    built_store: Path, tmp_path: Path, content: bytes, problem: str
) -> None:
    store = copy_store(built_store, tmp_path)
    before = run("export", "--format", "nquads", "--store", str(store))[1]
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    code, out, err = run("build", str(bad), "--store", str(store))
    assert code == 1
    first = err.splitlines()[0]
    assert str(bad) in first and problem in first
    after = run("export", "--format", "nquads", "--store", str(store))[1]
    assert sorted(after.splitlines()) == sorted(before.splitlines())


def test_a_folder_without_articles(tmp_path: Path) -> None:
    code, _, err = run("build", str(tmp_path), "--store", str(tmp_path / "s"))
    assert code == 1
    assert err.strip().startswith(f"kg: error: {tmp_path}: no articles in this folder")


def test_sparql_syntax_error_names_line_and_column(built_store: Path) -> None:
    code, out, err = run("query", "SELECT ?x WHERE {\n ?x ?y }", "--store", str(built_store))
    assert code == 1 and out == ""
    assert len(err.strip().splitlines()) == 1 and "line 2" in err


@pytest.mark.parametrize(
    "args",
    [
        ("extract", str(SEEDS), "--format", "xml"),
        ("export", "--format", "rdfxml"),
        ("query", "ASK {}", "--format", "yaml"),
        ("rank", "--format", "xml"),
        ("rank", "--measure", "fame"),
    ],
)
def test_unknown_format_or_measure(built_store: Path, args: tuple[str, ...]) -> None:
    code, out, err = run(*args, "--store", str(built_store)) if args[0] != "extract" else run(*args)
    assert code == 1 and out == ""
    assert err.startswith("kg: error: unknown") and len(err.strip().splitlines()) == 1
