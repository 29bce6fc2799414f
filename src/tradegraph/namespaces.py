"""Namespaces and the fixed prefix table used for parsing, queries and serialization."""

from __future__ import annotations

from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG, OWL, PROV, RDF, RDFS, SKOS, XSD

BASE = "https://w3id.org/tradegraph/"
TG = Namespace(BASE + "ontology#")
ID = Namespace(BASE + "id/")
ELI = Namespace("http://data.europa.eu/eli/ontology#")
SCHEMA = Namespace("https://schema.org/")
TIME = Namespace("http://www.w3.org/2006/time#")
VOID = Namespace("http://rdfs.org/ns/void#")
DCAT = Namespace("http://www.w3.org/ns/dcat#")
WIKIDATA_ENTITY = "http://www.wikidata.org/entity/"
EU_COUNTRY = "http://publications.europa.eu/resource/authority/country/"
DATASET = URIRef(BASE + "dataset")

# Order matters only for readability of generated files; rdflib writes the prefixes it uses.
PREFIXES: dict[str, str] = {
    "tg": str(TG),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "xsd": str(XSD),
    "skos": str(SKOS),
    "dcterms": str(DCTERMS),
    "prov": str(PROV),
    "org": str(ORG),
    "time": str(TIME),
    "eli": str(ELI),
    "schema": str(SCHEMA),
    "foaf": str(FOAF),
    "agreement": f"{ID}agreement/",
    "provision": f"{ID}provision/",
    "membership": f"{ID}membership/",
    "country": f"{ID}country/",
    "organization": f"{ID}organization/",
    "negotiation": f"{ID}negotiation/",
    "participation": f"{ID}participation/",
    "count": f"{ID}count/",
    "measure": f"{ID}measure/",
    "decision": f"{ID}decision/",
    "conference": f"{ID}conference/",
    "document": f"{ID}document/",
    "event": f"{ID}event/",
    "instrument": f"{ID}instrument/",
    "scheme": f"{ID}scheme/",
    "element": f"{ID}element/",
    "topic": f"{ID}topic/",
    "status": f"{ID}status/",
    "level": f"{ID}verification/",
    "kind": f"{ID}agreement-kind/",
    "role": f"{ID}role/",
    "etype": f"{ID}event-type/",
    "finding": f"{ID}finding/",
    "stance": f"{ID}stance/",
    "itype": f"{ID}instrument-type/",
    "review": f"{ID}review/",
    "linkset": f"{ID}linkset/",
    "void": "http://rdfs.org/ns/void#",
    "dcat": "http://www.w3.org/ns/dcat#",
    "wd": "http://www.wikidata.org/entity/",
    "eucountry": "http://publications.europa.eu/resource/authority/country/",
    "position": f"{ID}position/",
}


def bind_prefixes(graph: Graph) -> Graph:
    """Bind tradegraph's prefixes, replacing rdflib's defaults so output does not depend on them."""
    for prefix, uri in PREFIXES.items():
        graph.bind(prefix, uri, override=True, replace=True)
    return graph
