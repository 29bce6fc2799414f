"""rdflib Namespaces for tradegraph's vocabularies, and binding the prefix table (prefixes.py) to
graphs for parsing and serialization."""

from __future__ import annotations

from rdflib import Graph, Namespace, URIRef

from tradegraph import prefixes
from tradegraph.prefixes import PREFIXES

TG = Namespace(PREFIXES["tg"])
ID = Namespace(prefixes.ID)
VOID = Namespace(PREFIXES["void"])
DCAT = Namespace(PREFIXES["dcat"])
WIKIDATA_ENTITY = PREFIXES["wd"]
EU_COUNTRY = PREFIXES["eucountry"]
DATASET = URIRef(prefixes.DATASET)


def bind_prefixes(graph: Graph) -> Graph:
    """Bind tradegraph's prefixes, replacing rdflib's defaults so output does not depend on them."""
    for prefix, uri in PREFIXES.items():
        graph.bind(prefix, uri, override=True, replace=True)
    return graph
