"""'tradegraph link wikidata' against a real Oxigraph SPARQL server on 127.0.0.1, loaded with a
small Wikidata-shaped fixture; and against an endpoint that is not there."""

from __future__ import annotations

import shutil

import pytest
from rdflib import URIRef
from rdflib.namespace import DCTERMS

from tradegraph.curation.links import read_links
from tradegraph.namespaces import WIKIDATA_ENTITY
from tradegraph.parse import load_files

from .helpers import ISO_3166_1_ENTRIES, ROOT
from .oxigraph_server import free_port, oxigraph_server

FIXTURE = ROOT / "tests" / "fixtures" / "wikidata-countries.ttl"
SHIPPED = ROOT / "data" / "links" / "wikidata-countries.ttl"
COUNTRY = "https://w3id.org/tradegraph/id/country/"


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory):
    with oxigraph_server(tmp_path_factory.mktemp("store"), [FIXTURE]) as base:
        yield f"{base}/query"


def test_links_are_updated_and_reported(invoke, endpoint, tmp_path):
    linkset = tmp_path / "wikidata-countries.ttl"
    shutil.copy(SHIPPED, linkset)
    result = invoke("link", "wikidata", "--endpoint", endpoint, "--linkset", str(linkset))
    assert result.exit_code == 0, result.output
    # AUS, JPN and DEU match their shipped items; SGP's item differs; FRA has two current items;
    # the fixture has no item for any other country.
    unmatched = ISO_3166_1_ENTRIES - 4
    assert f"0 added, 1 changed, {unmatched} unmatched (1 with several items)" in result.output
    assert f"changed: {COUNTRY}SGP" in result.output
    links = read_links(linkset, WIKIDATA_ENTITY)
    assert links[URIRef(COUNTRY + "SGP")] == URIRef(WIKIDATA_ENTITY + "Q999999001")
    assert links[URIRef(COUNTRY + "AUS")] == URIRef(WIKIDATA_ENTITY + "Q408")
    assert links[URIRef(COUNTRY + "FRA")] == URIRef(WIKIDATA_ENTITY + "Q142")  # kept
    assert len(links) == ISO_3166_1_ENTRIES
    sources = set(load_files([linkset]).objects(None, DCTERMS.source))
    assert sources == {URIRef(endpoint)}
    # Nothing new the second time: the file is left as it is.
    before = linkset.read_bytes()
    again = invoke("link", "wikidata", "--endpoint", endpoint, "--linkset", str(linkset))
    assert "0 added, 0 changed" in again.output
    assert linkset.read_bytes() == before


def test_a_new_linkset_is_written_deterministically(invoke, endpoint, tmp_path):
    first, second = tmp_path / "a.ttl", tmp_path / "b.ttl"
    for path in (first, second):
        result = invoke("link", "wikidata", "--endpoint", endpoint, "--linkset", str(path))
        assert "4 added, 0 changed" in result.output
    assert first.read_bytes() == second.read_bytes()
    assert invoke("format", "--check", str(first)).exit_code == 0


def test_unreachable_endpoint_leaves_the_linkset_untouched(invoke, tmp_path):
    linkset = tmp_path / "wikidata-countries.ttl"
    shutil.copy(SHIPPED, linkset)
    before = linkset.read_bytes()
    dead = f"http://127.0.0.1:{free_port()}/query"
    result = invoke(
        "link", "wikidata", "--endpoint", dead, "--linkset", str(linkset), "--retries", "1"
    )
    assert result.exit_code == 3
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("tradegraph: error: ")
    assert dead in lines[0] and "unreachable" in lines[0]
    assert linkset.read_bytes() == before


def test_wrong_path_is_a_clear_error(invoke, endpoint, tmp_path):
    linkset = tmp_path / "wikidata-countries.ttl"
    wrong = endpoint.replace("/query", "/no-such-path")
    result = invoke("link", "wikidata", "--endpoint", wrong, "--linkset", str(linkset))
    assert result.exit_code == 3
    assert wrong in result.output
    assert not linkset.exists()


def test_service_runs_only_when_its_endpoint_is_allowed(invoke, endpoint, tmp_path):
    path = tmp_path / "federated.rq"
    path.write_text(
        "#+ summary: Which ISO codes does the endpoint know?\n"
        "PREFIX wdt: <http://www.wikidata.org/prop/direct/>\n"
        f"SELECT ?code WHERE {{ SERVICE <{endpoint}> {{ ?item wdt:P298 ?code }} }}\n"
        "ORDER BY ?code",
        encoding="utf-8",
    )
    refused = invoke("query", str(path))
    assert refused.exit_code == 2 and "is refused" in refused.output
    allowed = invoke(
        "query", str(path), "--allow-service", endpoint.rsplit("/", 1)[0], "--format", "csv"
    )
    assert allowed.exit_code == 0, allowed.output
    assert allowed.output.split() == ["code", "AUS", "DEU", "DEU", "FRA", "FRA", "JPN", "SGP"]
