"""Result tables and reports to text: an aligned table for people; CSV, TSV, SPARQL 1.1 results
JSON and Markdown for scripts and documents."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from typing import TYPE_CHECKING

import pyoxigraph as ox

from tradegraph.engines.result import ResultTable
from tradegraph.errors import cut
from tradegraph.prefixes import compact
from tradegraph.table import aligned
from tradegraph.terms import XSD_STRING, Term

if TYPE_CHECKING:
    from tradegraph.validate import Report


def render_table(table: ResultTable, fmt: str) -> str:
    if fmt == "json":
        return _sparql_json(table)
    cells = [[plain(term) for term in row] for row in table.rows]
    if fmt == "csv":
        return _delimited(table.columns, cells, ",")
    if fmt == "tsv":
        return _delimited(table.columns, cells, "\t")
    if fmt == "markdown":
        return markdown_table(table.columns, cells)
    return aligned(table.columns, cells) + f"\n({len(cells)} row{'s' if len(cells) != 1 else ''})\n"


def plain(term: Term | None) -> str:
    """A term as a person reads it: literals as their text, IRIs as prefixed names."""
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        return compact(term.value)
    return term.value


def _delimited(columns: Sequence[str], rows: Sequence[Sequence[str]], delimiter: str) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows(rows)
    return buffer.getvalue()


def markdown_table(columns: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    def cell(text: str) -> str:
        return text.replace("|", "\\|").replace("\n", " ")

    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    lines += ["| " + " | ".join(cell(c) for c in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def _sparql_json(table: ResultTable) -> str:
    bindings = []
    for row in table.rows:
        binding = {}
        for column, term in zip(table.columns, row, strict=True):
            if term is not None:
                binding[column] = _json_term(term)
        bindings.append(binding)
    document = {"head": {"vars": table.columns}, "results": {"bindings": bindings}}
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _json_term(term: Term) -> dict[str, str]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    out = {"type": "literal", "value": term.value}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype.value != XSD_STRING:
        out["datatype"] = term.datatype.value
    return out


def render_report(report: Report) -> str:
    """Violations grouped by resource: label and IRI, then each broken rule with its value."""
    if report.conforms:
        return "valid: the graph conforms to the shapes and passes every check\n"
    lines = []
    grouped = report.by_resource()
    for (focus, label), violations in grouped.items():
        lines.append(f"{_cut(label) or '(no label)'}  <{_cut(focus)}>")
        for v in violations:
            where = f" [{_cut(v.path)}]" if v.path else ""
            value = f" (value: {_cut(v.value)})" if v.value else ""
            lines.append(f"  - {_cut(v.rule)}{where}{value}  <- {v.source}")
    resources = len(grouped)
    lines.append(
        f"invalid: {len(report.violations)} violation{'s' if len(report.violations) != 1 else ''}"
        f" on {resources} resource{'s' if resources != 1 else ''}"
    )
    return "\n".join(lines) + "\n"


# What a report repeats of a value: a 5 MB label is not printed back in full.
_ECHO_LIMIT = 200


def _cut(text: str) -> str:
    return cut(" ".join(text.split()) if "\n" in text else text, _ECHO_LIMIT)
