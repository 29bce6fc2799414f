"""The library facade, tradegraph.Project: every command is a method, a Python user gets what the
CLI prints, the files are parsed once per Project, and the README's Python session runs."""

from __future__ import annotations

import json
import re
import shutil

import pyoxigraph as ox
import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS

import tradegraph
from tradegraph.engines import cache
from tradegraph.engines.oxigraph import OxigraphEngine
from tradegraph.engines.rdflib_graph import GraphEngine
from tradegraph.errors import InvalidGraphError, UsageError
from tradegraph.prefixes import BASE
from tradegraph.render import render_table
from tradegraph.stats import compute, data_date

from .helpers import HEADER, ROOT, run_readme_python


@pytest.fixture(scope="module")
def project():
    return tradegraph.Project(ROOT)


def test_project_is_the_package_s_library_object(project):
    assert tradegraph.Project is type(project)
    assert project.layout.root == ROOT.resolve()
    assert repr(project) == f"Project({str(ROOT.resolve())!r})"


def test_validate_reports_the_shipped_graph_valid(project):
    report = project.validate()
    assert report.conforms, report.violations[:3]


def test_validate_refuses_a_folder_without_turtle(project, tmp_path):
    with pytest.raises(UsageError, match="no Turtle file"):
        project.validate([tmp_path])


@pytest.mark.parametrize(
    ("name", "params", "command"),
    [
        ("agreements-with-cybersecurity", {}, ["query", "agreements-with-cybersecurity"]),
        ("parties-in-force-on", {"agreement": "RCEP", "on": "2022-03-18"}, None),
    ],
)
def test_query_gives_what_the_cli_prints(project, invoke, name, params, command):
    table = project.query(name, params)
    args = command or ["query", name, *(f"--param={k}={v}" for k, v in params.items())]
    assert invoke(*args, "--format", "csv").output == render_table(table, "csv")
    assert table.rows


def test_query_answers_the_headline_question_with_rcep_and_the_tpp(project):
    table = project.query("agreements-with-cybersecurity")
    articles = {
        row[table.columns.index("agreement")].value: row[table.columns.index("article")]
        for row in table.rows
    }
    assert articles["Regional Comprehensive Economic Partnership"].value == "12.13"
    assert articles["Trans-Pacific Partnership"].value == "14.16"


def test_the_engines_agree_through_the_facade(project):
    oxigraph = project.query("jsi-participant-counts")
    rdflib = project.query("jsi-participant-counts", engine="rdflib")
    assert oxigraph.rows == rdflib.rows


def test_an_unknown_engine_is_refused(project):
    with pytest.raises(UsageError, match="engine 'sqlite'"):
        project.query("jsi-timeline", engine="sqlite")


def test_status_timeline_and_country(project, invoke):
    status = project.status("moratorium", on="2026-04-15")
    assert invoke("status", "moratorium", "--on", "2026-04-15", "--format", "csv").output == (
        render_table(status, "csv")
    )
    assert project.timeline("JSI").rows
    country = project.country("SGP")
    assert invoke("country", "SGP", "--format", "csv").output == render_table(country, "csv")
    with pytest.raises(UsageError, match="THING is empty"):
        project.status(" ")


def test_head_keeps_the_first_rows(project):
    table = project.query("jsi-timeline")
    assert table.head(2).rows == table.rows[:2] and table.head(None) is table


def test_export_writes_what_the_cli_prints(project, invoke, tmp_path):
    target = tmp_path / "graph.nt"
    text = project.export("nt", target)
    assert target.read_text(encoding="utf-8") == text
    assert invoke("export", "--format", "nt").output == text


def test_describe_and_stats(project, invoke):
    assert invoke("describe").output == project.describe()
    stats = project.stats()
    assert stats == compute(project.store().engine())
    assert stats.triples == len(project.graph.graph)
    assert json.loads(invoke("stats", "--format", "json").output) == stats.as_dict()


def test_the_data_date_is_the_ontologys_modified_on_either_engine(project, graph):
    """One function reads it: describe on an rdflib graph; release, report and tables on the
    cached store (tables with no rdflib parse)."""
    shipped = str(graph.value(URIRef(BASE + "ontology"), DCTERMS.modified))
    assert data_date(project.store().engine()) == data_date(GraphEngine(graph)) == shipped
    # The shapes' own dcterms:modified is not the data's date, even when it is later.
    dated = Graph().parse(
        format="turtle",
        data=HEADER
        + f"""<{BASE}ontology> a owl:Ontology ; dcterms:modified "2026-01-01"^^xsd:date .
        <{BASE}shapes> a owl:Ontology ; dcterms:modified "2026-06-01"^^xsd:date .""",
    )
    assert data_date(GraphEngine(dated)) == "2026-01-01"
    assert data_date(GraphEngine(Graph())) is None
    assert data_date(OxigraphEngine(ox.Store())) is None


def test_format_checks_without_writing(project):
    report = project.format(check=True)
    assert report.files == project.layout.data_files and report.changed == []


def test_the_files_are_parsed_once_per_project(copy, monkeypatch):
    """validate, the cold cache build, export and the link commands share one parse."""
    from tradegraph import parse

    calls = []
    original = parse._parse
    monkeypatch.setattr(parse, "_parse", lambda path, n: calls.append(path) or original(path, n))
    project = tradegraph.Project(copy.root)
    project.validate()
    parsed = len(calls)  # the graph's files, and the shapes
    assert parsed == len(copy.ontology_files) + len(copy.data_files) + 1
    assert project.store().built
    project.export("nt")
    project.link_eu_countries(linkset=copy.root / "eu.ttl")
    assert len(calls) == parsed


def test_a_graph_that_does_not_validate_is_not_published(copy):
    broken = copy.data_dir / "agreements" / "rcep.ttl"
    broken.write_text(broken.read_text(encoding="utf-8").replace("rdfs:label", "rdfs:comment"))
    with pytest.raises(InvalidGraphError, match="refusing to push") as raised:
        tradegraph.Project(copy.root).validated_store("push")
    assert not raised.value.report.conforms


def test_the_cache_key_covers_the_code(tmp_path, monkeypatch):
    """A changed validator (any source file) never trusts an old store's 'validated' mark."""
    package = tmp_path / "tradegraph"
    shutil.copytree(ROOT / "src" / "tradegraph", package)
    monkeypatch.setattr(cache, "__file__", str(package / "engines" / "cache.py"))
    cache.code_version.cache_clear()
    before = cache.code_version()
    validate = package / "validate.py"
    validate.write_text(validate.read_text(encoding="utf-8") + "\n# changed\n")
    cache.code_version.cache_clear()
    after = cache.code_version()
    monkeypatch.undo()
    cache.code_version.cache_clear()
    assert before != after
    assert re.fullmatch(
        r"tradegraph \S+ [0-9a-f]{16} pyoxigraph \S+ pyshacl-turbo [0-9a-f]{16}", after
    )


def test_the_readme_python_session_runs():
    """README, "Architecture": the Python session that does what `make run` does."""
    result = run_readme_python("## Architecture", ROOT)
    assert result.returncode == 0, result.stderr
    assert re.search(r"^\d+ agreements with a cybersecurity provision$", result.stdout, re.M)
