"""Each SHACL shape, tripped by the smallest data that breaks it; and the shipped data passes."""

from __future__ import annotations

import pytest
from rdflib import BNode, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, SH, SKOS

from tradegraph.parse import load_files, load_graph
from tradegraph.prefixes import PREFIXES
from tradegraph.validate import validate

from .helpers import CONTEXT, HEADER, SOURCED

CASES = {
    "missing label": (f"id:x a tg:Organization ; {SOURCED} .", "x", "needs a label"),
    "missing source": (
        'id:x a tg:Organization ; rdfs:label "X" ; tg:verificationLevel verification:official-text .',
        "x",
        "needs a source",
    ),
    "source is not a URL": (
        'id:x a tg:Organization ; rdfs:label "X" ; dcterms:source "a book" ; '
        "tg:verificationLevel verification:official-text .",
        "x",
        "needs a source",
    ),
    "missing verification level": (
        'id:x a tg:Organization ; rdfs:label "X" ; dcterms:source <https://example.org/x> .',
        "x",
        "verification level",
    ),
    "verification level outside its scheme": (
        'id:x a tg:Organization ; rdfs:label "X" ; dcterms:source <https://example.org/x> ; '
        "tg:verificationLevel status:signed .",
        "x",
        "verification level",
    ),
    "bad ISO alpha-3 code": (
        f'id:x a tg:Country ; rdfs:label "X" ; tg:isoAlpha2 "XX" ; tg:isoAlpha3 "xx1" ; '
        f'tg:isoNumeric "999" ; {SOURCED} .',
        "x",
        "alpha-3",
    ),
    "missing ISO numeric code": (
        f'id:x a tg:Country ; rdfs:label "X" ; tg:isoAlpha2 "XX" ; tg:isoAlpha3 "XXX" ; {SOURCED} .',
        "x",
        "numeric",
    ),
    "agreement title not a string": (
        f'id:x a tg:TradeAgreement ; rdfs:label "X" ; dcterms:title 42 ; '
        f"tg:agreementKind agreement-kind:free-trade-agreement ; {SOURCED} .",
        "x",
        "official title",
    ),
    "census agreement signed without parties or a reason": (
        f'id:x a tg:TradeAgreement ; rdfs:label "X" ; tg:signatureDate "1990-01-01"^^xsd:date ; '
        f"{SOURCED} .",
        "x",
        "at least 2 parties",
    ),
    "WTO RTA ID not a number": (
        f'id:rec a tg:RtaRecord ; rdfs:label "R" ; tg:wtoRtaId "RTA-12" ; foaf:primaryTopic id:ok ; '
        f'dcterms:date "2026-04-09"^^xsd:date ; tg:copyRead <https://example.org/copy> ; {SOURCED} .',
        "rec",
        "WTO RTA ID",
    ),
    "RTA record without the copy read": (
        f'id:rec a tg:RtaRecord ; rdfs:label "R" ; tg:wtoRtaId "12" ; foaf:primaryTopic id:ok ; '
        f'dcterms:date "2026-04-09"^^xsd:date ; {SOURCED} .',
        "rec",
        "copy of the WTO record",
    ),
    "review without a method": (
        f'id:r a tg:ProvisionReview ; rdfs:label "R" ; tg:reviewOf id:ok ; '
        f'tg:finding finding:none-found ; dcterms:date "2026-01-01"^^xsd:date ; {SOURCED} .',
        "r",
        "method",
    ),
    "ToTA ID not a number": (
        f'id:r a tg:ProvisionReview ; rdfs:label "R" ; tg:reviewOf id:ok ; tg:totaId "pta_12" ; '
        f"tg:finding finding:none-found ; tg:method method:reading ; "
        f'dcterms:date "2026-01-01"^^xsd:date ; {SOURCED} .',
        "r",
        "ToTA ID",
    ),
    "publisher without a kind": (
        f'id:p a tg:Publisher ; rdfs:label "P" ; tg:urlPrefix "https://example.org/" ; {SOURCED} .',
        "p",
        "pubkind scheme",
    ),
    "agreement date as a string": (
        f'id:x a tg:TradeAgreement ; rdfs:label "X" ; dcterms:title "X" ; '
        f'tg:agreementKind agreement-kind:free-trade-agreement ; tg:entryIntoForceDate "1 July 2020" ; '
        f"{SOURCED} .",
        "x",
        "entry-into-force date",
    ),
    "signed agreement with one party": (
        f'id:x a tg:TradeAgreement ; rdfs:label "X" ; dcterms:title "X" ; '
        f'tg:agreementKind agreement-kind:free-trade-agreement ; tg:signatureDate "2020-01-01"^^xsd:date ; '
        f'{SOURCED} . id:x-a a tg:PartyMembership ; rdfs:label "A in X" ; tg:membershipOf id:x ; '
        f"org:member id:a ; {SOURCED} .",
        "x",
        "at least 2 parties",
    ),
    "membership without party": (
        f'id:m a tg:PartyMembership ; rdfs:label "M" ; tg:membershipOf id:ok ; {SOURCED} .',
        "m",
        "exactly one party",
    ),
    "provision in two agreements": (
        f'id:other a tg:TradeAgreement ; rdfs:label "O" ; dcterms:title "O" ; '
        f"tg:agreementKind agreement-kind:free-trade-agreement ; {SOURCED} . "
        f'id:p a tg:Provision ; rdfs:label "P" ; dcterms:isPartOf id:ok , id:other ; '
        f'tg:articleNumber "1" ; tg:coversTopic topic:cybersecurity ; {SOURCED} .',
        "p",
        "exactly one trade agreement",
    ),
    "provision without element or topic": (
        f'id:p a tg:Provision ; rdfs:label "P" ; dcterms:isPartOf id:ok ; tg:articleNumber "1" ; '
        f"{SOURCED} .",
        "p",
        "at least one element or topic",
    ),
    "malformed article number": (
        f'id:p a tg:Provision ; rdfs:label "P" ; dcterms:isPartOf id:ok ; tg:articleNumber "Art 1" ; '
        f"tg:coversTopic topic:cybersecurity ; {SOURCED} .",
        "p",
        "article number",
    ),
    "element from the wrong scheme": (
        f'id:p a tg:Provision ; rdfs:label "P" ; dcterms:isPartOf id:ok ; tg:articleNumber "1" ; '
        f"tg:coversElement topic:cybersecurity ; {SOURCED} .",
        "p",
        "element scheme",
    ),
    "excerpt too long": (
        f'id:p a tg:Provision ; rdfs:label "P" ; dcterms:isPartOf id:ok ; tg:articleNumber "1" ; '
        f'tg:coversTopic topic:cybersecurity ; tg:excerpt "{"x" * 401}" ; {SOURCED} .',
        "p",
        "excerpt",
    ),
    "participation without negotiation": (
        f'id:n a tg:NegotiationParticipation ; rdfs:label "N" ; org:member id:a ; {SOURCED} .',
        "n",
        "exactly one negotiation",
    ),
    "participant count that is not an integer": (
        f'id:neg a tg:Negotiation ; rdfs:label "Neg" ; {SOURCED} . '
        f'id:c a tg:ParticipantCount ; rdfs:label "C" ; tg:countOf id:neg ; tg:count "71" ; '
        f'dcterms:date "2017-12-13"^^xsd:date ; {SOURCED} .',
        "c",
        "positive integer count",
    ),
    "decision without adoption date": (
        f'id:m a tg:Measure ; rdfs:label "M" ; {SOURCED} . '
        f'id:d a tg:Decision ; rdfs:label "D" ; tg:renews id:m ; {SOURCED} .',
        "d",
        "adoption date",
    ),
    "conference without city": (
        f'id:mc a tg:MinisterialConference ; rdfs:label "MC" ; tg:conferenceNumber 1 ; '
        f'schema:startDate "1996-12-09"^^xsd:date ; schema:endDate "1996-12-13"^^xsd:date ; '
        f"{SOURCED} .",
        "mc",
        "city",
    ),
    "event without date": (
        f'id:e a tg:Event ; rdfs:label "E" ; tg:eventType event-type:letter ; {SOURCED} .',
        "e",
        "needs exactly one date",
    ),
    "status change with a month-only date": (
        f'id:e a tg:Event ; rdfs:label "E" ; tg:eventType event-type:status-change ; '
        f'dcterms:date "2024-01"^^xsd:gYearMonth ; tg:concerns id:ok ; '
        f"tg:setsStatus status:lapsed ; {SOURCED} .",
        "e",
        "full date",
    ),
    "status change about nothing": (
        f'id:e a tg:Event ; rdfs:label "E" ; tg:eventType event-type:status-change ; '
        f'dcterms:date "2024-01-01"^^xsd:date ; tg:setsStatus status:lapsed ; {SOURCED} .',
        "e",
        "concerns exactly one thing",
    ),
    "document symbol with trailing space": (
        f'id:doc a tg:Document ; rdfs:label "Doc" ; tg:symbol "WT/L/1 " ; {SOURCED} .',
        "doc",
        "symbol",
    ),
    "decision with neither adoption date nor conference": (
        f'id:m a tg:Measure ; rdfs:label "M" ; {SOURCED} . '
        f'id:d a tg:Decision ; rdfs:label "D" ; tg:renews id:m ; {SOURCED} .',
        "d",
        "adoption date or the ministerial conference",
    ),
    "review with a finding from another scheme": (
        f'id:r a tg:ProvisionReview ; rdfs:label "R" ; tg:reviewOf id:ok ; '
        f'tg:finding status:signed ; dcterms:date "2026-01-01"^^xsd:date ; {SOURCED} .',
        "r",
        "finding scheme",
    ),
    "review of nothing": (
        f'id:r a tg:ProvisionReview ; rdfs:label "R" ; tg:finding finding:none-found ; '
        f'dcterms:date "2026-01-01"^^xsd:date ; {SOURCED} .',
        "r",
        "reviews exactly one trade agreement",
    ),
    "position without stance": (
        f'id:p a tg:Position ; rdfs:label "P" ; tg:heldBy id:a ; tg:concerns id:ok ; '
        f'dcterms:date "2024"^^xsd:gYear ; {SOURCED} .',
        "p",
        "stance",
    ),
    "position held by nobody": (
        f'id:p a tg:Position ; rdfs:label "P" ; tg:stance stance:opposes ; tg:concerns id:ok ; '
        f'dcterms:date "2024"^^xsd:gYear ; {SOURCED} .',
        "p",
        "held by at least one actor",
    ),
    "organization membership with a party role": (
        f'id:om a tg:OrganizationMembership ; rdfs:label "A in B" ; org:organization id:b ; '
        f"org:member id:a ; org:role role:original-party ; {SOURCED} .",
        "om",
        "member or observer",
    ),
    "instrument without jurisdiction": (
        f'id:i a tg:PolicyInstrument ; rdfs:label "I" ; dcterms:title "I Act" ; '
        f"tg:instrumentType instrument-type:law ; tg:coversTopic topic:cybersecurity ; {SOURCED} .",
        "i",
        "jurisdiction",
    ),
    "letter with zero signatories": (
        f'id:e a tg:Event ; rdfs:label "E" ; tg:eventType event-type:letter ; '
        f'dcterms:date "2024-01-31"^^xsd:date ; tg:signatoryCount 0 ; {SOURCED} .',
        "e",
        "signatory count",
    ),
    "official text without its read mark": (
        f'id:ok tg:officialText id:t . id:t a tg:Document ; rdfs:label "T" ; '
        f"dcterms:publisher id:pub ; {SOURCED} . "
        f'id:pub a tg:Publisher ; rdfs:label "P" ; tg:urlPrefix "https://example.org/" ; '
        f"tg:publisherKind pubkind:official-publisher ; {SOURCED} .",
        "t",
        "tg:textRead",
    ),
    "official text whose publisher is not a publisher": (
        f'id:ok tg:officialText id:t . id:t a tg:Document ; rdfs:label "T" ; '
        f"dcterms:publisher id:a ; tg:textRead false ; {SOURCED} .",
        "t",
        "dcterms:publisher",
    ),
    "concept without definition": (
        'id:c a skos:Concept ; skos:prefLabel "C" ; '
        "skos:inScheme <https://w3id.org/tradegraph/id/scheme/topic> .",
        "c",
        "skos:definition",
    ),
}


