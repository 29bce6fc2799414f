"""The tradegraph command line: a thin click layer over the library. Each command parses its
arguments, calls the library, prints, and maps errors to exit codes (see README, "Exit codes").
Heavy libraries are imported inside the commands that need them, so --help stays fast."""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from tradegraph import __version__
from tradegraph.errors import EXIT_VIOLATIONS, TradegraphError, UsageError, cut, one_line
from tradegraph.formats import EXPORT_FORMATS, TABLE_FORMATS
from tradegraph.prefixes import DATASET

if TYPE_CHECKING:
    from tradegraph.api import Project
    from tradegraph.engines.remote import Endpoint
    from tradegraph.engines.result import ResultTable


# What an error line may echo of the user's input: a 100,000-character name is not repeated.
_MESSAGE_LIMIT = 500
EXIT_INTERRUPTED = 130  # Ctrl-C, as shells report a process ended by SIGINT


def _error(message: str) -> None:
    click.echo(f"tradegraph: error: {cut(one_line(message), _MESSAGE_LIMIT)}", err=True)


class _Group(click.Group):
    """Turns every failure into one line on stderr and its exit code, never a traceback:
    tradegraph's errors, click's usage errors (which click prints as four lines starting
    'Usage:'), and Ctrl-C (exit 130)."""

    def invoke(self, ctx: click.Context):  # type: ignore[no-untyped-def]
        try:
            return super().invoke(ctx)
        except TradegraphError as exc:
            report = getattr(exc, "report", None)
            if report is not None:  # a graph that does not validate: its report first
                from tradegraph.render import render_report

                click.echo(render_report(report), nl=False, err=True)
            _error(exc.message)
            ctx.exit(exc.exit_code)

    def main(self, *args: Any, standalone_mode: bool = True, **kwargs: Any) -> Any:
        try:
            code = super().main(*args, standalone_mode=False, **kwargs)
        except click.UsageError as exc:
            where = f" ({exc.ctx.command_path})" if exc.ctx is not None else ""
            _error(f"{exc.format_message()}{where}; see --help")
            code = exc.exit_code
        except click.ClickException as exc:
            _error(exc.format_message())
            code = exc.exit_code
        except (click.Abort, KeyboardInterrupt):
            _error("interrupted")
            code = EXIT_INTERRUPTED
        code = code if isinstance(code, int) else 0
        if standalone_mode:
            sys.exit(code)
        return code


_table_or_json = click.option(
    "--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True
)


_table_format = click.option(
    "--format", "fmt", type=click.Choice(TABLE_FORMATS), default="table", show_default=True
)
_limit = click.option("--limit", type=click.IntRange(min=0), help="Show at most this many rows.")
_timeout = click.option(
    "--timeout",
    type=click.FloatRange(min=1),
    default=60,
    show_default=True,
    help="Seconds to wait for the endpoint's answer.",
)
_retries = click.option(
    "--retries",
    type=click.IntRange(min=0),
    default=3,
    show_default=True,
    help="Retries, with backoff, after a refused connection, a timeout, HTTP 429 or 5xx.",
)


def _remote(command: Callable[..., Any]) -> Callable[..., Any]:
    """--endpoint, --graph, --timeout and --retries, handed to the command as one Endpoint (or
    None: answer locally). Credentials come from the environment only (see remote.py)."""

    @functools.wraps(command)
    def wrapper(
        *args: Any, endpoint: str | None, graph: str, timeout: float, retries: int, **kwargs: Any
    ) -> Any:
        remote = None
        if endpoint:
            from tradegraph.engines.remote import Endpoint

            remote = Endpoint(endpoint, timeout, retries, default_graph=graph or None)
        return command(*args, remote=remote, **kwargs)

    options = [
        click.option(
            "--endpoint",
            metavar="URL",
            help="Ask this SPARQL endpoint (its query URL) instead of the local graph.",
        ),
        click.option(
            "--graph",
            metavar="IRI",
            default=DATASET,
            show_default=True,
            help="The graph to ask on the endpoint (default-graph-uri); '' for its default graph.",
        ),
        _timeout,
        _retries,
    ]
    for option in reversed(options):
        wrapper = option(wrapper)
    return wrapper


def _project(ctx: click.Context) -> Project:
    """The library object every command calls (one per invocation, so one parse)."""
    obj = ctx.find_root().obj
    if "project" not in obj:
        from tradegraph.api import Project

        obj["project"] = Project(obj.get("root"))
    return obj["project"]


