"""The report's charts: Vega-Lite specifications written with altair from the stored queries'
answers, rendered to SVG at build time by vl-convert (no script runs in the page). Each chart
carries its data as a table and an alternative text."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from tradegraph.errors import InputError

if TYPE_CHECKING:
    from tradegraph.api import Project
    from tradegraph.engines.result import ResultTable


def _cell(table: ResultTable, row: tuple, column: str) -> str:
    term = row[table.columns.index(column)]
    return "" if term is None else str(term.value)


def _full_date(text: str) -> str:
    """A date given by year or month, placed at the first day of that period for plotting."""
    return {4: f"{text}-01-01", 7: f"{text}-01"}.get(len(text), text)


def render_svg(chart: object, name: str) -> str:
    """The chart as SVG. vl-convert numbers the ids it makes (gradient_0, clip1, ...) by a counter
    that runs on through the process, so the same chart would differ between builds and two
    charts on a page could share an id: each id is renamed name-1, name-2, ... in order."""
    import vl_convert

    svg = vl_convert.vegalite_to_svg(chart.to_dict())  # type: ignore[attr-defined]
    ids = list(dict.fromkeys(re.findall(r'\bid="([^"]+)"', svg)))
    renamed = {old: f"{name}-{n}" for n, old in enumerate(ids, start=1)}
    if not renamed:
        return svg
    pattern = re.compile(
        r'(\bid="|url\(#|href="#)(' + "|".join(re.escape(i) for i in ids) + r')(?=[")])'
    )
    return pattern.sub(lambda m: m.group(1) + renamed[m.group(2)], svg)


def charts(project: Project) -> list[dict]:
    import altair as alt

    from tradegraph.publish.report.pages import V

    result = []
    counts = project.query("jsi-participant-counts")
    points = [
        {
            "date": _full_date(_cell(counts, r, "date")),
            "participants": int(_cell(counts, r, "participants")),
            "level": _cell(counts, r, "level"),
        }
        for r in counts.rows
    ]
    if points:
        chart = (
            alt.Chart(alt.Data(values=points))
            .mark_line(point=True)
            .encode(
                x=alt.X("date:T", title="date"),
                y=alt.Y("participants:Q", title="participants", scale=alt.Scale(zero=False)),
            )
            .properties(width=420, height=240, title="JSI on e-commerce: participants")
        )
        first, last = points[0], points[-1]
        result.append(
            {
                "id": "jsi",
                "title": "WTO JSI on e-commerce: participants over time",
                "svg": render_svg(chart, "jsi"),
                "alt": f"Line chart: JSI participants rose from {first['participants']} "
                f"({_cell(counts, counts.rows[0], 'date')}) to {last['participants']} "
                f"({_cell(counts, counts.rows[-1], 'date')}), {len(points)} counts.",
                "columns": ["date", "participants", "observation", "level", "source"],
                "rows": [
                    [
                        V(_cell(counts, r, "date")),
                        V(_cell(counts, r, "participants"), num=True),
                        V(_cell(counts, r, "observation")),
                        V(_cell(counts, r, "level"), level=True),
                        V(_cell(counts, r, "source"), url=_cell(counts, r, "source") or None),
                    ]
                    for r in counts.rows
                ],
                "note": "Stored query jsi-participant-counts. A count dated only by month or year "
                "is plotted at the first day of that month or year.",
            }
        )
    years = project.query("cyber-content-by-year")
    by_year: dict[str, dict[str, int]] = {}
    for r in years.rows:
        year = by_year.setdefault(
            _cell(years, r, "year"), {"agreements": 0, "provision": 0, "item": 0, "checked": 0}
        )
        year["agreements"] += int(_cell(years, r, "agreements"))
        year["provision"] += int(_cell(years, r, "withProvision"))
        year["item"] += int(_cell(years, r, "withCooperationItem"))
        year["checked"] += int(_cell(years, r, "checkedInText"))
    bars = []
    categories = [
        "cybersecurity provision",
        "cooperation item only",
        "checked, none found",
        "not checked in any text",
    ]
    for year, n in sorted(by_year.items()):
        rest = n["checked"] - n["provision"] - n["item"]
        unchecked = n["agreements"] - n["checked"]
        if rest < 0 or unchecked < 0:
            raise InputError(f"cyber-content-by-year: the counts of {year} do not add up")
        for category, value in zip(
            categories, (n["provision"], n["item"], rest, unchecked), strict=True
        ):
            if value:
                bars.append(
                    {
                        "year": year,
                        "finding": category,
                        "agreements": value,
                        "order": categories.index(category),
                    }
                )
    if bars:
        chart = (
            alt.Chart(alt.Data(values=bars))
            .mark_bar()
            .encode(
                x=alt.X("year:O", title="year of signature (or entry into force)"),
                y=alt.Y("agreements:Q", title="agreements", stack="zero"),
                color=alt.Color(
                    "finding:N",
                    sort=categories,
                    scale=alt.Scale(
                        domain=categories, range=["#1f6f43", "#8fbf6a", "#9db4cc", "#dddddd"]
                    ),
                    legend=alt.Legend(title="review finding", orient="bottom", columns=2),
                ),
                order=alt.Order("order:Q"),
            )
            .properties(width=760, height=260, title="Agreements by year, by cybersecurity finding")
        )
        total = sum(n["agreements"] for n in by_year.values())
        provision = sum(n["provision"] for n in by_year.values())
        result.append(
            {
                "id": "by-year",
                "title": "Agreements with cybersecurity content, by year of signature",
                "svg": render_svg(chart, "by-year"),
                "alt": f"Stacked bar chart of {total} dated agreements from {min(by_year)} to "
                f"{max(by_year)} by review finding; {provision} have a cybersecurity provision.",
                "columns": [
                    "year",
                    "agreements",
                    "cybersecurity provision",
                    "cooperation item only",
                    "checked in the text",
                ],
                "rows": [
                    [
                        V(y),
                        V(str(n["agreements"]), num=True),
                        V(str(n["provision"]), num=True),
                        V(str(n["item"]), num=True),
                        V(str(n["checked"]), num=True),
                    ]
                    for y, n in sorted(by_year.items())
                ],
                "note": "Stored query cyber-content-by-year, its rows of one year added up: a year "
                "counts agreements signed that year, and those whose signature date is not "
                "recorded by their year of entry into force (the query's datedBy column). "
                "Agreements with neither date are not counted.",
            }
        )
    return result


def _points_on_a_time_axis(table: ResultTable, rows: list[tuple], title: str) -> object:
    """The table's rows (dated events, with columns date and status) as points on one time axis,
    one row per status they set (y), coloured by it."""
    import altair as alt

    points = [
        {
            "date": _full_date(_cell(table, r, "date")),
            "category": _cell(table, r, "status") or "no status change",
        }
        for r in rows
    ]
    categories = {p["category"] for p in points}
    return (
        alt.Chart(alt.Data(values=points))
        .mark_point(filled=True, size=70, opacity=0.85)
        .encode(
            x=alt.X("date:T", title="date"),
            y=alt.Y("category:N", title="status it sets", sort=None),
            color=alt.Color("category:N", legend=None, sort=None),
        )
        .properties(width=640, height=30 * len(categories), title=title)
    )


def jsi_milestones(project: Project) -> dict | None:
    """The JSI's dated events (stored query jsi-timeline), by the status they set."""
    from tradegraph.publish.report.pages import V

    table = project.query("jsi-timeline")
    if not table.rows:
        return None
    chart = _points_on_a_time_axis(table, table.rows, "JSI on e-commerce: milestones")
    first, last = table.rows[0], table.rows[-1]
    return {
        "id": "jsi-milestones",
        "title": "WTO JSI on e-commerce: milestones",
        "svg": render_svg(chart, "jsi-milestones"),
        "alt": f"Timeline of {len(table.rows)} JSI events from {_cell(table, first, 'date')} to "
        f"{_cell(table, last, 'date')}, by the status each sets.",
        "columns": ["date", "event", "symbol", "sets status", "level"],
        "rows": [
            [
                V(_cell(table, r, "date")),
                V(_cell(table, r, "event")),
                V(_cell(table, r, "symbol")),
                V(_cell(table, r, "status")),
                V(_cell(table, r, "level"), level=True),
            ]
            for r in table.rows
        ],
        "note": "Stored query jsi-timeline. An event dated only by month or year is plotted at "
        "the first day of that month or year.",
    }


