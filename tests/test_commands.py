"""The one-line commands: status, timeline and country, over their stored queries."""

from __future__ import annotations

import csv
import io

import pytest


def _rows(result):
    assert result.exit_code == 0, result.output
    return list(csv.DictReader(io.StringIO(result.output)))


def test_status_on_a_date(invoke):
    rows = _rows(invoke("status", "moratorium", "--on", "2026-04-15", "--format", "csv"))
    assert [(r["status"], r["since"]) for r in rows] == [("lapsed", "2026-03-30")]
    rows = _rows(invoke("status", "RCEP", "--on", "2021-06-01", "--format", "csv"))
    assert [r["status"] for r in rows] == ["signed"]


def test_status_defaults_to_today(invoke):
    # The JSI has been concluded (stabilised text) since July 2024.
    rows = _rows(invoke("status", "JSI", "--format", "csv"))
    assert [r["status"] for r in rows] == ["concluded"]


def test_status_by_iri(invoke):
    iri = "https://w3id.org/tradegraph/id/agreement/rcep"
    rows = _rows(invoke("status", iri, "--on", "2022-06-01", "--format", "csv"))
    assert [r["status"] for r in rows] == ["in force"]


def test_status_ambiguous_name_lists_candidates(invoke):
    result = invoke("status", "Chip Security Act", "--on", "2025-06-01")
    assert result.exit_code == 2
    line = result.output.strip()
    assert "ambiguous" in line
    assert "instrument/us-chip-security-act-hr3447" in line
    assert "instrument/us-chip-security-act-s1705" in line


def test_status_bad_date(invoke):
    result = invoke("status", "RCEP", "--on", "June 2021")
    assert result.exit_code == 2
    assert "not a date" in result.output


def test_timeline_of_a_thing_and_of_everything(invoke):
    jsi = _rows(invoke("timeline", "JSI", "--format", "csv"))
    assert jsi[0]["date"] == "2017-12-13"
    assert any(r["what"].startswith("Stabilised text") for r in jsi)
    everything = _rows(invoke("timeline", "--format", "csv"))
    assert len(everything) > len(jsi)
    limited = _rows(invoke("timeline", "--format", "csv", "--limit", "3"))
    assert limited == everything[:3]


@pytest.mark.parametrize("code", ["SG", "SGP", "Singapore", "singapore"])
def test_country_by_code_or_name(invoke, code):
    rows = _rows(invoke("country", code, "--format", "csv"))
    assert {"1 party to agreement", "3 negotiation", "5 organization"} <= {r["kind"] for r in rows}


def test_country_unknown(invoke):
    result = invoke("country", "Atlantis")
    assert result.exit_code == 2
    assert "nothing in the graph is called 'Atlantis'" in result.output


def test_country_table_shows_labels_not_iris(invoke):
    result = invoke("country", "IND")
    assert result.exit_code == 0
    assert "https://w3id.org" not in result.output
    assert "World Trade Organization" in result.output
    assert "4 position" in result.output
