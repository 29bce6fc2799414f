"""The ontology documented with pyLODE's OntPub profile, from the parsed graph (never from the
files again). pyLODE inlines its style sheet and icons, so the page loads nothing.

The concept schemes are not given to pyLODE: its VocPub profile (3.3) documents classes and
properties only, and renders no skos:Concept; the pyLODE that did (2.x) needs rdflib < 7. The
report's own scheme pages (pages.py) show them."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from rdflib import OWL, Graph, URIRef

from tradegraph.namespaces import TG, bind_prefixes

if TYPE_CHECKING:
    from rdflib.term import Node

ONTOLOGY = URIRef(str(TG).rstrip("#"))
BACK = (
    '<body>\n<p style="font-family:system-ui,sans-serif;margin:.5rem 1rem">'
    '<a href="../index.html">tradegraph report</a> · '
    '<a href="index.html">ontology and vocabularies</a></p>'
)


def _ontpub() -> type:
    """pyLODE's OntPub. Importing pyLODE configures the root logger (basicConfig at DEBUG, in
    its Supermodel profile): the root logger is put back as it was."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    try:
        from pylode import OntPub
    finally:
        root.handlers[:] = handlers
        root.setLevel(level)
    return OntPub


def _described(graph: Graph, subjects: list[Node]) -> Graph:
    """The statements about these subjects, with tradegraph's prefixes bound."""
    part = bind_prefixes(Graph())
    for subject in subjects:
        for predicate, obj in graph.predicate_objects(subject):
            part.add((subject, predicate, obj))
    return part


def ontology_page(graph: Graph) -> tuple[str, int]:
    """The ontology's page (HTML) and the number of terms it documents."""
    terms = sorted(
        {s for s in graph.subjects() if isinstance(s, URIRef) and str(s).startswith(str(TG))}
    )
    html = _ontpub()(_described(graph, [ONTOLOGY, *terms]), sort_subjects=True).make_html()
    return html.replace("<body>", BACK, 1) + ("" if html.endswith("\n") else "\n"), len(terms)


def version(graph: Graph) -> str:
    return str(graph.value(ONTOLOGY, OWL.versionInfo) or "")
