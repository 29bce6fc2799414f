"""Remote endpoints: push through the Graph Store Protocol to a real Oxigraph server started on
127.0.0.1 (conftest's pushed_server, which test_engines asks every stored query), `serve`,
credentials from the environment, and one clear line with exit 3 for each fault (server down,
wrong path, timeout, HTTP 500, HTML instead of results)."""

from __future__ import annotations

import base64
import json
import os
import shutil
import signal
import subprocess
import sys
import urllib.request
from urllib.parse import parse_qs

import pytest

from tradegraph.engines.cache import open_store
from tradegraph.engines.remote import Endpoint, RemoteEngine
from tradegraph.prefixes import DATASET

from .fake_endpoint import Behaviour, fake_endpoint
from .helpers import ROOT
from .oxigraph_server import free_port

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"


def _tradegraph(*args: str, root=ROOT, env: dict[str, str] | None = None):
    return subprocess.run(
        [sys.executable, "-m", "tradegraph", "--root", str(root), *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=120,
    )


def _server_count(base: str) -> int:
    request = urllib.request.Request(
        f"{base}/query", data=COUNT.encode(), headers={"Content-Type": "application/sparql-query"}
    )
    request.add_header("Accept", "application/sparql-results+json")
    with urllib.request.urlopen(request, timeout=10) as response:
        return int(json.load(response)["results"]["bindings"][0]["n"]["value"])


def test_push_writes_the_whole_graph_into_its_named_graph(pushed_server, layout):
    held = open_store(layout).triples
    assert _server_count(pushed_server) == held
    # Pushing again replaces the graph: the count does not double.
    again = _tradegraph("push", "--endpoint", f"{pushed_server}/store")
    assert again.returncode == 0, again.stderr
    assert f"pushed {held} triples to <{DATASET}>" in again.stdout
    assert _server_count(pushed_server) == held


def test_one_line_commands_take_an_endpoint(pushed_server, invoke):
    endpoint = ["--endpoint", f"{pushed_server}/query"]
    remote = invoke("status", "RCEP", "--on", "2021-06-01", *endpoint)
    assert remote.exit_code == 0
    assert remote.output == invoke("status", "RCEP", "--on", "2021-06-01").output
    assert "signed" in remote.output
    assert invoke("timeline", "JSI", *endpoint).output == invoke("timeline", "JSI").output
    assert invoke("country", "SG", *endpoint).output == invoke("country", "SG").output


def test_the_graph_option_addresses_the_named_graph(pushed_server, invoke):
    """Oxigraph's default graph is not the union of its graphs: without default-graph-uri
    (--graph '') the pushed graph is invisible, which is why tradegraph names it."""
    args = [
        "query",
        "jsi-participant-counts",
        "--endpoint",
        f"{pushed_server}/query",
        "--format",
        "csv",
    ]
    assert len(invoke(*args).output.splitlines()) > 1
    assert invoke(*args, "--graph", "").output.splitlines() == [
        "date,participants,observation,level,source"
    ]


def test_push_refuses_a_graph_that_does_not_validate(pushed_server, tmp_path):
    for part in ("ontology", "data", "queries"):
        shutil.copytree(ROOT / part, tmp_path / part)
    broken = tmp_path / "data" / "broken.ttl"
    broken.write_text(
        "@prefix tg: <https://w3id.org/tradegraph/ontology#> .\n"
        "<https://w3id.org/tradegraph/id/organization/nameless> a tg:Organization .\n",
        encoding="utf-8",
    )
    before = _server_count(pushed_server)
    env = {"TRADEGRAPH_CACHE_DIR": str(tmp_path / "cache")}
    result = _tradegraph("push", "--endpoint", f"{pushed_server}/store", root=tmp_path, env=env)
    assert result.returncode == 1
    assert result.stderr.splitlines()[-1] == (
        "tradegraph: error: refusing to push: the graph does not validate"
    )
    assert "nameless" in result.stderr  # the report says what is wrong
    assert _server_count(pushed_server) == before


def test_a_graph_that_is_not_an_iri_is_refused(invoke):
    result = invoke("push", "--endpoint", "http://127.0.0.1:1/store", "--graph", "not an iri")
    assert result.exit_code == 2
    assert result.output == "tradegraph: error: --graph 'not an iri': not an IRI\n"


@pytest.mark.parametrize(
    "behaviour, message",
    [
        (Behaviour(status=500, body=b"boom"), "HTTP 500"),
        (
            Behaviour(content_type="text/html", body=b"<html>Login</html>"),
            "not SPARQL JSON results",
        ),
        (Behaviour(delay=3), "no answer within 1 s"),
    ],
    ids=["http-500", "html", "timeout"],
)
def test_query_faults_are_one_line_and_exit_3(behaviour, message):
    with fake_endpoint(behaviour) as base:
        result = _tradegraph(
            "query", "jsi-timeline", "--endpoint", f"{base}/sparql", "--timeout", "1",
            "--retries", "1",
        )  # fmt: skip
    assert result.returncode == 3, result.stderr
    assert result.stdout == ""
    [line] = result.stderr.splitlines()
    assert line.startswith(f"tradegraph: error: {base}/sparql: ")
    assert message in line
    if behaviour.status == 500:  # transient: retried once before giving up
        assert len(behaviour.requests) == 2


def test_query_on_a_server_that_is_down(invoke):
    url = f"http://127.0.0.1:{free_port()}/query"
    result = invoke("query", "jsi-timeline", "--endpoint", url, "--retries", "0")
    assert result.exit_code == 3
    assert result.output.startswith(f"tradegraph: error: {url}: unreachable (")
    assert len(result.output.splitlines()) == 1


def test_query_at_a_wrong_path(pushed_server, invoke):
    result = invoke("query", "jsi-timeline", "--endpoint", f"{pushed_server}/no-such-path")
    assert result.exit_code == 3
    assert result.output.startswith(
        f"tradegraph: error: {pushed_server}/no-such-path: HTTP 404 Not Found"
    )
    assert len(result.output.splitlines()) == 1


def test_push_faults(invoke):
    down = f"http://127.0.0.1:{free_port()}/store"
    result = invoke("push", "--endpoint", down, "--retries", "0")
    assert result.exit_code == 3
    assert result.output.startswith(f"tradegraph: error: {down}: unreachable (")
    with fake_endpoint(Behaviour(status=500, body=b"")) as base:
        result = invoke("push", "--endpoint", f"{base}/store", "--retries", "0")
    assert result.exit_code == 3
    assert result.output == f"tradegraph: error: {base}/store: HTTP 500 Internal Server Error\n"


def test_query_sends_the_graph_and_credentials_from_the_environment(monkeypatch, invoke):
    behaviour = Behaviour()
    with fake_endpoint(behaviour) as base:
        monkeypatch.setenv("TRADEGRAPH_ENDPOINT_USER", "analyst")
        monkeypatch.setenv("TRADEGRAPH_ENDPOINT_PASSWORD", "s3cret")
        assert invoke("query", "jsi-timeline", "--endpoint", f"{base}/sparql").exit_code == 0
        monkeypatch.setenv("TRADEGRAPH_ENDPOINT_TOKEN", "abc.def")
        assert invoke("query", "jsi-timeline", "--endpoint", f"{base}/sparql").exit_code == 0
    basic, bearer = behaviour.requests
    assert basic["Authorization"] == "Basic " + base64.b64encode(b"analyst:s3cret").decode()
    assert bearer["Authorization"] == "Bearer abc.def"
    form = parse_qs(basic["body"]) | parse_qs(basic["path"].partition("?")[2])
    assert form["default-graph-uri"] == [DATASET]
    assert "tradegraph" in basic["User-Agent"]


def test_a_user_without_a_password_is_a_usage_error(monkeypatch, invoke):
    monkeypatch.setenv("TRADEGRAPH_ENDPOINT_USER", "analyst")
    monkeypatch.delenv("TRADEGRAPH_ENDPOINT_PASSWORD", raising=False)
    monkeypatch.delenv("TRADEGRAPH_ENDPOINT_TOKEN", raising=False)
    result = invoke("query", "jsi-timeline", "--endpoint", "http://127.0.0.1:1/sparql")
    assert result.exit_code == 2
    assert "TRADEGRAPH_ENDPOINT_PASSWORD" in result.output


def test_serve_answers_queries_and_stops_on_ctrl_c(layout):
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "tradegraph", "--root", str(ROOT), "serve", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        first = process.stdout.readline()
        base = f"http://127.0.0.1:{port}"
        assert first.startswith(f"serving the graph read-only at {base}/query"), first
        remote = RemoteEngine(Endpoint(f"{base}/query", timeout=10, default_graph=DATASET))
        local = open_store(layout).engine()
        query = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
        assert remote.select(query).rows == local.select(query).rows
        # Without naming the graph (a plain SPARQL client) the graph is there too.
        assert (
            RemoteEngine(Endpoint(f"{base}/query")).select(query).rows == local.select(query).rows
        )
        process.send_signal(signal.SIGINT)
        stdout, stderr = process.communicate(timeout=20)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert process.returncode == 0, stderr
    assert stdout.splitlines()[-1] == "stopped"
    with pytest.raises(OSError):  # the server is gone with it
        urllib.request.urlopen(f"{base}/query?query=ASK%7B%7D", timeout=2)


def test_serve_on_a_port_in_use_is_one_line(pushed_server):
    port = pushed_server.rsplit(":", 1)[1]
    result = _tradegraph("serve", "--port", port)
    assert result.returncode == 2
    [line] = result.stderr.splitlines()
    assert (
        line
        == f"tradegraph: error: http://127.0.0.1:{port}: cannot listen there: Address already in use"
    )
