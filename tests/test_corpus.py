"""The curated corpus has the coverage the project promises: counts per class and per topic,
asserted on the shipped data (issue 3's floor; raise the numbers as the corpus grows)."""

from __future__ import annotations

import pytest

from tradegraph.engines.rdflib_graph import GraphEngine
from tradegraph.prefixes import sparql_prefixes
from tradegraph.stats import compute

from .helpers import ISO_3166_1_ENTRIES


@pytest.fixture(scope="module")
def stats(graph):
    return compute(GraphEngine(graph))


def count(graph, query: str) -> int:
    return int(next(iter(graph.query(sparql_prefixes() + query)))[0])


def test_countries_are_the_whole_iso_table(stats):
    assert stats.classes["Country"] == ISO_3166_1_ENTRIES


def test_ministerial_conferences_mc2_to_mc14(graph, stats):
    assert stats.classes["MinisterialConference"] == 13
    numbers = count(
        graph,
        "SELECT (COUNT(DISTINCT ?n) AS ?c) WHERE { ?mc tg:conferenceNumber ?n FILTER(?n >= 2 && ?n <= 14) }",
    )
    assert numbers == 13


def test_at_least_fifteen_agreements_with_a_cybersecurity_provision(reference):
    listed = reference.rows("agreements-with-cybersecurity")
    agreements = {r["agreement"] for r in listed}
    assert len(agreements) >= 15
    assert all(r["source"].startswith("http") for r in listed)


def test_every_agreement_is_reviewed_and_some_remain_open(graph, stats):
    reviews = count(graph, "SELECT (COUNT(DISTINCT ?a) AS ?c) WHERE { ?r tg:reviewOf ?a }")
    assert reviews == stats.classes["TradeAgreement"]
    open_reviews = count(
        graph,
        "SELECT (COUNT(?r) AS ?c) WHERE { ?r tg:finding <https://w3id.org/tradegraph/id/finding/not-established> }",
    )
    assert open_reviews >= 5


def test_provisions_include_every_article_of_the_agreement_on_electronic_commerce(graph):
    articles = count(
        graph,
        "SELECT (COUNT(DISTINCT ?n) AS ?c) WHERE { ?p dcterms:isPartOf agreement:wto-ecommerce-agreement ; tg:articleNumber ?n }",
    )
    assert articles == 38


def test_jsi_milestones_and_counts(reference, graph, stats):
    assert len(reference.rows("jsi-timeline")) >= 12
    assert stats.classes["ParticipantCount"] >= 5
    named = count(
        graph,
        "SELECT (COUNT(DISTINCT ?m) AS ?c) WHERE { ?p tg:participationIn negotiation:jsi-ecommerce ; org:member ?m }",
    )
    assert named >= 50


def test_jsi_participants_in_the_mc11_group_of_71_joined_at_mc11(graph):
    """A participant sourced to the April 2018 report on 'the group of seventy-one ... that signed
    the Joint Statement' at MC11 carries the MC11 date (the audit of 2026-12-01 found one dated 2019)."""
    report = "https://dig.watch/updates/e-commerce-discussions-move-forward-among-group-71-wto"
    dates = [
        str(date)
        for (date,) in graph.query(
            sparql_prefixes()
            + "SELECT ?date WHERE { ?p tg:participationIn negotiation:jsi-ecommerce ; "
            f"dcterms:source <{report}> OPTIONAL {{ ?p tg:joinedDate ?date }} }}"
        )
    ]
    assert len(dates) >= 4
    assert set(dates) == {"2017-12-13"}


def test_moratorium_decisions_from_1998(reference):
    renewals = reference.rows("moratorium-renewals")
    assert len(renewals) >= 10
    assert renewals[0]["adopted"] == "1998-05-20"


def test_positions_on_the_moratorium_name_opponents_and_proponents(graph):
    def held(stance: str) -> int:
        return count(
            graph,
            f"SELECT (COUNT(DISTINCT ?who) AS ?c) WHERE {{ ?p tg:stance <https://w3id.org/tradegraph/id/stance/{stance}> ; tg:heldBy ?who }}",
        )

    assert held("opposes") >= 3
    assert held("supports") >= 10


def test_wto_membership_and_eu_member_states(graph):
    wto = count(
        graph,
        "SELECT (COUNT(DISTINCT ?m) AS ?c) WHERE { ?x org:organization organization:wto ; "
        "org:role <https://w3id.org/tradegraph/id/role/member> ; org:member ?m }",
    )
    assert wto == 166
    eu_now = count(
        graph,
        "SELECT (COUNT(DISTINCT ?m) AS ?c) WHERE { ?x org:organization organization:eu ; org:member ?m "
        "FILTER NOT EXISTS { ?x tg:withdrawalDate ?d } }",
    )
    assert eu_now == 27


def test_tracked_policy_instruments(stats):
    assert stats.classes["PolicyInstrument"] >= 4


def test_stats_count_facts_at_each_level(stats):
    assert set(stats.verification) == {"official-text", "official-summary", "secondary-source"}
    assert all(n > 0 for n in stats.verification.values())
