"""What every engine answers: a ResultTable of pyoxigraph terms, whichever engine computed it,
so the query path, the renderers and the tests compare rows across engines directly."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from tradegraph.terms import Term


@dataclass(frozen=True)
class ResultTable:
    """A SELECT result: column names and rows of terms (None where unbound)."""

    columns: list[str]
    rows: list[tuple[Term | None, ...]]

    def head(self, limit: int | None) -> ResultTable:
        """The first `limit` rows (all of them when limit is None)."""
        return self if limit is None else ResultTable(self.columns, self.rows[:limit])


class Engine(Protocol):
    """Something that answers SELECT queries: engines.oxigraph.OxigraphEngine (a pyoxigraph
    store, e.g. the cache), engines.rdflib_graph.GraphEngine (an rdflib graph),
    engines.remote.RemoteEngine (a SPARQL endpoint)."""

    def select(self, text: str) -> ResultTable: ...
