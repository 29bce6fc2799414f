"""The census importer: the ToTA and WTO RTA-IS readers, parties, the builder and
`tradegraph import census`, on tiny fixtures (tests/fixtures/census) in a temporary checkout.

The fixtures: ToTA texts pta_201..206, 442 (with RTA IDs) and the TPP without one (pta_449 in
English, pta_450 in Spanish); an export of eleven RTA-IS records (911, 201..205, 301..303 and the
cards of two curated agreements, 1030 and 1087); readings of their hits (readings.yaml)."""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG, RDF, RDFS, SKOS

from tradegraph.cli import cli
from tradegraph.curation.census import ImportReport, build, import_census, readings, tota, wto_rta
from tradegraph.curation.census.parties import party_for_code, party_for_name
from tradegraph.errors import InputError
from tradegraph.namespaces import ID, TG
from tradegraph.parse import load_files
from tradegraph.project import Layout

from .helpers import ROOT

FIXTURES = Path(__file__).parent / "fixtures" / "census"
EXPORT = FIXTURES / "wto-rta.json"
TOTA = FIXTURES / "tota"
READINGS = FIXTURES / "readings.yaml"
SCRIPT = Path(sys.executable).parent / "tradegraph"

TOTA_FILE = f"{tota.REPOSITORY}/blob/{tota.COMMIT}/xml/pta_{{}}.xml"
CARD = "https://rtais.wto.org/UI/PublicShowRTAIDCard.aspx?rtaid={}"


def iri(path: str) -> URIRef:
    return URIRef(ID + path)


def date(value: str) -> Literal:
    return Literal(value, datatype=URIRef("http://www.w3.org/2001/XMLSchema#date"))


# --- the temporary checkout -------------------------------------------------------------------


def _curated_links_only(data: Path) -> None:
    """The checkout's data/official-texts.ttl without the links curators gave real census
    agreements (rta-N), whose IDs the fixtures reuse for other agreements."""
    path = data / "official-texts.ttl"
    links = Graph().parse(ROOT / "data" / "official-texts.ttl")
    for subject in set(links.subjects()):
        if str(subject).rsplit("/", 1)[-1].startswith("rta-"):
            links.remove((subject, None, None))
    path.write_text(links.serialize(format="turtle"), encoding="utf-8")


def _checkout(root: Path) -> Layout:
    """A copy of the project without its census: ontology, queries, data (but data/census/)."""
    for folder in ("ontology", "queries"):
        shutil.copytree(ROOT / folder, root / folder)
    shutil.copytree(
        ROOT / "data",
        root / "data",
        ignore=lambda folder, names: ["census"] if Path(folder) == ROOT / "data" else [],
    )
    shutil.copy(READINGS, root / "data" / "readings" / "census-screen.yaml")
    _curated_links_only(root / "data")
    return Layout(root)


def _export_with_curated_cards(layout: Layout, target: Path) -> Path:
    """The fixture export plus a bare record for every card the checkout's curated agreements
    link (the real export lists them all; the checks require each one's RTA-IS record)."""
    records = json.loads(EXPORT.read_text(encoding="utf-8"))
    listed = {str(record["rta_id"]) for record in records}
    curated = build.curated_agreements(load_files(layout.curated_agreement_files))
    for rta_id, agreement in sorted(curated.items(), key=lambda item: int(item[0])):
        if rta_id not in listed:
            records.append(
                {
                    "rta_id": rta_id,
                    "agreement_name": agreement.label,
                    "status": "In Force",
                    "last_updated_iso": "2026-04-09",
                }
            )
    target.write_text(json.dumps(records, ensure_ascii=False, indent=1), encoding="utf-8")
    return target


@dataclasses.dataclass
class Census:
    layout: Layout
    export: Path
    report: ImportReport

    @property
    def folder(self) -> Path:
        return self.layout.census_dir

    def files(self) -> dict[str, bytes]:
        return {path.name: path.read_bytes() for path in sorted(self.folder.iterdir())}

    def graph(self, name: str) -> Graph:
        return Graph().parse(self.folder / name, format="turtle")


@pytest.fixture(scope="module")
def census(tmp_path_factory) -> Census:
    root = tmp_path_factory.mktemp("checkout")
    layout = _checkout(root)
    export = _export_with_curated_cards(layout, root / "world_trade_agreements.json")
    report = import_census(layout, export, TOTA)
    return Census(layout, export, report)


@pytest.fixture(scope="module")
def curated_cards(census) -> dict[str, build.Curated]:
    return build.curated_agreements(load_files(census.layout.curated_agreement_files))


def _light_root(root: Path, readings_text: str | None = None) -> Path:
    """The least a `--root` needs for an import: the ontology marker, the publishers, the
    official-text links and the readings."""
    (root / "ontology").mkdir(parents=True)
    shutil.copy(ROOT / "ontology" / "tradegraph.ttl", root / "ontology" / "tradegraph.ttl")
    (root / "data" / "readings").mkdir(parents=True)
    shutil.copy(ROOT / "data" / "publishers.ttl", root / "data" / "publishers.ttl")
    _curated_links_only(root / "data")
    target = root / "data" / "readings" / "census-screen.yaml"
    target.write_text(readings_text or READINGS.read_text(encoding="utf-8"), encoding="utf-8")
    return root


def _copy_inputs(tmp_path: Path) -> tuple[Path, Path]:
    export = tmp_path / "wto-rta.json"
    shutil.copy(EXPORT, export)
    corpus = tmp_path / "tota"
    shutil.copytree(TOTA, corpus)
    return export, corpus


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _edit_record(export: Path, rta_id: int, **fields) -> None:
    records = json.loads(export.read_text(encoding="utf-8"))
    (record,) = [r for r in records if str(r["rta_id"]) == str(rta_id)]
    record.update(fields)
    export.write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")


