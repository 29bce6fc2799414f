"""The benchmark generator makes checkouts that pass the real shapes and checks (timings
themselves live in benchmarks/, never in tests)."""

from __future__ import annotations

import sys

from tradegraph.catalogue import load_checks
from tradegraph.load import load_graph, load_shapes
from tradegraph.project import Project
from tradegraph.validate import validate

from .conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
from generate import generate


def test_generated_checkout_is_valid_and_near_its_size(tmp_path):
    project = Project(generate(12000, tmp_path / "repo"))
    graph = load_graph(project)
    assert 11000 <= len(graph) <= 13000
    report = validate(graph, load_shapes(project), load_checks(project))
    assert report.conforms, [v.message for v in report.violations][:5]
