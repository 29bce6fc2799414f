"""`tradegraph report`: the pages hold the stored queries' answers, every internal link resolves,
nothing is loaded from the network, two builds are byte-identical, a failed build keeps the old
site."""

from __future__ import annotations

import os
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from markupsafe import escape  # jinja's own escaping (' as &#39;, where html.escape gives &#x27;)
from rdflib import DCTERMS, URIRef

from tradegraph import Project
from tradegraph.errors import InputError
from tradegraph.namespaces import ID, TG
from tradegraph.publish.report import MARKER, build_report
from tradegraph.publish.report import pages as pages_module
from tradegraph.stats import data_date

from .conftest import ROOT


class Page(HTMLParser):
    """A page's links, resources, table rows (cells' text and class) and ids."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []  # href of <a>
        self.resources: list[tuple[str, str]] = []  # (tag, src or href) loaded by the page
        self.rows: list[list[tuple[str, str]]] = []  # [(text, class)] per <tr>
        self.cards: list[tuple[str, str]] = []  # (number, label) of the dashboard's cards
        self.svgs = 0
        self._cell: list[str] | None = None
        self._cell_class = ""
        self._card: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "a" and "href" in a:
            self.links.append(a["href"])
        if tag in ("script", "img", "iframe", "source", "audio", "video") and "src" in a:
            self.resources.append((tag, a["src"]))
        if tag == "link" and "href" in a:
            self.resources.append((tag, a["href"]))
        if tag == "svg":
            self.svgs += 1
        if tag == "tr":
            self.rows.append([])
        if tag in ("td", "th"):
            self._cell, self._cell_class = [], a.get("class") or ""
        if tag == "div" and a.get("class") == "card":
            self._card = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append(("".join(self._cell).strip(), self._cell_class))
            self._cell = None
        if tag == "div" and self._card is not None and len(self._card) == 2:
            self.cards.append((self._card[0], self._card[1]))
            self._card = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)
        if self._card is not None and data.strip():
            self._card.append(data.strip())


def parse(path: Path) -> Page:
    page = Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def cell(table, row, column: str) -> str:
    term = row[table.columns.index(column)]
    return "" if term is None else str(term.value)


@pytest.fixture(scope="module")
def project() -> Project:
    return Project(ROOT)


@pytest.fixture(scope="module")
def site(project, tmp_path_factory) -> Path:
    output = tmp_path_factory.mktemp("report") / "site"
    summary = build_report(project, output)
    assert summary.output == output and summary.data_date == "2026-12-02"
    return output


def tree(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def test_dashboard_counts_match_census_coverage(project, site):
    coverage = project.query("census-coverage")
    n = {
        "total": 0,
        "provision": 0,
        "checked": 0,
    }
    for row in coverage.rows:
        count = int(cell(coverage, row, "agreements"))
        n["total"] += count
        n["provision"] += count if cell(coverage, row, "finding") == "provision found" else 0
        n["checked"] += count if cell(coverage, row, "method") != "no text checked" else 0
    cards = dict((label, int(number)) for number, label in parse(site / "index.html").cards)
    assert cards == {
        "trade agreements": n["total"],
        "with a cybersecurity provision": n["provision"],
        "checked in the text (screened or read)": n["checked"],
        "not yet checked in any text": n["total"] - n["checked"],
    }
    # Every agreement of the graph is in the census; the headline table lists those with one.
    assert cards["trade agreements"] == project.stats().classes["TradeAgreement"] > 600
    headline = project.query("agreements-with-cybersecurity")
    agreements = {cell(headline, r, "agreement") for r in headline.rows}
    assert cards["with a cybersecurity provision"] == len(agreements) > 15


def test_dashboard_shows_the_moratorium_on_the_datas_date(site):
    page = parse(site / "index.html")
    text = (site / "index.html").read_text(encoding="utf-8")
    assert "on 2026-12-02" in text
    lapsed = [row for row in page.rows if row and row[0][0] == "lapsed"]
    assert lapsed and lapsed[0][1][0] == "2026-03-30"
    levels = {
        row[0][0]: int(row[1][0]) for row in page.rows if len(row) == 2 and row[1][0].isdigit()
    }
    stats = Project(ROOT).stats().verification
    assert levels == {k.replace("-", " "): v for k, v in stats.items()}


def test_matrix_cells_match_the_element_matrix_query(project, site):
    table = project.query("element-matrix")
    rows = [row for row in parse(site / "matrix.html").rows if len(row) == 9][1:]  # no header
    assert len(rows) == len(table.rows) > 0
    columns = [c for c, _ in pages_module.ELEMENTS]
    seen = set()
    for html_row, row in zip(rows, table.rows, strict=True):
        assert html_row[0][0] == cell(table, row, "agreement")
        assert html_row[1][0] == cell(table, row, "article")
        level = cell(table, row, "level")
        for (_, cls), column in zip(html_row[2:8], columns, strict=True):
            if cell(table, row, column) == "yes":
                expected = "cell-covered"
            elif level == "official text":
                expected = "cell-not-covered"
            else:
                expected = "cell-not-read"
            assert cls == expected
            seen.add(expected)
    # The shipped data has provisions read in the text and others known only from sources.
    assert seen == {"cell-covered", "cell-not-covered", "cell-not-read"}


def test_headline_table_has_every_cybersecurity_provision(project, site):
    table = project.query("agreements-with-cybersecurity")
    rows = [r for r in parse(site / "cybersecurity.html").rows if len(r) == 9][1:]
    assert [(r[0][0], r[1][0]) for r in rows] == [
        (cell(table, t, "agreement"), cell(table, t, "article")) for t in table.rows
    ]
    usmca = [r for r in rows if r[0][0].startswith("United States-Mexico-Canada")]
    assert usmca and "Canada" in usmca[0][5][0] and "Mexico" in usmca[0][5][0]


def test_a_page_per_agreement_country_negotiation_measure(project, site):
    classes = project.stats().classes
    assert len(list((site / "agreement").glob("*.html"))) == classes["TradeAgreement"] > 600
    assert len(list((site / "country").glob("*.html"))) == classes["Country"]
    assert len(list((site / "negotiation").glob("*.html"))) == classes["Negotiation"]
    assert len(list((site / "measure").glob("*.html"))) == classes["Measure"]
    assert len(list((site / "instrument").glob("*.html"))) == classes["PolicyInstrument"]


def test_agreement_page_shows_parties_provisions_review_and_sources(site):
    text = (site / "agreement" / "australia-uae-cepa.html").read_text(encoding="utf-8")
    page = parse(site / "agreement" / "australia-uae-cepa.html")
    assert "../country/AUS.html" in page.links and "../country/ARE.html" in page.links
    assert "threats to cybersecurity undermine confidence in digital trade" in text
    assert "Provision review" in text and "level-" in text
    depa = (site / "agreement" / "depa.html").read_text(encoding="utf-8")
    assert "not established" in depa and "acceding party" in depa


def test_agreement_page_links_where_its_official_text_lives(site, project):
    """One click from the agreement's page to its text: the documents group, not the events."""
    graph = project.graph.graph
    path = site / "agreement" / "rta-100.html"  # Kyrgyz Republic - Kazakhstan: WT/REG81/1
    text = path.read_text(encoding="utf-8")
    (document,) = graph.objects(URIRef(f"{ID}agreement/rta-100"), TG.officialText)
    urls = {str(u) for u in graph.objects(document, DCTERMS.source)}
    assert len(urls) == 3 and urls <= set(parse(path).links)
    assert "<h2>Documents (1)</h2>" in text and "<h2>Events" not in text
    # Where no text was located, the page says why.
    china_belarus = URIRef(f"{ID}agreement/rta-1345")  # 2026: no text in hand
    why = str(graph.value(china_belarus, TG.officialTextUnlocated))
    page = (site / "agreement" / "rta-1345.html").read_text(encoding="utf-8")
    assert why and str(escape(why)) in page


