"""Every stored query parses, documents itself, and gives its real answer on the shipped data."""

from __future__ import annotations

import sys

import pytest
from rdflib import Literal
from rdflib.namespace import DCTERMS, ORG, RDF, RDFS

from tradegraph.namespaces import ID, TG
from tradegraph.prefixes import PREFIXES, sparql_prefixes
from tradegraph.sparql import check_syntax

from .helpers import ROOT


@pytest.fixture
def rows(reference, request):
    """rows(NAME, **values): a stored query's answer on the shipped graph, one dict of plain
    text per row (rdflib's answer, computed once per session and shared with test_engines,
    which requires every other engine to give the same rows).

    A test names the queries it asks in @pytest.mark.answers(...), and asks each of them: so
    the marks say which stored queries have their answers asserted here."""
    declared = {name for mark in request.node.iter_markers("answers") for name in mark.args}
    asked = set()
    failed_before = request.session.testsfailed

    def ask(name: str, **values: str) -> list[dict[str, str]]:
        assert name in declared, f"{name!r} is asked but not in the test's @pytest.mark.answers"
        asked.add(name)
        return reference.rows(name, **values)

    yield ask
    if request.session.testsfailed == failed_before:  # a failed test has said enough
        assert asked == declared, f"in @pytest.mark.answers but never asked: {declared - asked}"


def labels(graph, pattern: str) -> set[str]:
    """The ?label values that a graph pattern (on the project's prefixes) binds."""
    query = sparql_prefixes() + f"SELECT DISTINCT ?label WHERE {{ {pattern} }}"
    return {str(label) for (label,) in graph.query(query)}


def _answered() -> set[str]:
    """The stored queries named in this module's @pytest.mark.answers marks."""
    module = sys.modules[__name__]
    return {
        name
        for attribute, test in vars(module).items()
        if attribute.startswith("test_")
        for mark in getattr(test, "pytestmark", [])
        if mark.name == "answers"
        for name in mark.args
    }


def test_at_least_twenty_stored_queries(catalogue):
    assert len(catalogue) >= 20


def test_every_stored_query_has_an_answer_test(catalogue):
    """Each stored query has a test here that asks it and asserts its real answer."""
    assert sorted(set(catalogue) - _answered()) == [], "stored queries no test here asks"
    assert sorted(_answered() - set(catalogue)) == [], "marks naming no stored query"


def test_every_summary_is_a_question_or_a_sentence(catalogue):
    for query in catalogue.values():
        assert query.summary.endswith(("?", ".")), query.name


def test_every_catalogued_query_parses(catalogue):
    for query in catalogue.values():
        check_syntax(query)
        assert query.summary


@pytest.mark.answers("agreements-with-cybersecurity")
def test_agreements_with_cybersecurity(rows):
    found = {(r["agreement"], r["article"]): r for r in rows("agreements-with-cybersecurity")}
    assert ("Regional Comprehensive Economic Partnership", "12.13") in found
    assert ("WTO Agreement on Electronic Commerce", "17") in found
    assert len({agreement for agreement, _ in found}) >= 6
    jsi = found[("WTO Agreement on Electronic Commerce", "17")]
    assert jsi["elements"] == (
        "cyber-trade link; capacity building; operational collaboration; "
        "risk-based approaches; consensus-based standards"
    )
    # Read in a Markdown conversion of INF/ECOM/87 whose origin is not identified.
    assert jsi["level"] == "secondary source"
    assert found[("Regional Comprehensive Economic Partnership", "12.13")]["elements"] == (
        "capacity building; operational collaboration"
    )
    for row in found.values():
        assert row["source"].startswith(("http://", "https://"))
        assert row["level"] in {"official text", "official summary", "secondary source"}


@pytest.mark.answers("agreements-with-cybersecurity")
def test_agreements_in_force_on_a_date(rows):
    in_2021 = {r["agreement"] for r in rows("agreements-with-cybersecurity", on="2021-06-01")}
    assert "Comprehensive and Progressive Agreement for Trans-Pacific Partnership" in in_2021
    assert "United States-Mexico-Canada Agreement" in in_2021
    # RCEP entered into force on 1 January 2022; the e-commerce agreement is not in force.
    assert "Regional Comprehensive Economic Partnership" not in in_2021
    assert "WTO Agreement on Electronic Commerce" not in in_2021


