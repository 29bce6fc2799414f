"""Validation: SHACL shapes (pySHACL, no inference) plus the violation checks in
queries/checks/*-violation.rq, each of which fails validation when it returns rows.

Returns a Report; printing it is render.py's job.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import Graph, URIRef
from rdflib.namespace import RDFS, SH, SKOS
from rdflib.term import Node

from tradegraph.catalogue import StoredQuery
from tradegraph.rdflib_engine import to_rdflib
from tradegraph.sparql import Engine, run


@dataclass(frozen=True)
class Violation:
    focus: str  # IRI (or blank-node id) of the resource that breaks the rule
    label: str  # its label, or "" when it has none
    rule: str  # what is wrong, in words
    path: str = ""  # the property concerned, as a prefixed name where possible
    value: str = ""  # the offending value, where there is one
    source: str = ""  # the shape or check that found it


@dataclass
class Report:
    violations: list[Violation] = field(default_factory=list)

    @property
    def conforms(self) -> bool:
        return not self.violations

    def by_resource(self) -> dict[tuple[str, str], list[Violation]]:
        grouped: dict[tuple[str, str], list[Violation]] = {}
        for violation in sorted(self.violations, key=_sort_key):
            grouped.setdefault((violation.focus, violation.label), []).append(violation)
        return grouped


def validate(data: Graph, shapes: Graph, checks: list[StoredQuery]) -> Report:
    """Validate the graph against the shapes and every violation check."""
    from tradegraph.oxigraph import OxigraphEngine, store_from_graph

    report = Report()
    report.violations.extend(_shacl(data, shapes))
    # The checks run on pyoxigraph (an in-memory copy of the graph): a tenth of rdflib's time.
    engine = OxigraphEngine(store_from_graph(data))
    for check in checks:
        report.violations.extend(_check(data, check, engine))
    return report


def _shacl(data: Graph, shapes: Graph) -> list[Violation]:
    from pyshacl import validate as shacl_validate  # heavy import, only when validating

    conforms, results, _text = shacl_validate(
        data, shacl_graph=shapes, inference="none", allow_warnings=False
    )
    if conforms:
        return []
    violations = []
    for result in results.subjects(SH.resultSeverity, None):
        focus = results.value(result, SH.focusNode)
        path = results.value(result, SH.resultPath)
        value = results.value(result, SH.value)
        message = results.value(result, SH.resultMessage)
        shape = results.value(result, SH.sourceShape)
        component = results.value(result, SH.sourceConstraintComponent)
        violations.append(
            Violation(
                focus=str(focus),
                label=label_of(data, focus),
                rule=str(message) if message else _local(component),
                path=_short(data, path),
                value=_short(data, value),
                source=_short(shapes, shape) if isinstance(shape, URIRef) else _local(component),
            )
        )
    return violations


def _check(data: Graph, check: StoredQuery, engine: Engine) -> list[Violation]:
    table = run(check, engine)
    violations = []
    for row in table.rows:
        terms = (None if term is None else to_rdflib(term) for term in row)
        values = dict(zip(table.columns, terms, strict=True))
        focus = values.get("resource")
        violations.append(
            Violation(
                focus=str(focus),
                label=label_of(data, focus),
                rule=str(values.get("message") or check.summary),
                value=_short(data, values.get("value")),
                source=check.name,
            )
        )
    return violations


def label_of(graph: Graph, node: Node | None) -> str:
    if node is None:
        return ""
    label = graph.value(node, RDFS.label) or graph.value(node, SKOS.prefLabel)
    return str(label) if label is not None else ""


def _short(graph: Graph, node: Node | None) -> str:
    if node is None:
        return ""
    if isinstance(node, URIRef):
        try:
            return graph.namespace_manager.normalizeUri(node)
        except Exception:
            return str(node)
    return str(node)


def _local(node: Node | None) -> str:
    return str(node).rsplit("#", 1)[-1] if node is not None else ""


def _sort_key(violation: Violation) -> tuple[str, ...]:
    return (violation.focus, violation.source, violation.path, violation.rule, violation.value)
