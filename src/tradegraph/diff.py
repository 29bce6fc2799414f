"""What changed between two versions of the graph, in the labels people read.

Each version is a Snapshot: the triples of one parse (parse.py) of a git revision's files, of
the working tree, or of an export file. Resources are the IRIs that are subjects of triples;
one present on one side only was added or removed (with its kind, the label of its rdf:type,
and its label); one on both sides with other triples changed: its verification level raised or
lowered (by the levels' skos:notation, 1 the strongest), its sources (dcterms:source,
tg:copyRead) added or removed, and every other property whose values differ (property label:
old -> new). Labels come from the newer side, else the older, else the vocabulary given (the
checkout's ontology); IRIs without one are shown as prefixed names.

Blank nodes: the shipped data and ontology have none (the parse relabels them per file where a
file has some). When either side has any, each blank node is named by a hash of what it says
(its properties and values, nested blank nodes by their own hashes), tradegraph's own
canonical form: the same structure compares equal whatever its labels, and a blank node whose
triples changed gets another name, so it shows as one removed and one added. rdflib.compare's
canonical labels were not used: they are canonical within one graph, but the same label on
two sides can name different structures (a lone node is "cb0" in both)."""

from __future__ import annotations

import hashlib
import json
import tempfile
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from tradegraph.errors import InputError, cut
from tradegraph.prefixes import PREFIXES, compact
from tradegraph.project import Layout
from tradegraph.render import markdown_table
from tradegraph.table import aligned
from tradegraph.terms import Term

Triple = tuple[Term, Term, Term]

_RDF_TYPE = PREFIXES["rdf"] + "type"
_LEVEL = PREFIXES["tg"] + "verificationLevel"
_NOTATION = PREFIXES["skos"] + "notation"
_SOURCES = (PREFIXES["dcterms"] + "source", PREFIXES["tg"] + "copyRead")
# Where a resource's label comes from, best first.
_LABELS = {
    PREFIXES["rdfs"] + "label": 0,
    PREFIXES["skos"] + "prefLabel": 1,
    PREFIXES["dcterms"] + "title": 2,
    PREFIXES["skos"] + "altLabel": 3,
}
FORMATS = ("text", "markdown", "json")
_CUT = 200  # what text and Markdown show of a long value (JSON carries it whole)


@dataclass(frozen=True)
class Snapshot:
    name: str  # as shown: "v0.1.0 (5477ca9)", "working tree", "old.ttl"
    triples: frozenset[Triple]


def snapshot(name: str, quads: Iterable[ox.Quad]) -> Snapshot:
    return Snapshot(name, frozenset((q.subject, q.predicate, q.object) for q in quads))


@dataclass(frozen=True)
class Value:
    text: str  # as people read it: a resource's label, a literal's text
    rdf: str  # the term in N-Triples syntax

    def as_dict(self) -> dict[str, str]:
        return {"text": self.text, "rdf": self.rdf}


@dataclass(frozen=True)
class Resource:
    iri: str
    label: str
    kind: str  # the label of its rdf:type ("trade agreement"), or "untyped"

    @property
    def shown(self) -> str:
        return f"{self.label} ({compact(self.iri)})" if self.label else compact(self.iri)

    def as_dict(self) -> dict[str, str]:
        return {"iri": self.iri, "label": self.label, "kind": self.kind}


@dataclass(frozen=True)
class FactChange:
    property: str  # IRI
    label: str
    removed: tuple[Value, ...]
    added: tuple[Value, ...]

    @property
    def shown(self) -> str:
        old = "; ".join(cut(v.text, _CUT) for v in self.removed)
        new = "; ".join(cut(v.text, _CUT) for v in self.added)
        if not self.removed:
            return f"{self.label}: added {new}"
        if not self.added:
            return f"{self.label}: removed {old}"
        return f"{self.label}: {old} -> {new}"

    def as_dict(self) -> dict[str, object]:
        return {
            "property": self.property,
            "label": self.label,
            "removed": [v.as_dict() for v in self.removed],
            "added": [v.as_dict() for v in self.added],
        }


