"""The census's full-text screen (tradegraph.curation.census.screen): the versioned term list, OCR damage
tolerated, Spanish and French terms, and a screen that finds without deciding."""

from __future__ import annotations

from pathlib import Path

import pytest

from tradegraph.curation.census import screen as screening
from tradegraph.curation.census.screen import (
    TERM_LIST_VERSION,
    TERMS,
    normalise,
    screen,
    term_list_digest,
)
from tradegraph.curation.census.tota import Article, read_file

FIXTURES = Path(__file__).parent / "fixtures" / "census" / "tota" / "xml"

# The digest of the term list released as version "1". Editing TERMS changes the digest: raise
# TERM_LIST_VERSION, record the new digest here, and re-read the hits (the readings file names the
# term list version it was read with).
RELEASED_DIGESTS = {"1": "be0c3faa0ee4"}


def _article(text: str, identifier: str = "1") -> Article:
    return Article(identifier, 1, 1, "", "", "", "", text)


def _terms(text: str) -> tuple[str, ...]:
    """The identifiers of the terms the screen finds in one article of this text ("" none)."""
    hits = screen([_article(text)])
    assert len(hits) <= 1
    return hits[0].terms if hits else ()


def test_term_list_digest_is_pinned_to_its_version():
    assert TERM_LIST_VERSION in RELEASED_DIGESTS, (
        f"TERM_LIST_VERSION {TERM_LIST_VERSION!r} has no recorded digest: record "
        f"term_list_digest() = {term_list_digest()!r} in RELEASED_DIGESTS"
    )
    assert term_list_digest() == RELEASED_DIGESTS[TERM_LIST_VERSION], (
        "TERMS changed but TERM_LIST_VERSION did not: raise TERM_LIST_VERSION, record the new "
        "digest in RELEASED_DIGESTS and re-read the screen's hits (data/readings/census-screen.yaml)"
    )


def test_term_list_digest_covers_every_field_of_every_term(monkeypatch):
    digest = term_list_digest()
    first = TERMS[0]
    for changed in (
        screening.Term(first.identifier + "x", first.language, first.pattern),
        screening.Term(first.identifier, first.language + " es", first.pattern),
        screening.Term(first.identifier, first.language, first.pattern + "s"),
    ):
        monkeypatch.setattr(screening, "TERMS", (changed, *TERMS[1:]))
        assert term_list_digest() != digest
    monkeypatch.setattr(screening, "TERMS", TERMS[:-1])
    assert term_list_digest() != digest


def test_term_identifiers_are_unique():
    identifiers = [term.identifier for term in TERMS]
    assert len(identifiers) == len(set(identifiers))


# One phrase per term that the term is there to catch; a new term needs its example here.
EXAMPLES = {
    "cyber": "threats in cyberspace",
    "computer-security": "computer security",
    "computer-crime": "computer-related crime",
    "computer-incident": "computer incidents",
    "information-security": "information security",
    "network-security": "the security of electronic networks",
    "security-incident": "a security incident",
    "incident-response": "incident response teams",
    "malicious-code": "malicious software",
    "ciber": "la ciberdelincuencia",
    "seguridad-informatica": "la seguridad informatica",
    "seguridad-cibernetica": "seguridad cibernetica",
    "seguridad-informacion": "la seguridad de la información",
    "seguridad-redes": "la seguridad de las redes",
    "codigo-malicioso": "un código malicioso",
    "delito-informatico": "los delitos informáticos",
    "incidente-seguridad": "un incidente de seguridad",
    "securite-informatique": "la sécurité informatique",
    "securite-information": "la sécurité de l'information",
    "securite-reseaux": "la sécurité des réseaux",
    "criminalite-informatique": "la criminalité informatique",
    "code-malveillant": "des codes malveillants",
    "incident-securite": "les incidents de sécurité",
}


def test_every_term_has_an_example():
    assert set(EXAMPLES) == {term.identifier for term in TERMS}


@pytest.mark.parametrize(("identifier", "example"), sorted(EXAMPLES.items()))
def test_each_term_finds_its_example(identifier, example):
    assert identifier in _terms(example)


@pytest.mark.parametrize(
    ("text", "term"),
    [
        # A word hyphenated across a line end.
        ("cyber-\nsecurity", "cyber"),
        ("national computer-\nsecurity incident response", "computer-security"),
        ("computer -\n   security", "computer-security"),
        ("informa-\ntion security", "information-security"),
        ("seguridad infor-\nmática", "seguridad-informatica"),
        ("la sécu-\nrité des réseaux", "securite-reseaux"),
        # Run together by OCR.
        ("computersecurity", "computer-security"),
        ("seguridadinformática", "seguridad-informatica"),
        ("criminalitéinformatique", "criminalite-informatique"),
        # Extra spaces, and a hyphen with a space after it.
        ("cyber   security", "cyber"),
        ("network    security", "network-security"),
        ("computer- security", "computer-security"),
        ("computer\u2010security", "computer-security"),
        ("computer\u2011security", "computer-security"),
        # Soft hyphens.
        ("computer\u00adsecurity", "computer-security"),
        ("infor\u00admation security", "information-security"),
        ("ciber\u00adseguridad", "ciber"),
        # Ligatures and compatibility forms near and in a match.
        ("the con\ufb01dentiality of information security", "information-security"),
        ("identi\ufb01cation of security incidents", "security-incident"),
        ("\uff43\uff59\uff42\uff45\uff52 threats", "cyber"),
        # A decomposed accent (NFKC composes it).
        ("seguridad informa\u0301tica", "seguridad-informatica"),
        # Upper case.
        ("CYBERSECURITY", "cyber"),
        ("COMPUTER SECURITY INCIDENT RESPONSE", "computer-incident"),
        ("SEGURIDAD INFORMÁTICA", "seguridad-informatica"),
        ("CRIMINALITÉ INFORMATIQUE", "criminalite-informatique"),
    ],
)
def test_screen_tolerates_ocr_damage(text, term):
    assert term in _terms(text)


