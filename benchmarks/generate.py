"""Synthetic tradegraph checkouts for benchmarks: the real ontology, shapes, queries and shipped
data, plus generated agreements (parties, provisions with text, elements and topics, reviews,
dated events, sources) that pass the real shapes, up to a target number of triples.

    python benchmarks/generate.py 100000 /tmp/tg-100k
"""

from __future__ import annotations

import random
import shutil
import sys
from pathlib import Path

import pyoxigraph as ox

from tradegraph.curation.census.readings import ELEMENTS  # the element scheme's concepts

ROOT = Path(__file__).resolve().parents[1]
TOPICS = [
    "cybersecurity",
    "cross-border-data-flows",
    "personal-data-protection",
    "online-consumer-protection",
    "electronic-signatures",
    "paperless-trading",
]
LEVELS = ["official-text", "official-summary", "secondary-source"]
HEAD = """@prefix tg: <https://w3id.org/tradegraph/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix agreement: <https://w3id.org/tradegraph/id/agreement/> .
@prefix membership: <https://w3id.org/tradegraph/id/membership/> .
@prefix provision: <https://w3id.org/tradegraph/id/provision/> .
@prefix review: <https://w3id.org/tradegraph/id/review/> .
@prefix event: <https://w3id.org/tradegraph/id/event/> .
@prefix country: <https://w3id.org/tradegraph/id/country/> .

# The synthetic sources' site, listed as an official publisher so that synthetic facts graded
# official text pass the verification rule's check.
<https://w3id.org/tradegraph/id/publisher/synthetic> a tg:Publisher ;
  rdfs:label "Synthetic publisher" ; tg:urlPrefix "https://example.org/" ;
  tg:publisherKind <https://w3id.org/tradegraph/id/pubkind/official-publisher> ;
  dcterms:source <https://example.org/> ;
  tg:verificationLevel <https://w3id.org/tradegraph/id/verification/secondary-source> .
"""
PER_AGREEMENT = 79  # triples written by _agreement


def _agreement(n: int, rng: random.Random, codes: list[str]) -> str:
    a = f"agreement:syn-{n}"
    src = f"<https://example.org/agreements/{n}>"
    level = f"<https://w3id.org/tradegraph/id/verification/{rng.choice(LEVELS)}>"
    signed = f"{rng.randint(2000, 2020)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    in_force = f"{int(signed[:4]) + 1}{signed[4:]}"
    parties = rng.sample(codes, 3)
    lines = [
        f'{a} a tg:TradeAgreement ; rdfs:label "Synthetic agreement {n}" ;',
        f'  dcterms:title "Synthetic Free Trade Agreement number {n}" ; skos:altLabel "SFTA-{n}" ;',
        "  tg:agreementKind <https://w3id.org/tradegraph/id/agreement-kind/free-trade-agreement> ;",
        f'  tg:signatureDate "{signed}"^^xsd:date ; tg:entryIntoForceDate "{in_force}"^^xsd:date ;',
        '  tg:noWtoRtaIdReason "A synthetic agreement, notified nowhere." ;',
        '  tg:officialTextUnlocated "A synthetic agreement, published nowhere." ;',
        f"  dcterms:source {src} ; tg:verificationLevel {level} .",
    ]
    for code in parties:
        lines += [
            f'membership:syn-{n}-{code} a tg:PartyMembership ; rdfs:label "{code} in SFTA-{n}" ;',
            f"  tg:membershipOf {a} ; org:member country:{code} ;",
            "  org:role <https://w3id.org/tradegraph/id/role/original-party> ;",
            f'  tg:signatureDate "{signed}"^^xsd:date ; tg:entryIntoForceDate "{in_force}"^^xsd:date ;',
            f"  dcterms:source {src} ; tg:verificationLevel {level} .",
        ]
    for article in (1, 2):
        elements = " , ".join(
            f"<https://w3id.org/tradegraph/id/element/{e}>" for e in rng.sample(ELEMENTS, 3)
        )
        topic = "cybersecurity" if article == 1 else rng.choice(TOPICS)
        lines += [
            f'provision:syn-{n}-{article} a tg:Provision ; rdfs:label "SFTA-{n} Article {article}" ;',
            f'  dcterms:isPartOf {a} ; tg:articleNumber "{article}" ; dcterms:title "Article {article}" ;',
            f'  tg:chapter "Chapter {rng.randint(1, 20)} Digital Trade" ;',
            f'  tg:excerpt "The Parties recognise the importance of building the capabilities of their national entities responsible for incident response ({n}.{article})." ;',
            f"  tg:coversTopic <https://w3id.org/tradegraph/id/topic/{topic}> ; tg:coversElement {elements} ;",
            f"  dcterms:source {src} ; tg:verificationLevel {level} .",
        ]
    lines += [
        f'review:syn-{n} a tg:ProvisionReview ; rdfs:label "Check of SFTA-{n}" ; tg:reviewOf {a} ;',
        '  tg:finding <https://w3id.org/tradegraph/id/finding/provision-found> ; dcterms:date "2026-11-27"^^xsd:date ;',
        "  tg:method <https://w3id.org/tradegraph/id/method/reading> ;",
        f"  dcterms:source {src} ; tg:verificationLevel {level} .",
        f'event:syn-{n} a tg:Event ; rdfs:label "SFTA-{n} enters into force" ;',
        f'  dcterms:date "{in_force}"^^xsd:date ; tg:concerns {a} ;',
        "  tg:eventType <https://w3id.org/tradegraph/id/event-type/entry-into-force> ;",
        "  tg:setsStatus <https://w3id.org/tradegraph/id/status/in-force> ;",
        f"  dcterms:source {src} ; tg:verificationLevel {level} .",
    ]
    return "\n".join(lines) + "\n"


def _shipped_triples() -> int:
    files = [ROOT / "ontology" / "tradegraph.ttl", ROOT / "ontology" / "concepts.ttl"]
    files += sorted((ROOT / "data").rglob("*.ttl"))
    return sum(
        sum(1 for _ in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)) for path in files
    )


def generate(triples: int, target: Path, seed: int = 1) -> Path:
    """A checkout at target with about `triples` triples in all (shipped base included)."""
    shutil.rmtree(target, ignore_errors=True)
    for part in ("ontology", "queries", "data"):
        shutil.copytree(ROOT / part, target / part)
    codes = [
        line.split()[0].split(":")[1]
        for line in (ROOT / "data" / "countries.ttl").read_text().splitlines()
        if line.startswith("country:") and " a tg:Country" in line
    ]
    rng = random.Random(seed)
    base = _shipped_triples()  # the ontology, vocabularies and shipped data
    count = max(1, (triples - base) // PER_AGREEMENT)
    with (target / "data" / "synthetic.ttl").open("w", encoding="utf-8") as out:
        out.write(HEAD)
        for n in range(count):
            out.write(_agreement(n, rng, codes))
    return target


if __name__ == "__main__":
    generate(int(sys.argv[1]), Path(sys.argv[2]))