@dataclass(frozen=True)
class LevelChange:
    old: Value
    new: Value
    raised: bool

    @property
    def shown(self) -> str:
        verb = "raised" if self.raised else "lowered"
        return f"verification level {verb}: {self.old.text} -> {self.new.text}"

    def as_dict(self) -> dict[str, object]:
        direction = "raised" if self.raised else "lowered"
        return {"direction": direction, "old": self.old.as_dict(), "new": self.new.as_dict()}


@dataclass(frozen=True)
class SourceChange:
    property: str  # dcterms:source or tg:copyRead
    label: str
    url: str
    added: bool

    @property
    def shown(self) -> str:
        return f"{self.label} {'added' if self.added else 'removed'}: {self.url}"

    def as_dict(self) -> dict[str, object]:
        return {"property": self.property, "label": self.label, "url": self.url}


@dataclass(frozen=True)
class ResourceChange:
    resource: Resource
    level: LevelChange | None
    sources: tuple[SourceChange, ...]
    facts: tuple[FactChange, ...]

    @property
    def lines(self) -> list[str]:
        return [
            *([self.level.shown] if self.level else []),
            *(s.shown for s in self.sources),
            *(f.shown for f in self.facts),
        ]

    def as_dict(self) -> dict[str, object]:
        return {
            **self.resource.as_dict(),
            "level": self.level.as_dict() if self.level else None,
            "sources_added": [s.as_dict() for s in self.sources if s.added],
            "sources_removed": [s.as_dict() for s in self.sources if not s.added],
            "facts": [f.as_dict() for f in self.facts],
        }


