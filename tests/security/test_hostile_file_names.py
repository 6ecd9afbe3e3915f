"""Names made from article data stay where they are put: in their folder, or in their IRI.

The hostile corpus has articles whose ids are ``../../../kg-escape-probe`` and
``/etc/CON<NUL>.txt``, and a file name full of markup. Building, viewing and exporting it
writes nothing outside the folders the user named and gives each article its own graph
IRI; ``file_name`` turns any text into a name that cannot leave its folder.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from hostile import ARTICLES, Built, kg
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.ns import ID
from kg.store.iris import file_name

SAFE = re.compile(r"[a-z0-9](?:[a-z0-9_.-]{0,62}[a-z0-9_-])?")
RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10))}
RESERVED |= {f"lpt{i}" for i in range(1, 10)}


def test_the_pipeline_writes_only_where_it_was_told(built: Built, tmp_path: Path) -> None:
    out = tmp_path / "out"
    store = built.copy(tmp_path / "store")
    assert kg("run", str(built.corpus), "--store", str(store), "--out", str(out)).code == 0
    for fmt in ("turtle", "trig", "nquads", "jsonld"):
        target = out / f"all.{fmt}"
        assert kg("export", "--format", fmt, "--store", str(store), "-o", str(target)).code == 0
    assert sorted(p.name for p in built.root.iterdir()) == ["corpus", "store"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "store"]
    expected = {"partnerships.ttl", "network.html", *(f"all.{f}" for f in ("turtle", "trig"))}
    expected |= {"all.nquads", "all.jsonld"}
    assert {p.name for p in out.iterdir()} == expected
    base = tmp_path.parent  # this session's temporary folders
    assert not [p for p in base.rglob("kg-escape-probe*")]
    assert not Path("/etc/CON").exists()


def test_each_article_has_its_own_graph_iri(built: Built) -> None:
    query = "SELECT ?g ?id WHERE { GRAPH ?g { ?a kg:articleId ?id } }"
    result = kg("query", query, "--store", str(built.store), "--format", "csv")
    rows = [line.split(",", 1) for line in result.out.strip().splitlines()[1:]]
    graphs = [graph for graph, _ in rows]
    assert len(set(graphs)) == len(graphs) == ARTICLES
    prefix = f"{ID}graph/article/"
    assert all(g.startswith(prefix) and SAFE.fullmatch(g.removeprefix(prefix)) for g in graphs)


@pytest.mark.parametrize(
    "text",
    [
        "../../etc/passwd",
        "/etc/passwd",
        "..",
        ".",
        "",
        " ",
        ".hidden",
        "a/b\\c",
        "C:\\Windows\\win.ini",
        "nul\x00byte",
        "x" * 10_000,
        "CON",
        "nul.txt",
        "Com1.log",
        "lpt9",
        "trailing.",
        "trailing ",
        "Lào Cai",
        "🎉",
        "\u202eexe.txt",
    ],
)
def test_file_name_stays_in_its_folder(text: str, tmp_path: Path) -> None:
    name = file_name(text, ".ttl")
    stem = name.removesuffix(".ttl")
    assert SAFE.fullmatch(stem), name
    assert stem.split(".")[0] not in RESERVED
    target = tmp_path / name
    target.write_text("x")
    assert target.resolve().parent == tmp_path.resolve()
    assert os.listdir(tmp_path) == [name]


def test_file_name_keeps_safe_names_and_tells_others_apart() -> None:
    assert file_name("001_lao-cai.txt") == "001_lao-cai.txt"
    assert file_name("Lao-Cai") != file_name("lao-cai")  # case-insensitive file systems
    assert file_name("nul.txt") != file_name("nul-txt")


@settings(max_examples=300, deadline=None)
@given(st.text(), st.text())
def test_any_text_gives_a_safe_distinct_file_name(one: str, two: str) -> None:
    name = file_name(one)
    assert SAFE.fullmatch(name) and name.split(".")[0] not in RESERVED
    assert name == file_name(one)
    if one != two:
        assert name != file_name(two)
