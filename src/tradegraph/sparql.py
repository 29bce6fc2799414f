"""Run SPARQL on an engine: bind typed parameter values, resolve names to IRIs, collect rows.

Terms are pyoxigraph's (NamedNode, Literal, BlankNode) on every engine, so this module, the
renderers and the default query path never import rdflib. Every value from a user reaches SPARQL
as a checked RDF term written in place of its parameter variable (see substitute), the same way
on every engine, never as raw text pasted into a query.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass

import pyoxigraph as ox

from tradegraph.catalogue import Parameter, StoredQuery
from tradegraph.engines.result import Engine, ResultTable
from tradegraph.errors import InputError, TradegraphError, UsageError, one_line
from tradegraph.files import write_atomic
from tradegraph.prefixes import ID, sparql_prefixes
from tradegraph.project import cache_dir
from tradegraph.terms import Term

Bindings = dict[str, Term]  # parameter variable name (without "?") -> its value

_XSD_DATE = ox.NamedNode("http://www.w3.org/2001/XMLSchema#date")
_XSD_INTEGER = ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")


@dataclass(frozen=True)
class Verdict:
    """What the parsed query is: its form (rdflib's algebra name, e.g. "SelectQuery"), the
    endpoints of its SERVICE clauses, and whether every textual occurrence of a parameter
    variable is a variable token (then substituting checked terms cannot change the parse)."""

    form: str
    services: tuple[str, ...] = ()
    substitutable: bool = True


_VERDICTS: dict[str, Verdict] = {}  # sha256 of the query text -> its verdict, this process
_VERDICT_DIR = "query-verdicts"


def check_syntax(query: StoredQuery, allow_service: tuple[str, ...] = ()) -> None:
    """Parse the query (no cache) and refuse what tradegraph must never run: an update, a query
    that is not a SELECT, a SERVICE clause whose endpoint does not start with one of the allowed
    prefixes (--allow-service)."""
    _judge(query, _parse(query), allow_service)


def check_query(query: StoredQuery, allow_service: tuple[str, ...] = ()) -> Verdict:
    """check_syntax with the verdict cached by a hash of the query text, in memory and in a
    small file under the cache directory: rdflib's parser takes a quarter of a second, a warm
    query a tenth. The verdict is about the parsed query, never a test of its text."""
    verdict = _cached_verdict(query)
    _judge(query, verdict, allow_service)
    return verdict


def _judge(query: StoredQuery, verdict: Verdict, allow_service: tuple[str, ...]) -> None:
    if verdict.form != "SelectQuery":
        form = verdict.form.removesuffix("Query").upper()
        raise UsageError(f"{query.path}: a {form} query: only SELECT queries can be run")
    for service in verdict.services:
        if not any(service.startswith(prefix) for prefix in allow_service):
            raise UsageError(
                f"{query.path}: SERVICE <{service}> is refused: tradegraph queries only the local "
                f"graph unless you allow that endpoint with --allow-service URL-PREFIX"
            )


def _parse(query: StoredQuery) -> Verdict:
    """The verdict from rdflib's SPARQL parser and algebra. An update (which the query grammar
    rejects) is recognised by the update grammar and refused as such."""
    from rdflib.plugins.sparql.algebra import translateQuery
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
    from rdflib.term import Variable

    try:
        tree = parseQuery(query.text)
        variables: dict[int, str] = {}  # by identity: the tree may hold a token twice
        _walk(tree, lambda n: isinstance(n, Variable) and variables.setdefault(id(n), str(n)))
        algebra = translateQuery(tree).algebra  # (which rewrites the tree: counted before)
    except Exception as exc:
        try:
            parseUpdate(query.text)
        except Exception:
            raise InputError(f"{query.path}: not valid SPARQL: {one_line(str(exc))}") from None
        raise UsageError(
            f"{query.path}: a SPARQL update: tradegraph runs only SELECT queries and never sends "
            f"an update"
        ) from None
    services: list[str] = []

    def visit(node: object) -> None:
        if getattr(node, "name", None) == "ServiceGraphPattern":
            services.append(str(node.get("term", "")))  # type: ignore[attr-defined]

    _walk(tree, visit)
    _walk(algebra, visit)  # SERVICE clauses in both trees: one is enough to refuse
    counted = list(variables.values())
    substitutable = all(
        len(re.findall(rf"[?$]{re.escape(p.variable)}(?!\w)", query.text))
        == counted.count(p.variable)
        for p in query.parameters
    )
    return Verdict(algebra.name, tuple(dict.fromkeys(services)), substitutable)


def _walk(node: object, visit: Callable[[object], None], depth: int = 0) -> None:
    """Every node of an rdflib parse tree or algebra (CompValues, ParseResults, lists)."""
    visit(node)
    if isinstance(node, str) or depth > 200:
        return
    if isinstance(node, dict):
        children: object = list(node.values())
    elif isinstance(node, (list, tuple)) or type(node).__name__ == "ParseResults":
        children = list(node)  # type: ignore[call-overload]
    else:
        return
    for child in children:  # type: ignore[attr-defined]
        _walk(child, visit, depth + 1)


def _cached_verdict(query: StoredQuery) -> Verdict:
    from tradegraph import __version__

    key = hashlib.sha256(f"tradegraph {__version__} verdict 2\n{query.text}".encode()).hexdigest()
    verdict = _VERDICTS.get(key)
    if verdict is not None:
        return verdict
    path = cache_dir() / _VERDICT_DIR / f"{key}.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        verdict = Verdict(
            str(data["form"]), tuple(map(str, data["services"])), bool(data["substitutable"])
        )
    except (OSError, ValueError, KeyError, TypeError):
        verdict = _parse(query)  # refused updates and syntax errors raise: never cached
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(path, json.dumps(dataclasses.asdict(verdict)) + "\n")
        except (OSError, TradegraphError):
            pass  # a read-only cache only costs the parse next time
    _VERDICTS[key] = verdict
    return verdict


def term_text(term: Term) -> str:
    """A bound value as SPARQL text, in N-Triples syntax. pyoxigraph checks an IRI when it is
    made (RFC 3987: no spaces, quotes, angle brackets or braces) and escapes a literal's quotes,
    backslashes and line breaks, so no value can change the query's structure."""
    if isinstance(term, ox.BlankNode):
        raise UsageError(f"cannot bind the blank node {term}")
    return str(term)


