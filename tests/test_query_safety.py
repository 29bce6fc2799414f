"""What a query may do, decided on the parsed query before anything is sent: no update ever
reaches an engine or an endpoint, a SERVICE clause is refused unless allowed however its text is
written, endpoints and graphs are checked before any connection, and --timeout bounds a remote
call with its retries."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager, suppress

import pytest

from tradegraph.engines.cache import open_store
from tradegraph.engines.remote import Endpoint, RemoteEngine
from tradegraph.errors import RemoteError
from tradegraph.prefixes import DATASET
from tradegraph.project import cache_dir
from tradegraph.sparql import _VERDICTS, check_query, run

from .fake_endpoint import Behaviour, fake_endpoint
from .helpers import ROOT
from .oxigraph_server import oxigraph_server

UPDATES = {
    "delete": "DELETE WHERE { GRAPH ?g { ?s ?p ?o } }",
    "insert": "INSERT DATA { GRAPH <http://example.org/g> { <http://a/s> <http://a/p> 1 } }",
    "load": "LOAD <http://127.0.0.1:9/data.ttl> INTO GRAPH <http://example.org/g>",
    "clear": "CLEAR ALL",
    "drop": "DROP ALL",
    "delete-insert": "DELETE { ?s ?p ?o } INSERT { ?s ?p 1 } WHERE { ?s ?p ?o }",
}
TRADEGRAPH = [sys.executable, "-m", "tradegraph", "--root", str(ROOT)]
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"


def _query_file(tmp_path, name: str, text: str):
    path = tmp_path / f"{name}.rq"
    path.write_text(f"#+ summary: A test query.\n{text}\n", encoding="utf-8")
    return path


def _refused(result, *needles: str) -> str:
    assert result.exit_code == 2, result.output
    [line] = result.output.splitlines()
    assert line.startswith("tradegraph: error: ")
    for needle in needles:
        assert needle in line
    return line


@contextmanager
def listener(hang_up: bool = False) -> Iterator[tuple[str, list[float]]]:
    """A plain TCP socket on 127.0.0.1 recording when a client connects; it never answers, and
    with hang_up closes each connection at once."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    server.settimeout(0.2)
    connections: list[float] = []
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                connection, _ = server.accept()
            except (TimeoutError, OSError):
                continue
            connections.append(time.monotonic())
            if hang_up:
                connection.close()
            else:
                held.append(connection)  # kept open, silent

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.getsockname()[1]}", connections
    finally:
        stop.set()
        thread.join(timeout=5)
        for connection in held:
            connection.close()
        server.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """A writable Oxigraph server holding the shipped graph (pushed by tradegraph)."""
    with oxigraph_server(tmp_path_factory.mktemp("server"), [], writable=True) as base:
        pushed = subprocess.run(
            [*TRADEGRAPH, "push", "--endpoint", f"{base}/store"],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert pushed.returncode == 0, pushed.stderr
        yield base


def _count(base: str) -> int:
    return int(RemoteEngine(Endpoint(f"{base}/query", timeout=10)).select(COUNT).rows[0][0].value)


# Updates


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
@pytest.mark.parametrize("kind", sorted(UPDATES))
def test_an_update_is_refused_on_the_local_engines(invoke, tmp_path, kind, engine):
    path = _query_file(tmp_path, kind, UPDATES[kind])
    _refused(invoke("query", str(path), "--engine", engine), str(path), "a SPARQL update")


@pytest.mark.parametrize("path", ["update", "query", "store"])
@pytest.mark.parametrize("kind", sorted(UPDATES))
def test_an_update_never_reaches_a_remote_endpoint(server, invoke, tmp_path, kind, path):
    before = _count(server)
    assert before > 0
    query = _query_file(tmp_path, kind, UPDATES[kind])
    result = invoke("query", str(query), "--endpoint", f"{server}/{path}")
    _refused(result, str(query), "a SPARQL update")
    assert _count(server) == before


def test_an_update_is_refused_before_any_connection(invoke, tmp_path):
    query = _query_file(tmp_path, "wipe", UPDATES["delete"])
    with listener() as (base, connections):
        _refused(invoke("query", str(query), "--endpoint", f"{base}/update", "--retries", "0"))
        time.sleep(0.3)
    assert connections == []


def test_the_remote_engine_never_sends_an_update_request():
    """Even called directly with update text, the request is a query (`query=`), never an
    update (`update=`): the protocol form does not depend on the text."""
    behaviour = Behaviour()
    with fake_endpoint(behaviour) as base:
        RemoteEngine(Endpoint(f"{base}/update", retries=0)).select(UPDATES["delete"])
    (sent,) = behaviour.requests
    form = urllib.parse.parse_qs(sent["body"])
    assert sent["method"] == "POST" and list(form) == ["query"]
    assert form["query"] == [UPDATES["delete"]]


@pytest.mark.parametrize("form", ["ASK { ?s ?p ?o }", "CONSTRUCT WHERE { ?s ?p ?o }"])
def test_other_query_forms_are_refused(invoke, tmp_path, form):
    path = _query_file(tmp_path, "form", form)
    _refused(invoke("query", str(path)), "only SELECT queries")


def test_a_syntax_error_is_one_line_naming_the_file(invoke, tmp_path):
    path = _query_file(tmp_path, "broken", "SELECT ?s WHERE { ?s ?p }")
    _refused(invoke("query", str(path)), str(path), "not valid SPARQL")


# SERVICE

SERVICE_QUERIES = {
    "plain": "SELECT * WHERE { SERVICE <{base}/sparql> { ?s ?p ?o } }",
    # A triple-quoted string holding '#': a text test took the rest of the line for a comment.
    "long-string": 'SELECT * WHERE { BIND("""\n#""" AS ?x) SERVICE <{base}/sparql> { ?s ?p ?o } }',
    "long-string-dot": (
        'SELECT * WHERE { BIND("""\n#""" AS ?x) . SERVICE <{base}/sparql> { ?s ?p ?o } }'
    ),
    "long-string-after": (
        'SELECT * WHERE { SERVICE <{base}/sparql> { ?s ?p ?o } BIND("""\n#""" AS ?x) }'
    ),
    # A prefixed name with an escaped '#'.
    "escaped-hash": (
        "PREFIX ex: <http://example.org/>\n"
        "SELECT * WHERE { ?s ex:a\\#b ?o . SERVICE <{base}/sparql> { ?s ?p ?o } }"
    ),
    "escaped-hash-after": (
        "PREFIX ex: <http://example.org/>\n"
        "SELECT * WHERE { SERVICE <{base}/sparql> { ?s ?p ?o } ?s ex:a\\#b ?o }"
    ),
    "nested": (
        "SELECT * WHERE { ?s ?p ?o FILTER EXISTS { { SELECT ?s WHERE { "
        "SERVICE SILENT <{base}/sparql> { ?s ?p ?o } } } } }"
    ),
    "variable": "SELECT * WHERE { VALUES ?e { <{base}/sparql> } SERVICE ?e { ?s ?p ?o } }",
}


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
@pytest.mark.parametrize("kind", sorted(SERVICE_QUERIES))
def test_service_is_refused_and_nothing_connects(invoke, tmp_path, kind, engine):
    with listener() as (base, connections):
        path = _query_file(tmp_path, kind, SERVICE_QUERIES[kind].replace("{base}", base))
        result = invoke("query", str(path), "--engine", engine)
        time.sleep(0.3)
    assert connections == []
    _refused(result, str(path))
    assert "is refused" in result.output or "not valid SPARQL" in result.output


def test_the_bypasses_are_refused_as_service_where_rdflib_parses_them(invoke, tmp_path):
    """rdflib 7.6 rejects a '#' in a string or a name before a SERVICE clause (invalid SPARQL, exit
    2, nothing sent); where it parses the query, the refusal names the SERVICE endpoint."""
    for kind in ("plain", "long-string-after", "escaped-hash-after", "nested"):
        text = SERVICE_QUERIES[kind].replace("{base}", "http://127.0.0.1:9")
        path = _query_file(tmp_path, kind, text)
        _refused(invoke("query", str(path)), "SERVICE <http://127.0.0.1:9/sparql> is refused")


def test_service_is_refused_before_a_remote_endpoint_is_asked(invoke, tmp_path):
    with listener() as (base, connections):
        text = SERVICE_QUERIES["escaped-hash-after"].replace("{base}", "http://127.0.0.1:9")
        path = _query_file(tmp_path, "remote", text)
        _refused(invoke("query", str(path), "--endpoint", f"{base}/query"), "is refused")
        time.sleep(0.3)
    assert connections == []


def test_an_allowed_service_still_runs(invoke, tmp_path):
    """--allow-service lets rdflib federate: the endpoint is asked."""
    with listener(hang_up=True) as (base, connections):
        path = _query_file(tmp_path, "allowed", SERVICE_QUERIES["plain"].replace("{base}", base))
        result = invoke("query", str(path), "--allow-service", base)
        deadline = time.monotonic() + 5
        while not connections and time.monotonic() < deadline:
            time.sleep(0.05)
    assert connections, result.output
    assert "is refused" not in result.output


def test_a_parameter_inside_a_string_is_judged_after_substitution(tmp_path, layout):
    """A parameter variable inside a string literal: its term's quotes could end that string,
    so the substituted text is parsed again before it is sent."""
    from tradegraph.catalogue import read_query
    from tradegraph.errors import InputError

    engine = open_store(layout).engine()
    single = tmp_path / "single.rq"
    single.write_text("#+ summary: In a string.\nSELECT ?x WHERE { BIND('?_text' AS ?x) }\n")
    query = read_query(single)
    assert not check_query(query).substitutable
    assert run(query, engine, {"text": "plain"}).rows[0][0].value == '"plain"'
    double = tmp_path / "double.rq"
    double.write_text('#+ summary: In a string.\nSELECT ?x WHERE { BIND("?_text" AS ?x) }\n')
    with pytest.raises(InputError, match="not valid SPARQL"):
        run(read_query(double), engine, {"text": "} SERVICE <http://127.0.0.1:9/> { ?s ?p ?o"})


def test_verdicts_are_cached_by_the_query_text(tmp_path, monkeypatch):
    from tradegraph import sparql
    from tradegraph.catalogue import read_query

    text = f"SELECT ?s WHERE {{ ?s ?p ?o }} LIMIT 1 # {tmp_path}"
    query = read_query(_query_file(tmp_path, "cached", text))
    folder = cache_dir() / "query-verdicts"
    before = set(folder.glob("*.json"))
    assert check_query(query).form == "SelectQuery"
    [stored] = set(folder.glob("*.json")) - before
    assert json.loads(stored.read_text()) == {
        "form": "SelectQuery",
        "services": [],
        "substitutable": True,
    }
    # Another process (an empty memory cache) reads the file instead of parsing.
    _VERDICTS.clear()
    monkeypatch.setattr(sparql, "_parse", lambda query: pytest.fail("parsed again"))
    assert check_query(query).form == "SelectQuery"
    monkeypatch.undo()
    # A refused query is never cached as allowed: an update is parsed, and refused, each time.
    update = read_query(_query_file(tmp_path, "update", UPDATES["drop"]))
    for _ in range(2):
        with pytest.raises(Exception, match="a SPARQL update"):
            check_query(update)


# Endpoints and graphs


@pytest.mark.parametrize(
    "url", ["not-a-url", "ftp://127.0.0.1/sparql", "file:///etc/passwd", "http://", "http:/x"]
)
@pytest.mark.parametrize("command", [["query", "jsi-timeline"], ["timeline", "JSI"], ["push"]])
def test_an_endpoint_that_is_not_http_is_refused(invoke, url, command):
    _refused(invoke(*command, "--endpoint", url), f"--endpoint '{url}'", "not an http or https URL")


@pytest.mark.parametrize("command", [["query", "jsi-timeline"], ["push"]])
def test_a_graph_that_is_not_an_iri_is_refused_before_any_connection(invoke, command):
    with listener() as (base, connections):
        result = invoke(*command, "--endpoint", f"{base}/query", "--graph", "not an iri")
        time.sleep(0.3)
    _refused(result, "--graph 'not an iri': not an IRI")
    assert connections == []


def test_an_empty_graph_still_means_the_default_graph():
    assert Endpoint("http://127.0.0.1:1/query", default_graph=None).default_graph is None


# Timeouts


@pytest.mark.parametrize("retries", ["0", "3"])
def test_the_timeout_bounds_the_whole_call_with_its_retries(retries):
    with listener() as (base, connections):
        start = time.monotonic()
        args = ["--endpoint", f"{base}/query", "--timeout", "2", "--retries", retries]
        result = subprocess.run(
            [*TRADEGRAPH, "query", "jsi-timeline", *args],
            capture_output=True,
            text=True,
            timeout=60,
        )
        elapsed = time.monotonic() - start
    assert result.returncode == 3, result.stderr
    [line] = result.stderr.splitlines()
    assert line == f"tradegraph: error: {base}/query: no answer within 2 s"
    assert elapsed < 2 + 1.5, elapsed
    assert connections


def test_retries_still_happen_within_the_timeout():
    """A fast transient failure is retried, with backoff, inside the timeout."""
    from .fake_endpoint import Behaviour, fake_endpoint

    behaviour = Behaviour(status=503, body=b"")
    with fake_endpoint(behaviour) as base:
        start = time.monotonic()
        endpoint = Endpoint(f"{base}/sparql", timeout=2, retries=5, backoff=0.2)
        with pytest.raises(Exception, match="HTTP 503"):
            RemoteEngine(endpoint).select("SELECT * WHERE { ?s ?p ?o }")
        elapsed = time.monotonic() - start
    assert len(behaviour.requests) >= 3
    assert elapsed < 2 + 0.5


@contextmanager
def trickling_server() -> Iterator[str]:
    """An HTTP server on 127.0.0.1 that sends its answer one byte every 0.2 s, for ever."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(4)
    stop = threading.Event()

    def serve() -> None:
        connection, _ = server.accept()
        connection.recv(65536)
        connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n")
        with suppress(OSError):
            while not stop.is_set():
                connection.sendall(b" ")
                time.sleep(0.2)
        connection.close()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.getsockname()[1]}"
    finally:
        stop.set()
        server.close()


def test_the_timeout_bounds_a_server_that_trickles_its_answer():
    """Each byte comes well within the socket timeout; the deadline still ends the call."""
    with trickling_server() as base:
        start = time.monotonic()
        with pytest.raises(RemoteError, match="no answer within 1 s"):
            RemoteEngine(Endpoint(f"{base}/query", timeout=1, retries=0)).select(COUNT)
        elapsed = time.monotonic() - start
    assert elapsed < 1 + 0.5, elapsed


def test_a_redirect_is_not_followed(invoke):
    """A server may not send tradegraph's query on to another: the redirect is reported, and
    the server it points to is never contacted."""
    with listener() as (elsewhere, connections):
        behaviour = Behaviour(status=307, body=b"", headers={"Location": f"{elsewhere}/sparql"})
        with fake_endpoint(behaviour) as base:
            result = invoke("query", "jsi-timeline", "--endpoint", f"{base}/query")
        time.sleep(0.3)
    assert result.exit_code == 3, result.output
    [line] = result.output.splitlines()
    assert line.startswith(f"tradegraph: error: {base}/query: HTTP 307 redirects to {elsewhere}")
    assert connections == []


def test_a_remote_query_still_answers(server, invoke):
    result = invoke("query", "jsi-timeline", "--endpoint", f"{server}/query", "--graph", DATASET)
    assert result.exit_code == 0, result.output
    assert result.output == invoke("query", "jsi-timeline").output
