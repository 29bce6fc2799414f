"""SELECT queries on a remote SPARQL endpoint through SPARQLWrapper: POST (long queries fit), a
timeout, retries with backoff for transient failures, a User-Agent that names tradegraph. Every
failure becomes one RemoteError line naming the endpoint."""

from __future__ import annotations

import time
import urllib.error
from dataclasses import dataclass

from SPARQLWrapper import JSON, POST, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

from tradegraph import __version__
from tradegraph.errors import RemoteError, one_line

USER_AGENT = f"tradegraph/{__version__} (https://w3id.org/tradegraph; SPARQLWrapper)"
TRANSIENT_HTTP = {429, 500, 502, 503, 504}


@dataclass(frozen=True)
class Endpoint:
    url: str
    timeout: float = 60.0
    retries: int = 3
    backoff: float = 1.0  # seconds before the first retry; doubles each time


def select(endpoint: Endpoint, query: str) -> list[dict[str, dict]]:
    """The bindings of a SELECT query, as SPARQL 1.1 JSON results give them."""
    attempt = 0
    while True:
        try:
            return _bindings(endpoint, _once(endpoint, query))
        except _Transient as exc:
            if attempt >= endpoint.retries:
                raise RemoteError(f"{endpoint.url}: {exc}") from None
            time.sleep(endpoint.backoff * 2**attempt)
            attempt += 1


class _Transient(Exception):
    pass


def _once(endpoint: Endpoint, query: str) -> object:
    client = SPARQLWrapper(endpoint.url, agent=USER_AGENT)
    client.setMethod(POST)
    client.setReturnFormat(JSON)
    client.setTimeout(int(max(1, endpoint.timeout)))
    client.setQuery(query)
    try:
        return client.queryAndConvert()
    except urllib.error.HTTPError as exc:
        if exc.code in TRANSIENT_HTTP:
            raise _Transient(f"HTTP {exc.code} {exc.reason}") from None
        raise RemoteError(f"{endpoint.url}: HTTP {exc.code} {exc.reason}") from None
    except SPARQLWrapperException as exc:
        message = one_line(str(exc))
        if "500" in message or "Internal" in type(exc).__name__:
            raise _Transient(message) from None
        raise RemoteError(f"{endpoint.url}: {message}") from None
    except TimeoutError:
        raise _Transient(f"no answer within {endpoint.timeout:g} s") from None
    except urllib.error.URLError as exc:
        reason = exc.reason
        if isinstance(reason, TimeoutError):
            raise _Transient(f"no answer within {endpoint.timeout:g} s") from None
        raise _Transient(f"unreachable ({one_line(str(reason))})") from None
    except (ValueError, UnicodeDecodeError) as exc:
        raise RemoteError(f"{endpoint.url}: not SPARQL results ({one_line(str(exc))})") from None


def _bindings(endpoint: Endpoint, result: object) -> list[dict[str, dict]]:
    try:
        bindings = result["results"]["bindings"]  # type: ignore[index]
    except (TypeError, KeyError):
        raise RemoteError(f"{endpoint.url}: the answer is not SPARQL JSON results") from None
    if not isinstance(bindings, list):
        raise RemoteError(f"{endpoint.url}: the answer is not SPARQL JSON results")
    return bindings
