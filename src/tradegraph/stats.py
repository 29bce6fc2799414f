"""Counts: triples, instances per tradegraph class, and fact-bearing resources per verification
level (the share at official text is what curators work to raise)."""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Graph

from tradegraph.namespaces import ID, TG

_CLASSES = """
SELECT ?class (COUNT(DISTINCT ?thing) AS ?n) WHERE {
  ?thing a ?class .
  FILTER(STRSTARTS(STR(?class), "https://w3id.org/tradegraph/ontology#"))
} GROUP BY ?class ORDER BY ?class
"""

_LEVELS = """
PREFIX tg: <https://w3id.org/tradegraph/ontology#>
SELECT ?level (COUNT(DISTINCT ?thing) AS ?n) WHERE {
  ?thing tg:verificationLevel ?level .
} GROUP BY ?level ORDER BY ?level
"""

LEVELS = ("official-text", "official-summary", "secondary-source")


@dataclass(frozen=True)
class Stats:
    triples: int
    classes: dict[str, int]
    verification: dict[str, int]

    @property
    def verified_share(self) -> float:
        total = sum(self.verification.values())
        return round(self.verification.get("official-text", 0) / total, 4) if total else 0.0

    def as_dict(self) -> dict:
        return {
            "triples": self.triples,
            "classes": self.classes,
            "verification": self.verification,
            "verified_share": self.verified_share,
        }


def compute(graph: Graph) -> Stats:
    classes = {str(row[0]).removeprefix(str(TG)): int(row[1]) for row in graph.query(_CLASSES)}
    verification = dict.fromkeys(LEVELS, 0)
    for level, n in graph.query(_LEVELS):
        verification[str(level).removeprefix(f"{ID}verification/")] = int(n)
    return Stats(triples=len(graph), classes=classes, verification=verification)
