"""Every stored query gives the same rows, in the same order, on every engine as on rdflib
(pyoxigraph in memory, the cached store, a SPARQL server the graph was pushed to): a
differential test that catches engine-specific SPARQL (and engine bugs, such as rdflib answering an empty grouped subquery
with a row of unbound aggregates), one test per engine, query and sample values."""

from __future__ import annotations

from collections import Counter

import pyoxigraph as ox
import pytest

from tradegraph.catalogue import load_catalogue
from tradegraph.engines.cache import open_store
from tradegraph.engines.oxigraph import OxigraphEngine, store_from_graph
from tradegraph.engines.remote import Endpoint, RemoteEngine
from tradegraph.prefixes import DATASET
from tradegraph.project import locate
from tradegraph.render import plain
from tradegraph.sparql import run, substitute

from .helpers import ROOT, SAMPLES, case_id, sample_cases

# The engines compared with the rdflib reference: pyoxigraph in memory, the cached on-disk
# store every query command uses, and an Oxigraph server the graph was pushed to.
ENGINES = ("oxigraph", "cached", "remote")
CASES = sample_cases(load_catalogue(locate(ROOT)))


@pytest.fixture(scope="module")
def store(graph):
    return store_from_graph(graph)


@pytest.fixture(scope="module")
def oxigraph_engine(store):
    return OxigraphEngine(store)


@pytest.fixture(scope="module")
def cached_engine(layout):
    return open_store(layout).engine()


@pytest.fixture(scope="module")
def remote_engine(pushed_server):
    return RemoteEngine(Endpoint(f"{pushed_server}/query", timeout=30, default_graph=DATASET))


def test_every_query_with_required_parameters_has_samples(catalogue):
    needing = {n for n, q in catalogue.items() if any(p.required for p in q.parameters)}
    assert needing <= set(SAMPLES)


@pytest.mark.parametrize(
    ("name", "values"),
    # Grouped by query, so that with pytest-xdist one worker computes each reference answer.
    [pytest.param(n, v, marks=pytest.mark.xdist_group(n), id=case_id(n, v)) for n, v in CASES],
)
@pytest.mark.parametrize("engine_name", ENGINES)
def test_every_engine_gives_the_reference_rows(engine_name, name, values, request, reference):
    """The same columns and the same rows as rdflib, in the same order (a stored query's ORDER
    BY leaves no ties, so its output is the same on every engine); names in the values are
    resolved by the engine under test."""
    engine = request.getfixturevalue(f"{engine_name}_engine")  # the server starts if needed
    expected = reference.table(name, values)
    actual = run(reference.catalogue[name], engine, values)
    assert actual.columns == expected.columns
    missing = Counter(expected.rows) - Counter(actual.rows)
    extra = Counter(actual.rows) - Counter(expected.rows)
    assert not missing and not extra, (
        f"{sum(missing.values())} of rdflib's {len(expected.rows)} rows missing, "
        f"{sum(extra.values())} extra; first missing: {_shown(missing)}, first extra: {_shown(extra)}"
    )
    moved = [i for i, (a, e) in enumerate(zip(actual.rows, expected.rows, strict=True)) if a != e]
    assert not moved, f"same rows in another order from row {moved[0]}: ORDER BY leaves ties"


def _shown(rows: Counter) -> list[tuple[str, ...]]:
    return [tuple(plain(term) for term in row) for row in list(rows)[:3]]


def test_substituted_values_cannot_change_the_query(catalogue, store):
    """A text value full of SPARQL syntax stays one literal; an IRI that is not one is refused."""
    from tradegraph.errors import UsageError
    from tradegraph.sparql import resolve

    hostile = '" } ; DROP ALL ; SELECT * WHERE { ?s ?p ?o . FILTER("'
    assert (
        run(catalogue["provisions-text-search"], OxigraphEngine(store), {"text": hostile}).rows
        == []
    )
    quoted = substitute("SELECT ?x WHERE { ?s ?p ?_text }", {"_text": ox.Literal('a"b\\\n')})
    assert quoted == 'SELECT ?x WHERE { ?s ?p "a\\"b\\\\\\n" }'
    with pytest.raises(UsageError, match="not a valid IRI"):
        resolve(OxigraphEngine(store), "http://example.org/a> } INSERT { <x")


def test_names_and_paths_resolve_alike_on_both_engines(engine, store):
    from tradegraph.sparql import resolve

    for text in ("RCEP", "agreement/rcep", "SGP", "sg", "INF/ECOM/87", "moratorium", "cptpp"):
        assert resolve(OxigraphEngine(store), text) == resolve(engine, text), text
