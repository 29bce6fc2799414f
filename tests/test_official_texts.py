"""Where each agreement's official text lives (tg:officialText, or tg:officialTextUnlocated saying
what was searched), on the shipped data: every curated agreement has one or the other, each link
is at an official publisher of data/publishers.ttl, and the census's agreements carry none."""

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
    prefixes = {
        str(prefix)
        for publisher in graph.subjects(TG.publisherKind, PUBKIND_OFFICIAL)
        for prefix in graph.objects(publisher, TG.urlPrefix)
    }
    links = list(graph.subject_objects(TG.officialText))
    assert links
    for agreement, document in links:
        assert (document, TG.concerns, agreement) in graph
        (read,) = graph.objects(document, TG.textRead)
        assert isinstance(read, Literal) and isinstance(read.toPython(), bool)
        urls = [str(u) for u in graph.objects(document, DCTERMS.source)]
        assert any(u.startswith(p) for u in urls for p in prefixes), (document, urls)


def test_the_census_agreements_carry_no_link(graph):
    census = set(graph.subjects(RDF.type, TG.TradeAgreement)) - _curated(graph)
    assert census
    assert not any((a, TG.officialText, None) in graph for a in census)
    assert not any((a, TG.officialTextUnlocated, None) in graph for a in census)


def test_the_us_japan_article_number_now_has_the_official_text_beside_its_blog_source(graph):
    agreement = URIRef(f"{ID}agreement/us-japan-dta")
    (document,) = graph.objects(agreement, TG.officialText)
    assert {str(u) for u in graph.objects(document, DCTERMS.source)} == {
        "https://www.mofa.go.jp/mofaj/gaiko/treaty/htmls/A-R2-133.html"
    }
    assert graph.value(document, TG.textRead).toPython() is False
