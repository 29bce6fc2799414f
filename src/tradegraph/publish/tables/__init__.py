"""`tradegraph tables`: the graph as tidy tables, one row per thing, for spreadsheets and pandas.

Each table is one SPARQL query in this package's `queries/` (one .rq per table), run on the
cached Oxigraph store; its `#+ columns:` decorator names the term (ontology or standard) each
column is read from, so the codebook defines every column from the ontology's labels and
definitions, or from the standard vocabulary's own (standard-terms.ttl). Every row has its
resource's IRI in the column `iri`. Several values in one cell are sorted and separated by
" | ". writers.py turns the tables into CSV with a Frictionless data package, one XLSX
workbook, or Parquet; the folder is built aside and swapped in (files.write_folder_atomic)."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from tradegraph.catalogue import read_decorators
from tradegraph.errors import InputError, UsageError
from tradegraph.prefixes import PREFIXES, compact
from tradegraph.stats import data_date

if TYPE_CHECKING:
    from tradegraph.api import Project
    from tradegraph.engines.result import Engine

MARKER = ".tradegraph-tables"  # a folder holding it is one `tradegraph tables` may replace
WHAT = "tradegraph tables"
FORMATS = ("csv", "xlsx", "parquet")
SEPARATOR = " | "  # between the values of a cell that holds several
_GROUPED = "\x1f"  # the queries' GROUP_CONCAT separator, which no value contains
TYPES = ("string", "date", "integer")  # Frictionless Table Schema field types
# Table order: the order of the sheets, the data package's resources and the codebook.
ORDER = (
    "agreements",
    "rta_records",
    "parties",
    "provisions",
    "elements",
    "reviews",
    "events",
    "jsi_participants",
    "jsi_counts",
    "decisions",
    "positions",
    "countries",
    "crosswalk",
)
_VALUE_NOTES = {
    "literal": "",
    "label": "The label of the value (a concept's skos:prefLabel, a class's rdfs:label).",
    "iri": "The IRI of the value.",
    "count": "The number of resources that link to this one by the property.",
    "coding": "'covered' where the provision covers the element; otherwise 'not covered (text "
    "read)' where the provision is at official text, else 'not read'.",
}


@dataclass(frozen=True)
class Column:
    name: str
    term: str  # the CURIE of the property (or, for iri, the class) the column is read from
    type: str  # string | date | integer
    value: str  # literal | label | iri | count | coding
    multi: bool  # several values, sorted, separated by SEPARATOR
    source: str  # whose property it is, when not the row's resource ("the agreement")
    note: str  # anything more the codebook says


@dataclass(frozen=True)
class Table:
    name: str
    title: str
    description: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[str | int | None, ...], ...]
    primary_key: tuple[str, ...] = ("iri",)
    foreign_keys: tuple[tuple[str, str], ...] = ()  # (column, table whose iri it holds)


@dataclass(frozen=True)
class TableSet:
    tables: tuple[Table, ...]  # in ORDER, then the codebook
    data_date: str  # the ontology's dcterms:modified, the date of the workbook and package

    def table(self, name: str) -> Table:
        return next(t for t in self.tables if t.name == name)


def parse_formats(formats: str | tuple[str, ...] | list[str]) -> tuple[str, ...]:
    """Formats as given (a list, repeated options, or "csv,xlsx"), checked, deduplicated, in
    FORMATS order."""
    given = [formats] if isinstance(formats, str) else list(formats)
    names = {part.strip().lower() for item in given for part in item.split(",") if part.strip()}
    unknown = sorted(names - set(FORMATS))
    if unknown:
        raise UsageError(f"--format {unknown[0]!r}: expected one of {', '.join(FORMATS)}")
    if not names:
        raise UsageError(f"--format: name at least one of {', '.join(FORMATS)}")
    return tuple(f for f in FORMATS if f in names)


def build_tables(project: Project) -> TableSet:
    """Every table and the codebook, from the cached store (nothing is written)."""
    engine = project.store().engine()
    tables = []
    for name in ORDER:
        text = _query_text(name)
        spec = read_decorators(Path(f"{name}.rq"), text)
        columns = _columns(name, spec)
        result = engine.select(text)
        if result.columns != [c.name for c in columns]:
            raise InputError(f"{name}.rq: the query's columns are not those of '#+ columns:'")
        rows = tuple(
            tuple(_cell(term, column) for term, column in zip(row, columns, strict=True))
            for row in result.rows
        )
        keys = spec.get("keys") or {}
        tables.append(
            Table(
                name=name,
                title=str(spec["summary"]).strip(),
                description=str(spec.get("description", "")).strip(),
                columns=columns,
                rows=rows,
                primary_key=tuple(keys.get("primary", ["iri"])),
                foreign_keys=tuple(sorted((keys.get("foreign") or {}).items())),
            )
        )
    day = data_date(engine)
    if day is None:
        raise InputError("the ontology has no dcterms:modified: the tables have no date")
    return TableSet((*tables, _codebook(engine, tables)), day)


def check_output(output: Path, formats: tuple[str, ...]) -> None:
    """Refuse, before any work, a folder that may not be replaced or a format whose module is
    missing."""
    from tradegraph.files import check_replaceable
    from tradegraph.publish.tables.writers import require

    check_replaceable(output, MARKER, WHAT)
    require(formats)


def write_tables(tableset: TableSet, output: Path, formats: tuple[str, ...]) -> list[Path]:
    """Write the tables in the formats into output, replaced whole; the paths written."""
    from tradegraph.files import write_folder_atomic
    from tradegraph.publish.tables import writers

    files: dict[str, bytes] = {}
    if "csv" in formats:
        files.update(writers.csv_package(tableset))
    if "xlsx" in formats:
        files["tradegraph.xlsx"] = writers.xlsx_workbook(tableset)
    if "parquet" in formats:
        files.update(writers.parquet_files(tableset))
    write_folder_atomic(output, files, MARKER, WHAT)
    return [output / name for name in sorted(files)]


def _query_text(name: str) -> str:
    return resources.files(__name__).joinpath("queries", f"{name}.rq").read_text("utf-8")


def _columns(table: str, spec: dict) -> tuple[Column, ...]:
    declared = spec.get("columns")
    if not isinstance(declared, dict) or next(iter(declared), None) != "iri":
        raise InputError(f"{table}.rq: '#+ columns:' must map column names, 'iri' first")
    columns = []
    for name, entry in declared.items():
        term = entry.get("class") if name == "iri" else entry.get("term")
        if isinstance(term, list):
            term = " ".join(term)
        kind = entry.get("type", "string")
        if not term or kind not in TYPES:
            raise InputError(f"{table}.rq: column {name} needs a term and a type in {TYPES}")
        value = "iri" if name == "iri" else entry.get("value", "literal")
        multi = bool(entry.get("multi", False))
        columns.append(
            Column(
                name=name,
                term=term,
                type="string" if multi else kind,
                value=value,
                multi=multi,
                source=str(entry.get("from", "")),
                note=str(entry.get("note", "")),
            )
        )
    return tuple(columns)


def _cell(
    term: ox.NamedNode | ox.Literal | ox.BlankNode | None, column: Column
) -> str | int | None:
    if term is None or term.value == "":
        return None
    if column.multi:
        return SEPARATOR.join(sorted(set(term.value.split(_GROUPED))))
    if column.type == "integer":
        return int(term.value)
    return term.value


# The codebook: one row per column of every table, defined from the ontology or the standard.

CODEBOOK_COLUMNS = {
    "table": "The table the column belongs to.",
    "column": "The column's name, stable across releases.",
    "type": "The column's Frictionless Table Schema type: string, date (YYYY-MM-DD) or integer.",
    "term": "The term the column is read from (a prefixed name): a property, or for iri the "
    "class of the row's resource.",
    "term_label": "The term's rdfs:label in the tradegraph ontology (empty for a reused term).",
    "definition": "The term's skos:definition in the tradegraph ontology, or the rdfs:comment "
    "of the vocabulary that defines a reused term, word for word.",
    "defined_by": "The ontology or vocabulary that defines the term.",
    "note": "How the column reads the term: whose property it is, a label or an IRI, several "
    "values.",
}


def _codebook(engine: Engine, tables: list[Table]) -> Table:
    definitions = _definitions(engine)
    rows = []
    for table in tables:
        for column in table.columns:
            terms = column.term.split()
            missing = [t for t in terms if t not in definitions]
            if missing:
                raise InputError(f"{table.name}.rq: {missing[0]} has no definition to cite")
            entries = [definitions[t] for t in terms]
            label = "; ".join(e[0] for e in entries if e[0]) or None
            definition = (
                entries[0][1]
                if len(terms) == 1
                else " ".join(f"{t}: {e[1]}" for t, e in zip(terms, entries, strict=True))
            )
            defined_by = " ".join(sorted({e[2] for e in entries}))
            rows.append(
                (
                    table.name,
                    column.name,
                    column.type,
                    column.term,
                    label,
                    definition,
                    defined_by,
                    _note(column) or None,
                )
            )
    columns = tuple(
        Column(name, "", "string", "literal", False, "", note)
        for name, note in CODEBOOK_COLUMNS.items()
    )
    return Table(
        name="codebook",
        title="Codebook - every column of every table, with the term it is read from",
        description="Each column's definition is the ontology's skos:definition of its term "
        "(tradegraph's own terms), or the standard vocabulary's rdfs:comment (reused terms), "
        "with the vocabulary that defines it.",
        columns=columns,
        rows=tuple(rows),
        primary_key=("table", "column"),
    )


def _note(column: Column) -> str:
    parts = []
    if column.name == "iri":
        parts.append("The IRI of the resource the row describes.")
    elif column.source:
        parts.append(f"Of {column.source}.")
    if column.name != "iri" and _VALUE_NOTES[column.value]:
        parts.append(_VALUE_NOTES[column.value])
    if column.multi:
        parts.append(f"Several values are sorted and separated by '{SEPARATOR}'.")
    if column.note:
        parts.append(column.note[0].upper() + column.note[1:] + ".")
    return " ".join(parts)


def _definitions(engine: Engine) -> dict[str, tuple[str | None, str, str]]:
    """CURIE -> (label, definition, defined by): tradegraph's terms from the ontology (rdfs:label,
    skos:definition), the reused ones from standard-terms.ttl (the standard's rdfs:comment)."""
    ontology = PREFIXES["tg"]
    found: dict[str, tuple[str | None, str, str]] = {}
    rows = engine.select(
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
        "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
        "SELECT ?term (SAMPLE(STR(?l)) AS ?label) (SAMPLE(STR(?d)) AS ?definition) WHERE {\n"
        "  ?term skos:definition ?d . OPTIONAL { ?term rdfs:label ?l }\n"
        f'  FILTER(STRSTARTS(STR(?term), "{ontology}"))\n'
        "} GROUP BY ?term"
    ).rows
    for term, label, definition in rows:
        found[compact(term.value)] = (
            label.value if label else None,
            definition.value,
            ontology.rstrip("#"),
        )
    standard = ox.Store()
    standard.load(
        resources.files(__name__).joinpath("standard-terms.ttl").read_bytes(),
        format=ox.RdfFormat.TURTLE,
    )
    comment = ox.NamedNode(PREFIXES["rdfs"] + "comment")
    defined_by = ox.NamedNode(PREFIXES["rdfs"] + "isDefinedBy")
    for quad in standard.quads_for_pattern(None, comment, None):
        by = next(standard.quads_for_pattern(quad.subject, defined_by, None)).object.value
        found[compact(quad.subject.value)] = (None, quad.object.value, by)
    return found
