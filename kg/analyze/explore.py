"""Questions about single localities: find one by name, its partners, how two connect."""

from __future__ import annotations

import unicodedata
from collections.abc import Hashable
from dataclasses import dataclass
from typing import Any

import networkx as nx

from kg.analyze.network import ACTS_FOR, display_label
from kg.errors import KgError

#: Kinds preferred when one name fits several localities ("Lào Cai": the province).
_PREFERRED_KINDS = ("province", "municipality", "foreign_province", "country")


class PlaceNotFoundError(KgError):
    """No locality of the network has that name."""


class AmbiguousPlaceError(KgError):
    """Several localities have that name and none is preferred."""


class NoPathError(KgError):
    """Two localities are in different parts of the network."""


def fold(text: str) -> str:
    """Lower case without diacritics, for matching what people type.

    >>> fold("Lào Cai"), fold("ĐÀ NẴNG"), fold("  Hà   Tĩnh ")
    ('lao cai', 'da nang', 'ha tinh')
    """
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    plain = "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    return " ".join(plain.casefold().split())


def name_of(G: nx.Graph, node: Hashable) -> str:
    """The name shown for ``node`` ("TP Lào Cai" for the city of Lào Cai)."""
    return display_label(G.nodes[node]) or str(node)


def _names(G: nx.Graph, node: Hashable) -> set[str]:
    attrs = G.nodes[node]
    label = str(attrs.get("label") or node)
    names = {label}
    if attrs.get("kind") == "provincial_city":
        names |= {f"TP {label}", f"thành phố {label}"}
    return names


def _describe(G: nx.Graph, node: Hashable) -> str:
    return f"{name_of(G, node)} ({node}, {G.nodes[node].get('kind') or '?'})"


def find_place(G: nx.Graph, name: str) -> Hashable:
    """The node called ``name``: an id, a label, or a label typed without diacritics.

    When several localities share the name, a province-level one wins (``"Lào Cai"`` is
    the province, ``"TP Lào Cai"`` its city); otherwise the error lists the candidates.
    """
    wanted = name.strip()
    if wanted in G:
        return wanted
    places = [n for n in G if G.nodes[n].get("group") != "body"]
    for same in (lambda s: s == wanted, lambda s: fold(s) == fold(wanted)):
        found = sorted((n for n in places if any(same(s) for s in _names(G, n))), key=str)
        if len(found) == 1:
            return found[0]
        if found:
            preferred = [n for n in found if G.nodes[n].get("kind") in _PREFERRED_KINDS]
            if len(preferred) == 1:
                return preferred[0]
            listed = "; ".join(_describe(G, n) for n in found[:6])
            raise AmbiguousPlaceError(f"{name!r} names several localities: {listed}; give the id")
    labels = {str(G.nodes[n].get("label") or n) for n in places}
    close = sorted(label for label in labels if fold(wanted) in fold(label))[:5]
    hint = f"; did you mean {', '.join(close)}?" if close else ""
    raise PlaceNotFoundError(f"no locality called {name!r} in the network{hint}")


@dataclass(frozen=True)
class Partner:
    """One partner of a locality and what links them."""

    id: str
    label: str
    kind: str | None
    country: str | None
    relations: tuple[str, ...]
    years: tuple[int, ...]
    events: int
    sources: tuple[str, ...]


def neighbors(G: nx.Graph, node: Hashable) -> list[Partner]:
    """Partners of ``node``, the most events first, then by label.

    >>> from kg.analyze.network import build_network
    >>> rec = dict(event="e1", relation="signed_mou", a="x", b="y", year=2018, b_label="Y")
    >>> [p.label for p in neighbors(build_network([rec]), "x")]
    ['Y']
    """
    partners = []
    for other in G.neighbors(node):
        data, attrs = G.edges[node, other], G.nodes[other]
        if data.get("relation") == ACTS_FOR:
            continue
        partners.append(
            Partner(
                id=str(other),
                label=name_of(G, other),
                kind=attrs.get("kind"),
                country=attrs.get("country"),
                relations=tuple(data.get("relations", ())),
                years=tuple(data.get("years", ())),
                events=int(data.get("weight", 1)),
                sources=tuple(data.get("sources", ())),
            )
        )
    return sorted(partners, key=lambda p: (-p.events, p.label, p.id))


@dataclass(frozen=True)
class Hop:
    """One link on a path: its two ends and the agreements that make it."""

    source: str
    source_label: str
    target: str
    target_label: str
    agreements: tuple[dict[str, Any], ...]


def connection(G: nx.Graph, a: Hashable, b: Hashable) -> list[Hop]:
    """A shortest chain of partnerships from ``a`` to ``b`` (fewest links), each link with
    its agreements. Acting bodies are not stepped through.

    >>> from kg.analyze.network import build_network
    >>> recs = [dict(event="e1", relation="twinned", a="x", b="y", year=2001),
    ...         dict(event="e2", relation="held_talks", a="y", b="z", year=2019)]
    >>> [(h.source, h.target, h.agreements[0]["relation"])
    ...  for h in connection(build_network(recs), "x", "z")]
    [('x', 'y', 'twinned'), ('y', 'z', 'held_talks')]
    """
    places = G.subgraph(n for n in G if G.nodes[n].get("group") != "body")
    try:
        chain = nx.shortest_path(places, a, b)
    except (nx.NetworkXNoPath, nx.NodeNotFound):
        raise NoPathError(
            f"{_describe(G, a)} and {_describe(G, b)} are not connected in this network"
        ) from None
    hops = []
    for u, v in zip(chain, chain[1:], strict=False):
        hops.append(
            Hop(
                source=str(u),
                source_label=name_of(G, u),
                target=str(v),
                target_label=name_of(G, v),
                agreements=tuple(G.edges[u, v].get("agreements", ())),
            )
        )
    return hops