@pytest.mark.answers("element-matrix")
def test_element_matrix(rows):
    matrix = {r["agreement"]: r for r in rows("element-matrix")}
    uae = matrix["Australia-United Arab Emirates Comprehensive Economic Partnership Agreement"]
    assert (uae["cyberTradeLink"], uae["workforce"], uae["riskBased"]) == ("yes", "yes", "")


@pytest.mark.answers("moratorium-renewals")
def test_moratorium_renewals_in_order(rows):
    renewals = rows("moratorium-renewals")
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
@pytest.mark.answers("status-on")
def test_moratorium_status_on(rows, on, status):
    answer = rows("status-on", thing="moratorium", on=on)
    assert [r["status"] for r in answer] == [status]


@pytest.mark.answers("status-on")
def test_moratorium_before_1998_has_no_status(rows):
    assert rows("status-on", thing="moratorium", on="1997-01-01") == []


@pytest.mark.answers("status-on")
def test_agreement_status_follows_its_dates(rows):
    def status(on):
        return [r["status"] for r in rows("status-on", thing="RCEP", on=on)]

    assert status("2020-01-01") == []
    assert status("2021-06-01") == ["signed"]
    assert status("2022-06-01") == ["in force"]


@pytest.mark.answers("status-on", "jsi-timeline")
def test_jsi_status_and_timeline(rows):
    assert [r["status"] for r in rows("status-on", thing="JSI", on="2020-01-01")] == [
        "under negotiation"
    ]
    timeline = rows("jsi-timeline")
    assert [r["date"] for r in timeline] == sorted(r["date"] for r in timeline)
    stabilised = [r for r in timeline if r["symbol"] == "INF/ECOM/87"]
    assert [r["date"] for r in stabilised] == ["2024-07-26"]
    assert any(r["date"] == "2023-10-25" for r in timeline)  # US withdrawal of support


@pytest.mark.parametrize(
    ("thing", "on", "status"),
    [
        ("ASEAN DEFA", "2023-09-02", None),
        ("ASEAN DEFA", "2024-01-01", "under negotiation"),
        ("ASEAN DEFA", "2026-06-01", "concluded"),
        ("EU-Korea DTA", "2024-01-01", "under negotiation"),
        ("EU-Korea DTA", "2025-06-01", "concluded"),
        ("EU-Korea DTA", "2026-07-01", "signed"),
    ],
)
@pytest.mark.answers("status-on")
def test_status_of_the_digital_agreements_of_2023_2026(rows, thing, on, status):
    answer = [r["status"] for r in rows("status-on", thing=thing, on=on)]
    assert answer == ([status] if status else [])


@pytest.mark.answers("timeline")
def test_depa_timeline_holds_the_protocol_and_koreas_accession(rows):
    timeline = [(r["date"], r["what"]) for r in rows("timeline", thing="DEPA")]
    assert [d for d, _ in timeline] == sorted(d for d, _ in timeline)
    dated = {what: date for date, what in timeline}
    assert dated["The Protocol to the Digital Economy Partnership Agreement is signed"] == (
        "2023-07-15"
    )
    assert dated["Korea becomes the first acceding Party to DEPA"] == "2024-05-03"
    assert (
        "2024-03-19",
        "The Protocol to the Digital Economy Partnership Agreement enters into force",
    ) in timeline


@pytest.mark.answers("unverified-facts")
def test_unverified_facts_is_the_worklist(rows):
    worklist = rows("unverified-facts")
    resources = {r["resource"] for r in worklist}
    assert "USMCA Article 19.15 Cybersecurity" in resources
    assert "WTO Agreement on Electronic Commerce Article 17 Cybersecurity" not in resources
    below = [r for r in worklist if r["missing"] == ""]
    assert all(r["level"] != "official text" for r in below)
    assert not any(r["class"] == "Country" for r in worklist)
    # Weakest first.
    levels = [r["level"] for r in below]
    assert levels == sorted(levels, key=["secondary source", "official summary"].index)


