"""The W3C RDF 1.1 Turtle test suite (vendored in tests/w3c/rdf-turtle, see its README.md) run
through every way tradegraph reads Turtle: `tradegraph validate` (the pyoxigraph store),
`tradegraph format --check` and load_files (the rdflib graph of export, describe, stats and the
link commands). A negative test must be refused by all of them as one line naming the file and
the line, exit 2; a positive one must parse (its triples may still break tradegraph's shapes)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, Namespace

from tradegraph.errors import InputError
from tradegraph.parse import load_files

SUITE = Path(__file__).resolve().parent / "w3c" / "rdf-turtle"
BASE = "https://w3c.github.io/rdf-tests/rdf/rdf11/rdf-turtle/"
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
RDFT = Namespace("http://www.w3.org/ns/rdftest#")
XSD_STRING = URIRef("http://www.w3.org/2001/XMLSchema#string")

NEGATIVE = {RDFT.TestTurtleNegativeSyntax, RDFT.TestTurtleNegativeEval}
POSITIVE = {RDFT.TestTurtlePositiveSyntax, RDFT.TestTurtleEval}


def _manifest() -> list[tuple[str, URIRef, Path, Path | None]]:
    """(name, type, input file, expected N-Triples file or None) for each entry, in order."""
    manifest = Graph().parse(
        SUITE / "manifest.ttl", format="turtle", publicID=BASE + "manifest.ttl"
    )
    entries = manifest.value(URIRef(BASE + "manifest.ttl"), MF.entries)
    tests = []
    for test in Collection(manifest, entries):
        result = manifest.value(test, MF.result)
        tests.append(
            (
                str(manifest.value(test, MF.name)),
                manifest.value(test, RDF.type),
                SUITE / str(manifest.value(test, MF.action)).removeprefix(BASE),
                SUITE / str(result).removeprefix(BASE) if result else None,
            )
        )
    return tests


TESTS = _manifest()
NEGATIVES = [pytest.param(path, id=name) for name, kind, path, _ in TESTS if kind in NEGATIVE]
POSITIVES = [pytest.param(path, id=name) for name, kind, path, _ in TESTS if kind in POSITIVE]
EVALS = [
    pytest.param(path, result, id=name)
    for name, kind, path, result in TESTS
    if kind == RDFT.TestTurtleEval
]


def test_the_suite_is_complete():
    kinds = {kind for _, kind, _, _ in TESTS}
    assert kinds <= NEGATIVE | POSITIVE, kinds - NEGATIVE - POSITIVE
    assert len(NEGATIVES) == 94 and len(POSITIVES) == 219 and len(EVALS) == 145
    for _, _, path, result in TESTS:
        assert path.is_file(), path
        assert result is None or result.is_file(), result


def _refused(result, path: Path) -> None:
    assert result.exit_code == 2, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, lines
    assert "Traceback" not in result.output
    assert re.match(
        rf"tradegraph: error: {re.escape(str(path))}:\d+: Turtle syntax error: ", lines[0]
    )


@pytest.mark.parametrize("path", NEGATIVES)
def test_negative_is_refused_by_validate(invoke, path):
    _refused(invoke("validate", str(path)), path)


@pytest.mark.parametrize("path", NEGATIVES)
def test_negative_is_refused_by_format(invoke, path):
    _refused(invoke("format", "--check", str(path)), path)


@pytest.mark.parametrize("path", NEGATIVES)
def test_negative_is_refused_by_load_files(path):
    with pytest.raises(InputError) as refused:
        load_files([path])
    assert re.match(rf"{re.escape(str(path))}:\d+: Turtle syntax error: ", refused.value.message)
    assert "\n" not in refused.value.message


@pytest.mark.parametrize("path", POSITIVES)
def test_positive_is_accepted_by_validate(invoke, path):
    result = invoke("validate", str(path))
    assert result.exit_code in (0, 1), result.output
    assert "tradegraph: error:" not in result.output


@pytest.mark.parametrize("path", POSITIVES)
def test_positive_is_accepted_by_format(invoke, path):
    result = invoke("format", "--check", str(path))
    assert result.exit_code in (0, 1), result.output
    assert "tradegraph: error:" not in result.output


@pytest.mark.parametrize(("path", "expected"), EVALS)
def test_eval_gives_the_expected_triples(path, expected):
    """load_files builds the triples the suite expects (files are parsed with their file: URI
    as base, so the suite's base IRI in the expected triples is mapped to the folder's; language
    tags compare lowercased, as pyoxigraph normalizes them)."""
    local = SUITE.as_uri() + "/"

    def rebase(term):
        if isinstance(term, URIRef) and term.startswith(BASE):
            return URIRef(local + term.removeprefix(BASE))
        if isinstance(term, Literal) and term.datatype == XSD_STRING:
            return Literal(str(term))  # rdflib's parser makes plain strings untyped, as load does
        if isinstance(term, Literal) and term.language:
            return Literal(str(term), lang=term.language.lower())  # pyoxigraph lowercases tags
        return term

    reference = Graph().parse(expected, format="nt")
    wanted = Graph()
    for triple in reference:
        wanted.add(tuple(rebase(term) for term in triple))
    assert isomorphic(load_files([path]), wanted)


# The audit's examples, which rdflib accepted: each is refused naming the file and its line.
AUDIT = {
    "iri-with-space": "<http://example.org/a b> <http://example.org/p> 1 .",
    "literal-subject": '"s" <http://example.org/p> 1 .',
    "true-predicate": "<http://example.org/s> true 1 .",
    "surrogate-escape": '<http://example.org/s> <http://example.org/p> "\\ud800" .',
    "bad-u-escape": '<http://example.org/s> <http://example.org/p> "\\uZZZZ" .',
    "unterminated-string": '<http://example.org/s> <http://example.org/p> "open .',
    "missing-final-dot": "<http://example.org/s> <http://example.org/p> 1",
}


@pytest.fixture(params=sorted(AUDIT))
def audit_file(request, tmp_path) -> Path:
    path = tmp_path / f"{request.param}.ttl"
    path.write_text(f"# {request.param}\n{AUDIT[request.param]}\n", encoding="utf-8")
    return path


def test_audit_example_is_refused_everywhere(invoke, audit_file):
    _refused(invoke("validate", str(audit_file)), audit_file)
    _refused(invoke("format", "--check", str(audit_file)), audit_file)
    with pytest.raises(InputError, match=rf"^{re.escape(str(audit_file))}:\d+: Turtle syntax"):
        load_files([audit_file])
