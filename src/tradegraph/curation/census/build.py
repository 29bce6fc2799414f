"""Building the census: the WTO RTA-IS export, the ToTA corpus and the curators' readings of the
screen's hits, merged by RTA ID into one Turtle file per agreement (data/census/).

One file per agreement, named by its RTA ID, so that a re-import shows in a diff as the
agreements it changed, and a reviewer reads one agreement's facts in one place. The curated
agreements (data/agreements/) win: an agreement whose curated file links its WTO card
(rdfs:seeAlso) gets only its WTO RTA-IS record here, with a note wherever the card disagrees with
the curated facts; nothing curated is restated or overwritten.

Levels follow the README's rule: the card's facts, read in a third-party export or in ToTA's copy
of the card, are a secondary source; a screen of ToTA's text and the provisions read in it are
official text, ToTA being an identified reproduction (each file names where its text comes from).
"""

from __future__ import annotations

import re
import urllib.parse
from collections.abc import Iterable
from dataclasses import dataclass, field

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG, RDF, RDFS, SKOS, XSD

from tradegraph.curation.census import tota, wto_rta
from tradegraph.curation.census.parties import name_for_code, party_for_code, party_for_name, slug
from tradegraph.curation.census.readings import Reading, Readings
from tradegraph.curation.census.screen import TERM_LIST_VERSION, Hit, screen
from tradegraph.errors import InputError
from tradegraph.namespaces import ID, TG, bind_prefixes
from tradegraph.publish.export import canonical_turtle

_KINDS = {
    "FTA": "free-trade-agreement",
    "Free Trade Agreement": "free-trade-agreement",
    "CU": "customs-union",
    "Customs Union": "customs-union",
    "PSA": "partial-scope-agreement",
    "Partial Scope Agreement": "partial-scope-agreement",
    "EIA": "economic-integration-agreement",
    "Economic Integration Agreement": "economic-integration-agreement",
}
_COVERAGE = {
    "Goods": ("goods",),
    "Services": ("services",),
    "Goods & Services": ("goods", "services"),
}
_NOTIFICATION = {
    "GATT Art. XXIV": "gatt-xxiv",
    "GATS Art. V": "gats-v",
    "Enabling Clause": "enabling-clause",
}
_COMPOSITION = {
    "Bilateral": "bilateral",
    "Plurilateral": "plurilateral",
    "Bilateral; One Party is an RTA": "bilateral-one-party-rta",
    "Plurilateral; One Party is an RTA": "plurilateral-one-party-rta",
    "Bilateral; All Parties are RTAs": "bilateral-all-parties-rtas",
}
_RTA_STATUS = {
    "In Force": "in-force",
    "In force for at least one Party": "in-force-for-some",
    "Inactive": "inactive",
    "Early announcement-Signed": "early-announcement-signed",
    "Early announcement-Under negotiation": "early-announcement-under-negotiation",
}
# The status a census agreement has without a dated event, where the card gives no date for it.
_UNDATED_STATUS = {
    "Inactive": "inactive",
    "Early announcement-Signed": "signed",
    "Early announcement-Under negotiation": "under-negotiation",
}
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
SECONDARY = URIRef(f"{ID}verification/secondary-source")
OFFICIAL_TEXT = URIRef(f"{ID}verification/official-text")


@dataclass(frozen=True)
class Curated:
    """A curated agreement that links a WTO card: what the census compares the card with."""

    iri: str
    label: str
    signed: str
    in_force: str
    party_in_force: frozenset[str] = frozenset()  # the parties' own entry-into-force dates


@dataclass(frozen=True)
class Publisher:
    """An official publisher of data/publishers.ttl: the copies under its URL prefixes are where
    an agreement's official text lives."""

    iri: str
    label: str
    prefixes: tuple[str, ...]