def _print_table(table: ResultTable, fmt: str, limit: int | None) -> None:
    from tradegraph.render import render_table

    click.echo(render_table(table.head(limit), fmt), nl=False)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="tradegraph")
@click.option(
    "--root",
    type=click.Path(file_okay=False, path_type=Path),
    help="The tradegraph checkout to use (default: $TRADEGRAPH_ROOT, else this installation's).",
)
@click.pass_context
def cli(ctx: click.Context, root: Path | None) -> None:
    """tradegraph: cybersecurity and digital-trade provisions in trade agreements and WTO
    negotiations, as a sourced knowledge graph.

    \b
    Example:
      tradegraph validate
      tradegraph query agreements-with-cybersecurity
    """
    ctx.ensure_object(dict)
    ctx.obj["root"] = root


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.pass_context
def validate(ctx: click.Context, paths: tuple[Path, ...]) -> None:
    """Validate the graph against the SHACL shapes and the violation checks.

    PATHS are Turtle files or directories to validate with the shipped ontology (default: the
    shipped data). Exit 0 when valid, 1 on violations, 2 on unusable input.

    \b
    Example:
      tradegraph validate
      tradegraph validate data/agreements/rcep.ttl
    """
    from tradegraph.render import render_report

    report = _project(ctx).validate(paths)
    click.echo(render_report(report), nl=False)
    if not report.conforms:
        ctx.exit(EXIT_VIOLATIONS)


@cli.command()
@_table_or_json
@click.pass_context
def queries(ctx: click.Context, fmt: str) -> None:
    """List the stored queries with their summaries and parameters.

    \b
    Example:
      tradegraph queries
      tradegraph queries --format json
    """
    catalogue = _project(ctx).queries()
    if fmt == "json":
        listing = [query.as_dict() for query in catalogue.values()]
        click.echo(json.dumps(listing, indent=2, ensure_ascii=False))
        return
    from tradegraph.table import aligned

    rows = [
        [
            q.name,
            q.summary,
            ", ".join(f"{p.name}:{p.kind}{'' if p.required else '?'}" for p in q.parameters),
        ]
        for q in catalogue.values()
    ]
    click.echo(aligned(["name", "summary", "parameters"], rows))


def _parse_params(params: tuple[str, ...]) -> dict[str, str]:
    values: dict[str, str] = {}
    for item in params:
        name, sep, value = item.partition("=")
        if not sep or not name:
            raise UsageError(f"--param '{item}': expected NAME=VALUE")
        values[name.strip()] = value
    return values


@cli.command()
@click.argument("name")
@click.option(
    "--param",
    "-p",
    "params",
    multiple=True,
    metavar="NAME=VALUE",
    help="A parameter value; repeat for several.",
)
@click.option(
    "--allow-service",
    "allow_service",
    multiple=True,
    metavar="URL-PREFIX",
    help="Allow SERVICE clauses whose endpoint starts with this prefix (default: none).",
)
@click.option(
    "--engine",
    type=click.Choice(["oxigraph", "rdflib"]),
    default="oxigraph",
    show_default=True,
    help="oxigraph: the cached store, built once per change of the inputs; rdflib: parse now.",
)
@_table_format
@_limit
@_remote
@click.pass_context
def query(
    ctx: click.Context,
    name: str,
    params: tuple[str, ...],
    allow_service: tuple[str, ...],
    engine: str,
    fmt: str,
    limit: int | None,
    remote: Endpoint | None,
) -> None:
    """Run a stored query (by NAME, see 'tradegraph queries') or a FILE.rq on the graph, or
    on a SPARQL endpoint (--endpoint).

    Parameter values are converted to typed terms for the query's declared parameters; raw
    text never becomes query syntax. A SERVICE clause is refused before anything leaves the
    machine unless --allow-service names a prefix of its endpoint.

    \b
    Example:
      tradegraph query agreements-with-cybersecurity
      tradegraph query status-on --param thing=RCEP --param on=2021-06-01 --format csv
      tradegraph query jsi-timeline --endpoint http://127.0.0.1:7878/query
    """
    table = _project(ctx).query(
        name, _parse_params(params), engine=engine, endpoint=remote, allow_service=allow_service
    )
    _print_table(table, fmt, limit)


