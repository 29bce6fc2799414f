"""Bad input and faults: every case is refused with its documented exit code and one line on
stderr that names what is wrong, never a traceback, and nothing is changed or half-written.

The cases are a table (see README, "Bad input"); hypothesis fuzzes parameter values and Turtle
fragments through the same checks."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tradegraph.cli import cli

from .helpers import ROOT

PREFIXES = (
    "@prefix tg: <https://w3id.org/tradegraph/ontology#> .\n"
    "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
    "@prefix ex: <https://example.org/> .\n"
)
GOOD_QUERY = "#+ summary: A query.\nSELECT ?s WHERE { ?s ?p ?o } LIMIT 1\n"


def _run(*args: str):
    return CliRunner().invoke(cli, list(args))


def assert_refused(result, code: int, *words: str) -> None:
    """Exit `code`, nothing on stdout, exactly one line on stderr that starts 'tradegraph:
    error:' and contains every word, and no traceback."""
    assert result.exit_code == code, (result.exit_code, result.output[-500:])
    assert "Traceback" not in result.output
    assert not isinstance(result.exception, Exception) or isinstance(
        result.exception, SystemExit
    ), repr(result.exception)
    lines = result.stderr.splitlines()
    assert len(lines) == 1, lines[:5]
    assert lines[0].startswith("tradegraph: error: "), lines[0]
    assert len(lines[0]) <= 520, len(lines[0])
    for word in words:
        assert word in lines[0], (word, lines[0])
    assert result.stdout == ""


# (case id, arguments, exit code, words the one error line must contain). {tmp} is a fresh
# temporary directory, {bad} a Turtle file with a syntax error on line 4, {q} a query file.
USAGE_CASES = [
    *[
        (
            f"unknown option of {' '.join(command)}",
            [*command, "--no-such-option"],
            2,
            ["--no-such-option"],
        )
        for command in (
            ["validate"],
            ["queries"],
            ["query", "jsi-timeline"],
            ["status", "RCEP"],
            ["timeline"],
            ["country", "SGP"],
            ["export"],
            ["format"],
            ["describe"],
            ["stats"],
            ["link", "wikidata"],
            ["link", "eu-countries"],
            ["cache", "clear"],
            ["push", "--endpoint", "http://127.0.0.1:9/store"],
            ["serve"],
            ["import", "census"],
        )
    ],
    ("query without a name", ["query"], 2, ["NAME"]),
    ("status without a thing", ["status"], 2, ["THING"]),
    ("country without a code", ["country"], 2, ["CODE"]),
    ("push without an endpoint", ["push"], 2, ["--endpoint"]),
    ("unknown command", ["frobnicate"], 2, ["frobnicate"]),
    ("unknown subcommand of link", ["link", "dbpedia"], 2, ["dbpedia"]),
    ("unknown subcommand of cache", ["cache", "purge"], 2, ["purge"]),
    ("unknown subcommand of import", ["import", "desta"], 2, ["desta"]),
    ("export format unknown", ["export", "--format", "rdfxml"], 2, ["--format", "rdfxml"]),
    ("query format unknown", ["query", "jsi-timeline", "--format", "xls"], 2, ["--format"]),
    ("stats format unknown", ["stats", "--format", "csv"], 2, ["--format"]),
    ("describe format unknown", ["describe", "--format", "csv"], 2, ["--format"]),
    ("queries format unknown", ["queries", "--format", "csv"], 2, ["--format"]),
    ("country format unknown", ["country", "SGP", "--format", "pdf"], 2, ["--format"]),
    ("negative limit", ["query", "jsi-timeline", "--limit", "-1"], 2, ["--limit"]),
    ("limit not a number", ["query", "jsi-timeline", "--limit", "ten"], 2, ["--limit"]),
    ("timeout below one second", ["query", "jsi-timeline", "--timeout", "0"], 2, ["--timeout"]),
    ("negative retries", ["query", "jsi-timeline", "--retries", "-1"], 2, ["--retries"]),
    ("port not a number", ["serve", "--port", "http"], 2, ["--port"]),
    ("root is a file", ["--root", str(ROOT / "README.md"), "stats"], 2, ["--root"]),
    ("extra argument to stats", ["stats", "extra"], 2, ["extra"]),
    ("extra argument to cache clear", ["cache", "clear", "now"], 2, ["now"]),
]


@pytest.mark.parametrize(
    ("args", "code", "words"), [c[1:] for c in USAGE_CASES], ids=[c[0] for c in USAGE_CASES]
)
def test_usage_errors_are_one_line(args, code, words):
    assert_refused(_run(*args), code, *words)


