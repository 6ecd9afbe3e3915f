"""The one ``with`` block shared by stores, caches, executors and the notebook API."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.api import KnowledgeGraph
from kg.closing import Closing
from kg.dask_executor import DaskExecutor
from kg.dedup import FactCache
from kg.parallel import ProcessExecutor, SerialExecutor
from kg.store.base import BaseStore


class Tap(Closing):
    def __init__(self) -> None:
        self.closed = 0

    def close(self) -> None:
        self.closed += 1


def test_with_gives_the_object_and_closes_it() -> None:
    tap = Tap()
    with tap as inside:
        assert inside is tap
        assert tap.closed == 0
    assert tap.closed == 1


def test_closes_when_the_block_raises_and_lets_the_error_through() -> None:
    tap = Tap()
    with pytest.raises(KeyError), tap:
        raise KeyError("boom")
    assert tap.closed == 1


def test_a_class_without_close_cannot_be_made() -> None:
    class Leaky(Closing):
        pass

    with pytest.raises(TypeError, match="close"):
        Leaky()  # type: ignore[abstract]


@pytest.mark.parametrize(
    "cls", [KnowledgeGraph, DaskExecutor, FactCache, SerialExecutor, ProcessExecutor, BaseStore]
)
def test_every_closing_object_uses_the_one_mixin(cls: type) -> None:
    assert issubclass(cls, Closing)
    assert cls.__enter__ is Closing.__enter__
    assert cls.__exit__ is Closing.__exit__


def test_a_fact_cache_in_a_with_block_is_closed_and_its_temporary_file_gone() -> None:
    with FactCache.open(None) as cache:
        folder = cache._temporary
        assert folder is not None
    assert not Path(folder.name).exists()
