"""tradegraph's IRI bases and prefix table as plain strings: what the query path needs, without
importing rdflib (namespaces.py builds rdflib Namespaces from them).

PREFIXES is the one prefix table. Everything else agrees with it, checked by
tests/test_prefixes.py: the canonical data files (written from it by `tradegraph format`), the
hand-written ontology, concept and shape files, the PREFIX lines of queries/, the prefix
entries of ontology/context.jsonld, and the test fixtures (which build their headers with
turtle_prefixes). A prefix under id/ is named after its IRI segment: `agreement-kind:` is
https://w3id.org/tradegraph/id/agreement-kind/."""

from __future__ import annotations

from collections.abc import Iterable

BASE = "https://w3id.org/tradegraph/"
ID = BASE + "id/"
# The dataset's IRI: the named graph that `push` writes and the cached store holds.
DATASET = BASE + "dataset"

# Order matters only for readability of generated files; rdflib writes only the prefixes a
# graph uses.
PREFIXES: dict[str, str] = {
    "tg": "https://w3id.org/tradegraph/ontology#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "prov": "http://www.w3.org/ns/prov#",
    "org": "http://www.w3.org/ns/org#",
    "eli": "http://data.europa.eu/eli/ontology#",
    "schema": "https://schema.org/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "sh": "http://www.w3.org/ns/shacl#",
    "tgsh": BASE + "shapes#",
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
    "verification": f"{ID}verification/",
    "agreement-kind": f"{ID}agreement-kind/",
    "role": f"{ID}role/",
    "event-type": f"{ID}event-type/",
    "finding": f"{ID}finding/",
    "stance": f"{ID}stance/",
    "instrument-type": f"{ID}instrument-type/",
    "review": f"{ID}review/",
    "linkset": f"{ID}linkset/",
    "void": "http://rdfs.org/ns/void#",
    "dcat": "http://www.w3.org/ns/dcat#",
    "wd": "http://www.wikidata.org/entity/",
    "eucountry": "http://publications.europa.eu/resource/authority/country/",
    "position": f"{ID}position/",
    "rta": f"{ID}rta/",
    "party": f"{ID}party/",
    "method": f"{ID}method/",
    "coverage": f"{ID}coverage/",
    "notification": f"{ID}notification/",
    "composition": f"{ID}composition/",
    "rtastatus": f"{ID}rtastatus/",
    "pubkind": f"{ID}pubkind/",
    "publisher": f"{ID}publisher/",
}


def turtle_prefixes(names: Iterable[str] | None = None) -> str:
    """`@prefix` lines for the table, or for the names given: the header of Turtle written by
    hand (test fixtures), so it cannot drift from the table."""
    return "".join(f"@prefix {name}: <{PREFIXES[name]}> .\n" for name in names or PREFIXES)


def sparql_prefixes(names: Iterable[str] | None = None) -> str:
    """`PREFIX` lines for the table, or for the names given."""
    return "".join(f"PREFIX {name}: <{PREFIXES[name]}>\n" for name in names or PREFIXES)


def compact(iri: str) -> str:
    """An IRI as a prefixed name with the longest matching prefix, or unchanged."""
    best, chosen = "", ""
    for prefix, base in PREFIXES.items():
        if iri.startswith(base) and len(base) > len(best):
            best, chosen = base, prefix
    return f"{chosen}:{iri[len(best) :]}" if best else iri
