"""The tables as files: CSV with a Frictionless data package (standard library only), one XLSX
workbook (xlsxwriter) and Parquet (pyarrow), each the same bytes for the same graph."""

from __future__ import annotations

import csv
import datetime as dt
import importlib
import io
import json
from types import ModuleType
from typing import TYPE_CHECKING

from tradegraph.errors import UsageError
from tradegraph.prefixes import DATASET
from tradegraph.publish.tables import TableSet

if TYPE_CHECKING:
    from pandas import DataFrame

LICENSE = {
    "name": "CC-BY-4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
    "title": "Creative Commons Attribution 4.0",
}
XLSX_CELL_LIMIT = 32_767  # the most characters an Excel cell holds
NEEDS = {"xlsx": "xlsxwriter", "parquet": "pyarrow.parquet"}  # the modules a format needs


def require(formats: tuple[str, ...]) -> None:
    """Refuse, before any work, a format whose module (the 'tables' extra) is missing."""
    for fmt in formats:
        if fmt in NEEDS:
            _extra(NEEDS[fmt], f"--format {fmt}")


def _extra(module: str, what: str) -> ModuleType:
    try:
        return importlib.import_module(module)
    except ImportError:
        raise UsageError(
            f"{what} needs the 'tables' extra ({module.split('.')[0]} is missing): "
            "pip install 'tradegraph[tables]'"
        ) from None


def csv_package(tableset: TableSet) -> dict[str, bytes]:
    """NAME.csv for every table and the codebook, and datapackage.json describing them."""
    files = {}
    for table in tableset.tables:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow([c.name for c in table.columns])
        writer.writerows(["" if v is None else v for v in row] for row in table.rows)
        files[f"{table.name}.csv"] = buffer.getvalue().encode("utf-8")
    files["datapackage.json"] = (
        json.dumps(datapackage(tableset), indent=2, ensure_ascii=False) + "\n"
    ).encode("utf-8")
    return files


def datapackage(tableset: TableSet) -> dict:
    """The Frictionless (Data Package v1) descriptor of the CSV files: one tabular resource per
    table, its fields typed and described from the codebook, its keys declared."""
    codebook = {(row[0], row[1]): row for row in tableset.table("codebook").rows}
    resources = []
    for table in tableset.tables:
        fields = []
        for column in table.columns:
            field = {"name": column.name, "type": column.type}
            entry = codebook.get((table.name, column.name))
            if entry is not None:
                _, _, _, term, label, definition, _, note = entry
                field["title"] = label or term
                field["description"] = " ".join(p for p in (f"{term}: {definition}", note) if p)
            elif column.note:  # the codebook's own columns
                field["description"] = column.note
            fields.append(field)
        schema: dict = {"fields": fields, "primaryKey": list(table.primary_key)}
        if table.foreign_keys:
            schema["foreignKeys"] = [
                {"fields": column, "reference": {"resource": target, "fields": "iri"}}
                for column, target in table.foreign_keys
            ]
        resources.append(
            {
                "name": table.name,
                "path": f"{table.name}.csv",
                "profile": "tabular-data-resource",
                "title": table.title,
                "description": table.description,
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": schema,
            }
        )
    return {
        "profile": "tabular-data-package",
        "name": "tradegraph",
        "id": DATASET,
        "title": "tradegraph: cybersecurity and digital trade in trade agreements and the WTO",
        "description": "Tidy tables of the tradegraph knowledge graph, one row per thing; every "
        "row names its resource's IRI in the column iri. The codebook defines every column.",
        "created": f"{tableset.data_date}T00:00:00Z",
        "licenses": [LICENSE],
        "resources": resources,
    }


def xlsx_workbook(tableset: TableSet) -> bytes:
    """One workbook: a sheet per table and the codebook, dated by the data, not the clock."""
    xlsxwriter = _extra("xlsxwriter", "--format xlsx")
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    day = dt.datetime.fromisoformat(tableset.data_date)
    workbook.set_properties({"title": "tradegraph tables", "author": "tradegraph", "created": day})
    header = workbook.add_format({"bold": True})
    for table in tableset.tables:
        sheet = workbook.add_worksheet(table.name)
        for col, column in enumerate(table.columns):
            sheet.write_string(0, col, column.name, header)
        for r, row in enumerate(table.rows, start=1):
            for col, value in enumerate(row):
                if value is None:
                    continue
                if isinstance(value, int):
                    sheet.write_number(r, col, value)
                    continue
                if len(value) > XLSX_CELL_LIMIT:
                    raise UsageError(
                        f"{table.name}.{table.columns[col].name}: a value of {len(value)} "
                        f"characters is longer than an Excel cell holds ({XLSX_CELL_LIMIT})"
                    )
                # write_string, never write: a value starting '=' stays text, a URL no link.
                sheet.write_string(r, col, value)
        sheet.freeze_panes(1, 0)
        sheet.autofilter(0, 0, len(table.rows), len(table.columns) - 1)
    workbook.close()
    return buffer.getvalue()


def parquet_files(tableset: TableSet) -> dict[str, bytes]:
    """NAME.parquet for every table and the codebook, typed (string, date32, int64)."""
    pq = _extra("pyarrow.parquet", "--format parquet")
    pa = _extra("pyarrow", "--format parquet")
    types = {"string": pa.string(), "integer": pa.int64(), "date": pa.date32()}
    files = {}
    for table in tableset.tables:
        arrays = []
        for i, column in enumerate(table.columns):
            values = [row[i] for row in table.rows]
            if column.type == "date":
                values = [None if v is None else dt.date.fromisoformat(v) for v in values]
            arrays.append(pa.array(values, type=types[column.type]))
        buffer = io.BytesIO()
        pq.write_table(pa.table(arrays, names=[c.name for c in table.columns]), buffer)
        files[f"{table.name}.parquet"] = buffer.getvalue()
    return files


def dataframes(tableset: TableSet) -> dict[str, DataFrame]:
    """Every table (and the codebook) as a pandas DataFrame: dates as datetime64, integers as
    nullable Int64, text as strings."""
    pd = _extra("pandas", "dataframes")
    frames = {}
    for table in tableset.tables:
        frame = pd.DataFrame(list(table.rows), columns=[c.name for c in table.columns])
        for column in table.columns:
            if column.type == "date":
                frame[column.name] = pd.to_datetime(frame[column.name], format="%Y-%m-%d")
            elif column.type == "integer":
                frame[column.name] = frame[column.name].astype("Int64")
            else:
                frame[column.name] = frame[column.name].astype("string")
        frames[table.name] = frame
    return frames