def test_country_page_links_its_agreements(site):
    page = parse(site / "country" / "SGP.html")
    assert "../agreement/depa.html" in page.links
    assert "../agreement/korea-singapore-dpa.html" in page.links


def test_every_internal_link_resolves(site):
    checked = 0
    for path in sorted(site.rglob("*.html")):
        page = parse(path)
        for href in page.links + [r for _, r in page.resources]:
            parts = urlsplit(href)
            if parts.scheme in ("http", "https", "mailto", "data"):
                continue  # outward links, and pyLODE's icons inlined as data: URLs
            assert not parts.scheme and not parts.netloc, (path, href)
            if not parts.path:
                continue
            target = (path.parent / unquote(parts.path)).resolve()
            assert target.is_file() and site.resolve() in target.parents, (path, href)
            checked += 1
    assert checked > 10_000


def test_every_page_resource_links_to_its_page(site):
    """The IRIs of agreements named in the headline table and the matrix link to their pages."""
    for name in ("cybersecurity.html", "matrix.html"):
        page = parse(site / name)
        agreement_links = [h for h in page.links if h.startswith("agreement/")]
        assert len(agreement_links) >= 17, name


def test_nothing_is_loaded_from_the_network(site):
    for path in sorted(site.rglob("*.html")):
        page = parse(path)
        for tag, ref in page.resources:
            scheme = urlsplit(ref).scheme
            assert scheme in ("", "data") and not ref.startswith("//"), (path, tag, ref)
        text = path.read_text(encoding="utf-8")
        assert "@import" not in text and "url(http" not in text and "url(//" not in text


