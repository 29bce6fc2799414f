from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator

import pytest
from click.testing import CliRunner
from rdflib import Graph

from tradegraph.catalogue import StoredQuery, load_catalogue, load_checks
from tradegraph.cli import cli
from tradegraph.engines.rdflib_graph import GraphEngine
from tradegraph.parse import load_graph, load_shapes
from tradegraph.project import Layout, locate

from .helpers import ROOT, Answers
from .oxigraph_server import oxigraph_server


@pytest.fixture(scope="session", autouse=True)
def _private_cache(tmp_path_factory):
    """Tests build their cached stores in a temporary directory, never in the user's cache
    (one per process: pytest-xdist's workers each have their own)."""
    os.environ["TRADEGRAPH_CACHE_DIR"] = str(tmp_path_factory.mktemp("cache"))


@pytest.fixture(scope="session")
def layout() -> Layout:
    return locate(ROOT)


@pytest.fixture(scope="session")
def graph(layout: Layout) -> Graph:
    """The shipped graph; tests must not modify it."""
    return load_graph(layout)


@pytest.fixture(scope="session")
def engine(graph: Graph) -> GraphEngine:
    """The shipped graph as a query engine (rdflib, the reference the Oxigraph paths match)."""
    return GraphEngine(graph)


@pytest.fixture(scope="session")
def reference(catalogue: dict[str, StoredQuery], engine: GraphEngine) -> Answers:
    """The stored queries' answers on rdflib, each computed once per session: the reference
    every other engine must match (test_engines), and the answers test_queries asserts."""
    return Answers(catalogue, engine)


@pytest.fixture(scope="session")
def pushed_server(tmp_path_factory) -> Iterator[str]:
    """The base URL of a writable Oxigraph server on 127.0.0.1, after `tradegraph push` of the
    shipped graph (the remote engine of test_engines' differential test, and test_remote's)."""
    with oxigraph_server(tmp_path_factory.mktemp("server"), [], writable=True) as base:
        push = ["push", "--endpoint", f"{base}/store"]
        result = subprocess.run(
            [sys.executable, "-m", "tradegraph", "--root", str(ROOT), *push],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 0, result.stderr
        yield base


@pytest.fixture(scope="session")
def shapes(layout: Layout) -> Graph:
    return load_shapes(layout)


@pytest.fixture(scope="session")
def checks(layout: Layout) -> list[StoredQuery]:
    return load_checks(layout)


@pytest.fixture(scope="session")
def catalogue(layout: Layout) -> dict[str, StoredQuery]:
    return load_catalogue(layout)


@pytest.fixture()
def invoke():
    """Run the CLI in-process against the repository; returns click's Result."""
    runner = CliRunner()

    def run(*args: str):
        return runner.invoke(cli, ["--root", str(ROOT), *args], catch_exceptions=False)

    return run


@pytest.fixture()
def copy(tmp_path, monkeypatch) -> Layout:
    """A throwaway checkout (ontology, data, queries) with its own cache directory."""
    for part in ("ontology", "data", "queries"):
        shutil.copytree(ROOT / part, tmp_path / "repo" / part)
    monkeypatch.setenv("TRADEGRAPH_CACHE_DIR", str(tmp_path / "cache"))
    return Layout(tmp_path / "repo")
