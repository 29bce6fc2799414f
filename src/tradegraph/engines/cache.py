"""The cached store: the graph built once into an on-disk Oxigraph store and reused by every
query until an input file changes.

The store's directory is named by a hash of every input file (ontology, shapes, data, links,
checks) and of the code that reads them (tradegraph, pyoxigraph, the SHACL engine), so any change
means another directory.
It is built aside and renamed into place only when complete, with a marker file written last:
a missing, half-written or unreadable store is never used, it is rebuilt. So is a damaged one
(files overwritten, truncated or deleted): opening it fails, or it holds another number of
triples than its marker says, or, for damage only a query reaches, the query fails with
RocksDB's "Corruption" or "IO error"; the store is then removed, rebuilt and the query run
again, so no command shows the database's error. Readers open it
read-only, so any number of commands can share it, and so can the Oxigraph server
(`tradegraph serve`). The graph is the named graph <https://w3id.org/tradegraph/dataset>, where
`push` writes it on a server, so one query addresses both the same way."""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import json
import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from tradegraph import __version__
from tradegraph.engines.oxigraph import OxigraphEngine
from tradegraph.engines.result import ResultTable
from tradegraph.errors import InputError, one_line
from tradegraph.files import write_atomic
from tradegraph.prefixes import DATASET
from tradegraph.project import Layout, cache_dir

if TYPE_CHECKING:
    from tradegraph.parse import Parsed

MARKER = "tradegraph-store.json"


def input_files(layout: Layout) -> list[Path]:
    return [*layout.ontology_files, layout.shapes_file, *layout.data_files, *layout.check_files]


def fingerprint(layout: Layout) -> str:
    """A hash of every input file and of the code that reads, validates and stores them (this
    package's source and the versions of pyoxigraph and the SHACL engine), so a changed
    validator never trusts an old store's "validated" mark."""
    digest = hashlib.sha256(f"{code_version()} graph {DATASET}".encode())
    for path in input_files(layout):
        digest.update(path.relative_to(layout.root).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


@functools.cache
def code_version() -> str:
    """tradegraph's version and a hash of its source files, pyoxigraph's version and the
    installed build of the SHACL engine."""
    package = Path(__file__).resolve().parents[1]
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    return (
        f"tradegraph {__version__} {digest.hexdigest()[:16]} pyoxigraph {ox.__version__}"
        f" pyshacl-turbo {_installed_build('pyshacl_turbo')}"
    )


def _installed_build(module: str) -> str:
    """A hash of the names, sizes and times of an installed package's top-level files, so any
    reinstall or upgrade changes it. Neither the package nor importlib.metadata is imported:
    either costs 60-200 ms, paid by every query for a key only compared."""
    spec = importlib.util.find_spec(module)
    if spec is None or not spec.submodule_search_locations:
        return "absent"
    digest = hashlib.sha256()
    for location in spec.submodule_search_locations:
        for entry in sorted(os.scandir(location), key=lambda entry: entry.name):
            if entry.is_file():
                stat = entry.stat()
                digest.update(f"{entry.name} {stat.st_size} {stat.st_mtime_ns}\0".encode())
    return digest.hexdigest()[:16]


@dataclass(frozen=True)
class CachedStore:
    store: ox.Store
    path: Path
    triples: int
    built: bool  # True when this call built it
    validated: bool  # True once validation passed on these inputs (see mark_validated)
    layout: Layout | None = field(default=None, compare=False, repr=False)  # to rebuild

    @property
    def db(self) -> Path:
        """The Oxigraph database directory (what `oxigraph serve-read-only --location` opens)."""
        return self.path / "db"

    def engine(self) -> OxigraphEngine:
        """An engine on the store that, should a query find the store damaged, rebuilds the
        store and runs the query again."""
        return _RecoveringEngine(self)

    def ntriples(self) -> bytes:
        """The graph as N-Triples, straight from the store (what `push` sends)."""
        graph = ox.NamedNode(DATASET)
        try:
            return self.store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=graph)
        except (RuntimeError, OSError) as exc:
            fresh = _recover(self, exc)
            return fresh.store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=graph)


class _RecoveringEngine(OxigraphEngine):
    def __init__(self, cached: CachedStore) -> None:
        super().__init__(cached.store, DATASET)
        self.cached = cached

    def select(self, text: str) -> ResultTable:
        try:
            return super().select(text)
        except (RuntimeError, OSError) as exc:
            self.cached = _recover(self.cached, exc)
            self.store = self.cached.store
        try:
            return super().select(text)
        except (RuntimeError, OSError) as exc:
            if not _is_damage(exc):
                raise
            raise InputError(
                f"{self.cached.path}: the cached store is damaged even after rebuilding it: "
                f"{one_line(str(exc))}"
            ) from None


