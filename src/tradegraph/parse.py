"""The one reader of Turtle: files are parsed here, once, by pyoxigraph (the strict parser), into
a Parsed graph. Everything downstream is built from its triples, never by parsing again: the
in-memory store that validation runs on, the cached store that queries, push and serve use, and
the rdflib graph that the serializers, describe, the link commands and pySHACL need. So every
command accepts and refuses the same files, with the same one-line error naming the file and the
line, and what is validated is what is stored, pushed, served and exported."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from tradegraph.errors import InputError, one_line
from tradegraph.files import read_text
from tradegraph.project import Layout
from tradegraph.terms import Term, to_rdflib

if TYPE_CHECKING:  # rdflib is imported only where an rdflib graph is made: the warm query path
    from rdflib import Graph  # never needs it, and its import is half of a short command's time
    from rdflib.term import Node

# rdflib logs a warning, with a traceback, for each ill-typed literal it meets; the validation
# report names such literals instead (sh:datatype), so the user never sees rdflib's log.
logging.getLogger("rdflib").setLevel(logging.ERROR)


@dataclass(frozen=True)
class ParsedFile:
    path: Path
    quads: tuple[ox.Quad, ...]  # the file's triples, in the default graph
    prefixes: dict[str, str]  # the file's own @prefix declarations


@dataclass(frozen=True, eq=False)
class Parsed:
    """Files parsed once. Blank nodes are labelled f<n>_<label> by the file's place in the
    list, so two files' _:b1 stay two nodes and the same files give the same labels."""

    files: tuple[ParsedFile, ...]

    def quads(self, graph: ox.NamedNode | None = None) -> Iterator[ox.Quad]:
        """The triples as quads in the default graph, or in the named graph given."""
        for parsed in self.files:
            if graph is None:
                yield from parsed.quads
            else:
                for quad in parsed.quads:
                    yield ox.Quad(quad.subject, quad.predicate, quad.object, graph)

    def store(self) -> ox.Store:
        """A new in-memory store holding the triples in its default graph."""
        store = ox.Store()
        store.bulk_extend(self.quads())
        return store

    @cached_property
    def graph(self) -> Graph:
        """The triples as one rdflib graph, with tradegraph's prefixes and the files' own."""
        graph = _new_graph()
        for parsed in self.files:
            graph.addN((*triple, graph) for triple in _rdflib_triples(parsed.quads))
            for prefix, namespace in parsed.prefixes.items():
                graph.bind(prefix, namespace)  # as rdflib's own parser binds them
        return graph

    def graph_of(self, path: Path) -> Graph:
        """One file's triples as an rdflib graph (TriG gives each file its named graph)."""
        parsed = next(p for p in self.files if p.path == path)
        graph = _new_graph()
        graph.addN((*triple, graph) for triple in _rdflib_triples(parsed.quads))
        return graph


def parse_files(paths: Iterable[Path]) -> Parsed:
    """Parse files (directories: the sorted .ttl files below them); a syntax error is an
    InputError naming the file and the line."""
    return Parsed(tuple(_parse(path, n) for n, path in enumerate(expand_paths(paths))))


def read_graph(layout: Layout, data: Iterable[Path] | None = None) -> Parsed:
    """The ontology, its concept schemes and the data: the shipped data unless paths are given."""
    data_files = layout.data_files if data is None else expand_paths(data)
    return parse_files([*layout.ontology_files, *data_files])


# The RDF files `parse_rdf_file` reads, by extension: what `tradegraph export` writes and more.
RDF_EXTENSIONS = ("ttl", "nt", "trig", "nq", "jsonld", "json", "rdf", "owl", "xml")