def _invoke(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


# --- reading ToTA -----------------------------------------------------------------------------


def test_tota_file_every_field():
    text = tota.read_file(TOTA / "xml" / "pta_442.xml")
    assert dataclasses.asdict(text) | {"articles": None} == {
        "tota_id": "442",
        "name": "Canada - Honduras",
        "type": "Free Trade Agreement & Economic Integration Agreement",
        "wto_rta_id": "911",
        "status": "In Force",
        "notification": "GATT Art. XXIV & GATS Art. V",
        "date_signed": "2013-11-05",
        "date_into_force": "2014-10-01",
        "date_notification": "2015-02-05",
        "date_inactive": "",
        "parties_original": ("CAN", "HND"),
        "parties_current": ("CAN", "HND"),
        "composition": "Bilateral",
        "region": "North America; Central America",
        "language": "en",
        "articles": None,
        # Full-text sources only, de-duplicated, the stray quote dropped and the space escaped;
        # a source that is not a URL is left out.
        "source_languages": {
            "http://www.international.gc.ca/honduras/some%20text.aspx": "en",
            "http://www.prohonduras.hn/texto-normativo-9.html": "es",
        },
    }
    assert text.sources == (  # in ToTA's order
        "http://www.international.gc.ca/honduras/some%20text.aspx",
        "http://www.prohonduras.hn/texto-normativo-9.html",
    )
    assert text.file_url == TOTA_FILE.format(442)
    assert [dataclasses.astuple(article) for article in text.articles] == [
        (
            "44201",
            0,
            1,
            "",
            "Preamble",
            "",
            "",
            "Canada and the Republic of Honduras, resolved to promote trade, have agreed as follows.",
        ),
        (
            "44202",
            1,
            1,
            "CHAPTER 14",
            "Electronic Commerce",
            "ARTICLE 14.1",
            "Definitions",
            "For the purposes of this Chapter, electronic means using digital technology.",
        ),
        (
            "44203",
            1,
            2,
            "CHAPTER 14",
            "Electronic Commerce",
            "ARTICLE 14.5",
            "Cooperation",
            "The Parties shall cooperate on electronic commerce, including consumer protection and electronic signatures.",
        ),
    ]


def test_tota_inactive_text_with_empty_current_parties():
    text = tota.read_file(TOTA / "xml" / "pta_206.xml")
    assert text.status == "Inactive"
    assert text.date_inactive == "2006-06-03"
    assert text.parties_original == ("TUR", "YUG")
    assert text.parties_current == ()
    # The quotes around the symbol in Documents Online's links are escaped, the space too.
    assert [text.source_languages[url] for url in text.sources] == ["en", "fr"]
    assert all("%22WT/REG%2099/1%22" in url for url in text.sources)
    assert (text.notification, text.date_notification) == ("GATT Art. XXIV", "")


def test_tota_text_without_rta_id():
    text = tota.read_file(TOTA / "xml" / "pta_450.xml")
    assert (text.tota_id, text.wto_rta_id, text.language) == ("450", "", "es")
    assert (text.date_into_force, text.notification) == ("", "")


def test_tota_missing_fields_are_empty(tmp_path):
    path = tmp_path / "pta_77.xml"
    path.write_text(
        "<treaty><meta><name>  A -\n B </name></meta><body><chapter><article>Text "
        "<b>bold</b> end</article></chapter><article>outside any chapter</article></body></treaty>",
        encoding="utf-8",
    )
    text = tota.read_file(path)
    assert text.tota_id == "77"  # no treaty_identifier: the file's number
    assert text.name == "A - B"
    for name in ("type", "wto_rta_id", "status", "notification", "date_signed", "date_inactive"):
        assert getattr(text, name) == "", name
    assert (text.parties_original, text.parties_current, text.sources) == ((), (), ())
    assert [(a.identifier, a.number, a.text) for a in text.articles] == [("", "", "Text bold end")]


def test_tota_corpus_from_root_or_xml_folder_in_number_order():
    from_root = tota.read_corpus(TOTA)
    assert [text.tota_id for text in from_root] == [
        "201",
        "202",
        "203",
        "204",
        "205",
        "206",
        "442",
        "449",
        "450",
    ]
    assert tota.read_corpus(TOTA / "xml") == from_root


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("<treaty><meta><name>x</name></meta>", "pta_5.xml:1: not well-formed XML"),
        ("<treaty><meta/></treaty>", "pta_5.xml: not a ToTA file"),
        ("", "pta_5.xml:1: not well-formed XML"),
    ],
)
def test_tota_malformed_file_is_an_input_error(tmp_path, content, message):
    (tmp_path / "pta_5.xml").write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=message.replace(".", r"\.")):
        tota.read_corpus(tmp_path)


def test_tota_empty_folder_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="no ToTA files"):
        tota.read_corpus(tmp_path)
    with pytest.raises(InputError, match="no ToTA files"):
        tota.read_corpus(tmp_path / "missing")


# --- reading the WTO RTA-IS export -----------------------------------------------------------


def test_export_every_field_in_rta_id_order():
    records = wto_rta.read_export(EXPORT)
    assert [record.rta_id for record in records] == [
        "201",
        "202",
        "203",
        "204",
        "205",
        "301",
        "302",
        "303",
        "911",
        "1030",
        "1087",
    ]
    canada_honduras = records[8]
    assert dataclasses.asdict(canada_honduras) == {
        "rta_id": "911",
        "name": "Canada - Honduras",
        "coverage": "Goods & Services",
        "type": "FTA & EIA",
        "notification": "GATT Art. XXIV & GATS Art. V",
        "status": "In Force",
        "goods_in_force": "2014-10-01",
        "services_in_force": "2014-10-01",
        "in_force": "2014-10-01",
        "composition": "Bilateral",
        "region": "North America; Central America",
        "signatories": ("Canada", "Honduras"),
        "signatory_ids": ("CAN", "HND"),
        "updated": "2026-04-09",
        "copy_url": wto_rta.COPY_URL,
    }
    assert canada_honduras.card_url == CARD.format(911)
    under_negotiation = records[5]
    assert (under_negotiation.type, under_negotiation.coverage, under_negotiation.in_force) == (
        "",
        "",
        "",
    )
    assert under_negotiation.signatories == ("Türkiye", "Kosovo (under UNSC res. 1244)")


def test_export_optional_fields_may_be_missing(tmp_path):
    path = tmp_path / "export.json"
    path.write_text(
        json.dumps(
            [
                {
                    "rta_id": " 7 ",
                    "agreement_name": " A  -  B ",
                    "status": "In Force",
                    "current_signatories": ["  Korea,  Republic of ", ""],
                    "signatory_ids": None,
                }
            ]
        ),
        encoding="utf-8",
    )
    (record,) = wto_rta.read_export(path)
    assert (record.rta_id, record.name, record.signatories) == (
        "7",
        "A - B",
        ("Korea, Republic of",),
    )
    assert (record.coverage, record.type, record.notification, record.in_force) == ("", "", "", "")
    assert (record.composition, record.region, record.updated, record.signatory_ids) == (
        "",
        "",
        "",
        (),
    )


def _record(**fields) -> dict:
    return {"rta_id": 1, "agreement_name": "A - B", "status": "In Force"} | fields


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('[{"rta_id": 1,\n "agreement_name": }]', r"export\.json:2: not JSON"),
        ('{"rta_id": 1}', "expected a JSON list"),
        ("[1]", "record 1: not a JSON object"),
        (json.dumps([_record(), _record(rta_id=2, status="")]), "record 2: missing status"),
        (json.dumps([_record(agreement_name=None)]), "record 1: missing agreement_name"),
        (json.dumps([_record(rta_id="91a")]), "record 1: RTA ID '91a' is not a positive"),
        (json.dumps([_record(rta_id=-3)]), "RTA ID '-3' is not a positive"),
        (json.dumps([_record(rta_id="012")]), "RTA ID '012' is not a positive"),
        (json.dumps([_record(rta_id=3.5)]), r"RTA ID '3\.5' is not a positive"),
        (json.dumps([_record(rta_id=911), _record(rta_id="911")]), "RTA IDs listed twice: 911"),
        (
            json.dumps([_record(rta_id=2, current_signatories="Canada")]),
            r"record 1 \(RTA 2\): current_signatories is not a list",
        ),
    ],
)
def test_export_malformed_is_an_input_error(tmp_path, content, message):
    path = tmp_path / "export.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=message) as error:
        wto_rta.read_export(path)
    assert str(path) in error.value.message


def test_export_missing_file_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        wto_rta.read_export(tmp_path / "missing.json")