@cli.command()
@click.argument("thing")
@click.option(
    "--on",
    "on",
    metavar="YYYY-MM-DD",
    help="The date to report the status on (default: today).",
)
@_table_format
@_limit
@_remote
@click.pass_context
def status(
    ctx: click.Context,
    thing: str,
    on: str | None,
    fmt: str,
    limit: int | None,
    remote: Endpoint | None,
) -> None:
    """Show the status of an agreement, negotiation, measure or instrument on a date.

    THING is a short name, title, slug or IRI; an ambiguous name lists the candidates. This is
    the stored query status-on.

    \b
    Example:
      tradegraph status moratorium --on 2026-04-15
      tradegraph status RCEP --on 2021-06-01
    """
    table = _project(ctx).status(thing, on, endpoint=remote)
    _print_table(table, fmt, limit)
    if not table.rows:
        click.echo(
            f"tradegraph: no status of '{thing[:80]}' on {on or 'today'}: nothing dated sets one "
            "by then (no signature, entry into force, decision or status event); "
            f"see `tradegraph timeline {thing[:80]}`",
            err=True,
        )


@cli.command()
@click.argument("thing", required=False)
@_table_format
@_limit
@_remote
@click.pass_context
def timeline(
    ctx: click.Context, thing: str | None, fmt: str, limit: int | None, remote: Endpoint | None
) -> None:
    """Show what happened to THING, oldest first; without THING, everything the graph dates.

    THING is a short name, title, slug or IRI of an agreement, negotiation, measure or
    instrument. This is the stored query timeline.

    \b
    Example:
      tradegraph timeline JSI
      tradegraph timeline moratorium --format csv
    """
    _print_table(_project(ctx).timeline(thing, endpoint=remote), fmt, limit)


@cli.command()
@click.argument("code")
@_table_format
@_limit
@_remote
@click.pass_context
def country(
    ctx: click.Context, code: str, fmt: str, limit: int | None, remote: Endpoint | None
) -> None:
    """Show what the graph records about a country: its agreements (itself or through a bloc
    it belonged to, such as the EU) with the finding of each agreement's review for a
    cybersecurity provision, cybersecurity articles, JSI participation, positions and
    memberships.

    CODE is an ISO 3166-1 alpha-2 or alpha-3 code or the country's name. This is the stored
    query country-profile; country-agreements gives the agreements alone, one column a field.

    \b
    Example:
      tradegraph country SGP
      tradegraph country India --format markdown
    """
    _print_table(_project(ctx).country(code, endpoint=remote), fmt, limit)


@cli.command()
@click.option(
    "--format", "fmt", type=click.Choice(EXPORT_FORMATS), default="turtle", show_default=True
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write to this file (atomically) instead of standard output.",
)
@click.pass_context
def export(ctx: click.Context, fmt: str, output: Path | None) -> None:
    """Export the graph (ontology, vocabularies and data; not the shapes), deterministically.

    turtle and nt give one graph; trig gives one named graph per file (graph/<path>); json-ld is
    compacted with ontology/context.jsonld, carried inline.

    \b
    Example:
      tradegraph export --format turtle -o tradegraph.ttl
      tradegraph export --format nt | sort | head
    """
    text = _project(ctx).export(fmt, output)
    if output is None:
        sys.stdout.write(text)
    else:
        click.echo(f"wrote {output}", err=True)


@cli.command()
@click.argument("old", required=False)
@click.argument("new", required=False)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "markdown", "json"]),
    default="text",
    show_default=True,
)
@click.pass_context
def diff(ctx: click.Context, old: str | None, new: str | None, fmt: str) -> None:
    """Show what changed from OLD to NEW, in labels: resources added and removed, facts
    changed (property: old -> new), verification levels raised or lowered, sources added or
    removed, and a summary by kind.

    OLD and NEW are git revisions of the checkout (a tag, branch or commit) or RDF files (an
    export: .ttl, .nt, .trig, .jsonld). Default OLD: the latest release tag (v*), else HEAD;
    default NEW: the working tree.

    \b
    Example:
      tradegraph diff
      tradegraph diff v0.1.0 HEAD --format markdown
      tradegraph diff old.ttl new.ttl --format json
    """
    result = _project(ctx).diff(old, new)
    click.echo(result.render(fmt), nl=False)


