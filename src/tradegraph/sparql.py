"""Run SPARQL on a graph: bind typed parameter values, resolve names to IRIs, collect rows.

Every value from a user reaches SPARQL as a bound RDF term (rdflib initBindings), never as text
pasted into a query.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from rdflib import Graph, Literal, URIRef, Variable
from rdflib.namespace import XSD
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.algebra import traverse
from rdflib.term import Node

from tradegraph.catalogue import Parameter, StoredQuery
from tradegraph.errors import InputError, UsageError, one_line
from tradegraph.namespaces import ID, PREFIXES


@dataclass(frozen=True)
class ResultTable:
    """A SELECT result: column names and rows of RDF terms (None where unbound)."""

    columns: list[str]
    rows: list[tuple[Node | None, ...]]


class Engine(Protocol):
    """Something that answers SELECT queries with bound variables: an rdflib Graph is wrapped
    on the fly; oxigraph.OxigraphEngine answers from the cached store."""

    def select(self, text: str, bindings: dict[Variable, Node]) -> ResultTable: ...


Source = Graph | Engine


def _select_on(source: Source, text: str, bindings: dict[Variable, Node]) -> ResultTable:
    if isinstance(source, Graph):
        return select(source, text, bindings)
    return source.select(text, bindings)


# Comments, strings and IRIs, which may mention SERVICE without being a SERVICE clause.
_NOT_KEYWORDS = re.compile(r'#[^\n]*|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>\s]*>')


def may_call_service(text: str) -> bool:
    """Whether the query text has the keyword SERVICE outside comments, strings and IRIs (a
    cheap test; a query that passes it is parsed in full by check_syntax)."""
    return re.search(r"\bSERVICE\b", _NOT_KEYWORDS.sub(" ", text), re.IGNORECASE) is not None


def check_syntax(query: StoredQuery, allow_service: tuple[str, ...] = ()) -> None:
    """Parse the query. A SERVICE clause would make the engine call a remote endpoint, so it is
    refused unless its endpoint starts with one of the allowed prefixes (--allow-service)."""
    try:
        prepared = prepareQuery(query.text)
    except Exception as exc:
        raise InputError(f"{query.path}: not valid SPARQL: {one_line(str(exc))}") from None
    services: list[str] = []
    traverse(prepared.algebra, visitPre=lambda node: _collect_service(node, services))
    for service in services:
        if not any(service.startswith(prefix) for prefix in allow_service):
            raise UsageError(
                f"{query.path}: SERVICE <{service}> is refused: tradegraph queries only the local "
                f"graph unless you allow that endpoint with --allow-service URL-PREFIX"
            )


def _collect_service(node: object, found: list[str]) -> None:
    if getattr(node, "name", None) == "ServiceGraphPattern":
        found.append(str(node.get("term", "")))  # type: ignore[attr-defined]


def select(graph: Graph, text: str, bindings: dict[Variable, Node] | None = None) -> ResultTable:
    result = graph.query(text, initBindings=bindings or {})
    if result.type != "SELECT":
        raise UsageError("only SELECT queries can be run as stored queries")
    columns = [str(var) for var in result.vars or []]
    return ResultTable(columns, [tuple(row) for row in result])


# Characters an IRI may not contain (RFC 3987 and the SPARQL IRIREF rule).
_IRI_FORBIDDEN = re.compile(r'[\x00-\x20<>"{}|^`\\]')


def term_text(term: Node) -> str:
    """A bound value as SPARQL text: an IRI checked against the IRIREF rule, a literal in
    N-Triples syntax (rdflib escapes quotes, backslashes and line breaks), so no value can
    change the query's structure."""
    if isinstance(term, URIRef):
        if _IRI_FORBIDDEN.search(str(term)):
            raise UsageError(f"'{term}' is not an IRI that can be queried")
        return f"<{term}>"
    if isinstance(term, Literal):
        return term.n3()
    raise UsageError(f"cannot bind {term!r}")


def substitute(text: str, bindings: dict[Variable, Node]) -> str:
    """The query with each bound parameter variable replaced by its term, as grlc serves the
    same files. The names come from the query's own declarations, the terms from typed
    conversion (convert), never from raw user text."""
    for variable, term in bindings.items():
        pattern = re.compile(rf"[?$]{re.escape(str(variable))}(?!\w)")
        # A function replacement: the term's backslashes must not be read as group references.
        text = pattern.sub(_constant(term_text(term)), text)
    return text


def _constant(value: str) -> Callable[[re.Match[str]], str]:
    return lambda _match: value


def run(
    query: StoredQuery,
    graph: Source,
    values: dict[str, str] | None = None,
    allow_service: tuple[str, ...] = (),
) -> ResultTable:
    """Run a stored query with its parameter values bound. A failure inside the SPARQL engine
    (rdflib raises plain TypeErrors on some ORDER BY keys) is an InputError naming the file."""
    # rdflib's parser takes a quarter of a second; a query that cannot call SERVICE is left to
    # the engine, which reports its syntax errors itself.
    if isinstance(graph, Graph) or may_call_service(query.text):
        check_syntax(query, allow_service)
    bindings = bind(query, values or {}, graph)
    try:
        return _select_on(graph, query.text, bindings)
    except UsageError:
        raise
    except Exception as exc:
        raise InputError(
            f"{query.path}: the SPARQL engine failed: {type(exc).__name__}: {one_line(str(exc))}"
        ) from None


