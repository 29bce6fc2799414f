"""Serializations of the graph. Every format is deterministic: the same triples give the same
bytes, whatever order they were parsed in, so diffs of exported or canonical files mean something.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import BNode, Graph, URIRef
from rdflib.compare import to_canonical_graph

from tradegraph.errors import InputError
from tradegraph.files import read_text
from tradegraph.formats import EXPORT_FORMATS
from tradegraph.namespaces import bind_prefixes
from tradegraph.project import Layout

if TYPE_CHECKING:
    from tradegraph.parse import Parsed


def serialize(graph: Graph, fmt: str, context: dict | None = None) -> str:
    """One graph in a deterministic serialization; JSON-LD is compacted with `context` (the
    shipped ontology/context.jsonld), which the document carries inline, so nothing is ever
    fetched to read it."""
    if fmt == "turtle":
        return canonical_turtle(graph)
    if fmt == "nt":
        return sorted_ntriples(graph)
    if fmt == "json-ld":
        return compact_jsonld(graph, context or {})
    raise InputError(f"unknown export format '{fmt}' (formats: {', '.join(EXPORT_FORMATS)})")


def export_text(graph: Parsed, layout: Layout, fmt: str, version: str | None = None) -> str:
    """The export of the parsed ontology, vocabularies and data, with the dataset description
    (VoID and DCAT; in TriG, the named graph graph/description), in one format; version is the
    dataset's in the description (default: the package's)."""
    from tradegraph.publish.describe import describe

    described = describe(graph.graph, version) if version else describe(graph.graph)
    if fmt == "trig":
        named = {graph_name(layout.root, f.path): graph.graph_of(f.path) for f in graph.files}
        named[URIRef(GRAPH_BASE + "description")] = described
        return sorted_trig(named)
    return serialize(graph.graph + described, fmt, jsonld_context(layout, fmt))


def jsonld_context(layout: Layout, fmt: str) -> dict | None:
    """The shipped JSON-LD context when the format is JSON-LD (the one file nothing fetches)."""
    return json.loads(read_text(layout.context_file)) if fmt == "json-ld" else None


GRAPH_BASE = "https://w3id.org/tradegraph/graph/"


def graph_name(root: Path, path: Path) -> URIRef:
    """The named graph of one file in TriG: GRAPH_BASE + its path in the repository, without
    '.ttl' (e.g. .../graph/data/agreements/rcep)."""
    return URIRef(
        GRAPH_BASE + path.resolve().relative_to(root.resolve()).with_suffix("").as_posix()
    )


def sorted_trig(named: dict[URIRef, Graph]) -> str:
    """Named graphs in TriG: the prefixes any graph uses, then each graph, sorted by name, with
    its triples in canonical Turtle. Written here because rdflib orders graphs as its store does."""
    prefixes: set[str] = set()
    blocks = []
    for name in sorted(named):
        lines = canonical_turtle(named[name]).splitlines()
        prefixes.update(line for line in lines if line.startswith("@prefix"))
        body = [f"    {line}" if line else "" for line in lines if not line.startswith("@prefix")]
        blocks.append(f"<{name}> {{\n" + "\n".join(body).strip("\n") + "\n}\n")
    return "\n".join(sorted(prefixes)) + "\n\n" + "\n".join(blocks)


def _sorted_copy(graph: Graph) -> Graph:
    # Blank nodes get canonical labels, then triples go in sorted, so rdflib's serializers see
    # the same insertion order for the same triples.
    source = to_canonical_graph(graph) if _has_bnodes(graph) else graph
    copy = bind_prefixes(Graph())
    for triple in sorted(source):
        copy.add(triple)
    return copy


def canonical_turtle(graph: Graph) -> str:
    return _sorted_copy(graph).serialize(format="turtle")


def sorted_ntriples(graph: Graph) -> str:
    lines = _sorted_copy(graph).serialize(format="nt").splitlines()
    return "\n".join(sorted(line for line in lines if line.strip())) + "\n"


def compact_jsonld(graph: Graph, context: dict) -> str:
    document = json.loads(
        _sorted_copy(graph).serialize(
            format="json-ld", context=context.get("@context", context), auto_compact=True
        )
    )
    nodes = document.get("@graph", [document]) if isinstance(document, dict) else document
    nodes = [{k: v for k, v in node.items() if k != "@context"} for node in nodes]
    out = {"@context": context.get("@context", context), "@graph": _sort_json(nodes)}
    return json.dumps(out, indent=2, ensure_ascii=False) + "\n"


def _sort_json(value: object) -> object:
    if isinstance(value, dict):
        return {key: _sort_json(item) for key, item in value.items()}
    if isinstance(value, list):
        items = [_sort_json(item) for item in value]
        return sorted(items, key=lambda item: json.dumps(item, sort_keys=True))
    return value


def _has_bnodes(graph: Graph) -> bool:
    return any(isinstance(term, BNode) for triple in graph for term in triple)