@dataclass(frozen=True)
class TextPlaces:
    """What the curated files say of where texts live: the official publishers
    (data/publishers.ttl) and the agreements whose official text data/official-texts.ttl already
    links or says was not located, which the census leaves alone."""

    publishers: tuple[Publisher, ...] = ()
    located: frozenset[str] = frozenset()

    @classmethod
    def from_graph(cls, graph: Graph) -> TextPlaces:
        kind = URIRef(f"{ID}pubkind/official-publisher")
        publishers = (
            Publisher(
                iri=str(node),
                label=str(graph.value(node, RDFS.label) or node),
                prefixes=tuple(sorted(str(p) for p in graph.objects(node, TG.urlPrefix))),
            )
            for node in graph.subjects(TG.publisherKind, kind)
        )
        located = {
            str(agreement)
            for prop in (TG.officialText, TG.officialTextUnlocated)
            for agreement in graph.subjects(prop, None)
        }
        return cls(tuple(sorted(publishers, key=lambda p: p.iri)), frozenset(located))

    def publisher_of(self, url: str) -> Publisher | None:
        """The publisher with the longest prefix of url, so that a sub-site (the EU's Treaties
        Office under ec.europa.eu) wins over its host."""
        matches = [
            (len(prefix), publisher)
            for publisher in self.publishers
            for prefix in publisher.prefixes
            if url.startswith(prefix)
        ]
        return max(matches, key=lambda match: match[0])[1] if matches else None


@dataclass
class _Agreement:
    """Everything the sources say of one agreement, before it becomes triples."""

    key: str  # the file and IRI slug: rta-N, or tota-N for a text without an RTA ID
    record: wto_rta.RtaRecord | None = None
    texts: list[tota.TotaText] = field(default_factory=list)


def build(
    records: Iterable[wto_rta.RtaRecord],
    texts: Iterable[tota.TotaText],
    readings: Readings,
    curated: dict[str, Curated],
    places: TextPlaces = TextPlaces(),
) -> dict[str, str]:
    """The census files: file name -> canonical Turtle, one per agreement. An agreement's text
    lives at each source ToTA names for it under one of the official publishers of places."""
    agreements: dict[str, _Agreement] = {}
    for record in records:
        agreements[f"rta-{record.rta_id}"] = _Agreement(f"rta-{record.rta_id}", record=record)
    exported = set(agreements)
    unnumbered: dict[str, str] = {}  # ToTA texts without an RTA ID, merged by name (the TPP)
    for text in texts:
        if text.wto_rta_id:
            if not text.wto_rta_id.isdigit():
                raise InputError(
                    f"ToTA pta_{text.tota_id}: RTA ID '{text.wto_rta_id[:40]}' is not a number"
                )
            key = f"rta-{int(text.wto_rta_id)}"
        else:
            key = unnumbered.setdefault(text.name, f"tota-{text.tota_id}")
        entry = agreements.setdefault(key, _Agreement(key))
        entry.texts.append(text)
        if text.wto_rta_id and key not in exported and entry.record is None:
            entry.record = _record_from_tota(text)
    all_texts = [text for entry in agreements.values() for text in entry.texts]
    readings.check_against({text.tota_id for text in all_texts})
    hits = {text.tota_id: screen(text.articles) for text in all_texts}
    readings.check_excerpts(
        {
            (tota_id, hit.article.identifier): hit.article.text
            for tota_id, found in hits.items()
            for hit in found
        }
    )
    files = {}
    for key in sorted(agreements, key=_order):
        entry = agreements[key]
        card = entry.record.rta_id if entry.record else ""
        graph = _graph(entry, readings, curated.get(card), hits, places)
        files[f"{key}.ttl"] = _header(entry, curated.get(card)) + canonical_turtle(graph)
    return files


_TOTA_TYPES = {
    "Free Trade Agreement": "FTA",
    "Free Trade Agreement & Economic Integration Agreement": "FTA & EIA",
    "Customs Union": "CU",
    "Customs Union & Economic Integration Agreement": "CU & EIA",
    "Partial Scope Agreement": "PSA",
    "Economic Integration Agreement": "EIA",
}


def _record_from_tota(text: tota.TotaText) -> wto_rta.RtaRecord:
    """The card as ToTA copied it (in 2017), for an agreement the export does not list."""
    return wto_rta.RtaRecord(
        rta_id=text.wto_rta_id,
        name=text.name,
        coverage="",
        type=_TOTA_TYPES.get(text.type, ""),
        notification=text.notification,
        status=text.status,
        goods_in_force="",
        services_in_force="",
        in_force=text.date_into_force,
        composition=text.composition,
        region=text.region,
        signatories=(),
        signatory_ids=(),
        updated=tota.COMMIT_DATE,
        copy_url=text.file_url,
    )


def _order(key: str) -> tuple[str, int]:
    prefix, _, number = key.partition("-")
    return prefix, int(number)


