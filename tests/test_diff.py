"""`tradegraph diff`: what changed between two versions of the graph, in labels.

Pairs of files (tests/fixtures/diff/<kind of change>/old.ttl, new.ttl) for each kind of change,
export files in every format, and git revisions of a temporary repository holding the shipped
ontology and data."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from tradegraph import Project
from tradegraph.cli import cli
from tradegraph.diff import Diff, compare, snapshot
from tradegraph.errors import InputError, UsageError
from tradegraph.parse import parse_rdf_file

from .helpers import ROOT, git

FIXTURES = Path(__file__).parent / "fixtures" / "diff"
RCEP = ROOT / "data" / "agreements" / "rcep.ttl"
LEVEL = "tg:verificationLevel verification:secondary-source ."


def fixture_diff(case: str) -> Diff:
    folder = FIXTURES / case
    return Project(ROOT).diff(str(folder / "old.ttl"), str(folder / "new.ttl"))


def changed(diff: Diff, label: str):
    return next(c for c in diff.changed if c.resource.label == label)


def test_resources_added_and_removed_with_kind_and_label():
    diff = fixture_diff("resources")
    assert [(r.kind, r.label, r.iri.rsplit("/", 1)[-1]) for r in diff.added] == [
        ("trade agreement", "Beta DEA", "beta")
    ]
    assert [(r.kind, r.label) for r in diff.removed] == [("provision", "Alpha FTA Article 1")]
    assert not diff.changed
    assert diff.summary == {
        "provision": {"added": 0, "removed": 1, "changed": 0},
        "trade agreement": {"added": 1, "removed": 0, "changed": 0},
    }


def test_facts_changed_by_property_label():
    diff = fixture_diff("facts")
    provision = changed(diff, "Alpha FTA Article 1")
    assert [f.shown for f in provision.facts] == [
        "article number: 12.13 -> 12.14",
        "covers element: added operational collaboration",
    ]
    agreement = changed(diff, "Alpha FTA")
    assert [f.shown for f in agreement.facts] == [
        "dcterms:title: added Tratado Alfa (es)",
        "signature date: 2020-01-01 -> 2020-02-02",
        "skos:altLabel: removed AFTA",
    ]
    assert not diff.added and not diff.removed
    assert diff.totals["facts_changed"] == 5
    assert provision.level is None and not provision.sources


def test_verification_levels_raised_and_lowered():
    diff = fixture_diff("levels")
    raised = changed(diff, "Alpha FTA").level
    lowered = changed(diff, "Alpha FTA Article 1").level
    assert raised and raised.raised
    assert (raised.old.text, raised.new.text) == ("secondary source", "official summary")
    assert lowered and not lowered.raised
    assert (lowered.old.text, lowered.new.text) == ("official text", "secondary source")
    assert diff.totals["levels_raised"] == diff.totals["levels_lowered"] == 1
    assert all(not c.facts for c in diff.changed)  # the level is not also a fact


def test_sources_added_and_removed():
    change = changed(fixture_diff("sources"), "Alpha FTA")
    assert [(s.label, s.url, s.added) for s in change.sources] == [
        ("dcterms:source", "https://example.org/alpha", False),
        ("dcterms:source", "https://example.org/alpha-official", True),
        ("copy read", "https://example.org/alpha-copy", True),
    ]
    assert not change.facts and change.level is None


def test_blank_nodes_compared_by_what_they_say():
    diff = fixture_diff("blank-nodes")
    # alpha's two notes are written under other labels, in another order: no change there
    assert "Alpha FTA" not in {c.resource.label for c in diff.changed}
    assert [r.label for r in diff.removed] == ["gamma note"]
    assert [r.label for r in diff.added] == ["gamma note, revised"]
    gamma = changed(diff, "Gamma")
    assert [f.shown for f in gamma.facts] == ["tg:note: gamma note -> gamma note, revised"]
    assert any("blank nodes" in note for note in diff.notes)


def test_the_same_file_twice_is_no_change():
    path = str(FIXTURES / "facts" / "new.ttl")
    diff = Project(ROOT).diff(path, path)
    assert diff.empty and not diff.added and not diff.changed
    assert "no changes" in diff.render("text")


@pytest.mark.parametrize("case", ["resources", "facts", "levels", "sources", "blank-nodes"])
def test_every_format_says_the_same(case):
    diff = fixture_diff(case)
    data = json.loads(diff.render("json"))
    assert data["totals"] == diff.totals
    assert [r["label"] for r in data["added"]] == [r.label for r in diff.added]
    assert [c["label"] for c in data["changed"]] == [c.resource.label for c in diff.changed]
    text, markdown = diff.render("text"), diff.render("markdown")
    for change in diff.changed:
        for line in change.lines:
            assert line in text
    assert markdown.startswith("# Changes from ")
    assert "| kind | added | removed | changed |" in markdown
    for resource in [*diff.added, *diff.removed]:
        assert f"**{resource.label}**" in markdown
    assert diff.render("json") == fixture_diff(case).render("json")  # deterministic


def test_exports_in_every_format_read_alike(tmp_path):
    """An export of shipped data in each format reads as the same graph (no change)."""
    root = tmp_path / "small"
    shutil.copytree(ROOT / "ontology", root / "ontology")
    (root / "data").mkdir()
    shutil.copy(RCEP, root / "data")
    project = Project(root)
    names = {"turtle": "g.ttl", "nt": "g.nt", "trig": "g.trig", "json-ld": "g.jsonld"}
    for fmt, name in names.items():
        project.export(fmt, tmp_path / name)
    turtle = snapshot("turtle", parse_rdf_file(tmp_path / "g.ttl").quads())
    assert len(turtle.triples) > len(list(project.graph.quads()))  # the description too
    for name in names.values():
        other = snapshot(name, parse_rdf_file(tmp_path / name).quads())
        assert compare(turtle, other).empty, name


def test_unknown_file_kind_and_bad_revision_are_one_line(tmp_path, invoke):
    odd = tmp_path / "graph.csv"
    odd.write_text("a,b\n", encoding="utf-8")
    with pytest.raises(InputError, match="not a known RDF file"):
        parse_rdf_file(odd)
    result = invoke("diff", "no-such-revision-or-file", str(FIXTURES / "facts" / "new.ttl"))
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert lines == [
        "tradegraph: error: revision 'no-such-revision-or-file': no such commit, tag or branch "
        f"in {ROOT} (and no such file)"
    ]
    result = invoke("diff", "--bogus-revision")
    assert result.exit_code == 2 and "Traceback" not in result.output


# --- git revisions ------------------------------------------------------------------------------


@pytest.fixture()
def repository(tmp_path) -> Path:
    """A git repository holding the shipped ontology and curated agreements, one commit."""
    root = tmp_path / "repo"
    shutil.copytree(ROOT / "ontology", root / "ontology")
    shutil.copytree(ROOT / "data" / "agreements", root / "data" / "agreements")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "first")
    return root


def rcep_provision_raised(root: Path) -> str:
    """Edit the working tree: RCEP's Article 12.13 raised to official summary; returns its label."""
    path = root / "data" / "agreements" / "rcep.ttl"
    text = path.read_text(encoding="utf-8")
    block_start = text.index("provision:rcep-12-13 a tg:Provision")
    block_end = text.index(LEVEL, block_start)
    edited = (
        text[:block_end]
        + "tg:verificationLevel verification:official-summary ."
        + text[block_end + len(LEVEL) :]
    )
    path.write_text(edited, encoding="utf-8")
    label = text[block_start:].split('rdfs:label "', 1)[1].split('"', 1)[0]
    return label


