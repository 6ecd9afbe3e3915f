"""The README's main command, run for real in a subprocess, and its outputs read back."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import rdflib

from kg.ns import KG

SEEDS = Path(__file__).parents[1] / "seeds"


@pytest.mark.slow
def test_kg_run_on_the_seeds(tmp_path: Path) -> None:
    out = tmp_path / "out"
    command = [sys.executable, "-m", "kg", "run", str(SEEDS), "--out", str(out)]
    command += ["--store", str(tmp_path / "store")]
    done = subprocess.run(command, capture_output=True, text=True, timeout=300, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "articles read:      5" in done.stdout
    assert "top localities by degree centrality:" in done.stdout
    assert "1. " in done.stdout

    graph = rdflib.Graph().parse(out / "partnerships.ttl", format="turtle")  # another parser
    lao_cai = next(graph.subjects(rdflib.RDFS.label, rdflib.Literal("Lào Cai", lang="vi")))
    partners = {
        str(graph.value(p, rdflib.RDFS.label)) for p in graph.objects(lao_cai, KG.signedMoUWith)
    }
    assert partners == {"Thái Bình"}
    page = (out / "network.html").read_text(encoding="utf-8")
    assert "new vis.Network" in page

    again = subprocess.run(command, capture_output=True, text=True, timeout=300, cwd=tmp_path)
    assert again.returncode == 0
    assert "(5 unchanged)" in again.stdout
