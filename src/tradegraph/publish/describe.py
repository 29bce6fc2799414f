"""The dataset description: VoID and DCAT for the graph as shipped (title, licence, version,
issue date, size, classes with their instance counts, example resources, vocabularies used,
linksets, distributions). Computed from the graph, so it never disagrees with the data."""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, XSD

from tradegraph import __version__
from tradegraph.engines.rdflib_graph import GraphEngine
from tradegraph.namespaces import DATASET, DCAT, ID, PREFIXES, TG, VOID, bind_prefixes
from tradegraph.stats import class_counts, data_date

LICENCE = URIRef("https://creativecommons.org/licenses/by/4.0/")
EXAMPLES = ("agreement/rcep", "provision/rcep-12-13", "measure/ecommerce-moratorium", "country/SGP")
DISTRIBUTIONS = {  # export format: media type
    "turtle": "text/turtle",
    "nt": "application/n-triples",
    "trig": "application/trig",
    "json-ld": "application/ld+json",
}
# Vocabularies by namespace, for void:vocabulary (the prefixes of PREFIXES that are vocabularies).
_VOCABULARIES = (
    "tg",
    "rdf",
    "rdfs",
    "owl",
    "xsd",
    "skos",
    "dcterms",
    "prov",
    "org",
    "eli",
    "schema",
    "foaf",
    "void",
    "dcat",
)


def describe(graph: Graph, version: str = __version__) -> Graph:
    """The description of the graph; version is the dataset's (a release's, else the package's)."""
    description = bind_prefixes(Graph())
    add = description.add
    add((DATASET, RDF.type, VOID.Dataset))
    add((DATASET, RDF.type, DCAT.Dataset))
    add((DATASET, DCTERMS.title, Literal("tradegraph", lang="en")))
    add(
        (
            DATASET,
            DCTERMS.description,
            Literal(
                "An open knowledge graph of how trade agreements and WTO negotiations handle "
                "cybersecurity and digital trade, with the source and verification level of "
                "every fact.",
                lang="en",
            ),
        )
    )
    add((DATASET, DCTERMS.license, LICENCE))
    add((DATASET, DCAT.version, Literal(version)))
    add((DATASET, OWL.versionInfo, Literal(version)))
    engine = GraphEngine(graph)
    issued = data_date(engine)
    if issued is not None:
        add((DATASET, DCTERMS.issued, Literal(issued, datatype=XSD.date)))
    add((DATASET, VOID.triples, Literal(len(graph), datatype=XSD.integer)))
    add((DATASET, VOID.uriSpace, Literal(str(ID))))
    classes = class_counts(engine)
    add((DATASET, VOID.classes, Literal(len(classes), datatype=XSD.integer)))
    for cls, count in classes.items():
        partition = URIRef(f"{DATASET}/class/{cls}")
        add((DATASET, VOID.classPartition, partition))
        add((partition, VOID["class"], TG[cls]))
        add((partition, VOID.entities, Literal(count, datatype=XSD.integer)))
    for path in EXAMPLES:
        if (URIRef(f"{ID}{path}"), None, None) in graph:
            add((DATASET, VOID.exampleResource, URIRef(f"{ID}{path}")))
    for vocabulary in _vocabularies(graph):
        add((DATASET, VOID.vocabulary, URIRef(vocabulary)))
    for linkset in graph.subjects(RDF.type, VOID.Linkset):
        add((DATASET, VOID.subset, linkset))
    for fmt, media_type in DISTRIBUTIONS.items():
        distribution = URIRef(f"{DATASET}/distribution/{fmt}")
        add((DATASET, DCAT.distribution, distribution))
        add((distribution, RDF.type, DCAT.Distribution))
        add((distribution, DCAT.mediaType, Literal(media_type)))
        add((distribution, DCTERMS.title, Literal(f"tradegraph export --format {fmt}")))
        add((distribution, DCTERMS.license, LICENCE))
    return description


def _vocabularies(graph: Graph) -> list[str]:
    used = {str(p) for p in graph.predicates()} | {str(c) for c in graph.objects(None, RDF.type)}
    namespaces = [PREFIXES[prefix] for prefix in _VOCABULARIES]
    return sorted(ns for ns in namespaces if any(term.startswith(ns) for term in used))