# --- parties ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "actor"),
    [
        ("European Union", "organization/eu"),
        ("European Free Trade Association (EFTA)", "organization/efta"),
        ("Southern Common Market (MERCOSUR)", "organization/mercosur"),
        ("Kosovo (under UNSC res. 1244)", "party/kosovo"),
        ("Netherlands Antilles", "party/netherlands-antilles"),
        ("Korea, Republic of", "country/KOR"),
        ("Türkiye", "country/TUR"),
        ("Hong Kong, China", "country/HKG"),
        ("Chinese Taipei", "country/TWN"),
        ("United States of America", "country/USA"),
        ("Canada", "country/CAN"),
    ],
)
def test_party_names(name, actor):
    assert party_for_name(name) == ID + actor


@pytest.mark.parametrize(
    ("code", "actor"),
    [
        ("RKS", "party/kosovo"),
        ("YUG", "party/yugoslavia"),
        ("ANT", "party/netherlands-antilles"),
        ("EU", "organization/eu"),
        ("HND", "country/HND"),
    ],
)
def test_party_codes(code, actor):
    assert party_for_code(code) == ID + actor


def test_unknown_party_is_an_input_error():
    with pytest.raises(InputError, match="no actor for the party name 'Atlantis'"):
        party_for_name("Atlantis")
    with pytest.raises(InputError, match="no actor for the party code 'XXX'"):
        party_for_code("XXX")


# --- the census files -------------------------------------------------------------------------


def test_one_file_per_agreement(census, curated_cards):
    names = set(census.files())
    expected = {
        *(f"rta-{n}.ttl" for n in (201, 202, 203, 204, 205, 206, 301, 302, 303, 911)),
        "tota-449.ttl",
        *(f"rta-{n}.ttl" for n in curated_cards),
    }
    assert names == expected
    assert "rta-1030.ttl" in names and "rta-1087.ttl" in names
    assert "tota-450.ttl" not in names  # the Spanish TPP is merged into tota-449
    assert census.report.written == len(expected)
    assert census.report.changed == len(expected)
    assert census.report.findings == {
        "cooperation-item": 1,
        "not-established": 1,
        "not-screened": 4,
        "provision-found": 1,
        "screened-none": 3,
        "text-incomplete": 1,
    }
    # Written aside and swapped in: nothing of the staging is left behind.
    assert [p.name for p in census.layout.data_dir.iterdir() if p.name.startswith(".")] == []


def test_file_header_names_its_sources(census):
    text = (census.folder / "rta-911.ttl").read_text(encoding="utf-8")
    assert text.startswith(
        "# Census: WTO RTA-IS record 911 (Canada - Honduras); ToTA pta_442.\n"
        "# Generated by `tradegraph import census`"
    )
    tpp = (census.folder / "tota-449.ttl").read_text(encoding="utf-8")
    assert tpp.startswith("# Census: ToTA pta_449; ToTA pta_450.\n")


def test_agreement_from_export_and_tota(census):
    g = census.graph("rta-911.ttl")
    agreement = iri("agreement/rta-911")
    assert (agreement, RDF.type, TG.TradeAgreement) in g
    assert g.value(agreement, TG.agreementKind) == iri("agreement-kind/free-trade-agreement")
    assert g.value(agreement, TG.signatureDate) == date("2013-11-05")
    assert g.value(agreement, TG.entryIntoForceDate) == date("2014-10-01")
    assert g.value(agreement, DCTERMS.source) == URIRef(CARD.format(911))
    assert set(g.objects(agreement, TG.copyRead)) == {
        URIRef(wto_rta.COPY_URL),
        URIRef(TOTA_FILE.format(442)),
    }
    assert g.value(agreement, TG.verificationLevel) == iri("verification/secondary-source")
    assert g.value(agreement, TG.status) is None
    assert g.value(agreement, TG.noWtoRtaIdReason) is None


def test_rta_record(census):
    g = census.graph("rta-911.ttl")
    record = iri("rta/911")
    assert (record, RDF.type, TG.RtaRecord) in g
    assert g.value(record, TG.wtoRtaId) == Literal("911")
    assert g.value(record, FOAF.primaryTopic) == iri("agreement/rta-911")
    assert g.value(record, DCTERMS.source) == URIRef(CARD.format(911))
    assert g.value(record, TG.copyRead) == URIRef(wto_rta.COPY_URL)
    assert g.value(record, DCTERMS.date) == date("2026-04-09")
    assert g.value(record, TG.rtaType) == Literal("FTA & EIA")
    assert g.value(record, TG.region) == Literal("North America; Central America")
    assert g.value(record, TG.goodsEntryIntoForceDate) == date("2014-10-01")
    assert g.value(record, TG.servicesEntryIntoForceDate) == date("2014-10-01")


@pytest.mark.parametrize(
    ("rta_id", "kind", "coverage", "notification", "composition", "status"),
    [
        (
            911,
            "free-trade-agreement",
            {"goods", "services"},
            {"gatt-xxiv", "gats-v"},
            "bilateral",
            "in-force",
        ),
        (
            202,
            "free-trade-agreement",
            {"goods"},
            {"gatt-xxiv", "enabling-clause", "gats-v"},
            "bilateral-one-party-rta",
            "in-force",
        ),
        (
            203,
            "economic-integration-agreement",
            {"services"},
            {"gats-v"},
            "plurilateral-one-party-rta",
            "in-force-for-some",
        ),
        (
            204,
            "customs-union",
            {"goods", "services"},
            {"gatt-xxiv", "gats-v"},
            "bilateral-all-parties-rtas",
            "in-force",
        ),
        (
            205,
            "partial-scope-agreement",
            {"goods", "services"},
            {"enabling-clause"},
            "bilateral",
            "in-force",
        ),
        (301, None, set(), set(), "bilateral", "early-announcement-under-negotiation"),
        (
            302,
            "partial-scope-agreement",
            {"goods"},
            {"enabling-clause"},
            "plurilateral",
            "inactive",
        ),
        (303, "free-trade-agreement", set(), set(), "bilateral", "early-announcement-signed"),
        # From ToTA's copy of the card: the export does not list RTA 206.
        (206, "free-trade-agreement", set(), {"gatt-xxiv"}, "bilateral", "inactive"),
    ],
)
def test_classifications(census, rta_id, kind, coverage, notification, composition, status):
    g = census.graph(f"rta-{rta_id}.ttl")
    record = iri(f"rta/{rta_id}")
    agreement = iri(f"agreement/rta-{rta_id}")
    found_kind = g.value(agreement, TG.agreementKind)
    assert found_kind == (iri(f"agreement-kind/{kind}") if kind else None)
    assert set(g.objects(record, TG.coverage)) == {iri(f"coverage/{c}") for c in coverage}
    assert set(g.objects(record, TG.notificationBasis)) == {
        iri(f"notification/{n}") for n in notification
    }
    assert g.value(record, TG.composition) == iri(f"composition/{composition}")
    assert g.value(record, TG.rtaStatus) == iri(f"rtastatus/{status}")


def _parties(g: Graph, key: str) -> dict[URIRef, URIRef | None]:
    agreement = iri(f"agreement/{key}")
    return {
        g.value(membership, ORG.member): g.value(membership, ORG.role)
        for membership in g.subjects(TG.membershipOf, agreement)
    }


