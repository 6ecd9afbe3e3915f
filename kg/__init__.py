"""vn-partnership-kg: a knowledge graph of partnerships between localities, from Vietnamese news.

The notebook API (``kg.open``, ``kg.KnowledgeGraph`` … from ``kg.api``) is imported on
first use, so ``import kg`` stays fast for the command line.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

#: Names re-exported from ``kg.api``, loaded when first asked for.
_API = (
    "KnowledgeGraph",
    "NetworkView",
    "extract_facts",
    "open",
    "rank",
    "score_extraction",
    "to_frame",
    "view",
)

if TYPE_CHECKING:
    from kg.api import (  # noqa: F401
        KnowledgeGraph,
        NetworkView,
        extract_facts,
        open,
        rank,
        score_extraction,
        to_frame,
        view,
    )


def __getattr__(name: str) -> Any:
    if name in _API:
        from kg import api

        return getattr(api, name)
    raise AttributeError(f"module 'kg' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *_API])
