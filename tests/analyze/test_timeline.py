"""The network year by year, and cutting a network down to relations or years."""

from __future__ import annotations

from kg.analyze.network import build_network
from kg.analyze.select import restrict
from kg.analyze.timeline import timeline


def rec(a: str, b: str, event: str, relation: str, year: int | None) -> dict:
    return {"event": event, "relation": relation, "a": a, "b": b, "year": year,
            "a_label": a.upper(), "b_label": b.upper()}  # fmt: skip


RECORDS = [
    rec("x", "y", "e1", "twinned", 2001),
    rec("x", "y", "e2", "held_talks", 2003),
    rec("y", "z", "e3", "signed_mou", 2003),
    rec("u", "v", "e4", "held_talks", 2004),
    rec("x", "z", "e5", "held_talks", None),
]


def test_one_row_per_year_on_the_agreements_so_far() -> None:
    result = timeline(build_network(RECORDS), measure="degree", top=1)
    assert [(r.year, r.events, r.localities, r.links, r.new_links, r.components, r.largest)
            for r in result.rows] == [
        (2001, 1, 2, 1, 1, 1, 2),
        (2002, 0, 2, 1, 0, 1, 2),
        (2003, 2, 3, 2, 1, 1, 3),
        (2004, 1, 5, 3, 1, 2, 3),
    ]  # fmt: skip
    assert result.rows[2].top == (("y", "Y", 1.0),)
    assert result.undated == 1


def test_an_undated_event_on_a_dated_link_is_not_undated_twice() -> None:
    both = [rec("x", "y", "e1", "twinned", 2001), rec("x", "y", "e9", "held_talks", None)]
    assert timeline(build_network(both)).undated == 1


def test_range_and_empty() -> None:
    result = timeline(build_network(RECORDS), start=2003, end=2005)
    assert [r.year for r in result.rows] == [2003, 2004, 2005]
    assert timeline(build_network([rec("x", "y", "e1", "twinned", None)])).rows == ()


def test_restrict_by_years_and_relations_keeps_attributes() -> None:
    G = build_network(RECORDS, include_bodies=False)
    early = restrict(G, years=(None, 2002))
    assert list(early.edges(data="relations")) == [("x", "y", ["twinned"])]
    assert early.nodes["x"]["label"] == "X"
    talks = restrict(G, relations=["held_talks"])
    assert sorted(talks.edges()) == [("u", "v"), ("x", "y"), ("x", "z")]
    assert talks.edges["x", "y"]["weight"] == 1 and G.edges["x", "y"]["weight"] == 2


def test_restrict_keeps_bodies_of_kept_localities() -> None:
    record = dict(rec("x", "y", "e1", "twinned", 2001), a_body="UBND X")
    G = build_network([record, rec("u", "v", "e2", "twinned", 2010)], include_bodies=True)
    H = restrict(G, years=(None, 2005))
    assert sorted(H) == ["x", "x|UBND X", "y"]
