"""The notebooks in notebooks/ run top to bottom, offline, with this interpreter, leave the
checkout as it was, and are committed without outputs."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import nbformat
import pytest
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
FOLDER = ROOT / "notebooks"
NOTEBOOKS = sorted(FOLDER.glob("*.ipynb"))
KERNEL = "kg-tests"
#: Seconds a cell may take; each notebook takes a few seconds in all.
CELL_TIMEOUT = 60


def _read(path: Path) -> Any:
    return nbformat.read(path, as_version=4)


def _listing() -> set[str]:
    """The files a notebook could litter: the checkout's top level and notebooks/."""
    return {p.name for p in ROOT.iterdir()} | {f"notebooks/{p.name}" for p in FOLDER.iterdir()}


def _outputs(nb: Any) -> list[dict[str, Any]]:
    return [out for cell in nb.cells if cell.cell_type == "code" for out in cell.outputs]


def _html(nb: Any) -> str:
    return "\n".join(str(out.get("data", {}).get("text/html", "")) for out in _outputs(nb))


def _text(nb: Any) -> str:
    parts = []
    for out in _outputs(nb):
        parts.append(str(out.get("text", "")))
        parts.append(str(out.get("data", {}).get("text/plain", "")))
    return "\n".join(parts)


def _execute(path: Path) -> Any:
    """Run ``path`` as ``jupyter lab notebooks/`` would (working directory notebooks/)."""
    nb = _read(path)
    before = _listing()
    client = NotebookClient(
        nb,
        kernel_name=KERNEL,
        timeout=CELL_TIMEOUT,
        shutdown_kernel="immediate",
        resources={"metadata": {"path": str(FOLDER)}},
    )
    client.execute()  # raises on the first cell that fails or times out
    assert _listing() == before, f"{path.name} wrote into the checkout"
    return nb


@pytest.fixture(scope="module")
def executed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[[str], Any]]:
    """``executed(name)``: the notebook after a run (once per module) in a kernel for the
    interpreter running the tests, whatever kernels Jupyter has installed."""
    jupyter = tmp_path_factory.mktemp("jupyter")
    spec = jupyter / "kernels" / KERNEL
    spec.mkdir(parents=True)
    argv = [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"]
    kernel = {"argv": argv, "display_name": "kg tests", "language": "python"}
    (spec / "kernel.json").write_text(json.dumps(kernel), encoding="utf-8")
    runs: dict[str, Any] = {}

    def run(name: str) -> Any:
        if name not in runs:
            try:
                runs[name] = _execute(FOLDER / name)
            except Exception as error:  # reported by every test of this notebook, run once
                runs[name] = error
        if isinstance(runs[name], Exception):
            raise runs[name]
        return runs[name]

    with pytest.MonkeyPatch.context() as env:
        env.setenv("JUPYTER_PATH", str(jupyter))  # searched first for kernel specs
        yield run


def test_the_three_notebooks_are_there() -> None:
    assert [p.name for p in NOTEBOOKS] == [
        "01-quickstart.ipynb",
        "02-network-analysis.ipynb",
        "03-your-own-corpus.ipynb",
    ]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_committed_without_outputs(path: Path) -> None:
    nb = _read(path)
    nbformat.validate(nb)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [], f"{path.name}: a cell has outputs"
            assert cell.execution_count is None, f"{path.name}: a cell has an execution count"
        assert "widgets" not in cell.metadata
    assert "widgets" not in nb.metadata


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_runs_offline_without_errors(executed: Callable[[str], Any], path: Path) -> None:
    nb = executed(path.name)
    assert all(cell.execution_count for cell in nb.cells if cell.cell_type == "code")


def test_quickstart_shows_the_store_facts_and_the_view(executed: Callable[[str], Any]) -> None:
    nb = executed("01-quickstart.ipynb")
    html = _html(nb)
    assert "<caption>KnowledgeGraph</caption>" in html  # the store as the last line of a cell
    assert "Thái Bình" in html  # the MoU partner of Lào Cai, in a query result
    assert "<iframe srcdoc=" in html and "vis.Network" in html  # the interactive view


def test_network_analysis_draws_charts(executed: Callable[[str], Any]) -> None:
    nb = executed("02-network-analysis.ipynb")
    images = [out for out in _outputs(nb) if "image/png" in out.get("data", {})]
    assert len(images) >= 4  # degree, countries, growth, the network figure
    assert "Lào" in _html(nb)  # Laos among the partner countries


def test_own_corpus_scores_and_exports(executed: Callable[[str], Any]) -> None:
    nb = executed("03-your-own-corpus.ipynb")
    html, text = _html(nb), _text(nb)
    assert "pair+relation+year" in html
    for name in ("network.gexf", "network.graphml", "partnerships.ttl"):
        assert name in html
    assert "triples; the first lines:" in text