@pytest.mark.answers("unverified-facts")
def test_worklist_lists_provisions_whose_article_number_is_unread(rows, graph):
    worklist = rows("unverified-facts")
    unread = {r["resource"]: r["level"] for r in worklist if r["missing"] == "article number"}
    numberless = labels(
        graph, "?p a tg:Provision ; rdfs:label ?label FILTER NOT EXISTS { ?p tg:articleNumber ?n }"
    )
    assert set(unread) == numberless
    # Read in EDIT's copy (origin not identified), and its number not reached.
    assert unread["UK-EEA EFTA FTA cybersecurity article (Chapter 4)"] == "secondary source"


@pytest.mark.answers("unverified-facts")
def test_worklist_lists_agreements_whose_provision_is_not_established(rows):
    worklist = rows("unverified-facts")
    open_checks = {r["resource"] for r in worklist if r["missing"] == "cybersecurity provision"}
    assert "Check of DEPA for a cybersecurity provision" in open_checks
    assert "Check of RCEP for a cybersecurity provision" not in open_checks


@pytest.mark.answers("provision-evidence", "agreements-with-cybersecurity")
def test_provision_evidence_says_what_was_read_where_and_what_is_missing(rows, graph):
    evidence = rows("provision-evidence")
    # One row per cybersecurity provision, as agreements-with-cybersecurity selects them.
    assert len(evidence) == len(rows("agreements-with-cybersecurity"))
    read_in_a_copy = labels(
        graph, "?p a tg:Provision ; tg:copyRead ?c ; dcterms:isPartOf ?a . ?a rdfs:label ?label"
    )
    linked = labels(graph, "?a tg:officialText ?d ; rdfs:label ?label")
    for row in evidence:
        assert (row["wordsRead"] == "yes") == (row["agreement"] in read_in_a_copy), row
        assert (row["copyRead"] != "") == (int(row["copies"]) > 0), row
        assert (row["officialText"] != "") == (row["agreement"] in linked), row
        assert row["readThere"] == ("no" if row["officialText"] else ""), row
        # Below official text, the note says what is still missing and what was tried.
        assert (row["missing"] == "") == (row["level"] == "official text"), row
        assert row["missing"] == "" or "Tried" in row["missing"], row
    # Weakest first.
    order = ["secondary source", "official summary", "official text"]
    levels = [row["level"] for row in evidence]
    assert levels == sorted(levels, key=order.index)
    afcfta = next(r for r in evidence if r["agreement"] == "AfCFTA Protocol on Digital Trade")
    assert (afcfta["article"], afcfta["level"], afcfta["wordsRead"]) == (
        "25",
        "secondary source",
        "yes",
    )
    assert (
        "/Seth-arc/afcfta-live/blob/17b949a49c59a373de1a684a11612a7c5990d4d4/"
        in (afcfta["copyRead"])
    )


@pytest.mark.answers("provision-evidence")
def test_readme_data_status_gives_the_share_read_that_the_query_counts(rows, graph):
    evidence = rows("provision-evidence")
    census = labels(
        graph,
        "?a a tg:TradeAgreement ; rdfs:label ?label FILTER NOT EXISTS { ?a dcterms:title ?t }",
    )
    curated = [r for r in evidence if r["agreement"] not in census]
    read = sum(r["wordsRead"] == "yes" for r in evidence)
    read_curated = sum(r["wordsRead"] == "yes" for r in curated)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    lines = {
        line.split("|")[1].strip(): line.strip()
        for line in readme.splitlines()
        if line.strip().startswith("| ") and line.count("|") == 4
    }
    words_read = lines["words read in a copy of the text"]
    assert words_read.endswith(f"| {read} ({read_curated} of the {len(curated)} curated) |")
    total = f"| {len(evidence)} ({len(curated)} + {len(evidence) - len(curated)}) |"
    assert lines["all (curated + TPP in the census)"].endswith(total)


