"""Reading ToTA (Texts of Trade Agreements, mappingtreaties/tota): one XML file per agreement,
with a copy of the WTO RTA-IS card in <meta> and the full text (without annexes) as chapters of
articles in <body>. Only facts are taken from it (CC BY-NC 4.0): the card's fields and where in
the text a screening term occurs; the texts themselves are never written out."""

from __future__ import annotations

import re
import urllib.parse
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

from tradegraph.errors import InputError

# The snapshot the shipped census was built from; its files are cited at this commit.
REPOSITORY = "https://github.com/mappingtreaties/tota"
COMMIT = "2558ee5e9aafb1fe02d586768def7feb8906123d"
COMMIT_DATE = "2017-10-04"  # the snapshot's date: ToTA's copies of the cards are of that time


@dataclass(frozen=True)
class Article:
    identifier: str  # ToTA's article_identifier: unique in the corpus, stable at COMMIT
    chapter_position: int  # the chapter's ordinal in the text, the preamble (if any) being 0 or 1
    position: int  # the article's ordinal in its chapter, from 1
    chapter_number: str  # as ToTA marks it up, e.g. "CHAPTER 14"; may be empty
    chapter_name: str
    number: str  # as ToTA marks it up, e.g. "ARTICLE 14.16"; may be empty
    name: str  # ToTA's (re-cased) article heading; may be empty
    text: str


@dataclass(frozen=True)
class TotaText:
    """One ToTA file: the card fields ToTA copied and the text's articles."""

    tota_id: str
    name: str
    type: str
    wto_rta_id: str
    status: str
    notification: str
    date_signed: str
    date_into_force: str
    date_notification: str
    date_inactive: str
    parties_original: tuple[str, ...]
    parties_current: tuple[str, ...]
    composition: str
    region: str
    language: str
    articles: tuple[Article, ...] = field(repr=False)
    # The full text's source URLs in ToTA's order, each with the language ToTA gives it (its
    # <source lang>).
    source_languages: dict[str, str] = field(default_factory=dict, repr=False, hash=False)

    @property
    def sources(self) -> tuple[str, ...]:
        """The full text's source URLs, in ToTA's order."""
        return tuple(self.source_languages)

    @property
    def file_url(self) -> str:
        """The file in the ToTA repository at the commit the census was built from."""
        return f"{REPOSITORY}/blob/{COMMIT}/xml/pta_{self.tota_id}.xml"


def read_corpus(directory: Path) -> list[TotaText]:
    """Every xml/pta_N.xml below directory (the repository root or its xml/ folder), in the
    order of their ToTA numbers."""
    directory = Path(directory)
    folder = directory / "xml" if (directory / "xml").is_dir() else directory
    files = sorted(folder.glob("pta_*.xml"), key=_number)
    if not files:
        raise InputError(f"{directory}: no ToTA files (xml/pta_N.xml)")
    return [read_file(path) for path in files]


def read_file(path: Path) -> TotaText:
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as exc:
        raise InputError(f"{path}:{exc.position[0]}: not well-formed XML: {exc}") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc}") from None
    meta = root.find("meta")
    body = root.find("body")
    if meta is None or body is None:
        raise InputError(f"{path}: not a ToTA file (no <meta> and <body>)")

    def text(tag: str) -> str:
        return " ".join((meta.findtext(tag) or "").split())

    def codes(tag: str) -> tuple[str, ...]:
        found = [(node.text or "").strip() for node in meta.findall(f"{tag}/partyisocode")]
        return tuple(code for code in found if code)

    full_texts: dict[str, str] = {}  # URL -> language, first mention kept
    for node in meta.findall("source"):
        url = _url(node.text or "")
        if node.get("type") == "full text" and url:
            full_texts.setdefault(url, (node.get("lang") or "").strip())
    tota_id = text("treaty_identifier") or str(_number(path))
    for name, value in (("treaty_identifier", tota_id), ("wto_rta_id", text("wto_rta_id"))):
        if value and not re.fullmatch(r"[1-9][0-9]*", value):
            raise InputError(f"{path}: {name} '{value[:40]}' is not a positive whole number")
    for name in ("date_signed", "date_into_force", "date_notification", "date_inactive"):
        if text(name) and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text(name)):
            raise InputError(f"{path}: {name} '{text(name)[:40]}' is not a date (YYYY-MM-DD)")
    return TotaText(
        tota_id=tota_id,
        name=text("name"),
        type=text("type"),
        wto_rta_id=text("wto_rta_id"),
        status=text("status"),
        notification=text("notification"),
        date_signed=text("date_signed"),
        date_into_force=text("date_into_force"),
        date_notification=text("date_notification"),
        date_inactive=text("date_inactive"),
        parties_original=codes("parties_original"),
        parties_current=codes("parties"),
        composition=text("composition"),
        region=text("region"),
        language=text("language"),
        articles=tuple(_articles(body)),
        source_languages=full_texts,
    )


def _articles(body: ET.Element) -> list[Article]:
    articles = []
    for chapter_position, chapter in enumerate(body.findall("chapter")):
        for position, article in enumerate(chapter.findall("article"), start=1):
            articles.append(
                Article(
                    identifier=article.get("article_identifier", ""),
                    chapter_position=chapter_position,
                    position=position,
                    chapter_number=chapter.get("number", ""),
                    chapter_name=chapter.get("name", ""),
                    number=article.get("number", ""),
                    name=article.get("name", ""),
                    text="".join(article.itertext()),
                )
            )
    return articles


def _url(text: str) -> str:
    """A source URL as an IRI can carry it: ToTA's have stray quotes and unescaped spaces."""
    url = text.strip().rstrip("'")
    if not re.match(r"^https?://[^/\s]+", url):
        return ""
    return urllib.parse.quote(url, safe=":/?#[]@!$&'()*+,;=%~")


def _number(path: Path) -> int:
    match = re.search(r"(\d+)", Path(path).stem)
    return int(match.group(1)) if match else 0