@dataclass(frozen=True)
class Diff:
    old: str
    new: str
    added: tuple[Resource, ...]
    removed: tuple[Resource, ...]
    changed: tuple[ResourceChange, ...]
    triples_added: int
    triples_removed: int
    notes: tuple[str, ...] = ()  # what was compared when it was not what was asked

    @property
    def empty(self) -> bool:
        return not (self.triples_added or self.triples_removed)

    @property
    def summary(self) -> dict[str, dict[str, int]]:
        """Resources added, removed and changed, by kind (sorted)."""
        counts: dict[str, dict[str, int]] = defaultdict(
            lambda: {"added": 0, "removed": 0, "changed": 0}
        )
        for what, resources in (
            ("added", self.added),
            ("removed", self.removed),
            ("changed", [c.resource for c in self.changed]),
        ):
            for resource in resources:
                counts[resource.kind][what] += 1
        return dict(sorted(counts.items()))

    @property
    def totals(self) -> dict[str, int]:
        levels = [c.level for c in self.changed if c.level]
        sources = [s for c in self.changed for s in c.sources]
        return {
            "resources_added": len(self.added),
            "resources_removed": len(self.removed),
            "resources_changed": len(self.changed),
            "levels_raised": sum(1 for level in levels if level.raised),
            "levels_lowered": sum(1 for level in levels if not level.raised),
            "sources_added": sum(1 for s in sources if s.added),
            "sources_removed": sum(1 for s in sources if not s.added),
            "facts_changed": sum(len(c.facts) for c in self.changed),
            "triples_added": self.triples_added,
            "triples_removed": self.triples_removed,
        }

    def as_dict(self) -> dict[str, object]:
        return {
            "old": self.old,
            "new": self.new,
            "notes": list(self.notes),
            "totals": self.totals,
            "summary": [{"kind": kind, **counts} for kind, counts in self.summary.items()],
            "added": [r.as_dict() for r in self.added],
            "removed": [r.as_dict() for r in self.removed],
            "changed": [c.as_dict() for c in self.changed],
        }

    def render(self, fmt: str = "text") -> str:
        if fmt == "json":
            return json.dumps(self.as_dict(), indent=2, ensure_ascii=False) + "\n"
        if fmt == "markdown":
            return self.markdown()
        return self._text()

    def _summary_rows(self) -> list[list[str]]:
        rows = [
            [kind, str(c["added"]), str(c["removed"]), str(c["changed"])]
            for kind, c in self.summary.items()
        ]
        t = self.totals
        total = [t["resources_added"], t["resources_removed"], t["resources_changed"]]
        return [*rows, ["all kinds", *(str(n) for n in total)]]

    def _counts_line(self) -> str:
        t = self.totals
        return (
            f"verification levels: {t['levels_raised']} raised, {t['levels_lowered']} lowered; "
            f"sources: {t['sources_added']} added, {t['sources_removed']} removed; "
            f"facts changed: {t['facts_changed']}; "
            f"triples: {t['triples_added']} added, {t['triples_removed']} removed"
        )

    def _text(self) -> str:
        out = [f"tradegraph diff: {self.old} -> {self.new}"]
        out += [f"note: {note}" for note in self.notes]
        if self.empty:
            return "\n".join([*out, "no changes"]) + "\n"
        out += ["", aligned(["kind", "added", "removed", "changed"], self._summary_rows())]
        out += ["", self._counts_line()]
        for title, resources in (("added", self.added), ("removed", self.removed)):
            if resources:
                out += ["", f"{title}:"]
                out += [f"  {r.kind}: {r.shown}" for r in resources]
        if self.changed:
            out += ["", "changed:"]
            for change in self.changed:
                out.append(f"  {change.resource.kind}: {change.resource.shown}")
                out += [f"    {line}" for line in change.lines]
        return "\n".join(out) + "\n"

    def markdown(self, heading: str | None = None, level: int = 1) -> str:
        """The diff as a Markdown document (a changelog): headings from `level` down."""
        h = "#" * level
        out = [f"{h} {heading or f'Changes from {self.old} to {self.new}'}", ""]
        out += [f"Note: {note}\n" for note in self.notes]
        if self.empty:
            return "\n".join([*out, "No changes."]) + "\n"
        out += [f"{h}# Summary", ""]
        out.append(markdown_table(["kind", "added", "removed", "changed"], self._summary_rows()))
        out += [self._counts_line().capitalize() + ".", ""]
        for title, resources in (("Added", self.added), ("Removed", self.removed)):
            if resources:
                out += [f"{h}# {title}", ""]
                out += [f"- {_md(r.kind)}: {_md_resource(r)}" for r in resources]
                out.append("")
        if self.changed:
            out += [f"{h}# Changed", ""]
            for change in self.changed:
                out.append(f"- {_md(change.resource.kind)}: {_md_resource(change.resource)}")
                out += [f"  - {_md(line)}" for line in change.lines]
            out.append("")
        return "\n".join(out).rstrip("\n") + "\n"


def _md(text: str) -> str:
    """Text safe in a Markdown list item: no line breaks, no markup characters acting."""
    escaped = "".join(f"\\{c}" if c in "\\`*_[]<|" else c for c in text)
    return " ".join(escaped.split())


def _md_resource(resource: Resource) -> str:
    iri = f"`{compact(resource.iri)}`"
    return f"**{_md(resource.label)}** ({iri})" if resource.label else iri


