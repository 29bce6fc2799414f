"""Output files (`export -o`, and every write through layout.write_atomic): a symlink is
followed (its target rewritten, the link kept), a FIFO, device or directory is refused, the mode
of an existing file is kept, and a write that cannot happen is one line, exit 2, with nothing
half-written left behind."""

from __future__ import annotations

import os
import stat

import pytest

from tradegraph.errors import InputError
from tradegraph.files import write_atomic, write_folder_atomic


def _leftovers(directory) -> list[str]:
    return sorted(name for name in os.listdir(directory) if name.endswith(".tmp"))


def _one_line_error(result, name: str) -> None:
    assert result.exit_code == 2, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("tradegraph: error: "), result.output
    assert name in lines[0] and "Traceback" not in result.output


def test_export_onto_a_symlink_writes_its_target_and_keeps_the_link(invoke, tmp_path):
    target = tmp_path / "real.ttl"
    target.write_text("old\n", encoding="utf-8")
    target.chmod(0o640)
    link = tmp_path / "link.ttl"
    link.symlink_to("real.ttl")
    result = invoke("export", "--format", "nt", "-o", str(link))
    assert result.exit_code == 0, result.output
    assert link.is_symlink() and os.readlink(link) == "real.ttl"
    assert target.read_text(encoding="utf-8").startswith("<https://")
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert _leftovers(tmp_path) == []


def test_a_symlink_into_another_directory_is_written_there(tmp_path):
    (tmp_path / "elsewhere").mkdir()
    target = tmp_path / "elsewhere" / "real.txt"
    target.write_text("old", encoding="utf-8")
    link = tmp_path / "link.txt"
    link.symlink_to(target)
    write_atomic(link, "new")
    assert link.is_symlink() and target.read_text(encoding="utf-8") == "new"
    assert _leftovers(tmp_path) == [] and _leftovers(tmp_path / "elsewhere") == []


def test_a_dangling_symlink_creates_its_target(tmp_path):
    link = tmp_path / "link.txt"
    link.symlink_to("missing.txt")
    write_atomic(link, "new")
    assert link.is_symlink() and (tmp_path / "missing.txt").read_text(encoding="utf-8") == "new"


def test_export_onto_a_fifo_is_refused(invoke, tmp_path):
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    result = invoke("export", "--format", "nt", "-o", str(fifo))
    _one_line_error(result, str(fifo))
    assert "FIFO" in result.output
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert _leftovers(tmp_path) == []


@pytest.mark.parametrize("kind", ["directory", "device", "link to a device", "link to a FIFO"])
def test_non_regular_targets_are_refused_not_replaced(tmp_path, kind):
    if kind == "directory":
        path = tmp_path / "dir"
        path.mkdir()
    elif kind == "device":
        # A device node of our own: never aim a write at the real /dev/null, which an unfixed
        # write_atomic would replace with a regular file.
        path = tmp_path / "null"
        try:
            os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, 3))
        except OSError:
            pytest.skip("cannot create a device node here")
    elif kind == "link to a device":
        path = tmp_path / "null"
        path.symlink_to("/dev/null")
    else:
        os.mkfifo(tmp_path / "fifo")
        path = tmp_path / "link"
        path.symlink_to("fifo")
    with pytest.raises(InputError, match="not a regular file") as caught:
        write_atomic(path, "text")
    assert str(path) in caught.value.message and "\n" not in caught.value.message
    assert os.path.lexists(path) and _leftovers(tmp_path) == []
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_export_under_a_regular_file_is_one_line_and_writes_nothing(invoke, tmp_path):
    (tmp_path / "somefile.txt").write_text("keep", encoding="utf-8")
    output = tmp_path / "somefile.txt" / "out.ttl"
    result = invoke("export", "--format", "nt", "-o", str(output))
    _one_line_error(result, str(output))
    assert (tmp_path / "somefile.txt").read_text(encoding="utf-8") == "keep"
    assert _leftovers(tmp_path) == []


def test_export_into_a_missing_directory_is_one_line(invoke, tmp_path):
    output = tmp_path / "missing" / "out.ttl"
    result = invoke("export", "--format", "nt", "-o", str(output))
    _one_line_error(result, str(output))
    assert not (tmp_path / "missing").exists()


