"""The ontology and its concept schemes as first-class files."""

import re

from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

from tradegraph.namespaces import ID, TG
from tradegraph.parse import load_files
from tradegraph.prefixes import PREFIXES

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


# docs/vocabulary.md's tables of standard terms: | `tg:term` | `std:term` | `relation` or none | why |
_MAPPING_ROW = re.compile(r"^\| `(tg:\w+)` \| `(\w+:\w+)` \| (`[\w:]+`|none) \|", re.M)
_MAPPINGS = (RDFS.subPropertyOf, OWL.equivalentProperty, SKOS.closeMatch, RDFS.seeAlso)


def _expand(name: str) -> URIRef:
    prefix, local = name.split(":", 1)
    return URIRef(PREFIXES[prefix] + local)


def test_vocabulary_doc_lists_every_mapping_to_a_standard_term(layout):
    """docs/vocabulary.md and the ontology say the same: each row's relation is declared (or,
    for 'none', no relation is), and every property's mapping outside tg: has a row."""
    ontology = load_files([layout.ontology_files[0]])
    rows = _MAPPING_ROW.findall((layout.root / "docs" / "vocabulary.md").read_text("utf-8"))
    assert len(rows) > 20
    documented = set()
    for term, standard, relation in rows:
        subject, target = _expand(term), _expand(standard)
        if relation == "none":
            assert not set(ontology.predicates(subject, target)), (term, standard)
        else:
            documented.add((subject, _expand(relation.strip("`")), target))
    declared = {
        (s, p, o)
        for p in _MAPPINGS
        for s, o in ontology.subject_objects(p)
        if str(s).startswith(str(TG))
        and not str(o).startswith(str(TG))
        and (s, RDF.type, OWL.Class) not in ontology
    }
    assert documented == declared, {
        "documented, not declared": documented - declared,
        "declared, not documented": declared - documented,
    }


def test_decisions_on_standard_terms_say_why(layout):
    """Each term of the decisions table (before the older mappings) says in its editorial note
    which standard term it was weighed against."""
    ontology = load_files([layout.ontology_files[0]])
    doc = (layout.root / "docs" / "vocabulary.md").read_text("utf-8")
    decisions = _MAPPING_ROW.findall(doc.split("Mappings declared before")[0])
    assert len(decisions) >= 12
    for term, standard, _relation in decisions:
        note = str(ontology.value(_expand(term), SKOS.editorialNote))
        assert standard in note, (term, standard)


def test_renamed_document_property_is_deprecated(layout):
    ontology = load_files([layout.ontology_files[0]])
    assert ontology.value(TG.document, OWL.deprecated).toPython() is True
    assert ontology.value(TG.document, DCTERMS.isReplacedBy) == TG.recordedIn
    assert ontology.value(TG.recordedIn, RDFS.range) == TG.Document
