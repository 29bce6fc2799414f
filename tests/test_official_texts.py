"""Where each agreement's official text lives (tg:officialText, or tg:officialTextUnlocated saying
what was searched), on the shipped data: every agreement has one or the other, each link is at an
official publisher of data/publishers.ttl, and a census agreement links the sources ToTA names for
its text under an official publisher."""

from __future__ import annotations

from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS

from tradegraph.namespaces import TG
from tradegraph.prefixes import ID

from .helpers import ROOT

PUBKIND_OFFICIAL = URIRef(f"{ID}pubkind/official-publisher")


def _curated(graph: Graph) -> set[URIRef]:
    """The agreements of data/agreements/: the census's carry no official title."""
    return {
        a for a in graph.subjects(RDF.type, TG.TradeAgreement) if (a, DCTERMS.title, None) in graph
    }


def test_every_curated_agreement_links_its_text_or_says_why_not(graph):
    curated = _curated(graph)
    # One agreement per file of data/agreements/, and each of them is covered.
    assert len(curated) == len(list((ROOT / "data" / "agreements").glob("*.ttl")))
    for agreement in sorted(curated):
        links = set(graph.objects(agreement, TG.officialText))
        reasons = set(graph.objects(agreement, TG.officialTextUnlocated))
        assert bool(links) != bool(reasons), agreement
        assert all(str(r).startswith("Searched on ") for r in reasons), agreement


def test_links_are_at_official_publishers_and_marked_read_or_not(graph):
    prefixes = _official_prefixes(graph)
    links = list(graph.subject_objects(TG.officialText))
    assert links
    for agreement, document in links:
        assert (document, TG.concerns, agreement) in graph
        (read,) = graph.objects(document, TG.textRead)
        assert isinstance(read, Literal) and isinstance(read.toPython(), bool)
        urls = [str(u) for u in graph.objects(document, DCTERMS.source)]
        assert any(u.startswith(p) for u in urls for p in prefixes), (document, urls)


def _located_by_curators() -> set:
    """The agreements data/official-texts.ttl links or says were searched for."""
    links = Graph().parse(ROOT / "data" / "official-texts.ttl")
    return {a for p in (TG.officialText, TG.officialTextUnlocated) for a in links.subjects(p)}


def test_every_census_agreement_links_its_text_or_says_why_not(graph):
    census = set(graph.subjects(RDF.type, TG.TradeAgreement)) - _curated(graph)
    assert len(census) > 600
    searched = _located_by_curators()
    for agreement in census:
        links = set(graph.objects(agreement, TG.officialText))
        reasons = [str(r) for r in graph.objects(agreement, TG.officialTextUnlocated)]
        assert bool(links) != bool(reasons), agreement
        # The census says what its sources hold; a curator, what was searched.
        start = "Searched on 2026-" if agreement in searched else "Not located"
        assert all(r.startswith(start) for r in reasons), agreement


def _official_prefixes(graph: Graph) -> list[str]:
    return [
        str(prefix)
        for publisher in graph.subjects(TG.publisherKind, PUBKIND_OFFICIAL)
        for prefix in graph.objects(publisher, TG.urlPrefix)
    ]


def test_a_census_agreement_links_exactly_the_official_sources_its_screen_cites(graph):
    """The screen's review cites the sources ToTA names for the text; the census links those of
    them under an official publisher (where no curator located the text instead)."""
    prefixes = _official_prefixes(graph)
    searched = _located_by_curators()
    screened = 0
    for review in graph.subjects(TG.method, URIRef(f"{ID}method/term-screen")):
        agreement = graph.value(review, TG.reviewOf)
        if (agreement, DCTERMS.title, None) in graph or agreement in searched:
            continue
        screened += 1
        cited = {
            str(u)
            for u in graph.objects(review, DCTERMS.source)
            if any(str(u).startswith(p) for p in prefixes)
        }
        linked = {
            str(u)
            for document in graph.objects(agreement, TG.officialText)
            for u in graph.objects(document, DCTERMS.source)
        }
        assert linked == cited, agreement
    assert screened > 300


def test_a_text_a_curator_located_for_a_census_agreement_replaces_the_census_note(graph):
    agreement = URIRef(f"{ID}agreement/rta-995")  # EU - New Zealand (2024): no text in ToTA
    documents = set(graph.objects(agreement, TG.officialText))
    publishers = {graph.value(d, DCTERMS.publisher) for d in documents}
    assert URIRef(f"{ID}publisher/eu-publications-office") in publishers
    assert (agreement, TG.officialTextUnlocated, None) not in graph
    for document in documents:
        assert graph.value(document, TG.textRead).toPython() is False
        assert graph.value(document, TG.verificationLevel) == URIRef(
            f"{ID}verification/official-summary"
        )


def test_the_census_links_the_wto_document_its_text_was_notified_in(graph):
    agreement = URIRef(f"{ID}agreement/rta-100")  # Kyrgyz Republic - Kazakhstan, ToTA pta_91
    (document,) = graph.objects(agreement, TG.officialText)
    assert graph.value(document, DCTERMS.publisher) == URIRef(f"{ID}publisher/wto")
    assert str(graph.value(document, TG.symbol)) == "WT/REG81/1"
    assert graph.value(document, TG.textRead).toPython() is False


def test_the_us_japan_article_number_now_has_the_official_text_beside_its_blog_source(graph):
    agreement = URIRef(f"{ID}agreement/us-japan-dta")
    (document,) = graph.objects(agreement, TG.officialText)
    assert {str(u) for u in graph.objects(document, DCTERMS.source)} == {
        "https://www.mofa.go.jp/mofaj/gaiko/treaty/htmls/A-R2-133.html"
    }
    assert graph.value(document, TG.textRead).toPython() is False
