"""Check the graph against the SHACL shapes of ``ontology/shapes.ttl`` with pySHACL.

The shapes say what kg writes: an agreement has at least two parties, a date is a valid
xsd:date or xsd:gYearMonth, every body acts for exactly one locality, shortcuts are
symmetric and backed by an event, every event has its attestation ... Validation runs over
the union of all article graphs, as queries see it. Warnings (such as a place missing from
the gazetteer, written without a label) are reported but do not make the graph fail.

>>> import rdflib
>>> validate_graph(rdflib.Graph()).conforms
True
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import lru_cache

import rdflib
from rdflib.namespace import SH

from kg.errors import FormatError
from kg.ns import ID, SERIALIZATION_PREFIXES, SHAPES_PATH
from kg.store.backend import Store

log = logging.getLogger(__name__)

__all__ = ["Finding", "ValidationReport", "load_shapes", "validate_graph", "validate_store"]


@dataclass(frozen=True)
class Finding:
    """One SHACL result: which node, which property, what value, and what is wrong."""

    severity: str  # "violation", "warning" or "info"
    focus: str
    path: str | None
    value: str | None
    message: str
    shape: str


@dataclass(frozen=True)
class ValidationReport:
    """The outcome of one validation; ``conforms`` is False only for violations."""

    conforms: bool
    findings: tuple[Finding, ...]
    triples: int
    results_graph: rdflib.Graph

    @property
    def violations(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity == "violation")

    @property
    def warnings(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity != "violation")

    def text(self, limit: int | None = 50) -> str:
        """A report for people: a summary line, then one block per finding."""
        verdict = "conforms" if self.conforms else "does NOT conform"
        lines = [
            f"The graph ({self.triples} triples) {verdict} to ontology/shapes.ttl: "
            f"{len(self.violations)} violations, {len(self.warnings)} warnings."
        ]
        shown = sorted(self.findings, key=lambda f: (f.severity != "violation", f.message, f.focus))
        for finding in shown[:limit] if limit is not None else shown:
            lines.append("")
            lines.append(f"{finding.severity.upper()}: {finding.message}")
            lines.append(f"  node:  {finding.focus}")
            if finding.path:
                lines.append(f"  path:  {finding.path}")
            if finding.value:
                lines.append(f"  value: {finding.value}")
            lines.append(f"  shape: {finding.shape}")
        if limit is not None and len(shown) > limit:
            lines.append("")
            lines.append(f"... and {len(shown) - limit} more (use --limit 0 to see all).")
        return "\n".join(lines) + "\n"


def _short(term: rdflib.term.Node | None) -> str | None:
    if term is None:
        return None
    if isinstance(term, rdflib.URIRef):
        text = str(term)
        if text.startswith(ID):
            return f"id:{text[len(ID) :]}"
        for name, base in SERIALIZATION_PREFIXES.items():
            if text.startswith(base) and text[len(base) :].replace("_", "a").isalnum():
                return f"{name}:{text[len(base) :]}"
        return f"<{text}>"
    if isinstance(term, rdflib.Literal):
        return term.n3()
    return f"[{term.__class__.__name__}]"


@lru_cache(maxsize=1)
def load_shapes() -> rdflib.Graph:
    """The shapes graph shipped in ``ontology/shapes.ttl``."""
    try:
        return rdflib.Graph().parse(SHAPES_PATH, format="turtle")
    except (OSError, SyntaxError) as error:
        raise FormatError(f"{SHAPES_PATH}: cannot read the SHACL shapes ({error})") from None


_SEVERITY: dict[rdflib.term.Node | None, str] = {
    SH.Violation: "violation",
    SH.Warning: "warning",
    SH.Info: "info",
}


def _shape_name(shapes: rdflib.Graph, shape: rdflib.term.Node | None) -> str:
    """A property shape is a blank node: name the node shape that holds it instead."""
    if isinstance(shape, rdflib.BNode):
        owner = shapes.value(None, SH.property, shape) or shapes.value(None, SH.sparql, shape)
        path = _short(shapes.value(shape, SH.path))
        if owner is not None:
            return f"{_short(owner)}" + (f" ({path})" if path else "")
    return _short(shape) or "?"


def _findings(results: rdflib.Graph, shapes: rdflib.Graph) -> tuple[Finding, ...]:
    out = []
    for result in results.subjects(rdflib.RDF.type, SH.ValidationResult):
        messages = sorted(str(m) for m in results.objects(result, SH.resultMessage))
        out.append(
            Finding(
                severity=_SEVERITY.get(results.value(result, SH.resultSeverity), "violation"),
                focus=_short(results.value(result, SH.focusNode)) or "?",
                path=_short(results.value(result, SH.resultPath)),
                value=_short(results.value(result, SH.value)),
                message=messages[0] if messages else "constraint not met",
                shape=_shape_name(shapes, results.value(result, SH.sourceShape)),
            )
        )
    return tuple(sorted(out, key=lambda f: (f.severity, f.message, f.focus, f.value or "")))


def validate_graph(data: rdflib.Graph, shapes: rdflib.Graph | None = None) -> ValidationReport:
    """Validate ``data`` against ``shapes`` (default: ``ontology/shapes.ttl``)."""
    from pyshacl import validate  # imported here: it takes a second to import

    shapes = shapes if shapes is not None else load_shapes()
    conforms, results, text = validate(
        data,
        shacl_graph=shapes,
        inference="none",
        allow_warnings=True,
        advanced=True,
    )
    if not isinstance(results, rdflib.Graph):  # pySHACL could not run the shapes
        raise FormatError(
            f"{SHAPES_PATH}: SHACL validation failed to run: {' '.join(str(text).split())}"
        )
    findings = _findings(results, shapes)
    log.info("validated %d triples: %d findings", len(data), len(findings))
    return ValidationReport(bool(conforms), findings, len(data), results)


def store_graph(store: Store) -> rdflib.Graph:
    """The union of all article graphs of ``store`` as an rdflib graph."""
    return rdflib.Graph().parse(data=store.dump("nt"), format="nt")


def validate_store(store: Store) -> ValidationReport:
    """Validate the union of all article graphs in ``store``."""
    return validate_graph(store_graph(store))