def bind(query: StoredQuery, values: dict[str, str], graph: Source) -> dict[Variable, Node]:
    """Typed bindings for raw values; an unknown, missing or malformed value is a UsageError."""
    for name in values:
        query.parameter(name)
    bindings: dict[Variable, Node] = {}
    for parameter in query.parameters:
        raw = values.get(parameter.name)
        if raw is None:
            if parameter.required:
                raise UsageError(
                    f"query {query.name}: missing parameter '{parameter.name}' "
                    f"(--param {parameter.name}=VALUE)"
                )
            continue
        bindings[Variable(parameter.variable)] = convert(query, parameter, raw, graph)
    return bindings


def convert(query: StoredQuery, parameter: Parameter, raw: str, graph: Source) -> Node:
    where = f"query {query.name}: parameter '{parameter.name}'"
    if parameter.kind == "date":
        try:
            return Literal(dt.date.fromisoformat(raw).isoformat(), datatype=XSD.date)
        except ValueError:
            raise UsageError(f"{where}: '{raw}' is not a date (YYYY-MM-DD)") from None
    if parameter.kind == "integer":
        if not re.fullmatch(r"[+-]?\d+", raw):
            raise UsageError(f"{where}: '{raw}' is not an integer")
        return Literal(int(raw), datatype=XSD.integer)
    if parameter.kind == "iri":
        return resolve(graph, raw, where)
    return Literal(raw)


_PREFIX_DECLS = "\n".join(f"PREFIX {p}: <{uri}>" for p, uri in PREFIXES.items())

# A name (label, short name, ISO code, symbol) or a path such as "agreement/rcep" ranks first,
# then a title, then a bare slug: "RCEP" is the agreement, not review/rcep whose slug is "rcep",
# and "cybersecurity" the topic, not the provisions titled "Cybersecurity".
# Names first: label, short name, ISO code, symbol (rank 0), then title (rank 1): "RCEP" is the
# agreement, "cybersecurity" the topic, not the provisions titled "Cybersecurity". A path such
# as "agreement/rcep" names its resource directly; a bare slug is the last resort, because
# finding it means reading every resource's IRI.
_BY_NAME = (
    _PREFIX_DECLS
    + """
SELECT ?thing ?rank WHERE {
  VALUES (?p ?rank) { (rdfs:label 0) (skos:prefLabel 0) (skos:altLabel 0) (tg:isoAlpha2 0)
                      (tg:isoAlpha3 0) (tg:symbol 0) (dcterms:title 1) }
  ?thing ?p ?name .
  FILTER(LCASE(STR(?name)) = ?wanted && isIRI(?thing) && STRSTARTS(STR(?thing), ?base))
}
"""
)
# The same names matched exactly first: an index lookup, where the case-insensitive scan reads
# every label (seconds at a million triples).
_BY_EXACT_NAME = _BY_NAME.replace(
    "?thing ?p ?name .\n  FILTER(LCASE(STR(?name)) = ?wanted && ",
    "?thing ?p ?wanted .\n  FILTER(",
)
_BY_PATH = "SELECT ?class WHERE { ?thing a ?class }"
_BY_SLUG = """
SELECT DISTINCT ?thing WHERE {
  ?thing a ?class .
  FILTER(STRSTARTS(STR(?thing), ?base) && LCASE(REPLACE(STR(?thing), "^.*[/#]", "")) = ?wanted)
}
"""


def resolve(graph: Source, text: str, where: str = "value") -> URIRef:
    """An IRI as given, or the one resource whose label, short name, ISO code or document symbol
    (rank 0) or title (rank 1) is the text, exactly, else whose path is (agreement/rcep), else
    the same names ignoring case, else whose slug is. No match or several equally good matches
    are errors."""
    if re.match(r"^https?://", text):
        return URIRef(text)
    wanted = Literal(text.strip().lower())
    base = Literal(str(ID))
    # Cheapest first: exact names, a path, names ignoring case, slugs. An exact title (rank 1)
    # does not end the search: a name that differs only in case ranks before it ("Cybersecurity"
    # is the topic, not the provisions so titled).
    exact = {Variable("wanted"): Literal(text.strip()), Variable("base"): base}
    folded = {Variable("wanted"): wanted, Variable("base"): base}
    ranks: dict[str, int] = {}

    def add(rows: list, fixed_rank: int | None = None) -> None:
        for row in rows:
            rank = fixed_rank if fixed_rank is not None else int(row[1])
            ranks[str(row[0])] = min(rank, ranks.get(str(row[0]), 9))

    add(_select_on(graph, _BY_EXACT_NAME, exact).rows)
    is_path = "/" in text.strip() and not _IRI_FORBIDDEN.search(text.strip())
    if (not ranks or min(ranks.values()) > 0) and is_path:
        path = URIRef(f"{ID}{text.strip()}")
        if _select_on(graph, _BY_PATH, {Variable("thing"): path}).rows:
            ranks[str(path)] = 0
    if not ranks or min(ranks.values()) > 0:
        add(_select_on(graph, _BY_NAME, folded).rows)
    if not ranks:
        add(_select_on(graph, _BY_SLUG, folded).rows, fixed_rank=2)
    best = min(ranks.values(), default=None)
    matches = sorted(thing for thing, rank in ranks.items() if rank == best)
    if not matches:
        raise UsageError(f"{where}: nothing in the graph is called '{text}'")
    if len(matches) > 1:
        names = ", ".join(m.removeprefix(str(ID)) for m in matches)
        raise UsageError(f"{where}: '{text}' is ambiguous: {names}")
    return URIRef(matches[0])
