"""SPARQL on pyoxigraph, tradegraph's second engine. The tests run every stored query here and
on rdflib and require the same rows, which catches engine-specific SPARQL; values are bound by
substitution (SEP-0007), never pasted into the query text."""

from __future__ import annotations

import re

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef, Variable
from rdflib.namespace import XSD
from rdflib.term import Node

from tradegraph.sparql import ResultTable


def store_from_graph(graph: Graph) -> ox.Store:
    """An in-memory store holding exactly the graph's triples."""
    store = ox.Store()
    store.load(graph.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES)
    return store


def select(store: ox.Store, text: str, bindings: dict[Variable, Node] | None = None) -> ResultTable:
    bindings = bindings or {}
    substitutions = {ox.Variable(str(var)): _to_ox(term) for var, term in bindings.items()}
    # Oxigraph substitutes only projected variables, so the bound parameters (names declared by
    # the stored query, never user text) join the projection and are dropped from the result.
    solutions = store.query(
        _project(text, [str(var) for var in bindings]), substitutions=substitutions
    )
    columns = [var.value for var in solutions.variables if var.value not in _names(bindings)]
    rows = [tuple(to_rdflib(solution[column]) for column in columns) for solution in solutions]
    return ResultTable(columns, rows)


_MAIN_SELECT = re.compile(r"(?m)^SELECT\s+(?:(?:DISTINCT|REDUCED)\s+)?")


def _project(text: str, variables: list[str]) -> str:
    if not variables:
        return text
    main = _MAIN_SELECT.search(text)
    if main is None:
        raise ValueError("a parameterized query needs its main SELECT at the start of a line")
    added = " ".join(f"?{name}" for name in variables)
    return f"{text[: main.end()]}{added} {text[main.end() :]}"


def _names(bindings: dict[Variable, Node]) -> set[str]:
    return {str(var) for var in bindings}


def _to_ox(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype or XSD.string)))
    raise TypeError(f"cannot bind {term!r}")


def to_rdflib(term: object) -> Node | None:
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        return Literal(
            term.value, datatype=None if datatype == str(XSD.string) else URIRef(datatype)
        )
    raise TypeError(f"unexpected term {term!r}")


class OxigraphEngine:
    """A pyoxigraph store as a tradegraph query engine (see sparql.Engine)."""

    def __init__(self, store: ox.Store) -> None:
        self.store = store

    def select(self, text: str, bindings: dict[Variable, Node]) -> ResultTable:
        return select(self.store, text, bindings)
