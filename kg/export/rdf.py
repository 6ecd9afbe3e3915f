"""Write the whole store as RDF: one exporter per format name, looked up in ``EXPORTERS``.

``turtle``, ``nt`` and ``jsonld`` hold the union of all article graphs (a place described by
several articles appears once); ``trig`` and ``nquads`` keep one named graph per article.
``jsonld`` is compacted with the project's context (``kg.export.jsonld``), so it reads with
short terms (``"label": {"vi": "Lào Cai"}``, ``"signedMoUWith": "id:place/vn/thai-binh"``).
"""

from __future__ import annotations

import contextlib
import logging
import os
import tempfile
from collections.abc import Callable
from functools import partial
from pathlib import Path

import pyoxigraph as ox

from kg.errors import FormatError, KgError
from kg.export.jsonld import jsonld_document
from kg.store.backend import RDF_FORMATS, Store

log = logging.getLogger(__name__)

Exporter = Callable[[Store], bytes]


def _dump(fmt: str, store: Store) -> bytes:
    return store.dump(fmt)


def _jsonld(store: Store) -> bytes:
    triples = ox.parse(store.dump("nt"), format=ox.RdfFormat.N_TRIPLES)
    return jsonld_document(quad.triple for quad in triples)


EXPORTERS: dict[str, Exporter] = {name: partial(_dump, name) for name in RDF_FORMATS}
EXPORTERS["jsonld"] = _jsonld


def _write_atomically(path: Path, data: bytes) -> None:
    # A reader never sees a half-written file: write beside it, then rename over it.
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def export(store: Store, fmt: str, path: Path | None = None) -> bytes:
    """Serialise ``store`` as ``fmt``; also write it to ``path`` if one is given."""
    exporter = EXPORTERS.get(fmt)
    if exporter is None:
        raise FormatError(f"unknown RDF format {fmt!r}; known: {', '.join(EXPORTERS)}")
    data = exporter(store)
    if path is not None:
        try:
            _write_atomically(Path(path), data)
        except OSError as error:
            raise KgError(f"{path}: cannot write the export: {error.strerror or error}") from None
        log.info("wrote %s (%d bytes, %s)", path, len(data), fmt)
    return data
