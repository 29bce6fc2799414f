"""Where tradegraph's files live: the layout of a checkout (ontology, shapes, data, queries) and
the cache directory. The only module that knows a path."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from tradegraph.errors import InputError

ROOT_ENV = "TRADEGRAPH_ROOT"
CACHE_ENV = "TRADEGRAPH_CACHE_DIR"
_MARKER = Path("ontology") / "tradegraph.ttl"


@dataclass(frozen=True)
class Layout:
    """A checkout of the tradegraph repository: ontology, shapes, data and stored queries."""

    root: Path

    @property
    def ontology_files(self) -> list[Path]:
        """The ontology and its concept schemes (not the shapes)."""
        return [self.root / "ontology" / "tradegraph.ttl", self.root / "ontology" / "concepts.ttl"]

    @property
    def graph_dirs(self) -> list[Path]:
        """The folders the graph is read from: what a git revision's graph is extracted from."""
        return [self.root / "ontology", self.data_dir]

    @property
    def shapes_file(self) -> Path:
        return self.root / "ontology" / "shapes.ttl"

    @property
    def context_file(self) -> Path:
        """The JSON-LD context that JSON-LD exports are compacted with."""
        return self.root / "ontology" / "context.jsonld"

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    @property
    def data_files(self) -> list[Path]:
        return sorted(self.data_dir.rglob("*.ttl"))

    @property
    def curated_agreement_files(self) -> list[Path]:
        return sorted((self.data_dir / "agreements").glob("*.ttl"))

    @property
    def publishers_file(self) -> Path:
        """The publishers of texts, with their URL prefixes and kinds (the verification rule)."""
        return self.data_dir / "publishers.ttl"

    @property
    def official_texts_file(self) -> Path:
        """Where the curated agreements' official texts live (and any census agreement's that a
        curator located; the census leaves those alone)."""
        return self.data_dir / "official-texts.ttl"

    @property
    def census_dir(self) -> Path:
        """The census importer's output: one file per agreement, regenerated, never edited."""
        return self.data_dir / "census"

    @property
    def census_readings_file(self) -> Path:
        """The curators' readings of the census screen's hits, the importer's curated input."""
        return self.data_dir / "readings" / "census-screen.yaml"

    @property
    def countries_file(self) -> Path:
        return self.data_dir / "countries.ttl"

    @property
    def links_dir(self) -> Path:
        return self.data_dir / "links"

    @property
    def wikidata_linkset(self) -> Path:
        return self.links_dir / "wikidata-countries.ttl"

    @property
    def eu_countries_linkset(self) -> Path:
        return self.links_dir / "eu-countries.ttl"

    @property
    def queries_dir(self) -> Path:
        return self.root / "queries"

    @property
    def checks_dir(self) -> Path:
        return self.queries_dir / "checks"

    @property
    def query_files(self) -> list[Path]:
        return sorted(self.queries_dir.glob("*.rq"))

    @property
    def site_dir(self) -> Path:
        """Where `tradegraph report` writes the HTML report by default (not committed)."""
        return self.root / "site"

    @property
    def tables_dir(self) -> Path:
        """Where `tradegraph tables` writes the tables by default (not committed)."""
        return self.root / "tables"

    @property
    def dist_dir(self) -> Path:
        """Where `tradegraph release` writes releases, one folder each (not committed)."""
        return self.root / "dist"

    @property
    def check_files(self) -> list[Path]:
        """The violation checks: each fails validation when it returns rows."""
        return sorted(self.checks_dir.glob("*-violation.rq"))


def locate(root: Path | None = None) -> Layout:
    """Find the project: an explicit root, then $TRADEGRAPH_ROOT, then the checkout this package
    was installed from (editable install), then the current directory and its parents."""
    candidates: list[Path] = []
    if root is not None:
        candidates.append(Path(root))
    elif os.environ.get(ROOT_ENV):
        candidates.append(Path(os.environ[ROOT_ENV]))
    else:
        candidates.append(Path(__file__).resolve().parents[2])
        cwd = Path.cwd().resolve()
        candidates.extend([cwd, *cwd.parents])
    for candidate in candidates:
        if (candidate / _MARKER).is_file():
            return Layout(candidate.resolve())
    where = candidates[0] if (root is not None or os.environ.get(ROOT_ENV)) else Path.cwd()
    raise InputError(f"{where}: not a tradegraph project (no {_MARKER}); set {ROOT_ENV}")


def cache_dir() -> Path:
    """$TRADEGRAPH_CACHE_DIR, else the user cache directory ($XDG_CACHE_HOME or ~/.cache)."""
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "tradegraph"