@pytest.mark.answers("briefing-attendees")
def test_briefing_attendees_named_by_cr2(rows):
    attendees = rows("briefing-attendees")
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


@pytest.mark.answers("agreements-with-element")
def test_agreements_with_element(rows):
    risk = rows("agreements-with-element", element="risk-based approaches")
    assert {r["agreement"] for r in risk} == {
        "United States-Mexico-Canada Agreement",
        "WTO Agreement on Electronic Commerce",
        "Iceland-Liechtenstein-Norway-United Kingdom Free Trade Agreement",
    }
    workforce = rows("agreements-with-element", element="workforce-development")
    assert [(r["agreement"], r["article"]) for r in workforce] == [
        ("Australia-United Arab Emirates Comprehensive Economic Partnership Agreement", "12.27")
    ]


@pytest.mark.answers("country-profile")
def test_country_profile(rows):
    profile = rows("country-profile", country="SG")
    kinds = {r["kind"] for r in profile}
    assert kinds == {
        "1 party to agreement",
        "2 cybersecurity provision",
        "3 negotiation",
        "4 position",
        "5 organization",
    }
    rcep = next(
        r
        for r in profile
        if r["kind"] == "2 cybersecurity provision"
        and r["about"] == "Regional Comprehensive Economic Partnership"
    )
    assert rcep["detail"] == "Article 12.13 Cyber Security"
    jsi = [r for r in profile if r["kind"] == "3 negotiation"]
    assert [r["detail"] for r in jsi] == ["co-convenor"]
    # The same answer by name and by alpha-3 code.
    assert rows("country-profile", country="Singapore") == profile
    assert rows("country-profile", country="SGP") == profile


@pytest.mark.answers("countries-by-cyber-agreements")
def test_countries_by_cyber_agreements(rows):
    ranking = rows("countries-by-cyber-agreements")
    counts = [int(r["agreements"]) for r in ranking]
    assert counts == sorted(counts, reverse=True)
    assert (ranking[0]["party"], ranking[0]["code"]) == ("Singapore", "SGP")
    assert all(int(r["readInOfficialText"]) <= int(r["agreements"]) for r in ranking)


@pytest.mark.answers("countries-by-cyber-agreements")
def test_countries_by_cyber_agreements_in_force_on_a_date(rows, graph):
    on = "2023-01-01"
    signed = {r["party"]: int(r["agreements"]) for r in rows("countries-by-cyber-agreements")}
    in_force = {
        r["party"]: int(r["agreements"]) for r in rows("countries-by-cyber-agreements", on=on)
    }
    assert all(0 < n <= signed[party] for party, n in in_force.items())
    assert sum(in_force.values()) < sum(signed.values())
    # Counted again by walking the graph: Australia's agreements with a cybersecurity provision
    # in force for it on the date (its own entry into force, else the agreement's).
    aus = next(graph.subjects(TG.isoAlpha3, Literal("AUS")))
    expected = set()
    for membership in graph.subjects(ORG.member, aus):
        agreement = graph.value(membership, TG.membershipOf)
        since = graph.value(membership, TG.entryIntoForceDate) or graph.value(
            agreement, TG.entryIntoForceDate
        )
        left = graph.value(membership, TG.withdrawalDate)
        cyber = any(
            (p, TG.coversTopic, ID["topic/cybersecurity"]) in graph
            for p in graph.subjects(DCTERMS.isPartOf, agreement)
        )
        if cyber and since is not None and str(since) <= on and (left is None or str(left) > on):
            expected.add(agreement)
    assert in_force["Australia"] == len(expected) < signed["Australia"]