def substitute(text: str, bindings: Bindings) -> str:
    """The query with each bound parameter variable replaced by its term, as grlc serves the
    same files. The names come from the query's own declarations, the terms from typed
    conversion (convert), never from raw user text.

    Every engine then plans the value like any constant, in sub-SELECTs and BIND too. (rdflib's
    initBindings and Oxigraph's `substitutions` join values in after evaluating the patterns:
    blind to BOUND, BIND and sub-SELECTs, and 1000 times slower at 100k triples.)"""
    for variable, term in bindings.items():
        pattern = re.compile(rf"[?$]{re.escape(variable)}(?!\w)")
        # A function replacement: the term's backslashes must not be read as group references.
        text = pattern.sub(_constant(term_text(term)), text)
    return text


def _constant(value: str) -> Callable[[re.Match[str]], str]:
    return lambda _match: value


def run(
    query: StoredQuery,
    engine: Engine,
    values: dict[str, str] | None = None,
    allow_service: tuple[str, ...] = (),
) -> ResultTable:
    """Run a stored query with its parameter values bound. A failure inside the SPARQL engine
    (rdflib raises plain TypeErrors on some ORDER BY keys) is an InputError naming the file."""
    # Decided on the parsed query before anything is sent: no update, no other form than
    # SELECT, no SERVICE clause unless allowed.
    verdict = check_query(query, allow_service)
    bindings = bind(query, values or {}, engine)
    text = substitute(query.text, bindings)
    if bindings and not verdict.substitutable:
        # A parameter variable also occurs in a string or a comment, where a term could end
        # the string: judge the query as it will be sent.
        check_syntax(dataclasses.replace(query, text=text, parameters=()), allow_service)
    try:
        return engine.select(text)
    except TradegraphError:  # a refused value, a failing endpoint: already one clear line
        raise
    except Exception as exc:
        raise InputError(
            f"{query.path}: the SPARQL engine failed: {type(exc).__name__}: {one_line(str(exc))}"
        ) from None


