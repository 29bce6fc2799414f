"""The cached Oxigraph store: built once per state of the inputs, rebuilt on any change or
damage, never used half-written, shared read-only; and the query path that uses it (its answers
are compared with rdflib's in test_engines)."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from tradegraph.engines.cache import MARKER, clear, fingerprint, open_store
from tradegraph.terms import to_rdflib

from .helpers import ROOT


def _graph(store) -> Graph:
    graph = Graph()
    for quad in store.quads_for_pattern(None, None, None):
        graph.add((to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object)))
    return graph


def test_store_holds_the_graph_and_is_reused(layout, graph):
    first = open_store(layout)
    again = open_store(layout)
    assert again.path == first.path and not again.built
    assert first.triples == len(graph)
    assert isomorphic(_graph(first.store), graph)


def test_any_input_change_means_a_new_store(copy):
    first = open_store(copy)
    assert first.path.name == f"store-{fingerprint(copy)[:32]}"
    rcep = copy.data_dir / "agreements" / "rcep.ttl"
    rcep.write_text(rcep.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    second = open_store(copy)
    assert second.path != first.path and second.built


def test_a_damaged_store_is_rebuilt_not_used(copy):
    path = open_store(copy).path
    shutil.rmtree(path / "db")
    rebuilt = open_store(copy)
    assert rebuilt.built and rebuilt.triples > 8000


def test_a_store_without_its_marker_is_never_used(copy):
    path = open_store(copy).path
    (path / MARKER).unlink()  # as if the build had stopped before its last step
    assert open_store(copy).built


def test_malformed_turtle_names_the_file(copy):
    from tradegraph.errors import InputError

    bad = copy.data_dir / "bad.ttl"
    bad.write_text('@prefix ex: <http://example.org/> .\nex:a ex:b "open\n', encoding="utf-8")
    with pytest.raises(InputError, match=r"bad\.ttl"):
        open_store(copy)


def test_cache_clear(copy):
    open_store(copy)
    assert len(clear()) == 1
    assert clear() == []


def _imported(args: list[str], modules: tuple[str, ...]) -> list[str]:
    """Which of the modules a fresh process running the command has imported (it must succeed)."""
    code = (
        "import sys\n"
        "from tradegraph.cli import cli\n"
        f"try:\n    cli({args!r}, prog_name='tradegraph')\nexcept SystemExit as exc:\n"
        "    assert not exc.code, exc.code\n"
        f"print('IMPORTED=' + ','.join(m for m in {modules!r} if m in sys.modules))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    return [m for m in result.stdout.splitlines()[-1].removeprefix("IMPORTED=").split(",") if m]


@pytest.mark.parametrize("args", [["--help"], ["queries"], ["query", "--help"]])
def test_start_up_imports_neither_rdflib_nor_pyshacl(args):
    assert _imported(args, ("rdflib", "pyshacl", "pyoxigraph")) == []


@pytest.mark.parametrize(
    "args",
    [
        ["query", "jsi-timeline"],
        ["status", "RCEP", "--on", "2021-06-01", "--format", "json"],
        ["country", "SG"],
    ],
)
def test_queries_on_a_warm_cache_do_not_import_rdflib(args, layout):
    """The default query path reads the cached store with pyoxigraph alone: rdflib's import is
    half of a short command's time. The first run warms the cache (the store, its validation and
    the query's verdict), so the test does not depend on what ran before it."""
    open_store(layout)
    _imported(args, ())
    assert _imported(args, ("rdflib", "pyshacl")) == []


def test_passing_validation_is_recorded_until_an_input_changes(copy):
    from tradegraph.engines.cache import mark_validated

    cached = open_store(copy)
    assert not cached.validated
    mark_validated(cached)
    again = open_store(copy)
    assert again.validated and again.path == cached.path and not again.built
    (copy.root / "data" / "note.ttl").write_text("# an input changed\n", encoding="utf-8")
    assert not open_store(copy).validated