@pytest.mark.answers("countries-census-coverage")
def test_countries_census_coverage(rows, graph):
    coverage = {r["code"] or r["party"]: r for r in rows("countries-census-coverage")}
    # Counted again here by walking the graph: the United Kingdom's agreements as a direct party.
    gbr = next(graph.subjects(TG.isoAlpha3, Literal("GBR")))
    agreements = {
        a
        for m in graph.subjects(ORG.member, gbr)
        for a in graph.objects(m, TG.membershipOf)
        if (a, RDF.type, TG.TradeAgreement) in graph
    }
    checked = {
        a
        for a in agreements
        for r in graph.subjects(TG.reviewOf, a)
        if graph.value(r, TG.method) not in (None, ID["method/none"])
    }
    row = coverage["GBR"]
    assert (int(row["agreements"]), int(row["checkedInText"])) == (len(agreements), len(checked))
    assert 0 < len(checked) < len(agreements)  # the census holds no text of recent UK agreements
    assert int(row["share"]) == round(100 * len(checked) / len(agreements))
    ranking = [int(r["agreements"]) for r in coverage.values()]
    assert ranking == sorted(ranking, reverse=True)


@pytest.mark.answers("jsi-participants-without-cyber-commitments")
def test_jsi_gap_analysis(rows, graph):
    gaps = {
        r["code"] or r["participant"]: r for r in rows("jsi-participants-without-cyber-commitments")
    }
    # Party to no agreement with a cybersecurity provision in the graph.
    assert {"TUR", "KEN", "NGA", "TWN"} <= set(gaps)
    # Co-convenors and parties to RCEP, CPTPP or USMCA are committed.
    assert not {"SGP", "AUS", "JPN", "USA", "CHN", "MEX", "CAN"} & set(gaps)
    # The EU is party to the EU-UK TCA; the United Kingdom to the Australia-UK FTA.
    assert "European Union" not in gaps and "GBR" not in gaps


@pytest.mark.answers("jsi-participant-counts")
def test_jsi_participant_counts(rows):
    counts = rows("jsi-participant-counts")
    assert [(r["date"], r["participants"]) for r in counts][:2] == [
        ("2017-12-13", "71"),
        ("2019-01-25", "76"),
    ]
    assert counts[-1]["participants"] == "91"


@pytest.mark.answers("jsi-agreement-articles")
def test_jsi_agreement_articles(rows):
    articles = rows("jsi-agreement-articles")
    in_text = [r for r in articles if r["inText"] == "yes"]
    assert [int(r["article"]) for r in in_text] == list(range(1, 39))
    cyber = next(r for r in in_text if r["article"] == "17")
    assert (cyber["title"], cyber["topic"]) == ("Cybersecurity", "cybersecurity")
    customs = next(r for r in in_text if r["article"] == "11")
    assert customs["contestedIn"] == "2023-12"
    left_out = {r["topic"]: r["contestedIn"] for r in articles if r["inText"] == "no"}
    assert left_out == {
        "cross-border data flows": "2023-10-25",
        "data localization": "2023-10-25",
        "source code": "2023-10-25",
        "ICT products that use cryptography": "2023-12",
    }


@pytest.mark.parametrize(
    ("on", "status", "renewal"),
    [
        ("2005-01-01", "in force", "Doha Ministerial Declaration, paragraph 34 (MC4)"),
        (
            "2025-06-01",
            "in force",
            "Work Programme on Electronic Commerce, Ministerial Decision (MC13)",
        ),
        (
            "2026-04-15",
            "lapsed",
            "Work Programme on Electronic Commerce, Ministerial Decision (MC13)",
        ),
    ],
)
@pytest.mark.answers("moratorium-status-on")
def test_moratorium_status_on_date(rows, on, status, renewal):
    answer = rows("moratorium-status-on", on=on)
    assert [(r["status"], r["latestRenewal"]) for r in answer] == [(status, renewal)]


@pytest.mark.answers("moratorium-status-on")
def test_moratorium_status_before_1998_is_empty(rows):
    assert rows("moratorium-status-on", on="1997-01-01") == []


@pytest.mark.answers("moratorium-positions")
def test_moratorium_positions(rows):
    opposed = rows("moratorium-positions", stance="opposes")
    assert {"IND", "IDN", "ZAF"} <= {r["code"] for r in opposed}
    assert {r["stance"] for r in opposed} == {"opposes"}
    everyone = rows("moratorium-positions")
    assert {"supports", "opposes", "questions"} == {r["stance"] for r in everyone}
    w747 = [r for r in everyone if r["symbol"] == "WT/GC/W/747"]
    assert {r["code"] for r in w747} == {"IND", "ZAF"}