def _is_damage(exc: BaseException) -> bool:
    """Whether RocksDB (under pyoxigraph) reports damaged or missing files."""
    return isinstance(exc, OSError) or any(
        word in str(exc) for word in ("Corruption", "IO error", "No such file")
    )


def _recover(cached: CachedStore, exc: BaseException) -> CachedStore:
    """The store rebuilt after exc showed it damaged (any other error is raised again)."""
    if not _is_damage(exc) or cached.layout is None:
        raise exc
    _discard(cached.path)
    return open_store(cached.layout)


def mark_validated(cached: CachedStore) -> None:
    """Record that these inputs passed validation. The store's name is a hash of every input,
    shapes and checks included, so the record holds until an input changes; `push` and `serve`
    then skip validating again. The marker is replaced atomically."""
    marker = json.loads((cached.path / MARKER).read_text(encoding="utf-8"))
    write_atomic(cached.path / MARKER, json.dumps({**marker, "validated": True}))


def open_store(layout: Layout, parsed: Callable[[], Parsed] | None = None) -> CachedStore:
    """The project's store, built first if there is none for the current inputs: from the
    graph that `parsed` gives (the caller's one parse, which it may have validated), else from
    a parse of the files now."""
    key = fingerprint(layout)
    root = cache_dir()
    final = root / f"store-{key[:32]}"
    cached = _open(final, key, layout)
    if cached is not None:
        return cached
    _discard(final)  # missing, stale or damaged: never used
    if parsed is None:
        from tradegraph.parse import read_graph

        parsed = functools.partial(read_graph, layout)
    _build(parsed(), root, final, key)
    cached = _open(final, key, layout, built=True)
    if cached is None:
        raise InputError(f"{final}: the cached store could not be opened after building it")
    return cached


def clear() -> list[Path]:
    """Remove every cached store (and any abandoned build); return what was removed."""
    root = cache_dir()
    removed = [
        path
        for path in sorted(root.glob("*"))
        if path.is_dir() and path.name.startswith(("store-", ".build-"))
    ]
    for path in removed:
        shutil.rmtree(path, ignore_errors=True)
    return removed


def _open(path: Path, key: str, layout: Layout, built: bool = False) -> CachedStore | None:
    """The store at path, or None if it is missing, for other inputs, or damaged: its marker
    unreadable, the database failing to open, or holding another number of triples than the
    marker records (a cheap probe, about 10 ms)."""
    try:
        marker = json.loads((path / MARKER).read_text(encoding="utf-8"))
        if not isinstance(marker, dict) or marker.get("fingerprint") != key:
            return None
        triples = int(marker["triples"])
        store = ox.Store.read_only(str(path / "db"))
        if len(store) != triples:
            return None
    except (OSError, ValueError, KeyError, TypeError, RuntimeError):
        return None
    validated = marker.get("validated") is True
    return CachedStore(store, path, triples, built, validated, layout)


def _discard(path: Path) -> None:
    """Remove a store: renamed aside first (to a .build- name, which `cache clear` also
    removes), so no reader opens a half-deleted one."""
    if not path.exists():
        return
    try:
        aside = Path(tempfile.mkdtemp(prefix=".build-discarded-", dir=path.parent))
    except OSError:
        shutil.rmtree(path, ignore_errors=True)
        return
    try:
        os.rename(path, aside / path.name)
    except OSError:
        shutil.rmtree(path, ignore_errors=True)
    shutil.rmtree(aside, ignore_errors=True)


def _build(graph: Parsed, root: Path, final: Path, key: str) -> None:
    """Load the parsed graph into a new store, aside, then swap it into place."""
    try:
        root.mkdir(parents=True, exist_ok=True)
        building = Path(tempfile.mkdtemp(prefix=".build-", dir=root))
    except OSError as exc:
        raise InputError(f"{root}: cannot create the cache directory: {exc}") from None
    try:
        store = ox.Store(str(building / "db"))
        # One bulk load for all files: a load per file writes a batch per file, which took 14 s
        # for the census's 700 files.
        store.bulk_extend(graph.quads(ox.NamedNode(DATASET)))
        store.flush()
        triples = len(store)
        del store
        marker = {"fingerprint": key, "triples": triples}
        (building / MARKER).write_text(json.dumps(marker), encoding="utf-8")
        _swap(building, final)
    except InputError:
        raise
    except Exception as exc:
        raise InputError(f"{final}: cannot build the cached store: {one_line(str(exc))}") from None
    finally:  # whatever happens, even Ctrl-C: no half-built store left behind
        shutil.rmtree(building, ignore_errors=True)


def _swap(building: Path, final: Path) -> None:
    """Move the finished store into place; if another process got there first, keep theirs."""
    try:
        os.rename(building, final)
    except OSError:
        shutil.rmtree(building, ignore_errors=True)
        if not (final / MARKER).is_file():
            raise