@pytest.mark.parametrize(
    ("key", "parties"),
    [
        ("rta-911", {"country/CAN", "country/HND"}),
        # ToTA lists the EU's member states (DEU, FRA): the card's party, the EU, is kept.
        ("rta-201", {"organization/eu", "country/KOR"}),
        ("rta-202", {"country/COL", "organization/mercosur"}),
        ("rta-203", {"organization/efta", "country/CRI", "country/PAN"}),
        ("rta-204", {"organization/eaeu", "organization/sacu"}),
        ("rta-301", {"country/TUR", "party/kosovo"}),
        ("rta-303", {"country/HKG", "country/KOR"}),
    ],
)
def test_parties_are_the_current_signatories_of_the_export(census, key, parties):
    g = census.graph(f"{key}.ttl")
    assert _parties(g, key) == {iri(party): None for party in parties}
    membership = iri(f"membership/{key}-{sorted(parties)[0].rsplit('/', 1)[-1]}")
    assert (membership, RDF.type, TG.PartyMembership) in g
    assert any(
        "current signatories" in note
        for note in g.objects(iri(f"agreement/{key}"), SKOS.editorialNote)
    )


@pytest.mark.parametrize(
    ("key", "parties"),
    [
        # The export lists no signatories of RTA 205; ToTA codes them RKS and ANT.
        ("rta-205", {"party/kosovo", "party/netherlands-antilles"}),
        # Inactive: ToTA's current parties are empty, its original parties are kept.
        ("rta-206", {"country/TUR", "party/yugoslavia"}),
        ("tota-449", {"country/AUS", "country/CAN", "country/JPN"}),
    ],
)
def test_parties_are_totas_original_parties_otherwise(census, key, parties):
    g = census.graph(f"{key}.ttl")
    assert _parties(g, key) == {iri(party): iri("role/original-party") for party in parties}
    assert any(
        "original signatories" in note
        for note in g.objects(iri(f"agreement/{key}"), SKOS.editorialNote)
    )


def test_no_parties_listed(census):
    g = census.graph("rta-302.ttl")
    agreement = iri("agreement/rta-302")
    assert _parties(g, "rta-302") == {}
    assert "none of its parties" in str(g.value(agreement, TG.partiesUnlisted))
    assert census.graph("rta-911.ttl").value(iri("agreement/rta-911"), TG.partiesUnlisted) is None


def test_inactive_event_dated_by_tota(census):
    g = census.graph("rta-206.ttl")
    event = iri("event/rta-206-inactive")
    agreement = iri("agreement/rta-206")
    assert (event, RDF.type, TG.Event) in g
    assert g.value(event, TG.concerns) == agreement
    assert g.value(event, TG.setsStatus) == iri("status/inactive")
    assert g.value(event, TG.eventType) == iri("event-type/status-change")
    assert g.value(event, DCTERMS.date) == date("2006-06-03")
    assert g.value(agreement, TG.status) is None  # the event says it, dated
    # The card as ToTA copied it, for an agreement the export does not list.
    record = iri("rta/206")
    assert g.value(record, TG.copyRead) == URIRef(TOTA_FILE.format(206))
    assert g.value(record, DCTERMS.date) == date(tota.COMMIT_DATE)
    assert g.value(agreement, TG.entryIntoForceDate) == date("1998-09-01")


@pytest.mark.parametrize(
    ("key", "status"),
    [
        ("rta-301", "under-negotiation"),
        ("rta-302", "inactive"),  # inactive, but no date for it: no event
        ("rta-303", "signed"),
        ("tota-449", None),  # signed, and its signature date says so
        ("rta-911", None),
    ],
)
def test_undated_statuses(census, key, status):
    g = census.graph(f"{key}.ttl")
    assert g.value(iri(f"agreement/{key}"), TG.status) == (
        iri(f"status/{status}") if status else None
    )
    assert list(g.subjects(TG.setsStatus, None)) == []


def test_text_without_rta_id_is_one_agreement_of_both_language_versions(census):
    g = census.graph("tota-449.ttl")
    agreement = iri("agreement/tota-449")
    review = iri("review/tota-449")
    assert (agreement, RDF.type, TG.TradeAgreement) in g
    assert list(g.subjects(RDF.type, TG.RtaRecord)) == []
    assert "no WTO RTA ID" in str(g.value(agreement, TG.noWtoRtaIdReason))
    assert g.value(agreement, TG.signatureDate) == date("2016-02-04")
    assert set(g.objects(review, TG.totaId)) == {Literal("449"), Literal("450")}
    assert set(g.objects(review, TG.copyRead)) == {
        URIRef(TOTA_FILE.format(449)),
        URIRef(TOTA_FILE.format(450)),
    }
    assert "pta_449, en, pta_450, es" in str(g.value(review, SKOS.editorialNote))


@pytest.mark.parametrize(
    ("key", "finding", "method"),
    [
        ("rta-911", "screened-none", "term-screen"),  # no hit
        ("rta-201", "screened-none", "term-screen"),  # an incidental hit only
        ("rta-206", "screened-none", "term-screen"),
        ("rta-202", "cooperation-item", "term-screen"),
        ("tota-449", "provision-found", "term-screen"),
        ("rta-203", "text-incomplete", "term-screen"),  # a gap: text-incomplete
        ("rta-205", "not-established", "term-screen"),  # a hit not yet read
        ("rta-204", "not-screened", "none"),  # a gap: not-screened
        ("rta-301", "not-screened", "none"),  # no ToTA text
        ("rta-302", "not-screened", "none"),
        ("rta-303", "not-screened", "none"),
    ],
)
def test_review_findings(census, key, finding, method):
    g = census.graph(f"{key}.ttl")
    review = iri(f"review/{key}")
    assert (review, RDF.type, TG.ProvisionReview) in g
    assert g.value(review, TG.reviewOf) == iri(f"agreement/{key}")
    assert g.value(review, TG.finding) == iri(f"finding/{finding}")
    assert g.value(review, TG.method) == iri(f"method/{method}")
    assert g.value(review, DCTERMS.date) == date("2026-12-01")
    if method == "term-screen":
        assert g.value(review, TG.termListVersion) == Literal("1")
        assert g.value(review, TG.verificationLevel) == iri("verification/official-text")
        assert g.value(review, TG.copyRead) is not None
    else:
        assert g.value(review, TG.termListVersion) is None
        assert g.value(review, TG.verificationLevel) == iri("verification/secondary-source")
    if finding not in ("provision-found", "cooperation-item"):
        assert list(g.subjects(RDF.type, TG.Provision)) == []


def test_review_notes(census):
    def note(key: str) -> str:
        g = census.graph(f"{key}.ttl")
        return " ".join(str(n) for n in g.objects(iri(f"review/{key}"), SKOS.editorialNote))

    assert "no term matched" in note("rta-911")
    assert "'Trademark cyber-piracy' in the article on domain names" in note("rta-201")
    assert "ToTA article_identifier 20101" in note("rta-201")
    assert "Not yet read: ToTA article_identifier 20501." in note("rta-205")
    assert "ToTA's text stops after Chapter One" in note("rta-203")
    assert (
        note("rta-204")
        == "ToTA's file carries this agreement's card but the text of another agreement."
    )
    assert "holds no full text" in note("rta-301")


