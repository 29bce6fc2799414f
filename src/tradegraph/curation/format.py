"""Canonical Turtle for the files curators edit, so git diffs show only real changes: the file's
leading comment block (what it holds and where it comes from, for reviewers), then its triples in
canonical Turtle. Canonical Turtle has no place for a comment between triples, so a file with
comments further down (the ontology's section notes) is not rewritten unless the caller agrees
to drop them: its comments are never lost silently."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from tradegraph.errors import InputError
from tradegraph.files import read_text, write_atomic
from tradegraph.parse import expand_paths, load_files
from tradegraph.publish.export import canonical_turtle


@dataclass(frozen=True)
class Canonical:
    text: str  # the file's canonical text
    comment_line: int | None  # the first comment after the leading block, which text drops


def canonical_file(path: Path) -> Canonical:
    """The canonical text of one Turtle file (see the module's docstring)."""
    lines = read_text(path).splitlines()
    header = []
    for line in lines:
        if not line.startswith("#"):
            break
        header.append(line)
    later = (n for n, line in enumerate(lines[len(header) :], len(header) + 1) if _comment(line))
    body = canonical_turtle(load_files([path]))
    text = ("\n".join(header) + "\n\n" if header else "") + body.lstrip("\n")
    return Canonical(text, next(later, None))


def _comment(line: str) -> bool:
    """Whether the line looks like a comment line. A line of a multi-line string starting with
    '#' looks like one too: that file is then only rewritten when comments may be dropped, the
    safe side."""
    return line.lstrip().startswith("#")


def format_files(
    paths: list[Path], check: bool, drop_comments: bool = False
) -> tuple[list[Path], list[Path]]:
    """The files (directories: the .ttl files below them) and those that are not canonical,
    which are rewritten atomically unless check is set. A file with comments after its leading
    block is refused (InputError naming the line) unless drop_comments, before any file is
    written."""
    files = expand_paths(paths)
    changed = {}
    for path in files:
        canonical = canonical_file(path)
        if canonical.text != read_text(path):
            changed[path] = canonical
    if not check and not drop_comments:
        for path, canonical in changed.items():
            if canonical.comment_line is not None:
                raise InputError(
                    f"{path}:{canonical.comment_line}: a comment after the leading comment "
                    "block, which canonical Turtle would drop; nothing was rewritten (move it "
                    "into the header, or pass --drop-comments)"
                )
    if not check:
        for path, canonical in changed.items():
            write_atomic(path, canonical.text)
    return files, list(changed)
