"""Counts: triples, instances per tradegraph class, and fact-bearing resources per verification
level (the share at official text is what curators work to raise); and the data's date. Each is
asked of any engine, so a command on the cached store needs no rdflib parse."""

from __future__ import annotations

from dataclasses import dataclass

from tradegraph.engines.result import Engine
from tradegraph.prefixes import ID, PREFIXES

_TRIPLES = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
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

# The latest, should there be several. No aggregate: over no match rdflib answers no row, where
# Oxigraph answers one unbound row.
_DATA_DATE = f"""
PREFIX dcterms: <{PREFIXES["dcterms"]}>
SELECT ?date WHERE {{ <{PREFIXES["tg"].rstrip("#")}> dcterms:modified ?date }}
ORDER BY DESC(STR(?date)) LIMIT 1
"""


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


def class_counts(engine: Engine) -> dict[str, int]:
    """Instances per tradegraph class (by local name, sorted), as the dataset description's
    class partitions also give them."""
    return {
        row[0].value.removeprefix(PREFIXES["tg"]): int(row[1].value)
        for row in engine.select(_CLASSES).rows
        if row[0] is not None and row[1] is not None
    }


def data_date(engine: Engine) -> str | None:
    """The data's date: the ontology's dcterms:modified (the date of the description, a release,
    the report and the tables), never the clock's."""
    rows = engine.select(_DATA_DATE).rows
    return rows[0][0].value if rows and rows[0][0] is not None else None


def compute(engine: Engine) -> Stats:
    """The counts, asked of any engine (the cached store, an rdflib graph, an endpoint)."""
    classes = class_counts(engine)
    verification = dict.fromkeys(LEVELS, 0)
    for level, n in engine.select(_LEVELS).rows:
        if level is not None and n is not None:
            verification[level.value.removeprefix(f"{ID}verification/")] = int(n.value)
    (triples,) = engine.select(_TRIPLES).rows[0]
    return Stats(int(triples.value), classes, verification)
