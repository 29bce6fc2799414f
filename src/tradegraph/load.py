"""Files to graphs: an in-memory pyoxigraph store (the strict parser, what validation runs on) or
an rdflib graph (what the serializers and pySHACL's reference tests use)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph
from rdflib.plugins.parsers.notation3 import BadSyntax

from tradegraph.errors import InputError, one_line
from tradegraph.namespaces import bind_prefixes
from tradegraph.project import Project, read_text


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
    """Parse one Turtle file into graph; a syntax error names the file and the line."""
    text = read_text(path)
    try:
        graph.parse(data=text, format="turtle", publicID=path.resolve().as_uri())
    except BadSyntax as exc:
        raise InputError(f"{path}:{exc.lines + 1}: Turtle syntax error: {_why(exc)}") from None
    except Exception as exc:  # rdflib raises plain exceptions for some bad terms
        raise InputError(f"{path}: cannot parse as Turtle: {one_line(str(exc))}") from None


def load_files(paths: Iterable[Path]) -> Graph:
    graph = bind_prefixes(Graph())
    for path in expand_paths(paths):
        parse_into(graph, path)
    return graph


def load_graph(project: Project, data: Iterable[Path] | None = None) -> Graph:
    """The ontology, its concept schemes and the data: the shipped data unless paths are given."""
    data_files = project.data_files if data is None else expand_paths(data)
    return load_files([*project.ontology_files, *data_files])


def load_store(project: Project, data: Iterable[Path] | None = None) -> ox.Store:
    """The graph of load_graph, parsed by pyoxigraph into an in-memory store's default graph;
    a syntax error names the file and the line."""
    data_files = project.data_files if data is None else expand_paths(data)
    store = ox.Store()
    for path in [*project.ontology_files, *data_files]:
        read_text(path)  # a missing or unreadable file is an InputError naming it
        try:
            store.bulk_load(
                path=str(path), format=ox.RdfFormat.TURTLE, base_iri=path.resolve().as_uri()
            )
        except SyntaxError as exc:
            line = f":{exc.lineno}" if exc.lineno else ""
            raise InputError(
                f"{path}{line}: Turtle syntax error: {one_line(str(exc.msg))}"
            ) from None
    return store


def load_shapes(project: Project) -> Graph:
    return load_files([project.shapes_file])


def _why(exc: BadSyntax) -> str:
    # BadSyntax keeps the parser's reason in a private attribute; its str() spans lines.
    why = getattr(exc, "_why", None)
    return one_line(str(why)) if why else "bad syntax"
