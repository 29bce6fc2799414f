"""The ontology and its concept schemes as first-class files."""

from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

from tradegraph.namespaces import ID, TG
from tradegraph.parse import load_files

ONTOLOGY = URIRef("https://w3id.org/tradegraph/ontology")


def test_header_carries_what_documentation_tools_render(layout):
    ontology = load_files([layout.ontology_files[0]])
    for predicate in (
        DCTERMS.title,
        DCTERMS.description,
        DCTERMS.license,
        DCTERMS.creator,
        DCTERMS.created,
        DCTERMS.modified,
        OWL.versionInfo,
        OWL.versionIRI,
    ):
        assert ontology.value(ONTOLOGY, predicate) is not None, predicate


def test_every_term_has_label_and_definition(layout):
    ontology = load_files([layout.ontology_files[0]])
    terms = {
        s
        for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
        for s in ontology.subjects(RDF.type, kind)
    }
    assert len(terms) > 40
    for term in terms:
        assert str(term).startswith(str(TG))
        assert ontology.value(term, RDFS.label) is not None, term
        assert ontology.value(term, SKOS.definition) is not None, term


def test_reuses_standard_vocabularies_for_core_classes(graph: Graph):
    assert (
        TG.PartyMembership,
        RDFS.subClassOf,
        URIRef("http://www.w3.org/ns/org#Membership"),
    ) in graph
    assert (
        TG.Provision,
        RDFS.subClassOf,
        URIRef("http://data.europa.eu/eli/ontology#LegalResourceSubdivision"),
    ) in graph
    assert (TG.Event, RDFS.subClassOf, URIRef("http://www.w3.org/ns/prov#Activity")) in graph


def test_element_scheme_has_the_six_elements_with_coding_rules(graph: Graph):
    scheme = URIRef(f"{ID}scheme/element")
    elements = sorted(str(c) for c in graph.subjects(SKOS.inScheme, scheme))
    assert [e.rsplit("/", 1)[1] for e in elements] == [
        "capacity-building",
        "consensus-based-standards",
        "cyber-trade-link",
        "operational-collaboration",
        "risk-based-approaches",
        "workforce-development",
    ]
    for element in elements:
        assert "Code when" in str(graph.value(URIRef(element), SKOS.definition))


def test_status_and_verification_schemes(graph: Graph):
    def local_names(scheme: str) -> set[str]:
        return {
            str(c).rsplit("/", 1)[1]
            for c in graph.subjects(SKOS.inScheme, URIRef(f"{ID}scheme/{scheme}"))
        }

    assert local_names("status") == {
        "proposed",
        "under-negotiation",
        "concluded",
        "signed",
        "in-force",
        "expired",
        "lapsed",
        "inactive",
        "withdrawn",
    }
    assert local_names("verification") == {"official-text", "official-summary", "secondary-source"}
