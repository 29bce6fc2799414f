"""data/countries.ttl is generated from pycountry; the committed file must be the generator's output."""

from rdflib.namespace import RDF

from tradegraph.curation.countries import countries_graph
from tradegraph.namespaces import TG
from tradegraph.publish.export import canonical_turtle

from .helpers import ISO_3166_1_ENTRIES


def test_committed_file_equals_generator_output(layout):
    committed = layout.countries_file.read_text(encoding="utf-8")
    assert committed == canonical_turtle(countries_graph()), "run 'make countries'"


def test_every_iso_3166_1_entry(graph):
    countries = set(graph.subjects(RDF.type, TG.Country))
    assert len(countries) == ISO_3166_1_ENTRIES
    codes = {str(graph.value(c, TG.isoAlpha3)) for c in countries}
    assert {"USA", "SGP", "TWN", "HKG", "CMR"} <= codes


def test_wto_customs_territories(graph):
    territories = {
        str(graph.value(t, TG.isoAlpha3)) for t in graph.subjects(RDF.type, TG.CustomsTerritory)
    }
    assert territories == {"HKG", "MAC", "TWN"}