def test_revisions_of_a_repository(repository):
    label = rcep_provision_raised(repository)
    project = Project(repository)
    # no tag yet: HEAD against the working tree, and it says so
    diff = project.diff()
    assert diff.old.startswith("HEAD (") and diff.new == "working tree"
    assert any("no release tag" in note for note in diff.notes)
    assert [c.resource.label for c in diff.changed] == [label]
    level = diff.changed[0].level
    assert level and level.raised and level.new.text == "official summary"
    assert diff.triples_added == diff.triples_removed == 1

    git(repository, "tag", "v0.1.0")
    git(repository, "commit", "-q", "-am", "RCEP 12.13 at official summary")
    (repository / "data" / "agreements" / "rcep.ttl").unlink()
    # default: the latest release tag against the working tree (RCEP's file removed); a new
    # Project, since one parses its working tree once
    project = Project(repository)
    diff = project.diff()
    assert diff.old.startswith("v0.1.0 (") and not diff.notes
    removed = {r.iri.rsplit("/id/", 1)[-1]: r for r in diff.removed}
    assert removed["agreement/rcep"].kind == "trade agreement"
    assert removed["provision/rcep-12-13"].label == label
    assert not diff.added and not diff.changed
    # two revisions: the tag and HEAD
    between = project.diff("v0.1.0", "HEAD")
    assert [c.resource.label for c in between.changed] == [label]
    assert between.old.startswith("v0.1.0") and between.new.startswith("HEAD")


def test_revision_command_line(repository):
    rcep_provision_raised(repository)
    git(repository, "commit", "-q", "-am", "RCEP 12.13 at official summary")
    runner = CliRunner()
    result = runner.invoke(
        cli, ["--root", str(repository), "diff", "HEAD~1", "HEAD", "--format", "markdown"]
    )
    assert result.exit_code == 0, result.output
    assert "verification level raised: secondary source -\\> official summary" not in result.output
    assert "verification level raised: secondary source -> official summary" in result.output
    result = runner.invoke(cli, ["--root", str(repository), "diff", "HEAD~5"])
    assert result.exit_code == 2
    assert result.output.startswith("tradegraph: error: revision 'HEAD~5': no such commit")


def test_not_a_git_checkout(tmp_path):
    root = tmp_path / "plain"
    for part in ("ontology", "data"):
        shutil.copytree(ROOT / part, root / part)
    with pytest.raises(InputError, match="not a git checkout"):
        Project(root).diff()
    with pytest.raises(UsageError):
        Project(ROOT).diff("-rf")