def bind(query: StoredQuery, values: dict[str, str], engine: Engine) -> Bindings:
    """Typed bindings for raw values; an unknown, missing or malformed value is a UsageError."""
    for name in values:
        query.parameter(name)
    bindings: Bindings = {}
    for parameter in query.parameters:
        raw = values.get(parameter.name)
        if raw is None:
            if parameter.required:
                raise UsageError(
                    f"query {query.name}: missing parameter '{parameter.name}' "
                    f"(--param {parameter.name}=VALUE)"
                )
            continue
        bindings[parameter.variable] = convert(query, parameter, raw, engine)
    return bindings


def convert(query: StoredQuery, parameter: Parameter, raw: str, engine: Engine) -> Term:
    where = f"query {query.name}: parameter '{parameter.name}'"
    if parameter.kind == "date":
        try:
            return ox.Literal(dt.date.fromisoformat(raw).isoformat(), datatype=_XSD_DATE)
        except ValueError:
            raise UsageError(f"{where}: '{raw}' is not a date (YYYY-MM-DD)") from None
    if parameter.kind == "integer":
        if not re.fullmatch(r"[+-]?\d+", raw):
            raise UsageError(f"{where}: '{raw}' is not an integer")
        return ox.Literal(str(int(raw)), datatype=_XSD_INTEGER)
    if parameter.kind == "iri":
        return resolve(engine, raw, where)
    return ox.Literal(raw)


# Names first: label, short name, ISO code, symbol (rank 0), then title (rank 1): "RCEP" is the
# agreement, "cybersecurity" the topic, not the provisions titled "Cybersecurity". A path such
# as "agreement/rcep" names its resource directly; a bare slug is the last resort, because
# finding it means reading every resource's IRI.
_BY_NAME = (
    sparql_prefixes()
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


def resolve(engine: Engine, text: str, where: str = "value") -> ox.NamedNode:
    """An IRI as given, or the one resource whose label, short name, ISO code or document symbol
    (rank 0) or title (rank 1) is the text, exactly, else whose path is (agreement/rcep), else
    the same names ignoring case, else whose slug is. No match or several equally good matches
    are errors."""
    if re.match(r"^https?://", text):
        iri = parse_iri(text)
        if iri is None:
            raise UsageError(f"{where}: '{text}' is not a valid IRI")
        return iri
    name = text.strip()
    base = ox.Literal(ID)
    # Cheapest first: exact names, a path, names ignoring case, slugs. An exact title (rank 1)
    # does not end the search: a name that differs only in case ranks before it ("Cybersecurity"
    # is the topic, not the provisions so titled).
    exact: Bindings = {"wanted": ox.Literal(name), "base": base}
    folded: Bindings = {"wanted": ox.Literal(name.lower()), "base": base}
    ranks: dict[str, int] = {}

    def rows(text: str, bindings: Bindings) -> list[tuple[Term | None, ...]]:
        return engine.select(substitute(text, bindings)).rows

    def add(found: list, fixed_rank: int | None = None) -> None:
        for row in found:
            rank = fixed_rank if fixed_rank is not None else int(row[1].value)
            ranks[row[0].value] = min(rank, ranks.get(row[0].value, 9))

    def best() -> int:
        return min(ranks.values(), default=9)

    add(rows(_BY_EXACT_NAME, exact))
    path = parse_iri(f"{ID}{name}") if "/" in name else None
    if best() > 0 and path is not None and rows(_BY_PATH, {"thing": path}):
        ranks[path.value] = 0
    if best() > 0:
        add(rows(_BY_NAME, folded))
    if not ranks:
        add(rows(_BY_SLUG, folded), fixed_rank=2)
    matches = sorted(thing for thing, rank in ranks.items() if rank == best())
    if not matches:
        raise UsageError(f"{where}: nothing in the graph is called '{text}'")
    if len(matches) > 1:
        names = ", ".join(m.removeprefix(ID) for m in matches)
        raise UsageError(f"{where}: '{text}' is ambiguous: {names}")
    return ox.NamedNode(matches[0])


def parse_iri(text: str) -> ox.NamedNode | None:
    """The text as an IRI, or None when it is not one (RFC 3987, as pyoxigraph checks it)."""
    try:
        return ox.NamedNode(text)
    except ValueError:
        return None