def test_an_unwritable_directory_is_one_line_even_for_root(tmp_path, monkeypatch):
    """As if the directory refused new files (a 0555 directory for anyone but root)."""

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied", str(tmp_path))

    monkeypatch.setattr("tempfile.mkstemp", refuse)
    with pytest.raises(InputError, match=r"out\.ttl: cannot write: Permission denied$"):
        write_atomic(tmp_path / "out.ttl", "text")
    assert os.listdir(tmp_path) == []


@pytest.mark.parametrize("fault", [OSError(28, "No space left on device"), KeyboardInterrupt()])
def test_a_failed_write_leaves_the_old_file_and_no_temporary_file(tmp_path, monkeypatch, fault):
    path = tmp_path / "out.ttl"
    path.write_text("old", encoding="utf-8")

    def fail(*args, **kwargs):
        raise fault

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(InputError if isinstance(fault, OSError) else KeyboardInterrupt):
        write_atomic(path, "new")
    assert path.read_text(encoding="utf-8") == "old"
    assert os.listdir(tmp_path) == ["out.ttl"]


def test_text_that_cannot_be_encoded_is_one_line_and_leaves_nothing(tmp_path):
    with pytest.raises(InputError, match="cannot write"):
        write_atomic(tmp_path / "out.ttl", "bad \udcff surrogate")
    assert os.listdir(tmp_path) == []


def test_modes_existing_kept_new_from_the_umask(tmp_path):
    old = tmp_path / "old.txt"
    old.write_text("old", encoding="utf-8")
    old.chmod(0o604)
    write_atomic(old, "new")
    assert stat.S_IMODE(old.stat().st_mode) == 0o604
    umask = os.umask(0o027)
    try:
        write_atomic(tmp_path / "new.txt", "new")
    finally:
        os.umask(umask)
    assert stat.S_IMODE((tmp_path / "new.txt").stat().st_mode) == 0o640


def test_a_folder_is_replaced_whole_and_only_when_it_holds_the_marker(tmp_path):
    out = tmp_path / "out"
    write_folder_atomic(out, {"a.csv": b"1\n", "sub/b.txt": b"2"}, ".marker", "a test folder")
    assert sorted(p.name for p in out.rglob("*")) == [".marker", "a.csv", "b.txt", "sub"]
    write_folder_atomic(out, {"c.csv": b"3\n"}, ".marker", "a test folder")
    assert sorted(p.name for p in out.iterdir()) == [".marker", "c.csv"]
    assert sorted(os.listdir(tmp_path)) == ["out"]  # no staging or retired folder left
    assert (out / ".marker").read_text(encoding="utf-8") == "a test folder\n"
    write_folder_atomic(out, {".marker": b"its own words\n"}, ".marker", "a test folder")
    assert (out / ".marker").read_bytes() == b"its own words\n"
    other = tmp_path / "mine"
    other.mkdir()
    (other / "notes.txt").write_text("keep", encoding="utf-8")
    with pytest.raises(
        InputError, match=r"mine: a folder that is not a test folder \(no \.marker\); not replaced$"
    ):
        write_folder_atomic(other, {"c.csv": b"3"}, ".marker", "a test folder")
    assert os.listdir(other) == ["notes.txt"]
    (tmp_path / "file").write_text("x", encoding="utf-8")
    with pytest.raises(InputError, match="not a directory"):
        write_folder_atomic(tmp_path / "file", {}, ".marker", "a test folder")
    with pytest.raises(InputError, match=r"does not exist$"):
        write_folder_atomic(tmp_path / "missing" / "out", {}, ".marker", "a test folder")


@pytest.mark.parametrize("fault", [OSError(28, "No space left on device"), KeyboardInterrupt()])
def test_a_failed_folder_swap_keeps_the_old_folder_and_leaves_nothing(tmp_path, monkeypatch, fault):
    out = tmp_path / "out"
    write_folder_atomic(out, {"a.csv": b"old"}, ".marker", "a test folder")
    real = os.replace
    calls = []

    def fail_second(src, dst):
        calls.append(dst)
        if len(calls) == 2:  # the old folder is already aside: the new one fails to move in
            raise fault
        real(src, dst)

    monkeypatch.setattr(os, "replace", fail_second)
    with pytest.raises(InputError if isinstance(fault, OSError) else KeyboardInterrupt):
        write_folder_atomic(out, {"a.csv": b"new"}, ".marker", "a test folder")
    assert (out / "a.csv").read_bytes() == b"old"
    assert os.listdir(tmp_path) == ["out"]
