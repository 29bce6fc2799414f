"""RDF terms. pyoxigraph's are tradegraph's currency (results, the parse, bindings); rdflib's
are made only where rdflib is needed (pySHACL, the serializers, the rdflib engine), so rdflib is
imported inside the conversions, never by the warm query path."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pyoxigraph as ox

if TYPE_CHECKING:
    from rdflib.term import Node

Term = ox.NamedNode | ox.Literal | ox.BlankNode
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def to_rdflib(term: Term) -> Node:
    """A pyoxigraph term as rdflib makes it: a plain string is Literal(value), untyped."""
    from rdflib import BNode, Literal, URIRef

    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    datatype = term.datatype.value
    return Literal(term.value, datatype=None if datatype == XSD_STRING else URIRef(datatype))


def to_oxigraph(term: Node | None) -> Term | None:
    from rdflib import BNode, Literal, URIRef

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