# --- where the official text lives ----------------------------------------------------------


def _official_texts(census: Census, key: str) -> dict[str, dict]:
    """The agreement's tg:officialText documents: label -> publisher, sources, copies read."""
    g = census.graph(f"{key}.ttl")
    found = {}
    for document in g.objects(iri(f"agreement/{key}"), TG.officialText):
        assert g.value(document, TG.concerns) == iri(f"agreement/{key}")
        assert g.value(document, TG.textRead) == Literal(False)
        assert g.value(document, TG.verificationLevel) == iri("verification/secondary-source")
        found[str(g.value(document, RDFS.label))] = {
            "publisher": g.value(document, DCTERMS.publisher),
            "sources": sorted(str(u) for u in g.objects(document, DCTERMS.source)),
            "copies": sorted(str(u) for u in g.objects(document, TG.copyRead)),
            "symbol": g.value(document, TG.symbol),
        }
    return found


def test_official_text_is_each_source_under_an_official_publisher(census):
    # pta_442 names gc.ca (Global Affairs Canada, official) and prohonduras.hn (not listed).
    assert _official_texts(census, "rta-911") == {
        "Canada - Honduras: the text at Global Affairs Canada (international.gc.ca), in English": {
            "publisher": iri("publisher/global-affairs-canada"),
            "sources": ["http://www.international.gc.ca/honduras/some%20text.aspx"],
            "copies": [TOTA_FILE.format(442)],
            "symbol": None,
        }
    }


def test_official_text_of_two_language_versions_is_one_document_per_publisher(census):
    (tpp,) = _official_texts(census, "tota-449").values()
    assert tpp["publisher"] == iri("publisher/mfat")
    assert tpp["sources"] == [
        "https://www.mfat.govt.nz/tpp/text-en.pdf",
        "https://www.mfat.govt.nz/tpp/texto-es.pdf",
    ]
    assert tpp["copies"] == [TOTA_FILE.format(449), TOTA_FILE.format(450)]


def test_official_text_at_documents_online_names_its_symbol(census):
    ((label, document),) = _official_texts(census, "rta-206").items()
    assert document["publisher"] == iri("publisher/wto")
    assert document["symbol"] == Literal("WT/REG 99/1")
    assert label.endswith(", WT/REG 99/1, in English and French")
    assert len(document["sources"]) == 2


@pytest.mark.parametrize(
    ("key", "why"),
    [
        # pta_202 names only OAS SICE's copy, pta_205 only a host that is not a publisher.
        ("rta-202", "only copies at www.sice.oas.org, which are not official publishers"),
        ("rta-205", "only copies at www.example.org, which are not official publishers"),
        ("rta-301", "the census holds no copy of this agreement's text"),
    ],
)
def test_official_text_unlocated_says_what_the_census_holds(census, key, why):
    g = census.graph(f"{key}.ttl")
    agreement = iri(f"agreement/{key}")
    assert (agreement, TG.officialText, None) not in g
    assert why in str(g.value(agreement, TG.officialTextUnlocated))


def test_curated_agreements_get_no_official_text_from_the_census(census, curated_cards):
    for rta_id in curated_cards:
        g = census.graph(f"rta-{rta_id}.ttl")
        assert (None, TG.officialText, None) not in g
        assert (None, TG.officialTextUnlocated, None) not in g


def test_the_longest_prefix_names_the_publisher():
    # The Commission's short host prefix must not win over the Treaties Office's sub-site,
    # whatever the length of the Commission's other prefixes.
    commission = build.Publisher("c", "Commission", ("http://ec.europa.eu/", "https://" + "x" * 60))
    office = build.Publisher("o", "Treaties Office", ("http://ec.europa.eu/world/agreements/",))
    places = build.TextPlaces((commission, office))
    assert places.publisher_of("http://ec.europa.eu/world/agreements/t.do") is office
    assert places.publisher_of("http://ec.europa.eu/trade/") is commission
    assert places.publisher_of("https://example.org/") is None


def test_a_census_agreement_located_by_a_curator_is_left_alone(tmp_path):
    root = _light_root(tmp_path / "root")
    links = root / "data" / "official-texts.ttl"
    with links.open("a", encoding="utf-8") as out:
        out.write(
            "\nagreement:rta-911 tg:officialTextUnlocated "
            '"Searched on 2026-12-02 the text at Global Affairs Canada: not reached." .\n'
        )
    import_census(Layout(root), None, TOTA)
    g = Graph().parse(root / "data" / "census" / "rta-911.ttl")
    assert (None, TG.officialText, None) not in g
    assert (None, TG.officialTextUnlocated, None) not in g
    # The others still get theirs.
    other = Graph().parse(root / "data" / "census" / "rta-201.ttl")
    assert (iri("agreement/rta-201"), TG.officialText, None) in other


def test_cooperation_item(census):
    g = census.graph("rta-202.ttl")
    provision = iri("provision/rta-202-12-6")
    assert list(g.subjects(RDF.type, TG.Provision)) == [provision]
    assert g.value(provision, DCTERMS.isPartOf) == iri("agreement/rta-202")
    assert g.value(provision, TG.coversTopic) == iri("topic/cooperation")
    assert g.value(provision, TG.mentionsTopic) == iri("topic/cybersecurity")
    assert g.value(provision, TG.articleNumber) == Literal("12.6")
    assert g.value(provision, TG.chapter) == Literal("CAPÍTULO 12 Comercio Electrónico")
    assert g.value(provision, TG.excerpt) == Literal(
        "confianza de los consumidores, seguridad cibernética, firma electrónica"
    )
    assert "ToTA article_identifier 20202 (chapter 0, article 2" in str(
        g.value(provision, TG.locator)
    )
    assert g.value(provision, DCTERMS.source) == URIRef(
        "http://www.sice.oas.org/Trade/COL_MER/texto.pdf"
    )
    assert g.value(provision, TG.copyRead) == URIRef(TOTA_FILE.format(202))
    assert list(g.objects(provision, TG.coversElement)) == []


def test_dedicated_provision_with_its_elements(census):
    g = census.graph("tota-449.ttl")
    provision = iri("provision/tota-449-14-16")
    assert list(g.subjects(RDF.type, TG.Provision)) == [provision]  # en and es: one article
    assert g.value(provision, DCTERMS.isPartOf) == iri("agreement/tota-449")
    assert g.value(provision, TG.coversTopic) == iri("topic/cybersecurity")
    assert g.value(provision, TG.mentionsTopic) is None
    assert set(g.objects(provision, TG.coversElement)) == {
        iri("element/capacity-building"),
        iri("element/operational-collaboration"),
    }
    assert g.value(provision, TG.articleNumber) == Literal("14.16")
    assert str(g.value(provision, TG.excerpt)).startswith("The Parties recognise the importance of")
    assert set(g.objects(provision, DCTERMS.source)) == {
        URIRef("https://www.mfat.govt.nz/tpp/text-en.pdf"),
        URIRef("https://www.mfat.govt.nz/tpp/texto-es.pdf"),
    }
    notes = " ".join(str(n) for n in g.objects(provision, SKOS.editorialNote))
    assert "Also read in ToTA pta_450 (es)" in notes
    assert "'Cooperation On Cybersecurity Matters'" in notes