def _header(entry: _Agreement, curated: Curated | None) -> str:
    what = []
    if entry.record:
        what.append(f"WTO RTA-IS record {entry.record.rta_id} ({entry.record.name})")
    what.extend(f"ToTA pta_{text.tota_id}" for text in entry.texts)
    lines = [
        f"# Census: {'; '.join(what)}.",
        "# Generated by `tradegraph import census` (make census); do not edit. Correct the curated",
        "# files or data/readings/census-screen.yaml and regenerate.",
    ]
    if curated:
        lines.append(f"# The agreement itself is curated: {curated.iri.rsplit('/', 1)[-1]}.")
    return "\n".join(lines) + "\n\n"


def _graph(
    entry: _Agreement,
    readings: Readings,
    curated: Curated | None,
    hits: dict[str, list[Hit]],
    places: TextPlaces,
) -> Graph:
    graph = bind_prefixes(Graph())
    agreement = URIRef(curated.iri) if curated else URIRef(f"{ID}agreement/{entry.key}")
    record, texts = entry.record, entry.texts
    label = record.name if record else texts[0].name
    if record:
        _add_record(graph, record, agreement, curated)
    if curated:
        return graph
    copies = list(
        dict.fromkeys(([record.copy_url] if record else []) + [t.file_url for t in texts])
    )
    card = URIRef(record.card_url if record else (texts[0].sources or (texts[0].file_url,))[0])

    def fact(node: URIRef, kind: str, name: str, read_in: list[str] = copies) -> None:
        graph.add((node, RDF.type, TG[kind]))
        graph.add((node, RDFS.label, Literal(name)))
        graph.add((node, DCTERMS.source, card))
        graph.add((node, TG.verificationLevel, SECONDARY))
        for copy in read_in:
            graph.add((node, TG.copyRead, URIRef(copy)))

    fact(agreement, "TradeAgreement", label)
    first = texts[0] if texts else None
    kind = _KINDS.get(
        _first_part(record.type if record and record.type else first.type if first else "")
    )
    if kind:
        graph.add((agreement, TG.agreementKind, URIRef(f"{ID}agreement-kind/{kind}")))
    notes = []
    signed = first.date_signed if first else ""
    in_force = (record.in_force if record else "") or (first.date_into_force if first else "")
    if first and record and first.date_into_force and first.date_into_force != record.in_force:
        notes.append(
            f"ToTA's copy of the card (2017) gives entry into force {first.date_into_force}; "
            f"the copy of {record.updated} gives {record.in_force or 'none'}, which is kept."
        )
    for value in (signed, in_force):
        _checked(value, label)
    if signed and in_force and signed > in_force:
        notes.append(
            f"ToTA's copy of the card gives signature {signed}, after entry into force "
            f"{in_force}; the signature date is left out."
        )
        signed = ""
    _date(graph, agreement, TG.signatureDate, signed, label)
    _date(graph, agreement, TG.entryIntoForceDate, in_force, label)
    status = record.status if record else first.status if first else ""
    inactive = first.date_inactive if first else ""
    if status == "Inactive" and inactive:
        event = URIRef(f"{ID}event/{entry.key}-inactive")
        fact(event, "Event", f"{label} becomes inactive (WTO RTA-IS)")
        graph.add((event, TG.concerns, agreement))
        graph.add((event, TG.eventType, URIRef(f"{ID}event-type/status-change")))
        graph.add((event, TG.setsStatus, URIRef(f"{ID}status/inactive")))
        _date(graph, event, DCTERMS.date, inactive, label)
    elif status in _UNDATED_STATUS and not (status == "Early announcement-Signed" and signed):
        graph.add((agreement, TG.status, URIRef(f"{ID}status/{_UNDATED_STATUS[status]}")))
    if not record:
        graph.add(
            (
                agreement,
                TG.noWtoRtaIdReason,
                Literal(
                    "ToTA gives this text no WTO RTA ID, so no WTO RTA-IS record could be "
                    "matched to it by ID."
                ),
            )
        )
    try:
        parties = _parties(record, texts)
    except InputError as exc:
        where = f"RTA {record.rta_id}" if record else f"ToTA pta_{texts[0].tota_id}"
        raise InputError(f"{where} ({label[:60]}): {exc.message}") from None
    # A membership was read in the one copy its party list comes from.
    party_copies = (
        [record.copy_url] if record and record.signatories else [t.file_url for t in texts]
    )
    for party, name, role in parties:
        membership = URIRef(f"{ID}membership/{entry.key}-{slug(party)}")
        fact(membership, "PartyMembership", f"{name} in {label}", party_copies)
        graph.add((membership, ORG.member, URIRef(party)))
        graph.add((membership, TG.membershipOf, agreement))
        if role:
            graph.add((membership, ORG.role, URIRef(f"{ID}role/{role}")))
    if parties and record and record.signatories:
        notes.append(
            f"Parties: the current signatories on the WTO card, as the export of "
            f"{record.updated} lists them; no per-party dates are known."
        )
    elif parties:
        notes.append(
            "Parties: the original signatories as ToTA's copy of the card lists them (ToTA "
            "writes a bloc such as the EU as its member states); no per-party dates are known."
        )
    if len(parties) < 2 and (in_force or signed):
        listed = f"only {parties[0][1]}" if parties else "none"
        graph.add(
            (
                agreement,
                TG.partiesUnlisted,
                Literal(f"The sources read list {listed} of its parties (the export and ToTA)."),
            )
        )
    for note in notes:
        graph.add((agreement, SKOS.editorialNote, Literal(note)))
    _add_review(graph, entry, agreement, label, card, readings, hits)
    if str(agreement) not in places.located:
        _add_official_text(graph, entry, agreement, label, places)
    return graph


