"""The checkout's git history, read through the git command: revisions resolved, release tags
found, and a revision's files extracted into a folder (git archive), so that the graph of any
revision is read by the same one parse as the working tree's."""

from __future__ import annotations

import io
import subprocess
import tarfile
from pathlib import Path

from tradegraph.errors import InputError, UsageError, cut, one_line

TAG_PATTERN = "v*"  # release tags: v0.1.0 for release 0.1.0


def _git(root: Path, *arguments: str) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(
            ["git", "-C", str(root), *arguments], capture_output=True, check=False
        )
    except FileNotFoundError:
        raise InputError("git is not installed: a revision cannot be read") from None


def toplevel(root: Path) -> Path:
    """The top of the git work tree holding root; an InputError when root is in none."""
    done = _git(root, "rev-parse", "--show-toplevel")
    if done.returncode != 0:
        raise InputError(f"{root}: not a git checkout, so it has no revisions to compare")
    return Path(done.stdout.decode().strip())


def resolve(root: Path, revision: str) -> str:
    """The commit a revision names (a tag, branch, hash, HEAD~2, ...), as its full hash."""
    toplevel(root)
    if not revision.strip() or revision.startswith("-"):
        raise UsageError(f"revision '{cut(revision, 80)}': not a revision name")
    done = _git(root, "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}")
    if done.returncode != 0:
        raise UsageError(
            f"revision '{cut(one_line(revision), 80)}': no such commit, tag or branch in {root} "
            "(and no such file)"
        )
    return done.stdout.decode().strip()


def latest_tag(root: Path, revision: str = "HEAD", exclude: str | None = None) -> str | None:
    """The release tag (v*) nearest to the revision in its history, other than exclude; None
    when there is none."""
    toplevel(root)
    arguments = ["describe", "--tags", "--abbrev=0", f"--match={TAG_PATTERN}"]
    if exclude:
        arguments.append(f"--exclude={exclude}")
    done = _git(root, *arguments, revision)
    if done.returncode != 0:  # no tag matches
        return None
    return done.stdout.decode().strip() or None


def extract(root: Path, commit: str, paths: list[Path], into: Path) -> Path:
    """The files under paths (inside root) as they were in the commit, written below into;
    returns the folder that stands for root there. A path the commit lacks is left out."""
    top = toplevel(root).resolve()
    prefix = root.resolve().relative_to(top)
    names = [(prefix / Path(p).resolve().relative_to(root.resolve())).as_posix() for p in paths]
    listed = _git(top, "ls-tree", "--name-only", commit, "--", *names)
    present = listed.stdout.decode().split()
    if present:
        done = _git(top, "archive", "--format=tar", commit, "--", *present)
        if done.returncode != 0:
            message = one_line(done.stderr.decode(errors="replace"))
            raise InputError(f"{commit[:12]}: git archive failed: {cut(message, 200)}")
        with tarfile.open(fileobj=io.BytesIO(done.stdout)) as archive:
            archive.extractall(into, filter="data")
    return into / prefix
