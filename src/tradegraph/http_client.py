"""The one HTTP client, for SPARQL queries (engines/remote.py), Graph Store pushes
(publish/push.py) and link refreshes (curation/wikidata.py), on the standard library's urllib.

An Endpoint is checked before any connection (http or https with a host; the graph an IRI).
Every exchange has a User-Agent that names tradegraph, credentials from the environment only
(never from the command line), retries with exponential backoff for transient failures
(refused or timed-out connections, HTTP 429 and 5xx), and one deadline: the endpoint's timeout
bounds the whole call, retries and a server that trickles its answer included. Redirects are
not followed (a query goes only to the server it was sent to). Every failure is one
RemoteError line naming the endpoint."""

from __future__ import annotations

import base64
import contextlib
import os
import socket
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

import pyoxigraph as ox

from tradegraph import __version__
from tradegraph.errors import RemoteError, UsageError, one_line

USER_AGENT = f"tradegraph/{__version__} (https://w3id.org/tradegraph)"
TRANSIENT_HTTP = {429, 500, 502, 503, 504}
USER_ENV = "TRADEGRAPH_ENDPOINT_USER"
PASSWORD_ENV = "TRADEGRAPH_ENDPOINT_PASSWORD"
TOKEN_ENV = "TRADEGRAPH_ENDPOINT_TOKEN"

T = TypeVar("T")


@dataclass(frozen=True)
class Endpoint:
    url: str
    timeout: float = 60.0  # seconds for the whole call, retries included
    retries: int = 3
    backoff: float = 1.0  # seconds before the first retry; doubles each time
    default_graph: str | None = None  # SPARQL: sent as default-graph-uri; None: the server's

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


def request(
    endpoint: Endpoint,
    method: str,
    url: str,
    *,
    accept: str,
    body: bytes | None = None,
    content_type: str | None = None,
) -> bytes:
    """One HTTP exchange with the endpoint's server (retried, within its deadline): the body
    of a 2xx answer."""
    headers = {"User-Agent": USER_AGENT, "Accept": accept}
    if content_type is not None:
        headers["Content-Type"] = content_type
    header = authorization()
    if header:
        headers["Authorization"] = header
    prepared = urllib.request.Request(url, data=body, method=method, headers=headers)
    return with_retries(endpoint, lambda left: _exchange(endpoint, prepared, left))


def with_retries(endpoint: Endpoint, action: Callable[[float], T]) -> T:
    """Run the action, retrying a Transient failure with exponential backoff, all within the
    endpoint's timeout: the action is given the seconds left, and a backoff never takes more
    than half of what is left, so a retry still has time."""
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


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):  # type: ignore[no-untyped-def]
        raise RemoteError(
            f"{req.full_url}: HTTP {code} redirects to {newurl}: not followed (tradegraph asks "
            "only the server it was given; use that URL)"
        )


_OPENER = urllib.request.build_opener(_NoRedirects)


def _exchange(endpoint: Endpoint, prepared: urllib.request.Request, left: float) -> bytes:
    """The answer's body within `left` seconds. The exchange runs in a worker thread that the
    caller stops waiting for at the deadline: a socket timeout bounds each read, not a server
    that sends a byte every second."""
    outcome: dict[str, object] = {}

    def work() -> None:
        try:
            with _OPENER.open(prepared, timeout=left) as response:
                outcome["response"] = response
                outcome["body"] = response.read()
        except BaseException as exc:  # handed to the caller's thread
            outcome["error"] = exc

    worker = threading.Thread(target=work, name="tradegraph-http", daemon=True)
    worker.start()
    worker.join(left)
    if worker.is_alive():
        _abort(outcome.get("response"))
        raise Transient(f"no answer within {endpoint.timeout:g} s")
    error = outcome.get("error")
    if error is None:
        return outcome["body"]  # type: ignore[return-value]
    if isinstance(error, urllib.error.HTTPError):
        raise _http_error(endpoint, error) from None
    if isinstance(error, (TimeoutError, urllib.error.URLError, ConnectionError)):
        raise _connection_error(endpoint, error) from None
    if isinstance(error, OSError):  # a reset or broken connection mid-answer
        raise Transient(f"connection failed ({one_line(str(error))})") from None
    raise error


def _abort(response: object) -> None:
    """End an exchange the caller gave up on: shut its socket down, which wakes the worker's
    blocked read (closing the response instead would wait for that read to finish)."""
    raw = getattr(getattr(response, "fp", None), "raw", None)
    sock = getattr(raw, "_sock", None)  # urllib exposes the socket only here
    if sock is not None:
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)


def _http_error(endpoint: Endpoint, exc: urllib.error.HTTPError) -> Exception:
    """A Transient for 429 and 5xx (worth retrying), else the RemoteError to report, with the
    start of the server's answer (a SPARQL server says there what is wrong with a query)."""
    if exc.code in TRANSIENT_HTTP:
        return Transient(f"HTTP {exc.code} {exc.reason}")
    try:
        answer = one_line(exc.read(2000).decode("utf-8", "replace"))
    except OSError:
        answer = ""
    detail = f": {answer[:200]}" if answer else ""
    return RemoteError(f"{endpoint.url}: HTTP {exc.code} {exc.reason}{detail}")


def _connection_error(endpoint: Endpoint, exc: OSError) -> Transient:
    reason = exc.reason if isinstance(exc, urllib.error.URLError) else exc
    if isinstance(reason, TimeoutError):
        return Transient(f"no answer within {endpoint.timeout:g} s")
    return Transient(f"unreachable ({one_line(str(reason))})")