@pytest.mark.parametrize(
    ("text", "term"),
    [
        ("com\u00ad\nputer security", "computer-security"),
        ("seguridad infor\u00ad\nmática", "seguridad-informatica"),
    ],
)
def test_screen_joins_a_soft_hyphen_at_a_line_end(text, term):
    assert term in _terms(text)


def test_normalise():
    assert normalise("Cyber-\nSecurity") == "cybersecurity"
    assert normalise("A\u00adB  \n\t C") == "ab c"
    assert normalise("con\ufb01dential") == "confidential"
    assert normalise("SÉCURITÉ") == "sécurité"
    # A hyphen inside a line is kept: only a line end joins the halves.
    assert normalise("cyber-security") == "cyber-security"


@pytest.mark.parametrize(
    ("text", "terms"),
    [
        ("seguridad cibernética", ("ciber", "seguridad-cibernetica")),
        ("la ciberseguridad de las Partes", ("ciber",)),
        (
            "la respuesta a incidentes de seguridad informática",
            ("seguridad-informatica", "incidente-seguridad"),
        ),
        ("códigos maliciosos", ("codigo-malicioso",)),
        ("la cybersécurité", ("cyber",)),
        ("la lutte contre la criminalité informatique", ("criminalite-informatique",)),
        ("la sécurité de l\u2019information", ("securite-information",)),
    ],
)
def test_spanish_and_french_terms(text, terms):
    assert _terms(text) == terms


@pytest.mark.parametrize(
    "text",
    [
        "The Parties shall cooperate on electronic commerce and consumer protection.",
        "security of supply of computer equipment through a network of offices",
        "national security exceptions; information on security interests",
        "la seguridad social y la información de los consumidores",
        "la sécurité sociale et le réseau des douanes",
        "",
    ],
)
def test_a_text_without_a_term_gives_no_hit(text):
    assert screen([_article(text)]) == []


def test_an_incidental_term_is_still_a_hit():
    # The screen decides nothing: "trademark cyber-piracy" is not about cybersecurity, but a
    # curator has to read it and say so.
    hits = screen([_article("disputes based on trademark cyber-piracy")])
    assert [(hit.terms, hit.matches) for hit in hits] == [(("cyber",), ("cyber",))]


def test_hits_are_the_matching_articles_in_text_order():
    articles = [
        _article("Nothing to see.", "a1"),
        _article("security incidents and computer security incidents", "a2"),
        _article("Still nothing.", "a3"),
        _article("Fight against CYBERCRIME, then cyber-\nsecurity", "a4"),
    ]
    hits = screen(articles)
    assert [hit.article.identifier for hit in hits] == ["a2", "a4"]
    first, second = hits
    assert first.terms == ("computer-security", "computer-incident", "security-incident")
    assert first.matches == (
        "security incidents",
        "computer security",
        "computer security incidents",
    )
    # Repeated matches are listed once.
    assert second.matches == ("cyber",)
    assert "computer security incidents" in first.context()
    # The normalised text around the first match.
    assert second.context(width=8) == "against cybercri"


def test_spanish_fixture_texts_are_screened_with_spanish_terms():
    cooperation = screen(read_file(FIXTURES / "pta_202.xml").articles)
    assert [(hit.article.identifier, hit.terms) for hit in cooperation] == [
        ("20202", ("ciber", "seguridad-cibernetica"))
    ]
    tpp = screen(read_file(FIXTURES / "pta_450.xml").articles)
    assert [(hit.article.identifier, hit.terms) for hit in tpp] == [
        (
            "45001",
            (
                "ciber",
                "seguridad-informatica",
                "codigo-malicioso",
                "incidente-seguridad",
            ),
        )
    ]
    assert "ciberseguridad" in normalise(tpp[0].article.text)


def test_french_fixture_text_is_screened_with_french_terms():
    hits = screen(read_file(FIXTURES / "pta_205.xml").articles)
    assert [(hit.article.identifier, hit.terms, hit.matches) for hit in hits] == [
        ("20501", ("cyber", "criminalite-informatique"), ("criminalité informatique", "cyber"))
    ]


def test_fixture_texts_without_terms_give_no_hits():
    for name in ("pta_442.xml", "pta_203.xml", "pta_204.xml", "pta_206.xml"):
        assert screen(read_file(FIXTURES / name).articles) == [], name
