"""The report's pages, rendered to text: {relative path: HTML}. Nothing here writes a file."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from rdflib import OWL, RDF, RDFS, SKOS, BNode, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG

from tradegraph.errors import InputError
from tradegraph.namespaces import ID, TG
from tradegraph.prefixes import BASE
from tradegraph.stats import data_date

if TYPE_CHECKING:
    from rdflib import Graph

    from tradegraph.api import Project
    from tradegraph.engines.result import ResultTable

# The resources with a page of their own, by class: the folder their pages go in.
KINDS = {
    TG.TradeAgreement: ("agreement", "Trade agreement"),
    TG.Country: ("country", "Country"),
    TG.CustomsTerritory: ("country", "Customs territory"),
    TG.OtherTerritory: ("country", "Other territory"),
    TG.Negotiation: ("negotiation", "Negotiation"),
    TG.Measure: ("measure", "Measure"),
    TG.PolicyInstrument: ("instrument", "Policy instrument"),
}

# The element columns of the stored query element-matrix, in its order (E1..E6).
ELEMENTS = [
    ("cyberTradeLink", "cyber-trade link"),
    ("capacityBuilding", "capacity building"),
    ("operationalCollaboration", "operational collaboration"),
    ("riskBased", "risk-based approaches"),
    ("consensusStandards", "consensus-based standards"),
    ("workforce", "workforce development"),
]
LEGEND = {
    "covered": "covered: the graph records that the provision covers this element",
    "not-covered": "not covered (text read): none recorded, and the provision is at official text",
    "not-read": "not read: none recorded, and the provision's facts rest on a summary or a "
    "secondary source, so the text was not read for this element",
}
SYMBOLS = {"covered": "●", "not-covered": "○", "not-read": "?"}

# Incoming links shown on a page, by predicate: the heading of the group.
INCOMING = {
    TG.membershipOf: "Parties",
    DCTERMS.isPartOf: "Provisions",
    TG.reviewOf: "Provision review",
    FOAF.primaryTopic: "WTO RTA-IS records",
    ORG.member: "Memberships",
    TG.concerns: "Events",
    TG.renews: "Decisions renewing it",
    TG.negotiates: "Negotiated in",
    TG.participant: "Participations",
    TG.heldBy: "Positions",
    TG.countOf: "Participant counts",
    TG.participationIn: "Participants",
    TG.jurisdiction: "Policy instruments",
}
# The documents about a resource (where an agreement's official text lives first among them).
DOCUMENTS = "Documents"
EVENTS_SHOWN = 12


@dataclass(frozen=True)
class V:
    """A value shown in a cell: text, a link to a page (href, relative to the site's root) or
    to the outside (url), a verification level, a quoted excerpt, a number."""

    text: str
    href: str | None = None
    url: str | None = None
    level: bool = False
    quote: bool = False
    num: bool = False


def _cell(table: ResultTable, row: tuple, column: str) -> str:
    term = row[table.columns.index(column)]
    return "" if term is None else str(term.value)


def _local(iri: str) -> str:
    return re.split(r"[/#]", iri.rstrip("/"))[-1]


def _words(name: str) -> str:
    return re.sub(r"(?<=[a-z])(?=[A-Z])", " ", name).lower()


class Site:
    """The graph as the pages see it: labels, the page of each resource, values to show."""

    def __init__(self, graph: Graph) -> None:
        self.g = graph
        self.labels: dict[Any, str] = {}
        for predicate in (DCTERMS.title, SKOS.prefLabel, RDFS.label):  # the last one wins
            for subject, label in graph.subject_objects(predicate):
                if isinstance(label, Literal) and (label.language in (None, "en")):
                    self.labels[subject] = str(label)
        self.kinds: dict[URIRef, tuple[str, str]] = {}
        for cls, kind in KINDS.items():
            for subject in graph.subjects(RDF.type, cls):
                if isinstance(subject, URIRef) and str(subject).startswith(str(ID)):
                    self.kinds[subject] = kind
        self.pages = {iri: self._path(iri) for iri in self.kinds}
        # Concepts are shown on their scheme's page (ontology/SCHEME.html), each at its anchor.
        self.schemes = sorted(s for s in graph.subjects(RDF.type, SKOS.ConceptScheme))
        self.anchors = {
            concept: f"ontology/{_local(str(scheme))}.html#{_local(str(concept))}"
            for scheme in self.schemes
            for concept in graph.subjects(SKOS.inScheme, scheme)
        }
        by_label: dict[str, list[URIRef]] = defaultdict(list)
        for iri in self.pages:
            by_label[self.label(iri)].append(iri)
        # A label names a page only when it names one resource.
        self.page_by_label = {
            label: self.pages[iris[0]] for label, iris in by_label.items() if len(iris) == 1
        }

    @staticmethod
    def _path(iri: URIRef) -> str:
        rest = str(iri)[len(str(ID)) :]
        return quote(rest, safe="/-._~") + ".html"

    def label(self, node: Any) -> str:
        if node in self.labels:
            return self.labels[node]
        return _local(str(node)) if isinstance(node, URIRef) else str(node)

    def value(self, node: Any, predicate: Any = None) -> V:
        if isinstance(node, Literal):
            return V(str(node), quote=predicate == TG.excerpt)
        if isinstance(node, BNode):
            return V(self.labels.get(node, "(unnamed)"))
        if node in self.pages:
            return V(self.label(node), href=self.pages[node])
        if node in self.anchors:
            return V(self.label(node), href=self.anchors[node])
        if str(node).startswith(BASE):
            return V(self.label(node))
        return V(str(node), url=str(node))

    def link_label(self, label: str) -> V:
        return V(label, href=self.page_by_label.get(label))

    def predicate_name(self, predicate: Any) -> str:
        if predicate == RDF.type:
            return "type"
        if predicate == DCTERMS.source:
            return "sources"
        if predicate == TG.verificationLevel:
            return "verification level"
        own = self.labels.get(predicate)
        return own if own else _words(_local(str(predicate)))

    def facts(self, subject: Any, skip: tuple = ()) -> list[tuple[str, list[V]]]:
        """Every statement about subject, by predicate: (name, values), sorted by name; the
        verification level first and the sources last."""
        grouped: dict[str, list[V]] = defaultdict(list)
        for predicate, obj in self.g.predicate_objects(subject):
            if predicate in skip or (predicate == RDF.type and obj == OWL.NamedIndividual):
                continue
            value = self.value(obj, predicate)
            if predicate == TG.verificationLevel:
                value = V(self.label(obj), level=True)
            grouped[self.predicate_name(predicate)].append(value)
        first = [k for k in ("verification level",) if k in grouped]
        last = [k for k in ("sources",) if k in grouped]
        middle = sorted(k for k in grouped if k not in first and k not in last)
        return [
            (k, sorted(grouped[k], key=lambda v: (v.text, v.href or "", v.url or "")))
            for k in first + middle + last
        ]

    def item(self, subject: Any, skip: tuple = ()) -> dict:
        return {"title": self.label(subject), "facts": self.facts(subject, skip)}


def render_site(project: Project) -> tuple[dict[str, str], str]:
    """Every file of the site, by relative path, and the data's date."""
    from jinja2 import Environment, PackageLoader, StrictUndefined

    from tradegraph.publish.report.charts import (
        charts,
        jsi_milestones,
        moratorium_charts,
        world_maps,
    )
    from tradegraph.publish.report.ontology_docs import ontology_page, version

    env = Environment(
        loader=PackageLoader("tradegraph.publish.report", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    site = Site(project.graph.graph)
    day = data_date(project.store().engine())
    if day is None:
        raise InputError("the ontology has no dcterms:modified: the report has no date to show")
    files: dict[str, str] = {}

    def page(path: str, template: str, title: str, **context: Any) -> None:
        root = "../" * path.count("/")
        text = env.get_template(template).render(title=title, root=root, data_date=day, **context)
        files[path] = text

    page("index.html", "index.html", "tradegraph: dashboard", **_dashboard(project, site, day))
    page(
        "cybersecurity.html",
        "cybersecurity.html",
        "Agreements with a cybersecurity provision",
        **_headline(project, site, day),
    )
    page("matrix.html", "matrix.html", "Element matrix", **_matrix(project, site))
    moratorium = site.label(ID["measure/ecommerce-moratorium"])
    timelines = charts(project)
    jsi = jsi_milestones(project)
    page(
        "timelines.html",
        "timelines.html",
        "Timelines",
        charts=timelines[:1]
        + ([jsi] if jsi else [])
        + moratorium_charts(project, moratorium)
        + timelines[1:],
    )
    numeric = {
        str(a): str(n)
        for c in site.g.subjects(TG.isoAlpha3, None)
        for a in site.g.objects(c, TG.isoAlpha3)
        for n in site.g.objects(c, TG.isoNumeric)
    }
    page(
        "map.html",
        "timelines.html",
        "World map",
        charts=world_maps(project, numeric, site.page_by_label, day),
    )
    page("worklist.html", "worklist.html", "Curation worklist", **_worklist(project, site))
    page("agreements.html", "listing.html", "Trade agreements", sections=_agreements(site))
    page("countries.html", "listing.html", "Countries and territories", sections=_countries(site))
    page(
        "other.html",
        "listing.html",
        "Negotiations, measures and policy instruments",
        sections=_others(site),
    )
    for iri, path in sorted(site.pages.items()):
        kind = site.kinds[iri][1]
        groups = []
        incoming: dict[str, set] = defaultdict(set)
        for subject, predicate in site.g.subject_predicates(iri):
            if predicate in INCOMING:
                # A document concerns its agreement as an event does, but is no event.
                document = predicate == TG.concerns and (subject, RDF.type, TG.Document) in site.g
                incoming[DOCUMENTS if document else INCOMING[predicate]].add((subject, predicate))
        for heading in (DOCUMENTS, *INCOMING.values()):
            if heading in incoming:
                items = [
                    site.item(s, skip=(predicate,))
                    for s, predicate in sorted(
                        incoming[heading], key=lambda sp: (site.label(sp[0]), str(sp[0]))
                    )
                ]
                groups.append({"heading": heading, "members": items, "columns": None})
        page(
            path,
            "resource.html",
            site.label(iri),
            kind=kind,
            iri=str(iri),
            main=site.item(iri),
            groups=groups,
        )
    files["ontology/tradegraph.html"], terms = ontology_page(site.g)
    entries = [
        {
            "title": f"tradegraph ontology {version(site.g)}",
            "path": "tradegraph.html",
            "name": "tg:",
            "what": f"{terms} classes and properties (OWL), documented with pyLODE's OntPub.",
        }
    ]
    for scheme in site.schemes:
        name = _local(str(scheme))
        concepts = sorted(site.g.subjects(SKOS.inScheme, scheme), key=lambda c: str(c))
        page(
            f"ontology/{name}.html",
            "scheme.html",
            site.label(scheme),
            iri=str(scheme),
            main=site.item(scheme, skip=(SKOS.hasTopConcept,)),
            concepts=[
                {"id": _local(str(c)), "iri": str(c)}
                | site.item(c, skip=(SKOS.inScheme, SKOS.topConceptOf))
                for c in concepts
            ],
        )
        entries.append(
            {
                "title": site.label(scheme),
                "path": f"{name}.html",
                "name": f"scheme:{name}",
                "what": f"{len(concepts)} concepts (SKOS).",
            }
        )
    page("ontology/index.html", "ontology.html", "Ontology and vocabularies", entries=entries)
    files[".tradegraph-report"] = f"tradegraph report of the graph as of {day}\n"
    return files, day


def _num(n: int | str) -> V:
    return V(str(n), num=True)


def _dashboard(project: Project, site: Site, day: str) -> dict:
    coverage = project.query("census-coverage")
    by_pair: dict[tuple[str, str], int] = defaultdict(int)
    total = provision = checked = 0
    for row in coverage.rows:
        finding, method = _cell(coverage, row, "finding"), _cell(coverage, row, "method")
        n = int(_cell(coverage, row, "agreements"))
        by_pair[(finding, method)] += n
        total += n
        provision += n if finding == "provision found" else 0
        checked += n if method != "no text checked" else 0
    cards = [
        {"n": total, "label": "trade agreements"},
        {"n": provision, "label": "with a cybersecurity provision"},
        {"n": checked, "label": "checked in the text (screened or read)"},
        {"n": total - checked, "label": "not yet checked in any text"},
    ]
    coverage_rows = [[V(f), V(m), _num(n)] for (f, m), n in sorted(by_pair.items())]
    counts = project.query("jsi-participant-counts")
    jsi = None
    if counts.rows:
        last = counts.rows[-1]
        jsi = {c: _cell(counts, last, c) for c in counts.columns}
    status = project.query("moratorium-status-on", {"on": day})
    moratorium_columns = ["status", "since", "evidence", "latest renewal", "expiry rule", "level"]
    moratorium = [
        [V(_cell(status, r, c), level=c == "level") for c in status.columns] for r in status.rows
    ]
    timeline = project.query("timeline")
    events = [
        [
            V(_cell(timeline, r, "date")),
            site.link_label(_cell(timeline, r, "about")),
            V(_cell(timeline, r, "what")),
            V(_cell(timeline, r, "status")),
            V(_cell(timeline, r, "level"), level=True),
        ]
        for r in reversed(timeline.rows[-EVENTS_SHOWN:])
    ]
    stats = project.stats()
    return {
        "cards": cards,
        "coverage_columns": ["finding", "method", "agreements"],
        "coverage_rows": coverage_rows,
        "jsi": jsi,
        "moratorium_columns": moratorium_columns,
        "moratorium": moratorium,
        "events": events,
        "levels": [
            [V(k.replace("-", " "), level=True), _num(v)] for k, v in stats.verification.items()
        ],
        "triples": stats.triples,
        "share": f"{stats.verified_share:.1%}",
    }


def _parties(site: Site, agreement: URIRef) -> str:
    members = {
        site.label(m)
        for ms in site.g.subjects(TG.membershipOf, agreement)
        for m in site.g.objects(ms, ORG.member)
    }
    return ", ".join(sorted(members))


def _headline(project: Project, site: Site, day: str) -> dict:
    table = project.query("agreements-with-cybersecurity")
    iri_by_page = {path: iri for iri, path in site.pages.items()}
    statuses: dict[str, str] = {}
    rows = []
    for r in table.rows:
        name = _cell(table, r, "agreement")
        link = site.link_label(name)
        iri = iri_by_page.get(link.href or "")
        if iri is not None and name not in statuses:
            status = project.query("status-on", {"thing": str(iri), "on": day})
            statuses[name] = "; ".join(
                " ".join(str(t.value) for t in row[:2] if t is not None) for row in status.rows
            )
        parties = _parties(site, iri) if iri is not None else ""
        source = _cell(table, r, "source")
        rows.append(
            [
                link,
                V(_cell(table, r, "article")),
                V(_cell(table, r, "title")),
                V(_cell(table, r, "chapter")),
                V(_cell(table, r, "elements")),
                V(parties),
                V(statuses.get(name, "")),
                V(_cell(table, r, "level"), level=True),
                V(source, url=source or None),
            ]
        )
    columns = [
        "agreement",
        "article",
        "title",
        "chapter",
        "elements",
        "parties",
        f"status on {day}",
        "level",
        "source",
    ]
    return {"columns": columns, "rows": rows}


def _matrix(project: Project, site: Site) -> dict:
    table = project.query("element-matrix")
    rows = []
    for r in table.rows:
        level = _cell(table, r, "level")
        cells = []
        for column, _ in ELEMENTS:
            if _cell(table, r, column) == "yes":
                cells.append("covered")
            else:
                cells.append("not-covered" if level == "official text" else "not-read")
        rows.append(
            {
                "agreement": site.link_label(_cell(table, r, "agreement")),
                "article": _cell(table, r, "article"),
                "cells": cells,
                "level": level,
            }
        )
    return {
        "rows": rows,
        "elements": [label for _, label in ELEMENTS],
        "legend": LEGEND,
        "symbols": SYMBOLS,
    }


def _worklist(project: Project, site: Site) -> dict:
    table = project.query("unverified-facts")
    summary: dict[tuple[str, str, str], int] = defaultdict(int)
    rows = []
    for r in table.rows:
        kind, missing, level = (_cell(table, r, c) for c in ("class", "missing", "level"))
        summary[(_words(kind), missing, level)] += 1
        source = _cell(table, r, "source")
        rows.append(
            [
                V(_words(kind)),
                site.link_label(_cell(table, r, "resource")),
                V(level, level=True),
                V(missing),
                V(source, url=source or None),
                V(_cell(table, r, "note")),
            ]
        )
    return {
        "columns": ["kind", "resource", "level", "missing", "source", "note"],
        "rows": rows,
        "summary": [
            [V(kind), V(missing), V(level, level=True), _num(n)]
            for (kind, missing, level), n in sorted(summary.items())
        ],
    }


def _one(site: Site, subject: Any, predicate: Any) -> str:
    values = sorted(str(v) for v in site.g.objects(subject, predicate))
    return "; ".join(values)


def _agreements(site: Site) -> list[dict]:
    rows = []
    for iri in sorted((i for i, k in site.kinds.items() if k[0] == "agreement"), key=site.label):
        reviews = list(site.g.subjects(TG.reviewOf, iri))
        finding = "; ".join(
            sorted(site.label(o) for r in reviews for o in site.g.objects(r, TG.finding))
        )
        method = "; ".join(
            sorted(site.label(o) for r in reviews for o in site.g.objects(r, TG.method))
        )
        level = site.g.value(iri, TG.verificationLevel)
        rows.append(
            [
                site.value(iri),
                V(_one(site, iri, TG.signatureDate)),
                V(_one(site, iri, TG.entryIntoForceDate)),
                V(finding),
                V(method),
                V(site.label(level) if level is not None else "", level=True),
            ]
        )
    columns = ["agreement", "signed", "in force", "review finding", "method", "level"]
    return [{"heading": "", "note": f"{len(rows)} agreements.", "columns": columns, "rows": rows}]


def _countries(site: Site) -> list[dict]:
    rows = []
    for iri in sorted((i for i, k in site.kinds.items() if k[0] == "country"), key=site.label):
        memberships = set(site.g.subjects(ORG.member, iri))
        agreements = {a for m in memberships for a in site.g.objects(m, TG.membershipOf)}
        rows.append(
            [
                site.value(iri),
                V(site.kinds[iri][1]),
                V(_one(site, iri, TG.isoAlpha3) or _local(str(iri))),
                _num(len(agreements)),
            ]
        )
    columns = ["name", "kind", "code", "agreements as a direct party"]
    return [
        {
            "heading": "",
            "note": "Party to an agreement directly (not through a bloc).",
            "columns": columns,
            "rows": rows,
        }
    ]


def _others(site: Site) -> list[dict]:
    sections = []
    for folder, heading in (
        ("negotiation", "Negotiations"),
        ("measure", "Measures"),
        ("instrument", "Policy instruments"),
    ):
        rows = []
        for iri in sorted((i for i, k in site.kinds.items() if k[0] == folder), key=site.label):
            level = site.g.value(iri, TG.verificationLevel)
            rows.append(
                [site.value(iri), V(site.label(level) if level is not None else "", level=True)]
            )
        sections.append(
            {
                "heading": heading,
                "note": "",
                "columns": [heading.lower()[:-1], "level"],
                "rows": rows,
            }
        )
    return sections