def _validate(tmp_path, layout, shapes, checks, turtle: str, engine: str = "turbo"):
    path = tmp_path / "case.ttl"
    path.write_text(HEADER + CONTEXT + turtle, encoding="utf-8")
    return validate(load_graph(layout, [path]), shapes, checks, engine=engine)


def test_context_alone_is_valid(tmp_path, layout, shapes, checks):
    assert _validate(tmp_path, layout, shapes, checks, "").conforms


@pytest.mark.parametrize("case", sorted(CASES))
def test_shape_trips(case, tmp_path, layout, shapes, checks):
    turtle, focus, rule = CASES[case]
    report = _validate(tmp_path, layout, shapes, checks, turtle)
    assert not report.conforms
    hits = [
        v
        for v in report.violations
        if v.focus == f"https://w3id.org/tradegraph/id/{focus}" and rule in v.rule
    ]
    assert hits, [(v.focus, v.rule) for v in report.violations]
    # Every result names its shape (tgsh:...) or check, never a bare constraint component.
    assert all(v.source.startswith("tgsh:") or v.source.endswith("-violation") for v in hits), [
        v.source for v in hits
    ]


@pytest.mark.parametrize("case", sorted(CASES))
def test_pyshacl_reference_agrees(case, tmp_path, layout, shapes, checks):
    """pyshacl-turbo (what validate runs) and pySHACL (the reference) report the same
    violations: the same resources, paths, values and shapes (the engines word their own
    default messages differently where a nested shape has no sh:message)."""
    turtle = CASES[case][0]
    fast = _validate(tmp_path, layout, shapes, checks, turtle)
    reference = _validate(tmp_path, layout, shapes, checks, turtle, engine="pyshacl")

    def found(report):
        return sorted({(v.focus, v.path, v.value, v.source) for v in report.violations})

    assert found(fast) == found(reference)