def _add_record(
    graph: Graph, record: wto_rta.RtaRecord, agreement: URIRef, curated: Curated | None
) -> None:
    node = URIRef(f"{ID}rta/{record.rta_id}")
    where = f"RTA {record.rta_id}"
    graph.add((node, RDF.type, TG.RtaRecord))
    graph.add((node, RDFS.label, Literal(f"WTO RTA-IS record {record.rta_id}: {record.name}")))
    graph.add((node, TG.wtoRtaId, Literal(record.rta_id)))
    graph.add((node, FOAF.primaryTopic, agreement))
    graph.add((node, DCTERMS.source, URIRef(record.card_url)))
    graph.add((node, TG.copyRead, URIRef(record.copy_url)))
    graph.add((node, TG.verificationLevel, SECONDARY))
    _date(graph, node, DCTERMS.date, record.updated, where)
    if record.type:
        graph.add((node, TG.rtaType, Literal(record.type)))
    for coverage in (
        _lookup(_COVERAGE, record.coverage, "coverage", where) if record.coverage else ()
    ):
        graph.add((node, TG.coverage, URIRef(f"{ID}coverage/{coverage}")))
    for part in re.split(r"\s*(?:&|,)\s*", record.notification) if record.notification else ():
        basis = _lookup(_NOTIFICATION, part, "notification", where)
        graph.add((node, TG.notificationBasis, URIRef(f"{ID}notification/{basis}")))
    if record.composition:
        composition = _lookup(_COMPOSITION, record.composition, "composition", where)
        graph.add((node, TG.composition, URIRef(f"{ID}composition/{composition}")))
    if record.region:
        graph.add((node, TG.region, Literal(record.region)))
    status = _lookup(_RTA_STATUS, record.status, "status", where)
    graph.add((node, TG.rtaStatus, URIRef(f"{ID}rtastatus/{status}")))
    _date(graph, node, TG.goodsEntryIntoForceDate, record.goods_in_force, where)
    _date(graph, node, TG.servicesEntryIntoForceDate, record.services_in_force, where)
    # A card for an accession (the UK's to the CPTPP) gives that party's date, not a disagreement.
    known = {curated.in_force, *curated.party_in_force} if curated else set()
    if curated and record.in_force and curated.in_force and record.in_force not in known:
        graph.add(
            (
                node,
                SKOS.editorialNote,
                Literal(
                    f"The card gives entry into force {record.in_force}; the curated agreement "
                    f"gives {curated.in_force} from its own sources, which is kept."
                ),
            )
        )


def _parties(
    record: wto_rta.RtaRecord | None, texts: list[tota.TotaText]
) -> list[tuple[str, str, str]]:
    """(actor IRI, name, role) for each party: the card's current signatories where the export
    lists them, else ToTA's original signatories."""
    if record and record.signatories:
        found = {party_for_name(name): (name, "") for name in record.signatories}
    elif texts:
        found = {}
        for text in texts:
            for code in text.parties_original:
                found.setdefault(party_for_code(code), (name_for_code(code), "original-party"))
    else:
        found = {}
    return sorted((iri, name, role) for iri, (name, role) in found.items())


