"""`tradegraph release VERSION`: a versioned release of the graph in one folder,
dist/tradegraph-VERSION/ by default:

- the graph in Turtle, N-Triples, JSON-LD and TriG (the export, with the ontology's
  owl:versionInfo and owl:versionIRI set to the release and the description's version);
- tables/: the tidy tables as CSV with the codebook and a Frictionless datapackage.json, and
  one XLSX workbook (what `tradegraph tables --format csv,xlsx` writes);
- description.ttl: the VoID/DCAT description with the version and the issue date;
- CHANGELOG.md: `tradegraph diff` in Markdown from the previous release tag (v*) to this
  release, or the release's contents when it is the first;
- CITATION.cff and SHA256SUMS (every other file's SHA-256, as `sha256sum -c` reads them).

The graph is validated first: a graph that does not validate writes nothing. The issue date is
the data's (the ontology's dcterms:modified), never the clock's, so the same checkout gives
byte-identical files. Everything is computed before the folder is written aside and swapped in;
a folder that is not a release is never replaced."""

from __future__ import annotations

import hashlib
import json
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from tradegraph.errors import InputError, InvalidGraphError, UsageError, cut
from tradegraph.parse import Parsed, ParsedFile
from tradegraph.prefixes import DATASET, PREFIXES

if TYPE_CHECKING:
    from tradegraph.api import Project

MARKER = ".tradegraph-release"  # a folder holding it is a release this command may replace
WHAT = "a tradegraph release"
# Semantic versioning's MAJOR.MINOR.PATCH with an optional pre-release (0.1.0, 1.0.0-rc.1).
_NUMBER = r"(0|[1-9]\d*)"
_VERSION = re.compile(rf"{_NUMBER}\.{_NUMBER}\.{_NUMBER}(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?")
EXPORTS = {"turtle": "ttl", "nt": "nt", "json-ld": "jsonld", "trig": "trig"}
TABLE_FORMATS = ("csv", "xlsx")
_ONTOLOGY = "https://w3id.org/tradegraph/ontology"
_VERSION_INFO = PREFIXES["owl"] + "versionInfo"
_VERSION_IRI = PREFIXES["owl"] + "versionIRI"


@dataclass(frozen=True)
class ReleaseSummary:
    output: Path
    version: str
    issued: str
    previous: str | None  # the previous release tag the changelog starts from
    files: tuple[str, ...]  # the files written, relative to output
    bytes: int


def check_version(version: str) -> str:
    """The version when it is MAJOR.MINOR.PATCH[-PRERELEASE]; else a UsageError."""
    if _VERSION.fullmatch(version):
        return version
    hint = " (without the v: the git tag is v" + version[1:] + ")" if version[:1] == "v" else ""
    raise UsageError(
        f"VERSION '{cut(version, 60)}': expected MAJOR.MINOR.PATCH such as 0.1.0, with an "
        f"optional pre-release such as 1.0.0-rc.1{hint}"
    )


def build_release(project: Project, version: str, output: Path) -> ReleaseSummary:
    """Validate the graph, then write the release into output, replaced whole."""
    from tradegraph.files import check_replaceable, write_folder_atomic
    from tradegraph.publish.tables.writers import require
    from tradegraph.stats import data_date

    check_version(version)
    if output.parent.is_dir():  # dist/ itself is made only when the release is written
        check_replaceable(output, MARKER, WHAT)
    require(TABLE_FORMATS)  # a missing extra fails before the work
    report = project.validate()
    if not report.conforms:
        raise InvalidGraphError("refusing to release: the graph does not validate", report)
    issued = data_date(project.store().engine())
    if issued is None:
        raise InputError(
            "the ontology has no dcterms:modified: set the data's date before a release"
        )
    released = released_graph(project.graph, version)
    files = {**_graph_files(project, released, version), **_table_files(project)}
    previous, changelog = _changelog(project, version, issued)
    files["CHANGELOG.md"] = changelog.encode()
    files["CITATION.cff"] = _citation(released, version, issued).encode()
    files["SHA256SUMS"] = _checksums(files).encode()
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"{output.parent}: cannot make the folder: {exc.strerror}") from None
    write_folder_atomic(output, files, MARKER, WHAT)
    size = sum(len(content) for content in files.values())
    return ReleaseSummary(output, version, issued, previous, tuple(sorted(files)), size)


