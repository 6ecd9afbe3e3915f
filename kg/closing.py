"""``Closing``: the ``with`` block for every object that holds something until ``close()``.

Stores, the build cache, the executors and the notebook's ``KnowledgeGraph`` all release a
resource in ``close()``; this mixin gives them ``__enter__``/``__exit__`` once.

>>> class Door(Closing):
...     def close(self) -> None:
...         print("closed")
>>> with Door() as door:
...     print(type(door).__name__)
Door
closed
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from types import TracebackType
from typing import Self

__all__ = ["Closing"]


class Closing(ABC):
    """A context manager that returns itself and calls ``close()`` on the way out, also
    when the block raises (the error then goes on)."""

    __slots__ = ()

    @abstractmethod
    def close(self) -> None:
        """Release what the object holds."""

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
