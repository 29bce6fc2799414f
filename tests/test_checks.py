"""Each violation check in queries/checks/ fails validation on the smallest data that breaks it,
and passes on the shipped data; run as `validate` runs them, with pyoxigraph."""

from __future__ import annotations

import pytest

from tradegraph.engines.oxigraph import OxigraphEngine
from tradegraph.parse import read_graph
from tradegraph.sparql import check_syntax, run

from .helpers import CONTEXT, HEADER, SOURCED

CASES = {
    "signature-after-entry-into-force-violation": (
        'id:ok tg:entryIntoForceDate "2019-01-01"^^xsd:date .',
        "ok",
    ),
    "party-in-force-before-agreement-violation": (
        'id:ok tg:entryIntoForceDate "2021-01-01"^^xsd:date . '
        'id:ok-a tg:entryIntoForceDate "2020-06-01"^^xsd:date .',
        "ok-a",
    ),
    "decision-after-expiry-violation": (
        f'id:m a tg:Measure ; rdfs:label "M" ; {SOURCED} . '
        f'id:d a tg:Decision ; rdfs:label "D" ; tg:renews id:m ; '
        f'tg:adoptionDate "2024-03-01"^^xsd:date ; tg:expiryDate "2022-03-31"^^xsd:date ; '
        f"{SOURCED} .",
        "d",
    ),
    "decision-outside-conference-violation": (
        f'id:m a tg:Measure ; rdfs:label "M" ; {SOURCED} . '
        f'id:mc a tg:MinisterialConference ; rdfs:label "MC" ; tg:conferenceNumber 13 ; '
        f'tg:city "Abu Dhabi" ; schema:startDate "2024-02-26"^^xsd:date ; '
        f'schema:endDate "2024-02-29"^^xsd:date ; {SOURCED} . '
        f'id:d a tg:Decision ; rdfs:label "D" ; tg:renews id:m ; tg:adoptedAt id:mc ; '
        f'tg:adoptionDate "2024-03-02"^^xsd:date ; {SOURCED} .',
        "d",
    ),
    "event-dates-violation": (
        f'id:mc a tg:MinisterialConference ; rdfs:label "MC" ; tg:conferenceNumber 1 ; '
        f'tg:city "Singapore" ; schema:startDate "1996-12-13"^^xsd:date ; '
        f'schema:endDate "1996-12-09"^^xsd:date ; {SOURCED} .',
        "mc",
    ),
    "duplicate-party-violation": (
        f'id:ok-a2 a tg:PartyMembership ; rdfs:label "A again" ; tg:membershipOf id:ok ; '
        f"org:member id:a ; {SOURCED} .",
        "ok-a",
    ),
    "term-documentation-violation": (
        "tg:Undocumented a <http://www.w3.org/2002/07/owl#Class> .",
        "../ontology#Undocumented",
    ),
    "undeclared-term-violation": ('id:a tg:nickname "A" .', "a"),
    "deprecated-term-violation": (
        f'id:m a tg:Measure ; rdfs:label "M" ; {SOURCED} . '
        f'id:doc a tg:Document ; rdfs:label "Doc" ; {SOURCED} . '
        f'id:d a tg:Decision ; rdfs:label "D" ; tg:renews id:m ; '
        f'tg:adoptionDate "2024-03-01"^^xsd:date ; tg:document id:doc ; {SOURCED} .',
        "d",
    ),
    "unreviewed-agreement-violation": (
        # No official title, as in the census: every agreement needs one or the other.
        f'id:new a tg:TradeAgreement ; rdfs:label "New" ; tg:noWtoRtaIdReason "Not notified." ; '
        f"tg:agreementKind agreement-kind:free-trade-agreement ; {SOURCED} .",
        "new",
    ),
    "rta-id-violation": (
        f'id:new a tg:TradeAgreement ; rdfs:label "New" ; {SOURCED} . '
        f'id:new-review a tg:ProvisionReview ; rdfs:label "R" ; tg:reviewOf id:new ; '
        f"tg:finding finding:not-screened ; tg:method method:none ; "
        f'dcterms:date "2026-01-01"^^xsd:date ; {SOURCED} .',
        "new",
    ),
    "review-method-violation": (
        f'id:r a tg:ProvisionReview ; rdfs:label "R" ; tg:reviewOf id:ok ; '
        f"tg:finding finding:screened-none ; tg:method method:reading ; "
        f'dcterms:date "2026-01-01"^^xsd:date ; {SOURCED} .',
        "r",
    ),
    "official-text-source-violation": (
        'id:x a tg:Organization ; rdfs:label "X" ; dcterms:source <https://example.org/x> ; '
        "tg:verificationLevel verification:official-text .",
        "x",
    ),
    "official-text-link-violation": (
        # No official title, as in the census: every agreement needs one or the other.
        f'id:new a tg:TradeAgreement ; rdfs:label "New" ; tg:noWtoRtaIdReason "Not notified." ; '
        f"tg:agreementKind agreement-kind:free-trade-agreement ; {SOURCED} .",
        "new",
    ),
    "review-finding-violation": (
        f'id:r a tg:ProvisionReview ; rdfs:label "R" ; tg:reviewOf id:ok ; '
        f"tg:finding finding:provision-found ; tg:method method:reading ; "
        f'dcterms:date "2026-01-01"^^xsd:date ; {SOURCED} .',
        "r",
    ),
}