def _add_review(
    graph: Graph,
    entry: _Agreement,
    agreement: URIRef,
    label: str,
    card: URIRef,
    readings: Readings,
    hits: dict[str, list[Hit]],
) -> None:
    review = URIRef(f"{ID}review/{entry.key}")
    graph.add((review, RDF.type, TG.ProvisionReview))
    graph.add((review, RDFS.label, Literal(f"Check of {label} for a cybersecurity provision")))
    graph.add((review, TG.reviewOf, agreement))
    graph.add((review, DCTERMS.date, Literal(readings.read, datatype=XSD.date)))
    gaps = [readings.gaps[text.tota_id] for text in entry.texts if text.tota_id in readings.gaps]
    if not entry.texts or any(gap.finding == "not-screened" for gap in gaps):
        graph.add((review, TG.finding, URIRef(f"{ID}finding/not-screened")))
        graph.add((review, TG.method, URIRef(f"{ID}method/none")))
        graph.add((review, DCTERMS.source, card))
        graph.add((review, TG.verificationLevel, SECONDARY))
        graph.add(
            (
                review,
                SKOS.editorialNote,
                Literal(
                    " ".join(gap.note for gap in gaps)
                    or "The census holds no full text of this agreement (ToTA ends in 2016)."
                ),
            )
        )
        return
    graph.add((review, TG.method, URIRef(f"{ID}method/term-screen")))
    graph.add((review, TG.termListVersion, Literal(TERM_LIST_VERSION)))
    graph.add((review, TG.verificationLevel, OFFICIAL_TEXT))
    for text in entry.texts:
        graph.add((review, TG.totaId, Literal(text.tota_id)))
        graph.add((review, TG.copyRead, URIRef(text.file_url)))
        for source in text.sources or (text.file_url,):
            graph.add((review, DCTERMS.source, URIRef(source)))
    found = [(text, hit) for text in entry.texts for hit in hits[text.tota_id]]
    classes = set()
    notes = [
        "Full-text screen of ToTA's copy ("
        + ", ".join(f"pta_{t.tota_id}, {t.language}" for t in entry.texts)
        + f"; annexes not included) with term list version {TERM_LIST_VERSION}: "
        + (f"{len(found)} article(s) matched." if found else "no term matched.")
    ]
    unread = []
    for text, hit in found:
        reading = readings.find(text.tota_id, hit.article.identifier)
        if reading is None:
            unread.append(hit.article.identifier)
            continue
        classes.add(reading.klass)
        where = _where(hit)
        if reading.klass == "incidental":
            notes.append(f"{where}: {reading.note}")
        else:
            _add_provision(graph, entry, agreement, label, text, hit, reading)
    notes.extend(gap.note for gap in gaps)
    if unread:
        finding = "not-established"
        notes.append(f"Not yet read: ToTA article_identifier {', '.join(unread)}.")
    elif "provision" in classes:
        finding = "provision-found"
    elif "cooperation-item" in classes:
        finding = "cooperation-item"
    elif gaps:
        finding = "text-incomplete"
    else:
        finding = "screened-none"
    graph.add((review, TG.finding, URIRef(f"{ID}finding/{finding}")))
    graph.add((review, SKOS.editorialNote, Literal(" ".join(notes))))


