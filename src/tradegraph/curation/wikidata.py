"""Link tradegraph's countries to Wikidata items by ISO 3166-1 alpha-3 code (property P298),
through any SPARQL endpoint that holds Wikidata's data (the Wikidata Query Service by default)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from rdflib import Graph, URIRef

from tradegraph.curation.links import (
    LinkChanges,
    Linkset,
    country_codes,
    merge,
    read_links,
)
from tradegraph.engines.remote import Endpoint, select
from tradegraph.namespaces import WIKIDATA_ENTITY

DEFAULT_ENDPOINT = "https://query.wikidata.org/sparql"
# Current items only: an item with a dissolution date (P576) is a former state.
QUERY = """PREFIX wdt: <http://www.wikidata.org/prop/direct/>
SELECT ?item ?code WHERE {
  ?item wdt:P298 ?code .
  FILTER NOT EXISTS { ?item wdt:P576 ?dissolved }
}"""
HEADER = (
    "Every ISO 3166-1 country and territory linked to its Wikidata item (skos:exactMatch).\n"
    "Written by tradegraph; refresh with 'tradegraph link wikidata'."
)


def items_by_code(endpoint: Endpoint) -> dict[str, set[str]]:
    items: dict[str, set[str]] = {}
    for item, code in select(endpoint, QUERY).rows:
        if item is not None and code is not None and item.value.startswith(WIKIDATA_ENTITY):
            items.setdefault(code.value.strip().upper(), set()).add(item.value)
    return items


def link_countries(
    graph: Graph, endpoint: Endpoint, path: Path, today: dt.date
) -> tuple[Linkset, LinkChanges, list[URIRef]]:
    """The new linkset (its text: links.linkset_text with HEADER), what changed, and the
    countries whose code matched several items (left as they were)."""
    countries = country_codes(graph)
    items = items_by_code(endpoint)
    found = {
        countries[code]: URIRef(next(iter(matches)))
        for code, matches in items.items()
        if code in countries and len(matches) == 1
    }
    ambiguous = sorted(countries[c] for c, m in items.items() if c in countries and len(m) > 1)
    links, changes = merge(read_links(path, WIKIDATA_ENTITY), found, sorted(countries.values()))
    linkset = Linkset(
        name="wikidata-countries",
        label="tradegraph countries to Wikidata items",
        target=URIRef("http://www.wikidata.org/"),
        method=(
            "Queried for items with an ISO 3166-1 alpha-3 code (Wikidata property P298) and no "
            "dissolution date (P576), matched on the code; a code with several items, or none, "
            "keeps its earlier link."
        ),
        sources=(endpoint.url,),
        level="secondary-source",
        created=today,
        links=links,
    )
    return linkset, changes, ambiguous
