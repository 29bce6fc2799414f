"""`tradegraph release VERSION`: every format, the tables, the description, the changelog from
the previous release tag, CITATION.cff and SHA256SUMS; byte-identical on the same checkout;
nothing written when the graph does not validate or VERSION is malformed.

The releases are cut in a git repository holding the shipped ontology, queries and data, with
the census cut down to the records of the curated agreements (a full release takes a minute)."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS

from tradegraph import Project
from tradegraph.cli import cli
from tradegraph.diff import compare, snapshot
from tradegraph.errors import InputError, InvalidGraphError, UsageError
from tradegraph.namespaces import DCAT, TG
from tradegraph.parse import parse_rdf_file
from tradegraph.publish.release import EXPORTS, MARKER

from .helpers import ROOT, git

RCEP_HEAD = "agreement:rcep a tg:TradeAgreement ;\n"
ALT_LABEL = "RCEP Agreement (test)"


def checkout(root: Path) -> Path:
    """The shipped ontology, queries and data, the census cut to the curated agreements'
    records (the files whose primary topic is not an agreement of the census's own)."""
    for part in ("ontology", "queries"):
        shutil.copytree(ROOT / part, root / part)
    shutil.copytree(ROOT / "data", root / "data", ignore=shutil.ignore_patterns("census"))
    census = ROOT / "data" / "census"
    (root / "data" / "census").mkdir()
    own = re.compile(r"foaf:primaryTopic agreement:(rta|tota)-")
    for path in sorted(census.glob("*.ttl")):
        if not own.search(path.read_text(encoding="utf-8")):
            shutil.copy(path, root / "data" / "census")
    return root


def edit(root: Path, old: str, new: str) -> None:
    path = root / "data" / "agreements" / "rcep.ttl"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture(scope="module")
def released(tmp_path_factory) -> dict[str, Path]:
    """A repository tagged v0.1.0, then a commit giving RCEP a short name: the release 0.2.0
    cut twice (the second time after tagging v0.2.0, which must not count as its previous
    release), and the first release of an untagged copy."""
    base = tmp_path_factory.mktemp("release")
    repo = checkout(base / "repo")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "first")
    git(repo, "tag", "v0.1.0")
    edit(repo, RCEP_HEAD, f'{RCEP_HEAD}    skos:altLabel "{ALT_LABEL}" ;\n')
    git(repo, "commit", "-q", "-am", "RCEP: a short name")
    first = Project(repo).release("0.2.0", base / "first").output
    git(repo, "tag", "v0.2.0")
    second = Project(repo).release("0.2.0", base / "second").output
    git(repo, "tag", "-d", "v0.1.0")
    git(repo, "tag", "-d", "v0.2.0")
    untagged = Project(repo).release("0.1.0").output
    return {"repo": repo, "first": first, "second": second, "untagged": untagged}


