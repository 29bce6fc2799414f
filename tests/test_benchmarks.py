"""The benchmark generator makes checkouts that pass the real shapes and checks (timings
themselves live in benchmarks/, never in tests)."""

from __future__ import annotations

import sys

from tradegraph.catalogue import load_checks
from tradegraph.parse import load_graph, load_shapes
from tradegraph.project import Layout
from tradegraph.validate import validate

from .helpers import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
from generate import generate


def test_generated_checkout_is_valid_and_near_its_size(tmp_path):
    # The shipped graph (with the census) is about 60k triples; ask for 10k synthetic ones more.
    shipped = len(load_graph(Layout(ROOT)))
    layout = Layout(generate(shipped + 10000, tmp_path / "repo"))
    graph = load_graph(layout)
    assert shipped + 9000 <= len(graph) <= shipped + 11000
    report = validate(graph, load_shapes(layout), load_checks(layout))
    assert report.conforms, [v.rule for v in report.violations][:5]
