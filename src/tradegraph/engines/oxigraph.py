"""SPARQL on pyoxigraph, tradegraph's default engine. The tests run every stored query here and
on rdflib and require the same rows, which catches engine-specific SPARQL."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pyoxigraph as ox

from tradegraph.engines.result import ResultTable
from tradegraph.errors import UsageError

if TYPE_CHECKING:
    from rdflib import Graph


def store_from_graph(graph: Graph) -> ox.Store:
    """An in-memory store holding exactly the graph's triples."""
    store = ox.Store()
    store.load(graph.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES)
    return store


class OxigraphEngine:
    """A pyoxigraph store as a tradegraph query engine (see sparql.Engine), querying the given
    named graph as its default graph (the cached store holds the graph as <dataset>, the way
    `push` writes it to a server) or else the store's default graph."""

    def __init__(self, store: ox.Store, graph: str | None = None) -> None:
        self.store = store
        self.default_graph = ox.NamedNode(graph) if graph else None

    def select(self, text: str) -> ResultTable:
        solutions = self.store.query(text, default_graph=self.default_graph)
        if not isinstance(solutions, ox.QuerySolutions):
            raise UsageError("only SELECT queries can be run as stored queries")
        columns = [var.value for var in solutions.variables]
        return ResultTable(columns, [tuple(solution) for solution in solutions])
