"""One prefix table: src/tradegraph/prefixes.py PREFIXES. Every file that declares prefixes
agrees with it, and a prefix for tradegraph's own resources is named after its IRI segment."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tradegraph.prefixes import ID, PREFIXES, sparql_prefixes, turtle_prefixes

ROOT = Path(__file__).resolve().parents[1]

# `@prefix p: <iri> .` and `PREFIX p: <iri>` (Turtle, SPARQL), at the start of a line.
_DECLARATION = re.compile(r"^[ \t]*@?prefix[ \t]+([^\s:]*):[ \t]*<([^>]*)>", re.I | re.M)

# Keys of ontology/context.jsonld that are JSON-LD terms, where PREFIXES has a prefix of the
# same name: the JSON-LD export writes `"party": ...` for org:member (README, "Commands"), so
# party/ IRIs are written in full there. Adding to this set is a decision: say why here.
_CONTEXT_TERMS_NOT_PREFIXES = {"party"}


def _declared(text: str) -> dict[str, str]:
    return dict(_DECLARATION.findall(text))


def _drift(declared: dict[str, str]) -> dict[str, tuple[str, str | None]]:
    return {
        name: (iri, PREFIXES.get(name))
        for name, iri in declared.items()
        if PREFIXES.get(name) != iri
    }


def test_prefixes_under_id_are_named_after_their_segment():
    for name, iri in PREFIXES.items():
        if iri.startswith(ID):
            assert iri == f"{ID}{name}/", (name, iri)


def test_prefix_iris_are_distinct():
    assert len(set(PREFIXES.values())) == len(PREFIXES)


def test_context_prefixes_are_the_table(layout):
    context = json.loads(layout.context_file.read_text(encoding="utf-8"))["@context"]
    prefixes = {k: v for k, v in context.items() if isinstance(v, str) and "://" in v}
    terms = set(context) - set(prefixes)
    assert terms & set(PREFIXES) == _CONTEXT_TERMS_NOT_PREFIXES
    expected = {k: v for k, v in PREFIXES.items() if k not in _CONTEXT_TERMS_NOT_PREFIXES}
    assert prefixes == expected, {
        "missing": sorted(set(expected) - set(prefixes)),
        "not in the table or different": _drift(prefixes),
    }


def _files(*patterns: str) -> list[Path]:
    return sorted(path for pattern in patterns for path in ROOT.glob(pattern))


@pytest.mark.parametrize("path", _files("ontology/*.ttl"), ids=lambda p: str(p.relative_to(ROOT)))
def test_ontology_files_declare_the_table(path):
    declared = _declared(path.read_text(encoding="utf-8"))
    assert declared
    assert not _drift(declared)


def test_data_files_declare_the_table():
    drift = {}
    for path in _files("data/**/*.ttl"):
        if wrong := _drift(_declared(path.read_text(encoding="utf-8"))):
            drift[str(path.relative_to(ROOT))] = wrong
    assert not drift


def test_queries_declare_the_table():
    drift = {}
    paths = _files("queries/*.rq", "queries/checks/*.rq")
    assert len(paths) > 30
    for path in paths:
        if wrong := _drift(_declared(path.read_text(encoding="utf-8"))):
            drift[str(path.relative_to(ROOT))] = wrong
    assert not drift


def test_headers_for_hand_written_turtle_and_sparql():
    assert _declared(turtle_prefixes()) == PREFIXES
    assert _declared(sparql_prefixes(["tg", "topic"])) == {
        "tg": PREFIXES["tg"],
        "topic": PREFIXES["topic"],
    }
