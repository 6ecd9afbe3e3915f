"""Every error the library raises on purpose, in one place.

The CLI prints ``str(error)`` as one line on stderr and exits 1; anything else is a bug.
"""

from __future__ import annotations


class KgError(Exception):
    """Base class: a problem the user can fix, with a one-line message."""


class InputError(KgError):
    """An input article or corpus cannot be read."""

    def __init__(self, path: str, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem


class StoreError(KgError):
    """The store cannot be opened or written."""


class QueryError(KgError):
    """A SPARQL query is malformed or failed."""


class FormatError(KgError):
    """An unknown output format, or a file in a format we cannot read."""


class MissingExtraError(KgError):
    """An optional dependency (such as pandas, for the notebook API) is not installed."""


class ExecutorError(KgError):
    """The workers that extract in parallel (local processes or a Dask cluster) are unusable."""
