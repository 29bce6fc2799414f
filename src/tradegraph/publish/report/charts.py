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


def world_map(
    project: Project, numeric_by_alpha3: dict[str, str], pages: dict[str, str]
) -> dict | None:
    """Countries coloured by the number of agreements with a cybersecurity provision they are
    party to (stored query countries-by-cyber-agreements), on Natural Earth's outlines."""
    import json
    from importlib.resources import files

    import altair as alt

    from tradegraph.publish.report.pages import V

    table = project.query("countries-by-cyber-agreements")
    if not table.rows:
        return None
    topology = json.loads(
        files("tradegraph.publish.report")
        .joinpath("vendor/world-atlas/countries-110m.json")
        .read_text(encoding="utf-8")
    )
    outlines = {g.get("id") for g in topology["objects"]["countries"]["geometries"]}
    counts = []
    unmapped = []
    for r in table.rows:
        code = _cell(table, r, "code")
        numeric = numeric_by_alpha3.get(code)
        if numeric is None or numeric not in outlines:
            unmapped.append(_cell(table, r, "party"))
            continue
        counts.append(
            {
                "id": numeric,
                "party": _cell(table, r, "party"),
                "n": int(_cell(table, r, "agreements")),
            }
        )
    shapes = alt.Data(values=topology, format=alt.DataFormat(type="topojson", feature="countries"))
    base = (
        alt.Chart(shapes)
        .mark_geoshape(stroke="#ffffff", strokeWidth=0.4)
        .transform_lookup(
            lookup="id", from_=alt.LookupData(alt.Data(values=counts), "id", ["n", "party"])
        )
        .transform_calculate(agreements="isValid(datum.n) ? datum.n : 0")
        .encode(
            color=alt.condition(
                "datum.agreements > 0",
                alt.Color(
                    "agreements:Q",
                    title="agreements (grey: none recorded)",
                    scale=alt.Scale(scheme="greens", domainMin=0),
                    legend=alt.Legend(orient="bottom-left"),
                ),
                alt.value("#e3e3e3"),
            )
        )
        .project(type="equalEarth")
        .properties(
            width=760, height=400, title="Agreements with a cybersecurity provision, by party"
        )
    )
    first = table.rows[0]  # the query ranks parties by their count
    leader = f"{_cell(table, first, 'party')} ({_cell(table, first, 'agreements')})"
    drawn = "" if _cell(table, first, "party") not in unmapped else ", too small to draw"
    alt_text = (
        f"World map: {len(counts)} "
        f"countries shaded by the number of agreements with a cybersecurity provision they are "
        f"a direct party to, the others grey; the most: {leader}{drawn}."
    )
    note = (
        "Stored query countries-by-cyber-agreements: agreements signed or in force with a "
        "cybersecurity provision, counted for each direct party. A party that is a bloc or an "
        "organization (e.g. the European Union) is not drawn on the map, and its agreements are "
        "not counted for its members: see the table. Outlines: Natural Earth 1:110m from the "
        "npm package world-atlas 2.0.2 (ISC), shipped with tradegraph."
    )
    if unmapped:
        note += (
            " Not drawn (not a country, or too small for the 1:110m outlines): "
            + ", ".join(sorted(unmapped))
            + "."
        )
    return {
        "id": "map",
        "title": "Agreements with a cybersecurity provision, by party",
        "svg": render_svg(base, "map"),
        "alt": alt_text,
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
        "note": note,
    }