def parse_rdf_file(path: Path) -> Parsed:
    """One RDF file in any format pyoxigraph reads, chosen by its extension (an export: .ttl,
    .nt, .trig, .jsonld), by the same parser as the data; the triples of every named graph go
    into the default graph. An unknown extension or a syntax error is an InputError."""
    path = Path(path)
    extension = path.suffix.lstrip(".").lower()
    fmt = ox.RdfFormat.from_extension(extension) if extension in RDF_EXTENSIONS else None
    if fmt is None:
        raise InputError(
            f"{path}: not a known RDF file (extension .{extension}); "
            f"use one of {', '.join('.' + e for e in RDF_EXTENSIONS)}"
        )
    return Parsed((_parse(path, 0, fmt),))


def load_files(paths: Iterable[Path]) -> Graph:
    """parse_files as one rdflib graph."""
    return parse_files(paths).graph


def load_graph(layout: Layout, data: Iterable[Path] | None = None) -> Graph:
    """read_graph as one rdflib graph."""
    return read_graph(layout, data).graph


def load_shapes(layout: Layout) -> Graph:
    return load_files([layout.shapes_file])


def expand_paths(paths: Iterable[Path]) -> list[Path]:
    """Files as given, directories as the sorted .ttl files below them."""
    files: list[Path] = []
    for path in paths:
        path = Path(path)
        if path.is_dir():
            files.extend(sorted(path.rglob("*.ttl")))
        elif path.is_file():
            files.append(path)
        else:
            raise InputError(f"{path}: no such file or directory")
    return files


def _parse(path: Path, number: int, fmt: ox.RdfFormat = ox.RdfFormat.TURTLE) -> ParsedFile:
    read_text(path)  # a missing, unreadable or non-UTF-8 file is an InputError naming it
    with _syntax_errors(path, fmt):
        parser = ox.parse(path=str(path), format=fmt, base_iri=path.resolve().as_uri())
        quads = tuple(parser)
        prefixes = dict(parser.prefixes)
    if fmt.supports_datasets:  # TriG, N-Quads, JSON-LD: every graph's triples in the default one
        quads = tuple(ox.Quad(q.subject, q.predicate, q.object) for q in quads)
    if any(not isinstance(q.subject, _PLAIN) or not isinstance(q.object, _PLAIN) for q in quads):
        quads = tuple(_own_terms(path, f"f{number}_", quads))  # rare: most files have neither
    return ParsedFile(path, quads, prefixes)


_PLAIN = (ox.NamedNode, ox.Literal)


def _own_terms(path: Path, label: str, quads: Iterable[ox.Quad]) -> Iterator[ox.Quad]:
    """The quads with each blank node labelled for its file; RDF 1.2 triple terms refused."""

    def own(term: Term) -> Term:
        if isinstance(term, ox.BlankNode):
            return ox.BlankNode(label + term.value)
        if not isinstance(term, _PLAIN):
            raise InputError(f"{path}: RDF 1.2 triple terms are not supported")
        return term

    for quad in quads:
        yield ox.Quad(own(quad.subject), quad.predicate, own(quad.object))


@contextmanager
def _syntax_errors(path: Path, fmt: ox.RdfFormat) -> Iterator[None]:
    """pyoxigraph's parse errors as one-line InputErrors naming the file (and the line, when
    known): one wording for every command."""
    try:
        yield
    except SyntaxError as exc:
        line = f":{exc.lineno}" if exc.lineno else ""
        message = f"{path}{line}: {fmt.name} syntax error: {one_line(str(exc.msg))}"
        raise InputError(message) from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {one_line(str(exc))}") from None


def _new_graph() -> Graph:
    from rdflib import Graph

    from tradegraph.namespaces import bind_prefixes

    return bind_prefixes(Graph())


def _rdflib_triples(triples: Iterable[ox.Quad]) -> Iterator[tuple[Node, Node, Node]]:
    """pyoxigraph triples as rdflib terms, each term converted once (rdflib's typed Literal() is
    slow, and data repeats terms)."""
    cache: dict[Term, Node] = {}

    def convert(term: Term) -> Node:
        node = cache.get(term)
        if node is None:
            node = cache[term] = to_rdflib(term)
        return node

    for triple in triples:
        yield convert(triple.subject), convert(triple.predicate), convert(triple.object)
