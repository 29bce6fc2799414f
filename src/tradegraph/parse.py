"""Files to graphs: an in-memory pyoxigraph store (what validation runs on) or an rdflib graph
(what the serializers, describe, stats, the link commands and pySHACL's reference tests use).
Both parse with pyoxigraph, the strict parser, so every command accepts and refuses the same
files, with the same one-line error naming the file and the line."""

from __future__ import annotations

import itertools
import logging
from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from tradegraph.engines.oxigraph import turtle_errors
from tradegraph.errors import InputError
from tradegraph.files import read_text
from tradegraph.namespaces import bind_prefixes
from tradegraph.project import Layout

# rdflib logs a warning, with a traceback, for each ill-typed literal it meets; the validation
# report names such literals instead (sh:datatype), so the user never sees rdflib's log.
logging.getLogger("rdflib").setLevel(logging.ERROR)


def expand_paths(paths: Iterable[Path]) -> list[Path]:
    """Files as given, directories as the sorted .ttl files below them."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(path.rglob("*.ttl")))
        elif path.is_file():
            files.append(path)
        else:
            raise InputError(f"{path}: no such file or directory")
    return files


def parse_into(graph: Graph, path: Path) -> None:
    """Parse one Turtle file into graph with pyoxigraph, the strict parser the query and
    validation paths use, so every command accepts and refuses the same files; a syntax error
    names the file and the line. Blank nodes get labels no other parsed file shares."""
    read_text(path)  # a missing or unreadable file is an InputError naming it
    to_rdflib = _Terms(next(_FILE_NUMBERS))
    triples = []
    with turtle_errors(path):
        parser = ox.parse(
            path=str(path), format=ox.RdfFormat.TURTLE, base_iri=path.resolve().as_uri()
        )
        for quad in parser:
            triples.append(
                (to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object))
            )
        prefixes = parser.prefixes
    graph.addN((s, p, o, graph) for s, p, o in triples)
    for prefix, namespace in prefixes.items():
        graph.bind(prefix, namespace)  # as rdflib's parser binds a file's prefixes


def load_files(paths: Iterable[Path]) -> Graph:
    graph = bind_prefixes(Graph())
    for path in expand_paths(paths):
        parse_into(graph, path)
    return graph


def load_graph(layout: Layout, data: Iterable[Path] | None = None) -> Graph:
    """The ontology, its concept schemes and the data: the shipped data unless paths are given."""
    data_files = layout.data_files if data is None else expand_paths(data)
    return load_files([*layout.ontology_files, *data_files])


def load_store(layout: Layout, data: Iterable[Path] | None = None) -> ox.Store:
    """The graph of load_graph, parsed by pyoxigraph into an in-memory store's default graph;
    a syntax error names the file and the line."""
    data_files = layout.data_files if data is None else expand_paths(data)
    store = ox.Store()
    for path in [*layout.ontology_files, *data_files]:
        read_text(path)  # a missing or unreadable file is an InputError naming it
        with turtle_errors(path):
            store.bulk_load(
                path=str(path), format=ox.RdfFormat.TURTLE, base_iri=path.resolve().as_uri()
            )
    return store


def load_shapes(layout: Layout) -> Graph:
    return load_files([layout.shapes_file])


_FILE_NUMBERS = itertools.count()
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


class _Terms:
    """pyoxigraph terms to rdflib terms, as rdflib's Turtle parser makes them: a plain string is
    Literal(value) with no datatype; a typed literal keeps its lexical form. Conversions are
    cached (rdflib's typed Literal() is slow, and data repeats terms), and the blank nodes of one
    file are labelled f<file number>_<label>, so two files' _:b1 stay two nodes."""

    def __init__(self, file_number: int) -> None:
        self.prefix = f"f{file_number}_"
        self.cache: dict[object, Node] = {}

    def __call__(self, term: object) -> Node:
        cached = self.cache.get(term)
        if cached is None:
            cached = self.cache[term] = self._convert(term)
        return cached

    def _convert(self, term: object) -> Node:
        if isinstance(term, ox.NamedNode):
            return URIRef(term.value)
        if isinstance(term, ox.BlankNode):
            return BNode(self.prefix + term.value)
        if isinstance(term, ox.Literal):
            if term.language:
                return Literal(term.value, lang=term.language)
            datatype = term.datatype.value
            if datatype == _XSD_STRING:
                return Literal(term.value)
            return Literal(term.value, datatype=URIRef(datatype))
        raise InputError(f"unsupported RDF term in Turtle: {term}")  # RDF 1.2 triple terms