@pytest.fixture
def files(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text(PREFIXES + 'ex:a ex:b "unterminated .\n', encoding="utf-8")
    query = tmp_path / "q.rq"
    query.write_text(GOOD_QUERY, encoding="utf-8")
    return {"tmp": str(tmp_path), "bad": str(bad), "q": str(query)}


INPUT_CASES = [
    ("unknown stored query", ["query", "no-such-query"], 2, ["no-such-query"]),
    (
        "unknown parameter",
        ["query", "status-on", "-p", "thing=RCEP", "-p", "on=2021-01-01", "-p", "colour=red"],
        2,
        ["colour"],
    ),
    ("missing required parameter", ["query", "status-on", "-p", "thing=RCEP"], 2, ["on"]),
    ("parameter without =", ["query", "status-on", "-p", "thing"], 2, ["thing"]),
    (
        "date out of range",
        ["query", "moratorium-status-on", "-p", "on=2021-13-01"],
        2,
        ["2021-13-01"],
    ),
    ("date in words", ["query", "moratorium-status-on", "-p", "on=yesterday"], 2, ["yesterday"]),
    ("integer parameter not a number", ["status", "RCEP", "--on", "2021/06/01"], 2, ["2021/06/01"]),
    ("ambiguous or unknown name", ["status", "Atlantis"], 2, ["Atlantis"]),
    ("unknown country", ["country", "Atlantis"], 2, ["Atlantis"]),
    ("empty country", ["country", ""], 2, []),
    ("empty thing for status", ["status", ""], 2, ["THING"]),
    ("empty date for status", ["status", "RCEP", "--on", ""], 2, ["--on"]),
    ("empty thing for timeline", ["timeline", ""], 2, ["THING"]),
    ("query file missing", ["query", "{tmp}/missing.rq"], 2, ["missing.rq"]),
    ("validate a missing file", ["validate", "{tmp}/missing.ttl"], 2, ["missing.ttl"]),
    ("validate a syntax error", ["validate", "{bad}"], 2, ["bad.ttl:4"]),
    ("validate an empty directory", ["validate", "{tmp}/empty"], 2, ["no Turtle file"]),
    ("format a missing file", ["format", "{tmp}/missing.ttl"], 2, ["missing.ttl"]),
    ("format a syntax error", ["format", "--check", "{bad}"], 2, ["bad.ttl"]),
    (
        "export into a missing directory",
        ["export", "-o", "{tmp}/no/such/dir/out.ttl"],
        2,
        ["out.ttl"],
    ),
    ("root without a project", ["--root", "{tmp}", "stats"], 2, ["not a tradegraph project"]),
    ("import census without sources", ["import", "census"], 2, ["--wto-rta"]),
    (
        "import census from a missing file",
        ["import", "census", "--wto-rta", "{tmp}/none.json"],
        2,
        ["none.json"],
    ),
    (
        "import census from a missing ToTA folder",
        ["import", "census", "--tota", "{tmp}/none"],
        2,
        ["none"],
    ),
]


@pytest.mark.parametrize(
    ("args", "code", "words"), [c[1:] for c in INPUT_CASES], ids=[c[0] for c in INPUT_CASES]
)
def test_bad_input_is_one_line(args, code, words, files):
    (Path(files["tmp"]) / "empty").mkdir()
    args = [a.format(**files) for a in args]
    assert_refused(_run(*args), code, *[w.format(**files) for w in words])


BAD_TURTLE = {
    "unterminated string": 'ex:a ex:b "open .\n',
    "missing final dot": "ex:a ex:b ex:c\n",
    "undefined prefix": "nope:a ex:b ex:c .\n",
    "IRI with a space": "<https://example.org/a b> ex:b ex:c .\n",
    "literal as subject": '"a" ex:b ex:c .\n',
    "true as predicate": "ex:a true ex:c .\n",
    "surrogate escape": 'ex:a ex:b "\\ud800" .\n',
    "bad unicode escape": 'ex:a ex:b "\\uZZZZ" .\n',
    "stray bracket": "ex:a ex:b ] .\n",
    "bad language tag": 'ex:a ex:b "x"@-en .\n',
}


@pytest.mark.parametrize("name", sorted(BAD_TURTLE))
def test_bad_turtle_is_refused_by_validate_naming_file_and_line(name, tmp_path):
    path = tmp_path / "case.ttl"
    path.write_text(PREFIXES + BAD_TURTLE[name], encoding="utf-8")
    before = path.read_bytes()
    result = _run("validate", str(path))
    assert_refused(result, 2, "case.ttl:")
    # The line of the fault (4), or the end of the file (5) where that is where it shows.
    assert re.search(r"case\.ttl:[45]: ", result.stderr), result.stderr
    assert path.read_bytes() == before


def test_format_check_changes_nothing_and_format_writes_nothing_on_bad_input(tmp_path):
    path = tmp_path / "case.ttl"
    path.write_text(PREFIXES + BAD_TURTLE["missing final dot"], encoding="utf-8")
    before = path.read_bytes()
    assert_refused(_run("format", str(path)), 2, "case.ttl")
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["case.ttl"]


def test_a_long_name_is_not_echoed_in_full():
    result = _run("status", "x" * 100_000)
    assert_refused(result, 2)
    assert len(result.stderr) < 600


def test_a_huge_label_does_not_make_a_huge_report(tmp_path):
    path = tmp_path / "big.ttl"
    path.write_text(
        PREFIXES + f"<https://w3id.org/tradegraph/id/agreement/x> a tg:TradeAgreement ; "
        f'rdfs:label "{"L" * 1_000_000}" .\n',
        encoding="utf-8",
    )
    result = _run("validate", str(path))
    assert result.exit_code == 1
    assert len(result.output) < 5_000


def test_status_without_an_answer_says_why():
    result = _run("status", "SGP", "--on", "2020-01-01")
    assert result.exit_code == 0
    assert "no status" in result.stderr and "timeline" in result.stderr


def test_an_export_into_an_unwritable_place_leaves_nothing(tmp_path):
    blocker = tmp_path / "file.txt"
    blocker.write_text("x", encoding="utf-8")
    assert_refused(_run("export", "-o", str(blocker / "out.ttl")), 2, "out.ttl")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file.txt"]


def test_import_census_with_a_broken_export_changes_nothing(tmp_path):
    checkout = tmp_path / "checkout"
    for part in ("ontology", "queries", "data"):
        shutil.copytree(ROOT / part, checkout / part, ignore=shutil.ignore_patterns("census"))
    before = sorted(p.name for p in (checkout / "data").iterdir())
    broken = tmp_path / "export.json"
    broken.write_text(json.dumps([{"rta_id": "x1", "agreement_name": "A", "status": "In Force"}]))
    assert_refused(
        _run("--root", str(checkout), "import", "census", "--wto-rta", str(broken)),
        2,
        "export.json",
    )
    assert sorted(p.name for p in (checkout / "data").iterdir()) == before


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=60))
def test_fuzzed_parameter_values_never_crash(value):
    result = _run("query", "status-on", "-p", f"thing={value}", "-p", "on=2021-01-01")
    assert "Traceback" not in result.output
    assert result.exit_code in (0, 2), (value, result.output[-300:])
    if result.exit_code == 2:
        assert len(result.stderr.splitlines()) == 1


