"""What several test modules share: the checkout's root, the size of the ISO 3166-1 table, the
Turtle that the shape and check cases build on, sample values for the stored queries, and the
stored queries' answers computed once per session. Test modules import from here, never from
one another (nor from conftest.py, which holds the fixtures)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pycountry

from tradegraph.catalogue import StoredQuery
from tradegraph.engines.result import Engine, ResultTable
from tradegraph.prefixes import ID, turtle_prefixes
from tradegraph.render import plain
from tradegraph.sparql import run

ROOT = Path(__file__).resolve().parents[1]

# data/countries.ttl holds one tg:Country per ISO 3166-1 entry, generated from pycountry
# (`make countries`; test_countries requires the committed file to be the generator's output).
ISO_3166_1_ENTRIES = len(pycountry.countries)

# Turtle for the smallest cases that break a shape (test_shapes) or a check (test_checks): the
# prefix table, and id: for the test resources (not a prefix of the table: real resources live
# under a kind, id/agreement/ and so on).
HEADER = turtle_prefixes() + f"@prefix id: <{ID}> .\n"

# Two valid actors and a valid agreement that the broken cases lean on.
CONTEXT = """
id:a a tg:Organization ; rdfs:label "A" ; dcterms:source <https://example.org/a> ;
    tg:verificationLevel verification:secondary-source .
id:b a tg:Organization ; rdfs:label "B" ; dcterms:source <https://example.org/b> ;
    tg:verificationLevel verification:secondary-source .
id:ok a tg:TradeAgreement ; rdfs:label "OK" ; dcterms:title "OK Agreement" ;
    tg:agreementKind agreement-kind:free-trade-agreement ; tg:signatureDate "2020-01-01"^^xsd:date ;
    tg:noWtoRtaIdReason "Not notified (a test agreement)." ;
    tg:officialTextUnlocated "A test agreement: no publisher was searched." ;
    dcterms:source <https://example.org/ok> ; tg:verificationLevel verification:secondary-source .
id:ok-review a tg:ProvisionReview ; rdfs:label "OK reviewed" ; tg:reviewOf id:ok ;
    tg:finding finding:none-found ; tg:method method:reading ; dcterms:date "2026-01-01"^^xsd:date ;
    dcterms:source <https://example.org/ok> ; tg:verificationLevel verification:secondary-source .
id:ok-a a tg:PartyMembership ; rdfs:label "A in OK" ; tg:membershipOf id:ok ; org:member id:a ;
    dcterms:source <https://example.org/ok> ; tg:verificationLevel verification:secondary-source .
id:ok-b a tg:PartyMembership ; rdfs:label "B in OK" ; tg:membershipOf id:ok ; org:member id:b ;
    dcterms:source <https://example.org/ok> ; tg:verificationLevel verification:secondary-source .
"""

SOURCED = (
    "dcterms:source <https://example.org/x> ; tg:verificationLevel verification:secondary-source"
)


# Values for each stored query's parameters, for the tests that run every stored query
# (test_engines' differential test); queries not listed run once, without values.
SAMPLES: dict[str, list[dict[str, str]]] = {
    "agreements-with-cybersecurity": [{}, {"on": "2021-06-01"}],
    "agreements-with-element": [{"element": "risk-based approaches"}, {"element": "cybersecurity"}],
    "compare-agreements": [{"first": "RCEP", "second": "USMCA"}],
    "provisions-text-search": [{"text": "incident response"}, {"text": "no such phrase"}],
    "agreement-reviews": [{}, {"finding": "not established"}],
    "parties-in-force-on": [{"agreement": "CPTPP", "on": "2019-01-01"}],
    "country-profile": [{"country": "SGP"}, {"country": "India"}, {"country": "DEU"}],
    "country-agreements": [{"country": "JPN"}, {"country": "GBR"}],
    "agreements-between": [
        {"first": "JPN", "second": "AUS", "on": "2016-01-01"},
        {"first": "DEU", "second": "KOR", "on": "2016-01-01"},
    ],
    "moratorium-status-on": [{"on": "2005-01-01"}, {"on": "2026-04-15"}, {"on": "1990-01-01"}],
    "moratorium-positions": [{}, {"stance": "opposes"}],
    "status-on": [
        {"thing": "moratorium", "on": "2025-06-01"},
        {"thing": "RCEP", "on": "2021-06-01"},
        {"thing": "JSI", "on": "2024-08-01"},
    ],
    "timeline": [{}, {"thing": "JSI"}],
    "events-since": [{"since": "2024-01-01"}],
    "policy-instruments": [{}, {"jurisdiction": "JP"}, {"topic": "cybersecurity"}],
    "sources-for": [{"resource": "RCEP"}],
}


def sample_cases(catalogue: dict[str, StoredQuery]) -> list[tuple[str, dict[str, str]]]:
    """Every stored query with each of its sample values, in catalogue order."""
    return [(name, values) for name in catalogue for values in SAMPLES.get(name, [{}])]


def case_id(name: str, values: dict[str, str]) -> str:
    """A readable test id for a query and its values: status-on(thing=RCEP,on=2021-06-01)."""
    if not values:
        return name
    return name + "(" + ",".join(f"{key}={value}" for key, value in values.items()) + ")"


class Answers:
    """The stored queries' answers on one engine, each query and set of values run once and
    kept: the rdflib reference that the Oxigraph paths must match, and the real answers
    test_queries asserts."""

    def __init__(self, catalogue: dict[str, StoredQuery], engine: Engine) -> None:
        self.catalogue = catalogue
        self.engine = engine
        self._tables: dict[tuple[str, tuple[tuple[str, str], ...]], ResultTable] = {}

    def table(self, name: str, values: dict[str, str] | None = None) -> ResultTable:
        key = (name, tuple(sorted((values or {}).items())))
        if key not in self._tables:
            self._tables[key] = run(self.catalogue[name], self.engine, dict(values or {}))
        return self._tables[key]

    def rows(self, name: str, **values: str) -> list[dict[str, str]]:
        """The answer as a person reads it: one dict per row, terms as plain text."""
        table = self.table(name, values)
        return [
            dict(zip(table.columns, (plain(term) for term in row), strict=True))
            for row in table.rows
        ]


def git(root: Path, *arguments: str) -> str:
    """Run git in a test repository, with a fixed identity and dates (so commits and tags are
    the same on every run) and no user configuration."""
    done = subprocess.run(
        ["git", "-C", str(root), *arguments],
        check=True,
        capture_output=True,
        text=True,
        env={
            "GIT_AUTHOR_NAME": "t",
            "GIT_AUTHOR_EMAIL": "t@example.org",
            "GIT_COMMITTER_NAME": "t",
            "GIT_COMMITTER_EMAIL": "t@example.org",
            "GIT_AUTHOR_DATE": "2026-12-01T12:00:00Z",
            "GIT_COMMITTER_DATE": "2026-12-01T12:00:00Z",
            "GIT_CONFIG_NOSYSTEM": "1",
            "HOME": str(root),
            "PATH": "/usr/bin:/bin",
        },
    )
    return done.stdout


def run_readme_python(section: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run the one ```python block of the README section under this heading (e.g. "## Architecture",
    "### Tables") in a fresh interpreter in cwd."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    level = section.split(" ", 1)[0]
    text = readme.split(f"{section}\n", 1)[1].split(f"\n{level} ", 1)[0]
    (session,) = re.findall(r"```python\n(.*?)```", text, flags=re.S)
    return subprocess.run(
        [sys.executable, "-c", session], cwd=cwd, capture_output=True, text=True, timeout=300
    )
