"""The curators' readings of the screen's hits and the known gaps of the ToTA texts
(data/readings/census-screen.yaml): what a curator decided about each article the screen found."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from tradegraph.curation.census.screen import TERM_LIST_VERSION
from tradegraph.errors import InputError
from tradegraph.files import read_text

CLASSES = ("provision", "cooperation-item", "incidental")
TOPICS = ("cybersecurity", "cybercrime")
ELEMENTS = (
    "cyber-trade-link",
    "capacity-building",
    "operational-collaboration",
    "risk-based-approaches",
    "consensus-based-standards",
    "workforce-development",
)
GAP_FINDINGS = ("text-incomplete", "not-screened")


@dataclass(frozen=True)
class Reading:
    tota_id: str
    article: str  # ToTA's article_identifier
    klass: str
    topic: str
    elements: tuple[str, ...]
    excerpt: str
    note: str


@dataclass(frozen=True)
class Gap:
    tota_id: str
    finding: str
    note: str


@dataclass(frozen=True)
class Readings:
    read: str  # the day of the readings: the date of every screened review
    readings: dict[tuple[str, str], Reading]
    gaps: dict[str, Gap]

    def find(self, tota_id: str, article: str) -> Reading | None:
        return self.readings.get((tota_id, article))

    def check_against(self, tota_ids: set[str]) -> None:
        """Refuse readings of texts the census does not hold."""
        stray = sorted(
            {key[0] for key in self.readings} - tota_ids | set(self.gaps) - tota_ids, key=int
        )
        if stray:
            raise InputError(f"readings name ToTA texts the corpus lacks: {', '.join(stray)}")

    def check_excerpts(self, articles: dict[tuple[str, str], str]) -> None:
        """Every excerpt stands word for word (white space aside) in its article's text, and
        every reading names an article the screen found (articles: (ToTA ID, article) -> text)."""
        for key, reading in sorted(self.readings.items()):
            where = f"reading of ToTA pta_{key[0]} article {key[1]}"
            if key not in articles:
                raise InputError(f"{where}: the screen finds no term in that article")
            if reading.excerpt and _words(reading.excerpt) not in _words(articles[key]):
                raise InputError(f"{where}: the excerpt is not in the article's text")


def empty(read: str) -> Readings:
    return Readings(read=read, readings={}, gaps={})


def load(path: Path) -> Readings:
    """The readings file; anything malformed is an InputError naming the file and the entry."""
    try:
        data = yaml.safe_load(read_text(path))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f":{mark.line + 1}" if mark else ""
        raise InputError(f"{path}{line}: not YAML: {getattr(exc, 'problem', exc)}") from None
    if not isinstance(data, dict):
        raise InputError(f"{path}: expected a mapping with read, term_list_version, readings, gaps")
    read = data.get("read")
    if isinstance(read, datetime.date):
        read = read.isoformat()
    if not isinstance(read, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", read):
        raise InputError(f"{path}: 'read' must be the date of the readings (YYYY-MM-DD)")
    if str(data.get("term_list_version")) != TERM_LIST_VERSION:
        raise InputError(
            f"{path}: readings are for term list version {data.get('term_list_version')!r}, the "
            f"screen's is {TERM_LIST_VERSION!r}: re-read the hits"
        )
    readings: dict[tuple[str, str], Reading] = {}
    for index, item in enumerate(data.get("readings") or [], start=1):
        reading = _reading(path, index, item)
        key = (reading.tota_id, reading.article)
        if key in readings:
            raise InputError(
                f"{path}: reading {index}: article {key[1]} of pta_{key[0]} read twice"
            )
        readings[key] = reading
    gaps: dict[str, Gap] = {}
    for index, item in enumerate(data.get("gaps") or [], start=1):
        where = f"{path}: gap {index}"
        entry = _mapping(where, item)
        tota_id = _text(where, entry, "tota")
        finding = _text(where, entry, "finding")
        if finding not in GAP_FINDINGS:
            raise InputError(f"{where}: finding must be one of {', '.join(GAP_FINDINGS)}")
        gaps[tota_id] = Gap(tota_id, finding, _text(where, entry, "note"))
    return Readings(read=read, readings=readings, gaps=gaps)


def _reading(path: Path, index: int, item: object) -> Reading:
    where = f"{path}: reading {index}"
    entry = _mapping(where, item)
    klass = _text(where, entry, "class")
    if klass not in CLASSES:
        raise InputError(f"{where}: class must be one of {', '.join(CLASSES)}")
    topic = str(entry.get("topic") or "")
    if klass == "cooperation-item" and topic not in TOPICS:
        raise InputError(f"{where}: a cooperation item names its topic ({', '.join(TOPICS)})")
    elements = tuple(entry.get("elements") or ())
    unknown = [element for element in elements if element not in ELEMENTS]
    if unknown:
        raise InputError(
            f"{where}: unknown element {unknown[0]!r} (elements: {', '.join(ELEMENTS)})"
        )
    excerpt = str(entry.get("excerpt") or "")
    if klass != "incidental" and not excerpt:
        raise InputError(f"{where}: a provision or cooperation item needs its excerpt")
    if len(excerpt) > 400:
        raise InputError(f"{where}: the excerpt has {len(excerpt)} characters (400 at most)")
    return Reading(
        tota_id=_text(where, entry, "tota"),
        article=_text(where, entry, "article"),
        klass=klass,
        topic=topic,
        elements=elements,
        excerpt=excerpt,
        note=_text(where, entry, "note"),
    )


def _mapping(where: str, item: object) -> dict:
    if not isinstance(item, dict):
        raise InputError(f"{where}: expected a mapping")
    return item


def _text(where: str, entry: dict, name: str) -> str:
    value = str(entry.get(name) if entry.get(name) is not None else "").strip()
    if not value:
        raise InputError(f"{where}: missing {name}")
    if name in ("tota", "article") and not re.fullmatch(r"[1-9][0-9]*", value):
        raise InputError(f"{where}: {name} must be a ToTA number, not '{value[:40]}'")
    return value


def _words(text: str) -> str:
    return " ".join(text.split())