def files_of(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def test_two_releases_of_the_same_checkout_are_byte_identical(released):
    first, second = files_of(released["first"]), files_of(released["second"])
    assert first.keys() == second.keys()
    assert [name for name in first if first[name] != second[name]] == []


def test_the_release_holds_every_format_and_checksums(released):
    folder = released["first"]
    files = files_of(folder)
    graphs = {f"tradegraph-0.2.0.{extension}" for extension in EXPORTS.values()}
    expected = {"CHANGELOG.md", "CITATION.cff", "SHA256SUMS", "description.ttl", MARKER}
    assert graphs | expected <= files.keys()
    assert {"tables/datapackage.json", "tables/tradegraph.xlsx"} <= files.keys()
    package = json.loads(files["tables/datapackage.json"])
    for resource in package["resources"]:
        assert f"tables/{resource['path']}" in files
    listed = dict(
        reversed(line.split("  ", 1)) for line in files["SHA256SUMS"].decode().splitlines()
    )
    assert listed.keys() == files.keys() - {"SHA256SUMS", MARKER}
    for name, digest in listed.items():
        assert hashlib.sha256(files[name]).hexdigest() == digest, name
    check = subprocess.run(["sha256sum", "-c", "--quiet", "SHA256SUMS"], cwd=folder, check=False)
    assert check.returncode == 0


def test_every_format_holds_the_same_graph(released):
    folder = released["first"]
    turtle = snapshot("ttl", parse_rdf_file(folder / "tradegraph-0.2.0.ttl").quads())
    for extension in EXPORTS.values():
        other = parse_rdf_file(folder / f"tradegraph-0.2.0.{extension}").quads()
        assert compare(turtle, snapshot(extension, other)).empty, extension


def test_the_released_copy_carries_the_version_and_the_data_date(released):
    repo, folder = released["repo"], released["first"]
    graph = Graph().parse(folder / "tradegraph-0.2.0.ttl", format="turtle")
    ontology = URIRef("https://w3id.org/tradegraph/ontology")
    assert set(graph.objects(ontology, OWL.versionInfo)) == {Literal("0.2.0")}
    assert set(graph.objects(ontology, OWL.versionIRI)) == {URIRef(f"{ontology}/0.2.0")}
    description = Graph().parse(folder / "description.ttl", format="turtle")
    dataset = URIRef("https://w3id.org/tradegraph/dataset")
    issued = str(graph.value(ontology, DCTERMS.modified))  # the data's date, as released
    assert [str(d) for d in description.objects(dataset, DCTERMS.issued)] == [issued]
    assert [str(v) for v in description.objects(dataset, DCAT.version)] == ["0.2.0"]
    # the checkout itself is not changed
    shipped = (ROOT / "ontology" / "tradegraph.ttl").read_text(encoding="utf-8")
    assert (repo / "ontology" / "tradegraph.ttl").read_text(encoding="utf-8") == shipped
    citation = (folder / "CITATION.cff").read_text(encoding="utf-8")
    assert 'version: "0.2.0"' in citation and f'date-released: "{issued}"' in citation


def test_the_changelog_is_the_diff_since_the_previous_release(released):
    repo = released["repo"]
    changelog = (released["first"] / "CHANGELOG.md").read_text(encoding="utf-8")
    assert changelog.startswith("# tradegraph 0.2.0 (")
    assert "changes since v0.1.0 (" in changelog.splitlines()[0]
    graph = Project(repo).graph.graph
    rcep = graph.value(URIRef("https://w3id.org/tradegraph/id/agreement/rcep"), RDFS.label)
    assert f"- trade agreement: **{rcep}** (`agreement:rcep`)" in changelog
    assert f"  - skos:altLabel: added {ALT_LABEL}" in changelog
    assert "1 changed" in changelog or "| trade agreement | 0 | 0 | 1 |" in changelog
    untagged = (released["untagged"] / "CHANGELOG.md").read_text(encoding="utf-8")
    assert "First release: no earlier release tag (v*)" in untagged
    agreements = len(set(graph.subjects(RDF.type, TG.TradeAgreement)))
    assert f"| trade agreement | {agreements} |" in untagged


def test_a_graph_that_does_not_validate_writes_nothing(tmp_path):
    root = checkout(tmp_path / "broken")
    edit(root, RCEP_HEAD, RCEP_HEAD.replace("tg:TradeAgreement", "tg:TradeAgreement, tg:Country"))
    project = Project(root)
    assert not project.validate().conforms
    with pytest.raises(InvalidGraphError, match="refusing to release"):
        project.release("0.1.0")
    assert not (root / "dist").exists()
    result = CliRunner().invoke(cli, ["--root", str(root), "release", "0.1.0"])
    assert result.exit_code == 1
    assert result.output.strip().splitlines()[-1] == (
        "tradegraph: error: refusing to release: the graph does not validate"
    )
    assert not (root / "dist").exists()


@pytest.mark.parametrize("version", ["v0.1.0", "1.2", "0.1.0.", "01.2.3", "", "0.1.0 ", "1.0.0-"])
def test_a_malformed_version_is_one_line(version, tmp_path):
    root = tmp_path / "repo"
    shutil.copytree(ROOT / "ontology", root / "ontology")
    with pytest.raises(UsageError, match=r"expected MAJOR\.MINOR\.PATCH"):
        Project(root).release(version)
    result = CliRunner().invoke(cli, ["--root", str(root), "release", version])
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"tradegraph: error: VERSION '{version[:60]}'")
    assert not (root / "dist").exists()


def test_a_folder_that_is_not_a_release_is_not_replaced(tmp_path):
    root = tmp_path / "repo"
    shutil.copytree(ROOT / "ontology", root / "ontology")
    foreign = root / "dist" / "tradegraph-0.1.0"
    foreign.mkdir(parents=True)
    (foreign / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(InputError, match="not a tradegraph release"):
        Project(root).release("0.1.0")
    assert [p.name for p in foreign.iterdir()] == ["notes.txt"]