@pytest.mark.answers("moratorium-positions")
def test_moratorium_positions_at_mc14(rows):
    """MC14 (March 2026): the US wanted the moratorium permanent, India would accept two more
    years, Brazil at most two years with an opt-out (questions, not a call to end it)."""
    mc14 = {r["code"]: r["stance"] for r in rows("moratorium-positions") if r["date"] == "2026-03"}
    assert mc14 == {"USA": "supports", "IND": "supports", "BRA": "questions"}


@pytest.mark.answers("jsi-timeline")
def test_jsi_timeline_from_stabilised_text_to_interim_arrangement(rows):
    timeline = [r["event"] for r in rows("jsi-timeline")]
    stabilised = next(i for i, e in enumerate(timeline) if "INF/ECOM/87" in e)
    confirmed = next(i for i, e in enumerate(timeline) if "confirm the conclusion" in e)
    interim = next(i for i, e in enumerate(timeline) if "interim arrangement" in e)
    assert stabilised < confirmed < interim


@pytest.mark.answers("events-since")
def test_events_since_mc14_hold_the_usmca_joint_review(rows):
    after = rows("events-since", since="2026-04-01")
    assert all(r["date"] >= "2026-04" for r in after)
    review = [r for r in after if r["what"].startswith("USMCA joint review")]
    assert [(r["about"], r["date"]) for r in review] == [
        ("United States-Mexico-Canada Agreement", "2026-07")
    ]


@pytest.mark.answers("events-since")
def test_events_since(rows):
    since = rows("events-since", since="2026-01-01")
    assert [r["date"] for r in since] == sorted(r["date"] for r in since)
    assert all(r["date"] >= "2026" for r in since)
    assert any(r["what"].startswith("MC14 ends without agreeing") for r in since)


@pytest.mark.answers("parties-in-force-on")
def test_parties_in_force_on(rows):
    def parties(on):
        return {r["code"] for r in rows("parties-in-force-on", agreement="CPTPP", on=on)}

    assert parties("2018-12-29") == set()
    assert parties("2019-01-01") == {"AUS", "CAN", "JPN", "MEX", "NZL", "SGP"}
    assert "VNM" in parties("2019-01-14")


@pytest.mark.answers("parties-in-force-on")
def test_parties_in_force_on_the_resolved_dates(rows):
    """RCEP for Malaysia from 18 March 2022 (60 days after its deposit of 17 January, MITI), the
    CPTPP for Chile from 21 February 2023 (Chile's foreign ministry)."""

    def parties(agreement, on):
        return {r["code"] for r in rows("parties-in-force-on", agreement=agreement, on=on)}

    assert "MYS" not in parties("RCEP", "2022-03-17")
    assert "MYS" in parties("RCEP", "2022-03-18")
    assert "CHL" not in parties("CPTPP", "2023-02-20")
    assert "CHL" in parties("CPTPP", "2023-02-21")


@pytest.mark.answers("moratorium-renewals")
def test_mc11_renewal_carries_the_symbol_rcep_cites(rows):
    mc11 = [r for r in rows("moratorium-renewals") if r["conference"].startswith("MC11")]
    assert [(r["adopted"], r["symbol"]) for r in mc11] == [("2017-12-13", "WT/MIN(17)/65")]


@pytest.mark.answers("compare-agreements")
def test_compare_agreements(rows):
    table = {r["element"]: r for r in rows("compare-agreements", first="RCEP", second="USMCA")}
    assert next(iter(table)) == "cyber-trade link"
    assert (table["cyber-trade link"]["first"], table["cyber-trade link"]["second"]) == ("", "yes")
    assert table["capacity building of incident-response bodies"]["firstArticle"] == "12.13"
    assert table["workforce development"]["second"] == ""


