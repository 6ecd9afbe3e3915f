"""The static figure: PNG and SVG files, the legend, the same picture every time."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest

from kg.analyze.measures import degree
from kg.errors import FormatError
from kg.export.plot import plot_network


def test_png_and_svg(graph: nx.Graph, tmp_path: Path) -> None:
    png = plot_network(graph, degree(graph), tmp_path / "n.png", measure="degree")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    svg = plot_network(graph, degree(graph), tmp_path / "sub" / "n.svg", labels=0)
    assert svg.read_text(encoding="utf-8").lstrip().startswith("<?xml")


def test_svg_has_the_legend_and_the_same_bytes_every_time(graph: nx.Graph, tmp_path: Path) -> None:
    one = plot_network(graph, degree(graph), tmp_path / "1.svg", measure="degree")
    two = plot_network(graph, degree(graph), tmp_path / "2.svg", measure="degree")
    assert one.read_bytes() == two.read_bytes()
    text = one.read_text(encoding="utf-8")  # text stays text, editable in a drawing program
    for entry in (
        "Vietnamese province / municipality",
        "Foreign locality",
        "signed_mou",
        "twinned",
        "held_talks",
        "node size by degree",
        "TP Lào Cai",
        "Pạc Xăn",
    ):
        assert entry in text, entry


def test_colour_by_country_names_the_countries(graph: nx.Graph, tmp_path: Path) -> None:
    graph.nodes["cn/yunnan"]["country_label"] = "Trung Quốc"
    svg = plot_network(graph, degree(graph), tmp_path / "c.svg", colour_by="country")
    text = svg.read_text(encoding="utf-8")
    assert "Trung Quốc (CN)" in text and "(LA)" in text and "(VN)" in text
    assert "Foreign locality" not in text


def test_wrong_suffix_or_colouring(graph: nx.Graph, tmp_path: Path) -> None:
    with pytest.raises(FormatError, match="use a .png, .svg or .pdf"):
        plot_network(graph, {}, tmp_path / "n.jpg")
    with pytest.raises(FormatError, match="unknown colouring"):
        plot_network(graph, {}, tmp_path / "n.png", colour_by="size")


def test_empty_network(tmp_path: Path) -> None:
    assert plot_network(nx.Graph(), {}, tmp_path / "e.png").exists()