def compare(old: Snapshot, new: Snapshot, vocabulary: Iterable[Triple] = ()) -> Diff:
    """The changes from old to new; labels of terms neither side labels come from vocabulary."""
    notes: list[str] = []
    old_triples, new_triples = old.triples, new.triples
    if _has_blank_nodes(old_triples) or _has_blank_nodes(new_triples):
        old_triples, new_triples = _canonical(old_triples), _canonical(new_triples)
        notes.append("blank nodes compared by what they say (named by a hash of their triples)")
    removed_triples = old_triples - new_triples
    added_triples = new_triples - old_triples
    vocabulary = list(vocabulary)
    names = _Names([new_triples, old_triples, vocabulary])
    old_subjects = _by_subject(old_triples)
    new_subjects = _by_subject(new_triples)
    touched = {t[0] for t in removed_triples} | {t[0] for t in added_triples}
    added, removed, changed = [], [], []
    for subject in touched:
        before, after = old_subjects.get(subject, {}), new_subjects.get(subject, {})
        if not before:
            added.append(names.resource(subject, after))
        elif not after:
            removed.append(names.resource(subject, before))
        else:
            changed.append(_changes(names.resource(subject, after), before, after, names))
    order = _resource_order
    return Diff(
        old=old.name,
        new=new.name,
        added=tuple(sorted(added, key=order)),
        removed=tuple(sorted(removed, key=order)),
        changed=tuple(sorted(changed, key=lambda c: order(c.resource))),
        triples_added=len(added_triples),
        triples_removed=len(removed_triples),
        notes=tuple(notes),
    )


Properties = Mapping[str, frozenset[Term]]


def _by_subject(triples: Iterable[Triple]) -> dict[Term, Properties]:
    grouped: dict[Term, dict[str, set[Term]]] = defaultdict(lambda: defaultdict(set))
    for subject, predicate, obj in triples:
        grouped[subject][predicate.value].add(obj)
    return {s: {p: frozenset(o) for p, o in props.items()} for s, props in grouped.items()}


def _changes(
    resource: Resource, before: Properties, after: Properties, names: _Names
) -> ResourceChange:
    level = None
    sources: list[SourceChange] = []
    facts: list[FactChange] = []
    for prop in sorted(before.keys() | after.keys()):
        old, new = before.get(prop, frozenset()), after.get(prop, frozenset())
        if old == new:
            continue
        if prop == _LEVEL and level is None:
            level = names.level_change(old, new)
            if level is not None:
                continue
        if prop in _SOURCES:
            label = names.label(prop)
            sources += [SourceChange(prop, label, t.value, False) for t in _sorted_terms(old - new)]
            sources += [SourceChange(prop, label, t.value, True) for t in _sorted_terms(new - old)]
            continue
        facts.append(
            FactChange(
                prop,
                names.label(prop),
                names.values(old - new),
                names.values(new - old),
            )
        )
    facts.sort(key=lambda f: (f.label, f.property))
    return ResourceChange(resource, level, tuple(sources), tuple(facts))


def _sorted_terms(terms: Iterable[Term]) -> list[Term]:
    return sorted(terms, key=str)


def _resource_order(resource: Resource) -> tuple[str, str, str]:
    return (resource.kind, resource.label.casefold(), resource.iri)