def moratorium_charts(project: Project, moratorium: str) -> list[dict]:
    """The moratorium's history: its dated events (stored query timeline, the rows about the
    moratorium, labelled moratorium) with the decisions that renewed it and their expiry rules
    (moratorium-renewals), and the members' positions over time (moratorium-positions)."""
    import altair as alt

    from tradegraph.publish.report.pages import V

    result = []
    timeline = project.query("timeline")
    rows = [r for r in timeline.rows if _cell(timeline, r, "about") == moratorium]
    if rows:
        chart = _points_on_a_time_axis(timeline, rows, "The moratorium: decisions and status")
        lapses = [r for r in rows if _cell(timeline, r, "status") not in ("", "in force")]
        ending = (
            f"; it was last set {_cell(timeline, lapses[-1], 'status')} on "
            f"{_cell(timeline, lapses[-1], 'date')}"
            if lapses
            else ""
        )
        result.append(
            {
                "id": "moratorium",
                "title": "The moratorium on customs duties on electronic transmissions: "
                "decisions, statements and lapse",
                "svg": render_svg(chart, "moratorium"),
                "alt": f"Timeline of {len(rows)} events about the moratorium from "
                f"{_cell(timeline, rows[0], 'date')} to {_cell(timeline, rows[-1], 'date')}, "
                f"by the status each sets{ending}.",
                "columns": ["date", "event", "sets status", "level"],
                "rows": [
                    [
                        V(_cell(timeline, r, "date")),
                        V(_cell(timeline, r, "what")),
                        V(_cell(timeline, r, "status")),
                        V(_cell(timeline, r, "level"), level=True),
                    ]
                    for r in rows
                ],
                "note": "Stored query timeline, its rows about the moratorium. A decision whose "
                "adoption day is not recorded is placed at its conference's end.",
            }
        )
    renewals = project.query("moratorium-renewals")
    if renewals.rows:
        result.append(
            {
                "id": "moratorium-decisions",
                "title": "The decisions that adopted and renewed the moratorium, with their "
                "expiry rules",
                "svg": None,
                "alt": "",
                "columns": [
                    "adopted",
                    "decision",
                    "conference",
                    "symbol",
                    "expiry rule",
                    "expires",
                    "level",
                ],
                "rows": [
                    [
                        V(_cell(renewals, r, c), level=c == "level")
                        for c in (
                            "adopted",
                            "decision",
                            "conference",
                            "symbol",
                            "expiryRule",
                            "expires",
                            "level",
                        )
                    ]
                    for r in renewals.rows
                ],
                "note": "Stored query moratorium-renewals. The adoption day is empty where it is "
                "not recorded.",
            }
        )
    positions = project.query("moratorium-positions")
    if positions.rows:
        colours = {"supports": "#1f6f43", "questions": "#c98a12", "opposes": "#b0302a"}
        found = {_cell(positions, r, "stance") for r in positions.rows}
        stances = [s for s in colours if s in found] + sorted(found - set(colours))
        marks = [
            {
                "date": _full_date(_cell(positions, r, "date")),
                "member": _cell(positions, r, "member"),
                "stance": _cell(positions, r, "stance"),
            }
            for r in positions.rows
        ]
        members = sorted({m["member"] for m in marks})
        chart = (
            alt.Chart(alt.Data(values=marks))
            .mark_point(filled=True, size=80)
            .encode(
                x=alt.X("date:T", title="date"),
                y=alt.Y("member:N", title=None, sort=members),
                color=alt.Color(
                    "stance:N",
                    sort=stances,
                    scale=alt.Scale(
                        domain=stances, range=[colours.get(s, "#777777") for s in stances]
                    ),
                    legend=alt.Legend(title="stance", orient="bottom"),
                ),
                shape=alt.Shape("stance:N", sort=stances, legend=None),
            )
            .properties(width=560, height=18 * len(members), title="Positions on the moratorium")
        )
        counts = ", ".join(f"{sum(1 for m in marks if m['stance'] == s)} {s}" for s in stances)
        result.append(
            {
                "id": "moratorium-positions",
                "title": "Positions on the moratorium, by member",
                "svg": render_svg(chart, "moratorium-positions"),
                "alt": f"Dot chart of {len(marks)} positions of {len(members)} members on the "
                f"moratorium over time, by stance: {counts}.",
                "columns": ["date", "member", "stance", "position", "symbol", "level"],
                "rows": [
                    [
                        V(_cell(positions, r, c), level=c == "level")
                        for c in ("date", "member", "stance", "position", "symbol", "level")
                    ]
                    for r in positions.rows
                ],
                "note": "Stored query moratorium-positions: one row per member and position. A "
                "position shared by a group is one row per member.",
            }
        )
    return result