@cli.command()
@click.option(
    "-o",
    "--output",
    type=click.Path(file_okay=False, path_type=Path),
    help="The folder to build the site in (default: site/ in the checkout); replaced atomically.",
)
@click.pass_context
def report(ctx: click.Context, output: Path | None) -> None:
    """Build a static HTML report of the graph that opens from disk, with no network.

    A dashboard, the agreements with a cybersecurity provision, the element matrix, timelines
    (charts rendered to SVG at build time) and a page per agreement, country, negotiation,
    measure and policy instrument. The same graph gives byte-identical files; the date shown
    is the data's. A folder that is not a tradegraph report is never replaced.

    \b
    Example:
      tradegraph report
      tradegraph report -o /tmp/site && xdg-open /tmp/site/index.html
    """
    summary = _project(ctx).report(output)
    size = summary.bytes / 1_000_000
    pages = f"{summary.pages} pages, {size:.1f} MB"
    click.echo(f"wrote {summary.output}: {pages}, data as of {summary.data_date}")
    click.echo(f"open {summary.output / 'index.html'}")


@cli.command()
@click.option(
    "-o",
    "--output",
    type=click.Path(file_okay=False, path_type=Path),
    help="The folder to write the tables in (default: tables/ in the checkout); replaced "
    "atomically.",
)
@click.option(
    "--format",
    "formats",
    multiple=True,
    default=("csv",),
    show_default=True,
    metavar="csv|xlsx|parquet",
    help="A format to write; repeat the option or give a list (csv,xlsx).",
)
@click.pass_context
def tables(ctx: click.Context, output: Path | None, formats: tuple[str, ...]) -> None:
    """Write the graph as tidy tables, one row per thing, with a codebook.

    Agreements (the WTO RTA-IS card fields with tradegraph's finding, method, level and
    sources), WTO RTA-IS records, parties, provisions, elements (provision x element), reviews,
    events, JSI participants and counts, decisions, positions, countries and a cross-walk of
    identifiers. Every row has its resource's IRI in the column iri. csv writes one file per
    table, codebook.csv and a Frictionless datapackage.json; xlsx one workbook with a sheet per
    table and the codebook; parquet one file per table. The same graph gives byte-identical
    files. A folder that tradegraph did not write is never replaced.

    \b
    Example:
      tradegraph tables
      tradegraph tables -o /tmp/tables --format csv,xlsx
    """
    project = _project(ctx)
    written = project.tables(output, formats)
    folder = output if output is not None else project.layout.tables_dir
    click.echo(f"wrote {folder}: {len(written)} files")
    for path in written:
        click.echo(f"  {path.name}")


@cli.command()
@click.argument("version")
@click.option(
    "--dist",
    type=click.Path(file_okay=False, path_type=Path),
    help="The folder releases are written under (default: dist/ in the checkout).",
)
@click.pass_context
def release(ctx: click.Context, version: str, dist: Path | None) -> None:
    """Validate the graph, then write the release VERSION into dist/tradegraph-VERSION/.

    The graph in Turtle, N-Triples, JSON-LD and TriG (owl:versionInfo and owl:versionIRI set
    to VERSION), the tables (CSV with a data package, XLSX), the VoID/DCAT description, a
    CHANGELOG.md from the previous release tag (v*), CITATION.cff and SHA256SUMS. The issue
    date is the data's, so the same checkout gives byte-identical files. Nothing is written
    when the graph does not validate (exit 1). VERSION is MAJOR.MINOR.PATCH; tag the commit
    vVERSION afterwards.

    \b
    Example:
      tradegraph release 0.1.0
      git tag v0.1.0
    """
    summary = _project(ctx).release(version, dist)
    since = f"changes since {summary.previous}" if summary.previous else "first release"
    size = summary.bytes / 1_000_000
    click.echo(
        f"wrote {summary.output}: {len(summary.files)} files, {size:.1f} MB, issued "
        f"{summary.issued}; CHANGELOG.md: {since}"
    )
    click.echo(f"tag the release: git tag v{summary.version}")


@cli.command(name="format")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--check", is_flag=True, help="Change nothing; exit 1 if a file is not canonical.")
@click.option(
    "--drop-comments",
    is_flag=True,
    help="Rewrite files with comments after their leading block too, dropping those comments.",
)
@click.pass_context
def format_files(
    ctx: click.Context, paths: tuple[Path, ...], check: bool, drop_comments: bool
) -> None:
    """Rewrite Turtle data files in canonical form, so git diffs show only real changes.

    PATHS are files or directories (default: the shipped data). A file keeps its leading comment
    block; the triples follow in canonical Turtle. Writes are atomic. A file with comments
    further down (as the ontology has) is refused, nothing written, unless --drop-comments.
    With --check, list the files that are not canonical and exit 1.

    \b
    Example:
      tradegraph format
      tradegraph format --check
    """
    result = _project(ctx).format(paths, check, drop_comments)
    verb = "not canonical" if check else "reformatted"
    for path in result.changed:
        click.echo(f"{verb}: {path}")
    click.echo(f"{len(result.files)} files, {len(result.changed)} {verb}", err=True)
    if check and result.changed:
        ctx.exit(EXIT_VIOLATIONS)