class _Names:
    """Labels and level ranks, looked up in the sides' triples, first side first."""

    def __init__(self, sides: list[Iterable[Triple]]) -> None:
        self._labels: dict[str, tuple[int, int, str]] = {}
        self._ranks: dict[str, int] = {}
        for rank, triples in enumerate(sides):
            for subject, predicate, obj in triples:
                if not isinstance(obj, ox.Literal) or isinstance(subject, ox.Literal):
                    continue
                weight = _LABELS.get(predicate.value)
                if weight is not None:
                    english = 0 if (obj.language or "en").startswith("en") else 1
                    key = (rank, weight, english, obj.value)
                    if key < self._labels.get(subject.value, (99,)):
                        self._labels[subject.value] = key
                elif predicate.value == _NOTATION and obj.value.isdigit():
                    self._ranks.setdefault(subject.value, int(obj.value))

    def label(self, iri: str) -> str:
        found = self._labels.get(iri)
        return found[-1] if found else compact(iri)

    def resource(self, subject: Term, props: Properties) -> Resource:
        found = self._labels.get(subject.value)
        label = found[-1] if found else ""
        types = _sorted_terms(props.get(_RDF_TYPE, ()))
        kind = " and ".join(sorted(self.label(t.value) for t in types)) or "untyped"
        iri = subject.value if isinstance(subject, ox.NamedNode) else str(subject)
        return Resource(iri, label, kind)

    def value(self, term: Term) -> Value:
        if isinstance(term, ox.NamedNode):
            text = self.label(term.value)
        elif isinstance(term, ox.BlankNode):
            found = self._labels.get(term.value)
            text = found[-1] if found else str(term)
        elif isinstance(term, ox.Literal):
            language = term.language
            english = not language or language.startswith("en")
            text = term.value if english else f"{term.value} ({language})"
        return Value(text, str(term))

    def values(self, terms: Iterable[Term]) -> tuple[Value, ...]:
        return tuple(sorted((self.value(t) for t in terms), key=lambda v: (v.text, v.rdf)))

    def level_change(self, old: frozenset[Term], new: frozenset[Term]) -> LevelChange | None:
        """A raised or lowered level: one level on each side, both ranked."""
        if len(old) != 1 or len(new) != 1:
            return None
        (before,), (after,) = old, new
        ranks = [self._ranks.get(term.value) for term in (before, after)]
        if None in ranks or ranks[0] == ranks[1]:
            return None
        return LevelChange(self.value(before), self.value(after), raised=ranks[1] < ranks[0])


def _has_blank_nodes(triples: Iterable[Triple]) -> bool:
    return any(isinstance(s, ox.BlankNode) or isinstance(o, ox.BlankNode) for s, _, o in triples)


def _canonical(triples: frozenset[Triple]) -> frozenset[Triple]:
    """The triples with each blank node named by a hash of what it says: its properties and
    values, nested blank nodes by their own names (a cycle back to a node as a marker)."""
    said: dict[Term, list[tuple[Term, Term]]] = defaultdict(list)
    for subject, predicate, obj in triples:
        if isinstance(subject, ox.BlankNode):
            said[subject].append((predicate, obj))
    names: dict[Term, ox.BlankNode] = {}

    def name(node: Term, path: frozenset[Term]) -> Term:
        if not isinstance(node, ox.BlankNode):
            return node
        if node in names:
            return names[node]
        if node in path:
            return ox.Literal("(cycle)")
        inner = path | {node}
        lines = sorted(f"{p} {name(o, inner)}" for p, o in said.get(node, ()))
        digest = hashlib.sha256("\n".join(lines).encode()).hexdigest()[:16]
        names[node] = ox.BlankNode(f"h{digest}")
        return names[node]

    none: frozenset[Term] = frozenset()
    return frozenset((name(s, none), p, name(o, none)) for s, p, o in triples)


def read_side(layout: Layout, spec: str) -> Snapshot:
    """One side of a diff: an RDF file (an export) when spec names one, else a git revision
    of the checkout, whose files are extracted and read by the one parse."""
    from tradegraph.parse import parse_rdf_file

    if Path(spec).is_file():
        return snapshot(spec, parse_rdf_file(Path(spec)).quads())
    return revision_snapshot(layout, spec)


def revision_snapshot(layout: Layout, revision: str) -> Snapshot:
    """The graph (ontology, vocabularies, data) as it was in a git revision."""
    from tradegraph import git
    from tradegraph.parse import read_graph

    commit = git.resolve(layout.root, revision)
    with tempfile.TemporaryDirectory(prefix="tradegraph-diff-") as folder:
        root = git.extract(layout.root, commit, layout.graph_dirs, Path(folder))
        try:
            parsed = read_graph(Layout(root))
        except InputError as exc:  # name the file as git does: REV:path
            raise InputError(exc.message.replace(f"{root}/", f"{revision}:")) from None
        quads = list(parsed.quads())
    shown = revision if commit.startswith(revision) else f"{revision} ({commit[:7]})"
    return snapshot(shown, quads)