def _add_provision(
    graph: Graph,
    entry: _Agreement,
    agreement: URIRef,
    label: str,
    text: tota.TotaText,
    hit: Hit,
    reading: Reading,
) -> None:
    article = hit.article
    number = _number(article.number)
    provision = URIRef(
        f"{ID}provision/{entry.key}-" + (number.replace(".", "-") if number else article.identifier)
    )
    if (provision, TG.copyRead, URIRef(text.file_url)) in graph:
        # Another article of the same text with the same number (e.g. in a protocol).
        provision = URIRef(f"{ID}provision/{entry.key}-{article.identifier}")
    sources = text.sources or (text.file_url,)
    if (provision, RDF.type, TG.Provision) in graph:
        # The same article in another language version of the text (the TPP in ToTA).
        for source in sources:
            graph.add((provision, DCTERMS.source, URIRef(source)))
        graph.add((provision, TG.copyRead, URIRef(text.file_url)))
        graph.add(
            (
                provision,
                SKOS.editorialNote,
                Literal(f"Also read in ToTA pta_{text.tota_id} ({text.language}): {reading.note}"),
            )
        )
        return
    graph.add((provision, RDF.type, TG.Provision))
    graph.add(
        (
            provision,
            RDFS.label,
            Literal(f"{label} Article {number}" if number else f"{label}, {_where(hit)}"),
        )
    )
    graph.add((provision, DCTERMS.isPartOf, agreement))
    for source in sources:
        graph.add((provision, DCTERMS.source, URIRef(source)))
    graph.add((provision, TG.copyRead, URIRef(text.file_url)))
    graph.add((provision, TG.verificationLevel, OFFICIAL_TEXT))
    if number:
        graph.add((provision, TG.articleNumber, Literal(number)))
    chapter = " ".join(part for part in (article.chapter_number, article.chapter_name) if part)
    if chapter:
        graph.add((provision, TG.chapter, Literal(chapter)))
    graph.add((provision, TG.locator, Literal(_where(hit))))
    graph.add((provision, TG.excerpt, Literal(reading.excerpt)))
    note = reading.note
    if article.name:
        note += f" ToTA's heading (re-cased by ToTA): '{article.name}'."
    graph.add((provision, SKOS.editorialNote, Literal(note)))
    if reading.klass == "provision":
        graph.add((provision, TG.coversTopic, URIRef(f"{ID}topic/cybersecurity")))
        for element in reading.elements:
            graph.add((provision, TG.coversElement, URIRef(f"{ID}element/{element}")))
    else:
        graph.add((provision, TG.coversTopic, URIRef(f"{ID}topic/cooperation")))
        graph.add((provision, TG.mentionsTopic, URIRef(f"{ID}topic/{reading.topic}")))


def _where(hit: Hit) -> str:
    article = hit.article
    return (
        f"ToTA article_identifier {article.identifier} (chapter {article.chapter_position}, "
        f"article {article.position} of that chapter, counting the preamble as chapter 0)"
    )


def _number(marked: str) -> str:
    """'ARTICLE 14.16' -> '14.16'; ToTA marks some numbers in words or Roman numerals."""
    number = re.sub(r"^(ARTICLE|ARTÍCULO|ARTICLE|ART\.?)\s+", "", marked.strip(), flags=re.I)
    return number if re.fullmatch(r"[0-9A-Za-z][0-9A-Za-z.()-]*", number) else ""


def _first_part(kind: str) -> str:
    return kind.split("&")[0].strip()


def _lookup(table: dict, value: str, what: str, where: str):  # type: ignore[no-untyped-def]
    if value not in table:
        raise InputError(f"{where}: unknown {what} '{value[:60]}' (known: {', '.join(table)})")
    return table[value]


def _checked(value: str, where: str) -> str:
    if value and not _DATE.match(value):
        raise InputError(f"{where}: malformed date '{value[:40]}' (expected YYYY-MM-DD)")
    return value


def _date(graph: Graph, node: URIRef, prop: URIRef, value: str, where: str) -> None:
    if _checked(value, where):
        graph.add((node, prop, Literal(value, datatype=XSD.date)))


_LANGUAGES = {"en": "English", "es": "Spanish", "fr": "French"}
# Documents Online's old search links name the document: query=@meta_Symbol"WT/REG81/1".
_WTO_SYMBOL = re.compile(r"@meta_Symbol%22(.+?)%22")


