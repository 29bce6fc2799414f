"""SPARQL on an rdflib graph: the plain path (`query --engine rdflib`), the engine that
federates SERVICE calls (`--allow-service`), and the reference the tests compare Oxigraph with.
Terms cross over to pyoxigraph's, the currency of sparql.ResultTable."""

from __future__ import annotations

from rdflib import Graph

from tradegraph.engines.result import ResultTable
from tradegraph.errors import UsageError
from tradegraph.terms import to_oxigraph


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
