"""`tradegraph tables`: one row per resource of each kind, cells equal to the graph's statements,
a codebook that defines every column from the ontology or the cited standard, a data package
that frictionless validates, an XLSX workbook and Parquet files with the CSV's rows, the same
bytes on every build, and an output folder replaced whole or not at all."""

from __future__ import annotations

import csv
import inspect
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from rdflib import RDF, RDFS, Graph, Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG, SKOS

from tradegraph import Project
from tradegraph.errors import InputError, UsageError
from tradegraph.prefixes import PREFIXES
from tradegraph.publish.tables import MARKER, ORDER, SEPARATOR, TableSet, parse_formats

from .helpers import ROOT, run_readme_python

# One worker builds the tables once (pytest-xdist --dist loadgroup).
pytestmark = pytest.mark.xdist_group("tables")

TG = Namespace(PREFIXES["tg"])
ALL = ("csv", "xlsx", "parquet")
# The class each table has one row per instance of.
CLASSES = {
    "agreements": [TG.TradeAgreement],
    "rta_records": [TG.RtaRecord],
    "parties": [TG.PartyMembership],
    "provisions": [TG.Provision],
    "reviews": [TG.ProvisionReview],
    "events": [TG.Event],
    "jsi_participants": [TG.NegotiationParticipation],
    "jsi_counts": [TG.ParticipantCount],
    "decisions": [TG.Decision],
    "positions": [TG.Position],
    "countries": [TG.Country, TG.OtherTerritory],
    "crosswalk": [TG.TradeAgreement, TG.Country, TG.OtherTerritory],
}


@pytest.fixture(scope="module")
def project() -> Project:
    return Project(ROOT)


@pytest.fixture(scope="module")
def tableset(project: Project) -> TableSet:
    return project.table_set()