def test_curated_agreement_gets_only_its_record(census, curated_cards):
    usmca = curated_cards["1087"]
    assert usmca.in_force and usmca.in_force != "2020-07-02"  # the fixture's card differs
    g = census.graph("rta-1087.ttl")
    record = iri("rta/1087")
    assert set(g.subjects()) == {record}
    assert (record, RDF.type, TG.RtaRecord) in g
    assert g.value(record, FOAF.primaryTopic) == URIRef(usmca.iri)
    assert g.value(record, TG.wtoRtaId) == Literal("1087")
    assert str(g.value(record, SKOS.editorialNote)) == (
        f"The card gives entry into force 2020-07-02; the curated agreement gives "
        f"{usmca.in_force} from its own sources, which is kept."
    )
    assert (iri("agreement/rta-1087"), None, None) not in g
    assert "# The agreement itself is curated: usmca." in (
        census.folder / "rta-1087.ttl"
    ).read_text(encoding="utf-8")


def test_curated_agreement_without_a_date_gets_no_note(census, curated_cards):
    assert curated_cards["1030"].in_force == ""
    g = census.graph("rta-1030.ttl")
    record = iri("rta/1030")
    assert set(g.subjects()) == {record}
    assert g.value(record, FOAF.primaryTopic) == URIRef(curated_cards["1030"].iri)
    assert g.value(record, SKOS.editorialNote) is None


def test_no_census_agreement_restates_a_curated_one(census, curated_cards):
    for rta_id in curated_cards:
        g = census.graph(f"rta-{rta_id}.ttl")
        assert list(g.subjects(RDF.type, TG.TradeAgreement)) == []
        assert list(g.subjects(RDF.type, TG.ProvisionReview)) == []


def test_second_import_changes_nothing(census):
    before = census.files()
    mtimes = {path.name: path.stat().st_mtime_ns for path in census.folder.iterdir()}
    report = import_census(census.layout, census.export, TOTA)
    assert report == dataclasses.replace(census.report, changed=0)
    assert census.files() == before
    assert {path.name: path.stat().st_mtime_ns for path in census.folder.iterdir()} == mtimes


def test_same_inputs_in_another_order_give_the_same_bytes(census, tmp_path):
    before = census.files()
    records = json.loads(census.export.read_text(encoding="utf-8"))
    reversed_export = tmp_path / "reversed.json"
    reversed_export.write_text(json.dumps(records[::-1], indent=4), encoding="utf-8")
    report = import_census(census.layout, reversed_export, TOTA / "xml")
    assert report.changed == 0
    assert census.files() == before


def test_the_import_through_the_cli(census):
    result = _invoke(
        "--root",
        str(census.layout.root),
        "import",
        "census",
        "--wto-rta",
        str(census.export),
        "--tota",
        str(TOTA),
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        f"{census.report.written} files in data/census/, 0 changed",
        "reviews by finding: cooperation-item 1, not-established 1, not-screened 4, "
        "provision-found 1, screened-none 3, text-incomplete 1",
    ]


def test_the_result_validates(census):
    result = _invoke("--root", str(census.layout.root), "validate")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("valid:")


def test_the_census_folder_keeps_ordinary_permissions(census):
    umask = os.umask(0)
    os.umask(umask)
    if 0o777 & ~umask == 0o700:
        pytest.skip("the umask makes every new folder private")
    assert stat.S_IMODE(census.folder.stat().st_mode) == 0o777 & ~umask


# --- refusals of the readings ------------------------------------------------------------------

_HEADER = 'read: 2026-12-01\nterm_list_version: "1"\n'


def _add_reading(entry: str):
    return lambda text: text.replace("readings:\n", "readings:\n" + entry, 1)


def _replace(old: str, new: str):
    def edit(text: str) -> str:
        assert old in text
        return text.replace(old, new, 1)

    return edit


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (
            _add_reading(
                '  - {tota: 442, article: "44203", class: incidental, note: "No term."}\n'
            ),
            "reading of ToTA pta_442 article 44203: the screen finds no term in that article",
        ),
        (
            _replace(
                "seguridad cibernética, firma electrónica", "seguridad cibernética y ciberdefensa"
            ),
            "reading of ToTA pta_202 article 20202: the excerpt is not in the article's text",
        ),
        (
            _add_reading(
                '  - {tota: 999, article: "1", class: incidental, note: "No such text."}\n'
            ),
            "readings name ToTA texts the corpus lacks: 999",
        ),
        (
            _replace(
                "- {tota: 203, finding: text-incomplete", "- {tota: 998, finding: text-incomplete"
            ),
            "readings name ToTA texts the corpus lacks: 998",
        ),
    ],
)
def test_import_refuses_readings_that_do_not_fit_the_texts(tmp_path, edit, message):
    root = _light_root(tmp_path / "root", edit(READINGS.read_text(encoding="utf-8")))
    with pytest.raises(InputError) as error:
        import_census(Layout(root), EXPORT, TOTA)
    assert error.value.message == message
    assert not (root / "data" / "census").exists()


def test_an_excerpt_may_differ_from_the_text_in_white_space_only(tmp_path):
    text = READINGS.read_text(encoding="utf-8").replace(
        "confianza de los consumidores, seguridad cibernética,",
        "confianza de los\\n   consumidores,  seguridad cibernética,",
    )
    root = _light_root(tmp_path / "root", text)
    import_census(Layout(root), EXPORT, TOTA)
    assert (root / "data" / "census" / "rta-202.ttl").is_file()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            _HEADER.replace('"1"', '"2"') + "readings: []\n",
            "readings are for term list version '2'",
        ),
        ("read: someday\n" + _HEADER.splitlines()[1] + "\n", "'read' must be the date"),
        (
            _HEADER + "readings:\n  - {tota: 202, article: '20202', class: mention}\n",
            "class must be one of",
        ),
        (
            _HEADER
            + "readings:\n  - {tota: 202, article: '20202', class: cooperation-item, excerpt: x, note: y}\n",
            "a cooperation item names its topic",
        ),
        (
            _HEADER + "readings:\n  - {tota: 202, article: '20202', class: provision, note: y}\n",
            "needs its excerpt",
        ),
        (
            _HEADER + "gaps:\n  - {tota: 203, finding: lost, note: y}\n",
            "gap 1: finding must be one of",
        ),
        (_HEADER + "readings: [1, 2\n", "not YAML"),
    ],
)
def test_malformed_readings_are_an_input_error(tmp_path, text, message):
    path = tmp_path / "census-screen.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=message) as error:
        readings.load(path)
    assert str(path) in error.value.message


def test_readings_with_a_tota_id_that_is_not_a_number_are_an_input_error(tmp_path):
    text = READINGS.read_text(encoding="utf-8").replace("tota: 202,", "tota: pta_202,")
    root = _light_root(tmp_path / "root", text)
    with pytest.raises(InputError, match="pta_202"):
        import_census(Layout(root), EXPORT, TOTA)


# --- bad input through the command line --------------------------------------------------------


def _malformed_xml(export: Path, corpus: Path) -> None:
    _edit(corpus / "xml" / "pta_442.xml", "</treaty>", "</treat>")


def _not_tota(export: Path, corpus: Path) -> None:
    (corpus / "xml" / "pta_442.xml").write_text("<treaty><meta/></treaty>", encoding="utf-8")


