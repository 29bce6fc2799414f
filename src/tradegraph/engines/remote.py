"""Remote SPARQL endpoints through SPARQLWrapper: POST (long queries fit), a timeout, retries
with backoff for transient failures, a User-Agent that names tradegraph, credentials from the
environment (never from the command line), and the graph to query as the protocol's
default-graph-uri. Every failure becomes one RemoteError line naming the endpoint."""

from __future__ import annotations

import base64
import os
import time
import urllib.error
import urllib.parse
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

import pyoxigraph as ox
from SPARQLWrapper import JSON, POST, SELECT, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

from tradegraph import __version__
from tradegraph.engines.result import ResultTable, Term
from tradegraph.errors import RemoteError, UsageError, one_line

USER_AGENT = f"tradegraph/{__version__} (https://w3id.org/tradegraph; SPARQLWrapper)"
TRANSIENT_HTTP = {429, 500, 502, 503, 504}
USER_ENV = "TRADEGRAPH_ENDPOINT_USER"
PASSWORD_ENV = "TRADEGRAPH_ENDPOINT_PASSWORD"
TOKEN_ENV = "TRADEGRAPH_ENDPOINT_TOKEN"

T = TypeVar("T")


@dataclass(frozen=True)
class Endpoint:
    url: str
    timeout: float = 60.0
    retries: int = 3
    backoff: float = 1.0  # seconds before the first retry; doubles each time
    default_graph: str | None = None  # sent as default-graph-uri; None: the server's default

    def __post_init__(self) -> None:
        """Refuse, before any connection, a URL that is not http(s) and a graph that is not an
        IRI (UsageError, exit 2)."""
        check_url(self.url)
        if self.default_graph is not None:
            check_graph(self.default_graph)


def check_graph(graph: str) -> None:
    """A graph name must be an IRI (UsageError, exit 2, before any connection)."""
    try:
        ox.NamedNode(graph)
    except ValueError:
        raise UsageError(f"--graph '{graph}': not an IRI") from None


def check_url(url: str) -> None:
    """An endpoint URL must be http or https with a host: no file:, ftp: or bare words."""
    try:
        parts = urllib.parse.urlsplit(url)
        valid = parts.scheme in ("http", "https") and bool(parts.hostname) and parts.port != 0
    except ValueError:  # a malformed port or IPv6 address
        valid = False
    if not valid or any(c.isspace() for c in url):
        raise UsageError(f"--endpoint '{url}': not an http or https URL")


class Transient(Exception):
    """A failure worth retrying: refused or timed-out connections, HTTP 429 and 5xx."""


def authorization() -> str | None:
    """The Authorization header the environment asks for: a bearer token, or a user and
    password (HTTP Basic); None when neither is set."""
    token = os.environ.get(TOKEN_ENV)
    user, password = os.environ.get(USER_ENV), os.environ.get(PASSWORD_ENV)
    if token:
        return f"Bearer {token}"
    if user is None and password is None:
        return None
    if not user or password is None:
        raise UsageError(f"set both {USER_ENV} and {PASSWORD_ENV}, or {TOKEN_ENV}")
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode("ascii")


def with_retries(endpoint: Endpoint, action: Callable[[float], T]) -> T:
    """Run the action, retrying a Transient failure with exponential backoff, all within the
    endpoint's timeout: the action is given the seconds left (its request's timeout), and a
    backoff never takes more than half of what is left, so a retry still has time."""
    deadline = time.monotonic() + endpoint.timeout
    attempt = 0
    while True:
        try:
            return action(max(_MIN_ATTEMPT, deadline - time.monotonic()))
        except Transient as exc:
            left = deadline - time.monotonic()
            if attempt >= endpoint.retries or left < 2 * _MIN_ATTEMPT:
                raise RemoteError(f"{endpoint.url}: {exc}") from None
            time.sleep(min(endpoint.backoff * 2**attempt, left / 2))
            attempt += 1


_MIN_ATTEMPT = 0.05  # seconds: less is not worth a request


def select(endpoint: Endpoint, query: str) -> ResultTable:
    """A SELECT query's answer from SPARQL 1.1 JSON results."""
    return _table(endpoint, with_retries(endpoint, lambda left: _once(endpoint, query, left)))