def released_graph(parsed: Parsed, version: str) -> Parsed:
    """The parse with the ontology's owl:versionInfo and owl:versionIRI set to the release."""
    ontology = ox.NamedNode(_ONTOLOGY)
    replaced = {
        _VERSION_INFO: ox.Literal(version),
        _VERSION_IRI: ox.NamedNode(f"{_ONTOLOGY}/{version}"),
    }

    def release(file: ParsedFile) -> ParsedFile:
        if not any(q.subject == ontology for q in file.quads):
            return file
        kept = [
            q for q in file.quads if not (q.subject == ontology and q.predicate.value in replaced)
        ]
        added = [ox.Quad(ontology, ox.NamedNode(p), o) for p, o in replaced.items()]
        return ParsedFile(file.path, tuple(kept + added), file.prefixes)

    return Parsed(tuple(release(file) for file in parsed.files))


def _graph_files(project: Project, released: Parsed, version: str) -> dict[str, bytes]:
    from tradegraph.publish.describe import describe
    from tradegraph.publish.export import export_text, serialize

    files = {
        f"tradegraph-{version}.{extension}": export_text(
            released, project.layout, fmt, version
        ).encode()
        for fmt, extension in EXPORTS.items()
    }
    files["description.ttl"] = serialize(describe(released.graph, version), "turtle").encode()
    return files


def _table_files(project: Project) -> dict[str, bytes]:
    """The tables as `tradegraph tables` writes them (CSV with its data package, XLSX), under
    tables/ (the files it lists; not its folder's marker: the release has its own)."""
    with tempfile.TemporaryDirectory(prefix="tradegraph-release-") as folder:
        root = Path(folder)
        written = project.tables(root / "tables", formats=TABLE_FORMATS)
        return {path.relative_to(root).as_posix(): path.read_bytes() for path in sorted(written)}


def _changelog(project: Project, version: str, issued: str) -> tuple[str | None, str]:
    """The previous release tag (or None) and CHANGELOG.md: the diff from that tag to this
    release, or the release's resources by kind when it is the first."""
    from tradegraph import git
    from tradegraph.diff import compare, snapshot
    from tradegraph.render import markdown_table

    title = f"tradegraph {version} ({issued})"
    try:
        previous = git.latest_tag(project.layout.root, exclude=f"v{version}")
        why = f"no earlier release tag ({git.TAG_PATTERN}) in this checkout's history"
    except InputError:  # not a git checkout: no history to compare with
        previous, why = None, "this folder is not a git checkout, so no earlier release is known"
    if previous is not None:
        diff = project.diff(previous, None)
        return previous, diff.markdown(f"{title}: changes since {diff.old}")
    contents = compare(snapshot("nothing", ()), snapshot("release", project.graph.quads()))
    rows = [[kind, str(counts["added"])] for kind, counts in contents.summary.items()]
    rows.append(["all kinds", str(len(contents.added))])
    text = (
        f"# {title}\n\nFirst release: {why}.\n\n## Contents\n\n"
        + markdown_table(["kind", "resources"], rows)
        + f"\n{contents.triples_added} triples.\n"
    )
    return None, text


def _citation(released: Parsed, version: str, issued: str) -> str:
    """CITATION.cff (Citation File Format 1.2.0) from the ontology's own statements."""
    from rdflib import URIRef
    from rdflib.namespace import DCTERMS, RDFS

    from tradegraph.publish.describe import LICENCE, describe

    graph = released.graph
    ontology = URIRef(_ONTOLOGY)
    abstract = describe(graph, version).value(URIRef(DATASET), DCTERMS.description)
    creators = sorted(str(c) for c in graph.objects(ontology, DCTERMS.creator))
    if not creators:
        raise InputError("the ontology names no dcterms:creator: CITATION.cff needs an author")
    code = sorted(str(s) for s in graph.objects(ontology, RDFS.seeAlso) if "github.com" in s)
    licence = "CC-BY-4.0" if (ontology, DCTERMS.license, LICENCE) in graph else None

    def quoted(text: object) -> str:
        return json.dumps(str(text), ensure_ascii=False)  # a JSON string is a YAML scalar

    lines = [
        "cff-version: 1.2.0",
        'message: "If you use this dataset, please cite it as below."',
        "type: dataset",
        "title: tradegraph",
        f"version: {quoted(version)}",
        f"date-released: {quoted(issued)}",
        f"abstract: {quoted(abstract)}",
        f"url: {quoted(DATASET)}",
        *([f"repository-code: {quoted(code[0])}"] if code else []),
        *([f"license: {licence}"] if licence else []),
        "authors:",
        *(f"  - name: {quoted(name)}" for name in creators),
    ]
    return "\n".join(lines) + "\n"


def _checksums(files: dict[str, bytes]) -> str:
    """SHA256SUMS as sha256sum writes it: the digest, two spaces, the path; sorted by path."""
    digests = {name: hashlib.sha256(content).hexdigest() for name, content in files.items()}
    return "".join(f"{digest}  {name}\n" for name, digest in sorted(digests.items()))