def test_every_check_has_a_case(checks):
    assert sorted(c.name for c in checks) == sorted(CASES)


@pytest.mark.parametrize("name", sorted(CASES))
def test_check_trips(name, tmp_path, layout, checks):
    turtle, focus = CASES[name]
    check = next(c for c in checks if c.name == name)
    path = tmp_path / "case.ttl"
    path.write_text(HEADER + CONTEXT, encoding="utf-8")
    clean = run(check, OxigraphEngine(read_graph(layout, [path]).store()))
    assert clean.rows == []
    path.write_text(HEADER + CONTEXT + turtle, encoding="utf-8")
    table = run(check, OxigraphEngine(read_graph(layout, [path]).store()))
    expected = f"https://w3id.org/tradegraph/id/{focus}".replace("id/../", "")
    assert expected in {row[0].value for row in table.rows}
    assert table.columns[:2] == ["resource", "message"]


@pytest.fixture(scope="module")
def shipped(layout):
    return OxigraphEngine(read_graph(layout).store())


@pytest.mark.parametrize("name", sorted(CASES))
def test_check_passes_on_shipped_data(name, shipped, checks):
    check = next(c for c in checks if c.name == name)
    check_syntax(check)
    assert run(check, shipped).rows == []


# An official publisher, and a resource graded official text on a URL under it: the context in
# which a resource citing no official URL must still be caught (a FILTER alone in a UNION branch
# once asked whether any resource at all cited one).
OFFICIAL = """
id:pub a tg:Publisher ; rdfs:label "P" ; tg:urlPrefix "https://example.com/" ;
    tg:publisherKind pubkind:official-publisher ; dcterms:source <https://example.com/> ;
    tg:verificationLevel verification:official-summary .
id:read a tg:Organization ; rdfs:label "Read" ; dcterms:source <https://example.com/read> ;
    tg:verificationLevel verification:official-text .
"""


def _flagged(name, turtle, tmp_path, layout, checks):
    check = next(c for c in checks if c.name == name)
    path = tmp_path / "case.ttl"
    path.write_text(HEADER + CONTEXT + OFFICIAL + turtle, encoding="utf-8")
    table = run(check, OxigraphEngine(read_graph(layout, [path]).store()))
    return {row[0].value.rsplit("/", 1)[-1] for row in table.rows}


def test_official_text_without_an_official_url_is_caught_beside_one_with(tmp_path, layout, checks):
    turtle = (
        'id:x a tg:Organization ; rdfs:label "X" ; dcterms:source <https://example.org/x> ; '
        "tg:verificationLevel verification:official-text ."
    )
    assert _flagged("official-text-source-violation", "", tmp_path, layout, checks) == set()
    assert _flagged("official-text-source-violation", turtle, tmp_path, layout, checks) == {"x"}


@pytest.mark.parametrize(
    ("link", "flagged"),
    [
        # At the official publisher, not read, graded below official text: fine.
        (
            "dcterms:publisher id:pub ; dcterms:source <https://example.com/t> ; tg:textRead false ; "
            "tg:verificationLevel verification:official-summary",
            set(),
        ),
        # Its URL is not the publisher's.
        (
            "dcterms:publisher id:pub ; dcterms:source <https://example.org/t> ; tg:textRead false ; "
            "tg:verificationLevel verification:official-summary",
            {"t"},
        ),
        # Its publisher is not an official one.
        (
            "dcterms:publisher id:a ; dcterms:source <https://example.com/t> ; tg:textRead false ; "
            "tg:verificationLevel verification:official-summary",
            {"t"},
        ),
        # Marked read but not graded official text, and the reverse.
        (
            "dcterms:publisher id:pub ; dcterms:source <https://example.com/t> ; tg:textRead true ; "
            "tg:verificationLevel verification:official-summary",
            {"t"},
        ),
        (
            "dcterms:publisher id:pub ; dcterms:source <https://example.com/t> ; tg:textRead false ; "
            "tg:verificationLevel verification:official-text",
            {"t"},
        ),
    ],
)
def test_official_text_link_is_at_its_official_publisher(link, flagged, tmp_path, layout, checks):
    turtle = (
        'id:linked a tg:TradeAgreement ; dcterms:title "Linked" ; tg:officialText id:t . '
        f'id:t a tg:Document ; rdfs:label "T" ; {link} .'
    )
    assert _flagged("official-text-link-violation", turtle, tmp_path, layout, checks) == flagged