@pytest.fixture(scope="module")
def written(project: Project, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("tables") / "out"
    project.tables(out, ALL)
    return out


def _csv(folder: Path, name: str) -> list[list[str]]:
    with open(folder / f"{name}.csv", encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def _text(value) -> str:
    return "" if value is None else str(value)


def _rows(table) -> list[dict]:
    return [dict(zip([c.name for c in table.columns], row, strict=True)) for row in table.rows]


def _instances(graph: Graph, classes) -> set[str]:
    return {str(s) for c in classes for s in graph.subjects(RDF.type, c)}


def _label(graph: Graph, concept) -> str:
    return str(graph.value(concept, SKOS.prefLabel))


def _multi(values) -> str | None:
    return SEPARATOR.join(sorted({str(v) for v in values})) or None


# The rows are the graph's resources and statements.


def test_every_table_has_one_row_per_resource_of_its_class(tableset, graph):
    assert [t.name for t in tableset.tables] == [*ORDER, "codebook"]
    for name, classes in CLASSES.items():
        iris = [row[0] for row in tableset.table(name).rows]
        assert len(iris) == len(set(iris)), name
        assert set(iris) == _instances(graph, classes), name


def test_elements_is_every_provision_by_every_element_coded_by_the_level(tableset, graph):
    element_scheme = URIRef(PREFIXES["scheme"] + "element")
    elements = set(graph.subjects(SKOS.topConceptOf, element_scheme))
    provisions = set(graph.subjects(RDF.type, TG.Provision))
    rows = _rows(tableset.table("elements"))
    assert {(r["iri"], r["element"]) for r in rows} == {
        (str(p), str(e)) for p in provisions for e in elements
    }
    official = URIRef(PREFIXES["verification"] + "official-text")
    for row in rows:
        provision, element = URIRef(row["iri"]), URIRef(row["element"])
        if (provision, TG.coversElement, element) in graph:
            assert row["coding"] == "covered"
        elif (provision, TG.verificationLevel, official) in graph:
            assert row["coding"] == "not covered (text read)"
        else:
            assert row["coding"] == "not read"
    covered = sum(1 for r in rows if r["coding"] == "covered")
    assert covered == len(list(graph.subject_objects(TG.coversElement)))


def test_agreement_cells_are_the_graphs_statements(tableset, graph):
    for row in _rows(tableset.table("agreements")):
        agreement = URIRef(row["iri"])
        assert row["label"] == str(graph.value(agreement, RDFS.label))
        assert row["signature_date"] == _opt(graph.value(agreement, TG.signatureDate))
        assert row["sources"] == _multi(graph.objects(agreement, DCTERMS.source))
        assert row["copies_read"] == _multi(graph.objects(agreement, TG.copyRead))
        assert row["level"] == _label(graph, graph.value(agreement, TG.verificationLevel))
        records = list(graph.subjects(FOAF.primaryTopic, agreement))
        assert row["wto_rta_id"] == _multi(graph.value(r, TG.wtoRtaId) for r in records)
        (review,) = graph.subjects(TG.reviewOf, agreement)
        assert row["finding"] == _label(graph, graph.value(review, TG.finding))
        assert row["method"] == _label(graph, graph.value(review, TG.method))
        assert row["parties"] == len(list(graph.subjects(TG.membershipOf, agreement)))
        texts = list(graph.objects(agreement, TG.officialText))
        assert row["official_text_urls"] == _multi(
            url for text in texts for url in graph.objects(text, DCTERMS.source)
        )
        assert row["official_text_unlocated"] == _opt(
            graph.value(agreement, TG.officialTextUnlocated)
        )
        # Every agreement has one or the other (the link check).
        assert bool(row["official_text_urls"]) != bool(row["official_text_unlocated"])


def _opt(value) -> str | None:
    return None if value is None else str(value)


def test_party_rows_are_the_memberships_with_their_own_dates(tableset, graph):
    rows = _rows(tableset.table("parties"))
    for row in rows:
        membership = URIRef(row["iri"])
        assert row["agreement"] == str(graph.value(membership, TG.membershipOf))
        assert row["party"] == str(graph.value(membership, ORG.member))
        for column, prop in [
            ("signature_date", TG.signatureDate),
            ("accession_date", TG.accessionDate),
            ("entry_into_force_date", TG.entryIntoForceDate),
            ("withdrawal_date", TG.withdrawalDate),
        ]:
            assert row[column] == _opt(graph.value(membership, prop)), (row["iri"], column)
    # A party's dates are its own: a census membership has none, never the agreement's.
    assert any(r["entry_into_force_date"] is None for r in rows)


def test_counts_and_crosswalk_identifiers(tableset, graph):
    for row in _rows(tableset.table("jsi_counts")):
        assert row["count"] == int(graph.value(URIRef(row["iri"]), TG["count"]))
    wikidata = Namespace(PREFIXES["wd"])
    for row in _rows(tableset.table("crosswalk")):
        resource = URIRef(row["iri"])
        links = [o for o in graph.objects(resource, SKOS.exactMatch) if o.startswith(wikidata)]
        assert row["wikidata"] == _multi(links)
        reviews = graph.subjects(TG.reviewOf, resource)
        assert row["tota_id"] == _multi(t for r in reviews for t in graph.objects(r, TG.totaId))


def test_a_single_valued_column_hides_no_second_value(tableset, graph):
    """A column that is not multi-valued shows the one value its resource has: none has two."""
    for table in tableset.tables[:-1]:
        direct = [
            c
            for c in table.columns[1:]
            if not c.multi and not c.source and c.value in ("literal", "label", "iri")
        ]
        for column in direct:
            if column.term == "rdf:type":
                continue
            prefix, name = column.term.split(":")
            prop = URIRef(PREFIXES[prefix] + name)
            for row in table.rows:
                values = set(graph.objects(URIRef(row[0]), prop))
                assert len(values) <= 1, (table.name, column.name, row[0], values)


# The codebook.


def test_the_codebook_defines_every_column_of_every_table(tableset):
    codebook = tableset.table("codebook")
    defined = {(r[0], r[1]) for r in codebook.rows}
    assert defined == {(t.name, c.name) for t in tableset.tables[:-1] for c in t.columns}
    assert all(r[5] and r[6] for r in codebook.rows)  # a definition, and who defines it


def test_tradegraph_terms_are_defined_by_the_ontology(tableset, graph):
    for table, column, _, term, label, definition, defined_by, _ in tableset.table("codebook").rows:
        if term.startswith("tg:") and " " not in term:
            iri = TG[term[3:]]
            assert definition == str(graph.value(iri, SKOS.definition)), (table, column)
            assert label == str(graph.value(iri, RDFS.label))
            assert defined_by == PREFIXES["tg"].rstrip("#")


def test_standard_terms_quote_the_standards_word_for_word(tableset):
    """standard-terms.ttl quotes each vocabulary's rdfs:comment as rdflib reproduces it from the
    vocabulary's RDF (rdflib/namespace/_DCTERMS.py and its siblings)."""
    import rdflib.namespace as namespaces

    sources = "".join(
        inspect.getsource(getattr(namespaces, module))
        for module in ("_RDF", "_RDFS", "_DCTERMS", "_SKOS", "_ORG", "_FOAF")
    )
    standard = [r for r in tableset.table("codebook").rows if not r[3].startswith("tg:")]
    assert standard
    for row in standard:
        assert row[5] in sources, row[3]


# The files.


def test_csv_files_hold_the_tables(tableset, written):
    for table in tableset.tables:
        rows = _csv(written, table.name)
        assert rows[0] == [c.name for c in table.columns]
        assert rows[1:] == [[_text(v) for v in row] for row in table.rows], table.name


def test_the_data_package_validates(written):
    from frictionless import Package, validate

    report = validate(str(written / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:5]
    package = Package(str(written / "datapackage.json"))
    assert [r.name for r in package.resources] == [*ORDER, "codebook"]
    assert package.get_resource("elements").schema.primary_key == ["iri", "element"]
    fields = package.get_resource("agreements").schema.get_field("signature_date")
    assert fields.type == "date"
    assert fields.description.startswith("tg:signatureDate: ")


def test_the_workbook_has_the_csv_rows_on_a_sheet_per_table(tableset, written):
    from openpyxl import load_workbook

    workbook = load_workbook(written / "tradegraph.xlsx", read_only=True)
    assert workbook.sheetnames == [*ORDER, "codebook"]
    for table in tableset.tables:
        sheet = [
            [_text(v) for v in row] for row in workbook[table.name].iter_rows(values_only=True)
        ]
        assert sheet == _csv(written, table.name), table.name
    workbook.close()


def test_the_workbook_is_dated_by_the_data(written, graph):
    from openpyxl import load_workbook

    ontology = URIRef(PREFIXES["tg"].rstrip("#"))
    modified = str(graph.value(ontology, DCTERMS.modified))
    workbook = load_workbook(written / "tradegraph.xlsx", read_only=True)
    assert workbook.properties.created.date().isoformat() == modified
    assert workbook.properties.modified.date().isoformat() == modified
    workbook.close()
    with zipfile.ZipFile(written / "tradegraph.xlsx") as archive:
        assert {i.date_time for i in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_parquet_files_hold_the_csv_rows_typed(tableset, written):
    import pyarrow as pa
    import pyarrow.parquet as pq

    for table in tableset.tables:
        parquet = pq.read_table(written / f"{table.name}.parquet")
        assert parquet.column_names == [c.name for c in table.columns]
        for column in table.columns:
            expected = {"date": pa.date32(), "integer": pa.int64(), "string": pa.string()}
            assert parquet.schema.field(column.name).type == expected[column.type]
        rows = [[_text(v) for v in row.values()] for row in parquet.to_pylist()]
        assert rows == _csv(written, table.name)[1:], table.name


def test_two_builds_are_byte_identical(written, tmp_path):
    again = tmp_path / "again"
    Project(ROOT).tables(again, ALL)  # a second Project: built anew, not the first's tables
    names = sorted(p.name for p in written.iterdir())
    assert names == sorted(p.name for p in again.iterdir())
    assert MARKER in names
    for name in names:
        assert (written / name).read_bytes() == (again / name).read_bytes(), name


def test_dataframes_are_the_same_tables(project, tableset, written):
    import pandas as pd

    frames = project.dataframes()
    assert list(frames) == [*ORDER, "codebook"]
    for table in tableset.tables:
        frame = frames[table.name]
        assert list(frame.columns) == [c.name for c in table.columns]
        assert len(frame) == len(table.rows)
        for column in table.columns:
            if column.type == "date":
                assert pd.api.types.is_datetime64_any_dtype(frame[column.name])
    agreements = frames["agreements"]
    assert list(agreements["iri"]) == [r[0] for r in _csv(written, "agreements")[1:]]


# The command and the folder.


def test_the_command_writes_the_formats_given_and_replaces_its_folder(invoke, project, tmp_path):
    out = tmp_path / "out"
    result = invoke("tables", "-o", str(out), "--format", "csv", "--format", "xlsx")
    assert result.exit_code == 0, result.output
    assert "tradegraph.xlsx" in result.output
    assert (out / "datapackage.json").is_file() and (out / "tradegraph.xlsx").is_file()
    assert project.tables(out, "xlsx") == [out / "tradegraph.xlsx"]
    assert sorted(p.name for p in out.iterdir()) == [MARKER, "tradegraph.xlsx"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_a_folder_tradegraph_did_not_write_is_refused_untouched(invoke, tmp_path):
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "thesis.docx").write_bytes(b"years of work")
    result = invoke("tables", "-o", str(mine))
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("tradegraph: error: ")
    assert "not tradegraph tables" in lines[0] and "Traceback" not in result.output
    assert [p.name for p in mine.iterdir()] == ["thesis.docx"]


@pytest.mark.parametrize("value", ["bogus", "csv,pdf", ","])
def test_an_unknown_format_is_a_usage_error(invoke, tmp_path, value):
    result = invoke("tables", "-o", str(tmp_path / "out"), "--format", value)
    assert result.exit_code == 2
    assert result.output.startswith("tradegraph: error: --format")
    assert len(result.output.strip().splitlines()) == 1
    assert not (tmp_path / "out").exists()


def test_formats_are_parsed_from_lists_and_repeats():
    assert parse_formats("xlsx,csv") == ("csv", "xlsx")
    assert parse_formats(["parquet", "CSV", "csv"]) == ("csv", "parquet")
    with pytest.raises(UsageError):
        parse_formats([])


def test_a_missing_extra_is_named(project, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "xlsxwriter", None)  # import raises ImportError
    with pytest.raises(UsageError, match=r"'tables' extra \(xlsxwriter is missing\)"):
        project.tables(tmp_path / "out", ["csv", "xlsx"])
    assert not (tmp_path / "out").exists()


def test_csv_needs_none_of_the_extras(tmp_path):
    """The core stays light: CSV and the data package are written with the standard library."""
    script = (
        "import sys\n"
        "from tradegraph import Project\n"
        f"Project({str(ROOT)!r}).tables({str(tmp_path / 'out')!r})\n"
        "print(sorted(m for m in ('pandas', 'pyarrow', 'xlsxwriter') if m in sys.modules))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
    assert (tmp_path / "out" / "datapackage.json").is_file()


def test_a_query_whose_columns_differ_from_its_codebook_is_refused(monkeypatch):
    from tradegraph.publish import tables

    original = tables._query_text
    monkeypatch.setattr(
        tables,
        "_query_text",
        lambda name: (
            original(name).replace("?iri ?provision_label", "?iri", 1)
            if name == "elements"
            else original(name)
        ),
    )
    with pytest.raises(InputError, match=r"elements\.rq: the query's columns"):
        Project(ROOT).table_set()


def test_the_readme_python_session_runs(tmp_path):
    """README, "Tables": the pandas session, run where it writes its tables/ folder."""
    result = run_readme_python("### Tables", tmp_path)
    assert result.returncode == 0, result.stderr
    assert "provision found" in result.stdout
    assert (tmp_path / "tables" / "tradegraph.xlsx").is_file()
    assert (tmp_path / "tables" / "datapackage.json").is_file()
