"""A damaged cached store (files overwritten, truncated or deleted) is detected, removed and
rebuilt: the query answers as before, with no traceback; a failed build leaves nothing behind."""

from __future__ import annotations

import dataclasses
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tradegraph.catalogue import load_catalogue
from tradegraph.engines.cache import MARKER, open_store
from tradegraph.errors import InputError
from tradegraph.parse import Parsed
from tradegraph.sparql import run

from .helpers import ROOT

TRADEGRAPH = Path(sys.executable).with_name("tradegraph")


def _query(cache: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "TRADEGRAPH_CACHE_DIR": str(cache)}
    return subprocess.run(
        [str(TRADEGRAPH), "--root", str(ROOT), "query", "jsi-timeline"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


@pytest.fixture(scope="module")
def pristine(tmp_path_factory) -> tuple[Path, str]:
    """A cache holding a freshly built store, and the query's output on it."""
    cache = tmp_path_factory.mktemp("pristine-cache")
    result = _query(cache)
    assert result.returncode == 0, result.stderr
    return cache, result.stdout


@pytest.fixture()
def cache(pristine, tmp_path) -> Path:
    """A copy of the pristine cache, for a test to damage."""
    copy = tmp_path / "cache"
    shutil.copytree(pristine[0], copy, symlinks=True)
    return copy


def _store(cache: Path) -> Path:
    (path,) = cache.glob("store-*")
    return path


def _overwrite_every_file(db: Path) -> None:
    for path in db.iterdir():
        path.write_bytes(os.urandom(max(path.stat().st_size, 64)))


def _delete_first_sst(db: Path) -> None:
    min(db.glob("*.sst")).unlink()


def _delete_largest_sst(db: Path) -> None:
    max(db.glob("*.sst"), key=lambda path: path.stat().st_size).unlink()


def _scribble_in_every_sst(db: Path) -> None:
    """Garbage inside the files, their footers intact: found on opening or by the query."""
    for path in db.glob("*.sst"):
        size = path.stat().st_size
        with path.open("r+b") as handle:
            for offset in range(0, max(size - 4096, 1), 4096):
                handle.seek(offset)
                handle.write(os.urandom(64))


def _truncate_manifest(db: Path) -> None:
    """Opens fine, as an empty database: the triple count in the marker tells."""
    for path in db.glob("MANIFEST-*"):
        os.truncate(path, path.stat().st_size // 2)


def _delete_current(db: Path) -> None:
    (db / "CURRENT").unlink()


def _delete_db(db: Path) -> None:
    shutil.rmtree(db)


DAMAGE = {
    "every file overwritten with random bytes": _overwrite_every_file,
    "first SST deleted": _delete_first_sst,
    "largest SST deleted": _delete_largest_sst,
    "garbage inside every SST": _scribble_in_every_sst,
    "MANIFEST truncated": _truncate_manifest,
    "CURRENT deleted": _delete_current,
    "database deleted": _delete_db,
}


@pytest.mark.parametrize("damage", DAMAGE)
def test_a_damaged_store_is_rebuilt_and_answers_as_before(pristine, cache, damage):
    DAMAGE[damage](_store(cache) / "db")
    result = _query(cache)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr and result.stderr == ""
    assert result.stdout == pristine[1]
    assert [path.name for path in cache.glob(".build-*")] == []
    again = _query(cache)  # and the rebuilt store serves the next query
    assert again.returncode == 0 and again.stdout == pristine[1] and again.stderr == ""


@pytest.mark.parametrize("size", [0, 10])
def test_a_truncated_marker_means_a_rebuild(pristine, cache, size):
    marker = _store(cache) / MARKER
    os.truncate(marker, size)
    result = _query(cache)
    assert result.returncode == 0 and result.stderr == ""
    assert result.stdout == pristine[1]
    assert '"fingerprint"' in marker.read_text(encoding="utf-8")


@pytest.mark.parametrize("text", ["[]", '"x"', '{"fingerprint": 1}', "null"])
def test_a_marker_that_is_not_the_expected_object_means_a_rebuild(pristine, cache, text):
    (_store(cache) / MARKER).write_text(text, encoding="utf-8")
    result = _query(cache)
    assert result.returncode == 0 and result.stderr == ""
    assert result.stdout == pristine[1]


class _DamagedStore:
    """Stands for a store whose damage only a query reaches (the database opened fine)."""

    def __init__(self, message: str) -> None:
        self.message = message
        self.calls = 0

    def query(self, *args, **kwargs):
        self.calls += 1
        raise RuntimeError(self.message)

    def dump(self, *args, **kwargs):
        self.calls += 1
        raise RuntimeError(self.message)


def test_damage_found_by_a_query_rebuilds_and_runs_it_again(copy):
    cached = open_store(copy)
    query = load_catalogue(copy)["jsi-timeline"]
    expected = run(query, cached.engine(), {}, ())
    damaged = dataclasses.replace(cached, store=_DamagedStore("Corruption: block checksum"))
    assert run(query, damaged.engine(), {}, ()) == expected
    assert damaged.ntriples() == cached.ntriples()
    assert damaged.store.calls == 2
    assert list((copy.root.parent / "cache").glob(".build-*")) == []


def test_an_error_that_is_not_damage_is_not_mistaken_for_it(copy):
    cached = open_store(copy)
    damaged = dataclasses.replace(cached, store=_DamagedStore("something else"))
    with pytest.raises(RuntimeError, match="something else"):
        damaged.engine().select("SELECT * WHERE { ?s ?p ?o } LIMIT 1")
    assert (cached.path / MARKER).is_file()  # not rebuilt


def test_a_failed_build_leaves_no_build_folder(copy):
    bad = copy.data_dir / "bad.ttl"
    bad.write_text('@prefix ex: <http://example.org/> .\nex:a ex:b "open\n', encoding="utf-8")
    with pytest.raises(InputError, match=r"bad\.ttl"):
        open_store(copy)
    cache = copy.root.parent / "cache"
    assert not cache.exists() or list(cache.iterdir()) == []


@pytest.mark.parametrize("fault", [KeyboardInterrupt, SystemExit, ValueError])
def test_an_interrupted_build_leaves_no_build_folder(copy, monkeypatch, fault):
    def interrupted(graph, name=None):
        yield from ()
        raise fault("stop")

    monkeypatch.setattr(Parsed, "quads", interrupted)
    with pytest.raises(InputError if fault is ValueError else fault):
        open_store(copy)
    assert list((copy.root.parent / "cache").iterdir()) == []


def _start_query(cache: Path) -> subprocess.Popen:
    env = {**os.environ, "TRADEGRAPH_CACHE_DIR": str(cache)}
    return subprocess.Popen(
        [str(TRADEGRAPH), "--root", str(ROOT), "query", "jsi-timeline", "--format", "csv"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def test_eight_processes_on_a_cold_cache_agree(tmp_path):
    processes = [_start_query(tmp_path / "cache") for _ in range(8)]
    results = [process.communicate(timeout=120) for process in processes]
    assert [process.returncode for process in processes] == [0] * 8
    outputs = {out for out, _err in results}
    assert len(outputs) == 1 and outputs.pop().count(b"\n") > 5
    assert all(b"Traceback" not in err for _out, err in results)
    assert not list((tmp_path / "cache").glob(".build-*"))


def test_a_build_racing_cache_clear_answers_or_fails_cleanly(tmp_path):
    env = {**os.environ, "TRADEGRAPH_CACHE_DIR": str(tmp_path / "cache")}
    clear = [str(TRADEGRAPH), "cache", "clear"]
    queries = [_start_query(tmp_path / "cache") for _ in range(4)]
    for _ in range(5):
        subprocess.run(clear, env=env, capture_output=True, check=True, timeout=60)
    for process in queries:
        out, err = process.communicate(timeout=120)
        assert b"Traceback" not in err
        assert process.returncode in (0, 2), err
        if process.returncode == 0:
            assert out.count(b"\n") > 5
        else:
            assert len(err.decode().splitlines()) == 1
    # And afterwards a query works.
    final = _start_query(tmp_path / "cache")
    out, err = final.communicate(timeout=120)
    assert final.returncode == 0, err
