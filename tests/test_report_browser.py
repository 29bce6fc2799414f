"""The report in a real browser: Debian's headless Chromium driven by Playwright (its own browser
download cannot work here, so the executable is given). Pages open from file://, charts render
their marks, no console error occurs and no request leaves file:// (every other request is
aborted and fails the test). Screenshots are saved under pytest's temporary directory.

Skipped when Chromium or Playwright is missing, except under CI (CI=true), where that fails."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tradegraph import Project
from tradegraph.publish.report import build_report

from .conftest import ROOT

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _missing(what: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"{what} is missing under CI: .ci/run installs it", pytrace=False)
    pytest.skip(f"{what} is missing")


@pytest.fixture(scope="module")
def browser():
    if (
        not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK))
        or shutil.which(str(CHROMIUM)) is None
    ):
        _missing(f"Chromium ({CHROMIUM})")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("Playwright for Python")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    output = tmp_path_factory.mktemp("browser") / "site"
    build_report(Project(ROOT), output)
    return output


@pytest.fixture(scope="module")
def shots(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("screenshots")


class Visit:
    """A page in a fresh context that records console errors, page errors and every request
    that is not file:// (aborted)."""

    def __init__(self, browser) -> None:
        self.context = browser.new_context(viewport={"width": 1280, "height": 900})
        self.context.set_default_timeout(15_000)
        self.outside: list[str] = []
        self.errors: list[str] = []

        def guard(route):
            if route.request.url.startswith("file://"):
                route.continue_()
            else:
                self.outside.append(route.request.url)
                route.abort()

        self.context.route("**/*", guard)
        self.page = self.context.new_page()
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda exc: self.errors.append(str(exc)))

    def open(self, path: Path):
        self.page.goto(path.resolve().as_uri())
        self.page.wait_for_load_state("load")
        return self.page

    def check(self, shots: Path, name: str) -> None:
        self.page.screenshot(path=str(shots / f"{name}.png"), full_page=False)
        assert (shots / f"{name}.png").stat().st_size > 1000
        self.context.close()
        assert self.outside == [], f"requests left file://: {self.outside}"
        assert self.errors == [], f"console errors: {self.errors}"


@pytest.fixture()
def visit(browser):
    return Visit(browser)


def test_the_guard_catches_a_request_that_leaves_file(visit, tmp_path):
    """The check the other tests rely on can fail: a page loading a remote image is caught."""
    page = tmp_path / "remote.html"
    page.write_text('<!DOCTYPE html><img src="https://example.org/x.png" alt="">', "utf-8")
    visit.open(page)
    visit.context.close()
    assert visit.outside == ["https://example.org/x.png"]


def test_dashboard(visit, site, shots):
    page = visit.open(site / "index.html")
    assert page.title() == "tradegraph: dashboard · tradegraph"
    assert page.locator(".card").count() == 4
    coverage = Project(ROOT).query("census-coverage")
    agreements = sum(int(row[coverage.columns.index("agreements")].value) for row in coverage.rows)
    assert page.locator(".card .n").first.inner_text() == str(agreements) > "600"
    assert page.get_by_text("lapsed", exact=True).count() >= 1
    visit.check(shots, "dashboard")


def test_timelines_render_their_charts(visit, site, shots):
    page = visit.open(site / "timelines.html")
    # JSI counts, JSI milestones, the moratorium's timeline and positions, agreements by year (the
    # moratorium's decisions are a table only)
    assert page.locator("figure svg").count() == 5
    project = Project(ROOT)
    counts = project.query("jsi-participant-counts")
    jsi, milestones, moratorium, positions, by_year = (
        page.locator("figure").nth(i) for i in range(5)
    )
    points = jsi.locator("svg .mark-symbol.role-mark path")  # legend symbols are role-legend-symbol
    assert points.count() == len(counts.rows) == 8
    assert jsi.locator("svg .mark-line path").count() == 1
    assert milestones.locator("svg .mark-symbol.role-mark path").count() == len(
        project.query("jsi-timeline").rows
    )
    stances = project.query("moratorium-positions")
    assert positions.locator("svg .mark-symbol.role-mark path").count() == len(stances.rows)
    assert moratorium.locator("svg .mark-symbol.role-mark path").count() > 5
    assert by_year.locator("svg .mark-rect path").count() > 20  # the bars, by year and finding
    box = page.locator("figure svg").first.bounding_box()
    assert box is not None and box["width"] > 300 and box["height"] > 200
    visit.check(shots, "timelines")


def test_matrix(visit, site, shots):
    page = visit.open(site / "matrix.html")
    table = Project(ROOT).query("element-matrix")
    yes = sum(1 for row in table.rows for term in row if term is not None and term.value == "yes")
    assert page.locator("tbody td.cell-covered").count() == yes + 1  # and the legend's
    assert page.locator("tbody td.cell-not-read").count() > 0
    visit.check(shots, "matrix")


def test_headline_table_sorts_and_filters(visit, site, shots):
    page = visit.open(site / "cybersecurity.html")
    rows = page.locator("#headline tbody tr")
    assert rows.count() == len(Project(ROOT).query("agreements-with-cybersecurity").rows)
    page.locator("#headline th", has_text="level").click()
    assert rows.first.locator("td").nth(7).inner_text() == "official summary"
    page.fill("#filter", "Mexico")
    visible = [r for r in rows.all() if r.is_visible()]
    assert visible and all("Mexico" in r.inner_text() for r in visible)
    visit.check(shots, "cybersecurity")


def test_agreement_page(visit, site, shots):
    page = visit.open(site / "agreement" / "australia-uae-cepa.html")
    assert page.locator("h1").inner_text().startswith("Australia-United Arab Emirates")
    assert page.get_by_text("undermine confidence in digital trade").count() >= 1
    page.locator("a[href='../country/ARE.html']").first.click()
    page.wait_for_load_state("load")
    assert page.url.endswith("/country/ARE.html")
    assert page.locator("h1").inner_text() == "United Arab Emirates"
    visit.check(shots, "agreement")


def test_country_page(visit, site, shots):
    page = visit.open(site / "country" / "SGP.html")
    assert page.locator("h1").inner_text() == "Singapore"
    assert page.locator("a[href='../agreement/depa.html']").count() >= 1
    visit.check(shots, "country")


def test_world_map(visit, site, shots):
    import json

    from tradegraph.publish.report import pages

    topology = Path(pages.__file__).parent / "vendor" / "world-atlas" / "countries-110m.json"
    outlines = json.loads(topology.read_text(encoding="utf-8"))["objects"]["countries"]
    page = visit.open(site / "map.html")
    maps = page.locator("figure")
    assert maps.count() == 2  # by cyber agreements in force, by census coverage
    for i in range(2):
        shapes = maps.nth(i).locator("svg .mark-shape path")
        assert shapes.count() == len(outlines["geometries"])
    assert page.locator("a[href='country/SGP.html']").count() == 2  # in each map's data table
    visit.check(shots, "map")


def test_worklist(visit, site, shots):
    page = visit.open(site / "worklist.html")
    rows = page.locator("#worklist tbody tr")
    assert rows.count() == len(Project(ROOT).query("unverified-facts").rows)
    visit.check(shots, "worklist")


def test_ontology_documentation(visit, site, shots):
    page = visit.open(site / "index.html")
    page.locator("nav a", has_text="Ontology").click()
    page.wait_for_load_state("load")
    assert page.url.endswith("/ontology/index.html")
    page.locator("a[href='tradegraph.html']").first.click()
    page.wait_for_load_state("load")
    assert page.locator("#classes").count() == 1  # pyLODE's section of the classes
    visit.check(shots, "ontology")