def _malformed_json(export: Path, corpus: Path) -> None:
    export.write_text(export.read_text(encoding="utf-8")[:-10], encoding="utf-8")


def _export_id_not_a_number(export: Path, corpus: Path) -> None:
    _edit(export, '"rta_id": 202,', '"rta_id": "202a",')


def _duplicate_id(export: Path, corpus: Path) -> None:
    _edit(export, '"rta_id": 202,', '"rta_id": "911",')


def _record_field(**fields):
    def edit(export: Path, corpus: Path) -> None:
        _edit_record(export, 201, **fields)

    return edit


def _tota_field(number: int, old: str, new: str):
    def edit(export: Path, corpus: Path) -> None:
        _edit(corpus / "xml" / f"pta_{number}.xml", old, new)

    return edit


def _no_tota_files(export: Path, corpus: Path) -> None:
    shutil.rmtree(corpus / "xml")
    (corpus / "xml").mkdir()


def _no_export(export: Path, corpus: Path) -> None:
    export.unlink()


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        pytest.param(_malformed_xml, ["pta_442.xml:", "not well-formed XML"], id="malformed-xml"),
        pytest.param(_not_tota, ["pta_442.xml: not a ToTA file"], id="not-tota"),
        pytest.param(_no_tota_files, ["no ToTA files"], id="no-tota-files"),
        pytest.param(_malformed_json, ["wto-rta.json:", "not JSON"], id="malformed-json"),
        pytest.param(_no_export, ["wto-rta.json: no such file"], id="no-export"),
        pytest.param(
            _export_id_not_a_number,
            ["wto-rta.json: record 3: RTA ID '202a' is not a positive whole number"],
            id="rta-id-not-a-number",
        ),
        pytest.param(
            _duplicate_id, ["wto-rta.json: RTA IDs listed twice: 911"], id="duplicate-rta-id"
        ),
        pytest.param(
            _record_field(agreement_name=""),
            ["wto-rta.json: record 2: missing agreement_name"],
            id="no-name",
        ),
        pytest.param(
            _record_field(status="Terminated"),
            ["RTA 201: unknown status 'Terminated'"],
            id="status",
        ),
        pytest.param(
            _record_field(rta_composition="Trilateral"),
            ["RTA 201: unknown composition 'Trilateral'"],
            id="composition",
        ),
        pytest.param(
            _record_field(coverage="Goods only"),
            ["RTA 201: unknown coverage 'Goods only'"],
            id="coverage",
        ),
        pytest.param(
            _record_field(notification="GATT Art. XXIV & Art. V"),
            ["RTA 201: unknown notification 'Art. V'"],
            id="notification",
        ),
        pytest.param(
            _record_field(entry_into_force_goods_date="01/10/2014"),
            ["RTA 201: malformed date '01/10/2014'"],
            id="goods-date",
        ),
        pytest.param(
            _record_field(last_updated_iso="2026-04-09T10:00:00Z"),
            ["RTA 201: malformed date '2026-04-09T10:00:00Z'"],
            id="updated-date",
        ),
        # The agreement's dates are reported under its name.
        pytest.param(
            _record_field(entry_into_force_date="2014-1-1"),
            ["EU - Korea, Republic of: malformed date '2014-1-1'"],
            id="in-force-date",
        ),
        pytest.param(
            _tota_field(201, "<date_signed>2010-10-06<", "<date_signed>2010/10/06<"),
            ["pta_201.xml: date_signed '2010/10/06' is not a date"],
            id="tota-signature-date",
        ),
        pytest.param(
            _tota_field(206, "<date_inactive>2006-06-03<", "<date_inactive>2006-06<"),
            ["pta_206.xml: date_inactive '2006-06' is not a date"],
            id="tota-inactive-date",
        ),
        pytest.param(
            _tota_field(206, "<status>Inactive<", "<status>Dormant<"),
            ["RTA 206: unknown status 'Dormant'"],
            id="tota-status",
        ),
        pytest.param(
            _record_field(current_signatories="Canada"),
            ["wto-rta.json: record 2 (RTA 201): current_signatories is not a list"],
            id="signatories-not-a-list",
        ),
        pytest.param(
            _record_field(current_signatories=["European Union", "Atlantis"]),
            ["'Atlantis'", "201"],
            id="unknown-party-name",
        ),
        pytest.param(
            _tota_field(206, ">YUG<", ">XXX<"),
            ["'XXX'", "206"],
            id="unknown-party-code",
        ),
        pytest.param(
            _tota_field(442, "<wto_rta_id>911<", "<wto_rta_id>91l<"),
            ["pta_442", "91l"],
            id="tota-rta-id-not-a-number",
        ),
    ],
)
def test_bad_input_is_one_line_and_exit_2(tmp_path, edit, expected):
    export, corpus = _copy_inputs(tmp_path)
    edit(export, corpus)
    root = _light_root(tmp_path / "root")
    with pytest.raises(InputError):
        import_census(Layout(root), export, corpus)
    result = _invoke(
        "--root", str(root), "import", "census", "--wto-rta", str(export), "--tota", str(corpus)
    )
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("tradegraph: error: "), result.stderr
    for fragment in expected:
        assert fragment in lines[0]
    assert not (root / "data" / "census").exists()


