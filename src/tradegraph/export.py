"""Serializations of the graph. Every format is deterministic: the same triples give the same
bytes, whatever order they were parsed in, so diffs of exported or canonical files mean something.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from rdflib import BNode, Graph
from rdflib.compare import to_canonical_graph

from tradegraph.errors import InputError
from tradegraph.formats import EXPORT_FORMATS
from tradegraph.namespaces import bind_prefixes
from tradegraph.project import read_text


def serialize(graph: Graph, fmt: str) -> str:
    if fmt == "turtle":
        return canonical_turtle(graph)
    if fmt == "nt":
        return sorted_ntriples(graph)
    if fmt == "json-ld":
        return sorted_jsonld(graph)
    raise InputError(f"unknown export format '{fmt}' (formats: {', '.join(EXPORT_FORMATS)})")


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


def canonical_file(path: Path) -> str:
    """The canonical text of one Turtle data file: its leading comment block (what the file
    holds and where it comes from, for reviewers), then its triples in canonical Turtle."""
    from tradegraph.load import load_files

    header = []
    for line in read_text(path).splitlines():
        if not line.startswith("#"):
            break
        header.append(line)
    body = canonical_turtle(load_files([path]))
    return ("\n".join(header) + "\n\n" if header else "") + body.lstrip("\n")


def sorted_ntriples(graph: Graph) -> str:
    lines = _sorted_copy(graph).serialize(format="nt").splitlines()
    return "\n".join(sorted(line for line in lines if line.strip())) + "\n"


def sorted_jsonld(graph: Graph) -> str:
    document = json.loads(_sorted_copy(graph).serialize(format="json-ld"))
    nodes = document if isinstance(document, list) else document.get("@graph", [document])
    return json.dumps(_sort_json(nodes), indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def _sort_json(value: object) -> object:
    if isinstance(value, dict):
        return {key: _sort_json(item) for key, item in value.items()}
    if isinstance(value, list):
        items = [_sort_json(item) for item in value]
        return sorted(items, key=lambda item: json.dumps(item, sort_keys=True))
    return value


def _has_bnodes(graph: Graph) -> bool:
    return any(isinstance(term, BNode) for triple in graph for term in triple)


def write_atomic(path: Path, text: str) -> None:
    """Write text to path so readers see the old file or the new one, never half of one."""
    path = Path(path)
    directory = path.parent if str(path.parent) else Path(".")
    if not directory.is_dir():
        raise InputError(f"{path}: directory {directory} does not exist")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise InputError(f"{path}: cannot write: {exc}") from None
