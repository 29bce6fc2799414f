"""Links to other datasets: every country carries its Wikidata item and its entry in the EU
country authority table, in linkset files with provenance; the dataset description counts them."""

from __future__ import annotations

from rdflib import URIRef
from rdflib.namespace import RDF, SKOS

from tradegraph.namespaces import DATASET, EU_COUNTRY, TG, VOID, WIKIDATA_ENTITY
from tradegraph.publish.describe import describe

from .helpers import ISO_3166_1_ENTRIES


def _targets(graph, country, prefix):
    return [o for o in graph.objects(country, SKOS.exactMatch) if str(o).startswith(prefix)]


def test_every_country_has_one_wikidata_and_one_eu_link(graph):
    countries = list(graph.subjects(RDF.type, TG.Country))
    assert len(countries) == ISO_3166_1_ENTRIES
    for country in countries:
        assert len(_targets(graph, country, WIKIDATA_ENTITY)) == 1, country
        assert _targets(graph, country, EU_COUNTRY) == [
            URIRef(EU_COUNTRY + str(country).rsplit("/", 1)[1])
        ]


def test_known_wikidata_items(graph):
    def item(code):
        country = URIRef(f"https://w3id.org/tradegraph/id/country/{code}")
        return str(_targets(graph, country, WIKIDATA_ENTITY)[0]).rsplit("/", 1)[1]

    assert (item("AUS"), item("JPN"), item("SGP"), item("USA")) == ("Q408", "Q17", "Q334", "Q30")


def test_linksets_carry_provenance_and_their_size(graph):
    linksets = set(graph.subjects(RDF.type, VOID.Linkset))
    countries = len(set(graph.subjects(RDF.type, TG.Country)))  # each linked once (see above)
    assert len(linksets) == 2
    for linkset in linksets:
        assert graph.value(linkset, VOID.linkPredicate) == SKOS.exactMatch
        assert graph.value(linkset, VOID.triples).toPython() == countries
        assert graph.value(linkset, URIRef("http://purl.org/dc/terms/source")) is not None
        assert graph.value(linkset, URIRef("http://purl.org/dc/terms/created")) is not None


def test_description_counts_classes_linksets_and_distributions(graph):
    description = describe(graph)
    assert description.value(DATASET, VOID.triples).toPython() == len(graph)
    partitions = {
        str(description.value(p, VOID["class"])).rsplit("#", 1)[1]: description.value(
            p, VOID.entities
        ).toPython()
        for p in description.objects(DATASET, VOID.classPartition)
    }
    assert partitions["Country"] == len(set(graph.subjects(RDF.type, TG.Country)))
    assert partitions["MinisterialConference"] == 13
    assert set(description.objects(DATASET, VOID.subset)) == set(
        graph.subjects(RDF.type, VOID.Linkset)
    )
    assert (
        len(list(description.objects(DATASET, URIRef("http://www.w3.org/ns/dcat#distribution"))))
        == 4
    )
