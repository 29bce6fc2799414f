"""Linksets: tradegraph's resources linked to other datasets (Wikidata, the EU country authority
table) with skos:exactMatch, one file per linkset under data/links/, each with its provenance on
a void:Linkset node (how the links were made, from which source or endpoint, when)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS, XSD

from tradegraph.files import write_atomic
from tradegraph.namespaces import DATASET, EU_COUNTRY, ID, TG, VOID, bind_prefixes
from tradegraph.parse import load_files
from tradegraph.publish.export import canonical_turtle

LEVEL = URIRef(f"{ID}verification/")


@dataclass(frozen=True)
class Linkset:
    """One linkset: its name (the file's stem), what it links to, and how it was made."""

    name: str
    label: str
    target: URIRef  # the other dataset, e.g. http://www.wikidata.org/
    method: str  # how the links were made, for the editorial note
    sources: tuple[str, ...]  # the endpoint or file the links come from
    level: str  # official-text | official-summary | secondary-source
    created: dt.date
    links: dict[URIRef, URIRef] = field(default_factory=dict)

    @property
    def iri(self) -> URIRef:
        return URIRef(f"{ID}linkset/{self.name}")


def linkset_text(linkset: Linkset, header: str) -> str:
    """The linkset file: a comment header, then canonical Turtle (the same links give the same
    bytes)."""
    graph = bind_prefixes(Graph())
    node = linkset.iri
    graph.add((node, RDF.type, VOID.Linkset))
    graph.add((node, RDFS.label, Literal(linkset.label)))
    graph.add((node, VOID.linkPredicate, SKOS.exactMatch))
    graph.add((node, VOID.subjectsTarget, DATASET))
    graph.add((node, VOID.objectsTarget, linkset.target))
    graph.add((node, VOID.triples, Literal(len(linkset.links), datatype=XSD.integer)))
    graph.add((node, DCTERMS.created, Literal(linkset.created.isoformat(), datatype=XSD.date)))
    graph.add((node, SKOS.editorialNote, Literal(linkset.method)))
    for source in linkset.sources:
        graph.add((node, DCTERMS.source, URIRef(source)))
    graph.add((node, TG.verificationLevel, URIRef(f"{LEVEL}{linkset.level}")))
    for subject, target in linkset.links.items():
        graph.add((subject, SKOS.exactMatch, target))
    comment = "\n".join(f"# {line}".rstrip() for line in header.splitlines())
    return f"{comment}\n\n{canonical_turtle(graph)}"


def read_links(path: Path, target_prefix: str) -> dict[URIRef, URIRef]:
    """The links of an existing linkset file whose objects start with target_prefix."""
    if not path.is_file():
        return {}
    graph = load_files([path])
    return {
        URIRef(s): URIRef(o)
        for s, o in graph.subject_objects(SKOS.exactMatch)
        if str(o).startswith(target_prefix)
    }


def write_linkset(path: Path, text: str, changed: bool) -> bool:
    """Write the linkset file (atomically) when its links changed or it does not exist yet;
    whether it was written."""
    if changed or not path.is_file():
        write_atomic(path, text)
        return True
    return False


@dataclass(frozen=True)
class LinkChanges:
    added: list[URIRef]
    changed: list[URIRef]
    unmatched: list[URIRef]


def merge(
    old: dict[URIRef, URIRef], found: dict[URIRef, URIRef], wanted: list[URIRef]
) -> tuple[dict[URIRef, URIRef], LinkChanges]:
    """Found links replace old ones; a resource the source did not match keeps its old link and
    is reported as unmatched."""
    merged = dict(old)
    added, changed = [], []
    for subject, target in found.items():
        if subject not in old:
            added.append(subject)
        elif old[subject] != target:
            changed.append(subject)
        merged[subject] = target
    unmatched = [subject for subject in wanted if subject not in found]
    return dict(sorted(merged.items())), LinkChanges(sorted(added), sorted(changed), unmatched)


EU_HEADER = (
    "Every ISO 3166-1 country and territory linked to the EU Publications Office's country\n"
    "authority table (skos:exactMatch). Written by 'tradegraph link eu-countries'."
)
EU_TABLE = (
    "https://op.europa.eu/en/web/eu-vocabularies/dataset/-/resource"
    "?uri=http://publications.europa.eu/resource/dataset/country&version=20220615-0"
)


def country_codes(graph: Graph) -> dict[str, URIRef]:
    """Each ISO 3166-1 alpha-3 code in the graph, with its country."""
    return {
        str(code): URIRef(country)
        for country in graph.subjects(RDF.type, TG.Country)
        for code in graph.objects(country, TG.isoAlpha3)
    }


def eu_country_linkset(graph: Graph, today: dt.date) -> Linkset:
    """Each country's entry in the EU country authority table, whose authority code is the ISO
    3166-1 alpha-3 code (the table's documented rule)."""
    links = {
        country: URIRef(f"{EU_COUNTRY}{code}") for code, country in country_codes(graph).items()
    }
    return Linkset(
        name="eu-countries",
        label="tradegraph countries to the EU country authority table",
        target=URIRef("http://publications.europa.eu/resource/dataset/country"),
        method=(
            "Derived by the table's documented rule that its authority code is the ISO 3166-1 "
            "alpha-3 code; the individual entries were not checked against the table. Regenerate "
            "with 'tradegraph link eu-countries'."
        ),
        sources=(EU_TABLE,),
        level="official-summary",
        created=today,
        links=dict(sorted(links.items())),
    )
