"""Every stored query parses, documents itself, and gives its real answer on the shipped data."""

from __future__ import annotations

import pytest
from rdflib.namespace import RDFS

from tradegraph.namespaces import TG
from tradegraph.render import plain
from tradegraph.sparql import check_syntax, run


def rows(catalogue, graph, name, **values):
    table = run(catalogue[name], graph, values)
    return [dict(zip(table.columns, (plain(t) for t in row), strict=True)) for row in table.rows]


def test_at_least_five_stored_queries(catalogue):
    assert len(catalogue) >= 5


@pytest.mark.parametrize(
    "name",
    [
        "agreements-with-cybersecurity",
        "element-matrix",
        "jsi-timeline",
        "moratorium-renewals",
        "status-on",
        "unverified-facts",
    ],
)
def test_query_parses_and_has_a_summary(name, catalogue):
    query = catalogue[name]
    check_syntax(query)
    assert query.summary.endswith(("?", "."))


def test_every_catalogued_query_parses(catalogue):
    for query in catalogue.values():
        check_syntax(query)
        assert query.summary


def test_agreements_with_cybersecurity(catalogue, graph):
    found = {
        (r["agreement"], r["article"]): r
        for r in rows(catalogue, graph, "agreements-with-cybersecurity")
    }
    assert ("Regional Comprehensive Economic Partnership", "12.13") in found
    assert ("WTO Agreement on Electronic Commerce", "17") in found
    assert len({agreement for agreement, _ in found}) >= 6
    jsi = found[("WTO Agreement on Electronic Commerce", "17")]
    assert jsi["elements"] == (
        "cyber-trade link; capacity building; operational collaboration; "
        "risk-based approaches; consensus-based standards"
    )
    assert jsi["level"] == "official text"
    assert found[("Regional Comprehensive Economic Partnership", "12.13")]["elements"] == (
        "capacity building; operational collaboration"
    )
    for row in found.values():
        assert row["source"].startswith(("http://", "https://"))
        assert row["level"] in {"official text", "official summary", "secondary source"}


def test_agreements_in_force_on_a_date(catalogue, graph):
    in_2021 = {
        r["agreement"]
        for r in rows(catalogue, graph, "agreements-with-cybersecurity", on="2021-06-01")
    }
    assert "Comprehensive and Progressive Agreement for Trans-Pacific Partnership" in in_2021
    assert "United States-Mexico-Canada Agreement" in in_2021
    # RCEP entered into force on 1 January 2022; the e-commerce agreement is not in force.
    assert "Regional Comprehensive Economic Partnership" not in in_2021
    assert "WTO Agreement on Electronic Commerce" not in in_2021


def test_element_matrix(catalogue, graph):
    matrix = {r["agreement"]: r for r in rows(catalogue, graph, "element-matrix")}
    uae = matrix["Australia-United Arab Emirates Comprehensive Economic Partnership Agreement"]
    assert (uae["cyberTradeLink"], uae["workforce"], uae["riskBased"]) == ("yes", "yes", "")


def test_moratorium_renewals_in_order(catalogue, graph):
    renewals = rows(catalogue, graph, "moratorium-renewals")
    dates = [r["adopted"] for r in renewals if r["adopted"]]
    assert dates == sorted(dates)
    assert dates[0] == "1998-05-20"
    # Decisions whose day is unknown are placed by their conference, in conference order.
    conferences = [r["conference"] for r in renewals if r["conference"]]
    assert [c.split()[0] for c in conferences] == [
        "MC2",
        "MC4",
        "MC7",
        "MC8",
        "MC9",
        "MC10",
        "MC11",
        "MC12",
        "MC13",
    ]
    doha = next(r for r in renewals if r["conference"].startswith("MC4"))
    assert (doha["adopted"], doha["expiryRule"]) == ("", "until the Fifth Session")
    assert {"2015-12-19", "2019-12-10", "2024-03-01"} <= set(dates)
    mc10 = next(r for r in renewals if r["adopted"] == "2015-12-19")
    assert mc10["symbol"] == "WT/L/977" and mc10["level"] == "official text"


