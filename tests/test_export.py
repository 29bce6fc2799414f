"""Every export format reparses into the graph it came from, with rdflib and with a second,
independent implementation: pyoxigraph for Turtle, N-Triples and TriG, pyld for JSON-LD."""

from __future__ import annotations

import json

import pyoxigraph as ox
import pytest
from pyld import jsonld
from rdflib import Dataset, Graph, URIRef
from rdflib.compare import isomorphic

from tradegraph.parse import load_files, read_graph
from tradegraph.publish.describe import describe
from tradegraph.publish.export import GRAPH_BASE, export_text
from tradegraph.terms import to_rdflib

OX_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "trig": ox.RdfFormat.TRIG,
}


class _Exports(dict):
    """The shipped graph's export in each format, made when a test first asks for it."""

    def __init__(self, layout):
        super().__init__()
        self.layout = layout

    def __missing__(self, fmt: str) -> str:
        self[fmt] = export_text(read_graph(self.layout), self.layout, fmt)
        return self[fmt]


@pytest.fixture(scope="module")
def exports(layout):
    return _Exports(layout)


@pytest.fixture(scope="module")
def exported(graph):
    """What an export holds: the graph and its dataset description."""
    return graph + describe(graph)


def _from_quads(quads) -> Graph:
    graph = Graph()
    for quad in quads:
        graph.add((to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object)))
    return graph


@pytest.mark.parametrize("fmt", ["turtle", "nt"])
def test_rdflib_round_trip(fmt, exports, exported):
    assert isomorphic(Graph().parse(data=exports[fmt], format=fmt), exported)


@pytest.mark.parametrize("fmt", ["turtle", "nt", "trig"])
def test_pyoxigraph_round_trip(fmt, exports, exported):
    quads = ox.parse(exports[fmt].encode("utf-8"), format=OX_FORMATS[fmt])
    assert isomorphic(_from_quads(quads), exported)


def test_trig_has_one_named_graph_per_file(exports, layout):
    dataset = Dataset()
    dataset.parse(data=exports["trig"], format="trig")
    files = [*layout.ontology_files, *layout.data_files]
    names = {g.identifier for g in dataset.graphs() if str(g.identifier).startswith(GRAPH_BASE)}
    assert len(names) == len(files) + 1  # and the description
    rcep = layout.data_dir / "agreements" / "rcep.ttl"
    named = dataset.graph(URIRef(GRAPH_BASE + "data/agreements/rcep"))
    assert isomorphic(Graph() + named, load_files([rcep]))


def test_json_ld_is_compact_with_the_shipped_context(exports, layout):
    document = json.loads(exports["json-ld"])
    shipped = json.loads(layout.context_file.read_text(encoding="utf-8"))
    assert document["@context"] == shipped["@context"]
    rcep = next(node for node in document["@graph"] if node["@id"] == "agreement:rcep")
    assert rcep["title"] == "Regional Comprehensive Economic Partnership"
    assert rcep["signed"] == "2020-11-15"  # typed by the context, written as a plain date
    membership = next(n for n in document["@graph"] if n["@id"] == "membership:rcep-AUS")
    assert (membership["membershipOf"], membership["party"]) == ("agreement:rcep", "country:AUS")


def test_json_ld_round_trip_with_rdflib(exports, exported):
    assert isomorphic(Graph().parse(data=exports["json-ld"], format="json-ld"), exported)


def _no_remote_documents(url, options=None):
    raise AssertionError(f"a remote document was requested: {url}")


def test_json_ld_round_trip_with_pyld_and_no_remote_context(exports, exported):
    document = json.loads(exports["json-ld"])
    nquads = jsonld.to_rdf(
        document, {"format": "application/n-quads", "documentLoader": _no_remote_documents}
    )
    assert isomorphic(Graph().parse(data=nquads, format="nquads"), exported)
