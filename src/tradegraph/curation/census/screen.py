"""The full-text screen for cybersecurity terms. A screen finds where a text may speak of
cybersecurity; it decides nothing: a curator reads every hit and codes it
(data/readings/census-screen.yaml).

The term list is versioned: a provision review records the version it was screened with, and any
change to TERMS must raise TERM_LIST_VERSION (a test holds the two together). Matching is done on a
normalised copy of the text that undoes the commonest OCR damage in ToTA: words split by a hyphen
at a line end, ligatures, soft hyphens, and the spaces that OCR drops or adds between the parts of
a compound ("computersecurity", "cyber security", "cyber- security")."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

from tradegraph.curation.census.tota import Article

# Between the parts of a multi-word term: nothing (run together by OCR), spaces, a hyphen.
_GAP = r"[\s\-‐‑]*"  # noqa: RUF001 (the Unicode hyphens are meant)


@dataclass(frozen=True)
class Term:
    identifier: str
    language: str
    pattern: str  # a regular expression on the normalised text; _GAP joins the words

    @cached_property
    def regex(self) -> re.Pattern[str]:
        return re.compile(self.pattern.replace(" ", _GAP))


TERM_LIST_VERSION = "1"
TERMS: tuple[Term, ...] = (
    # English
    Term("cyber", "en fr", r"\bcyber"),
    Term("computer-security", "en", r"computer security"),
    Term("computer-crime", "en", r"computer (?:related )?crimes?"),
    Term("computer-incident", "en", r"computer (?:security )?incidents?"),
    Term("information-security", "en", r"information security"),
    Term("network-security", "en", r"network security|security of (?:electronic )?networks"),
    Term("security-incident", "en", r"security incidents?"),
    Term("incident-response", "en", r"incident response"),
    Term("malicious-code", "en", r"malicious (?:code|intrusions?|software)"),
    # Spanish
    Term("ciber", "es", r"\bciber"),
    Term("seguridad-informatica", "es", r"seguridad inform[aá]tica"),
    Term("seguridad-cibernetica", "es", r"seguridad cibern[eé]tica"),
    Term("seguridad-informacion", "es", r"seguridad de (?:la )?informaci[oó]n"),
    Term("seguridad-redes", "es", r"seguridad de (?:las )?redes"),
    Term("codigo-malicioso", "es", r"c[oó]digos? maliciosos?"),
    Term(
        "delito-informatico", "es", r"(?:delitos?|delincuencia|crimen(?:es)?) inform[aá]tic[oa]s?"
    ),
    Term("incidente-seguridad", "es", r"incidentes? de seguridad"),
    # French ("cyber" above covers cybersécurité and cybercriminalité)
    Term("securite-informatique", "fr", r"s[eé]curit[eé] informatique"),
    Term("securite-information", "fr", r"s[eé]curit[eé] de l['’ ]?information"),  # noqa: RUF001
    Term("securite-reseaux", "fr", r"s[eé]curit[eé] des r[eé]seaux"),
    Term("criminalite-informatique", "fr", r"criminalit[eé] informatique"),
    Term("code-malveillant", "fr", r"codes? malveillants?"),
    Term("incident-securite", "fr", r"incidents? de s[eé]curit[eé]"),
)


# Any term at all: one pass over an article before the terms are told apart.
_ANY = re.compile("|".join(f"(?:{term.regex.pattern})" for term in TERMS))


def term_list_digest() -> str:
    """A digest of the term list, to tie TERM_LIST_VERSION to the terms (see tests)."""
    text = "\n".join(f"{t.identifier}\t{t.language}\t{t.pattern}" for t in TERMS)
    return hashlib.sha256(text.encode()).hexdigest()[:12]


def normalise(text: str) -> str:
    """Lower case, ligatures and compatibility forms folded (NFKC), soft hyphens dropped, words
    hyphenated across a line end joined, runs of white space made one space."""
    text = unicodedata.normalize("NFKC", text).lower()
    # A hyphen (soft or not) at a line end joins the word's halves; other soft hyphens go.
    text = re.sub(r"(\w)[\-‐‑\u00ad]\s*\n\s*(\w)", r"\1\2", text)  # noqa: RUF001
    text = text.replace("\u00ad", "")
    return re.sub(r"\s+", " ", text)


@dataclass(frozen=True)
class Hit:
    article: Article
    terms: tuple[str, ...]  # the identifiers of every term that matched the article
    matches: tuple[str, ...]  # the matched strings, in the order of the text, de-duplicated

    def context(self, width: int = 160) -> str:
        """The normalised text around the first match, for a curator's first look."""
        text = normalise(self.article.text)
        first = min((m.start() for term in TERMS for m in term.regex.finditer(text)), default=0)
        return text[max(0, first - width) : first + width]


def screen(articles: Iterable[Article]) -> list[Hit]:
    """The articles in which at least one term occurs, in the order of the text."""
    hits = []
    for article in articles:
        text = normalise(article.text)
        if not _ANY.search(text):
            continue
        found = [(term, m) for term in TERMS for m in term.regex.finditer(text)]
        if found:
            terms = tuple(dict.fromkeys(term.identifier for term, _ in found))
            ordered = sorted(found, key=lambda pair: pair[1].start())
            matches = tuple(dict.fromkeys(m.group(0) for _, m in ordered))
            hits.append(Hit(article, terms, matches))
    return hits
