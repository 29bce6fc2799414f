"""Publishing through the SPARQL 1.1 Graph Store HTTP Protocol: one PUT replaces a named graph
as a whole with the request's content (never a partial upload: a failed request changes
nothing we sent), GET reads it back to count what the server holds. The same retries, timeout and
credentials as remote queries (see http_client.py)."""

from __future__ import annotations

import urllib.parse

import pyoxigraph as ox

from tradegraph.errors import RemoteError, one_line
from tradegraph.http_client import Endpoint, check_graph, request

N_TRIPLES = "application/n-triples"


def push(endpoint: Endpoint, graph: str, ntriples: bytes, sent: int) -> int:
    """Replace the named graph with the N-Triples (`sent` triples), then count what the server
    holds; a different count is a RemoteError. Returns the count. The endpoint's URL was
    checked when it was made (http or https only, see remote.Endpoint); the graph must be an
    IRI, refused before any connection."""
    check_graph(graph)
    _request(endpoint, "PUT", graph, body=ntriples)
    held = count(endpoint, graph)
    if held != sent:
        raise RemoteError(
            f"{endpoint.url}: the server holds {held} triples in <{graph}> after the push, "
            f"not the {sent} sent"
        )
    return held


def count(endpoint: Endpoint, graph: str) -> int:
    """The number of triples in the named graph on the server (read back with GET)."""
    body = _request(endpoint, "GET", graph)
    try:
        return sum(1 for _ in ox.parse(body, format=ox.RdfFormat.N_TRIPLES))
    except SyntaxError as exc:
        raise RemoteError(
            f"{endpoint.url}: the graph read back is not N-Triples ({one_line(str(exc))})"
        ) from None


def graph_url(endpoint: Endpoint, graph: str) -> str:
    """The protocol's indirect graph identification: ENDPOINT?graph=IRI."""
    separator = "&" if "?" in endpoint.url else "?"
    return f"{endpoint.url}{separator}{urllib.parse.urlencode({'graph': graph})}"


def _request(endpoint: Endpoint, method: str, graph: str, body: bytes | None = None) -> bytes:
    content_type = N_TRIPLES if body is not None else None
    url = graph_url(endpoint, graph)
    return request(endpoint, method, url, accept=N_TRIPLES, body=body, content_type=content_type)
