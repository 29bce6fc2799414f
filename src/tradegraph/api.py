"""tradegraph as a library: `Project`, one checkout's graph and everything the command line does
with it. Every command is one method here; cli.py only parses arguments, calls the method,
prints what it returns and maps errors to exit codes. So a notebook does what a command does:

    >>> from tradegraph import Project
    >>> project = Project()            # this checkout, or Project("path/to/checkout")
    >>> project.validate().conforms
    True
    >>> rows = project.query("agreements-with-cybersecurity").rows

The files are parsed once per Project (`graph`), by the strict parser; validation, the cached
store, exports and the link commands all start from that one parse. Heavy modules are imported
inside the methods that need them, so importing tradegraph stays cheap."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from tradegraph.errors import InvalidGraphError, UsageError
from tradegraph.prefixes import DATASET
from tradegraph.project import Layout, cache_dir, locate

if TYPE_CHECKING:
    from pandas import DataFrame

    from tradegraph.catalogue import StoredQuery
    from tradegraph.curation.census import ImportReport
    from tradegraph.curation.links import LinkChanges
    from tradegraph.diff import Diff
    from tradegraph.engines.cache import CachedStore
    from tradegraph.engines.remote import Endpoint
    from tradegraph.engines.result import Engine, ResultTable
    from tradegraph.parse import Parsed
    from tradegraph.publish.release import ReleaseSummary
    from tradegraph.publish.report import ReportSummary
    from tradegraph.publish.tables import TableSet
    from tradegraph.stats import Stats
    from tradegraph.validate import Report

ENGINES = ("oxigraph", "rdflib")


@dataclass(frozen=True)
class FormatReport:
    files: list[Path]  # the files looked at
    changed: list[Path]  # those not canonical (rewritten, unless only checked)


@dataclass(frozen=True)
class LinkReport:
    path: Path  # the linkset file
    links: int  # links in it now
    changes: LinkChanges | None  # added, changed, unmatched (Wikidata); None: a fixed table
    ambiguous: int = 0  # countries whose code matched several items, left as they were
    rewritten: bool = False


@dataclass(frozen=True)
class PushReport:
    sent: int  # triples sent
    held: int  # triples the server holds in the graph afterwards
    graph: str
    endpoint: str


class Project:
    """A tradegraph checkout: its files (`layout`), the graph they hold, and the commands."""

    def __init__(self, root: Path | str | None = None) -> None:
        self.layout: Layout = locate(Path(root) if root is not None else None)
        self._table_set: TableSet | None = None

    def __repr__(self) -> str:
        return f"Project({str(self.layout.root)!r})"

    # The graph

    @cached_property
    def graph(self) -> Parsed:
        """The ontology, vocabularies and data, parsed once (see parse.Parsed)."""
        from tradegraph.parse import read_graph

        return read_graph(self.layout)

    def validate(self, paths: Iterable[Path] | None = None) -> Report:
        """The validation report of the graph (or of these data files with the shipped
        ontology): the SHACL shapes and every queries/checks/*-violation.rq."""
        from tradegraph.catalogue import load_checks
        from tradegraph.parse import load_shapes, read_graph
        from tradegraph.validate import validate

        paths = list(paths or [])
        for path in paths:
            if Path(path).is_dir() and not any(Path(path).rglob("*.ttl")):
                raise UsageError(f"{path}: no Turtle file (*.ttl) in this directory to validate")
        graph = read_graph(self.layout, paths) if paths else self.graph
        return validate(graph, load_shapes(self.layout), load_checks(self.layout))

    def store(self) -> CachedStore:
        """The cached Oxigraph store, built from `graph` when the inputs changed."""
        from tradegraph.engines.cache import open_store

        return open_store(self.layout, lambda: self.graph)

    def validated_store(self, action: str = "publish") -> CachedStore:
        """The cached store, validated first unless these very inputs (and this code) passed
        before; an InvalidGraphError carrying the report when the graph does not validate."""
        from tradegraph.engines.cache import mark_validated

        cached = self.store()
        if not cached.validated:
            report = self.validate()
            if not report.conforms:
                raise InvalidGraphError(
                    f"refusing to {action}: the graph does not validate", report
                )
            mark_validated(cached)
        return cached

    # Queries

    def queries(self) -> dict[str, StoredQuery]:
        """The stored queries by name, with their summaries and parameters."""
        from tradegraph.catalogue import load_catalogue

        return load_catalogue(self.layout)

    def query(
        self,
        name: str,
        params: dict[str, str] | None = None,
        *,
        engine: str = "oxigraph",
        endpoint: Endpoint | None = None,
        allow_service: Iterable[str] = (),
    ) -> ResultTable:
        """Run a stored query (by name) or a query file with its parameter values, on the cached
        store (engine "oxigraph"), on an rdflib graph of this parse ("rdflib", and whenever a
        SERVICE endpoint is allowed: rdflib federates), or on a remote endpoint."""
        from tradegraph.catalogue import find_query
        from tradegraph.sparql import run

        if engine not in ENGINES:
            raise UsageError(f"engine '{engine}': expected one of {', '.join(ENGINES)}")
        allowed = tuple(allow_service)
        stored = find_query(self.layout, name)
        return run(stored, self._engine(engine, endpoint, bool(allowed)), params or {}, allowed)

    def _engine(self, engine: str, endpoint: Endpoint | None, federated: bool) -> Engine:
        if endpoint is not None:
            from tradegraph.engines.remote import RemoteEngine

            return RemoteEngine(endpoint)
        if engine == "rdflib" or federated:
            from tradegraph.engines.rdflib_graph import GraphEngine

            return GraphEngine(self.graph.graph)
        return self.store().engine()

    def status(
        self, thing: str, on: dt.date | str | None = None, endpoint: Endpoint | None = None
    ) -> ResultTable:
        """The status of an agreement, negotiation, measure or instrument on a date (default:
        today): the stored query status-on."""
        if not thing.strip():
            raise UsageError(
                "THING is empty: name an agreement, negotiation, measure or instrument"
            )
        if isinstance(on, str) and not on.strip():
            raise UsageError("--on is empty: give a date (YYYY-MM-DD), or leave --on out for today")
        day = on.isoformat() if isinstance(on, dt.date) else on or dt.date.today().isoformat()
        return self.query("status-on", {"thing": thing, "on": day}, endpoint=endpoint)

    def timeline(self, thing: str | None = None, endpoint: Endpoint | None = None) -> ResultTable:
        """What happened to the thing, oldest first; without one, everything the graph dates."""
        if thing is not None and not thing.strip():
            raise UsageError(
                "THING is empty: name an agreement, negotiation, measure or instrument, "
                "or leave THING out for everything"
            )
        return self.query("timeline", {"thing": thing} if thing else {}, endpoint=endpoint)

    def country(self, code: str, endpoint: Endpoint | None = None) -> ResultTable:
        """What the graph records about a country (ISO alpha-2, alpha-3 or name): the stored
        query country-profile."""
        return self.query("country-profile", {"country": code}, endpoint=endpoint)

    # Changes

    def diff(self, old: str | None = None, new: str | None = None) -> Diff:
        """What changed from old to new, each a git revision of this checkout or an RDF file
        (an export). Default old: the latest release tag (v*) in HEAD's history, else HEAD;
        default new: the working tree (this checkout's files as they are)."""
        import dataclasses

        from tradegraph import git
        from tradegraph.diff import compare, read_side, snapshot
        from tradegraph.parse import parse_files

        notes: list[str] = []
        if old is None:
            old = git.latest_tag(self.layout.root)
            if old is None:
                old = "HEAD"
                notes.append(f"no release tag ({git.TAG_PATTERN}) yet: compared with HEAD")
        before = read_side(self.layout, old)
        after = (
            read_side(self.layout, new)
            if new is not None
            else snapshot("working tree", self.graph.quads())
        )
        vocabulary = parse_files(self.layout.ontology_files).quads()
        found = compare(before, after, ((q.subject, q.predicate, q.object) for q in vocabulary))
        return dataclasses.replace(found, notes=(*notes, *found.notes))

    # Publishing

    def export(self, fmt: str = "turtle", output: Path | None = None) -> str:
        """The graph (ontology, vocabularies, data and the dataset description; not the shapes)
        in a deterministic serialization, written atomically to output when given."""
        from tradegraph.files import write_atomic
        from tradegraph.publish.export import export_text

        text = export_text(self.graph, self.layout, fmt)
        if output is not None:
            write_atomic(output, text)
        return text

    def describe(self, fmt: str = "turtle") -> str:
        """The dataset description (VoID and DCAT), computed from the graph."""
        from tradegraph.publish.describe import describe
        from tradegraph.publish.export import jsonld_context, serialize

        if fmt == "trig":
            raise UsageError("describe: the description is one graph; use turtle, nt or json-ld")
        return serialize(describe(self.graph.graph), fmt, jsonld_context(self.layout, fmt))

    def stats(self) -> Stats:
        """Triples, instances per class and resources per verification level."""
        from tradegraph.stats import compute

        return compute(self.store().engine())

    def report(self, output: Path | None = None) -> ReportSummary:
        """Build the static, offline HTML report of the graph (default: site/ in the checkout),
        built aside and swapped in; the same graph gives byte-identical files."""
        from tradegraph.publish.report import build_report

        return build_report(self, Path(output) if output is not None else self.layout.site_dir)

    def tables(
        self, out_dir: Path | None = None, formats: Iterable[str] | str = ("csv",)
    ) -> list[Path]:
        """Write the tidy tables (default: tables/ in the checkout) in the formats given (csv:
        one file per table, the codebook and a Frictionless datapackage.json; xlsx: one
        workbook; parquet: one file per table), built aside and swapped in; the files written.
        The same graph gives byte-identical files."""
        from tradegraph.publish.tables import check_output, parse_formats, write_tables

        chosen = parse_formats(formats if isinstance(formats, str) else tuple(formats))
        output = Path(out_dir) if out_dir is not None else self.layout.tables_dir
        check_output(output, chosen)  # before the tables are built
        return write_tables(self.table_set(), output, chosen)

    def table_set(self) -> TableSet:
        """The tidy tables and their codebook, in memory (what `tables` writes), built once per
        Project like `graph`."""
        from tradegraph.publish.tables import build_tables

        if self._table_set is None:
            self._table_set = build_tables(self)
        return self._table_set

    def dataframes(self) -> dict[str, DataFrame]:
        """The same tables as pandas DataFrames by name, the codebook included (needs the
        'tables' extra)."""
        from tradegraph.publish.tables.writers import dataframes

        return dataframes(self.table_set())

    def release(self, version: str, dist: Path | None = None) -> ReleaseSummary:
        """Validate, then write the release VERSION into dist/tradegraph-VERSION/ (default: dist/
        in the checkout): the graph in every export format, the tables, the description, the
        changelog since the previous release tag, CITATION.cff and SHA256SUMS. Built aside and
        swapped in; nothing is written when the graph does not validate."""
        from tradegraph.publish.release import build_release, check_version

        folder = Path(dist) if dist is not None else self.layout.dist_dir
        return build_release(self, version, folder / f"tradegraph-{check_version(version)}")

    def push(self, endpoint: Endpoint, graph: str = DATASET) -> PushReport:
        """Replace the named graph on a Graph Store Protocol endpoint with the validated graph,
        then check the server holds as many triples as were sent."""
        from tradegraph.engines.remote import check_graph
        from tradegraph.publish.push import push

        check_graph(graph)
        cached = self.validated_store("push")
        held = push(endpoint, graph, cached.ntriples(), cached.triples)
        return PushReport(cached.triples, held, graph, endpoint.url)

    def serve(self, host: str, port: int, ready: Callable[[str], None]) -> None:
        """Serve the validated graph read-only with the Oxigraph server until stopped; ready is
        called with the base URL once it answers."""
        from tradegraph.publish.serve import serve

        db = self.validated_store("serve").db  # the server opens the store itself
        serve(db, host, port, ready)

    # Curation

    def format(
        self, paths: Iterable[Path] = (), check: bool = False, drop_comments: bool = False
    ) -> FormatReport:
        """Rewrite Turtle data files (default: the shipped data) in canonical form, atomically;
        with check, change nothing and report the files that are not canonical. A file with
        comments after its leading block is refused unless drop_comments."""
        from tradegraph.curation.format import format_files

        files, changed = format_files(list(paths) or self.layout.data_files, check, drop_comments)
        return FormatReport(files, changed)

    def link_wikidata(
        self, endpoint: Endpoint, linkset: Path | None = None, today: dt.date | None = None
    ) -> LinkReport:
        """Link every country to its Wikidata item by ISO alpha-3 code, through the endpoint."""
        from tradegraph.curation.links import linkset_text, write_linkset
        from tradegraph.curation.wikidata import HEADER, link_countries

        path = linkset or self.layout.wikidata_linkset
        fresh, changes, ambiguous = link_countries(
            self.graph.graph, endpoint, path, today or dt.date.today()
        )
        changed = bool(changes.added or changes.changed)
        rewritten = write_linkset(path, linkset_text(fresh, HEADER), changed)
        return LinkReport(path, len(fresh.links), changes, len(ambiguous), rewritten)

    def link_eu_countries(
        self, linkset: Path | None = None, today: dt.date | None = None
    ) -> LinkReport:
        """Link every country to the EU country authority table (authority code = alpha-3)."""
        from tradegraph.curation.links import (
            EU_HEADER,
            eu_country_linkset,
            linkset_text,
            read_links,
            write_linkset,
        )
        from tradegraph.namespaces import EU_COUNTRY

        path = linkset or self.layout.eu_countries_linkset
        fresh = eu_country_linkset(self.graph.graph, today or dt.date.today())
        changed = read_links(path, EU_COUNTRY) != fresh.links
        rewritten = write_linkset(path, linkset_text(fresh, EU_HEADER), changed)
        return LinkReport(path, len(fresh.links), None, rewritten=rewritten)

    def import_census(self, wto_rta: Path | None, tota: Path | None) -> ImportReport:
        """Rebuild data/census/ from local copies of the WTO RTA-IS export and the ToTA corpus."""
        from tradegraph.curation.census import import_census

        return import_census(self.layout, wto_rta, tota)

    # The cache

    @property
    def cache_dir(self) -> Path:
        return cache_dir()

    def clear_cache(self) -> list[Path]:
        """Remove every cached store; returns what was removed."""
        from tradegraph.engines.cache import clear

        return clear()
