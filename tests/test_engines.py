"""Every stored query gives the same rows on pyoxigraph as on rdflib: a differential test that
catches engine-specific SPARQL (and engine bugs, such as rdflib answering an empty grouped
subquery with a row of unbound aggregates)."""

from __future__ import annotations

from collections import Counter

import pyoxigraph as ox
import pytest

from tradegraph.engines.oxigraph import OxigraphEngine, store_from_graph
from tradegraph.sparql import bind, run, substitute

# Values for each query's parameters; queries not listed run without values.
SAMPLES: dict[str, list[dict[str, str]]] = {
    "agreements-with-cybersecurity": [{}, {"on": "2021-06-01"}],
    "agreements-with-element": [{"element": "risk-based approaches"}, {"element": "cybersecurity"}],
    "compare-agreements": [{"first": "RCEP", "second": "USMCA"}],
    "provisions-text-search": [{"text": "incident response"}, {"text": "no such phrase"}],
    "agreement-reviews": [{}, {"finding": "not established"}],
    "parties-in-force-on": [{"agreement": "CPTPP", "on": "2019-01-01"}],
    "country-profile": [{"country": "SGP"}, {"country": "India"}, {"country": "DEU"}],
    "country-agreements": [{"country": "JPN"}, {"country": "GBR"}],
    "agreements-between": [
        {"first": "JPN", "second": "AUS", "on": "2016-01-01"},
        {"first": "DEU", "second": "KOR", "on": "2016-01-01"},
    ],
    "moratorium-status-on": [{"on": "2005-01-01"}, {"on": "2026-04-15"}, {"on": "1990-01-01"}],
    "moratorium-positions": [{}, {"stance": "opposes"}],
    "status-on": [
        {"thing": "moratorium", "on": "2025-06-01"},
        {"thing": "RCEP", "on": "2021-06-01"},
        {"thing": "JSI", "on": "2024-08-01"},
    ],
    "timeline": [{}, {"thing": "JSI"}],
    "events-since": [{"since": "2024-01-01"}],
    "policy-instruments": [{}, {"jurisdiction": "JP"}, {"topic": "cybersecurity"}],
    "sources-for": [{"resource": "RCEP"}],
}


@pytest.fixture(scope="module")
def store(graph):
    return store_from_graph(graph)


def _cases(catalogue) -> list[tuple[str, dict[str, str]]]:
    return [(name, values) for name in catalogue for values in SAMPLES.get(name, [{}])]


def test_every_query_with_required_parameters_has_samples(catalogue):
    needing = {n for n, q in catalogue.items() if any(p.required for p in q.parameters)}
    assert needing <= set(SAMPLES)


def test_rdflib_and_pyoxigraph_give_the_same_rows(catalogue, engine, store):
    for name, values in _cases(catalogue):
        query = catalogue[name]
        expected = run(query, engine, values)
        actual = OxigraphEngine(store).select(substitute(query.text, bind(query, values, engine)))
        assert actual.columns == expected.columns, name
        assert Counter(actual.rows) == Counter(expected.rows), (name, values)
        assert len(expected.rows) == len(actual.rows)


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