class RemoteEngine:
    """A remote endpoint as a tradegraph query engine (see sparql.Engine)."""

    def __init__(self, endpoint: Endpoint) -> None:
        self.endpoint = endpoint

    def select(self, text: str) -> ResultTable:
        return select(self.endpoint, text)


def _once(endpoint: Endpoint, query: str, timeout: float) -> object:
    client = SPARQLWrapper(endpoint.url, agent=USER_AGENT)
    client.setMethod(POST)
    client.setReturnFormat(JSON)
    client.timeout = timeout  # setTimeout would round it to whole seconds
    if endpoint.default_graph:
        client.addDefaultGraph(endpoint.default_graph)
    header = authorization()
    if header:
        client.addCustomHttpHeader("Authorization", header)
    client.setQuery(query)
    # SPARQLWrapper picks an update request from a keyword in the text: never send one (the
    # query was parsed as a SELECT before, see sparql.check_query).
    client.queryType = SELECT
    try:
        # SPARQLWrapper warns, then returns the raw bytes, when the answer is not JSON (an HTML
        # error page, say); _table reports that as one line.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return client.queryAndConvert()
    except urllib.error.HTTPError as exc:
        raise http_error(endpoint, exc) from None
    except SPARQLWrapperException as exc:
        # SPARQLWrapper turns some HTTP statuses into its own exceptions, with the server's
        # answer in the message: report the status and the start of that answer.
        status = _WRAPPED_STATUS.get(type(exc).__name__, type(exc).__name__)
        response = one_line(str(exc).partition("Response:")[2])
        message = f"{status}: {response[:200]}" if response else status
        if status.startswith("HTTP 5"):
            raise Transient(message) from None
        raise RemoteError(f"{endpoint.url}: {message}") from None
    except (TimeoutError, urllib.error.URLError) as exc:
        raise connection_error(endpoint, exc) from None
    except (ValueError, UnicodeDecodeError) as exc:
        raise RemoteError(f"{endpoint.url}: not SPARQL results ({one_line(str(exc))})") from None


_WRAPPED_STATUS = {
    "QueryBadFormed": "HTTP 400 Bad Request",
    "Unauthorized": "HTTP 401 Unauthorized",
    "EndPointNotFound": "HTTP 404 Not Found",
    "URITooLong": "HTTP 414 URI Too Long",
    "EndPointInternalError": "HTTP 500 Internal Server Error",
}


def http_error(endpoint: Endpoint, exc: urllib.error.HTTPError) -> Exception:
    """A Transient for 429 and 5xx (worth retrying), else the RemoteError to report."""
    if exc.code in TRANSIENT_HTTP:
        return Transient(f"HTTP {exc.code} {exc.reason}")
    return RemoteError(f"{endpoint.url}: HTTP {exc.code} {exc.reason}")


def connection_error(endpoint: Endpoint, exc: OSError) -> Transient:
    reason = exc.reason if isinstance(exc, urllib.error.URLError) else exc
    if isinstance(reason, TimeoutError):
        return Transient(f"no answer within {endpoint.timeout:g} s")
    return Transient(f"unreachable ({one_line(str(reason))})")


def _table(endpoint: Endpoint, result: object) -> ResultTable:
    """Columns and rows of terms from a SPARQL 1.1 JSON results document."""
    try:
        columns = list(result["head"]["vars"])  # type: ignore[index]
        bindings = result["results"]["bindings"]  # type: ignore[index]
        rows = [tuple(_term(b[c]) if c in b else None for c in columns) for b in bindings]
    except (TypeError, KeyError, ValueError, AttributeError):
        raise RemoteError(f"{endpoint.url}: the answer is not SPARQL JSON results") from None
    return ResultTable(columns, rows)


def _term(value: dict[str, str]) -> Term:
    kind, text = value["type"], value["value"]
    if kind == "uri":
        return ox.NamedNode(text)
    if kind == "bnode":
        return ox.BlankNode(text)
    if kind not in ("literal", "typed-literal"):  # "typed-literal": Virtuoso's older form
        raise ValueError(f"unknown term type {kind}")
    if "xml:lang" in value:
        return ox.Literal(text, language=value["xml:lang"])
    if "datatype" in value:
        return ox.Literal(text, datatype=ox.NamedNode(value["datatype"]))
    return ox.Literal(text)
