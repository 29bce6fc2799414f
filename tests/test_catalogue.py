"""Stored-query metadata: grlc decorators, declared parameters, binding and name resolution."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from tradegraph.catalogue import read_query
from tradegraph.errors import InputError, UsageError
from tradegraph.sparql import bind, resolve, run

QUERY = """#+ summary: Things on a date.
#+ parameters:
#+   on: the date
#+   thing: what to look at
SELECT ?x WHERE {{ BIND(?_thing_iri AS ?x) FILTER(?__on_xsd_date > "2000-01-01"^^<http://www.w3.org/2001/XMLSchema#date> || !BOUND(?__on_xsd_date)) {extra} }}
"""


def write(tmp_path, text, name="q.rq"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_parameters_follow_grlc_naming(tmp_path):
    query = read_query(write(tmp_path, QUERY.format(extra="")))
    assert query.summary == "Things on a date."
    by_name = {p.name: p for p in query.parameters}
    assert by_name["thing"].kind == "iri" and by_name["thing"].required
    assert by_name["on"].kind == "date" and not by_name["on"].required
    assert by_name["on"].description == "the date"


def test_yaml_keeps_on_as_a_name(catalogue):
    assert [p.name for p in catalogue["agreements-with-cybersecurity"].parameters] == ["on"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("SELECT * WHERE { ?s ?p ?o }", "no '#+ summary:'"),
        ("#+ summary: [unclosed\nSELECT * WHERE { ?s ?p ?o }", "not valid YAML"),
        ("#+ summary: x\nSELECT * WHERE { ?_a_weird ?p ?o }", "unknown type"),
        (
            "#+ summary: x\n#+ parameters:\n#+   ghost: nobody\nSELECT * WHERE { ?s ?p ?o }",
            "describes unknown",
        ),
    ],
)
def test_bad_query_files_name_the_file(tmp_path, text, message):
    path = write(tmp_path, text)
    with pytest.raises(InputError) as info:
        read_query(path)
    assert str(path) in info.value.message and message in info.value.message


def test_values_are_bound_by_type(tmp_path, engine):
    query = read_query(write(tmp_path, QUERY.format(extra="")))
    bindings = bind(query, {"thing": "RCEP", "on": "2021-06-01"}, engine)
    assert bindings["_thing_iri"] == ox.NamedNode("https://w3id.org/tradegraph/id/agreement/rcep")
    assert bindings["__on_xsd_date"] == ox.Literal(
        "2021-06-01", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#date")
    )


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({}, "missing parameter 'thing'"),
        ({"thing": "RCEP", "when": "x"}, "unknown parameter 'when'"),
        ({"thing": "RCEP", "on": "2021-13-01"}, "is not a date"),
        ({"thing": "no such thing"}, "nothing in the graph is called"),
    ],
)
def test_bad_values_are_usage_errors(tmp_path, engine, values, message):
    query = read_query(write(tmp_path, QUERY.format(extra="")))
    with pytest.raises(UsageError) as info:
        bind(query, values, engine)
    assert message in info.value.message


def test_injection_attempt_is_just_a_value(engine, catalogue):
    hostile = 'x" } } ; DROP ALL ; SELECT * { ?s ?p ?o . FILTER("'
    with pytest.raises(UsageError, match="nothing in the graph is called"):
        run(catalogue["status-on"], engine, {"thing": hostile, "on": "2020-01-01"})


def test_resolution_by_code_label_slug_and_ambiguity(engine):
    assert resolve(engine, "SGP") == ox.NamedNode("https://w3id.org/tradegraph/id/country/SGP")
    assert resolve(engine, "sg") == ox.NamedNode("https://w3id.org/tradegraph/id/country/SGP")
    assert resolve(engine, "cptpp") == ox.NamedNode(
        "https://w3id.org/tradegraph/id/agreement/cptpp"
    )
    assert resolve(engine, "INF/ECOM/87") == ox.NamedNode(
        "https://w3id.org/tradegraph/id/document/inf-ecom-87"
    )
    # A name outranks a title: "cybersecurity" is the topic, not the provisions so titled.
    assert resolve(engine, "cybersecurity") == ox.NamedNode(
        "https://w3id.org/tradegraph/id/topic/cybersecurity"
    )
    # A name outranks a slug: review/rcep's slug is "rcep" too.
    assert resolve(engine, "RCEP") == ox.NamedNode("https://w3id.org/tradegraph/id/agreement/rcep")
    assert resolve(engine, "review/rcep") == ox.NamedNode(
        "https://w3id.org/tradegraph/id/review/rcep"
    )
    # Two provisions are titled "Cyber Security" (RCEP and the TCA); equally good
    # matches are refused with the candidates listed.
    with pytest.raises(UsageError, match="ambiguous") as info:
        resolve(engine, "Cyber Security")
    assert "provision/rcep-12-13" in info.value.message
    assert "provision/eu-uk-tca-cyber-security" in info.value.message