TURTLE_PIECES = st.sampled_from(
    [
        "ex:a",
        "ex:b",
        "<https://example.org/c>",
        '"x"',
        '"y"@en',
        "1",
        "true",
        "_:b",
        ";",
        ",",
        ".",
        "[",
        "]",
        "(",
        ")",
        "a",
        "tg:TradeAgreement",
        "rdfs:label",
        "\\",
        '"',
        "<",
        "@",
        "#",
    ]
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pieces=st.lists(TURTLE_PIECES, max_size=12))
def test_fuzzed_turtle_never_crashes_validate(pieces, tmp_path_factory):
    path = tmp_path_factory.mktemp("fuzz") / "case.ttl"
    path.write_text(PREFIXES + " ".join(pieces) + "\n", encoding="utf-8")
    result = _run("validate", str(path))
    assert "Traceback" not in result.output
    assert result.exit_code in (0, 1, 2), (pieces, result.output[-300:])
    if result.exit_code == 2:
        assert len(result.stderr.splitlines()) == 1


SPARQL_FAULTS = {
    # The audit: a syntax error on line 4 was reported at 5:13; an undefined prefix printed a
    # 1,000-character list of Unicode ranges; an update got "expected CONSTRUCT".
    "syntax error on line 4": (
        "PREFIX ex: <http://e/>\nSELECT ?s WHERE {\n  ?s ex:p ?o ]\n}\n",
        ["line:4", "]"],
    ),
    "undefined prefix": ("SELECT ?s WHERE {\n  ?s nope:p ?o\n}\n", ["prefix", "nope"]),
    "an update": ("INSERT DATA { <http://e/a> <http://e/b> 1 }\n", ["update"]),
}


@pytest.mark.parametrize("name", sorted(SPARQL_FAULTS))
def test_sparql_faults_say_the_line_and_the_problem(name, tmp_path):
    text, words = SPARQL_FAULTS[name]
    path = tmp_path / "q.rq"
    path.write_text("#+ summary: A query.\n" + text, encoding="utf-8")
    result = _run("query", str(path))
    assert_refused(result, 2, "q.rq", *words)
    assert len(result.stderr) < 300