@pytest.mark.answers("provisions-text-search")
def test_provisions_text_search(rows):
    hits = rows("provisions-text-search", text="INCIDENT RESPONSE")
    assert {r["agreement"] for r in hits} >= {
        "Regional Comprehensive Economic Partnership",
        "WTO Agreement on Electronic Commerce",
    }
    assert rows("provisions-text-search", text="no such phrase anywhere") == []


@pytest.mark.answers("sources-for")
def test_sources_for(rows):
    sources = rows("sources-for", resource="RCEP")
    classes = {r["class"] for r in sources}
    assert {"TradeAgreement", "Provision", "PartyMembership", "ProvisionReview"} <= classes
    assert all(r["source"].startswith("http") for r in sources)


@pytest.mark.answers("policy-instruments")
def test_policy_instruments(rows):
    everything = rows("policy-instruments")
    assert len(everything) == 5
    in_force_in_japan = rows("policy-instruments", jurisdiction="JP", status="in force")
    assert [r["identifier"] for r in in_force_in_japan] == ["Act No. 58 of 2024"]
    export_controls = rows("policy-instruments", topic="export controls on technology")
    assert {r["identifier"] for r in export_controls} == {"S. 1705", "H.R. 3447"}


@pytest.mark.answers("agreement-reviews")
def test_agreement_reviews(rows, graph):
    reviews = rows("agreement-reviews")
    # One review per agreement (labels repeat in the census: two agreements are named 'GCC').
    assert len(reviews) == len(set(graph.subjects(RDF.type, TG.TradeAgreement)))
    assert {r["method"] for r in reviews} == {"reading", "full-text term screen", "no text checked"}
    open_reviews = rows("agreement-reviews", finding="not established")
    assert {
        "Digital Economy Partnership Agreement",
        "ASEAN Digital Economy Framework Agreement",
        "Digital Trade Agreement between the European Union and the Republic of Korea",
    } <= {r["agreement"] for r in open_reviews}
    read_items = rows("agreement-reviews", finding="cybersecurity as a cooperation item")
    assert ("2023 Canada - Ukraine Free Trade Agreement", "reading") in {
        (r["agreement"], r["method"]) for r in read_items
    }
    assert {r["finding"] for r in open_reviews} == {"not established"}


@pytest.mark.answers("timeline")
def test_timeline(rows):
    rcep = rows("timeline", thing="RCEP")
    assert [(r["date"], r["what"]) for r in rcep] == [
        ("2020-11-15", "signed"),
        ("2022-01-01", "enters into force"),
    ]
    everything = rows("timeline")
    assert len(everything) > len(rcep)
    assert [r["date"] for r in everything] == sorted(r["date"] for r in everything)


@pytest.mark.answers("timeline")
def test_timeline_dates_a_decision_without_a_day_by_its_conference_close(rows, graph):
    closes = {
        str(label): str(end)
        for label, end in graph.query(
            "SELECT ?label ?end WHERE { ?d tg:adoptedAt ?c ; rdfs:label ?label . "
            "?c schema:endDate ?end FILTER NOT EXISTS { ?d tg:adoptionDate ?day } }",
            initNs={"tg": TG, "rdfs": RDFS, "schema": PREFIXES["schema"]},
        )
    }
    assert closes  # MC4, MC7 and MC9 renewals have no day of their own
    dated = {r["what"]: r["date"] for r in rows("timeline", thing="moratorium")}
    assert {label: dated[label] for label in closes} == closes


@pytest.mark.answers("census-coverage")
def test_census_coverage_counts_every_agreement_once(rows, graph):
    coverage = rows("census-coverage")
    agreements = set(graph.subjects(RDF.type, TG.TradeAgreement))
    assert sum(int(r["agreements"]) for r in coverage) == len(agreements)
    by_finding: dict[tuple[str, str], int] = {}
    for r in coverage:
        key = (r["finding"], r["method"])
        by_finding[key] = by_finding.get(key, 0) + int(r["agreements"])
    # The TPP is the one agreement of ToTA with a dedicated cybersecurity article (14.16).
    assert by_finding[("provision found", "full-text term screen")] == 1
    assert by_finding[("screened, none found", "full-text term screen")] > 400
    assert by_finding[("not yet screened", "no text checked")] > 150
    screened = sum(int(r["screenedInToTA"]) for r in coverage)
    assert 440 <= screened <= 449