@cli.command()
@click.option(
    "--format", "fmt", type=click.Choice(EXPORT_FORMATS), default="turtle", show_default=True
)
@click.pass_context
def describe(ctx: click.Context, fmt: str) -> None:
    """Print the dataset description: VoID and DCAT (title, licence, version, issue date,
    triples, classes and instance counts, example resources, vocabularies, linksets,
    distributions). Exports include it.

    \b
    Example:
      tradegraph describe
      tradegraph describe --format json-ld
    """
    click.echo(_project(ctx).describe(fmt), nl=False)


@cli.command()
@click.option(
    "--endpoint",
    required=True,
    metavar="URL",
    help="The server's Graph Store Protocol URL (Oxigraph: http://HOST:7878/store).",
)
@click.option(
    "--graph",
    metavar="IRI",
    default=DATASET,
    show_default=True,
    help="The named graph to replace with tradegraph's graph.",
)
@_timeout
@_retries
@click.pass_context
def push(ctx: click.Context, endpoint: str, graph: str, timeout: float, retries: int) -> None:
    """Publish the validated graph to a SPARQL server through the Graph Store HTTP Protocol.

    Replaces the named graph as a whole with one PUT, then reads it back and checks the server
    holds as many triples as were sent. Refuses a graph that does not validate (exit 1); exit 3
    when the server fails. Credentials come from TRADEGRAPH_ENDPOINT_USER and
    TRADEGRAPH_ENDPOINT_PASSWORD, or TRADEGRAPH_ENDPOINT_TOKEN.

    \b
    Example:
      tradegraph push --endpoint http://127.0.0.1:7878/store
      tradegraph query jsi-timeline --endpoint http://127.0.0.1:7878/query
    """
    from tradegraph.engines.remote import Endpoint

    report = _project(ctx).push(Endpoint(endpoint, timeout, retries), graph)
    click.echo(
        f"pushed {report.sent} triples to <{graph}> at {endpoint}; the server holds {report.held}"
    )


@cli.command()
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="The address to listen on; anything but loopback exposes the graph to the network.",
)
@click.option("--port", type=click.IntRange(1, 65535), default=7878, show_default=True)
@click.pass_context
def serve(ctx: click.Context, host: str, port: int) -> None:
    """Serve the validated graph read-only through the Oxigraph SPARQL server, until Ctrl-C.

    The server opens the cached store itself (no copy). Queries see the graph without naming
    it; `--endpoint URL/query` lets every tradegraph command ask it.

    \b
    Example:
      tradegraph serve
      tradegraph serve --port 8080
    """

    def ready(base: str) -> None:
        click.echo(f"serving the graph read-only at {base}/query (SPARQL 1.1); Ctrl-C stops")
        click.echo(
            "  try: tradegraph query jsi-timeline --endpoint "
            f"{base}/query\n  or:  curl {base}/query --data-urlencode "
            "'query=SELECT (COUNT(*) AS ?triples) WHERE { ?s ?p ?o }'"
        )

    _project(ctx).serve(host, port, ready)
    click.echo("stopped")


@cli.group()
def link() -> None:
    """Link tradegraph's resources with open datasets, writing linkset files under data/links/.

    A linkset is rewritten only when its links change, atomically; a failing endpoint leaves
    it untouched.

    \b
    Example:
      tradegraph link wikidata
      tradegraph link eu-countries
    """


_linkset_option = click.option(
    "--linkset",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The linkset file to write (default: the one under data/links/).",
)


