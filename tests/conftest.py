from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph

from tradegraph.catalogue import StoredQuery, load_catalogue, load_checks
from tradegraph.cli import cli
from tradegraph.load import load_graph, load_shapes
from tradegraph.project import Project, locate
from tradegraph.rdflib_engine import GraphEngine

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session", autouse=True)
def _private_cache(tmp_path_factory):
    """Tests build their cached stores in a temporary directory, never in the user's cache."""
    import os

    os.environ["TRADEGRAPH_CACHE_DIR"] = str(tmp_path_factory.mktemp("cache"))


@pytest.fixture(scope="session")
def project() -> Project:
    return locate(ROOT)


@pytest.fixture(scope="session")
def graph(project: Project) -> Graph:
    """The shipped graph; tests must not modify it."""
    return load_graph(project)


@pytest.fixture(scope="session")
def engine(graph: Graph) -> GraphEngine:
    """The shipped graph as a query engine (rdflib, the reference the Oxigraph paths match)."""
    return GraphEngine(graph)


@pytest.fixture(scope="session")
def shapes(project: Project) -> Graph:
    return load_shapes(project)


@pytest.fixture(scope="session")
def checks(project: Project) -> list[StoredQuery]:
    return load_checks(project)


@pytest.fixture(scope="session")
def catalogue(project: Project) -> dict[str, StoredQuery]:
    return load_catalogue(project)


@pytest.fixture()
def invoke():
    """Run the CLI in-process against the repository; returns click's Result."""
    runner = CliRunner()

    def run(*args: str):
        return runner.invoke(cli, ["--root", str(ROOT), *args], catch_exceptions=False)

    return run


@pytest.fixture()
def copy(tmp_path, monkeypatch) -> Project:
    """A throwaway checkout (ontology, data, queries) with its own cache directory."""
    for part in ("ontology", "data", "queries"):
        shutil.copytree(ROOT / part, tmp_path / "repo" / part)
    monkeypatch.setenv("TRADEGRAPH_CACHE_DIR", str(tmp_path / "cache"))
    return Project(tmp_path / "repo")