def _topology() -> dict:
    import json
    from importlib.resources import files

    return json.loads(
        files("tradegraph.publish.report")
        .joinpath("vendor/world-atlas/countries-110m.json")
        .read_text(encoding="utf-8")
    )


def _choropleth(
    topology: dict, values: list[dict], field: str, legend: str, scheme: str, title: str
) -> object:
    """Natural Earth's outlines, each country with a value (id: ISO numeric code) coloured by
    field on the scheme, the others grey."""
    import altair as alt

    return (
        alt.Chart(
            alt.Data(values=topology, format=alt.DataFormat(type="topojson", feature="countries"))
        )
        .mark_geoshape(stroke="#ffffff", strokeWidth=0.4)
        .transform_lookup(lookup="id", from_=alt.LookupData(alt.Data(values=values), "id", [field]))
        # A country without a value keeps its outline: Vega-Lite drops shapes whose colour
        # value is missing, so it gets -1, drawn grey.
        .transform_calculate(shown=f"isValid(datum.{field}) ? datum.{field} : -1")
        .encode(
            color=alt.condition(
                "datum.shown >= 0",
                alt.Color(
                    "shown:Q",
                    title=legend,
                    scale=alt.Scale(scheme=scheme, domainMin=0),
                    legend=alt.Legend(orient="bottom-left"),
                ),
                alt.value("#e3e3e3"),
            )
        )
        .project(type="equalEarth")
        .properties(width=760, height=400, title=title)
    )