def test_charts_are_inline_svg_with_their_data(project, site):
    path = site / "timelines.html"
    page = parse(path)
    text = path.read_text(encoding="utf-8")
    assert page.svgs == 5  # JSI counts and milestones, moratorium events and positions, by year
    assert "mark-line" in text and "mark-rect" in text  # the line and the bars were drawn
    assert text.count('role="img" aria-label="') == 5
    counts = project.query("jsi-participant-counts")
    table_rows = [r for r in page.rows if len(r) == 5 and r[0][0][:4].isdigit()]
    jsi = [(r[0][0], r[1][0]) for r in table_rows[: len(counts.rows)]]  # the first table
    assert jsi == [(cell(counts, r, "date"), cell(counts, r, "participants")) for r in counts.rows]
    assert "from 71 (2017-12-13) to 91 (2024-07-26)" in text


def test_two_builds_are_byte_identical(project, site, tmp_path):
    again = build_report(project, tmp_path / "again")
    assert tree(again.output) == tree(site)


def test_a_failed_build_leaves_the_old_site(project, site, tmp_path, monkeypatch):
    files = pages_module.render_site(project)
    output = tmp_path / "site"
    build_report(project, output)
    before = tree(output)
    monkeypatch.setattr(pages_module, "render_site", lambda _project: files)
    real = Path.write_bytes
    calls = {"n": 0}

    def failing(self, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 50:
            raise OSError(28, "No space left on device")
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Path, "write_bytes", failing)
    with pytest.raises(InputError, match="No space left on device"):
        build_report(project, output)
    monkeypatch.setattr(Path, "write_bytes", real)
    assert tree(output) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]  # no staging folder left


def test_a_folder_that_is_not_a_report_is_not_replaced(tmp_path, invoke):
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "notes.txt").write_text("keep me", encoding="utf-8")
    result = invoke("report", "-o", str(folder))
    assert result.exit_code == 2
    assert "not a tradegraph report" in result.output and "Traceback" not in result.output
    assert os.listdir(folder) == ["notes.txt"]


