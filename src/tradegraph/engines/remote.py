"""Remote SPARQL endpoints, by the SPARQL 1.1 Protocol: the query sent as a POST form (long
queries fit; `query=`, never `update=`, whatever the text says), the graph to ask as
default-graph-uri, the answer read as SPARQL 1.1 JSON results. HTTP (deadline, retries,
credentials, no redirects) is http_client's."""

from __future__ import annotations

import json
import urllib.parse

import pyoxigraph as ox

from tradegraph.engines.result import ResultTable
from tradegraph.errors import RemoteError, one_line
from tradegraph.http_client import Endpoint, check_graph, check_url, request
from tradegraph.terms import Term

__all__ = ["Endpoint", "RemoteEngine", "check_graph", "check_url", "select"]

SPARQL_RESULTS = "application/sparql-results+json"
FORM = "application/x-www-form-urlencoded"


def select(endpoint: Endpoint, query: str) -> ResultTable:
    """A SELECT query's answer from SPARQL 1.1 JSON results. Only ever a query request: the
    caller decided on the parsed query that it is a SELECT (see sparql.check_query)."""
    form = [("query", query)]
    if endpoint.default_graph:
        form.append(("default-graph-uri", endpoint.default_graph))
    body = urllib.parse.urlencode(form).encode("utf-8")
    answer = request(
        endpoint, "POST", endpoint.url, accept=SPARQL_RESULTS, body=body, content_type=FORM
    )
    try:
        result = json.loads(answer)
    except (ValueError, UnicodeDecodeError) as exc:
        reason = one_line(str(exc))[:200]
        raise RemoteError(
            f"{endpoint.url}: the answer is not SPARQL JSON results ({reason})"
        ) from None
    return _table(endpoint, result)


class RemoteEngine:
    """A remote endpoint as a tradegraph query engine (see engines.result.Engine)."""

    def __init__(self, endpoint: Endpoint) -> None:
        self.endpoint = endpoint

    def select(self, text: str) -> ResultTable:
        return select(self.endpoint, text)


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