@pytest.mark.answers("country-agreements")
def test_country_agreements_through_the_eu(rows):
    germany = {r["agreement"]: r for r in rows("country-agreements", country="DEU")}
    korea = germany["EU - Korea, Republic of"]
    assert korea["party"] == "through the European Union"
    assert korea["finding"] == "screened, none found"
    assert korea["method"] == "full-text term screen"
    assert korea["dates"] == "the agreement's"
    # The United Kingdom was party through the EU only to agreements from before it left.
    britain = {r["agreement"]: r for r in rows("country-agreements", country="GBR")}
    assert (
        britain["EU - Korea, Republic of"]["party"]
        == "through the European Union (until 2020-01-31)"
    )
    tca = britain["EU-United Kingdom Trade and Cooperation Agreement"]
    assert tca["party"] == "itself"
    assert tca["rtaId"] == "1137"


@pytest.mark.answers("country-profile")
def test_country_profile_lists_agreements_with_findings(rows):
    japan = rows("country-profile", country="JPN")
    switzerland = next(r for r in japan if r["about"] == "Japan - Switzerland")
    assert switzerland["kind"] == "1 party to agreement"
    assert switzerland["detail"].endswith("cybersecurity as a cooperation item")
    assert "the agreement's date" in switzerland["detail"]
    germany = rows("country-profile", country="DEU")
    assert any(
        r["about"] == "EU - Korea, Republic of" and "through the European Union" in r["detail"]
        for r in germany
    )


@pytest.mark.answers("agreements-between")
def test_agreements_between_two_countries_on_a_date(rows):
    def between(first, second, on):
        found = rows("agreements-between", first=first, second=second, on=on)
        return {r["agreement"]: r["inForceSince"] for r in found}

    assert between("JPN", "AUS", "2016-01-01") == {"Japan - Australia": "2015-01-15"}
    assert between("JPN", "AUS", "2015-01-14") == {}
    assert "EU - Korea, Republic of" in between("DEU", "KOR", "2016-01-01")
    # After it left the EU, the United Kingdom is no party to the EU's agreements.
    assert "EU - Korea, Republic of" not in between("GBR", "KOR", "2022-01-01")


@pytest.mark.answers("cyber-content-by-year")
def test_cyber_content_by_year(rows):
    years = rows("cyber-content-by-year")
    by_year = {(r["year"], r["datedBy"]): r for r in years}
    # The TPP, signed in 2016, holds the one dedicated article found in ToTA.
    assert int(by_year[("2016", "signature")]["withProvision"]) >= 1
    assert sum(int(r["withCooperationItem"]) for r in years) >= 17
    for r in years:
        assert int(r["withProvision"]) + int(r["withCooperationItem"]) <= int(r["agreements"])


@pytest.mark.answers("status-on")
def test_status_of_a_census_agreement_follows_the_rta_is_dates(rows):
    def status(on):
        found = rows("status-on", thing="agreement/rta-150", on=on)
        return [(r["status"], r["since"]) for r in found]

    # The Tripartite Agreement (Egypt, India, Yugoslavia): in force 1968, inactive from 1990-12-31.
    assert status("1967-01-01") == []
    assert status("1968-01-01") == [("signed", "1967-12-23")]
    assert status("1980-06-01") == [("in force", "1968-04-01")]
    assert status("1991-06-01") == [("inactive", "1990-12-31")]


@pytest.mark.answers("unverified-facts")
def test_worklist_lists_agreements_not_yet_screened(rows):
    worklist = rows("unverified-facts")
    unscreened = {r["resource"] for r in worklist if r["missing"] == "full-text screen"}
    assert "Check of United Kingdom - Canada for a cybersecurity provision" in unscreened
    assert len(unscreened) > 150
    # The census's copies of WTO cards are secondary by construction and not listed.
    assert not any(r["class"] == "RtaRecord" for r in worklist)