def test_the_cli_builds_a_report(tmp_path, invoke):
    result = invoke("report", "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    pages = sum(1 for _ in (tmp_path / "out").rglob("*.html"))
    assert f"{pages} pages" in result.output and "data as of 2026-12-02" in result.output
    assert (tmp_path / "out" / MARKER).is_file()


def test_world_map_has_the_querys_counts_and_names_what_it_cannot_draw(project, site):
    path = site / "map.html"
    text = path.read_text(encoding="utf-8")
    day = data_date(project.store().engine())
    table = project.query("countries-by-cyber-agreements", {"on": day})  # in force then
    rows = [r for r in parse(path).rows if len(r) == 4][1:]
    assert [(r[0][0], r[2][0]) for r in rows] == [
        (cell(table, t, "party"), cell(table, t, "agreements")) for t in table.rows
    ]
    assert f"in force on {day}, by party" in text
    # How many parties the in-force view leaves out, against the query without the date.
    signed = len(project.query("countries-by-cyber-agreements").rows)
    assert f"{signed} parties are party to one signed or in force" in text
    assert f"{signed - len(table.rows)} more than here" in text
    assert text.count("<svg") == 2 and "mark-shape" in text  # and the coverage map
    # Parties without outlines at 1:110m (a bloc, Singapore) are said, not hidden.
    parties = {cell(table, t, "party") for t in table.rows}
    assert {"European Union", "Singapore"} <= parties
    assert "too small for the 1:110m outlines): European Union" in text
    assert "Singapore." in text.split("too small for the 1:110m outlines)")[1]


def test_chart_ids_are_unique_and_stable(site):
    """vl-convert numbers its ids by a process-wide counter; the report renames them."""
    import re

    for name in ("timelines.html", "map.html"):  # several charts on a page
        ids = re.findall(r'\bid="([^"]+)"', (site / name).read_text(encoding="utf-8"))
        assert len(ids) == len(set(ids)), name
    assert 'id="map-1"' in (site / "map.html").read_text(encoding="utf-8")


def _table_after(path: Path, heading: str) -> list[list[str]]:
    """The rows (cells' text, header row left out) of the first table after the heading."""
    text = path.read_text(encoding="utf-8")
    start = text.index(f">{escape(heading)}</h2>")
    end = text.find("<h2", start + 1)
    page = Page()
    page.feed(text[start : end if end > 0 else len(text)])
    return [[c for c, _ in row] for row in page.rows[1:]]


def test_moratorium_timeline_decisions_and_positions(project, site):
    path = site / "timelines.html"
    text = path.read_text(encoding="utf-8")
    label = "WTO moratorium on customs duties on electronic transmissions"
    timeline = project.query("timeline")
    events = [r for r in timeline.rows if cell(timeline, r, "about") == label]
    shown = _table_after(
        path,
        "The moratorium on customs duties on electronic transmissions: "
        "decisions, statements and lapse",
    )
    assert [(r[0], r[1], r[2]) for r in shown] == [
        (cell(timeline, r, "date"), cell(timeline, r, "what"), cell(timeline, r, "status"))
        for r in events
    ]
    assert shown[-1][2] == "lapsed"  # MC14 ended without an extension
    assert f"it was last set lapsed on {shown[-1][0]}" in text
    renewals = project.query("moratorium-renewals")
    decisions = _table_after(
        path, "The decisions that adopted and renewed the moratorium, with their expiry rules"
    )
    assert [(r[1], r[4]) for r in decisions] == [
        (cell(renewals, r, "decision"), cell(renewals, r, "expiryRule")) for r in renewals.rows
    ]
    positions = project.query("moratorium-positions")
    by_member = _table_after(path, "Positions on the moratorium, by member")
    assert [(r[0], r[1], r[2]) for r in by_member] == [
        (cell(positions, r, "date"), cell(positions, r, "member"), cell(positions, r, "stance"))
        for r in positions.rows
    ]
    members = {cell(positions, r, "member") for r in positions.rows}
    assert f"positions of {len(members)} members" in text


def test_jsi_milestones_are_the_jsi_timeline(project, site):
    milestones = _table_after(site / "timelines.html", "WTO JSI on e-commerce: milestones")
    table = project.query("jsi-timeline")
    assert [(r[0], r[1]) for r in milestones] == [
        (cell(table, r, "date"), cell(table, r, "event")) for r in table.rows
    ]


def test_coverage_map_has_the_querys_shares(project, site):
    path = site / "map.html"
    table = project.query("countries-census-coverage")
    rows = _table_after(path, "How much of each party's treaty network was checked in a full text")
    assert [(r[0], r[2], r[3], r[4]) for r in rows] == [
        tuple(cell(table, t, c) for c in ("party", "agreements", "checkedInText", "share"))
        for t in table.rows
    ]
    assert path.read_text(encoding="utf-8").count("<svg") == 2


def test_worklist_page_is_the_unverified_facts(project, site):
    table = project.query("unverified-facts")
    page = parse(site / "worklist.html")
    rows = [r for r in page.rows if len(r) == 6][1:]
    assert len(rows) == len(table.rows) > 100
    assert [r[1][0] for r in rows] == [cell(table, t, "resource") for t in table.rows]
    summary = [r for r in page.rows if len(r) == 4][1:]
    assert sum(int(r[3][0]) for r in summary) == len(table.rows)


def test_every_page_links_to_the_ontology_documentation(site):
    for path in [*sorted(site.glob("*.html")), site / "agreement" / "depa.html"]:
        root = "../" if path.parent != site else ""
        assert f"{root}ontology/index.html" in parse(path).links, path


def test_ontology_and_every_concept_scheme_are_documented(project, site):
    from rdflib import OWL, RDF, SKOS

    graph = project.graph.graph
    index = parse(site / "ontology" / "index.html")
    ontology = (site / "ontology" / "tradegraph.html").read_text(encoding="utf-8")
    assert "made by" in ontology and "OntPub" in ontology  # pyLODE's page
    assert '<a href="../index.html">tradegraph report</a>' in ontology
    classes = [c for c in graph.subjects(RDF.type, OWL.Class) if str(c).startswith(str(TG))]
    assert len(classes) > 20
    for cls in classes:
        assert str(cls) in ontology, cls
    for scheme in graph.subjects(RDF.type, SKOS.ConceptScheme):
        name = str(scheme).rsplit("/", 1)[1]
        assert f"{name}.html" in index.links
        text = (site / "ontology" / f"{name}.html").read_text(encoding="utf-8")
        for concept in graph.subjects(SKOS.inScheme, scheme):
            assert f'<section id="{str(concept).rsplit("/", 1)[1]}">' in text, concept
            assert escape(str(graph.value(concept, SKOS.prefLabel))) in text, concept
            assert escape(str(graph.value(concept, SKOS.definition))) in text, concept


def test_coded_values_link_to_their_concept(site):
    page = parse(site / "agreement" / "australia-uae-cepa.html")
    assert "../ontology/finding.html#provision-found" in page.links
    assert "../ontology/element.html#cyber-trade-link" in page.links