def _add_official_text(
    graph: Graph,
    entry: _Agreement,
    agreement: URIRef,
    label: str,
    places: TextPlaces,
) -> None:
    """tg:officialText for each official publisher under which ToTA names a source of the text
    (one document per publisher, its language versions as its sources), else
    tg:officialTextUnlocated saying what the census holds instead."""
    at: dict[Publisher, dict[str, tota.TotaText]] = {}  # publisher -> URL -> the file naming it
    elsewhere: list[str] = []
    for text in entry.texts:
        for url in text.sources:
            publisher = places.publisher_of(url)
            if publisher is None:
                elsewhere.append(url)
            else:
                at.setdefault(publisher, {}).setdefault(url, text)
    if not at:
        graph.add((agreement, TG.officialTextUnlocated, Literal(_unlocated(entry, elsewhere))))
        return
    for number, (publisher, urls) in enumerate(at.items(), start=1):
        document = URIRef(f"{ID}document/{entry.key}-text-{number}")
        languages = list(
            dict.fromkeys(
                _LANGUAGES.get(code, code)
                for url, text in urls.items()
                if (code := text.source_languages.get(url, ""))
            )
        )
        symbols = list(
            dict.fromkeys(
                urllib.parse.unquote(found.group(1)).strip()
                for url in urls
                if (found := _WTO_SYMBOL.search(url))
            )
        )
        symbol = symbols[0] if len(symbols) == 1 else ""
        graph.add((agreement, TG.officialText, document))
        graph.add((document, RDF.type, TG.Document))
        graph.add(
            (
                document,
                RDFS.label,
                Literal(
                    f"{label}: the text at {publisher.label}"
                    + (f", {symbol}" if symbol else "")
                    + (f", in {_and(languages)}" if languages else "")
                ),
            )
        )
        for url in urls:
            graph.add((document, DCTERMS.source, URIRef(url)))
        graph.add((document, DCTERMS.publisher, URIRef(publisher.iri)))
        graph.add((document, TG.concerns, agreement))
        graph.add((document, TG.textRead, Literal(False)))
        for text in dict.fromkeys(urls.values()):
            graph.add((document, TG.copyRead, URIRef(text.file_url)))
        graph.add((document, TG.verificationLevel, SECONDARY))
        if symbol:
            graph.add((document, TG.symbol, Literal(symbol)))
        files = ", ".join(f"pta_{t.tota_id}" for t in dict.fromkeys(urls.values()))
        note = (
            f"Where the text lives as ToTA's {files} names it (its <source> elements: the WTO "
            "RTA-IS card's text links, or a source ToTA found, as of 2017). The links were not "
            "followed from here, and an address of 2017 may have moved; the census's screen read "
            "ToTA's reproduction of the text (see the review)."
        )
        if symbol:
            note += (
                " Documents Online has since moved to docs.wto.org, where the document is found "
                f"by its symbol, {symbol}."
            )
        graph.add((document, SKOS.editorialNote, Literal(note)))


def _and(words: list[str]) -> str:
    return " and ".join(filter(None, (", ".join(words[:-1]), words[-1])))


def _unlocated(entry: _Agreement, elsewhere: list[str]) -> str:
    if not entry.texts:
        return (
            "Not located: the census holds no copy of this agreement's text, and the WTO export "
            "it reads lists no text links (ToTA, whose files name the sources of their texts, "
            "ends in 2016). The WTO RTA-IS card (the agreement's source) links the texts the "
            "parties notified; it was not followed from here."
        )
    hosts = sorted({urllib.parse.urlsplit(url).netloc for url in elsewhere})
    return (
        "Not located at an official publisher: "
        + (
            f"ToTA's file names as the text's sources only copies at {', '.join(hosts)}, "
            "which are not official publishers (data/publishers.ttl); "
            if hosts
            else "ToTA's file names no source of the text; "
        )
        + (
            "the WTO RTA-IS card (the agreement's source) may link the parties' texts, and was "
            "not followed from here."
            if entry.record
            else "the agreement has no WTO RTA-IS card."
        )
    )


def curated_agreements(graph: Graph) -> dict[str, Curated]:
    """The curated agreements that link a WTO card, by the card's RTA ID."""
    found: dict[str, Curated] = {}
    for agreement, link in graph.subject_objects(RDFS.seeAlso):
        match = re.fullmatch(re.escape(wto_rta.CARD_URL).replace(r"\{\}", r"(\d+)"), str(link))
        if not match or (agreement, RDF.type, TG.TradeAgreement) not in graph:
            continue

        def value(prop: URIRef, subject: URIRef = agreement) -> str:
            return str(graph.value(subject, prop) or "")

        found[match.group(1)] = Curated(
            iri=str(agreement),
            label=value(RDFS.label),
            signed=value(TG.signatureDate),
            in_force=value(TG.entryIntoForceDate),
            party_in_force=frozenset(
                str(date)
                for membership in graph.subjects(TG.membershipOf, agreement)
                for date in graph.objects(membership, TG.entryIntoForceDate)
            ),
        )
    return found