@pytest.mark.parametrize(
    ("on", "status"),
    [
        ("2025-06-01", "in force"),
        ("2026-04-15", "lapsed"),
        ("1999-01-01", "in force"),
    ],
)
def test_moratorium_status_on(catalogue, graph, on, status):
    answer = rows(catalogue, graph, "status-on", thing="moratorium", on=on)
    assert [r["status"] for r in answer] == [status]


def test_moratorium_before_1998_has_no_status(catalogue, graph):
    assert rows(catalogue, graph, "status-on", thing="moratorium", on="1997-01-01") == []


def test_agreement_status_follows_its_dates(catalogue, graph):
    def status(on):
        return [r["status"] for r in rows(catalogue, graph, "status-on", thing="RCEP", on=on)]

    assert status("2020-01-01") == []
    assert status("2021-06-01") == ["signed"]
    assert status("2022-06-01") == ["in force"]


def test_jsi_status_and_timeline(catalogue, graph):
    assert [
        r["status"] for r in rows(catalogue, graph, "status-on", thing="JSI", on="2020-01-01")
    ] == ["under negotiation"]
    timeline = rows(catalogue, graph, "jsi-timeline")
    assert [r["date"] for r in timeline] == sorted(r["date"] for r in timeline)
    stabilised = [r for r in timeline if r["symbol"] == "INF/ECOM/87"]
    assert [r["date"] for r in stabilised] == ["2024-07-26"]
    assert any(r["date"] == "2023-10-25" for r in timeline)  # US withdrawal of support


def test_unverified_facts_is_the_worklist(catalogue, graph):
    worklist = rows(catalogue, graph, "unverified-facts")
    resources = {r["resource"] for r in worklist}
    assert "USMCA Article 19.15 Cybersecurity" in resources
    assert "WTO Agreement on Electronic Commerce Article 17 Cybersecurity" not in resources
    below = [r for r in worklist if r["missing"] == ""]
    assert all(r["level"] != "official text" for r in below)
    assert not any(r["class"] == "Country" for r in worklist)
    # Weakest first.
    levels = [r["level"] for r in below]
    assert levels == sorted(levels, key=["secondary source", "official summary"].index)


def test_worklist_lists_provisions_whose_article_number_is_unread(catalogue, graph):
    worklist = rows(catalogue, graph, "unverified-facts")
    unread = {r["resource"]: r["level"] for r in worklist if r["missing"] == "article number"}
    numberless = {
        str(label)
        for (label,) in graph.query(
            "SELECT ?label WHERE { ?p a tg:Provision ; rdfs:label ?label "
            "FILTER NOT EXISTS { ?p tg:articleNumber ?n } }",
            initNs={"tg": TG, "rdfs": RDFS},
        )
    }
    assert set(unread) == numberless
    # Read in the official text, yet on the worklist for its number alone.
    assert unread["UK-EEA EFTA FTA cybersecurity article (Chapter 4)"] == "official text"


def test_worklist_lists_agreements_whose_provision_is_not_established(catalogue, graph):
    worklist = rows(catalogue, graph, "unverified-facts")
    open_checks = {r["resource"] for r in worklist if r["missing"] == "cybersecurity provision"}
    assert "Check of DEPA for a cybersecurity provision" in open_checks
    assert "Check of RCEP for a cybersecurity provision" not in open_checks


def test_briefing_attendees_named_by_cr2(catalogue, graph):
    attendees = rows(catalogue, graph, "briefing-attendees")
    briefing = [r for r in attendees if r["event"].startswith("CR2 briefing")]
    assert {r["code"] for r in briefing if r["code"]} == {
        "USA",
        "ESP",
        "AUS",
        "DEU",
        "KAZ",
        "BRA",
        "JPN",
        "CHN",
    }
    assert {r["date"] for r in briefing} == {"2024-01"}
