"""`tradegraph report`: a static, offline HTML site of the graph.

The dashboard, the headline table, the element matrix and the timelines come from the stored
queries (Project.query); the page of each agreement, country, negotiation, measure and policy
instrument from the parsed graph (Project.graph). Charts are Vega-Lite specifications (altair)
rendered to SVG at build time (vl-convert), so a page loads no script but a few lines of inline
sorting. The site is built in a folder beside the target and swapped in; the same graph gives
byte-identical files, and the date shown is the data's (the ontology's dcterms:modified)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from tradegraph.errors import UsageError

if TYPE_CHECKING:
    from tradegraph.api import Project

MARKER = ".tradegraph-report"  # a folder holding it is a report this command may replace


@dataclass(frozen=True)
class ReportSummary:
    output: Path
    pages: int  # HTML files written
    bytes: int  # the site's size
    data_date: str


def build_report(project: Project, output: Path) -> ReportSummary:
    """Build the site into output (replaced atomically: readers see the old site or the new)."""
    from tradegraph.files import check_replaceable, write_folder_atomic

    try:
        import altair  # noqa: F401
        import jinja2  # noqa: F401
        import vl_convert  # noqa: F401
    except ImportError as exc:
        raise UsageError(
            f"report needs the 'report' extra ({exc.name} is missing): "
            "pip install 'tradegraph[report]'"
        ) from None
    from tradegraph.publish.report.pages import render_site

    output = Path(output)
    check_replaceable(output, MARKER, "a tradegraph report")
    files, data_date = render_site(project)  # everything is computed before anything is written
    write_folder_atomic(
        output,
        {name: text.encode("utf-8") for name, text in files.items()},
        MARKER,
        "a tradegraph report",
    )
    size = sum(len(text.encode("utf-8")) for text in files.values())
    pages = sum(1 for name in files if name.endswith(".html"))
    return ReportSummary(output, pages, size, data_date)