def test_shipped_data_conforms(graph, shapes, checks):
    report = validate(graph, shapes, checks)
    assert report.conforms, report.violations[:5]


TGSH = PREFIXES["tgsh"]
SHAPES_GRAPH = URIRef("https://w3id.org/tradegraph/shapes")


def test_shapes_graph_has_a_header(shapes):
    assert (SHAPES_GRAPH, RDF.type, OWL.Ontology) in shapes
    for predicate in (DCTERMS.title, DCTERMS.description, DCTERMS.created, DCTERMS.modified):
        assert shapes.value(SHAPES_GRAPH, predicate) is not None, predicate
    assert shapes.value(SHAPES_GRAPH, DCTERMS.license) == URIRef(
        "https://creativecommons.org/licenses/by/4.0/"
    )
    assert shapes.value(SHAPES_GRAPH, OWL.versionInfo) is not None
    assert shapes.value(SHAPES_GRAPH, DCTERMS.requires) == URIRef(PREFIXES["tg"].rstrip("#"))


def test_every_property_shape_is_named(shapes):
    """A node shape's property shapes, and the shapes sh:node points to, have tgsh: IRIs, so a
    report names them; only the operands of sh:or (never a report's source) stay blank."""
    for subject, predicate in ((s, p) for p in (SH.property, SH.node) for s in shapes.subjects(p)):
        if isinstance(subject, BNode):
            continue  # an operand of sh:or, or a shape inside one
        for shape in shapes.objects(subject, predicate):
            assert isinstance(shape, URIRef) and str(shape).startswith(TGSH), (subject, shape)
            assert shapes.value(shape, SH.message) is not None or predicate == SH.node, shape


def test_one_concept_shape_per_scheme(layout, shapes):
    """'A concept of scheme X' is written once per scheme (tgsh:<Scheme>Concept), for sh:node."""
    concepts = load_files([layout.ontology_files[1]])
    schemes = set(concepts.subjects(RDF.type, SKOS.ConceptScheme))
    in_scheme = [
        (shapes.value(shape, SH.hasValue), shape)
        for shape in shapes.subjects(SH.path, SKOS.inScheme)
        if shapes.value(shape, SH.hasValue) is not None
    ]
    assert len(in_scheme) == len(schemes)
    assert {scheme for scheme, _ in in_scheme} == schemes
    for scheme, shape in in_scheme:
        (node,) = shapes.subjects(SH.property, shape)
        assert str(node).endswith("Concept"), (scheme, node)