def world_maps(
    project: Project, numeric_by_alpha3: dict[str, str], pages: dict[str, str], day: str
) -> list[dict]:
    """Two views of the world on Natural Earth's outlines: countries coloured by the number of
    agreements with a cybersecurity provision in force for them on the data's date (stored query
    countries-by-cyber-agreements), and by the share of their agreements checked in a full text
    (countries-census-coverage)."""
    from tradegraph.publish.report.pages import V

    topology = _topology()
    outlines = {g.get("id") for g in topology["objects"]["countries"]["geometries"]}

    def placed(table: ResultTable, field: str, column: str) -> tuple[list[dict], list[str]]:
        values, unmapped = [], []
        for r in table.rows:
            numeric = numeric_by_alpha3.get(_cell(table, r, "code"))
            if numeric is None or numeric not in outlines:
                unmapped.append(_cell(table, r, "party"))
            else:
                values.append({"id": numeric, field: int(_cell(table, r, column))})
        return values, unmapped

    def not_drawn(unmapped: list[str]) -> str:
        if not unmapped:
            return ""
        return (
            " Not drawn (not a country, or too small for the 1:110m outlines): "
            + ", ".join(sorted(unmapped))
            + "."
        )

    outlines_note = (
        " Outlines: Natural Earth 1:110m from the npm package world-atlas 2.0.2 (ISC), shipped "
        "with tradegraph."
    )
    result = []
    table = project.query("countries-by-cyber-agreements", {"on": day})
    signed = len(project.query("countries-by-cyber-agreements").rows)
    if table.rows:
        values, unmapped = placed(table, "agreements", "agreements")
        first = table.rows[0]  # the query ranks parties by their count
        leader = f"{_cell(table, first, 'party')} ({_cell(table, first, 'agreements')})"
        drawn = "" if _cell(table, first, "party") not in unmapped else ", too small to draw"
        result.append(
            {
                "id": "map",
                "title": f"Agreements with a cybersecurity provision in force on {day}, by party",
                "svg": render_svg(
                    _choropleth(
                        topology,
                        values,
                        "agreements",
                        "agreements (grey: none recorded)",
                        "greens",
                        f"Agreements with a cybersecurity provision in force on {day}",
                    ),
                    "map",
                ),
                "alt": f"World map: {len(values)} countries shaded by the number of agreements "
                f"with a cybersecurity provision in force for them on {day}, the others grey; "
                f"the most: {leader}{drawn}.",
                "columns": ["party", "code", "agreements", "read in the official text"],
                "rows": [
                    [
                        V(_cell(table, r, "party"), href=pages.get(_cell(table, r, "party"))),
                        V(_cell(table, r, "code")),
                        V(_cell(table, r, "agreements"), num=True),
                        V(_cell(table, r, "readInOfficialText"), num=True),
                    ]
                    for r in table.rows
                ],
                "note": f"Stored query countries-by-cyber-agreements with on={day}: agreements "
                "with a cybersecurity provision in force for each direct party on that date (its "
                "own entry into force, or the agreement's). An agreement whose entry into force "
                f"the graph does not record is not counted: without the date, {signed} parties "
                "are party to one signed or in force (the query without 'on'), "
                f"{signed - len(table.rows)} more than here. A party "
                "that is a bloc or an organization (e.g. the European Union) is not drawn on the "
                "map, and its agreements are not counted for its members: see the table."
                + outlines_note
                + not_drawn(unmapped),
            }
        )
    coverage = project.query("countries-census-coverage")
    if coverage.rows:
        values, unmapped = placed(coverage, "share", "share")
        low = [r for r in coverage.rows if int(_cell(coverage, r, "share")) < 50]
        result.append(
            {
                "id": "coverage-map",
                "title": "How much of each party's treaty network was checked in a full text",
                "svg": render_svg(
                    _choropleth(
                        topology,
                        values,
                        "share",
                        "% checked in the text",
                        "blues",
                        "Census coverage: share of each party's agreements checked in the text",
                    ),
                    "coverage-map",
                ),
                "alt": f"World map: {len(values)} countries shaded by the share of the "
                "agreements they are a direct party to that were screened or read in a full "
                f"text; {len(low)} of {len(coverage.rows)} parties have less than half checked.",
                "columns": ["party", "code", "agreements", "checked in the text", "share (%)"],
                "rows": [
                    [
                        V(_cell(coverage, r, "party"), href=pages.get(_cell(coverage, r, "party"))),
                        V(_cell(coverage, r, "code")),
                        V(_cell(coverage, r, "agreements"), num=True),
                        V(_cell(coverage, r, "checkedInText"), num=True),
                        V(_cell(coverage, r, "share"), num=True),
                    ]
                    for r in coverage.rows
                ],
                "note": "Stored query countries-census-coverage: the agreements each party is a "
                "direct party to, and how many of them were screened or read in a full text "
                "(a review method other than 'no text checked'). Agreements signed through a "
                "bloc are counted for the bloc only." + outlines_note + not_drawn(unmapped),
            }
        )
    return result
