"""SPARQL on an rdflib graph: the plain path (`query --engine rdflib`), the engine that
federates SERVICE calls (`--allow-service`), and the reference the tests compare Oxigraph with.
Terms cross over to pyoxigraph's, the currency of sparql.ResultTable."""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from tradegraph.engines.result import XSD_STRING, ResultTable, Term
from tradegraph.errors import UsageError


class GraphEngine:
    """An rdflib graph as a tradegraph query engine (see sparql.Engine)."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph

    def select(self, text: str) -> ResultTable:
        result = self.graph.query(text)
        if result.type != "SELECT":
            raise UsageError("only SELECT queries can be run as stored queries")
        columns = [str(var) for var in result.vars or []]
        return ResultTable(columns, [tuple(map(to_oxigraph, row)) for row in result])


def to_rdflib(term: Term) -> Node:
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    datatype = term.datatype.value
    return Literal(term.value, datatype=None if datatype == XSD_STRING else URIRef(datatype))


def to_oxigraph(term: Node | None) -> Term | None:
    if term is None:
        return None
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"unexpected term {term!r}")