def test_bad_input_in_a_real_process_prints_no_traceback(tmp_path):
    export, corpus = _copy_inputs(tmp_path)
    _malformed_json(export, corpus)
    root = _light_root(tmp_path / "root")
    command = [str(SCRIPT), "--root", str(root), "import", "census", "--wto-rta", str(export)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.startswith(f"tradegraph: error: {export}:")
    assert len(result.stderr.splitlines()) == 1


def test_import_census_help_documents_both_options():
    result = _invoke("import", "census", "--help")
    assert result.exit_code == 0
    assert (
        "--wto-rta FILE" in result.output and "An export of the WTO RTA-IS as JSON" in result.output
    )
    assert "--tota DIRECTORY" in result.output and "A copy of the ToTA corpus" in result.output
    assert "tradegraph import census --wto-rta" in result.output


def test_import_census_without_sources_is_one_line_and_exit_2(tmp_path):
    root = _light_root(tmp_path / "root")
    result = _invoke("--root", str(root), "import", "census")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert (
        result.stderr
        == "tradegraph: error: import census needs --wto-rta FILE, --tota DIR or both\n"
    )


# --- either source alone, and builder bugs ------------------------------------------------------


def test_import_of_the_export_alone(tmp_path):
    root = _light_root(tmp_path / "root", _HEADER)
    report = import_census(Layout(root), EXPORT, None)
    assert report.findings == {"not-screened": 11}
    g = Graph().parse(root / "data" / "census" / "rta-911.ttl")
    assert g.value(iri("agreement/rta-911"), TG.signatureDate) is None  # only ToTA gives it


def test_import_of_tota_alone(tmp_path):
    root = _light_root(tmp_path / "root")
    report = import_census(Layout(root), None, TOTA)
    assert report.written == 8  # 442, 201..206 and the TPP
    g = Graph().parse(root / "data" / "census" / "rta-911.ttl")
    record = iri("rta/911")
    assert g.value(record, TG.copyRead) == URIRef(TOTA_FILE.format(442))
    assert g.value(record, TG.rtaType) == Literal("FTA & EIA")
    assert _parties(g, "rta-911") == {
        iri("country/CAN"): iri("role/original-party"),
        iri("country/HND"): iri("role/original-party"),
    }


def _build(texts, records=(), readings_text: str | None = None, tmp_path: Path | None = None):
    path = tmp_path / "readings.yaml"
    path.write_text(readings_text or READINGS.read_text(encoding="utf-8"), encoding="utf-8")
    return build.build(list(records), texts, readings.load(path), {})


def test_a_signature_date_in_words_is_refused(tmp_path):
    texts = tota.read_corpus(TOTA)
    texts = [
        dataclasses.replace(text, date_signed="November 5, 2013") if text.tota_id == "442" else text
        for text in texts
    ]
    with pytest.raises(InputError, match="malformed date 'November 5, 2013'"):
        _build(texts, wto_rta.read_export(EXPORT), tmp_path=tmp_path)


def test_a_tota_rta_id_with_a_leading_zero_is_not_a_second_agreement(tmp_path):
    texts = [
        dataclasses.replace(text, wto_rta_id="0911") if text.tota_id == "442" else text
        for text in tota.read_corpus(TOTA)
    ]
    try:
        files = _build(texts, wto_rta.read_export(EXPORT), tmp_path=tmp_path)
    except InputError as error:
        assert "pta_442" in error.message
        return
    assert "rta-0911.ttl" not in files
    assert "ToTA pta_442" in files["rta-911.ttl"]


def test_the_reason_for_no_rta_id_does_not_claim_an_export_that_was_not_read(tmp_path):
    files = _build(tota.read_corpus(TOTA), records=(), tmp_path=tmp_path)
    g = Graph().parse(data=files["tota-449.ttl"], format="turtle")
    reason = str(g.value(iri("agreement/tota-449"), TG.noWtoRtaIdReason))
    assert "2026-04-09" not in reason


_TWO_ARTICLES_3 = """<?xml version="1.0" encoding="UTF-8"?>
<treaty><meta><name>Canada - Honduras</name><type>Free Trade Agreement</type>
<wto_rta_id>911</wto_rta_id><treaty_identifier>7</treaty_identifier><status>In Force</status>
<composition>Bilateral</composition><language>en</language>
<parties_original><partyisocode n="1">CAN</partyisocode><partyisocode n="2">HND</partyisocode></parties_original></meta>
<body>
<chapter number="TITLE V" name="Justice" chapter_identifier="1">
<article number="ARTICLE 3" name="Crime" article_identifier="701">The Parties shall cooperate against cybercrime.</article></chapter>
<chapter number="PROTOCOL 2" name="Information Society" chapter_identifier="2">
<article number="ARTICLE 3" name="Cooperation" article_identifier="702">Cooperation shall include improving network security.</article></chapter>
</body></treaty>
"""


def test_articles_with_the_same_number_in_two_chapters_are_two_provisions(tmp_path):
    (tmp_path / "xml").mkdir()
    (tmp_path / "xml" / "pta_7.xml").write_text(_TWO_ARTICLES_3, encoding="utf-8")
    text = (
        _HEADER
        + "readings:\n"
        + '  - {tota: 7, article: "701", class: cooperation-item, topic: cybercrime,\n'
        + '     excerpt: "cooperate against cybercrime", note: "A crime item."}\n'
        + '  - {tota: 7, article: "702", class: cooperation-item, topic: cybersecurity,\n'
        + '     excerpt: "improving network security", note: "An information-society item."}\n'
    )
    files = _build(tota.read_corpus(tmp_path), readings_text=text, tmp_path=tmp_path)
    g = Graph().parse(data=files["rta-911.ttl"], format="turtle")
    provisions = set(g.subjects(RDF.type, TG.Provision))
    assert len(provisions) == 2
    assert {str(g.value(p, TG.excerpt)) for p in provisions} == {
        "cooperate against cybercrime",
        "improving network security",
    }
    assert {g.value(p, TG.mentionsTopic) for p in provisions} == {
        iri("topic/cybercrime"),
        iri("topic/cybersecurity"),
    }


def test_an_accession_card_with_the_party_date_is_no_disagreement():
    """The CPTPP links two cards; the UK accession's card gives the UK's date, which the curated
    UK membership has: no note of disagreement (regression: one was written)."""
    curated_graph = Graph()
    agreement = URIRef(f"{ID}agreement/cp")
    membership = URIRef(f"{ID}membership/cp-GBR")
    card = wto_rta.CARD_URL.format("1218")
    curated_graph.add((agreement, RDF.type, TG.TradeAgreement))
    curated_graph.add(
        (agreement, URIRef("http://www.w3.org/2000/01/rdf-schema#seeAlso"), URIRef(card))
    )
    curated_graph.add((agreement, TG.entryIntoForceDate, Literal("2018-12-30")))
    curated_graph.add((membership, TG.membershipOf, agreement))
    curated_graph.add((membership, TG.entryIntoForceDate, Literal("2024-12-15")))
    curated = build.curated_agreements(curated_graph)
    record = wto_rta.RtaRecord(
        rta_id="1218",
        name="CPTPP - Accession of the United Kingdom",
        coverage="Goods & Services",
        type="FTA & EIA",
        notification="GATT Art. XXIV & GATS Art. V",
        status="In Force",
        goods_in_force="",
        services_in_force="",
        in_force="2024-12-15",
        composition="Plurilateral",
        region="",
        signatories=(),
        signatory_ids=(),
        updated="2026-04-09",
    )
    files = build.build([record], [], readings.empty("2026-12-01"), curated)
    graph = Graph().parse(data=files["rta-1218.ttl"], format="turtle")
    assert (URIRef(f"{ID}rta/1218"), FOAF.primaryTopic, agreement) in graph
    assert list(graph.objects(URIRef(f"{ID}rta/1218"), SKOS.editorialNote)) == []
    # A date the curated agreement has nowhere is a disagreement, noted.
    other = dataclasses.replace(record, in_force="2025-01-01")
    files = build.build([other], [], readings.empty("2026-12-01"), curated)
    graph = Graph().parse(data=files["rta-1218.ttl"], format="turtle")
    assert len(list(graph.objects(URIRef(f"{ID}rta/1218"), SKOS.editorialNote))) == 1


def test_a_membership_names_its_party_and_the_one_copy_its_party_list_came_from(tmp_path):
    """Regression: memberships named ToTA's parties by code ('MYS in ...') and cited both copies
    even when the party list came from the export alone."""
    files = _build(tota.read_corpus(TOTA), wto_rta.read_export(EXPORT), tmp_path=tmp_path)
    for name, text in files.items():
        graph = Graph().parse(data=text, format="turtle")
        for membership in graph.subjects(RDF.type, TG.PartyMembership):
            label = str(
                graph.value(membership, URIRef("http://www.w3.org/2000/01/rdf-schema#label"))
            )
            assert not label[:3].isupper() or label[3] != " ", (name, label)
            copies = {str(c) for c in graph.objects(membership, TG.copyRead)}
            from_export = wto_rta.COPY_URL in copies
            from_tota = any("mappingtreaties/tota" in copy for copy in copies)
            assert from_export != from_tota, (name, copies)
