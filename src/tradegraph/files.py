"""Reading and writing the project's files: a missing or unreadable file is one InputError
naming it, and every write is atomic (readers see the old file or the new one, never half)."""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
import tempfile
from collections.abc import Mapping
from pathlib import Path

from tradegraph.errors import InputError


def read_text(path: Path) -> str:
    """A project file's text; a missing or unreadable file is an InputError naming it."""
    try:
        return Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read: {exc}") from None


def write_atomic(path: Path, text: str) -> None:
    """Write text to path so readers see the old file or the new one, never half of one.

    The text goes to a temporary file in the target's directory, which is then renamed onto the
    target; on any failure the temporary file is removed and an InputError names the path.
    An existing file keeps its mode (and, where permitted, its owner); a new one gets the
    umask's mode. A symlink is followed knowingly: its target (resolved, even when it does not
    exist yet) is the file written, so the link stays a link pointing to the new content. A
    target that is not a regular file (a directory, a FIFO, a device, a socket) is refused,
    never replaced. Hard links to the old file keep the old content (the rename gives a new
    file)."""
    path = Path(path)
    target = Path(os.path.realpath(path)) if path.is_symlink() else path
    shown = f"{path} (a link to {target})" if target != path else str(path)
    try:
        info: os.stat_result | None = os.stat(target)
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise InputError(f"{shown}: cannot write: {_reason(exc)}") from None
    if info is not None and not stat.S_ISREG(info.st_mode):
        raise InputError(f"{shown}: not a regular file ({_kind(info.st_mode)}); not replaced")
    directory = target.parent
    if info is None and not directory.is_dir():
        what = "is not a directory" if directory.exists() else "does not exist"
        raise InputError(f"{shown}: directory {directory} {what}")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise InputError(f"{shown}: cannot write: {_reason(exc)}") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            # mkstemp makes the file private: give it the old file's mode, or the umask's.
            if info is not None:
                with contextlib.suppress(OSError):
                    os.fchown(handle.fileno(), info.st_uid, info.st_gid)
                mode = info.st_mode & 0o7777
            else:
                mode = 0o666 & ~umask()
            os.fchmod(handle.fileno(), mode)
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise InputError(f"{shown}: cannot write: {_reason(exc)}") from None
        if isinstance(exc, UnicodeError):
            raise InputError(f"{shown}: cannot write: {exc}") from None
        raise
    _sync_directory(directory)


def check_replaceable(folder: Path, marker: str, what: str) -> None:
    """Refuse to replace folder unless it is missing, empty or one tradegraph wrote (it holds the
    marker file): a file, a folder of something else or a missing parent is an InputError."""
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise InputError(f"{folder}: not a directory; {what} is a folder")
    if folder.is_dir() and any(folder.iterdir()) and not (folder / marker).is_file():
        raise InputError(f"{folder}: a folder that is not {what} (no {marker}); not replaced")
    if not folder.parent.is_dir():
        raise InputError(f"{folder}: directory {folder.parent} does not exist")


def write_folder_atomic(folder: Path, files: Mapping[str, bytes], marker: str, what: str) -> None:
    """Write files (relative path -> content) as the folder, replacing it whole: they are written
    in a folder beside it, the marker last (its content from files, else what), then swapped
    in, so readers see the old folder or the new one and a failed write leaves the old one. A
    folder that check_replaceable refuses is never touched. New files and the folder get the
    umask's modes."""
    folder = Path(folder)
    check_replaceable(folder, marker, what)
    parent = folder.parent
    try:
        staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}-build-", dir=parent))
    except OSError as exc:
        raise InputError(f"{folder}: cannot write {what}: {_reason(exc)}") from None
    retired = parent / f".{folder.name}-old-{os.getpid()}"
    try:
        os.chmod(staging, 0o777 & ~umask())
        stamp = files.get(marker, f"{what}\n".encode())
        rest = sorted((name, content) for name, content in files.items() if name != marker)
        for name, content in [*rest, (marker, stamp)]:
            path = staging / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
        if folder.exists():
            os.replace(folder, retired)
        os.replace(staging, folder)
    except BaseException as exc:
        shutil.rmtree(staging, ignore_errors=True)
        if retired.exists() and not folder.exists():
            with contextlib.suppress(OSError):
                os.replace(retired, folder)
        if isinstance(exc, OSError):
            raise InputError(f"{folder}: cannot write {what}: {_reason(exc)}") from None
        raise
    shutil.rmtree(retired, ignore_errors=True)
    _sync_directory(parent)


def _reason(exc: OSError) -> str:
    """An OSError's reason without its errno and file names (the caller names the file)."""
    return exc.strerror or str(exc)


def _kind(mode: int) -> str:
    kinds = [
        (stat.S_ISDIR, "a directory"),
        (stat.S_ISFIFO, "a FIFO"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
    ]
    return next((name for test, name in kinds if test(mode)), "not a plain file")


def umask() -> int:
    """The process's umask (read from /proc where possible: setting it is not thread-safe)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    umask = os.umask(0o022)
    os.umask(umask)
    return umask


def _sync_directory(directory: Path) -> None:
    """Make the rename durable (best effort: not every system can fsync a directory)."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