@link.command(name="wikidata")
@click.option(
    "--endpoint",
    default="https://query.wikidata.org/sparql",
    show_default=True,
    help="A SPARQL endpoint holding Wikidata's data.",
)
@_timeout
@_retries
@_linkset_option
@click.pass_context
def link_wikidata(
    ctx: click.Context, endpoint: str, timeout: float, retries: int, linkset: Path | None
) -> None:
    """Link every country to its Wikidata item by ISO 3166-1 alpha-3 code (P298).

    Queries the endpoint (POST, a timeout, retries with backoff) and reports the links added,
    changed and unmatched. Exit 3 when the endpoint fails.

    \b
    Example:
      tradegraph link wikidata
      tradegraph link wikidata --endpoint http://127.0.0.1:7878/query
    """
    from tradegraph.engines.remote import Endpoint

    report = _project(ctx).link_wikidata(Endpoint(endpoint, timeout, retries), linkset)
    changes = report.changes
    assert changes is not None  # Wikidata links always report their changes
    click.echo(
        f"{report.path}: {len(changes.added)} added, {len(changes.changed)} changed, "
        f"{len(changes.unmatched)} unmatched ({report.ambiguous} with several items)"
    )
    for kind, items in (("changed", changes.changed), ("unmatched", changes.unmatched)):
        for item in items:
            click.echo(f"  {kind}: {item}")


@link.command(name="eu-countries")
@_linkset_option
@click.pass_context
def link_eu_countries(ctx: click.Context, linkset: Path | None) -> None:
    """Link every country to the EU country authority table (authority code = alpha-3 code).

    \b
    Example:
      tradegraph link eu-countries
    """
    report = _project(ctx).link_eu_countries(linkset)
    state = "rewritten" if report.rewritten else "unchanged"
    click.echo(f"{report.path}: {report.links} links, {state}")


@cli.group(name="import")
def import_() -> None:
    """Import the sources of the census of WTO-notified agreements into data/census/.

    \b
    Example:
      tradegraph import census --wto-rta world_trade_agreements.json --tota tota/
    """


@import_.command(name="census")
@click.option(
    "--wto-rta",
    "wto_rta",
    type=click.Path(dir_okay=False, path_type=Path),
    help="An export of the WTO RTA-IS as JSON (site/data/world_trade_agreements.json of "
    "haydenstoltz/tariff-tracker).",
)
@click.option(
    "--tota",
    type=click.Path(file_okay=False, path_type=Path),
    help="A copy of the ToTA corpus (mappingtreaties/tota): its root or its xml/ folder.",
)
@click.pass_context
def import_census(ctx: click.Context, wto_rta: Path | None, tota: Path | None) -> None:
    """Rebuild data/census/ (one Turtle file per agreement) from the WTO RTA-IS export and the
    ToTA corpus, merged by RTA ID, with the curators' readings of the full-text screen
    (data/readings/census-screen.yaml). Curated agreements (data/agreements/) that link their
    WTO card keep every curated fact; the census adds their WTO RTA-IS record only.

    The same inputs give byte-identical files; a rerun changes nothing. The folder is written
    aside and swapped in. Nothing is fetched: both sources are local copies.

    \b
    Example:
      tradegraph import census --wto-rta world_trade_agreements.json --tota tota/
    """
    report = _project(ctx).import_census(wto_rta, tota)
    findings = ", ".join(f"{name} {count}" for name, count in report.findings.items())
    click.echo(f"{report.written} files in data/census/, {report.changed} changed")
    click.echo(f"reviews by finding: {findings}")


@cli.group()
def cache() -> None:
    """Manage the cached Oxigraph store that queries run on ($TRADEGRAPH_CACHE_DIR, default
    ~/.cache/tradegraph). It is rebuilt whenever an input file changes.

    \b
    Example:
      tradegraph cache clear
    """


@cache.command(name="clear")
@click.pass_context
def cache_clear(ctx: click.Context) -> None:
    """Remove every cached store.

    \b
    Example:
      tradegraph cache clear
    """
    project = _project(ctx)
    removed = project.clear_cache()
    click.echo(f"{project.cache_dir}: removed {len(removed)} cached store(s)")


@cli.command()
@_table_or_json
@click.pass_context
def stats(ctx: click.Context, fmt: str) -> None:
    """Count triples, instances per class and facts per verification level.

    \b
    Example:
      tradegraph stats
      tradegraph stats --format json
    """
    from tradegraph.table import aligned

    result = _project(ctx).stats()
    if fmt == "json":
        click.echo(json.dumps(result.as_dict(), indent=2))
        return
    click.echo(f"triples: {result.triples}\n")
    click.echo(aligned(["class", "instances"], [[k, str(v)] for k, v in result.classes.items()]))
    click.echo()
    rows = [[k, str(v)] for k, v in result.verification.items()]
    click.echo(aligned(["verification level", "resources"], rows))
    click.echo(f"\nshare at official text: {result.verified_share:.1%}")


def main() -> None:
    cli(prog_name="tradegraph")
